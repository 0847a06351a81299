/* test_translate_fnbuiltin.c - built-in functions end to end: PostgreSQL SQL is translated,
 * run on an in-memory SQLite with the sqlfn functions, and the first column printed with
 * pgtype_text_out under its result type and typmod. Expected texts and type OIDs are
 * PostgreSQL 15's for the same statements. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_text.h"
#include "sqlfn.h"
#include "translate.h"
#include "translate_test_util.h"

static sqlite3 *g_db;

static void open_db(void)
{
    cr_assert_eq(sqlite3_open(":memory:", &g_db), SQLITE_OK);
    cr_assert_eq(sqlfn_register_all(g_db), 0);
}

static void close_db(void)
{
    sqlite3_close(g_db);
}

/* Runs pg (one row); column 0 as PostgreSQL text (caller frees) and its type in *oid. */
static char *first_text(const char *pg, uint32_t *oid)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql = tt_translate(g_db, pg, &err, &r);
    cr_assert_not_null(sql, "%s: %s", pg, err.message);
    const translate_stmt_t *s = &r->stmts[0];
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(g_db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(g_db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s: %s", sql, sqlite3_errmsg(g_db));
    pgtype_value_t v = {.storage = sqlite3_column_type(st, 0)};
    v.i = sqlite3_column_int64(st, 0);
    v.d = sqlite3_column_double(st, 0);
    v.p = sqlite3_column_text(st, 0);
    v.n = (size_t)sqlite3_column_bytes(st, 0);
    pgtype_session_t ses;
    pgtype_session_init(&ses);
    lg_buf_t out;
    lg_buf_init(&out, 4096);
    cr_assert_eq(pgtype_text_out(&v, s->cols[0].type_oid, s->cols[0].typmod, &ses, &out), 0);
    lg_buf_putc(&out, 0);
    char *txt = strdup((const char *)out.data);
    *oid = s->cols[0].type_oid;
    lg_buf_deinit(&out);
    sqlite3_finalize(st);
    tt_result_free(r);
    free(sql);
    return txt;
}

static void expect(const char *pg, const char *want, uint32_t want_oid)
{
    uint32_t oid = 0;
    char *got = first_text(pg, &oid);
    cr_expect_str_eq(got, want, "%s", pg);
    cr_expect_eq(oid, want_oid, "%s: type %u", pg, oid);
    free(got);
}

TestSuite(translate_fnbuiltin, .init = open_db, .fini = close_db);

Test(translate_fnbuiltin, numeric_math_and_to_char)
{
    expect("SELECT power(2.0, 10)", "1024.0000000000000000", PGTYPE_NUMERIC);
    expect("SELECT power(2, 10)", "1024", PGTYPE_FLOAT8);
    expect("SELECT log(2, 64)", "6.0000000000000000", PGTYPE_NUMERIC);
    expect("SELECT sqrt(16::numeric)", "4.000000000000000", PGTYPE_NUMERIC);
    expect("SELECT factorial(10)", "3628800", PGTYPE_NUMERIC);
    expect("SELECT scale(12.340)", "3", PGTYPE_INT4);
    expect("SELECT trim_scale(12.340)", "12.34", PGTYPE_NUMERIC);
    expect("SELECT to_char(1234567.891, 'FM9,999,999.00')", "1,234,567.89", PGTYPE_TEXT);
    expect("SELECT to_char(-42, 'S999')", " -42", PGTYPE_TEXT);
}

Test(translate_fnbuiltin, strings_regex_and_similar)
{
    expect("SELECT 'abc'::char(5)::text || '|'", "abc|", PGTYPE_TEXT);
    expect("SELECT length('abc  '::char(5))", "3", PGTYPE_INT4);
    expect("SELECT bit_length('héllo')", "48", PGTYPE_INT4);
    expect("SELECT 'SQLite rocks' SIMILAR TO '%(SQLite|sqlite)%'", "t", PGTYPE_BOOL);
    expect("SELECT 'abc' NOT SIMILAR TO 'a_c'", "f", PGTYPE_BOOL);
    expect("SELECT regexp_split_to_array('a, b ,c', '\\s*,\\s*')", "{a,b,c}", PGTYPE_TEXT_ARRAY);
    expect("SELECT string_agg(m[1], ',' ORDER BY n) FROM regexp_matches('#a #bb', '#(\\w+)', "
           "'g') WITH ORDINALITY AS r(m, n)",
           "a,bb", PGTYPE_TEXT);
    expect("SELECT count(*) FROM (SELECT regexp_matches('a1b22c', '\\d+', 'g') AS m) s", "2",
           PGTYPE_INT8);
    expect("SELECT max(n) FROM regexp_split_to_table('x y  z', '\\s+') WITH ORDINALITY "
           "AS t(w, n)",
           "3", PGTYPE_INT8);
}

Test(translate_fnbuiltin, text_search)
{
    expect("SELECT to_tsvector('english', 'The quick brown fox')", "'brown':3 'fox':4 'quick':2",
           PGTYPE_TSVECTOR);
    expect("SELECT plainto_tsquery('english', 'index lookups')", "'index' & 'lookup'",
           PGTYPE_TSQUERY);
    expect("SELECT to_tsvector('english', 'Index lookups') @@ plainto_tsquery('english', "
           "'index lookup')",
           "t", PGTYPE_BOOL);
    expect("SELECT to_tsquery('simple', 'cat') @@ to_tsvector('simple', 'a dog')", "f",
           PGTYPE_BOOL);
    expect("SELECT ts_rank(to_tsvector('english', 'The quick brown fox'), "
           "to_tsquery('english', 'fox'))",
           "0.06079271", PGTYPE_FLOAT4);
}

Test(translate_fnbuiltin, datetime)
{
    expect("SELECT make_interval(days => 10, hours => 3)", "10 days 03:00:00", PGTYPE_INTERVAL);
    expect("SELECT timestamptz '2024-01-15 12:00:00+00' AT TIME ZONE 'UTC'", "2024-01-15 12:00:00",
           PGTYPE_TIMESTAMP);
    expect("SELECT timestamp '2024-01-15 12:00:00' AT TIME ZONE 'UTC'", "2024-01-15 12:00:00+00",
           PGTYPE_TIMESTAMPTZ);
    expect("SELECT date_bin(interval '15 minutes', timestamp '2024-01-01 10:37:12', "
           "timestamp '2000-01-01')",
           "2024-01-01 10:30:00", PGTYPE_TIMESTAMP);
    expect("WITH RECURSIVE cal(d) AS (SELECT date '2024-02-26' UNION ALL "
           "SELECT (d + 1)::date FROM cal WHERE d < date '2024-03-02') SELECT max(d) FROM cal",
           "2024-03-02", PGTYPE_DATE);
}
