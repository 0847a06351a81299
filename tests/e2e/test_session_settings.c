/* test_session_settings.c - session-level statements and settings: LOCK TABLE (only in a
 * block, unknown tables, EXCLUSIVE makes other writers wait), SET TRANSACTION ISOLATION
 * after a query, memory settings (SHOW, current_setting, pg_settings, validation),
 * set_config scoping, DateStyle input order and output styles, IntervalStyle output, and
 * TRUNCATE with foreign keys. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <string.h>

TestSuite(settings, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void expect_row(PGconn *c, const char *sql, const char *const *want, int n)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 1, "%s", sql);
    cr_assert_eq(PQnfields(r), n, "%s", sql);
    for (int i = 0; i < n; i++)
        cr_expect_str_eq(PQgetvalue(r, 0, i), want[i], "%s (column %d)", sql, i + 1);
    PQclear(r);
}

#define EXPECT_ROW(c, sql, ...)                                                                    \
    do {                                                                                           \
        const char *const w_[] = {__VA_ARGS__};                                                    \
        expect_row(c, sql, w_, (int)(sizeof(w_) / sizeof(w_[0])));                                 \
    } while (0)

Test(settings, lock_table_needs_a_block_and_exclusive_mode_holds_off_writers)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_ok(a, "CREATE TABLE lk (id int)");
    e2e_expect_error(a, "LOCK TABLE lk", "25P01");
    e2e_ok(a, "BEGIN");
    PGresult *nr = PQexec(a, "LOCK TABLE no_such_table IN SHARE MODE");
    cr_expect_str_eq(PQresultErrorField(nr, PG_DIAG_SQLSTATE), "42P01");
    cr_expect_null(PQresultErrorField(nr, PG_DIAG_STATEMENT_POSITION)); /* as PostgreSQL */
    PQclear(nr);
    e2e_ok(a, "ROLLBACK");
    e2e_ok(a, "BEGIN");
    PGresult *r = e2e_exec(a, "LOCK TABLE ONLY lk IN EXCLUSIVE MODE NOWAIT", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "LOCK TABLE");
    PQclear(r);
    cr_assert(PQsendQuery(b, "INSERT INTO lk VALUES (2)"));
    struct pollfd p = {.fd = PQsocket(b), .events = POLLIN};
    cr_expect_eq(poll(&p, 1, 300), 0, "a writer was not held off by LOCK ... EXCLUSIVE");
    e2e_ok(a, "INSERT INTO lk VALUES (1)");
    e2e_ok(a, "COMMIT");
    r = PQgetResult(b);
    cr_expect_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    cr_assert_null(PQgetResult(b));
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM lk"), 2);
    /* NOWAIT fails at once while another block holds the writer */
    e2e_ok(a, "BEGIN");
    e2e_ok(a, "LOCK TABLE lk IN ACCESS EXCLUSIVE MODE");
    e2e_ok(b, "BEGIN");
    int64_t t0 = e2e_now_ms();
    e2e_expect_error(b, "LOCK TABLE lk IN EXCLUSIVE MODE NOWAIT", "55P03");
    cr_expect(e2e_now_ms() - t0 < 2000);
    e2e_ok(b, "ROLLBACK");
    e2e_ok(a, "COMMIT");
    PQfinish(a);
    PQfinish(b);
}

