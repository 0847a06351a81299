/* test_app_ddl.c - DDL an application's migrations run, and what it then reads back:
 * ALTER COLUMN ... TYPE conversions and their 42804 refusals, values stored into string
 * columns as their text, CREATE OR REPLACE VIEW keeping its columns, view column renames,
 * the NOTICEs of ALTER ... IF [NOT] EXISTS. Each expectation is what PostgreSQL 15 answers. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(app_ddl, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

Test(app_ddl, alter_column_type_converts_as_postgresql)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE ac (id int, s text DEFAULT '42', f boolean DEFAULT false, n int, "
              "x numeric(5,2))");
    e2e_ok(c, "INSERT INTO ac (id, n, x) VALUES (1, 5, 1.5)");
    e2e_expect_error(c, "ALTER TABLE ac ALTER COLUMN s TYPE integer USING s::integer", "42804");
    e2e_expect_error(
        c, "ALTER TABLE ac ALTER COLUMN f TYPE int USING CASE WHEN f THEN 1 ELSE 0 END", "42804");
    e2e_expect_error(c, "ALTER TABLE ac ALTER COLUMN n TYPE boolean", "42804");
    e2e_ok(c, "ALTER TABLE ac ALTER COLUMN f TYPE text, ALTER COLUMN x TYPE text, "
              "ALTER COLUMN n TYPE varchar(3)");
    e2e_ok(c, "ALTER TABLE ac ALTER COLUMN s DROP DEFAULT, ALTER COLUMN s TYPE int USING s::int");
    e2e_expect_rows(c, "SELECT id, s + 1, f, n, x FROM ac", "1|43|false|5|1.50");
    PQfinish(c);
}

Test(app_ddl, string_columns_store_the_text_of_values)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE src (f boolean, x numeric(5,2), y float8, a int[])");
    e2e_ok(c, "INSERT INTO src VALUES (false, 1.5, 1.0 / 3, '{1,2}')");
    e2e_ok(c, "CREATE TABLE s (t text, v varchar(5))");
    e2e_ok(c, "INSERT INTO s SELECT f, x FROM src");
    e2e_ok(c, "INSERT INTO s SELECT y, a FROM src");
    e2e_ok(c, "INSERT INTO s VALUES (true, 1.50::numeric(5,2))");
    e2e_expect_rows(c, "SELECT t, v FROM s", "false|1.50;0.3333333333333333|{1,2};true|1.50");
    e2e_expect_error(c, "INSERT INTO s (v) SELECT y FROM src", "22001");
    PQfinish(c);
}

Test(app_ddl, create_or_replace_view_keeps_its_columns)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE emp (id int PRIMARY KEY, name text, salary int, dept text)");
    e2e_ok(c, "CREATE VIEW emp_x AS SELECT id, name, salary FROM emp WHERE dept = 'x'");
    e2e_expect_error(c,
                     "CREATE OR REPLACE VIEW emp_x AS SELECT id, name::varchar AS name, salary "
                     "FROM emp",
                     "42P16");
    e2e_expect_error(c, "CREATE OR REPLACE VIEW emp_x AS SELECT id AS ident, name, salary FROM emp",
                     "42P16");
    e2e_expect_error(c, "CREATE OR REPLACE VIEW emp_x AS SELECT id, salary FROM emp", "42P16");
    e2e_ok(c, "CREATE OR REPLACE VIEW emp_x AS SELECT id, name, salary, 2 AS extra FROM emp "
              "WHERE dept = 'x'");
    e2e_expect_error(c, "ALTER TABLE emp DROP COLUMN dept", "2BP01");
    PQfinish(c);
}

Test(app_ddl, a_serial_columns_sequence_is_not_dropped_from_under_it)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE person (id serial, m text)");
    e2e_expect_error(c, "DROP SEQUENCE person_id_seq", "2BP01");
    e2e_ok(c, "INSERT INTO person (m) VALUES ('a')");
    e2e_ok(c, "ALTER TABLE person ALTER COLUMN id DROP DEFAULT");
    e2e_ok(c, "DROP SEQUENCE person_id_seq");
    e2e_expect_rows(c, "SELECT to_regclass('person_id_seq') IS NULL, count(*) FROM person", "t|1");
    PQfinish(c);
}

static void collect_notice(void *arg, const PGresult *r)
{
    char *buf = arg;
    const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    size_t n = strlen(buf);
    snprintf(buf + n, 2048 - n, "%s %s: %s\n", sev ? sev : "?", state ? state : "?",
             msg ? msg : "?");
}

/* ALTER ... IF [NOT] EXISTS that skips sends PostgreSQL's NOTICE, with its SQLSTATE. */
Test(app_ddl, alter_if_exists_skips_send_a_notice)
{
    PGconn *c = e2e_connect(NULL);
    char notices[2048] = "";
    PQsetNoticeReceiver(c, collect_notice, notices);
    e2e_ok(c, "CREATE TABLE posts (id int, slug text)");
    e2e_ok(c, "CREATE TABLE IF NOT EXISTS posts (id int)");
    e2e_ok(c, "ALTER TABLE posts ADD COLUMN IF NOT EXISTS slug text");
    e2e_ok(c, "ALTER TABLE posts DROP COLUMN IF EXISTS nosuch");
    e2e_ok(c, "ALTER TABLE posts DROP CONSTRAINT IF EXISTS nosuch");
    e2e_ok(c, "ALTER TABLE IF EXISTS nosuch ADD COLUMN a int");
    e2e_ok(c, "ALTER TABLE IF EXISTS nosuch RENAME TO x");
    e2e_ok(c, "ALTER INDEX IF EXISTS nosuch RENAME TO x");
    e2e_ok(c, "ALTER VIEW IF EXISTS nosuch RENAME TO x");
    cr_expect_str_eq(
        notices, "NOTICE 42P07: relation \"posts\" already exists, skipping\n"
                 "NOTICE 42701: column \"slug\" of relation \"posts\" already exists, skipping\n"
                 "NOTICE 00000: column \"nosuch\" of relation \"posts\" does not exist, "
                 "skipping\n"
                 "NOTICE 00000: constraint \"nosuch\" of relation \"posts\" does not exist, "
                 "skipping\n"
                 "NOTICE 00000: relation \"nosuch\" does not exist, skipping\n"
                 "NOTICE 00000: relation \"nosuch\" does not exist, skipping\n"
                 "NOTICE 00000: relation \"nosuch\" does not exist, skipping\n"
                 "NOTICE 00000: relation \"nosuch\" does not exist, skipping\n");
    e2e_expect_error(c, "ALTER VIEW posts RENAME TO x", "42809");
    e2e_expect_error(c, "ALTER VIEW nosuch RENAME TO x", "42P01");
    PQfinish(c);
}

