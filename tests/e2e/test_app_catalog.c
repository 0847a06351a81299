/* test_app_catalog.c - what an application sees of its own schema objects: tables, views
 * and sequences of a user schema keep their schema through RENAME TO; pg_constraint and
 * the information_schema constraint views report that schema; check_constraints lists
 * CHECK and NOT NULL constraints. Each expectation is what PostgreSQL 15 answers. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(appcat, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

Test(appcat, rename_keeps_the_schema)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE SCHEMA app");
    e2e_ok(c, "CREATE TABLE app.orders (id serial PRIMARY KEY, note text)");
    e2e_ok(c, "ALTER TABLE app.orders RENAME TO purchases");
    e2e_expect_rows(c,
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_name IN ('orders', 'purchases')",
                    "app|purchases");
    e2e_ok(c, "INSERT INTO app.purchases (note) VALUES ('a')");
    e2e_expect_error(c, "SELECT * FROM public.purchases", "42P01");
    e2e_ok(c, "ALTER SEQUENCE app.orders_id_seq RENAME TO pseq");
    e2e_expect_rows(c, "SELECT nextval('app.pseq')", "2");
    e2e_ok(c, "CREATE VIEW app.v AS SELECT note FROM app.purchases");
    e2e_ok(c, "ALTER VIEW app.v RENAME TO w");
    e2e_expect_rows(c, "SELECT * FROM app.w", "a");
    e2e_expect_error(c, "SELECT * FROM w", "42P01");
    PQfinish(c);
}

Test(appcat, constraints_report_their_schema)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE SCHEMA app");
    e2e_ok(c, "CREATE TABLE app.o (id int PRIMARY KEY, note text UNIQUE NOT NULL "
              "CHECK (note <> ''))");
    e2e_ok(c, "CREATE TABLE app.li (id int PRIMARY KEY, o int REFERENCES app.o)");
    e2e_expect_rows(c,
                    "SELECT conname, connamespace::regnamespace FROM pg_constraint "
                    "WHERE conrelid = 'app.o'::regclass ORDER BY 1",
                    "o_note_check|app;o_note_key|app;o_pkey|app");
    e2e_expect_rows(c,
                    "SELECT constraint_schema, constraint_name, table_schema, table_name, "
                    "constraint_type, nulls_distinct FROM information_schema.table_constraints "
                    "WHERE table_schema = 'app' AND constraint_name NOT LIKE '%not_null' "
                    "ORDER BY 2",
                    "app|li_o_fkey|app|li|FOREIGN KEY|-;app|li_pkey|app|li|PRIMARY KEY|-;"
                    "app|o_note_check|app|o|CHECK|-;app|o_note_key|app|o|UNIQUE|YES;"
                    "app|o_pkey|app|o|PRIMARY KEY|-");
    e2e_expect_rows(c,
                    "SELECT count(*) FROM information_schema.table_constraints "
                    "WHERE table_schema = 'app' AND constraint_type = 'CHECK' "
                    "AND constraint_name LIKE '%\\_not\\_null'",
                    "3");
    e2e_expect_rows(c,
                    "SELECT constraint_name, table_schema, table_name, column_name "
                    "FROM information_schema.key_column_usage WHERE table_schema = 'app' "
                    "ORDER BY 1",
                    "li_o_fkey|app|li|o;li_pkey|app|li|id;o_note_key|app|o|note;o_pkey|app|o|id");
    e2e_expect_rows(c,
                    "SELECT constraint_schema, unique_constraint_schema, "
                    "unique_constraint_name FROM information_schema.referential_constraints",
                    "app|app|o_pkey");
    e2e_expect_rows(c,
                    "SELECT table_schema, table_name, column_name, constraint_name FROM "
                    "information_schema.constraint_column_usage WHERE constraint_name = "
                    "'li_o_fkey'",
                    "app|o|id|li_o_fkey");
    PQfinish(c);
}

Test(appcat, check_constraints_view)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE prod (id int NOT NULL, \"Price\" int CONSTRAINT prod_price_chk "
              "CHECK (\"Price\" >= 0))");
    e2e_expect_rows(c,
                    "SELECT constraint_schema, check_clause FROM "
                    "information_schema.check_constraints WHERE constraint_schema = 'public' "
                    "ORDER BY 2",
                    "public|((\"Price\" >= 0));public|id IS NOT NULL");
    e2e_expect_rows(c,
                    "SELECT constraint_name FROM information_schema.check_constraints WHERE "
                    "check_clause LIKE '(%' AND constraint_schema = 'public'",
                    "prod_price_chk");
    e2e_ok(c, "CREATE TABLE rng (lo int, hi int, note text, CONSTRAINT range_ok CHECK "
              "(lo <= hi AND length(note) > 0), CONSTRAINT t_ok CHECK (note::text <> 'x'))");
    e2e_expect_rows(c,
                    "SELECT table_name, column_name, constraint_name FROM "
                    "information_schema.constraint_column_usage WHERE table_name IN ('prod', "
                    "'rng') ORDER BY 3, 2",
                    "prod|Price|prod_price_chk;rng|hi|range_ok;rng|lo|range_ok;rng|note|range_ok;"
                    "rng|note|t_ok");
    PQfinish(c);
}

Test(appcat, sequence_owned_by_and_serial_lookup)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE ob (id int)");
    e2e_ok(c, "CREATE SEQUENCE ob_seq OWNED BY ob.id");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('ob', 'id')", "public.ob_seq");
    e2e_ok(c, "DROP TABLE ob");
    e2e_expect_rows(c, "SELECT to_regclass('ob_seq')", "-");
    e2e_ok(c, "CREATE SEQUENCE s2 OWNED BY NONE");
    e2e_expect_error(c, "ALTER SEQUENCE s2 OWNED BY nosuch.col", "42P01");
    e2e_ok(c, "CREATE TABLE t3 (a int)");
    e2e_expect_error(c, "ALTER SEQUENCE s2 OWNED BY t3.nope", "42703");
    e2e_ok(c, "ALTER SEQUENCE s2 OWNED BY t3.a");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('t3', 'a')", "public.s2");
    e2e_ok(c, "ALTER SEQUENCE s2 OWNED BY NONE");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('t3', 'a')", "-");
    e2e_ok(c, "CREATE SCHEMA app");
    e2e_ok(c, "CREATE TABLE app.users (id serial)");
    e2e_ok(c, "CREATE TABLE \"Mixed\" (id bigserial)");
    e2e_expect_rows(c,
                    "SELECT pg_get_serial_sequence('app.users', 'id'), "
                    "pg_get_serial_sequence('\"Mixed\"', 'id')",
                    "app.users_id_seq|public.\"Mixed_id_seq\"");
    e2e_expect_error(c, "SELECT pg_get_serial_sequence('nosuch', 'id')", "42P01");
    e2e_expect_rows(c, "SELECT 0::regclass", "-");
    PQfinish(c);
}

/* What ORM introspection (Django, Sequelize) reads of columns, defaults and indexes */
Test(appcat, introspection_of_columns_defaults_indexes)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE bp (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
              "slug varchar(50) NOT NULL, created timestamp(3) DEFAULT CURRENT_TIMESTAMP, "
              "n serial)");
    e2e_ok(c, "CREATE UNIQUE INDEX bp_lower_slug ON bp (lower(slug))");
    e2e_ok(c, "CREATE UNIQUE INDEX bp_slug ON bp (slug)");
    e2e_expect_rows(c,
                    "SELECT attname, attnum, atttypid, attlen, attnotnull FROM pg_attribute "
                    "WHERE attrelid = 'bp'::regclass AND attnum < 0 ORDER BY attnum",
                    "tableoid|-6|26|4|t;cmax|-5|29|4|t;xmax|-4|28|4|t;cmin|-3|29|4|t;"
                    "xmin|-2|28|4|t;ctid|-1|27|6|t");
    e2e_expect_rows(c,
                    "SELECT a.attname, a.atthasdef, pg_get_expr(d.adbin, d.adrelid) FROM "
                    "pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND "
                    "d.adnum = a.attnum WHERE a.attrelid = 'bp'::regclass AND a.attnum > 0 "
                    "ORDER BY a.attnum",
                    "id|f|-;slug|f|-;created|t|CURRENT_TIMESTAMP;"
                    "n|t|nextval('bp_n_seq'::regclass)");
    e2e_expect_rows(c,
                    "SELECT column_name, column_default FROM information_schema.columns "
                    "WHERE table_name = 'bp' AND column_name IN ('id', 'created') ORDER BY 1",
                    "created|CURRENT_TIMESTAMP;id|-");
    e2e_expect_rows(c,
                    "SELECT conname, contype FROM pg_constraint WHERE conrelid = "
                    "'bp'::regclass ORDER BY 1",
                    "bp_pkey|p");
    e2e_expect_rows(c,
                    "SELECT c.relname, i.indexprs IS NOT NULL FROM pg_index i JOIN pg_class c "
                    "ON c.oid = i.indexrelid WHERE i.indrelid = 'bp'::regclass ORDER BY 1",
                    "bp_lower_slug|t;bp_pkey|f;bp_slug|f");
    e2e_expect_rows(c,
                    "SELECT sequence_name, data_type, numeric_precision FROM "
                    "information_schema.sequences",
                    "bp_n_seq|integer|32");
    e2e_expect_rows(c, "SELECT sequencename, data_type FROM pg_sequences ORDER BY 1",
                    "bp_id_seq|bigint;bp_n_seq|integer");
    e2e_ok(c, "CREATE INDEX bp_two ON bp (n, slug)");
    e2e_expect_rows(c,
                    "SELECT array_to_string(indkey, ' '), array_length(indkey, 1), "
                    "cardinality(indkey) FROM pg_index WHERE indexrelid = 'bp_two'::regclass",
                    "4 2|2|2");
    PQfinish(c);
}

