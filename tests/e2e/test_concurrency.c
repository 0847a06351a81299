/* test_concurrency.c - many clients at once: concurrent writers lose no update, explicit
 * transactions are atomic to other readers, a reader is not blocked by a writer's open
 * transaction, and visibility is READ COMMITTED. Worker threads record failures; the test
 * thread asserts (Criterion assertions are not thread-safe). */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(concurrency, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

typedef struct worker {
    pthread_t tid;
    int id;
    int iterations;
    int failures;
    char first_error[256];
} worker_t;

static atomic_int stop_readers;

static void record(worker_t *w, const char *what, PGresult *r, PGconn *c)
{
    if (w->failures++ == 0)
        snprintf(w->first_error, sizeof(w->first_error), "worker %d: %s: %s %s", w->id, what,
                 r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "",
                 r ? PQresultErrorMessage(r) : PQerrorMessage(c));
}

static bool run(worker_t *w, PGconn *c, const char *sql, ExecStatusType want)
{
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == want;
    if (!ok)
        record(w, sql, r, c);
    PQclear(r);
    return ok;
}

static void *incrementer(void *arg)
{
    worker_t *w = arg;
    PGconn *c = e2e_connect_raw(&e2e_srv, NULL);
    if (PQstatus(c) != CONNECTION_OK) {
        record(w, "connect", NULL, c);
        PQfinish(c);
        return NULL;
    }
    for (int i = 0; i < w->iterations; i++) {
        PGresult *r = PQexec(c, "UPDATE counter SET n = n + 1 WHERE id = 1");
        if (PQresultStatus(r) != PGRES_COMMAND_OK || strcmp(PQcmdTuples(r), "1") != 0)
            record(w, "UPDATE counter", r, c);
        PQclear(r);
    }
    PQfinish(c);
    return NULL;
}

static void join_all(worker_t *ws, int n)
{
    for (int i = 0; i < n; i++)
        pthread_join(ws[i].tid, NULL);
    for (int i = 0; i < n; i++)
        cr_expect_eq(ws[i].failures, 0, "%d failures; first: %s", ws[i].failures,
                     ws[i].first_error);
}

Test(concurrency, eight_writers_lose_no_increment)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE counter (id integer PRIMARY KEY, n integer NOT NULL)",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO counter VALUES (1, 0)", PGRES_COMMAND_OK));
    enum { W = 8, N = 200 };
    worker_t ws[W] = {0};
    for (int i = 0; i < W; i++) {
        ws[i].id = i;
        ws[i].iterations = N;
        cr_assert_eq(pthread_create(&ws[i].tid, NULL, incrementer, &ws[i]), 0);
    }
    join_all(ws, W);
    cr_expect_eq(e2e_query_int(c, "SELECT n FROM counter WHERE id = 1"), W * N);
    PQfinish(c);
}

/* Moves 1 from account a to account b in an explicit transaction, many times. */
static void *transferrer(void *arg)
{
    worker_t *w = arg;
    PGconn *c = e2e_connect_raw(&e2e_srv, NULL);
    if (PQstatus(c) != CONNECTION_OK) {
        record(w, "connect", NULL, c);
        PQfinish(c);
        return NULL;
    }
    for (int i = 0; i < w->iterations; i++) {
        char debit[128], credit[128];
        int a = (w->id + i) % 10 + 1, b = (w->id + 3 * i + 1) % 10 + 1;
        snprintf(debit, sizeof(debit), "UPDATE acct SET bal = bal - 1 WHERE id = %d", a);
        snprintf(credit, sizeof(credit), "UPDATE acct SET bal = bal + 1 WHERE id = %d", b);
        /* lower id first, so a row-locking database cannot deadlock either */
        const char *first = a <= b ? debit : credit, *second = a <= b ? credit : debit;
        if (!run(w, c, "BEGIN", PGRES_COMMAND_OK) || !run(w, c, first, PGRES_COMMAND_OK) ||
            !run(w, c, second, PGRES_COMMAND_OK) || !run(w, c, "COMMIT", PGRES_COMMAND_OK))
            run(w, c, "ROLLBACK", PGRES_COMMAND_OK);
    }
    PQfinish(c);
    return NULL;
}

