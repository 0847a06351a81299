/* repl_s3.c - S3 client on curl multi + libuv (loop thread only).
 *
 * Shape (curl docs/examples/multi-uv.c): curl tells us which sockets to watch through the
 * socket callback (one uv_poll_t per socket, attached with curl_multi_assign) and when to
 * call it back through the timer callback (one uv_timer_t); both only (re)arm libuv
 * handles. libuv events call curl_multi_socket_action and then drain finished transfers
 * (check_done), which is the only place user callbacks run.
 *
 * Request life: submit -> `waiting` FIFO -> started (an easy handle in the multi) ->
 * finished: success or final error -> callback -> freed; transient error -> back to
 * `waiting` with not_before = now + backoff; a LIST with more pages -> back to `waiting`
 * at once with the continuation token. `retry` timer wakes the pump for backoffs.
 * Invariant: running <= max_in_flight; a request is either in `waiting` or running.
 *
 * Closing: handles are closed and counted (pending_closes); the struct is freed in the
 * last close callback. Poll contexts are freed in their own close callbacks. */
#include "repl_s3.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lg_buf.h"
#include "lg_err.h"
#include "lg_log.h"

typedef struct s3_req s3_req_t;

struct s3_req {
    s3_req_t *next;     /* waiting FIFO link */
    s3_req_t *run_next; /* running list link */
    repl_s3_t *s;
    repl_s3_op_t op;
    char *key;
    uint8_t *body;
    size_t body_len;
    char sha[65];
    CURL *easy;
    struct curl_slist *hdrs;
    lg_buf_t resp;
    char errbuf[CURL_ERROR_SIZE];
    char etag[80];
    int attempts;
    uint64_t not_before;
    repl_s3_list_t list;
    char token[1024];
    repl_s3_cb cb;
    void *arg;
};

typedef struct poll_ctx poll_ctx_t;
struct poll_ctx {
    poll_ctx_t *next; /* the client's list of open polls */
    uv_poll_t poll;
    curl_socket_t fd;
    repl_s3_t *s;
};

struct repl_s3 {
    uv_loop_t *loop;
    repl_s3_cfg_t cfg;
    repl_s3_opts_t opts;
    CURLM *multi;
    uv_timer_t curl_timer;
    uv_timer_t retry_timer;
    s3_req_t *wait_head;
    s3_req_t *wait_tail;
    s3_req_t *run_head;
    poll_ctx_t *polls;
    size_t running;
    size_t waiting;
    uint64_t rng;
    int dispatching;
    int closing;
    int pending_closes;
    void (*on_closed)(void *);
    void *closed_arg;
};

static int on_curl_socket(CURL *e, curl_socket_t fd, int what, void *userp, void *sockp);
static int on_curl_timer(CURLM *m, long timeout_ms, void *userp);
static void on_poll(uv_poll_t *h, int status, int events);
static void on_curl_timeout(uv_timer_t *t);
static void on_retry_timer(uv_timer_t *t);
static void on_poll_close(uv_handle_t *h);
static void poll_close(repl_s3_t *s, poll_ctx_t *pc);
static void on_handle_close(uv_handle_t *h);
static size_t on_body(char *p, size_t sz, size_t nm, void *arg);
static size_t on_header(char *p, size_t sz, size_t nm, void *arg);
static int submit(repl_s3_t *s, repl_s3_op_t op, const char *key, repl_s3_cb cb, void *arg,
                  uint8_t *body, size_t len, const char *sha);
static void pump(repl_s3_t *s);
static int req_start(s3_req_t *r);
static void check_done(repl_s3_t *s);
static void req_finished(s3_req_t *r, CURLcode cc);
static void req_complete(s3_req_t *r, repl_s3_result_t *res);
static void req_free(s3_req_t *r);
static void enqueue(repl_s3_t *s, s3_req_t *r);
static void run_unlink(repl_s3_t *s, s3_req_t *r);
static bool classify(s3_req_t *r, CURLcode cc, repl_s3_result_t *res);
static void op_text(const s3_req_t *r, char *out, size_t cap);
static void teardown(repl_s3_t *s);
static uint64_t backoff_ms(repl_s3_t *s, int attempt);

