// Result shapes a node-postgres user sees: field names and type OIDs, command tags and row
// counts, rowMode 'array', multi-statement strings, and how pg's default type parsers turn
// each column type into a JS value (as PostgreSQL 15 would send it).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { withServerAndClient } = require('../lib/server');

let client;
withServerAndClient((s, c) => {
    client = c;
});

test('simple query: field names, type OIDs and values', async () => {
    const r = await client.query(
        "SELECT 1::int4 AS i4, 'x'::text AS t, 1.5::numeric AS n, true AS b, 2::int8 AS i8, " +
        "3::int2 AS i2, 2.5::float8 AS f8, 'v'::varchar(5) AS vc");
    assert.deepEqual(r.fields.map((f) => f.name), ['i4', 't', 'n', 'b', 'i8', 'i2', 'f8', 'vc']);
    assert.deepEqual(r.fields.map((f) => f.dataTypeID), [23, 25, 1700, 16, 20, 21, 701, 1043]);
    assert.equal(r.command, 'SELECT');
    assert.equal(r.rowCount, 1);
    assert.deepEqual(r.rows, [{ i4: 1, t: 'x', n: '1.5', b: true, i8: '2', i2: 3, f8: 2.5,
                                vc: 'v' }]);
});

test('unnamed columns get PostgreSQL names', async () => {
    const r = await client.query("SELECT 1, 'a'::text, count(*) FROM (VALUES (1)) v(x)");
    assert.deepEqual(r.fields.map((f) => f.name), ['?column?', 'text', 'count']);
    assert.deepEqual(r.fields.map((f) => f.dataTypeID), [23, 25, 20]);
    assert.deepEqual(r.rows, [{ '?column?': 1, text: 'a', count: '1' }]);
});

