/* sqlfn_regex.c - PostgreSQL regular expressions on PCRE2:
 *   lg_regex(s, re) for ~, lg_regex_i(s, re) for ~* (NOT forms are NOT lg_regex(...)),
 *   regexp(re, s) so that SQLite's "s REGEXP re" works,
 *   regexp_replace(s, re, repl [, flags]), regexp_match(s, re [, flags]) -> JSON array,
 *   regexp_matches(s, re [, flags]) -> JSON array of the first match (scalar form),
 *   regexp_like(s, re [, flags]), regexp_count, regexp_instr, regexp_substr (PG15),
 *   regexp_split_to_array(s, re [, flags]) -> JSON array, lg_regexp_matches_set(s, re
 *   [, flags]) -> JSON array of capture arrays (regexp_matches / regexp_split_to_table in
 *   FROM run json_each over these).
 *
 * ARE differences translated before compiling: \m \M (word start/end), \y \Y (boundary),
 * \Z (end of string), [[:<:]] [[:>:]]. Default options mirror PostgreSQL: '.' matches
 * newline (DOTALL), '$' only at the very end, Unicode classes. Flags: i c n m s x p w g.
 * Replacement strings use \1..\9 and \& for groups and \\ for a backslash. Compiled
 * patterns are cached per statement with sqlite3_set_auxdata on the pattern argument. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

typedef struct re {
    pcre2_code *code;
    pcre2_match_data *md;
    char flags[16];
    bool global;
} re_t;

static void re_free(void *p)
{
    re_t *r = p;
    pcre2_match_data_free(r->md);
    pcre2_code_free(r->code);
    free(r);
}

/* Rewrites ARE-only escapes of pattern p[0..n) into out. */
static void translate_are(lg_buf_t *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '[' && i + 6 < n + 1 && strncmp(p + i, "[[:<:]]", 7) == 0) {
            lg_buf_printf(out, "\\b(?=\\w)");
            i += 6;
        } else if (p[i] == '[' && strncmp(p + i, "[[:>:]]", 7) == 0) {
            lg_buf_printf(out, "\\b(?<=\\w)");
            i += 6;
        } else if (p[i] == '\\' && i + 1 < n) {
            char c = p[++i];
            switch (c) {
            case 'm':
                lg_buf_printf(out, "\\b(?=\\w)");
                break;
            case 'M':
                lg_buf_printf(out, "\\b(?<=\\w)");
                break;
            case 'y':
                lg_buf_printf(out, "\\b");
                break;
            case 'Y':
                lg_buf_printf(out, "\\B");
                break;
            case 'Z':
                lg_buf_printf(out, "\\z");
                break;
            default:
                lg_buf_putc(out, '\\');
                lg_buf_putc(out, (uint8_t)c);
                break;
            }
        } else {
            lg_buf_putc(out, (uint8_t)p[i]);
        }
    }
}

/* PCRE2 options for a PostgreSQL flag string; false (error set) on an unknown flag. */
static bool parse_flags(sqlite3_context *ctx, const char *f, uint32_t *opts, bool *global)
{
    *opts = PCRE2_UTF | PCRE2_UCP | PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY;
    *global = false;
    for (; f && *f; f++) {
        switch (*f) {
        case 'i':
            *opts |= PCRE2_CASELESS;
            break;
        case 'c':
            *opts &= ~(uint32_t)PCRE2_CASELESS;
            break;
        case 'n':
        case 'm':
            *opts = (*opts | PCRE2_MULTILINE) & ~(uint32_t)(PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY);
            break;
        case 's':
            *opts = (*opts | PCRE2_DOTALL) & ~(uint32_t)PCRE2_MULTILINE;
            break;
        case 'p':
            *opts &= ~(uint32_t)(PCRE2_DOTALL | PCRE2_MULTILINE);
            break;
        case 'w':
            *opts = (*opts | PCRE2_MULTILINE | PCRE2_DOTALL);
            break;
        case 'x':
            *opts |= PCRE2_EXTENDED;
            break;
        case 'g':
            *global = true;
            break;
        default:
            sqlfn__error(ctx, "22023", "invalid regular expression option: \"%c\"", *f);
            return false;
        }
    }
    return true;
}

