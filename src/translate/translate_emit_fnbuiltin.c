/* translate_emit_fnbuiltin.c - built-in function details split from translate_emit_func.c
 * (see translate_emit_fnbuiltin.h): the numeric math functions and their display scales,
 * scale(), named arguments of make_interval/make_date/make_time/make_timestamp[tz], and
 * AT TIME ZONE's result type. Worker thread only. */
#include "translate_emit_fnbuiltin.h"
#include "pgtype.h"
#include "pgtype_num.h"
#include <string.h>

/* The numeric version of a math function that also takes float8: chosen when an argument
 * is numeric (log(b, x) exists for numeric only); NULL for the float8 one. */
const char *emit_builtin_numeric_fn(const char *pg, size_t nargs, uint32_t a1, uint32_t a2)
{
    static const char *const k[][2] = {{"power", "lg_num_power"}, {"pow", "lg_num_power"},
                                       {"sqrt", "lg_num_sqrt"},   {"exp", "lg_num_exp"},
                                       {"ln", "lg_num_ln"},       {"log", "lg_num_log"},
                                       {"mod", "lg_numeric_mod"}};
    bool num = a1 == PGTYPE_NUMERIC || (nargs > 1 && a2 == PGTYPE_NUMERIC) ||
               (!strcmp(pg, "log") && nargs == 2);
    for (size_t i = 0; num && i < sizeof(k) / sizeof(k[0]); i++)
        if (!strcmp(pg, k[i][0]))
            return k[i][1];
    return NULL;
}

/* Display typmod of a numeric math result (PostgreSQL picks the scale from the value; here
 * it must be static): power to an integer gives max(16, base scale) digits, sqrt 15, the
 * others the division rule (at least 16 significant digits). */
int32_t emit_builtin_numeric_typmod(const PgQuery__FuncCall *f, const char *pg, uint32_t a1,
                                    int32_t a1_typmod, uint32_t a2)
{
    int s = emit_numeric_scale(a1, a1_typmod);
    if (!strcmp(pg, "mod")) /* the larger of the operands' scales; the second one is unknown */
        return -1;
    bool int_exp =
        f->n_args == 2 &&
        (emit_type_is_int(a2) || (f->args[1]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                                  f->args[1]->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL));
    if ((!strcmp(pg, "power") || !strcmp(pg, "pow")) && int_exp)
        return pgtype_typmod_dscale(s > 16 ? s : 16);
    if (!strcmp(pg, "sqrt"))
        return pgtype_typmod_dscale(s > 15 ? s : 15);
    return pgtype_typmod_divscale(s > 16 ? s : 16);
}

/* scale(x): the display scale the translator knows for x is passed along. */
uint32_t emit_builtin_scale_call(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    emit_str(c, "lg_scale(");
    uint32_t t = emit_expr(c, f->args[0]);
    emit_fmt(c, ", %d)", emit_numeric_scale(t, c->last_typmod));
    c->last_typmod = -1;
    return PGTYPE_INT4;
}

/* Built-in functions that take named arguments: parameter names in order; `zero_default`
 * means a missing one is 0 (make_interval), else every parameter is required. */
static const struct {
    const char *pg;
    bool zero_default;
    const char *params[8];
} k_named[] = {
    {"make_interval", true, {"years", "months", "weeks", "days", "hours", "mins", "secs"}},
    {"make_date", false, {"year", "month", "day"}},
    {"make_time", false, {"hour", "min", "sec"}},
    {"make_timestamp", false, {"year", "month", "mday", "hour", "min", "sec"}},
    {"make_timestamptz", false, {"year", "month", "mday", "hour", "min", "sec", "timezone"}},
};

/* A call of a built-in with name => value arguments, rewritten to positional ones. False
 * when f has no named argument; otherwise emits the call (or an error) into *t. */
bool emit_builtin_named_args(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, uint32_t *t)
{
    bool named = false;
    for (size_t i = 0; i < f->n_args; i++)
        named = named || f->args[i]->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR;
    size_t k = 0;
    while (named && k < sizeof(k_named) / sizeof(k_named[0]) && strcmp(k_named[k].pg, pg))
        k++;
    if (!named || k == sizeof(k_named) / sizeof(k_named[0]))
        return false;
    static PgQuery__Integer zero_i = PG_QUERY__INTEGER__INIT;
    static PgQuery__AConst zero_c = PG_QUERY__A__CONST__INIT;
    static PgQuery__Node zero = PG_QUERY__NODE__INIT;
    zero_c.val_case = PG_QUERY__A__CONST__VAL_IVAL;
    zero_c.ival = &zero_i;
    zero.node_case = PG_QUERY__NODE__NODE_A_CONST;
    zero.a_const = &zero_c;
    PgQuery__Node *slots[8] = {0};
    size_t n = 0;
    while (n < 8 && k_named[k].params[n])
        n++;
    for (size_t i = 0; i < f->n_args; i++) {
        PgQuery__Node *a = f->args[i];
        size_t j = i;
        if (a->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
            for (j = 0; j < n && strcmp(k_named[k].params[j], a->named_arg_expr->name); j++) {
            }
            a = a->named_arg_expr->arg;
        }
        if (j >= n || slots[j]) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location,
                       "function %s does not match the arguments given", pg);
            *t = 0;
            return true;
        }
        slots[j] = a;
    }
    size_t used = 0;
    for (size_t j = 0; j < n; j++) {
        if (!slots[j] && !k_named[k].zero_default) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location,
                       "function %s does not match the arguments given", pg);
            *t = 0;
            return true;
        }
        slots[j] = slots[j] ? slots[j] : &zero;
        used = j + 1;
    }
    PgQuery__FuncCall tmp = *f;
    tmp.args = slots;
    tmp.n_args = used;
    *t = emit_func_call(c, &tmp);
    return true;
}

