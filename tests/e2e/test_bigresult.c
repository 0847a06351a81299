/* test_bigresult.c - results stream with backpressure: a million-row result (~210 MB of
 * text) read slowly does not grow the server's memory past a bound, and a client that
 * vanishes mid-result does not hurt anyone else. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

TestSuite(bigresult, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

#define PAD "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define MILLION_ROWS                                                                               \
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000) "           \
    "SELECT n, '" PAD PAD PAD PAD "' || n AS pad FROM c"

#define RSS_BOUND_KIB (64L * 1024)

static void pause_us(long us)
{
    struct timespec ts = {0, us * 1000L};
    nanosleep(&ts, NULL);
}

Test(bigresult, million_rows_read_slowly_keep_server_memory_bounded)
{
    PGconn *c = e2e_connect(NULL);
    cr_assert_eq(e2e_query_int(c, "SELECT 1"), 1);
    long base = e2e_server_rss_kib(&e2e_srv);
    cr_assert(base > 0, "cannot read the server's VmRSS");

    cr_assert(PQsendQuery(c, MILLION_ROWS), "%s", PQerrorMessage(c));
    cr_assert(PQsetSingleRowMode(c));
    long rows = 0, peak = base;
    PGresult *r;
    while ((r = PQgetResult(c)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_SINGLE_TUPLE) {
            rows++;
            cr_assert_eq(atol(PQgetvalue(r, 0, 0)), rows, "rows out of order at %ld", rows);
            /* a slow reader for the first 4000 rows (~4 s): an unbounded server would
             * have buffered the whole result meanwhile */
            if (rows <= 4000)
                pause_us(1000);
            if (rows % (rows <= 4000 ? 250 : 20000) == 0) {
                long now = e2e_server_rss_kib(&e2e_srv);
                if (now > peak)
                    peak = now;
            }
        } else {
            cr_assert_eq(st, PGRES_TUPLES_OK, "%s: %s", PQresStatus(st), PQresultErrorMessage(r));
            cr_expect_str_eq(PQcmdStatus(r), "SELECT 1000000");
        }
        PQclear(r);
    }
    cr_expect_eq(rows, 1000000, "expected 1000000 rows, got %ld", rows);
    cr_expect(peak - base < RSS_BOUND_KIB,
              "server RSS grew by %ld KiB (from %ld to %ld KiB); bound is %ld KiB", peak - base,
              base, peak, RSS_BOUND_KIB);
    cr_expect_eq(e2e_query_int(c, "SELECT 5"), 5);
    PQfinish(c);
}

Test(bigresult, client_vanishing_mid_result_leaves_others_working)
{
    PGconn *other = e2e_connect(NULL);
    PQclear(e2e_exec(other, "CREATE TABLE t (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    for (int round = 0; round < 3; round++) {
        PGconn *c = e2e_connect(NULL);
        cr_assert(PQsendQuery(c, MILLION_ROWS));
        cr_assert(PQsetSingleRowMode(c));
        for (int i = 0; i < 100; i++) {
            PGresult *r = PQgetResult(c);
            cr_assert_eq(PQresultStatus(r), PGRES_SINGLE_TUPLE);
            PQclear(r);
        }
        /* vanish: no Terminate, the socket just goes away */
        shutdown(PQsocket(c), SHUT_RDWR);
        PQfinish(c);
        cr_assert_eq(e2e_query_int(other, "SELECT 1"), 1);
    }
    /* writes still go through (nothing is left holding the database) */
    int64_t start = e2e_now_ms();
    PQclear(e2e_exec(other, "INSERT INTO t VALUES (1)", PGRES_COMMAND_OK));
    cr_expect(e2e_now_ms() - start < 5000, "a write waited %lld ms",
              (long long)(e2e_now_ms() - start));
    cr_expect(e2e_server_alive(&e2e_srv));
    PQfinish(other);
}
