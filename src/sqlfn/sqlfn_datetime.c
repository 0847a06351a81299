/* sqlfn_datetime.c - per-connection date/time state (transaction time, TimeZone), value
 * argument decoding, and now()/current_date/date_trunc/date_part/AT TIME ZONE/make_*.
 * The function list and argument conventions are in sqlfn_datetime.h. */
#include "sqlfn_datetime.h"
#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REG_MAX 4096

static pthread_mutex_t g_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static dt_state_t *g_reg[REG_MAX];

dt_state_t *sqlfn__dt_state_find(sqlite3 *db)
{
    dt_state_t *st = NULL;
    pthread_mutex_lock(&g_reg_lock);
    for (int i = 0; i < REG_MAX && !st; i++)
        if (g_reg[i] && g_reg[i]->db == db)
            st = g_reg[i];
    pthread_mutex_unlock(&g_reg_lock);
    return st;
}

static bool reg_add(dt_state_t *st)
{
    bool ok = false;
    pthread_mutex_lock(&g_reg_lock);
    for (int i = 0; i < REG_MAX && !ok; i++)
        if (!g_reg[i]) {
            g_reg[i] = st;
            ok = true;
        }
    pthread_mutex_unlock(&g_reg_lock);
    return ok;
}

static void on_state_destroy(void *p)
{
    pthread_mutex_lock(&g_reg_lock);
    for (int i = 0; i < REG_MAX; i++)
        if (g_reg[i] == p)
            g_reg[i] = NULL;
    pthread_mutex_unlock(&g_reg_lock);
    sqlfn__seq_conn_free(((dt_state_t *)p)->seq);
    free(p);
}

int64_t sqlfn__dt_now(const dt_state_t *st)
{
    return st->txn_usec != 0 ? st->txn_usec : pgtime_now();
}

const char *sqlfn__dt_hint(int argc, sqlite3_value **argv, int i)
{
    if (i >= argc || sqlite3_value_type(argv[i]) != SQLITE_TEXT)
        return NULL;
    return (const char *)sqlite3_value_text(argv[i]);
}

static int kind_of_hint(const char *h)
{
    static const struct {
        const char *name;
        int kind;
    } k_hints[] = {{"date", DT_DATE},        {"time", DT_TIME},
                   {"timestamp", DT_TS},     {"timestamp without time zone", DT_TS},
                   {"timestamptz", DT_TSTZ}, {"timestamp with time zone", DT_TSTZ},
                   {"interval", DT_INTERVAL}};
    for (size_t i = 0; h && i < sizeof(k_hints) / sizeof(k_hints[0]); i++)
        if (strcasecmp(h, k_hints[i].name) == 0)
            return k_hints[i].kind;
    return 0;
}

static int guess_kind(const char *s, size_t n)
{
    if (n >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-') {
        if (n == 10 || (n == 13 && strcmp(s + 10, " BC") == 0))
            return DT_DATE;
        const char *t = s + 10;
        if (strpbrk(t, "+-Z") != NULL)
            return DT_TSTZ;
        return DT_TS;
    }
    if (n >= 5 && isdigit((unsigned char)s[0]) && (s[2] == ':' || s[1] == ':') &&
        !strpbrk(s, "ydmYDM"))
        return DT_TIME;
    if (strcasecmp(s, "infinity") == 0 || strcasecmp(s, "-infinity") == 0)
        return DT_TSTZ;
    return DT_INTERVAL;
}

static int parse_kind(int kind, const char *s, size_t n, dt_val_t *out)
{
    out->kind = kind;
    switch (kind) {
    case DT_DATE:
        return pgtime_parse_date(s, n, 0, NULL, &out->date);
    case DT_TIME:
        return pgtime_parse_time(s, n, &out->ts);
    case DT_TS:
        return pgtime_parse_timestamp(s, n, 0, NULL, &out->ts);
    case DT_TSTZ:
        return pgtime_parse_timestamptz(s, n, 0, NULL, &out->ts);
    default:
        return pgtime_parse_interval(s, n, &out->iv);
    }
}

bool sqlfn__dt_arg(sqlite3_context *ctx, sqlite3_value *v, const char *hint, dt_val_t *out,
                   bool *is_null)
{
    *is_null = sqlite3_value_type(v) == SQLITE_NULL;
    if (*is_null)
        return false;
    const char *s = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    int kind = kind_of_hint(hint);
    if (kind == 0)
        kind = guess_kind(s, n);
    memset(out, 0, sizeof(*out));
    if (parse_kind(kind, s, n, out) != 0) {
        static const char *const k_names[] = {"",
                                              "date",
                                              "time without time zone",
                                              "timestamp without time zone",
                                              "timestamp with time zone",
                                              "interval"};
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                     "invalid input syntax for type %s: \"%s\"", k_names[kind], s);
        return false;
    }
    return true;
}

