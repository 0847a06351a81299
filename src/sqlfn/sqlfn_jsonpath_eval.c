/* sqlfn_jsonpath_eval.c - evaluating a parsed jsonpath (sqlfn_jsonpath.h) over a document.
 *
 * Semantics follow PostgreSQL 15's jsonpath_exec.c for the supported subset:
 * - lax mode unwraps arrays one level for .key, .*, filters, arithmetic operands, numeric
 *   methods and predicate operands; structural errors (missing key, wrong item kind,
 *   subscript out of range) yield nothing instead of failing; [*] and [i] on a non-array
 *   treat it as a one-element array; .size() of a non-array is 1.
 * - strict mode raises those errors (2203A member, 22039 array, 22033 subscript).
 * - predicates are three-valued; comparisons are existential over both operand sequences,
 *   items of different kinds compare unknown (null against anything: only != is true);
 *   errors inside a predicate make it unknown; a filter keeps items whose predicate is true.
 * - arithmetic needs single numeric operands (22038), division by zero is 22012.
 * Numbers are doubles carrying a display scale (input digits; + - keep the larger, * adds). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "sqlfn_jsonpath.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

typedef enum { JB_FALSE, JB_TRUE, JB_UNKNOWN } jbool_t;

typedef struct jp_exec {
    const jp_path_t *p;
    const jdoc_t *d;
    const jdoc_t *vars;
    char *err;
    size_t errcap;
    bool has_last;
    int64_t last;
    bool hard; /* an error no predicate or silent mode hides (unknown variable) */
} jp_exec_t;

static int eval(jp_exec_t *x, int32_t k, const jp_item_t *cur, jp_seq_t *out);
static jbool_t eval_pred(jp_exec_t *x, int32_t k, const jp_item_t *cur);

static int fail(jp_exec_t *x, const char *state, const char *msg)
{
    if (!x->hard)
        snprintf(x->err, x->errcap, "%s:%s", state, msg);
    return -1;
}

void sqlfn__jp_seq_free(jp_seq_t *s)
{
    free(s->v);
    memset(s, 0, sizeof(*s));
}

static void seq_push(jp_seq_t *s, const jp_item_t *it)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->v = lg_xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = *it;
}

static jp_item_t node_item(const jdoc_t *d, int32_t i)
{
    jp_item_t it = {.kind = d->nodes[i].kind, .d = d, .i = i, .scale = -1};
    return it;
}

static jp_item_t num_item(double v, int scale)
{
    jp_item_t it = {.kind = JN_NUMBER, .i = -1, .num = v, .scale = scale};
    return it;
}

static jp_item_t str_item(const char *s, size_t n)
{
    jp_item_t it = {.kind = JN_STRING, .i = -1, .s = s, .sn = n, .scale = -1};
    return it;
}

static jp_item_t simple_item(jn_kind_t k)
{
    jp_item_t it = {.kind = k, .i = -1, .scale = -1};
    return it;
}

/* Fraction digits of number text ("1.50" -> 2), -1 for exponent forms. */
static int text_scale(const char *s, size_t n)
{
    const char *dot = memchr(s, '.', n);
    if (memchr(s, 'e', n) || memchr(s, 'E', n))
        return -1;
    return dot ? (int)(n - (size_t)(dot - s) - 1) : 0;
}

static double item_num(const jp_item_t *it, int *scale)
{
    if (it->i < 0) {
        *scale = it->scale;
        return it->num;
    }
    const jnode_t *nd = &it->d->nodes[it->i];
    *scale = text_scale(it->d->src + nd->start, nd->end - nd->start);
    return strtod(it->d->src + nd->start, NULL);
}

/* Decoded string of an item into b (reset first). */
static void item_str(const jp_item_t *it, lg_buf_t *b)
{
    lg_buf_reset(b);
    if (it->i < 0)
        lg_buf_append(b, it->s, it->sn);
    else
        sqlfn_json_unescape(b, it->d, it->i);
}

