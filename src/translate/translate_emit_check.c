/* translate_emit_check.c - PostgreSQL's parse-analysis checks on a SELECT that SQLite would
 * not make (it would return rows instead): where aggregates and window functions may
 * appear, the GROUP BY rule for plain columns, ORDER BY/GROUP BY positions, DISTINCT ON
 * against ORDER BY, FOR UPDATE with aggregates, negative constant LIMIT/OFFSET, and
 * repeated recursive CTE references. Worker thread only.
 *
 * Grouping rule (PostgreSQL 15, parse_agg.c): in a grouped query (GROUP BY, HAVING or an
 * aggregate) every column reference of the select list, HAVING and ORDER BY that is not
 * inside an aggregate must be inside an expression equal to a GROUP BY item, or be a column
 * of a table whose primary key columns are all GROUP BY items. Column references are
 * resolved against this SELECT's FROM items (c->scope, filled while emitting FROM); a
 * reference that resolves to an outer query or cannot be resolved with certainty is taken
 * as valid, so the check only rejects what PostgreSQL rejects. Sublinks are not entered. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQLSTATE_GROUPING "42803"
#define SQLSTATE_WINDOWING "42P20"
#define SQLSTATE_INVALID_COLREF "42P10"
#define SQLSTATE_BAD_LIMIT "2201W"
#define SQLSTATE_BAD_OFFSET "2201X"
#define SQLSTATE_INVALID_RECURSION "42P19"
#define CHECK_GROUP_MAX 64

/* ---- aggregates and window calls ---- */

static const char *const k_agg_names[] = {"count",
                                          "sum",
                                          "avg",
                                          "min",
                                          "max",
                                          "array_agg",
                                          "string_agg",
                                          "bool_and",
                                          "bool_or",
                                          "every",
                                          "json_agg",
                                          "jsonb_agg",
                                          "json_object_agg",
                                          "jsonb_object_agg",
                                          "stddev",
                                          "stddev_pop",
                                          "stddev_samp",
                                          "variance",
                                          "var_pop",
                                          "var_samp",
                                          "bit_and",
                                          "bit_or",
                                          "bit_xor",
                                          "corr",
                                          "covar_pop",
                                          "covar_samp",
                                          "regr_avgx",
                                          "regr_avgy",
                                          "regr_count",
                                          "regr_intercept",
                                          "regr_r2",
                                          "regr_slope",
                                          "regr_sxx",
                                          "regr_sxy",
                                          "regr_syy",
                                          "percentile_cont",
                                          "percentile_disc",
                                          "mode",
                                          "xmlagg",
                                          "range_agg",
                                          "range_intersect_agg",
                                          "group_concat"};

bool emit_is_agg_name(const char *pg)
{
    for (size_t i = 0; i < sizeof(k_agg_names) / sizeof(k_agg_names[0]); i++)
        if (strcmp(pg, k_agg_names[i]) == 0)
            return true;
    return false;
}

bool emit_is_agg_call(const PgQuery__FuncCall *f)
{
    if (f->over)
        return false;
    if (f->agg_star || f->agg_distinct || f->n_agg_order || f->agg_filter || f->agg_within_group)
        return true;
    return emit_is_agg_name(emit_last_name(f->funcname, f->n_funcname));
}

typedef struct aggscan {
    emit_ctx_t *c;
    int in_agg, in_win;
    bool has_agg, has_win, has_grouping;
    int agg_loc, win_loc, grouping_loc;
} aggscan_t;

static bool aggscan_visit(const ProtobufCMessage *m, void *ctx);