void sqlfn__dt_result(sqlite3_context *ctx, const dt_val_t *v)
{
    lg_buf_t b;
    lg_buf_init(&b, 256);
    switch (v->kind) {
    case DT_DATE:
        pgtime_format_date(v->date, &b);
        break;
    case DT_TIME:
        pgtime_format_time(v->ts, &b);
        break;
    case DT_TS:
        pgtime_format_timestamp(v->ts, &b);
        break;
    case DT_TSTZ:
        pgtime_format_timestamptz(v->ts, NULL, &b);
        break;
    default:
        pgtime_format_interval(&v->iv, &b);
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void result_tstz(sqlite3_context *ctx, int64_t ts)
{
    dt_val_t v = {.kind = DT_TSTZ, .ts = ts};
    sqlfn__dt_result(ctx, &v);
}

static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    result_tstz(ctx, sqlfn__dt_now(sqlite3_user_data(ctx)));
}

static void fn_stmt_ts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const dt_state_t *st = sqlite3_user_data(ctx);
    result_tstz(ctx, st->stmt_usec != 0 ? st->stmt_usec : sqlfn__dt_now(st));
}

static void fn_clock(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    result_tstz(ctx, pgtime_now());
}

static int64_t local_now(const dt_state_t *st)
{
    int64_t now = sqlfn__dt_now(st);
    return now + pgtime_zone_offset_utc(st->zone, now, NULL) * PGTIME_USEC_PER_SEC;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static void fn_current_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    dt_val_t v = {.kind = DT_DATE};
    v.date = (int32_t)floor_div(local_now(sqlite3_user_data(ctx)), PGTIME_USEC_PER_DAY);
    sqlfn__dt_result(ctx, &v);
}

static void fn_localtimestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    dt_val_t v = {.kind = DT_TS, .ts = local_now(sqlite3_user_data(ctx))};
    sqlfn__dt_result(ctx, &v);
}

/* ---- date_trunc ---- */

enum {
    TRUNC_USEC,
    TRUNC_MSEC,
    TRUNC_SEC,
    TRUNC_MIN,
    TRUNC_HOUR,
    TRUNC_DAY,
    TRUNC_WEEK,
    TRUNC_MONTH,
    TRUNC_QUARTER,
    TRUNC_YEAR,
    TRUNC_DECADE,
    TRUNC_CENTURY,
    TRUNC_MILLENNIUM,
    TRUNC_NONE /* a unit PostgreSQL knows but cannot truncate to */
};

/* Level of a date_trunc unit, or -1 if PostgreSQL knows no such unit. Units are read as
 * PostgreSQL's DecodeUnits reads them: lower-cased, cut to 10 characters, with its
 * abbreviations ("ms", "hr", "mon", "qtr", "yr", "mil"...). */
static int trunc_level(const char *field)
{
    static const struct {
        const char *name;
        int lvl;
    } k_units[] = {
        {"microsecon", TRUNC_USEC},
        {"us", TRUNC_USEC},
        {"usec", TRUNC_USEC},
        {"usecond", TRUNC_USEC},
        {"useconds", TRUNC_USEC},
        {"usecs", TRUNC_USEC},
        {"millisecon", TRUNC_MSEC},
        {"ms", TRUNC_MSEC},
        {"msec", TRUNC_MSEC},
        {"msecond", TRUNC_MSEC},
        {"mseconds", TRUNC_MSEC},
        {"msecs", TRUNC_MSEC},
        {"second", TRUNC_SEC},
        {"seconds", TRUNC_SEC},
        {"s", TRUNC_SEC},
        {"sec", TRUNC_SEC},
        {"secs", TRUNC_SEC},
        {"minute", TRUNC_MIN},
        {"minutes", TRUNC_MIN},
        {"m", TRUNC_MIN},
        {"min", TRUNC_MIN},
        {"mins", TRUNC_MIN},
        {"hour", TRUNC_HOUR},
        {"hours", TRUNC_HOUR},
        {"h", TRUNC_HOUR},
        {"hr", TRUNC_HOUR},
        {"hrs", TRUNC_HOUR},
        {"day", TRUNC_DAY},
        {"days", TRUNC_DAY},
        {"d", TRUNC_DAY},
        {"week", TRUNC_WEEK},
        {"weeks", TRUNC_WEEK},
        {"w", TRUNC_WEEK},
        {"month", TRUNC_MONTH},
        {"months", TRUNC_MONTH},
        {"mon", TRUNC_MONTH},
        {"mons", TRUNC_MONTH},
        {"quarter", TRUNC_QUARTER},
        {"qtr", TRUNC_QUARTER},
        {"year", TRUNC_YEAR},
        {"years", TRUNC_YEAR},
        {"y", TRUNC_YEAR},
        {"yr", TRUNC_YEAR},
        {"yrs", TRUNC_YEAR},
        {"decade", TRUNC_DECADE},
        {"decades", TRUNC_DECADE},
        {"dec", TRUNC_DECADE},
        {"decs", TRUNC_DECADE},
        {"century", TRUNC_CENTURY},
        {"centuries", TRUNC_CENTURY},
        {"c", TRUNC_CENTURY},
        {"cent", TRUNC_CENTURY},
        {"millennium", TRUNC_MILLENNIUM},
        {"millennia", TRUNC_MILLENNIUM},
        {"mil", TRUNC_MILLENNIUM},
        {"mils", TRUNC_MILLENNIUM},
        {"timezone", TRUNC_NONE},
        {"timezone_h", TRUNC_NONE},
        {"timezone_m", TRUNC_NONE},
    };
    char key[11];
    size_t n = 0;
    for (; field[n] && n < sizeof(key) - 1; n++)
        key[n] = (char)tolower((unsigned char)field[n]);
    key[n] = '\0';
    for (size_t i = 0; i < sizeof(k_units) / sizeof(k_units[0]); i++)
        if (strcmp(key, k_units[i].name) == 0)
            return k_units[i].lvl;
    return -1;
}