Test(appcat, alter_domain_constraints)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE DOMAIN email AS text CHECK (VALUE ~ '@')");
    e2e_ok(c, "CREATE DOMAIN posint AS integer CONSTRAINT posint_check CHECK (VALUE > 0)");
    e2e_ok(c, "CREATE TABLE contact (id int, e email, n posint)");
    e2e_ok(c, "INSERT INTO contact VALUES (1, 'a@b', 5), (2, NULL, 50)");
    e2e_expect_rows(c,
                    "SELECT column_name, data_type, domain_schema, domain_name FROM "
                    "information_schema.columns WHERE table_name = 'contact' ORDER BY 1",
                    "e|text|public|email;id|integer|-|-;n|integer|public|posint");
    e2e_expect_error(c, "ALTER DOMAIN posint ADD CONSTRAINT posint_small CHECK (VALUE < 10)",
                     "23514");
    e2e_ok(c, "INSERT INTO contact VALUES (3, 'c@d', 20)"); /* the failed ADD left nothing */
    e2e_ok(c, "ALTER DOMAIN posint ADD CONSTRAINT posint_small CHECK (VALUE < 100)");
    e2e_expect_error(c, "ALTER DOMAIN posint ADD CONSTRAINT posint_small CHECK (VALUE < 9)",
                     "42710");
    e2e_expect_error(c, "INSERT INTO contact VALUES (4, 'x@y', 500)", "23514");
    e2e_ok(c, "ALTER DOMAIN posint DROP CONSTRAINT posint_small");
    e2e_expect_error(c, "ALTER DOMAIN posint DROP CONSTRAINT posint_small", "42704");
    e2e_ok(c, "ALTER DOMAIN posint DROP CONSTRAINT IF EXISTS posint_small");
    e2e_ok(c, "INSERT INTO contact VALUES (4, 'x@y', 500)");
    e2e_expect_error(c, "ALTER DOMAIN email ADD CHECK (length(VALUE) > 3)", "23514");
    e2e_ok(c, "ALTER DOMAIN email ADD CHECK (length(VALUE) > 3) NOT VALID");
    e2e_expect_error(c, "INSERT INTO contact VALUES (5, 'a@b', 1)", "23514");
    e2e_expect_error(c, "ALTER DOMAIN email SET NOT NULL", "23502");
    e2e_ok(c, "DELETE FROM contact WHERE e IS NULL");
    e2e_ok(c, "ALTER DOMAIN email SET NOT NULL");
    e2e_expect_error(c, "INSERT INTO contact VALUES (6, NULL, 1)", "23502");
    e2e_ok(c, "ALTER DOMAIN email DROP NOT NULL");
    e2e_ok(c, "INSERT INTO contact VALUES (6, NULL, 1)");
    e2e_expect_error(c, "ALTER DOMAIN nosuch DROP NOT NULL", "42704");
    e2e_expect_rows(c, "SELECT count(*) FROM contact", "4");
    PQfinish(c);
}

