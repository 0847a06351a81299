/* catalog_pg_meta.c - internal relations (lg_meta_*) the pg_catalog and information_schema
 * relations are written over. Not part of the PostgreSQL surface; names start with lg_.
 *
 *   lg_meta_columns / _constraints / _sequences / _comments: the metadata tables of
 *       catalog_meta.h, empty while the file has none (the first DDL creates them).
 *   lg_meta_functions: user functions (_lg_functions of translate_fn.h; argtypes are
 *       comma-separated OIDs, argnames comma-separated; body as pg_proc.prosrc holds it:
 *       a PL/pgSQL body is read from the CREATE text by lg_fn_body), empty until CREATE
 *       FUNCTION.
 *   lg_meta_relations(name, kind, tbl, sql): every relation PostgreSQL would list in
 *       pg_class: tables 'r' and views 'v' from sqlite_schema (sqlite_* and _lg_* hidden),
 *       explicit indexes 'i', indexes that exist only as constraints ('p'/'u' rows of
 *       _lg_constraints without a SQLite index of that name, and "<tbl>_pkey" for a table
 *       with a primary key but no metadata), sequences 'S' from _lg_sequences. tbl is the
 *       owning table of an index (else the relation itself).
 *   lg_meta_index_cols(idx, tbl, seq, colname, attnum): key columns of each index, 1-based
 *       seq; attnum 0 and colname = the expression text for an expression column.
 *   lg_meta_indexes(name, tbl, isunique, isprimary, indkey, pred, sql): one row per index
 *       relation; indkey is "1 3" (int2vector text), pred the WHERE text of a partial index,
 *       sql the SQLite CREATE INDEX text (NULL for constraint-only indexes).
 *   lg_meta_all_constraints: _lg_constraints plus "<tbl>_pkey" of tables without metadata;
 *       isindex is 1 for the 'u' row of a CREATE UNIQUE INDEX (kept for foreign keys and
 *       ON CONFLICT, which may use such an index, but no constraint in PostgreSQL's views). */
#include "catalog_int.h"

#define USER_OBJ(a)                                                                                \
    a "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND " a "name NOT LIKE '\\_lg\\_%' ESCAPE '\\'"

/* "p"/"u" rows of the constraint table plus primary keys of tables without metadata. */
#define KEY_CONSTRAINTS                                                                            \
    "SELECT c.name AS name, c.tbl AS tbl, c.kind AS kind, c.cols AS cols FROM "                    \
    "lg_meta_constraints c "                                                                       \
    "WHERE c.kind IN ('p','u') UNION ALL "                                                         \
    "SELECT s.name || '_pkey', s.name, 'p', (SELECT group_concat(n, ',') FROM "                    \
    "(SELECT p.name AS n FROM pragma_table_info(s.name) p WHERE p.pk > 0 ORDER BY p.pk)) "         \
    "FROM main.sqlite_schema s WHERE s.type = 'table' AND " USER_OBJ(                              \
        "s.") " AND EXISTS (SELECT 1 FROM pragma_table_info(s.name) p WHERE p.pk > 0) "            \
              "AND NOT EXISTS (SELECT 1 FROM lg_meta_constraints c WHERE c.tbl = s.name AND "      \
              "c.kind = 'p')"

