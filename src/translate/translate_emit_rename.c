/* translate_emit_rename.c - renames SQLite cannot do by itself:
 *   ALTER SEQUENCE / ALTER TABLE s RENAME TO (s a sequence): its _lg_sequences row and the
 *     nextval('s') defaults of the table definitions that name it;
 *   ALTER TABLE t RENAME CONSTRAINT, and ALTER INDEX of a PRIMARY KEY / UNIQUE constraint's
 *     index (PostgreSQL renames the constraint with it): the _lg_constraints row and the
 *     CONSTRAINT clause of t's definition;
 *   ALTER VIEW v RENAME TO: the view re-created under the new name with its metadata;
 *   ALTER VIEW v RENAME COLUMN: the view re-created with a column list naming its columns
 *     (an updatable view's DML then answers 0A000, as for other renamed view columns).
 *   ALTER SCHEMA s RENAME TO t: each relation "s.x" renamed "t.x" as above (views first).
 * Table definitions change in sqlite_schema under writable_schema, as in-place ALTER does
 * (translate_emit_alter.c), then the schema cookie moves so every connection reloads.
 * Worker thread only. */
#include "catalog_meta.h"
#include "translate_emit.h"
#include "lg_err.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *cat(emit_ctx_t *c)
{
    return c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
}

static const char *sql_text(lg_buf_t *b)
{
    lg_buf_putc(b, 0);
    return b->failed ? "" : (const char *)b->data;
}

/* UPDATE sqlite_schema SET sql = replace(sql, from, to) for the table definitions; the
 * caller wraps these in schema_begin / schema_end. */
static void schema_replace(emit_ctx_t *c, const char *from, const char *to, const char *tbl)
{
    emit_str(c, "UPDATE sqlite_schema SET sql = replace(sql, ");
    emit_literal(c, from);
    emit_str(c, ", ");
    emit_literal(c, to);
    emit_str(c, ") WHERE type = 'table'");
    if (tbl) {
        emit_str(c, " AND name = ");
        emit_literal(c, tbl);
    }
    emit_str(c, ";");
}

static void schema_begin(emit_ctx_t *c)
{
    emit_str(c, "PRAGMA writable_schema=ON;");
}

static void schema_end(emit_ctx_t *c)
{
    /* RESET reloads this connection's schema; the CREATE/DROP moves the cookie for others */
    emit_str(c, "PRAGMA writable_schema=RESET;"
                "CREATE TABLE _lg_schema_bump(x);DROP TABLE _lg_schema_bump;");
}

static bool taken(emit_ctx_t *c, const char *name)
{
    sqlite3 *db = cat(c);
    return db && (catalog_relname_exists(db, name) == 1 || catalog_sequence_exists(db, name) == 1);
}

static void rename_sequence(emit_ctx_t *c, const char *old, const char *nw)
{
    emit_str(c, "UPDATE _lg_sequences SET name = ");
    emit_literal(c, nw);
    emit_str(c, " WHERE name = ");
    emit_literal(c, old);
    emit_str(c, ";");
    char from[EMIT_NAME_MAX * 2 + 16], to[EMIT_NAME_MAX * 2 + 16];
    snprintf(from, sizeof(from), "nextval('%s')", old);
    snprintf(to, sizeof(to), "nextval('%s')", nw);
    schema_begin(c);
    schema_replace(c, from, to, NULL);
    schema_end(c);
}

/* "CONSTRAINT <name>" as CREATE TABLE writes it (emit_ident). */
static void constraint_clause(emit_ctx_t *c, const char *name, lg_buf_t *b)
{
    lg_buf_t *saved = c->b;
    c->b = b;
    emit_str(c, "CONSTRAINT ");
    emit_ident(c, name);
    emit_str(c, " ");
    c->b = saved;
}