Test(appcat, comments_on_columns_types_schemas)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)");
    e2e_ok(c, "CREATE TYPE mood AS ENUM ('a')");
    e2e_ok(c, "CREATE TABLE contact (id int, n posint)");
    e2e_expect_error(c, "COMMENT ON COLUMN contact.nosuch IS 'x'", "42703");
    e2e_ok(c, "COMMENT ON COLUMN contact.id IS 'PK'");
    e2e_ok(c, "COMMENT ON TYPE posint IS 'dom'");
    e2e_ok(c, "COMMENT ON DOMAIN posint IS 'dom2'");
    e2e_ok(c, "COMMENT ON TYPE mood IS 'feel'");
    e2e_expect_error(c, "COMMENT ON TYPE nosuch IS 'x'", "42704");
    e2e_expect_error(c, "COMMENT ON SCHEMA nosuch IS 'x'", "3F000");
    e2e_ok(c, "CREATE SCHEMA app");
    e2e_ok(c, "COMMENT ON SCHEMA app IS 'mine'");
    e2e_expect_rows(c,
                    "SELECT col_description('contact'::regclass, 1), "
                    "obj_description('posint'::regtype, 'pg_type'), "
                    "obj_description('mood'::regtype, 'pg_type'), "
                    "obj_description('app'::regnamespace, 'pg_namespace')",
                    "PK|dom2|feel|mine");
    e2e_ok(c, "DROP TYPE mood");
    e2e_ok(c, "CREATE TYPE mood AS ENUM ('b')");
    e2e_expect_rows(c, "SELECT obj_description('mood'::regtype, 'pg_type')", "-");
    PQfinish(c);
}

