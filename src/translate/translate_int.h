/* translate_int.h - private interface between translate.c (parse, depth guard, session
 * statements, cache) and the SQL emitter files (translate_emit_*.c). Worker thread only. */
#ifndef LG_TRANSLATE_INT_H
#define LG_TRANSLATE_INT_H
#include "translate.h"
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* Emits a statement that SQLite runs (SELECT/INSERT/UPDATE/DELETE/DDL/EXPLAIN ...).
 * `src` is the whole query string the statement came from (error positions are 1-based
 * character offsets into it); `opts` as given to translate_sql. Fills out->cls (READ,
 * WRITE, DDL or NOOP), out->tag, out->sql (malloc'd; for DDL it may hold several
 * ';'-separated SQLite statements that exec runs in order in one transaction),
 * out->returns_rows, out->nparams/param_types (malloc'd), out->ncols/cols (malloc'd, or
 * ncols = -1), and *uncacheable. Returns 0, or LG_ESQL with err filled (0A000 naming the
 * construct for anything unsupported). */
int translate__emit(const PgQuery__Node *stmt, const char *src, const translate_opts_t *opts,
                    translate_stmt_t *out, bool *uncacheable, lg_pgerr_t *err);

/* translate_session.c: statements the session runs itself (transaction control, SET,
 * SHOW, PREPARE/EXECUTE/DEALLOCATE, DISCARD, LISTEN...). Returns 1 when `stmt` is one of
 * them (out filled, or LG_ESQL-negative with err), 0 when it is for translate__emit. */
int translate__session_stmt(const PgQuery__Node *stmt, const char *src, int loc, int len,
                            translate_stmt_t *out, lg_pgerr_t *err);

/* translate_copy.c: COPY ... FROM STDIN / TO STDOUT (0 or LG_ESQL with err). */
int translate__copy_stmt(const PgQuery__CopyStmt *c, const char *src, int loc, int len,
                         translate_stmt_t *out, lg_pgerr_t *err);

/* translate_guard.c: nesting depth of a packed ParseResult, without recursion.
 * 0 = within limit, 1 = too deep, -1 = malformed. */
int translate__pb_depth_check(const uint8_t *data, size_t len, int limit);

/* Frees the fields of one statement (not the struct itself). */
void translate__stmt_clear(translate_stmt_t *s);

#endif
