/* sqlfn_upsert.c - lg_upsert_once(token, k1, ..., kn): the check behind PostgreSQL's
 * "ON CONFLICT DO UPDATE command cannot affect row a second time" (21000) for an
 * INSERT ... SELECT ... ON CONFLICT DO UPDATE. The translator calls it once per proposed
 * row, in the WHERE of the row source, with the conflict target's key values; it returns 1,
 * or raises 21000 when the same key was proposed before in this execution of the statement.
 * A key with a NULL part is not remembered (NULLs never conflict).
 *
 * The keys seen are the auxiliary data of the constant first argument (token), so they
 * live exactly as long as one execution of the prepared statement (SQLite drops them on
 * reset and finalize). The translator must keep the call a single instance: the source is
 * a subquery with LIMIT, whose WHERE SQLite neither pushes down nor flattens.
 *
 * Key encoding: per part a type byte and its bytes; an integral REAL is encoded as the
 * INTEGER of the same value, as the two compare equal in SQLite. The set is an open
 * addressing table (FNV-1a hashes) over an arena holding the encoded keys. Worker thread
 * (the connection's). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef struct key_slot {
    uint64_t hash;
    size_t off, len; /* the key's bytes in the arena; len 0: an empty slot */
} key_slot_t;

typedef struct key_set {
    size_t cap, n; /* cap is a power of two */
    key_slot_t *slots;
    unsigned char *arena; /* every key's bytes, one after another */
    size_t used, size;
} key_set_t;

static void key_set_free(void *p)
{
    key_set_t *s = p;
    if (s) {
        free(s->slots);
        free(s->arena);
    }
    free(s);
}

static uint64_t fnv1a(const unsigned char *b, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static void key_set_grow(key_set_t *s)
{
    size_t cap = s->cap ? s->cap * 2 : 256;
    key_slot_t *slots = lg_xcalloc(cap, sizeof(*slots));
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->slots[i].len)
            continue;
        size_t j = (size_t)s->slots[i].hash & (cap - 1);
        while (slots[j].len)
            j = (j + 1) & (cap - 1);
        slots[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
}

/* Adds key (len > 0, copied); false when it was there already. */
static bool key_set_add(key_set_t *s, const unsigned char *key, size_t len)
{
    if ((s->n + 1) * 2 > s->cap)
        key_set_grow(s);
    uint64_t h = fnv1a(key, len);
    size_t j = (size_t)h & (s->cap - 1);
    for (; s->slots[j].len; j = (j + 1) & (s->cap - 1))
        if (s->slots[j].hash == h && s->slots[j].len == len &&
            memcmp(s->arena + s->slots[j].off, key, len) == 0)
            return false;
    if (s->used + len > s->size) {
        s->size = (s->used + len) * 2;
        s->arena = lg_xrealloc(s->arena, s->size);
    }
    memcpy(s->arena + s->used, key, len);
    s->slots[j] = (key_slot_t){.hash = h, .off = s->used, .len = len};
    s->used += len;
    s->n++;
    return true;
}

/* One key part's encoding: 1 + 8 bytes for a number; for text or a blob, 1 + 8 bytes of
 * length and then the bytes at *p (not copied). 0 for NULL. */
static size_t key_part(sqlite3_value *v, unsigned char head[9], const void **p, size_t *n)
{
    int t = sqlite3_value_type(v);
    *p = NULL;
    *n = 0;
    if (t == SQLITE_NULL)
        return 0;
    int64_t i = 0;
    double d = 0;
    if (t == SQLITE_INTEGER)
        i = sqlite3_value_int64(v);
    if (t == SQLITE_FLOAT) {
        d = sqlite3_value_double(v);
        if (d == floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
            t = SQLITE_INTEGER;
            i = (int64_t)d;
        }
    }
    head[0] = (unsigned char)t;
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        memcpy(head + 1, t == SQLITE_INTEGER ? (const void *)&i : (const void *)&d, 8);
        return 9;
    }
    *p = t == SQLITE_BLOB ? sqlite3_value_blob(v) : (const void *)sqlite3_value_text(v);
    *n = (size_t)sqlite3_value_bytes(v);
    uint64_t len = *n;
    memcpy(head + 1, &len, 8);
    return 9 + *n;
}

/* The encoded key of argv[1..argc) into buf (or a heap copy when it does not fit, to be
 * freed by the caller); its length, 0 when a part is NULL. */
static size_t key_encode(int argc, sqlite3_value **argv, unsigned char *buf, size_t cap,
                         unsigned char **heap)
{
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        unsigned char *out = pass ? (total <= cap ? buf : (*heap = lg_xmalloc(total))) : NULL;
        size_t at = 0;
        for (int k = 1; k < argc; k++) {
            unsigned char head[9];
            const void *p;
            size_t n, len = key_part(argv[k], head, &p, &n);
            if (!len)
                return 0;
            if (out) {
                memcpy(out + at, head, 9);
                if (n)
                    memcpy(out + at + 9, p, n);
            }
            at += len;
        }
        total = at;
    }
    return total;
}

static void fn_upsert_once(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    unsigned char buf[256], *heap = NULL;
    size_t len = argc > 1 ? key_encode(argc, argv, buf, sizeof(buf), &heap) : 0;
    if (!len) {
        sqlite3_result_int(ctx, 1);
        return;
    }
    key_set_t *s = sqlite3_get_auxdata(ctx, 0);
    bool fresh = !s;
    if (fresh)
        s = lg_xcalloc(1, sizeof(*s));
    bool added = key_set_add(s, heap ? heap : buf, len);
    free(heap);
    if (fresh)
        sqlite3_set_auxdata(ctx, 0, s, key_set_free); /* s must not be used after this */
    if (!added)
        sqlfn__error(ctx, "21000",
                     "ON CONFLICT DO UPDATE command cannot affect row a second time"
                     "\x1f" /* its HINT (exec_conn.c) */
                     "HINT:Ensure that no rows proposed for insertion within the same command "
                     "have duplicate constrained values.");
    else
        sqlite3_result_int(ctx, 1);
}

int sqlfn__register_upsert(sqlite3 *db)
{
    static const sqlfn_def_t defs[] = {{"lg_upsert_once", -1, SQLFN_VOLATILE, fn_upsert_once}};
    return sqlfn__register_table(db, defs, 1, NULL);
}
