/* sqlfn_ts_query.c - tsquery values (see sqlfn_ts.h): parsing PostgreSQL's query syntax
 * (operands 'quoted' or bare with :* prefix and :ABCD weights; ! <-> <N> & | and
 * parentheses, binding in that order, left-associative), printing as PostgreSQL does
 * (parentheses only where a lower-priority operator sits under a higher one, or a phrase
 * on the right of a phrase), matching against a tsvector (phrases by positions), and the
 * functions to_tsquery, plainto_tsquery, phraseto_tsquery, websearch_to_tsquery
 * ([config,] text). Normalizing removes stop-word operands as PostgreSQL's
 * clean_stopwords does: a phrase around a removed word widens its distance. A phrase with a
 * NOT inside is not supported (0A000). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_ts.h"

enum { PRI_OR = 1, PRI_AND = 2, PRI_PHRASE = 3, PRI_NOT = 4 };

void sqlfn__tq_free(tq_node_t *q)
{
    if (!q)
        return;
    sqlfn__tq_free(q->l);
    sqlfn__tq_free(q->r);
    free(q->lex);
    free(q);
}

static tq_node_t *node_new(tq_kind_t k, tq_node_t *l, tq_node_t *r, int dist)
{
    tq_node_t *n = lg_xcalloc(1, sizeof *n);
    n->kind = k;
    n->l = l;
    n->r = r;
    n->dist = dist;
    return n;
}

static tq_node_t *val_new(const char *s, size_t len, bool prefix, uint8_t weights)
{
    tq_node_t *n = node_new(TQ_VAL, NULL, NULL, 0);
    n->lex = lg_xmalloc(len + 1);
    memcpy(n->lex, s, len);
    n->lex[len] = '\0';
    n->len = len;
    n->prefix = prefix;
    n->weights = weights;
    return n;
}

static int priority(const tq_node_t *q)
{
    switch (q->kind) {
    case TQ_OR:
        return PRI_OR;
    case TQ_AND:
        return PRI_AND;
    case TQ_PHRASE:
        return PRI_PHRASE;
    default:
        return PRI_NOT;
    }
}

static void print_node(lg_buf_t *b, const tq_node_t *q, int parent, bool right_phrase)
{
    if (q->kind == TQ_VAL) {
        lg_buf_putc(b, '\'');
        for (size_t i = 0; i < q->len; i++) {
            if (q->lex[i] == '\'' || q->lex[i] == '\\')
                lg_buf_putc(b, (uint8_t)q->lex[i]);
            lg_buf_putc(b, (uint8_t)q->lex[i]);
        }
        lg_buf_putc(b, '\'');
        if (q->prefix || q->weights) {
            lg_buf_putc(b, ':');
            lg_buf_append(b, "*", q->prefix ? 1 : 0);
            for (int w = 3; w >= 0; w--)
                if (q->weights & (1 << w))
                    lg_buf_putc(b, (uint8_t)('A' + 3 - w));
        }
        return;
    }
    int pr = priority(q);
    bool paren = pr < parent || (q->kind == TQ_PHRASE && right_phrase);
    lg_buf_append(b, "( ", paren ? 2 : 0);
    if (q->kind == TQ_NOT) {
        lg_buf_putc(b, '!');
        print_node(b, q->r, pr, false);
    } else {
        print_node(b, q->l, pr, false);
        if (q->kind == TQ_OR)
            lg_buf_append(b, " | ", 3);
        else if (q->kind == TQ_AND)
            lg_buf_append(b, " & ", 3);
        else if (q->dist == 1)
            lg_buf_append(b, " <-> ", 5);
        else
            lg_buf_printf(b, " <%d> ", q->dist);
        print_node(b, q->r, pr, q->kind == TQ_PHRASE);
    }
    lg_buf_append(b, " )", paren ? 2 : 0);
}

void sqlfn__tq_print(lg_buf_t *b, const tq_node_t *q)
{
    if (q)
        print_node(b, q, 0, false);
}

/* ---- parsing ---- */

typedef struct qp {
    sqlite3_context *ctx;
    const char *s;
    size_t n, i;
    int cfg; /* -1: operands as written */
    bool err;
} qp_t;

static tq_node_t *stop_new(void)
{
    return node_new(TQ_VAL, NULL, NULL, 0); /* lex NULL: a removed stop word */
}

