/* translate_emit_types.c - PostgreSQL type names, typmods and storage classes for the
 * emitter, and casts (`x::type`, CAST(x AS type)) with PostgreSQL semantics.
 *
 * Storage (docs/storage.md): int2/int4/int8/bool INTEGER, float4/float8 REAL, numeric
 * NUMERIC, bytea BLOB, everything else (text, varchar, char, uuid, json, jsonb, date, time,
 * timestamp, timestamptz, interval, arrays as JSON) TEXT in a canonical form. A cast is
 * free when the storage already matches, a native CAST for int -> real/text, and otherwise
 * a call to the lg_to_<type>() converter (docs/sqlfn-contract.md). */
#include "lg_alloc.h"
#include "pgtype.h"
#include "pgtype_range.h"
#include "pgtype_num.h"
#include "pgtype_text.h"
#include "translate_emit.h"
#include "translate_emit_enum.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VARHDRSZ 4

bool emit_type_is_int(uint32_t oid)
{
    return oid == PGTYPE_INT2 || oid == PGTYPE_INT4 || oid == PGTYPE_INT8 || oid == PGTYPE_OID;
}

bool emit_type_is_float(uint32_t oid)
{
    return oid == PGTYPE_FLOAT4 || oid == PGTYPE_FLOAT8;
}

int emit_numeric_scale(uint32_t type, int32_t typmod)
{
    if (emit_type_is_int(type))
        return 0;
    if (type != PGTYPE_NUMERIC || typmod < 4 || pgtype_typmod_is_divscale(typmod))
        return -1;
    return pgtype_typmod_scale(typmod);
}

int emit_numeric_text_scale(const char *s)
{
    pgtype_dec_t *d = lg_xmalloc(sizeof(*d));
    int scale = pgtype_dec_parse(s, strlen(s), d) && !d->nan && !d->inf ? d->dscale : -1;
    free(d);
    return scale;
}

bool emit_type_is_textlike(uint32_t oid)
{
    return oid == PGTYPE_TEXT || oid == PGTYPE_VARCHAR || oid == PGTYPE_BPCHAR ||
           oid == PGTYPE_NAME || oid == PGTYPE_UNKNOWN;
}

bool emit_type_is_range(uint32_t oid)
{
    return pgtype_range_elem(oid) != 0;
}

uint32_t emit_range_elem(uint32_t oid)
{
    return pgtype_range_elem(oid);
}

static int datetime_rank(uint32_t t)
{
    return t == PGTYPE_DATE ? 1 : t == PGTYPE_TIMESTAMP ? 2 : t == PGTYPE_TIMESTAMPTZ ? 3 : 0;
}

uint32_t emit_datetime_common(uint32_t a, uint32_t b)
{
    int ra = datetime_rank(a), rb = datetime_rank(b);
    if (!ra || !rb || ra == rb)
        return 0;
    return ra > rb ? a : b;
}

#define IV_COLLATE " COLLATE lg_interval"

void emit_insert_at(emit_ctx_t *c, size_t start, const char *text)
{
    lg_buf_t *b = c->b;
    size_t n = strlen(text), tail = b->len - start;
    lg_buf_append(b, text, n);
    if (b->failed)
        return;
    memmove(b->data + start + n, b->data + start, tail);
    memcpy(b->data + start, text, n);
}

void emit_type_key(emit_ctx_t *c, size_t start, uint32_t t)
{
    if (t != PGTYPE_INTERVAL || c->b->failed || start > c->b->len)
        return;
    emit_insert_at(c, start, "lg_interval_key(");
    emit_str(c, ")");
}

void emit_type_collate(emit_ctx_t *c, size_t start, uint32_t t)
{
    /* ranges are canonical text; [1,2) and [1.0,2) are one numrange (sqlfn_range.c) */
    const char *coll = t == PGTYPE_INTERVAL        ? IV_COLLATE
                       : pgtype_range_elem(t) != 0 ? " COLLATE lg_range"
                                                   : NULL;
    size_t n = coll ? strlen(coll) : 0;
    lg_buf_t *b = c->b;
    if (!coll || b->failed || start > b->len ||
        (b->len >= n && !memcmp(b->data + b->len - n, coll, n)))
        return;
    emit_insert_at(c, start, "(");
    emit_str(c, ")");
    emit_str(c, coll);
}

