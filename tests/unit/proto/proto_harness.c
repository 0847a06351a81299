/* proto_harness.c - see proto_harness.h. Decoders always get an exact-size heap copy of the
 * body, so the sanitizer build catches any read past the end. */
#include "proto_harness.h"
#include "lg_log.h"
#include "proto.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

typedef struct run {
    lg_buf_t in;
    lg_buf_t out;
    bool startup;
    bool stopped;
    size_t max;
} run_t;

static const char *rc_name(int rc)
{
    switch (rc) {
    case PROTO_OK:
        return "OK";
    case PROTO_NEED_MORE:
        return "NEED_MORE";
    case PROTO_MALFORMED:
        return "MALFORMED";
    case PROTO_TOO_LARGE:
        return "TOO_LARGE";
    default:
        return "BADRC";
    }
}

static void put_text(lg_buf_t *o, const void *p, size_t n)
{
    char s[256];
    lg_log_sanitize(s, sizeof(s), p, n);
    lg_buf_printf(o, "'%s'", s);
}

static void render_startup(run_t *r, const uint8_t *body, size_t len)
{
    proto_startup_t st;
    int rc = proto_decode_startup(body, len, &st);
    if (rc != PROTO_OK) {
        lg_buf_printf(&r->out, "startup %s;", rc_name(rc));
        r->stopped = true;
        return;
    }
    switch (st.kind) {
    case PROTO_STARTUP_SSL_REQUEST:
        lg_buf_printf(&r->out, "ssl;");
        return;
    case PROTO_STARTUP_GSSENC_REQUEST:
        lg_buf_printf(&r->out, "gssenc;");
        return;
    case PROTO_STARTUP_CANCEL_REQUEST:
        lg_buf_printf(&r->out, "cancel %u %u;", st.cancel_pid, st.cancel_key);
        r->stopped = true;
        return;
    case PROTO_STARTUP_BAD_VERSION:
        lg_buf_printf(&r->out, "badversion %u.%u;", st.version >> 16, st.version & 0xffff);
        r->stopped = true;
        return;
    case PROTO_STARTUP_MESSAGE:
        break;
    }
    lg_buf_printf(&r->out, "startup %u.%u", st.version >> 16, st.version & 0xffff);
    for (size_t i = 0; i < st.nparams; i++)
        lg_buf_printf(&r->out, " %s=%s", st.names[i], st.values[i]);
    lg_buf_printf(&r->out, ";");
    r->startup = false;
}

static void render_bind(lg_buf_t *o, const proto_bind_t *b)
{
    lg_buf_printf(o, "B '%s' '%s' params=[", b->portal, b->statement);
    proto_bind_iter_t it;
    proto_bind_iter_init(&it, b);
    const uint8_t *v;
    int32_t vlen;
    for (uint16_t i = 0; proto_bind_iter_next(&it, &v, &vlen) == PROTO_OK; i++) {
        lg_buf_printf(o, "%s%c:", i ? "," : "", proto_bind_param_format(b, i) ? 'b' : 't');
        if (vlen < 0)
            lg_buf_printf(o, "NULL");
        else
            put_text(o, v, (size_t)vlen);
    }
    lg_buf_printf(o, "] rf=[");
    for (uint16_t i = 0; i < b->nresult_formats; i++)
        lg_buf_printf(o, "%s%d", i ? "," : "", proto_bind_result_format(b, i));
    lg_buf_printf(o, "];");
}

static int render_message(lg_buf_t *o, uint8_t type, const uint8_t *body, size_t len)
{
    int rc;
    proto_query_t q;
    proto_parse_t p;
    proto_bind_t b;
    proto_describe_t d;
    proto_execute_t e;
    proto_close_t c;
    switch (type) {
    case 'Q':
    case 'p':
    case 'f':
        rc = proto_decode_query(body, len, &q);
        if (rc == PROTO_OK) {
            cr_expect_eq(strlen(q.sql), q.sql_len);
            lg_buf_printf(o, "%c ", type);
            put_text(o, q.sql, q.sql_len);
            lg_buf_printf(o, ";");
        }
        return rc;
    case 'P':
        rc = proto_decode_parse(body, len, &p);
        if (rc == PROTO_OK) {
            cr_expect_eq(strlen(p.query), p.query_len);
            lg_buf_printf(o, "P '%s' '%s' oids=[", p.name, p.query);
            for (uint16_t i = 0; i < p.nparams; i++)
                lg_buf_printf(o, "%s%u", i ? "," : "", proto_parse_param_oid(&p, i));
            lg_buf_printf(o, "];");
        }
        return rc;
    case 'B':
        rc = proto_decode_bind(body, len, &b);
        if (rc == PROTO_OK)
            render_bind(o, &b);
        return rc;
    case 'D':
        rc = proto_decode_describe(body, len, &d);
        if (rc == PROTO_OK)
            lg_buf_printf(o, "D %c '%s';", d.kind, d.name);
        return rc;
    case 'E':
        rc = proto_decode_execute(body, len, &e);
        if (rc == PROTO_OK)
            lg_buf_printf(o, "E '%s' %u;", e.portal, e.max_rows);
        return rc;
    case 'C':
        rc = proto_decode_close(body, len, &c);
        if (rc == PROTO_OK)
            lg_buf_printf(o, "C %c '%s';", c.kind, c.name);
        return rc;
    case 'S':
    case 'H':
    case 'X':
    case 'c':
        rc = proto_decode_empty(body, len);
        if (rc == PROTO_OK)
            lg_buf_printf(o, "%c;", type);
        return rc;
    default:
        lg_buf_printf(o, "%c %zu;", type, len);
        return PROTO_OK;
    }
}

