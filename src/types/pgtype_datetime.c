/* pgtype_datetime.c - calendar arithmetic (PostgreSQL's Julian-day algorithms) and ISO
 * formatting of date, time, timestamp, timestamptz and zone offsets.
 *
 * Output format (DateStyle ISO): 'YYYY-MM-DD', years beyond 9999 with more digits, years
 * <= 0 as '0001-01-01 BC' (astronomical year 0 is 1 BC); times 'HH:MM:SS' plus '.ffffff'
 * with trailing zeros removed; timestamptz appends the zone offset '+HH[:MM[:SS]]' and then
 * ' BC' when needed. */
#include "pgtype_time.h"
#include "lg_buf.h"
#include <stdlib.h>
#include <time.h>

#define POSTGRES_EPOCH_JDATE 2451545

static int64_t floordiv(int64_t a, int64_t b);
static void put_fraction(int usec, struct lg_buf *out);
static void put_date_part(int year, int mon, int mday, struct lg_buf *out);

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t date2j(int64_t y, int64_t m, int64_t d)
{
    if (m > 2) {
        m += 1;
        y += 4800;
    } else {
        m += 13;
        y += 4799;
    }
    int64_t century = y / 100;
    int64_t julian = y * 365 - 32167;
    julian += y / 4 - century + century / 4;
    julian += 7834 * m / 256 + d;
    return julian;
}

static void j2date(int64_t jd, int *year, int *month, int *day)
{
    uint64_t julian = (uint64_t)jd + 32044;
    uint64_t quad = julian / 146097;
    uint64_t extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    int64_t y = (int64_t)(julian * 4 / 1461);
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += (int64_t)quad * 4;
    *year = (int)(y - 4800);
    quad = julian * 2141 / 65536;
    *day = (int)(julian - 7834 * quad / 256);
    *month = (int)((quad + 10) % 12 + 1);
}

int32_t pgtime_date_from_ymd(int year, int mon, int mday)
{
    return (int32_t)(date2j(year, mon, mday) - POSTGRES_EPOCH_JDATE);
}

void pgtime_date_to_ymd(int32_t date, int *year, int *mon, int *mday)
{
    j2date((int64_t)date + POSTGRES_EPOCH_JDATE, year, mon, mday);
}

int pgtime_days_in_month(int year, int mon)
{
    static const int k_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mon < 1 || mon > 12)
        return 0;
    bool leap = (year % 4 == 0) && ((year % 100 != 0) || (year % 400 == 0));
    return k_days[mon - 1] + ((mon == 2 && leap) ? 1 : 0);
}

bool pgtime_ymd_valid(int year, int mon, int mday)
{
    /* PostgreSQL accepts 4713 BC .. 5874897 AD for dates. */
    if (year < -4712 || year > 5874897)
        return false;
    return mon >= 1 && mon <= 12 && mday >= 1 && mday <= pgtime_days_in_month(year, mon);
}

int pgtime_date_dow(int32_t date)
{
    /* 2000-01-01 was a Saturday. */
    int64_t d = ((int64_t)date + 6) % 7;
    return (int)(d < 0 ? d + 7 : d);
}

void pgtime_ts_to_tm(int64_t ts, pgtime_tm_t *tm)
{
    int64_t days = floordiv(ts, PGTIME_USEC_PER_DAY);
    int64_t t = ts - days * PGTIME_USEC_PER_DAY;
    j2date(days + POSTGRES_EPOCH_JDATE, &tm->year, &tm->mon, &tm->mday);
    tm->hour = (int)(t / INT64_C(3600000000));
    t -= tm->hour * INT64_C(3600000000);
    tm->min = (int)(t / INT64_C(60000000));
    t -= tm->min * INT64_C(60000000);
    tm->sec = (int)(t / PGTIME_USEC_PER_SEC);
    tm->usec = (int)(t - tm->sec * PGTIME_USEC_PER_SEC);
    tm->gmtoff = 0;
    tm->abbrev = NULL;
}

bool pgtime_tm_to_ts(const pgtime_tm_t *tm, int64_t *ts)
{
    int64_t days = date2j(tm->year, tm->mon, tm->mday) - POSTGRES_EPOCH_JDATE;
    /* PostgreSQL's timestamp range: 4713 BC .. 294276 AD. */
    if (days < -2451545 || days > 106741034)
        return false;
    int64_t t = ((int64_t)tm->hour * 3600 + (int64_t)tm->min * 60 + tm->sec) *
                    PGTIME_USEC_PER_SEC + tm->usec;
    *ts = days * PGTIME_USEC_PER_DAY + t;
    return true;
}