static int typmod_int(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        return n->a_const->ival->ival;
    return -1;
}

static int32_t compute_typmod(uint32_t oid, const PgQuery__TypeName *t)
{
    if (t->n_typmods == 0)
        return -1;
    int a = typmod_int(t->typmods[0]);
    if (a < 0)
        return -1;
    switch (oid) {
    case PGTYPE_VARCHAR:
    case PGTYPE_BPCHAR:
        return a + VARHDRSZ;
    case PGTYPE_NUMERIC: {
        int s = t->n_typmods > 1 ? typmod_int(t->typmods[1]) : 0;
        return (int32_t)((((uint32_t)a << 16) | (uint32_t)(s < 0 ? 0 : s)) + VARHDRSZ);
    }
    case PGTYPE_TIME:
    case PGTYPE_TIMETZ:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
        return a;
    default:
        return -1;
    }
}

uint32_t emit_typename_oid(const PgQuery__TypeName *t, int32_t *typmod)
{
    *typmod = -1;
    const char *name = emit_last_name(t->names, t->n_names);
    uint32_t oid = pgtype_from_name(name);
    if (!oid && strcmp(name, "character varying") == 0)
        oid = PGTYPE_VARCHAR;
    if (!oid)
        return 0;
    *typmod = compute_typmod(oid, t);
    if (oid == PGTYPE_BPCHAR && *typmod < 0 && t->n_names == 2)
        *typmod = 1 + VARHDRSZ; /* `char` alone is char(1) */
    if (t->n_array_bounds > 0) {
        uint32_t a = pgtype_array_of(oid);
        return a ? a : 0;
    }
    return oid;
}

const char *emit_storage_decl(uint32_t oid)
{
    switch (oid) {
    case PGTYPE_INT2:
    case PGTYPE_INT4:
    case PGTYPE_INT8:
    case PGTYPE_BOOL:
    case PGTYPE_OID:
        return "INTEGER";
    case PGTYPE_FLOAT4:
    case PGTYPE_FLOAT8:
        return "REAL";
    case PGTYPE_NUMERIC:
        return "NUMERIC";
    case PGTYPE_BYTEA:
        return "BLOB";
    default:
        return "TEXT";
    }
}

void emit_type_text(uint32_t oid, int32_t typmod, char *buf, size_t cap)
{
    uint32_t elem = pgtype_array_elem(oid);
    const char *suffix = elem ? "[]" : "";
    uint32_t base = elem ? elem : oid;
    const char *name = pgtype_name(base);
    if (typmod >= 0 && (base == PGTYPE_VARCHAR || base == PGTYPE_BPCHAR))
        snprintf(buf, cap, "%s(%d)%s", name, typmod - VARHDRSZ, suffix);
    else if (typmod >= 0 && base == PGTYPE_NUMERIC)
        snprintf(buf, cap, "numeric(%d,%d)%s", ((typmod - VARHDRSZ) >> 16) & 0xffff,
                 (typmod - VARHDRSZ) & 0xffff, suffix);
    else if (typmod >= 0 && (base == PGTYPE_TIMESTAMP || base == PGTYPE_TIMESTAMPTZ ||
                             base == PGTYPE_TIME || base == PGTYPE_TIMETZ))
        snprintf(buf, cap, "%s(%d)%s", name, typmod, suffix);
    else
        snprintf(buf, cap, "%s%s", name, suffix);
}

