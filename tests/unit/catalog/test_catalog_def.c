/* test_catalog_def.c - definitions printed from DDL stored the way the translator writes it
 * today (parenthesized CHECK / predicates / index expressions, lg_to_array defaults), the
 * reg* input/output functions, and the foreign-key details psql's \d and pgjdbc's
 * getImportedKeys rely on. Expected strings are what PostgreSQL 15 prints for the same
 * schema (psql \d, pg_get_indexdef(oid, 0, true), pg_get_constraintdef(oid, true)). */
#include "catalog_fixture.h"
#include "catalog_meta.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *g_db;

static void setup(void)
{
    g_db = fixture_open(":memory:");
    char *err = NULL;
    int rc = sqlite3_exec(
        g_db,
        CATALOG_META_CREATE_SQL
        ";CREATE TABLE ag (agent_id INTEGER NOT NULL, handle TEXT NOT NULL, "
        "CONSTRAINT ag_pkey PRIMARY KEY (agent_id));"
        "CREATE TABLE tt (id BIGINT NOT NULL DEFAULT (nextval('tt_id_seq')), subject TEXT NOT "
        "NULL, priority INTEGER NOT NULL DEFAULT (3), assignee INTEGER, closed_at TEXT, "
        "labels TEXT NOT NULL DEFAULT (lg_to_array('{}', 25)), "
        "CONSTRAINT tt_pkey PRIMARY KEY (id), "
        "CONSTRAINT tt_priority_check CHECK ((priority BETWEEN 1 AND 5)), "
        "CONSTRAINT tt_assignee_fkey FOREIGN KEY (assignee) REFERENCES ag(agent_id) "
        "ON DELETE SET NULL);"
        "CREATE INDEX tt_open_idx ON tt (priority, closed_at) WHERE (closed_at IS NULL);"
        "CREATE INDEX tt_lower_idx ON tt ((lower(subject)));"
        "CREATE INDEX tt_sum_idx ON tt (((priority + assignee)));"
        "INSERT INTO _lg_columns VALUES ('ag','agent_id',1,'int4',23,-1,''),"
        "('ag','handle',2,'varchar(32)',1043,36,''),"
        "('tt','id',1,'int8',20,-1,''),('tt','subject',2,'varchar(200)',1043,204,''),"
        "('tt','priority',3,'int2',21,-1,''),('tt','assignee',4,'int4',23,-1,''),"
        "('tt','closed_at',5,'timestamp',1114,-1,''),('tt','labels',6,'text[]',1009,-1,'');"
        "INSERT INTO _lg_constraints VALUES ('ag','ag_pkey','p','agent_id',NULL,NULL),"
        "('tt','tt_pkey','p','id',NULL,NULL),('tt','tt_priority_check','c','priority',NULL,"
        "NULL),('tt','tt_assignee_fkey','f','assignee','ag','');",
        NULL, NULL, &err);
    cr_assert_eq(rc, SQLITE_OK, "%s", err ? err : "");
}

static void teardown(void)
{
    sqlite3_close(g_db);
}

TestSuite(def, .init = setup, .fini = teardown);

#define EXPECT_ROWS(sql, expected)                                                                 \
    do {                                                                                           \
        char *got_ = fixture_query(g_db, sql);                                                     \
        cr_expect_str_eq(got_, expected, "query: %s\ngot:\n%s\nexpected:\n%s", sql, got_,          \
                         expected);                                                                \
        free(got_);                                                                                \
    } while (0)

