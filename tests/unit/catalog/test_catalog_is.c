/* test_catalog_is.c - information_schema views and the ORM introspection queries of the
 * compat corpus (25_introspection), checked against PostgreSQL 15's answers for the same
 * schema. */
#include "catalog_fixture.h"
#include <criterion/criterion.h>
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

TestSuite(is, .init = setup, .fini = teardown);

#define EXPECT_ROWS(sql, expected)                                                                 \
    do {                                                                                           \
        char *got_ = fixture_query(g_db, sql);                                                     \
        cr_expect_str_eq(got_, expected, "query: %s\ngot:\n%s", sql, got_);                        \
        free(got_);                                                                                \
    } while (0)

Test(is, tables)
{
    EXPECT_ROWS("SELECT table_name, table_type, is_insertable_into FROM "
                "information_schema_tables WHERE table_schema = 'public' ORDER BY 1",
                "tk_agents|BASE TABLE|YES\ntk_tickets|BASE TABLE|YES\nv1|VIEW|NO\n");
}

Test(is, columns)
{
    EXPECT_ROWS("SELECT column_name, data_type, udt_name, is_nullable, column_default, "
                "character_maximum_length, numeric_precision, numeric_scale FROM "
                "information_schema_columns WHERE table_schema = 'public' AND "
                "table_name = 'tk_agents' ORDER BY ordinal_position",
                "agent_id|integer|int4|NO|||32|0\n"
                "handle|character varying|varchar|NO||32||\n"
                "full_name|text|text|NO||||\n"
                "on_call|boolean|bool|NO|false|||\n"
                "hourly_rate|numeric|numeric|YES|||6|2\n");
    EXPECT_ROWS("SELECT column_name, data_type, column_default FROM information_schema_columns "
                "WHERE table_name = 'tk_tickets' AND column_name IN ('id', 'labels') "
                "ORDER BY ordinal_position",
                "id|bigint|nextval('tk_tickets_id_seq'::regclass)\nlabels|ARRAY|'{}'::text[]\n");
}

Test(is, constraints)
{
    EXPECT_ROWS("SELECT constraint_name, table_name, constraint_type FROM "
                "information_schema_table_constraints WHERE constraint_name NOT LIKE '%not_null' "
                "ORDER BY 1",
                "tk_agents_handle_key|tk_agents|UNIQUE\n"
                "tk_agents_pkey|tk_agents|PRIMARY KEY\n"
                "tk_tickets_assignee_fkey|tk_tickets|FOREIGN KEY\n"
                "tk_tickets_pkey|tk_tickets|PRIMARY KEY\n"
                "tk_tickets_priority_check|tk_tickets|CHECK\n");
    EXPECT_ROWS("SELECT ccu.table_name, ccu.column_name, rc.update_rule, rc.delete_rule, "
                "rc.unique_constraint_name FROM information_schema_referential_constraints rc "
                "JOIN information_schema_constraint_column_usage ccu ON "
                "ccu.constraint_name = rc.constraint_name AND "
                "ccu.constraint_schema = rc.constraint_schema",
                "tk_agents|agent_id|NO ACTION|SET NULL|tk_agents_pkey\n");
    EXPECT_ROWS("SELECT constraint_name, column_name, ordinal_position, "
                "position_in_unique_constraint FROM information_schema_key_column_usage "
                "WHERE table_name = 'tk_tickets' ORDER BY 1",
                "tk_tickets_assignee_fkey|assignee|1|1\ntk_tickets_pkey|id|1|\n");
}

Test(is, views_schemata_sequences)
{
    EXPECT_ROWS("SELECT table_name, view_definition FROM information_schema_views",
                "v1| SELECT agent_id FROM tk_agents;\n");
    EXPECT_ROWS("SELECT schema_name FROM information_schema_schemata ORDER BY 1",
                "information_schema\npg_catalog\npublic\n");
    EXPECT_ROWS("SELECT sequence_name, data_type, start_value, increment FROM "
                "information_schema_sequences",
                "tk_tickets_id_seq|bigint|1|1\n");
    EXPECT_ROWS("SELECT pg_get_serial_sequence('tk_tickets', 'id'), "
                "pg_get_serial_sequence('public.tk_agents', 'agent_id')",
                "public.tk_tickets_id_seq|\n");
}

Test(is, pg_system_views)
{
    EXPECT_ROWS("SELECT tablename, hasindexes FROM pg_tables ORDER BY 1",
                "tk_agents|1\ntk_tickets|1\n");
    EXPECT_ROWS("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tk_agents' "
                "ORDER BY 1",
                "tk_agents_handle_key|CREATE UNIQUE INDEX tk_agents_handle_key ON "
                "public.tk_agents USING btree (handle)\n"
                "tk_agents_pkey|CREATE UNIQUE INDEX tk_agents_pkey ON public.tk_agents USING "
                "btree (agent_id)\n");
    EXPECT_ROWS("SELECT viewname, definition FROM pg_views",
                "v1| SELECT agent_id FROM tk_agents;\n");
    EXPECT_ROWS("SELECT sequencename, data_type, last_value FROM pg_sequences",
                "tk_tickets_id_seq|bigint|\n");
    EXPECT_ROWS("SELECT name, setting FROM pg_settings WHERE name IN ('server_encoding', "
                "'DateStyle') ORDER BY 1",
                "DateStyle|ISO, MDY\nserver_encoding|UTF8\n");
}

Test(is, orm_attribute_query)
{
    /* corpus 25: columns with format_type and defaults, by regclass */
    EXPECT_ROWS("SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, "
                "a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_expr FROM "
                "pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND "
                "d.adnum = a.attnum WHERE a.attrelid = lg_regclass('tk_agents') AND "
                "a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                "1|agent_id|integer|1|\n2|handle|character varying(32)|1|\n"
                "3|full_name|text|1|\n4|on_call|boolean|1|false\n"
                "5|hourly_rate|numeric(6,2)|0|\n");
    EXPECT_ROWS("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = lg_regclass('tk_tickets') ORDER BY conname",
                "tk_tickets_assignee_fkey|f|FOREIGN KEY (assignee) REFERENCES "
                "tk_agents(agent_id) ON DELETE SET NULL\n"
                "tk_tickets_pkey|p|PRIMARY KEY (id)\n"
                "tk_tickets_priority_check|c|CHECK (((priority >= 1) AND (priority <= 5)))\n");
    EXPECT_ROWS("SELECT conkey, confkey FROM pg_constraint WHERE contype = 'f'", "[4]|[1]\n");
    EXPECT_ROWS("SELECT col_description(lg_regclass('tk_agents'), 2), "
                "obj_description(lg_regclass('tk_agents'), 'pg_class'), "
                "col_description(lg_regclass('tk_agents'), 1) IS NULL, "
                "has_table_privilege('tk_agents', 'SELECT')",
                "login name|Support agents|1|1\n");
}
