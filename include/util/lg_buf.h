/* lg_buf.h - a bounded growable byte buffer with a read cursor (any thread; one owner).
 *
 * Invariant: off <= len <= cap <= max (cap may be 0 with data NULL). Bytes [off, len) are
 * unread. Appends past `max` do not grow the buffer: they set the sticky `failed` flag and
 * are dropped, so a builder appends a whole message and checks `failed` once at the end.
 * The ceiling is a required argument of init (curl dynbuf). */
#ifndef LG_UTIL_BUF_H
#define LG_UTIL_BUF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lg_buf {
    uint8_t *data;
    size_t off; /* read cursor */
    size_t len; /* end of written bytes */
    size_t cap;
    size_t max;
    bool failed;
} lg_buf_t;

void lg_buf_init(lg_buf_t *b, size_t max);
void lg_buf_deinit(lg_buf_t *b);
/* Empties the buffer (keeps its memory) and clears `failed`. */
void lg_buf_reset(lg_buf_t *b);
/* Makes room for `extra` more bytes after len; 0 or LG_ETOOBIG (sets failed). */
int lg_buf_reserve(lg_buf_t *b, size_t extra);
void lg_buf_append(lg_buf_t *b, const void *p, size_t n);
void lg_buf_putc(lg_buf_t *b, uint8_t c);
void lg_buf_put_u16(lg_buf_t *b, uint16_t v); /* network byte order */
void lg_buf_put_u32(lg_buf_t *b, uint32_t v);
void lg_buf_put_str(lg_buf_t *b, const char *s); /* with its terminating NUL */
void lg_buf_printf(lg_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Overwrites 4 bytes at absolute position pos (< len) with v, network order. */
void lg_buf_patch_u32(lg_buf_t *b, size_t pos, uint32_t v);
/* Unread bytes. */
static inline const uint8_t *lg_buf_rptr(const lg_buf_t *b)
{
    return b->data + b->off;
}
static inline size_t lg_buf_unread(const lg_buf_t *b)
{
    return b->len - b->off;
}
/* Marks n unread bytes consumed; compacts when little remains. */
void lg_buf_consume(lg_buf_t *b, size_t n);
/* Moves unread bytes to the front. */
void lg_buf_compact(lg_buf_t *b);
/* Hands the storage to the caller (who frees it with free()) and leaves b empty. */
uint8_t *lg_buf_steal(lg_buf_t *b, size_t *len);

#endif