const char *emit_converter(uint32_t oid)
{
    if (pgtype_array_elem(oid))
        return "lg_to_array";
    switch (oid) {
    case PGTYPE_BOOL:
        return "lg_to_bool";
    case PGTYPE_INT2:
        return "lg_to_int2";
    case PGTYPE_INT4:
        return "lg_to_int4";
    case PGTYPE_INT8:
        return "lg_to_int8";
    case PGTYPE_OID:
        return "lg_to_int8";
    case PGTYPE_FLOAT4:
        return "lg_to_float4";
    case PGTYPE_FLOAT8:
        return "lg_to_float8";
    case PGTYPE_NUMERIC:
        return "lg_to_numeric";
    case PGTYPE_DATE:
        return "lg_to_date";
    case PGTYPE_TIME:
        return "lg_to_time";
    case PGTYPE_TIMETZ:
        return "lg_to_timetz";
    case PGTYPE_TIMESTAMP:
        return "lg_to_timestamp";
    case PGTYPE_TIMESTAMPTZ:
        return "lg_to_timestamptz";
    case PGTYPE_INTERVAL:
        return "lg_to_interval";
    case PGTYPE_UUID:
        return "lg_to_uuid";
    case PGTYPE_JSON:
        return "lg_to_json";
    case PGTYPE_JSONB:
        return "lg_to_jsonb";
    case PGTYPE_BYTEA:
        return "lg_to_bytea";
    case PGTYPE_VARCHAR:
        return "lg_to_varchar";
    case PGTYPE_BPCHAR:
        return "lg_to_bpchar";
    case PGTYPE_REGCLASS:
        return "lg_to_regclass";
    case PGTYPE_REGTYPE:
        return "lg_to_regtype";
    case PGTYPE_TSVECTOR:
        return "lg_tsvector_in";
    case PGTYPE_TSQUERY:
        return "lg_tsquery_in";
    case PGTYPE_INT4RANGE:
        return "lg_int4range_in";
    case PGTYPE_INT8RANGE:
        return "lg_int8range_in";
    case PGTYPE_NUMRANGE:
        return "lg_numrange_in";
    case PGTYPE_DATERANGE:
        return "lg_daterange_in";
    case PGTYPE_TSRANGE:
        return "lg_tsrange_in";
    case PGTYPE_TSTZRANGE:
        return "lg_tstzrange_in";
    default:
        return NULL;
    }
}

/* Emits the converter call around arg for target `to`; extra args per the contract:
 * lg_to_numeric(v, typmod), lg_to_varchar/lg_to_bpchar(v, maxlen, explicit),
 * lg_to_array(v, elemtype oid), lg_to_timestamp[tz]/lg_to_time(v, precision). */
static void emit_converter_call(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t from, uint32_t to,
                                int32_t typmod)
{
    const char *fn = c->exact && to == PGTYPE_NUMERIC ? "lg_numx" : emit_converter(to);
    emit_fmt(c, "%s(", fn);
    if (to == PGTYPE_NUMERIC && emit_type_is_float(from)) {
        /* PostgreSQL keeps 15 significant digits of a double (6 of a real) */
        emit_str(c, "lg_float_dec(");
        emit_expr(c, arg);
        emit_fmt(c, ", %d)", from == PGTYPE_FLOAT4 ? 6 : 15);
    } else {
        emit_expr(c, arg);
    }
    if (to == PGTYPE_NUMERIC && typmod >= 0)
        emit_fmt(c, ", %d", typmod);
    else if ((to == PGTYPE_VARCHAR || to == PGTYPE_BPCHAR) && typmod >= 0)
        emit_fmt(c, ", %d, 1", typmod - VARHDRSZ);
    else if (pgtype_array_elem(to))
        emit_fmt(c, ", %u", pgtype_array_elem(to));
    else if ((to == PGTYPE_TIMESTAMP || to == PGTYPE_TIMESTAMPTZ || to == PGTYPE_TIME ||
              to == PGTYPE_TIMETZ) &&
             typmod >= 0)
        emit_fmt(c, ", %d", typmod);
    emit_str(c, ")");
}

static bool cast_is_free(uint32_t from, uint32_t to, int32_t typmod)
{
    if (from == to)
        return typmod < 0 || (to != PGTYPE_NUMERIC && to != PGTYPE_VARCHAR && to != PGTYPE_BPCHAR &&
                              to != PGTYPE_TIMESTAMP && to != PGTYPE_TIMESTAMPTZ);
    if (emit_type_is_int(from) && emit_type_is_int(to)) /* narrowing checks the range (22003) */
        return !(to == PGTYPE_INT2 && from != PGTYPE_INT2) &&
               !(to == PGTYPE_INT4 && from == PGTYPE_INT8);
    if (emit_type_is_int(from) && to == PGTYPE_NUMERIC && typmod < 0)
        return true;
    if (emit_type_is_float(from) && emit_type_is_float(to))
        return true;
    if (emit_type_is_textlike(from) && from != PGTYPE_BPCHAR &&
        (to == PGTYPE_TEXT || (to == PGTYPE_VARCHAR && typmod < 0)))
        return true;
    if ((from == PGTYPE_JSON || from == PGTYPE_JSONB) && to == PGTYPE_TEXT)
        return true;
    if (from >= EMIT_FIRST_USER_OID && (to == PGTYPE_TEXT || (to == PGTYPE_VARCHAR && typmod < 0)))
        return true; /* an enum is stored as its label */
    if (from == PGTYPE_UUID && to == PGTYPE_TEXT)
        return true;
    if ((from == PGTYPE_DATE || from == PGTYPE_TIMESTAMP || from == PGTYPE_TIME ||
         from == PGTYPE_INTERVAL) &&
        to == PGTYPE_TEXT)
        return true;
    return false;
}