static void aggscan_func(aggscan_t *a, const PgQuery__FuncCall *f)
{
    if (f->over) {
        if (a->in_agg)
            emit_error(a->c, SQLSTATE_GROUPING, f->location,
                       "aggregate function calls cannot contain window function calls");
        else if (a->in_win)
            emit_error(a->c, SQLSTATE_WINDOWING, f->location,
                       "window function calls cannot be nested");
        if (!a->has_win)
            a->win_loc = f->location;
        a->has_win = true;
        a->in_win++;
        emit_walk_children(&f->base, aggscan_visit, a);
        a->in_win--;
        return;
    }
    if (emit_is_agg_call(f)) {
        if (a->in_agg)
            emit_error(a->c, SQLSTATE_GROUPING, f->location,
                       "aggregate function calls cannot be nested");
        if (!a->has_agg)
            a->agg_loc = f->location;
        a->has_agg = true;
        int saved_win = a->in_win;
        a->in_agg++;
        a->in_win = 0;
        emit_walk_children(&f->base, aggscan_visit, a);
        a->in_agg--;
        a->in_win = saved_win;
        return;
    }
    emit_walk_children(&f->base, aggscan_visit, a);
}

static bool aggscan_visit(const ProtobufCMessage *m, void *ctx)
{
    aggscan_t *a = ctx;
    if (m->descriptor == &pg_query__sub_link__descriptor ||
        m->descriptor == &pg_query__select_stmt__descriptor)
        return true;
    if (m->descriptor == &pg_query__func_call__descriptor) {
        aggscan_func(a, (const PgQuery__FuncCall *)m);
        return !a->c->failed;
    }
    if (m->descriptor == &pg_query__grouping_func__descriptor && !a->has_grouping) {
        a->has_grouping = true;
        a->grouping_loc = ((const PgQuery__GroupingFunc *)m)->location;
    }
    emit_walk_children(m, aggscan_visit, a);
    return !a->c->failed;
}

static void aggscan_node(aggscan_t *a, const PgQuery__Node *n)
{
    if (n)
        aggscan_visit(&n->base, a);
}

bool emit_has_agg(const PgQuery__Node *n)
{
    emit_ctx_t dummy = {0};
    lg_pgerr_t e;
    dummy.err = &e;
    aggscan_t a = {.c = &dummy};
    aggscan_node(&a, n);
    return a.has_agg;
}

/* Aggregates/window calls where PostgreSQL forbids them. */
static void check_forbidden(emit_ctx_t *c, const PgQuery__Node *n, const char *where, bool agg_ok)
{
    aggscan_t a = {.c = c};
    aggscan_node(&a, n);
    if (c->failed)
        return;
    if (a.has_agg && !agg_ok)
        emit_error(c, SQLSTATE_GROUPING, a.agg_loc, "aggregate functions are not allowed in %s",
                   where);
    else if (a.has_win)
        emit_error(c, SQLSTATE_WINDOWING, a.win_loc, "window functions are not allowed in %s",
                   where);
}

/* ---- column resolution against this SELECT's FROM items ---- */

typedef struct relcols {
    bool loaded;
    int n;
    char (*names)[EMIT_NAME_MAX];
    bool *pk;
} relcols_t;

typedef struct check {
    emit_ctx_t *c;
    const PgQuery__SelectStmt *s;
    const PgQuery__Node *grp[CHECK_GROUP_MAX];
    int ngrp;
    bool grp_overflow;
    relcols_t rels[EMIT_SCOPE_RELS];
} check_t;

static void relcols_cb(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)t;
    (void)notnull;
    relcols_t *r = ctx;
    r->names = lg_xrealloc(r->names, (size_t)(r->n + 1) * sizeof(*r->names));
    r->pk = lg_xrealloc(r->pk, (size_t)(r->n + 1) * sizeof(*r->pk));
    snprintf(r->names[r->n], EMIT_NAME_MAX, "%s", col);
    r->pk[r->n] = pk > 0;
    r->n++;
}

static relcols_t *rel_catalog(check_t *k, int i)
{
    relcols_t *r = &k->rels[i];
    if (!r->loaded) {
        r->loaded = true;
        const emit_rel_t *rel = &k->c->scope->rels[i];
        if (k->c->opts && k->c->opts->catalog_db && rel->table[0])
            catalog_table_columns((sqlite3 *)k->c->opts->catalog_db, rel->table, relcols_cb, r);
    }
    return r;
}

