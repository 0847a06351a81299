/* translate_emit_grouping.c - GROUP BY GROUPING SETS / ROLLUP / CUBE and GROUPING().
 * Worker thread only.
 *
 * SQLite has one grouping per SELECT, so a query with grouping sets becomes
 *   SELECT <outputs> FROM (branch_1 UNION ALL branch_2 ...) AS _lg_gs ORDER BY ... LIMIT ...
 * with one branch per grouping set: the same FROM and WHERE, GROUP BY the set's
 * expressions, HAVING per branch. In a branch, an expression (outside aggregate arguments)
 * equal to a grouping expression absent from the set is emitted as NULL of that
 * expression's type, and GROUPING(a, b, ...) is emitted as its bitmask constant (bit set =
 * argument not grouped, leftmost argument most significant), as PostgreSQL defines them.
 * ORDER BY items naming an output column sort by it; others are computed per branch as
 * hidden columns _lg_k<i>. Constructs whose meaning would change under the rewrite
 * (window functions, subqueries in the outputs, DISTINCT) give 0A000, never other rows.
 *
 * Expressions are compared structurally (protobuf fields, ignoring "location"). */
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRP_MAX_EXPRS 64
#define GRP_MAX_SETS 4096

struct emit_grouping {
    int nall;
    const PgQuery__Node *all[GRP_MAX_EXPRS]; /* distinct grouping expressions */
    uint32_t types[GRP_MAX_EXPRS];
    int nsets;
    uint64_t *sets; /* bit i = all[i] is grouped in this set */
    uint64_t cur;
    int suspended; /* > 0 inside aggregate arguments */
    bool overflow;
    bool exact;         /* the client's own SELECT: output columns exact (emit_exact.c) */
    uint64_t not_exact; /* output columns the outer ORDER BY sorts: numbers, not TEXT */
};

/* ---- structural equality of parse trees ---- */

static bool msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b);

static bool value_equal(const ProtobufCFieldDescriptor *f, const void *pa, const void *pb)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *x = *(const char *const *)pa, *y = *(const char *const *)pb;
        return strcmp(x ? x : "", y ? y : "") == 0;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
        return msg_equal(*(const ProtobufCMessage *const *)pa,
                         *(const ProtobufCMessage *const *)pb);
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *x = pa, *y = pb;
        return x->len == y->len && (x->len == 0 || memcmp(x->data, y->data, x->len) == 0);
    }
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return memcmp(pa, pb, 8) == 0;
    case PROTOBUF_C_TYPE_BOOL:
        return (*(const protobuf_c_boolean *)pa != 0) == (*(const protobuf_c_boolean *)pb != 0);
    default:
        return memcmp(pa, pb, 4) == 0;
    }
}

static size_t elem_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    default:
        return 4;
    }
}

static bool field_equal(const ProtobufCFieldDescriptor *f, const char *a, const char *b)
{
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t na = *(const size_t *)(a + f->quantifier_offset);
        size_t nb = *(const size_t *)(b + f->quantifier_offset);
        if (na != nb)
            return false;
        const char *xa = *(const char *const *)(a + f->offset);
        const char *xb = *(const char *const *)(b + f->offset);
        for (size_t i = 0; i < na; i++)
            if (!value_equal(f, xa + i * elem_size(f), xb + i * elem_size(f)))
                return false;
        return true;
    }
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
        uint32_t ca = *(const uint32_t *)(a + f->quantifier_offset);
        uint32_t cb = *(const uint32_t *)(b + f->quantifier_offset);
        if ((ca == f->id) != (cb == f->id))
            return false;
        if (ca != f->id)
            return true;
    }
    return value_equal(f, a + f->offset, b + f->offset);
}

static bool msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
    if (!a || !b)
        return a == b;
    if (a->descriptor != b->descriptor)
        return false;
    const ProtobufCMessageDescriptor *d = a->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (strcmp(f->name, "location") == 0)
            continue;
        if (!field_equal(f, (const char *)a, (const char *)b))
            return false;
    }
    return true;
}

static bool node_equal(const PgQuery__Node *a, const PgQuery__Node *b)
{
    return msg_equal(&a->base, &b->base);
}

/* ---- expanding the GROUP BY clause into sets ---- */