void sqlfn__jp_item_write(lg_buf_t *b, const jp_item_t *it)
{
    if (it->i >= 0) {
        sqlfn__json_write(b, it->d, it->i, JW_JSONB);
        return;
    }
    switch (it->kind) {
    case JN_NUMBER:
        if (it->scale >= 0 && it->scale <= 30 && isfinite(it->num))
            lg_buf_printf(b, "%.*f", it->scale, it->num);
        else
            sqlfn__append_double(b, it->num);
        break;
    case JN_STRING:
        sqlfn__json_quote(b, (const unsigned char *)it->s, it->sn);
        break;
    case JN_TRUE:
        lg_buf_append(b, "true", 4);
        break;
    case JN_FALSE:
        lg_buf_append(b, "false", 5);
        break;
    default:
        lg_buf_append(b, "null", 4);
        break;
    }
}

/* Lax unwrapping: appends the elements of an array item, or the item itself. */
static void push_unwrapped(jp_seq_t *s, const jp_item_t *it, bool unwrap)
{
    if (unwrap && it->kind == JN_ARRAY && it->i >= 0) {
        for (int32_t e = it->d->nodes[it->i].child; e >= 0; e = it->d->nodes[e].next) {
            jp_item_t el = node_item(it->d, e);
            seq_push(s, &el);
        }
    } else {
        seq_push(s, it);
    }
}

static int eval_unwrapped(jp_exec_t *x, int32_t k, const jp_item_t *cur, jp_seq_t *out)
{
    jp_seq_t tmp = {0};
    int rc = eval(x, k, cur, &tmp);
    for (size_t i = 0; rc == 0 && i < tmp.n; i++)
        push_unwrapped(out, &tmp.v[i], !x->p->strict);
    sqlfn__jp_seq_free(&tmp);
    return rc;
}

static int acc_key(jp_exec_t *x, const jp_node_t *nd, const jp_item_t *it, jp_seq_t *out)
{
    if (it->kind == JN_OBJECT && it->i >= 0) {
        int32_t v = sqlfn__json_obj_get(it->d, it->i, nd->str, nd->slen);
        if (v >= 0) {
            jp_item_t r = node_item(it->d, v);
            seq_push(out, &r);
            return 0;
        }
        if (!x->p->strict)
            return 0;
        char msg[200];
        snprintf(msg, sizeof(msg), "JSON object does not contain key \"%.100s\"", nd->str);
        return fail(x, "2203A", msg);
    }
    if (!x->p->strict)
        return 0;
    return fail(x, "2203A", "jsonpath member accessor can only be applied to an object");
}

/* jsonb key order: shorter keys first, then bytewise (by decoded text). */
static int key_order(const jdoc_t *d, int32_t a, int32_t b)
{
    lg_buf_t x, y;
    lg_buf_init(&x, SQLFN_MAX_LEN);
    lg_buf_init(&y, SQLFN_MAX_LEN);
    sqlfn_json_unescape(&x, d, a);
    sqlfn_json_unescape(&y, d, b);
    int c = x.len != y.len ? (x.len < y.len ? -1 : 1) : (x.len ? memcmp(x.data, y.data, x.len) : 0);
    lg_buf_deinit(&x);
    lg_buf_deinit(&y);
    return c;
}

static int acc_anykey(jp_exec_t *x, const jp_item_t *it, jp_seq_t *out)
{
    if (it->kind == JN_OBJECT && it->i >= 0) {
        size_t first = out->n;
        for (int32_t kk = it->d->nodes[it->i].child; kk >= 0; kk = it->d->nodes[kk].next) {
            jp_item_t v = node_item(it->d, kk + 1);
            seq_push(out, &v);
        }
        for (size_t a = first + 1; a < out->n; a++) /* members in jsonb key order */
            for (size_t b = a;
                 b > first && key_order(it->d, out->v[b - 1].i - 1, out->v[b].i - 1) > 0; b--) {
                jp_item_t t = out->v[b];
                out->v[b] = out->v[b - 1];
                out->v[b - 1] = t;
            }
        return 0;
    }
    return x->p->strict ? fail(x, "2203A",
                               "jsonpath wildcard member accessor can only be "
                               "applied to an object")
                        : 0;
}

