/* test_pgtype_text_in.c - text input: accepted forms, storage form, PostgreSQL errors. */
#include "types_harness.h"
#include <criterion/criterion.h>

TestSuite(pgtype_text_in);

Test(pgtype_text_in, bool_words)
{
    cr_expect_str_eq(in("yes", PGTYPE_BOOL, -1), "I:1");
    cr_expect_str_eq(in(" TRUE ", PGTYPE_BOOL, -1), "I:1");
    cr_expect_str_eq(in("of", PGTYPE_BOOL, -1), "I:0");
    cr_expect_str_eq(in("t", PGTYPE_BOOL, -1), "I:1");
    cr_expect_str_eq(in("0", PGTYPE_BOOL, -1), "I:0");
    cr_expect_str_eq(in("maybe", PGTYPE_BOOL, -1),
                     "E:22P02 invalid input syntax for type boolean: \"maybe\"");
    cr_expect_str_eq(in("o", PGTYPE_BOOL, -1),
                     "E:22P02 invalid input syntax for type boolean: \"o\"");
}

Test(pgtype_text_in, integers_with_range_checks)
{
    cr_expect_str_eq(in(" 12 ", PGTYPE_INT2, -1), "I:12");
    cr_expect_str_eq(in("-2147483648", PGTYPE_INT4, -1), "I:-2147483648");
    cr_expect_str_eq(in("abc", PGTYPE_INT4, -1),
                     "E:22P02 invalid input syntax for type integer: \"abc\"");
    cr_expect_str_eq(in("1.5", PGTYPE_INT4, -1),
                     "E:22P02 invalid input syntax for type integer: \"1.5\"");
    cr_expect_str_eq(in("99999999999", PGTYPE_INT4, -1),
                     "E:22003 value \"99999999999\" is out of range for type integer");
    cr_expect_str_eq(in("32768", PGTYPE_INT2, -1),
                     "E:22003 value \"32768\" is out of range for type smallint");
    cr_expect_str_eq(in("9223372036854775808", PGTYPE_INT8, -1),
                     "E:22003 value \"9223372036854775808\" is out of range for type bigint");
    cr_expect_str_eq(in("-9223372036854775808", PGTYPE_INT8, -1), "I:-9223372036854775808");
    cr_expect_str_eq(in("", PGTYPE_INT8, -1), "E:22P02 invalid input syntax for type bigint: \"\"");
    cr_expect_str_eq(in("-1", PGTYPE_OID, -1), "I:4294967295");
}

Test(pgtype_text_in, floats)
{
    cr_expect_str_eq(in("1.5", PGTYPE_FLOAT8, -1), "F:1.5");
    cr_expect_str_eq(in("-Infinity", PGTYPE_FLOAT8, -1), "F:-inf");
    cr_expect_str_eq(in("nan", PGTYPE_FLOAT8, -1), "T:NaN");
    cr_expect_str_eq(in("1e400", PGTYPE_FLOAT8, -1),
                     "E:22003 \"1e400\" is out of range for type double precision");
    cr_expect_str_eq(in("1e-400", PGTYPE_FLOAT8, -1),
                     "E:22003 \"1e-400\" is out of range for type double precision");
    cr_expect_str_eq(in("1e39", PGTYPE_FLOAT4, -1),
                     "E:22003 \"1e39\" is out of range for type real");
    cr_expect_str_eq(in("x", PGTYPE_FLOAT4, -1),
                     "E:22P02 invalid input syntax for type real: \"x\"");
}

Test(pgtype_text_in, numeric_storage_and_typmod)
{
    cr_expect_str_eq(in("  1.50  ", PGTYPE_NUMERIC, -1), "F:1.5");
    cr_expect_str_eq(in("1e3", PGTYPE_NUMERIC, -1), "I:1000");
    cr_expect_str_eq(in("123456789012345678901234.5", PGTYPE_NUMERIC, -1),
                     "T:123456789012345678901234.5");
    cr_expect_str_eq(in("123.456", PGTYPE_NUMERIC, pgtype_typmod_numeric(5, 2)),
                     "F:123.45999999999999");
    cr_expect_str_eq(in("1234.5", PGTYPE_NUMERIC, pgtype_typmod_numeric(5, 2)),
                     "E:22003 numeric field overflow");
    cr_expect_str_eq(in("x1", PGTYPE_NUMERIC, -1),
                     "E:22P02 invalid input syntax for type numeric: \"x1\"");
    cr_expect_str_eq(in("NaN", PGTYPE_NUMERIC, -1), "T:NaN");
}

