/* test_driver_meta.c - the catalog queries drivers send for database metadata, as pgjdbc
 * 42.5 sends them (captured from PostgreSQL 15's statement log) for
 * DatabaseMetaData.getPrimaryKeys, getIndexInfo and getBestRowIdentifier, answered with
 * the rows PostgreSQL 15 gives for the same schema; plus the pieces they are built from:
 * information_schema._pg_expandarray in FROM and in a select list (whole row and (f).field),
 * int2vector columns of pg_index subscripted from 0, identical set-returning calls side by
 * side, and max_index_keys; and the introspection queries of Django 4.2's PostgreSQL
 * backend (constraints with their columns, indexes with their column order), Rails 7's
 * (primary key columns through generate_subscripts, indexes) and Sequelize 6's
 * describeTable. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(driver_meta, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void ok(PGconn *c, const char *sql)
{
    PQclear(e2e_exec(c, sql, PGRES_COMMAND_OK));
}

/* All rows as "a|b|c\n" lines ("" for NULL); caller frees. */
static char *rows(PGconn *c, const char *sql)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    size_t cap = 4096, len = 0;
    char *out = calloc(1, cap);
    for (int i = 0; i < PQntuples(r); i++) {
        for (int j = 0; j < PQnfields(r); j++) {
            const char *v = PQgetisnull(r, i, j) ? "" : PQgetvalue(r, i, j);
            size_t need = strlen(v) + 3;
            if (len + need > cap) {
                cap = (len + need) * 2;
                out = realloc(out, cap);
            }
            len += (size_t)snprintf(out + len, cap - len, "%s%s", j ? "|" : "", v);
        }
        out[len++] = '\n';
        out[len] = '\0';
    }
    PQclear(r);
    return out;
}

static void expect_rows(PGconn *c, const char *sql, const char *want)
{
    char *got = rows(c, sql);
    cr_expect_str_eq(got, want, "%s\ngot:\n%s\nwant:\n%s", sql, got, want);
    free(got);
}

static PGconn *schema(void)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE dm_w (code char(4) PRIMARY KEY, cap int)");
    ok(c, "CREATE TABLE dm_s (id serial PRIMARY KEY, wh char(4) NOT NULL REFERENCES "
          "dm_w (code), sent timestamp, note text)");
    ok(c, "CREATE INDEX dm_s_idx ON dm_s (wh, sent DESC)");
    ok(c, "CREATE TABLE dm_m (a int, b int, c int, PRIMARY KEY (b, a), UNIQUE (c))");
    return c;
}

Test(driver_meta, pgjdbc_get_primary_keys_of_a_two_column_key)
{
    PGconn *c = schema();
    /* key columns in key order (b, a), not table order */
    expect_rows(
        c,
        "SELECT        result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME, "
        "result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      (SELECT "
        "NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname "
        "AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, "
        "ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, "
        "a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON "
        "(ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)  "
        "JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class "
        "ci ON (ci.oid = i.indexrelid) WHERE true  AND n.nspname = 'public' AND ct.relname = "
        "'dm_m' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER "
        "BY result.table_name, result.pk_name, result.key_seq",
        "|public|dm_m|b|1|dm_m_pkey\n|public|dm_m|a|2|dm_m_pkey\n");
    PQfinish(c);
}

