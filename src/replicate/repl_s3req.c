/* repl_s3req.c - S3 URLs, canonical queries, and parsing of ListObjectsV2 and error XML.
 *
 * The XML parsing is deliberately narrow: S3 responses are flat, machine-written
 * documents, so a bounded search for <Tag>text</Tag> inside the enclosing element, plus
 * decoding of the five predefined entities and numeric character references, is enough.
 * Every search is bounded by the given length; input need not be NUL-terminated. */
#include "repl_s3req.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"

typedef struct span {
    const char *p;
    size_t n;
} span_t;

static bool unreserved(unsigned char c);
static int cmp_param(const void *a, const void *b);
static bool find_elem(span_t in, const char *tag, span_t *inner, span_t *after);
static size_t xml_decode(span_t s, char *out, size_t cap);
static void put_utf8(unsigned long cp, char *out, size_t cap, size_t *o);
static void copy_env(char *dst, size_t cap, const char *a, const char *b, const char *dflt,
                     bool *too_long);

static bool unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

int repl_s3_uri_encode(const char *s, bool keep_slash, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (unreserved(c) || (keep_slash && c == '/')) {
            if (o + 1 >= cap)
                return LG_ETOOBIG;
            out[o++] = (char)c;
        } else {
            if (o + 3 >= cap)
                return LG_ETOOBIG;
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    if (cap == 0)
        return LG_ETOOBIG;
    out[o] = '\0';
    return 0;
}

typedef struct enc_param {
    char name[256];
    char value[2048];
} enc_param_t;

static int cmp_param(const void *a, const void *b)
{
    const enc_param_t *x = a;
    const enc_param_t *y = b;
    int c = strcmp(x->name, y->name);
    return c != 0 ? c : strcmp(x->value, y->value);
}

int repl_s3_query(const repl_s3_param_t *params, size_t n, char *out, size_t cap)
{
    if (cap == 0)
        return LG_ETOOBIG;
    out[0] = '\0';
    if (n == 0)
        return 0;
    enc_param_t *e = lg_xcalloc(n, sizeof *e);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = repl_s3_uri_encode(params[i].name, false, e[i].name, sizeof e[i].name);
        if (rc == 0)
            rc = repl_s3_uri_encode(params[i].value ? params[i].value : "", false, e[i].value,
                                    sizeof e[i].value);
    }
    qsort(e, n, sizeof *e, cmp_param);
    size_t o = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int w = snprintf(out + o, cap - o, "%s%s=%s", i ? "&" : "", e[i].name, e[i].value);
        if (w < 0 || (size_t)w >= cap - o)
            rc = LG_ETOOBIG;
        else
            o += (size_t)w;
    }
    free(e);
    return rc;
}

int repl_s3_url(const repl_s3_cfg_t *cfg, const char *key, const char *query, char *out, size_t cap)
{
    char ekey[3200];
    char ep[300];
    if (repl_s3_uri_encode(key ? key : "", true, ekey, sizeof ekey) != 0)
        return LG_ETOOBIG;
    if (cfg->endpoint[0] != '\0')
        snprintf(ep, sizeof ep, "%s", cfg->endpoint);
    else
        snprintf(ep, sizeof ep, "https://s3.%s.amazonaws.com", cfg->region);
    const char *host = strstr(ep, "://");
    if (host == NULL || host[3] == '\0')
        return LG_EINVAL;
    const char *q = query && query[0] ? "?" : "";
    int w;
    if (cfg->path_style) /* the bucket itself is "/bucket", no trailing slash */
        w = snprintf(out, cap, "%s/%s%s%s%s%s", ep, cfg->bucket, ekey[0] ? "/" : "", ekey, q,
                     query ? query : "");
    else
        w = snprintf(out, cap, "%.*s%s.%s/%s%s%s", (int)(host + 3 - ep), ep, cfg->bucket, host + 3,
                     ekey, q, query ? query : "");
    return w < 0 || (size_t)w >= cap ? LG_ETOOBIG : 0;
}

