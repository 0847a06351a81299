/* test_datetime_values.c - date/time values as an application sees them through the
 * protocol: date_trunc of intervals and across a DST change, time zones set as offsets,
 * AT TIME ZONE with an interval. Expected values are PostgreSQL 15's answers. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(datetime_values, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void ok(PGconn *c, const char *sql)
{
    PQclear(e2e_exec(c, sql, PGRES_COMMAND_OK));
}

/* Row 0 of a query, its columns joined with '|' ("" for NULL). */
static void expect_row(PGconn *c, const char *sql, const char *want)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 1, "%s", sql);
    char got[1024] = "";
    size_t n = 0;
    for (int i = 0; i < PQnfields(r) && n < sizeof(got); i++)
        n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", i ? "|" : "",
                              PQgetvalue(r, 0, i));
    cr_expect_str_eq(got, want, "%s", sql);
    PQclear(r);
}

Test(datetime_values, date_trunc_of_an_interval)
{
    PGconn *c = e2e_connect(NULL);
    expect_row(c,
               "SELECT date_trunc('day', interval '1 day 5 hours'), "
               "date_trunc('hour', interval '1 day 5 hours 30 minutes'), "
               "date_trunc('year', interval '14 months'), "
               "date_trunc('millisecond', interval '-04:05:06.789123')",
               "1 day|1 day 05:00:00|1 year|-04:05:06.789");
    ok(c, "CREATE TABLE spans (d interval)");
    ok(c, "INSERT INTO spans VALUES ('3 days 04:05:06')");
    expect_row(c, "SELECT date_trunc('hour', d) FROM spans", "3 days 04:00:00");
    e2e_expect_error(c, "SELECT date_trunc('week', interval '1 day')", "0A000");
    e2e_expect_error(c, "SELECT date_trunc('fortnight', timestamp '2024-05-07')", "22023");
    PQfinish(c);
}

Test(datetime_values, date_trunc_in_the_repeated_hour)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "SET TIME ZONE 'America/New_York'");
    expect_row(c,
               "SELECT date_trunc('hour', '2024-11-03 05:30:00+00'::timestamptz), "
               "date_trunc('hour', '2024-11-03 06:30:00+00'::timestamptz)",
               "2024-11-03 01:00:00-04|2024-11-03 01:00:00-05");
    PQfinish(c);
}

/* A number of hours, or an INTERVAL, is a fixed offset east of UTC; SHOW prints the POSIX
 * name PostgreSQL gives it. */
Test(datetime_values, time_zone_set_as_an_offset)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "SET TIME ZONE -3");
    expect_row(c, "SHOW timezone", "<-03>+03");
    expect_row(c, "SELECT '2024-01-02 03:04:05+00'::timestamptz", "2024-01-02 00:04:05-03");
    ok(c, "SET TIME ZONE INTERVAL '+02:30' HOUR TO MINUTE");
    expect_row(c, "SHOW timezone", "<+02:30>-02:30");
    expect_row(c, "SELECT '2024-01-02 03:04:05+00'::timestamptz", "2024-01-02 05:34:05+02:30");
    ok(c, "SET TIME ZONE INTERVAL '+02:30:15' HOUR TO MINUTE");
    expect_row(c, "SHOW timezone", "<+02:30>-02:30");
    e2e_expect_error(c, "SET TIME ZONE INTERVAL '1 day'", "22023");
    expect_row(c, "SELECT set_config('timezone', '5.5', false)", "<+05:30>-05:30");
    expect_row(c, "SHOW timezone", "<+05:30>-05:30");
    ok(c, "SET TIME ZONE '+05'");
    expect_row(c, "SHOW timezone", "<+05>-05");
    PQfinish(c);
}

Test(datetime_values, at_time_zone_interval_is_an_offset_east)
{
    PGconn *c = e2e_connect(NULL);
    expect_row(c,
               "SELECT timestamptz '2024-01-02 03:04:05+00' AT TIME ZONE INTERVAL '-08:00', "
               "timestamp '2024-01-02 03:04:05' AT TIME ZONE INTERVAL '05:30', "
               "timestamptz '2024-01-02 03:04:05+00' AT TIME ZONE '-08'",
               "2024-01-01 19:04:05|2024-01-01 21:34:05+00|2024-01-02 11:04:05");
    e2e_expect_error(c, "SELECT now() AT TIME ZONE INTERVAL '1 day'", "22023");
    PQfinish(c);
}

Test(datetime_values, time_with_time_zone_values)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE shifts (t timetz, t0 timetz(0))");
    ok(c, "INSERT INTO shifts VALUES ('10:00-05', '10:00:00.7+01'), ('03:04:05', NULL)");
    PGresult *r = e2e_exec(c, "SELECT t, t0 FROM shifts ORDER BY 1", PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 2);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "03:04:05+00");
    cr_expect_str_eq(PQgetvalue(r, 1, 0), "10:00:00-05");
    cr_expect_str_eq(PQgetvalue(r, 1, 1), "10:00:01+01");
    PQclear(r);
    ok(c, "SET TIME ZONE 'Asia/Kolkata'");
    expect_row(c,
               "SELECT '2024-01-02 01:04:05.678+00'::timestamptz::timetz, '01:02:03'::timetz, "
               "pg_typeof(current_time)",
               "06:34:05.678+05:30|01:02:03+05:30|time with time zone");
    PQfinish(c);
}

