/* translate_emit_expr.c - expressions other than operators: constants, parameters, column
 * references, boolean logic, NULL/boolean tests, CASE, COALESCE, GREATEST/LEAST, row and
 * array constructors, subscripts, sublinks; the coercion of unknown literals and
 * parameters to the type their context wants (emit_expr_as); PostgreSQL's output column
 * names (emit_colname). Worker thread only.
 *
 * Each emitter returns the PostgreSQL type OID of what it emitted: PGTYPE_UNKNOWN for an
 * untyped string literal, 0 when not known. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "pgtype_num.h"
#include "translate_emit.h"
#include "translate_emit_enum.h"
#include "translate_emit_check.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static uint32_t emit_const(emit_ctx_t *c, const PgQuery__AConst *k)
{
    switch (k->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        emit_fmt(c, "%d", k->ival->ival);
        return PGTYPE_INT4;
    case PG_QUERY__A__CONST__VAL_FVAL: {
        const char *f = k->fval->fval;
        bool dec = strpbrk(f, ".eE") != NULL;
        errno = 0;
        long long v = dec ? 0 : strtoll(f, NULL, 10);
        bool big = !dec && errno == ERANGE; /* an integer past bigint: numeric */
        if (c->exact && (dec || big))
            emit_literal(c, f); /* decimal TEXT keeps every digit and the scale */
        else
            emit_str(c, f);
        if (dec) {
            int scale = emit_numeric_text_scale(f); /* 2.50 displays as 2.50 */
            c->last_typmod = scale >= 0 ? pgtype_typmod_dscale(scale) : -1;
            return PGTYPE_NUMERIC;
        }
        if (big)
            return PGTYPE_NUMERIC;
        return v >= INT32_MIN && v <= INT32_MAX ? PGTYPE_INT4 : PGTYPE_INT8;
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        emit_str(c, k->boolval->boolval ? "1" : "0");
        return PGTYPE_BOOL;
    case PG_QUERY__A__CONST__VAL_SVAL:
        emit_literal(c, k->sval->sval);
        return PGTYPE_UNKNOWN;
    case PG_QUERY__A__CONST__VAL_BSVAL:
        emit_unsupported(c, k->location, "bit string constant");
        return 0;
    default:
        emit_str(c, "NULL");
        return 0;
    }
}

static uint32_t emit_param(emit_ctx_t *c, const PgQuery__ParamRef *p)
{
    if (p->number < 1 || p->number > EMIT_MAX_PARAMS) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_PARAMETER, p->location, "there is no parameter $%d",
                   p->number);
        return 0;
    }
    emit_param_note(c, p->number, 0);
    emit_fmt(c, "?%d", p->number);
    return c->ptypes[p->number];
}

void emit_colmap_expr(emit_ctx_t *c, const emit_rel_t *r, int k)
{
    const char *tpl = r->colmap_to[k];
    for (const char *hole; (hole = strstr(tpl, "%s")) != NULL; tpl = hole + 2) {
        lg_buf_append(c->b, tpl, (size_t)(hole - tpl));
        emit_ident(c, r->alias);
    }
    emit_str(c, tpl);
}

/* Table-function column mapping (see emit_range_function). */
static bool emit_colmap(emit_ctx_t *c, const char *rel, const char *col, uint32_t *type)
{
    for (emit_scope_t *s = c->scope; s; s = s->parent) {
        for (int i = 0; i < s->nrels; i++) {
            emit_rel_t *r = &s->rels[i];
            if (rel && strcmp(r->alias, rel) != 0)
                continue;
            for (int k = 0; k < r->ncolmap; k++) {
                if (strcmp(r->colmap_from[k], col) != 0)
                    continue;
                emit_colmap_expr(c, r, k);
                *type = r->colmap_type[k];
                c->last_typmod = r->colmap_typmod[k] > 0 ? r->colmap_typmod[k] : -1;
                return true;
            }
        }
    }
    return false;
}

/* 1 when FROM item r has column col, 0 when not, -1 when not known. */
static int rel_has_column(emit_ctx_t *c, const emit_rel_t *r, const char *col)
{
    for (int k = 0; k < r->ncolmap; k++)
        if (strcmp(r->colmap_from[k], col) == 0)
            return 1;
    for (int k = 0; k < r->ncols; k++)
        if (r->cols[k].name && strcmp(r->cols[k].name, col) == 0)
            return 1;
    if (r->ncols > 0 || r->ncolmap > 0)
        return 0;
    if (!r->table[0] || !c->opts || !c->opts->catalog_db)
        return -1;
    catalog_coltype_t t;
    return catalog_column_type((sqlite3 *)c->opts->catalog_db, r->table, col, &t) == 0 ? 1 : 0;
}

/* A table function in FROM is a json_each whose own columns (key, value, type, atom, id,
 * parent, fullkey, path) SQLite would see: an unqualified column of another FROM item is
 * qualified with that item's alias so that it cannot become ambiguous. NULL = leave it. */
