/* sqlfn_quote.c - SQL quoting and formatting: quote_ident, quote_literal, quote_nullable,
 * format(fmt, ...) with %s %I %L %% (positions "n$" and widths "-n"), and to_hex.
 *
 * Quoting follows PostgreSQL: identifiers are left bare only when they are lowercase
 * letters, digits, '_' (not leading digit) and not a reserved keyword; literals containing a
 * backslash use the E'' form with doubled backslashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype.h"
#include "sqlfn_int.h"

static bool ident_is_safe(const unsigned char *s, size_t n)
{
    return pgtype_ident_is_bare((const char *)s, n); /* types/pgtype_ident.c */
}

static void put_ident(lg_buf_t *b, const unsigned char *s, size_t n)
{
    if (ident_is_safe(s, n)) {
        lg_buf_append(b, s, n);
        return;
    }
    lg_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            lg_buf_putc(b, '"');
        }
        lg_buf_putc(b, s[i]);
    }
    lg_buf_putc(b, '"');
}

static void put_literal(lg_buf_t *b, const unsigned char *s, size_t n)
{
    if (memchr(s, '\\', n) != NULL) {
        lg_buf_putc(b, 'E');
    }
    lg_buf_putc(b, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'' || s[i] == '\\') {
            lg_buf_putc(b, s[i]);
        }
        lg_buf_putc(b, s[i]);
    }
    lg_buf_putc(b, '\'');
}

/* The PostgreSQL text form of v in a scratch buffer (caller deinits). */
static void value_text(lg_buf_t *t, sqlite3_value *v)
{
    lg_buf_init(t, SQLFN_MAX_LEN);
    sqlfn__append_value_text(t, v);
}

static void fn_quote_ident(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    put_ident(&b, sqlite3_value_text(argv[0]), (size_t)sqlite3_value_bytes(argv[0]));
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_quote_literal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        if (sqlite3_user_data(ctx) != NULL) {
            sqlite3_result_text(ctx, "NULL", 4, SQLITE_STATIC);
        }
        return;
    }
    lg_buf_t t;
    value_text(&t, argv[0]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    put_literal(&b, t.data ? t.data : (const uint8_t *)"", t.len);
    lg_buf_deinit(&t);
    sqlfn__result_buf_text(ctx, &b);
}

/* Reads digits at f[*j] (capped); the number or -1 if there were none. */
static long read_num(const unsigned char *f, size_t n, size_t *j)
{
    long num = -1;
    while (*j < n && f[*j] >= '0' && f[*j] <= '9') {
        num = (num < 0 ? 0 : num) * 10 + (f[(*j)++] - '0');
        if (num > 10000000) {
            num = 10000000;
        }
    }
    return num;
}

/* A conversion spec "[n$][-][width|*|*n$]" after '%'. star: width comes from an argument
 * (star_pos: its 1-based position, 0 = the next one). */
typedef struct fmt_spec {
    int pos;
    bool minus;
    long width;
    bool star;
    int star_pos;
} fmt_spec_t;

/* Parses a spec at f[*i]; false on a malformed or unterminated one. */
static bool parse_spec(const unsigned char *f, size_t n, size_t *i, fmt_spec_t *sp)
{
    size_t j = *i;
    long num = read_num(f, n, &j);
    if (num >= 0 && j < n && f[j] == '$') {
        if (num == 0) {
            return false;
        }
        sp->pos = (int)num;
        j++;
    } else {
        j = *i;
    }
    while (j < n && f[j] == '-') {
        sp->minus = true;
        j++;
    }
    if (j < n && f[j] == '*') {
        sp->star = true;
        j++;
        size_t k = j;
        num = read_num(f, n, &k);
        if (num > 0 && k < n && f[k] == '$') {
            sp->star_pos = (int)num;
            j = k + 1;
        }
    } else {
        num = read_num(f, n, &j);
        sp->width = num < 0 ? 0 : num;
    }
    *i = j;
    return j < n;
}

static void put_padded(lg_buf_t *b, const lg_buf_t *v, bool minus, long width)
{
    const uint8_t *p = v->data ? v->data : (const uint8_t *)"";
    size_t chars = sqlfn__utf8_count(p, v->len);
    size_t padn = (size_t)width > chars ? (size_t)width - chars : 0;
    for (size_t k = 0; !minus && k < padn; k++) {
        lg_buf_putc(b, ' ');
    }
    lg_buf_append(b, p, v->len);
    for (size_t k = 0; minus && k < padn; k++) {
        lg_buf_putc(b, ' ');
    }
}

