/* pgtype_interval.c - interval text input/output (output in every IntervalStyle) and timestamp
 * arithmetic with intervals.
 *
 * An interval is (months, days, usec), kept apart as PostgreSQL does because months and
 * days have no fixed length. Output: '1 year 2 mons 3 days 04:05:06.5', '-1 days +02:00:00',
 * '00:00:00' for zero. Input: postgres/verbose style ('@ 1 day ago', '2 hours 30 minutes',
 * '1.5 years', '01:02:03', bare number = seconds) and ISO 8601 ('P1Y2M3DT4H5M6.5S', 'PT1H',
 * 'P1W'). Fractional units cascade down: 1.5 months = 1 mon 15 days (30-day months). */
#include "pgtype_style.h"
#include "pgtype_time.h"
#include "lg_buf.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct unit {
    const char *name;
    int kind;      /* 0 usec multiplier, 1 days, 2 months */
    double factor; /* usec per unit, days per unit, or months per unit */
} unit_t;

static const unit_t k_units[] = {
    {"microsecond", 0, 1},
    {"microseconds", 0, 1},
    {"us", 0, 1},
    {"usec", 0, 1},
    {"usecs", 0, 1},
    {"millisecond", 0, 1e3},
    {"milliseconds", 0, 1e3},
    {"ms", 0, 1e3},
    {"msec", 0, 1e3},
    {"msecs", 0, 1e3},
    {"second", 0, 1e6},
    {"seconds", 0, 1e6},
    {"s", 0, 1e6},
    {"sec", 0, 1e6},
    {"secs", 0, 1e6},
    {"minute", 0, 6e7},
    {"minutes", 0, 6e7},
    {"m", 0, 6e7},
    {"min", 0, 6e7},
    {"mins", 0, 6e7},
    {"hour", 0, 3.6e9},
    {"hours", 0, 3.6e9},
    {"h", 0, 3.6e9},
    {"hr", 0, 3.6e9},
    {"hrs", 0, 3.6e9},
    {"day", 1, 1},
    {"days", 1, 1},
    {"d", 1, 1},
    {"week", 1, 7},
    {"weeks", 1, 7},
    {"w", 1, 7},
    {"month", 2, 1},
    {"months", 2, 1},
    {"mon", 2, 1},
    {"mons", 2, 1},
    {"year", 2, 12},
    {"years", 2, 12},
    {"y", 2, 12},
    {"yr", 2, 12},
    {"yrs", 2, 12},
    {"decade", 2, 120},
    {"decades", 2, 120},
    {"century", 2, 1200},
    {"centuries", 2, 1200},
    {"millennium", 2, 12000},
    {"millennia", 2, 12000},
};

typedef struct acc {
    double months, days, usec;
} acc_t;

static const unit_t *unit_find(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof(k_units) / sizeof(k_units[0]); i++)
        if (strlen(k_units[i].name) == n && strncasecmp(s, k_units[i].name, n) == 0)
            return &k_units[i];
    return NULL;
}

static void acc_add(acc_t *a, const unit_t *u, double v)
{
    if (u->kind == 2)
        a->months += v * u->factor;
    else if (u->kind == 1)
        a->days += v * u->factor;
    else
        a->usec += v * u->factor;
}

/* Moves fractional months into days and fractional days into usec. */
static bool acc_finish(acc_t *a, pgtime_interval_t *out)
{
    double m = trunc(a->months);
    a->days += (a->months - m) * 30;
    double d = trunc(a->days);
    a->usec += (a->days - d) * 86400e6;
    double u = rint(a->usec);
    if (fabs(m) > 2147483647.0 || fabs(d) > 2147483647.0 || fabs(u) > 9.2e18)
        return false;
    out->months = (int32_t)m;
    out->days = (int32_t)d;
    out->usec = (int64_t)u;
    return true;
}

/* [+-]H:M[:S[.f]] -> usec (a lone "M:S.f" is not PostgreSQL's; H:M is). */
static int time_token(const char *s, size_t n, double *usec)
{
    int sign = 1;
    if (n && (s[0] == '-' || s[0] == '+')) {
        sign = s[0] == '-' ? -1 : 1;
        s++;
        n--;
    }
    double part[3] = {0, 0, 0};
    int np = 0;
    size_t i = 0;
    while (i < n && np < 3) {
        char *end;
        char tmp[64];
        size_t st = i;
        while (i < n && (isdigit((unsigned char)s[i]) || (np == 2 && s[i] == '.')))
            i++;
        if (i == st || i - st >= sizeof(tmp))
            return PGTIME_BAD_FORMAT;
        memcpy(tmp, s + st, i - st);
        tmp[i - st] = '\0';
        part[np++] = strtod(tmp, &end);
        if (i < n && s[i] == ':')
            i++;
        else
            break;
    }
    if (i != n || np < 2)
        return PGTIME_BAD_FORMAT;
    if (part[1] > 59 || part[2] >= 60)
        return PGTIME_BAD_FIELD;
    *usec = sign * ((part[0] * 3600 + part[1] * 60) * 1e6 + part[2] * 1e6);
    return PGTIME_OK;
}

