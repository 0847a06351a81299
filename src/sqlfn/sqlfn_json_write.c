/* sqlfn_json_write.c - writing JSON nodes and SQL values as JSON text, and the helpers that
 * turn them into SQLite results with the JSON subtype.
 *
 * jsonb form (PostgreSQL's output of jsonb): objects print their keys sorted by byte length
 * then bytewise, the last of duplicate keys wins, members are separated by ", " and keys by
 * ": "; strings are decoded and re-escaped (\" \\ \b \f \n \r \t, other controls \u00XX,
 * everything else raw UTF-8); numbers print as numeric does (1e2 -> 100, 1.50 stays 1.50). */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

typedef struct member {
    int32_t key;
    char *k;
    size_t kn;
    int32_t ord;
} member_t;

static void write_number(lg_buf_t *b, const char *s, size_t n)
{
    char dig[2200];
    size_t dl = 0;
    size_t intlen = 0;
    bool neg = false;
    bool frac = false;
    size_t i = 0;
    if (i < n && s[i] == '-') {
        neg = true;
        i++;
    }
    for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') {
            frac = true;
        } else if (dl < 1000) {
            dig[dl++] = s[i];
            intlen += frac ? 0 : 1;
        } else {
            lg_buf_append(b, s, n); /* absurdly long: keep as written */
            return;
        }
    }
    long e = i < n ? strtol(s + i + 1, NULL, 10) : 0;
    if (e > 1000 || e < -1000) {
        lg_buf_append(b, s, n);
        return;
    }
    long point = (long)intlen + e;
    if (point <= 0) {
        size_t pad = (size_t)(1 - point);
        memmove(dig + pad, dig, dl);
        memset(dig, '0', pad);
        dl += pad;
        point = 1;
    }
    while ((long)dl < point) {
        dig[dl++] = '0';
    }
    size_t st = 0;
    while ((long)st < point - 1 && dig[st] == '0') {
        st++;
    }
    bool zero = true;
    for (size_t k = 0; k < dl; k++) {
        zero = zero && dig[k] == '0';
    }
    if (neg && !zero) {
        lg_buf_putc(b, '-');
    }
    lg_buf_append(b, dig + st, (size_t)point - st);
    if ((long)dl > point) {
        lg_buf_putc(b, '.');
        lg_buf_append(b, dig + point, dl - (size_t)point);
    }
}

static int member_cmp(const void *pa, const void *pb)
{
    const member_t *a = pa;
    const member_t *b = pb;
    if (a->kn != b->kn) {
        return a->kn < b->kn ? -1 : 1;
    }
    int c = a->kn ? memcmp(a->k, b->k, a->kn) : 0;
    return c ? c : (a->ord < b->ord ? -1 : a->ord > b->ord);
}

static void write_jsonb_object(lg_buf_t *b, const jdoc_t *d, int32_t i)
{
    size_t n = (size_t)d->nodes[i].count;
    member_t *m = lg_xcalloc(n ? n : 1, sizeof *m);
    size_t k = 0;
    for (int32_t c = d->nodes[i].child; c >= 0; c = d->nodes[c].next, k++) {
        lg_buf_t t;
        lg_buf_init(&t, SQLFN_MAX_LEN);
        sqlfn_json_unescape(&t, d, c);
        m[k].key = c;
        m[k].kn = t.len;
        m[k].k = (char *)lg_buf_steal(&t, &m[k].kn);
        m[k].ord = (int32_t)k;
    }
    qsort(m, n, sizeof *m, member_cmp);
    lg_buf_putc(b, '{');
    bool first = true;
    for (k = 0; k < n; k++) {
        if (k + 1 < n && m[k].kn == m[k + 1].kn &&
            (m[k].kn == 0 || memcmp(m[k].k, m[k + 1].k, m[k].kn) == 0)) {
            continue; /* a later duplicate wins */
        }
        if (!first) {
            lg_buf_append(b, ", ", 2);
        }
        first = false;
        sqlfn__json_quote(b, (const unsigned char *)(m[k].k ? m[k].k : ""), m[k].kn);
        lg_buf_append(b, ": ", 2);
        sqlfn__json_write(b, d, m[k].key + 1, JW_JSONB);
    }
    lg_buf_putc(b, '}');
    for (k = 0; k < n; k++) {
        free(m[k].k);
    }
    free(m);
}

