/* translate_emit_fntrig.c - CREATE TRIGGER and DROP TRIGGER (FOR EACH ROW, BEFORE or AFTER
 * INSERT / UPDATE [OF cols] / DELETE, optional WHEN, EXECUTE FUNCTION f()).
 *
 * Each trigger is a row of _lg_triggers plus SQLite triggers named
 * "_lgtrg_<tbl>_<name>_<X>": X = M, a marker that never fires (SQLite drops it with the
 * table, so metadata rows of a dropped table are recognised as dead); X = I/U/D, a real
 * SQLite row trigger for AFTER events and BEFORE DELETE, whose body calls
 * lg_trigger(tbl, name, op, 'c1,c2', NEW.c1, NEW.c2, OLD.c1, OLD.c2) (exec_pl_trig.c).
 * A BEFORE DELETE trigger skips the row with RAISE(IGNORE) when the function returns NULL.
 * BEFORE INSERT / UPDATE triggers are applied by translate_emit_fnrow.c, which rewrites
 * the statement; their SQLite trigger (X = I/U) is only a guard calling lg_trig_guard(),
 * which fails with 0A000 for a row that did not come through that rewrite (a statement
 * prepared before the trigger existed), so a BEFORE trigger is never skipped silently;
 * X = J/V, AFTER INSERT/UPDATE, ends the row's pass (lg_trig_guard('', 1)).
 * Statement-level, INSTEAD OF, TRUNCATE and constraint triggers, transition
 * tables and trigger arguments are rejected with 0A000. Worker thread only. */
#include "translate_emit_fn.h"
#include "catalog_meta.h"
#include "lg_alloc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRG_BEFORE 2
#define TRG_INSTEAD 64
#define TRG_INSERT 4
#define TRG_DELETE 8
#define TRG_UPDATE 16
#define TRG_TRUNCATE 32

typedef struct trg_cols {
    int n;
    char names[256][64];
} trg_cols_t;

static void on_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)t;
    (void)notnull;
    (void)pk;
    trg_cols_t *tc = ctx;
    if (tc->n < 256)
        snprintf(tc->names[tc->n++], 64, "%s", col);
}

/* The text inside WHEN ( ... ) of the statement, or "" (malloc'd). */
static char *when_text(const char *stmt)
{
    PgQueryScanResult sr = pg_query_scan(stmt);
    PgQuery__ScanResult *s =
        sr.error ? NULL
                 : pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
    char *out = NULL;
    for (size_t i = 0; s && i + 1 < s->n_tokens && !out; i++) {
        if (s->tokens[i]->token != PG_QUERY__TOKEN__WHEN || stmt[s->tokens[i + 1]->start] != '(')
            continue;
        int depth = 0;
        for (size_t k = i + 1; k < s->n_tokens; k++) {
            char ch = stmt[s->tokens[k]->start];
            bool single = s->tokens[k]->end - s->tokens[k]->start == 1;
            depth += single && ch == '(' ? 1 : (single && ch == ')' ? -1 : 0);
            if (depth == 0) {
                int a = s->tokens[i + 1]->end, e = s->tokens[k]->start;
                out = lg_xstrndup(stmt + a, (size_t)(e - a));
                break;
            }
        }
    }
    if (s)
        pg_query__scan_result__free_unpacked(s, NULL);
    pg_query_free_scan_result(sr);
    return out ? out : lg_xstrdup("");
}

static void emit_trg_name(emit_ctx_t *c, const char *tbl, const char *name, char x)
{
    char buf[EMIT_NAME_MAX * 3];
    snprintf(buf, sizeof(buf), "_lgtrg_%s_%s_%c", tbl, name, x);
    emit_ident(c, buf);
}

static void emit_row_args(emit_ctx_t *c, const trg_cols_t *tc, const char *which)
{
    for (int i = 0; i < tc->n; i++) {
        if (which) {
            emit_fmt(c, ", %s.", which);
            emit_ident(c, tc->names[i]);
        } else {
            emit_str(c, ", NULL");
        }
    }
}

