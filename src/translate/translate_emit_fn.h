/* translate_emit_fn.h - emitters for user-defined functions, DO blocks and triggers
 * (translate_emit_fndef.c, translate_emit_fntrig.c), calls of user functions
 * (translate_emit_fncall.c) and the BEFORE-trigger rewrites of INSERT/UPDATE
 * (translate_emit_fnrow.c). Metadata format: include/translate/translate_fn.h.
 * Worker thread only. */
#ifndef LG_TRANSLATE_EMIT_FN_H
#define LG_TRANSLATE_EMIT_FN_H
#include "translate_emit.h"
#include "translate_fn.h"

#define PGTYPE_TRIGGER_OID 2279
#define PGTYPE_RECORD_OID 2249

/* CREATE [OR REPLACE] FUNCTION / PROCEDURE (LANGUAGE sql | plpgsql). */
void emit_create_function(emit_ctx_t *c, const PgQuery__CreateFunctionStmt *s,
                          translate_stmt_t *out);
/* DROP FUNCTION / DROP PROCEDURE / DROP TRIGGER (other DropStmts: emit_drop). */
bool emit_drop_fn_wanted(const PgQuery__DropStmt *s);
void emit_drop_fn(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out);
/* CALL procedure(args) */
void emit_call(emit_ctx_t *c, const PgQuery__CallStmt *s, translate_stmt_t *out);
/* DO [LANGUAGE plpgsql] $$ ... $$ */
void emit_do(emit_ctx_t *c, const PgQuery__DoStmt *s, translate_stmt_t *out);
/* CREATE TRIGGER ... FOR EACH ROW ... EXECUTE FUNCTION f() */
void emit_create_trigger(emit_ctx_t *c, const PgQuery__CreateTrigStmt *s, translate_stmt_t *out);
void emit_drop_trigger(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out);
/* True when table `tbl` has live row triggers (TRUNCATE then deletes with
 * "WHERE lg_trig_truncating()", which keeps the SQLite triggers from running them). */
bool emit_table_has_triggers(emit_ctx_t *c, const char *tbl);

/* Calls: when `name` is a user function, emits the call and returns true (*type = its
 * declared result type); false leaves the call to the built-in path. */
bool emit_user_func_call(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t *type);
/* FROM f(args) of a set-returning (or scalar) user SQL function: true when handled. */
bool emit_user_range_function(emit_ctx_t *c, const PgQuery__RangeFunction *rf);

/* BEFORE ROW triggers: true when the statement was emitted by the rewrite (the table has
 * BEFORE triggers for the statement's event), false to emit it normally. */
bool emit_insert_before_triggers(emit_ctx_t *c, const PgQuery__InsertStmt *s,
                                 translate_stmt_t *out);
bool emit_update_before_triggers(emit_ctx_t *c, const PgQuery__UpdateStmt *s,
                                 translate_stmt_t *out);

#endif
