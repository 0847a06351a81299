/* translate_lift.c - literal lifting for the translation cache's second key (see
 * include/translate/translate_lift.h for the flow).
 *
 * The lexer follows PostgreSQL's token rules closely enough to never mistake text inside a
 * comment, a quoted identifier, a dollar-quoted string or an escape string for a literal:
 *   '...' ('' inside)       -> liftable string literal (class unknown, like PostgreSQL's)
 *   123, 1.5, 1e3, .5       -> liftable number (int4 / int8 / numeric by form and size;
 *                              a whole number past int8 is not lifted)
 *   E'..' B'..' X'..' N'..' U&'..', $tag$..$tag$, "ident", -- and nested / * * / comments
 *                           -> copied verbatim, so they stay part of the key
 *   $1                      -> the text has parameters: not lifted at all
 *   'a' <newline> 'b'       -> adjacent strings concatenate in PostgreSQL: not lifted
 *
 * A template is accepted only if all of these hold (so a reused translation can only differ
 * from a fresh one by binding values where the fresh one inlines the same values):
 *   - both translations are one plain READ or WRITE statement (no script), same tag, same
 *     row-returning-ness, same result columns (names, type OIDs, typmods);
 *   - the template uses exactly the parameters ?1..?n, n = number of literals, each at least
 *     once, and writing each literal's token in place of its ?k gives exactly the original's
 *     SQLite text (SQLite string quoting is PostgreSQL's standard one);
 *   - no ?k stands alone as an ORDER BY / GROUP BY term (SQLite reads a literal integer
 *     there as a column position, a bound value as a constant);
 *   - the template prepares on the worker's SQLite connection (constructs SQLite only
 *     accepts with literal constants fail here, not at the client).
 * Threads: lexing and value extraction any thread; templates on a worker. */
#include "translate_lift.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct lexer {
    const char *s;
    size_t n, i;
    char *out;
    size_t out_len, out_cap;
    translate_lifted_t *l;
    int lit_cap;
} lexer_t;

static void out_put(lexer_t *x, const char *p, size_t k)
{
    if (x->out_len + k + 1 > x->out_cap) {
        while (x->out_len + k + 1 > x->out_cap)
            x->out_cap = x->out_cap ? x->out_cap * 2 : 256;
        x->out = lg_xrealloc(x->out, x->out_cap);
    }
    memcpy(x->out + x->out_len, p, k);
    x->out_len += k;
    x->out[x->out_len] = '\0';
}

static bool ident_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static void add_lit(lexer_t *x, size_t off, size_t len, uint32_t type)
{
    translate_lifted_t *l = x->l;
    if (l->nlits == x->lit_cap) {
        x->lit_cap = x->lit_cap ? x->lit_cap * 2 : 8;
        l->lits = lg_xrealloc(l->lits, (size_t)x->lit_cap * sizeof(*l->lits));
        l->types = lg_xrealloc(l->types, (size_t)x->lit_cap * sizeof(*l->types));
    }
    l->lits[l->nlits] = (translate_lit_t){(uint32_t)off, (uint32_t)len};
    l->types[l->nlits] = type;
    l->nlits++;
    char ph[16];
    int k = snprintf(ph, sizeof(ph), "$%d", l->nlits);
    out_put(x, ph, (size_t)k);
}

/* Skips a '...' body starting at the quote; backslash escapes when `esc`. -1 unterminated. */
static long skip_quoted(const char *s, size_t n, size_t i, char q, bool esc)
{
    for (size_t j = i + 1; j < n; j++) {
        if (esc && s[j] == '\\' && j + 1 < n) {
            j++;
        } else if (s[j] == q) {
            if (j + 1 < n && s[j + 1] == q) {
                j++;
                continue;
            }
            return (long)(j + 1);
        }
    }
    return -1;
}

static long skip_comment(const char *s, size_t n, size_t i)
{
    int depth = 0;
    for (size_t j = i; j + 1 < n; j++) {
        if (s[j] == '/' && s[j + 1] == '*') {
            depth++;
            j++;
        } else if (s[j] == '*' && s[j + 1] == '/') {
            j++;
            if (--depth == 0)
                return (long)(j + 1);
        }
    }
    return -1;
}

