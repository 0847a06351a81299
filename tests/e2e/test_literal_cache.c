/* test_literal_cache.c - simple-protocol statements that differ only in their literals share
 * one cached translation (the second cache key) and still answer exactly as if each had
 * been translated on its own; and the extended protocol's Describe-then-Execute answered by
 * the Execute itself keeps RowDescription / NoData right. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(literal_cache, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void setup_items(PGconn *c)
{
    PQclear(e2e_exec(c, "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2))",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c,
                     "INSERT INTO items VALUES (1, 'bolt', 0.25), (2, 'nut', 0.10), "
                     "(3, 'it''s', 12.50), (4, 'washer', 0.05)",
                     PGRES_COMMAND_OK));
}

static char *one(PGconn *c, const char *sql)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 1, "%s: %d rows", sql, PQntuples(r));
    char *v = strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

Test(literal_cache, same_shape_different_literals_give_each_its_own_answer)
{
    PGconn *c = e2e_connect(NULL);
    setup_items(c);
    const char *want[] = {"bolt", "nut", "it's", "washer"};
    for (int round = 0; round < 3; round++) {
        for (int id = 1; id <= 4; id++) {
            char q[128];
            snprintf(q, sizeof(q), "SELECT name FROM items WHERE id = %d", id);
            char *v = one(c, q);
            cr_expect_str_eq(v, want[id - 1], "%s", q);
            free(v);
        }
    }
    char *v = one(c, "SELECT id FROM items WHERE name = 'it''s'");
    cr_expect_str_eq(v, "3");
    free(v);
    v = one(c, "SELECT id FROM items WHERE name = 'washer'");
    cr_expect_str_eq(v, "4");
    free(v);
    PQfinish(c);
}

Test(literal_cache, order_by_position_is_never_a_bound_value)
{
    PGconn *c = e2e_connect(NULL);
    setup_items(c);
    /* ORDER BY 1 and ORDER BY 2 name columns: reusing one translation with the number bound
     * as a value would sort by a constant. */
    char *a = one(c, "SELECT name FROM (SELECT name, price FROM items ORDER BY 1 LIMIT 1) s");
    char *b = one(c, "SELECT name FROM (SELECT name, price FROM items ORDER BY 2 LIMIT 1) s");
    cr_expect_str_eq(a, "bolt");
    cr_expect_str_eq(b, "washer");
    free(a);
    free(b);
    PQfinish(c);
}

Test(literal_cache, limits_types_and_errors_follow_each_literal)
{
    PGconn *c = e2e_connect(NULL);
    setup_items(c);
    PGresult *r = e2e_exec(c, "SELECT id FROM items ORDER BY id LIMIT 2", PGRES_TUPLES_OK);
    cr_expect_eq(PQntuples(r), 2);
    PQclear(r);
    r = e2e_exec(c, "SELECT id FROM items ORDER BY id LIMIT 3", PGRES_TUPLES_OK);
    cr_expect_eq(PQntuples(r), 3);
    PQclear(r);
    /* int4 and int8 literals are different shapes: the column type follows the literal */
    r = e2e_exec(c, "SELECT 5 AS v", PGRES_TUPLES_OK);
    cr_expect_eq(PQftype(r, 0), 23);
    PQclear(r);
    r = e2e_exec(c, "SELECT 5000000000 AS v", PGRES_TUPLES_OK);
    cr_expect_eq(PQftype(r, 0), 20);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "5000000000");
    PQclear(r);
    e2e_expect_error(c, "SELECT name FROM items WHERE id = 'x'", "22P02");
    char *v = one(c, "SELECT name FROM items WHERE id = '2'");
    cr_expect_str_eq(v, "nut");
    free(v);
    PQfinish(c);
}

Test(literal_cache, writes_with_lifted_literals_store_each_value)
{
    PGconn *c = e2e_connect(NULL);
    setup_items(c);
    for (int i = 10; i < 20; i++) {
        char q[128];
        snprintf(q, sizeof(q), "INSERT INTO items VALUES (%d, 'n%d', %d.5)", i, i, i);
        PQclear(e2e_exec(c, q, PGRES_COMMAND_OK));
    }
    PQclear(e2e_exec(c, "UPDATE items SET price = 1.25 WHERE id = 12", PGRES_COMMAND_OK));
    char *v = one(c, "SELECT sum(id)::text || '/' || count(*) FROM items WHERE id >= 10");
    cr_expect_str_eq(v, "145/10");
    free(v);
    v = one(c, "SELECT price FROM items WHERE id = 12");
    cr_expect_str_eq(v, "1.25");
    free(v);
    v = one(c, "SELECT name FROM items WHERE id = 19");
    cr_expect_str_eq(v, "n19");
    free(v);
    PQfinish(c);
}

Test(literal_cache, describe_then_execute_sends_row_description_or_no_data)
{
    PGconn *c = e2e_connect(NULL);
    setup_items(c);
    /* libpq's PQexecParams sends Parse, Bind, Describe portal, Execute, Sync */
    const char *p[1] = {"3"};
    int fmt[1] = {0};
    PGresult *r =
        PQexecParams(c, "SELECT id, name FROM items WHERE id = $1", 1, NULL, p, NULL, fmt, 1);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQerrorMessage(c));
    cr_expect_eq(PQnfields(r), 2);
    cr_expect_eq(PQfformat(r, 0), 1, "binary result format requested");
    cr_expect_eq(PQgetlength(r, 0, 0), 4);
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "it's");
    PQclear(r);
    r = PQexecParams(c, "SELECT id FROM items WHERE id = $1", 1, NULL, (const char *[]){"99"}, NULL,
                     NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK);
    cr_expect_eq(PQnfields(r), 1, "an empty result still has its columns");
    cr_expect_eq(PQntuples(r), 0);
    PQclear(r);
    r = PQexecParams(c, "UPDATE items SET name = 'x' WHERE id = $1", 1, NULL, p, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQerrorMessage(c));
    cr_expect_str_eq(PQcmdTuples(r), "1");
    PQclear(r);
    r = PQexecParams(c, "SELECT nope FROM items WHERE id = $1", 1, NULL, p, NULL, NULL, 0);
    cr_expect_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM items WHERE name = 'x'"), 1);
    PQfinish(c);
}

/* A whole number past int8 is numeric with every digit (psycopg's ClientCursor inlines
 * Python ints that way), and its shape is never shared with decimal literals, whose scale
 * shows: SELECT 1.50 after SELECT 1180591620717411303424 still prints 1.50. */
Test(literal_cache, big_whole_numbers_and_decimal_scales)
{
    PGconn *c = e2e_connect(NULL);
    const char *q[][2] = {
        {"SELECT 1180591620717411303424", "1180591620717411303424"},
        {"SELECT 1180591620717411303424 + 1", "1180591620717411303425"},
        {"SELECT -9223372036854775809", "-9223372036854775809"},
        {"SELECT pg_typeof(18446744073709551616)", "numeric"},
        {"SELECT 1.50", "1.50"},
        {"SELECT 2.5", "2.5"},
        {"SELECT 3.500", "3.500"},
        {"SELECT 9223372036854775807", "9223372036854775807"},
        {"SELECT 4.50", "4.50"},
    };
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
            char *v = one(c, q[i][0]);
            cr_expect_str_eq(v, q[i][1], "%s (round %d)", q[i][0], round);
            free(v);
        }
    }
    PQfinish(c);
}
