/* test_pgtype_binary.c - binary format against byte literals taken from PostgreSQL 15's
 * *_send functions, and decoding back into storage form. */
#include "pgtype_binary.h"
#include "types_harness.h"
#include <criterion/criterion.h>

static char g_hex[4096];

static const char *enc(pgtype_value_t v, uint32_t oid, int32_t typmod)
{
    lg_buf_t b;
    lg_buf_init(&b, 1 << 16);
    int rc = pgtype_binary_out(&v, oid, typmod, &b);
    if (rc != 0) {
        snprintf(g_hex, sizeof(g_hex), "<rc %d>", rc);
    } else {
        int k = snprintf(g_hex, sizeof(g_hex), "\\x");
        for (size_t i = 0; i < b.len; i++)
            k += snprintf(g_hex + k, sizeof(g_hex) - (size_t)k, "%02x", b.data[i]);
    }
    lg_buf_deinit(&b);
    return g_hex;
}

/* Decodes "\x..." hex bytes of type oid; result like the text harness ("I:", "T:", ...). */
static const char *dec(const char *hex, uint32_t oid, int32_t typmod)
{
    uint8_t raw[1024];
    size_t n = 0;
    for (const char *p = hex + 2; p[0] && p[1] && n < sizeof(raw); p += 2) {
        unsigned x;
        sscanf(p, "%2x", &x);
        raw[n++] = (uint8_t)x;
    }
    lg_buf_t scratch;
    lg_buf_init(&scratch, 1 << 16);
    lg_pgerr_t err;
    pgtype_value_t v;
    int rc = pgtype_binary_in(raw, n, oid, typmod, &v, &scratch, &err);
    if (rc != 0)
        snprintf(g_out, sizeof(g_out), "E:%s %s", err.sqlstate, err.message);
    else if (v.storage == PGTYPE_ST_INT)
        snprintf(g_out, sizeof(g_out), "I:%lld", (long long)v.i);
    else if (v.storage == PGTYPE_ST_FLOAT)
        snprintf(g_out, sizeof(g_out), "F:%.17g", v.d);
    else
        snprintf(g_out, sizeof(g_out), "%c:%.*s", v.storage == PGTYPE_ST_TEXT ? 'T' : 'B', (int)v.n,
                 (const char *)v.p);
    lg_buf_deinit(&scratch);
    return g_out;
}

TestSuite(pgtype_binary);

Test(pgtype_binary, integers_bool_floats)
{
    cr_expect_str_eq(enc(vint(1), PGTYPE_INT4, -1), "\\x00000001");
    cr_expect_str_eq(enc(vint(-2), PGTYPE_INT2, -1), "\\xfffe");
    cr_expect_str_eq(enc(vint(1), PGTYPE_INT8, -1), "\\x0000000000000001");
    cr_expect_str_eq(enc(vint(1), PGTYPE_BOOL, -1), "\\x01");
    cr_expect_str_eq(enc(vdbl(1.5), PGTYPE_FLOAT8, -1), "\\x3ff8000000000000");
    cr_expect_str_eq(enc(vdbl(1.5), PGTYPE_FLOAT4, -1), "\\x3fc00000");
    cr_expect_str_eq(dec("\\xffffffff", PGTYPE_INT4, -1), "I:-1");
    cr_expect_str_eq(dec("\\x3ff8000000000000", PGTYPE_FLOAT8, -1), "F:1.5");
    cr_expect_str_eq(dec("\\x01", PGTYPE_BOOL, -1), "I:1");
    cr_expect_str_eq(dec("\\x000001", PGTYPE_INT4, -1), "E:22P03 incorrect binary data format");
}

Test(pgtype_binary, numeric_base_10000)
{
    cr_expect_str_eq(enc(vdbl(123.45), PGTYPE_NUMERIC, -1), "\\x0002000000000002007b1194");
    cr_expect_str_eq(enc(vdbl(-0.0012), PGTYPE_NUMERIC, -1), "\\x0001ffff40000004000c");
    cr_expect_str_eq(enc(vdbl(1e20), PGTYPE_NUMERIC, -1), "\\x00010005000000000001");
    cr_expect_str_eq(enc(vint(0), PGTYPE_NUMERIC, pgtype_typmod_numeric(5, 2)),
                     "\\x0000000000000002");
    cr_expect_str_eq(enc(vtxt("NaN"), PGTYPE_NUMERIC, -1), "\\x00000000c0000000");
    cr_expect_str_eq(enc(vint(10000), PGTYPE_NUMERIC, -1), "\\x00010001000000000001");
    cr_expect_str_eq(dec("\\x0002000000000002007b1194", PGTYPE_NUMERIC, -1), "F:123.45");
    cr_expect_str_eq(dec("\\x0001ffff40000004000c", PGTYPE_NUMERIC, -1),
                     "F:-0.0011999999999999999");
    cr_expect_str_eq(dec("\\x00010005000000000001", PGTYPE_NUMERIC, -1), "F:1e+20");
    cr_expect_str_eq(dec("\\x00010001000000000001", PGTYPE_NUMERIC, -1), "I:10000");
    cr_expect_str_eq(dec("\\x00000000c0000000", PGTYPE_NUMERIC, -1), "T:NaN");
}

