/* translate_emit_updfrom.c - UPDATE t ... FROM other ... RETURNING other.col, and the same
 * for DELETE FROM t USING other ... RETURNING other.col.
 *
 * SQLite's RETURNING may name only the updated table. The statement becomes a script
 * (translate.h): first a capture SELECT of the joined rows,
 *     SELECT t.rowid AS _lg_rid, other.col AS c1, ... FROM t [AS a], <FROM list> WHERE ...
 * into temp table _lg_updfrom, then the UPDATE (DELETE) whose RETURNING reads each
 * reference to a FROM item's column from that table by the updated row's rowid, then the
 * DROP. The values are the joined rows' (FROM items are not changed by the UPDATE). A row
 * joined more than once takes one of its matches, as PostgreSQL's UPDATE and DELETE do.
 * References are other.col, or col alone when exactly one FROM item (a table or derived
 * table) and not the target has it; RETURNING * lists the target's columns (SQLite's `*`)
 * and then each FROM item's (a table function's too: its column mapping is off while the
 * RETURNING list is emitted). Not inside a data-modifying WITH or an UPDATE / DELETE with
 * its own WITH. Worker thread only. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETMAP_MAX 100
#define STAR_MAX 200      /* RETURNING * of a joined statement: columns listed at most */
#define STAR_MADE (-7778) /* location marking a target made for RETURNING * */

struct emit_retmap {
    char rel[EMIT_NAME_MAX];
    char col[EMIT_NAME_MAX];
    uint32_t type;
    int32_t typmod;
    bool bare; /* also referenced without its qualifier */
};

/* A column reference target made for RETURNING *: node, fields and strings in one block. */
typedef struct star_ref {
    PgQuery__Node tnode, cnode, fnode[2];
    PgQuery__ResTarget rt;
    PgQuery__ColumnRef cr;
    PgQuery__String s[2];
    PgQuery__Node *fields[2];
    char rel[EMIT_NAME_MAX], col[EMIT_NAME_MAX];
} star_ref_t;

typedef struct refs {
    emit_ctx_t *c;      /* its scope has the target, then the FROM items */
    const char *target; /* the updated table's alias */
    int n;
    bool overflow;
    emit_retmap_t m[RETMAP_MAX];
    /* RETURNING * rewritten (NULL when the statement's list is used as it is) */
    PgQuery__Node **items;
    size_t nitems;
    int colmaps[EMIT_SCOPE_RELS]; /* table functions' ncolmap while RETURNING is emitted */
} refs_t;

/* Whether scope item e has a column named col. */
static bool rel_has(emit_ctx_t *c, const emit_rel_t *e, const char *col)
{
    int32_t tm;
    if (e->table[0])
        return emit_column_type(c, e->alias, col, &tm) != 0;
    for (int k = 0; k < e->ncolmap; k++)
        if (strcmp(e->colmap_from[k], col) == 0 && strcmp(col, EMIT_ROW_COLUMN) != 0)
            return true;
    for (int k = 0; k < e->ncols && !e->ncolmap; k++)
        if (e->cols[k].name && strcmp(e->cols[k].name, col) == 0)
            return true;
    return false;
}

/* The FROM item an unqualified column belongs to: NULL when it is the target's (42702 when
 * a FROM item has it too), no FROM item's or more than one item's. */
static const char *bare_owner(refs_t *r, const char *col)
{
    const emit_scope_t *sc = r->c->scope;
    const char *owner = NULL;
    bool target = false;
    int n = 0;
    for (int k = 0; k < sc->nrels; k++) {
        const emit_rel_t *e = &sc->rels[k];
        if (!rel_has(r->c, e, col))
            continue;
        if (strcmp(e->alias, r->target) == 0)
            target = true;
        else
            owner = n++ ? NULL : e->alias;
    }
    if (target && n)
        emit_error(r->c, "42702", -1, "column reference \"%s\" is ambiguous", col);
    return target || n != 1 ? NULL : owner;
}

static void note_ref(refs_t *r, const char *rel, const char *col, bool bare)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->m[i].rel, rel) == 0 && strcmp(r->m[i].col, col) == 0) {
            r->m[i].bare |= bare;
            return;
        }
    if (r->n == RETMAP_MAX) {
        r->overflow = true;
        return;
    }
    snprintf(r->m[r->n].rel, EMIT_NAME_MAX, "%s", rel);
    snprintf(r->m[r->n].col, EMIT_NAME_MAX, "%s", col);
    r->m[r->n].bare = bare;
    r->n++;
}

