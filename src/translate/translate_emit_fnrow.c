/* translate_emit_fnrow.c - BEFORE ROW triggers on INSERT and UPDATE.
 *
 * SQLite triggers cannot change NEW, and RETURNING would not show changes made by
 * triggers, so a statement on a table with BEFORE INSERT (UPDATE) triggers is rewritten so
 * that every new row passes through lg_trig_before() before it is stored:
 *   INSERT: WITH _lg_src(c1..ck) AS (<VALUES or SELECT>),
 *           _lg_rows AS MATERIALIZED (SELECT lg_trig_before('t', 'INSERT', '', 'a,b,..',
 *               <new a>, <new b>, .., NULL, ..) AS j FROM _lg_src)
 *           INSERT INTO t (a, b, ..) SELECT lg_trow(j, 0), lg_trow(j, 1), .. FROM _lg_rows
 *           WHERE j IS NOT NULL [RETURNING ..]
 *     (columns not given take their SQLite DEFAULT expression).
 *   UPDATE: WITH _lg_rows AS MATERIALIZED (SELECT t.rowid AS _lg_rid,
 *               lg_trig_before('t', 'UPDATE', '<SET columns>', 'a,b,..', <new a>, ..,
 *               t.a, ..) AS j FROM t WHERE <where>)
 *           UPDATE t SET a = lg_trow(_lg_rows.j, 0), .. FROM _lg_rows
 *           WHERE t.rowid = _lg_rows._lg_rid AND _lg_rows.j IS NOT NULL [RETURNING ..]
 * lg_trig_before (exec_pl_trig.c) runs the table's BEFORE triggers in name order and
 * returns a handle to the final row (NULL = skip it); lg_trow(j, k) reads column k of it
 * (the last column frees it). MATERIALIZED keeps SQLite from evaluating it once per use.
 * Forms this cannot express (ON CONFLICT, WITH, UPDATE ... FROM, multi-column SET,
 * DEFAULT in VALUES) fail with 0A000 instead of skipping the trigger. Worker thread only. */
#include "translate_emit_fn.h"
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAX_COLS 60

typedef struct row_cols {
    int n;
    char names[ROW_MAX_COLS][64];
    uint32_t types[ROW_MAX_COLS];
    int32_t typmods[ROW_MAX_COLS];
    char *dflt[ROW_MAX_COLS]; /* SQLite DEFAULT expression or NULL (owned) */
    bool too_many;
} row_cols_t;

static void on_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)notnull;
    (void)pk;
    row_cols_t *rc = ctx;
    if (rc->n >= ROW_MAX_COLS) {
        rc->too_many = true;
        return;
    }
    snprintf(rc->names[rc->n], 64, "%s", col);
    rc->types[rc->n] = t->typoid;
    rc->typmods[rc->n] = t->typmod;
    rc->n++;
}

static void load_defaults(sqlite3 *db, const char *tbl, row_cols_t *rc)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name, dflt_value FROM pragma_table_info(?1)", -1, &q,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return;
    }
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(q, 0);
        const char *d = (const char *)sqlite3_column_text(q, 1);
        for (int i = 0; n && d && i < rc->n; i++)
            if (!strcmp(rc->names[i], n))
                rc->dflt[i] = lg_xstrdup(d);
    }
    sqlite3_finalize(q);
}

static void row_cols_free(row_cols_t *rc)
{
    for (int i = 0; i < rc->n; i++)
        free(rc->dflt[i]);
    free(rc);
}

/* 1 if tbl has a live BEFORE trigger for event letter ev ('I', 'U'), else 0. */
static int has_before(sqlite3 *db, const char *tbl, const char *ev)
{
    sqlite3_stmt *q = NULL;
    int found = 0;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT 1 FROM main._lg_triggers t WHERE t.tbl = ?1 AND "
                                 "t.timing = 'B' AND instr(t.events, ?2) > 0 AND EXISTS (SELECT 1 "
                                 "FROM sqlite_schema m WHERE m.type = 'trigger' AND m.name = "
                                 "'_lgtrg_' || t.tbl || '_' || t.name || '_M')",
                                 -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, ev, -1, SQLITE_STATIC);
        found = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return found;
}

static row_cols_t *table_cols(emit_ctx_t *c, sqlite3 *db, const char *tbl)
{
    row_cols_t *rc = lg_xcalloc(1, sizeof(*rc));
    catalog_table_columns(db, tbl, on_col, rc);
    load_defaults(db, tbl, rc);
    if (rc->too_many)
        emit_unsupported(c, -1, "BEFORE triggers on tables with more than 60 columns");
    return rc;
}

static int col_index(const row_cols_t *rc, const char *name)
{
    for (int i = 0; i < rc->n; i++)
        if (!strcmp(rc->names[i], name))
            return i;
    return -1;
}

