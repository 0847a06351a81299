/* translate_emit_view.c - automatically updatable views (PostgreSQL 15, "Updatable Views").
 *
 * A view whose query is SELECT of plain columns (unrenamed, or *) FROM one table, with an
 * optional WHERE and nothing else (no DISTINCT, GROUP BY, HAVING, LIMIT, OFFSET, WITH,
 * set operations, aggregates or window functions) is recorded by CREATE VIEW in
 *     _lg_updview(view, base, where_sql, check_opt)
 * where where_sql is the WHERE as SQLite text with unqualified columns ("" = none) and
 * check_opt is 1 for WITH [LOCAL|CASCADED] CHECK OPTION. INSERT/UPDATE/DELETE naming such
 * a view run on the base table (under the view's name as alias); UPDATE and DELETE add the
 * view's WHERE. With CHECK OPTION the INSERT/UPDATE is a script (translate.h) whose
 * statement captures the written rowids, followed by a check that raises 44000 "new row
 * violates check option for view" when a written row is not visible through the view.
 * Any other view is not updatable: 55000 as PostgreSQL words it. A view PostgreSQL could
 * update but this does not handle (column aliases, a view as its base) is recorded with an
 * empty base and its DML is 0A000. Worker thread only. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include <sqlite3.h>
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEW_META_SQL                                                                              \
    "CREATE TABLE IF NOT EXISTS _lg_updview(view TEXT PRIMARY KEY, base TEXT NOT NULL, "           \
    "where_sql TEXT NOT NULL DEFAULT '', check_opt INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"

/* The reason a SELECT cannot be an updatable view, or NULL when it can. */
static const char *not_updatable(const PgQuery__SelectStmt *q)
{
    if (q->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.";
    if (q->n_distinct_clause)
        return "Views containing DISTINCT are not automatically updatable.";
    if (q->n_group_clause)
        return "Views containing GROUP BY are not automatically updatable.";
    if (q->having_clause)
        return "Views containing HAVING are not automatically updatable.";
    if (q->with_clause)
        return "Views containing WITH are not automatically updatable.";
    if (q->limit_count || q->limit_offset)
        return "Views containing LIMIT or OFFSET are not automatically updatable.";
    if (q->n_from_clause != 1 || q->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
        return "Views that do not select from a single table or view are not automatically "
               "updatable.";
    for (size_t i = 0; i < q->n_target_list; i++) {
        const PgQuery__Node *v = q->target_list[i]->res_target->val;
        if (v && v->node_case == PG_QUERY__NODE__NODE_FUNC_CALL &&
            (v->func_call->over || emit_is_agg_call(v->func_call)))
            return "Views that return aggregate functions are not automatically updatable.";
    }
    return NULL;
}

/* Updatable in PostgreSQL but not handled here: a select list that is not plain columns
 * under their own names. */
static bool unsupported_here(const PgQuery__SelectStmt *q)
{
    for (size_t i = 0; i < q->n_target_list; i++) {
        const PgQuery__ResTarget *rt = q->target_list[i]->res_target;
        const PgQuery__Node *v = rt->val;
        if (!v || v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
            return true;
        const PgQuery__ColumnRef *cr = v->column_ref;
        const PgQuery__Node *last = cr->fields[cr->n_fields - 1];
        if (rt->name[0] && (last->node_case != PG_QUERY__NODE__NODE_STRING ||
                            strcmp(rt->name, emit_strval(last)) != 0))
            return true;
    }
    return false;
}

static bool base_is_table(emit_ctx_t *c, const char *base)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
                                 "AND name = ?1",
                                 -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

void emit_view_record(emit_ctx_t *c, const PgQuery__ViewStmt *s, const char *name)
{
    emit_str(c, VIEW_META_SQL "DELETE FROM _lg_updview WHERE view = ");
    emit_literal(c, name);
    emit_str(c, ";");
    const PgQuery__SelectStmt *q = s->query->select_stmt;
    bool check = s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION ||
                 s->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION;
    const char *why = not_updatable(q);
    const PgQuery__RangeVar *rv = why ? NULL : q->from_clause[0]->range_var;
    const char *base = rv ? emit_relname(c, rv) : NULL;
    if (!why && (s->n_aliases || unsupported_here(q) || !base_is_table(c, base))) {
        /* updatable in PostgreSQL, not here: recorded without a base (0A000 on DML) */
        emit_str(c, "INSERT INTO _lg_updview VALUES (");
        emit_literal(c, name);
        emit_str(c, ", '', '', 0);");
        why = "column aliases or a view as the base";
    }
    if (why) {
        if (check)
            emit_unsupported(c, -1,
                             "WITH CHECK OPTION on a view that is not automatically "
                             "updatable");
        return;
    }
    char basecopy[EMIT_NAME_MAX * 2];
    snprintf(basecopy, sizeof(basecopy), "%s", base);
    lg_buf_t wb;
    lg_buf_init(&wb, c->b->max);
    if (q->where_clause) {
        lg_buf_t *saved = c->b;
        c->b = &wb;
        emit_scope_push(c);
        const char *alias =
            rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname;
        emit_scope_add(c, alias, basecopy);
        const char *saved_unq = c->unqualify;
        c->unqualify = alias;
        emit_expr_as(c, q->where_clause, PGTYPE_BOOL, -1);
        c->unqualify = saved_unq;
        emit_scope_pop(c);
        c->b = saved;
    }
    lg_buf_putc(&wb, 0);
    emit_str(c, "INSERT INTO _lg_updview VALUES (");
    emit_literal(c, name);
    emit_str(c, ", ");
    emit_literal(c, basecopy);
    emit_str(c, ", ");
    emit_literal(c, wb.failed ? "" : (const char *)wb.data);
    emit_fmt(c, ", %d);", check ? 1 : 0);
    lg_buf_deinit(&wb);
}

static bool is_view(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT 1 FROM sqlite_schema WHERE type = 'view' "
                                 "AND name = ?1",
                                 -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

bool emit_view_target(emit_ctx_t *c, const PgQuery__RangeVar *rel, const char *verb,
                      emit_view_t *out)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *name = emit_relname(c, rel);
    memset(out, 0, sizeof(*out));
    if (!is_view(db, name))
        return false;
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT base, where_sql, check_opt FROM _lg_updview WHERE view = ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            found = true;
            snprintf(out->base, sizeof(out->base), "%s", (const char *)sqlite3_column_text(st, 0));
            out->where_sql = lg_xstrdup((const char *)sqlite3_column_text(st, 1));
            out->check = sqlite3_column_int(st, 2) != 0;
        }
    }
    sqlite3_finalize(st);
    snprintf(out->view, sizeof(out->view), "%s", name);
    out->alias = rel->alias && rel->alias->aliasname[0] ? rel->alias->aliasname : rel->relname;
    if (!found)
        emit_error(c, "55000", rel->location, "cannot %s view \"%s\"", verb, rel->relname);
    else if (!out->base[0])
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, rel->location,
                   "%s view \"%s\" (computed or renamed columns, or defined on another "
                   "view) is not supported",
                   verb, rel->relname);
    return true;
}

