/* translate_emit_rowidkey.c - the NOT NULL of a rowid key. A one-column PRIMARY KEY
 * declared INTEGER in SQLite is the table's rowid, and SQLite fills a NULL stored there
 * with a new rowid instead of failing its NOT NULL; PostgreSQL answers 23502. So an
 * INSERT that gives such a key NULL has the value checked by the translator:
 *   VALUES (coalesce(<value>, lg_raise('23502', 'null value in column ...')), ...)
 * and an INSERT ... VALUES that does not give the key at all (left out of the column
 * list, DEFAULT in every row) or DEFAULT VALUES fails before it runs. INSERT ... SELECT
 * is not checked (an empty SELECT must still insert nothing without an error). Worker
 * thread only. */
#include "lg_err.h"
#include "translate_emit.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

bool emit_rowid_key(emit_ctx_t *c, const char *table, char *name, size_t cap)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    int n = 0;
    bool integer = false;
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT name, upper(type) = 'INTEGER' FROM "
                                  "pragma_table_info(?1) WHERE pk > 0",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return false;
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW && n < 2) {
        if (n++ == 0) {
            snprintf(name, cap, "%s", (const char *)sqlite3_column_text(st, 0));
            integer = sqlite3_column_int(st, 1) != 0;
        }
    }
    sqlite3_finalize(st);
    return n == 1 && integer;
}

static void notnull_message(char *msg, size_t cap, const char *col, const char *rel)
{
    snprintf(msg, cap,
             "null value in column \"%s\" of relation \"%s\" violates not-null constraint", col,
             rel);
}

void emit_rowid_key_missing(emit_ctx_t *c, const char *col, const char *rel)
{
    char msg[512];
    notnull_message(msg, sizeof(msg), col, rel);
    emit_error(c, LG_SQLSTATE_NOT_NULL_VIOLATION, -1, "%s", msg);
}

void emit_rowid_key_open(emit_ctx_t *c)
{
    emit_str(c, "coalesce(");
}

void emit_rowid_key_close(emit_ctx_t *c, const char *col, const char *rel)
{
    char msg[512];
    notnull_message(msg, sizeof(msg), col, rel);
    emit_str(c, ", lg_raise('23502', ");
    emit_literal(c, msg);
    emit_str(c, "))");
}
