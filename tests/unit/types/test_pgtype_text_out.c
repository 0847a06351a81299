/* test_pgtype_text_out.c - text output matches what PostgreSQL 15 prints. */
#include "types_harness.h"
#include <criterion/criterion.h>
#include <math.h>

#define OUT(v, oid) out_with((v), (oid), -1, "UTC")

TestSuite(pgtype_text_out);

Test(pgtype_text_out, bool_prints_t_f)
{
    cr_expect_str_eq(OUT(vint(1), PGTYPE_BOOL), "t");
    cr_expect_str_eq(OUT(vint(0), PGTYPE_BOOL), "f");
}

Test(pgtype_text_out, integers)
{
    cr_expect_str_eq(OUT(vint(-32768), PGTYPE_INT2), "-32768");
    cr_expect_str_eq(OUT(vint(INT64_MIN), PGTYPE_INT8), "-9223372036854775808");
    cr_expect_str_eq(OUT(vint(INT64_MAX), PGTYPE_INT8), "9223372036854775807");
    cr_expect_str_eq(OUT(vint(0), PGTYPE_INT4), "0");
    cr_expect_str_eq(OUT(vint(-1), PGTYPE_INT4), "-1");
    cr_expect_str_eq(OUT(vint(1000000007), PGTYPE_INT4), "1000000007");
}

Test(pgtype_text_out, float8_shortest_round_trip)
{
    cr_expect_str_eq(OUT(vdbl(0.1), PGTYPE_FLOAT8), "0.1");
    cr_expect_str_eq(OUT(vdbl(1e15), PGTYPE_FLOAT8), "1e+15");
    cr_expect_str_eq(OUT(vdbl(1e14), PGTYPE_FLOAT8), "100000000000000");
    cr_expect_str_eq(OUT(vdbl(1e-5), PGTYPE_FLOAT8), "1e-05");
    cr_expect_str_eq(OUT(vdbl(0.0001), PGTYPE_FLOAT8), "0.0001");
    cr_expect_str_eq(OUT(vdbl(123456789012345678.0), PGTYPE_FLOAT8), "1.2345678901234568e+17");
    cr_expect_str_eq(OUT(vdbl(-0.0), PGTYPE_FLOAT8), "-0");
    cr_expect_str_eq(OUT(vdbl(1.0 / 3), PGTYPE_FLOAT8), "0.3333333333333333");
    cr_expect_str_eq(OUT(vdbl(INFINITY), PGTYPE_FLOAT8), "Infinity");
    cr_expect_str_eq(OUT(vdbl(-INFINITY), PGTYPE_FLOAT8), "-Infinity");
    cr_expect_str_eq(OUT(vtxt("NaN"), PGTYPE_FLOAT8), "NaN");
    cr_expect_str_eq(OUT(vint(3), PGTYPE_FLOAT8), "3");
}

Test(pgtype_text_out, float4_uses_float_precision)
{
    cr_expect_str_eq(OUT(vdbl((float)0.1), PGTYPE_FLOAT4), "0.1");
    cr_expect_str_eq(OUT(vdbl(1e6), PGTYPE_FLOAT4), "1e+06");
    cr_expect_str_eq(OUT(vdbl(100000), PGTYPE_FLOAT4), "100000");
    cr_expect_str_eq(OUT(vdbl((float)1.5e-5), PGTYPE_FLOAT4), "1.5e-05");
}

Test(pgtype_text_out, float_extra_digits_zero_uses_printf_g)
{
    pgtype_value_t v = vdbl(0.1 + 0.2);
    pgtype_session_t s;
    pgtype_session_init(&s);
    lg_buf_t b;
    lg_buf_init(&b, 100);
    s.extra_float_digits = 1;
    cr_assert_eq(pgtype_text_out(&v, PGTYPE_FLOAT8, -1, &s, &b), 0);
    cr_expect_str_eq(cstr_of(&b), "0.30000000000000004");
    lg_buf_reset(&b);
    s.extra_float_digits = 0;
    cr_assert_eq(pgtype_text_out(&v, PGTYPE_FLOAT8, -1, &s, &b), 0);
    cr_expect_str_eq(cstr_of(&b), "0.3");
    lg_buf_deinit(&b);
}

Test(pgtype_text_out, numeric_keeps_scale_without_float_noise)
{
    int32_t tm = pgtype_typmod_numeric(10, 2);
    cr_expect_str_eq(out_with(vint(3), PGTYPE_NUMERIC, tm, "UTC"), "3.00");
    cr_expect_str_eq(out_with(vdbl(0.1 + 0.2), PGTYPE_NUMERIC, tm, "UTC"), "0.30");
    cr_expect_str_eq(out_with(vdbl(2.675), PGTYPE_NUMERIC, tm, "UTC"), "2.68");
    cr_expect_str_eq(out_with(vdbl(-1.005), PGTYPE_NUMERIC, tm, "UTC"), "-1.01");
    cr_expect_str_eq(OUT(vdbl(19.99 * 3), PGTYPE_NUMERIC), "59.97");
    cr_expect_str_eq(OUT(vdbl(1e20), PGTYPE_NUMERIC), "100000000000000000000");
    cr_expect_str_eq(OUT(vdbl(1.5e-7), PGTYPE_NUMERIC), "0.00000015");
    cr_expect_str_eq(OUT(vtxt("123456789012345678901234.5"), PGTYPE_NUMERIC),
                     "123456789012345678901234.5");
    cr_expect_str_eq(out_with(vtxt("0.5"), PGTYPE_NUMERIC, pgtype_typmod_numeric(5, 0), "UTC"),
                     "1");
    cr_expect_str_eq(OUT(vtxt("NaN"), PGTYPE_NUMERIC), "NaN");
}

