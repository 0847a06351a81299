/* test_translate_semantic.c - PostgreSQL's parse-analysis errors that SQLite would not raise
 * (it would return rows): grouping, aggregate placement, ORDER BY / DISTINCT ON references,
 * LIMIT sign, FOR UPDATE with aggregates, recursive CTE references; and the valid forms
 * next to each rule that must keep working (functional dependency on a grouped primary
 * key, GROUP BY expressions, positions and output names, correlated subqueries). Each
 * valid statement's SQL is also run on an in-memory SQLite with the sqlfn functions. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype.h"
#include "sqlfn.h"
#include "translate.h"
#include "translate_test_util.h"

static const char *const k_schema =
    "CREATE TABLE s (id int PRIMARY KEY, region text, rep text, units int, sold date);"
    "CREATE TABLE p (code text, qty int);"
    "CREATE TABLE o (sid int, oid int, note text, PRIMARY KEY (sid, oid));"
    "INSERT INTO s VALUES (1, 'east', 'eve', 3, '2024-01-02'), (2, 'east', 'al', 4, "
    "'2024-02-03'), (3, 'north', 'ann', 5, '2024-02-09');"
    "INSERT INTO p VALUES ('a', 1), ('b', 2);"
    "INSERT INTO o VALUES (1, 1, 'x'), (1, 2, 'y')";

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    cr_assert_eq(sqlfn_register_all(db), 0);
    cr_assert_eq(tt_exec(db, k_schema), 0);
    return db;
}

static void expect_state(sqlite3 *db, const char *pg, const char *state, const char *msg)
{
    lg_pgerr_t err;
    char *sql = tt_translate(db, pg, &err, NULL);
    cr_expect_null(sql, "%s: translated to %s", pg, sql ? sql : "");
    if (sql) {
        free(sql);
        return;
    }
    cr_expect_str_eq(err.sqlstate, state, "%s: %s", pg, err.message);
    if (msg)
        cr_expect_str_eq(err.message, msg, "%s", pg);
}

/* Translates and runs pg; returns the number of rows (asserts success). */
static int expect_rows(sqlite3 *db, const char *pg)
{
    lg_pgerr_t err;
    char *sql = tt_translate(db, pg, &err, NULL);
    cr_assert_not_null(sql, "%s: %s %s", pg, err.sqlstate, err.message);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        n++;
    cr_expect_eq(rc, SQLITE_DONE, "%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    free(sql);
    return n;
}

Test(translate_semantic, ungrouped_columns_are_rejected)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT code, count(*) FROM p", "42803",
                 "column \"p.code\" must appear in the GROUP BY clause or be used in an "
                 "aggregate function");
    expect_state(db, "SELECT region, rep, sum(units) FROM s AS x GROUP BY region", "42803",
                 "column \"x.rep\" must appear in the GROUP BY clause or be used in an "
                 "aggregate function");
    expect_state(db, "SELECT region FROM s GROUP BY rep", "42803", NULL);
    expect_state(db, "SELECT region, sum(units) FROM s GROUP BY rep HAVING count(*) > 1", "42803",
                 NULL);
    expect_state(db, "SELECT rep, sum(units) FROM s GROUP BY 1 ORDER BY region", "42803", NULL);
    expect_state(db, "SELECT code, qty FROM p GROUP BY code", "42803", NULL);
    expect_state(db, "SELECT note FROM o GROUP BY sid", "42803", NULL);
    sqlite3_close(db);
}

