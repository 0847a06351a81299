/* sqlfn_bytea.c - bytea element access and character-set conversion:
 *   get_byte(b, n), set_byte(b, n, v), get_bit(b, n), set_bit(b, n, v) (bit n is bit n%8,
 *   least significant first, of byte n/8; out of range -> 2202E "index n out of valid
 *   range, 0..last"); convert_to(text, enc) -> bytea, convert_from(bytea, enc) -> text,
 *   convert(bytea, src, dst) -> bytea for the encodings UTF8, LATIN1 (ISO-8859-1) and
 *   SQL_ASCII (bytes as they are). Encoding names compare as PostgreSQL's do: case and
 *   non-alphanumerics ignored. Text is UTF-8 inside; invalid UTF-8 raises 22021, a
 *   character LATIN1 cannot hold raises 22P05. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef enum { ENC_BAD, ENC_UTF8, ENC_LATIN1, ENC_ASCII } enc_t;

static enc_t enc_lookup(const char *name)
{
    char k[32];
    size_t n = 0;
    for (; name && *name && n + 1 < sizeof k; name++)
        if (isalnum((unsigned char)*name))
            k[n++] = (char)tolower((unsigned char)*name);
    k[n] = '\0';
    if (!strcmp(k, "utf8") || !strcmp(k, "unicode"))
        return ENC_UTF8;
    if (!strcmp(k, "latin1") || !strcmp(k, "iso88591"))
        return ENC_LATIN1;
    if (!strcmp(k, "sqlascii"))
        return ENC_ASCII;
    return ENC_BAD;
}

static const char *enc_name(enc_t e)
{
    return e == ENC_UTF8 ? "UTF8" : e == ENC_LATIN1 ? "LATIN1" : "SQL_ASCII";
}

/* Length of the valid UTF-8 sequence at p[0..n), 0 if invalid. */
static size_t utf8_valid(const unsigned char *p, size_t n)
{
    size_t l = p[0] < 0x80             ? 1
               : (p[0] & 0xE0) == 0xC0 ? 2
               : (p[0] & 0xF0) == 0xE0 ? 3
               : (p[0] & 0xF8) == 0xF0 ? 4
                                       : 0;
    if (l == 0 || l > n || (l == 2 && p[0] < 0xC2))
        return 0;
    for (size_t i = 1; i < l; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return l;
}

static void bad_seq(sqlite3_context *ctx, const unsigned char *p, size_t n, const char *enc)
{
    char hex[32] = "";
    size_t k = 0;
    for (size_t i = 0; i < n && i < 4 && k + 6 < sizeof hex; i++)
        k += (size_t)snprintf(hex + k, sizeof hex - k, "%s0x%02x", i ? " " : "", p[i]);
    sqlfn__error(ctx, "22021", "invalid byte sequence for encoding \"%s\": %s", enc, hex);
}

/* Converts p[0..n) from `from` to `to` into b; false with an error set. */
static bool conv(sqlite3_context *ctx, lg_buf_t *b, const unsigned char *p, size_t n, enc_t from,
                 enc_t to)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t l = 1;
        if (from == ENC_UTF8) {
            l = utf8_valid(p + i, n - i);
            if (l == 0) {
                bad_seq(ctx, p + i, n - i, "UTF8");
                return false;
            }
            cp = sqlfn__utf8_decode(p, n, i, &l);
        } else {
            cp = p[i];
        }
        if (to == ENC_UTF8 && from != ENC_ASCII) {
            sqlfn__utf8_put(b, cp);
        } else if (to == ENC_LATIN1 && cp > 0xFF) {
            char hex[32] = "";
            size_t k = 0;
            for (size_t j = 0; j < l && k + 6 < sizeof hex; j++)
                k += (size_t)snprintf(hex + k, sizeof hex - k, "%s0x%02x", j ? " " : "", p[i + j]);
            sqlfn__error(ctx, "22P05",
                         "character with byte sequence %s in encoding \"%s\" "
                         "has no equivalent in encoding \"LATIN1\"",
                         hex, enc_name(from));
            return false;
        } else if (to == ENC_LATIN1 || from != ENC_UTF8) {
            lg_buf_putc(b, (uint8_t)cp);
        } else {
            lg_buf_append(b, p + i, l);
        }
        i += l;
    }
    return true;
}

static bool enc_arg(sqlite3_context *ctx, sqlite3_value *v, const char *what, enc_t *e)
{
    const char *name = (const char *)sqlite3_value_text(v);
    *e = enc_lookup(name);
    if (*e == ENC_BAD)
        sqlfn__error(ctx, "22023", "invalid %s encoding name \"%s\"", what, name ? name : "");
    return *e != ENC_BAD;
}