Test(appcat, search_path_items_are_quoted_identifiers)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "SET search_path = \"$user\", public");
    e2e_expect_rows(c, "SHOW search_path", "\"$user\", public");
    e2e_ok(c, "CREATE SCHEMA \"Mixed\"");
    e2e_ok(c, "CREATE TABLE \"Mixed\".\"Tab\" (a int)");
    e2e_ok(c, "SET search_path = 'Mixed'");
    e2e_expect_rows(c, "SHOW search_path", "\"Mixed\"");
    e2e_expect_rows(c, "SELECT count(*) FROM \"Tab\"", "0");
    e2e_ok(c, "SET search_path TO app, 'x y', public");
    e2e_expect_rows(c, "SHOW search_path", "app, \"x y\", public");
    PQfinish(c);
}

Test(appcat, add_identity_to_a_column)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE idt (id int GENERATED BY DEFAULT AS IDENTITY, v text)");
    e2e_ok(c, "INSERT INTO idt (v) VALUES ('a')");
    e2e_ok(c, "ALTER TABLE idt ALTER COLUMN id DROP IDENTITY");
    e2e_ok(c, "ALTER TABLE idt ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY "
              "(START WITH 200)");
    e2e_expect_error(c, "ALTER TABLE idt ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY",
                     "55000");
    e2e_expect_rows(c, "INSERT INTO idt (v) VALUES ('e') RETURNING id", "200");
    e2e_expect_rows(c,
                    "SELECT is_identity, identity_generation, identity_start, column_default "
                    "FROM information_schema.columns WHERE table_name = 'idt' AND "
                    "column_name = 'id'",
                    "YES|BY DEFAULT|200|-");
    e2e_ok(c, "CREATE TABLE t2 (a int, b int NOT NULL DEFAULT 1, c text NOT NULL, "
              "d bigint NOT NULL)");
    e2e_expect_error(c, "ALTER TABLE t2 ALTER COLUMN a ADD GENERATED ALWAYS AS IDENTITY", "55000");
    e2e_expect_error(c, "ALTER TABLE t2 ALTER COLUMN b ADD GENERATED ALWAYS AS IDENTITY", "55000");
    e2e_expect_error(c, "ALTER TABLE t2 ALTER COLUMN c ADD GENERATED ALWAYS AS IDENTITY", "22023");
    e2e_ok(c, "ALTER TABLE t2 ALTER COLUMN d ADD GENERATED ALWAYS AS IDENTITY");
    e2e_expect_rows(c, "INSERT INTO t2 (b, c) VALUES (5, 'x') RETURNING d", "1");
    e2e_expect_error(c, "INSERT INTO t2 (b, c, d) VALUES (5, 'x', 9)", "428C9");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('t2', 'd')", "public.t2_d_seq");
    PQfinish(c);
}