Test(translate_semantic, valid_grouping_forms_run)
{
    sqlite3 *db = open_db();
    cr_expect_eq(expect_rows(db, "SELECT region, count(*) FROM s GROUP BY region"), 2);
    /* functional dependency on the grouped primary key */
    cr_expect_eq(expect_rows(db, "SELECT id, region, rep, sum(units) FROM s GROUP BY id"), 3);
    cr_expect_eq(expect_rows(db, "SELECT x.rep, count(*) FROM s x GROUP BY x.id"), 3);
    cr_expect_eq(expect_rows(db, "SELECT note FROM o GROUP BY sid, oid"), 2);
    /* positions, output names, expressions */
    cr_expect_eq(expect_rows(db, "SELECT region AS r, sum(units) FROM s GROUP BY 1"), 2);
    cr_expect_eq(expect_rows(db, "SELECT upper(region) AS r, count(*) FROM s GROUP BY r"), 2);
    cr_expect_eq(expect_rows(db, "SELECT upper(region), count(*) FROM s GROUP BY upper(region)"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT upper(s.region) || '!' FROM s GROUP BY upper(region)"), 2);
    cr_expect_eq(expect_rows(db, "SELECT region, sum(units) FROM s GROUP BY region "
                                 "HAVING sum(units) > 1 ORDER BY sum(units) DESC, region"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT count(*), max(units) + 1 FROM s"), 1);
    cr_expect_eq(expect_rows(db, "SELECT count(*) FROM s HAVING count(*) > 0"), 1);
    /* HAVING without GROUP BY makes one group even with no aggregate in the select list */
    cr_expect_eq(expect_rows(db, "SELECT 1 AS one FROM s HAVING count(*) > 2"), 1);
    cr_expect_eq(expect_rows(db, "SELECT 1 FROM s HAVING count(*) > 3"), 0);
    cr_expect_eq(expect_rows(db, "SELECT 'x' FROM s WHERE id > 9 HAVING count(*) = 0"), 1);
    /* correlated subquery and window over a grouped query */
    cr_expect_eq(expect_rows(db, "SELECT region, (SELECT count(*) FROM p WHERE p.code = "
                                 "s.region) FROM s GROUP BY region"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT region, rank() OVER (ORDER BY sum(units)) FROM s "
                                 "GROUP BY region"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT p.code, (SELECT max(units) FROM s WHERE s.units > "
                                 "p.qty) FROM p"),
                 2);
    sqlite3_close(db);
}

Test(translate_semantic, aggregate_placement)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT sum(count(*)) FROM s", "42803",
                 "aggregate function calls cannot be nested");
    expect_state(db, "SELECT region, sum(rank() OVER (ORDER BY units)) FROM s GROUP BY region",
                 "42803", "aggregate function calls cannot contain window function calls");
    expect_state(db, "SELECT id FROM s WHERE sum(units) > 1", "42803",
                 "aggregate functions are not allowed in WHERE");
    expect_state(db, "SELECT id FROM s WHERE rank() OVER () > 1", "42P20",
                 "window functions are not allowed in WHERE");
    expect_state(db, "SELECT count(*) FROM s GROUP BY count(*)", "42803", NULL);
    expect_state(db, "SELECT count(*) FROM s FOR UPDATE", "0A000",
                 "FOR UPDATE is not allowed with aggregate functions");
    cr_expect_eq(expect_rows(db, "SELECT sum(count(*)) OVER () FROM s GROUP BY region"), 2);
    cr_expect_eq(expect_rows(db, "SELECT id FROM s WHERE units > (SELECT avg(units) FROM s)"), 1);
    sqlite3_close(db);
}

Test(translate_semantic, positions_distinct_on_and_limits)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT id, rep FROM s ORDER BY 3", "42P10",
                 "ORDER BY position 3 is not in select list");
    expect_state(db, "SELECT region, count(*) FROM s GROUP BY 3", "42P10",
                 "GROUP BY position 3 is not in select list");
    expect_state(db, "SELECT DISTINCT ON (region) region, rep FROM s ORDER BY rep", "42P10",
                 "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
    expect_state(db, "SELECT DISTINCT ON (region) region, rep FROM s ORDER BY rep, region", "42P10",
                 NULL);
    expect_state(db, "SELECT id FROM s LIMIT -1", "2201W", "LIMIT must not be negative");
    expect_state(db, "SELECT id FROM s OFFSET -2", "2201X", "OFFSET must not be negative");
    cr_expect_eq(expect_rows(db, "SELECT DISTINCT ON (region) region, rep FROM s "
                                 "ORDER BY region, rep"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT DISTINCT ON (1) region AS r, rep FROM s "
                                 "ORDER BY r, units DESC"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT DISTINCT ON (region, rep) region, rep FROM s "
                                 "ORDER BY rep, region, units"),
                 3);
    cr_expect_eq(expect_rows(db, "SELECT DISTINCT ON (region) region FROM s"), 2);
    cr_expect_eq(expect_rows(db, "SELECT id, rep FROM s ORDER BY 2 DESC, 1"), 3);
    /* WITH TIES: units 3, 4, 5 -> the first two; ties on region keep both east rows */
    cr_expect_eq(expect_rows(db, "SELECT id FROM s ORDER BY units FETCH FIRST 2 ROWS WITH TIES"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT id, region AS r FROM s ORDER BY r "
                                 "FETCH FIRST 1 ROW WITH TIES"),
                 2);
    cr_expect_eq(expect_rows(db, "SELECT id FROM s ORDER BY region DESC OFFSET 1 "
                                 "FETCH FIRST 1 ROW WITH TIES"),
                 2);
    sqlite3_close(db);
}

Test(translate_semantic, recursive_reference_once)
{
    sqlite3 *db = open_db();
    expect_state(db,
                 "WITH RECURSIVE r AS (SELECT 1 AS k UNION ALL SELECT a.k + 1 FROM r a JOIN r b "
                 "ON a.k = b.k WHERE a.k < 4) SELECT k FROM r",
                 "42P19", "recursive reference to query \"r\" must not appear more than once");
    cr_expect_eq(expect_rows(db, "WITH RECURSIVE r AS (SELECT 1 AS k UNION ALL SELECT k + 1 "
                                 "FROM r WHERE k < 4) SELECT k FROM r"),
                 4);
    sqlite3_close(db);
}

/* Runs pg and returns the SQLite error message of the first failing step (NULL = none). */
static char *run_error(sqlite3 *db, const char *pg)
{
    lg_pgerr_t err;
    char *sql = tt_translate(db, pg, &err, NULL);
    cr_assert_not_null(sql, "%s: %s %s", pg, err.sqlstate, err.message);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    char *msg = rc == SQLITE_DONE ? NULL : strdup(sqlite3_errmsg(db));
    sqlite3_finalize(st);
    free(sql);
    return msg;
}

Test(translate_semantic, scalar_subquery_cardinality)
{
    sqlite3 *db = open_db();
    char *msg = run_error(db, "SELECT code, (SELECT rep FROM s) FROM p");
    cr_assert_not_null(msg);
    cr_expect(strstr(msg, "21000") && strstr(msg, "more than one row returned by a subquery"), "%s",
              msg);
    free(msg);
    msg = run_error(db, "SELECT (SELECT rep FROM s WHERE region = 'east')");
    cr_expect_not_null(msg);
    free(msg);
    /* one row, no row, correlated one row each: fine */
    cr_expect_null(run_error(db, "SELECT (SELECT rep FROM s WHERE id = 1)"));
    cr_expect_null(run_error(db, "SELECT (SELECT rep FROM s WHERE id = 9)"));
    cr_expect_null(run_error(db, "SELECT id, (SELECT max(qty) FROM p WHERE p.qty < s.units), "
                                 "(SELECT o.note FROM o WHERE o.sid = s.id AND o.oid = 2) FROM s"));
    cr_expect_eq(expect_rows(db, "SELECT id FROM s WHERE units = (SELECT units FROM s x "
                                 "WHERE x.id = s.id)"),
                 3);
    expect_state(db, "SELECT (SELECT id, rep FROM s)", "42601",
                 "subquery must return only one column");
    expect_state(db, "SELECT id FROM s WHERE id IN (SELECT id, rep FROM s)", "42601",
                 "subquery has too many columns");
    expect_state(db, "SELECT id FROM s WHERE (id, rep) IN (SELECT id FROM s)", "42601",
                 "subquery has too few columns");
    sqlite3_close(db);
}

Test(translate_semantic, names_and_types)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT x.id FROM s JOIN p ON x.id = p.qty", "42P01",
                 "missing FROM-clause entry for table \"x\"");
    expect_state(db, "SELECT s.id FROM s AS t", "42P01",
                 "invalid reference to FROM-clause entry for table \"s\"");
    expect_state(db, "SELECT CASE WHEN id = 1 THEN 1 ELSE 'one'::text END FROM s", "42804",
                 "CASE types text and integer cannot be matched");
    expect_state(db, "SELECT coalesce(units, true) FROM s", "42804", NULL);
    expect_state(db, "SELECT ARRAY[1, 2] @> ARRAY['a'::text]", "42883",
                 "operator does not exist: integer[] @> text[]");
    expect_state(db, "SELECT '{\"a\": 1}'::json @> '{\"a\": 1}'::json", "42883", NULL);
    cr_expect_eq(expect_rows(db, "SELECT CASE WHEN id = 1 THEN 1 WHEN id = 2 THEN 2.5 "
                                 "ELSE NULL END, CASE WHEN id > 1 THEN 'x' ELSE rep END FROM s"),
                 3);
    cr_expect_eq(expect_rows(db, "SELECT coalesce(sold, '2024-01-01'), greatest(units, 2.5) "
                                 "FROM s"),
                 3);
    /* a table function's json_each columns (id, key, value...) do not capture names */
    cr_expect_eq(expect_rows(db, "SELECT id, v FROM s, unnest(ARRAY[1, 2]) AS v WHERE id <> 3"), 4);
    cr_expect_eq(expect_rows(db, "SELECT s.id, x.id FROM s JOIN s AS x ON x.id = s.id"), 3);
    /* a GROUP BY name that resolves nowhere (no such table) and names an output column */
    lg_pgerr_t err;
    free(tt_translate(db, "SELECT id, count(*) FROM nosuch GROUP BY id", &err, NULL));
    free(tt_translate(db, "SELECT id AS id FROM nosuch GROUP BY id ORDER BY id", &err, NULL));
    sqlite3_close(db);
}

