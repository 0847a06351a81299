/* sqlfn_math.c - PostgreSQL math functions with PostgreSQL's errors: div, mod, power/pow,
 * sqrt, cbrt, exp, ln, log, log10, random, setseed, gcd, lcm, width_bucket.
 *
 * Where SQLite has a same-named function that returns NULL on a domain error, ours raises
 * the PostgreSQL SQLSTATE instead (2201F, 2201E, 22012, 22003, 2201G). random()/setseed()
 * use a per-connection xorshift64* state seeded from OpenSSL at registration. */
#include <math.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef struct rng {
    uint64_t s;
} rng_t;

static bool is_int(sqlite3_value *v)
{
    return sqlite3_value_type(v) == SQLITE_INTEGER;
}

static void result_checked(sqlite3_context *ctx, double r)
{
    if (isinf(r)) {
        sqlfn__error(ctx, "22003", "value out of range: overflow");
    } else {
        sqlite3_result_double(ctx, r);
    }
}

static void fn_div(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    if (is_int(argv[0]) && is_int(argv[1])) {
        sqlite3_int64 a = sqlite3_value_int64(argv[0]);
        sqlite3_int64 b = sqlite3_value_int64(argv[1]);
        if (b == 0) {
            sqlfn__error(ctx, "22012", "division by zero");
        } else if (a == INT64_MIN && b == -1) {
            sqlfn__error(ctx, "22003", "bigint out of range");
        } else {
            sqlite3_result_int64(ctx, a / b);
        }
        return;
    }
    double b = sqlite3_value_double(argv[1]);
    if (b == 0.0) {
        sqlfn__error(ctx, "22012", "division by zero");
        return;
    }
    double q = trunc(sqlite3_value_double(argv[0]) / b);
    if (fabs(q) < 9.2e18) {
        sqlite3_result_int64(ctx, (sqlite3_int64)q);
    } else {
        sqlite3_result_double(ctx, q);
    }
}

static void fn_mod(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    if (is_int(argv[0]) && is_int(argv[1])) {
        sqlite3_int64 a = sqlite3_value_int64(argv[0]);
        sqlite3_int64 b = sqlite3_value_int64(argv[1]);
        if (b == 0) {
            sqlfn__error(ctx, "22012", "division by zero");
        } else {
            sqlite3_result_int64(ctx, b == -1 ? 0 : a % b);
        }
        return;
    }
    double b = sqlite3_value_double(argv[1]);
    if (b == 0.0) {
        sqlfn__error(ctx, "22012", "division by zero");
        return;
    }
    sqlite3_result_double(ctx, fmod(sqlite3_value_double(argv[0]), b));
}

static void fn_power(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    double x = sqlite3_value_double(argv[0]);
    double y = sqlite3_value_double(argv[1]);
    if (x == 0.0 && y < 0.0) {
        sqlfn__error(ctx, "2201F", "zero raised to a negative power is undefined");
        return;
    }
    if (x < 0.0 && floor(y) != y) {
        sqlfn__error(ctx, "2201F", "a negative number raised to a non-integer power yields "
                     "a complex result");
        return;
    }
    result_checked(ctx, pow(x, y));
}

static void fn_sqrt(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    double x = sqlite3_value_double(argv[0]);
    if (x < 0.0) {
        sqlfn__error(ctx, "2201F", "cannot take square root of a negative number");
        return;
    }
    sqlite3_result_double(ctx, sqrt(x));
}

static void fn_cbrt(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!sqlfn__any_null(argc, argv)) {
        sqlite3_result_double(ctx, cbrt(sqlite3_value_double(argv[0])));
    }
}

static void fn_exp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!sqlfn__any_null(argc, argv)) {
        result_checked(ctx, exp(sqlite3_value_double(argv[0])));
    }
}

/* Checks a logarithm argument; false (error set) if x <= 0. */
static bool log_arg_ok(sqlite3_context *ctx, double x)
{
    if (x == 0.0) {
        sqlfn__error(ctx, "2201E", "cannot take logarithm of zero");
        return false;
    }
    if (x < 0.0) {
        sqlfn__error(ctx, "2201E", "cannot take logarithm of a negative number");
        return false;
    }
    return true;
}

static void fn_ln(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    double x = sqlite3_value_double(argv[0]);
    if (log_arg_ok(ctx, x)) {
        sqlite3_result_double(ctx, log(x));
    }
}

/* log(x) is base 10; log(b, x) is base b. */
static void fn_log(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    double x = sqlite3_value_double(argv[argc - 1]);
    if (!log_arg_ok(ctx, x)) {
        return;
    }
    if (argc == 1) {
        sqlite3_result_double(ctx, log10(x));
        return;
    }
    double b = sqlite3_value_double(argv[0]);
    if (!log_arg_ok(ctx, b)) {
        return;
    }
    if (b == 1.0) {
        sqlfn__error(ctx, "22012", "division by zero");
        return;
    }
    sqlite3_result_double(ctx, log(x) / log(b));
}

