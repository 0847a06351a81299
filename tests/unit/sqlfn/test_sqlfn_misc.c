/* test_sqlfn_misc.c - uuid generation, version(), session identity, num_nulls. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_misc, .init = harness_open, .fini = harness_close);

Test(sqlfn_misc, gen_random_uuid_is_version_4_and_unique)
{
    char a[64];
    snprintf(a, sizeof a, "%s", q("SELECT gen_random_uuid()"));
    cr_assert_eq(strlen(a), 36);
    cr_expect_eq(a[14], '4');
    cr_expect(strchr("89ab", a[19]) != NULL);
    cr_expect(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    cr_expect_str_neq(q("SELECT gen_random_uuid()"), a);
    EXPECT("SELECT count(DISTINCT gen_random_uuid()) FROM (SELECT 1 UNION ALL SELECT 2)", "2");
}

Test(sqlfn_misc, version_looks_like_postgres_15)
{
    /* the same release as SHOW server_version (session_guc.c) */
    cr_expect(strncmp(q("SELECT version()"), "PostgreSQL 15.8 ", 16) == 0);
    cr_expect(strstr(q("SELECT version()"), "litegres") != NULL);
}

Test(sqlfn_misc, session_identity_defaults_and_updates)
{
    EXPECT("SELECT current_user()", "postgres");
    EXPECT("SELECT current_schema()", "public");
    cr_assert_eq(sqlfn_set_session_info(db, "alice", "shop"), 0);
    EXPECT("SELECT current_user()", "alice");
    EXPECT("SELECT session_user()", "alice");
    EXPECT("SELECT current_database()", "shop");
    cr_assert_eq(sqlfn_set_session_info(db, NULL, "other"), 0);
    EXPECT("SELECT current_user() || '@' || current_database()", "alice@other");
}

Test(sqlfn_misc, sql_cannot_change_session_identity)
{
    cr_expect(strncmp(q("SELECT lg__set_session_info('x')"), "ERR ", 4) == 0);
    EXPECT("SELECT current_user()", "postgres");
}

Test(sqlfn_misc, num_nulls)
{
    EXPECT("SELECT num_nulls(1, NULL, 'a', NULL)", "2");
    EXPECT("SELECT num_nonnulls(1, NULL, 'a', NULL)", "2");
}
