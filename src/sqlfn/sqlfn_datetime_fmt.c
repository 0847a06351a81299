/* sqlfn_datetime_fmt.c - to_char / to_date / to_timestamp for the common template patterns:
 * YYYY YYY YY Y MM DD DDD D HH24 HH12 HH MI SS MS US AM PM am pm A.M. P.M. Mon MON mon Month
 * MONTH month Dy DY dy Day DAY day TZ tz OF IYYY IYY IY ID IW Q J, the FM prefix (no padding), "quoted"
 * literals and backslash escapes. Other characters are copied (to_char) or skip one input
 * character (parsing). Names pad to 9 characters as PostgreSQL does unless FM is given. */
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const k_mon[12] = {"January", "February", "March",     "April",
                                      "May",     "June",     "July",      "August",
                                      "September", "October", "November", "December"};
static const char *const k_day[7] = {"Sunday", "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

static const char *const k_pats[] = {
    "HH24", "HH12", "HH", "MI", "SS", "MS", "US", "A.M.", "P.M.", "a.m.", "p.m.", "AM", "PM",
    "am", "pm", "YYYY", "YYY", "YY", "Y", "MONTH", "Month", "month", "MON", "Mon", "mon", "MM",
    "DAY", "Day", "day", "DY", "Dy", "dy", "DDD", "DD", "D", "TZ", "tz", "OF", "IYYY", "IYY",
    "IY", "ID", "IW", "Q", "J"};

static const char *match_pat(const char *f)
{
    for (size_t i = 0; i < sizeof(k_pats) / sizeof(k_pats[0]); i++)
        if (strncmp(f, k_pats[i], strlen(k_pats[i])) == 0)
            return k_pats[i];
    return NULL;
}

static void put_name(lg_buf_t *b, const char *name, int ncase, bool abbr, bool fm)
{
    char tmp[16];
    size_t n = abbr ? 3 : strlen(name);
    for (size_t i = 0; i < n; i++)
        tmp[i] = (char)(ncase == 2 ? toupper((unsigned char)name[i])
                        : ncase == 0 ? tolower((unsigned char)name[i])
                                     : name[i]);
    lg_buf_append(b, tmp, n);
    for (size_t i = n; !abbr && !fm && i < 9; i++)
        lg_buf_putc(b, ' ');
}

static int name_case(const char *p)
{
    return isupper((unsigned char)p[1]) ? 2 : isupper((unsigned char)p[0]) ? 1 : 0;
}

static void put_num(lg_buf_t *b, long long v, int width, bool fm)
{
    if (fm)
        lg_buf_printf(b, "%lld", v);
    else
        lg_buf_printf(b, "%0*lld", width, v);
}

static void emit(lg_buf_t *b, const char *p, const pgtime_tm_t *tm, bool fm, bool tz)
{
    int32_t d = pgtime_date_from_ymd(tm->year, tm->mon, tm->mday);
    int y = tm->year > 0 ? tm->year : 1 - tm->year;
    int h12 = tm->hour % 12 == 0 ? 12 : tm->hour % 12;
    int dow = pgtime_date_dow(d);
    if (!strcmp(p, "HH24")) put_num(b, tm->hour, 2, fm);
    else if (!strcmp(p, "HH12") || !strcmp(p, "HH")) put_num(b, h12, 2, fm);
    else if (!strcmp(p, "MI")) put_num(b, tm->min, 2, fm);
    else if (!strcmp(p, "SS")) put_num(b, tm->sec, 2, fm);
    else if (!strcmp(p, "MS")) put_num(b, tm->usec / 1000, 3, fm);
    else if (!strcmp(p, "US")) put_num(b, tm->usec, 6, fm);
    else if (strchr("AaPp", p[0]) && (p[1] == 'M' || p[1] == 'm' || p[1] == '.')) {
        bool pm = tm->hour >= 12;
        bool dots = p[1] == '.';
        bool upper = isupper((unsigned char)p[0]);
        const char *s = dots ? (pm ? "p.m." : "a.m.") : (pm ? "pm" : "am");
        for (const char *q = s; *q; q++)
            lg_buf_putc(b, (uint8_t)(upper ? toupper((unsigned char)*q) : *q));
    } else if (!strcmp(p, "YYYY")) put_num(b, y, 4, fm);
    else if (!strcmp(p, "YYY")) put_num(b, y % 1000, 3, fm);
    else if (!strcmp(p, "YY")) put_num(b, y % 100, 2, fm);
    else if (!strcmp(p, "Y")) put_num(b, y % 10, 1, fm);
    else if (!strcasecmp(p, "MONTH")) put_name(b, k_mon[tm->mon - 1], name_case(p), false, fm);
    else if (!strcasecmp(p, "MON")) put_name(b, k_mon[tm->mon - 1], name_case(p), true, fm);
    else if (!strcmp(p, "MM")) put_num(b, tm->mon, 2, fm);
    else if (!strcasecmp(p, "DAY")) put_name(b, k_day[dow], name_case(p), false, fm);
    else if (!strcasecmp(p, "DY")) put_name(b, k_day[dow], name_case(p), true, fm);
    else if (!strcmp(p, "DDD")) put_num(b, d - pgtime_date_from_ymd(tm->year, 1, 1) + 1, 3, fm);
    else if (!strcmp(p, "DD")) put_num(b, tm->mday, 2, fm);
    else if (!strcmp(p, "D")) put_num(b, dow + 1, 1, fm);
    else if (!strcasecmp(p, "TZ")) {
        const char *a = tz && tm->abbrev ? tm->abbrev : "";
        for (const char *q = a; *q; q++)
            lg_buf_putc(b, (uint8_t)(p[0] == 't' ? tolower((unsigned char)*q) : *q));
    } else if (!strcmp(p, "OF")) {
        if (tz)
            pgtime_format_offset(tm->gmtoff, b);
    } else if (p[0] == 'I') { /* ISO 8601 week-numbering: the week's Thursday decides */
        int32_t thu = d - (dow == 0 ? 7 : dow) + 4;
        int ty, tmn, td;
        pgtime_date_to_ymd(thu, &ty, &tmn, &td);
        if (!strcmp(p, "IW"))
            put_num(b, (thu - pgtime_date_from_ymd(ty, 1, 1)) / 7 + 1, 2, fm);
        else if (!strcmp(p, "ID"))
            put_num(b, dow == 0 ? 7 : dow, 1, fm);
        else if (!strcmp(p, "IYYY"))
            put_num(b, ty, 4, fm);
        else if (!strcmp(p, "IYY"))
            put_num(b, ty % 1000, 3, fm);
        else
            put_num(b, ty % 100, 2, fm);
    } else if (!strcmp(p, "Q")) put_num(b, (tm->mon - 1) / 3 + 1, 1, true);
    else if (!strcmp(p, "J")) put_num(b, d + 2451545, 1, true);
}

static void format_tm(lg_buf_t *b, const char *f, const pgtime_tm_t *tm, bool tz)
{
    while (*f) {
        bool fm = false;
        if (strncmp(f, "FM", 2) == 0) {
            fm = true;
            f += 2;
        }
        const char *p = match_pat(f);
        if (p) {
            emit(b, p, tm, fm, tz);
            f += strlen(p);
        } else if (*f == '"') {
            for (f++; *f && *f != '"'; f++) {
                if (*f == '\\' && f[1])
                    f++;
                lg_buf_putc(b, (uint8_t)*f);
            }
            if (*f)
                f++;
        } else {
            if (*f == '\\' && f[1])
                f++;
            lg_buf_putc(b, (uint8_t)*f++);
        }
    }
}

static void fn_to_char(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    dt_val_t v;
    bool is_null;
    const char *fmt = (const char *)sqlite3_value_text(argv[1]);
    if (!fmt || !sqlfn__dt_arg(ctx, argv[0], sqlfn__dt_hint(argc, argv, 2), &v, &is_null)) {
        if (!fmt || is_null)
            sqlite3_result_null(ctx);
        return;
    }
    pgtime_tm_t tm;
    if (v.kind == DT_INTERVAL) {
        memset(&tm, 0, sizeof(tm));
        tm.year = v.iv.months / 12;
        tm.mon = v.iv.months % 12;
        tm.mday = v.iv.days;
        int64_t u = v.iv.usec;
        tm.hour = (int)(u / INT64_C(3600000000));
        tm.min = (int)(u / 60000000 % 60);
        tm.sec = (int)(u / 1000000 % 60);
        tm.usec = (int)(u % 1000000);
        if (tm.mon == 0)
            tm.mon = 1; /* names need a month; PostgreSQL prints month 0 as empty */
    } else if (v.kind == DT_DATE) {
        pgtime_ts_to_tm((int64_t)v.date * PGTIME_USEC_PER_DAY, &tm);
    } else if (v.kind == DT_TSTZ) {
        pgtime_ts_to_local(v.ts, st->zone, &tm);
    } else {
        pgtime_ts_to_tm(v.ts, &tm);
    }
    if (v.kind != DT_INTERVAL && v.kind != DT_DATE && (v.ts == PGTIME_NOBEGIN || v.ts == PGTIME_NOEND)) {
        sqlite3_result_null(ctx);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    format_tm(&b, fmt, &tm, v.kind == DT_TSTZ);
    sqlfn__result_buf_text(ctx, &b);
}

/* ---- parsing ---- */

static bool read_int(const char **s, int maxw, long *v)
{
    while (**s == ' ')
        (*s)++;
    int sign = 1;
    if (**s == '-' || **s == '+')
        sign = *(*s)++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)**s))
        return false;
    *v = 0;
    for (int w = 0; isdigit((unsigned char)**s) && (maxw == 0 || w < maxw); w++)
        *v = *v * 10 + (*(*s)++ - '0');
    *v *= sign;
    return true;
}

