/* sqlfn_nummath.c - numeric (not float8) versions of the math functions and the numeric
 * scale functions:
 *   lg_num_power(b, e), lg_num_sqrt(x), lg_num_exp(x), lg_num_ln(x), lg_num_log(x),
 *   lg_num_log(b, x): PostgreSQL's numeric results, with its result scale rules
 *   (power_var, sqrt_var, numeric_exp, numeric_ln, log_var): at least 16 significant
 *   digits, never fewer fraction digits than an argument shows. Computed in long double and
 *   rounded to that scale, then returned as SQLite numbers (INTEGER when integral, else
 *   REAL) so that comparisons and ORDER BY stay numeric; the translator supplies the display
 *   scale as the column typmod (pgtype_num.h), so digits past a REAL's are not shown exact.
 *   lg_numx_power/sqrt/exp/ln/log (exact output) are the same functions registered with
 *   user data: they return the rounded value as decimal TEXT with rscale fraction digits,
 *   compute on decimals (sqlfn_decexp.c, sqlfn__dec_sqrt; power(x, integer) by repeated
 *   squaring) with PostgreSQL's digits, falling back to long double when the digits outgrow
 *   the format, and give NaN/Infinity results for special arguments as PostgreSQL does.
 *   factorial(n) -> exact integer (INTEGER, or decimal TEXT beyond int64);
 *   lg_scale(x, s): s when the translator knows the display scale (>= 0), else the scale
 *   of x's shortest digits; min_scale(x); trim_scale(x) (a number: displayed without
 *   trailing zeros when the translator gives it no scale). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

#define MIN_SIG 16
#define MAX_SCALE 1000

/* Reads a numeric argument; false with 22P02 set when TEXT does not parse. */
static bool num_arg(sqlite3_context *ctx, sqlite3_value *v, pgtype_dec_t *d)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        pgtype_dec_from_int(sqlite3_value_int64(v), d);
        return true;
    case SQLITE_FLOAT:
        pgtype_dec_from_double(sqlite3_value_double(v), d);
        return true;
    default: {
        const char *s = (const char *)sqlite3_value_text(v);
        if (s && pgtype_dec_parse(s, (size_t)sqlite3_value_bytes(v), d))
            return true;
        sqlfn__error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", s ? s : "");
        return false;
    }
    }
}

static long double dec_ld(const pgtype_dec_t *d)
{
    char buf[PGTYPE_DEC_MAXDIGITS + 32];
    lg_buf_t b;
    lg_buf_init(&b, sizeof buf);
    pgtype_dec_format(d, &b);
    size_t n = b.len < sizeof buf - 1 ? b.len : sizeof buf - 1;
    memcpy(buf, b.data ? (const char *)b.data : "0", b.data ? n : 1);
    buf[b.data ? n : 1] = '\0';
    lg_buf_deinit(&b);
    return strtold(buf, NULL);
}

static int clamp_scale(int s, const pgtype_dec_t *a, const pgtype_dec_t *b)
{
    if (a && a->dscale > s)
        s = a->dscale;
    if (b && b->dscale > s)
        s = b->dscale;
    return s < 0 ? 0 : s > MAX_SCALE ? MAX_SCALE : s;
}

/* Sets v rounded to rscale fraction digits: an SQLite number, or decimal TEXT with rscale
 * fraction digits for the lg_numx_* twins (registered with non-NULL user data). */
static void num_result(sqlite3_context *ctx, long double v, int rscale)
{
    if (isinf(v) || isnan(v)) {
        sqlfn__error(ctx, "22003", "value overflows numeric format");
        return;
    }
    char buf[2048];
    int n = snprintf(buf, sizeof buf, "%.*Lf", rscale, v);
    if (n <= 0 || (size_t)n >= sizeof buf) {
        sqlfn__error(ctx, "22003", "value overflows numeric format");
        return;
    }
    if (sqlite3_user_data(ctx) != NULL) {
        pgtype_dec_t d;
        if (!pgtype_dec_parse(buf, (size_t)n, &d)) {
            sqlfn__dec_overflow(ctx);
            return;
        }
        d.dscale = rscale; /* "-0.000" parses as zero, which prints unsigned */
        sqlfn__dec_result(ctx, &d);
        return;
    }
    long double r = strtold(buf, NULL);
    if (r == floorl(r) && fabsl(r) < 9.0e18L)
        sqlite3_result_int64(ctx, (sqlite3_int64)r);
    else
        sqlite3_result_double(ctx, (double)r);
}