Test(settings, set_transaction_isolation_after_a_query_fails)
{
    PGconn *a = e2e_connect(NULL);
    e2e_ok(a, "BEGIN");
    e2e_ok(a, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    EXPECT_ROW(a, "SHOW transaction_isolation", "serializable");
    e2e_ok(a, "SELECT 1");
    e2e_expect_error(a, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "25001");
    e2e_ok(a, "ROLLBACK");
    PQfinish(a);
}

Test(settings, memory_settings_show_validate_and_reach_sql)
{
    PGconn *a = e2e_connect(NULL);
    EXPECT_ROW(a, "SHOW work_mem", "4MB");
    e2e_ok(a, "SET work_mem = '16MB'");
    EXPECT_ROW(a, "SELECT current_setting('work_mem')", "16MB");
    EXPECT_ROW(a, "SELECT setting, unit FROM pg_settings WHERE name = 'work_mem'", "16384", "kB");
    e2e_ok(a, "SET work_mem = 2048");
    EXPECT_ROW(a, "SHOW work_mem", "2MB");
    e2e_ok(a, "SET work_mem = '1536kB'");
    EXPECT_ROW(a, "SHOW work_mem", "1536kB");
    e2e_expect_error(a, "SET work_mem = '1 bazillion'", "22023");
    e2e_expect_error(a, "SET work_mem = '1kB'", "22023");
    e2e_ok(a, "SET statement_timeout = '1min'");
    EXPECT_ROW(a,
               "SELECT current_setting('statement_timeout'), setting FROM pg_settings "
               "WHERE name = 'statement_timeout'",
               "1min", "60000");
    e2e_ok(a, "DISCARD ALL");
    EXPECT_ROW(a, "SHOW work_mem", "4MB");
    PQfinish(a);
}

Test(settings, set_config_follows_set_and_set_local_scoping)
{
    PGconn *a = e2e_connect(NULL);
    EXPECT_ROW(a, "SELECT set_config('app.tenant', '42', false), current_setting('app.tenant')",
               "42", "42");
    EXPECT_ROW(a, "SHOW app.tenant", "42");
    e2e_expect_error(a, "SELECT current_setting('app.missing')", "42704");
    e2e_expect_error(a, "SELECT set_config('no_such_setting', '1', false)", "42704");
    e2e_expect_error(a, "SELECT set_config('work_mem', 'lots', false)", "22023");
    EXPECT_ROW(a, "SELECT set_config('work_mem', '8MB', false)", "8MB");
    EXPECT_ROW(a, "SHOW work_mem", "8MB");
    e2e_ok(a, "BEGIN");
    EXPECT_ROW(a, "SELECT set_config('app.req', 'r1', true)", "r1");
    EXPECT_ROW(a, "SELECT current_setting('app.req')", "r1");
    EXPECT_ROW(a, "SELECT set_config('app.tenant', '7', true)", "7");
    e2e_ok(a, "COMMIT");
    EXPECT_ROW(a, "SELECT current_setting('app.req', true), current_setting('app.tenant')", "",
               "42");
    e2e_ok(a, "BEGIN");
    e2e_ok(a, "SELECT set_config('app.tenant', '8', false)");
    e2e_ok(a, "ROLLBACK");
    EXPECT_ROW(a, "SELECT current_setting('app.tenant')", "42");
    PQfinish(a);
}

Test(settings, datestyle_orders_input_and_shapes_output)
{
    PGconn *a = e2e_connect(NULL);
    e2e_ok(a, "SET DateStyle = 'DMY'");
    EXPECT_ROW(a, "SHOW DateStyle", "ISO, DMY");
    EXPECT_ROW(a, "SELECT '11/12/2023'::date, '2023-12-11'::date", "2023-12-11", "2023-12-11");
    e2e_ok(a, "SET DateStyle = 'SQL'");
    EXPECT_ROW(a, "SELECT date '2023-12-11', timestamptz '2023-12-11 10:00:01.5+00'", "11/12/2023",
               "11/12/2023 10:00:01.5 UTC");
    e2e_ok(a, "SET DateStyle = 'German'");
    EXPECT_ROW(a, "SHOW DateStyle", "German, DMY");
    EXPECT_ROW(a, "SELECT timestamp '2023-12-11 10:00:01'", "11.12.2023 10:00:01");
    e2e_ok(a, "SET DateStyle = 'Postgres, MDY'");
    EXPECT_ROW(a, "SELECT date '2023-12-11', timestamp '2023-12-11 10:00:01'", "12-11-2023",
               "Mon Dec 11 10:00:01 2023");
    e2e_expect_error(a, "SET DateStyle = 'ISO, SQL'", "22023");
    e2e_ok(a, "RESET DateStyle");
    EXPECT_ROW(a, "SELECT '11/12/23'::date", "2023-11-12");
    /* values are stored the same way whatever the style */
    e2e_ok(a, "CREATE TABLE ds (d date)");
    e2e_ok(a, "SET DateStyle = 'SQL, DMY'");
    e2e_ok(a, "INSERT INTO ds VALUES ('01/02/2024')");
    e2e_ok(a, "RESET DateStyle");
    EXPECT_ROW(a, "SELECT d, d + 1 FROM ds", "2024-02-01", "2024-02-02");
    PQfinish(a);
}

Test(settings, intervalstyle_shapes_output)
{
    PGconn *a = e2e_connect(NULL);
    const char *q = "SELECT interval '3 days 04:05:06', interval '-2 years -1 month', "
                    "interval '-1.5 sec', interval '0'";
    e2e_ok(a, "SET IntervalStyle = sql_standard");
    EXPECT_ROW(a, q, "3 4:05:06", "-2-1", "-0:00:01.5", "0");
    e2e_ok(a, "SET IntervalStyle = iso_8601");
    EXPECT_ROW(a, q, "P3DT4H5M6S", "P-2Y-1M", "PT-1.5S", "PT0S");
    e2e_ok(a, "SET IntervalStyle = postgres_verbose");
    EXPECT_ROW(a, q, "@ 3 days 4 hours 5 mins 6 secs", "@ 2 years 1 mon ago", "@ 1.5 secs ago",
               "@ 0");
    e2e_expect_error(a, "SET IntervalStyle = 'klingon'", "22023");
    e2e_ok(a, "SET IntervalStyle = postgres");
    EXPECT_ROW(a, q, "3 days 04:05:06", "-2 years -1 mons", "-00:00:01.5", "00:00:00");
    PQfinish(a);
}

Test(settings, truncate_respects_foreign_keys)
{
    PGconn *a = e2e_connect(NULL);
    e2e_ok(a, "CREATE TABLE tp (id bigserial PRIMARY KEY, v text)");
    e2e_ok(a, "CREATE TABLE tc (pid bigint REFERENCES tp (id), w text)");
    e2e_ok(a, "INSERT INTO tp (v) VALUES ('a'), ('b')");
    e2e_ok(a, "INSERT INTO tc VALUES (1, 'x')");
    PGresult *r = PQexec(a, "TRUNCATE tp");
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "0A000");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "cannot truncate a table referenced in a foreign key constraint");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL),
                     "Table \"tc\" references \"tp\".");
    PQclear(r);
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM tp"), 2);
    r = e2e_exec(a, "TRUNCATE tp, tc RESTART IDENTITY", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "TRUNCATE TABLE");
    PQclear(r);
    cr_expect_eq(e2e_query_int(a, "INSERT INTO tp (v) VALUES ('c') RETURNING id"), 1);
    e2e_ok(a, "INSERT INTO tc VALUES (1, 'y')");
    e2e_ok(a, "TRUNCATE TABLE tp CASCADE");
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM tc"), 0);
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM tp"), 0);
    PQfinish(a);
}