Test(driver_meta, pgjdbc_get_index_info_with_a_descending_column)
{
    PGconn *c = schema();
    char *got = rows(
        c, "SELECT     tmp.TABLE_CAT,     tmp.TABLE_SCHEM,     tmp.TABLE_NAME,     "
           "tmp.NON_UNIQUE,     tmp.INDEX_QUALIFIER,     tmp.INDEX_NAME,     tmp.TYPE,     "
           "tmp.ORDINAL_POSITION,     trim(both '\"' from pg_catalog.pg_get_indexdef(tmp.CI_OID, "
           "tmp.ORDINAL_POSITION, false)) AS COLUMN_NAME,   CASE tmp.AM_NAME     WHEN 'btree' "
           "THEN CASE tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1] & 1::smallint       WHEN 1 THEN "
           "'D'       ELSE 'A'     END     ELSE NULL   END AS ASC_OR_DESC,     tmp.CARDINALITY,  "
           "tmp.PAGES,     tmp.FILTER_CONDITION FROM (SELECT NULL AS TABLE_CAT, n.nspname AS "
           "TABLE_SCHEM,   ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE,   NULL AS "
           "INDEX_QUALIFIER, ci.relname AS INDEX_NAME,   CASE i.indisclustered     WHEN true "
           "THEN 1    ELSE CASE am.amname       WHEN 'hash' THEN 2      ELSE 3    END   END AS "
           "TYPE,   (information_schema._pg_expandarray(i.indkey)).n AS ORDINAL_POSITION,   "
           "ci.reltuples AS CARDINALITY,   ci.relpages AS PAGES,   "
           "pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION,   ci.oid AS "
           "CI_OID,   i.indoption AS I_INDOPTION,   am.amname AS AM_NAME FROM "
           "pg_catalog.pg_class ct   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid) "
           "JOIN pg_catalog.pg_index i ON (ct.oid = i.indrelid)   JOIN pg_catalog.pg_class ci ON "
           "(ci.oid = i.indexrelid)   JOIN pg_catalog.pg_am am ON (ci.relam = am.oid) WHERE true "
           "AND n.nspname = 'public' AND ct.relname = 'dm_s') AS tmp ORDER BY NON_UNIQUE, TYPE, "
           "INDEX_NAME, ORDINAL_POSITION ");
    /* (CARDINALITY and PAGES are planner statistics; the columns before them must match) */
    const char *want[] = {"|public|dm_s|f||dm_s_pkey|3|1|id|A|",
                          "|public|dm_s|t||dm_s_idx|3|1|wh|A|",
                          "|public|dm_s|t||dm_s_idx|3|2|sent|D|"};
    char *line = got;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        cr_assert_not_null(line, "row %zu missing in\n%s", i, got);
        cr_expect_eq(strncmp(line, want[i], strlen(want[i])), 0, "row %zu: %s", i, line);
        line = strchr(line, '\n');
        line = line && line[1] ? line + 1 : NULL;
    }
    cr_expect_null(line, "extra rows in\n%s", got);
    free(got);
    PQfinish(c);
}

Test(driver_meta, pgjdbc_best_row_identifier_joins_the_expanded_key)
{
    PGconn *c = schema();
    expect_rows(
        c,
        "SELECT a.attname, a.atttypid, atttypmod FROM pg_catalog.pg_class ct   JOIN "
        "pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n "
        "ON (ct.relnamespace = n.oid)   JOIN (SELECT i.indexrelid, i.indrelid, "
        "i.indisprimary,              information_schema._pg_expandarray(i.indkey) AS keys    "
        "FROM pg_catalog.pg_index i) i     ON (a.attnum = (i.keys).x AND a.attrelid = "
        "i.indrelid) WHERE true  AND n.nspname = 'public' AND ct.relname = 'dm_m' AND "
        "i.indisprimary  ORDER BY a.attnum ",
        "a|23|-1\nb|23|-1\n");
    PQfinish(c);
}

Test(driver_meta, pg_expandarray_in_from_and_in_the_select_list)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c, "SELECT * FROM information_schema._pg_expandarray(ARRAY[10, 20])",
                "10|1\n20|2\n");
    expect_rows(c, "SELECT information_schema._pg_expandarray(ARRAY['a', 'b,c'])",
                "(a,1)\n(\"b,c\",2)\n");
    /* the same call twice runs once per element, as PostgreSQL's lockstep does */
    expect_rows(c,
                "SELECT (information_schema._pg_expandarray(ARRAY[5, 6])).n, "
                "information_schema._pg_expandarray(ARRAY[5, 6]) AS k",
                "1|(5,1)\n2|(6,2)\n");
    expect_rows(c,
                "SELECT (s.k).x, (s.k).n FROM (SELECT "
                "information_schema._pg_expandarray(ARRAY[7, 8, 9]) AS k) s "
                "WHERE (s.k).x > 7",
                "8|2\n9|3\n");
    expect_rows(c, "SELECT generate_series(1, 2) AS a, generate_series(1, 2) AS b", "1|1\n2|2\n");
    /* different calls run in lockstep: as many rows as the longest, NULL past the end */
    expect_rows(c,
                "SELECT generate_series(1, 2) AS a, unnest(ARRAY['x', 'y', 'z']) AS b, "
                "generate_series(1, 2) AS c",
                "1|x|1\n2|y|2\n|z|\n");
    PGresult *r =
        e2e_exec(c, "SELECT information_schema._pg_expandarray(ARRAY[1]) AS k", PGRES_TUPLES_OK);
    cr_expect_eq(PQftype(r, 0), 2249, "an anonymous record");
    cr_expect_str_eq(PQfname(r, 0), "k");
    PQclear(r);
    PQfinish(c);
}

