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
 * arrival order. Keys compare as SQLite orders values (numbers numerically, text bytewise).
 *
 * Ordered-set aggregates, emitted for agg(args) WITHIN GROUP (ORDER BY x):
 *   lg_percentile_cont(x, frac, x, flags)   float8 interpolation, PostgreSQL's lerp
 *   lg_percentile_disc(x, frac, x, flags)   the first x whose position reaches frac
 *   lg_mode(x, NULL, x, flags)              the most frequent x, earliest in order on ties
 * NULL x are ignored; no rows or a NULL fraction give NULL. frac may be a JSON array of
 * fractions (float8[]): the result is then a JSON array with one result per fraction.
 * A fraction outside [0, 1] raises 22003 as PostgreSQL does.
 *
 * lg_pg_sortpos(NULL, k1, f1, ...) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED
 * FOLLOWING) is the 1-based position of the current row when
 * the partition's rows, in arrival order, are sorted by the keys with PostgreSQL's own
 * quicksort (src/include/lib/sort_template.h: insertion sort below 7 rows, presorted
 * check, median-of-three pivots, three-way partitioning). The algorithm is not stable, so
 * rows with equal keys come out in the order PostgreSQL's in-memory sort gives them; the
 * translator orders DISTINCT ON by it so that each group keeps PostgreSQL's first row.
 * With that frame (and no window ORDER BY) SQLite steps every row of the partition, then
 * asks for one value per row in the same order; the n-th value is the n-th row's position.
 * (With OVER () SQLite computes one value per peer group, which would not do.) */
#include <math.h>
#include <stdint.h>
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
    bool na = ta == SQLITE_INTEGER || ta == SQLITE_FLOAT,
         nb = tb == SQLITE_INTEGER || tb == SQLITE_FLOAT;
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
    const void *pa =
        ta == SQLITE_BLOB ? sqlite3_value_blob(a) : (const void *)sqlite3_value_text(a);
    const void *pb =
        tb == SQLITE_BLOB ? sqlite3_value_blob(b) : (const void *)sqlite3_value_text(b);
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
static void step_into(agg_state_t **pp, int argc, sqlite3_value **argv, int first);

static void step(sqlite3_context *ctx, int argc, sqlite3_value **argv, int first)
{
    agg_state_t **pp = sqlite3_aggregate_context(ctx, sizeof(agg_state_t *));
    if (pp)
        step_into(pp, argc, argv, first);
}

/* Appends one row to *pp (created on the first row). */
static void step_into(agg_state_t **pp, int argc, sqlite3_value **argv, int first)
{
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
        if (!first && sqlite3_value_subtype(s->rows[i].v) == SQLFN_JSON_ROW_SUBTYPE)
            lg_buf_append(&b, "\n ", 2); /* a row of json_agg(t ORDER BY ...) */
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

/* ---- ordered-set aggregates ---- */

typedef enum { OSA_CONT, OSA_DISC, OSA_MODE } osa_kind_t;

/* The sorted non-NULL x values of the group (pointers into s). */
static sqlite3_value **osa_values(agg_state_t *s, size_t *n)
{
    sqlite3_value **v = lg_xmalloc((s->n ? s->n : 1) * sizeof(*v));
    *n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (sqlite3_value_type(s->rows[i].v) != SQLITE_NULL)
            v[(*n)++] = s->rows[i].v;
    return v;
}

static void append_double(lg_buf_t *b, double d)
{
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    lg_buf_append(b, tmp, strlen(tmp));
}

/* One fraction's result appended to b (JSON) or set on ctx (b == NULL). false on error. */
static bool osa_one(sqlite3_context *ctx, lg_buf_t *b, sqlite3_value **v, size_t n, double f,
                    bool fnull, osa_kind_t kind)
{
    if (fnull) {
        if (b)
            lg_buf_append(b, "null", 4);
        return true;
    }
    if (f < 0 || f > 1 || f != f) {
        sqlfn__error(ctx, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                     "percentile value %g is not between 0 and 1", f);
        return false;
    }
    if (kind == OSA_DISC) {
        double pos = ceil(f * (double)n);
        size_t i = pos <= 1 ? 0 : (size_t)pos - 1;
        if (b)
            sqlfn__json_append_value(b, v[i], JW_RAW);
        else
            sqlite3_result_value(ctx, v[i]);
        return true;
    }
    double at = f * (double)(n - 1);
    size_t lo = (size_t)floor(at), hi = (size_t)ceil(at);
    double x = sqlite3_value_double(v[lo]), y = sqlite3_value_double(v[hi]);
    double r = lo == hi ? x : x + (y - x) * (at - (double)lo);
    if (b)
        append_double(b, r);
    else
        sqlite3_result_double(ctx, r);
    return true;
}

/* frac as a JSON array "[0.25, 0.75, null]": one result per element. */
static void osa_array(sqlite3_context *ctx, sqlite3_value **v, size_t n, const char *p,
                      osa_kind_t kind)
{
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    bool first = true;
    for (p++; *p && *p != ']';) {
        while (*p == ' ' || *p == ',')
            p++;
        if (*p == ']' || !*p)
            break;
        bool isnull = strncmp(p, "null", 4) == 0;
        char *end = (char *)(uintptr_t)p;
        double f = isnull ? 0 : strtod(p, &end);
        if (isnull)
            end = (char *)(uintptr_t)(p + 4);
        else if (end == p)
            break;
        if (!first)
            lg_buf_putc(&b, ',');
        first = false;
        if (!osa_one(ctx, &b, v, n, f, isnull, kind)) {
            lg_buf_deinit(&b);
            return;
        }
        p = end;
    }
    lg_buf_putc(&b, ']');
    sqlfn__json_result_buf(ctx, &b);
}

static void osa_mode(sqlite3_context *ctx, sqlite3_value **v, size_t n)
{
    size_t best = 0, best_len = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && cmp_values(v[i], v[j]) == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j;
    }
    sqlite3_result_value(ctx, v[best]);
}