/* The compiled pattern for argv[pi] with flags (may be NULL); NULL with an error set. */
static re_t *re_get(sqlite3_context *ctx, sqlite3_value **argv, int pi, const char *flags)
{
    re_t *r = sqlite3_get_auxdata(ctx, pi);
    const char *f = flags ? flags : "";
    if (r != NULL && strcmp(r->flags, f) == 0) {
        return r;
    }
    uint32_t opts;
    bool global;
    if (strlen(f) >= sizeof r->flags || !parse_flags(ctx, f, &opts, &global)) {
        if (strlen(f) >= sizeof r->flags) {
            sqlfn__error(ctx, "22023", "invalid regular expression option");
        }
        return NULL;
    }
    lg_buf_t pat;
    lg_buf_init(&pat, SQLFN_MAX_LEN);
    translate_are(&pat, (const char *)sqlite3_value_text(argv[pi]),
                  (size_t)sqlite3_value_bytes(argv[pi]));
    int err;
    PCRE2_SIZE off;
    pcre2_code *code =
        pcre2_compile(pat.data ? pat.data : (PCRE2_SPTR) "", pat.len, opts, &err, &off, NULL);
    lg_buf_deinit(&pat);
    if (code == NULL) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        sqlfn__error(ctx, "2201B", "invalid regular expression: %s", (const char *)msg);
        return NULL;
    }
    r = lg_xcalloc(1, sizeof *r);
    r->code = code;
    r->md = pcre2_match_data_create_from_pattern(code, NULL);
    r->global = global;
    memcpy(r->flags, f, strlen(f) + 1);
    sqlite3_set_auxdata(ctx, pi, r, re_free);
    return sqlite3_get_auxdata(ctx, pi); /* NULL if SQLite could not keep it */
}

/* Runs r on s from byte start; 1 match, 0 none, -1 error (set on ctx). */
static int re_exec(sqlite3_context *ctx, re_t *r, const char *s, size_t n, size_t start)
{
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, start, 0, r->md, NULL);
    if (rc >= 0) {
        return 1;
    }
    if (rc == PCRE2_ERROR_NOMATCH) {
        return 0;
    }
    sqlfn__error(ctx, "2201B", "regular expression failed (%d)", rc);
    return -1;
}

static const char *opt_text(int argc, sqlite3_value **argv, int i)
{
    return argc > i ? (const char *)sqlite3_value_text(argv[i]) : NULL;
}

static void test(sqlite3_context *ctx, sqlite3_value **argv, int si, int pi, const char *fl)
{
    if (sqlite3_value_type(argv[si]) == SQLITE_NULL ||
        sqlite3_value_type(argv[pi]) == SQLITE_NULL) {
        return;
    }
    re_t *r = re_get(ctx, argv, pi, fl);
    if (r == NULL) {
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[si]);
    int m = re_exec(ctx, r, s, (size_t)sqlite3_value_bytes(argv[si]), 0);
    if (m >= 0) {
        sqlite3_result_int(ctx, m);
    }
}

static void fn_regex(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    test(ctx, argv, 0, 1, sqlite3_user_data(ctx) ? "i" : NULL);
}

static void fn_regexp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    test(ctx, argv, 1, 0, NULL);
}

/* The functions that look at one match reject the 'g' flag (22023), as PostgreSQL does. */
static bool no_global(sqlite3_context *ctx, const char *flags, const char *fn)
{
    if (flags && strchr(flags, 'g')) {
        sqlfn__error(ctx, "22023", "%s() does not support the \"global\" option", fn);
        return false;
    }
    return true;
}

static void fn_regexp_like(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc > 2 && sqlite3_value_type(argv[2]) == SQLITE_NULL) {
        return;
    }
    if (!no_global(ctx, opt_text(argc, argv, 2), "regexp_like")) {
        return;
    }
    test(ctx, argv, 0, 1, opt_text(argc, argv, 2));
}

