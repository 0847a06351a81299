/* sqlfn_encode.c - byte encodings: md5(text|bytea) -> hex text, encode(bytea, fmt) -> text
 * and decode(text, fmt) -> bytea for the formats hex, base64 (76-column lines, as
 * PostgreSQL) and escape (\ooo octal for NUL and bytes >= 0x80, \\ for backslash). */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void fn_md5(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    const void *p = sqlite3_value_type(argv[0]) == SQLITE_BLOB ? sqlite3_value_blob(argv[0])
                                                               : sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (EVP_Digest(p ? p : "", n, md, &mdlen, EVP_md5(), NULL) != 1) {
        sqlfn__error(ctx, "XX000", "md5 failed");
        return;
    }
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    for (unsigned int i = 0; i < mdlen; i++) {
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    sqlite3_result_text(ctx, hex, (int)(2 * mdlen), SQLITE_TRANSIENT);
}

static void enc_base64(lg_buf_t *b, const unsigned char *p, size_t n)
{
    size_t line = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n) {
            v |= (uint32_t)p[i + 1] << 8;
        }
        if (i + 2 < n) {
            v |= p[i + 2];
        }
        if (line >= 76) {
            lg_buf_putc(b, '\n');
            line = 0;
        }
        lg_buf_putc(b, (uint8_t)b64[(v >> 18) & 63]);
        lg_buf_putc(b, (uint8_t)b64[(v >> 12) & 63]);
        lg_buf_putc(b, i + 1 < n ? (uint8_t)b64[(v >> 6) & 63] : '=');
        lg_buf_putc(b, i + 2 < n ? (uint8_t)b64[v & 63] : '=');
        line += 4;
    }
}

static void enc_escape(lg_buf_t *b, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\') {
            lg_buf_append(b, "\\\\", 2);
        } else if (p[i] == 0 || p[i] >= 0x80) {
            lg_buf_printf(b, "\\%03o", p[i]);
        } else {
            lg_buf_putc(b, p[i]);
        }
    }
}

static void fn_encode(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    const unsigned char *p = sqlite3_value_blob(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    const char *fmt = (const char *)sqlite3_value_text(argv[1]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (sqlite3_stricmp(fmt, "hex") == 0) {
        for (size_t i = 0; i < n; i++) {
            lg_buf_printf(&b, "%02x", p[i]);
        }
    } else if (sqlite3_stricmp(fmt, "base64") == 0) {
        enc_base64(&b, p, n);
    } else if (sqlite3_stricmp(fmt, "escape") == 0) {
        enc_escape(&b, p, n);
    } else {
        lg_buf_deinit(&b);
        sqlfn__error(ctx, "22023", "unrecognized encoding: \"%s\"", fmt);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static bool dec_hex(sqlite3_context *ctx, lg_buf_t *b, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
            i++;
            continue;
        }
        int hi = hexval(s[i]);
        if (hi < 0) {
            sqlfn__error(ctx, "22023", "invalid hexadecimal digit: \"%c\"", s[i]);
            return false;
        }
        if (i + 1 >= n) {
            sqlfn__error(ctx, "22023", "invalid hexadecimal data: odd number of digits");
            return false;
        }
        int lo = hexval(s[i + 1]);
        if (lo < 0) {
            sqlfn__error(ctx, "22023", "invalid hexadecimal digit: \"%c\"", s[i + 1]);
            return false;
        }
        lg_buf_putc(b, (uint8_t)(hi << 4 | lo));
        i += 2;
    }
    return true;
}

static bool dec_base64(sqlite3_context *ctx, lg_buf_t *b, const unsigned char *s, size_t n)
{
    uint32_t acc = 0;
    int bits = 0;
    int pad = 0;
    size_t symbols = 0; /* with the '=' padding: whole groups of 4, as PostgreSQL checks */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            continue;
        }
        symbols++;
        if (c == '=') {
            pad++;
            continue;
        }
        const char *at = c ? strchr(b64, c) : NULL;
        if (at == NULL || pad > 0) {
            sqlfn__error(ctx, "22023",
                         "invalid symbol \"%c\" found while decoding base64 "
                         "sequence",
                         c);
            return false;
        }
        acc = (acc << 6) | (uint32_t)(at - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            lg_buf_putc(b, (uint8_t)(acc >> bits));
        }
    }
    if (bits >= 6 || pad > 2 || symbols % 4 != 0) {
        sqlfn__error(ctx, "22023", "invalid base64 end sequence");
        return false;
    }
    return true;
}

static bool dec_escape(sqlite3_context *ctx, lg_buf_t *b, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            lg_buf_putc(b, s[i]);
        } else if (i + 1 < n && s[i + 1] == '\\') {
            lg_buf_putc(b, '\\');
            i++;
        } else if (i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
                   s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
            lg_buf_putc(
                b, (uint8_t)((s[i + 1] - '0') << 6 | (s[i + 2] - '0') << 3 | (s[i + 3] - '0')));
            i += 3;
        } else {
            sqlfn__error(ctx, "22P02", "invalid input syntax for type bytea");
            return false;
        }
    }
    return true;
}

static void fn_decode(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    const unsigned char *s = sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    const char *fmt = (const char *)sqlite3_value_text(argv[1]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    bool ok;
    if (sqlite3_stricmp(fmt, "hex") == 0) {
        ok = dec_hex(ctx, &b, s, n);
    } else if (sqlite3_stricmp(fmt, "base64") == 0) {
        ok = dec_base64(ctx, &b, s, n);
    } else if (sqlite3_stricmp(fmt, "escape") == 0) {
        ok = dec_escape(ctx, &b, s, n);
    } else {
        sqlfn__error(ctx, "22023", "unrecognized encoding: \"%s\"", fmt);
        ok = false;
    }
    if (!ok) {
        lg_buf_deinit(&b);
        return;
    }
    sqlfn__result_buf_blob(ctx, &b);
}

static const sqlfn_def_t defs[] = {
    {"md5", 1, SQLFN_PURE, fn_md5},
    {"encode", 2, SQLFN_PURE, fn_encode},
    {"decode", 2, SQLFN_PURE, fn_decode},
};

int sqlfn__register_encode(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
