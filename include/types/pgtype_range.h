/* pgtype_range.h - the text syntax of PostgreSQL's range types (range_parse), shared by the
 * SQL functions of sqlfn_range.c and the translator's check of a range literal. */
#ifndef LG_PGTYPE_RANGE_H
#define LG_PGTYPE_RANGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lg_pgerr;

/* Longest bound text kept (longer input is malformed). */
#define PGTYPE_RANGE_BOUND_MAX 128

typedef struct pgtype_range_bound {
    bool inf, inc, lower;
    char v[PGTYPE_RANGE_BOUND_MAX]; /* unquoted, unescaped; "" when inf */
} pgtype_range_bound_t;

typedef struct pgtype_range {
    uint32_t t; /* the range type's OID */
    bool empty;
    pgtype_range_bound_t lo, hi;
} pgtype_range_t;

/* Reads s ("empty", "[1,5)", '("a b",]') into r (zeroed first, r->t left 0); NULL when the
 * syntax is right, else PostgreSQL's DETAIL for "malformed range literal". */
const char *pgtype_range_syntax(const char *s, pgtype_range_t *r);

/* The element type of a built-in range type (int4range -> int4), 0 for other types. */
uint32_t pgtype_range_elem(uint32_t range_oid);

/* Checks a literal of range type range_oid as PostgreSQL's input does before the value
 * exists: the syntax and each bound's text input (in UTC for timestamptz). 0, or LG_EINVAL
 * with err set (22P02 malformed range literal, or the element type's input error). */
int pgtype_range_check(const char *s, uint32_t range_oid, struct lg_pgerr *err);
#endif
