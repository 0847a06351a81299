/* proto.h - PostgreSQL frontend/backend protocol 3.0 codec. Pure: no I/O, no libuv, no
 * SQLite, no sessions (any thread).
 *
 * Framing. Two shapes of packets reach a server:
 *   - startup phase: Int32 length (including itself) + body; the body starts with an Int32
 *     code: 196608 + minor (protocol 3.x StartupMessage), 80877103 (SSLRequest),
 *     80877104 (GSSENCRequest), 80877102 (CancelRequest).
 *   - regular: Byte1 type + Int32 length (including itself, not the type) + body.
 * The framers look at the header only and bound the declared length before anything is
 * buffered: a length below the minimum is PROTO_MALFORMED, above `max` PROTO_TOO_LARGE.
 *
 * Decoders take one complete message body (the bytes after the length) and return views
 * into it: every string points into the caller's buffer and stays valid until the caller
 * consumes that frame. Every getter is length-checked; a string must be NUL-terminated
 * inside the body; a message must be consumed exactly (trailing bytes are PROTO_MALFORMED,
 * like pq_getmsgend). Decoders never read outside [body, body+len).
 *
 * Encoders append whole messages to an lg_buf_t; a full buffer sets its sticky `failed`
 * flag (check once after a batch of appends). Variable messages (RowDescription, DataRow)
 * use begin/add/end: begin reserves the length, end back-patches it. */
#ifndef LG_PROTO_PROTO_H
#define LG_PROTO_PROTO_H
#include "lg_buf.h"
#include "lg_err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results of framers and decoders. */
enum {
    PROTO_OK = 0,
    PROTO_NEED_MORE = 1,  /* framer: not enough bytes yet for a whole frame */
    PROTO_MALFORMED = -1, /* bad length, missing terminator, trailing bytes, bad count... */
    PROTO_TOO_LARGE = -2, /* declared length above the configured maximum */
};

#define PROTO_CODE_SSL_REQUEST 80877103u
#define PROTO_CODE_GSSENC_REQUEST 80877104u
#define PROTO_CODE_CANCEL_REQUEST 80877102u
#define PROTO_VERSION_3_0 196608u /* 3 << 16 */
#define PROTO_MAX_STARTUP_PARAMS 64

/* ---- framing ---- */

/* Startup-phase packet at buf[0..len). On PROTO_OK *frame_len is the total packet size
 * (length word included) and the body is buf+4 .. buf+*frame_len. Minimum length is 8
 * (length + code); max bounds the declared length (PostgreSQL uses 10000 for startup). */
int proto_frame_startup(const uint8_t *buf, size_t len, size_t max, size_t *frame_len);

/* Regular message at buf[0..len). On PROTO_OK *type is the type byte, *frame_len the total
 * size (1 + length) and the body is buf+5 .. buf+*frame_len. Declared length must be >= 4
 * and <= max. */
int proto_frame_regular(const uint8_t *buf, size_t len, size_t max, uint8_t *type,
                        size_t *frame_len);

/* ---- startup-phase packets ---- */

typedef enum {
    PROTO_STARTUP_MESSAGE = 1, /* protocol 3.x */
    PROTO_STARTUP_SSL_REQUEST,
    PROTO_STARTUP_GSSENC_REQUEST,
    PROTO_STARTUP_CANCEL_REQUEST,
    PROTO_STARTUP_BAD_VERSION, /* major version other than 3: caller sends FATAL 0A000 */
} proto_startup_kind_t;

typedef struct proto_startup {
    proto_startup_kind_t kind;
    uint32_t version; /* major << 16 | minor, for STARTUP_MESSAGE and BAD_VERSION */
    size_t nparams;   /* name/value pairs, in order ("user", "database", "options", ...) */
    const char *names[PROTO_MAX_STARTUP_PARAMS];
    const char *values[PROTO_MAX_STARTUP_PARAMS];
    uint32_t cancel_pid; /* CANCEL_REQUEST */
    uint32_t cancel_key;
} proto_startup_t;

/* Decodes the body of a startup-phase packet (after the length word). Parameters are NUL-
 * terminated name/value pairs ended by one extra NUL; more than PROTO_MAX_STARTUP_PARAMS
 * pairs, a missing final NUL or trailing bytes are PROTO_MALFORMED. SSL/GSSENC requests
 * have a body of exactly 4 bytes, CancelRequest exactly 12. */
int proto_decode_startup(const uint8_t *body, size_t len, proto_startup_t *out);

/* ---- frontend messages (regular) ---- */

#define PROTO_MSG_QUERY 'Q'
#define PROTO_MSG_PARSE 'P'
#define PROTO_MSG_BIND 'B'
#define PROTO_MSG_DESCRIBE 'D'
#define PROTO_MSG_EXECUTE 'E'
#define PROTO_MSG_CLOSE 'C'
#define PROTO_MSG_SYNC 'S'
#define PROTO_MSG_FLUSH 'H'
#define PROTO_MSG_TERMINATE 'X'
#define PROTO_MSG_PASSWORD 'p'
#define PROTO_MSG_COPY_DATA 'd'
#define PROTO_MSG_COPY_DONE 'c'
#define PROTO_MSG_COPY_FAIL 'f'
#define PROTO_MSG_FUNCTION_CALL 'F'

typedef struct proto_query {
    const char *sql; /* NUL-terminated, inside the body */
    size_t sql_len;  /* strlen(sql) */
} proto_query_t;

typedef struct proto_parse {
    const char *name; /* "" = unnamed statement */
    const char *query;
    size_t query_len;
    uint16_t nparams;
    const uint8_t *param_oids; /* nparams big-endian Int32s; read with proto_parse_param_oid */
} proto_parse_t;