/* Exact-output result when an argument is NaN or +-Infinity: v (the long double function
 * value, which follows POSIX pow/exp/log special cases as PostgreSQL does) as 'NaN',
 * '[-]Infinity' or an integer with dscale 0. False (nothing set) when not applicable. */
static bool text_special(sqlite3_context *ctx, long double v, const pgtype_dec_t *a,
                         const pgtype_dec_t *b)
{
    if (sqlite3_user_data(ctx) == NULL || !(a->nan || a->inf || (b && (b->nan || b->inf))))
        return false;
    pgtype_dec_t r;
    if (isnan(v) || isinf(v) || fabsl(v) >= 9.0e18L)
        sqlfn__dec_special(&r, isnan(v), v < 0 ? -1 : 1);
    else
        pgtype_dec_from_int((int64_t)v, &r);
    sqlfn__dec_result(ctx, &r);
    return true;
}

/* Decimal digit of d at exponent p (0 outside its digits). */
static int dec_digit_at(const pgtype_dec_t *d, int p)
{
    int i = d->point - 1 - p;
    return i >= 0 && i < d->ndigits ? d->digits[i] - '0' : 0;
}

/* PostgreSQL's estimate_ln_dweight: the decimal weight of ln(x), worked out on the decimal
 * digits as PostgreSQL does (ln(1 + t) ~ t near 1, else the first two base-10000 digits). */
static int ln_dweight(const pgtype_dec_t *x)
{
    if (x->nan || x->inf || x->neg || x->ndigits == 0)
        return 0;
    pgtype_dec_t lo, hi, one, t;
    (void)pgtype_dec_parse("0.9", 3, &lo);
    (void)pgtype_dec_parse("1.1", 3, &hi);
    pgtype_dec_from_int(1, &one);
    if (sqlfn__dec_cmp(x, &lo) >= 0 && sqlfn__dec_cmp(x, &hi) <= 0) {
        if (!sqlfn__dec_sub(x, &one, &t) || t.ndigits == 0)
            return 0;
        return t.point - 1; /* exponent of the leading digit of x - 1 */
    }
    int e = x->point - 1;
    int w = e >= 0 ? e / 4 : -((-e + 3) / 4); /* base-10000 weight */
    int digits = 0, dweight = 4 * w;
    for (int p = 4 * w + 3; p >= 4 * w; p--)
        digits = digits * 10 + dec_digit_at(x, p);
    if (x->point - x->ndigits < 4 * w) { /* a second base-10000 digit exists */
        for (int p = 4 * w - 1; p >= 4 * w - 4; p--)
            digits = digits * 10 + dec_digit_at(x, p);
        dweight -= 4;
    }
    double ln_var = log((double)digits) + dweight * 2.302585092994046;
    return (int)log10(fabs(ln_var));
}

/* b^e for an integer e by repeated squaring on decimals, rounded to rscale, as the
 * exact-output result. Products keep the result's significant digits plus guard digits
 * (exact while they fit). False (nothing set) when the digits outgrow the decimal format,
 * so the caller falls back to long double. */
