/* translate_emit_ops.c - operators (A_Expr) and sublinks with PostgreSQL semantics:
 * comparisons with unknown-literal resolution, arithmetic (integer vs numeric division,
 * division by zero raises), date/time arithmetic, || on text/arrays/jsonb, LIKE (case
 * sensitive, backslash escape) and ILIKE, regular expressions, JSON and array operators,
 * IN, ANY/ALL over arrays and subqueries, BETWEEN [SYMMETRIC], IS [NOT] DISTINCT FROM.
 * Worker thread only. Function names used here are listed in docs/sqlfn-contract.md. */
#include "pgtype.h"
#include "pgtype_num.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_untyped(const PgQuery__Node *n)
{
    if (!n)
        return true;
    if (n->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
        return true;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST)
        return n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL || n->a_const->isnull ||
               n->a_const->val_case == PG_QUERY__A__CONST__VAL__NOT_SET;
    return false;
}

/* Resolves the types of both operands: an untyped side takes the other side's type. */
static void resolve_pair(emit_ctx_t *c, const PgQuery__Node *l, const PgQuery__Node *r,
                         uint32_t *lt, uint32_t *rt)
{
    *lt = is_untyped(l) ? 0 : emit_peek_type(c, l);
    *rt = is_untyped(r) ? 0 : emit_peek_type(c, r);
    if (l && l->node_case == PG_QUERY__NODE__NODE_PARAM_REF && !*lt)
        *lt = c->ptypes[l->param_ref->number > 0 && l->param_ref->number <= EMIT_MAX_PARAMS
                            ? l->param_ref->number
                            : 0];
    if (r && r->node_case == PG_QUERY__NODE__NODE_PARAM_REF && !*rt)
        *rt = c->ptypes[r->param_ref->number > 0 && r->param_ref->number <= EMIT_MAX_PARAMS
                            ? r->param_ref->number
                            : 0];
}

static bool is_datetime(uint32_t t)
{
    return t == PGTYPE_DATE || t == PGTYPE_TIME || t == PGTYPE_TIMESTAMP ||
           t == PGTYPE_TIMESTAMPTZ || t == PGTYPE_INTERVAL || t == PGTYPE_TIMETZ;
}

static bool is_json(uint32_t t)
{
    return t == PGTYPE_JSON || t == PGTYPE_JSONB;
}

/* A comparison operand as type t; an interval as its sort key (lg_interval_key), which
 * compares as interval_cmp ('1 day' = '24 hours') under every operator, IS [NOT] DISTINCT
 * FROM and IN. (A COLLATE on the operand would also reach whatever contains the comparison:
 * SQLite carries an explicit collation out of function calls and CASE.) */
static void emit_operand(emit_ctx_t *c, const PgQuery__Node *n, uint32_t t, bool iv)
{
    bool bp = t == PGTYPE_BPCHAR; /* char(n) compares without its trailing blanks */
    emit_str(c, iv ? "lg_interval_key(" : bp ? "rtrim(" : "");
    emit_expr_as(c, n, t, -1);
    emit_str(c, iv ? ")" : bp ? ", ' ')" : "");
}

/* Whether n is numeric + - * / arithmetic, whose number form (a REAL) can miss by a
 * binary fraction (0.1 + 0.2 is 0.30000000000000004). */
static bool numeric_arith(emit_ctx_t *c, const PgQuery__Node *n)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_A_EXPR ||
        n->a_expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || !n->a_expr->lexpr)
        return false;
    const char *op = emit_last_name(n->a_expr->name, n->a_expr->n_name);
    return strlen(op) == 1 && strchr("+-*/", op[0]) && emit_peek_type(c, n) == PGTYPE_NUMERIC;
}

/* A comparison of numeric arithmetic in a client's statement compares exact decimals,
 * (lg_numx_cmp(l, r) op 0), as PostgreSQL does: `a * q = 0.3` holds for a = 0.10, q = 3. */
static bool emit_exact_compare(emit_ctx_t *c, const char *op, const PgQuery__Node *l,
                               const PgQuery__Node *r, uint32_t lk, uint32_t rk)
{
    static const char *const k_ops[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
    bool cmp = false;
    for (size_t i = 0; i < sizeof(k_ops) / sizeof(k_ops[0]); i++)
        cmp |= !strcmp(op, k_ops[i]);
    bool nums = (lk == PGTYPE_NUMERIC || emit_type_is_int(lk)) &&
                (rk == PGTYPE_NUMERIC || emit_type_is_int(rk));
    if (!cmp || !nums || !c->opts || !c->opts->exact_numeric ||
        !(numeric_arith(c, l) || numeric_arith(c, r)))
        return false;
    bool was = c->exact;
    c->exact = true;
    emit_str(c, "(lg_numx_cmp(");
    emit_exact_operand(c, l, PGTYPE_NUMERIC);
    emit_str(c, ", ");
    emit_exact_operand(c, r, PGTYPE_NUMERIC);
    c->exact = was;
    emit_fmt(c, ") %s 0)", op);
    return true;
}

uint32_t emit_binary(emit_ctx_t *c, const char *op, const PgQuery__Node *l, const PgQuery__Node *r,
                     int location)
{
    if (l && r && l->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
        r->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
        l->row_expr->n_args != r->row_expr->n_args) {
        emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, location,
                   "unequal number of entries in row expressions");
        return 0;
    }
    uint32_t lt, rt;
    resolve_pair(c, l, r, &lt, &rt);
    bool distinct = strstr(op, "DISTINCT") != NULL;
    if (strchr("=<>!", op[0]) || distinct)
        emit_check_operator(c, distinct ? "=" : op, lt, rt, location);
    if (pgtype_array_elem(lt ? lt : rt) && pgtype_array_elem(rt ? rt : lt)) {
        emit_str(c, "(lg_array_cmp("); /* element-wise, shorter first: not text order */
        emit_expr_as(c, l, lt ? lt : rt, -1);
        emit_str(c, ", ");
        emit_expr_as(c, r, rt ? rt : lt, -1);
        emit_fmt(c, ") %s 0)", op);
        return PGTYPE_BOOL;
    }
    if ((lt ? lt : rt) == PGTYPE_JSONB && (rt ? rt : lt) == PGTYPE_JSONB) {
        emit_str(c, "(lg_jsonb_cmp("); /* jsonb ordering: 1.0 = 1, key order ignored */
        emit_expr_as(c, l, PGTYPE_JSONB, -1);
        emit_str(c, ", ");
        emit_expr_as(c, r, PGTYPE_JSONB, -1);
        emit_fmt(c, ") %s 0)", op);
        return PGTYPE_BOOL;
    }
    uint32_t lk = lt ? lt : rt, rk = rt ? rt : lt;
    if (lk == PGTYPE_BPCHAR || rk == PGTYPE_BPCHAR) {
        /* char(n) compares without its trailing blanks (and an untyped literal is char(n)
         * too); against text the char(n) side is cast to text, which drops them as well */
        emit_str(c, "(");
        emit_str(c, lk == PGTYPE_BPCHAR ? "rtrim(" : "");
        emit_expr_as(c, l, lk == PGTYPE_BPCHAR ? PGTYPE_BPCHAR : lk, -1);
        emit_fmt(c, "%s %s ", lk == PGTYPE_BPCHAR ? ", ' ')" : "", op);
        emit_str(c, rk == PGTYPE_BPCHAR ? "rtrim(" : "");
        emit_expr_as(c, r, rk == PGTYPE_BPCHAR ? PGTYPE_BPCHAR : rk, -1);
        emit_str(c, rk == PGTYPE_BPCHAR ? ", ' '))" : ")");
        return PGTYPE_BOOL;
    }
    if (emit_exact_compare(c, op, l, r, lk, rk))
        return PGTYPE_BOOL;
    uint32_t common = emit_datetime_common(lt, rt); /* date vs timestamp[tz]: the wider */
    if (common) {
        lt = common;
        rt = common;
    }
    bool iv = (lt ? lt : rt) == PGTYPE_INTERVAL || (rt ? rt : lt) == PGTYPE_INTERVAL;
    emit_str(c, "(");
    emit_operand(c, l, lt ? lt : rt, iv);
    emit_fmt(c, " %s ", op);
    emit_operand(c, r, rt ? rt : lt, iv);
    emit_str(c, ")");
    return PGTYPE_BOOL;
}