static int read_name(const char **s, const char *const *names, int count, bool abbr)
{
    for (int i = 0; i < count; i++) {
        size_t n = abbr ? 3 : strlen(names[i]);
        if (strncasecmp(*s, names[i], n) == 0) {
            *s += n;
            return i;
        }
    }
    return -1;
}

/* Applies pattern p at *s to tm; false on mismatch. */
/* What to_date/to_timestamp parsing learns beside the fields: AM/PM (-1 none, 0 am, 1 pm)
 * and the day of the year (DDD; 0 none). */
typedef struct parse_state {
    int pm;
    int doy;
} parse_state_t;

static bool parse_pat(const char *p, const char **s, pgtime_tm_t *tm, parse_state_t *ps, int *off,
                      bool *has_off)
{
    long v = 0;
    int idx;
    if (!strcmp(p, "HH24") || !strcmp(p, "HH12") || !strcmp(p, "HH"))
        return read_int(s, 2, &v) && (tm->hour = (int)v, true);
    if (!strcmp(p, "MI"))
        return read_int(s, 2, &v) && (tm->min = (int)v, true);
    if (!strcmp(p, "SS"))
        return read_int(s, 2, &v) && (tm->sec = (int)v, true);
    if (!strcmp(p, "MS"))
        return read_int(s, 3, &v) && (tm->usec = (int)v * 1000, true);
    if (!strcmp(p, "US"))
        return read_int(s, 6, &v) && (tm->usec = (int)v, true);
    if (strchr("AaPp", p[0]) && (p[1] == 'M' || p[1] == 'm' || p[1] == '.')) {
        while (**s == ' ')
            (*s)++;
        ps->pm = (**s == 'p' || **s == 'P') ? 1 : 0;
        *s += strlen(p) <= strlen(*s) ? strlen(p) : strlen(*s);
        return true;
    }
    if (!strcmp(p, "YYYY"))
        return read_int(s, 0, &v) && (tm->year = (int)v, true);
    if (!strcmp(p, "YYY") || !strcmp(p, "YY") || !strcmp(p, "Y")) {
        size_t w = strlen(p);
        if (!read_int(s, (int)w, &v))
            return false;
        tm->year = (int)(w == 2 ? (v < 70 ? 2000 + v : 1900 + v) : w == 3 ? 2000 + v : 2020 + v);
        return true;
    }
    if (!strcasecmp(p, "MONTH") || !strcasecmp(p, "MON")) {
        idx = read_name(s, k_mon, 12, strlen(p) == 3);
        return idx >= 0 && (tm->mon = idx + 1, true);
    }
    if (!strcmp(p, "MM"))
        return read_int(s, 2, &v) && (tm->mon = (int)v, true);
    if (!strcasecmp(p, "DAY") || !strcasecmp(p, "DY"))
        return read_name(s, k_day, 7, strlen(p) == 2) >= 0;
    if (!strcmp(p, "DD"))
        return read_int(s, 2, &v) && (tm->mday = (int)v, true);
    if (!strcmp(p, "DDD")) { /* day of the year: applied once the year is known */
        if (!read_int(s, 3, &v))
            return false;
        ps->doy = (int)v;
        return true;
    }
    if (!strcmp(p, "D") || !strcmp(p, "IW") || !strcmp(p, "Q") || !strcmp(p, "ID") ||
        p[0] == 'I')
        return read_int(s, (int)strlen(p) == 1 ? 1 : 3, &v);
    if (!strcasecmp(p, "TZ") || !strcmp(p, "OF")) {
        while (**s == ' ')
            (*s)++;
        if (**s == '+' || **s == '-') {
            int sign = **s == '-' ? -1 : 1;
            (*s)++;
            long h = 0, m = 0;
            if (!read_int(s, 2, &h))
                return false;
            if (**s == ':')
                (*s)++;
            if (isdigit((unsigned char)**s))
                read_int(s, 2, &m);
            *off = sign * (int)(h * 3600 + m * 60);
            *has_off = true;
        } else {
            while (isalpha((unsigned char)**s))
                (*s)++;
        }
        return true;
    }
    if (!strcmp(p, "J")) {
        if (!read_int(s, 0, &v))
            return false;
        pgtime_date_to_ymd((int32_t)(v - 2451545), &tm->year, &tm->mon, &tm->mday);
        return true;
    }
    return false;
}

