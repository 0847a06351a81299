/* translate_emit_upsert.c - the checks PostgreSQL makes on INSERT ... ON CONFLICT that SQLite
 * does not, and system columns:
 *   - a conflict target (column list) that matches no unique index or constraint of the
 *     table -> 42P10 (SQLite's message is different and has no SQLSTATE);
 *   - ON CONFLICT DO UPDATE whose VALUES rows propose the same key twice -> 21000 "command
 *     cannot affect row a second time" (SQLite would update the row it just inserted). The
 *     check runs before any row is written: the VALUES become the SELECT source of the
 *     INSERT, guarded by a GROUP BY over the key values that calls lg_raise. It is made
 *     when every key column has a constant or parameter value in every row (other sources
 *     are not checked); for an INSERT ... SELECT (or VALUES with ORDER BY, LIMIT or WITH)
 *     each proposed row's key goes through lg_upsert_once (sqlfn_upsert.c), which raises
 *     21000 on a key seen before in the statement (not for a partial-index target, whose
 *     predicate decides which rows can conflict). Both raise even when the DO UPDATE's
 *     WHERE would skip the first row's update (PostgreSQL then lets a later duplicate
 *     through);
 *   - system columns (emit_sysattr): xmax in the RETURNING list of an INSERT (0 for an
 *     inserted row; for ON CONFLICT DO UPDATE, nonzero for an updated one, through
 *     lg_xmax_note/lg_xmax_take); xmin, xmax elsewhere, cmin, cmax, ctid -> 0A000.
 * Worker thread only. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UPSERT_MAX_KEYS 32
/* the message, then char(31) "HINT:" and its hint (exec_conn.c splits them) */
#define DUP_MESSAGE                                                                                \
    "'ON CONFLICT DO UPDATE command cannot affect row a second time' || char(31) || "              \
    "'HINT:Ensure that no rows proposed for insertion within the same command have duplicate "     \
    "constrained values.'"

/* The key column names of the conflict target; -1 when it has expressions or is unknown. */
static int target_columns(emit_ctx_t *c, const PgQuery__InferClause *inf, const char *table,
                          char names[][EMIT_NAME_MAX])
{
    if (inf->conname[0]) {
        char cols[1024];
        sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
        if (catalog_constraint_columns(db, table, inf->conname, cols, sizeof(cols)) != 0)
            return -1;
        int n = 0;
        char *save = NULL;
        for (char *t = strtok_r(cols, ",", &save); t && n < UPSERT_MAX_KEYS;
             t = strtok_r(NULL, ",", &save))
            snprintf(names[n++], EMIT_NAME_MAX, "%s", t);
        return n;
    }
    if (inf->n_index_elems > UPSERT_MAX_KEYS)
        return -1;
    for (size_t i = 0; i < inf->n_index_elems; i++) {
        const PgQuery__IndexElem *ie = inf->index_elems[i]->index_elem;
        if (!ie->name[0])
            return -1;
        snprintf(names[i], EMIT_NAME_MAX, "%s", ie->name);
    }
    return (int)inf->n_index_elems;
}

/* 1 when unique index `idx` covers exactly the n names, 0 if not, -1 on error. */
static int index_matches(sqlite3 *db, const char *idx, char names[][EMIT_NAME_MAX], int n)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_index_info(?1)", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, idx, -1, SQLITE_STATIC);
    int cnt = 0, hit = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(st, 0);
        cnt++;
        for (int i = 0; col && i < n; i++)
            if (strcmp(names[i], col) == 0) {
                hit++;
                break;
            }
    }
    sqlite3_finalize(st);
    return cnt == n && hit == n;
}