static uint32_t arith_type(uint32_t lt, uint32_t rt)
{
    if (lt == PGTYPE_FLOAT4 && rt == PGTYPE_FLOAT4)
        return PGTYPE_FLOAT4;
    if (emit_type_is_float(lt) || emit_type_is_float(rt))
        return PGTYPE_FLOAT8;
    if (lt == PGTYPE_NUMERIC || rt == PGTYPE_NUMERIC)
        return PGTYPE_NUMERIC;
    if (lt == PGTYPE_INT8 || rt == PGTYPE_INT8)
        return PGTYPE_INT8;
    if (emit_type_is_int(lt) || emit_type_is_int(rt))
        return (lt == PGTYPE_INT2 && rt == PGTYPE_INT2) ? PGTYPE_INT2 : PGTYPE_INT4;
    return 0;
}

/* Result type of a date/time operator (PostgreSQL's operator catalogue, common cases). */
static uint32_t datetime_result(char op, uint32_t lt, uint32_t rt)
{
    if (op == '-' && lt == rt && lt == PGTYPE_DATE)
        return PGTYPE_INT4;
    if (op == '-' && lt == rt &&
        (lt == PGTYPE_TIMESTAMP || lt == PGTYPE_TIMESTAMPTZ || lt == PGTYPE_TIME))
        return PGTYPE_INTERVAL;
    if (lt == PGTYPE_DATE && emit_type_is_int(rt))
        return PGTYPE_DATE;
    if (lt == PGTYPE_DATE && (rt == PGTYPE_INTERVAL || rt == PGTYPE_TIME))
        return PGTYPE_TIMESTAMP;
    if (rt == PGTYPE_DATE && (lt == PGTYPE_INTERVAL || lt == PGTYPE_TIME || emit_type_is_int(lt)))
        return emit_type_is_int(lt) ? PGTYPE_DATE : PGTYPE_TIMESTAMP;
    if (is_datetime(lt) && lt != PGTYPE_INTERVAL)
        return lt;
    if (is_datetime(rt) && rt != PGTYPE_INTERVAL)
        return rt;
    return PGTYPE_INTERVAL;
}

static uint32_t emit_datetime_op(emit_ctx_t *c, char op, const PgQuery__Node *l,
                                 const PgQuery__Node *r, uint32_t lt, uint32_t rt)
{
    /* an untyped operand next to a timestamp is an interval; next to a date with '-' a date */
    if (!lt)
        lt = (rt == PGTYPE_INTERVAL || op == '*') ? rt : PGTYPE_INTERVAL;
    if (!rt) {
        if (op == '*' || op == '/')
            rt = PGTYPE_FLOAT8;
        else if (lt == PGTYPE_DATE && op == '-' && r &&
                 r->node_case == PG_QUERY__NODE__NODE_A_CONST)
            rt = PGTYPE_DATE;
        else
            rt = PGTYPE_INTERVAL;
    }
    emit_fmt(c, "lg_dt_op('%c', ", op);
    emit_expr_as(c, l, lt, -1);
    emit_fmt(c, ", %u, ", lt);
    emit_expr_as(c, r, rt, -1);
    emit_fmt(c, ", %u)", rt);
    if (op == '*' || op == '/')
        return PGTYPE_INTERVAL;
    return datetime_result(op, lt, rt);
}

/* Emits n as `want` and returns its display scale (-1 unknown). */
static int emit_scaled(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want)
{
    uint32_t t = emit_expr_as(c, n, want, -1);
    return emit_numeric_scale(t, c->last_typmod);
}

/* PostgreSQL's result display scale for numeric + - * / % given the operands' scales
 * (-1 unknown): max for + - %, the sum for *, select_div_scale (value dependent) for /. */
static int32_t arith_typmod(char op, int ls, int rs)
{
    int mx = ls > rs ? ls : rs;
    if (op == '/')
        return pgtype_typmod_divscale(mx); /* unknown scales: the 16-digit rule alone */
    if (ls < 0 || rs < 0)
        return -1;
    switch (op) {
    case '*':
        return pgtype_typmod_dscale(ls + rs);
    case '/':
        return pgtype_typmod_divscale(mx);
    default:
        return pgtype_typmod_dscale(mx);
    }
}

static bool is_nonzero_number(const PgQuery__Node *n)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return false;
    if (n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        return n->a_const->ival->ival != 0;
    if (n->a_const->val_case == PG_QUERY__A__CONST__VAL_FVAL)
        return strspn(n->a_const->fval->fval, "0.eE+-") != strlen(n->a_const->fval->fval);
    return false;
}

