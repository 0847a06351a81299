/* catalog_pg_misc.c - the small pg_catalog relations: pg_database, pg_roles, pg_user,
 * pg_authid-free role lists, pg_settings, pg_proc, pg_description, pg_collation,
 * pg_extension, pg_tablespace, pg_sequence, pg_stat_activity, pg_enum (the labels of user
 * enums, from _lg_enum), pg_range (the six built-in range types), and relations that exist
 * so psql's \d queries find them but are always empty in litegres (pg_inherits, pg_trigger,
 * pg_policy, pg_statistic_ext, pg_publication*, pg_auth_members, and the table function
 * pg_partition_ancestors).
 *
 * pg_settings lists a fixed set of names; setting is sqlfn's current_setting(name) when it
 * answers (so SET shows), else PostgreSQL 15's default.
 * The one database is current_database() (lg_dbname()), owned by the one role, OID 10,
 * named current_user (lg_username()); both fall back to "postgres" without sqlfn. */
#include "catalog_builtin_rows.h"
#include "catalog_int.h"

#define PG_DATABASE_DECL                                                                           \
    "CREATE TABLE x(oid oid, datname name, datdba oid, encoding int4, datlocprovider "             \
    "\"char\", datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid text, "      \
    "datminmxid text, dattablespace oid, datcollate text, datctype text, daticulocale text, "      \
    "datcollversion text, datacl text[])"

#define PG_ROLES_DECL                                                                              \
    "CREATE TABLE x(rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, "            \
    "rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4, "                 \
    "rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, rolconfig text[], "           \
    "oid oid)"

#define PG_SETTINGS_DECL                                                                           \
    "CREATE TABLE x(name text, setting text, unit text, category text, short_desc text, "          \
    "extra_desc text, context text, vartype text, source text, min_val text, max_val text, "       \
    "enumvals text[], boot_val text, reset_val text, sourcefile text, sourceline int4, "           \
    "pending_restart bool)"

/* name, setting, unit, vartype */
#define SETTINGS_ROWS                                                                              \
    "('DateStyle','ISO, MDY',NULL,'string'),('IntervalStyle','postgres',NULL,'enum'),"             \
    "('TimeZone','UTC',NULL,'string'),('application_name','',NULL,'string'),"                      \
    "('bytea_output','hex',NULL,'enum'),('client_encoding','UTF8',NULL,'string'),"                 \
    "('default_transaction_isolation','read committed',NULL,'enum'),"                              \
    "('default_transaction_read_only','off',NULL,'bool'),('extra_float_digits','1',NULL,'integer'" \
    "),"                                                                                           \
    "('integer_datetimes','on',NULL,'bool'),('lc_collate','C.UTF-8',NULL,'string'),"               \
    "('lc_ctype','C.UTF-8',NULL,'string'),('max_connections','100',NULL,'integer'),"               \
    "('max_identifier_length','63',NULL,'integer'),('search_path','\"$user\", "                    \
    "public',NULL,'string'),"                                                                      \
    "('server_encoding','UTF8',NULL,'string'),('server_version','15.0',NULL,'string'),"            \
    "('server_version_num','150000',NULL,'integer'),"                                              \
    "('standard_conforming_strings','on',NULL,'bool'),('statement_timeout','0','ms','integer'),"   \
    "('transaction_isolation','read committed',NULL,'string'),('work_mem','4096','kB','integer')," \
    "('max_index_keys','32',NULL,'integer'),('max_function_args','100',NULL,'integer'),"           \
    "('block_size','8192',NULL,'integer'),('lock_timeout','0','ms','integer'),"                    \
    "('idle_in_transaction_session_timeout','0','ms','integer')"

#define EMPTY(decl) decl, NULL

/* pg_statio_all_tables / pg_statio_user_tables (all tables are user tables) */
#define PG_STATIO_TABLES_DECL                                                                      \
    "CREATE TABLE x(relid oid, schemaname name, relname name, heap_blks_read int8, "               \
    "heap_blks_hit int8, idx_blks_read int8, idx_blks_hit int8, toast_blks_read int8, "            \
    "toast_blks_hit int8, tidx_blks_read int8, tidx_blks_hit int8)"
#define PG_STATIO_TABLES_SQL                                                                       \
    "SELECT lg_reloid(r.name), 'public', r.name, 0, 0, 0, 0, NULL, NULL, NULL, NULL "              \
    "FROM lg_meta_relations r WHERE r.kind = 'r'"

