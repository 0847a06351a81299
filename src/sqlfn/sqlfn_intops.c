/* sqlfn_intops.c - checked integer arithmetic: lg_int{2,4,8}_{add,sub,mul,div}(a, b).
 *
 * The translator emits these for + - * / when both operands are smallint/integer/bigint,
 * the function's width being the result type PostgreSQL picks (the wider operand). A
 * result outside the type's range raises 22003 "smallint/integer/bigint out of range"
 * (SQLite would silently widen int4 and turn int8 overflow into REAL); division by zero
 * raises 22012; division truncates toward zero. NULL in, NULL out. Operands that are not
 * integers (should not happen) fall back to SQLite's own arithmetic on doubles. */
#include <stdint.h>

#include "lg_err.h"
#include "sqlfn_int.h"

enum { IOP_ADD, IOP_SUB, IOP_MUL, IOP_DIV };

typedef struct iop_def {
    const char *name;
    int bits;
    int op;
} iop_def_t;

static const char *range_msg(int bits)
{
    return bits == 16 ? "smallint out of range"
                      : (bits == 32 ? "integer out of range" : "bigint out of range");
}

static bool in_range(int64_t v, int bits)
{
    if (bits == 16)
        return v >= INT16_MIN && v <= INT16_MAX;
    if (bits == 32)
        return v >= INT32_MIN && v <= INT32_MAX;
    return true;
}

/* false on int64 overflow */
static bool checked(int op, int64_t a, int64_t b, int64_t *r)
{
    switch (op) {
    case IOP_ADD: return !__builtin_add_overflow(a, b, r);
    case IOP_SUB: return !__builtin_sub_overflow(a, b, r);
    case IOP_MUL: return !__builtin_mul_overflow(a, b, r);
    default:
        if (a == INT64_MIN && b == -1)
            return false;
        *r = a / b;
        return true;
    }
}

static void fallback(sqlite3_context *ctx, int op, sqlite3_value *x, sqlite3_value *y)
{
    double a = sqlite3_value_double(x), b = sqlite3_value_double(y);
    double r = op == IOP_ADD ? a + b : op == IOP_SUB ? a - b : op == IOP_MUL ? a * b : a / b;
    sqlite3_result_double(ctx, r);
}

static void fn_iop(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const iop_def_t *d = sqlite3_user_data(ctx);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    if (sqlite3_value_numeric_type(argv[0]) != SQLITE_INTEGER ||
        sqlite3_value_numeric_type(argv[1]) != SQLITE_INTEGER) {
        if (d->op == IOP_DIV && sqlite3_value_double(argv[1]) == 0.0) {
            sqlfn__error(ctx, "22012", "division by zero");
            return;
        }
        fallback(ctx, d->op, argv[0], argv[1]);
        return;
    }
    int64_t a = sqlite3_value_int64(argv[0]), b = sqlite3_value_int64(argv[1]), r = 0;
    if (d->op == IOP_DIV && b == 0) {
        sqlfn__error(ctx, "22012", "division by zero");
        return;
    }
    if (!checked(d->op, a, b, &r) || !in_range(r, d->bits)) {
        sqlfn__error(ctx, "22003", "%s", range_msg(d->bits));
        return;
    }
    sqlite3_result_int64(ctx, r);
}

int sqlfn__register_intops(sqlite3 *db)
{
    static const iop_def_t defs[] = {
        {"lg_int2_add", 16, IOP_ADD}, {"lg_int2_sub", 16, IOP_SUB},
        {"lg_int2_mul", 16, IOP_MUL}, {"lg_int2_div", 16, IOP_DIV},
        {"lg_int4_add", 32, IOP_ADD}, {"lg_int4_sub", 32, IOP_SUB},
        {"lg_int4_mul", 32, IOP_MUL}, {"lg_int4_div", 32, IOP_DIV},
        {"lg_int8_add", 64, IOP_ADD}, {"lg_int8_sub", 64, IOP_SUB},
        {"lg_int8_mul", 64, IOP_MUL}, {"lg_int8_div", 64, IOP_DIV},
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        int rc = sqlite3_create_function_v2(db, defs[i].name, 2,
                                            SQLITE_UTF8 | SQLITE_DETERMINISTIC |
                                                SQLITE_INNOCUOUS,
                                            (void *)(uintptr_t)&defs[i], fn_iop, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return LG_ESQL;
    }
    return 0;
}
