/* test_sqlfn_datetime.c - date/time SQL functions on an in-memory SQLite, with a fixed
 * transaction time and session zones. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "sqlfn_datetime.h"

static sqlite3 *g_db;
static char g_res[1024];

static void dt_open(void)
{
    cr_assert_eq(sqlite3_open(":memory:", &g_db), SQLITE_OK);
    cr_assert_eq(sqlfn_datetime_register(g_db), 0);
    /* 2026-01-02 03:04:05.5 UTC as usec since 2000-01-01 */
    cr_assert_eq(sqlfn_datetime_set_txn_time(g_db, INT64_C(820638245500000)), 0);
}

static void dt_close(void)
{
    cr_assert_eq(sqlite3_close(g_db), SQLITE_OK);
}

static const char *q(const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(g_db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(g_res, sizeof g_res, "ERR %s", sqlite3_errmsg(g_db));
        return g_res;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_NULL)
        snprintf(g_res, sizeof g_res, "NULL");
    else if (rc == SQLITE_ROW)
        snprintf(g_res, sizeof g_res, "%s", (const char *)sqlite3_column_text(st, 0));
    else if (rc == SQLITE_DONE)
        g_res[0] = '\0';
    else
        snprintf(g_res, sizeof g_res, "ERR %s", sqlite3_errmsg(g_db));
    sqlite3_finalize(st);
    return g_res;
}

TestSuite(sqlfn_datetime, .init = dt_open, .fini = dt_close);

Test(sqlfn_datetime, now_is_transaction_time)
{
    cr_expect_str_eq(q("SELECT now()"), "2026-01-02 03:04:05.5+00");
    cr_expect_str_eq(q("SELECT transaction_timestamp()"), "2026-01-02 03:04:05.5+00");
    cr_expect_str_eq(q("SELECT pg_current_date()"), "2026-01-02");
    cr_assert_eq(sqlfn_datetime_set_timezone(g_db, "America/New_York"), 0);
    cr_expect_str_eq(q("SELECT pg_current_date()"), "2026-01-01");
    cr_expect_str_eq(q("SELECT localtimestamp()"), "2026-01-01 22:04:05.5");
    cr_expect_eq(sqlfn_datetime_set_timezone(g_db, "Nowhere/Nope"), -5);
}

Test(sqlfn_datetime, clock_timestamp_moves)
{
    cr_expect_str_neq(q("SELECT clock_timestamp()"), "2026-01-02 03:04:05.5+00");
}

Test(sqlfn_datetime, date_trunc_in_session_zone)
{
    cr_expect_str_eq(q("SELECT date_trunc('month', '2026-03-15 10:11:12')"), "2026-03-01 00:00:00");
    cr_expect_str_eq(q("SELECT date_trunc('hour', '2026-03-15 10:11:12.5+00')"),
                     "2026-03-15 10:00:00+00");
    cr_expect_str_eq(q("SELECT date_trunc('week', '2026-03-15 10:11:12')"), "2026-03-09 00:00:00");
    cr_expect_str_eq(q("SELECT date_trunc('quarter', '2026-08-15 10:11:12')"),
                     "2026-07-01 00:00:00");
    sqlfn_datetime_set_timezone(g_db, "Asia/Kolkata");
    cr_expect_str_eq(q("SELECT date_trunc('day', '2026-03-15 20:00:00+00')"),
                     "2026-03-15 18:30:00+00");
    cr_expect_str_eq(q("SELECT date_trunc('day', '2026-03-15 20:00:00+00', 'UTC')"),
                     "2026-03-15 00:00:00+00");
    cr_expect_str_eq(
        q("SELECT date_trunc('fortnight', '2026-03-15 10:11:12')"),
        "ERR 22023:unit \"fortnight\" not recognized for type timestamp without time zone");
    cr_expect_str_eq(
        q("SELECT date_trunc('timezone', '2026-03-15 10:11:12')"),
        "ERR 0A000:unit \"timezone\" not supported for type timestamp without time zone");
}

