/* sqlfn_datetime_arith.c - date/time arithmetic SQL functions: timestamp +/- interval,
 * timestamp - timestamp, date +/- days, interval algebra and comparison, justify_*, age.
 * Conventions in sqlfn_datetime.h; PostgreSQL's rules: months are added first (clamping
 * the day to the month's end), then days, then the time; timestamptz arithmetic uses the
 * session TimeZone for months and days. */
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"
#include <math.h>
#include <string.h>

/* Reads argument i (with the hint at hint_i) or returns false after setting NULL/error. */
static bool arg(sqlite3_context *ctx, int argc, sqlite3_value **argv, int i, int hint_i,
                dt_val_t *v)
{
    bool is_null;
    const char *hint = hint_i >= 0 ? sqlfn__dt_hint(argc, argv, hint_i) : NULL;
    if (sqlfn__dt_arg(ctx, argv[i], hint, v, &is_null))
        return true;
    if (is_null)
        sqlite3_result_null(ctx);
    return false;
}

static bool iv_arg(sqlite3_context *ctx, sqlite3_value *a, pgtime_interval_t *iv)
{
    bool is_null;
    dt_val_t v;
    if (!sqlfn__dt_arg(ctx, a, "interval", &v, &is_null)) {
        if (is_null)
            sqlite3_result_null(ctx);
        return false;
    }
    *iv = v.iv;
    return true;
}

static void result_iv(sqlite3_context *ctx, const pgtime_interval_t *iv)
{
    dt_val_t v = {.kind = DT_INTERVAL, .iv = *iv};
    sqlfn__dt_result(ctx, &v);
}

static void add_iv(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sign)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    dt_val_t v;
    pgtime_interval_t iv;
    if (!arg(ctx, argc, argv, 0, 2, &v) || !iv_arg(ctx, argv[1], &iv))
        return;
    if (sign < 0)
        iv = (pgtime_interval_t){-iv.usec, -iv.days, -iv.months};
    if (v.kind == DT_DATE)
        v = (dt_val_t){.kind = DT_TS, .ts = (int64_t)v.date * PGTIME_USEC_PER_DAY};
    if (v.kind == DT_TIME) {
        int64_t t = (v.ts + iv.usec) % PGTIME_USEC_PER_DAY;
        v.ts = t < 0 ? t + PGTIME_USEC_PER_DAY : t;
    } else if (v.kind == DT_INTERVAL) {
        v.iv.months += iv.months;
        v.iv.days += iv.days;
        v.iv.usec += iv.usec;
    } else if (!pgtime_ts_add_interval(v.ts, &iv, v.kind == DT_TSTZ ? st->zone : NULL, &v.ts)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        return;
    }
    sqlfn__dt_result(ctx, &v);
}

static void fn_ts_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    add_iv(ctx, argc, argv, 1);
}

static void fn_ts_sub(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    add_iv(ctx, argc, argv, -1);
}

static void fn_ts_diff(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    dt_val_t a, b;
    if (!arg(ctx, argc, argv, 0, 2, &a) || !arg(ctx, argc, argv, 1, 2, &b))
        return;
    if (a.kind == DT_DATE && b.kind == DT_DATE) {
        sqlite3_result_int64(ctx, (sqlite3_int64)a.date - b.date);
        return;
    }
    if (a.kind == DT_DATE)
        a = (dt_val_t){.kind = DT_TS, .ts = (int64_t)a.date * PGTIME_USEC_PER_DAY};
    if (b.kind == DT_DATE)
        b = (dt_val_t){.kind = DT_TS, .ts = (int64_t)b.date * PGTIME_USEC_PER_DAY};
    if (a.ts == PGTIME_NOBEGIN || a.ts == PGTIME_NOEND || b.ts == PGTIME_NOBEGIN ||
        b.ts == PGTIME_NOEND) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                     "cannot subtract infinite timestamps");
        return;
    }
    pgtime_interval_t iv;
    if (a.kind == DT_TIME) {
        iv = (pgtime_interval_t){a.ts - b.ts, 0, 0};
    } else {
        pgtime_ts_diff(a.ts, b.ts, &iv);
    }
    result_iv(ctx, &iv);
}