/* Operand text normalized by the configuration: one lexeme, a phrase of several, or a
 * stop-word marker. */
static tq_node_t *normalize(qp_t *p, const char *w, size_t n, bool prefix, uint8_t weights)
{
    if (p->cfg < 0)
        return val_new(w, n, prefix, weights);
    ts_words_t words = {0};
    if (sqlfn__ts_parse_text(p->ctx, (ts_cfg_t)p->cfg, w, n, 1, &words) != 0) {
        p->err = true;
        return NULL;
    }
    tq_node_t *q = NULL;
    int last = 0;
    for (size_t k = 0; k < words.n; k++) {
        if (!words.w[k].lex)
            continue;
        tq_node_t *v = val_new(words.w[k].lex, words.w[k].len, prefix, weights);
        q = q ? node_new(TQ_PHRASE, q, v, words.w[k].pos - last) : v;
        last = words.w[k].pos;
    }
    sqlfn__ts_words_free(&words);
    return q ? q : stop_new();
}

static void skip_ws(qp_t *p)
{
    while (p->i < p->n && strchr(" \t\n\r", p->s[p->i]) && p->s[p->i])
        p->i++;
}

static bool syntax_error(qp_t *p)
{
    if (!p->err)
        sqlfn__error(p->ctx, "42601", "syntax error in tsquery: \"%.*s\"", (int)p->n, p->s);
    p->err = true;
    return false;
}

/* 'quoted' or bare operand text into b. */
static bool read_operand(qp_t *p, lg_buf_t *b)
{
    if (p->s[p->i] == '\'') {
        for (p->i++; p->i < p->n; p->i++) {
            char c = p->s[p->i];
            if (c == '\\' && p->i + 1 < p->n) {
                lg_buf_putc(b, (uint8_t)p->s[++p->i]);
            } else if (c == '\'' && p->i + 1 < p->n && p->s[p->i + 1] == '\'') {
                lg_buf_putc(b, '\'');
                p->i++;
            } else if (c == '\'') {
                p->i++;
                return true;
            } else {
                lg_buf_putc(b, (uint8_t)c);
            }
        }
        return syntax_error(p);
    }
    while (p->i < p->n && !strchr(" \t\n\r()&|!<:'", p->s[p->i])) {
        if (p->s[p->i] == '\\' && p->i + 1 < p->n)
            p->i++;
        lg_buf_putc(b, (uint8_t)p->s[p->i++]);
    }
    return b->len > 0 || syntax_error(p);
}

static tq_node_t *parse_operand(qp_t *p)
{
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (!read_operand(p, &b)) {
        lg_buf_deinit(&b);
        return NULL;
    }
    bool prefix = false;
    uint8_t weights = 0;
    if (p->i < p->n && p->s[p->i] == ':') {
        for (p->i++; p->i < p->n && strchr("*ABCDabcd", p->s[p->i]) && p->s[p->i]; p->i++) {
            char c = p->s[p->i];
            if (c == '*')
                prefix = true;
            else
                weights |= (uint8_t)(1 << ('d' - (c | 0x20)));
        }
    }
    tq_node_t *q = normalize(p, b.data ? (const char *)b.data : "", b.len, prefix, weights);
    lg_buf_deinit(&b);
    return q;
}

static tq_node_t *parse_or(qp_t *p);

static tq_node_t *parse_not(qp_t *p)
{
    skip_ws(p);
    if (p->i >= p->n)
        return syntax_error(p), NULL;
    if (p->s[p->i] == '!') {
        p->i++;
        tq_node_t *c = parse_not(p);
        return c ? node_new(TQ_NOT, NULL, c, 0) : NULL;
    }
    if (p->s[p->i] == '(') {
        p->i++;
        tq_node_t *q = parse_or(p);
        skip_ws(p);
        if (q && (p->i >= p->n || p->s[p->i] != ')')) {
            sqlfn__tq_free(q);
            return syntax_error(p), NULL;
        }
        p->i++;
        return q;
    }
    return parse_operand(p);
}