Test(app_ddl, alter_view_rename_column)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE e (id int)");
    e2e_ok(c, "INSERT INTO e VALUES (1)");
    e2e_ok(c, "CREATE VIEW ev2 AS SELECT id, 'a'::text AS lit, 2 AS extra FROM e");
    e2e_ok(c, "ALTER VIEW ev2 RENAME COLUMN extra TO extra2");
    e2e_expect_error(c, "ALTER VIEW ev2 RENAME COLUMN nosuch TO x", "42703");
    e2e_expect_error(c, "ALTER VIEW ev2 RENAME COLUMN lit TO id", "42701");
    e2e_ok(c, "ALTER TABLE ev2 RENAME TO ev3");
    e2e_expect_rows(c, "SELECT extra2, lit, id FROM ev3", "2|a|1");
    e2e_expect_rows(c,
                    "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                    "information_schema.columns WHERE table_name = 'ev3'",
                    "id,lit,extra2");
    PQfinish(c);
}

/* A unique index is no constraint (pg_constraint, information_schema), yet a foreign key may
 * reference its columns and a violation names it. */
Test(app_ddl, a_unique_index_is_not_a_constraint)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE t (id int PRIMARY KEY, k text)");
    e2e_ok(c, "CREATE UNIQUE INDEX t_k ON t (k)");
    e2e_expect_rows(c, "SELECT conname, contype FROM pg_constraint WHERE conrelid = 't'::regclass",
                    "t_pkey|p");
    e2e_expect_rows(c,
                    "SELECT constraint_name FROM information_schema.table_constraints WHERE "
                    "table_name = 't' AND constraint_type <> 'CHECK'",
                    "t_pkey");
    e2e_expect_rows(c,
                    "SELECT string_agg(constraint_name, ',') FROM "
                    "information_schema.key_column_usage WHERE table_name = 't'",
                    "t_pkey");
    /* NOT NULL columns (the key's too) are CHECK rows "<nsp oid>_<table oid>_<attnum>_not_null" */
    e2e_expect_rows(c,
                    "SELECT constraint_name = '2200_' || 't'::regclass::oid || '_1_not_null' FROM "
                    "information_schema.table_constraints WHERE table_name = 't' AND "
                    "constraint_type = 'CHECK'",
                    "t");
    e2e_ok(c, "CREATE TABLE r (k text REFERENCES t (k))");
    e2e_ok(c, "INSERT INTO t VALUES (1, 'a')");
    e2e_expect_error(c, "INSERT INTO t VALUES (2, 'a')", "23505");
    e2e_expect_error(c, "INSERT INTO r VALUES ('b')", "23503");
    e2e_expect_error(c, "DROP INDEX t_pkey", "2BP01");
    PQfinish(c);
}

