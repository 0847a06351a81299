/* sqlfn_sum.c - sum() and avg() without binary floating-point noise (overrides SQLite's).
 *
 * numeric values are stored as REAL (docs/storage.md), so SQLite's own sum(0.1, 0.2) gives
 * 0.30000000000000004 where PostgreSQL's numeric sum gives 0.30. These aggregates add every
 * value exactly as a decimal: a REAL contributes its shortest round-trip digits (0.1 is
 * exactly 0.1), accumulated as a 128-bit integer scaled by 10^scale, where scale is the
 * largest number of fraction digits seen (at most 18). Values that do not fit fall back to
 * double arithmetic for the rest of the group.
 *
 * Results: only INTEGER inputs -> INTEGER (PostgreSQL's sum(int8) does not overflow either:
 * past int64 the result becomes exact decimal); otherwise the decimal stored as numeric is
 * (INTEGER if integral, REAL when 15 digits hold it, else decimal TEXT). avg = sum / count
 * as REAL (or INTEGER when exact). NULLs are skipped; no rows -> NULL. TEXT inputs are
 * read as numbers (decimal TEXT numerics). Both work as window functions (xInverse).
 * Known difference: float8 columns also sum exactly (PostgreSQL's float8 sum keeps the
 * binary noise). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

__extension__ typedef __int128 sum_i128;

#define SUM_MAX_SCALE 18
#define SUM_LIMIT ((sum_i128)1000000000000000000 * (sum_i128)1000000000000000000) /* 1e36 */

/* SQLite's aggregate context is only 8-byte aligned, and __int128 wants 16: the state is
 * declared with 8-byte alignment (x86-64 and arm64 load unaligned 128-bit values fine). */
typedef struct __attribute__((packed, aligned(8))) sum_state {
    int64_t count;   /* non-NULL values */
    bool has_nonint; /* some value so far was not INTEGER */
    bool inexact;    /* fell back to double */
    int scale;       /* fraction digits of acc */
    sum_i128 acc;    /* sum x 10^scale */
    double dsum;     /* double sum (always maintained, used when inexact) */
} sum_state_t;

static sum_i128 pow10_i128(int n)
{
    sum_i128 p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

/* v as a scaled integer (*m x 10^-*scale); false when it does not fit exactly. */
static bool value_scaled(sqlite3_value *v, sum_i128 *m, int *scale)
{
    int t = sqlite3_value_type(v);
    if (t == SQLITE_INTEGER) {
        *m = sqlite3_value_int64(v);
        *scale = 0;
        return true;
    }
    pgtype_dec_t d;
    if (t == SQLITE_FLOAT) {
        double x = sqlite3_value_double(v);
        if (!isfinite(x))
            return false;
        pgtype_dec_from_double(x, &d);
    } else if (!pgtype_dec_parse((const char *)sqlite3_value_text(v),
                                 (size_t)sqlite3_value_bytes(v), &d) || d.nan || d.inf) {
        return false;
    }
    int e = d.point - d.ndigits; /* value = DIGITS x 10^e */
    int scale_v = e < 0 ? -e : 0;
    if (scale_v > SUM_MAX_SCALE || d.ndigits + (e > 0 ? e : 0) > 36)
        return false;
    sum_i128 acc = 0;
    for (int i = 0; i < d.ndigits; i++)
        acc = acc * 10 + (d.digits[i] - '0');
    if (e > 0)
        acc *= pow10_i128(e);
    *m = d.neg ? -acc : acc;
    *scale = scale_v;
    return true;
}

static void sum_add(sum_state_t *s, sqlite3_value *v, int sign)
{
    s->count += sign;
    s->dsum += sign * sqlite3_value_double(v);
    if (sqlite3_value_type(v) != SQLITE_INTEGER)
        s->has_nonint = true;
    if (s->inexact)
        return;
    sum_i128 m;
    int sc;
    if (!value_scaled(v, &m, &sc)) {
        s->inexact = true;
        return;
    }
    if (sc > s->scale) {
        s->acc *= pow10_i128(sc - s->scale);
        s->scale = sc;
    } else {
        m *= pow10_i128(s->scale - sc);
    }
    s->acc += sign * m;
    if (s->acc > SUM_LIMIT || s->acc < -SUM_LIMIT)
        s->inexact = true;
}

static sum_state_t *state(sqlite3_context *ctx, bool create)
{
    return sqlite3_aggregate_context(ctx, create ? (int)sizeof(sum_state_t) : 0);
}

static void sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    sum_state_t *s = state(ctx, true);
    if (s)
        sum_add(s, argv[0], 1);
}

static void sum_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    sum_state_t *s = state(ctx, true);
    if (s)
        sum_add(s, argv[0], -1);
}

/* Sets the exact decimal acc x 10^-scale as a numeric result. */
static void result_scaled(sqlite3_context *ctx, sum_i128 acc, int scale)
{
    char rev[64], txt[72];
    int rn = 0, t = 0;
    bool neg = acc < 0;
    sum_i128 m = neg ? -acc : acc;
    do {
        rev[rn++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m > 0 || rn <= scale);
    if (neg)
        txt[t++] = '-';
    while (rn > 0) {
        if (rn == scale)
            txt[t++] = '.';
        txt[t++] = rev[--rn];
    }
    pgtype_dec_t d;
    pgtype_dec_parse(txt, (size_t)t, &d);
    int64_t iv;
    if (pgtype_dec_to_int64(&d, &iv)) {
        sqlite3_result_int64(ctx, iv);
    } else if (pgtype_dec_sigdigits(&d) <= 15) {
        sqlite3_result_double(ctx, pgtype_dec_to_double(&d));
    } else {
        sqlite3_result_text(ctx, txt, t, SQLITE_TRANSIENT);
    }
}

static void sum_value(sqlite3_context *ctx)
{
    sum_state_t *s = state(ctx, false);
    if (!s || s->count == 0)
        return; /* NULL */
    if (s->inexact)
        sqlite3_result_double(ctx, s->dsum);
    else if (!s->has_nonint && s->scale == 0 && s->acc >= INT64_MIN && s->acc <= INT64_MAX)
        sqlite3_result_int64(ctx, (int64_t)s->acc);
    else
        result_scaled(ctx, s->acc, s->scale);
}

static void avg_value(sqlite3_context *ctx)
{
    sum_state_t *s = state(ctx, false);
    if (!s || s->count == 0)
        return;
    if (s->inexact) {
        sqlite3_result_double(ctx, s->dsum / (double)s->count);
        return;
    }
    if (s->acc % s->count == 0) {
        result_scaled(ctx, s->acc / s->count, s->scale);
        return;
    }
    sqlite3_result_double(ctx, (double)s->acc / (double)s->count / (double)pow10_i128(s->scale));
}

int sqlfn__register_sum(sqlite3 *db)
{
    if (sqlite3_create_window_function(db, "sum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                       sum_step, sum_value, sum_value, sum_inverse,
                                       NULL) != SQLITE_OK ||
        sqlite3_create_window_function(db, "avg", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                       sum_step, avg_value, avg_value, sum_inverse,
                                       NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
