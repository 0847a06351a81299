/* catalog_fn_nsp.c - namespaces of user relations (any thread that owns the connection).
 *
 * Storage rule (docs/storage.md): relation x of schema s is stored under the SQLite name
 * "s.x"; a name without a dot is in public. User schemas are rows of _lg_schemas.
 *   lg_relnsp(name)   -> schema of a stored name ("public" when it has no dot)
 *   lg_relshort(name) -> the name inside its schema
 *   lg_nspoid(schema) -> pg_catalog 11, public 2200, information_schema 13000, other schemas
 *                        catalog__name_hash("namespace:" || schema) (stable, no probing)
 *   lg_nspname(oid)   -> schema name, NULL when unknown
 *   pg_table_is_visible(oid) -> whether the relation's schema is on the session's
 *                        search_path and its name is not hidden by an earlier schema's */
#include "catalog_int.h"
#include "catalog_meta.h"
#include "lg_err.h"
#include <stdio.h>
#include <string.h>

static int64_t nsp_oid(const char *s)
{
    if (!strcmp(s, "pg_catalog"))
        return CATALOG_NS_PG_CATALOG;
    if (!strcmp(s, "public"))
        return CATALOG_NS_PUBLIC;
    if (!strcmp(s, "information_schema"))
        return CATALOG_NS_INFORMATION_SCHEMA;
    char key[300];
    snprintf(key, sizeof(key), "namespace:%s", s);
    return catalog__name_hash(key);
}

int catalog__nsp_name(sqlite3 *db, int64_t oid, char *buf, size_t cap)
{
    static const char *const builtin[] = {"pg_catalog", "public", "information_schema"};
    for (size_t i = 0; i < 3; i++)
        if (nsp_oid(builtin[i]) == oid) {
            snprintf(buf, cap, "%s", builtin[i]);
            return 0;
        }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT name FROM main._lg_schemas", -1, &st, NULL) != SQLITE_OK)
        return LG_ENOTFOUND;
    int rc = LG_ENOTFOUND;
    while (rc != 0 && sqlite3_step(st) == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(st, 0);
        if (n && nsp_oid(n) == oid) {
            snprintf(buf, cap, "%s", n);
            rc = 0;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

static void fn_relnsp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s)
        return;
    const char *dot = strchr(s, '.');
    if (dot && dot != s)
        sqlite3_result_text(ctx, s, (int)(dot - s), SQLITE_TRANSIENT);
    else
        sqlite3_result_text(ctx, "public", -1, SQLITE_STATIC);
}

static void fn_relshort(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s)
        return;
    const char *dot = strchr(s, '.');
    sqlite3_result_text(ctx, dot && dot != s ? dot + 1 : s, -1, SQLITE_TRANSIENT);
}

static void fn_nspoid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (s)
        sqlite3_result_int64(ctx, nsp_oid(s));
}

static void fn_nspname(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    char name[256];
    if (catalog__nsp_name(sqlite3_context_db_handle(ctx), sqlite3_value_int64(argv[0]), name,
                          sizeof(name)) == 0)
        sqlite3_result_text(ctx, name, -1, SQLITE_TRANSIENT);
}

/* Whether schema is on the session's search_path (its temporary schema counts, first). */
static bool on_path(sqlite3 *db, const char *schema)
{
    char tmp[CATALOG_PATH_NAME];
    catalog_temp_schema(db, true, tmp, sizeof(tmp));
    if (tmp[0] && !strcmp(tmp, schema))
        return true;
    char names[16][CATALOG_PATH_NAME];
    int n = catalog_search_path(db, names, 16);
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], schema))
            return true;
    return false;
}

/* pg_table_is_visible: the relation's schema is on the search_path and no schema before it
 * there has a table or view of the same name (indexes and sequences: on the path). */
static void fn_table_is_visible(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *st;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_prepare_v2(db,
                           "SELECT relname, lg_nspname(relnamespace), relkind FROM pg_class "
                           "WHERE oid = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int64(st, 1, sqlite3_value_int64(argv[0]));
    int visible = -1; /* NULL for an unknown oid, as PostgreSQL */
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL) {
        char rel[CATALOG_PATH_NAME], nsp[CATALOG_PATH_NAME], first[CATALOG_PATH_NAME * 2 + 2];
        snprintf(rel, sizeof(rel), "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(nsp, sizeof(nsp), "%s", (const char *)sqlite3_column_text(st, 1));
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        visible = on_path(db, nsp);
        if (visible && kind && (kind[0] == 'r' || kind[0] == 'v')) {
            bool in_public = !strcmp(nsp, "public");
            first[0] = '\0';
            if (!catalog_resolve_temp(db, rel, first, sizeof(first)))
                catalog_resolve_relation(db, rel, first, sizeof(first));
            if (!first[0])
                snprintf(first, sizeof(first), "%s", rel);
            char mine[CATALOG_PATH_NAME * 2 + 2];
            snprintf(mine, sizeof(mine), in_public ? "%s%s" : "%s.%s", in_public ? "" : nsp, rel);
            visible = !strcmp(first, mine);
        }
    }
    sqlite3_finalize(st);
    if (visible >= 0)
        sqlite3_result_int(ctx, visible);
}

int catalog__fn_nsp_register(sqlite3 *db)
{
    static const struct {
        const char *name;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
        int det;
    } fns[] = {
        {"lg_relnsp", fn_relnsp, 1},
        {"lg_relshort", fn_relshort, 1},
        {"lg_nspoid", fn_nspoid, 1},
        {"lg_nspname", fn_nspname, 0},
        {"pg_table_is_visible", fn_table_is_visible, 0},
    };
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        int flags = SQLITE_UTF8 | SQLITE_INNOCUOUS | (fns[i].det ? SQLITE_DETERMINISTIC : 0);
        if (sqlite3_create_function(db, fns[i].name, 1, flags, NULL, fns[i].fn, NULL, NULL) !=
            SQLITE_OK)
            return LG_EINVAL;
    }
    return 0;
}
