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

Test(sqlfn_regex, count_instr_substr_like)
{
    EXPECT("SELECT regexp_count('banana', 'an')", "2");
    EXPECT("SELECT regexp_count('banana', 'an', 3)", "1");
    EXPECT("SELECT regexp_count('ABAB', 'b', 1, 'i')", "2");
    EXPECT("SELECT regexp_instr('banana', 'an', 1, 2)", "4");
    EXPECT("SELECT regexp_instr('banana', 'an', 1, 2, 1)", "6");
    EXPECT("SELECT regexp_instr('héllo', 'l')", "3");
    EXPECT("SELECT regexp_instr('banana', 'x')", "0");
    EXPECT("SELECT regexp_instr('abcabc', '(b)(c)', 1, 1, 0, '', 2)", "3");
    EXPECT("SELECT regexp_substr('a1b22c333', '\\d+', 1, 3)", "333");
    EXPECT("SELECT regexp_substr('a1b22c333', '\\d+', 1, 4)", "NULL");
    EXPECT("SELECT regexp_substr('a1b22', '(\\w)(\\d)', 1, 1, '', 2)", "1");
    EXPECT("SELECT regexp_like('Litegres', '^lite', 'i')", "1");
    EXPECT("SELECT regexp_count('abc', 'b', 0)",
           "ERR 22023:invalid value for parameter \"start\": 0");
    EXPECT("SELECT regexp_count('a', 'a', 1, 'g')",
           "ERR 22023:regexp_count() does not support the \"global\" option");
    EXPECT("SELECT regexp_like('a', 'a', 'g')",
           "ERR 22023:regexp_like() does not support the \"global\" option");
    EXPECT("SELECT regexp_substr('a', 'a', 1, 1, 'g')",
           "ERR 22023:regexp_substr() does not support the \"global\" option");
}

Test(sqlfn_regex, split_and_matches_sets)
{
    EXPECT("SELECT regexp_split_to_array('one, two,three ,  four', '\\s*,\\s*')",
           "[\"one\",\"two\",\"three\",\"four\"]");
    EXPECT("SELECT regexp_split_to_array('abc', '')", "[\"a\",\"b\",\"c\"]");
    EXPECT("SELECT regexp_split_to_array(',a,', ',')", "[\"\",\"a\",\"\"]");
    EXPECT("SELECT regexp_split_to_array('', ',')", "[\"\"]");
    EXPECT("SELECT group_concat(value, '|') FROM json_each("
           "regexp_split_to_array('the quick  brown', '\\s+'))",
           "the|quick|brown");
    EXPECT("SELECT lg_regexp_matches_set('#sql #db', '#(\\w+)', 'g')", "[[\"sql\"],[\"db\"]]");
    EXPECT("SELECT lg_regexp_matches_set('#sql #db', '#(\\w+)')", "[[\"sql\"]]");
    EXPECT("SELECT lg_regexp_matches_set('abc', 'x', 'g')", "[]");
    EXPECT("SELECT lg_regexp_matches_set('ab', '', 'g')", "[[\"\"],[\"\"],[\"\"]]");
}

Test(sqlfn_regex, similar_to_patterns)
{
    EXPECT("SELECT lg_similar_to_escape('%(SQLite|sqlite)%')", "^(?:.*(?:SQLite|sqlite).*)$");
    EXPECT("SELECT lg_similar_to_escape('a_c.\\%')", "^(?:a.c\\.\\%)$");
    EXPECT("SELECT lg_similar_to_escape('a#%', '#')", "^(?:a\\%)$");
    EXPECT("SELECT lg_regex('abc', lg_similar_to_escape('a%'))", "1");
    EXPECT("SELECT lg_regex('xabc', lg_similar_to_escape('a%'))", "0");
    EXPECT("SELECT lg_regex('abc', lg_similar_to_escape('%(b|d)%'))", "1");
    EXPECT("SELECT lg_regex('a.c', lg_similar_to_escape('a.c'))", "1");
    EXPECT("SELECT lg_regex('abc', lg_similar_to_escape('a.c'))", "0");
    EXPECT("SELECT lg_regex('a%', lg_similar_to_escape('a!%', '!'))", "1");
    EXPECT("SELECT lg_regex('ab', lg_similar_to_escape('a!%', '!'))", "0");
    EXPECT("SELECT lg_similar_to_escape('a', 'xy')", "ERR 22025:invalid escape string");
}
