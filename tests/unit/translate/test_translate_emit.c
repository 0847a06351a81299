/* test_translate_emit.c - PostgreSQL statement -> expected SQLite SQL (or SQLSTATE), each
 * output also prepared on an in-memory SQLite with the schema below, so emitted-but-invalid
 * SQL fails here. */
#include "translate_test_util.h"
#include "pgtype.h"
#include "sqlfn.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const k_schema =
    "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100) NOT NULL UNIQUE, "
    "name text, active boolean DEFAULT true, created timestamptz DEFAULT now(), "
    "score numeric(10,2), meta jsonb, tags text[], n int, CONSTRAINT users_name_uq UNIQUE (name, "
    "email));"
    "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id int REFERENCES users(id), "
    "total numeric(12,2), placed date)";

typedef struct tcase {
    const char *pg;
    const char *sqlite; /* expected text, or NULL when only the SQLSTATE matters */
    const char *sqlstate;
} tcase_t;

static const tcase_t k_cases[] = {
    {"SELECT id, email FROM users WHERE id = $1",
     "SELECT id AS id, email AS email FROM users WHERE (id = ?1)", NULL},
    {"SELECT count(*) FROM users", "SELECT count(*) AS count FROM users", NULL},
    /* integer arithmetic is checked (22003 on overflow, 22012 on zero) */
    {"SELECT 7/2, 1.5", "SELECT lg_int4_div(7, 2) AS \"?column?\", 1.5 AS \"?column?\"", NULL},
    {"SELECT n / n FROM users", "SELECT lg_int4_div(n, n) AS \"?column?\" FROM users", NULL},
    {"SELECT score / 2 FROM users", "SELECT lg_numeric_div(score, 2) AS \"?column?\" FROM users",
     NULL},
    {"SELECT * FROM users WHERE email LIKE 'A%'", "SELECT * FROM users WHERE (email GLOB 'A*')",
     NULL},
    {"SELECT * FROM users WHERE email NOT LIKE '50\\%_*'",
     "SELECT * FROM users WHERE (NOT email GLOB '50%?[*]')", NULL},
    {"SELECT * FROM users WHERE email ILIKE $1", "SELECT * FROM users WHERE (lg_ilike(email, ?1))",
     NULL},
    {"SELECT * FROM users WHERE email ~ '^a'", "SELECT * FROM users WHERE (lg_regex(email, '^a'))",
     NULL},
    {"SELECT * FROM users WHERE created > '2024-01-01'",
     "SELECT * FROM users WHERE (created > lg_to_timestamptz('2024-01-01'))", NULL},
    {"SELECT * FROM users WHERE active = 'yes'", "SELECT * FROM users WHERE (active = 1)", NULL},
    {"SELECT * FROM users WHERE id = ANY($1)",
     "SELECT * FROM users WHERE (id IN (SELECT value FROM json_each(lg_to_array(?1, 23)) UNION "
     "ALL SELECT NULL WHERE (lg_to_array(?1, 23)) IS NULL))",
     NULL},
    {"SELECT greatest(n, 3), least(1, 2) FROM users",
     "SELECT lg_greatest(n, 3) AS greatest, lg_least(1, 2) AS least FROM users", NULL},
    {"SELECT name FROM users ORDER BY name DESC, id LIMIT 5 OFFSET 10",
     "SELECT name AS name FROM users ORDER BY name DESC NULLS FIRST, id NULLS LAST LIMIT 5 "
     "OFFSET 10",
     NULL},
    {"SELECT id FROM users OFFSET 3", "SELECT id AS id FROM users LIMIT -1 OFFSET 3", NULL},
    {"SELECT id FROM users FETCH FIRST 2 ROWS ONLY", "SELECT id AS id FROM users LIMIT 2", NULL},
    {"SELECT a IS DISTINCT FROM b FROM (SELECT 1 AS a, NULL::int AS b) s",
     "SELECT (a IS DISTINCT FROM b) AS \"?column?\" FROM (SELECT 1 AS a, lg_to_int4(NULL) AS b) "
     "AS s",
     NULL},
    {"SELECT u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id "
     "WHERE o.total BETWEEN 10 AND 20",
     "SELECT u.email AS email, o.total AS total FROM users AS u JOIN orders AS o ON "
     "(o.user_id = u.id) WHERE (o.total BETWEEN 10 AND 20)",
     NULL},
    {"INSERT INTO users (email, active) VALUES ($1, $2) RETURNING id",
     "INSERT INTO users (email, active) VALUES (lg_to_varchar(?1, 100, 0), ?2) RETURNING id "
     "AS id",
     NULL},
    {"INSERT INTO users (email, name) VALUES ('a', DEFAULT)",
     "INSERT INTO users (email) VALUES ('a')", NULL},
    {"INSERT INTO users DEFAULT VALUES", "INSERT INTO users DEFAULT VALUES", NULL},
    {"INSERT INTO users (email) VALUES ('x') ON CONFLICT ON CONSTRAINT users_name_uq DO NOTHING",
     "INSERT INTO users (email) VALUES ('x') ON CONFLICT (name, email) DO NOTHING", NULL},
    {"INSERT INTO users (email) VALUES ('x') ON CONFLICT ON CONSTRAINT nope DO NOTHING", NULL,
     "42704"},
    {"INSERT INTO users (email, n) SELECT email, n FROM users ON CONFLICT (email) DO UPDATE "
     "SET n = excluded.n",
     "INSERT INTO users (email, n) WITH _lg_ins(_lg_c0, _lg_c1) AS (SELECT email AS email, n "
     "AS n FROM users) SELECT * FROM (SELECT * FROM _lg_ins LIMIT -1) WHERE "
     "lg_upsert_once(0, _lg_c0) ON CONFLICT (email) DO UPDATE SET n = excluded.n",
     NULL},
    {"INSERT INTO users (email, n) SELECT email, 1.5 FROM users ON CONFLICT (email) DO UPDATE "
     "SET n = excluded.n",
     "INSERT INTO users (email, n) WITH _lg_ins(_lg_c0, _lg_c1) AS (SELECT email AS email, 1.5 "
     "AS \"?column?\" FROM users) SELECT * FROM (SELECT _lg_c0 AS _lg_c0, lg_to_int4(_lg_c1) AS "
     "_lg_c1 FROM _lg_ins LIMIT -1) WHERE lg_upsert_once(0, _lg_c0) ON CONFLICT (email) DO "
     "UPDATE SET n = excluded.n",
     NULL},
    {"INSERT INTO users (email, n) VALUES ('a', 2147483648), ('b', '-32769'), ('c', '5')",
     "INSERT INTO users (email, n) VALUES ('a', lg_to_int4(2147483648)), ('b', -32769), "
     "('c', 5)",
     NULL},
    {"UPDATE users SET n = DEFAULT, name = DEFAULT, id = DEFAULT WHERE n = 3000000000",
     "UPDATE users SET n = NULL, name = NULL, id = (nextval('users_id_seq')) WHERE (n = "
     "3000000000)",
     NULL},
    {"UPDATE users SET score = 1.5, name = $1 WHERE id = $2",
     "UPDATE users SET score = lg_to_numeric(1.5, 655366), name = ?1 WHERE (id = ?2)", NULL},
    {"UPDATE orders o SET total = 0 FROM users u WHERE u.id = o.user_id AND u.active",
     "UPDATE orders AS o SET total = lg_to_numeric(0, 786438) FROM users AS u WHERE "
     "((u.id = o.user_id) AND u.active)",
     NULL},
    {"DELETE FROM orders o USING users u WHERE u.id = o.user_id RETURNING o.id",
     "DELETE FROM orders AS o WHERE EXISTS (SELECT 1 FROM users AS u WHERE (u.id = o.user_id)) "
     "RETURNING id AS id",
     NULL},
    {"SELECT 1 UNION SELECT 2 INTERSECT SELECT 2",
     "SELECT 1 AS \"?column?\" UNION SELECT * FROM (SELECT 2 AS \"?column?\" INTERSECT SELECT 2 "
     "AS \"?column?\")",
     NULL},
    {"SELECT x FROM (VALUES (1), (2)) AS v(x)",
     "SELECT x AS x FROM (SELECT _lg_in.column1 AS x FROM (VALUES (1), (2)) AS _lg_in) AS v", NULL},
    {"SELECT meta->>'k', meta#>>'{a,b}' FROM users",
     "SELECT lg_jsonb_get_text(meta, 'k') AS \"?column?\", lg_json_path_text(meta, "
     "lg_to_array('{a,b}', 25)) AS \"?column?\" FROM users",
     NULL},
    {"SELECT * FROM users TABLESAMPLE SYSTEM (10)", NULL, "0A000"},
    {"SELECT * FROM t, LATERAL (SELECT 1) x", NULL, "0A000"}, /* t unknown: not listed */
    {"SELECT $1::nosuchtype", NULL, "42704"},
    {"INSERT INTO users (id, email) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET email = "
     "excluded.email RETURNING excluded.email",
     NULL, "42P01"},
    {"SET TRANSACTION SNAPSHOT '00000003-0000001B-1'", NULL, "0A000"},
    {"COMMIT PREPARED 'x'", NULL, "42704"},
    /* row locking as PostgreSQL refuses it */
    {"SELECT * FROM users FOR UPDATE OF nosuch", NULL, "42P01"},
    {"SELECT * FROM users u FOR UPDATE OF users", NULL, "42P01"},
    {"SELECT * FROM users FOR UPDATE OF public.users", NULL, "42601"},
    {"VALUES (1) FOR UPDATE", NULL, "0A000"},
    {"SELECT id FROM users UNION SELECT id FROM orders FOR SHARE", NULL, "0A000"},
    {"(SELECT id FROM users FOR UPDATE) UNION SELECT id FROM orders", NULL, "0A000"},
    {"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id FOR UPDATE", NULL, "0A000"},
    {"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id FOR UPDATE OF o", NULL, "0A000"},
    /* PostgreSQL types litegres has no storage for: 0A000 naming them, not "does not exist" */
    {"SELECT '10.0.0.1'::inet", NULL, "0A000"},
    {"CREATE TABLE bits (a bit(4))", NULL, "0A000"},
    {"CREATE TABLE spans (r tstzmultirange)", NULL, "0A000"},
    {"CREATE TYPE dupe AS ENUM ('a', 'a')", NULL, "23505"}, /* pg_enum's unique index */
    {"SELECT a FROM tenant.t", NULL, "42P01"},
};

