/* lg_err.h - internal error codes, SQLSTATE constants and lg_pgerr_t, the client-facing
 * error shaped like a PostgreSQL ErrorResponse (any thread).
 *
 * Internal calls return 0 or a negative LG_E* code. What a client sees is an lg_pgerr_t,
 * filled where the problem is detected and rendered by session. All text fields are
 * bounded and owned by the struct (no heap), so an lg_pgerr_t can be copied by value. */
#ifndef LG_UTIL_ERR_H
#define LG_UTIL_ERR_H
#include <stdbool.h>

enum {
    LG_OK = 0,
    LG_ENOMEM = -1,
    LG_ETOOBIG = -2,
    LG_EINVAL = -3,
    LG_EIO = -4,
    LG_ENOTFOUND = -5,
    LG_EAGAIN = -6,
    LG_ECLOSED = -7,
    LG_EPROTO = -8,
    LG_ESQL = -9, /* details are in an accompanying lg_pgerr_t */
};

/* SQLSTATEs used across modules (PostgreSQL errcodes.txt). */
#define LG_SQLSTATE_SUCCESSFUL "00000"
#define LG_SQLSTATE_WARNING "01000"
#define LG_SQLSTATE_CONNECTION_EXCEPTION "08000"
#define LG_SQLSTATE_PROTOCOL_VIOLATION "08P01"
#define LG_SQLSTATE_FEATURE_NOT_SUPPORTED "0A000"
#define LG_SQLSTATE_CARDINALITY_VIOLATION "21000"
#define LG_SQLSTATE_DATA_EXCEPTION "22000"
#define LG_SQLSTATE_STRING_DATA_RIGHT_TRUNCATION "22001"
#define LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE "22003"
#define LG_SQLSTATE_INVALID_DATETIME_FORMAT "22007"
#define LG_SQLSTATE_DATETIME_FIELD_OVERFLOW "22008"
#define LG_SQLSTATE_DIVISION_BY_ZERO "22012"
#define LG_SQLSTATE_INVALID_PARAMETER_VALUE "22023"
#define LG_SQLSTATE_INVALID_TEXT_REPRESENTATION "22P02"
#define LG_SQLSTATE_INVALID_BINARY_REPRESENTATION "22P03"
#define LG_SQLSTATE_NOT_NULL_VIOLATION "23502"
#define LG_SQLSTATE_FOREIGN_KEY_VIOLATION "23503"
#define LG_SQLSTATE_INVALID_FOREIGN_KEY "42830"
#define LG_SQLSTATE_UNIQUE_VIOLATION "23505"
#define LG_SQLSTATE_CHECK_VIOLATION "23514"
#define LG_SQLSTATE_INTEGRITY_CONSTRAINT_VIOLATION "23000"
#define LG_SQLSTATE_ACTIVE_SQL_TRANSACTION "25001"
#define LG_SQLSTATE_READ_ONLY_SQL_TRANSACTION "25006"
#define LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION "25P01"
#define LG_SQLSTATE_IN_FAILED_SQL_TRANSACTION "25P02"
#define LG_SQLSTATE_IDLE_IN_TRANSACTION_TIMEOUT "25P03"
#define LG_SQLSTATE_INVALID_SQL_STATEMENT_NAME "26000"
#define LG_SQLSTATE_INVALID_CURSOR_NAME "34000"
#define LG_SQLSTATE_INVALID_AUTHORIZATION "28000"
#define LG_SQLSTATE_INVALID_PASSWORD "28P01"
#define LG_SQLSTATE_INVALID_TRANSACTION_STATE "25000"
#define LG_SQLSTATE_SAVEPOINT_EXCEPTION "3B001"
#define LG_SQLSTATE_SERIALIZATION_FAILURE "40001"
#define LG_SQLSTATE_DEADLOCK_DETECTED "40P01"
#define LG_SQLSTATE_SYNTAX_ERROR "42601"
#define LG_SQLSTATE_UNDEFINED_COLUMN "42703"
#define LG_SQLSTATE_UNDEFINED_FUNCTION "42883"
#define LG_SQLSTATE_UNDEFINED_TABLE "42P01"
#define LG_SQLSTATE_UNDEFINED_OBJECT "42704"
#define LG_SQLSTATE_DUPLICATE_TABLE "42P07"
#define LG_SQLSTATE_DUPLICATE_COLUMN "42701"
#define LG_SQLSTATE_DUPLICATE_OBJECT "42710"
#define LG_SQLSTATE_DUPLICATE_PSTATEMENT "42P05"
#define LG_SQLSTATE_DUPLICATE_CURSOR "42P03"
#define LG_SQLSTATE_AMBIGUOUS_COLUMN "42702"
#define LG_SQLSTATE_AMBIGUOUS_FUNCTION "42725"
#define LG_SQLSTATE_DATATYPE_MISMATCH "42804"
#define LG_SQLSTATE_UNDEFINED_PARAMETER "42P02"
#define LG_SQLSTATE_INDETERMINATE_DATATYPE "42P18"
#define LG_SQLSTATE_UNDEFINED_SCHEMA "3F000"
#define LG_SQLSTATE_INVALID_SCHEMA_NAME "3F000"
#define LG_SQLSTATE_INVALID_CATALOG_NAME "3D000"
#define LG_SQLSTATE_INSUFFICIENT_RESOURCES "53000"
#define LG_SQLSTATE_DISK_FULL "53100"
#define LG_SQLSTATE_OUT_OF_MEMORY "53200"
#define LG_SQLSTATE_TOO_MANY_CONNECTIONS "53300"
#define LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED "54000"
#define LG_SQLSTATE_STATEMENT_TOO_COMPLEX "54001"
#define LG_SQLSTATE_OBJECT_IN_USE "55006"
#define LG_SQLSTATE_LOCK_NOT_AVAILABLE "55P03"
#define LG_SQLSTATE_QUERY_CANCELED "57014"
#define LG_SQLSTATE_ADMIN_SHUTDOWN "57P01"
#define LG_SQLSTATE_CANT_CHANGE_RUNTIME_PARAM "55P02"
#define LG_SQLSTATE_UNDEFINED_GUC "42704"
#define LG_SQLSTATE_INVALID_PARAMETER "22023"
#define LG_SQLSTATE_INTERNAL_ERROR "XX000"
#define LG_SQLSTATE_DATA_CORRUPTED "XX001"
#define LG_SQLSTATE_IO_ERROR "58030"