static uint32_t emit_arith_number(emit_ctx_t *c, char op, const PgQuery__Node *l,
                                  const PgQuery__Node *r, uint32_t lt, uint32_t rt);

/* Exact numeric + - * / % (translate_emit_exact.c): decimal TEXT with PostgreSQL's digits;
 * the display typmod is worked out as for the number form. */
static uint32_t emit_arith_exact(emit_ctx_t *c, char op, const PgQuery__Node *l,
                                 const PgQuery__Node *r, uint32_t lt, uint32_t rt)
{
    static const char *const k_fn[] = {"add", "sub", "mul", "div", "mod"};
    const char *ops = "+-*/%";
    emit_fmt(c, "lg_numx_%s(", k_fn[strchr(ops, op) - ops]);
    int ls = emit_exact_operand(c, l, lt ? lt : rt);
    emit_str(c, ", ");
    int rs = emit_exact_operand(c, r, rt ? rt : lt);
    emit_str(c, ")");
    c->last_typmod = arith_typmod(op, ls, rs);
    return PGTYPE_NUMERIC;
}

static uint32_t emit_arith(emit_ctx_t *c, char op, const PgQuery__Node *l, const PgQuery__Node *r,
                           int location)
{
    uint32_t lt, rt;
    resolve_pair(c, l, r, &lt, &rt);
    char ops[2] = {op, '\0'};
    emit_check_operator(c, ops, lt, rt, location);
    bool exact = c->exact;
    c->exact = false;
    if (exact && !is_datetime(lt) && !is_datetime(rt) && !is_json(lt) &&
        arith_type(lt ? lt : rt, rt ? rt : lt) == PGTYPE_NUMERIC) {
        c->exact = true;
        uint32_t t = emit_arith_exact(c, op, l, r, lt, rt);
        c->exact = exact;
        return t;
    }
    uint32_t t = emit_arith_number(c, op, l, r, lt, rt);
    c->exact = exact;
    return t;
}

static uint32_t emit_arith_number(emit_ctx_t *c, char op, const PgQuery__Node *l,
                                  const PgQuery__Node *r, uint32_t lt, uint32_t rt)
{
    if (is_datetime(lt) || is_datetime(rt))
        return emit_datetime_op(c, op, l, r, lt, rt);
    if (op == '-' && is_json(lt)) {
        /* jsonb - text[] removes every listed key; jsonb - text / - int one key or element */
        emit_str(c, pgtype_array_elem(rt) ? "lg_jsonb_delete_keys(" : "lg_jsonb_delete(");
        emit_expr(c, l);
        emit_str(c, ", ");
        emit_expr(c, r);
        emit_str(c, ")");
        return PGTYPE_JSONB;
    }
    uint32_t t = arith_type(lt ? lt : rt, rt ? rt : lt);
    int ls, rs;
    if ((op == '/' || op == '%') && t == PGTYPE_NUMERIC) {
        emit_str(c, op == '/' ? "lg_numeric_div(" : "lg_numeric_mod(");
        ls = emit_scaled(c, l, lt ? lt : rt);
        emit_str(c, ", ");
        rs = emit_scaled(c, r, rt ? rt : lt);
        emit_str(c, ")");
        c->last_typmod = arith_typmod(op, ls, rs);
        return t;
    }
    if (op != '%' && emit_type_is_int(lt) && emit_type_is_int(rt) && emit_type_is_int(t)) {
        /* checked integer arithmetic, 22003 on overflow (sqlfn_intops.c) */
        const char *w = t == PGTYPE_INT8 ? "8" : (t == PGTYPE_INT2 ? "2" : "4");
        const char *fn = op == '+' ? "add" : op == '-' ? "sub" : op == '*' ? "mul" : "div";
        emit_fmt(c, "lg_int%s_%s(", w, fn);
        emit_expr_as(c, l, lt, -1);
        emit_str(c, ", ");
        emit_expr_as(c, r, rt, -1);
        emit_str(c, ")");
        c->last_typmod = -1;
        return t;
    }
    if (op != '%' && t == PGTYPE_FLOAT8) {
        /* checked: overflow / underflow 22003, x / 0 22012 (sqlfn_floatops.c) */
        const char *fn = op == '+' ? "add" : op == '-' ? "sub" : op == '*' ? "mul" : "div";
        emit_fmt(c, "lg_float8_%s(", fn);
        emit_expr_as(c, l, lt ? lt : rt, -1);
        emit_str(c, ", ");
        emit_expr_as(c, r, rt ? rt : lt, -1);
        emit_str(c, ")");
        c->last_typmod = -1;
        return t;
    }
    if (t == PGTYPE_FLOAT4)
        emit_str(c, "lg_to_float4"); /* real arithmetic rounds to float precision */
    emit_str(c, "(");
    ls = emit_scaled(c, l, lt ? lt : rt);
    emit_fmt(c, " %c ", op);
    if ((op == '/' || op == '%') && !is_nonzero_number(r)) {
        emit_str(c, "lg_nz(");
        emit_expr_as(c, r, rt ? rt : lt, -1);
        emit_str(c, ")");
        rs = emit_numeric_scale(rt ? rt : lt, c->last_typmod);
    } else {
        rs = emit_scaled(c, r, rt ? rt : lt);
    }
    emit_str(c, ")");
    c->last_typmod = t == PGTYPE_NUMERIC ? arith_typmod(op, ls, rs) : -1;
    return t;
}

static bool is_array(uint32_t t)
{
    return pgtype_array_elem(t) != 0;
}

/* An untyped string constant ('{z}'), which takes the type the operator needs. */
static bool is_string_literal(const PgQuery__Node *n)
{
    return n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
           n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
}

/* A $n whose type nothing has decided yet: PostgreSQL reads it as the other operand's type
 * (tags || $1 concatenates a text[]). */
static bool untyped_param(const PgQuery__Node *n, uint32_t t)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_PARAM_REF && !t;
}

