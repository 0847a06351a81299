/* pgtype_dtstyle.c - date and timestamp text output in the thread's DateStyle, as
 * PostgreSQL's EncodeDateOnly / EncodeDateTime print them:
 *
 *   ISO       2023-12-11            2023-12-11 10:00:01.5+00
 *   SQL       12/11/2023 (DMY 11/12/2023)   12/11/2023 10:00:01.5 UTC
 *   German    11.12.2023            11.12.2023 10:00:01.5 UTC
 *   Postgres  12-11-2023 (DMY 11-12-2023)   Mon Dec 11 10:00:01.5 2023 UTC
 *                                            (DMY: Mon 11 Dec 10:00:01.5 2023 UTC)
 *
 * Non-ISO styles name the zone by its abbreviation (a numeric offset when it has none).
 * Years are 4 digits at least, BC years get " BC". ISO goes to the plain pgtime_format_*
 * functions. Any thread. */
#include "pgtype_style.h"
#include "pgtype_time.h"
#include "lg_buf.h"
#include <stdbool.h>

static const char *const k_mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const k_dow[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

static int shown_year(int year)
{
    return year > 0 ? year : 1 - year;
}

static void put_date(const pgstyle_t *st, int year, int mon, int mday, struct lg_buf *out)
{
    bool dmy = st->order == PGSTYLE_DMY;
    int y = shown_year(year);
    if (st->date == PGSTYLE_SQL)
        lg_buf_printf(out, "%02d/%02d/%04d", dmy ? mday : mon, dmy ? mon : mday, y);
    else if (st->date == PGSTYLE_GERMAN)
        lg_buf_printf(out, "%02d.%02d.%04d", mday, mon, y);
    else
        lg_buf_printf(out, "%02d-%02d-%04d", dmy ? mday : mon, dmy ? mon : mday, y);
}

static void put_secs(const pgtime_tm_t *tm, struct lg_buf *out)
{
    lg_buf_printf(out, "%02d:%02d:%02d", tm->hour, tm->min, tm->sec);
    if (!tm->usec)
        return;
    char f[8];
    int u = tm->usec;
    for (int k = 5; k >= 0; k--, u /= 10)
        f[k] = (char)('0' + u % 10);
    int len = 6;
    while (f[len - 1] == '0')
        len--;
    lg_buf_putc(out, '.');
    lg_buf_append(out, f, (size_t)len);
}

static bool put_infinite(int64_t ts, struct lg_buf *out)
{
    if (ts != PGTIME_NOBEGIN && ts != PGTIME_NOEND)
        return false;
    lg_buf_printf(out, "%s", ts == PGTIME_NOEND ? "infinity" : "-infinity");
    return true;
}

/* with_tz: tm's gmtoff/abbrev name the zone. */
static void put_datetime(const pgstyle_t *st, const pgtime_tm_t *tm, bool with_tz,
                         struct lg_buf *out)
{
    if (st->date == PGSTYLE_POSTGRES) {
        int32_t date = pgtime_date_from_ymd(tm->year, tm->mon, tm->mday);
        lg_buf_printf(out, "%s ", k_dow[pgtime_date_dow(date)]);
        if (st->order == PGSTYLE_DMY)
            lg_buf_printf(out, "%02d %s ", tm->mday, k_mon[tm->mon - 1]);
        else
            lg_buf_printf(out, "%s %02d ", k_mon[tm->mon - 1], tm->mday);
        put_secs(tm, out);
        lg_buf_printf(out, " %04d", shown_year(tm->year));
    } else {
        put_date(st, tm->year, tm->mon, tm->mday, out);
        lg_buf_putc(out, ' ');
        put_secs(tm, out);
    }
    if (with_tz) {
        lg_buf_putc(out, ' ');
        if (tm->abbrev && tm->abbrev[0])
            lg_buf_printf(out, "%s", tm->abbrev);
        else
            pgtime_format_offset(tm->gmtoff, out);
    }
    if (tm->year <= 0)
        lg_buf_printf(out, " BC");
}

void pgtime_format_date_styled(int32_t date, struct lg_buf *out)
{
    const pgstyle_t *st = pgstyle_get();
    if (st->date == PGSTYLE_ISO || date == PGTIME_DATE_NOBEGIN || date == PGTIME_DATE_NOEND) {
        pgtime_format_date(date, out);
        return;
    }
    int y, m, d;
    pgtime_date_to_ymd(date, &y, &m, &d);
    put_date(st, y, m, d, out);
    if (y <= 0)
        lg_buf_printf(out, " BC");
}

void pgtime_format_timestamp_styled(int64_t ts, struct lg_buf *out)
{
    const pgstyle_t *st = pgstyle_get();
    if (st->date == PGSTYLE_ISO || put_infinite(ts, out)) {
        if (st->date == PGSTYLE_ISO)
            pgtime_format_timestamp(ts, out);
        return;
    }
    pgtime_tm_t tm;
    pgtime_ts_to_tm(ts, &tm);
    put_datetime(st, &tm, false, out);
}

void pgtime_format_timestamptz_styled(int64_t utc, const pgtime_zone_t *z, struct lg_buf *out)
{
    const pgstyle_t *st = pgstyle_get();
    if (st->date == PGSTYLE_ISO || put_infinite(utc, out)) {
        if (st->date == PGSTYLE_ISO)
            pgtime_format_timestamptz(utc, z, out);
        return;
    }
    pgtime_tm_t tm;
    pgtime_ts_to_local(utc, z, &tm);
    put_datetime(st, &tm, true, out);
}