Test(sqlfn_datetime, date_trunc_reads_unit_abbreviations)
{
    cr_expect_str_eq(q("SELECT date_trunc('MilliSecond', '2026-03-15 10:11:12.345678')"),
                     "2026-03-15 10:11:12.345");
    cr_expect_str_eq(q("SELECT date_trunc('hrs', '2026-03-15 10:11:12')"), "2026-03-15 10:00:00");
    cr_expect_str_eq(q("SELECT date_trunc('qtr', '2026-08-15 10:11:12')"), "2026-07-01 00:00:00");
    cr_expect_str_eq(q("SELECT date_trunc('mil', '2026-08-15 10:11:12')"), "2001-01-01 00:00:00");
}

/* Below a day the result keeps the value's own offset, as PostgreSQL does in the hour a
 * fall-back transition repeats. */
Test(sqlfn_datetime, date_trunc_keeps_offset_below_a_day)
{
    sqlfn_datetime_set_timezone(g_db, "America/New_York");
    cr_expect_str_eq(q("SELECT date_trunc('hour', '2024-11-03 05:30:00+00')"),
                     "2024-11-03 05:00:00+00");
    cr_expect_str_eq(q("SELECT date_trunc('hour', '2024-11-03 06:30:00+00')"),
                     "2024-11-03 06:00:00+00");
    cr_expect_str_eq(q("SELECT date_trunc('day', '2024-11-03 06:30:00+00')"),
                     "2024-11-03 04:00:00+00");
}

Test(sqlfn_datetime, date_trunc_of_interval)
{
    cr_expect_str_eq(q("SELECT date_trunc('hour', '1 day 05:30:00', 'interval')"), "1 day 05:00:00");
    cr_expect_str_eq(q("SELECT date_trunc('year', '14 mons', 'interval')"), "1 year");
    cr_expect_str_eq(q("SELECT date_trunc('quarter', '-7 mons -3 days', 'interval')"), "-6 mons");
    cr_expect_str_eq(q("SELECT date_trunc('ms', '-04:05:06.789123', 'interval')"), "-04:05:06.789");
    cr_expect_str_eq(q("SELECT date_trunc('century', '-250 years', 'interval')"), "-200 years");
    cr_expect_str_eq(q("SELECT date_trunc('week', '1 day', 'interval')"),
                     "ERR 0A000:unit \"week\" not supported for type interval");
    cr_expect_str_eq(q("SELECT date_trunc('fortnight', '1 day', 'interval')"),
                     "ERR 22023:unit \"fortnight\" not recognized for type interval");
}

Test(sqlfn_datetime, date_part_and_extract)
{
    cr_expect_str_eq(q("SELECT date_part('year', '2026-03-15 10:11:12')"), "2026.0");
    cr_expect_str_eq(q("SELECT pg_extract('month', '2026-03-15')"), "3");
    cr_expect_str_eq(q("SELECT pg_extract('dow', '2026-03-15')"), "0");
    cr_expect_str_eq(q("SELECT pg_extract('isodow', '2026-03-15')"), "7");
    cr_expect_str_eq(q("SELECT pg_extract('doy', '2026-03-15')"), "74");
    cr_expect_str_eq(q("SELECT pg_extract('week', '2026-01-01')"), "1");
    cr_expect_str_eq(q("SELECT pg_extract('second', '2026-03-15 10:11:12.5')"), "12.5");
    cr_expect_str_eq(q("SELECT pg_extract('epoch', '1970-01-02 00:00:00+00')"), "86400.000000");
    cr_expect_str_eq(q("SELECT pg_extract('hour', '1 day 05:06:07', 'interval')"), "5");
    cr_expect_str_eq(q("SELECT pg_extract('epoch', '1 day 00:00:01')"), "86401");
    sqlfn_datetime_set_timezone(g_db, "Europe/Berlin");
    cr_expect_str_eq(q("SELECT pg_extract('hour', '2026-07-01 10:00:00+00')"), "12");
    cr_expect_str_eq(q("SELECT pg_extract('timezone', '2026-07-01 10:00:00+00')"), "7200");
}

