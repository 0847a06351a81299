/* translate_emit_modcte.c - data-modifying statements in WITH:
 *   WITH x AS (DELETE/UPDATE/INSERT ... RETURNING ...) main-statement
 * PostgreSQL runs each such statement exactly once and the main statement reads its
 * RETURNING rows. SQLite has no DML in a subquery, so the statement becomes a script that
 * exec runs in one savepoint (translate.h TRANSLATE_SCRIPT_MARK):
 *
 *   <script mark>
 *   <capture mark _lg_cte_N> [WITH <earlier items>] DELETE ... RETURNING ...;
 *   ... one per data-modifying item, in WITH order (exec creates temp table _lg_cte_N with
 *       the statement's result columns when it prepares it, and stores its rows there) ...
 *   <main statement, x defined as x[(aliases)] AS (SELECT * FROM temp."_lg_cte_N")>;
 *   DROP TABLE temp."_lg_cte_N"
 *
 * The command tag and rows are the main statement's. A main SELECT that reads a table an
 * item changes reads a copy taken before the items ran (<capture mark _lg_snap_N> SELECT *
 * FROM t;), so it sees the table as PostgreSQL's shared snapshot shows it. Differences
 * from PostgreSQL: the items run one after the other (a later item, and a main INSERT /
 * UPDATE / DELETE, see the effects of the earlier ones); an item with its own
 * WITH clause after other items is 0A000. Only the top-level WITH may hold them (as in
 * PostgreSQL). Worker thread only. */
#include "lg_alloc.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODCTE_MAX 16

struct emit_modcte {
    char name[EMIT_NAME_MAX];
    char temp[EMIT_NAME_MAX];
    bool returning;
    int ncols;
    translate_col_t *cols; /* owned */
    /* the table the item changes, and when the main SELECT reads it, the temp table holding
     * its rows from before the statement ("" when none) */
    char table[EMIT_NAME_MAX];
    char snap[EMIT_NAME_MAX];
};

static const PgQuery__WithClause *top_with(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        return n->select_stmt->with_clause;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return n->insert_stmt->with_clause;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return n->update_stmt->with_clause;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return n->delete_stmt->with_clause;
    default:
        return NULL;
    }
}

static bool is_dml(const PgQuery__Node *q)
{
    return q && (q->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
                 q->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
                 q->node_case == PG_QUERY__NODE__NODE_DELETE_STMT);
}

static const PgQuery__WithClause *own_with(const PgQuery__Node *q)
{
    return top_with(q);
}

/* Emits the data-modifying item `q`, preceded by the WITH items before it (so that it can
 * read them); fills tmp with its RETURNING columns. */
static void emit_item(emit_ctx_t *c, const PgQuery__WithClause *w, size_t i, const PgQuery__Node *q,
                      translate_stmt_t *tmp)
{
    emit_scope_push(c);
    if (i > 0) {
        if (own_with(q)) {
            emit_unsupported(c, w->ctes[i]->common_table_expr->location,
                             "a WITH clause inside a data-modifying WITH item after other items");
            emit_scope_pop(c);
            return;
        }
        PgQuery__WithClause part = *w;
        part.n_ctes = i;
        emit_with(c, &part);
    }
    if (q->node_case == PG_QUERY__NODE__NODE_INSERT_STMT)
        emit_insert(c, q->insert_stmt, tmp);
    else if (q->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT)
        emit_update(c, q->update_stmt, tmp);
    else
        emit_delete(c, q->delete_stmt, tmp);
    emit_scope_pop(c);
}

