/* catalog_meta.c - look-ups in litegres's metadata tables (_lg_columns, _lg_constraints);
 * see catalog_meta.h and docs/storage.md for the format. Worker thread: each call uses the
 * caller's connection and prepares its statement on the spot (callers are translations,
 * which are cached, and error paths). */
#include "catalog_meta.h"
#include "lg_err.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void copy_text(char *dst, size_t cap, const unsigned char *s)
{
    snprintf(dst, cap, "%s", s ? (const char *)s : "");
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
    if (!db)
        return LG_ENOTFOUND;
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return LG_ENOTFOUND; /* most likely: the metadata table does not exist yet */
    }
    return 0;
}

static void row_to_coltype(sqlite3_stmt *st, int first, catalog_coltype_t *out)
{
    out->typoid = (uint32_t)sqlite3_column_int64(st, first);
    out->typmod = sqlite3_column_int(st, first + 1);
    out->attnum = sqlite3_column_int(st, first + 2);
    copy_text(out->pgtype, sizeof(out->pgtype), sqlite3_column_text(st, first + 3));
}

int catalog_column_type(sqlite3 *db, const char *tbl, const char *col, catalog_coltype_t *out)
{
    sqlite3_stmt *st;
    int rc = prepare(db,
                     "SELECT typoid, typmod, attnum, pgtype FROM _lg_columns "
                     "WHERE tbl = ?1 COLLATE NOCASE AND col = ?2 COLLATE NOCASE",
                     &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    rc = LG_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        row_to_coltype(st, 0, out);
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int catalog_column_name(sqlite3 *db, const char *tbl, const char *col, char *out, size_t cap)
{
    sqlite3_stmt *st;
    int rc = prepare(db,
                     "SELECT col FROM _lg_columns WHERE tbl = ?1 COLLATE NOCASE AND "
                     "col = ?2 COLLATE NOCASE ORDER BY col = ?2 DESC LIMIT 1",
                     &st);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    rc = LG_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

static int table_columns_plain(sqlite3 *db, const char *tbl, catalog_column_cb cb, void *ctx)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT name, \"notnull\", pk FROM pragma_table_info(?1)", -1, &st,
                           NULL) != SQLITE_OK)
        return LG_EIO;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        catalog_coltype_t t = {.typoid = 0, .typmod = -1, .attnum = n + 1, .pgtype = ""};
        cb(ctx, (const char *)sqlite3_column_text(st, 0), &t, sqlite3_column_int(st, 1),
           sqlite3_column_int(st, 2));
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

int catalog_table_columns(sqlite3 *db, const char *tbl, catalog_column_cb cb, void *ctx)
{
    if (!db)
        return LG_ENOTFOUND;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT p.name, p.\"notnull\", p.pk, m.typoid, m.typmod, p.cid + 1, "
                           "m.pgtype FROM pragma_table_info(?1) p LEFT JOIN _lg_columns m "
                           "ON m.tbl = ?1 COLLATE NOCASE AND m.col = p.name COLLATE NOCASE "
                           "ORDER BY p.cid",
                           -1, &st, NULL) != SQLITE_OK)
        return table_columns_plain(db, tbl, cb, ctx);
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        catalog_coltype_t t;
        row_to_coltype(st, 3, &t);
        if (sqlite3_column_type(st, 3) == SQLITE_NULL)
            t.typmod = -1;
        cb(ctx, (const char *)sqlite3_column_text(st, 0), &t, sqlite3_column_int(st, 1),
           sqlite3_column_int(st, 2));
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

