/* sqlfn_pgarray.c - conversion between PostgreSQL's array text form and the JSON array text
 * arrays are stored as.
 *
 *   lg_array_in(text, kind)  '{1,2,"a b",NULL}' -> JSON array text. kind: 'text' (elements
 *       become strings), 'int'/'numeric'/'float' (unquoted elements must be numbers), 'bool'
 *       (t/true/f/false/...). Nested braces become nested arrays. Bad input is 22P02
 *       "malformed array literal".
 *   lg_array_out(json)       JSON array text -> '{1,2,"a b",NULL}' (true/false print t/f,
 *       elements quoted when empty, "NULL", or containing {},"\ or whitespace).
 *
 * Grammar accepted: '{' [elem (',' elem)*] '}' with optional whitespace around elements;
 * elem is a nested array, a double-quoted string with backslash escapes, or an unquoted run
 * (backslash escapes allowed; NULL unquoted is SQL NULL). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

typedef struct arrp {
    const char *s;
    size_t n;
    size_t pos;
    char kind; /* 't' text, 'n' number, 'b' bool */
    int depth;
} arrp_t;

static void arr_ws(arrp_t *p)
{
    while (p->pos < p->n && isspace((unsigned char)p->s[p->pos])) {
        p->pos++;
    }
}

static bool is_json_number(const char *s, size_t n)
{
    jdoc_t d;
    bool ok = n > 0 && sqlfn_json_parse(&d, s, n) == 0 && d.nodes[0].kind == JN_NUMBER;
    sqlfn_json_free(&d);
    return ok;
}

/* Emits one scalar element collected in t (quoted says whether it was written in quotes). */
static bool emit_scalar(arrp_t *p, lg_buf_t *out, lg_buf_t *t, bool quoted)
{
    const char *v = t->data ? (const char *)t->data : "";
    if (!quoted && t->len == 4 && strncasecmp(v, "null", 4) == 0) {
        lg_buf_append(out, "null", 4);
        return true;
    }
    if (p->kind == 'n') {
        if (!is_json_number(v, t->len)) {
            return false;
        }
        lg_buf_append(out, v, t->len);
        return true;
    }
    if (p->kind == 'b') {
        static const char *const yes[] = {"t", "true", "y", "yes", "on", "1"};
        static const char *const no[] = {"f", "false", "n", "no", "off", "0"};
        for (size_t i = 0; i < LG_ARRAY_LEN(yes); i++) {
            if (t->len == strlen(yes[i]) && strncasecmp(v, yes[i], t->len) == 0) {
                lg_buf_append(out, "true", 4);
                return true;
            }
            if (t->len == strlen(no[i]) && strncasecmp(v, no[i], t->len) == 0) {
                lg_buf_append(out, "false", 5);
                return true;
            }
        }
        return false;
    }
    sqlfn__json_quote(out, (const unsigned char *)v, t->len);
    return true;
}

static bool parse_elem(arrp_t *p, lg_buf_t *out);

static bool parse_array(arrp_t *p, lg_buf_t *out)
{
    if (p->pos >= p->n || p->s[p->pos] != '{' || ++p->depth > 6) {
        return false;
    }
    p->pos++;
    lg_buf_putc(out, '[');
    arr_ws(p);
    if (p->pos < p->n && p->s[p->pos] == '}') {
        p->pos++;
        lg_buf_putc(out, ']');
        p->depth--;
        return true;
    }
    for (;;) {
        if (!parse_elem(p, out)) {
            return false;
        }
        arr_ws(p);
        if (p->pos < p->n && p->s[p->pos] == ',') {
            p->pos++;
            lg_buf_putc(out, ',');
            continue;
        }
        if (p->pos < p->n && p->s[p->pos] == '}') {
            p->pos++;
            lg_buf_putc(out, ']');
            p->depth--;
            return true;
        }
        return false;
    }
}

static bool parse_elem(arrp_t *p, lg_buf_t *out)
{
    arr_ws(p);
    if (p->pos < p->n && p->s[p->pos] == '{') {
        return parse_array(p, out);
    }
    lg_buf_t t;
    lg_buf_init(&t, SQLFN_MAX_LEN);
    bool quoted = p->pos < p->n && p->s[p->pos] == '"';
    bool ok = true;
    if (quoted) {
        p->pos++;
        while (p->pos < p->n && p->s[p->pos] != '"') {
            if (p->s[p->pos] == '\\' && p->pos + 1 < p->n) {
                p->pos++;
            }
            lg_buf_putc(&t, (uint8_t)p->s[p->pos++]);
        }
        ok = p->pos < p->n;
        p->pos++;
    } else {
        while (p->pos < p->n && strchr(",}{\"", p->s[p->pos]) == NULL) {
            if (p->s[p->pos] == '\\' && p->pos + 1 < p->n) {
                p->pos++;
            }
            lg_buf_putc(&t, (uint8_t)p->s[p->pos++]);
        }
        while (t.len > 0 && isspace(t.data[t.len - 1])) {
            t.len--;
        }
        ok = t.len > 0;
    }
    ok = ok && emit_scalar(p, out, &t, quoted);
    lg_buf_deinit(&t);
    return ok;
}