/* Leading unsigned digits of s[*i..n) as a number (false when there are none). */
static bool digits(const char *s, size_t n, size_t *i, double *v)
{
    size_t st = *i;
    *v = 0;
    while (*i < n && isdigit((unsigned char)s[*i]))
        *v = *v * 10 + (s[(*i)++] - '0');
    return *i > st;
}

/* ISO 8601's alternative format: P[YYYY-MM-DD][T[hh[:mm[:ss[.f]]]]]. */
static int parse_iso_alt(const char *s, size_t n, acc_t *a)
{
    size_t i = 1;
    double y, m = 0, d = 0;
    if (i < n && s[i] != 'T' && s[i] != 't') {
        if (!digits(s, n, &i, &y))
            return PGTIME_BAD_FORMAT;
        if (i < n && s[i] == '-' && (++i, !digits(s, n, &i, &m)))
            return PGTIME_BAD_FORMAT;
        if (i < n && s[i] == '-' && (++i, !digits(s, n, &i, &d)))
            return PGTIME_BAD_FORMAT;
        a->months += y * 12 + m;
        a->days += d;
    }
    if (i < n && (s[i] == 'T' || s[i] == 't')) {
        double us;
        int rc = time_token(s + i + 1, n - i - 1, &us);
        if (rc != PGTIME_OK)
            return rc;
        a->usec += us;
        return PGTIME_OK;
    }
    return i == n ? PGTIME_OK : PGTIME_BAD_FORMAT;
}

/* ISO 8601 'P...' designators. */
static int parse_iso(const char *s, size_t n, acc_t *a)
{
    bool in_time = false;
    size_t i = 1;
    if (n < 2)
        return PGTIME_BAD_FORMAT;
    if (memchr(s, ':', n) || (n > 2 && isdigit((unsigned char)s[1]) && memchr(s, '-', n)))
        return parse_iso_alt(s, n, a);
    while (i < n) {
        if (s[i] == 'T' || s[i] == 't') {
            in_time = true;
            i++;
            continue;
        }
        char tmp[64];
        size_t st = i;
        if (s[i] == '-' || s[i] == '+')
            i++;
        while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
            i++;
        if (i == st || i >= n || i - st >= sizeof(tmp))
            return PGTIME_BAD_FORMAT;
        memcpy(tmp, s + st, i - st);
        tmp[i - st] = '\0';
        double v = strtod(tmp, NULL);
        char u = (char)toupper((unsigned char)s[i++]);
        if (!in_time && u == 'Y')
            a->months += v * 12;
        else if (!in_time && u == 'M')
            a->months += v;
        else if (!in_time && u == 'W')
            a->days += v * 7;
        else if (!in_time && u == 'D')
            a->days += v;
        else if (in_time && u == 'H')
            a->usec += v * 3.6e9;
        else if (in_time && u == 'M')
            a->usec += v * 6e7;
        else if (in_time && u == 'S')
            a->usec += v * 1e6;
        else
            return PGTIME_BAD_FORMAT;
    }
    return PGTIME_OK;
}

static size_t span(const char *s, size_t n, size_t i, int (*pred)(int))
{
    while (i < n && pred((unsigned char)s[i]))
        i++;
    return i;
}

static int is_numchar(int c)
{
    return isdigit(c) || c == '.' || c == ':';
}

/* Whether the token at i is a time ([+-]h:m...). */
static bool time_follows(const char *s, size_t n, size_t i)
{
    size_t st = i + (s[i] == '-' || s[i] == '+');
    size_t end = span(s, n, st, is_numchar);
    return end > st && memchr(s + st, ':', end - st) != NULL;
}

