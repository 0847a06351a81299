/* test_repl_e2e.c - replication end to end: the real litegres streaming to a real
 * SigV4-verifying S3 server (tests/s3/s3rver.sh, started once per binary on a kernel-chosen
 * loopback port, stopped by PID), written through libpq, restored with `litegres restore`
 * and the restored file opened with SQLite.
 *
 * Every test uses its own key prefix in one bucket, so tests do not see each other's
 * objects; tests run one at a time (--jobs 1), so pausing the S3 server affects one test. */
#include "e2e_server.h"
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUCKET "walbkt"

static char s3dir[128];
static char s3pid[32];

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
    (void)set;
    snprintf(s3dir, sizeof s3dir, "/tmp/lg-e2e-s3-XXXXXX");
    if (!mkdtemp(s3dir)) {
        perror("mkdtemp");
        exit(1);
    }
    char cmd[512], line[128] = "", port[32];
    snprintf(cmd, sizeof cmd, "%s/tests/s3/s3rver.sh start %s/data %s", TOP_SRCDIR, s3dir, BUCKET);
    FILE *p = popen(cmd, "r");
    if (!p || !fgets(line, sizeof line, p) || pclose(p) != 0 ||
        sscanf(line, "%31s %31s", s3pid, port) != 2) {
        fprintf(stderr, "cannot start the test S3 server (%s): %s\n", cmd, line);
        exit(1);
    }
    char ep[64], data[160];
    snprintf(ep, sizeof ep, "http://127.0.0.1:%s", port);
    snprintf(data, sizeof data, "%s/data", s3dir);
    setenv("S3TEST_PID", s3pid, 1);
    setenv("S3TEST_DATA", data, 1);
    setenv("AWS_ENDPOINT_URL_S3", ep, 1);
    setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    setenv("AWS_REGION", "us-east-1", 1);
    unsetenv("AWS_SESSION_TOKEN");
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    (void)stats;
    char cmd[512];
    kill((pid_t)atoi(s3pid), SIGCONT);
    snprintf(cmd, sizeof cmd, "%s/tests/s3/s3rver.sh stop %s; rm -rf '%s'", TOP_SRCDIR, s3pid,
             s3dir);
    if (system(cmd) != 0)
        fprintf(stderr, "stopping the test S3 server failed\n");
}

/* ---- helpers ---- */

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void start_repl(const char *prefix, const char *const *more)
{
    static char url[128];
    snprintf(url, sizeof url, "s3://%s/%s", BUCKET, prefix);
    const char *args[24] = {"--replicate", url, "--sync-interval", "200ms"};
    int n = 4;
    for (int i = 0; more && more[i] && n < 23; i++)
        args[n++] = more[i];
    args[n] = NULL;
    cr_assert_eq(e2e_server_start(&e2e_srv, args), 0, "litegres did not start");
}

static void stop_clean(void)
{
    int st;
    cr_assert_eq(e2e_server_stop(&e2e_srv, 20000, &st), 0, "litegres did not stop in time");
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "litegres exit status %d", st);
}

