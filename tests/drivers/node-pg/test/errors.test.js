// Transactions and errors as node-postgres reports them: ROLLBACK discards, COMMIT keeps, an
// error aborts the transaction (25P02 until ROLLBACK), and the DatabaseError fields (code,
// constraint, detail, table, column, position) PostgreSQL 15 fills in; the client stays usable
// after every error.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, connect, queryError } = require('../lib/server');

let server;
let client;
let other;

before(async () => {
    server = await startServer();
    client = await connect(server);
    other = await connect(server);
    await client.query('CREATE TABLE acct (id int PRIMARY KEY, email text UNIQUE NOT NULL)');
    await client.query('CREATE TABLE par (id int PRIMARY KEY)');
    await client.query('CREATE TABLE chi (id int PRIMARY KEY, pid int REFERENCES par (id))');
});

after(async () => {
    if (client) await client.end();
    if (other) await other.end();
    if (server) await server.stop();
});

async function stillWorks(c) {
    const r = await c.query('SELECT 1 AS ok');
    assert.deepEqual(r.rows, [{ ok: 1 }]);
}

async function count(c, table) {
    const r = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
    return r.rows[0].n;
}

test('ROLLBACK discards and COMMIT keeps', async () => {
    await client.query('CREATE TABLE tx (v int)');
    let r = await client.query('BEGIN');
    assert.equal(r.command, 'BEGIN');
    await client.query('INSERT INTO tx VALUES (1), (2)');
    assert.equal(await count(client, 'tx'), 2);
    r = await client.query('ROLLBACK');
    assert.equal(r.command, 'ROLLBACK');
    assert.equal(await count(client, 'tx'), 0);
    await client.query('BEGIN');
    await client.query('INSERT INTO tx VALUES ($1)', [3]);
    assert.equal(await count(other, 'tx'), 0, 'uncommitted row visible to another client');
    r = await client.query('COMMIT');
    assert.equal(r.command, 'COMMIT');
    assert.equal(await count(client, 'tx'), 1);
    assert.equal(await count(other, 'tx'), 1);
});

test('an error aborts the transaction until ROLLBACK (25P02)', async () => {
    await client.query('CREATE TABLE tx2 (v int)');
    await client.query('BEGIN');
    await client.query('INSERT INTO tx2 VALUES (1)');
    const e1 = await queryError(client, 'SELECT 1 / 0');
    assert.equal(e1.code, '22012');
    for (const q of ['SELECT 1', 'INSERT INTO tx2 VALUES (2)']) {
        const e = await queryError(client, q);
        assert.equal(e.code, '25P02');
        assert.equal(e.message,
                     'current transaction is aborted, commands ignored until end of transaction block');
    }
    const e3 = await queryError(client, { text: 'SELECT $1::int', values: [5] });
    assert.equal(e3.code, '25P02');
    const rb = await client.query('ROLLBACK');
    assert.equal(rb.command, 'ROLLBACK');
    await stillWorks(client);
    assert.equal(await count(client, 'tx2'), 0);
});

test('COMMIT of a failed transaction rolls it back', async () => {
    await client.query('CREATE TABLE tx3 (v int PRIMARY KEY)');
    await client.query('BEGIN');
    await client.query('INSERT INTO tx3 VALUES (1)');
    await queryError(client, 'INSERT INTO tx3 VALUES (1)');
    const r = await client.query('COMMIT');
    assert.equal(r.command, 'ROLLBACK');
    assert.equal(await count(client, 'tx3'), 0);
});

test('unique violation: 23505 with constraint, detail, table', async () => {
    await client.query("INSERT INTO acct VALUES (1, 'a@example.com')");
    const e = await queryError(client, 'INSERT INTO acct VALUES ($1, $2)', [2, 'a@example.com']);
    assert.equal(e.code, '23505');
    assert.equal(e.severity, 'ERROR');
    assert.equal(e.constraint, 'acct_email_key');
    assert.equal(e.detail, 'Key (email)=(a@example.com) already exists.');
    assert.equal(e.message, 'duplicate key value violates unique constraint "acct_email_key"');
    assert.equal(e.table, 'acct');
    assert.equal(e.schema, 'public');
    const e2 = await queryError(client, "INSERT INTO acct VALUES (1, 'b@example.com')");
    assert.equal(e2.code, '23505');
    assert.equal(e2.constraint, 'acct_pkey');
    assert.equal(e2.detail, 'Key (id)=(1) already exists.');
    await stillWorks(client);
    assert.equal(await count(client, 'acct'), 1);
});

test('not-null violation: 23502 with column', async () => {
    const e = await queryError(client, 'INSERT INTO acct (id) VALUES (5)');
    assert.equal(e.code, '23502');
    assert.equal(e.column, 'email');
    assert.equal(e.table, 'acct');
    assert.equal(e.message,
                 'null value in column "email" of relation "acct" violates not-null constraint');
    await stillWorks(client);
});

test('foreign key violation: 23503 with constraint and detail', async () => {
    await client.query('INSERT INTO par VALUES (1)');
    await client.query('INSERT INTO chi VALUES (1, 1)');
    const e = await queryError(client, 'INSERT INTO chi VALUES ($1, $2)', [2, 99]);
    assert.equal(e.code, '23503');
    assert.equal(e.constraint, 'chi_pid_fkey');
    assert.equal(e.detail, 'Key (pid)=(99) is not present in table "par".');
    assert.equal(e.message,
                 'insert or update on table "chi" violates foreign key constraint "chi_pid_fkey"');
    const e2 = await queryError(client, 'DELETE FROM par WHERE id = 1');
    assert.equal(e2.code, '23503');
    assert.equal(e2.constraint, 'chi_pid_fkey');
    assert.equal(e2.detail, 'Key (id)=(1) is still referenced from table "chi".');
    await stillWorks(client);
    assert.equal(await count(client, 'chi'), 1);
});

test('undefined table: 42P01 with position', async () => {
    const e = await queryError(client, 'SELECT * FROM no_such_table');
    assert.equal(e.code, '42P01');
    assert.equal(e.message, 'relation "no_such_table" does not exist');
    assert.equal(e.position, '15');
    await stillWorks(client);
});

test('syntax error: 42601 with position', async () => {
    const e = await queryError(client, 'SELEC 1');
    assert.equal(e.code, '42601');
    assert.equal(e.message, 'syntax error at or near "SELEC"');
    assert.equal(e.position, '1');
    const e2 = await queryError(client, { text: 'SELECT FROM WHERE $1', values: [1] });
    assert.equal(e2.code, '42601');
    await stillWorks(client);
});

test('division by zero: 22012, simple and extended protocol', async () => {
    const e = await queryError(client, 'SELECT 1 / 0');
    assert.equal(e.code, '22012');
    assert.equal(e.message, 'division by zero');
    const e2 = await queryError(client, 'SELECT 10 / $1::int AS q', [0]);
    assert.equal(e2.code, '22012');
    const r = await client.query('SELECT 10 / $1::int AS q', [4]);
    assert.deepEqual(r.rows, [{ q: 2 }]);
});

test('a failed named prepared statement can be run again', async () => {
    const q = { name: 'div', text: 'SELECT 100 / $1::int AS q' };
    await assert.rejects(client.query({ ...q, values: [0] }), (err) => err.code === '22012');
    const r = await client.query({ ...q, values: [5] });
    assert.deepEqual(r.rows, [{ q: 20 }]);
});