/* "<->" or "<N>" at p->i: the distance, or -1 if none there. */
static int phrase_op(qp_t *p)
{
    if (p->i >= p->n || p->s[p->i] != '<')
        return -1;
    size_t k = p->i + 1;
    int d = 0;
    if (k + 1 < p->n && p->s[k] == '-' && p->s[k + 1] == '>') {
        p->i = k + 2;
        return 1;
    }
    while (k < p->n && p->s[k] >= '0' && p->s[k] <= '9' && d < 16384)
        d = d * 10 + (p->s[k++] - '0');
    if (k == p->i + 1 || k >= p->n || p->s[k] != '>' || d > 16384)
        return syntax_error(p), -1;
    p->i = k + 1;
    return d;
}

static tq_node_t *parse_phrase(qp_t *p)
{
    tq_node_t *q = parse_not(p);
    for (;;) {
        skip_ws(p);
        int d = q ? phrase_op(p) : -1;
        if (d < 0)
            break;
        tq_node_t *r = parse_not(p);
        if (!r) {
            sqlfn__tq_free(q);
            return NULL;
        }
        q = node_new(TQ_PHRASE, q, r, d);
    }
    if (p->err) {
        sqlfn__tq_free(q);
        return NULL;
    }
    return q;
}

static tq_node_t *parse_binary(qp_t *p, bool or)
{
    tq_node_t *q = or ? parse_binary(p, false) : parse_phrase(p);
    for (;;) {
        skip_ws(p);
        if (!q || p->i >= p->n || p->s[p->i] != (or ? '|' : '&'))
            break;
        p->i++;
        tq_node_t *r = or ? parse_binary(p, false) : parse_phrase(p);
        if (!r) {
            sqlfn__tq_free(q);
            return NULL;
        }
        q = node_new(or ? TQ_OR : TQ_AND, q, r, 0);
    }
    return q;
}

static tq_node_t *parse_or(qp_t *p)
{
    return parse_binary(p, true);
}

/* PostgreSQL's clean_stopwords_intree: removes stop-word markers; *ladd and *radd report the
 * phrase distance the removed words on each side held. */
static tq_node_t *clean(tq_node_t *q, int *ladd, int *radd)
{
    *ladd = *radd = 0;
    if (q->kind == TQ_VAL) {
        if (q->lex)
            return q;
        free(q);
        return NULL;
    }
    if (q->kind == TQ_NOT) {
        q->r = clean(q->r, ladd, radd);
        if (!q->r) {
            free(q);
            return NULL;
        }
        return q;
    }
    int ll, lr, rl, rr;
    q->l = clean(q->l, &ll, &lr);
    q->r = clean(q->r, &rl, &rr);
    bool ph = q->kind == TQ_PHRASE;
    int d = ph ? q->dist : 0;
    tq_node_t *res = q;
    if (!q->l && !q->r) {
        if (ph)
            *ladd = *radd = ll + d + rr;
        res = NULL;
    } else if (!q->l) {
        *ladd = ph ? ll + d + rl : rl;
        *radd = rr;
        res = q->r;
    } else if (!q->r) {
        *ladd = ll;
        *radd = ph ? lr + d + rr : lr;
        res = q->l;
    } else {
        if (ph)
            q->dist += lr + rl;
        *ladd = ph ? ll : 0;
        *radd = ph ? rr : 0;
        return q;
    }
    free(q);
    return res;
}

tq_node_t *sqlfn__tq_parse(sqlite3_context *ctx, const char *s, size_t n, int cfg, bool *err)
{
    qp_t p = {.ctx = ctx, .s = s, .n = n, .cfg = cfg};
    *err = false;
    skip_ws(&p);
    if (p.i >= p.n)
        return NULL;
    tq_node_t *q = parse_or(&p);
    skip_ws(&p);
    if (q && p.i < p.n) {
        sqlfn__tq_free(q);
        q = NULL;
        syntax_error(&p);
    }
    if (!q || p.err) {
        sqlfn__tq_free(q);
        *err = true;
        return NULL;
    }
    int la, ra;
    return clean(q, &la, &ra);
}

/* ---- matching ---- */

static bool weight_ok(const tq_node_t *q, uint16_t pos)
{
    return !q->weights || (q->weights & (1 << (pos >> 14)));
}

/* Positions (ascending, unique) where q matches, as the end of the match; *any set when a
 * matching entry has no positions (then positions are unknown). */
typedef struct posset {
    int *p;
    size_t n;
} posset_t;

