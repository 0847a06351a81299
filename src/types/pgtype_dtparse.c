/* pgtype_dtparse.c - PostgreSQL date/time text input (field order from DateStyle).
 *
 * Accepted: ISO dates 'YYYY-MM-DD' and 'YYYYMMDD', 'MM/DD/YYYY' and 'MM-DD-YYYY' (MDY),
 * month names ('Jan 2 2026', '2 January 2026', '2026-Jan-02'), 'BC'/'AD', a time
 * 'HH:MM[:SS[.frac]]' with optional AM/PM, a 'T' separator, a zone (Z, +HH, +HHMM,
 * +HH:MM[:SS], UTC/GMT, common abbreviations, IANA names) and the specials now, today,
 * tomorrow, yesterday, epoch, infinity, -infinity, allballs. The text is split into
 * fields first, then the fields are interpreted; anything left over is a syntax error. */
#include "pgtype_style.h"
#include "pgtype_time.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FIELDS 16

enum { F_NUM, F_DATE, F_TIME, F_WORD, F_ZONE_OFF, F_SIGNNUM };

typedef struct field {
    int kind;
    const char *s;
    size_t n;
} field_t;

enum { SP_NONE, SP_NOW, SP_TODAY, SP_TOMORROW, SP_YESTERDAY, SP_EPOCH, SP_INF, SP_NINF };

typedef struct dt {
    bool has_date, has_time, has_zone, bc, pm, am;
    int y, m, d;
    int nnum; /* loose numbers seen next to a month name */
    int64_t t;
    int zone_off; /* seconds east */
    const pgtime_zone_t *zone;
    int special;
} dt_t;

static const char *const k_months[12] = {"january",   "february", "march",    "april",
                                         "may",       "june",     "july",     "august",
                                         "september", "october",  "november", "december"};

static const struct {
    const char *name;
    int off;
} k_abbrevs[] = {
    {"utc", 0},          {"gmt", 0},          {"z", 0},
    {"zulu", 0},         {"ut", 0},           {"est", -5 * 3600},
    {"edt", -4 * 3600},  {"cst", -6 * 3600},  {"cdt", -5 * 3600},
    {"mst", -7 * 3600},  {"mdt", -6 * 3600},  {"pst", -8 * 3600},
    {"pdt", -7 * 3600},  {"akst", -9 * 3600}, {"akdt", -8 * 3600},
    {"hst", -10 * 3600}, {"cet", 3600},       {"cest", 7200},
    {"eet", 7200},       {"eest", 10800},     {"wet", 0},
    {"west", 3600},      {"bst", 3600},       {"ist", 7200},
    {"msk", 10800},      {"jst", 9 * 3600},   {"kst", 9 * 3600},
    {"aest", 10 * 3600}, {"aedt", 11 * 3600}, {"nzst", 12 * 3600},
    {"nzdt", 13 * 3600},
};

static bool word_is(const field_t *f, const char *w)
{
    return strlen(w) == f->n && strncasecmp(f->s, w, f->n) == 0;
}

static int month_of(const char *s, size_t n)
{
    if (n < 3)
        return 0;
    if (n == 4 && strncasecmp(s, "sept", 4) == 0)
        return 9;
    for (int i = 0; i < 12; i++)
        if (n <= strlen(k_months[i]) && strncasecmp(s, k_months[i], n) == 0 &&
            (n == 3 || n == strlen(k_months[i])))
            return i + 1;
    return 0;
}

static bool is_dow(const field_t *f)
{
    static const char *const k_days[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                          "thursday", "friday", "saturday"};
    for (int i = 0; i < 7; i++)
        if ((f->n == 3 || f->n == strlen(k_days[i])) && strncasecmp(f->s, k_days[i], f->n) == 0)
            return true;
    return false;
}