static void days_op(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sign)
{
    dt_val_t v;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!arg(ctx, argc, argv, 0, -1, &v))
        return;
    if (v.kind != DT_DATE) {
        v.kind = DT_DATE;
        if (pgtime_parse_date((const char *)sqlite3_value_text(argv[0]),
                              (size_t)sqlite3_value_bytes(argv[0]), 0, NULL, &v.date) != 0) {
            sqlfn__error(ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT, "invalid date");
            return;
        }
    }
    if (v.date != PGTIME_DATE_NOBEGIN && v.date != PGTIME_DATE_NOEND)
        v.date += sign * sqlite3_value_int(argv[1]);
    sqlfn__dt_result(ctx, &v);
}

static void fn_date_add_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    days_op(ctx, argc, argv, 1);
}

static void fn_date_sub_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    days_op(ctx, argc, argv, -1);
}

static void iv_binop(sqlite3_context *ctx, sqlite3_value **argv, int sign)
{
    pgtime_interval_t a, b;
    if (!iv_arg(ctx, argv[0], &a) || !iv_arg(ctx, argv[1], &b))
        return;
    a.months += sign * b.months;
    a.days += sign * b.days;
    a.usec += sign * b.usec;
    result_iv(ctx, &a);
}

static void fn_iv_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    iv_binop(ctx, argv, 1);
}

static void fn_iv_sub(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    iv_binop(ctx, argv, -1);
}

static void fn_iv_neg(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pgtime_interval_t a;
    if (!iv_arg(ctx, argv[0], &a))
        return;
    a = (pgtime_interval_t){-a.usec, -a.days, -a.months};
    result_iv(ctx, &a);
}

/* PostgreSQL interval_mul: fractional months spill into days (30), days into time. */
/* One OVERLAPS bound as usec; false for NULL (or bad input, error set on ctx). */
static bool ov_bound(sqlite3_context *ctx, sqlite3_value *v, int64_t *t, bool *bad)
{
    dt_val_t d;
    bool is_null = false;
    if (sqlite3_value_type(v) == SQLITE_NULL)
        return false;
    if (!sqlfn__dt_arg(ctx, v, "timestamptz", &d, &is_null)) {
        *bad = !is_null;
        return false;
    }
    *t = d.ts;
    return true;
}

/* lg_overlaps(s1, e1, s2, e2) on timestamptz values: PostgreSQL's overlaps_timestamp, with
 * its answers when a bound is NULL (a period with both bounds NULL gives NULL). */
static void fn_overlaps(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int64_t s[2], e[2];
    bool hs[2], he[2], bad = false;
    for (int k = 0; k < 2; k++) {
        hs[k] = ov_bound(ctx, argv[2 * k], &s[k], &bad);
        he[k] = ov_bound(ctx, argv[2 * k + 1], &e[k], &bad);
        if (bad)
            return;
        if (!hs[k] && !he[k])
            return;
        if (!hs[k]) { /* the known bound is the start */
            s[k] = e[k];
            hs[k] = true;
            he[k] = false;
        } else if (he[k] && s[k] > e[k]) {
            int64_t t = s[k];
            s[k] = e[k];
            e[k] = t;
        }
    }
    int a = s[0] > s[1] ? 0 : 1; /* the later start */
    if (s[0] == s[1]) {
        sqlite3_result_int(ctx, 1);
        return;
    }
    int b = 1 - a;
    if (!he[b])
        return;
    if (s[a] < e[b]) {
        sqlite3_result_int(ctx, 1);
        return;
    }
    if (!he[a])
        return;
    sqlite3_result_int(ctx, 0);
}