Test(pgtype_text_in, numeric_overflow_detail)
{
    lg_buf_t scratch;
    lg_buf_init(&scratch, 1024);
    lg_pgerr_t err;
    pgtype_value_t v;
    cr_assert_eq(pgtype_text_in("1.5", 3, PGTYPE_NUMERIC, pgtype_typmod_numeric(2, 2), NULL, &v,
                                &scratch, &err),
                 LG_ESQL);
    cr_expect_str_eq(err.detail,
                     "A field with precision 2, scale 2 must round to an absolute value less "
                     "than 1.");
    lg_buf_deinit(&scratch);
}

/* A month outside 1..12 is out of range with PostgreSQL's DateStyle hint; another field
 * out of range (February 30) has none. */
Test(pgtype_text_in, date_month_out_of_range_hints_datestyle)
{
    static const struct {
        const char *in;
        uint32_t oid;
        bool hint;
    } k[] = {{"2024-13-01", PGTYPE_DATE, true},
             {"2024-00-01", PGTYPE_DATE, true},
             {"2024-13-01 10:00", PGTYPE_TIMESTAMPTZ, true},
             {"2024-02-30", PGTYPE_DATE, false}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        lg_buf_t scratch;
        lg_buf_init(&scratch, 1024);
        lg_pgerr_t err;
        pgtype_value_t v;
        cr_assert_eq(
            pgtype_text_in(k[i].in, strlen(k[i].in), k[i].oid, -1, NULL, &v, &scratch, &err),
            LG_ESQL, "%s", k[i].in);
        cr_expect_str_eq(err.sqlstate, "22008", "%s", k[i].in);
        cr_expect_str_eq(err.hint,
                         k[i].hint ? "Perhaps you need a different \"datestyle\" setting." : "",
                         "%s", k[i].in);
        lg_buf_deinit(&scratch);
    }
}

Test(pgtype_text_in, varchar_and_bpchar_lengths)
{
    cr_expect_str_eq(in("abc", PGTYPE_VARCHAR, 2 + 4),
                     "E:22001 value too long for type character varying(2)");
    cr_expect_str_eq(in("ab  ", PGTYPE_VARCHAR, 2 + 4), "T:ab");
    cr_expect_str_eq(in("ab", PGTYPE_BPCHAR, 4 + 4), "T:ab  ");
    cr_expect_str_eq(in("héé", PGTYPE_VARCHAR, 3 + 4), "T:héé");
}

Test(pgtype_text_in, bytea_hex_and_escape)
{
    cr_expect_str_eq(in("\\x01AbfF", PGTYPE_BYTEA, -1), "B:01abff");
    cr_expect_str_eq(in("ab\\\\c\\001", PGTYPE_BYTEA, -1), "B:61625c6301");
    cr_expect_str_eq(in("\\xzz", PGTYPE_BYTEA, -1), "E:22023 invalid hexadecimal digit: \"z\"");
    cr_expect_str_eq(in("\\x1", PGTYPE_BYTEA, -1),
                     "E:22023 invalid hexadecimal data: odd number of digits");
    cr_expect_str_eq(in("a\\9", PGTYPE_BYTEA, -1),
                     "E:22P02 invalid input syntax for type bytea: \"a\\9\"");
}

Test(pgtype_text_in, uuid_forms)
{
    cr_expect_str_eq(in("{A0EEBC999C0B4EF8BB6D6BB9BD380A11}", PGTYPE_UUID, -1),
                     "T:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    cr_expect_str_eq(in("a0ee-bc99-9c0b4ef8-bb6d6bb9-bd380a11", PGTYPE_UUID, -1),
                     "T:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    cr_expect_str_eq(in("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", PGTYPE_UUID, -1),
                     "E:22P02 invalid input syntax for type uuid: "
                     "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1\"");
}

