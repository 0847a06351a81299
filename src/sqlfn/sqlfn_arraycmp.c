/* sqlfn_arraycmp.c - lg_array_cmp(a, b): PostgreSQL's ordering of two arrays (JSON array
 * storage) for the comparison operators = <> < <= > >=. Elements compare pairwise in order:
 * numbers numerically, strings bytewise (C collation), false < true, nested arrays
 * recursively, NULL after every non-NULL (and equal to NULL); when one array is a prefix of
 * the other the shorter one sorts first. Returns -1, 0 or 1; NULL if either is NULL.
 * The same order is the collation "lg_array", which the translator puts on ORDER BY / DISTINCT
 * / GROUP BY terms of array type (stored as JSON text, they would sort as text). Any thread. */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

static int sign_of(int v)
{
    return v < 0 ? -1 : v > 0 ? 1 : 0;
}

static int cmp_strings(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    lg_buf_t x, y;
    lg_buf_init(&x, SQLFN_MAX_LEN);
    lg_buf_init(&y, SQLFN_MAX_LEN);
    sqlfn_json_unescape(&x, a, i);
    sqlfn_json_unescape(&y, b, j);
    size_t n = x.len < y.len ? x.len : y.len;
    int r = n ? memcmp(x.data, y.data, n) : 0;
    if (r == 0)
        r = x.len < y.len ? -1 : x.len > y.len ? 1 : 0;
    lg_buf_deinit(&x);
    lg_buf_deinit(&y);
    return sign_of(r);
}

static int cmp_nodes(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j);

static int cmp_arrays(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    int32_t x = a->nodes[i].child;
    int32_t y = b->nodes[j].child;
    for (; x >= 0 && y >= 0; x = a->nodes[x].next, y = b->nodes[y].next) {
        int r = cmp_nodes(a, x, b, y);
        if (r)
            return r;
    }
    return x >= 0 ? 1 : y >= 0 ? -1 : 0;
}

static int cmp_nodes(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    jn_kind_t ka = a->nodes[i].kind;
    jn_kind_t kb = b->nodes[j].kind;
    if (ka == JN_NULL || kb == JN_NULL)
        return ka == kb ? 0 : ka == JN_NULL ? 1 : -1;
    if (ka == JN_NUMBER && kb == JN_NUMBER) {
        double x = strtod(a->src + a->nodes[i].start, NULL);
        double y = strtod(b->src + b->nodes[j].start, NULL);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (ka == JN_STRING && kb == JN_STRING)
        return cmp_strings(a, i, b, j);
    if (ka == JN_ARRAY && kb == JN_ARRAY)
        return cmp_arrays(a, i, b, j);
    if ((ka == JN_TRUE || ka == JN_FALSE) && (kb == JN_TRUE || kb == JN_FALSE))
        return ka == kb ? 0 : ka == JN_FALSE ? -1 : 1;
    size_t na = a->nodes[i].end - a->nodes[i].start;
    size_t nb = b->nodes[j].end - b->nodes[j].start;
    int r = memcmp(a->src + a->nodes[i].start, b->src + b->nodes[j].start, na < nb ? na : nb);
    return r ? sign_of(r) : na < nb ? -1 : na > nb ? 1 : 0;
}

static void fn_array_cmp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    jdoc_t a, b;
    if (!sqlfn__json_arg(ctx, argv[0], &a))
        return;
    if (!sqlfn__json_arg(ctx, argv[1], &b)) {
        sqlfn_json_free(&a);
        return;
    }
    if (a.nodes[0].kind != JN_ARRAY || b.nodes[0].kind != JN_ARRAY)
        sqlfn__error(ctx, "22P02", "malformed array literal");
    else
        sqlite3_result_int(ctx, cmp_arrays(&a, 0, &b, 0));
    sqlfn_json_free(&a);
    sqlfn_json_free(&b);
}

/* Collation callback: text that is not a JSON array sorts after every array, bytewise. */
static int coll_array(void *arg, int n1, const void *p1, int n2, const void *p2)
{
    (void)arg;
    jdoc_t a, b;
    bool ok_a = sqlfn_json_parse(&a, p1, (size_t)n1) == 0;
    bool ok_b = sqlfn_json_parse(&b, p2, (size_t)n2) == 0;
    int r;
    if (ok_a && ok_b && a.nodes[0].kind == JN_ARRAY && b.nodes[0].kind == JN_ARRAY) {
        r = cmp_arrays(&a, 0, &b, 0);
    } else if (ok_a && a.nodes[0].kind == JN_ARRAY) {
        r = -1;
    } else if (ok_b && b.nodes[0].kind == JN_ARRAY) {
        r = 1;
    } else {
        int m = memcmp(p1, p2, (size_t)(n1 < n2 ? n1 : n2));
        r = m ? sign_of(m) : n1 < n2 ? -1 : n1 > n2 ? 1 : 0;
    }
    sqlfn_json_free(&a); /* also after a failed parse */
    sqlfn_json_free(&b);
    return r;
}

int sqlfn__register_arraycmp(sqlite3 *db)
{
    static const sqlfn_def_t defs[] = {{"lg_array_cmp", 2, SQLFN_PURE, fn_array_cmp}};
    if (sqlite3_create_collation(db, "lg_array", SQLITE_UTF8, NULL, coll_array) != SQLITE_OK)
        return LG_EINVAL;
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
