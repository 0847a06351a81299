/* catalog_fn_gen.c - expressions the translator wrote in SQLite's terms, printed back in
 * PostgreSQL's (catalog__expr_pg; what psql's \d and pg_dump print must load into
 * PostgreSQL): checked integer arithmetic lg_int{2,4,8}_{add,sub,mul,div}(a, b) as a + b
 * and so on, in parentheses where precedence needs them; lg_regex / lg_regex_i / lg_like /
 * lg_ilike as ~ / ~* / LIKE / ILIKE, lg_regex(a, lg_similar_to_escape(p)) as SIMILAR TO,
 * lg_greatest / lg_least as GREATEST / LEAST, GLOB 'pattern' (how LIKE is run) as LIKE
 * and SQLite's LIKE (how ILIKE is run) as ILIKE; the rest as stored.
 * lg_generated_expr(tbl, col): the expression of a stored generated column so printed
 * (pg_attrdef.adbin), read from its GENERATED ALWAYS AS (...) clause in the table's SQLite
 * definition. Worker thread
 * (the connection's). */
#include "catalog_int.h"
#include "lg_err.h"
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Past the quoted run at s[i] ('...' or "..."), within n. */
static size_t skip_quote(const char *s, size_t n, size_t i)
{
    char q = s[i];
    for (i++; i < n; i++) {
        if (s[i] == q && i + 1 < n && s[i + 1] == q)
            i++;
        else if (s[i] == q)
            return i + 1;
    }
    return n;
}

/* Index of the ')' closing the '(' at s[open], or n. */
static size_t close_paren(const char *s, size_t n, size_t open)
{
    size_t e = catalog__paren_end(s + open, n - open);
    return e ? open + e - 1 : n;
}

static void rewrite(const char *s, size_t n, sqlite3_str *out);

/* "lg_int4_mul(" at s: the operator it stands for, and the length of the name with '('. */
static const char *int_op(const char *s, size_t n, size_t *len)
{
    static const struct {
        const char *suffix, *op;
    } k_ops[] = {{"_add(", "+"}, {"_sub(", "-"}, {"_mul(", "*"}, {"_div(", "/"}};
    if (n < 12 || strncmp(s, "lg_int", 6) != 0 || !strchr("248", s[6]))
        return NULL;
    for (size_t i = 0; i < sizeof(k_ops) / sizeof(k_ops[0]); i++)
        if (strncmp(s + 7, k_ops[i].suffix, 5) == 0) {
            *len = 12;
            return k_ops[i].op;
        }
    return NULL;
}

/* The top-level comma of lg_intN_op(a, b) at s[0..n) (n just past its ')'), or 0 when its
 * arguments are not two. */
static size_t op_comma(const char *s, size_t n, size_t name_len)
{
    size_t comma = 0;
    int depth = 0;
    for (size_t i = name_len; i + 1 < n;) {
        if (s[i] == '\'' || s[i] == '"') {
            i = skip_quote(s, n, i);
            continue;
        }
        depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
        if (s[i] == ',' && depth == 0) {
            if (comma)
                return 0;
            comma = i;
        }
        i++;
    }
    return comma;
}

/* s[0..n) as PostgreSQL's pretty deparser prints it under an operator of precedence
 * parent (0 none, 1 + -, 2 * /) on its right side or not: a checked integer operation
 * lg_intN_op(a, b) becomes a op b, in parentheses only where the precedence needs them. */
static void render(const char *s, size_t n, sqlite3_str *out, int parent, bool right)
{
    while (n && s[0] == ' ')
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    size_t len = 0;
    const char *op = int_op(s, n, &len);
    size_t comma = op && close_paren(s, n, len - 1) == n - 1 ? op_comma(s, n, len) : 0;
    if (!comma) {
        rewrite(s, n, out);
        return;
    }
    int prec = op[0] == '+' || op[0] == '-' ? 1 : 2;
    bool parens = parent > prec || (parent == prec && right);
    sqlite3_str_appendall(out, parens ? "(" : "");
    render(s + len, comma - len, out, prec, false);
    sqlite3_str_appendf(out, " %s ", op);
    render(s + comma + 1, n - 2 - comma, out, prec, true);
    sqlite3_str_appendall(out, parens ? ")" : "");
}

/* The arguments of the call whose '(' is s[open] and ')' s[close]: up to max of them,
 * split at top-level commas (their spans into a/al). */
