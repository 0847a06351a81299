/* test_startup.c - connection start-up as a client sees it: ParameterStatus values,
 * BackendKeyData, the Unix socket, SSLRequest/GSSENCRequest answered 'N', unknown database
 * (FATAL 3D000), too many connections (FATAL 53300), NegotiateProtocolVersion. */
#include "e2e_server.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(startup, .init = e2e_setup, .fini = e2e_teardown, .timeout = 30);

Test(startup, parameter_status_and_backend_key)
{
    PGconn *c = e2e_connect(NULL);
    const char *v = PQparameterStatus(c, "server_version");
    cr_assert(v != NULL, "no server_version");
    cr_expect(strncmp(v, "15.", 3) == 0, "server_version '%s' is not 15.x", v);
    cr_expect_eq(PQserverVersion(c) / 10000, 15, "PQserverVersion %d", PQserverVersion(c));
    cr_expect_str_eq(PQparameterStatus(c, "server_encoding"), "UTF8");
    cr_expect_str_eq(PQparameterStatus(c, "client_encoding"), "UTF8");
    cr_expect_str_eq(PQparameterStatus(c, "DateStyle"), "ISO, MDY");
    cr_expect_str_eq(PQparameterStatus(c, "integer_datetimes"), "on");
    cr_expect_str_eq(PQparameterStatus(c, "standard_conforming_strings"), "on");
    cr_expect_str_eq(PQparameterStatus(c, "IntervalStyle"), "postgres");
    cr_expect_str_eq(PQparameterStatus(c, "application_name"), "e2e");
    cr_expect(PQparameterStatus(c, "TimeZone") != NULL, "no TimeZone");
    cr_expect(PQbackendPID(c) != 0, "no BackendKeyData");
    PGconn *d = e2e_connect(NULL);
    cr_expect_neq(PQbackendPID(c), PQbackendPID(d), "two sessions share a backend key");
    PQfinish(d);
    PQfinish(c);
}

/* PostgreSQL compares encoding names without case or punctuation: asyncpg sends 'utf-8'
 * (quotes included), others UTF_8 or unicode; all mean UTF8. Others are refused clearly. */
Test(startup, client_encoding_spellings_of_utf8)
{
    const char *k_names[] = {"UTF_8", "unicode", "Utf8"};
    for (size_t i = 0; i < sizeof(k_names) / sizeof(k_names[0]); i++) {
        char opt[64];
        snprintf(opt, sizeof(opt), "client_encoding=%s", k_names[i]);
        PGconn *c = e2e_connect(opt);
        cr_expect_str_eq(PQparameterStatus(c, "client_encoding"), "UTF8", "%s", k_names[i]);
        PQfinish(c);
    }
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "SET client_encoding = 'utf-8'", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "SET client_encoding = '''utf-8'''", PGRES_COMMAND_OK));
    e2e_expect_error(c, "SET client_encoding = 'LATIN1'", "0A000");
    PGresult *r = e2e_exec(c, "SHOW client_encoding", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "UTF8");
    PQclear(r);
    PQfinish(c);
}

Test(startup, any_user_name_is_accepted)
{
    PGconn *c = e2e_connect_raw(&e2e_srv, "user=somebody_else");
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
    cr_expect_eq(e2e_query_int(c, "SELECT 3"), 3);
    PQfinish(c);
}

Test(startup, unix_socket_in_the_socket_dir)
{
    char path[400];
    snprintf(path, sizeof(path), "%s/.s.PGSQL.%d", e2e_srv.sockdir, e2e_srv.port);
    cr_expect_eq(access(path, F_OK), 0, "no socket file %s", path);
    char conninfo[600];
    snprintf(conninfo, sizeof(conninfo), "host=%s port=%d dbname=%s user=%s connect_timeout=10",
             e2e_srv.sockdir, e2e_srv.port, E2E_DBNAME, E2E_USER);
    PGconn *c = PQconnectdb(conninfo);
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "unix socket: %s", PQerrorMessage(c));
    cr_expect_eq(e2e_query_int(c, "SELECT 11"), 11);
    PQfinish(c);
}

static void expect_fatal(int fd, const char *sqlstate, const char *what)
{
    e2e_msg_t m;
    int r;
    /* PostgreSQL authenticates first and checks the database after: skip Authentication */
    do {
        r = e2e_raw_read_msg(fd, &m, 5000);
        cr_assert_eq(r, 1, "%s: no ErrorResponse to the startup packet", what);
    } while (m.type == 'R');
    cr_assert_eq(m.type, 'E', "%s: reply '%c', expected ErrorResponse", what, m.type);
    const char *sev = e2e_errfield(&m, 'S');
    const char *code = e2e_errfield(&m, 'C');
    cr_expect(sev && strcmp(sev, "FATAL") == 0, "%s: severity %s", what, sev ? sev : "-");
    cr_expect(code && strcmp(code, sqlstate) == 0, "%s: SQLSTATE %s, expected %s (%s)", what,
              code ? code : "-", sqlstate, e2e_errfield(&m, 'M'));
    cr_expect_eq(e2e_raw_wait_close(fd, 5000), 0, "%s: connection not closed", what);
}

Test(startup, unknown_database_is_fatal_3D000)
{
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    cr_assert_eq(e2e_raw_startup(fd, E2E_USER, "no_such_db"), 0);
    expect_fatal(fd, "3D000", "unknown database");
    close(fd);
    PGconn *c = e2e_connect_raw(&e2e_srv, "dbname=no_such_db");
    cr_expect_eq(PQstatus(c), CONNECTION_BAD);
    cr_expect(strstr(PQerrorMessage(c), "no_such_db") != NULL, "libpq says: %s", PQerrorMessage(c));
    PQfinish(c);
}