/* Formats one conversion of type c from value v into b; false + error set on failure. */
static bool format_one(sqlite3_context *ctx, lg_buf_t *b, unsigned char c, sqlite3_value *v,
                       bool minus, long width)
{
    lg_buf_t val;
    lg_buf_t out;
    lg_buf_init(&out, SQLFN_MAX_LEN);
    value_text(&val, v);
    bool isnull = sqlite3_value_type(v) == SQLITE_NULL;
    const uint8_t *p = val.data ? val.data : (const uint8_t *)"";
    if (c == 's') {
        lg_buf_append(&out, p, val.len);
    } else if (c == 'I') {
        if (isnull) {
            lg_buf_deinit(&val);
            lg_buf_deinit(&out);
            sqlfn__error(ctx, "22004", "null values cannot be formatted as an SQL identifier");
            return false;
        }
        put_ident(&out, p, val.len);
    } else if (isnull) {
        lg_buf_append(&out, "NULL", 4);
    } else {
        put_literal(&out, p, val.len);
    }
    put_padded(b, &out, minus, width);
    lg_buf_deinit(&val);
    lg_buf_deinit(&out);
    return true;
}

static void fn_format(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        return;
    }
    const unsigned char *f = sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    int next = 1;
    for (size_t i = 0; i < n; i++) {
        if (f[i] != '%') {
            lg_buf_putc(&b, f[i]);
            continue;
        }
        i++;
        if (i < n && f[i] == '%') {
            lg_buf_putc(&b, '%');
            continue;
        }
        fmt_spec_t sp = {0};
        if (!parse_spec(f, n, &i, &sp)) {
            lg_buf_deinit(&b);
            sqlfn__error(ctx, "22023", "unterminated format() type specifier");
            return;
        }
        if (sp.star) {
            int wi = sp.star_pos ? sp.star_pos : next;
            if (wi >= argc) {
                lg_buf_deinit(&b);
                sqlfn__error(ctx, "22023", "too few arguments for format()");
                return;
            }
            next = wi + 1;
            sqlite3_int64 w = sqlite3_value_int64(argv[wi]);
            sp.minus = sp.minus || w < 0;
            w = w < 0 ? -w : w;
            sp.width = w > 10000000 || w < 0 ? 10000000 : (long)w;
        }
        int pos = sp.pos;
        bool minus = sp.minus;
        long width = sp.width;
        if (f[i] != 's' && f[i] != 'I' && f[i] != 'L') {
            lg_buf_deinit(&b);
            sqlfn__error(ctx, "22023", "unrecognized format() type specifier \"%c\"", f[i]);
            return;
        }
        int argi = pos ? pos : next;
        if (argi >= argc) {
            lg_buf_deinit(&b);
            sqlfn__error(ctx, "22023", "too few arguments for format()");
            return;
        }
        next = argi + 1;
        if (!format_one(ctx, &b, f[i], argv[argi], minus, width)) {
            lg_buf_deinit(&b);
            return;
        }
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_to_hex(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    char tmp[24];
    snprintf(tmp, sizeof tmp, "%llx", (unsigned long long)sqlite3_value_int64(argv[0]));
    sqlite3_result_text(ctx, tmp, -1, SQLITE_TRANSIENT);
}

static const sqlfn_def_t defs[] = {
    {"quote_ident", 1, SQLFN_PURE, fn_quote_ident},
    {"format", -1, SQLFN_PURE, fn_format},
    {"to_hex", 1, SQLFN_PURE, fn_to_hex},
};

int sqlfn__register_text2(sqlite3 *db)
{
    static int nullable_tag;
    int rc = sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
    if (rc == 0 && (sqlite3_create_function_v2(db, "quote_literal", 1, SQLFN_PURE, NULL,
                                               fn_quote_literal, NULL, NULL, NULL) ||
                    sqlite3_create_function_v2(db, "quote_nullable", 1, SQLFN_PURE, &nullable_tag,
                                               fn_quote_literal, NULL, NULL, NULL))) {
        rc = LG_EINVAL;
    }
    return rc;
}
