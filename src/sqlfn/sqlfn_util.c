/* sqlfn_util.c - shared helpers of the sqlfn module: table-driven registration, errors with
 * the "XXXXX:" SQLSTATE prefix, buffer results and UTF-8 walking.
 *
 * UTF-8 helpers never read past n and treat an invalid byte as a one-byte character, so
 * malformed text cannot make them loop or overrun. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "sqlfn_int.h"

int sqlfn__register_table(sqlite3 *db, const sqlfn_def_t *defs, size_t n, void *app)
{
    for (size_t i = 0; i < n; i++) {
        int rc = sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, defs[i].flags, app,
                                            defs[i].fn, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}

void sqlfn__error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...)
{
    char msg[512];
    int k = snprintf(msg, sizeof msg, "%.5s:", sqlstate);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
    va_end(ap);
    sqlite3_result_error(ctx, msg, -1);
}

void sqlfn__error_pg(sqlite3_context *ctx, const lg_pgerr_t *e)
{
    static const char detail_mark[] = "\x1f"
                                      "DETAIL:",
                      hint_mark[] = "\x1f"
                                    "HINT:";
    char msg[LG_PGERR_MSG_MAX + LG_PGERR_DETAIL_MAX + LG_PGERR_HINT_MAX + 32];
    snprintf(msg, sizeof msg, "%.5s:%s%s%s%s%s", e->sqlstate, e->message,
             e->detail[0] ? detail_mark : "", e->detail, e->hint[0] ? hint_mark : "", e->hint);
    sqlite3_result_error(ctx, msg, -1);
}

static bool result_buf_failed(sqlite3_context *ctx, lg_buf_t *b)
{
    if (!b->failed) {
        return false;
    }
    lg_buf_deinit(b);
    sqlfn__error(ctx, "54000", "result is too large");
    return true;
}

void sqlfn__result_buf_text(sqlite3_context *ctx, lg_buf_t *b)
{
    if (result_buf_failed(ctx, b)) {
        return;
    }
    const char *p = b->len ? (const char *)b->data : "";
    sqlite3_result_text64(ctx, p, b->len, SQLITE_TRANSIENT, SQLITE_UTF8);
    lg_buf_deinit(b);
}

void sqlfn__result_buf_blob(sqlite3_context *ctx, lg_buf_t *b)
{
    if (result_buf_failed(ctx, b)) {
        return;
    }
    const void *p = b->len ? (const void *)b->data : "";
    sqlite3_result_blob64(ctx, p, b->len, SQLITE_TRANSIENT);
    lg_buf_deinit(b);
}

bool sqlfn__any_null(int argc, sqlite3_value **argv)
{
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            return true;
        }
    }
    return false;
}

static size_t seq_len(unsigned char c)
{
    if (c < 0x80) {
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        return 2;
    }
    if ((c & 0xF0) == 0xE0) {
        return 3;
    }
    if ((c & 0xF8) == 0xF0) {
        return 4;
    }
    return 1;
}

int32_t sqlfn__utf8_decode(const unsigned char *s, size_t n, size_t i, size_t *len)
{
    size_t l = seq_len(s[i]);
    if (i + l > n) {
        l = 1;
    }
    for (size_t k = 1; k < l; k++) {
        if ((s[i + k] & 0xC0) != 0x80) {
            l = 1;
            break;
        }
    }
    *len = l;
    if (l == 1) {
        return s[i];
    }
    int32_t c = s[i] & (0xFF >> (l + 1));
    for (size_t k = 1; k < l; k++) {
        c = (c << 6) | (s[i + k] & 0x3F);
    }
    return c;
}

size_t sqlfn__utf8_next(const unsigned char *s, size_t n, size_t i)
{
    size_t l;
    (void)sqlfn__utf8_decode(s, n, i, &l);
    return i + l;
}

size_t sqlfn__utf8_count(const unsigned char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i = sqlfn__utf8_next(s, n, i)) {
        k++;
    }
    return k;
}

size_t sqlfn__utf8_offset(const unsigned char *s, size_t n, size_t k)
{
    size_t i = 0;
    while (k > 0 && i < n) {
        i = sqlfn__utf8_next(s, n, i);
        k--;
    }
    return i;
}

void sqlfn__utf8_put(lg_buf_t *b, int32_t c)
{
    unsigned char o[4];
    size_t l;
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        l = 1;
    } else if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | (c >> 6));
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        l = 2;
    } else if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        l = 3;
    } else {
        o[0] = (unsigned char)(0xF0 | (c >> 18));
        o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (c & 0x3F));
        l = 4;
    }
    lg_buf_append(b, o, l);
}

/* Shortest "%.*g" form of d that reads back exactly, as PostgreSQL 12+ prints float8. */
void sqlfn__append_double(lg_buf_t *b, double d)
{
    char tmp[40];
    if (d != d) {
        lg_buf_append(b, "NaN", 3);
        return;
    }
    if (d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
        lg_buf_printf(b, "%s", d > 0 ? "Infinity" : "-Infinity");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d) {
            break;
        }
    }
    lg_buf_append(b, tmp, strlen(tmp));
}

void sqlfn__append_value_text(lg_buf_t *b, sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        lg_buf_printf(b, "%lld", (long long)sqlite3_value_int64(v));
        break;
    case SQLITE_FLOAT:
        sqlfn__append_double(b, sqlite3_value_double(v));
        break;
    case SQLITE_BLOB: {
        const unsigned char *p = sqlite3_value_blob(v);
        int n = sqlite3_value_bytes(v);
        lg_buf_append(b, "\\x", 2);
        for (int i = 0; i < n; i++) {
            lg_buf_printf(b, "%02x", p[i]);
        }
        break;
    }
    case SQLITE_TEXT:
        lg_buf_append(b, sqlite3_value_text(v), (size_t)sqlite3_value_bytes(v));
        break;
    default:
        break;
    }
}

double sqlfn__value_double(sqlite3_value *v)
{
    if (sqlite3_value_type(v) != SQLITE_TEXT)
        return sqlite3_value_double(v);
    const char *t = (const char *)sqlite3_value_text(v);
    char *end = NULL;
    double d = t ? strtod(t, &end) : 0;
    return end && end != t ? d : sqlite3_value_double(v);
}