static void osa_final(sqlite3_context *ctx, osa_kind_t kind)
{
    agg_state_t *s = final_state(ctx);
    if (!s)
        return;
    size_t n;
    sqlite3_value **v = osa_values(s, &n);
    sqlite3_value *frac = s->n ? s->rows[0].sep : NULL;
    if (n == 0 || (kind != OSA_MODE && (!frac || sqlite3_value_type(frac) == SQLITE_NULL))) {
        sqlite3_result_null(ctx);
    } else if (kind == OSA_MODE) {
        osa_mode(ctx, v, n);
    } else if (sqlite3_value_type(frac) == SQLITE_TEXT && sqlite3_value_text(frac)[0] == '[') {
        osa_array(ctx, v, n, (const char *)sqlite3_value_text(frac), kind);
    } else {
        osa_one(ctx, NULL, v, n, sqlite3_value_double(frac), false, kind);
    }
    free(v);
    state_free(s);
}

static void osa_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    step(ctx, argc, argv, 2);
}

static void cont_final(sqlite3_context *ctx)
{
    osa_final(ctx, OSA_CONT);
}

static void disc_final(sqlite3_context *ctx)
{
    osa_final(ctx, OSA_DISC);
}

static void mode_final(sqlite3_context *ctx)
{
    osa_final(ctx, OSA_MODE);
}

/* ---- PostgreSQL's quicksort order ---- */

typedef struct pgq {
    const agg_state_t *s;
    size_t *ix;
} pgq_t;

static int pgq_cmp(const pgq_t *q, size_t i, size_t j)
{
    return cmp_rows(q->s, &q->s->rows[q->ix[i]], &q->s->rows[q->ix[j]]);
}

static void pgq_swap(pgq_t *q, size_t i, size_t j)
{
    size_t t = q->ix[i];
    q->ix[i] = q->ix[j];
    q->ix[j] = t;
}

static void pgq_swapn(pgq_t *q, size_t i, size_t j, size_t n)
{
    for (size_t k = 0; k < n; k++)
        pgq_swap(q, i + k, j + k);
}

static size_t pgq_med3(const pgq_t *q, size_t a, size_t b, size_t c)
{
    if (pgq_cmp(q, a, b) < 0)
        return pgq_cmp(q, b, c) < 0 ? b : (pgq_cmp(q, a, c) < 0 ? c : a);
    return pgq_cmp(q, b, c) > 0 ? b : (pgq_cmp(q, a, c) < 0 ? a : c);
}

static bool pgq_small_or_sorted(pgq_t *q, size_t a, size_t n)
{
    if (n < 7) {
        for (size_t m = a + 1; m < a + n; m++)
            for (size_t l = m; l > a && pgq_cmp(q, l - 1, l) > 0; l--)
                pgq_swap(q, l, l - 1);
        return true;
    }
    for (size_t m = a + 1; m < a + n; m++)
        if (pgq_cmp(q, m - 1, m) > 0)
            return false;
    return true;
}

static size_t pgq_pivot(const pgq_t *q, size_t a, size_t n)
{
    size_t m = a + n / 2;
    if (n > 7) {
        size_t l = a, h = a + n - 1;
        if (n > 40) {
            size_t d = n / 8;
            l = pgq_med3(q, l, l + d, l + 2 * d);
            m = pgq_med3(q, m - d, m, m + d);
            h = pgq_med3(q, h - 2 * d, h - d, h);
        }
        m = pgq_med3(q, l, m, h);
    }
    return m;
}

