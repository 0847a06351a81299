// Session features through node-postgres: statement_timeout cancelling a long statement
// (57014), LISTEN/NOTIFY delivery to another client's 'notification' event (channel, payload,
// sender pid; only at commit), and connection metadata pg exposes.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { connect, queryError, withServerAndClient } = require('../lib/server');

let server;
let client;
withServerAndClient((s, c) => {
    server = s;
    client = c;
});

test('statement_timeout cancels pg_sleep with 57014', async (t) => {
    t.after(() => client.query('RESET statement_timeout'));
    await client.query("SET statement_timeout = '100ms'");
    const show = await client.query('SHOW statement_timeout');
    assert.deepEqual(show.rows, [{ statement_timeout: '100ms' }]);
    const started = Date.now();
    const e = await queryError(client, 'SELECT pg_sleep(1)');
    const took = Date.now() - started;
    assert.equal(e.code, '57014');
    assert.equal(e.message, 'canceling statement due to statement timeout');
    assert.ok(took < 900, `the timeout fired after ${took} ms`);
    const e2 = await queryError(client, 'SELECT pg_sleep($1)', [1]);
    assert.equal(e2.code, '57014');
    await client.query('RESET statement_timeout');
    const t0 = Date.now();
    const r = await client.query('SELECT pg_sleep(0.2)');
    assert.ok(Date.now() - t0 >= 190, 'pg_sleep(0.2) returned too early');
    assert.deepEqual(r.fields.map((f) => f.dataTypeID), [2278]);
    assert.deepEqual(r.rows, [{ pg_sleep: '' }]);
});

test('statement_timeout cancels a long query with 57014 and the client goes on', async (t) => {
    t.after(() => client.query('RESET statement_timeout'));
    await client.query("SET statement_timeout = '100ms'");
    const longQuery = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r ' +
                      'WHERE n < 1000000000) SELECT count(*) FROM r';
    const started = Date.now();
    const e = await queryError(client, longQuery);
    const took = Date.now() - started;
    assert.equal(e.code, '57014');
    assert.equal(e.message, 'canceling statement due to statement timeout');
    assert.ok(took < 2000, `the timeout fired after ${took} ms`);
    await client.query('BEGIN');
    const e2 = await queryError(client, longQuery);
    assert.equal(e2.code, '57014');
    const e3 = await queryError(client, 'SELECT 1');
    assert.equal(e3.code, '25P02');
    await client.query('ROLLBACK');
    await client.query('RESET statement_timeout');
    const r = await client.query('SELECT 2 AS two');
    assert.deepEqual(r.rows, [{ two: 2 }]);
});

// Resolves with the next notification msg on c, or rejects after ms.
function nextNotification(c, ms) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            c.removeListener('notification', onMsg);
            reject(new Error(`no notification within ${ms} ms`));
        }, ms);
        function onMsg(msg) {
            clearTimeout(timer);
            c.removeListener('notification', onMsg);
            resolve(msg);
        }
        c.on('notification', onMsg);
    });
}

// Collects every notification c receives until the returned stop() is called.
function collect(c) {
    const got = [];
    const onMsg = (msg) => got.push(msg);
    c.on('notification', onMsg);
    return { got, stop: () => c.removeListener('notification', onMsg) };
}

test('LISTEN/NOTIFY delivers channel, payload and sender pid', async () => {
    const listener = await connect(server);
    try {
        const l = await listener.query('LISTEN jobs');
        assert.equal(l.command, 'LISTEN');
        let wait = nextNotification(listener, 5000);
        const n = await client.query("NOTIFY jobs, 'hello'");
        assert.equal(n.command, 'NOTIFY');
        let msg = await wait;
        assert.equal(msg.channel, 'jobs');
        assert.equal(msg.payload, 'hello');
        assert.equal(msg.processId, client.processID);
        assert.notEqual(client.processID, listener.processID);

        wait = nextNotification(listener, 5000);
        await client.query('SELECT pg_notify($1, $2)', ['jobs', 'via function']);
        msg = await wait;
        assert.equal(msg.channel, 'jobs');
        assert.equal(msg.payload, 'via function');
    } finally {
        await listener.end();
    }
});

test('NOTIFY inside a transaction arrives only at COMMIT, never after ROLLBACK', async () => {
    const listener = await connect(server);
    try {
        await listener.query('LISTEN q');
        const seen = collect(listener);
        await client.query('BEGIN');
        await client.query("NOTIFY q, 'dropped'");
        await client.query('ROLLBACK');
        await client.query('BEGIN');
        await client.query("NOTIFY q, 'kept'");
        await client.query("NOTIFY other_channel, 'not listened'");
        // Give a premature delivery the chance to show up before COMMIT.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await listener.query('SELECT 1');
        assert.deepEqual(seen.got, [], 'notification delivered before COMMIT');
        const wait = nextNotification(listener, 5000);
        await client.query('COMMIT');
        const msg = await wait;
        assert.equal(msg.payload, 'kept');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await listener.query('SELECT 1');
        seen.stop();
        assert.deepEqual(seen.got.map((m) => `${m.channel}:${m.payload}`), ['q:kept']);
        await listener.query('UNLISTEN q');
        const seen2 = collect(listener);
        await client.query("NOTIFY q, 'after unlisten'");
        await new Promise((resolve) => setTimeout(resolve, 200));
        await listener.query('SELECT 1');
        seen2.stop();
        assert.deepEqual(seen2.got, []);
    } finally {
        await listener.end();
    }
});

test('connection metadata: server parameters and backend pid', async () => {
    const c = await connect(server);
    try {
        const r = await c.query('SELECT current_database() AS db, current_user AS usr');
        assert.deepEqual(r.rows, [{ db: 't', usr: 'nodepg' }]);
        const v = await c.query('SHOW server_version');
        assert.match(v.rows[0].server_version, /^15\./);
        const enc = await c.query('SHOW client_encoding');
        assert.equal(enc.rows[0].client_encoding, 'UTF8');
    } finally {
        await c.end();
    }
});

test('connecting to a database that does not exist fails with 3D000', async () => {
    await assert.rejects(connect(server, { database: 'no_such_db' }), (err) => {
        assert.equal(err.code, '3D000');
        assert.equal(err.message, 'database "no_such_db" does not exist');
        return true;
    });
});

test('pg_backend_pid() is the pid the client got in BackendKeyData', async () => {
    const c = await connect(server);
    try {
        assert.ok(Number.isInteger(c.processID) && c.processID > 0);
        const r = await c.query('SELECT pg_backend_pid() AS pid');
        assert.deepEqual(r.rows, [{ pid: c.processID }]);
        const a = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1',
                                     [c.processID]);
        assert.deepEqual(a.rows, [{ n: 1 }]);
    } finally {
        await c.end();
    }
});