/* numeric -> text: a value of known scale (a numeric(10,2) column: 11.5 stored) prints
 * with it, '11.50', as PostgreSQL's text of the value does. */
static uint32_t emit_numeric_to_text(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to)
{
    lg_buf_t scratch;
    lg_buf_init(&scratch, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &scratch;
    c->last_typmod = -1;
    emit_expr(c, arg);
    int scale = emit_numeric_scale(PGTYPE_NUMERIC, c->last_typmod);
    c->b = saved;
    if (scratch.failed)
        c->b->failed = true;
    emit_str(c, scale >= 0 ? "lg_numx_pad(" : "lg_to_text(");
    lg_buf_append(c->b, scratch.data, scratch.len);
    if (scale >= 0)
        emit_fmt(c, ", %d)", scale);
    else
        emit_fmt(c, ", %u)", PGTYPE_NUMERIC);
    lg_buf_deinit(&scratch);
    c->last_typmod = -1;
    return to;
}

static uint32_t emit_cast_to_text(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t from,
                                  uint32_t to, int32_t typmod)
{
    if (from == PGTYPE_BPCHAR && (to == PGTYPE_TEXT || (to == PGTYPE_VARCHAR && typmod < 0))) {
        emit_str(c, "rtrim("); /* char(n) -> text drops the trailing blanks */
        emit_expr(c, arg);
        emit_str(c, ", ' ')");
        return to;
    }
    if (emit_type_is_int(from) && (to == PGTYPE_TEXT || typmod < 0)) {
        emit_str(c, "CAST(");
        emit_expr(c, arg);
        emit_str(c, " AS TEXT)");
        return to;
    }
    if (from == PGTYPE_NUMERIC && (to == PGTYPE_TEXT || typmod < 0))
        return emit_numeric_to_text(c, arg, to);
    if (to == PGTYPE_TEXT || typmod < 0) {
        emit_str(c, "lg_to_text(");
        emit_expr(c, arg);
        emit_fmt(c, ", %u)", from);
        return to;
    }
    emit_converter_call(c, arg, from, to, typmod);
    return to;
}

/* ---- reg* casts (docs/catalog.md): regclass, regtype, regnamespace, regproc, regrole are
 * stored as INTEGER oids; text goes in through the catalog's look-up functions and names
 * come out only where PostgreSQL prints them (::text, or a top-level output column). */

typedef struct reg_fns {
    uint32_t oid;
    const char *in;  /* text -> oid (integers pass through) */
    const char *out; /* oid -> name */
} reg_fns_t;

static const reg_fns_t k_reg_fns[] = {
    {PGTYPE_REGCLASS, "lg_to_regclass", "lg_regclass_out"},
    {PGTYPE_REGTYPE, "lg_to_regtype", "lg_regtype_out"},
    {PGTYPE_REGNAMESPACE, "lg_regnamespace", "lg_regnamespace_out"},
    {PGTYPE_REGPROC, "lg_regproc", "lg_regproc_out"},
    {PGTYPE_REGPROCEDURE, "lg_regproc", "lg_regproc_out"},
    {PGTYPE_REGROLE, "lg_regrole", "lg_regrole_out"},
};

static const reg_fns_t *reg_fns(uint32_t oid)
{
    for (size_t i = 0; i < sizeof(k_reg_fns) / sizeof(k_reg_fns[0]); i++)
        if (k_reg_fns[i].oid == oid)
            return &k_reg_fns[i];
    return NULL;
}

static bool type_is_oidlike(uint32_t oid)
{
    return emit_type_is_int(oid) || reg_fns(oid) != NULL;
}

const char *emit_reg_output_fn(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) { /* to_regclass('t') prints t */
        const char *f = emit_last_name(n->func_call->funcname, n->func_call->n_funcname);
        return !strcmp(f, "to_regclass")  ? "lg_regclass_out"
               : !strcmp(f, "to_regtype") ? "lg_regtype_out"
                                          : NULL;
    }
    if (!n || n->node_case != PG_QUERY__NODE__NODE_TYPE_CAST || !n->type_cast->type_name)
        return NULL;
    const PgQuery__TypeName *tn = n->type_cast->type_name;
    if (tn->n_array_bounds > 0)
        return NULL;
    const reg_fns_t *r = reg_fns(pgtype_from_name(emit_last_name(tn->names, tn->n_names)));
    return r ? r->out : NULL;
}