/* One SQLite trigger for event `ev` (TRG_INSERT/UPDATE/DELETE). */
static void emit_sqlite_trigger(emit_ctx_t *c, const PgQuery__CreateTrigStmt *s, const char *tbl,
                                const trg_cols_t *tc, int ev)
{
    bool before = (s->timing & TRG_BEFORE) != 0;
    const char *op = ev == TRG_INSERT ? "INSERT" : ev == TRG_UPDATE ? "UPDATE" : "DELETE";
    emit_str(c, "CREATE TRIGGER ");
    emit_trg_name(c, tbl, s->trigname, op[0]);
    emit_fmt(c, " %s %s ", before ? "BEFORE" : "AFTER", op);
    for (size_t i = 0; ev == TRG_UPDATE && i < s->n_columns; i++) {
        emit_str(c, i ? ", " : "OF ");
        emit_ident(c, emit_strval(s->columns[i]));
    }
    emit_str(c, ev == TRG_UPDATE && s->n_columns ? " ON " : "ON ");
    emit_ident(c, tbl);
    if (before && ev != TRG_DELETE) {
        emit_str(c, " FOR EACH ROW BEGIN SELECT lg_trig_guard(");
        emit_literal(c, s->trigname);
        emit_str(c, ", 0); END; DROP TRIGGER IF EXISTS ");
        emit_trg_name(c, tbl, s->trigname, ev == TRG_INSERT ? 'J' : 'V');
        emit_str(c, "; CREATE TRIGGER ");
        emit_trg_name(c, tbl, s->trigname, ev == TRG_INSERT ? 'J' : 'V');
        emit_fmt(c, " AFTER %s ON ", op);
        emit_ident(c, tbl);
        emit_str(c, " FOR EACH ROW BEGIN SELECT lg_trig_guard('', 1); END;");
        return;
    }
    emit_str(c, before ? " FOR EACH ROW BEGIN SELECT RAISE(IGNORE) WHERE lg_trigger("
                       : " FOR EACH ROW BEGIN SELECT lg_trigger(");
    emit_literal(c, tbl);
    emit_str(c, ", ");
    emit_literal(c, s->trigname);
    emit_fmt(c, ", '%s', '", op);
    for (int i = 0; i < tc->n; i++)
        emit_fmt(c, "%s%s", i ? "," : "", tc->names[i]);
    emit_str(c, "'");
    emit_row_args(c, tc, ev == TRG_DELETE ? NULL : "NEW");
    emit_row_args(c, tc, ev == TRG_INSERT ? NULL : "OLD");
    emit_str(c, before ? ") IS NULL; END;" : "); END;");
}

static bool check_trigger_form(emit_ctx_t *c, const PgQuery__CreateTrigStmt *s)
{
    if (!s->row)
        emit_unsupported(c, -1, "statement-level triggers (FOR EACH STATEMENT)");
    else if (s->timing & TRG_INSTEAD)
        emit_unsupported(c, -1, "INSTEAD OF triggers");
    else if (s->events & TRG_TRUNCATE)
        emit_unsupported(c, -1, "TRUNCATE triggers");
    else if (s->isconstraint)
        emit_unsupported(c, -1, "constraint triggers");
    else if (s->n_transition_rels)
        emit_unsupported(c, -1, "trigger transition tables (REFERENCING)");
    else if (s->n_args)
        emit_unsupported(c, -1, "trigger function arguments");
    else if (s->replace)
        emit_unsupported(c, -1, "CREATE OR REPLACE TRIGGER");
    return !c->failed;
}

static int trigger_alive(sqlite3 *db, const char *tbl, const char *name)
{
    sqlite3_stmt *q = NULL;
    int alive = 0;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT 1 FROM main._lg_triggers t WHERE t.tbl = ?1 AND "
                                 "t.name = ?2 AND EXISTS (SELECT 1 FROM sqlite_schema m WHERE "
                                 "m.type = 'trigger' AND m.name = '_lgtrg_' || ?1 || '_' || ?2 "
                                 "|| '_M')",
                                 -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, name, -1, SQLITE_STATIC);
        alive = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return alive;
}

bool emit_table_has_triggers(emit_ctx_t *c, const char *tbl)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *q = NULL;
    bool found = false;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT 1 FROM main._lg_triggers t WHERE t.tbl = ?1 AND EXISTS "
                                 "(SELECT 1 FROM sqlite_schema m WHERE m.type = 'trigger' AND "
                                 "m.name = '_lgtrg_' || t.tbl || '_' || t.name || '_M')",
                                 -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
        found = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return found;
}

/* Function named by EXECUTE FUNCTION must exist and return trigger. */
static void check_trigger_function(emit_ctx_t *c, sqlite3 *db, const char *fname)
{
    translate_fndef_t d;
    if (translate_fndef_load(db, fname, &d) != 0) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, -1, "function %s() does not exist", fname);
        return;
    }
    if (d.rettype != PGTYPE_TRIGGER_OID)
        emit_error(c, "42P17", -1, "function %s must return type trigger", fname);
    translate_fndef_clear(&d);
}

