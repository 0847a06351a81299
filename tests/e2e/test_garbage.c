/* test_garbage.c - garbage, truncated and oversized input on one connection: the server
 * closes that connection (after an ErrorResponse 08P01 once the startup is done) and keeps
 * serving every other client. */
#include "e2e_server.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

TestSuite(garbage, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

static PGconn *keeper;

static void keeper_still_works(void)
{
    cr_assert(e2e_server_alive(&e2e_srv), "the server died");
    cr_expect_eq(e2e_query_int(keeper, "SELECT 40 + 2"), 42);
    PGconn *fresh = e2e_connect(NULL);
    cr_expect_eq(e2e_query_int(fresh, "SELECT 1"), 1);
    PQfinish(fresh);
}

/* After bad startup-phase bytes: any reply is an ErrorResponse, then the server closes. */
static void expect_rejected_at_startup(int fd, const char *what)
{
    e2e_msg_t m;
    int r = e2e_raw_read_msg(fd, &m, 5000);
    if (r == 1) {
        cr_expect_eq(m.type, 'E', "%s: reply type '%c', expected ErrorResponse", what, m.type);
        cr_expect(e2e_raw_wait_close(fd, 5000) == 0, "%s: not closed after the error", what);
    } else {
        cr_expect_eq(r, 0, "%s: the server neither replied nor closed within 5 s", what);
    }
    close(fd);
}

/* A started-up raw session: startup sent, everything up to ReadyForQuery consumed. */
static int raw_session(void)
{
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    cr_assert_eq(e2e_raw_startup(fd, E2E_USER, E2E_DBNAME), 0);
    e2e_msg_t m;
    do {
        cr_assert_eq(e2e_raw_read_msg(fd, &m, 5000), 1, "no ReadyForQuery after startup");
        cr_assert_neq(m.type, 'E', "startup failed: %s", e2e_errfield(&m, 'M'));
    } while (m.type != 'Z');
    return fd;
}

/* After a bad message in a started session: ErrorResponse 08P01, then close. */
static void expect_protocol_violation(int fd, const char *what)
{
    e2e_msg_t m;
    int r = e2e_raw_read_msg(fd, &m, 5000);
    cr_expect_eq(r, 1, "%s: no ErrorResponse before the close", what);
    if (r == 1) {
        cr_expect_eq(m.type, 'E', "%s: reply type '%c'", what, m.type);
        const char *code = e2e_errfield(&m, 'C');
        cr_expect(code && strcmp(code, "08P01") == 0, "%s: SQLSTATE %s, expected 08P01", what,
                  code ? code : "(none)");
    }
    cr_expect_eq(e2e_raw_wait_close(fd, 5000), 0, "%s: connection not closed", what);
    close(fd);
}

Test(garbage, random_bytes_instead_of_a_startup_packet)
{
    keeper = e2e_connect(NULL);
    srand(12345);
    for (int round = 0; round < 5; round++) {
        unsigned char junk[4096];
        for (size_t i = 0; i < sizeof(junk); i++)
            junk[i] = (unsigned char)(rand() & 0xff);
        int fd = e2e_raw_connect(e2e_srv.port);
        cr_assert(fd >= 0);
        e2e_raw_send(fd, junk, sizeof(junk));
        expect_rejected_at_startup(fd, "random bytes");
        keeper_still_works();
    }
    PQfinish(keeper);
}

Test(garbage, startup_length_0xffffffff)
{
    keeper = e2e_connect(NULL);
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    unsigned char pkt[12] = {0xff, 0xff, 0xff, 0xff, 0, 3, 0, 0, 'u', 's', 'e', 'r'};
    e2e_raw_send(fd, pkt, sizeof(pkt));
    expect_rejected_at_startup(fd, "length 0xFFFFFFFF");
    unsigned char tiny[4] = {0, 0, 0, 3};
    fd = e2e_raw_connect(e2e_srv.port);
    e2e_raw_send(fd, tiny, sizeof(tiny));
    expect_rejected_at_startup(fd, "length 3");
    keeper_still_works();
    PQfinish(keeper);
}

Test(garbage, startup_packet_cut_short)
{
    keeper = e2e_connect(NULL);
    /* header promises 64 bytes, 20 arrive, then the client holds the socket open */
    unsigned char part[20] = {0, 0, 0, 64, 0, 3, 0, 0, 'u', 's', 'e', 'r', 0, 'e', '2', 'e', 0};
    int held = e2e_raw_connect(e2e_srv.port);
    cr_assert(held >= 0);
    e2e_raw_send(held, part, sizeof(part));
    keeper_still_works();
    /* the same, then the client goes away */
    int fd = e2e_raw_connect(e2e_srv.port);
    e2e_raw_send(fd, part, sizeof(part));
    close(fd);
    /* and one that closes after 2 bytes of header */
    fd = e2e_raw_connect(e2e_srv.port);
    e2e_raw_send(fd, part, 2);
    close(fd);
    keeper_still_works();
    close(held);
    keeper_still_works();
    PQfinish(keeper);
}

Test(garbage, message_length_0xffffffff_after_startup)
{
    keeper = e2e_connect(NULL);
    int fd = raw_session();
    unsigned char msg[9] = {'Q', 0xff, 0xff, 0xff, 0xff, 'S', 'E', 'L', 0};
    e2e_raw_send(fd, msg, sizeof(msg));
    expect_protocol_violation(fd, "Query with length 0xFFFFFFFF");
    keeper_still_works();
    PQfinish(keeper);
}

Test(garbage, message_length_below_four_after_startup)
{
    keeper = e2e_connect(NULL);
    int fd = raw_session();
    unsigned char msg[5] = {'Q', 0, 0, 0, 2};
    e2e_raw_send(fd, msg, sizeof(msg));
    expect_protocol_violation(fd, "Query with length 2");
    keeper_still_works();
    PQfinish(keeper);
}

Test(garbage, unknown_message_type_after_startup)
{
    keeper = e2e_connect(NULL);
    int fd = raw_session();
    unsigned char msg[9] = {'!', 0, 0, 0, 8, 1, 2, 3, 4};
    e2e_raw_send(fd, msg, sizeof(msg));
    expect_protocol_violation(fd, "message type '!'");
    keeper_still_works();
    PQfinish(keeper);
}

Test(garbage, malformed_bind_after_startup)
{
    keeper = e2e_connect(NULL);
    int fd = raw_session();
    /* Bind claiming 1000 parameter values in an 11-byte body */
    unsigned char msg[] = {'B', 0, 0, 0, 15, 0, 0, 0, 0, 0x03, 0xe8, 0, 0, 0, 5, 'a'};
    e2e_raw_send(fd, msg, sizeof(msg));
    unsigned char sync[5] = {'S', 0, 0, 0, 4};
    e2e_raw_send(fd, sync, sizeof(sync));
    e2e_msg_t m;
    int r = e2e_raw_read_msg(fd, &m, 5000);
    cr_assert_eq(r, 1, "no reply to a malformed Bind");
    cr_expect_eq(m.type, 'E', "reply type '%c', expected ErrorResponse", m.type);
    close(fd);
    keeper_still_works();
    PQfinish(keeper);
}

Test(garbage, client_closes_in_the_middle_of_a_message)
{
    keeper = e2e_connect(NULL);
    int fd = raw_session();
    unsigned char msg[12] = {'Q', 0, 0, 0, 100, 'S', 'E', 'L', 'E', 'C', 'T', ' '};
    e2e_raw_send(fd, msg, sizeof(msg));
    close(fd);
    keeper_still_works();
    PQfinish(keeper);
}

TestSuite(garbage_limits, .fini = e2e_teardown, .timeout = 60);

Test(garbage_limits, message_over_max_message_size_is_08P01)
{
    const char *args[] = {"--max-message-size", "4096", NULL};
    cr_assert_eq(e2e_server_start(&e2e_srv, args), 0, "the server did not start");
    keeper = e2e_connect(NULL);
    PGconn *c = e2e_connect(NULL);
    char sql[10000];
    size_t at = (size_t)snprintf(sql, sizeof(sql), "SELECT '");
    memset(sql + at, 'a', sizeof(sql) - at - 3);
    memcpy(sql + sizeof(sql) - 3, "'", 2);
    /* libpq: the statement fails and the connection is gone (libpq 15 reports the lost
     * connection rather than the FATAL it read just before, so the SQLSTATE is checked on
     * the raw socket below) */
    PGresult *r = PQexec(c, sql);
    cr_expect_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    PQclear(r);
    cr_expect_eq(PQstatus(c), CONNECTION_BAD);
    PQfinish(c);
    /* the bytes: ErrorResponse 08P01, then the server closes */
    int fd = raw_session();
    size_t len = strlen(sql) + 1;
    e2e_raw_send_msg(fd, 'Q', sql, len);
    expect_protocol_violation(fd, "Query of 10 kB over a 4 kB --max-message-size");
    /* a message under the limit is fine */
    cr_expect_eq(e2e_query_int(keeper, "SELECT length('aaaaaaaaaaaaaaaaaaaaaaaaaaaa')"), 28);
    keeper_still_works();
    PQfinish(keeper);
}