Test(def, index_definitions_as_psql_shows_them)
{
    EXPECT_ROWS("SELECT c.relname, pg_get_indexdef(i.indexrelid, 0, true) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = lg_regclass('tt') "
                "AND NOT i.indisprimary ORDER BY 1",
                "tt_lower_idx|CREATE INDEX tt_lower_idx ON public.tt USING btree "
                "(lower(subject::text))\n"
                "tt_open_idx|CREATE INDEX tt_open_idx ON public.tt USING btree "
                "(priority, closed_at) WHERE closed_at IS NULL\n"
                "tt_sum_idx|CREATE INDEX tt_sum_idx ON public.tt USING btree "
                "((priority + assignee))\n");
    /* \d index: "predicate (%s)" of pg_get_expr(indpred, indrelid, true); per-column text */
    EXPECT_ROWS("SELECT pg_get_expr(i.indpred, i.indrelid, true), "
                "pg_get_indexdef(i.indexrelid, 2, true) FROM pg_index i "
                "WHERE i.indexrelid = lg_regclass('tt_open_idx')",
                "closed_at IS NULL|closed_at\n");
    EXPECT_ROWS("SELECT pg_get_indexdef(lg_regclass('tt_lower_idx'), 1, true)",
                "lower(subject::text)\n");
    EXPECT_ROWS("SELECT pg_get_indexdef(lg_regclass('tt_open_idx'))",
                "CREATE INDEX tt_open_idx ON public.tt USING btree (priority, closed_at) "
                "WHERE (closed_at IS NULL)\n");
}

Test(def, check_and_defaults_as_postgres_prints_them)
{
    EXPECT_ROWS("SELECT conname, pg_get_constraintdef(oid, true) FROM pg_constraint "
                "WHERE conrelid = lg_regclass('tt') AND contype = 'c'",
                "tt_priority_check|CHECK (priority >= 1 AND priority <= 5)\n");
    EXPECT_ROWS("SELECT a.attname, pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d "
                "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                "WHERE d.adrelid = lg_regclass('tt') ORDER BY a.attnum",
                "id|nextval('tt_id_seq'::regclass)\npriority|3\nlabels|'{}'::text[]\n");
}

Test(def, foreign_keys_for_describe_and_jdbc)
{
    /* referenced columns missing from the metadata come from SQLite's foreign-key list */
    EXPECT_ROWS("SELECT pg_get_constraintdef(oid, true), confkey, "
                "lg_regclass_out(conindid) FROM pg_constraint WHERE contype = 'f'",
                "FOREIGN KEY (assignee) REFERENCES ag(agent_id) ON DELETE SET NULL|[1]|"
                "ag_pkey\n");
    /* both ends of a foreign key have (RI) triggers: psql shows FKs only then */
    EXPECT_ROWS("SELECT relname, relhastriggers FROM pg_class WHERE relkind = 'r' "
                "ORDER BY 1",
                "ag|1\ntt|1\n");
    /* psql's "Referenced by" query: no partitions, so no ancestors */
    EXPECT_ROWS("SELECT count(*) FROM pg_partition_ancestors(lg_regclass('tt'))", "0\n");
    EXPECT_ROWS("SELECT conname FROM pg_constraint WHERE confrelid IN "
                "(SELECT pg_partition_ancestors('1') UNION ALL VALUES (lg_regclass('ag')))",
                "tt_assignee_fkey\n");
}

Test(def, reg_input_and_output_functions)
{
    EXPECT_ROWS("SELECT lg_regnamespace('public'), lg_regnamespace('2200'), "
                "lg_regnamespace(11), lg_regnamespace_out(2200)",
                "2200|2200|11|public\n");
    EXPECT_ROWS("SELECT lg_regproc('-'), lg_regproc('123'), lg_regproc_out(0), "
                "lg_regproc_out(123)",
                "0|123|-|123\n");
    char *user = fixture_value(g_db, "SELECT pg_get_userbyid(10)");
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT lg_regrole('%s'), lg_regrole_out(10)", user);
    char want[256];
    snprintf(want, sizeof(want), "10|%s\n", user);
    EXPECT_ROWS(sql, want);
    free(user);
    EXPECT_ROWS("SELECT lg_regrole('pg_database_owner'), lg_regrole_out(6171), "
                "lg_regrole_out(99999)",
                "6171|pg_database_owner|99999\n");
    EXPECT_ROWS("SELECT lg_regrole('nobody_here')",
                "ERROR: 42704:role \"nobody_here\" does not exist");
    EXPECT_ROWS("SELECT lg_regproc('no_such_fn_x')",
                "ERROR: 42883:function \"no_such_fn_x\" does not exist");
}

