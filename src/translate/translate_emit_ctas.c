/* translate_emit_ctas.c - CREATE TABLE AS, SELECT INTO, CREATE MATERIALIZED VIEW and
 * REFRESH MATERIALIZED VIEW. Worker thread only.
 *
 * The new table is declared from the query's result columns (SQLite storage class of each
 * PostgreSQL type), its PostgreSQL types are recorded in _lg_columns as CREATE TABLE does,
 * and the rows are copied by an INSERT ... SELECT that comes last in the script, so the
 * command tag "SELECT n" can count its changes (exec: tag SELECT without result rows).
 * A materialized view is such a table plus a row in _lg_matviews(name, query) holding the
 * translated SELECT; REFRESH deletes the rows and runs the stored query again. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTAS_MATVIEWS_SQL                                                                          \
    "CREATE TABLE IF NOT EXISTS _lg_matviews(name TEXT PRIMARY KEY, query TEXT NOT NULL);"

static bool table_exists(emit_ctx_t *c, const char *name)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    if (!db || sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = ?1", -1, &st,
                                  NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

static const char *col_name(const translate_stmt_t *q, PgQuery__Node **names, size_t n, int i)
{
    return (size_t)i < n ? emit_strval(names[i]) : q->cols[i].name;
}

static void emit_table_decl(emit_ctx_t *c, const char *name, const translate_stmt_t *q,
                            PgQuery__Node **names, size_t nnames)
{
    emit_str(c, "CREATE TABLE ");
    emit_ident(c, name);
    emit_str(c, " (");
    for (int i = 0; i < q->ncols; i++) {
        emit_str(c, i ? ", " : "");
        emit_ident(c, col_name(q, names, nnames, i));
        emit_fmt(c, " %s", emit_storage_decl(q->cols[i].type_oid));
    }
    emit_str(c, ");");
    for (int i = 0; i < q->ncols; i++) {
        uint32_t oid = q->cols[i].type_oid ? q->cols[i].type_oid : PGTYPE_TEXT;
        char ptext[64];
        emit_type_text(oid, q->cols[i].typmod, ptext, sizeof(ptext));
        emit_str(c, "INSERT OR REPLACE INTO _lg_columns(tbl, col, attnum, pgtype, typoid, "
                    "typmod) VALUES (");
        emit_literal(c, name);
        emit_str(c, ", ");
        emit_literal(c, col_name(q, names, nnames, i));
        emit_fmt(c, ", %d, ", i + 1);
        emit_literal(c, ptext);
        emit_fmt(c, ", %u, %d);", oid, q->cols[i].typmod);
    }
}

/* Result columns of a query the translator could not list itself (SELECT *): SQLite
 * describes the translated query on the catalog connection, and each column that comes
 * straight from a table column takes that column's recorded type (others are text). */
void emit_describe_columns(emit_ctx_t *c, const char *sel, translate_stmt_t *q)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    if (!db || sqlite3_prepare_v2(db, sel, -1, &st, NULL) != SQLITE_OK || !st) {
        sqlite3_finalize(st);
        return;
    }
    int n = sqlite3_column_count(st);
    q->cols = lg_xcalloc((size_t)(n ? n : 1), sizeof(translate_col_t));
    q->ncols = n;
    for (int i = 0; i < n; i++) {
        const char *tbl = sqlite3_column_table_name(st, i);
        const char *col = sqlite3_column_origin_name(st, i);
        catalog_coltype_t t;
        q->cols[i].name = lg_xstrdup(sqlite3_column_name(st, i));
        q->cols[i].type_oid = PGTYPE_TEXT;
        q->cols[i].typmod = -1;
        if (tbl && col && catalog_column_type(db, tbl, col, &t) == 0) {
            q->cols[i].type_oid = t.typoid;
            q->cols[i].typmod = t.typmod;
        }
    }
    sqlite3_finalize(st);
}

