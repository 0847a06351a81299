/* test_errors.c - errors carry PostgreSQL's SQLSTATEs, the session recovers after them,
 * ReadyForQuery reports I/T/E, a failed transaction answers 25P02 until ROLLBACK, and
 * savepoints undo only what came after them. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

TestSuite(errors, .init = e2e_setup, .fini = e2e_teardown, .timeout = 30);

Test(errors, sqlstates_of_common_mistakes)
{
    PGconn *c = e2e_connect(NULL);
    e2e_expect_error(c, "SELECT * FROM no_such_table", "42P01");
    e2e_expect_error(c, "SELEC 1", "42601");
    e2e_expect_error(c, "SELECT 1 +", "42601");
    PQclear(e2e_exec(c,
                     "CREATE TABLE u (id integer PRIMARY KEY, email text UNIQUE, "
                     "n integer NOT NULL)",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO u VALUES (1, 'a@x', 1)", PGRES_COMMAND_OK));
    e2e_expect_error(c, "INSERT INTO u VALUES (1, 'b@x', 1)", "23505");
    e2e_expect_error(c, "INSERT INTO u VALUES (2, 'a@x', 1)", "23505");
    e2e_expect_error(c, "INSERT INTO u VALUES (3, 'c@x', NULL)", "23502");
    e2e_expect_error(c, "SELECT nope FROM u", "42703");
    e2e_expect_error(c, "CREATE TABLE u (id integer)", "42P07");
    e2e_expect_error(c, "CREATE TABLE u2 (a int, a int)", "42701");
    e2e_expect_error(c, "INSERT INTO u (id, n, id) VALUES (5, 1, 6)", "42701");
    e2e_expect_error(c, "SELECT id FROM u, u", "42712");
    e2e_expect_error(c, "SELECT 1 FROM u JOIN (SELECT 1) u ON true", "42712");
    e2e_expect_error(c, "UPDATE u SET n = 2 FROM u WHERE true", "42712");
    /* after every error the connection still works and nothing half-happened */
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM u"), 1);
    PQfinish(c);
}

Test(errors, error_response_has_severity_and_message)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = PQexec(c, "SELECT * FROM missing_tbl");
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SEVERITY), "ERROR");
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    cr_assert(msg != NULL);
    cr_expect(strstr(msg, "missing_tbl") != NULL, "message should name the table: %s", msg);
    PQclear(r);
    r = PQexec(c, "SELECT 1 FROM");
    const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect(pos != NULL, "a syntax error carries a position");
    PQclear(r);
    /* a literal that is no value of its type: 22P02 pointing at the literal */
    r = PQexec(c, "SELECT 1, 'abc'::int");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P02");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "invalid input syntax for type integer: \"abc\"");
    pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect(pos && strcmp(pos, "11") == 0, "position %s", pos ? pos : "(none)");
    PQclear(r);
    PQfinish(c);
}

/* An unknown column is 42703 pointing at it, in the simple and the extended protocol; a
 * double-quoted name is always an identifier, never the string SQLite would make of it. */
static void expect_position(PGresult *r, const char *state, const char *pos)
{
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), state);
    const char *p = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    cr_expect_str_eq(p ? p : "(none)", pos);
    PQclear(r);
}

Test(errors, unknown_columns_are_42703_with_their_position)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE cols (id int, \"Name\" text)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO cols VALUES (1, 'a')", PGRES_COMMAND_OK));
    expect_position(PQexec(c, "SELECT id, nope FROM cols"), "42703", "12");
    expect_position(PQexec(c, "SELECT id FROM cols c WHERE c.nope = 1"), "42703", "29");
    expect_position(PQexecParams(c, "SELECT id, nope FROM cols WHERE id = $1", 1, NULL,
                                 (const char *const[]){"1"}, NULL, NULL, 0),
                    "42703", "12");
    expect_position(PQexec(c, "SELECT \"Nope\" FROM cols"), "42703", "8");
    expect_position(PQexec(c, "SELECT \"name\" FROM cols"), "42703", "8");
    expect_position(PQexec(c, "UPDATE cols SET id = 2 WHERE \"zz\" = 'zz'"), "42703", "30");
    PGresult *r = e2e_exec(c, "SELECT \"Name\" FROM cols", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "a");
    PQclear(r);
    PQfinish(c);
}

