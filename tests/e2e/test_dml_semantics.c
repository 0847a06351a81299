/* test_dml_semantics.c - PostgreSQL's semantics of data-modifying statements and the DDL
 * they depend on: data-modifying WITH items, ON CONFLICT checks and xmax, generated and
 * defaulted columns, non-transactional sequences, deferred/restricting foreign keys and
 * CHECKs added to referenced tables, updatable views with CHECK OPTION, view dependencies
 * on DROP, CREATE TABLE ... LIKE. Each expectation is what PostgreSQL 15 answers. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(dml, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void expect_tag(PGconn *c, const char *sql, const char *tag)
{
    PGresult *r = PQexec(c, sql);
    cr_expect(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK,
              "%s: %s", sql, PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), tag, "%s", sql);
    PQclear(r);
}

Test(dml, data_modifying_with)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE it (id int PRIMARY KEY, price numeric(8,2))");
    e2e_ok(c, "CREATE TABLE gone (id int, price numeric(8,2), why text)");
    e2e_ok(c, "INSERT INTO it VALUES (1, 0.5), (2, 3), (3, 7.25), (4, 0)");
    expect_tag(c,
               "WITH g AS (DELETE FROM it WHERE price < 1 RETURNING id, price) "
               "INSERT INTO gone SELECT id, price, 'cheap' FROM g",
               "INSERT 0 2");
    e2e_expect_rows(c, "SELECT id, price, why FROM gone ORDER BY id", "1|0.50|cheap;4|0.00|cheap");
    e2e_expect_rows(c, "SELECT count(*) FROM it", "2");
    e2e_expect_rows(c,
                    "WITH r AS (UPDATE it SET price = price * 2 RETURNING id, price) "
                    "SELECT count(*), sum(price) FROM r",
                    "2|20.50");
    e2e_expect_rows(c,
                    "WITH a AS (INSERT INTO it VALUES (9, 1) RETURNING id) "
                    "SELECT a.id, it.price FROM a JOIN it ON it.id = a.id - 7",
                    "9|6.00");
    /* zero rows: the columns are still described */
    PGresult *r = e2e_exec(c,
                           "WITH d AS (DELETE FROM it WHERE false RETURNING id AS k) "
                           "SELECT * FROM d",
                           PGRES_TUPLES_OK);
    cr_expect_eq(PQntuples(r), 0);
    cr_expect_eq(PQnfields(r), 1);
    cr_expect_str_eq(PQfname(r, 0), "k");
    PQclear(r);
    /* parameters reach the data-modifying item */
    const char *p[1] = {"9"};
    r = PQexecParams(c, "WITH d AS (DELETE FROM it WHERE id = $1 RETURNING id) SELECT id FROM d", 1,
                     NULL, p, NULL, NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_expect_eq(PQntuples(r), 1);
    PQclear(r);
    /* a failing main statement undoes the item too */
    e2e_expect_error(c,
                     "WITH d AS (DELETE FROM it RETURNING id) INSERT INTO it VALUES (5, 0), "
                     "(5, 0)",
                     "23505");
    e2e_expect_rows(c, "SELECT count(*) FROM it", "2");
    PQfinish(c);
}

Test(dml, on_conflict_checks_and_xmax)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE hits (path text PRIMARY KEY, n bigint NOT NULL DEFAULT 0, note text)");
    e2e_ok(c, "INSERT INTO hits VALUES ('/', 1, NULL)");
    e2e_expect_rows(c,
                    "INSERT INTO hits (path, n) VALUES ('/', 5), ('/d', 2) ON CONFLICT (path) "
                    "DO UPDATE SET n = hits.n + EXCLUDED.n RETURNING path, n, (xmax = 0) AS ins",
                    "/|6|f;/d|2|t");
    e2e_expect_error(c,
                     "INSERT INTO hits (path, n) VALUES ('/x', 1), ('/x', 2) "
                     "ON CONFLICT (path) DO UPDATE SET n = EXCLUDED.n",
                     "21000");
    e2e_expect_error(c, "INSERT INTO hits (path) VALUES ('/y') ON CONFLICT (note) DO NOTHING",
                     "42P10");
    e2e_expect_rows(c, "SELECT count(*) FROM hits", "2");
    /* a partial unique index is an arbiter only with its WHERE; an expression needs one */
    e2e_ok(c, "CREATE UNIQUE INDEX hits_note ON hits (note) WHERE n > 0");
    e2e_expect_error(c,
                     "INSERT INTO hits (path, note) VALUES ('/y', 'a') ON CONFLICT (note) "
                     "DO NOTHING",
                     "42P10");
    e2e_expect_error(c,
                     "INSERT INTO hits (path) VALUES ('/y') ON CONFLICT (lower(path)) "
                     "DO NOTHING",
                     "42P10");
    e2e_expect_rows(c,
                    "INSERT INTO hits (path, n, note) VALUES ('/z', 1, 'a') ON CONFLICT (note) "
                    "WHERE n > 0 DO NOTHING RETURNING *, true AS ok",
                    "/z|1|a|t");
    PQfinish(c);
}

/* A value for a generated or GENERATED ALWAYS identity column: PostgreSQL's DETAIL says
 * which kind it is (and only the identity INSERT gets the OVERRIDING hint). */
static void expect_detail(PGconn *c, const char *sql, const char *detail, const char *hint)
{
    PGresult *r = PQexec(c, sql);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "428C9", "%s", sql);
    const char *d = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    const char *h = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
    cr_expect_str_eq(d ? d : "", detail, "%s", sql);
    cr_expect_str_eq(h ? h : "", hint, "%s", sql);
    PQclear(r);
}

Test(dml, generated_and_identity_errors_say_which)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE gd (id int GENERATED ALWAYS AS IDENTITY, a int, "
              "b int GENERATED ALWAYS AS (a * 2) STORED)");
    expect_detail(c, "INSERT INTO gd (a, b) VALUES (1, 2)", "Column \"b\" is a generated column.",
                  "");
    expect_detail(c, "UPDATE gd SET b = 1", "Column \"b\" is a generated column.", "");
    expect_detail(c, "INSERT INTO gd (id, a) VALUES (1, 2)",
                  "Column \"id\" is an identity column defined as GENERATED ALWAYS.",
                  "Use OVERRIDING SYSTEM VALUE to override.");
    expect_detail(c, "UPDATE gd SET id = 9",
                  "Column \"id\" is an identity column defined as GENERATED ALWAYS.", "");
    /* MERGE's INSERT without a column list counts the generated column */
    expect_tag(c,
               "MERGE INTO gd USING (SELECT 5 AS a) s ON gd.a = s.a "
               "WHEN NOT MATCHED THEN INSERT VALUES (DEFAULT, s.a, DEFAULT)",
               "MERGE 1");
    e2e_expect_rows(c, "SELECT id, a, b FROM gd", "1|5|10");
    e2e_expect_error(c,
                     "MERGE INTO gd USING (SELECT 6 AS a) s ON gd.a = s.a "
                     "WHEN NOT MATCHED THEN INSERT VALUES (DEFAULT, s.a, DEFAULT, 1)",
                     "42601");
    e2e_expect_error(c,
                     "MERGE INTO gd USING (SELECT 6 AS a) s ON gd.a = s.a "
                     "WHEN NOT MATCHED THEN INSERT (a, b) VALUES (s.a)",
                     "42601");
    PQfinish(c);
}

