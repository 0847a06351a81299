/* test_sqlfn_ops.c - operators and renamed functions the translator emits: lg_nz,
 * lg_numeric_div/mod, lg_dt_op, lg_greatest/least, lg_json_text, lg_json_path, lg_substring,
 * ordered aggregates, generate_series' columns, settings and the other contract names. */
#include "sqlfn_harness.h"

TestSuite(ops, .init = harness_open, .fini = harness_close);

Test(ops, division)
{
    EXPECT("SELECT 7 / lg_nz(2)", "3");
    EXPECT("SELECT 7 / lg_nz(0)", "ERR 22012:division by zero");
    EXPECT("SELECT 7 % lg_nz(0.0)", "ERR 22012:division by zero");
    EXPECT("SELECT lg_numeric_div(10, 4)", "2.5");
    /* quotients are numbers, never text: they must compare and sort as numbers */
    EXPECT("SELECT lg_numeric_div(1, 3)", "0.333333333333333");
    EXPECT("SELECT typeof(lg_numeric_div(2, 3))", "real");
    EXPECT("SELECT lg_numeric_div(2, 3) > 0.5 AND lg_numeric_div(1, 30) < 0.5", "1");
    EXPECT("SELECT lg_numeric_div(100, 7)", "14.2857142857143");
    EXPECT("SELECT lg_numeric_div(-7, 2)", "-3.5");
    EXPECT("SELECT lg_numeric_div(0.3, 0.1)", "3");
    EXPECT("SELECT lg_numeric_div(1, 0)", "ERR 22012:division by zero");
    EXPECT("SELECT lg_numeric_mod(10.5, 3)", "1.5");
    EXPECT("SELECT lg_numeric_mod(-7, 2)", "-1");
    EXPECT("SELECT lg_numeric_mod(0.3, 0.1)", "0");
    EXPECT("SELECT lg_numeric_mod(1, 0)", "ERR 22012:division by zero");
    EXPECT("SELECT lg_div(7, 2)", "3");
    EXPECT("SELECT lg_bit_xor(5, 3)", "6");
}

Test(ops, datetime_arithmetic)
{
    EXPECT("SELECT lg_dt_op('+', '2024-01-31', 1082, 1, 23)", "2024-02-01");
    EXPECT("SELECT lg_dt_op('+', 1, 23, '2024-01-31', 1082)", "2024-02-01");
    EXPECT("SELECT lg_dt_op('-', '2024-03-01', 1082, '2024-01-01', 1082)", "60");
    EXPECT("SELECT lg_dt_op('+', '2024-01-31', 1082, '1 month', 1186)", "2024-02-29 00:00:00");
    EXPECT("SELECT lg_dt_op('-', '2024-01-02 00:00:00', 1114, '2024-01-01 10:00:00', 1114)",
           "14:00:00");
    EXPECT("SELECT lg_dt_op('+', '2024-01-01 10:00:00+00', 1184, '1 day 2 hours', 1186)",
           "2024-01-02 12:00:00+00");
    EXPECT("SELECT lg_dt_op('-', '3 days', 1186, '1 day', 1186)", "2 days");
    EXPECT("SELECT lg_dt_op('*', '1 hour', 1186, 2.5, 701)", "02:30:00");
    EXPECT("SELECT lg_dt_op('/', '1 day', 1186, 0, 23)", "ERR 22012:division by zero");
    EXPECT("SELECT lg_dt_op('+', '10:00:00', 1083, '3 hours', 1186)", "13:00:00");
    EXPECT("SELECT lg_dt_op('+', NULL, 1082, 1, 23) IS NULL", "1");
    EXPECT("SELECT lg_extract('year', '2024-05-01')", "2024");
    EXPECT("SELECT length(lg_current_date()) || length(lg_localtimestamp()) > 0", "1");
    EXPECT("SELECT lg_current_time() LIKE '%:%:%+00'", "1");
    EXPECT("SELECT lg_localtime() NOT LIKE '%+%'", "1");
}

