/* sqlfn_aggord.c - aggregates with ORDER BY, as the translator emits them:
 *   lg_string_agg_ord(v, sep, k1, f1 [, k2, f2 ...])  string_agg(v, sep ORDER BY k1, ...)
 *   lg_array_agg_ord(v, k1, f1, ...)                  array_agg(v ORDER BY ...) -> JSON array
 *   lg_json_agg_ord(v, k1, f1, ...)                   json(b)_agg(v ORDER BY ...)
 * Flags fN: bit 1 = DESC, bit 2 = NULLS FIRST (the emitter passes the effective value).
 * The _d variants (lg_string_agg_ord_d, ...) are agg(DISTINCT v ... ORDER BY v): PostgreSQL
 * requires the ORDER BY keys of a DISTINCT aggregate to be its arguments, so after sorting
 * equal values are adjacent and a value equal to the previous one (NULLs equal) is skipped.
 * json_agg prints "[a, b]" as PostgreSQL does; array_agg keeps the storage form "[a,b]".
 * Rows are kept (sqlite3_value_dup) and sorted stably at the end, so equal keys keep their
 * arrival order. Keys compare as SQLite orders values (numbers numerically, text bytewise). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

#define AGG_MAX_KEYS 16

typedef struct agg_row {
    sqlite3_value *v;
    sqlite3_value *sep;
    sqlite3_value *keys[AGG_MAX_KEYS];
} agg_row_t;

typedef struct agg_state {
    agg_row_t *rows;
    size_t n, cap;
    int nkeys;
    int flags[AGG_MAX_KEYS];
} agg_state_t;

static int cmp_values(sqlite3_value *a, sqlite3_value *b)
{
    int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
    bool na = ta == SQLITE_INTEGER || ta == SQLITE_FLOAT, nb = tb == SQLITE_INTEGER || tb == SQLITE_FLOAT;
    if (na && nb) {
        double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
        if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
            sqlite3_int64 i = sqlite3_value_int64(a), j = sqlite3_value_int64(b);
            return i < j ? -1 : i > j;
        }
        return x < y ? -1 : x > y;
    }
    if (na != nb)
        return na ? -1 : 1;
    int la = sqlite3_value_bytes(a), lb = sqlite3_value_bytes(b);
    const void *pa = ta == SQLITE_BLOB ? sqlite3_value_blob(a) : (const void *)sqlite3_value_text(a);
    const void *pb = tb == SQLITE_BLOB ? sqlite3_value_blob(b) : (const void *)sqlite3_value_text(b);
    int c = memcmp(pa, pb, (size_t)(la < lb ? la : lb));
    return c ? c : (la < lb ? -1 : la > lb);
}

static int cmp_rows(const agg_state_t *s, const agg_row_t *a, const agg_row_t *b)
{
    for (int k = 0; k < s->nkeys; k++) {
        bool an = sqlite3_value_type(a->keys[k]) == SQLITE_NULL;
        bool bn = sqlite3_value_type(b->keys[k]) == SQLITE_NULL;
        bool desc = (s->flags[k] & 1) != 0, nulls_first = (s->flags[k] & 2) != 0;
        int c;
        if (an || bn)
            c = an == bn ? 0 : ((an ? -1 : 1) * (nulls_first ? 1 : -1));
        else
            c = cmp_values(a->keys[k], b->keys[k]) * (desc ? -1 : 1);
        if (c)
            return c;
    }
    return 0;
}

/* Sorts the rows once, at the end: bottom-up merge sort (stable). */
static void sort_rows(const agg_state_t *s)
{
    size_t n = s->n;
    agg_row_t *tmp = lg_xmalloc((n ? n : 1) * sizeof(*tmp));
    agg_row_t *src = s->rows, *dst = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = cmp_rows(s, &src[j], &src[i]) < 0 ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        agg_row_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != s->rows)
        memcpy(s->rows, src, n * sizeof(*tmp));
    free(tmp);
}