static bool power_int_dec(sqlite3_context *ctx, const pgtype_dec_t *b, long long e, int rscale)
{
    pgtype_dec_t acc, sq = *b, r;
    pgtype_dec_from_int(1, &acc);
    long double mag = b->ndigits ? (long double)e * log10l(fabsl(dec_ld(b))) : 0;
    if (fabsl(mag) > 2.0L * PGTYPE_DEC_MAXDIGITS)
        return false;
    int prec = (int)floorl(mag) + 1 + rscale;
    prec = (prec < 1 ? 1 : prec) + 8 + (int)log2l((long double)(e < 0 ? -e : e) + 1);
    if (prec > PGTYPE_DEC_MAXDIGITS)
        return false;
    for (long long k = e < 0 ? -e : e; k > 0; k >>= 1) {
        acc.dscale = sq.dscale = 0; /* only the value matters until the end */
        if ((k & 1) && !sqlfn__dec_mul_prec(&acc, &sq, prec, &acc))
            return false;
        if (k > 1 && !sqlfn__dec_mul_prec(&sq, &sq, prec, &sq))
            return false;
    }
    if (e < 0) {
        pgtype_dec_t one;
        pgtype_dec_from_int(1, &one);
        if (sqlfn__dec_div(&one, &acc, rscale, &r) != 0)
            return false;
    } else {
        r = acc;
        pgtype_dec_round(&r, rscale);
    }
    r.dscale = rscale;
    sqlfn__dec_result(ctx, &r);
    return true;
}

/* long double v rounded to s fraction digits (half away from zero). */
static long double round_ld(long double v, int s)
{
    char buf[128];
    if (s > 40 || snprintf(buf, sizeof buf, "%.*Lf", s, v) >= (int)sizeof buf)
        return v;
    return strtold(buf, NULL);
}

/* power_var's estimate of log10 of x^y: ln(x) and y * ln(x) rounded to 8 - ln_dweight(x)
 * fraction digits first, as PostgreSQL does (it decides the result scale). */
static long double power_weight(const pgtype_dec_t *b, long double x, long double y)
{
    int ls = 8 - ln_dweight(b);
    ls = ls < 0 ? 0 : ls;
    long double ln_num = round_ld(round_ld(logl(x), ls) * y, ls);
    return ln_num * 0.434294481903252L;
}

static void fn_num_power(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t b, e;
    if (sqlfn__any_null(argc, argv) || !num_arg(ctx, argv[0], &b) || !num_arg(ctx, argv[1], &e))
        return;
    long double x = dec_ld(&b), y = dec_ld(&e);
    if (x == 0 && y < 0) {
        sqlfn__error(ctx, "2201F", "zero raised to a negative power is undefined");
        return;
    }
    bool int_exp = y == floorl(y) && fabsl(y) <= 2147483647.0L;
    if (x < 0 && !int_exp && !isinf(y)) {
        sqlfn__error(ctx, "2201F",
                     "a negative number raised to a non-integer power yields a "
                     "complex result");
        return;
    }
    if (text_special(ctx, powl(x, y), &b, &e))
        return;
    int rscale;
    if (int_exp) {
        rscale = clamp_scale(MIN_SIG, &b, NULL);
        if (sqlite3_user_data(ctx) != NULL && !b.nan && !b.inf &&
            power_int_dec(ctx, &b, (long long)y, rscale))
            return;
    } else {
        long double val = x == 0 ? 0 : power_weight(&b, x, y);
        val = val > MAX_SCALE ? MAX_SCALE : val < -MAX_SCALE ? -MAX_SCALE : val;
        rscale = x == 0 ? MIN_SIG : clamp_scale(MIN_SIG - (int)val, &b, &e); /* as power_var */
        pgtype_dec_t r;
        if (sqlite3_user_data(ctx) != NULL && sqlfn__dec_power(&b, &e, rscale, &r)) {
            sqlfn__dec_result(ctx, &r);
            return;
        }
    }
    num_result(ctx, powl(x, y), rscale);
}

static void fn_num_sqrt(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t a;
    if (sqlfn__any_null(argc, argv) || !num_arg(ctx, argv[0], &a))
        return;
    long double x = dec_ld(&a);
    if (x < 0) {
        sqlfn__error(ctx, "2201F", "cannot take square root of a negative number");
        return;
    }
    if (text_special(ctx, sqrtl(x), &a, NULL))
        return;
    /* base-10000 weight of x, as numeric stores it */
    int e10 = a.point - 1;
    int w = a.ndigits == 0 ? 0 : e10 >= 0 ? e10 / 4 : -((-e10 + 3) / 4);
    int sweight = (w + 1) * 4 / 2 - 1;
    int rscale = clamp_scale(MIN_SIG - sweight, &a, NULL);
    pgtype_dec_t r;
    if (sqlite3_user_data(ctx) != NULL && sqlfn__dec_sqrt(&a, rscale, &r)) {
        sqlfn__dec_result(ctx, &r);
        return;
    }
    num_result(ctx, sqrtl(x), rscale);
}