Test(driver_meta, pg_index_vectors_subscript_from_zero)
{
    PGconn *c = schema();
    expect_rows(c,
                "SELECT i.indkey, i.indoption, i.indkey[0], i.indkey[1], i.indkey[2], "
                "i.indoption[1] & 1::smallint, pg_typeof(i.indkey) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'dm_s_idx'",
                "2 3|0 3|2|3||1|int2vector\n");
    expect_rows(c,
                "SELECT pg_get_indexdef(c.oid, 2, false), pg_get_indexdef(c.oid, 1, true) "
                "FROM pg_class c WHERE c.relname = 'dm_s_idx'",
                "sent|wh\n");
    expect_rows(c,
                "SELECT u FROM pg_index i, unnest(i.indkey) u WHERE "
                "i.indexrelid = 'dm_m_pkey'::regclass",
                "2\n1\n");
    PQfinish(c);
}

Test(driver_meta, server_limits_and_duplicate_relation_message)
{
    PGconn *c = schema();
    expect_rows(c, "SHOW max_index_keys", "32\n");
    expect_rows(c, "SELECT setting FROM pg_catalog.pg_settings WHERE name='max_index_keys'",
                "32\n");
    PGresult *r = PQexec(c, "CREATE TABLE dm_w (x int)");
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P07");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "relation \"dm_w\" already exists");
    PQclear(r);
    PQfinish(c);
}

Test(driver_meta, django_constraint_and_index_introspection)
{
    PGconn *c = schema();
    PQclear(
        e2e_exec(c, "ALTER TABLE dm_s ADD CONSTRAINT dm_s_note_check CHECK (note <> '' AND id > 0)",
                 PGRES_COMMAND_OK));
    expect_rows(
        c,
        "SELECT c.conname, array_agg(a.attname ORDER BY cols.arridx), c.contype, (SELECT "
        "fkc.relname || '.' || fka.attname FROM pg_attribute AS fka JOIN pg_class AS fkc ON "
        "fka.attrelid = fkc.oid WHERE fka.attrelid = c.confrelid AND fka.attnum = "
        "c.confkey[1]), cl.reloptions FROM pg_constraint AS c JOIN pg_class AS cl ON "
        "c.conrelid = cl.oid JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS cols(colid, "
        "arridx) ON TRUE JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = "
        "cols.colid WHERE cl.relname = 'dm_s' AND pg_catalog.pg_table_is_visible(cl.oid) "
        "GROUP BY c.conname, c.contype, c.conrelid, c.confrelid, c.confkey, cl.reloptions "
        "ORDER BY 1",
        "dm_s_note_check|{note,id}|c||\n"
        "dm_s_pkey|{id}|p||\n"
        "dm_s_wh_fkey|{wh}|f|dm_w.code|\n");
    expect_rows(
        c,
        "SELECT indexname, array_agg(attname ORDER BY arridx), indisunique, indisprimary, "
        "array_agg(ordering ORDER BY arridx), amname, exprdef, s2.attoptions FROM ( SELECT "
        "c2.relname as indexname, idx.*, attr.attname, am.amname, CASE WHEN idx.indexprs IS "
        "NOT NULL THEN pg_get_indexdef(idx.indexrelid) END AS exprdef, CASE am.amname WHEN "
        "'btree' THEN CASE (option & 1) WHEN 1 THEN 'DESC' ELSE 'ASC' END END as ordering, "
        "c2.reloptions as attoptions FROM ( SELECT * FROM pg_index i, unnest(i.indkey, "
        "i.indoption) WITH ORDINALITY koi(key, option, arridx) ) idx LEFT JOIN pg_class c ON "
        "idx.indrelid = c.oid LEFT JOIN pg_class c2 ON idx.indexrelid = c2.oid LEFT JOIN "
        "pg_am am ON c2.relam = am.oid LEFT JOIN pg_attribute attr ON attr.attrelid = c.oid "
        "AND attr.attnum = idx.key WHERE c.relname = 'dm_s' AND "
        "pg_catalog.pg_table_is_visible(c.oid) ) s2 GROUP BY indexname, indisunique, "
        "indisprimary, amname, exprdef, attoptions ORDER BY 1",
        "dm_s_idx|{wh,sent}|f|f|{ASC,DESC}|btree||\n"
        "dm_s_pkey|{id}|t|t|{ASC}|btree||\n");
    PQfinish(c);
}

