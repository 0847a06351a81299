/* pgtype_int.h - helpers shared between files of the types module (not exported). */
#ifndef LG_TYPES_PGTYPE_INT_H
#define LG_TYPES_PGTYPE_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lg_buf;
struct lg_pgerr;
struct pgtype_session;
struct pgtype_value;

/* JSON reading. All take a cursor *p and the end of the text; they return false on
 * malformed input and leave *p after what they consumed. */
void pgtype__json_ws(const char **p, const char *end);
/* Decodes a JSON string at *p (which must point at '"') into out, as UTF-8. */
bool pgtype__json_string(const char **p, const char *end, struct lg_buf *out);
/* Skips one JSON value. */
bool pgtype__json_skip(const char **p, const char *end);

/* Arrays: PostgreSQL text '{...}' <-> JSON storage. */
int pgtype__array_in(const char *s, size_t n, uint32_t elem_oid, const struct pgtype_session *ss,
                     struct lg_buf *out, struct lg_pgerr *err);
int pgtype__array_out(const uint8_t *p, size_t n, uint32_t elem_oid,
                      const struct pgtype_session *ss, struct lg_buf *out);

/* Appends the JSON form of a storage value (array elements). */
void pgtype__json_put_value(const struct pgtype_value *v, uint32_t oid, struct lg_buf *out);
/* Appends s as a JSON string literal. */
void pgtype__json_put_string(const uint8_t *s, size_t n, struct lg_buf *out);

/* Storage for a decimal: INTEGER when integral and in int64, REAL up to 15 significant
 * digits, else TEXT (written to scratch). */
struct pgtype_dec;
void pgtype__dec_store(struct pgtype_dec *d, struct pgtype_value *out, struct lg_buf *scratch);

/* Reads one scalar JSON array element at *p as a storage value of element type elem
 * (strings are decoded into sb, which must be empty). */
bool pgtype__json_elem_value(const char **p, const char *end, uint32_t elem,
                             struct pgtype_value *v, struct lg_buf *sb);

#endif
