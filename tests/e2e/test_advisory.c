/* test_advisory.c - PostgreSQL advisory locks across connections: re-entrant session locks,
 * unlock of a lock not held (false + WARNING), blocking until the holder releases,
 * lock_timeout (55P03) and statement_timeout (57014) while waiting, transaction locks
 * released at COMMIT, shared locks, separate key spaces, release on disconnect. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <string.h>

TestSuite(advisory, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static char *one_text(PGconn *c, const char *sql)
{
    PGresult *r = e2e_exec(c, sql, PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(r), 1);
    static char buf[256];
    snprintf(buf, sizeof(buf), "%s", PQgetisnull(r, 0, 0) ? "NULL" : PQgetvalue(r, 0, 0));
    PQclear(r);
    return buf;
}

/* Waits up to ms for the result of a query sent with PQsendQuery; false if still busy. */
static bool wait_result(PGconn *c, int ms)
{
    int64_t deadline = e2e_now_ms() + ms;
    while (PQisBusy(c)) {
        int64_t left = deadline - e2e_now_ms();
        if (left <= 0)
            return false;
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        if (poll(&p, 1, (int)left) > 0)
            cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
    }
    return true;
}

static char g_notice[256];
static void on_notice(void *arg, const PGresult *r)
{
    (void)arg;
    snprintf(g_notice, sizeof(g_notice), "%s %s", PQresultErrorField(r, PG_DIAG_SEVERITY),
             PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
}

Test(advisory, session_locks_are_reentrant_and_unlock_reports_not_held)
{
    PGconn *a = e2e_connect(NULL);
    PQsetNoticeReceiver(a, on_notice, NULL);
    cr_expect_str_eq(one_text(a, "SELECT pg_advisory_lock(7)"), "");
    PGresult *r = e2e_exec(a,
                           "SELECT pg_try_advisory_lock(7), pg_advisory_unlock(7), "
                           "pg_advisory_unlock(7), pg_advisory_unlock(7)",
                           PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "t");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "t");
    cr_expect_str_eq(PQgetvalue(r, 0, 2), "t");
    cr_expect_str_eq(PQgetvalue(r, 0, 3), "f");
    cr_expect_eq(PQftype(r, 0), 16);
    PQclear(r);
    cr_expect_str_eq(g_notice, "WARNING you don't own a lock of type ExclusiveLock");
    PQfinish(a);
}

Test(advisory, a_held_lock_blocks_another_session_until_released)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_exec(a, "SELECT pg_advisory_lock(42)", PGRES_TUPLES_OK);
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(42)"), "f");
    cr_assert(PQsendQuery(b, "SELECT pg_advisory_lock(42)"));
    cr_expect_not(wait_result(b, 400), "pg_advisory_lock did not wait for the holder");
    /* the server keeps serving other sessions meanwhile */
    cr_expect_eq(e2e_query_int(a, "SELECT 1 + 1"), 2);
    cr_expect_str_eq(one_text(a, "SELECT pg_advisory_unlock(42)"), "t");
    cr_assert(wait_result(b, 5000), "the waiter was not woken by the release");
    PGresult *r = PQgetResult(b);
    cr_expect_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    cr_assert_null(PQgetResult(b));
    cr_expect_str_eq(one_text(a, "SELECT pg_try_advisory_lock(42)"), "f");
    PQfinish(a);
    PQfinish(b);
}

static void expect_wait_fails(PGconn *b, const char *setting, const char *sqlstate)
{
    PGresult *r = e2e_exec(b, setting, PGRES_COMMAND_OK);
    PQclear(r);
    int64_t t0 = e2e_now_ms();
    e2e_expect_error(b, "SELECT pg_advisory_lock(5)", sqlstate);
    int64_t took = e2e_now_ms() - t0;
    cr_expect(took >= 150 && took < 5000, "waited %lld ms", (long long)took);
    cr_expect_eq(e2e_query_int(b, "SELECT 3"), 3);
}

Test(advisory, waiting_honors_lock_timeout_and_statement_timeout)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_exec(a, "SELECT pg_advisory_lock(5)", PGRES_TUPLES_OK);
    expect_wait_fails(b, "SET lock_timeout = '200ms'", "55P03");
    e2e_exec(b, "RESET lock_timeout", PGRES_COMMAND_OK);
    expect_wait_fails(b, "SET statement_timeout = '250ms'", "57014");
    PQfinish(a);
    PQfinish(b);
}

