/* test_numeric.c - numeric results through libpq as PostgreSQL 15 prints them: quotients,
 * averages, powers and text-cast values with all their digits and scale (the output columns
 * are computed as exact decimals), in the simple and extended protocols and in binary
 * format; ordering and comparisons of the same expressions stay numeric; anonymous row
 * values print as records. */
#include "e2e_server.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

TestSuite(numeric, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void expect_row(PGconn *c, const char *sql, int ncols, const char *const *want)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    cr_assert_eq(PQnfields(r), ncols, "%s", sql);
    for (int i = 0; i < ncols; i++)
        cr_expect_str_eq(PQgetvalue(r, 0, i), want[i], "%s: column %d", sql, i + 1);
    PQclear(r);
}

static const char *const k_digits_sql =
    "SELECT 1 / 3::numeric AS third, 10.0 / 3.00 AS div_scale, 100.00 / 3 AS money_third, "
    "2 ^ 0.5 AS p, '49.90'::numeric * 2 AS doubled, round(68::numeric, 2) AS r, "
    "avg(x) AS a FROM (VALUES (10), (10), (11)) v(x)";
static const char *const k_digits[] = {"0.33333333333333333333",
                                       "3.3333333333333333",
                                       "33.3333333333333333",
                                       "1.4142135623730950",
                                       "99.80",
                                       "68.00",
                                       "10.3333333333333333"};

Test(numeric, output_columns_have_postgres_digits_in_both_protocols)
{
    PGconn *c = e2e_connect(NULL);
    expect_row(c, k_digits_sql, 7, k_digits);
    PGresult *r = PQexecParams(c, k_digits_sql, 0, NULL, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    for (int i = 0; i < 7; i++) {
        cr_expect_str_eq(PQgetvalue(r, 0, i), k_digits[i], "column %d", i + 1);
        cr_expect_eq(PQftype(r, i), 1700);
    }
    PQclear(r);
    PQfinish(c);
}

/* Integer literals past bigint are numeric with every digit. */
Test(numeric, integer_literals_past_bigint_keep_their_digits)
{
    PGconn *c = e2e_connect(NULL);
    static const char *const want[] = {"246913578024691357802469135780", "100000000000000000000",
                                       "t"};
    expect_row(c,
               "SELECT 123456789012345678901234567890::numeric * 2, 99999999999999999999 + 1, "
               "123456789012345678901234567890 > 9223372036854775807",
               3, want);
    PQfinish(c);
}

/* numeric binary: ndigits, weight, sign, dscale, then base-10000 digits */
Test(numeric, binary_format_carries_the_exact_value)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = PQexecParams(c, "SELECT 1 / 3::numeric", 0, NULL, NULL, NULL, NULL, 1);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    const unsigned char *v = (const unsigned char *)PQgetvalue(r, 0, 0);
    cr_assert_eq(PQgetlength(r, 0, 0), 8 + 5 * 2);
    uint16_t h[4], d[5];
    memcpy(h, v, sizeof h);
    memcpy(d, v + 8, sizeof d);
    cr_expect_eq(ntohs(h[0]), 5);           /* 3333 x 5 */
    cr_expect_eq((int16_t)ntohs(h[1]), -1); /* weight */
    cr_expect_eq(ntohs(h[3]), 20);          /* dscale */
    for (int i = 0; i < 5; i++)
        cr_expect_eq(ntohs(d[i]), 3333);
    PQclear(r);
    PQfinish(c);
}

Test(numeric, exact_columns_still_sort_and_compare_as_numbers)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE m (x integer, price numeric(10,2))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO m VALUES (100, 9.99), (20, 10.00), (7, 100.50)",
                     PGRES_COMMAND_OK));
    /* as text '33.3...' < '6.66...'; as numbers 2.33 < 6.66 < 33.3 */
    PGresult *r = e2e_exec(c, "SELECT x / 3.0 AS q FROM m ORDER BY q", PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 3);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "2.3333333333333333");
    cr_expect_str_eq(PQgetvalue(r, 1, 0), "6.6666666666666667");
    cr_expect_str_eq(PQgetvalue(r, 2, 0), "33.3333333333333333");
    PQclear(r);
    r = e2e_exec(c, "SELECT price * 3 FROM m WHERE price / 3 > 3.331 ORDER BY 1 DESC",
                 PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 2);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "301.50");
    cr_expect_str_eq(PQgetvalue(r, 1, 0), "30.00");
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM (SELECT x / 3.0 AS q FROM m) s "
                                  "WHERE q > 6"),
                 2);
    PQfinish(c);
}