/* One "<number> [unit]" or time token starting at *pi. */
static int parse_item(const char *s, size_t n, size_t *pi, acc_t *a)
{
    size_t i = *pi;
    size_t st = i;
    if (s[i] == '+' || s[i] == '-')
        i++;
    size_t end = span(s, n, i, is_numchar);
    if (end == i)
        return PGTIME_BAD_FORMAT;
    if (memchr(s + st, ':', end - st)) {
        double us;
        int rc = time_token(s + st, end - st, &us);
        if (rc != PGTIME_OK)
            return rc;
        a->usec += us;
        *pi = end;
        return PGTIME_OK;
    }
    char tmp[64];
    if (end - st >= sizeof(tmp))
        return PGTIME_BAD_FORMAT;
    memcpy(tmp, s + st, end - st);
    tmp[end - st] = '\0';
    char *e;
    double v = strtod(tmp, &e);
    if (*e != '\0')
        return PGTIME_BAD_FORMAT;
    if (end < n && s[end] == '-' && end + 1 < n && isdigit((unsigned char)s[end + 1]) &&
        !memchr(tmp, '.', end - st)) { /* year-month: 1-2 is 1 year 2 mons */
        size_t j = end + 1;
        double mon;
        digits(s, n, &j, &mon);
        if (j < n && !isspace((unsigned char)s[j]))
            return PGTIME_BAD_FORMAT;
        double sign = s[st] == '-' ? -1 : 1;
        a->months += v * 12 + sign * mon;
        *pi = j;
        return PGTIME_OK;
    }
    i = span(s, n, end, isspace);
    size_t wend = span(s, n, i, isalpha);
    const unit_t *u = wend > i ? unit_find(s + i, wend - i) : NULL;
    if (u) {
        acc_add(a, u, v);
        *pi = wend;
    } else if (i < n && i > end && time_follows(s, n, i)) {
        a->days += v; /* a bare number before a time is days: '1 02:03:04' */
        *pi = end;
    } else {
        a->usec += v * 1e6; /* bare number: seconds */
        *pi = end;
    }
    return PGTIME_OK;
}

int pgtime_parse_interval(const char *s, size_t n, pgtime_interval_t *out)
{
    acc_t a = {0, 0, 0};
    size_t i = span(s, n, 0, isspace);
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    if (i < n && (s[i] == 'P' || s[i] == 'p')) {
        int rc = parse_iso(s + i, n - i, &a);
        if (rc != PGTIME_OK)
            return rc;
        return acc_finish(&a, out) ? PGTIME_OK : PGTIME_BAD_FIELD;
    }
    if (i < n && s[i] == '@')
        i++;
    bool ago = false;
    bool any = false;
    while ((i = span(s, n, i, isspace)) < n) {
        if (n - i == 3 && strncasecmp(s + i, "ago", 3) == 0) {
            ago = true;
            break;
        }
        int rc = parse_item(s, n, &i, &a);
        if (rc != PGTIME_OK)
            return rc;
        any = true;
    }
    if (!any)
        return PGTIME_BAD_FORMAT;
    if (ago) {
        a.months = -a.months;
        a.days = -a.days;
        a.usec = -a.usec;
    }
    return acc_finish(&a, out) ? PGTIME_OK : PGTIME_BAD_FIELD;
}

static void put_part(struct lg_buf *out, int64_t v, const char *unit, bool *zero, bool *neg)
{
    if (v == 0)
        return;
    lg_buf_printf(out, "%s%s%lld %s%s", *zero ? "" : " ", (*neg && v > 0) ? "+" : "", (long long)v,
                  unit, v != 1 ? "s" : "");
    *neg = v < 0;
    *zero = false;
}

/* The fields PostgreSQL's EncodeInterval works on (each keeps its own sign). */
typedef struct iv_fields {
    int year, mon, mday;
    long long hour;
    int min, sec, fsec;
} iv_fields_t;

static void iv_split(const pgtime_interval_t *iv, iv_fields_t *f)
{
    f->year = iv->months / 12;
    f->mon = iv->months % 12;
    f->mday = iv->days;
    int64_t t = iv->usec;
    f->hour = (long long)(t / INT64_C(3600000000));
    t -= (int64_t)f->hour * INT64_C(3600000000);
    f->min = (int)(t / 60000000);
    t -= (int64_t)f->min * 60000000;
    f->sec = (int)(t / 1000000);
    f->fsec = (int)(t % 1000000);
}

/* Seconds as PostgreSQL's AppendSeconds: absolute value, two digits when fill, then the
 * fraction without trailing zeros. */
static void put_seconds(struct lg_buf *out, int sec, int fsec, bool fill)
{
    lg_buf_printf(out, fill ? "%02d" : "%d", sec < 0 ? -sec : sec);
    if (!fsec)
        return;
    char f[8];
    unsigned frac = (unsigned)(fsec < 0 ? -fsec : fsec);
    for (int k = 5; k >= 0; k--, frac /= 10)
        f[k] = (char)('0' + frac % 10);
    int len = 6;
    while (f[len - 1] == '0')
        len--;
    lg_buf_putc(out, '.');
    lg_buf_append(out, f, (size_t)len);
}

