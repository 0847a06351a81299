/* test_analytics.c - reporting queries an application runs (aggregates, grouping, window
 * frames, set operations, derived tables, arithmetic edge cases) give PostgreSQL 15's rows,
 * or PostgreSQL's SQLSTATE where PostgreSQL refuses the statement.
 *
 * Each case is one statement and its expected answer as text: the rows separated by '\n',
 * the columns by '|', NULL as the empty string; or "ERR " and the SQLSTATE. The expected
 * answers were checked against PostgreSQL 15 (LG_E2E_BIN=tests/e2e/pg-shim.sh). */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

TestSuite(analytics, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

typedef struct acase {
    const char *sql;
    const char *want;
} acase_t;

static const char *const k_schema =
    "CREATE TABLE s (id int PRIMARY KEY, region text, product text, qty int, "
    "price numeric(10,2), ok boolean, hired date, at timestamp);"
    "INSERT INTO s VALUES (1, 'n', 'a', 1, 1.10, true, '2020-01-01', '2024-01-01 10:00'),"
    " (2, 'n', 'b', 2, 2.40, true, '2020-12-01', '2024-01-02 00:00'),"
    " (3, 's', 'a', 3, 0.10, false, '2021-06-01', '2024-01-03 00:00'),"
    " (4, 's', 'a', 5, 3.00, true, '2021-07-01', NULL),"
    " (5, 's', NULL, 6, 3.25, NULL, NULL, NULL),"
    " (6, NULL, 'a', NULL, NULL, true, NULL, NULL)";

/* The answer as text: rows joined by '\n', columns by '|'; or "ERR <sqlstate>". */
static void answer(PGconn *c, const char *sql, char *out, size_t cap)
{
    PGresult *r = PQexec(c, sql);
    size_t n = 0;
    out[0] = '\0';
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        snprintf(out, cap, "ERR %s", st ? st : "?");
        PQclear(r);
        return;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        for (int j = 0; j < PQnfields(r); j++) {
            const char *sep = j ? "|" : (i ? "\n" : "");
            int w = snprintf(out + n, cap - n, "%s%s", sep, PQgetvalue(r, i, j));
            cr_assert(w >= 0 && (size_t)w < cap - n, "%s: answer too long", sql);
            n += (size_t)w;
        }
    }
    PQclear(r);
}

static void run_cases(const acase_t *cases, size_t n)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, k_schema, PGRES_COMMAND_OK));
    char got[4096];
    for (size_t i = 0; i < n; i++) {
        answer(c, cases[i].sql, got, sizeof got);
        cr_expect_str_eq(got, cases[i].want, "%s", cases[i].sql);
    }
    PQfinish(c);
}

#define RUN(cases) run_cases(cases, sizeof cases / sizeof cases[0])

static const acase_t k_arith[] = {
    {"SELECT - -1, -(-2.5), -(-qty) FROM s WHERE id = 1", "1|2.5|1"},
    {"SELECT -(-2147483648)::int", "ERR 22003"},
    {"SELECT -(-32768)::smallint", "ERR 22003"},
    {"SELECT -(-9223372036854775808)::bigint", "ERR 22003"},
    {"SELECT -qty, -(qty::smallint), -(qty::bigint) FROM s WHERE id = 2", "-2|-2|-2"},
    {"SELECT 1e308::float8 * 10", "ERR 22003"},
    {"SELECT 1e308::float8 + 1e308", "ERR 22003"},
    {"SELECT 1e-300::float8 * 1e-300", "ERR 22003"},
    {"SELECT 1::float8 / 0", "ERR 22012"},
    {"SELECT 'NaN'::float8 * 2, 'Infinity'::float8 * 2, 'Infinity'::float8 - 'Infinity'::float8",
     "NaN|Infinity|NaN"},
    {"SELECT qty * 0.5::float8, qty / 4::float8, qty - 0.25::float8 FROM s WHERE id = 3",
     "1.5|0.75|2.75"},
    {"SELECT x::text, x::numeric FROM (VALUES (0.1::float8 + 0.2)) v(x)",
     "0.30000000000000004|0.3"},
    {"SELECT 1e20::float8::numeric, 1.23456789e-5::float8::numeric, 123456.7::float4::numeric",
     "100000000000000000000|0.0000123456789|123457"},
    {"SELECT 'NaN'::float8::numeric, (2.5::float8)::numeric(10,2)", "NaN|2.50"},
    {"SELECT sum(x), avg(x) FROM (VALUES (1.1::float8), (2.2)) v(x)",
     "3.3000000000000003|1.6500000000000001"},
    {"SELECT sum(x) FROM (VALUES (1e308::float8), (1e308)) v(x)", "ERR 22003"},
    {"SELECT sum(x), avg(x) FROM (VALUES ('NaN'::float8), (1)) v(x)", "NaN|NaN"},
};

