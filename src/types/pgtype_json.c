/* pgtype_json.c - JSON parsing (RFC 8259, as PostgreSQL's json type accepts it),
 * validation, and jsonb normalization; see pgtype_json.h for the normal form.
 *
 * One recursive-descent parser serves both: with `out` NULL it only validates. Objects
 * are normalized by collecting (key, normalized value text) pairs, sorting them by
 * (key length, key bytes, position) and keeping the last of equal keys. */
#include "pgtype_json.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype_int.h"
#include "pgtype_num.h"
#include "pgtype_text.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define JSON_BUF_MAX (1u << 30)

typedef struct jctx {
    const char *end;
    int depth;
    bool nul_escape; /* saw \u0000 (jsonb rejects it) */
} jctx_t;

typedef struct jpair {
    uint8_t *key;
    size_t klen;
    uint8_t *val;
    size_t vlen;
    size_t pos;
} jpair_t;

static bool parse_value(jctx_t *c, const char **p, lg_buf_t *out);

void pgtype__json_ws(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r'))
        (*p)++;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static bool read_u4(const char **p, const char *end, unsigned *v)
{
    if (end - *p < 4)
        return false;
    *v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((*p)[i]);
        if (h < 0)
            return false;
        *v = *v * 16 + (unsigned)h;
    }
    *p += 4;
    return true;
}

static void put_utf8(lg_buf_t *out, unsigned cp)
{
    if (cp < 0x80) {
        lg_buf_putc(out, (uint8_t)cp);
    } else if (cp < 0x800) {
        lg_buf_putc(out, (uint8_t)(0xC0 | (cp >> 6)));
        lg_buf_putc(out, (uint8_t)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        lg_buf_putc(out, (uint8_t)(0xE0 | (cp >> 12)));
        lg_buf_putc(out, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
        lg_buf_putc(out, (uint8_t)(0x80 | (cp & 0x3F)));
    } else {
        lg_buf_putc(out, (uint8_t)(0xF0 | (cp >> 18)));
        lg_buf_putc(out, (uint8_t)(0x80 | ((cp >> 12) & 0x3F)));
        lg_buf_putc(out, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
        lg_buf_putc(out, (uint8_t)(0x80 | (cp & 0x3F)));
    }
}

static bool string_escape(const char **p, const char *end, lg_buf_t *out, bool *nul)
{
    char e = *(*p)++;
    static const char k_from[] = "\"\\/bfnrt";
    static const char k_to[] = "\"\\/\b\f\n\r\t";
    const char *hit = e ? strchr(k_from, e) : NULL;
    if (hit) {
        if (out)
            lg_buf_putc(out, (uint8_t)k_to[hit - k_from]);
        return true;
    }
    unsigned cp;
    if (e != 'u' || !read_u4(p, end, &cp))
        return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned lo;
        if (end - *p < 6 || (*p)[0] != '\\' || (*p)[1] != 'u')
            return false;
        *p += 2;
        if (!read_u4(p, end, &lo) || lo < 0xDC00 || lo > 0xDFFF)
            return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return false;
    }
    if (cp == 0)
        *nul = true;
    if (out)
        put_utf8(out, cp);
    return true;
}

static bool parse_string(const char **p, const char *end, lg_buf_t *out, bool *nul)
{
    if (*p >= end || **p != '"')
        return false;
    (*p)++;
    while (*p < end) {
        unsigned char ch = (unsigned char)**p;
        if (ch == '"') {
            (*p)++;
            return true;
        }
        if (ch < 0x20)
            return false;
        (*p)++;
        if (ch == '\\') {
            if (*p >= end || !string_escape(p, end, out, nul))
                return false;
        } else if (out) {
            lg_buf_putc(out, ch);
        }
    }
    return false;
}

bool pgtype__json_string(const char **p, const char *end, lg_buf_t *out)
{
    bool nul = false;
    return parse_string(p, end, out, &nul);
}

void pgtype__json_put_string(const uint8_t *s, size_t n, lg_buf_t *out)
{
    static const char k_hex[] = "0123456789abcdef";
    lg_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = s[i];
        const char *esc = NULL;
        switch (ch) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc) {
            lg_buf_append(out, esc, 2);
        } else if (ch < 0x20) {
            char u[6] = {'\\', 'u', '0', '0', k_hex[ch >> 4], k_hex[ch & 15]};
            lg_buf_append(out, u, 6);
        } else {
            lg_buf_putc(out, ch);
        }
    }
    lg_buf_putc(out, '"');
}