static char *show(PGconn *c, const char *name)
{
    static char v[64];
    char sql[128];
    snprintf(sql, sizeof sql, "SHOW %s", name);
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    snprintf(v, sizeof v, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

/* Waits until nothing committed is missing from S3 (both lag values 0). */
static void wait_shipped(PGconn *c, int timeout_ms)
{
    int64_t deadline = e2e_now_ms() + timeout_ms;
    while (e2e_now_ms() < deadline) {
        if (!strcmp(show(c, "litegres.replication_lag_bytes"), "0") &&
            !strcmp(show(c, "litegres.replication_lag"), "0"))
            return;
        sleep_ms(50);
    }
    e2e_server_dump_log(&e2e_srv);
    cr_assert_fail("replication lag did not reach 0 within %d ms", timeout_ms);
}

/* `litegres restore` into DIR/name; returns its exit code, stderr in *err (static). */
static int restore(const char *prefix, const char *name, const char *time, char *path,
                   size_t cap, const char **err)
{
    char url[128], out[400], errp[400];
    snprintf(url, sizeof url, "s3://%s/%s", BUCKET, prefix);
    snprintf(path, cap, "%s/%s", e2e_srv.dir, name);
    snprintf(out, sizeof out, "%s/%s.out", e2e_srv.dir, name);
    snprintf(errp, sizeof errp, "%s/%s.err", e2e_srv.dir, name);
    const char *argv[12] = {e2e_litegres_bin(), "restore", "--from", url, "-o", path};
    int n = 6;
    if (time) {
        argv[n++] = "--time";
        argv[n++] = time;
    }
    argv[n] = NULL;
    int rc = e2e_run_split(argv, out, errp, 60000);
    static char *last;
    free(last);
    last = e2e_read_file(errp);
    if (err)
        *err = last ? last : "";
    return rc;
}

/* One text line per row of `sql` on a SQLite file (or the server when db is NULL). */
static char *dump_file(const char *path, const char *sql)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            size_t need = len + (v ? strlen(v) : 4) + 4;
            if (need >= cap)
                out = realloc(out, cap = need * 2);
            len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? v : "NULL",
                                    i + 1 < sqlite3_column_count(st) ? '|' : '\n');
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static char *dump_server(PGconn *c, const char *sql)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    for (int row = 0; row < PQntuples(r); row++)
        for (int i = 0; i < PQnfields(r); i++) {
            const char *v = PQgetisnull(r, row, i) ? "NULL" : PQgetvalue(r, row, i);
            if (len + strlen(v) + 4 >= cap)
                out = realloc(out, cap = (len + strlen(v) + 4) * 2);
            len += (size_t)snprintf(out + len, cap - len, "%s%c", v,
                                    i + 1 < PQnfields(r) ? '|' : '\n');
        }
    PQclear(r);
    return out;
}

static long long file_count(const char *path, const char *sql)
{
    char *d = dump_file(path, sql);
    long long v = atoll(d);
    free(d);
    return v;
}

static void insert_range(PGconn *c, int from, int to)
{
    char sql[256];
    for (int i = from; i <= to; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d, 'row %d', %d.5)", i, i, i * 3);
        PQclear(e2e_exec(c, sql, PGRES_COMMAND_OK));
    }
}

static off_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? sb.st_size : -1;
}

static void rfc3339_now(char *out, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char b[32];
    strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, cap, "%s.%03ldZ", b, ts.tv_nsec / 1000000);
}

#define TABLE_SQL "CREATE TABLE t (id int PRIMARY KEY, name text, v float8)"
#define DUMP_SQL "SELECT id, name, v FROM t ORDER BY id"

TestSuite(repl, .fini = e2e_teardown);

/* ---- tests ---- */

Test(repl, writes_restore_identical, .timeout = 60)
{
    start_repl("roundtrip", NULL);
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, TABLE_SQL, PGRES_COMMAND_OK));
    insert_range(c, 1, 200);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "UPDATE t SET name = 'changed ' || id WHERE id % 7 = 0", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "DELETE FROM t WHERE id % 10 = 3", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "COMMIT", PGRES_COMMAND_OK));
    wait_shipped(c, 10000);
    char path[400];
    const char *err;
    cr_assert_eq(restore("roundtrip", "restored.db", NULL, path, sizeof path, &err), 0, "%s", err);
    char *want = dump_server(c, DUMP_SQL), *got = dump_file(path, DUMP_SQL);
    cr_assert_gt(strlen(want), 1000);
    cr_assert_str_eq(got, want);
    cr_assert_str_eq(dump_file(path, "PRAGMA integrity_check"), "ok\n");
    /* restoring onto an existing file needs --force */
    cr_assert_eq(restore("roundtrip", "restored.db", NULL, path, sizeof path, &err), 1);
    cr_assert(strstr(err, "--force"), "%s", err);
    free(want);
    free(got);
    PQfinish(c);
    stop_clean();
}

