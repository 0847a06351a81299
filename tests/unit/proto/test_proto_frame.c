/* test_proto_frame.c - framing of startup-phase and regular packets, and startup decoding,
 * every fixture also fed split at every byte boundary. */
#include "proto.h"
#include "lg_alloc.h"
#include "proto_harness.h"
#include <criterion/criterion.h>
#include <string.h>

static lg_buf_t fx;

static void setup(void)
{
    lg_buf_init(&fx, 1 << 20);
}

static void teardown(void)
{
    lg_buf_deinit(&fx);
}

TestSuite(proto_frame, .init = setup, .fini = teardown);

static void startup_msg(uint32_t version, const char *const *kv, size_t nkv)
{
    size_t s = fx_sbegin(&fx);
    lg_buf_put_u32(&fx, version);
    for (size_t i = 0; i < nkv; i++)
        lg_buf_put_str(&fx, kv[i]);
    lg_buf_putc(&fx, 0);
    fx_send(&fx, s);
}

/* ---- regular framing: direct calls ---- */

Test(proto_frame, regular_needs_five_header_bytes)
{
    const uint8_t m[] = {'Q', 0, 0, 0, 4};
    uint8_t type = 0;
    size_t fl = 0;
    for (size_t n = 0; n < 5; n++)
        cr_assert_eq(proto_frame_regular(m, n, 100, &type, &fl), PROTO_NEED_MORE, "n=%zu", n);
    cr_assert_eq(proto_frame_regular(m, 5, 100, &type, &fl), PROTO_OK);
    cr_assert_eq(type, 'Q');
    cr_assert_eq(fl, 5);
}

Test(proto_frame, rejects_length_below_four)
{
    for (uint32_t l = 0; l < 4; l++) {
        uint8_t m[16] = {'S', 0, 0, 0, (uint8_t)l};
        uint8_t type;
        size_t fl;
        cr_assert_eq(proto_frame_regular(m, sizeof(m), 100, &type, &fl), PROTO_MALFORMED, "len %u",
                     l);
    }
}

Test(proto_frame, bounds_length_by_max_before_body_arrives)
{
    uint8_t m[5] = {'Q'};
    uint8_t type;
    size_t fl;
    m[4] = 100;
    cr_assert_eq(proto_frame_regular(m, 5, 100, &type, &fl), PROTO_NEED_MORE);
    m[4] = 101;
    cr_assert_eq(proto_frame_regular(m, 5, 100, &type, &fl), PROTO_TOO_LARGE);
    memset(m + 1, 0xff, 4);
    cr_assert_eq(proto_frame_regular(m, 5, HARNESS_MAX, &type, &fl), PROTO_TOO_LARGE);
    /* 64 MiB default: exactly max waits for the body, max+1 is refused from the header */
    lg_buf_t b;
    lg_buf_init(&b, 16);
    fx_hdr(&b, 'd', HARNESS_MAX);
    cr_assert_eq(proto_frame_regular(b.data, b.len, HARNESS_MAX, &type, &fl), PROTO_NEED_MORE);
    lg_buf_reset(&b);
    fx_hdr(&b, 'd', HARNESS_MAX + 1);
    cr_assert_eq(proto_frame_regular(b.data, b.len, HARNESS_MAX, &type, &fl), PROTO_TOO_LARGE);
    lg_buf_deinit(&b);
}

Test(proto_frame, frame_len_covers_only_one_message)
{
    const uint8_t m[] = {'Q', 0, 0, 0, 6, 'x', 0, 'S', 0, 0, 0, 4};
    uint8_t type;
    size_t fl;
    cr_assert_eq(proto_frame_regular(m, sizeof(m), 100, &type, &fl), PROTO_OK);
    cr_assert_eq(fl, 7);
    cr_assert_eq(proto_frame_regular(m + fl, sizeof(m) - fl, 100, &type, &fl), PROTO_OK);
    cr_assert_eq(type, 'S');
    cr_assert_eq(fl, 5);
}

/* ---- regular framing: streams split at every boundary ---- */

Test(proto_frame, stream_of_messages_split_everywhere)
{
    size_t m = fx_begin(&fx, 'Q');
    lg_buf_put_str(&fx, "select 1");
    fx_end(&fx, m);
    m = fx_begin(&fx, 'S');
    fx_end(&fx, m);
    m = fx_begin(&fx, 'X');
    fx_end(&fx, m);
    harness_check_buf(&fx, false, HARNESS_MAX, "Q 'select 1';S;X;");
}

Test(proto_frame, length_zero_to_three_is_malformed_in_stream)
{
    for (uint32_t l = 0; l < 4; l++) {
        lg_buf_reset(&fx);
        fx_hdr(&fx, 'S', l);
        lg_buf_put_u32(&fx, 0); /* whatever follows */
        harness_check_buf(&fx, false, HARNESS_MAX, "frame MALFORMED;");
    }
}

Test(proto_frame, length_four_is_an_empty_body)
{
    fx_hdr(&fx, 'H', 4);
    harness_check_buf(&fx, false, HARNESS_MAX, "H;");
}