test('command tags and row counts of DDL and DML', async () => {
    let r = await client.query('CREATE TABLE items (id int PRIMARY KEY, name text, qty int)');
    assert.equal(r.command, 'CREATE');
    assert.equal(r.rowCount, null);
    r = await client.query("INSERT INTO items VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
    assert.equal(r.command, 'INSERT');
    assert.equal(r.rowCount, 3);
    assert.deepEqual(r.rows, []);
    r = await client.query('UPDATE items SET qty = qty + 1 WHERE id >= 2');
    assert.equal(r.command, 'UPDATE');
    assert.equal(r.rowCount, 2);
    r = await client.query('UPDATE items SET qty = 0 WHERE id > 100');
    assert.equal(r.command, 'UPDATE');
    assert.equal(r.rowCount, 0);
    r = await client.query('DELETE FROM items WHERE id = 1');
    assert.equal(r.command, 'DELETE');
    assert.equal(r.rowCount, 1);
    r = await client.query('SELECT id, name, qty FROM items ORDER BY id');
    assert.equal(r.command, 'SELECT');
    assert.equal(r.rowCount, 2);
    assert.deepEqual(r.rows, [{ id: 2, name: 'b', qty: 21 }, { id: 3, name: 'c', qty: 31 }]);
    r = await client.query('SELECT * FROM items WHERE id < 0');
    assert.equal(r.rowCount, 0);
    assert.deepEqual(r.rows, []);
    assert.deepEqual(r.fields.map((f) => f.name), ['id', 'name', 'qty']);
    r = await client.query("INSERT INTO items VALUES (4, 'd', 40) RETURNING id, name");
    assert.equal(r.command, 'INSERT');
    assert.equal(r.rowCount, 1);
    assert.deepEqual(r.rows, [{ id: 4, name: 'd' }]);
    r = await client.query('DELETE FROM items WHERE qty > 25 RETURNING id');
    assert.equal(r.command, 'DELETE');
    assert.deepEqual(r.rows.map((x) => x.id).sort(), [3, 4]);
    r = await client.query('DROP TABLE items');
    assert.equal(r.command, 'DROP');
});

test('values are parsed by pg the PostgreSQL way', async () => {
    const r = await client.query(
        "SELECT 9223372036854775807::int8 AS big, 12.5::numeric(10,2) AS money, " +
        "'0.10'::numeric AS tenth, false AS f, NULL::int AS nothing, " +
        "'2024-03-01 12:34:56.789+00'::timestamptz AS tstz, " +
        "'2024-03-01 10:20:30'::timestamp AS ts, '2024-03-01'::date AS d, " +
        "'{\"a\": 1, \"b\": [true, null]}'::jsonb AS jb, '{\"k\": \"v\"}'::json AS js, " +
        "ARRAY[1, 2, 3] AS ia, ARRAY['x', 'y z', NULL] AS ta, '\\x0001ff'::bytea AS by, " +
        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u");
    const row = r.rows[0];
    assert.equal(row.big, '9223372036854775807');
    assert.equal(row.money, '12.50');
    assert.equal(row.tenth, '0.10');
    assert.equal(row.f, false);
    assert.equal(row.nothing, null);
    assert.ok(row.tstz instanceof Date);
    assert.equal(row.tstz.toISOString(), '2024-03-01T12:34:56.789Z');
    assert.ok(row.ts instanceof Date);
    assert.equal(row.ts.getTime(), new Date(2024, 2, 1, 10, 20, 30).getTime());
    assert.ok(row.d instanceof Date);
    assert.equal(row.d.getTime(), new Date(2024, 2, 1).getTime());
    assert.deepEqual(row.jb, { a: 1, b: [true, null] });
    assert.deepEqual(row.js, { k: 'v' });
    assert.deepEqual(row.ia, [1, 2, 3]);
    assert.deepEqual(row.ta, ['x', 'y z', null]);
    assert.ok(Buffer.isBuffer(row.by));
    assert.deepEqual([...row.by], [0, 1, 255]);
    assert.equal(row.u, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    const oids = Object.fromEntries(r.fields.map((f) => [f.name, f.dataTypeID]));
    assert.deepEqual(oids, { big: 20, money: 1700, tenth: 1700, f: 16, nothing: 23, tstz: 1184,
                             ts: 1114, d: 1082, jb: 3802, js: 114, ia: 1007, ta: 1009, by: 17,
                             u: 2950 });
});

test("rowMode 'array' returns rows as arrays", async () => {
    const r = await client.query({
        text: 'SELECT 1 AS a, $1::text AS b, NULL::bool AS c',
        values: ['x'],
        rowMode: 'array',
    });
    assert.deepEqual(r.rows, [[1, 'x', null]]);
    assert.deepEqual(r.fields.map((f) => f.name), ['a', 'b', 'c']);
    const r2 = await client.query({
        text: 'SELECT g, g * 2 FROM generate_series(1, 3) AS g ORDER BY g',
        rowMode: 'array',
    });
    assert.deepEqual(r2.rows, [[1, 2], [2, 4], [3, 6]]);
});

test('a multi-statement string returns one result per statement', async () => {
    const rs = await client.query(
        'CREATE TABLE multi (a int); INSERT INTO multi VALUES (1), (2); ' +
        'SELECT a FROM multi ORDER BY a; UPDATE multi SET a = a + 10');
    assert.ok(Array.isArray(rs));
    assert.equal(rs.length, 4);
    assert.deepEqual(rs.map((x) => x.command), ['CREATE', 'INSERT', 'SELECT', 'UPDATE']);
    assert.equal(rs[1].rowCount, 2);
    assert.deepEqual(rs[2].rows, [{ a: 1 }, { a: 2 }]);
    assert.equal(rs[3].rowCount, 2);
});

test('an error in a multi-statement string rolls back the whole string', async () => {
    await assert.rejects(
        client.query('INSERT INTO multi VALUES (3); SELECT 1 / 0; INSERT INTO multi VALUES (4)'),
        (err) => err.code === '22012');
    const r = await client.query('SELECT a FROM multi ORDER BY a');
    assert.deepEqual(r.rows, [{ a: 11 }, { a: 12 }]);
});

test('timestamptz keeps its instant whatever the session TimeZone', async () => {
    await client.query("SET TIME ZONE 'America/New_York'");
    try {
        const r = await client.query(
            "SELECT '2024-07-01 12:00:00+00'::timestamptz AS summer, " +
            "'2024-01-15 08:30:00.25+00'::timestamptz AS winter, " +
            "'2024-07-01 12:00:00+00'::timestamptz::text AS shown");
        assert.equal(r.rows[0].summer.toISOString(), '2024-07-01T12:00:00.000Z');
        assert.equal(r.rows[0].winter.toISOString(), '2024-01-15T08:30:00.250Z');
        assert.equal(r.rows[0].shown, '2024-07-01 08:00:00-04');
    } finally {
        await client.query('RESET TIME ZONE');
    }
});

test('interval values are parsed into interval objects', async () => {
    const r = await client.query("SELECT '1 day 02:03:04.5'::interval AS i, " +
                                 "'3 mons -1 days'::interval AS j");
    assert.equal(r.fields[0].dataTypeID, 1186);
    const i = r.rows[0].i;
    assert.deepEqual({ days: i.days, hours: i.hours, minutes: i.minutes, seconds: i.seconds,
                       milliseconds: i.milliseconds },
                     { days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 500 });
    const j = r.rows[0].j;
    assert.deepEqual({ years: j.years || 0, months: j.months, days: j.days, hours: j.hours || 0 },
                     { years: 0, months: 3, days: -1, hours: 0 });
});

test('a large result arrives complete and in order', async () => {
    const r = await client.query(
        "SELECT g AS n, repeat('x', g % 50) AS pad FROM generate_series(1, 20000) AS g ORDER BY g");
    assert.equal(r.rowCount, 20000);
    assert.equal(r.rows.length, 20000);
    assert.ok(r.rows.every((row, k) => row.n === k + 1 && row.pad.length === (k + 1) % 50));
});