/* pg_indexes / pg_get_indexdef print the method, COLLATE, operator classes and storage
 * parameters an index was made with (schema dumpers read them back), and a partial index's
 * WHERE after them. */
Test(app_ddl, indexdef_keeps_method_opclass_collate_and_options)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE it (id int, name text, sku text, price int)");
    e2e_ok(c, "CREATE INDEX it1 ON it (name text_pattern_ops DESC NULLS LAST, "
              "lower(name) COLLATE \"C\")");
    e2e_ok(c, "CREATE INDEX it2 ON it USING hash (sku)");
    e2e_ok(c, "CREATE INDEX it3 ON it (sku) INCLUDE (id) WITH (deduplicate_items = off, "
              "fillfactor = 50) WHERE price > 0");
    e2e_expect_rows(c, "SELECT indexdef FROM pg_indexes WHERE tablename = 'it' ORDER BY 1",
                    "CREATE INDEX it1 ON public.it USING btree (name text_pattern_ops DESC NULLS "
                    "LAST, lower(name) COLLATE \"C\");"
                    "CREATE INDEX it2 ON public.it USING hash (sku);"
                    "CREATE INDEX it3 ON public.it USING btree (sku) INCLUDE (id) WITH "
                    "(deduplicate_items=off, fillfactor='50') WHERE (price > 0)");
    e2e_expect_rows(c, "SELECT pg_get_indexdef('it1'::regclass, 1, false)", "name");
    PQfinish(c);
}

Test(app_ddl, create_table_like_including_identity)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
              "email text NOT NULL, active boolean NOT NULL DEFAULT true)");
    e2e_ok(c, "INSERT INTO users (email) VALUES ('a')");
    e2e_ok(c, "CREATE TABLE t_like (LIKE users INCLUDING ALL)");
    e2e_ok(c, "INSERT INTO t_like (email) VALUES ('z'), ('y')");
    e2e_expect_rows(c, "SELECT id, email, active FROM t_like ORDER BY id", "1|z|t;2|y|t");
    e2e_expect_error(c, "INSERT INTO t_like (id, email) VALUES (5, 'x')", "428C9");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('t_like', 'id')", "public.t_like_id_seq");
    e2e_expect_error(c, "SELECT pg_get_serial_sequence('nonexist', 'id')", "42P01");
    e2e_expect_error(c, "SELECT pg_get_serial_sequence('t_like', 'nocol')", "42703");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('t_like', 'email') IS NULL", "t");
    e2e_ok(c, "CREATE TABLE t_plain (LIKE users)");
    e2e_expect_error(c, "INSERT INTO t_plain (email) VALUES ('x')", "23502");
    PQfinish(c);
}

