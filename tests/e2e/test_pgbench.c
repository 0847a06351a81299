/* test_pgbench.c - pgbench with a custom script (tests/e2e/pgbench/transfer.pgb: an explicit
 * transaction with UPDATE, SELECT and INSERT) in -M simple, extended and prepared, 4 clients
 * x 200 transactions: pgbench exits 0, processes all 800, and the table agrees. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

TestSuite(pgbench, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

static void load(PGconn *c)
{
    PQclear(e2e_exec(c,
                     "CREATE TABLE bench (id integer PRIMARY KEY, n integer NOT NULL, "
                     "total integer NOT NULL)",
                     PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "CREATE TABLE hist (id integer NOT NULL, delta integer NOT NULL)",
                     PGRES_COMMAND_OK));
    char sql[2048];
    size_t at = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO bench VALUES ");
    for (int i = 1; i <= 50; i++)
        at += (size_t)snprintf(sql + at, sizeof(sql) - at, "%s(%d, 0, 0)", i > 1 ? ", " : "", i);
    PGresult *r = e2e_exec(c, sql, PGRES_COMMAND_OK);
    cr_assert_str_eq(PQcmdStatus(r), "INSERT 0 50");
    PQclear(r);
}

static void run_pgbench(const char *mode)
{
    PGconn *c = e2e_connect(NULL);
    load(c);
    char port[16], out[400];
    snprintf(port, sizeof(port), "%d", e2e_srv.port);
    snprintf(out, sizeof(out), "%s/pgbench-%s.out", e2e_srv.dir, mode);
    const char *argv[] = {
        "pgbench", "-n",        "-f",       TOP_SRCDIR "/tests/e2e/pgbench/transfer.pgb",
        "-c",      "4",         "-j",       "2",
        "-t",      "200",       "-M",       mode,
        "-h",      "127.0.0.1", "-p",       port,
        "-U",      E2E_USER,    E2E_DBNAME, NULL};
    int rc = e2e_run(argv, out, 90000);
    char *text = e2e_read_file(out);
    cr_expect_eq(rc, 0, "pgbench -M %s exited %d:\n%s", mode, rc, text ? text : "");
    cr_expect(text && strstr(text, "number of transactions actually processed: 800/800"),
              "pgbench -M %s did not process 800/800:\n%s", mode, text ? text : "");
    free(text);
    cr_expect_eq(e2e_query_int(c, "SELECT sum(n) FROM bench"), 800);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM hist"), 800);
    cr_expect_eq(e2e_query_int(c, "SELECT sum(total) FROM bench"),
                 e2e_query_int(c, "SELECT sum(delta) FROM hist"),
                 "bench.total and hist disagree: a transaction was half applied");
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM bench b WHERE n <> "
                                  "(SELECT count(*) FROM hist h WHERE h.id = b.id)"),
                 0, "per-row counts disagree with the history");
    PQfinish(c);
}

Test(pgbench, custom_script_simple_protocol)
{
    run_pgbench("simple");
}

Test(pgbench, custom_script_extended_protocol)
{
    run_pgbench("extended");
}

Test(pgbench, custom_script_prepared_statements)
{
    run_pgbench("prepared");
}