Test(driver_meta, table_functions_next_to_tables_and_views_over_missing_tables)
{
    PGconn *c = schema();
    ok(c, "INSERT INTO dm_w VALUES ('OSL1', 5)");
    /* * lists the table's columns, then the function's, named by the alias */
    PGresult *r = e2e_exec(c, "SELECT * FROM dm_w w, generate_series(1, 2) g", PGRES_TUPLES_OK);
    cr_expect_eq(PQnfields(r), 3);
    cr_expect_str_eq(PQfname(r, 2), "g");
    cr_expect_eq(PQntuples(r), 2);
    PQclear(r);
    expect_rows(c,
                "SELECT * FROM unnest(ARRAY[1, 2, 3], ARRAY['a', 'b']) WITH ORDINALITY "
                "AS t(n, s, o)",
                "1|a|1\n2|b|2\n3||3\n");
    PGresult *e = PQexec(c, "CREATE VIEW dm_bad AS SELECT * FROM dm_nothere");
    cr_expect_eq(PQresultStatus(e), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(e, PG_DIAG_SQLSTATE), "42P01");
    cr_expect_str_eq(PQresultErrorField(e, PG_DIAG_MESSAGE_PRIMARY),
                     "relation \"dm_nothere\" does not exist");
    PQclear(e);
    /* the catalog keeps answering (a broken view would make pg_class fail) */
    expect_rows(c, "SELECT count(*) FROM pg_class WHERE relname LIKE 'dm\\_%' AND relkind = 'v'",
                "0\n");
    PQfinish(c);
}

Test(driver_meta, rails_and_sequelize_introspection)
{
    PGconn *c = schema();
    ok(c, "CREATE TABLE dm_k (a int, b int, note text, PRIMARY KEY (b, a))");
    /* Rails: primary key columns in key order */
    expect_rows(c,
                "SELECT a.attname FROM ( SELECT indrelid, indkey, generate_subscripts(indkey, 1) "
                "idx FROM pg_index WHERE indrelid = '\"dm_k\"'::regclass AND indisprimary ) i "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[i.idx] "
                "ORDER BY i.idx",
                "b\na\n");
    /* Rails: indexes other than the primary key (a bool column compared with 'f') */
    expect_rows(c,
                "SELECT distinct i.relname, d.indisunique, d.indkey, "
                "pg_get_indexdef(d.indexrelid), d.indisvalid FROM pg_class t INNER JOIN "
                "pg_index d ON t.oid = d.indrelid INNER JOIN pg_class i ON d.indexrelid = "
                "i.oid LEFT JOIN pg_namespace n ON n.oid = t.relnamespace WHERE i.relkind IN "
                "('i', 'I') AND d.indisprimary = 'f' AND t.relname = 'dm_s' AND n.nspname = "
                "ANY (current_schemas(false)) ORDER BY i.relname",
                "dm_s_idx|f|2 3|CREATE INDEX dm_s_idx ON public.dm_s USING btree (wh, sent "
                "DESC)|t\n");
    /* Rails' type map reads the input functions' names */
    expect_rows(c,
                "SELECT typname, typinput FROM pg_type WHERE typname IN ('int4', 'numeric', "
                "'timestamptz', 'text') ORDER BY 1",
                "int4|int4in\nnumeric|numeric_in\ntext|textin\ntimestamptz|timestamptz_in\n");
    /* Sequelize: describeTable joins pg_statio_all_tables for column comments */
    expect_rows(c,
                "SELECT c.column_name, (SELECT pgd.description FROM "
                "pg_catalog.pg_statio_all_tables AS st INNER JOIN pg_catalog.pg_description "
                "pgd on (pgd.objoid=st.relid) WHERE c.ordinal_position=pgd.objsubid AND "
                "c.table_name=st.relname) AS \"Comment\" FROM information_schema.columns c "
                "WHERE c.table_name = 'dm_w' AND c.table_schema = 'public' ORDER BY "
                "c.ordinal_position",
                "code|\ncap|\n");
    expect_rows(c, "SELECT generate_subscripts(ARRAY['x', 'y', 'z'], 1)", "1\n2\n3\n");
    PQfinish(c);
}

