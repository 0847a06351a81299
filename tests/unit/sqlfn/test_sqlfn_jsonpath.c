/* test_sqlfn_jsonpath.c - SQL/JSON path functions and operators (jsonb_path_*, @?, @@),
 * jsonb_set_lax and jsonb ordering; expected values are PostgreSQL 15's answers. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_jsonpath, .init = harness_open, .fini = harness_close);

#define DOC                                                                                        \
    "'{\"items\": [{\"sku\": \"A1\", \"qty\": 2}, {\"sku\": \"B2\", \"qty\": 1}], "                \
    "\"user\": {\"id\": 7, \"name\": \"Ann\"}, \"score\": 1.50}'"

Test(sqlfn_jsonpath, accessors_and_wildcards)
{
    EXPECT("SELECT jsonb_path_query_array(" DOC ", '$.items[*].sku')", "[\"A1\", \"B2\"]");
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '$.items[last].qty')", "1");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", '$.items[0 to 1].qty')", "[2, 1]");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", '$.user.*')", "[7, \"Ann\"]");
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '$.score')", "1.50");
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '$.\"user\".\"name\"')", "\"Ann\"");
    /* lax: .key over an array applies to each element; a missing key is no item */
    EXPECT("SELECT jsonb_path_query_array(" DOC ", 'lax $.items.sku')", "[\"A1\", \"B2\"]");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", '$.nope')", "[]");
}

Test(sqlfn_jsonpath, filters_and_predicates)
{
    EXPECT("SELECT jsonb_path_query_array(" DOC ", '$.items[*] ? (@.qty > 1).sku')", "[\"A1\"]");
    EXPECT("SELECT jsonb_path_exists(" DOC ", '$.items[*] ? (@.sku == \"B2\" && @.qty == 1)')",
           "1");
    EXPECT("SELECT jsonb_path_exists(" DOC ", '$.items[*] ? (@.sku starts with \"C\")')", "0");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", '$.items[*] ? (@.sku like_regex \"^a\" "
           "flag \"i\").qty')",
           "[2]");
    EXPECT("SELECT jsonb_path_exists(" DOC ", '$ ? (exists(@.user.name))')", "1");
    EXPECT("SELECT jsonb_path_exists(" DOC ", '$.items[*] ? (!(@.qty < 5))')", "0");
    EXPECT("SELECT jsonb_path_match(" DOC ", '$.user.id == 7')", "1");
    EXPECT("SELECT jsonb_path_match(" DOC ", 'exists($.user.age)')", "0");
    /* a comparison of different kinds is unknown: match gives NULL */
    EXPECT("SELECT jsonb_path_match(" DOC ", '$.user.name > 1')", "NULL");
    EXPECT("SELECT jsonb_path_match('{\"a\": null}', '$.a == null')", "1");
}

Test(sqlfn_jsonpath, arithmetic_and_methods)
{
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '$.score * 2')", "3.00");
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '$.user.id + 1')", "8");
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '-$.user.id')", "-7");
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '$.items.size()')", "2");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", '$.*.type()')",
           "[\"object\", \"array\", \"number\"]"); /* jsonb key order: user, items, score */
    EXPECT("SELECT jsonb_path_query_first('[1.4, -2.6]', '$[1].abs()')", "2.6");
    EXPECT("SELECT jsonb_path_query_array('[1.4, -2.6]', '$[*].floor()')", "[1, -3]");
    EXPECT("SELECT jsonb_path_query_first('{\"a\": \"2.5\"}', '$.a.double()')", "2.5");
    EXPECT("SELECT jsonb_path_query_first('[1, 2]', '$[0] / 0')", "ERR 22012:division by zero");
    EXPECT("SELECT jsonb_path_query_first(" DOC ", '$.items[*].qty + 1')",
           "ERR 22038:left operand of jsonpath operator + is not a single numeric value");
}

Test(sqlfn_jsonpath, strict_mode_errors)
{
    EXPECT("SELECT jsonb_path_query_array(" DOC ", 'strict $.nope')",
           "ERR 2203A:JSON object does not contain key \"nope\"");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", 'strict $.items[5]')",
           "ERR 22033:jsonpath array subscript is out of bounds");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", 'strict $.user[*]')",
           "ERR 22039:jsonpath wildcard array accessor can only be applied to an array");
    /* silent = true: the error becomes no result */
    EXPECT("SELECT jsonb_path_exists(" DOC ", 'strict $.nope', '{}', true)", "NULL");
    EXPECT("SELECT jsonb_path_query_array(" DOC ", 'strict $.nope', '{}', true)", "[]");
}