typedef struct proto_bind {
    const char *portal;
    const char *statement;
    uint16_t nformats; /* 0 = all text, 1 = applies to all, else one per parameter */
    const uint8_t *formats;
    uint16_t nparams;
    const uint8_t *params; /* nparams of (Int32 len, -1 = NULL; bytes); validated */
    size_t params_len;
    uint16_t nresult_formats;
    const uint8_t *result_formats;
} proto_bind_t;

typedef struct proto_describe {
    char kind; /* 'S' statement or 'P' portal */
    const char *name;
} proto_describe_t;

typedef struct proto_execute {
    const char *portal;
    uint32_t max_rows; /* 0 = no limit */
} proto_execute_t;

typedef struct proto_close {
    char kind; /* 'S' or 'P' */
    const char *name;
} proto_close_t;

int proto_decode_query(const uint8_t *body, size_t len, proto_query_t *out);
int proto_decode_parse(const uint8_t *body, size_t len, proto_parse_t *out);
uint32_t proto_parse_param_oid(const proto_parse_t *p, uint16_t i);
/* Validates the whole message: every format code is 0 or 1, every parameter length is -1
 * or fits inside the body, counts agree (nformats is 0, 1 or nparams). */
int proto_decode_bind(const uint8_t *body, size_t len, proto_bind_t *out);
/* Format code (0 text, 1 binary) of parameter i / result column i, applying the 0/1/N rule.
 * For results, ncols is the number of result columns; nresult_formats must be 0, 1 or
 * ncols (else PROTO_MALFORMED from proto_bind_check_result_formats). */
int16_t proto_bind_param_format(const proto_bind_t *b, uint16_t i);
int16_t proto_bind_result_format(const proto_bind_t *b, uint16_t i);
int proto_bind_check_result_formats(const proto_bind_t *b, uint16_t ncols);

/* Iterates the parameters of a decoded Bind: set *cursor = 0 first; each call yields the next
 * value (val NULL and *vlen = -1 for SQL NULL). Returns PROTO_OK, or 1 when exhausted. */
typedef struct proto_bind_iter {
    const proto_bind_t *bind;
    size_t pos;
    uint16_t index;
} proto_bind_iter_t;
void proto_bind_iter_init(proto_bind_iter_t *it, const proto_bind_t *b);
int proto_bind_iter_next(proto_bind_iter_t *it, const uint8_t **val, int32_t *vlen);

int proto_decode_describe(const uint8_t *body, size_t len, proto_describe_t *out);
int proto_decode_execute(const uint8_t *body, size_t len, proto_execute_t *out);
int proto_decode_close(const uint8_t *body, size_t len, proto_close_t *out);
/* Sync, Flush, Terminate, CopyDone: the body must be empty. */
int proto_decode_empty(const uint8_t *body, size_t len);

/* ---- backend messages ---- */

void proto_be_auth_ok(lg_buf_t *b);                      /* 'R' 0 */
void proto_be_auth_cleartext(lg_buf_t *b);               /* 'R' 3 */
void proto_be_parameter_status(lg_buf_t *b, const char *name, const char *value); /* 'S' */
void proto_be_backend_key_data(lg_buf_t *b, uint32_t pid, uint32_t key);           /* 'K' */
void proto_be_ready_for_query(lg_buf_t *b, char status); /* 'Z' with 'I', 'T' or 'E' */
void proto_be_command_complete(lg_buf_t *b, const char *tag); /* 'C' */
void proto_be_empty_query(lg_buf_t *b);                       /* 'I' */
void proto_be_parse_complete(lg_buf_t *b);                    /* '1' */
void proto_be_bind_complete(lg_buf_t *b);                     /* '2' */
void proto_be_close_complete(lg_buf_t *b);                    /* '3' */
void proto_be_no_data(lg_buf_t *b);                           /* 'n' */
void proto_be_portal_suspended(lg_buf_t *b);                  /* 's' */
void proto_be_parameter_description(lg_buf_t *b, uint16_t n, const uint32_t *oids); /* 't' */
/* 'v': newest minor version supported and the protocol options ("_pq_.x") not recognized. */
void proto_be_negotiate_version(lg_buf_t *b, uint32_t minor, size_t nopts,
                                const char *const *opts);
/* 'E' (or 'N' when notice is true): fields S, V (severity), C, M, and D, H, P when set. */
void proto_be_error(lg_buf_t *b, const lg_pgerr_t *e, bool notice);

typedef struct proto_field {
    const char *name;
    uint32_t table_oid;
    int16_t attnum;
    uint32_t type_oid;
    int16_t typlen;
    int32_t typmod;
    int16_t format;
} proto_field_t;
void proto_be_row_description(lg_buf_t *b, uint16_t n, const proto_field_t *fields); /* 'T' */

/* DataRow ('D'): begin returns the position of the message start for end(). */
size_t proto_be_data_row_begin(lg_buf_t *b, uint16_t ncols);
void proto_be_data_row_value(lg_buf_t *b, const void *v, int32_t len); /* len -1 = NULL */
void proto_be_data_row_end(lg_buf_t *b, size_t start);

/* CopyInResponse 'G' / CopyOutResponse 'H': overall format and per-column formats. */
void proto_be_copy_response(lg_buf_t *b, char type, int8_t format, uint16_t ncols,
                            const int16_t *formats);
void proto_be_copy_data(lg_buf_t *b, const void *p, size_t n); /* 'd' */
void proto_be_copy_done(lg_buf_t *b);                          /* 'c' */

/* Big-endian readers for callers that hold raw parameter bytes. */
static inline uint32_t proto_get_u32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline uint16_t proto_get_u16(const uint8_t *p)
{
    return (uint16_t)(((uint16_t)p[0] << 8) | p[1]);
}

#endif