static void trunc_tm(int lvl, pgtime_tm_t *tm)
{
    if (lvl >= TRUNC_MSEC)
        tm->usec = lvl == TRUNC_MSEC ? tm->usec / 1000 * 1000 : 0;
    if (lvl >= TRUNC_MIN)
        tm->sec = 0;
    if (lvl >= TRUNC_HOUR)
        tm->min = 0;
    if (lvl >= TRUNC_DAY)
        tm->hour = 0;
    if (lvl == TRUNC_WEEK) { /* ISO week: back to Monday */
        int32_t d = pgtime_date_from_ymd(tm->year, tm->mon, tm->mday);
        d -= (pgtime_date_dow(d) + 6) % 7;
        pgtime_date_to_ymd(d, &tm->year, &tm->mon, &tm->mday);
    }
    if (lvl >= TRUNC_MONTH)
        tm->mday = 1;
    if (lvl == TRUNC_QUARTER)
        tm->mon = (tm->mon - 1) / 3 * 3 + 1;
    if (lvl >= TRUNC_YEAR)
        tm->mon = 1;
    if (lvl == TRUNC_DECADE)
        tm->year = tm->year > 0 ? tm->year / 10 * 10 : tm->year;
    if (lvl == TRUNC_CENTURY)
        tm->year = tm->year > 0 ? (tm->year - 1) / 100 * 100 + 1 : tm->year;
    if (lvl == TRUNC_MILLENNIUM)
        tm->year = tm->year > 0 ? (tm->year - 1) / 1000 * 1000 + 1 : tm->year;
}

/* date_trunc(unit, interval) as PostgreSQL's interval_trunc: the interval split into years,
 * months, days, hours, minutes and microseconds, the fields below the unit zeroed. */
static void trunc_interval(sqlite3_context *ctx, const char *field, int lvl, dt_val_t *v)
{
    if (lvl < 0 || lvl == TRUNC_WEEK || lvl == TRUNC_NONE) {
        sqlfn__error(
            ctx, lvl < 0 ? LG_SQLSTATE_INVALID_PARAMETER_VALUE : LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
            lvl < 0 ? "unit \"%s\" not recognized for type interval"
                    : "unit \"%s\" not supported for type interval",
            field);
        return;
    }
    pgtime_interval_t *iv = &v->iv;
    int64_t hour = iv->usec / (3600 * PGTIME_USEC_PER_SEC);
    int64_t rest = iv->usec % (3600 * PGTIME_USEC_PER_SEC);
    int64_t min = rest / (60 * PGTIME_USEC_PER_SEC), usec = rest % (60 * PGTIME_USEC_PER_SEC);
    int32_t year = iv->months / 12, mon = iv->months % 12;
    static const int64_t k_keep[] = {1, 1000, PGTIME_USEC_PER_SEC}; /* us, ms, s */
    if (lvl <= TRUNC_SEC)
        usec = usec / k_keep[lvl] * k_keep[lvl];
    else
        usec = 0;
    if (lvl >= TRUNC_HOUR)
        min = 0;
    if (lvl >= TRUNC_DAY)
        hour = 0;
    if (lvl >= TRUNC_MONTH)
        iv->days = 0;
    if (lvl == TRUNC_QUARTER)
        mon = mon / 3 * 3;
    if (lvl >= TRUNC_YEAR)
        mon = 0;
    if (lvl >= TRUNC_DECADE) {
        static const int32_t k_years[] = {10, 100, 1000};
        year = year / k_years[lvl - TRUNC_DECADE] * k_years[lvl - TRUNC_DECADE];
    }
    iv->months = year * 12 + mon;
    iv->usec = (hour * 60 + min) * 60 * PGTIME_USEC_PER_SEC + usec;
    sqlfn__dt_result(ctx, v);
}

static void trunc_unit_error(sqlite3_context *ctx, const char *field, int lvl, int kind)
{
    const char *type = kind == DT_TSTZ ? "timestamp with time zone" : "timestamp without time zone";
    if (lvl < 0)
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     "unit \"%s\" not recognized for type %s", field, type);
    else
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "unit \"%s\" not supported for type %s", field, type);
}