static void append_repl(lg_buf_t *b, const char *s, const PCRE2_SIZE *ov, uint32_t ng,
                        const char *rp, size_t rn)
{
    for (size_t i = 0; i < rn; i++) {
        if (rp[i] != '\\' || i + 1 >= rn) {
            lg_buf_putc(b, (uint8_t)rp[i]);
            continue;
        }
        char c = rp[++i];
        uint32_t g = c == '&' ? 0 : (c >= '1' && c <= '9') ? (uint32_t)(c - '0') : UINT32_MAX;
        if (g == UINT32_MAX) {
            if (c != '\\') {
                lg_buf_putc(b, '\\');
            }
            lg_buf_putc(b, (uint8_t)c);
        } else if (g < ng && ov[2 * g] != PCRE2_UNSET) {
            lg_buf_append(b, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        }
    }
}

static void fn_regexp_replace(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    re_t *r = re_get(ctx, argv, 1, opt_text(argc, argv, 3));
    if (r == NULL) {
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    const char *rp = (const char *)sqlite3_value_text(argv[2]);
    size_t rn = (size_t)sqlite3_value_bytes(argv[2]);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    size_t pos = 0;
    size_t copied = 0;
    int m;
    while (pos <= n && (m = re_exec(ctx, r, s, n, pos)) == 1) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        lg_buf_append(&b, s + copied, ov[0] - copied);
        append_repl(&b, s, ov, pcre2_get_ovector_count(r->md), rp, rn);
        copied = ov[1];
        if (!r->global) {
            break;
        }
        pos = ov[1] > ov[0] ? ov[1] : sqlfn__utf8_next((const unsigned char *)s, n + 1, ov[1]);
        if (ov[1] == ov[0] && ov[1] < n) {
            lg_buf_append(&b, s + copied, pos - copied);
            copied = pos;
        } else if (ov[1] == ov[0]) {
            break;
        }
    }
    if (m < 0) {
        lg_buf_deinit(&b);
        return;
    }
    lg_buf_append(&b, s + copied, n - copied);
    sqlfn__result_buf_text(ctx, &b);
}

/* JSON array of the capture groups of the last match (the whole match if none). */
static void captures_json(lg_buf_t *b, re_t *r, const char *s)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    uint32_t groups = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    uint32_t from = groups ? 1 : 0;
    uint32_t to = groups ? groups : 0;
    lg_buf_putc(b, '[');
    for (uint32_t g = from; g <= to; g++) {
        if (g > from) {
            lg_buf_putc(b, ',');
        }
        if (ov[2 * g] == PCRE2_UNSET) {
            lg_buf_append(b, "null", 4);
        } else {
            sqlfn__json_quote(b, (const unsigned char *)s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        }
    }
    lg_buf_putc(b, ']');
}

static void fn_regexp_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    re_t *r = re_get(ctx, argv, 1, opt_text(argc, argv, 2));
    if (r == NULL) {
        return;
    }
    if (r->global && sqlite3_user_data(ctx) == NULL) {
        sqlfn__error(ctx, "22023", "regexp_match() does not support the \"global\" option");
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int m = re_exec(ctx, r, s, (size_t)sqlite3_value_bytes(argv[0]), 0);
    if (m != 1) {
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    captures_json(&b, r, s);
    sqlfn__json_result_buf(ctx, &b);
}

/* substring(s from pattern): the first parenthesized group's match if the pattern has
 * groups (NULL when that group did not take part), else the whole match; NULL if none. The
 * 3-argument SQL-regex form (SIMILAR TO syntax with an escape) is not supported. */
static void fn_regex_substring(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    if (argc > 2) {
        sqlfn__error(ctx, "0A000", "substring(... similar ... escape ...) is not supported");
        return;
    }
    re_t *r = re_get(ctx, argv, 1, NULL);
    if (r == NULL) {
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (re_exec(ctx, r, s, (size_t)sqlite3_value_bytes(argv[0]), 0) != 1) {
        return;
    }
    uint32_t ng = pcre2_get_ovector_count(r->md);
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    uint32_t g = 0;
    uint32_t groups = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups > 0 && ng > 1) {
        g = 1;
    }
    if (ov[2 * g] == PCRE2_UNSET) {
        return;
    }
    sqlite3_result_text(ctx, s + ov[2 * g], (int)(ov[2 * g + 1] - ov[2 * g]), SQLITE_TRANSIENT);
}

/* ---- match iteration (regexp_count/instr/substr/split/matches set) ----
 * Matches are found left to right from byte `pos`; after an empty match the search moves
 * one character on (PostgreSQL's setup_regexp_matches). With `split` set, degenerate
 * matches (empty at the very start or end, or ending where the previous one ended) are
 * skipped, as regexp_split_* do. */
typedef struct re_iter {
    re_t *r;
    const char *s;
    size_t n;
    size_t pos;
    size_t prev_end;
    bool split;
    bool done;
} re_iter_t;

/* 1 with r->md holding the next match, 0 at the end, -1 on error (set on ctx). */
static int re_next(sqlite3_context *ctx, re_iter_t *it)
{
    while (!it->done && it->pos <= it->n) {
        int m = re_exec(ctx, it->r, it->s, it->n, it->pos);
        if (m != 1) {
            it->done = true;
            return m;
        }
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(it->r->md);
        size_t so = ov[0], eo = ov[1];
        bool keep = !it->split || (so < it->n && eo > it->prev_end);
        if (eo > so) {
            it->pos = eo;
        } else if (so < it->n) {
            it->pos = sqlfn__utf8_next((const unsigned char *)it->s, it->n, so);
        } else {
            it->done = true;
        }
        if (keep) {
            it->prev_end = eo;
            return 1;
        }
    }
    return 0;
}

/* Byte offset of 1-based character position argv[i] (default 1); false with 22023 set. */
static bool start_arg(sqlite3_context *ctx, int argc, sqlite3_value **argv, int i, const char *s,
                      size_t n, size_t *out)
{
    sqlite3_int64 st = argc > i ? sqlite3_value_int64(argv[i]) : 1;
    if (st <= 0) {
        sqlfn__error(ctx, "22023", "invalid value for parameter \"start\": %lld", (long long)st);
        return false;
    }
    *out = sqlfn__utf8_offset((const unsigned char *)s, n, (size_t)(st - 1));
    return true;
}

static bool positive_arg(sqlite3_context *ctx, int argc, sqlite3_value **argv, int i,
                         const char *what, sqlite3_int64 *out)
{
    *out = argc > i ? sqlite3_value_int64(argv[i]) : 1;
    if (*out <= 0) {
        sqlfn__error(ctx, "22023", "invalid value for parameter \"%s\": %lld", what,
                     (long long)*out);
        return false;
    }
    return true;
}

/* regexp_count(s, re [, start [, flags]]) */
static void fn_regexp_count(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    if (!no_global(ctx, opt_text(argc, argv, 3), "regexp_count")) {
        return;
    }
    re_t *r = re_get(ctx, argv, 1, opt_text(argc, argv, 3));
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    re_iter_t it = {.r = r, .s = s, .n = n};
    if (r == NULL || !start_arg(ctx, argc, argv, 2, s, n, &it.pos)) {
        return;
    }
    sqlite3_int64 count = 0;
    int m;
    while ((m = re_next(ctx, &it)) == 1) {
        count++;
    }
    if (m == 0) {
        sqlite3_result_int64(ctx, count);
    }
}

/* Finds the nth match from the start argument; 1 found, 0 none, -1 error. */
static int re_nth(sqlite3_context *ctx, re_iter_t *it, int argc, sqlite3_value **argv, int start_i,
                  int n_i, int flags_i, const char *fn)
{
    if (argc < 2 || argc > flags_i + 2) {
        sqlfn__error(ctx, "42883", "function with %d arguments does not exist", argc);
        return -1;
    }
    if (sqlfn__any_null(argc, argv)) {
        return -1;
    }
    if (!no_global(ctx, opt_text(argc, argv, flags_i), fn)) {
        return -1;
    }
    it->r = re_get(ctx, argv, 1, opt_text(argc, argv, flags_i));
    it->s = (const char *)sqlite3_value_text(argv[0]);
    it->n = (size_t)sqlite3_value_bytes(argv[0]);
    sqlite3_int64 nth;
    if (it->r == NULL || !start_arg(ctx, argc, argv, start_i, it->s, it->n, &it->pos) ||
        !positive_arg(ctx, argc, argv, n_i, "n", &nth)) {
        return -1;
    }
    int m = 0;
    while (nth-- > 0 && (m = re_next(ctx, it)) == 1) {
    }
    return m;
}

/* Span of subexpression argv[i] (default 0) of the current match; false if unset. */
static bool sub_span(re_iter_t *it, int argc, sqlite3_value **argv, int i, size_t *so, size_t *eo)
{
    sqlite3_int64 g = argc > i ? sqlite3_value_int64(argv[i]) : 0;
    uint32_t groups = 0;
    pcre2_pattern_info(it->r->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (g < 0 || g > (sqlite3_int64)groups) {
        return false;
    }
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(it->r->md);
    if (ov[2 * g] == PCRE2_UNSET) {
        return false;
    }
    *so = ov[2 * g];
    *eo = ov[2 * g + 1];
    return true;
}

/* regexp_instr(s, re [, start [, N [, endoption [, flags [, subexpr]]]]]) */
static void fn_regexp_instr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    re_iter_t it = {0};
    int m = re_nth(ctx, &it, argc, argv, 2, 3, 5, "regexp_instr");
    if (m < 0) {
        return;
    }
    sqlite3_int64 endopt = argc > 4 ? sqlite3_value_int64(argv[4]) : 0;
    if (endopt != 0 && endopt != 1) {
        sqlfn__error(ctx, "22023", "invalid value for parameter \"endoption\": %lld",
                     (long long)endopt);
        return;
    }
    size_t so, eo;
    if (m == 0 || !sub_span(&it, argc, argv, 6, &so, &eo)) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    size_t at = endopt ? eo : so;
    size_t chars = sqlfn__utf8_count((const unsigned char *)it.s, at);
    sqlite3_result_int64(ctx, (sqlite3_int64)chars + 1);
}

/* regexp_substr(s, re [, start [, N [, flags [, subexpr]]]]) */
static void fn_regexp_substr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    re_iter_t it = {0};
    size_t so, eo;
    if (re_nth(ctx, &it, argc, argv, 2, 3, 4, "regexp_substr") == 1 &&
        sub_span(&it, argc, argv, 5, &so, &eo)) {
        sqlite3_result_text(ctx, it.s + so, (int)(eo - so), SQLITE_TRANSIENT);
    }
}

/* regexp_split_to_array(s, re [, flags]) -> JSON array of the pieces between matches.
 * user data set: regexp_matches(s, re [, flags]) as a set -> JSON array of capture arrays
 * (all matches with 'g', else at most one). */
static void fn_regexp_split(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    bool matches = sqlite3_user_data(ctx) != NULL;
    re_t *r = re_get(ctx, argv, 1, opt_text(argc, argv, 2));
    if (r == NULL) {
        return;
    }
    if (r->global && !matches) {
        sqlfn__error(ctx, "22023",
                     "regexp_split_to_array() does not support the \"global\" option");
        return;
    }
    re_iter_t it = {.r = r,
                    .s = (const char *)sqlite3_value_text(argv[0]),
                    .n = (size_t)sqlite3_value_bytes(argv[0]),
                    .split = !matches};
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    size_t from = 0;
    int m, k = 0;
    while ((m = re_next(ctx, &it)) == 1) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
        lg_buf_append(&b, ",", k++ ? 1 : 0);
        if (matches) {
            captures_json(&b, r, it.s);
            if (!r->global) {
                break;
            }
        } else {
            sqlfn__json_quote(&b, (const unsigned char *)it.s + from, ov[0] - from);
            from = ov[1];
        }
    }
    if (m < 0) {
        lg_buf_deinit(&b);
        return;
    }
    if (!matches) {
        lg_buf_append(&b, ",", k ? 1 : 0);
        sqlfn__json_quote(&b, (const unsigned char *)it.s + from, it.n - from);
    }
    lg_buf_putc(&b, ']');
    sqlfn__json_result_buf(ctx, &b);
}

