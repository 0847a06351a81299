/* sqlfn_numxagg.c - exact-output numeric aggregates lg_numx_sum(x) and lg_numx_avg(x).
 *
 * Every non-NULL value (INTEGER, REAL through its shortest digits, or numeric TEXT) is added
 * exactly as a decimal (sqlfn_dec.c). sum: the exact total with dscale = the largest dscale
 * seen; avg: that total divided by the count with PostgreSQL's select_div_scale (the same
 * as lg_numx_div(sum, count)). Results are decimal TEXT; no rows or only NULLs -> NULL.
 * NaN and +-Infinity inputs are counted apart, as PostgreSQL's numeric aggregates do: any
 * NaN, or both infinities, gives NaN; else an infinity wins. Both are window functions
 * (xInverse subtracts); the dscale of a moving window stays the largest ever seen. */
#include <string.h>

#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

typedef struct numx_agg {
    int64_t count; /* non-NULL values, specials included */
    int64_t nan;
    int64_t pinf;
    int64_t ninf;
    int maxscale;
    pgtype_dec_t sum; /* finite values only; all-zero bytes is 0 */
} numx_agg_t;

static numx_agg_t *agg_state(sqlite3_context *ctx, bool create)
{
    return sqlite3_aggregate_context(ctx, create ? (int)sizeof(numx_agg_t) : 0);
}

/* Adds (sign 1) or removes (sign -1) one argument. */
static void agg_add(sqlite3_context *ctx, sqlite3_value *v, int sign)
{
    if (sqlite3_value_type(v) == SQLITE_NULL)
        return;
    pgtype_dec_t d;
    if (!sqlfn__dec_arg(ctx, v, &d))
        return;
    numx_agg_t *s = agg_state(ctx, true);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    s->count += sign;
    if (d.nan || d.inf) {
        int64_t *c = d.nan ? &s->nan : d.inf > 0 ? &s->pinf : &s->ninf;
        *c += sign;
        return;
    }
    if (d.dscale > s->maxscale)
        s->maxscale = d.dscale;
    bool ok =
        sign > 0 ? sqlfn__dec_add(&s->sum, &d, &s->sum) : sqlfn__dec_sub(&s->sum, &d, &s->sum);
    if (!ok)
        sqlfn__dec_overflow(ctx);
}

static void agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    agg_add(ctx, argv[0], 1);
}

static void agg_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    agg_add(ctx, argv[0], -1);
}

/* The current total (with NaN/Infinity applied); false when there is none (NULL). */
static bool agg_total(sqlite3_context *ctx, pgtype_dec_t *t)
{
    numx_agg_t *s = agg_state(ctx, false);
    if (!s || s->count <= 0)
        return false;
    if (s->nan > 0 || (s->pinf > 0 && s->ninf > 0))
        sqlfn__dec_special(t, true, 0);
    else if (s->pinf > 0 || s->ninf > 0)
        sqlfn__dec_special(t, false, s->pinf > 0 ? 1 : -1);
    else
        *t = s->sum;
    t->dscale = s->maxscale;
    return true;
}

static void sum_value(sqlite3_context *ctx)
{
    pgtype_dec_t t;
    if (agg_total(ctx, &t))
        sqlfn__dec_result(ctx, &t);
}

static void avg_value(sqlite3_context *ctx)
{
    pgtype_dec_t t, n, r;
    if (!agg_total(ctx, &t))
        return;
    pgtype_dec_from_int(agg_state(ctx, false)->count, &n);
    if (sqlfn__dec_div(&t, &n, -1, &r) != 0)
        sqlfn__dec_overflow(ctx);
    else
        sqlfn__dec_result(ctx, &r);
}

int sqlfn__register_numxagg(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    if (sqlite3_create_window_function(db, "lg_numx_sum", 1, flags, NULL, agg_step, sum_value,
                                       sum_value, agg_inverse, NULL) != SQLITE_OK ||
        sqlite3_create_window_function(db, "lg_numx_avg", 1, flags, NULL, agg_step, avg_value,
                                       avg_value, agg_inverse, NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