void repl_s3_opts_default(repl_s3_opts_t *o)
{
    if (o->max_in_flight <= 0)
        o->max_in_flight = 4;
    if (o->max_attempts <= 0)
        o->max_attempts = 6;
    if (o->timeout_ms <= 0)
        o->timeout_ms = 60000;
    if (o->connect_timeout_ms <= 0)
        o->connect_timeout_ms = 5000;
    if (o->backoff_base_ms <= 0)
        o->backoff_base_ms = 200;
    if (o->backoff_max_ms <= 0)
        o->backoff_max_ms = 10000;
    if (o->max_body == 0)
        o->max_body = (size_t)1 << 30;
}

void repl_s3_sha256_hex(const void *p, size_t n, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char h[32];
    unsigned int hl = 0;
    EVP_Digest(n ? p : "", n, h, &hl, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[64] = '\0';
}

repl_s3_t *repl_s3_new(uv_loop_t *loop, const repl_s3_cfg_t *cfg, const repl_s3_opts_t *opts)
{
    repl_s3_t *s = lg_xcalloc(1, sizeof *s);
    s->loop = loop;
    s->cfg = *cfg;
    if (opts != NULL)
        s->opts = *opts;
    repl_s3_opts_default(&s->opts);
    s->rng = uv_hrtime() | 1;
    s->multi = curl_multi_init();
    if (s->multi == NULL) {
        free(s);
        return NULL;
    }
    uv_timer_init(loop, &s->curl_timer);
    uv_timer_init(loop, &s->retry_timer);
    s->curl_timer.data = s;
    s->retry_timer.data = s;
    curl_multi_setopt(s->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
    curl_multi_setopt(s->multi, CURLMOPT_SOCKETDATA, s);
    curl_multi_setopt(s->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
    curl_multi_setopt(s->multi, CURLMOPT_TIMERDATA, s);
    return s;
}

size_t repl_s3_pending(const repl_s3_t *s)
{
    return s->running + s->waiting;
}

/* ---- libuv <-> curl glue ---- */

static int on_curl_socket(CURL *e, curl_socket_t fd, int what, void *userp, void *sockp)
{
    repl_s3_t *s = userp;
    poll_ctx_t *pc = sockp;
    (void)e;
    if (what == CURL_POLL_REMOVE) {
        if (pc != NULL) {
            poll_close(s, pc);
            curl_multi_assign(s->multi, fd, NULL);
        }
        return 0;
    }
    if (pc == NULL) {
        pc = lg_xcalloc(1, sizeof *pc);
        pc->fd = fd;
        pc->s = s;
        uv_poll_init_socket(s->loop, &pc->poll, fd);
        pc->poll.data = pc;
        pc->next = s->polls;
        s->polls = pc;
        curl_multi_assign(s->multi, fd, pc);
    }
    int ev = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
        ev |= UV_READABLE;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
        ev |= UV_WRITABLE;
    uv_poll_start(&pc->poll, ev, on_poll);
    return 0;
}

static int on_curl_timer(CURLM *m, long timeout_ms, void *userp)
{
    repl_s3_t *s = userp;
    (void)m;
    if (timeout_ms < 0)
        uv_timer_stop(&s->curl_timer);
    else
        uv_timer_start(&s->curl_timer, on_curl_timeout, timeout_ms == 0 ? 1 : (uint64_t)timeout_ms,
                       0);
    return 0;
}

static void on_poll(uv_poll_t *h, int status, int events)
{
    poll_ctx_t *pc = h->data;
    repl_s3_t *s = pc->s;
    int flags = 0;
    int running = 0;
    if (status < 0)
        flags = CURL_CSELECT_ERR;
    if (events & UV_READABLE)
        flags |= CURL_CSELECT_IN;
    if (events & UV_WRITABLE)
        flags |= CURL_CSELECT_OUT;
    curl_multi_socket_action(s->multi, pc->fd, flags, &running);
    check_done(s);
}

static void on_curl_timeout(uv_timer_t *t)
{
    repl_s3_t *s = t->data;
    int running = 0;
    curl_multi_socket_action(s->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    check_done(s);
}

static void on_retry_timer(uv_timer_t *t)
{
    repl_s3_t *s = t->data;
    s->dispatching++;
    pump(s);
    s->dispatching--;
    if (s->closing == 1 && s->dispatching == 0)
        teardown(s);
}

static void on_poll_close(uv_handle_t *h)
{
    free(h->data);
}

static void poll_close(repl_s3_t *s, poll_ctx_t *pc)
{
    for (poll_ctx_t **pp = &s->polls; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == pc) {
            *pp = pc->next;
            break;
        }
    }
    uv_poll_stop(&pc->poll);
    uv_close((uv_handle_t *)&pc->poll, on_poll_close);
}

/* ---- requests ---- */

static int submit(repl_s3_t *s, repl_s3_op_t op, const char *key, repl_s3_cb cb, void *arg,
                  uint8_t *body, size_t len, const char *sha)
{
    if (s->closing) {
        free(body);
        return LG_ECLOSED;
    }
    if (strlen(key) > 1024) {
        free(body);
        return LG_EINVAL;
    }
    s3_req_t *r = lg_xcalloc(1, sizeof *r);
    r->s = s;
    r->op = op;
    r->key = lg_xstrdup(key);
    r->body = body;
    r->body_len = len;
    if (sha != NULL)
        snprintf(r->sha, sizeof r->sha, "%s", sha);
    else
        repl_s3_sha256_hex(body, body ? len : 0, r->sha);
    r->cb = cb;
    r->arg = arg;
    lg_buf_init(&r->resp, s->opts.max_body);
    enqueue(s, r);
    /* start from the loop, never synchronously: a zero-delay retry timer runs pump() */
    uv_timer_start(&s->retry_timer, on_retry_timer, 0, 0);
    return 0;
}

int repl_s3_put(repl_s3_t *s, const char *key, uint8_t *body, size_t len, const char *sha256_hex,
                repl_s3_cb cb, void *arg)
{
    if (body == NULL)
        body = lg_xmalloc(1);
    return submit(s, REPL_S3_PUT, key, cb, arg, body, len, sha256_hex);
}

int repl_s3_get(repl_s3_t *s, const char *key, repl_s3_cb cb, void *arg)
{
    return submit(s, REPL_S3_GET, key, cb, arg, NULL, 0, NULL);
}

int repl_s3_head(repl_s3_t *s, const char *key, repl_s3_cb cb, void *arg)
{
    return submit(s, REPL_S3_HEAD, key, cb, arg, NULL, 0, NULL);
}

int repl_s3_delete(repl_s3_t *s, const char *key, repl_s3_cb cb, void *arg)
{
    return submit(s, REPL_S3_DELETE, key, cb, arg, NULL, 0, NULL);
}

int repl_s3_list(repl_s3_t *s, const char *prefix, repl_s3_cb cb, void *arg)
{
    return submit(s, REPL_S3_LIST, prefix, cb, arg, NULL, 0, NULL);
}

static void enqueue(repl_s3_t *s, s3_req_t *r)
{
    r->next = NULL;
    if (s->wait_tail != NULL)
        s->wait_tail->next = r;
    else
        s->wait_head = r;
    s->wait_tail = r;
    s->waiting++;
}

static uint64_t backoff_ms(repl_s3_t *s, int attempt)
{
    uint64_t cap = (uint64_t)s->opts.backoff_base_ms;
    for (int i = 1; i < attempt && cap < (uint64_t)s->opts.backoff_max_ms; i++)
        cap *= 2;
    if (cap > (uint64_t)s->opts.backoff_max_ms)
        cap = (uint64_t)s->opts.backoff_max_ms;
    s->rng ^= s->rng << 13;
    s->rng ^= s->rng >> 7;
    s->rng ^= s->rng << 17;
    return cap / 2 + s->rng % (cap / 2 + 1); /* "equal jitter": [cap/2, cap] */
}

/* Starts every waiting request that is due, in FIFO order, while slots are free; re-arms
 * the retry timer for the earliest one still in backoff. */
static void pump(repl_s3_t *s)
{
    uint64_t now = uv_now(s->loop);
    uint64_t next_due = UINT64_MAX;
    s3_req_t **pp = &s->wait_head;
    s3_req_t *prev = NULL;
    while (*pp != NULL && !s->closing) {
        s3_req_t *r = *pp;
        if (r->not_before > now || s->running >= (size_t)s->opts.max_in_flight) {
            if (r->not_before > now && r->not_before < next_due)
                next_due = r->not_before;
            prev = r;
            pp = &r->next;
            continue;
        }
        *pp = r->next;
        if (s->wait_tail == r)
            s->wait_tail = prev;
        s->waiting--;
        s->running++;
        r->run_next = s->run_head;
        s->run_head = r;
        if (req_start(r) != 0) {
            run_unlink(s, r);
            repl_s3_result_t res = {.rc = LG_EINVAL};
            snprintf(res.message, sizeof res.message, "S3 request for %s could not be built",
                     r->key);
            req_complete(r, &res);
        }
    }
    if (next_due != UINT64_MAX && !s->closing)
        uv_timer_start(&s->retry_timer, on_retry_timer, next_due - now, 0);
}

static int req_start(s3_req_t *r)
{
    repl_s3_t *s = r->s;
    char query[2400] = "", url[4600], sig[96], hdr[2200];
    if (r->op == REPL_S3_LIST) {
        repl_s3_param_t p[] = {
            {"list-type", "2"}, {"prefix", r->key}, {"continuation-token", r->token}};
        if (repl_s3_query(p, r->token[0] ? 3 : 2, query, sizeof query) != 0)
            return LG_EINVAL;
    }
    if (repl_s3_url(&s->cfg, r->op == REPL_S3_LIST ? NULL : r->key, query, url, sizeof url) != 0 ||
        repl_s3_sigv4_param(&s->cfg, sig, sizeof sig) != 0)
        return LG_EINVAL;
    CURL *e = curl_easy_init();
    if (e == NULL)
        return LG_ENOMEM;
    r->easy = e;
    r->attempts++;
    r->errbuf[0] = '\0';
    r->etag[0] = '\0';
    lg_buf_reset(&r->resp);
    snprintf(hdr, sizeof hdr, "x-amz-content-sha256: %s", r->sha);
    r->hdrs = curl_slist_append(NULL, hdr);
    if (r->op == REPL_S3_PUT)
        r->hdrs = curl_slist_append(r->hdrs, "Content-Type: application/octet-stream");
    if (s->cfg.session_token[0] != '\0') {
        snprintf(hdr, sizeof hdr, "x-amz-security-token: %s", s->cfg.session_token);
        r->hdrs = curl_slist_append(r->hdrs, hdr);
    }
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_AWS_SIGV4, sig);
    curl_easy_setopt(e, CURLOPT_USERNAME, s->cfg.access_key);
    curl_easy_setopt(e, CURLOPT_PASSWORD, s->cfg.secret_key);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->hdrs);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(e, CURLOPT_PRIVATE, r);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, s->opts.timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, s->opts.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    if (r->op == REPL_S3_HEAD) {
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (r->op == REPL_S3_PUT) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, (const char *)r->body);
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "PUT");
    } else if (r->op == REPL_S3_DELETE) {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, "DELETE");
    }
    if (curl_multi_add_handle(s->multi, e) != CURLM_OK)
        return LG_EIO;
    return 0;
}