static void format_sql_standard(iv_fields_t f, struct lg_buf *out)
{
    bool neg =
        f.year < 0 || f.mon < 0 || f.mday < 0 || f.hour < 0 || f.min < 0 || f.sec < 0 || f.fsec < 0;
    bool pos =
        f.year > 0 || f.mon > 0 || f.mday > 0 || f.hour > 0 || f.min > 0 || f.sec > 0 || f.fsec > 0;
    bool ym = f.year || f.mon, dt = f.mday || f.hour || f.min || f.sec || f.fsec;
    bool standard = !(neg && pos) && !(ym && dt);
    if (neg && standard) {
        lg_buf_putc(out, '-');
        f = (iv_fields_t){-f.year, -f.mon, -f.mday, -f.hour, -f.min, -f.sec, -f.fsec};
    }
    if (!neg && !pos) {
        lg_buf_printf(out, "0");
        return;
    }
    if (!standard) {
        char ys = f.year < 0 || f.mon < 0 ? '-' : '+', ds = f.mday < 0 ? '-' : '+';
        char ss = f.hour < 0 || f.min < 0 || f.sec < 0 || f.fsec < 0 ? '-' : '+';
        lg_buf_printf(out, "%c%d-%d %c%d %c%lld:%02d:", ys, abs(f.year), abs(f.mon), ds,
                      abs(f.mday), ss, f.hour < 0 ? -f.hour : f.hour, abs(f.min));
        put_seconds(out, f.sec, f.fsec, true);
    } else if (ym) {
        lg_buf_printf(out, "%d-%d", f.year, f.mon);
    } else {
        if (f.mday)
            lg_buf_printf(out, "%d ", f.mday);
        lg_buf_printf(out, "%lld:%02d:", f.hour, f.min);
        put_seconds(out, f.sec, f.fsec, true);
    }
}

static void iso_part(struct lg_buf *out, long long v, char unit)
{
    if (v)
        lg_buf_printf(out, "%lld%c", v, unit);
}

static void format_iso_8601(const iv_fields_t *f, struct lg_buf *out)
{
    if (!f->year && !f->mon && !f->mday && !f->hour && !f->min && !f->sec && !f->fsec) {
        lg_buf_printf(out, "PT0S");
        return;
    }
    lg_buf_putc(out, 'P');
    iso_part(out, f->year, 'Y');
    iso_part(out, f->mon, 'M');
    iso_part(out, f->mday, 'D');
    if (f->hour || f->min || f->sec || f->fsec)
        lg_buf_putc(out, 'T');
    iso_part(out, f->hour, 'H');
    iso_part(out, f->min, 'M');
    if (f->sec || f->fsec) {
        if (f->sec < 0 || f->fsec < 0)
            lg_buf_putc(out, '-');
        put_seconds(out, f->sec, f->fsec, false);
        lg_buf_putc(out, 'S');
    }
}

static void verbose_part(struct lg_buf *out, long long v, const char *unit, bool *zero,
                         bool *before)
{
    if (!v)
        return;
    if (*zero) {
        *before = v < 0;
        v = v < 0 ? -v : v;
    } else if (*before) {
        v = -v;
    }
    lg_buf_printf(out, " %lld %s%s", v, unit, v == 1 ? "" : "s");
    *zero = false;
}

static void format_verbose(const iv_fields_t *f, struct lg_buf *out)
{
    bool zero = true, before = false;
    lg_buf_putc(out, '@');
    verbose_part(out, f->year, "year", &zero, &before);
    verbose_part(out, f->mon, "mon", &zero, &before);
    verbose_part(out, f->mday, "day", &zero, &before);
    verbose_part(out, f->hour, "hour", &zero, &before);
    verbose_part(out, f->min, "min", &zero, &before);
    if (f->sec || f->fsec) {
        lg_buf_putc(out, ' ');
        if (f->sec < 0 || (f->sec == 0 && f->fsec < 0)) {
            if (zero)
                before = true;
            else if (!before)
                lg_buf_putc(out, '-');
        } else if (before) {
            lg_buf_putc(out, '-');
        }
        put_seconds(out, f->sec, f->fsec, false);
        lg_buf_printf(out, " sec%s", (abs(f->sec) != 1 || f->fsec) ? "s" : "");
        zero = false;
    }
    if (zero)
        lg_buf_printf(out, " 0");
    if (before)
        lg_buf_printf(out, " ago");
}

