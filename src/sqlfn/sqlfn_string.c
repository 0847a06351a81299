/* sqlfn_string.c - PostgreSQL string functions measured in characters: concat, concat_ws,
 * left, right, lpad, rpad, split_part, strpos/position, repeat, reverse, translate,
 * starts_with, btrim, chr, ascii, char_length, octet_length, and lg_name(text) (a cast to
 * name: at most 63 bytes, cut at a character boundary as PostgreSQL's NAMEDATALEN does).
 *
 * Text is UTF-8; counts and positions are in characters, as PostgreSQL does for a UTF-8
 * database. Any NULL argument gives NULL (the functions are STRICT in PostgreSQL) except for
 * concat/concat_ws, which skip NULL values. */
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef struct str {
    const unsigned char *p;
    size_t n;
} str_t;

static str_t arg_str(sqlite3_value *v)
{
    str_t s;
    s.p = sqlite3_value_text(v);
    s.n = (size_t)sqlite3_value_bytes(v);
    if (s.p == NULL) {
        s.p = (const unsigned char *)"";
        s.n = 0;
    }
    return s;
}

static void result_slice(sqlite3_context *ctx, str_t s, size_t from, size_t to)
{
    sqlite3_result_text64(ctx, (const char *)s.p + from, to - from, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void fn_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    for (int i = 0; i < argc; i++) {
        sqlfn__append_value_text(&b, argv[i]);
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_concat_ws(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    str_t sep = arg_str(argv[0]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    bool first = true;
    for (int i = 1; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            continue;
        }
        if (!first) {
            lg_buf_append(&b, sep.p, sep.n);
        }
        first = false;
        sqlfn__append_value_text(&b, argv[i]);
    }
    sqlfn__result_buf_text(ctx, &b);
}

/* left(s, n): first n characters; negative n: all but the last |n|. */
static void fn_left(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    sqlite3_int64 n = sqlite3_value_int64(argv[1]);
    size_t len = sqlfn__utf8_count(s.p, s.n);
    size_t keep;
    if (n >= 0) {
        keep = (size_t)n < len ? (size_t)n : len;
    } else {
        keep = (size_t)(-n) < len ? len - (size_t)(-n) : 0;
    }
    result_slice(ctx, s, 0, sqlfn__utf8_offset(s.p, s.n, keep));
}

/* right(s, n): last n characters; negative n: all but the first |n|. */
static void fn_right(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    sqlite3_int64 n = sqlite3_value_int64(argv[1]);
    size_t len = sqlfn__utf8_count(s.p, s.n);
    size_t skip;
    if (n >= 0) {
        skip = (size_t)n < len ? len - (size_t)n : 0;
    } else {
        skip = (size_t)(-n) < len ? (size_t)(-n) : len;
    }
    result_slice(ctx, s, sqlfn__utf8_offset(s.p, s.n, skip), s.n);
}

static void pad(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool left)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    sqlite3_int64 want = sqlite3_value_int64(argv[1]);
    str_t fill = argc > 2 ? arg_str(argv[2]) : (str_t){(const unsigned char *)" ", 1};
    if (want <= 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    size_t len = sqlfn__utf8_count(s.p, s.n);
    if ((size_t)want <= len || fill.n == 0) {
        size_t keep = (size_t)want < len ? (size_t)want : len;
        result_slice(ctx, s, 0, sqlfn__utf8_offset(s.p, s.n, keep));
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (!left) {
        lg_buf_append(&b, s.p, s.n);
    }
    size_t fi = 0;
    for (size_t k = len; k < (size_t)want && !b.failed; k++) {
        size_t nx = sqlfn__utf8_next(fill.p, fill.n, fi);
        lg_buf_append(&b, fill.p + fi, nx - fi);
        fi = nx >= fill.n ? 0 : nx;
    }
    if (left) {
        lg_buf_append(&b, s.p, s.n);
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_lpad(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pad(ctx, argc, argv, true);
}

static void fn_rpad(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pad(ctx, argc, argv, false);
}

/* Byte offset of the first occurrence of needle in hay at or after from, or SIZE_MAX. */
static size_t find(str_t hay, str_t needle, size_t from)
{
    if (needle.n == 0) {
        return from;
    }
    for (size_t i = from; i + needle.n <= hay.n; i++) {
        if (memcmp(hay.p + i, needle.p, needle.n) == 0) {
            return i;
        }
    }
    return SIZE_MAX;
}

static void fn_strpos(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t hay = arg_str(argv[0]);
    size_t at = find(hay, arg_str(argv[1]), 0);
    if (at == SIZE_MAX) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)sqlfn__utf8_count(hay.p, at) + 1);
}

static void fn_split_part(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    str_t d = arg_str(argv[1]);
    sqlite3_int64 n = sqlite3_value_int64(argv[2]);
    if (n == 0) {
        sqlfn__error(ctx, "22023", "field position must not be zero");
        return;
    }
    /* Count fields first so that a negative index can count from the end. */
    size_t nfields = 1;
    if (d.n == 0) {
        nfields = s.n == 0 ? 0 : 1;
    } else {
        for (size_t at = find(s, d, 0); at != SIZE_MAX; at = find(s, d, at + d.n)) {
            nfields++;
        }
    }
    sqlite3_int64 want = n > 0 ? n : (sqlite3_int64)nfields + n + 1;
    if (s.n == 0 || want < 1 || want > (sqlite3_int64)nfields) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    if (d.n == 0) {
        result_slice(ctx, s, 0, s.n);
        return;
    }
    size_t start = 0;
    for (sqlite3_int64 k = 1; k < want; k++) {
        start = find(s, d, start) + d.n;
    }
    size_t end = find(s, d, start);
    result_slice(ctx, s, start, end == SIZE_MAX ? s.n : end);
}

static void fn_repeat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    sqlite3_int64 n = sqlite3_value_int64(argv[1]);
    if (n > 0 && s.n > 0 && (size_t)n > SQLFN_MAX_LEN / s.n) {
        sqlfn__error(ctx, "54000", "requested length too large");
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    for (sqlite3_int64 i = 0; i < n; i++) {
        lg_buf_append(&b, s.p, s.n);
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_reverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (lg_buf_reserve(&b, s.n) == 0) {
        b.len = s.n;
        for (size_t i = 0; i < s.n;) {
            size_t nx = sqlfn__utf8_next(s.p, s.n, i);
            memcpy(b.data + s.n - nx, s.p + i, nx - i);
            i = nx;
        }
    }
    sqlfn__result_buf_text(ctx, &b);
}

/* Character index of c in set, or -1. */
static long char_index(str_t set, int32_t c)
{
    long k = 0;
    for (size_t i = 0, l; i < set.n; i += l, k++) {
        if (sqlfn__utf8_decode(set.p, set.n, i, &l) == c) {
            return k;
        }
    }
    return -1;
}

static void fn_translate(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    str_t from = arg_str(argv[1]);
    str_t to = arg_str(argv[2]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    for (size_t i = 0, l; i < s.n; i += l) {
        int32_t c = sqlfn__utf8_decode(s.p, s.n, i, &l);
        long k = char_index(from, c);
        if (k < 0) {
            lg_buf_append(&b, s.p + i, l);
            continue;
        }
        size_t at = sqlfn__utf8_offset(to.p, to.n, (size_t)k);
        if (at < to.n) {
            lg_buf_append(&b, to.p + at, sqlfn__utf8_next(to.p, to.n, at) - at);
        }
    }
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_starts_with(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    str_t p = arg_str(argv[1]);
    sqlite3_result_int(ctx, p.n <= s.n && memcmp(s.p, p.p, p.n) == 0);
}

static void fn_btrim(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    str_t set = argc > 1 ? arg_str(argv[1]) : (str_t){(const unsigned char *)" ", 1};
    size_t from = 0;
    size_t to = s.n;
    size_t l;
    while (from < to && char_index(set, sqlfn__utf8_decode(s.p, to, from, &l)) >= 0) {
        from += l;
    }
    while (to > from) {
        size_t st = to - 1;
        while (st > from && (s.p[st] & 0xC0) == 0x80) {
            st--;
        }
        if (char_index(set, sqlfn__utf8_decode(s.p, to, st, &l)) < 0) {
            break;
        }
        to = st;
    }
    result_slice(ctx, s, from, to);
}

static void fn_chr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    sqlite3_int64 c = sqlite3_value_int64(argv[0]);
    if (c == 0) {
        sqlfn__error(ctx, "54000", "null character not permitted");
        return;
    }
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        sqlfn__error(ctx, "54000", "requested character too large for encoding: %lld",
                     (long long)c);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, 8);
    sqlfn__utf8_put(&b, (int32_t)c);
    sqlfn__result_buf_text(ctx, &b);
}

static void fn_ascii(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    str_t s = arg_str(argv[0]);
    size_t l;
    sqlite3_result_int(ctx, s.n ? sqlfn__utf8_decode(s.p, s.n, 0, &l) : 0);
}

static void fn_char_length(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        sqlite3_result_int(ctx, sqlite3_value_bytes(argv[0]));
        return;
    }
    str_t s = arg_str(argv[0]);
    sqlite3_result_int64(ctx, (sqlite3_int64)sqlfn__utf8_count(s.p, s.n));
}

static void fn_octet_length(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        sqlite3_result_int(ctx, sqlite3_value_bytes(argv[0]));
        return;
    }
    (void)sqlite3_value_text(argv[0]);
    sqlite3_result_int(ctx, sqlite3_value_bytes(argv[0]));
}

static void fn_bit_length(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        (void)sqlite3_value_text(argv[0]);
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)sqlite3_value_bytes(argv[0]) * 8);
}

#define NAME_MAX_BYTES 63 /* PostgreSQL's NAMEDATALEN - 1 */

static void fn_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    str_t s = arg_str(argv[0]);
    size_t n = s.n;
    if (n > NAME_MAX_BYTES) {
        n = NAME_MAX_BYTES;
        while (n > 0 && (s.p[n] & 0xC0) == 0x80) /* s.p[n] continues a character */
            n--;
    }
    result_slice(ctx, s, 0, n);
}