static sqlite3 *g_db;

static void setup(void)
{
    tt_db_extra = sqlfn_register_all; /* real lg_pg_sortpos, lg_scalar_sub ... */
    g_db = tt_db_open();
    cr_assert_eq(tt_exec(g_db, k_schema), 0);
}

static void teardown(void)
{
    sqlite3_close(g_db);
}

TestSuite(translate_emit, .init = setup, .fini = teardown);

Test(translate_emit, table_of_statements)
{
    for (size_t i = 0; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
        const tcase_t *t = &k_cases[i];
        lg_pgerr_t err;
        char *sql = tt_translate(g_db, t->pg, &err, NULL);
        if (t->sqlstate) {
            cr_expect_null(sql, "expected error for: %s, got %s", t->pg, sql ? sql : "");
            cr_expect_str_eq(err.sqlstate, t->sqlstate, "for: %s (%s)", t->pg, err.message);
            free(sql);
            continue;
        }
        cr_expect_not_null(sql, "for: %s: %s %s", t->pg, err.sqlstate, err.message);
        if (!sql)
            continue;
        cr_expect_str_eq(sql, t->sqlite, "for: %s", t->pg);
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(g_db, sql, -1, &st, NULL);
        cr_expect_eq(rc, SQLITE_OK, "sqlite rejects %s: %s", sql, sqlite3_errmsg(g_db));
        sqlite3_finalize(st);
        free(sql);
    }
}