static uint32_t emit_concat(emit_ctx_t *c, const PgQuery__Node *l, const PgQuery__Node *r)
{
    uint32_t lt, rt;
    resolve_pair(c, l, r, &lt, &rt);
    const char *fn = NULL;
    uint32_t res = PGTYPE_TEXT;
    if (is_json(lt) || is_json(rt)) {
        fn = "lg_jsonb_concat";
        res = PGTYPE_JSONB;
    } else if ((lt == PGTYPE_BYTEA && (rt == PGTYPE_BYTEA || is_string_literal(r))) ||
               (rt == PGTYPE_BYTEA && is_string_literal(l))) {
        fn = "lg_bytea_concat"; /* SQLite's || would join their text forms */
        res = lt = rt = PGTYPE_BYTEA;
    } else if (is_array(lt) && (is_array(rt) || is_string_literal(r) || untyped_param(r, rt))) {
        fn = "lg_array_cat"; /* an untyped '{...}' literal or $n is an array of the same type */
        res = lt;
        rt = lt;
    } else if (is_array(rt) && (is_string_literal(l) || untyped_param(l, lt))) {
        fn = "lg_array_cat";
        res = rt;
        lt = rt;
    } else if (is_array(lt)) {
        fn = "lg_array_append";
        res = lt;
        rt = pgtype_array_elem(lt);
    } else if (is_array(rt)) {
        fn = "lg_array_prepend";
        res = rt;
        lt = pgtype_array_elem(rt);
    }
    if (fn) {
        emit_fmt(c, "%s(", fn);
        emit_expr_as(c, l, lt ? lt : rt, -1);
        emit_str(c, ", ");
        emit_expr_as(c, r, rt ? rt : lt, -1);
        emit_str(c, ")");
        return res;
    }
    const PgQuery__Node *side[2] = {l, r};
    uint32_t ty[2] = {lt, rt};
    emit_str(c, "(");
    for (int i = 0; i < 2; i++) {
        if (i)
            emit_str(c, " || ");
        uint32_t t = ty[i];
        if (t && !emit_type_is_textlike(t) && !emit_type_is_int(t) && t != PGTYPE_UUID &&
            t != PGTYPE_DATE && t != PGTYPE_JSON) {
            emit_str(c, "lg_to_text(");
            emit_expr(c, side[i]);
            emit_fmt(c, ", %u, %d)", t, (int)c->last_typmod);
        } else {
            emit_expr_as(c, side[i], PGTYPE_TEXT, -1);
        }
    }
    emit_str(c, ")");
    return PGTYPE_TEXT;
}

/* A LIKE pattern literal as a GLOB pattern (case-sensitive, like PostgreSQL's LIKE). */
static void like_to_glob(const char *p, lg_buf_t *out)
{
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            if (*p == '*' || *p == '?' || *p == '[')
                lg_buf_printf(out, "[%c]", *p);
            else
                lg_buf_putc(out, (uint8_t)*p);
        } else if (*p == '%') {
            lg_buf_putc(out, '*');
        } else if (*p == '_') {
            lg_buf_putc(out, '?');
        } else if (*p == '*' || *p == '?' || *p == '[') {
            lg_buf_printf(out, "[%c]", *p);
        } else {
            lg_buf_putc(out, (uint8_t)*p);
        }
    }
    lg_buf_putc(out, 0);
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

static uint32_t emit_like(emit_ctx_t *c, const PgQuery__AExpr *e, bool ilike)
{
    const char *op = emit_last_name(e->name, e->n_name);
    bool neg = op[0] == '!';
    const PgQuery__Node *pat = e->rexpr;
    const PgQuery__Node *esc = NULL;
    if (pat && pat->node_case == PG_QUERY__NODE__NODE_FUNC_CALL &&
        strcmp(emit_last_name(pat->func_call->funcname, pat->func_call->n_funcname),
               "like_escape") == 0 &&
        pat->func_call->n_args == 2) {
        esc = pat->func_call->args[1];
        pat = pat->func_call->args[0];
    }
    emit_str(c, neg ? "(NOT " : "(");
    bool lit = pat && !esc && pat->node_case == PG_QUERY__NODE__NODE_A_CONST &&
               pat->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
    /* char(n) matches with its padding, as PostgreSQL's bpchar LIKE does */
    uint32_t subject = emit_peek_type(c, e->lexpr) == PGTYPE_BPCHAR ? PGTYPE_BPCHAR : PGTYPE_TEXT;
    if (lit && !ilike) {
        lg_buf_t g;
        lg_buf_init(&g, 1u << 20);
        like_to_glob(pat->a_const->sval->sval, &g);
        emit_expr_as(c, e->lexpr, subject, -1);
        emit_str(c, " GLOB ");
        emit_literal(c, g.failed ? "" : (const char *)g.data);
        lg_buf_deinit(&g);
    } else if (lit && is_ascii(pat->a_const->sval->sval)) {
        emit_expr_as(c, e->lexpr, subject, -1);
        emit_str(c, " LIKE ");
        emit_literal(c, pat->a_const->sval->sval);
        if (strchr(pat->a_const->sval->sval, '\\'))
            emit_str(c, " ESCAPE '\\'");
    } else {
        emit_str(c, ilike ? "lg_ilike(" : "lg_like(");
        emit_expr_as(c, e->lexpr, subject, -1);
        emit_str(c, ", ");
        emit_expr_as(c, pat, PGTYPE_TEXT, -1);
        if (esc) {
            emit_str(c, ", ");
            emit_expr_as(c, esc, PGTYPE_TEXT, -1);
        }
        emit_str(c, ")");
    }
    emit_str(c, ")");
    return PGTYPE_BOOL;
}

static uint32_t emit_call2(emit_ctx_t *c, const char *fn, const PgQuery__Node *a,
                           const PgQuery__Node *b, uint32_t at, uint32_t bt, uint32_t res)
{
    emit_fmt(c, "%s(", fn);
    emit_expr_as(c, a, at, -1);
    emit_str(c, ", ");
    emit_expr_as(c, b, bt, -1);
    emit_str(c, ")");
    return res;
}

/* -> ->> #> #>> as sqlfn's lg_json_get[_text] / lg_json_path[_text]: PostgreSQL's
 * semantics (negative array indexes count from the end, a jsonb result keeps jsonb's
 * spacing), unlike SQLite's own -> which re-minifies. */