/* The table of constraint name (kinds: "pu" for key constraints, NULL for any); "" none. */
static void constraint_table(emit_ctx_t *c, const char *name, const char *tbl, bool keys, char *out,
                             size_t cap)
{
    out[0] = '\0';
    sqlite3_stmt *st = NULL;
    if (!cat(c) || sqlite3_prepare_v2(cat(c),
                                      "SELECT tbl FROM _lg_constraints WHERE name = ?1 AND "
                                      "(?2 IS NULL OR tbl = ?2) AND (?3 = 0 OR kind IN "
                                      "('p', 'u'))",
                                      -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (tbl)
        sqlite3_bind_text(st, 2, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, keys);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static void rename_constraint(emit_ctx_t *c, const char *tbl, const char *old, const char *nw)
{
    emit_str(c, "UPDATE _lg_constraints SET name = ");
    emit_literal(c, nw);
    emit_str(c, " WHERE tbl = ");
    emit_literal(c, tbl);
    emit_str(c, " AND name = ");
    emit_literal(c, old);
    emit_str(c, ";");
    lg_buf_t a, b;
    lg_buf_init(&a, 1024);
    lg_buf_init(&b, 1024);
    constraint_clause(c, old, &a);
    constraint_clause(c, nw, &b);
    schema_begin(c);
    schema_replace(c, sql_text(&a), sql_text(&b), tbl);
    schema_end(c);
    lg_buf_deinit(&a);
    lg_buf_deinit(&b);
}

/* The SQLite query of view `name` (sqlite3_mprintf'd), or NULL when there is no such view. */
static char *view_query(emit_ctx_t *c, const char *name)
{
    sqlite3_stmt *st = NULL;
    char *query = NULL;
    if (cat(c) && sqlite3_prepare_v2(cat(c),
                                     "SELECT substr(sql, instr(upper(sql), ' AS ') + 4) FROM "
                                     "sqlite_schema WHERE type = 'view' AND name = ?1",
                                     -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            query = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return query;
}

typedef struct view_cols {
    emit_ctx_t *c;
    const char *old, *nw;
    bool found, dup;
    int n;
} view_cols_t;

/* One column of the view's new column list: its name, or nw for old. */
static void on_view_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)t, (void)notnull, (void)pk;
    view_cols_t *v = ctx;
    bool is_old = strcmp(col, v->old) == 0;
    v->found |= is_old;
    v->dup |= strcmp(col, v->nw) == 0;
    emit_str(v->c, v->n++ ? ", " : "(");
    emit_ident(v->c, is_old ? v->nw : col);
}

/* "(a, b, ...)": the columns of view `name`, nw for old (SQLite keeps a view's column names
 * in such a list, not in its query). */
static void emit_view_columns(emit_ctx_t *c, const char *name, view_cols_t *v)
{
    v->c = c;
    catalog_table_columns(cat(c), name, on_view_col, v);
    emit_str(c, v->n ? ")" : "");
}

/* ALTER VIEW v RENAME TO w: CREATE VIEW w with v's columns and query, DROP VIEW v, metadata
 * moved. */
static void rename_view(emit_ctx_t *c, const char *old, const char *nw)
{
    char *query = view_query(c, old);
    if (!query) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist", old);
        return;
    }
    emit_str(c, "CREATE VIEW ");
    emit_ident(c, nw);
    view_cols_t v = {.old = "", .nw = ""};
    emit_view_columns(c, old, &v);
    emit_str(c, " AS ");
    emit_str(c, query);
    emit_str(c, ";DROP VIEW ");
    emit_ident(c, old);
    emit_str(c, ";");
    sqlite3_free(query);
    static const char *const k_meta[][2] = {
        {"UPDATE _lg_columns SET tbl = ", " WHERE tbl = "},
        {"UPDATE _lg_comments SET objname = ", " WHERE objname = "},
        {"UPDATE OR IGNORE _lg_updview SET view = ", " WHERE view = "}};
    for (size_t i = 0; i < sizeof(k_meta) / sizeof(k_meta[0]); i++) {
        if (i == 2 && catalog_relname_exists(cat(c), "_lg_updview") != 1)
            continue;
        emit_str(c, k_meta[i][0]);
        emit_literal(c, nw);
        emit_str(c, k_meta[i][1]);
        emit_literal(c, old);
        emit_str(c, ";");
    }
}

/* ALTER VIEW v RENAME COLUMN a TO b: DROP VIEW v; CREATE VIEW v(<columns, a as b>) AS <query>
 * (SQLite names a view's columns by such a list), and the metadata rows follow. */
static void rename_view_column(emit_ctx_t *c, const char *view, const char *old, const char *nw)
{
    char *query = view_query(c, view);
    if (!query)
        return;
    emit_str(c, "DROP VIEW ");
    emit_ident(c, view);
    emit_str(c, ";CREATE VIEW ");
    emit_ident(c, view);
    view_cols_t v = {.old = old, .nw = nw};
    emit_view_columns(c, view, &v);
    emit_str(c, " AS ");
    emit_str(c, query);
    emit_str(c, ";UPDATE _lg_columns SET col = ");
    emit_literal(c, nw);
    emit_str(c, " WHERE tbl = ");
    emit_literal(c, view);
    emit_str(c, " AND col = ");
    emit_literal(c, old);
    emit_str(c, ";");
    if (catalog_relname_exists(cat(c), "_lg_updview") == 1) {
        emit_str(c, "UPDATE _lg_updview SET base = '' WHERE view = ");
        emit_literal(c, view);
        emit_str(c, ";");
    }
    sqlite3_free(query);
    if (!v.found)
        emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, -1, "column \"%s\" does not exist", old);
    else if (v.dup)
        emit_error(c, LG_SQLSTATE_DUPLICATE_COLUMN, -1,
                   "column \"%s\" of relation \"%s\" already exists", nw, view);
}

/* Whether sqlite_schema has an object of this type and name. */
static bool schema_has(emit_ctx_t *c, const char *type, const char *name)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (cat(c) &&
        sqlite3_prepare_v2(cat(c), "SELECT 1 FROM sqlite_schema WHERE type = ?1 AND name = ?2", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

bool emit_rename_special(emit_ctx_t *c, const PgQuery__RenameStmt *s, translate_stmt_t *out)
{
    sqlite3 *db = cat(c);
    if (!db || !s->relation)
        return false;
    const char *name = emit_relname(c, s->relation);
    const char *nw = emit_renamed_relname(c, name, s->relation->relname, s->newname);
    bool seq = catalog_sequence_exists(db, name) == 1 && catalog_relname_exists(db, name) != 1;
    char tbl[EMIT_NAME_MAX];
    switch (s->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        if (!seq && s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
            schema_has(c, "view", name)) { /* ALTER TABLE <view> RENAME TO */
            snprintf(out->tag, sizeof(out->tag), "ALTER TABLE");
            if (taken(c, nw))
                emit_error(c, LG_SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists",
                           s->newname);
            else
                rename_view(c, name, nw);
            return true;
        }
        if (!seq)
            return false;
        snprintf(out->tag, sizeof(out->tag), "%s",
                 s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ? "ALTER TABLE"
                                                                       : "ALTER SEQUENCE");
        if (taken(c, nw))
            emit_error(c, LG_SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists",
                       s->newname);
        else
            rename_sequence(c, name, nw);
        return true;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        if (schema_has(c, "index", name))
            return false; /* an SQLite index of its own: rename_index (translate_emit_alter.c) */
        constraint_table(c, name, NULL, true, tbl, sizeof(tbl));
        if (!tbl[0])
            return false;
        snprintf(out->tag, sizeof(out->tag), "ALTER INDEX");
        rename_constraint(c, tbl, name, s->newname);
        return true;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
        snprintf(out->tag, sizeof(out->tag), "ALTER TABLE");
        constraint_table(c, s->subname, name, false, tbl, sizeof(tbl));
        if (!tbl[0])
            emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1,
                       "constraint \"%s\" for table \"%s\" does not exist", s->subname, name);
        else
            rename_constraint(c, tbl, s->subname, s->newname);
        return true;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        if (!schema_has(c, "view", name))
            return false;
        snprintf(out->tag, sizeof(out->tag), "%s",
                 s->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ? "ALTER VIEW"
                                                                        : "ALTER TABLE");
        rename_view_column(c, name, s->subname, s->newname);
        return true;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        snprintf(out->tag, sizeof(out->tag), "ALTER VIEW");
        if (!schema_has(c, "view", name)) {
            if (catalog_relname_exists(db, name) == 1)
                emit_error(c, "42809", -1, "\"%s\" is not a view", s->relation->relname);
            else if (!s->missing_ok)
                emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist",
                           s->relation->relname);
            else
                emit_notice(c, NULL, "relation \"%s\" does not exist, skipping",
                            s->relation->relname);
            return true;
        }
        if (taken(c, nw))
            emit_error(c, LG_SQLSTATE_DUPLICATE_TABLE, -1, "relation \"%s\" already exists",
                       s->newname);
        else
            rename_view(c, name, nw);
        return true;
    default:
        return false;
    }
}

/* ---- ALTER SCHEMA s RENAME TO t ---- */

#define SCHEMA_RENAME_MAX 256

typedef struct schema_rels {
    int n;
    char names[SCHEMA_RENAME_MAX][EMIT_NAME_MAX * 2];
    char kinds[SCHEMA_RENAME_MAX];
} schema_rels_t;

static void collect_rel(void *ctx, const char *name, char kind)
{
    schema_rels_t *r = ctx;
    if (r->n < SCHEMA_RENAME_MAX && kind != 'S') { /* sequences: all of them, below */
        snprintf(r->names[r->n], sizeof(r->names[0]), "%s", name);
        r->kinds[r->n++] = kind;
    }
}

/* Every sequence of schema (owned ones too), appended to r. */
static void collect_sequences(emit_ctx_t *c, const char *schema, schema_rels_t *r)
{
    sqlite3_stmt *st = NULL;
    char prefix[EMIT_NAME_MAX + 2];
    snprintf(prefix, sizeof(prefix), "%s.", schema);
    if (sqlite3_prepare_v2(cat(c),
                           "SELECT name FROM _lg_sequences WHERE substr(name, 1, length(?1)) = ?1 "
                           "ORDER BY name",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
        while (r->n < SCHEMA_RENAME_MAX && sqlite3_step(st) == SQLITE_ROW) {
            snprintf(r->names[r->n], sizeof(r->names[0]), "%s", sqlite3_column_text(st, 0));
            r->kinds[r->n++] = 'S';
        }
    }
    sqlite3_finalize(st);
}

/* RENAME of relation `name` (its stored name) to "<to>.<its own name>" through emit_rename. */
static void move_relation(emit_ctx_t *c, const char *name, char kind, const char *to)
{
    const char *dot = strchr(name, '.');
    char nw[EMIT_NAME_MAX * 3];
    snprintf(nw, sizeof(nw), "%s.%s", to, dot ? dot + 1 : name);
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    rv.relname = (char *)(uintptr_t)name; /* the stored name resolves to itself */
    rv.location = -1;
    PgQuery__RenameStmt rs = PG_QUERY__RENAME_STMT__INIT;
    rs.rename_type = kind == 'v'   ? PG_QUERY__OBJECT_TYPE__OBJECT_VIEW
                     : kind == 'S' ? PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE
                                   : PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    rs.relation = &rv;
    rs.newname = nw;
    translate_stmt_t scratch;
    memset(&scratch, 0, sizeof(scratch));
    emit_rename(c, &rs, &scratch);
}

void emit_rename_schema(emit_ctx_t *c, const char *from, const char *to, translate_stmt_t *out)
{
    snprintf(out->tag, sizeof(out->tag), "ALTER SCHEMA");
    sqlite3 *db = cat(c);
    if (!db)
        return;
    if (!emit_schema_is_user(from) || strncmp(from, "pg_", 3) == 0) {
        emit_unsupported(c, -1, "ALTER SCHEMA ... RENAME of a built-in schema");
        return;
    }
    if (catalog_schema_exists(db, from) != 1) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_SCHEMA, -1, "schema \"%s\" does not exist", from);
        return;
    }
    if (strncmp(to, "pg_", 3) == 0) {
        emit_error(c, "42939", -1, "unacceptable schema name \"%s\"", to);
        return;
    }
    if (!emit_schema_is_user(to) || catalog_schema_exists(db, to) == 1) {
        emit_error(c, "42P06", -1, "schema \"%s\" already exists", to);
        return;
    }
    schema_rels_t *r = calloc(1, sizeof(*r));
    if (!r)
        return;
    catalog_schema_relations(db, from, collect_rel, r); /* views first, then tables */
    collect_sequences(c, from, r);
    if (r->n >= SCHEMA_RENAME_MAX) {
        emit_unsupported(c, -1, "ALTER SCHEMA ... RENAME of a schema with this many relations");
        free(r);
        return;
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    emit_str(c, "UPDATE _lg_schemas SET name = ");
    emit_literal(c, to);
    emit_str(c, " WHERE name = ");
    emit_literal(c, from);
    emit_str(c, ";UPDATE _lg_comments SET objname = ");
    emit_literal(c, to);
    emit_str(c, " WHERE objtype = 'schema' AND objname = ");
    emit_literal(c, from);
    emit_str(c, ";");
    /* views are re-created from their text first, so that the table renames after them
     * update the new views' references */
    for (int pass = 0; pass < 3 && !c->failed; pass++)
        for (int i = 0; i < r->n && !c->failed; i++)
            if (r->kinds[i] == "vSr"[pass])
                move_relation(c, r->names[i], r->kinds[i], to);
    free(r);
}