/* 1 when rel i has column col, 0 when not, -1 when not known. */
static int rel_has_col(check_t *k, int i, const char *col)
{
    const emit_rel_t *r = &k->c->scope->rels[i];
    for (int j = 0; j < r->ncolmap; j++)
        if (strcmp(r->colmap_from[j], col) == 0)
            return 1;
    for (int j = 0; j < r->ncols; j++)
        if (r->cols[j].name && strcmp(r->cols[j].name, col) == 0)
            return 1;
    if (r->ncols > 0 || r->ncolmap > 0)
        return 0;
    if (!r->table[0])
        return -1;
    relcols_t *rc = rel_catalog(k, i);
    if (rc->n == 0)
        return -1;
    for (int j = 0; j < rc->n; j++)
        if (strcmp(rc->names[j], col) == 0)
            return 1;
    return 0;
}

/* Index of the FROM item of this SELECT that column reference cr names, or -1 (outer
 * reference, star, or not certain); *col gets the column name. */
static int resolve_col(check_t *k, const PgQuery__ColumnRef *cr, const char **col)
{
    size_t n = cr->n_fields;
    if (n == 0 || cr->fields[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
        return -1;
    *col = emit_strval(cr->fields[n - 1]);
    const emit_scope_t *sc = k->c->scope;
    if (n >= 2) {
        const char *rel = emit_strval(cr->fields[n - 2]);
        for (int i = 0; i < sc->nrels; i++)
            if (strcmp(sc->rels[i].alias, rel) == 0)
                return rel_has_col(k, i, *col) == 1 ? i : -1;
        return -1;
    }
    int found = -1;
    for (int i = 0; i < sc->nrels; i++) {
        int h = rel_has_col(k, i, *col);
        if (h < 0)
            return -1;
        if (h == 1) {
            if (found >= 0)
                return -1; /* ambiguous: SQLite or PostgreSQL reports it */
            found = i;
        }
    }
    return found;
}

static int colref_eq(const ProtobufCMessage *a, const ProtobufCMessage *b, void *ctx)
{
    if (a->descriptor != &pg_query__column_ref__descriptor)
        return -1;
    check_t *k = ctx;
    const char *ca = NULL, *cb = NULL;
    int ra = resolve_col(k, (const PgQuery__ColumnRef *)a, &ca);
    int rb = resolve_col(k, (const PgQuery__ColumnRef *)b, &cb);
    if (ra >= 0 && rb >= 0)
        return ra == rb && strcmp(ca, cb) == 0;
    return -1;
}

static bool node_equal(check_t *k, const PgQuery__Node *a, const PgQuery__Node *b)
{
    return emit_msg_equal(&a->base, &b->base, colref_eq, k);
}

/* ---- references to the select list (ORDER BY / GROUP BY / DISTINCT ON items) ---- */

static bool targets_have_star(const PgQuery__SelectStmt *s)
{
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__Node *v = s->target_list[i]->res_target->val;
        if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
            const PgQuery__ColumnRef *cr = v->column_ref;
            if (cr->fields[cr->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR)
                return true;
        }
    }
    return false;
}

static const char *target_name(const PgQuery__ResTarget *rt)
{
    return rt->name[0] ? rt->name : emit_colname(rt->val);
}

/* An integer constant item: the select-list expression it names (42P10 when out of range,
 * NULL when the list has * and positions are not known here). */
static const PgQuery__Node *target_at(check_t *k, const PgQuery__Node *n, const char *clause)
{
    const PgQuery__SelectStmt *s = k->s;
    int pos = n->a_const->ival ? n->a_const->ival->ival : 0;
    if (targets_have_star(s))
        return NULL;
    if (pos < 1 || (size_t)pos > s->n_target_list) {
        emit_error(k->c, SQLSTATE_INVALID_COLREF, n->a_const->location,
                   "%s position %d is not in select list", clause, pos);
        return NULL;
    }
    return s->target_list[pos - 1]->res_target->val;
}

static bool is_int_const(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
           n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL;
}

/* A bare name equal to exactly one select-list output name: that item's expression. */
static const PgQuery__Node *target_named(check_t *k, const PgQuery__Node *n)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields != 1 ||
        n->column_ref->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return NULL;
    const char *name = emit_strval(n->column_ref->fields[0]);
    const PgQuery__Node *hit = NULL;
    for (size_t i = 0; i < k->s->n_target_list; i++) {
        const PgQuery__ResTarget *rt = k->s->target_list[i]->res_target;
        if (strcmp(target_name(rt), name) == 0) {
            if (hit && !node_equal(k, hit, rt->val))
                return NULL;
            hit = rt->val;
        }
    }
    return hit;
}

