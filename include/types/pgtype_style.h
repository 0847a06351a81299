/* pgtype_style.h - the DateStyle and IntervalStyle that date/time text input and output
 * follow on the calling thread (PostgreSQL session settings; exec sets them on the worker
 * for every job, before anything is parsed or printed). The default is PostgreSQL's:
 * ISO, MDY and postgres. Any thread; the state is per thread. */
#ifndef LG_TYPES_PGTYPE_STYLE_H
#define LG_TYPES_PGTYPE_STYLE_H
#include <stdint.h>

typedef enum {
    PGSTYLE_ISO = 0,
    PGSTYLE_SQL,
    PGSTYLE_POSTGRES,
    PGSTYLE_GERMAN,
} pgstyle_date_t;

typedef enum {
    PGSTYLE_MDY = 0,
    PGSTYLE_DMY,
    PGSTYLE_YMD,
} pgstyle_order_t;

typedef enum {
    PGSTYLE_IV_POSTGRES = 0,
    PGSTYLE_IV_POSTGRES_VERBOSE,
    PGSTYLE_IV_SQL_STANDARD,
    PGSTYLE_IV_ISO_8601,
} pgstyle_interval_t;

typedef struct pgstyle {
    pgstyle_date_t date;
    pgstyle_order_t order;
    pgstyle_interval_t interval;
} pgstyle_t;

/* From the settings as SHOW prints them ("SQL, DMY", "iso_8601"); unknown parts keep the
 * defaults. NULL strings are allowed. */
void pgstyle_parse(const char *datestyle, const char *intervalstyle, pgstyle_t *out);
void pgstyle_set(const pgstyle_t *st);
const pgstyle_t *pgstyle_get(void);

/* Client-facing output in the calling thread's style (pgtype_dtstyle.c, and
 * pgtype_interval.c for intervals). The plain pgtime_format_* functions of pgtype_time.h
 * always print the ISO / postgres form, which is also how values are stored. */
struct lg_buf;
struct pgtime_interval;
struct pgtime_zone;
void pgtime_format_date_styled(int32_t date, struct lg_buf *out);
void pgtime_format_timestamp_styled(int64_t ts, struct lg_buf *out);
void pgtime_format_timestamptz_styled(int64_t utc, const struct pgtime_zone *z, struct lg_buf *out);
void pgtime_format_interval_styled(const struct pgtime_interval *iv, struct lg_buf *out);

#endif
