/* catalog_is_constraints.c - information_schema views about constraints:
 * information_schema_table_constraints, _key_column_usage, _referential_constraints,
 * _constraint_column_usage, _check_constraints (CHECK constraints and, as PostgreSQL 15
 * lists them, one "<nsp oid>_<rel oid>_<attnum>_not_null" row per NOT NULL column). Built over
 * lg_meta_all_constraints and pg_constraint (FK actions). table_constraints lists them too, as
 * CHECK rows. */
#include "catalog_int.h"

/* Key columns of p/u/f constraints: tbl, name, kind, col, pos (1-based), refcol */
#define KEY_LIST(x) "('[\"' || replace(replace(" x ", '\"', '\\\"'), ',', '\",\"') || '\"]')"
/* refcol: the listed referenced column, else the FK's own "to" column in SQLite's schema,
 * else the referenced table's primary key column at the same position */
#define KEY_COLS                                                                                   \
    "SELECT c.tbl AS tbl, c.name AS name, c.kind AS kind, c.reftbl AS reftbl, "                    \
    "j.value AS col, j.key + 1 AS pos, coalesce(json_extract(" KEY_LIST(                           \
        "nullif(c.refcols, '')") ", '$[' || j.key || ']'), (SELECT f.\"to\" FROM "                 \
                                 "pragma_foreign_key_list(c.tbl) f WHERE f.\"from\" = j.value "    \
                                 "AND f.\"table\" = c.reftbl "                                     \
                                 "LIMIT 1), json_extract(" KEY_LIST(                               \
                                     "(SELECT p.cols FROM lg_meta_all_constraints p WHERE "        \
                                     "p.tbl = c.reftbl AND p.kind = 'p')") ", '$[' || j.key "      \
                                                                           "|| ']')) AS refcol "   \
                                                                           "FROM "                 \
                                                                           "lg_meta_all_"          \
                                                                           "constraints c, "       \
                                                                           "json_each(" KEY_LIST(  \
                                                                               "c.cols") ") j "    \
                                                                                         "WHERE "  \
                                                                                         "c.kind " \
                                                                                         "IN "     \
                                                                                         "('p', "  \
                                                                                         "'u', "   \
                                                                                         "'f') "   \
                                                                                         "AND "    \
                                                                                         "c.cols " \
                                                                                         "<> '' "  \
                                                                                         "AND "    \
                                                                                         "NOT "    \
                                                                                         "c."      \
                                                                                         "isindex"

/* NOT NULL columns of tables as PostgreSQL 15's information_schema names their implicit
 * CHECK constraints: nsp, tbl, col, name "<nsp oid>_<rel oid>_<attnum>_not_null" */
#define NOT_NULLS                                                                                  \
    "SELECT lg_nspname(r.relnamespace) AS nsp, r.relname AS tbl, a.attname AS col, "               \
    "r.relnamespace || '_' || r.oid || '_' || a.attnum || '_not_null' AS name "                    \
    "FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid WHERE r.relkind IN ('r', 'p') "     \
    "AND a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped"

#define RULE(ch)                                                                                   \
    "CASE " ch " WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN "                  \
    "'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END"

