/* translate_emit_fnbuiltin.h - built-in function details for translate_emit_func.c:
 * numeric versions of the math functions, scale(), named arguments of the make_* functions,
 * the result type of AT TIME ZONE, and parameter types from built-in signatures. Worker
 * thread only. */
#ifndef LG_TRANSLATE_EMIT_FNBUILTIN_H
#define LG_TRANSLATE_EMIT_FNBUILTIN_H
#include "translate_emit.h"

/* Notes the types of $n arguments of a built-in function from its PostgreSQL signature
 * (translate_emit_fnsig.c): repeat(s, $1) makes $1 an int4. */
void emit_builtin_note_params(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg);
/* lg_num_* for power/pow/sqrt/exp/ln/log when an argument is numeric, else NULL. */
const char *emit_builtin_numeric_fn(const char *pg, size_t nargs, uint32_t a1, uint32_t a2);
/* Display typmod of such a numeric result. */
int32_t emit_builtin_numeric_typmod(const PgQuery__FuncCall *f, const char *pg, uint32_t a1,
                                    int32_t a1_typmod, uint32_t a2);
/* Emits scale(x) as lg_scale(x, known display scale). */
uint32_t emit_builtin_scale_call(emit_ctx_t *c, const PgQuery__FuncCall *f);
/* A make_* call with name => value arguments: emitted positionally (*t = its type), true;
 * false when f has no named argument or is not such a function. */
bool emit_builtin_named_args(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg,
                             uint32_t *t);
/* Result type of timezone(zone, x) (x AT TIME ZONE zone) for x's type; 0 if not a
 * date/time type. */
uint32_t emit_builtin_timezone_type(uint32_t x);
/* x AT TIME ZONE INTERVAL '...': the interval as a fixed offset east of UTC. */
uint32_t emit_builtin_timezone_interval(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t x);
/* (s1, e1) OVERLAPS (s2, e2). */
uint32_t emit_builtin_overlaps(emit_ctx_t *c, const PgQuery__FuncCall *f);
/* substring(s SIMILAR p ESCAPE e). */
uint32_t emit_builtin_similar_substring(emit_ctx_t *c, const PgQuery__FuncCall *f);

#endif