Test(sqlfn_datetime, interval_arithmetic)
{
    cr_expect_str_eq(q("SELECT ts_add_interval('2026-01-31 10:00:00', '1 mon')"),
                     "2026-02-28 10:00:00");
    cr_expect_str_eq(q("SELECT ts_add_interval('2026-01-02', '2 hours')"), "2026-01-02 02:00:00");
    cr_expect_str_eq(q("SELECT ts_sub_interval('2026-03-01 00:00:00+00', '1 day')"),
                     "2026-02-28 00:00:00+00");
    cr_expect_str_eq(q("SELECT ts_diff('2026-01-03 12:00:00', '2026-01-01 00:00:00')"),
                     "2 days 12:00:00");
    cr_expect_str_eq(q("SELECT ts_diff('2026-03-01', '2026-02-01')"), "28");
    cr_expect_str_eq(q("SELECT interval_mul('1 hour', 2.5)"), "02:30:00");
    cr_expect_str_eq(q("SELECT interval_mul('1 mon', 1.5)"), "1 mon 15 days");
    cr_expect_str_eq(q("SELECT interval_div('1 day', 0)"), "ERR 22012:division by zero");
    cr_expect_str_eq(q("SELECT interval_cmp('1 mon', '30 days')"), "0");
    cr_expect_str_eq(q("SELECT interval_cmp('25 hours', '1 day')"), "1");
    cr_expect_str_eq(q("SELECT interval_add('1 day', '-02:00:00')"), "1 day -02:00:00");
    cr_expect_str_eq(q("SELECT justify_hours('27 hours')"), "1 day 03:00:00");
    cr_expect_str_eq(q("SELECT justify_days('35 days')"), "1 mon 5 days");
    cr_expect_str_eq(q("SELECT date_add_days('2026-12-31', 1)"), "2027-01-01");
    /* across a DST change, timestamptz + 1 day keeps the wall clock */
    sqlfn_datetime_set_timezone(g_db, "America/New_York");
    cr_expect_str_eq(q("SELECT ts_add_interval('2026-03-07 17:00:00+00', '1 day')"),
                     "2026-03-08 16:00:00+00");
    cr_expect_str_eq(q("SELECT ts_add_interval('2026-03-07 17:00:00+00', '24 hours')"),
                     "2026-03-08 17:00:00+00");
}

Test(sqlfn_datetime, age_is_symbolic)
{
    cr_expect_str_eq(q("SELECT age('2026-03-15', '2024-01-20')"), "2 years 1 mon 26 days");
    cr_expect_str_eq(q("SELECT age('2024-01-20', '2026-03-15')"), "-2 years -1 mons -26 days");
    cr_expect_str_eq(q("SELECT age('2025-01-02 00:00:00+00')"), "1 year");
}

Test(sqlfn_datetime, make_functions)
{
    cr_expect_str_eq(q("SELECT make_date(2026, 2, 28)"), "2026-02-28");
    cr_expect_str_eq(q("SELECT make_date(2026, 2, 30)"),
                     "ERR 22008:date field value out of range: 2026-02-30");
    cr_expect_str_eq(q("SELECT make_timestamp(2026, 1, 2, 3, 4, 5.25)"), "2026-01-02 03:04:05.25");
    cr_expect_str_eq(q("SELECT make_timestamptz(2026, 7, 1, 12, 0, 0, 'Europe/Berlin')"),
                     "2026-07-01 10:00:00+00");
    cr_expect_str_eq(q("SELECT make_time(23, 59, 59.5)"), "23:59:59.5");
}

Test(sqlfn_datetime, at_time_zone)
{
    cr_expect_str_eq(q("SELECT at_time_zone('2026-07-01 10:00:00+00', 'America/Los_Angeles')"),
                     "2026-07-01 03:00:00");
    cr_expect_str_eq(q("SELECT at_time_zone('2026-07-01 03:00:00', 'America/Los_Angeles')"),
                     "2026-07-01 10:00:00+00");
    cr_expect_str_eq(q("SELECT timezone('UTC', '2026-07-01 10:00:00+00')"), "2026-07-01 10:00:00");
    cr_expect_str_eq(q("SELECT at_time_zone('2026-01-01 00:00:00+00', '+05')"),
                     "2025-12-31 19:00:00");
    cr_expect_str_eq(q("SELECT at_time_zone('2026-01-01 00:00:00+00', 'Mars/Base')"),
                     "ERR 22023:time zone \"Mars/Base\" not recognized");
}

