/* translate_emit_assign.c - the values assigned to columns, with PostgreSQL's assignment
 * conversions:
 *   - one value (INSERT ... VALUES, UPDATE SET, ON CONFLICT DO UPDATE SET): coerced to the
 *     column's type by emit_expr_as, plus the range check the assignment cast makes when a
 *     wider integer goes into a smallint or integer column (22003 "integer out of range";
 *     for a quoted literal, text input's "value ... is out of range for type integer"): the
 *     column type's converter (lg_to_int2 / lg_to_int4) around the value. Integer literals
 *     are judged here, so an in-range literal is emitted as it is; a parameter is wrapped
 *     only when its declared (or already inferred) type is wider, since an untyped
 *     parameter is range-checked when it is bound;
 *   - the columns of a SELECT (INSERT ... SELECT, SET (a, b) = (SELECT ...)): through a CTE
 *     _lg_c0, _lg_c1, ... whose columns get the conversion their types need (numeric
 *     rounding, varchar/char length, integer range);
 *   - SET (a, b) = (x, y) and SET (a, b) = (SELECT ...), the latter also raising 21000 when
 *     the sub-select returns more than one row.
 * Worker thread only. */
#include "pgtype.h"
#include "translate_emit.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ASSIGN_MAX_SET_COLS 64 /* (a, b, ...) = (SELECT ...) columns given conversions */

static bool int_fits(long long v, uint32_t want)
{
    if (want == PGTYPE_INT2)
        return v >= INT16_MIN && v <= INT16_MAX;
    return v >= INT32_MIN && v <= INT32_MAX;
}

static bool int_narrows(uint32_t have, uint32_t want)
{
    return (have == PGTYPE_INT8 && want != PGTYPE_INT8) ||
           (have == PGTYPE_INT4 && want == PGTYPE_INT2);
}

/* An integer's text (as the lexer or text input reads it): 1 when it does not fit want,
 * 0 when it does, -1 when the text is not a plain integer. */
static int int_text_out_of_range(const char *s, uint32_t want)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s)
        return -1;
    while (*end == ' ')
        end++;
    if (*end)
        return -1;
    return errno == ERANGE || !int_fits(v, want);
}

static bool needs_range_check(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want)
{
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
        const PgQuery__AConst *k = n->a_const;
        if (k->val_case == PG_QUERY__A__CONST__VAL_IVAL)
            return k->ival && !int_fits(k->ival->ival, want);
        if (k->val_case == PG_QUERY__A__CONST__VAL_FVAL)
            return k->fval && int_text_out_of_range(k->fval->fval, want) == 1;
        return false; /* a string is handled by the caller, NULL and others need nothing */
    }
    if (n->node_case == PG_QUERY__NODE__NODE_PARAM_REF) {
        int num = n->param_ref->number;
        return num >= 1 && num <= EMIT_MAX_PARAMS && int_narrows(c->ptypes[num], want);
    }
    return int_narrows(emit_peek_type(c, n), want);
}

uint32_t emit_assign_value(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want, int32_t typmod)
{
    if (!n || (want != PGTYPE_INT2 && want != PGTYPE_INT4))
        return emit_expr_as(c, n, want, typmod);
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
        if (int_text_out_of_range(n->a_const->sval->sval, want) != 1)
            return emit_expr_as(c, n, want, typmod);
        emit_fmt(c, "%s(", emit_converter(want)); /* text input's out-of-range error */
        emit_literal(c, n->a_const->sval->sval);
        emit_str(c, ")");
        return want;
    }
    if (!needs_range_check(c, n, want))
        return emit_expr_as(c, n, want, typmod);
    emit_fmt(c, "%s(", emit_converter(want));
    emit_expr_as(c, n, want, typmod);
    emit_str(c, ")");
    c->last_typmod = -1;
    return want;
}

/* A typed non-string value going into a string column: PostgreSQL's I/O conversion stores
 * its output text ('false', '1.50'), not SQLite's stored form. */
