/* test_text_values.c - string and JSON values as an application sees them through the
 * protocol: SQL-regex substring, jsonb functions on literals. Expected values are
 * PostgreSQL 15's answers. */
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
            n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", j ? "|" : i ? ";" : "",
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
