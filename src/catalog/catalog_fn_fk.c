/* catalog_fn_fk.c - what pragma_foreign_key_list does not say about a foreign key:
 *   lg_fk_deferral(tbl, cols, reftbl)  0 NOT DEFERRABLE, 1 DEFERRABLE (INITIALLY IMMEDIATE),
 *                                      2 DEFERRABLE INITIALLY DEFERRED
 * read from the REFERENCES clause in tbl's CREATE TABLE text whose first referencing column
 * is the first of `cols` (comma-separated) and whose table is reftbl. The clause is a table
 * item "[CONSTRAINT n] FOREIGN KEY (a, ...) REFERENCES t ..." or a column definition
 * "a <type> ... REFERENCES t ..." (translate_emit_ddl.c writes the DEFERRABLE words after
 * it). Text in '...' / "..." is skipped when looking for keywords. */
#include "catalog_int.h"
#include "lg_err.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FK_NAME_MAX 256

/* s with the contents of quoted sections replaced by blanks (same length, sqlite3_malloc'd),
 * so that keyword searches see only SQL words. */
static char *blank_quotes(const char *s, size_t n)
{
    char *b = sqlite3_malloc64(n + 1);
    if (!b)
        return NULL;
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q) {
            b[i] = c == q ? c : ' ';
            q = c == q ? 0 : q;
        } else {
            b[i] = c;
            q = c == '\'' || c == '"' ? c : 0;
        }
    }
    b[n] = '\0';
    return b;
}

/* Offset of word w in b (case-insensitive, whole word), or -1. */
static long find_word(const char *b, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = b; *p; p++) {
        if (strncasecmp(p, w, wl) != 0)
            continue;
        bool left = p == b || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool right = !(isalnum((unsigned char)p[wl]) || p[wl] == '_');
        if (left && right)
            return (long)(p - b);
    }
    return -1;
}

/* The identifier at s (after blanks), quotes removed, into out; returns past it. */
static const char *read_ident(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (*s == '"') {
        for (s++; *s && !(s[0] == '"' && s[1] != '"'); s++) {
            if (s[0] == '"')
                s++;
            if (k + 1 < cap)
                out[k++] = *s;
        }
        s += *s == '"';
    } else {
        for (; *s && (isalnum((unsigned char)*s) || *s == '_' || *s == '$'); s++)
            if (k + 1 < cap)
                out[k++] = *s;
    }
    out[k] = '\0';
    return s;
}

/* Whether table item it[0..n) is the foreign key from column `col` to `reftbl`; its
 * deferral into *d. */
static bool item_matches(const char *it, size_t n, const char *col, const char *reftbl, int *d)
{
    char *b = blank_quotes(it, n);
    if (!b)
        return false;
    long ref = find_word(b, "REFERENCES");
    bool ok = false;
    if (ref >= 0) {
        char from[FK_NAME_MAX], to[FK_NAME_MAX];
        long fk = find_word(b, "FOREIGN");
        const char *p = it;
        if (fk >= 0 && fk < ref) { /* [CONSTRAINT n] FOREIGN KEY (a, ...) */
            const char *open = strchr(it + fk, '(');
            p = open ? open + 1 : it + ref;
        } /* else a column definition: its name comes first */
        read_ident(p, from, sizeof(from));
        read_ident(it + ref + strlen("REFERENCES"), to, sizeof(to));
        ok = strcasecmp(from, col) == 0 && strcasecmp(to, reftbl) == 0;
        bool deferrable = find_word(b + ref, "DEFERRABLE") >= 0; /* never NOT DEFERRABLE */
        *d = !deferrable ? 0 : find_word(b + ref, "DEFERRED") >= 0 ? 2 : 1;
    }
    sqlite3_free(b);
    return ok;
}

/* Walks the top-level items of CREATE TABLE text sql; the deferral of the matching key. */
static int table_fk_deferral(const char *sql, const char *col, const char *reftbl)
{
    const char *open = strchr(sql, '(');
    if (!open)
        return 0;
    int depth = 0, d = 0;
    const char *start = open + 1;
    for (const char *p = open + 1; *p; p++) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            for (p++; *p && *p != q; p++)
                ;
            if (!*p)
                break;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth > 0)
            depth--;
        else if ((*p == ',' && depth == 0) || (*p == ')' && depth == 0)) {
            if (item_matches(start, (size_t)(p - start), col, reftbl, &d))
                return d;
            start = p + 1;
            if (*p == ')')
                break;
        }
    }
    return 0;
}

static void fn_fk_deferral(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *cols = (const char *)sqlite3_value_text(argv[1]);
    const char *reftbl = (const char *)sqlite3_value_text(argv[2]);
    sqlite3_result_int(ctx, 0);
    if (!tbl || !cols || !reftbl)
        return;
    char col[FK_NAME_MAX];
    snprintf(col, sizeof(col), "%.*s", (int)strcspn(cols, ","), cols);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                           "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", -1,
                           &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        sqlite3_result_int(
            ctx, table_fk_deferral((const char *)sqlite3_column_text(st, 0), col, reftbl));
    sqlite3_finalize(st);
}

int catalog__fn_fk_register(sqlite3 *db)
{
    return sqlite3_create_function(db, "lg_fk_deferral", 3, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                   fn_fk_deferral, NULL, NULL) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}
