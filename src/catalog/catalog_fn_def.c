/* catalog_fn_def.c - definitions as text, recovered from SQLite's stored DDL:
 *
 *   lg_index_pred(sql)               WHERE text of a partial CREATE INDEX, or NULL
 *   lg_indexdef(name, tbl, unique, sql)  "CREATE [UNIQUE ]INDEX n ON public.t USING btree
 *                                    (cols)[ WHERE (pred)]" (sql NULL: constraint index)
 *   lg_check_expr(tbl, name [, pretty])  the expression of CHECK constraint `name` in tbl's
 *                                    DDL (pretty = 0: PostgreSQL's non-pretty deparse)
 *   lg_pg_default(dflt, typoid)      a column default as PostgreSQL prints it
 *                                    (nextval('s'::regclass), 'x'::text, false, '{}'::text[])
 *   lg_viewdef(sql)                  the SELECT of a CREATE VIEW text
 *   pg_get_expr(expr, rel[, pretty]) expr unchanged (catalog expressions are stored as text)
 *   pg_get_indexdef(oid[, col, pretty]), pg_get_constraintdef(oid[, pretty]),
 *   pg_get_functiondef(oid) (user functions),
 *   pg_get_viewdef(oid|name[, pretty])
 *
 * SQL text scanning skips '...' and "..." literals when matching parentheses. */
#include "catalog_int.h"
#include "catalog_meta.h"
#include "lg_err.h"
#include "pgtype.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Index just past the parenthesis matching s[open] ('('), or 0 if unbalanced. */
static size_t match_paren(const char *s, size_t open)
{
    size_t e = catalog__paren_end(s + open, strlen(s + open));
    return e ? open + e : 0;
}

/* Finds the column list "( ... )" of a CREATE INDEX text: *b = '(' index, returns end. */
static size_t index_cols(const char *sql, size_t *b)
{
    const char *on = NULL;
    for (const char *p = sql; *p; p++)
        if (strncasecmp(p, " ON ", 4) == 0) {
            on = p;
            break;
        }
    if (!on)
        return 0;
    const char *par = strchr(on, '(');
    if (!par)
        return 0;
    *b = (size_t)(par - sql);
    return match_paren(sql, *b);
}

static const char *index_pred(const char *sql, size_t *len)
{
    size_t b = 0;
    size_t e = index_cols(sql, &b);
    if (!e)
        return NULL;
    const char *p = sql + e;
    for (;;) { /* past the notes after the column list (INCLUDE, USING, WITH) */
        while (isspace((unsigned char)*p))
            p++;
        const char *end = strncmp(p, "/*", 2) == 0 ? strstr(p, "*/") : NULL;
        if (!end)
            break;
        p = end + 2;
    }
    if (strncasecmp(p, "WHERE", 5) != 0)
        return NULL;
    p += 5;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n > 0 && (isspace((unsigned char)p[n - 1]) || p[n - 1] == ';'))
        n--;
    *len = n;
    return n ? p : NULL;
}

static void fn_index_pred(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *sql = (const char *)sqlite3_value_text(argv[0]);
    size_t n = 0;
    const char *p = sql ? index_pred(sql, &n) : NULL;
    if (p)
        catalog__expr_strip(&p, &n);
    if (p)
        sqlite3_result_text(ctx, p, (int)n, SQLITE_TRANSIENT);
}