static size_t on_body(char *p, size_t sz, size_t nm, void *arg)
{
    s3_req_t *r = arg;
    size_t n = sz * nm;
    lg_buf_append(&r->resp, p, n);
    return r->resp.failed ? 0 : n;
}

static size_t on_header(char *p, size_t sz, size_t nm, void *arg)
{
    s3_req_t *r = arg;
    size_t n = sz * nm;
    if (n > 5 && strncasecmp(p, "etag:", 5) == 0) {
        size_t i = 5;
        while (i < n && p[i] == ' ')
            i++;
        size_t j = n;
        while (j > i && (p[j - 1] == '\r' || p[j - 1] == '\n'))
            j--;
        snprintf(r->etag, sizeof r->etag, "%.*s", (int)(j - i), p + i);
    }
    return n;
}

static void check_done(repl_s3_t *s)
{
    CURLMsg *m;
    int left = 0;
    s->dispatching++;
    while ((m = curl_multi_info_read(s->multi, &left)) != NULL) {
        if (m->msg != CURLMSG_DONE)
            continue;
        s3_req_t *r = NULL;
        CURLcode cc = m->data.result;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
        req_finished(r, cc);
    }
    if (!s->closing)
        pump(s);
    s->dispatching--;
    if (s->closing == 1 && s->dispatching == 0)
        teardown(s);
}