/* Casts to or from a reg* type; returns false when neither side is one. */
static bool emit_reg_cast(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t from, uint32_t to)
{
    const reg_fns_t *rf = reg_fns(from), *rt = reg_fns(to);
    if (!rf && !rt)
        return false;
    if (rf && !rt && (emit_type_is_textlike(to))) {
        emit_fmt(c, "%s(", rf->out);
        emit_expr(c, arg);
        emit_str(c, ")");
        return true;
    }
    if (rt && !type_is_oidlike(from)) {
        if (to == PGTYPE_REGCLASS && arg && arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) /* its error's position */
            emit_note_relref(c, arg->a_const->sval->sval, arg->a_const->location);
        emit_fmt(c, "%s(", rt->in);
        emit_expr(c, arg);
        emit_str(c, ")");
        return true;
    }
    emit_expr(c, arg); /* oid <-> reg*: the same integer */
    return true;
}

static uint32_t emit_cast_body(emit_ctx_t *c, const PgQuery__Node *arg, const PgQuery__TypeName *tn,
                               int location);
static uint32_t emit_cast_oid(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to, int32_t typmod,
                              int location);

/* The display typmod of a cast's result: the target's own typmod, else for numeric the
 * scale the value keeps (a literal's digits, an integer's 0, a numeric operand's). */
static int32_t cast_result_typmod(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t from,
                                  uint32_t to, int32_t typmod, int32_t arg_typmod)
{
    if (typmod >= 0)
        return typmod;
    if (to != PGTYPE_NUMERIC)
        return -1;
    if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
        int s = emit_numeric_text_scale(arg->a_const->sval->sval);
        return s >= 0 ? pgtype_typmod_dscale(s) : -1;
    }
    (void)c;
    if (emit_type_is_int(from))
        return pgtype_typmod_dscale(0);
    return from == PGTYPE_NUMERIC ? arg_typmod : -1;
}

/* A float8 (or numeric, int) value as float4 storage is rounded to float precision; a float
 * to an integer type rounds half to even (rint), as PostgreSQL's float casts do. */
static bool emit_float_cast(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t from, uint32_t to)
{
    if (from == PGTYPE_NUMERIC && emit_type_is_int(to)) { /* decimal TEXT too; half away */
        emit_fmt(c, "%s(lg_numx_round(", emit_converter(to));
        emit_expr(c, arg);
        emit_str(c, ", 0))");
        return true;
    }
    if (emit_type_is_float(from) && emit_type_is_int(to)) {
        emit_fmt(c, "%s(lg_float_round(", emit_converter(to));
        emit_expr(c, arg);
        emit_str(c, "))");
        return true;
    }
    if (to == PGTYPE_FLOAT4 && from != PGTYPE_FLOAT4 &&
        (emit_type_is_float(from) || emit_type_is_int(from))) {
        emit_str(c, "lg_to_float4(");
        emit_expr(c, arg);
        emit_str(c, ")");
        return true;
    }
    return false;
}

/* INTERVAL '1' DAY: a bare number counts in the qualifier's last field (PostgreSQL's
 * interval typmod range; without one it is seconds). "" when the cast is no such one. */
static const char *interval_unit(const PgQuery__Node *arg, const PgQuery__TypeName *tn)
{
    if (!arg || arg->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL || tn->n_typmods < 1 ||
        tn->typmods[0]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        tn->typmods[0]->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL ||
        strcmp(emit_last_name(tn->names, tn->n_names), "interval") != 0)
        return "";
    const char *v = arg->a_const->sval->sval;
    size_t i = v[0] == '-' || v[0] == '+';
    if (!v[i])
        return "";
    for (; v[i]; i++) /* whole numbers only: a fraction would also need the range's cut */
        if (!(v[i] >= '0' && v[i] <= '9'))
            return "";
    static const struct {
        int bit;
        const char *unit;
    } k_fields[] = {{12, "second"}, {11, "minute"}, {10, "hour"},
                    {3, "day"},     {1, "month"},   {2, "year"}}; /* lowest field first */
    int mask = (int)tn->typmods[0]->a_const->ival->ival;
    for (size_t k = 0; k < sizeof(k_fields) / sizeof(k_fields[0]); k++)
        if (mask & (1 << k_fields[k].bit))
            return k_fields[k].unit;
    return "";
}