Test(repl, point_in_time, .timeout = 60)
{
    start_repl("pitr", NULL);
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, TABLE_SQL, PGRES_COMMAND_OK));
    insert_range(c, 1, 50);
    wait_shipped(c, 10000);
    sleep_ms(600);
    char t[64];
    rfc3339_now(t, sizeof t);
    sleep_ms(600);
    insert_range(c, 51, 120);
    PQclear(e2e_exec(c, "UPDATE t SET name = 'late' WHERE id <= 10", PGRES_COMMAND_OK));
    wait_shipped(c, 10000);
    char path[400];
    const char *err;
    cr_assert_eq(restore("pitr", "at_t.db", t, path, sizeof path, &err), 0, "%s", err);
    cr_assert_eq(file_count(path, "SELECT count(*) FROM t"), 50);
    cr_assert_eq(file_count(path, "SELECT max(id) FROM t"), 50);
    cr_assert_eq(file_count(path, "SELECT count(*) FROM t WHERE name = 'late'"), 0);
    cr_assert_eq(restore("pitr", "latest.db", NULL, path, sizeof path, &err), 0, "%s", err);
    cr_assert_eq(file_count(path, "SELECT count(*) FROM t"), 120);
    cr_assert_eq(file_count(path, "SELECT count(*) FROM t WHERE name = 'late'"), 10);
    /* before the first snapshot there is nothing to restore */
    cr_assert_eq(restore("pitr", "early.db", "2000-01-01T00:00:00Z", path, sizeof path, &err), 1);
    PQfinish(c);
    stop_clean();
}

typedef struct killer {
    pid_t pid;
    int after_ms;
} killer_t;

static void *kill_later(void *arg)
{
    killer_t *k = arg;
    sleep_ms(k->after_ms);
    kill(k->pid, SIGKILL);
    return NULL;
}

/* Autocommit inserts 1, 2, ... until the server is killed; returns the last acknowledged. */
static int write_until_killed(PGconn *c, int start_id)
{
    killer_t k = {.pid = e2e_srv.pid, .after_ms = 1500};
    pthread_t th;
    pthread_create(&th, NULL, kill_later, &k);
    int acked = start_id - 1;
    char sql[128];
    for (int i = start_id;; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d, 'r%d', 0)", i, i);
        PGresult *r = PQexec(c, sql);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok)
            break;
        acked = i;
    }
    pthread_join(th, NULL);
    int st;
    e2e_server_stop(&e2e_srv, 5000, &st);
    cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "server was not killed: %d", st);
    return acked;
}

/* Restored rows must be exactly 1..n for some n (no holes); returns n. */
static long long restored_prefix(const char *path)
{
    long long n = file_count(path, "SELECT count(*) FROM t");
    cr_assert_eq(n, file_count(path, "SELECT coalesce(max(id), 0) FROM t"), "rows have holes");
    return n;
}

Test(repl, kill9_async_resumes, .timeout = 90)
{
    start_repl("kill-async", NULL);
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE t (id int PRIMARY KEY, name text, v int)",
                     PGRES_COMMAND_OK));
    int acked = write_until_killed(c, 1);
    PQfinish(c);
    cr_assert_gt(acked, 20, "too few writes before the kill: %d", acked);
    char path[400], db[400];
    const char *err;
    snprintf(db, sizeof db, "%s", e2e_srv.db);
    /* what was shipped before the kill is a consistent prefix of the acknowledged writes */
    cr_assert_eq(restore("kill-async", "before.db", NULL, path, sizeof path, &err), 0, "%s", err);
    long long shipped = restored_prefix(path);
    cr_assert_leq(shipped, acked);
    /* restart on the same file: replication resumes and ships everything acknowledged */
    char old_dir[256];
    snprintf(old_dir, sizeof old_dir, "%s", e2e_srv.dir);
    const char *args[] = {"--replicate", "s3://" BUCKET "/kill-async", "--sync-interval",
                          "200ms", NULL};
    cr_assert_eq(e2e_server_start_db(&e2e_srv, db, args), 0);
    c = e2e_connect(NULL);
    /* every acknowledged write survived (plus at most the one in flight at the kill) */
    long long have = e2e_query_int(c, "SELECT count(*) FROM t");
    cr_assert(have == acked || have == acked + 1, "acked %d, have %lld", acked, have);
    insert_range(c, (int)have + 1, (int)have + 5);
    wait_shipped(c, 15000);
    cr_assert_eq(restore("kill-async", "after.db", NULL, path, sizeof path, &err), 0, "%s", err);
    cr_assert_eq(restored_prefix(path), have + 5);
    PQfinish(c);
    stop_clean();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", old_dir);
    cr_assert_eq(system(cmd), 0);
}

