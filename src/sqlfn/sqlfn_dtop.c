/* sqlfn_dtop.c - lg_dt_op(op, a, a_oid, b, b_oid): PostgreSQL's + - * / on date/time values,
 * and the SQL-standard current-time keywords lg_current_time() / lg_localtime().
 *
 * Operands arrive in storage form with their PostgreSQL type OIDs (1082 date, 1083 time,
 * 1114 timestamp, 1184 timestamptz, 1186 interval; anything else is a number). Results follow
 * PostgreSQL's operator table: date +/- integer -> date; date - date -> integer;
 * date +/- interval -> timestamp; date + time -> timestamp; timestamp[tz] +/- interval -> same
 * type (timestamptz month/day steps in the session TimeZone); timestamp[tz] - timestamp[tz]
 * -> interval; time +/- interval -> time; time - time -> interval; interval +/- interval;
 * interval * number, number * interval, interval / number -> interval (22012 on / 0). Any
 * other combination is 42883 "operator does not exist". */
#include <math.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"

enum { K_NUM = 0 }; /* other kinds: DT_DATE .. DT_INTERVAL */
/* PostgreSQL's valid dates, in days since 2000-01-01: 4714-11-24 BC up to 5874897-12-31. */
#define DATE_MIN INT64_C(-2451545)
#define DATE_END (INT64_C(2147483494) - 2451545)

static int kind_of_oid(int64_t oid)
{
    switch (oid) {
    case PGTYPE_DATE: return DT_DATE;
    case PGTYPE_TIME: return DT_TIME;
    case PGTYPE_TIMESTAMP: return DT_TS;
    case PGTYPE_TIMESTAMPTZ: return DT_TSTZ;
    case PGTYPE_INTERVAL: return DT_INTERVAL;
    default: return K_NUM;
    }
}

static const char *k_hint[] = {"", "date", "time", "timestamp", "timestamptz", "interval"};

static void iv_neg(pgtime_interval_t *iv)
{
    *iv = (pgtime_interval_t){-iv->usec, -iv->days, -iv->months};
}

/* date -> timestamp (local midnight) or, next to a timestamptz, timestamptz. */
static void promote_date(const dt_state_t *st, dt_val_t *v, int to)
{
    if (v->kind != DT_DATE)
        return;
    int64_t local = v->date == PGTIME_DATE_NOBEGIN ? PGTIME_NOBEGIN
                    : v->date == PGTIME_DATE_NOEND ? PGTIME_NOEND
                                                   : (int64_t)v->date * PGTIME_USEC_PER_DAY;
    v->kind = to;
    v->ts = local;
    if (to == DT_TSTZ && local != PGTIME_NOBEGIN && local != PGTIME_NOEND)
        v->ts = local - (int64_t)pgtime_zone_offset_local(st->zone, local) * PGTIME_USEC_PER_SEC;
}

static void add_interval(sqlite3_context *ctx, dt_val_t *v, pgtime_interval_t iv)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    if (v->kind == DT_DATE)
        promote_date(st, v, DT_TS);
    if (v->kind == DT_TIME) {
        int64_t t = (v->ts + iv.usec) % PGTIME_USEC_PER_DAY;
        v->ts = t < 0 ? t + PGTIME_USEC_PER_DAY : t;
    } else if (v->kind == DT_INTERVAL) {
        v->iv.months += iv.months;
        v->iv.days += iv.days;
        v->iv.usec += iv.usec;
    } else if (v->ts != PGTIME_NOBEGIN && v->ts != PGTIME_NOEND &&
               !pgtime_ts_add_interval(v->ts, &iv, v->kind == DT_TSTZ ? st->zone : NULL, &v->ts)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        return;
    }
    sqlfn__dt_result(ctx, v);
}

/* PostgreSQL interval_mul: fractional months spill into days (30), days into time. */
static void scale_interval(sqlite3_context *ctx, const pgtime_interval_t *a, double f)
{
    double months = a->months * f;
    double days = a->days * f + (months - trunc(months)) * 30;
    double usec = a->usec * f + (days - trunc(days)) * 86400e6;
    if (!(fabs(months) <= 2147483647.0 && fabs(days) <= 2147483647.0 && fabs(usec) <= 9.2e18)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        return;
    }
    dt_val_t r = {.kind = DT_INTERVAL,
                  .iv = {(int64_t)rint(usec), (int32_t)trunc(days), (int32_t)trunc(months)}};
    sqlfn__dt_result(ctx, &r);
}

