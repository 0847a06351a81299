/* translate_emit_schema.c - CREATE SCHEMA, DROP SCHEMA, and COMMENT ON (metadata rows: of
 * relations, columns, user types (objtype 'type') and schemas (objtype 'schema')).
 *
 * A schema is a row of _lg_schemas; its relation x is the SQLite table / view / sequence
 * "schema.x" (docs/storage.md). CREATE SCHEMA inserts the row (42P06 when it exists, a
 * no-op with IF NOT EXISTS); DROP SCHEMA deletes it, with CASCADE after dropping every
 * relation of the schema and its metadata rows (2BP01 without CASCADE when the schema is
 * not empty). ALTER ... OWNER TO: the one role, a no-op (42704 for another). Worker
 * thread only. */
#include "catalog_meta.h"
#include "lg_err.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_enum.h"
#include <stdio.h>
#include <string.h>

static sqlite3 *catalog_db(const emit_ctx_t *c)
{
    return c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
}

void emit_create_schema(emit_ctx_t *c, const PgQuery__CreateSchemaStmt *s, translate_stmt_t *out)
{
    (void)out;
    const char *name = s->schemaname;
    if (!name[0]) {
        emit_unsupported(c, -1, "CREATE SCHEMA AUTHORIZATION without a schema name");
        return;
    }
    if (s->n_schema_elts) {
        emit_unsupported(c, -1, "CREATE SCHEMA with schema elements");
        return;
    }
    if (strncmp(name, "pg_", 3) == 0) {
        emit_error(c, "42939", -1, "unacceptable schema name \"%s\"", name);
        return;
    }
    if (strcmp(name, "public") == 0 && catalog_public_is_empty(catalog_db(c)) == 1)
        return; /* after DROP SCHEMA public CASCADE: public is there again, empty */
    if (s->if_not_exists && catalog_schema_exists(catalog_db(c), name) == 1)
        emit_notice(c, "42P06", "schema \"%s\" already exists, skipping", name);
    if (!s->if_not_exists && catalog_schema_exists(catalog_db(c), name) == 1) {
        emit_error(c, "42P06", -1, "schema \"%s\" already exists", name);
        return;
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    emit_str(c, s->if_not_exists ? "INSERT OR IGNORE" : "INSERT");
    emit_str(c, " INTO _lg_schemas(name) VALUES (");
    emit_literal(c, name);
    emit_str(c, ");");
}

/* Drops one relation of a schema being dropped with CASCADE (catalog_rel_cb). */
static void drop_member(void *ctx, const char *name, char kind)
{
    emit_ctx_t *c = ctx;
    if (kind == 'v' || kind == 'r') {
        emit_str(c, kind == 'v' ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ");
        emit_ident(c, name);
        emit_str(c, ";");
    }
    static const char *const q[] = {
        "DELETE FROM _lg_columns WHERE tbl = ", "DELETE FROM _lg_constraints WHERE tbl = ",
        "DELETE FROM _lg_sequences WHERE owner_tbl = ", "DELETE FROM _lg_sequences WHERE name = ",
        "DELETE FROM _lg_comments WHERE objname = "};
    for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
        emit_str(c, q[i]);
        emit_literal(c, name);
        emit_str(c, ";");
    }
}

/* DROP SCHEMA public: its objects go (with CASCADE), the schema itself stays. */
static void drop_public(emit_ctx_t *c, const PgQuery__DropStmt *s)
{
    sqlite3 *db = catalog_db(c);
    if (!db)
        return;
    if (s->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
        if (catalog_public_is_empty(db) != 1)
            emit_error(c, "2BP01", -1,
                       "cannot drop schema public because other objects depend on it");
        return;
    }
    emit_drop_schema_contents(c, db, "public", drop_member);
}

static void note_only_member(void *ctx, const char *name, char kind)
{
    emit_ctx_t *c = ctx;
    emit_notice(c, "00000", "drop cascades to %s %s",
                kind == 'v'   ? "view"
                : kind == 'S' ? "sequence"
                              : "table",
                name);
}

/* PostgreSQL's NOTICE for the n relations DROP SCHEMA ... CASCADE takes with it (its DETAIL
 * list is not sent). */
static void cascade_notice(emit_ctx_t *c, sqlite3 *db, const char *schema, int n)
{
    if (n == 1)
        catalog_schema_relations(db, schema, note_only_member, c);
    else
        emit_notice(c, "00000", "drop cascades to %d other objects", n);
}

static void drop_one_schema(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name)
{
    sqlite3 *db = catalog_db(c);
    if (strcmp(name, "public") == 0) {
        drop_public(c, s);
        return;
    }
    if (!emit_schema_is_user(name)) {
        emit_unsupported(c, -1, "DROP SCHEMA of a built-in schema");
        return;
    }
    if (db && catalog_schema_exists(db, name) != 1) {
        if (!s->missing_ok)
            emit_error(c, LG_SQLSTATE_UNDEFINED_SCHEMA, -1, "schema \"%s\" does not exist", name);
        else
            emit_notice(c, "00000", "schema \"%s\" does not exist, skipping", name);
        return;
    }
    bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    int n = catalog_schema_relations(db, name, NULL, NULL);
    if (n > 0 && !cascade) {
        emit_error(c, "2BP01", -1, "cannot drop schema %s because other objects depend on it",
                   name);
        return;
    }
    if (n > 0) { /* tables in foreign-key order, then (again, IF EXISTS) with sequences */
        cascade_notice(c, db, name, n);
        emit_drop_schema_contents(c, db, name, drop_member);
        catalog_schema_relations(db, name, drop_member, c);
    }
    emit_str(c, "DELETE FROM _lg_schemas WHERE name = ");
    emit_literal(c, name);
    emit_str(c, ";DELETE FROM _lg_comments WHERE objtype = 'schema' AND objname = ");
    emit_literal(c, name);
    emit_str(c, ";");
}

void emit_drop_schema(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out)
{
    snprintf(out->tag, sizeof(out->tag), "DROP SCHEMA");
    emit_str(c, CATALOG_META_CREATE_SQL);
    for (size_t i = 0; i < s->n_objects && !c->failed; i++)
        drop_one_schema(c, s, emit_strval(s->objects[i]));
}

/* COMMENT ON TABLE / VIEW / INDEX / SEQUENCE / COLUMN ... IS '...' | NULL: a row of
 * _lg_comments (objtype, SQLite name of the relation, column or '', text); NULL or ''
 * deletes it, as in PostgreSQL. */
static void note_column(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    const char **want = ctx;
    (void)t, (void)notnull, (void)pk;
    if (*want && strcmp(col, *want) == 0)
        *want = NULL; /* found */
}

static bool has_column(sqlite3 *db, const char *rel, const char *col)
{
    const char *want = col;
    return catalog_table_columns(db, rel, note_column, &want) < 0 || want == NULL;
}

/* The name a COMMENT ON TYPE / DOMAIN / SCHEMA is stored under, or NULL (error raised) when
 * there is no such user type (42704; built-in types: 0A000) or schema (3F000). */
static const char *comment_target_name(emit_ctx_t *c, const PgQuery__CommentStmt *s,
                                       const char *kind)
{
    sqlite3 *db = catalog_db(c);
    const char *name = "";
    if (s->object && s->object->node_case == PG_QUERY__NODE__NODE_STRING)
        name = emit_strval(s->object);
    else if (s->object && s->object->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        name = emit_last_name(s->object->type_name->names, s->object->type_name->n_names);
    if (!strcmp(kind, "schema")) {
        if (strcmp(name, "public") != 0 && db && catalog_schema_exists(db, name) != 1) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_SCHEMA, -1, "schema \"%s\" does not exist", name);
            return NULL;
        }
        return name;
    }
    emit_usertype_t u;
    if (!s->object || s->object->node_case != PG_QUERY__NODE__NODE_TYPE_NAME ||
        !emit_usertype_find(c, s->object->type_name, &u)) {
        if (pgtype_from_name(name))
            emit_unsupported(c, -1, "COMMENT ON TYPE of a built-in type");
        else
            emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1, "type \"%s\" does not exist", name);
        return NULL;
    }
    return name;
}

