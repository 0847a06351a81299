/* pgtype_text.h - PostgreSQL text format of stored values, and text input to storage form
 * (any thread; pure apart from reading /usr/share/zoneinfo once per zone, under a lock).
 *
 * Storage on SQLite (binding, see also pgtype.h):
 *   int2/int4/int8/oid    INTEGER
 *   bool                  INTEGER 0/1
 *   float4/float8         REAL (NaN/Infinity may arrive as TEXT 'NaN', 'Infinity', '-Infinity')
 *   numeric               INTEGER or REAL, TEXT (plain decimal, no exponent) when a double
 *                         cannot hold its digits (> 15 significant digits); 'NaN' as TEXT
 *   bytea                 BLOB
 *   date                  TEXT 'YYYY-MM-DD' ('infinity', '-infinity'; ' BC' suffix)
 *   time                  TEXT 'HH:MM:SS[.ffffff]'
 *   timestamp             TEXT 'YYYY-MM-DD HH:MM:SS[.ffffff]'
 *   timestamptz           TEXT 'YYYY-MM-DD HH:MM:SS[.ffffff]+00' (UTC)
 *   interval              TEXT postgres style '1 year 2 mons 3 days 04:05:06.5'
 *   uuid                  TEXT lowercase canonical 8-4-4-4-12
 *   json                  TEXT as given; jsonb TEXT as PostgreSQL prints it
 *   arrays                TEXT JSON array ('[1,2,3]', '["a b",null]'), nested for ndim > 1;
 *                         bool elements true/false; non-finite floats as strings
 *   text/varchar/bpchar   TEXT (bpchar padded to its length)
 * Fractions of seconds never carry trailing zeros.
 *
 * Session settings that shape output: TimeZone (IANA name, 'UTC', or a POSIX TZ string),
 * extra_float_digits; DateStyle and IntervalStyle come from the calling thread
 * (pgtype_style.h): text output follows them, stored values are always ISO / postgres. */
#ifndef LG_TYPES_PGTYPE_TEXT_H
#define LG_TYPES_PGTYPE_TEXT_H
#include <stddef.h>
#include <stdint.h>

struct lg_buf;
struct lg_pgerr;

/* Storage classes, numbered as SQLite's SQLITE_INTEGER..SQLITE_NULL. */
enum {
    PGTYPE_ST_INT = 1,
    PGTYPE_ST_FLOAT = 2,
    PGTYPE_ST_TEXT = 3,
    PGTYPE_ST_BLOB = 4,
    PGTYPE_ST_NULL = 5,
};

/* A stored value: `i` for INT, `d` for FLOAT, `p`/`n` for TEXT and BLOB (not NUL-terminated
 * necessarily). A view: the bytes belong to whoever produced them. */
typedef struct pgtype_value {
    int storage;
    int64_t i;
    double d;
    const uint8_t *p;
    size_t n;
} pgtype_value_t;

typedef struct pgtype_session {
    const char *timezone;   /* NULL or "" means UTC */
    int extra_float_digits; /* PostgreSQL default 1 */
    int64_t now_usec;       /* 'now' for input: usec since 2000-01-01 UTC; 0 = clock */
    int bytea_escape;       /* bytea_output = escape: \ooo for non-printable bytes */
} pgtype_session_t;

/* Initializes s to PostgreSQL defaults (UTC, extra_float_digits 1, clock time). */
void pgtype_session_init(pgtype_session_t *s);

/* Appends the PostgreSQL 15 text output of v for a column of type oid/typmod (typmod -1 =
 * none). NULL storage appends nothing and returns LG_EINVAL (callers send -1 instead).
 * Stored text that does not parse as the type is printed as it is. Returns 0, or
 * LG_ETOOBIG when `out` hit its ceiling. Thread: any. */
int pgtype_text_out(const pgtype_value_t *v, uint32_t oid, int32_t typmod,
                    const pgtype_session_t *s, struct lg_buf *out);

/* Validates PostgreSQL text input `txt` (n bytes) for type oid/typmod and converts it to its
 * storage form in *out. TEXT/BLOB results point into `scratch` (which this resets first), so
 * they are valid until scratch is next changed. On bad input fills err exactly as
 * PostgreSQL words it (e.g. 22P02 `invalid input syntax for type integer: "abc"`) and
 * returns LG_ESQL. Unknown OIDs are accepted as TEXT unchanged. Thread: any. */
int pgtype_text_in(const char *txt, size_t n, uint32_t oid, int32_t typmod,
                   const pgtype_session_t *s, pgtype_value_t *out, struct lg_buf *scratch,
                   struct lg_pgerr *err);

/* typmod helpers: numeric(p,s) -> ((p << 16) | s) + 4; varchar(n)/bpchar(n) -> n + 4;
 * time/timestamp(p) -> p. */
int32_t pgtype_typmod_numeric(int precision, int scale);

#endif
