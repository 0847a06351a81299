/* test_repl_s3.c - the async S3 client against a real SigV4-checking server on loopback. */
#include <curl/curl.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "repl_s3.h"
#include "repl_s3server.h"

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

TestSuite(repl_s3, .init = setup, .timeout = 60);

/* One captured result (copies what is only valid during the callback). */
typedef struct got {
    int done;
    int rc;
    long status;
    int attempts;
    char code[64];
    char message[768];
    uint8_t *body;
    size_t body_len;
    uint64_t content_length;
    size_t nkeys;
    char keys[8][256];
    uint64_t sizes[8];
} got_t;

static void on_result(void *arg, const repl_s3_result_t *res)
{
    got_t *g = arg;
    g->done++;
    g->rc = res->rc;
    g->status = res->http_status;
    g->attempts = res->attempts;
    snprintf(g->code, sizeof g->code, "%s", res->code);
    snprintf(g->message, sizeof g->message, "%s", res->message);
    if (res->body != NULL)
        g->body = lg_xmemdup(res->body, res->body_len ? res->body_len : 1);
    g->body_len = res->body_len;
    g->content_length = res->content_length;
    if (res->list != NULL) {
        g->nkeys = res->list->n;
        for (size_t i = 0; i < res->list->n && i < 8; i++) {
            snprintf(g->keys[i], sizeof g->keys[i], "%s", res->list->items[i].key);
            g->sizes[i] = res->list->items[i].size;
        }
    }
}

static void got_reset(got_t *g)
{
    free(g->body);
    memset(g, 0, sizeof *g);
}

typedef struct env {
    uv_loop_t loop;
    repl_s3_t *s3;
    int closed;
} env_t;

static void on_closed(void *arg)
{
    ((env_t *)arg)->closed = 1;
}

static void env_open(env_t *e, const repl_s3_cfg_t *cfg, const repl_s3_opts_t *opts)
{
    memset(e, 0, sizeof *e);
    cr_assert_eq(uv_loop_init(&e->loop), 0);
    e->s3 = repl_s3_new(&e->loop, cfg, opts);
    cr_assert_not_null(e->s3);
}

/* Runs the loop until *done reaches want. */
static void run_until(env_t *e, const int *done, int want)
{
    while (*done < want)
        cr_assert(uv_run(&e->loop, UV_RUN_ONCE) != 0 || *done >= want, "loop ran dry");
}

static void env_close(env_t *e)
{
    repl_s3_close(e->s3, on_closed, e);
    uv_run(&e->loop, UV_RUN_DEFAULT);
    cr_assert_eq(e->closed, 1);
    cr_assert_eq(uv_loop_close(&e->loop), 0, "handles left open");
}

static uint8_t *random_bytes(size_t n)
{
    uint8_t *p = lg_xmalloc(n ? n : 1);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)x;
    }
    return p;
}

static void put_sync(env_t *e, const char *key, const uint8_t *data, size_t n, got_t *g)
{
    got_reset(g);
    cr_assert_eq(repl_s3_put(e->s3, key, n ? lg_xmemdup(data, n) : NULL, n, NULL, on_result, g), 0);
    run_until(e, &g->done, 1);
}

