/* test_cancel.c - a CancelRequest (PQcancel) and statement_timeout interrupt a running
 * statement with 57014, and the connection stays usable afterwards. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

TestSuite(cancel, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

/* Runs for minutes unless interrupted. */
#define LONG_QUERY                                                                                 \
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000) "        \
    "SELECT count(*) FROM c"

static void expect_usable(PGconn *c)
{
    cr_expect_eq(PQstatus(c), CONNECTION_OK);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    cr_expect_eq(e2e_query_int(c, "SELECT 41 + 1"), 42, "connection unusable after cancel");
}

Test(cancel, pqcancel_interrupts_a_long_query)
{
    PGconn *c = e2e_connect(NULL);
    PGcancel *cancel = PQgetCancel(c);
    cr_assert(cancel != NULL);
    int64_t start = e2e_now_ms();
    cr_assert(PQsendQuery(c, LONG_QUERY));
    /* The cancel may arrive before the statement starts (then it is a no-op), so repeat it
     * every 100 ms until the result arrives or 15 s pass. */
    int64_t deadline = start + 15000;
    int sent = 0;
    while (PQisBusy(c)) {
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        cr_assert(e2e_now_ms() < deadline, "no result 15 s after %d cancel requests", sent);
        if (poll(&p, 1, 100) == 0) {
            char err[256];
            cr_assert(PQcancel(cancel, err, sizeof(err)), "PQcancel: %s", err);
            sent++;
            continue;
        }
        cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
    }
    PGresult *r = PQgetResult(c);
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR, "the query was not cancelled: %s",
                 PQresStatus(PQresultStatus(r)));
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
    PQclear(r);
    cr_assert_null(PQgetResult(c));
    cr_expect(sent >= 1);
    PQfreeCancel(cancel);
    expect_usable(c);
    PQfinish(c);
}

Test(cancel, cancel_with_a_wrong_key_does_nothing)
{
    PGconn *c = e2e_connect(NULL);
    /* A CancelRequest with an unknown key: the server closes that socket silently. */
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    unsigned char pkt[16] = {0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1, 0, 0, 0, 2};
    cr_assert_eq(e2e_raw_send(fd, pkt, sizeof(pkt)), 0);
    cr_expect_eq(e2e_raw_wait_close(fd, 5000), 0, "server must close a cancel connection");
    close(fd);
    expect_usable(c);
    PQfinish(c);
}

Test(cancel, statement_timeout_cancels_with_57014)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "SET statement_timeout = 200", PGRES_COMMAND_OK));
    int64_t start = e2e_now_ms();
    PGresult *r = PQexec(c, LONG_QUERY);
    int64_t took = e2e_now_ms() - start;
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR, "the query was not timed out");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
    PQclear(r);
    cr_expect(took >= 150 && took < 5000, "timed out after %lld ms, expected ~200",
              (long long)took);
    /* short statements still run, and turning the timeout off lets them run long */
    cr_expect_eq(e2e_query_int(c, "SELECT 7"), 7);
    PQclear(e2e_exec(c, "SET statement_timeout = 0", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(c, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
                                  "FROM c WHERE n < 100000) SELECT count(*) FROM c"),
                 100000);
    expect_usable(c);
    PQfinish(c);
}

Test(cancel, statement_timeout_inside_a_transaction_fails_it)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "SET statement_timeout = 200", PGRES_COMMAND_OK));
    e2e_expect_error(c, LONG_QUERY, "57014");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INERROR);
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    expect_usable(c);
    PQfinish(c);
}

/* From another session, as admins and pool managers do: pg_cancel_backend(pid) ends the
 * running statement with 57014, pg_terminate_backend(pid) ends the connection with 57P01,
 * and pg_stat_activity lists every session under the pid its client was given. */
Test(cancel, pg_cancel_backend_and_pg_terminate_backend)
{
    PGconn *victim = e2e_connect(NULL);
    PGconn *idle = e2e_connect(NULL);
    PGconn *admin = e2e_connect(NULL);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE pid IN (%d, %d, %d)",
             PQbackendPID(victim), PQbackendPID(idle), PQbackendPID(admin));
    cr_expect_eq(e2e_query_int(admin, sql), 3);
    /* state and query of another session, as PostgreSQL shows them */
    PQclear(e2e_exec(idle, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(idle, "SELECT 1", PGRES_TUPLES_OK));
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM pg_stat_activity WHERE pid = %d AND state = 'idle in "
             "transaction' AND query = 'SELECT 1'",
             PQbackendPID(idle));
    cr_expect_eq(e2e_query_int(admin, sql), 1);
    cr_assert(PQsendQuery(victim, LONG_QUERY));
    int64_t deadline = e2e_now_ms() + 15000;
    snprintf(sql, sizeof sql, "SELECT pg_cancel_backend(%d)::int", PQbackendPID(victim));
    while (PQisBusy(victim)) { /* (repeated: the first may come before the query starts) */
        cr_assert(e2e_now_ms() < deadline, "pg_cancel_backend did not cancel");
        cr_expect_eq(e2e_query_int(admin, sql), 1);
        struct pollfd p = {.fd = PQsocket(victim), .events = POLLIN};
        if (poll(&p, 1, 100) > 0)
            cr_assert(PQconsumeInput(victim), "%s", PQerrorMessage(victim));
    }
    PGresult *r = PQgetResult(victim);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
    PQclear(r);
    cr_assert_null(PQgetResult(victim));
    expect_usable(victim);
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)::int", PQbackendPID(idle));
    cr_expect_eq(e2e_query_int(admin, sql), 1);
    r = PQexec(idle, "SELECT 1");
    cr_expect_neq(PQresultStatus(r), PGRES_TUPLES_OK, "a terminated session still answers");
    PQclear(r);
    cr_expect_eq(e2e_query_int(admin, "SELECT pg_cancel_backend(999999)::int"), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE pid = %d",
             PQbackendPID(idle));
    cr_expect_eq(e2e_query_int(admin, sql), 0);
    PQfinish(victim);
    PQfinish(idle);
    PQfinish(admin);
}