static void emit_trigger_meta(emit_ctx_t *c, const PgQuery__CreateTrigStmt *s, const char *tbl,
                              const char *fname, const char *when)
{
    emit_str(c, TRANSLATE_FN_META_SQL "DELETE FROM _lg_triggers WHERE tbl = ");
    emit_literal(c, tbl);
    emit_str(c, " AND name = ");
    emit_literal(c, s->trigname);
    emit_str(c, "; INSERT INTO _lg_triggers VALUES (");
    emit_literal(c, tbl);
    emit_str(c, ", ");
    emit_literal(c, s->trigname);
    emit_str(c, ", ");
    emit_literal(c, fname);
    emit_fmt(c, ", '%c', '%s%s%s', '", (s->timing & TRG_BEFORE) ? 'B' : 'A',
             (s->events & TRG_INSERT) ? "I" : "", (s->events & TRG_UPDATE) ? "U" : "",
             (s->events & TRG_DELETE) ? "D" : "");
    for (size_t i = 0; i < s->n_columns; i++)
        emit_fmt(c, "%s%s", i ? "," : "", emit_strval(s->columns[i]));
    emit_str(c, "', ");
    emit_literal(c, when);
    emit_str(c, "); CREATE TRIGGER ");
    emit_trg_name(c, tbl, s->trigname, 'M');
    emit_str(c, " AFTER DELETE ON ");
    emit_ident(c, tbl);
    emit_str(c, " FOR EACH ROW WHEN 0 BEGIN SELECT 1; END;");
}

void emit_create_trigger(emit_ctx_t *c, const PgQuery__CreateTrigStmt *s, translate_stmt_t *out)
{
    if (!check_trigger_form(c, s))
        return;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *tbl = emit_relname(c, s->relation);
    if (c->failed)
        return;
    if (db && catalog_relation_exists(db, tbl) != 1) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, s->relation->location,
                   "relation \"%s\" does not exist", s->relation->relname);
        return;
    }
    const char *fname = emit_object_name(c, s->funcname, s->n_funcname);
    check_trigger_function(c, db, fname);
    if (!c->failed && trigger_alive(db, tbl, s->trigname))
        emit_error(c, LG_SQLSTATE_DUPLICATE_OBJECT, -1,
                   "trigger \"%s\" for relation \"%s\" already exists", s->trigname, tbl);
    if (c->failed)
        return;
    trg_cols_t *tc = lg_xcalloc(1, sizeof(*tc));
    if (db)
        catalog_table_columns(db, tbl, on_col, tc);
    const char *src = c->src + out->stmt_location;
    char *stmt = lg_xstrndup(src, out->stmt_len > 0 ? (size_t)out->stmt_len : strlen(src));
    char *when = when_text(stmt);
    emit_str(c, "DROP TRIGGER IF EXISTS ");
    emit_trg_name(c, tbl, s->trigname, 'M');
    emit_str(c, ";");
    emit_trigger_meta(c, s, tbl, fname, when);
    static const int evs[] = {TRG_INSERT, TRG_UPDATE, TRG_DELETE};
    for (int i = 0; i < 3; i++) {
        if (!(s->events & evs[i]))
            continue;
        emit_str(c, "DROP TRIGGER IF EXISTS ");
        emit_trg_name(c, tbl, s->trigname,
                      evs[i] == TRG_INSERT   ? 'I'
                      : evs[i] == TRG_UPDATE ? 'U'
                                             : 'D');
        emit_str(c, ";");
        emit_sqlite_trigger(c, s, tbl, tc, evs[i]);
    }
    free(when);
    free(stmt);
    free(tc);
}

void emit_drop_trigger(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out)
{
    (void)out;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    size_t start = c->b->len;
    for (size_t i = 0; i < s->n_objects && !c->failed; i++) {
        const PgQuery__Node *o = s->objects[i];
        if (o->node_case != PG_QUERY__NODE__NODE_LIST || o->list->n_items < 2) {
            emit_unsupported(c, -1, "this DROP TRIGGER form");
            return;
        }
        const PgQuery__List *l = o->list;
        const char *name = emit_strval(l->items[l->n_items - 1]);
        const char *tbl = emit_object_name(c, l->items, l->n_items - 1);
        if (!trigger_alive(db, tbl, name)) {
            if (!s->missing_ok)
                emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1,
                           "trigger \"%s\" for table \"%s\" does not exist", name, tbl);
            continue;
        }
        emit_str(c, "DELETE FROM _lg_triggers WHERE tbl = ");
        emit_literal(c, tbl);
        emit_str(c, " AND name = ");
        emit_literal(c, name);
        emit_str(c, ";");
        static const char xs[] = "MIUDJV";
        for (int k = 0; k < 6; k++) {
            emit_str(c, "DROP TRIGGER IF EXISTS ");
            emit_trg_name(c, tbl, name, xs[k]);
            emit_str(c, ";");
        }
    }
    if (c->b->len == start)
        c->b->len = start;
}