Test(repl_s3, put_get_head_list_delete_round_trip)
{
    repl_s3_cfg_t cfg = s3test_cfg("walbkt");
    env_t e;
    env_open(&e, &cfg, NULL);
    got_t g = {0};
    size_t big = (size_t)1 << 20;
    uint8_t *data = random_bytes(big);
    put_sync(&e, "rt/big", data, big, &g);
    cr_assert_eq(g.rc, 0, "%s", g.message);
    cr_assert_eq(g.status, 200);
    put_sync(&e, "rt/empty", NULL, 0, &g);
    cr_assert_eq(g.rc, 0, "%s", g.message);
    put_sync(&e, "rt/odd a+b=c~", (const uint8_t *)"xyz", 3, &g);
    cr_assert_eq(g.rc, 0, "%s", g.message);

    got_reset(&g);
    cr_assert_eq(repl_s3_get(e.s3, "rt/big", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.rc, 0, "%s", g.message);
    cr_assert_eq(g.body_len, big);
    cr_assert_eq(memcmp(g.body, data, big), 0);

    got_reset(&g);
    cr_assert_eq(repl_s3_get(e.s3, "rt/odd a+b=c~", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.body_len, 3);
    cr_assert_eq(memcmp(g.body, "xyz", 3), 0);

    got_reset(&g);
    cr_assert_eq(repl_s3_head(e.s3, "rt/big", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.rc, 0, "%s", g.message);
    cr_assert_eq(g.content_length, big);

    got_reset(&g);
    cr_assert_eq(repl_s3_list(e.s3, "rt/", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.rc, 0, "%s", g.message);
    cr_assert_eq(g.nkeys, 3);
    cr_assert_str_eq(g.keys[0], "rt/big");
    cr_assert_eq(g.sizes[0], big);
    cr_assert_str_eq(g.keys[1], "rt/empty");
    cr_assert_eq(g.sizes[1], 0);
    cr_assert_str_eq(g.keys[2], "rt/odd a+b=c~");

    got_reset(&g);
    cr_assert_eq(repl_s3_delete(e.s3, "rt/big", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.rc, 0, "%s", g.message);
    got_reset(&g);
    cr_assert_eq(repl_s3_get(e.s3, "rt/big", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.rc, LG_ENOTFOUND, "%s", g.message);
    cr_assert_eq(g.attempts, 1, "a 404 is not retried");
    got_reset(&g);
    cr_assert_eq(repl_s3_list(e.s3, "rt/", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.nkeys, 2);
    got_reset(&g);
    free(data);
    env_close(&e);
}

Test(repl_s3, wrong_secret_is_a_clear_signature_error)
{
    repl_s3_cfg_t cfg = s3test_cfg("walbkt");
    snprintf(cfg.secret_key, sizeof cfg.secret_key, "not-the-secret");
    env_t e;
    env_open(&e, &cfg, NULL);
    got_t g = {0};
    put_sync(&e, "x/y", (const uint8_t *)"abc", 3, &g);
    cr_assert_eq(g.rc, LG_EIO);
    cr_assert_eq(g.status, 403);
    cr_assert_str_eq(g.code, "SignatureDoesNotMatch");
    cr_assert_eq(g.attempts, 1, "auth errors are not retried");
    cr_assert(strstr(g.message, "S3 PUT s3://walbkt/x/y: HTTP 403 SignatureDoesNotMatch") != NULL,
              "%s", g.message);
    got_reset(&g);
    cr_assert_eq(repl_s3_list(e.s3, "", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_str_eq(g.code, "SignatureDoesNotMatch");
    got_reset(&g);
    env_close(&e);
}

Test(repl_s3, missing_bucket_is_named)
{
    repl_s3_cfg_t cfg = s3test_cfg("nosuchbkt");
    env_t e;
    env_open(&e, &cfg, NULL);
    got_t g = {0};
    cr_assert_eq(repl_s3_list(e.s3, "p/", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.rc, LG_EIO);
    cr_assert_str_eq(g.code, "NoSuchBucket");
    cr_assert(strstr(g.message, "nosuchbkt") != NULL, "%s", g.message);
    got_reset(&g);
    env_close(&e);
}

static void on_count(void *arg, const repl_s3_result_t *res)
{
    int *n = arg;
    cr_assert_eq(res->rc, 0, "%s", res->message);
    (*n)++;
}

Test(repl_s3, list_follows_continuation_tokens)
{
    repl_s3_cfg_t cfg = s3test_cfg("otherbkt");
    repl_s3_opts_t o = {.max_in_flight = 8};
    env_t e;
    env_open(&e, &cfg, &o);
    int n = 0;
    const int total = 1010; /* more than one 1000-key page */
    for (int i = 0; i < total; i++) {
        char key[64];
        snprintf(key, sizeof key, "many/%08x", i);
        cr_assert_eq(
            repl_s3_put(e.s3, key, (uint8_t *)lg_xstrdup(key), strlen(key), NULL, on_count, &n), 0);
    }
    cr_assert_eq(repl_s3_pending(e.s3), (size_t)total);
    run_until(&e, &n, total);
    got_t g = {0};
    cr_assert_eq(repl_s3_list(e.s3, "many/", on_result, &g), 0);
    run_until(&e, &g.done, 1);
    cr_assert_eq(g.rc, 0, "%s", g.message);
    cr_assert_eq(g.nkeys, (size_t)total);
    got_reset(&g);
    env_close(&e);
}

Test(repl_s3, unreachable_endpoint_retries_then_fails)
{
    /* a port nobody listens on: bind, read the port, close */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &al), 0);
    close(fd);
    repl_s3_cfg_t cfg = s3test_cfg("walbkt");
    snprintf(cfg.endpoint, sizeof cfg.endpoint, "http://127.0.0.1:%d", ntohs(a.sin_port));
    repl_s3_opts_t o = {.max_attempts = 3, .backoff_base_ms = 20, .backoff_max_ms = 40};
    env_t e;
    env_open(&e, &cfg, &o);
    got_t g = {0};
    uint64_t t0 = uv_hrtime();
    put_sync(&e, "k", (const uint8_t *)"v", 1, &g);
    uint64_t ms = (uv_hrtime() - t0) / 1000000;
    cr_assert_eq(g.rc, LG_EIO);
    cr_assert_eq(g.attempts, 3);
    cr_assert_eq(g.status, 0);
    cr_assert(strstr(g.message, "after 3 attempts") != NULL, "%s", g.message);
    cr_assert_geq(ms, 20, "two backoffs of at least 10 ms each");
    got_reset(&g);
    env_close(&e);
}

static void on_closed_result(void *arg, const repl_s3_result_t *res)
{
    int *n = arg;
    cr_assert_eq(res->rc, LG_ECLOSED);
    (*n)++;
}

Test(repl_s3, close_fails_pending_requests_and_frees_everything)
{
    repl_s3_cfg_t cfg = s3test_cfg("walbkt");
    repl_s3_opts_t o = {.max_in_flight = 1};
    env_t e;
    env_open(&e, &cfg, &o);
    int n = 0;
    for (int i = 0; i < 5; i++)
        cr_assert_eq(repl_s3_get(e.s3, "nothing", on_closed_result, &n), 0);
    uv_run(&e.loop, UV_RUN_NOWAIT); /* first request starts */
    repl_s3_close(e.s3, on_closed, &e);
    cr_assert_eq(n, 5);
    uv_run(&e.loop, UV_RUN_DEFAULT);
    cr_assert_eq(e.closed, 1);
    cr_assert_eq(uv_loop_close(&e.loop), 0);
}