/* ROLLBACK TO undoes SETs made after the savepoint; AND CHAIN starts the next block;
 * default_transaction_read_only makes autocommit writes fail. */
Test(settings, savepoints_chain_and_default_read_only)
{
    PGconn *c = e2e_connect(NULL);
    static const char *const k_32[] = {"32MB"}, *const k_1[] = {"1"}, *const k_0[] = {"0"};
    e2e_ok(c, "CREATE TABLE t (v int)");
    e2e_ok(c, "BEGIN");
    e2e_ok(c, "SET work_mem = '32MB'");
    e2e_ok(c, "SAVEPOINT s");
    e2e_ok(c, "SET work_mem = '64MB'");
    e2e_ok(c, "ROLLBACK TO s");
    expect_row(c, "SHOW work_mem", k_32, 1);
    e2e_ok(c, "COMMIT");
    expect_row(c, "SHOW work_mem", k_32, 1);
    e2e_ok(c, "BEGIN");
    e2e_ok(c, "COMMIT AND CHAIN");
    e2e_ok(c, "INSERT INTO t VALUES (10)");
    e2e_ok(c, "ROLLBACK"); /* the chained block */
    expect_row(c, "SELECT count(*) FROM t", k_0, 1);
    e2e_expect_error(c, "COMMIT AND CHAIN", "25P01");
    e2e_ok(c, "SET default_transaction_read_only = on");
    e2e_expect_error(c, "INSERT INTO t VALUES (8)", "25006");
    e2e_ok(c, "BEGIN READ WRITE");
    e2e_ok(c, "INSERT INTO t VALUES (9)");
    e2e_ok(c, "COMMIT");
    expect_row(c, "SELECT count(*) FROM t", k_1, 1);
    PQfinish(c);
}

