/* sqlfn_decexp.c - exp, ln, log and power computed on decimals (sqlfn__dec_exp/ln/log/
 * power) for the exact-output lg_numx_* functions, so that results print PostgreSQL's
 * digits instead of long double's ~19. Any thread; pure.
 *
 * Method (as PostgreSQL's exp_var): y = |x| / 2^n (exact in decimal: |x| * 5^n / 10^n) with
 * |y| < 0.01, Taylor series of e^y, then n squarings; a negative x takes the reciprocal.
 * Every intermediate keeps `prec` significant digits (the result's, plus guard digits for
 * the 2^n growth of the relative error); the result is rounded half away from zero to
 * rscale. Values whose digits would outgrow PGTYPE_DEC_MAXDIGITS report failure (the
 * caller falls back to long double). ln(x) is Newton's iteration y + x / e^y - 1 from the
 * long double estimate, at doubling precision; log(b, x) is
 * ln(x) / ln(b) and power(x, y) is exp(y ln(x)), each with the guard digits the magnitudes
 * call for. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pgtype_num.h"
#include "sqlfn_int.h"

#define EXP_GUARD 12

/* |x| / 2^n exactly, into y. */
static bool exp_reduce(const pgtype_dec_t *x, int n, pgtype_dec_t *y)
{
    pgtype_dec_t five;
    pgtype_dec_from_int(5, &five);
    *y = *x;
    y->neg = false;
    for (int i = 0; i < n; i++)
        if (!sqlfn__dec_mul(y, &five, y))
            return false;
    y->point -= n;
    return true;
}

/* e^y for |y| < 0.01 by its Taylor series, each term kept to ws + 2 fraction digits. */
static bool exp_taylor(const pgtype_dec_t *y, int ws, pgtype_dec_t *sum)
{
    pgtype_dec_t term, k;
    pgtype_dec_from_int(1, sum);
    pgtype_dec_from_int(1, &term);
    for (int i = 1; i < 4 * ws + 8; i++) {
        pgtype_dec_from_int(i, &k);
        if (!sqlfn__dec_mul_prec(&term, y, ws + 2, &term))
            return false;
        if (sqlfn__dec_div(&term, &k, ws + 2, &term) != 0)
            return false;
        if (term.ndigits == 0)
            return true;
        if (!sqlfn__dec_add(sum, &term, sum))
            return false;
    }
    return true;
}

/* e^x to about sig significant digits (plus guard digits, unrounded). */
static bool exp_rel(const pgtype_dec_t *x, int sig, pgtype_dec_t *r)
{
    if (x->nan || x->inf)
        return false;
    double ax = fabs(pgtype_dec_to_double(x));
    if (ax > 2400.0)
        return false;
    int nint = (int)(ax * 0.434294481903252) + 1; /* integer digits of e^|x| */
    int n = ax * 100.0 > 1.0 ? (int)ceil(log2(ax * 100.0)) + 1 : 0;
    int prec = (sig < 1 ? 1 : sig) + n + EXP_GUARD; /* e^y >= 1 throughout */
    if (prec > PGTYPE_DEC_MAXDIGITS)
        return false;
    pgtype_dec_t y, e;
    if (!exp_reduce(x, n, &y) || !exp_taylor(&y, prec, &e))
        return false;
    for (int i = 0; i < n; i++) {
        e.dscale = 0; /* display scale is meaningless here; keep it from doubling */
        if (!sqlfn__dec_mul_prec(&e, &e, prec, &e))
            return false;
    }
    if (!x->neg) {
        *r = e;
        return true;
    }
    pgtype_dec_t one;
    pgtype_dec_from_int(1, &one);
    return sqlfn__dec_div(&one, &e, nint + sig + EXP_GUARD, r) == 0;
}

bool sqlfn__dec_exp(const pgtype_dec_t *x, int rscale, pgtype_dec_t *r)
{
    if (x->nan || x->inf)
        return false;
    int nint = (int)(fabs(pgtype_dec_to_double(x)) * 0.434294481903252) + 1;
    if (!exp_rel(x, x->neg ? rscale - nint + 2 : nint + rscale, r))
        return false;
    pgtype_dec_round(r, rscale);
    return true;
}