Test(pgtype_text_in, dates)
{
    cr_expect_str_eq(in("2026-01-02", PGTYPE_DATE, -1), "T:2026-01-02");
    cr_expect_str_eq(in("Jan 2 2026", PGTYPE_DATE, -1), "T:2026-01-02");
    cr_expect_str_eq(in("2 January 2026", PGTYPE_DATE, -1), "T:2026-01-02");
    cr_expect_str_eq(in("01/02/2026", PGTYPE_DATE, -1), "T:2026-01-02");
    cr_expect_str_eq(in("20260102", PGTYPE_DATE, -1), "T:2026-01-02");
    cr_expect_str_eq(in("infinity", PGTYPE_DATE, -1), "T:infinity");
    cr_expect_str_eq(in("0001-01-01 BC", PGTYPE_DATE, -1), "T:0001-01-01 BC");
    cr_expect_str_eq(in("2026-13-01", PGTYPE_DATE, -1),
                     "E:22008 date/time field value out of range: \"2026-13-01\"");
    cr_expect_str_eq(in("2026-02-30", PGTYPE_DATE, -1),
                     "E:22008 date/time field value out of range: \"2026-02-30\"");
    cr_expect_str_eq(in("foo", PGTYPE_DATE, -1),
                     "E:22007 invalid input syntax for type date: \"foo\"");
}

Test(pgtype_text_in, times_and_timestamps)
{
    cr_expect_str_eq(in("24:00:00", PGTYPE_TIME, -1), "T:24:00:00");
    cr_expect_str_eq(in("3:04 PM", PGTYPE_TIME, -1), "T:15:04:00");
    cr_expect_str_eq(in("2026-01-02 03:04:05.1234567", PGTYPE_TIMESTAMP, -1),
                     "T:2026-01-02 03:04:05.123457");
    cr_expect_str_eq(in("2026-01-02 24:00:00", PGTYPE_TIMESTAMP, -1), "T:2026-01-03 00:00:00");
    cr_expect_str_eq(in("2026-01-02T03:04:05.5", PGTYPE_TIMESTAMP, 0), "T:2026-01-02 03:04:06");
    cr_expect_str_eq(in("-infinity", PGTYPE_TIMESTAMP, -1), "T:-infinity");
    cr_expect_str_eq(in("2026-01-01 25:00", PGTYPE_TIMESTAMP, -1),
                     "E:22008 date/time field value out of range: \"2026-01-01 25:00\"");
}