static const sqlfn_def_t defs[] = {
    {"lg_name", 1, SQLFN_PURE, fn_name},
    {"lg_bit_length", 1, SQLFN_PURE, fn_bit_length},
    {"concat", -1, SQLFN_PURE, fn_concat},
    {"concat_ws", -1, SQLFN_PURE, fn_concat_ws},
    {"left", 2, SQLFN_PURE, fn_left},
    {"right", 2, SQLFN_PURE, fn_right},
    {"lpad", 2, SQLFN_PURE, fn_lpad},
    {"lpad", 3, SQLFN_PURE, fn_lpad},
    {"rpad", 2, SQLFN_PURE, fn_rpad},
    {"rpad", 3, SQLFN_PURE, fn_rpad},
    {"strpos", 2, SQLFN_PURE, fn_strpos},
    {"position", 2, SQLFN_PURE, fn_strpos},
    {"split_part", 3, SQLFN_PURE, fn_split_part},
    {"repeat", 2, SQLFN_PURE, fn_repeat},
    {"reverse", 1, SQLFN_PURE, fn_reverse},
    {"translate", 3, SQLFN_PURE, fn_translate},
    {"starts_with", 2, SQLFN_PURE, fn_starts_with},
    {"btrim", 1, SQLFN_PURE, fn_btrim},
    {"btrim", 2, SQLFN_PURE, fn_btrim},
    {"chr", 1, SQLFN_PURE, fn_chr},
    {"ascii", 1, SQLFN_PURE, fn_ascii},
    {"char_length", 1, SQLFN_PURE, fn_char_length},
    {"character_length", 1, SQLFN_PURE, fn_char_length},
    {"octet_length", 1, SQLFN_PURE, fn_octet_length},
    {"lg_octet_length", 1, SQLFN_PURE, fn_octet_length},
};

int sqlfn__register_string(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
