/* test_query.c - simple and extended query protocol through libpq: results, command tags,
 * parameters, prepared statements, Describe, and a multi-statement Query string running as
 * one implicit transaction. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(query, .init = e2e_setup, .fini = e2e_teardown, .timeout = 30);

static void expect_tag(PGconn *c, const char *sql, ExecStatusType st, const char *tag)
{
    PGresult *r = e2e_exec(c, sql, st);
    cr_expect_str_eq(PQcmdStatus(r), tag, "%s: expected tag '%s', got '%s'", sql, tag,
                     PQcmdStatus(r));
    PQclear(r);
}

Test(query, simple_query_returns_rows_and_command_tags)
{
    PGconn *c = e2e_connect(NULL);
    expect_tag(c, "CREATE TABLE items (id integer PRIMARY KEY, name text, price real)",
               PGRES_COMMAND_OK, "CREATE TABLE");
    expect_tag(c, "INSERT INTO items VALUES (1, 'apple', 1.5), (2, 'pear', 2.25)", PGRES_COMMAND_OK,
               "INSERT 0 2");
    expect_tag(c, "INSERT INTO items VALUES (3, 'fig', 3)", PGRES_COMMAND_OK, "INSERT 0 1");
    expect_tag(c, "UPDATE items SET price = price * 2 WHERE id >= 2", PGRES_COMMAND_OK, "UPDATE 2");
    expect_tag(c, "DELETE FROM items WHERE id = 3", PGRES_COMMAND_OK, "DELETE 1");
    expect_tag(c, "UPDATE items SET name = 'x' WHERE id = 42", PGRES_COMMAND_OK, "UPDATE 0");

    PGresult *r = e2e_exec(c, "SELECT id, name, price FROM items ORDER BY id", PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 2);
    cr_assert_eq(PQnfields(r), 3);
    cr_expect_str_eq(PQcmdStatus(r), "SELECT 2");
    cr_expect_str_eq(PQfname(r, 0), "id");
    cr_expect_str_eq(PQfname(r, 1), "name");
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "1");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "apple");
    cr_expect_str_eq(PQgetvalue(r, 0, 2), "1.5");
    cr_expect_str_eq(PQgetvalue(r, 1, 1), "pear");
    cr_expect_str_eq(PQgetvalue(r, 1, 2), "4.5");
    /* integer -> int4 or int8, text -> text, real -> float4 or float8 */
    cr_expect(PQftype(r, 0) == 23 || PQftype(r, 0) == 20, "id type oid %u", PQftype(r, 0));
    cr_expect_eq(PQftype(r, 1), 25, "name type oid %u", PQftype(r, 1));
    cr_expect(PQftype(r, 2) == 700 || PQftype(r, 2) == 701, "price oid %u", PQftype(r, 2));
    PQclear(r);
    PQfinish(c);
}

Test(query, nulls_and_empty_query)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = e2e_exec(c, "SELECT NULL AS n, '' AS e", PGRES_TUPLES_OK);
    cr_expect(PQgetisnull(r, 0, 0), "NULL must arrive as SQL NULL");
    cr_expect(!PQgetisnull(r, 0, 1), "empty string is not NULL");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "");
    PQclear(r);
    r = e2e_exec(c, "", PGRES_EMPTY_QUERY);
    PQclear(r);
    r = e2e_exec(c, "  ;  ", PGRES_EMPTY_QUERY);
    PQclear(r);
    PQfinish(c);
}

Test(query, exec_params_binds_text_parameters)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE kv (k text PRIMARY KEY, v integer)", PGRES_COMMAND_OK));
    const char *vals[2] = {"it's", "41"};
    PGresult *r = PQexecParams(c, "INSERT INTO kv VALUES ($1, $2)", 2, NULL, vals, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdTuples(r), "1");
    PQclear(r);
    const char *k[1] = {"it's"};
    r = PQexecParams(c, "SELECT v + 1 FROM kv WHERE k = $1", 1, NULL, k, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_assert_eq(PQntuples(r), 1);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "42");
    PQclear(r);
    const char *nul[1] = {NULL};
    r = PQexecParams(c, "SELECT count(*) FROM kv WHERE k = $1", 1, NULL, nul, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "0", "k = NULL matches nothing");
    PQclear(r);
    PQfinish(c);
}

