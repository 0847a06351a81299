/* sqlfn_ts_vec.c - tsvector values (see sqlfn_ts.h for the stored text form):
 *   to_tsvector([config,] text), lg_ts_match(tsvector, tsquery) for @@ (NULL-strict),
 *   ts_rank(tsvector, tsquery [, normalization]) as PostgreSQL's ts_rank (weights D 0.1,
 *   C 0.2, B 0.4, A 1.0; AND/phrase queries rank by the proximity of their terms,
 *   others by term frequency; normalization bits 1, 2, 8 and 32), length(tsvector) as
 *   lg_tsvector_length, strip(tsvector). The default configuration is english. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_ts.h"

static int lex_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : (an < bn ? -1 : an > bn ? 1 : 0);
}

static int word_cmp(const void *x, const void *y)
{
    const ts_word_t *a = x, *b = y;
    int c = lex_cmp(a->lex, a->len, b->lex, b->len);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/* Prints a lexeme quoted as tsvector/tsquery output does. */
static void put_lex(lg_buf_t *b, const char *s, size_t n)
{
    lg_buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'' || s[i] == '\\')
            lg_buf_putc(b, (uint8_t)s[i]);
        lg_buf_putc(b, (uint8_t)s[i]);
    }
    lg_buf_putc(b, '\'');
}

/* tsvector text of words (stop words skipped): sorted, duplicates merged. */
static void words_to_tsvector(ts_words_t *w, lg_buf_t *b)
{
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->w[i].lex)
            w->w[k++] = w->w[i];
        else
            free(w->w[i].lex);
    w->n = k;
    if (w->n > 1)
        qsort(w->w, w->n, sizeof w->w[0], word_cmp);
    for (size_t i = 0; i < w->n;) {
        size_t j = i;
        lg_buf_append(b, " ", b->len ? 1 : 0);
        put_lex(b, w->w[i].lex, w->w[i].len);
        int count = 0, last = -1;
        for (; j < w->n && !lex_cmp(w->w[i].lex, w->w[i].len, w->w[j].lex, w->w[j].len); j++) {
            if (w->w[j].pos != last && count < 256) {
                lg_buf_printf(b, "%c%d", count ? ',' : ':', w->w[j].pos);
                last = w->w[j].pos;
                count++;
            }
        }
        i = j;
    }
}

void sqlfn__tsvec_free(ts_vec_t *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->e[i].lex);
        free(v->e[i].pos);
    }
    free(v->e);
    memset(v, 0, sizeof *v);
}

/* Reads one lexeme at s[*i] (quoted or bare) into b; false on a syntax error. */
static bool read_lexeme(const char *s, size_t n, size_t *i, lg_buf_t *b)
{
    size_t k = *i;
    if (s[k] == '\'') {
        for (k++; k < n; k++) {
            if (s[k] == '\\' && k + 1 < n) {
                lg_buf_putc(b, (uint8_t)s[++k]);
            } else if (s[k] == '\'' && k + 1 < n && s[k + 1] == '\'') {
                lg_buf_putc(b, '\'');
                k++;
            } else if (s[k] == '\'') {
                *i = k + 1;
                return true;
            } else {
                lg_buf_putc(b, (uint8_t)s[k]);
            }
        }
        return false;
    }
    for (; k < n && s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != ':'; k++) {
        if (s[k] == '\\' && k + 1 < n)
            k++;
        lg_buf_putc(b, (uint8_t)s[k]);
    }
    *i = k;
    return b->len > 0;
}

/* Reads ":1,2A,..." at s[*i] into e; false on a syntax error. */
static bool read_positions(const char *s, size_t n, size_t *i, ts_entry_t *e)
{
    size_t k = *i;
    if (k >= n || s[k] != ':')
        return true;
    do {
        k++;
        long p = 0;
        size_t d0 = k;
        while (k < n && s[k] >= '0' && s[k] <= '9' && p < 100000)
            p = p * 10 + (s[k++] - '0');
        if (k == d0 || p < 1)
            return false;
        int w = 0;
        if (k < n && strchr("ABCDabcd", s[k]) && s[k] != '\0') {
            char c = (char)(s[k++] | 0x20);
            w = 'd' - c; /* a = 3 ... d = 0 */
        }
        e->pos = lg_xrealloc(e->pos, (size_t)(e->npos + 1) * sizeof e->pos[0]);
        e->pos[e->npos++] = (uint16_t)((p > TS_MAX_POS ? TS_MAX_POS : p) | (w << 14));
    } while (k < n && s[k] == ',');
    *i = k;
    return true;
}

static int entry_cmp(const void *x, const void *y)
{
    const ts_entry_t *a = x, *b = y;
    return lex_cmp(a->lex, a->len, b->lex, b->len);
}

static int pos_cmp(const void *x, const void *y)
{
    int a = *(const uint16_t *)x & TS_MAX_POS, b = *(const uint16_t *)y & TS_MAX_POS;
    return (a > b) - (a < b);
}

