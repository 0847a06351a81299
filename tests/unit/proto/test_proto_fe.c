/* test_proto_fe.c - frontend message decoders; every fixture is also streamed through the
 * framer split at every byte boundary. */
#include "lg_alloc.h"
#include "proto.h"
#include "proto_harness.h"
#include <criterion/criterion.h>
#include <stdio.h>
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

TestSuite(proto_fe, .init = setup, .fini = teardown);

static void expect(const char *rendering)
{
    harness_check_buf(&fx, false, HARNESS_MAX, rendering);
}

static void msg_str(char type, const char *s)
{
    size_t m = fx_begin(&fx, type);
    lg_buf_put_str(&fx, s);
    fx_end(&fx, m);
}

/* A Bind; vals[i] NULL is SQL NULL. lens[i] < -1 writes that (bad) length verbatim. */
typedef struct bind_fx {
    const char *portal;
    const char *stmt;
    uint16_t nf;
    int16_t f[4];
    uint16_t np;
    const char *vals[4];
    int32_t lens[4]; /* 0 = use strlen / -1 for NULL */
    uint16_t nr;
    int16_t r[4];
} bind_fx_t;

static void msg_bind(const bind_fx_t *b, const char *trailer)
{
    size_t m = fx_begin(&fx, 'B');
    lg_buf_put_str(&fx, b->portal);
    lg_buf_put_str(&fx, b->stmt);
    lg_buf_put_u16(&fx, b->nf);
    for (uint16_t i = 0; i < b->nf; i++)
        lg_buf_put_u16(&fx, (uint16_t)b->f[i]);
    lg_buf_put_u16(&fx, b->np);
    for (uint16_t i = 0; i < b->np; i++) {
        if (b->lens[i] != 0) {
            lg_buf_put_u32(&fx, (uint32_t)b->lens[i]);
            if (b->lens[i] > 0 && b->vals[i])
                lg_buf_append(&fx, b->vals[i], strlen(b->vals[i]));
        } else if (!b->vals[i]) {
            lg_buf_put_u32(&fx, UINT32_MAX);
        } else {
            lg_buf_put_u32(&fx, (uint32_t)strlen(b->vals[i]));
            lg_buf_append(&fx, b->vals[i], strlen(b->vals[i]));
        }
    }
    lg_buf_put_u16(&fx, b->nr);
    for (uint16_t i = 0; i < b->nr; i++)
        lg_buf_put_u16(&fx, (uint16_t)b->r[i]);
    if (trailer)
        lg_buf_append(&fx, trailer, strlen(trailer));
    fx_end(&fx, m);
}

/* ---- Query (and the one-string messages Password, CopyFail) ---- */

Test(proto_fe, query_decodes_sql_view)
{
    msg_str('Q', "select 'a;b'");
    expect("Q 'select 'a;b'';");
    proto_query_t q;
    cr_assert_eq(proto_decode_query(fx.data + 5, fx.len - 5, &q), PROTO_OK);
    cr_assert(q.sql == (const char *)fx.data + 5);
    cr_assert_eq(q.sql_len, 12);
}

Test(proto_fe, empty_query_string_is_ok)
{
    msg_str('Q', "");
    expect("Q '';");
}

Test(proto_fe, query_unterminated_or_trailing_or_empty_body)
{
    fx_hdr(&fx, 'Q', 4 + 3);
    lg_buf_append(&fx, "abc", 3);
    size_t m = fx_begin(&fx, 'Q');
    lg_buf_put_str(&fx, "x");
    lg_buf_putc(&fx, 'y');
    fx_end(&fx, m);
    fx_hdr(&fx, 'Q', 4);
    expect("Q MALFORMED;Q MALFORMED;Q MALFORMED;");
}

Test(proto_fe, query_embedded_nul_is_trailing_bytes)
{
    size_t m = fx_begin(&fx, 'Q');
    lg_buf_append(&fx, "a\0b\0", 4);
    fx_end(&fx, m);
    expect("Q MALFORMED;");
}