static void diff(sqlite3_context *ctx, dt_val_t *a, dt_val_t *b)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    int to = a->kind == DT_TSTZ || b->kind == DT_TSTZ ? DT_TSTZ : DT_TS;
    promote_date(st, a, to);
    promote_date(st, b, to);
    if (a->ts == PGTIME_NOBEGIN || a->ts == PGTIME_NOEND || b->ts == PGTIME_NOBEGIN ||
        b->ts == PGTIME_NOEND) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        return;
    }
    dt_val_t r = {.kind = DT_INTERVAL};
    if (a->kind == DT_TIME)
        r.iv = (pgtime_interval_t){a->ts - b->ts, 0, 0};
    else
        pgtime_ts_diff(a->ts, b->ts, &r.iv);
    sqlfn__dt_result(ctx, &r);
}

static bool plus_minus(sqlite3_context *ctx, char op, dt_val_t *a, sqlite3_value *an, dt_val_t *b,
                       sqlite3_value *bn)
{
    if (op == '+' && (a->kind == K_NUM || a->kind == DT_INTERVAL) && b->kind != K_NUM &&
        b->kind != DT_INTERVAL) { /* commute so the date/time value is on the left */
        dt_val_t t = *a;
        *a = *b;
        *b = t;
        sqlite3_value *tn = an;
        an = bn;
        bn = tn;
    }
    if (a->kind == DT_DATE && b->kind == K_NUM) {
        if (a->date != PGTIME_DATE_NOBEGIN && a->date != PGTIME_DATE_NOEND) {
            int64_t d = (int64_t)a->date + (op == '+' ? 1 : -1) * sqlite3_value_int64(bn);
            if (d < DATE_MIN || d >= DATE_END) {
                sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "date out of range");
                return true;
            }
            a->date = (int32_t)d;
        }
        sqlfn__dt_result(ctx, a);
        return true;
    }
    if (op == '-' && a->kind == DT_DATE && b->kind == DT_DATE) {
        if (a->date == PGTIME_DATE_NOBEGIN || a->date == PGTIME_DATE_NOEND ||
            b->date == PGTIME_DATE_NOBEGIN || b->date == PGTIME_DATE_NOEND) {
            sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                         "cannot subtract infinite dates");
            return true;
        }
        sqlite3_result_int64(ctx, (sqlite3_int64)a->date - b->date);
        return true;
    }
    if (b->kind == DT_INTERVAL && a->kind != K_NUM) {
        if (op == '-')
            iv_neg(&b->iv);
        add_interval(ctx, a, b->iv);
        return true;
    }
    if (op == '+' && a->kind == DT_DATE && b->kind == DT_TIME) {
        dt_val_t r = {.kind = DT_TS, .ts = (int64_t)a->date * PGTIME_USEC_PER_DAY + b->ts};
        sqlfn__dt_result(ctx, &r);
        return true;
    }
    bool tsish_a = a->kind == DT_DATE || a->kind == DT_TS || a->kind == DT_TSTZ;
    bool tsish_b = b->kind == DT_DATE || b->kind == DT_TS || b->kind == DT_TSTZ;
    if (op == '-' && ((tsish_a && tsish_b) || (a->kind == DT_TIME && b->kind == DT_TIME))) {
        diff(ctx, a, b);
        return true;
    }
    (void)an;
    return false;
}

