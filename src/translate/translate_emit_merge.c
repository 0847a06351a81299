/* translate_emit_merge.c - MERGE INTO target USING source ON cond WHEN [NOT] MATCHED [AND c]
 * THEN UPDATE SET ... | DELETE | INSERT [(cols)] VALUES (...) | INSERT DEFAULT VALUES |
 * DO NOTHING, as a script:
 *
 *   1. temp table _lg_merge = SELECT s.*, t.rowid AS _lg_trid, CASE WHEN t.rowid IS NOT NULL
 *      AND c1 THEN 1 ... WHEN t.rowid IS NULL AND ck THEN k END AS _lg_clause FROM source s
 *      LEFT JOIN target t ON cond: every source row with its target row (if any) and the
 *      first WHEN clause that applies to it, decided before anything changes;
 *   2. 21000 when an UPDATE / DELETE clause would reach one target row twice;
 *   3. per clause: UPDATE target ... FROM _lg_merge s WHERE t.rowid = s._lg_trid AND
 *      s._lg_clause = k, DELETE likewise, INSERT INTO target SELECT <values> FROM _lg_merge s
 *      WHERE s._lg_clause = k (each translated as the PostgreSQL statement it is);
 *   4. a no-op UPDATE of the _lg_merge rows some action applied to, so that the command tag
 *      (MERGE n) counts them.
 * Since each target row is changed at most once and inserted rows are never matched, doing
 * the clauses one after the other gives the row-by-row result. Worker thread only. */
#include "lg_alloc.h"
#include "translate_emit.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MERGE_TABLE "_lg_merge"

/* Small node builders on a bump list freed at the end (nodes_free). */
typedef struct nodes {
    void **p;
    int n, cap;
} nodes_t;

static void *take(nodes_t *ns, size_t size)
{
    if (ns->n == ns->cap) {
        ns->cap = ns->cap ? ns->cap * 2 : 64;
        ns->p = lg_xrealloc(ns->p, sizeof(void *) * (size_t)ns->cap);
    }
    return ns->p[ns->n++] = lg_xcalloc(1, size);
}

static void nodes_free(nodes_t *ns)
{
    for (int i = 0; i < ns->n; i++)
        free(ns->p[i]);
    free(ns->p);
    ns->p = NULL;
    ns->n = ns->cap = 0;
}

static PgQuery__Node *str_node(nodes_t *ns, const char *s)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__String *v = take(ns, sizeof(*v));
    pg_query__string__init(v);
    v->sval = (char *)(uintptr_t)s;
    n->node_case = PG_QUERY__NODE__NODE_STRING;
    n->string = v;
    return n;
}

static PgQuery__Node *colref(nodes_t *ns, const char *rel, const char *col)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__ColumnRef *cr = take(ns, sizeof(*cr));
    pg_query__column_ref__init(cr);
    PgQuery__Node **f = take(ns, 2 * sizeof(*f));
    f[0] = str_node(ns, rel);
    if (col) {
        f[1] = str_node(ns, col);
    } else {
        PgQuery__Node *star = take(ns, sizeof(*star));
        pg_query__node__init(star);
        PgQuery__AStar *a = take(ns, sizeof(*a));
        pg_query__a__star__init(a);
        star->node_case = PG_QUERY__NODE__NODE_A_STAR;
        star->a_star = a;
        f[1] = star;
    }
    cr->n_fields = 2;
    cr->fields = f;
    cr->location = -1;
    n->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    n->column_ref = cr;
    return n;
}

static PgQuery__Node *int_const(nodes_t *ns, int v)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__AConst *ac = take(ns, sizeof(*ac));
    pg_query__a__const__init(ac);
    PgQuery__Integer *i = take(ns, sizeof(*i));
    pg_query__integer__init(i);
    i->ival = v;
    ac->val_case = PG_QUERY__A__CONST__VAL_IVAL;
    ac->ival = i;
    ac->location = -1;
    n->node_case = PG_QUERY__NODE__NODE_A_CONST;
    n->a_const = ac;
    return n;
}

static PgQuery__Node *op_expr(nodes_t *ns, const char *op, PgQuery__Node *l, PgQuery__Node *r)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__AExpr *e = take(ns, sizeof(*e));
    pg_query__a__expr__init(e);
    PgQuery__Node **name = take(ns, sizeof(*name));
    name[0] = str_node(ns, op);
    e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
    e->n_name = 1;
    e->name = name;
    e->lexpr = l;
    e->rexpr = r;
    e->location = -1;
    n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
    n->a_expr = e;
    return n;
}