Test(app_ddl, add_primary_key_and_unique_constraints)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE nopk (a text, b text)");
    e2e_ok(c, "INSERT INTO nopk VALUES ('1', 'x'), (NULL, 'y')");
    e2e_expect_error(c, "ALTER TABLE nopk ADD PRIMARY KEY (a)", "23502");
    e2e_ok(c, "DELETE FROM nopk WHERE a IS NULL");
    e2e_ok(c, "ALTER TABLE nopk ADD PRIMARY KEY (a)");
    e2e_expect_error(c, "INSERT INTO nopk VALUES (NULL, 'z')", "23502");
    e2e_expect_error(c, "ALTER TABLE nopk ADD CONSTRAINT nopk_pk2 PRIMARY KEY (b)", "42P16");
    e2e_ok(c, "ALTER TABLE nopk DROP CONSTRAINT nopk_pkey");
    e2e_expect_error(c, "INSERT INTO nopk VALUES (NULL, 'z')", "23502"); /* NOT NULL stays */
    e2e_ok(c, "ALTER TABLE nopk ADD CONSTRAINT nopk_b_uq UNIQUE (b)");
    e2e_expect_error(c, "ALTER TABLE nopk ADD CONSTRAINT nopk_b_uq UNIQUE (b)", "42P07");
    /* ON CONFLICT naming columns only a partial unique index covers */
    e2e_ok(c, "CREATE TABLE jobs (id serial PRIMARY KEY, key text, status text)");
    e2e_ok(c, "CREATE UNIQUE INDEX jobs_key_active ON jobs (key) WHERE status = 'active'");
    e2e_expect_error(
        c, "INSERT INTO jobs (key, status) VALUES ('k', 'a') ON CONFLICT (key) DO NOTHING",
        "42P10");
    PQfinish(c);
}

static void collect_detail(void *arg, const PGresult *r)
{
    char *buf = arg;
    const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    size_t n = strlen(buf);
    snprintf(buf + n, 2048 - n, "%s|%s\n", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
             detail ? detail : "");
}

/* A DROP that other objects depend on names them, quoted as PostgreSQL quotes identifiers;
 * with CASCADE one NOTICE lists what went with it. */
Test(app_ddl, drop_names_its_dependents)
{
    PGconn *c = e2e_connect(NULL);
    char notices[2048] = "";
    PQsetNoticeReceiver(c, collect_detail, notices);
    e2e_ok(c, "CREATE TABLE \"User\" (id text PRIMARY KEY)");
    e2e_ok(c, "CREATE TABLE \"Post\" (id serial PRIMARY KEY, \"authorId\" text REFERENCES "
              "\"User\")");
    e2e_ok(c, "CREATE VIEW uv AS SELECT id FROM \"User\"");
    e2e_ok(c, "CREATE VIEW uv2 AS SELECT id FROM uv");
    PGresult *r = PQexec(c, "DROP TABLE \"User\"");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "2BP01");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "cannot drop table \"User\" because other objects depend on it");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL),
                     "constraint Post_authorId_fkey on table \"Post\" depends on table \"User\"\n"
                     "view uv depends on table \"User\"\n"
                     "view uv2 depends on view uv");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_HINT),
                     "Use DROP ... CASCADE to drop the dependent objects too.");
    PQclear(r);
    e2e_ok(c, "DROP TABLE \"User\" CASCADE");
    cr_expect_str_eq(notices, "drop cascades to 3 other objects|"
                              "drop cascades to constraint Post_authorId_fkey on table \"Post\"\n"
                              "drop cascades to view uv\n"
                              "drop cascades to view uv2\n");
    PQfinish(c);
}

