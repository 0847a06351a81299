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