static PgQuery__Node *bool_expr(nodes_t *ns, PgQuery__BoolExprType t, PgQuery__Node *a,
                                PgQuery__Node *b)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__BoolExpr *be = take(ns, sizeof(*be));
    pg_query__bool_expr__init(be);
    PgQuery__Node **args = take(ns, 2 * sizeof(*args));
    args[0] = a;
    args[1] = b;
    be->boolop = t;
    be->n_args = b ? 2 : 1;
    be->args = args;
    be->location = -1;
    n->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
    n->bool_expr = be;
    return n;
}

static PgQuery__Node *null_test(nodes_t *ns, PgQuery__Node *arg, bool is_null)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__NullTest *t = take(ns, sizeof(*t));
    pg_query__null_test__init(t);
    t->arg = arg;
    t->nulltesttype =
        is_null ? PG_QUERY__NULL_TEST_TYPE__IS_NULL : PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
    t->location = -1;
    n->node_case = PG_QUERY__NODE__NODE_NULL_TEST;
    n->null_test = t;
    return n;
}

static PgQuery__Node *res_target(nodes_t *ns, const char *name, PgQuery__Node *val)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__ResTarget *rt = take(ns, sizeof(*rt));
    pg_query__res_target__init(rt);
    rt->name = (char *)(uintptr_t)(name ? name : "");
    rt->val = val;
    rt->location = -1;
    n->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    n->res_target = rt;
    return n;
}

static PgQuery__RangeVar *range_var(nodes_t *ns, const char *rel, const char *alias)
{
    PgQuery__RangeVar *rv = take(ns, sizeof(*rv));
    pg_query__range_var__init(rv);
    rv->relname = (char *)(uintptr_t)rel;
    rv->schemaname = (char *)(uintptr_t) "";
    rv->inh = true;
    rv->relpersistence = (char *)(uintptr_t) "p";
    rv->location = -1;
    if (alias) {
        PgQuery__Alias *a = take(ns, sizeof(*a));
        pg_query__alias__init(a);
        a->aliasname = (char *)(uintptr_t)alias;
        rv->alias = a;
    }
    return rv;
}

static PgQuery__Node *rv_node(nodes_t *ns, PgQuery__RangeVar *rv)
{
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
    n->range_var = rv;
    return n;
}

typedef struct merge {
    emit_ctx_t *c;
    const PgQuery__MergeStmt *s;
    nodes_t ns;
    const char *talias, *salias;
    PgQuery__RangeVar *target; /* with its alias */
    int k;                     /* the clause the append_stmt callbacks emit */
} merge_t;

static const PgQuery__MergeWhenClause *clause(const merge_t *m, size_t k)
{
    return m->s->merge_when_clauses[k]->merge_when_clause;
}

/* Runs one emitter with the output going to its own buffer; appends "<text>;" to the script
 * (without the script mark a translated statement may begin with). */
static void append_stmt(merge_t *m, void (*fn)(merge_t *, translate_stmt_t *))
{
    emit_ctx_t *c = m->c;
    lg_buf_t b, *saved = c->b;
    lg_buf_init(&b, saved->max);
    c->b = &b;
    translate_stmt_t tmp = {.ncols = -1};
    fn(m, &tmp);
    c->b = saved;
    emit_cols_free(tmp.cols, tmp.ncols);
    lg_buf_putc(&b, 0);
    if (b.failed) {
        c->b->failed = true;
    } else if (!c->failed) {
        const char *t = (const char *)b.data;
        size_t mark = strlen(TRANSLATE_SCRIPT_MARK);
        emit_str(c, strncmp(t, TRANSLATE_SCRIPT_MARK, mark) == 0 ? t + mark : t);
        emit_str(c, ";");
    }
    lg_buf_deinit(&b);
}

