/* catalog_int.h - private to src/catalog: the table of catalog relations and the helpers the
 * relation files share (worker thread, like every catalog function).
 *
 * Every pg_catalog relation and information_schema view is an eponymous read-only virtual
 * table defined by two strings: its declared schema (PostgreSQL column names and type
 * names, so pgtype_from_decltype maps them; extra columns litegres needs are HIDDEN) and a
 * SELECT over SQLite's own schema (sqlite_schema, pragma_table_info, ...) and the lg_meta_*
 * relations, producing the columns in the declared order. catalog.c runs that SELECT inside
 * xFilter on the same connection, with an equality constraint pushed down as a WHERE. */
#ifndef LG_CATALOG_INT_H
#define LG_CATALOG_INT_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct catalog_rel {
    const char *name; /* SQLite table name: "pg_class", "information_schema_tables" */
    const char *decl; /* "CREATE TABLE x(oid oid, relname name, ...)" */
    const char *sql;  /* SELECT producing the declared columns in order; NULL: no rows */
    /* flags: CATALOG_EMPTY_IF_MISSING (1): a failing prepare (no metadata table yet) yields
     * no rows; CATALOG_PER_SESSION (2): rows depend on the calling session (its settings),
     * so a snapshot is never reused */
    int empty_if_missing;
} catalog_rel_t;

#define CATALOG_EMPTY_IF_MISSING 1
#define CATALOG_PER_SESSION 2

/* Relation tables, each ended by an entry with name NULL. */
extern const catalog_rel_t catalog__rels_meta[];
extern const catalog_rel_t catalog__rels_pg_class[];
extern const catalog_rel_t catalog__rels_pg_attribute[];
extern const catalog_rel_t catalog__rels_pg_constraint[];
extern const catalog_rel_t catalog__rels_pg_misc[];
extern const catalog_rel_t catalog__rels_pg_ops[];
extern const catalog_rel_t catalog__rels_pg_views[];
extern const catalog_rel_t catalog__rels_is[];
extern const catalog_rel_t catalog__rels_is_cons[];

/* pg_type: its SELECT is a VALUES list built once from the type table (catalog_pg_type.c). */
const catalog_rel_t *catalog__pg_type_rel(void);

/* Namespace OIDs. */
/* The integer type of sequence row s (lg_meta_sequences): _lg_sequences does not record AS,
 * so it is read from limits at a type's bounds (serial int4 and smallserial sequences, AS
 * smallint / integer with default limits); others are bigint. */
#define CATALOG_SEQ_TYPOID(s)                                                                      \
    "CASE WHEN " s ".max_value = 32767 OR " s ".min_value = -32768 THEN 21 WHEN " s                \
    ".max_value = 2147483647 OR " s ".min_value = -2147483648 THEN 23 ELSE 20 END"

#define CATALOG_NS_PG_CATALOG 11
#define CATALOG_NS_PUBLIC 2200
#define CATALOG_NS_INFORMATION_SCHEMA 13000
#define CATALOG_ROLE_OID 10
#define CATALOG_DB_OID 16383
#define CATALOG_FIRST_USER_OID 16384

/* 16384 + (FNV-1a-32(s) & 0x3fffffff): the unprobed OID of a key (catalog_fn_oid.c). */
uint32_t catalog__name_hash(const char *s);
/* Namespace functions lg_relnsp, lg_relshort, lg_nspoid, lg_nspname (catalog_fn_nsp.c). */
int catalog__fn_nsp_register(sqlite3 *db);
/* Name of namespace oid (builtin or a _lg_schemas row) into buf; 0 or LG_ENOTFOUND. */
int catalog__nsp_name(sqlite3 *db, int64_t oid, char *buf, size_t cap);

/* Registers the OID / regclass / regtype functions (catalog_fn_oid.c) and the other catalog
 * SQL functions (catalog_fn.c, catalog_fn_def.c). 0 or LG_EINVAL. */
int catalog__fn_oid_register(sqlite3 *db);
int catalog__fn_register(sqlite3 *db);
/* A SQL function of the catalog layer, registered by catalog__create_fns (deterministic
 * enough for SQLITE_INNOCUOUS, no user data). */
typedef struct catalog_fn_def {
    const char *name;
    int nargs;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
} catalog_fn_def_t;
int catalog__create_fns(sqlite3 *db, const catalog_fn_def_t *defs, size_t n);
int catalog__fn_def_register(sqlite3 *db);
int catalog__fn_body_register(sqlite3 *db); /* catalog_fn_body.c: lg_fn_body */
int catalog__fn_proc_register(sqlite3 *db); /* catalog_fn_proc.c: pg_get_function_* */
int catalog__fn_gen_register(sqlite3 *db);  /* catalog_fn_gen.c: lg_generated_expr */
/* catalog_fn_gen.c: expression s[0..n) the translator wrote, in PostgreSQL's spelling. */
void catalog__expr_pg(const char *s, size_t n, sqlite3_str *out);
int catalog__fn_fk_register(sqlite3 *db); /* lg_fk_deferral (catalog_fn_fk.c) */
int catalog__fn_type_register(sqlite3 *db);
int catalog__fn_reg_register(sqlite3 *db);  /* regproc, regrole (catalog_fn_reg.c) */
int catalog__fn_path_register(sqlite3 *db); /* search_path (catalog_fn_path.c) */

/* Expressions stored in SQLite DDL printed as PostgreSQL's pretty deparser does
 * (catalog_fn_expr.c): strip drops redundant outer parentheses (adjusting *s, *n);
 * expr_pretty also rewrites BETWEEN; index_item_pretty prints one index column of tbl
 * ("lower(subject::text)", "(a + b)"). */
/* Index just past the ')' matching s[0] == '(' within n bytes ('...' and "..." skipped), or
 * 0 (catalog_fn_expr.c). */
size_t catalog__paren_end(const char *s, size_t n);
void catalog__expr_strip(const char **s, size_t *n);
void catalog__expr_pretty(const char *s, size_t n, sqlite3_str *out);
void catalog__index_item_pretty(sqlite3 *db, const char *tbl, const char *s, size_t n,
                                sqlite3_str *out);
/* A CHECK expression as stored (the translator keeps PostgreSQL's parenthesization) with the
 * constant casts PostgreSQL's non-pretty deparser shows: 'x'::text against a text column,
 * (0)::numeric for an integer constant against a numeric column. */
void catalog__expr_typed(sqlite3 *db, const char *tbl, const char *s, size_t n, sqlite3_str *out);

/* PostgreSQL's display name of a type (format_type): "character varying(30)", "integer[]".
 * Writes into buf (always terminated). */
void catalog__format_type(uint32_t oid, int32_t typmod, char *buf, size_t cap);
/* The same, naming user types (enums, domains, composites) from _lg_types on db. */
void catalog__format_type_db(sqlite3 *db, uint32_t oid, int32_t typmod, char *buf, size_t cap);
/* catalog_quote.c: an identifier as PostgreSQL's quote_identifier prints it. */
/* lg_expr_columns(tbl, expr): JSON array of tbl's columns that expr (a CHECK's text)
 * names, in column order (catalog_fn_expr.c; registered by catalog_fn_def.c). */
#define CATALOG_EXPR_COL_MAX 128
void catalog__fn_expr_columns(sqlite3_context *ctx, int argc, sqlite3_value **argv);
bool catalog__ident_needs_quotes(const char *s);
void catalog__append_ident(sqlite3_str *out, const char *s);

#endif