bool sqlfn__tsvec_parse(sqlite3_context *ctx, const char *s, size_t n, ts_vec_t *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
            i++;
            continue;
        }
        lg_buf_t b;
        lg_buf_init(&b, SQLFN_MAX_LEN);
        ts_entry_t e = {0};
        bool ok = read_lexeme(s, n, &i, &b) && read_positions(s, n, &i, &e);
        if (!ok) {
            lg_buf_deinit(&b);
            free(e.pos);
            sqlfn__tsvec_free(out);
            sqlfn__error(ctx, "42601", "syntax error in tsvector: \"%.*s\"", (int)n, s);
            return false;
        }
        e.len = b.len;
        e.lex = lg_xmalloc(b.len + 1);
        memcpy(e.lex, b.data ? (const char *)b.data : "", b.len);
        e.lex[b.len] = '\0';
        lg_buf_deinit(&b);
        if (out->n == cap) {
            cap = cap ? cap * 2 : 16;
            out->e = lg_xrealloc(out->e, cap * sizeof out->e[0]);
        }
        out->e[out->n++] = e;
    }
    if (out->n > 1)
        qsort(out->e, out->n, sizeof out->e[0], entry_cmp);
    size_t k = 0; /* merge duplicate lexemes */
    for (size_t i = 0; i < out->n; i++) {
        ts_entry_t *e = &out->e[i];
        if (k > 0 && !entry_cmp(&out->e[k - 1], e)) {
            ts_entry_t *d = &out->e[k - 1];
            d->pos = lg_xrealloc(d->pos, (size_t)(d->npos + e->npos + 1) * sizeof d->pos[0]);
            memcpy(d->pos + d->npos, e->pos, (size_t)e->npos * sizeof e->pos[0]);
            d->npos += e->npos;
            free(e->lex);
            free(e->pos);
        } else {
            out->e[k++] = *e;
        }
    }
    out->n = k;
    for (size_t i = 0; i < out->n; i++)
        if (out->e[i].npos > 1)
            qsort(out->e[i].pos, (size_t)out->e[i].npos, sizeof(uint16_t), pos_cmp);
    return true;
}

long sqlfn__tsvec_find(const ts_vec_t *v, const char *w, size_t n, bool prefix)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (lex_cmp(v->e[mid].lex, v->e[mid].len, w, n) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < v->n && (prefix ? v->e[lo].len >= n && !memcmp(v->e[lo].lex, w, n)
                             : !lex_cmp(v->e[lo].lex, v->e[lo].len, w, n)))
        return (long)lo;
    return -1;
}

