/* sqlfn_round.c - round(x[, n]), trunc(x[, n]), ceil/ceiling(x) and floor(x) with
 * PostgreSQL numeric semantics.
 *
 * INTEGER in gives INTEGER out; REAL gives REAL (rounded through its shortest decimal form,
 * so round(2.675, 2) is 2.68 as for numeric, never binary noise); TEXT holding a decimal
 * (how numeric is stored) is rounded digit by digit and returned as TEXT with the scale
 * PostgreSQL prints: max(n, 0) for round/trunc, 0 for ceil/floor. Halves round away from
 * zero, as numeric does. lg_float_round(x) is float8 round(): half to even (rint). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef enum { R_HALF, R_TRUNC, R_CEIL, R_FLOOR } rmode_t;

#define DEC_MAX 1100 /* digits of a decimal we round; more is an error */

typedef struct dec {
    bool neg;
    char d[DEC_MAX + 2]; /* ASCII digits, integer part then fraction */
    int len;
    int point; /* digits before the decimal point */
} dec_t;

/* Parses [+-]digits[.digits] (surrounding spaces allowed). */
static bool dec_parse(dec_t *x, const char *s)
{
    memset(x, 0, sizeof *x);
    while (*s == ' ') {
        s++;
    }
    if (*s == '-' || *s == '+') {
        x->neg = *s++ == '-';
    }
    bool seen = false;
    bool dot = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (x->len >= DEC_MAX) {
                return false;
            }
            x->d[x->len++] = *s;
            x->point += dot ? 0 : 1;
            seen = true;
        } else if (*s == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    while (*s == ' ') {
        s++;
    }
    return seen && *s == '\0';
}

static bool dec_nonzero_from(const dec_t *x, int k)
{
    for (int i = k; i < x->len; i++) {
        if (x->d[i] != '0') {
            return true;
        }
    }
    return false;
}

/* Rounds x to n fraction digits in place; false if it no longer fits. */
static bool dec_round(dec_t *x, int n, rmode_t mode)
{
    while (x->point + n < 1) { /* make room so that at least one digit is kept */
        if (x->len >= DEC_MAX) {
            return false;
        }
        memmove(x->d + 1, x->d, (size_t)x->len);
        x->d[0] = '0';
        x->len++;
        x->point++;
    }
    while (x->len < x->point + (n > 0 ? n : 0)) {
        x->d[x->len++] = '0';
    }
    int k = x->point + n;
    bool up = false;
    if (mode == R_HALF) {
        up = k < x->len && x->d[k] >= '5';
    } else if (mode == R_CEIL) {
        up = !x->neg && dec_nonzero_from(x, k);
    } else if (mode == R_FLOOR) {
        up = x->neg && dec_nonzero_from(x, k);
    }
    for (int i = k; i < x->len; i++) {
        x->d[i] = '0';
    }
    for (int i = k - 1; up && i >= 0; i--) {
        up = x->d[i] == '9';
        x->d[i] = up ? '0' : (char)(x->d[i] + 1);
    }
    if (up) {
        memmove(x->d + 1, x->d, (size_t)x->len);
        x->d[0] = '1';
        x->len++;
        x->point++;
    }
    return true;
}

/* Prints x with `scale` fraction digits. */
static void dec_print(const dec_t *x, int scale, lg_buf_t *b)
{
    int start = 0;
    while (start < x->point - 1 && x->d[start] == '0') {
        start++;
    }
    bool zero = !dec_nonzero_from(x, 0);
    if (x->neg && !zero) {
        lg_buf_putc(b, '-');
    }
    if (x->point == 0) {
        lg_buf_putc(b, '0');
    }
    lg_buf_append(b, x->d + start, (size_t)(x->point - start));
    if (scale > 0) {
        lg_buf_putc(b, '.');
        for (int i = 0; i < scale; i++) {
            int at = x->point + i;
            lg_buf_putc(b, at < x->len ? (uint8_t)x->d[at] : '0');
        }
    }
}