Test(def, index_nulls_order_and_include_columns_as_postgresql_prints_them)
{
    /* the translator keeps what SQLite indexes cannot express as comments in the index SQL */
    cr_assert_eq(sqlite3_exec(g_db,
                              "CREATE INDEX tt_rank_idx ON tt (priority, assignee DESC "
                              "/*lg:NULLS LAST*/) /*lg:INCLUDE (subject, closed_at)*/;"
                              "CREATE INDEX tt_first_idx ON tt (priority /*lg:NULLS FIRST*/) "
                              "WHERE (closed_at IS NULL)",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    EXPECT_ROWS("SELECT pg_get_indexdef(lg_regclass('tt_rank_idx'))",
                "CREATE INDEX tt_rank_idx ON public.tt USING btree (priority, assignee DESC NULLS "
                "LAST) INCLUDE (subject, closed_at)\n");
    EXPECT_ROWS("SELECT pg_get_indexdef(lg_regclass('tt_first_idx'))",
                "CREATE INDEX tt_first_idx ON public.tt USING btree (priority NULLS FIRST) "
                "WHERE (closed_at IS NULL)\n");
}

static void stub_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, 1);
}

/* CHECKs the translator wrote with SQLite's functions and operators print in PostgreSQL's
 * spelling, so that what psql shows and pg_dump writes loads into PostgreSQL. (The sqlfn
 * functions they call are stand-ins here: only their names are read.) */
Test(def, checks_print_postgres_operators)
{
    static const char *const k_fns[] = {"lg_regex", "lg_regex_i", "lg_similar_to_escape",
                                        "lg_greatest", "lg_int4_add"};
    for (size_t i = 0; i < sizeof(k_fns) / sizeof(k_fns[0]); i++)
        sqlite3_create_function(g_db, k_fns[i], -1, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    char *err = NULL;
    int rc =
        sqlite3_exec(g_db,
                     "CREATE TABLE ops (a TEXT, b TEXT, n INTEGER, "
                     "CONSTRAINT ops_re CHECK ((lg_regex(a, '^x') AND NOT lg_regex_i(b, 'y'))), "
                     "CONSTRAINT ops_like CHECK ((a GLOB 'x_y*[*]' OR b LIKE 'q%')), "
                     "CONSTRAINT ops_sim CHECK ((lg_regex(a, lg_similar_to_escape('r%')))), "
                     "CONSTRAINT ops_gl CHECK ((lg_greatest(n, 0) < lg_int4_add(n, 1))));"
                     "INSERT INTO _lg_constraints VALUES ('ops','ops_re','c','a',NULL,NULL),"
                     "('ops','ops_like','c','a',NULL,NULL),('ops','ops_sim','c','a',NULL,NULL),"
                     "('ops','ops_gl','c','n',NULL,NULL);",
                     NULL, NULL, &err);
    cr_assert_eq(rc, SQLITE_OK, "%s", err ? err : "");
    EXPECT_ROWS("SELECT conname, pg_get_constraintdef(oid, true) FROM pg_constraint "
                "WHERE conrelid = lg_regclass('ops') ORDER BY conname",
                "ops_gl|CHECK (GREATEST(n, 0) < (n + 1))\n"
                "ops_like|CHECK (a LIKE 'x\\_y%*' OR b ILIKE 'q%')\n"
                "ops_re|CHECK ((a ~ '^x') AND NOT (b ~* 'y'))\n"
                "ops_sim|CHECK (a SIMILAR TO 'r%')\n");
}
