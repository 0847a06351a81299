/* translate_emit_tabdef.h - a table's SQLite definition as editable items (columns and
 * named constraints), plus its indexes and triggers as SQL text; used by ALTER TABLE to
 * rebuild a table (translate_emit_alter.c). Worker thread only. */
#ifndef LG_TRANSLATE_EMIT_TABDEF_H
#define LG_TRANSLATE_EMIT_TABDEF_H
#include "translate_emit.h"
#include <sqlite3.h>
#include <stdbool.h>

typedef struct tabdef_item {
    char *text;               /* SQLite text of the item (owned) */
    char name[EMIT_NAME_MAX]; /* column name, or constraint name ("" when unnamed) */
    bool is_col;
    bool dropped;
    bool native_drop; /* in-place DROP COLUMN: kept until SQLite's own DROP COLUMN ran */
    char *copy;       /* columns: SQLite expression over the old table (owned); NULL = new column */
} tabdef_item_t;

typedef struct tabdef_extra {
    char name[EMIT_NAME_MAX];
    char *sql; /* CREATE INDEX / CREATE TRIGGER text (owned) */
    bool dropped;
} tabdef_extra_t;

#define TABDEF_MAX_EXTRAS 64

typedef struct tabdef {
    char name[EMIT_NAME_MAX]; /* as stored in sqlite_schema */
    int nitems, cap;
    tabdef_item_t *items;
    char *suffix; /* text after the closing parenthesis (" WITHOUT ROWID") */
    int nextras;
    tabdef_extra_t extras[TABDEF_MAX_EXTRAS];
} tabdef_t;

typedef enum {
    TABDEF_SET_TYPE, /* arg: SQLite column type */
    TABDEF_SET_NOTNULL,
    TABDEF_DROP_NOTNULL,
    TABDEF_SET_DEFAULT, /* arg: SQLite expression */
    TABDEF_DROP_DEFAULT,
} tabdef_col_op_t;

/* 0, LG_ENOTFOUND (no such table) or another negative code (unparseable definition). */
int tabdef_load(sqlite3 *db, const char *tbl, tabdef_t *td);
void tabdef_free(tabdef_t *td);
/* Index of the live column (col) or constraint (!col) named `name`, or -1. */
int tabdef_find(const tabdef_t *td, const char *name, bool col);
/* Appends an item (text copied); columns added this way have no copy expression. */
tabdef_item_t *tabdef_add(tabdef_t *td, const char *text, bool is_col, const char *name);
/* Appends the items of "item, item, ..." (constraints named by their CONSTRAINT word). */
void tabdef_add_list(tabdef_t *td, const char *list);
/* New text of a column item after op (malloc'd). */
char *tabdef_col_edit(const char *text, tabdef_col_op_t op, const char *arg);
/* CREATE INDEX text with the index renamed (malloc'd), NULL if not recognized. */
char *tabdef_index_rename(const char *sql, const char *newname);
/* Whether the SQL text uses `ident` as an identifier token (case-insensitive). */
bool tabdef_sql_mentions(const char *sql, const char *ident);
/* Whether a table constraint or CREATE INDEX text uses column `col` of its own table. */
bool tabdef_item_uses(const char *sql, const char *col);

#endif