Test(ops, greatest_least_json)
{
    EXPECT("SELECT lg_greatest(1, NULL, 3, 2)", "3");
    EXPECT("SELECT lg_least(NULL, 'b', 'a')", "a");
    EXPECT("SELECT lg_greatest(NULL, NULL) IS NULL", "1");
    EXPECT("SELECT lg_least(2.5, 3)", "2.5");
    EXPECT("SELECT lg_json_text('{\"a\":\"x\"}' -> 'a')", "x");
    EXPECT("SELECT lg_json_text('{\"a\":1.50}' -> 'a')", "1.50");
    EXPECT("SELECT lg_json_text('{\"a\":true}' -> 'a')", "true");
    EXPECT("SELECT lg_json_text('{\"a\":null}' -> 'a') IS NULL", "1");
    EXPECT("SELECT lg_json_text('{\"a\":\"\\u00e9\"}' -> 'a')", "é");
    EXPECT("SELECT lg_json_path('[\"a\",\"2\",\"b c\"]')", "$.\"a\"[2].\"b c\"");
    EXPECT("SELECT '{\"a\":[0,1,{\"b c\":5}]}' -> lg_json_path('[\"a\",\"2\",\"b c\"]')", "5");
    EXPECT("SELECT '{\"a\":[0,1,2]}' -> lg_json_path('{a,-1}')", "2");
    EXPECT("SELECT lg_to_json_value('a')", "\"a\"");
}

Test(ops, strings)
{
    EXPECT("SELECT lg_substring('hello', 0, 3)", "he");
    EXPECT("SELECT lg_substring('hello', 2)", "ello");
    EXPECT("SELECT lg_substring('hello', -5, 2)", "");
    EXPECT("SELECT lg_substring('héllo', 2, 2)", "él");
    EXPECT("SELECT lg_substring('hello', 1, -1)", "ERR 22011:negative substring length not allowed");
    EXPECT("SELECT lg_regex_substring('foobar', 'o(b.)')", "ba");
    EXPECT("SELECT lg_regex_substring('foobar', 'o+')", "oo");
    EXPECT("SELECT lg_regex_substring('foobar', 'z') IS NULL", "1");
    EXPECT("SELECT lg_octet_length('hé')", "3");
}

Test(ops, ordered_aggregates)
{
    q("CREATE TABLE t(v TEXT, k INTEGER)");
    q("INSERT INTO t VALUES ('a', 2), ('b', NULL), ('c', 1), (NULL, 3)");
    EXPECT("SELECT lg_string_agg_ord(v, ',', k, 0) FROM t", "c,a,b");
    EXPECT("SELECT lg_string_agg_ord(v, ',', k, 1) FROM t", "a,c,b"); /* DESC NULLS LAST */
    EXPECT("SELECT lg_string_agg_ord(v, '-', k, 3) FROM t", "b-a-c");
    EXPECT("SELECT lg_array_agg_ord(v, k, 0) FROM t", "[\"c\",\"a\",null,\"b\"]");
    EXPECT("SELECT lg_json_agg_ord(k, v, 1) FROM t", "[1, null, 2, 3]"); /* json_agg spacing */
    EXPECT("SELECT lg_json_agg_ord(k, v, 3) FROM t", "[3, 1, null, 2]"); /* DESC NULLS FIRST */
    EXPECT("SELECT lg_string_agg_ord(v, ',', k, 0) IS NULL FROM t WHERE 0", "1");
}

Test(ops, distinct_ordered_aggregates)
{
    q("CREATE TABLE d(v TEXT)");
    q("INSERT INTO d VALUES ('b'), ('a'), ('b'), (NULL), ('a'), (NULL)");
    EXPECT("SELECT lg_string_agg_ord_d(v, ',', v, 0) FROM d", "a,b");
    EXPECT("SELECT lg_array_agg_ord_d(v, v, 1) FROM d", "[\"b\",\"a\",null]");
    EXPECT("SELECT lg_json_agg_ord_d(v, v, 2) FROM d", "[null, \"a\", \"b\"]");
    EXPECT("SELECT lg_array_agg_ord(v, v, 0) FROM d", "[\"a\",\"a\",\"b\",\"b\",null,null]");
}

Test(ops, generate_series_columns)
{
    EXPECT("SELECT group_concat(value) FROM generate_series(1, 5, 2)", "1,3,5");
    EXPECT("SELECT group_concat(g.value) FROM generate_series(3, 1, -1) AS g", "3,2,1");
    EXPECT("SELECT sum(generate_series) FROM generate_series(1, 4)", "10");
    EXPECT("SELECT count(*) FROM (SELECT * FROM generate_series(1, 3))", "3");
    EXPECT("SELECT group_concat(value, '|') FROM generate_series('2024-01-01 00:00:00', "
           "'2024-01-01 02:00:00', '1 hour')",
           "2024-01-01 00:00:00|2024-01-01 01:00:00|2024-01-01 02:00:00");
    EXPECT("SELECT group_concat(value, '|') FROM generate_series('2024-01-31', '2024-03-31', "
           "'1 month')",
           "2024-01-31 00:00:00+00|2024-02-29 00:00:00+00|2024-03-29 00:00:00+00");
    EXPECT("SELECT count(*) FROM generate_series('2024-01-01', '2024-01-02', '0 days')",
           "ERR 22023:step size cannot equal zero");
}