static void fn_dt_op(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *ops = (const char *)sqlite3_value_text(argv[0]);
    if (!ops || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        sqlite3_value_type(argv[3]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    char op = ops[0];
    dt_val_t a = {.kind = kind_of_oid(sqlite3_value_int64(argv[2]))};
    dt_val_t b = {.kind = kind_of_oid(sqlite3_value_int64(argv[4]))};
    bool is_null;
    if ((a.kind != K_NUM && !sqlfn__dt_arg(ctx, argv[1], k_hint[a.kind], &a, &is_null)) ||
        (b.kind != K_NUM && !sqlfn__dt_arg(ctx, argv[3], k_hint[b.kind], &b, &is_null)))
        return;
    if ((op == '+' || op == '-') && plus_minus(ctx, op, &a, argv[1], &b, argv[3]))
        return;
    if (op == '*' && (a.kind == DT_INTERVAL) != (b.kind == DT_INTERVAL) &&
        (a.kind == K_NUM || b.kind == K_NUM)) {
        bool left = a.kind == DT_INTERVAL;
        scale_interval(ctx, left ? &a.iv : &b.iv, sqlfn__value_double(argv[left ? 3 : 1]));
        return;
    }
    if (op == '+' && a.kind == DT_TIME && b.kind == DT_TIME) { /* time + time and timetz */
        sqlfn__error(ctx, LG_SQLSTATE_AMBIGUOUS_FUNCTION,
                     "operator is not unique: time without time zone + time without time zone");
        return;
    }
    if (op == '/' && a.kind == DT_INTERVAL && b.kind == K_NUM) {
        double f = sqlfn__value_double(argv[3]);
        if (f == 0) {
            sqlfn__error(ctx, LG_SQLSTATE_DIVISION_BY_ZERO, "division by zero");
            return;
        }
        scale_interval(ctx, &a.iv, 1 / f);
        return;
    }
    sqlfn__error(ctx, LG_SQLSTATE_UNDEFINED_FUNCTION, "operator does not exist: %s %c %s",
                 a.kind ? k_hint[a.kind] : "numeric", op, b.kind ? k_hint[b.kind] : "numeric");
}

/* CURRENT_TIME (timetz: local time with offset) and LOCALTIME (time), of the transaction
 * start in the session TimeZone. */
static void current_time(sqlite3_context *ctx, bool with_zone)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    int64_t now = sqlfn__dt_now(st);
    int off = pgtime_zone_offset_utc(st->zone, now, NULL);
    int64_t local = now + (int64_t)off * PGTIME_USEC_PER_SEC;
    int64_t tod = local % PGTIME_USEC_PER_DAY;
    lg_buf_t b;
    lg_buf_init(&b, 64);
    pgtime_format_time(tod < 0 ? tod + PGTIME_USEC_PER_DAY : tod, &b);
    if (with_zone)
        pgtime_format_offset(off, &b);
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_current_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    current_time(ctx, true);
}

static void fn_localtime(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    current_time(ctx, false);
}

/* make_interval(years, months, weeks, days, hours, mins, secs), trailing ones optional. */
static void fn_make_interval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    double f[7] = {0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < argc && i < 7; i++)
        f[i] = sqlite3_value_double(argv[i]);
    double months = f[0] * 12 + f[1];
    double days = f[2] * 7 + f[3];
    double usec = (f[4] * 3600 + f[5] * 60 + f[6]) * 1e6;
    if (!(fabs(months) <= 2147483647.0 && fabs(days) <= 2147483647.0 && fabs(usec) <= 9.2e18)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        return;
    }
    dt_val_t r = {.kind = DT_INTERVAL,
                  .iv = {(int64_t)rint(usec), (int32_t)days, (int32_t)months}};
    sqlfn__dt_result(ctx, &r);
}

static const sqlfn_def_t k_defs[] = {
    {"make_interval", 0, SQLFN_PURE, fn_make_interval},
    {"make_interval", 1, SQLFN_PURE, fn_make_interval},
    {"make_interval", 2, SQLFN_PURE, fn_make_interval},
    {"make_interval", 3, SQLFN_PURE, fn_make_interval},
    {"make_interval", 4, SQLFN_PURE, fn_make_interval},
    {"make_interval", 5, SQLFN_PURE, fn_make_interval},
    {"make_interval", 6, SQLFN_PURE, fn_make_interval},
    {"make_interval", 7, SQLFN_PURE, fn_make_interval},
    {"lg_dt_op", 5, SQLFN_VOLATILE, fn_dt_op},
    {"lg_current_time", 0, SQLFN_VOLATILE, fn_current_time},
    {"lg_localtime", 0, SQLFN_VOLATILE, fn_localtime},
};

int sqlfn__register_dtop(sqlite3 *db, dt_state_t *st)
{
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), st);
}
