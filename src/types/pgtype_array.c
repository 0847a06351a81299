/* pgtype_array.c - arrays: PostgreSQL text '{1,2,"a b",NULL}' <-> JSON storage text
 * '[1,2,"a b",null]' (nested arrays for more dimensions).
 *
 * Input: each element goes through the element type's text input, then is written as JSON
 * (numbers bare, bool true/false, non-finite floats and everything else as strings).
 * Output: each JSON element becomes a storage value, goes through the element type's text
 * output, and is double-quoted when PostgreSQL would (empty, NULL-like, or containing
 * { } " , \ or white space; " and \ are backslash-escaped). */
#include "lg_alloc.h"
#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_int.h"
#include "pgtype_num.h"
#include "pgtype_text.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ARRAY_BUF_MAX (1u << 30)
#define ARRAY_MAXDEPTH 6

typedef struct actx {
    const char *s;
    size_t n;
    size_t i;
    uint32_t elem;
    const pgtype_session_t *ss;
    lg_buf_t *out;
    lg_pgerr_t *err;
    int len[ARRAY_MAXDEPTH + 2]; /* elements of every sub-array at each depth (0: not seen) */
    int leaf_depth;              /* depth of the elements (0: not seen) */
} actx_t;

void pgtype__json_put_value(const pgtype_value_t *v, uint32_t oid, lg_buf_t *out)
{
    switch (v->storage) {
    case PGTYPE_ST_INT:
        if (oid == PGTYPE_BOOL)
            lg_buf_printf(out, "%s", v->i ? "true" : "false");
        else
            lg_buf_printf(out, "%lld", (long long)v->i);
        return;
    case PGTYPE_ST_FLOAT:
        if (isfinite(v->d)) {
            pgtype_float8_format(v->d, 1, out);
        } else {
            lg_buf_putc(out, '"');
            pgtype_float8_format(v->d, 1, out);
            lg_buf_putc(out, '"');
        }
        return;
    case PGTYPE_ST_TEXT:
        if (oid == PGTYPE_NUMERIC && v->n > 0 && (isdigit(v->p[0]) || v->p[0] == '-'))
            lg_buf_append(out, v->p, v->n);
        else
            pgtype__json_put_string(v->p, v->n, out);
        return;
    case PGTYPE_ST_BLOB: {
        static const char k_hex[] = "0123456789abcdef";
        lg_buf_append(out, "\"\\\\x", 4);
        for (size_t i = 0; i < v->n; i++) {
            lg_buf_putc(out, (uint8_t)k_hex[v->p[i] >> 4]);
            lg_buf_putc(out, (uint8_t)k_hex[v->p[i] & 15]);
        }
        lg_buf_putc(out, '"');
        return;
    }
    default:
        lg_buf_append(out, "null", 4);
    }
}

static int malformed(actx_t *c, const char *detail)
{
    lg_pgerr_set(c->err, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                 "malformed array literal: \"%.*s\"", (int)(c->n > 200 ? 200 : c->n), c->s);
    lg_pgerr_detail(c->err, "%s", detail);
    return LG_ESQL;
}

static void skip_ws(actx_t *c)
{
    while (c->i < c->n && isspace((unsigned char)c->s[c->i]))
        c->i++;
}

/* Reads one element's text (quoted or not) into tb; *quoted says which. */
static int read_item(actx_t *c, lg_buf_t *tb, bool *quoted)
{
    *quoted = c->i < c->n && c->s[c->i] == '"';
    if (*quoted) {
        for (c->i++; c->i < c->n && c->s[c->i] != '"'; c->i++) {
            if (c->s[c->i] == '\\' && ++c->i >= c->n)
                break;
            lg_buf_putc(tb, (uint8_t)c->s[c->i]);
        }
        if (c->i >= c->n)
            return malformed(c, "Unexpected end of input.");
        c->i++;
        return 0;
    }
    size_t last_nonspace = 0;
    while (c->i < c->n && c->s[c->i] != ',' && c->s[c->i] != '}') {
        char ch = c->s[c->i];
        if (ch == '{' || ch == '"')
            return malformed(c, "Unexpected array element.");
        if (ch == '\\' && ++c->i >= c->n)
            return malformed(c, "Unexpected end of input.");
        lg_buf_putc(tb, (uint8_t)c->s[c->i]);
        if (ch == '\\' || !isspace((unsigned char)ch))
            last_nonspace = tb->len;
        c->i++;
    }
    tb->len = last_nonspace;
    if (tb->len == 0)
        return malformed(c, "Unexpected \",\" character.");
    return 0;
}

static int convert_item(actx_t *c, const lg_buf_t *tb, bool quoted)
{
    if (!quoted && tb->len == 4 && strncasecmp((const char *)tb->data, "NULL", 4) == 0) {
        lg_buf_append(c->out, "null", 4);
        return 0;
    }
    lg_buf_t scratch;
    lg_buf_init(&scratch, ARRAY_BUF_MAX);
    pgtype_value_t v;
    int rc = pgtype_text_in(tb->len ? (const char *)tb->data : "", tb->len, c->elem, -1, c->ss, &v,
                            &scratch, c->err);
    if (rc == 0)
        pgtype__json_put_value(&v, c->elem, c->out);
    lg_buf_deinit(&scratch);
    return rc;
}