static void capture_item(emit_ctx_t *c, const PgQuery__WithClause *w, size_t i)
{
    const PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
    emit_modcte_t *m = &c->modcte[c->nmodcte];
    snprintf(m->name, sizeof(m->name), "%s", cte->ctename);
    snprintf(m->temp, sizeof(m->temp), "_lg_cte_%d", c->nmodcte);
    c->nmodcte++;
    bool returning = (cte->ctequery->node_case == PG_QUERY__NODE__NODE_INSERT_STMT &&
                      cte->ctequery->insert_stmt->n_returning_list) ||
                     (cte->ctequery->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT &&
                      cte->ctequery->update_stmt->n_returning_list) ||
                     (cte->ctequery->node_case == PG_QUERY__NODE__NODE_DELETE_STMT &&
                      cte->ctequery->delete_stmt->n_returning_list);
    m->returning = returning;
    translate_stmt_t tmp = {.ncols = -1};
    if (returning)
        emit_fmt(c, TRANSLATE_CAPTURE_MARK "%s*/", m->temp);
    emit_item(c, w, i, cte->ctequery, &tmp);
    emit_str(c, ";");
    m->ncols = tmp.ncols > 0 ? tmp.ncols : 0;
    m->cols = tmp.cols;
    if (!m->ncols) {
        emit_cols_free(tmp.cols, tmp.ncols);
        m->cols = NULL;
    }
}

/* The relation a data-modifying item changes. */
static const PgQuery__RangeVar *item_relation(const PgQuery__Node *q)
{
    if (q->node_case == PG_QUERY__NODE__NODE_INSERT_STMT)
        return q->insert_stmt->relation;
    if (q->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT)
        return q->update_stmt->relation;
    return q->delete_stmt->relation;
}

typedef struct readscan {
    emit_ctx_t *c;
    const char *table;
    bool found;
} readscan_t;

/* Does the statement read `table` outside its data-modifying items? */
static bool readscan_visit(const ProtobufCMessage *m, void *ctx)
{
    readscan_t *r = ctx;
    if (m->descriptor == &pg_query__common_table_expr__descriptor &&
        is_dml(((const PgQuery__CommonTableExpr *)m)->ctequery))
        return true;
    if (m->descriptor == &pg_query__range_var__descriptor) {
        const PgQuery__RangeVar *rv = (const PgQuery__RangeVar *)m;
        r->found |= strcmp(emit_relname(r->c, rv), r->table) == 0;
        return !r->found;
    }
    emit_walk_children(m, readscan_visit, r);
    return !r->found;
}

/* PostgreSQL's main SELECT sees the tables as they were before the data-modifying items
 * ran: a table such an item changes and the SELECT reads is copied into a temp table
 * first (a capture statement), and the SELECT reads that copy (emit_modcte_snapshot). */
static void snapshot_reads(emit_ctx_t *c, const PgQuery__Node *n, const PgQuery__WithClause *w)
{
    int k = 0;
    for (size_t i = 0; i < w->n_ctes; i++) {
        const PgQuery__Node *q = w->ctes[i]->common_table_expr->ctequery;
        if (!is_dml(q))
            continue;
        emit_modcte_t *m = &c->modcte[k++];
        snprintf(m->table, sizeof(m->table), "%s", emit_relname(c, item_relation(q)));
        readscan_t r = {.c = c, .table = m->table};
        for (int j = 0; j < k - 1 && !r.found; j++) /* copied already */
            r.found = strcmp(c->modcte[j].table, m->table) == 0 && c->modcte[j].snap[0];
        if (r.found)
            continue;
        readscan_visit(&n->base, &r);
        if (!r.found)
            continue;
        snprintf(m->snap, sizeof(m->snap), "_lg_snap_%d", k - 1);
        emit_fmt(c, TRANSLATE_CAPTURE_MARK "%s*/SELECT * FROM ", m->snap);
        emit_ident(c, m->table);
        emit_str(c, ";");
    }
}

bool emit_modcte_snapshot(emit_ctx_t *c, const char *table, const char *alias)
{
    if (!c->modcte || !c->modcte_main)
        return false;
    for (int i = 0; i < MODCTE_MAX; i++) {
        const emit_modcte_t *m = &c->modcte[i];
        if (!m->snap[0] || strcmp(m->table, table) != 0)
            continue;
        emit_fmt(c, "temp.\"%s\" AS ", m->snap);
        emit_ident(c, alias);
        return true;
    }
    return false;
}