int repl_s3_sigv4_param(const repl_s3_cfg_t *cfg, char *out, size_t cap)
{
    int w = snprintf(out, cap, "aws:amz:%s:s3", cfg->region);
    return w < 0 || (size_t)w >= cap ? LG_ETOOBIG : 0;
}

static void copy_env(char *dst, size_t cap, const char *a, const char *b, const char *dflt,
                     bool *too_long)
{
    const char *v = a ? getenv(a) : NULL;
    if ((v == NULL || v[0] == '\0') && b != NULL)
        v = getenv(b);
    if (v == NULL || v[0] == '\0')
        v = dflt;
    if (strlen(v) >= cap)
        *too_long = true;
    snprintf(dst, cap, "%s", v);
}

int repl_s3_cfg_from_env(repl_s3_cfg_t *cfg, const char *bucket, char *err, size_t errlen)
{
    bool too_long = false;
    memset(cfg, 0, sizeof *cfg);
    copy_env(cfg->access_key, sizeof cfg->access_key, "AWS_ACCESS_KEY_ID", NULL, "", &too_long);
    copy_env(cfg->secret_key, sizeof cfg->secret_key, "AWS_SECRET_ACCESS_KEY", NULL, "", &too_long);
    copy_env(cfg->session_token, sizeof cfg->session_token, "AWS_SESSION_TOKEN", NULL, "",
             &too_long);
    copy_env(cfg->region, sizeof cfg->region, "AWS_REGION", "AWS_DEFAULT_REGION", "us-east-1",
             &too_long);
    copy_env(cfg->endpoint, sizeof cfg->endpoint, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "",
             &too_long);
    copy_env(cfg->bucket, sizeof cfg->bucket, NULL, NULL, bucket, &too_long);
    size_t el = strlen(cfg->endpoint);
    while (el > 0 && cfg->endpoint[el - 1] == '/')
        cfg->endpoint[--el] = '\0';
    cfg->path_style = el > 0;
    if (too_long) {
        snprintf(err, errlen, "an AWS_* environment value or the bucket name is too long");
        return LG_EINVAL;
    }
    if (cfg->access_key[0] == '\0' || cfg->secret_key[0] == '\0') {
        snprintf(err, errlen,
                 "S3 credentials missing: set AWS_ACCESS_KEY_ID and "
                 "AWS_SECRET_ACCESS_KEY");
        return LG_EINVAL;
    }
    if (el > 0 && strstr(cfg->endpoint, "://") == NULL) {
        snprintf(err, errlen, "AWS_ENDPOINT_URL_S3 must start with http:// or https://");
        return LG_EINVAL;
    }
    return 0;
}

/* Finds the first <tag>...</tag> in `in`; inner is the text between, after is what
 * follows the closing tag. Also accepts "<tag/>" (empty) and attributes "<tag a=...>". */
static bool find_elem(span_t in, const char *tag, span_t *inner, span_t *after)
{
    size_t tl = strlen(tag);
    const char *end = in.p + in.n;
    for (const char *p = in.p; p + tl + 2 <= end; p++) {
        p = memchr(p, '<', (size_t)(end - p));
        if (p == NULL || p + tl + 2 > end)
            return false;
        if (memcmp(p + 1, tag, tl) != 0 ||
            (p[tl + 1] != '>' && p[tl + 1] != ' ' && p[tl + 1] != '/'))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (gt == NULL)
            return false;
        if (gt[-1] == '/') {
            *inner = (span_t){gt + 1, 0};
            *after = (span_t){gt + 1, (size_t)(end - gt - 1)};
            return true;
        }
        const char *s = gt + 1;
        for (const char *c = s; c + tl + 3 <= end; c++) {
            if (c[0] == '<' && c[1] == '/' && memcmp(c + 2, tag, tl) == 0 && c[tl + 2] == '>') {
                *inner = (span_t){s, (size_t)(c - s)};
                *after = (span_t){c + tl + 3, (size_t)(end - (c + tl + 3))};
                return true;
            }
        }
        return false;
    }
    return false;
}

