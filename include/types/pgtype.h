/* pgtype.h - PostgreSQL type OIDs and their basic properties (any thread; pure).
 * Storage on SQLite (docs/storage.md): int2/int4/int8/bool -> INTEGER, float4/float8 ->
 * REAL, bytea -> BLOB, everything else TEXT in a canonical form. */
#ifndef LG_TYPES_PGTYPE_H
#define LG_TYPES_PGTYPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PGTYPE_BOOL 16
#define PGTYPE_BYTEA 17
#define PGTYPE_CHAR 18
#define PGTYPE_NAME 19
#define PGTYPE_INT8 20
#define PGTYPE_INT2 21
#define PGTYPE_INT2VECTOR 22 /* catalog only: "2 3", subscripts from 0 */
#define PGTYPE_INT4 23
#define PGTYPE_REGPROC 24
#define PGTYPE_TEXT 25
#define PGTYPE_OID 26
#define PGTYPE_OIDVECTOR 30 /* catalog only, like int2vector */
#define PGTYPE_JSON 114
#define PGTYPE_XML 142
#define PGTYPE_FLOAT4 700
#define PGTYPE_FLOAT8 701
#define PGTYPE_UNKNOWN 705
#define PGTYPE_MONEY 790
#define PGTYPE_BPCHAR 1042
#define PGTYPE_VARCHAR 1043
#define PGTYPE_DATE 1082
#define PGTYPE_TIME 1083
#define PGTYPE_TIMESTAMP 1114
#define PGTYPE_TIMESTAMPTZ 1184
#define PGTYPE_INTERVAL 1186
#define PGTYPE_TIMETZ 1266
#define PGTYPE_NUMERIC 1700
#define PGTYPE_REGPROCEDURE 2202
#define PGTYPE_REGCLASS 2205
#define PGTYPE_REGTYPE 2206
#define PGTYPE_REGNAMESPACE 4089
#define PGTYPE_REGROLE 4096
#define PGTYPE_RECORD 2249
#define PGTYPE_VOID 2278
#define PGTYPE_UUID 2950
#define PGTYPE_JSONB 3802
#define PGTYPE_TSVECTOR 3614
#define PGTYPE_TSQUERY 3615
/* range types (sqlfn_range.c; stored in canonical text form) */
#define PGTYPE_INT4RANGE 3904
#define PGTYPE_NUMRANGE 3906
#define PGTYPE_TSRANGE 3908
#define PGTYPE_TSTZRANGE 3910
#define PGTYPE_DATERANGE 3912
#define PGTYPE_INT8RANGE 3926
/* arrays */
#define PGTYPE_BOOL_ARRAY 1000
#define PGTYPE_BYTEA_ARRAY 1001
#define PGTYPE_INT2_ARRAY 1005
#define PGTYPE_INT4_ARRAY 1007
#define PGTYPE_TEXT_ARRAY 1009
#define PGTYPE_BPCHAR_ARRAY 1014
#define PGTYPE_VARCHAR_ARRAY 1015
#define PGTYPE_INT8_ARRAY 1016
#define PGTYPE_FLOAT4_ARRAY 1021
#define PGTYPE_FLOAT8_ARRAY 1022
#define PGTYPE_OID_ARRAY 1028
#define PGTYPE_TIMESTAMP_ARRAY 1115
#define PGTYPE_DATE_ARRAY 1182
#define PGTYPE_TIME_ARRAY 1183
#define PGTYPE_TIMESTAMPTZ_ARRAY 1185
#define PGTYPE_INTERVAL_ARRAY 1187
#define PGTYPE_NUMERIC_ARRAY 1231
#define PGTYPE_UUID_ARRAY 2951
#define PGTYPE_JSON_ARRAY 199
#define PGTYPE_JSONB_ARRAY 3807

/* Type length as RowDescription reports it (-1 varlena, -2 cstring). */
int16_t pgtype_typlen(uint32_t oid);
/* Canonical PostgreSQL name ("int4", "timestamptz", "_int4"...); "unknown" if not known. */
const char *pgtype_name(uint32_t oid);
/* Maps a SQLite declared type (e.g. "INTEGER", "varchar(10)", "timestamptz") to an OID;
 * 0 when the declared type is NULL or empty. */
uint32_t pgtype_from_decltype(const char *decltype);
/* OID from a PostgreSQL type name as libpg_query gives it ("int4", "pg_catalog.int8" minus
 * its schema, "varchar", "serial", "text"...); 0 when unknown. */
uint32_t pgtype_from_name(const char *name);
/* Element OID of an array type, or 0. */
/* A user type (OID >= PGTYPE_FIRST_USER_OID, an enum) has an array type whose OID is its own
 * with PGTYPE_USER_ARRAY_BIT set: pgtype_array_elem maps it back, pgtype_array_of to it. */
#define PGTYPE_FIRST_USER_OID 16384u
#define PGTYPE_USER_ARRAY_BIT 0x80000000u
uint32_t pgtype_array_elem(uint32_t array_oid);
uint32_t pgtype_array_of(uint32_t elem_oid);

/* pgtype_ident.c: whether PostgreSQL prints identifier s[0..n) without quotes (lowercase,
 * digits, '_', no leading digit, not a keyword it reserves anywhere). Any thread. */
bool pgtype_ident_is_bare(const char *s, size_t n);

#endif