/* One subscript bound as an integer (with `last` bound to the array's last index). */
static int subscript_value(jp_exec_t *x, int32_t k, const jp_item_t *cur, int64_t *out)
{
    jp_seq_t s = {0};
    int rc = eval(x, k, cur, &s);
    if (rc == 0 && (s.n != 1 || s.v[0].kind != JN_NUMBER))
        rc = fail(x, "22033", "jsonpath array subscript is not a single numeric value");
    if (rc == 0) {
        int sc;
        double v = item_num(&s.v[0], &sc);
        if (v > 1e15 || v < -1e15)
            rc = fail(x, "22033", "jsonpath array subscript is out of integer range");
        else
            *out = (int64_t)v; /* PostgreSQL truncates toward zero */
    }
    sqlfn__jp_seq_free(&s);
    return rc;
}

static int acc_index(jp_exec_t *x, const jp_node_t *nd, const jp_item_t *it, jp_seq_t *out)
{
    bool arr = it->kind == JN_ARRAY && it->i >= 0;
    if (!arr && x->p->strict)
        return fail(x, "22039", "jsonpath array accessor can only be applied to an array");
    int64_t size = arr ? it->d->nodes[it->i].count : 1;
    bool saved_has = x->has_last;
    int64_t saved_last = x->last;
    x->has_last = true;
    x->last = size - 1;
    int rc = 0;
    for (int32_t s = nd->a; rc == 0 && s >= 0; s = x->p->nodes[s].next) {
        const jp_node_t *sub = &x->p->nodes[s];
        int64_t from = 0, to = 0;
        rc = subscript_value(x, sub->a, it, &from);
        if (rc == 0)
            rc = sub->b >= 0 ? subscript_value(x, sub->b, it, &to) : (to = from, 0);
        if (rc != 0)
            break;
        if (x->p->strict && (from < 0 || to >= size || from > to)) {
            rc = fail(x, "22033", "jsonpath array subscript is out of bounds");
            break;
        }
        if (from < 0)
            from = 0;
        if (to >= size)
            to = size - 1;
        for (int64_t i = from; i <= to; i++) {
            jp_item_t r = arr ? node_item(it->d, sqlfn__json_arr_get(it->d, it->i, i)) : *it;
            seq_push(out, &r);
        }
    }
    x->has_last = saved_has;
    x->last = saved_last;
    return rc;
}