/* ORDER BY / DISTINCT ON item -> the expression it stands for (output names first). */
static const PgQuery__Node *sort_key(check_t *k, const PgQuery__Node *n)
{
    if (is_int_const(n))
        return target_at(k, n, "ORDER BY");
    const PgQuery__Node *t = target_named(k, n);
    return t ? t : n;
}

static void check_order_positions(check_t *k)
{
    for (size_t i = 0; i < k->s->n_sort_clause && !k->c->failed; i++) {
        const PgQuery__Node *n = k->s->sort_clause[i]->sort_by->node;
        if (is_int_const(n))
            target_at(k, n, "ORDER BY");
    }
}

/* PostgreSQL's transformDistinctOnClause: DISTINCT ON items must be the leading ORDER BY
 * items (in any order among themselves). */
static bool in_distinct_on(check_t *k, const PgQuery__Node *key)
{
    for (size_t j = 0; j < k->s->n_distinct_clause; j++) {
        const PgQuery__Node *d = sort_key(k, k->s->distinct_clause[j]);
        if (d && key && node_equal(k, d, key))
            return true;
    }
    return false;
}

static void distinct_on_error(check_t *k)
{
    emit_error(k->c, SQLSTATE_INVALID_COLREF, -1,
               "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
}

static void check_distinct_on(check_t *k)
{
    const PgQuery__SelectStmt *s = k->s;
    if (!s->n_distinct_clause ||
        s->distinct_clause[0]->node_case == PG_QUERY__NODE__NODE__NOT_SET || !s->n_sort_clause ||
        s->n_sort_clause > CHECK_GROUP_MAX)
        return;
    bool skipped = false;
    const PgQuery__Node *used[CHECK_GROUP_MAX];
    size_t nused = 0;
    for (size_t i = 0; i < s->n_sort_clause && !k->c->failed; i++) {
        const PgQuery__Node *key = sort_key(k, s->sort_clause[i]->sort_by->node);
        if (!key)
            return;
        if (!in_distinct_on(k, key)) {
            skipped = true;
        } else if (skipped) {
            distinct_on_error(k);
            return;
        } else {
            used[nused++] = key;
        }
    }
    for (size_t j = 0; j < s->n_distinct_clause && skipped && !k->c->failed; j++) {
        const PgQuery__Node *d = sort_key(k, s->distinct_clause[j]);
        bool found = false;
        for (size_t i = 0; d && i < nused && !found; i++)
            found = node_equal(k, d, used[i]);
        if (!found) {
            distinct_on_error(k);
            return;
        }
    }
}

/* SELECT DISTINCT (not DISTINCT ON): every ORDER BY item must be a select-list entry. */
static void check_distinct_order(check_t *k)
{
    const PgQuery__SelectStmt *s = k->s;
    if (!s->n_distinct_clause ||
        s->distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET || targets_have_star(s))
        return;
    for (size_t i = 0; i < s->n_sort_clause && !k->c->failed; i++) {
        const PgQuery__Node *key = sort_key(k, s->sort_clause[i]->sort_by->node);
        bool found = !key;
        for (size_t j = 0; j < s->n_target_list && !found; j++)
            found = node_equal(k, key, s->target_list[j]->res_target->val);
        if (!found)
            emit_error(k->c, SQLSTATE_INVALID_COLREF, -1,
                       "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
    }
}

/* ---- the GROUP BY rule ---- */

static void group_push(check_t *k, const PgQuery__Node *n)
{
    if (k->ngrp >= CHECK_GROUP_MAX) {
        k->grp_overflow = true;
        return;
    }
    k->grp[k->ngrp++] = n;
}

static void group_add(check_t *k, const PgQuery__Node *n)
{
    if (!n)
        return;
    if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
        for (size_t i = 0; i < n->grouping_set->n_content; i++)
            group_add(k, n->grouping_set->content[i]);
        return;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_LIST) {
        for (size_t i = 0; i < n->list->n_items; i++)
            group_add(k, n->list->items[i]);
        return;
    }
    if (is_int_const(n)) {
        n = target_at(k, n, "GROUP BY");
        if (!n) {
            k->grp_overflow = true; /* unknown: accept everything */
            return;
        }
    } else if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1) {
        const char *col;
        if (resolve_col(k, n->column_ref, &col) < 0) { /* maybe an output name */
            const PgQuery__Node *t = target_named(k, n);
            if (t && t != n)
                group_push(k, t);
        }
    }
    group_push(k, n);
}

