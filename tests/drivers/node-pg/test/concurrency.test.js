// Several connections at once through pg.Pool: concurrent INSERTs all land, and readers are
// neither blocked by nor shown the rows of another client's open write transaction
// (READ COMMITTED), which become visible once it commits.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, connect, pg } = require('../lib/server');

const POOL_SIZE = 10;
const INSERTS = 200;

let server;
let pool;

before(async () => {
    server = await startServer();
    pool = new pg.Pool({ ...server.config, max: POOL_SIZE });
});

after(async () => {
    if (pool) await pool.end();
    if (server) await server.stop();
});

// Fails if p has not settled within ms (a blocked reader must not hang the suite).
function within(ms, p, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

test(`${POOL_SIZE} pooled clients insert ${INSERTS} rows concurrently`, async () => {
    await pool.query('CREATE TABLE hits (id serial PRIMARY KEY, worker int, n int)');
    const jobs = [];
    for (let i = 0; i < INSERTS; i++) {
        jobs.push(pool.query('INSERT INTO hits (worker, n) VALUES ($1, $2) RETURNING id',
                             [i % POOL_SIZE, i]));
    }
    const results = await within(20000, Promise.all(jobs), 'concurrent inserts');
    assert.ok(results.every((r) => r.rowCount === 1));
    const ids = new Set(results.map((r) => r.rows[0].id));
    assert.equal(ids.size, INSERTS, 'serial ids must be distinct');
    assert.equal(pool.totalCount, POOL_SIZE, 'the pool should have opened all its clients');
    const r = await pool.query('SELECT count(*) AS c, count(DISTINCT n) AS d, sum(n) AS s FROM hits');
    assert.deepEqual(r.rows, [{ c: String(INSERTS), d: String(INSERTS),
                                s: String((INSERTS * (INSERTS - 1)) / 2) }]);
});

test('readers are not blocked by and do not see an open write transaction', async () => {
    await pool.query('CREATE TABLE rc (id int PRIMARY KEY, v text)');
    await pool.query("INSERT INTO rc VALUES (1, 'committed')");
    const writer = await connect(server);
    try {
        await writer.query('BEGIN');
        await writer.query("INSERT INTO rc VALUES (2, 'pending'), (3, 'pending')");
        await writer.query("UPDATE rc SET v = 'changed' WHERE id = 1");
        const own = await writer.query('SELECT count(*)::int AS n FROM rc');
        assert.equal(own.rows[0].n, 3, 'the writer sees its own rows');
        const reads = [];
        for (let i = 0; i < POOL_SIZE - 1; i++) {
            reads.push(pool.query('SELECT id, v FROM rc ORDER BY id'));
        }
        const seen = await within(3000, Promise.all(reads), 'readers during a write transaction');
        for (const r of seen) assert.deepEqual(r.rows, [{ id: 1, v: 'committed' }]);
        await writer.query('COMMIT');
        const after = await pool.query('SELECT id, v FROM rc ORDER BY id');
        assert.deepEqual(after.rows, [{ id: 1, v: 'changed' }, { id: 2, v: 'pending' },
                                      { id: 3, v: 'pending' }]);
    } finally {
        await writer.end();
    }
});

test('a reader transaction sees commits made between its statements (READ COMMITTED)',
     async () => {
    await pool.query('CREATE TABLE rc2 (v int)');
    const reader = await connect(server);
    try {
        await reader.query('BEGIN');
        const level = await reader.query('SHOW transaction_isolation');
        assert.equal(level.rows[0].transaction_isolation, 'read committed');
        let r = await reader.query('SELECT count(*)::int AS n FROM rc2');
        assert.equal(r.rows[0].n, 0);
        await pool.query('INSERT INTO rc2 VALUES (1), (2)');
        r = await reader.query('SELECT count(*)::int AS n FROM rc2');
        assert.equal(r.rows[0].n, 2);
        await reader.query('COMMIT');
    } finally {
        await reader.end();
    }
});