static bool collect(const ProtobufCMessage *msg, void *ctx)
{
    refs_t *r = ctx;
    if (msg->descriptor == &pg_query__column_ref__descriptor) {
        const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *)msg;
        size_t n = cr->n_fields;
        if ((n != 1 && n != 2) || cr->fields[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
            return true;
        const char *col = emit_strval(cr->fields[n - 1]);
        const char *rel = n == 2 ? emit_strval(cr->fields[0]) : bare_owner(r, col);
        if (rel && strcmp(rel, r->target) != 0)
            note_ref(r, rel, col, n == 1);
        return !r->overflow;
    }
    if (msg->descriptor == &pg_query__select_stmt__descriptor)
        return true; /* a subquery's references are its own business */
    emit_walk_children(msg, collect, r);
    return true;
}

static bool is_star(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
           n->column_ref->fields[n->column_ref->n_fields - 1]->node_case ==
               PG_QUERY__NODE__NODE_A_STAR;
}

static PgQuery__Node *star_ref(const char *rel, const char *col)
{
    star_ref_t *b = lg_xcalloc(1, sizeof(*b));
    snprintf(b->rel, sizeof(b->rel), "%s", rel);
    snprintf(b->col, sizeof(b->col), "%s", col);
    for (int k = 0; k < 2; k++) {
        pg_query__node__init(&b->fnode[k]);
        pg_query__string__init(&b->s[k]);
        b->s[k].sval = k ? b->col : b->rel;
        b->fnode[k].node_case = PG_QUERY__NODE__NODE_STRING;
        b->fnode[k].string = &b->s[k];
        b->fields[k] = &b->fnode[k];
    }
    pg_query__column_ref__init(&b->cr);
    b->cr.n_fields = 2;
    b->cr.fields = b->fields;
    b->cr.location = -1;
    pg_query__node__init(&b->cnode);
    b->cnode.node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    b->cnode.column_ref = &b->cr;
    pg_query__res_target__init(&b->rt);
    b->rt.val = &b->cnode;
    b->rt.name = b->col;
    b->rt.location = STAR_MADE;
    pg_query__node__init(&b->tnode);
    b->tnode.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    b->tnode.res_target = &b->rt;
    return &b->tnode; /* first member: freeing it frees the block */
}

typedef struct star_list {
    refs_t *r;
    const char *rel;
    size_t cap;
} star_list_t;

/* Appends a target (made here, or one of the statement's own). */
static void star_push(star_list_t *l, PgQuery__Node *item)
{
    refs_t *r = l->r;
    if (r->nitems == STAR_MAX) {
        r->overflow = true;
        if (item->res_target->location == STAR_MADE)
            free(item);
        return;
    }
    if (r->nitems == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        r->items = lg_xrealloc(r->items, l->cap * sizeof(*r->items));
    }
    r->items[r->nitems++] = item;
}

static void star_add(star_list_t *l, const char *col)
{
    star_push(l, star_ref(l->rel, col));
}

static void on_star_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)t;
    (void)notnull;
    (void)pk;
    star_add(ctx, col);
}

/* Appends rel r's columns in order; false when they are not known here (a table function
 * or a derived table whose columns have no names). */
static bool star_rel(emit_ctx_t *c, const emit_rel_t *r, star_list_t *l)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    l->rel = r->alias;
    size_t before = l->r->nitems;
    if (r->table[0])
        return db && catalog_table_columns(db, r->table, on_star_col, l) > 0 &&
               l->r->nitems > before;
    if (r->ncolmap > 0) { /* a table function */
        for (int k = 0; k < r->ncolmap; k++)
            if (strcmp(r->colmap_from[k], EMIT_ROW_COLUMN) != 0) /* hidden */
                star_add(l, r->colmap_from[k]);
        return l->r->nitems > before;
    }
    if (r->ncols <= 0)
        return false;
    for (int k = 0; k < r->ncols; k++) {
        if (!r->cols[k].name)
            return false;
        star_add(l, r->cols[k].name);
    }
    return true;
}

