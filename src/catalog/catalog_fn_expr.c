/* catalog_fn_expr.c - expressions kept in SQLite's DDL (CHECK, index columns and
 * predicates, as the translator wrote them) printed the way PostgreSQL's pretty deparser
 * prints them, for pg_get_expr / pg_get_indexdef / pg_get_constraintdef and psql's \d.
 *
 * Rewrites (the common shapes; anything else is printed as stored):
 *   - redundant outer parentheses are dropped: "((a IS NULL))" -> "a IS NULL";
 *   - "x BETWEEN a AND b" (simple operands) -> "x >= a AND x <= b", as PostgreSQL stores it;
 *   - in an index column, a varchar/char column passed to a function gets PostgreSQL's
 *     implicit cast: "lower(subject)" -> "lower(subject::text)"; an index column that is
 *     neither a column nor a function call keeps one pair of parentheses: "((a + b))".
 * Text inside '...' and "..." is copied untouched. Worker thread. */
#include "catalog_int.h"
#include "pgtype.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

size_t catalog__paren_end(const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            for (i++; i < n && s[i] != c; i++)
                ;
            if (i >= n)
                return 0;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

void catalog__expr_strip(const char **s, size_t *n)
{
    const char *p = *s;
    size_t len = *n;
    for (;;) {
        while (len && isspace((unsigned char)*p)) {
            p++;
            len--;
        }
        while (len && isspace((unsigned char)p[len - 1]))
            len--;
        if (len >= 2 && p[0] == '(' && catalog__paren_end(p, len) == len) {
            p++;
            len -= 2;
            continue;
        }
        break;
    }
    *s = p;
    *n = len;
}

/* Splits s into whitespace-separated words outside quotes/parentheses; returns the count
 * (at most max). */
static int split_words(const char *s, size_t n, const char **w, size_t *wl, int max)
{
    int k = 0;
    size_t i = 0;
    while (i < n && k < max) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i >= n)
            break;
        size_t start = i;
        while (i < n && !isspace((unsigned char)s[i])) {
            if (s[i] == '(') {
                size_t e = catalog__paren_end(s + i, n - i);
                if (!e)
                    return max + 1;
                i += e;
            } else if (s[i] == '\'' || s[i] == '"') {
                char q = s[i];
                for (i++; i < n && s[i] != q; i++)
                    ;
                i++;
            } else {
                i++;
            }
        }
        w[k] = s + start;
        wl[k] = (i > n ? n : i) - start;
        k++;
    }
    return i < n ? max + 1 : k;
}

static bool word_is(const char *w, size_t n, const char *kw)
{
    return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

/* "x BETWEEN a AND b" -> "x >= a AND x <= b"; false when s has another shape. */
static bool rewrite_between(const char *s, size_t n, sqlite3_str *out)
{
    const char *w[6];
    size_t wl[6];
    if (split_words(s, n, w, wl, 5) != 5 || !word_is(w[1], wl[1], "BETWEEN") ||
        !word_is(w[3], wl[3], "AND"))
        return false;
    sqlite3_str_appendf(out, "%.*s >= %.*s AND %.*s <= %.*s", (int)wl[0], w[0], (int)wl[2], w[2],
                        (int)wl[0], w[0], (int)wl[4], w[4]);
    return true;
}

void catalog__expr_pretty(const char *s, size_t n, sqlite3_str *out)
{
    catalog__expr_strip(&s, &n);
    if (!rewrite_between(s, n, out))
        sqlite3_str_append(out, s, (int)n);
}

/* 1 when column `col` of tbl has a character-string type other than text. */
static int column_is_varchar(sqlite3 *db, const char *tbl, const char *col, size_t n)
{
    sqlite3_stmt *st = NULL;
    int yes = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT typoid FROM lg_meta_columns WHERE tbl = ?1 AND "
                           "lower(col) = lower(?2)",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, tbl, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, col, (int)n, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            int t = sqlite3_column_int(st, 0);
            yes = t == PGTYPE_VARCHAR || t == PGTYPE_BPCHAR;
        }
    }
    sqlite3_finalize(st);
    return yes;
}