static bool grouped_expr(check_t *k, const PgQuery__Node *n)
{
    for (int i = 0; i < k->ngrp; i++)
        if (node_equal(k, k->grp[i], n))
            return true;
    return false;
}

/* True when every primary key column of FROM item `rel` is a GROUP BY item. */
static bool pk_grouped(check_t *k, int rel)
{
    relcols_t *rc = rel_catalog(k, rel);
    int npk = 0;
    for (int j = 0; j < rc->n; j++) {
        if (!rc->pk[j])
            continue;
        npk++;
        bool found = false;
        for (int g = 0; g < k->ngrp && !found; g++) {
            const PgQuery__Node *n = k->grp[g];
            const char *col;
            found = n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
                    resolve_col(k, n->column_ref, &col) == rel && strcmp(col, rc->names[j]) == 0;
        }
        if (!found)
            return false;
    }
    return npk > 0;
}

static bool ungrouped_visit(const ProtobufCMessage *m, void *ctx)
{
    check_t *k = ctx;
    if (k->c->failed || m->descriptor == &pg_query__sub_link__descriptor ||
        m->descriptor == &pg_query__select_stmt__descriptor)
        return !k->c->failed;
    if (m->descriptor == &pg_query__node__descriptor) {
        if (grouped_expr(k, (const PgQuery__Node *)m))
            return true;
    } else if (m->descriptor == &pg_query__func_call__descriptor) {
        if (emit_is_agg_call((const PgQuery__FuncCall *)m))
            return true;
    } else if (m->descriptor == &pg_query__column_ref__descriptor) {
        const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *)m;
        const char *col;
        int rel = resolve_col(k, cr, &col);
        if (rel >= 0 && !pk_grouped(k, rel))
            emit_error(k->c, SQLSTATE_GROUPING, cr->location,
                       "column \"%s.%s\" must appear in the GROUP BY clause or be used in an "
                       "aggregate function",
                       k->c->scope->rels[rel].alias, col);
        return !k->c->failed;
    }
    emit_walk_children(m, ungrouped_visit, k);
    return !k->c->failed;
}

static void check_ungrouped(check_t *k, const PgQuery__Node *n)
{
    if (n && !k->c->failed)
        ungrouped_visit(&n->base, k);
}