static void expect_value(sqlite3 *db, const char *pg, const char *want)
{
    lg_pgerr_t err;
    char *sql = tt_translate(db, pg, &err, NULL);
    cr_assert_not_null(sql, "%s: %s %s", pg, err.sqlstate, err.message);
    char *got = tt_query1(db, sql);
    cr_expect_str_eq(got ? got : "(null)", want, "%s -> %s: got %s", pg, sql, got ? got : "(null)");
    free(got);
    free(sql);
}

Test(translate_semantic, ordered_set_aggregates)
{
    sqlite3 *db = open_db();
    expect_value(db, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY units) FROM s", "4.0");
    expect_value(db, "SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY units) FROM s", "3.5");
    expect_value(db, "SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY units DESC) FROM s",
                 "4.5");
    expect_value(db, "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY units) FROM s", "4");
    expect_value(db, "SELECT percentile_disc(0) WITHIN GROUP (ORDER BY rep) FROM s", "al");
    expect_value(db,
                 "SELECT percentile_cont(ARRAY[0.25, 0.75]) WITHIN GROUP (ORDER BY units) "
                 "FROM s",
                 "[3.5,4.5]");
    expect_value(db, "SELECT mode() WITHIN GROUP (ORDER BY region) FROM s", "east");
    expect_value(db, "SELECT mode() WITHIN GROUP (ORDER BY rep) FROM s", "al");
    expect_value(db,
                 "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY units) FROM s "
                 "WHERE id > 9",
                 "(null)");
    char *msg = run_error(db, "SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY units) FROM s");
    cr_expect(msg && strstr(msg, "22003"), "%s", msg ? msg : "(no error)");
    free(msg);
    expect_state(db, "SELECT rank(3) WITHIN GROUP (ORDER BY units) FROM s", "0A000", NULL);
    cr_expect_eq(expect_rows(db, "SELECT region, percentile_disc(0.5) WITHIN GROUP (ORDER BY "
                                 "units) FROM s GROUP BY region"),
                 2);
    sqlite3_close(db);
}