/* Appends the key column list of constraint index `name` from lg_meta_index_cols. */
static void append_constraint_cols(sqlite3 *db, const char *name, sqlite3_str *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT colname FROM lg_meta_index_cols WHERE idx = ?1 "
                           "ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++)
        sqlite3_str_appendf(out, "%s%s", i ? ", " : "", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* Index details SQLite has no syntax for are kept in the index SQL as comments
 * (translate_emit_ddl.c): after an item's key "lg:COLLATE x" and "lg:OPCLASS y", after its
 * direction "lg:NULLS LAST"; after the column list "lg:INCLUDE (a, b)", "lg:USING gin" and
 * "lg:WITH (fillfactor='70')". */

#define ITEM_MAX 4096

typedef struct item_notes {
    char clean[ITEM_MAX]; /* the item without its comments */
    size_t n;
    char collate[256], opclass[256], nulls[32];
} item_notes_t;

/* Splits item[0..n) into its text and its notes; false when it does not fit. */
static bool item_split(const char *item, size_t n, item_notes_t *t)
{
    t->n = 0;
    t->collate[0] = t->opclass[0] = t->nulls[0] = '\0';
    for (size_t i = 0; i < n;) {
        const char *e =
            i + 5 <= n && !strncmp(item + i, "/*lg:", 5) ? strstr(item + i, "*/") : NULL;
        if (!e || (size_t)(e - item) + 2 > n) {
            if (t->n + 1 >= sizeof(t->clean))
                return false;
            t->clean[t->n++] = item[i++];
            continue;
        }
        const char *m = item + i + 5;
        int len = (int)(e - m);
        if (!strncmp(m, "COLLATE ", 8))
            snprintf(t->collate, sizeof(t->collate), "%.*s", len, m);
        else if (!strncmp(m, "OPCLASS ", 8))
            snprintf(t->opclass, sizeof(t->opclass), "%.*s", len - 8, m + 8);
        else
            snprintf(t->nulls, sizeof(t->nulls), "%.*s", len, m);
        i = (size_t)(e - item) + 2;
    }
    while (t->n > 0 && t->clean[t->n - 1] == ' ')
        t->n--;
    t->clean[t->n] = '\0';
    return true;
}

static bool strip_word(const char *item, size_t *n, const char *w);

/* Appends an index item as PostgreSQL prints it: key [COLLATE x] [opclass] [DESC] [NULLS ..]. */
static void append_item(sqlite3 *db, const char *tbl, const char *item, size_t n, sqlite3_str *out)
{
    item_notes_t *t = sqlite3_malloc(sizeof(*t));
    if (!t || !item_split(item, n, t)) {
        catalog__index_item_pretty(db, tbl, item, n, out);
        sqlite3_free(t);
        return;
    }
    size_t k = t->n;
    bool desc = strip_word(t->clean, &k, "DESC");
    if (!desc)
        strip_word(t->clean, &k, "ASC");
    catalog__index_item_pretty(db, tbl, t->clean, k, out);
    if (t->collate[0])
        sqlite3_str_appendf(out, " %s", t->collate);
    if (t->opclass[0])
        sqlite3_str_appendf(out, " %s", t->opclass);
    if (desc)
        sqlite3_str_appendall(out, " DESC");
    if (t->nulls[0])
        sqlite3_str_appendf(out, " %s", t->nulls);
    sqlite3_free(t);
}

/* The text of note "lg:<word>..." after the column list (from cols_end), or NULL; *len. */
static const char *after_note(const char *sql, size_t cols_end, const char *word, int *len)
{
    char key[32];
    snprintf(key, sizeof(key), "/*lg:%s", word);
    const char *m = strstr(sql + cols_end, key);
    const char *e = m ? strstr(m, "*/") : NULL;
    if (!e)
        return NULL;
    *len = (int)(e - m - 5);
    return m + 5;
}

static void append_include(const char *sql, size_t cols_end, sqlite3_str *out)
{
    int len = 0;
    const char *inc = after_note(sql, cols_end, "INCLUDE (", &len);
    if (inc)
        sqlite3_str_appendf(out, " %.*s", len, inc);
    const char *with = after_note(sql, cols_end, "WITH (", &len);
    if (with)
        sqlite3_str_appendf(out, " %.*s", len, with);
}

/* True when item[0..*n) ends with the word w (case-insensitive, after a space); *n then
 * drops it and the spaces before it. */
static bool strip_word(const char *item, size_t *n, const char *w)
{
    size_t k = *n, wl = strlen(w);
    while (k > 0 && item[k - 1] == ' ')
        k--;
    if (k <= wl || item[k - wl - 1] != ' ' || strncasecmp(item + k - wl, w, wl) != 0)
        return false;
    k -= wl;
    while (k > 0 && item[k - 1] == ' ')
        k--;
    *n = k;
    return true;
}

/* Length of an index item without its ordering options (ASC / DESC / NULLS FIRST|LAST):
 * pg_get_indexdef(index, column, ...) prints only the key. */
static size_t item_key_len(const char *item, size_t n)
{
    if (strip_word(item, &n, "FIRST") || strip_word(item, &n, "LAST"))
        strip_word(item, &n, "NULLS");
    if (!strip_word(item, &n, "DESC"))
        strip_word(item, &n, "ASC");
    return n;
}

/* Appends the key of an index item alone (no notes, no direction): pg_get_indexdef's
 * column form. */
static void append_key(sqlite3 *db, const char *tbl, const char *item, size_t n, sqlite3_str *out)
{
    item_notes_t *t = sqlite3_malloc(sizeof(*t));
    if (t && item_split(item, n, t))
        catalog__index_item_pretty(db, tbl, t->clean, item_key_len(t->clean, t->n), out);
    else
        catalog__index_item_pretty(db, tbl, item, item_key_len(item, n), out);
    sqlite3_free(t);
}

/* Appends the col-th (1-based) top-level item of the index column list of sql (index on
 * tbl) as PostgreSQL prints it, preceded by ", " when sep (sep < 0: the key alone, for
 * pg_get_indexdef's column form); 0 when there is no such item. */
static int index_column_text(sqlite3 *db, const char *tbl, const char *sql, int col,
                             sqlite3_str *out, int sep)
{
    size_t b = 0;
    size_t e = index_cols(sql, &b);
    if (!e)
        return 0;
    size_t start = b + 1;
    int item = 1;
    int depth = 0;
    for (size_t i = b + 1; i < e; i++) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            for (i++; i < e && sql[i] != c; i++)
                ;
            continue;
        }
        int end_item = (c == ',' && depth == 0) || i == e - 1;
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        if (!end_item)
            continue;
        if (item == col) {
            size_t len = i - start;
            if (sep > 0)
                sqlite3_str_appendall(out, ", ");
            if (sep < 0) {
                const char *it = sql + start;
                while (len > 0 && *it == ' ')
                    it++, len--;
                append_key(db, tbl, it, len, out);
                return 1;
            }
            append_item(db, tbl, sql + start, i - start, out);
            return 1;
        }
        item++;
        start = i + 1;
    }
    return 0;
}