Test(errors, transaction_status_idle_in_transaction_failed)
{
    PGconn *c = e2e_connect(NULL);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INTRANS);
    PQclear(e2e_exec(c, "SELECT 1", PGRES_TUPLES_OK));
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INTRANS);
    e2e_expect_error(c, "SELECT * FROM nope", "42P01");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INERROR);
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    PGresult *r = e2e_exec(c, "BEGIN", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "BEGIN");
    PQclear(r);
    r = e2e_exec(c, "COMMIT", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "COMMIT");
    PQclear(r);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    PQfinish(c);
}

Test(errors, failed_transaction_rejects_statements_until_rollback)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE f (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO f VALUES (1)", PGRES_COMMAND_OK));
    e2e_expect_error(c, "INSERT INTO f VALUES (1)", "23505");
    e2e_expect_error(c, "SELECT 1", "25P02");
    e2e_expect_error(c, "INSERT INTO f VALUES (2)", "25P02");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INERROR);
    /* COMMIT of a failed transaction rolls back and says so */
    PGresult *r = e2e_exec(c, "COMMIT", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "ROLLBACK");
    PQclear(r);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM f"), 0);
    PQfinish(c);
}

Test(errors, explicit_transaction_commit_and_rollback)
{
    PGconn *c = e2e_connect(NULL);
    PGconn *other = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE x (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO x VALUES (1)", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM x"), 1, "own write visible");
    cr_expect_eq(e2e_query_int(other, "SELECT count(*) FROM x"), 0, "uncommitted invisible");
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(other, "SELECT count(*) FROM x"), 0);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO x VALUES (2)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "COMMIT", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(other, "SELECT count(*) FROM x"), 1);
    PQfinish(other);
    PQfinish(c);
}

Test(errors, savepoints_keep_earlier_work)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE s (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO s VALUES (1)", PGRES_COMMAND_OK));
    PGresult *r = e2e_exec(c, "SAVEPOINT a", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "SAVEPOINT");
    PQclear(r);
    PQclear(e2e_exec(c, "INSERT INTO s VALUES (2)", PGRES_COMMAND_OK));
    e2e_expect_error(c, "INSERT INTO s VALUES (1)", "23505");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INERROR);
    r = e2e_exec(c, "ROLLBACK TO SAVEPOINT a", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "ROLLBACK");
    PQclear(r);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INTRANS, "ROLLBACK TO leaves the error state");
    PQclear(e2e_exec(c, "INSERT INTO s VALUES (3)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "SAVEPOINT b", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO s VALUES (4)", PGRES_COMMAND_OK));
    r = e2e_exec(c, "RELEASE SAVEPOINT b", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "RELEASE");
    PQclear(r);
    e2e_expect_error(c, "ROLLBACK TO SAVEPOINT b", "3B001");
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO s VALUES (1)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "SAVEPOINT a", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO s VALUES (2)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "ROLLBACK TO a", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO s VALUES (3)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "COMMIT", PGRES_COMMAND_OK));
    r = e2e_exec(c, "SELECT id FROM s ORDER BY id", PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 2, "expected rows 1 and 3, got %d rows", PQntuples(r));
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "1");
    cr_expect_str_eq(PQgetvalue(r, 1, 0), "3");
    PQclear(r);
    PQfinish(c);
}

Test(errors, transaction_control_outside_a_transaction_warns_not_fails)
{
    PGconn *c = e2e_connect(NULL);
    /* PostgreSQL answers COMMIT/ROLLBACK without BEGIN with a WARNING and success */
    PGresult *r = e2e_exec(c, "COMMIT", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "COMMIT");
    PQclear(r);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    /* BEGIN inside a transaction: a warning, still in the transaction */
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_INTRANS);
    PQclear(e2e_exec(c, "ROLLBACK", PGRES_COMMAND_OK));
    e2e_expect_error(c, "SAVEPOINT outside", "25P01");
    PQfinish(c);
}

static void collect_notice(void *arg, const PGresult *r)
{
    char *buf = arg;
    const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    size_t n = strlen(buf);
    snprintf(buf + n, 1024 - n, "%s: %s\n", sev ? sev : "?", msg ? msg : "?");
}