Test(translate_semantic, window_frames)
{
    sqlite3 *db = open_db();
    cr_assert_eq(tt_exec(db, "CREATE TABLE m (ts timestamptz, d date, v float8);"
                             "INSERT INTO m VALUES ('2024-06-01 10:00:00+00', '2024-06-01', 12.5),"
                             "('2024-06-01 10:01:00+00', '2024-06-02', 40),"
                             "('2024-06-01 10:02:00+00', '2024-06-04', 40),"
                             "('2024-06-01 10:03:00+00', '2024-06-05', 7.25),"
                             "('2024-06-01 10:05:00+00', '2024-06-09', 99.5)"),
                 0);
    /* PostgreSQL sums each moving frame in row order: 29.083333333333332, not ...336 */
    expect_value(db,
                 "SELECT a FROM (SELECT ts, avg(v) OVER (ORDER BY ts ROWS BETWEEN 2 "
                 "PRECEDING AND CURRENT ROW) AS a FROM m) x ORDER BY ts LIMIT 1 OFFSET 3",
                 "29.0833333333333");
    expect_value(db,
                 "SELECT a = 29.083333333333332 FROM (SELECT ts, avg(v) OVER (ORDER BY ts "
                 "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS a FROM m) x ORDER BY ts "
                 "LIMIT 1 OFFSET 3",
                 "1");
    expect_value(db,
                 "SELECT a FROM (SELECT ts, sum(v) OVER (ORDER BY ts) AS a FROM m) x "
                 "ORDER BY ts DESC LIMIT 1",
                 "199.25");
    expect_value(db,
                 "SELECT group_concat(n) FROM (SELECT count(*) OVER (ORDER BY ts RANGE "
                 "BETWEEN interval '1 minute' PRECEDING AND CURRENT ROW) AS n FROM m "
                 "ORDER BY ts) x",
                 "1,2,2,2,1");
    expect_value(db,
                 "SELECT group_concat(n) FROM (SELECT count(*) OVER (ORDER BY d RANGE "
                 "BETWEEN interval '2 days' PRECEDING AND CURRENT ROW) AS n FROM m "
                 "ORDER BY d) x",
                 "1,2,2,2,1");
    expect_state(db,
                 "SELECT count(*) OVER (ORDER BY ts RANGE BETWEEN interval '1 month' "
                 "PRECEDING AND CURRENT ROW) FROM m",
                 "0A000", NULL);
    expect_state(db,
                 "SELECT sum(v) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) "
                 "FROM m",
                 "42P20", NULL);
    sqlite3_close(db);
}