/* CASE WHEN <matched> AND c1 THEN 1 ... END: the clause each source row takes. */
static PgQuery__Node *clause_case(merge_t *m)
{
    nodes_t *ns = &m->ns;
    PgQuery__Node *n = take(ns, sizeof(*n));
    pg_query__node__init(n);
    PgQuery__CaseExpr *ce = take(ns, sizeof(*ce));
    pg_query__case_expr__init(ce);
    size_t k = m->s->n_merge_when_clauses;
    PgQuery__Node **whens = take(ns, (k ? k : 1) * sizeof(*whens));
    for (size_t i = 0; i < k; i++) {
        const PgQuery__MergeWhenClause *w = clause(m, i);
        PgQuery__Node *cond = null_test(ns, colref(ns, m->talias, "rowid"), !w->matched);
        if (w->condition)
            cond = bool_expr(ns, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, cond, w->condition);
        PgQuery__Node *wn = take(ns, sizeof(*wn));
        pg_query__node__init(wn);
        PgQuery__CaseWhen *cw = take(ns, sizeof(*cw));
        pg_query__case_when__init(cw);
        cw->expr = cond;
        cw->result = int_const(ns, (int)i + 1);
        cw->location = -1;
        wn->node_case = PG_QUERY__NODE__NODE_CASE_WHEN;
        wn->case_when = cw;
        whens[i] = wn;
    }
    ce->n_args = k;
    ce->args = whens;
    ce->location = -1;
    n->node_case = PG_QUERY__NODE__NODE_CASE_EXPR;
    n->case_expr = ce;
    return n;
}

static void emit_pairs(merge_t *m, translate_stmt_t *out)
{
    nodes_t *ns = &m->ns;
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    PgQuery__Node *targets[3] = {res_target(ns, NULL, colref(ns, m->salias, NULL)),
                                 res_target(ns, "_lg_trid", colref(ns, m->talias, "rowid")),
                                 res_target(ns, "_lg_clause", clause_case(m))};
    sel.n_target_list = 3;
    sel.target_list = targets;
    PgQuery__JoinExpr j = PG_QUERY__JOIN_EXPR__INIT;
    j.jointype = PG_QUERY__JOIN_TYPE__JOIN_LEFT;
    j.larg = m->s->source_relation;
    j.rarg = rv_node(ns, m->target);
    j.quals = m->s->join_condition;
    PgQuery__Node jn = PG_QUERY__NODE__INIT, *jp = &jn;
    jn.node_case = PG_QUERY__NODE__NODE_JOIN_EXPR;
    jn.join_expr = &j;
    sel.n_from_clause = 1;
    sel.from_clause = &jp;
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    emit_str(m->c,
             "DROP TABLE IF EXISTS temp." MERGE_TABLE ";CREATE TEMP TABLE " MERGE_TABLE " AS ");
    emit_select(m->c, &sel, out);
}

/* s._lg_clause = k [AND t.rowid = s._lg_trid] */
static PgQuery__Node *clause_where(merge_t *m, bool match)
{
    nodes_t *ns = &m->ns;
    PgQuery__Node *w =
        op_expr(ns, "=", colref(ns, m->salias, "_lg_clause"), int_const(ns, m->k + 1));
    if (!match)
        return w;
    return bool_expr(
        ns, PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, w,
        op_expr(ns, "=", colref(ns, m->talias, "rowid"), colref(ns, m->salias, "_lg_trid")));
}

static PgQuery__Node *merge_table_item(merge_t *m)
{
    return rv_node(&m->ns, range_var(&m->ns, MERGE_TABLE, m->salias));
}

static void emit_clause_update(merge_t *m, translate_stmt_t *out)
{
    const PgQuery__MergeWhenClause *w = clause(m, (size_t)m->k);
    PgQuery__UpdateStmt u = PG_QUERY__UPDATE_STMT__INIT;
    u.relation = m->target;
    u.n_target_list = w->n_target_list;
    u.target_list = w->target_list;
    PgQuery__Node *from = merge_table_item(m);
    u.n_from_clause = 1;
    u.from_clause = &from;
    u.where_clause = clause_where(m, true);
    emit_update(m->c, &u, out);
}

static void emit_clause_delete(merge_t *m, translate_stmt_t *out)
{
    PgQuery__DeleteStmt d = PG_QUERY__DELETE_STMT__INIT;
    d.relation = m->target;
    PgQuery__Node *from = merge_table_item(m);
    d.n_using_clause = 1;
    d.using_clause = &from;
    d.where_clause = clause_where(m, true);
    emit_delete(m->c, &d, out);
}

/* The target's columns (stored generated ones too, as VALUES counts them) as the column
 * list of an INSERT clause without one: a DEFAULT value leaves its column out of the
 * emitted INSERT, which must then name the others. */
