/* catalog_pg_attribute.c - pg_attribute and pg_attrdef.
 *
 * pg_attribute: one row per column of every table and view (pragma_table_xinfo, attnum =
 * SQLite's cid + 1) with the PostgreSQL type recorded in _lg_columns, or the type mapped from
 * the SQLite declared type when the column has no metadata; plus one row per key column of
 * every index (attname = the column name or 'expr'); and the six system columns of every
 * table (tableoid -6, cmax, xmax, cmin, xmin, ctid -1), as PostgreSQL lists them.
 * pg_attrdef: one row per column with a DEFAULT (identity columns have none); adbin holds the
 * default expression as PostgreSQL prints it (pg_get_expr returns adbin unchanged). */
#include "catalog_int.h"

#define PG_ATTRIBUTE_DECL                                                                          \
    "CREATE TABLE x(attrelid oid, attname name, atttypid oid, attstattarget int4, "                \
    "attlen int2, attnum int2, attndims int4, attcacheoff int4, atttypmod int4, "                  \
    "attbyval bool, attalign \"char\", attstorage \"char\", attcompression \"char\", "             \
    "attnotnull bool, atthasdef bool, atthasmissing bool, attidentity \"char\", "                  \
    "attgenerated \"char\", attisdropped bool, attislocal bool, attinhcount int4, "                \
    "attcollation oid, attacl text[], attoptions text[], attfdwoptions text[], "                   \
    "attmissingval text, lg_tbl text HIDDEN)"

/* Columns of a table/view with their resolved type (t = typoid: a domain column's is the
 * domain, m = typmod). */
#define TABLE_COLS                                                                                 \
    "SELECT r.name AS rel, p.name AS col, p.cid + 1 AS num, "                                      \
    "coalesce((SELECT d.oid FROM lg_meta_types d WHERE d.name = m.pgtype AND d.kind = 'd'), "      \
    "m.typoid, lg_decltype_oid(p.type)) AS t, "                                                    \
    "coalesce(m.typmod, lg_decltype_typmod(p.type)) AS tm, "                                       \
    "(p.\"notnull\" OR p.pk > 0) AND r.kind = 'r' AS nn, "                                         \
    "(p.dflt_value IS NOT NULL AND coalesce(m.is_identity, '') = '') OR p.hidden IN (2, 3) "       \
    "AS hasdef, "                                                                                  \
    "coalesce(m.is_identity, '') AS ident, CASE WHEN p.hidden IN (2, 3) THEN 's' ELSE '' END "     \
    "AS gen FROM lg_meta_relations r JOIN pragma_table_xinfo(r.name) p "                           \
    "LEFT JOIN lg_meta_columns m ON m.tbl = r.name AND m.col = p.name "                            \
    "WHERE r.kind IN ('r', 'v')"

#define INDEX_COLS                                                                                 \
    "SELECT c.idx AS rel, c.colname AS col, c.seq AS num, coalesce(a.t, 25) AS t, "                \
    "coalesce(a.tm, -1) AS tm, 0 AS nn, 0 AS hasdef, '' AS ident, '' AS gen "                      \
    "FROM lg_meta_index_cols c LEFT JOIN (" TABLE_COLS ") a ON a.rel = c.tbl AND "                 \
    "a.num = c.attnum"

/* System columns: name, type (oid, tid, xid, cid), attlen, attnum, attbyval, attalign */
#define SYSTEM_COLS                                                                                \
    "SELECT lg_reloid(r.name), s.column1, s.column2, 0, s.column3, s.column4, 0, -1, -1, "         \
    "s.column5, s.column6, 'p', '', 1, 0, 0, '', '', 0, 1, 0, 0, NULL, NULL, NULL, NULL, r.name "  \
    "FROM lg_meta_relations r, (VALUES ('tableoid', 26, 4, -6, 1, 'i'), "                          \
    "('cmax', 29, 4, -5, 1, 'i'), ('xmax', 28, 4, -4, 1, 'i'), ('cmin', 29, 4, -3, 1, 'i'), "      \
    "('xmin', 28, 4, -2, 1, 'i'), ('ctid', 27, 6, -1, 0, 's')) s WHERE r.kind = 'r'"

#define PG_ATTRIBUTE_SQL                                                                           \
    SYSTEM_COLS                                                                                    \
    " UNION ALL SELECT lg_reloid(x.rel), x.col, x.t, -1, lg_typattr(x.t, 'l'), x.num, "            \
    "lg_typattr(x.t, 'd'), -1, x.tm, lg_typattr(x.t, 'b'), lg_typattr(x.t, 'a'), "                 \
    "lg_typattr(x.t, 's'), '', x.nn, x.hasdef, 0, x.ident, x.gen, 0, 1, 0, "                       \
    "lg_typattr(x.t, 'c'), NULL, NULL, NULL, NULL, x.rel FROM (" TABLE_COLS                        \
    " UNION ALL " INDEX_COLS ") x"

#define PG_ATTRDEF_SQL                                                                             \
    "SELECT lg_objoid('attrdef:' || r.name || '.' || p.name), lg_reloid(r.name), p.cid + 1, "      \
    "lg_pg_default(p.dflt_value, coalesce(m.typoid, lg_decltype_oid(p.type))) "                    \
    "FROM lg_meta_relations r JOIN pragma_table_xinfo(r.name) p "                                  \
    "LEFT JOIN lg_meta_columns m ON m.tbl = r.name AND m.col = p.name "                            \
    "WHERE r.kind = 'r' AND p.dflt_value IS NOT NULL AND coalesce(m.is_identity, '') = '' "        \
    "UNION ALL SELECT lg_objoid('attrdef:' || r.name || '.' || p.name), lg_reloid(r.name), "       \
    "p.cid + 1, lg_generated_expr(r.name, p.name) FROM lg_meta_relations r "                       \
    "JOIN pragma_table_xinfo(r.name) p WHERE r.kind = 'r' AND p.hidden IN (2, 3)"

const catalog_rel_t catalog__rels_pg_attribute[] = {
    {"pg_attribute", PG_ATTRIBUTE_DECL, PG_ATTRIBUTE_SQL, 0},
    {"pg_attrdef", "CREATE TABLE x(oid oid, adrelid oid, adnum int2, adbin text)", PG_ATTRDEF_SQL,
     0},
    {NULL, NULL, NULL, 0},
};