/* first: index of the first key argument (1 for array/json, 2 for string_agg). */
static void step(sqlite3_context *ctx, int argc, sqlite3_value **argv, int first)
{
    agg_state_t **pp = sqlite3_aggregate_context(ctx, sizeof(agg_state_t *));
    if (!pp)
        return;
    if (!*pp) {
        *pp = lg_xcalloc(1, sizeof(agg_state_t));
        (*pp)->nkeys = (argc - first) / 2 > AGG_MAX_KEYS ? AGG_MAX_KEYS : (argc - first) / 2;
        for (int k = 0; k < (*pp)->nkeys; k++)
            (*pp)->flags[k] = sqlite3_value_int(argv[first + 2 * k + 1]);
    }
    agg_state_t *s = *pp;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->rows = lg_xrealloc(s->rows, s->cap * sizeof(*s->rows));
    }
    agg_row_t *r = &s->rows[s->n++];
    memset(r, 0, sizeof(*r));
    r->v = sqlite3_value_dup(argv[0]);
    r->sep = first == 2 ? sqlite3_value_dup(argv[1]) : NULL;
    for (int k = 0; k < s->nkeys; k++)
        r->keys[k] = sqlite3_value_dup(argv[first + 2 * k]);
}

static void state_free(agg_state_t *s)
{
    for (size_t i = 0; i < s->n; i++) {
        sqlite3_value_free(s->rows[i].v);
        sqlite3_value_free(s->rows[i].sep);
        for (int k = 0; k < s->nkeys; k++)
            sqlite3_value_free(s->rows[i].keys[k]);
    }
    free(s->rows);
    free(s);
}

static bool distinct_of(sqlite3_context *ctx)
{
    return sqlite3_user_data(ctx) != NULL;
}

/* Whether row i repeats row i-1 (DISTINCT variants only). */
static bool is_repeat(const agg_state_t *s, size_t i, bool distinct)
{
    if (!distinct || i == 0)
        return false;
    sqlite3_value *a = s->rows[i - 1].v, *b = s->rows[i].v;
    bool an = sqlite3_value_type(a) == SQLITE_NULL, bn = sqlite3_value_type(b) == SQLITE_NULL;
    if (an || bn)
        return an == bn;
    return cmp_values(a, b) == 0;
}

static agg_state_t *final_state(sqlite3_context *ctx)
{
    agg_state_t **pp = sqlite3_aggregate_context(ctx, 0);
    if (!pp || !*pp)
        return NULL;
    sort_rows(*pp);
    return *pp;
}

static void string_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    step(ctx, argc, argv, 2);
}

static void string_final(sqlite3_context *ctx)
{
    agg_state_t *s = final_state(ctx);
    if (!s)
        return;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    bool any = false, distinct = distinct_of(ctx);
    for (size_t i = 0; i < s->n; i++) {
        sqlite3_value *v = s->rows[i].v;
        if (sqlite3_value_type(v) == SQLITE_NULL || is_repeat(s, i, distinct))
            continue;
        if (any && s->rows[i].sep)
            sqlfn__append_value_text(&b, s->rows[i].sep);
        sqlfn__append_value_text(&b, v);
        any = true;
    }
    state_free(s);
    if (any)
        sqlfn__result_buf_text(ctx, &b);
    else
        lg_buf_deinit(&b);
}

static void array_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    step(ctx, argc, argv, 1);
}

static void list_final(sqlite3_context *ctx, const char *sep)
{
    agg_state_t *s = final_state(ctx);
    if (!s)
        return;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    bool distinct = distinct_of(ctx), first = true;
    for (size_t i = 0; i < s->n; i++) {
        if (is_repeat(s, i, distinct))
            continue;
        if (!first)
            lg_buf_append(&b, sep, strlen(sep));
        sqlfn__json_append_value(&b, s->rows[i].v, JW_RAW);
        first = false;
    }
    lg_buf_putc(&b, ']');
    state_free(s);
    sqlfn__json_result_buf(ctx, &b);
}

static void array_final(sqlite3_context *ctx)
{
    list_final(ctx, ",");
}

static void json_final(sqlite3_context *ctx)
{
    list_final(ctx, ", ");
}

int sqlfn__register_aggord(sqlite3 *db)
{
    static const struct {
        const char *name;
        void (*step)(sqlite3_context *, int, sqlite3_value **);
        void (*final)(sqlite3_context *);
    } defs[] = {
        {"lg_string_agg_ord", string_step, string_final},
        {"lg_array_agg_ord", array_step, array_final},
        {"lg_json_agg_ord", array_step, json_final},
    };
    static int distinct_tag;
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
        char dname[64];
        snprintf(dname, sizeof(dname), "%s_d", defs[i].name);
        if (sqlite3_create_function_v2(db, defs[i].name, -1, SQLITE_UTF8, NULL, NULL, defs[i].step,
                                       defs[i].final, NULL) != SQLITE_OK ||
            sqlite3_create_function_v2(db, dname, -1, SQLITE_UTF8, &distinct_tag, NULL,
                                       defs[i].step, defs[i].final, NULL) != SQLITE_OK)
            return LG_EINVAL;
    }
    return 0;
}