/* Copies s, appending "::text" to bare identifiers that name varchar columns of tbl. */
static void append_with_casts(sqlite3 *db, const char *tbl, const char *s, size_t n,
                              sqlite3_str *out)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < n && s[j] != c)
                j++;
            j = j < n ? j + 1 : n;
            sqlite3_str_append(out, s + i, (int)(j - i));
            i = j;
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_') {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '$'))
                j++;
            sqlite3_str_append(out, s + i, (int)(j - i));
            bool after_dot = i > 0 && s[i - 1] == '.';
            size_t k = j;
            while (k < n && s[k] == ' ')
                k++;
            bool is_call = k < n && (s[k] == '(' || s[k] == '.');
            bool has_cast = k + 1 < n && s[k] == ':' && s[k + 1] == ':';
            if (!after_dot && !is_call && !has_cast && column_is_varchar(db, tbl, s + i, j - i))
                sqlite3_str_appendall(out, "::text");
            i = j;
            continue;
        }
        sqlite3_str_appendchar(out, 1, c);
        i++;
    }
}

/* 1 when s is exactly one identifier, or one function call "name(...)". */
static int expr_shape(const char *s, size_t n, bool *is_call)
{
    size_t i = 0;
    if (n && s[0] == '"') {
        for (i = 1; i < n && s[i] != '"'; i++)
            ;
        i++;
    } else {
        while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.'))
            i++;
    }
    if (i == 0)
        return 0;
    if (i == n) {
        *is_call = false;
        return 1;
    }
    if (s[i] == '(' && i + catalog__paren_end(s + i, n - i) == n) {
        *is_call = true;
        return 1;
    }
    return 0;
}

/* Length of s[0..n) without a trailing " ASC" / " DESC" keyword; *desc set for DESC. */
static size_t strip_direction(const char *s, size_t n, bool *desc)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    *desc = false;
    if (n > 5 && strncasecmp(s + n - 5, " DESC", 5) == 0) {
        *desc = true;
        return n - 5;
    }
    if (n > 4 && strncasecmp(s + n - 4, " ASC", 4) == 0)
        return n - 4;
    return n;
}

void catalog__index_item_pretty(sqlite3 *db, const char *tbl, const char *s, size_t n,
                                sqlite3_str *out)
{
    bool desc;
    while (n > 0 && s[0] == ' ')
        s++, n--;
    n = strip_direction(s, n, &desc);
    if (desc) {
        catalog__index_item_pretty(db, tbl, s, n, out);
        sqlite3_str_appendall(out, " DESC");
        return;
    }
    catalog__expr_strip(&s, &n);
    bool is_call = false;
    if (expr_shape(s, n, &is_call) && !is_call) { /* a column, quoted as PostgreSQL would */
        char name[256];
        size_t k = 0;
        bool quoted = n >= 2 && s[0] == '"' && s[n - 1] == '"';
        for (size_t i = quoted; i < n - quoted && k + 1 < sizeof(name); i++) {
            name[k++] = s[i];
            if (quoted && s[i] == '"' && i + 1 < n - 1 && s[i + 1] == '"')
                i++;
        }
        name[k] = '\0';
        if (memchr(name, '.', k))
            sqlite3_str_append(out, s, (int)n);
        else
            catalog__append_ident(out, name);
        return;
    }
    bool wrap = !expr_shape(s, n, &is_call);
    if (wrap)
        sqlite3_str_appendchar(out, 1, '(');
    append_with_casts(db, tbl, s, n, out);
    if (wrap)
        sqlite3_str_appendchar(out, 1, ')');
}

