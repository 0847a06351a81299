/* sqlfn_ts_rank.c - ts_rank(tsvector, tsquery [, normalization]) computed as PostgreSQL's
 * tsrank.c does, in single precision like it: weights D 0.1, C 0.2, B 0.4, A 1.0; a query
 * whose top operator is AND or a phrase ranks by the proximity of pairs of its terms
 * (calc_rank_and), any other by the frequency of each term (calc_rank_or); the terms are the
 * query's distinct operands, those under NOT included. Normalization bits: 1 log length,
 * 2 length, 8 unique words, 16 log unique words, 32 rank/(rank+1); 4 does not apply. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_ts.h"

#define MAXENTRYPOS (1 << 14)

static const float k_weights[4] = {0.1f, 0.2f, 0.4f, 1.0f};

typedef struct posvec {
    const uint16_t *pos;
    int npos;
} posvec_t;

static float wpos(uint16_t p)
{
    return k_weights[p >> 14];
}

static float word_distance(int w)
{
    if (w > 100)
        return 1e-30f;
    return (float)(1.0 / (1.005 + 0.05 * exp(((float)w) / 1.5 - 2)));
}

static int op_cmp(const void *x, const void *y)
{
    const tq_node_t *a = *(const tq_node_t *const *)x, *b = *(const tq_node_t *const *)y;
    int c = memcmp(a->lex, b->lex, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

static void collect(const tq_node_t *q, const tq_node_t ***items, size_t *n, size_t *cap)
{
    if (!q)
        return;
    if (q->kind == TQ_VAL) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 8;
            *items = lg_xrealloc(*items, *cap * sizeof **items);
        }
        (*items)[(*n)++] = q;
        return;
    }
    collect(q->l, items, n, cap);
    collect(q->r, items, n, cap);
}

/* Distinct operands sorted by text. */
static const tq_node_t **uniq_items(const tq_node_t *q, size_t *n)
{
    const tq_node_t **items = NULL;
    size_t cap = 0;
    *n = 0;
    collect(q, &items, n, &cap);
    if (*n > 1)
        qsort(items, *n, sizeof *items, op_cmp);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if (k == 0 || op_cmp(&items[k - 1], &items[i]) != 0)
            items[k++] = items[i];
    *n = k;
    return items;
}

/* The entries of v the operand matches: [*first, *first + return). */
static int find_entries(const ts_vec_t *v, const tq_node_t *it, long *first)
{
    *first = sqlfn__tsvec_find(v, it->lex, it->len, it->prefix);
    if (*first < 0)
        return 0;
    int k = 1;
    while (it->prefix && (size_t)(*first + k) < v->n && v->e[*first + k].len >= it->len &&
           !memcmp(v->e[*first + k].lex, it->lex, it->len))
        k++;
    return k;
}

static float rank_or(const ts_vec_t *v, const tq_node_t **items, size_t size)
{
    static const uint16_t posnull0 = 0;
    float res = 0.0f;
    for (size_t i = 0; i < size; i++) {
        long first;
        int nitem = find_entries(v, items[i], &first);
        for (int k = 0; k < nitem; k++) {
            const ts_entry_t *e = &v->e[first + k];
            int dimt = e->npos ? e->npos : 1;
            const uint16_t *post = e->npos ? e->pos : &posnull0;
            float resj = 0.0f, wjm = -1.0f;
            int jm = 0;
            for (int j = 0; j < dimt; j++) {
                resj = resj + wpos(post[j]) / (float)((j + 1) * (j + 1));
                if (wpos(post[j]) > wjm) {
                    wjm = wpos(post[j]);
                    jm = j;
                }
            }
            res = (float)(res + (wjm + resj - wjm / (float)((jm + 1) * (jm + 1))) / 1.64493406685);
        }
    }
    if (size > 0)
        res = res / (float)size;
    return res;
}

static float rank_and(const ts_vec_t *v, const tq_node_t **items, size_t size)
{
    static const uint16_t posnull_pos = MAXENTRYPOS - 1;
    const posvec_t posnull = {&posnull_pos, 1};
    posvec_t *pos = lg_xcalloc(size, sizeof *pos);
    float res = -1.0f;
    for (size_t i = 0; i < size; i++) {
        long first;
        int nitem = find_entries(v, items[i], &first);
        for (int k = 0; k < nitem; k++) {
            const ts_entry_t *e = &v->e[first + k];
            pos[i] = e->npos ? (posvec_t){e->pos, e->npos} : posnull;
            bool inull = e->npos == 0;
            for (size_t kk = 0; kk < i; kk++) {
                if (!pos[kk].pos)
                    continue;
                bool knull = pos[kk].pos == &posnull_pos;
                for (int l = 0; l < pos[i].npos; l++) {
                    for (int p = 0; p < pos[kk].npos; p++) {
                        uint16_t a = pos[i].pos[l], b = pos[kk].pos[p];
                        int dist = abs((int)(a & TS_MAX_POS) - (int)(b & TS_MAX_POS));
                        if (dist || inull || knull) {
                            if (!dist)
                                dist = MAXENTRYPOS;
                            float curw = (float)sqrt(wpos(a) * wpos(b) * word_distance(dist));
                            res = res < 0 ? curw : (float)(1.0 - (1.0 - res) * (1.0 - curw));
                        }
                    }
                }
            }
        }
    }
    free(pos);
    return res;
}

static float rank_normalize(float res, const ts_vec_t *v, int method)
{
    long len = 0;
    for (size_t i = 0; i < v->n; i++)
        len += v->e[i].npos ? v->e[i].npos : 1;
    if ((method & 1) && v->n > 0)
        res = (float)(res / (log((double)(len + 1)) / log(2.0)));
    if ((method & 2) && len > 0)
        res /= (float)len;
    if ((method & 8) && v->n > 0)
        res /= (float)v->n;
    if ((method & 16) && v->n > 0)
        res = (float)(res / (log((double)(v->n + 1)) / log(2.0)));
    if (method & 32)
        res /= (res + 1);
    return res;
}

/* ts_rank(tsvector, tsquery [, normalization]) -> float4 (stored as REAL) */
void sqlfn__ts_rank(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    ts_vec_t v;
    const char *vs = (const char *)sqlite3_value_text(argv[0]);
    if (!sqlfn__tsvec_parse(ctx, vs ? vs : "", (size_t)sqlite3_value_bytes(argv[0]), &v))
        return;
    bool err = false;
    const char *qs = (const char *)sqlite3_value_text(argv[1]);
    tq_node_t *q =
        sqlfn__tq_parse(ctx, qs ? qs : "", (size_t)sqlite3_value_bytes(argv[1]), -1, &err);
    if (!err) {
        float res = 0.0f;
        if (v.n > 0 && q) {
            size_t size;
            const tq_node_t **items = uniq_items(q, &size);
            bool and = q->kind == TQ_AND || q->kind == TQ_PHRASE;
            res = and&&size >= 2 ? rank_and(&v, items, size) : rank_or(&v, items, size);
            free(items);
            if (res < 0)
                res = 1e-20f;
            res = rank_normalize(res, &v, argc > 2 ? sqlite3_value_int(argv[2]) : 0);
        }
        sqlite3_result_double(ctx, (double)res);
    }
    sqlfn__tq_free(q);
    sqlfn__tsvec_free(&v);
}