Test(driver_meta, psql_df_lists_user_functions_and_enum_defaults_name_their_type)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE FUNCTION dm_f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2 $$");
    ok(c, "CREATE FUNCTION dm_g(a text, b int) RETURNS SETOF text LANGUAGE sql AS "
          "$$ SELECT a $$");
    /* psql 15's \df query */
    expect_rows(c,
                "SELECT n.nspname as \"Schema\", p.proname as \"Name\", "
                "pg_catalog.pg_get_function_result(p.oid) as \"Result data type\", "
                "pg_catalog.pg_get_function_arguments(p.oid) as \"Argument data types\", "
                "CASE p.prokind WHEN 'a' THEN 'agg' WHEN 'w' THEN 'window' WHEN 'p' THEN "
                "'proc' ELSE 'func' END as \"Type\" FROM pg_catalog.pg_proc p LEFT JOIN "
                "pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.proname "
                "OPERATOR(pg_catalog.~) '^(dm_.*)$' COLLATE pg_catalog.default AND "
                "pg_catalog.pg_function_is_visible(p.oid) ORDER BY 1, 2, 4",
                "public|dm_f|integer|x integer|func\npublic|dm_g|SETOF text|a text, b "
                "integer|func\n");
    ok(c, "CREATE TYPE dm_color AS ENUM ('red', 'green')");
    ok(c, "CREATE TABLE dm_e (c dm_color DEFAULT 'red')");
    expect_rows(c,
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d WHERE d.adrelid = "
                "'dm_e'::regclass",
                "'red'::dm_color\n");
    PQfinish(c);
}

/* Rails' pk_and_sequence_for (fixtures reset primary-key sequences with it) and Django's
 * get_sequences find a serial / identity column's sequence through pg_depend. */
Test(driver_meta, sequences_owned_by_columns_through_pg_depend)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE users (id bigserial PRIMARY KEY, name text)");
    ok(c, "CREATE TABLE things (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text)");
    expect_rows(c,
                "SELECT attr.attname, nsp.nspname, seq.relname FROM pg_class seq, "
                "pg_attribute attr, pg_depend dep, pg_constraint cons, pg_namespace nsp "
                "WHERE seq.oid = dep.objid AND seq.relkind = 'S' AND attr.attrelid = "
                "dep.refobjid AND attr.attnum = dep.refobjsubid AND attr.attrelid = "
                "cons.conrelid AND attr.attnum = cons.conkey[1] AND seq.relnamespace = nsp.oid "
                "AND cons.contype = 'p' AND dep.classid = 'pg_class'::regclass AND "
                "dep.refobjid = '\"users\"'::regclass",
                "id|public|users_id_seq\n");
    expect_rows(c,
                "SELECT s.relname, a.attname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid "
                "AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
                "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
                "WHERE s.relkind = 'S' AND d.refobjid = 'things'::regclass",
                "things_id_seq|id\n");
    expect_rows(c,
                "SELECT deptype FROM pg_depend d JOIN pg_class c ON c.oid = d.objid "
                "WHERE c.relname = 'things_id_seq' AND d.refclassid = 'pg_class'::regclass",
                "i\n");
    PQfinish(c);
}

/* Schema dumpers (Rails' schema.rb, diff tools) read column defaults as PostgreSQL prints
 * them, never as the SQLite functions they run as. */
Test(driver_meta, column_defaults_print_as_postgresql_sql)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE dflt (a timestamp DEFAULT current_timestamp, b date DEFAULT "
          "current_date, c timestamp DEFAULT (now() AT TIME ZONE 'utc'), d int DEFAULT -1, "
          "e time DEFAULT current_time)");
    expect_rows(c,
                "SELECT column_default FROM information_schema.columns "
                "WHERE table_name = 'dflt' ORDER BY ordinal_position",
                "CURRENT_TIMESTAMP\nCURRENT_DATE\n(now() AT TIME ZONE 'utc'::text)\n"
                "'-1'::integer\nCURRENT_TIME\n");
    /* CURRENT_TIMESTAMP and now() are the same value, each printed as written (knex and
     * schema dumpers compare them) */
    ok(c, "CREATE TABLE dflt2 (a timestamptz DEFAULT CURRENT_TIMESTAMP, b timestamptz DEFAULT "
          "now(), c timestamp DEFAULT now())");
    expect_rows(c,
                "SELECT column_default FROM information_schema.columns "
                "WHERE table_name = 'dflt2' ORDER BY ordinal_position",
                "CURRENT_TIMESTAMP\nnow()\nnow()\n");
    ok(c, "INSERT INTO dflt2 DEFAULT VALUES");
    expect_rows(c, "SELECT a = b FROM dflt2", "t\n");
    ok(c, "CREATE VIEW dflt_v AS SELECT CURRENT_TIMESTAMP AS t");
    expect_rows(c, "SELECT pg_get_viewdef('dflt_v')", " SELECT CURRENT_TIMESTAMP AS t;\n");
    PQfinish(c);
}