static void fn_num_exp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t a;
    if (sqlfn__any_null(argc, argv) || !num_arg(ctx, argv[0], &a))
        return;
    long double x = dec_ld(&a);
    if (text_special(ctx, expl(x), &a, NULL))
        return;
    long double val = x * 0.434294481903252L;
    val = val > MAX_SCALE ? MAX_SCALE : val < -MAX_SCALE ? -MAX_SCALE : val;
    int rscale = clamp_scale(MIN_SIG - (int)val, &a, NULL);
    pgtype_dec_t r;
    if (sqlite3_user_data(ctx) != NULL && sqlfn__dec_exp(&a, rscale, &r)) {
        sqlfn__dec_result(ctx, &r);
        return;
    }
    num_result(ctx, expl(x), rscale);
}

static bool ln_domain(sqlite3_context *ctx, long double x)
{
    if (x == 0) {
        sqlfn__error(ctx, "2201E", "cannot take logarithm of zero");
        return false;
    }
    if (x < 0) {
        sqlfn__error(ctx, "2201E", "cannot take logarithm of a negative number");
        return false;
    }
    return true;
}

static void fn_num_ln(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t a;
    if (sqlfn__any_null(argc, argv) || !num_arg(ctx, argv[0], &a))
        return;
    long double x = dec_ld(&a);
    if (!ln_domain(ctx, x) || text_special(ctx, logl(x), &a, NULL))
        return;
    int rscale = clamp_scale(MIN_SIG - ln_dweight(&a), &a, NULL);
    pgtype_dec_t r;
    if (sqlite3_user_data(ctx) != NULL && sqlfn__dec_ln(&a, rscale, &r)) {
        sqlfn__dec_result(ctx, &r);
        return;
    }
    num_result(ctx, logl(x), rscale);
}

/* log(x) is log(10, x); log(b, x) = ln(x) / ln(b). */
static void fn_num_log(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t b, a;
    pgtype_dec_from_int(10, &b);
    if (sqlfn__any_null(argc, argv) || (argc == 2 && !num_arg(ctx, argv[0], &b)) ||
        !num_arg(ctx, argv[argc - 1], &a))
        return;
    long double base = dec_ld(&b), x = dec_ld(&a);
    if (!ln_domain(ctx, base) || !ln_domain(ctx, x))
        return;
    if (base == 1) {
        sqlfn__error(ctx, "22012", "division by zero");
        return;
    }
    long double r = argc == 1 ? log10l(x) : logl(x) / logl(base);
    if (text_special(ctx, isinf(r) ? INFINITY : r, &b, &a)) /* log(b < 1, Infinity) too */
        return;
    int dw = ln_dweight(&a) - ln_dweight(&b);
    int rscale = clamp_scale(MIN_SIG - dw, &b, &a);
    pgtype_dec_t q;
    if (sqlite3_user_data(ctx) != NULL && sqlfn__dec_log(&b, &a, rscale, &q)) {
        sqlfn__dec_result(ctx, &q);
        return;
    }
    num_result(ctx, r, rscale);
}