static const char *type_name(jn_kind_t k)
{
    switch (k) {
    case JN_OBJECT:
        return "object";
    case JN_ARRAY:
        return "array";
    case JN_STRING:
        return "string";
    case JN_NUMBER:
        return "number";
    case JN_TRUE:
    case JN_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

static int acc_method(jp_exec_t *x, const jp_node_t *nd, const jp_item_t *it, jp_seq_t *out)
{
    jp_item_t r;
    if (nd->method == JM_TYPE) {
        const char *t = type_name(it->kind);
        r = str_item(t, strlen(t));
    } else if (nd->method == JM_SIZE) {
        if (it->kind != JN_ARRAY && x->p->strict)
            return fail(x, "22039",
                        "jsonpath item method .size() can only be applied to an "
                        "array");
        r = num_item(it->kind == JN_ARRAY ? it->d->nodes[it->i].count : 1, 0);
    } else {
        if (it->kind == JN_ARRAY && !x->p->strict) {
            jp_seq_t el = {0};
            push_unwrapped(&el, it, true);
            int rc = 0;
            for (size_t i = 0; rc == 0 && i < el.n; i++)
                rc = acc_method(x, nd, &el.v[i], out);
            sqlfn__jp_seq_free(&el);
            return rc;
        }
        int sc = -1;
        double v;
        if (it->kind == JN_NUMBER) {
            v = item_num(it, &sc);
        } else if (it->kind == JN_STRING && nd->method == JM_DOUBLE) {
            lg_buf_t b;
            lg_buf_init(&b, 1u << 20);
            item_str(it, &b);
            lg_buf_putc(&b, 0);
            char *end = NULL;
            v = strtod(b.data ? (const char *)b.data : "", &end);
            bool bad = !b.data || end == (char *)b.data || *end;
            lg_buf_deinit(&b);
            if (bad)
                return fail(x, "22032",
                            "string argument of jsonpath item method .double() "
                            "is not a valid representation of a double precision number");
        } else {
            return fail(x, "22038",
                        "jsonpath item method can only be applied to a numeric "
                        "value");
        }
        if (nd->method == JM_DOUBLE)
            r = num_item(v, -1);
        else if (nd->method == JM_ABS)
            r = num_item(fabs(v), sc);
        else
            r = num_item(nd->method == JM_FLOOR ? floor(v) : ceil(v), 0);
    }
    seq_push(out, &r);
    return 0;
}

static int acc_filter(jp_exec_t *x, const jp_node_t *nd, const jp_item_t *it, jp_seq_t *out)
{
    if (it->kind == JN_ARRAY && it->i >= 0 && !x->p->strict) {
        for (int32_t e = it->d->nodes[it->i].child; e >= 0; e = it->d->nodes[e].next) {
            jp_item_t el = node_item(it->d, e);
            if (eval_pred(x, nd->a, &el) == JB_TRUE)
                seq_push(out, &el);
        }
        return 0;
    }
    if (eval_pred(x, nd->a, it) == JB_TRUE)
        seq_push(out, it);
    return 0;
}

/* Applies accessor k to one item, appending to out. */
static int apply_accessor(jp_exec_t *x, int32_t k, const jp_item_t *it, jp_seq_t *out)
{
    const jp_node_t *nd = &x->p->nodes[k];
    bool lax = !x->p->strict;
    if (lax && it->kind == JN_ARRAY && it->i >= 0 && (nd->op == JP_KEY || nd->op == JP_ANYKEY)) {
        int rc = 0;
        for (int32_t e = it->d->nodes[it->i].child; rc == 0 && e >= 0; e = it->d->nodes[e].next) {
            jp_item_t el = node_item(it->d, e);
            rc = apply_accessor(x, k, &el, out);
        }
        return rc;
    }
    switch (nd->op) {
    case JP_KEY:
        return acc_key(x, nd, it, out);
    case JP_ANYKEY:
        return acc_anykey(x, it, out);
    case JP_ANYIDX:
        if (it->kind == JN_ARRAY && it->i >= 0) {
            push_unwrapped(out, it, true);
            return 0;
        }
        if (!lax)
            return fail(x, "22039",
                        "jsonpath wildcard array accessor can only be applied to "
                        "an array");
        seq_push(out, it);
        return 0;
    case JP_INDEX:
        return acc_index(x, nd, it, out);
    case JP_FILTER:
        return acc_filter(x, nd, it, out);
    case JP_METHOD:
        return acc_method(x, nd, it, out);
    default:
        return fail(x, "XX000", "unexpected jsonpath accessor");
    }
}

static int arith(jp_exec_t *x, const jp_node_t *nd, const jp_item_t *cur, jp_seq_t *out)
{
    static const char *const k_names[] = {"+", "-", "*", "/", "%"};
    const char *opn = k_names[nd->op - JP_ADD];
    jp_seq_t l = {0}, r = {0};
    int rc = eval_unwrapped(x, nd->a, cur, &l);
    if (rc == 0)
        rc = eval_unwrapped(x, nd->b, cur, &r);
    char msg[120];
    if (rc == 0 && (l.n != 1 || l.v[0].kind != JN_NUMBER)) {
        snprintf(msg, sizeof(msg),
                 "left operand of jsonpath operator %s is not a single "
                 "numeric value",
                 opn);
        rc = fail(x, "22038", msg);
    } else if (rc == 0 && (r.n != 1 || r.v[0].kind != JN_NUMBER)) {
        snprintf(msg, sizeof(msg),
                 "right operand of jsonpath operator %s is not a single "
                 "numeric value",
                 opn);
        rc = fail(x, "22038", msg);
    }
    if (rc == 0) {
        int ls, rs;
        double a = item_num(&l.v[0], &ls), b = item_num(&r.v[0], &rs);
        int mx = ls < 0 || rs < 0 ? -1 : (ls > rs ? ls : rs);
        jp_item_t res;
        if ((nd->op == JP_DIV || nd->op == JP_MOD) && b == 0)
            rc = fail(x, "22012", "division by zero");
        else if (nd->op == JP_ADD)
            res = num_item(a + b, mx);
        else if (nd->op == JP_SUB_OP)
            res = num_item(a - b, mx);
        else if (nd->op == JP_MUL)
            res = num_item(a * b, ls < 0 || rs < 0 ? -1 : ls + rs);
        else if (nd->op == JP_DIV)
            res = num_item(a / b, -1);
        else
            res = num_item(fmod(a, b), mx);
        if (rc == 0)
            seq_push(out, &res);
    }
    sqlfn__jp_seq_free(&l);
    sqlfn__jp_seq_free(&r);
    return rc;
}

static int unary(jp_exec_t *x, const jp_node_t *nd, const jp_item_t *cur, jp_seq_t *out)
{
    jp_seq_t s = {0};
    int rc = eval_unwrapped(x, nd->a, cur, &s);
    for (size_t i = 0; rc == 0 && i < s.n; i++) {
        if (s.v[i].kind != JN_NUMBER) {
            rc = fail(x, "22038",
                      nd->op == JP_NEG ? "operand of unary jsonpath operator - is "
                                         "not a numeric value"
                                       : "operand of unary jsonpath operator + is not a "
                                         "numeric value");
            break;
        }
        int sc;
        double v = item_num(&s.v[i], &sc);
        jp_item_t r = num_item(nd->op == JP_NEG ? -v : v, sc);
        seq_push(out, &r);
    }
    sqlfn__jp_seq_free(&s);
    return rc;
}

static int eval_var(jp_exec_t *x, const jp_node_t *nd, jp_seq_t *out)
{
    int32_t v = -1;
    if (x->vars && x->vars->n > 0 && x->vars->nodes[0].kind == JN_OBJECT)
        v = sqlfn__json_obj_get(x->vars, 0, nd->str, nd->slen);
    if (v < 0) {
        char msg[200];
        snprintf(msg, sizeof(msg), "could not find jsonpath variable \"%.100s\"", nd->str);
        fail(x, "42704", msg);
        x->hard = true;
        return -1;
    }
    jp_item_t it = node_item(x->vars, v);
    seq_push(out, &it);
    return 0;
}

/* The primary k itself (without its accessor chain). */
static int eval_primary(jp_exec_t *x, int32_t k, const jp_item_t *cur, jp_seq_t *out)
{
    const jp_node_t *nd = &x->p->nodes[k];
    jp_item_t it;
    switch (nd->op) {
    case JP_ROOT:
        it = node_item(x->d, 0);
        break;
    case JP_CUR:
        it = *cur;
        break;
    case JP_VAR:
        return eval_var(x, nd, out);
    case JP_NUM:
        it = num_item(nd->num, nd->scale);
        break;
    case JP_STR:
        it = str_item(nd->str, nd->slen);
        break;
    case JP_TRUE:
        it = simple_item(JN_TRUE);
        break;
    case JP_FALSE:
        it = simple_item(JN_FALSE);
        break;
    case JP_NULL:
        it = simple_item(JN_NULL);
        break;
    case JP_LAST:
        if (!x->has_last)
            return fail(x, "42601", "LAST is allowed only in array subscripts");
        it = num_item((double)x->last, 0);
        break;
    case JP_ADD:
    case JP_SUB_OP:
    case JP_MUL:
    case JP_DIV:
    case JP_MOD:
        return arith(x, nd, cur, out);
    case JP_NEG:
    case JP_PLUS:
        return unary(x, nd, cur, out);
    default: {
        jbool_t b = eval_pred(x, k, cur);
        it = simple_item(b == JB_TRUE ? JN_TRUE : b == JB_FALSE ? JN_FALSE : JN_NULL);
        break;
    }
    }
    seq_push(out, &it);
    return 0;
}

static int eval(jp_exec_t *x, int32_t k, const jp_item_t *cur, jp_seq_t *out)
{
    jp_seq_t a = {0};
    int rc = eval_primary(x, k, cur, &a);
    for (int32_t acc = x->p->nodes[k].next; rc == 0 && acc >= 0; acc = x->p->nodes[acc].next) {
        jp_seq_t b = {0};
        for (size_t i = 0; rc == 0 && i < a.n; i++)
            rc = apply_accessor(x, acc, &a.v[i], &b);
        sqlfn__jp_seq_free(&a);
        a = b;
    }
    for (size_t i = 0; rc == 0 && i < a.n; i++)
        seq_push(out, &a.v[i]);
    sqlfn__jp_seq_free(&a);
    return rc;
}

/* -1, 0, 1, or 2 when the items do not compare (unknown). */
static int compare_items(const jp_item_t *l, const jp_item_t *r)
{
    bool lb = l->kind == JN_TRUE || l->kind == JN_FALSE;
    bool rb = r->kind == JN_TRUE || r->kind == JN_FALSE;
    if (lb && rb)
        return (l->kind == JN_TRUE) - (r->kind == JN_TRUE);
    if (l->kind != r->kind)
        return l->kind == JN_NULL || r->kind == JN_NULL ? 3 : 2;
    if (l->kind == JN_NULL)
        return 0;
    if (l->kind == JN_NUMBER) {
        int s;
        double a = item_num(l, &s), b = item_num(r, &s);
        return a < b ? -1 : a > b ? 1 : 0;
    }
    if (l->kind != JN_STRING)
        return 2;
    lg_buf_t a, b;
    lg_buf_init(&a, SQLFN_MAX_LEN);
    lg_buf_init(&b, SQLFN_MAX_LEN);
    item_str(l, &a);
    item_str(r, &b);
    size_t m = a.len < b.len ? a.len : b.len;
    int c = m ? memcmp(a.data, b.data, m) : 0;
    if (c == 0)
        c = a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
    lg_buf_deinit(&a);
    lg_buf_deinit(&b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

static jbool_t cmp_result(jp_op_t op, int c)
{
    if (c == 2)
        return JB_UNKNOWN;
    if (c == 3) /* null against a non-null: equal is false, not-equal true, order false */
        return op == JP_NE ? JB_TRUE : JB_FALSE;
    switch (op) {
    case JP_EQ:
        return c == 0 ? JB_TRUE : JB_FALSE;
    case JP_NE:
        return c != 0 ? JB_TRUE : JB_FALSE;
    case JP_LT:
        return c < 0 ? JB_TRUE : JB_FALSE;
    case JP_LE:
        return c <= 0 ? JB_TRUE : JB_FALSE;
    case JP_GT:
        return c > 0 ? JB_TRUE : JB_FALSE;
    default:
        return c >= 0 ? JB_TRUE : JB_FALSE;
    }
}

static bool like_match(const jp_node_t *nd, const jp_item_t *it)
{
    int errc;
    PCRE2_SIZE erro;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)nd->str, nd->slen,
                                     (uint32_t)nd->method | PCRE2_UTF, &errc, &erro, NULL);
    if (!code)
        return false;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    item_str(it, &b);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int rc = pcre2_match(code, b.data ? b.data : (const uint8_t *)"", b.len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    lg_buf_deinit(&b);
    return rc >= 0;
}

/* Existential predicate over the operand sequences (comparison, like_regex, starts with). */
static jbool_t eval_binary_pred(jp_exec_t *x, const jp_node_t *nd, const jp_item_t *cur)
{
    jp_seq_t l = {0}, r = {0};
    if (eval_unwrapped(x, nd->a, cur, &l) != 0 ||
        (nd->op != JP_LIKE && eval_unwrapped(x, nd->b, cur, &r) != 0)) {
        sqlfn__jp_seq_free(&l);
        sqlfn__jp_seq_free(&r);
        return JB_UNKNOWN;
    }
    bool found = false, unknown = false;
    for (size_t i = 0; i < l.n && !found; i++) {
        if (nd->op == JP_LIKE) {
            if (l.v[i].kind != JN_STRING)
                unknown = true;
            else
                found = like_match(nd, &l.v[i]);
            continue;
        }
        for (size_t j = 0; j < r.n && !found; j++) {
            jbool_t b;
            if (nd->op == JP_STARTS) {
                if (l.v[i].kind != JN_STRING || r.v[j].kind != JN_STRING) {
                    b = JB_UNKNOWN;
                } else {
                    lg_buf_t a, p;
                    lg_buf_init(&a, SQLFN_MAX_LEN);
                    lg_buf_init(&p, SQLFN_MAX_LEN);
                    item_str(&l.v[i], &a);
                    item_str(&r.v[j], &p);
                    b = a.len >= p.len && (!p.len || !memcmp(a.data, p.data, p.len)) ? JB_TRUE
                                                                                     : JB_FALSE;
                    lg_buf_deinit(&a);
                    lg_buf_deinit(&p);
                }
            } else {
                b = cmp_result(nd->op, compare_items(&l.v[i], &r.v[j]));
            }
            found = b == JB_TRUE;
            unknown = unknown || b == JB_UNKNOWN;
        }
    }
    sqlfn__jp_seq_free(&l);
    sqlfn__jp_seq_free(&r);
    /* lax: any true wins; strict: an unknown pair makes the whole predicate unknown */
    if (found && (!unknown || !x->p->strict))
        return JB_TRUE;
    return unknown ? JB_UNKNOWN : JB_FALSE;
}

static jbool_t eval_pred(jp_exec_t *x, int32_t k, const jp_item_t *cur)
{
    const jp_node_t *nd = &x->p->nodes[k];
    switch (nd->op) {
    case JP_AND: {
        jbool_t a = eval_pred(x, nd->a, cur);
        if (a == JB_FALSE)
            return JB_FALSE;
        jbool_t b = eval_pred(x, nd->b, cur);
        return b == JB_FALSE ? JB_FALSE : (a == JB_TRUE && b == JB_TRUE ? JB_TRUE : JB_UNKNOWN);
    }
    case JP_OR: {
        jbool_t a = eval_pred(x, nd->a, cur);
        if (a == JB_TRUE)
            return JB_TRUE;
        jbool_t b = eval_pred(x, nd->b, cur);
        return b == JB_TRUE ? JB_TRUE : (a == JB_FALSE && b == JB_FALSE ? JB_FALSE : JB_UNKNOWN);
    }
    case JP_NOT: {
        jbool_t a = eval_pred(x, nd->a, cur);
        return a == JB_UNKNOWN ? JB_UNKNOWN : (a == JB_TRUE ? JB_FALSE : JB_TRUE);
    }
    case JP_UNKNOWN:
        return eval_pred(x, nd->a, cur) == JB_UNKNOWN ? JB_TRUE : JB_FALSE;
    case JP_EXISTS: {
        jp_seq_t s = {0};
        int rc = eval(x, nd->a, cur, &s);
        size_t n = s.n;
        sqlfn__jp_seq_free(&s);
        return rc != 0 ? JB_UNKNOWN : (n ? JB_TRUE : JB_FALSE);
    }
    case JP_EQ:
    case JP_NE:
    case JP_LT:
    case JP_LE:
    case JP_GT:
    case JP_GE:
    case JP_LIKE:
    case JP_STARTS:
        return eval_binary_pred(x, nd, cur);
    default: {
        /* a boolean-valued expression used as a predicate ($.flag, true) */
        jp_seq_t s = {0};
        int rc = eval(x, k, cur, &s);
        jbool_t r = JB_UNKNOWN;
        if (rc == 0 && s.n == 1 && (s.v[0].kind == JN_TRUE || s.v[0].kind == JN_FALSE))
            r = s.v[0].kind == JN_TRUE ? JB_TRUE : JB_FALSE;
        sqlfn__jp_seq_free(&s);
        return r;
    }
    }
}

int sqlfn__jp_exec(const jp_path_t *p, const jdoc_t *d, const jdoc_t *vars, jp_seq_t *out,
                   char *err, size_t errcap)
{
    jp_exec_t x = {.p = p, .d = d, .vars = vars, .err = err, .errcap = errcap};
    jp_item_t root = node_item(d, 0);
    int rc = eval(&x, p->root, &root, out);
    return x.hard ? -2 : rc;
}