int64_t pgtime_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec * PGTIME_USEC_PER_SEC + ts.tv_nsec / 1000) -
           PGTIME_UNIX_EPOCH_USEC;
}

static void put_fraction(int usec, struct lg_buf *out)
{
    if (usec == 0)
        return;
    char frac[8];
    int len = 6;
    for (int i = 5; i >= 0; i--) {
        frac[i] = (char)('0' + usec % 10);
        usec /= 10;
    }
    while (len > 0 && frac[len - 1] == '0')
        len--;
    lg_buf_putc(out, '.');
    lg_buf_append(out, frac, (size_t)len);
}

static void put_date_part(int year, int mon, int mday, struct lg_buf *out)
{
    int y = year > 0 ? year : 1 - year;
    lg_buf_printf(out, "%04d-%02d-%02d", y, mon, mday);
}

void pgtime_format_date(int32_t date, struct lg_buf *out)
{
    if (date == PGTIME_DATE_NOBEGIN || date == PGTIME_DATE_NOEND) {
        if (date == PGTIME_DATE_NOEND)
            lg_buf_append(out, "infinity", 8);
        else
            lg_buf_append(out, "-infinity", 9);
        return;
    }
    int y;
    int m;
    int d;
    pgtime_date_to_ymd(date, &y, &m, &d);
    put_date_part(y, m, d, out);
    if (y <= 0)
        lg_buf_append(out, " BC", 3);
}

void pgtime_format_time(int64_t t, struct lg_buf *out)
{
    int64_t h = t / INT64_C(3600000000);
    t -= h * INT64_C(3600000000);
    int64_t mi = t / INT64_C(60000000);
    t -= mi * INT64_C(60000000);
    lg_buf_printf(out, "%02d:%02d:%02d", (int)h, (int)mi, (int)(t / 1000000));
    put_fraction((int)(t % 1000000), out);
}

static bool put_infinity(int64_t ts, struct lg_buf *out)
{
    if (ts == PGTIME_NOBEGIN) {
        lg_buf_append(out, "-infinity", 9);
        return true;
    }
    if (ts == PGTIME_NOEND) {
        lg_buf_append(out, "infinity", 8);
        return true;
    }
    return false;
}

static void put_tm(const pgtime_tm_t *tm, struct lg_buf *out)
{
    put_date_part(tm->year, tm->mon, tm->mday, out);
    lg_buf_printf(out, " %02d:%02d:%02d", tm->hour, tm->min, tm->sec);
    put_fraction(tm->usec, out);
}

void pgtime_format_timestamp(int64_t ts, struct lg_buf *out)
{
    if (put_infinity(ts, out))
        return;
    pgtime_tm_t tm;
    pgtime_ts_to_tm(ts, &tm);
    put_tm(&tm, out);
    if (tm.year <= 0)
        lg_buf_append(out, " BC", 3);
}

void pgtime_format_offset(int gmtoff, struct lg_buf *out)
{
    int a = abs(gmtoff);
    lg_buf_printf(out, "%c%02d", gmtoff < 0 ? '-' : '+', a / 3600);
    if (a % 3600 != 0) {
        lg_buf_printf(out, ":%02d", (a / 60) % 60);
        if (a % 60 != 0)
            lg_buf_printf(out, ":%02d", a % 60);
    }
}

void pgtime_format_timestamptz(int64_t utc, const pgtime_zone_t *z, struct lg_buf *out)
{
    if (put_infinity(utc, out))
        return;
    pgtime_tm_t tm;
    pgtime_ts_to_local(utc, z, &tm);
    put_tm(&tm, out);
    pgtime_format_offset(tm.gmtoff, out);
    if (tm.year <= 0)
        lg_buf_append(out, " BC", 3);
}

int64_t pgtime_round_precision(int64_t usec, int32_t typmod)
{
    static const int64_t k_scale[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (typmod < 0 || typmod >= 6 || usec == PGTIME_NOBEGIN || usec == PGTIME_NOEND)
        return usec;
    int64_t sc = k_scale[typmod];
    if (usec >= 0)
        return ((usec + sc / 2) / sc) * sc;
    return -(((-usec + sc / 2) / sc) * sc);
}
