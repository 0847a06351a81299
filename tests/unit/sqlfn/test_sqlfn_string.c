/* test_sqlfn_string.c - string, quoting, encoding, case and LIKE functions on an in-memory
 * SQLite; expected values were taken from PostgreSQL 15. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_string, .init = harness_open, .fini = harness_close);

Test(sqlfn_string, concat_skips_nulls)
{
    EXPECT("SELECT concat('a', NULL, 2, 'b')", "a2b");
    EXPECT("SELECT concat_ws('-', 'a', NULL, 'c')", "a-c");
    EXPECT("SELECT concat_ws(NULL, 'a', 'c')", "NULL");
    EXPECT("SELECT concat()", "");
}

Test(sqlfn_string, left_right_count_characters_and_accept_negative_n)
{
    EXPECT("SELECT \"left\"('héllo', 2)", "hé");
    EXPECT("SELECT \"left\"('héllo', -2)", "hél");
    EXPECT("SELECT \"right\"('héllo', 2)", "lo");
    EXPECT("SELECT \"right\"('héllo', -2)", "llo");
    EXPECT("SELECT \"left\"('ab', 10)", "ab");
}

Test(sqlfn_string, pads_truncate_and_cycle_fill)
{
    EXPECT("SELECT lpad('hi', 5, 'xy')", "xyxhi");
    EXPECT("SELECT lpad('hello', 3)", "hel");
    EXPECT("SELECT rpad('hi', 5) || '|'", "hi   |");
    EXPECT("SELECT rpad('é', 3, 'ö')", "éöö");
    EXPECT("SELECT lpad('x', -1)", "");
}

Test(sqlfn_string, split_part_counts_from_either_end)
{
    EXPECT("SELECT split_part('a,b,c', ',', 2)", "b");
    EXPECT("SELECT split_part('a,b,c', ',', -1)", "c");
    EXPECT("SELECT split_part('a,b,c', ',', -3)", "a");
    EXPECT("SELECT split_part('a,b,c', ',', 4)", "");
    EXPECT("SELECT split_part('a::b', '::', 2)", "b");
    EXPECT("SELECT split_part('a,b,c', ',', 0)", "ERR 22023:field position must not be zero");
}

Test(sqlfn_string, positions_are_in_characters)
{
    EXPECT("SELECT strpos('héllo', 'l')", "3");
    EXPECT("SELECT position('hello', 'lo')", "4");
    EXPECT("SELECT strpos('abc', 'z')", "0");
}

Test(sqlfn_string, repeat_reverse_translate)
{
    EXPECT("SELECT repeat('ab', 3)", "ababab");
    EXPECT("SELECT repeat('ab', -1)", "");
    EXPECT("SELECT reverse('héllo')", "olléh");
    EXPECT("SELECT translate('12345', '143', 'ax')", "a2x5");
}

Test(sqlfn_string, starts_with_btrim_chr_ascii_lengths)
{
    EXPECT("SELECT starts_with('alphabet', 'alph')", "1");
    EXPECT("SELECT starts_with('alphabet', 'beta')", "0");
    EXPECT("SELECT btrim('xyxtrimyyx', 'xy')", "trim");
    EXPECT("SELECT btrim('  pad  ') || '|'", "pad|");
    EXPECT("SELECT chr(233)", "é");
    EXPECT("SELECT chr(0)", "ERR 54000:null character not permitted");
    EXPECT("SELECT ascii('é')", "233");
    EXPECT("SELECT char_length('héllo')", "5");
    EXPECT("SELECT octet_length('héllo')", "6");
}

Test(sqlfn_string, quoting_matches_postgres)
{
    EXPECT("SELECT quote_ident('Foo bar')", "\"Foo bar\"");
    EXPECT("SELECT quote_ident('select')", "\"select\"");
    EXPECT("SELECT quote_ident('abc')", "abc");
    EXPECT("SELECT quote_ident('a\"b')", "\"a\"\"b\"");
    EXPECT("SELECT quote_literal('O\\Re''il')", "E'O\\\\Re''il'");
    EXPECT("SELECT quote_literal(NULL)", "NULL");
    EXPECT("SELECT quote_nullable(NULL)", "NULL");
    EXPECT("SELECT quote_nullable(42)", "'42'");
}

Test(sqlfn_string, format_specifiers)
{
    EXPECT("SELECT format('%-5s|%I|%L', 'a', 'Foo', NULL)", "a    |\"Foo\"|NULL");
    EXPECT("SELECT format('%s %s %1$s', 'x', 'y')", "x y x");
    EXPECT("SELECT format('100%%')", "100%");
    EXPECT("SELECT format('%L', 'it''s')", "'it''s'");
    EXPECT("SELECT format('%I', NULL)",
           "ERR 22004:null values cannot be formatted as an SQL identifier");
    EXPECT("SELECT format('%z', 1)", "ERR 22023:unrecognized format() type specifier \"z\"");
    EXPECT("SELECT format('%s %s', 1)", "ERR 22023:too few arguments for format()");
}

Test(sqlfn_string, to_hex_md5_encode_decode)
{
    EXPECT("SELECT to_hex(255)", "ff");
    EXPECT("SELECT to_hex(-1)", "ffffffffffffffff");
    EXPECT("SELECT md5('abc')", "900150983cd24fb0d6963f7d28e17f72");
    EXPECT("SELECT encode(x'00ff41', 'hex')", "00ff41");
    EXPECT("SELECT encode(CAST('hello world' AS BLOB), 'base64')", "aGVsbG8gd29ybGQ=");
    EXPECT("SELECT encode(x'615c00e9', 'escape')", "a\\\\\\000\\351");
    EXPECT("SELECT hex(decode('aGVsbG8gd29ybGQ=', 'base64'))", "68656C6C6F20776F726C64");
    EXPECT("SELECT hex(decode('00ff41', 'hex'))", "00FF41");
    EXPECT("SELECT hex(decode('a\\\\\\000', 'escape'))", "615C00");
    EXPECT("SELECT decode('0g', 'hex')", "ERR 22023:invalid hexadecimal digit: \"g\"");
    EXPECT("SELECT decode('abc', 'hex')",
           "ERR 22023:invalid hexadecimal data: odd number of digits");
    EXPECT("SELECT encode(x'00', 'rot13')", "ERR 22023:unrecognized encoding: \"rot13\"");
}

Test(sqlfn_string, base64_wraps_at_76_columns)
{
    const char *r = q("SELECT encode(zeroblob(60), 'base64')");
    cr_assert_eq(strlen(r), 81);
    cr_expect_eq(r[76], '\n');
}

Test(sqlfn_string, case_mapping_beyond_ascii)
{
    EXPECT("SELECT upper('straße é')", "STRAßE É");
    EXPECT("SELECT lower('ÀÉÎ')", "àéî");
    EXPECT("SELECT initcap('ÉCOLE élève')", "École Élève");
    EXPECT("SELECT initcap('hello wORLD-foo bar_baz')", "Hello World-Foo Bar_Baz");
}

Test(sqlfn_string, like_is_case_sensitive_with_backslash_escape)
{
    EXPECT("SELECT lg_like('a_c', 'a\\_c')", "1");
    EXPECT("SELECT lg_like('abc', 'a\\_c')", "0");
    EXPECT("SELECT lg_like('ABC', 'abc')", "0");
    EXPECT("SELECT lg_like('héllo', 'h_llo')", "1");
    EXPECT("SELECT lg_like('abcbcd', '%bc%d')", "1");
    EXPECT("SELECT lg_like('a%', 'a!%', '!')", "1");
    EXPECT("SELECT lg_like('ab', 'a!%', '!')", "0");
    EXPECT("SELECT lg_like('a\\b', 'a\\b', '')", "1");
    EXPECT("SELECT lg_like('a', 'a\\')",
           "ERR 22025:LIKE pattern must not end with escape character");
    EXPECT("SELECT lg_like(NULL, 'a')", "NULL");
}

Test(sqlfn_string, ilike_folds_unicode)
{
    EXPECT("SELECT lg_ilike('Ébc', 'éB%')", "1");
    EXPECT("SELECT lg_ilike('ÀB', 'àb')", "1");
    EXPECT("SELECT lg_ilike('abc', 'abd')", "0");
}

/* Expected values from PostgreSQL 15. */
Test(sqlfn_string, format_widths_and_star)
{
    EXPECT("SELECT format('[%-5s|%5s]', 'ab', 'cd')", "[ab   |   cd]");
    EXPECT("SELECT format('[%*s]', 4, 'x')", "[   x]");
    EXPECT("SELECT format('[%*s]', -4, 'x')", "[x   ]");
    EXPECT("SELECT format('[%-*s]', 3, 'x')", "[x  ]");
    EXPECT("SELECT format('%2$s %1$s', 'world', 'hello')", "hello world");
    EXPECT("SELECT format('[%1$*2$s]', 'x', 3)", "[  x]");
    EXPECT("SELECT format('[%10L]', 'a')", "[       'a']");
    EXPECT("SELECT lg_bit_length('héllo')", "48");
}