void emit_upsert_check_target(emit_ctx_t *c, const PgQuery__InferClause *inf, const char *table)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    char names[UPSERT_MAX_KEYS][EMIT_NAME_MAX];
    int n = inf ? target_columns(c, inf, table, names) : -1;
    sqlite3_stmt *st = NULL;
    if (!db || n <= 0 || inf->conname[0] || inf->where_clause ||
        sqlite3_prepare_v2(db, "SELECT name FROM pragma_index_list(?1) WHERE \"unique\"", -1, &st,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    int found = 0, nindex = 0;
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        nindex++;
        found = index_matches(db, (const char *)sqlite3_column_text(st, 0), names, n) != 0;
    }
    sqlite3_finalize(st);
    /* INTEGER PRIMARY KEY is the rowid and has no index row */
    if (!found && n == 1) {
        static const char *const q =
            "SELECT 1 FROM pragma_table_info(?1) WHERE pk = 1 AND name = ?2 "
            "AND (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0) = 1";
        if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, names[0], -1, SQLITE_STATIC);
            found = sqlite3_step(st) == SQLITE_ROW;
        }
        sqlite3_finalize(st);
    }
    if (!found && catalog_relation_exists(db, table) == 1)
        emit_error(c, "42P10", -1, /* PostgreSQL gives no position */
                   "there is no unique or exclusion constraint matching the ON CONFLICT "
                   "specification");
}

static bool stable_value(const PgQuery__Node *n)
{
    if (!n)
        return false;
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        return stable_value(n->type_cast->arg);
    return n->node_case == PG_QUERY__NODE__NODE_A_CONST ||
           n->node_case == PG_QUERY__NODE__NODE_PARAM_REF;
}

int emit_upsert_dupcheck_keys(emit_ctx_t *c, const PgQuery__InsertStmt *s, const char *table,
                              char *const *cols, int ncols, int *keypos)
{
    const PgQuery__OnConflictClause *oc = s->on_conflict_clause;
    if (!oc || oc->action != PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE || !oc->infer ||
        !s->select_stmt || s->select_stmt->select_stmt->n_values_lists < 2)
        return 0;
    char names[UPSERT_MAX_KEYS][EMIT_NAME_MAX];
    int n = target_columns(c, oc->infer, table, names);
    const PgQuery__SelectStmt *v = s->select_stmt->select_stmt;
    for (int k = 0; k < n; k++) {
        keypos[k] = -1;
        for (int i = 0; i < ncols; i++)
            if (strcmp(cols[i], names[k]) == 0)
                keypos[k] = i;
        if (keypos[k] < 0)
            return 0;
        for (size_t r = 0; r < v->n_values_lists; r++) {
            const PgQuery__List *row = v->values_lists[r]->list;
            if ((size_t)keypos[k] >= row->n_items || !stable_value(row->items[keypos[k]]))
                return 0;
        }
    }
    return n > 0 ? n : 0;
}

void emit_upsert_dupcheck(emit_ctx_t *c, const PgQuery__SelectStmt *v, const int *keypos, int nkeys,
                          const uint32_t *types, const int32_t *typmods)
{
    emit_str(c, " WHERE CASE WHEN EXISTS (SELECT 1 FROM (VALUES ");
    for (size_t r = 0; r < v->n_values_lists; r++) {
        const PgQuery__List *row = v->values_lists[r]->list;
        emit_str(c, r ? ", (" : "(");
        for (int k = 0; k < nkeys; k++) {
            emit_str(c, k ? ", " : "");
            emit_expr_as(c, row->items[keypos[k]], types[keypos[k]], typmods[keypos[k]]);
        }
        emit_str(c, ")");
    }
    emit_str(c, ") WHERE ");
    for (int k = 0; k < nkeys; k++)
        emit_fmt(c, "%scolumn%d IS NOT NULL", k ? " AND " : "", k + 1);
    emit_str(c, " GROUP BY ");
    for (int k = 0; k < nkeys; k++)
        emit_fmt(c, "%scolumn%d", k ? ", " : "", k + 1);
    emit_str(c, " HAVING count(*) > 1) THEN lg_raise('21000', " DUP_MESSAGE ") ELSE 1 END");
}