/* Splits s into fields; returns the count or -1. */
static int tokenize(const char *s, size_t n, field_t *f)
{
    size_t i = 0;
    int nf = 0;
    while (i < n) {
        char c = s[i];
        if (isspace((unsigned char)c) || c == ',') {
            i++;
            continue;
        }
        if (nf == MAX_FIELDS)
            return -1;
        size_t st = i;
        if (isdigit((unsigned char)c)) {
            while (i < n && isdigit((unsigned char)s[i]))
                i++;
            if (i < n && s[i] == ':') {
                while (i < n && (isdigit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.'))
                    i++;
                f[nf++] = (field_t){F_TIME, s + st, i - st};
            } else if (i + 1 < n && (s[i] == '-' || s[i] == '/' || s[i] == '.') &&
                       isalnum((unsigned char)s[i + 1])) {
                i++;
                while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '/' ||
                                 s[i] == '.')) {
                    if ((s[i] == 'T' || s[i] == 't') && i + 1 < n &&
                        isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i - 1]))
                        break;
                    i++;
                }
                f[nf++] = (field_t){F_DATE, s + st, i - st};
            } else {
                if (i < n && s[i] == '.')
                    for (i++; i < n && isdigit((unsigned char)s[i]);)
                        i++;
                f[nf++] = (field_t){F_NUM, s + st, i - st};
            }
        } else if (isalpha((unsigned char)c)) {
            while (i < n && (isalpha((unsigned char)s[i]) || s[i] == '_'))
                i++;
            if (i < n && s[i] == '/') {
                while (i < n && (isalnum((unsigned char)s[i]) || strchr("/_+-", s[i])))
                    i++;
            } else if (i - st == 1 && (c == 'T' || c == 't') && i < n &&
                       isdigit((unsigned char)s[i])) {
                continue; /* ISO 'T' separator */
            }
            if (i < n && s[i] == '.')
                i++; /* "Jan." */
            f[nf++] = (field_t){F_WORD, s + st, i - st};
        } else if ((c == '+' || c == '-') && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
            i++;
            while (i < n && (isdigit((unsigned char)s[i]) || s[i] == ':'))
                i++;
            f[nf++] = (field_t){F_ZONE_OFF, s + st, i - st};
        } else if (c == '-' && i + 1 < n && isalpha((unsigned char)s[i + 1])) {
            i++;
            while (i < n && isalpha((unsigned char)s[i]))
                i++;
            f[nf++] = (field_t){F_WORD, s + st, i - st};
        } else {
            return -1;
        }
    }
    return nf;
}