Test(ops, settings_and_misc)
{
    EXPECT("SELECT current_setting('TimeZone')", "UTC");
    EXPECT("SELECT current_setting('nope')",
           "ERR 42704:unrecognized configuration parameter \"nope\"");
    EXPECT("SELECT current_setting('nope', 1) IS NULL", "1");
    EXPECT("SELECT set_config('app.user', '42', 0)", "42");
    EXPECT("SELECT current_setting('app.user')", "42");
    EXPECT("SELECT set_config('TimeZone', 'Asia/Tokyo', 0)", "Asia/Tokyo");
    EXPECT("SELECT lg_to_text('2024-01-01 00:00:00+00', 1184)", "2024-01-01 09:00:00+09");
    EXPECT("SELECT pg_backend_pid() > 0", "1");
    EXPECT("SELECT timeofday() LIKE '% UTC'", "1");
    EXPECT("SELECT pg_sleep(0) IS NULL", "1");
    EXPECT("SELECT pg_notify('c', 'x') IS NULL", "1");
    EXPECT("SELECT lg_random() >= 0 AND lg_random() < 1", "1");
    EXPECT("SELECT lg_array_append('[1]', 2) || lg_array_prepend(0, '[1]') || "
           "lg_array_cat('[1]', '[2]')",
           "[1,2][0,1][1,2]");
}

Test(ops, exact_sum_avg)
{
    q("CREATE TABLE n(x NUMERIC)");
    q("INSERT INTO n VALUES (0.1), (0.2), (NULL)");
    EXPECT("SELECT sum(x) FROM n", "0.3");
    EXPECT("SELECT avg(x) FROM n", "0.15");
    EXPECT("SELECT sum(x) IS NULL FROM n WHERE x > 5", "1");
    EXPECT("SELECT typeof(sum(v)) || sum(v) FROM (SELECT 1 v UNION ALL SELECT 2)", "integer3");
    EXPECT("SELECT sum(v) FROM (SELECT 9223372036854775807 v UNION ALL SELECT 10)",
           "9223372036854775817");
    EXPECT("SELECT group_concat(s, '|') FROM (SELECT sum(x) OVER (ORDER BY x ROWS BETWEEN 1 "
           "PRECEDING AND CURRENT ROW) s FROM (SELECT 0.1 x UNION ALL SELECT 0.2 UNION ALL "
           "SELECT 0.7))",
           "0.1|0.3|0.9");
    EXPECT("SELECT avg(v) FROM (SELECT 1 v UNION ALL SELECT 2)", "1.5");
}

Test(ops, jsonb_paths_and_misc_functions)
{
    EXPECT("SELECT jsonb_set('{\"a\":1,\"b\":[1,2]}', '{b,1}', '\"x\"')",
           "{\"a\": 1, \"b\": [1, \"x\"]}");
    EXPECT("SELECT jsonb_set('{\"a\":1}', '{zz}', '[true]')", "{\"a\": 1, \"zz\": [true]}");
    EXPECT("SELECT jsonb_set('{\"a\":1}', '{zz}', '5', 0)", "{\"a\": 1}");
    EXPECT("SELECT jsonb_set('{\"a\":[1]}', '{a,x}', '5')",
           "ERR 22P02:path element is not an integer");
    EXPECT("SELECT jsonb_insert('{\"a\":[1,2]}', '{a,0}', '0')", "{\"a\": [0, 1, 2]}");
    EXPECT("SELECT jsonb_insert('{\"a\":[1,2]}', '{a,-1}', '9', 1)", "{\"a\": [1, 2, 9]}");
    EXPECT("SELECT jsonb_insert('{\"a\":1}', '{a}', '2')", "ERR 22023:cannot replace existing key");
    EXPECT("SELECT lg_jsonb_delete_path('{\"a\":{\"b\":1,\"c\":2}}', '[\"a\",\"b\"]')",
           "{\"a\": {\"c\": 2}}");
    EXPECT("SELECT make_interval(1, 2, 1, 3, 4, 5, 6.5)", "1 year 2 mons 10 days 04:05:06.5");
    EXPECT("SELECT make_interval(0, 0, 0, 2)", "2 days");
    EXPECT("SELECT to_number('12,454.8-', '99G999D9S')", "-12454.8");
    EXPECT("SELECT to_number('1,234', '9G999')", "1234");
}
