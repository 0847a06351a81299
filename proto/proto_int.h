/* proto_int.h - private to proto/: a bounds-checked read cursor over one message body, shared
 * by the startup and frontend decoders (any thread).
 *
 * Every getter checks the remaining length first and never reads outside [p, p+len). A failed
 * getter sets the sticky `bad` flag and returns a neutral value, so a decoder reads a whole
 * message and checks once (postgres pqformat.c: pq_getmsgint / pq_getmsgstring /
 * pq_getmsgend). */
#ifndef LG_PROTO_PROTO_INT_H
#define LG_PROTO_PROTO_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct proto__rd {
    const uint8_t *p;
    size_t len;
    size_t pos; /* invariant: pos <= len */
    bool bad;
} proto__rd_t;

static inline void proto__rd_init(proto__rd_t *r, const uint8_t *p, size_t len)
{
    static const uint8_t empty[1] = {0};
    r->p = p ? p : empty; /* never NULL: no arithmetic on a null pointer */
    r->len = p ? len : 0;
    r->pos = 0;
    r->bad = false;
}

static inline size_t proto__rd_left(const proto__rd_t *r)
{
    return r->len - r->pos;
}

/* Returns a pointer to the next n bytes and skips them, or NULL (and sets bad). */
static inline const uint8_t *proto__rd_bytes(proto__rd_t *r, size_t n)
{
    if (r->bad || n > r->len - r->pos) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = r->p + r->pos;
    r->pos += n;
    return q;
}

static inline uint8_t proto__rd_u8(proto__rd_t *r)
{
    const uint8_t *q = proto__rd_bytes(r, 1);
    return q ? q[0] : 0;
}

static inline uint16_t proto__rd_u16(proto__rd_t *r)
{
    const uint8_t *q = proto__rd_bytes(r, 2);
    return q ? (uint16_t)(((unsigned)q[0] << 8) | q[1]) : 0;
}

static inline uint32_t proto__rd_u32(proto__rd_t *r)
{
    const uint8_t *q = proto__rd_bytes(r, 4);
    if (!q)
        return 0;
    return ((uint32_t)q[0] << 24) | ((uint32_t)q[1] << 16) | ((uint32_t)q[2] << 8) | q[3];
}

/* A NUL-terminated string that must end inside the body. Returns it (a view) and its length
 * without the NUL, or "" with bad set when no NUL follows. */
static inline const char *proto__rd_str(proto__rd_t *r, size_t *slen)
{
    size_t n = 0;
    if (!r->bad && r->pos < r->len) {
        const uint8_t *start = r->p + r->pos;
        const uint8_t *nul = memchr(start, 0, r->len - r->pos);
        if (nul) {
            n = (size_t)(nul - start);
            r->pos += n + 1;
            if (slen)
                *slen = n;
            return (const char *)start;
        }
    }
    r->bad = true;
    if (slen)
        *slen = 0;
    return "";
}

/* True when the whole body was read without error (pq_getmsgend). */
static inline bool proto__rd_done(const proto__rd_t *r)
{
    return !r->bad && r->pos == r->len;
}

#endif
