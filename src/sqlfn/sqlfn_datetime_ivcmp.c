/* sqlfn_datetime_ivcmp.c - PostgreSQL's ordering and aggregates of interval values.
 *
 * An interval is stored as its output text ('1 day', '24:00:00', '1 mon'), which does not
 * sort or compare like the interval: PostgreSQL compares the span with a month as 30 days
 * and a day as 24 hours (interval_cmp), so '1 day' = '24 hours' and '1 mon' > '29 days'.
 *   collation "lg_interval"   that order. The translator puts it only on the top of an
 *                             interval term (a comparison's left operand, ORDER BY, GROUP
 *                             BY, PARTITION BY, output columns): SQLite lets an explicit
 *                             COLLATE inside a function's arguments decide the collation of
 *                             the function's result, and the interval parser also reads
 *                             most timestamps. Text that is not an interval sorts after
 *                             every interval, bytewise among itself.
 *   lg_interval_greatest(...) / lg_interval_least(...)  GREATEST / LEAST: NULLs are skipped,
 *                             the first of equal winners is returned as stored.
 *   lg_interval_key(x)        a 16-byte BLOB whose bytewise order is interval_cmp's, for
 *                             ORDER BY keys handed to functions (array_agg(x ORDER BY x)).
 *   lg_interval_min(x) / lg_interval_max(x)  min / max (also as window functions): of equal
 *                             values the last one wins (interval_smaller / interval_larger
 *                             keep the second argument on a tie).
 *   lg_interval_nullif(a, b)  nullif by interval_cmp.
 *   lg_interval_sum(x) / lg_interval_avg(x)  sum / avg (also as window functions): fields
 *                             add separately; avg divides the sum like interval / float8.
 *                             Overflow raises 22008 "interval out of range".
 * Any thread (per-connection state only). */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"

static bool parse_iv(const void *p, int n, pgtime_interval_t *iv)
{
    return n > 0 && pgtime_parse_interval(p, (size_t)n, iv) == 0;
}

static int coll_interval(void *arg, int n1, const void *p1, int n2, const void *p2)
{
    (void)arg;
    pgtime_interval_t a, b;
    bool ok_a = parse_iv(p1, n1, &a);
    bool ok_b = parse_iv(p2, n2, &b);
    if (ok_a && ok_b)
        return pgtime_interval_cmp(&a, &b);
    if (ok_a != ok_b)
        return ok_a ? -1 : 1;
    size_t common = (size_t)(n1 < n2 ? n1 : n2) & 0x7fffffffu; /* SQLite's lengths are >= 0 */
    int m = common ? memcmp(p1, p2, common) : 0;
    return m ? (m < 0 ? -1 : 1) : n1 < n2 ? -1 : n1 > n2;
}

__extension__ typedef unsigned __int128 u128_t;

static void fn_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    dt_val_t v;
    bool is_null;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        !sqlfn__dt_arg(ctx, argv[0], "interval", &v, &is_null))
        return;
    __extension__ __int128 span =
        ((__int128)v.iv.months * 30 + v.iv.days) * PGTIME_USEC_PER_DAY + v.iv.usec;
    u128_t k = (u128_t)span ^ ((u128_t)1 << 127); /* sign flipped: unsigned order */
    unsigned char out[16];
    for (int i = 15; i >= 0; i--, k >>= 8)
        out[i] = (unsigned char)(k & 0xff);
    sqlite3_result_blob(ctx, out, sizeof(out), SQLITE_TRANSIENT);
}

static void greatest_least(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sign)
{
    int best = -1;
    pgtime_interval_t bv = {0, 0, 0};
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        dt_val_t v;
        bool is_null;
        if (!sqlfn__dt_arg(ctx, argv[i], "interval", &v, &is_null)) {
            if (is_null)
                continue;
            return;
        }
        if (best < 0 || pgtime_interval_cmp(&v.iv, &bv) * sign > 0) {
            best = i;
            bv = v.iv;
        }
    }
    if (best >= 0)
        sqlite3_result_value(ctx, argv[best]);
}

static void fn_greatest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    greatest_least(ctx, argc, argv, 1);
}

static void fn_least(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    greatest_least(ctx, argc, argv, -1);
}

/* ---- min / max ---- */

/* The frame's non-NULL values in arrival order: rows leave a window frame oldest first
 * (xInverse), and the winner is found by a scan, so ties go to the latest as in PostgreSQL. */
typedef struct iv_item {
    char *text; /* as stored (malloc'd) */
    pgtime_interval_t iv;
} iv_item_t;

typedef struct iv_frame {
    iv_item_t *items;
    size_t head, n, cap; /* live items are items[head .. head + n) */
} iv_frame_t;

static iv_frame_t *frame_of(sqlite3_context *ctx, bool create)
{
    iv_frame_t *f = sqlite3_aggregate_context(ctx, create ? (int)sizeof(*f) : 0);
    if (!f && create)
        sqlite3_result_error_nomem(ctx);
    return f;
}

static void best_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    iv_frame_t *f = frame_of(ctx, true);
    dt_val_t v;
    bool is_null;
    if (!f || !sqlfn__dt_arg(ctx, argv[0], "interval", &v, &is_null) || is_null)
        return;
    if (f->head + f->n == f->cap) {
        if (f->head > 0) { /* reuse the slots of rows that left */
            memmove(f->items, f->items + f->head, f->n * sizeof(*f->items));
            f->head = 0;
        } else {
            f->cap = f->cap ? f->cap * 2 : 8;
            f->items = lg_xrealloc(f->items, f->cap * sizeof(*f->items));
        }
    }
    f->items[f->head + f->n++] =
        (iv_item_t){lg_xstrdup((const char *)sqlite3_value_text(argv[0])), v.iv};
}