Test(analytics, arithmetic_edge_cases)
{
    RUN(k_arith);
}

static const acase_t k_derived[] = {
    {"SELECT * FROM (SELECT 1 AS a, 2 AS a) t", "1|2"},
    {"SELECT t.* FROM (SELECT 1 AS a, 2 AS a) t", "1|2"},
    {"SELECT a FROM (SELECT 1 AS a, 2 AS a) t", "ERR 42702"},
    {"SELECT count(*) FROM (SELECT 1 AS a, 2 AS a) t", "1"},
    {"SELECT * FROM (SELECT 1 AS a, 2 AS a) t(x)", "1|2"},
    {"SELECT * FROM (SELECT 1 AS a, 2 AS b, 3 AS c) t(x)", "1|2|3"},
    {"WITH w AS (SELECT 1 AS a, 2 AS a) SELECT * FROM w", "1|2"},
    {"SELECT * FROM (SELECT x.id, y.id FROM s x JOIN s y ON y.id = x.id + 1 WHERE x.id = 1) t",
     "1|2"},
    {"SELECT * FROM (SELECT * FROM s x JOIN s y ON y.id = x.id + 4 WHERE x.id = 1) t",
     "1|n|a|1|1.10|t|2020-01-01|2024-01-01 10:00:00|5|s||6|3.25|||"},
    {"SELECT to_jsonb(t) FROM (SELECT 1 AS a, 2 AS b) t", "{\"a\": 1, \"b\": 2}"},
};

Test(analytics, derived_tables_keep_repeated_column_names)
{
    RUN(k_derived);
}

/* JOIN ... USING / NATURAL JOIN show each merged column once, first; t.* keeps t's own
 * columns (NULL on the side a FULL or RIGHT join fills in) */
static const acase_t k_merged[] = {
    {"SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, n) FULL JOIN (VALUES (2, 'x'), (3, 'y')) "
     "w(id, m) USING (id) ORDER BY id",
     "1|a|\n2|b|x\n3||y"},
    {"SELECT v.*, w.m FROM (VALUES (1, 'a'), (2, 'b')) v(id, n) FULL JOIN (VALUES (2, 'x'), "
     "(3, 'y')) w(id, m) USING (id) ORDER BY w.m NULLS FIRST",
     "1|a|\n2|b|x\n||y"},
    {"SELECT *, id * 2 FROM (SELECT 2 AS id, true AS f) y LEFT JOIN s USING (id)",
     "2|t|n|b|2|2.40|t|2020-12-01|2024-01-02 00:00:00|4"},
    {"SELECT x.* FROM s x RIGHT JOIN (SELECT 9 AS id) y USING (id)", "|||||||"},
    {"SELECT * FROM s x RIGHT JOIN (SELECT 9 AS id, true AS f) y USING (id)", "9||||||||t"},
    {"SELECT * FROM (SELECT 1 AS id, 'n' AS region) a NATURAL JOIN s",
     "1|n|a|1|1.10|t|2020-01-01|2024-01-01 10:00:00"},
    {"SELECT * FROM (SELECT 1 AS id) a JOIN (SELECT 1 AS id, 2 AS k) b USING (id) FULL JOIN "
     "(SELECT 3 AS k) c USING (k) ORDER BY k",
     "2|1\n3|"},
    {"SELECT * FROM s x JOIN s y USING (nope)", "ERR 42703"},
    /* a table function's column named by its alias */
    {"SELECT id, qty FROM s JOIN unnest(ARRAY[2, 3]::bigint[]) AS k(id) USING (id) ORDER BY id",
     "2|2\n3|3"},
    {"SELECT * FROM unnest(ARRAY[1, 9]) AS k(id) LEFT JOIN (SELECT id, qty FROM s) t USING (id) "
     "ORDER BY id",
     "1|1\n9|"},
    {"SELECT * FROM s x JOIN s y USING (id) JOIN s z USING (region)", "ERR 42702"},
    /* a table's columns renamed by its alias */
    {"SELECT * FROM s AS t(a, b) WHERE a = 2", "2|n|b|2|2.40|t|2020-12-01|2024-01-02 00:00:00"},
    {"SELECT t.b, count(*) FROM s t(a, b) WHERE t.a < 4 GROUP BY t.b ORDER BY 1", "n|2\ns|1"},
    {"SELECT * FROM s t(a, b, c, d, e, f, g, h, i)", "ERR 42P10"},
};