Test(dml, generated_defaults_and_sequences)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE pj (id serial PRIMARY KEY, pages int NOT NULL DEFAULT 4, "
              "sheets int GENERATED ALWAYS AS (pages / 2) STORED, flag boolean DEFAULT true)");
    e2e_expect_error(c, "INSERT INTO pj (pages, sheets) VALUES (10, 5)", "428C9");
    e2e_expect_error(c, "UPDATE pj SET sheets = 1", "428C9");
    e2e_ok(c, "INSERT INTO pj (pages, flag) VALUES (10, false), (DEFAULT, DEFAULT)");
    e2e_expect_rows(c, "SELECT id, pages, sheets, flag FROM pj ORDER BY id", "1|10|5|f;2|4|2|t");
    e2e_ok(c, "CREATE SEQUENCE sq START 1 INCREMENT 10");
    e2e_ok(c, "SELECT nextval('sq')");
    e2e_ok(c, "ALTER SEQUENCE sq RESTART WITH 1");
    e2e_ok(c, "BEGIN");
    e2e_expect_rows(c, "SELECT nextval('sq')", "1");
    e2e_ok(c, "ROLLBACK");
    e2e_expect_rows(c, "SELECT nextval('sq')", "11");
    e2e_ok(c, "ALTER SEQUENCE sq RESTART WITH 1");
    e2e_expect_rows(c, "SELECT nextval('sq')", "1");
    PQfinish(c);
}

/* A failed insert takes one value per row it tried, as in PostgreSQL, even though the
 * server re-runs it to find the key of its DETAIL line. */
Test(dml, failed_inserts_take_one_sequence_value)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE s2 (id serial PRIMARY KEY, v text UNIQUE)");
    e2e_ok(c, "CREATE TABLE p2 (id int PRIMARY KEY)");
    e2e_ok(c, "CREATE TABLE c2 (id serial PRIMARY KEY, pid int REFERENCES p2(id))");
    e2e_ok(c, "INSERT INTO s2 (v) VALUES ('a')");
    PGresult *r = PQexec(c, "INSERT INTO s2 (v) VALUES ('a')");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL), "Key (v)=(a) already exists.");
    PQclear(r);
    e2e_expect_rows(c, "SELECT currval('s2_id_seq')", "2");
    e2e_expect_error(c, "INSERT INTO s2 (v) VALUES ('b'), ('c'), ('a')", "23505");
    e2e_expect_rows(c, "INSERT INTO s2 (v) VALUES ('d') RETURNING id", "6");
    e2e_expect_error(c, "INSERT INTO c2 (pid) VALUES (1)", "23503");
    e2e_expect_rows(c, "INSERT INTO p2 VALUES (1) RETURNING (SELECT nextval('c2_id_seq'))", "2");
    PQfinish(c);
}

Test(dml, foreign_keys)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE p (id int PRIMARY KEY, q int)");
    e2e_ok(c, "CREATE TABLE ch (id int, pid int REFERENCES p ON DELETE CASCADE)");
    e2e_ok(c, "CREATE TABLE rs (id int, pid int REFERENCES p ON DELETE RESTRICT)");
    e2e_ok(c, "CREATE TABLE o (id int PRIMARY KEY, pid int REFERENCES p DEFERRABLE INITIALLY "
              "DEFERRED)");
    e2e_ok(c, "INSERT INTO p VALUES (1, 5), (2, 1)");
    e2e_ok(c, "INSERT INTO ch VALUES (1, 1), (2, 2)");
    e2e_ok(c, "INSERT INTO rs VALUES (1, 2)");
    e2e_expect_error(c, "DELETE FROM p WHERE id = 2", "23503");
    /* deferred: checked at COMMIT, which fails and rolls back */
    e2e_ok(c, "BEGIN");
    e2e_ok(c, "INSERT INTO o VALUES (10, 3)");
    e2e_ok(c, "INSERT INTO p VALUES (3, 0)");
    e2e_ok(c, "COMMIT");
    e2e_ok(c, "BEGIN");
    e2e_ok(c, "INSERT INTO o VALUES (11, 4)");
    e2e_expect_error(c, "COMMIT", "23503");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    e2e_expect_rows(c, "SELECT id FROM o ORDER BY id", "10");
    e2e_expect_error(c, "INSERT INTO o VALUES (12, 5)", "23503");
    /* CHECK added to a referenced table: existing rows validated, children untouched */
    e2e_expect_error(c, "ALTER TABLE p ADD CONSTRAINT p_small CHECK (q < 4)", "23514");
    e2e_ok(c, "ALTER TABLE p ADD CONSTRAINT p_mid CHECK (q < 9)");
    e2e_expect_error(c, "INSERT INTO p VALUES (4, 10)", "23514");
    e2e_ok(c, "INSERT INTO p VALUES (5, NULL)");
    e2e_expect_error(c, "ALTER TABLE p ALTER COLUMN q SET NOT NULL", "23502");
    e2e_expect_rows(c, "SELECT count(*) FROM ch", "2");
    e2e_ok(c, "ALTER TABLE p DROP CONSTRAINT p_mid");
    e2e_ok(c, "INSERT INTO p VALUES (4, 10)");
    PQfinish(c);
}

Test(dml, updatable_views_and_dependencies)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE a (id serial PRIMARY KEY, title text NOT NULL, views int NOT NULL "
              "DEFAULT 0)");
    e2e_ok(c, "INSERT INTO a (title, views) VALUES ('x', 10), ('y', 2000)");
    e2e_ok(c, "CREATE VIEW ed AS SELECT id, title, views FROM a WHERE views < 1000 "
              "WITH CHECK OPTION");
    e2e_ok(c, "CREATE VIEW agg AS SELECT count(*) AS n FROM a");
    expect_tag(c, "INSERT INTO ed (id, title, views) VALUES (6, 'v', 0), (7, 'w', 5)",
               "INSERT 0 2");
    e2e_expect_error(c, "INSERT INTO ed (id, title, views) VALUES (8, 'big', 5000)", "44000");
    e2e_expect_error(c, "UPDATE ed SET views = 2000 WHERE id = 6", "44000");
    expect_tag(c, "UPDATE ed SET views = views + 1", "UPDATE 3");
    expect_tag(c, "DELETE FROM ed WHERE views > 5", "DELETE 2");
    e2e_expect_error(c, "INSERT INTO agg VALUES (1)", "55000");
    e2e_expect_rows(c, "SELECT id, views FROM a ORDER BY id", "2|2000;6|1");
    e2e_expect_error(c, "DROP TABLE a", "2BP01");
    e2e_ok(c, "DROP TABLE a CASCADE");
    e2e_expect_rows(c, "SELECT count(*) FROM pg_views WHERE viewname IN ('ed', 'agg')", "0");
    PQfinish(c);
}

/* RETURNING * of a view shows the view's columns, in the view's order. */
Test(dml, returning_star_of_a_view)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE it (id serial PRIMARY KEY, name text, price numeric(8,2), "
              "active bool DEFAULT true)");
    e2e_ok(c, "CREATE VIEW live AS SELECT price, id, name FROM it WHERE active");
    e2e_expect_rows(c, "INSERT INTO live (name, price) VALUES ('a', 1.5) RETURNING *", "1.50|1|a");
    e2e_expect_rows(c, "UPDATE live SET price = 2 RETURNING live.*, id * 10", "2.00|1|a|10");
    e2e_expect_rows(c, "DELETE FROM live RETURNING *", "2.00|1|a");
    PQfinish(c);
}

