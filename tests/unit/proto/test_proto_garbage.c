/* test_proto_garbage.c - 10k pseudo-random buffers (fixed seed) through every framer and
 * decoder: no crash, no read outside the buffer (exact-size heap copies, run under ASan),
 * only enum results, and every view an OK result returns lies inside the input. Half the
 * inputs are mutated valid messages so the decoders get past their first field. */
#include "proto.h"
#include "proto_harness.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 10000

static uint64_t rng_state;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

TestSuite(proto_garbage, .init = NULL);

static const uint8_t seed_bind[] = {'p', 0, 's', 0,   0,    1,    0,    1,    0, 2, 0, 0,
                                    0,   2, 'a', 'b', 0xff, 0xff, 0xff, 0xff, 0, 1, 0, 0};
static const uint8_t seed_parse[] = {'s', 0, 'q', 0, 0, 2, 0, 0, 0, 23, 0, 0, 0, 25};
static const uint8_t seed_startup[] = {0, 3,   0, 0,   'u', 's', 'e', 'r',
                                       0, 'a', 0, 'd', 0,   'b', 0,   0};
static const uint8_t seed_describe[] = {'S', 'n', 0};
static const uint8_t seed_execute[] = {'p', 0, 0, 0, 0, 9};

/* A heap buffer of exactly *n bytes: random, or a seed with a few bytes changed/cut. */
static uint8_t *garbage(size_t *n)
{
    static const struct {
        const uint8_t *p;
        size_t n;
    } seeds[] = {{seed_bind, sizeof(seed_bind)},
                 {seed_parse, sizeof(seed_parse)},
                 {seed_startup, sizeof(seed_startup)},
                 {seed_describe, sizeof(seed_describe)},
                 {seed_execute, sizeof(seed_execute)}};
    uint8_t *p;
    if (rng() & 1) {
        *n = rng() % 48;
        p = malloc(*n ? *n : 1);
        for (size_t i = 0; i < *n; i++)
            p[i] = (rng() & 3) ? (uint8_t)rng() : (uint8_t)(rng() % 4); /* many 0..3 */
        return p;
    }
    size_t s = rng() % (sizeof(seeds) / sizeof(seeds[0]));
    *n = seeds[s].n - (rng() % 3 == 0 ? rng() % seeds[s].n : 0);
    p = malloc(*n ? *n : 1);
    memcpy(p, seeds[s].p, *n);
    for (uint32_t k = rng() % 3; k > 0 && *n > 0; k--)
        p[rng() % *n] = (uint8_t)rng();
    return p;
}

static bool inside(const void *v, size_t vlen, const uint8_t *p, size_t n)
{
    const uint8_t *x = v;
    return x >= p && vlen <= n && x - p <= (ptrdiff_t)(n - vlen);
}

static bool str_inside(const char *s, const uint8_t *p, size_t n)
{
    return inside(s, 1, p, n) && memchr(s, 0, n - (size_t)((const uint8_t *)s - p)) != NULL;
}

static void check_framers(const uint8_t *p, size_t n)
{
    size_t fl = 0;
    uint8_t type;
    size_t max = (rng() & 1) ? 32 : HARNESS_MAX;
    int rc = proto_frame_startup(p, n, max, &fl);
    cr_assert(rc == PROTO_OK || rc == PROTO_NEED_MORE || rc == PROTO_MALFORMED ||
              rc == PROTO_TOO_LARGE);
    if (rc == PROTO_OK)
        cr_assert(fl >= 8 && fl <= n && fl <= max);
    rc = proto_frame_regular(p, n, max, &type, &fl);
    cr_assert(rc == PROTO_OK || rc == PROTO_NEED_MORE || rc == PROTO_MALFORMED ||
              rc == PROTO_TOO_LARGE);
    if (rc == PROTO_OK)
        cr_assert(fl >= 5 && fl <= n && fl - 1 <= max && type == p[0]);
}

static void check_startup(const uint8_t *p, size_t n)
{
    proto_startup_t st;
    int rc = proto_decode_startup(p, n, &st);
    cr_assert(rc == PROTO_OK || rc == PROTO_MALFORMED);
    if (rc != PROTO_OK)
        return;
    cr_assert(st.kind >= PROTO_STARTUP_MESSAGE && st.kind <= PROTO_STARTUP_BAD_VERSION);
    cr_assert(st.nparams <= PROTO_MAX_STARTUP_PARAMS);
    for (size_t i = 0; i < st.nparams; i++)
        cr_assert(str_inside(st.names[i], p, n) && str_inside(st.values[i], p, n));
}