uint32_t emit_cast(emit_ctx_t *c, const PgQuery__Node *arg, const PgQuery__TypeName *tn,
                   int location)
{
    const char *unit = interval_unit(arg, tn);
    if (unit[0]) { /* '1' DAY -> '1 day' */
        char text[96];
        snprintf(text, sizeof(text), "%.60s %s", arg->a_const->sval->sval, unit);
        emit_str(c, "lg_to_interval(");
        emit_literal(c, text);
        emit_str(c, ")");
        c->last_typmod = -1;
        return PGTYPE_INTERVAL;
    }
    uint32_t from =
        arg && arg->node_case != PG_QUERY__NODE__NODE_PARAM_REF ? emit_peek_type(c, arg) : 0;
    uint32_t to = emit_cast_body(c, arg, tn, location);
    int32_t typmod;
    (void)emit_typename_oid(tn, &typmod);
    c->last_typmod = to ? cast_result_typmod(c, arg, from, to, typmod, c->last_typmod) : -1;
    return to;
}

/* PostgreSQL 15's built-in types (pg_catalog) that litegres has no storage for. */
static bool pg_builtin_type(const char *name)
{
    static const char *const k_names[] = {
        "aclitem",        "bit",       "box",          "cidr",           "circle",
        "datemultirange", "gtsvector", "inet",         "int4multirange", "int8multirange",
        "line",           "lseg",      "macaddr",      "macaddr8",       "money",
        "nummultirange",  "path",      "pg_lsn",       "pg_snapshot",    "point",
        "polygon",        "refcursor", "tsmultirange", "tstzmultirange", "txid_snapshot",
        "varbit",         "xid8",      "xml"};
    for (size_t i = 0; i < sizeof(k_names) / sizeof(k_names[0]); i++)
        if (strcmp(k_names[i], name) == 0)
            return true;
    return false;
}

void emit_unknown_type(emit_ctx_t *c, const PgQuery__TypeName *tn, int location)
{
    const char *name = emit_last_name(tn->names, tn->n_names);
    PgQuery__TypeName elem = *tn;
    elem.n_array_bounds = 0;
    emit_usertype_t ut;
    if (tn->n_array_bounds > 0 && emit_usertype_find(c, &elem, &ut)) {
        char what[EMIT_NAME_MAX + 48];
        snprintf(what, sizeof(what), "an array of %s type %s",
                 ut.kind == 'e'   ? "enum"
                 : ut.kind == 'd' ? "domain"
                                  : "composite",
                 name);
        emit_unsupported(c, location, what);
        return;
    }
    if (pg_builtin_type(name)) {
        char what[EMIT_NAME_MAX + 16];
        snprintf(what, sizeof(what), "type %s", name);
        emit_unsupported(c, location, what);
        return;
    }
    emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, location, "type \"%s\" does not exist", name);
}

static uint32_t emit_cast_body(emit_ctx_t *c, const PgQuery__Node *arg, const PgQuery__TypeName *tn,
                               int location)
{
    int32_t typmod;
    uint32_t to = emit_typename_oid(tn, &typmod);
    emit_usertype_t ut;
    if (!to && emit_usertype_find(c, tn, &ut)) {
        bool exact = c->exact; /* a domain's CHECK compares the value */
        c->exact = false;
        uint32_t t = emit_usertype_cast(c, arg, &ut);
        c->exact = exact;
        return t;
    }
    if (!to) {
        emit_unknown_type(c, tn, tn->location >= 0 ? tn->location : location);
        return 0;
    }
    return emit_cast_oid(c, arg, to, typmod, location);
}

static uint32_t emit_cast_oid_body(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to,
                                   int32_t typmod, int location);

/* 'abc'::int: a string literal that is no value of a type whose input does not depend on
 * session settings fails here, with the literal's position as PostgreSQL reports it (the
 * same conversion at run time has no position). False when it failed. */
