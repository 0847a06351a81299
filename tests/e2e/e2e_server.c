/* e2e_server.c - start, watch and stop the litegres binary for end-to-end tests, and the
 * libpq helpers every test uses (test-process thread).
 *
 * Start: fork; the child puts itself in its own process group, asks the kernel to SIGTERM
 * it when the test process dies (PR_SET_PDEATHSIG, so a test killed by its timeout leaves
 * no server behind), sends stdout+stderr to DIR/server.log and execs the binary. The parent
 * polls that log for `listening on 127.0.0.1:<port>` (and the unix socket line after it)
 * until a deadline, and fails early if the child exits. Stop: SIGTERM, then waitpid polled
 * until a deadline, then SIGKILL. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LITEGRES_BIN
#define LITEGRES_BIN "litegres"
#endif

#define MAX_ARGS 48
#define START_TIMEOUT_MS 20000

e2e_server_t e2e_srv;

static void sleep_ms(int ms);
static const char *binary_path(void);
static void exec_child(const e2e_server_t *s, const char *const *argv, pid_t parent);
static int find_port(const e2e_server_t *s);
static int wait_exit(e2e_server_t *s, int timeout_ms, int *status);
static void remove_dir(const char *dir);

int64_t e2e_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static const char *binary_path(void)
{
    const char *env = getenv("LG_E2E_BIN");
    return env && *env ? env : LITEGRES_BIN;
}

const char *e2e_litegres_bin(void)
{
    return binary_path();
}

static void exec_child(const e2e_server_t *s, const char *const *argv, pid_t parent)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(127);
    int fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    int in = open("/dev/null", O_RDONLY);
    if (fd < 0 || in < 0)
        _exit(127);
    dup2(in, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    char *mut[MAX_ARGS]; /* execv's prototype wants non-const strings; it does not write */
    memcpy(mut, argv, sizeof(mut));
    execv(mut[0], mut);
    dprintf(2, "e2e: exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* The port from the first `listening on 127.0.0.1:<port>` line, 0 if not there yet or if
 * the `listening on unix socket` line that follows it is not (the socket file is made
 * after the TCP listener: a test may use it at once). */
static int find_port(const e2e_server_t *s)
{
    char *text = e2e_read_file(s->log);
    if (!text)
        return 0;
    int port = 0;
    const char *p = strstr(text, "listening on 127.0.0.1:");
    if (p && strstr(p, "listening on unix socket")) {
        p += strlen("listening on 127.0.0.1:");
        char *end = NULL;
        long v = strtol(p, &end, 10);
        if (end != p && v > 0 && v < 65536)
            port = (int)v;
    }
    free(text);
    return port;
}

int e2e_server_start(e2e_server_t *s, const char *const *extra_args)
{
    return e2e_server_start_db(s, NULL, extra_args);
}

int e2e_server_start_db(e2e_server_t *s, const char *db, const char *const *extra_args)
{
    memset(s, 0, sizeof(*s));
    const char *tmp = getenv("TMPDIR");
    snprintf(s->dir, sizeof(s->dir), "%s/lg-e2e-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(s->dir)) {
        fprintf(stderr, "e2e: mkdtemp: %s\n", strerror(errno));
        return -1;
    }
    if (db)
        snprintf(s->db, sizeof(s->db), "%s", db);
    else
        snprintf(s->db, sizeof(s->db), "%s/%s.db", s->dir, E2E_DBNAME);
    snprintf(s->log, sizeof(s->log), "%s/server.log", s->dir);
    snprintf(s->sockdir, sizeof(s->sockdir), "%s", s->dir);

    const char *argv[MAX_ARGS] = {binary_path(),       "serve",   "--db", s->db, "--port", "0",
                                  "--unix-socket-dir", s->sockdir};
    int n = 8;
    for (int i = 0; extra_args && extra_args[i] && n < MAX_ARGS - 1; i++)
        argv[n++] = extra_args[i];
    argv[n] = NULL;

    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        exec_child(s, argv, parent);
    s->pid = pid;
    s->status = -1;

    int64_t deadline = e2e_now_ms() + START_TIMEOUT_MS;
    while (e2e_now_ms() < deadline) {
        s->port = find_port(s);
        if (s->port)
            return 0;
        if (!e2e_server_alive(s)) {
            fprintf(stderr, "e2e: server exited during start-up\n");
            e2e_server_dump_log(s);
            return -1;
        }
        sleep_ms(5);
    }
    fprintf(stderr, "e2e: no 'listening on 127.0.0.1:<port>' line within %d ms\n",
            START_TIMEOUT_MS);
    e2e_server_dump_log(s);
    int st;
    e2e_server_stop(s, 2000, &st);
    return -1;
}

bool e2e_server_alive(e2e_server_t *s)
{
    if (s->pid <= 0)
        return false;
    int st;
    pid_t r = waitpid(s->pid, &st, WNOHANG);
    if (r == s->pid)
        s->status = st;
    return r == 0;
}

static int wait_exit(e2e_server_t *s, int timeout_ms, int *status)
{
    int64_t deadline = e2e_now_ms() + timeout_ms;
    for (;;) {
        pid_t r = waitpid(s->pid, status, WNOHANG);
        if (r == s->pid || (r < 0 && errno == ECHILD))
            return 0;
        if (e2e_now_ms() >= deadline)
            return -1;
        sleep_ms(5);
    }
}

int e2e_server_stop(e2e_server_t *s, int timeout_ms, int *status)
{
    *status = -1;
    if (s->pid <= 0)
        return -1;
    int rc = 0;
    kill(s->pid, SIGTERM);
    if (wait_exit(s, timeout_ms, status) != 0) {
        fprintf(stderr, "e2e: server %d did not exit within %d ms of SIGTERM; killing\n",
                (int)s->pid, timeout_ms);
        e2e_server_dump_log(s);
        kill(-s->pid, SIGKILL);
        kill(s->pid, SIGKILL);
        int ignored;
        wait_exit(s, 5000, &ignored);
        rc = -1;
    }
    s->pid = 0;
    return rc;
}

long e2e_server_rss_kib(const e2e_server_t *s)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/status", (int)s->pid);
    char *text = e2e_read_file(path);
    if (!text)
        return -1;
    long kib = -1;
    const char *p = strstr(text, "VmRSS:");
    if (p)
        kib = strtol(p + 6, NULL, 10);
    free(text);
    return kib;
}