/* IF [NOT] EXISTS that skips says so with a NOTICE, as PostgreSQL does. */
Test(errors, if_exists_skips_send_a_notice)
{
    PGconn *c = e2e_connect(NULL);
    char notices[1024] = "";
    PQsetNoticeReceiver(c, collect_notice, notices);
    PQclear(e2e_exec(c, "DROP TABLE IF EXISTS nx_missing", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE nx (a int)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE IF NOT EXISTS nx (a int)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE INDEX nx_a ON nx (a)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE INDEX IF NOT EXISTS nx_a ON nx (a)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "DROP TABLE IF EXISTS nx", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE np (id int PRIMARY KEY)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE nc (pid int REFERENCES np(id))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "TRUNCATE np CASCADE", PGRES_COMMAND_OK));
    cr_expect_str_eq(notices, "NOTICE: table \"nx_missing\" does not exist, skipping\n"
                              "NOTICE: relation \"nx\" already exists, skipping\n"
                              "NOTICE: relation \"nx_a\" already exists, skipping\n"
                              "NOTICE: truncate cascades to table \"nc\"\n");
    PQfinish(c);
}

/* One NOTICE per object: each table TRUNCATE ... CASCADE reaches (in creation order, also
 * through another cascaded table), each missing one of DROP ... IF EXISTS a, b. */
Test(errors, notices_for_each_object)
{
    PGconn *c = e2e_connect(NULL);
    char notices[1024] = "";
    PQsetNoticeReceiver(c, collect_notice, notices);
    PQclear(e2e_exec(c, "CREATE TABLE np (id int PRIMARY KEY)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE nz (id int PRIMARY KEY, p int REFERENCES np(id))",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE na (p int REFERENCES np(id))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE ng (z int REFERENCES nz(id))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "TRUNCATE np CASCADE", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "DROP TABLE IF EXISTS nx1, ng, nx2", PGRES_COMMAND_OK));
    cr_expect_str_eq(notices, "NOTICE: truncate cascades to table \"nz\"\n"
                              "NOTICE: truncate cascades to table \"na\"\n"
                              "NOTICE: truncate cascades to table \"ng\"\n"
                              "NOTICE: table \"nx1\" does not exist, skipping\n"
                              "NOTICE: table \"nx2\" does not exist, skipping\n");
    PQfinish(c);
}

static void collect_notice_state(void *arg, const PGresult *r)
{
    char *buf = arg;
    const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    size_t n = strlen(buf);
    snprintf(buf + n, 2048 - n, "%s %s: %s\n", sev ? sev : "?", st ? st : "?", msg ? msg : "?");
}

/* Skipped IF [NOT] EXISTS of sequences, schemas, enum labels, identities and domain
 * constraints: NOTICEs with PostgreSQL's SQLSTATEs (42P07, 42P06, 42710 for "exists");
 * SET CONSTRAINTS outside a transaction block: a WARNING. */
Test(errors, if_exists_notices_carry_their_sqlstate)
{
    PGconn *c = e2e_connect(NULL);
    char notices[2048] = "";
    PQsetNoticeReceiver(c, collect_notice_state, notices);
    static const char *const k_sql[] = {
        "CREATE SEQUENCE s1",
        "CREATE SEQUENCE IF NOT EXISTS s1",
        "ALTER SEQUENCE IF EXISTS nosuch RESTART",
        "CREATE SCHEMA app",
        "CREATE SCHEMA IF NOT EXISTS app",
        "DROP SCHEMA IF EXISTS nope",
        "CREATE TYPE st AS ENUM ('a')",
        "ALTER TYPE st ADD VALUE IF NOT EXISTS 'a'",
        "CREATE TABLE t (id int NOT NULL)",
        "ALTER TABLE t ALTER COLUMN id DROP IDENTITY IF EXISTS",
        "CREATE DOMAIN d AS int",
        "ALTER DOMAIN d DROP CONSTRAINT IF EXISTS d_x",
        "SET CONSTRAINTS ALL IMMEDIATE", /* outside a block: a WARNING */
        "BEGIN",
        "SET CONSTRAINTS ALL DEFERRED",
        "COMMIT",
        "CREATE SCHEMA b",
        "CREATE TABLE b.t (a int)",
        "DROP SCHEMA b CASCADE",
    };
    for (size_t i = 0; i < sizeof(k_sql) / sizeof(k_sql[0]); i++)
        PQclear(e2e_exec(c, k_sql[i], PGRES_COMMAND_OK));
    cr_expect_str_eq(notices,
                     "NOTICE 42P07: relation \"s1\" already exists, skipping\n"
                     "NOTICE 00000: relation \"nosuch\" does not exist, skipping\n"
                     "NOTICE 42P06: schema \"app\" already exists, skipping\n"
                     "NOTICE 00000: schema \"nope\" does not exist, skipping\n"
                     "NOTICE 42710: enum label \"a\" already exists, skipping\n"
                     "NOTICE 00000: column \"id\" of relation \"t\" is not an identity column, "
                     "skipping\n"
                     "NOTICE 00000: constraint \"d_x\" of domain \"d\" does not exist, skipping\n"
                     "WARNING 25P01: SET CONSTRAINTS can only be used in transaction blocks\n"
                     "NOTICE 00000: drop cascades to table b.t\n");
    PQfinish(c);
}