static bool literal_ok(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to, int32_t typmod)
{
    if (c->dry || arg->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL || !arg->a_const->sval)
        return true;
    if (!emit_type_is_int(to) && !emit_type_is_float(to) && to != PGTYPE_NUMERIC &&
        to != PGTYPE_BOOL && to != PGTYPE_UUID && !pgtype_range_elem(to))
        return true;
    const char *txt = arg->a_const->sval->sval;
    if (pgtype_range_elem(to)) { /* '[1,5'::int4range: syntax and bounds (pgtype_range.c) */
        lg_pgerr_t rerr = {0};
        if (pgtype_range_check(txt, to, &rerr) == 0)
            return true;
        bool first = !c->failed;
        emit_error(c, rerr.sqlstate, arg->a_const->location, "%s", rerr.message);
        if (first && c->err && rerr.detail[0])
            snprintf(c->err->detail, sizeof c->err->detail, "%s", rerr.detail);
        return false;
    }
    pgtype_session_t s;
    pgtype_session_init(&s);
    pgtype_value_t v;
    lg_buf_t scratch;
    lg_buf_init(&scratch, 1u << 20);
    lg_pgerr_t err = {0};
    int rc = pgtype_text_in(txt, strlen(txt), to, typmod, &s, &v, &scratch, &err);
    lg_buf_deinit(&scratch);
    if (rc == 0)
        return true;
    emit_error(c, err.sqlstate, arg->a_const->location, "%s", err.message);
    return false;
}

/* A cast of arg to built-in type `to` (typmod); returns to. Only a cast to numeric keeps
 * an exact operand (translate_emit_exact.c). */
static uint32_t emit_cast_oid(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to, int32_t typmod,
                              int location)
{
    if (!literal_ok(c, arg, to, typmod))
        return to;
    bool exact = c->exact;
    c->exact =
        exact && (to == PGTYPE_NUMERIC || ((to == PGTYPE_TEXT || to == PGTYPE_VARCHAR) &&
                                           arg->node_case != PG_QUERY__NODE__NODE_PARAM_REF &&
                                           emit_peek_type(c, arg) == PGTYPE_NUMERIC));
    uint32_t t = emit_cast_oid_body(c, arg, to, typmod, location);
    c->exact = exact;
    return t;
}

/* jsonb::integer (numeric types, boolean): the jsonb must hold such a scalar
 * (lg_jsonb_scalar, sqlfn_json_ops.c, 22023 otherwise), then the usual conversion. */
static bool emit_jsonb_scalar_cast(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to,
                                   int32_t typmod)
{
    static const struct {
        uint32_t oid;
        const char *name;
    } k_types[] = {{PGTYPE_INT2, "smallint"}, {PGTYPE_INT4, "integer"},
                   {PGTYPE_INT8, "bigint"},   {PGTYPE_NUMERIC, "numeric"},
                   {PGTYPE_FLOAT4, "real"},   {PGTYPE_FLOAT8, "double precision"},
                   {PGTYPE_BOOL, "boolean"}};
    for (size_t i = 0; i < sizeof(k_types) / sizeof(k_types[0]); i++) {
        if (k_types[i].oid != to)
            continue;
        bool integer = emit_type_is_int(to); /* '5.6'::jsonb::int rounds, as numeric does */
        emit_fmt(c, "%s(%slg_jsonb_scalar(", emit_converter(to), integer ? "lg_to_numeric(" : "");
        emit_expr(c, arg);
        emit_fmt(c, ", '%s')%s", k_types[i].name, integer ? ")" : "");
        if (to == PGTYPE_NUMERIC && typmod >= 0)
            emit_fmt(c, ", %d", typmod);
        emit_str(c, ")");
        return true;
    }
    return false;
}

uint32_t emit_cast_to_oid(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to, int32_t typmod)
{
    return emit_cast_oid(c, arg, to, typmod, -1);
}

