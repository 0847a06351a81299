/* test_sqlfn_datefmt.c - to_char / to_date / to_timestamp template patterns on an in-memory
 * SQLite. Every expected value is what PostgreSQL 15 returns for the same call (session
 * TimeZone UTC unless the test sets another). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "sqlfn_datetime.h"

static sqlite3 *g_db;
static char g_res[1024];

static void df_open(void)
{
    cr_assert_eq(sqlite3_open(":memory:", &g_db), SQLITE_OK);
    cr_assert_eq(sqlfn_datetime_register(g_db), 0);
}

static void df_close(void)
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
    else
        snprintf(g_res, sizeof g_res, "ERR %s", sqlite3_errmsg(g_db));
    sqlite3_finalize(st);
    return g_res;
}

TestSuite(sqlfn_datefmt, .init = df_open, .fini = df_close);

Test(sqlfn_datefmt, zone_fields_tzh_tzm_of)
{
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 08:37:09+00', 'TZH:TZM|OF|TZ|tz|of')"),
                     "+00:00|+00|UTC|utc|+00");
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 14:07:09', 'TZH:TZM|OF|TZ|')"), "+00:00|+00||");
    sqlfn_datetime_set_timezone(g_db, "Asia/Kolkata");
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 08:37:09+00', 'TZH:TZM OF TZ tz of tzh')"),
                     "+05:30 +05:30 IST ist +05:30 +05");
    /* a date is formatted as the timestamptz of its local midnight */
    cr_expect_str_eq(q("SELECT to_char('2024-03-05', 'of tzh tzm')"), "+05:30 +05 30");
    sqlfn_datetime_set_timezone(g_db, "America/New_York");
    cr_expect_str_eq(q("SELECT to_char('2024-01-01 12:00:00+00', 'HH24 OF TZ TZH:TZM')"),
                     "07 -05 EST -05:00");
}

Test(sqlfn_datefmt, seconds_fractions_and_years)
{
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 14:07:09.5', 'SSSS SSSSS FF1 FF2 FF6 FMMS')"),
                     "50829 50829 5 50 500000 500");
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 14:07:09', "
                       "'Y,YYY I IY IYY IDDD W WW CC RM|rm|BC bc B.C. a.d.')"),
                     "2,024 4 24 024 065 1 10 21 III |iii |AD ad A.D. a.d.");
    cr_expect_str_eq(q("SELECT to_char('2024-12-30 00:00:00', 'IYYY-IW-ID IDDD')"),
                     "2025-01-1 001");
    cr_expect_str_eq(q("SELECT to_char('0044-03-15 10:00:00 BC', 'YYYY BC CC')"), "0044 BC -01");
}

Test(sqlfn_datefmt, modifiers_case_and_literals)
{
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 14:07:09', "
                       "'FMDDth DDTH MMSP TMMonth|Month|TMDay|tmmon')"),
                     "5th 05TH 03 March|March    |Tuesday|mar");
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 14:07:09', "
                       "'hh12 a.m. P.M. yyyy-mm-dd hh24:mi:ss')"),
                     "02 p.m. P.M. 2024-03-05 14:07:09");
    cr_expect_str_eq(q("SELECT to_char('2024-03-05 14:07:09', "
                       "'\"Quoted YYYY\" \\\"YYYY\\\" \\\\ FXYYYY')"),
                     "Quoted YYYY \"2024\" \\\\ 2024");
}

Test(sqlfn_datefmt, intervals)
{
    cr_expect_str_eq(q("SELECT to_char('27:05:00', 'HH24:MI')"), "27:05");
    cr_expect_str_eq(q("SELECT to_char('-01:00:00', 'HH24:MI')"), "-01:00");
    cr_expect_str_eq(q("SELECT to_char('-00:30:00', 'HH24:MI:SS')"), "00:-30:00");
    cr_expect_str_eq(q("SELECT to_char('1 year 2 mons 3 days 04:05:06', "
                       "'YYYY MM DD HH12 AM DDD Q RM CC')"),
                     "0001 02 03 04 AM 423 1 II   00");
    cr_expect_str_eq(q("SELECT to_char('1 year', 'RM')"), "XII ");
    cr_expect_str_eq(q("SELECT to_char('1 day', 'Day')"),
                     "ERR 22007:invalid format specification for an interval value");
}

Test(sqlfn_datefmt, parse_fixed_width_and_lowercase)
{
    cr_expect_str_eq(q("SELECT to_date('20240305', 'YYYYMMDD')"), "2024-03-05");
    cr_expect_str_eq(q("SELECT to_timestamp('20240305140709', 'YYYYMMDDHH24MISS')"),
                     "2024-03-05 14:07:09+00");
    cr_expect_str_eq(q("SELECT to_date('2024-03-05', 'yyyy-mm-dd')"), "2024-03-05");
    cr_expect_str_eq(q("SELECT to_date('2024-03', 'YYYYMMDD')"), "2024-01-03");
    cr_expect_str_eq(q("SELECT to_date('202', 'YYYYMMDD')"),
                     "ERR 22007:source string too short for \"YYYY\" formatting field");
    cr_expect_str_eq(q("SELECT to_date('x2024', 'YYYY')"),
                     "ERR 22007:invalid value \"x202\" for \"YYYY\"");
}

