/* test_fk_errors.c - foreign-key and unique violations are reported as PostgreSQL reports
 * them: the constraint, the table and the key (drivers read these fields), and the failed
 * statement leaves nothing behind. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <string.h>

TestSuite(fk_errors, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void setup(PGconn *c)
{
    PQclear(e2e_exec(c,
                     "CREATE TABLE acc (id int PRIMARY KEY, name text);"
                     "CREATE TABLE ev (id serial PRIMARY KEY, account_id int REFERENCES acc(id));"
                     "CREATE TABLE pair (a int, b int, CONSTRAINT pair_acc FOREIGN KEY (a) "
                     "REFERENCES acc);"
                     "INSERT INTO acc VALUES (1, 'one'), (2, 'two');"
                     "INSERT INTO ev (account_id) VALUES (1)",
                     PGRES_COMMAND_OK));
}

static void expect_fk(PGconn *c, const char *sql, const char *constraint, const char *table,
                      const char *detail)
{
    PGresult *r = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR, "%s succeeded", sql);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23503");
    const char *con = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    const char *tab = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
    const char *det = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    cr_expect_str_eq(con ? con : "(none)", constraint, "%s", sql);
    cr_expect_str_eq(tab ? tab : "(none)", table, "%s", sql);
    cr_expect_str_eq(det ? det : "(none)", detail, "%s", sql);
    PQclear(r);
}

Test(fk_errors, violations_name_constraint_table_and_key)
{
    PGconn *c = e2e_connect(NULL);
    setup(c);
    expect_fk(c, "INSERT INTO ev (account_id) VALUES (999)", "ev_account_id_fkey", "ev",
              "Key (account_id)=(999) is not present in table \"acc\".");
    expect_fk(c, "INSERT INTO pair VALUES (5, 1)", "pair_acc", "pair",
              "Key (a)=(5) is not present in table \"acc\".");
    expect_fk(c, "UPDATE ev SET account_id = 7", "ev_account_id_fkey", "ev",
              "Key (account_id)=(7) is not present in table \"acc\".");
    expect_fk(c, "DELETE FROM acc WHERE id = 1", "ev_account_id_fkey", "ev",
              "Key (id)=(1) is still referenced from table \"ev\".");
    /* nothing of the failed statements stayed */
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM ev"), 1);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM acc"), 2);
    cr_expect_eq(e2e_query_int(c, "SELECT account_id FROM ev"), 1);
    PQfinish(c);
}

Test(fk_errors, inside_a_block_the_block_fails_and_rolls_back)
{
    PGconn *c = e2e_connect(NULL);
    setup(c);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO ev (account_id) VALUES (2)", PGRES_COMMAND_OK));
    expect_fk(c, "INSERT INTO ev (account_id) VALUES (42)", "ev_account_id_fkey", "ev",
              "Key (account_id)=(42) is not present in table \"acc\".");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INERROR);
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM ev"), 1);
    PQclear(e2e_exec(c, "INSERT INTO ev (account_id) VALUES (2)", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM ev"), 2);
    PQfinish(c);
}

Test(fk_errors, undefined_relation_errors_point_at_the_name)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = PQexec(c, "SELECT login FROM nd_acounts");
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42P01");
    const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect_str_eq(pos ? pos : "(none)", "19");
    PQclear(r);
    r = PQexecParams(c, "SELECT 1 FROM nope WHERE 1 = $1", 1, NULL, (const char *[]){"1"}, NULL,
                     NULL, 0);
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect_str_eq(pos ? pos : "(none)", "15", "extended protocol");
    PQclear(r);
    PQfinish(c);
}

static void expect_unique_detail(PGconn *c, const char *sql, const char *constraint,
                                 const char *detail)
{
    PGresult *r = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR, "%s", sql);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505", "%s", sql);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME), constraint, "%s", sql);
    const char *det = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    cr_expect(det && !strcmp(det, detail), "%s: detail %s", sql, det ? det : "(none)");
    PQclear(r);
}

/* Unique violations carry PostgreSQL's DETAIL with the duplicate key, and the statement
 * that failed leaves nothing behind. */
Test(fk_errors, unique_violations_show_the_key)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c,
                     "CREATE TABLE us (id serial PRIMARY KEY, email text UNIQUE, a int, b text, "
                     "UNIQUE (a, b)); INSERT INTO us (email, a, b) VALUES ('x@y.z', 1, 'q')",
                     PGRES_COMMAND_OK));
    expect_unique_detail(c, "INSERT INTO us (email) VALUES ('x@y.z')", "us_email_key",
                         "Key (email)=(x@y.z) already exists.");
    expect_unique_detail(c, "INSERT INTO us (email, a, b) VALUES ('n', 1, 'q')", "us_a_b_key",
                         "Key (a, b)=(1, q) already exists.");
    expect_unique_detail(c, "INSERT INTO us (id, email) VALUES (1, 'z')", "us_pkey",
                         "Key (id)=(1) already exists.");
    expect_unique_detail(c, "INSERT INTO us (email) VALUES ('m'), ('m')", "us_email_key",
                         "Key (email)=(m) already exists.");
    PQclear(e2e_exec(c, "INSERT INTO us (email) VALUES ('w')", PGRES_COMMAND_OK));
    expect_unique_detail(c, "UPDATE us SET email = 'x@y.z' WHERE email = 'w'", "us_email_key",
                         "Key (email)=(x@y.z) already exists.");
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM us"), 2);
    PQfinish(c);
}

/* MATCH FULL: a key with some but not all columns NULL is refused (MATCH SIMPLE would take
 * it); all NULL passes; set by CREATE TABLE or ALTER TABLE. */
Test(fk_errors, match_full_refuses_partly_null_keys)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c,
                     "CREATE TABLE fm (a int, b int, PRIMARY KEY (a, b));"
                     "INSERT INTO fm VALUES (1, 1);"
                     "CREATE TABLE ff (x int, y int, FOREIGN KEY (x, y) REFERENCES fm (a, b) "
                     "MATCH FULL);"
                     "CREATE TABLE fs (x int, y int, FOREIGN KEY (x, y) REFERENCES fm (a, b));"
                     "CREATE TABLE fg (x int, y int);"
                     "ALTER TABLE fg ADD CONSTRAINT fg_full FOREIGN KEY (x, y) REFERENCES fm "
                     "MATCH FULL",
                     PGRES_COMMAND_OK));
    const char *mixing = "MATCH FULL does not allow mixing of null and nonnull key values.";
    expect_fk(c, "INSERT INTO ff VALUES (1, NULL)", "ff_x_y_fkey", "ff", mixing);
    expect_fk(c, "INSERT INTO fg VALUES (NULL, 1)", "fg_full", "fg", mixing);
    PQclear(e2e_exec(c, "INSERT INTO ff VALUES (NULL, NULL), (1, 1)", PGRES_COMMAND_OK));
    expect_fk(c, "UPDATE ff SET y = NULL WHERE x = 1", "ff_x_y_fkey", "ff", mixing);
    PQclear(e2e_exec(c, "INSERT INTO fs VALUES (1, NULL)", PGRES_COMMAND_OK)); /* SIMPLE */
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM ff"), 2);
    PQfinish(c);
}
