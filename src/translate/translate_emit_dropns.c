/* translate_emit_dropns.c - what DROP SCHEMA ... CASCADE drops: the schema's views, then its
 * tables children-first (a table another remaining table references by FOREIGN KEY waits,
 * so that SQLite's implicit DELETE of a dropped parent finds no child rows), then its free
 * sequences. For public (whose relations have no "schema." prefix) also its enum and domain
 * types and its functions; public itself stays (litegres always has it). Worker thread. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "translate_emit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ns_rel {
    char *name;
    bool view, done;
} ns_rel_t;

typedef struct ns_fk {
    char *tbl, *reftbl;
} ns_fk_t;

/* SQL condition: `col` names a relation of schema ?1 (public: no "x." prefix). */
#define IN_SCHEMA(col)                                                                             \
    "(CASE WHEN ?1 = 'public' THEN instr(" col ", '.') = 0 AND " col " NOT LIKE 'sqlite\\_%' "     \
    "ESCAPE '\\' AND " col " NOT LIKE '\\_lg\\_%' ESCAPE '\\' ELSE substr(" col                    \
    ", 1, length(?1) + 1) = ?1 || '.' END)"

static int load_rels(sqlite3 *db, const char *schema, ns_rel_t **out)
{
    sqlite3_stmt *st = NULL;
    int n = 0, cap = 0;
    *out = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, type = 'view' FROM sqlite_schema WHERE type IN "
                           "('table', 'view') AND " IN_SCHEMA("name") " ORDER BY name",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, schema, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                *out = lg_xrealloc(*out, sizeof(**out) * (size_t)cap);
            }
            (*out)[n].name = lg_xstrdup((const char *)sqlite3_column_text(st, 0));
            (*out)[n].view = sqlite3_column_int(st, 1) != 0;
            (*out)[n++].done = false;
        }
    }
    sqlite3_finalize(st);
    return n;
}

static int load_fks(sqlite3 *db, ns_fk_t **out)
{
    sqlite3_stmt *st = NULL;
    int n = 0, cap = 0;
    *out = NULL;
    if (sqlite3_prepare_v2(db, "SELECT tbl, reftbl FROM _lg_constraints WHERE kind = 'f'", -1, &st,
                           NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                *out = lg_xrealloc(*out, sizeof(**out) * (size_t)cap);
            }
            (*out)[n].tbl = lg_xstrdup((const char *)sqlite3_column_text(st, 0));
            const char *r = (const char *)sqlite3_column_text(st, 1);
            (*out)[n++].reftbl = lg_xstrdup(r ? r : "");
        }
    sqlite3_finalize(st);
    return n;
}

/* Whether a not yet dropped table other than t references t. */
static bool still_referenced(const ns_rel_t *rels, int n, const ns_fk_t *fks, int nfk,
                             const char *t)
{
    for (int k = 0; k < nfk; k++) {
        if (strcmp(fks[k].reftbl, t) != 0 || strcmp(fks[k].tbl, t) == 0)
            continue;
        for (int i = 0; i < n; i++)
            if (!rels[i].done && !rels[i].view && strcmp(rels[i].name, fks[k].tbl) == 0)
                return true;
    }
    return false;
}

static void drop_tables_in_order(emit_ctx_t *c, sqlite3 *db, ns_rel_t *rels, int n,
                                 catalog_rel_cb drop)
{
    ns_fk_t *fks;
    int nfk = load_fks(db, &fks);
    for (bool progress = true; progress;) {
        progress = false;
        for (int i = 0; i < n; i++)
            if (!rels[i].done && !still_referenced(rels, n, fks, nfk, rels[i].name)) {
                drop(c, rels[i].name, 'r');
                rels[i].done = progress = true;
            }
    }
    for (int i = 0; i < n; i++) /* a cycle of foreign keys: the rest as they come */
        if (!rels[i].done)
            drop(c, rels[i].name, 'r');
    for (int k = 0; k < nfk; k++) {
        free(fks[k].tbl);
        free(fks[k].reftbl);
    }
    free(fks);
}

static void drop_public_objects(emit_ctx_t *c)
{
    static const char *const k_sql[] = {
        "DELETE FROM _lg_enum WHERE typname IN (SELECT name FROM _lg_types "
        "WHERE instr(name, '.') = 0);",
        "DELETE FROM _lg_domain_checks WHERE instr(typname, '.') = 0;",
        "DELETE FROM _lg_types WHERE instr(name, '.') = 0;",
        "DELETE FROM _lg_sequences WHERE instr(name, '.') = 0 AND owner_tbl IS NULL;"};
    for (size_t i = 0; i < sizeof(k_sql) / sizeof(k_sql[0]); i++)
        emit_str(c, k_sql[i]);
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    if (db &&
        sqlite3_prepare_v2(db, "SELECT 1 FROM _lg_functions LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        emit_str(c, "DELETE FROM _lg_functions WHERE instr(name, '.') = 0;");
    sqlite3_finalize(st);
}

int emit_drop_schema_contents(emit_ctx_t *c, void *catalog_db, const char *schema,
                              void (*drop)(void *ctx, const char *name, char kind))
{
    sqlite3 *db = catalog_db;
    ns_rel_t *rels;
    int n = load_rels(db, schema, &rels);
    for (int i = 0; i < n; i++)
        if (rels[i].view) {
            drop(c, rels[i].name, 'v');
            rels[i].done = true;
        }
    drop_tables_in_order(c, db, rels, n, drop);
    for (int i = 0; i < n; i++)
        free(rels[i].name);
    free(rels);
    if (strcmp(schema, "public") == 0)
        drop_public_objects(c);
    return n;
}