static void emit_call_head(emit_ctx_t *c, const char *tbl, const char *op, const char *targets,
                           const row_cols_t *rc)
{
    emit_str(c, "lg_trig_before(");
    emit_literal(c, tbl);
    emit_fmt(c, ", '%s', ", op);
    emit_literal(c, targets);
    emit_str(c, ", '");
    for (int i = 0; i < rc->n; i++)
        emit_fmt(c, "%s%s", i ? "," : "", rc->names[i]);
    emit_str(c, "'");
}

static void emit_returning_list(emit_ctx_t *c, PgQuery__Node **items, size_t n,
                                translate_stmt_t *out, const char *alias)
{
    if (!n)
        return;
    out->returns_rows = true;
    emit_str(c, " RETURNING ");
    c->unqualify = alias;
    c->in_returning = true;
    emit_target_list(c, items, n, out);
    c->in_returning = false;
    c->unqualify = NULL;
}

static void emit_store_list(emit_ctx_t *c, const row_cols_t *rc, const char *jref)
{
    for (int i = 0; i < rc->n; i++) {
        emit_str(c, i ? ", " : "");
        emit_fmt(c, "lg_trow(%s, %d, %d)", jref, i, rc->n);
    }
}

/* Source rows of the INSERT as "_lg_src(v1..vk) AS (...)"; k = given columns. */
static void emit_insert_source(emit_ctx_t *c, const PgQuery__InsertStmt *s, const row_cols_t *rc,
                               const int *map, int k)
{
    emit_str(c, "_lg_src(");
    for (int i = 0; i < k; i++)
        emit_fmt(c, "%sv%d", i ? ", " : "", i);
    emit_str(c, ") AS (");
    const PgQuery__SelectStmt *sel = s->select_stmt->select_stmt;
    if (sel->n_values_lists && !sel->n_sort_clause && !sel->limit_count && !sel->with_clause) {
        emit_str(c, "VALUES ");
        for (size_t r = 0; r < sel->n_values_lists; r++) {
            const PgQuery__List *row = sel->values_lists[r]->list;
            if ((int)row->n_items != k) {
                emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1,
                           "INSERT has more expressions than target columns");
                return;
            }
            emit_str(c, r ? ", (" : "(");
            for (int i = 0; i < k; i++) {
                if (row->items[i]->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
                    emit_unsupported(c, -1, "DEFAULT in VALUES of a table with BEFORE triggers");
                emit_str(c, i ? ", " : "");
                emit_assign_value(c, row->items[i], rc->types[map[i]], rc->typmods[map[i]]);
            }
            emit_str(c, ")");
        }
    } else {
        translate_stmt_t tmp = {.ncols = -1};
        emit_select(c, sel, &tmp);
        emit_cols_free(tmp.cols, tmp.ncols);
    }
    emit_str(c, ")");
}

static void emit_insert_rewrite(emit_ctx_t *c, const PgQuery__InsertStmt *s, const char *tbl,
                                const row_cols_t *rc)
{
    int map[ROW_MAX_COLS], k = 0;
    for (size_t i = 0; i < s->n_cols && k < ROW_MAX_COLS; i++) {
        map[k] = col_index(rc, s->cols[i]->res_target->name);
        if (map[k] < 0) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, s->cols[i]->res_target->location,
                       "column \"%s\" of relation \"%s\" does not exist",
                       s->cols[i]->res_target->name, tbl);
            return;
        }
        k++;
    }
    for (; !s->n_cols && k < rc->n; k++)
        map[k] = k;
    emit_str(c, "WITH ");
    emit_insert_source(c, s, rc, map, k);
    emit_str(c, ", _lg_rows AS MATERIALIZED (SELECT ");
    emit_call_head(c, tbl, "INSERT", "", rc);
    for (int i = 0; i < rc->n; i++) {
        int given = -1;
        for (int j = 0; j < k; j++)
            if (map[j] == i)
                given = j;
        if (given >= 0)
            emit_fmt(c, ", v%d", given);
        else
            emit_fmt(c, ", (%s)", rc->dflt[i] ? rc->dflt[i] : "NULL");
    }
    for (int i = 0; i < rc->n; i++)
        emit_str(c, ", NULL");
    emit_str(c, ") AS j FROM _lg_src) INSERT INTO ");
    emit_rangevar(c, s->relation, true);
    emit_str(c, " (");
    for (int i = 0; i < rc->n; i++) {
        emit_str(c, i ? ", " : "");
        emit_ident(c, rc->names[i]);
    }
    emit_str(c, ") SELECT ");
    emit_store_list(c, rc, "j");
    emit_str(c, " FROM _lg_rows WHERE j IS NOT NULL");
}

static bool dml_form_ok(emit_ctx_t *c, bool with, bool conflict, bool from)
{
    if (with)
        emit_unsupported(c, -1, "WITH on a table with BEFORE triggers");
    else if (conflict)
        emit_unsupported(c, -1, "ON CONFLICT on a table with BEFORE triggers");
    else if (from)
        emit_unsupported(c, -1, "UPDATE ... FROM on a table with BEFORE triggers");
    return !c->failed;
}