static void check_grouping(check_t *k)
{
    const PgQuery__SelectStmt *s = k->s;
    for (size_t i = 0; i < s->n_group_clause; i++)
        group_add(k, s->group_clause[i]);
    if (k->c->failed || k->grp_overflow)
        return;
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__Node *v = s->target_list[i]->res_target->val;
        if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
            v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                PG_QUERY__NODE__NODE_A_STAR)
            continue; /* t.* in a grouped query: not checked */
        check_ungrouped(k, v);
    }
    check_ungrouped(k, s->having_clause);
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        const PgQuery__Node *n = s->sort_clause[i]->sort_by->node;
        if (is_int_const(n) || target_named(k, n))
            continue; /* stands for a select-list item, checked above */
        check_ungrouped(k, n);
    }
}

/* ---- entry points ---- */

static const char *lock_name(const PgQuery__LockingClause *l)
{
    switch (l->strength) {
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE:
        return "FOR KEY SHARE";
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORSHARE:
        return "FOR SHARE";
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE:
        return "FOR NO KEY UPDATE";
    default:
        return "FOR UPDATE";
    }
}

static void check_locking(emit_ctx_t *c, const PgQuery__SelectStmt *s, bool has_agg)
{
    if (!s->n_locking_clause || c->failed)
        return;
    const char *what = NULL;
    if (s->n_distinct_clause)
        what = "DISTINCT clause";
    else if (s->n_group_clause)
        what = "GROUP BY clause";
    else if (s->having_clause)
        what = "HAVING clause";
    else if (has_agg)
        what = "aggregate functions";
    if (what)
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1, "%s is not allowed with %s",
                   lock_name(s->locking_clause[0]->locking_clause), what);
}

static void check_limit(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    const PgQuery__Node *l = s->limit_count, *o = s->limit_offset;
    if (is_int_const(l) && l->a_const->ival && l->a_const->ival->ival < 0)
        emit_error(c, SQLSTATE_BAD_LIMIT, -1, "LIMIT must not be negative");
    else if (is_int_const(o) && o->a_const->ival && o->a_const->ival->ival < 0)
        emit_error(c, SQLSTATE_BAD_OFFSET, -1, "OFFSET must not be negative");
}

static void check_free(check_t *k)
{
    for (int i = 0; i < EMIT_SCOPE_RELS; i++) {
        free(k->rels[i].names);
        free(k->rels[i].pk);
    }
}

void emit_check_select(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    if (c->failed || !c->scope)
        return;
    aggscan_t a = {.c = c};
    for (size_t i = 0; i < s->n_target_list; i++)
        aggscan_node(&a, s->target_list[i]->res_target->val);
    check_forbidden(c, s->where_clause, "WHERE", false);
    for (size_t i = 0; i < s->n_group_clause && !c->failed; i++)
        check_forbidden(c, s->group_clause[i], "GROUP BY", false);
    check_forbidden(c, s->having_clause, "HAVING", true);
    aggscan_node(&a, s->having_clause);
    for (size_t i = 0; i < s->n_sort_clause; i++)
        aggscan_node(&a, s->sort_clause[i]->sort_by->node);
    /* nothing is grouped (in a subquery GROUPING may name the outer query's columns) */
    if (!c->failed && a.has_grouping && !s->n_group_clause && !c->scope->parent)
        emit_error(c, SQLSTATE_GROUPING, a.grouping_loc,
                   "arguments to GROUPING must be grouping expressions of the associated query "
                   "level");
    if (c->failed)
        return;
    check_t *k = lg_xcalloc(1, sizeof(*k));
    k->c = c;
    k->s = s;
    check_order_positions(k);
    if (!c->failed && (s->n_group_clause || s->having_clause || a.has_agg))
        check_grouping(k);
    if (!c->failed)
        check_distinct_on(k);
    if (!c->failed)
        check_distinct_order(k);
    check_free(k);
    free(k);
    check_locking(c, s, a.has_agg);
    emit_check_row_locking(c, s); /* translate_emit_rowlock.c */
    if (!c->failed)
        check_limit(c, s);
}

