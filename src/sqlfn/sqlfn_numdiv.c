/* sqlfn_numdiv.c - exact numeric division and modulo (lg_numeric_div, lg_numeric_mod, and
 * their exact-output twins lg_numx_div, lg_numx_mod, which share the computation but return
 * decimal TEXT with the computed dscale), sqlfn__dec_div for the module, and lg_nz (the
 * divisor guard of integer / and %).
 *
 * Operands are numeric storage (INTEGER, REAL read through its shortest round-trip digits,
 * or decimal TEXT). Division follows PostgreSQL's select_div_scale: the result has at least
 * 16 significant digits, and never fewer fraction digits than either operand displays; the
 * last digit is rounded half away from zero. Modulo is a - trunc(a / b) * b with the larger
 * of the operands' scales (exact at any size). lg_numeric_* results are SQLite numbers:
 * INTEGER when integral and in range, else REAL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

#define ND_MAX (2 * PGTYPE_DEC_MAXDIGITS + 64)

/* Quotients and remainders of lg_numeric_div/mod are always SQLite numbers, never decimal
 * text: SQLite ranks any TEXT above every number, so `x / 3.0 > 0.5` or ORDER BY x / 3.0
 * would silently go wrong on a text result. The price is the digits a double cannot hold
 * (past about the 16th) in the printed value. lg_numx_div/mod (exact output, for values
 * that go straight to the client) return the same decimal as TEXT with its dscale. */
static void number_result(sqlite3_context *ctx, pgtype_dec_t *d)
{
    int64_t iv;
    if (pgtype_dec_to_int64(d, &iv))
        sqlite3_result_int64(ctx, iv);
    else
        sqlite3_result_double(ctx, pgtype_dec_to_double(d));
}

/* PostgreSQL's base-10000 weight and first base-10000 digit of a nonzero decimal. */
static void nbase_lead(const pgtype_dec_t *d, int *weight, int *first)
{
    int i = 0;
    while (i < d->ndigits && d->digits[i] == '0')
        i++;
    int e = d->point - 1 - i; /* decimal exponent of the first significant digit */
    int w = e >= 0 ? e / 4 : -((-e + 3) / 4);
    int lead = e - 4 * w; /* 0..3: extra digits in the first base-10000 digit */
    int v = 0;
    for (int k = 0; k <= lead; k++)
        v = v * 10 + (i + k < d->ndigits ? d->digits[i + k] - '0' : 0);
    *weight = w;
    *first = v;
}

/* r >= b for digit strings without leading zeros (lengths rn, bn). */
static bool ge(const char *r, int rn, const char *b, int bn)
{
    return rn != bn ? rn > bn : memcmp(r, b, (size_t)rn) >= 0;
}

/* r -= b for digit strings (r >= b), then strips r's leading zeros; returns r's length. */
static int sub_strip(char *r, int rn, const char *b, int bn)
{
    int borrow = 0;
    for (int k = rn - 1, j = bn - 1; k >= 0; k--, j--) {
        int v = r[k] - '0' - borrow - (j >= 0 ? b[j] - '0' : 0);
        borrow = v < 0;
        r[k] = (char)('0' + (v < 0 ? v + 10 : v));
    }
    int z = 0;
    while (z < rn && r[z] == '0')
        z++;
    memmove(r, r + z, (size_t)(rn - z));
    return rn - z;
}

/* q = floor(n / b) for decimal digit strings; returns the length of q (>= 1). When rem is
 * not NULL it receives n mod b (*remn digits, 0 for zero). */
static int long_div(const char *n, int nn, const char *b, int bn, char *q, char *rem, int *remn)
{
    char r[ND_MAX + 2];
    int rn = 0, qn = 0;
    for (int i = 0; i < nn; i++) {
        if (rn || n[i] != '0')
            r[rn++] = n[i];
        int c = 0;
        while (ge(r, rn, b, bn)) {
            rn = sub_strip(r, rn, b, bn);
            c++;
        }
        if (qn || c)
            q[qn++] = (char)('0' + c);
    }
    if (!qn)
        q[qn++] = '0';
    if (rem) {
        memcpy(rem, r, (size_t)rn);
        *remn = rn;
    }
    return qn;
}

/* Significant digits of d without leading/trailing zeros, and the exponent of the last. */
static int dec_int_digits(const pgtype_dec_t *d, char *out, int *exp10)
{
    int s = 0, e = d->ndigits;
    while (s < e && d->digits[s] == '0')
        s++;
    while (e > s && d->digits[e - 1] == '0')
        e--;
    memcpy(out, d->digits + s, (size_t)(e - s));
    *exp10 = d->point - e; /* value = out x 10^exp10 */
    return e - s;
}