void sqlfn__json_write(lg_buf_t *b, const jdoc_t *d, int32_t i, jw_mode_t mode)
{
    const jnode_t *nd = &d->nodes[i];
    if (mode == JW_RAW) {
        lg_buf_append(b, d->src + nd->start, nd->end - nd->start);
        return;
    }
    switch (nd->kind) {
    case JN_NUMBER:
        write_number(b, d->src + nd->start, nd->end - nd->start);
        break;
    case JN_STRING: {
        lg_buf_t t;
        lg_buf_init(&t, SQLFN_MAX_LEN);
        sqlfn_json_unescape(&t, d, i);
        sqlfn__json_quote(b, t.data ? t.data : (const uint8_t *)"", t.len);
        lg_buf_deinit(&t);
        break;
    }
    case JN_ARRAY:
        lg_buf_putc(b, '[');
        for (int32_t c = nd->child; c >= 0; c = d->nodes[c].next) {
            sqlfn__json_write(b, d, c, mode);
            if (d->nodes[c].next >= 0) {
                lg_buf_append(b, ", ", 2);
            }
        }
        lg_buf_putc(b, ']');
        break;
    case JN_OBJECT:
        write_jsonb_object(b, d, i);
        break;
    default:
        lg_buf_append(b, d->src + nd->start, nd->end - nd->start);
        break;
    }
}

void sqlfn__json_result_buf(sqlite3_context *ctx, lg_buf_t *b)
{
    bool failed = b->failed;
    sqlfn__result_buf_text(ctx, b);
    if (!failed) {
        sqlite3_result_subtype(ctx, SQLFN_JSON_SUBTYPE);
    }
}

void sqlfn__json_result_node(sqlite3_context *ctx, const jdoc_t *d, int32_t i, jw_mode_t m)
{
    if (i < 0) {
        sqlite3_result_null(ctx);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    sqlfn__json_write(&b, d, i, m);
    sqlfn__json_result_buf(ctx, &b);
}

void sqlfn__json_result_text(sqlite3_context *ctx, const jdoc_t *d, int32_t i, jw_mode_t m)
{
    if (i < 0 || d->nodes[i].kind == JN_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (d->nodes[i].kind == JN_STRING) {
        sqlfn_json_unescape(&b, d, i);
    } else {
        sqlfn__json_write(&b, d, i, m);
    }
    sqlfn__result_buf_text(ctx, &b);
}

/* Appends TEXT v that claims to be JSON; normalized in jsonb mode, quoted if invalid. */
static void append_embedded(lg_buf_t *b, sqlite3_value *v, jw_mode_t mode)
{
    const char *s = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    jdoc_t d;
    if (sqlfn_json_parse(&d, s, n) != 0) {
        sqlfn_json_free(&d);
        sqlfn__json_quote(b, (const unsigned char *)s, n);
        return;
    }
    sqlfn__json_write(b, &d, 0, mode);
    sqlfn_json_free(&d);
}

void sqlfn__json_append_value(lg_buf_t *b, sqlite3_value *v, jw_mode_t mode)
{
    double x;
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
        lg_buf_append(b, "null", 4);
        break;
    case SQLITE_INTEGER:
        lg_buf_printf(b, "%lld", (long long)sqlite3_value_int64(v));
        break;
    case SQLITE_FLOAT:
        x = sqlite3_value_double(v);
        if (x != x || x - x != 0.0) {
            lg_buf_putc(b, '"');
            sqlfn__append_double(b, x);
            lg_buf_putc(b, '"');
        } else {
            sqlfn__append_double(b, x);
        }
        break;
    case SQLITE_TEXT:
        if (sqlite3_value_subtype(v) == SQLFN_JSON_SUBTYPE ||
            sqlite3_value_subtype(v) == SQLFN_JSON_ROW_SUBTYPE) {
            append_embedded(b, v, mode);
        } else {
            sqlfn__json_quote(b, sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
        }
        break;
    default: {
        lg_buf_t t;
        lg_buf_init(&t, SQLFN_MAX_LEN);
        sqlfn__append_value_text(&t, v);
        sqlfn__json_quote(b, t.data ? t.data : (const uint8_t *)"", t.len);
        lg_buf_deinit(&t);
        break;
    }
    }
}