static bool is_user_schema(sqlite3 *db, const char *name, size_t n);

/* SQLite table tbl as PostgreSQL names it qualified: public.t, or s.t for "s.t" of a user
 * schema s. */
static void append_relation(sqlite3 *db, const char *tbl, sqlite3_str *out)
{
    const char *dot = strchr(tbl, '.');
    if (dot && is_user_schema(db, tbl, (size_t)(dot - tbl))) {
        char schema[128];
        snprintf(schema, sizeof(schema), "%.*s", (int)(dot - tbl), tbl);
        catalog__append_ident(out, schema);
        sqlite3_str_appendchar(out, 1, '.');
        catalog__append_ident(out, dot + 1);
        return;
    }
    sqlite3_str_appendall(out, "public.");
    catalog__append_ident(out, tbl);
}

/* Builds an index definition; pretty drops the parentheses around the predicate. */
static char *build_indexdef(sqlite3 *db, const char *name, const char *tbl, int unique,
                            const char *sql, int pretty)
{
    sqlite3_str *out = sqlite3_str_new(db);
    sqlite3_str_appendf(out, "CREATE %sINDEX ", unique ? "UNIQUE " : "");
    const char *dot = strchr(name, '.');
    catalog__append_ident(out,
                          dot && is_user_schema(db, name, (size_t)(dot - name)) ? dot + 1 : name);
    sqlite3_str_appendall(out, " ON ");
    append_relation(db, tbl, out);
    size_t b = 0;
    size_t e = sql ? index_cols(sql, &b) : 0;
    int mlen = 0;
    const char *method = e ? after_note(sql, e, "USING ", &mlen) : NULL;
    if (method)
        sqlite3_str_appendf(out, " %.*s (", mlen, method);
    else
        sqlite3_str_appendall(out, " USING btree (");
    if (e) {
        for (int col = 1; index_column_text(db, tbl, sql, col, out, col > 1); col++)
            ;
        sqlite3_str_appendall(out, ")");
        append_include(sql, e, out);
        size_t n = 0;
        const char *pred = index_pred(sql, &n);
        if (pred) {
            catalog__expr_strip(&pred, &n);
            sqlite3_str_appendall(out, pretty ? " WHERE " : " WHERE (");
            catalog__expr_pg(pred, n, out); /* PostgreSQL's operators (catalog_fn_gen.c) */
            sqlite3_str_appendall(out, pretty ? "" : ")");
        }
    } else {
        append_constraint_cols(db, name, out);
        sqlite3_str_appendall(out, ")");
    }
    return sqlite3_str_finish(out);
}

static void fn_indexdef(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const char *tbl = (const char *)sqlite3_value_text(argv[1]);
    if (!name || !tbl)
        return;
    char *def =
        build_indexdef(sqlite3_context_db_handle(ctx), name, tbl, sqlite3_value_int(argv[2]),
                       (const char *)sqlite3_value_text(argv[3]), 0);
    sqlite3_result_text(ctx, def, -1, sqlite3_free);
}

/* lg_indexprs(tbl, sql, indkey): pg_index.indexprs, the index's expression items (those
 * whose indkey word is 0) as PostgreSQL prints them, ", "-separated; NULL without any.
 * (PostgreSQL stores a node tree there; clients test it for NULL or hand it to
 * pg_get_expr, which prints it.) */
static void fn_indexprs(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *sql = (const char *)sqlite3_value_text(argv[1]);
    const char *key = (const char *)sqlite3_value_text(argv[2]);
    if (!tbl || !sql || !key)
        return;
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    int col = 1, found = 0;
    for (const char *p = key; *p; col++) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (p[0] == '0' && (p[1] == ' ' || p[1] == '\0')) {
            if (found++)
                sqlite3_str_appendall(out, ", ");
            index_column_text(sqlite3_context_db_handle(ctx), tbl, sql, col, out, -1);
        }
        while (*p && *p != ' ')
            p++;
    }
    char *text = sqlite3_str_finish(out);
    if (found)
        sqlite3_result_text(ctx, text, -1, sqlite3_free);
    else
        sqlite3_free(text);
}