/* PostgreSQL's select_div_scale for finite a / b (b nonzero). */
static int div_scale(const pgtype_dec_t *a, const pgtype_dec_t *b)
{
    int w1 = 0, f1 = 0, w2, f2; /* a zero dividend counts as weight 0, first digit 0 */
    if (!sqlfn__dec_is_zero(a))
        nbase_lead(a, &w1, &f1);
    nbase_lead(b, &w2, &f2);
    int qweight = w1 - w2 - (f1 <= f2 ? 1 : 0);
    int rscale = 16 - qweight * 4;
    rscale = rscale > a->dscale ? rscale : a->dscale;
    rscale = rscale > b->dscale ? rscale : b->dscale;
    return rscale < 0 ? 0 : rscale > 1000 ? 1000 : rscale;
}

/* r = sign x q[0..qn) / 10^(rscale + 1), the extra digit rounded away. */
static int div_round_text(char *q, int qn, int rscale, bool neg, pgtype_dec_t *r)
{
    if (qn < rscale + 2) { /* at least one integer digit, rscale digits, the rounding digit */
        int pad = rscale + 2 - qn;
        memmove(q + pad, q, (size_t)qn);
        memset(q, '0', (size_t)pad);
        qn += pad;
    }
    char txt[ND_MAX + 8];
    int carry = q[qn - 1] >= '5';
    qn--;
    for (int i = qn - 1; i >= 0 && carry; i--) {
        carry = q[i] == '9';
        q[i] = carry ? '0' : (char)(q[i] + 1);
    }
    int t = 0;
    if (neg)
        txt[t++] = '-';
    if (carry)
        txt[t++] = '1';
    for (int i = 0; i < qn; i++) {
        if (i == qn - rscale)
            txt[t++] = '.';
        txt[t++] = q[i];
    }
    if (!pgtype_dec_parse(txt, (size_t)t, r))
        return LG_ETOOBIG;
    r->dscale = rscale;
    return 0;
}

/* numeric_div's answers when an operand is NaN or +-Infinity. */
static int div_special(const pgtype_dec_t *a, const pgtype_dec_t *b, pgtype_dec_t *r)
{
    if (a->nan || b->nan || (a->inf && b->inf)) {
        sqlfn__dec_special(r, true, 0);
    } else if (a->inf) {
        if (sqlfn__dec_is_zero(b))
            return LG_EINVAL;
        sqlfn__dec_special(r, false, (a->inf < 0) != b->neg ? -1 : 1);
    } else {
        pgtype_dec_from_int(0, r); /* finite / Infinity */
    }
    return 0;
}

int sqlfn__dec_div(const pgtype_dec_t *a, const pgtype_dec_t *b, int rscale, pgtype_dec_t *r)
{
    if (a->nan || b->nan || a->inf || b->inf)
        return div_special(a, b, r);
    if (sqlfn__dec_is_zero(b))
        return LG_EINVAL;
    if (rscale < 0)
        rscale = div_scale(a, b);
    char da[PGTYPE_DEC_MAXDIGITS + 1], db[PGTYPE_DEC_MAXDIGITS + 1], n[ND_MAX], q[ND_MAX];
    int ea, eb;
    int la = dec_int_digits(a, da, &ea), lb = dec_int_digits(b, db, &eb);
    int k = ea - eb + rscale + 1; /* quotient scaled by 10^(rscale + 1) */
    int nn = la + k;
    if (rscale + 4 >= ND_MAX || (la > 0 && nn >= ND_MAX))
        return LG_ETOOBIG;
    if (la == 0 || nn <= 0) {
        nn = 1;
        n[0] = '0';
    } else {
        memcpy(n, da, (size_t)(k >= 0 ? la : nn));
        for (int i = la; i < nn; i++)
            n[i] = '0';
    }
    int qn = long_div(n, nn, db, lb, q, NULL, NULL);
    return div_round_text(q, qn, rscale, a->neg != b->neg, r);
}

/* Digit string of d x 10^(e - emin) (d's digits followed by zeros). */
static int mod_scaled(const char *dd, int ld, int e, int emin, char *out)
{
    memcpy(out, dd, (size_t)ld);
    for (int i = 0; i < e - emin; i++)
        out[ld + i] = '0';
    return ld + e - emin;
}

/* a - trunc(a / b) * b, exact, with the larger of the operands' scales; NaN/Infinity as
 * numeric_mod (x % Infinity = x, Infinity % x = NaN). 0, LG_EINVAL (division by zero) or
 * LG_ETOOBIG. */