static void check_bind(const uint8_t *p, size_t n)
{
    proto_bind_t b;
    int rc = proto_decode_bind(p, n, &b);
    cr_assert(rc == PROTO_OK || rc == PROTO_MALFORMED);
    if (rc != PROTO_OK)
        return;
    cr_assert(str_inside(b.portal, p, n) && str_inside(b.statement, p, n));
    cr_assert(b.nformats <= 1 || b.nformats == b.nparams);
    cr_assert(inside(b.params, b.params_len, p, n));
    proto_bind_iter_t it;
    proto_bind_iter_init(&it, &b);
    const uint8_t *v;
    int32_t vlen;
    uint16_t count = 0;
    while ((rc = proto_bind_iter_next(&it, &v, &vlen)) == PROTO_OK) {
        int16_t f = proto_bind_param_format(&b, count);
        cr_assert(f == 0 || f == 1);
        cr_assert(vlen == -1 ? v == NULL : inside(v, (size_t)vlen, p, n));
        count++;
    }
    cr_assert_eq(rc, 1);
    cr_assert_eq(count, b.nparams);
    for (uint16_t i = 0; i < b.nresult_formats + 2; i++) {
        int16_t f = proto_bind_result_format(&b, i);
        cr_assert(f == 0 || f == 1);
    }
}

static void check_others(const uint8_t *p, size_t n)
{
    proto_query_t q;
    if (proto_decode_query(p, n, &q) == PROTO_OK)
        cr_assert(str_inside(q.sql, p, n) && q.sql_len + 1 == n);
    proto_parse_t ps;
    int rc = proto_decode_parse(p, n, &ps);
    cr_assert(rc == PROTO_OK || rc == PROTO_MALFORMED);
    if (rc == PROTO_OK) {
        cr_assert(str_inside(ps.name, p, n) && str_inside(ps.query, p, n));
        cr_assert(inside(ps.param_oids, (size_t)ps.nparams * 4, p, n));
        for (uint16_t i = 0; i <= ps.nparams; i++)
            (void)proto_parse_param_oid(&ps, i);
    }
    proto_describe_t d;
    rc = proto_decode_describe(p, n, &d);
    cr_assert(rc == PROTO_MALFORMED ||
              (rc == PROTO_OK && (d.kind == 'S' || d.kind == 'P') && str_inside(d.name, p, n)));
    proto_close_t c;
    rc = proto_decode_close(p, n, &c);
    cr_assert(rc == PROTO_MALFORMED ||
              (rc == PROTO_OK && (c.kind == 'S' || c.kind == 'P') && str_inside(c.name, p, n)));
    proto_execute_t e;
    rc = proto_decode_execute(p, n, &e);
    cr_assert(rc == PROTO_MALFORMED ||
              (rc == PROTO_OK && e.max_rows <= INT32_MAX && str_inside(e.portal, p, n)));
    rc = proto_decode_empty(p, n);
    cr_assert_eq(rc, n == 0 ? PROTO_OK : PROTO_MALFORMED);
}

Test(proto_garbage, every_decoder_and_framer_survives_random_input)
{
    rng_state = 0x9E3779B97F4A7C15ull;
    size_t ok_bind = 0, ok_startup = 0;
    for (int round = 0; round < ROUNDS; round++) {
        size_t n;
        uint8_t *p = garbage(&n);
        check_framers(p, n);
        check_startup(p, n);
        check_bind(p, n);
        check_others(p, n);
        proto_bind_t b;
        ok_bind += proto_decode_bind(p, n, &b) == PROTO_OK;
        proto_startup_t st;
        ok_startup += proto_decode_startup(p, n, &st) == PROTO_OK;
        free(p);
    }
    /* the mutated seeds must reach the success paths too, or this test proves little */
    cr_assert_gt(ok_bind, 100);
    cr_assert_gt(ok_startup, 100);
}

Test(proto_garbage, random_streams_in_random_chunks)
{
    rng_state = 0x0123456789ABCDEFull;
    for (int round = 0; round < 1000; round++) {
        size_t n;
        uint8_t *p = garbage(&n);
        size_t cuts[4];
        size_t ncuts = 0;
        for (size_t k = 0; k < 4 && n > 1; k++) {
            size_t c = 1 + rng() % (n - 1);
            if (ncuts == 0 || c > cuts[ncuts - 1])
                cuts[ncuts++] = c;
        }
        bool startup = rng() & 1;
        char *whole = harness_run(p, n, startup, 64, NULL, 0);
        char *chunked = harness_run(p, n, startup, 64, cuts, ncuts);
        cr_assert_str_eq(chunked, whole, "round %d", round);
        free(whole);
        free(chunked);
        free(p);
    }
}
