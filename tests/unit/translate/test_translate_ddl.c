/* test_translate_ddl.c - DDL translations run on an in-memory SQLite: tables are created
 * with the recorded PostgreSQL types and constraint names, SERIAL defaults draw from the
 * sequence function, views record their column types, DROP removes the metadata. */
#include "catalog_meta.h"
#include "pgtype.h"
#include "translate_test_util.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *g_db;
static int g_seq;

static void fake_nextval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, ++g_seq);
}

static void setup(void)
{
    g_db = tt_db_open();
    g_seq = 0;
    sqlite3_create_function(g_db, "nextval", 1, SQLITE_UTF8, NULL, fake_nextval, NULL, NULL);
}

static void teardown(void)
{
    sqlite3_close(g_db);
}

TestSuite(translate_ddl, .init = setup, .fini = teardown);

Test(translate_ddl, create_table_records_types_and_constraints)
{
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE cms_posts (id bigserial PRIMARY KEY, "
                               "slug varchar(80) NOT NULL, rating numeric(3,1), "
                               "published_at timestamp, meta jsonb NOT NULL DEFAULT '{}'::jsonb, "
                               "tags text[] NOT NULL DEFAULT ARRAY[]::text[], "
                               "status char(1) NOT NULL DEFAULT 'd' CHECK (status IN ('d','p')), "
                               "made timestamptz DEFAULT now(), UNIQUE (slug))"),
                 0);
    catalog_coltype_t t;
    cr_assert_eq(catalog_column_type(g_db, "cms_posts", "rating", &t), 0);
    cr_expect_eq(t.typoid, PGTYPE_NUMERIC);
    cr_expect_eq(t.typmod, (3 << 16 | 1) + 4);
    cr_expect_str_eq(t.pgtype, "numeric(3,1)");
    cr_assert_eq(catalog_column_type(g_db, "cms_posts", "tags", &t), 0);
    cr_expect_eq(t.typoid, PGTYPE_TEXT_ARRAY);
    cr_assert_eq(catalog_column_type(g_db, "cms_posts", "id", &t), 0);
    cr_expect_eq(t.typoid, PGTYPE_INT8);
    char cols[64], name[64];
    cr_assert_eq(catalog_constraint_name(g_db, "cms_posts", 'u', "slug", name, sizeof(name)), 0);
    cr_expect_str_eq(name, "cms_posts_slug_key");
    cr_assert_eq(catalog_constraint_columns(g_db, NULL, "cms_posts_pkey", cols, sizeof(cols)), 0);
    cr_expect_str_eq(cols, "id");
    char *seq = tt_query1(g_db, "SELECT owner_col FROM _lg_sequences WHERE name = "
                                "'cms_posts_id_seq'");
    cr_expect_str_eq(seq, "id");
    free(seq);
    /* defaults apply and the check constraint is named as in PostgreSQL */
    cr_assert_eq(tt_exec(g_db, "INSERT INTO cms_posts (slug) VALUES ('a'), ('b')"), 0);
    char *v = tt_query1(g_db, "SELECT group_concat(id || status || meta || tags, ',') "
                              "FROM cms_posts");
    cr_expect_str_eq(v, "1d{}[],2d{}[]");
    free(v);
    cr_expect_neq(tt_exec(g_db, "INSERT INTO cms_posts (slug, status) VALUES ('c', 'x')"), 0);
    cr_expect_str_eq(sqlite3_errmsg(g_db), "CHECK constraint failed: cms_posts_status_check");
}

Test(translate_ddl, drop_table_removes_metadata)
{
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE t1 (a int, b text)"), 0);
    cr_assert_eq(tt_exec(g_db, "DROP TABLE IF EXISTS t1 CASCADE"), 0);
    catalog_coltype_t t;
    cr_expect_eq(catalog_column_type(g_db, "t1", "a", &t), LG_ENOTFOUND);
    cr_expect_eq(catalog_relation_exists(g_db, "t1"), 0);
    cr_expect_eq(tt_exec(g_db, "DROP TABLE IF EXISTS t1"), 0);
}

Test(translate_ddl, index_view_sequence_truncate)
{
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE t2 (a int, b text, c boolean)"), 0);
    cr_expect_eq(tt_exec(g_db, "CREATE UNIQUE INDEX IF NOT EXISTS t2_b ON t2 (lower(b)) "
                               "WHERE c"),
                 0);
    cr_expect_eq(tt_exec(g_db, "CREATE INDEX CONCURRENTLY ON t2 (a DESC)"), 0);
    char *v = tt_query1(g_db, "SELECT count(*) FROM sqlite_schema WHERE name = 't2_a_idx'");
    cr_expect_str_eq(v, "1", "default index name as PostgreSQL chooses it");
    free(v);
    cr_expect_eq(tt_exec(g_db, "CREATE OR REPLACE VIEW v2 AS SELECT a, count(*) AS n "
                               "FROM t2 GROUP BY a"),
                 0);
    cr_expect_eq(tt_exec(g_db, "CREATE OR REPLACE VIEW v2 AS SELECT a, count(*) AS n "
                               "FROM t2 GROUP BY a"),
                 0);
    catalog_coltype_t t;
    cr_assert_eq(catalog_column_type(g_db, "v2", "n", &t), 0);
    cr_expect_eq(t.typoid, PGTYPE_INT8);
    cr_expect_eq(tt_exec(g_db, "CREATE SEQUENCE s1 START WITH 100 INCREMENT BY 5"), 0);
    cr_expect_neq(tt_exec(g_db, "CREATE SEQUENCE s1"), 0, "a second CREATE must fail");
    cr_expect_eq(tt_exec(g_db, "CREATE SEQUENCE IF NOT EXISTS s1"), 0);
    v = tt_query1(g_db, "SELECT last_value || '/' || increment FROM _lg_sequences "
                        "WHERE name = 's1'");
    cr_expect_str_eq(v, "100/5");
    free(v);
    cr_assert_eq(tt_exec(g_db, "INSERT INTO t2 VALUES (1, 'x', true)"), 0);
    cr_expect_eq(tt_exec(g_db, "TRUNCATE t2 RESTART IDENTITY"), 0);
    v = tt_query1(g_db, "SELECT count(*) FROM t2");
    cr_expect_str_eq(v, "0");
    free(v);
}

Test(translate_ddl, unsupported_ddl_is_0A000)
{
    lg_pgerr_t err;
    char *sql = tt_translate(g_db, "CREATE TABLE p (a int) PARTITION BY RANGE (a)", &err, NULL);
    cr_expect_null(sql);
    cr_expect_str_eq(err.sqlstate, "0A000");
    sql = tt_translate(g_db, "CREATE TABLE q (a nosuchtype)", &err, NULL);
    cr_expect_null(sql);
    cr_expect_str_eq(err.sqlstate, "42704");
}