Test(numeric, sql_function_results_keep_their_scale)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(
        e2e_exec(c,
                 "CREATE FUNCTION net(gross numeric, pct int DEFAULT 15) RETURNS numeric "
                 "LANGUAGE sql AS $$ SELECT greatest(round(gross * (100 - pct) / 100, 2), 1) $$",
                 PGRES_COMMAND_OK));
    const char *const want[] = {"68.00", "t"};
    expect_row(c, "SELECT net(80), net(80) > 67.5", 2, want);
    PQfinish(c);
}

Test(numeric, row_values_print_as_records)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r =
        e2e_exec(c, "SELECT ROW(1, 'a b', NULL, true) AS r, ROW(2, 'x')", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "(1,\"a b\",,t)");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "(2,x)");
    cr_expect_eq(PQftype(r, 0), 2249);
    cr_expect_str_eq(PQfname(r, 1), "row");
    PQclear(r);
    PQfinish(c);
}

/* INSERT ... SELECT applies the target columns' assignment rules, as VALUES does. */
Test(numeric, insert_select_rounds_and_checks_like_values)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(
        e2e_exec(c, "CREATE TABLE a (x varchar(3), n numeric(5,1), i smallint)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO a SELECT 'abc', 1.25, 1", PGRES_COMMAND_OK));
    e2e_expect_error(c, "INSERT INTO a SELECT 'abcdef', 1, 1", "22001");
    e2e_expect_error(c, "INSERT INTO a (i) SELECT 100000", "22003");
    e2e_expect_error(c, "INSERT INTO a (n) SELECT 123456", "22003");
    PQclear(e2e_exec(c, "INSERT INTO a (n) SELECT g * 0.01 FROM generate_series(1, 99) g",
                     PGRES_COMMAND_OK));
    const char *const want[] = {"1.3", "46.3000000000000000"};
    expect_row(c, "SELECT max(n), sum(n) / 1 FROM a WHERE x IS NOT NULL OR n < 1", 2, want);
    PQfinish(c);
}

/* Stored numeric(p,s) values take part with their column's scale, and the exact digits
 * reach scalar subqueries, window averages, ::text and format(). Expected values are what
 * PostgreSQL 15 prints. */
Test(numeric, stored_scales_subqueries_windows_and_text)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE it (id int PRIMARY KEY, price numeric(10,2), w numeric)",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO it VALUES (1, 19.99, 1.5), (2, 5.00, 2.25), (3, 100.10, 10)",
                     PGRES_COMMAND_OK));
    const char *const r2[] = {"-5.00", "5.00", "2.00", "7.25", "11.2500", "20", "10.00"};
    expect_row(c,
               "SELECT -price, abs(-price), mod(price, 3), price + w, price * w, "
               "greatest(price, 20), CASE WHEN price > 10 THEN price / 3 ELSE price * 2 END "
               "FROM it WHERE id = 2",
               7, r2);
    const char *const r3[] = {"41.6966666666666667", "58.4033333333333333", "100.1000000000000000",
                              "33.3666666666666667", "33.3666666666666667"};
    expect_row(c,
               "SELECT (SELECT avg(price) FROM it), price - (SELECT avg(price) FROM it), "
               "avg(price) OVER (), (price / 3)::text, format('%s', price / 3) FROM it "
               "WHERE id = 3",
               5, r3);
    PQfinish(c);
}

Test(numeric, window_value_functions_keep_the_column_scale)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE lv (id int, amount numeric(8,2))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO lv VALUES (1, 10.5), (2, 5)", PGRES_COMMAND_OK));
    const char *const want[] = {"10.50", "", "10.50"}; /* id 2 has no lead */
    expect_row(c,
               "SELECT lag(amount) OVER (ORDER BY id), lead(amount) OVER (ORDER BY id), "
               "first_value(amount) OVER (ORDER BY id) FROM lv ORDER BY id DESC",
               3, want);
    PQfinish(c);
}

/* variance/stddev as PostgreSQL computes them: numeric digits for integer and numeric
 * input, float8 arithmetic for float8 input, NULL for a sample of one. */
Test(numeric, variance_and_stddev)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE vt (i int, n numeric(8,2), f float8)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO vt VALUES (3, 19.99, 1.5), (10, 5.00, 2.25), (1, 100.10, 10)",
                     PGRES_COMMAND_OK));
    const char *const want[] = {"4.7258156262526084",  "22.3333333333333333",
                                "41.7483495349084296", "1742.9246888888888889",
                                "4.7059359678318335",  "22.145833333333332"};
    expect_row(c,
               "SELECT stddev(i), variance(i), stddev_pop(n), var_pop(n), stddev_samp(f), "
               "var_samp(f) FROM vt",
               6, want);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM vt WHERE i > 0 HAVING variance(i) > 20"),
                 3);
    PGresult *r = e2e_exec(c, "SELECT stddev(i) FROM vt WHERE i = 3", PGRES_TUPLES_OK);
    cr_expect(PQgetisnull(r, 0, 0));
    cr_expect_eq(PQftype(r, 0), 1700);
    PQclear(r);
    PQfinish(c);
}

