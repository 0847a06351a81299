/* test_pipeline.c - libpq pipeline mode: many extended-protocol queries sent before one
 * Sync; an error discards the rest up to the Sync, and the next Sync starts afresh. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(pipeline, .init = e2e_setup, .fini = e2e_teardown, .timeout = 30);

/* Next result, waiting for the socket with a deadline so a missing reply fails the test
 * instead of hanging it. */
static PGresult *next_result(PGconn *c)
{
    int64_t deadline = e2e_now_ms() + 10000;
    while (PQisBusy(c)) {
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        int left = (int)(deadline - e2e_now_ms());
        cr_assert(left > 0, "no pipeline result within 10 s");
        poll(&p, 1, left);
        cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
    }
    return PQgetResult(c);
}

static void expect_status(PGconn *c, ExecStatusType want, const char *what)
{
    PGresult *r = next_result(c);
    cr_assert(r != NULL, "%s: no result", what);
    cr_assert_eq(PQresultStatus(r), want, "%s: expected %s, got %s (%s)", what, PQresStatus(want),
                 PQresStatus(PQresultStatus(r)), PQresultErrorMessage(r));
    PQclear(r);
    if (want != PGRES_PIPELINE_SYNC)
        cr_assert_null(next_result(c), "%s: expected end of this query's results", what);
}

static void send_q(PGconn *c, const char *sql)
{
    cr_assert(PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0), "%s: %s", sql,
              PQerrorMessage(c));
}

Test(pipeline, several_queries_then_sync)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE p (id integer PRIMARY KEY, v text)", PGRES_COMMAND_OK));
    cr_assert(PQenterPipelineMode(c));
    send_q(c, "INSERT INTO p VALUES (1, 'a')");
    send_q(c, "INSERT INTO p VALUES (2, 'b')");
    const char *params[1] = {"2"};
    cr_assert(
        PQsendQueryParams(c, "SELECT v FROM p WHERE id = $1", 1, NULL, params, NULL, NULL, 0));
    send_q(c, "SELECT count(*) FROM p");
    cr_assert(PQpipelineSync(c));

    expect_status(c, PGRES_COMMAND_OK, "insert 1");
    expect_status(c, PGRES_COMMAND_OK, "insert 2");
    PGresult *r = next_result(c);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "b");
    PQclear(r);
    cr_assert_null(next_result(c));
    r = next_result(c);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "2");
    PQclear(r);
    cr_assert_null(next_result(c));
    expect_status(c, PGRES_PIPELINE_SYNC, "sync");
    cr_assert(PQexitPipelineMode(c));
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    PQfinish(c);
}

Test(pipeline, error_discards_everything_up_to_sync)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE p (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    cr_assert(PQenterPipelineMode(c));
    send_q(c, "INSERT INTO p VALUES (1)");
    send_q(c, "SELECT * FROM no_such_table");
    send_q(c, "INSERT INTO p VALUES (2)");
    cr_assert(PQpipelineSync(c));
    send_q(c, "INSERT INTO p VALUES (3)");
    cr_assert(PQpipelineSync(c));

    expect_status(c, PGRES_COMMAND_OK, "insert 1");
    PGresult *r = next_result(c);
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P01");
    PQclear(r);
    cr_assert_null(next_result(c));
    r = next_result(c);
    cr_assert_eq(PQresultStatus(r), PGRES_PIPELINE_ABORTED, "insert 2 must be skipped, got %s",
                 PQresStatus(PQresultStatus(r)));
    PQclear(r);
    cr_assert_null(next_result(c));
    expect_status(c, PGRES_PIPELINE_SYNC, "first sync");
    expect_status(c, PGRES_COMMAND_OK, "insert 3 after the sync");
    expect_status(c, PGRES_PIPELINE_SYNC, "second sync");
    cr_assert(PQexitPipelineMode(c));
    /* one implicit transaction per sync: insert 1 went with the error, insert 3 stayed */
    PGresult *all = e2e_exec(c, "SELECT id FROM p ORDER BY id", PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(all), 1, "expected only row 3, got %d rows", PQntuples(all));
    cr_expect_str_eq(PQgetvalue(all, 0, 0), "3");
    PQclear(all);
    PQfinish(c);
}

Test(pipeline, many_queries_before_one_sync)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE p (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    cr_assert(PQenterPipelineMode(c));
    enum { N = 500 };
    for (int i = 0; i < N; i++) {
        char id[16];
        snprintf(id, sizeof(id), "%d", i);
        const char *p[1] = {id};
        cr_assert(PQsendQueryParams(c, "INSERT INTO p VALUES ($1)", 1, NULL, p, NULL, NULL, 0));
    }
    cr_assert(PQpipelineSync(c));
    for (int i = 0; i < N; i++)
        expect_status(c, PGRES_COMMAND_OK, "pipelined insert");
    expect_status(c, PGRES_PIPELINE_SYNC, "sync");
    cr_assert(PQexitPipelineMode(c));
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM p"), N);
    PQfinish(c);
}

/* Each query with its own Sync, all sent before any result is read: the server answers
 * them in order with exactly one ReadyForQuery each, also when the client's socket is full
 * (the answers are larger than its buffer) and the rest of an answer has to wait. */
Test(pipeline, one_sync_each_while_the_client_does_not_read)
{
    PGconn *c = e2e_connect(NULL);
    cr_assert(PQenterPipelineMode(c));
    enum { N = 200, LEN = 40000 };
    for (int i = 0; i < N; i++) {
        char n[16];
        snprintf(n, sizeof(n), "%d", i);
        const char *p[1] = {n};
        cr_assert(PQsendQueryParams(c, "SELECT $1::int AS i, repeat('x', 40000) AS pad", 1, NULL, p,
                                    NULL, NULL, 0));
        cr_assert(PQpipelineSync(c));
    }
    cr_assert_eq(PQflush(c), 0);
    usleep(300 * 1000); /* let the answers fill the socket */
    for (int i = 0; i < N; i++) {
        PGresult *r = next_result(c);
        cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "query %d: %s", i,
                     PQresultErrorMessage(r));
        cr_assert_eq(atoi(PQgetvalue(r, 0, 0)), i);
        cr_assert_eq(PQgetlength(r, 0, 1), LEN);
        PQclear(r);
        cr_assert_null(next_result(c));
        expect_status(c, PGRES_PIPELINE_SYNC, "sync");
    }
    cr_assert(PQexitPipelineMode(c));
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    cr_expect_eq(e2e_query_int(c, "SELECT 7"), 7);
    PQfinish(c);
}

/* A SELECT that changes a setting is answered after the session applied it. */
Test(pipeline, select_with_set_config_reports_the_new_value)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = PQexecParams(c, "SELECT set_config('application_name', 'reporter', false)", 0,
                               NULL, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    cr_expect_str_eq(PQparameterStatus(c, "application_name"), "reporter");
    r = PQexecParams(c, "SHOW application_name", 0, NULL, NULL, NULL, NULL, 0);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "reporter");
    PQclear(r);
    r = PQexecParams(c, "SELECT 1 / 0", 0, NULL, NULL, NULL, NULL, 0);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22012");
    PQclear(r);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    PQfinish(c);
}