Test(dml, create_table_like)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE s (uid int NOT NULL, k text NOT NULL, v text DEFAULT 'x', "
              "rev int NOT NULL DEFAULT 1 CHECK (rev > 0), PRIMARY KEY (uid, k))");
    e2e_ok(c, "CREATE TABLE s1 (LIKE s INCLUDING DEFAULTS, archived boolean NOT NULL DEFAULT "
              "true)");
    e2e_expect_rows(c, "INSERT INTO s1 (uid, k) VALUES (1, 'a') RETURNING v, rev, archived",
                    "x|1|t");
    e2e_expect_error(c, "INSERT INTO s1 DEFAULT VALUES", "23502");
    e2e_ok(c, "INSERT INTO s1 (uid, k, rev) VALUES (1, 'a', 0)"); /* no CHECK, no key copied */
    e2e_ok(c, "CREATE TABLE s2 (LIKE s INCLUDING ALL)");
    e2e_expect_error(c, "INSERT INTO s2 (uid, k, rev) VALUES (1, 'a', 0)", "23514");
    e2e_ok(c, "INSERT INTO s2 (uid, k) VALUES (1, 'a')");
    e2e_expect_error(c, "INSERT INTO s2 (uid, k) VALUES (1, 'a')", "23505");
    PQfinish(c);
}

Test(dml, update_from_returning_other_columns)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE u (id int PRIMARY KEY, handle text, plan text)");
    e2e_ok(c, "CREATE TABLE s (user_id int, key text, value text, rev int NOT NULL DEFAULT 1)");
    e2e_ok(c, "INSERT INTO u VALUES (1, 'ines', 'pro'), (2, 'omar', 'free')");
    e2e_ok(c, "INSERT INTO s VALUES (1, 'lang', 'es', 1), (2, 'lang', 'ar', 1), (1, 't', 'd', 1)");
    e2e_expect_rows(c,
                    "UPDATE s SET value = upper(s.value), rev = s.rev + 1 FROM u "
                    "WHERE u.id = s.user_id AND u.plan = 'pro' AND s.key = 'lang' "
                    "RETURNING u.handle, s.key, s.value, s.rev",
                    "ines|lang|ES|2");
    e2e_expect_rows(c,
                    "UPDATE s x SET rev = x.rev + 1 FROM u WHERE u.id = x.user_id AND x.key = 't' "
                    "RETURNING u.handle || ':' || x.key AS hk, u.id",
                    "ines:t|1");
    expect_tag(c, "UPDATE s SET value = 'z' FROM u WHERE false RETURNING u.handle", "UPDATE 0");
    e2e_expect_rows(c, "SELECT count(*) FROM s WHERE value = 'z'", "0");
    PQfinish(c);
}

/* Migrations on a table other tables reference: columns added with defaults (the existing
 * rows get them, as PostgreSQL computes them once), NOT NULL without one on a non-empty
 * table refused, columns dropped with their indexes; the children's rows and their
 * ON DELETE actions are untouched. */
Test(dml, alter_a_referenced_table)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE ar_p (id int PRIMARY KEY, name text)");
    e2e_ok(c, "CREATE TABLE ar_c (id int, p int REFERENCES ar_p (id) ON DELETE CASCADE)");
    e2e_ok(c, "CREATE INDEX ar_p_name ON ar_p (name)");
    e2e_ok(c,
           "INSERT INTO ar_p VALUES (1, 'a'), (2, 'b'); INSERT INTO ar_c VALUES (10, 1), (20, 2)");
    expect_tag(c, "ALTER TABLE ar_p ADD COLUMN score numeric(4,1) DEFAULT 2.25", "ALTER TABLE");
    expect_tag(c, "ALTER TABLE ar_p ADD COLUMN made timestamptz NOT NULL DEFAULT now()",
               "ALTER TABLE");
    expect_tag(c, "ALTER TABLE ar_p ADD COLUMN k int DEFAULT 5 CHECK (k > 0)", "ALTER TABLE");
    e2e_expect_error(c, "ALTER TABLE ar_p ADD COLUMN w int NOT NULL", "23502");
    e2e_expect_error(c, "ALTER TABLE ar_p ADD COLUMN k2 int DEFAULT -1 CHECK (k2 > 0)", "23514");
    e2e_expect_rows(c, "SELECT id, score, made IS NOT NULL, k FROM ar_p ORDER BY id",
                    "1|2.3|t|5;2|2.3|t|5");
    e2e_expect_rows(c, "SELECT count(DISTINCT made) FROM ar_p", "1");
    e2e_expect_error(c, "INSERT INTO ar_p (id, k) VALUES (3, 0)", "23514");
    expect_tag(c, "ALTER TABLE ar_p DROP COLUMN name", "ALTER TABLE");
    e2e_expect_rows(c, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ar_p_name'", "0");
    e2e_ok(c, "INSERT INTO ar_p (id) VALUES (3)");
    e2e_expect_rows(c, "SELECT id, score, k FROM ar_p WHERE id = 3", "3|2.3|5");
    e2e_ok(c, "DELETE FROM ar_p WHERE id = 1");
    e2e_expect_rows(c, "SELECT id, p FROM ar_c ORDER BY id", "20|2");
    e2e_expect_error(c, "INSERT INTO ar_c VALUES (30, 9)", "23503");
    /* retyping: the key widens, a varchar narrower than a stored value is 22001 */
    e2e_ok(c, "ALTER TABLE ar_p ADD COLUMN code varchar(10) DEFAULT 'abcdef'");
    expect_tag(c, "ALTER TABLE ar_p ALTER COLUMN id TYPE bigint", "ALTER TABLE");
    e2e_expect_error(c, "ALTER TABLE ar_p ALTER COLUMN code TYPE varchar(3)", "22001");
    expect_tag(c, "ALTER TABLE ar_p ALTER COLUMN code TYPE varchar(40)", "ALTER TABLE");
    expect_tag(c, "ALTER TABLE ar_p ALTER COLUMN score TYPE int USING (score * 10)::int",
               "ALTER TABLE");
    e2e_expect_rows(c,
                    "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                    "WHERE a.attrelid = 'ar_p'::regclass AND a.attname IN ('id', 'code', 'score') "
                    "ORDER BY a.attnum",
                    "id|bigint;score|integer;code|character varying(40)");
    e2e_expect_rows(c, "SELECT id, score, code FROM ar_p ORDER BY id", "2|23|abcdef;3|23|abcdef");
    /* a parent and its child dropped together, in either order */
    expect_tag(c, "DROP TABLE ar_p, ar_c", "DROP TABLE");
    e2e_expect_rows(c, "SELECT count(*) FROM pg_class WHERE relname IN ('ar_p', 'ar_c')", "0");
    PQfinish(c);
}