Test(proto_fe, password_and_copy_fail_are_one_string)
{
    msg_str('p', "s3cret");
    msg_str('f', "aborted by user");
    expect("p 's3cret';f 'aborted by user';");
}

/* ---- Parse ---- */

Test(proto_fe, parse_with_param_oids)
{
    size_t m = fx_begin(&fx, 'P');
    lg_buf_put_str(&fx, "s1");
    lg_buf_put_str(&fx, "select $1, $2");
    lg_buf_put_u16(&fx, 2);
    lg_buf_put_u32(&fx, 23);
    lg_buf_put_u32(&fx, 0);
    fx_end(&fx, m);
    m = fx_begin(&fx, 'P');
    lg_buf_put_str(&fx, "");
    lg_buf_put_str(&fx, "select 1");
    lg_buf_put_u16(&fx, 0);
    fx_end(&fx, m);
    expect("P 's1' 'select $1, $2' oids=[23,0];P '' 'select 1' oids=[];");
}

Test(proto_fe, parse_param_oid_out_of_range_is_zero)
{
    const uint8_t body[] = {0, 'q', 0, 0, 1, 0, 0, 0, 25};
    proto_parse_t p;
    cr_assert_eq(proto_decode_parse(body, sizeof(body), &p), PROTO_OK);
    cr_assert_eq(p.query_len, 1);
    cr_assert_eq(proto_parse_param_oid(&p, 0), 25);
    cr_assert_eq(proto_parse_param_oid(&p, 1), 0);
}

Test(proto_fe, parse_malformed)
{
    /* count says 3 oids, only 2 present */
    size_t m = fx_begin(&fx, 'P');
    lg_buf_put_str(&fx, "");
    lg_buf_put_str(&fx, "q");
    lg_buf_put_u16(&fx, 3);
    lg_buf_put_u32(&fx, 23);
    lg_buf_put_u32(&fx, 23);
    fx_end(&fx, m);
    /* trailing byte */
    m = fx_begin(&fx, 'P');
    lg_buf_put_str(&fx, "");
    lg_buf_put_str(&fx, "q");
    lg_buf_put_u16(&fx, 0);
    lg_buf_putc(&fx, 0);
    fx_end(&fx, m);
    /* missing count */
    m = fx_begin(&fx, 'P');
    lg_buf_put_str(&fx, "");
    lg_buf_put_str(&fx, "q");
    fx_end(&fx, m);
    /* unterminated query */
    m = fx_begin(&fx, 'P');
    lg_buf_put_str(&fx, "");
    lg_buf_append(&fx, "select", 6);
    fx_end(&fx, m);
    expect("P MALFORMED;P MALFORMED;P MALFORMED;P MALFORMED;");
}

/* ---- Bind ---- */

Test(proto_fe, bind_text_params_and_null)
{
    bind_fx_t b = {"", "s1", 0, {0}, 3, {"42", NULL, ""}, {0}, 0, {0}};
    msg_bind(&b, NULL);
    expect("B '' 's1' params=[t:'42',t:NULL,t:''] rf=[];");
}

Test(proto_fe, bind_one_format_applies_to_all)
{
    bind_fx_t b = {"p", "s", 1, {1}, 2, {"ab", "cd"}, {0}, 1, {1}};
    msg_bind(&b, NULL);
    expect("B 'p' 's' params=[b:'ab',b:'cd'] rf=[1];");
}

Test(proto_fe, bind_per_param_formats)
{
    bind_fx_t b = {"", "", 3, {0, 1, 0}, 3, {"a", "\x01\x02", "c"}, {0}, 2, {0, 1}};
    msg_bind(&b, NULL);
    expect("B '' '' params=[t:'a',b:'\\x01\\x02',t:'c'] rf=[0,1];");
}

Test(proto_fe, bind_one_format_without_params_is_ok)
{
    bind_fx_t b = {"", "", 1, {1}, 0, {0}, {0}, 0, {0}};
    msg_bind(&b, NULL);
    expect("B '' '' params=[] rf=[];");
}