/* Generated definitions quote identifiers as PostgreSQL's quote_identifier: mixed case and
 * reserved words only. */
Test(driver_meta, generated_definitions_quote_like_postgresql)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE \"Users\" (id serial PRIMARY KEY, \"Name\" text, key text)");
    ok(c, "CREATE INDEX ON \"Users\" (\"Name\")");
    ok(c, "CREATE INDEX idx_key ON \"Users\" (key)");
    expect_rows(c, "SELECT indexdef FROM pg_indexes WHERE tablename = 'Users' ORDER BY indexname",
                "CREATE INDEX \"Users_Name_idx\" ON public.\"Users\" USING btree (\"Name\")\n"
                "CREATE UNIQUE INDEX \"Users_pkey\" ON public.\"Users\" USING btree (id)\n"
                "CREATE INDEX idx_key ON public.\"Users\" USING btree (key)\n");
    expect_rows(c,
                "SELECT column_default FROM information_schema.columns "
                "WHERE table_name = 'Users' AND column_name = 'id'",
                "nextval('\"Users_id_seq\"'::regclass)\n");
    PQfinish(c);
}

Test(driver_meta, identity_columns_in_the_catalogs_and_alter_identity)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE it (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
          "n int GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 5), v text)");
    expect_rows(c,
                "SELECT column_name, coalesce(column_default, '-'), identity_generation, "
                "identity_start, identity_increment FROM information_schema.columns "
                "WHERE table_name = 'it' AND is_identity = 'YES' ORDER BY ordinal_position",
                "id|-|ALWAYS|1|1\nn|-|BY DEFAULT|10|5\n");
    expect_rows(c,
                "SELECT attname, attidentity, atthasdef FROM pg_attribute WHERE attrelid = "
                "'it'::regclass AND attnum BETWEEN 1 AND 2 ORDER BY attnum",
                "id|a|f\nn|d|f\n");
    ok(c, "ALTER TABLE it ALTER COLUMN n SET GENERATED ALWAYS");
    PGresult *r = PQexec(c, "INSERT INTO it (n, v) VALUES (5, 'x')");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "428C9");
    PQclear(r);
    ok(c, "ALTER TABLE it ALTER COLUMN n DROP IDENTITY");
    ok(c, "INSERT INTO it (n, v) VALUES (5, 'x')");
    expect_rows(c, "SELECT n FROM it", "5\n");
    PQfinish(c);
}

Test(driver_meta, referential_constraints_name_the_referenced_key)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE)");
    ok(c, "CREATE TABLE child (pid int REFERENCES parent(id), p2 int REFERENCES parent, "
          "c text REFERENCES parent(code))");
    expect_rows(c,
                "SELECT constraint_name, unique_constraint_name FROM "
                "information_schema.referential_constraints ORDER BY 1",
                "child_c_fkey|parent_code_key\nchild_p2_fkey|parent_pkey\n"
                "child_pid_fkey|parent_pkey\n");
    PQfinish(c);
}

/* SQLAlchemy 1.4's PostgreSQL dialect: get_indexes joins pg_attribute on
 * attnum = ANY(indkey) (an int2vector) and skips expression indexes by indexprs IS NOT NULL;
 * get_enums orders the labels by pg_enum.oid. Django 3.2's get_sequences reaches a serial
 * column's sequence from its default through pg_depend. Rows as PostgreSQL 15 gives them. */