Test(sqlfn_jsonpath, operators_are_silent)
{
    EXPECT("SELECT lg_jsonb_path_exists_op(" DOC ", '$.items[*] ? (@.qty > 1)')", "1");
    EXPECT("SELECT lg_jsonb_path_exists_op(" DOC ", 'strict $.nope')", "NULL");
    EXPECT("SELECT lg_jsonb_path_match_op(" DOC ", '$.user.id == 7')", "1");
    EXPECT("SELECT lg_jsonb_path_match_op(" DOC ", '$.user')", "NULL");
    EXPECT("SELECT jsonb_path_match(" DOC ", '$.user')",
           "ERR 22038:single boolean result is expected");
}

Test(sqlfn_jsonpath, variables_and_syntax)
{
    EXPECT("SELECT jsonb_path_query_array('[1, 5, 9]', '$[*] ? (@ > $min)', '{\"min\": 4}')",
           "[5, 9]");
    EXPECT("SELECT jsonb_path_query_array('[1]', '$[*] ? (@ > $min)')",
           "ERR 42704:could not find jsonpath variable \"min\"");
    EXPECT("SELECT jsonb_path_exists('{}', '$.a ==')",
           "ERR 42601:syntax error at end of jsonpath input");
    EXPECT("SELECT jsonb_path_exists('{}', '$.**')",
           "ERR 0A000:jsonpath .** accessor is not supported");
    EXPECT("SELECT jsonb_path_exists('{}', '$.a.keyvalue()')",
           "ERR 0A000:jsonpath item method .keyvalue() is not supported");
}

Test(sqlfn_jsonpath, set_lax)
{
    EXPECT("SELECT jsonb_set_lax('{\"a\": 1}', '{a}', NULL, true, 'delete_key')", "{}");
    EXPECT("SELECT jsonb_set_lax('{\"a\": 1}', '{a}', NULL)", "{\"a\": null}");
    EXPECT("SELECT jsonb_set_lax('{\"a\": 1}', '{a}', NULL, true, 'return_target')", "{\"a\": 1}");
    EXPECT("SELECT jsonb_set_lax('{\"a\": 1}', '{a}', '2')", "{\"a\": 2}");
    EXPECT("SELECT jsonb_set_lax('{\"a\": 1}', '{a}', NULL, true, 'raise_exception')",
           "ERR 22004:JSON value must not be null");
    EXPECT("SELECT jsonb_set_lax('{\"a\": 1}', '{a}', NULL, true, 'bogus')",
           "ERR 22023:null_value_treatment must be \"delete_key\", \"return_target\", "
           "\"use_json_null\", or \"raise_exception\"");
}

Test(sqlfn_jsonpath, jsonb_ordering)
{
    EXPECT("SELECT lg_jsonb_cmp('1.0', '1')", "0");
    EXPECT("SELECT lg_jsonb_cmp('{\"b\": 1, \"a\": [1, 2]}', '{\"a\":[1,2],\"b\":1.00}')", "0");
    EXPECT("SELECT lg_jsonb_cmp('[1, 2]', '[1, 3]')", "-1");
    EXPECT("SELECT lg_jsonb_cmp('[9]', '[1, 1]')", "-1"); /* fewer elements first */
    EXPECT("SELECT lg_jsonb_cmp('{}', '[]')", "1");       /* object > array */
    EXPECT("SELECT lg_jsonb_cmp('true', '100')", "1");    /* boolean > number */
    EXPECT("SELECT lg_jsonb_cmp('\"a\"', 'null')", "1");  /* string > null */
}

Test(sqlfn_jsonpath, jsonb_scalar_subscript)
{
    /* jsonb keeps a raw scalar as a one-element array: index 0 / -1 answer it; json does not */
    EXPECT("SELECT lg_jsonb_get_text('\"x\"', 0)", "x");
    EXPECT("SELECT lg_jsonb_get('\"x\"', -1)", "\"x\"");
    EXPECT("SELECT lg_jsonb_get_text('\"x\"', 1)", "NULL");
    EXPECT("SELECT lg_jsonb_get_text('null', 0)", "NULL");
    EXPECT("SELECT lg_json_get_text('\"x\"', 0)", "NULL");
    EXPECT("SELECT lg_jsonb_get_text('{\"a\": 1}', 0)", "NULL");
}