Test(appcat, missing_relation_of_a_schema_has_a_position)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE SCHEMA app");
    PGresult *r = PQexec(c, "SELECT * FROM app.orders");
    cr_expect_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P01");
    cr_expect_str_eq(pos ? pos : "", "15");
    PQclear(r);
    r = PQexec(c, "SELECT 'nosuch'::regclass");
    pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P01");
    cr_expect_str_eq(pos ? pos : "", "8");
    PQclear(r);
    PQfinish(c);
}

Test(appcat, retype_to_enum_needs_a_castable_default)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TYPE status AS ENUM ('draft', 'published')");
    e2e_ok(c, "CREATE TABLE d3 (id int, s text DEFAULT 'x', t text)");
    e2e_expect_error(c, "ALTER TABLE d3 ALTER COLUMN s TYPE status USING s::status", "42804");
    e2e_ok(c, "ALTER TABLE d3 ALTER COLUMN t TYPE status USING t::status");
    e2e_ok(c, "ALTER TABLE d3 ALTER COLUMN s DROP DEFAULT, ALTER COLUMN s TYPE status "
              "USING s::status");
    e2e_expect_rows(c, "INSERT INTO d3 VALUES (1, 'draft', 'published') RETURNING s, t",
                    "draft|published");
    /* an enum column's default survives a round trip through text (PostgreSQL strips the
     * cast it added) */
    e2e_ok(c, "CREATE TABLE d4 (id int, st status NOT NULL DEFAULT 'draft')");
    e2e_ok(c, "ALTER TABLE d4 ALTER COLUMN st TYPE text");
    e2e_ok(c, "ALTER TABLE d4 ALTER COLUMN st TYPE status USING st::status");
    e2e_expect_rows(c, "INSERT INTO d4 (id) VALUES (1) RETURNING st", "draft");
    PQfinish(c);
}

/* Arrays of user types are a known gap: 0A000 naming it, not "type does not exist" */
Test(appcat, arrays_of_user_types_are_0A000)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TYPE status AS ENUM ('a')");
    e2e_expect_error(c, "CREATE TABLE doc (id int, sts status[])", "0A000");
    e2e_expect_error(c, "SELECT ARRAY['a']::status[]", "0A000");
    e2e_expect_error(c, "CREATE TABLE doc (id int, sts nosuch[])", "42704");
    PQfinish(c);
}

Test(appcat, drop_type_cascade_drops_its_columns)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE DOMAIN email AS text CHECK (VALUE ~ '@')");
    e2e_ok(c, "CREATE TABLE contact (id int PRIMARY KEY, e email, n int)");
    e2e_ok(c, "INSERT INTO contact VALUES (1, 'a@b', 2)");
    e2e_ok(c, "CREATE VIEW cv AS SELECT id, e FROM contact");
    e2e_expect_error(c, "DROP DOMAIN email", "2BP01");
    e2e_ok(c, "DROP DOMAIN email CASCADE");
    e2e_expect_rows(c, "SELECT * FROM contact", "1|2");
    e2e_expect_rows(c, "SELECT count(*) FROM information_schema.views WHERE table_name = 'cv'",
                    "0");
    e2e_ok(c, "CREATE TYPE mood AS ENUM ('a', 'b')");
    e2e_ok(c, "CREATE TABLE t1 (id int, m mood, m2 mood)");
    e2e_ok(c, "CREATE TABLE t2 (id int, m mood)");
    e2e_ok(c, "INSERT INTO t1 VALUES (1, 'a', 'b')");
    e2e_ok(c, "DROP TYPE mood CASCADE");
    e2e_expect_rows(c, "SELECT * FROM t1", "1");
    e2e_expect_rows(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't2'",
                    "1");
    e2e_ok(c, "CREATE TYPE mood AS ENUM ('x')");
    PQfinish(c);
}