Test(query, prepared_statements_run_many_times)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE t (id integer PRIMARY KEY, v text)", PGRES_COMMAND_OK));
    PGresult *r = PQprepare(c, "ins", "INSERT INTO t (id, v) VALUES ($1, $2)", 2, NULL);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    for (int i = 1; i <= 50; i++) {
        char id[16], v[16];
        snprintf(id, sizeof(id), "%d", i);
        snprintf(v, sizeof(v), "v%d", i);
        const char *p[2] = {id, v};
        r = PQexecPrepared(c, "ins", 2, p, NULL, NULL, 0);
        cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "row %d: %s", i, PQresultErrorMessage(r));
        cr_assert_str_eq(PQcmdStatus(r), "INSERT 0 1");
        PQclear(r);
    }
    r = PQprepare(c, "get", "SELECT v FROM t WHERE id = $1", 1, NULL);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    const char *p[1] = {"37"};
    r = PQexecPrepared(c, "get", 1, p, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_assert_eq(PQntuples(r), 1);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "v37");
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM t"), 50);
    /* a second statement with the same name is an error (42P05), the first still works */
    r = PQprepare(c, "get", "SELECT 1", 0, NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P05");
    PQclear(r);
    r = PQexecPrepared(c, "nope", 0, NULL, NULL, NULL, 0);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "26000");
    PQclear(r);
    r = PQexecPrepared(c, "get", 1, p, NULL, NULL, 0);
    cr_expect_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
}

Test(query, describe_prepared_reports_parameter_and_result_types)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE d (id integer PRIMARY KEY, name text)", PGRES_COMMAND_OK));
    Oid types[2] = {23, 25}; /* int4, text: declared by the client */
    PGresult *r =
        PQprepare(c, "s1", "SELECT id, name FROM d WHERE id = $1 AND name = $2", 2, types);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = PQdescribePrepared(c, "s1");
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_assert_eq(PQnparams(r), 2);
    cr_expect_eq(PQparamtype(r, 0), 23, "param 1 oid %u", PQparamtype(r, 0));
    cr_expect_eq(PQparamtype(r, 1), 25, "param 2 oid %u", PQparamtype(r, 1));
    cr_assert_eq(PQnfields(r), 2);
    cr_expect_str_eq(PQfname(r, 0), "id");
    cr_expect_str_eq(PQfname(r, 1), "name");
    cr_expect(PQftype(r, 0) == 23 || PQftype(r, 0) == 20, "id oid %u", PQftype(r, 0));
    cr_expect_eq(PQftype(r, 1), 25, "name oid %u", PQftype(r, 1));
    PQclear(r);

    /* a statement without a result: NoData, zero fields */
    r = PQprepare(c, "s2", "DELETE FROM d WHERE id = $1", 1, NULL);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = PQdescribePrepared(c, "s2");
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_eq(PQnparams(r), 1);
    cr_expect_eq(PQnfields(r), 0);
    PQclear(r);
    PQfinish(c);
}

Test(query, multi_statement_query_is_one_implicit_transaction)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE m (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    /* all three succeed: each statement's result arrives, the last is returned by PQexec */
    PGresult *r = e2e_exec(c,
                           "INSERT INTO m VALUES (1); INSERT INTO m VALUES (2); "
                           "SELECT count(*) FROM m",
                           PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "2");
    PQclear(r);
    /* the third fails: the first two are rolled back with it */
    e2e_expect_error(c,
                     "INSERT INTO m VALUES (3); INSERT INTO m VALUES (4); "
                     "INSERT INTO m VALUES (1)",
                     "23505");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM m"), 2,
                 "rows 3 and 4 must be rolled back with the failing statement");
    /* statements after the failing one do not run */
    e2e_expect_error(c, "INSERT INTO m VALUES (1); INSERT INTO m VALUES (9)", "23505");
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM m WHERE id = 9"), 0);
    PQfinish(c);
}

