/* catalog_pg_views.c - the pg_catalog system views over pg_class: pg_tables, pg_views,
 * pg_matviews, pg_indexes, pg_sequences. pg_views.definition is the SELECT of the SQLite
 * CREATE VIEW text (lg_viewdef), pg_matviews.definition the stored query; pg_indexes.indexdef
 * is pg_get_indexdef(). */
#include "catalog_int.h"

const catalog_rel_t catalog__rels_pg_views[] = {
    {"pg_tables",
     "CREATE TABLE x(schemaname name, tablename name, tableowner name, tablespace name, "
     "hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool)",
     "SELECT lg_nspname(c.relnamespace), c.relname, lg_username(), NULL, c.relhasindex, "
     "c.relhasrules, "
     "c.relhastriggers, c.relrowsecurity FROM pg_class c WHERE c.relkind = 'r'",
     0},
    {"pg_views", "CREATE TABLE x(schemaname name, viewname name, viewowner name, definition text)",
     "SELECT lg_relnsp(r.name), lg_relshort(r.name), lg_username(), lg_viewdef(r.sql) FROM "
     "lg_meta_relations r "
     "WHERE r.kind = 'v'",
     0},
    {"pg_matviews",
     "CREATE TABLE x(schemaname name, matviewname name, matviewowner name, tablespace name, "
     "hasindexes bool, ispopulated bool, definition text)",
     "SELECT lg_relnsp(m.name), lg_relshort(m.name), lg_username(), NULL, EXISTS (SELECT 1 "
     "FROM lg_meta_indexes i WHERE i.tbl = m.name), 1, ' ' || m.query || ';' "
     "FROM lg_meta_matviews m",
     0},
    {"pg_indexes",
     "CREATE TABLE x(schemaname name, tablename name, indexname name, tablespace name, "
     "indexdef text)",
     "SELECT lg_relnsp(i.tbl), lg_relshort(i.tbl), i.name, NULL, lg_indexdef(i.name, i.tbl, "
     "i.isunique, i.sql) "
     "FROM lg_meta_indexes i",
     0},
    {"pg_sequences",
     "CREATE TABLE x(schemaname name, sequencename name, sequenceowner name, data_type regtype,"
     " start_value int8, min_value int8, max_value int8, increment_by int8, cycle bool, "
     "cache_size int8, last_value int8)",
     "SELECT lg_relnsp(s.name), lg_relshort(s.name), lg_username(), "
     "format_type(" CATALOG_SEQ_TYPOID(
         "s") ", NULL), s.start_value, "
              "s.min_value, s.max_value, "
              "s.increment, s.cycle, 1, CASE WHEN s.is_called THEN s.last_value END "
              "FROM lg_meta_sequences s",
     0},
    {NULL, NULL, NULL, 0},
};