void emit_comment(emit_ctx_t *c, const PgQuery__CommentStmt *s, translate_stmt_t *out)
{
    (void)out;
    const char *kind = NULL;
    switch (s->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        kind = "table";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        kind = "view";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        kind = "index";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        kind = "sequence";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        kind = "column";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        kind = "type";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        kind = "schema";
        break;
    default:
        emit_unsupported(c, -1, "COMMENT ON this kind of object");
        return;
    }
    const char *sub = "", *rel = NULL;
    if (!strcmp(kind, "type") || !strcmp(kind, "schema")) {
        rel = comment_target_name(c, s, kind);
        if (!rel)
            return;
    } else if (s->object && s->object->node_case == PG_QUERY__NODE__NODE_LIST) {
        PgQuery__Node **names = s->object->list->items;
        size_t n = s->object->list->n_items;
        if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN && n >= 2)
            sub = emit_strval(names[--n]);
        rel = emit_object_name(c, names, n);
    } else {
        emit_unsupported(c, -1, "COMMENT ON this object");
        return;
    }
    sqlite3 *db = catalog_db(c);
    if ((!strcmp(kind, "table") || !strcmp(kind, "view") || !strcmp(kind, "column")) && db &&
        catalog_relation_exists(db, rel) == 0) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist", rel);
        return;
    }
    if (!strcmp(kind, "column") && db && !has_column(db, rel, sub)) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, -1,
                   "column \"%s\" of relation \"%s\" does not exist", sub, rel);
        return;
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    emit_str(c, "DELETE FROM _lg_comments WHERE objtype = ");
    emit_literal(c, kind);
    emit_str(c, " AND objname = ");
    emit_literal(c, rel);
    emit_str(c, " AND subname = ");
    emit_literal(c, sub);
    emit_str(c, ";");
    if (!s->comment[0])
        return;
    emit_str(c, "INSERT INTO _lg_comments(objtype, objname, subname, body) VALUES (");
    emit_literal(c, kind);
    emit_str(c, ", ");
    emit_literal(c, rel);
    emit_str(c, ", ");
    emit_literal(c, sub);
    emit_str(c, ", ");
    emit_literal(c, s->comment);
    emit_str(c, ");");
}