bool emit_modcte_begin(emit_ctx_t *c, const PgQuery__Node *n)
{
    const PgQuery__WithClause *w = top_with(n);
    size_t ndml = 0;
    for (size_t i = 0; w && i < w->n_ctes; i++)
        ndml += is_dml(w->ctes[i]->common_table_expr->ctequery);
    if (!ndml || c->modcte)
        return false;
    if (ndml > MODCTE_MAX) {
        emit_unsupported(c, -1, "more than 16 data-modifying statements in WITH");
        return false;
    }
    c->modcte = lg_xcalloc(MODCTE_MAX, sizeof(emit_modcte_t));
    emit_str(c, TRANSLATE_SCRIPT_MARK);
    if (n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT)
        snapshot_reads(c, n, w);
    for (size_t i = 0; i < w->n_ctes && !c->failed; i++)
        if (is_dml(w->ctes[i]->common_table_expr->ctequery))
            capture_item(c, w, i);
    c->modcte_main = true;
    return true;
}

void emit_modcte_end(emit_ctx_t *c, translate_stmt_t *out)
{
    for (int i = 0; i < c->nmodcte; i++) {
        if (c->modcte[i].returning)
            emit_fmt(c, ";DROP TABLE temp.\"%s\"", c->modcte[i].temp);
        if (c->modcte[i].snap[0])
            emit_fmt(c, ";DROP TABLE temp.\"%s\"", c->modcte[i].snap);
        emit_cols_free(c->modcte[i].cols, c->modcte[i].ncols);
    }
    c->modcte_main = false;
    free(c->modcte);
    c->modcte = NULL;
    c->nmodcte = 0;
    out->cls = TR_CLASS_WRITE;
}

static emit_modcte_t *modcte_find(emit_ctx_t *c, const char *name)
{
    for (int i = 0; i < c->nmodcte; i++)
        if (strcmp(c->modcte[i].name, name) == 0)
            return &c->modcte[i];
    return NULL;
}

bool emit_modcte_ref(emit_ctx_t *c, const PgQuery__CommonTableExpr *cte, size_t i)
{
    emit_modcte_t *m = c->modcte ? modcte_find(c, cte->ctename) : NULL;
    if (!m)
        return false;
    emit_str(c, i ? ", " : "");
    emit_ident(c, cte->ctename);
    if (!m->returning) { /* never read: PostgreSQL rejects a reference to it */
        emit_str(c, " AS (SELECT NULL WHERE false)");
        return true;
    }
    if (cte->n_aliascolnames) {
        emit_str(c, "(");
        for (size_t k = 0; k < cte->n_aliascolnames; k++) {
            emit_str(c, k ? ", " : "");
            emit_ident(c, emit_strval(cte->aliascolnames[k]));
        }
        emit_str(c, ")");
    }
    emit_str(c, " AS (SELECT *");
    emit_scope_t *s = c->scope;
    if (m->ncols && s && s->nctes < EMIT_SCOPE_CTES) {
        emit_cte_t *e = &s->ctes[s->nctes++];
        snprintf(e->name, sizeof(e->name), "%s", cte->ctename);
        e->ncols = m->ncols;
        e->cols = lg_xcalloc((size_t)m->ncols + 1, sizeof(translate_col_t));
        for (int k = 0; k < m->ncols; k++) {
            e->cols[k] = m->cols[k];
            e->cols[k].name =
                lg_xstrdup((size_t)k < cte->n_aliascolnames ? emit_strval(cte->aliascolnames[k])
                           : m->cols[k].name                ? m->cols[k].name
                                                            : "?column?");
        }
    }
    emit_fmt(c, " FROM temp.\"%s\")", m->temp);
    return true;
}