Test(proto_frame, max_and_max_plus_one_in_stream)
{
    const size_t max = 64;
    size_t m = fx_begin(&fx, 'd');
    for (size_t i = 0; i < max - 4; i++)
        lg_buf_putc(&fx, 'a');
    fx_end(&fx, m);
    harness_check_buf(&fx, false, max, "d 60;");
    lg_buf_reset(&fx);
    m = fx_begin(&fx, 'd');
    for (size_t i = 0; i < max - 3; i++)
        lg_buf_putc(&fx, 'a');
    fx_end(&fx, m);
    harness_check_buf(&fx, false, max, "frame TOO_LARGE;");
}

Test(proto_frame, huge_length_refused_after_header_only)
{
    size_t q = fx_begin(&fx, 'Q');
    lg_buf_put_str(&fx, "ok");
    fx_end(&fx, q);
    fx_hdr(&fx, 'Q', 0xFFFFFFFFu);
    harness_check_buf(&fx, false, HARNESS_MAX, "Q 'ok';frame TOO_LARGE;");
}

Test(proto_frame, incomplete_message_waits)
{
    size_t m = fx_begin(&fx, 'Q');
    lg_buf_put_str(&fx, "select 1");
    fx_end(&fx, m);
    fx.len -= 3;
    harness_check_buf(&fx, false, HARNESS_MAX, "incomplete 11;");
}

/* ---- startup framing ---- */

Test(proto_frame, startup_needs_four_bytes_and_min_length_eight)
{
    const uint8_t ssl[] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
    size_t fl = 0;
    for (size_t n = 0; n < 8; n++)
        cr_assert_eq(proto_frame_startup(ssl, n, 10000, &fl), PROTO_NEED_MORE, "n=%zu", n);
    cr_assert_eq(proto_frame_startup(ssl, 8, 10000, &fl), PROTO_OK);
    cr_assert_eq(fl, 8);
    for (uint8_t l = 0; l < 8; l++) {
        const uint8_t bad[8] = {0, 0, 0, l};
        cr_assert_eq(proto_frame_startup(bad, 8, 10000, &fl), PROTO_MALFORMED, "len %u", l);
    }
}

Test(proto_frame, startup_max_bounds)
{
    const uint8_t at_max[4] = {0, 0, 0x27, 0x10};   /* 10000 */
    const uint8_t over_max[4] = {0, 0, 0x27, 0x11}; /* 10001 */
    const uint8_t huge[4] = {0xff, 0xff, 0xff, 0xff};
    size_t fl;
    cr_assert_eq(proto_frame_startup(at_max, 4, 10000, &fl), PROTO_NEED_MORE);
    cr_assert_eq(proto_frame_startup(over_max, 4, 10000, &fl), PROTO_TOO_LARGE);
    cr_assert_eq(proto_frame_startup(huge, 4, 10000, &fl), PROTO_TOO_LARGE);
}

Test(proto_frame, startup_lengths_below_eight_in_stream)
{
    for (uint32_t l = 0; l < 8; l++) {
        lg_buf_reset(&fx);
        lg_buf_put_u32(&fx, l);
        lg_buf_put_u32(&fx, PROTO_CODE_SSL_REQUEST);
        harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "frame MALFORMED;");
    }
}

Test(proto_frame, startup_over_max_in_stream)
{
    lg_buf_put_u32(&fx, HARNESS_STARTUP_MAX + 1);
    lg_buf_put_u32(&fx, PROTO_VERSION_3_0);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "frame TOO_LARGE;");
    lg_buf_reset(&fx);
    lg_buf_put_u32(&fx, 0xFFFFFFFFu);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "frame TOO_LARGE;");
}

/* ---- startup decoding ---- */

Test(proto_frame, startup_message_then_queries)
{
    const char *kv[] = {"user", "alice", "database", "app", "application_name", ""};
    startup_msg(PROTO_VERSION_3_0, kv, 6);
    size_t m = fx_begin(&fx, 'Q');
    lg_buf_put_str(&fx, "select 1");
    fx_end(&fx, m);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX,
                      "startup 3.0 user=alice database=app application_name=;Q 'select 1';");
}

Test(proto_frame, ssl_then_gssenc_then_startup)
{
    lg_buf_put_u32(&fx, 8);
    lg_buf_put_u32(&fx, PROTO_CODE_SSL_REQUEST);
    lg_buf_put_u32(&fx, 8);
    lg_buf_put_u32(&fx, PROTO_CODE_GSSENC_REQUEST);
    const char *kv[] = {"user", "u"};
    startup_msg(PROTO_VERSION_3_0, kv, 2);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "ssl;gssenc;startup 3.0 user=u;");
}

Test(proto_frame, cancel_request)
{
    const uint8_t m[] = {0, 0, 0,    16,   0x04, 0xd2, 0x16, 0x2e,
                         0, 0, 0x30, 0x39, 0xde, 0xad, 0xbe, 0xef};
    harness_check(m, sizeof(m), true, HARNESS_STARTUP_MAX, "cancel 12345 3735928559;");
}

