/* sqlfn_similar.c - SQL regular expressions (SIMILAR TO) as POSIX-style patterns:
 *   lg_similar_to_escape(pattern [, escape]) -> the regex that lg_regex() runs.
 *
 * The translator emits "x SIMILAR TO p ESCAPE e" as lg_regex(x, lg_similar_to_escape(p, e)),
 * as PostgreSQL rewrites it to x ~ similar_to_escape(p, e). The conversion follows
 * PostgreSQL's similar_escape_internal: the result is anchored "^(?:...)$", % becomes .*,
 * _ becomes ., ( becomes a non-capturing group, regex metacharacters that SQL treats
 * literally (. ^ $ \) are escaped, the escape character quotes the next one, and escape-"
 * separates the three parts used by SUBSTRING ... SIMILAR. The default escape is '\'; an
 * empty escape string means none. Bracket expressions are copied through. */
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

/* Appends the regex form of SQL pattern p[0..n) with escape e[0..en) (en 0 = none); false
 * (error set) on a third escape-double-quote. */
static bool similar_convert(sqlite3_context *ctx, lg_buf_t *b, const char *p, size_t n,
                            const char *e, size_t en)
{
    bool after_escape = false, in_class = false;
    int nquotes = 0;
    lg_buf_append(b, "^(?:", 4);
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (after_escape) {
            after_escape = false;
            if (c == '"' && !in_class) {
                if (nquotes >= 2) {
                    sqlfn__error(ctx, "2201B",
                                 "SQL regular expression may not contain more "
                                 "than two escape-double-quote separators");
                    return false;
                }
                lg_buf_printf(b, nquotes++ == 0 ? "){1,1}?(" : "){1,1}(?:");
            } else {
                lg_buf_putc(b, '\\');
                lg_buf_putc(b, (uint8_t)c);
            }
        } else if (en > 0 && i + en <= n && memcmp(p + i, e, en) == 0) {
            after_escape = true;
            i += en - 1;
        } else if (in_class) {
            if (c == '\\') {
                lg_buf_putc(b, '\\');
            }
            lg_buf_putc(b, (uint8_t)c);
            in_class = c != ']';
        } else if (c == '[') {
            lg_buf_putc(b, '[');
            in_class = true;
            /* a leading ^ or ] belongs to the class */
            if (i + 1 < n && p[i + 1] == '^') {
                lg_buf_putc(b, (uint8_t)p[++i]);
            }
            if (i + 1 < n && p[i + 1] == ']') {
                lg_buf_append(b, "\\]", 2);
                i++;
            }
        } else if (c == '%') {
            lg_buf_append(b, ".*", 2);
        } else if (c == '_') {
            lg_buf_putc(b, '.');
        } else if (c == '(') {
            lg_buf_append(b, "(?:", 3);
        } else if (c == '\\' || c == '.' || c == '^' || c == '$') {
            lg_buf_putc(b, '\\');
            lg_buf_putc(b, (uint8_t)c);
        } else {
            lg_buf_putc(b, (uint8_t)c);
        }
    }
    lg_buf_append(b, ")$", 2);
    return true;
}

static void fn_similar_to_escape(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    const char *e = "\\";
    size_t en = 1;
    if (argc > 1) {
        e = (const char *)sqlite3_value_text(argv[1]);
        en = (size_t)sqlite3_value_bytes(argv[1]);
        if (en > 0 && sqlfn__utf8_count((const unsigned char *)e, en) != 1) {
            sqlfn__error(ctx, "22025", "invalid escape string");
            return;
        }
    }
    const char *p = (const char *)sqlite3_value_text(argv[0]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (!similar_convert(ctx, &b, p ? p : "", (size_t)sqlite3_value_bytes(argv[0]), e, en)) {
        lg_buf_deinit(&b);
        return;
    }
    sqlfn__result_buf_text(ctx, &b);
}

static const sqlfn_def_t defs[] = {
    {"lg_similar_to_escape", 1, SQLFN_PURE, fn_similar_to_escape},
    {"lg_similar_to_escape", 2, SQLFN_PURE, fn_similar_to_escape},
};

int sqlfn__register_similar(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