static const char *qualifier_for(emit_ctx_t *c, const char *col)
{
    bool colmap = false;
    for (emit_scope_t *s = c->scope; s && !colmap; s = s->parent)
        for (int i = 0; i < s->nrels; i++)
            colmap |= s->rels[i].ncolmap > 0;
    if (!colmap)
        return NULL;
    for (emit_scope_t *s = c->scope; s; s = s->parent) {
        const char *hit = NULL;
        for (int i = 0; i < s->nrels; i++) {
            int h = rel_has_column(c, &s->rels[i], col);
            if (h < 0 || (h == 1 && hit))
                return NULL;
            if (h == 1)
                hit = s->rels[i].alias;
        }
        if (hit)
            return hit;
    }
    return NULL;
}

/* A qualifier that names no FROM item: 42P01 as PostgreSQL reports it. */
static bool qualifier_known(emit_ctx_t *c, const char *rel, int location)
{
    bool any = false;
    const emit_rel_t *by_table = NULL;
    for (emit_scope_t *s = c->scope; s; s = s->parent) {
        for (int i = 0; i < s->nrels; i++) {
            if (strcmp(s->rels[i].alias, rel) == 0)
                return true;
            if (!by_table && strcmp(s->rels[i].table, rel) == 0)
                by_table = &s->rels[i];
            any = true;
        }
    }
    if (!any || c->dry)
        return true;
    if (by_table)
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, location,
                   "invalid reference to FROM-clause entry for table \"%s\"", rel);
    else
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, location,
                   "missing FROM-clause entry for table \"%s\"", rel);
    return false;
}

static uint32_t emit_column_ref(emit_ctx_t *c, const PgQuery__ColumnRef *cr)
{
    size_t n = cr->n_fields;
    if (n == 0)
        return 0;
    const PgQuery__Node *last = cr->fields[n - 1];
    bool star = last->node_case == PG_QUERY__NODE__NODE_A_STAR;
    if (n > 3 || (n == 3 && !star)) {
        /* schema.table.column: keep the last two parts */
    }
    const char *col = star ? "*" : emit_strval(last);
    const char *rel = n >= 2 ? emit_strval(cr->fields[n - 2]) : NULL;
    uint32_t type = 0;
    if (!star)
        emit_note_colref(c, rel, col, cr->location);
    if (!star && emit_colmap(c, rel, col, &type))
        return type;
    if (!star && emit_sysattr(c, rel, col, &type)) /* translate_emit_upsert.c */
        return type;
    if (rel && c->unqualify && strcmp(rel, c->unqualify) == 0)
        rel = NULL; /* RETURNING t.col: SQLite wants the bare column */
    else if (rel && n == 2 && !qualifier_known(c, rel, cr->location))
        return 0;
    const char *qual = !rel && !star ? qualifier_for(c, col) : NULL;
    if (qual) {
        emit_ident(c, qual);
        emit_str(c, ".");
    }
    if (rel) {
        emit_ident(c, rel);
        emit_str(c, ".");
    }
    if (star) {
        emit_str(c, "*");
        return 0;
    }
    emit_ident(c, col);
    int32_t typmod;
    uint32_t t = emit_column_type(c, n >= 2 ? emit_strval(cr->fields[n - 2]) : NULL, col, &typmod);
    emit_check_column_case(c, rel, col, cr->location); /* translate_emit_colcase.c */
    return t;
}

static uint32_t emit_bool_expr(emit_ctx_t *c, const PgQuery__BoolExpr *b)
{
    if (b->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR) {
        emit_str(c, "(NOT ");
        emit_expr_as(c, b->args[0], PGTYPE_BOOL, -1);
        emit_str(c, ")");
        return PGTYPE_BOOL;
    }
    const char *op = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR ? " AND " : " OR ";
    emit_str(c, "(");
    for (size_t i = 0; i < b->n_args; i++) {
        if (i)
            emit_str(c, op);
        emit_expr_as(c, b->args[i], PGTYPE_BOOL, -1);
    }
    emit_str(c, ")");
    return PGTYPE_BOOL;
}

static uint32_t emit_null_test(emit_ctx_t *c, const PgQuery__NullTest *t)
{
    bool isnull = t->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL;
    if (t->arg->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
        const PgQuery__RowExpr *r = t->arg->row_expr;
        emit_str(c, "(");
        for (size_t i = 0; i < r->n_args; i++) {
            emit_str(c, i ? " AND " : "");
            emit_expr(c, r->args[i]);
            emit_str(c, isnull ? " IS NULL" : " IS NOT NULL");
        }
        emit_str(c, r->n_args ? ")" : "1)");
        return PGTYPE_BOOL;
    }
    if (c->in_returning) {
        /* SQLite 3.40.1 evaluates IS [NOT] NULL in an UPDATE's RETURNING list against the
         * old row when the table has a NOT NULL column; typeof() sees the new value. */
        emit_str(c, "(typeof(");
        emit_expr(c, t->arg);
        emit_str(c, isnull ? ") = 'null')" : ") <> 'null')");
        return PGTYPE_BOOL;
    }
    emit_str(c, "(");
    emit_expr(c, t->arg);
    emit_str(c, isnull ? " IS NULL)" : " IS NOT NULL)");
    return PGTYPE_BOOL;
}

