/* test_sqlfn_conv.c - the lg_to_<type> converters: PostgreSQL text input, idempotence on
 * storage values, and PostgreSQL's error codes and messages. */
#include "sqlfn_datetime.h"
#include "sqlfn_harness.h"

TestSuite(conv, .init = harness_open, .fini = harness_close);

Test(conv, integers)
{
    EXPECT("SELECT lg_to_int4(' 42 ')", "42");
    EXPECT("SELECT lg_to_int4(42)", "42");
    EXPECT("SELECT lg_to_int4(2.5)", "3");
    EXPECT("SELECT lg_to_int4(-2.5)", "-3");
    EXPECT("SELECT lg_to_int8('9223372036854775807')", "9223372036854775807");
    EXPECT("SELECT lg_to_int4(NULL) IS NULL", "1");
    EXPECT("SELECT lg_to_int4('abc')", "ERR 22P02:invalid input syntax for type integer: \"abc\"");
    EXPECT("SELECT lg_to_int4('2.5')", "ERR 22P02:invalid input syntax for type integer: \"2.5\"");
    EXPECT("SELECT lg_to_int2(40000)", "ERR 22003:smallint out of range");
    EXPECT("SELECT lg_to_int4('3000000000')",
           "ERR 22003:value \"3000000000\" is out of range for type integer");
    EXPECT("SELECT lg_to_int8(1e300)", "ERR 22003:bigint out of range");
}

Test(conv, bool_float_numeric)
{
    EXPECT("SELECT lg_to_bool('yes') || lg_to_bool('off') || lg_to_bool(' t ') || lg_to_bool(1)",
           "1011");
    EXPECT("SELECT lg_to_bool('maybe')",
           "ERR 22P02:invalid input syntax for type boolean: \"maybe\"");
    EXPECT("SELECT lg_to_float8('1.5e3')", "1500.0");
    EXPECT("SELECT lg_to_float8(3)", "3.0");
    EXPECT("SELECT lg_to_float8(' nan ')", "NaN"); /* non-finite floats are stored as TEXT */
    EXPECT("SELECT lg_to_numeric('3.14159', ((10 << 16) | 2) + 4)", "3.14");
    EXPECT("SELECT lg_to_numeric(2.675, ((10 << 16) | 2) + 4)", "2.68");
    EXPECT("SELECT lg_to_numeric(12345, ((5 << 16) | 2) + 4)",
           "ERR 22003:numeric field overflow|DETAIL:A field with precision 5, scale 2 must round "
           "to an "
           "absolute value less than 10^3.");
    EXPECT("SELECT lg_to_numeric('12345678901234567890.5')", "12345678901234567890.5");
    EXPECT("SELECT lg_to_numeric('x')", "ERR 22P02:invalid input syntax for type numeric: \"x\"");
}

Test(conv, datetime)
{
    EXPECT("SELECT lg_to_date('2024-02-03')", "2024-02-03");
    EXPECT("SELECT lg_to_date('2024-02-03 23:30:00+00')", "2024-02-03");
    EXPECT("SELECT lg_to_date('2024-13-01')",
           "ERR 22008:date/time field value out of range: \"2024-13-01\"|HINT:Perhaps you need a "
           "different \"datestyle\" setting.");
    EXPECT("SELECT lg_to_date('soon')", "ERR 22007:invalid input syntax for type date: \"soon\"");
    EXPECT("SELECT lg_to_timestamp('2024-01-01 10:00:00.123456', 2)", "2024-01-01 10:00:00.12");
    EXPECT("SELECT lg_to_timestamptz('2024-01-01')", "2024-01-01 00:00:00+00");
    EXPECT("SELECT lg_to_timestamptz('2024-01-01 10:00:00+02')", "2024-01-01 08:00:00+00");
    EXPECT("SELECT lg_to_timestamptz(lg_to_timestamptz('2024-01-01 10:00:00+02'))",
           "2024-01-01 08:00:00+00");
    EXPECT("SELECT lg_to_time('2024-01-01 10:11:12')", "10:11:12");
    EXPECT("SELECT lg_to_interval('1 day 2 hours')", "1 day 02:00:00");
}

Test(conv, session_timezone)
{
    cr_assert_eq(sqlfn_datetime_set_timezone(db, "America/New_York"), 0);
    EXPECT("SELECT lg_to_timestamptz('2024-01-01 10:00:00')", "2024-01-01 15:00:00+00");
    EXPECT("SELECT lg_to_date('2024-01-02 03:00:00+00')", "2024-01-01");
    EXPECT("SELECT lg_to_timestamp('2024-01-02 03:00:00+00')", "2024-01-01 22:00:00");
    EXPECT("SELECT lg_to_text('2024-01-01 12:00:00+00', 1184)", "2024-01-01 07:00:00-05");
}

Test(conv, text_like)
{
    EXPECT("SELECT lg_to_uuid('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')",
           "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    EXPECT("SELECT lg_to_uuid('nope')", "ERR 22P02:invalid input syntax for type uuid: \"nope\"");
    EXPECT("SELECT lg_to_jsonb('{\"b\":1,\"a\":[1,2]}')", "{\"a\": [1, 2], \"b\": 1}");
    EXPECT("SELECT lg_to_json('{\"b\":1}')", "{\"b\":1}");
    EXPECT("SELECT lg_to_json('{')",
           "ERR 22P02:invalid input syntax for type json|DETAIL:The input string ended "
           "unexpectedly.");
    EXPECT("SELECT hex(lg_to_bytea('\\x0102ff'))", "0102FF");
    EXPECT("SELECT hex(lg_to_bytea(x'00'))", "00");
    EXPECT("SELECT lg_to_varchar('abcdef', 3, 1)", "abc");
    EXPECT("SELECT lg_to_varchar('abcdef', 3, 0)",
           "ERR 22001:value too long for type character varying(3)");
    EXPECT("SELECT lg_to_varchar('abc   ', 3, 0) || '|'", "abc|");
    EXPECT("SELECT lg_to_bpchar('ab', 4, 0) || '|'", "ab  |");
    EXPECT("SELECT lg_to_varchar('héllo', 2, 1)", "hé");
}

Test(conv, arrays_and_text_output)
{
    EXPECT("SELECT lg_to_array('{1,2,3}', 23)", "[1,2,3]");
    EXPECT("SELECT lg_to_array('[1,2]', 23)", "[1,2]");
    EXPECT("SELECT lg_to_array('[1:2]={5,6}', 23)", "[5,6]");
    EXPECT("SELECT lg_to_array('[2:3]={5,6}', 23)",
           "ERR 0A000:arrays with a lower bound other than 1 are not supported: \"[2:3]={5,6}\"");
    EXPECT("SELECT lg_to_array('{a,\"b c\",NULL}', 25)", "[\"a\",\"b c\",null]");
    EXPECT("SELECT lg_to_text(1, 16) || lg_to_text(0, 16)", "truefalse");
    EXPECT("SELECT lg_to_text('[1,2]', 1007)", "{1,2}");
    EXPECT("SELECT lg_to_text(0.1, 701)", "0.1");
    EXPECT("SELECT lg_to_text(NULL, 23) IS NULL", "1");
}