Test(proto_fe, bind_format_count_not_0_1_n)
{
    bind_fx_t b = {"", "", 2, {0, 0}, 3, {"a", "b", "c"}, {0}, 0, {0}};
    msg_bind(&b, NULL);
    bind_fx_t b2 = {"", "", 2, {0, 0}, 1, {"a"}, {0}, 0, {0}};
    msg_bind(&b2, NULL);
    bind_fx_t b3 = {"", "", 2, {0, 0}, 0, {0}, {0}, 0, {0}};
    msg_bind(&b3, NULL);
    expect("B MALFORMED;B MALFORMED;B MALFORMED;");
}

Test(proto_fe, bind_bad_format_codes)
{
    bind_fx_t b = {"", "", 1, {2}, 1, {"a"}, {0}, 0, {0}};
    msg_bind(&b, NULL);
    bind_fx_t b2 = {"", "", 0, {0}, 0, {0}, {0}, 1, {-1}};
    msg_bind(&b2, NULL);
    bind_fx_t b3 = {"", "", 2, {1, 3}, 2, {"a", "b"}, {0}, 0, {0}};
    msg_bind(&b3, NULL);
    expect("B MALFORMED;B MALFORMED;B MALFORMED;");
}

Test(proto_fe, bind_negative_lengths_other_than_minus_one)
{
    const int32_t bad[] = {-2, -100, INT32_MIN};
    for (size_t i = 0; i < LG_ARRAY_LEN(bad); i++) {
        bind_fx_t b = {"", "", 0, {0}, 1, {"a"}, {bad[i]}, 0, {0}};
        msg_bind(&b, NULL);
    }
    bind_fx_t ok = {"", "", 0, {0}, 1, {NULL}, {-1}, 0, {0}};
    msg_bind(&ok, NULL);
    expect("B MALFORMED;B MALFORMED;B MALFORMED;B '' '' params=[t:NULL] rf=[];");
}

Test(proto_fe, bind_param_length_past_end)
{
    /* declares 10 bytes, carries 3, then the result-format count */
    bind_fx_t b = {"", "", 0, {0}, 1, {"abc"}, {10}, 0, {0}};
    msg_bind(&b, NULL);
    /* declares a huge length */
    bind_fx_t b2 = {"", "", 0, {0}, 1, {"abc"}, {INT32_MAX}, 0, {0}};
    msg_bind(&b2, NULL);
    /* claims 2 params, carries 1, then the result-format count */
    size_t m = fx_begin(&fx, 'B');
    lg_buf_append(&fx, "\0\0", 2);
    lg_buf_put_u16(&fx, 0);
    lg_buf_put_u16(&fx, 2);
    lg_buf_put_u32(&fx, 1);
    lg_buf_putc(&fx, 'a');
    lg_buf_put_u16(&fx, 0);
    fx_end(&fx, m);
    expect("B MALFORMED;B MALFORMED;B MALFORMED;");
}

Test(proto_fe, bind_truncated_at_every_field_is_malformed)
{
    bind_fx_t b = {"portal", "stmt", 1, {1}, 2, {"ab", NULL}, {0}, 1, {1}};
    msg_bind(&b, NULL);
    size_t body_len = fx.len - 5;
    uint8_t *body = lg_xmemdup(fx.data + 5, body_len);
    proto_bind_t out;
    cr_assert_eq(proto_decode_bind(body, body_len, &out), PROTO_OK);
    for (size_t n = 0; n < body_len; n++) {
        uint8_t *cut = lg_xmemdup(body, n ? n : 1);
        cr_assert_eq(proto_decode_bind(cut, n, &out), PROTO_MALFORMED, "cut at %zu", n);
        free(cut);
    }
    free(body);
}

Test(proto_fe, bind_trailing_bytes)
{
    bind_fx_t b = {"", "", 0, {0}, 0, {0}, {0}, 0, {0}};
    msg_bind(&b, "x");
    expect("B MALFORMED;");
}

