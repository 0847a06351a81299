/* test_txn_limits.c - what keeps one client from stalling the others, and the transaction
 * modes beyond READ COMMITTED: lock_timeout (55P03), idle_in_transaction_session_timeout
 * (FATAL 25P03, the writer lease released and the work rolled back), BEGIN READ ONLY (one
 * snapshot for the whole block, writes refused with 25006), group commit (concurrent
 * autocommit writes share commits, yet each fails or succeeds on its own), and PREPARE
 * TRANSACTION refused as with max_prepared_transactions = 0. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

TestSuite(txn_limits, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static void setup_table(void)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE acct (id integer PRIMARY KEY, n integer NOT NULL)",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO acct VALUES (1, 0), (2, 0)", PGRES_COMMAND_OK));
    PQfinish(c);
}

Test(txn_limits, lock_timeout_gives_55P03_and_the_session_goes_on)
{
    setup_table();
    PGconn *a = e2e_connect(NULL), *b = e2e_connect(NULL);
    PQclear(e2e_exec(a, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "UPDATE acct SET n = n + 1 WHERE id = 1", PGRES_COMMAND_OK));
    PQclear(e2e_exec(b, "SET lock_timeout = '200ms'", PGRES_COMMAND_OK));
    int64_t t0 = e2e_now_ms();
    e2e_expect_error(b, "UPDATE acct SET n = n + 10 WHERE id = 2", "55P03");
    cr_expect_lt(e2e_now_ms() - t0, 3000, "the wait is bounded by lock_timeout");
    cr_expect_eq(PQtransactionStatus(b), PQTRANS_IDLE);
    PQclear(e2e_exec(a, "COMMIT", PGRES_COMMAND_OK));
    PQclear(e2e_exec(b, "UPDATE acct SET n = n + 10 WHERE id = 2", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(b, "SELECT n FROM acct WHERE id = 1"), 1);
    cr_expect_eq(e2e_query_int(b, "SELECT n FROM acct WHERE id = 2"), 10);
    PQfinish(a);
    PQfinish(b);
}

Test(txn_limits, idle_in_transaction_timeout_ends_the_session_and_frees_the_writer)
{
    setup_table();
    PGconn *a = e2e_connect(NULL), *b = e2e_connect(NULL);
    PQclear(e2e_exec(a, "SET idle_in_transaction_session_timeout = '300ms'", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(a, "UPDATE acct SET n = 99 WHERE id = 1", PGRES_COMMAND_OK));
    /* b's write waits for a's lease, which the timeout must end */
    int64_t t0 = e2e_now_ms();
    PQclear(e2e_exec(b, "UPDATE acct SET n = n + 1 WHERE id = 2", PGRES_COMMAND_OK));
    cr_expect_lt(e2e_now_ms() - t0, 5000);
    PGresult *r = PQexec(a, "SELECT 1");
    cr_expect_neq(PQresultStatus(r), PGRES_TUPLES_OK, "the idle session was terminated");
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (st)
        cr_expect_str_eq(st, "25P03");
    PQclear(r);
    cr_expect_eq(e2e_query_int(b, "SELECT n FROM acct WHERE id = 1"), 0, "a's work rolled back");
    PQfinish(a);
    PQfinish(b);
}

Test(txn_limits, read_only_block_sees_one_snapshot_and_refuses_writes)
{
    setup_table();
    PGconn *a = e2e_connect(NULL), *b = e2e_connect(NULL);
    PQclear(e2e_exec(a, "BEGIN READ ONLY", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM acct"), 2);
    PQclear(e2e_exec(b, "INSERT INTO acct VALUES (3, 0)", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM acct"), 2, "one snapshot per block");
    e2e_expect_error(a, "INSERT INTO acct VALUES (4, 0)", "25006");
    PQclear(e2e_exec(a, "ROLLBACK", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM acct"), 3);
    /* READ COMMITTED, by contrast, sees each statement's own snapshot */
    PQclear(e2e_exec(a, "BEGIN", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM acct"), 3);
    PQclear(e2e_exec(b, "INSERT INTO acct VALUES (5, 0)", PGRES_COMMAND_OK));
    cr_expect_eq(e2e_query_int(a, "SELECT count(*) FROM acct"), 4);
    PQclear(e2e_exec(a, "COMMIT", PGRES_COMMAND_OK));
    PQfinish(a);
    PQfinish(b);
}

#define WRITERS 8
#define ROUNDS 60

typedef struct writer {
    int id;
    int ok, dup;
} writer_t;

/* Every fifth insert repeats a key another writer also inserts: exactly one of them wins. */
static void *insert_loop(void *arg)
{
    writer_t *w = arg;
    PGconn *c = e2e_connect(NULL);
    for (int i = 0; i < ROUNDS; i++) {
        char sql[128];
        int key = i % 5 == 0 ? 100000 + i : w->id * 1000 + i;
        snprintf(sql, sizeof(sql), "INSERT INTO g VALUES (%d, %d)", key, w->id);
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_COMMAND_OK)
            w->ok++;
        else if (strcmp(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505") == 0)
            w->dup++;
        PQclear(r);
    }
    PQfinish(c);
    return NULL;
}

Test(txn_limits, concurrent_autocommit_writes_fail_or_succeed_one_by_one)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE g (k integer PRIMARY KEY, who integer)", PGRES_COMMAND_OK));
    pthread_t t[WRITERS];
    writer_t w[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (writer_t){.id = i + 1};
        pthread_create(&t[i], NULL, insert_loop, &w[i]);
    }
    int ok = 0, dup = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(t[i], NULL);
        ok += w[i].ok;
        dup += w[i].dup;
    }
    int shared = ROUNDS / 5;
    cr_expect_eq(ok + dup, WRITERS * ROUNDS, "every statement got an answer");
    cr_expect_eq(dup, shared * (WRITERS - 1), "each shared key rejected for all but one writer");
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM g"), ok, "acknowledged rows are there");
    PQfinish(c);
}

/* PREPARE TRANSACTION as PostgreSQL with max_prepared_transactions = 0: outside a block a
 * warning and ROLLBACK; in a block 55000 and the block ends rolled back; in a failed
 * block just ROLLBACK. */
Test(txn_limits, prepare_transaction_ends_the_block_as_postgresql)
{
    setup_table();
    PGconn *c = e2e_connect(NULL);
    PGresult *r = e2e_exec(c, "PREPARE TRANSACTION 'x'", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "ROLLBACK");
    PQclear(r);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "UPDATE acct SET n = 5 WHERE id = 1", PGRES_COMMAND_OK));
    e2e_expect_error(c, "PREPARE TRANSACTION 'x'", "55000");
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE, "the block ended");
    r = e2e_exec(c, "SELECT n FROM acct WHERE id = 1", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "0", "rolled back");
    PQclear(r);
    PQclear(e2e_exec(c, "BEGIN", PGRES_COMMAND_OK));
    e2e_expect_error(c, "SELECT 1 / 0", "22012");
    r = e2e_exec(c, "PREPARE TRANSACTION 'x'", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "ROLLBACK");
    PQclear(r);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    e2e_expect_error(c, "COMMIT PREPARED 'x'", "42704");
    PQfinish(c);
}