static void run_unlink(repl_s3_t *s, s3_req_t *r)
{
    for (s3_req_t **pp = &s->run_head; *pp != NULL; pp = &(*pp)->run_next) {
        if (*pp == r) {
            *pp = r->run_next;
            s->running--;
            return;
        }
    }
}

static void op_text(const s3_req_t *r, char *out, size_t cap)
{
    static const char *names[] = {"?", "GET", "PUT", "DELETE", "HEAD", "LIST"};
    snprintf(out, cap, "S3 %s s3://%s/%s", names[r->op], r->s->cfg.bucket, r->key);
}

/* Fills res for a finished attempt; returns true when the failure is transient. */
static bool classify(s3_req_t *r, CURLcode cc, repl_s3_result_t *res)
{
    char what[1200];
    op_text(r, what, sizeof what);
    if (cc != CURLE_OK) {
        bool too_big = cc == CURLE_WRITE_ERROR && r->resp.failed;
        res->rc = too_big ? LG_ETOOBIG : LG_EIO;
        snprintf(res->message, sizeof res->message, "%.400s: %.300s", what,
                 too_big ? "response larger than the limit"
                         : (r->errbuf[0] ? r->errbuf : curl_easy_strerror(cc)));
        return !too_big;
    }
    long st = res->http_status;
    if (st >= 200 && st < 300)
        return false;
    char msg[400] = "";
    repl_s3_error_parse((const char *)r->resp.data, r->resp.len, res->code, sizeof res->code, msg,
                        sizeof msg);
    res->rc = LG_EIO;
    if (st == 404 && r->op != REPL_S3_LIST && strcmp(res->code, "NoSuchBucket") != 0)
        res->rc = LG_ENOTFOUND;
    snprintf(res->message, sizeof res->message, "%.400s: HTTP %ld%s%s%s%.250s", what, st,
             res->code[0] ? " " : "", res->code, msg[0] ? ": " : "", msg);
    return st == 408 || st == 429 || st >= 500;
}