Test(driver_meta, sqlalchemy_and_django_reflection_queries)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TYPE mood AS ENUM ('happy', 'sad', 'angry')");
    ok(c, "CREATE TABLE sa (id serial PRIMARY KEY, a int, b text, m mood)");
    ok(c, "CREATE UNIQUE INDEX sa_ab ON sa (a, b)");
    ok(c, "CREATE INDEX sa_lower ON sa (lower(b))");
    expect_rows(
        c,
        "SELECT i.relname, ix.indisunique, ix.indexprs IS NOT NULL, a.attname, a.attnum, "
        "ix.indkey::varchar, array_length(ix.indkey::int2[], 1) FROM pg_class t "
        "JOIN pg_index ix ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid "
        "LEFT OUTER JOIN pg_attribute a ON t.oid = a.attrelid AND a.attnum = ANY(ix.indkey) "
        "WHERE t.relkind IN ('r', 'v', 'f', 'm', 'p') AND t.oid = 'sa'::regclass "
        "AND ix.indisprimary = 'f' ORDER BY t.relname, i.relname, a.attnum",
        "sa_ab|t|f|a|2|2 3|2\n"
        "sa_ab|t|f|b|3|2 3|2\n"
        "sa_lower|f|t|||0|1\n");
    expect_rows(c,
                "SELECT 3 = ANY(indkey), 4 > ALL(indkey) FROM pg_index "
                "WHERE indexrelid = 'sa_ab'::regclass",
                "t|t\n");
    expect_rows(c,
                "SELECT t.typname, e.enumlabel FROM pg_catalog.pg_type t "
                "LEFT JOIN pg_catalog.pg_enum e ON t.oid = e.enumtypid "
                "WHERE t.typtype = 'e' ORDER BY t.typname, e.oid",
                "mood|happy\nmood|sad\nmood|angry\n");
    expect_rows(c,
                "SELECT s.relname AS sequence_name, col.attname FROM pg_class s "
                "JOIN pg_namespace sn ON sn.oid = s.relnamespace "
                "JOIN pg_depend d ON d.refobjid = s.oid AND d.refclassid = 'pg_class'::regclass "
                "JOIN pg_attrdef ad ON ad.oid = d.objid AND d.classid = 'pg_attrdef'::regclass "
                "JOIN pg_attribute col ON col.attrelid = ad.adrelid AND col.attnum = ad.adnum "
                "JOIN pg_class tbl ON tbl.oid = ad.adrelid "
                "WHERE s.relkind = 'S' AND d.deptype IN ('a', 'n') "
                "AND pg_catalog.pg_table_is_visible(tbl.oid) AND tbl.relname = 'sa'",
                "sa_id_seq|id\n");
    PQfinish(c);
}

/* Rails 6.1 loads its type map with typinput = 'array_in(cstring,oid,integer)'::regprocedure:
 * a regprocedure literal names a function with its argument types. */
Test(driver_meta, regprocedure_literals_with_argument_types)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT 'pg_catalog.now()'::regprocedure::oid = 'now'::regproc::oid, "
                "'lower(text)'::regprocedure::oid > 0",
                "t|t\n");
    expect_rows(c,
                "SELECT count(*) > 0 FROM pg_type t WHERE t.typname IN ('int4', 'text') "
                "OR t.typinput = 'array_in(cstring,oid,integer)'::regprocedure OR t.typelem != 0",
                "t\n");
    e2e_expect_error(c, "SELECT 'no_such_fn(int)'::regprocedure", "42883");
    PQfinish(c);
}

/* psql's \dt, \d name and \di list what search_path makes visible (pg_table_is_visible);
 * a table of an earlier schema hides one of the same name further down the path. */
Test(driver_meta, table_visibility_follows_search_path)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE SCHEMA app");
    ok(c, "CREATE TABLE app.items (id int PRIMARY KEY)");
    ok(c, "CREATE TABLE app.dup (id int)");
    ok(c, "CREATE TABLE dup (id int)");
    const char *q =
        "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname <> 'pg_catalog' AND "
        "pg_table_is_visible(c.oid) ORDER BY 1";
    expect_rows(c, q, "public.dup\n");
    ok(c, "SET search_path = app, public");
    expect_rows(c, q, "app.dup\napp.items\n");
    ok(c, "SET search_path = public, app");
    expect_rows(c, q, "app.items\npublic.dup\n");
    expect_rows(c, "SELECT pg_table_is_visible(0) IS NULL", "t\n");
    PQfinish(c);
}

