/* test_sqlfn_aggsem.c - the aggregates the translator emits for PostgreSQL semantics SQLite
 * lacks: lg_scalar_sub (21000 on a second row), ordered-set aggregates (percentile_cont,
 * percentile_disc, mode), lg_pg_sortpos (PostgreSQL's quicksort order of tied rows) and the
 * in-order float window sums lg_avg_f8 / lg_sum_f8. Expected values are PostgreSQL 15's. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_aggsem, .init = harness_open, .fini = harness_close);

#define NUMS "(SELECT 3 AS x UNION ALL SELECT 1 UNION ALL SELECT NULL UNION ALL SELECT 10)"

Test(sqlfn_aggsem, scalar_sub_errors_on_second_row)
{
    EXPECT("SELECT lg_scalar_sub(x) FROM (SELECT 'a' AS x)", "a");
    EXPECT("SELECT lg_scalar_sub(x) FROM (SELECT 1 AS x) WHERE 0", "NULL");
    EXPECT("SELECT typeof(lg_scalar_sub(x)) FROM (SELECT 2.5 AS x)", "real");
    cr_expect(strstr(q("SELECT lg_scalar_sub(x) FROM " NUMS), "21000") != NULL, "%s", result);
    cr_expect(strstr(result, "more than one row returned by a subquery") != NULL, "%s", result);
}

Test(sqlfn_aggsem, percentiles_and_mode)
{
    EXPECT("SELECT lg_percentile_cont(x, 0.5, x, 0) FROM " NUMS, "3.0");
    EXPECT("SELECT lg_percentile_cont(x, 0.75, x, 0) FROM " NUMS, "6.5");
    EXPECT("SELECT lg_percentile_cont(x, 0.75, x, 1) FROM " NUMS, "2.0");
    EXPECT("SELECT lg_percentile_disc(x, 0.5, x, 0) FROM " NUMS, "3");
    EXPECT("SELECT lg_percentile_disc(x, 0, x, 0) FROM " NUMS, "1");
    EXPECT("SELECT lg_percentile_disc(x, 1, x, 0) FROM " NUMS, "10");
    EXPECT("SELECT lg_percentile_cont(x, '[0.25,null,1]', x, 0) FROM " NUMS, "[2,null,10]");
    EXPECT("SELECT lg_percentile_disc(x, '[0.1, 0.9]', x, 0) FROM " NUMS, "[1,10]");
    EXPECT("SELECT lg_percentile_cont(x, NULL, x, 0) FROM " NUMS, "NULL");
    EXPECT("SELECT lg_percentile_cont(x, 0.5, x, 0) FROM " NUMS " WHERE 0", "NULL");
    cr_expect(strstr(q("SELECT lg_percentile_cont(x, 2, x, 0) FROM " NUMS), "22003") != NULL, "%s",
              result);
    EXPECT("SELECT lg_mode(x, NULL, x, 0) FROM (SELECT 'b' AS x UNION ALL SELECT 'a' UNION ALL "
           "SELECT 'b' UNION ALL SELECT 'a' UNION ALL SELECT 'c')",
           "a");
    EXPECT("SELECT lg_mode(x, NULL, x, 1) FROM (SELECT 'b' AS x UNION ALL SELECT 'a' UNION ALL "
           "SELECT 'b' UNION ALL SELECT 'a' UNION ALL SELECT 'c')",
           "b");
}

/* 11 rows, keys with ties; PostgreSQL 15 sorts (k DESC) to ids 12 7 1 2 10 11 5 6 3 4 9 */
#define TIES                                                                                       \
    "(SELECT column1 AS id, column2 AS g, column3 AS k FROM (VALUES (1, 'c', 149.0), "             \
    "(2, 'c', 89.0), (3, 't', 599.0), (4, 't', 420.0), (5, 'l', 35.5), (6, 'l', 12.0), "           \
    "(7, 'c', 249.0), (9, 't', 89.0), (10, 'c', 19.99), (11, 'l', 35.5), (12, 'c', 899.0)))"

Test(sqlfn_aggsem, sortpos_follows_postgres_quicksort)
{
    EXPECT("SELECT group_concat(id, ' ') FROM (SELECT id, lg_pg_sortpos(NULL, g, 0, k, 3) OVER "
           "(ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS p FROM " TIES
           " ORDER BY p)",
           "12 7 1 2 10 11 5 6 3 4 9");
    /* fewer than 7 rows: insertion sort, stable */
    EXPECT("SELECT group_concat(id, ' ') FROM (SELECT id, lg_pg_sortpos(NULL, g, 0) OVER (ROWS "
           "BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS p FROM " TIES
           " WHERE id < 7 ORDER BY p)",
           "1 2 5 6 3 4");
}

Test(sqlfn_aggsem, float_window_sums_in_row_order)
{
    EXPECT("SELECT group_concat(a, ' ') FROM (SELECT lg_avg_f8(v) OVER (ORDER BY i ROWS BETWEEN "
           "1 PRECEDING AND CURRENT ROW) AS a FROM (SELECT 1 AS i, 1.0 AS v UNION ALL SELECT 2, "
           "NULL UNION ALL SELECT 3, 4.0))",
           "1.0 1.0 4.0");
    EXPECT("SELECT a = 29.083333333333332 FROM (SELECT i, lg_avg_f8(v) OVER (ORDER BY i ROWS "
           "BETWEEN 2 PRECEDING AND CURRENT ROW) AS a FROM (SELECT 1 AS i, 12.5 AS v UNION ALL "
           "SELECT 2, 40.0 UNION ALL SELECT 3, 40.0 UNION ALL SELECT 4, 7.25)) WHERE i = 4",
           "1");
    EXPECT("SELECT lg_sum_f8(v) FROM (SELECT 0.1 AS v UNION ALL SELECT 0.2)", "0.3");
    EXPECT("SELECT lg_avg_f8(v) FROM (SELECT NULL AS v)", "NULL");
}