/* ---- WITH RECURSIVE ---- */

typedef struct refcount {
    const char *name;
    int n;
} refcount_t;

static bool count_refs(const ProtobufCMessage *m, void *ctx)
{
    refcount_t *r = ctx;
    if (m->descriptor == &pg_query__range_var__descriptor) {
        const PgQuery__RangeVar *rv = (const PgQuery__RangeVar *)m;
        if (!rv->schemaname[0] && strcmp(rv->relname, r->name) == 0)
            r->n++;
        return true;
    }
    emit_walk_children(m, count_refs, r);
    return true;
}

void emit_check_with(emit_ctx_t *c, const PgQuery__WithClause *w)
{
    if (!w->recursive)
        return;
    for (size_t i = 0; i < w->n_ctes && !c->failed; i++) {
        const PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
        if (!cte->ctequery || cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
            continue;
        const PgQuery__SelectStmt *q = cte->ctequery->select_stmt;
        if (q->op != PG_QUERY__SET_OPERATION__SETOP_UNION || !q->rarg)
            continue;
        refcount_t r = {cte->ctename, 0};
        count_refs(&q->rarg->base, &r);
        if (r.n > 1)
            emit_error(c, SQLSTATE_INVALID_RECURSION, cte->location,
                       "recursive reference to query \"%s\" must not appear more than once",
                       cte->ctename);
    }
}

const PgQuery__Node *emit_target_ref(const PgQuery__SelectStmt *s, const PgQuery__Node *n)
{
    if (!n || targets_have_star(s))
        return n;
    if (is_int_const(n)) {
        int pos = n->a_const->ival ? n->a_const->ival->ival : 0;
        return pos >= 1 && (size_t)pos <= s->n_target_list
                   ? s->target_list[pos - 1]->res_target->val
                   : n;
    }
    if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields != 1 ||
        n->column_ref->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return n;
    const char *name = emit_strval(n->column_ref->fields[0]);
    const PgQuery__Node *hit = NULL;
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        if (strcmp(target_name(rt), name) == 0) {
            if (hit)
                return n;
            hit = rt->val;
        }
    }
    return hit ? hit : n;
}

/* ---- parameters whose type nothing determines ---- */

typedef struct pscan {
    int total[256];
    int nulltest[256];
    int loc[256];
} pscan_t;

static void pscan_param(pscan_t *p, const PgQuery__ParamRef *r, bool in_nulltest)
{
    if (r->number < 1 || r->number >= 256)
        return;
    p->total[r->number]++;
    p->nulltest[r->number] += in_nulltest;
    if (in_nulltest)
        p->loc[r->number] = r->location;
}

static bool pscan_visit(const ProtobufCMessage *m, void *ctx)
{
    pscan_t *p = ctx;
    if (m->descriptor == &pg_query__null_test__descriptor) {
        const PgQuery__NullTest *t = (const PgQuery__NullTest *)m;
        if (t->arg && t->arg->node_case == PG_QUERY__NODE__NODE_PARAM_REF) {
            pscan_param(p, t->arg->param_ref, true);
            return true;
        }
    } else if (m->descriptor == &pg_query__param_ref__descriptor) {
        pscan_param(p, (const PgQuery__ParamRef *)m, false);
        return true;
    }
    emit_walk_children(m, pscan_visit, p);
    return true;
}

int emit_check_param_types(const PgQuery__Node *query, size_t ndeclared, const uint32_t *declared,
                           int *location)
{
    if (!query)
        return 0;
    pscan_t *p = lg_xcalloc(1, sizeof(*p));
    pscan_visit(&query->base, p);
    int bad = 0;
    for (int n = 1; n < 256 && !bad; n++) {
        bool typed = (size_t)n <= ndeclared && declared && declared[n - 1];
        if (p->total[n] && p->total[n] == p->nulltest[n] && !typed) {
            bad = n;
            *location = p->loc[n];
        }
    }
    free(p);
    return bad;
}
