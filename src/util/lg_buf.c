/* lg_buf.c - bounded growable byte buffer; see lg_buf.h for the invariants. */
#include "lg_buf.h"
#include "lg_alloc.h"
#include "lg_err.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lg_buf_init(lg_buf_t *b, size_t max)
{
    memset(b, 0, sizeof(*b));
    b->max = max;
}

void lg_buf_deinit(lg_buf_t *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

void lg_buf_reset(lg_buf_t *b)
{
    b->off = 0;
    b->len = 0;
    b->failed = false;
}

int lg_buf_reserve(lg_buf_t *b, size_t extra)
{
    if (b->failed)
        return LG_ETOOBIG;
    if (extra > b->max || b->len - b->off > b->max - extra) {
        b->failed = true;
        return LG_ETOOBIG;
    }
    if (b->len + extra <= b->cap)
        return 0;
    if (b->off > 0)
        lg_buf_compact(b);
    if (b->len + extra <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + extra)
        ncap *= 2;
    if (ncap > b->max)
        ncap = b->max;
    b->data = lg_xrealloc(b->data, ncap);
    b->cap = ncap;
    return 0;
}

void lg_buf_append(lg_buf_t *b, const void *p, size_t n)
{
    if (lg_buf_reserve(b, n) != 0)
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

void lg_buf_putc(lg_buf_t *b, uint8_t c)
{
    lg_buf_append(b, &c, 1);
}

void lg_buf_put_u16(lg_buf_t *b, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    lg_buf_append(b, x, 2);
}

void lg_buf_put_u32(lg_buf_t *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    lg_buf_append(b, x, 4);
}

void lg_buf_put_str(lg_buf_t *b, const char *s)
{
    lg_buf_append(b, s, strlen(s) + 1);
}

void lg_buf_printf(lg_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof(small)) {
        lg_buf_append(b, small, (size_t)n);
        return;
    }
    /* vsnprintf needs room for a NUL the buffer does not keep: format into a temporary so
     * a text that exactly fills the ceiling still fits. */
    if (lg_buf_reserve(b, (size_t)n) != 0)
        return;
    char *tmp = lg_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    lg_buf_append(b, tmp, (size_t)n);
    free(tmp);
}

void lg_buf_patch_u32(lg_buf_t *b, size_t pos, uint32_t v)
{
    if (b->failed || pos + 4 > b->len)
        return;
    b->data[pos] = (uint8_t)(v >> 24);
    b->data[pos + 1] = (uint8_t)(v >> 16);
    b->data[pos + 2] = (uint8_t)(v >> 8);
    b->data[pos + 3] = (uint8_t)v;
}

void lg_buf_consume(lg_buf_t *b, size_t n)
{
    if (n > b->len - b->off)
        n = b->len - b->off;
    b->off += n;
    if (b->off == b->len) {
        b->off = 0;
        b->len = 0;
    } else if (b->off > b->cap / 2) {
        lg_buf_compact(b);
    }
}

void lg_buf_compact(lg_buf_t *b)
{
    if (b->off == 0)
        return;
    memmove(b->data, b->data + b->off, b->len - b->off);
    b->len -= b->off;
    b->off = 0;
}

uint8_t *lg_buf_steal(lg_buf_t *b, size_t *len)
{
    lg_buf_compact(b);
    uint8_t *d = b->data;
    *len = b->len;
    b->data = NULL;
    b->len = b->cap = b->off = 0;
    b->failed = false;
    return d;
}