static void req_finished(s3_req_t *r, CURLcode cc)
{
    repl_s3_t *s = r->s;
    repl_s3_result_t res;
    memset(&res, 0, sizeof res);
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &res.http_status);
    curl_off_t clen = -1;
    curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &clen);
    res.content_length = clen > 0 ? (uint64_t)clen : 0;
    curl_multi_remove_handle(s->multi, r->easy);
    curl_easy_cleanup(r->easy);
    r->easy = NULL;
    curl_slist_free_all(r->hdrs);
    r->hdrs = NULL;
    run_unlink(s, r);
    bool transient = classify(r, cc, &res);
    if (transient && r->attempts < s->opts.max_attempts && !s->closing) {
        uint64_t wait = backoff_ms(s, r->attempts);
        lg_warn("%s (attempt %d of %d, retrying in %llu ms)", res.message, r->attempts,
                s->opts.max_attempts, (unsigned long long)wait);
        r->not_before = uv_now(s->loop) + wait;
        enqueue(s, r);
        return;
    }
    if (res.rc == 0 && r->op == REPL_S3_LIST) {
        if (repl_s3_list_parse((const char *)r->resp.data, r->resp.len, &r->list) != 0) {
            res.rc = LG_EPROTO;
            snprintf(res.message, sizeof res.message, "S3 LIST s3://%s/%s: unreadable response",
                     s->cfg.bucket, r->key);
        } else if (r->list.truncated) {
            snprintf(r->token, sizeof r->token, "%s", r->list.next_token);
            r->attempts = 0;
            r->not_before = 0;
            enqueue(s, r);
            return;
        }
    }
    if (res.rc != 0 && r->attempts > 1) {
        size_t l = strlen(res.message);
        snprintf(res.message + l, sizeof res.message - l, " (after %d attempts)", r->attempts);
    }
    req_complete(r, &res);
}

