/* sqlfn_numx.c - exact-output numeric functions: the translator emits them for values that
 * go straight to the client (top-level SELECT output), where PostgreSQL's exact digits and
 * display scale matter more than SQLite's number ordering.
 *   lg_numx(v[, typmod])              numeric conversion keeping digits (typmod -1/NULL: none)
 *   lg_numx_add/sub/mul(a, b)         exact; dscale max(a, b) for add/sub, a + b for mul
 *   lg_numx_neg(a), lg_numx_abs(a)    keep dscale
 *   lg_numx_round/trunc(a[, n])       dscale max(n, 0); n < 0 rounds left of the point
 *   lg_numx_ceil(a), lg_numx_floor(a) dscale 0
 *   lg_numx_cmp(a, b)                 -1 / 0 / 1 (an INTEGER, not TEXT), NULL for a NULL
 *   lg_numx_greatest/least(...)       numeric comparison, NULLs skipped, the winning
 *                                     argument with its own dscale (first one on ties)
 *   lg_numx_pad(v, s)                 v with at least s fraction digits (s < 0: as is): a
 *                                     stored numeric(p,s) REAL gets its column's scale back
 * Every result is decimal TEXT as pgtype_dec_format prints it ('NaN', 'Infinity' too);
 * arguments are INTEGER, REAL or numeric TEXT (sqlfn__dec_arg); a NULL argument gives NULL
 * except in greatest/least. Arithmetic lives in sqlfn_dec.c. */
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"
#include "sqlfn_json.h"

static void fn_numx(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtype_dec_t d;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !sqlfn__dec_arg(ctx, argv[0], &d))
        return;
    int32_t typmod =
        argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL ? sqlite3_value_int(argv[1]) : -1;
    lg_pgerr_t err;
    memset(&err, 0, sizeof err);
    if (pgtype_dec_apply_typmod(&d, typmod, &err) != 0) {
        sqlfn__error_pg(ctx, &err);
        return;
    }
    sqlfn__dec_result(ctx, &d);
}

/* argv[0] with at least argv[1] fraction digits (argv[1] NULL or < 0: as is); false for a
 * NULL value or with the error set. */
static bool padded_arg(sqlite3_context *ctx, sqlite3_value **argv, pgtype_dec_t *d)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !sqlfn__dec_arg(ctx, argv[0], d))
        return false;
    int s = sqlite3_value_type(argv[1]) == SQLITE_NULL ? -1 : sqlite3_value_int(argv[1]);
    if (!d->nan && !d->inf && s > d->dscale && s <= PGTYPE_DEC_MAXDIGITS)
        d->dscale = s;
    return true;
}

static void fn_numx_pad(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pgtype_dec_t d;
    if (padded_arg(ctx, argv, &d))
        sqlfn__dec_result(ctx, &d);
}

/* lg_json_num(v, s): v as a JSON number with at least s fraction digits (a numeric(p,s)
 * value inside json keeps its scale, as in PostgreSQL); NaN and infinities are strings. */
static void fn_json_num(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pgtype_dec_t d;
    if (!padded_arg(ctx, argv, &d))
        return;
    lg_buf_t b;
    lg_buf_init(&b, 2 * PGTYPE_DEC_MAXDIGITS + 16);
    if (d.nan || d.inf)
        lg_buf_putc(&b, '"');
    pgtype_dec_format(&d, &b);
    if (d.nan || d.inf)
        lg_buf_putc(&b, '"');
    sqlfn__json_result_buf(ctx, &b);
}

typedef bool (*dec_binop_cb)(const pgtype_dec_t *a, const pgtype_dec_t *b, pgtype_dec_t *r);

static void numx_binop(sqlite3_context *ctx, int argc, sqlite3_value **argv, dec_binop_cb op)
{
    pgtype_dec_t a, b, r;
    if (sqlfn__any_null(argc, argv) || !sqlfn__dec_arg(ctx, argv[0], &a) ||
        !sqlfn__dec_arg(ctx, argv[1], &b))
        return;
    if (!op(&a, &b, &r)) {
        sqlfn__dec_overflow(ctx);
        return;
    }
    sqlfn__dec_result(ctx, &r);
}

static void fn_numx_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_binop(ctx, argc, argv, sqlfn__dec_add);
}

static void fn_numx_sub(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_binop(ctx, argc, argv, sqlfn__dec_sub);
}

static void fn_numx_mul(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_binop(ctx, argc, argv, sqlfn__dec_mul);
}

