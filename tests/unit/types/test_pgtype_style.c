/* test_pgtype_style.c - DateStyle / IntervalStyle: text output of dates, timestamps and
 * intervals in every style, the field order of ambiguous date input, and storage that does
 * not depend on the style (values are stored in ISO form whatever the thread's style). */
#include "pgtype_style.h"
#include "types_harness.h"
#include <criterion/criterion.h>

static void style(const char *ds, const char *is)
{
    pgstyle_t st;
    pgstyle_parse(ds, is, &st);
    pgstyle_set(&st);
}

static const char *out(const char *stored, uint32_t oid)
{
    return out_with(vtxt(stored), oid, -1, "UTC");
}

Test(style, intervals_in_each_style)
{
    const char *a = "3 days 04:05:06", *b = "-2 years -1 mons", *c = "-00:00:01.5";
    style(NULL, "sql_standard");
    cr_expect_str_eq(out(a, PGTYPE_INTERVAL), "3 4:05:06");
    cr_expect_str_eq(out(b, PGTYPE_INTERVAL), "-2-1");
    cr_expect_str_eq(out(c, PGTYPE_INTERVAL), "-0:00:01.5");
    cr_expect_str_eq(out("1 year 2 days", PGTYPE_INTERVAL), "+1-0 +2 +0:00:00");
    cr_expect_str_eq(out("00:00:00", PGTYPE_INTERVAL), "0");
    style(NULL, "iso_8601");
    cr_expect_str_eq(out(a, PGTYPE_INTERVAL), "P3DT4H5M6S");
    cr_expect_str_eq(out(b, PGTYPE_INTERVAL), "P-2Y-1M");
    cr_expect_str_eq(out(c, PGTYPE_INTERVAL), "PT-1.5S");
    cr_expect_str_eq(out("00:00:00", PGTYPE_INTERVAL), "PT0S");
    style(NULL, "postgres_verbose");
    cr_expect_str_eq(out(a, PGTYPE_INTERVAL), "@ 3 days 4 hours 5 mins 6 secs");
    cr_expect_str_eq(out(b, PGTYPE_INTERVAL), "@ 2 years 1 mon ago");
    cr_expect_str_eq(out(c, PGTYPE_INTERVAL), "@ 1.5 secs ago");
    cr_expect_str_eq(out("00:00:01", PGTYPE_INTERVAL), "@ 1 sec");
    style(NULL, "postgres");
    cr_expect_str_eq(out(a, PGTYPE_INTERVAL), "3 days 04:05:06");
}

Test(style, dates_and_timestamps_in_each_datestyle)
{
    style("SQL, DMY", NULL);
    cr_expect_str_eq(out("2023-12-11", PGTYPE_DATE), "11/12/2023");
    cr_expect_str_eq(out("2023-12-11 10:00:01.5+00", PGTYPE_TIMESTAMPTZ),
                     "11/12/2023 10:00:01.5 UTC");
    style("SQL, MDY", NULL);
    cr_expect_str_eq(out("2023-12-11 10:00:01", PGTYPE_TIMESTAMP), "12/11/2023 10:00:01");
    style("German, DMY", NULL);
    cr_expect_str_eq(out("2023-12-11", PGTYPE_DATE), "11.12.2023");
    style("Postgres, DMY", NULL);
    cr_expect_str_eq(out("2023-12-11", PGTYPE_DATE), "11-12-2023");
    cr_expect_str_eq(out("2023-12-11 10:00:01.5", PGTYPE_TIMESTAMP), "Mon 11 Dec 10:00:01.5 2023");
    style("Postgres, MDY", NULL);
    cr_expect_str_eq(out("2023-12-11 10:00:01+00", PGTYPE_TIMESTAMPTZ),
                     "Mon Dec 11 10:00:01 2023 UTC");
    cr_expect_str_eq(out("0044-03-15 BC", PGTYPE_DATE), "03-15-0044 BC");
    style("ISO, MDY", NULL);
    cr_expect_str_eq(out("2023-12-11", PGTYPE_DATE), "2023-12-11");
}

Test(style, field_order_of_ambiguous_input_and_iso_storage)
{
    style("ISO, DMY", "sql_standard");
    cr_expect_str_eq(in_tz("11/12/2023", PGTYPE_DATE, -1, "UTC"), "T:2023-12-11");
    cr_expect_str_eq(in_tz("2023-12-11", PGTYPE_DATE, -1, "UTC"), "T:2023-12-11");
    cr_expect_str_eq(in_tz("1 day 2 hours", PGTYPE_INTERVAL, -1, "UTC"), "T:1 day 02:00:00");
    style("ISO, MDY", NULL);
    cr_expect_str_eq(in_tz("11/12/2023", PGTYPE_DATE, -1, "UTC"), "T:2023-11-12");
    cr_expect_str_eq(in_tz("11/12/23", PGTYPE_DATE, -1, "UTC"), "T:2023-11-12");
    cr_expect_str_eq(in_tz("11-12-99", PGTYPE_DATE, -1, "UTC"), "T:1999-11-12");
    style("ISO, YMD", NULL);
    cr_expect_str_eq(in_tz("11/12/23", PGTYPE_DATE, -1, "UTC"), "T:2011-12-23");
}
