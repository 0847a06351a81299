/* test_cursor.c - SQL cursors as drivers use them (psycopg's named cursors): DECLARE in a
 * transaction block, FETCH in batches until empty, CLOSE, and the errors PostgreSQL gives;
 * DECLARE with $n parameters and FETCH in binary over the extended protocol. */
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

/* psycopg's conn.cursor(name=...) sends DECLARE ... FOR query with $n parameters through
 * the extended protocol, and FETCH with the result format it wants (binary=True: 1). */
Test(cursor, declare_with_parameters_and_binary_fetch)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    const char *vals[2] = {"3", "a"};
    PGresult *r = PQexecParams(c,
                               "DECLARE p CURSOR FOR SELECT g, $2 || g FROM "
                               "generate_series(1, 6) g WHERE g > $1",
                               2, NULL, vals, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = PQexecParams(c, "FETCH 2 FROM p", 0, NULL, NULL, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_assert_eq(PQntuples(r), 2);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "4");
    cr_expect_str_eq(PQgetvalue(r, 1, 1), "a5");
    PQclear(r);
    r = PQexecParams(c, "FETCH ALL FROM p", 0, NULL, NULL, NULL, NULL, 1);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_assert_eq(PQntuples(r), 1);
    cr_expect_eq(PQfformat(r, 0), 1);
    cr_assert_eq(PQgetlength(r, 0, 0), 4, "int4 in binary");
    const unsigned char *v = (const unsigned char *)PQgetvalue(r, 0, 0);
    cr_expect_eq(v[3], 6);
    cr_expect_eq(PQfformat(r, 1), 1);
    cr_expect_eq(PQgetlength(r, 0, 1), 2);
    cr_expect_eq(memcmp(PQgetvalue(r, 0, 1), "a6", 2), 0);
    PQclear(r);
    for (int fmt = 0; fmt <= 1; fmt++) { /* an exhausted cursor describes in the format asked */
        r = PQexecParams(c, "FETCH 1 FROM p", 0, NULL, NULL, NULL, NULL, fmt);
        cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
        cr_expect_eq(PQntuples(r), 0);
        cr_expect_eq(PQfformat(r, 0), fmt);
        PQclear(r);
    }
    PQclear(e2e_exec(c, "COMMIT", PGRES_COMMAND_OK));
    PQfinish(c);
}

/* WITH HOLD cursors outlive their transaction (what drivers declare in autocommit mode,
 * e.g. Django's QuerySet.iterator()): FETCH goes on across commits, and other statements
 * and transactions run meanwhile; a rollback of the declaring block, CLOSE and DISCARD ALL
 * remove them. */
Test(cursor, with_hold_cursors_outlive_transactions)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE big (id int PRIMARY KEY, v text)");
    e2e_ok(c, "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 10) g");
    e2e_ok(c, "DECLARE h1 NO SCROLL CURSOR WITH HOLD FOR SELECT id FROM big ORDER BY id");
    e2e_expect_rows(c, "FETCH 3 FROM h1", "1;2;3");
    e2e_ok(c, "INSERT INTO big VALUES (100, 'late')");
    e2e_ok(c, "BEGIN");
    e2e_ok(c, "UPDATE big SET v = 'x' WHERE id = 1");
    e2e_expect_rows(c, "FETCH 2 FROM h1", "4;5");
    e2e_ok(c, "COMMIT");
    e2e_expect_rows(c, "FETCH ALL FROM h1", "6;7;8;9;10");
    e2e_ok(c, "CLOSE h1");
    e2e_expect_error(c, "FETCH 1 FROM h1", "34000");
    e2e_ok(c, "BEGIN");
    e2e_ok(c, "DECLARE h2 CURSOR WITH HOLD FOR SELECT id FROM big ORDER BY id");
    e2e_expect_rows(c, "FETCH 1 FROM h2", "1");
    e2e_ok(c, "COMMIT");
    e2e_expect_rows(c, "FETCH 1 FROM h2", "2");
    e2e_ok(c, "BEGIN");
    e2e_ok(c, "DECLARE h3 CURSOR WITH HOLD FOR SELECT 1");
    e2e_ok(c, "ROLLBACK");
    e2e_expect_error(c, "FETCH 1 FROM h3", "34000");
    e2e_expect_error(c, "DECLARE h4 CURSOR WITH HOLD FOR SELECT * FROM big FOR UPDATE", "0A000");
    e2e_ok(c, "DISCARD ALL");
    e2e_expect_error(c, "FETCH 1 FROM h2", "34000");
    PQfinish(c);
}