/* DROP's NOTICEs and errors as PostgreSQL words them. */
Test(app_ddl, drop_notices_and_errors)
{
    PGconn *c = e2e_connect(NULL);
    char notices[2048] = "";
    PQsetNoticeReceiver(c, collect_notice, notices);
    e2e_ok(c, "CREATE TABLE e (id int, x int)");
    e2e_ok(c, "CREATE VIEW ev AS SELECT id FROM e");
    e2e_ok(c, "CREATE VIEW ev2 AS SELECT * FROM ev");
    e2e_ok(c, "CREATE VIEW ex AS SELECT x FROM e");
    e2e_ok(c, "ALTER TABLE e DROP COLUMN x CASCADE");
    e2e_ok(c, "DROP TABLE e CASCADE");
    e2e_ok(c, "DROP FUNCTION IF EXISTS f1()");
    e2e_ok(c, "DROP FUNCTION IF EXISTS f2(int, text)");
    e2e_ok(c, "CREATE SEQUENCE shared_seq");
    e2e_ok(c, "CREATE TABLE ss1 (id int DEFAULT nextval('shared_seq'), v int)");
    e2e_expect_error(c, "DROP SEQUENCE shared_seq", "2BP01");
    e2e_ok(c, "DROP SEQUENCE shared_seq CASCADE");
    e2e_ok(c, "INSERT INTO ss1 (v) VALUES (1)");
    e2e_expect_rows(c, "SELECT id, v FROM ss1", "-|1");
    cr_expect_str_eq(notices,
                     "NOTICE 00000: drop cascades to view ex\n"
                     "NOTICE 00000: drop cascades to 2 other objects\n"
                     "NOTICE 00000: function f1() does not exist, skipping\n"
                     "NOTICE 00000: function f2(pg_catalog.int4,text) does not exist, skipping\n"
                     "NOTICE 00000: drop cascades to default value for column id of table ss1\n");
    e2e_ok(c, "CREATE TABLE t (id int)");
    e2e_expect_error(c, "DROP SEQUENCE t", "42809");
    PGresult *r = PQexec(c, "DROP TABLE nosuch");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "table \"nosuch\" does not exist");
    PQclear(r);
    PQfinish(c);
}

/* The catalogs show a foreign key's DEFERRABLE / INITIALLY DEFERRED. */
Test(app_ddl, deferrable_foreign_keys_in_the_catalogs)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE dp (id int PRIMARY KEY)");
    e2e_ok(c, "CREATE TABLE dc (id int PRIMARY KEY, pid int REFERENCES dp (id) DEFERRABLE "
              "INITIALLY DEFERRED, \"Odd, name\" int)");
    e2e_ok(c, "CREATE TABLE dc2 (id int, pid int, CONSTRAINT dc2_fk FOREIGN KEY (pid) REFERENCES "
              "dp (id) DEFERRABLE INITIALLY IMMEDIATE)");
    e2e_ok(c, "CREATE TABLE dc3 (id int, pid int REFERENCES dp)");
    e2e_ok(c, "ALTER TABLE dc3 ADD CONSTRAINT dc3_late FOREIGN KEY (id) REFERENCES dp (id) "
              "ON DELETE CASCADE DEFERRABLE");
    e2e_expect_rows(c,
                    "SELECT conname, condeferrable, condeferred, pg_get_constraintdef(oid) FROM "
                    "pg_constraint WHERE contype = 'f' ORDER BY conname",
                    "dc2_fk|t|f|FOREIGN KEY (pid) REFERENCES dp(id) DEFERRABLE;"
                    "dc3_late|t|f|FOREIGN KEY (id) REFERENCES dp(id) ON DELETE CASCADE DEFERRABLE;"
                    "dc3_pid_fkey|f|f|FOREIGN KEY (pid) REFERENCES dp(id);"
                    "dc_pid_fkey|t|t|FOREIGN KEY (pid) REFERENCES dp(id) DEFERRABLE INITIALLY "
                    "DEFERRED");
    e2e_expect_rows(c,
                    "SELECT constraint_name, is_deferrable, initially_deferred FROM "
                    "information_schema.table_constraints WHERE constraint_type = 'FOREIGN KEY' "
                    "ORDER BY 1",
                    "dc2_fk|YES|NO;dc3_late|YES|NO;dc3_pid_fkey|NO|NO;dc_pid_fkey|YES|YES");
    PQfinish(c);
}

