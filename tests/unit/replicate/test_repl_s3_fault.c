/* test_repl_s3_fault.c - the S3 client against a server that hangs (SIGSTOP) and comes
 * back (SIGCONT): requests time out, are retried with backoff, and then succeed. Own
 * binary (own server), because pausing the server would stall unrelated tests. */
#include <curl/curl.h>
#include <signal.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "repl_s3.h"
#include "repl_s3server.h"

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

TestSuite(repl_s3_fault, .init = setup, .timeout = 60);

typedef struct state {
    int done;
    int rc;
    int attempts;
    char message[768];
    pid_t server;
} state_t;

static void on_result(void *arg, const repl_s3_result_t *res)
{
    state_t *st = arg;
    st->done++;
    st->rc = res->rc;
    st->attempts = res->attempts;
    snprintf(st->message, sizeof st->message, "%s", res->message);
}

static void on_resume(uv_timer_t *t)
{
    state_t *st = t->data;
    cr_assert_eq(kill(st->server, SIGCONT), 0);
    uv_close((uv_handle_t *)t, NULL);
}

static void on_s3_closed(void *arg)
{
    *(int *)arg = 1;
}

Test(repl_s3_fault, hanging_server_is_retried_until_it_answers)
{
    repl_s3_cfg_t cfg = s3test_cfg("walbkt");
    repl_s3_opts_t o = {
        .timeout_ms = 300, .backoff_base_ms = 50, .backoff_max_ms = 100, .max_attempts = 20};
    uv_loop_t loop;
    uv_timer_t resume;
    state_t st = {0};
    st.server = (pid_t)atoi(getenv("S3TEST_PID"));
    cr_assert_gt(st.server, 0);
    cr_assert_eq(uv_loop_init(&loop), 0);
    repl_s3_t *s3 = repl_s3_new(&loop, &cfg, &o);
    cr_assert_eq(kill(st.server, SIGSTOP), 0);
    uv_timer_init(&loop, &resume);
    resume.data = &st;
    uv_timer_start(&resume, on_resume, 900, 0);
    cr_assert_eq(
        repl_s3_put(s3, "fault/k", (uint8_t *)lg_xstrdup("hello"), 5, NULL, on_result, &st), 0);
    while (st.done == 0)
        uv_run(&loop, UV_RUN_ONCE);
    kill(st.server, SIGCONT); /* in case the assertion below fails early */
    cr_assert_eq(st.rc, 0, "%s", st.message);
    cr_assert_geq(st.attempts, 2, "the first attempt must have timed out");
    int closed = 0;
    repl_s3_close(s3, on_s3_closed, &closed);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(closed, 1);
    cr_assert_eq(uv_loop_close(&loop), 0);
}
