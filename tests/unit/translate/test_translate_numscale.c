/* test_translate_numscale.c - numeric display scales and float4 precision, end to end:
 * PostgreSQL SQL is translated, run on an in-memory SQLite with the sqlfn functions, and
 * each value printed with pgtype_text_out under the result column's type and typmod. The
 * expected texts are what PostgreSQL 15 prints for the same statements. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype_text.h"
#include "sqlfn.h"
#include "translate.h"
#include "translate_test_util.h"

/* Runs pg (one row) and returns column i as PostgreSQL text (caller frees). */
static char *pg_text(sqlite3 *db, const char *pg, int i)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql = tt_translate(db, pg, &err, &r);
    cr_assert_not_null(sql, "%s: %s", pg, err.message);
    const translate_stmt_t *s = &r->stmts[0];
    cr_assert(i < s->ncols);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s: %s", sql, sqlite3_errmsg(db));
    pgtype_value_t v = {.storage = sqlite3_column_type(st, i)};
    v.i = sqlite3_column_int64(st, i);
    v.d = sqlite3_column_double(st, i);
    v.p = sqlite3_column_text(st, i);
    v.n = (size_t)sqlite3_column_bytes(st, i);
    pgtype_session_t ses;
    pgtype_session_init(&ses);
    lg_buf_t out;
    lg_buf_init(&out, 4096);
    cr_assert_eq(pgtype_text_out(&v, s->cols[i].type_oid, s->cols[i].typmod, &ses, &out), 0);
    lg_buf_putc(&out, 0);
    char *txt = strdup((const char *)out.data);
    lg_buf_deinit(&out);
    sqlite3_finalize(st);
    tt_result_free(r);
    free(sql);
    return txt;
}

static void expect_text(sqlite3 *db, const char *pg, const char *want)
{
    char *got = pg_text(db, pg, 0);
    cr_expect_str_eq(got, want, "%s", pg);
    free(got);
}

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    cr_assert_eq(sqlfn_register_all(db), 0);
    return db;
}

Test(translate_numscale, literal_and_arithmetic_scales)
{
    sqlite3 *db = open_db();
    expect_text(db, "SELECT 0.1 + 0.2", "0.3");
    expect_text(db, "SELECT 1.10 * 1.10", "1.2100");
    expect_text(db, "SELECT 2.000 - 1.5", "0.500");
    expect_text(db, "SELECT 19.99 * 3", "59.97");
    expect_text(db, "SELECT -1.50", "-1.50");
    expect_text(db, "SELECT ' 12.340 '::numeric", "12.340");
    sqlite3_close(db);
}

Test(translate_numscale, division_follows_select_div_scale)
{
    sqlite3 *db = open_db();
    expect_text(db, "SELECT 11 / 4.0", "2.7500000000000000");
    expect_text(db, "SELECT 10::numeric / 4", "2.5000000000000000");
    expect_text(db, "SELECT 1.0 / 8", "0.12500000000000000000");
    /* A quotient is a SQLite number (so it compares and sorts as a number); PostgreSQL's
     * digits past the 15th (33.3333333333333333) are not kept, and none are invented. */
    expect_text(db, "SELECT 100.00 / 3", "33.3333333333333000");
    expect_text(db, "SELECT 10.0 / 3.00", "3.3333333333333300");
    sqlite3_close(db);
}

Test(translate_numscale, casts_and_rounding)
{
    sqlite3 *db = open_db();
    expect_text(db, "SELECT CAST(7 AS numeric(5,2))", "7.00");
    expect_text(db, "SELECT (100.00 * 0.075)::numeric(10,2)", "7.50");
    expect_text(db, "SELECT round(19.99 * 3 * 1.21, 2)", "72.56");
    expect_text(db, "SELECT round(5.5)", "6");
    expect_text(db, "SELECT round(2.5::float8)", "2");
    expect_text(db, "SELECT 4.5::float8::int", "4");
    expect_text(db, "SELECT 5.5::float8::int", "6");
    sqlite3_close(db);
}

Test(translate_numscale, aggregates_keep_postgres_scales)
{
    sqlite3 *db = open_db();
    expect_text(db, "SELECT avg(x) FROM (VALUES (1), (2)) v(x)", "1.5000000000000000");
    expect_text(db, "SELECT avg(x) FROM (VALUES (10000), (20000)) v(x)", "15000.000000000000");
    cr_assert_eq(tt_exec(db, "CREATE TABLE t (p numeric(10,2), r real)"), 0);
    cr_assert_eq(tt_exec(db, "INSERT INTO t VALUES (5, 0.1), (2.5, 0.15)"), 0);
    expect_text(db, "SELECT sum(p) FROM t", "7.50");
    expect_text(db, "SELECT sum(p * 2) FROM t", "15.00");
    expect_text(db, "SELECT max(p) FROM t", "5.00");
    expect_text(db, "SELECT avg(p) FROM t", "3.7500000000000000");
    expect_text(db, "SELECT round(avg(p), 1) FROM t", "3.8");
    sqlite3_close(db);
}

