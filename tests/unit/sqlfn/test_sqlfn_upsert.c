/* test_sqlfn_upsert.c - lg_upsert_once, the per-statement duplicate-key check of
 * INSERT ... SELECT ... ON CONFLICT DO UPDATE (21000 when a key comes a second time). */
#include "sqlfn_harness.h"

TestSuite(sqlfn_upsert, .init = harness_open, .fini = harness_close);

#define DUP                                                                                        \
    "ERR 21000:ON CONFLICT DO UPDATE command cannot affect row a second time|HINT:Ensure that "    \
    "no rows proposed for insertion within the same command have duplicate constrained values."

Test(sqlfn_upsert, repeated_keys_raise)
{
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES (1), (2), (3)) LIMIT -1) "
           "WHERE lg_upsert_once(0, column1)",
           "3");
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES (1), (2), (1)) LIMIT -1) "
           "WHERE lg_upsert_once(0, column1)",
           DUP);
    /* an integral real is the integer; text is not the number it spells */
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES (2), (2.0)) LIMIT -1) "
           "WHERE lg_upsert_once(0, column1)",
           DUP);
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES (2), (2.5), ('2'), (x'02')) LIMIT -1) "
           "WHERE lg_upsert_once(0, column1)",
           "4");
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES ('ab'), ('a'), ('ab')) LIMIT -1) "
           "WHERE lg_upsert_once(0, column1)",
           DUP);
}

Test(sqlfn_upsert, multi_column_and_null_keys)
{
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES (1, 'a'), (1, 'b'), (2, 'a')) LIMIT -1) "
           "WHERE lg_upsert_once(0, column1, column2)",
           "3");
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (1, 'a')) LIMIT -1) "
           "WHERE lg_upsert_once(0, column1, column2)",
           DUP);
    EXPECT("SELECT count(*) FROM (SELECT * FROM (VALUES (1, NULL), (1, NULL), (NULL, 2)) "
           "LIMIT -1) WHERE lg_upsert_once(0, column1, column2)",
           "3");
}

/* Each execution starts with no keys: a prepared statement run twice does not see its
 * first run's keys. */
Test(sqlfn_upsert, keys_are_per_execution)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db,
                                    "SELECT count(*) FROM (SELECT value FROM "
                                    "generate_series(1, 1000) LIMIT -1) "
                                    "WHERE lg_upsert_once(0, value)",
                                    -1, &st, NULL),
                 SQLITE_OK);
    for (int run = 0; run < 2; run++) {
        cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sqlite3_errmsg(db));
        cr_expect_eq(sqlite3_column_int(st, 0), 1000);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}
