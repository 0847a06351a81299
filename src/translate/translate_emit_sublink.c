/* translate_emit_sublink.c - scalar subqueries with PostgreSQL's cardinality rule, and the
 * column-count checks of subqueries used as expressions. Worker thread only.
 *
 * SQLite's scalar subquery silently yields its first row; PostgreSQL raises 21000 when a
 * second row exists. A scalar subquery that can return more than one row is emitted as
 *   (WITH _lg_sq(v) AS (<subquery>) SELECT lg_scalar_sub(v) FROM _lg_sq)
 * where the aggregate lg_scalar_sub (sqlfn_agg.c) raises 21000 on a second row and yields
 * the single value (NULL over none). A subquery that cannot return two rows (an aggregate
 * without GROUP BY, LIMIT 0 or 1, no FROM and no set-returning call) is emitted as it is,
 * so the common correlated (SELECT count(*) ...) stays a plain subquery. */
#include "pgtype.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const k_srf[] = {"unnest",
                                    "generate_series",
                                    "generate_subscripts",
                                    "json_array_elements",
                                    "jsonb_array_elements",
                                    "json_array_elements_text",
                                    "jsonb_array_elements_text",
                                    "json_each",
                                    "jsonb_each",
                                    "json_each_text",
                                    "jsonb_each_text",
                                    "json_object_keys",
                                    "jsonb_object_keys",
                                    "regexp_matches",
                                    "regexp_split_to_table",
                                    "string_to_table",
                                    "string_to_table",
                                    "jsonb_path_query",
                                    "json_populate_recordset",
                                    "jsonb_populate_recordset",
                                    "json_to_recordset",
                                    "jsonb_to_recordset"};

static bool srf_visit(const ProtobufCMessage *m, void *ctx)
{
    bool *found = ctx;
    if (m->descriptor == &pg_query__sub_link__descriptor)
        return true;
    if (m->descriptor == &pg_query__func_call__descriptor) {
        const PgQuery__FuncCall *f = (const PgQuery__FuncCall *)m;
        const char *name = emit_last_name(f->funcname, f->n_funcname);
        for (size_t i = 0; i < sizeof(k_srf) / sizeof(k_srf[0]); i++)
            if (strcmp(name, k_srf[i]) == 0)
                *found = true;
    }
    emit_walk_children(m, srf_visit, ctx);
    return !*found;
}

static bool limit_at_most_one(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
           n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL && n->a_const->ival &&
           n->a_const->ival->ival >= 0 && n->a_const->ival->ival <= 1;
}

/* True when s cannot return more than one row. */
static bool single_row(const PgQuery__SelectStmt *s)
{
    if (s->op > PG_QUERY__SET_OPERATION__SETOP_NONE || s->n_values_lists > 1)
        return false;
    if (limit_at_most_one(s->limit_count) &&
        s->limit_option != PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES)
        return true;
    bool srf = false;
    for (size_t i = 0; i < s->n_target_list && !srf; i++)
        srf_visit(&s->target_list[i]->base, &srf);
    if (srf)
        return false;
    if (s->n_from_clause == 0)
        return true;
    if (s->n_group_clause)
        return false;
    for (size_t i = 0; i < s->n_target_list; i++)
        if (emit_has_agg(s->target_list[i]->res_target->val))
            return true;
    return s->having_clause != NULL;
}

int emit_select_ncols(const PgQuery__SelectStmt *s)
{
    while (s && s->op > PG_QUERY__SET_OPERATION__SETOP_NONE)
        s = s->larg;
    if (!s)
        return -1;
    if (s->n_values_lists)
        return (int)s->values_lists[0]->list->n_items;
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__Node *v = s->target_list[i]->res_target->val;
        if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
            v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                PG_QUERY__NODE__NODE_A_STAR)
            return -1;
    }
    return (int)s->n_target_list;
}

uint32_t emit_scalar_sublink(emit_ctx_t *c, const PgQuery__SubLink *sl)
{
    if (!sl->subselect || sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        emit_unsupported(c, sl->location, "this subquery");
        return 0;
    }
    const PgQuery__SelectStmt *s = sl->subselect->select_stmt;
    int ncols = emit_select_ncols(s);
    if (ncols > 1) {
        emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, sl->location,
                   "subquery must return only one column");
        return 0;
    }
    bool check = ncols == 1 && !single_row(s);
    translate_stmt_t tmp = {.ncols = -1};
    emit_str(c, check ? "(WITH _lg_sq(v) AS (" : "(");
    c->exact_top = c->exact; /* its value goes only where ours goes */
    emit_select(c, s, &tmp);
    c->exact_top = false;
    emit_str(c, check ? ") SELECT lg_scalar_sub(v) FROM _lg_sq)" : ")");
    uint32_t t = tmp.ncols > 0 ? tmp.cols[0].type_oid : 0;
    c->last_typmod = tmp.ncols > 0 && t ? tmp.cols[0].typmod : -1;
    emit_cols_free(tmp.cols, tmp.ncols);
    return t;
}

/* IN / ANY / ALL: the subquery's columns against the left side's. */
bool emit_sublink_cols_ok(emit_ctx_t *c, const PgQuery__SubLink *sl)
{
    if (!sl->subselect || sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        !sl->testexpr)
        return true;
    int ncols = emit_select_ncols(sl->subselect->select_stmt);
    int want = sl->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR
                   ? (int)sl->testexpr->row_expr->n_args
                   : 1;
    if (ncols < 0 || ncols == want)
        return true;
    emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, sl->location,
               ncols > want ? "subquery has too many columns" : "subquery has too few columns");
    return false;
}