Test(startup, ssl_and_gssenc_requests_answered_N)
{
    unsigned char ssl[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}; /* 80877103 */
    unsigned char gss[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30}; /* 80877104 */
    unsigned char *reqs[2] = {ssl, gss};
    for (int i = 0; i < 2; i++) {
        int fd = e2e_raw_connect(e2e_srv.port);
        cr_assert(fd >= 0);
        e2e_raw_send(fd, reqs[i], 8);
        char answer = 0;
        cr_assert_eq(e2e_raw_read_exact(fd, &answer, 1, 5000), 1, "no answer to request %d", i);
        cr_expect_eq(answer, 'N', "request %d answered '%c'", i, answer);
        /* the same socket then carries a normal startup */
        cr_assert_eq(e2e_raw_startup(fd, E2E_USER, E2E_DBNAME), 0);
        e2e_msg_t m;
        cr_assert_eq(e2e_raw_read_msg(fd, &m, 5000), 1);
        cr_expect_eq(m.type, 'R', "after 'N' the startup got '%c' (%s)", m.type,
                     e2e_errfield(&m, 'M') ? e2e_errfield(&m, 'M') : "");
        close(fd);
    }
    PGconn *c = e2e_connect_raw(&e2e_srv, "sslmode=prefer gssencmode=prefer");
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "sslmode=prefer: %s", PQerrorMessage(c));
    cr_expect_eq(PQsslInUse(c), 0);
    cr_expect_eq(e2e_query_int(c, "SELECT 9"), 9);
    PQfinish(c);
}

Test(startup, newer_minor_protocol_gets_negotiate_protocol_version)
{
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    unsigned char pkt[64];
    size_t at = 8;
    const char *kv[] = {"user", E2E_USER, "database", E2E_DBNAME, "_pq_.future_option", "x"};
    for (size_t i = 0; i < 6; i++) {
        size_t n = strlen(kv[i]) + 1;
        memcpy(pkt + at, kv[i], n);
        at += n;
    }
    pkt[at++] = 0;
    uint32_t len = htonl((uint32_t)at), ver = htonl((3u << 16) | 2u); /* 3.2 */
    memcpy(pkt, &len, 4);
    memcpy(pkt + 4, &ver, 4);
    e2e_raw_send(fd, pkt, at);
    e2e_msg_t m;
    cr_assert_eq(e2e_raw_read_msg(fd, &m, 5000), 1, "no reply");
    cr_assert_eq(m.type, 'v', "expected NegotiateProtocolVersion, got '%c'", m.type);
    uint32_t newest;
    memcpy(&newest, m.body, 4);
    /* PostgreSQL 15 sends the whole newest version it speaks: 3.0 = 0x00030000 */
    cr_expect_eq(ntohl(newest), 0x30000u, "server offers version %#x, expected 3.0 (0x30000)",
                 ntohl(newest));
    cr_expect(strstr(m.body + 8, "_pq_.future_option") != NULL, "unrecognized option not named");
    do {
        cr_assert_eq(e2e_raw_read_msg(fd, &m, 5000), 1, "start-up did not continue");
        cr_assert_neq(m.type, 'E', "%s", e2e_errfield(&m, 'M'));
    } while (m.type != 'Z');
    close(fd);
}

TestSuite(startup_limits, .fini = e2e_teardown, .timeout = 30);

Test(startup_limits, one_connection_over_the_limit_is_fatal_53300)
{
    const char *args[] = {"--max-connections", "3", NULL};
    cr_assert_eq(e2e_server_start(&e2e_srv, args), 0, "the server did not start");
    PGconn *cs[3];
    for (int i = 0; i < 3; i++)
        cs[i] = e2e_connect(NULL);
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    cr_assert_eq(e2e_raw_startup(fd, E2E_USER, E2E_DBNAME), 0);
    expect_fatal(fd, "53300", "fourth connection");
    close(fd);
    /* the three are unaffected; closing one makes room */
    for (int i = 0; i < 3; i++)
        cr_expect_eq(e2e_query_int(cs[i], "SELECT 1"), 1);
    PQfinish(cs[0]);
    int64_t deadline = e2e_now_ms() + 5000;
    PGconn *again = NULL;
    do {
        PQfinish(again);
        again = e2e_connect_raw(&e2e_srv, NULL);
    } while (PQstatus(again) != CONNECTION_OK && e2e_now_ms() < deadline);
    cr_expect_eq(PQstatus(again), CONNECTION_OK, "no room after a disconnect: %s",
                 PQerrorMessage(again));
    PQfinish(again);
    PQfinish(cs[1]);
    PQfinish(cs[2]);
}

TestSuite(startup_dbname, .fini = e2e_teardown, .timeout = 30);

Test(startup_dbname, dbname_flag_renames_the_database)
{
    const char *args[] = {"--dbname", "shop", NULL};
    cr_assert_eq(e2e_server_start(&e2e_srv, args), 0, "the server did not start");
    PGconn *c = e2e_connect_raw(&e2e_srv, "dbname=shop");
    cr_assert_eq(PQstatus(c), CONNECTION_OK, "%s", PQerrorMessage(c));
    PQfinish(c);
    int fd = e2e_raw_connect(e2e_srv.port);
    cr_assert(fd >= 0);
    cr_assert_eq(e2e_raw_startup(fd, E2E_USER, E2E_DBNAME), 0);
    expect_fatal(fd, "3D000", "the file stem is no longer the database name");
    close(fd);
}