Test(pgtype_text_out, bytea_hex)
{
    cr_expect_str_eq(OUT(vblob("\x01\xab\xff", 3), PGTYPE_BYTEA), "\\x01abff");
    cr_expect_str_eq(OUT(vblob("", 0), PGTYPE_BYTEA), "\\x");
}

Test(pgtype_text_out, uuid_from_text_and_blob)
{
    cr_expect_str_eq(OUT(vtxt("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), PGTYPE_UUID),
                     "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    const uint8_t raw[16] = {0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8,
                             0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11};
    cr_expect_str_eq(OUT(vblob(raw, 16), PGTYPE_UUID), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
}

Test(pgtype_text_out, timestamptz_in_session_zone)
{
    pgtype_value_t v = vtxt("2026-01-02 03:04:05.5+00");
    cr_expect_str_eq(out_with(v, PGTYPE_TIMESTAMPTZ, -1, "UTC"), "2026-01-02 03:04:05.5+00");
    cr_expect_str_eq(out_with(v, PGTYPE_TIMESTAMPTZ, -1, "Europe/Berlin"),
                     "2026-01-02 04:04:05.5+01");
    cr_expect_str_eq(
        out_with(vtxt("2026-07-02 03:04:05+00"), PGTYPE_TIMESTAMPTZ, -1, "Europe/Berlin"),
        "2026-07-02 05:04:05+02");
    cr_expect_str_eq(
        out_with(vtxt("2026-01-02 03:04:05+00"), PGTYPE_TIMESTAMPTZ, -1, "Asia/Kolkata"),
        "2026-01-02 08:34:05+05:30");
    cr_expect_str_eq(
        out_with(vtxt("1850-01-01 00:00:00+00"), PGTYPE_TIMESTAMPTZ, -1, "Asia/Kolkata"),
        "1850-01-01 05:53:28+05:53:28");
    cr_expect_str_eq(
        out_with(vtxt("2026-01-02 03:04:05+00"), PGTYPE_TIMESTAMPTZ, -1, "america/new_york"),
        "2026-01-01 22:04:05-05");
    cr_expect_str_eq(out_with(vtxt("infinity"), PGTYPE_TIMESTAMPTZ, -1, "UTC"), "infinity");
}

Test(pgtype_text_out, timezone_rules_past_the_table)
{
    /* 2100 is past the transitions in the file: the POSIX footer rule applies */
    cr_expect_str_eq(
        out_with(vtxt("2100-07-01 12:00:00+00"), PGTYPE_TIMESTAMPTZ, -1, "America/New_York"),
        "2100-07-01 08:00:00-04");
    cr_expect_str_eq(
        out_with(vtxt("2100-01-01 12:00:00+00"), PGTYPE_TIMESTAMPTZ, -1, "Australia/Sydney"),
        "2100-01-01 23:00:00+11");
}

Test(pgtype_text_out, date_time_timestamp_interval)
{
    cr_expect_str_eq(OUT(vtxt("2026-01-02"), PGTYPE_DATE), "2026-01-02");
    cr_expect_str_eq(OUT(vtxt("0001-01-01 BC"), PGTYPE_DATE), "0001-01-01 BC");
    cr_expect_str_eq(OUT(vtxt("04:05:06.25"), PGTYPE_TIME), "04:05:06.25");
    cr_expect_str_eq(OUT(vtxt("2026-01-02 03:04:05"), PGTYPE_TIMESTAMP), "2026-01-02 03:04:05");
    cr_expect_str_eq(OUT(vtxt("1 year 2 mons 3 days 04:05:06.5"), PGTYPE_INTERVAL),
                     "1 year 2 mons 3 days 04:05:06.5");
    cr_expect_str_eq(OUT(vtxt("-1 days +02:03:00"), PGTYPE_INTERVAL), "-1 days +02:03:00");
}

Test(pgtype_text_out, arrays_with_postgres_quoting)
{
    cr_expect_str_eq(OUT(vtxt("[1,2,3]"), PGTYPE_INT4_ARRAY), "{1,2,3}");
    cr_expect_str_eq(OUT(vtxt("[\"a b\",null,\"x\\\"y\",\"\",\"NULL\",\"p\"]"), PGTYPE_TEXT_ARRAY),
                     "{\"a b\",NULL,\"x\\\"y\",\"\",\"NULL\",p}");
    cr_expect_str_eq(OUT(vtxt("[true,false]"), PGTYPE_BOOL_ARRAY), "{t,f}");
    cr_expect_str_eq(OUT(vtxt("[[1,2],[3,4]]"), PGTYPE_INT4_ARRAY), "{{1,2},{3,4}}");
    cr_expect_str_eq(OUT(vtxt("[]"), PGTYPE_INT4_ARRAY), "{}");
    cr_expect_str_eq(OUT(vtxt("[1.5,\"NaN\"]"), PGTYPE_FLOAT8_ARRAY), "{1.5,NaN}");
    cr_expect_str_eq(OUT(vtxt("[\"2026-01-02 03:04:05+00\"]"), PGTYPE_TIMESTAMPTZ_ARRAY),
                     "{\"2026-01-02 03:04:05+00\"}");
}

Test(pgtype_text_out, null_is_not_printed)
{
    pgtype_value_t v = {.storage = PGTYPE_ST_NULL};
    lg_buf_t b;
    lg_buf_init(&b, 10);
    cr_expect_neq(pgtype_text_out(&v, PGTYPE_INT4, -1, NULL, &b), 0);
    lg_buf_deinit(&b);
}