/* REFERENCES must name an existing table and a key of it, as PostgreSQL checks at CREATE. */
Test(dml, foreign_keys_are_checked_when_created)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE fk_nokey (id int)");
    e2e_expect_error(c, "CREATE TABLE fk_a (x int REFERENCES fk_nokey (id))", "42830");
    e2e_expect_error(c, "CREATE TABLE fk_b (x int REFERENCES fk_missing (id))", "42P01");
    e2e_expect_rows(c, "SELECT count(*) FROM pg_class WHERE relname IN ('fk_a', 'fk_b')", "0");
    e2e_ok(c, "CREATE TABLE fk_self (id int PRIMARY KEY, up int REFERENCES fk_self (id))");
    e2e_ok(c, "INSERT INTO fk_self VALUES (1, NULL), (2, 1)");
    e2e_expect_error(c, "INSERT INTO fk_self VALUES (3, 7)", "23503");
    PQfinish(c);
}

/* Enum values cast from literals compare in the enum's order; a table with a generated
 * column can still be altered; JSON of rows and arrays; record-returning JSON functions in a
 * select list. */
Test(dml, enums_generated_columns_and_json_rows)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TYPE eg_mood AS ENUM ('sad', 'ok', 'happy')");
    e2e_expect_rows(c, "SELECT 'ok'::eg_mood < 'happy'::eg_mood, 'sad'::eg_mood > 'ok'::eg_mood",
                    "t|f");
    e2e_expect_rows(c, "SELECT m FROM (VALUES ('happy'::eg_mood), ('sad'), ('ok')) v(m) ORDER BY m",
                    "sad;ok;happy");
    e2e_ok(c, "CREATE TABLE eg_g (qty int, price numeric(8,2), total numeric GENERATED ALWAYS AS "
              "(qty * price) STORED)");
    e2e_ok(c, "INSERT INTO eg_g (qty, price) VALUES (2, 3.50)");
    expect_tag(c, "ALTER TABLE eg_g ADD COLUMN note varchar(5)", "ALTER TABLE");
    e2e_expect_error(c, "ALTER TABLE eg_g ALTER COLUMN qty TYPE bigint", "0A000");
    e2e_expect_rows(c, "SELECT qty, total::numeric(8,2), note FROM eg_g", "2|7.00|-");
    e2e_ok(c, "UPDATE eg_g SET qty = 3");
    e2e_expect_rows(c, "SELECT total::numeric(8,2) FROM eg_g", "10.50");
    e2e_expect_rows(c,
                    "SELECT array_to_json(ARRAY[1, 2]), row_to_json(ROW(1, 'a')), "
                    "row_to_json(t) FROM (SELECT 1 AS a, 'x' AS b, NULL::int AS c) t",
                    "[1,2]|{\"f1\":1,\"f2\":\"a\"}|{\"a\":1,\"b\":\"x\",\"c\":null}");
    e2e_expect_rows(c, "SELECT jsonb_each('{\"a\": 1, \"b\": \"x\"}')", "(a,1);(b,\"\"\"x\"\"\")");
    e2e_expect_rows(c, "SELECT jsonb_each_text('{\"a\": 1, \"b\": \"x y\"}')", "(a,1);(b,\"x y\")");
    /* json values are embedded as written, jsonb in its output form */
    e2e_expect_rows(
        c,
        "SELECT json_agg(json_build_object('a', x)), json_build_array('{\"b\" :  2}'::json, "
        "'{\"c\":3}'::jsonb) FROM (VALUES (1), (2)) v(x)",
        "[{\"a\" : 1}, {\"a\" : 2}]|[{\"b\" :  2}, {\"c\": 3}]");
    /* a sequence read as a relation */
    e2e_ok(c, "CREATE SEQUENCE eg_seq START 5");
    e2e_expect_rows(c, "SELECT last_value, log_cnt, is_called FROM eg_seq", "5|0|f");
    e2e_ok(c, "SELECT nextval('eg_seq')");
    e2e_expect_rows(c, "SELECT s.last_value, s.is_called FROM eg_seq s", "5|t");
    /* a value handed to a statement that failed counts, as nextval never gives it again */
    e2e_ok(c, "CREATE TABLE eg_ids (id int DEFAULT nextval('eg_seq') PRIMARY KEY)");
    e2e_ok(c, "INSERT INTO eg_ids VALUES (7)");
    e2e_ok(c, "INSERT INTO eg_ids DEFAULT VALUES");          /* takes 6 */
    PQclear(PQexec(c, "INSERT INTO eg_ids DEFAULT VALUES")); /* takes 7: 23505 */
    e2e_expect_rows(c, "SELECT last_value, is_called FROM public.eg_seq", "7|t");
    e2e_expect_rows(c, "SELECT id FROM eg_ids ORDER BY id", "6;7");
    /* an integer primary key's DEFAULT runs (SQLite would number the row itself) */
    e2e_ok(c, "CREATE TABLE eg_k (id int PRIMARY KEY, v text)");
    e2e_ok(c, "ALTER TABLE eg_k ALTER COLUMN id SET DEFAULT 9");
    e2e_expect_rows(c, "INSERT INTO eg_k (v) VALUES ('a') RETURNING id", "9");
    e2e_expect_error(c, "INSERT INTO eg_k (v) VALUES ('b')", "23505");
    /* pattern operators with ANY / ALL over an array */
    e2e_expect_rows(
        c,
        "SELECT 'abc' ILIKE ANY (ARRAY['%B%', 'x']), 'abc' LIKE ALL (ARRAY['a%', '%c']), "
        "'abc' NOT LIKE ALL (ARRAY['x%']), 'abc' ~ ANY (ARRAY['^b', 'c$']), "
        "'abc' LIKE ANY (ARRAY['%B%'])",
        "t|t|t|t|f");
    PQfinish(c);
}

/* Temporary tables belong to their session: they shadow permanent tables of the same name,
 * other sessions do not see them, and they are gone when the session ends. */
Test(dml, temporary_tables)
{
    PGconn *a = e2e_connect(NULL), *b = e2e_connect(NULL);
    e2e_ok(a, "CREATE TABLE foo (id int, v text)");
    e2e_ok(a, "INSERT INTO foo VALUES (100, 'perm')");
    e2e_ok(a, "CREATE TEMP TABLE foo (id int)");
    e2e_ok(a, "INSERT INTO foo VALUES (1)");
    e2e_expect_rows(a, "SELECT * FROM foo", "1");
    e2e_expect_rows(a, "SELECT count(*) FROM (SELECT * FROM pg_temp.foo) x", "1");
    e2e_expect_rows(a, "SELECT id FROM public.foo", "100");
    e2e_expect_rows(b, "SELECT id FROM foo", "100");
    e2e_ok(a, "CREATE TEMP TABLE copy AS SELECT * FROM public.foo");
    e2e_expect_rows(a, "SELECT v FROM copy", "perm");
    e2e_ok(a, "SELECT 7 AS n INTO TEMP seven");
    e2e_expect_rows(a, "SELECT n + 1 FROM seven", "8");
    e2e_expect_error(b, "SELECT * FROM seven", "42P01");
    e2e_ok(a, "CREATE TEMP VIEW tv AS SELECT n FROM seven");
    e2e_expect_rows(a, "SELECT n FROM tv", "7");
    e2e_expect_error(b, "SELECT * FROM tv", "42P01");
    e2e_ok(a, "DROP TABLE foo"); /* the temporary one */
    e2e_expect_rows(a, "SELECT id FROM foo", "100");
    PQfinish(a);
    /* the session's end drops its temporary tables; wait for it to be processed */
    char *left = NULL;
    for (int i = 0; i < 100; i++) {
        free(left);
        left =
            e2e_rows(b, "SELECT count(*) FROM pg_class WHERE relname IN ('copy', 'seven', 'tv')");
        if (strcmp(left, "0") == 0)
            break;
        usleep(20000);
    }
    cr_expect_str_eq(left, "0");
    free(left);
    PQfinish(b);
}