/* GROUP BY 2 means the second output column's expression. */
static const PgQuery__Node *resolve_ordinal(const PgQuery__SelectStmt *s, const PgQuery__Node *e)
{
    if (e->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        e->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        int k = e->a_const->ival->ival;
        if (k >= 1 && (size_t)k <= s->n_target_list)
            return s->target_list[k - 1]->res_target->val;
    }
    return e;
}

static int expr_index(emit_grouping_t *g, const PgQuery__Node *e)
{
    for (int i = 0; i < g->nall; i++)
        if (node_equal(g->all[i], e))
            return i;
    if (g->nall >= GRP_MAX_EXPRS) {
        g->overflow = true;
        return 0;
    }
    g->all[g->nall] = e;
    return g->nall++;
}

static uint64_t unit_mask(emit_grouping_t *g, const PgQuery__SelectStmt *s, const PgQuery__Node *n)
{
    if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
        uint64_t m = 0;
        for (size_t i = 0; i < n->grouping_set->n_content; i++)
            m |= unit_mask(g, s, n->grouping_set->content[i]);
        return m;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
        uint64_t m = 0;
        for (size_t i = 0; i < n->row_expr->n_args; i++)
            m |= unit_mask(g, s, n->row_expr->args[i]);
        return m;
    }
    return 1ull << expr_index(g, resolve_ordinal(s, n));
}

static void add_set(emit_grouping_t *g, uint64_t **list, int *n, uint64_t m)
{
    if (*n >= GRP_MAX_SETS) {
        g->overflow = true;
        return;
    }
    *list = lg_xrealloc(*list, (size_t)(*n + 1) * sizeof(uint64_t));
    (*list)[(*n)++] = m;
}

/* The list of sets one GROUP BY item stands for. */
static void expand_item(emit_grouping_t *g, const PgQuery__SelectStmt *s, const PgQuery__Node *n,
                        uint64_t **out, int *nout)
{
    if (n->node_case != PG_QUERY__NODE__NODE_GROUPING_SET) {
        add_set(g, out, nout, unit_mask(g, s, n));
        return;
    }
    const PgQuery__GroupingSet *gs = n->grouping_set;
    size_t k = gs->n_content;
    switch (gs->kind) {
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP:
        for (size_t len = k + 1; len-- > 0;) {
            uint64_t m = 0;
            for (size_t i = 0; i < len; i++)
                m |= unit_mask(g, s, gs->content[i]);
            add_set(g, out, nout, m);
        }
        return;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE:
        if (k > 12) {
            g->overflow = true;
            return;
        }
        for (uint32_t bits = (1u << k); bits-- > 0;) {
            uint64_t m = 0;
            for (size_t i = 0; i < k; i++)
                if (bits & (1u << (k - 1 - i)))
                    m |= unit_mask(g, s, gs->content[i]);
            add_set(g, out, nout, m);
        }
        return;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS:
        for (size_t i = 0; i < k; i++)
            expand_item(g, s, gs->content[i], out, nout);
        return;
    default: /* EMPTY, SIMPLE */
        add_set(g, out, nout, unit_mask(g, s, n));
        return;
    }
}

/* Cross product of the items' set lists, as PostgreSQL combines them. */
static void expand_group_clause(emit_grouping_t *g, const PgQuery__SelectStmt *s)
{
    g->sets = lg_xmalloc(sizeof(uint64_t));
    g->sets[0] = 0;
    g->nsets = 1;
    for (size_t i = 0; i < s->n_group_clause && !g->overflow; i++) {
        uint64_t *item = NULL;
        int nitem = 0;
        expand_item(g, s, s->group_clause[i], &item, &nitem);
        uint64_t *prod = NULL;
        int nprod = 0;
        for (int a = 0; a < g->nsets; a++)
            for (int b = 0; b < nitem; b++)
                add_set(g, &prod, &nprod, g->sets[a] | item[b]);
        free(item);
        free(g->sets);
        g->sets = prod ? prod : lg_xcalloc(1, sizeof(uint64_t));
        g->nsets = nprod;
    }
}

bool emit_grouping_wanted(const PgQuery__SelectStmt *s)
{
    for (size_t i = 0; i < s->n_group_clause; i++)
        if (s->group_clause[i]->node_case == PG_QUERY__NODE__NODE_GROUPING_SET)
            return true;
    return false;
}

/* ---- the emit_expr hook ---- */

static bool is_aggregate(const PgQuery__FuncCall *f)
{
    if (f->agg_star || f->agg_distinct || f->n_agg_order || f->agg_filter)
        return true;
    return emit_is_agg_name(emit_last_name(f->funcname, f->n_funcname));
}

