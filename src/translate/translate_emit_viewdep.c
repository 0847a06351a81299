/* translate_emit_viewdep.c - views depending on a table or view that DROP removes, as
 * PostgreSQL's dependency rules treat them: DROP without CASCADE fails with 2BP01 while a
 * view not dropped by the same statement is defined on it; DROP ... CASCADE drops such
 * views first (and the views on those). A view depends on a relation when its stored
 * SQLite query names it as an identifier (translate_emit_tabdef.c tabdef_sql_mentions),
 * which may also count a column or alias of the same name. Worker thread only. */
#include "translate_emit.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit_tabdef.h"
#include <stdlib.h>
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

#define CASCADE_MAX 32 /* objects a NOTICE lists; more are counted */
#define CASCADE_DESC_MAX (EMIT_NAME_MAX * 3)

/* The NOTICE travels in translate_stmt_t.notice, so its DETAIL stops short of that. */
#define CASCADE_DETAIL_MAX 400

struct emit_cascade {
    int depth; /* nested begin / end pairs */
    int n;     /* objects noted */
    int rank[CASCADE_MAX];
    char desc[CASCADE_MAX][CASCADE_DESC_MAX];
};

void emit_object_desc(char *out, size_t cap, const char *kind, const char *name, const char *on)
{
    char q[2][EMIT_NAME_MAX * 2 + 3];
    const char *names[2] = {name, on};
    for (int k = 0; k < 2 && names[k]; k++) {
        const char *v = names[k];
        if (pgtype_ident_is_bare(v, strlen(v))) {
            snprintf(q[k], sizeof(q[k]), "%s", v);
            continue;
        }
        size_t j = 0;
        q[k][j++] = '"';
        for (; *v && j + 3 < sizeof(q[k]); v++) {
            if (*v == '"')
                q[k][j++] = '"';
            q[k][j++] = *v;
        }
        q[k][j++] = '"';
        q[k][j] = '\0';
    }
    if (on)
        snprintf(out, cap, "%s %s on table %s", kind, name, q[1]); /* a constraint's own name */
    else
        snprintf(out, cap, "%s %s", kind, q[0]);
}

void emit_cascade_begin(emit_ctx_t *c)
{
    if (!c->cascade)
        c->cascade = lg_xcalloc(1, sizeof(*c->cascade));
    c->cascade->depth++;
}

void emit_cascade_note(emit_ctx_t *c, int rank, const char *desc)
{
    emit_cascade_t *cs = c->cascade;
    if (!cs)
        return;
    if (cs->n < CASCADE_MAX) {
        cs->rank[cs->n] = rank;
        snprintf(cs->desc[cs->n], CASCADE_DESC_MAX, "%s", desc);
    }
    cs->n++;
}

/* The noted objects in PostgreSQL's order (by rank, then as noted), "drop cascades to" each,
 * lines separated by \x1e. */
static void cascade_detail(const emit_cascade_t *cs, char *out, size_t cap)
{
    size_t len = 0;
    int shown = 0, listed = cs->n < CASCADE_MAX ? cs->n : CASCADE_MAX;
    out[0] = '\0';
    for (int r = 0; r <= EMIT_CASCADE_RANKS; r++)
        for (int i = 0; i < listed; i++) {
            if (cs->rank[i] != r)
                continue;
            int w = snprintf(out + len, cap - len, "%sdrop cascades to %s", len ? "\x1e" : "",
                             cs->desc[i]);
            if (w < 0 || (size_t)w + 64 >= cap - len) {
                out[len] = '\0';
                continue;
            }
            len += (size_t)w;
            shown++;
        }
    if (shown < cs->n)
        snprintf(out + len, cap - len,
                 "\x1e"
                 "and %d other objects (see server log for list)",
                 cs->n - shown);
}

void emit_cascade_end(emit_ctx_t *c)
{
    emit_cascade_t *cs = c->cascade;
    if (!cs || --cs->depth > 0)
        return;
    if (cs->n == 1) {
        emit_notice(c, NULL, "drop cascades to %s", cs->desc[0]);
    } else if (cs->n > 1) {
        char detail[CASCADE_DETAIL_MAX];
        cascade_detail(cs, detail, sizeof(detail));
        emit_notice(c, NULL,
                    "drop cascades to %d other objects\x1f"
                    "DETAIL:%s",
                    cs->n, detail);
    }
    free(cs);
    c->cascade = NULL;
}