bool sqlfn__iv_scale(const pgtime_interval_t *a, double f, pgtime_interval_t *out)
{
    double months = a->months * f;
    double days = a->days * f + (months - trunc(months)) * 30;
    double usec = a->usec * f + (days - trunc(days)) * 86400e6;
    if (!(fabs(months) <= 2147483647.0 && fabs(days) <= 2147483647.0 && fabs(usec) <= 9.2e18))
        return false; /* also NaN */
    *out = (pgtime_interval_t){(int64_t)rint(usec), (int32_t)trunc(days), (int32_t)trunc(months)};
    return true;
}

static void iv_scale(sqlite3_context *ctx, sqlite3_value **argv, bool divide)
{
    pgtime_interval_t a, r;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!iv_arg(ctx, argv[0], &a))
        return;
    double f = sqlfn__value_double(argv[1]);
    if (divide && f == 0) {
        sqlfn__error(ctx, LG_SQLSTATE_DIVISION_BY_ZERO, "division by zero");
        return;
    }
    if (!sqlfn__iv_scale(&a, divide ? 1 / f : f, &r)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        return;
    }
    result_iv(ctx, &r);
}

static void fn_iv_mul(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    iv_scale(ctx, argv, false);
}

static void fn_iv_div(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    iv_scale(ctx, argv, true);
}

static void fn_iv_cmp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pgtime_interval_t a, b;
    if (!iv_arg(ctx, argv[0], &a) || !iv_arg(ctx, argv[1], &b))
        return;
    sqlite3_result_int(ctx, pgtime_interval_cmp(&a, &b));
}

static void fn_ts_cmp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    dt_val_t a, b;
    if (!arg(ctx, argc, argv, 0, 2, &a) || !arg(ctx, argc, argv, 1, 2, &b))
        return;
    int64_t x = a.kind == DT_DATE ? (int64_t)a.date * PGTIME_USEC_PER_DAY : a.ts;
    int64_t y = b.kind == DT_DATE ? (int64_t)b.date * PGTIME_USEC_PER_DAY : b.ts;
    if (a.kind == DT_INTERVAL || b.kind == DT_INTERVAL)
        sqlite3_result_int(ctx, pgtime_interval_cmp(&a.iv, &b.iv));
    else
        sqlite3_result_int(ctx, x < y ? -1 : x > y);
}

static void fn_isfinite(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    dt_val_t v;
    if (!arg(ctx, argc, argv, 0, 1, &v))
        return;
    bool inf = v.kind == DT_DATE ? (v.date == PGTIME_DATE_NOBEGIN || v.date == PGTIME_DATE_NOEND)
                                 : (v.ts == PGTIME_NOBEGIN || v.ts == PGTIME_NOEND);
    sqlite3_result_int(ctx, v.kind == DT_INTERVAL ? 1 : !inf);
}

static void justify(sqlite3_context *ctx, sqlite3_value **argv, bool days, bool hours)
{
    pgtime_interval_t a;
    if (!iv_arg(ctx, argv[0], &a))
        return;
    if (hours) {
        int64_t d = a.usec / PGTIME_USEC_PER_DAY;
        a.days += (int32_t)d;
        a.usec -= d * PGTIME_USEC_PER_DAY;
    }
    if (days) {
        int32_t m = a.days / 30;
        a.months += m;
        a.days -= m * 30;
    }
    if (a.months > 0 && (a.days < 0 || (a.days == 0 && a.usec < 0 && hours))) {
        a.days += 30;
        a.months--;
    } else if (a.months < 0 && (a.days > 0 || (a.days == 0 && a.usec > 0 && hours))) {
        a.days -= 30;
        a.months++;
    }
    if (hours && a.days > 0 && a.usec < 0) {
        a.usec += PGTIME_USEC_PER_DAY;
        a.days--;
    } else if (hours && a.days < 0 && a.usec > 0) {
        a.usec -= PGTIME_USEC_PER_DAY;
        a.days++;
    }
    result_iv(ctx, &a);
}