/* A JOIN ... USING or NATURAL JOIN, whose `*` shows the merged columns once. */
static bool join_merges(const PgQuery__Node *n)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_JOIN_EXPR)
        return false;
    const PgQuery__JoinExpr *j = n->join_expr;
    return j->n_using_clause || j->is_natural || join_merges(j->larg) || join_merges(j->rarg);
}

/* RETURNING * (or rel.*) of a joined UPDATE / DELETE lists the target's columns and every
 * FROM item's, as PostgreSQL does: the list becomes qualified column references (in the
 * scope that has the target and the FROM items), so that the FROM items' are captured.
 * False (0A000 set) when some item's columns are not known. */
static bool star_expand(emit_ctx_t *c, PgQuery__Node **from, size_t nfrom, PgQuery__Node **items,
                        size_t n, refs_t *r)
{
    for (size_t i = 0; i < nfrom; i++)
        if (join_merges(from[i])) {
            emit_unsupported(c, -1, "RETURNING * over a JOIN with USING or NATURAL");
            return false;
        }
    star_list_t l = {.r = r};
    for (size_t i = 0; i < n; i++) {
        const PgQuery__Node *v = items[i]->res_target->val;
        if (!is_star(v)) {
            star_push(&l, items[i]); /* an original target */
            continue;
        }
        const PgQuery__ColumnRef *cr = v->column_ref;
        const char *rel = cr->n_fields >= 2 ? emit_strval(cr->fields[cr->n_fields - 2]) : NULL;
        for (int k = 0; k < c->scope->nrels; k++) {
            const emit_rel_t *e = &c->scope->rels[k];
            if (rel && strcmp(e->alias, rel) != 0)
                continue;
            if (strcmp(e->alias, r->target) == 0) { /* the target's own: SQLite's `*` */
                star_push(&l, items[i]);
            } else if (!star_rel(c, e, &l)) {
                emit_unsupported(c, -1, "RETURNING * over this FROM or USING item");
                return false;
            }
        }
    }
    if (r->overflow)
        emit_unsupported(c, -1, "RETURNING * of this many joined columns");
    return !r->overflow;
}

static void star_free(refs_t *r)
{
    for (size_t i = 0; i < r->nitems; i++)
        if (r->items[i]->res_target->location == STAR_MADE)
            free(r->items[i]);
    free(r->items);
}

/* The parts of an UPDATE ... FROM or a DELETE ... USING the capture needs. */
typedef struct joined_dml {
    PgQuery__Node **from, **returning;
    size_t nfrom, nreturning;
    const PgQuery__Node *where;
    bool has_with;
} joined_dml_t;

/* The FROM list in scope (after the target under its alias), emitted into fb; RETURNING *
 * expanded; the references to FROM items' columns collected. NULL when there are none. */
static refs_t *capture_refs(emit_ctx_t *c, const joined_dml_t *j, const char *table,
                            const char *alias, lg_buf_t *fb)
{
    refs_t *r = lg_xcalloc(1, sizeof(*r));
    r->c = c;
    r->target = alias;
    lg_buf_t *saved = c->b;
    c->b = fb;
    emit_scope_push(c);
    emit_scope_add(c, alias, table);
    emit_from_list(c, j->from, j->nfrom);
    c->b = saved;
    bool star = false;
    for (size_t i = 0; i < j->nreturning; i++)
        star |= is_star(j->returning[i]->res_target->val);
    PgQuery__Node **items = j->returning;
    size_t n = j->nreturning;
    if (star && star_expand(c, j->from, j->nfrom, j->returning, j->nreturning, r)) {
        items = r->items;
        n = r->nitems;
    }
    for (size_t i = 0; i < n && !r->overflow; i++)
        collect(&items[i]->base, r);
    if (r->n && !r->overflow)
        return r;
    if (r->overflow)
        emit_unsupported(c, -1, "RETURNING this many columns of FROM or USING items");
    emit_scope_pop(c);
    star_free(r);
    free(r);
    return NULL;
}