void emit_view_free(emit_view_t *v)
{
    free(v->where_sql);
    v->where_sql = NULL;
}

void emit_view_rangevar(emit_ctx_t *c, const emit_view_t *v)
{
    emit_ident(c, v->base);
    emit_str(c, " AS ");
    emit_ident(c, v->alias);
}

void emit_view_where(emit_ctx_t *c, const emit_view_t *v, bool have_where)
{
    if (!v->where_sql || !v->where_sql[0])
        return;
    emit_str(c, have_where ? " AND (" : " WHERE (");
    emit_str(c, v->where_sql);
    emit_str(c, ")");
}

bool emit_view_check_begin(emit_ctx_t *c, const emit_view_t *v, size_t n_returning)
{
    if (!v->check || !v->where_sql || !v->where_sql[0])
        return false;
    if (n_returning || c->modcte) {
        emit_unsupported(c, -1, "RETURNING or WITH on a view WITH CHECK OPTION");
        return false;
    }
    emit_str(c, TRANSLATE_SCRIPT_MARK TRANSLATE_CAPTURE_MARK "_lg_main_viewchk*/");
    return true;
}

void emit_view_check_end(emit_ctx_t *c, const emit_view_t *v)
{
    emit_str(c, " RETURNING rowid AS _lg_rid;SELECT lg_raise('44000', ");
    char msg[EMIT_NAME_MAX + 64];
    snprintf(msg, sizeof(msg), "new row violates check option for view \"%s\"", v->view);
    emit_literal(c, msg);
    emit_str(c, ") FROM ");
    emit_ident(c, v->base);
    emit_fmt(c,
             " WHERE rowid IN (SELECT _lg_rid FROM temp._lg_main_viewchk) "
             "AND NOT coalesce((%s), 0) LIMIT 1;DROP TABLE temp._lg_main_viewchk",
             v->where_sql);
}