static void fn_justify_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    justify(ctx, argv, true, false);
}

static void fn_justify_hours(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    justify(ctx, argv, false, true);
}

static void fn_justify_interval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    justify(ctx, argv, true, true);
}

/* PostgreSQL timestamp_age: field-wise difference with borrows. */
static void age_of(const pgtime_tm_t *t1, const pgtime_tm_t *t2, pgtime_interval_t *out)
{
    int64_t fsec = t1->usec - t2->usec;
    int sec = t1->sec - t2->sec, min = t1->min - t2->min, hour = t1->hour - t2->hour;
    int mday = t1->mday - t2->mday, mon = t1->mon - t2->mon, year = t1->year - t2->year;
    int64_t t1v = ((((int64_t)t1->year * 12 + t1->mon) * 31 + t1->mday) * 86400 + t1->hour * 3600 +
                   t1->min * 60 + t1->sec) *
                      1000000 +
                  t1->usec;
    int64_t t2v = ((((int64_t)t2->year * 12 + t2->mon) * 31 + t2->mday) * 86400 + t2->hour * 3600 +
                   t2->min * 60 + t2->sec) *
                      1000000 +
                  t2->usec;
    bool neg = t1v < t2v;
    if (neg) {
        fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
    }
    while (fsec < 0) {
        fsec += 1000000;
        sec--;
    }
    while (sec < 0) {
        sec += 60;
        min--;
    }
    while (min < 0) {
        min += 60;
        hour--;
    }
    while (hour < 0) {
        hour += 24;
        mday--;
    }
    while (mday < 0) {
        const pgtime_tm_t *ref = neg ? t1 : t2; /* days in the earlier month */
        mday += pgtime_days_in_month(ref->year, ref->mon);
        mon--;
    }
    while (mon < 0) {
        mon += 12;
        year--;
    }
    if (neg) {
        fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
    }
    out->months = year * 12 + mon;
    out->days = mday;
    out->usec = ((int64_t)hour * 3600 + min * 60 + sec) * 1000000 + fsec;
}

static void fn_age(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    dt_val_t a, b;
    if (!arg(ctx, argc, argv, 0, -1, &a))
        return;
    if (argc == 2) {
        if (!arg(ctx, argc, argv, 1, -1, &b))
            return;
    } else {
        int64_t now = sqlfn__dt_now(st);
        int64_t local = now + pgtime_zone_offset_utc(st->zone, now, NULL) * PGTIME_USEC_PER_SEC;
        int64_t day = local / PGTIME_USEC_PER_DAY - (local < 0 && local % PGTIME_USEC_PER_DAY);
        b = (dt_val_t){.kind = DT_TS, .ts = day * PGTIME_USEC_PER_DAY};
        if (a.kind == DT_TSTZ)
            b = (dt_val_t){.kind = DT_TSTZ,
                           .ts = b.ts -
                                 pgtime_zone_offset_local(st->zone, b.ts) * PGTIME_USEC_PER_SEC};
        dt_val_t tmp = a; /* age(x) = age(current_date midnight, x) */
        a = b;
        b = tmp;
    }
    pgtime_tm_t t1, t2;
    const dt_val_t *vs[2] = {&a, &b};
    pgtime_tm_t *tms[2] = {&t1, &t2};
    for (int i = 0; i < 2; i++) {
        int64_t ts =
            vs[i]->kind == DT_DATE ? (int64_t)vs[i]->date * PGTIME_USEC_PER_DAY : vs[i]->ts;
        if (vs[i]->kind == DT_TSTZ)
            pgtime_ts_to_local(ts, st->zone, tms[i]);
        else
            pgtime_ts_to_tm(ts, tms[i]);
    }
    pgtime_interval_t iv;
    age_of(&t1, &t2, &iv);
    result_iv(ctx, &iv);
}

