/* test_lg_buf.c - the bounded buffer: growth, the ceiling and its sticky failure, network
 * order writers, patching, the read cursor and compaction. */
#include "lg_buf.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(lg_buf);

Test(lg_buf, appends_and_grows_up_to_max)
{
    lg_buf_t b;
    lg_buf_init(&b, 1000);
    cr_assert_eq(lg_buf_unread(&b), 0);
    for (int i = 0; i < 1000; i++)
        lg_buf_putc(&b, (uint8_t)i);
    cr_assert(!b.failed);
    cr_assert_eq(lg_buf_unread(&b), 1000);
    cr_assert_leq(b.cap, 1000);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(lg_buf_rptr(&b)[i], (uint8_t)i);
    lg_buf_deinit(&b);
}

Test(lg_buf, append_past_max_fails_sticky_and_drops)
{
    lg_buf_t b;
    lg_buf_init(&b, 10);
    lg_buf_append(&b, "12345678", 8);
    lg_buf_append(&b, "abc", 3);
    cr_assert(b.failed);
    cr_assert_eq(lg_buf_unread(&b), 8, "the failed append left no partial bytes");
    lg_buf_putc(&b, 'x');
    cr_assert_eq(lg_buf_unread(&b), 8, "failure is sticky: later appends are dropped");
    cr_assert_eq(lg_buf_reserve(&b, 1), -2);
    lg_buf_reset(&b);
    cr_assert(!b.failed);
    cr_assert_eq(lg_buf_unread(&b), 0);
    lg_buf_append(&b, "0123456789", 10);
    cr_assert(!b.failed);
    cr_assert_eq(memcmp(lg_buf_rptr(&b), "0123456789", 10), 0);
    lg_buf_deinit(&b);
}

Test(lg_buf, reserve_larger_than_max_fails)
{
    lg_buf_t b;
    lg_buf_init(&b, 64);
    cr_assert_eq(lg_buf_reserve(&b, 65), -2);
    cr_assert(b.failed);
    lg_buf_deinit(&b);
}

Test(lg_buf, network_order_writers)
{
    lg_buf_t b;
    lg_buf_init(&b, 64);
    lg_buf_put_u16(&b, 0x1234);
    lg_buf_put_u32(&b, 0xdeadbeef);
    lg_buf_put_str(&b, "hi");
    const uint8_t want[] = {0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 'h', 'i', 0};
    cr_assert_eq(lg_buf_unread(&b), sizeof(want));
    cr_assert_eq(memcmp(lg_buf_rptr(&b), want, sizeof(want)), 0);
    lg_buf_patch_u32(&b, 2, 0x01020304);
    const uint8_t patched[] = {0x12, 0x34, 1, 2, 3, 4, 'h', 'i', 0};
    cr_assert_eq(memcmp(lg_buf_rptr(&b), patched, sizeof(patched)), 0);
    lg_buf_patch_u32(&b, 6, 0xffffffff); /* would run past len: ignored */
    cr_assert_eq(memcmp(lg_buf_rptr(&b), patched, sizeof(patched)), 0);
    lg_buf_deinit(&b);
}

Test(lg_buf, printf_short_and_long)
{
    lg_buf_t b;
    lg_buf_init(&b, 4096);
    lg_buf_printf(&b, "n=%d s=%s", 42, "x");
    cr_assert_eq(lg_buf_unread(&b), 8);
    cr_assert_eq(memcmp(lg_buf_rptr(&b), "n=42 s=x", 8), 0);
    lg_buf_reset(&b);
    char big[1001];
    memset(big, 'q', 1000);
    big[1000] = '\0';
    lg_buf_printf(&b, "<%s>", big);
    cr_assert(!b.failed);
    cr_assert_eq(lg_buf_unread(&b), 1002, "no terminating NUL is counted");
    cr_assert_eq(lg_buf_rptr(&b)[0], '<');
    cr_assert_eq(lg_buf_rptr(&b)[1001], '>');
    lg_buf_deinit(&b);
}

Test(lg_buf, printf_that_exactly_fills_max)
{
    lg_buf_t b;
    lg_buf_init(&b, 300);
    char s[301];
    memset(s, 'a', 300);
    s[300] = '\0';
    lg_buf_printf(&b, "%s", s);
    cr_assert(!b.failed, "300 bytes fit in a 300-byte buffer");
    cr_assert_eq(lg_buf_unread(&b), 300);
    lg_buf_printf(&b, "%s", "x");
    cr_assert(b.failed);
    cr_assert_eq(lg_buf_unread(&b), 300);
    lg_buf_deinit(&b);
}

Test(lg_buf, consume_and_ceiling_counts_unread_bytes_only)
{
    lg_buf_t b;
    lg_buf_init(&b, 8);
    lg_buf_append(&b, "abcdefgh", 8);
    lg_buf_consume(&b, 3);
    cr_assert_eq(lg_buf_unread(&b), 5);
    cr_assert_eq(*lg_buf_rptr(&b), 'd');
    lg_buf_append(&b, "ijk", 3); /* fits after the consumed bytes are reclaimed */
    cr_assert(!b.failed);
    cr_assert_eq(lg_buf_unread(&b), 8);
    cr_assert_eq(memcmp(lg_buf_rptr(&b), "defghijk", 8), 0);
    lg_buf_consume(&b, 100); /* clamps */
    cr_assert_eq(lg_buf_unread(&b), 0);
    cr_assert_eq(b.off, 0);
    lg_buf_deinit(&b);
}

Test(lg_buf, compact_moves_unread_to_front)
{
    lg_buf_t b;
    lg_buf_init(&b, 1024);
    for (int i = 0; i < 100; i++)
        lg_buf_putc(&b, (uint8_t)i);
    lg_buf_consume(&b, 10);
    lg_buf_compact(&b);
    cr_assert_eq(b.off, 0);
    cr_assert_eq(b.len, 90);
    cr_assert_eq(b.data[0], 10);
    cr_assert_eq(b.data[89], 99);
    lg_buf_deinit(&b);
}

Test(lg_buf, steal_hands_over_unread_bytes)
{
    lg_buf_t b;
    lg_buf_init(&b, 64);
    lg_buf_append(&b, "xxhello", 7);
    lg_buf_consume(&b, 2);
    size_t n;
    uint8_t *p = lg_buf_steal(&b, &n);
    cr_assert_eq(n, 5);
    cr_assert_eq(memcmp(p, "hello", 5), 0);
    free(p);
    cr_assert_eq(lg_buf_unread(&b), 0);
    lg_buf_append(&b, "again", 5);
    cr_assert(!b.failed);
    cr_assert_eq(lg_buf_unread(&b), 5);
    lg_buf_deinit(&b);
}

Test(lg_buf, zero_max_buffer_accepts_nothing)
{
    lg_buf_t b;
    lg_buf_init(&b, 0);
    lg_buf_append(&b, "", 0);
    cr_assert(!b.failed);
    lg_buf_putc(&b, 'a');
    cr_assert(b.failed);
    cr_assert_eq(lg_buf_unread(&b), 0);
    lg_buf_deinit(&b);
}