void emit_drop_dependents_error(emit_ctx_t *c, const char *what, const char *const *lines, int n,
                                bool several)
{
    if (several)
        emit_error(c, "2BP01", -1,
                   "cannot drop desired object(s) because other objects depend on them");
    else
        emit_error(c, "2BP01", -1, "cannot drop %s because other objects depend on it", what);
    if (!c->err)
        return;
    char detail[LG_PGERR_MSG_MAX];
    size_t len = 0;
    detail[0] = '\0';
    for (int i = 0; i < n; i++) {
        int w = snprintf(detail + len, sizeof(detail) - len, "%s%s", i ? "\n" : "", lines[i]);
        if (w < 0 || (size_t)w >= sizeof(detail) - len) {
            detail[len] = '\0';
            break;
        }
        len += (size_t)w;
    }
    lg_pgerr_detail(c->err, "%s", detail);
    lg_pgerr_hint(c->err, "Use DROP ... CASCADE to drop the dependent objects too.");
}

/* DETAIL lines "view v depends on <on>" for the views on `name` that s keeps, and theirs
 * (depth first); appended to lines[] from *n. */
void emit_views_depending(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                          const char *on, char (*lines)[EMIT_DEP_LINE_MAX], int *n, int max,
                          int depth)
{
    char views[DROP_DEP_MAX][EMIT_NAME_MAX];
    int k = depth < 8 ? emit_views_on(c, s, name, views, DROP_DEP_MAX) : 0;
    for (int i = 0; i < k && *n < max; i++) {
        char self[EMIT_NAME_MAX * 2 + 16];
        emit_object_desc(self, sizeof(self), "view", views[i], NULL);
        snprintf(lines[(*n)++], EMIT_DEP_LINE_MAX, "%s depends on %s", self, on);
        emit_views_depending(c, s, views[i], self, lines, n, max, depth + 1);
    }
}

static void drop_view(emit_ctx_t *c, const char *view)
{
    emit_str(c, "DROP VIEW IF EXISTS ");
    emit_ident(c, view);
    emit_str(c, ";DELETE FROM _lg_columns WHERE tbl = ");
    emit_literal(c, view);
    emit_str(c, ";");
    emit_view_forget(c, view);
}

/* DROP CASCADE: the views built on `name` go first (theirs before them). */
static void drop_dependents(emit_ctx_t *c, sqlite3 *db, const char *name, int depth)
{
    char deps[DROP_DEP_MAX][EMIT_NAME_MAX];
    int n = depth < 8 ? dependent_views(db, name, deps, DROP_DEP_MAX) : 0;
    for (int i = 0; i < n; i++) {
        char desc[EMIT_NAME_MAX * 2 + 16]; /* told before the views on it, as PostgreSQL */
        emit_object_desc(desc, sizeof(desc), "view", deps[i], NULL);
        emit_cascade_note(c, EMIT_CASCADE_VIEW, desc);
        drop_dependents(c, db, deps[i], depth + 1);
        drop_view(c, deps[i]);
    }
}

int emit_views_on(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                  char (*out)[EMIT_NAME_MAX], int max)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    char deps[DROP_DEP_MAX][EMIT_NAME_MAX];
    int n = dependent_views(db, name, deps, DROP_DEP_MAX), k = 0;
    for (int i = 0; i < n && k < max; i++)
        if (!drop_listed(s, c, deps[i]))
            snprintf(out[k++], EMIT_NAME_MAX, "%s", deps[i]);
    return k;
}

/* PostgreSQL's dependency rule for views on a table or view being dropped: 2BP01 without
 * CASCADE (unless the view is dropped by the same statement), dropped first with it. */
bool emit_drop_views_on(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                        const char *what)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
        drop_dependents(c, db, name, 0);
        return true;
    }
    char self[EMIT_NAME_MAX * 2 + 16];
    emit_object_desc(self, sizeof(self), what, name, NULL);
    char(*lines)[EMIT_DEP_LINE_MAX] = lg_xcalloc(DROP_DEP_MAX, EMIT_DEP_LINE_MAX);
    int n = 0;
    emit_views_depending(c, s, name, self, lines, &n, DROP_DEP_MAX, 0);
    const char *list[DROP_DEP_MAX];
    for (int i = 0; i < n; i++)
        list[i] = lines[i];
    if (n)
        emit_drop_dependents_error(c, self, list, n, s->n_objects > 1);
    free(lines);
    return n == 0;
}

void emit_drop_views_of_column(emit_ctx_t *c, const char *tbl, const char *col)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    char deps[DROP_DEP_MAX][EMIT_NAME_MAX];
    int n = dependent_views(db, tbl, deps, DROP_DEP_MAX);
    emit_cascade_begin(c);
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
        char desc[EMIT_NAME_MAX * 2 + 16];
        emit_object_desc(desc, sizeof(desc), "view", deps[i], NULL);
        emit_cascade_note(c, EMIT_CASCADE_VIEW, desc);
        drop_dependents(c, db, deps[i], 1);
        drop_view(c, deps[i]);
    }
    emit_cascade_end(c);
}