Test(dml, create_table_as_star_keeps_column_types)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE src (id int PRIMARY KEY, price numeric(10,2), at date)");
    e2e_ok(c, "INSERT INTO src VALUES (1, 2.5, '2024-01-02')");
    e2e_ok(c, "CREATE TABLE dst AS SELECT * FROM src");
    e2e_expect_rows(c, "SELECT id, price, at FROM dst", "1|2.50|2024-01-02");
    e2e_expect_rows(c,
                    "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                    "WHERE attrelid = 'dst'::regclass AND attnum > 0 ORDER BY attnum",
                    "integer;numeric(10,2);date");
    PQfinish(c);
}

Test(dml, objects_are_created_in_the_first_schema_of_search_path)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE SCHEMA app");
    e2e_ok(c, "SET search_path TO app, public");
    e2e_ok(c, "CREATE TABLE inapp (id serial PRIMARY KEY, v text)");
    e2e_ok(c, "CREATE VIEW vapp AS SELECT v FROM inapp");
    e2e_ok(c, "INSERT INTO inapp (v) VALUES ('x')");
    e2e_expect_rows(c,
                    "SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_name IN ('inapp', 'vapp') ORDER BY 2",
                    "app|inapp;app|vapp");
    e2e_ok(c, "CREATE SEQUENCE sapp");
    e2e_expect_rows(c, "SELECT nextval('sapp')", "1");
    e2e_ok(c, "SET search_path TO public");
    e2e_expect_error(c, "SELECT * FROM inapp", "42P01");
    e2e_expect_rows(c, "SELECT v FROM app.vapp", "x");
    e2e_ok(c, "SET search_path TO nosuch");
    e2e_expect_error(c, "CREATE TABLE t_none (id int)", "3F000");
    PQfinish(c);
}

/* A wider integer stored into a smallint/integer column is range-checked as PostgreSQL's
 * assignment cast does (22003), in VALUES, UPDATE SET (single and multi-column), ON
 * CONFLICT DO UPDATE SET and from a parameter declared bigint; nothing is stored. */
Test(dml, integer_assignments_are_range_checked)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE n (id int PRIMARY KEY, i int, s smallint)");
    e2e_ok(c, "INSERT INTO n VALUES (1, 2147483647, -32768), (2, -2147483648, 32767)");
    static const char *const bad[] = {
        "INSERT INTO n (id, i) VALUES (3, 2147483648)",
        "INSERT INTO n (id, i) VALUES (3, '-2147483649')",
        "INSERT INTO n (id, i) VALUES (3, -2147483649)",
        "INSERT INTO n (id, i) VALUES (3, 3000000000::bigint)",
        "INSERT INTO n (id, s) VALUES (3, 100000::int)",
        "INSERT INTO n (id, s) VALUES (3, '32768')",
        "INSERT INTO n (id, s) VALUES (3, 32768)",
        "UPDATE n SET i = 3000000000 WHERE id = 1",
        "UPDATE n SET s = s + 1 WHERE id = 2",
        "UPDATE n SET (i, s) = (1, 40000) WHERE id = 1",
        "UPDATE n SET (s, i) = (SELECT n.s, n.i::bigint + 1) WHERE id = 1",
        "INSERT INTO n VALUES (1, 0, 0) ON CONFLICT (id) DO UPDATE SET i = excluded.i + "
        "4000000000",
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
        e2e_expect_error(c, bad[k], "22003");
    Oid int8oid[] = {20};
    const char *big[] = {"3000000000"};
    PGresult *r =
        PQexecParams(c, "UPDATE n SET i = $1 WHERE id = 2", 1, int8oid, big, NULL, NULL, 0);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22003");
    PQclear(r);
    e2e_expect_error(c, "UPDATE n SET (i, s) = (SELECT 1, 2 UNION ALL SELECT 3, 4)", "21000");
    e2e_expect_rows(c, "UPDATE n SET s = s + 1 WHERE id = 1 RETURNING s", "-32767");
    e2e_expect_rows(c, "SELECT id, i, s FROM n ORDER BY id",
                    "1|2147483647|-32767;2|-2147483648|32767");
    PQfinish(c);
}

/* SET col = DEFAULT in UPDATE and ON CONFLICT DO UPDATE: the column's default, NULL without
 * one, the next identity value; a generated column keeps its computed value. */
Test(dml, set_column_to_default)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE kv (k text PRIMARY KEY, v int NOT NULL DEFAULT 7, note text, "
              "id int GENERATED ALWAYS AS IDENTITY, twice int GENERATED ALWAYS AS (v * 2) STORED)");
    e2e_ok(c, "INSERT INTO kv (k, v, note) VALUES ('a', 1, 'x'), ('b', 2, 'y')");
    e2e_expect_rows(c,
                    "UPDATE kv SET v = DEFAULT, note = DEFAULT WHERE k = 'a' "
                    "RETURNING k, v, note, twice",
                    "a|7|-|14");
    e2e_expect_rows(
        c, "UPDATE kv SET id = DEFAULT, twice = DEFAULT WHERE k = 'b' RETURNING k, id, twice",
        "b|3|4");
    e2e_expect_rows(c,
                    "INSERT INTO kv (k, v) VALUES ('b', 5) ON CONFLICT (k) "
                    "DO UPDATE SET v = DEFAULT, note = 'z' RETURNING k, v, note",
                    "b|7|z");
    e2e_expect_rows(c, "SELECT k, v, note, id, twice FROM kv ORDER BY k", "a|7|-|1|14;b|7|z|3|14");
    PQfinish(c);
}

/* DELETE ... USING and UPDATE ... FROM return the joined items' columns, and their `*`
 * lists every item's columns after the target's. */
Test(dml, delete_using_returning_other_columns)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE o (id int, c int)");
    e2e_ok(c, "CREATE TABLE c (id int, name text)");
    e2e_ok(c, "INSERT INTO o VALUES (1, 1), (2, 2), (3, 1)");
    e2e_ok(c, "INSERT INTO c VALUES (1, 'x'), (2, 'y')");
    e2e_expect_rows(c, "DELETE FROM o USING c WHERE o.c = c.id AND o.id = 1 RETURNING o.*, c.name",
                    "1|1|x");
    PGresult *r = e2e_exec(c,
                           "DELETE FROM o x USING c WHERE x.c = c.id AND c.name = 'x' "
                           "RETURNING *",
                           PGRES_TUPLES_OK);
    cr_assert_eq(PQnfields(r), 4);
    cr_expect_str_eq(PQfname(r, 3), "name");
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "3");
    cr_expect_str_eq(PQgetvalue(r, 0, 3), "x");
    PQclear(r);
    e2e_expect_rows(c,
                    "UPDATE o SET c = 1 FROM c, (SELECT 2 AS k, 'q' AS tag) s "
                    "WHERE o.c = c.id AND s.k = o.id RETURNING *",
                    "2|1|2|y|2|q");
    e2e_expect_rows(c, "SELECT * FROM o", "2|1");
    e2e_ok(c, "INSERT INTO o VALUES (4, 2)");
    e2e_expect_rows(c,
                    "UPDATE o SET c = g FROM generate_series(1, 4) g WHERE g = o.id "
                    "RETURNING g, o.c",
                    "2|2;4|4");
    e2e_expect_rows(c, "DELETE FROM o USING c WHERE o.c = c.id AND o.id = 2 RETURNING name, c",
                    "y|2");
    e2e_expect_error(c, "UPDATE o SET c = 1 FROM c WHERE o.c = c.id RETURNING id", "42702");
    e2e_expect_rows(c, "SELECT * FROM o", "4|4");
    PQfinish(c);
}