Test(translate_emit, result_columns_have_postgres_names_and_types)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql = tt_translate(g_db,
                             "SELECT count(*), id, email, 1 + 1, 'x', now(), sum(n), "
                             "avg(n), score FROM users GROUP BY id",
                             &err, &r);
    cr_assert_not_null(sql, "%s", err.message);
    const translate_stmt_t *s = &r->stmts[0];
    cr_assert_eq(s->ncols, 9);
    const char *names[] = {"count", "id",  "email", "?column?", "?column?",
                           "now",   "sum", "avg",   "score"};
    uint32_t types[] = {PGTYPE_INT8,        PGTYPE_INT4, PGTYPE_VARCHAR, PGTYPE_INT4,   PGTYPE_TEXT,
                        PGTYPE_TIMESTAMPTZ, PGTYPE_INT8, PGTYPE_NUMERIC, PGTYPE_NUMERIC};
    for (int i = 0; i < 9; i++) {
        cr_expect_str_eq(s->cols[i].name, names[i]);
        cr_expect_eq(s->cols[i].type_oid, types[i], "column %d: %u", i, s->cols[i].type_oid);
    }
    cr_expect_eq(s->cols[8].typmod, (10 << 16 | 2) + 4, "numeric(10,2) typmod kept");
    cr_expect_eq(s->cls, TR_CLASS_READ);
    free(sql);
    tt_result_free(r);
}

