/* pgtype_time.h - PostgreSQL date/time arithmetic, parsing, formatting and time zones
 * (any thread; pure apart from loading zone files once, under a lock).
 *
 * Representations follow PostgreSQL's: a timestamp is int64 microseconds since
 * 2000-01-01 00:00:00 (UTC for timestamptz), a date int32 days since 2000-01-01, a time
 * int64 microseconds since midnight. PGTIME_NOBEGIN / PGTIME_NOEND are -infinity /
 * infinity (for dates PGTIME_DATE_NOBEGIN / _NOEND). Years <= 0 are 1 BC, 2 BC...
 * (astronomical numbering internally).
 *
 * Time zones: IANA names read from /usr/share/zoneinfo (TZif v1-v3, POSIX footer rules for
 * times past the table), matched case-insensitively; otherwise a POSIX TZ string
 * ("EST5EDT", "UTC+3" = 3 hours WEST as POSIX says) or a bare numeric offset ("+05:30",
 * "-7"). Loaded zones are immutable and cached for the process (cap 1024). */
#ifndef LG_TYPES_PGTYPE_TIME_H
#define LG_TYPES_PGTYPE_TIME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lg_buf;

#define PGTIME_USEC_PER_SEC INT64_C(1000000)
#define PGTIME_USEC_PER_DAY INT64_C(86400000000)
#define PGTIME_NOBEGIN INT64_MIN
#define PGTIME_NOEND INT64_MAX
#define PGTIME_DATE_NOBEGIN INT32_MIN
#define PGTIME_DATE_NOEND INT32_MAX
/* Unix epoch minus PostgreSQL epoch, in days and usec. */
#define PGTIME_UNIX_EPOCH_DAYS 10957
#define PGTIME_UNIX_EPOCH_USEC (INT64_C(10957) * PGTIME_USEC_PER_DAY)

/* Parse results. */
enum {
    PGTIME_OK = 0,
    PGTIME_BAD_FORMAT = -1, /* 22007 invalid input syntax */
    PGTIME_BAD_FIELD = -2,  /* 22008 date/time field value out of range */
    PGTIME_BAD_ZONE = -3,   /* 22023 time zone "x" not recognized */
    PGTIME_BAD_MDY = -4,    /* 22008 as BAD_FIELD, for a month outside 1..12 (DateStyle hint) */
};

typedef struct pgtime_tm {
    int year; /* astronomical: 0 = 1 BC */
    int mon;  /* 1..12 */
    int mday; /* 1..31 */
    int hour;
    int min;
    int sec;
    int usec;
    int gmtoff;         /* seconds east of UTC (set by pgtime_ts_to_local) */
    const char *abbrev; /* zone abbreviation ("EST"), static/cached storage, or NULL */
} pgtime_tm_t;

typedef struct pgtime_interval {
    int64_t usec;
    int32_t days;
    int32_t months;
} pgtime_interval_t;

/* --- calendar (pgtype_datetime.c) --- */
int32_t pgtime_date_from_ymd(int year, int mon, int mday);
void pgtime_date_to_ymd(int32_t date, int *year, int *mon, int *mday);
bool pgtime_ymd_valid(int year, int mon, int mday);
int pgtime_days_in_month(int year, int mon);
/* 0 = Sunday .. 6 = Saturday. */
int pgtime_date_dow(int32_t date);
/* Fields of a finite timestamp, taken as-is (no zone). */
void pgtime_ts_to_tm(int64_t ts, pgtime_tm_t *tm);
/* Timestamp from fields; false on overflow. */
bool pgtime_tm_to_ts(const pgtime_tm_t *tm, int64_t *ts);
/* Current time as usec since 2000-01-01 UTC. */
int64_t pgtime_now(void);