Test(translate_semantic, distinct_on_keeps_postgres_row)
{
    sqlite3 *db = open_db();
    cr_assert_eq(tt_exec(db, "CREATE TABLE pr (id int PRIMARY KEY, cat text, name text, "
                             "price numeric(8,2));"
                             "INSERT INTO pr VALUES (1, 'chairs', 'oak chair', 149.00),"
                             "(2, 'chairs', 'pine chair', 89.00), (3, 'tables', 'oak table', 599),"
                             "(4, 'tables', 'steel table', 420), (5, 'lamps', 'desk lamp', 35.50),"
                             "(6, 'lamps', 'paper lamp', 12), (7, 'chairs', 'office chair', 249),"
                             "(9, 'tables', 'side table', 89), (10, 'chairs', 'stool', 19.99),"
                             "(11, 'lamps', 'wall lamp', 35.50), (12, 'chairs', 'lounge', 899)"),
                 0);
    /* PostgreSQL 15 answers "wall lamp": its quicksort leaves id 11 before id 5 */
    expect_value(db,
                 "SELECT name FROM (SELECT DISTINCT ON (cat) cat, name, price FROM pr "
                 "ORDER BY cat, price DESC) x WHERE cat = 'lamps'",
                 "wall lamp");
    expect_value(db,
                 "SELECT group_concat(name, '|') FROM (SELECT DISTINCT ON (cat) cat, name "
                 "FROM pr ORDER BY cat, price DESC) x",
                 "lounge|wall lamp|oak table");
    expect_value(db, "SELECT group_concat(cat, '|') FROM (SELECT DISTINCT ON (cat) cat FROM pr) x",
                 "chairs|lamps|tables");
    expect_value(db,
                 "SELECT group_concat(name, '|') FROM (SELECT DISTINCT ON (cat) cat, name "
                 "FROM pr ORDER BY cat, price LIMIT 2) x",
                 "stool|paper lamp");
    /* WITH TIES is not a bounded sort in PostgreSQL: ties come in its quicksort order too */
    expect_value(db,
                 "SELECT group_concat(name, '|') FROM (SELECT name FROM pr ORDER BY cat "
                 "OFFSET 1 FETCH FIRST 2 ROWS WITH TIES) x",
                 "pine chair|office chair|stool|lounge");
    expect_value(db,
                 "SELECT group_concat(name, '|') FROM (SELECT name FROM pr ORDER BY cat DESC "
                 "OFFSET 4 FETCH FIRST 1 ROWS WITH TIES) x",
                 "desk lamp|paper lamp");
    sqlite3_close(db);
}

Test(translate_semantic, assignment_types)
{
    sqlite3 *db = open_db();
    expect_state(db, "PREPARE p1 AS SELECT $1 IS NULL", "42P18",
                 "could not determine data type of parameter $1");
    expect_state(db, "PREPARE p2 AS SELECT id FROM s WHERE $1 IS NOT NULL AND id = $2", "42P18",
                 "could not determine data type of parameter $1");
    const char *typed[] = {"PREPARE p3(int) AS SELECT $1 IS NULL",
                           "PREPARE p4 AS SELECT id FROM s WHERE $1 IS NULL OR id = $1",
                           "PREPARE p5 AS SELECT $1::text IS NULL, $2"};
    for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
        lg_pgerr_t perr;
        char *sql = tt_translate(db, typed[i], &perr, NULL);
        cr_expect_not_null(sql, "%s: %s", typed[i], perr.message);
        free(sql);
    }
    expect_state(db, "INSERT INTO s (id, region) VALUES (true, 'x')", "42804",
                 "column \"id\" is of type integer but expression is of type boolean");
    expect_state(db, "UPDATE s SET units = sold", "42804", NULL);
    lg_pgerr_t err;
    const char *ok[] = {"INSERT INTO s (id, region, units) VALUES (7, 12, 2.5)",
                        "INSERT INTO s (id, sold) VALUES ($1, '2024-01-01')",
                        "UPDATE s SET units = units * 1.5, rep = units, sold = sold + 1"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char *sql = tt_translate(db, ok[i], &err, NULL);
        cr_expect_not_null(sql, "%s: %s", ok[i], err.message);
        free(sql);
    }
    sqlite3_close(db);
}

Test(translate_semantic, values_with_order_by)
{
    sqlite3 *db = open_db();
    expect_value(db,
                 "SELECT group_concat(column2, '|') FROM (VALUES (2, 'two'), (1, 'one'), "
                 "(3, 'three') ORDER BY 1 LIMIT 2) v",
                 "one|two");
    expect_value(db,
                 "SELECT group_concat(column2, '|') FROM (VALUES (2, 'two'), (1, 'one') "
                 "ORDER BY column1 DESC) v",
                 "two|one");
    sqlite3_close(db);
}

Test(translate_semantic, column_names_are_case_sensitive)
{
    sqlite3 *db = open_db();
    cr_assert_eq(tt_exec(db, "CREATE TABLE cu (id int, \"Email\" text, name text);"
                             "INSERT INTO cu VALUES (1, 'a@b.c', 'x')"),
                 0);
    /* PostgreSQL: email (folded to lower case) is not "Email"; SQLite would read it */
    expect_state(db, "SELECT email FROM cu", "42703", "column \"email\" does not exist");
    expect_state(db, "SELECT c.EMAIL FROM cu c", "42703", NULL);
    expect_state(db, "SELECT x.email FROM (SELECT \"Email\" FROM cu) x", "42703", NULL);
    cr_expect_eq(expect_rows(db, "SELECT \"Email\", NAME, Id FROM cu"), 1);
    cr_expect_eq(expect_rows(db, "SELECT upper(\"Email\") AS email FROM cu ORDER BY email"), 1);
    sqlite3_close(db);
}