/* Type OID of column col[0..n) of tbl, 0 when unknown. */
static uint32_t column_type(sqlite3 *db, const char *tbl, const char *col, size_t n)
{
    sqlite3_stmt *st = NULL;
    uint32_t t = 0;
    if (sqlite3_prepare_v2(db, "SELECT typoid FROM lg_meta_columns WHERE tbl = ?1 AND col = ?2", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, tbl, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, col, (int)n, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW)
            t = (uint32_t)sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return t;
}

/* Length of the constant at s[0..n): a '...' literal or an unsigned number; 0 if none.
 * *is_int tells an integer. */
static size_t constant_len(const char *s, size_t n, bool *is_int, bool *is_str)
{
    *is_int = *is_str = false;
    if (n && s[0] == '\'') {
        size_t j = 1;
        while (j < n && !(s[j] == '\'' && (j + 1 >= n || s[j + 1] != '\'')))
            j += s[j] == '\'' ? 2 : 1;
        *is_str = j < n;
        return j < n ? j + 1 : 0;
    }
    size_t j = 0;
    while (j < n && (isdigit((unsigned char)s[j]) || s[j] == '.'))
        j++;
    if (j == 0 || (j < n && (isalpha((unsigned char)s[j]) || s[j] == '_')))
        return 0;
    *is_int = memchr(s, '.', j) == NULL;
    return j;
}

static void expr_typed_body(sqlite3 *db, const char *tbl, const char *s, size_t n,
                            sqlite3_str *out);

void catalog__expr_typed(sqlite3 *db, const char *tbl, const char *s, size_t n, sqlite3_str *out)
{
    catalog__expr_strip(&s, &n);
    const char *w[6];
    size_t wl[6];
    bool is_call = false;
    if (split_words(s, n, w, wl, 5) == 5 && word_is(w[1], wl[1], "BETWEEN") &&
        word_is(w[3], wl[3], "AND")) {
        /* stored as PostgreSQL stores it: ((x >= a) AND (x <= b)) */
        sqlite3_str *b = sqlite3_str_new(db);
        sqlite3_str_appendf(b, "(%.*s >= %.*s) AND (%.*s <= %.*s)", (int)wl[0], w[0], (int)wl[2],
                            w[2], (int)wl[0], w[0], (int)wl[4], w[4]);
        char *t = sqlite3_str_finish(b);
        if (t) {
            sqlite3_str_appendchar(out, 1, '(');
            expr_typed_body(db, tbl, t, strlen(t), out);
            sqlite3_str_appendchar(out, 1, ')');
        }
        sqlite3_free(t);
        return;
    }
    bool wrap = !expr_shape(s, n, &is_call); /* an operator expression keeps its parens */
    if (wrap)
        sqlite3_str_appendchar(out, 1, '(');
    expr_typed_body(db, tbl, s, n, out);
    if (wrap)
        sqlite3_str_appendchar(out, 1, ')');
}

static void expr_typed_body(sqlite3 *db, const char *tbl, const char *s, size_t n, sqlite3_str *out)
{
    uint32_t last_col = 0; /* type of the identifier before the last comparison operator */
    uint32_t pending = 0;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        bool is_int, is_str;
        size_t k = constant_len(s + i, n - i, &is_int, &is_str);
        bool ident_before = i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_');
        if (k && !ident_before) {
            bool text = is_str && pending == PGTYPE_TEXT;
            bool num = is_int && pending == PGTYPE_NUMERIC;
            sqlite3_str_appendf(out,
                                num    ? "(%.*s)::numeric"
                                : text ? "%.*s::text"
                                       : "%.*s",
                                (int)k, s + i);
            pending = 0;
            i += k;
            continue;
        }
        if (c == '"' || isalpha((unsigned char)c) || c == '_') {
            size_t j = i + 1;
            if (c == '"')
                while (j < n && s[j] != '"')
                    j++;
            else
                while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                    j++;
            size_t st = c == '"' ? i + 1 : i, len = (c == '"' ? j : j) - st;
            j = c == '"' && j < n ? j + 1 : j;
            last_col = column_type(db, tbl, s + st, len);
            sqlite3_str_append(out, s + i, (int)(j - i));
            i = j;
            continue;
        }
        if (strchr("=<>!", c)) {
            pending = last_col;
        } else if (c != ' ') {
            pending = 0;
            last_col = 0;
        }
        sqlite3_str_appendchar(out, 1, c);
        i++;
    }
}