/* Frames and renders as many whole frames as the input buffer holds. */
static void drain(run_t *r)
{
    while (!r->stopped) {
        size_t avail = lg_buf_unread(&r->in);
        uint8_t *copy = malloc(avail ? avail : 1);
        cr_assert(copy);
        if (avail)
            memcpy(copy, lg_buf_rptr(&r->in), avail);
        size_t flen = 0;
        uint8_t type = 0;
        int rc = r->startup ? proto_frame_startup(copy, avail, r->max, &flen)
                            : proto_frame_regular(copy, avail, r->max, &type, &flen);
        if (rc == PROTO_OK) {
            size_t hdr = r->startup ? 4 : 5;
            cr_assert(flen >= hdr && flen <= avail, "frame_len %zu avail %zu", flen, avail);
            size_t blen = flen - hdr;
            uint8_t *body = malloc(blen ? blen : 1);
            cr_assert(body);
            if (blen)
                memcpy(body, copy + hdr, blen);
            if (r->startup) {
                render_startup(r, body, blen);
            } else {
                int drc = render_message(&r->out, type, body, blen);
                if (drc != PROTO_OK)
                    lg_buf_printf(&r->out, "%c %s;", type, rc_name(drc));
            }
            free(body);
            lg_buf_consume(&r->in, flen);
        } else if (rc == PROTO_NEED_MORE) {
            free(copy);
            break;
        } else {
            lg_buf_printf(&r->out, "frame %s;", rc_name(rc));
            r->stopped = true;
        }
        free(copy);
    }
}

char *harness_run(const uint8_t *bytes, size_t n, bool startup, size_t max, const size_t *cuts,
                  size_t ncuts)
{
    run_t r = {.startup = startup, .max = max};
    lg_buf_init(&r.in, n + 16);
    lg_buf_init(&r.out, 1 << 20);
    size_t at = 0;
    for (size_t i = 0; i <= ncuts; i++) {
        size_t to = i < ncuts ? cuts[i] : n;
        lg_buf_append(&r.in, bytes + at, to - at);
        at = to;
        drain(&r);
    }
    if (!r.stopped && lg_buf_unread(&r.in) > 0)
        lg_buf_printf(&r.out, "incomplete %zu;", lg_buf_unread(&r.in));
    cr_assert(!r.in.failed && !r.out.failed);
    lg_buf_putc(&r.out, 0);
    size_t len;
    char *s = (char *)lg_buf_steal(&r.out, &len);
    lg_buf_deinit(&r.in);
    return s;
}

void harness_check(const uint8_t *bytes, size_t n, bool startup, size_t max, const char *expect)
{
    char *whole = harness_run(bytes, n, startup, max, NULL, 0);
    cr_assert_str_eq(whole, expect, "whole stream");
    free(whole);
    for (size_t k = 1; k < n; k++) {
        char *s = harness_run(bytes, n, startup, max, &k, 1);
        cr_assert_str_eq(s, expect, "split at byte %zu of %zu", k, n);
        free(s);
    }
    size_t *cuts = malloc((n ? n : 1) * sizeof(*cuts));
    cr_assert(cuts);
    for (size_t k = 1; k < n; k++)
        cuts[k - 1] = k;
    char *s = harness_run(bytes, n, startup, max, cuts, n ? n - 1 : 0);
    cr_assert_str_eq(s, expect, "byte at a time");
    free(s);
    free(cuts);
}

void harness_check_buf(const lg_buf_t *b, bool startup, size_t max, const char *expect)
{
    cr_assert(!b->failed);
    harness_check(lg_buf_rptr(b), lg_buf_unread(b), startup, max, expect);
}

size_t fx_begin(lg_buf_t *b, char type)
{
    lg_buf_putc(b, (uint8_t)type);
    size_t start = b->len;
    lg_buf_put_u32(b, 0);
    return start;
}

void fx_end(lg_buf_t *b, size_t start)
{
    lg_buf_patch_u32(b, start, (uint32_t)(b->len - start));
}

size_t fx_sbegin(lg_buf_t *b)
{
    size_t start = b->len;
    lg_buf_put_u32(b, 0);
    return start;
}

void fx_send(lg_buf_t *b, size_t start)
{
    fx_end(b, start);
}

void fx_hdr(lg_buf_t *b, char type, uint32_t len)
{
    lg_buf_putc(b, (uint8_t)type);
    lg_buf_put_u32(b, len);
}