const catalog_rel_t catalog__rels_is_cons[] = {
    {"information_schema_table_constraints",
     "CREATE TABLE x(constraint_catalog name, constraint_schema name, constraint_name name, "
     "table_catalog name, table_schema name, table_name name, constraint_type text, "
     "is_deferrable text, initially_deferred text, enforced text, nulls_distinct text)",
     "SELECT lg_dbname(), lg_relnsp(c.tbl), c.name, lg_dbname(), lg_relnsp(c.tbl), "
     "lg_relshort(c.tbl), CASE c.kind "
     "WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' WHEN 'f' THEN 'FOREIGN KEY' "
     "ELSE 'CHECK' END, CASE WHEN c.dfr > 0 THEN 'YES' ELSE 'NO' END, "
     "CASE WHEN c.dfr = 2 THEN 'YES' ELSE 'NO' END, 'YES', "
     "CASE WHEN c.kind = 'u' THEN 'YES' END FROM (SELECT m.*, CASE WHEN m.kind = 'f' "
     "THEN lg_fk_deferral(m.tbl, m.cols, m.reftbl) ELSE 0 END AS dfr "
     "FROM lg_meta_all_constraints m WHERE NOT m.isindex) c UNION ALL "
     "SELECT lg_dbname(), n.nsp, n.name, lg_dbname(), n.nsp, n.tbl, 'CHECK', 'NO', 'NO', "
     "'YES', NULL FROM (" NOT_NULLS ") n",
     0},
    {"information_schema_key_column_usage",
     "CREATE TABLE x(constraint_catalog name, constraint_schema name, constraint_name name, "
     "table_catalog name, table_schema name, table_name name, column_name name, "
     "ordinal_position int4, position_in_unique_constraint int4)",
     "SELECT lg_dbname(), lg_relnsp(k.tbl), k.name, lg_dbname(), lg_relnsp(k.tbl), "
     "lg_relshort(k.tbl), k.col, k.pos, "
     "CASE WHEN k.kind = 'f' THEN k.pos END FROM (" KEY_COLS ") k",
     0},
    {"information_schema_referential_constraints",
     "CREATE TABLE x(constraint_catalog name, constraint_schema name, constraint_name name, "
     "unique_constraint_catalog name, unique_constraint_schema name, "
     "unique_constraint_name name, match_option text, update_rule text, delete_rule text)",
     "SELECT lg_dbname(), lg_relnsp(f.tbl), f.name, lg_dbname(), lg_relnsp(f.reftbl), "
     "(SELECT u.name FROM "
     "lg_meta_all_constraints u WHERE u.tbl = f.reftbl AND u.kind IN ('p', 'u') AND "
     "u.cols = (SELECT group_concat(r.refcol, ',') FROM (SELECT k.refcol FROM (" KEY_COLS
     ") k WHERE k.tbl = f.tbl AND k.name = f.name ORDER BY k.pos) r) ORDER BY u.kind LIMIT 1), "
     "'NONE', " RULE("p.confupdtype") ", " RULE(
         "p.confdeltype") " FROM lg_meta_all_constraints f JOIN pg_constraint p "
                          "ON p.lg_tbl = f.tbl AND p.conname = f.name WHERE f.kind = 'f'",
     0},
    {"information_schema_constraint_column_usage",
     "CREATE TABLE x(table_catalog name, table_schema name, table_name name, column_name name,"
     " constraint_catalog name, constraint_schema name, constraint_name name)",
     "SELECT lg_dbname(), lg_relnsp(k.ctbl), lg_relshort(k.ctbl), "
     "CASE WHEN k.kind = 'f' THEN k.refcol ELSE k.col END, lg_dbname(), lg_relnsp(k.tbl), "
     "k.name "
     "FROM (SELECT *, CASE WHEN kind = 'f' THEN reftbl ELSE tbl END AS ctbl FROM (" KEY_COLS
     ")) k UNION ALL SELECT lg_dbname(), lg_relnsp(c.tbl), lg_relshort(c.tbl), j.value, "
     "lg_dbname(), lg_relnsp(c.tbl), c.name FROM lg_meta_all_constraints c, "
     "json_each(lg_expr_columns(c.tbl, lg_check_expr(c.tbl, c.name))) j WHERE c.kind = 'c'",
     0},
    {"information_schema_check_constraints",
     "CREATE TABLE x(constraint_catalog name, constraint_schema name, constraint_name name, "
     "check_clause text)",
     "SELECT lg_dbname(), lg_nspname(p.connamespace), p.conname, "
     "substr(pg_get_constraintdef(p.oid), 7) "
     "FROM pg_constraint p WHERE p.contype = 'c' UNION ALL "
     "SELECT lg_dbname(), n.nsp, n.name, n.col || ' IS NOT NULL' FROM (" NOT_NULLS ") n",
     0},
    {NULL, NULL, NULL, 0},
};