static int call_args(const char *s, size_t open, size_t close, const char **a, size_t *al, int max)
{
    int n = 0, depth = 0;
    size_t start = open + 1;
    for (size_t i = open + 1; i <= close && n < max;) {
        if (s[i] == '\'' || s[i] == '"') {
            i = skip_quote(s, close, i);
            continue;
        }
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && i < close)
            depth--;
        if ((s[i] == ',' && depth == 0) || i == close) {
            size_t b = start, e = i;
            while (b < e && s[b] == ' ')
                b++;
            a[n] = s + b;
            al[n++] = e - b;
            start = i + 1;
        }
        i++;
    }
    return n;
}

/* The GLOB pattern literal p[0..n) ('...') as the LIKE pattern it was translated from:
 * * -> %, ? -> _, [c] -> c, and a literal % or _ escaped with a backslash. */
static void glob_to_like(const char *p, size_t n, sqlite3_str *out)
{
    sqlite3_str_appendchar(out, 1, '\'');
    for (size_t i = 1; i + 1 < n; i++) {
        char ch = p[i];
        if (ch == '[' && i + 2 < n && p[i + 2] == ']') {
            ch = p[i + 1];
            i += 2;
            sqlite3_str_appendchar(out, 1, ch);
            if (ch == '\'')
                sqlite3_str_appendchar(out, 1, ch);
            continue;
        }
        if (ch == '*')
            sqlite3_str_appendchar(out, 1, '%');
        else if (ch == '?')
            sqlite3_str_appendchar(out, 1, '_');
        else if (ch == '%' || ch == '_' || ch == '\\')
            sqlite3_str_appendf(out, "\\%c", ch);
        else
            sqlite3_str_appendchar(out, 1, ch);
    }
    sqlite3_str_appendchar(out, 1, '\'');
}

/* A call the translator writes for a PostgreSQL operator or function, at s[i] (its name
 * up to '(' at s[open], ')' at s[close]): written as PostgreSQL spells it. */
static bool rewrite_call(const char *s, size_t i, size_t open, size_t close, sqlite3_str *out)
{
    static const struct {
        const char *fn, *op;
    } k_binops[] = {{"lg_regex", " ~ "},
                    {"lg_regex_i", " ~* "},
                    {"lg_like", " LIKE "},
                    {"lg_ilike", " ILIKE "}};
    size_t nl = open - i;
    const char *a[8];
    size_t al[8];
    for (size_t k = 0; k < sizeof(k_binops) / sizeof(k_binops[0]); k++) {
        if (strlen(k_binops[k].fn) != nl || strncmp(s + i, k_binops[k].fn, nl) != 0 ||
            call_args(s, open, close, a, al, 8) != 2)
            continue;
        static const char k_sim[] = "lg_similar_to_escape(";
        bool similar = k == 0 && al[1] > sizeof(k_sim) && strncmp(a[1], k_sim, 21) == 0 &&
                       a[1][al[1] - 1] == ')';
        sqlite3_str_appendchar(out, 1, '(');
        rewrite(a[0], al[0], out);
        sqlite3_str_appendall(out, similar ? " SIMILAR TO " : k_binops[k].op);
        if (similar)
            rewrite(a[1] + 21, al[1] - 22, out);
        else
            rewrite(a[1], al[1], out);
        sqlite3_str_appendchar(out, 1, ')');
        return true;
    }
    if ((nl == 11 && strncmp(s + i, "lg_greatest", 11) == 0) ||
        (nl == 8 && strncmp(s + i, "lg_least", 8) == 0)) {
        sqlite3_str_appendall(out, nl == 8 ? "LEAST(" : "GREATEST(");
        rewrite(s + open + 1, close - open - 1, out);
        sqlite3_str_appendchar(out, 1, ')');
        return true;
    }
    return false;
}