static void fn_pg_get_indexdef(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    int col = argc > 1 ? sqlite3_value_int(argv[1]) : 0;
    int pretty = argc > 2 ? sqlite3_value_int(argv[2]) : 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, tbl, isunique, sql FROM lg_meta_indexes "
                           "WHERE lg_reloid(name) = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, sqlite3_value_int64(argv[0]));
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *sql = (const char *)sqlite3_column_text(st, 3);
        if (col <= 0) {
            char *def = build_indexdef(db, name, (const char *)sqlite3_column_text(st, 1),
                                       sqlite3_column_int(st, 2), sql, pretty);
            sqlite3_result_text(ctx, def, -1, sqlite3_free);
        } else {
            sqlite3_str *out = sqlite3_str_new(db);
            if (sql)
                index_column_text(db, (const char *)sqlite3_column_text(st, 1), sql, col, out, -1);
            else {
                sqlite3_stmt *c = NULL;
                if (sqlite3_prepare_v2(db,
                                       "SELECT colname FROM lg_meta_index_cols WHERE "
                                       "idx = ?1 AND seq = ?2",
                                       -1, &c, NULL) == SQLITE_OK) {
                    sqlite3_bind_text(c, 1, name, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_int(c, 2, col);
                    if (sqlite3_step(c) == SQLITE_ROW)
                        sqlite3_str_appendall(out, (const char *)sqlite3_column_text(c, 0));
                }
                sqlite3_finalize(c);
            }
            sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
        }
    }
    sqlite3_finalize(st);
}

/* Position of identifier `name` (bare or double-quoted) followed by CHECK, or NULL. */
static const char *find_named_check(const char *sql, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = sql; (p = strstr(p, name)) != NULL; p++) {
        const char *q = p + n;
        if (p > sql && p[-1] == '"' && *q == '"')
            q++;
        else if (p > sql && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            continue;
        while (isspace((unsigned char)*q))
            q++;
        if (strncasecmp(q, "CHECK", 5) == 0)
            return q + 5;
    }
    return NULL;
}

static void fn_check_expr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *name = (const char *)sqlite3_value_text(argv[1]);
    if (!tbl || !name || !name[0])
        return;
    sqlite3_stmt *st = NULL;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (sqlite3_prepare_v2(db,
                           "SELECT sql FROM main.sqlite_schema WHERE name = ?1 AND "
                           "type = 'table'",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        const char *sql = (const char *)sqlite3_column_text(st, 0);
        const char *p = find_named_check(sql, name);
        while (p && isspace((unsigned char)*p))
            p++;
        if (p && *p == '(') {
            size_t e = match_paren(p, 0);
            if (e >= 2) {
                sqlite3_str *pg = sqlite3_str_new(db); /* PostgreSQL's spelling first */
                catalog__expr_pg(p + 1, e - 2, pg);
                int pn = sqlite3_str_length(pg);
                char *pgs = sqlite3_str_finish(pg);
                sqlite3_str *out = sqlite3_str_new(db);
                if (!pgs)
                    ; /* out of memory: an empty text */
                else if (argc > 2 && !sqlite3_value_int(argv[2]))
                    catalog__expr_typed(db, tbl, pgs, (size_t)pn, out); /* constraintdef */
                else
                    catalog__expr_pretty(pgs, (size_t)pn, out);
                sqlite3_free(pgs);
                sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
            }
        }
    }
    sqlite3_finalize(st);
}

/* Converts a JSON array literal body ([1,"a"]) to PostgreSQL's {1,a} form. */
static void json_to_pgarray(const char *s, size_t n, sqlite3_str *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '[')
            c = '{';
        else if (c == ']')
            c = '}';
        else if (c == '"')
            continue;
        sqlite3_str_appendchar(out, 1, c);
    }
}

/* For a translator converter call "lg_to_<type>('literal'[, args])" sets *d, *n to the
 * quoted literal and returns 1; else 0. */
static int converter_literal(const char **d, size_t *n)
{
    const char *s = *d;
    if (*n < 10 || strncmp(s, "lg_to_", 6) != 0 || s[*n - 1] != ')')
        return 0;
    const char *open = memchr(s, '(', *n);
    if (!open || open[1] != '\'')
        return 0;
    size_t i = (size_t)(open - s) + 2;
    for (; i < *n; i++) {
        if (s[i] == '\'' && i + 1 < *n && s[i + 1] == '\'')
            i++;
        else if (s[i] == '\'')
            break;
    }
    if (i >= *n || (s[i + 1] != ',' && s[i + 1] != ')'))
        return 0;
    *d = open + 1;
    *n = i - (size_t)(open - s);
    return 1;
}