Test(analytics, joins_using_merge_their_columns)
{
    RUN(k_merged);
}

/* SELECT DISTINCT sorts only by what it outputs; generate_series over numbers takes the
 * type of all its arguments */
static const acase_t k_distinct_series[] = {
    {"SELECT DISTINCT region FROM s ORDER BY qty", "ERR 42P10"},
    {"SELECT DISTINCT upper(region) AS r FROM s x ORDER BY r NULLS FIRST", "\nN\nS"},
    {"SELECT DISTINCT s.region FROM s ORDER BY region DESC NULLS LAST", "s\nn\n"},
    {"SELECT g::float8 FROM generate_series(1, 2.5, 0.5) g", "1\n1.5\n2\n2.5"},
    {"SELECT pg_typeof(g), count(*) OVER () FROM generate_series(1, 2, 0.5) g LIMIT 1",
     "numeric|3"},
    {"SELECT pg_typeof(generate_series(1, 3::bigint)) LIMIT 1", "bigint"},
    /* array_agg of arrays: one dimension more, inputs of equal shape */
    {"SELECT array_agg(x) FROM (VALUES (ARRAY[1, 2]), (ARRAY[3, 4])) v(x)", "{{1,2},{3,4}}"},
    {"SELECT array_agg(x) FROM (VALUES (ARRAY[1, 2]), (ARRAY[3])) v(x)", "ERR 2202E"},
    {"SELECT array_agg(x) FROM (VALUES (ARRAY[1]), (NULL)) v(x)", "ERR 22004"},
    {"SELECT array_agg(x) FROM (VALUES ('{}'::int[])) v(x)", "ERR 2202E"},
    /* array_agg of jsonb: a jsonb[] of those values */
    {"SELECT array_agg(j), (array_agg(j))[2] FROM (VALUES ('{\"a\":1}'::jsonb), ('[3]')) v(j)",
     "{\"{\\\"a\\\": 1}\",[3]}|[3]"},
};

Test(analytics, distinct_order_and_series_types)
{
    RUN(k_distinct_series);
}

/* Column aliases on a table, and * over JOIN ... USING / NATURAL JOIN of derived tables:
 * each merged column once, first. */