Test(datetime_values, infinite_and_out_of_range_dates)
{
    PGconn *c = e2e_connect(NULL);
    expect_row(c,
               "SELECT date 'infinity' + 1, date '5874897-12-30' + 1, "
               "extract(epoch from date '-infinity'), extract(year from timestamp 'infinity'), "
               "extract(month from timestamp 'infinity') IS NULL",
               "infinity|5874897-12-31|-Infinity|Infinity|t");
    e2e_expect_error(c, "SELECT date 'infinity' - date '2024-01-01'", "22008");
    e2e_expect_error(c, "SELECT date '2024-01-01' + 2147483647", "22008");
    e2e_expect_error(c, "SELECT date '5874897-12-31' + 1", "22008");
    PQfinish(c);
}

/* A float8 NaN or infinity reaches interval arithmetic and to_timestamp as itself, not 0. */
Test(datetime_values, nan_and_infinity_factors)
{
    PGconn *c = e2e_connect(NULL);
    expect_row(c, "SELECT to_timestamp('infinity'::float8), to_timestamp('-infinity'::float8)",
               "infinity|-infinity");
    e2e_expect_error(c, "SELECT to_timestamp('nan'::float8)", "22008");
    e2e_expect_error(c, "SELECT '1 day'::interval * 'nan'::float8", "22008");
    e2e_expect_error(c, "SELECT '1 day'::interval / 'nan'::float8", "22008");
    ok(c, "CREATE TABLE factors (f float8)");
    ok(c, "INSERT INTO factors VALUES ('NaN')");
    e2e_expect_error(c, "SELECT interval '1 hour' * f FROM factors", "22008");
    PQfinish(c);
}

/* (s1, e1) OVERLAPS (s2, e2) with PostgreSQL's NULL rules and interval ends. */
Test(datetime_values, overlaps)
{
    PGconn *c = e2e_connect(NULL);
    expect_row(c,
               "SELECT (date '2024-01-01', date '2024-02-01') OVERLAPS "
               "(date '2024-01-15', date '2024-03-01'), "
               "(date '2024-01-01', date '2024-02-01') OVERLAPS "
               "(date '2024-02-01', date '2024-03-01'), "
               "(timestamp '2024-01-01', interval '1 day') OVERLAPS "
               "(timestamp '2024-01-01 12:00', interval '1 hour'), "
               "(date '2024-02-01', date '2024-01-01') OVERLAPS "
               "(date '2024-01-15', date '2024-01-16'), "
               "(date '2024-01-01', NULL::date) OVERLAPS (date '2023-01-01', date '2025-01-01'), "
               "((date '2024-01-01', NULL::date) OVERLAPS "
               "(date '2025-01-01', date '2025-02-01')) IS NULL",
               "t|f|t|t|t|t");
    PQfinish(c);
}

Test(datetime_values, sqlstates_of_refused_date_arithmetic)
{
    PGconn *c = e2e_connect(NULL);
    e2e_expect_error(c, "SELECT date_bin('1 month', timestamp '2024-05-01 12:34:56', "
                        "timestamp '2024-01-01')",
                     "0A000");
    e2e_expect_error(c, "SELECT '10:00:00'::time + '10:00:00'::time", "42725");
    PQfinish(c);
}

/* A unit extract does not know at all is 22023 "not recognized"; one it knows but not for
 * the value's type stays 0A000. */
Test(datetime_values, extract_of_an_unknown_unit)
{
    PGconn *c = e2e_connect(NULL);
    e2e_expect_error(c, "SELECT extract(foo FROM date '2001-02-16')", "22023");
    e2e_expect_error(c, "SELECT extract(foo FROM timestamp '2001-02-16 20:38:40')", "22023");
    e2e_expect_error(c, "SELECT date_part('foo', interval '1 day')", "22023");
    e2e_expect_error(c, "SELECT extract(hour FROM date '2001-02-16')", "0A000");
    expect_row(c, "SELECT extract(doy FROM date '2001-02-16')", "47");
    PQfinish(c);
}

/* extract / date_part read PostgreSQL's plural and abbreviated unit names, with the scale
 * of the unit they stand for (secs as second: 6 fraction digits). */
Test(datetime_values, extract_units_by_their_other_names)
{
    PGconn *c = e2e_connect(NULL);
    expect_row(c,
               "SELECT extract(hours FROM interval '36 hours'), extract(days FROM interval '36 "
               "hours'), extract(years FROM date '2024-03-05'), extract(mon FROM timestamp "
               "'2024-03-05'), extract(mins FROM time '10:11:12')",
               "36|0|2024|3|11");
    expect_row(c,
               "SELECT extract(secs FROM timestamp '2024-03-05 10:11:12.5'), extract(ms FROM time "
               "'00:00:01.5'), date_part('MINUTES', timestamp '2024-03-05 10:11'), "
               "extract(qtr FROM date '2024-05-01')",
               "12.500000|1500.000|11|2");
    e2e_expect_error(c, "SELECT extract(hours FROM date '2024-03-05')", "0A000");
    PQfinish(c);
}