/* Checks, until told to stop, that every snapshot sees the total unchanged. */
static void *auditor(void *arg)
{
    worker_t *w = arg;
    PGconn *c = e2e_connect_raw(&e2e_srv, NULL);
    while (PQstatus(c) == CONNECTION_OK && !atomic_load(&stop_readers)) {
        PGresult *r = PQexec(c, "SELECT sum(bal) FROM acct");
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            record(w, "SELECT sum", r, c);
        else if (strcmp(PQgetvalue(r, 0, 0), "1000") != 0)
            record(w, "sum(bal) is not 1000: a reader saw half a transaction", NULL, c);
        PQclear(r);
        w->iterations++;
    }
    PQfinish(c);
    return NULL;
}

Test(concurrency, transactions_are_atomic_to_concurrent_readers)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE acct (id integer PRIMARY KEY, bal integer NOT NULL)",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c,
                     "INSERT INTO acct VALUES (1, 100), (2, 100), (3, 100), (4, 100), "
                     "(5, 100), (6, 100), (7, 100), (8, 100), (9, 100), (10, 100)",
                     PGRES_COMMAND_OK));
    enum { W = 4, R = 2, N = 100 };
    worker_t ws[W] = {0}, rs[R] = {0};
    atomic_store(&stop_readers, 0);
    for (int i = 0; i < R; i++) {
        rs[i].id = 100 + i;
        cr_assert_eq(pthread_create(&rs[i].tid, NULL, auditor, &rs[i]), 0);
    }
    for (int i = 0; i < W; i++) {
        ws[i].id = i;
        ws[i].iterations = N;
        cr_assert_eq(pthread_create(&ws[i].tid, NULL, transferrer, &ws[i]), 0);
    }
    join_all(ws, W);
    atomic_store(&stop_readers, 1);
    for (int i = 0; i < R; i++) {
        pthread_join(rs[i].tid, NULL);
        cr_expect_eq(rs[i].failures, 0, "%s", rs[i].first_error);
        cr_expect(rs[i].iterations > 0, "auditor %d never ran", i);
    }
    cr_expect_eq(e2e_query_int(c, "SELECT sum(bal) FROM acct"), 1000);
    PQfinish(c);
}

/* PQexec with a deadline: a reader that blocks fails the test instead of hanging it. */
static PGresult *exec_within(PGconn *c, const char *sql, int timeout_ms)
{
    cr_assert(PQsendQuery(c, sql), "%s", PQerrorMessage(c));
    int64_t deadline = e2e_now_ms() + timeout_ms;
    while (PQisBusy(c)) {
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        int left = (int)(deadline - e2e_now_ms());
        cr_assert(left > 0, "'%s' blocked for more than %d ms", sql, timeout_ms);
        poll(&p, 1, left);
        cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
    }
    PGresult *r = PQgetResult(c);
    PGresult *extra;
    while ((extra = PQgetResult(c)) != NULL)
        PQclear(extra);
    return r;
}

