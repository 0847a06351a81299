/* test_catalog_psql.c - the catalog queries psql 15 sends for \d, \dt, \d tbl, \d+ tbl, \di,
 * \dv, \ds, \l, \dn and \d index (captured with `psql -E` against PostgreSQL 15), rewritten
 * by hand into the SQLite form the translator emits (pg_catalog.X -> X, ::regclass ->
 * lg_regclass / lg_regclass_out, OPERATOR(~) '^(x)$' -> =, !~ '^pg_' -> NOT LIKE), checked
 * against the answers PostgreSQL gave for the same schema. */
#include "catalog_fixture.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *g_db;

static void setup(void)
{
    g_db = fixture_open(":memory:");
    fixture_create_schema(g_db);
}

static void teardown(void)
{
    sqlite3_close(g_db);
}

TestSuite(psql, .init = setup, .fini = teardown);

#define EXPECT_ROWS(sql, expected)                                                                 \
    do {                                                                                           \
        char *got_ = fixture_query(g_db, sql);                                                     \
        cr_expect_str_eq(got_, expected, "query: %s\ngot:\n%s\nexpected:\n%s", sql, got_,          \
                         expected);                                                                \
        free(got_);                                                                                \
    } while (0)

/* The \d / \dt / \dv / \ds / \di list query with the given relkind list. */
static char *list_sql(const char *kinds, int with_table)
{
    static char buf[2048];
    snprintf(buf, sizeof(buf),
             "SELECT n.nspname as \"Schema\", c.relname as \"Name\", CASE c.relkind WHEN 'r' "
             "THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' "
             "THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN "
             "'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned "
             "index' END as \"Type\", pg_get_userbyid(c.relowner) as \"Owner\"%s "
             "FROM pg_class c LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
             "LEFT JOIN pg_am am ON am.oid = c.relam %s "
             "WHERE c.relkind IN (%s) AND n.nspname <> 'pg_catalog' "
             "AND NOT (n.nspname LIKE 'pg_toast%%') AND n.nspname <> 'information_schema' "
             "AND pg_table_is_visible(c.oid) ORDER BY 1,2",
             with_table ? ", c2.relname as \"Table\"" : "",
             with_table ? "LEFT JOIN pg_index i ON i.indexrelid = c.oid "
                          "LEFT JOIN pg_class c2 ON i.indrelid = c2.oid"
                        : "",
             kinds);
    return buf;
}

Test(psql, list_relations)
{
    EXPECT_ROWS(list_sql("'r','p','v','m','S','f',''", 0),
                "public|tk_agents|table|postgres\n"
                "public|tk_tickets|table|postgres\n"
                "public|tk_tickets_id_seq|sequence|postgres\n"
                "public|v1|view|postgres\n");
}

Test(psql, list_tables_views_sequences)
{
    EXPECT_ROWS(list_sql("'r','p',''", 0),
                "public|tk_agents|table|postgres\npublic|tk_tickets|table|postgres\n");
    EXPECT_ROWS(list_sql("'v',''", 0), "public|v1|view|postgres\n");
    EXPECT_ROWS(list_sql("'S',''", 0), "public|tk_tickets_id_seq|sequence|postgres\n");
}

Test(psql, list_indexes)
{
    EXPECT_ROWS(list_sql("'i','I',''", 1), "public|tk_agents_handle_key|index|postgres|tk_agents\n"
                                           "public|tk_agents_pkey|index|postgres|tk_agents\n"
                                           "public|tk_tickets_open_idx|index|postgres|tk_tickets\n"
                                           "public|tk_tickets_pkey|index|postgres|tk_tickets\n");
}

/* The OID psql's first \d query finds for a relation, as text (psql quotes it). */
static char *oid_of(const char *rel)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT c.oid, n.nspname, c.relname FROM pg_class c LEFT JOIN pg_namespace n "
             "ON n.oid = c.relnamespace WHERE c.relname = '%s' AND pg_table_is_visible(c.oid) "
             "ORDER BY 2, 3",
             rel);
    char *oid = fixture_value(g_db, sql);
    cr_assert(atol(oid) >= 16384, "oid of %s: '%s'", rel, oid);
    return oid;
}