static uint32_t emit_grouping_func(emit_ctx_t *c, const PgQuery__GroupingFunc *gf)
{
    emit_grouping_t *g = c->grp;
    long mask = 0;
    for (size_t i = 0; i < gf->n_args; i++) {
        int k = -1;
        for (int j = 0; j < g->nall && k < 0; j++)
            if (node_equal(g->all[j], gf->args[i]))
                k = j;
        if (k < 0) {
            emit_error(c, "42803", gf->location,
                       "arguments to GROUPING must be grouping expressions of the associated "
                       "query level");
            return 0;
        }
        mask = (mask << 1) | ((g->cur >> k) & 1 ? 0 : 1);
    }
    emit_fmt(c, "%ld", mask);
    return PGTYPE_INT4;
}

bool emit_grouping_subst(emit_ctx_t *c, const PgQuery__Node *n, uint32_t *type)
{
    emit_grouping_t *g = c->grp;
    if (g->suspended)
        return false;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        *type = emit_grouping_func(c, n->grouping_func);
        return true;
    case PG_QUERY__NODE__NODE_SUB_LINK:
        emit_unsupported(c, n->sub_link->location, "a subquery with GROUPING SETS");
        *type = 0;
        return true;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        if (n->func_call->over) {
            emit_unsupported(c, n->func_call->location, "a window function with GROUPING SETS");
            *type = 0;
            return true;
        }
        if (!is_aggregate(n->func_call))
            break;
        g->suspended++;
        *type = emit_func_call(c, n->func_call);
        g->suspended--;
        return true;
    default:
        break;
    }
    for (int i = 0; i < g->nall; i++) {
        if (!((g->cur >> i) & 1) && node_equal(g->all[i], n)) {
            bool grouped_twin = false; /* the same expression also grouped in this set */
            for (int j = 0; j < g->nall; j++)
                grouped_twin |= j != i && ((g->cur >> j) & 1) && node_equal(g->all[j], n);
            if (grouped_twin)
                return false;
            emit_str(c, "NULL");
            c->last_typmod = -1;
            *type = g->types[i];
            return true;
        }
    }
    return false;
}

/* ---- emitting the UNION ALL ---- */

/* ORDER BY item -> output column index (bare name or ordinal), or -1 (hidden key). */
static int sort_output_col(const PgQuery__SortBy *sb, const translate_stmt_t *out)
{
    const PgQuery__Node *e = sb->node;
    if (e->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        e->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        int k = e->a_const->ival->ival;
        return k >= 1 && k <= out->ncols ? k - 1 : -1;
    }
    if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || e->column_ref->n_fields != 1)
        return -1;
    const char *name = emit_strval(e->column_ref->fields[0]);
    for (int i = 0; i < out->ncols; i++)
        if (strcmp(out->cols[i].name, name) == 0)
            return i;
    return -1;
}

static char *from_text(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    lg_buf_t fb;
    lg_buf_init(&fb, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &fb;
    emit_from_list(c, s->from_clause, s->n_from_clause);
    c->b = saved;
    lg_buf_putc(&fb, 0);
    if (fb.failed)
        c->b->failed = true;
    size_t len;
    char *t = (char *)lg_buf_steal(&fb, &len);
    return t ? t : lg_xstrdup("");
}

static void emit_branch(emit_ctx_t *c, emit_grouping_t *g, const PgQuery__SelectStmt *s, int set,
                        translate_stmt_t *out, const int *sortcol)
{
    emit_scope_push(c);
    char *from = from_text(c, s);
    if (set == 0)
        for (int i = 0; i < g->nall; i++)
            g->types[i] = emit_peek_type(c, g->all[i]);
    g->cur = g->sets[set];
    emit_str(c, "SELECT ");
    c->grp = g;
    c->exact_sel = g->exact ? s : NULL;
    c->exact_skip = g->not_exact;
    emit_target_list(c, s->target_list, s->n_target_list, set == 0 ? out : NULL);
    c->exact_sel = NULL;
    c->exact_skip = 0;
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        if (sortcol[i] >= 0)
            continue;
        emit_str(c, ", ");
        emit_expr(c, s->sort_clause[i]->sort_by->node);
        emit_fmt(c, " AS _lg_k%zu", i);
    }
    /* an aggregate makes every arm an aggregate query: the empty grouping set () gives its
     * one row even when the select list has no aggregate */
    emit_str(c, ", count(*) AS _lg_agg");
    c->grp = NULL;
    if (from[0])
        emit_fmt(c, " FROM %s", from);
    free(from);
    if (s->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
    }
    for (int i = 0, k = 0; i < g->nall; i++) {
        if (!((g->cur >> i) & 1))
            continue;
        emit_str(c, k++ ? ", " : " GROUP BY ");
        emit_expr(c, g->all[i]);
    }
    if (s->having_clause) {
        c->grp = g;
        emit_str(c, " HAVING ");
        emit_expr_as(c, s->having_clause, PGTYPE_BOOL, -1);
        c->grp = NULL;
    }
    emit_scope_pop(c);
}