/* The type OID of output column `col` of pg's translation. */
static uint32_t output_type(sqlite3 *db, const char *pg, int col)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql = tt_translate(db, pg, &err, &r);
    cr_assert_not_null(sql, "%s: %s %s", pg, err.sqlstate, err.message);
    cr_assert(r && r->nstmts == 1 && r->stmts[0].ncols > col, "%s: no column %d", pg, col);
    uint32_t t = r->stmts[0].cols[col].type_oid;
    tt_result_free(r);
    free(sql);
    return t;
}

/* PostgreSQL compares intervals by their span (a month is 30 days, a day 24 hours):
 * '1 day' = '24 hours' although the stored texts differ ('1 day', '24:00:00'). */
Test(translate_semantic, intervals_compare_as_spans)
{
    sqlite3 *db = open_db();
    cr_assert_eq(tt_exec(db,
                         "CREATE TABLE iv (id int, d interval);"
                         "INSERT INTO iv VALUES (1, '1 day'::interval), (2, '25 hours'::interval), "
                         "(3, '1 mon'::interval), (4, '24 hours'::interval), (5, NULL), "
                         "(6, '-1 day'::interval)"),
                 0);
    expect_value(db, "SELECT interval '1 day' = interval '24 hours'", "1");
    expect_value(db, "SELECT interval '1 month' > interval '29 days'", "1");
    expect_value(db, "SELECT interval '1 year' = interval '360 days'", "1");
    expect_value(db, "SELECT greatest(interval '1 day', interval '23 hours')", "1 day");
    expect_value(db, "SELECT least(interval '1 day', NULL, interval '25 hours')", "1 day");
    expect_value(db, "SELECT count(*) FROM iv WHERE d = interval '24 hours'", "2");
    expect_value(db, "SELECT count(*) FROM iv WHERE d > '1 day'", "2");
    expect_value(db, "SELECT count(*) FROM iv WHERE d BETWEEN '1 day' AND '2 days'", "3");
    expect_value(db, "SELECT count(*) FROM iv WHERE d IN ('24 hours', '1 mon')", "3");
    expect_value(db, "SELECT count(*) FROM iv WHERE d = ANY(ARRAY[interval '24 hours'])", "2");
    expect_value(db, "SELECT count(*) FROM iv WHERE d + interval '1 hour' > '1 day 00:30'", "4");
    expect_value(db,
                 "SELECT group_concat(id, ',') FROM (SELECT id FROM iv WHERE id <> 4 "
                 "ORDER BY d NULLS FIRST) x",
                 "5,6,1,2,3");
    expect_value(db, "SELECT group_concat(id, ',') FROM (SELECT * FROM iv ORDER BY 2 DESC, 1) x",
                 "5,3,2,1,4,6");
    expect_value(db, "SELECT count(DISTINCT d) FROM iv", "4");
    expect_value(db, "SELECT count(*) FROM (SELECT d FROM iv GROUP BY d) x", "5");
    expect_value(db, "SELECT count(*) FROM (SELECT DISTINCT * FROM (SELECT d FROM iv) s) x", "5");
    expect_value(db, "SELECT count(*) FROM (SELECT d FROM iv UNION SELECT '1 day'::interval) x",
                 "5");
    expect_value(db, "SELECT group_concat(CASE d WHEN '24 hours' THEN id END, ',') FROM iv", "1,4");
    expect_value(db, "SELECT count(nullif(d, '24 hours')) FROM iv", "3");
    expect_value(db,
                 "SELECT group_concat(id, ',') FROM (SELECT DISTINCT ON (d) d, id FROM iv "
                 "ORDER BY d, id DESC) x",
                 "6,4,2,3,5");
    /* the interval order stays with the interval: a timestamp computed from one compares
     * as a timestamp (the interval parser would read '2024-01-02 10:00:00' as a time) */
    expect_value(db,
                 "SELECT timestamp '2024-01-02 10:00' - interval '1 day' < "
                 "timestamp '2024-01-02 09:00'",
                 "1");
    expect_value(db,
                 "SELECT group_concat(id, ',') FROM (SELECT id FROM iv WHERE id < 3 ORDER BY "
                 "CASE WHEN d > '1 day' THEN timestamp '2024-01-01 12:00' ELSE "
                 "timestamp '2024-01-01 11:00' + d END) x",
                 "2,1");
    sqlite3_close(db);
}