/* Length of an unsigned number constant that is the first argument of s ("12.5, ..."), 0
 * when the argument is anything else. */
static size_t numeric_arg_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
        i++;
    return i > 0 && i < n && (s[i] == ',' || s[i] == ')') ? i : 0;
}

/* Defaults the translator writes as sqlfn calls, as PostgreSQL prints the SQL it came from:
 * d[0..n) is one, or with n == 0 d starts with one (its length into *len). CURRENT_TIMESTAMP
 * is lg_current_timestamp() (now() is now()), converted for a timestamp column by
 * lg_to_timestamp(x) or, rounded to its precision p, lg_to_timestamp(x, p). */
static const char *value_function_at(const char *d, size_t n, size_t *len)
{
    static const struct {
        const char *stored, *pg;
    } k_map[] = {{"lg_current_timestamp()", "CURRENT_TIMESTAMP"},
                 {"lg_to_timestamp(lg_current_timestamp())", "CURRENT_TIMESTAMP"},
                 {"lg_to_timestamp(now())", "now()"},
                 {"lg_current_date()", "CURRENT_DATE"},
                 {"lg_to_time(lg_current_time())", "CURRENT_TIME"},
                 {"lg_current_time()", "CURRENT_TIME"},
                 {"lg_localtimestamp()", "LOCALTIMESTAMP"},
                 {"current_user()", "CURRENT_USER"}};
    for (size_t i = 0; i < sizeof(k_map) / sizeof(k_map[0]); i++)
        if (n == 0 ? strncmp(d, k_map[i].stored, strlen(k_map[i].stored)) == 0
                   : strlen(k_map[i].stored) == n && strncmp(d, k_map[i].stored, n) == 0) {
            if (n == 0)
                *len = strlen(k_map[i].stored);
            return k_map[i].pg;
        }
    static const char *const k_rounded[][2] = {
        {"lg_to_timestamp(lg_current_timestamp(), ", "CURRENT_TIMESTAMP"},
        {"lg_to_timestamp(now(), ", "now()"}};
    for (size_t r = 0; r < 2 && n > 0; r++) {
        size_t k = strlen(k_rounded[r][0]);
        if (n <= k + 1 || strncmp(d, k_rounded[r][0], k) != 0 || d[n - 1] != ')')
            continue;
        size_t i = k;
        while (i + 1 < n && isdigit((unsigned char)d[i]))
            i++;
        if (i + 1 == n)
            return k_rounded[r][1];
    }
    return NULL;
}

/* lg_enum_in('label', 'type') [COLLATE lg_enum_type]: a label cast to its enum (DEFAULT
 * 'ok'::mood) prints as PostgreSQL prints it, 'ok'::mood. False (nothing written) when d[0..n)
 * is something else. */
static bool enum_literal(const char *d, size_t n, sqlite3_str *out)
{
    static const char k_pre[] = "lg_enum_in('";
    size_t k = sizeof(k_pre) - 1;
    if (n <= k || strncmp(d, k_pre, k) != 0)
        return false;
    size_t lit = k - 1; /* the opening quote */
    while (k < n && !(d[k] == '\'' && (k + 1 >= n || d[k + 1] != '\'')))
        k += d[k] == '\'' ? 2 : 1;
    size_t lit_end = k + 1; /* past the closing quote */
    if (lit_end + 3 >= n || strncmp(d + lit_end, ", '", 3) != 0)
        return false;
    const char *ty = d + lit_end + 3;
    const char *ty_end = memchr(ty, '\'', n - (size_t)(ty - d));
    if (!ty_end || (size_t)(ty_end - d) + 2 > n || ty_end[1] != ')')
        return false;
    size_t rest = (size_t)(ty_end + 2 - d);
    if (rest != n && strncmp(d + rest, " COLLATE ", 9) != 0)
        return false;
    sqlite3_str_append(out, d + lit, (int)(lit_end - lit));
    sqlite3_str_appendall(out, "::");
    sqlite3_str_append(out, ty, (int)(ty_end - ty));
    return true;
}

/* A negative number constant: PostgreSQL prints it as a literal with a cast ('-1'::integer). */
static bool negative_number(const char *d, size_t n)
{
    if (n < 2 || d[0] != '-')
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isdigit((unsigned char)d[i]) && d[i] != '.')
            return false;
    return true;
}