/* long double ln(x) of a positive decimal of any size: ln(0.DIGITS) + point * ln(10). */
static long double ln_estimate(const pgtype_dec_t *x)
{
    long double m = 0, f = 0.1L;
    for (int i = 0; i < x->ndigits && i < 24; i++, f /= 10)
        m += (x->digits[i] - '0') * f;
    return logl(m) + x->point * 2.302585092994045684017991454684364208L;
}

/* ln(x) for a finite x > 0 to about ws fraction digits: Newton's y + x / e^y - 1 from the
 * long double estimate, doubling the working digits each step (quadratic convergence), then
 * repeating at full precision until the correction is below 10^-ws. */
static bool ln_scaled(const pgtype_dec_t *x, int ws, pgtype_dec_t *y)
{
    char buf[64];
    int len = snprintf(buf, sizeof buf, "%.20Le", ln_estimate(x));
    if (len <= 0 || (size_t)len >= sizeof buf || !pgtype_dec_parse(buf, (size_t)len, y))
        return false;
    pgtype_dec_t one, e, q;
    pgtype_dec_from_int(1, &one);
    int p = 16;
    for (int iter = 0; iter < 24; iter++) {
        p = 2 * p < ws ? 2 * p : ws;
        if (!exp_rel(y, p + 2, &e) || sqlfn__dec_div(x, &e, p + 2, &q) != 0 ||
            !sqlfn__dec_sub(&q, &one, &q) || !sqlfn__dec_add(y, &q, y))
            return false;
        pgtype_dec_round(y, p);
        if (p == ws && (q.ndigits == 0 || q.point <= -(ws / 2 + 1)))
            return true; /* the next correction would be below 10^-ws */
    }
    return false;
}

bool sqlfn__dec_ln(const pgtype_dec_t *x, int rscale, pgtype_dec_t *r)
{
    if (x->nan || x->inf || x->neg || x->ndigits == 0 || !ln_scaled(x, rscale + EXP_GUARD, r))
        return false;
    pgtype_dec_round(r, rscale);
    return true;
}

/* Decimal exponent of the leading digit of ln(x) (0 near x = 1 is fine: it only widens). */
static int ln_mag(const pgtype_dec_t *x)
{
    long double l = fabsl(ln_estimate(x));
    return l > 0 ? (int)floorl(log10l(l)) : 0;
}

bool sqlfn__dec_log(const pgtype_dec_t *b, const pgtype_dec_t *x, int rscale, pgtype_dec_t *r)
{
    if (b->nan || b->inf || b->neg || b->ndigits == 0 || x->nan || x->inf || x->neg ||
        x->ndigits == 0)
        return false;
    int mb = ln_mag(b), mx = ln_mag(x);
    int ws = rscale + EXP_GUARD + 2 * (abs(mb) + abs(mx)) + 2;
    pgtype_dec_t lb, lx;
    if (!ln_scaled(b, ws, &lb) || !ln_scaled(x, ws, &lx) || lb.ndigits == 0)
        return false;
    return sqlfn__dec_div(&lx, &lb, rscale, r) == 0;
}

bool sqlfn__dec_power(const pgtype_dec_t *x, const pgtype_dec_t *y, int rscale, pgtype_dec_t *r)
{
    if (x->nan || x->inf || x->neg || x->ndigits == 0 || y->nan || y->inf)
        return false;
    long double val = ln_estimate(x) * 0.434294481903252L * (long double)pgtype_dec_to_double(y);
    if (fabsl(val) > 2400.0L)
        return false;
    int sig = (int)floorl(val) + 1 + rscale; /* significant digits of the result */
    if (sig < 1)
        sig = 1;
    pgtype_dec_t l, z;
    int zs = sig + EXP_GUARD;
    if (!ln_scaled(x, zs + (y->point > 0 ? y->point : 0), &l) || !sqlfn__dec_mul(y, &l, &z))
        return false;
    pgtype_dec_round(&z, zs);
    return sqlfn__dec_exp(&z, rscale, r);
}