static uint32_t emit_boolean_test(emit_ctx_t *c, const PgQuery__BooleanTest *t)
{
    static const char *const k_ops[] = {
        "", " IS TRUE", " IS NOT TRUE", " IS FALSE", " IS NOT FALSE", " IS NULL", " IS NOT NULL"};
    int k = (int)t->booltesttype;
    if (k < 1 || k > 6)
        k = 1;
    emit_str(c, "(");
    emit_expr_as(c, t->arg, PGTYPE_BOOL, -1);
    emit_str(c, k_ops[k]);
    emit_str(c, ")");
    return PGTYPE_BOOL;
}

/* Type of the first argument whose type is known (not unknown literal/param). */
static uint32_t common_type(emit_ctx_t *c, PgQuery__Node **args, size_t n)
{
    uint32_t best = 0;
    for (size_t i = 0; i < n; i++) {
        if (!args[i])
            continue;
        const PgQuery__ParamRef *pr = args[i]->node_case == PG_QUERY__NODE__NODE_PARAM_REF
                                          ? args[i]->param_ref
                                          : NULL; /* a parameter counts once its type is known */
        if (pr && (pr->number < 1 || pr->number > EMIT_MAX_PARAMS))
            continue;
        uint32_t t = pr ? c->ptypes[pr->number] : emit_peek_type(c, args[i]);
        if (t && t != PGTYPE_UNKNOWN) {
            if (!best ||
                (emit_type_is_int(best) && (t == PGTYPE_NUMERIC || emit_type_is_float(t))) ||
                (best == PGTYPE_INT4 && t == PGTYPE_INT8) ||
                (best == PGTYPE_NUMERIC && emit_type_is_float(t)) ||
                emit_datetime_common(best, t) == t) /* date < timestamp < timestamptz */
                best = t;
        }
    }
    return best;
}

/* Display scale of CASE/COALESCE/GREATEST results: the largest of the branches' (a NULL
 * branch does not count); unknown when any numeric branch's scale is unknown. */
typedef struct scale_acc {
    int scale;
    bool unknown;
} scale_acc_t;

static void scale_note(emit_ctx_t *c, scale_acc_t *a, const PgQuery__Node *n, uint32_t t)
{
    if (!n || (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
               (n->a_const->isnull || n->a_const->val_case == PG_QUERY__A__CONST__VAL__NOT_SET)))
        return;
    int s = emit_numeric_scale(t, c->last_typmod);
    if (s < 0)
        a->unknown = true;
    else if (s > a->scale)
        a->scale = s;
}

static int32_t scale_result(const scale_acc_t *a, uint32_t t)
{
    return t == PGTYPE_NUMERIC && !a->unknown ? pgtype_typmod_dscale(a->scale) : -1;
}

static uint32_t case_result(emit_ctx_t *c, const PgQuery__Node *n, uint32_t t)
{
    if (c->exact && t == PGTYPE_NUMERIC) {
        emit_exact_operand(c, n, t);
        return t;
    }
    return emit_expr_as(c, n, t, -1);
}

static uint32_t emit_case(emit_ctx_t *c, const PgQuery__CaseExpr *e)
{
    size_t nres = e->n_args + 1;
    PgQuery__Node **res = lg_xcalloc(nres, sizeof(*res));
    for (size_t i = 0; i < e->n_args; i++)
        res[i] = e->args[i]->case_when->result;
    res[e->n_args] = e->defresult;
    /* PostgreSQL lists the ELSE result first when it matches the branch types */
    PgQuery__Node *first = res[e->n_args];
    memmove(res + 1, res, e->n_args * sizeof(*res));
    res[0] = first;
    emit_check_common(c, res, nres, "CASE"); /* translate_emit_typecheck.c */
    uint32_t t = common_type(c, res, nres);
    free(res);
    uint32_t argt = e->arg ? emit_peek_type(c, e->arg) : PGTYPE_BOOL;
    bool exact = c->exact; /* the results may be exact, the tested values are compared */
    c->exact = false;
    const char *key = argt == PGTYPE_INTERVAL ? "lg_interval_key(" : ""; /* equal spans */
    emit_str(c, "CASE");
    if (e->arg) {
        emit_fmt(c, " %s", key);
        emit_expr(c, e->arg);
        emit_str(c, *key ? ")" : "");
    }
    scale_acc_t acc = {0, false};
    for (size_t i = 0; i < e->n_args; i++) {
        const PgQuery__CaseWhen *w = e->args[i]->case_when;
        emit_fmt(c, " WHEN %s", e->arg ? key : "");
        c->exact = false;
        emit_expr_as(c, w->expr, argt, -1);
        emit_str(c, e->arg && *key ? ")" : "");
        c->exact = exact;
        emit_str(c, " THEN ");
        uint32_t rt = case_result(c, w->result, t);
        scale_note(c, &acc, w->result, rt);
    }
    if (e->defresult) {
        emit_str(c, " ELSE ");
        uint32_t dt = case_result(c, e->defresult, t);
        scale_note(c, &acc, e->defresult, dt);
    }
    c->exact = exact;
    emit_str(c, " END");
    /* an exact numeric result prints with the chosen branch's own scale */
    c->last_typmod = exact && t == PGTYPE_NUMERIC ? -1 : scale_result(&acc, t);
    return t ? t : PGTYPE_TEXT;
}