void pgtime_format_interval_styled(const pgtime_interval_t *iv, struct lg_buf *out)
{
    pgstyle_interval_t style = pgstyle_get()->interval;
    if (style == PGSTYLE_IV_POSTGRES) {
        pgtime_format_interval(iv, out);
        return;
    }
    iv_fields_t f;
    iv_split(iv, &f);
    if (style == PGSTYLE_IV_SQL_STANDARD)
        format_sql_standard(f, out);
    else if (style == PGSTYLE_IV_ISO_8601)
        format_iso_8601(&f, out);
    else
        format_verbose(&f, out);
}

void pgtime_format_interval(const pgtime_interval_t *iv, struct lg_buf *out)
{
    bool zero = true;
    bool neg = false;
    put_part(out, iv->months / 12, "year", &zero, &neg);
    put_part(out, iv->months % 12, "mon", &zero, &neg);
    put_part(out, iv->days, "day", &zero, &neg);
    if (!zero && iv->usec == 0)
        return;
    bool minus = iv->usec < 0;
    uint64_t t = minus ? (uint64_t)0 - (uint64_t)iv->usec : (uint64_t)iv->usec;
    uint64_t h = t / UINT64_C(3600000000);
    t -= h * UINT64_C(3600000000);
    uint64_t m = t / 60000000;
    t -= m * 60000000;
    lg_buf_printf(out, "%s%s%02llu:%02llu:%02llu", zero ? "" : " ", minus ? "-" : (neg ? "+" : ""),
                  (unsigned long long)h, (unsigned long long)m, (unsigned long long)(t / 1000000));
    unsigned frac = (unsigned)(t % 1000000);
    if (frac) {
        char f[8];
        for (int k = 5; k >= 0; k--, frac /= 10)
            f[k] = (char)('0' + frac % 10);
        int len = 6;
        while (f[len - 1] == '0')
            len--;
        lg_buf_putc(out, '.');
        lg_buf_append(out, f, (size_t)len);
    }
}

static bool add_months_days(pgtime_tm_t *tm, int32_t months, int32_t days)
{
    if (months != 0) {
        int64_t m = (int64_t)tm->year * 12 + (tm->mon - 1) + months;
        tm->year = (int)(m >= 0 ? m / 12 : -((-m + 11) / 12));
        tm->mon = (int)(m - (int64_t)tm->year * 12) + 1;
        int dim = pgtime_days_in_month(tm->year, tm->mon);
        if (tm->mday > dim)
            tm->mday = dim;
    }
    if (days != 0) {
        int32_t d = pgtime_date_from_ymd(tm->year, tm->mon, tm->mday) + days;
        pgtime_date_to_ymd(d, &tm->year, &tm->mon, &tm->mday);
    }
    return true;
}

bool pgtime_ts_add_interval(int64_t ts, const pgtime_interval_t *iv, const pgtime_zone_t *z,
                            int64_t *out)
{
    if (ts == PGTIME_NOBEGIN || ts == PGTIME_NOEND) {
        *out = ts;
        return true;
    }
    if (iv->months != 0 || iv->days != 0) {
        pgtime_tm_t tm;
        if (z)
            pgtime_ts_to_local(ts, z, &tm);
        else
            pgtime_ts_to_tm(ts, &tm);
        add_months_days(&tm, iv->months, iv->days);
        int64_t local;
        if (!pgtime_tm_to_ts(&tm, &local))
            return false;
        ts = z ? local - pgtime_zone_offset_local(z, local) * PGTIME_USEC_PER_SEC : local;
    }
    if (__builtin_add_overflow(ts, iv->usec, out))
        return false;
    return true;
}

void pgtime_ts_diff(int64_t a, int64_t b, pgtime_interval_t *out)
{
    int64_t t = a - b;
    int64_t days = t / PGTIME_USEC_PER_DAY;
    t -= days * PGTIME_USEC_PER_DAY;
    if (days > 0 && t < 0) {
        t += PGTIME_USEC_PER_DAY;
        days--;
    } else if (days < 0 && t > 0) {
        t -= PGTIME_USEC_PER_DAY;
        days++;
    }
    out->months = 0;
    out->days = (int32_t)days;
    out->usec = t;
}

__extension__ typedef __int128 i128_t;

int pgtime_interval_cmp(const pgtime_interval_t *a, const pgtime_interval_t *b)
{
    i128_t ka = ((i128_t)a->months * 30 + a->days) * PGTIME_USEC_PER_DAY + a->usec;
    i128_t kb = ((i128_t)b->months * 30 + b->days) * PGTIME_USEC_PER_DAY + b->usec;
    return ka < kb ? -1 : (ka > kb ? 1 : 0);
}
