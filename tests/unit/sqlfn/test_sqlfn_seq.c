/* test_sqlfn_seq.c - nextval/currval/setval/lastval over _lg_sequences: values never repeat
 * after a rollback, two connections of one file share positions, currval/lastval are
 * session state, and PostgreSQL's errors. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlfn.h"

#define SEQ_TABLE                                                                                  \
    "CREATE TABLE IF NOT EXISTS _lg_sequences(name TEXT PRIMARY KEY, "                             \
    "last_value INTEGER NOT NULL, start_value INTEGER NOT NULL, "                                  \
    "increment INTEGER NOT NULL DEFAULT 1, min_value INTEGER NOT NULL, "                           \
    "max_value INTEGER NOT NULL, cycle INTEGER NOT NULL DEFAULT 0, "                               \
    "is_called INTEGER NOT NULL DEFAULT 0, owner_tbl TEXT, owner_col TEXT);"

static char g_path[64];
static sqlite3 *g_a, *g_b;
static char g_res[512];

static sqlite3 *open_conn(void)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(g_path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    cr_assert_eq(sqlfn_register_all(db), 0);
    return db;
}

static const char *run(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    g_res[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(g_res, sizeof g_res, "ERR %s", sqlite3_errmsg(db));
        return g_res;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(g_res, sizeof g_res, "%s",
                 sqlite3_column_type(st, 0) == SQLITE_NULL
                     ? "NULL"
                     : (const char *)sqlite3_column_text(st, 0));
    else if (rc != SQLITE_DONE)
        snprintf(g_res, sizeof g_res, "ERR %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return g_res;
}

#define RUN(db, sql, want) cr_expect_str_eq(run(db, sql), want, "%s -> %s", sql, g_res)

static void setup(void)
{
    snprintf(g_path, sizeof g_path, "/tmp/lg_seq_test_%d_XXXXXX", (int)getpid());
    int fd = mkstemp(g_path);
    cr_assert(fd >= 0);
    close(fd);
    g_a = open_conn();
    cr_assert_eq(sqlite3_exec(g_a,
                              SEQ_TABLE
                              "INSERT INTO _lg_sequences(name, last_value, start_value, "
                              "min_value, max_value) VALUES ('t_id_seq', 1, 1, 1, 2147483647);"
                              "INSERT INTO _lg_sequences(name, last_value, start_value, "
                              "min_value, max_value, cycle) VALUES ('small', 1, 1, 1, 3, 0),"
                              "('ring', 1, 1, 1, 2, 1);"
                              "INSERT INTO _lg_sequences(name, last_value, start_value, "
                              "increment, min_value, max_value) VALUES "
                              "('down', -1, -1, -1, -5, -1);"
                              "CREATE TABLE t(id INTEGER NOT NULL DEFAULT "
                              "(nextval('t_id_seq')), v TEXT);",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    g_b = open_conn();
}

static void teardown(void)
{
    sqlite3_close(g_a);
    sqlite3_close(g_b);
    unlink(g_path);
}

TestSuite(seq, .init = setup, .fini = teardown);

Test(seq, nextval_in_default_and_currval)
{
    RUN(g_a, "INSERT INTO t(v) VALUES ('a'), ('b')", "");
    RUN(g_a, "SELECT group_concat(id) FROM t", "1,2");
    RUN(g_a, "SELECT currval('t_id_seq')", "2");
    RUN(g_a, "SELECT lastval()", "2");
    RUN(g_a, "SELECT last_value || ',' || is_called FROM _lg_sequences WHERE name = 't_id_seq'",
        "2,1");
    RUN(g_a, "SELECT nextval('public.T_ID_SEQ')", "3");
}

Test(seq, rollback_does_not_reuse)
{
    RUN(g_a, "SELECT nextval('t_id_seq')", "1");
    RUN(g_a, "BEGIN", "");
    RUN(g_a, "SELECT nextval('t_id_seq')", "2");
    RUN(g_a, "ROLLBACK", "");
    RUN(g_a, "SELECT last_value FROM _lg_sequences WHERE name = 't_id_seq'", "1");
    RUN(g_a, "SELECT nextval('t_id_seq')", "3");
    RUN(g_b, "SELECT nextval('t_id_seq')", "4"); /* other connection, same file */
    RUN(g_a, "SELECT currval('t_id_seq')", "3"); /* per session */
}