/* --- zones (pgtype_tz.c) --- */
typedef struct pgtime_zone pgtime_zone_t;
/* Looks up a zone by name (NULL or "" = UTC); NULL when unknown. The result lives forever. */
const pgtime_zone_t *pgtime_zone_find(const char *name);
/* Offset east of UTC in seconds at UTC instant `utc` (usec since 2000), with abbreviation. */
int pgtime_zone_offset_utc(const pgtime_zone_t *z, int64_t utc, const char **abbrev);
/* Offset to subtract from local time `local` (PostgreSQL's rule for gaps and overlaps:
 * spring-forward gap uses the offset before the transition, fall-back overlap the one
 * after). */
int pgtime_zone_offset_local(const pgtime_zone_t *z, int64_t local);
/* PostgreSQL's name of the fixed zone `east` seconds east of UTC, "<+05:30>-05:30" (a POSIX
 * TZ string, as pg_tzset_offset names it); pgtime_zone_find reads it back. */
void pgtime_zone_offset_name(int east, char *out, size_t cap);
/* A TimeZone setting that is a bare number of hours east ("5.5", "-3"), renamed as above;
 * false when v is not such a number. */
bool pgtime_zone_hours_name(const char *v, char *out, size_t cap);
/* UTC timestamp -> local fields (sets gmtoff/abbrev). */
void pgtime_ts_to_local(int64_t utc, const pgtime_zone_t *z, pgtime_tm_t *tm);

/* --- formatting (pgtype_datetime.c); infinite values print 'infinity'/'-infinity' --- */
void pgtime_format_date(int32_t date, struct lg_buf *out);
void pgtime_format_time(int64_t t, struct lg_buf *out);
void pgtime_format_timestamp(int64_t ts, struct lg_buf *out);
/* In zone z (NULL = UTC): '2026-01-02 03:04:05.5+01'. */
void pgtime_format_timestamptz(int64_t utc, const pgtime_zone_t *z, struct lg_buf *out);
/* Offset as PostgreSQL appends it: +01, -05:30, +00:19:32. */
void pgtime_format_offset(int gmtoff, struct lg_buf *out);
void pgtime_format_interval(const pgtime_interval_t *iv, struct lg_buf *out);

/* --- parsing (pgtype_dtparse.c); `s` need not be NUL-terminated --- */
/* now_usec: value of 'now' (0 = clock); zone: session zone for timestamptz without an
 * explicit offset. */
int pgtime_parse_date(const char *s, size_t n, int64_t now_usec, const pgtime_zone_t *zone,
                      int32_t *out);
int pgtime_parse_time(const char *s, size_t n, int64_t *out);
int pgtime_parse_timestamp(const char *s, size_t n, int64_t now_usec, const pgtime_zone_t *zone,
                           int64_t *out);
int pgtime_parse_timestamptz(const char *s, size_t n, int64_t now_usec,
                             const pgtime_zone_t *zone, int64_t *out);
int pgtime_parse_interval(const char *s, size_t n, pgtime_interval_t *out);
/* time with time zone: the time of day and its offset east of UTC (written, or the zone's
 * on the value's date or today: the session zone when none is given). */
int pgtime_parse_timetz(const char *s, size_t n, int64_t now_usec, const pgtime_zone_t *zone,
                        int64_t *t, int *gmtoff);
/* Rounds a time/timestamp to typmod fractional digits (0..6; -1 = none). */
int64_t pgtime_round_precision(int64_t usec, int32_t typmod);

/* --- arithmetic helpers (pgtype_interval.c) --- */
/* ts + interval (months first, then days, then usec), in zone z for timestamptz (NULL
 * for plain timestamp). false on overflow. */
bool pgtime_ts_add_interval(int64_t ts, const pgtime_interval_t *iv, const pgtime_zone_t *z,
                            int64_t *out);
/* a - b as PostgreSQL's timestamp_mi: days + time, justified into days/hh:mm:ss. */
void pgtime_ts_diff(int64_t a, int64_t b, pgtime_interval_t *out);
/* Comparable 128-bit-ish key: months*30 days + days, usec (PostgreSQL interval_cmp). */
int pgtime_interval_cmp(const pgtime_interval_t *a, const pgtime_interval_t *b);

#endif