static void fn_date_trunc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    const char *field = (const char *)sqlite3_value_text(argv[0]);
    const char *extra = sqlfn__dt_hint(argc, argv, 2);
    const pgtime_zone_t *zone = st->zone;
    const char *hint = extra;
    if (extra && kind_of_hint(extra) == 0) { /* third argument is a time zone */
        zone = pgtime_zone_find(extra);
        hint = "timestamptz";
        if (!zone) {
            sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                         "time zone \"%s\" not recognized", extra);
            return;
        }
    }
    dt_val_t v;
    bool is_null;
    if (!field || !sqlfn__dt_arg(ctx, argv[1], hint, &v, &is_null)) {
        if (!field || is_null)
            sqlite3_result_null(ctx);
        return;
    }
    int lvl = trunc_level(field);
    if (v.kind == DT_INTERVAL) {
        trunc_interval(ctx, field, lvl, &v);
        return;
    }
    if (v.kind == DT_DATE) {
        v.kind = DT_TSTZ;
        int64_t local = (int64_t)v.date * PGTIME_USEC_PER_DAY;
        v.ts = local - pgtime_zone_offset_local(zone, local) * PGTIME_USEC_PER_SEC;
    }
    if (v.kind == DT_TIME) {
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, "date_trunc on time is not supported");
        return;
    }
    if (lvl < 0 || lvl == TRUNC_NONE) {
        trunc_unit_error(ctx, field, lvl, v.kind);
        return;
    }
    if (v.ts == PGTIME_NOBEGIN || v.ts == PGTIME_NOEND) {
        sqlfn__dt_result(ctx, &v);
        return;
    }
    pgtime_tm_t tm;
    if (v.kind == DT_TSTZ)
        pgtime_ts_to_local(v.ts, zone, &tm);
    else
        pgtime_ts_to_tm(v.ts, &tm);
    trunc_tm(lvl, &tm);
    int64_t local;
    pgtime_tm_to_ts(&tm, &local);
    /* below a day the value keeps its UTC offset (01:00 stays -04 in the repeated hour);
     * from a day up PostgreSQL resolves the offset of the truncated local time again */
    int off = lvl < TRUNC_DAY ? tm.gmtoff : pgtime_zone_offset_local(zone, local);
    v.ts = v.kind == DT_TSTZ ? local - off * PGTIME_USEC_PER_SEC : local;
    sqlfn__dt_result(ctx, &v);
}

/* ---- date_part / extract ---- */

static int iso_dow(int32_t d)
{
    int w = pgtime_date_dow(d);
    return w == 0 ? 7 : w;
}

static void iso_week(int32_t d, int *week, int *isoyear)
{
    int32_t thu = d - iso_dow(d) + 4;
    int y, m, dd;
    pgtime_date_to_ymd(thu, &y, &m, &dd);
    *isoyear = y;
    *week = (thu - pgtime_date_from_ymd(y, 1, 1)) / 7 + 1;
}

/* Fields of a timestamp-like value; false when the field is unknown. */
static bool part_ts(const char *f, const dt_val_t *v, const pgtime_zone_t *zone, double *out)
{
    pgtime_tm_t tm;
    if (v->kind == DT_TSTZ)
        pgtime_ts_to_local(v->ts, zone, &tm);
    else
        pgtime_ts_to_tm(v->ts, &tm);
    int32_t d = pgtime_date_from_ymd(tm.year, tm.mon, tm.mday);
    int year = tm.year > 0 ? tm.year : tm.year - 1;
    int week, isoyear;
    iso_week(d, &week, &isoyear);
    const struct {
        const char *name;
        double v;
    } k_fields[] = {
        {"microseconds", tm.sec * 1e6 + tm.usec},
        {"milliseconds", tm.sec * 1e3 + tm.usec / 1e3},
        {"second", tm.sec + tm.usec / 1e6},
        {"minute", tm.min},
        {"hour", tm.hour},
        {"day", tm.mday},
        {"month", tm.mon},
        {"year", year},
        {"quarter", (tm.mon - 1) / 3 + 1},
        {"dow", pgtime_date_dow(d)},
        {"isodow", iso_dow(d)},
        {"doy", d - pgtime_date_from_ymd(tm.year, 1, 1) + 1},
        {"week", week},
        {"isoyear", isoyear},
        {"decade", year >= 0 ? year / 10 : -((8 - (year - 1)) / 10)},
        {"century", year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100)},
        {"millennium", year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000)},
        {"epoch", (double)(v->ts + PGTIME_UNIX_EPOCH_USEC) / 1e6},
        {"timezone", v->kind == DT_TSTZ ? tm.gmtoff : NAN},
        {"timezone_hour", v->kind == DT_TSTZ ? tm.gmtoff / 3600 : NAN},
        {"timezone_minute", v->kind == DT_TSTZ ? (tm.gmtoff / 60) % 60 : NAN},
        {"julian", d + 2451545 + (tm.hour * 3600 + tm.min * 60 + tm.sec + tm.usec / 1e6) / 86400},
    };
    for (size_t i = 0; i < sizeof(k_fields) / sizeof(k_fields[0]); i++)
        if (strcasecmp(f, k_fields[i].name) == 0) {
            *out = k_fields[i].v;
            return !isnan(*out);
        }
    return false;
}

