/* sqlfn_nummath.c - numeric (not float8) versions of the math functions and the numeric
 * scale functions:
 *   lg_num_power(b, e), lg_num_sqrt(x), lg_num_exp(x), lg_num_ln(x), lg_num_log(x),
 *   lg_num_log(b, x): PostgreSQL's numeric results, with its result scale rules
 *   (power_var, sqrt_var, numeric_exp, numeric_ln, log_var): at least 16 significant
 *   digits, never fewer fraction digits than an argument shows. Computed in long double and
 *   rounded to that scale, then returned as SQLite numbers (INTEGER when integral, else
 *   REAL) so that comparisons and ORDER BY stay numeric; the translator supplies the display
 *   scale as the column typmod (pgtype_num.h), so digits past a REAL's are not shown exact.
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

/* Sets v rounded to rscale fraction digits, as an SQLite number. */
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
    long double r = strtold(buf, NULL);
    if (r == floorl(r) && fabsl(r) < 9.0e18L)
        sqlite3_result_int64(ctx, (sqlite3_int64)r);
    else
        sqlite3_result_double(ctx, (double)r);
}

/* PostgreSQL's estimate_ln_dweight: the decimal weight of ln(x). */
static int ln_dweight(long double x)
{
    if (x >= 0.9L && x <= 1.1L) {
        long double d = fabsl(x - 1);
        return d == 0 ? 0 : (int)floorl(log10l(d));
    }
    long double l = logl(x);
    return l == 0 ? 0 : (int)log10l(fabsl(l));
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
    if (x < 0 && !int_exp) {
        sqlfn__error(ctx, "2201F",
                     "a negative number raised to a non-integer power yields a "
                     "complex result");
        return;
    }
    int rscale;
    if (int_exp) {
        rscale = clamp_scale(MIN_SIG, &b, NULL);
    } else {
        long double val = x == 0 ? 0 : logl(x) * y * 0.434294481903252L;
        val = val > MAX_SCALE ? MAX_SCALE : val < -MAX_SCALE ? -MAX_SCALE : val;
        rscale = clamp_scale(MIN_SIG - (int)val, &b, &e);
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
    /* base-10000 weight of x, as numeric stores it */
    int w = x == 0 ? 0 : (int)floorl(log10l(x) / 4.0L);
    int sweight = (w + 1) * 4 / 2 - 1;
    num_result(ctx, sqrtl(x), clamp_scale(MIN_SIG - sweight, &a, NULL));
}

static void fn_num_exp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t a;
    if (sqlfn__any_null(argc, argv) || !num_arg(ctx, argv[0], &a))
        return;
    long double x = dec_ld(&a);
    long double val = x * 0.434294481903252L;
    val = val > MAX_SCALE ? MAX_SCALE : val < -MAX_SCALE ? -MAX_SCALE : val;
    num_result(ctx, expl(x), clamp_scale(MIN_SIG - (int)val, &a, NULL));
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
    if (!ln_domain(ctx, x))
        return;
    num_result(ctx, logl(x), clamp_scale(MIN_SIG - ln_dweight(x), &a, NULL));
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
    int dw = ln_dweight(x) - ln_dweight(base);
    long double r = argc == 1 ? log10l(x) : logl(x) / logl(base);
    num_result(ctx, r, clamp_scale(MIN_SIG - dw, &b, &a));
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

int sqlfn__register_nummath(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