static bool text_of_value(uint32_t want, uint32_t have)
{
    return emit_type_is_textlike(want) && have && !emit_type_is_textlike(have) &&
           have < PGTYPE_FIRST_USER_OID;
}

/* "lg_to_text(_lg_c<i>, have[, typmod])": the text of column i of type have(have_tm). */
static void emit_text_of_column(emit_ctx_t *c, int i, uint32_t have, int32_t have_tm)
{
    emit_fmt(c, "lg_to_text(_lg_c%d, %u", i, have);
    if (have_tm >= 0)
        emit_fmt(c, ", %d", have_tm);
    emit_str(c, ")");
}

/* The assignment conversion PostgreSQL applies to a value of type `have` stored in a column
 * of type want(typmod): numeric rounding to the scale (22003), varchar(n)/char(n) length
 * (22001), smallint/integer range (22003); NULL when the value goes in as it is. */
static const char *assign_converter(uint32_t want, int32_t typmod, uint32_t have, int32_t have_tm)
{
    if (want == have && (typmod < 0 || typmod == have_tm))
        return NULL;
    if (text_of_value(want, have) && (want == PGTYPE_TEXT || typmod < 0))
        return "lg_to_text";
    if (want == PGTYPE_NUMERIC && typmod >= 0)
        return "lg_to_numeric";
    if ((want == PGTYPE_VARCHAR || want == PGTYPE_BPCHAR) && typmod >= 0)
        return emit_converter(want);
    if ((want == PGTYPE_INT2 && have != PGTYPE_INT2) ||
        (want == PGTYPE_INT4 && have != PGTYPE_INT4 && have != PGTYPE_INT2))
        return emit_converter(want);
    return NULL;
}

/* "SELECT <conversions> FROM <cte>": each column _lg_c<i> of the CTE through the assignment
 * conversion to types[i](typmods[i]), named _lg_c<i>. */
void emit_assign_conversions(emit_ctx_t *c, const uint32_t *types, const int32_t *typmods,
                             const translate_stmt_t *sel, const char *cte)
{
    emit_str(c, "SELECT ");
    for (int i = 0; i < sel->ncols; i++) {
        uint32_t want = types[i];
        int32_t tm = typmods[i];
        const char *fn = assign_converter(want, tm, sel->cols[i].type_oid, sel->cols[i].typmod);
        emit_str(c, i ? ", " : "");
        uint32_t have = sel->cols[i].type_oid;
        bool text = text_of_value(want, have);
        if (!fn)
            emit_fmt(c, "_lg_c%d", i);
        else if (text && strcmp(fn, "lg_to_text") == 0)
            emit_text_of_column(c, i, have, sel->cols[i].typmod);
        else if (text) { /* varchar(n) / char(n): the text, then its length check */
            emit_fmt(c, "%s(", fn);
            emit_text_of_column(c, i, have, sel->cols[i].typmod);
            emit_fmt(c, ", %d, 0)", tm - 4);
        } else if (want == PGTYPE_NUMERIC)
            emit_fmt(c, "%s(_lg_c%d, %d)", fn, i, tm);
        else if (want == PGTYPE_VARCHAR || want == PGTYPE_BPCHAR)
            emit_fmt(c, "%s(_lg_c%d, %d, 0)", fn, i, tm - 4);
        else
            emit_fmt(c, "%s(_lg_c%d)", fn, i);
        emit_fmt(c, " AS _lg_c%d", i);
    }
    emit_fmt(c, " FROM %s", cte);
}

/* Whether some column of sel needs an assignment conversion to types(typmods). */
bool emit_assign_needs_conversions(const uint32_t *types, const int32_t *typmods,
                                   const translate_stmt_t *sel)
{
    bool conv = false;
    for (int i = 0; i < sel->ncols; i++)
        conv |= assign_converter(types[i], typmods[i], sel->cols[i].type_oid,
                                 sel->cols[i].typmod) != NULL;
    return conv;
}

