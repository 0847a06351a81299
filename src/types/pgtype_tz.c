/* pgtype_tz.c - time zones: TZif files from /usr/share/zoneinfo, POSIX TZ rules, offsets.
 *
 * TZif (RFC 8536): a 44-byte header ("TZif", version, 15 reserved, six big-endian u32
 * counts isutcnt isstdcnt leapcnt timecnt typecnt charcnt), a v1 data block with 32-bit
 * times, then for version >= 2 a second header and block with 64-bit times, then a footer
 * "\n<POSIX TZ string>\n" that governs instants after the last transition. We read the
 * 64-bit block and the footer (v1-only files: the 32-bit block).
 *
 * Zones are loaded once, never changed after being published, and cached under a mutex
 * (cap ZONE_CACHE_MAX); lookups may run on any thread at once. No setenv("TZ")/tzset(). */
#include "pgtype_time.h"
#include "lg_alloc.h"
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ZONE_DIR "/usr/share/zoneinfo"
#define ZONE_CACHE_MAX 1024
#define ZONE_NAME_MAX 128
#define ZONE_FILE_MAX (512 * 1024)

typedef struct posix_date {
    char kind; /* 'J' julian 1..365 no leap, 'D' zero-based day, 'M' month.week.dow */
    int a;     /* J/D day, or M month */
    int week;
    int dow;
    int secs; /* local time of day of the change */
} posix_date_t;

typedef struct posix_rule {
    char std_abbr[16];
    char dst_abbr[16];
    int std_off; /* seconds EAST of UTC */
    int dst_off;
    bool has_dst;
    posix_date_t start;
    posix_date_t end;
} posix_rule_t;

typedef struct zone_type {
    int32_t off;
    bool isdst;
    uint8_t abbr;
} zone_type_t;

struct pgtime_zone {
    char name[ZONE_NAME_MAX];
    int ntrans;
    int64_t *trans; /* unix seconds */
    uint8_t *idx;
    int ntypes;
    zone_type_t types[256];
    char abbrs[256];
    bool has_rule;
    posix_rule_t rule;
};

static pthread_mutex_t g_zone_lock = PTHREAD_MUTEX_INITIALIZER;
static pgtime_zone_t *g_zones[ZONE_CACHE_MAX];
static int g_nzones;
static pgtime_zone_t g_utc = {.name = "UTC", .has_rule = true,
                              .rule = {.std_abbr = "UTC", .std_off = 0}};

/* ---- POSIX TZ strings ---- */

static const char *parse_abbr(const char *p, char *dst, size_t cap)
{
    size_t n = 0;
    if (*p == '<') {
        p++;
        while (*p && *p != '>' && n + 1 < cap)
            dst[n++] = *p++;
        if (*p != '>')
            return NULL;
        p++;
    } else {
        while (isalpha((unsigned char)*p) && n + 1 < cap)
            dst[n++] = *p++;
    }
    dst[n] = '\0';
    return n >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] -> seconds (sign as written). */
static const char *parse_hms(const char *p, int *secs)
{
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = (*p++ == '-') ? -1 : 1;
    if (!isdigit((unsigned char)*p))
        return NULL;
    int v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (*p != ':')
                break;
            p++;
        }
        if (!isdigit((unsigned char)*p))
            return NULL;
        while (isdigit((unsigned char)*p) && v[i] < 1000)
            v[i] = v[i] * 10 + (*p++ - '0');
    }
    *secs = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
    return p;
}

static const char *parse_num(const char *p, int *v)
{
    if (!isdigit((unsigned char)*p))
        return NULL;
    *v = 0;
    while (isdigit((unsigned char)*p) && *v < 10000)
        *v = *v * 10 + (*p++ - '0');
    return p;
}

static const char *parse_pdate(const char *p, posix_date_t *d)
{
    d->secs = 7200;
    if (*p == 'J') {
        d->kind = 'J';
        p = parse_num(p + 1, &d->a);
    } else if (*p == 'M') {
        d->kind = 'M';
        p = parse_num(p + 1, &d->a);
        if (p && *p == '.')
            p = parse_num(p + 1, &d->week);
        else
            p = NULL;
        if (p && *p == '.')
            p = parse_num(p + 1, &d->dow);
        else
            p = NULL;
    } else {
        d->kind = 'D';
        p = parse_num(p, &d->a);
    }
    if (p && *p == '/')
        p = parse_hms(p + 1, &d->secs);
    return p;
}