int sqlfn__pgarray_to_json(lg_buf_t *out, const char *s, size_t n, char kind)
{
    arrp_t p = {s, n, 0, kind, 0};
    arr_ws(&p);
    if (!parse_array(&p, out)) {
        return LG_EINVAL;
    }
    arr_ws(&p);
    return p.pos == n ? 0 : LG_EINVAL;
}

static char kind_of(const char *k)
{
    if (k == NULL || sqlite3_stricmp(k, "text") == 0) {
        return 't';
    }
    if (sqlite3_stricmp(k, "bool") == 0 || sqlite3_stricmp(k, "boolean") == 0) {
        return 'b';
    }
    return 'n';
}

static void fn_array_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    char kind = kind_of(argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : NULL);
    if (sqlfn__pgarray_to_json(&b, s, n, kind) != 0) {
        lg_buf_deinit(&b);
        sqlfn__error(ctx, "22P02", "malformed array literal: \"%.200s\"", s);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

static bool needs_quotes(const unsigned char *s, size_t n)
{
    if (n == 0 || (n == 4 && strncasecmp((const char *)s, "null", 4) == 0)) {
        return true;
    }
    for (size_t i = 0; i < n; i++) {
        if (strchr("{},\"\\", s[i]) != NULL || isspace(s[i])) {
            return true;
        }
    }
    return false;
}

static void out_node(lg_buf_t *b, const jdoc_t *d, int32_t i)
{
    const jnode_t *nd = &d->nodes[i];
    if (nd->kind == JN_ARRAY) {
        lg_buf_putc(b, '{');
        for (int32_t c = nd->child; c >= 0; c = d->nodes[c].next) {
            out_node(b, d, c);
            if (d->nodes[c].next >= 0) {
                lg_buf_putc(b, ',');
            }
        }
        lg_buf_putc(b, '}');
        return;
    }
    lg_buf_t t;
    lg_buf_init(&t, SQLFN_MAX_LEN);
    if (nd->kind == JN_NULL) {
        lg_buf_append(b, "NULL", 4);
    } else if (nd->kind == JN_TRUE || nd->kind == JN_FALSE) {
        lg_buf_putc(b, nd->kind == JN_TRUE ? 't' : 'f');
    } else {
        if (nd->kind == JN_STRING) {
            sqlfn_json_unescape(&t, d, i);
        } else {
            sqlfn__json_write(&t, d, i, JW_RAW);
        }
        const unsigned char *p = t.data ? t.data : (const unsigned char *)"";
        bool qt = needs_quotes(p, t.len);
        if (qt) {
            lg_buf_putc(b, '"');
        }
        for (size_t k = 0; k < t.len; k++) {
            if (qt && (p[k] == '"' || p[k] == '\\')) {
                lg_buf_putc(b, '\\');
            }
            lg_buf_putc(b, p[k]);
        }
        if (qt) {
            lg_buf_putc(b, '"');
        }
    }
    lg_buf_deinit(&t);
}

static void fn_array_out(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    if (d.nodes[0].kind != JN_ARRAY) {
        sqlfn_json_free(&d);
        sqlfn__error(ctx, "22P02", "malformed array literal");
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    out_node(&b, &d, 0);
    sqlfn_json_free(&d);
    sqlfn__result_buf_text(ctx, &b);
}

int sqlfn__json_path_parse(sqlite3_value *v, char **elems, int max, char **storage)
{
    const char *s = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    lg_buf_t js;
    lg_buf_init(&js, SQLFN_MAX_LEN);
    *storage = NULL;
    if (s == NULL || (n > 0 && s[0] == '[')) {
        lg_buf_append(&js, s ? s : "", n);
    } else if (sqlfn__pgarray_to_json(&js, s, n, 't') != 0) {
        lg_buf_deinit(&js);
        return -1;
    }
    jdoc_t d;
    int count = -1;
    lg_buf_t out;
    lg_buf_init(&out, SQLFN_MAX_LEN);
    size_t offs[64];
    if (sqlfn_json_parse(&d, (const char *)js.data, js.len) == 0 &&
        d.nodes[0].kind == JN_ARRAY && d.nodes[0].count <= max && max <= 64) {
        count = 0;
        for (int32_t c = d.nodes[0].child; c >= 0 && count >= 0; c = d.nodes[c].next) {
            offs[count] = out.len;
            if (d.nodes[c].kind == JN_STRING) {
                sqlfn_json_unescape(&out, &d, c);
            } else if (d.nodes[c].kind == JN_NUMBER) {
                sqlfn__json_write(&out, &d, c, JW_RAW);
            } else {
                count = -2; /* NULL path element */
                break;
            }
            lg_buf_putc(&out, 0);
            count++;
        }
    }
    sqlfn_json_free(&d);
    lg_buf_deinit(&js);
    if (count < 0 || out.failed) {
        lg_buf_deinit(&out);
        return count == -2 ? -2 : -1;
    }
    size_t len;
    *storage = (char *)lg_buf_steal(&out, &len);
    for (int i = 0; i < count; i++) {
        elems[i] = *storage + offs[i];
    }
    return count;
}

static const sqlfn_def_t defs[] = {
    {"lg_array_in", 1, SQLFN_PURE, fn_array_in},
    {"lg_array_in", 2, SQLFN_PURE, fn_array_in},
    {"lg_array_out", 1, SQLFN_PURE, fn_array_out},
};

int sqlfn__register_pgarray(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
