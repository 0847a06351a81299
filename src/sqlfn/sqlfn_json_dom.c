/* sqlfn_json_dom.c - JSON parser into the flat node array of sqlfn_json.h, and the writers:
 * source-preserving (json) and normalized (jsonb: keys sorted by length then bytewise, last
 * duplicate wins, ", " and ": " separators, strings re-escaped, numbers printed as
 * PostgreSQL numeric prints them: no exponent, scale kept, -0 -> 0). */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

#define JSON_MAX_DEPTH 1000

typedef struct parser {
    jdoc_t *d;
    size_t pos;
    int depth;
} parser_t;

static int32_t parse_value(parser_t *p);

static void skip_ws(parser_t *p)
{
    while (p->pos < p->d->len) {
        char c = p->d->src[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            break;
        }
        p->pos++;
    }
}

static int32_t add_node(parser_t *p, jn_kind_t kind, size_t start)
{
    jdoc_t *d = p->d;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->nodes = lg_xrealloc(d->nodes, d->cap * sizeof *d->nodes);
    }
    jnode_t *nd = &d->nodes[d->n];
    nd->kind = kind;
    nd->start = (uint32_t)start;
    nd->end = (uint32_t)start;
    nd->next = -1;
    nd->child = -1;
    nd->count = 0;
    return (int32_t)d->n++;
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int32_t parse_string(parser_t *p)
{
    const char *s = p->d->src;
    int32_t i = add_node(p, JN_STRING, p->pos);
    p->pos++;
    while (p->pos < p->d->len) {
        unsigned char c = (unsigned char)s[p->pos];
        if (c == '"') {
            p->d->nodes[i].end = (uint32_t)++p->pos;
            return i;
        }
        if (c < 0x20) {
            return -1;
        }
        if (c == '\\') {
            if (++p->pos >= p->d->len) {
                return -1;
            }
            c = (unsigned char)s[p->pos];
            if (c == 'u') {
                if (p->pos + 4 >= p->d->len || !is_hex(s[p->pos + 1]) ||
                    !is_hex(s[p->pos + 2]) || !is_hex(s[p->pos + 3]) || !is_hex(s[p->pos + 4])) {
                    return -1;
                }
                if (memcmp(s + p->pos + 1, "0000", 4) == 0) {
                    p->d->has_nul_escape = true;
                }
                p->pos += 4;
            } else if (strchr("\"\\/bfnrt", (char)c) == NULL || c == 0) {
                return -1;
            }
        }
        p->pos++;
    }
    return -1;
}

static int32_t parse_number(parser_t *p)
{
    const char *s = p->d->src;
    size_t n = p->d->len;
    size_t q = p->pos;
    if (q < n && s[q] == '-') {
        q++;
    }
    if (q >= n || !(s[q] >= '0' && s[q] <= '9')) {
        return -1;
    }
    if (s[q] == '0') {
        q++;
    } else {
        while (q < n && s[q] >= '0' && s[q] <= '9') {
            q++;
        }
    }
    if (q < n && s[q] == '.') {
        q++;
        if (q >= n || !(s[q] >= '0' && s[q] <= '9')) {
            return -1;
        }
        while (q < n && s[q] >= '0' && s[q] <= '9') {
            q++;
        }
    }
    if (q < n && (s[q] == 'e' || s[q] == 'E')) {
        q++;
        if (q < n && (s[q] == '+' || s[q] == '-')) {
            q++;
        }
        if (q >= n || !(s[q] >= '0' && s[q] <= '9')) {
            return -1;
        }
        while (q < n && s[q] >= '0' && s[q] <= '9') {
            q++;
        }
    }
    int32_t i = add_node(p, JN_NUMBER, p->pos);
    p->d->nodes[i].end = (uint32_t)q;
    p->pos = q;
    return i;
}

static int32_t parse_word(parser_t *p, const char *w, jn_kind_t kind)
{
    size_t l = strlen(w);
    if (p->pos + l > p->d->len || memcmp(p->d->src + p->pos, w, l) != 0) {
        return -1;
    }
    int32_t i = add_node(p, kind, p->pos);
    p->pos += l;
    p->d->nodes[i].end = (uint32_t)p->pos;
    return i;
}