static bool part_interval(const char *f, const pgtime_interval_t *iv, double *out)
{
    int64_t u = iv->usec;
    double years = iv->months / 12;
    const struct {
        const char *name;
        double v;
    } k_fields[] = {
        {"microseconds", (double)(u % 60000000)},
        {"milliseconds", (double)(u % 60000000) / 1e3},
        {"second", (double)(u % 60000000) / 1e6},
        {"minute", (double)((u / 60000000) % 60)},
        {"hour", (double)(u / INT64_C(3600000000))},
        {"day", iv->days},
        {"month", iv->months % 12},
        {"quarter", (iv->months % 12) / 3 + 1},
        {"year", years},
        {"decade", trunc(years / 10)},
        {"century", trunc(years / 100)},
        {"millennium", trunc(years / 1000)},
        {"epoch", (double)u / 1e6 + iv->days * 86400.0 + years * 365.25 * 86400 +
                      (iv->months % 12) * 30.0 * 86400},
    };
    for (size_t i = 0; i < sizeof(k_fields) / sizeof(k_fields[0]); i++)
        if (strcasecmp(f, k_fields[i].name) == 0) {
            *out = k_fields[i].v;
            return true;
        }
    return false;
}

/* Whether f names a unit of extract / date_part at all: a unit PostgreSQL does not know is
 * 22023 "not recognized", one it knows but not for the value's type 0A000. */
static bool unit_known(const char *f)
{
    static const char *const k_units[] = {"microseconds",  "milliseconds",
                                          "second",        "minute",
                                          "hour",          "day",
                                          "week",          "month",
                                          "quarter",       "year",
                                          "decade",        "century",
                                          "millennium",    "julian",
                                          "epoch",         "dow",
                                          "doy",           "isodow",
                                          "isoyear",       "timezone",
                                          "timezone_hour", "timezone_minute"};
    for (size_t i = 0; i < sizeof(k_units) / sizeof(k_units[0]); i++)
        if (strcasecmp(f, k_units[i]) == 0)
            return true;
    return false;
}

/* The unit extract reads from field: an abbreviation or plural PostgreSQL's DecodeUnits
 * accepts ("hours", "mins", "y", "mon") as its canonical name; other fields as given. */
static const char *part_unit(const char *field)
{
    static const char *const k_canon[] = {
        "microseconds", "milliseconds", "second", "minute", "hour",    "day",       "week",
        "month",        "quarter",      "year",   "decade", "century", "millennium"};
    int lvl = trunc_level(field);
    return lvl >= 0 && lvl < TRUNC_NONE ? k_canon[lvl] : field;
}

static const char *dt_kind_name(int kind)
{
    switch (kind) {
    case DT_DATE:
        return "date";
    case DT_TIME:
        return "time without time zone";
    case DT_TSTZ:
        return "timestamp with time zone";
    case DT_INTERVAL:
        return "interval";
    default:
        return "timestamp without time zone";
    }
}

/* Whether PostgreSQL's extract accepts unit f for a time (time_part) or a date value. */
static bool unit_fits(const char *f, int kind)
{
    static const char *const k_clock[] = {"microseconds", "milliseconds", "second", "minute",
                                          "hour"};
    bool clock = false;
    for (size_t i = 0; i < sizeof(k_clock) / sizeof(k_clock[0]); i++)
        clock |= strcasecmp(f, k_clock[i]) == 0;
    if (kind == DT_TIME)
        return clock || strcasecmp(f, "epoch") == 0;
    if (kind == DT_DATE)
        return !clock && strncasecmp(f, "timezone", 8) != 0;
    return true;
}

/* A field of an infinite timestamp or date (PostgreSQL's NonFiniteTimestampTzPart): the
 * ever-growing fields are infinite too, the others NULL. */
static bool infinite_part(sqlite3_context *ctx, const char *field, bool negative, double *out)
{
    static const char *const k_growing[] = {"epoch",      "year",   "decade", "century",
                                            "millennium", "julian", "isoyear"};
    for (size_t i = 0; i < sizeof(k_growing) / sizeof(k_growing[0]); i++)
        if (strcasecmp(field, k_growing[i]) == 0) {
            *out = negative ? -INFINITY : INFINITY;
            return true;
        }
    sqlite3_result_null(ctx);
    return false;
}

static bool date_part_value(sqlite3_context *ctx, int argc, sqlite3_value **argv, double *out)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    const char *raw = (const char *)sqlite3_value_text(argv[0]);
    const char *field = raw ? part_unit(raw) : NULL;
    dt_val_t v;
    bool is_null;
    if (!field || !sqlfn__dt_arg(ctx, argv[1], sqlfn__dt_hint(argc, argv, 2), &v, &is_null)) {
        if (!field || is_null)
            sqlite3_result_null(ctx);
        return false;
    }
    bool ok;
    if (!unit_known(field)) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     "unit \"%s\" not recognized for type %s", raw, dt_kind_name(v.kind));
        return false;
    }
    if (!unit_fits(field, v.kind)) {
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "unit \"%s\" not supported for type %s", raw,
                     v.kind == DT_TIME ? "time without time zone" : "date");
        return false;
    }
    if (v.kind == DT_INTERVAL) {
        ok = part_interval(field, &v.iv, out);
    } else if (v.kind == DT_TIME) {
        dt_val_t t = {.kind = DT_TS, .ts = v.ts};
        ok = part_ts(field, &t, NULL, out);
        if (ok && strcasecmp(field, "epoch") == 0)
            *out = (double)v.ts / 1e6;
    } else {
        if (v.kind == DT_DATE)
            v = (dt_val_t){.kind = DT_TS,
                           .ts = v.date == PGTIME_DATE_NOBEGIN ? PGTIME_NOBEGIN
                                 : v.date == PGTIME_DATE_NOEND
                                     ? PGTIME_NOEND
                                     : (int64_t)v.date * PGTIME_USEC_PER_DAY};
        if (v.ts == PGTIME_NOBEGIN || v.ts == PGTIME_NOEND)
            return infinite_part(ctx, field, v.ts == PGTIME_NOBEGIN, out);
        ok = part_ts(field, &v, st->zone, out);
    }
    if (!ok)
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, "unit \"%s\" not supported", raw);
    return ok;
}

