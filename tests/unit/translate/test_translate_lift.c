/* test_translate_lift.c - the second cache key: the literal lexer (what is lifted, what stays
 * part of the key, what disables lifting) and the template check (which statements may
 * reuse a parameterized translation). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pgtype.h"
#include "translate.h"
#include "translate_lift.h"
#include "translate_test_util.h"

static translate_lifted_t lex_ok(const char *sql)
{
    translate_lifted_t l;
    cr_assert_eq(translate_lift_lex(sql, strlen(sql), 4096, &l), 0, "not lexed: %s", sql);
    return l;
}

static void expect_value(const char *sql, const translate_lifted_t *l, int i, const char *want)
{
    size_t n;
    char *v = translate_lift_value(sql, l, i, &n);
    cr_expect_str_eq(v, want);
    cr_expect_eq(n, strlen(want));
    free(v);
}

Test(lift_lex, numbers_and_strings_become_typed_placeholders)
{
    const char *q = "SELECT a FROM t WHERE id = 42 AND name = 'it''s' AND big > 3000000000 "
                    "AND f < 1.5e3 AND x = .5";
    translate_lifted_t l = lex_ok(q);
    cr_expect_str_eq(l.norm, "SELECT a FROM t WHERE id = $1 AND name = $2 AND big > $3 "
                             "AND f < $4 AND x = $5");
    cr_assert_eq(l.nlits, 5);
    cr_expect_eq(l.types[0], PGTYPE_INT4);
    cr_expect_eq(l.types[1], 0u);
    cr_expect_eq(l.types[2], PGTYPE_INT8);
    cr_expect_eq(l.types[3], PGTYPE_NUMERIC);
    cr_expect_eq(l.types[4], PGTYPE_NUMERIC);
    expect_value(q, &l, 0, "42");
    expect_value(q, &l, 1, "it's");
    expect_value(q, &l, 4, ".5");
    translate_lifted_free(&l);
}

Test(lift_lex, quoted_and_commented_text_stays_in_the_key)
{
    const char *q = "SELECT \"col 1\", E'a\\'b', $x$ 7 $x$, t2.c3 /* 8 /* 9 */ */ FROM t2 -- 10\n"
                    "WHERE k = 11";
    translate_lifted_t l = lex_ok(q);
    cr_expect_str_eq(l.norm, "SELECT \"col 1\", E'a\\'b', $x$ 7 $x$, t2.c3 /* 8 /* 9 */ */ "
                             "FROM t2 -- 10\nWHERE k = $1");
    cr_expect_eq(l.nlits, 1);
    translate_lifted_free(&l);
}

Test(lift_lex, texts_that_are_not_lifted)
{
    const char *no[] = {
        "SELECT 1 WHERE $1 = 2", /* parameters */
        "SELECT 'a'\n'b'",       /* adjacent strings concatenate */
        "SELECT name FROM t",    /* nothing to lift */
        "SELECT 'unterminated",  /* left to the parser */
        "SELECT 12abc",          /* odd token */
    };
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        translate_lifted_t l;
        cr_expect_neq(translate_lift_lex(no[i], strlen(no[i]), 4096, &l), 0, "%s", no[i]);
    }
    translate_lifted_t l;
    cr_expect_neq(translate_lift_lex("SELECT 1", 8, 4, &l), 0, "longer than max_len");
}

/* Whether `q`'s lifted form is accepted as a template against db. */
static bool accepted(sqlite3 *db, const char *q)
{
    translate_opts_t o = {0};
    o.catalog_db = db;
    translate_result_t *orig = NULL;
    lg_pgerr_t err;
    lg_pgerr_clear(&err);
    cr_assert_eq(translate_sql(q, strlen(q), &o, &orig, &err), 0, "%s: %s", q, err.message);
    translate_lifted_t l = lex_ok(q);
    translate_result_t *t = translate_lift_template(&l, q, orig, &o);
    bool ok = t->nstmts == 1;
    translate_result_unref(t);
    translate_result_unref(orig);
    translate_lifted_free(&l);
    return ok;
}

Test(lift_template, plain_reads_and_writes_are_reused)
{
    sqlite3 *db = tt_db_open();
    cr_assert_eq(tt_exec(db, "CREATE TABLE acc (aid int PRIMARY KEY, bal int, note text)"), 0);
    cr_expect(accepted(db, "SELECT bal FROM acc WHERE aid = 17"));
    cr_expect(accepted(db, "SELECT note FROM acc WHERE note = 'x' AND aid > 3 LIMIT 10"));
    cr_expect(accepted(db, "UPDATE acc SET bal = bal + 5 WHERE aid = 9"));
    cr_expect(accepted(db, "INSERT INTO acc VALUES (1, 2, 'three')"));
    sqlite3_close(db);
}

Test(lift_template, literal_sensitive_statements_are_not)
{
    sqlite3 *db = tt_db_open();
    cr_assert_eq(tt_exec(db, "CREATE TABLE acc (aid int PRIMARY KEY, bal int, note text)"), 0);
    cr_expect(!accepted(db, "SELECT aid, bal FROM acc ORDER BY 2"), "ORDER BY position");
    cr_expect(!accepted(db, "SELECT bal, count(*) FROM acc GROUP BY 1"), "GROUP BY position");
    cr_expect(!accepted(db, "SELECT aid, bal FROM acc ORDER BY 1 DESC, 2"), "positions in a list");
    cr_expect(!accepted(db, "CREATE TABLE t2 (a int DEFAULT 5)"), "DDL");
    cr_expect(!accepted(db, "SET statement_timeout = 5"), "SET");
    cr_expect(!accepted(db, "SELECT 1; SELECT 2"), "several statements");
    sqlite3_close(db);
}