static bool parse_posix(const char *p, posix_rule_t *r)
{
    int off;
    memset(r, 0, sizeof(*r));
    p = parse_abbr(p, r->std_abbr, sizeof(r->std_abbr));
    if (!p || !(p = parse_hms(p, &off)))
        return false;
    r->std_off = -off;
    if (*p == '\0')
        return true;
    p = parse_abbr(p, r->dst_abbr, sizeof(r->dst_abbr));
    if (!p)
        return false;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = parse_hms(p, &off)))
            return false;
        r->dst_off = -off;
    }
    if (*p == '\0') {
        r->start = (posix_date_t){'M', 3, 2, 0, 7200};
        r->end = (posix_date_t){'M', 11, 1, 0, 7200};
        return true;
    }
    if (*p != ',' || !(p = parse_pdate(p + 1, &r->start)))
        return false;
    if (*p != ',' || !(p = parse_pdate(p + 1, &r->end)))
        return false;
    return *p == '\0';
}

/* Day (since 2000-01-01) a POSIX date falls on in `year`. */
static int32_t pdate_day(const posix_date_t *d, int year)
{
    int32_t jan1 = pgtime_date_from_ymd(year, 1, 1);
    if (d->kind == 'J') {
        int32_t day = jan1 + d->a - 1;
        if (pgtime_days_in_month(year, 2) == 29 && d->a >= 60)
            day++;
        return day;
    }
    if (d->kind == 'D')
        return jan1 + d->a;
    int mon = d->a < 1 ? 1 : (d->a > 12 ? 12 : d->a);
    int32_t first = pgtime_date_from_ymd(year, mon, 1);
    int32_t day = first + ((d->dow - pgtime_date_dow(first)) + 7) % 7;
    int week = d->week < 1 ? 1 : d->week;
    day += 7 * (week - 1);
    int32_t last = first + pgtime_days_in_month(year, mon) - 1;
    while (day > last)
        day -= 7;
    return day;
}

static int rule_offset(const posix_rule_t *r, int64_t unix_secs, const char **abbrev)
{
    if (!r->has_dst) {
        *abbrev = r->std_abbr;
        return r->std_off;
    }
    int64_t local_days = (unix_secs + r->std_off) / 86400 - PGTIME_UNIX_EPOCH_DAYS;
    int y;
    int m;
    int d;
    pgtime_date_to_ymd((int32_t)local_days, &y, &m, &d);
    int64_t epoch = (int64_t)PGTIME_UNIX_EPOCH_DAYS * 86400;
    int64_t start = (int64_t)pdate_day(&r->start, y) * 86400 + epoch + r->start.secs - r->std_off;
    int64_t end = (int64_t)pdate_day(&r->end, y) * 86400 + epoch + r->end.secs - r->dst_off;
    bool dst = start < end ? (unix_secs >= start && unix_secs < end)
                           : !(unix_secs >= end && unix_secs < start);
    *abbrev = dst ? r->dst_abbr : r->std_abbr;
    return dst ? r->dst_off : r->std_off;
}

/* ---- TZif ---- */

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static int64_t be64(const uint8_t *p)
{
    return (int64_t)(((uint64_t)be32(p) << 32) | be32(p + 4));
}

/* Parses one data block; returns bytes consumed or 0 when malformed. */
static size_t tzif_block(const uint8_t *p, size_t n, int tsize, pgtime_zone_t *z)
{
    if (n < 44 || memcmp(p, "TZif", 4) != 0)
        return 0;
    uint32_t isut = be32(p + 20), isstd = be32(p + 24), leap = be32(p + 28);
    uint32_t timecnt = be32(p + 32), typecnt = be32(p + 36), charcnt = be32(p + 40);
    if (typecnt == 0 || typecnt > 256 || charcnt > 256 || timecnt > 100000)
        return 0;
    size_t need = 44 + (size_t)timecnt * (size_t)(tsize + 1) + typecnt * 6 + charcnt +
                  (size_t)leap * (size_t)(tsize + 4) + isstd + isut;
    if (need > n)
        return 0;
    const uint8_t *q = p + 44;
    z->ntrans = (int)timecnt;
    z->trans = lg_xcalloc(timecnt + 1, sizeof(int64_t));
    z->idx = lg_xcalloc(timecnt + 1, 1);
    for (uint32_t i = 0; i < timecnt; i++, q += tsize)
        z->trans[i] = tsize == 8 ? be64(q) : (int64_t)(int32_t)be32(q);
    for (uint32_t i = 0; i < timecnt; i++) {
        z->idx[i] = q[i] < typecnt ? q[i] : 0;
    }
    q += timecnt;
    z->ntypes = (int)typecnt;
    for (uint32_t i = 0; i < typecnt; i++, q += 6) {
        z->types[i].off = (int32_t)be32(q);
        z->types[i].isdst = q[4] != 0;
        z->types[i].abbr = q[5] < charcnt ? q[5] : 0;
    }
    memcpy(z->abbrs, q, charcnt);
    z->abbrs[charcnt < 256 ? charcnt : 255] = '\0';
    return need;
}

