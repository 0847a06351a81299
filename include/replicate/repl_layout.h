/* repl_layout.h - names of replicated objects in the bucket (pure; any thread).
 *
 *   <prefix>/generations/<gen>/snapshots/<pos>.snap.zst
 *   <prefix>/generations/<gen>/wal/<pos>.seg.zst
 *
 * <gen> and <pos> are 16 lower-case hex digits, zero-padded, so byte order is numeric
 * order. A generation id is the creation time in unix milliseconds shifted left 16 bits
 * plus 16 random bits: generations sort by creation time. <pos> counts WAL frames shipped
 * in the generation before the object. The prefix has no leading or trailing '/'
 * (possibly empty, then keys start at "generations/"). */
#ifndef LG_REPLICATE_REPL_LAYOUT_H
#define LG_REPLICATE_REPL_LAYOUT_H
#include <stddef.h>
#include <stdint.h>

#include "lg_alloc.h"

typedef enum { REPL_KEY_SEGMENT = 1, REPL_KEY_SNAPSHOT = 2 } repl_key_kind_t;

/* A generation id for a generation created at unix ms `now_ms` with random bits `rnd`. */
uint64_t repl_generation_new(uint64_t now_ms, uint16_t rnd);
/* Creation time (unix ms) encoded in a generation id. */
uint64_t repl_generation_time_ms(uint64_t gen);

/* Writes the key of an object into out (NUL-terminated). 0 or LG_ETOOBIG. */
int repl_key_object(const char *prefix, repl_key_kind_t kind, uint64_t gen, uint64_t pos, char *out,
                    size_t cap) LG_MUSTCHECK;
/* "<prefix>/generations/" or "<prefix>/generations/<gen>/" when with_gen. */
int repl_key_generation_prefix(const char *prefix, int with_gen, uint64_t gen, char *out,
                               size_t cap) LG_MUSTCHECK;
/* Parses a key written by repl_key_object (after the prefix is stripped or not: only the
 * "generations/..." tail is examined). 0 or LG_EINVAL for any other key. */
int repl_key_parse(const char *key, repl_key_kind_t *kind, uint64_t *gen,
                   uint64_t *pos) LG_MUSTCHECK;

/* Splits "s3://bucket/some/prefix/" into bucket and prefix (no leading/trailing '/').
 * 0 or LG_EINVAL. */
int repl_url_parse(const char *url, char *bucket, size_t bcap, char *prefix,
                   size_t pcap) LG_MUSTCHECK;

#endif
