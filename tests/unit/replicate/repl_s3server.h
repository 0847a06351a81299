/* repl_s3server.h - one real S3 server (tests/s3/s3rver.sh) per test binary.
 *
 * Started from a Criterion PRE_ALL hook in the runner process, so every test (run in its
 * own forked worker) inherits S3TEST_PORT / S3TEST_PID, and stopped by PID from POST_ALL,
 * which runs even when a test crashed. Each run has its own temp dir and a kernel-chosen
 * loopback port. Include from exactly one .c file per binary. */
#ifndef LG_TESTS_REPL_S3SERVER_H
#define LG_TESTS_REPL_S3SERVER_H
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repl_s3req.h"

static char s3test_dir[128];
static char s3test_pid[32];

static void s3test_start(void)
{
    snprintf(s3test_dir, sizeof s3test_dir, "/tmp/lgrepl-s3-XXXXXX");
    if (mkdtemp(s3test_dir) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s/tests/s3/s3rver.sh start %s/data walbkt otherbkt", TOP_SRCDIR,
             s3test_dir);
    FILE *p = popen(cmd, "r");
    char line[128] = "";
    if (p == NULL || fgets(line, sizeof line, p) == NULL || pclose(p) != 0) {
        fprintf(stderr, "cannot start the test S3 server (%s)\n", cmd);
        exit(1);
    }
    char port[32];
    if (sscanf(line, "%31s %31s", s3test_pid, port) != 2) {
        fprintf(stderr, "unexpected s3rver.sh output: %s\n", line);
        exit(1);
    }
    char ep[64];
    snprintf(ep, sizeof ep, "http://127.0.0.1:%s", port);
    setenv("S3TEST_PID", s3test_pid, 1);
    setenv("AWS_ENDPOINT_URL_S3", ep, 1);
    setenv("AWS_ACCESS_KEY_ID", "S3RVER", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "S3RVER", 1);
    setenv("AWS_REGION", "us-east-1", 1);
    unsetenv("AWS_SESSION_TOKEN");
}

static void s3test_stop(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s/tests/s3/s3rver.sh stop %s; rm -rf '%s'", TOP_SRCDIR, s3test_pid,
             s3test_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "stopping the test S3 server failed\n");
}

ReportHook(PRE_ALL)(struct criterion_test_set *set)
{
    (void)set;
    s3test_start();
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    (void)stats;
    s3test_stop();
}

/* Configuration for the running server and the given bucket. */
static inline repl_s3_cfg_t s3test_cfg(const char *bucket)
{
    repl_s3_cfg_t c;
    char err[256];
    cr_assert_eq(repl_s3_cfg_from_env(&c, bucket, err, sizeof err), 0, "%s", err);
    return c;
}

#endif