static void fn_date_part(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    double d;
    if (date_part_value(ctx, argc, argv, &d))
        sqlite3_result_double(ctx, d);
}

/* extract(epoch from a timestamp / timestamptz / date): the exact decimal of its
 * microseconds since 1970 (a double would lose the last digits); false for other values. */
static bool exact_epoch(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *field = (const char *)sqlite3_value_text(argv[0]);
    dt_val_t v;
    bool is_null;
    if (!field || strcasecmp(field, "epoch") != 0 ||
        !sqlfn__dt_arg(ctx, argv[1], sqlfn__dt_hint(argc, argv, 2), &v, &is_null) ||
        (v.kind != DT_TS && v.kind != DT_TSTZ && v.kind != DT_DATE))
        return false;
    int64_t ts = v.kind == DT_DATE ? (int64_t)v.date * PGTIME_USEC_PER_DAY : v.ts;
    if (v.kind == DT_DATE && (v.date == PGTIME_DATE_NOBEGIN || v.date == PGTIME_DATE_NOEND))
        return false;
    if (ts == PGTIME_NOBEGIN || ts == PGTIME_NOEND)
        return false;
    int64_t u = ts + PGTIME_UNIX_EPOCH_USEC;
    uint64_t a = u < 0 ? (uint64_t)(-(u + 1)) + 1 : (uint64_t)u;
    char buf[48];
    if (v.kind == DT_DATE)
        snprintf(buf, sizeof(buf), "%s%" PRIu64, u < 0 ? "-" : "", a / 1000000);
    else
        snprintf(buf, sizeof(buf), "%s%" PRIu64 ".%06" PRIu64, u < 0 ? "-" : "", a / 1000000,
                 a % 1000000);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
    return true;
}

static void fn_extract(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    double d;
    if (exact_epoch(ctx, argc, argv))
        return;
    if (!date_part_value(ctx, argc, argv, &d))
        return;
    if (d == trunc(d) && fabs(d) < 9e15)
        sqlite3_result_int64(ctx, (sqlite3_int64)d);
    else
        sqlite3_result_double(ctx, d);
}

/* ---- AT TIME ZONE ---- */

/* AT TIME ZONE reads a bare numeric offset the POSIX way ('+05' is 5 hours west). */
static const pgtime_zone_t *zone_arg(const char *z)
{
    if (z && (z[0] == '+' || z[0] == '-') && isdigit((unsigned char)z[1])) {
        char flipped[64];
        snprintf(flipped, sizeof(flipped), "%c%s", z[0] == '+' ? '-' : '+', z + 1);
        char *colon = strchr(flipped, ':');
        if (colon) { /* hh:mm -> decimal hours */
            double h = strtod(flipped, NULL);
            double m = strtod(colon + 1, NULL) / 60;
            snprintf(flipped, sizeof(flipped), "%g", h < 0 || flipped[0] == '-' ? h - m : h + m);
        }
        return pgtime_zone_find(flipped);
    }
    return pgtime_zone_find(z);
}

static void at_zone(sqlite3_context *ctx, sqlite3_value *val, sqlite3_value *zv, const char *hint)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    if (sqlite3_value_type(zv) == SQLITE_NULL || sqlite3_value_type(val) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *zname = (const char *)sqlite3_value_text(zv);
    const pgtime_zone_t *z = zone_arg(zname);
    if (!z) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE, "time zone \"%s\" not recognized",
                     zname);
        return;
    }
    dt_val_t v;
    bool is_null;
    if (!sqlfn__dt_arg(ctx, val, hint, &v, &is_null))
        return;
    if (v.kind == DT_DATE) {
        int64_t local = (int64_t)v.date * PGTIME_USEC_PER_DAY;
        v = (dt_val_t){.kind = DT_TSTZ,
                       .ts =
                           local - pgtime_zone_offset_local(st->zone, local) * PGTIME_USEC_PER_SEC};
    }
    if (v.ts == PGTIME_NOBEGIN || v.ts == PGTIME_NOEND) {
        v.kind = v.kind == DT_TSTZ ? DT_TS : DT_TSTZ;
    } else if (v.kind == DT_TSTZ) {
        v.kind = DT_TS;
        v.ts += pgtime_zone_offset_utc(z, v.ts, NULL) * PGTIME_USEC_PER_SEC;
    } else if (v.kind == DT_TS) {
        v.kind = DT_TSTZ;
        v.ts -= pgtime_zone_offset_local(z, v.ts) * PGTIME_USEC_PER_SEC;
    } else {
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "AT TIME ZONE is supported for timestamps only");
        return;
    }
    sqlfn__dt_result(ctx, &v);
}

