/* translate_emit_typecheck.c - type errors PostgreSQL raises while analysing a statement,
 * from the emitter's inferred types: CASE/COALESCE/GREATEST/LEAST branches of different
 * type categories (42804), containment operators between arrays of unrelated element types
 * or on json (42883), and assignment of a value of another category (42804). Worker
 * thread only.
 *
 * Only types whose category is certain take part (numeric, string, boolean, date/time,
 * interval); unknown literals, parameters, NULLs and unrecognised types never raise, so a
 * statement PostgreSQL accepts is never rejected here. Names in messages are PostgreSQL's
 * format_type spellings ("integer", "character varying", "text[]"). */
#include "pgtype.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <string.h>

static const char *base_sqlname(uint32_t oid)
{
    switch (oid) {
    case PGTYPE_INT2:
        return "smallint";
    case PGTYPE_INT4:
        return "integer";
    case PGTYPE_INT8:
        return "bigint";
    case PGTYPE_FLOAT4:
        return "real";
    case PGTYPE_FLOAT8:
        return "double precision";
    case PGTYPE_BOOL:
        return "boolean";
    case PGTYPE_VARCHAR:
        return "character varying";
    case PGTYPE_BPCHAR:
        return "character";
    case PGTYPE_TIMESTAMP:
        return "timestamp without time zone";
    case PGTYPE_TIMESTAMPTZ:
        return "timestamp with time zone";
    case PGTYPE_TIME:
        return "time without time zone";
    default:
        return pgtype_name(oid);
    }
}

const char *emit_type_sqlname(uint32_t oid, char *buf, size_t cap)
{
    uint32_t elem = pgtype_array_elem(oid);
    snprintf(buf, cap, "%s%s", base_sqlname(elem ? elem : oid), elem ? "[]" : "");
    return buf;
}

char emit_type_category(uint32_t oid)
{
    switch (oid) {
    case PGTYPE_INT2:
    case PGTYPE_INT4:
    case PGTYPE_INT8:
    case PGTYPE_NUMERIC:
    case PGTYPE_FLOAT4:
    case PGTYPE_FLOAT8:
        return 'N';
    case PGTYPE_TEXT:
    case PGTYPE_VARCHAR:
    case PGTYPE_BPCHAR:
        return 'S';
    case PGTYPE_BOOL:
        return 'B';
    case PGTYPE_DATE:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
        return 'D';
    case PGTYPE_INTERVAL:
        return 'T';
    default:
        return 0;
    }
}

static bool skip_arg(const PgQuery__Node *n)
{
    return !n || n->node_case == PG_QUERY__NODE__NODE_PARAM_REF ||
           (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            (n->a_const->isnull || n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL ||
             n->a_const->val_case == PG_QUERY__A__CONST__VAL__NOT_SET));
}

void emit_check_common(emit_ctx_t *c, PgQuery__Node *const *args, size_t n, const char *what)
{
    uint32_t first = 0;
    for (size_t i = 0; i < n && !c->failed; i++) {
        if (skip_arg(args[i]))
            continue;
        uint32_t t = emit_peek_type(c, args[i]);
        char cat = emit_type_category(t);
        if (!cat)
            continue;
        if (!first) {
            first = t;
        } else if (emit_type_category(first) != cat) {
            char a[64], b[64];
            emit_error(c, LG_SQLSTATE_DATATYPE_MISMATCH, -1, "%s types %s and %s cannot be matched",
                       what, emit_type_sqlname(first, a, sizeof(a)),
                       emit_type_sqlname(t, b, sizeof(b)));
        }
    }
}

bool emit_check_operator(emit_ctx_t *c, const char *op, uint32_t lt, uint32_t rt, int location)
{
    char lc = emit_type_category(lt), rc = emit_type_category(rt);
    if (c->failed || !lc || !rc)
        return true;
    bool arith = strlen(op) == 1 && strchr("+-*/%", op[0]);
    bool bad = arith ? lc == 'S' || rc == 'S' || lc == 'B' || rc == 'B' : lc != rc;
    if (!bad)
        return true;
    char a[64], b[64];
    emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, location, "operator does not exist: %s %s %s",
               emit_type_sqlname(lt, a, sizeof(a)), op, emit_type_sqlname(rt, b, sizeof(b)));
    lg_pgerr_hint(c->err, "No operator matches the given name and argument types. You might "
                          "need to add explicit type casts.");
    return false;
}

