/* sqlfn_floatops.c - float8 arithmetic as PostgreSQL checks it: lg_float8_{add,sub,mul,div}.
 *
 * The translator emits these for + - * / whose result type is double precision. As in
 * PostgreSQL's float.h: a result that is infinite although neither operand is raises 22003
 * "value out of range: overflow"; a product or quotient that is zero although the operands
 * are not (and the divisor is finite) raises 22003 "value out of range: underflow"; x / 0
 * raises 22012. An operand may be a SQLite number or the text of a special value ('NaN',
 * 'Infinity', '-Infinity', as a float8 column stores them); a NaN result is the text 'NaN'
 * (SQLite turns a NaN REAL into NULL). NULL in, NULL out. Also lg_float_dec, the digits a
 * float becomes as numeric, and the aggregates lg_fsum / lg_favg. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "lg_err.h"
#include "sqlfn_int.h"

enum { FOP_ADD, FOP_SUB, FOP_MUL, FOP_DIV };

/* The operand as a double; false when it is text that is no number. */
static bool operand(sqlite3_value *v, double *d)
{
    int t = sqlite3_value_numeric_type(v);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        *d = sqlite3_value_double(v);
        return true;
    }
    const char *s = (const char *)sqlite3_value_text(v);
    if (!s)
        return false;
    while (*s == ' ')
        s++;
    bool neg = *s == '-';
    const char *w = s + (*s == '-' || *s == '+');
    if (strcasecmp(w, "infinity") == 0 || strcasecmp(w, "inf") == 0) {
        *d = neg ? -INFINITY : INFINITY;
        return true;
    }
    if (strcasecmp(s, "nan") == 0) {
        *d = NAN;
        return true;
    }
    char *end = NULL;
    *d = strtod(s, &end);
    return end && end != s;
}

static void result(sqlite3_context *ctx, double r)
{
    if (isnan(r))
        sqlite3_result_text(ctx, "NaN", 3, SQLITE_STATIC);
    else
        sqlite3_result_double(ctx, r);
}

static void fn_fop(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int op = (int)(intptr_t)sqlite3_user_data(ctx);
    double a, b;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    if (!operand(argv[0], &a) || !operand(argv[1], &b)) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                     "invalid input syntax for type double precision");
        return;
    }
    if (op == FOP_DIV && b == 0.0) {
        sqlfn__error(ctx, "22012", "division by zero");
        return;
    }
    double r = op == FOP_ADD ? a + b : op == FOP_SUB ? a - b : op == FOP_MUL ? a * b : a / b;
    bool overflow = isinf(r) && !isinf(a) && (op == FOP_DIV || !isinf(b));
    bool underflow =
        r == 0.0 && a != 0.0 && ((op == FOP_MUL && b != 0.0) || (op == FOP_DIV && !isinf(b)));
    if (overflow || underflow) {
        sqlfn__error(ctx, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: %s",
                     overflow ? "overflow" : "underflow");
        return;
    }
    result(ctx, r);
}

/* lg_float_dec(x, ndigits): x rounded to ndigits significant digits as text ("%.*g"), the
 * form PostgreSQL's float8 -> numeric (15 digits) and float4 -> numeric (6) casts read. */
static void fn_float_dec(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double d;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    if (!operand(argv[0], &d) || !isfinite(d)) {
        sqlite3_result_value(ctx, argv[0]); /* NaN, Infinity: the numeric cast's own */
        return;
    }
    int nd = sqlite3_value_int(argv[1]);
    char buf[64];
    snprintf(buf, sizeof buf, "%.*g", nd < 1 ? 1 : nd > 17 ? 17 : nd, d);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* lg_fsum(x) / lg_favg(x): sum and avg of double precision as PostgreSQL computes them
 * (float8pl / float8_accum): the values added one by one in plain double arithmetic,
 * 22003 when the sum overflows; SQLite's sum() compensates rounding (1.1 + 2.2 gives 3.3
 * where PostgreSQL gives 3.3000000000000003). */
typedef struct fsum {
    double sum;
    int64_t n;
    bool failed;
} fsum_t;

static void fsum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double d;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    fsum_t *a = sqlite3_aggregate_context(ctx, sizeof(*a));
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (a->failed)
        return;
    if (!operand(argv[0], &d)) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                     "invalid input syntax for type double precision");
        a->failed = true;
        return;
    }
    double r = a->sum + d;
    if (isinf(r) && !isinf(a->sum) && !isinf(d)) {
        sqlfn__error(ctx, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        a->failed = true;
        return;
    }
    a->sum = r;
    a->n++;
}

static void fsum_final(sqlite3_context *ctx, bool avg)
{
    fsum_t *a = sqlite3_aggregate_context(ctx, 0);
    if (!a || !a->n || a->failed)
        return; /* NULL over no rows (an error was raised in the step) */
    result(ctx, avg ? a->sum / (double)a->n : a->sum);
}

static void fn_fsum_final(sqlite3_context *ctx)
{
    fsum_final(ctx, false);
}

static void fn_favg_final(sqlite3_context *ctx)
{
    fsum_final(ctx, true);
}

int sqlfn__register_floatops(sqlite3 *db)
{
    if (sqlite3_create_function_v2(db, "lg_fsum", 1, SQLFN_PURE, NULL, NULL, fsum_step,
                                   fn_fsum_final, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_favg", 1, SQLFN_PURE, NULL, NULL, fsum_step,
                                   fn_favg_final, NULL) != SQLITE_OK)
        return LG_ESQL;
    if (sqlite3_create_function_v2(db, "lg_float_dec", 2, SQLFN_PURE, NULL, fn_float_dec, NULL,
                                   NULL, NULL) != SQLITE_OK)
        return LG_ESQL;
    static const struct {
        const char *name;
        int op;
    } defs[] = {
        {"lg_float8_add", FOP_ADD},
        {"lg_float8_sub", FOP_SUB},
        {"lg_float8_mul", FOP_MUL},
        {"lg_float8_div", FOP_DIV},
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        int rc = sqlite3_create_function_v2(db, defs[i].name, 2, SQLFN_PURE,
                                            (void *)(intptr_t)defs[i].op, fn_fop, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return LG_ESQL;
    }
    return 0;
}
