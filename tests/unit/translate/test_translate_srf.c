/* test_translate_srf.c - set-returning functions: in the select list (moved into FROM),
 * record functions with a column definition list, the alias naming a one-column function's
 * column, jsonb_path_query rows, SELECT * over functions, to_jsonb of a whole row, and
 * composite types (row values, field selection). Each
 * statement is translated and run on SQLite with the real sqlfn functions; the answers are
 * PostgreSQL 15's. */
#include "translate_test_util.h"
#include "pgtype.h"
#include "sqlfn.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *g_db;

static void setup(void)
{
    tt_db_extra = sqlfn_register_all;
    g_db = tt_db_open();
    cr_assert_eq(sqlfn_register_all(g_db), 0); /* the real functions over the stand-ins */
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE t (id int, tags text[], doc jsonb)"), 0);
    cr_assert_eq(tt_exec(g_db, "INSERT INTO t VALUES (1, '{a,b}', '{\"r\": [{\"x\": 1}, "
                               "{\"x\": 2}]}'), (2, '{c}', '{\"r\": []}')"),
                 0);
}

static void teardown(void)
{
    sqlite3_close(g_db);
}

TestSuite(translate_srf, .init = setup, .fini = teardown);

/* Rows of pg (translated, then run) as "a|b;c|d;" ("ERR <state>" on a translation error);
 * *res keeps the statement for column checks when res is not NULL. */
static char *rows(const char *pg, translate_result_t **res)
{
    lg_pgerr_t err = {0};
    translate_result_t *r = NULL;
    char *sql = tt_translate(g_db, pg, &err, &r);
    static char buf[2048];
    if (!sql) {
        snprintf(buf, sizeof(buf), "ERR %s", err.sqlstate);
        return buf;
    }
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(g_db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(buf, sizeof(buf), "SQLITE %s", sqlite3_errmsg(g_db));
    } else {
        size_t o = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && o < sizeof(buf) - 64) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const char *v = (const char *)sqlite3_column_text(st, i);
                o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? "|" : "",
                                      v ? v : "NULL");
            }
            o += (size_t)snprintf(buf + o, sizeof(buf) - o, ";");
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            snprintf(buf + o, sizeof(buf) - o, "SQLITE %s", sqlite3_errmsg(g_db));
    }
    sqlite3_finalize(st);
    free(sql);
    if (res)
        *res = r;
    else
        tt_result_free(r);
    return buf;
}

#define ROWS(pg, want) cr_expect_str_eq(rows(pg, NULL), want, "%s -> %s", pg, rows(pg, NULL))

Test(translate_srf, select_list_function_becomes_a_join)
{
    ROWS("SELECT unnest(ARRAY[3, 1, 2]) AS v ORDER BY v", "1;2;3;");
    ROWS("SELECT id, unnest(tags) FROM t ORDER BY 2", "1|a;1|b;2|c;");
    ROWS("SELECT id, jsonb_array_elements(doc -> 'r') ->> 'x' AS x FROM t", "1|1;1|2;");
    translate_result_t *r = NULL;
    rows("SELECT unnest(tags) FROM t", &r);
    cr_assert(r && r->nstmts == 1 && r->stmts[0].ncols == 1);
    cr_expect_str_eq(r->stmts[0].cols[0].name, "unnest");
    cr_expect_eq(r->stmts[0].cols[0].type_oid, PGTYPE_TEXT);
    tt_result_free(r);
    /* several run in lockstep, NULL past the shorter's end */
    ROWS("SELECT unnest(ARRAY[1]), unnest(ARRAY[2, 3])", "1|2;NULL|3;");
    ROWS("SELECT id, unnest(tags), generate_series(1, 2) FROM t ORDER BY 1, 3",
         "1|a|1;1|b|2;2|c|1;2|NULL|2;");
    /* PostgreSQL evaluates them after grouping: not emulated */
    ROWS("SELECT count(*), unnest(ARRAY[1]) FROM t", "ERR 0A000");
}

Test(translate_srf, alias_names_the_single_column)
{
    ROWS("SELECT tag, count(*) AS n FROM t, unnest(tags) AS tag WHERE id > 0 GROUP BY tag "
         "ORDER BY tag",
         "a|1;b|1;c|1;");
    ROWS("SELECT e FROM jsonb_array_elements_text('[\"p\", \"q\"]') AS e", "p;q;");
}

Test(translate_srf, record_functions_with_column_lists)
{
    translate_result_t *r = NULL;
    cr_expect_str_eq(rows("SELECT * FROM jsonb_to_record('{\"id\": 5, \"name\": \"x\", "
                          "\"active\": true, \"extra\": 1}') AS r(id int, name text, "
                          "active boolean)",
                          &r),
                     "5|x|1;");
    cr_assert(r && r->stmts[0].ncols == 3);
    cr_expect_str_eq(r->stmts[0].cols[2].name, "active");
    cr_expect_eq(r->stmts[0].cols[0].type_oid, PGTYPE_INT4);
    cr_expect_eq(r->stmts[0].cols[2].type_oid, PGTYPE_BOOL);
    tt_result_free(r);
    ROWS("SELECT t.id, r.x FROM t, jsonb_to_recordset(t.doc -> 'r') AS r(x int) ORDER BY 2",
         "1|1;1|2;");
    ROWS("SELECT * FROM jsonb_to_record('{}')", "ERR 42601");
}

Test(translate_srf, path_query_rows_and_operators)
{
    ROWS("SELECT * FROM jsonb_path_query('{\"a\": [1, 2.50, 3]}', '$.a[*] ? (@ >= 2)')", "2.50;3;");
    ROWS("SELECT id FROM t WHERE doc @? '$.r[*] ? (@.x > 1)'", "1;");
    ROWS("SELECT id FROM t WHERE doc @@ '$.r.size() == 0'", "2;");
}

Test(translate_srf, to_jsonb_of_a_whole_row)
{
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE p (id int, name text, note text)"), 0);
    cr_assert_eq(tt_exec(g_db, "INSERT INTO p VALUES (1, 'x', 'raw')"), 0);
    /* jsonb key order: shorter keys first */
    ROWS("SELECT to_jsonb(e) - 'note' FROM p e", "{\"id\": 1, \"name\": \"x\"};");
    ROWS("SELECT to_jsonb(p) FROM p", "{\"id\": 1, \"name\": \"x\", \"note\": \"raw\"};");
}

Test(translate_srf, composite_types)
{
    cr_assert_eq(tt_exec(g_db, "CREATE TYPE paper AS (size text, gsm smallint, coated boolean)"),
                 0);
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE jp (no int, stock paper NOT NULL)"), 0);
    cr_assert_eq(tt_exec(g_db, "INSERT INTO jp VALUES (1, ROW('A5', 90, false)), "
                               "(2, ('B5 (custom)', 115, true))"),
                 0);
    ROWS("SELECT no, stock, (stock).gsm * 2, (stock).coated FROM jp ORDER BY no",
         "1|(A5,90,f)|180|0;2|(\"B5 (custom)\",115,t)|230|1;");
    ROWS("SELECT (stock).nope FROM jp", "ERR 42703");
    ROWS("INSERT INTO jp VALUES (3, ROW('x'))", "ERR 42804");
    ROWS("SELECT ROW('a', 1, true)::paper", "(a,1,t);");
    ROWS("CREATE TYPE paper AS (a int)", "ERR 42710");
}