Test(sqlfn_datefmt, parse_trailing_fields_fractions_fx)
{
    cr_expect_str_eq(q("SELECT to_timestamp('2024-03-05 14:07', 'YYYY-MM-DD HH24:MI:SS')"),
                     "2024-03-05 14:07:00+00");
    cr_expect_str_eq(q("SELECT to_timestamp('2024-03-05 14:07:09.123', "
                       "'YYYY-MM-DD HH24:MI:SS.FF2')"),
                     "2024-03-05 14:07:09.12+00");
    cr_expect_str_eq(q("SELECT to_date('2024-3-5', 'FXYYYY-MM-DD')"), "2024-03-05");
    cr_expect_str_eq(q("SELECT to_date('', 'YYYY-MM-DD')"), "0001-01-01 BC");
    cr_expect_str_eq(q("SELECT to_timestamp('50829', 'SSSS')"), "0001-01-01 14:07:09+00 BC");
    cr_expect_str_eq(q("SELECT to_timestamp('2024-03-05 14:07:09 -0530', "
                       "'YYYY-MM-DD HH24:MI:SS TZHTZM')"),
                     "2024-03-05 19:37:09+00");
}

Test(sqlfn_datefmt, parse_iso_weeks_bc_and_names)
{
    cr_expect_str_eq(q("SELECT to_date('2024 10 2', 'IYYY IW ID')"), "2024-03-05");
    cr_expect_str_eq(q("SELECT to_date('2024-W10-2', 'IYYY-\"W\"IW-ID')"), "2024-03-05");
    cr_expect_str_eq(q("SELECT to_date('0044-03-15 BC', 'YYYY-MM-DD BC')"), "0044-03-15 BC");
    cr_expect_str_eq(q("SELECT to_date('Tuesday 5 march 2024', 'Day DD Month YYYY')"),
                     "2024-03-05");
    cr_expect_str_eq(q("SELECT to_date('2024 065', 'YYYY DDD')"), "2024-03-05");
    cr_expect_str_eq(q("SELECT to_date('2,024 III 5th', 'Y,YYY RM DDth')"), "2024-03-05");
    cr_expect_str_eq(q("SELECT to_date('21 05', 'CC YY')"), "2005-01-01");
    cr_expect_str_eq(q("SELECT to_date('2459000', 'J')"), "2020-05-30");
    cr_expect_str_eq(q("SELECT to_date('2024 10 2', 'YYYY IW ID')"),
                     "ERR 22007:invalid combination of date conventions");
}

Test(sqlfn_datefmt, parse_12_hour_clock_and_errors)
{
    cr_expect_str_eq(q("SELECT to_timestamp('2024-03-05 11 pm', 'YYYY-MM-DD HH PM')"),
                     "2024-03-05 23:00:00+00");
    cr_expect_str_eq(q("SELECT to_timestamp('2024-03-05 12:07 a.m.', 'YYYY-MM-DD HH12:MI a.m.')"),
                     "2024-03-05 00:07:00+00");
    cr_expect_str_eq(q("SELECT to_timestamp('13:00', 'HH12:MI')"),
                     "ERR 22007:hour \"13\" is invalid for the 12-hour clock");
    cr_expect_str_eq(q("SELECT to_date('2024-02-30', 'YYYY-MM-DD')"),
                     "ERR 22008:date/time field value out of range: \"2024-02-30\"");
    cr_expect_str_eq(q("SELECT to_date('2024 03 04', 'YYYY MM MM')"),
                     "ERR 22007:conflicting values for \"MM\" field in formatting string");
    cr_expect_str_eq(q("SELECT to_date('Foo 2024', 'Mon YYYY')"),
                     "ERR 22007:invalid value \"Foo\" for \"Mon\"");
    cr_expect_str_eq(q("SELECT to_timestamp('2024-03-05 10:00 +05:30', 'YYYY-MM-DD HH24:MI TZ')"),
                     "ERR 0A000:formatting field \"TZ\" is only supported in to_char");
}

Test(sqlfn_datefmt, time_values_and_per_row_templates)
{
    /* to_char has no time variant: PostgreSQL formats a time through interval */
    cr_expect_str_eq(q("SELECT to_char('14:07:09', 'HH12:MI:SS AM')"), "02:07:09 PM");
    cr_expect_str_eq(q("SELECT to_char('14:07:09', 'HH24 SSSS', 'time without time zone')"),
                     "14 50829");
    /* one compiled template reused across rows, and a template that changes per row */
    cr_expect_str_eq(q("SELECT group_concat(to_char(d, 'FMDD Mon'), ',') FROM "
                       "(SELECT '2024-03-05' AS d UNION ALL SELECT '2024-12-31')"),
                     "5 Mar,31 Dec");
    cr_expect_str_eq(q("SELECT group_concat(to_char('2024-03-05', f), ',') FROM "
                       "(SELECT 'YYYY' AS f UNION ALL SELECT 'FMMM' UNION ALL SELECT 'Dy')"),
                     "2024,3,Tue");
}
