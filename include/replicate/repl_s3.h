/* repl_s3.h - asynchronous S3 client: libcurl multi driven by a libuv loop (loop thread).
 *
 * Every function here runs on the loop thread that owns `loop`, and every completion
 * callback is called on it, never from inside a curl callback and never synchronously
 * from the submitting call. Requests are signed with CURLOPT_AWS_SIGV4 and carry
 * x-amz-content-sha256 (the SHA-256 of the body). At most opts.max_in_flight requests run
 * at once; the rest wait in FIFO order. A request that fails on the transport (connect,
 * timeout, reset) or gets HTTP 408/429/5xx is retried up to opts.max_attempts times with
 * exponential backoff and full jitter; any other HTTP error is reported at once with the
 * S3 error Code and Message (e.g. 403 SignatureDoesNotMatch).
 *
 * Lifetime: repl_s3_close() fails every unfinished request with LG_ECLOSED (callbacks run
 * before it returns, or right after the callback it was called from), then frees the
 * client once its libuv handles are closed; on_closed (optional) runs then. */
#ifndef LG_REPLICATE_REPL_S3_H
#define LG_REPLICATE_REPL_S3_H
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "lg_alloc.h"
#include "repl_s3req.h"

typedef struct repl_s3 repl_s3_t;

typedef enum {
    REPL_S3_GET = 1,
    REPL_S3_PUT,
    REPL_S3_DELETE,
    REPL_S3_HEAD,
    REPL_S3_LIST,
} repl_s3_op_t;

typedef struct repl_s3_opts {
    int max_in_flight;       /* default 4 */
    int max_attempts;        /* default 6 (first try + 5 retries) */
    long timeout_ms;         /* whole request, per attempt; default 60000 */
    long connect_timeout_ms; /* default 5000 */
    long backoff_base_ms;    /* first retry waits up to this; default 200 */
    long backoff_max_ms;     /* ceiling of the wait; default 10000 */
    size_t max_body;         /* largest GET/LIST response accepted; default 1 GiB */
} repl_s3_opts_t;

typedef struct repl_s3_result {
    repl_s3_op_t op;
    const char *key;     /* the key (or list prefix) as submitted */
    int rc;              /* 0; LG_ENOTFOUND (404); LG_EIO (S3 or transport error, see
                            message); LG_ETOOBIG (response over max_body); LG_EPROTO (bad
                            response document); LG_ECLOSED (client closed) */
    long http_status;    /* last HTTP status, 0 when no response */
    int attempts;        /* attempts made */
    char code[64];       /* S3 error Code ("SignatureDoesNotMatch"), "" when none */
    char message[768];   /* one line for logs: what failed and why; "" on success */
    const uint8_t *body; /* GET: the object, valid during the callback only */
    size_t body_len;
    uint64_t content_length;    /* HEAD: the object's size */
    char etag[80];              /* PUT/HEAD/GET: ETag header value when sent */
    const repl_s3_list_t *list; /* LIST: every page, valid during the callback only */
} repl_s3_result_t;

typedef void (*repl_s3_cb)(void *arg, const repl_s3_result_t *res);

/* Defaults for every field that is zero. Any thread. */
void repl_s3_opts_default(repl_s3_opts_t *opts);

/* A client for cfg->bucket on loop (opts NULL = defaults). curl_global_init must have run
 * (main, at start; tests call it too). NULL only if curl cannot make a multi handle.
 * Loop thread. */
repl_s3_t *repl_s3_new(uv_loop_t *loop, const repl_s3_cfg_t *cfg, const repl_s3_opts_t *opts);

/* See the lifetime note above. repl_s3_close(NULL, ...) does nothing. Loop thread. */
void repl_s3_close(repl_s3_t *s, void (*on_closed)(void *arg), void *arg);

/* PUT key with body. Takes ownership of body (freed with free() when the request ends,
 * also on failure to submit). sha256_hex is the body's hex SHA-256 if the caller already
 * has it (e.g. computed on a worker), else NULL to compute it here. 0, LG_ECLOSED or
 * LG_EINVAL (key too long). Loop thread. */
int repl_s3_put(repl_s3_t *s, const char *key, uint8_t *body, size_t len, const char *sha256_hex,
                repl_s3_cb cb, void *arg) LG_MUSTCHECK;
/* GET, HEAD, DELETE of one key. 0, LG_ECLOSED or LG_EINVAL. Loop thread. */
int repl_s3_get(repl_s3_t *s, const char *key, repl_s3_cb cb, void *arg) LG_MUSTCHECK;
int repl_s3_head(repl_s3_t *s, const char *key, repl_s3_cb cb, void *arg) LG_MUSTCHECK;
int repl_s3_delete(repl_s3_t *s, const char *key, repl_s3_cb cb, void *arg) LG_MUSTCHECK;
/* ListObjectsV2 of every key under prefix, following continuation tokens; the callback
 * gets all pages at once. 0, LG_ECLOSED or LG_EINVAL. Loop thread. */
int repl_s3_list(repl_s3_t *s, const char *prefix, repl_s3_cb cb, void *arg) LG_MUSTCHECK;

/* Requests running plus waiting (queued or in backoff). Loop thread. */
size_t repl_s3_pending(const repl_s3_t *s);

/* Lower-case hex SHA-256 of (p, n) into out[65]. Any thread. */
void repl_s3_sha256_hex(const void *p, size_t n, char out[65]);

#endif