static bool parse_with(const char *s, const char *f, pgtime_tm_t *tm, int *off, bool *has_off)
{
    parse_state_t ps = {.pm = -1, .doy = 0};
    memset(tm, 0, sizeof(*tm));
    tm->year = 1;
    tm->mon = 1;
    tm->mday = 1;
    while (*f) {
        if (strncmp(f, "FM", 2) == 0)
            f += 2;
        const char *p = match_pat(f);
        if (p) {
            if (!parse_pat(p, &s, tm, &ps, off, has_off))
                return false;
            f += strlen(p);
        } else if (*f == '"') {
            for (f++; *f && *f != '"'; f++)
                if (*s)
                    s++;
            if (*f)
                f++;
        } else {
            if (*f == ' ') {
                while (*s == ' ')
                    s++;
            } else if (*s) {
                s++;
            }
            f++;
        }
    }
    if (ps.doy > 0)
        pgtime_date_to_ymd(pgtime_date_from_ymd(tm->year, 1, 1) + ps.doy - 1, &tm->year,
                           &tm->mon, &tm->mday);
    if (ps.pm == 1 && tm->hour < 12)
        tm->hour += 12;
    else if (ps.pm == 0 && tm->hour == 12)
        tm->hour = 0;
    return true;
}

static bool parse_args(sqlite3_context *ctx, sqlite3_value **argv, pgtime_tm_t *tm, int *off,
                       bool *has_off)
{
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    const char *f = (const char *)sqlite3_value_text(argv[1]);
    if (!s || !f) {
        sqlite3_result_null(ctx);
        return false;
    }
    if (!parse_with(s, f, tm, off, has_off)) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                     "invalid value \"%s\" for format \"%s\"", s, f);
        return false;
    }
    if (!pgtime_ymd_valid(tm->year, tm->mon, tm->mday) || tm->hour > 24 || tm->min > 59 ||
        tm->sec > 60) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                     "date/time field value out of range: \"%s\"", s);
        return false;
    }
    return true;
}