/* x AT TIME ZONE z arrives as timezone(z, x): a timestamptz becomes a timestamp and a
 * timestamp a timestamptz; a time gives a time with time zone. */
uint32_t emit_builtin_timezone_type(uint32_t x)
{
    if (x == PGTYPE_TIMESTAMPTZ)
        return PGTYPE_TIMESTAMP;
    if (x == PGTYPE_TIMESTAMP)
        return PGTYPE_TIMESTAMPTZ;
    if (x == PGTYPE_TIME || x == PGTYPE_TIMETZ)
        return PGTYPE_TIMETZ;
    return 0;
}

/* x AT TIME ZONE INTERVAL '-08:00': the interval is an offset east of UTC, turned into the
 * fixed zone's name by lg_interval_zone (sqlfn_datetime.c). */
uint32_t emit_builtin_timezone_interval(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t x)
{
    emit_str(c, "timezone(lg_interval_zone(");
    emit_expr(c, f->args[0]);
    emit_str(c, "), ");
    emit_expr(c, f->args[1]);
    emit_str(c, ")");
    c->last_typmod = -1;
    uint32_t t = emit_builtin_timezone_type(x);
    return t ? t : PGTYPE_TIMESTAMP;
}

/* substring(s SIMILAR p ESCAPE e), which arrives as substring(s, p, e) with a text pattern:
 * PostgreSQL's substring(s, similar_to_escape(p, e)), the part between the escape-quote
 * marks (sqlfn_similar.c, sqlfn_regex.c). */
uint32_t emit_builtin_similar_substring(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    emit_str(c, "lg_regex_substring(");
    emit_expr_as(c, f->args[0], PGTYPE_TEXT, -1);
    emit_str(c, ", lg_similar_to_escape(");
    emit_expr_as(c, f->args[1], PGTYPE_TEXT, -1);
    emit_str(c, ", ");
    emit_expr_as(c, f->args[2], PGTYPE_TEXT, -1);
    emit_str(c, "))");
    c->last_typmod = -1;
    return PGTYPE_TEXT;
}

/* One end of an OVERLAPS period as a timestamptz: `end` given as an interval is start + end
 * (emitted as that A_Expr, so the date/time arithmetic is the operator's). */
static void emit_overlaps_end(emit_ctx_t *c, const PgQuery__Node *start, const PgQuery__Node *end)
{
    if (emit_peek_type(c, end) != PGTYPE_INTERVAL) {
        emit_expr_as(c, end, PGTYPE_TIMESTAMPTZ, -1);
        return;
    }
    PgQuery__String op = PG_QUERY__STRING__INIT;
    op.sval = (char *)(uintptr_t)"+";
    PgQuery__Node op_node = PG_QUERY__NODE__INIT, *op_p = &op_node;
    op_node.node_case = PG_QUERY__NODE__NODE_STRING;
    op_node.string = &op;
    PgQuery__AExpr e = PG_QUERY__A__EXPR__INIT;
    e.kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
    e.n_name = 1;
    e.name = &op_p;
    e.lexpr = (PgQuery__Node *)(uintptr_t)start;
    e.rexpr = (PgQuery__Node *)(uintptr_t)end;
    e.location = -1;
    PgQuery__Node e_node = PG_QUERY__NODE__INIT;
    e_node.node_case = PG_QUERY__NODE__NODE_A_EXPR;
    e_node.a_expr = &e;
    emit_expr_as(c, &e_node, PGTYPE_TIMESTAMPTZ, -1);
}

/* (s1, e1) OVERLAPS (s2, e2), which arrives as overlaps(s1, e1, s2, e2): dates and
 * timestamps compared as timestamptz by lg_overlaps (sqlfn_datetime_arith.c), an interval
 * end counted from its start. Periods of times of day answer 0A000. */
uint32_t emit_builtin_overlaps(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    for (size_t i = 0; i < 4; i++) {
        uint32_t t = emit_peek_type(c, f->args[i]);
        if (t == PGTYPE_TIME || t == PGTYPE_TIMETZ) {
            emit_unsupported(c, f->location, "OVERLAPS on times of day");
            return 0;
        }
    }
    emit_str(c, "lg_overlaps(");
    emit_expr_as(c, f->args[0], PGTYPE_TIMESTAMPTZ, -1);
    emit_str(c, ", ");
    emit_overlaps_end(c, f->args[0], f->args[1]);
    emit_str(c, ", ");
    emit_expr_as(c, f->args[2], PGTYPE_TIMESTAMPTZ, -1);
    emit_str(c, ", ");
    emit_overlaps_end(c, f->args[2], f->args[3]);
    emit_str(c, ")");
    c->last_typmod = -1;
    return PGTYPE_BOOL;
}
