/* translate_emit_range.c - range types (int4range, int8range, numrange, daterange): their
 * constructors, functions and operators as calls of sqlfn_range.c. A range is stored as
 * its canonical text; an untyped literal next to a range is read as that range type. */
#include <string.h>

#include "translate_emit.h"
#include "translate_emit_check.h"
#include "pgtype.h"

static uint32_t range_by_name(const char *pg)
{
    static const char *const k_names[] = {"int4range", "int8range", "numrange",
                                          "daterange", "tsrange",   "tstzrange"};
    static const uint32_t k_oids[] = {PGTYPE_INT4RANGE, PGTYPE_INT8RANGE, PGTYPE_NUMRANGE,
                                      PGTYPE_DATERANGE, PGTYPE_TSRANGE,   PGTYPE_TSTZRANGE};
    for (size_t i = 0; i < sizeof k_names / sizeof k_names[0]; i++)
        if (!strcmp(pg, k_names[i]))
            return k_oids[i];
    return 0;
}

/* int4range(lo, hi [, flags]) */
static bool emit_range_ctor(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t t)
{
    if (f->n_args < 2 || f->n_args > 3) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location, "function %s does not exist",
                   pgtype_name(t));
        return true;
    }
    emit_str(c, "lg_range_make(");
    for (size_t i = 0; i < f->n_args; i++) {
        emit_expr_as(c, f->args[i], i < 2 ? emit_range_elem(t) : PGTYPE_TEXT, -1);
        emit_str(c, ", ");
    }
    emit_fmt(c, "%u)", t);
    return true;
}

/* lower / upper / isempty / lower_inc / upper_inc / lower_inf / upper_inf / range_merge */
static int range_part(const char *pg)
{
    static const char *const k[] = {"lower",     "upper",     "isempty",  "lower_inc",
                                    "upper_inc", "lower_inf", "upper_inf"};
    for (int i = 0; i < (int)(sizeof k / sizeof k[0]); i++)
        if (!strcmp(pg, k[i]))
            return i;
    return -1;
}

bool emit_range_func(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, uint32_t *type)
{
    size_t n = strlen(pg);
    if (!strcmp(pg, "range_agg") || !strcmp(pg, "range_intersect_agg") ||
        (n > 10 && !strcmp(pg + n - 10, "multirange"))) { /* no multirange types yet */
        *type = 0;
        emit_unsupported(c, f->location, pg);
        return true;
    }
    uint32_t t = range_by_name(pg);
    if (t) {
        *type = t;
        return emit_range_ctor(c, f, t);
    }
    int part = range_part(pg);
    if (part >= 0 && f->n_args == 1) {
        uint32_t a = emit_peek_type(c, f->args[0]);
        if (!emit_type_is_range(a))
            return false;
        emit_str(c, "lg_range_part(");
        emit_expr(c, f->args[0]);
        emit_fmt(c, ", %d, %u)", part, a);
        *type = part < 2 ? emit_range_elem(a) : PGTYPE_BOOL;
        return true;
    }
    if (!strcmp(pg, "range_merge") && f->n_args == 2) {
        uint32_t a = emit_peek_type(c, f->args[0]);
        if (!emit_type_is_range(a))
            a = emit_peek_type(c, f->args[1]);
        if (!emit_type_is_range(a))
            return false;
        emit_str(c, "lg_range_op(");
        emit_expr_as(c, f->args[0], a, -1);
        emit_str(c, ", ");
        emit_expr_as(c, f->args[1], a, -1);
        emit_fmt(c, ", 12, %u)", a);
        *type = a;
        return true;
    }
    return false;
}

static int range_op_code(const char *op)
{
    static const char *const k[] = {"",   "@>", "<@",  "&&", "<<", ">>",
                                    "&<", "&>", "-|-", "+",  "*",  "-"};
    for (int i = 1; i < (int)(sizeof k / sizeof k[0]); i++)
        if (!strcmp(op, k[i]))
            return i;
    return -1;
}