/* Parses the members or elements of a container whose opening bracket is at p->pos. */
static int32_t parse_container(parser_t *p, jn_kind_t kind)
{
    char close = kind == JN_ARRAY ? ']' : '}';
    if (++p->depth > JSON_MAX_DEPTH) {
        return -1;
    }
    int32_t i = add_node(p, kind, p->pos);
    p->pos++;
    skip_ws(p);
    int32_t prev = -1;
    if (p->pos < p->d->len && p->d->src[p->pos] == close) {
        goto done;
    }
    for (;;) {
        skip_ws(p);
        int32_t c;
        if (kind == JN_OBJECT) {
            if (p->pos >= p->d->len || p->d->src[p->pos] != '"') {
                return -1;
            }
            c = parse_string(p);
            skip_ws(p);
            if (c < 0 || p->pos >= p->d->len || p->d->src[p->pos] != ':') {
                return -1;
            }
            p->pos++;
            if (parse_value(p) < 0) {
                return -1;
            }
        } else {
            c = parse_value(p);
            if (c < 0) {
                return -1;
            }
        }
        if (prev < 0) {
            p->d->nodes[i].child = c;
        } else {
            p->d->nodes[prev].next = c;
        }
        prev = c;
        p->d->nodes[i].count++;
        skip_ws(p);
        if (p->pos < p->d->len && p->d->src[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->d->len && p->d->src[p->pos] == close) {
            break;
        }
        return -1;
    }
done:
    p->pos++;
    p->d->nodes[i].end = (uint32_t)p->pos;
    p->depth--;
    return i;
}

static int32_t parse_value(parser_t *p)
{
    skip_ws(p);
    if (p->pos >= p->d->len) {
        return -1;
    }
    switch (p->d->src[p->pos]) {
    case '{':
        return parse_container(p, JN_OBJECT);
    case '[':
        return parse_container(p, JN_ARRAY);
    case '"':
        return parse_string(p);
    case 't':
        return parse_word(p, "true", JN_TRUE);
    case 'f':
        return parse_word(p, "false", JN_FALSE);
    case 'n':
        return parse_word(p, "null", JN_NULL);
    default:
        return parse_number(p);
    }
}

int sqlfn_json_parse(jdoc_t *d, const char *s, size_t n)
{
    memset(d, 0, sizeof *d);
    d->src = s ? s : "";
    d->len = n;
    if (n > UINT32_MAX - 1) {
        return LG_EINVAL;
    }
    parser_t p = {d, 0, 0};
    if (parse_value(&p) < 0) {
        return LG_EINVAL;
    }
    skip_ws(&p);
    return p.pos == n ? 0 : LG_EINVAL;
}

void sqlfn_json_free(jdoc_t *d)
{
    free(d->nodes);
    d->nodes = NULL;
    d->n = d->cap = 0;
}

bool sqlfn__json_arg(sqlite3_context *ctx, sqlite3_value *v, jdoc_t *d)
{
    const char *s = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    if (sqlfn_json_parse(d, s, n) != 0) {
        sqlfn_json_free(d);
        sqlfn__error(ctx, "22P02", "invalid input syntax for type json");
        return false;
    }
    return true;
}

static int hexv(char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static uint32_t hex4(const char *s)
{
    return (uint32_t)(hexv(s[0]) << 12 | hexv(s[1]) << 8 | hexv(s[2]) << 4 | hexv(s[3]));
}

void sqlfn_json_unescape(lg_buf_t *b, const jdoc_t *d, int32_t i)
{
    const char *s = d->src;
    size_t end = d->nodes[i].end - 1;
    for (size_t k = d->nodes[i].start + 1; k < end; k++) {
        if (s[k] != '\\') {
            lg_buf_putc(b, (uint8_t)s[k]);
            continue;
        }
        char c = s[++k];
        const char *map = strchr("b\bf\fn\nr\rt\t", c);
        if (c == 'u') {
            uint32_t cp = hex4(s + k + 1);
            k += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && k + 6 < end && s[k + 1] == '\\' &&
                s[k + 2] == 'u') {
                uint32_t lo = hex4(s + k + 3);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    k += 6;
                }
            }
            sqlfn__utf8_put(b, (int32_t)cp);
        } else if (map != NULL && c != '\0') {
            lg_buf_putc(b, (uint8_t)map[1]);
        } else {
            lg_buf_putc(b, (uint8_t)c);
        }
    }
}

void sqlfn__json_quote(lg_buf_t *b, const unsigned char *s, size_t n)
{
    lg_buf_putc(b, '"');
    for (size_t k = 0; k < n; k++) {
        unsigned char c = s[k];
        const char *esc = NULL;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc != NULL) {
            lg_buf_append(b, esc, 2);
        } else if (c < 0x20) {
            lg_buf_printf(b, "\\u%04x", c);
        } else {
            lg_buf_putc(b, c);
        }
    }
    lg_buf_putc(b, '"');
}

bool sqlfn__json_key_eq(const jdoc_t *d, int32_t i, const char *key, size_t n)
{
    const jnode_t *nd = &d->nodes[i];
    const char *raw = d->src + nd->start + 1;
    size_t rawn = nd->end - nd->start - 2;
    if (memchr(raw, '\\', rawn) == NULL) {
        return rawn == n && memcmp(raw, key, n) == 0;
    }
    lg_buf_t t;
    lg_buf_init(&t, SQLFN_MAX_LEN);
    sqlfn_json_unescape(&t, d, i);
    bool eq = t.len == n && (n == 0 || memcmp(t.data, key, n) == 0);
    lg_buf_deinit(&t);
    return eq;
}

int32_t sqlfn__json_obj_get(const jdoc_t *d, int32_t i, const char *key, size_t n)
{
    if (i < 0 || d->nodes[i].kind != JN_OBJECT) {
        return -1;
    }
    int32_t found = -1;
    for (int32_t k = d->nodes[i].child; k >= 0; k = d->nodes[k].next) {
        if (sqlfn__json_key_eq(d, k, key, n)) {
            found = k + 1;
        }
    }
    return found;
}

int32_t sqlfn__json_arr_get(const jdoc_t *d, int32_t i, int64_t k)
{
    if (i < 0 || d->nodes[i].kind != JN_ARRAY) {
        return -1;
    }
    if (k < 0) {
        k += d->nodes[i].count;
    }
    if (k < 0 || k >= d->nodes[i].count) {
        return -1;
    }
    int32_t e = d->nodes[i].child;
    while (k-- > 0) {
        e = d->nodes[e].next;
    }
    return e;
}
