/* test_lg_log.c - lg_log_sanitize (client bytes made printable and bounded) and level
 * parsing. */
#include "lg_log.h"
#include <criterion/criterion.h>
#include <string.h>

TestSuite(lg_log);

Test(lg_log, sanitize_copies_printable_text)
{
    char out[64];
    lg_log_sanitize(out, sizeof(out), "select 1;", 9);
    cr_assert_str_eq(out, "select 1;");
}

Test(lg_log, sanitize_escapes_control_bytes_backslash_and_high_bytes)
{
    char out[64];
    lg_log_sanitize(out, sizeof(out), "a\0b\n\\\xff", 6);
    cr_assert_str_eq(out, "a\\x00b\\x0a\\x5c\\xff");
}

Test(lg_log, sanitize_truncates_with_ellipsis)
{
    char out[16];
    char in[100];
    memset(in, 'x', sizeof(in));
    lg_log_sanitize(out, sizeof(out), in, sizeof(in));
    size_t n = strlen(out);
    cr_assert_lt(n, sizeof(out));
    cr_assert_geq(n, 3);
    cr_assert_str_eq(out + n - 3, "...");
}

Test(lg_log, sanitize_never_writes_past_out_size)
{
    const unsigned char in[] = "ab\x01\x02\x03\\cd\xee\xffxyz";
    char out[64];
    for (size_t size = 0; size < 40; size++) {
        memset(out, '#', sizeof(out));
        lg_log_sanitize(out, size, in, sizeof(in) - 1);
        for (size_t i = size; i < sizeof(out); i++)
            cr_assert_eq(out[i], '#', "size %zu: byte %zu written", size, i);
        if (size > 0)
            cr_assert_lt(strlen(out), size, "size %zu: not terminated in bounds", size);
    }
}

Test(lg_log, parse_level)
{
    cr_assert_eq(lg_log_parse_level("debug"), LG_LOG_DEBUG);
    cr_assert_eq(lg_log_parse_level("INFO"), LG_LOG_INFO);
    cr_assert_eq(lg_log_parse_level("warn"), LG_LOG_WARNING);
    cr_assert_eq(lg_log_parse_level("warning"), LG_LOG_WARNING);
    cr_assert_eq(lg_log_parse_level("error"), LG_LOG_ERROR);
    cr_assert_eq(lg_log_parse_level("loud"), -1);
}
