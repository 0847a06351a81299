/* catalog_fn_path.c - the session's search_path (worker thread that owns the connection).
 *
 * The path is read through current_setting('search_path') on the same connection (the exec
 * layer answers it from the calling job's session settings), split at commas, unquoted;
 * "$user" stands for a schema named after current_user. Only schemas that exist are kept,
 * as PostgreSQL's current_schemas() shows them; pg_catalog is searched implicitly first.
 *   current_schema()          -> first schema of the path, NULL when none exists
 *   current_schemas(implicit) -> JSON array of the path (with pg_catalog when implicit)
 * and, for the translator, catalog_search_path / catalog_resolve_relation. */
#include "catalog_int.h"
#include "catalog_meta.h"
#include "lg_err.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* One text value of a single-row query, into buf ("" when none). */
static void query_text(sqlite3 *db, const char *sql, char *buf, size_t cap)
{
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

int catalog_search_path(sqlite3 *db, char names[][CATALOG_PATH_NAME], int max)
{
    char path[1024];
    query_text(db, "SELECT current_setting('search_path', true)", path, sizeof(path));
    if (!path[0])
        snprintf(path, sizeof(path), "\"$user\", public");
    int n = 0;
    for (const char *p = path; *p && n < max;) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        char item[CATALOG_PATH_NAME];
        size_t k = 0;
        bool quoted = *p == '"';
        if (quoted)
            p++;
        while (*p && (quoted ? *p != '"' : (*p != ',' && *p != ' ')) && k + 1 < sizeof(item))
            item[k++] = quoted ? *p : (char)tolower((unsigned char)*p), p++;
        if (quoted && *p == '"')
            p++;
        while (*p && *p != ',')
            p++;
        item[k] = '\0';
        if (!strcmp(item, "$user"))
            query_text(db, "SELECT current_user", item, sizeof(item));
        if (!item[0] || !strcmp(item, "pg_catalog") || catalog_schema_exists(db, item) != 1)
            continue;
        snprintf(names[n++], CATALOG_PATH_NAME, "%s", item);
    }
    return n;
}

static bool relation_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(db,
                           "SELECT 1 FROM main.sqlite_schema WHERE name = ?1 AND type IN "
                           "('table', 'view')",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

bool catalog_has_user_schemas(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(
            db, "SELECT 1 FROM _lg_schemas WHERE name NOT LIKE 'pg\\_temp\\_%' ESCAPE '\\' LIMIT 1",
            -1, &st, NULL) == SQLITE_OK)
        found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

int catalog_resolve_relation(sqlite3 *db, const char *relname, char *out, size_t cap)
{
    char names[16][CATALOG_PATH_NAME];
    int n = catalog_search_path(db, names, 16);
    for (int i = 0; i < n; i++) {
        char full[CATALOG_PATH_NAME * 2 + 2];
        int k;
        if (!strcmp(names[i], "public") || !strcmp(names[i], "information_schema"))
            k = snprintf(full, sizeof(full), "%s", relname);
        else
            k = snprintf(full, sizeof(full), "%s.%s", names[i], relname);
        if (k < 0 || (size_t)k >= sizeof(full))
            continue; /* longer than any name could be */
        if (relation_exists(db, full)) {
            snprintf(out, cap, "%s", full);
            return strcmp(full, relname) != 0;
        }
    }
    return 0;
}

void catalog_temp_schema(sqlite3 *db, bool must_exist, char *out, size_t cap)
{
    query_text(db,
               must_exist ? "SELECT name FROM _lg_schemas WHERE name = "
                            "current_setting('lg.temp_schema', true)"
                          : "SELECT current_setting('lg.temp_schema', true)",
               out, cap);
}

int catalog_resolve_temp(sqlite3 *db, const char *relname, char *out, size_t cap)
{
    char tmp[CATALOG_PATH_NAME], full[CATALOG_PATH_NAME * 2 + 2];
    catalog_temp_schema(db, true, tmp, sizeof(tmp));
    if (!tmp[0])
        return 0;
    int k = snprintf(full, sizeof(full), "%s.%s", tmp, relname);
    if (k < 0 || (size_t)k >= sizeof(full) || !relation_exists(db, full))
        return 0;
    snprintf(out, cap, "%s", full);
    return 1;
}

static void fn_current_schema(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    char names[1][CATALOG_PATH_NAME];
    if (catalog_search_path(sqlite3_context_db_handle(ctx), names, 1) == 1)
        sqlite3_result_text(ctx, names[0], -1, SQLITE_TRANSIENT);
}

static void fn_current_schemas(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char names[16][CATALOG_PATH_NAME];
    int n = catalog_search_path(sqlite3_context_db_handle(ctx), names, 16);
    sqlite3_str *s = sqlite3_str_new(NULL);
    sqlite3_str_appendall(s, sqlite3_value_int(argv[0]) ? "[\"pg_catalog\"" : "[");
    for (int i = 0; i < n; i++) {
        bool first = i == 0 && !sqlite3_value_int(argv[0]);
        sqlite3_str_appendf(s, "%s\"", first ? "" : ",");
        for (const char *p = names[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                sqlite3_str_appendchar(s, 1, '\\');
            sqlite3_str_appendchar(s, 1, *p);
        }
        sqlite3_str_appendchar(s, 1, '"');
    }
    sqlite3_str_appendchar(s, 1, ']');
    char *r = sqlite3_str_finish(s);
    if (!r) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, r, -1, sqlite3_free);
    sqlite3_result_subtype(ctx, 74); /* JSON: an array value */
}

int catalog__fn_path_register(sqlite3 *db)
{
    int f = SQLITE_UTF8;
    if (sqlite3_create_function(db, "current_schema", 0, f, NULL, fn_current_schema, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_create_function(db, "current_schemas", 1, f, NULL, fn_current_schemas, NULL,
                                NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