static const acase_t k_join_aliases[] = {
    {"SELECT * FROM s AS t (a, b) WHERE a < 3 ORDER BY a",
     "1|n|a|1|1.10|t|2020-01-01|2024-01-01 10:00:00\n"
     "2|n|b|2|2.40|t|2020-12-01|2024-01-02 00:00:00"},
    {"SELECT t.b, t.product FROM s t (a, b) WHERE t.a = 3", "s|a"},
    {"SELECT t.id FROM s t (a)", "ERR 42703"},
    {"SELECT x.a, y.a FROM s x (a) JOIN s y (a) ON y.a = x.a + 1 WHERE x.a = 1", "1|2"},
    {"SELECT * FROM s t (a, b, c, d, e, f, g, h, i)", "ERR 42P10"},
    {"SELECT * FROM nosuch t (a)", "ERR 42P01"},
    {"SELECT * FROM (SELECT id, qty FROM s) x JOIN (SELECT id, price FROM s) y USING (id) "
     "WHERE id < 3 ORDER BY id",
     "1|1|1.10\n2|2|2.40"},
    {"SELECT * FROM (SELECT qty, id FROM s) x LEFT JOIN (SELECT id, ok FROM s WHERE id > 4) y "
     "USING (id) WHERE id > 3 ORDER BY id",
     "4|5|\n5|6|\n6||t"},
    {"SELECT * FROM (SELECT id, 1 AS k FROM s) x RIGHT JOIN (VALUES (6, 'z'), (9, 'q')) v (id, "
     "tag) USING (id) ORDER BY id",
     "6|1|z\n9||q"},
    {"SELECT *, 0 AS z FROM (SELECT id, region FROM s) x NATURAL JOIN (SELECT id, region, qty "
     "FROM s) y ORDER BY id",
     "1|n|1|0\n2|n|2|0\n3|s|3|0\n4|s|5|0\n5|s|6|0"},
    {"SELECT * FROM s a (a, b) JOIN s b (a, x) USING (a) WHERE a = 2",
     "2|n|b|2|2.40|t|2020-12-01|2024-01-02 00:00:00|n|b|2|2.40|t|2020-12-01|2024-01-02 00:00:00"},
};

Test(analytics, table_column_aliases_and_star_over_using)
{
    RUN(k_join_aliases);
}

static const acase_t k_typeof[] = {
    {"SELECT pg_typeof(count(*)), pg_typeof(sum(qty)), pg_typeof(avg(qty)) FROM s",
     "bigint|bigint|numeric"},
    {"SELECT pg_typeof(max(region)) FROM s GROUP BY region IS NULL ORDER BY 1", "text\ntext"},
    {"SELECT pg_typeof(qty) FROM s WHERE id < 3", "integer\ninteger"},
};

Test(analytics, pg_typeof_of_an_aggregate_keeps_one_row_per_group)
{
    RUN(k_typeof);
}

static const acase_t k_aggtypes[] = {
    {"SELECT string_agg(id, ',') FROM s", "ERR 42883"},
    {"SELECT sum(region) FROM s", "ERR 42883"},
    {"SELECT avg(ok) FROM s", "ERR 42883"},
    {"SELECT max(ok) FROM s", "ERR 42883"},
    {"SELECT sum(hired) FROM s", "ERR 42883"},
    {"SELECT stddev(region) FROM s", "ERR 42883"},
    {"SELECT bool_and(qty) FROM s", "ERR 42883"},
    {"SELECT jsonb_object_agg(region, qty) FROM s", "ERR 22023"},
    {"SELECT string_agg(product, ', ') WITHIN GROUP (ORDER BY product) FROM s", "ERR 42883"},
    {"SELECT id, ntile(NULL) OVER (ORDER BY id) FROM s WHERE id < 3", "1|\n2|"},
    {"SELECT id, count(*) OVER (ORDER BY hired RANGE BETWEEN '31 days' PRECEDING AND CURRENT "
     "ROW) FROM s WHERE id < 5 ORDER BY id",
     "1|1\n2|1\n3|1\n4|2"},
    {"SELECT string_agg(region, 1) FROM s", "ERR 42883"},
    {"SELECT string_agg(qty::text, '-' ORDER BY id), bool_and(ok), max(hired), min(region), "
     "sum(price), max(ARRAY[id]) FROM s",
     "1-2-3-5-6|f|2021-07-01|n|9.85|{6}"},
};

Test(analytics, aggregates_check_their_argument_types)
{
    RUN(k_aggtypes);
}