/* timezone('zone', expr) -> (expr AT TIME ZONE 'zone'::text); false when d is not one. */
static bool at_time_zone(const char *d, size_t n, sqlite3_str *out)
{
    if (n < 14 || strncmp(d, "timezone('", 10) != 0 || d[n - 1] != ')')
        return false;
    const char *q = memchr(d + 10, '\'', n - 10);
    if (!q || q + 3 > d + n - 1 || q[1] != ',' || q[2] != ' ')
        return false;
    sqlite3_str_appendf(out, "(%.*s AT TIME ZONE %.*s::text)", (int)(d + n - 1 - (q + 3)), q + 3,
                        (int)(q + 1 - (d + 9)), d + 9);
    return true;
}

static void fn_pg_default(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *d = (const char *)sqlite3_value_text(argv[0]);
    if (!d)
        return;
    uint32_t t = (uint32_t)sqlite3_value_int64(argv[1]);
    size_t n = strlen(d);
    while (n >= 2 && d[0] == '(' && match_paren(d, 0) == n) { /* strip outer (...) */
        d++;
        n -= 2;
    }
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    char ty[128];
    if (n > 12 && strncasecmp(d, "nextval('", 9) == 0 && d[n - 1] == ')' && d[n - 2] == '\'' &&
        !memchr(d + 9, '\'', n - 11)) { /* nextval('<quoted name>'::regclass) */
        char seq[256];
        snprintf(seq, sizeof(seq), "%.*s", (int)(n - 11), d + 9);
        char *dot = strchr(seq, '.');
        sqlite3_str_appendall(out, "nextval('");
        if (dot) {
            *dot = '\0';
            catalog__append_ident(out, seq);
            sqlite3_str_appendchar(out, 1, '.');
        }
        catalog__append_ident(out, dot ? dot + 1 : seq);
        sqlite3_str_appendall(out, "'::regclass)");
    } else if (n > 10 && strncasecmp(d, "nextval('", 9) == 0 && d[n - 1] == ')') {
        sqlite3_str_appendf(out, "%.*s::regclass)", (int)(n - 1), d);
    } else if (value_function_at(d, n, NULL)) {
        sqlite3_str_appendall(out, value_function_at(d, n, NULL));
    } else if (enum_literal(d, n, out)) {
        /* written by enum_literal */
    } else if (at_time_zone(d, n, out)) {
        /* written by at_time_zone */
    } else if (t != 0 && negative_number(d, n)) { /* the constant's own type */
        bool frac = memchr(d, '.', n) != NULL;
        bool big = !frac && (n > 11 || (n == 11 && strncmp(d, "-2147483648", 11) > 0));
        sqlite3_str_appendf(out, "'%.*s'::%s", (int)n, d,
                            frac  ? "numeric"
                            : big ? "bigint"
                                  : "integer");
    } else if (t == PGTYPE_BOOL &&
               (n == 1 || strncasecmp(d, "true", n) == 0 || strncasecmp(d, "false", n) == 0)) {
        sqlite3_str_appendall(out, (d[0] == '1' || tolower((unsigned char)d[0]) == 't') ? "true"
                                                                                        : "false");
    } else if ((t == PGTYPE_NUMERIC || t == PGTYPE_INT2 || t == PGTYPE_INT4 || t == PGTYPE_INT8 ||
                t == PGTYPE_FLOAT4 || t == PGTYPE_FLOAT8) &&
               n > 14 && strncmp(d, "lg_to_numeric(", 14) == 0 &&
               numeric_arg_len(d + 14, n - 14) > 0) {
        /* a number constant coerced to numeric(p,s) prints as written (also once the column
         * was retyped to another number type: PostgreSQL keeps the constant) */
        sqlite3_str_append(out, d + 14, (int)numeric_arg_len(d + 14, n - 14));
    } else if (pgtype_array_elem(t) && n >= 12 && strncmp(d, "json_array(", 11) == 0 &&
               d[n - 1] == ')') {
        /* ARRAY[...] constructor: ARRAY[1, 2]; the empty one keeps its cast */
        catalog__format_type_db(sqlite3_context_db_handle(ctx), t, -1, ty, sizeof(ty));
        sqlite3_str_appendall(out, "ARRAY[");
        for (size_t i = 11; i + 1 < n; i++) {
            sqlite3_str_appendchar(out, 1, d[i]);
            if (d[i] == ',' && d[i + 1] != ' ')
                sqlite3_str_appendchar(out, 1, ' ');
        }
        sqlite3_str_appendall(out, "]");
        if (n == 12)
            sqlite3_str_appendf(out, "::%s", ty);
    } else if (t != 0 && converter_literal(&d, &n)) { /* lg_to_x('lit', ...): 'lit'::type */
        catalog__format_type_db(sqlite3_context_db_handle(ctx), t, -1, ty, sizeof(ty));
        sqlite3_str_append(out, d, (int)n);
        sqlite3_str_appendf(out, "::%s", ty);
    } else if (n >= 2 && d[0] == '\'' && d[n - 1] == '\'' && t != 0) {
        catalog__format_type_db(sqlite3_context_db_handle(ctx), t, -1, ty, sizeof(ty));
        if (pgtype_array_elem(t) && d[1] == '[') {
            sqlite3_str_appendchar(out, 1, '\'');
            json_to_pgarray(d + 1, n - 2, out);
            sqlite3_str_appendchar(out, 1, '\'');
        } else {
            sqlite3_str_append(out, d, (int)n);
        }
        sqlite3_str_appendf(out, "::%s", t == PGTYPE_BPCHAR ? "bpchar" : ty);
    } else {
        sqlite3_str_append(out, d, (int)n);
    }
    sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
}

