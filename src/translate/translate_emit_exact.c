/* translate_emit_exact.c - where numeric values are computed exactly (opts->exact_numeric).
 *
 * numeric is stored as SQLite INTEGER/REAL, and numeric operators normally return SQLite
 * numbers so that comparisons, ORDER BY, GROUP BY and min/max see numbers (SQLite ranks
 * any TEXT above every number). A value that goes straight to the client needs none of
 * that, only PostgreSQL's digits: 1/3::numeric has 20 of them, avg(int) 16 fraction
 * digits, '49.90'::numeric * 2 is 99.80. So in the top-level SELECT's output columns the
 * emitter switches to sqlfn's exact family (lg_numx, lg_numx_add ... lg_numx_avg), which
 * returns decimal TEXT, and the output layer prints that text as it is.
 *
 * The switch (ctx->exact) is on only along paths where the value flows unchanged to the
 * output: numeric arithmetic, casts to numeric, round/trunc/abs/power/..., avg, GREATEST/
 * LEAST, COALESCE and CASE results. Every other node (comparisons, other functions, CASE
 * conditions, subqueries, window calls) turns it off for its operands. An output column
 * that GROUP BY or DISTINCT ON names (by name or position) keeps the number form, as does
 * every column of SELECT DISTINCT and of set operations; ORDER BY naming an exact column
 * sorts by the column's expression in number form instead. Worker thread. */
#include "pgtype.h"
#include "translate_emit.h"
#include <string.h>

/* Node kinds whose value, when exact, is still only going to the output. */
bool emit_exact_passes(const PgQuery__Node *n)
{
    if (!n)
        return false;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
    case PG_QUERY__NODE__NODE_TYPE_CAST:
    case PG_QUERY__NODE__NODE_CASE_EXPR:
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return true;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return !n->func_call->agg_within_group;
    case PG_QUERY__NODE__NODE_SUB_LINK: /* a scalar subquery's output column is exact too */
        return n->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK;
    case PG_QUERY__NODE__NODE_A_EXPR: {
        const PgQuery__AExpr *e = n->a_expr;
        if (e->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP)
            return false;
        const char *op = emit_last_name(e->name, e->n_name);
        return strlen(op) == 1 && strchr("+-*/%^", op[0]) != NULL;
    }
    default:
        return false;
    }
}

/* An operand of an exact operation: a stored column's value, or a function's number result
 * (sum over a numeric(10,2) column), gets its display scale back (a numeric(10,2) REAL 5 is
 * 5.00), as PostgreSQL's value carries it. */
int emit_exact_operand(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want)
{
    bool col = n &&
               (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ||
                n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) &&
               (want == PGTYPE_NUMERIC || (!want && emit_peek_type(c, n) == PGTYPE_NUMERIC));
    if (col)
        emit_str(c, "lg_numx_pad(");
    uint32_t t = emit_expr_as(c, n, want, -1);
    int s = emit_numeric_scale(t, c->last_typmod);
    if (col)
        emit_fmt(c, ", %d)", s);
    return s;
}

/* Exact operands separated by commas (GREATEST/LEAST, COALESCE). */
void emit_exact_args(emit_ctx_t *c, PgQuery__Node **args, size_t n, uint32_t want)
{
    for (size_t i = 0; i < n; i++) {
        emit_str(c, i ? ", " : "");
        emit_exact_operand(c, args[i], want);
    }
}

/* The exact-family name of a numeric function (already mapped to `name`), or NULL. */
const char *emit_exact_fn(const char *pg, const char *name, size_t nargs)
{
    static const struct {
        const char *from;
        const char *to;
    } k_map[] = {{"lg_num_power", "lg_numx_power"}, {"lg_num_sqrt", "lg_numx_sqrt"},
                 {"lg_num_exp", "lg_numx_exp"},     {"lg_num_ln", "lg_numx_ln"},
                 {"lg_num_log", "lg_numx_log"},     {"lg_numeric_mod", "lg_numx_mod"},
                 {"round", "lg_numx_round"},        {"trunc", "lg_numx_trunc"},
                 {"ceil", "lg_numx_ceil"},          {"ceiling", "lg_numx_ceil"},
                 {"floor", "lg_numx_floor"},        {"abs", "lg_numx_abs"},
                 {"lg_var_0", "lg_numx_var_0"},     {"lg_var_1", "lg_numx_var_1"},
                 {"lg_var_2", "lg_numx_var_2"},     {"lg_var_3", "lg_numx_var_3"}};
    if (!strcmp(pg, "avg") || !strcmp(pg, "sum"))
        return nargs == 1 ? (pg[0] == 'a' ? "lg_numx_avg" : "lg_numx_sum") : NULL;
    for (size_t i = 0; i < sizeof(k_map) / sizeof(k_map[0]); i++)
        if (!strcmp(name, k_map[i].from))
            return k_map[i].to;
    return NULL;
}

/* Does `item` (an ORDER BY / GROUP BY / DISTINCT ON expression) name output column
 * `pos` (1-based) called `name`? */
static bool names_output(const PgQuery__Node *item, size_t pos, const char *name)
{
    if (!item)
        return false;
    if (item->node_case == PG_QUERY__NODE__NODE_SORT_BY)
        item = item->sort_by->node;
    if (item && item->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        item->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        return (size_t)item->a_const->ival->ival == pos;
    if (item && item->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
        item->column_ref->n_fields == 1 &&
        item->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING)
        return name && !strcmp(item->column_ref->fields[0]->string->sval, name);
    return false;
}

static bool list_names(PgQuery__Node **items, size_t n, size_t pos, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (names_output(items[i], pos, name))
            return true;
    return false;
}

/* May output column i (0-based) of s, called `name`, be computed exactly? (ORDER BY is
 * rewritten instead: emit_exact_sort_target.) */
bool emit_exact_target_ok(const PgQuery__SelectStmt *s, size_t i, const char *name)
{
    return !list_names(s->group_clause, s->n_group_clause, i + 1, name) &&
           !list_names(s->distinct_clause, s->n_distinct_clause, i + 1, name);
}

/* The expression of the exact output column an ORDER BY item names (by position or by
 * output name, which PostgreSQL looks up first), or NULL: ordering by it then sorts the
 * number form, not the decimal TEXT. */
const PgQuery__Node *emit_exact_sort_target(const emit_ctx_t *c, const PgQuery__Node *item)
{
    const PgQuery__SelectStmt *s = c->exact_sort;
    if (!s || !c->exact_cols)
        return NULL;
    for (size_t i = 0; i < s->n_target_list && i < 64; i++) {
        const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        const char *name = rt->name[0] ? rt->name : NULL;
        bool by_pos = names_output(item, i + 1, NULL);
        if (!(by_pos || (name && names_output(item, i + 1, name))))
            continue;
        return (c->exact_cols >> i) & 1 ? rt->val : NULL;
    }
    return NULL;
}

/* May the output columns of s (the top-level SELECT) be computed exactly at all? */
bool emit_exact_select_ok(const PgQuery__SelectStmt *s)
{
    return s->op == PG_QUERY__SET_OPERATION__SETOP_NONE && !s->n_distinct_clause &&
           !s->n_values_lists && !s->into_clause;
}
