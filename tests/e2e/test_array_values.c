/* test_array_values.c - array values as an application sees them through the protocol:
 * result types of array functions given NULL, multi-dimensional arrays, min/max of arrays.
 * Expected values are PostgreSQL 15's answers. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(array_values, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void ok(PGconn *c, const char *sql)
{
    PQclear(e2e_exec(c, sql, PGRES_COMMAND_OK));
}

/* Rows of a query, columns joined with '|' and rows with ';' ("" for NULL). */
static void expect_rows(PGconn *c, const char *sql, const char *want)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    char got[2048] = "";
    size_t n = 0;
    for (int i = 0; i < PQntuples(r) && n < sizeof(got); i++)
        for (int j = 0; j < PQnfields(r) && n < sizeof(got); j++)
            n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", j ? "|" : i ? ";" : "",
                                  PQgetvalue(r, i, j));
    cr_expect_str_eq(got, want, "%s", sql);
    PQclear(r);
}

Test(array_values, functions_given_null_take_the_other_arguments_type)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT array_cat(NULL, ARRAY[1]), array_cat(NULL, '{1}'::int[]), "
                "array_append(NULL, 1), array_prepend(1, NULL)",
                "{1}|{1}|{1}|{1}");
    PGresult *r = e2e_exec(c, "SELECT array_cat(NULL, ARRAY[1])", PGRES_TUPLES_OK);
    cr_expect_eq(PQftype(r, 0), 1007); /* int4[] */
    PQclear(r);
    PQfinish(c);
}

/* min and max compare arrays element by element, as ORDER BY does. */
Test(array_values, min_and_max_of_arrays)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE tagged (ints int[], tags text[])");
    ok(c, "INSERT INTO tagged VALUES ('{1,20,3}', '{b,new}'), ('{9}', '{}'), ('{10}', '{c,z}')");
    expect_rows(c, "SELECT max(ints), min(ints), min(tags), max(tags) FROM tagged",
                "{10}|{1,20,3}|{}|{c,z}");
    PQfinish(c);
}

/* unnest walks every element of a multidimensional array, in storage order. */
Test(array_values, unnest_of_a_multidimensional_array)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c, "SELECT unnest(ARRAY[[1,2],[3,4]])", "1;2;3;4");
    expect_rows(c, "SELECT * FROM unnest('{{a,b},{c,NULL}}'::text[])", "a;b;c;");
    expect_rows(c, "SELECT x, n FROM unnest(ARRAY[[1,2],[3,4]]) WITH ORDINALITY AS t(x, n)",
                "1|1;2|2;3|3;4|4");
    expect_rows(c, "SELECT x, y FROM unnest(ARRAY[[1,2],[3,4]], ARRAY[7,8]) AS t(x, y)",
                "1|7;2|8;3|;4|");
    PQfinish(c);
}

/* Subscripts that stop short of a multidimensional array's elements give NULL. */
Test(array_values, subscripts_of_a_multidimensional_array)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE grid (m int[][], tags text[])");
    ok(c, "INSERT INTO grid VALUES ('{{1,2},{3,4}}', '{x,\"[1,2]\"}')");
    expect_rows(c, "SELECT m[2][2], m[1] IS NULL, m[1][1][1] IS NULL, m[3][1] IS NULL, tags[2] "
                   "FROM grid",
                "4|t|t|t|[1,2]");
    expect_rows(c, "SELECT (ARRAY[[1,2],[3,4]])[2] IS NULL, (ARRAY[1,2,3])[0] IS NULL", "t|t");
    PQfinish(c);
}

/* SET a[i] = v past the end pads with NULLs (where PostgreSQL would move the lower bound
 * litegres answers 0A000: test_sqlfn_arrayx.c). */