/* Several whole-row conversions in a row: each must see its own columns' types. */
static const acase_t k_json[] = {
    {"SELECT to_jsonb(s) FROM s WHERE id = 1",
     "{\"at\": \"2024-01-01T10:00:00\", \"id\": 1, \"ok\": true, \"qty\": 1, \"hired\": "
     "\"2020-01-01\", \"price\": 1.10, \"region\": \"n\", \"product\": \"a\"}"},
    {"SELECT row_to_json(s) FROM s WHERE id = 2",
     "{\"id\":2,\"region\":\"n\",\"product\":\"b\",\"qty\":2,\"price\":2.40,\"ok\":true,"
     "\"hired\":\"2020-12-01\",\"at\":\"2024-01-02T00:00:00\"}"},
    {"SELECT jsonb_agg(s ORDER BY id) FROM s WHERE id < 3",
     "[{\"at\": \"2024-01-01T10:00:00\", \"id\": 1, \"ok\": true, \"qty\": 1, \"hired\": "
     "\"2020-01-01\", \"price\": 1.10, \"region\": \"n\", \"product\": \"a\"}, {\"at\": "
     "\"2024-01-02T00:00:00\", \"id\": 2, \"ok\": true, \"qty\": 2, \"hired\": "
     "\"2020-12-01\", \"price\": 2.40, \"region\": \"n\", \"product\": \"b\"}]"},
    {"SELECT jsonb_agg(s) FROM s WHERE id = 3",
     "[{\"at\": \"2024-01-03T00:00:00\", \"id\": 3, \"ok\": false, \"qty\": 3, \"hired\": "
     "\"2021-06-01\", \"price\": 0.10, \"region\": \"s\", \"product\": \"a\"}]"},
    {"SELECT json_agg(t) FROM (SELECT at, hired, price FROM s WHERE id = 1) t",
     "[{\"at\":\"2024-01-01T10:00:00\",\"hired\":\"2020-01-01\",\"price\":1.10}]"},
    {"SELECT json_build_object('a', at), to_json(at), jsonb_build_array(at::timestamptz) "
     "FROM s WHERE id = 1",
     "{\"a\" : \"2024-01-01T10:00:00\"}|\"2024-01-01T10:00:00\"|[\"2024-01-01T10:00:00+00:00\"]"},
    {"SELECT array_agg(at ORDER BY id)::text FROM s WHERE id < 3",
     "{\"2024-01-01 10:00:00\",\"2024-01-02 00:00:00\"}"},
};

Test(analytics, json_of_rows_has_iso_timestamps_and_column_types)
{
    RUN(k_json);
}

static const acase_t k_values[] = {
    {"SELECT x FROM (VALUES (1.10), (2.20)) v(x)", "1.10\n2.20"},
    {"SELECT s FROM (VALUES (1.10::numeric(10,2))) v(s)", "1.10"},
    {"SELECT sum(x), avg(x) FROM (VALUES (1.10), (2.20), (3.30)) v(x)", "6.60|2.2000000000000000"},
    {"SELECT sum(x) FROM (VALUES (1.10::numeric(10,2)), (2.20)) v(x)", "3.30"},
    {"WITH w(x) AS (VALUES (1.10), (2.20)) SELECT x, x + 1 FROM w", "1.10|2.10\n2.20|3.20"},
    {"VALUES (1, 2), (3)", "ERR 42601"},
    {"SELECT 1, 2 UNION SELECT 3", "ERR 42601"},
    {"SELECT 1 UNION SELECT 2 ORDER BY 3", "ERR 42P10"},
    {"SELECT * FROM s ORDER BY 9", "ERR 42P10"},
    {"SELECT 1 UNION SELECT 'a'", "ERR 22P02"},
    {"SELECT '2' UNION SELECT 2", "2"},
    {"SELECT 'x' AS a, 1 AS b UNION SELECT 'y', '3' ORDER BY 1", "x|1\ny|3"},
    {"SELECT true UNION SELECT 'f' ORDER BY 1", "f\nt"},
    {"SELECT id FROM s UNION SELECT qty FROM s ORDER BY id + 1", "ERR 0A000"},
};

Test(analytics, values_keep_a_common_scale_and_shapes_are_checked)
{
    RUN(k_values);
}

