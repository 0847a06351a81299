/* test_catalog_fnj.c - catalog answers PostgreSQL 15 gives for: column defaults and CHECK
 * constraints in PostgreSQL's (non-pretty) text, the referenced column of a foreign key in
 * constraint_column_usage, DESC index columns, user enums in pg_enum / pg_type / regtype /
 * format_type, and current_schema()/current_schemas() following search_path. Expected
 * strings were checked against PostgreSQL 15. */
#include "catalog_fixture.h"
#include "catalog_meta.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *g_db;
static char g_path[128] = "\"$user\", public";

/* The exec layer's current_setting, reduced to search_path for these tests. */
static void fn_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (name && !strcmp(name, "search_path"))
        sqlite3_result_text(ctx, g_path, -1, SQLITE_TRANSIENT);
}

static void fn_user(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    sqlite3_result_text(ctx, "app", -1, SQLITE_STATIC);
}

static void setup(void)
{
    g_db = fixture_open(":memory:");
    cr_assert_eq(sqlite3_create_function(g_db, "current_setting", 2, SQLITE_UTF8, NULL, fn_setting,
                                         NULL, NULL),
                 SQLITE_OK);
    cr_assert_eq(
        sqlite3_create_function(g_db, "current_user", 0, SQLITE_UTF8, NULL, fn_user, NULL, NULL),
        SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(
        g_db,
        CATALOG_META_CREATE_SQL
        ";CREATE TABLE cu (id INTEGER NOT NULL, CONSTRAINT cu_pkey PRIMARY KEY (id));"
        "CREATE TABLE od (id INTEGER NOT NULL, cust INTEGER, total NUMERIC NOT NULL DEFAULT "
        "(lg_to_numeric(0, 655366)), note TEXT DEFAULT ('x'), tags TEXT NOT NULL DEFAULT "
        "(json_array()), CONSTRAINT od_pkey PRIMARY KEY (id), "
        "CONSTRAINT od_total_check CHECK ((total >= 0)), "
        "CONSTRAINT od_note_check CHECK (((note <> '') AND (total < 10.5))), "
        "CONSTRAINT od_cust_fkey FOREIGN KEY (cust) REFERENCES cu(id));"
        "CREATE INDEX od_rank_idx ON od (cust, total DESC);"
        "INSERT INTO _lg_columns VALUES ('cu','id',1,'int4',23,-1,''),"
        "('od','id',1,'int4',23,-1,''),('od','cust',2,'int4',23,-1,''),"
        "('od','total',3,'numeric(10,2)',1700,655366,''),('od','note',4,'text',25,-1,''),"
        "('od','tags',5,'text[]',1009,-1,'');"
        "INSERT INTO _lg_constraints VALUES ('cu','cu_pkey','p','id',NULL,NULL),"
        "('od','od_pkey','p','id',NULL,NULL),('od','od_total_check','c','total',NULL,NULL),"
        "('od','od_note_check','c','note,total',NULL,NULL),"
        "('od','od_cust_fkey','f','cust','cu','');"
        "INSERT INTO _lg_types(name, oid, kind) VALUES ('mood', 40000, 'e');"
        "INSERT INTO _lg_enum VALUES ('mood','sad',1),('mood','ok',2),('mood','meh',1.5);"
        "INSERT INTO _lg_schemas VALUES ('tn');"
        "CREATE TABLE \"tn.memos\" (id INTEGER);",
        NULL, NULL, &err);
    cr_assert_eq(rc, SQLITE_OK, "%s", err ? err : "");
}

static void teardown(void)
{
    sqlite3_close(g_db);
    snprintf(g_path, sizeof(g_path), "\"$user\", public");
}

TestSuite(catalog_fnj, .init = setup, .fini = teardown);

static void expect_rows(const char *sql, const char *want)
{
    char *got = fixture_query(g_db, sql);
    cr_expect_str_eq(got, want, "%s -> %s", sql, got);
    free(got);
}

Test(catalog_fnj, defaults_in_postgres_text)
{
    expect_rows("SELECT column_name, column_default FROM information_schema_columns WHERE "
                "table_name = 'od' AND column_default IS NOT NULL ORDER BY ordinal_position",
                "total|0\nnote|'x'::text\ntags|ARRAY[]::text[]\n");
    expect_rows("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = "
                "lg_reloid('od') AND adnum = 3",
                "0\n");
}

Test(catalog_fnj, check_constraints_non_pretty_and_pretty)
{
    expect_rows("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = "
                "'c' ORDER BY conname",
                "od_note_check|CHECK (((note <> ''::text) AND (total < 10.5)))\n"
                "od_total_check|CHECK ((total >= (0)::numeric))\n");
    expect_rows("SELECT pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conname = "
                "'od_total_check'",
                "CHECK (total >= 0)\n");
}

Test(catalog_fnj, fk_referenced_column)
{
    expect_rows("SELECT table_name, column_name FROM information_schema_constraint_column_usage "
                "WHERE constraint_name = 'od_cust_fkey'",
                "cu|id\n");
}

Test(catalog_fnj, desc_index_column)
{
    expect_rows("SELECT indexdef FROM pg_indexes WHERE indexname = 'od_rank_idx'",
                "CREATE INDEX od_rank_idx ON public.od USING btree (cust, total DESC)\n");
}

Test(catalog_fnj, user_enum_in_catalogs)
{
    expect_rows("SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = "
                "lg_regtype('mood') ORDER BY enumsortorder",
                "sad|1.0\nmeh|1.5\nok|2.0\n");
    expect_rows("SELECT typname, typtype, typcategory FROM pg_type WHERE oid = 40000",
                "mood|e|E\n");
    expect_rows("SELECT typname, typelem FROM pg_type WHERE typname = '_mood'", "_mood|40000\n");
    expect_rows("SELECT lg_regtype_out(lg_regtype('mood[]')), format_type(40000, -1)",
                "mood[]|mood\n");
    expect_rows("SELECT to_regtype('nosuch') IS NULL", "1\n");
}

Test(catalog_fnj, search_path)
{
    expect_rows("SELECT current_schema(), current_schemas(false), current_schemas(true)",
                "public|[\"public\"]|[\"pg_catalog\",\"public\"]\n");
    snprintf(g_path, sizeof(g_path), "tn, public");
    expect_rows("SELECT current_schema(), current_schemas(false)", "tn|[\"tn\",\"public\"]\n");
    char out[64] = "";
    cr_expect_eq(catalog_resolve_relation(g_db, "memos", out, sizeof(out)), 1);
    cr_expect_str_eq(out, "tn.memos");
    cr_expect_eq(catalog_resolve_relation(g_db, "od", out, sizeof(out)), 0);
    snprintf(g_path, sizeof(g_path), "nosuch");
    expect_rows("SELECT current_schema() IS NULL, current_schemas(false)", "1|[]\n");
}