/* Every sub-array at one depth has the same length, and elements sit at one depth only. */
static int check_shape(actx_t *c, int depth, int count, bool leaf)
{
    static const char k_detail[] =
        "Multidimensional arrays must have sub-arrays with matching dimensions.";
    if (leaf && c->leaf_depth != 0 && c->leaf_depth != depth)
        return malformed(c, k_detail);
    if (leaf)
        c->leaf_depth = depth;
    if (!leaf && c->leaf_depth != 0 && c->leaf_depth <= depth)
        return malformed(c, k_detail);
    if (count < 0)
        return 0;
    if (c->len[depth] != 0 && c->len[depth] != count)
        return malformed(c, k_detail);
    c->len[depth] = count;
    return 0;
}

static int parse_level(actx_t *c, int depth)
{
    if (depth > ARRAY_MAXDEPTH)
        return malformed(c, "Too many dimensions.");
    c->i++; /* '{' */
    lg_buf_putc(c->out, '[');
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == '}') {
        if (depth > 1) /* '{{}}': only the whole array may be empty */
            return malformed(c, "Unexpected \"}\" character.");
        c->i++;
        lg_buf_putc(c->out, ']');
        return 0;
    }
    int count = 0;
    for (bool first = true;; first = false) {
        if (!first)
            lg_buf_putc(c->out, ',');
        skip_ws(c);
        int rc;
        count++;
        bool sub = c->i < c->n && c->s[c->i] == '{';
        if ((rc = check_shape(c, depth + 1, -1, !sub)) != 0)
            return rc;
        if (sub) {
            rc = parse_level(c, depth + 1);
        } else {
            lg_buf_t tb;
            bool quoted;
            lg_buf_init(&tb, ARRAY_BUF_MAX);
            rc = read_item(c, &tb, &quoted);
            if (rc == 0)
                rc = convert_item(c, &tb, quoted);
            lg_buf_deinit(&tb);
        }
        if (rc != 0)
            return rc;
        skip_ws(c);
        if (c->i >= c->n)
            return malformed(c, "Unexpected end of input.");
        if (c->s[c->i++] == '}')
            break;
        if (c->s[c->i - 1] != ',')
            return malformed(c, "Unexpected array element.");
    }
    lg_buf_putc(c->out, ']');
    return depth > 1 ? check_shape(c, depth, count, false) : 0;
}

static bool read_bound(actx_t *c, long *v)
{
    const char *p = c->s + c->i;
    char *end;
    if (c->i >= c->n || !(isdigit((unsigned char)*p) || *p == '-' || *p == '+'))
        return false;
    *v = strtol(p, &end, 10);
    if ((size_t)(end - c->s) > c->n)
        return false;
    c->i = (size_t)(end - c->s);
    return true;
}

/* '[lo:hi][lo:hi]=' before the braces: storage keeps no lower bounds, so any lower bound
 * other than 1 is 0A000 rather than an array that PostgreSQL would number differently. */
static int skip_dims(actx_t *c)
{
    while (c->i < c->n && c->s[c->i] == '[') {
        long lo = 1, hi;
        c->i++;
        if (!read_bound(c, &hi))
            return malformed(c, "\"[\" must introduce explicitly-specified array dimensions.");
        if (c->i < c->n && c->s[c->i] == ':') {
            c->i++;
            lo = hi;
            if (!read_bound(c, &hi))
                return malformed(c, "Missing array dimension value.");
        }
        if (c->i >= c->n || c->s[c->i] != ']')
            return malformed(c, "Missing \"]\" after array dimensions.");
        c->i++;
        if (lo != 1) {
            lg_pgerr_set(c->err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "arrays with a lower bound other than 1 are not supported: \"%.*s\"",
                         (int)(c->n > 200 ? 200 : c->n), c->s);
            return LG_ESQL;
        }
        (void)hi;
    }
    skip_ws(c);
    if (c->i >= c->n || c->s[c->i] != '=')
        return malformed(c, "Missing \"=\" after array dimensions.");
    c->i++;
    skip_ws(c);
    return 0;
}

int pgtype__array_in(const char *s, size_t n, uint32_t elem_oid, const pgtype_session_t *ss,
                     lg_buf_t *out, lg_pgerr_t *err)
{
    actx_t c = {.s = s, .n = n, .elem = elem_oid, .ss = ss, .out = out, .err = err};
    skip_ws(&c);
    if (c.i < n && s[c.i] == '[') { /* dimension decoration '[1:3]={...}' */
        int rc = skip_dims(&c);
        if (rc != 0)
            return rc;
    }
    if (c.i >= n || s[c.i] != '{')
        return malformed(&c, "Array value must start with \"{\" or dimension information.");
    int rc = parse_level(&c, 1);
    if (rc != 0)
        return rc;
    skip_ws(&c);
    if (c.i != n)
        return malformed(&c, "Junk after closing right brace.");
    return 0;
}