Test(seq, session_state_and_errors)
{
    RUN(g_b, "SELECT currval('t_id_seq')",
        "ERR 55000:currval of sequence \"t_id_seq\" is not yet defined in this session");
    RUN(g_b, "SELECT lastval()", "ERR 55000:lastval is not yet defined in this session");
    RUN(g_b, "SELECT nextval('nope')", "ERR 42P01:relation \"nope\" does not exist");
    /* a quoted name keeps its case: "T_ID_SEQ" is not t_id_seq (an unquoted one folds) */
    RUN(g_b, "SELECT nextval('\"T_ID_SEQ\"')", "ERR 42P01:relation \"T_ID_SEQ\" does not exist");
    RUN(g_a, "SELECT nextval('T_ID_SEQ')", "1");
    sqlfn_seq_session_t *s = sqlfn_seq_session_new();
    cr_assert_eq(sqlfn_seq_session_attach(g_a, s), 0);
    RUN(g_a, "SELECT lastval()", "ERR 55000:lastval is not yet defined in this session");
    RUN(g_a, "SELECT nextval('\"t_id_seq\"')", "2");
    cr_assert_eq(sqlfn_seq_session_attach(g_a, NULL), 0);
    cr_assert_eq(sqlfn_seq_session_attach(g_b, s), 0);
    RUN(g_b, "SELECT currval('t_id_seq')", "2"); /* the session moved to another connection */
    cr_assert_eq(sqlfn_seq_session_attach(g_b, NULL), 0);
    sqlfn_seq_session_free(s);
    RUN(g_a, "SELECT currval('t_id_seq')", "1");
}

Test(seq, limits_cycle_setval)
{
    RUN(g_a, "SELECT nextval('small') + nextval('small') + nextval('small')", "6");
    RUN(g_a, "SELECT nextval('small')",
        "ERR 2200H:nextval: reached maximum value of sequence \"small\" (3)");
    RUN(g_a, "SELECT nextval('ring') || nextval('ring') || nextval('ring')", "121");
    RUN(g_a, "SELECT nextval('down') || nextval('down')", "-1-2");
    RUN(g_a, "SELECT setval('t_id_seq', 100)", "100");
    RUN(g_a, "SELECT currval('t_id_seq')", "100");
    RUN(g_b, "SELECT nextval('t_id_seq')", "101");
    RUN(g_a, "SELECT setval('t_id_seq', 10, false)", "10");
    RUN(g_a, "SELECT nextval('t_id_seq')", "10");
    RUN(g_a, "SELECT setval('t_id_seq', 0)",
        "ERR 22003:setval: value 0 is out of bounds for sequence \"t_id_seq\" (1..2147483647)");
}

Test(seq, reset_by_table_update_is_seen)
{
    RUN(g_a, "SELECT nextval('t_id_seq') + nextval('t_id_seq')", "3");
    /* TRUNCATE ... RESTART IDENTITY and ALTER SEQUENCE RESTART write is_called through
     * lg_seq_reset(name), which is 0 */
    RUN(g_b, "UPDATE _lg_sequences SET last_value = start_value, is_called = lg_seq_reset(name)",
        "");
    RUN(g_a, "SELECT nextval('t_id_seq')", "1");
}

Test(seq, consumed_reset_rolled_back_does_not_repeat)
{
    RUN(g_a, "SELECT nextval('t_id_seq')", "1");
    RUN(g_a,
        "UPDATE _lg_sequences SET last_value = 1, is_called = lg_seq_reset(name) "
        "WHERE name = 't_id_seq'",
        "");
    RUN(g_a, "BEGIN", "");
    RUN(g_a, "SELECT nextval('t_id_seq')", "1");
    RUN(g_a, "ROLLBACK", "");
    /* the row shows the reset again, but its value was handed out already */
    RUN(g_a, "SELECT nextval('t_id_seq')", "2");
    RUN(g_b, "SELECT nextval('t_id_seq')", "3");
}