int sqlfn__register_regex(sqlite3 *db)
{
    static int tag;
    static const struct {
        const char *name;
        int nargs;
        bool tagged;
        sqlfn_fn_cb fn;
    } defs[] = {
        {"lg_regex", 2, false, fn_regex},
        {"lg_regex_i", 2, true, fn_regex},
        {"regexp", 2, false, fn_regexp},
        {"regexp_like", 2, false, fn_regexp_like},
        {"regexp_like", 3, false, fn_regexp_like},
        {"regexp_replace", 3, false, fn_regexp_replace},
        {"regexp_replace", 4, false, fn_regexp_replace},
        {"regexp_match", 2, false, fn_regexp_match},
        {"regexp_match", 3, false, fn_regexp_match},
        {"regexp_matches", 2, true, fn_regexp_match},
        {"regexp_matches", 3, true, fn_regexp_match},
        {"lg_regex_substring", 2, false, fn_regex_substring},
        {"lg_regex_substring", 3, false, fn_regex_substring},
        {"regexp_count", 2, false, fn_regexp_count},
        {"regexp_count", 3, false, fn_regexp_count},
        {"regexp_count", 4, false, fn_regexp_count},
        {"regexp_instr", -1, false, fn_regexp_instr},
        {"regexp_substr", -1, false, fn_regexp_substr},
        {"regexp_split_to_array", 2, false, fn_regexp_split},
        {"regexp_split_to_array", 3, false, fn_regexp_split},
        {"lg_regexp_matches_set", 2, true, fn_regexp_split},
        {"lg_regexp_matches_set", 3, true, fn_regexp_split},
    };
    for (size_t i = 0; i < LG_ARRAY_LEN(defs); i++) {
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLFN_PURE,
                                       defs[i].tagged ? &tag : NULL, defs[i].fn, NULL, NULL,
                                       NULL) != SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}
