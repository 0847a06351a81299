/* catalog_fn_body.c - reading stored SQL text:
 *   lg_fn_body(create_sql): the body of a user function as pg_proc.prosrc holds it, read
 *       from the CREATE FUNCTION / PROCEDURE text litegres keeps (_lg_functions src): the
 *       string constant after the statement's AS keyword, unquoted ($tag$...$tag$, '...'
 *       with '' doubled, E'...' with backslash escapes). NULL when there is none (a
 *       SQL-standard BEGIN ATOMIC body).
 *   lg_sql_mentions(view_sql, name): 1 when the query of a stored CREATE VIEW names
 *       relation `name` (its SQLite name) as an identifier, quoted or not; a column or
 *       alias of the same name counts too (pg_depend's view dependencies, for pg_dump's
 *       order). Any thread (no state). */
#include "catalog_int.h"
#include "lg_err.h"
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Past the quoted run starting at p (a '...' string or "..." identifier), or past a comment;
 * p itself when it starts neither. */
static const char *skip_quoted(const char *p)
{
    if (*p == '\'' || *p == '"') {
        char q = *p++;
        while (*p && !(*p == q && p[1] != q))
            p += *p == q ? 2 : 1;
        return *p ? p + 1 : p;
    }
    if (p[0] == '-' && p[1] == '-')
        return p + strcspn(p, "\n");
    if (p[0] == '/' && p[1] == '*') {
        const char *e = strstr(p + 2, "*/");
        return e ? e + 2 : p + strlen(p);
    }
    return p;
}

/* The length of a $tag$ opening at p ("$$", "$fn$"), 0 when p does not start one. */
static size_t dollar_tag(const char *p)
{
    if (*p != '$')
        return 0;
    size_t n = 1;
    while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
    return p[n] == '$' && !isdigit((unsigned char)p[1]) ? n + 1 : 0;
}

/* Appends the string constant at p to out (unquoted); false when p starts none. */
static bool string_constant(const char *p, sqlite3_str *out)
{
    size_t tag = dollar_tag(p);
    if (tag) {
        const char *body = p + tag;
        const char *end = body;
        while ((end = strchr(end, '$')) && strncmp(end, p, tag) != 0)
            end++;
        if (!end)
            return false;
        sqlite3_str_append(out, body, (int)(end - body));
        return true;
    }
    bool esc = (*p == 'E' || *p == 'e') && p[1] == '\'';
    if (esc)
        p++;
    if (*p != '\'')
        return false;
    for (p++; *p; p++) {
        if (*p == '\'' && p[1] == '\'') {
            sqlite3_str_appendchar(out, 1, '\'');
            p++;
        } else if (*p == '\'') {
            return true;
        } else if (esc && *p == '\\' && p[1]) {
            p++;
            char c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
            sqlite3_str_appendchar(out, 1, c);
        } else {
            sqlite3_str_appendchar(out, 1, *p);
        }
    }
    return false;
}

static bool word_at(const char *start, const char *p, const char *word)
{
    size_t n = strlen(word);
    return (p == start || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
           strncasecmp(p, word, n) == 0 && !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

static void fn_body(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *src = (const char *)sqlite3_value_text(argv[0]);
    int depth = 0;
    for (const char *p = src; p && *p;) {
        const char *q = skip_quoted(p);
        size_t tag = q == p ? dollar_tag(p) : 0;
        if (q != p) {
            p = q;
        } else if (tag) { /* a $-quoted string not after AS: skip it whole */
            const char *end = strstr(p + tag, "$");
            while (end && strncmp(end, p, tag) != 0)
                end = strchr(end + 1, '$');
            p = end ? end + tag : p + strlen(p);
        } else if (*p == '(' || *p == ')') {
            depth += *p == '(' ? 1 : -1;
            p++;
        } else if (depth == 0 && word_at(src, p, "AS")) {
            p += 2;
            while (isspace((unsigned char)*p))
                p++;
            sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
            if (string_constant(p, out)) {
                sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
                return;
            }
            sqlite3_free(sqlite3_str_finish(out));
        } else {
            p++;
        }
    }
}

/* Whether the identifier at p (quoted, or a bare word of len n) is `name`. */
static bool ident_is(const char *p, size_t n, const char *name)
{
    if (*p != '"')
        return strlen(name) == n && strncasecmp(p, name, n) == 0;
    size_t k = 0;
    for (p++; *p; p++, k++) {
        if (*p == '"' && p[1] == '"')
            p++;
        else if (*p == '"')
            break;
        if (name[k] != *p)
            return false;
    }
    return name[k] == '\0';
}

static void fn_sql_mentions(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *sql = (const char *)sqlite3_value_text(argv[0]);
    const char *name = (const char *)sqlite3_value_text(argv[1]);
    const char *p = sql ? strstr(sql, " AS ") : NULL;
    if (!p || !name)
        return;
    int found = 0;
    while (*p && !found) {
        if (*p == '\'') {
            p = skip_quoted(p);
        } else if (*p == '"') {
            found = ident_is(p, 0, name);
            p = skip_quoted(p);
        } else if (isalpha((unsigned char)*p) || *p == '_') {
            size_t n = 0;
            while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '$')
                n++;
            found = ident_is(p, n, name);
            p += n;
        } else {
            p++;
        }
    }
    sqlite3_result_int(ctx, found);
}

int catalog__fn_body_register(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_INNOCUOUS | SQLITE_DETERMINISTIC;
    return sqlite3_create_function(db, "lg_fn_body", 1, flags, NULL, fn_body, NULL, NULL) ==
                       SQLITE_OK &&
                   sqlite3_create_function(db, "lg_sql_mentions", 2, flags, NULL, fn_sql_mentions,
                                           NULL, NULL) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}