static void fn_to_tsvector(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    ts_cfg_t cfg = TS_CFG_ENGLISH;
    if (argc == 2 && !sqlfn__ts_cfg(ctx, (const char *)sqlite3_value_text(argv[0]), &cfg))
        return;
    sqlite3_value *t = argv[argc - 1];
    ts_words_t w = {0};
    const char *s = (const char *)sqlite3_value_text(t);
    if (sqlfn__ts_parse_text(ctx, cfg, s ? s : "", (size_t)sqlite3_value_bytes(t), 1, &w) != 0)
        return;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    words_to_tsvector(&w, &b);
    sqlfn__ts_words_free(&w);
    if (b.len == 0) {
        lg_buf_deinit(&b);
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

static bool vec_arg(sqlite3_context *ctx, sqlite3_value *v, ts_vec_t *out)
{
    const char *s = (const char *)sqlite3_value_text(v);
    return sqlfn__tsvec_parse(ctx, s ? s : "", (size_t)sqlite3_value_bytes(v), out);
}

static tq_node_t *query_arg(sqlite3_context *ctx, sqlite3_value *v, bool *err)
{
    const char *s = (const char *)sqlite3_value_text(v);
    return sqlfn__tq_parse(ctx, s ? s : "", (size_t)sqlite3_value_bytes(v), -1, err);
}

/* lg_ts_match(tsvector, tsquery) */
static void fn_ts_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    ts_vec_t v;
    bool err = false;
    if (!vec_arg(ctx, argv[0], &v))
        return;
    tq_node_t *q = query_arg(ctx, argv[1], &err);
    int m = err || !q ? 0 : sqlfn__tq_match(q, &v);
    if (m < 0)
        sqlfn__error(ctx, "0A000", "a NOT inside a phrase in a tsquery is not supported");
    else if (!err)
        sqlite3_result_int(ctx, m);
    sqlfn__tq_free(q);
    sqlfn__tsvec_free(&v);
}

static void fn_tsvector_length(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_vec_t v;
    if (sqlfn__any_null(argc, argv) || !vec_arg(ctx, argv[0], &v))
        return;
    sqlite3_result_int64(ctx, (sqlite3_int64)v.n);
    sqlfn__tsvec_free(&v);
}

static void fn_strip(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_vec_t v;
    if (sqlfn__any_null(argc, argv) || !vec_arg(ctx, argv[0], &v))
        return;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    for (size_t i = 0; i < v.n; i++) {
        lg_buf_append(&b, " ", i ? 1 : 0);
        put_lex(&b, v.e[i].lex, v.e[i].len);
    }
    sqlfn__tsvec_free(&v);
    if (b.len == 0) {
        lg_buf_deinit(&b);
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

/* Sets v's canonical text as the result and frees v. */
static void result_vec(sqlite3_context *ctx, ts_vec_t *v0)
{
    ts_vec_t v = *v0;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    for (size_t i = 0; i < v.n; i++) {
        lg_buf_append(&b, " ", i ? 1 : 0);
        put_lex(&b, v.e[i].lex, v.e[i].len);
        for (int k = 0; k < v.e[i].npos; k++) {
            uint16_t p = v.e[i].pos[k];
            if (k > 0 && (p & TS_MAX_POS) == (v.e[i].pos[k - 1] & TS_MAX_POS))
                continue;
            lg_buf_printf(&b, "%c%d", k ? ',' : ':', p & TS_MAX_POS);
            if (p >> 14)
                lg_buf_putc(&b, (uint8_t)('D' - (p >> 14)));
        }
    }
    sqlfn__tsvec_free(&v);
    if (b.len == 0) {
        lg_buf_deinit(&b);
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

/* '...'::tsvector: the canonical text of a tsvector literal. */
static void fn_tsvector_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_vec_t v;
    if (sqlfn__any_null(argc, argv) || !vec_arg(ctx, argv[0], &v))
        return;
    result_vec(ctx, &v);
}

/* setweight(v, 'A'|'B'|'C'|'D'): every position gets that weight. */
static void fn_setweight(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_vec_t v;
    const char *w = (const char *)sqlite3_value_text(argv[1]);
    if (sqlfn__any_null(argc, argv))
        return;
    if (!w || strlen(w) != 1 || !strchr("ABCDabcd", w[0])) {
        sqlfn__error(ctx, "22023", "unrecognized weight: \"%s\"", w ? w : "");
        return;
    }
    if (!vec_arg(ctx, argv[0], &v))
        return;
    int code = 'd' - (w[0] | 0x20);
    for (size_t i = 0; i < v.n; i++)
        for (int k = 0; k < v.e[i].npos; k++)
            v.e[i].pos[k] = (uint16_t)((v.e[i].pos[k] & TS_MAX_POS) | (code << 14));
    result_vec(ctx, &v);
}

/* tsvector || tsvector: the right side's positions move past the left's largest. */
static void fn_tsvector_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_vec_t a, b;
    if (sqlfn__any_null(argc, argv) || !vec_arg(ctx, argv[0], &a))
        return;
    if (!vec_arg(ctx, argv[1], &b)) {
        sqlfn__tsvec_free(&a);
        return;
    }
    int maxpos = 0;
    for (size_t i = 0; i < a.n; i++)
        for (int k = 0; k < a.e[i].npos; k++)
            if ((a.e[i].pos[k] & TS_MAX_POS) > maxpos)
                maxpos = a.e[i].pos[k] & TS_MAX_POS;
    lg_buf_t t;
    lg_buf_init(&t, SQLFN_MAX_LEN);
    ts_vec_t *vs[2] = {&a, &b};
    for (int s = 0; s < 2; s++) {
        for (size_t i = 0; i < vs[s]->n; i++) {
            const ts_entry_t *e = &vs[s]->e[i];
            lg_buf_append(&t, " ", t.len ? 1 : 0);
            put_lex(&t, e->lex, e->len);
            for (int k = 0; k < e->npos; k++) {
                int p = (e->pos[k] & TS_MAX_POS) + (s ? maxpos : 0);
                lg_buf_printf(&t, "%c%d", k ? ',' : ':', p > TS_MAX_POS ? TS_MAX_POS : p);
                if (e->pos[k] >> 14)
                    lg_buf_putc(&t, (uint8_t)('D' - (e->pos[k] >> 14)));
            }
        }
    }
    sqlfn__tsvec_free(&a);
    sqlfn__tsvec_free(&b);
    ts_vec_t v;
    bool ok = sqlfn__tsvec_parse(ctx, t.data ? (const char *)t.data : "", t.len, &v);
    lg_buf_deinit(&t);
    if (ok)
        result_vec(ctx, &v);
}

static const sqlfn_def_t defs[] = {
    {"setweight", 2, SQLFN_PURE, fn_setweight},
    {"lg_tsvector_concat", 2, SQLFN_PURE, fn_tsvector_concat},
    {"to_tsvector", 1, SQLFN_PURE, fn_to_tsvector},
    {"to_tsvector", 2, SQLFN_PURE, fn_to_tsvector},
    {"lg_ts_match", 2, SQLFN_PURE, fn_ts_match},
    {"lg_tsvector_length", 1, SQLFN_PURE, fn_tsvector_length},
    {"strip", 1, SQLFN_PURE, fn_strip},
    {"lg_tsvector_in", 1, SQLFN_PURE, fn_tsvector_in},
    {"ts_rank", 2, SQLFN_PURE, sqlfn__ts_rank},
    {"ts_rank", 3, SQLFN_PURE, sqlfn__ts_rank},
};

int sqlfn__register_ts(sqlite3 *db)
{
    int rc = sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
    return rc != 0 ? rc : sqlfn__register_tsquery(db);
}