static bool tzif_parse(const uint8_t *p, size_t n, pgtime_zone_t *z)
{
    size_t used = tzif_block(p, n, 4, z);
    if (used == 0)
        return false;
    if (p[4] < '2')
        return true;
    free(z->trans);
    free(z->idx);
    z->trans = NULL;
    z->idx = NULL;
    size_t used2 = tzif_block(p + used, n - used, 8, z);
    if (used2 == 0)
        return false;
    const uint8_t *f = p + used + used2;
    size_t fn = n - used - used2;
    if (fn > 2 && f[0] == '\n') {
        char rule[128];
        size_t k = 0;
        for (size_t i = 1; i < fn && f[i] != '\n' && k + 1 < sizeof(rule); i++)
            rule[k++] = (char)f[i];
        rule[k] = '\0';
        z->has_rule = k > 0 && parse_posix(rule, &z->rule);
    }
    return true;
}

static bool name_is_safe(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= ZONE_NAME_MAX || name[0] == '/' || strstr(name, ".."))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c) && c != '/' && c != '_' && c != '-' && c != '+')
            return false;
    }
    return true;
}

/* Resolves `name` under ZONE_DIR component by component, ignoring case. */
static bool resolve_path(const char *name, char *path, size_t cap)
{
    int len = snprintf(path, cap, "%s", ZONE_DIR);
    const char *p = name;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t clen = slash ? (size_t)(slash - p) : strlen(p);
        DIR *dir = opendir(path);
        if (!dir)
            return false;
        struct dirent *de;
        bool found = false;
        while ((de = readdir(dir)) != NULL) {
            if (strlen(de->d_name) == clen && strncasecmp(de->d_name, p, clen) == 0) {
                len += snprintf(path + len, cap - (size_t)len, "/%s", de->d_name);
                found = (size_t)len < cap;
                break;
            }
        }
        closedir(dir);
        if (!found)
            return false;
        p += clen + (slash ? 1 : 0);
    }
    return true;
}

static pgtime_zone_t *zone_load_file(const char *name)
{
    char path[512];
    if (!name_is_safe(name) || !resolve_path(name, path, sizeof(path)))
        return NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = lg_xmalloc(ZONE_FILE_MAX);
    size_t n = fread(buf, 1, ZONE_FILE_MAX, f);
    fclose(f);
    pgtime_zone_t *z = lg_xcalloc(1, sizeof(*z));
    if (!tzif_parse(buf, n, z)) {
        free(z->trans);
        free(z->idx);
        free(z);
        z = NULL;
    }
    free(buf);
    return z;
}

/* A bare number is hours east of UTC ("-7", "5.5"), as PostgreSQL's SET TIME ZONE. */
static bool parse_numeric_zone(const char *name, posix_rule_t *r)
{
    char *end;
    double h = strtod(name, &end);
    if (end == name || *end != '\0' || h < -15 || h > 15)
        return false;
    memset(r, 0, sizeof(*r));
    r->std_off = (int)(h * 3600);
    snprintf(r->std_abbr, sizeof(r->std_abbr), "%s", name);
    return true;
}

static pgtime_zone_t *zone_load(const char *name)
{
    pgtime_zone_t *z = zone_load_file(name);
    if (z)
        return z;
    posix_rule_t r;
    if (!parse_numeric_zone(name, &r) && !parse_posix(name, &r))
        return NULL;
    z = lg_xcalloc(1, sizeof(*z));
    z->has_rule = true;
    z->rule = r;
    return z;
}

