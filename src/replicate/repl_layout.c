/* repl_layout.c - object key construction and parsing; see repl_layout.h for the layout.
 * Invariant: every key this file writes is parsed back by repl_key_parse to the same
 * (kind, generation, position), and keys of one generation and kind sort by position. */
#include "repl_layout.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lg_err.h"

static int parse_hex16(const char *s, uint64_t *out);

uint64_t repl_generation_new(uint64_t now_ms, uint16_t rnd)
{
    return (now_ms << 16) | rnd;
}

uint64_t repl_generation_time_ms(uint64_t gen)
{
    return gen >> 16;
}

static int parse_hex16(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        char c = s[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return LG_EINVAL;
        v = (v << 4) | (uint64_t)d;
    }
    *out = v;
    return 0;
}

int repl_key_generation_prefix(const char *prefix, int with_gen, uint64_t gen, char *out,
                               size_t cap)
{
    const char *sep = prefix[0] != '\0' ? "/" : "";
    int n;
    if (with_gen)
        n = snprintf(out, cap, "%s%sgenerations/%016" PRIx64 "/", prefix, sep, gen);
    else
        n = snprintf(out, cap, "%s%sgenerations/", prefix, sep);
    return n < 0 || (size_t)n >= cap ? LG_ETOOBIG : 0;
}

int repl_key_object(const char *prefix, repl_key_kind_t kind, uint64_t gen, uint64_t pos, char *out,
                    size_t cap)
{
    const char *sep = prefix[0] != '\0' ? "/" : "";
    const char *dir = kind == REPL_KEY_SNAPSHOT ? "snapshots" : "wal";
    const char *ext = kind == REPL_KEY_SNAPSHOT ? "snap.zst" : "seg.zst";
    int n = snprintf(out, cap, "%s%sgenerations/%016" PRIx64 "/%s/%016" PRIx64 ".%s", prefix, sep,
                     gen, dir, pos, ext);
    return n < 0 || (size_t)n >= cap ? LG_ETOOBIG : 0;
}

int repl_key_parse(const char *key, repl_key_kind_t *kind, uint64_t *gen, uint64_t *pos)
{
    const char *g = strstr(key, "generations/");
    if (g == NULL || (g != key && g[-1] != '/'))
        return LG_EINVAL;
    g += strlen("generations/");
    if (strlen(g) < 17 || parse_hex16(g, gen) != 0 || g[16] != '/')
        return LG_EINVAL;
    const char *rest = g + 17;
    const char *ext;
    if (strncmp(rest, "snapshots/", 10) == 0) {
        *kind = REPL_KEY_SNAPSHOT;
        rest += 10;
        ext = ".snap.zst";
    } else if (strncmp(rest, "wal/", 4) == 0) {
        *kind = REPL_KEY_SEGMENT;
        rest += 4;
        ext = ".seg.zst";
    } else {
        return LG_EINVAL;
    }
    if (strlen(rest) < 16 || parse_hex16(rest, pos) != 0 || strcmp(rest + 16, ext) != 0)
        return LG_EINVAL;
    return 0;
}

int repl_url_parse(const char *url, char *bucket, size_t bcap, char *prefix, size_t pcap)
{
    if (strncmp(url, "s3://", 5) != 0)
        return LG_EINVAL;
    const char *b = url + 5;
    size_t blen = strcspn(b, "/");
    if (blen == 0 || blen >= bcap)
        return LG_EINVAL;
    memcpy(bucket, b, blen);
    bucket[blen] = '\0';
    const char *p = b + blen;
    while (*p == '/')
        p++;
    size_t plen = strlen(p);
    while (plen > 0 && p[plen - 1] == '/')
        plen--;
    if (plen >= pcap)
        return LG_EINVAL;
    memcpy(prefix, p, plen);
    prefix[plen] = '\0';
    return 0;
}
