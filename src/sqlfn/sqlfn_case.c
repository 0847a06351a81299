/* sqlfn_case.c - Unicode case functions and PostgreSQL LIKE / ILIKE.
 *
 * lower/upper (overriding SQLite's ASCII-only ones) and initcap map each code point with
 * ICU's simple case mapping, as PostgreSQL does with a libc UTF-8 locale (upper('ß') = 'ß').
 * initcap upper-cases the first letter of each run of alphanumerics, lower-cases the rest.
 *
 * lg_like(s, pattern [, escape]) is case-sensitive; lg_ilike folds both sides with u_tolower.
 * '%' matches any run, '_' one character; the escape character defaults to backslash, an
 * empty escape disables escaping, and a pattern ending in the escape character is 22025. */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef int32_t (*map_cb)(int32_t c);

static int32_t map_lower(int32_t c)
{
    return u_tolower(c);
}

static int32_t map_upper(int32_t c)
{
    return u_toupper(c);
}

static void map_text(sqlite3_context *ctx, sqlite3_value *v, map_cb map, bool title)
{
    const unsigned char *s = sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    bool in_word = false;
    for (size_t i = 0, l; i < n; i += l) {
        int32_t c = sqlfn__utf8_decode(s, n, i, &l);
        int32_t m;
        if (title) {
            m = in_word ? u_tolower(c) : u_toupper(c);
            in_word = u_isalnum(c) != 0;
        } else {
            m = map(c);
        }
        if (l == 1 && c >= 0x80) {
            lg_buf_putc(&b, (uint8_t)c); /* invalid byte: keep as is */
        } else {
            sqlfn__utf8_put(&b, m);
        }
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!sqlfn__any_null(argc, argv)) {
        map_text(ctx, argv[0], map_lower, false);
    }
}

static void fn_upper(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!sqlfn__any_null(argc, argv)) {
        map_text(ctx, argv[0], map_upper, false);
    }
}

static void fn_initcap(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (!sqlfn__any_null(argc, argv)) {
        map_text(ctx, argv[0], map_lower, true);
    }
}

enum { TOK_ANY1 = -1, TOK_ANYSEQ = -2 };

/* Decodes v into code points (folded when fold), in a fresh array of *n entries. */
static int32_t *decode_all(sqlite3_value *v, bool fold, size_t *n)
{
    const unsigned char *s = sqlite3_value_text(v);
    size_t len = (size_t)sqlite3_value_bytes(v);
    int32_t *out = lg_xmalloc((len + 1) * sizeof(int32_t));
    size_t k = 0;
    for (size_t i = 0, l; i < len; i += l) {
        int32_t c = sqlfn__utf8_decode(s, len, i, &l);
        out[k++] = fold ? u_tolower(c) : c;
    }
    *n = k;
    return out;
}

/* Turns pattern code points into tokens in place; returns false if it ends in escape. */
static bool tokenize(int32_t *p, size_t *n, int32_t esc)
{
    size_t o = 0;
    for (size_t i = 0; i < *n; i++) {
        if (esc >= 0 && p[i] == esc) {
            if (i + 1 >= *n) {
                return false;
            }
            p[o++] = p[++i];
        } else if (p[i] == '%') {
            p[o++] = TOK_ANYSEQ;
        } else if (p[i] == '_') {
            p[o++] = TOK_ANY1;
        } else {
            p[o++] = p[i];
        }
    }
    *n = o;
    return true;
}

/* Wildcard match with one backtrack point (the last '%'). */
static bool match(const int32_t *s, size_t sn, const int32_t *p, size_t pn)
{
    size_t si = 0;
    size_t pi = 0;
    size_t star = SIZE_MAX;
    size_t mark = 0;
    while (si < sn) {
        if (pi < pn && (p[pi] == TOK_ANY1 || p[pi] == s[si])) {
            si++;
            pi++;
        } else if (pi < pn && p[pi] == TOK_ANYSEQ) {
            star = pi++;
            mark = si;
        } else if (star != SIZE_MAX) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < pn && p[pi] == TOK_ANYSEQ) {
        pi++;
    }
    return pi == pn;
}

static void like(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool fold)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    int32_t esc = '\\';
    if (argc > 2) {
        const unsigned char *e = sqlite3_value_text(argv[2]);
        size_t en = (size_t)sqlite3_value_bytes(argv[2]);
        size_t l = 0;
        esc = en == 0 ? -1 : sqlfn__utf8_decode(e, en, 0, &l);
        if (en != l && en != 0) {
            sqlfn__error(ctx, "22025", "invalid escape string");
            return;
        }
        if (fold && esc >= 0) {
            esc = u_tolower(esc);
        }
    }
    size_t sn;
    size_t pn;
    int32_t *s = decode_all(argv[0], fold, &sn);
    int32_t *p = decode_all(argv[1], fold, &pn);
    if (!tokenize(p, &pn, esc)) {
        sqlfn__error(ctx, "22025", "LIKE pattern must not end with escape character");
    } else {
        sqlite3_result_int(ctx, match(s, sn, p, pn));
    }
    free(s);
    free(p);
}

static void fn_like(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    like(ctx, argc, argv, false);
}

static void fn_ilike(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    like(ctx, argc, argv, true);
}

static const sqlfn_def_t defs[] = {
    {"lower", 1, SQLFN_PURE, fn_lower},
    {"upper", 1, SQLFN_PURE, fn_upper},
    {"initcap", 1, SQLFN_PURE, fn_initcap},
    {"lg_like", 2, SQLFN_PURE, fn_like},
    {"lg_like", 3, SQLFN_PURE, fn_like},
    {"lg_ilike", 2, SQLFN_PURE, fn_ilike},
    {"lg_ilike", 3, SQLFN_PURE, fn_ilike},
};

int sqlfn__register_case(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
