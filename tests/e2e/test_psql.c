/* test_psql.c - psql runs scripts (`psql -X -v ON_ERROR_STOP=1 --echo-all -f`) over TCP and
 * over the Unix socket; its stdout and stderr must match tests/e2e/psql/NAME.out and
 * NAME.err (the script's path in stderr is replaced by SCRIPT; a missing .err means empty).
 * The expected files were produced by the same scripts against PostgreSQL 15. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif
#define PSQL_DIR TOP_SRCDIR "/tests/e2e/psql/"

TestSuite(psql, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

/* Replace every occurrence of `from` in text by `to` (returns a new string). */
static char *replace_all(const char *text, const char *from, const char *to)
{
    size_t flen = strlen(from), tlen = strlen(to), n = 0;
    for (const char *p = strstr(text, from); p; p = strstr(p + flen, from))
        n++;
    char *out = malloc(strlen(text) + n * tlen + 1);
    cr_assert(out != NULL);
    char *w = out;
    const char *p = text, *hit;
    while ((hit = strstr(p, from)) != NULL) {
        memcpy(w, p, (size_t)(hit - p));
        w += hit - p;
        memcpy(w, to, tlen);
        w += tlen;
        p = hit + flen;
    }
    memcpy(w, p, strlen(p) + 1);
    return out;
}

static void compare(const char *what, const char *expected_path, const char *actual_path,
                    const char *actual)
{
    char *expected = e2e_read_file(expected_path);
    if (!expected)
        expected = strdup("");
    if (strcmp(expected, actual) != 0) {
        char fixed[512];
        snprintf(fixed, sizeof(fixed), "%s.actual", actual_path);
        FILE *f = fopen(fixed, "w");
        if (f) {
            fputs(actual, f);
            fclose(f);
        }
        bool have = access(expected_path, R_OK) == 0;
        const char *diff[] = {"diff", "-u", have ? expected_path : "/dev/null", fixed, NULL};
        char diff_out[512];
        snprintf(diff_out, sizeof(diff_out), "%s.diff", actual_path);
        e2e_run(diff, diff_out, 10000);
        char *d = e2e_read_file(diff_out);
        cr_expect_fail("%s differs from %s:\n%s", what, expected_path, d ? d : "(no diff)");
        free(d);
    }
    free(expected);
}

static void run_script(const char *name, bool over_unix, int want_exit)
{
    char script[512], exp_out[512], exp_err[512], out[400], err[400], port[16];
    snprintf(script, sizeof(script), PSQL_DIR "%s.sql", name);
    snprintf(exp_out, sizeof(exp_out), PSQL_DIR "%s.out", name);
    snprintf(exp_err, sizeof(exp_err), PSQL_DIR "%s.err", name);
    snprintf(out, sizeof(out), "%s/%s.stdout", e2e_srv.dir, name);
    snprintf(err, sizeof(err), "%s/%s.stderr", e2e_srv.dir, name);
    snprintf(port, sizeof(port), "%d", e2e_srv.port);
    const char *host = over_unix ? e2e_srv.sockdir : "127.0.0.1";
    const char *argv[] = {"psql", "-X", "-v", "ON_ERROR_STOP=1", "--echo-all", "-h",       host,
                          "-p",   port, "-U", E2E_USER,          "-d",         E2E_DBNAME, "-f",
                          script, NULL};
    unsetenv("PGOPTIONS");
    unsetenv("PGSERVICE");
    int rc = e2e_run_split(argv, out, err, 30000);
    char *got_out = e2e_read_file(out), *got_err_raw = e2e_read_file(err);
    cr_assert(got_out && got_err_raw, "psql produced no output files");
    char *got_err = replace_all(got_err_raw, script, "SCRIPT");
    cr_expect_eq(rc, want_exit, "psql exit code %d, expected %d; stderr:\n%s", rc, want_exit,
                 got_err);
    compare("psql stdout", exp_out, out, got_out);
    compare("psql stderr", exp_err, err, got_err);
    free(got_out);
    free(got_err);
    free(got_err_raw);
}

Test(psql, basic_script_over_tcp)
{
    run_script("basic", false, 0);
}

Test(psql, basic_script_over_unix_socket)
{
    run_script("basic", true, 0);
}

Test(psql, transactions_and_errors_over_tcp)
{
    run_script("transactions", false, 0);
}

Test(psql, transactions_and_errors_over_unix_socket)
{
    run_script("transactions", true, 0);
}

/* psql's describe commands (\dT, \dD, \dL, \dx, \dd, \df+, \sf, \d+) print what they print
 * against PostgreSQL 15: the catalogs they read exist and hold the same rows. */
Test(psql, describe_commands_over_the_catalogs)
{
    run_script("catalog", false, 0);
}

Test(psql, on_error_stop_exits_3_and_runs_nothing_after)
{
    run_script("stop", false, 3);
    PGconn *c = e2e_connect(NULL);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM s"), 1, "psql went on after the error");
    PQfinish(c);
}

/* Range types: canonical output, constructors, functions, operators, ORDER BY / GROUP BY /
 * DISTINCT, joins on &&, a UNIQUE range column (PostgreSQL 15's output). */
Test(psql, range_types)
{
    run_script("ranges", false, 0);
}
