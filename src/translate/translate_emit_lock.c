/* translate_emit_lock.c - LOCK TABLE and TRUNCATE, the two statements whose meaning is about
 * whole tables rather than rows. Worker thread (the translator's).
 *
 * LOCK TABLE name [, ...] [IN mode MODE] [NOWAIT] becomes a probe that reads nothing from
 * every named table (so an unknown table fails with 42P01); it is marked needs_block (the
 * session refuses it outside a transaction block, 25P01). Modes from SHARE up conflict
 * with writers in PostgreSQL: those are classed WRITE, so the block takes the single
 * writer lease and other writers wait until it ends (with NOWAIT, exec fails the statement
 * with 55P03 when the writer is taken). Weaker modes are classed READ.
 *
 * TRUNCATE t [, ...] [RESTART IDENTITY] [CASCADE] deletes every row of the tables. Without
 * CASCADE, a table referenced by a foreign key of a table not being truncated is 0A000 (as
 * in PostgreSQL); with CASCADE the referencing tables are truncated too, transitively.
 * Tables are emptied children first so that foreign keys hold after every DELETE. RESTART
 * IDENTITY resets the sequences the tables own. References come from SQLite's
 * pragma_foreign_key_list on the translator's catalog connection. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "translate_emit.h"
#include "translate_emit_fn.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOCK_MODE_SHARE 5 /* libpg_query: AccessShare 1 .. AccessExclusive 8 */
#define TRUNC_MAX 64

void emit_lock(emit_ctx_t *c, const PgQuery__LockStmt *s, translate_stmt_t *out)
{
    out->needs_block = true;
    out->lock_nowait = s->nowait;
    out->cls = s->mode >= LOCK_MODE_SHARE || s->mode == 0 ? TR_CLASS_WRITE : TR_CLASS_READ;
    if (s->n_relations > 0) {
        free(out->name);
        out->name = lg_xstrdup(s->relations[0]->range_var->relname);
    }
    emit_str(c, "SELECT 1 FROM ");
    for (size_t i = 0; i < s->n_relations; i++) {
        if (i)
            emit_str(c, ", ");
        emit_rangevar(c, s->relations[i]->range_var, false);
        emit_fmt(c, " AS lg_lock%zu", i);
    }
    emit_str(c, " WHERE 0");
    out->nrelrefs = 0; /* PostgreSQL gives an unknown table of LOCK no position */
}

/* ---- TRUNCATE ---- */

typedef struct trunc_set {
    char *names[TRUNC_MAX];
    int n;
} trunc_set_t;

static int set_find(const trunc_set_t *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcasecmp(t->names[i], name) == 0)
            return i;
    return -1;
}

static void set_add(trunc_set_t *t, const char *name)
{
    if (t->n < TRUNC_MAX && set_find(t, name) < 0)
        t->names[t->n++] = lg_xstrdup(name);
}

static void set_free(trunc_set_t *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->names[i]);
    t->n = 0;
}

/* Tables (other than tbl itself) with a foreign key to tbl. */
static void referencing(sqlite3 *db, const char *tbl, trunc_set_t *out)
{
    sqlite3_stmt *st;
    out->n = 0;
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT DISTINCT s.name FROM sqlite_schema s, "
                                  "pragma_foreign_key_list(s.name) f WHERE s.type = 'table' "
                                  "AND s.name <> ?1 COLLATE NOCASE "
                                  "AND f.\"table\" = ?1 COLLATE NOCASE ORDER BY s.rowid",
                                  -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW)
        set_add(out, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* Adds referencing tables (CASCADE) or fails when one is outside the set. */
static bool close_over_refs(emit_ctx_t *c, sqlite3 *db, trunc_set_t *set, bool cascade)
{
    for (int i = 0; i < set->n; i++) {
        trunc_set_t refs;
        referencing(db, set->names[i], &refs);
        for (int k = 0; k < refs.n; k++) {
            if (set_find(set, refs.names[k]) >= 0)
                continue;
            if (cascade) {
                set_add(set, refs.names[k]);
                emit_notice(c, NULL, "truncate cascades to table \"%s\"", refs.names[k]);
                continue;
            }
            if (!c->failed) {
                emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                           "cannot truncate a table referenced in a foreign key constraint");
                lg_pgerr_detail(c->err, "Table \"%s\" references \"%s\".", refs.names[k],
                                set->names[i]);
                lg_pgerr_hint(c->err,
                              "Truncate table \"%s\" at the same time, or use "
                              "TRUNCATE ... CASCADE.",
                              refs.names[k]);
            }
            set_free(&refs);
            return false;
        }
        set_free(&refs);
    }
    return true;
}

/* True when another table still to be emptied references t. */
static bool still_referenced(sqlite3 *db, const trunc_set_t *set, const bool *done, int t)
{
    trunc_set_t refs;
    referencing(db, set->names[t], &refs);
    bool found = false;
    for (int k = 0; k < refs.n && !found; k++) {
        int j = set_find(set, refs.names[k]);
        found = j >= 0 && !done[j];
    }
    set_free(&refs);
    return found;
}

static void emit_empty(emit_ctx_t *c, const char *name, bool restart)
{
    emit_str(c, "DELETE FROM ");
    emit_ident(c, name);
    if (emit_table_has_triggers(c, name)) /* TRUNCATE fires no row triggers: fntrig.c */
        emit_str(c, " WHERE lg_trig_truncating()");
    emit_str(c, ";");
    if (restart) {
        emit_str(c, "UPDATE _lg_sequences SET last_value = start_value, "
                    "is_called = lg_seq_reset(name) "
                    "WHERE owner_tbl = ");
        emit_literal(c, name);
        emit_str(c, ";");
    }
}

void emit_truncate(emit_ctx_t *c, const PgQuery__TruncateStmt *s, translate_stmt_t *out)
{
    (void)out;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    trunc_set_t set = {.n = 0};
    for (size_t i = 0; i < s->n_relations; i++)
        set_add(&set, emit_relname(c, s->relations[i]->range_var));
    bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    if (!close_over_refs(c, db, &set, cascade)) {
        set_free(&set);
        return;
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    bool done[TRUNC_MAX] = {false};
    for (int left = set.n; left > 0; left--) {
        int pick = -1;
        for (int i = 0; i < set.n && pick < 0; i++)
            if (!done[i] && !still_referenced(db, &set, done, i))
                pick = i;
        for (int i = 0; i < set.n && pick < 0; i++) /* a cycle: any order */
            if (!done[i])
                pick = i;
        done[pick] = true;
        emit_empty(c, set.names[pick], s->restart_seqs);
    }
    set_free(&set);
}