/* Whether s[i..i+len) is the keyword kw standing alone (not part of a longer word). */
static bool keyword_at(const char *s, size_t n, size_t i, const char *kw)
{
    size_t len = strlen(kw);
    return i + len <= n && strncmp(s + i, kw, len) == 0 &&
           (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_')) &&
           (i + len == n || !(isalnum((unsigned char)s[i + len]) || s[i + len] == '_'));
}

/* Copies s[0..n), printing each checked integer operation in it as render does (in
 * parentheses unless it is a whole argument of a call: its context is not known), the
 * calls rewrite_call knows as PostgreSQL's operators, GLOB 'p' (a LIKE) as LIKE and
 * SQLite's LIKE (an ILIKE) as ILIKE. */
static void rewrite(const char *s, size_t n, sqlite3_str *out)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == 'l' && (i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_')) &&
            strncmp(s + i, "lg_", 3) == 0) {
            size_t open = i;
            while (open < n && (isalnum((unsigned char)s[open]) || s[open] == '_'))
                open++;
            size_t close = open < n && s[open] == '(' ? close_paren(s, n, open) : n;
            if (close < n && rewrite_call(s, i, open, close, out)) {
                i = close + 1;
                continue;
            }
        }
        if (keyword_at(s, n, i, "GLOB")) {
            size_t p = i + 4;
            while (p < n && s[p] == ' ')
                p++;
            if (p < n && s[p] == '\'') {
                size_t e = skip_quote(s, n, p);
                sqlite3_str_appendall(out, "LIKE ");
                glob_to_like(s + p, e - p, out);
                i = e;
                continue;
            }
        }
        if (keyword_at(s, n, i, "LIKE")) {
            sqlite3_str_appendall(out, "ILIKE");
            i += 4;
            continue;
        }
        size_t len = 0;
        if (int_op(s + i, n - i, &len)) {
            size_t end = close_paren(s, n, i + len - 1);
            if (end < n && op_comma(s + i, end + 1 - i, len)) {
                size_t b = i, a = end + 1; /* a whole argument of a call needs no parentheses */
                while (b > 0 && s[b - 1] == ' ')
                    b--;
                while (a < n && s[a] == ' ')
                    a++;
                bool arg = b > 0 && strchr("(,", s[b - 1]) && a < n && strchr("),", s[a]);
                render(s + i, end + 1 - i, out, arg ? 0 : 3, false);
                i = end + 1;
                continue;
            }
        }
        if (s[i] == '\'' || s[i] == '"') {
            size_t e = skip_quote(s, n, i);
            sqlite3_str_append(out, s + i, (int)(e - i));
            i = e;
            continue;
        }
        sqlite3_str_appendchar(out, 1, s[i++]);
    }
}

/* Whether the column definition at d (its name first, quoted or not) is column col. */
static bool defines(const char *d, size_t n, const char *col)
{
    while (n && isspace((unsigned char)*d))
        d++, n--;
    if (n && *d == '"') {
        size_t e = skip_quote(d, n, 0);
        size_t cl = strlen(col);
        return e >= 2 && e - 2 == cl && strncmp(d + 1, col, cl) == 0;
    }
    size_t w = 0;
    while (w < n && (isalnum((unsigned char)d[w]) || d[w] == '_'))
        w++;
    return w == strlen(col) && strncasecmp(d, col, w) == 0;
}

/* The GENERATED ALWAYS AS expression of column col in CREATE TABLE text sql. */
static bool generated_clause(const char *sql, const char *col, const char **e, size_t *elen)
{
    static const char k_gen[] = " GENERATED ALWAYS AS (";
    const char *open = strchr(sql, '(');
    if (!open)
        return false;
    size_t n = strlen(sql);
    size_t end = close_paren(sql, n, (size_t)(open - sql));
    size_t item = (size_t)(open - sql) + 1;
    int depth = 0;
    for (size_t i = item; i <= end;) {
        if (sql[i] == '\'' || sql[i] == '"') {
            i = skip_quote(sql, n, i);
            continue;
        }
        if (sql[i] == '(')
            depth++;
        else if (sql[i] == ')')
            depth--;
        if ((sql[i] == ',' && depth == 0) || i == end) {
            const char *g = NULL;
            if (defines(sql + item, i - item, col)) {
                for (const char *p = sql + item; p < sql + i && !g; p++)
                    if (strncasecmp(p, k_gen, sizeof(k_gen) - 1) == 0)
                        g = p;
            }
            if (g) {
                size_t o = (size_t)(g - sql) + sizeof(k_gen) - 2; /* its '(' */
                size_t c = close_paren(sql, n, o);
                *e = sql + o + 1;
                *elen = c > o ? c - o - 1 : 0;
                return c < n;
            }
            item = i + 1;
        }
        i++;
    }
    return false;
}

static void fn_generated_expr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *col = (const char *)sqlite3_value_text(argv[1]);
    sqlite3_stmt *st = NULL;
    if (!tbl || !col ||
        sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                           "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    const char *e = NULL;
    size_t n = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
        generated_clause((const char *)sqlite3_column_text(st, 0), col, &e, &n)) {
        const char *inner = e;
        size_t inner_n = n;
        catalog__expr_strip(&inner, &inner_n);
        sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
        render(inner, inner_n, out, 0, false);
        char *text = sqlite3_str_finish(out);
        const char *s = text ? text : "";
        size_t len = strlen(s);
        sqlite3_result_text(ctx, s, (int)len, SQLITE_TRANSIENT);
        sqlite3_free(text);
    }
    sqlite3_finalize(st);
}

void catalog__expr_pg(const char *s, size_t n, sqlite3_str *out)
{
    render(s, n, out, 0, false);
}

int catalog__fn_gen_register(sqlite3 *db)
{
    return sqlite3_create_function(db, "lg_generated_expr", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                   fn_generated_expr, NULL, NULL) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}