Test(array_values, assignment_past_the_end_pads_with_nulls)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE padded (id int, ints int[], tags text[])");
    ok(c, "INSERT INTO padded VALUES (1, '{5}', '{a}'), (2, NULL, '{}')");
    ok(c, "UPDATE padded SET ints[5] = 50, tags[3] = 'c' WHERE id = 1");
    ok(c, "UPDATE padded SET ints[1] = 7 WHERE id = 2");
    expect_rows(c, "SELECT ints, tags FROM padded ORDER BY id",
                "{5,NULL,NULL,NULL,50}|{a,NULL,c};{7}|{}");
    e2e_expect_error(c, "UPDATE padded SET ints[NULL] = 1 WHERE id = 1", "22004");
    PQfinish(c);
}

/* ARRAY[[...], [...]] must be rectangular; deeper nesting keeps its element type. */
Test(array_values, multidimensional_constructors)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c, "SELECT ARRAY[[[1],[2]],[[3],[4]]], ARRAY[['a','b'],['c','d']]",
                "{{{1},{2}},{{3},{4}}}|{{a,b},{c,d}}");
    e2e_expect_error(c, "SELECT ARRAY[[1,2],[3]]", "2202E");
    e2e_expect_error(c, "SELECT '{{1,2},{3}}'::int[]", "22P02");
    PQfinish(c);
}

/* cardinality counts every element of a multidimensional array, not its first dimension. */
Test(array_values, cardinality_of_a_multidimensional_array)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT cardinality('{{1,2},{3,4}}'::int[]), cardinality(ARRAY[[1],[2],[3]]), "
                "cardinality(ARRAY[1,2]), cardinality('{}'::int[])",
                "4|3|2|0");
    ok(c, "CREATE TABLE grid (g int[])");
    ok(c, "INSERT INTO grid VALUES ('{{1,2,3},{4,5,6}}')");
    expect_rows(c, "SELECT cardinality(g), array_length(g, 1) FROM grid", "6|2");
    PQfinish(c);
}

/* A set-returning function under a cast keeps the function's name as its column name. */
Test(array_values, cast_set_returning_call_keeps_its_column_name)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = e2e_exec(c,
                           "SELECT generate_series(date '2008-03-01', date '2008-03-02', "
                           "interval '1 day')::date, unnest(ARRAY[1,2])::text",
                           PGRES_TUPLES_OK);
    cr_expect_str_eq(PQfname(r, 0), "generate_series");
    cr_expect_str_eq(PQfname(r, 1), "unnest");
    cr_expect_str_eq(PQgetvalue(r, 1, 0), "2008-03-02");
    PQclear(r);
    PQfinish(c);
}

/* array_to_string joins every element of a multidimensional array, in order. */
Test(array_values, array_to_string_of_a_multidimensional_array)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT array_to_string(ARRAY[[1,2],[3,4]], '|'), "
                "array_to_string('{{a,NULL},{\"b c\",d}}'::text[], ',', '*'), "
                "array_to_string('{{a,NULL},{b,d}}'::text[], ',')",
                "1|2|3|4|a,*,b c,d|a,b,d");
    PQfinish(c);
}

/* generate_series ... WITH ORDINALITY numbers its rows from 1, also per LATERAL call. */
Test(array_values, generate_series_with_ordinality)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c, "SELECT * FROM generate_series(10, 1, -4) WITH ORDINALITY AS t(x, n)",
                "10|1;6|2;2|3");
    expect_rows(c,
                "SELECT d::date, i FROM generate_series('2024-01-30'::date, '2024-03-30', "
                "'1 month') WITH ORDINALITY AS s(d, i)",
                "2024-01-30|1;2024-02-29|2;2024-03-29|3");
    expect_rows(c,
                "SELECT a.k, s.n FROM (VALUES (1), (2)) a(k), LATERAL generate_series(1, a.k) "
                "WITH ORDINALITY s(v, n) ORDER BY 1, 2",
                "1|1;2|1;2|2");
    expect_rows(c,
                "SELECT count(*), max(ordinality) FROM generate_series(1, 1000) WITH ORDINALITY",
                "1000|1000");
    PQfinish(c);
}
