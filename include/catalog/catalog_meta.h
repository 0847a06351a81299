/* catalog_meta.h - litegres's own metadata tables inside the SQLite file (worker thread:
 * every function takes a sqlite3 * that the calling thread has checked out).
 *
 * The tables (format in docs/storage.md) are created on demand by the DDL the translator
 * emits (CATALOG_META_CREATE_SQL is prepended to every CREATE TABLE / CREATE SEQUENCE):
 *   _lg_columns(tbl, col, attnum, pgtype, typoid, typmod, is_identity)
 *       one row per column created through litegres: its PostgreSQL type.
 *   _lg_constraints(tbl, name, kind, cols, reftbl, refcols)
 *       named constraints as PostgreSQL names them (users_pkey, users_email_key, ...).
 *   _lg_sequences(name, last_value, start_value, increment, min_value, max_value, cycle,
 *       is_called, owner_tbl, owner_col)
 *       sequences (SERIAL columns, CREATE SEQUENCE); nextval/setval are SQL functions.
 *   _lg_comments(objtype, objname, subname, body)
 *   _lg_types(name, oid, kind, basetype, typmod, notnull, defexpr, pgbase)
 *   _lg_enum(typname, label, sortorder)
 *   _lg_domain_checks(typname, name, expr, src)
 *       user-defined enums and domains (CREATE TYPE ... AS ENUM, CREATE DOMAIN).
 *   _lg_schemas(name)
 *       schemas made by CREATE SCHEMA. A relation of schema s is the SQLite table (view,
 *       sequence) named "s.name"; unqualified names are schema public.
 * Look-ups return LG_ENOTFOUND when the table does not exist yet. */
#ifndef LG_CATALOG_META_H
#define LG_CATALOG_META_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CATALOG_META_CREATE_SQL                                                                    \
    "CREATE TABLE IF NOT EXISTS _lg_columns(tbl TEXT NOT NULL, col TEXT NOT NULL, "                \
    "attnum INTEGER NOT NULL, pgtype TEXT NOT NULL, typoid INTEGER NOT NULL, "                     \
    "typmod INTEGER NOT NULL DEFAULT -1, is_identity TEXT NOT NULL DEFAULT '', "                   \
    "PRIMARY KEY(tbl, col)) WITHOUT ROWID;"                                                        \
    "CREATE TABLE IF NOT EXISTS _lg_constraints(tbl TEXT NOT NULL, name TEXT NOT NULL, "           \
    "kind TEXT NOT NULL, cols TEXT NOT NULL, reftbl TEXT, refcols TEXT, "                          \
    "PRIMARY KEY(tbl, name)) WITHOUT ROWID;"                                                       \
    "CREATE TABLE IF NOT EXISTS _lg_sequences(name TEXT PRIMARY KEY, "                             \
    "last_value INTEGER NOT NULL, start_value INTEGER NOT NULL, "                                  \
    "increment INTEGER NOT NULL DEFAULT 1, min_value INTEGER NOT NULL, "                           \
    "max_value INTEGER NOT NULL, cycle INTEGER NOT NULL DEFAULT 0, "                               \
    "is_called INTEGER NOT NULL DEFAULT 0, owner_tbl TEXT, owner_col TEXT);"                       \
    "CREATE TABLE IF NOT EXISTS _lg_comments(objtype TEXT NOT NULL, objname TEXT NOT NULL, "       \
    "subname TEXT NOT NULL DEFAULT '', body TEXT, "                                                \
    "PRIMARY KEY(objtype, objname, subname)) WITHOUT ROWID;"                                       \
    "CREATE TABLE IF NOT EXISTS _lg_schemas(name TEXT PRIMARY KEY) WITHOUT ROWID;"                 \
    "CREATE TABLE IF NOT EXISTS _lg_types(name TEXT PRIMARY KEY, oid INTEGER NOT NULL, "           \
    "kind TEXT NOT NULL, basetype INTEGER NOT NULL DEFAULT 0, "                                    \
    "typmod INTEGER NOT NULL DEFAULT -1, not_null INTEGER NOT NULL DEFAULT 0, "                    \
    "defexpr TEXT, pgbase TEXT) WITHOUT ROWID;"                                                    \
    "CREATE TABLE IF NOT EXISTS _lg_enum(typname TEXT NOT NULL, label TEXT NOT NULL, "             \
    "sortorder REAL NOT NULL, PRIMARY KEY(typname, label)) WITHOUT ROWID;"                         \
    "CREATE TABLE IF NOT EXISTS _lg_domain_checks(typname TEXT NOT NULL, name TEXT NOT NULL, "     \
    "expr TEXT NOT NULL, src TEXT, PRIMARY KEY(typname, name)) WITHOUT ROWID;"

/* A column's recorded PostgreSQL type. */
typedef struct catalog_coltype {
    uint32_t typoid;
    int32_t typmod;
    int attnum;
    char pgtype[64]; /* as written for dump: "varchar(30)", "numeric(3,1)", "text[]" */
} catalog_coltype_t;

/* worker: type of tbl.col; 0, or LG_ENOTFOUND (no such row / no metadata table). */
int catalog_column_type(sqlite3 *db, const char *tbl, const char *col, catalog_coltype_t *out);
/* worker: the recorded name of tbl's column matching col ignoring case (an exact match
 * first); 0, or LG_ENOTFOUND. */