Test(proto_frame, ssl_gssenc_cancel_of_wrong_size)
{
    const uint32_t codes[] = {PROTO_CODE_SSL_REQUEST, PROTO_CODE_GSSENC_REQUEST};
    for (size_t i = 0; i < 2; i++) {
        lg_buf_reset(&fx);
        lg_buf_put_u32(&fx, 12);
        lg_buf_put_u32(&fx, codes[i]);
        lg_buf_put_u32(&fx, 0);
        harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "startup MALFORMED;");
    }
    const uint32_t sizes[] = {8, 12, 15, 17, 20};
    for (size_t i = 0; i < LG_ARRAY_LEN(sizes); i++) {
        lg_buf_reset(&fx);
        lg_buf_put_u32(&fx, sizes[i]);
        lg_buf_put_u32(&fx, PROTO_CODE_CANCEL_REQUEST);
        for (size_t k = 8; k < sizes[i]; k++)
            lg_buf_putc(&fx, 7);
        harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "startup MALFORMED;");
    }
}

Test(proto_frame, protocol_versions)
{
    const char *kv[] = {"user", "u"};
    startup_msg((3u << 16) | 1, kv, 2);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "startup 3.1 user=u;");
    lg_buf_reset(&fx);
    startup_msg(2u << 16, kv, 2);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "badversion 2.0;");
    lg_buf_reset(&fx);
    startup_msg(4u << 16, kv, 2);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "badversion 4.0;");
    lg_buf_reset(&fx);
    startup_msg((3u << 16) | 0xffff, kv, 2);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "startup 3.65535 user=u;");
}

Test(proto_frame, startup_records_version_and_params)
{
    const uint8_t body[] = {0, 3, 0, 2, 'a', 0, 'b', 0, 0};
    proto_startup_t st;
    cr_assert_eq(proto_decode_startup(body, sizeof(body), &st), PROTO_OK);
    cr_assert_eq(st.kind, PROTO_STARTUP_MESSAGE);
    cr_assert_eq(st.version, 0x00030002u);
    cr_assert_eq(st.nparams, 1);
    cr_assert_str_eq(st.names[0], "a");
    cr_assert_str_eq(st.values[0], "b");
    cr_assert(st.names[0] == (const char *)body + 4, "names are views into the body");
}

Test(proto_frame, startup_malformed_bodies)
{
    const struct {
        const char *what;
        uint8_t b[16];
        size_t n;
    } cases[] = {
        {"short code", {0, 3, 0}, 3},
        {"empty", {0}, 0},
        {"no final nul", {0, 3, 0, 0}, 4},
        {"name without value", {0, 3, 0, 0, 'u', 0, 0}, 7},
        {"unterminated value", {0, 3, 0, 0, 'u', 0, 'x'}, 7},
        {"unterminated name", {0, 3, 0, 0, 'u', 's'}, 6},
        {"missing terminator", {0, 3, 0, 0, 'u', 0, 'x', 0}, 8},
        {"trailing bytes", {0, 3, 0, 0, 'u', 0, 'x', 0, 0, 'z'}, 10},
        {"trailing nul", {0, 3, 0, 0, 'u', 0, 'x', 0, 0, 0}, 10},
    };
    for (size_t i = 0; i < LG_ARRAY_LEN(cases); i++) {
        proto_startup_t st;
        cr_assert_eq(proto_decode_startup(cases[i].b, cases[i].n, &st), PROTO_MALFORMED, "%s",
                     cases[i].what);
    }
}

Test(proto_frame, startup_with_no_params_is_ok)
{
    const uint8_t body[] = {0, 3, 0, 0, 0};
    proto_startup_t st;
    cr_assert_eq(proto_decode_startup(body, sizeof(body), &st), PROTO_OK);
    cr_assert_eq(st.nparams, 0);
}

static void startup_n_params(size_t n)
{
    size_t s = fx_sbegin(&fx);
    lg_buf_put_u32(&fx, PROTO_VERSION_3_0);
    for (size_t i = 0; i < n; i++) {
        lg_buf_printf(&fx, "k%zu", i);
        lg_buf_putc(&fx, 0);
        lg_buf_printf(&fx, "v%zu", i);
        lg_buf_putc(&fx, 0);
    }
    lg_buf_putc(&fx, 0);
    fx_send(&fx, s);
}

Test(proto_frame, startup_param_limit)
{
    startup_n_params(PROTO_MAX_STARTUP_PARAMS);
    proto_startup_t st;
    cr_assert_eq(proto_decode_startup(fx.data + 4, fx.len - 4, &st), PROTO_OK);
    cr_assert_eq(st.nparams, PROTO_MAX_STARTUP_PARAMS);
    cr_assert_str_eq(st.names[63], "k63");
    cr_assert_str_eq(st.values[63], "v63");
    lg_buf_reset(&fx);
    startup_n_params(PROTO_MAX_STARTUP_PARAMS + 1);
    harness_check_buf(&fx, true, HARNESS_STARTUP_MAX, "startup MALFORMED;");
}