/* neg (abs = false) or abs of one argument. */
static void numx_sign(sqlite3_context *ctx, sqlite3_value **argv, bool abs)
{
    pgtype_dec_t d;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !sqlfn__dec_arg(ctx, argv[0], &d))
        return;
    if (d.inf)
        d.inf = abs ? 1 : -d.inf;
    else if (!d.nan)
        d.neg = d.ndigits > 0 && (abs ? false : !d.neg);
    sqlfn__dec_result(ctx, &d);
}

static void fn_numx_neg(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    numx_sign(ctx, argv, false);
}

static void fn_numx_abs(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    numx_sign(ctx, argv, true);
}

static void numx_round(sqlite3_context *ctx, int argc, sqlite3_value **argv,
                       sqlfn_round_mode_t mode)
{
    pgtype_dec_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__dec_arg(ctx, argv[0], &d))
        return;
    sqlite3_int64 n64 = argc > 1 ? sqlite3_value_int64(argv[1]) : 0;
    int n = n64 > PGTYPE_DEC_MAXDIGITS        ? PGTYPE_DEC_MAXDIGITS
            : n64 < -2 * PGTYPE_DEC_MAXDIGITS ? -2 * PGTYPE_DEC_MAXDIGITS
                                              : (int)n64;
    if (!sqlfn__dec_round_mode(&d, n, mode)) {
        sqlfn__dec_overflow(ctx);
        return;
    }
    sqlfn__dec_result(ctx, &d);
}

static void fn_numx_round(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_round(ctx, argc, argv, SQLFN_ROUND_HALF);
}

static void fn_numx_trunc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_round(ctx, argc, argv, SQLFN_ROUND_TRUNC);
}

static void fn_numx_ceil(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_round(ctx, argc, argv, SQLFN_ROUND_CEIL);
}

static void fn_numx_floor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_round(ctx, argc, argv, SQLFN_ROUND_FLOOR);
}

/* lg_numx_cmp(a, b): -1, 0 or 1 as numeric a compares with b (NULL when either is). */
static void fn_numx_cmp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pgtype_dec_t a, b;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        !sqlfn__dec_arg(ctx, argv[0], &a) || !sqlfn__dec_arg(ctx, argv[1], &b))
        return;
    sqlite3_result_int(ctx, sqlfn__dec_cmp(&a, &b));
}

/* greatest (want = 1) or least (want = -1): the first argument no other beats. */
static void numx_minmax(sqlite3_context *ctx, int argc, sqlite3_value **argv, int want)
{
    pgtype_dec_t best, d;
    bool have = false;
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        if (!sqlfn__dec_arg(ctx, argv[i], &d))
            return;
        if (!have || sqlfn__dec_cmp(&d, &best) == want)
            best = d;
        have = true;
    }
    if (have)
        sqlfn__dec_result(ctx, &best);
}

static void fn_numx_greatest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_minmax(ctx, argc, argv, 1);
}

static void fn_numx_least(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    numx_minmax(ctx, argc, argv, -1);
}

static const sqlfn_def_t k_defs[] = {
    {"lg_numx", 1, SQLFN_PURE, fn_numx},
    {"lg_numx", 2, SQLFN_PURE, fn_numx},
    {"lg_numx_pad", 2, SQLFN_PURE, fn_numx_pad},
    {"lg_json_num", 2, SQLFN_PURE, fn_json_num},
    {"lg_numx_add", 2, SQLFN_PURE, fn_numx_add},
    {"lg_numx_sub", 2, SQLFN_PURE, fn_numx_sub},
    {"lg_numx_mul", 2, SQLFN_PURE, fn_numx_mul},
    {"lg_numx_neg", 1, SQLFN_PURE, fn_numx_neg},
    {"lg_numx_abs", 1, SQLFN_PURE, fn_numx_abs},
    {"lg_numx_round", 1, SQLFN_PURE, fn_numx_round},
    {"lg_numx_round", 2, SQLFN_PURE, fn_numx_round},
    {"lg_numx_trunc", 1, SQLFN_PURE, fn_numx_trunc},
    {"lg_numx_trunc", 2, SQLFN_PURE, fn_numx_trunc},
    {"lg_numx_ceil", 1, SQLFN_PURE, fn_numx_ceil},
    {"lg_numx_floor", 1, SQLFN_PURE, fn_numx_floor},
    {"lg_numx_greatest", -1, SQLFN_PURE, fn_numx_greatest},
    {"lg_numx_cmp", 2, SQLFN_PURE, fn_numx_cmp},
    {"lg_numx_least", -1, SQLFN_PURE, fn_numx_least},
};

int sqlfn__register_numx(sqlite3 *db)
{
    return sqlfn__register_table(db, k_defs, LG_ARRAY_LEN(k_defs), NULL);
}