static void best_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    iv_frame_t *f = frame_of(ctx, false);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !f || f->n == 0)
        return;
    free(f->items[f->head].text);
    f->head++;
    f->n--;
}

static void best_result(sqlite3_context *ctx, int sign, bool final)
{
    iv_frame_t *f = frame_of(ctx, false);
    if (!f)
        return;
    const iv_item_t *best = NULL;
    for (size_t i = f->head; i < f->head + f->n; i++)
        if (!best || pgtime_interval_cmp(&f->items[i].iv, &best->iv) * sign >= 0)
            best = &f->items[i];
    if (best)
        sqlite3_result_text(ctx, best->text, -1, SQLITE_TRANSIENT);
    if (!final)
        return;
    for (size_t i = f->head; i < f->head + f->n; i++)
        free(f->items[i].text);
    free(f->items);
    *f = (iv_frame_t){0};
}

static void min_value(sqlite3_context *ctx)
{
    best_result(ctx, -1, false);
}

static void min_final(sqlite3_context *ctx)
{
    best_result(ctx, -1, true);
}

static void max_value(sqlite3_context *ctx)
{
    best_result(ctx, 1, false);
}

static void max_final(sqlite3_context *ctx)
{
    best_result(ctx, 1, true);
}

/* nullif(a, b) of intervals: NULL when a equals b by interval_cmp, else a. */
static void fn_nullif(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    dt_val_t a, b;
    bool is_null;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    if (sqlite3_value_type(argv[1]) != SQLITE_NULL) {
        if (!sqlfn__dt_arg(ctx, argv[0], "interval", &a, &is_null) ||
            !sqlfn__dt_arg(ctx, argv[1], "interval", &b, &is_null))
            return;
        if (pgtime_interval_cmp(&a.iv, &b.iv) == 0)
            return;
    }
    sqlite3_result_value(ctx, argv[0]);
}

/* ---- sum / avg ---- */

typedef struct iv_acc {
    int64_t usec, days, months; /* wide: checked against the field ranges at the end */
    int64_t count;
    bool overflow;
} iv_acc_t;

static void acc_add(sqlite3_context *ctx, sqlite3_value **argv, int sign)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    iv_acc_t *a = sqlite3_aggregate_context(ctx, (int)sizeof(*a));
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    dt_val_t v;
    bool is_null;
    if (!sqlfn__dt_arg(ctx, argv[0], "interval", &v, &is_null))
        return;
    int64_t u = sign < 0 ? -v.iv.usec : v.iv.usec;
    if (__builtin_add_overflow(a->usec, u, &a->usec))
        a->overflow = true;
    a->days += sign * (int64_t)v.iv.days;
    a->months += sign * (int64_t)v.iv.months;
    a->count += sign;
}

static void agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    acc_add(ctx, argv, 1);
}

static void agg_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    acc_add(ctx, argv, -1);
}

static bool acc_sum(sqlite3_context *ctx, const iv_acc_t *a, pgtime_interval_t *out)
{
    if (a->overflow || a->days > INT32_MAX || a->days < INT32_MIN || a->months > INT32_MAX ||
        a->months < INT32_MIN) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        return false;
    }
    *out = (pgtime_interval_t){a->usec, (int32_t)a->days, (int32_t)a->months};
    return true;
}

static void emit_result(sqlite3_context *ctx, const pgtime_interval_t *iv)
{
    dt_val_t v = {.kind = DT_INTERVAL, .iv = *iv};
    sqlfn__dt_result(ctx, &v);
}

static void sum_value(sqlite3_context *ctx)
{
    iv_acc_t *a = sqlite3_aggregate_context(ctx, 0);
    pgtime_interval_t s;
    if (a && a->count > 0 && acc_sum(ctx, a, &s))
        emit_result(ctx, &s);
}

static void avg_value(sqlite3_context *ctx)
{
    iv_acc_t *a = sqlite3_aggregate_context(ctx, 0);
    pgtime_interval_t s, r;
    if (!a || a->count <= 0 || !acc_sum(ctx, a, &s))
        return;
    if (!sqlfn__iv_scale(&s, 1.0 / (double)a->count, &r)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        return;
    }
    emit_result(ctx, &r);
}

int sqlfn__datetime_register_ivcmp(sqlite3 *db, dt_state_t *st)
{
    static const sqlfn_def_t defs[] = {
        {"lg_interval_greatest", -1, SQLFN_PURE, fn_greatest},
        {"lg_interval_least", -1, SQLFN_PURE, fn_least},
        {"lg_interval_key", 1, SQLFN_PURE, fn_key},
        {"lg_interval_nullif", 2, SQLFN_PURE, fn_nullif},
    };
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    if (sqlite3_create_collation(db, "lg_interval", SQLITE_UTF8, NULL, coll_interval) !=
            SQLITE_OK ||
        sqlite3_create_window_function(db, "lg_interval_min", 1, flags, st, best_step, min_final,
                                       min_value, best_inverse, NULL) != SQLITE_OK ||
        sqlite3_create_window_function(db, "lg_interval_max", 1, flags, st, best_step, max_final,
                                       max_value, best_inverse, NULL) != SQLITE_OK ||
        sqlite3_create_window_function(db, "lg_interval_sum", 1, flags, st, agg_step, sum_value,
                                       sum_value, agg_inverse, NULL) != SQLITE_OK ||
        sqlite3_create_window_function(db, "lg_interval_avg", 1, flags, st, agg_step, avg_value,
                                       avg_value, agg_inverse, NULL) != SQLITE_OK)
        return LG_EINVAL;
    return sqlfn__register_table(db, defs, sizeof(defs) / sizeof(defs[0]), st);
}