int catalog_constraint_columns(sqlite3 *db, const char *tbl, const char *name, char *cols,
                               size_t cap)
{
    sqlite3_stmt *st;
    int rc = prepare(db,
                     "SELECT cols FROM _lg_constraints WHERE name = ?2 COLLATE NOCASE "
                     "AND (?1 IS NULL OR tbl = ?1 COLLATE NOCASE)",
                     &st);
    if (rc)
        return rc;
    if (tbl)
        sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    rc = LG_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        copy_text(cols, cap, sqlite3_column_text(st, 0));
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int catalog_constraint_name(sqlite3 *db, const char *tbl, char kind, const char *cols, char *name,
                            size_t cap)
{
    sqlite3_stmt *st;
    int rc = prepare(db,
                     "SELECT name FROM _lg_constraints WHERE tbl = ?1 COLLATE NOCASE "
                     "AND kind = ?2 AND cols = ?3 COLLATE NOCASE",
                     &st);
    if (rc)
        return rc;
    char k[2] = {kind, 0};
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, k, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, cols, -1, SQLITE_STATIC);
    rc = LG_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        copy_text(name, cap, sqlite3_column_text(st, 0));
        rc = 0;
    }
    sqlite3_finalize(st);
    return rc;
}

int catalog_relname_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st;
    if (!db)
        return 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT 1 FROM sqlite_schema WHERE type IN ('table', 'view', 'index') "
                           "AND name = ?1 COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return LG_EIO;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

int catalog_relation_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st;
    if (!db)
        return 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') "
                           "AND name = ?1 COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return LG_EIO;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

char catalog_column_identity(sqlite3 *db, const char *tbl, const char *col)
{
    sqlite3_stmt *st;
    if (prepare(db,
                "SELECT is_identity FROM _lg_columns WHERE tbl = ?1 COLLATE NOCASE "
                "AND col = ?2 COLLATE NOCASE",
                &st) != 0)
        return 0;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    char kind = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *s = sqlite3_column_text(st, 0);
        kind = s && (s[0] == 'a' || s[0] == 'd') ? (char)s[0] : 0;
    }
    sqlite3_finalize(st);
    return kind;
}

int catalog_table_referenced(sqlite3 *db, const char *tbl)
{
    return catalog_table_referenced_except(db, tbl, NULL, 0);
}

int catalog_table_references(sqlite3 *db, const char *child, const char *parent)
{
    sqlite3_stmt *st;
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT 1 FROM pragma_foreign_key_list(?1) f "
                                  "WHERE f.\"table\" = ?2 COLLATE NOCASE LIMIT 1",
                                  -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, child, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, parent, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

int catalog_table_referenced_except(sqlite3 *db, const char *tbl, const char *const *skip,
                                    int nskip)
{
    sqlite3_stmt *st;
    if (!db)
        return 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT DISTINCT s.name FROM sqlite_schema s, "
                           "pragma_foreign_key_list(s.name) f WHERE s.type = 'table' AND "
                           "s.name <> ?1 COLLATE NOCASE AND f.\"table\" = ?1 COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return LG_EIO;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    int found = 0;
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        const char *child = (const char *)sqlite3_column_text(st, 0);
        found = 1;
        for (int i = 0; i < nskip && found; i++)
            if (child && strcasecmp(child, skip[i]) == 0)
                found = 0;
    }
    sqlite3_finalize(st);
    return found;
}

/* Runs a one-row probe with one text parameter: 1 if it yields a row, 0 if not (or the
 * metadata tables do not exist yet), negative on error. */
static int probe_exists(sqlite3 *db, const char *sql, const char *arg)
{
    sqlite3_stmt *st;
    if (!db)
        return 0;
    int rc = prepare(db, sql, &st);
    if (rc != 0)
        return rc == LG_ENOTFOUND ? 0 : rc;
    sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
    int found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

int catalog_sequence_exists(sqlite3 *db, const char *name)
{
    return probe_exists(db, "SELECT 1 FROM _lg_sequences WHERE name = ?1 COLLATE NOCASE", name);
}

int catalog_sequence_used(sqlite3 *db, const char *name)
{
    /* a DEFAULT (nextval('<name>')) of some table: a serial column's own sequence too (it
     * goes with its table, but not from under the column's default) */
    return probe_exists(db,
                        "SELECT 1 FROM sqlite_schema s WHERE s.type = 'table' "
                        "AND instr(lower(s.sql), 'nextval(''' || lower(?1) || ''')') > 0",
                        name);
}
