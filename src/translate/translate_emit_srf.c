/* translate_emit_srf.c - a set-returning function in a SELECT's target list
 * (`SELECT unnest(tags) AS tag FROM t`). Worker thread only.
 *
 * PostgreSQL runs such a function once per input row and emits one output row per result;
 * with a single set-returning function and no grouping that is the same as a lateral join
 * with the function in FROM. So the statement is rewritten in place, before emission:
 *   SELECT unnest(x) AS v FROM t   ->   SELECT _lg_srf._lg_srf AS v FROM t, unnest(x) AS _lg_srf
 * (an unnamed target keeps the function's name as its column name). The rewrite allocates
 * with malloc and plugs the new nodes into the parse tree, which the translator frees with
 * protobuf-c's free_unpacked, so the tree stays consistent for every later pass. Several
 * calls that are the same call (PostgreSQL runs them in lockstep, so they give the same
 * rows) share the one FROM item. information_schema._pg_expandarray returns rows (x, n):
 * `(f(a)).n` becomes the FROM item's column n and a bare `f(a)` its whole row (a record).
 * Different set-returning calls side by side run in lockstep, as PostgreSQL runs them: as
 * many rows as the longest gives, NULL where one has run out. That is the rows of
 *   unnest(ARRAY(SELECT f1(...)), ARRAY(SELECT f2(...)), ...) AS _lg_srf(c0, c1, ...)
 * (translate_emit_unnest.c), each call in its own correlated ARRAY subquery; the calls
 * become _lg_srf.cK. One next to aggregates, window functions or GROUP BY (evaluated after
 * grouping) is 0A000. */
#include "lg_alloc.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRF_ALIAS "_lg_srf"

/* Table functions whose rows are records: a bare call in a select list is the whole row
 * (translate_emit_func.c gives them the hidden column EMIT_ROW_COLUMN). */
static bool has_row_column(const char *pg)
{
    return !strcmp(pg, "_pg_expandarray") || !strcmp(pg, "json_each") ||
           !strcmp(pg, "jsonb_each") || !strcmp(pg, "json_each_text") ||
           !strcmp(pg, "jsonb_each_text");
}

static bool is_srf_name(const char *pg)
{
    static const char *const k[] = {"unnest",
                                    "generate_series",
                                    "json_array_elements",
                                    "jsonb_array_elements",
                                    "json_array_elements_text",
                                    "jsonb_array_elements_text",
                                    "json_object_keys",
                                    "jsonb_object_keys",
                                    "jsonb_path_query",
                                    "regexp_split_to_table",
                                    "string_to_table",
                                    "regexp_matches",
                                    "generate_subscripts"};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (!strcmp(pg, k[i]))
            return true;
    return !strcmp(pg, "_pg_expandarray") || has_row_column(pg);
}

static bool is_agg_name(const char *pg)
{
    return emit_is_agg_name(pg); /* translate_emit_check.c */
}

#define SRF_MAX_CALLS 8

typedef struct srf_scan {
    PgQuery__Node **slot[SRF_MAX_CALLS]; /* where the set-returning calls hang */
    PgQuery__Node *fn[SRF_MAX_CALLS];    /* the call (inside *slot when field is set) */
    const char *field[SRF_MAX_CALLS];    /* (call).field, or NULL for the call itself */
    int nsrf;
    bool agg;
} srf_scan_t;

static bool srf_call(const PgQuery__Node *n)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return false;
    const PgQuery__FuncCall *f = n->func_call;
    return !f->over && is_srf_name(emit_last_name(f->funcname, f->n_funcname));
}

static void note_call(srf_scan_t *st, PgQuery__Node **slot, PgQuery__Node *fn, const char *field)
{
    if (st->nsrf < SRF_MAX_CALLS) {
        st->slot[st->nsrf] = slot;
        st->fn[st->nsrf] = fn;
        st->field[st->nsrf] = field;
    }
    st->nsrf++;
}

