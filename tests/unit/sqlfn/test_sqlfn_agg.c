/* test_sqlfn_agg.c - aggregates, JSON builders and table-valued functions; expected values
 * were taken from PostgreSQL 15. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_agg, .init = harness_open, .fini = harness_close);

#define V3 "(SELECT 'b' AS x, 2 AS n UNION ALL SELECT NULL, NULL UNION ALL SELECT 'a', 1)"

Test(sqlfn_agg, string_agg_skips_nulls_in_row_order)
{
    EXPECT("SELECT string_agg(x, ',') FROM " V3, "b,a");
    EXPECT("SELECT string_agg(x, ',') FROM (SELECT x FROM " V3 " ORDER BY x)", "a,b");
    EXPECT("SELECT string_agg(x, ',') FROM " V3 " WHERE 0", "NULL");
    EXPECT("SELECT string_agg(x, ',') FROM (SELECT '' AS x UNION ALL SELECT '')", ",");
}

Test(sqlfn_agg, bool_aggregates_ignore_nulls)
{
    EXPECT("SELECT bool_and(n > 0), bool_or(n > 1), every(n > 1) FROM " V3, "1");
    EXPECT("SELECT bool_or(n > 1) FROM " V3, "1");
    EXPECT("SELECT every(n > 1) FROM " V3, "0");
    EXPECT("SELECT bool_and(n) FROM " V3 " WHERE 0", "NULL");
}

Test(sqlfn_agg, array_agg_keeps_nulls)
{
    EXPECT("SELECT array_agg(n) FROM " V3, "[2,null,1]");
    EXPECT("SELECT array_agg(x) FROM " V3, "[\"b\",null,\"a\"]");
    EXPECT("SELECT array_agg(x) FROM " V3 " WHERE 0", "NULL");
}

Test(sqlfn_agg, json_builders_match_postgres_spacing)
{
    EXPECT("SELECT json_build_object('a', 1, 'b', 'x')", "{\"a\" : 1, \"b\" : \"x\"}");
    EXPECT("SELECT json_build_array(1, 'a', NULL)", "[1, \"a\", null]");
    EXPECT("SELECT jsonb_build_object('bb', 1, 'a', '2.50', 'c', NULL)",
           "{\"a\": \"2.50\", \"c\": null, \"bb\": 1}");
    EXPECT("SELECT json_build_object('a', json_build_object('b', 1))",
           "{\"a\" : {\"b\" : 1}}");
    EXPECT("SELECT jsonb_build_object('a', lg_json('[1,2]'))", "{\"a\": [1, 2]}");
    EXPECT("SELECT json_build_object('a')",
           "ERR 22023:argument list must have even number of elements");
    EXPECT("SELECT json_build_object(NULL, 1)", "ERR 22023:argument 1 cannot be null");
    EXPECT("SELECT jsonb_build_object('a', 1, NULL, 2)",
           "ERR 22023:argument 3: key must not be null");
    EXPECT("SELECT jsonb_object_agg(k, 1) FROM (SELECT NULL AS k)",
           "ERR 22023:field name must not be null");
    EXPECT("SELECT to_json('a\"b')", "\"a\\\"b\"");
    EXPECT("SELECT to_jsonb(1.5)", "1.5");
}

Test(sqlfn_agg, json_aggregates)
{
    EXPECT("SELECT json_agg(n) FROM " V3, "[2, null, 1]");
    EXPECT("SELECT json_object_agg(x, n) FROM " V3 " WHERE x IS NOT NULL",
           "{ \"b\" : 2, \"a\" : 1 }");
    EXPECT("SELECT jsonb_object_agg(x, n) FROM " V3 " WHERE x IS NOT NULL",
           "{\"a\": 1, \"b\": 2}");
    EXPECT("SELECT json_agg(json_build_object('n', n)) FROM " V3,
           "[{\"n\" : 2}, {\"n\" : null}, {\"n\" : 1}]");
    EXPECT("SELECT json_agg(n) FROM " V3 " WHERE 0", "NULL");
}

Test(sqlfn_agg, generate_series_integers_and_steps)
{
    EXPECT("SELECT group_concat(generate_series) FROM generate_series(1, 5)", "1,2,3,4,5");
    EXPECT("SELECT group_concat(value) FROM (SELECT generate_series AS value FROM "
           "generate_series(10, 1, -4))", "10,6,2");
    EXPECT("SELECT count(*) FROM generate_series(5, 1)", "0");
    EXPECT("SELECT group_concat(generate_series) FROM generate_series(0, 1, 0.25)",
           "0.0,0.25,0.5,0.75,1.0");
    EXPECT("SELECT count(*) FROM generate_series(1, 3, 0)",
           "ERR 22023:step size cannot equal zero");
    EXPECT("SELECT count(*) FROM generate_series(9223372036854775806, 9223372036854775807)",
           "2");
    EXPECT("SELECT count(*) FROM generate_series(1, NULL)", "0");
}

Test(sqlfn_agg, json_table_functions)
{
    EXPECT("SELECT group_concat(key || '=' || value, ';') FROM "
           "jsonb_each('{\"a\": 1, \"b\": \"x\"}')", "a=1;b=\"x\"");
    EXPECT("SELECT group_concat(key || '=' || value, ';') FROM "
           "jsonb_each_text('{\"a\": 1, \"b\": \"x\"}')", "a=1;b=x");
    EXPECT("SELECT group_concat(value, ';') FROM json_array_elements('[1, \"a\", [2]]')",
           "1;\"a\";[2]");
    EXPECT("SELECT group_concat(value, ';') FROM jsonb_array_elements_text('[1,\"a\",[2]]')",
           "1;a;[2]");
    EXPECT("SELECT count(value) FROM json_array_elements_text('[null, 1]')", "1");
    EXPECT("SELECT group_concat(jsonb_object_keys) FROM jsonb_object_keys('{\"a\":1,\"b\":2}')",
           "a,b");
    EXPECT("SELECT count(*) FROM jsonb_each('[1]')",
           "ERR 22023:cannot call jsonb_each on an array");
    EXPECT("SELECT count(*) FROM json_array_elements('{}')",
           "ERR 22023:cannot extract elements from an object");
    EXPECT("SELECT t.id, e.value FROM (SELECT 1 AS id, '[7,8]' AS j) t, "
           "json_array_elements(t.j) e ORDER BY e.value DESC LIMIT 1", "1");
}

Test(sqlfn_agg, jsonb_table_functions_iterate_in_jsonb_key_order)
{
    EXPECT("SELECT group_concat(jsonb_object_keys) FROM "
           "jsonb_object_keys('{\"b\":1,\"a\":2,\"aa\":3,\"a\":5}')", "a,b,aa");
    EXPECT("SELECT group_concat(key || '=' || value, ';') FROM "
           "jsonb_each('{\"b\":{\"y\":1,\"x\":2},\"a\":\"x\"}')",
           "a=\"x\";b={\"x\": 2, \"y\": 1}");
    EXPECT("SELECT group_concat(key, ',') FROM jsonb_each_text('{\"b\":1,\"a\":2}')", "a,b");
    EXPECT("SELECT group_concat(json_object_keys) FROM "
           "json_object_keys('{\"b\":1,\"a\":2,\"b\":3}')", "b,a,b");
}

Test(sqlfn_agg, unnest_gives_sql_values)
{
    EXPECT("SELECT group_concat(typeof(unnest)) FROM unnest('[1, 2.5, \"a\", null, true]')",
           "integer,real,text,null,integer");
    EXPECT("SELECT sum(unnest) FROM unnest('[1,2,3]')", "6");
}
