/* translate_cache.c - the translation cache: exact statement text (+ declared parameter
 * types) -> translate_result_t. Chained hash table (XXH3, header-only: libpg_query exports
 * its own XXH symbols) plus an LRU list; bounded by entries and by bytes of key text.
 * Loop thread only; entries hold one reference to their result. */
#include "translate.h"
#include "lg_alloc.h"
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

typedef struct entry {
    struct entry *next_hash;
    struct entry *lru_prev, *lru_next;
    uint64_t hash;
    size_t len;
    char *key; /* sql bytes followed by the parameter OIDs */
    translate_result_t *res;
} entry_t;

struct translate_cache {
    entry_t **buckets;
    size_t nbuckets;
    size_t count, bytes;
    size_t max_entries, max_bytes;
    entry_t lru; /* sentinel: lru.lru_next is the most recent */
};

static size_t key_build(char **key, const char *sql, size_t len, int np, const uint32_t *pt)
{
    size_t extra = np > 0 && pt ? (size_t)np * sizeof(uint32_t) : 0;
    *key = lg_xmalloc(len + extra + 1);
    memcpy(*key, sql, len);
    if (extra)
        memcpy(*key + len, pt, extra);
    return len + extra;
}

translate_cache_t *translate_cache_new(size_t max_entries, size_t max_bytes)
{
    translate_cache_t *c = lg_xcalloc(1, sizeof(*c));
    c->nbuckets = 1;
    while (c->nbuckets < max_entries * 2)
        c->nbuckets <<= 1;
    c->buckets = lg_xcalloc(c->nbuckets, sizeof(entry_t *));
    c->max_entries = max_entries ? max_entries : 1;
    c->max_bytes = max_bytes;
    c->lru.lru_next = c->lru.lru_prev = &c->lru;
    return c;
}

static void lru_unlink(entry_t *e)
{
    e->lru_prev->lru_next = e->lru_next;
    e->lru_next->lru_prev = e->lru_prev;
}

static void lru_push_front(translate_cache_t *c, entry_t *e)
{
    e->lru_next = c->lru.lru_next;
    e->lru_prev = &c->lru;
    c->lru.lru_next->lru_prev = e;
    c->lru.lru_next = e;
}

static void entry_remove(translate_cache_t *c, entry_t *e)
{
    entry_t **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->next_hash;
    *pp = e->next_hash;
    lru_unlink(e);
    c->count--;
    c->bytes -= e->len;
    translate_result_unref(e->res);
    free(e->key);
    free(e);
}

void translate_cache_clear(translate_cache_t *c)
{
    while (c->lru.lru_next != &c->lru)
        entry_remove(c, c->lru.lru_next);
}

void translate_cache_free(translate_cache_t *c)
{
    if (!c)
        return;
    translate_cache_clear(c);
    free(c->buckets);
    free(c);
}

static entry_t *find(translate_cache_t *c, const char *key, size_t klen, uint64_t h)
{
    for (entry_t *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->next_hash)
        if (e->hash == h && e->len == klen && memcmp(e->key, key, klen) == 0)
            return e;
    return NULL;
}

translate_result_t *translate_cache_get(translate_cache_t *c, const char *sql, size_t len,
                                        int nparam_types, const uint32_t *param_types)
{
    char *key;
    size_t klen = key_build(&key, sql, len, nparam_types, param_types);
    uint64_t h = XXH3_64bits(key, klen);
    entry_t *e = find(c, key, klen, h);
    free(key);
    if (!e)
        return NULL;
    lru_unlink(e);
    lru_push_front(c, e);
    translate_result_ref(e->res);
    return e->res;
}

void translate_cache_put(translate_cache_t *c, const char *sql, size_t len, int nparam_types,
                         const uint32_t *param_types, translate_result_t *r)
{
    if (r->uncacheable)
        return;
    char *key;
    size_t klen = key_build(&key, sql, len, nparam_types, param_types);
    if (klen > c->max_bytes / 4) {
        free(key);
        return;
    }
    uint64_t h = XXH3_64bits(key, klen);
    entry_t *old = find(c, key, klen, h);
    if (old)
        entry_remove(c, old);
    while (c->count >= c->max_entries || (c->count && c->bytes + klen > c->max_bytes))
        entry_remove(c, c->lru.lru_prev);
    entry_t *e = lg_xcalloc(1, sizeof(*e));
    e->hash = h;
    e->key = key;
    e->len = klen;
    e->res = r;
    translate_result_ref(r);
    size_t b = h & (c->nbuckets - 1);
    e->next_hash = c->buckets[b];
    c->buckets[b] = e;
    lru_push_front(c, e);
    c->count++;
    c->bytes += klen;
}