/* Walks m (not into subqueries), noting set-returning calls and aggregates. */
static void scan(ProtobufCMessage *m, PgQuery__Node **slot, srf_scan_t *st)
{
    if (!m || m->descriptor == &pg_query__sub_link__descriptor ||
        m->descriptor == &pg_query__select_stmt__descriptor)
        return;
    if (m->descriptor == &pg_query__node__descriptor) {
        PgQuery__Node *n = (PgQuery__Node *)m;
        if (n->node_case == PG_QUERY__NODE__NODE_A_INDIRECTION && slot) {
            const PgQuery__AIndirection *ind = n->a_indirection;
            if (ind->n_indirection == 1 &&
                ind->indirection[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
                srf_call(ind->arg) &&
                !strcmp(
                    emit_last_name(ind->arg->func_call->funcname, ind->arg->func_call->n_funcname),
                    "_pg_expandarray")) {
                note_call(st, slot, ind->arg, emit_strval(ind->indirection[0]));
                scan(&ind->arg->base, NULL, st); /* nested calls in its arguments */
                return;
            }
        }
        if (n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
            const PgQuery__FuncCall *f = n->func_call;
            const char *pg = emit_last_name(f->funcname, f->n_funcname);
            if (f->over || f->agg_star || is_agg_name(pg))
                st->agg = true;
            if (is_srf_name(pg) && slot)
                note_call(st, slot, n, NULL);
        }
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)((const char *)m + f->quantifier_offset) != f->id)
            continue; /* an inactive member of Node's oneof (same storage) */
        char *base = (char *)m + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t cnt = *(size_t *)((char *)m + f->quantifier_offset);
            ProtobufCMessage **arr = *(ProtobufCMessage ***)base;
            bool nodes = f->descriptor == &pg_query__node__descriptor;
            for (size_t k = 0; k < cnt; k++)
                scan(arr[k], nodes ? (PgQuery__Node **)&arr[k] : NULL, st);
        } else {
            ProtobufCMessage **p = (ProtobufCMessage **)base;
            scan(*p, f->descriptor == &pg_query__node__descriptor ? (PgQuery__Node **)p : NULL, st);
        }
    }
}

static PgQuery__Node *string_node(const char *s)
{
    PgQuery__String *str = lg_xmalloc(sizeof(*str));
    pg_query__string__init(str);
    str->sval = lg_xstrdup(s);
    PgQuery__Node *n = lg_xmalloc(sizeof(*n));
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_STRING;
    n->string = str;
    return n;
}

/* Whether target value v is the call fn, maybe under casts: PostgreSQL names the column of
 * `generate_series(...)::date` after the function, as it names that of the bare call. */
