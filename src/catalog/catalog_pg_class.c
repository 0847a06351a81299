/* catalog_pg_class.c - pg_class, pg_namespace, pg_index, pg_am.
 *
 * pg_class lists user relations only (lg_meta_relations): tables 'r', views 'v', indexes
 * 'i' (including indexes that exist only as PRIMARY KEY / UNIQUE constraints, named as the
 * constraint), sequences 'S'. A relation stored as "s.x" is x in namespace s (lg_relnsp /
 * lg_relshort); an index lives in its table's namespace; others are in public (2200).
 * relhastriggers is also true for both ends of a FOREIGN KEY (PostgreSQL's RI triggers;
 * psql looks for foreign keys only then).
 * pg_index has one row per index relation; its HIDDEN column lg_def holds what
 * pg_get_indexdef() prints. Namespaces: pg_catalog 11, public 2200, information_schema 13000. */
#include "catalog_int.h"

#define PG_CLASS_DECL                                                                              \
    "CREATE TABLE x(oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, "         \
    "relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, "                 \
    "reltuples float4, relallvisible int4, reltoastrelid oid, relhasindex bool, "                  \
    "relisshared bool, relpersistence \"char\", relkind \"char\", relnatts int2, "                 \
    "relchecks int2, relhasrules bool, relhastriggers bool, relhassubclass bool, "                 \
    "relrowsecurity bool, relforcerowsecurity bool, relispopulated bool, "                         \
    "relreplident \"char\", relispartition bool, relrewrite oid, relfrozenxid text, "              \
    "relminmxid text, relacl text[], reloptions text[], relpartbound text, "                       \
    "lg_sql text HIDDEN)"

#define PG_CLASS_SQL                                                                               \
    "SELECT lg_reloid(r.name), CASE r.kind WHEN 'i' THEN r.name ELSE lg_relshort(r.name) END, "    \
    "lg_nspoid(lg_relnsp(r.tbl)), 0, 0, 10, "                                                      \
    "CASE r.kind WHEN 'r' THEN 2 WHEN 'i' THEN 403 ELSE 0 END, lg_reloid(r.name), 0, 0, -1, "      \
    "0, 0, CASE WHEN r.kind = 'r' THEN EXISTS (SELECT 1 FROM lg_meta_indexes i "                   \
    "WHERE i.tbl = r.name) ELSE 0 END, 0, 'p', r.kind, "                                           \
    "CASE r.kind WHEN 'i' THEN (SELECT count(*) FROM lg_meta_index_cols c WHERE c.idx = r.name)"   \
    " WHEN 'S' THEN 3 ELSE (SELECT count(*) FROM pragma_table_info(r.name)) END, "                 \
    "CASE WHEN r.kind = 'r' THEN (SELECT count(*) FROM lg_meta_constraints c "                     \
    "WHERE c.tbl = r.name AND c.kind = 'c') ELSE 0 END, r.kind = 'v', "                            \
    "EXISTS (SELECT 1 FROM main.sqlite_schema t WHERE t.type = 'trigger' AND "                     \
    "t.tbl_name = r.name) OR (r.kind = 'r' AND EXISTS (SELECT 1 FROM lg_meta_constraints f "       \
    "WHERE f.kind = 'f' AND (f.tbl = r.name OR f.reftbl = r.name))), 0, 0, 0, 1, CASE WHEN "       \
    "r.kind = 'r' THEN 'd' ELSE 'n' END, 0, 0, "                                                   \
    "'0', '0', NULL, NULL, NULL, r.sql FROM lg_meta_relations r"

#define PG_INDEX_DECL                                                                              \
    "CREATE TABLE x(indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, "               \
    "indisunique bool, indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, "         \
    "indimmediate bool, indisclustered bool, indisvalid bool, indcheckxmin bool, "                 \
    "indisready bool, indislive bool, indisreplident bool, indkey int2vector, indcollation "       \
    "oidvector, "                                                                                  \
    "indclass oidvector, indoption int2vector, indexprs text, indpred text, lg_def text HIDDEN)"

#define PG_INDEX_SQL                                                                               \
    "SELECT lg_reloid(i.name), lg_reloid(i.tbl), lg_nwords(i.indkey), lg_nwords(i.indkey), "       \
    "i.isunique, 0, i.isprimary, 0, 1, 0, 1, 0, 1, 1, 0, i.indkey, "                               \
    "lg_repeat_words('0', i.indkey), lg_repeat_words('1978', i.indkey), "                          \
    "coalesce((SELECT group_concat(o, ' ') FROM (SELECT CASE WHEN x.\"desc\" THEN 3 ELSE 0 END "   \
    "AS o FROM pragma_index_xinfo(i.name) x WHERE x.key = 1 ORDER BY x.seqno)), "                  \
    "lg_repeat_words('0', i.indkey)), (SELECT group_concat(pg_get_indexdef(lg_reloid(i.name), "    \
    "e.seq, 0), ', ') FROM lg_meta_index_cols e WHERE e.idx = i.name AND e.attnum = 0), "          \
    "i.pred, "                                                                                     \
    "lg_indexdef(i.name, i.tbl, i.isunique, i.sql) FROM lg_meta_indexes i"

const catalog_rel_t catalog__rels_pg_class[] = {
    {"pg_class", PG_CLASS_DECL, PG_CLASS_SQL, 0},
    {"pg_namespace", "CREATE TABLE x(oid oid, nspname name, nspowner oid, nspacl text[])",
     "VALUES (11, 'pg_catalog', 10, NULL), (2200, 'public', 6171, NULL), "
     "(13000, 'information_schema', 10, NULL) UNION ALL "
     "SELECT lg_nspoid(s.name), s.name, 10, NULL FROM lg_meta_schemas s",
     0},
    {"pg_index", PG_INDEX_DECL, PG_INDEX_SQL, 0},
    {"pg_am", "CREATE TABLE x(oid oid, amname name, amhandler text, amtype \"char\")",
     "VALUES (2, 'heap', 'heap_tableam_handler', 't'), (403, 'btree', 'bthandler', 'i'), "
     "(405, 'hash', 'hashhandler', 'i'), (783, 'gist', 'gisthandler', 'i'), "
     "(2742, 'gin', 'ginhandler', 'i'), (3580, 'brin', 'brinhandler', 'i')",
     0},
    {NULL, NULL, NULL, 0},
};