Test(proto_fe, bind_iterator_yields_views_then_exhausts)
{
    bind_fx_t b = {"", "", 0, {0}, 2, {NULL, "xyz"}, {0}, 0, {0}};
    msg_bind(&b, NULL);
    proto_bind_t out;
    cr_assert_eq(proto_decode_bind(fx.data + 5, fx.len - 5, &out), PROTO_OK);
    cr_assert_eq(out.nparams, 2);
    proto_bind_iter_t it;
    proto_bind_iter_init(&it, &out);
    const uint8_t *v;
    int32_t n;
    cr_assert_eq(proto_bind_iter_next(&it, &v, &n), PROTO_OK);
    cr_assert_null(v);
    cr_assert_eq(n, -1);
    cr_assert_eq(proto_bind_iter_next(&it, &v, &n), PROTO_OK);
    cr_assert_eq(n, 3);
    cr_assert(v >= fx.data && v + 3 <= fx.data + fx.len, "value is a view into the body");
    cr_assert_eq(memcmp(v, "xyz", 3), 0);
    cr_assert_eq(proto_bind_iter_next(&it, &v, &n), 1);
    cr_assert_eq(proto_bind_iter_next(&it, &v, &n), 1);
}

Test(proto_fe, bind_iterator_bounds_a_hand_made_bind)
{
    const uint8_t params[] = {0, 0, 0, 9, 'a'}; /* claims 9 bytes, has 1 */
    proto_bind_t b = {.nparams = 1, .params = params, .params_len = sizeof(params)};
    proto_bind_iter_t it;
    proto_bind_iter_init(&it, &b);
    const uint8_t *v;
    int32_t n;
    cr_assert_eq(proto_bind_iter_next(&it, &v, &n), PROTO_MALFORMED);
}

Test(proto_fe, bind_result_format_rules)
{
    proto_bind_t none = {.nresult_formats = 0};
    cr_assert_eq(proto_bind_result_format(&none, 5), 0);
    cr_assert_eq(proto_bind_check_result_formats(&none, 3), PROTO_OK);
    const uint8_t one[] = {0, 1};
    proto_bind_t all = {.nresult_formats = 1, .result_formats = one};
    cr_assert_eq(proto_bind_result_format(&all, 0), 1);
    cr_assert_eq(proto_bind_result_format(&all, 7), 1);
    cr_assert_eq(proto_bind_check_result_formats(&all, 7), PROTO_OK);
    cr_assert_eq(proto_bind_check_result_formats(&all, 0), PROTO_OK);
    const uint8_t two[] = {0, 0, 0, 1};
    proto_bind_t each = {.nresult_formats = 2, .result_formats = two};
    cr_assert_eq(proto_bind_result_format(&each, 0), 0);
    cr_assert_eq(proto_bind_result_format(&each, 1), 1);
    cr_assert_eq(proto_bind_check_result_formats(&each, 2), PROTO_OK);
    cr_assert_eq(proto_bind_check_result_formats(&each, 3), PROTO_MALFORMED);
    cr_assert_eq(proto_bind_check_result_formats(&each, 1), PROTO_MALFORMED);
    cr_assert_eq(proto_bind_check_result_formats(&each, 0), PROTO_MALFORMED);
}

/* ---- Describe / Close ---- */

static void msg_kind_name(char type, char kind, const char *name)
{
    size_t m = fx_begin(&fx, type);
    lg_buf_putc(&fx, (uint8_t)kind);
    lg_buf_put_str(&fx, name);
    fx_end(&fx, m);
}

Test(proto_fe, describe_and_close_kinds)
{
    msg_kind_name('D', 'S', "s1");
    msg_kind_name('D', 'P', "");
    msg_kind_name('C', 'S', "");
    msg_kind_name('C', 'P', "c1");
    expect("D S 's1';D P '';C S '';C P 'c1';");
}

Test(proto_fe, describe_and_close_bad_kind)
{
    const char bad[] = {'s', 'p', 'X', 0, 'T'};
    for (size_t i = 0; i < sizeof(bad); i++) {
        lg_buf_reset(&fx);
        msg_kind_name('D', bad[i], "n");
        msg_kind_name('C', bad[i], "n");
        expect("D MALFORMED;C MALFORMED;");
    }
}