/* lg_interval_zone(iv): x AT TIME ZONE INTERVAL '-08:00' is the fixed zone that many
 * hours east of UTC (ISO sign, unlike a bare '-08'), named "<-08>+08" for at_zone. */
static void fn_interval_zone(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    dt_val_t v;
    bool is_null;
    if (!sqlfn__dt_arg(ctx, argv[0], "interval", &v, &is_null)) {
        if (is_null)
            sqlite3_result_null(ctx);
        return;
    }
    if (v.iv.months != 0 || v.iv.days != 0) {
        lg_buf_t b;
        lg_buf_init(&b, 256);
        pgtime_format_interval(&v.iv, &b);
        lg_buf_putc(&b, 0);
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     "interval time zone \"%s\" must not include months or days",
                     b.failed ? "" : (const char *)b.data);
        lg_buf_deinit(&b);
        return;
    }
    char name[64];
    pgtime_zone_offset_name((int)(v.iv.usec / PGTIME_USEC_PER_SEC), name, sizeof(name));
    sqlite3_result_text(ctx, name, -1, SQLITE_TRANSIENT);
}

static void fn_at_time_zone(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    at_zone(ctx, argv[0], argv[1], sqlfn__dt_hint(argc, argv, 2));
}

static void fn_timezone(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    at_zone(ctx, argv[1], argv[0], sqlfn__dt_hint(argc, argv, 2));
}

/* ---- make_* ---- */

static bool make_tm(sqlite3_context *ctx, int argc, sqlite3_value **argv, pgtime_tm_t *tm)
{
    memset(tm, 0, sizeof(*tm));
    tm->year = sqlite3_value_int(argv[0]);
    tm->mon = sqlite3_value_int(argv[1]);
    tm->mday = sqlite3_value_int(argv[2]);
    if (tm->year < 0)
        tm->year += 1; /* make_date(-44, 3, 15) is 44 BC */
    if (argc > 3) {
        tm->hour = sqlite3_value_int(argv[3]);
        tm->min = sqlite3_value_int(argv[4]);
        double sec = sqlite3_value_double(argv[5]);
        tm->sec = (int)sec;
        tm->usec = (int)llround((sec - tm->sec) * 1e6);
        if (tm->hour < 0 || tm->hour > 24 || tm->min < 0 || tm->min > 59 || sec < 0 || sec > 60) {
            sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                         "date field value out of range: %d-%02d-%02d", tm->year, tm->mon,
                         tm->mday);
            return false;
        }
    }
    if (sqlite3_value_int(argv[0]) == 0 || !pgtime_ymd_valid(tm->year, tm->mon, tm->mday)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                     "date field value out of range: %d-%02d-%02d", sqlite3_value_int(argv[0]),
                     tm->mon, tm->mday);
        return false;
    }
    return true;
}

static void fn_make_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtime_tm_t tm;
    if (sqlfn__any_null(argc, argv)) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!make_tm(ctx, argc, argv, &tm))
        return;
    dt_val_t v = {.kind = DT_DATE, .date = pgtime_date_from_ymd(tm.year, tm.mon, tm.mday)};
    sqlfn__dt_result(ctx, &v);
}

static void fn_make_timestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pgtime_tm_t tm;
    if (sqlfn__any_null(argc, argv)) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!make_tm(ctx, 6, argv, &tm))
        return;
    dt_val_t v = {.kind = DT_TS};
    pgtime_tm_to_ts(&tm, &v.ts);
    sqlfn__dt_result(ctx, &v);
}

static void fn_make_timestamptz(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    pgtime_tm_t tm;
    if (sqlfn__any_null(argc, argv)) {
        sqlite3_result_null(ctx);
        return;
    }
    if (!make_tm(ctx, 6, argv, &tm))
        return;
    const char *zn = sqlfn__dt_hint(argc, argv, 6);
    const pgtime_zone_t *z = zn ? pgtime_zone_find(zn) : st->zone;
    if (!z) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE, "time zone \"%s\" not recognized",
                     zn);
        return;
    }
    dt_val_t v = {.kind = DT_TSTZ};
    pgtime_tm_to_ts(&tm, &v.ts);
    v.ts -= pgtime_zone_offset_local(z, v.ts) * PGTIME_USEC_PER_SEC;
    sqlfn__dt_result(ctx, &v);
}

static void fn_make_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        sqlite3_result_null(ctx);
        return;
    }
    int h = sqlite3_value_int(argv[0]), m = sqlite3_value_int(argv[1]);
    double s = sqlite3_value_double(argv[2]);
    if (h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s > 60) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                     "time field value out of range: %d:%02d:%02g", h, m, s);
        return;
    }
    dt_val_t v = {.kind = DT_TIME,
                  .ts = ((int64_t)h * 3600 + m * 60) * PGTIME_USEC_PER_SEC + llround(s * 1e6)};
    sqlfn__dt_result(ctx, &v);
}