/* pg_get_functiondef(oid) of a user function: CREATE OR REPLACE as PostgreSQL prints it
 * (schema-qualified name, arguments, RETURNS, LANGUAGE, volatility, the body in
 * $function$ quotes). NULL for other functions. */
static void fn_functiondef(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *st = NULL;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_prepare_v2(db,
                           "SELECT lg_relnsp(name), lg_relshort(name), lang, volatility, body, "
                           "pg_get_function_arguments(?1), pg_get_function_result(?1) "
                           "FROM lg_meta_functions WHERE lg_objoid('proc:' || name) = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_value(st, 1, argv[0]);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *res = (const char *)sqlite3_column_text(st, 6);
        const char *vol = (const char *)sqlite3_column_text(st, 3);
        sqlite3_str *out = sqlite3_str_new(db);
        sqlite3_str_appendf(out, "CREATE OR REPLACE %s ", res ? "FUNCTION" : "PROCEDURE");
        catalog__append_ident(out, (const char *)sqlite3_column_text(st, 0));
        sqlite3_str_appendchar(out, 1, '.');
        catalog__append_ident(out, (const char *)sqlite3_column_text(st, 1));
        sqlite3_str_appendf(out, "(%s)\n", sqlite3_column_text(st, 5));
        if (res)
            sqlite3_str_appendf(out, " RETURNS %s\n", res);
        sqlite3_str_appendf(out, " LANGUAGE %s\n", sqlite3_column_text(st, 2));
        if (vol && vol[0] == 'i')
            sqlite3_str_appendall(out, " IMMUTABLE\n");
        else if (vol && vol[0] == 's')
            sqlite3_str_appendall(out, " STABLE\n");
        sqlite3_str_appendf(out, "AS $function$%s$function$\n", sqlite3_column_text(st, 4));
        sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
    }
    sqlite3_finalize(st);
}

/* " <select>;" with the SQL value functions the translator wrote as sqlfn calls
 * (lg_current_timestamp(), ...) printed as PostgreSQL prints them (CURRENT_TIMESTAMP). */
/* Whether schema `name` (name[0..n)) is a user schema (_lg_schemas). */
static bool is_user_schema(sqlite3 *db, const char *name, size_t n)
{
    char schema[128];
    if (n >= sizeof(schema))
        return false;
    snprintf(schema, sizeof(schema), "%.*s", (int)n, name);
    return strcmp(schema, "public") != 0 && strcmp(schema, "pg_catalog") != 0 &&
           strcmp(schema, "information_schema") != 0 && catalog_schema_exists(db, schema) == 1;
}

/* The quoted identifier at p ("..." with "" doubled) copied to out; a relation of a user
 * schema, stored as "schema.name", is written as PostgreSQL qualifies it (schema.name).
 * Returns the length read. */
static size_t quoted_name(sqlite3 *db, const char *p, sqlite3_str *out)
{
    sqlite3_str *id = sqlite3_str_new(NULL);
    size_t k = 1;
    for (; p[k]; k++) {
        if (p[k] == '"' && p[k + 1] == '"')
            sqlite3_str_appendchar(id, 1, p[k++]);
        else if (p[k] == '"')
            break;
        else
            sqlite3_str_appendchar(id, 1, p[k]);
    }
    size_t len = p[k] ? k + 1 : k;
    char *name = sqlite3_str_finish(id);
    const char *dot = name ? strchr(name, '.') : NULL;
    if (dot && is_user_schema(db, name, (size_t)(dot - name))) {
        char schema[128];
        snprintf(schema, sizeof(schema), "%.*s", (int)(dot - name), name);
        catalog__append_ident(out, schema);
        sqlite3_str_appendchar(out, 1, '.');
        catalog__append_ident(out, dot + 1);
    } else {
        sqlite3_str_append(out, p, (int)len);
    }
    sqlite3_free(name);
    return len;
}