void emit_view_forget(emit_ctx_t *c, const char *name)
{
    emit_str(c, VIEW_META_SQL "DELETE FROM _lg_updview WHERE view = ");
    emit_literal(c, name);
    emit_str(c, ";");
}

/* ---- CREATE OR REPLACE VIEW: the old columns stay (PostgreSQL's checkViewTupleDesc) ---- */

#define VIEW_OLD_COLS_MAX 256

typedef struct old_cols {
    int n;
    struct {
        char name[EMIT_NAME_MAX];
        uint32_t typoid;
        int32_t typmod;
    } col[VIEW_OLD_COLS_MAX];
} old_cols_t;

static void on_old_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)notnull, (void)pk;
    old_cols_t *o = ctx;
    if (o->n == VIEW_OLD_COLS_MAX)
        return;
    snprintf(o->col[o->n].name, EMIT_NAME_MAX, "%s", col);
    o->col[o->n].typoid = t->typoid;
    o->col[o->n++].typmod = t->typmod;
}

/* Whether a column of type old(old_mod) may become new(new_mod): types recorded on both
 * sides must agree, and a varchar(n) / char(n) length too. */
static bool same_view_type(uint32_t old, int32_t old_mod, uint32_t nw, int32_t new_mod)
{
    if (!old || !nw || old == PGTYPE_UNKNOWN || nw == PGTYPE_UNKNOWN)
        return true;
    if (old != nw)
        return false;
    return !(old == PGTYPE_VARCHAR || old == PGTYPE_BPCHAR) || old_mod == new_mod;
}

void emit_view_check_replace(emit_ctx_t *c, const char *name, const translate_stmt_t *q,
                             const PgQuery__ViewStmt *s)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (!db || q->ncols < 0)
        return;
    old_cols_t *o = lg_xcalloc(1, sizeof(*o));
    catalog_table_columns(db, name, on_old_col, o);
    if (o->n > q->ncols)
        emit_error(c, "42P16", -1, "cannot drop columns from view");
    for (int i = 0; i < o->n && i < q->ncols && !c->failed; i++) {
        const char *col = (size_t)i < s->n_aliases ? emit_strval(s->aliases[i]) : q->cols[i].name;
        char a[64], b[64];
        if (col && strcmp(col, o->col[i].name) != 0)
            emit_error(c, "42P16", -1, "cannot change name of view column \"%s\" to \"%s\"",
                       o->col[i].name, col);
        else if (!same_view_type(o->col[i].typoid, o->col[i].typmod, q->cols[i].type_oid,
                                 q->cols[i].typmod))
            emit_error(c, "42P16", -1,
                       "cannot change data type of view column \"%s\" from %s to %s",
                       o->col[i].name, emit_type_sqlname(o->col[i].typoid, a, sizeof(a)),
                       emit_type_sqlname(q->cols[i].type_oid, b, sizeof(b)));
    }
    free(o);
}
