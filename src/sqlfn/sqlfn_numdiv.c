/* sqlfn_numdiv.c - exact numeric division and modulo (lg_numeric_div, lg_numeric_mod) and
 * lg_nz (the divisor guard of integer / and %).
 *
 * Operands are numeric storage (INTEGER, REAL read through its shortest round-trip digits,
 * or decimal TEXT). Division follows PostgreSQL's select_div_scale: the result has at least
 * 16 significant digits, and never fewer fraction digits than either operand displays; the
 * last digit is rounded half away from zero. Modulo is a - trunc(a / b) * b with the larger
 * of the operands' scales. Results are stored as pgtype does for numeric: INTEGER when
 * integral and in range, REAL when 15 significant digits hold it, else decimal TEXT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

__extension__ typedef __int128 nd_i128;

#define ND_MAX (2 * PGTYPE_DEC_MAXDIGITS + 64)

/* Reads v as a decimal; false with 22P02 set when TEXT does not parse. */
static bool dec_arg(sqlite3_context *ctx, sqlite3_value *v, pgtype_dec_t *d)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: pgtype_dec_from_int(sqlite3_value_int64(v), d); return true;
    case SQLITE_FLOAT: pgtype_dec_from_double(sqlite3_value_double(v), d); return true;
    default: {
        const char *s = (const char *)sqlite3_value_text(v);
        if (pgtype_dec_parse(s, (size_t)sqlite3_value_bytes(v), d))
            return true;
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                     "invalid input syntax for type numeric: \"%s\"", s);
        return false;
    }
    }
}

/* Quotients and remainders are always SQLite numbers, never decimal text: SQLite ranks any
 * TEXT above every number, so `x / 3.0 > 0.5` or ORDER BY x / 3.0 would silently go wrong
 * on a text result. The price is the digits a double cannot hold (past about the 16th)
 * in the printed value. */
static void number_result(sqlite3_context *ctx, pgtype_dec_t *d)
{
    int64_t iv;
    if (pgtype_dec_to_int64(d, &iv))
        sqlite3_result_int64(ctx, iv);
    else
        sqlite3_result_double(ctx, pgtype_dec_to_double(d));
}