/* \dt+ and dashboards: sizes, and pg_size_pretty rounding as PostgreSQL 15 does */
Test(driver_meta, sizes_and_pg_size_pretty)
{
    PGconn *c = e2e_connect(NULL);
    expect_rows(c,
                "SELECT string_agg(pg_size_pretty(x), '|') FROM unnest(ARRAY[0, 10239, 10240, "
                "20479 * 1024, 20480 * 1024, -10240, 1099511627776 * 20, "
                "9223372036854775807]::bigint[]) x",
                "0 bytes|10239 bytes|10 kB|20 MB|20 MB|-10 kB|20 TB|8192 PB\n");
    expect_rows(c, "SELECT pg_size_pretty(1234567.89::numeric)", "1206 kB\n");
    ok(c, "CREATE TABLE big (a int PRIMARY KEY, b text)");
    ok(c, "CREATE INDEX big_b ON big (b)");
    ok(c, "INSERT INTO big SELECT g, repeat('x', 100) FROM generate_series(1, 500) g");
    expect_rows(c,
                "SELECT pg_relation_size('big') > 8192, pg_indexes_size('big') > 8192, "
                "pg_total_relation_size('big') >= pg_relation_size('big') + "
                "pg_indexes_size('big'), pg_database_size(current_database()) > 0",
                "t|t|t|t\n");
    PQfinish(c);
}

/* A function created in a schema is listed in that schema (\df app.*), found by its
 * qualified name ('app.add1'::regproc, \sf) and printed by pg_get_functiondef. */
Test(driver_meta, functions_in_schemas_and_their_definitions)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE SCHEMA app");
    ok(c, "CREATE FUNCTION app.add1(i int) RETURNS int LANGUAGE sql IMMUTABLE AS "
          "$$ SELECT i + 1 $$");
    expect_rows(c,
                "SELECT n.nspname, p.proname, pg_get_function_arguments(p.oid), "
                "pg_get_function_result(p.oid) FROM pg_proc p JOIN pg_namespace n "
                "ON n.oid = p.pronamespace WHERE n.nspname = 'app'",
                "app|add1|i integer|integer\n");
    expect_rows(c, "SELECT pg_get_functiondef('app.add1'::regproc::oid)",
                "CREATE OR REPLACE FUNCTION app.add1(i integer)\n"
                " RETURNS integer\n"
                " LANGUAGE sql\n"
                " IMMUTABLE\n"
                "AS $function$ SELECT i + 1 $function$\n\n");
    expect_rows(c, "SELECT app.add1(41)", "42\n");
    PQfinish(c);
}

/* TypeORM 0.3's schema sync: a scalar function in FROM (SELECT * FROM current_schema()),
 * information_schema relations qualified by their bare name (columns.*), three-part and
 * quoted regclass / regtype names, and pg_matviews. */
Test(driver_meta, typeorm_introspection_pieces)
{
    PGconn *c = e2e_connect(NULL);
    ok(c, "CREATE TABLE tt (a int)");
    ok(c, "CREATE TYPE mood AS ENUM ('a')");
    expect_rows(c, "SELECT * FROM current_schema()", "public\n");
    expect_rows(c, "SELECT x, t.x FROM lower('ABC') AS t(x)", "abc|abc\n");
    expect_rows(c,
                "SELECT columns.column_name, ('\"' || udt_schema || '\".\"' || udt_name || "
                "'\"')::regtype::text FROM information_schema.columns WHERE table_name = 'tt'",
                "a|integer\n");
    expect_rows(c,
                "SELECT ('\"' || current_database() || '\".\"public\".\"tt\"')::regclass::text, "
                "'\"public\".\"mood\"'::regtype::text",
                "tt|mood\n");
    ok(c, "CREATE MATERIALIZED VIEW mv AS SELECT a FROM tt");
    expect_rows(c, "SELECT schemaname, matviewname, ispopulated FROM pg_matviews", "public|mv|t\n");
    ok(c, "CREATE SCHEMA s2");
    ok(c, "CREATE TABLE s2.tt (b int)");
    ok(c, "SET search_path = s2, public");
    expect_rows(c, "SELECT 'tt'::regclass::text, 'public.tt'::regclass::text", "tt|public.tt\n");
    expect_rows(c, "SELECT pg_is_in_recovery()", "f\n"); /* health checks: a primary */
    PQfinish(c);
}