static bool grouping_check(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    if (s->n_distinct_clause || s->n_window_clause || s->into_clause) {
        emit_unsupported(c, -1, "DISTINCT, WINDOW or INTO with GROUPING SETS");
        return false;
    }
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__Node *v = s->target_list[i]->res_target->val;
        if (v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
            v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                PG_QUERY__NODE__NODE_A_STAR) {
            emit_unsupported(c, -1, "* with GROUPING SETS");
            return false;
        }
    }
    return true;
}

static void emit_outer_order(emit_ctx_t *c, const PgQuery__SelectStmt *s, const int *sortcol)
{
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        const PgQuery__SortBy *sb = s->sort_clause[i]->sort_by;
        emit_str(c, i ? ", " : " ORDER BY ");
        if (sortcol[i] >= 0)
            emit_fmt(c, "_lg_c%d", sortcol[i]);
        else
            emit_fmt(c, "_lg_k%zu", i);
        bool desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        bool nf = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                  (desc && sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST);
        emit_str(c, desc ? " DESC" : "");
        emit_str(c, nf ? " NULLS FIRST" : " NULLS LAST");
    }
}

void emit_grouping_select(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out)
{
    bool exact = c->exact_top;
    c->exact_top = false;
    if (!grouping_check(c, s))
        return;
    emit_grouping_t g = {.exact = exact};
    expand_group_clause(&g, s);
    if (g.overflow || g.nsets == 0) {
        emit_unsupported(c, -1, "this many grouping sets");
        free(g.sets);
        return;
    }
    translate_stmt_t local = {.ncols = -1};
    translate_stmt_t *cols = out ? out : &local;
    /* output names decide which ORDER BY items sort by an output column */
    cols->ncols = (int)s->n_target_list;
    cols->cols = lg_xcalloc(s->n_target_list + 1, sizeof(translate_col_t));
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        cols->cols[i].name = lg_xstrdup(rt->name[0] ? rt->name : emit_colname(rt->val));
    }
    int *sortcol = lg_xcalloc(s->n_sort_clause + 1, sizeof(int));
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        sortcol[i] = sort_output_col(s->sort_clause[i]->sort_by, cols);
        if (sortcol[i] >= 0 && sortcol[i] < 64)
            g.not_exact |= 1ull << sortcol[i];
    }
    emit_str(c, "SELECT ");
    for (int i = 0; i < cols->ncols; i++) { /* positional names: output names may repeat */
        emit_fmt(c, "%s_lg_c%d AS ", i ? ", " : "", i);
        emit_ident(c, cols->cols[i].name);
    }
    /* an empty first arm names the union's columns _lg_c<i> / _lg_k<i> */
    emit_str(c, " FROM (SELECT ");
    for (int i = 0; i < cols->ncols; i++)
        emit_fmt(c, "%sNULL AS _lg_c%d", i ? ", " : "", i);
    for (size_t i = 0; i < s->n_sort_clause; i++)
        if (sortcol[i] < 0)
            emit_fmt(c, ", NULL AS _lg_k%zu", i);
    emit_str(c, ", NULL AS _lg_agg WHERE 0 UNION ALL ");
    for (int k = 0; k < g.nsets; k++) {
        emit_str(c, k ? " UNION ALL " : "");
        emit_branch(c, &g, s, k, cols, sortcol);
    }
    emit_str(c, ") AS _lg_gs");
    emit_outer_order(c, s, sortcol);
    emit_select_limit(c, s);
    free(sortcol);
    free(g.sets);
    if (cols == &local)
        emit_cols_free(local.cols, local.ncols);
}