/* A migration sent as one string (as ORMs' migration tools do): each statement sees what
 * the DDL before it created, and errors point into the whole string. */
Test(query, multi_statement_ddl_then_statements_that_use_it)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = e2e_exec(c,
                           "CREATE TABLE mp (id int PRIMARY KEY, code varchar(3)); "
                           "CREATE TABLE mc (id int, p int); "
                           "ALTER TABLE mc ADD CONSTRAINT mc_p_fkey FOREIGN KEY (p) "
                           "REFERENCES mp (id); "
                           "CREATE UNIQUE INDEX mp_code ON mp (code); "
                           "INSERT INTO mp VALUES (1, 'abc'); INSERT INTO mc VALUES (10, 1); "
                           "SELECT count(*) FROM mc JOIN mp ON mp.id = mc.p",
                           PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
    /* the varchar(3) of a table created earlier in the same string is enforced */
    e2e_expect_error(c, "CREATE TABLE mv (c varchar(3)); INSERT INTO mv VALUES ('abcd')", "22001");
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM pg_class WHERE relname = 'mv'"), 0,
                 "the failed string is one implicit transaction: mv is rolled back");
    /* dropping in dependency order within one string */
    PQclear(e2e_exec(c, "DROP TABLE mc; DROP TABLE mp", PGRES_COMMAND_OK));
    r = PQexec(c, "SELECT 1; CREATE TABLE mz (a int); SELECT * FROM nope");
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P01");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION), "50");
    PQclear(r);
    /* a prepared statement still holds one command, DDL or not */
    r = PQprepare(c, "two", "CREATE TABLE my (a int); SELECT 1", 0, NULL);
    cr_expect_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42601");
    PQclear(r);
    PQfinish(c);
}

Test(query, multi_statement_results_arrive_in_order)
{
    PGconn *c = e2e_connect(NULL);
    cr_assert(PQsendQuery(c, "SELECT 1 AS a; SELECT 'two' AS b; CREATE TABLE z (i integer)"));
    const char *tags[3] = {"SELECT 1", "SELECT 1", "CREATE TABLE"};
    for (int i = 0; i < 3; i++) {
        PGresult *r = PQgetResult(c);
        cr_assert(r != NULL, "result %d missing", i + 1);
        cr_expect_str_eq(PQcmdStatus(r), tags[i], "result %d", i + 1);
        if (i == 1)
            cr_expect_str_eq(PQgetvalue(r, 0, 0), "two");
        PQclear(r);
    }
    cr_expect_null(PQgetResult(c));
    PQfinish(c);
}

/* --- raw protocol: Execute with a row limit suspends the portal, the next Execute resumes */

static void expect_types(int fd, const char *types)
{
    for (const char *t = types; *t; t++) {
        e2e_msg_t m;
        cr_assert_eq(e2e_raw_read_msg(fd, &m, 5000), 1, "missing message '%c' (#%d of \"%s\")", *t,
                     (int)(t - types) + 1, types);
        cr_assert_eq(m.type, *t, "message #%d of \"%s\" is '%c' (%s)", (int)(t - types) + 1, types,
                     m.type, e2e_errfield(&m, 'M') ? e2e_errfield(&m, 'M') : "");
    }
}

static int raw_ready_session(void)
{
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    cr_assert_eq(e2e_raw_startup(fd, E2E_USER, E2E_DBNAME), 0);
    e2e_msg_t m;
    do {
        cr_assert_eq(e2e_raw_read_msg(fd, &m, 5000), 1, "no ReadyForQuery after startup");
        cr_assert_neq(m.type, 'E', "startup failed: %s", e2e_errfield(&m, 'M'));
    } while (m.type != 'Z');
    return fd;
}