static void insert_target_list(merge_t *m, const PgQuery__MergeWhenClause *w, PgQuery__Node ***list,
                               size_t *n)
{
    *list = w->target_list;
    *n = w->n_target_list;
    emit_ctx_t *c = m->c;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    if (*n || !db ||
        sqlite3_prepare_v2(db,
                           "SELECT name FROM pragma_table_xinfo(?1) WHERE hidden <> 1 "
                           "ORDER BY cid",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, m->target->relname, -1, SQLITE_STATIC);
    PgQuery__Node **cols = take(&m->ns, (w->n_values ? w->n_values : 1) * sizeof(*cols));
    size_t k = 0;
    while (k < w->n_values && sqlite3_step(st) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(st, 0);
        size_t len = strlen(col);
        char *name = take(&m->ns, len + 1);
        memcpy(name, col, len + 1);
        cols[k++] = res_target(&m->ns, name, NULL);
    }
    sqlite3_finalize(st);
    *list = cols;
    *n = k;
}

/* INSERT DEFAULT VALUES, one row per source row taking the clause: the first stored
 * column gets its default expression (NULL without one), the others theirs:
 *   INSERT INTO t (c) SELECT <default of c> FROM _lg_merge WHERE _lg_clause = k */
static void emit_clause_insert_defaults(merge_t *m)
{
    emit_ctx_t *c = m->c;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT name, dflt_value FROM pragma_table_xinfo(?1) "
                                  "WHERE hidden = 0 ORDER BY cid LIMIT 1",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        emit_unsupported(c, -1, "INSERT DEFAULT VALUES in MERGE");
        return;
    }
    sqlite3_bind_text(st, 1, m->target->relname, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist",
                   m->target->relname);
        return;
    }
    const char *dflt = (const char *)sqlite3_column_text(st, 1);
    emit_str(c, "INSERT INTO ");
    if (m->target->schemaname[0]) {
        emit_ident(c, m->target->schemaname);
        emit_str(c, ".");
    }
    emit_ident(c, m->target->relname);
    emit_str(c, " (");
    emit_ident(c, (const char *)sqlite3_column_text(st, 0));
    emit_fmt(c, ") SELECT %s%s%s FROM " MERGE_TABLE " WHERE _lg_clause = %d;", dflt ? "(" : "",
             dflt ? dflt : "NULL", dflt ? ")" : "", m->k + 1);
    sqlite3_finalize(st);
}

static void emit_clause_insert(merge_t *m, translate_stmt_t *out)
{
    const PgQuery__MergeWhenClause *w = clause(m, (size_t)m->k);
    nodes_t *ns = &m->ns;
    size_t n = w->n_values;
    PgQuery__Node **tl;
    size_t ntl;
    insert_target_list(m, w, &tl, &ntl);
    if (ntl && ntl != n) {
        emit_error(m->c, LG_SQLSTATE_SYNTAX_ERROR, -1, "INSERT has more %s than %s",
                   n > ntl ? "expressions" : "target columns",
                   n > ntl ? "target columns" : "expressions");
        return;
    }
    PgQuery__Node **cols = take(ns, (n ? n : 1) * sizeof(*cols));
    PgQuery__Node **vals = take(ns, (n ? n : 1) * sizeof(*vals));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) { /* a DEFAULT value: the column is left out */
        if (w->values[i]->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
            continue;
        if (i < ntl)
            cols[k] = tl[i];
        vals[k++] = res_target(ns, NULL, w->values[i]);
    }
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    sel.n_target_list = k;
    sel.target_list = vals;
    PgQuery__Node *from = merge_table_item(m);
    sel.n_from_clause = 1;
    sel.from_clause = &from;
    sel.where_clause = clause_where(m, false);
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    PgQuery__Node sel_node = PG_QUERY__NODE__INIT;
    sel_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    sel_node.select_stmt = &sel;
    PgQuery__InsertStmt ins = PG_QUERY__INSERT_STMT__INIT;
    ins.relation = range_var(ns, m->target->relname, NULL);
    ins.relation->schemaname = m->target->schemaname;
    ins.n_cols = ntl ? k : 0;
    ins.cols = cols;
    ins.select_stmt = &sel_node;
    ins.override = w->override;
    emit_insert(m->c, &ins, out);
}