static uint32_t emit_arg_list(emit_ctx_t *c, PgQuery__Node **args, size_t n, uint32_t t)
{
    scale_acc_t acc = {0, false};
    for (size_t i = 0; i < n; i++) {
        if (i)
            emit_str(c, ", ");
        uint32_t at = emit_expr_as(c, args[i], t, -1);
        scale_note(c, &acc, args[i], at);
    }
    int32_t tm = scale_result(&acc, t);
    c->last_typmod = tm;
    return t;
}

static uint32_t emit_coalesce(emit_ctx_t *c, const PgQuery__CoalesceExpr *e)
{
    emit_check_common(c, e->args, e->n_args, "COALESCE");
    uint32_t t = common_type(c, e->args, e->n_args);
    bool exact = c->exact && t == PGTYPE_NUMERIC; /* the chosen value keeps its own scale */
    emit_str(c, "coalesce(");
    if (exact)
        emit_exact_args(c, e->args, e->n_args, t);
    else
        emit_arg_list(c, e->args, e->n_args, t); /* keeps the arguments' display scale */
    emit_str(c, e->n_args == 1 ? ", NULL)" : ")");
    if (exact)
        c->last_typmod = -1;
    return t ? t : PGTYPE_TEXT;
}

static uint32_t emit_minmax(emit_ctx_t *c, const PgQuery__MinMaxExpr *e)
{
    emit_check_common(c, e->args, e->n_args,
                      e->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "GREATEST" : "LEAST");
    uint32_t t = common_type(c, e->args, e->n_args);
    bool greatest = e->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST;
    if (c->exact && t == PGTYPE_NUMERIC) { /* compares decimals, returns the winner's TEXT */
        emit_str(c, greatest ? "lg_numx_greatest(" : "lg_numx_least(");
        emit_exact_args(c, e->args, e->n_args, t);
        emit_str(c, ")");
        c->last_typmod = -1; /* the winner prints with its own scale */
        return t;
    }
    bool exact = c->exact;
    c->exact = false;
    if (t == PGTYPE_INTERVAL) /* interval_cmp's order, not the stored text's */
        emit_str(c, greatest ? "lg_interval_greatest(" : "lg_interval_least(");
    else
        emit_str(c, greatest ? "lg_greatest(" : "lg_least(");
    emit_arg_list(c, e->args, e->n_args, t);
    c->exact = exact;
    emit_str(c, ")");
    return t ? t : PGTYPE_TEXT;
}

static uint32_t emit_array_expr(emit_ctx_t *c, const PgQuery__AArrayExpr *a, uint32_t want)
{
    uint32_t et = pgtype_array_elem(want);
    if (!et)
        et = common_type(c, a->elements, a->n_elements);
    bool md = false; /* ARRAY[[1,2],[3]]: sub-arrays must match (lg_array_md, sqlfn_arrayx.c) */
    for (size_t i = 0; i < a->n_elements && !md; i++)
        md = a->elements[i]->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
    emit_str(c, md ? "lg_array_md(json_array(" : "json_array(");
    for (size_t i = 0; i < a->n_elements; i++) {
        if (i)
            emit_str(c, ", ");
        const PgQuery__Node *el = a->elements[i];
        uint32_t sub_t = pgtype_array_elem(et) ? et : et ? pgtype_array_of(et) : 0;
        uint32_t t = el->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR
                         ? emit_array_expr(c, el->a_array_expr, sub_t) /* a sub-array */
                         : emit_expr_as(c, el, et, -1);
        if (!et && t != PGTYPE_UNKNOWN)
            et = t;
    }
    emit_str(c, md ? "))" : ")");
    if (!et || et == PGTYPE_UNKNOWN)
        et = PGTYPE_TEXT;
    uint32_t at = pgtype_array_elem(et) ? et : pgtype_array_of(et);
    return at ? at : PGTYPE_TEXT_ARRAY;
}

/* a[l:u] of a one-dimensional array: its elements l..u (1-based; an omitted bound is
 * open), '{}' when none are in range, NULL for a NULL array. */
static uint32_t emit_array_slice(emit_ctx_t *c, const PgQuery__AIndirection *ind)
{
    const PgQuery__AIndices *ix = ind->indirection[0]->a_indices;
    emit_str(c, "(CASE WHEN (");
    uint32_t t = emit_expr(c, ind->arg);
    emit_str(c, ") IS NULL THEN NULL ELSE (SELECT json_group_array(value) FROM json_each(");
    emit_expr(c, ind->arg);
    emit_str(c, ") WHERE 1");
    if (ix->lidx) {
        emit_str(c, " AND key + 1 >= (");
        emit_expr_as(c, ix->lidx, PGTYPE_INT4, -1);
        emit_str(c, ")");
    }
    if (ix->uidx) {
        emit_str(c, " AND key + 1 <= (");
        emit_expr_as(c, ix->uidx, PGTYPE_INT4, -1);
        emit_str(c, ")");
    }
    emit_str(c, ") END)");
    return t;
}

/* jsonb['key'] / jsonb[0]: PostgreSQL 14's jsonb subscripts are -> steps (an integer
 * selects an array element from 0, negative from the end; a text key an object member). */
