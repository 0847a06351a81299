/* sqlfn_datetime_int.h - shared by the sqlfn_datetime*.c files (private).
 *
 * Per-connection state lives in a dt_state_t given as user data to every date/time
 * function; a small registry maps sqlite3* -> state for the setters, under a mutex. The
 * state is freed by the destructor of the function it was registered with (when the
 * connection closes), which also removes it from the registry. */
#ifndef LG_SQLFN_DATETIME_INT_H
#define LG_SQLFN_DATETIME_INT_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "lg_buf.h"
#include "pgtype_time.h"

struct sqlfn_seq_conn;

typedef struct dt_state {
    sqlite3 *db;
    int64_t txn_usec;
    int64_t stmt_usec;
    const pgtime_zone_t *zone;
    char zone_name[128];        /* session TimeZone as set ("" = UTC) */
    struct sqlfn_seq_conn *seq; /* sequence session state (sqlfn_seq.c), owned */
} dt_state_t;

enum { DT_DATE = 1, DT_TIME, DT_TS, DT_TSTZ, DT_INTERVAL };

typedef struct dt_val {
    int kind;
    int64_t ts; /* time/timestamp/timestamptz usec; date as days in `date` */
    int32_t date;
    pgtime_interval_t iv;
} dt_val_t;

/* Reads argv as a date/time value of `hint` (NULL = guess). false on bad input (error set
 * on ctx) or NULL (no error; caller returns NULL). */
bool sqlfn__dt_arg(sqlite3_context *ctx, sqlite3_value *v, const char *hint, dt_val_t *out,
                   bool *is_null);
/* Sets the storage-form result of `v`. */
void sqlfn__dt_result(sqlite3_context *ctx, const dt_val_t *v);
/* Hint string of argument i if present and TEXT, else NULL. */
const char *sqlfn__dt_hint(int argc, sqlite3_value **argv, int i);
/* now(): txn time or clock. */
int64_t sqlfn__dt_now(const dt_state_t *st);

/* The registered state of db, or NULL. Thread: any (takes the registry lock). */
dt_state_t *sqlfn__dt_state_find(sqlite3 *db);

int sqlfn__datetime_register_fmt(sqlite3 *db, dt_state_t *st);
int sqlfn__datetime_register_series(sqlite3 *db, dt_state_t *st);
int sqlfn__datetime_register_arith(sqlite3 *db, dt_state_t *st);
/* Interval collation "lg_interval", greatest/least, sum/avg (sqlfn_datetime_ivcmp.c). */
int sqlfn__datetime_register_ivcmp(sqlite3 *db, dt_state_t *st);
/* a * f as PostgreSQL's interval_mul (fractions spill down); false when out of range. */
bool sqlfn__iv_scale(const pgtime_interval_t *a, double f, pgtime_interval_t *out);
/* Families that need the session state: conversions (sqlfn_conv*.c), date/time operators
 * (sqlfn_dtop.c), sequences (sqlfn_seq.c). */
int sqlfn__register_conv(sqlite3 *db, dt_state_t *st);
int sqlfn__register_dtop(sqlite3 *db, dt_state_t *st);
int sqlfn__register_seq(sqlite3 *db, dt_state_t *st);
/* Frees a connection's sequence state (NULL is fine). */
void sqlfn__seq_conn_free(struct sqlfn_seq_conn *c);
/* A new statement starts on the connection: forgets the replay positions (sqlfn_seq.c). */
void sqlfn__seq_mark(struct sqlfn_seq_conn *c);

#endif