static const char *value_within(PGconn *c, const char *sql, char *buf, size_t len)
{
    PGresult *r = exec_within(c, sql, 2000);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s: %s", sql, PQresultErrorMessage(r));
    snprintf(buf, len, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    return buf;
}

Test(concurrency, reader_not_blocked_by_open_write_transaction_read_committed)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    char v[64];
    PQclear(e2e_exec(a, "CREATE TABLE rc (id integer PRIMARY KEY, v text)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "INSERT INTO rc VALUES (1, 'old')", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "UPDATE rc SET v = 'new' WHERE id = 1", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "INSERT INTO rc VALUES (2, 'added')", PGRES_COMMAND_OK));
    cr_expect_eq(PQtransactionStatus(a), PQTRANS_INTRANS);

    /* B reads promptly and sees only committed data */
    cr_expect_str_eq(value_within(b, "SELECT v FROM rc WHERE id = 1", v, sizeof(v)), "old");
    cr_expect_str_eq(value_within(b, "SELECT count(*) FROM rc", v, sizeof(v)), "1");
    /* B inside its own transaction: still not blocked */
    PGresult *r = exec_within(b, "BEGIN", 2000);
    PQclear(r);
    cr_expect_str_eq(value_within(b, "SELECT v FROM rc WHERE id = 1", v, sizeof(v)), "old");
    /* A sees its own writes */
    cr_expect_str_eq(value_within(a, "SELECT v FROM rc WHERE id = 1", v, sizeof(v)), "new");
    PQclear(e2e_exec(a, "COMMIT", PGRES_COMMAND_OK));

    /* READ COMMITTED: B's next statement, in the same transaction, sees the commit */
    cr_expect_str_eq(value_within(b, "SELECT v FROM rc WHERE id = 1", v, sizeof(v)), "new");
    cr_expect_str_eq(value_within(b, "SELECT count(*) FROM rc", v, sizeof(v)), "2");
    PQclear(exec_within(b, "COMMIT", 2000));
    PQfinish(b);
    PQfinish(a);
}

Test(concurrency, second_writer_waits_for_the_first_then_applies)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    PQclear(e2e_exec(a, "CREATE TABLE w (id integer PRIMARY KEY, n integer)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "INSERT INTO w VALUES (1, 0)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "UPDATE w SET n = n + 1 WHERE id = 1", PGRES_COMMAND_OK));
    cr_assert(PQsendQuery(b, "UPDATE w SET n = n + 10 WHERE id = 1"));
    PQclear(e2e_exec(a, "COMMIT", PGRES_COMMAND_OK));
    int64_t deadline = e2e_now_ms() + 10000;
    while (PQisBusy(b)) {
        struct pollfd p = {.fd = PQsocket(b), .events = POLLIN};
        cr_assert(e2e_now_ms() < deadline, "second writer still waiting 10 s after COMMIT");
        poll(&p, 1, 100);
        cr_assert(PQconsumeInput(b));
    }
    PGresult *r = PQgetResult(b);
    cr_expect_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), "UPDATE 1");
    PQclear(r);
    cr_assert_null(PQgetResult(b));
    cr_expect_eq(e2e_query_int(b, "SELECT n FROM w WHERE id = 1"), 11);
    PQfinish(b);
    PQfinish(a);
}

/* Runs `sql` on every connection at once (so that several pool readers serve them) and
 * checks each answer is `want`. */
static void read_all_at_once(PGconn **cs, int n, const char *sql, const char *want, int round)
{
    for (int i = 0; i < n; i++)
        cr_assert(PQsendQueryParams(cs[i], sql, 0, NULL, NULL, NULL, NULL, 0));
    for (int i = 0; i < n; i++) {
        PGresult *r;
        while ((r = PQgetResult(cs[i])) != NULL) {
            if (PQresultStatus(r) == PGRES_TUPLES_OK)
                cr_expect_str_eq(PQgetvalue(r, 0, 0), want, "round %d, client %d", round, i);
            else
                cr_expect_fail("round %d, client %d: %s", round, i, PQresultErrorMessage(r));
            PQclear(r);
        }
    }
}

/* Readers may keep a read snapshot between statements while nothing was committed; after a
 * commit, the next statement on every reader (busy a moment ago or idle since) sees it. */