Test(translate_semantic, interval_aggregates_and_negation)
{
    sqlite3 *db = open_db();
    cr_assert_eq(tt_exec(db,
                         "CREATE TABLE iv (id int, d interval);"
                         "INSERT INTO iv VALUES (1, '1 day'::interval), (2, '25 hours'::interval), "
                         "(3, '1 mon'::interval), (4, '24 hours'::interval), (5, NULL)"),
                 0);
    expect_value(db, "SELECT sum(d) FROM (VALUES (interval '1 day'), (interval '2 hours')) v(d)",
                 "1 day 02:00:00");
    expect_value(db, "SELECT sum(d) FROM iv", "1 mon 1 day 49:00:00");
    expect_value(db, "SELECT avg(d) FROM iv", "7 days 30:15:00");
    expect_value(db, "SELECT min(d) FROM iv", "24:00:00"); /* the last of equal values */
    expect_value(db, "SELECT max(d) FROM iv", "1 mon");
    expect_value(db, "SELECT max(d) FROM iv WHERE id <> 3", "25:00:00");
    expect_value(db, "SELECT sum(d) FROM iv WHERE false", "(null)");
    expect_value(db, "SELECT array_agg(d ORDER BY d DESC) FROM iv WHERE id <> 4",
                 "[null,\"1 mon\",\"25:00:00\",\"1 day\"]");
    expect_value(db, "SELECT -interval '1 day'", "-1 days");
    expect_value(db, "SELECT -'2 hours'::interval", "-02:00:00");
    expect_value(db, "SELECT -d FROM iv WHERE id = 3", "-1 mons");
    cr_expect_eq(output_type(db, "SELECT avg(d) FROM iv", 0), PGTYPE_INTERVAL);
    sqlite3_close(db);
}

/* date < timestamp < timestamptz: mixed operands compare (and combine) in the wider type. */
Test(translate_semantic, date_and_timestamp_compare_in_the_wider_type)
{
    sqlite3 *db = open_db();
    cr_assert_eq(tt_exec(db, "CREATE TABLE ts (id int, dc date, tc timestamp);"
                             "INSERT INTO ts VALUES (1, '2024-01-01'::date, "
                             "'2024-01-01 00:00'::timestamp), (2, '2024-01-02'::date, "
                             "'2024-01-01 10:00'::timestamp)"),
                 0);
    expect_value(db, "SELECT date '2024-01-02' = timestamp '2024-01-02 00:00'", "1");
    expect_value(db, "SELECT timestamp '2024-01-02 00:00' = timestamptz '2024-01-02 00:00+00'",
                 "1");
    expect_value(db, "SELECT id FROM ts WHERE dc = timestamp '2024-01-01 00:00'", "1");
    expect_value(db, "SELECT id FROM ts WHERE tc = date '2024-01-01'", "1");
    expect_value(db, "SELECT count(*) FROM ts WHERE tc > '2024-01-01'::date", "1");
    expect_value(db, "SELECT id FROM ts WHERE dc < tc", "(null)");
    expect_value(db, "SELECT id FROM ts WHERE dc IN (timestamp '2024-01-01 10:00')", "(null)");
    expect_value(db, "SELECT id FROM ts WHERE dc = ANY(ARRAY[timestamp '2024-01-02 00:00'])", "2");
    expect_value(db, "SELECT coalesce(NULL::date, timestamp '2024-01-01 10:00')",
                 "2024-01-01 10:00:00");
    expect_value(db, "SELECT greatest(date '2024-01-01', timestamp '2024-01-01 10:00')",
                 "2024-01-01 10:00:00");
    expect_value(db,
                 "SELECT group_concat(x, '|') FROM (SELECT date '2024-01-01' AS x UNION ALL "
                 "SELECT timestamp '2024-01-01 10:00') s",
                 "2024-01-01 00:00:00|2024-01-01 10:00:00");
    cr_expect_eq(output_type(db, "SELECT dc FROM ts UNION SELECT tc FROM ts", 0), PGTYPE_TIMESTAMP);
    cr_expect_eq(output_type(db,
                             "SELECT * FROM generate_series(date '2024-01-01', date '2024-01-03', "
                             "interval '1 day')",
                             0),
                 PGTYPE_TIMESTAMPTZ);
    sqlite3_close(db);
}

