/* catalog_is_tables.c - information_schema views about relations and columns:
 * information_schema_schemata, _tables, _views, _columns, _sequences.
 *
 * Identifiers (sql_identifier) are declared name, character_data text, cardinal_number
 * int4, yes_or_no text. Only user relations of schema public are listed; table_catalog is
 * current_database(). columns.data_type follows PostgreSQL: format_type without typmod,
 * 'ARRAY' for arrays, 'character' for bpchar; the length/precision columns decode typmod. */
#include "catalog_int.h"

#define IS_COLUMNS_DECL                                                                            \
    "CREATE TABLE x(table_catalog name, table_schema name, table_name name, column_name name,"     \
    " ordinal_position int4, column_default text, is_nullable text, data_type text, "              \
    "character_maximum_length int4, character_octet_length int4, numeric_precision int4, "         \
    "numeric_precision_radix int4, numeric_scale int4, datetime_precision int4, "                  \
    "interval_type text, interval_precision int4, character_set_catalog name, "                    \
    "character_set_schema name, character_set_name name, collation_catalog name, "                 \
    "collation_schema name, collation_name name, domain_catalog name, domain_schema name, "        \
    "domain_name name, udt_catalog name, udt_schema name, udt_name name, scope_catalog name,"      \
    " scope_schema name, scope_name name, maximum_cardinality int4, dtd_identifier name, "         \
    "is_self_referencing text, is_identity text, identity_generation text, "                       \
    "identity_start text, identity_increment text, identity_maximum text, "                        \
    "identity_minimum text, identity_cycle text, is_generated text, "                              \
    "generation_expression text, is_updatable text)"

/* One row per column: rel, kind, col, num, t (type oid), tm (typmod), nn, dflt, ident, gen,
 * dom (the domain's name for a column of a domain) */
#define COLS                                                                                       \
    "SELECT r.name AS rel, r.kind AS kind, p.name AS col, p.cid + 1 AS num, "                      \
    "coalesce(m.typoid, lg_decltype_oid(p.type)) AS t, "                                           \
    "coalesce(m.typmod, lg_decltype_typmod(p.type)) AS tm, "                                       \
    "(p.\"notnull\" OR p.pk > 0) AND r.kind = 'r' AS nn, p.dflt_value AS dflt, "                   \
    "coalesce(m.is_identity, '') AS ident, p.hidden IN (2, 3) AS gen, (SELECT d.name FROM "        \
    "lg_meta_types d WHERE d.name = m.pgtype AND d.kind = 'd') AS dom "                            \
    "FROM lg_meta_relations r JOIN pragma_table_xinfo(r.name) p "                                  \
    "LEFT JOIN lg_meta_columns m ON m.tbl = r.name AND m.col = p.name "                            \
    "WHERE r.kind IN ('r', 'v')"

#define IS_COLUMNS_SQL                                                                             \
    "SELECT lg_dbname(), lg_relnsp(c.rel), lg_relshort(c.rel), c.col, c.num, "                     \
    "CASE WHEN c.ident = '' THEN lg_pg_default(c.dflt, c.t) END, "                                 \
    "CASE WHEN c.nn THEN 'NO' ELSE 'YES' END, "                                                    \
    "CASE WHEN lg_typattr(c.t, 'd') THEN 'ARRAY' WHEN c.t = 1042 THEN 'character' "                \
    "WHEN c.t >= 16384 THEN 'USER-DEFINED' ELSE format_type(c.t, -1) END, "                        \
    "CASE WHEN c.t IN (1042, 1043) AND c.tm >= 4 THEN c.tm - 4 END, "                              \
    "CASE WHEN c.t IN (1042, 1043) AND c.tm >= 4 THEN (c.tm - 4) * 4 "                             \
    "WHEN c.t IN (25, 1042, 1043) THEN 1073741824 END, "                                           \
    "CASE c.t WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 "                   \
    "WHEN 701 THEN 53 WHEN 1700 THEN CASE WHEN c.tm >= 4 THEN ((c.tm - 4) >> 16) & 65535 END "     \
    "END, CASE WHEN c.t IN (21, 23, 20, 700, 701) THEN 2 WHEN c.t = 1700 THEN 10 END, "            \
    "CASE WHEN c.t IN (21, 23, 20) THEN 0 WHEN c.t = 1700 AND c.tm >= 4 THEN "                     \
    "(c.tm - 4) & 65535 END, "                                                                     \
    "CASE WHEN c.t = 1082 THEN 0 WHEN c.t IN (1083, 1114, 1184, 1266, 1186) THEN "                 \
    "CASE WHEN c.tm >= 0 THEN c.tm ELSE 6 END END, "                                               \
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, CASE WHEN c.dom IS NOT NULL THEN "            \
    "lg_dbname() END, CASE WHEN c.dom IS NOT NULL THEN 'public' END, c.dom, "                      \
    "lg_dbname(), CASE WHEN c.t >= 16384 THEN 'public' ELSE 'pg_catalog' END, "                    \
    "CASE WHEN c.t >= 16384 THEN format_type(c.t, -1) ELSE lg_typname(c.t) END, "                  \
    "NULL, NULL, NULL, NULL, c.num, 'NO', "                                                        \
    "CASE WHEN c.ident <> '' THEN 'YES' ELSE 'NO' END, "                                           \
    "CASE c.ident WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END, "                         \
    "(SELECT s.start_value FROM lg_meta_sequences s WHERE c.ident <> '' AND s.owner_tbl = c.rel "  \
    "AND s.owner_col = c.col), (SELECT s.increment FROM lg_meta_sequences s WHERE c.ident <> '' "  \
    "AND s.owner_tbl = c.rel AND s.owner_col = c.col), (SELECT s.max_value FROM "                  \
    "lg_meta_sequences s WHERE c.ident <> '' AND s.owner_tbl = c.rel AND s.owner_col = c.col), "   \
    "(SELECT s.min_value FROM lg_meta_sequences s WHERE c.ident <> '' AND s.owner_tbl = c.rel "    \
    "AND s.owner_col = c.col), CASE WHEN c.ident <> '' THEN (SELECT CASE WHEN s.cycle THEN "       \
    "'YES' ELSE 'NO' END FROM lg_meta_sequences s WHERE s.owner_tbl = c.rel AND "                  \
    "s.owner_col = c.col) END, "                                                                   \
    "CASE WHEN c.gen THEN 'ALWAYS' ELSE 'NEVER' END, "                                             \
    "CASE WHEN c.gen THEN lg_generated_expr(c.rel, c.col) END, "                                   \
    "CASE WHEN c.kind = 'r' THEN 'YES' ELSE 'NO' END FROM (" COLS ") c"