/* date_bin(stride, source, origin): the start of the stride-wide bin, counted from origin,
 * that holds source (source and result have source's kind). */
static void fn_date_bin(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtime_interval_t iv;
    dt_val_t src, org;
    if (!iv_arg(ctx, argv[0], &iv) || !arg(ctx, argc, argv, 1, -1, &src) ||
        !arg(ctx, argc, argv, 2, -1, &org))
        return;
    if (iv.months != 0) {
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "timestamps cannot be binned into intervals containing "
                     "months or years");
        return;
    }
    int64_t stride = iv.usec + (int64_t)iv.days * PGTIME_USEC_PER_DAY;
    if (stride <= 0) {
        sqlfn__error(ctx, "22023", "stride must be greater than zero");
        return;
    }
    int64_t s = src.kind == DT_DATE ? (int64_t)src.date * PGTIME_USEC_PER_DAY : src.ts;
    int64_t o = org.kind == DT_DATE ? (int64_t)org.date * PGTIME_USEC_PER_DAY : org.ts;
    int64_t diff = s - o;
    int64_t delta = diff - diff % stride;
    if (diff < 0 && diff % stride != 0)
        delta -= stride; /* the bin's start, also for sources before the origin */
    dt_val_t r = {.kind = src.kind == DT_DATE ? DT_TS : src.kind, .ts = o + delta};
    sqlfn__dt_result(ctx, &r);
}

static const sqlfn_def_t k_defs[] = {
    {"date_bin", 3, SQLFN_PURE, fn_date_bin},
    {"ts_add_interval", 2, SQLFN_VOLATILE, fn_ts_add},
    {"ts_add_interval", 3, SQLFN_VOLATILE, fn_ts_add},
    {"ts_sub_interval", 2, SQLFN_VOLATILE, fn_ts_sub},
    {"ts_sub_interval", 3, SQLFN_VOLATILE, fn_ts_sub},
    {"ts_diff", 2, SQLFN_PURE, fn_ts_diff},
    {"ts_diff", 3, SQLFN_PURE, fn_ts_diff},
    {"date_add_days", 2, SQLFN_PURE, fn_date_add_days},
    {"date_sub_days", 2, SQLFN_PURE, fn_date_sub_days},
    {"interval_add", 2, SQLFN_PURE, fn_iv_add},
    {"interval_sub", 2, SQLFN_PURE, fn_iv_sub},
    {"interval_neg", 1, SQLFN_PURE, fn_iv_neg},
    {"interval_mul", 2, SQLFN_PURE, fn_iv_mul},
    {"lg_overlaps", 4, SQLFN_VOLATILE, fn_overlaps},
    {"interval_div", 2, SQLFN_PURE, fn_iv_div},
    {"interval_cmp", 2, SQLFN_PURE, fn_iv_cmp},
    {"timestamp_cmp", 2, SQLFN_PURE, fn_ts_cmp},
    {"timestamp_cmp", 3, SQLFN_PURE, fn_ts_cmp},
    {"isfinite", 1, SQLFN_PURE, fn_isfinite},
    {"isfinite", 2, SQLFN_PURE, fn_isfinite},
    {"justify_days", 1, SQLFN_PURE, fn_justify_days},
    {"justify_hours", 1, SQLFN_PURE, fn_justify_hours},
    {"justify_interval", 1, SQLFN_PURE, fn_justify_interval},
    {"age", 1, SQLFN_VOLATILE, fn_age},
    {"age", 2, SQLFN_VOLATILE, fn_age},
};

int sqlfn__datetime_register_arith(sqlite3 *db, dt_state_t *st)
{
    if (sqlfn__datetime_register_ivcmp(db, st) != 0) /* sqlfn_datetime_ivcmp.c */
        return LG_EINVAL;
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), st);
}