Test(errors, window_function_argument_errors)
{
    PGconn *c = e2e_connect(NULL);
    e2e_expect_error(c, "SELECT ntile(0) OVER () FROM (VALUES (1)) v(x)", "22014");
    e2e_expect_error(c, "SELECT nth_value(x, 0) OVER () FROM (VALUES (1)) v(x)", "22016");
    e2e_expect_error(c,
                     "SELECT sum(x) OVER (ORDER BY x ROWS BETWEEN -1 PRECEDING AND CURRENT "
                     "ROW) FROM (VALUES (1)) v(x)",
                     "22013");
    e2e_expect_error(c, "SELECT count(DISTINCT x) OVER () FROM (VALUES (1)) v(x)", "0A000");
    PQfinish(c);
}

/* One error's fields: SQLSTATE, message, DETAIL and HINT ("" when absent), position. */
static void expect_fields(PGconn *c, const char *sql, const char *state, const char *msg,
                          const char *detail, const char *hint, const char *pos)
{
    PGresult *r = PQexec(c, sql);
    const char *f[4] = {PQresultErrorField(r, PG_DIAG_SQLSTATE),
                        PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL),
                        PQresultErrorField(r, PG_DIAG_MESSAGE_HINT),
                        PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION)};
    cr_expect_str_eq(f[0] ? f[0] : "", state, "%s", sql);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), msg, "%s", sql);
    cr_expect_str_eq(f[1] ? f[1] : "", detail, "%s", sql);
    cr_expect_str_eq(f[2] ? f[2] : "", hint, "%s", sql);
    cr_expect_str_eq(f[3] ? f[3] : "", pos, "%s", sql);
    PQclear(r);
}

/* Messages, DETAILs and HINTs as PostgreSQL words them: a unique index on an expression,
 * an upsert reaching a row twice, ON CONFLICT without a usable target, a numeric(p,s)
 * overflow. */
Test(errors, constraint_and_conversion_error_fields)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE ue (id int PRIMARY KEY, email text, n numeric(5,2))",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE UNIQUE INDEX ue_lower ON ue (lower(email))", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO ue VALUES (1, 'a@x')", PGRES_COMMAND_OK));
    PGresult *r = PQexec(c, "INSERT INTO ue VALUES (2, 'A@x')");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "duplicate key value violates unique constraint \"ue_lower\"");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_TABLE_NAME), "ue");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME), "ue_lower");
    PQclear(r);
    expect_fields(c,
                  "INSERT INTO ue (id) VALUES (5), (5) ON CONFLICT (id) DO UPDATE SET email = 'x'",
                  "21000", "ON CONFLICT DO UPDATE command cannot affect row a second time", "",
                  "Ensure that no rows proposed for insertion within the same command have "
                  "duplicate constrained values.",
                  "");
    expect_fields(c, "INSERT INTO ue (id) VALUES (6) ON CONFLICT (email) DO NOTHING", "42P10",
                  "there is no unique or exclusion constraint matching the ON CONFLICT "
                  "specification",
                  "", "", "");
    expect_fields(c, "INSERT INTO ue (id) VALUES (6) ON CONFLICT ON CONSTRAINT nope DO NOTHING",
                  "42704", "constraint \"nope\" for table \"ue\" does not exist", "", "", "");
    expect_fields(c, "INSERT INTO ue (id) VALUES (6) ON CONFLICT DO UPDATE SET n = 1", "42601",
                  "ON CONFLICT DO UPDATE requires inference specification or constraint name", "",
                  "For example, ON CONFLICT (column_name).", "32");
    expect_fields(c, "INSERT INTO ue (id, n) VALUES (7, 1000)", "22003", "numeric field overflow",
                  "A field with precision 5, scale 2 must round to an absolute value less than "
                  "10^3.",
                  "", "");
    PQfinish(c);
}

/* nextval('nosuch') points at the name, as PostgreSQL's regclass input does. */
Test(errors, unknown_sequence_error_points_at_the_name)
{
    PGconn *c = e2e_connect(NULL);
    expect_fields(c, "SELECT 1, nextval('no_such_seq')", "42P01",
                  "relation \"no_such_seq\" does not exist", "", "", "19");
    PQfinish(c);
}