Test(sqlfn_datetime, to_char_patterns)
{
    cr_expect_str_eq(q("SELECT to_char('2026-03-05 14:07:09.123456', "
                       "'YYYY-MM-DD HH24:MI:SS.MS US')"),
                     "2026-03-05 14:07:09.123 123456");
    cr_expect_str_eq(q("SELECT to_char('2026-03-05 14:07:09', 'HH12:MI AM Dy Mon DD')"),
                     "02:07 PM Thu Mar 05");
    cr_expect_str_eq(q("SELECT to_char('2026-03-05', 'Day, FMMonth FMDD YYYY')"),
                     "Thursday , March 5 2026");
    cr_expect_str_eq(q("SELECT to_char('2026-03-05', 'MONTH \"of\" YY Q')"), "MARCH     of 26 1");
    sqlfn_datetime_set_timezone(g_db, "Asia/Kolkata");
    cr_expect_str_eq(q("SELECT to_char('2026-03-05 00:00:00+00', 'HH24:MI TZ OF')"),
                     "05:30 IST +05:30");
}

Test(sqlfn_datetime, to_date_and_to_timestamp)
{
    cr_expect_str_eq(q("SELECT to_date('05 Mar 2026', 'DD Mon YYYY')"), "2026-03-05");
    cr_expect_str_eq(q("SELECT to_date('2026-02-30', 'YYYY-MM-DD')"),
                     "ERR 22008:date/time field value out of range: \"2026-02-30\"");
    cr_expect_str_eq(q("SELECT to_timestamp('2026-03-05 02:07:09 PM', 'YYYY-MM-DD HH12:MI:SS AM')"),
                     "2026-03-05 14:07:09+00");
    cr_expect_str_eq(q("SELECT to_timestamp(0)"), "1970-01-01 00:00:00+00");
    cr_expect_str_eq(q("SELECT to_timestamp(1767323045.5)"), "2026-01-02 03:04:05.5+00");
    sqlfn_datetime_set_timezone(g_db, "Europe/Berlin");
    cr_expect_str_eq(q("SELECT to_timestamp('2026-07-01 12:00', 'YYYY-MM-DD HH24:MI')"),
                     "2026-07-01 10:00:00+00");
}

Test(sqlfn_datetime, generate_series_over_timestamps)
{
    cr_expect_str_eq(q("SELECT group_concat(value, '|') FROM lg_generate_series_ts("
                       "'2026-01-30 00:00:00', '2026-04-30 00:00:00', '1 mon')"),
                     "2026-01-30 00:00:00|2026-02-28 00:00:00|2026-03-28 00:00:00|"
                     "2026-04-28 00:00:00");
    cr_expect_str_eq(q("SELECT count(*) FROM lg_generate_series_ts("
                       "'2026-01-01 00:00:00+00', '2026-01-02 00:00:00+00', '6 hours')"),
                     "5");
    cr_expect_str_eq(q("SELECT count(*) FROM lg_generate_series_ts("
                       "'2026-01-02 00:00:00', '2026-01-01 00:00:00', '-12 hours')"),
                     "3");
    cr_expect_str_eq(q("SELECT count(*) FROM lg_generate_series_ts("
                       "'2026-01-01 00:00:00', '2026-01-02 00:00:00', '0 days')"),
                     "ERR 22023:step size cannot equal zero");
}

/* Expected values from PostgreSQL 15. */
Test(sqlfn_datetime, date_bin)
{
    cr_expect_str_eq(q("SELECT date_bin('15 minutes', '2024-01-01 10:37:12', '2000-01-01')"),
                     "2024-01-01 10:30:00");
    cr_expect_str_eq(q("SELECT date_bin('1 hour', '2024-01-01 10:37:12+00', "
                       "'2000-01-01 00:30:00+00')"),
                     "2024-01-01 10:30:00+00");
    cr_expect_str_eq(q("SELECT date_bin('1 month', '2024-01-01 10:37:12', '2000-01-01')"),
                     "ERR 0A000:timestamps cannot be binned into intervals containing months or "
                     "years");
}