const catalog_rel_t catalog__rels_is[] = {
    {"information_schema_schemata",
     "CREATE TABLE x(catalog_name name, schema_name name, schema_owner name, "
     "default_character_set_catalog name, default_character_set_schema name, "
     "default_character_set_name name, sql_path text)",
     "SELECT lg_dbname(), n.column1, n.column2, NULL, NULL, NULL, NULL FROM (VALUES "
     "('pg_catalog', lg_username()), ('public', 'pg_database_owner'), "
     "('information_schema', lg_username())) n UNION ALL "
     "SELECT lg_dbname(), s.name, lg_username(), NULL, NULL, NULL, NULL FROM lg_meta_schemas s",
     0},
    {"information_schema_tables",
     "CREATE TABLE x(table_catalog name, table_schema name, table_name name, table_type text, "
     "self_referencing_column_name name, reference_generation text, "
     "user_defined_type_catalog name, user_defined_type_schema name, "
     "user_defined_type_name name, is_insertable_into text, is_typed text, "
     "commit_action text)",
     "SELECT lg_dbname(), lg_relnsp(r.name), lg_relshort(r.name), CASE r.kind WHEN 'r' THEN 'BASE "
     "TABLE' "
     "ELSE 'VIEW' END, NULL, NULL, NULL, NULL, NULL, CASE r.kind WHEN 'r' THEN 'YES' "
     "ELSE 'NO' END, 'NO', NULL FROM lg_meta_relations r WHERE r.kind IN ('r', 'v') "
     "AND r.name NOT IN (SELECT name FROM lg_meta_matviews)",
     0},
    {"information_schema_views",
     "CREATE TABLE x(table_catalog name, table_schema name, table_name name, "
     "view_definition text, check_option text, is_updatable text, is_insertable_into text, "
     "is_trigger_updatable text, is_trigger_deletable text, "
     "is_trigger_insertable_into text)",
     "SELECT lg_dbname(), lg_relnsp(r.name), lg_relshort(r.name), lg_viewdef(r.sql), 'NONE', 'NO', "
     "'NO', 'NO', "
     "'NO', 'NO' FROM lg_meta_relations r WHERE r.kind = 'v'",
     0},
    {"information_schema_columns", IS_COLUMNS_DECL, IS_COLUMNS_SQL, 0},
    {"information_schema_sequences",
     "CREATE TABLE x(sequence_catalog name, sequence_schema name, sequence_name name, "
     "data_type text, numeric_precision int4, numeric_precision_radix int4, "
     "numeric_scale int4, start_value text, minimum_value text, maximum_value text, "
     "increment text, cycle_option text)",
     "SELECT lg_dbname(), lg_relnsp(s.name), lg_relshort(s.name), format_type(s.t, NULL), "
     "CASE s.t WHEN 21 THEN 16 WHEN 23 THEN 32 ELSE 64 END, 2, 0, "
     "CAST(s.start_value AS TEXT), "
     "CAST(s.min_value AS TEXT), CAST(s.max_value AS TEXT), CAST(s.increment AS TEXT), "
     "CASE WHEN s.cycle THEN 'YES' ELSE 'NO' END FROM (SELECT *, " CATALOG_SEQ_TYPOID(
         "q") " AS t FROM lg_meta_sequences q) s WHERE NOT EXISTS (SELECT 1 FROM lg_meta_columns c "
              "WHERE c.tbl = s.owner_tbl AND c.col = s.owner_col AND c.is_identity <> '')",
     0},
    {NULL, NULL, NULL, 0},
};