const char *emit_temp_relname(emit_ctx_t *c, const PgQuery__RangeVar *rv, translate_stmt_t *out)
{
    if (rv->schemaname[0] && strcmp(rv->schemaname, "pg_temp") != 0) {
        emit_error(c, "42P16", rv->location,
                   "cannot create temporary relation in non-temporary schema");
        return rv->relname;
    }
    static char k_pg_temp[] = "pg_temp";
    PgQuery__RangeVar t = *rv;
    t.schemaname = k_pg_temp;
    if (out)
        out->temp_ddl = true;
    return emit_relname(c, &t);
}

void emit_temp_schema_row(emit_ctx_t *c)
{
    sqlite3 *db = catalog_db(c);
    char tmp[EMIT_NAME_MAX] = "";
    if (db)
        catalog_temp_schema(db, false, tmp, sizeof(tmp));
    if (!tmp[0]) {
        emit_unsupported(c, -1, "temporary tables outside a client session");
        return;
    }
    emit_str(c, "INSERT OR IGNORE INTO _lg_schemas(name) VALUES (");
    emit_literal(c, tmp);
    emit_str(c, ");");
}

const char *emit_create_relname(emit_ctx_t *c, const PgQuery__RangeVar *rv)
{
    sqlite3 *db = catalog_db(c);
    if (rv->schemaname[0] || !db || !catalog_has_user_schemas(db))
        return emit_relname(c, rv);
    c->path_dependent = true;
    char names[1][CATALOG_PATH_NAME];
    if (catalog_search_path(db, names, 1) != 1) {
        emit_error(c, "3F000", rv->location, "no schema has been selected to create in");
        return rv->relname;
    }
    return emit_qualify(c, names[0], rv->relname);
}

