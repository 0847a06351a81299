/* e2e_server.h - test support for the end-to-end suite: start the real litegres binary on a
 * free loopback port in a fresh temporary directory, connect to it with libpq or with a raw
 * socket, run external clients (psql, pgbench), and stop it by PID. Test-process thread
 * (any thread of the test process for the connect helpers).
 *
 * Contract with the server (issue 2, §1): `litegres serve --db DIR/e2e.db --port 0
 * --unix-socket-dir DIR` logs a stderr line containing `listening on 127.0.0.1:<port>`;
 * SIGTERM makes it send FATAL 57P01 to clients and exit 0. The binary is LITEGRES_BIN
 * (a compile definition from CMake) unless the environment variable LG_E2E_BIN names
 * another one (tests/e2e/pg-shim.sh runs the same suite against a real PostgreSQL).
 *
 * Every wait has a deadline; nothing sleeps a fixed time to "let the server get ready". */
#ifndef LG_E2E_SERVER_H
#define LG_E2E_SERVER_H
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define E2E_USER "e2e"
#define E2E_DBNAME "e2e" /* the stem of the db file the helpers create */

typedef struct e2e_server {
    pid_t pid;         /* 0 when not running */
    int status;        /* waitpid status once reaped by e2e_server_alive, else -1 */
    int port;          /* TCP port read from the server's log */
    char dir[256];     /* fresh temp dir: db file, unix socket, server log */
    char db[320];      /* DIR/e2e.db */
    char log[320];     /* DIR/server.log: the server's stdout and stderr */
    char sockdir[256]; /* same as dir */
} e2e_server_t;

/* The server the fixtures below manage; one per test process. */
extern e2e_server_t e2e_srv;

/* Criterion fixtures: start e2e_srv with default flags / stop it asserting a clean exit. */
void e2e_setup(void);
void e2e_teardown(void);

/* Start the binary with `serve --db ... --port 0 --unix-socket-dir ...` plus extra_args
 * (NULL-terminated, may be NULL) and wait up to 20 s for the listening line. Returns 0, or
 * -1 with a message on stderr (the log is printed). */
int e2e_server_start(e2e_server_t *s, const char *const *extra_args);
/* The same on an existing database file (db, whose stem must be E2E_DBNAME) instead of a
 * new one; the fresh temp dir still holds the socket and the log. */
int e2e_server_start_db(e2e_server_t *s, const char *db, const char *const *extra_args);

/* SIGTERM the server and wait up to timeout_ms; on timeout SIGKILL it. Stores the raw
 * waitpid status in *status. Returns 0 if it exited by itself within the deadline. */
int e2e_server_stop(e2e_server_t *s, int timeout_ms, int *status);

/* True while the server process exists and has not exited (reaps it if it has). */
bool e2e_server_alive(e2e_server_t *s);

/* Resident set size of the server in KiB (VmRSS), or -1. */
long e2e_server_rss_kib(const e2e_server_t *s);

/* Print the tail of the server log to stderr (for failure diagnostics). */
void e2e_server_dump_log(const e2e_server_t *s);

/* libpq connection over TCP to e2e_srv with extra conninfo appended (may be NULL).
 * Asserts (Criterion) that it connected. */
PGconn *e2e_connect(const char *extra);
/* Same without asserting: the caller checks PQstatus. */
PGconn *e2e_connect_raw(const e2e_server_t *s, const char *extra);

/* Run sql with PQexec, assert the result status, and return the result (caller clears). */
PGresult *e2e_exec(PGconn *c, const char *sql, ExecStatusType want);
/* Run sql and assert that it failed with the given SQLSTATE. */
void e2e_expect_error(PGconn *c, const char *sql, const char *sqlstate);
/* Run sql and assert that it succeeded (a command or rows). */
void e2e_ok(PGconn *c, const char *sql);
/* The rows of a query as "a|b;c|d" (NULL as "-"), malloc'd; asserts it returned rows. */
char *e2e_rows(PGconn *c, const char *sql);
/* Expect (Criterion, non-fatal) the rows of a query, as e2e_rows prints them. */
void e2e_expect_rows(PGconn *c, const char *sql, const char *want);
/* Run a one-value query and return its text as a long long (asserts one row, one column). */
long long e2e_query_int(PGconn *c, const char *sql);

/* Monotonic clock in milliseconds. */
int64_t e2e_now_ms(void);

/* --- raw protocol over a plain TCP socket (for startup and garbage tests) --- */

/* Connect a blocking TCP socket to 127.0.0.1:port; returns fd or -1. */
int e2e_raw_connect(int port);
/* Write all bytes; returns 0 or -1 (EPIPE is not fatal to the test process). */
int e2e_raw_send(int fd, const void *buf, size_t len);
/* Send one frontend message: type byte, length, body. */
int e2e_raw_send_msg(int fd, char type, const void *body, size_t len);
/* Send a v3 StartupMessage with user and database. */
int e2e_raw_startup(int fd, const char *user, const char *database);

/* One backend message read by e2e_raw_read_msg. body is NUL-terminated for convenience. */
typedef struct e2e_msg {
    char type;
    uint32_t len; /* body length */
    char body[8192];
} e2e_msg_t;

/* Read one backend message within timeout_ms. Returns 1 on a message, 0 on EOF (or reset)
 * before any byte of it, -1 on timeout or a malformed/oversized message. */
int e2e_raw_read_msg(int fd, e2e_msg_t *m, int timeout_ms);
/* Read exactly n bytes within timeout_ms; returns n, 0 on EOF, -1 on timeout/error. */
int e2e_raw_read_exact(int fd, void *buf, size_t n, int timeout_ms);
/* Wait until the peer closes (EOF or reset) within timeout_ms, discarding bytes.
 * Returns 0 on close, -1 on timeout. */
int e2e_raw_wait_close(int fd, int timeout_ms);
/* Field `code` (e.g. 'C', 'S', 'M') of an ErrorResponse/NoticeResponse body, or NULL. */
const char *e2e_errfield(const e2e_msg_t *m, char code);

/* --- external programs --- */

/* Run argv (argv[0] looked up in PATH) with stdin from /dev/null and stdout+stderr into
 * out_path (may be NULL: discard). Waits up to timeout_ms, then kills it. Returns the exit
 * code, or -1 on timeout/spawn failure/death by signal. */
int e2e_run(const char *const *argv, const char *out_path, int timeout_ms);
/* The same with stderr into its own file err_path. */
int e2e_run_split(const char *const *argv, const char *out_path, const char *err_path,
                  int timeout_ms);

/* The litegres binary the suite runs (LG_E2E_BIN or the built one). */
const char *e2e_litegres_bin(void);

/* Read a whole file into a malloc'd NUL-terminated string (NULL on error). */
char *e2e_read_file(const char *path);

#endif
