/* sqlfn_json.h - the JSON document model shared by the JSON, jsonb and array functions
 * (private to src/sqlfn).
 *
 * The document model itself (jdoc_t, parsing) is in include/sqlfn/sqlfn_jsondoc.h. Writing a node
 * either copies its source span (json keeps the text it was given) or re-prints it normalized as
 * PostgreSQL prints jsonb. */
#ifndef LG_SQLFN_JSON_H
#define LG_SQLFN_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_buf.h"
#include "sqlfn_int.h"
#include "sqlfn_jsondoc.h"

/* SQLite's JSON subtype; our JSON results carry it so builders embed them unquoted. */
#define SQLFN_JSON_SUBTYPE 74
/* JSON of a row (lg_json_row): embedded like any JSON; json_agg starts each such element
 * after the first on a new line, as PostgreSQL does for composite values. */
#define SQLFN_JSON_ROW_SUBTYPE 82

typedef enum { JW_RAW, JW_JSONB } jw_mode_t;

/* Parses argument v; on failure raises 22P02 on ctx and returns false. */
bool sqlfn__json_arg(sqlite3_context *ctx, sqlite3_value *v, jdoc_t *d);

/* Appends node i: its source text (JW_RAW) or its normalized jsonb form. */
void sqlfn__json_write(lg_buf_t *b, const jdoc_t *d, int32_t i, jw_mode_t mode);
/* Appends s as a JSON string literal, escaped as PostgreSQL does. */
void sqlfn__json_quote(lg_buf_t *b, const unsigned char *s, size_t n);
/* True if string node i decodes to exactly key[0..n). */
bool sqlfn__json_key_eq(const jdoc_t *d, int32_t i, const char *key, size_t n);

/* Value of the last member named key of object node i, or -1. */
int32_t sqlfn__json_obj_get(const jdoc_t *d, int32_t i, const char *key, size_t n);
/* Element k of array node i (negative k counts from the end), or -1. */
int32_t sqlfn__json_arr_get(const jdoc_t *d, int32_t i, int64_t k);

/* Sets the result to node i as TEXT with the JSON subtype (mode as above). */
void sqlfn__json_result_node(sqlite3_context *ctx, const jdoc_t *d, int32_t i, jw_mode_t m);
/* Sets the result to node i as PostgreSQL's ->> does: strings decoded, null as SQL NULL,
 * everything else as its JSON text. */
void sqlfn__json_result_text(sqlite3_context *ctx, const jdoc_t *d, int32_t i, jw_mode_t m);
/* Sets the result to array element e as an SQL value, as unnest and subscripts give it:
 * numbers as INTEGER/REAL, strings decoded, null as NULL, true/false as 1/0, containers as
 * their JSON text. */
void sqlfn__json_result_sql(sqlite3_context *ctx, const jdoc_t *d, int32_t e);
/* Sets b's bytes as a JSON TEXT result with the JSON subtype, then deinits b. */
void sqlfn__json_result_buf(sqlite3_context *ctx, lg_buf_t *b);

/* Appends SQL value v as JSON: NULL -> null, numbers as numbers, TEXT with the JSON subtype
 * as is, other TEXT and BLOB as strings. jsonb mode normalizes embedded JSON. */
void sqlfn__json_append_value(lg_buf_t *b, sqlite3_value *v, jw_mode_t mode);

/* Parses a path argument: a JSON array of strings/numbers or a PostgreSQL text array
 * literal '{a,0,"b c"}'. Fills up to max elements as NUL-terminated strings carved out of
 * *storage (caller frees). Returns the count or -1 if malformed or too long. */
int sqlfn__json_path_parse(sqlite3_value *v, char **elems, int max, char **storage);

/* Converts PostgreSQL array text s[0..n) to JSON array text appended to out. kind: 't'
 * text elements, 'n' numbers, 'b' booleans. 0 or LG_EINVAL. */
int sqlfn__pgarray_to_json(lg_buf_t *out, const char *s, size_t n, char kind);

#endif