static bool parse_number(const char **p, const char *end, lg_buf_t *out)
{
    const char *st = *p;
    const char *q = *p;
    if (q < end && *q == '-')
        q++;
    if (q >= end || !isdigit((unsigned char)*q))
        return false;
    if (*q == '0')
        q++;
    else
        while (q < end && isdigit((unsigned char)*q))
            q++;
    if (q < end && *q == '.') {
        q++;
        if (q >= end || !isdigit((unsigned char)*q))
            return false;
        while (q < end && isdigit((unsigned char)*q))
            q++;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < end && (*q == '+' || *q == '-'))
            q++;
        if (q >= end || !isdigit((unsigned char)*q))
            return false;
        while (q < end && isdigit((unsigned char)*q))
            q++;
    }
    *p = q;
    if (out) {
        pgtype_dec_t d;
        if (!pgtype_dec_parse(st, (size_t)(q - st), &d))
            lg_buf_append(out, st, (size_t)(q - st));
        else
            pgtype_dec_format(&d, out);
    }
    return true;
}

static int pair_cmp(const void *a, const void *b)
{
    const jpair_t *x = a;
    const jpair_t *y = b;
    if (x->klen != y->klen)
        return x->klen < y->klen ? -1 : 1;
    int c = memcmp(x->key, y->key, x->klen);
    if (c != 0)
        return c;
    return x->pos < y->pos ? -1 : (x->pos > y->pos ? 1 : 0);
}

static void emit_pairs(jpair_t *v, size_t n, lg_buf_t *out)
{
    qsort(v, n, sizeof(*v), pair_cmp);
    bool first = true;
    lg_buf_putc(out, '{');
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && v[i + 1].klen == v[i].klen && !memcmp(v[i + 1].key, v[i].key, v[i].klen))
            continue; /* a later duplicate wins */
        if (!first)
            lg_buf_append(out, ", ", 2);
        first = false;
        pgtype__json_put_string(v[i].key, v[i].klen, out);
        lg_buf_append(out, ": ", 2);
        lg_buf_append(out, v[i].val, v[i].vlen);
    }
    lg_buf_putc(out, '}');
}

static void free_pairs(jpair_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].key);
        free(v[i].val);
    }
    free(v);
}

/* Parses "key": value into a pair (normalizing) or just validates. */
static bool parse_member(jctx_t *c, const char **p, lg_buf_t *out, jpair_t *pair)
{
    lg_buf_t kb, vb;
    lg_buf_init(&kb, JSON_BUF_MAX);
    lg_buf_init(&vb, JSON_BUF_MAX);
    bool ok = parse_string(p, c->end, out ? &kb : NULL, &c->nul_escape);
    if (ok) {
        pgtype__json_ws(p, c->end);
        ok = *p < c->end && **p == ':';
    }
    if (ok) {
        (*p)++;
        ok = parse_value(c, p, out ? &vb : NULL);
    }
    if (ok && out) {
        pair->key = lg_buf_steal(&kb, &pair->klen);
        pair->val = lg_buf_steal(&vb, &pair->vlen);
    }
    lg_buf_deinit(&kb);
    lg_buf_deinit(&vb);
    return ok;
}