/* ---- output ---- */

static void put_quoted(const uint8_t *p, size_t n, lg_buf_t *out)
{
    bool need = n == 0 || (n == 4 && strncasecmp((const char *)p, "NULL", 4) == 0);
    for (size_t i = 0; i < n && !need; i++)
        need = strchr("{}\",\\", p[i]) != NULL || isspace(p[i]);
    if (!need) {
        lg_buf_append(out, p, n);
        return;
    }
    lg_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"' || p[i] == '\\')
            lg_buf_putc(out, '\\');
        lg_buf_putc(out, p[i]);
    }
    lg_buf_putc(out, '"');
}

static bool number_value(const char *st, size_t len, uint32_t elem, pgtype_value_t *v)
{
    char tmp[64];
    if (len >= sizeof(tmp) || elem == PGTYPE_NUMERIC) {
        *v = (pgtype_value_t){.storage = PGTYPE_ST_TEXT, .p = (const uint8_t *)st, .n = len};
        return true;
    }
    memcpy(tmp, st, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    long long ll = strtoll(tmp, &end, 10);
    if (*end == '\0' && errno == 0) {
        *v = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = ll};
        return true;
    }
    *v = (pgtype_value_t){.storage = PGTYPE_ST_FLOAT, .d = strtod(tmp, NULL)};
    return true;
}

static bool out_level(const char **p, const char *end, uint32_t elem, const pgtype_session_t *ss,
                      lg_buf_t *out, int depth);

bool pgtype__json_elem_value(const char **p, const char *end, uint32_t elem, pgtype_value_t *v,
                             lg_buf_t *sb)
{
    pgtype__json_ws(p, end);
    const char *st = *p;
    *v = (pgtype_value_t){.storage = PGTYPE_ST_NULL};
    if (st >= end || *st == '[' || *st == '{')
        return false;
    if (*st == '"') {
        if (!pgtype__json_string(p, end, sb))
            return false;
        *v = (pgtype_value_t){.storage = PGTYPE_ST_TEXT,
                              .p = sb->data ? sb->data : (const uint8_t *)"",
                              .n = sb->len};
        return true;
    }
    if (!pgtype__json_skip(p, end))
        return false;
    if (*st == 't' || *st == 'f')
        *v = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = *st == 't'};
    else if (*st != 'n')
        return number_value(st, (size_t)(*p - st), elem, v);
    return true;
}

static bool out_elem(const char **p, const char *end, uint32_t elem, const pgtype_session_t *ss,
                     lg_buf_t *out, int depth)
{
    pgtype__json_ws(p, end);
    if (*p >= end)
        return false;
    if (**p == '[')
        return depth < ARRAY_MAXDEPTH && out_level(p, end, elem, ss, out, depth + 1);
    lg_buf_t tb, sb;
    lg_buf_init(&tb, ARRAY_BUF_MAX);
    lg_buf_init(&sb, ARRAY_BUF_MAX);
    pgtype_value_t v;
    bool ok = pgtype__json_elem_value(p, end, elem, &v, &sb);
    if (ok && v.storage == PGTYPE_ST_NULL) {
        lg_buf_append(out, "NULL", 4);
    } else if (ok) {
        (void)pgtype_text_out(&v, elem, -1, ss, &tb);
        put_quoted(tb.data ? tb.data : (const uint8_t *)"", tb.len, out);
    }
    lg_buf_deinit(&tb);
    lg_buf_deinit(&sb);
    return ok;
}

static bool out_level(const char **p, const char *end, uint32_t elem, const pgtype_session_t *ss,
                      lg_buf_t *out, int depth)
{
    (*p)++;
    lg_buf_putc(out, '{');
    pgtype__json_ws(p, end);
    if (*p < end && **p == ']') {
        (*p)++;
        lg_buf_putc(out, '}');
        return true;
    }
    for (bool first = true;; first = false) {
        if (!first)
            lg_buf_putc(out, ',');
        if (!out_elem(p, end, elem, ss, out, depth))
            return false;
        pgtype__json_ws(p, end);
        if (*p < end && **p == ',') {
            (*p)++;
            continue;
        }
        if (*p >= end || **p != ']')
            return false;
        (*p)++;
        lg_buf_putc(out, '}');
        return true;
    }
}

int pgtype__array_out(const uint8_t *p, size_t n, uint32_t elem_oid, const pgtype_session_t *ss,
                      lg_buf_t *out)
{
    const char *s = (const char *)p;
    const char *end = s + n;
    size_t mark = out->len;
    pgtype__json_ws(&s, end);
    if (s < end && *s == '[' && out_level(&s, end, elem_oid, ss, out, 1)) {
        pgtype__json_ws(&s, end);
        if (s == end)
            return 0;
    }
    out->len = mark; /* not a JSON array: print the stored text as it is */
    lg_buf_append(out, p, n);
    return 0;
}