static uint64_t rng_next(rng_t *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1DULL;
}

static void fn_random(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    rng_t *r = sqlite3_user_data(ctx);
    sqlite3_result_double(ctx, (double)(rng_next(r) >> 11) * 0x1.0p-53);
}

static void fn_setseed(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    double x = sqlite3_value_double(argv[0]);
    if (x < -1.0 || x > 1.0 || isnan(x)) {
        sqlfn__error(ctx, "22003", "setseed parameter %g is out of allowed range [-1,1]", x);
        return;
    }
    rng_t *r = sqlite3_user_data(ctx);
    r->s = (uint64_t)((x + 1.0) * 4294967295.0) * 0x9E3779B97F4A7C15ULL + 1;
    sqlite3_result_null(ctx);
}

static uint64_t uabs(sqlite3_int64 v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static uint64_t ugcd(uint64_t a, uint64_t b)
{
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static void fn_gcd(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    uint64_t g = ugcd(uabs(sqlite3_value_int64(argv[0])), uabs(sqlite3_value_int64(argv[1])));
    if (g > (uint64_t)INT64_MAX) {
        sqlfn__error(ctx, "22003", "bigint out of range");
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)g);
}

static void fn_lcm(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    uint64_t a = uabs(sqlite3_value_int64(argv[0]));
    uint64_t b = uabs(sqlite3_value_int64(argv[1]));
    if (a == 0 || b == 0) {
        sqlite3_result_int64(ctx, 0);
        return;
    }
    uint64_t q = a / ugcd(a, b);
    if (q > (uint64_t)INT64_MAX / b) {
        sqlfn__error(ctx, "22003", "bigint out of range");
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)(q * b));
}

static void fn_width_bucket(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    double x = sqlite3_value_double(argv[0]);
    double lo = sqlite3_value_double(argv[1]);
    double hi = sqlite3_value_double(argv[2]);
    sqlite3_int64 count = sqlite3_value_int64(argv[3]);
    if (count <= 0) {
        sqlfn__error(ctx, "2201G", "count must be greater than zero");
        return;
    }
    if (lo == hi) {
        sqlfn__error(ctx, "2201G", "lower bound cannot equal upper bound");
        return;
    }
    sqlite3_int64 r;
    if (lo < hi) {
        r = x < lo ? 0 : x >= hi ? count + 1
                                 : (sqlite3_int64)((x - lo) / (hi - lo) * (double)count) + 1;
    } else {
        r = x > lo ? 0 : x <= hi ? count + 1
                                 : (sqlite3_int64)((lo - x) / (lo - hi) * (double)count) + 1;
    }
    sqlite3_result_int64(ctx, r);
}

static const sqlfn_def_t defs[] = {
    {"div", 2, SQLFN_PURE, fn_div},
    {"lg_div", 2, SQLFN_PURE, fn_div},
    {"mod", 2, SQLFN_PURE, fn_mod},
    {"power", 2, SQLFN_PURE, fn_power},
    {"pow", 2, SQLFN_PURE, fn_power},
    {"sqrt", 1, SQLFN_PURE, fn_sqrt},
    {"cbrt", 1, SQLFN_PURE, fn_cbrt},
    {"exp", 1, SQLFN_PURE, fn_exp},
    {"ln", 1, SQLFN_PURE, fn_ln},
    {"log", 1, SQLFN_PURE, fn_log},
    {"log", 2, SQLFN_PURE, fn_log},
    {"log10", 1, SQLFN_PURE, fn_log},
    {"gcd", 2, SQLFN_PURE, fn_gcd},
    {"lcm", 2, SQLFN_PURE, fn_lcm},
    {"width_bucket", 4, SQLFN_PURE, fn_width_bucket},
};

int sqlfn__register_math(sqlite3 *db)
{
    int rc = sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
    if (rc != 0) {
        return rc;
    }
    rng_t *r = lg_xcalloc(1, sizeof *r);
    if (RAND_bytes((unsigned char *)&r->s, sizeof r->s) != 1 || r->s == 0) {
        r->s = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(uintptr_t)r;
    }
    if (sqlite3_create_function_v2(db, "random", 0, SQLFN_VOLATILE, r, fn_random, NULL, NULL,
                                   free) != SQLITE_OK) {
        return LG_EINVAL;
    }
    if (sqlite3_create_function_v2(db, "lg_random", 0, SQLFN_VOLATILE, r, fn_random, NULL,
                                   NULL, NULL) != SQLITE_OK) {
        return LG_EINVAL;
    }
    if (sqlite3_create_function_v2(db, "setseed", 1, SQLFN_VOLATILE, r, fn_setseed, NULL,
                                   NULL, NULL) != SQLITE_OK) {
        return LG_EINVAL;
    }
    return 0;
}