/* ON CONFLICT DO UPDATE fed by a SELECT that proposes one key twice: 21000 and nothing
 * changes (distinct keys upsert; DO NOTHING and NULL keys are not conflicts). */
Test(dml, on_conflict_from_select_affecting_a_row_twice)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE up (id int PRIMARY KEY, v text)");
    e2e_ok(c, "CREATE TABLE pair (a int, b int, v int, UNIQUE (a, b))");
    e2e_ok(c, "INSERT INTO up VALUES (1, 'a')");
    e2e_expect_error(c,
                     "INSERT INTO up SELECT 1, 'b' UNION ALL SELECT 1, 'c' "
                     "ON CONFLICT (id) DO UPDATE SET v = excluded.v",
                     "21000");
    e2e_expect_error(c,
                     "INSERT INTO up SELECT 5, 'b' UNION ALL SELECT 5, 'c' "
                     "ON CONFLICT (id) DO UPDATE SET v = excluded.v",
                     "21000");
    expect_tag(c,
               "INSERT INTO up SELECT g, 'n' || g FROM generate_series(1, 3) g "
               "ON CONFLICT (id) DO UPDATE SET v = excluded.v || '!'",
               "INSERT 0 3");
    expect_tag(c,
               "INSERT INTO up SELECT 1, 'b' UNION ALL SELECT 1, 'c' ON CONFLICT (id) DO NOTHING",
               "INSERT 0 0");
    e2e_ok(c, "INSERT INTO pair SELECT 1, g, g FROM generate_series(1, 2) g "
              "ON CONFLICT (a, b) DO UPDATE SET v = 0");
    e2e_expect_error(c,
                     "INSERT INTO pair SELECT 1, 1, 5 UNION ALL SELECT 1, 1, 6 "
                     "ON CONFLICT (a, b) DO UPDATE SET v = excluded.v",
                     "21000");
    expect_tag(c,
               "INSERT INTO pair SELECT 2, NULL::int, 5 UNION ALL SELECT 2, NULL::int, 6 "
               "ON CONFLICT (a, b) DO UPDATE SET v = excluded.v",
               "INSERT 0 2");
    e2e_expect_rows(c, "SELECT * FROM up ORDER BY id", "1|n1!;2|n2;3|n3");
    e2e_expect_rows(c, "SELECT * FROM pair ORDER BY a, b, v", "1|1|1;1|2|2;2|-|5;2|-|6");
    PQfinish(c);
}

/* An enum migration as Prisma writes one: a new type, the column converted, the types
 * renamed, the old one dropped; text <-> enum conversions keep or drop the label check. */
Test(dml, enum_column_migrations)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN', 'GUEST')");
    e2e_ok(c, "CREATE TABLE \"User\" (id int, role \"Role\" DEFAULT 'USER')");
    e2e_ok(c, "INSERT INTO \"User\" VALUES (1, 'ADMIN'), (2, 'USER')");
    e2e_ok(c, "CREATE TYPE \"Role_new\" AS ENUM ('USER', 'ADMIN')");
    e2e_ok(c, "ALTER TABLE \"User\" ALTER COLUMN role DROP DEFAULT");
    e2e_ok(c, "ALTER TABLE \"User\" ALTER COLUMN role TYPE \"Role_new\" "
              "USING (role::text::\"Role_new\")");
    e2e_ok(c, "ALTER TYPE \"Role\" RENAME TO \"Role_old\"");
    e2e_ok(c, "ALTER TYPE \"Role_new\" RENAME TO \"Role\"");
    e2e_ok(c, "DROP TYPE \"Role_old\"");
    e2e_ok(c, "ALTER TABLE \"User\" ALTER COLUMN role SET DEFAULT 'USER'");
    e2e_ok(c, "INSERT INTO \"User\" (id) VALUES (3)");
    e2e_expect_rows(c, "SELECT id, role FROM \"User\" ORDER BY role, id", "2|USER;3|USER;1|ADMIN");
    e2e_expect_error(c, "INSERT INTO \"User\" VALUES (4, 'GUEST')", "22P02");
    e2e_expect_rows(c,
                    "SELECT data_type, udt_name FROM information_schema.columns "
                    "WHERE table_name = 'User' AND column_name = 'role'",
                    "USER-DEFINED|Role");
    e2e_ok(c, "CREATE TABLE d (s text)");
    e2e_ok(c, "INSERT INTO d VALUES ('ADMIN')");
    e2e_expect_error(c, "ALTER TABLE d ALTER COLUMN s TYPE \"Role\"", "42804");
    e2e_ok(c, "ALTER TABLE d ALTER COLUMN s TYPE \"Role\" USING s::\"Role\"");
    e2e_expect_error(c, "INSERT INTO d VALUES ('zz')", "22P02");
    e2e_ok(c, "ALTER TABLE d ALTER COLUMN s TYPE text");
    e2e_ok(c, "INSERT INTO d VALUES ('zz')");
    e2e_expect_rows(c, "SELECT s FROM d ORDER BY s", "ADMIN;zz");
    PQfinish(c);
}

/* DROP ... CASCADE as test suites reset a database: a referenced table goes with the
 * foreign keys that point at it; DROP SCHEMA public CASCADE empties public. */
Test(dml, drop_cascade_resets)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE parent (id int PRIMARY KEY)");
    e2e_ok(c, "CREATE TABLE child (id int PRIMARY KEY, pid int REFERENCES parent(id))");
    e2e_ok(c, "INSERT INTO parent VALUES (1)");
    e2e_ok(c, "INSERT INTO child VALUES (1, 1)");
    e2e_expect_error(c, "DROP TABLE parent", "2BP01");
    e2e_ok(c, "DROP TABLE parent CASCADE");
    e2e_ok(c, "INSERT INTO child VALUES (2, 99)"); /* its foreign key went with parent */
    e2e_expect_rows(c, "SELECT count(*) FROM child", "2");
    e2e_ok(c, "CREATE TABLE p2 (id int PRIMARY KEY)");
    e2e_ok(c, "CREATE TABLE c2 (id int, pid int REFERENCES p2(id))");
    e2e_ok(c, "INSERT INTO p2 VALUES (1)");
    e2e_ok(c, "INSERT INTO c2 VALUES (1, 1)");
    e2e_ok(c, "CREATE VIEW v2 AS SELECT * FROM c2");
    e2e_ok(c, "CREATE TYPE mood AS ENUM ('ok')");
    e2e_ok(c, "CREATE SEQUENCE s2");
    e2e_ok(c, "DROP SCHEMA public CASCADE");
    e2e_ok(c, "CREATE SCHEMA public");
    e2e_expect_rows(
        c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", "0");
    e2e_ok(c, "CREATE TYPE mood AS ENUM ('ok')");
    e2e_ok(c, "CREATE TABLE p2 (id int PRIMARY KEY)");
    e2e_expect_error(c, "CREATE SCHEMA public", "42P06");
    PQfinish(c);
}