Test(query, execute_with_row_limit_suspends_and_resumes_the_portal)
{
    int fd = raw_ready_session();
    static const char parse[] = "\0WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 "
                                "FROM c WHERE n < 5) SELECT n FROM c\0\0\0";
    e2e_raw_send_msg(fd, 'P', parse, sizeof(parse) - 1);
    static const char bind[] = {0, 0, 0, 0, 0, 0, 0, 0}; /* "", "", 0 fmts, 0 params, 0 rfmts */
    e2e_raw_send_msg(fd, 'B', bind, sizeof(bind));
    static const char exec2[] = {0, 0, 0, 0, 2}; /* unnamed portal, max 2 rows */
    e2e_raw_send_msg(fd, 'E', exec2, sizeof(exec2));
    e2e_raw_send_msg(fd, 'E', exec2, sizeof(exec2));
    e2e_raw_send_msg(fd, 'E', exec2, sizeof(exec2));
    e2e_raw_send_msg(fd, 'S', NULL, 0);
    /* ParseComplete, BindComplete, 2 rows + PortalSuspended, twice, then the last row and
     * CommandComplete, ReadyForQuery */
    expect_types(fd, "12DDsDDsDCZ");
    /* Describe of a portal, and Close of statement and portal */
    e2e_raw_send_msg(fd, 'P', parse, sizeof(parse) - 1);
    e2e_raw_send_msg(fd, 'B', bind, sizeof(bind));
    static const char describe_portal[] = {'P', 0};
    e2e_raw_send_msg(fd, 'D', describe_portal, sizeof(describe_portal));
    static const char close_portal[] = {'P', 0}, close_stmt[] = {'S', 0};
    e2e_raw_send_msg(fd, 'C', close_portal, sizeof(close_portal));
    e2e_raw_send_msg(fd, 'C', close_stmt, sizeof(close_stmt));
    e2e_raw_send_msg(fd, 'S', NULL, 0);
    expect_types(fd, "12T33Z");
    e2e_raw_send_msg(fd, 'X', NULL, 0);
    cr_expect_eq(e2e_raw_wait_close(fd, 5000), 0, "Terminate did not close the connection");
    close(fd);
}

Test(query, returning_sees_the_updated_row)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE st (k text PRIMARY KEY, value text, n integer NOT NULL)",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO st VALUES ('a', 'x', 1)", PGRES_COMMAND_OK));
    PGresult *r = e2e_exec(c,
                           "UPDATE st SET value = NULL, n = n + 1 WHERE k = 'a' "
                           "RETURNING value IS NULL AS cleared, value IS NOT NULL AS kept, n",
                           PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "t");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "f");
    cr_expect_str_eq(PQgetvalue(r, 0, 2), "2");
    PQclear(r);
    PQfinish(c);
}

