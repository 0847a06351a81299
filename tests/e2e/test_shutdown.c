/* test_shutdown.c - graceful shutdown: SIGTERM tells connected clients FATAL 57P01, keeps
 * committed data, and the server exits 0. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

TestSuite(shutdown, .fini = e2e_teardown, .timeout = 60);

static char notice_state[8];

static void on_notice(void *arg, const PGresult *r)
{
    (void)arg;
    const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (code && strcmp(code, "57P01") == 0)
        memcpy(notice_state, "57P01", 6);
}

Test(shutdown, sigterm_sends_57P01_and_exits_0)
{
    cr_assert_eq(e2e_server_start(&e2e_srv, NULL), 0, "the server did not start");
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE kept (id integer PRIMARY KEY)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO kept VALUES (1), (2), (3)", PGRES_COMMAND_OK));
    PQsetNoticeReceiver(c, on_notice, NULL);

    /* a raw idle session, to read the exact bytes the server sends */
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    cr_assert_eq(e2e_raw_startup(fd, E2E_USER, E2E_DBNAME), 0);
    e2e_msg_t m;
    do {
        cr_assert_eq(e2e_raw_read_msg(fd, &m, 5000), 1);
    } while (m.type != 'Z');

    int64_t start = e2e_now_ms();
    cr_assert_eq(kill(e2e_srv.pid, SIGTERM), 0);
    cr_assert_eq(e2e_raw_read_msg(fd, &m, 10000), 1, "no message after SIGTERM");
    cr_expect_eq(m.type, 'E', "got '%c' instead of ErrorResponse", m.type);
    const char *sev = e2e_errfield(&m, 'S'), *code = e2e_errfield(&m, 'C');
    cr_expect(sev && strcmp(sev, "FATAL") == 0, "severity %s", sev ? sev : "-");
    cr_expect(code && strcmp(code, "57P01") == 0, "SQLSTATE %s", code ? code : "-");
    cr_expect_eq(e2e_raw_wait_close(fd, 10000), 0, "connection not closed after 57P01");
    close(fd);

    /* libpq sees the same: an error with 57P01 arrives while idle (as a notice) */
    int64_t deadline = e2e_now_ms() + 10000;
    while (notice_state[0] == '\0' && e2e_now_ms() < deadline) {
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        poll(&p, 1, 50);
        int ok = PQconsumeInput(c);
        PQisBusy(c); /* parses what was read: the idle-time error goes to the receiver */
        if (!ok)
            break;
    }
    cr_expect_str_eq(notice_state, "57P01", "libpq client did not get 57P01");
    PQfinish(c);

    /* exit 0 within the deadline */
    int st = -1;
    deadline = e2e_now_ms() + 15000;
    pid_t r;
    while ((r = waitpid(e2e_srv.pid, &st, WNOHANG)) == 0 && e2e_now_ms() < deadline) {
        struct timespec ts = {0, 5000000L};
        nanosleep(&ts, NULL);
    }
    cr_assert_eq(r, e2e_srv.pid, "server still running 15 s after SIGTERM");
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit status %d (signal %d)",
              WIFEXITED(st) ? WEXITSTATUS(st) : -1, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    cr_expect(e2e_now_ms() - start < 15000);

    /* committed data survives a restart on the same file */
    e2e_server_t first = e2e_srv;
    e2e_srv.pid = 0;
    cr_assert_eq(e2e_server_start_db(&e2e_srv, first.db, NULL), 0, "restart failed");
    PGconn *c2 = e2e_connect(NULL);
    cr_expect_eq(e2e_query_int(c2, "SELECT count(*) FROM kept"), 3);
    PQfinish(c2);
    e2e_teardown();
    const char *rm[] = {"rm", "-rf", first.dir, NULL};
    e2e_run(rm, NULL, 30000);
}

Test(shutdown, sigterm_with_a_busy_client_still_exits_0)
{
    cr_assert_eq(e2e_server_start(&e2e_srv, NULL), 0, "the server did not start");
    PGconn *c = e2e_connect(NULL);
    cr_assert(PQsendQuery(c, "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
                             "WHERE n < 1000000000) SELECT count(*) FROM c"));
    /* wait until the statement is surely running: the server answers another client */
    PGconn *probe = e2e_connect(NULL);
    cr_expect_eq(e2e_query_int(probe, "SELECT 1"), 1);
    PQfinish(probe);
    cr_assert_eq(kill(e2e_srv.pid, SIGTERM), 0);
    int st = -1;
    int64_t deadline = e2e_now_ms() + 20000;
    pid_t r;
    while ((r = waitpid(e2e_srv.pid, &st, WNOHANG)) == 0 && e2e_now_ms() < deadline) {
        struct timespec ts = {0, 5000000L};
        nanosleep(&ts, NULL);
    }
    cr_assert_eq(r, e2e_srv.pid, "a long statement kept the server alive 20 s after SIGTERM");
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit status %d",
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    e2e_srv.pid = 0;
    PGresult *res = PQgetResult(c);
    cr_expect_neq(PQresultStatus(res), PGRES_TUPLES_OK, "the statement cannot have finished");
    PQclear(res);
    PQfinish(c);
}