Test(concurrency, every_reader_sees_a_commit_at_its_next_statement)
{
    enum { R = 6, ROUNDS = 60 };
    PGconn *w = e2e_connect(NULL);
    PGconn *rs[R];
    for (int i = 0; i < R; i++)
        rs[i] = e2e_connect(NULL);
    PQclear(e2e_exec(w, "CREATE TABLE seen (id integer PRIMARY KEY, v integer)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(w, "INSERT INTO seen VALUES (1, 0)", PGRES_COMMAND_OK));
    for (int round = 1; round <= ROUNDS; round++) {
        char want[16], upd[64];
        snprintf(want, sizeof(want), "%d", round - 1);
        read_all_at_once(rs, R, "SELECT v FROM seen WHERE id = 1", want, round);
        snprintf(upd, sizeof(upd), "UPDATE seen SET v = %d WHERE id = 1", round);
        PQclear(e2e_exec(w, upd, PGRES_COMMAND_OK));
        snprintf(want, sizeof(want), "%d", round);
        /* one by one (each takes the reader the last one gave back), then all at once */
        for (int i = 0; i < R; i++)
            cr_expect_eq(e2e_query_int(rs[i], "SELECT v FROM seen WHERE id = 1"), round,
                         "round %d, client %d", round, i);
        read_all_at_once(rs, R, "SELECT v FROM seen WHERE id = 1", want, round);
    }
    /* a schema change counts as a commit too */
    PQclear(e2e_exec(w, "ALTER TABLE seen ADD COLUMN note text DEFAULT 'x'", PGRES_COMMAND_OK));
    read_all_at_once(rs, R, "SELECT note FROM seen WHERE id = 1", "x", 0);
    for (int i = 0; i < R; i++)
        PQfinish(rs[i]);
    PQfinish(w);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/* Reads the churn row over and over (extended protocol) until told to stop. */
static void *churn_reader(void *arg)
{
    worker_t *w = arg;
    PGconn *c = e2e_connect_raw(&e2e_srv, NULL);
    while (PQstatus(c) == CONNECTION_OK && !atomic_load(&stop_readers)) {
        PGresult *r = PQexecParams(c, "SELECT v FROM churn WHERE id = $1", 1, NULL,
                                   (const char *const[]){"1"}, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
            record(w, "SELECT v FROM churn", r, c);
        PQclear(r);
        w->iterations++;
    }
    if (PQstatus(c) != CONNECTION_OK)
        record(w, "connect", NULL, c);
    PQfinish(c);
    return NULL;
}

/* Readers keep a read transaction between statements, which holds a WAL read lock; under
 * a steady stream of reads and commits the WAL must still be checkpointed and start over,
 * so it stays near the checkpoint threshold (1000 pages) instead of growing with every
 * commit. */
Test(concurrency, kept_reader_snapshots_do_not_stop_the_wal_from_restarting)
{
    enum { R = 4, COMMITS = 4000 };
    PGconn *w = e2e_connect(NULL);
    PQclear(
        e2e_exec(w, "CREATE TABLE churn (id integer PRIMARY KEY, v integer)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(w, "INSERT INTO churn VALUES (1, 0)", PGRES_COMMAND_OK));
    atomic_store(&stop_readers, 0);
    worker_t rs[R] = {0};
    for (int i = 0; i < R; i++) {
        rs[i].id = i;
        cr_assert_eq(pthread_create(&rs[i].tid, NULL, churn_reader, &rs[i]), 0);
    }
    for (int i = 1; i <= COMMITS; i++) {
        char upd[64];
        snprintf(upd, sizeof(upd), "UPDATE churn SET v = %d WHERE id = 1", i);
        PQclear(e2e_exec(w, upd, PGRES_COMMAND_OK));
    }
    atomic_store(&stop_readers, 1);
    join_all(rs, R);
    char wal[sizeof(e2e_srv.db) + 8];
    snprintf(wal, sizeof(wal), "%s-wal", e2e_srv.db);
    long n = file_size(wal);
    /* 4000 commits of at least one 4 KiB page each would be 16 MiB without restarts */
    cr_expect(n >= 0 && n < 8L * 1024 * 1024, "the WAL is %ld bytes after %d commits", n, COMMITS);
    for (int i = 0; i < R; i++)
        cr_expect_gt(rs[i].iterations, 0);
    PQfinish(w);
}