Test(pgtype_binary, datetimes)
{
    cr_expect_str_eq(enc(vtxt("2026-01-02"), PGTYPE_DATE, -1), "\\x0000251a");
    cr_expect_str_eq(enc(vtxt("2026-01-02 03:04:05.5+00"), PGTYPE_TIMESTAMPTZ, -1),
                     "\\x0002ea5dbb1cb460");
    cr_expect_str_eq(enc(vtxt("1 year 2 mons 3 days 04:05:06.5"), PGTYPE_INTERVAL, -1),
                     "\\x000000036c9361a0000000030000000e");
    cr_expect_str_eq(enc(vtxt("04:05:06.5"), PGTYPE_TIME, -1), "\\x000000036c9361a0");
    cr_expect_str_eq(enc(vtxt("not a date"), PGTYPE_DATE, -1), "<rc -3>");
    cr_expect_str_eq(dec("\\x0000251a", PGTYPE_DATE, -1), "T:2026-01-02");
    cr_expect_str_eq(dec("\\x0002ea5dbb1cb460", PGTYPE_TIMESTAMPTZ, -1),
                     "T:2026-01-02 03:04:05.5+00");
    cr_expect_str_eq(dec("\\x0002ea5dbb1cb460", PGTYPE_TIMESTAMP, -1), "T:2026-01-02 03:04:05.5");
    cr_expect_str_eq(dec("\\x000000036c9361a0000000030000000e", PGTYPE_INTERVAL, -1),
                     "T:1 year 2 mons 3 days 04:05:06.5");
    cr_expect_str_eq(dec("\\x7fffffffffffffff", PGTYPE_TIMESTAMP, -1), "T:infinity");
}