Test(repl, kill9_synchronous_keeps_every_ack, .timeout = 60)
{
    const char *more[] = {"--synchronous-replication", NULL};
    start_repl("kill-sync", more);
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE t (id int PRIMARY KEY, name text, v int)",
                     PGRES_COMMAND_OK));
    int64_t t0 = e2e_now_ms();
    int acked = write_until_killed(c, 1);
    int64_t dt = e2e_now_ms() - t0;
    PQfinish(c);
    cr_assert_gt(acked, 3, "too few synchronous writes: %d in %lld ms", acked, (long long)dt);
    /* no restart: the bucket alone holds every acknowledged write */
    char path[400];
    const char *err;
    cr_assert_eq(restore("kill-sync", "sync.db", NULL, path, sizeof path, &err), 0, "%s", err);
    long long got = restored_prefix(path);
    cr_assert_geq(got, acked, "acknowledged %d writes, the bucket has %lld", acked, got);
    cr_assert_leq(got, acked + 1); /* at most the one in flight at the kill */
}

Test(repl, s3_down_keeps_serving_and_wal, .timeout = 90)
{
    start_repl("outage", NULL);
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, TABLE_SQL, PGRES_COMMAND_OK));
    insert_range(c, 1, 20);
    wait_shipped(c, 10000);
    pid_t s3 = (pid_t)atoi(getenv("S3TEST_PID"));
    char wal[400];
    snprintf(wal, sizeof wal, "%s-wal", e2e_srv.db);
    cr_assert_eq(kill(s3, SIGSTOP), 0);
    off_t prev = file_size(wal), first = prev;
    long long lag0 = atoll(show(c, "litegres.replication_lag_bytes"));
    int id = 21;
    for (int round = 0; round < 8; round++) { /* 8 x ~250 ms: more than 5 sync intervals */
        int64_t t = e2e_now_ms();
        insert_range(c, id, id + 29);
        id += 30;
        cr_assert_lt(e2e_now_ms() - t, 2000, "writes stalled while S3 is down");
        off_t now = file_size(wal);
        cr_assert_geq(now, prev, "the WAL shrank while S3 was down (checkpointed away)");
        prev = now;
        sleep_ms(200);
    }
    (void)first; /* the WAL file is prepared at its bound: its size need not change */
    cr_assert_gt(atof(show(c, "litegres.replication_lag")), 1.0);
    cr_assert_gt(atoll(show(c, "litegres.replication_lag_bytes")), lag0,
                 "the unshipped WAL did not grow while S3 was down");
    cr_assert_eq(kill(s3, SIGCONT), 0);
    wait_shipped(c, 30000);
    char path[400];
    const char *err;
    cr_assert_eq(restore("outage", "after.db", NULL, path, sizeof path, &err), 0, "%s", err);
    cr_assert_eq(file_count(path, "SELECT count(*) FROM t"), id - 1);
    char *want = dump_server(c, DUMP_SQL), *got = dump_file(path, DUMP_SQL);
    cr_assert_str_eq(got, want);
    free(want);
    free(got);
    PQfinish(c);
    stop_clean();
}

Test(repl, wrong_credentials_clear_error, .timeout = 60)
{
    setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret", 1);
    const char *args[] = {"--replicate", "s3://" BUCKET "/badkey", NULL};
    int rc = e2e_server_start(&e2e_srv, args);
    cr_assert_neq(rc, 0, "litegres served with a wrong secret");
    cr_assert(WIFEXITED(e2e_srv.status) && WEXITSTATUS(e2e_srv.status) == 1,
              "expected exit 1, status %d", e2e_srv.status);
    char *log = e2e_read_file(e2e_srv.log);
    cr_assert(log && strstr(log, "SignatureDoesNotMatch"), "log: %s", log ? log : "");
    free(log);
    char path[400];
    const char *err;
    cr_assert_eq(restore("badkey", "x.db", NULL, path, sizeof path, &err), 1);
    cr_assert(strstr(err, "403") && strstr(err, "SignatureDoesNotMatch"), "%s", err);
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    /* a missing bucket too */
    const char *args2[] = {"--replicate", "s3://no-such-bucket/x", NULL};
    cr_assert_neq(e2e_server_start(&e2e_srv, args2), 0);
    log = e2e_read_file(e2e_srv.log);
    cr_assert(log && strstr(log, "NoSuchBucket"), "log: %s", log ? log : "");
    free(log);
    e2e_srv.pid = 0;
}