bool emit_check_containment(emit_ctx_t *c, const char *op, uint32_t lt, uint32_t rt, int location)
{
    uint32_t le = pgtype_array_elem(lt), re = pgtype_array_elem(rt);
    bool bad = lt == PGTYPE_JSON || rt == PGTYPE_JSON;
    if (le && re) {
        char lc = emit_type_category(le), rc = emit_type_category(re);
        bad |= lc && rc && lc != rc;
    }
    if (!bad)
        return true;
    char a[64], b[64];
    emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, location, "operator does not exist: %s %s %s",
               emit_type_sqlname(lt, a, sizeof(a)), op, emit_type_sqlname(rt, b, sizeof(b)));
    return false;
}

void emit_check_assign(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want, const char *col)
{
    char wc = emit_type_category(want);
    if (c->failed || !wc || wc == 'S' || skip_arg(n))
        return; /* anything converts to a string type on assignment (I/O conversion) */
    uint32_t have = emit_peek_type(c, n);
    char hc = emit_type_category(have);
    if (!hc || hc == wc)
        return;
    char a[64], b[64];
    emit_error(c, LG_SQLSTATE_DATATYPE_MISMATCH, -1,
               "column \"%s\" is of type %s but expression is of type %s", col,
               emit_type_sqlname(want, a, sizeof(a)), emit_type_sqlname(have, b, sizeof(b)));
}

/* ---- aggregates over argument types PostgreSQL has no aggregate for ---- */

/* json, jsonb, uuid, bytea, ranges, arrays: no ordering, sum or average */
static bool is_unordered(uint32_t t)
{
    return t == PGTYPE_JSON || t == PGTYPE_JSONB || t == PGTYPE_UUID || t == PGTYPE_BYTEA ||
           emit_type_is_range(t);
}

static bool is_name(const char *pg, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(pg, names[i]) == 0)
            return true;
    return false;
}

/* Whether aggregate pg has a variant for an argument of (certain) type t at position i. */
static bool agg_accepts(const char *pg, size_t i, uint32_t t)
{
    static const char *const k_stat[] = {"stddev",   "stddev_pop", "stddev_samp",
                                         "variance", "var_pop",    "var_samp"};
    char cat = emit_type_category(t);
    bool arr = pgtype_array_elem(t) != 0;
    if (!strcmp(pg, "sum") || !strcmp(pg, "avg"))
        return (cat == 'N' || cat == 'T' || !cat) && !is_unordered(t) && !arr;
    if (is_name(pg, k_stat, sizeof(k_stat) / sizeof(k_stat[0])))
        return (cat == 'N' || !cat) && !is_unordered(t) && !arr;
    if (!strcmp(pg, "min") || !strcmp(pg, "max"))
        return cat != 'B' && !is_unordered(t);
    if (!strcmp(pg, "bool_and") || !strcmp(pg, "bool_or") || !strcmp(pg, "every"))
        return (cat == 'B' || !cat) && t != PGTYPE_JSON && t != PGTYPE_JSONB && !arr;
    if (!strcmp(pg, "string_agg")) /* (text, text) or (bytea, bytea) */
        return (cat == 'S' || !cat) && (i == 1 || (t != PGTYPE_JSON && t != PGTYPE_JSONB)) && !arr;
    return true;
}

bool emit_check_agg_args(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg)
{
    static const char *const k_checked[] = {
        "sum",      "avg",     "min",      "max",      "stddev",  "stddev_pop", "stddev_samp",
        "variance", "var_pop", "var_samp", "bool_and", "bool_or", "every",      "string_agg"};
    if (f->agg_star || f->n_args == 0 || f->n_args > 2 || f->agg_within_group ||
        !is_name(pg, k_checked, sizeof(k_checked) / sizeof(k_checked[0])))
        return true;
    bool ok = true;
    for (size_t i = 0; i < f->n_args && ok; i++)
        ok = skip_arg(f->args[i]) || agg_accepts(pg, i, emit_peek_type(c, f->args[i]));
    if (ok || c->failed)
        return !c->failed;
    char list[160] = "", a[64];
    for (size_t i = 0; i < f->n_args; i++) {
        bool lit = skip_arg(f->args[i]) && f->args[i]->node_case == PG_QUERY__NODE__NODE_A_CONST;
        const char *name =
            lit ? "unknown" : emit_type_sqlname(emit_peek_type(c, f->args[i]), a, sizeof(a));
        size_t len = strlen(list);
        snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "", name);
    }
    emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location, "function %s(%s) does not exist", pg,
               list);
    return false;
}