static void set_add(posset_t *s, int v)
{
    s->p = lg_xrealloc(s->p, (s->n + 1) * sizeof *s->p);
    s->p[s->n++] = v;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static bool set_has(const posset_t *s, int v)
{
    return s->n > 0 && bsearch(&v, s->p, s->n, sizeof *s->p, int_cmp) != NULL;
}

static void set_norm(posset_t *s)
{
    if (s->n > 1)
        qsort(s->p, s->n, sizeof *s->p, int_cmp);
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (k == 0 || s->p[k - 1] != s->p[i])
            s->p[k++] = s->p[i];
    s->n = k;
}

static int width(const tq_node_t *q)
{
    if (q->kind == TQ_PHRASE)
        return width(q->l) + q->dist + width(q->r);
    if (q->kind == TQ_AND || q->kind == TQ_OR) {
        int a = width(q->l), b = width(q->r);
        return a > b ? a : b;
    }
    return 0;
}

/* Fills out with q's match positions; false if q holds a NOT (not supported here). */
static bool positions(const tq_node_t *q, const ts_vec_t *v, posset_t *out, bool *any)
{
    if (q->kind == TQ_VAL) {
        long first = sqlfn__tsvec_find(v, q->lex, q->len, q->prefix);
        for (long i = first; first >= 0 && (size_t)i < v->n; i++) {
            const ts_entry_t *e = &v->e[i];
            if (i > first && (!q->prefix || e->len < q->len || memcmp(e->lex, q->lex, q->len)))
                break;
            *any = *any || e->npos == 0;
            for (int k = 0; k < e->npos; k++)
                if (weight_ok(q, e->pos[k]))
                    set_add(out, e->pos[k] & TS_MAX_POS);
        }
        set_norm(out);
        return true;
    }
    if (q->kind == TQ_NOT)
        return false;
    posset_t l = {0}, r = {0};
    bool ok = positions(q->l, v, &l, any) && positions(q->r, v, &r, any);
    int shift = q->kind == TQ_PHRASE ? width(q->r) + q->dist : 0;
    for (size_t k = 0; ok && k < r.n; k++) {
        bool in_l = set_has(&l, r.p[k] - shift);
        if (q->kind == TQ_OR || in_l)
            set_add(out, r.p[k]);
    }
    for (size_t k = 0; ok && q->kind == TQ_OR && k < l.n; k++)
        set_add(out, l.p[k]);
    set_norm(out);
    free(l.p);
    free(r.p);
    return ok;
}

/* Boolean evaluation; a phrase is true when it has a match position (or, for entries
 * without positions, when all its operands are present). */
static int eval(const tq_node_t *q, const ts_vec_t *v, bool ignore_phrase)
{
    switch (q->kind) {
    case TQ_VAL: {
        posset_t s = {0};
        bool any = false;
        positions(q, v, &s, &any);
        free(s.p);
        return s.n > 0 || any;
    }
    case TQ_NOT:
        return !eval(q->r, v, ignore_phrase);
    case TQ_AND:
        return eval(q->l, v, ignore_phrase) && eval(q->r, v, ignore_phrase);
    case TQ_OR:
        return eval(q->l, v, ignore_phrase) || eval(q->r, v, ignore_phrase);
    default:
        break;
    }
    if (ignore_phrase)
        return eval(q->l, v, true) && eval(q->r, v, true);
    posset_t s = {0};
    bool any = false;
    bool ok = positions(q, v, &s, &any);
    free(s.p);
    if (!ok)
        return -1;
    return s.n > 0 || (any && eval(q, v, true));
}

static bool not_in_phrase(const tq_node_t *q, bool in_phrase)
{
    if (!q || q->kind == TQ_VAL)
        return false;
    if (q->kind == TQ_NOT && in_phrase)
        return true;
    bool ph = in_phrase || q->kind == TQ_PHRASE;
    return not_in_phrase(q->l, ph) || not_in_phrase(q->r, ph);
}

int sqlfn__tq_match(const tq_node_t *q, const ts_vec_t *v)
{
    if (not_in_phrase(q, false))
        return -1;
    return eval(q, v, false) == 1;
}

/* ---- SQL functions ---- */

/* Reads the optional configuration argument; the text is argv[argc - 1]. */
static bool cfg_args(sqlite3_context *ctx, int argc, sqlite3_value **argv, ts_cfg_t *cfg,
                     const char **s, size_t *n)
{
    if (sqlfn__any_null(argc, argv))
        return false;
    *cfg = TS_CFG_ENGLISH;
    if (argc == 2 && !sqlfn__ts_cfg(ctx, (const char *)sqlite3_value_text(argv[0]), cfg))
        return false;
    *s = (const char *)sqlite3_value_text(argv[argc - 1]);
    *n = (size_t)sqlite3_value_bytes(argv[argc - 1]);
    *s = *s ? *s : "";
    return true;
}

static void result_query(sqlite3_context *ctx, tq_node_t *q)
{
    int la, ra;
    q = q ? clean(q, &la, &ra) : NULL;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    sqlfn__tq_print(&b, q);
    sqlfn__tq_free(q);
    if (b.len == 0) {
        lg_buf_deinit(&b);
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_to_tsquery(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_cfg_t cfg;
    const char *s;
    size_t n;
    bool err;
    if (!cfg_args(ctx, argc, argv, &cfg, &s, &n))
        return;
    tq_node_t *q = sqlfn__tq_parse(ctx, s, n, (int)cfg, &err);
    if (!err)
        result_query(ctx, q);
}

/* Words of s[0..n) as one query: AND of all (plain) or a phrase by positions. Stop words
 * stay as markers for clean(). NULL when there are no words; *err on failure. */
static tq_node_t *words_query(sqlite3_context *ctx, ts_cfg_t cfg, const char *s, size_t n,
                              bool phrase, bool *err)
{
    ts_words_t w = {0};
    *err = sqlfn__ts_parse_text(ctx, cfg, s, n, 1, &w) != 0;
    tq_node_t *q = NULL;
    int last = 0;
    for (size_t k = 0; !*err && k < w.n; k++) {
        tq_node_t *v = w.w[k].lex ? val_new(w.w[k].lex, w.w[k].len, false, 0) : stop_new();
        int d = last ? w.w[k].pos - last : 1;
        q = !q ? v : node_new(phrase ? TQ_PHRASE : TQ_AND, q, v, phrase ? d : 0);
        last = w.w[k].pos;
    }
    sqlfn__ts_words_free(&w);
    return q;
}

/* plainto_tsquery [user data NULL] / phraseto_tsquery [non-NULL] */
static void fn_plainto_tsquery(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_cfg_t cfg;
    const char *s;
    size_t n;
    bool err;
    if (!cfg_args(ctx, argc, argv, &cfg, &s, &n))
        return;
    tq_node_t *q = words_query(ctx, cfg, s, n, sqlite3_user_data(ctx) != NULL, &err);
    if (!err)
        result_query(ctx, q);
    else
        sqlfn__tq_free(q);
}

static tq_node_t *join(tq_node_t *a, tq_node_t *b, tq_kind_t k)
{
    return !a ? b : !b ? a : node_new(k, a, b, 0);
}

/* websearch_to_tsquery: words are ANDed, "quoted text" is a phrase, a bare "or" between
 * terms is OR (AND binds tighter), -word negates; other punctuation separates words. */
static void fn_websearch_to_tsquery(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ts_cfg_t cfg;
    const char *s;
    size_t n;
    bool err = false, neg = false, pending_or = false;
    if (!cfg_args(ctx, argc, argv, &cfg, &s, &n))
        return;
    tq_node_t *result = NULL, *group = NULL;
    for (size_t i = 0; i < n && !err;) {
        if (strchr(" \t\n\r", s[i]) && s[i]) {
            i++;
            continue;
        }
        if (s[i] == '-' && !neg) {
            neg = true;
            i++;
            continue;
        }
        size_t e = i;
        bool quoted = s[i] == '"';
        if (quoted) {
            for (e = i + 1; e < n && s[e] != '"'; e++) {
            }
        } else {
            while (e < n && !strchr(" \t\n\r\"", s[e]))
                e++;
        }
        const char *w = s + i + (quoted ? 1 : 0);
        size_t wn = e - i - (quoted ? 1 : 0);
        i = e + (quoted && e < n ? 1 : 0);
        if (!quoted && !neg && wn == 2 && strncasecmp(w, "or", 2) == 0) {
            pending_or = group != NULL;
            continue;
        }
        tq_node_t *t = words_query(ctx, cfg, w, wn, true, &err);
        if (!t)
            continue;
        t = neg ? node_new(TQ_NOT, NULL, t, 0) : t;
        neg = false;
        if (pending_or) {
            result = join(result, group, TQ_OR);
            group = NULL;
            pending_or = false;
        }
        group = join(group, t, TQ_AND);
    }
    result = join(result, group, TQ_OR);
    if (err)
        sqlfn__tq_free(result);
    else
        result_query(ctx, result);
}

static void fn_tsquery_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bool err;
    if (sqlfn__any_null(argc, argv))
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    tq_node_t *q = sqlfn__tq_parse(ctx, s ? s : "", (size_t)sqlite3_value_bytes(argv[0]), -1, &err);
    if (!err)
        result_query(ctx, q);
}

/* tsquery operators: lg_tsquery_and(a, b) (&&), lg_tsquery_or(a, b) (||), lg_tsquery_not(a)
 * (!!), tsquery_phrase(a, b [, distance]) (<->); an empty operand leaves the other one. */
static void fn_tsquery_op(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *op = sqlite3_user_data(ctx);
    if (sqlfn__any_null(argc, argv))
        return;
    tq_node_t *q[2] = {NULL, NULL};
    int dist = op[0] == 'p' && argc > 2 ? sqlite3_value_int(argv[2]) : 1;
    if (dist < 0 || dist > 16384) {
        sqlfn__error(ctx, "22023",
                     "distance in phrase operator must be an integer value "
                     "between zero and 16384 inclusive");
        return;
    }
    for (int i = 0; i < argc && i < 2; i++) {
        bool err;
        const char *s = (const char *)sqlite3_value_text(argv[i]);
        q[i] = sqlfn__tq_parse(ctx, s ? s : "", (size_t)sqlite3_value_bytes(argv[i]), -1, &err);
        if (err) {
            sqlfn__tq_free(q[0]);
            return;
        }
    }
    if (op[0] == 'n') {
        result_query(ctx, q[0] ? node_new(TQ_NOT, NULL, q[0], 0) : NULL);
    } else if (op[0] == 'p') {
        tq_node_t *r = q[0] && q[1] ? node_new(TQ_PHRASE, q[0], q[1], dist) : NULL;
        result_query(ctx, r ? r : q[0] ? q[0] : q[1]);
    } else
        result_query(ctx, join(q[0], q[1], op[0] == 'a' ? TQ_AND : TQ_OR));
}

int sqlfn__register_tsquery(sqlite3 *db)
{
    static const char *const ops[] = {"and", "or", "not", "phrase", "phrase"};
    static const char *const names[] = {"lg_tsquery_and", "lg_tsquery_or", "lg_tsquery_not",
                                        "tsquery_phrase", "tsquery_phrase"};
    static const int nargs[] = {2, 2, 1, 2, 3};
    for (int i = 0; i < 5; i++) {
        if (sqlite3_create_function_v2(db, names[i], nargs[i], SQLFN_PURE,
                                       (void *)(uintptr_t)ops[i], fn_tsquery_op, NULL, NULL,
                                       NULL) != SQLITE_OK)
            return LG_EINVAL;
    }
    static int tag;
    static const struct {
        const char *name;
        int nargs;
        bool tagged;
        sqlfn_fn_cb fn;
    } defs[] = {
        {"to_tsquery", 1, false, fn_to_tsquery},
        {"to_tsquery", 2, false, fn_to_tsquery},
        {"plainto_tsquery", 1, false, fn_plainto_tsquery},
        {"plainto_tsquery", 2, false, fn_plainto_tsquery},
        {"phraseto_tsquery", 1, true, fn_plainto_tsquery},
        {"phraseto_tsquery", 2, true, fn_plainto_tsquery},
        {"websearch_to_tsquery", 1, false, fn_websearch_to_tsquery},
        {"websearch_to_tsquery", 2, false, fn_websearch_to_tsquery},
        {"lg_tsquery_in", 1, false, fn_tsquery_in},
    };
    for (size_t i = 0; i < LG_ARRAY_LEN(defs); i++) {
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLFN_PURE,
                                       defs[i].tagged ? &tag : NULL, defs[i].fn, NULL, NULL,
                                       NULL) != SQLITE_OK)
            return LG_EINVAL;
    }
    return 0;
}