/* The message and DETAIL of an error (or "ok"), as "SQLSTATE message / detail". */
static char *error_of(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    char *out = calloc(1, 512);
    if (PQresultStatus(r) == PGRES_FATAL_ERROR) {
        const char *d = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
        snprintf(out, 512, "%s %s / %s", PQresultErrorField(r, PG_DIAG_SQLSTATE),
                 PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), d ? d : "-");
    } else {
        snprintf(out, 512, "ok");
    }
    PQclear(r);
    return out;
}

static void expect_error(PGconn *c, const char *sql, const char *want)
{
    char *got = error_of(c, sql);
    cr_expect_str_eq(got, want, "%s", sql);
    free(got);
}

/* Migrations that add keys to a table other tables reference (users, referenced by posts):
 * UNIQUE constraints (also with a new column) and foreign keys are added in place, the rows
 * are checked first as PostgreSQL checks them, and the keys then hold. */
Test(app_ddl, keys_added_to_a_referenced_table)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE users (id serial PRIMARY KEY, email text, code text UNIQUE)");
    e2e_ok(c, "CREATE TABLE posts (id serial PRIMARY KEY, user_id int REFERENCES users (id))");
    e2e_ok(c, "CREATE TABLE teams (id serial PRIMARY KEY)");
    e2e_ok(c, "INSERT INTO users (email, code) VALUES ('a', 'x'), ('b', 'y'), ('b', 'z')");
    e2e_ok(c, "INSERT INTO posts (user_id) VALUES (1), (3)");
    expect_error(c, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)",
                 "23505 could not create unique index \"users_email_key\" / "
                 "Key (email)=(b) is duplicated.");
    e2e_ok(c, "UPDATE users SET email = 'c' WHERE code = 'z'");
    e2e_ok(c, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)");
    expect_error(c, "INSERT INTO users (email, code) VALUES ('a', 'q')",
                 "23505 duplicate key value violates unique constraint \"users_email_key\" / "
                 "Key (email)=(a) already exists.");
    expect_error(c, "ALTER TABLE users ADD COLUMN nick text UNIQUE DEFAULT 'k'",
                 "23505 could not create unique index \"users_nick_key\" / "
                 "Key (nick)=(k) is duplicated.");
    e2e_ok(c, "ALTER TABLE users ADD COLUMN handle text UNIQUE, ADD UNIQUE (email, code)");
    e2e_ok(c, "UPDATE users SET handle = 'h' || id");
    expect_error(c, "UPDATE users SET handle = 'same'",
                 "23505 duplicate key value violates unique constraint \"users_handle_key\" / "
                 "Key (handle)=(same) already exists.");
    e2e_ok(c, "ALTER TABLE users ADD COLUMN team_id int DEFAULT 7");
    expect_error(c,
                 "ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) "
                 "REFERENCES teams (id)",
                 "23503 insert or update on table \"users\" violates foreign key constraint "
                 "\"users_team_fk\" / Key (team_id)=(7) is not present in table \"teams\".");
    e2e_ok(c, "UPDATE users SET team_id = NULL");
    e2e_ok(c, "ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) "
              "REFERENCES teams (id)");
    expect_error(c, "UPDATE users SET team_id = 9 WHERE id = 1",
                 "23503 insert or update on table \"users\" violates foreign key constraint "
                 "\"users_team_fk\" / Key (team_id)=(9) is not present in table \"teams\".");
    e2e_expect_rows(c,
                    "SELECT conname, contype FROM pg_constraint WHERE conrelid = 'users'::regclass "
                    "ORDER BY 1",
                    "users_code_key|u;users_email_code_key|u;users_email_key|u;users_handle_key|u;"
                    "users_pkey|p;users_team_fk|f");
    e2e_expect_rows(c, "SELECT email, handle FROM users ORDER BY id", "a|h1;b|h2;c|h3");
    e2e_expect_rows(c, "SELECT count(*) FROM posts p JOIN users u ON u.id = p.user_id", "2");
    PQfinish(c);
}

