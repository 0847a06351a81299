/* pgtype_json.h - json validation and jsonb normalization (any thread; pure).
 *
 * jsonb text is PostgreSQL's: object keys sorted by length then bytes, duplicate keys keep
 * the last value, ", " between items and ": " after keys, numbers as numeric prints them
 * (1e2 -> 100, 1.50 -> 1.50), strings re-escaped (only " \ and control characters; \uXXXX
 * decoded to UTF-8). Nesting deeper than PGTYPE_JSON_MAXDEPTH is rejected. */
#ifndef LG_TYPES_PGTYPE_JSON_H
#define LG_TYPES_PGTYPE_JSON_H
#include <stdbool.h>
#include <stddef.h>

struct lg_buf;
struct lg_pgerr;

#define PGTYPE_JSON_MAXDEPTH 1000

/* 0 when s is valid JSON; otherwise fills err (22P02 invalid input syntax for type json)
 * and returns LG_ESQL. */
int pgtype_json_validate(const char *s, size_t n, struct lg_pgerr *err);
/* Appends the jsonb normal form of s to out; errors as pgtype_json_validate (plus 22P05
 * for \u0000). */
int pgtype_jsonb_normalize(const char *s, size_t n, struct lg_buf *out, struct lg_pgerr *err);

#endif