static uint32_t emit_json_op(emit_ctx_t *c, const char *op, const PgQuery__Node *l,
                             const PgQuery__Node *r)
{
    bool path = op[0] == '#';
    bool text = op[strlen(op) - 1] == '>' && op[strlen(op) - 2] == '>';
    uint32_t lt = emit_peek_type(c, l);
    const char *get = lt == PGTYPE_JSONB ? "lg_jsonb_get" : "lg_json_get"; /* scalar ->> 0 */
    emit_fmt(c, "%s%s(", path ? "lg_json_path" : get, text ? "_text" : "");
    emit_expr(c, l);
    emit_str(c, ", ");
    if (path) {
        emit_expr_as(c, r, PGTYPE_TEXT_ARRAY, -1);
    } else {
        uint32_t rt = is_untyped(r) ? 0 : emit_peek_type(c, r);
        emit_expr_as(c, r, rt ? rt : PGTYPE_TEXT, -1);
    }
    emit_str(c, ")");
    return text ? PGTYPE_TEXT : (lt == PGTYPE_JSON ? PGTYPE_JSON : PGTYPE_JSONB);
}

static uint32_t emit_regex(emit_ctx_t *c, const char *op, const PgQuery__Node *l,
                           const PgQuery__Node *r)
{
    bool neg = op[0] == '!';
    bool ci = op[strlen(op) - 1] == '*';
    emit_str(c, neg ? "(NOT " : "(");
    emit_str(c, ci ? "lg_regex_i(" : "lg_regex(");
    emit_expr_as(c, l, PGTYPE_TEXT, -1);
    emit_str(c, ", ");
    emit_expr_as(c, r, PGTYPE_TEXT, -1);
    emit_str(c, "))");
    return PGTYPE_BOOL;
}

static uint32_t emit_containment(emit_ctx_t *c, const char *op, const PgQuery__Node *l,
                                 const PgQuery__Node *r)
{
    uint32_t lt, rt;
    resolve_pair(c, l, r, &lt, &rt);
    uint32_t t = lt ? lt : rt;
    bool arr = is_array(t);
    if (lt && rt && !emit_check_containment(c, op, lt, rt, -1)) /* translate_emit_typecheck.c */
        return 0;
    if (!t) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                   "operator %s on operands of unknown type is not supported", op);
        return 0;
    }
    if (strcmp(op, "&&") == 0)
        return emit_call2(c, "lg_array_overlap", l, r, t, t, PGTYPE_BOOL);
    const char *fn = arr ? "lg_array_contains" : "lg_jsonb_contains";
    if (strcmp(op, "<@") == 0)
        return emit_call2(c, fn, r, l, t, t, PGTYPE_BOOL);
    return emit_call2(c, fn, l, r, t, t, PGTYPE_BOOL);
}

static uint32_t emit_prefix_op(emit_ctx_t *c, const char *op, const PgQuery__Node *r)
{
    bool exact = c->exact && op[0] != '~' && emit_peek_type(c, r) == PGTYPE_NUMERIC;
    c->exact = exact; /* the operand of an exact -x / +x / @x is exact too */
    if (exact && (op[0] == '-' || op[0] == '+' || op[0] == '@') && op[1] == '\0') {
        emit_str(c, op[0] == '-' ? "lg_numx_neg(" : op[0] == '@' ? "lg_numx_abs(" : "lg_numx(");
        emit_exact_operand(c, r, 0);
        emit_str(c, ")");
        return PGTYPE_NUMERIC;
    }
    c->exact = false;
    if (strcmp(op, "-") == 0 && emit_peek_type(c, r) == PGTYPE_INTERVAL) {
        emit_str(c, "interval_neg("); /* each field negated: -'1 day' is '-1 days' */
        emit_expr(c, r);
        emit_str(c, ")");
        return PGTYPE_INTERVAL;
    }
    uint32_t rt = emit_peek_type(c, r);
    if (strcmp(op, "-") == 0 && emit_type_is_int(rt)) {
        /* checked: -(-2147483648)::int is 22003 (sqlfn_intops.c) */
        emit_fmt(c, "lg_int%s_sub(0, ", rt == PGTYPE_INT8 ? "8" : rt == PGTYPE_INT2 ? "2" : "4");
        emit_expr_as(c, r, rt, -1);
        emit_str(c, ")");
        return rt;
    }
    if (strcmp(op, "-") == 0 || strcmp(op, "+") == 0 || strcmp(op, "~") == 0) {
        emit_fmt(c, "(%s ", op); /* the space: "- -1" must not become the comment "--1" */
        uint32_t t = emit_expr(c, r);
        emit_str(c, ")");
        return t;
    }
    if (strcmp(op, "!!") == 0) { /* tsquery negation */
        emit_str(c, "lg_tsquery_not(");
        emit_expr_as(c, r, PGTYPE_TSQUERY, -1);
        emit_str(c, ")");
        return PGTYPE_TSQUERY;
    }
    if (strcmp(op, "|/") == 0 || strcmp(op, "@") == 0) {
        emit_str(c, op[0] == '@' ? "abs(" : "sqrt(");
        uint32_t t = emit_expr(c, r);
        emit_str(c, ")");
        return op[0] == '@' ? t : PGTYPE_FLOAT8;
    }
    emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1, "prefix operator %s is not supported", op);
    return 0;
}

/* tsvector || tsvector, tsquery || / && tsquery: the text search type involved, else 0. */
static uint32_t ts_op_type(emit_ctx_t *c, const PgQuery__Node *l, const PgQuery__Node *r)
{
    uint32_t lt = emit_peek_type(c, l), rt = emit_peek_type(c, r);
    if (lt == PGTYPE_TSVECTOR || rt == PGTYPE_TSVECTOR)
        return PGTYPE_TSVECTOR;
    return lt == PGTYPE_TSQUERY || rt == PGTYPE_TSQUERY ? PGTYPE_TSQUERY : 0;
}

static const char *ts_op_fn(const char *op, uint32_t t)
{
    if (t == PGTYPE_TSVECTOR)
        return "lg_tsvector_concat";
    return op[0] == '|' ? "lg_tsquery_or" : op[0] == '<' ? "tsquery_phrase" : "lg_tsquery_and";
}

/* Text search @@: a tsvector or tsquery on either side, or text on the left. */
static bool ts_match_types(emit_ctx_t *c, const PgQuery__Node *l, const PgQuery__Node *r)
{
    uint32_t lt = emit_peek_type(c, l), rt = emit_peek_type(c, r);
    return lt == PGTYPE_TSVECTOR || lt == PGTYPE_TSQUERY || rt == PGTYPE_TSVECTOR ||
           rt == PGTYPE_TSQUERY;
}

/* lg_ts_match(vector, query): text becomes to_tsvector(text) (tsquery: plainto_tsquery),
 * an untyped literal is read as a tsvector / tsquery; operands may come in either order. */
