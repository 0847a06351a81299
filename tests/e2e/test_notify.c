/* test_notify.c - LISTEN / NOTIFY / pg_notify between libpq connections (PQnotifies):
 * delivery to an idle listener with the sender's backend pid, at commit only, nothing on
 * rollback, duplicates collapsed, the sender's own notifications, UNLISTEN. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <string.h>

TestSuite(notify, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

/* Waits up to ms for a notification on an idle connection (NULL on timeout). */
static PGnotify *wait_notify(PGconn *c, int ms)
{
    int64_t deadline = e2e_now_ms() + ms;
    for (;;) {
        cr_assert(PQconsumeInput(c), "%s", PQerrorMessage(c));
        PGnotify *n = PQnotifies(c);
        if (n)
            return n;
        int64_t left = deadline - e2e_now_ms();
        if (left <= 0)
            return NULL;
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        poll(&p, 1, (int)left);
    }
}

static void expect_notify(PGconn *c, const char *channel, const char *payload, int pid)
{
    PGnotify *n = wait_notify(c, 5000);
    cr_assert_not_null(n, "no notification on %s", channel);
    cr_expect_str_eq(n->relname, channel);
    cr_expect_str_eq(n->extra, payload);
    cr_expect_eq(n->be_pid, pid);
    PQfreemem(n);
}

Test(notify, an_idle_listener_gets_notify_with_the_sender_pid)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    PGresult *r = e2e_exec(a, "LISTEN jobs", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "LISTEN");
    PQclear(r);
    r = e2e_exec(b, "NOTIFY jobs, 'hello'", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "NOTIFY");
    PQclear(r);
    expect_notify(a, "jobs", "hello", PQbackendPID(b));
    r = e2e_exec(b, "SELECT pg_notify('jobs', 'from function')", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "");
    cr_expect_eq(PQftype(r, 0), 2278);
    PQclear(r);
    expect_notify(a, "jobs", "from function", PQbackendPID(b));
    e2e_ok(b, "NOTIFY other, 'not listened'");
    e2e_ok(b, "NOTIFY jobs");
    expect_notify(a, "jobs", "", PQbackendPID(b));
    PQfinish(a);
    PQfinish(b);
}

Test(notify, delivered_at_commit_dropped_at_rollback_duplicates_collapse)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_ok(a, "LISTEN q");
    e2e_ok(b, "BEGIN");
    e2e_ok(b, "NOTIFY q, 'rolled back'");
    e2e_ok(b, "ROLLBACK");
    e2e_ok(b, "BEGIN");
    e2e_ok(b, "NOTIFY q, 'one'");
    e2e_ok(b, "SELECT pg_notify('q', 'one')");
    e2e_ok(b, "NOTIFY q, 'two'");
    cr_expect_null(wait_notify(a, 300), "delivered before the commit");
    e2e_ok(b, "COMMIT");
    expect_notify(a, "q", "one", PQbackendPID(b));
    expect_notify(a, "q", "two", PQbackendPID(b));
    cr_expect_null(wait_notify(a, 300), "a duplicate or rolled-back notification arrived");
    PQfinish(a);
    PQfinish(b);
}

Test(notify, the_sender_gets_its_own_and_unlisten_stops_delivery)
{
    PGconn *a = e2e_connect(NULL);
    e2e_ok(a, "LISTEN self");
    e2e_ok(a, "NOTIFY self, 'me'");
    PGnotify *n = PQnotifies(a); /* arrived with the NOTIFY's own result */
    cr_assert_not_null(n);
    cr_expect_str_eq(n->extra, "me");
    cr_expect_eq(n->be_pid, PQbackendPID(a));
    PQfreemem(n);
    PGresult *r = e2e_exec(a, "UNLISTEN *", PGRES_COMMAND_OK);
    cr_expect_str_eq(PQcmdStatus(r), "UNLISTEN");
    PQclear(r);
    e2e_ok(a, "NOTIFY self, 'ignored'");
    cr_expect_null(wait_notify(a, 200));
    e2e_expect_error(a, "SELECT pg_notify('', 'x')", "22023");
    PQfinish(a);
}

Test(notify, listen_in_a_block_takes_effect_at_commit)
{
    PGconn *a = e2e_connect(NULL);
    PGconn *b = e2e_connect(NULL);
    e2e_ok(a, "BEGIN");
    e2e_ok(a, "LISTEN later");
    e2e_ok(a, "ROLLBACK");
    e2e_ok(b, "NOTIFY later, 'lost'");
    cr_expect_null(wait_notify(a, 300), "a rolled-back LISTEN took effect");
    e2e_ok(a, "BEGIN");
    e2e_ok(a, "LISTEN later");
    e2e_ok(b, "NOTIFY later, 'too early'");
    e2e_ok(a, "COMMIT");
    cr_expect_null(wait_notify(a, 300), "LISTEN took effect before its commit");
    e2e_ok(b, "NOTIFY later, 'now'");
    expect_notify(a, "later", "now", PQbackendPID(b));
    PQfinish(a);
    PQfinish(b);
}

/* pg_notification_queue_usage(): a float8 fraction; nothing waits in a queue here. */
Test(notify, notification_queue_usage_is_a_fraction)
{
    PGconn *c = e2e_connect(NULL);
    e2e_ok(c, "LISTEN q1");
    PGresult *r = e2e_exec(c, "SELECT pg_notification_queue_usage()", PGRES_TUPLES_OK);
    cr_expect_eq(PQftype(r, 0), 701u); /* float8 */
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "0");
    PQclear(r);
    PQfinish(c);
}