Test(psql, describe_table_header_and_columns)
{
    char *oid = oid_of("tk_tickets");
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, "
             "c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, "
             "'', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE "
             "lg_regtype_out(c.reloftype) END, c.relpersistence, c.relreplident, am.amname "
             "FROM pg_class c LEFT JOIN pg_class tc ON (c.reltoastrelid = tc.oid) "
             "LEFT JOIN pg_am am ON (c.relam = am.oid) WHERE c.oid = '%s'",
             oid);
    EXPECT_ROWS(sql, "1|r|1|0|1|0|0|0|0||0||p|d|heap\n"); /* FK: RI triggers */
    snprintf(sql, sizeof(sql),
             "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
             "(SELECT pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d "
             "WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef), "
             "a.attnotnull, (SELECT c.collname FROM pg_collation c, pg_type t "
             "WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND "
             "a.attcollation <> t.typcollation) AS attcollation, a.attidentity, a.attgenerated "
             "FROM pg_attribute a WHERE a.attrelid = '%s' AND a.attnum > 0 AND "
             "NOT a.attisdropped ORDER BY a.attnum",
             oid);
    EXPECT_ROWS(sql, "id|bigint|nextval('tk_tickets_id_seq'::regclass)|1|||\n"
                     "subject|character varying(200)||1|||\n"
                     "priority|smallint|3|1|||\n"
                     "assignee|integer||0|||\n"
                     "labels|text[]|'{}'::text[]|1|||\n");
    free(oid);
}

Test(psql, describe_table_indexes_and_constraints)
{
    char *oid = oid_of("tk_tickets");
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid,"
             " pg_get_indexdef(i.indexrelid, 0, true), pg_get_constraintdef(con.oid, true), "
             "contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace "
             "FROM pg_class c, pg_class c2, pg_index i LEFT JOIN pg_constraint con ON "
             "(conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x')) "
             "WHERE c.oid = '%s' AND c.oid = i.indrelid AND i.indexrelid = c2.oid "
             "ORDER BY i.indisprimary DESC, c2.relname",
             oid);
    EXPECT_ROWS(sql, "tk_tickets_pkey|1|1|0|1|CREATE UNIQUE INDEX tk_tickets_pkey ON "
                     "public.tk_tickets USING btree (id)|PRIMARY KEY (id)|p|0|0|0|0\n"
                     "tk_tickets_open_idx|0|0|0|1|CREATE INDEX tk_tickets_open_idx ON "
                     "public.tk_tickets USING btree (priority) WHERE assignee IS NULL|||||0|0\n");
    snprintf(sql, sizeof(sql),
             "SELECT r.conname, pg_get_constraintdef(r.oid, true) FROM pg_constraint r "
             "WHERE r.conrelid = '%s' AND r.contype = 'c' ORDER BY 1",
             oid);
    EXPECT_ROWS(sql, "tk_tickets_priority_check|CHECK (priority >= 1 AND priority <= 5)\n");
    snprintf(sql, sizeof(sql),
             "SELECT true as sametable, conname, pg_get_constraintdef(r.oid, true) as condef, "
             "lg_regclass_out(conrelid) AS ontable FROM pg_constraint r WHERE "
             "r.conrelid = '%s' AND r.contype = 'f' AND conparentid = 0 ORDER BY conname",
             oid);
    EXPECT_ROWS(sql, "1|tk_tickets_assignee_fkey|FOREIGN KEY (assignee) REFERENCES "
                     "tk_agents(agent_id) ON DELETE SET NULL|tk_tickets\n");
    snprintf(sql, sizeof(sql),
             "SELECT t.tgname FROM pg_trigger t WHERE t.tgrelid = '%s' UNION ALL "
             "SELECT pol.polname FROM pg_policy pol WHERE pol.polrelid = '%s' UNION ALL "
             "SELECT stxname FROM pg_statistic_ext WHERE stxrelid = '%s' UNION ALL "
             "SELECT lg_regclass_out(c.oid) FROM pg_class c, pg_inherits i "
             "WHERE c.oid = i.inhparent AND i.inhrelid = '%s'",
             oid, oid, oid, oid);
    EXPECT_ROWS(sql, "");
    free(oid);
}