static void req_complete(s3_req_t *r, repl_s3_result_t *res)
{
    res->op = r->op;
    res->key = r->key;
    res->attempts = r->attempts;
    snprintf(res->etag, sizeof res->etag, "%s", r->etag);
    if (res->rc == 0 && r->op == REPL_S3_GET) {
        res->body = r->resp.data;
        res->body_len = r->resp.len;
    }
    if (res->rc == 0 && r->op == REPL_S3_LIST)
        res->list = &r->list;
    if (r->cb != NULL)
        r->cb(r->arg, res);
    req_free(r);
}

static void req_free(s3_req_t *r)
{
    if (r->easy != NULL) {
        curl_multi_remove_handle(r->s->multi, r->easy);
        curl_easy_cleanup(r->easy);
    }
    curl_slist_free_all(r->hdrs);
    lg_buf_deinit(&r->resp);
    repl_s3_list_free(&r->list);
    free(r->body);
    free(r->key);
    free(r);
}

static void on_handle_close(uv_handle_t *h)
{
    repl_s3_t *s = h->data;
    if (--s->pending_closes > 0)
        return;
    void (*cb)(void *) = s->on_closed;
    void *arg = s->closed_arg;
    free(s);
    if (cb != NULL)
        cb(arg);
}

static void teardown(repl_s3_t *s)
{
    s->closing = 2;
    while (s->run_head != NULL) {
        s3_req_t *r = s->run_head;
        run_unlink(s, r);
        repl_s3_result_t res = {.rc = LG_ECLOSED};
        snprintf(res.message, sizeof res.message, "S3 client closed");
        req_complete(r, &res);
    }
    while (s->wait_head != NULL) {
        s3_req_t *r = s->wait_head;
        s->wait_head = r->next;
        s->waiting--;
        repl_s3_result_t res = {.rc = LG_ECLOSED};
        snprintf(res.message, sizeof res.message, "S3 client closed");
        req_complete(r, &res);
    }
    s->wait_tail = NULL;
    curl_multi_cleanup(s->multi);
    s->multi = NULL;
    while (s->polls != NULL) /* sockets curl did not report removed during cleanup */
        poll_close(s, s->polls);
    s->pending_closes = 2;
    uv_close((uv_handle_t *)&s->curl_timer, on_handle_close);
    uv_close((uv_handle_t *)&s->retry_timer, on_handle_close);
}

void repl_s3_close(repl_s3_t *s, void (*on_closed)(void *arg), void *arg)
{
    if (s == NULL || s->closing)
        return;
    s->closing = 1;
    s->on_closed = on_closed;
    s->closed_arg = arg;
    if (s->dispatching == 0)
        teardown(s);
}