int emit_upsert_select_keys(emit_ctx_t *c, const PgQuery__InsertStmt *s, const char *table,
                            char *const *cols, int ncols, int *keypos)
{
    const PgQuery__OnConflictClause *oc = s->on_conflict_clause;
    if (!oc || oc->action != PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE || !oc->infer ||
        oc->infer->where_clause)
        return 0;
    char names[UPSERT_MAX_KEYS][EMIT_NAME_MAX];
    int n = target_columns(c, oc->infer, table, names);
    for (int k = 0; k < n; k++) {
        keypos[k] = -1;
        for (int i = 0; i < ncols; i++)
            if (strcmp(cols[i], names[k]) == 0)
                keypos[k] = i;
        if (keypos[k] < 0)
            return 0;
    }
    return n > 0 ? n : 0;
}

void emit_upsert_select_dupcheck(emit_ctx_t *c, const int *keypos, int nkeys)
{
    emit_str(c, " WHERE lg_upsert_once(0"); /* sqlfn_upsert.c */
    for (int k = 0; k < nkeys; k++)
        emit_fmt(c, ", _lg_c%d", keypos[k]);
    emit_str(c, ")");
}

static bool is_sysattr(const char *col)
{
    static const char *const k[] = {"xmin", "xmax", "cmin", "cmax", "ctid", "tableoid"};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (strcmp(col, k[i]) == 0)
            return true;
    return false;
}

/* A derived table or CTE in scope with an output column of that name (then `col` is it). */
static bool derived_has(emit_ctx_t *c, const char *rel, const char *col)
{
    for (emit_scope_t *s = c->scope; s; s = s->parent)
        for (int i = 0; i < s->nrels; i++) {
            const emit_rel_t *r = &s->rels[i];
            if (rel && strcmp(r->alias, rel) != 0)
                continue;
            for (int k = 0; k < r->ncols; k++)
                if (r->cols[k].name && strcmp(r->cols[k].name, col) == 0)
                    return true;
            if (rel && !r->table[0])
                return true; /* a derived table whose columns we do not know */
        }
    return false;
}

/* tableoid: the OID of the table the row comes from (lg_tableoid, catalog_fn_oid.c), for
 * the base table `rel` names or, unqualified, the only one in the nearest scope that has
 * one (42702 when several do). False when there is none (42703 follows). */
static bool emit_tableoid(emit_ctx_t *c, const char *rel, uint32_t *type)
{
    for (emit_scope_t *s = c->scope; s; s = s->parent) {
        const emit_rel_t *found = NULL;
        int n = 0;
        for (int i = 0; i < s->nrels; i++) {
            const emit_rel_t *r = &s->rels[i];
            if ((rel && strcmp(r->alias, rel) != 0) || (!rel && !r->table[0]))
                continue;
            found = r;
            n++;
        }
        if (n > 1 && !rel) {
            emit_error(c, LG_SQLSTATE_AMBIGUOUS_COLUMN, -1,
                       "column reference \"tableoid\" is ambiguous");
            return true;
        }
        if (found) {
            if (!found->table[0])
                return false;
            emit_str(c, "lg_tableoid(");
            emit_literal(c, found->table);
            emit_str(c, ")");
            *type = PGTYPE_OID;
            return true;
        }
    }
    return false;
}

bool emit_sysattr(emit_ctx_t *c, const char *rel, const char *col, uint32_t *type)
{
    if (c->nretmap && emit_updfrom_ref(c, rel, col, type)) /* translate_emit_updfrom.c */
        return true;
    if (!is_sysattr(col) || derived_has(c, rel, col))
        return false;
    if (strcmp(col, "xmax") == 0 && c->xmax_sql &&
        (!rel || (c->unqualify && strcmp(rel, c->unqualify) == 0))) {
        emit_str(c, c->xmax_sql);
        *type = PGTYPE_INT8;
        return true;
    }
    if (strcmp(col, "tableoid") == 0)
        return emit_tableoid(c, rel, type);
    emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1, "system column \"%s\" is not supported",
               col);
    return true;
}
