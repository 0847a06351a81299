/* sqlfn_jsonb_cmp.c - lg_jsonb_cmp(a, b): PostgreSQL's jsonb ordering, -1 / 0 / 1 (NULL if
 * either is NULL). The translator emits `(lg_jsonb_cmp(a, b) <op> 0)` for comparisons of two
 * jsonb values, so '1.0'::jsonb = '1'::jsonb (numbers compare by value) and key order or
 * whitespace never matter.
 *
 * Order (jsonb's btree opclass): object > array > boolean > number > string > null; arrays
 * and objects with more elements / pairs sort after those with fewer; then elements in
 * order, or pairs in jsonb key order (shorter key first, then bytewise) comparing key then
 * value; strings bytewise; false < true. */
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "sqlfn_json.h"

static int kind_rank(jn_kind_t k)
{
    switch (k) {
    case JN_NULL:
        return 0;
    case JN_STRING:
        return 1;
    case JN_NUMBER:
        return 2;
    case JN_TRUE:
    case JN_FALSE:
        return 3;
    case JN_ARRAY:
        return 4;
    default:
        return 5;
    }
}

static int sign(int v)
{
    return v < 0 ? -1 : v > 0;
}

/* Decoded string node i into b (reset first). */
static void str_of(const jdoc_t *d, int32_t i, lg_buf_t *b)
{
    lg_buf_reset(b);
    sqlfn_json_unescape(b, d, i);
}

static int str_cmp(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j, bool keyorder)
{
    lg_buf_t x, y;
    lg_buf_init(&x, SQLFN_MAX_LEN);
    lg_buf_init(&y, SQLFN_MAX_LEN);
    str_of(a, i, &x);
    str_of(b, j, &y);
    int c;
    if (keyorder && x.len != y.len) {
        c = x.len < y.len ? -1 : 1;
    } else {
        size_t m = x.len < y.len ? x.len : y.len;
        c = m ? sign(memcmp(x.data, y.data, m)) : 0;
        if (c == 0)
            c = x.len < y.len ? -1 : x.len > y.len;
    }
    lg_buf_deinit(&x);
    lg_buf_deinit(&y);
    return c;
}

static int node_cmp(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j);

/* Key nodes of object i sorted in jsonb order (caller frees). */
static int32_t *sorted_keys(const jdoc_t *d, int32_t i, int *n)
{
    int cnt = d->nodes[i].count;
    int32_t *k = malloc(sizeof(*k) * (size_t)(cnt ? cnt : 1));
    int m = 0;
    for (int32_t e = d->nodes[i].child; e >= 0 && m < cnt; e = d->nodes[e].next)
        k[m++] = e;
    for (int x = 1; x < m; x++) /* insertion sort: objects are small */
        for (int y = x; y > 0 && str_cmp(d, k[y - 1], d, k[y], true) > 0; y--) {
            int32_t t = k[y];
            k[y] = k[y - 1];
            k[y - 1] = t;
        }
    *n = m;
    return k;
}

static int object_cmp(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    int na, nb;
    int32_t *ka = sorted_keys(a, i, &na), *kb = sorted_keys(b, j, &nb);
    int c = na < nb ? -1 : na > nb;
    for (int x = 0; c == 0 && x < na; x++) {
        c = str_cmp(a, ka[x], b, kb[x], true);
        if (c == 0)
            c = node_cmp(a, ka[x] + 1, b, kb[x] + 1);
    }
    free(ka);
    free(kb);
    return c;
}

static int node_cmp(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    const jnode_t *x = &a->nodes[i], *y = &b->nodes[j];
    int rx = kind_rank(x->kind), ry = kind_rank(y->kind);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    switch (x->kind) {
    case JN_NULL:
        return 0;
    case JN_TRUE:
    case JN_FALSE:
        return (x->kind == JN_TRUE) - (y->kind == JN_TRUE);
    case JN_NUMBER: {
        double p = strtod(a->src + x->start, NULL), q = strtod(b->src + y->start, NULL);
        return p < q ? -1 : p > q;
    }
    case JN_STRING:
        return str_cmp(a, i, b, j, false);
    case JN_ARRAY: {
        if (x->count != y->count)
            return x->count < y->count ? -1 : 1;
        int32_t e = x->child, f = y->child;
        for (; e >= 0 && f >= 0; e = a->nodes[e].next, f = b->nodes[f].next) {
            int c = node_cmp(a, e, b, f);
            if (c)
                return c;
        }
        return 0;
    }
    default:
        return object_cmp(a, i, b, j);
    }
}

static void fn_jsonb_cmp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t a, b;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &a))
        return;
    if (!sqlfn__json_arg(ctx, argv[1], &b)) {
        sqlfn_json_free(&a);
        return;
    }
    sqlite3_result_int(ctx, node_cmp(&a, 0, &b, 0));
    sqlfn_json_free(&a);
    sqlfn_json_free(&b);
}

int sqlfn__register_jsonb_cmp(sqlite3 *db)
{
    static const sqlfn_def_t defs[] = {{"lg_jsonb_cmp", 2, SQLFN_PURE, fn_jsonb_cmp}};
    return sqlfn__register_table(db, defs, 1, NULL);
}
