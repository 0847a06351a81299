/* translate_emit_check.h - PostgreSQL's parse-analysis checks that SQLite does not make
 * (grouping, aggregate placement, ORDER BY / DISTINCT ON references, LIMIT sign, recursive
 * CTE references), and the reflection helpers they walk trees with. Worker thread only. */
#ifndef LG_TRANSLATE_EMIT_CHECK_H
#define LG_TRANSLATE_EMIT_CHECK_H
#include "translate_emit.h"
#include <stdbool.h>

/* ---- translate_emit_walk.c ---- */
/* Called for each direct child message; return false to stop visiting siblings. */
typedef bool (*emit_walk_fn)(const ProtobufCMessage *child, void *ctx);
void emit_walk_children(const ProtobufCMessage *m, emit_walk_fn fn, void *ctx);
/* Optional override for pairs of messages of the same type: 1 equal, 0 different, -1 compare
 * field by field. */
typedef int (*emit_eq_fn)(const ProtobufCMessage *a, const ProtobufCMessage *b, void *ctx);
/* Structural equality ignoring `location` fields. */
bool emit_msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b, emit_eq_fn eq, void *ctx);

/* ---- translate_emit_check.c ---- */
/* Checks one simple SELECT (no set operation) whose FROM items are already registered in
 * c->scope: aggregate/window placement (42803, 42P20), columns neither grouped nor
 * functionally dependent on a grouped primary key (42803), ORDER BY / GROUP BY positions
 * (42P10), DISTINCT ON against ORDER BY (42P10), FOR UPDATE with aggregates (0A000),
 * negative constant LIMIT/OFFSET (2201W/2201X). Errors go to c as usual. */
void emit_check_select(emit_ctx_t *c, const PgQuery__SelectStmt *s);
/* ---- translate_emit_rowlock.c ---- */
/* FOR UPDATE / SHARE of a simple SELECT or VALUES: on VALUES (0A000), OF a name that is no
 * FROM item (42P01) or is qualified (42601), on the nullable side of an outer join (0A000). */
void emit_check_row_locking(emit_ctx_t *c, const PgQuery__SelectStmt *s);
/* A set operation with a locking clause, its own or an arm's (0A000). */
void emit_check_setop_locking(emit_ctx_t *c, const PgQuery__SelectStmt *s);

/* WITH RECURSIVE: a recursive term that names its CTE more than once (42P19). */
void emit_check_with(emit_ctx_t *c, const PgQuery__WithClause *w);
/* SQL PREPARE: the number of a parameter PostgreSQL cannot type (every use of it is the
 * operand of IS [NOT] NULL and no type was declared; PostgreSQL raises 42P18 "could not
 * determine data type of parameter $n"), with *location its byte offset; 0 = none. */
int emit_check_param_types(const PgQuery__Node *query, size_t ndeclared, const uint32_t *declared,
                           int *location);
/* True when the FuncCall is an aggregate call (not a window call). */
bool emit_is_agg_call(const PgQuery__FuncCall *f);
/* Whether pg names an aggregate function (the one list the emitter uses). */
bool emit_is_agg_name(const char *pg);
/* True when the expression (outside sublinks) contains an aggregate call. */
bool emit_has_agg(const PgQuery__Node *n);
/* ORDER BY / DISTINCT ON item naming a select-list entry (position, or a bare name equal
 * to exactly one output name): that entry's expression; else n itself. */
const PgQuery__Node *emit_target_ref(const PgQuery__SelectStmt *s, const PgQuery__Node *n);

/* ---- translate_emit_select.c ---- */
/* FROM ... WHERE ... GROUP BY ... HAVING ... WINDOW ... (already-emitted FROM text). */
void emit_select_tail(emit_ctx_t *c, const PgQuery__SelectStmt *s, const char *from);

/* ---- translate_emit_winfilter.c: DISTINCT ON and FETCH ... WITH TIES ---- */
/* True when the simple SELECT s is emitted by emit_window_filtered (which then also emits
 * its ORDER BY and LIMIT). */
bool emit_select_wrapped(const PgQuery__SelectStmt *s);
void emit_window_filtered(emit_ctx_t *c, const PgQuery__SelectStmt *s, const char *from,
                          translate_stmt_t *out);

/* ---- translate_emit_sublink.c ---- */
/* Number of output columns of s from its tree (-1 when it has *). */
int emit_select_ncols(const PgQuery__SelectStmt *s);
/* (subquery) used as an expression: 42601 unless one column, 21000 at run time on a second
 * row. Returns the column's type. */
uint32_t emit_scalar_sublink(emit_ctx_t *c, const PgQuery__SubLink *sl);
/* x IN / op ANY / op ALL (subquery): false with 42601 when the column counts differ. */
bool emit_sublink_cols_ok(emit_ctx_t *c, const PgQuery__SubLink *sl);

/* ---- translate_emit_typecheck.c ---- */
/* PostgreSQL's format_type spelling: "integer", "character varying", "text[]". */
const char *emit_type_sqlname(uint32_t oid, char *buf, size_t cap);
/* Type category: 'N'umeric, 'S'tring, 'B'oolean, 'D'ate/time, 'T'imespan; 0 = not judged. */
char emit_type_category(uint32_t oid);
/* 42804 "<what> types X and Y cannot be matched" when two typed args differ in category
 * (args in PostgreSQL's order: for CASE the ELSE result first). */
void emit_check_common(emit_ctx_t *c, PgQuery__Node *const *args, size_t n, const char *what);
/* 42883 "operator does not exist: text + integer" for operands of known types PostgreSQL
 * has no operator for: a comparison (= < > <= >= <>) between type categories (text and
 * integer, boolean and integer), arithmetic (+ - * / %) on a string or boolean. lt, rt: the
 * operands' types, 0 for an untyped one (a literal or parameter takes the other's type). */
bool emit_check_operator(emit_ctx_t *c, const char *op, uint32_t lt, uint32_t rt, int location);
/* sum, avg, min, max, stddev/variance, bool_and/bool_or/every, string_agg over an argument
 * whose type has no such aggregate (sum(text), max(boolean), string_agg(integer, ',')):
 * false with 42883 "function sum(text) does not exist". */
bool emit_check_agg_args(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg);
/* @>, <@, &&: 42883 for json operands and arrays of unrelated element types. */
bool emit_check_containment(emit_ctx_t *c, const char *op, uint32_t lt, uint32_t rt, int location);
/* INSERT/UPDATE: 42804 when a typed value of another category (no assignment cast) goes
 * into column `col` of type `want` ("column "id" is of type integer but expression is of
 * type boolean"). String columns accept everything. */
void emit_check_assign(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want, const char *col);

/* ---- translate_emit_ordset.c ---- */
/* agg(...) WITHIN GROUP (ORDER BY x): percentile_cont/percentile_disc/mode. */
uint32_t emit_ordered_set_call(emit_ctx_t *c, const PgQuery__FuncCall *f);

/* ---- translate_emit_window.c ---- */
/* RANGE frame with interval offsets over a date/timestamp key: emits the whole window
 * definition "(...)" and returns true; false = not this form (nothing emitted). */
bool emit_window_range_interval(emit_ctx_t *c, const PgQuery__WindowDef *w);
/* avg/sum(float8) OVER ...: emitted with PostgreSQL's in-order frame sums; false = not it. */
bool emit_window_float_agg(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t *type);

#endif