Test(proto_fe, describe_and_close_truncated_or_trailing)
{
    fx_hdr(&fx, 'D', 4);
    fx_hdr(&fx, 'C', 5);
    lg_buf_putc(&fx, 'S');
    fx_hdr(&fx, 'D', 6);
    lg_buf_append(&fx, "Sx", 2);
    size_t m = fx_begin(&fx, 'C');
    lg_buf_append(&fx, "Sx\0\0", 4);
    fx_end(&fx, m);
    expect("D MALFORMED;C MALFORMED;D MALFORMED;C MALFORMED;");
}

/* ---- Execute ---- */

Test(proto_fe, execute_max_rows)
{
    size_t m = fx_begin(&fx, 'E');
    lg_buf_put_str(&fx, "");
    lg_buf_put_u32(&fx, 0);
    fx_end(&fx, m);
    m = fx_begin(&fx, 'E');
    lg_buf_put_str(&fx, "c");
    lg_buf_put_u32(&fx, 100);
    fx_end(&fx, m);
    m = fx_begin(&fx, 'E');
    lg_buf_put_str(&fx, "neg");
    lg_buf_put_u32(&fx, UINT32_MAX); /* -1: PostgreSQL fetches all rows */
    fx_end(&fx, m);
    expect("E '' 0;E 'c' 100;E 'neg' 0;");
}

Test(proto_fe, execute_malformed)
{
    size_t m = fx_begin(&fx, 'E');
    lg_buf_put_str(&fx, "");
    lg_buf_put_u16(&fx, 0);
    fx_end(&fx, m);
    m = fx_begin(&fx, 'E');
    lg_buf_put_str(&fx, "");
    lg_buf_put_u32(&fx, 0);
    lg_buf_putc(&fx, 0);
    fx_end(&fx, m);
    m = fx_begin(&fx, 'E');
    lg_buf_append(&fx, "abcd", 4);
    fx_end(&fx, m);
    expect("E MALFORMED;E MALFORMED;E MALFORMED;");
}

/* ---- empty-body messages ---- */

Test(proto_fe, sync_flush_terminate_copydone_need_empty_body)
{
    const char types[] = {'S', 'H', 'X', 'c'};
    for (size_t i = 0; i < sizeof(types); i++) {
        lg_buf_reset(&fx);
        fx_hdr(&fx, types[i], 4);
        fx_hdr(&fx, types[i], 5);
        lg_buf_putc(&fx, 0);
        char want[64];
        snprintf(want, sizeof(want), "%c;%c MALFORMED;", types[i], types[i]);
        expect(want);
    }
    cr_assert_eq(proto_decode_empty(NULL, 0), PROTO_OK);
}

/* ---- a realistic extended-query pipeline ---- */

Test(proto_fe, extended_query_pipeline)
{
    size_t m = fx_begin(&fx, 'P');
    lg_buf_put_str(&fx, "");
    lg_buf_put_str(&fx, "select $1::int");
    lg_buf_put_u16(&fx, 1);
    lg_buf_put_u32(&fx, 23);
    fx_end(&fx, m);
    bind_fx_t b = {"", "", 1, {1}, 1, {"\x00\x00\x00\x07"}, {4}, 1, {1}};
    size_t mb = fx_begin(&fx, 'B');
    lg_buf_put_str(&fx, b.portal);
    lg_buf_put_str(&fx, b.stmt);
    lg_buf_put_u16(&fx, 1);
    lg_buf_put_u16(&fx, 1);
    lg_buf_put_u16(&fx, 1);
    lg_buf_put_u32(&fx, 4);
    lg_buf_put_u32(&fx, 7);
    lg_buf_put_u16(&fx, 1);
    lg_buf_put_u16(&fx, 1);
    fx_end(&fx, mb);
    msg_kind_name('D', 'P', "");
    m = fx_begin(&fx, 'E');
    lg_buf_put_str(&fx, "");
    lg_buf_put_u32(&fx, 0);
    fx_end(&fx, m);
    fx_hdr(&fx, 'S', 4);
    expect("P '' 'select $1::int' oids=[23];B '' '' params=[b:'\\x00\\x00\\x00\\x07'] rf=[1];"
           "D P '';E '' 0;S;");
}