static uint32_t emit_jsonb_subscript(emit_ctx_t *c, const PgQuery__AIndirection *ind, uint32_t t)
{
    if (t == PGTYPE_JSON) {
        emit_error(c, "42804", -1,
                   "cannot subscript type json because it does not support subscripting");
        return 0;
    }
    for (size_t i = 0; i < ind->n_indirection; i++)
        emit_str(c, "lg_jsonb_get(");
    emit_expr(c, ind->arg);
    for (size_t i = 0; i < ind->n_indirection; i++) {
        const PgQuery__Node *idx = ind->indirection[i]->a_indices->uidx;
        uint32_t it = emit_peek_type(c, idx);
        emit_str(c, ", ");
        emit_expr_as(c, idx, emit_type_is_int(it) ? it : PGTYPE_TEXT, -1);
        emit_str(c, ")");
    }
    return PGTYPE_JSONB;
}

static uint32_t indirection_body(emit_ctx_t *c, const PgQuery__AIndirection *ind, int32_t *typmod);

/* An element keeps its array's typmod (a numeric(10,2)[] element prints 20.00); other
 * subscripts and field selections have none. */
static uint32_t emit_indirection(emit_ctx_t *c, const PgQuery__AIndirection *ind)
{
    int32_t typmod = -1;
    uint32_t t = indirection_body(c, ind, &typmod);
    c->last_typmod = typmod;
    return t;
}

static uint32_t indirection_body(emit_ctx_t *c, const PgQuery__AIndirection *ind, int32_t *typmod)
{
    uint32_t t = 0;
    if (emit_composite_field(c, ind, &t)) /* (x).field (translate_emit_composite.c) */
        return t;
    if (ind->n_indirection == 1 &&
        ind->indirection[0]->node_case == PG_QUERY__NODE__NODE_A_INDICES &&
        ind->indirection[0]->a_indices->is_slice && pgtype_array_elem(emit_peek_type(c, ind->arg)))
        return emit_array_slice(c, ind);
    if (ind->n_indirection == 1 &&
        ind->indirection[0]->node_case == PG_QUERY__NODE__NODE_A_INDICES &&
        !ind->indirection[0]->a_indices->is_slice && ind->indirection[0]->a_indices->uidx) {
        uint32_t at = emit_peek_type(c, ind->arg);
        if (at == PGTYPE_NAME) { /* a name is a char array from 0: typname[0] = '_' */
            emit_str(c, "nullif(substr(");
            emit_expr(c, ind->arg);
            emit_str(c, ", ");
            emit_expr_as(c, ind->indirection[0]->a_indices->uidx, PGTYPE_INT4, -1);
            emit_str(c, " + 1, 1), '')");
            return PGTYPE_CHAR;
        }
        if (at == PGTYPE_INT2VECTOR || at == PGTYPE_OIDVECTOR) { /* subscripts from 0 */
            emit_str(c, "lg_vec_elem(");
            emit_expr(c, ind->arg);
            emit_str(c, ", ");
            emit_expr_as(c, ind->indirection[0]->a_indices->uidx, PGTYPE_INT4, -1);
            emit_str(c, ")");
            return emit_array_elem_type(at);
        }
    }
    for (size_t i = 0; i < ind->n_indirection; i++) {
        const PgQuery__Node *x = ind->indirection[i];
        if (x->node_case != PG_QUERY__NODE__NODE_A_INDICES || x->a_indices->is_slice ||
            !x->a_indices->uidx) {
            emit_unsupported(c, -1, "this subscript or field selection");
            return 0;
        }
    }
    uint32_t arg_t = emit_peek_type(c, ind->arg);
    if (arg_t == PGTYPE_JSONB || arg_t == PGTYPE_JSON)
        return emit_jsonb_subscript(c, ind, arg_t);
    emit_str(c, "lg_array_get("); /* sqlfn_arrayx.c: NULL out of range or short of a leaf */
    t = emit_expr(c, ind->arg);
    *typmod = pgtype_array_elem(t) ? c->last_typmod : -1;
    for (size_t i = 0; i < ind->n_indirection; i++) {
        emit_str(c, ", ");
        emit_expr_as(c, ind->indirection[i]->a_indices->uidx, PGTYPE_INT4, -1);
    }
    emit_str(c, ")");
    uint32_t e = pgtype_array_elem(t);
    return e ? e : 0;
}

static uint32_t emit_row(emit_ctx_t *c, const PgQuery__RowExpr *r)
{
    emit_str(c, "(");
    for (size_t i = 0; i < r->n_args; i++) {
        if (i)
            emit_str(c, ", ");
        emit_expr(c, r->args[i]);
    }
    emit_str(c, ")");
    return 0;
}

static uint32_t emit_expr_node(emit_ctx_t *c, const PgQuery__Node *n);

/* Node kinds whose emitter leaves c->last_typmod describing its own result. */
static bool sets_typmod(const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
    case PG_QUERY__NODE__NODE_COLUMN_REF:
    case PG_QUERY__NODE__NODE_A_EXPR:
    case PG_QUERY__NODE__NODE_TYPE_CAST:
    case PG_QUERY__NODE__NODE_FUNC_CALL:
    case PG_QUERY__NODE__NODE_CASE_EXPR:
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        return true;
    case PG_QUERY__NODE__NODE_SUB_LINK: /* a scalar subquery: its column's (sublink.c) */
        return n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK;
    default:
        return false;
    }
}

