/* types_harness.h - small helpers for the types unit tests: run text output / input and
 * return what a client would see as a C string (static storage, valid until next call). */
#ifndef LG_TESTS_TYPES_HARNESS_H
#define LG_TESTS_TYPES_HARNESS_H
#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_text.h"
#include <stdio.h>
#include <string.h>

static char g_out[8192];

static inline const char *cstr_of(const lg_buf_t *b)
{
    size_t n = b->len < sizeof(g_out) - 1 ? b->len : sizeof(g_out) - 1;
    if (n)
        memcpy(g_out, b->data, n);
    g_out[n] = '\0';
    return g_out;
}

static inline const char *out_with(pgtype_value_t v, uint32_t oid, int32_t typmod, const char *tz)
{
    pgtype_session_t s;
    pgtype_session_init(&s);
    s.timezone = tz;
    lg_buf_t b;
    lg_buf_init(&b, 1 << 20);
    if (pgtype_text_out(&v, oid, typmod, &s, &b) != 0)
        snprintf(g_out, sizeof(g_out), "<error>");
    else
        cstr_of(&b);
    lg_buf_deinit(&b);
    return g_out;
}

static inline pgtype_value_t vint(int64_t i)
{
    return (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = i};
}
static inline pgtype_value_t vdbl(double d)
{
    return (pgtype_value_t){.storage = PGTYPE_ST_FLOAT, .d = d};
}
static inline pgtype_value_t vtxt(const char *s)
{
    return (pgtype_value_t){.storage = PGTYPE_ST_TEXT, .p = (const uint8_t *)s, .n = strlen(s)};
}
static inline pgtype_value_t vblob(const void *p, size_t n)
{
    return (pgtype_value_t){.storage = PGTYPE_ST_BLOB, .p = p, .n = n};
}

/* Text input; returns "I:<int>", "F:<%.17g>", "T:<text>", "B:<hex>" or "E:<sqlstate> <msg>". */
static inline const char *in_tz(const char *txt, uint32_t oid, int32_t typmod, const char *tz)
{
    pgtype_session_t s;
    pgtype_session_init(&s);
    s.timezone = tz;
    s.now_usec = 830000000000000LL; /* 2026-04-20 11:33:20 UTC */
    lg_buf_t scratch;
    lg_buf_init(&scratch, 1 << 20);
    lg_pgerr_t err;
    lg_pgerr_clear(&err);
    pgtype_value_t v;
    int rc = pgtype_text_in(txt, strlen(txt), oid, typmod, &s, &v, &scratch, &err);
    if (rc != 0) {
        snprintf(g_out, sizeof(g_out), "E:%s %s", err.sqlstate, err.message);
    } else if (v.storage == PGTYPE_ST_INT) {
        snprintf(g_out, sizeof(g_out), "I:%lld", (long long)v.i);
    } else if (v.storage == PGTYPE_ST_FLOAT) {
        snprintf(g_out, sizeof(g_out), "F:%.17g", v.d);
    } else if (v.storage == PGTYPE_ST_TEXT) {
        snprintf(g_out, sizeof(g_out), "T:%.*s", (int)v.n, (const char *)v.p);
    } else {
        int k = snprintf(g_out, sizeof(g_out), "B:");
        for (size_t i = 0; i < v.n && k < (int)sizeof(g_out) - 3; i++)
            k += snprintf(g_out + k, sizeof(g_out) - (size_t)k, "%02x", v.p[i]);
    }
    lg_buf_deinit(&scratch);
    return g_out;
}

static inline const char *in(const char *txt, uint32_t oid, int32_t typmod)
{
    return in_tz(txt, oid, typmod, "UTC");
}

#endif