static int dec_mod(const pgtype_dec_t *a, const pgtype_dec_t *b, pgtype_dec_t *r)
{
    if (a->nan || b->nan || (a->inf && b->inf) || (a->inf && !sqlfn__dec_is_zero(b))) {
        sqlfn__dec_special(r, true, 0);
        return 0;
    }
    if (sqlfn__dec_is_zero(b))
        return LG_EINVAL;
    if (b->inf) {
        *r = *a;
        return 0;
    }
    int scale = a->dscale > b->dscale ? a->dscale : b->dscale;
    char da[PGTYPE_DEC_MAXDIGITS + 1], db[PGTYPE_DEC_MAXDIGITS + 1];
    char x[ND_MAX], y[ND_MAX], q[ND_MAX], rem[ND_MAX + 2];
    int ea, eb, rn = 0;
    int la = dec_int_digits(a, da, &ea), lb = dec_int_digits(b, db, &eb);
    int emin = ea < eb ? ea : eb;
    if (la == 0) {
        pgtype_dec_from_int(0, r);
        r->dscale = scale;
        return 0;
    }
    if (la + ea - emin >= ND_MAX || lb + eb - emin >= ND_MAX)
        return LG_ETOOBIG;
    int xn = mod_scaled(da, la, ea, emin, x), yn = mod_scaled(db, lb, eb, emin, y);
    (void)long_div(x, xn, y, yn, q, rem, &rn);
    if (rn > PGTYPE_DEC_MAXDIGITS)
        return LG_ETOOBIG;
    memset(r, 0, sizeof *r);
    memcpy(r->digits, rem, (size_t)rn);
    r->ndigits = rn;
    r->point = rn + emin;
    r->neg = a->neg;
    sqlfn__dec_normalize(r);
    r->dscale = scale;
    return 0;
}

/* Raises the error of a failed sqlfn__dec_div / dec_mod. */
static void divmod_error(sqlite3_context *ctx, int rc)
{
    if (rc == LG_EINVAL)
        sqlfn__error(ctx, LG_SQLSTATE_DIVISION_BY_ZERO, "division by zero");
    else
        sqlfn__dec_overflow(ctx);
}

/* Shared body of lg_numeric_div / lg_numx_div (as_text: decimal TEXT result). */
static void numeric_div(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool as_text)
{
    pgtype_dec_t a, b, r;
    if (sqlfn__any_null(argc, argv) || !sqlfn__dec_arg(ctx, argv[0], &a) ||
        !sqlfn__dec_arg(ctx, argv[1], &b))
        return;
    if (!as_text && sqlfn__dec_is_zero(&b)) {
        divmod_error(ctx, LG_EINVAL);
        return;
    }
    if (!as_text && (a.nan || b.nan || a.inf || b.inf)) {
        sqlite3_result_double(ctx, pgtype_dec_to_double(&a) / pgtype_dec_to_double(&b));
        return;
    }
    int rc = sqlfn__dec_div(&a, &b, -1, &r);
    if (rc != 0)
        divmod_error(ctx, rc);
    else if (as_text)
        sqlfn__dec_result(ctx, &r);
    else
        number_result(ctx, &r);
}

static void fn_numeric_div(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numeric_div(ctx, argc, argv, false);
}

static void fn_numx_div(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numeric_div(ctx, argc, argv, true);
}

/* Shared body of lg_numeric_mod / lg_numx_mod. */
static void numeric_mod(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool as_text)
{
    if (sqlfn__any_null(argc, argv))
        return;
    if (!as_text && sqlite3_value_type(argv[0]) == SQLITE_INTEGER &&
        sqlite3_value_type(argv[1]) == SQLITE_INTEGER) {
        int64_t x = sqlite3_value_int64(argv[0]), y = sqlite3_value_int64(argv[1]);
        if (y == 0)
            divmod_error(ctx, LG_EINVAL);
        else
            sqlite3_result_int64(ctx, y == -1 ? 0 : x % y);
        return;
    }
    pgtype_dec_t a, b, r;
    if (!sqlfn__dec_arg(ctx, argv[0], &a) || !sqlfn__dec_arg(ctx, argv[1], &b))
        return;
    int rc = dec_mod(&a, &b, &r);
    if (rc != 0)
        divmod_error(ctx, rc);
    else if (as_text)
        sqlfn__dec_result(ctx, &r);
    else
        number_result(ctx, &r);
}

static void fn_numeric_mod(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numeric_mod(ctx, argc, argv, false);
}

static void fn_numx_mod(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numeric_mod(ctx, argc, argv, true);
}

/* lg_nz(x): x, or 22012 when x is zero (divisor of integer / and %). */
static void fn_nz(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int t = sqlite3_value_type(argv[0]);
    if ((t == SQLITE_INTEGER && sqlite3_value_int64(argv[0]) == 0) ||
        (t == SQLITE_FLOAT && sqlite3_value_double(argv[0]) == 0.0)) {
        sqlfn__error(ctx, LG_SQLSTATE_DIVISION_BY_ZERO, "division by zero");
        return;
    }
    sqlite3_result_value(ctx, argv[0]);
}

static const sqlfn_def_t k_defs[] = {
    {"lg_numeric_div", 2, SQLFN_PURE, fn_numeric_div},
    {"lg_numeric_mod", 2, SQLFN_PURE, fn_numeric_mod},
    {"lg_numx_div", 2, SQLFN_PURE, fn_numx_div},
    {"lg_numx_mod", 2, SQLFN_PURE, fn_numx_mod},
    {"lg_nz", 1, SQLFN_PURE, fn_nz},
};

int sqlfn__register_numdiv(sqlite3 *db)
{
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), NULL);
}
