/* translate_emit_viewdep.c - views depending on a table or view that DROP removes, as
 * PostgreSQL's dependency rules treat them: DROP without CASCADE fails with 2BP01 while a
 * view not dropped by the same statement is defined on it; DROP ... CASCADE drops such
 * views first (and the views on those). A view depends on a relation when its stored
 * SQLite query names it as an identifier (translate_emit_tabdef.c tabdef_sql_mentions),
 * which may also count a column or alias of the same name. Worker thread only. */
#include "translate_emit.h"
#include "translate_emit_tabdef.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DROP_DEP_MAX 32

/* Views whose definition names `name` (SQLite names; at most max). */
static int dependent_views(sqlite3 *db, const char *name, char out[][EMIT_NAME_MAX], int max)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT name, sql FROM sqlite_schema WHERE type = 'view' "
                                  "AND name <> ?1 COLLATE NOCASE AND sql IS NOT NULL",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        const char *as = sql ? strstr(sql, " AS ") : NULL; /* the query after the name */
        if (as && tabdef_sql_mentions(as, name))
            snprintf(out[n++], EMIT_NAME_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return n;
}

static bool drop_listed(const PgQuery__DropStmt *s, emit_ctx_t *c, const char *name)
{
    for (size_t i = 0; i < s->n_objects; i++) {
        const PgQuery__Node *o = s->objects[i];
        const char *n = o->node_case == PG_QUERY__NODE__NODE_LIST
                            ? emit_object_name(c, o->list->items, o->list->n_items)
                            : emit_strval(o);
        if (strcasecmp(n, name) == 0)
            return true;
    }
    return false;
}

/* The views a DROP ... CASCADE takes with it: how many, and the first one's name. */
typedef struct cascade {
    int n;
    char first[EMIT_NAME_MAX];
} cascade_t;

static void drop_view(emit_ctx_t *c, const char *view, cascade_t *cs)
{
    emit_str(c, "DROP VIEW IF EXISTS ");
    emit_ident(c, view);
    emit_str(c, ";DELETE FROM _lg_columns WHERE tbl = ");
    emit_literal(c, view);
    emit_str(c, ";");
    emit_view_forget(c, view);
    if (!cs->n++)
        snprintf(cs->first, sizeof(cs->first), "%s", view);
}

/* DROP CASCADE: the views built on `name` go first (theirs before them). */
static void drop_dependents(emit_ctx_t *c, sqlite3 *db, const char *name, int depth, cascade_t *cs)
{
    char deps[DROP_DEP_MAX][EMIT_NAME_MAX];
    int n = depth < 8 ? dependent_views(db, name, deps, DROP_DEP_MAX) : 0;
    for (int i = 0; i < n; i++) {
        drop_dependents(c, db, deps[i], depth + 1, cs);
        drop_view(c, deps[i], cs);
    }
}

/* PostgreSQL's NOTICE of a DROP ... CASCADE that dropped other objects. */
static void cascade_notice(emit_ctx_t *c, const cascade_t *cs)
{
    if (cs->n == 1)
        emit_notice(c, NULL, "drop cascades to view %s", cs->first);
    else if (cs->n > 1)
        emit_notice(c, NULL, "drop cascades to %d other objects", cs->n);
}

/* PostgreSQL's dependency rule for views on a table or view being dropped: 2BP01 without
 * CASCADE (unless the view is dropped by the same statement), dropped first with it. */
bool emit_drop_views_on(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                        const char *what)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
        cascade_t cs = {0};
        drop_dependents(c, db, name, 0, &cs);
        cascade_notice(c, &cs);
        return true;
    }
    char deps[DROP_DEP_MAX][EMIT_NAME_MAX];
    int n = dependent_views(db, name, deps, DROP_DEP_MAX);
    for (int i = 0; i < n; i++) {
        if (drop_listed(s, c, deps[i]))
            continue;
        emit_error(c, "2BP01", -1, "cannot drop %s %s because other objects depend on it", what,
                   name);
        return false;
    }
    return true;
}

void emit_drop_views_of_column(emit_ctx_t *c, const char *tbl, const char *col)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    char deps[DROP_DEP_MAX][EMIT_NAME_MAX];
    int n = dependent_views(db, tbl, deps, DROP_DEP_MAX);
    cascade_t cs = {0};
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *st = NULL;
        bool uses = false;
        if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = ?1", -1, &st,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, deps[i], -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW) {
                const char *sql = (const char *)sqlite3_column_text(st, 0);
                const char *as = sql ? strstr(sql, " AS ") : NULL;
                uses = as && tabdef_sql_mentions(as, col);
            }
        }
        sqlite3_finalize(st);
        if (!uses)
            continue;
        drop_dependents(c, db, deps[i], 1, &cs);
        drop_view(c, deps[i], &cs);
    }
    cascade_notice(c, &cs);
}