/* Emits n; afterwards c->last_typmod is the typmod of its result (-1 = none): a column's
 * declared typmod, a cast's, or the display scale of a numeric expression. */
uint32_t emit_expr(emit_ctx_t *c, const PgQuery__Node *n)
{
    c->last_typmod = -1;
    uint32_t t = emit_expr_node(c, n);
    if (!n || !sets_typmod(n))
        c->last_typmod = -1;
    return t;
}

static uint32_t emit_expr_kind(emit_ctx_t *c, const PgQuery__Node *n);

/* Exact numeric output (translate_emit_exact.c): the switch survives only into nodes whose
 * value still flows straight to the client. */
static uint32_t emit_expr_node(emit_ctx_t *c, const PgQuery__Node *n)
{
    bool exact = c->exact;
    if (exact && !emit_exact_passes(n))
        c->exact = false;
    uint32_t t = emit_expr_kind(c, n);
    c->exact = exact;
    return t;
}

static uint32_t emit_expr_kind(emit_ctx_t *c, const PgQuery__Node *n)
{
    if (!n) {
        emit_str(c, "NULL");
        return 0;
    }
    uint32_t grp_type;
    if (!c->grp && n->node_case == PG_QUERY__NODE__NODE_GROUPING_FUNC) {
        emit_str(c, "0"); /* a plain GROUP BY: every argument is grouped */
        return PGTYPE_INT4;
    }
    if (c->grp && emit_grouping_subst(c, n, &grp_type)) /* translate_emit_grouping.c */
        return grp_type;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return emit_const(c, n->a_const);
    case PG_QUERY__NODE__NODE_PARAM_REF:
        return emit_param(c, n->param_ref);
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        uint32_t rec;
        if (emit_whole_row(c, n, &rec)) /* SELECT t FROM t: translate_emit_recfn.c */
            return rec;
        return emit_column_ref(c, n->column_ref);
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
        return emit_a_expr(c, n->a_expr);
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return emit_cast(c, n->type_cast->arg, n->type_cast->type_name, n->type_cast->location);
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        if (n->func_call->agg_within_group) /* translate_emit_ordset.c */
            return emit_ordered_set_call(c, n->func_call);
        if (emit_window_float_agg(c, n->func_call, &grp_type)) /* translate_emit_window.c */
            return grp_type;
        return emit_func_call(c, n->func_call);
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        return emit_bool_expr(c, n->bool_expr);
    case PG_QUERY__NODE__NODE_NULL_TEST:
        return emit_null_test(c, n->null_test);
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
        return emit_boolean_test(c, n->boolean_test);
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        return emit_case(c, n->case_expr);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return emit_coalesce(c, n->coalesce_expr);
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return emit_minmax(c, n->min_max_expr);
    case PG_QUERY__NODE__NODE_SUB_LINK:
        break;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        return emit_row(c, n->row_expr);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return emit_array_expr(c, n->a_array_expr, 0);
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        return emit_indirection(c, n->a_indirection);
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return emit_expr(c, n->collate_clause->arg);
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        return emit_sqlvalue_function(c, n->sqlvalue_function);
    case PG_QUERY__NODE__NODE_SET_TO_DEFAULT:
        emit_unsupported(c, n->set_to_default->location, "DEFAULT in this position");
        return 0;
    default: {
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, n->node_case);
        char what[96];
        snprintf(what, sizeof(what), "expression %s", f ? f->name : "?");
        emit_unsupported(c, -1, what);
        return 0;
    }
    }
    return emit_sublink_expr(c, n->sub_link);
}

/* ---- coercion of unknown literals and parameters ---- */

static bool parse_int_text(const char *s, long long *v)
{
    char *end;
    errno = 0;
    *v = strtoll(s, &end, 10);
    while (*end == ' ')
        end++;
    return errno == 0 && end != s && *end == '\0';
}

static int parse_bool_text(const char *s)
{
    static const char *const t[] = {"t", "true", "y", "yes", "on", "1"};
    static const char *const f[] = {"f", "false", "n", "no", "off", "0"};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        if (strcasecmp(s, t[i]) == 0)
            return 1;
        if (strcasecmp(s, f[i]) == 0)
            return 0;
    }
    return -1;
}

/* Converter call with the literal/param emitted by emit_expr. */
static void emit_wrapped(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want, int32_t typmod)
{
    emit_fmt(c, "%s(", c->exact && want == PGTYPE_NUMERIC ? "lg_numx" : emit_converter(want));
    emit_expr(c, n);
    if (want == PGTYPE_NUMERIC && typmod >= 0)
        emit_fmt(c, ", %d", typmod);
    else if ((want == PGTYPE_VARCHAR || want == PGTYPE_BPCHAR) && typmod >= 0)
        emit_fmt(c, ", %d, 0", typmod - 4);
    else if (pgtype_array_elem(want))
        emit_fmt(c, ", %u", pgtype_array_elem(want));
    else if ((want == PGTYPE_TIMESTAMP || want == PGTYPE_TIMESTAMPTZ || want == PGTYPE_TIME ||
              want == PGTYPE_TIMETZ) &&
             typmod >= 0)
        emit_fmt(c, ", %d", typmod);
    emit_str(c, ")");
    c->last_typmod = want == PGTYPE_NUMERIC || typmod >= 0 ? typmod : -1;
}