/* $tag$ ... $tag$ starting at s[i] == '$'; -2 = a parameter ($1), -1 = not a dollar quote
 * or unterminated. */
static long skip_dollar(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    if (j < n && isdigit((unsigned char)s[j]))
        return -2;
    while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' || (unsigned char)s[j] >= 0x80))
        j++;
    if (j >= n || s[j] != '$')
        return -1;
    size_t tag = j + 1 - i;
    for (size_t k = j + 1; k + tag <= n; k++)
        if (s[k] == '$' && memcmp(s + k, s + i, tag) == 0)
            return (long)(k + tag);
    return -1;
}

/* int4 / int8 / numeric by form and size; 0 for a whole number past int8, which is not
 * lifted: its numeric has scale 0 and would share the key of decimal literals (1.50), whose
 * scale a reused template loses. */
static uint32_t number_type(const char *p, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (!isdigit((unsigned char)p[j]))
            return PGTYPE_NUMERIC;
    if (k > 19)
        return 0;
    char buf[24];
    memcpy(buf, p, k);
    buf[k] = '\0';
    unsigned long long v = strtoull(buf, NULL, 10);
    if (v <= 2147483647ull)
        return PGTYPE_INT4;
    return v <= 9223372036854775807ull ? PGTYPE_INT8 : 0;
}

static size_t scan_number(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && isdigit((unsigned char)s[j]))
        j++;
    if (j < n && s[j] == '.' && !(j + 1 < n && s[j + 1] == '.')) {
        j++;
        while (j < n && isdigit((unsigned char)s[j]))
            j++;
    }
    if (j < n && (s[j] == 'e' || s[j] == 'E')) {
        size_t e = j + 1;
        if (e < n && (s[e] == '+' || s[e] == '-'))
            e++;
        if (e < n && isdigit((unsigned char)s[e])) {
            j = e;
            while (j < n && isdigit((unsigned char)s[j]))
                j++;
        }
    }
    return j;
}

/* A plain string literal at s[i]; false when the text must not be lifted. */
static bool lex_string(lexer_t *x)
{
    long end = skip_quoted(x->s, x->n, x->i, '\'', false);
    if (end < 0)
        return false;
    size_t j = (size_t)end;
    bool newline = false;
    while (j < x->n && isspace((unsigned char)x->s[j]))
        newline |= x->s[j++] == '\n';
    if (newline && j < x->n && x->s[j] == '\'')
        return false; /* 'a' \n 'b' is one literal in PostgreSQL */
    add_lit(x, x->i, (size_t)end - x->i, 0);
    x->i = (size_t)end;
    return true;
}

/* An identifier or keyword, and a prefixed string (E'..', U&'..') glued to it. */
static bool lex_word(lexer_t *x)
{
    size_t st = x->i, j = x->i;
    while (j < x->n && ident_char((unsigned char)x->s[j]))
        j++;
    size_t wl = j - st;
    bool amp = wl == 1 && (x->s[st] == 'u' || x->s[st] == 'U') && j + 1 < x->n && x->s[j] == '&' &&
               x->s[j + 1] == '\'';
    if (amp)
        j++;
    if (j < x->n && x->s[j] == '\'' && (wl == 1 || amp)) {
        bool esc = x->s[st] == 'e' || x->s[st] == 'E';
        long end = skip_quoted(x->s, x->n, j, '\'', esc);
        if (end < 0)
            return false;
        j = (size_t)end;
    }
    out_put(x, x->s + st, j - st);
    x->i = j;
    return true;
}

static bool copy_until(lexer_t *x, long end)
{
    if (end < 0)
        return false;
    out_put(x, x->s + x->i, (size_t)end - x->i);
    x->i = (size_t)end;
    return true;
}