static bool parse_uint(const char *s, size_t n, int *v)
{
    if (n == 0 || n > 9)
        return false;
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

/* 'HH:MM[:SS[.frac]]' -> usec; hours up to 24 (24:00:00 allowed). */
static int parse_time_field(const char *s, size_t n, int64_t *out)
{
    int v[3] = {0, 0, 0};
    int nv = 0;
    size_t i = 0;
    int64_t frac = 0;
    while (i < n && nv < 3) {
        size_t st = i;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        if (!parse_uint(s + st, i - st, &v[nv++]))
            return PGTIME_BAD_FORMAT;
        if (i < n && s[i] == ':')
            i++;
        else
            break;
    }
    if (i < n && s[i] == '.' && nv >= 2) {
        int nd = 0;
        for (i++; i < n && isdigit((unsigned char)s[i]); i++, nd++) {
            if (nd < 6)
                frac = frac * 10 + (s[i] - '0');
            else if (nd == 6 && s[i] >= '5')
                frac++; /* rounds on the 7th digit; 999999.5 carries into seconds */
        }
        for (; nd < 6; nd++)
            frac *= 10;
    }
    if (i != n || nv < 2)
        return PGTIME_BAD_FORMAT;
    if (v[0] > 24 || v[1] > 59 || v[2] > 60)
        return PGTIME_BAD_FIELD;
    int64_t t = ((int64_t)v[0] * 3600 + v[1] * 60 + v[2]) * PGTIME_USEC_PER_SEC + frac;
    if (t > PGTIME_USEC_PER_DAY)
        return PGTIME_BAD_FIELD;
    *out = t;
    return PGTIME_OK;
}

/* '+HH', '+HHMM', '+HH:MM[:SS]' -> seconds east. */
static int parse_offset(const char *s, size_t n, int *off)
{
    int sign = s[0] == '-' ? -1 : 1;
    int h = 0, m = 0, sec = 0;
    const char *p = s + 1;
    size_t rest = n - 1;
    const char *colon = memchr(p, ':', rest);
    if (colon) {
        int64_t t;
        if (parse_time_field(p, rest, &t) != PGTIME_OK &&
            !(parse_uint(p, (size_t)(colon - p), &h) &&
              parse_uint(colon + 1, rest - (size_t)(colon - p) - 1, &m)))
            return PGTIME_BAD_FORMAT;
        if (parse_time_field(p, rest, &t) == PGTIME_OK)
            sec = (int)(t / PGTIME_USEC_PER_SEC);
        else
            sec = h * 3600 + m * 60;
    } else if (rest <= 2) {
        if (!parse_uint(p, rest, &h))
            return PGTIME_BAD_FORMAT;
        sec = h * 3600;
    } else if (rest == 4) {
        if (!parse_uint(p, 2, &h) || !parse_uint(p + 2, 2, &m))
            return PGTIME_BAD_FORMAT;
        sec = h * 3600 + m * 60;
    } else {
        return PGTIME_BAD_FORMAT;
    }
    if (sec > 15 * 3600 + 59 * 60)
        return PGTIME_BAD_FIELD;
    *off = sign * sec;
    return PGTIME_OK;
}

static int set_ymd(dt_t *dt, int y, int m, int d)
{
    if (dt->has_date)
        return PGTIME_BAD_FORMAT;
    dt->has_date = true;
    dt->y = y;
    dt->m = m;
    dt->d = d;
    return PGTIME_OK;
}

/* '2026-01-02', '01/02/2026', '2026-Jan-02', '2026.01.02'. */
static int parse_date_field(dt_t *dt, const field_t *f)
{
    field_t part[3];
    int np = 0;
    size_t st = 0;
    for (size_t i = 0; i <= f->n; i++) {
        if (i == f->n || f->s[i] == '-' || f->s[i] == '/' || f->s[i] == '.') {
            if (np == 3)
                return PGTIME_BAD_FORMAT;
            part[np++] = (field_t){0, f->s + st, i - st};
            st = i + 1;
        }
    }
    if (np != 3)
        return PGTIME_BAD_FORMAT;
    int v[3];
    int mon_at = -1;
    for (int k = 0; k < 3; k++) {
        if (!parse_uint(part[k].s, part[k].n, &v[k])) {
            v[k] = month_of(part[k].s, part[k].n);
            if (v[k] == 0 || mon_at >= 0)
                return PGTIME_BAD_FORMAT;
            mon_at = k;
        }
    }
    int yi = (part[0].n >= 3 && mon_at != 0) || (mon_at < 0 && pgstyle_get()->order == PGSTYLE_YMD)
                 ? 0
                 : 2;
    if (part[yi].n == 2) /* two-digit years: the nearest to 2020 (1970..2069) */
        v[yi] += v[yi] < 70 ? 2000 : 1900;
    if (part[0].n >= 3 && mon_at != 0) /* year first */
        return set_ymd(dt, v[0], v[1], v[2]);
    if (mon_at == 0) /* Jan-02-2026 */
        return set_ymd(dt, v[2], v[0], v[1]);
    if (mon_at == 1) /* 02-Jan-2026 */
        return set_ymd(dt, v[2], v[1], v[0]);
    switch (pgstyle_get()->order) { /* all numeric: DateStyle's field order */
    case PGSTYLE_DMY:
        return set_ymd(dt, v[2], v[1], v[0]);
    case PGSTYLE_YMD:
        return set_ymd(dt, v[0], v[1], v[2]);
    default:
        return set_ymd(dt, v[2], v[0], v[1]);
    }
}

static int apply_number(dt_t *dt, const field_t *f)
{
    int v;
    const char *dot = memchr(f->s, '.', f->n);
    if (dot)
        return PGTIME_BAD_FORMAT;
    if (!dt->has_date && dt->m == 0 && f->n == 8 && parse_uint(f->s, 8, &v))
        return set_ymd(dt, v / 10000, (v / 100) % 100, v % 100);
    if (dt->has_date && !dt->has_time && f->n == 6 && parse_uint(f->s, 6, &v)) {
        dt->has_time = true;
        dt->t =
            ((int64_t)(v / 10000) * 3600 + (v / 100) % 100 * 60 + v % 100) * PGTIME_USEC_PER_SEC;
        return PGTIME_OK;
    }
    if (!parse_uint(f->s, f->n, &v))
        return PGTIME_BAD_FORMAT;
    /* loose numbers around a month name: day first unless it looks like a year */
    if (dt->has_date && dt->m != 0 && dt->d == 0 && f->n <= 2) {
        dt->d = v;
        return PGTIME_OK;
    }
    if (dt->has_date && dt->m != 0 && dt->y == INT32_MIN) {
        dt->y = v;
        return PGTIME_OK;
    }
    if (!dt->has_date && dt->nnum < 2) {
        /* number before a month name: remember in y/d */
        if (f->n <= 2 && dt->d == 0)
            dt->d = v;
        else
            dt->y = v;
        dt->nnum++;
        return PGTIME_OK;
    }
    return PGTIME_BAD_FORMAT;
}

static int apply_month(dt_t *dt, int mon)
{
    if (dt->has_date)
        return PGTIME_BAD_FORMAT;
    int d = dt->d;
    int y = dt->nnum > 0 && dt->y != 0 ? dt->y : INT32_MIN;
    dt->has_date = true;
    dt->m = mon;
    dt->d = d;
    dt->y = y;
    return PGTIME_OK;
}

static int apply_word(dt_t *dt, const field_t *f)
{
    static const struct {
        const char *w;
        int sp;
    } k_special[] = {{"now", SP_NOW},           {"today", SP_TODAY},
                     {"tomorrow", SP_TOMORROW}, {"yesterday", SP_YESTERDAY},
                     {"epoch", SP_EPOCH},       {"infinity", SP_INF},
                     {"+infinity", SP_INF},     {"-infinity", SP_NINF}};
    for (size_t i = 0; i < sizeof(k_special) / sizeof(k_special[0]); i++)
        if (word_is(f, k_special[i].w)) {
            dt->special = k_special[i].sp;
            return PGTIME_OK;
        }
    if (word_is(f, "allballs")) {
        dt->has_time = true;
        dt->t = 0;
        return PGTIME_OK;
    }
    if (word_is(f, "am") || word_is(f, "a.m.") || word_is(f, "pm") || word_is(f, "p.m.")) {
        if (f->s[0] == 'p' || f->s[0] == 'P')
            dt->pm = true;
        else
            dt->am = true;
        return PGTIME_OK;
    }
    if (word_is(f, "bc") || word_is(f, "ad")) {
        dt->bc = word_is(f, "bc");
        return PGTIME_OK;
    }
    size_t n = f->n;
    if (n > 0 && f->s[n - 1] == '.')
        n--;
    int mon = month_of(f->s, n);
    if (mon && !memchr(f->s, '/', f->n))
        return apply_month(dt, mon);
    if (is_dow(f))
        return PGTIME_OK;
    for (size_t i = 0; i < sizeof(k_abbrevs) / sizeof(k_abbrevs[0]); i++)
        if (word_is(f, k_abbrevs[i].name)) {
            dt->has_zone = true;
            dt->zone_off = k_abbrevs[i].off;
            return PGTIME_OK;
        }
    char name[128];
    if (f->n >= sizeof(name))
        return PGTIME_BAD_FORMAT;
    memcpy(name, f->s, f->n);
    name[f->n] = '\0';
    dt->zone = pgtime_zone_find(name);
    if (!dt->zone)
        return memchr(f->s, '/', f->n) ? PGTIME_BAD_ZONE : PGTIME_BAD_FORMAT;
    dt->has_zone = true;
    return PGTIME_OK;
}

static int apply_field(dt_t *dt, const field_t *f)
{
    switch (f->kind) {
    case F_DATE:
        return parse_date_field(dt, f);
    case F_TIME:
        if (dt->has_time)
            return PGTIME_BAD_FORMAT;
        dt->has_time = true;
        return parse_time_field(f->s, f->n, &dt->t);
    case F_NUM:
        return apply_number(dt, f);
    case F_ZONE_OFF:
        if (dt->has_zone || (!dt->has_time && !dt->has_date))
            return PGTIME_BAD_FORMAT;
        dt->has_zone = true;
        return parse_offset(f->s, f->n, &dt->zone_off);
    default:
        return apply_word(dt, f);
    }
}

static int dt_parse(const char *s, size_t n, dt_t *dt)
{
    field_t f[MAX_FIELDS];
    memset(dt, 0, sizeof(*dt));
    int nf = tokenize(s, n, f);
    if (nf <= 0)
        return PGTIME_BAD_FORMAT;
    for (int i = 0; i < nf; i++) {
        int rc = apply_field(dt, &f[i]);
        if (rc != PGTIME_OK)
            return rc;
    }
    if (dt->special != SP_NONE)
        return nf == 1 || dt->special == SP_TODAY || dt->special == SP_TOMORROW ||
                       dt->special == SP_YESTERDAY
                   ? PGTIME_OK
                   : PGTIME_BAD_FORMAT;
    if (dt->has_date && (dt->y == INT32_MIN || dt->d == 0))
        return PGTIME_BAD_FORMAT;
    if (dt->am || dt->pm) {
        if (!dt->has_time || dt->t >= 13 * 3600 * PGTIME_USEC_PER_SEC)
            return PGTIME_BAD_FIELD;
        int64_t h12 = 12 * 3600 * PGTIME_USEC_PER_SEC;
        if (dt->am && dt->t >= h12)
            dt->t -= h12;
        else if (dt->pm && dt->t < h12)
            dt->t += h12;
    }
    if (dt->bc) {
        if (dt->y <= 0)
            return PGTIME_BAD_FIELD;
        dt->y = 1 - dt->y;
    }
    if (dt->has_date && !pgtime_ymd_valid(dt->y, dt->m, dt->d))
        return dt->m > 12 || dt->m < 1 ? PGTIME_BAD_MDY : PGTIME_BAD_FIELD;
    return PGTIME_OK;
}

/* Local midnight-based specials relative to now, as a local timestamp. */
static int64_t special_local(const dt_t *dt, int64_t now, const pgtime_zone_t *zone)
{
    int64_t local = now + pgtime_zone_offset_utc(zone, now, NULL) * PGTIME_USEC_PER_SEC;
    if (dt->special == SP_NOW)
        return local;
    int64_t day = local / PGTIME_USEC_PER_DAY - (local < 0 && local % PGTIME_USEC_PER_DAY);
    if (dt->special == SP_TOMORROW)
        day++;
    else if (dt->special == SP_YESTERDAY)
        day--;
    return day * PGTIME_USEC_PER_DAY + (dt->has_time ? dt->t : 0);
}

static int64_t now_or_clock(int64_t now)
{
    return now != 0 ? now : pgtime_now();
}

int pgtime_parse_date(const char *s, size_t n, int64_t now_usec, const pgtime_zone_t *zone,
                      int32_t *out)
{
    dt_t dt;
    int rc = dt_parse(s, n, &dt);
    if (rc != PGTIME_OK)
        return rc;
    if (dt.special == SP_INF || dt.special == SP_NINF) {
        *out = dt.special == SP_INF ? PGTIME_DATE_NOEND : PGTIME_DATE_NOBEGIN;
        return PGTIME_OK;
    }
    if (dt.special == SP_EPOCH) {
        *out = -PGTIME_UNIX_EPOCH_DAYS;
        return PGTIME_OK;
    }
    if (dt.special != SP_NONE) {
        int64_t local = special_local(&dt, now_or_clock(now_usec), zone);
        int64_t day = local / PGTIME_USEC_PER_DAY - (local < 0 && local % PGTIME_USEC_PER_DAY);
        *out = (int32_t)day;
        return PGTIME_OK;
    }
    if (!dt.has_date)
        return PGTIME_BAD_FORMAT;
    *out = pgtime_date_from_ymd(dt.y, dt.m, dt.d);
    return PGTIME_OK;
}

int pgtime_parse_time(const char *s, size_t n, int64_t *out)
{
    dt_t dt;
    int rc = dt_parse(s, n, &dt);
    if (rc != PGTIME_OK)
        return rc;
    if (dt.special != SP_NONE || !dt.has_time)
        return dt.special == SP_NOW ? PGTIME_BAD_FORMAT : PGTIME_BAD_FORMAT;
    *out = dt.t;
    return PGTIME_OK;
}

int pgtime_parse_timetz(const char *s, size_t n, int64_t now_usec, const pgtime_zone_t *zone,
                        int64_t *t, int *gmtoff)
{
    dt_t dt;
    int rc = dt_parse(s, n, &dt);
    if (rc != PGTIME_OK)
        return rc;
    if (dt.special != SP_NONE || !dt.has_time)
        return PGTIME_BAD_FORMAT;
    *t = dt.t;
    if (dt.has_zone && !dt.zone) {
        *gmtoff = dt.zone_off;
        return PGTIME_OK;
    }
    /* a zone name, or none (the session's): its offset on the given date, else today */
    const pgtime_zone_t *z = dt.has_zone ? dt.zone : zone;
    int64_t day;
    if (dt.has_date) {
        pgtime_tm_t tm = {.year = dt.y, .mon = dt.m, .mday = dt.d};
        if (!pgtime_tm_to_ts(&tm, &day))
            return PGTIME_BAD_FIELD;
    } else {
        int64_t now = now_or_clock(now_usec);
        now += pgtime_zone_offset_utc(z, now, NULL) * PGTIME_USEC_PER_SEC;
        day = now - (now % PGTIME_USEC_PER_DAY + PGTIME_USEC_PER_DAY) % PGTIME_USEC_PER_DAY;
    }
    *gmtoff = pgtime_zone_offset_local(z, day + dt.t);
    return PGTIME_OK;
}

/* Shared by timestamp and timestamptz; with_tz selects the zone handling. */
static int parse_ts(const char *s, size_t n, int64_t now, const pgtime_zone_t *zone, bool with_tz,
                    int64_t *out)
{
    dt_t dt;
    int rc = dt_parse(s, n, &dt);
    if (rc != PGTIME_OK)
        return rc;
    if (dt.special == SP_INF || dt.special == SP_NINF) {
        *out = dt.special == SP_INF ? PGTIME_NOEND : PGTIME_NOBEGIN;
        return PGTIME_OK;
    }
    if (dt.special == SP_EPOCH) {
        *out = -PGTIME_UNIX_EPOCH_USEC;
        return PGTIME_OK;
    }
    if (dt.special == SP_NOW && with_tz) {
        *out = now_or_clock(now);
        return PGTIME_OK;
    }
    int64_t local;
    if (dt.special != SP_NONE) {
        local = special_local(&dt, now_or_clock(now), zone);
    } else {
        if (!dt.has_date)
            return PGTIME_BAD_FORMAT;
        pgtime_tm_t tm = {.year = dt.y, .mon = dt.m, .mday = dt.d};
        if (!pgtime_tm_to_ts(&tm, &local))
            return PGTIME_BAD_FIELD;
        local += dt.has_time ? dt.t : 0;
    }
    if (!with_tz) {
        *out = local;
        return PGTIME_OK;
    }
    int off;
    if (dt.has_zone && dt.zone)
        off = pgtime_zone_offset_local(dt.zone, local);
    else if (dt.has_zone)
        off = dt.zone_off;
    else
        off = pgtime_zone_offset_local(zone, local);
    *out = local - off * PGTIME_USEC_PER_SEC;
    return PGTIME_OK;
}

int pgtime_parse_timestamp(const char *s, size_t n, int64_t now_usec, const pgtime_zone_t *zone,
                           int64_t *out)
{
    return parse_ts(s, n, now_usec, zone, false, out);
}

int pgtime_parse_timestamptz(const char *s, size_t n, int64_t now_usec, const pgtime_zone_t *zone,
                             int64_t *out)
{
    return parse_ts(s, n, now_usec, zone, true, out);
}