/* 21000 when an UPDATE or DELETE clause would reach one target row twice. */
static void emit_twice_check(merge_t *m)
{
    emit_str(m->c, "SELECT lg_raise('21000', 'MERGE command cannot affect row a second time') "
                   "FROM " MERGE_TABLE " WHERE _lg_trid IS NOT NULL AND _lg_clause IN (0");
    for (size_t k = 0; k < m->s->n_merge_when_clauses; k++) {
        PgQuery__CmdType t = clause(m, k)->command_type;
        if (t == PG_QUERY__CMD_TYPE__CMD_UPDATE || t == PG_QUERY__CMD_TYPE__CMD_DELETE)
            emit_fmt(m->c, ", %zu", k + 1);
    }
    emit_str(m->c, ") GROUP BY _lg_trid HAVING count(*) > 1 LIMIT 1;");
}

/* 42601 for a WHEN clause after an unconditional one of the same kind (MATCHED or NOT
 * MATCHED), as PostgreSQL's transformMergeStmt. */
static bool merge_check_reachable(emit_ctx_t *c, const PgQuery__MergeStmt *s)
{
    bool uncond[2] = {false, false};
    for (size_t k = 0; k < s->n_merge_when_clauses; k++) {
        const PgQuery__MergeWhenClause *w = s->merge_when_clauses[k]->merge_when_clause;
        int kind = w->matched ? 1 : 0;
        if (uncond[kind]) {
            emit_error(c, "42601", -1,
                       "unreachable WHEN clause specified after unconditional WHEN clause");
            return false;
        }
        uncond[kind] = w->condition == NULL;
    }
    return true;
}

static bool merge_check(emit_ctx_t *c, const PgQuery__MergeStmt *s)
{
    if (s->with_clause) {
        emit_unsupported(c, -1, "WITH in MERGE");
        return false;
    }
    for (size_t k = 0; k < s->n_merge_when_clauses; k++) {
        const PgQuery__Node *n = s->merge_when_clauses[k];
        if (n->node_case != PG_QUERY__NODE__NODE_MERGE_WHEN_CLAUSE) {
            emit_unsupported(c, -1, "this MERGE clause");
            return false;
        }
    }
    return merge_check_reachable(c, s);
}

void emit_merge(emit_ctx_t *c, const PgQuery__MergeStmt *s, translate_stmt_t *out)
{
    snprintf(out->tag, sizeof(out->tag), "MERGE");
    if (!merge_check(c, s))
        return;
    merge_t m = {.c = c, .s = s};
    const PgQuery__RangeVar *rv = s->relation;
    m.talias = rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname;
    const PgQuery__Node *src = s->source_relation;
    if (src->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
        m.salias = src->range_var->alias && src->range_var->alias->aliasname[0]
                       ? src->range_var->alias->aliasname
                       : src->range_var->relname;
    else if (src->node_case == PG_QUERY__NODE__NODE_RANGE_SUBSELECT && src->range_subselect->alias)
        m.salias = src->range_subselect->alias->aliasname;
    if (!m.salias) {
        emit_unsupported(c, -1, "this MERGE source");
        return;
    }
    m.target = range_var(&m.ns, rv->relname, m.talias);
    m.target->schemaname = rv->schemaname;
    emit_str(c, TRANSLATE_SCRIPT_MARK);
    append_stmt(&m, emit_pairs);
    emit_twice_check(&m);
    for (size_t k = 0; k < s->n_merge_when_clauses && !c->failed; k++) {
        m.k = (int)k;
        PgQuery__CmdType t = clause(&m, k)->command_type;
        if (t == PG_QUERY__CMD_TYPE__CMD_UPDATE)
            append_stmt(&m, emit_clause_update);
        else if (t == PG_QUERY__CMD_TYPE__CMD_DELETE)
            append_stmt(&m, emit_clause_delete);
        else if (t == PG_QUERY__CMD_TYPE__CMD_INSERT && clause(&m, k)->n_values == 0)
            emit_clause_insert_defaults(&m);
        else if (t == PG_QUERY__CMD_TYPE__CMD_INSERT)
            append_stmt(&m, emit_clause_insert);
    }
    /* the rows an action applied to, counted by the command tag (sqlite3_changes) */
    emit_str(c, "UPDATE " MERGE_TABLE " SET _lg_clause = _lg_clause WHERE _lg_clause IN (0");
    for (size_t k = 0; k < s->n_merge_when_clauses; k++)
        if (clause(&m, k)->command_type != PG_QUERY__CMD_TYPE__CMD_NOTHING)
            emit_fmt(c, ", %zu", k + 1);
    emit_str(c, ")");
    out->cls = TR_CLASS_WRITE;
    out->returns_rows = false;
    c->writes = true;
    nodes_free(&m.ns);
}
