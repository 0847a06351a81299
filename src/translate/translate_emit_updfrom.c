/* translate_emit_updfrom.c - UPDATE t ... FROM other ... RETURNING other.col.
 *
 * SQLite's RETURNING may name only the updated table. The statement becomes a script
 * (translate.h): first a capture SELECT of the joined rows,
 *     SELECT t.rowid AS _lg_rid, other.col AS c1, ... FROM t [AS a], <FROM list> WHERE ...
 * into temp table _lg_updfrom, then the UPDATE whose RETURNING reads each qualified
 * reference to a FROM item's column from that table by the updated row's rowid, then the
 * DROP. The values are the joined rows' (FROM items are not changed by the UPDATE). A row
 * joined more than once takes one of its matches, as PostgreSQL's UPDATE does. Only
 * qualified references (other.col) are rewritten; not inside a data-modifying WITH or
 * an UPDATE with its own WITH. Worker thread only. */
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETMAP_MAX 32

struct emit_retmap {
    char rel[EMIT_NAME_MAX];
    char col[EMIT_NAME_MAX];
    uint32_t type;
    int32_t typmod;
};

typedef struct refs {
    const char *target; /* the updated table's alias */
    int n;
    bool overflow;
    emit_retmap_t m[RETMAP_MAX];
} refs_t;

static bool collect(const ProtobufCMessage *msg, void *ctx)
{
    refs_t *r = ctx;
    if (msg->descriptor == &pg_query__column_ref__descriptor) {
        const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *)msg;
        if (cr->n_fields != 2 || cr->fields[1]->node_case != PG_QUERY__NODE__NODE_STRING)
            return true;
        const char *rel = emit_strval(cr->fields[0]), *col = emit_strval(cr->fields[1]);
        if (strcmp(rel, r->target) == 0)
            return true;
        for (int i = 0; i < r->n; i++)
            if (strcmp(r->m[i].rel, rel) == 0 && strcmp(r->m[i].col, col) == 0)
                return true;
        if (r->n == RETMAP_MAX) {
            r->overflow = true;
            return false;
        }
        snprintf(r->m[r->n].rel, EMIT_NAME_MAX, "%s", rel);
        snprintf(r->m[r->n].col, EMIT_NAME_MAX, "%s", col);
        r->n++;
        return true;
    }
    if (msg->descriptor == &pg_query__select_stmt__descriptor)
        return true; /* a subquery's references are its own business */
    emit_walk_children(msg, collect, r);
    return true;
}

bool emit_updfrom_begin(emit_ctx_t *c, const PgQuery__UpdateStmt *s, const char *table,
                        const char *alias)
{
    if (!s->n_from_clause || !s->n_returning_list || s->with_clause || c->modcte || c->retmap_owner)
        return false;
    refs_t *r = lg_xcalloc(1, sizeof(*r));
    r->target = alias;
    for (size_t i = 0; i < s->n_returning_list && !r->overflow; i++)
        collect(&s->returning_list[i]->base, r);
    if (!r->n || r->overflow) {
        free(r);
        return false;
    }
    emit_str(c, TRANSLATE_SCRIPT_MARK TRANSLATE_CAPTURE_MARK "_lg_updfrom*/SELECT ");
    emit_ident(c, alias);
    emit_str(c, ".rowid AS _lg_rid");
    lg_buf_t fb;
    lg_buf_init(&fb, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &fb;
    emit_scope_push(c);
    emit_scope_add(c, alias, table);
    emit_from_list(c, s->from_clause, s->n_from_clause);
    c->b = saved;
    for (int i = 0; i < r->n; i++) {
        emit_fmt(c, ", ");
        emit_ident(c, r->m[i].rel);
        emit_str(c, ".");
        emit_ident(c, r->m[i].col);
        emit_fmt(c, " AS c%d", i + 1);
        r->m[i].type = emit_column_type(c, r->m[i].rel, r->m[i].col, &r->m[i].typmod);
    }
    emit_str(c, " FROM ");
    emit_ident(c, table);
    emit_str(c, " AS ");
    emit_ident(c, alias);
    emit_str(c, ", ");
    lg_buf_append(c->b, fb.data, fb.len);
    lg_buf_deinit(&fb);
    if (s->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
    }
    emit_scope_pop(c);
    emit_str(c, ";");
    c->retmap_owner = r;
    return true;
}

void emit_updfrom_returning(emit_ctx_t *c, const char *table, bool on)
{
    refs_t *r = c->retmap_owner;
    c->retmap = on && r ? r->m : NULL;
    c->nretmap = on && r ? r->n : 0;
    c->retmap_table = on ? table : NULL;
}

void emit_updfrom_end(emit_ctx_t *c)
{
    emit_str(c, ";DROP TABLE temp._lg_updfrom");
    free(c->retmap_owner);
    c->retmap_owner = NULL;
    c->retmap = NULL;
    c->nretmap = 0;
}

bool emit_updfrom_ref(emit_ctx_t *c, const char *rel, const char *col, uint32_t *type)
{
    const char *table = c->retmap_table;
    for (int i = 0; rel && i < c->nretmap; i++) {
        if (strcmp(c->retmap[i].rel, rel) != 0 || strcmp(c->retmap[i].col, col) != 0)
            continue;
        emit_fmt(c, "(SELECT c%d FROM temp._lg_updfrom WHERE _lg_rid = ", i + 1);
        emit_ident(c, table);
        emit_str(c, ".rowid LIMIT 1)");
        *type = c->retmap[i].type;
        c->last_typmod = c->retmap[i].typmod;
        return true;
    }
    return false;
}