/* DDL mistakes get PostgreSQL's SQLSTATEs; unnamed indexes get PostgreSQL's names. */
Test(dml, ddl_errors_and_index_names)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE t (id int PRIMARY KEY, x int, name text)");
    e2e_ok(c, "CREATE VIEW v AS SELECT * FROM t");
    e2e_expect_error(c, "DROP INDEX nosuch", "42704");
    e2e_expect_error(c, "DROP INDEX t_pkey", "2BP01");
    e2e_expect_error(c, "DROP INDEX t", "42809");
    e2e_expect_error(c, "DROP VIEW t", "42809");
    e2e_expect_error(c, "DROP TABLE v", "42809");
    e2e_expect_error(c, "CREATE TABLE two (a int PRIMARY KEY, b int PRIMARY KEY)", "42P16");
    e2e_expect_error(c, "CREATE TABLE kid (pid int REFERENCES t(nocol))", "42703");
    e2e_expect_error(c, "CREATE TABLE kid (pid text REFERENCES t(id))", "42804");
    e2e_ok(c, "CREATE TABLE kid_ok (pid bigint REFERENCES t(id))");
    e2e_ok(c, "CREATE SEQUENCE sq");
    e2e_expect_error(c, "CREATE SEQUENCE sq", "42P07");
    e2e_ok(c, "CREATE INDEX ON t (x)");
    e2e_ok(c, "CREATE INDEX ON t (x)");
    e2e_ok(c, "CREATE INDEX ON t (lower(name))");
    e2e_expect_rows(c,
                    "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                    "WHERE tablename = 't'",
                    "t_lower_idx,t_pkey,t_x_idx,t_x_idx1");
    PQfinish(c);
}

Test(dml, overriding_user_value_takes_the_sequence)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE idd (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100 "
              "INCREMENT BY 10) PRIMARY KEY, v text)");
    e2e_ok(c, "INSERT INTO idd (v) VALUES ('a'), ('b')");
    e2e_ok(c, "INSERT INTO idd (id, v) VALUES (1, 'c')");
    e2e_expect_rows(c,
                    "INSERT INTO idd (id, v) OVERRIDING USER VALUE VALUES (1, 'd'), (2, 'e') "
                    "RETURNING id, v",
                    "120|d;130|e");
    PQfinish(c);
}

/* Rails' rename_table renames the table, its id sequence (ALTER TABLE on the sequence) and
 * its primary key index; constraints and views rename too. */
Test(dml, rails_rename_table_and_other_renames)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE things (id bigserial PRIMARY KEY, name text)");
    e2e_ok(c, "INSERT INTO things (name) VALUES ('a')");
    e2e_ok(c, "ALTER TABLE \"things\" RENAME TO \"items\"");
    e2e_ok(c, "ALTER TABLE \"public\".\"things_id_seq\" RENAME TO \"items_id_seq\"");
    e2e_ok(c, "ALTER INDEX \"things_pkey\" RENAME TO \"items_pkey\"");
    e2e_expect_rows(c, "INSERT INTO items (name) VALUES ('b') RETURNING id", "2");
    e2e_expect_rows(c, "SELECT pg_get_serial_sequence('items', 'id')", "public.items_id_seq");
    e2e_expect_rows(c, "SELECT conname FROM pg_constraint WHERE conrelid = 'items'::regclass",
                    "items_pkey");
    e2e_ok(c, "ALTER SEQUENCE items_id_seq RENAME TO items_seq");
    e2e_expect_rows(c, "INSERT INTO items (name) VALUES ('c') RETURNING id", "3");
    e2e_ok(c, "ALTER TABLE items RENAME CONSTRAINT items_pkey TO items_pk");
    e2e_ok(c, "ALTER TABLE items DROP CONSTRAINT items_pk");
    e2e_ok(c, "CREATE VIEW v1 AS SELECT * FROM items");
    e2e_ok(c, "ALTER VIEW v1 RENAME TO v2");
    e2e_expect_rows(c, "SELECT count(*) FROM v2", "3");
    e2e_expect_error(c, "SELECT * FROM v1", "42P01");
    PQfinish(c);
}

/* MERGE (PostgreSQL 15): each source row takes the first WHEN clause that applies. */
Test(dml, merge_updates_deletes_and_inserts)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE inv (sku text PRIMARY KEY, qty int NOT NULL)");
    e2e_ok(c, "INSERT INTO inv VALUES ('a', 1), ('b', 2), ('c', 3)");
    e2e_ok(c, "CREATE TABLE delta (sku text, d int)");
    e2e_ok(c, "INSERT INTO delta VALUES ('a', 10), ('b', -2), ('z', 5)");
    PGresult *r = PQexec(c, "MERGE INTO inv t USING delta s ON t.sku = s.sku "
                            "WHEN MATCHED AND t.qty + s.d <= 0 THEN DELETE "
                            "WHEN MATCHED THEN UPDATE SET qty = t.qty + s.d "
                            "WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (s.sku, s.d)");
    cr_expect_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), "MERGE 3");
    PQclear(r);
    e2e_expect_rows(c, "SELECT sku, qty FROM inv ORDER BY sku", "a|11;c|3;z|5");
    const char *params[2] = {"c", "7"};
    r = PQexecParams(c,
                     "MERGE INTO inv USING (SELECT $1::text AS sku, $2::int AS n) src "
                     "ON inv.sku = src.sku WHEN MATCHED THEN UPDATE SET qty = src.n",
                     2, NULL, params, NULL, NULL, 0);
    cr_expect_str_eq(PQcmdStatus(r), "MERGE 1");
    PQclear(r);
    e2e_expect_rows(c, "SELECT qty FROM inv WHERE sku = 'c'", "7");
    e2e_ok(c, "INSERT INTO delta VALUES ('a', 1)");
    e2e_expect_error(c,
                     "MERGE INTO inv t USING delta s ON t.sku = s.sku "
                     "WHEN MATCHED THEN UPDATE SET qty = 0",
                     "21000");
    e2e_expect_rows(c, "SELECT qty FROM inv WHERE sku = 'a'", "11"); /* nothing applied */
    PQfinish(c);
}

/* MERGE: an INSERT clause without a column list may leave columns to DEFAULT, and a WHEN
 * clause after an unconditional one of the same kind is refused (42601), applying nothing. */
Test(dml, merge_insert_default_and_unreachable_clause)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE inv (sku text PRIMARY KEY, qty int NOT NULL, price numeric(10,2) "
              "DEFAULT 9.5)");
    e2e_ok(c, "INSERT INTO inv VALUES ('a', 10, 1)");
    expect_tag(c,
               "MERGE INTO inv USING (VALUES ('a', 1), ('z', 2)) AS v(sku, q) "
               "ON inv.sku = v.sku WHEN MATCHED THEN UPDATE SET qty = inv.qty - v.q "
               "WHEN NOT MATCHED THEN INSERT VALUES (v.sku, v.q, DEFAULT)",
               "MERGE 2");
    e2e_expect_rows(c, "SELECT * FROM inv ORDER BY sku", "a|9|1.00;z|2|9.50");
    e2e_expect_error(c,
                     "MERGE INTO inv t USING (SELECT 'a' AS sku) s ON t.sku = s.sku "
                     "WHEN MATCHED THEN UPDATE SET qty = -1 WHEN MATCHED THEN DELETE",
                     "42601");
    e2e_expect_error(c,
                     "MERGE INTO inv t USING (SELECT 'q' AS sku) s ON t.sku = s.sku "
                     "WHEN NOT MATCHED THEN DO NOTHING WHEN MATCHED THEN DELETE "
                     "WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (s.sku, 0)",
                     "42601");
    expect_tag(c,
               "MERGE INTO inv t USING (SELECT 'a' AS sku) s ON t.sku = s.sku "
               "WHEN MATCHED AND false THEN UPDATE SET qty = -1 WHEN MATCHED THEN DELETE",
               "MERGE 1");
    e2e_expect_rows(c, "SELECT sku FROM inv ORDER BY sku", "z");
    PQfinish(c);
}

