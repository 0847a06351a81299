/* sqlfn_aggstat.c - bitwise and two-variable statistical aggregates:
 *   bit_and(x), bit_or(x), bit_xor(x)       integers; NULL over no non-NULL value
 *   corr(y, x), covar_pop(y, x), covar_samp(y, x), regr_avgx(y, x), regr_avgy(y, x),
 *   regr_count(y, x), regr_intercept(y, x), regr_r2(y, x), regr_slope(y, x), regr_sxx(y, x),
 *   regr_sxy(y, x), regr_syy(y, x)          double precision
 * The statistical ones accumulate only rows where both values are non-NULL, with
 * PostgreSQL's float8_regr_accum (Youngs-Cramer: N, Sx, Sy and the centred Sxx, Syy, Sxy
 * updated per row), and finish as its float8_regr_* / float8_corr / float8_covar_*
 * functions do, so results match PostgreSQL's to the last digit. */
#include <math.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef struct bits {
    int64_t v;
    bool any;
} bits_t;

static void bits_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    bits_t *b = sqlite3_aggregate_context(ctx, sizeof(*b));
    if (!b)
        return;
    int64_t x = sqlite3_value_int64(argv[0]);
    char op = *(const char *)sqlite3_user_data(ctx);
    if (!b->any)
        b->v = x;
    else
        b->v = op == '&' ? (b->v & x) : op == '|' ? (b->v | x) : (b->v ^ x);
    b->any = true;
}

static void bits_final(sqlite3_context *ctx)
{
    bits_t *b = sqlite3_aggregate_context(ctx, 0);
    if (b && b->any)
        sqlite3_result_int64(ctx, b->v);
}

typedef struct regr {
    double n, sx, sxx, sy, syy, sxy;
} regr_t;

static void regr_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    regr_t *r = sqlite3_aggregate_context(ctx, sizeof(*r));
    if (!r)
        return;
    double y = sqlite3_value_double(argv[0]), x = sqlite3_value_double(argv[1]);
    r->n += 1.0;
    r->sx += x;
    r->sy += y;
    if (r->n > 1.0) {
        double tx = x * r->n - r->sx, ty = y * r->n - r->sy;
        double scale = 1.0 / (r->n * (r->n - 1.0));
        r->sxx += tx * tx * scale;
        r->syy += ty * ty * scale;
        r->sxy += tx * ty * scale;
    } else {
        r->sxx = r->syy = r->sxy = 0.0;
    }
}

/* The result of final `kind` over state r (NULL where PostgreSQL returns NULL). */
static void regr_result(sqlite3_context *ctx, const regr_t *r, const char *kind)
{
    double n = r ? r->n : 0.0;
    if (!strcmp(kind, "regr_count")) {
        sqlite3_result_int64(ctx, (int64_t)n);
        return;
    }
    bool samp = !strcmp(kind, "covar_samp");
    if (n < (samp ? 2.0 : 1.0))
        return;
    double v;
    if (!strcmp(kind, "regr_sxx"))
        v = r->sxx;
    else if (!strcmp(kind, "regr_syy"))
        v = r->syy;
    else if (!strcmp(kind, "regr_sxy"))
        v = r->sxy;
    else if (!strcmp(kind, "regr_avgx"))
        v = r->sx / n;
    else if (!strcmp(kind, "regr_avgy"))
        v = r->sy / n;
    else if (!strcmp(kind, "covar_pop"))
        v = r->sxy / n;
    else if (samp)
        v = r->sxy / (n - 1.0);
    else if (!strcmp(kind, "corr")) {
        if (r->sxx == 0 || r->syy == 0)
            return;
        v = r->sxy / sqrt(r->sxx * r->syy);
    } else if (!strcmp(kind, "regr_r2")) {
        if (r->sxx == 0)
            return;
        v = r->syy == 0 ? 1.0 : (r->sxy * r->sxy) / (r->sxx * r->syy);
    } else if (!strcmp(kind, "regr_slope")) {
        if (r->sxx == 0)
            return;
        v = r->sxy / r->sxx;
    } else { /* regr_intercept */
        if (r->sxx == 0)
            return;
        v = (r->sy - r->sx * r->sxy / r->sxx) / n;
    }
    sqlite3_result_double(ctx, v);
}

static void regr_final(sqlite3_context *ctx)
{
    regr_result(ctx, sqlite3_aggregate_context(ctx, 0), sqlite3_user_data(ctx));
}

int sqlfn__register_aggstat(sqlite3 *db)
{
    static const char k_ops[] = "&|^";
    static const char *const k_bits[] = {"bit_and", "bit_or", "bit_xor"};
    static const char *const k_regr[] = {"corr",       "covar_pop",  "covar_samp",     "regr_avgx",
                                         "regr_avgy",  "regr_count", "regr_intercept", "regr_r2",
                                         "regr_slope", "regr_sxx",   "regr_sxy",       "regr_syy"};
    for (size_t i = 0; i < sizeof(k_bits) / sizeof(k_bits[0]); i++)
        if (sqlite3_create_function_v2(db, k_bits[i], 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                       (void *)(uintptr_t)&k_ops[i], NULL, bits_step, bits_final,
                                       NULL) != SQLITE_OK)
            return LG_EINVAL;
    for (size_t i = 0; i < sizeof(k_regr) / sizeof(k_regr[0]); i++)
        if (sqlite3_create_function_v2(db, k_regr[i], 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                       (void *)(uintptr_t)k_regr[i], NULL, regr_step, regr_final,
                                       NULL) != SQLITE_OK)
            return LG_EINVAL;
    return 0;
}