bool emit_insert_before_triggers(emit_ctx_t *c, const PgQuery__InsertStmt *s, translate_stmt_t *out)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *tbl = emit_relname(c, s->relation);
    if (!db || c->failed || !has_before(db, tbl, "I"))
        return false;
    if (!dml_form_ok(c, s->with_clause != NULL, s->on_conflict_clause != NULL, false))
        return true;
    if (!s->select_stmt) {
        emit_unsupported(c, -1, "DEFAULT VALUES on a table with BEFORE triggers");
        return true;
    }
    char table[EMIT_NAME_MAX * 2];
    snprintf(table, sizeof(table), "%s", tbl);
    row_cols_t *rc = table_cols(c, db, table);
    const char *alias = s->relation->alias && s->relation->alias->aliasname[0]
                            ? s->relation->alias->aliasname
                            : s->relation->relname;
    emit_scope_push(c);
    emit_scope_add(c, alias, table);
    if (!c->failed)
        emit_insert_rewrite(c, s, table, rc);
    emit_returning_list(c, s->returning_list, s->n_returning_list, out, alias);
    emit_scope_pop(c);
    row_cols_free(rc);
    return true;
}

/* SET list -> new value expression per column (NULL = unchanged); false after an error. */
static bool update_targets(emit_ctx_t *c, const PgQuery__UpdateStmt *s, const row_cols_t *rc,
                           const PgQuery__Node **vals, char *targets, size_t cap)
{
    size_t o = 0;
    targets[0] = '\0';
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        int k = col_index(rc, rt->name);
        if (rt->n_indirection || rt->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF ||
            rt->val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT) {
            emit_unsupported(c, rt->location, "this SET form on a table with BEFORE triggers");
            return false;
        }
        if (k < 0) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, rt->location,
                       "column \"%s\" of relation \"%s\" does not exist", rt->name, "target");
            return false;
        }
        vals[k] = rt->val;
        int w = snprintf(targets + o, cap - o, "%s%s", o ? "," : "", rt->name);
        if (w > 0 && (size_t)w < cap - o)
            o += (size_t)w;
    }
    return true;
}

static void emit_update_rewrite(emit_ctx_t *c, const PgQuery__UpdateStmt *s, const char *tbl,
                                const char *alias, const row_cols_t *rc)
{
    const PgQuery__Node *vals[ROW_MAX_COLS] = {0};
    char targets[4096];
    if (!update_targets(c, s, rc, vals, targets, sizeof(targets)))
        return;
    emit_str(c, "WITH _lg_rows AS MATERIALIZED (SELECT ");
    emit_ident(c, alias);
    emit_str(c, ".rowid AS _lg_rid, ");
    emit_call_head(c, tbl, "UPDATE", targets, rc);
    for (int i = 0; i < rc->n; i++) {
        emit_str(c, ", ");
        if (vals[i]) {
            emit_assign_value(c, vals[i], rc->types[i], rc->typmods[i]); /* emit_assign.c */
        } else {
            emit_ident(c, alias);
            emit_str(c, ".");
            emit_ident(c, rc->names[i]);
        }
    }
    for (int i = 0; i < rc->n; i++) {
        emit_str(c, ", ");
        emit_ident(c, alias);
        emit_str(c, ".");
        emit_ident(c, rc->names[i]);
    }
    emit_str(c, ") AS j FROM ");
    emit_rangevar(c, s->relation, true);
    if (s->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
    }
    emit_str(c, ") UPDATE ");
    emit_rangevar(c, s->relation, true);
    emit_str(c, " SET ");
    for (int i = 0; i < rc->n; i++) {
        emit_str(c, i ? ", " : "");
        emit_ident(c, rc->names[i]);
        emit_fmt(c, " = lg_trow(_lg_rows.j, %d, %d)", i, rc->n);
    }
    emit_str(c, " FROM _lg_rows WHERE ");
    emit_ident(c, alias);
    emit_str(c, ".rowid = _lg_rows._lg_rid AND _lg_rows.j IS NOT NULL");
}

bool emit_update_before_triggers(emit_ctx_t *c, const PgQuery__UpdateStmt *s, translate_stmt_t *out)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *tbl = emit_relname(c, s->relation);
    if (!db || c->failed || !has_before(db, tbl, "U"))
        return false;
    if (!dml_form_ok(c, s->with_clause != NULL, false, s->n_from_clause > 0))
        return true;
    char table[EMIT_NAME_MAX * 2];
    snprintf(table, sizeof(table), "%s", tbl);
    row_cols_t *rc = table_cols(c, db, table);
    const char *alias = s->relation->alias && s->relation->alias->aliasname[0]
                            ? s->relation->alias->aliasname
                            : s->relation->relname;
    emit_scope_push(c);
    emit_scope_add(c, alias, table);
    if (!c->failed)
        emit_update_rewrite(c, s, table, alias, rc);
    emit_returning_list(c, s->returning_list, s->n_returning_list, out, alias);
    emit_scope_pop(c);
    row_cols_free(rc);
    return true;
}
