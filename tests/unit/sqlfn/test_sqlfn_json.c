/* test_sqlfn_json.c - JSON operators, the jsonb normalizer and JSON builders; expected
 * values were taken from PostgreSQL 15. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_json, .init = harness_open, .fini = harness_close);

Test(sqlfn_json, jsonb_normalizes_like_postgres)
{
    EXPECT("SELECT lg_jsonb('{\"b\":1e2,\"a\":[1.0,-0,1.5E-3, 1E+2], \"aa\":\"\\u0041\\/\"}')",
           "{\"a\": [1.0, 0, 0.0015, 100], \"b\": 100, \"aa\": \"A/\"}");
    EXPECT("SELECT lg_jsonb('{\"a\":1,\"a\":2}')", "{\"a\": 2}");
    EXPECT("SELECT lg_jsonb('{\"a\":\"\\u00e9\\n\"}')", "{\"a\": \"é\\n\"}");
    EXPECT("SELECT lg_jsonb('nope')", "ERR 22P02:invalid input syntax for type json");
    EXPECT("SELECT lg_jsonb('\"\\u0000\"')", "ERR 22P05:unsupported Unicode escape sequence");
    EXPECT("SELECT lg_jsonb('[1,]')", "ERR 22P02:invalid input syntax for type json");
    EXPECT("SELECT lg_json('{\"a\" :  1}')", "{\"a\" :  1}");
}

Test(sqlfn_json, arrow_returns_json_and_double_arrow_returns_text)
{
    EXPECT("SELECT lg_json_get('{\"a\":1,\"a\":2}', 'a')", "2");
    EXPECT("SELECT lg_json_get('{\"a\": [1,  2]}', 'a')", "[1,  2]");
    EXPECT("SELECT lg_json_get('[1,2,3]', -1)", "3");
    EXPECT("SELECT lg_json_get('[1,2,3]', 3)", "NULL");
    EXPECT("SELECT lg_json_get('{\"a\":1}', 0)", "NULL");
    EXPECT("SELECT lg_json_get('{\"a\":\"x\"}', 'a')", "\"x\"");
    EXPECT("SELECT lg_json_get_text('{\"a\":\"x\"}', 'a')", "x");
    EXPECT("SELECT typeof(lg_json_get_text('{\"a\":1.50}', 'a'))", "text");
    EXPECT("SELECT lg_json_get_text('{\"a\":1.50}', 'a')", "1.50");
    EXPECT("SELECT lg_json_get_text('{\"a\":null}', 'a')", "NULL");
    EXPECT("SELECT lg_json_get_text('{\"a\":\"\\\"q\\u00e9\"}', 'a')", "\"qé");
}

Test(sqlfn_json, path_operators)
{
    EXPECT("SELECT lg_json_path('{\"a\":{\"b\":[1,2]}}', '{a,b,1}')", "2");
    EXPECT("SELECT lg_json_path('{\"a\":{\"b\":[1,2]}}', '[\"a\",\"b\"]')", "[1,2]");
    EXPECT("SELECT lg_json_path_text('{\"a\":{\"b\":\"x\"}}', '{a,b}')", "x");
    EXPECT("SELECT lg_json_path('{\"a\":1}', '{a,b}')", "NULL");
    EXPECT("SELECT lg_json_path('{\"a\":1}', '{}')", "{\"a\":1}");
}

Test(sqlfn_json, containment_follows_jsonb_rules)
{
    EXPECT("SELECT lg_jsonb_contains('[1,[2,3]]', '[[3]]')", "1");
    EXPECT("SELECT lg_jsonb_contains('[1,2]', '1')", "1");
    EXPECT("SELECT lg_jsonb_contains('{\"a\":1,\"b\":{\"c\":[1,2]}}', '{\"b\":{\"c\":[2]}}')",
           "1");
    EXPECT("SELECT lg_jsonb_contains('{\"a\":1}', '{\"a\":1.0}')", "1");
    EXPECT("SELECT lg_jsonb_contains('{\"a\":1}', '{\"a\":2}')", "0");
    EXPECT("SELECT lg_jsonb_contains('{\"a\":[1]}', '{\"a\":1}')", "0");
    EXPECT("SELECT lg_jsonb_contained('{\"a\":1}', '{\"a\":1,\"b\":2}')", "1");
}

Test(sqlfn_json, key_existence)
{
    EXPECT("SELECT lg_jsonb_exists('{\"a\":1}', 'a')", "1");
    EXPECT("SELECT lg_jsonb_exists('[\"a\",\"b\"]', 'a')", "1");
    EXPECT("SELECT lg_jsonb_exists('{\"a\":{\"b\":1}}', 'b')", "0");
    EXPECT("SELECT lg_jsonb_exists_any('{\"a\":1}', '{x,a}')", "1");
    EXPECT("SELECT lg_jsonb_exists_all('{\"a\":1}', '{x,a}')", "0");
    EXPECT("SELECT lg_jsonb_exists_all('{\"a\":1,\"x\":2}', '[\"x\",\"a\"]')", "1");
}

Test(sqlfn_json, typeof_and_array_length)
{
    EXPECT("SELECT jsonb_typeof('{}')", "object");
    EXPECT("SELECT jsonb_typeof('1.5')", "number");
    EXPECT("SELECT json_typeof('true')", "boolean");
    EXPECT("SELECT json_array_length('[1,[2,3]]')", "2");
    EXPECT("SELECT json_array_length('{}')",
           "ERR 22023:cannot get array length of a non-array");
    EXPECT("SELECT jsonb_array_length('1')", "ERR 22023:cannot get array length of a scalar");
}

Test(sqlfn_json, pg_array_text_round_trip)
{
    EXPECT("SELECT lg_array_in('{1,2,3}', 'int')", "[1,2,3]");
    EXPECT("SELECT lg_array_in('{a,\"b c\",NULL,\"NULL\"}')", "[\"a\",\"b c\",null,\"NULL\"]");
    EXPECT("SELECT lg_array_in('{t,f}', 'bool')", "[true,false]");
    EXPECT("SELECT lg_array_in('{{1,2},{3,4}}', 'int')", "[[1,2],[3,4]]");
    EXPECT("SELECT lg_array_in('{}', 'int')", "[]");
    EXPECT("SELECT lg_array_in('{1,x}', 'int')", "ERR 22P02:malformed array literal: \"{1,x}\"");
    EXPECT("SELECT lg_array_in('1,2', 'int')", "ERR 22P02:malformed array literal: \"1,2\"");
    EXPECT("SELECT lg_array_out('[1,\"a b\",null,\"\",\"q\\\"\",true]')",
           "{1,\"a b\",NULL,\"\",\"q\\\"\",t}");
}

Test(sqlfn_json, jsonb_concat_and_delete)
{
    EXPECT("SELECT lg_jsonb_concat('{\"a\":1}', '{\"b\":2}')", "{\"a\": 1, \"b\": 2}");
    EXPECT("SELECT lg_jsonb_concat('{\"a\":1}', '{\"a\":3}')", "{\"a\": 3}");
    EXPECT("SELECT lg_jsonb_concat('[1]', '2')", "[1, 2]");
    EXPECT("SELECT lg_jsonb_concat('{\"a\":1}', '[1]')", "[{\"a\": 1}, 1]");
    EXPECT("SELECT lg_jsonb_delete('{\"a\":1,\"b\":2}', 'a')", "{\"b\": 2}");
    EXPECT("SELECT lg_jsonb_delete('[1,2,3]', 1)", "[1, 3]");
    EXPECT("SELECT lg_jsonb_delete('[1,2,3]', -1)", "[1, 2]");
    EXPECT("SELECT lg_jsonb_delete('[\"a\",\"b\"]', 'a')", "[\"b\"]");
    EXPECT("SELECT lg_jsonb_delete('{\"a\":1}', 0)",
           "ERR 22023:cannot delete from object using integer index");
    EXPECT("SELECT lg_jsonb_delete_keys('{\"a\":1,\"b\":{\"c\":2}}', '{b,c}')", "{\"a\": 1}");
}

Test(sqlfn_json, strip_nulls_and_pretty)
{
    EXPECT("SELECT json_strip_nulls('{ \"a\" : null, \"b\" : {\"c\":null,\"d\": 1}, "
           "\"e\":{\"a\":1,\"a\":null}}')",
           "{\"b\":{\"d\":1},\"e\":{\"a\":1}}");
    EXPECT("SELECT jsonb_strip_nulls('{\"a\":null,\"b\":[null,{\"c\":null}]}')",
           "{\"b\": [null, {}]}");
    EXPECT("SELECT jsonb_pretty('{\"a\":[1,{\"b\":null}],\"c\":{},\"d\":[]}')",
           "{\n    \"a\": [\n        1,\n        {\n            \"b\": null\n        }\n"
           "    ],\n    \"c\": {\n    },\n    \"d\": [\n    ]\n}");
}

Test(sqlfn_json, jsonb_path_edits_refuse_a_scalar_root)
{
    EXPECT("SELECT jsonb_set('{\"a\":1}', '[\"b\"]', '2')", "{\"a\": 1, \"b\": 2}");
    EXPECT("SELECT jsonb_set('\"x\"', '{a}', '1')", "ERR 22023:cannot set path in scalar");
    EXPECT("SELECT jsonb_set('\"x\"', '{}', '1')", "ERR 22023:cannot set path in scalar");
    EXPECT("SELECT jsonb_insert('1', '{a}', '1')", "ERR 22023:cannot set path in scalar");
    EXPECT("SELECT lg_jsonb_delete_path('null', '{a}')", "ERR 22023:cannot delete path in scalar");
}

Test(sqlfn_json, json_object_from_text_arrays)
{
    EXPECT("SELECT lg_json_object('{a,1,b,NULL}')", "{\"a\" : \"1\", \"b\" : null}");
    EXPECT("SELECT lg_jsonb_object('{{b,1},{a,2}}')", "{\"a\": \"2\", \"b\": \"1\"}");
    EXPECT("SELECT lg_json_object('[\"k\"]', '{v}')", "{\"k\" : \"v\"}");
    EXPECT("SELECT lg_jsonb_object('{}')", "{}");
    EXPECT("SELECT lg_jsonb_object('{a}')", "ERR 2202E:array must have even number of elements");
    EXPECT("SELECT lg_jsonb_object('{a,b}', '{1}')", "ERR 2202E:mismatched array dimensions");
    EXPECT("SELECT lg_jsonb_object('{NULL,1}')",
           "ERR 22004:null value not allowed for object key");
    EXPECT("SELECT lg_jsonb_object('{{a,b,c}}')", "ERR 2202E:array must have two columns");
}

Test(sqlfn_json, jsonb_scalar_casts)
{
    EXPECT("SELECT lg_jsonb_scalar('5.5', 'numeric')", "5.5");
    EXPECT("SELECT lg_jsonb_scalar('true', 'boolean')", "true");
    EXPECT("SELECT lg_jsonb_scalar('\"5\"', 'integer')",
           "ERR 22023:cannot cast jsonb string to type integer");
    EXPECT("SELECT lg_jsonb_scalar('null', 'integer')",
           "ERR 22023:cannot cast jsonb null to type integer");
    EXPECT("SELECT lg_jsonb_scalar('1', 'boolean')",
           "ERR 22023:cannot cast jsonb numeric to type boolean");
}