static bool lex_one(lexer_t *x)
{
    const char *s = x->s;
    size_t n = x->n, i = x->i;
    unsigned char c = (unsigned char)s[i];
    if (c == '\'')
        return lex_string(x);
    if (c == '"')
        return copy_until(x, skip_quoted(s, n, i, '"', false));
    if (c == '-' && i + 1 < n && s[i + 1] == '-') {
        size_t j = i;
        while (j < n && s[j] != '\n')
            j++;
        return copy_until(x, (long)j);
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '*')
        return copy_until(x, skip_comment(s, n, i));
    if (c == '$') {
        long end = skip_dollar(s, n, i);
        if (end == -2)
            return false;
        return copy_until(x, end < 0 ? (long)i + 1 : end);
    }
    if (isdigit(c) || (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
        size_t j = scan_number(s, n, i);
        if (j < n && ident_char((unsigned char)s[j]))
            return false; /* 123abc: leave such oddities to the parser */
        uint32_t type = number_type(s + i, j - i);
        if (type == 0)
            return false;
        add_lit(x, i, j - i, type);
        x->i = j;
        return true;
    }
    if (ident_char(c))
        return lex_word(x);
    out_put(x, s + i, 1);
    x->i = i + 1;
    return true;
}

int translate_lift_lex(const char *sql, size_t len, size_t max_len, translate_lifted_t *out)
{
    memset(out, 0, sizeof(*out));
    if (len > max_len)
        return LG_EINVAL;
    lexer_t x = {.s = sql, .n = len, .l = out};
    while (x.i < x.n)
        if (!lex_one(&x))
            goto fail;
    if (out->nlits == 0)
        goto fail;
    out->norm = x.out;
    out->norm_len = x.out_len;
    return 0;
fail:
    free(x.out);
    translate_lifted_free(out);
    return LG_EINVAL;
}

void translate_lifted_free(translate_lifted_t *l)
{
    if (!l)
        return;
    free(l->norm);
    free(l->lits);
    free(l->types);
    memset(l, 0, sizeof(*l));
}

char *translate_lift_value(const char *sql, const translate_lifted_t *l, int i, size_t *vlen)
{
    const char *p = sql + l->lits[i].off;
    size_t k = l->lits[i].len;
    char *v = lg_xmalloc(k + 1);
    size_t o = 0;
    if (p[0] != '\'') {
        memcpy(v, p, k);
        o = k;
    } else {
        for (size_t j = 1; j + 1 < k; j++) {
            v[o++] = p[j];
            if (p[j] == '\'')
                j++; /* '' -> ' */
        }
    }
    v[o] = '\0';
    *vlen = o;
    return v;
}

/* ---- template check ---- */

/* The original's SQLite text rebuilt from the template: each ?k (outside quotes) replaced
 * by literal k's token. NULL when a ?k is out of range; marks used literals. */
static char *substitute(const char *t, const char *sql, const translate_lifted_t *l, bool *used)
{
    size_t cap = strlen(t) + 1;
    for (int i = 0; i < l->nlits; i++)
        cap += l->lits[i].len;
    char *o = lg_xmalloc(cap * 2 + 16), q = 0;
    size_t n = 0, cap2 = cap * 2 + 16;
    for (size_t i = 0; t[i]; i++) {
        char c = t[i];
        if (q) {
            q = c == q ? 0 : q;
        } else if (c == '\'' || c == '"') {
            q = c;
        } else if (c == '?' && isdigit((unsigned char)t[i + 1])) {
            long k = strtol(t + i + 1, NULL, 10);
            if (k < 1 || k > l->nlits || n + l->lits[k - 1].len >= cap2) {
                free(o);
                return NULL;
            }
            used[k - 1] = true;
            memcpy(o + n, sql + l->lits[k - 1].off, l->lits[k - 1].len);
            n += l->lits[k - 1].len;
            while (isdigit((unsigned char)t[i + 1]))
                i++;
            continue;
        }
        if (n + 1 >= cap2) {
            free(o);
            return NULL;
        }
        o[n++] = c;
    }
    o[n] = '\0';
    return o;
}

static bool word_at(const char *p, const char *w)
{
    size_t k = strlen(w);
    return strncasecmp(p, w, k) == 0 && !ident_char((unsigned char)p[k]);
}

/* Whether the ORDER BY / GROUP BY list starting at p has a term that is just ?k. */
static bool list_has_bare_param(const char *p)
{
    for (;;) {
        while (*p == ' ')
            p++;
        const char *st = p;
        int depth = 0;
        while (*p && !(depth == 0 && (*p == ',' || *p == ')'))) {
            depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
            p++;
        }
        if (*st == '?' && isdigit((unsigned char)st[1])) {
            const char *e = st + 1;
            while (isdigit((unsigned char)*e))
                e++;
            while (*e == ' ')
                e++;
            if (e == p || word_at(e, "ASC") || word_at(e, "DESC") || word_at(e, "NULLS") ||
                word_at(e, "LIMIT") || word_at(e, "OFFSET") || word_at(e, "HAVING") ||
                word_at(e, "COLLATE") || word_at(e, "WINDOW") || word_at(e, "UNION") ||
                word_at(e, "EXCEPT") || word_at(e, "INTERSECT"))
                return true;
        }
        if (*p != ',')
            return false;
        p++;
    }
}

static bool has_ordinal_param(const char *t)
{
    char q = 0;
    for (const char *p = t; *p; p++) {
        if (q) {
            q = *p == q ? 0 : q;
        } else if (*p == '\'' || *p == '"') {
            q = *p;
        } else if ((word_at(p, "ORDER") || word_at(p, "GROUP")) &&
                   (p == t || !ident_char((unsigned char)p[-1]))) {
            const char *b = p + 5;
            while (*b == ' ')
                b++;
            if (word_at(b, "BY") && list_has_bare_param(b + 2))
                return true;
        }
    }
    return false;
}

static bool same_cols(const translate_stmt_t *a, const translate_stmt_t *b)
{
    if (a->ncols != b->ncols)
        return false;
    for (int i = 0; i < a->ncols; i++) {
        const translate_col_t *x = &a->cols[i], *y = &b->cols[i];
        if (x->type_oid != y->type_oid || x->typmod != y->typmod)
            return false;
        if ((x->name == NULL) != (y->name == NULL) || (x->name && strcmp(x->name, y->name)))
            return false;
    }
    return true;
}

static bool same_shape(const translate_stmt_t *t, const translate_stmt_t *o, int nlits)
{
    if (t->cls != o->cls || (t->cls != TR_CLASS_READ && t->cls != TR_CLASS_WRITE))
        return false;
    if (!t->sql || !o->sql || strcmp(t->tag, o->tag) != 0 || t->returns_rows != o->returns_rows)
        return false;
    if (!strncmp(t->sql, TRANSLATE_SCRIPT_MARK, strlen(TRANSLATE_SCRIPT_MARK)))
        return false;
    return t->nparams == nlits && same_cols(t, o);
}

static bool equivalent(const translate_result_t *t, const translate_result_t *o,
                       const translate_lifted_t *l, const char *sql)
{
    if (t->nstmts != 1 || o->nstmts != 1 || t->uncacheable || o->uncacheable)
        return false;
    const translate_stmt_t *ts = &t->stmts[0], *os = &o->stmts[0];
    if (!same_shape(ts, os, l->nlits) || has_ordinal_param(ts->sql))
        return false;
    bool *used = lg_xcalloc((size_t)l->nlits, sizeof(bool));
    char *back = substitute(ts->sql, sql, l, used);
    bool ok = back && strcmp(back, os->sql) == 0;
    for (int i = 0; ok && i < l->nlits; i++)
        ok = used[i];
    free(back);
    free(used);
    return ok;
}

static bool prepares(void *db, const char *sql)
{
    if (!db)
        return false;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    sqlite3_finalize(st);
    return rc == SQLITE_OK;
}

translate_result_t *translate_lift_template(const translate_lifted_t *l, const char *sql,
                                            const translate_result_t *orig,
                                            const translate_opts_t *opts)
{
    translate_opts_t o = *opts;
    o.nparam_types = l->nlits;
    o.param_types = l->types;
    translate_result_t *t = NULL;
    lg_pgerr_t err;
    lg_pgerr_clear(&err);
    if (translate_sql(l->norm, l->norm_len, &o, &t, &err) == 0 && equivalent(t, orig, l, sql) &&
        prepares(opts->catalog_db, t->stmts[0].sql))
        return t;
    if (t)
        translate_result_unref(t);
    t = lg_xcalloc(1, sizeof(*t));
    t->refcount = 1;
    return t; /* negative entry */
}