Test(advisory, disconnect_releases_every_lock_of_the_session)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_exec(a, "SELECT pg_advisory_lock(9), pg_advisory_lock(9), pg_advisory_lock_shared(10)",
             PGRES_TUPLES_OK);
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(9)"), "f");
    PQfinish(a);
    bool got = false;
    for (int64_t end = e2e_now_ms() + 5000; !got && e2e_now_ms() < end;)
        got = strcmp(one_text(b, "SELECT pg_try_advisory_lock(9)"), "t") == 0;
    cr_expect(got, "the lock survived its session");
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(10)"), "t");
    PQfinish(b);
}

Test(advisory, transaction_locks_last_until_commit)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_exec(a, "BEGIN", PGRES_COMMAND_OK);
    PGresult *r = e2e_exec(a, "SELECT pg_advisory_xact_lock(31, 7)", PGRES_TUPLES_OK);
    cr_expect_eq(PQftype(r, 0), 2278); /* void */
    PQclear(r);
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(31, 7)"), "f");
    /* the two-int key space is not the bigint one */
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(133143986183)"), "t");
    e2e_exec(a, "COMMIT", PGRES_COMMAND_OK);
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(31, 7)"), "t");
    /* an autocommit statement's transaction lock ends with the statement */
    e2e_exec(a, "SELECT pg_advisory_xact_lock(77)", PGRES_TUPLES_OK);
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_xact_lock(77)"), "t");
    PQfinish(a);
    PQfinish(b);
}

Test(advisory, shared_locks_share_and_exclude_exclusive)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_exec(a, "SELECT pg_advisory_lock_shared(3)", PGRES_TUPLES_OK);
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock_shared(3)"), "t");
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(3)"), "f");
    cr_expect_str_eq(one_text(b, "SELECT pg_advisory_unlock_shared(3)"), "t");
    e2e_exec(a, "SELECT pg_advisory_unlock_all()", PGRES_TUPLES_OK);
    cr_expect_str_eq(one_text(b, "SELECT pg_try_advisory_lock(3)"), "t");
    PQfinish(a);
    PQfinish(b);
}

Test(advisory, a_deadlock_between_two_waiters_fails_one_with_40P01)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_exec(a, "SELECT pg_advisory_lock(1)", PGRES_TUPLES_OK);
    e2e_exec(b, "SELECT pg_advisory_lock(2)", PGRES_TUPLES_OK);
    cr_assert(PQsendQuery(a, "SELECT pg_advisory_lock(2)"));
    cr_expect_not(wait_result(a, 200));
    cr_assert(PQsendQuery(b, "SELECT pg_advisory_lock(1)"));
    /* one of them is chosen as the victim after the deadlock timeout (1 s) */
    PGconn *victim = NULL, *other = NULL;
    for (int64_t end = e2e_now_ms() + 10000; !victim && e2e_now_ms() < end;) {
        if (wait_result(a, 100)) {
            victim = a;
            other = b;
        } else if (wait_result(b, 100)) {
            victim = b;
            other = a;
        }
    }
    cr_assert_not_null(victim, "no deadlock was detected");
    PGresult *r = PQgetResult(victim);
    cr_expect_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "40P01");
    PQclear(r);
    cr_assert_null(PQgetResult(victim));
    cr_expect_not(wait_result(other, 300), "both waiters were failed");
    e2e_exec(victim, "SELECT pg_advisory_unlock_all()", PGRES_TUPLES_OK);
    cr_assert(wait_result(other, 5000));
    r = PQgetResult(other);
    cr_expect_eq(PQresultStatus(r), PGRES_TUPLES_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    cr_assert_null(PQgetResult(other));
    PQfinish(a);
    PQfinish(b);
}

/* hashtext is PostgreSQL's text hash, so lock keys derived from names are the same numbers. */
Test(advisory, hashtext_keys_match_postgresql)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = e2e_exec(c,
                           "SELECT hashtext('migrations'), hashtext(''), "
                           "pg_try_advisory_lock(hashtext('migrations'))",
                           PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "331260518");
    cr_expect_str_eq(PQgetvalue(r, 0, 1), "-1477818771");
    cr_expect_str_eq(PQgetvalue(r, 0, 2), "t");
    PQclear(r);
    PQfinish(c);
}

Test(advisory, pg_locks_lists_advisory_locks)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "SELECT pg_advisory_lock(42), pg_advisory_lock(1, 2)", PGRES_TUPLES_OK));
    PGresult *r = e2e_exec(c,
                           "SELECT string_agg(classid || '/' || objid || '/' || objsubid || '/' "
                           "|| mode || '/' || granted, ',' ORDER BY objsubid) FROM pg_locks "
                           "WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
                           PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "0/42/1/ExclusiveLock/true,1/2/2/ExclusiveLock/true");
    PQclear(r);
    PQfinish(c);
}