Test(pgtype_binary, uuid_text_bytea_jsonb)
{
    cr_expect_str_eq(enc(vtxt("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), PGTYPE_UUID, -1),
                     "\\xa0eebc999c0b4ef8bb6d6bb9bd380a11");
    cr_expect_str_eq(dec("\\xa0eebc999c0b4ef8bb6d6bb9bd380a11", PGTYPE_UUID, -1),
                     "T:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    cr_expect_str_eq(enc(vtxt("{\"a\": 1}"), PGTYPE_JSONB, -1), "\\x017b2261223a20317d");
    cr_expect_str_eq(dec("\\x017b2261223a317d", PGTYPE_JSONB, -1), "T:{\"a\": 1}");
    cr_expect_str_eq(dec("\\x027b7d", PGTYPE_JSONB, -1),
                     "E:22P03 unsupported jsonb version number 2");
    cr_expect_str_eq(enc(vtxt("hi"), PGTYPE_TEXT, -1), "\\x6869");
    cr_expect_str_eq(enc(vblob("\x00\xff", 2), PGTYPE_BYTEA, -1), "\\x00ff");
    cr_expect_str_eq(dec("\\x6869", PGTYPE_VARCHAR, -1), "T:hi");
}

Test(pgtype_binary, one_dimensional_arrays)
{
    cr_expect_str_eq(
        enc(vtxt("[1,null,3]"), PGTYPE_INT4_ARRAY, -1),
        "\\x00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003");
    cr_expect_str_eq(enc(vtxt("[]"), PGTYPE_INT4_ARRAY, -1), "\\x000000000000000000000017");
    cr_expect_str_eq(enc(vtxt("[\"a\",\"b c\"]"), PGTYPE_TEXT_ARRAY, -1),
                     "\\x0000000100000000000000190000000200000001000000016100000003622063");
    cr_expect_str_eq(
        dec("\\x00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003",
            PGTYPE_INT4_ARRAY, -1),
        "T:[1,null,3]");
    cr_expect_str_eq(dec("\\x000000000000000000000017", PGTYPE_INT4_ARRAY, -1), "T:[]");
    cr_expect_str_eq(dec("\\x0000000100000000000000190000000200000001000000016100000003622063",
                         PGTYPE_TEXT_ARRAY, -1),
                     "T:[\"a\",\"b c\"]");
    cr_expect_str_eq(
        dec("\\x00000001000000000000001700000002000000010000000400000001", PGTYPE_INT4_ARRAY, -1),
        "E:22P03 incorrect binary data format");
}

/* Bytes from PostgreSQL 15's array_send; psycopg sends and reads lists of lists this way. */
Test(pgtype_binary, multidimensional_arrays)
{
    const char *k_2x2 = "\\x00000002000000010000001700000002000000010000000200000001000000040000"
                        "000100000004000000020000000400000003ffffffff";
    const char *k_text = "\\x0000000300000000000000190000000200000001000000010000000100000001"
                         "0000000100000001610000000162";
    cr_expect_str_eq(enc(vtxt("[[1,2],[3,null]]"), PGTYPE_INT4_ARRAY, -1), k_2x2);
    cr_expect_str_eq(enc(vtxt("[[[\"a\"]],[[\"b\"]]]"), PGTYPE_TEXT_ARRAY, -1), k_text);
    cr_expect_str_eq(dec(k_2x2, PGTYPE_INT4_ARRAY, -1), "T:[[1,2],[3,null]]");
    cr_expect_str_eq(dec(k_text, PGTYPE_TEXT_ARRAY, -1), "T:[[[\"a\"]],[[\"b\"]]]");
    cr_expect_str_eq(enc(vtxt("[[1,2],[3]]"), PGTYPE_INT4_ARRAY, -1), "<rc -3>", "ragged");
    cr_expect_str_eq(
        dec("\\x000000010000000000000017000000020000000000000004000000010000000400000002",
            PGTYPE_INT4_ARRAY, -1),
        "E:0A000 arrays whose lower bound is not 1 are not supported");
    cr_expect_str_eq(dec("\\x0000000200000000000000170000000200000001000000020000000100000004"
                         "00000001",
                         PGTYPE_INT4_ARRAY, -1),
                     "E:22P03 incorrect binary data format", "fewer elements than dimensions");
}

/* timetz_send: int64 usec of the day, int32 offset in seconds west of UTC. */
Test(pgtype_binary, timetz)
{
    cr_expect_str_eq(enc(vtxt("12:30:00-03"), PGTYPE_TIMETZ, -1), "\\x0000000a7a35820000002a30");
    cr_expect_str_eq(enc(vtxt("00:00:00+05:30"), PGTYPE_TIMETZ, -1), "\\x0000000000000000ffffb2a8");
    cr_expect_str_eq(dec("\\x00000000dde878c400000000", PGTYPE_TIMETZ, -1), "T:01:02:03.000004+00");
    cr_expect_str_eq(dec("\\x0000000a7a35820000002a30", PGTYPE_TIMETZ, -1), "T:12:30:00-03");
    cr_expect_str_eq(dec("\\x0000000a7a3582000000e100", PGTYPE_TIMETZ, -1),
                     "E:22009 time zone displacement out of range");
    cr_expect_str_eq(dec("\\x0000001a7a35820000000000", PGTYPE_TIMETZ, -1),
                     "E:22008 time out of range");
}

/* Bytes from PostgreSQL 15's array_send('{{1,2},{3,NULL}}'::int4[]) and ('{{a},{b}}'::text[]). */
Test(pgtype_binary, multi_dimensional_arrays)
{
    cr_expect_str_eq(enc(vtxt("[[1,2],[3,null]]"), PGTYPE_INT4_ARRAY, -1),
                     "\\x0000000200000001000000170000000200000001000000020000000100000004"
                     "0000000100000004000000020000000400000003ffffffff");
    cr_expect_str_eq(enc(vtxt("[[\"a\"],[\"b\"]]"), PGTYPE_TEXT_ARRAY, -1),
                     "\\x0000000200000000000000190000000200000001000000010000000100000001"
                     "610000000162");
    /* not rectangular: no binary form (and no half-written value) */
    cr_expect_str_eq(enc(vtxt("[[1,2],[3]]"), PGTYPE_INT4_ARRAY, -1), "<rc -3>");
}

Test(pgtype_binary, multi_dimensional_arrays_in)
{
    cr_expect_str_eq(dec("\\x0000000200000001000000170000000200000001000000020000000100000004"
                         "0000000100000004000000020000000400000003ffffffff",
                         PGTYPE_INT4_ARRAY, -1),
                     "T:[[1,2],[3,null]]");
    cr_expect_str_eq(dec("\\x0000000200000000000000190000000200000001000000010000000100000001"
                         "610000000162",
                         PGTYPE_TEXT_ARRAY, -1),
                     "T:[[\"a\"],[\"b\"]]");
    /* a 2x2 header with three elements */
    cr_expect_str_eq(dec("\\x0000000200000000000000170000000200000001000000020000000100000004"
                         "000000010000000400000002000000040000000300",
                         PGTYPE_INT4_ARRAY, -1),
                     "E:22P03 incorrect binary data format");
}
