/* pgtype_binary.h - PostgreSQL binary wire format of values, from and to storage form
 * (any thread; pure).
 *
 * Formats (all big-endian): int2/int4/int8; bool 1 byte; float4/float8 IEEE; numeric
 * int16 ndigits, int16 weight, uint16 sign (0 +, 0x4000 -, 0xC000 NaN, 0xD000 Inf,
 * 0xF000 -Inf), int16 dscale, ndigits x int16 base-10000 digits; text/varchar/bpchar/name/
 * json raw bytes; jsonb 1 version byte (1) + text; bytea raw; uuid 16 bytes; date int32
 * days since 2000-01-01; time/timestamp/timestamptz int64 usec (since midnight / 2000-01-01
 * UTC; infinity INT64_MAX, -infinity INT64_MIN); interval int64 usec, int32 days, int32
 * months; arrays int32 ndim, int32 has-null flag, uint32 element OID, per dimension int32
 * size and int32 lower bound (1), then per element int32 length (-1 = NULL) and its bytes.
 * Arrays have up to 6 dimensions, every lower bound 1 (ndim 0 for empty); timetz is int64
 * usec since midnight and int32 offset in seconds west of UTC; "char" one byte. */
#ifndef LG_TYPES_PGTYPE_BINARY_H
#define LG_TYPES_PGTYPE_BINARY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lg_buf;
struct lg_pgerr;
struct pgtype_value;

/* True when the type has a binary format here. */
bool pgtype_binary_supported(uint32_t oid);

/* Appends the binary form of stored value v (not NULL) for type oid/typmod (typmod gives a
 * numeric its dscale). LG_EINVAL when the stored value cannot be represented (e.g. text
 * that is not a date in a date column), LG_ETOOBIG when `out` hit its ceiling. Thread: any. */
int pgtype_binary_out(const struct pgtype_value *v, uint32_t oid, int32_t typmod,
                      struct lg_buf *out);

/* Decodes binary bytes p[0..n) of type oid into storage form (TEXT/BLOB results point into
 * scratch, which is reset first). Malformed input fills err (22P03 "incorrect binary data
 * format", or the type's own error) and returns LG_ESQL. Thread: any. */
int pgtype_binary_in(const uint8_t *p, size_t n, uint32_t oid, int32_t typmod,
                     struct pgtype_value *out, struct lg_buf *scratch, struct lg_pgerr *err);

#endif