static bool needs_wrap_for_param(uint32_t want, int32_t typmod)
{
    if (!emit_converter(want) || emit_type_is_int(want) || emit_type_is_float(want) ||
        want == PGTYPE_BOOL || want == PGTYPE_BYTEA)
        return false;
    if ((want == PGTYPE_VARCHAR || want == PGTYPE_BPCHAR) && typmod < 0)
        return false;
    return true;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static uint32_t emit_unknown_literal_as(emit_ctx_t *c, const char *s, const PgQuery__Node *n,
                                        uint32_t want, int32_t typmod)
{
    long long v;
    if (emit_type_is_int(want) && parse_int_text(s, &v)) {
        emit_fmt(c, "%lld", v);
        return want;
    }
    if (want == PGTYPE_BOOL && parse_bool_text(s) >= 0) {
        emit_str(c, parse_bool_text(s) ? "1" : "0");
        return want;
    }
    if ((want == PGTYPE_VARCHAR || want == PGTYPE_BPCHAR) && typmod >= 0 &&
        utf8_chars(s) <= (size_t)(typmod - 4) &&
        (want == PGTYPE_VARCHAR || utf8_chars(s) == (size_t)(typmod - 4))) {
        emit_literal(c, s); /* fits: no run-time check needed */
        return want;
    }
    if (emit_type_is_textlike(want) && (typmod < 0 || want == PGTYPE_TEXT)) {
        emit_literal(c, s);
        return want == PGTYPE_UNKNOWN ? PGTYPE_UNKNOWN : want;
    }
    if (!emit_converter(want)) {
        emit_literal(c, s);
        return want;
    }
    emit_wrapped(c, n, want, typmod);
    if (want == PGTYPE_NUMERIC && typmod < 0) {
        int scale = emit_numeric_text_scale(s);
        c->last_typmod = scale >= 0 ? pgtype_typmod_dscale(scale) : -1;
    }
    return want;
}

static bool assignment_is_free(uint32_t have, uint32_t want)
{
    if (have == want || have == 0 || want == 0)
        return true;
    if (emit_type_is_int(have) &&
        (emit_type_is_int(want) || emit_type_is_float(want) || want == PGTYPE_NUMERIC))
        return true;
    if ((emit_type_is_float(have) || have == PGTYPE_NUMERIC) &&
        (emit_type_is_float(want) || want == PGTYPE_NUMERIC))
        return true;
    if (emit_type_is_textlike(have) && emit_type_is_textlike(want))
        return true;
    if ((have == PGTYPE_JSON || have == PGTYPE_JSONB) && (want == PGTYPE_JSON))
        return true;
    if ((have == PGTYPE_TIMESTAMP || have == PGTYPE_TIMESTAMPTZ || have == PGTYPE_DATE) &&
        (want == PGTYPE_TIMESTAMP || want == PGTYPE_TIMESTAMPTZ || want == PGTYPE_DATE))
        return false;
    return !emit_converter(want);
}

/* A typed non-string value assigned to a string type: PostgreSQL's I/O conversion, the
 * value's text ('false', '1.50', '{1,2}'), not its stored form; varchar(n) / char(n) then
 * check the length as an assignment does (22001, not truncated). */
static uint32_t emit_text_assignment(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want,
                                     int32_t typmod)
{
    bool sized = want != PGTYPE_TEXT && typmod >= 0;
    if (sized)
        emit_fmt(c, "%s(", emit_converter(want));
    emit_cast_to_oid(c, n, PGTYPE_TEXT, -1);
    if (sized)
        emit_fmt(c, ", %d, 0)", typmod - 4);
    c->last_typmod = typmod;
    return want;
}

uint32_t emit_expr_as(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want, int32_t typmod)
{
    if (!n || !want || want == PGTYPE_UNKNOWN)
        return emit_expr(c, n);
    if (n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR && want >= EMIT_FIRST_USER_OID &&
        !(want & PGTYPE_USER_ARRAY_BIT)) /* a composite value (translate_emit_composite.c) */
        return emit_composite_row(c, n->row_expr, want);
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_PARAM_REF: {
        int num = n->param_ref->number;
        emit_param_note(c, num, want);
        uint32_t have = (num >= 1 && num <= EMIT_MAX_PARAMS) ? c->ptypes[num] : 0;
        if (have == want && needs_wrap_for_param(want, typmod)) {
            emit_wrapped(c, n, want, typmod);
            return want;
        }
        emit_expr(c, n);
        return have ? have : want;
    }
    case PG_QUERY__NODE__NODE_A_CONST:
        if (n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
            return emit_unknown_literal_as(c, n->a_const->sval->sval, n, want, typmod);
        if (n->a_const->isnull || n->a_const->val_case == PG_QUERY__A__CONST__VAL__NOT_SET) {
            emit_str(c, "NULL");
            return want;
        }
        break;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        if (pgtype_array_elem(want))
            return emit_array_expr(c, n->a_array_expr, want);
        break;
    default:
        break;
    }
    uint32_t have = emit_peek_type(c, n);
    if (want == PGTYPE_FLOAT4 && have && have != PGTYPE_FLOAT4 && have != PGTYPE_UNKNOWN &&
        (emit_type_is_float(have) || emit_type_is_int(have) || have == PGTYPE_NUMERIC)) {
        emit_wrapped(c, n, want, typmod); /* a real holds float precision only */
        return want;
    }
    if (have == PGTYPE_BPCHAR && (want == PGTYPE_TEXT || (want == PGTYPE_VARCHAR && typmod < 0))) {
        emit_str(c, "rtrim("); /* char(n) -> text drops the padding */
        emit_expr(c, n);
        emit_str(c, ", ' ')");
        return want;
    }
    if (emit_type_is_textlike(want) && have && !emit_type_is_textlike(have) &&
        have < EMIT_FIRST_USER_OID)
        return emit_text_assignment(c, n, want, typmod);
    if (assignment_is_free(have, want) && !(want == PGTYPE_NUMERIC && typmod >= 0) &&
        !((want == PGTYPE_VARCHAR || want == PGTYPE_BPCHAR) && typmod >= 0 &&
          have != PGTYPE_UNKNOWN))
        return emit_expr(c, n);
    /* a narrower integer target range-checks the value (22003 "integer out of range") */
    if (emit_type_is_int(want) && emit_type_is_int(have) &&
        !(have == PGTYPE_INT8 && want != PGTYPE_INT8) &&
        !(have == PGTYPE_INT4 && want == PGTYPE_INT2))
        return emit_expr(c, n);
    if (!emit_converter(want))
        return emit_expr(c, n);
    emit_wrapped(c, n, want, typmod);
    return want;
}

/* ---- output column names (PostgreSQL's FigureColname) ---- */

static const char *sqlvalue_name(int op)
{
    static const char *const k[] = {
        "?column?",          "current_date",      "current_time",    "current_time",
        "current_timestamp", "current_timestamp", "localtime",       "localtime",
        "localtimestamp",    "localtimestamp",    "current_role",    "current_user",
        "current_user",      "session_user",      "current_catalog", "current_schema"};
    return (op >= 0 && op < (int)(sizeof(k) / sizeof(k[0]))) ? k[op] : "?column?";
}

static const char *sublink_colname(const PgQuery__SubLink *s)
{
    switch (s->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
        return "exists";
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
        return "array";
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK: {
        const PgQuery__Node *q = s->subselect;
        if (q && q->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
            q->select_stmt->n_target_list > 0) {
            const PgQuery__ResTarget *rt = q->select_stmt->target_list[0]->res_target;
            return rt->name[0] ? rt->name : emit_colname(rt->val);
        }
        return "?column?";
    }
    default:
        return "?column?";
    }
}

/* Does n give its output column a name of PostgreSQL's strength 2 (a column, function, ...
 * name rather than a cast's type name, "case" or "?column?")? */
static bool colname_strong(const PgQuery__Node *n)
{
    if (!n)
        return false;
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        return colname_strong(n->type_cast->arg);
    if (n->node_case == PG_QUERY__NODE__NODE_CASE_EXPR)
        return colname_strong(n->case_expr->defresult);
    return strcmp(emit_colname(n), "?column?") != 0;
}

const char *emit_colname(const PgQuery__Node *n)
{
    if (!n)
        return "?column?";
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        const PgQuery__ColumnRef *cr = n->column_ref;
        const PgQuery__Node *last = cr->fields[cr->n_fields - 1];
        return last->node_case == PG_QUERY__NODE__NODE_STRING ? last->string->sval : "?column?";
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return emit_last_name(n->func_call->funcname, n->func_call->n_funcname);
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        /* PostgreSQL: a name from a column or function wins (also through inner casts and
         * a CASE's ELSE); an inner cast's type name or "case" is weaker than this cast's */
        const PgQuery__Node *arg = n->type_cast->arg;
        if (colname_strong(arg))
            return emit_colname(arg);
        const PgQuery__TypeName *t = n->type_cast->type_name;
        int32_t tm;
        uint32_t oid = emit_typename_oid(t, &tm);
        if (oid && !pgtype_array_elem(oid))
            return pgtype_name(oid);
        return emit_last_name(t->names, t->n_names);
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR: /* named after its ELSE result when that is strong */
        return colname_strong(n->case_expr->defresult) ? emit_colname(n->case_expr->defresult)
                                                       : "case";
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return "coalesce";
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        return "grouping";
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
    case PG_QUERY__NODE__NODE_A_EXPR:
        return n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF ? "nullif" : "?column?";
    case PG_QUERY__NODE__NODE_SUB_LINK:
        return sublink_colname(n->sub_link);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return "array";
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        return "row";
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
        const PgQuery__AIndirection *ind = n->a_indirection; /* (x).f is named f */
        const PgQuery__Node *last =
            ind->n_indirection ? ind->indirection[ind->n_indirection - 1] : NULL;
        if (last && last->node_case == PG_QUERY__NODE__NODE_STRING)
            return emit_strval(last);
        return emit_colname(ind->arg);
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return emit_colname(n->collate_clause->arg);
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        return sqlvalue_name((int)n->sqlvalue_function->op);
    default:
        return "?column?";
    }
}