static void round_text(sqlite3_context *ctx, const char *s, int n, rmode_t mode, bool as_real)
{
    dec_t x;
    if (!dec_parse(&x, s)) {
        if (as_real) {
            sqlite3_result_double(ctx, strtod(s, NULL));
            return;
        }
        sqlfn__error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", s);
        return;
    }
    if (!dec_round(&x, n, mode)) {
        sqlfn__error(ctx, "22003", "value overflows numeric format");
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, DEC_MAX + 16);
    dec_print(&x, n > 0 ? n : 0, &b);
    if (as_real) {
        lg_buf_putc(&b, 0);
        sqlite3_result_double(ctx, b.failed ? 0.0 : strtod((const char *)b.data, NULL));
        lg_buf_deinit(&b);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void round_int(sqlite3_context *ctx, sqlite3_int64 v, int n, rmode_t mode)
{
    if (n >= 0) {
        sqlite3_result_int64(ctx, v);
        return;
    }
    if (-n > 18) {
        sqlite3_result_int64(ctx, 0);
        return;
    }
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    dec_t x;
    (void)dec_parse(&x, tmp);
    (void)dec_round(&x, n, mode);
    lg_buf_t b;
    lg_buf_init(&b, 64);
    dec_print(&x, 0, &b);
    lg_buf_putc(&b, 0);
    char *end = NULL;
    long long r = strtoll((const char *)b.data, &end, 10);
    lg_buf_deinit(&b);
    sqlite3_result_int64(ctx, r);
}

static void do_round(sqlite3_context *ctx, int argc, sqlite3_value **argv, rmode_t mode)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    sqlite3_int64 n64 = argc > 1 ? sqlite3_value_int64(argv[1]) : 0;
    int n = n64 > 1000 ? 1000 : n64 < -1000 ? -1000 : (int)n64;
    char tmp[64];
    double d;
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_INTEGER:
        round_int(ctx, sqlite3_value_int64(argv[0]), n, mode);
        return;
    case SQLITE_FLOAT:
        d = sqlite3_value_double(argv[0]);
        if (!isfinite(d) || fabs(d) >= 1e15) {
            sqlite3_result_double(ctx, d);
            return;
        }
        {
            /* 15 significant digits: the decimal the user wrote, without binary noise. */
            int intdigits = d == 0.0 ? 1 : (int)floor(log10(fabs(d))) + 1;
            int prec = 15 - intdigits;
            snprintf(tmp, sizeof tmp, "%.*f", prec < 0 ? 0 : prec > 30 ? 30 : prec, d);
        }
        round_text(ctx, tmp, n, mode, true);
        return;
    default:
        round_text(ctx, (const char *)sqlite3_value_text(argv[0]), n, mode, false);
        return;
    }
}

static void fn_round(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    do_round(ctx, argc, argv, R_HALF);
}

static void fn_trunc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    do_round(ctx, argc, argv, R_TRUNC);
}

static void fn_ceil(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    do_round(ctx, argc, argv, R_CEIL);
}

static void fn_floor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    do_round(ctx, argc, argv, R_FLOOR);
}

/* lg_float_round(x): round() of a float8, half to even (PostgreSQL's rint); the translator
 * emits it for round(float) and float -> integer casts. Non-numbers pass through. */
static void fn_float_round(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_FLOAT)
        sqlite3_result_double(ctx, rint(sqlite3_value_double(argv[0])));
    else
        sqlite3_result_value(ctx, argv[0]);
}

static const sqlfn_def_t defs[] = {
    {"lg_float_round", 1, SQLFN_PURE, fn_float_round},
    {"round", 1, SQLFN_PURE, fn_round},   {"round", 2, SQLFN_PURE, fn_round},
    {"trunc", 1, SQLFN_PURE, fn_trunc},   {"trunc", 2, SQLFN_PURE, fn_trunc},
    {"ceil", 1, SQLFN_PURE, fn_ceil},     {"ceiling", 1, SQLFN_PURE, fn_ceil},
    {"floor", 1, SQLFN_PURE, fn_floor},
};

int sqlfn__register_round(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