/* Operators PostgreSQL does not have for the operands' types: 42883, not a silent answer. */
Test(translate_semantic, operators_between_type_categories)
{
    sqlite3 *db = open_db();
    cr_assert_eq(tt_exec(db, "CREATE TABLE ops (t text, b boolean, i int, d date)"), 0);
    expect_state(db, "SELECT t + 1 FROM ops", "42883", "operator does not exist: text + integer");
    expect_state(db, "SELECT b <> 0 FROM ops", "42883",
                 "operator does not exist: boolean <> integer");
    expect_state(db, "SELECT t = i FROM ops", "42883", NULL);
    expect_state(db, "SELECT i IS DISTINCT FROM t FROM ops", "42883", NULL);
    expect_state(db, "SELECT b * 2 FROM ops", "42883", NULL);
    const char *ok[] = {"SELECT t = '1', i = '2', i + 1.5, d - 1, d + 1, b = true FROM ops",
                        "SELECT t || 1, i < 2.5, d > now() - interval '1 day' FROM ops"};
    for (size_t k = 0; k < sizeof(ok) / sizeof(ok[0]); k++) {
        lg_pgerr_t err;
        char *sql = tt_translate(db, ok[k], &err, NULL);
        cr_expect_not_null(sql, "%s: %s", ok[k], err.message);
        free(sql);
    }
    sqlite3_close(db);
}

Test(translate_semantic, grouping_needs_a_group_by_and_range_offsets_a_numeric_key)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT grouping(units) FROM s", "42803",
                 "arguments to GROUPING must be grouping expressions of the associated query "
                 "level");
    cr_expect_eq(expect_rows(db, "SELECT grouping(units) FROM s GROUP BY units"), 3);
    cr_expect_eq(expect_rows(db, "SELECT units, (SELECT grouping(units)) FROM s GROUP BY units"),
                 3);
    expect_state(db,
                 "SELECT sum(units) OVER (ORDER BY rep RANGE BETWEEN 1 PRECEDING AND "
                 "CURRENT ROW) FROM s",
                 "0A000",
                 "RANGE with offset PRECEDING/FOLLOWING is not supported for column type text");
    expect_state(db, "SELECT sum(units) OVER (ORDER BY id, units RANGE 1 PRECEDING) FROM s",
                 "42P20",
                 "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
    expect_state(db, "SELECT sum(units) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM s",
                 "42P20", NULL);
    cr_expect_eq(expect_rows(db, "SELECT sum(units) OVER (ORDER BY units RANGE BETWEEN 1 "
                                 "PRECEDING AND CURRENT ROW) FROM s"),
                 3);
    cr_expect_eq(expect_rows(db, "SELECT sum(units) OVER (ORDER BY sold RANGE BETWEEN '3 days' "
                                 "PRECEDING AND CURRENT ROW) FROM s"),
                 3);
    sqlite3_close(db);
}

Test(translate_semantic, set_operations_and_values_check_their_shape)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT 1, 2 UNION SELECT 3", "42601",
                 "each UNION query must have the same number of columns");
    expect_state(db, "SELECT units, rep FROM s EXCEPT SELECT qty FROM p", "42601",
                 "each EXCEPT query must have the same number of columns");
    expect_state(db, "SELECT 1 UNION SELECT 2 ORDER BY 3", "42P10",
                 "ORDER BY position 3 is not in select list");
    expect_state(db, "SELECT id FROM s UNION SELECT qty FROM p ORDER BY id + 1", "0A000",
                 "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
    expect_state(db, "SELECT id FROM s UNION SELECT qty FROM p ORDER BY qty", "42703",
                 "column \"qty\" does not exist");
    expect_state(db, "VALUES (1, 2), (3)", "42601", "VALUES lists must all be the same length");
    cr_expect_eq(expect_rows(db, "SELECT id FROM s UNION SELECT qty FROM p ORDER BY id DESC, 1"),
                 3);
    sqlite3_close(db);
}

Test(translate_semantic, within_group_and_row_comparisons_are_checked)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT count(*) WITHIN GROUP (ORDER BY units) FROM s", "42809",
                 "count is not an ordered-set aggregate, so it cannot have WITHIN GROUP");
    expect_state(db, "SELECT string_agg(rep, ',') WITHIN GROUP (ORDER BY rep) FROM s", "42883",
                 NULL);
    expect_state(db, "SELECT (1, 2) = (1, 2, 3)", "42601",
                 "unequal number of entries in row expressions");
    cr_expect_eq(expect_rows(db, "SELECT id, ntile(NULL) OVER (ORDER BY id) FROM s"), 3);
    sqlite3_close(db);
}

Test(translate_semantic, output_names_inside_order_by_expressions_are_not_columns)
{
    sqlite3 *db = open_db();
    expect_state(db, "SELECT rep AS n FROM s ORDER BY n || 'x'", "42703",
                 "column \"n\" does not exist");
    expect_state(db, "SELECT units * 2 AS dbl FROM s ORDER BY dbl + 1", "42703", NULL);
    cr_expect_eq(expect_rows(db, "SELECT rep AS n FROM s ORDER BY n DESC"), 3);
    cr_expect_eq(expect_rows(db, "SELECT rep AS rep FROM s ORDER BY rep || 'x'"), 3);
    cr_expect_eq(expect_rows(db, "SELECT units AS u FROM s ORDER BY units + 1, 1"), 3);
    sqlite3_close(db);
}
