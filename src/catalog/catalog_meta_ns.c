/* catalog_meta_ns.c - look-ups of schemas (_lg_schemas) for the translator: whether a
 * schema exists and which relations it holds. Storage rule (docs/storage.md): a relation
 * x of schema s is the SQLite table / view / sequence named "s.x"; unqualified relations
 * belong to public. Worker thread: each call uses the caller's connection. */
#include "catalog_meta.h"
#include "lg_err.h"
#include <stdio.h>
#include <string.h>

int catalog_schema_exists(sqlite3 *db, const char *name)
{
    if (!strcmp(name, "public") || !strcmp(name, "pg_catalog") ||
        !strcmp(name, "information_schema"))
        return 1;
    if (!db)
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM _lg_schemas WHERE name = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return 0; /* no metadata table yet: no user schema */
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

static int list_rels(sqlite3 *db, const char *sql, const char *prefix, catalog_rel_cb cb, void *ctx)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0; /* metadata table missing: nothing listed */
    sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        if (cb && name && kind)
            cb(ctx, name, kind[0]);
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

int catalog_schema_relations(sqlite3 *db, const char *schema, catalog_rel_cb cb, void *ctx)
{
    if (!db)
        return 0;
    char prefix[256];
    snprintf(prefix, sizeof(prefix), "%s.", schema);
    /* views first: dropping them before their tables keeps SQLite quiet */
    int n = list_rels(db,
                      "SELECT name, CASE type WHEN 'view' THEN 'v' ELSE 'r' END FROM "
                      "sqlite_schema WHERE type IN ('table','view') AND "
                      "substr(name, 1, length(?1)) = ?1 ORDER BY type = 'table', name",
                      prefix, cb, ctx);
    n += list_rels(db,
                   "SELECT name, 'S' FROM _lg_sequences WHERE substr(name, 1, length(?1)) = ?1 "
                   "AND owner_tbl IS NULL ORDER BY name",
                   prefix, cb, ctx);
    return n;
}

int catalog_public_is_empty(sqlite3 *db)
{
    if (!db)
        return LG_EINVAL;
    static const char *const k_q[] = {
        "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view') AND instr(name, '.') = 0 "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_lg\\_%' ESCAPE '\\'",
        "SELECT 1 FROM _lg_sequences WHERE instr(name, '.') = 0",
        "SELECT 1 FROM _lg_types WHERE instr(name, '.') = 0"};
    for (size_t i = 0; i < sizeof(k_q) / sizeof(k_q[0]); i++) {
        sqlite3_stmt *st = NULL;
        bool found = sqlite3_prepare_v2(db, k_q[i], -1, &st, NULL) == SQLITE_OK &&
                     sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        if (found)
            return 0;
    }
    return 1;
}
