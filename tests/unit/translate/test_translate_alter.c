/* test_translate_alter.c - ALTER TABLE and RENAME translations run on an in-memory SQLite
 * with foreign keys on: rows survive rebuilds, defaults/NOT NULL/types/constraints change
 * as in PostgreSQL, indexes and views keep working, metadata follows, and errors carry
 * PostgreSQL's SQLSTATEs. */
#include "catalog_meta.h"
#include "pgtype.h"
#include "translate_test_util.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *g_db;

static void setup(void)
{
    g_db = tt_db_open();
    sqlite3_exec(g_db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
}

static void teardown(void)
{
    sqlite3_close(g_db);
}

TestSuite(translate_alter, .init = setup, .fini = teardown);

static void expect_query(const char *sql, const char *want)
{
    char *v = tt_query1(g_db, sql);
    cr_expect(v && strcmp(v, want) == 0, "%s: got %s, want %s", sql, v ? v : "(null)", want);
    free(v);
}

static void expect_sqlstate(const char *pg, const char *state)
{
    lg_pgerr_t err;
    char *sql = tt_translate(g_db, pg, &err, NULL);
    cr_expect_null(sql, "%s translated", pg);
    free(sql);
    cr_expect_str_eq(err.sqlstate, state, "%s: %s (%s)", pg, err.sqlstate, err.message);
}

static void exec_ok(const char *pg)
{
    cr_assert_eq(tt_exec(g_db, pg), 0, "%s: %s", pg, sqlite3_errmsg(g_db));
}

Test(translate_alter, add_columns_keep_rows_and_apply_defaults)
{
    exec_ok("CREATE TABLE wk (id int PRIMARY KEY, title text NOT NULL, views text)");
    exec_ok("INSERT INTO wk VALUES (1, 'Home', '120'), (2, 'About', NULL)");
    exec_ok("ALTER TABLE wk ADD COLUMN slug text");
    exec_ok("ALTER TABLE wk ADD COLUMN locked boolean NOT NULL DEFAULT false, "
            "ADD COLUMN rev int DEFAULT 1");
    expect_query("SELECT group_concat(id || title || coalesce(slug, '-') || locked || rev, ',') "
                 "FROM wk",
                 "1Home-01,2About-01");
    catalog_coltype_t t;
    cr_assert_eq(catalog_column_type(g_db, "wk", "rev", &t), 0);
    cr_expect_eq(t.typoid, PGTYPE_INT4);
    cr_expect_eq(t.attnum, 6);
    expect_sqlstate("ALTER TABLE wk ADD COLUMN slug text", "42701");
    exec_ok("ALTER TABLE wk ADD COLUMN IF NOT EXISTS slug text");
}

Test(translate_alter, not_null_default_and_drop_column)
{
    exec_ok("CREATE TABLE p (id int PRIMARY KEY, body text, rev int DEFAULT 1)");
    exec_ok("CREATE INDEX p_body_idx ON p (body)");
    exec_ok("INSERT INTO p (id, body) VALUES (1, NULL), (2, 'x')");
    cr_expect_neq(tt_exec(g_db, "ALTER TABLE p ALTER COLUMN body SET NOT NULL"), 0);
    cr_expect(strstr(sqlite3_errmsg(g_db), "NOT NULL") != NULL);
    sqlite3_exec(g_db, "ROLLBACK", NULL, NULL, NULL);
    exec_ok("UPDATE p SET body = '' WHERE body IS NULL");
    exec_ok("ALTER TABLE p ALTER COLUMN body SET NOT NULL, ALTER COLUMN rev DROP DEFAULT");
    cr_expect_neq(tt_exec(g_db, "INSERT INTO p (id) VALUES (3)"), 0);
    exec_ok("INSERT INTO p (id, body) VALUES (3, 'y')");
    expect_query("SELECT coalesce(rev, 'null') FROM p WHERE id = 3", "null");
    exec_ok("ALTER TABLE p ALTER COLUMN rev SET DEFAULT 7");
    exec_ok("INSERT INTO p (id, body) VALUES (4, 'z')");
    expect_query("SELECT rev FROM p WHERE id = 4", "7");
    /* the index survived the rebuilds */
    expect_query("SELECT count(*) FROM sqlite_schema WHERE name = 'p_body_idx'", "1");
    exec_ok("ALTER TABLE p DROP COLUMN rev");
    expect_query("SELECT count(*) FROM pragma_table_info('p')", "2");
    catalog_coltype_t t;
    cr_expect_eq(catalog_column_type(g_db, "p", "rev", &t), LG_ENOTFOUND);
    expect_sqlstate("ALTER TABLE p DROP COLUMN rev", "42703");
    exec_ok("ALTER TABLE p DROP COLUMN IF EXISTS rev");
    /* dropping an indexed column drops the index, as in PostgreSQL */
    exec_ok("ALTER TABLE p DROP COLUMN body");
    expect_query("SELECT count(*) FROM sqlite_schema WHERE name = 'p_body_idx'", "0");
    expect_query("SELECT count(*) FROM p", "4");
}

Test(translate_alter, change_type_converts_rows_and_records_type)
{
    exec_ok("CREATE TABLE v (id int PRIMARY KEY, views text)");
    exec_ok("INSERT INTO v VALUES (1, '120'), (2, NULL)");
    exec_ok("ALTER TABLE v ALTER COLUMN views TYPE integer USING views::integer");
    catalog_coltype_t t;
    cr_assert_eq(catalog_column_type(g_db, "v", "views", &t), 0);
    cr_expect_eq(t.typoid, PGTYPE_INT4);
    expect_query("SELECT typeof(views) FROM v WHERE id = 1", "integer");
    expect_query("SELECT type FROM pragma_table_info('v') WHERE name = 'views'", "INTEGER");
}

Test(translate_alter, constraints_added_and_dropped_by_name)
{
    exec_ok("CREATE TABLE c (id int PRIMARY KEY, slug text, qty int CHECK (qty >= 0))");
    exec_ok("INSERT INTO c VALUES (1, 'a', 1), (2, 'b', 50)");
    exec_ok("ALTER TABLE c ADD CONSTRAINT c_slug_key UNIQUE (slug)");
    cr_expect_neq(tt_exec(g_db, "INSERT INTO c VALUES (3, 'a', 1)"), 0);
    char name[64];
    cr_expect_eq(catalog_constraint_name(g_db, "c", 'u', "slug", name, sizeof(name)), 0);
    cr_expect_str_eq(name, "c_slug_key");
    /* existing rows are checked: 50 violates */
    cr_expect_neq(tt_exec(g_db, "ALTER TABLE c ADD CONSTRAINT c_small CHECK (qty < 10)"), 0);
    sqlite3_exec(g_db, "ROLLBACK", NULL, NULL, NULL);
    /* default name of a one-column table CHECK, as PostgreSQL chooses it */
    exec_ok("ALTER TABLE c ADD CHECK (qty < 100)");
    cr_expect_neq(tt_exec(g_db, "UPDATE c SET qty = 500 WHERE id = 1"), 0);
    cr_expect_str_eq(sqlite3_errmsg(g_db), "CHECK constraint failed: c_qty_check1");
    exec_ok("ALTER TABLE c DROP CONSTRAINT c_qty_check");
    exec_ok("UPDATE c SET qty = -1 WHERE id = 1");
    expect_sqlstate("ALTER TABLE c DROP CONSTRAINT c_qty_check", "42704");
    exec_ok("ALTER TABLE c DROP CONSTRAINT IF EXISTS c_qty_check");
    expect_query("SELECT count(*) FROM c", "2");
}

Test(translate_alter, renames_keep_views_and_metadata)
{
    exec_ok("CREATE TABLE pg (id int PRIMARY KEY, body text)");
    exec_ok("INSERT INTO pg VALUES (1, 'x')");
    exec_ok("ALTER TABLE pg RENAME COLUMN body TO content");
    exec_ok("ALTER TABLE pg RENAME TO art");
    catalog_coltype_t t;
    cr_assert_eq(catalog_column_type(g_db, "art", "content", &t), 0);
    cr_expect_eq(t.typoid, PGTYPE_TEXT);
    exec_ok("CREATE VIEW pop AS SELECT id, content FROM art");
    exec_ok("ALTER TABLE art ADD COLUMN n int NOT NULL DEFAULT 0");
    exec_ok("ALTER TABLE art ALTER COLUMN n SET DEFAULT 5");
    expect_query("SELECT content FROM pop", "x");
    expect_sqlstate("ALTER TABLE art DROP COLUMN content", "2BP01");
    exec_ok("CREATE INDEX art_n_idx ON art (n)");
    exec_ok("ALTER INDEX art_n_idx RENAME TO art_rank_idx");
    expect_query("SELECT count(*) FROM sqlite_schema WHERE name = 'art_rank_idx'", "1");
    /* index details SQLite cannot express survive renames (kept as comments) */
    exec_ok("CREATE INDEX art_cov_idx ON art (n DESC NULLS LAST) INCLUDE (id)");
    exec_ok("ALTER INDEX art_cov_idx RENAME TO art_cover_idx");
    exec_ok("ALTER TABLE art RENAME TO arts");
    expect_query("SELECT instr(sql, '/*lg:NULLS LAST*/') > 0 AND instr(sql, '/*lg:INCLUDE (id)*/')"
                 " > 0 FROM sqlite_schema WHERE name = 'art_cover_idx'",
                 "1");
    expect_sqlstate("ALTER TABLE nosuch ADD COLUMN a int", "42P01");
}

Test(translate_alter, foreign_keys_added_to_child)
{
    exec_ok("CREATE TABLE par (id int PRIMARY KEY)");
    exec_ok("CREATE TABLE lnk (from_id int NOT NULL, to_id int NOT NULL)");
    exec_ok("INSERT INTO par VALUES (1), (2)");
    exec_ok("ALTER TABLE lnk ADD PRIMARY KEY (from_id, to_id), "
            "ADD FOREIGN KEY (to_id) REFERENCES par (id) ON DELETE CASCADE");
    exec_ok("INSERT INTO lnk VALUES (1, 2), (2, 1)");
    cr_expect_neq(tt_exec(g_db, "INSERT INTO lnk VALUES (1, 9)"), 0);
    exec_ok("DELETE FROM par WHERE id = 1");
    expect_query("SELECT count(*) FROM lnk", "1");
    char cols[64];
    cr_expect_eq(catalog_constraint_columns(g_db, "lnk", "lnk_pkey", cols, sizeof(cols)), 0);
    cr_expect_str_eq(cols, "from_id,to_id");
    /* a primary key column keeps its NOT NULL */
    expect_sqlstate("ALTER TABLE par ALTER COLUMN id DROP NOT NULL", "42P16");
    /* the parent is referenced: a rebuild would fire ON DELETE actions, so the change is
     * made in place (int -> bigint rewrites no row) */
    exec_ok("ALTER TABLE par ALTER COLUMN id TYPE bigint");
    expect_query("SELECT count(*) FROM lnk", "1");
    expect_query("SELECT typoid FROM _lg_columns WHERE tbl = 'par' AND col = 'id'", "20");
    exec_ok("ALTER TABLE par ADD CONSTRAINT par_pos CHECK (id > 0)");
    cr_expect_neq(tt_exec(g_db, "INSERT INTO par VALUES (-1)"), 0);
    cr_expect_neq(tt_exec(g_db, "ALTER TABLE par ADD CONSTRAINT par_big CHECK (id > 5)"), 0);
    expect_query("SELECT count(*) FROM lnk", "1");
    exec_ok("ALTER TABLE par ADD COLUMN note text");
    /* PostgreSQL refuses to drop a referenced table without CASCADE */
    expect_sqlstate("DROP TABLE par", "2BP01");
}

/* Keys added in place to a referenced table: the UNIQUE constraints' indexes become the
 * automatic indexes SQLite expects of the rewritten definition (the file stays consistent
 * and the keys are enforced after the schema is read again), foreign keys check the rows. */
Test(translate_alter, keys_added_in_place_to_a_referenced_table)
{
    exec_ok("CREATE TABLE acct (id bigint PRIMARY KEY, email text, code text UNIQUE)");
    exec_ok("CREATE TABLE inv (acct_id bigint REFERENCES acct (id))");
    exec_ok("CREATE TABLE grp (id int PRIMARY KEY)");
    exec_ok("INSERT INTO acct VALUES (1, 'a', 'x'), (2, 'b', 'y')");
    exec_ok("INSERT INTO inv VALUES (1), (2)");
    exec_ok("ALTER TABLE acct ADD CONSTRAINT acct_email_key UNIQUE (email), "
            "ADD COLUMN nick text UNIQUE, ADD COLUMN grp_id int");
    expect_sqlstate("ALTER TABLE acct ADD UNIQUE (code)", "0A000"); /* SQLite keeps one index */
    cr_expect_neq(tt_exec(g_db, "ALTER TABLE acct ADD COLUMN tag text UNIQUE DEFAULT 't'"), 0);
    exec_ok("ALTER TABLE acct ADD CONSTRAINT acct_grp_fk FOREIGN KEY (grp_id) REFERENCES grp");
    expect_query("PRAGMA integrity_check", "ok");
    expect_query("SELECT count(*) FROM sqlite_schema WHERE name LIKE '\\_lg\\_uniq%' ESCAPE '\\'",
                 "0");
    sqlite3_exec(g_db, "PRAGMA writable_schema=RESET", NULL, NULL, NULL); /* read it again */
    cr_expect_neq(tt_exec(g_db, "INSERT INTO acct (id, email, code) VALUES (3, 'a', 'z')"), 0);
    cr_expect_neq(tt_exec(g_db, "UPDATE acct SET nick = 'n'"), 0);
    cr_expect_neq(tt_exec(g_db, "UPDATE acct SET grp_id = 5 WHERE id = 1"), 0);
    exec_ok("UPDATE acct SET nick = 'n' || id");
    exec_ok("DELETE FROM inv WHERE acct_id = 2");
    exec_ok("DELETE FROM acct WHERE id = 2");
    expect_query("PRAGMA integrity_check", "ok");
    expect_query("SELECT group_concat(id || email || nick, ',') FROM acct", "1an1");
    /* a UNIQUE dropped: the later automatic indexes are numbered one down */
    exec_ok("ALTER TABLE acct DROP CONSTRAINT acct_code_key");
    expect_query("PRAGMA integrity_check", "ok");
    sqlite3_exec(g_db, "PRAGMA writable_schema=RESET", NULL, NULL, NULL);
    expect_query("SELECT group_concat(name || ':' || (SELECT group_concat(name) FROM "
                 "pragma_index_info(s.name)), ' ') FROM (SELECT name FROM sqlite_schema WHERE "
                 "type = 'index' AND tbl_name = 'acct' ORDER BY name) s",
                 "sqlite_autoindex_acct_1:email sqlite_autoindex_acct_2:nick");
    exec_ok("INSERT INTO acct (id, email, code) VALUES (4, 'd', 'x')");
    cr_expect_neq(tt_exec(g_db, "INSERT INTO acct (id, email, nick) VALUES (5, 'e', 'n1')"), 0);
    /* a column dropped with its UNIQUE */
    exec_ok("ALTER TABLE acct DROP COLUMN email");
    expect_query("PRAGMA integrity_check", "ok");
    expect_query("SELECT group_concat(name || ':' || (SELECT group_concat(name) FROM "
                 "pragma_index_info(s.name)), ' ') FROM (SELECT name FROM sqlite_schema WHERE "
                 "type = 'index' AND tbl_name = 'acct' ORDER BY name) s",
                 "sqlite_autoindex_acct_1:nick");
    /* an integer key retyped keeps being the rowid or having its index */
    exec_ok("ALTER TABLE acct ALTER COLUMN id TYPE integer");
    exec_ok("ALTER TABLE grp ALTER COLUMN id TYPE bigint");
    expect_query("PRAGMA integrity_check", "ok");
}

Test(translate_alter, identity_always_rejects_explicit_values)
{
    exec_ok("CREATE TABLE tk (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text)");
    expect_sqlstate("INSERT INTO tk (id, title) VALUES (99, 'x')", "428C9");
    expect_sqlstate("UPDATE tk SET id = 100 WHERE id = 99", "428C9");
    lg_pgerr_t err;
    char *sql = tt_translate(g_db,
                             "INSERT INTO tk (id, title) OVERRIDING SYSTEM VALUE "
                             "VALUES (99, 'x')",
                             &err, NULL);
    cr_expect_not_null(sql);
    free(sql);
    sql = tt_translate(g_db, "INSERT INTO tk (title) VALUES ('y')", &err, NULL);
    cr_expect_not_null(sql);
    free(sql);
}

Test(translate_alter, view_replace_and_drop_type)
{
    exec_ok("CREATE TABLE vt (id int, title text)");
    exec_ok("CREATE VIEW vv AS SELECT id, title FROM vt");
    expect_sqlstate("CREATE OR REPLACE VIEW vv AS SELECT id FROM vt", "42P16");
    exec_ok("CREATE OR REPLACE VIEW vv AS SELECT id, title, 1 AS n FROM vt");
    expect_sqlstate("DROP TYPE no_such_type", "42704");
    exec_ok("DROP TYPE IF EXISTS no_such_type");
    expect_sqlstate("SELECT * FROM nowhere.t", "42P01");
}

Test(translate_alter, unnest_with_ordinality_numbers_rows)
{
    exec_ok("CREATE TABLE ar (id int, labels text[])");
    sqlite3_exec(g_db, "INSERT INTO ar VALUES (1, '[\"a\",\"b\",\"c\"]')", NULL, NULL, NULL);
    lg_pgerr_t err;
    char *sql = tt_translate(g_db,
                             "SELECT string_agg(t.tag || t.n, ',') FROM ar d, "
                             "unnest(d.labels) WITH ORDINALITY AS t(tag, n)",
                             &err, NULL);
    cr_assert_not_null(sql, "%s", err.message);
    free(sql);
    sql = tt_translate(g_db,
                       "SELECT t.tag, t.n FROM ar d, unnest(d.labels) WITH ORDINALITY "
                       "AS t(tag, n) ORDER BY t.n",
                       &err, NULL);
    cr_assert_not_null(sql, "%s", err.message);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(g_db, sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
    char got[64] = "";
    size_t off = 0;
    while (sqlite3_step(st) == SQLITE_ROW && off < sizeof(got) - 8)
        off += (size_t)snprintf(got + off, sizeof(got) - off, "%s%lld,",
                                (const char *)sqlite3_column_text(st, 0),
                                (long long)sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    free(sql);
    cr_expect_str_eq(got, "a1,b2,c3,");
}

Test(translate_alter, drop_column_keeps_foreign_keys_of_other_columns)
{
    exec_ok("CREATE TABLE author (id int PRIMARY KEY)");
    exec_ok("CREATE TABLE book (id int PRIMARY KEY, author_id int, author text, "
            "CONSTRAINT book_author_fk FOREIGN KEY (author_id) REFERENCES author(id))");
    /* the dropped column shares its name with the referenced table */
    exec_ok("ALTER TABLE book DROP COLUMN author");
    cr_expect_neq(tt_exec(g_db, "INSERT INTO book VALUES (1, 99)"), 0, "the FK was lost");
    cr_expect(strstr(sqlite3_errmsg(g_db), "FOREIGN KEY") != NULL, "%s", sqlite3_errmsg(g_db));
    exec_ok("INSERT INTO author VALUES (7)");
    exec_ok("INSERT INTO book VALUES (1, 7)");
    /* a column other tables reference cannot go without CASCADE */
    expect_sqlstate("ALTER TABLE author DROP COLUMN id", "2BP01");
}

Test(translate_alter, later_actions_see_the_new_type)
{
    exec_ok("CREATE TABLE p (id int, n int)");
    exec_ok("ALTER TABLE p ALTER COLUMN n TYPE text, ALTER COLUMN n SET DEFAULT 'z'");
    exec_ok("INSERT INTO p (id) VALUES (1)");
    expect_query("SELECT n FROM p", "z");
}

Test(translate_alter, validate_constraint_checks_rows_added_not_valid)
{
    exec_ok("CREATE TABLE k (n int)");
    exec_ok("INSERT INTO k VALUES (-1), (3)");
    exec_ok("ALTER TABLE k ADD CONSTRAINT pos CHECK (n > 0) NOT VALID");
    cr_expect_neq(tt_exec(g_db, "ALTER TABLE k VALIDATE CONSTRAINT pos"), 0, "-1 is not > 0");
    exec_ok("DELETE FROM k WHERE n < 0");
    exec_ok("ALTER TABLE k VALIDATE CONSTRAINT pos");
    expect_sqlstate("ALTER TABLE k VALIDATE CONSTRAINT nosuch", "42704");
    exec_ok("CREATE TABLE kp (id int PRIMARY KEY)");
    exec_ok("CREATE TABLE kc (pid int)");
    exec_ok("ALTER TABLE kc ADD CONSTRAINT kc_fk FOREIGN KEY (pid) REFERENCES kp(id) NOT VALID");
    exec_ok("ALTER TABLE kc VALIDATE CONSTRAINT kc_fk");
}

Test(translate_alter, add_serial_column_numbers_existing_rows)
{
    exec_ok("CREATE TABLE sr (v text)");
    exec_ok("INSERT INTO sr VALUES ('a'), ('b')");
    exec_ok("ALTER TABLE sr ADD COLUMN id serial");
    expect_query("SELECT group_concat(v || id, ',') FROM (SELECT * FROM sr ORDER BY id)", "a1,b2");
}

Test(translate_alter, retype_casts_by_assignment_and_default)
{
    exec_ok("CREATE TABLE ac (id int, s text DEFAULT '1', f boolean DEFAULT false, n int, "
            "x numeric(5,2))");
    exec_ok("INSERT INTO ac (id, n, x) VALUES (1, 5, 1.5)");
    /* the default (text, boolean) has no assignment cast to integer, USING or not */
    expect_sqlstate("ALTER TABLE ac ALTER COLUMN s TYPE int USING s::int", "42804");
    expect_sqlstate("ALTER TABLE ac ALTER COLUMN f TYPE int USING 1", "42804");
    /* without USING the column itself converts by assignment: integer -> boolean has none */
    expect_sqlstate("ALTER TABLE ac ALTER COLUMN n TYPE boolean", "42804");
    /* DROP DEFAULT runs first wherever it is written */
    exec_ok("ALTER TABLE ac ALTER COLUMN s TYPE int USING s::int, ALTER COLUMN s DROP DEFAULT");
    exec_ok("INSERT INTO ac (id, s) VALUES (2, 7)");
    expect_query("SELECT group_concat(id || ':' || coalesce(s, '-'), ',') FROM ac", "1:1,2:7");
}