Test(appcat, alter_schema_rename)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE SCHEMA s2");
    e2e_ok(c, "CREATE TABLE s2.t1 (id serial PRIMARY KEY, a int)");
    e2e_ok(c, "CREATE TABLE s2.t2 (id int PRIMARY KEY, t1_id int REFERENCES s2.t1)");
    e2e_ok(c, "CREATE SEQUENCE s2.free_seq");
    e2e_ok(c, "CREATE VIEW s2.v1 AS SELECT a FROM s2.t1");
    e2e_ok(c, "INSERT INTO s2.t1 (a) VALUES (5)");
    e2e_ok(c, "ALTER SCHEMA s2 RENAME TO s3");
    e2e_expect_error(c, "ALTER SCHEMA nosuch RENAME TO s4", "3F000");
    e2e_expect_error(c, "ALTER SCHEMA s3 RENAME TO public", "42P06");
    e2e_expect_rows(c, "SELECT * FROM s3.v1", "5");
    e2e_expect_error(c, "SELECT * FROM s2.t1", "42P01");
    e2e_expect_rows(c, "INSERT INTO s3.t1 (a) VALUES (6) RETURNING id", "2");
    PGresult *r = PQexec(c, "INSERT INTO s3.t2 VALUES (2, 99)"); /* names as PostgreSQL's */
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23503");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "insert or update on table \"t2\" violates foreign key constraint "
                     "\"t2_t1_id_fkey\"");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SCHEMA_NAME), "s3");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_TABLE_NAME), "t2");
    PQclear(r);
    e2e_expect_rows(c, "SELECT nextval('s3.free_seq')", "1");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('s3.t1', 'id')", "s3.t1_id_seq");
    e2e_expect_rows(c,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 's3' "
                    "ORDER BY 1",
                    "t1;t2;v1");
    PQfinish(c);
}

/* Integrity errors on a table of a user schema: PostgreSQL's constraint, relation, column
 * and schema names (SQLite says "app.t.id") */
Test(appcat, integrity_errors_in_a_user_schema)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE SCHEMA app");
    e2e_ok(c, "CREATE TABLE app.t (id int PRIMARY KEY, n text NOT NULL, c int CHECK (c > 0))");
    e2e_ok(c, "INSERT INTO app.t VALUES (1, 'a', 1)");
    static const struct {
        const char *sql, *state, *msg, *table, *constraint;
    } k_cases[] = {
        {"INSERT INTO app.t VALUES (1, 'a', 1)", "23505",
         "duplicate key value violates unique constraint \"t_pkey\"", "t", "t_pkey"},
        {"INSERT INTO app.t VALUES (2, NULL, 1)", "23502",
         "null value in column \"n\" of relation \"t\" violates not-null constraint", "t", NULL},
        {"INSERT INTO app.t VALUES (3, 'a', -1)", "23514",
         "new row for relation \"t\" violates check constraint \"t_c_check\"", "t", "t_c_check"},
    };
    for (size_t i = 0; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
        PGresult *r = PQexec(c, k_cases[i].sql);
        const char *con = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), k_cases[i].state);
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), k_cases[i].msg);
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SCHEMA_NAME), "app");
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_TABLE_NAME), k_cases[i].table);
        if (k_cases[i].constraint)
            cr_expect_str_eq(con ? con : "", k_cases[i].constraint);
        PQclear(r);
    }
    PQfinish(c);
}

Test(appcat, insert_into_a_missing_column_is_42703)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE t (id int)");
    PGresult *r = PQexec(c, "INSERT INTO t (nosuch) VALUES (1)");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42703"); /* it said 42P07 */
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "column \"nosuch\" of relation \"t\" does not exist");
    PQclear(r);
    e2e_expect_error(c, "CREATE TABLE t (id int)", "42P07");
    r = PQexec(c, "UPDATE t SET nosuch = 1");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42703");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "column \"nosuch\" of relation \"t\" does not exist");
    const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect_str_eq(pos ? pos : "", "14");
    PQclear(r);
    PQfinish(c);
}

/* Column defaults print as they were written (ORMs compare them to their models) */
Test(appcat, time_defaults_print_as_written)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE p (a timestamptz DEFAULT now(), b timestamp DEFAULT CURRENT_TIMESTAMP, "
              "d timestamptz DEFAULT CURRENT_TIMESTAMP, e timestamp(0) DEFAULT now(), "
              "h timestamptz DEFAULT transaction_timestamp(), "
              "x timestamp(3) DEFAULT CURRENT_TIMESTAMP)");
    e2e_expect_rows(c,
                    "SELECT column_name, column_default FROM information_schema.columns WHERE "
                    "table_name = 'p' ORDER BY ordinal_position",
                    "a|now();b|CURRENT_TIMESTAMP;d|CURRENT_TIMESTAMP;e|now();"
                    "h|transaction_timestamp();x|CURRENT_TIMESTAMP");
    e2e_expect_rows(c, "INSERT INTO p DEFAULT VALUES RETURNING a = d, h = a, b IS NOT NULL",
                    "t|t|t");
    PQfinish(c);
}