/* convert_to(text, dst) [user data 0], convert_from(bytea, src) [1], convert(b, src, dst) */
static void fn_convert(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    int mode = argc == 3 ? 2 : sqlite3_user_data(ctx) ? 1 : 0;
    enc_t from = ENC_UTF8, to = ENC_UTF8;
    if ((mode == 0 && !enc_arg(ctx, argv[1], "destination", &to)) ||
        (mode >= 1 && !enc_arg(ctx, argv[1], "source", &from)) ||
        (mode == 2 && !enc_arg(ctx, argv[2], "destination", &to)))
        return;
    const unsigned char *p = sqlite3_value_blob(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (!conv(ctx, &b, p ? p : (const unsigned char *)"", n, from, to)) {
        lg_buf_deinit(&b);
        return;
    }
    if (mode == 1)
        sqlfn__result_buf_text(ctx, &b);
    else
        sqlfn__result_buf_blob(ctx, &b);
}

/* Checks index argv[1] against `count` elements; false with 2202E set. */
static bool index_ok(sqlite3_context *ctx, sqlite3_value *v, sqlite3_int64 count,
                     sqlite3_int64 *idx)
{
    *idx = sqlite3_value_int64(v);
    if (*idx < 0 || *idx >= count) {
        sqlfn__error(ctx, "2202E", "index %lld out of valid range, 0..%lld", (long long)*idx,
                     (long long)(count - 1));
        return false;
    }
    return true;
}

/* get_byte [user data NULL] / get_bit [non-NULL] */
static void fn_get(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    bool bit = sqlite3_user_data(ctx) != NULL;
    const unsigned char *p = sqlite3_value_blob(argv[0]);
    sqlite3_int64 n = sqlite3_value_bytes(argv[0]), i;
    if (!index_ok(ctx, argv[1], bit ? n * 8 : n, &i))
        return;
    sqlite3_result_int(ctx, bit ? (p[i / 8] >> (i % 8)) & 1 : p[i]);
}

/* set_byte [user data NULL] / set_bit [non-NULL] */
static void fn_set(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    bool bit = sqlite3_user_data(ctx) != NULL;
    const unsigned char *p = sqlite3_value_blob(argv[0]);
    sqlite3_int64 n = sqlite3_value_bytes(argv[0]), i;
    if (!index_ok(ctx, argv[1], bit ? n * 8 : n, &i))
        return;
    sqlite3_int64 v = sqlite3_value_int64(argv[2]);
    if (bit && v != 0 && v != 1) {
        sqlfn__error(ctx, "22023", "new bit must be 0 or 1");
        return;
    }
    unsigned char *q = lg_xmalloc((size_t)n);
    memcpy(q, p, (size_t)n);
    if (bit)
        q[i / 8] = (unsigned char)((q[i / 8] & ~(1u << (i % 8))) | ((unsigned)v << (i % 8)));
    else
        q[i] = (unsigned char)v;
    sqlite3_result_blob(ctx, q, (int)n, free);
}

/* lg_bytea_concat(a, b): bytea || bytea, the bytes of a then b (SQLite's || makes text). */
static void fn_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    const void *a = sqlite3_value_blob(argv[0]);
    size_t na = (size_t)sqlite3_value_bytes(argv[0]);
    const void *b = sqlite3_value_blob(argv[1]);
    size_t nb = (size_t)sqlite3_value_bytes(argv[1]);
    if (na + nb > SQLFN_MAX_LEN) {
        sqlite3_result_error_toobig(ctx);
        return;
    }
    unsigned char *r = lg_xmalloc(na + nb + 1);
    if (na)
        memcpy(r, a, na);
    if (nb)
        memcpy(r + na, b, nb);
    sqlite3_result_blob(ctx, r, (int)(na + nb), free);
}

int sqlfn__register_bytea(sqlite3 *db)
{
    static int tag;
    static const struct {
        const char *name;
        int nargs;
        bool tagged;
        sqlfn_fn_cb fn;
    } defs[] = {
        {"get_byte", 2, false, fn_get},       {"get_bit", 2, true, fn_get},
        {"set_byte", 3, false, fn_set},       {"set_bit", 3, true, fn_set},
        {"convert_to", 2, false, fn_convert}, {"convert_from", 2, true, fn_convert},
        {"convert", 3, false, fn_convert},    {"lg_bytea_concat", 2, false, fn_concat},
    };
    for (size_t i = 0; i < LG_ARRAY_LEN(defs); i++) {
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLFN_PURE,
                                       defs[i].tagged ? &tag : NULL, defs[i].fn, NULL, NULL,
                                       NULL) != SQLITE_OK)
            return LG_EINVAL;
    }
    return 0;
}