Test(query, extended_protocol_show_and_prepare_statements)
{
    PGconn *c = e2e_connect(NULL);
    /* SHOW over Parse/Bind/Describe/Execute names its column as PostgreSQL spells it */
    PGresult *r = PQexecParams(c, "SHOW DateStyle", 0, NULL, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    cr_expect_str_eq(PQfname(r, 0), "DateStyle");
    PQclear(r);
    /* Describe of a prepared SHOW (what asyncpg relies on) and SHOW ALL over Execute */
    r = PQprepare(c, "show_tz", "SHOW TIME ZONE", 0, NULL);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQerrorMessage(c));
    PQclear(r);
    r = PQdescribePrepared(c, "show_tz");
    cr_assert_eq(PQnfields(r), 1);
    cr_expect_str_eq(PQfname(r, 0), "TimeZone");
    cr_expect_eq(PQftype(r, 0), 25);
    PQclear(r);
    r = PQprepare(c, "show_all", "SHOW ALL", 0, NULL);
    PQclear(r);
    r = PQdescribePrepared(c, "show_all");
    cr_assert_eq(PQnfields(r), 3);
    cr_expect_str_eq(PQfname(r, 2), "description");
    PQclear(r);
    r = PQexecPrepared(c, "show_all", 0, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    cr_expect_gt(PQntuples(r), 20);
    cr_expect_str_eq(PQcmdStatus(r), "SHOW");
    PQclear(r);
    /* a PREPARE's $1 belongs to the statement it prepares: the Parse itself has none */
    r = PQexecParams(c, "PREPARE plus_one(int) AS SELECT $1 + 1", 0, NULL, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQerrorMessage(c));
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "EXECUTE plus_one(41)"), 42);
    /* EXECUTE itself over the extended protocol: Describe gets the prepared statement's row */
    r = PQexecParams(c, "EXECUTE plus_one(1)", 0, NULL, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    cr_expect_eq(PQnfields(r), 1);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "2");
    PQclear(r);
    PQclear(e2e_exec(c, "CREATE TABLE ex_t (a int)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "PREPARE ins(int) AS INSERT INTO ex_t VALUES ($1)", PGRES_COMMAND_OK));
    r = PQexecParams(c, "EXECUTE ins(5)", 0, NULL, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQerrorMessage(c));
    cr_expect_str_eq(PQcmdTuples(r), "1");
    PQclear(r);
    PQfinish(c);
}

Test(query, explain_returns_the_plan_as_rows)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE ex (id integer PRIMARY KEY, v text)", PGRES_COMMAND_OK));
    PGresult *r = e2e_exec(c, "EXPLAIN SELECT * FROM ex WHERE id = 1", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQfname(r, 0), "QUERY PLAN");
    cr_expect_eq(PQftype(r, 0), 25);
    cr_assert_geq(PQntuples(r), 1);
    cr_expect(strstr(PQgetvalue(r, 0, 0), "ex") != NULL, "plan: %s", PQgetvalue(r, 0, 0));
    cr_expect_str_eq(PQcmdStatus(r), "EXPLAIN");
    PQclear(r);
    r = e2e_exec(c, "EXPLAIN (COSTS OFF) SELECT * FROM ex a JOIN ex b ON a.v = b.v",
                 PGRES_TUPLES_OK);
    cr_expect_geq(PQntuples(r), 2); /* one line per table */
    PQclear(r);
    /* EXPLAIN does not run the statement */
    PQclear(e2e_exec(c, "EXPLAIN DELETE FROM ex", PGRES_TUPLES_OK));
    PQclear(e2e_exec(c, "INSERT INTO ex VALUES (1, 'a')", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "EXPLAIN DELETE FROM ex", PGRES_TUPLES_OK));
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM ex"), 1);
    e2e_expect_error(c, "EXPLAIN SELECT * FROM nowhere", "42P01");
    PQfinish(c);
}

/* EXPLAIN ANALYZE runs the query: the plan's top line shows the rows it returned, and
 * PostgreSQL's Planning / Execution Time lines follow (not with SUMMARY off); the query's
 * own errors are raised. Of a statement that writes: 0A000 (it would run it). */
Test(query, explain_analyze_runs_the_query)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE ea (id integer PRIMARY KEY, v text)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO ea SELECT g, 'x' FROM generate_series(1, 20) g",
                     PGRES_COMMAND_OK));
    PGresult *r = e2e_exec(c, "EXPLAIN ANALYZE SELECT * FROM ea WHERE id <= 5", PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 3);
    cr_expect(strstr(PQgetvalue(r, 0, 0), "(actual rows=5 loops=1)") != NULL, "%s",
              PQgetvalue(r, 0, 0));
    cr_expect(strncmp(PQgetvalue(r, 1, 0), "Planning Time: ", 15) == 0, "%s", PQgetvalue(r, 1, 0));
    cr_expect(strncmp(PQgetvalue(r, 2, 0), "Execution Time: ", 16) == 0, "%s", PQgetvalue(r, 2, 0));
    PQclear(r);
    r = e2e_exec(c, "EXPLAIN (ANALYZE, SUMMARY OFF) SELECT count(*) FROM ea", PGRES_TUPLES_OK);
    cr_expect_eq(PQntuples(r), 1);
    PQclear(r);
    e2e_expect_error(c, "EXPLAIN ANALYZE SELECT 1 / (id - id) FROM ea", "22012");
    e2e_expect_error(c, "EXPLAIN ANALYZE DELETE FROM ea", "0A000");
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM ea"), 20);
    PQfinish(c);
}