Test(translate_numscale, float4_values_have_float_precision)
{
    sqlite3 *db = open_db();
    expect_text(db, "SELECT 0.1::float4", "0.1");
    expect_text(db, "SELECT 0.1::float4::float8", "0.10000000149011612");
    expect_text(db, "SELECT 0.1::float4 + 0.2::float4", "0.3");
    cr_assert_eq(tt_exec(db, "CREATE TABLE f (r real)"), 0);
    cr_assert_eq(tt_exec(db, "INSERT INTO f VALUES (0.1)"), 0);
    expect_text(db, "SELECT r FROM f", "0.1");
    expect_text(db, "SELECT r::float8 FROM f", "0.10000000149011612");
    sqlite3_close(db);
}

/* A client's own SELECT (translate_opts_t.exact_numeric): output columns carry every digit
 * PostgreSQL prints, computed as decimals. */
Test(translate_numscale, exact_output_columns_print_postgres_digits)
{
    tt_exact_numeric = true;
    sqlite3 *db = open_db();
    expect_text(db, "SELECT 100.00 / 3", "33.3333333333333333");
    expect_text(db, "SELECT 10.0 / 3.00", "3.3333333333333333");
    expect_text(db, "SELECT 1 / 3::numeric", "0.33333333333333333333");
    expect_text(db, "SELECT -(1 / 3::numeric)", "-0.33333333333333333333");
    expect_text(db, "SELECT '49.90'::numeric * 2", "99.80");
    expect_text(db, "SELECT ('{\"a\": \"49.90\"}'::jsonb ->> 'a')::numeric * 2", "99.80");
    expect_text(db, "SELECT 2 ^ 0.5", "1.4142135623730950");
    expect_text(db, "SELECT greatest(round(68::numeric, 2), 1)", "68.00");
    expect_text(db, "SELECT CASE WHEN 1 / 3::numeric > 0.3 THEN 2 / 3::numeric END",
                "0.66666666666666666667");
    expect_text(db, "SELECT coalesce(NULL, 7 / 3.0)", "2.3333333333333333");
    expect_text(db,
                "SELECT avg(x) FROM (VALUES (10), (10), (10), (10), (10), (10), (10), (10), "
                "(11)) v(x)",
                "10.1111111111111111");
    expect_text(db, "SELECT 12345678901234567890.5 + 1", "12345678901234567891.5");
    sqlite3_close(db);
}

/* Where SQLite compares or sorts a value it stays a number: ORDER BY an exact column by
 * name or position sorts numerically (decimal TEXT would sort '33.3' before '6.6'), a
 * WHERE comparison of quotients is numeric, and a subquery's value is a number. */
Test(translate_numscale, exact_output_still_sorts_and_compares_numbers)
{
    tt_exact_numeric = true;
    sqlite3 *db = open_db();
    const char *from = " FROM (VALUES (100), (20), (7)) v(x)";
    char q[256];
    snprintf(q, sizeof q, "SELECT x / 3.0 AS q%s ORDER BY q", from);
    expect_text(db, q, "2.3333333333333333");
    snprintf(q, sizeof q, "SELECT x / 3.0%s ORDER BY 1 DESC", from);
    expect_text(db, q, "33.3333333333333333");
    snprintf(q, sizeof q, "SELECT x / 3.0%s WHERE x / 3.0 > 6 ORDER BY x / 3.0", from);
    expect_text(db, q, "6.6666666666666667");
    sqlite3_close(db);
}

Test(translate_numscale, exact_aggregates_over_quotients)
{
    tt_exact_numeric = true;
    sqlite3 *db = open_db();
    expect_text(db, "SELECT sum(x / 3.0) FROM (VALUES (1), (1), (1)) v(x)",
                "0.99999999999999999999");
    expect_text(db, "SELECT avg(x / 3.0) FROM (VALUES (1), (2)) v(x)", "0.50000000000000000000");
    expect_text(db, "SELECT sum(x) FROM (VALUES (0.1), (0.25)) v(x)", "0.35");
    sqlite3_close(db);
}