const char *emit_schema_resolve(emit_ctx_t *c, const char *relname)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (!db)
        return relname;
    char *slot = c->qnames[c->nqname++ % EMIT_QNAMES];
    if (catalog_resolve_temp(db, relname, slot, EMIT_NAME_MAX * 2) == 1) {
        c->path_dependent = true; /* the session's own temporary table */
        return slot;
    }
    if (!catalog_has_user_schemas(db))
        return relname; /* only public: the path cannot matter */
    c->path_dependent = true;
    if (catalog_resolve_relation(db, relname, slot, EMIT_NAME_MAX * 2) == 1)
        return slot;
    return relname;
}

void emit_vacuum(emit_ctx_t *c, const PgQuery__VacuumStmt *s, translate_stmt_t *out)
{
    (void)out;
    if (s->is_vacuumcmd)
        return; /* VACUUM: SQLite manages its own space; accepted as a no-op */
    if (s->n_rels == 0) {
        emit_str(c, "ANALYZE");
        return;
    }
    for (size_t i = 0; i < s->n_rels; i++) {
        const PgQuery__Node *n = s->rels[i];
        if (n->node_case != PG_QUERY__NODE__NODE_VACUUM_RELATION || !n->vacuum_relation->relation)
            continue;
        const char *name = emit_relname(c, n->vacuum_relation->relation);
        emit_str(c, i ? "; ANALYZE " : "ANALYZE ");
        emit_ident(c, name);
    }
}

/* ---- ALTER <object> OWNER TO ---- */

/* The command tag word of an object kind ("SCHEMA" for ALTER SCHEMA ... OWNER TO). */
static const char *owner_object_word(PgQuery__ObjectType t)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        return "SCHEMA";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        return "TYPE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        return "DOMAIN";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
        return "FUNCTION";
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
        return "PROCEDURE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
        return "ROUTINE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
        return "AGGREGATE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        return "DATABASE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_LANGUAGE:
        return "LANGUAGE";
    default:
        return NULL;
    }
}

/* ALTER SCHEMA / TYPE / DOMAIN / FUNCTION ... OWNER TO role: litegres has one role (the
 * session's user; pg_database_owner owns schema public), so the owner does not change; any
 * other role is 42704 as PostgreSQL answers for a role that does not exist. */
void emit_alter_owner(emit_ctx_t *c, const PgQuery__AlterOwnerStmt *s, translate_stmt_t *out)
{
    const char *word = owner_object_word(s->object_type);
    if (!word) {
        emit_unsupported(c, -1, "ALTER OWNER of this kind of object");
        return;
    }
    snprintf(out->tag, sizeof(out->tag), "ALTER %s", word);
    emit_owner_check(c, s->newowner);
}

void emit_owner_check(emit_ctx_t *c, const PgQuery__RoleSpec *r)
{
    if (!r || r->roletype != PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING) {
        emit_str(c, "SELECT 1 WHERE 0;"); /* CURRENT_USER, SESSION_USER, CURRENT_ROLE */
        return;
    }
    char msg[EMIT_NAME_MAX + 40];
    snprintf(msg, sizeof(msg), "role \"%s\" does not exist", r->rolename);
    emit_str(c, "SELECT lg_raise('42704', ");
    emit_literal(c, msg);
    emit_str(c, ") WHERE ");
    emit_literal(c, r->rolename);
    emit_str(c, " NOT IN (current_user(), 'pg_database_owner');");
}