Test(pgtype_text_in, timestamptz_zones_to_utc)
{
    cr_expect_str_eq(in("2026-01-02T03:04:05Z", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-01-02 03:04:05+00");
    cr_expect_str_eq(in("2026-01-02 03:04:05+05:30", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-01-01 21:34:05+00");
    cr_expect_str_eq(in("2026-01-02 03:04:05-0800", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-01-02 11:04:05+00");
    cr_expect_str_eq(in_tz("2026-01-02 03:04:05", PGTYPE_TIMESTAMPTZ, -1, "Europe/Berlin"),
                     "T:2026-01-02 02:04:05+00");
    cr_expect_str_eq(in("2026-07-02 03:04:05 Europe/Berlin", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-07-02 01:04:05+00");
    cr_expect_str_eq(in("2026-01-02 03:04:05 EST", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-01-02 08:04:05+00");
    /* spring-forward gap and fall-back overlap, as PostgreSQL resolves them */
    cr_expect_str_eq(in("2026-03-08 02:30 America/New_York", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-03-08 07:30:00+00");
    cr_expect_str_eq(in("2026-11-01 01:30 America/New_York", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-11-01 06:30:00+00");
    cr_expect_str_eq(in("epoch", PGTYPE_TIMESTAMPTZ, -1), "T:1970-01-01 00:00:00+00");
    cr_expect_str_eq(in("2026-01-01 12:00 Foo/Bar", PGTYPE_TIMESTAMPTZ, -1),
                     "E:22023 time zone \"foo/bar\" not recognized");
    cr_expect_str_eq(in("2026-01-01 nonsense", PGTYPE_TIMESTAMPTZ, -1),
                     "E:22007 invalid input syntax for type timestamp with time zone: "
                     "\"2026-01-01 nonsense\"");
}

Test(pgtype_text_in, now_and_today_use_session_time)
{
    /* now_usec in the harness is 830000000000000 = 2026-04-20 11:33:20 UTC */
    cr_expect_str_eq(in("now", PGTYPE_TIMESTAMPTZ, -1), "T:2026-04-20 11:33:20+00");
    cr_expect_str_eq(in("today", PGTYPE_DATE, -1), "T:2026-04-20");
    cr_expect_str_eq(in_tz("now", PGTYPE_TIMESTAMP, -1, "Asia/Tokyo"), "T:2026-04-20 20:33:20");
    cr_expect_str_eq(in_tz("today", PGTYPE_TIMESTAMPTZ, -1, "Asia/Tokyo"),
                     "T:2026-04-19 15:00:00+00");
    cr_expect_str_eq(in_tz("tomorrow", PGTYPE_DATE, -1, "Asia/Tokyo"), "T:2026-04-21");
    cr_expect_str_eq(in_tz("yesterday", PGTYPE_DATE, -1, "America/Los_Angeles"), "T:2026-04-19");
}

/* timetz keeps its offset; without one it takes the session zone's offset today (the
 * harness's today is 2026-04-20: New York is on daylight time). */
Test(pgtype_text_in, time_with_time_zone)
{
    cr_expect_str_eq(in("10:00-05", PGTYPE_TIMETZ, -1), "T:10:00:00-05");
    cr_expect_str_eq(in("03:04:05", PGTYPE_TIMETZ, -1), "T:03:04:05+00");
    cr_expect_str_eq(in("23:59:59.999+05:30", PGTYPE_TIMETZ, -1), "T:23:59:59.999+05:30");
    cr_expect_str_eq(in("10:00:00.7+01", PGTYPE_TIMETZ, 0), "T:10:00:01+01");
    cr_expect_str_eq(in_tz("03:04:05", PGTYPE_TIMETZ, -1, "America/New_York"), "T:03:04:05-04");
    cr_expect_str_eq(in("2024-01-02 03:04:05 America/New_York", PGTYPE_TIMETZ, -1),
                     "T:03:04:05-05");
    cr_expect_str_eq(in("bad", PGTYPE_TIMETZ, -1),
                     "E:22007 invalid input syntax for type time with time zone: \"bad\"");
}

Test(pgtype_text_in, intervals)
{
    cr_expect_str_eq(in("1 day", PGTYPE_INTERVAL, -1), "T:1 day");
    cr_expect_str_eq(in("2 hours 30 minutes", PGTYPE_INTERVAL, -1), "T:02:30:00");
    cr_expect_str_eq(in("P1D", PGTYPE_INTERVAL, -1), "T:1 day");
    cr_expect_str_eq(in("P1Y2M3DT4H5M6.5S", PGTYPE_INTERVAL, -1),
                     "T:1 year 2 mons 3 days 04:05:06.5");
    cr_expect_str_eq(in("01:02:03", PGTYPE_INTERVAL, -1), "T:01:02:03");
    cr_expect_str_eq(in("1 year 2 mons", PGTYPE_INTERVAL, -1), "T:1 year 2 mons");
    cr_expect_str_eq(in("@ 1 day ago", PGTYPE_INTERVAL, -1), "T:-1 days");
    cr_expect_str_eq(in("-1 days +02:03", PGTYPE_INTERVAL, -1), "T:-1 days +02:03:00");
    cr_expect_str_eq(in("1.5 months", PGTYPE_INTERVAL, -1), "T:1 mon 15 days");
    cr_expect_str_eq(in("1.5 years", PGTYPE_INTERVAL, -1), "T:1 year 6 mons");
    cr_expect_str_eq(in("-1:02:03", PGTYPE_INTERVAL, -1), "T:-01:02:03");
    cr_expect_str_eq(in("5", PGTYPE_INTERVAL, -1), "T:00:00:05");
    cr_expect_str_eq(in("0 seconds", PGTYPE_INTERVAL, -1), "T:00:00:00");
    cr_expect_str_eq(in("1-2", PGTYPE_INTERVAL, -1), "T:1 year 2 mons");
    cr_expect_str_eq(in("1 02:03:04", PGTYPE_INTERVAL, -1), "T:1 day 02:03:04");
    cr_expect_str_eq(in("5 10:00", PGTYPE_INTERVAL, -1), "T:5 days 10:00:00");
    cr_expect_str_eq(in("P0001-02-03T04:05:06", PGTYPE_INTERVAL, -1),
                     "T:1 year 2 mons 3 days 04:05:06");
    cr_expect_str_eq(in("xyz", PGTYPE_INTERVAL, -1),
                     "E:22007 invalid input syntax for type interval: \"xyz\"");
}

Test(pgtype_text_in, json_and_jsonb)
{
    cr_expect_str_eq(in("{\"b\": 1,  \"a\":2}", PGTYPE_JSON, -1), "T:{\"b\": 1,  \"a\":2}");
    cr_expect_str_eq(in("{\"a\":}", PGTYPE_JSON, -1), "E:22P02 invalid input syntax for type json");
    cr_expect_str_eq(
        in("{\"b\":1,\"a\":[1e2,1.50,-0],\"aa\":\"x\\u0041\",\"b\":2}", PGTYPE_JSONB, -1),
        "T:{\"a\": [100, 1.50, 0], \"b\": 2, \"aa\": \"xA\"}");
    cr_expect_str_eq(in("{\"a\\u0000\":1}", PGTYPE_JSONB, -1),
                     "E:22P05 unsupported Unicode escape sequence");
    cr_expect_str_eq(in(" [ ] ", PGTYPE_JSONB, -1), "T:[]");
    cr_expect_str_eq(in("\"tab\\there\\/\"", PGTYPE_JSONB, -1), "T:\"tab\\there/\"");
    cr_expect_str_eq(in("[1,2", PGTYPE_JSONB, -1), "E:22P02 invalid input syntax for type json");
    cr_expect_str_eq(in("nul", PGTYPE_JSON, -1), "E:22P02 invalid input syntax for type json");
}

Test(pgtype_text_in, arrays_to_json)
{
    cr_expect_str_eq(in("{1,2,3}", PGTYPE_INT4_ARRAY, -1), "T:[1,2,3]");
    cr_expect_str_eq(in("{{1,2},{3,4}}", PGTYPE_INT4_ARRAY, -1), "T:[[1,2],[3,4]]");
    cr_expect_str_eq(in("[1:2][1:2]={{1,2},{3,4}}", PGTYPE_INT4_ARRAY, -1), "T:[[1,2],[3,4]]");
    cr_expect_str_eq(in("{{1,2},{3}}", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 malformed array literal: \"{{1,2},{3}}\"");
    cr_expect_str_eq(in("{1,{2}}", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 malformed array literal: \"{1,{2}}\"");
    cr_expect_str_eq(in("{{1},2}", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 malformed array literal: \"{{1},2}\"");
    cr_expect_str_eq(in("{{{1,2}},{{3}}}", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 malformed array literal: \"{{{1,2}},{{3}}}\"");
    cr_expect_str_eq(in("[0:2]={1,2,3}", PGTYPE_INT4_ARRAY, -1),
                     "E:0A000 arrays with a lower bound other than 1 are not supported: "
                     "\"[0:2]={1,2,3}\"");
    cr_expect_str_eq(in("[1:3{1}", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 malformed array literal: \"[1:3{1}\"");
    cr_expect_str_eq(in("{\"a\\\\\\\"b\", NULL, \"NULL\" , c d }", PGTYPE_TEXT_ARRAY, -1),
                     "T:[\"a\\\\\\\"b\",null,\"NULL\",\"c d\"]");
    cr_expect_str_eq(in("{t,f}", PGTYPE_BOOL_ARRAY, -1), "T:[true,false]");
    cr_expect_str_eq(in("{}", PGTYPE_TEXT_ARRAY, -1), "T:[]");
    cr_expect_str_eq(in("{ }", PGTYPE_TEXT_ARRAY, -1), "T:[]");
    cr_expect_str_eq(in("{{}}", PGTYPE_TEXT_ARRAY, -1), /* only the whole array is empty */
                     "E:22P02 malformed array literal: \"{{}}\"");
    cr_expect_str_eq(in("{{1},{ }}", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 malformed array literal: \"{{1},{ }}\"");
    cr_expect_str_eq(in("{1,2", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 malformed array literal: \"{1,2\"");
    cr_expect_str_eq(in("{1,a}", PGTYPE_INT4_ARRAY, -1),
                     "E:22P02 invalid input syntax for type integer: \"a\"");
    cr_expect_str_eq(in("1,2", PGTYPE_INT4_ARRAY, -1), "E:22P02 malformed array literal: \"1,2\"");
}

Test(pgtype_text_in, array_round_trip_through_output)
{
    const char *lit = "{\"a b\",NULL,\"x\\\"y\",\"\",\"NULL\",p}";
    const char *st = in(lit, PGTYPE_TEXT_ARRAY, -1);
    cr_assert_eq(st[0], 'T');
    char stored[256];
    snprintf(stored, sizeof(stored), "%s", st + 2);
    cr_expect_str_eq(out_with(vtxt(stored), PGTYPE_TEXT_ARRAY, -1, "UTC"), lit);
}