const catalog_rel_t catalog__rels_pg_misc[] = {
    {"pg_database", PG_DATABASE_DECL,
     "SELECT 16383, lg_dbname(), 10, 6, 'c', 0, 1, -1, '0', '1', 1663, 'C.UTF-8', 'C.UTF-8', "
     "NULL, NULL, NULL",
     0},
    {"pg_roles", PG_ROLES_DECL,
     "SELECT lg_username(), 1, 1, 1, 1, 1, 1, -1, '********', NULL, 1, NULL, 10 UNION ALL "
     /* the owner of schema public, as in PostgreSQL 15 */
     "SELECT 'pg_database_owner', 0, 1, 0, 0, 0, 0, -1, '********', NULL, 0, NULL, 6171",
     0},
    {"pg_user",
     "CREATE TABLE x(usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool,"
     " usebypassrls bool, passwd text, valuntil timestamptz, useconfig text[])",
     "SELECT lg_username(), 10, 1, 1, 1, 1, '********', NULL, NULL", 0},
    {"pg_settings", PG_SETTINGS_DECL,
     "SELECT s.column1, lg_setting(s.column1, s.column2), s.column3, "
     "'Client Connection Defaults', '', NULL, 'user', s.column4, 'default', NULL, NULL, NULL, "
     "s.column2, s.column2, NULL, NULL, 0 FROM "
     "(VALUES " SETTINGS_ROWS ") s",
     CATALOG_PER_SESSION},
    {"pg_proc",
     "CREATE TABLE x(oid oid, proname name, pronamespace oid, proowner oid, prolang oid, "
     "procost float4, prorows float4, provariadic oid, prosupport text, prokind \"char\", "
     "prosecdef bool, proleakproof bool, proisstrict bool, proretset bool, provolatile "
     "\"char\", proparallel \"char\", pronargs int2, pronargdefaults int2, prorettype oid, "
     "proargtypes text, proallargtypes text, proargmodes text, proargnames text, "
     "proargdefaults text, protrftypes text, prosrc text, probin text, prosqlbody text, "
     "proconfig text, proacl text)",
     "SELECT lg_objoid('proc:' || p.name), p.name, 11, 10, 12, 1, 0, 0, '-', "
     "CASE WHEN p.type = 'a' THEN 'a' WHEN p.type = 'w' THEN 'w' ELSE 'f' END, 0, 0, 0, 0, "
     "'i', 's', max(p.narg, 0), 0, 0, '', NULL, NULL, NULL, NULL, NULL, p.name, NULL, NULL, "
     "NULL, NULL FROM pragma_function_list p WHERE p.name NOT IN (SELECT name FROM "
     "lg_meta_functions) UNION ALL "
     "SELECT lg_objoid('proc:' || f.name), lg_relshort(f.name), lg_nspoid(lg_relnsp(f.name)), "
     "10, CASE f.lang WHEN 'sql' THEN 14 "
     "ELSE 13000 END, 100, CASE WHEN f.retset THEN 1000 ELSE 0 END, 0, '-', "
     "CASE WHEN upper(ltrim(f.src)) LIKE 'CREATE PROCEDURE%' OR upper(ltrim(f.src)) LIKE "
     "'CREATE OR REPLACE PROCEDURE%' THEN 'p' ELSE 'f' END, 0, 0, 0, f.retset, f.volatility, "
     "'u', "
     "CASE WHEN f.argtypes = '' THEN 0 ELSE length(f.argtypes) - length(replace(f.argtypes, "
     "',', '')) + 1 END, 0, f.rettype, replace(f.argtypes, ',', ' '), "
     "lg_proc_args(lg_objoid('proc:' || f.name), 't'), "
     "lg_proc_args(lg_objoid('proc:' || f.name), 'm'), "
     "lg_proc_args(lg_objoid('proc:' || f.name), 'n'), NULL, NULL, "
     "f.body, NULL, NULL, NULL, NULL FROM lg_meta_functions f UNION ALL "
     /* the access methods' handlers, which pg_am.amhandler names */
     "SELECT h.column1, h.column2, 11, 10, 12, 1, 0, 0, '-', 'f', 0, 0, 1, 0, 'v', 's', 1, 0, "
     "h.column3, '2281', NULL, NULL, NULL, NULL, NULL, h.column2, NULL, NULL, NULL, NULL "
     "FROM (VALUES (3, 'heap_tableam_handler', 269), (330, 'bthandler', 325), "
     "(331, 'hashhandler', 325), (332, 'gisthandler', 325), (333, 'ginhandler', 325), "
     "(334, 'spghandler', 325), (335, 'brinhandler', 325)) h UNION ALL "
     /* the functions of casts (pg_cast.castfunc) */
     "SELECT f.column1, f.column2, 11, 10, 12, 1, 0, 0, '-', 'f', 0, 0, 1, 0, 'i', 's', "
     "f.column4, 0, f.column3, f.column5, NULL, NULL, NULL, NULL, NULL, f.column2, NULL, NULL, "
     "NULL, NULL FROM (VALUES " CAST_FUNC_ROWS ") f",
     1 /* pragma_function_list needs SQLITE_INTROSPECTION_PRAGMAS */},
    {"pg_description", "CREATE TABLE x(objoid oid, classoid oid, objsubid int4, description text)",
     "SELECT lg_reloid(c.objname), 1259, CASE WHEN c.subname = '' THEN 0 ELSE "
     "(SELECT p.cid + 1 FROM pragma_table_info(c.objname) p WHERE p.name = c.subname) END, "
     "c.body FROM lg_meta_comments c WHERE c.objtype IN ('table', 'column', 'view', 'index', "
     "'sequence') UNION ALL SELECT t.oid, 1247, 0, c.body FROM lg_meta_comments c JOIN "
     "lg_meta_types t ON t.name = c.objname WHERE c.objtype = 'type' UNION ALL "
     "SELECT lg_nspoid(c.objname), 2615, 0, c.body FROM lg_meta_comments c "
     "WHERE c.objtype = 'schema' UNION ALL "
     "VALUES (13500, 3079, 0, 'PL/pgSQL procedural language'), "
     "(13000, 2612, 0, 'PL/pgSQL procedural language') UNION ALL "
     "SELECT 2200, 2615, 0, 'standard public schema' WHERE NOT EXISTS (SELECT 1 FROM "
     "lg_meta_comments c WHERE c.objtype = 'schema' AND c.objname = 'public')",
     0},
    /* pg_rewrite: each view's _RETURN rule (litegres has no other rules) */
    {"pg_rewrite",
     "CREATE TABLE x(oid oid, rulename name, ev_class oid, ev_type \"char\", "
     "ev_enabled \"char\", is_instead bool, ev_qual text, ev_action text)",
     "SELECT lg_objoid('rule:' || r.name), '_RETURN', lg_reloid(r.name), '1', 'O', 1, NULL, "
     "NULL FROM lg_meta_relations r WHERE r.kind = 'v'",
     0},
    {"pg_collation",
     "CREATE TABLE x(oid oid, collname name, collnamespace oid, collowner oid, "
     "collprovider \"char\", collisdeterministic bool, collencoding int4, collcollate text, "
     "collctype text, colliculocale text, collversion text)",
     "VALUES (100, 'default', 11, 10, 'd', 1, -1, NULL, NULL, NULL, NULL), "
     "(950, 'C', 11, 10, 'c', 1, -1, 'C', 'C', NULL, NULL), "
     "(951, 'POSIX', 11, 10, 'c', 1, -1, 'POSIX', 'POSIX', NULL, NULL)",
     0},
    {"pg_extension",
     "CREATE TABLE x(oid oid, extname name, extowner oid, extnamespace oid, "
     "extrelocatable bool, extversion text, extconfig text, extcondition text)",
     "VALUES (13500, 'plpgsql', 10, 11, 0, '1.0', NULL, NULL)", 0},
    {"pg_tablespace",
     "CREATE TABLE x(oid oid, spcname name, spcowner oid, spcacl text[], spcoptions text[])",
     "VALUES (1663, 'pg_default', 10, NULL, NULL), (1664, 'pg_global', 10, NULL, NULL)", 0},
    /* pg_depend: what ORMs ask of it, the column that owns each serial / identity sequence
     * (deptype 'a' / 'i') and a serial column's default that uses its sequence ('n', what
     * Django's get_sequences joins through pg_attrdef); a view's rule and the relations it
     * uses (what orders pg_dump's output); other dependencies are not recorded */
    {"pg_depend",
     "CREATE TABLE x(classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, "
     "refobjsubid int4, deptype \"char\")",
     "SELECT 1259, lg_reloid(s.name), 0, 2615, lg_nspoid(lg_relnsp(s.name)), 0, 'n' "
     "FROM lg_meta_sequences s UNION ALL "
     "SELECT 1259, lg_reloid(s.name), 0, 1259, lg_reloid(s.owner_tbl), c.attnum, "
     "CASE WHEN c.is_identity <> '' THEN 'i' ELSE 'a' END FROM lg_meta_sequences s "
     "JOIN lg_meta_columns c ON c.tbl = s.owner_tbl AND c.col = s.owner_col UNION ALL "
     "SELECT 2604, lg_objoid('attrdef:' || s.owner_tbl || '.' || s.owner_col), 0, 1259, "
     "lg_reloid(s.name), 0, 'n' FROM lg_meta_sequences s JOIN lg_meta_columns c "
     "ON c.tbl = s.owner_tbl AND c.col = s.owner_col WHERE c.is_identity = '' UNION ALL "
     /* each view's _RETURN rule belongs to it and uses the relations its query names */
     "SELECT 2618, lg_objoid('rule:' || v.name), 0, 1259, lg_reloid(v.name), 0, 'i' "
     "FROM lg_meta_relations v WHERE v.kind = 'v' UNION ALL "
     "SELECT 2618, lg_objoid('rule:' || v.name), 0, 1259, lg_reloid(r.name), 0, 'n' "
     "FROM lg_meta_relations v JOIN lg_meta_relations r ON r.kind IN ('r', 'v') "
     "AND r.name <> v.name WHERE v.kind = 'v' AND lg_sql_mentions(v.sql, r.name)",
     0},
    /* pg_locks: the advisory locks held and awaited (other lock types are not shown) */
    {"pg_locks",
     "CREATE TABLE x(locktype text, database oid, relation oid, page int4, tuple int2, "
     "virtualxid text, transactionid text, classid oid, objid oid, objsubid int2, "
     "virtualtransaction text, pid int4, mode text, granted bool, fastpath bool, "
     "waitstart timestamptz)",
     "SELECT 'advisory', 16383, NULL, NULL, NULL, NULL, NULL, json_extract(j.value, "
     "'$.classid'), json_extract(j.value, '$.objid'), json_extract(j.value, '$.objsubid'), "
     "NULL, json_extract(j.value, '$.pid'), json_extract(j.value, '$.mode'), "
     "json_extract(j.value, '$.granted'), 0, NULL FROM json_each(lg_advisory_json()) j",
     0},
    {"pg_sequence",
     "CREATE TABLE x(seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, "
     "seqmax int8, seqmin int8, seqcache int8, seqcycle bool)",
     "SELECT lg_reloid(s.name), " CATALOG_SEQ_TYPOID(
         "s") ", s.start_value, s.increment, s.max_value, s.min_value, 1, "
              "s.cycle FROM lg_meta_sequences s",
     0},
    {"pg_stat_activity",
     "CREATE TABLE x(datid oid, datname name, pid int4, leader_pid int4, usesysid oid, "
     "usename name, application_name text, client_addr text, client_hostname text, "
     "client_port int4, backend_start timestamptz, xact_start timestamptz, "
     "query_start timestamptz, state_change timestamptz, wait_event_type text, "
     "wait_event text, state text, backend_xid text, backend_xmin text, query_id int8, "
     "query text, backend_type text)",
     "SELECT 16383, json_extract(j.value, '$.db'), json_extract(j.value, '$.pid'), NULL, 10, "
     "json_extract(j.value, '$.user'), json_extract(j.value, '$.app'), "
     "NULL, NULL, NULL, "
     "json_extract(j.value, '$.start'), NULL, nullif(json_extract(j.value, '$.query_start'), "
     "''), nullif(json_extract(j.value, '$.state_change'), ''), NULL, NULL, "
     "coalesce(json_extract(j.value, '$.state'), 'active'), NULL, NULL, NULL, "
     "coalesce(json_extract(j.value, '$.query'), ''), 'client backend' "
     "FROM json_each(lg_sessions_json()) j",
     CATALOG_PER_SESSION},
    /* statistics views: one row per user table (pg_stat_*) or table and index
     * (pg_statio_*), counters zero: SQLite keeps none. ORMs join them for comments. */
    {"pg_statio_all_tables", PG_STATIO_TABLES_DECL, PG_STATIO_TABLES_SQL, 0},
    {"pg_statio_user_tables", PG_STATIO_TABLES_DECL, PG_STATIO_TABLES_SQL, 0},
    {"pg_stat_user_tables",
     "CREATE TABLE x(relid oid, schemaname name, relname name, seq_scan int8, "
     "seq_tup_read int8, idx_scan int8, idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, "
     "n_tup_del int8, n_tup_hot_upd int8, n_live_tup int8, n_dead_tup int8, "
     "n_mod_since_analyze int8, n_ins_since_vacuum int8, last_vacuum timestamptz, "
     "last_autovacuum timestamptz, last_analyze timestamptz, last_autoanalyze timestamptz, "
     "vacuum_count int8, autovacuum_count int8, analyze_count int8, autoanalyze_count int8)",
     "SELECT lg_reloid(r.name), 'public', r.name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, "
     "NULL, NULL, NULL, 0, 0, 0, 0 FROM lg_meta_relations r WHERE r.kind = 'r'",
     0},
    /* table function pg_partition_ancestors(rel): no partitions, so no rows (the translator
     * maps FROM pg_partition_ancestors(x) [WITH ORDINALITY] here; key numbers the rows) */
    {"pg_partition_ancestors", EMPTY("CREATE TABLE x(relid oid, key int8, rel oid HIDDEN)"), 0},
    {"pg_inherits",
     EMPTY("CREATE TABLE x(inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool)"), 0},
    {"pg_enum", "CREATE TABLE x(oid oid, enumtypid oid, enumsortorder float4, enumlabel name)",
     /* label OIDs ascend with the sort order, as PostgreSQL's do for the labels of one
      * CREATE TYPE (clients order labels by pg_enum.oid): a block per type, even numbers */
     "SELECT (lg_objoid('enum:' || e.typname) & ~1023) + 2 * row_number() OVER "
     "(PARTITION BY e.typname ORDER BY e.sortorder), t.oid, e.sortorder, e.label "
     "FROM _lg_enum e JOIN _lg_types t ON t.name = e.typname ORDER BY t.oid, e.sortorder",
     1},
    /* the built-in range types (sqlfn_range.c) */
    {"pg_range",
     "CREATE TABLE x(rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, "
     "rngsubopc oid, rngcanonical text, rngsubdiff text)",
     "VALUES (3904, 23, 4451, 0, 1978, 'int4range_canonical', 'int4range_subdiff'), "
     "(3906, 1700, 4532, 0, 3125, '-', 'numrange_subdiff'), "
     "(3908, 1114, 4533, 0, 3128, '-', 'tsrange_subdiff'), "
     "(3910, 1184, 4534, 0, 3127, '-', 'tstzrange_subdiff'), "
     "(3912, 1082, 4535, 0, 3122, 'daterange_canonical', 'daterange_subdiff'), "
     "(3926, 20, 4536, 0, 3124, 'int8range_canonical', 'int8range_subdiff')",
     0},
    {"pg_trigger",
     EMPTY("CREATE TABLE x(oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, "
           "tgtype int2, tgenabled \"char\", tgisinternal bool, tgconstrrelid oid, "
           "tgconstrindid oid, tgconstraint oid, tgdeferrable bool, tginitdeferred bool, "
           "tgnargs int2, tgattr text, tgargs bytea, tgqual text, tgoldtable name, "
           "tgnewtable name)"),
     0},
    {"pg_policy",
     EMPTY("CREATE TABLE x(oid oid, polname name, polrelid oid, polcmd \"char\", "
           "polpermissive bool, polroles oid[], polqual text, polwithcheck text)"),
     0},
    {"pg_statistic_ext",
     EMPTY("CREATE TABLE x(oid oid, stxrelid oid, stxname name, stxnamespace oid, "
           "stxowner oid, stxstattarget int4, stxkeys text, stxkind text[], stxexprs text)"),
     0},
    {"pg_publication",
     EMPTY("CREATE TABLE x(oid oid, pubname name, pubowner oid, puballtables bool, "
           "pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool)"),
     0},
    {"pg_publication_rel",
     EMPTY("CREATE TABLE x(oid oid, prpubid oid, prrelid oid, prqual text, prattrs int2[])"), 0},
    {"pg_publication_namespace", EMPTY("CREATE TABLE x(oid oid, pnpubid oid, pnnspid oid)"), 0},
    {"pg_auth_members",
     EMPTY("CREATE TABLE x(roleid oid, member oid, grantor oid, admin_option bool)"), 0},
    {NULL, NULL, NULL, 0},
};