/* A * next to other targets is listed column by column, so that the other targets keep
 * their types (a boolean would otherwise come back as its stored 0/1). */
Test(translate_emit, star_next_to_other_targets_keeps_their_types)
{
    const char *const sqls[] = {
        "SELECT *, id = 1 AS b FROM users",
        "SELECT u.*, id = 1 AS b FROM users u JOIN orders o ON o.user_id = u.id",
        "INSERT INTO users (email) VALUES ('a') RETURNING *, id = 1 AS b",
        "UPDATE users SET n = 1 RETURNING *, id = 1 AS b",
        "DELETE FROM users RETURNING *, true AS b",
    };
    for (size_t k = 0; k < sizeof(sqls) / sizeof(sqls[0]); k++) {
        lg_pgerr_t err;
        translate_result_t *r = NULL;
        char *sql = tt_translate(g_db, sqls[k], &err, &r);
        cr_assert_not_null(sql, "%s: %s", sqls[k], err.message);
        const translate_stmt_t *s = &r->stmts[r->nstmts - 1];
        cr_assert_eq(s->ncols, 10, "%s: %d columns", sqls[k], s->ncols);
        cr_expect_str_eq(s->cols[0].name, "id");
        cr_expect_eq(s->cols[3].type_oid, PGTYPE_BOOL, "%s", sqls[k]);
        cr_expect_str_eq(s->cols[9].name, "b");
        cr_expect_eq(s->cols[9].type_oid, PGTYPE_BOOL, "%s", sqls[k]);
        free(sql);
        tt_result_free(r);
    }
}

/* RETURNING * lists the target's columns with their types, which a data-modifying WITH
 * item passes on to the query reading it (numeric(10,2) keeps its scale there). */
Test(translate_emit, returning_star_has_column_types)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql = tt_translate(g_db,
                             "WITH x AS (INSERT INTO users (email) VALUES ('a') "
                             "RETURNING *) SELECT * FROM x",
                             &err, &r);
    cr_assert_not_null(sql, "%s", err.message);
    const translate_stmt_t *s = &r->stmts[r->nstmts - 1];
    cr_assert_eq(s->ncols, 9, "%d columns", s->ncols);
    cr_expect_eq(s->cols[5].type_oid, PGTYPE_NUMERIC);
    cr_expect_eq(s->cols[5].typmod, (10 << 16 | 2) + 4, "numeric(10,2) typmod kept");
    free(sql);
    tt_result_free(r);
}

/* A stored generated column is one of the columns * lists, also when * is listed column by
 * column (RETURNING *, or * next to other targets). */
Test(translate_emit, star_lists_generated_columns)
{
    cr_assert_eq(tt_exec(g_db, "CREATE TABLE gen (a int, b int GENERATED ALWAYS AS (a) "
                               "STORED, c text)"),
                 0);
    const char *const sqls[] = {"INSERT INTO gen (a) VALUES (3) RETURNING *",
                                "SELECT *, a > 1 AS big FROM gen"};
    for (size_t k = 0; k < 2; k++) {
        lg_pgerr_t err;
        translate_result_t *r = NULL;
        char *sql = tt_translate(g_db, sqls[k], &err, &r);
        cr_assert_not_null(sql, "%s: %s", sqls[k], err.message);
        const translate_stmt_t *s = &r->stmts[r->nstmts - 1];
        cr_assert_geq(s->ncols, 3, "%s: %d columns", sqls[k], s->ncols);
        cr_expect_str_eq(s->cols[1].name, "b", "%s", sqls[k]);
        cr_expect_str_eq(s->cols[2].name, "c", "%s", sqls[k]);
        free(sql);
        tt_result_free(r);
    }
}

