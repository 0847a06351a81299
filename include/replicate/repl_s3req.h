/* repl_s3req.h - S3 request construction and response parsing (pure; any thread).
 *
 * What curl 7.88's CURLOPT_AWS_SIGV4 needs from us (it signs path and query exactly as
 * given): the key path RFC 3986-encoded with '/' kept, and the query canonical - sorted by
 * name, every parameter written "name=value" (empty value too), names and values encoded.
 * With an endpoint (AWS_ENDPOINT_URL_S3) path-style URLs are the default; against AWS the
 * endpoint is https://s3.<region>.amazonaws.com and virtual-host style is the default. */
#ifndef LG_REPLICATE_REPL_S3REQ_H
#define LG_REPLICATE_REPL_S3REQ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_alloc.h"

typedef struct repl_s3_cfg {
    char endpoint[256]; /* scheme://host[:port], no trailing '/'; "" = AWS for the region */
    char region[64];
    char bucket[128];
    bool path_style;
    char access_key[128];
    char secret_key[256];
    char session_token[2048]; /* "" when none */
} repl_s3_cfg_t;

typedef struct repl_s3_param {
    const char *name;
    const char *value; /* NULL is written as an empty value */
} repl_s3_param_t;

/* Fills cfg from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION
 * (then AWS_DEFAULT_REGION, then us-east-1) and AWS_ENDPOINT_URL_S3 (then
 * AWS_ENDPOINT_URL); path_style = an endpoint was given. 0, or LG_EINVAL with a message
 * in err when the credentials are missing or a value is too long. Main thread (getenv). */
int repl_s3_cfg_from_env(repl_s3_cfg_t *cfg, const char *bucket, char *err,
                         size_t errlen) LG_MUSTCHECK;

/* RFC 3986 percent-encoding of s into out; keep_slash leaves '/' as is. 0 or LG_ETOOBIG. */
int repl_s3_uri_encode(const char *s, bool keep_slash, char *out, size_t cap) LG_MUSTCHECK;

/* Canonical query string from n parameters (sorted by encoded name, then value; copies,
 * params untouched). "" when n == 0. 0 or LG_ETOOBIG. */
int repl_s3_query(const repl_s3_param_t *params, size_t n, char *out, size_t cap) LG_MUSTCHECK;

/* Full request URL for key (NULL or "" = the bucket itself) with an already canonical
 * query (NULL or "" = none). 0, LG_ETOOBIG, or LG_EINVAL (bad endpoint). */
int repl_s3_url(const repl_s3_cfg_t *cfg, const char *key, const char *query, char *out,
                size_t cap) LG_MUSTCHECK;

/* The "aws:amz:REGION:s3" string for CURLOPT_AWS_SIGV4. */
int repl_s3_sigv4_param(const repl_s3_cfg_t *cfg, char *out, size_t cap) LG_MUSTCHECK;

typedef struct repl_s3_object {
    char *key; /* heap, entity-decoded */
    uint64_t size;
} repl_s3_object_t;

typedef struct repl_s3_list {
    repl_s3_object_t *items; /* heap; appended across pages */
    size_t n;
    size_t cap;
    bool truncated;
    char next_token[1024]; /* NextContinuationToken of the last page parsed, "" if none */
} repl_s3_list_t;

/* Appends the <Contents> of one ListObjectsV2 response page to out and records
 * IsTruncated / NextContinuationToken. 0, or LG_EPROTO when the document is not a
 * ListBucketResult or is truncated without a token. */
int repl_s3_list_parse(const char *xml, size_t n, repl_s3_list_t *out) LG_MUSTCHECK;
void repl_s3_list_free(repl_s3_list_t *l);

/* Extracts <Code> and <Message> from an S3 <Error> document. 0, or LG_ENOTFOUND when
 * the body is not an S3 error (code/msg then hold ""). */
int repl_s3_error_parse(const char *xml, size_t n, char *code, size_t ccap, char *msg, size_t mcap);

#endif