/* Stored interval texts ordered, grouped and aggregated as PostgreSQL's interval_cmp. */
Test(sqlfn_datetime, interval_collation_and_aggregates)
{
    cr_assert_str_eq(q("CREATE TABLE iv(d TEXT)"), "");
    cr_assert_str_eq(q("INSERT INTO iv VALUES ('1 day'), ('25:00:00'), ('1 mon'), ('24:00:00'), "
                       "(NULL), ('-1 days')"),
                     "");
    cr_expect_str_eq(q("SELECT '1 day' = '24:00:00' COLLATE lg_interval"), "1");
    cr_expect_str_eq(q("SELECT '1 mon' > '29 days' COLLATE lg_interval"), "1");
    cr_expect_str_eq(q("SELECT group_concat(d, '|') FROM (SELECT d FROM iv WHERE d <> '24:00:00' "
                       "ORDER BY d COLLATE lg_interval)"),
                     "-1 days|1 day|25:00:00|1 mon");
    cr_expect_str_eq(q("SELECT count(DISTINCT d COLLATE lg_interval) FROM iv"), "4");
    cr_expect_str_eq(q("SELECT lg_interval_sum(d) FROM iv"), "1 mon 49:00:00");
    cr_expect_str_eq(q("SELECT lg_interval_avg(d) FROM iv"), "6 days 09:48:00");
    cr_expect_str_eq(q("SELECT lg_interval_min(d) FROM iv WHERE d <> '-1 days'"), "24:00:00");
    cr_expect_str_eq(q("SELECT lg_interval_max(d) FROM iv WHERE d <> '1 mon'"), "25:00:00");
    cr_expect_str_eq(q("SELECT lg_interval_sum(d) FROM iv WHERE 0"), "NULL");
    cr_expect_str_eq(q("SELECT group_concat(m, '|') FROM (SELECT lg_interval_max(d) OVER (ORDER BY "
                       "rowid ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS m FROM iv)"),
                     "1 day|25:00:00|1 mon|1 mon|24:00:00|-1 days");
    cr_expect_str_eq(q("SELECT group_concat(m, '|') FROM (SELECT lg_interval_min(d) OVER (ORDER BY "
                       "rowid) AS m FROM iv)"),
                     "1 day|1 day|1 day|24:00:00|24:00:00|-1 days");
    cr_expect_str_eq(q("SELECT lg_interval_nullif('1 day', '24:00:00')"), "NULL");
    cr_expect_str_eq(q("SELECT lg_interval_nullif('1 day', '2 days')"), "1 day");
    cr_expect_str_eq(q("SELECT lg_interval_greatest('1 day', NULL, '24:00:00', '23:00:00')"),
                     "1 day");
    cr_expect_str_eq(q("SELECT lg_interval_least(NULL, NULL)"), "NULL");
    cr_expect_str_eq(q("SELECT lg_interval_key('1 mon') > lg_interval_key('29 days') AND "
                       "lg_interval_key('-1 days') < lg_interval_key('00:00:00')"),
                     "1");
    cr_expect_str_eq(q("SELECT lg_interval_sum(d) FROM (SELECT '2147483647 mons' AS d UNION ALL "
                       "SELECT '1 mon')"),
                     "ERR 22008:interval out of range");
}

Test(sqlfn_datetime, overlaps_follows_postgresql_null_rules)
{
    cr_expect_str_eq(q("SELECT lg_overlaps('2024-01-01 00:00:00+00', '2024-02-01 00:00:00+00', "
                       "'2024-02-01 00:00:00+00', '2024-03-01 00:00:00+00')"),
                     "0");
    cr_expect_str_eq(q("SELECT lg_overlaps('2024-01-01 00:00:00+00', NULL, "
                       "'2023-01-01 00:00:00+00', '2025-01-01 00:00:00+00')"),
                     "1");
    cr_expect_str_eq(q("SELECT lg_overlaps('2024-01-01 00:00:00+00', NULL, "
                       "'2025-01-01 00:00:00+00', '2025-02-01 00:00:00+00')"),
                     "NULL");
    cr_expect_str_eq(q("SELECT lg_overlaps(NULL, NULL, '2024-01-01 00:00:00+00', "
                       "'2024-02-01 00:00:00+00')"),
                     "NULL");
}