int catalog_column_name(sqlite3 *db, const char *tbl, const char *col, char *out, size_t cap);

/* worker: calls cb for each column of tbl in SQLite's order (PRAGMA table_info), with its
 * recorded type (typoid 0 when the column has no metadata). Returns the number of columns
 * (0 = no such table) or a negative LG_E* code. */
typedef void (*catalog_column_cb)(void *ctx, const char *col, const catalog_coltype_t *t,
                                  int notnull, int pk);
int catalog_table_columns(sqlite3 *db, const char *tbl, catalog_column_cb cb, void *ctx);

/* worker: the comma-separated column list of constraint `name` ("a,b"), searching all
 * tables when tbl is NULL. 0 or LG_ENOTFOUND. */
int catalog_constraint_columns(sqlite3 *db, const char *tbl, const char *name, char *cols,
                               size_t cap);

/* worker: the name of the constraint of `kind` ('p','u','f','c') on tbl over exactly the
 * comma-separated `cols` (for error messages: "users_email_key"). 0 or LG_ENOTFOUND. */
int catalog_constraint_name(sqlite3 *db, const char *tbl, char kind, const char *cols, char *name,
                            size_t cap);

/* worker: 'a' (GENERATED ALWAYS AS IDENTITY), 'd' (BY DEFAULT) or 0 for tbl.col. */
char catalog_column_identity(sqlite3 *db, const char *tbl, const char *col);

/* worker: 1 if another table has a FOREIGN KEY referencing tbl, 0 if not, negative on
 * error. */
int catalog_table_referenced(sqlite3 *db, const char *tbl);
/* 1 when a table other than tbl and those in skip[0..nskip) has a FOREIGN KEY to tbl, 0 when
 * none, negative on error (DROP TABLE a, b of a parent and its child). Worker thread. */
/* 1 when table child has a FOREIGN KEY to table parent, 0 when not. Worker thread. */
int catalog_table_references(sqlite3 *db, const char *child, const char *parent);
int catalog_table_referenced_except(sqlite3 *db, const char *tbl, const char *const *skip,
                                    int nskip);

/* worker: 1 if a table or view named `name` exists, 0 if not, negative on error. */
int catalog_relation_exists(sqlite3 *db, const char *name);
/* worker: 1 if a table, view or index is named `name` (PostgreSQL's one relation
 * namespace), 0 if not, negative on error. */
int catalog_relname_exists(sqlite3 *db, const char *name);

/* worker: 1 if sequence `name` is in _lg_sequences, 0 if not, negative on error. */
int catalog_sequence_exists(sqlite3 *db, const char *name);

/* worker: 1 if a table's DEFAULT calls nextval('name'), owning the sequence or not (DROP
 * SEQUENCE must fail with 2BP01), 0 if not, negative on error. */
int catalog_sequence_used(sqlite3 *db, const char *name);

/* ---- schemas (catalog_meta_ns.c) ---- */

/* worker: 1 if `name` is a schema (public, pg_catalog, information_schema or a row of
 * _lg_schemas), 0 if not, negative on error. */
int catalog_schema_exists(sqlite3 *db, const char *name);

/* ---- the session's search_path (catalog_fn_path.c; worker owning db) ---- */
#define CATALOG_PATH_NAME 128
/* The existing schemas of search_path in order (pg_catalog left out); count. */
int catalog_search_path(sqlite3 *db, char names[][CATALOG_PATH_NAME], int max);
/* True when at least one user schema (not a temporary one) exists (then unqualified names
 * depend on the path). */
bool catalog_has_user_schemas(sqlite3 *db);
/* SQLite name of unqualified table/view relname found along search_path into out: returns
 * 1 when it lives in a user schema ("s.x"), 0 when public or not found (out unchanged). */
int catalog_resolve_relation(sqlite3 *db, const char *relname, char *out, size_t cap);
/* Temporary tables: a session's live in its own schema "pg_temp_<backend pid>"
 * (current_setting('lg.temp_schema')), a _lg_schemas row made by its first CREATE TEMP
 * TABLE. The schema's name into out ("" when unknown); with must_exist, "" unless the row
 * exists. */
void catalog_temp_schema(sqlite3 *db, bool must_exist, char *out, size_t cap);
/* 1 with "pg_temp_N.relname" in out when the session's temporary schema has table/view
 * relname (it comes before every schema of search_path), else 0. */
int catalog_resolve_temp(sqlite3 *db, const char *relname, char *out, size_t cap);

/* worker: calls cb for each relation of schema `schema` (SQLite name "schema.x"): kind 'r'
 * table, 'v' view, 'S' sequence. Returns the number of relations or a negative code. */
typedef void (*catalog_rel_cb)(void *ctx, const char *name, char kind);
int catalog_schema_relations(sqlite3 *db, const char *schema, catalog_rel_cb cb, void *ctx);
/* worker: 1 when public holds no table, view, free sequence or user type (as after DROP
 * SCHEMA public CASCADE), 0 when it does, negative on error. */
int catalog_public_is_empty(sqlite3 *db);

#endif