static char *value_functions_as_sql(sqlite3 *db, const char *sel)
{
    sqlite3_str *out = sqlite3_str_new(NULL);
    sqlite3_str_appendchar(out, 1, ' ');
    for (const char *p = sel; *p;) {
        size_t n = 0;
        const char *pg = strncmp(p, "lg_", 3) == 0 ? value_function_at(p, 0, &n) : NULL;
        if (pg) {
            sqlite3_str_appendall(out, pg);
            p += n;
        } else if (*p == '\'') { /* a string literal, as it is */
            const char *q = p + 1;
            while (*q && !(*q == '\'' && q[1] != '\''))
                q += *q == '\'' ? 2 : 1;
            q += *q ? 1 : 0;
            sqlite3_str_append(out, p, (int)(q - p));
            p = q;
        } else if (*p == '"') {
            p += quoted_name(db, p, out);
        } else {
            sqlite3_str_appendchar(out, 1, *p++);
        }
    }
    sqlite3_str_appendchar(out, 1, ';');
    return sqlite3_str_finish(out);
}

static void fn_viewdef_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *sql = (const char *)sqlite3_value_text(argv[0]);
    if (!sql)
        return;
    for (const char *p = sql; *p; p++) {
        if (*p == '(') { /* skip a column list */
            size_t e = match_paren(p, 0);
            if (!e)
                return;
            p += e - 1;
            continue;
        }
        if (isspace((unsigned char)*p) && strncasecmp(p + 1, "AS", 2) == 0 &&
            isspace((unsigned char)p[3])) {
            p += 4;
            while (isspace((unsigned char)*p))
                p++;
            char *def = value_functions_as_sql(sqlite3_context_db_handle(ctx), p);
            sqlite3_str *pg = sqlite3_str_new(NULL); /* operators in PostgreSQL's spelling */
            if (def) {
                size_t lead = strspn(def, " "); /* kept: PostgreSQL's text starts with one */
                sqlite3_str_append(pg, def, (int)lead);
                catalog__expr_pg(def + lead, strlen(def) - lead, pg);
            }
            sqlite3_free(def);
            sqlite3_result_text(ctx, sqlite3_str_finish(pg), -1, sqlite3_free);
            return;
        }
    }
}

/* Runs `sql` with ?1 = argv[0] and returns its first column. */
static void lookup_one(sqlite3_context *ctx, const char *sql, sqlite3_value *arg)
{
    if (sqlite3_value_type(arg) == SQLITE_NULL)
        return;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), sql, -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_value(st, 1, arg);
    if (sqlite3_step(st) == SQLITE_ROW)
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
    sqlite3_finalize(st);
}

static void fn_pg_get_constraintdef(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bool pretty = argc > 1 && sqlite3_value_int(argv[1]) != 0;
    lookup_one(ctx,
               pretty ? "SELECT lg_def FROM pg_constraint WHERE oid = ?1"
                      : "SELECT coalesce(lg_defnp, lg_def) FROM pg_constraint WHERE oid = ?1",
               argv[0]);
}

static void fn_pg_get_viewdef(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT)
        lookup_one(ctx,
                   "SELECT lg_viewdef(lg_sql) FROM pg_class WHERE relname = ?1 "
                   "AND relkind = 'v'",
                   argv[0]);
    else
        lookup_one(ctx,
                   "SELECT lg_viewdef(lg_sql) FROM pg_class WHERE oid = ?1 "
                   "AND relkind = 'v'",
                   argv[0]);
}

static void fn_pg_get_expr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_value(ctx, argv[0]);
}

int catalog__fn_def_register(sqlite3 *db)
{
    static const catalog_fn_def_t k_fns[] = {
        {"lg_index_pred", 1, fn_index_pred},
        {"lg_indexdef", 4, fn_indexdef},
        {"lg_indexprs", 3, fn_indexprs},
        {"lg_check_expr", 2, fn_check_expr},
        {"lg_check_expr", 3, fn_check_expr},
        {"lg_expr_columns", 2, catalog__fn_expr_columns},
        {"lg_pg_default", 2, fn_pg_default},
        {"lg_viewdef", 1, fn_viewdef_text},
        {"pg_get_expr", 2, fn_pg_get_expr},
        {"pg_get_expr", 3, fn_pg_get_expr},
        {"pg_get_functiondef", 1, fn_functiondef},
        {"pg_get_indexdef", 1, fn_pg_get_indexdef},
        {"pg_get_indexdef", 3, fn_pg_get_indexdef},
        {"pg_get_constraintdef", 1, fn_pg_get_constraintdef},
        {"pg_get_constraintdef", 2, fn_pg_get_constraintdef},
        {"pg_get_viewdef", 1, fn_pg_get_viewdef},
        {"pg_get_viewdef", 2, fn_pg_get_viewdef},
    };
    return catalog__create_fns(db, k_fns, sizeof(k_fns) / sizeof(k_fns[0]));
}