Test(query, any_and_all_over_a_null_array_are_null)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = e2e_exec(c,
                           "SELECT 'a' = ANY(NULL::text[]), NULL = ANY('{}'::int[]), "
                           "2 = ANY('{1,NULL}'::int[]), 2 <> ALL('{1,3}'::int[]), "
                           "2 <> ALL(NULL::int[]), (NOT ('a' = ANY(NULL::text[]))) IS NULL",
                           PGRES_TUPLES_OK);
    const char *want[] = {"", "f", "", "t", "", "t"};
    for (int i = 0; i < 6; i++) {
        cr_expect_str_eq(PQgetvalue(r, 0, i), want[i], "column %d", i + 1);
        cr_expect_eq(PQgetisnull(r, 0, i), want[i][0] == '\0', "column %d null", i + 1);
    }
    PQclear(r);
    PQfinish(c);
}

Test(query, array_slices_and_overlay)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = e2e_exec(c,
                           "SELECT (ARRAY[1,2,3,4])[2:3], ('{a,b,c}'::text[])[:2], "
                           "('{a,b,c}'::text[])[2:], ('{a,b}'::text[])[5:6], (NULL::int[])[1:2], "
                           "overlay('abcdef' placing 'XY' from 3 for 2), "
                           "overlay('héllo' placing 'É' from 2)",
                           PGRES_TUPLES_OK);
    const char *want[] = {"{2,3}", "{a,b}", "{b,c}", "{}", "", "abXYef", "hÉllo"};
    for (int i = 0; i < 7; i++)
        cr_expect_str_eq(PQgetvalue(r, 0, i), want[i], "column %d", i + 1);
    cr_expect(PQgetisnull(r, 0, 4));
    cr_expect_eq(PQftype(r, 0), 1007); /* int4[] */
    PQclear(r);
    PQfinish(c);
}

/* Maintenance commands that scripts and tools send are accepted with PostgreSQL's tags. */
Test(query, maintenance_commands_answer_their_tags)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE mt (id int PRIMARY KEY)", PGRES_COMMAND_OK));
    expect_tag(c, "VACUUM", PGRES_COMMAND_OK, "VACUUM");
    expect_tag(c, "VACUUM (ANALYZE) mt", PGRES_COMMAND_OK, "VACUUM");
    expect_tag(c, "ANALYZE mt", PGRES_COMMAND_OK, "ANALYZE");
    expect_tag(c, "CHECKPOINT", PGRES_COMMAND_OK, "CHECKPOINT");
    PQfinish(c);
}

/* An enum's binary form is its label's bytes: psycopg 3 sends a registered Python Enum as
 * a binary parameter typed with the enum's OID. */
Test(query, binary_enum_parameters_are_their_labels)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TYPE bmood AS ENUM ('sad', 'ok', 'happy')", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE bm (id int, m bmood)", PGRES_COMMAND_OK));
    PGresult *r = e2e_exec(c, "SELECT 'bmood'::regtype::oid", PGRES_TUPLES_OK);
    Oid oid = (Oid)strtoul(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    const char *vals[1] = {"happy"};
    int lens[1] = {5}, fmts[1] = {1};
    r = PQexecParams(c, "INSERT INTO bm VALUES (1, $1)", 1, &oid, vals, lens, fmts, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = PQexecParams(c, "SELECT id FROM bm WHERE m > $1", 1, &oid, (const char *[]){"ok"},
                     (int[]){2}, fmts, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_assert_eq(PQntuples(r), 1);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
    r = PQexecParams(c, "SELECT $1", 1, &oid, (const char *[]){"meh"}, (int[]){3}, fmts, 0);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P02");
    PQclear(r);
    PQfinish(c);
}