static bool dec_is_zero(const pgtype_dec_t *d)
{
    for (int i = 0; i < d->ndigits; i++)
        if (d->digits[i] != '0')
            return false;
    return true;
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

/* q = floor(n / b) for decimal digit strings; returns the length of q (>= 1). */
static int long_div(const char *n, int nn, const char *b, int bn, char *q)
{
    char r[ND_MAX + 2];
    int rn = 0, qn = 0;
    for (int i = 0; i < nn; i++) {
        if (rn || n[i] != '0')
            r[rn++] = n[i];
        int c = 0;
        while (ge(r, rn, b, bn)) {
            int borrow = 0; /* r -= b, aligned right */
            for (int k = rn - 1, j = bn - 1; k >= 0; k--, j--) {
                int v = r[k] - '0' - borrow - (j >= 0 ? b[j] - '0' : 0);
                borrow = v < 0;
                r[k] = (char)('0' + (v < 0 ? v + 10 : v));
            }
            int z = 0;
            while (z < rn && r[z] == '0')
                z++;
            memmove(r, r + z, (size_t)(rn - z));
            rn -= z;
            c++;
        }
        if (qn || c)
            q[qn++] = (char)('0' + c);
    }
    if (!qn)
        q[qn++] = '0';
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

static void fn_numeric_div(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t a, b;
    if (sqlfn__any_null(argc, argv) || !dec_arg(ctx, argv[0], &a) || !dec_arg(ctx, argv[1], &b))
        return;
    if (dec_is_zero(&b)) {
        sqlfn__error(ctx, LG_SQLSTATE_DIVISION_BY_ZERO, "division by zero");
        return;
    }
    if (a.nan || b.nan || a.inf || b.inf) {
        sqlite3_result_double(ctx, pgtype_dec_to_double(&a) / pgtype_dec_to_double(&b));
        return;
    }
    int rscale = 16;
    if (!dec_is_zero(&a)) {
        int w1, f1, w2, f2;
        nbase_lead(&a, &w1, &f1);
        nbase_lead(&b, &w2, &f2);
        int qweight = w1 - w2 - (f1 <= f2 ? 1 : 0);
        rscale = 16 - qweight * 4;
    }
    rscale = rscale > a.dscale ? rscale : a.dscale;
    rscale = rscale > b.dscale ? rscale : b.dscale;
    rscale = rscale < 0 ? 0 : rscale > 1000 ? 1000 : rscale;
    char da[PGTYPE_DEC_MAXDIGITS + 1], db[PGTYPE_DEC_MAXDIGITS + 1], n[ND_MAX], q[ND_MAX];
    int ea, eb;
    int la = dec_int_digits(&a, da, &ea), lb = dec_int_digits(&b, db, &eb);
    int k = ea - eb + rscale + 1; /* quotient scaled by 10^(rscale + 1) */
    int nn = la + k;
    if (la == 0 || nn <= 0 || nn >= ND_MAX) {
        nn = 1;
        n[0] = '0';
    } else {
        memcpy(n, da, (size_t)(k >= 0 ? la : nn));
        for (int i = la; i < nn; i++)
            n[i] = '0';
    }
    int qn = long_div(n, nn, db, lb, q);
    if (qn < rscale + 2) { /* at least one integer digit, rscale digits, the rounding digit */
        int pad = rscale + 2 - qn;
        memmove(q + pad, q, (size_t)qn);
        memset(q, '0', (size_t)pad);
        qn += pad;
    }
    /* round the extra digit away, then print with rscale fraction digits */
    char txt[ND_MAX + 8];
    int carry = q[qn - 1] >= '5';
    qn--;
    for (int i = qn - 1; i >= 0 && carry; i--) {
        carry = q[i] == '9';
        q[i] = carry ? '0' : (char)(q[i] + 1);
    }
    int t = 0;
    if (a.neg != b.neg)
        txt[t++] = '-';
    if (carry)
        txt[t++] = '1';
    for (int i = 0; i < qn; i++) {
        if (i == qn - rscale)
            txt[t++] = '.';
        txt[t++] = q[i];
    }
    txt[t] = '\0';
    pgtype_dec_t r;
    if (!pgtype_dec_parse(txt, (size_t)t, &r)) {
        sqlfn__error(ctx, LG_SQLSTATE_INTERNAL_ERROR, "numeric division failed");
        return;
    }
    r.dscale = rscale;
    number_result(ctx, &r);
}

/* a - trunc(a / b) * b, exact when both fit 36 digits at the common scale. */
static void fn_numeric_mod(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER &&
        sqlite3_value_type(argv[1]) == SQLITE_INTEGER) {
        int64_t x = sqlite3_value_int64(argv[0]), y = sqlite3_value_int64(argv[1]);
        if (y == 0)
            sqlfn__error(ctx, LG_SQLSTATE_DIVISION_BY_ZERO, "division by zero");
        else
            sqlite3_result_int64(ctx, y == -1 ? 0 : x % y);
        return;
    }
    pgtype_dec_t a, b;
    if (!dec_arg(ctx, argv[0], &a) || !dec_arg(ctx, argv[1], &b))
        return;
    if (dec_is_zero(&b)) {
        sqlfn__error(ctx, LG_SQLSTATE_DIVISION_BY_ZERO, "division by zero");
        return;
    }
    int scale = a.dscale > b.dscale ? a.dscale : b.dscale;
    char da[PGTYPE_DEC_MAXDIGITS + 1], db[PGTYPE_DEC_MAXDIGITS + 1];
    int ea, eb;
    int la = dec_int_digits(&a, da, &ea), lb = dec_int_digits(&b, db, &eb);
    if (la + ea + scale > 36 || lb + eb + scale > 36 || ea + scale < 0 || eb + scale < 0) {
        sqlfn__error(ctx, "0A000", "numeric modulo of values this large is not supported");
        return;
    }
    nd_i128 x = 0, y = 0;
    for (int i = 0; i < la + ea + scale; i++)
        x = x * 10 + (i < la ? da[i] - '0' : 0);
    for (int i = 0; i < lb + eb + scale; i++)
        y = y * 10 + (i < lb ? db[i] - '0' : 0);
    nd_i128 m = x % y;
    char txt[64];
    int t = 0;
    char rev[48];
    int rn = 0;
    do {
        rev[rn++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m > 0 || rn <= scale);
    if (a.neg)
        txt[t++] = '-';
    while (rn > 0) {
        if (rn == scale)
            txt[t++] = '.';
        txt[t++] = rev[--rn];
    }
    pgtype_dec_t r;
    pgtype_dec_parse(txt, (size_t)t, &r);
    r.dscale = scale;
    number_result(ctx, &r);
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
    {"lg_nz", 1, SQLFN_PURE, fn_nz},
};

int sqlfn__register_numdiv(sqlite3 *db)
{
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), NULL);
}