Test(psql, describe_plus_referenced_by_storage_comments)
{
    char *oid = oid_of("tk_agents");
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
             "a.attstorage, CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END, "
             "col_description(a.attrelid, a.attnum) FROM pg_attribute a "
             "WHERE a.attrelid = '%s' AND a.attnum > 0 AND NOT a.attisdropped "
             "ORDER BY a.attnum",
             oid);
    EXPECT_ROWS(sql, "agent_id|integer|1|p||\n"
                     "handle|character varying(32)|1|x||login name\n"
                     "full_name|text|1|x||\n"
                     "on_call|boolean|1|p||\n"
                     "hourly_rate|numeric(6,2)|0|m||\n");
    snprintf(sql, sizeof(sql),
             "SELECT conname, lg_regclass_out(conrelid) AS ontable, "
             "pg_get_constraintdef(oid, true) AS condef FROM pg_constraint c "
             "WHERE confrelid IN (VALUES (lg_regclass('%s'))) AND contype = 'f' "
             "AND conparentid = 0 ORDER BY conname",
             oid);
    EXPECT_ROWS(sql, "tk_tickets_assignee_fkey|tk_tickets|FOREIGN KEY (assignee) REFERENCES "
                     "tk_agents(agent_id) ON DELETE SET NULL\n");
    snprintf(sql, sizeof(sql),
             "SELECT c2.relname, i.indisprimary, i.indisunique, "
             "pg_get_constraintdef(con.oid, true), contype FROM pg_class c, pg_class c2, "
             "pg_index i LEFT JOIN pg_constraint con ON (conrelid = i.indrelid AND "
             "conindid = i.indexrelid AND contype IN ('p','u','x')) WHERE c.oid = '%s' AND "
             "c.oid = i.indrelid AND i.indexrelid = c2.oid "
             "ORDER BY i.indisprimary DESC, c2.relname",
             oid);
    EXPECT_ROWS(sql, "tk_agents_pkey|1|1|PRIMARY KEY (agent_id)|p\n"
                     "tk_agents_handle_key|0|1|UNIQUE (handle)|u\n");
    snprintf(sql, sizeof(sql), "SELECT obj_description(%s, 'pg_class')", oid);
    EXPECT_ROWS(sql, "Support agents\n");
    free(oid);
}

Test(psql, describe_index)
{
    char *oid = oid_of("tk_tickets_open_idx");
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "SELECT a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnum <= "
             "(SELECT i.indnkeyatts FROM pg_index i WHERE i.indexrelid = '%s') THEN 'yes' "
             "ELSE 'no' END AS is_key, pg_get_indexdef(a.attrelid, a.attnum, TRUE) AS indexdef "
             "FROM pg_attribute a WHERE a.attrelid = '%s' AND a.attnum > 0 AND "
             "NOT a.attisdropped ORDER BY a.attnum",
             oid, oid);
    EXPECT_ROWS(sql, "priority|smallint|yes|priority\n");
    snprintf(sql, sizeof(sql),
             "SELECT i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid, "
             "(NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = "
             "i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x') AND "
             "condeferrable) AS condeferrable, i.indisreplident, i.indnullsnotdistinct, "
             "a.amname, c2.relname, pg_get_expr(i.indpred, i.indrelid, true) "
             "FROM pg_index i, pg_class c, pg_class c2, pg_am a WHERE i.indexrelid = c.oid "
             "AND c.oid = '%s' AND c.relam = a.oid AND i.indrelid = c2.oid",
             oid);
    EXPECT_ROWS(sql, "0|0|0|1|0|0|0|btree|tk_tickets|assignee IS NULL\n");
    free(oid);
}

Test(psql, list_databases_and_schemas)
{
    EXPECT_ROWS("SELECT d.datname as \"Name\", pg_get_userbyid(d.datdba) as \"Owner\", "
                "pg_encoding_to_char(d.encoding) as \"Encoding\", d.datcollate, d.datctype, "
                "d.daticulocale, CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN "
                "'icu' END AS \"Locale Provider\", d.datacl FROM pg_database d ORDER BY 1",
                "postgres|postgres|UTF8|C.UTF-8|C.UTF-8||libc|\n");
    EXPECT_ROWS("SELECT n.nspname AS \"Name\", pg_get_userbyid(n.nspowner) AS \"Owner\" "
                "FROM pg_namespace n WHERE NOT (n.nspname LIKE 'pg\\_%' ESCAPE '\\') AND "
                "n.nspname <> 'information_schema' ORDER BY 1",
                "public|pg_database_owner\n");
}