/* ---- lg_expr_columns(tbl, expr) ---- */

#define EXPR_COLS_MAX 256

/* Marks the column of cols[0..n) that identifier s[0..len) names (quoted: exactly). */
static void mark_column(char cols[][CATALOG_EXPR_COL_MAX], bool *used, int n, const char *s,
                        size_t len, bool quoted)
{
    for (int i = 0; i < n; i++)
        if (strlen(cols[i]) == len &&
            (quoted ? strncmp(cols[i], s, len) == 0 : strncasecmp(cols[i], s, len) == 0))
            used[i] = true;
}

/* Identifiers of expr that name columns, skipping literals, function names (followed by
 * "(") and type names (after "::"). */
static void scan_identifiers(const char *e, char cols[][CATALOG_EXPR_COL_MAX], bool *used, int n)
{
    size_t i = 0, len = strlen(e);
    bool after_cast = false;
    while (i < len) {
        char c = e[i];
        size_t start = i, end;
        bool quoted = c == '"';
        if (c == '\'') {
            for (i++; i < len && e[i] != '\''; i++)
                ;
            i++;
            after_cast = false;
            continue;
        }
        if (quoted) {
            for (i++; i < len && e[i] != '"'; i++)
                ;
            start++;
            end = i++;
        } else if (isalpha((unsigned char)c) || c == '_') {
            while (i < len && (isalnum((unsigned char)e[i]) || e[i] == '_' || e[i] == '$'))
                i++;
            end = i;
        } else {
            if (c == ':' && i + 1 < len && e[i + 1] == ':')
                after_cast = true, i++;
            else if (!isspace((unsigned char)c))
                after_cast = false;
            i++;
            continue;
        }
        size_t k = i;
        while (k < len && isspace((unsigned char)e[k]))
            k++;
        if (!after_cast && (k >= len || e[k] != '('))
            mark_column(cols, used, n, e + start, end - start, quoted);
        after_cast = false;
    }
}

void catalog__fn_expr_columns(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *expr = (const char *)sqlite3_value_text(argv[1]);
    if (!tbl || !expr)
        return;
    char(*names)[CATALOG_EXPR_COL_MAX] = sqlite3_malloc64(EXPR_COLS_MAX * CATALOG_EXPR_COL_MAX);
    bool used[EXPR_COLS_MAX] = {0};
    if (!names)
        return;
    int n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                           "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
        while (n < EXPR_COLS_MAX && sqlite3_step(st) == SQLITE_ROW)
            snprintf(names[n++], CATALOG_EXPR_COL_MAX, "%s", sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    scan_identifiers(expr, names, used, n);
    sqlite3_str *out = sqlite3_str_new(NULL);
    sqlite3_str_appendchar(out, 1, '[');
    bool first = true;
    for (int i = 0; i < n; i++) {
        if (!used[i])
            continue;
        sqlite3_str_appendf(out, "%s\"", first ? "" : ",");
        for (const char *p = names[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                sqlite3_str_appendchar(out, 1, '\\');
            sqlite3_str_appendchar(out, 1, *p);
        }
        sqlite3_str_appendchar(out, 1, '"');
        first = false;
    }
    sqlite3_str_appendchar(out, 1, ']');
    sqlite3_free(names);
    char *v = sqlite3_str_finish(out);
    sqlite3_result_text(ctx, v ? v : "[]", -1, SQLITE_TRANSIENT);
    sqlite3_free(v);
}
