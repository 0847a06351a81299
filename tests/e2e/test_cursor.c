/* test_cursor.c - SQL cursors as drivers use them (psycopg's named cursors): DECLARE in a
 * transaction block, FETCH in batches until empty, CLOSE, and the errors PostgreSQL gives. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(cursor, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

Test(cursor, fetch_in_batches_until_empty)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE t (i integer)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c,
                     "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "
                     "WHERE n < 250) INSERT INTO t SELECT n FROM s",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "DECLARE \"cur 1\" CURSOR WITHOUT HOLD FOR SELECT i FROM t ORDER BY i",
                     PGRES_COMMAND_OK));
    long long sum = 0, rows = 0;
    for (int batch = 0; batch < 10; batch++) {
        PGresult *r = e2e_exec(c, "FETCH FORWARD 100 FROM \"cur 1\"", PGRES_TUPLES_OK);
        int n = PQntuples(r);
        char tag[32];
        snprintf(tag, sizeof(tag), "FETCH %d", n);
        cr_expect_str_eq(PQcmdStatus(r), tag);
        cr_expect_eq(PQnfields(r), 1, "every FETCH describes its rows");
        for (int i = 0; i < n; i++)
            sum += atoll(PQgetvalue(r, i, 0));
        rows += n;
        PQclear(r);
        if (n == 0)
            break;
    }
    cr_expect_eq(rows, 250);
    cr_expect_eq(sum, 250LL * 251 / 2);
    PQclear(e2e_exec(c, "CLOSE \"cur 1\"", PGRES_COMMAND_OK));
    e2e_expect_error(c, "FETCH 1 FROM \"cur 1\"", "34000");
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    PQfinish(c);
}

Test(cursor, cursors_need_a_block_and_end_with_it)
{
    PGconn *c = e2e_connect(NULL);
    e2e_expect_error(c, "DECLARE x CURSOR FOR SELECT 1", "25P01");
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "DECLARE x CURSOR FOR SELECT 1 AS one", PGRES_COMMAND_OK));
    e2e_expect_error(c, "DECLARE x CURSOR FOR SELECT 2", "42P03");
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    e2e_expect_error(c, "FETCH 1 FROM x", "34000");
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    PQfinish(c);
}