const pgtime_zone_t *pgtime_zone_find(const char *name)
{
    if (!name || !*name || strcasecmp(name, "UTC") == 0 || strcasecmp(name, "GMT") == 0 ||
        strcasecmp(name, "Z") == 0 || strcasecmp(name, "Etc/UTC") == 0)
        return &g_utc;
    if (strlen(name) >= ZONE_NAME_MAX)
        return NULL;
    pgtime_zone_t *found = NULL;
    pthread_mutex_lock(&g_zone_lock);
    for (int i = 0; i < g_nzones && !found; i++)
        if (strcmp(g_zones[i]->name, name) == 0)
            found = g_zones[i];
    if (!found && g_nzones < ZONE_CACHE_MAX) {
        found = zone_load(name);
        if (found) {
            snprintf(found->name, sizeof(found->name), "%s", name);
            g_zones[g_nzones++] = found;
        }
    }
    pthread_mutex_unlock(&g_zone_lock);
    return found;
}

void pgtime_zone_offset_name(int east, char *out, size_t cap)
{
    int a = east < 0 ? -east : east;
    char hms[32];
    int n = snprintf(hms, sizeof(hms), "%02d", a / 3600);
    if (a % 3600 != 0)
        n += snprintf(hms + n, sizeof(hms) - (size_t)n, ":%02d", a % 3600 / 60);
    if (a % 60 != 0)
        snprintf(hms + n, sizeof(hms) - (size_t)n, ":%02d", a % 60);
    snprintf(out, cap, east < 0 ? "<-%s>+%s" : "<+%s>-%s", hms, hms);
}

bool pgtime_zone_hours_name(const char *v, char *out, size_t cap)
{
    char *end;
    double h = strtod(v, &end);
    if (end == v || *end != '\0' || !(h > -1000 && h < 1000))
        return false;
    pgtime_zone_offset_name((int)(h * 3600), out, cap); /* truncated, as PostgreSQL */
    return true;
}

static int64_t floordiv64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int pgtime_zone_offset_utc(const pgtime_zone_t *z, int64_t utc, const char **abbrev)
{
    const char *dummy;
    if (!abbrev)
        abbrev = &dummy;
    if (!z)
        z = &g_utc;
    int64_t secs = floordiv64(utc, PGTIME_USEC_PER_SEC) + PGTIME_UNIX_EPOCH_DAYS * INT64_C(86400);
    if (z->ntrans == 0 || secs >= z->trans[z->ntrans - 1]) {
        if (z->has_rule)
            return rule_offset(&z->rule, secs, abbrev);
        if (z->ntypes == 0) {
            *abbrev = "UTC";
            return 0;
        }
    }
    int t;
    if (z->ntrans == 0 || secs < z->trans[0]) {
        t = 0; /* RFC 8536: type 0 before the first transition */
    } else {
        int lo = 0, hi = z->ntrans - 1; /* last transition <= secs */
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (z->trans[mid] <= secs)
                lo = mid;
            else
                hi = mid - 1;
        }
        t = z->idx[lo];
    }
    *abbrev = z->abbrs + z->types[t].abbr;
    return z->types[t].off;
}

int pgtime_zone_offset_local(const pgtime_zone_t *z, int64_t local)
{
    int64_t day = PGTIME_USEC_PER_DAY;
    int before = pgtime_zone_offset_utc(z, local - day, NULL);
    int after = pgtime_zone_offset_utc(z, local + day, NULL);
    bool ok_before = pgtime_zone_offset_utc(z, local - before * PGTIME_USEC_PER_SEC, NULL) ==
                     before;
    bool ok_after = pgtime_zone_offset_utc(z, local - after * PGTIME_USEC_PER_SEC, NULL) ==
                    after;
    if (ok_before && ok_after)
        return after; /* overlap: the later interpretation... of the offset after */
    if (ok_before)
        return before;
    if (ok_after)
        return after;
    return before; /* gap: the offset before the transition */
}

void pgtime_ts_to_local(int64_t utc, const pgtime_zone_t *z, pgtime_tm_t *tm)
{
    const char *abbrev = NULL;
    int off = pgtime_zone_offset_utc(z, utc, &abbrev);
    pgtime_ts_to_tm(utc + off * PGTIME_USEC_PER_SEC, tm);
    tm->gmtoff = off;
    tm->abbrev = abbrev;
}