/* The main SELECT sees the tables as they were before the WITH items changed them. */
static const acase_t k_modcte[] = {
    {"WITH u AS (UPDATE s SET qty = 100 WHERE id = 1 RETURNING *) SELECT qty FROM s WHERE id = 1",
     "1"},
    {"SELECT qty FROM s WHERE id = 1", "100"},
    {"WITH d AS (DELETE FROM s WHERE id = 6 RETURNING *) "
     "SELECT count(*), (SELECT count(*) FROM d) FROM s",
     "6|1"},
    {"SELECT count(*) FROM s", "5"},
    {"WITH i AS (INSERT INTO s (id) VALUES (7) RETURNING id) "
     "SELECT max(x.id), max(i.id) FROM s AS x, i",
     "5|7"},
    {"WITH a AS (DELETE FROM s WHERE id = 7 RETURNING id), b AS (UPDATE s SET qty = 0 WHERE "
     "id = 2 RETURNING id) SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM s",
     "1:100,2:2,3:3,4:5,5:6"},
    {"SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM s", "1:100,2:0,3:3,4:5,5:6"},
};

Test(analytics, data_modifying_with_leaves_the_main_select_its_snapshot)
{
    RUN(k_modcte);
}

static const acase_t k_rows[] = {
    {"SELECT array_agg(ROW(id, region)) FROM s WHERE id < 3", "{\"(1,n)\",\"(2,n)\"}"},
    {"SELECT array_agg((id, region) ORDER BY id DESC) FROM s WHERE id > 4", "{\"(6,)\",\"(5,s)\"}"},
    {"SELECT count(DISTINCT (region, product)), count(ROW(region, product)) FROM s", "5|6"},
    {"SELECT pg_typeof(array_agg(ROW(id))) FROM s", "record[]"},
    {"SELECT string_agg(ROW(id, region)::text, ';' ORDER BY id) FROM s WHERE id > 3",
     "(4,s);(5,s);(6,)"},
};

Test(analytics, row_values_as_aggregate_arguments)
{
    RUN(k_rows);
}

static const acase_t k_setops[] = {
    {"SELECT region FROM s INTERSECT ALL SELECT region FROM s WHERE id <> 3 ORDER BY 1",
     "n\nn\ns\ns\n"},
    {"SELECT region FROM s EXCEPT ALL SELECT region FROM s WHERE id IN (1, 3) ORDER BY 1",
     "n\ns\ns\n"},
    {"SELECT region, product FROM s EXCEPT ALL SELECT 'n', 'a' ORDER BY 1, 2",
     "n|b\ns|a\ns|a\ns|\n|a"},
    {"SELECT qty FROM s INTERSECT ALL SELECT 1 UNION ALL SELECT 2 ORDER BY 1", "1\n2"},
    {"SELECT * FROM s EXCEPT ALL SELECT * FROM s WHERE id > 1",
     "1|n|a|1|1.10|t|2020-01-01|2024-01-01 10:00:00"},
    {"SELECT * FROM s ORDER BY region FETCH FIRST 1 ROWS WITH TIES",
     "1|n|a|1|1.10|t|2020-01-01|2024-01-01 10:00:00\n"
     "2|n|b|2|2.40|t|2020-12-01|2024-01-02 00:00:00"},
    {"SELECT DISTINCT ON (region) * FROM s ORDER BY region, id DESC",
     "2|n|b|2|2.40|t|2020-12-01|2024-01-02 00:00:00\n5|s||6|3.25|||\n6||a|||t||"},
};

Test(analytics, intersect_all_except_all_and_with_ties_over_star)
{
    RUN(k_setops);
}

static const acase_t k_scale[] = {
    {"SELECT nullif(price, 0), nullif(price, 2.40) FROM s WHERE id = 2", "2.40|"},
    {"SELECT a[1], a[2] FROM (SELECT '{1.5,2}'::numeric(10,2)[] AS a) t", "1.50|2.00"},
};

Test(analytics, nullif_and_array_elements_keep_the_scale)
{
    RUN(k_scale);
}

static const acase_t k_rollup[] = {
    {"SELECT region, avg(price), sum(price) FROM s GROUP BY ROLLUP (region) ORDER BY 1, 3",
     "n|1.7500000000000000|3.50\ns|2.1166666666666667|6.35\n|1.9700000000000000|9.85\n||"},
    {"SELECT region, round(avg(qty), 1) AS a FROM s GROUP BY ROLLUP (region) ORDER BY a DESC",
     "|\ns|4.7\n|3.4\nn|1.5"},
};

Test(analytics, rollup_output_columns_have_postgres_digits)
{
    RUN(k_rollup);
}