static uint32_t emit_ts_match(emit_ctx_t *c, const PgQuery__Node *l, const PgQuery__Node *r)
{
    if (emit_peek_type(c, l) == PGTYPE_TSQUERY || emit_peek_type(c, r) == PGTYPE_TSVECTOR) {
        const PgQuery__Node *t = l;
        l = r;
        r = t;
    }
    uint32_t lt = emit_peek_type(c, l), rt = emit_peek_type(c, r);
    bool lvec = lt == PGTYPE_TSVECTOR || lt == PGTYPE_UNKNOWN; /* a literal is a tsvector */
    bool rq = rt == PGTYPE_TSQUERY || rt == PGTYPE_UNKNOWN;
    emit_str(c, lvec ? "lg_ts_match(" : "lg_ts_match(to_tsvector(");
    emit_expr_as(c, l, lvec ? PGTYPE_TSVECTOR : PGTYPE_TEXT, -1);
    emit_str(c, lvec ? ", " : "), ");
    emit_str(c, rq ? "" : "plainto_tsquery(");
    emit_expr_as(c, r, rq ? PGTYPE_TSQUERY : PGTYPE_TEXT, -1);
    emit_str(c, rq ? ")" : "))");
    return PGTYPE_BOOL;
}

static uint32_t emit_op(emit_ctx_t *c, const PgQuery__AExpr *e)
{
    const char *op = emit_last_name(e->name, e->n_name);
    const PgQuery__Node *l = e->lexpr, *r = e->rexpr;
    if (!l)
        return emit_prefix_op(c, op, r);
    uint32_t range_t; /* range operators, by operand type (translate_emit_range.c) */
    if (emit_range_op(c, op, l, r, e->location, &range_t))
        return range_t;
    if (!strcmp(op, "=") || !strcmp(op, "<") || !strcmp(op, ">") || !strcmp(op, "<=") ||
        !strcmp(op, ">=") || !strcmp(op, "<>"))
        return emit_binary(c, op, l, r, e->location);
    if (!strcmp(op, "!="))
        return emit_binary(c, "<>", l, r, e->location);
    if (strlen(op) == 1 && strchr("+-*/%", op[0]))
        return emit_arith(c, op[0], l, r, e->location);
    uint32_t tst =
        !strcmp(op, "||") || !strcmp(op, "&&") || !strcmp(op, "<->") ? ts_op_type(c, l, r) : 0;
    if (tst && (op[0] == '|' || tst == PGTYPE_TSQUERY)) /* text search || && <-> */
        return emit_call2(c, ts_op_fn(op, tst), l, r, tst, tst, tst);
    if (!strcmp(op, "||"))
        return emit_concat(c, l, r);
    if (!strcmp(op, "->") || !strcmp(op, "->>") || !strcmp(op, "#>") || !strcmp(op, "#>>"))
        return emit_json_op(c, op, l, r);
    if (!strcmp(op, "~") || !strcmp(op, "~*") || !strcmp(op, "!~") || !strcmp(op, "!~*"))
        return emit_regex(c, op, l, r);
    if (!strcmp(op, "~~") || !strcmp(op, "!~~") || !strcmp(op, "~~*") || !strcmp(op, "!~~*")) {
        PgQuery__AExpr tmp = *e;
        return emit_like(c, &tmp, strchr(op, '*') != NULL);
    }
    if (!strcmp(op, "@>") || !strcmp(op, "<@") || !strcmp(op, "&&"))
        return emit_containment(c, op, l, r);
    if (!strcmp(op, "^@")) /* text ^@ prefix: starts_with */
        return emit_call2(c, "starts_with", l, r, PGTYPE_TEXT, PGTYPE_TEXT, PGTYPE_BOOL);
    if (!strcmp(op, "?"))
        return emit_call2(c, "lg_jsonb_exists", l, r, 0, PGTYPE_TEXT, PGTYPE_BOOL);
    if (!strcmp(op, "?|"))
        return emit_call2(c, "lg_jsonb_exists_any", l, r, 0, PGTYPE_TEXT_ARRAY, PGTYPE_BOOL);
    if (!strcmp(op, "?&"))
        return emit_call2(c, "lg_jsonb_exists_all", l, r, 0, PGTYPE_TEXT_ARRAY, PGTYPE_BOOL);
    if (!strcmp(op, "#-"))
        return emit_call2(c, "lg_jsonb_delete_path", l, r, 0, PGTYPE_TEXT_ARRAY, PGTYPE_JSONB);
    if (!strcmp(op, "@@") && ts_match_types(c, l, r)) /* text search: tsvector @@ tsquery */
        return emit_ts_match(c, l, r);
    if (!strcmp(op, "@?") || !strcmp(op, "@@")) /* jsonpath exists / match (sqlfn) */
        return emit_call2(c, op[1] == '?' ? "lg_jsonb_path_exists_op" : "lg_jsonb_path_match_op", l,
                          r, 0, PGTYPE_TEXT, PGTYPE_BOOL);
    if (!strcmp(op, "^") && (emit_peek_type(c, l) == PGTYPE_NUMERIC ||
                             emit_peek_type(c, r) == PGTYPE_NUMERIC)) { /* numeric ^ */
        emit_call2(c, c->exact ? "lg_numx_power" : "lg_num_power", l, r, PGTYPE_NUMERIC,
                   PGTYPE_NUMERIC, PGTYPE_NUMERIC);
        c->last_typmod = pgtype_typmod_divscale(16); /* at least 16 significant digits */
        return PGTYPE_NUMERIC;
    }
    c->exact = false;
    if (!strcmp(op, "^"))
        return emit_call2(c, "pow", l, r, PGTYPE_FLOAT8, PGTYPE_FLOAT8, PGTYPE_FLOAT8);
    if (!strcmp(op, "&") || !strcmp(op, "|") || !strcmp(op, "<<") || !strcmp(op, ">>")) {
        emit_binary(c, op, l, r, e->location);
        return arith_type(emit_peek_type(c, l), emit_peek_type(c, r));
    }
    if (!strcmp(op, "#")) {
        uint32_t t = arith_type(emit_peek_type(c, l), emit_peek_type(c, r));
        emit_call2(c, "lg_bit_xor", l, r, PGTYPE_INT8, PGTYPE_INT8, PGTYPE_INT8);
        return emit_type_is_int(t) ? t : PGTYPE_INT8;
    }
    emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, e->location, "operator %s is not supported",
               op);
    return 0;
}

