/* test_sqlfn_regex.c - PostgreSQL regular expressions on PCRE2; expected values were taken
 * from PostgreSQL 15. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_regex, .init = harness_open, .fini = harness_close);

Test(sqlfn_regex, match_operators)
{
    EXPECT("SELECT lg_regex('cat dog', '\\mdog\\M')", "1");
    EXPECT("SELECT lg_regex('catdog', '\\mdog')", "0");
    EXPECT("SELECT lg_regex('catdog', '[[:<:]]cat')", "1");
    EXPECT("SELECT lg_regex('a' || char(10) || 'b', 'a.b')", "1");
    EXPECT("SELECT lg_regex('ab' || char(10), 'b$')", "0");
    EXPECT("SELECT lg_regex('ABC', 'abc')", "0");
    EXPECT("SELECT lg_regex_i('ABC', 'abc')", "1");
    EXPECT("SELECT lg_regex_i('ÉTÉ', 'été')", "1");
    EXPECT("SELECT 'hello' REGEXP 'l+'", "1");
    EXPECT("SELECT lg_regex(NULL, 'a')", "NULL");
    EXPECT("SELECT lg_regex('x', '(')",
           "ERR 2201B:invalid regular expression: missing closing parenthesis");
}

Test(sqlfn_regex, replace_with_flags_and_backrefs)
{
    EXPECT("SELECT regexp_replace('foo bar foo', 'foo', 'x')", "x bar foo");
    EXPECT("SELECT regexp_replace('foo bar foo', 'FOO', 'x', 'gi')", "x bar x");
    EXPECT("SELECT regexp_replace('abc', '(b)', '[\\1\\&]')", "a[bb]c");
    EXPECT("SELECT regexp_replace('abc', '', '-', 'g')", "-a-b-c-");
    EXPECT("SELECT regexp_replace('héllo', 'l', 'L', 'g')", "héLLo");
    EXPECT("SELECT regexp_replace('a', 'a', 'b', 'z')",
           "ERR 22023:invalid regular expression option: \"z\"");
}

Test(sqlfn_regex, match_returns_json_array_of_groups)
{
    EXPECT("SELECT regexp_match('foobarbequebaz', '(bar)(beque)')", "[\"bar\",\"beque\"]");
    EXPECT("SELECT regexp_match('foobar', 'o+')", "[\"oo\"]");
    EXPECT("SELECT regexp_match('abc', 'x')", "NULL");
    EXPECT("SELECT regexp_match('ab', '(a)(x)?')", "[\"a\",null]");
    EXPECT("SELECT regexp_matches('foobar', '(o)(b)')", "[\"o\",\"b\"]");
    EXPECT("SELECT regexp_like('Abc', 'abc', 'i')", "1");
}

Test(sqlfn_regex, cached_pattern_follows_changing_rows)
{
    EXPECT("SELECT group_concat(lg_regex(s, p)) FROM (SELECT 'abc' AS s, 'b' AS p "
           "UNION ALL SELECT 'abc', 'z' UNION ALL SELECT 'xyz', 'z')",
           "1,0,1");
}