static bool target_is_call(const PgQuery__Node *v, const PgQuery__Node *fn)
{
    while (v && v != fn && v->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        v = v->type_cast->arg;
    return v == fn;
}

/* The FROM item `fn AS _lg_srf` (takes ownership of fn). */
static PgQuery__Node *range_function(PgQuery__Node *fn)
{
    PgQuery__List *pair = lg_xmalloc(sizeof(*pair));
    pg_query__list__init(pair);
    pair->n_items = 1;
    pair->items = lg_xmalloc(sizeof(*pair->items));
    pair->items[0] = fn;
    PgQuery__Node *pn = lg_xmalloc(sizeof(*pn));
    pg_query__node__init(pn);
    pn->node_case = PG_QUERY__NODE__NODE_LIST;
    pn->list = pair;
    PgQuery__Alias *al = lg_xmalloc(sizeof(*al));
    pg_query__alias__init(al);
    al->aliasname = lg_xstrdup(SRF_ALIAS);
    PgQuery__RangeFunction *rf = lg_xmalloc(sizeof(*rf));
    pg_query__range_function__init(rf);
    rf->n_functions = 1;
    rf->functions = lg_xmalloc(sizeof(*rf->functions));
    rf->functions[0] = pn;
    rf->alias = al;
    PgQuery__Node *n = lg_xmalloc(sizeof(*n));
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_RANGE_FUNCTION;
    n->range_function = rf;
    return n;
}

static PgQuery__Node *srf_column_ref(const char *col)
{
    PgQuery__ColumnRef *cr = lg_xmalloc(sizeof(*cr));
    pg_query__column_ref__init(cr);
    cr->n_fields = 2;
    cr->fields = lg_xmalloc(2 * sizeof(*cr->fields));
    cr->fields[0] = string_node(SRF_ALIAS);
    cr->fields[1] = string_node(col);
    cr->location = -1;
    PgQuery__Node *n = lg_xmalloc(sizeof(*n));
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    n->column_ref = cr;
    return n;
}

static PgQuery__Node *node_of_select(PgQuery__SelectStmt *sel)
{
    PgQuery__Node *n = lg_xmalloc(sizeof(*n));
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    n->select_stmt = sel;
    return n;
}

/* ARRAY(SELECT fn) (takes ownership of fn). */
static PgQuery__Node *array_of_call(PgQuery__Node *fn)
{
    PgQuery__ResTarget *rt = lg_xmalloc(sizeof(*rt));
    pg_query__res_target__init(rt);
    rt->val = fn;
    rt->location = -1;
    PgQuery__Node *rtn = lg_xmalloc(sizeof(*rtn));
    pg_query__node__init(rtn);
    rtn->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    rtn->res_target = rt;
    PgQuery__SelectStmt *sel = lg_xmalloc(sizeof(*sel));
    pg_query__select_stmt__init(sel);
    sel->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    sel->limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    sel->n_target_list = 1;
    sel->target_list = lg_xmalloc(sizeof(*sel->target_list));
    sel->target_list[0] = rtn;
    PgQuery__SubLink *sl = lg_xmalloc(sizeof(*sl));
    pg_query__sub_link__init(sl);
    sl->sub_link_type = PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK;
    sl->subselect = node_of_select(sel);
    sl->location = -1;
    PgQuery__Node *n = lg_xmalloc(sizeof(*n));
    pg_query__node__init(n);
    n->node_case = PG_QUERY__NODE__NODE_SUB_LINK;
    n->sub_link = sl;
    return n;
}

/* unnest(ARRAY(SELECT f1), ...) with its n arguments (taken), as a FuncCall node. */
static PgQuery__Node *zip_call(PgQuery__Node **arrays, int n)
{
    PgQuery__FuncCall *f = lg_xmalloc(sizeof(*f));
    pg_query__func_call__init(f);
    f->n_funcname = 1;
    f->funcname = lg_xmalloc(sizeof(*f->funcname));
    f->funcname[0] = string_node("unnest");
    f->n_args = (size_t)n;
    f->args = lg_xmalloc((size_t)n * sizeof(*f->args));
    for (int i = 0; i < n; i++)
        f->args[i] = arrays[i];
    f->funcformat = PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL;
    f->location = -1;
    PgQuery__Node *node = lg_xmalloc(sizeof(*node));
    pg_query__node__init(node);
    node->node_case = PG_QUERY__NODE__NODE_FUNC_CALL;
    node->func_call = f;
    return node;
}

typedef struct find_node {
    const ProtobufCMessage *target;
    bool found;
} find_node_t;

static bool find_in(const ProtobufCMessage *m, void *ctx)
{
    find_node_t *f = ctx;
    if (m == f->target)
        f->found = true;
    else if (!f->found)
        emit_walk_children(m, find_in, ctx);
    return !f->found;
}

/* True when one noted call sits inside another's arguments. */
static bool srf_nested(const srf_scan_t *st)
{
    for (int j = 0; j < st->nsrf; j++)
        for (int k = 0; k < st->nsrf; k++) {
            if (j == k)
                continue;
            find_node_t f = {.target = &st->fn[k]->base, .found = false};
            emit_walk_children(&st->fn[j]->base, find_in, &f);
            if (f.found)
                return true;
        }
    return false;
}

/* Different calls side by side (see the header): slot k reads column c<i> of the zip,
 * i the first call equal to call k. */
static bool srf_zip(emit_ctx_t *c, PgQuery__SelectStmt *s, srf_scan_t *st)
{
    if (st->nsrf > SRF_MAX_CALLS || srf_nested(st))
        return false;
    PgQuery__Node *arrays[SRF_MAX_CALLS];
    int col[SRF_MAX_CALLS], ncalls = 0;
    for (int k = 0; k < st->nsrf; k++) {
        if (st->field[k])
            return false; /* (f(x)).field of a record function: not zipped */
        col[k] = -1;
        for (int j = 0; j < k && col[k] < 0; j++)
            if (emit_msg_equal(&st->fn[j]->base, &st->fn[k]->base, NULL, NULL))
                col[k] = col[j];
        if (col[k] < 0)
            col[k] = ncalls++;
    }
    for (size_t i = 0; i < s->n_target_list; i++) { /* unnamed calls keep their names */
        PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        for (int k = 0; k < st->nsrf; k++)
            if (target_is_call(rt->val, st->fn[k]) && (!rt->name || !rt->name[0]))
                rt->name = lg_xstrdup(emit_last_name(st->fn[k]->func_call->funcname,
                                                     st->fn[k]->func_call->n_funcname));
    }
    for (int k = 0; k < st->nsrf; k++) {
        PgQuery__Node *fn = *st->slot[k];
        char name[16];
        snprintf(name, sizeof(name), "c%d", col[k]);
        *st->slot[k] = srf_column_ref(name);
        bool first = true;
        for (int j = 0; j < k; j++)
            first = first && col[j] != col[k];
        if (first)
            arrays[col[k]] = array_of_call(fn);
        else
            pg_query__node__free_unpacked(fn, NULL);
    }
    PgQuery__Node *rf = range_function(zip_call(arrays, ncalls));
    PgQuery__Alias *al = rf->range_function->alias;
    al->n_colnames = (size_t)ncalls;
    al->colnames = lg_xmalloc((size_t)ncalls * sizeof(*al->colnames));
    for (int i = 0; i < ncalls; i++) {
        char name[16];
        snprintf(name, sizeof(name), "c%d", i);
        al->colnames[i] = string_node(name);
    }
    s->from_clause = lg_xrealloc(s->from_clause, (s->n_from_clause + 1) * sizeof(*s->from_clause));
    s->from_clause[s->n_from_clause++] = rf;
    (void)c;
    return true;
}

/* The column a replaced call reads from the FROM item. */
static const char *srf_column(const PgQuery__Node *fn, const char *field)
{
    if (field)
        return field;
    const PgQuery__FuncCall *f = fn->func_call;
    return has_row_column(emit_last_name(f->funcname, f->n_funcname)) ? EMIT_ROW_COLUMN : SRF_ALIAS;
}

/* True when every noted call is the same call as the first. */
static bool srf_calls_same(const srf_scan_t *st)
{
    if (st->nsrf > SRF_MAX_CALLS)
        return false;
    for (int i = 1; i < st->nsrf; i++)
        if (!emit_msg_equal(&st->fn[0]->base, &st->fn[i]->base, NULL, NULL))
            return false;
    return true;
}

bool emit_srf_rewrite(emit_ctx_t *c, const PgQuery__SelectStmt *cs)
{
    PgQuery__SelectStmt *s = (PgQuery__SelectStmt *)(uintptr_t)cs; /* rewritten in place */
    srf_scan_t st = {0};
    for (size_t i = 0; i < s->n_target_list; i++)
        scan(&s->target_list[i]->base, &s->target_list[i], &st);
    if (st.nsrf == 0)
        return false;
    bool same = srf_calls_same(&st);
    if (!same && !st.agg && !s->n_group_clause && !s->having_clause && !s->n_window_clause &&
        srf_zip(c, s, &st))
        return false;
    if (!same || st.agg || s->n_group_clause || s->having_clause || s->n_window_clause) {
        emit_unsupported(c, -1,
                         !same ? "more than one set-returning function in the "
                                 "select list"
                               : "a set-returning function in the select list "
                                 "of a grouped or windowed query");
        return true;
    }
    PgQuery__Node *fn = st.fn[0];
    /* an unnamed target that is the call itself keeps the function's name */
    for (size_t i = 0; i < s->n_target_list; i++) {
        PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        for (int k = 0; k < st.nsrf; k++) {
            if (target_is_call(rt->val, st.fn[k]) && !st.field[k] && (!rt->name || !rt->name[0])) {
                rt->name =
                    lg_xstrdup(emit_last_name(fn->func_call->funcname, fn->func_call->n_funcname));
            }
        }
    }
    for (int k = 0; k < st.nsrf; k++) {
        PgQuery__Node *old = *st.slot[k];
        *st.slot[k] = srf_column_ref(srf_column(st.fn[k], st.field[k]));
        if (st.field[k] && k == 0)
            old->a_indirection->arg = NULL; /* the call moves to FROM */
        if (st.field[k] || k > 0)
            pg_query__node__free_unpacked(old, NULL);
    }
    s->from_clause = lg_xrealloc(s->from_clause, (s->n_from_clause + 1) * sizeof(*s->from_clause));
    s->from_clause[s->n_from_clause++] = range_function(fn);
    return false;
}