/* x op ANY/ALL (array): json_each over the array's JSON storage. */
/* Pattern operators as functions of (left, element): LIKE / ILIKE / regex ANY (...). */
static const char *pattern_fn(const char *op, bool *negate)
{
    static const char *const k[][2] = {
        {"~~", "lg_like"}, {"~~*", "lg_ilike"}, {"~", "lg_regex"}, {"~*", "lg_regex_i"}};
    *negate = op[0] == '!';
    const char *o = *negate ? op + 1 : op;
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (!strcmp(o, k[i][0]))
            return k[i][1];
    return NULL;
}

/* The array operand of ANY / ALL as JSON (int2vector / oidvector: "2 3" -> [2,3]). */
static void emit_any_source(emit_ctx_t *c, const PgQuery__Node *n, uint32_t at)
{
    if (at == PGTYPE_INT2VECTOR || at == PGTYPE_OIDVECTOR)
        emit_array_value(c, n, at);
    else
        emit_expr_as(c, n, at, -1);
}

static uint32_t emit_any_array(emit_ctx_t *c, const PgQuery__AExpr *e, bool all)
{
    const char *op = emit_last_name(e->name, e->n_name);
    if (!strcmp(op, "!="))
        op = "<>";
    uint32_t lt = is_untyped(e->lexpr) ? 0 : emit_peek_type(c, e->lexpr);
    uint32_t at = is_untyped(e->rexpr) ? 0 : emit_peek_type(c, e->rexpr);
    if (!lt && at)
        lt = emit_array_elem_type(at);
    if (!at)
        at = lt ? pgtype_array_of(lt) : PGTYPE_TEXT_ARRAY;
    if (!at)
        at = PGTYPE_TEXT_ARRAY;
    /* date vs timestamp[tz] elements compare in the wider type; intervals as interval_cmp */
    uint32_t elem = emit_array_elem_type(at), common = emit_datetime_common(lt, elem);
    bool iv = lt == PGTYPE_INTERVAL || elem == PGTYPE_INTERVAL;
    const char *conv =
        iv ? "lg_interval_key" : (common && common != elem ? emit_converter(common) : NULL);
    lt = common ? common : lt;
    bool in_form = (!all && !strcmp(op, "=")) || (all && !strcmp(op, "<>"));
    if (in_form) {
        /* a NULL array stands for one NULL element, so the result is NULL as in PostgreSQL;
         * the IN form keeps an index on the left side usable */
        emit_str(c, "(");
        emit_operand(c, e->lexpr, lt, iv);
        emit_str(c, all ? " NOT IN (SELECT " : " IN (SELECT ");
        emit_fmt(c, conv ? "%s(value)" : "value", conv);
        emit_str(c, " FROM json_each(");
        emit_any_source(c, e->rexpr, at);
        emit_str(c, ") UNION ALL SELECT NULL WHERE (");
        emit_any_source(c, e->rexpr, at);
        emit_str(c, ") IS NULL))");
        return PGTYPE_BOOL;
    }
    /* three-valued ANY/ALL over the elements */
    emit_str(c, "(SELECT CASE WHEN ");
    emit_str(c, all ? "sum(NOT _lg_cmp) > 0 THEN 0 WHEN count(*) = count(_lg_cmp) THEN 1"
                    : "sum(_lg_cmp) > 0 THEN 1 WHEN count(*) = count(_lg_cmp) THEN 0");
    /* the left operand is evaluated where only _lg_s._lg_v is in scope, so its column
     * references reach the outer query (json_each's own key/value/id... would shadow them) */
    bool negate;
    const char *fn = pattern_fn(op, &negate);
    emit_str(c, " END FROM (SELECT (");
    if (fn)
        emit_fmt(c, "%s%s(", negate ? "NOT " : "", fn);
    emit_operand(c, e->lexpr, lt, iv && !fn);
    if (fn)
        emit_str(c, ", _lg_s._lg_v)");
    else
        emit_fmt(c, " %s _lg_s._lg_v", op);
    emit_str(c, ") AS _lg_cmp FROM (SELECT ");
    emit_fmt(c, conv && !(iv && fn) ? "%s(value)" : "value", conv);
    emit_str(c, " AS _lg_v FROM json_each(");
    emit_any_source(c, e->rexpr, at);
    emit_str(c, ")) AS _lg_s))");
    return PGTYPE_BOOL;
}

/* t widened to the common type of date / timestamp / timestamptz operands in items. */
static uint32_t widen_datetime(emit_ctx_t *c, uint32_t t, PgQuery__Node **items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t w =
            is_untyped(items[i]) ? 0 : emit_datetime_common(t, emit_peek_type(c, items[i]));
        t = w ? w : t;
    }
    return t;
}

static uint32_t emit_in_list(emit_ctx_t *c, const PgQuery__AExpr *e)
{
    const char *op = emit_last_name(e->name, e->n_name);
    const PgQuery__List *items = e->rexpr->list;
    uint32_t lt = is_untyped(e->lexpr) ? 0 : emit_peek_type(c, e->lexpr);
    if (!lt && items->n_items && !is_untyped(items->items[0]))
        lt = emit_peek_type(c, items->items[0]);
    lt = widen_datetime(c, lt, items->items, items->n_items);
    bool iv = lt == PGTYPE_INTERVAL;
    emit_str(c, "(");
    emit_operand(c, e->lexpr, lt, iv);
    emit_str(c, strcmp(op, "<>") == 0 ? " NOT IN (" : " IN (");
    for (size_t i = 0; i < items->n_items; i++) {
        if (i)
            emit_str(c, ", ");
        emit_operand(c, items->items[i], lt, iv);
    }
    emit_str(c, "))");
    return PGTYPE_BOOL;
}

static uint32_t emit_between(emit_ctx_t *c, const PgQuery__AExpr *e)
{
    const PgQuery__List *b = e->rexpr->list;
    bool neg = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
               e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
    bool sym = e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
               e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
    uint32_t t = is_untyped(e->lexpr) ? 0 : emit_peek_type(c, e->lexpr);
    if (!t && !is_untyped(b->items[0]))
        t = emit_peek_type(c, b->items[0]);
    t = widen_datetime(c, t, b->items, 2);
    bool iv = t == PGTYPE_INTERVAL;
    emit_str(c, "(");
    emit_operand(c, e->lexpr, t, iv);
    emit_str(c, neg ? " NOT BETWEEN " : " BETWEEN ");
    for (int k = 0; k < 2; k++) {
        if (k)
            emit_str(c, " AND ");
        if (sym) {
            emit_str(c, k ? "max(" : "min(");
            emit_operand(c, b->items[0], t, iv);
            emit_str(c, ", ");
            emit_operand(c, b->items[1], t, iv);
            emit_str(c, ")");
        } else {
            emit_operand(c, b->items[k], t, iv);
        }
    }
    emit_str(c, ")");
    return PGTYPE_BOOL;
}