const catalog_rel_t catalog__rels_meta[] = {
    {"lg_meta_columns",
     "CREATE TABLE x(tbl text, col text, attnum int4, pgtype text, typoid oid, typmod int4, "
     "is_identity text)",
     "SELECT tbl, col, attnum, pgtype, typoid, typmod, is_identity FROM main._lg_columns", 1},
    {"lg_meta_constraints",
     "CREATE TABLE x(tbl text, name text, kind text, cols text, reftbl text, refcols text)",
     "SELECT tbl, name, kind, cols, reftbl, refcols FROM main._lg_constraints", 1},
    {"lg_meta_sequences",
     "CREATE TABLE x(name text, last_value int8, start_value int8, increment int8, "
     "min_value int8, max_value int8, cycle int4, is_called int4, owner_tbl text, "
     "owner_col text)",
     "SELECT name, last_value, start_value, increment, min_value, max_value, cycle, is_called,"
     " owner_tbl, owner_col FROM main._lg_sequences",
     1},
    {"lg_meta_functions",
     "CREATE TABLE x(name text, lang text, rettype int8, retset int4, argnames text, "
     "argtypes text, body text, volatility text, src text, argdefaults text, outnames text, "
     "outtypes text)",
     "SELECT name, lang, rettype, retset, argnames, argtypes, CASE WHEN lang = 'sql' THEN "
     "body ELSE coalesce(lg_fn_body(src), body) END, volatility, src, argdefaults, outnames, "
     "outtypes FROM main._lg_functions",
     1},
    {"lg_meta_comments", "CREATE TABLE x(objtype text, objname text, subname text, body text)",
     "SELECT objtype, objname, subname, body FROM main._lg_comments", 1},
    {"lg_meta_schemas", "CREATE TABLE x(name text)", "SELECT name FROM main._lg_schemas", 1},
    {"lg_meta_matviews", "CREATE TABLE x(name text, query text)",
     "SELECT name, query FROM main._lg_matviews", 1},
    {"lg_meta_types",
     "CREATE TABLE x(name text, oid int8, kind text, basetype int8, typmod int4, not_null int4)",
     "SELECT name, oid, kind, basetype, typmod, not_null FROM main._lg_types", 1},
    {"lg_meta_domain_checks", "CREATE TABLE x(typname text, name text, expr text)",
     "SELECT typname, name, expr FROM main._lg_domain_checks", 1},
    {"lg_meta_relations", "CREATE TABLE x(name text, kind text, tbl text, sql text)",
     "SELECT name, CASE type WHEN 'table' THEN 'r' WHEN 'view' THEN 'v' ELSE 'i' END, "
     "tbl_name, sql FROM main.sqlite_schema WHERE type IN ('table','view','index') AND "
     "(type <> 'index' OR sql IS NOT NULL) AND " USER_OBJ(
         "") " UNION ALL "
             "SELECT k.name, 'i', k.tbl, NULL FROM (" KEY_CONSTRAINTS ") k WHERE NOT EXISTS "
             "(SELECT 1 FROM main.sqlite_schema s WHERE s.name = k.name) UNION ALL "
             "SELECT name, 'S', name, NULL FROM lg_meta_sequences",
     0},
    {"lg_meta_index_cols",
     "CREATE TABLE x(idx text, tbl text, seq int4, colname text, attnum int2)",
     "SELECT s.name, s.tbl_name, x.seqno + 1, coalesce(x.name, 'expr'), "
     "CASE WHEN x.cid >= 0 THEN x.cid + 1 ELSE 0 END FROM main.sqlite_schema s, "
     "pragma_index_xinfo(s.name) x WHERE s.type = 'index' AND s.sql IS NOT NULL AND x.key = 1 "
     "AND " USER_OBJ(
         "s.") " UNION ALL "
               "SELECT k.name, k.tbl, j.key + 1, j.value, (SELECT p.cid + 1 FROM "
               "pragma_table_info(k.tbl) p "
               "WHERE p.name = j.value) FROM (" KEY_CONSTRAINTS ") k, json_each('[\"' || "
               "replace(replace(k.cols, '\"', '\\\"'), ',', '\",\"') || '\"]') j WHERE NOT EXISTS "
               "(SELECT 1 FROM main.sqlite_schema s WHERE s.name = k.name)",
     0},
    {"lg_meta_indexes",
     "CREATE TABLE x(name text, tbl text, isunique int4, isprimary int4, indkey text, pred text,"
     " sql text)",
     "SELECT r.name, r.tbl, CASE WHEN r.sql IS NULL THEN 1 ELSE coalesce((SELECT l.\"unique\" "
     "FROM pragma_index_list(r.tbl) l WHERE l.name = r.name), 0) END, "
     "EXISTS (SELECT 1 FROM (" KEY_CONSTRAINTS ") k WHERE k.name = r.name AND k.kind = 'p'), "
     "(SELECT group_concat(a, ' ') FROM (SELECT c.attnum AS a FROM lg_meta_index_cols c "
     "WHERE c.idx = r.name ORDER BY c.seq)), lg_index_pred(r.sql), r.sql "
     "FROM lg_meta_relations r WHERE r.kind = 'i'",
     0},
    {"lg_meta_all_constraints",
     "CREATE TABLE x(tbl text, name text, kind text, cols text, reftbl text, refcols text, "
     "isindex int)",
     "SELECT m.tbl, m.name, m.kind, m.cols, m.reftbl, m.refcols, m.kind = 'u' AND EXISTS "
     "(SELECT 1 FROM main.sqlite_schema s WHERE s.type = 'index' AND s.name = m.name "
     "AND s.sql IS NOT NULL) FROM lg_meta_constraints m UNION ALL "
     "SELECT k.tbl, k.name, 'p', k.cols, NULL, NULL, 0 FROM (" KEY_CONSTRAINTS ") k "
     "WHERE k.kind = 'p' AND NOT EXISTS (SELECT 1 FROM lg_meta_constraints m "
     "WHERE m.tbl = k.tbl AND m.kind = 'p')",
     0},
    {NULL, NULL, NULL, 0},
};