void e2e_server_dump_log(const e2e_server_t *s)
{
    char *text = e2e_read_file(s->log);
    if (!text)
        return;
    size_t len = strlen(text);
    const char *from = len > 4000 ? text + len - 4000 : text;
    fprintf(stderr, "---- server log (%s, tail) ----\n%s\n---- end of server log ----\n", s->log,
            from);
    free(text);
}

static void remove_dir(const char *dir)
{
    if (getenv("LG_E2E_KEEP"))
        return;
    const char *argv[] = {"rm", "-rf", dir, NULL};
    e2e_run(argv, NULL, 30000);
}

void e2e_setup(void)
{
    cr_assert_eq(e2e_server_start(&e2e_srv, NULL), 0, "the server did not start");
}

void e2e_teardown(void)
{
    char dir[sizeof(e2e_srv.dir)];
    memcpy(dir, e2e_srv.dir, sizeof(dir));
    e2e_srv.dir[0] = '\0';
    if (e2e_srv.pid > 0) {
        bool alive = e2e_server_alive(&e2e_srv);
        int st = e2e_srv.status; /* how it ended if it is already gone */
        int rc = alive ? e2e_server_stop(&e2e_srv, 10000, &st) : -1;
        if (!alive || rc != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            e2e_server_dump_log(&e2e_srv);
        e2e_srv.pid = 0;
        cr_expect(alive, "the server died during the test (%s %d)",
                  WIFSIGNALED(st) ? "killed by signal" : "exit status",
                  WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
        cr_expect(!alive || rc == 0, "the server did not exit within 10 s of SIGTERM");
        cr_expect(!alive || (WIFEXITED(st) && WEXITSTATUS(st) == 0),
                  "the server did not exit 0 on SIGTERM (%s %d)",
                  WIFSIGNALED(st) ? "killed by signal" : "exit status",
                  WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
    }
    if (dir[0])
        remove_dir(dir);
}

PGconn *e2e_connect_raw(const e2e_server_t *s, const char *extra)
{
    char conninfo[1024];
    snprintf(conninfo, sizeof(conninfo),
             "host=127.0.0.1 port=%d dbname=%s user=%s connect_timeout=10 sslmode=disable "
             "application_name=e2e %s",
             s->port, E2E_DBNAME, E2E_USER, extra ? extra : "");
    return PQconnectdb(conninfo);
}

PGconn *e2e_connect(const char *extra)
{
    PGconn *c = e2e_connect_raw(&e2e_srv, extra);
    cr_assert(c != NULL);
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "connect failed: %s", PQerrorMessage(c));
    return c;
}

PGresult *e2e_exec(PGconn *c, const char *sql, ExecStatusType want)
{
    PGresult *r = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(r), want, "%s\n  expected %s, got %s: %s", sql, PQresStatus(want),
                 PQresStatus(PQresultStatus(r)), PQresultErrorMessage(r));
    return r;
}

void e2e_expect_error(PGconn *c, const char *sql, const char *sqlstate)
{
    PGresult *r = PQexec(c, sql);
    const char *got = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR, "%s\n  expected an error %s, got %s", sql,
                 sqlstate, PQresStatus(PQresultStatus(r)));
    cr_assert(got && strcmp(got, sqlstate) == 0, "%s\n  expected SQLSTATE %s, got %s (%s)", sql,
              sqlstate, got ? got : "(none)", PQresultErrorMessage(r));
    PQclear(r);
}

void e2e_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    cr_assert(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s", sql,
              PQresultErrorMessage(r));
    PQclear(r);
}

char *e2e_rows(PGconn *c, const char *sql)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    size_t cap = 256, len = 0;
    char *out = calloc(1, cap);
    cr_assert(out != NULL);
    for (int i = 0; i < PQntuples(r); i++)
        for (int k = 0; k < PQnfields(r); k++) {
            const char *v = PQgetisnull(r, i, k) ? "-" : PQgetvalue(r, i, k);
            size_t need = strlen(v) + 2; /* separator and NUL */
            if (len + need > cap) {
                cap = (len + need) * 2;
                out = realloc(out, cap);
                cr_assert(out != NULL);
            }
            len += (size_t)snprintf(out + len, cap - len, "%s%s", k ? "|" : (i ? ";" : ""), v);
        }
    PQclear(r);
    return out;
}

void e2e_expect_rows(PGconn *c, const char *sql, const char *want)
{
    char *got = e2e_rows(c, sql);
    cr_expect_str_eq(got, want, "%s", sql);
    free(got);
}

long long e2e_query_int(PGconn *c, const char *sql)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 1, "%s: expected 1 row, got %d", sql, PQntuples(r));
    cr_assert_eq(PQnfields(r), 1, "%s: expected 1 column, got %d", sql, PQnfields(r));
    char *end = NULL;
    long long v = strtoll(PQgetvalue(r, 0, 0), &end, 10);
    cr_assert(end && *end == '\0' && end != PQgetvalue(r, 0, 0), "%s: '%s' is not an integer", sql,
              PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

char *e2e_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
        if (cap - len - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}