/* * next to a LATERAL subquery lists the tables' and the subquery's columns. */
Test(translate_emit, star_over_lateral_lists_columns)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql =
        tt_translate(g_db, "SELECT * FROM orders o, LATERAL (SELECT o.id * 2 AS d) x", &err, &r);
    cr_assert_not_null(sql, "%s", err.message);
    const translate_stmt_t *s = &r->stmts[0];
    cr_assert_eq(s->ncols, 5, "%d columns", s->ncols);
    cr_expect_str_eq(s->cols[4].name, "d");
    sqlite3_stmt *st = NULL;
    cr_expect_eq(sqlite3_prepare_v2(g_db, sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
    cr_expect_eq(sqlite3_column_count(st), 5);
    sqlite3_finalize(st);
    free(sql);
    tt_result_free(r);
}

Test(translate_emit, parameter_types_are_inferred)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql = tt_translate(g_db,
                             "SELECT $3 FROM users WHERE id = $1 AND email LIKE $2 "
                             "LIMIT $4",
                             &err, &r);
    cr_assert_not_null(sql, "%s", err.message);
    const translate_stmt_t *s = &r->stmts[0];
    cr_assert_eq(s->nparams, 4);
    cr_expect_eq(s->param_types[0], PGTYPE_INT4);
    cr_expect_eq(s->param_types[1], PGTYPE_TEXT);
    cr_expect_eq(s->param_types[2], PGTYPE_TEXT, "unknown context -> text, as PostgreSQL");
    cr_expect_eq(s->param_types[3], PGTYPE_INT8);
    free(sql);
    tt_result_free(r);
}

Test(translate_emit, locking_and_nextval_make_a_select_a_write)
{
    lg_pgerr_t err;
    translate_result_t *r = NULL;
    char *sql = tt_translate(g_db, "SELECT id FROM users FOR UPDATE SKIP LOCKED", &err, &r);
    cr_assert_not_null(sql);
    cr_expect_str_eq(sql, "SELECT id AS id FROM users");
    cr_expect_eq(r->stmts[0].cls, TR_CLASS_WRITE);
    free(sql);
    tt_result_free(r);
    sql = tt_translate(g_db, "SELECT nextval('users_id_seq')", &err, &r);
    cr_assert_not_null(sql);
    cr_expect_eq(r->stmts[0].cls, TR_CLASS_WRITE);
    free(sql);
    tt_result_free(r);
}

Test(translate_emit, like_is_case_sensitive_and_rows_match)
{
    cr_assert_eq(tt_exec(g_db, "INSERT INTO users (email, name) VALUES ('Ann@x', 'Ann'), "
                               "('bob@x', 'bob')"),
                 0);
    lg_pgerr_t err;
    char *sql = tt_translate(g_db, "SELECT count(*) FROM users WHERE name LIKE 'a%'", &err, NULL);
    cr_assert_not_null(sql);
    char *v = tt_query1(g_db, sql);
    cr_expect_str_eq(v, "0", "LIKE must not match 'Ann' with 'a%%'");
    free(v);
    free(sql);
    sql = tt_translate(g_db, "SELECT count(*) FROM users WHERE name ILIKE 'a%'", &err, NULL);
    v = tt_query1(g_db, sql);
    cr_expect_str_eq(v, "1");
    free(v);
    free(sql);
}

Test(translate_emit, distinct_on_keeps_first_row_per_key)
{
    cr_assert_eq(tt_exec(g_db, "INSERT INTO users (email, name, n) VALUES ('a1', 'x', 1), "
                               "('a2', 'x', 5), ('a3', 'y', 2)"),
                 0);
    lg_pgerr_t err;
    char *sql = tt_translate(
        g_db, "SELECT DISTINCT ON (name) name, n FROM users ORDER BY name, n DESC", &err, NULL);
    cr_assert_not_null(sql, "%s", err.message);
    char q[2048];
    snprintf(q, sizeof(q), "SELECT group_concat(name || ':' || n, ',') FROM (%s)", sql);
    char *v = tt_query1(g_db, q);
    cr_expect_str_eq(v, "x:5,y:2");
    free(v);
    free(sql);
}

/* Operators look at their operands' types before emitting them; a long chain must still
 * translate once per node (it used to take time exponential in its length). */
Test(translate_emit, long_operator_chains_translate)
{
    sqlite3 *db = tt_db_open();
    cr_assert_eq(tt_exec(db, "CREATE TABLE ch (a text, n int)"), 0);
    char sql[4096] = "SELECT a";
    for (int i = 0; i < 60; i++)
        strncat(sql, i % 2 ? " || a" : " || n", sizeof(sql) - strlen(sql) - 1);
    strncat(sql, " FROM ch", sizeof(sql) - strlen(sql) - 1);
    lg_pgerr_t err;
    char *out = tt_translate(db, sql, &err, NULL);
    cr_assert_not_null(out, "%s", err.message);
    int n = 0;
    for (const char *p = out; (p = strstr(p, "||")) != NULL; p += 2)
        n++;
    cr_expect_eq(n, 60);
    free(out);
    sqlite3_close(db);
}