Test(numeric, narrowing_integer_casts_check_the_range)
{
    PGconn *c = e2e_connect(NULL);
    e2e_expect_error(c, "SELECT 32768::smallint", "22003");
    e2e_expect_error(c, "SELECT 3000000000::bigint::int", "22003");
    PGresult *r =
        e2e_exec(c, "SELECT (-32768)::smallint, '3.7'::numeric::integer", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "-32768");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "4");
    cr_expect_str_eq(PQfname(r, 1), "int4"); /* the outer cast names the column */
    PQclear(r);
    PQfinish(c);
}

/* COALESCE and CASE give the chosen value with its own scale, as PostgreSQL does. */
Test(numeric, coalesce_and_case_keep_the_chosen_values_scale)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE cc (k text, amt numeric(10,2))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO cc VALUES ('a', 1.10), ('b', 2)", PGRES_COMMAND_OK));
    const char *const want[] = {"0", "3.10", "0", "1.10"};
    expect_row(c,
               "SELECT coalesce(sum(amt) FILTER (WHERE k = 'z'), 0), coalesce(sum(amt), 0), "
               "CASE WHEN count(*) > 5 THEN sum(amt) ELSE 0 END, "
               "CASE WHEN count(*) > 1 THEN min(amt) ELSE 0 END FROM cc",
               4, want);
    PQfinish(c);
}

/* A numeric(p,s) column keeps its scale through derived tables, CTEs, views and scalar
 * subqueries; integer and numeric branches of UNION / VALUES resolve to numeric. */
Test(numeric, scale_through_subqueries_and_mixed_branches)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE p (id int, price numeric(10,2))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO p VALUES (1, 1.10), (2, 5.00)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE VIEW pv AS SELECT * FROM p", PGRES_COMMAND_OK));
    static const char *const k_five[] = {"5.00"}, *const k_sum[] = {"6.10"};
    expect_row(c, "SELECT max(price) FROM (SELECT * FROM p) t", 1, k_five);
    expect_row(c, "WITH d AS (SELECT * FROM p) SELECT sum(price) FROM d", 1, k_sum);
    expect_row(c, "SELECT max(price) FROM pv", 1, k_five);
    expect_row(c, "SELECT (SELECT price FROM p WHERE id = 2)", 1, k_five);
    expect_row(c, "SELECT (SELECT sum(price) FROM p)", 1, k_sum);
    static const char *const k_union[] = {"1.5"}, *const k_values[] = {"2.5", "b"};
    expect_row(c, "SELECT x FROM (SELECT 1 AS x UNION SELECT 1.5) u WHERE x > 1", 1, k_union);
    expect_row(c, "SELECT * FROM (VALUES (1, 'a'), (2.5, 'b')) v(n, s) WHERE s = 'b'", 2, k_values);
    PQfinish(c);
}

/* A comparison of numeric arithmetic compares exact decimals, as PostgreSQL's numeric
 * does: 0.10 * 3 = 0.3, also in WHERE, HAVING and CASE (the number form of the product,
 * 0.30000000000000004, would miss). A float8 product keeps float8's inexact answer. */
Test(numeric, comparisons_of_arithmetic_are_exact)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE m (a numeric(10,2), q int, f float8)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO m VALUES (0.10, 3, 0.1), (0.20, 1, 0.2), (NULL, 2, NULL)",
                     PGRES_COMMAND_OK));
    const char *const lit[] = {"t", "f", "t", "t", "f"};
    expect_row(c,
               "SELECT 0.1 + 0.2 = 0.3, 0.1 + 0.2 <> 0.3, 0.3 - 0.1 = 0.2, 0.3 - 0.1 >= 0.2, "
               "0.3 - 0.1 < 0.2",
               5, lit);
    const char *const where[] = {"1", "1", "0", "3"};
    expect_row(c,
               "SELECT (SELECT count(*) FROM m WHERE a * q = 0.3), "
               "(SELECT count(*) FROM m WHERE a + 0.2 = 0.3), "
               "(SELECT count(*) FROM m WHERE f * q = 0.3), "
               "(SELECT string_agg(q::text, ',') FROM m WHERE a * q > 0.29 OR a * 2 = q * 0.2)",
               4, where);
    const char *const having[] = {"3", "y"};
    expect_row(c,
               "SELECT q, CASE WHEN sum(a) * 3 = 0.3 THEN 'y' END FROM m GROUP BY q "
               "HAVING sum(a) * q = 0.3",
               2, having);
    PQfinish(c);
}