#define LG_PGERR_MSG_MAX 1024
#define LG_PGERR_DETAIL_MAX 1024
#define LG_PGERR_HINT_MAX 512

typedef struct lg_pgerr {
    char severity[8]; /* "ERROR", "FATAL", "PANIC", "NOTICE", "WARNING" */
    char sqlstate[6];
    char message[LG_PGERR_MSG_MAX];
    char detail[LG_PGERR_DETAIL_MAX]; /* "" when absent */
    char hint[LG_PGERR_HINT_MAX];     /* "" when absent */
    int position;                     /* 1-based character position in the query; 0 = none */
    /* the object an integrity error is about ("" when absent): ErrorResponse s, t, c, n */
    char schema[64];
    char table[128];
    char column[128];
    char constraint[128];
    char context[256]; /* ErrorResponse W ("COPY t, line 3"); "" when absent */
} lg_pgerr_t;

/* Fills e with severity ERROR, the SQLSTATE and a printf-formatted message; clears detail,
 * hint and position. Returns LG_ESQL so callers can `return lg_pgerr_set(...)`. */
int lg_pgerr_set(lg_pgerr_t *e, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void lg_pgerr_detail(lg_pgerr_t *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lg_pgerr_hint(lg_pgerr_t *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lg_pgerr_fatal(lg_pgerr_t *e); /* severity FATAL */
void lg_pgerr_clear(lg_pgerr_t *e);
static inline bool lg_pgerr_is_set(const lg_pgerr_t *e)
{
    return e->sqlstate[0] != '\0';
}

const char *lg_strerror(int code);

#endif
