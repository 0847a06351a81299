/* test_text_values.c - string and JSON values as an application sees them through the
 * protocol: SQL-regex substring, jsonb functions on literals, casts to name. Expected
 * values are PostgreSQL 15's answers. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(text_values, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

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
            n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
                                  j   ? "|"
                                  : i ? ";"
                                      : "",
                                  PQgetvalue(r, i, j));
    cr_expect_str_eq(got, want, "%s", sql);
    PQclear(r);
}

Test(text_values, substring_similar_escape)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT substring('foobar' similar '%#\"o_b#\"%' escape '#'), "
                "substring('foobar' from '%#\"o_b#\"%' for '#'), "
                "substring('foobar' similar '%#\"x#\"%' escape '#') IS NULL, "
                "substring('foobar' from 2 for 3)",
                "oob|oob|t|oob");
    ok(c, "CREATE TABLE codes (t text)");
    ok(c, "INSERT INTO codes VALUES ('abcXYZ')");
    expect_rows(c, "SELECT substring(t similar 'abc#\"%#\"' escape '#') FROM codes", "XYZ");
    PQfinish(c);
}

/* UPDATE ... SET doc['k'] = v: keys created or replaced, a NULL document read as '{}', a
 * missing object on the way created. */
Test(text_values, jsonb_subscript_assignment)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE docs (id int, data jsonb)");
    ok(c, "INSERT INTO docs VALUES (1, '{\"name\":\"bob\",\"age\":3}'), (2, NULL), "
          "(3, '{\"x\":{\"y\":1}}')");
    ok(c, "UPDATE docs SET data['name'] = '\"Bobby\"' WHERE id = 1");
    ok(c, "UPDATE docs SET data['k'] = '[1, 2]' WHERE id = 2");
    ok(c, "UPDATE docs SET data['x']['z'] = NULL WHERE id = 3");
    ok(c, "UPDATE docs SET data['a']['b'] = to_jsonb(id) WHERE id = 1");
    expect_rows(c, "SELECT data FROM docs ORDER BY id",
                "{\"a\": {\"b\": 1}, \"age\": 3, \"name\": \"Bobby\"};{\"k\": [1, 2]};"
                "{\"x\": {\"y\": 1, \"z\": null}}");
    e2e_expect_error(c, "UPDATE docs SET data['name']['q'] = '1' WHERE id = 1", "22023");
    PQfinish(c);
}

Test(text_values, string_to_table)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c, "SELECT string_to_table('a,b,c', ',')", "a;b;c");
    expect_rows(c, "SELECT * FROM string_to_table('a,b,,c', ',', '') AS t(x) WHERE x IS NULL", "");
    expect_rows(c, "SELECT count(*) FROM string_to_table('a,b,,c', ',', '')", "4");
    PQfinish(c);
}

/* jsonb::integer and friends take a JSON number (or boolean); anything else is 22023. */
Test(text_values, jsonb_casts_to_scalars)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT ('{\"a\":5}'::jsonb -> 'a')::int + 1, '5.6'::jsonb::int, "
                "('{\"a\":5.5}'::jsonb -> 'a')::numeric, ('{\"a\":true}'::jsonb -> 'a')::boolean",
                "6|6|5.5|t");
    e2e_expect_error(c, "SELECT ('{\"a\":\"5\"}'::jsonb -> 'a')::int", "22023");
    e2e_expect_error(c, "SELECT ('{\"a\":[1]}'::jsonb -> 'a')::numeric", "22023");
    PQfinish(c);
}

/* ::name (psycopg's tests and catalog-minded applications cast to it): a string-category
 * type, so any value casts to it through its text. */
Test(text_values, casts_to_name)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT 'nm'::name, pg_typeof('nm'::name), 12::name, 'ab '::char(3)::name, "
                "'x'::name = 'x', length('abc'::name)",
                "nm|name|12|ab|t|3");
    PGresult *r = e2e_exec(c, "SELECT 'nm'::name", PGRES_TUPLES_OK);
    cr_expect_eq(PQftype(r, 0), 19, "reported as name");
    PQclear(r);
    PQfinish(c);
}

/* A char(n) value given to a string function is cast to text, which drops its padding;
 * length and octet_length, concat and max keep their char(n) meaning. */
Test(text_values, char_n_in_string_functions)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE codes8 (c char(8))");
    ok(c, "INSERT INTO codes8 VALUES ('XXXX'), ('ab')");
    expect_rows(c,
                "SELECT lower(c) || '|', upper(c) || '|', replace(c, 'X', 'y') || '|', "
                "substr(c, 2) || '|', left(c, 5) || '|', right(c, 5) || '|', "
                "position(' ' in c), md5(c) = md5('XXXX'), lpad(c, 6, '*'), "
                "split_part(c, 'X', 5) || '|' FROM codes8 WHERE c = 'XXXX'",
                "xxxx||XXXX||yyyy||XXX||XXXX||XXXX||0|t|**XXXX||");
    expect_rows(c, "SELECT lower(c), count(*) FROM codes8 GROUP BY lower(c) ORDER BY 1",
                "ab|1;xxxx|1");
    expect_rows(c, "SELECT string_agg(c, ',' ORDER BY lower(c)) FROM codes8", "ab,XXXX");
    expect_rows(c, "SELECT length(c), octet_length(c), concat(c, '|') FROM codes8 WHERE c = 'ab'",
                "2|8|ab      |");
    PQfinish(c);
}