/* More migrations of a referenced table: a UNIQUE constraint dropped (the ones after it keep
 * working), refused while another table's foreign key uses it (2BP01, as PostgreSQL), a
 * primary key retyped to bigint, serial columns added (existing rows numbered). */
Test(app_ddl, keys_dropped_and_columns_changed_on_a_referenced_table)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE users (id serial PRIMARY KEY, a text UNIQUE, b text UNIQUE, "
              "c text UNIQUE)");
    e2e_ok(c,
           "CREATE TABLE posts (user_id int REFERENCES users (id), ub text REFERENCES users (b))");
    e2e_ok(c, "INSERT INTO users (a, b, c) VALUES ('a1', 'b1', 'c1'), ('a2', 'b2', 'c2')");
    e2e_ok(c, "INSERT INTO posts VALUES (1, 'b1')");
    expect_error(c, "ALTER TABLE users DROP CONSTRAINT users_b_key",
                 "2BP01 cannot drop constraint users_b_key on table users because other objects "
                 "depend on it / constraint posts_ub_fkey on table posts depends on index "
                 "users_b_key");
    e2e_ok(c, "ALTER TABLE users DROP CONSTRAINT users_a_key");
    e2e_ok(c, "INSERT INTO users (a, b, c) VALUES ('a1', 'b3', 'c3')");
    expect_error(c, "INSERT INTO users (a, b, c) VALUES ('a4', 'b4', 'c1')",
                 "23505 duplicate key value violates unique constraint \"users_c_key\" / "
                 "Key (c)=(c1) already exists.");
    expect_error(c, "INSERT INTO users (a, b, c) VALUES ('a4', 'b1', 'c4')",
                 "23505 duplicate key value violates unique constraint \"users_b_key\" / "
                 "Key (b)=(b1) already exists.");
    e2e_ok(c, "ALTER TABLE users ALTER COLUMN id TYPE bigint");
    e2e_ok(c, "ALTER TABLE users ADD COLUMN n serial");
    e2e_ok(c, "INSERT INTO users (a, b, c) VALUES ('a5', 'b5', 'c5')");
    e2e_ok(c, "INSERT INTO posts SELECT id, b FROM users WHERE a = 'a5'");
    e2e_expect_rows(c, "SELECT a, n FROM users ORDER BY n", "a1|1;a2|2;a1|3;a5|4");
    e2e_expect_rows(c,
                    "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                    "WHERE a.attrelid = 'users'::regclass AND a.attname IN ('id', 'n') ORDER BY 1",
                    "id|bigint;n|integer");
    e2e_expect_rows(
        c, "SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass ORDER BY 1",
        "users_b_key;users_c_key;users_pkey");
    /* a column with a UNIQUE of its own is dropped with it */
    e2e_ok(c, "ALTER TABLE users ADD COLUMN u text UNIQUE");
    e2e_ok(c, "UPDATE users SET u = 'same' WHERE id = 1");
    e2e_expect_error(c, "UPDATE users SET u = 'same'", "23505");
    e2e_ok(c, "ALTER TABLE users DROP COLUMN c");
    e2e_ok(c, "ALTER TABLE users DROP COLUMN u");
    e2e_ok(c, "INSERT INTO users (a, b) VALUES ('a9', 'b9')");
    e2e_expect_rows(
        c, "SELECT conname FROM pg_constraint WHERE conrelid = 'users'::regclass ORDER BY 1",
        "users_b_key;users_pkey");
    /* CHECK ... NOT VALID leaves the rows as they are; VALIDATE finds the bad one */
    e2e_ok(c, "ALTER TABLE users ADD CONSTRAINT a_short CHECK (length(a) < 2) NOT VALID");
    e2e_expect_error(c, "INSERT INTO users (a, b) VALUES ('long', 'b10')", "23514");
    e2e_expect_error(c, "ALTER TABLE users VALIDATE CONSTRAINT a_short", "23514");
    e2e_ok(c, "ALTER TABLE users DROP CONSTRAINT a_short");
    e2e_ok(c, "ALTER TABLE users ADD COLUMN bal numeric(10,2) DEFAULT 0");
    e2e_ok(c, "ALTER TABLE users ALTER COLUMN bal TYPE integer USING bal::integer");
    e2e_expect_rows(c,
                    "SELECT column_default, data_type FROM information_schema.columns WHERE "
                    "table_name = 'users' AND column_name = 'bal'",
                    "0|integer");
    PQfinish(c);
}