/* client_min_messages filters what reaches the client (Rails sets it to warning so that
 * IF EXISTS skips stay quiet); its value is one of PostgreSQL's levels. */
static int g_notices;
static void count_notice(void *arg, const PGresult *r)
{
    (void)arg;
    (void)r;
    g_notices++;
}

Test(settings, client_min_messages_filters_notices)
{
    PGconn *c = e2e_connect(NULL);
    PQsetNoticeReceiver(c, count_notice, NULL);
    g_notices = 0;
    PQclear(e2e_exec(c, "DROP TABLE IF EXISTS nothing_here", PGRES_COMMAND_OK));
    cr_expect_eq(g_notices, 1, "NOTICE at the default level");
    PQclear(e2e_exec(c, "SET client_min_messages = 'WARNING'", PGRES_COMMAND_OK));
    PGresult *r = e2e_exec(c, "SHOW client_min_messages", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "warning");
    PQclear(r);
    PQclear(e2e_exec(c, "DROP TABLE IF EXISTS nothing_here", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "COMMIT", PGRES_COMMAND_OK)); /* a WARNING still comes */
    cr_expect_eq(g_notices, 2, "only the WARNING");
    PQclear(e2e_exec(c, "SET client_min_messages = error", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "COMMIT", PGRES_COMMAND_OK));
    cr_expect_eq(g_notices, 2, "no WARNING at error");
    e2e_expect_error(c, "SET client_min_messages = bogus", "22023");
    PQfinish(c);
}

/* The startup "options" parameter (PGOPTIONS): "-c name=value", "-cname=value" and
 * "--name=value" set settings for the session; a backslash escapes a blank; a switch
 * without a value or an unknown switch refuses the connection. */
Test(settings, startup_options_set_settings)
{
    PGconn *c = e2e_connect("options='-c statement_timeout=5000 --search-path=a,public "
                            "-c app.note=my\\\\ app "
                            "-cwork_mem=8MB'");
    EXPECT_ROW(c, "SHOW statement_timeout", "5s");
    EXPECT_ROW(c, "SHOW search_path", "a,public");
    EXPECT_ROW(c, "SELECT current_setting('app.note')", "my app");
    EXPECT_ROW(c, "SELECT current_setting('work_mem')", "8MB");
    PQfinish(c);
    const char *bad[] = {"options='-c statement_timeout'", "options='-x'"};
    for (size_t i = 0; i < 2; i++) {
        c = e2e_connect_raw(&e2e_srv, bad[i]);
        cr_expect_eq(PQstatus(c), CONNECTION_BAD, "%s", bad[i]);
        PQfinish(c);
    }
}