/* Emits the capture SELECT; *ret / *nret become the RETURNING list to emit. */
static bool capture_begin(emit_ctx_t *c, const joined_dml_t *j, const char *table,
                          const char *alias, PgQuery__Node ***ret, size_t *nret)
{
    if (!j->nfrom || !j->nreturning || j->has_with || c->modcte || c->retmap_owner)
        return false;
    lg_buf_t fb;
    lg_buf_init(&fb, c->b->max);
    refs_t *r = capture_refs(c, j, table, alias, &fb);
    if (!r) {
        lg_buf_deinit(&fb);
        return false;
    }
    emit_str(c, TRANSLATE_SCRIPT_MARK TRANSLATE_CAPTURE_MARK "_lg_updfrom*/SELECT ");
    emit_ident(c, alias);
    emit_str(c, ".rowid AS _lg_rid");
    for (int i = 0; i < r->n; i++) {
        emit_fmt(c, ", ");
        PgQuery__Node *ref = star_ref(r->m[i].rel, r->m[i].col); /* a table function's too */
        c->last_typmod = -1;
        r->m[i].type = emit_expr(c, ref->res_target->val);
        r->m[i].typmod = c->last_typmod;
        free(ref);
        emit_fmt(c, " AS c%d", i + 1);
        int32_t tm;
        uint32_t t = emit_column_type(c, r->m[i].rel, r->m[i].col, &tm);
        if (t) {
            r->m[i].type = t;
            r->m[i].typmod = tm;
        }
    }
    emit_str(c, " FROM ");
    emit_ident(c, table);
    emit_str(c, " AS ");
    emit_ident(c, alias);
    emit_str(c, ", ");
    lg_buf_append(c->b, fb.data, fb.len);
    lg_buf_deinit(&fb);
    if (j->where) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, j->where, PGTYPE_BOOL, -1);
    }
    emit_scope_pop(c);
    emit_str(c, ";");
    c->retmap_owner = r;
    if (r->items) {
        *ret = r->items;
        *nret = r->nitems;
    }
    return true;
}

bool emit_updfrom_begin(emit_ctx_t *c, const PgQuery__UpdateStmt *s, const char *table,
                        const char *alias, PgQuery__Node ***ret, size_t *nret)
{
    joined_dml_t j = {s->from_clause,      s->returning_list, s->n_from_clause,
                      s->n_returning_list, s->where_clause,   s->with_clause != NULL};
    return capture_begin(c, &j, table, alias, ret, nret);
}

bool emit_delusing_begin(emit_ctx_t *c, const PgQuery__DeleteStmt *s, const char *table,
                         const char *alias, PgQuery__Node ***ret, size_t *nret)
{
    joined_dml_t j = {s->using_clause,     s->returning_list, s->n_using_clause,
                      s->n_returning_list, s->where_clause,   s->with_clause != NULL};
    return capture_begin(c, &j, table, alias, ret, nret);
}

/* While the RETURNING list is emitted, a captured table function's column mapping is
 * off, so that its columns reach emit_updfrom_ref; back on after. */
static void colmaps_switch(emit_ctx_t *c, refs_t *r, bool on)
{
    for (int k = 0; c->scope && k < c->scope->nrels; k++) {
        emit_rel_t *e = &c->scope->rels[k];
        if (!on) {
            e->ncolmap = r->colmaps[k] ? r->colmaps[k] : e->ncolmap;
            r->colmaps[k] = 0;
            continue;
        }
        for (int i = 0; i < r->n && e->ncolmap; i++)
            if (strcmp(r->m[i].rel, e->alias) == 0) {
                r->colmaps[k] = e->ncolmap;
                e->ncolmap = 0;
            }
    }
}

void emit_updfrom_returning(emit_ctx_t *c, const char *table, bool on)
{
    refs_t *r = c->retmap_owner;
    if (r)
        colmaps_switch(c, r, on);
    c->retmap = on && r ? r->m : NULL;
    c->nretmap = on && r ? r->n : 0;
    c->retmap_table = on ? table : NULL;
}

void emit_updfrom_end(emit_ctx_t *c)
{
    emit_str(c, ";DROP TABLE temp._lg_updfrom");
    star_free(c->retmap_owner);
    free(c->retmap_owner);
    c->retmap_owner = NULL;
    c->retmap = NULL;
    c->nretmap = 0;
}

bool emit_updfrom_ref(emit_ctx_t *c, const char *rel, const char *col, uint32_t *type)
{
    const char *table = c->retmap_table;
    for (int i = 0; i < c->nretmap; i++) {
        if (rel ? strcmp(c->retmap[i].rel, rel) != 0 : !c->retmap[i].bare)
            continue;
        if (strcmp(c->retmap[i].col, col) != 0)
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
