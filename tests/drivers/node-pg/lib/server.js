// Starts one litegres server for a test file and hands out node-postgres connection settings.
//
// The server gets a fresh temporary directory holding its database file (t.db, so the
// database name is "t") and its Unix socket; it listens on 127.0.0.1 port 0 and we read the
// chosen port from its "listening on 127.0.0.1:<port>" log line (stdout or stderr). stop()
// sends SIGTERM to exactly the process we spawned, waits for it to exit and removes the
// directory. The server's output is kept and printed when it fails to start or exits badly.
//
// LITEGRES_BIN names the binary (run.sh sets it). NODEPG_EXTERNAL=host:port:db:user points
// the suite at an already running server instead (used to check the expectations against a
// real PostgreSQL by hand); run.sh never sets it.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pg = require('pg');

const START_TIMEOUT_MS = 10000;
const STOP_TIMEOUT_MS = 10000;
const LISTEN_RE = /listening on 127\.0\.0\.1:(\d+)/;

function externalServer(spec) {
    const [host, port, database, user] = spec.split(':');
    return {
        config: { host, port: Number(port), database, user: user || 'nodepg' },
        output: () => '',
        stop: async () => {},
    };
}

function waitForPort(child, logs) {
    return new Promise((resolve, reject) => {
        let done = false;
        const finish = (err, port) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            if (err) reject(err); else resolve(port);
        };
        const timer = setTimeout(() => finish(new Error(
            `litegres did not report its port within ${START_TIMEOUT_MS} ms:\n${logs.join('')}`)),
            START_TIMEOUT_MS);
        const onData = (chunk) => {
            logs.push(chunk.toString());
            const m = LISTEN_RE.exec(logs.join(''));
            if (m) finish(null, Number(m[1]));
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('error', (err) => finish(err));
        child.on('exit', (code, sig) => finish(new Error(
            `litegres exited (code ${code}, signal ${sig}) before listening:\n${logs.join('')}`)));
    });
}

function waitForExit(child) {
    if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
    }
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`litegres (pid ${child.pid}) did not exit within ` +
                             `${STOP_TIMEOUT_MS} ms of SIGTERM`));
        }, STOP_TIMEOUT_MS);
        child.once('exit', (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal });
        });
    });
}

async function startServer() {
    if (process.env.NODEPG_EXTERNAL) return externalServer(process.env.NODEPG_EXTERNAL);
    const bin = process.env.LITEGRES_BIN;
    if (!bin) throw new Error('LITEGRES_BIN is not set (run the suite through run.sh)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lg-nodepg-'));
    const args = ['serve', '--db', path.join(dir, 't.db'), '--listen', '127.0.0.1:0',
                  '--unix-socket-dir', dir, '--log-level', 'info'];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // Never leave our server behind if this test process dies before stop().
    process.once('exit', () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const logs = [];
    let port;
    try {
        port = await waitForPort(child, logs);
    } catch (err) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
    }
    return {
        config: { host: '127.0.0.1', port, database: 't', user: 'nodepg' },
        output: () => logs.join(''),
        stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            const { code, signal } = await waitForExit(child);
            fs.rmSync(dir, { recursive: true, force: true });
            if (code !== 0) {
                throw new Error(`litegres exited with code ${code} signal ${signal} ` +
                                `after SIGTERM:\n${logs.join('')}`);
            }
        },
    };
}

// Opens a connected pg.Client on the server; the caller ends it.
async function connect(server, extra = {}) {
    const client = new pg.Client({ ...server.config, ...extra });
    await client.connect();
    return client;
}

// Runs fn(err) expectations on a query that must fail; returns the error.
async function queryError(client, query, values) {
    try {
        await client.query(query, values);
    } catch (err) {
        return err;
    }
    throw new Error(`query should have failed: ${typeof query === 'string' ? query : query.text}`);
}

// Registers before/after hooks that start a server with one connected client for the test
// file, handed to onReady(server, client), and stop both at the end.
function withServerAndClient(onReady) {
    const { before, after } = require('node:test');
    let server;
    let client;
    before(async () => {
        server = await startServer();
        client = await connect(server);
        onReady(server, client);
    });
    after(async () => {
        if (client) await client.end();
        if (server) await server.stop();
    });
}

module.exports = { startServer, connect, queryError, withServerAndClient, pg };