static bool parse_object(jctx_t *c, const char **p, lg_buf_t *out)
{
    jpair_t *v = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    (*p)++;
    pgtype__json_ws(p, c->end);
    if (*p < c->end && **p == '}') {
        (*p)++;
        if (out)
            lg_buf_append(out, "{}", 2);
        return true;
    }
    for (;;) {
        if (out && n == cap) {
            cap = cap ? cap * 2 : 8;
            v = lg_xrealloc(v, cap * sizeof(*v));
        }
        pgtype__json_ws(p, c->end);
        jpair_t pair = {.pos = n};
        if (!(ok = parse_member(c, p, out, &pair)))
            break;
        if (out)
            v[n++] = pair;
        pgtype__json_ws(p, c->end);
        if (*p < c->end && **p == ',') {
            (*p)++;
            continue;
        }
        ok = *p < c->end && **p == '}';
        if (ok)
            (*p)++;
        break;
    }
    if (ok && out)
        emit_pairs(v, n, out);
    free_pairs(v, n);
    return ok;
}

static bool parse_array(jctx_t *c, const char **p, lg_buf_t *out)
{
    (*p)++;
    if (out)
        lg_buf_putc(out, '[');
    pgtype__json_ws(p, c->end);
    if (*p < c->end && **p == ']') {
        (*p)++;
        if (out)
            lg_buf_putc(out, ']');
        return true;
    }
    for (bool first = true;; first = false) {
        if (out && !first)
            lg_buf_append(out, ", ", 2);
        if (!parse_value(c, p, out))
            return false;
        pgtype__json_ws(p, c->end);
        if (*p < c->end && **p == ',') {
            (*p)++;
            continue;
        }
        if (*p >= c->end || **p != ']')
            return false;
        (*p)++;
        if (out)
            lg_buf_putc(out, ']');
        return true;
    }
}

static bool parse_literal(const char **p, const char *end, const char *w, lg_buf_t *out)
{
    size_t n = strlen(w);
    if ((size_t)(end - *p) < n || memcmp(*p, w, n) != 0)
        return false;
    *p += n;
    if (*p < end && isalnum((unsigned char)**p))
        return false;
    if (out)
        lg_buf_append(out, w, n);
    return true;
}

static bool parse_value(jctx_t *c, const char **p, lg_buf_t *out)
{
    pgtype__json_ws(p, c->end);
    if (*p >= c->end)
        return false;
    bool ok;
    switch (**p) {
    case '{':
    case '[':
        if (++c->depth > PGTYPE_JSON_MAXDEPTH)
            return false;
        ok = **p == '{' ? parse_object(c, p, out) : parse_array(c, p, out);
        c->depth--;
        return ok;
    case '"':
        if (!out)
            return parse_string(p, c->end, NULL, &c->nul_escape);
        {
            lg_buf_t sb;
            lg_buf_init(&sb, JSON_BUF_MAX);
            ok = parse_string(p, c->end, &sb, &c->nul_escape);
            if (ok)
                pgtype__json_put_string(sb.data, sb.len, out);
            lg_buf_deinit(&sb);
            return ok;
        }
    case 't':
        return parse_literal(p, c->end, "true", out);
    case 'f':
        return parse_literal(p, c->end, "false", out);
    case 'n':
        return parse_literal(p, c->end, "null", out);
    default:
        return parse_number(p, c->end, out);
    }
}

bool pgtype__json_skip(const char **p, const char *end)
{
    jctx_t c = {.end = end};
    return parse_value(&c, p, NULL);
}

static int run(const char *s, size_t n, lg_buf_t *out, lg_pgerr_t *err)
{
    jctx_t c = {.end = s + n};
    const char *p = s;
    bool ok = parse_value(&c, &p, out);
    if (ok) {
        pgtype__json_ws(&p, c.end);
        ok = p == c.end;
    }
    if (!ok) {
        lg_pgerr_set(err, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                     "invalid input syntax for type json");
        if (p >= c.end)
            lg_pgerr_detail(err, "The input string ended unexpectedly.");
        return LG_ESQL;
    }
    if (out && c.nul_escape)
        return lg_pgerr_set(err, "22P05", "unsupported Unicode escape sequence");
    return 0;
}

int pgtype_json_validate(const char *s, size_t n, lg_pgerr_t *err)
{
    return run(s, n, NULL, err);
}

int pgtype_jsonb_normalize(const char *s, size_t n, lg_buf_t *out, lg_pgerr_t *err)
{
    return run(s, n, out, err);
}
