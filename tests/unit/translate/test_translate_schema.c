/* test_translate_schema.c - schemas and COMMENT ON through the translator on an in-memory
 * SQLite: a relation of schema s is stored as "s.x", qualified names reach it, unknown
 * schemas are 3F000, CREATE SCHEMA twice is 42P06, DROP SCHEMA of a non-empty schema is
 * 2BP01 without CASCADE and drops its relations with it; comments land in _lg_comments. */
#include "translate_test_util.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *g_db;

static void setup(void)
{
    g_db = tt_db_open();
}

static void teardown(void)
{
    sqlite3_close(g_db);
}

TestSuite(translate_schema, .init = setup, .fini = teardown);

static void expect_query(const char *sql, const char *want)
{
    char *v = tt_query1(g_db, sql);
    cr_expect(v != NULL, "%s", sql);
    if (v)
        cr_expect_str_eq(v, want, "%s", sql);
    free(v);
}

static void expect_sqlstate(const char *pg, const char *state)
{
    lg_pgerr_t err = {0};
    char *sql = tt_translate(g_db, pg, &err, NULL);
    cr_expect(sql == NULL, "%s translated to %s", pg, sql ? sql : "");
    cr_expect_str_eq(err.sqlstate, state, "%s", pg);
    free(sql);
}

Test(translate_schema, qualified_tables_live_in_their_schema)
{
    cr_assert_eq(tt_exec(g_db, "CREATE SCHEMA ops"), 0);
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE ops.log (day date NOT NULL, n int, "
                               "PRIMARY KEY (day, n))"),
                 0);
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE log (x int)"), 0); /* public.log is another */
    cr_assert_eq(tt_exec(g_db, "INSERT INTO ops.log VALUES ('2023-02-01', 7), "
                               "('2023-02-01', 12)"),
                 0);
    expect_query("SELECT count(*) FROM \"ops.log\"", "2");
    expect_query("SELECT count(*) FROM log", "0");
    expect_query("SELECT name FROM _lg_constraints WHERE tbl = 'ops.log'", "log_pkey");
    cr_assert_eq(tt_exec(g_db, "UPDATE ops.log SET n = n + 1 WHERE log.n = 7"), 0);
    expect_query("SELECT group_concat(n) FROM \"ops.log\"", "8,12");
}

Test(translate_schema, schema_errors)
{
    /* as PostgreSQL: a query's relation is "not found" (42P01), DDL names the schema */
    expect_sqlstate("SELECT * FROM nope.t", "42P01");
    expect_sqlstate("INSERT INTO nope.t VALUES (1)", "42P01");
    expect_sqlstate("UPDATE nope.t SET a = 1", "42P01");
    expect_sqlstate("DELETE FROM nope.t", "42P01");
    expect_sqlstate("CREATE TABLE nope.t (a int)", "3F000");
    cr_assert_eq(tt_exec(g_db, "CREATE SCHEMA s1"), 0);
    expect_sqlstate("CREATE SCHEMA s1", "42P06");
    cr_assert_eq(tt_exec(g_db, "CREATE SCHEMA IF NOT EXISTS s1"), 0);
    expect_sqlstate("DROP SCHEMA s2", "3F000");
    cr_assert_eq(tt_exec(g_db, "DROP SCHEMA IF EXISTS s2"), 0);
}

Test(translate_schema, drop_schema_restrict_and_cascade)
{
    cr_assert_eq(tt_exec(g_db, "CREATE SCHEMA t1"), 0);
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE t1.a (id serial PRIMARY KEY)"), 0);
    cr_assert_eq(tt_exec(g_db, "CREATE VIEW t1.v AS SELECT id FROM t1.a"), 0);
    expect_sqlstate("DROP SCHEMA t1", "2BP01");
    cr_assert_eq(tt_exec(g_db, "DROP SCHEMA t1 CASCADE"), 0);
    expect_query("SELECT count(*) FROM sqlite_schema WHERE name LIKE 't1.%'", "0");
    expect_query("SELECT count(*) FROM _lg_sequences", "0");
    expect_query("SELECT count(*) FROM _lg_schemas", "0");
    expect_sqlstate("SELECT * FROM t1.a", "42P01");
}

Test(translate_schema, comments_are_stored_and_removed)
{
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE c (id int, v text)"), 0);
    cr_assert_eq(tt_exec(g_db, "COMMENT ON TABLE c IS 'the c'"), 0);
    cr_assert_eq(tt_exec(g_db, "COMMENT ON COLUMN c.v IS 'a value'"), 0);
    expect_query("SELECT group_concat(objtype || ':' || subname || ':' || body, ';') FROM "
                 "(SELECT * FROM _lg_comments ORDER BY objtype)",
                 "column:v:a value;table::the c");
    cr_assert_eq(tt_exec(g_db, "COMMENT ON TABLE c IS NULL"), 0);
    expect_query("SELECT count(*) FROM _lg_comments", "1");
    expect_sqlstate("COMMENT ON TABLE nope IS 'x'", "42P01");
}