static uint32_t emit_cast_oid_body(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to,
                                   int32_t typmod, int location)
{
    /* parameters take the cast's type: $1::int binds as int4 */
    if (arg->node_case == PG_QUERY__NODE__NODE_PARAM_REF) {
        emit_param_note(c, arg->param_ref->number, to);
        const char *fn = emit_converter(to);
        if (!fn || emit_type_is_int(to) || emit_type_is_float(to) || to == PGTYPE_BOOL ||
            to == PGTYPE_BYTEA || (typmod < 0 && to == PGTYPE_VARCHAR)) {
            emit_expr(c, arg);
            return to;
        }
        emit_converter_call(c, arg, to, to, typmod);
        return to;
    }
    if (arg->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
        (to == PGTYPE_TEXT || to == PGTYPE_VARCHAR)) {
        emit_record_value(c, arg->row_expr); /* ROW(1, 'a')::text is the record's text */
        return to;
    }
    uint32_t from = emit_peek_type(c, arg);
    if (from == 0 && arg->node_case != PG_QUERY__NODE__NODE_A_CONST)
        from = PGTYPE_TEXT;
    if (from == PGTYPE_JSONB && emit_jsonb_scalar_cast(c, arg, to, typmod))
        return to;
    if (emit_reg_cast(c, arg, from, to))
        return to;
    if (emit_float_cast(c, arg, from, to))
        return to;
    if ((from == PGTYPE_INT2VECTOR || from == PGTYPE_OIDVECTOR) && pgtype_array_elem(to) &&
        emit_type_is_int(pgtype_array_elem(to)) == emit_type_is_int(emit_array_elem_type(from))) {
        emit_array_value(c, arg, from); /* pg_index.indkey::int2[]: its elements */
        return to;
    }
    if (cast_is_free(from, to, typmod)) {
        bool plain = from == PGTYPE_INTERVAL && to != PGTYPE_INTERVAL; /* text compares */
        emit_str(c, plain ? "(" : "");
        emit_expr(c, arg);
        emit_str(c, plain ? ") COLLATE BINARY" : "");
        return to;
    }
    if (to == PGTYPE_TEXT || to == PGTYPE_VARCHAR || to == PGTYPE_BPCHAR)
        return emit_cast_to_text(c, arg, from, to, typmod);
    if (to == PGTYPE_NAME) { /* the value's text, cut to 63 bytes (sqlfn_string.c) */
        emit_str(c, "lg_name(");
        emit_cast_to_text(c, arg, from, PGTYPE_TEXT, -1);
        emit_str(c, ")");
        return to;
    }
    if (emit_type_is_float(to) && emit_type_is_int(from)) {
        emit_str(c, "CAST(");
        emit_expr(c, arg);
        emit_str(c, " AS REAL)");
        return to;
    }
    if (to == PGTYPE_BOOL && emit_type_is_int(from)) {
        emit_str(c, "(");
        emit_expr(c, arg);
        emit_str(c, " <> 0)");
        return to;
    }
    if (!emit_converter(to)) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, location,
                   "cast to type %s is not supported", pgtype_name(to));
        return to;
    }
    emit_converter_call(c, arg, from, to, typmod);
    return to;
}

/* Casts to user types (translate_emit_enum.h): an enum validates the label
 * (lg_enum_in -> 22P02) and is typed with the enum's OID; a domain casts to its base type
 * and runs the domain's NOT NULL / CHECKs (lg_domain_check -> 23502 / 23514), typed with the
 * base type as PostgreSQL reports it. */
uint32_t emit_usertype_cast(emit_ctx_t *c, const PgQuery__Node *arg, const emit_usertype_t *u)
{
    if (u->kind == 'c') { /* ROW(...)::t (translate_emit_composite.c) */
        if (arg->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
            return emit_composite_row(c, arg->row_expr, u->oid);
        emit_unsupported(c, -1, "a cast to a composite type from anything but a row value");
        return 0;
    }
    if (u->kind == 'e') {
        if (arg->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
            emit_param_note(c, arg->param_ref->number, u->oid);
        emit_str(c, "(lg_enum_in(");
        emit_expr(c, arg);
        emit_str(c, ", ");
        emit_literal(c, u->name);
        emit_str(c, ") COLLATE "); /* compares and sorts in the enum's order */
        char coll[EMIT_NAME_MAX + 16];
        snprintf(coll, sizeof(coll), "lg_enum_%s", u->name);
        emit_ident(c, coll);
        emit_str(c, ")");
        return u->oid;
    }
    emit_str(c, "lg_domain_check(");
    (void)emit_cast_oid(c, arg, u->base, u->typmod, -1);
    emit_str(c, ", ");
    emit_literal(c, u->name);
    emit_str(c, ")");
    return u->base;
}