static uint32_t emit_a_expr_kind(emit_ctx_t *c, const PgQuery__AExpr *e);

/* Leaves c->last_typmod as the display typmod of a numeric result (-1 otherwise). */
uint32_t emit_a_expr(emit_ctx_t *c, const PgQuery__AExpr *e)
{
    uint32_t t = emit_a_expr_kind(c, e);
    if (t != PGTYPE_NUMERIC)
        c->last_typmod = -1;
    return t;
}

static uint32_t emit_a_expr_kind(emit_ctx_t *c, const PgQuery__AExpr *e)
{
    switch (e->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
        return emit_op(c, e);
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
        return emit_any_array(c, e, false);
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
        return emit_any_array(c, e, true);
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
        return emit_binary(c, "IS DISTINCT FROM", e->lexpr, e->rexpr, e->location);
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
        return emit_binary(c, "IS NOT DISTINCT FROM", e->lexpr, e->rexpr, e->location);
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
        uint32_t lt, rt;
        resolve_pair(c, e->lexpr, e->rexpr, &lt, &rt);
        bool iv = (lt ? lt : rt) == PGTYPE_INTERVAL; /* equal spans, not equal texts */
        emit_fmt(c, "%s(", iv ? "lg_interval_nullif" : "nullif");
        emit_expr_as(c, e->lexpr, lt ? lt : rt, -1);
        int32_t typmod = c->last_typmod; /* the result is the first argument's: 20.00 */
        emit_str(c, ", ");
        emit_expr_as(c, e->rexpr, rt ? rt : lt, -1);
        emit_str(c, ")");
        c->last_typmod = typmod;
        return lt ? lt : (rt ? rt : PGTYPE_TEXT);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        return emit_in_list(c, e);
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
        return emit_op(c, e); /* ~ similar_to_escape */
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
        return emit_like(c, e, false);
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
        return emit_like(c, e, true);
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
        return emit_between(c, e);
    default:
        emit_unsupported(c, e->location, "SIMILAR TO");
        return 0;
    }
}

/* ---- sublinks ---- */

static const char *first_target_name(const PgQuery__Node *q)
{
    while (q && q->node_case == PG_QUERY__NODE__NODE_SELECT_STMT && q->select_stmt->larg) {
        const PgQuery__SelectStmt *s = q->select_stmt;
        if (s->n_target_list)
            break;
        static __thread PgQuery__Node tmp;
        tmp.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
        tmp.select_stmt = s->larg;
        q = &tmp;
    }
    if (!q || q->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        q->select_stmt->n_target_list == 0)
        return NULL;
    const PgQuery__ResTarget *rt = q->select_stmt->target_list[0]->res_target;
    if (rt->name[0])
        return rt->name;
    const char *n = emit_colname(rt->val);
    return strcmp(n, "?column?") == 0 && rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF
               ? NULL
               : n;
}

static uint32_t emit_sub_anyall(emit_ctx_t *c, const PgQuery__SubLink *s, bool all)
{
    if (!emit_sublink_cols_ok(c, s)) /* translate_emit_sublink.c */
        return 0;
    const char *op = s->n_oper_name ? emit_last_name(s->oper_name, s->n_oper_name) : "=";
    if (!strcmp(op, "!="))
        op = "<>";
    if ((!all && !strcmp(op, "=")) || (all && !strcmp(op, "<>"))) {
        emit_str(c, "(");
        emit_expr(c, s->testexpr);
        emit_str(c, all ? " NOT IN " : " IN ");
        emit_subselect(c, s->subselect);
        emit_str(c, ")");
        return PGTYPE_BOOL;
    }
    const char *col = first_target_name(s->subselect);
    if (!col || s->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
        emit_unsupported(c, s->location, "this ANY/ALL subquery form");
        return 0;
    }
    emit_str(c, "(SELECT CASE WHEN ");
    emit_str(c, all ? "sum(NOT _lg_cmp) > 0 THEN 0 WHEN count(*) = count(_lg_cmp) THEN 1"
                    : "sum(_lg_cmp) > 0 THEN 1 WHEN count(*) = count(_lg_cmp) THEN 0");
    /* as in emit_any_array: only _lg_s._lg_v is in scope where the left side is evaluated */
    emit_str(c, " END FROM (SELECT (");
    emit_expr(c, s->testexpr);
    emit_fmt(c, " %s _lg_s._lg_v) AS _lg_cmp FROM (SELECT _lg_q.", op);
    emit_ident(c, col);
    emit_str(c, " AS _lg_v FROM ");
    emit_subselect(c, s->subselect);
    emit_str(c, " AS _lg_q) AS _lg_s))");
    return PGTYPE_BOOL;
}

uint32_t emit_sublink_expr(emit_ctx_t *c, const PgQuery__SubLink *s)
{
    switch (s->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
        emit_str(c, "EXISTS ");
        emit_subselect(c, s->subselect);
        return PGTYPE_BOOL;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
        return emit_scalar_sublink(c, s);
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
        return emit_sub_anyall(c, s, false);
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
        return emit_sub_anyall(c, s, true);
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK: {
        const char *col = first_target_name(s->subselect);
        if (!col) {
            emit_unsupported(c, s->location, "ARRAY(subquery) without a named column");
            return 0;
        }
        translate_stmt_t tmp = {.ncols = -1};
        emit_str(c, "(SELECT json_group_array(_lg_a.");
        emit_ident(c, col);
        emit_str(c, ") FROM (");
        emit_select(c, s->subselect->select_stmt, &tmp);
        emit_str(c, ") AS _lg_a)");
        uint32_t t = tmp.ncols > 0 ? tmp.cols[0].type_oid : 0;
        for (int i = 0; i < tmp.ncols; i++)
            free(tmp.cols[i].name);
        free(tmp.cols);
        uint32_t at = t ? pgtype_array_of(t) : 0;
        return at ? at : PGTYPE_TEXT_ARRAY;
    }
    default:
        emit_unsupported(c, s->location, "this kind of subquery");
        return 0;
    }
}