static void emit_cmp_op(emit_ctx_t *c, const char *op, const PgQuery__Node *l,
                        const PgQuery__Node *r, uint32_t t)
{
    emit_str(c, "(lg_range_op(");
    emit_expr_as(c, l, t, -1);
    emit_str(c, ", ");
    emit_expr_as(c, r, t, -1);
    emit_fmt(c, ", 0, %u) %s 0)", t, op);
}

/* range @> element / element <@ range */
static void emit_has_elem(emit_ctx_t *c, const PgQuery__Node *range, const PgQuery__Node *elem,
                          uint32_t t)
{
    emit_str(c, "lg_range_has(");
    emit_expr_as(c, range, t, -1);
    emit_str(c, ", ");
    emit_expr_as(c, elem, emit_range_elem(t), -1);
    emit_fmt(c, ", %u)", t);
}

/* The other operand's type, when known, must be the same range (or for @> / <@ its element
 * type): PostgreSQL resolves anyrange / anyelement without implicit casts (42883). */
static bool operands_ok(emit_ctx_t *c, const char *op, uint32_t lt, uint32_t rt, uint32_t t,
                        int location)
{
    uint32_t other = emit_type_is_range(lt) ? rt : lt;
    bool elem_side = emit_type_is_range(lt) ? !strcmp(op, "@>") : !strcmp(op, "<@");
    if (!other || other == PGTYPE_UNKNOWN || other == t ||
        (elem_side && other == emit_range_elem(t)))
        return true;
    char a[64], b[64];
    emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, location, "operator does not exist: %s %s %s",
               emit_type_sqlname(lt, a, sizeof(a)), op, emit_type_sqlname(rt, b, sizeof(b)));
    lg_pgerr_hint(c->err, "No operator matches the given name and argument types. You might "
                          "need to add explicit type casts.");
    return false;
}

bool emit_range_op(emit_ctx_t *c, const char *op, const PgQuery__Node *l, const PgQuery__Node *r,
                   int location, uint32_t *type)
{
    bool cmp_or_range_op = range_op_code(op) > 0 || !strcmp(op, "=") || !strcmp(op, "<>") ||
                           !strcmp(op, "<") || !strcmp(op, ">") || !strcmp(op, "<=") ||
                           !strcmp(op, ">=");
    if (!cmp_or_range_op || !r)
        return false;
    uint32_t lt = emit_peek_type(c, l), rt = emit_peek_type(c, r);
    bool lr = emit_type_is_range(lt), rr = emit_type_is_range(rt);
    if (!lr && !rr)
        return false;
    uint32_t t = lr ? lt : rt;
    if (!c->dry && !operands_ok(c, op, lt, rt, t, location)) {
        *type = PGTYPE_BOOL;
        return true;
    }
    bool cmp = !strcmp(op, "=") || !strcmp(op, "<>") || !strcmp(op, "<") || !strcmp(op, ">") ||
               !strcmp(op, "<=") || !strcmp(op, ">=");
    if (cmp) {
        emit_cmp_op(c, op, l, r, t);
        *type = PGTYPE_BOOL;
        return true;
    }
    int k = range_op_code(op);
    if (k < 0)
        return false;
    if (k == 1 && lr && !rr && rt && rt != PGTYPE_UNKNOWN) {
        emit_has_elem(c, l, r, t);
        *type = PGTYPE_BOOL;
        return true;
    }
    if (k == 2 && rr && !lr && lt && lt != PGTYPE_UNKNOWN) {
        emit_has_elem(c, r, l, t);
        *type = PGTYPE_BOOL;
        return true;
    }
    emit_str(c, "lg_range_op(");
    emit_expr_as(c, l, t, -1);
    emit_str(c, ", ");
    emit_expr_as(c, r, t, -1);
    emit_fmt(c, ", %d, %u)", k, t);
    *type = k >= 9 ? t : PGTYPE_BOOL;
    return true;
}