/* The path of one object whose key contains `part` under the S3 server's data dir. */
static bool find_object(const char *dir, const char *part, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool found = false;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat sb;
        if (stat(p, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode))
            found = find_object(p, part, out, cap);
        else if (strstr(p, part) && strstr(p, "_S3rver_object") && !strstr(p, ".md5") &&
                 !strstr(p, "metadata")) {
            snprintf(out, cap, "%s", p);
            found = true;
        }
    }
    closedir(d);
    return found;
}

Test(repl, corrupt_segment_named, .timeout = 60)
{
    start_repl("corrupt", NULL);
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, TABLE_SQL, PGRES_COMMAND_OK));
    insert_range(c, 1, 30);
    wait_shipped(c, 10000);
    PQfinish(c);
    stop_clean();
    char dir[300], obj[1024];
    snprintf(dir, sizeof dir, "%s/%s/corrupt", getenv("S3TEST_DATA"), BUCKET);
    cr_assert(find_object(dir, ".seg.zst", obj, sizeof obj), "no segment object under %s", dir);
    int fd = open(obj, O_RDWR);
    cr_assert_geq(fd, 0, "%s", obj);
    off_t sz = lseek(fd, 0, SEEK_END);
    cr_assert_gt(sz, 120);
    unsigned char b;
    cr_assert_eq(pread(fd, &b, 1, sz - 8), 1);
    b ^= 0x5a;
    cr_assert_eq(pwrite(fd, &b, 1, sz - 8), 1);
    close(fd);
    char path[400];
    const char *err;
    cr_assert_eq(restore("corrupt", "bad.db", NULL, path, sizeof path, &err), 1);
    /* the message names the object (its position in the generation) */
    const char *wal = strstr(obj, "/wal/");
    cr_assert(wal, "%s", obj);
    char pos[17];
    snprintf(pos, sizeof pos, "%s", wal + 5);
    cr_assert(strstr(err, pos) && strstr(err, ".seg.zst"), "message %s does not name %s", err,
              pos);
    cr_assert_eq(access(path, F_OK), -1, "a corrupt restore left %s behind", path);
}

static int count_generations(const char *prefix)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/%s/%s/generations", getenv("S3TEST_DATA"), BUCKET, prefix);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

Test(repl, retention_deletes_old_keeps_window, .timeout = 90)
{
    const char *more[] = {"--snapshot-interval", "1s", "--retention", "3s", NULL};
    start_repl("retain", more);
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, TABLE_SQL, PGRES_COMMAND_OK));
    int id = 1, max_gens = 0;
    for (int round = 0; round < 20; round++) { /* ~8 s: generations every second */
        insert_range(c, id, id + 4);
        id += 5;
        sleep_ms(400);
        int g = count_generations("retain");
        if (g > max_gens)
            max_gens = g;
    }
    wait_shipped(c, 10000);
    char t[64];
    sleep_ms(300);
    rfc3339_now(t, sizeof t);
    int now_gens = count_generations("retain");
    cr_assert_geq(max_gens, 4, "expected a new generation every second, saw %d", max_gens);
    cr_assert_leq(now_gens, 7, "retention kept %d generations of a 3 s window", now_gens);
    /* the very first generation (with the first rows) is gone */
    char path[400];
    const char *err;
    cr_assert_eq(restore("retain", "latest.db", NULL, path, sizeof path, &err), 0, "%s", err);
    cr_assert_eq(file_count(path, "SELECT count(*) FROM t"), id - 1);
    cr_assert_eq(restore("retain", "t.db", t, path, sizeof path, &err), 0, "%s", err);
    cr_assert_eq(file_count(path, "SELECT count(*) FROM t"), id - 1);
    /* a point 2 s ago is inside the window: restorable, with fewer or equal rows */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    time_t back = ts.tv_sec - 2;
    struct tm tm;
    gmtime_r(&back, &tm);
    char t2[64];
    strftime(t2, sizeof t2, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cr_assert_eq(restore("retain", "t2.db", t2, path, sizeof path, &err), 0, "%s", err);
    long long n2 = file_count(path, "SELECT count(*) FROM t");
    cr_assert(n2 > 0 && n2 <= id - 1, "%lld rows", n2);
    /* far before the window: nothing is kept for it any more */
    cr_assert_eq(restore("retain", "old.db", "2000-01-01T00:00:00Z", path, sizeof path, &err), 1);
    PQfinish(c);
    stop_clean();
}