/* factorial(n): exact, by repeated multiplication of a little-endian decimal digit array. */
static void fn_factorial(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    sqlite3_int64 n = sqlite3_value_int64(argv[0]);
    if (n < 0) {
        sqlfn__error(ctx, "2201E", "factorial of a negative number is undefined");
        return;
    }
    if (n > 450) { /* 450! has 1001 digits: beyond what numeric storage here can print */
        sqlfn__error(ctx, "22003", "value overflows numeric format");
        return;
    }
    char dig[1100] = {1};
    int nd = 1;
    for (sqlite3_int64 k = 2; k <= n; k++) {
        int carry = 0;
        for (int i = 0; i < nd; i++) {
            int v = dig[i] * (int)k + carry;
            dig[i] = (char)(v % 10);
            carry = v / 10;
        }
        while (carry) {
            dig[nd++] = (char)(carry % 10);
            carry /= 10;
        }
    }
    if (nd <= 18) {
        sqlite3_int64 v = 0;
        for (int i = nd - 1; i >= 0; i--)
            v = v * 10 + dig[i];
        sqlite3_result_int64(ctx, v);
        return;
    }
    char txt[1100];
    for (int i = 0; i < nd; i++)
        txt[i] = (char)('0' + dig[nd - 1 - i]);
    sqlite3_result_text(ctx, txt, nd, SQLITE_TRANSIENT);
}

/* Fraction digits of d's value without trailing zeros. */
static int dec_min_scale(const pgtype_dec_t *d)
{
    int frac = d->ndigits - d->point; /* digits after the point */
    for (int i = d->ndigits - 1; i >= 0 && frac > 0 && d->digits[i] == '0'; i--)
        frac--;
    return frac > 0 ? frac : 0;
}

static void fn_scale(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t d;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !num_arg(ctx, argv[0], &d) || d.nan || d.inf)
        return;
    sqlite3_int64 known =
        argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL ? sqlite3_value_int64(argv[1]) : -1;
    bool text = sqlite3_value_type(argv[0]) == SQLITE_TEXT;
    sqlite3_result_int64(ctx, known >= 0 && !text ? known : d.dscale);
}

static void fn_min_scale(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t d;
    if (sqlfn__any_null(argc, argv) || !num_arg(ctx, argv[0], &d) || d.nan || d.inf)
        return;
    sqlite3_result_int(ctx, dec_min_scale(&d));
}

static void fn_trim_scale(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t d;
    if (sqlfn__any_null(argc, argv) || !num_arg(ctx, argv[0], &d))
        return;
    int64_t iv;
    if (pgtype_dec_to_int64(&d, &iv))
        sqlite3_result_int64(ctx, iv); /* a number shows no trailing zeros */
    else
        sqlite3_result_double(ctx, pgtype_dec_to_double(&d));
}

static const sqlfn_def_t defs[] = {
    {"lg_num_power", 2, SQLFN_PURE, fn_num_power}, {"lg_num_sqrt", 1, SQLFN_PURE, fn_num_sqrt},
    {"lg_num_exp", 1, SQLFN_PURE, fn_num_exp},     {"lg_num_ln", 1, SQLFN_PURE, fn_num_ln},
    {"lg_num_log", 1, SQLFN_PURE, fn_num_log},     {"lg_num_log", 2, SQLFN_PURE, fn_num_log},
    {"factorial", 1, SQLFN_PURE, fn_factorial},    {"lg_scale", 1, SQLFN_PURE, fn_scale},
    {"lg_scale", 2, SQLFN_PURE, fn_scale},         {"min_scale", 1, SQLFN_PURE, fn_min_scale},
    {"trim_scale", 1, SQLFN_PURE, fn_trim_scale},
};

/* The exact-output twins: the same functions, told by their user data to return TEXT. */
static const sqlfn_def_t numx_defs[] = {
    {"lg_numx_power", 2, SQLFN_PURE, fn_num_power}, {"lg_numx_sqrt", 1, SQLFN_PURE, fn_num_sqrt},
    {"lg_numx_exp", 1, SQLFN_PURE, fn_num_exp},     {"lg_numx_ln", 1, SQLFN_PURE, fn_num_ln},
    {"lg_numx_log", 1, SQLFN_PURE, fn_num_log},     {"lg_numx_log", 2, SQLFN_PURE, fn_num_log},
};

int sqlfn__register_nummath(sqlite3 *db)
{
    static char text_flag = 1;
    int rc = sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
    if (rc != 0)
        return rc;
    return sqlfn__register_table(db, numx_defs, LG_ARRAY_LEN(numx_defs), &text_flag);
}