/* Stored generated columns: added to a referenced table in place (each row's value
 * computed, NOT NULL checked against them, 23502), then kept up to date; their expression
 * reads back from pg_attrdef and information_schema as PostgreSQL prints it. */
Test(app_ddl, generated_columns_added_and_described)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE acct (id serial PRIMARY KEY, qty int, name text)");
    e2e_ok(c, "CREATE TABLE inv (acct_id int REFERENCES acct (id))");
    e2e_ok(c, "INSERT INTO acct (qty, name) VALUES (2, 'a'), (NULL, 'b')");
    e2e_ok(c, "INSERT INTO inv VALUES (1)");
    e2e_ok(c, "ALTER TABLE acct ADD COLUMN twice int GENERATED ALWAYS AS (qty * 2 + 1) STORED");
    expect_error(c,
                 "ALTER TABLE acct ADD COLUMN q2 int GENERATED ALWAYS AS (qty * 2) STORED "
                 "NOT NULL",
                 "23502 column \"q2\" of relation \"acct\" contains null values / -");
    e2e_ok(c, "ALTER TABLE acct ADD COLUMN shout text GENERATED ALWAYS AS (upper(name)) STORED");
    e2e_expect_rows(c, "SELECT id, twice, shout FROM acct ORDER BY id", "1|5|A;2|-|B");
    e2e_ok(c, "UPDATE acct SET qty = 10, name = 'z' WHERE id = 2");
    e2e_ok(c, "INSERT INTO acct (qty, name) VALUES (1, 'c')");
    e2e_expect_rows(c, "SELECT id, twice, shout FROM acct ORDER BY id", "1|5|A;2|21|Z;3|3|C");
    e2e_expect_error(c, "UPDATE acct SET twice = 1", "428C9");
    e2e_expect_rows(c,
                    "SELECT a.attname, a.attgenerated, pg_get_expr(d.adbin, d.adrelid, true) FROM "
                    "pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = "
                    "a.attnum WHERE a.attrelid = 'acct'::regclass AND a.attgenerated <> '' "
                    "ORDER BY a.attnum",
                    "twice|s|qty * 2 + 1;shout|s|upper(name)");
    e2e_expect_rows(c,
                    "SELECT column_name, is_generated FROM information_schema.columns WHERE "
                    "table_name = 'acct' ORDER BY ordinal_position",
                    "id|NEVER;qty|NEVER;name|NEVER;twice|ALWAYS;shout|ALWAYS");
    PQfinish(c);
}
