/* sqlfn_numxvar.c - variance and standard deviation aggregates, as PostgreSQL computes them.
 *   lg_var_M(x)           numeric/integer input, result as an SQLite number
 *   lg_numx_var_M(x)      the same, result as decimal TEXT with PostgreSQL's digits (exact
 *                         output columns, translate_emit_exact.c)
 *   lg_var_f8_M(x)        double precision input and result
 * The mode is part of the name (lg_var_0 ... lg_var_3): 0 var_samp (variance), 1 var_pop,
 * 2 stddev_samp (stddev), 3 stddev_pop.
 *
 * numeric (numeric_stddev_internal): exact sums of x and x^2, then
 * (N*sum(x^2) - sum(x)^2) / (N*(N-1)) (or N*N for the population forms) with PostgreSQL's
 * division scale, 0 when the numerator is not positive, and the square root at that same
 * scale for stddev. float8 (float8_accum): the Youngs-Cramer update of N, Sx, Sxx, then
 * Sxx/(N-1) or Sxx/N. The sample forms of fewer than two values and any form of no values
 * give NULL. All are window functions (a value leaving the frame is subtracted). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

enum { VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP };

typedef struct var_state {
    int64_t n;
    int maxscale;
    pgtype_dec_t sx, sxx; /* all-zero bytes is 0 */
} var_state_t;

typedef struct var_f8 {
    double n, sx, sxx;
} var_f8_t;

static void num_step(sqlite3_context *ctx, sqlite3_value **argv, int sign)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    pgtype_dec_t d, sq;
    if (!sqlfn__dec_arg(ctx, argv[0], &d))
        return;
    var_state_t *s = sqlite3_aggregate_context(ctx, (int)sizeof(*s));
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (d.nan || d.inf) {
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "variance of NaN or Infinity is not supported");
        return;
    }
    s->n += sign;
    if (d.dscale > s->maxscale)
        s->maxscale = d.dscale;
    bool ok = sqlfn__dec_mul(&d, &d, &sq);
    if (sign > 0)
        ok = ok && sqlfn__dec_add(&s->sx, &d, &s->sx) && sqlfn__dec_add(&s->sxx, &sq, &s->sxx);
    else
        ok = ok && sqlfn__dec_sub(&s->sx, &d, &s->sx) && sqlfn__dec_sub(&s->sxx, &sq, &s->sxx);
    if (!ok)
        sqlfn__dec_overflow(ctx);
}

static void num_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    num_step(ctx, argv, 1);
}

static void num_remove(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    num_step(ctx, argv, -1);
}

/* The statistic into *r; false for NULL (or after an error was set). */
static bool num_compute(sqlite3_context *ctx, int mode, pgtype_dec_t *r)
{
    var_state_t *s = sqlite3_aggregate_context(ctx, 0);
    bool sample = mode == VAR_SAMP || mode == STDDEV_SAMP;
    if (!s || s->n <= 0 || (sample && s->n <= 1))
        return false;
    pgtype_dec_t n, den, num, sx2, nsxx, n1;
    pgtype_dec_from_int(s->n, &n);
    pgtype_dec_from_int(sample ? s->n - 1 : s->n, &n1);
    s->sx.dscale = s->maxscale;
    if (!sqlfn__dec_mul(&s->sx, &s->sx, &sx2) || !sqlfn__dec_mul(&n, &s->sxx, &nsxx) ||
        !sqlfn__dec_sub(&nsxx, &sx2, &num) || !sqlfn__dec_mul(&n, &n1, &den)) {
        sqlfn__dec_overflow(ctx);
        return false;
    }
    if (sqlfn__dec_is_zero(&num) || num.neg) {
        pgtype_dec_from_int(0, r);
        return true;
    }
    if (sqlfn__dec_div(&num, &den, -1, r) != 0) {
        sqlfn__dec_overflow(ctx);
        return false;
    }
    if ((mode == STDDEV_SAMP || mode == STDDEV_POP) && !sqlfn__dec_sqrt(r, r->dscale, r)) {
        sqlfn__dec_overflow(ctx);
        return false;
    }
    return true;
}

static void num_value(sqlite3_context *ctx)
{
    pgtype_dec_t r;
    int mode = (int)(intptr_t)sqlite3_user_data(ctx) & 3;
    if (!num_compute(ctx, mode, &r))
        return;
    if ((intptr_t)sqlite3_user_data(ctx) & 4) {
        sqlfn__dec_result(ctx, &r);
        return;
    }
    int64_t iv;
    if (pgtype_dec_to_int64(&r, &iv))
        sqlite3_result_int64(ctx, iv);
    else
        sqlite3_result_double(ctx, pgtype_dec_to_double(&r));
}

/* ---- float8 ---- */

static void f8_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    var_f8_t *s = sqlite3_aggregate_context(ctx, (int)sizeof(*s));
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    double x = sqlite3_value_double(argv[0]), n0 = s->n;
    s->n += 1.0;
    s->sx += x;
    if (n0 > 0.0) {
        double tmp = x * s->n - s->sx;
        s->sxx += tmp * tmp / (s->n * n0);
    } else {
        s->sxx = isnan(x) || isinf(x) ? NAN : 0.0;
    }
}

/* Removes a value (moving window frames): the Youngs-Cramer update run backwards. */
static void f8_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    var_f8_t *s = sqlite3_aggregate_context(ctx, (int)sizeof(*s));
    if (!s || sqlite3_value_type(argv[0]) == SQLITE_NULL || s->n <= 0.0)
        return;
    double x = sqlite3_value_double(argv[0]);
    if (s->n <= 1.0) {
        memset(s, 0, sizeof(*s));
        return;
    }
    double tmp = x * s->n - s->sx;
    s->sxx -= tmp * tmp / (s->n * (s->n - 1.0));
    if (s->sxx < 0.0)
        s->sxx = 0.0;
    s->n -= 1.0;
    s->sx -= x;
}

static void f8_value(sqlite3_context *ctx)
{
    int mode = (int)(intptr_t)sqlite3_user_data(ctx) & 3;
    var_f8_t *s = sqlite3_aggregate_context(ctx, 0);
    bool sample = mode == VAR_SAMP || mode == STDDEV_SAMP;
    if (!s || s->n <= 0.0 || (sample && s->n <= 1.0))
        return;
    double v = s->sxx / (sample ? s->n - 1.0 : s->n);
    sqlite3_result_double(ctx, mode >= STDDEV_SAMP ? sqrt(v) : v);
}

/* The mode is the second argument at translation time; it is folded into user data by
 * registering one name per mode: name_0 .. name_3. */
int sqlfn__register_numxvar(sqlite3 *db)
{
    static const char *const k_names[] = {"lg_var", "lg_numx_var", "lg_var_f8"};
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    for (int k = 0; k < 3; k++) {
        for (int mode = 0; mode < 4; mode++) {
            char name[32];
            snprintf(name, sizeof name, "%s_%d", k_names[k], mode);
            intptr_t ud = mode | (k == 1 ? 4 : 0);
            int rc = k == 2
                         ? sqlite3_create_window_function(db, name, 1, flags, (void *)ud, f8_step,
                                                          f8_value, f8_value, f8_inverse, NULL)
                         : sqlite3_create_window_function(db, name, 1, flags, (void *)ud, num_add,
                                                          num_value, num_value, num_remove, NULL);
            if (rc != SQLITE_OK)
                return LG_EINVAL;
        }
    }
    return 0;
}