/* The whole CREATE ... AS script; tag "SELECT" (rows counted by exec). */
static void emit_ctas_core(emit_ctx_t *c, const PgQuery__IntoClause *into,
                           const PgQuery__SelectStmt *query, bool matview, bool if_not_exists,
                           translate_stmt_t *out)
{
    bool temp = into->rel->relpersistence[0] == 't';
    if (temp && into->on_commit > PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_PRESERVE_ROWS) {
        emit_unsupported(c, into->rel->location, "ON COMMIT DELETE ROWS / DROP");
        return;
    }
    const char *name =
        temp ? emit_temp_relname(c, into->rel, out) : emit_create_relname(c, into->rel);
    if (if_not_exists && table_exists(c, name)) {
        snprintf(out->tag, sizeof(out->tag), "%s",
                 matview ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS");
        return;
    }
    translate_stmt_t q = {.ncols = -1};
    char *sel = emit_select_text(c, query, &q);
    if (!c->failed && q.ncols < 0)
        emit_describe_columns(c, sel, &q);
    if (!c->failed && q.ncols <= 0)
        emit_unsupported(c, -1, "CREATE TABLE AS over a query with * (list the columns)");
    if ((int)into->n_col_names > q.ncols && !c->failed)
        emit_error(c, "42601", -1, "too many column names were specified");
    if (c->failed) {
        free(sel);
        emit_cols_free(q.cols, q.ncols);
        return;
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    if (temp)
        emit_temp_schema_row(c);
    emit_table_decl(c, name, &q, into->col_names, into->n_col_names);
    if (matview) {
        emit_str(c, CTAS_MATVIEWS_SQL "INSERT OR REPLACE INTO _lg_matviews(name, query) VALUES (");
        emit_literal(c, name);
        emit_str(c, ", ");
        emit_literal(c, sel);
        emit_str(c, ");");
    }
    if (!into->skip_data) {
        emit_str(c, "INSERT INTO ");
        emit_ident(c, name);
        emit_fmt(c, " SELECT * FROM (%s", "");
        emit_str(c, sel);
        emit_str(c, ");");
    }
    snprintf(out->tag, sizeof(out->tag), "%s",
             !into->skip_data ? "SELECT"
                              : (matview ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS"));
    out->cls = TR_CLASS_DDL;
    out->returns_rows = false;
    free(sel);
    emit_cols_free(q.cols, q.ncols);
}

void emit_create_table_as(emit_ctx_t *c, const PgQuery__CreateTableAsStmt *s, translate_stmt_t *out)
{
    bool matview = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
    if (!s->query || s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT || !s->into) {
        emit_unsupported(c, -1, "CREATE TABLE AS over this statement");
        return;
    }
    emit_ctas_core(c, s->into, s->query->select_stmt, matview, s->if_not_exists, out);
}

void emit_select_into(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out)
{
    PgQuery__SelectStmt q = *s;
    q.into_clause = NULL;
    emit_ctas_core(c, s->into_clause, &q, false, false, out);
}

static char *stored_query(emit_ctx_t *c, const char *name)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    char *q = NULL;
    if (db && sqlite3_prepare_v2(db, "SELECT query FROM _lg_matviews WHERE name = ?1", -1, &st,
                                 NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            q = lg_xstrdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    return q;
}

void emit_refresh_matview(emit_ctx_t *c, const PgQuery__RefreshMatViewStmt *s,
                          translate_stmt_t *out)
{
    (void)out;
    const char *name = emit_relname(c, s->relation);
    char *q = stored_query(c, name);
    if (!q) {
        emit_error(c, table_exists(c, name) ? "42809" : "42P01", s->relation->location,
                   table_exists(c, name) ? "\"%s\" is not a materialized view"
                                         : "relation \"%s\" does not exist",
                   name);
        return;
    }
    emit_str(c, "DELETE FROM ");
    emit_ident(c, name);
    emit_str(c, ";");
    if (!s->skip_data) {
        emit_str(c, "INSERT INTO ");
        emit_ident(c, name);
        emit_fmt(c, " SELECT * FROM (%s", "");
        emit_str(c, q);
        emit_str(c, ");");
    }
    free(q);
}