static void pgq_sort(pgq_t *q, size_t a, size_t n)
{
    while (!pgq_small_or_sorted(q, a, n)) {
        pgq_swap(q, a, pgq_pivot(q, a, n));
        size_t pa = a + 1, pb = a + 1, pc = a + n - 1, pd = a + n - 1;
        for (;;) {
            int r;
            while (pb <= pc && (r = pgq_cmp(q, pb, a)) <= 0) {
                if (r == 0)
                    pgq_swap(q, pa++, pb);
                pb++;
            }
            while (pb <= pc && (r = pgq_cmp(q, pc, a)) >= 0) {
                if (r == 0)
                    pgq_swap(q, pc, pd--);
                pc--;
            }
            if (pb > pc)
                break;
            pgq_swap(q, pb++, pc--);
        }
        size_t pn = a + n;
        size_t d1 = pa - a < pb - pa ? pa - a : pb - pa;
        pgq_swapn(q, a, pb - d1, d1);
        d1 = pd - pc < pn - pd - 1 ? pd - pc : pn - pd - 1;
        pgq_swapn(q, pb, pn - d1, d1);
        d1 = pb - pa;
        size_t d2 = pd - pc;
        if (d1 <= d2) {
            if (d1 > 1)
                pgq_sort(q, a, d1);
            if (d2 <= 1)
                return;
            a = pn - d2;
            n = d2;
        } else {
            if (d2 > 1)
                pgq_sort(q, pn - d2, d2);
            if (d1 <= 1)
                return;
            n = d1;
        }
    }
}

typedef struct sortpos {
    agg_state_t *s;
    size_t *pos; /* pos[arrival index] = 1-based sorted position */
    size_t next; /* arrival index of the next xValue call */
} sortpos_t;

static sortpos_t *sortpos_state(sqlite3_context *ctx, bool create)
{
    sortpos_t *p = sqlite3_aggregate_context(ctx, create ? (int)sizeof(*p) : 0);
    return p;
}

static void sortpos_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sortpos_t *p = sortpos_state(ctx, true);
    if (p == NULL)
        return;
    free(p->pos); /* a row arrived after values were asked for: sort again */
    p->pos = NULL;
    step_into(&p->s, argc, argv, 1);
}

static void sortpos_value(sqlite3_context *ctx)
{
    sortpos_t *p = sortpos_state(ctx, false);
    if (p == NULL || p->s == NULL || p->s->n == 0) {
        sqlite3_result_null(ctx);
        return;
    }
    if (p->pos == NULL) {
        size_t n = p->s->n;
        pgq_t q = {p->s, lg_xmalloc(n * sizeof(size_t))};
        for (size_t i = 0; i < n; i++)
            q.ix[i] = i;
        pgq_sort(&q, 0, n);
        p->pos = lg_xmalloc(n * sizeof(size_t));
        for (size_t i = 0; i < n; i++)
            p->pos[q.ix[i]] = i + 1;
        free(q.ix);
        p->next = 0;
    }
    size_t i = p->next < p->s->n ? p->next++ : p->s->n - 1;
    sqlite3_result_int64(ctx, (sqlite3_int64)p->pos[i]);
}

static void sortpos_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlfn__error(ctx, LG_SQLSTATE_INTERNAL_ERROR, "lg_pg_sortpos needs a whole-partition frame");
}

static void sortpos_final(sqlite3_context *ctx)
{
    sortpos_t *p = sortpos_state(ctx, false);
    if (p == NULL)
        return;
    if (p->s)
        state_free(p->s);
    free(p->pos);
    p->s = NULL;
    p->pos = NULL;
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
    static const struct {
        const char *name;
        void (*final)(sqlite3_context *);
    } osa[] = {{"lg_percentile_cont", cont_final},
               {"lg_percentile_disc", disc_final},
               {"lg_mode", mode_final}};
    for (size_t i = 0; i < sizeof(osa) / sizeof(osa[0]); i++)
        if (sqlite3_create_function_v2(db, osa[i].name, 4, SQLITE_UTF8, NULL, NULL, osa_step,
                                       osa[i].final, NULL) != SQLITE_OK)
            return LG_EINVAL;
    if (sqlite3_create_window_function(db, "lg_pg_sortpos", -1, SQLITE_UTF8, NULL, sortpos_step,
                                       sortpos_final, sortpos_value, sortpos_inverse,
                                       NULL) != SQLITE_OK)
        return LG_EINVAL;
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