static void fn_to_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pgtime_tm_t tm;
    int off = 0;
    bool has_off = false;
    if (!parse_args(ctx, argv, &tm, &off, &has_off))
        return;
    dt_val_t v = {.kind = DT_DATE, .date = pgtime_date_from_ymd(tm.year, tm.mon, tm.mday)};
    sqlfn__dt_result(ctx, &v);
}

static void fn_to_timestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    dt_val_t v = {.kind = DT_TSTZ};
    if (argc == 1) {
        if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return;
        }
        double secs = sqlite3_value_double(argv[0]);
        if (isinf(secs))
            v.ts = secs > 0 ? PGTIME_NOEND : PGTIME_NOBEGIN;
        else if (isnan(secs) || fabs(secs) > 9.2e12) {
            sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"%g\"",
                         secs);
            return;
        } else
            v.ts = llround(secs * 1e6) - PGTIME_UNIX_EPOCH_USEC;
        sqlfn__dt_result(ctx, &v);
        return;
    }
    pgtime_tm_t tm;
    int off = 0;
    bool has_off = false;
    if (!parse_args(ctx, argv, &tm, &off, &has_off))
        return;
    int64_t local;
    pgtime_tm_to_ts(&tm, &local);
    int o = has_off ? off : pgtime_zone_offset_local(st->zone, local);
    v.ts = local - o * PGTIME_USEC_PER_SEC;
    sqlfn__dt_result(ctx, &v);
}

static const sqlfn_def_t k_defs[] = {
    {"to_char", 2, SQLFN_VOLATILE, fn_to_char},
    {"to_char", 3, SQLFN_VOLATILE, fn_to_char},
    {"to_date", 2, SQLFN_PURE, fn_to_date},
    {"to_timestamp", 1, SQLFN_PURE, fn_to_timestamp},
    {"to_timestamp", 2, SQLFN_VOLATILE, fn_to_timestamp},
};

int sqlfn__datetime_register_fmt(sqlite3 *db, dt_state_t *st)
{
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), st);
}