static void put_utf8(unsigned long cp, char *out, size_t cap, size_t *o)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    for (size_t i = 0; i < n && *o + 1 < cap; i++)
        out[(*o)++] = b[i];
}

/* Decodes entities of s into out (NUL-terminated, truncated to cap). Returns the length. */
static size_t xml_decode(span_t s, char *out, size_t cap)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    size_t o = 0;
    for (size_t i = 0; i < s.n && o + 1 < cap;) {
        bool done = false;
        for (size_t e = 0; e < LG_ARRAY_LEN(ents) && s.p[i] == '&'; e++) {
            size_t el = strlen(ents[e].ent);
            if (i + el <= s.n && memcmp(s.p + i, ents[e].ent, el) == 0) {
                out[o++] = ents[e].c;
                i += el;
                done = true;
                break;
            }
        }
        if (!done && s.p[i] == '&' && i + 2 < s.n && s.p[i + 1] == '#') {
            const char *semi = memchr(s.p + i, ';', s.n - i);
            if (semi != NULL && semi - (s.p + i) < 12) {
                bool hexa = s.p[i + 2] == 'x';
                char num[12] = {0};
                memcpy(num, s.p + i + (hexa ? 3 : 2), (size_t)(semi - s.p - i - (hexa ? 3 : 2)));
                put_utf8(strtoul(num, NULL, hexa ? 16 : 10), out, cap, &o);
                i = (size_t)(semi - s.p) + 1;
                done = true;
            }
        }
        if (!done)
            out[o++] = s.p[i++];
    }
    if (cap > 0)
        out[o] = '\0';
    return o;
}

int repl_s3_list_parse(const char *xml, size_t n, repl_s3_list_t *out)
{
    span_t doc = {xml, n}, body, rest, inner, tmp;
    if (!find_elem(doc, "ListBucketResult", &body, &rest))
        return LG_EPROTO;
    char text[1100];
    out->truncated = false;
    out->next_token[0] = '\0';
    if (find_elem(body, "IsTruncated", &inner, &tmp)) {
        xml_decode(inner, text, sizeof text);
        out->truncated = strcmp(text, "true") == 0;
    }
    if (find_elem(body, "NextContinuationToken", &inner, &tmp))
        xml_decode(inner, out->next_token, sizeof out->next_token);
    if (out->truncated && out->next_token[0] == '\0')
        return LG_EPROTO;
    span_t cur = body, item;
    while (find_elem(cur, "Contents", &item, &rest)) {
        cur = rest;
        if (!find_elem(item, "Key", &inner, &tmp))
            return LG_EPROTO;
        char *key = lg_xmalloc(inner.n + 1);
        xml_decode(inner, key, inner.n + 1);
        uint64_t size = 0;
        if (find_elem(item, "Size", &inner, &tmp)) {
            xml_decode(inner, text, sizeof text);
            size = strtoull(text, NULL, 10);
        }
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->items = lg_xrealloc(out->items, out->cap * sizeof *out->items);
        }
        out->items[out->n++] = (repl_s3_object_t){key, size};
    }
    return 0;
}

void repl_s3_list_free(repl_s3_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].key);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int repl_s3_error_parse(const char *xml, size_t n, char *code, size_t ccap, char *msg, size_t mcap)
{
    span_t doc = {xml, n}, body, rest, inner;
    if (ccap > 0)
        code[0] = '\0';
    if (mcap > 0)
        msg[0] = '\0';
    if (xml == NULL || !find_elem(doc, "Error", &body, &rest))
        return LG_ENOTFOUND;
    if (find_elem(body, "Code", &inner, &rest))
        xml_decode(inner, code, ccap);
    if (find_elem(body, "Message", &inner, &rest))
        xml_decode(inner, msg, mcap);
    return code[0] != '\0' ? 0 : LG_ENOTFOUND;
}
