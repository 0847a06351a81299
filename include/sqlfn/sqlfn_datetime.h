/* sqlfn_datetime.h - PostgreSQL date/time SQL functions on SQLite (registered per connection).
 *
 * All values are in storage form (pgtype_text.h): date 'YYYY-MM-DD', time 'HH:MM:SS[.f]',
 * timestamp 'YYYY-MM-DD HH:MM:SS[.f]', timestamptz 'YYYY-MM-DD HH:MM:SS[.f]+00' (UTC),
 * interval '1 year 2 mons 3 days 04:05:06'. Where a function takes a value whose type
 * matters, an optional last argument `hint` names it ('date', 'time', 'timestamp',
 * 'timestamptz', 'interval'); without it the type is guessed from the text (a trailing
 * +HH/-HH/Z offset means timestamptz; 'YYYY-MM-DD' alone a date; then timestamp, time,
 * interval). Functions return NULL when any value argument is NULL. Errors use the sqlfn.h
 * convention "SQLSTATE:message".
 *
 * Functions (name(args) -> result):
 *   now(), transaction_timestamp()        -> timestamptz: the transaction start time set by
 *                                           sqlfn_datetime_set_txn_time(), else the clock
 *   statement_timestamp()                 -> timestamptz: statement time if set, else txn
 *                                           time, else the clock
 *   clock_timestamp()                     -> timestamptz: the clock
 *   pg_current_date()                     -> date in the session TimeZone (of now()); also
 *                                           registered as current_date(), which SQLite's
 *                                           grammar cannot call (CURRENT_DATE is a keyword)
 *   localtimestamp()                      -> timestamp in the session TimeZone (of now())
 *   date_trunc(field, value[, tz|hint])   -> same type (a date becomes timestamptz, as
 *                                           PostgreSQL); timestamptz truncates in the session
 *                                           zone, or in tz when the 3rd arg is a zone name
 *   date_part(field, value[, hint])       -> REAL (PostgreSQL double precision)
 *   pg_extract(field, value[, hint])      -> INTEGER when integral, else REAL (EXTRACT is
 *                                           numeric in PostgreSQL 15; epoch has 6 decimals)
 *   age(a, b) / age(a)                    -> interval, PostgreSQL's symbolic
 *                                           years/months/days result (age(a) = from
 *                                           current_date midnight)
 *   make_date(y, m, d)                    -> date; make_time(h, m, s) -> time
 *   make_timestamp(y, mo, d, h, mi, s)    -> timestamp
 *   make_timestamptz(y, mo, d, h, mi, s[, zone]) -> timestamptz
 *   make_interval(years, months, weeks, days, hours, mins, secs) -> interval (any may be
 *                                           omitted from the right)
 *   to_char(value, fmt[, hint])           -> text (timestamps, dates, intervals)
 *   to_date(text, fmt)                    -> date
 *   to_timestamp(text, fmt)               -> timestamptz (fields in the session zone)
 *   to_timestamp(double)                  -> timestamptz from Unix epoch seconds
 *   at_time_zone(value, zone[, hint])     -> value AT TIME ZONE zone: timestamptz ->
 *                                           timestamp (local wall time in zone); timestamp ->
 *                                           timestamptz (value read as local time in zone)
 *   timezone(zone, value[, hint])         -> same as at_time_zone with arguments swapped
 *   ts_add_interval(value, interval[, hint]) -> value + interval (date + interval gives a
 *                                           timestamp); timestamptz arithmetic in the
 *                                           session zone as PostgreSQL does
 *   ts_sub_interval(value, interval[, hint]) -> value - interval
 *   ts_diff(a, b[, hint])                 -> interval a - b (timestamps); dates: INTEGER days
 *   date_add_days(date, n) / date_sub_days(date, n) -> date
 *   interval_add(a, b), interval_sub(a, b), interval_neg(a) -> interval
 *   interval_mul(a, x), interval_div(a, x) -> interval (x REAL; 22012 on division by zero)
 *   interval_cmp(a, b)                    -> -1 / 0 / 1 (months = 30 days, days = 24 h)
 *   justify_days(i), justify_hours(i), justify_interval(i) -> interval
 *   timestamp_cmp(a, b[, hint])           -> -1 / 0 / 1 for timestamps/dates of one type
 *   isfinite(value[, hint])               -> 0/1
 *
 * Table-valued: lg_generate_series_ts(start, stop, step) yields one column `value`
 * (storage text of start's type: timestamp, timestamptz, or date -> timestamptz as PG) from
 * start to stop inclusive by interval `step` (negative steps count down; a zero step is
 * 22023 "step size cannot equal zero"). The translator emits it for generate_series() over
 * timestamps; integer generate_series stays in sqlfn_series.c. */
#ifndef LG_SQLFN_SQLFN_DATETIME_H
#define LG_SQLFN_SQLFN_DATETIME_H
#include <stdint.h>

typedef struct sqlite3 sqlite3;

/* Registers the functions above on db. 0 or LG_EINVAL. Thread: the thread owning db. */
int sqlfn_datetime_register(sqlite3 *db);

/* Transaction start time (usec since 2000-01-01 UTC) that now() returns on db; 0 clears it
 * (now() then reads the clock). The exec layer calls this when a transaction starts.
 * 0 or LG_EINVAL when db has no registration. Thread: the thread owning db. */
int sqlfn_datetime_set_txn_time(sqlite3 *db, int64_t usec);
/* Statement start time for statement_timestamp(); 0 clears. Same rules. */
int sqlfn_datetime_set_stmt_time(sqlite3 *db, int64_t usec);

/* Session TimeZone for db (IANA name, 'UTC', POSIX string); NULL or "" = UTC. Returns
 * LG_EINVAL when db has no registration, LG_ENOTFOUND when the zone is unknown (the
 * setting is then unchanged). Thread: the thread owning db. */
int sqlfn_datetime_set_timezone(sqlite3 *db, const char *zone);

#endif