/* MERGE ... INSERT DEFAULT VALUES: one row of defaults per source row taking the clause
 * (serial and generated columns filled; a NOT NULL column without a default fails). */
Test(dml, merge_insert_default_values)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE dv (id serial PRIMARY KEY, g int GENERATED ALWAYS AS (id * 2) STORED, "
              "note text DEFAULT 'n', ts int DEFAULT 5)");
    e2e_ok(c, "INSERT INTO dv (note) VALUES ('first')");
    expect_tag(c,
               "MERGE INTO dv t USING (VALUES (1), (7), (8)) s(k) ON t.id = s.k "
               "WHEN MATCHED THEN UPDATE SET note = 'm' WHEN NOT MATCHED THEN INSERT DEFAULT "
               "VALUES",
               "MERGE 3");
    e2e_expect_rows(c, "SELECT * FROM dv ORDER BY id", "1|2|m|5;2|4|n|5;3|6|n|5");
    e2e_ok(c, "CREATE TABLE nn (sku text PRIMARY KEY, qty int NOT NULL)");
    e2e_expect_error(c,
                     "MERGE INTO nn t USING (SELECT 'x' AS sku) s ON t.sku = s.sku "
                     "WHEN NOT MATCHED THEN INSERT DEFAULT VALUES",
                     "23502");
    PQfinish(c);
}

/* A subquery in RETURNING sees the target table as it was before the statement. */
Test(dml, returning_subquery_sees_the_table_before_the_statement)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE rs (id serial PRIMARY KEY, name text)");
    e2e_ok(c, "INSERT INTO rs (name) VALUES ('x')");
    e2e_expect_rows(
        c, "INSERT INTO rs (name) VALUES ('y'), ('z') RETURNING id, (SELECT count(*) FROM rs)",
        "2|1;3|1");
    e2e_expect_rows(c,
                    "UPDATE rs SET name = 'r' WHERE id = 1 RETURNING id, "
                    "(SELECT count(*) FROM rs WHERE name = 'r') AS c",
                    "1|0");
    const char *p[1] = {"3"};
    PGresult *r = PQexecParams(c,
                               "DELETE FROM rs t WHERE id = $1::int RETURNING t.id, "
                               "(SELECT max(id) FROM rs)",
                               1, NULL, p, NULL, NULL, 0);
    cr_expect_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), "DELETE 1");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "3");
    PQclear(r);
    e2e_expect_rows(c, "SELECT id, name FROM rs ORDER BY id", "1|r;2|y");
    PQfinish(c);
}

Test(dml, views_renamed_by_alter_table_and_materialized_views_dropped)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE emp (id int, name text)");
    e2e_ok(c, "INSERT INTO emp VALUES (1, 'a')");
    e2e_ok(c, "CREATE MATERIALIZED VIEW mv AS SELECT * FROM emp");
    e2e_ok(c, "CREATE VIEW v AS SELECT * FROM emp");
    e2e_ok(c, "ALTER TABLE v RENAME TO v3");
    e2e_expect_rows(c, "SELECT count(*) FROM v3", "1");
    e2e_expect_error(c, "DROP TABLE v3", "42809");
    e2e_expect_rows(c,
                    "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM "
                    "information_schema.tables WHERE table_schema = 'public'",
                    "emp,v3");
    e2e_ok(c, "DROP MATERIALIZED VIEW mv");
    e2e_expect_rows(c, "SELECT count(*) FROM pg_class WHERE relname = 'mv'", "0");
    PQfinish(c);
}

Test(dml, drop_column_cascade_drops_the_views_using_it)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "CREATE TABLE emp (id int, name text, salary int)");
    e2e_ok(c, "CREATE VIEW ev AS SELECT id, salary FROM emp");
    e2e_ok(c, "CREATE VIEW ev2 AS SELECT * FROM ev");
    e2e_ok(c, "CREATE VIEW other AS SELECT id, name FROM emp");
    e2e_expect_error(c, "ALTER TABLE emp DROP COLUMN salary", "2BP01");
    e2e_ok(c, "ALTER TABLE emp DROP COLUMN salary CASCADE");
    e2e_expect_rows(c,
                    "SELECT string_agg(viewname, ',') FROM pg_views WHERE viewname IN "
                    "('ev', 'ev2', 'other')",
                    "other");
    PQfinish(c);
}

/* A one-column integer primary key is SQLite's rowid, which fills a NULL with a new id;
 * PostgreSQL refuses a NULL key (23502) however the INSERT leaves it NULL. */
Test(dml, null_integer_primary_key_is_refused)
{
    PGconn *c = e2e_connect(NULL);
    expect_tag(c, "CREATE TABLE nk (k int PRIMARY KEY, v text)", "CREATE TABLE");
    expect_tag(c, "CREATE TABLE nk2 (k integer, v text, PRIMARY KEY (k))", "CREATE TABLE");
    e2e_expect_error(c, "INSERT INTO nk VALUES (NULL, 'a')", "23502");
    e2e_expect_error(c, "INSERT INTO nk (v) VALUES ('b')", "23502");
    e2e_expect_error(c, "INSERT INTO nk DEFAULT VALUES", "23502");
    e2e_expect_error(c, "INSERT INTO nk VALUES (DEFAULT, 'c')", "23502");
    e2e_expect_error(c, "INSERT INTO nk VALUES (1, 'x'), (NULL, 'y')", "23502");
    e2e_expect_error(c, "INSERT INTO nk2 (v) VALUES ('x')", "23502");
    e2e_expect_error(c,
                     "INSERT INTO nk (k, v) VALUES (NULLIF(1, 1), 'z') "
                     "ON CONFLICT (k) DO NOTHING",
                     "23502");
    PGresult *r = e2e_exec(c, "SELECT count(*) FROM nk", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "0");
    PQclear(r);
    expect_tag(c, "INSERT INTO nk VALUES (1, 'x'), (2, 'y')", "INSERT 0 2");
    expect_tag(c, "INSERT INTO nk (v, k) VALUES ('z', 3)", "INSERT 0 1");
    expect_tag(c, "INSERT INTO nk VALUES (3, 'w') ON CONFLICT (k) DO UPDATE SET v = 'ww'",
               "INSERT 0 1");
    expect_tag(c, "INSERT INTO nk (v) SELECT 'q' WHERE false", "INSERT 0 0");
    r = e2e_exec(c, "SELECT string_agg(k || v, ',' ORDER BY k) FROM nk", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "1x,2y,3ww");
    PQclear(r);
    PQfinish(c);
}