/* ---- registration and settings ---- */

/* Carrier of the per-connection state; returns the session TimeZone offset now (seconds). */
static void fn_state(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const dt_state_t *st = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, pgtime_zone_offset_utc(st->zone, sqlfn__dt_now(st), NULL));
}

static const sqlfn_def_t k_defs[] = {
    {"now", 0, SQLFN_VOLATILE, fn_now},
    {"lg_current_timestamp", 0, SQLFN_VOLATILE, fn_now}, /* CURRENT_TIMESTAMP, printed so */
    {"transaction_timestamp", 0, SQLFN_VOLATILE, fn_now},
    {"lg_current_timestamp", 0, SQLFN_VOLATILE, fn_now}, /* CURRENT_TIMESTAMP, as written */
    {"statement_timestamp", 0, SQLFN_VOLATILE, fn_stmt_ts},
    {"clock_timestamp", 0, SQLFN_VOLATILE, fn_clock},
    {"current_date", 0, SQLFN_VOLATILE, fn_current_date},
    {"pg_current_date", 0, SQLFN_VOLATILE, fn_current_date},
    {"lg_current_date", 0, SQLFN_VOLATILE, fn_current_date},
    {"lg_localtimestamp", 0, SQLFN_VOLATILE, fn_localtimestamp},
    {"localtimestamp", 0, SQLFN_VOLATILE, fn_localtimestamp},
    {"date_trunc", 2, SQLFN_VOLATILE, fn_date_trunc},
    {"date_trunc", 3, SQLFN_VOLATILE, fn_date_trunc},
    {"date_part", 2, SQLFN_VOLATILE, fn_date_part},
    {"date_part", 3, SQLFN_VOLATILE, fn_date_part},
    {"pg_extract", 2, SQLFN_VOLATILE, fn_extract},
    {"pg_extract", 3, SQLFN_VOLATILE, fn_extract},
    {"lg_extract", 2, SQLFN_VOLATILE, fn_extract},
    {"lg_extract", 3, SQLFN_VOLATILE, fn_extract},
    {"at_time_zone", 2, SQLFN_VOLATILE, fn_at_time_zone},
    {"at_time_zone", 3, SQLFN_VOLATILE, fn_at_time_zone},
    {"timezone", 2, SQLFN_VOLATILE, fn_timezone},
    {"lg_interval_zone", 1, SQLFN_PURE, fn_interval_zone},
    {"timezone", 3, SQLFN_VOLATILE, fn_timezone},
    {"make_date", 3, SQLFN_PURE, fn_make_date},
    {"make_time", 3, SQLFN_PURE, fn_make_time},
    {"make_timestamp", 6, SQLFN_PURE, fn_make_timestamp},
    {"make_timestamptz", 6, SQLFN_VOLATILE, fn_make_timestamptz},
    {"make_timestamptz", 7, SQLFN_VOLATILE, fn_make_timestamptz},
};

int sqlfn_datetime_register(sqlite3 *db)
{
    dt_state_t *st = lg_xcalloc(1, sizeof(*st));
    st->db = db;
    st->zone = pgtime_zone_find("UTC");
    /* The first function owns the state: its destructor frees it when db closes. */
    if (sqlite3_create_function_v2(db, "lg_datetime_state", 0, SQLITE_UTF8, st, fn_state, NULL,
                                   NULL, on_state_destroy) != SQLITE_OK)
        return LG_EINVAL;
    if (!reg_add(st))
        return LG_EINVAL;
    if (sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), st) != 0 ||
        sqlfn__datetime_register_arith(db, st) != 0 || sqlfn__datetime_register_fmt(db, st) != 0 ||
        sqlfn__datetime_register_series(db, st) != 0 || sqlfn__register_conv(db, st) != 0 ||
        sqlfn__register_dtop(db, st) != 0 || sqlfn__register_seq(db, st) != 0)
        return LG_EINVAL;
    return 0;
}

int sqlfn_datetime_set_txn_time(sqlite3 *db, int64_t usec)
{
    dt_state_t *st = sqlfn__dt_state_find(db);
    if (!st)
        return LG_EINVAL;
    st->txn_usec = usec;
    return 0;
}

int sqlfn_datetime_set_stmt_time(sqlite3 *db, int64_t usec)
{
    dt_state_t *st = sqlfn__dt_state_find(db);
    if (!st)
        return LG_EINVAL;
    st->stmt_usec = usec;
    sqlfn__seq_mark(st->seq);
    return 0;
}

int sqlfn_datetime_set_timezone(sqlite3 *db, const char *zone)
{
    dt_state_t *st = sqlfn__dt_state_find(db);
    if (!st)
        return LG_EINVAL;
    const pgtime_zone_t *z = pgtime_zone_find(zone);
    if (!z)
        return LG_ENOTFOUND;
    st->zone = z;
    snprintf(st->zone_name, sizeof(st->zone_name), "%s", zone ? zone : "");
    return 0;
}