/* "WITH <cte>(_lg_c0, ...) AS (<select in sb>)" */
void emit_assign_cte(emit_ctx_t *c, const char *cte, int ncols, const lg_buf_t *sb)
{
    emit_fmt(c, "WITH %s(", cte);
    for (int i = 0; i < ncols; i++)
        emit_fmt(c, "%s_lg_c%d", i ? ", " : "", i);
    emit_str(c, ") AS (");
    lg_buf_append(c->b, lg_buf_rptr(sb), lg_buf_unread(sb));
    emit_str(c, ")");
}

/* (a, b) = (SELECT x, y ...): the sub-select's values through the columns' assignment
 * conversions, and 21000 when it returns more than one row (SQLite would take the first):
 *   (WITH _lg_ma(_lg_c0, _lg_c1) AS (<select>) SELECT lg_to_int4(_lg_c0) AS _lg_c0, ...
 *    FROM _lg_ma WHERE CASE WHEN <a second row> THEN lg_raise('21000', ...) ELSE 1 END)
 * (as it is when its columns are not known). */
static void emit_multi_assign_select(emit_ctx_t *c, PgQuery__Node **items, size_t n,
                                     const char *table, const PgQuery__Node *sub)
{
    if (!sub || sub->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        emit_subselect(c, sub);
        return;
    }
    lg_buf_t sb;
    lg_buf_init(&sb, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &sb;
    translate_stmt_t tmp = {.ncols = -1};
    emit_select(c, sub->select_stmt, &tmp);
    c->b = saved;
    uint32_t types[ASSIGN_MAX_SET_COLS];
    int32_t typmods[ASSIGN_MAX_SET_COLS];
    bool conv = tmp.ncols > 0 && (size_t)tmp.ncols <= n && tmp.ncols <= ASSIGN_MAX_SET_COLS;
    for (int k = 0; conv && k < tmp.ncols; k++)
        types[k] = emit_column_type(c, table, items[k]->res_target->name, &typmods[k]);
    emit_str(c, "(");
    if (conv) {
        emit_assign_cte(c, "_lg_ma", tmp.ncols, &sb);
        emit_str(c, " ");
        emit_assign_conversions(c, types, typmods, &tmp, "_lg_ma");
        emit_str(c, " WHERE CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM _lg_ma LIMIT 2)) > 1 "
                    "THEN lg_raise('21000', 'more than one row returned by a subquery used as "
                    "an expression') ELSE 1 END");
    } else {
        lg_buf_append(c->b, lg_buf_rptr(&sb), lg_buf_unread(&sb));
    }
    emit_str(c, ")");
    lg_buf_deinit(&sb);
    emit_cols_free(tmp.cols, tmp.ncols);
}

/* (a, b) = (x, y): the row's values coerced to the columns' types; (a, b) = (SELECT ...)
 * as above. */
void emit_multi_assign(emit_ctx_t *c, PgQuery__Node **items, size_t n, const char *table)
{
    const PgQuery__MultiAssignRef *m = items[0]->res_target->val->multi_assign_ref;
    emit_str(c, "(");
    for (int k = 0; k < m->ncolumns && (size_t)k < n; k++) {
        emit_str(c, k ? ", " : "");
        emit_ident(c, items[k]->res_target->name);
    }
    emit_str(c, ") = ");
    if (m->source->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
        emit_multi_assign_select(c, items, n, table, m->source->sub_link->subselect);
        return;
    }
    const PgQuery__RowExpr *row =
        m->source->node_case == PG_QUERY__NODE__NODE_ROW_EXPR ? m->source->row_expr : NULL;
    if (!row) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                   "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() "
                   "expression");
        return;
    }
    if (row->n_args != (size_t)m->ncolumns || (size_t)m->ncolumns > n) {
        emit_expr(c, m->source);
        return;
    }
    emit_str(c, "(");
    for (size_t k = 0; k < row->n_args; k++) {
        int32_t tm;
        uint32_t t = emit_column_type(c, table, items[k]->res_target->name, &tm);
        emit_str(c, k ? ", " : "");
        emit_assign_value(c, row->args[k], t, tm);
    }
    emit_str(c, ")");
}
