/* translate_emit_fncall.c - calls of user-defined functions (_lg_functions).
 *
 * Arguments are matched to parameters at translation time: positional first, then named
 * (name => value), then the stored defaults (already SQLite SQL); each is coerced to its
 * parameter's type. A scalar call becomes lg_udf('name', a1, ..., an) (exec_pl.c runs the
 * body; STRICT is applied there), wrapped in the result type's converter so the value has
 * the declared type's storage. Volatile functions mark the statement as a write (they may
 * modify data, so they run on the writer). In FROM, a LANGUAGE sql function is inlined:
 * its body is translated with the arguments as parameters, then every ?n of the SQLite
 * text is replaced by the argument's SQL, giving
 * "(WITH _lgf(c1, ...) AS (<body>) SELECT * FROM _lgf) AS alias". Worker thread only. */
#include "translate_emit_fn.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Positional and named arguments -> parameter slots; false after an error. */
static bool match_args(emit_ctx_t *c, const PgQuery__FuncCall *f, const translate_fndef_t *d,
                       const PgQuery__Node **slots)
{
    for (size_t i = 0; i < f->n_args; i++) {
        const PgQuery__Node *a = f->args[i];
        int k = (int)i;
        if (a->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
            k = -1;
            for (int j = 0; j < d->nargs; j++)
                if (!strcmp(d->argnames[j], a->named_arg_expr->name))
                    k = j;
            a = a->named_arg_expr->arg;
        }
        if (k < 0 || k >= d->nargs || slots[k]) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location,
                       "function %s does not match the arguments given", d->name);
            return false;
        }
        slots[k] = a;
    }
    for (int j = 0; j < d->nargs; j++) {
        if (!slots[j] && !d->argdefaults[j]) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location,
                       "function %s does not match the arguments given (no value for \"%s\")",
                       d->name, d->argnames[j]);
            return false;
        }
    }
    return true;
}

static void emit_arg(emit_ctx_t *c, const translate_fndef_t *d, const PgQuery__Node *a, int j)
{
    if (a)
        emit_expr_as(c, a, d->argtypes[j], -1);
    else
        emit_fmt(c, "(%s)", d->argdefaults[j]);
}

static const char *result_converter(uint32_t t)
{
    switch (t) {
    case PGTYPE_BOOL:
    case PGTYPE_INT2:
    case PGTYPE_INT4:
    case PGTYPE_INT8:
    case PGTYPE_FLOAT4:
    case PGTYPE_FLOAT8:
    case PGTYPE_NUMERIC:
    case PGTYPE_DATE:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
    case PGTYPE_INTERVAL:
    case PGTYPE_UUID:
    case PGTYPE_JSON:
    case PGTYPE_JSONB:
    case PGTYPE_BYTEA:
        return emit_converter(t);
    default:
        return NULL;
    }
}

/* A PL/pgSQL function with OUT parameters called as a value: the record of its one row,
 * "(SELECT lg_record_text(t1, json_extract(v, '$[0]'), ...) FROM json_each(lg_udf_set(..)))" */
static void emit_out_record(emit_ctx_t *c, const translate_fndef_t *d, const PgQuery__Node **slots)
{
    emit_str(c, "(SELECT lg_record_text(");
    for (int k = 0; k < d->nout; k++)
        emit_fmt(c, "%s%u, json_extract(_lgr.value, '$[%d]')", k ? ", " : "", d->outtypes[k], k);
    emit_str(c, ") FROM json_each(lg_udf_set(");
    emit_literal(c, d->name);
    for (int j = 0; j < d->nargs; j++) {
        emit_str(c, ", ");
        emit_arg(c, d, slots[j], j);
    }
    emit_str(c, ")) AS _lgr)");
}

static bool call_form_ok(emit_ctx_t *c, const PgQuery__FuncCall *f, const translate_fndef_t *d)
{
    if (f->agg_star || f->agg_distinct || f->over || f->agg_filter || f->n_agg_order)
        emit_unsupported(c, f->location, "aggregate or window syntax on a user-defined function");
    else if (d->rettype == PGTYPE_TRIGGER_OID)
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, f->location,
                   "trigger functions can only be called as triggers");
    else if (d->retset)
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, f->location,
                   "set-returning function %s is only supported in FROM", d->name);
    return !c->failed;
}

bool emit_user_func_call(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t *type)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (!db)
        return false;
    const char *name = emit_object_name(c, f->funcname, f->n_funcname);
    translate_fndef_t *d = lg_xcalloc(1, sizeof(*d));
    if (translate_fndef_load(db, name, d) != 0) {
        free(d);
        return false;
    }
    const PgQuery__Node *slots[TRANSLATE_FN_MAX_ARGS] = {0};
    *type = 0;
    bool exact = c->exact; /* the caller's output is exact: keep the result's digits */
    c->exact = false;
    bool callable = call_form_ok(c, f, d) && match_args(c, f, d, slots);
    if (callable && d->nout > 1) {
        emit_out_record(c, d, slots); /* OUT parameters: their row as a record */
        *type = PGTYPE_RECORD_OID;
    } else if (callable) {
        const char *conv =
            exact && d->rettype == PGTYPE_NUMERIC ? "lg_numx" : result_converter(d->rettype);
        if (conv)
            emit_fmt(c, "%s(", conv);
        emit_str(c, "lg_udf(");
        emit_literal(c, d->name);
        for (int j = 0; j < d->nargs; j++) {
            emit_str(c, ", ");
            emit_arg(c, d, slots[j], j);
        }
        emit_str(c, conv ? "))" : ")");
        if (d->volatility == 'v')
            c->writes = true;
        *type = d->rettype == PGTYPE_VOID ? PGTYPE_VOID : d->rettype;
        c->last_typmod = d->rettypmod;
    }
    translate_fndef_clear(d);
    free(d);
    return true;
}

/* Copies `sql` to c->b with each ?n (outside quotes) replaced by "(args[n-1])". */
static void emit_with_args(emit_ctx_t *c, const char *sql, char **args, int nargs)
{
    const char *p = sql;
    while (*p) {
        if (*p == '\'' || *p == '"') {
            char q = *p;
            const char *e = p + 1;
            while (*e && !(*e == q && e[1] != q))
                e += (*e == q) ? 2 : 1;
            size_t len = (size_t)(e - p) + (*e ? 1 : 0);
            lg_buf_append(c->b, p, len);
            p += len;
            continue;
        }
        if (*p == '?' && isdigit((unsigned char)p[1])) {
            char *end;
            long n = strtol(p + 1, &end, 10);
            if (n >= 1 && n <= nargs) {
                emit_fmt(c, "(%s)", args[n - 1]);
                p = end;
                continue;
            }
        }
        lg_buf_putc(c->b, (uint8_t)*p++);
    }
}

/* The body translated with the arguments as $1..$n (one SELECT), or NULL after an error. */
static translate_result_t *translate_body(emit_ctx_t *c, translate_fndef_t *d, int loc)
{
    char *sub = translate_fn_subst_names(d->body, d->argnames, d->nargs, 0);
    translate_opts_t o = {
        .nparam_types = d->nargs, .param_types = d->argtypes, .catalog_db = c->opts->catalog_db};
    translate_result_t *r = NULL;
    lg_pgerr_t e = {0};
    if (!sub || translate_sql(sub, strlen(sub), &o, &r, &e) != 0) {
        emit_error(c, e.sqlstate[0] ? e.sqlstate : LG_SQLSTATE_SYNTAX_ERROR, loc,
                   "%s (in function %s)", e.message[0] ? e.message : "syntax error", d->name);
    } else if (r->nstmts != 1 || r->stmts[0].cls != TR_CLASS_READ || !r->stmts[0].sql) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, loc,
                   "function %s in FROM must have a single SELECT as its body", d->name);
        translate_result_unref(r);
        r = NULL;
    }
    free(sub);
    return r;
}

static char **emit_arg_texts(emit_ctx_t *c, const translate_fndef_t *d, const PgQuery__Node **slots)
{
    char **args = lg_xcalloc((size_t)d->nargs + 1, sizeof(char *));
    lg_buf_t *saved = c->b;
    for (int j = 0; j < d->nargs; j++) {
        lg_buf_t b;
        lg_buf_init(&b, 1u << 20);
        c->b = &b;
        emit_arg(c, d, slots[j], j);
        lg_buf_putc(&b, 0);
        size_t len;
        args[j] = (char *)lg_buf_steal(&b, &len);
    }
    c->b = saved;
    return args;
}

/* Output column k's name: the alias's column list, else for a function returning a set
 * of scalars (SETOF int) the alias itself, as PostgreSQL names it, else the declared name
 * (a TABLE column or OUT parameter). */
static const char *out_name(const PgQuery__Alias *a, const translate_fndef_t *d, int k)
{
    if (a && (size_t)k < a->n_colnames)
        return emit_strval(a->colnames[k]);
    if (a && a->aliasname[0] && d->retset && d->nout == 1 && d->rettype != PGTYPE_RECORD_OID)
        return a->aliasname;
    return d->outnames[k];
}

static void register_cols(emit_ctx_t *c, const PgQuery__Alias *a, const char *alias,
                          const translate_fndef_t *d, const translate_stmt_t *body)
{
    emit_rel_t *r = emit_scope_add(c, alias, "");
    if (!r)
        return;
    bool rows = d->retset || d->nout > 0;
    int n = rows ? d->nout : 1;
    r->cols = lg_xcalloc((size_t)n, sizeof(translate_col_t));
    r->ncols = n;
    for (int k = 0; k < n; k++) {
        const char *nm = rows ? out_name(a, d, k) : alias;
        if (a && (size_t)k < a->n_colnames)
            nm = emit_strval(a->colnames[k]);
        r->cols[k].name = lg_xstrdup(nm);
        r->cols[k].type_oid = rows ? d->outtypes[k] : d->rettype;
        r->cols[k].typmod = -1;
        if (body && k < body->ncols && body->cols[k].type_oid == r->cols[k].type_oid)
            r->cols[k].typmod = body->cols[k].typmod; /* numeric(p,s) keeps its scale */
    }
}

static void emit_colnames(emit_ctx_t *c, const PgQuery__Alias *a, const char *alias,
                          const translate_fndef_t *d)
{
    bool rows = d->retset || d->nout > 0;
    int n = rows ? d->nout : 1;
    for (int k = 0; k < n; k++) {
        const char *nm = rows ? out_name(a, d, k) : alias;
        if (a && (size_t)k < a->n_colnames)
            nm = emit_strval(a->colnames[k]);
        emit_str(c, k ? ", " : "");
        emit_ident(c, nm);
    }
}

/* The body's own result columns can be renamed one by one (keeping their origin, which
 * gives numeric columns their scale): as many as declared, with distinct names. */
static bool body_cols_usable(const translate_stmt_t *st, const translate_fndef_t *d)
{
    if (st->ncols != d->nout)
        return false;
    for (int i = 0; i < st->ncols; i++)
        for (int k = 0; k < i; k++)
            if (!st->cols[i].name || !strcmp(st->cols[i].name, st->cols[k].name))
                return false;
    return true;
}

/* "(SELECT _lgb.c1 AS out1, ... FROM (<body>) AS _lgb) AS alias" */
static void emit_renamed(emit_ctx_t *c, const translate_stmt_t *st, const PgQuery__Alias *a,
                         const char *alias, const translate_fndef_t *d, char **args)
{
    emit_str(c, "(SELECT ");
    for (int k = 0; k < st->ncols; k++) {
        const char *nm = out_name(a, d, k);
        emit_str(c, k ? ", _lgb." : "_lgb.");
        emit_ident(c, st->cols[k].name);
        emit_str(c, " AS ");
        emit_ident(c, nm);
    }
    emit_str(c, " FROM (");
    emit_with_args(c, st->sql, args, d->nargs);
    emit_str(c, ") AS _lgb) AS ");
    emit_ident(c, alias);
}

/* A set-returning PL/pgSQL function in FROM: its rows come from lg_udf_set as a JSON
 * array of arrays, one value per output column:
 * "(SELECT json_extract(_lgr.value, '$[0]') AS out1, ... FROM json_each(lg_udf_set(...)))" */
static void emit_pl_set(emit_ctx_t *c, const PgQuery__Alias *a, const char *alias,
                        const translate_fndef_t *d, char **args)
{
    emit_str(c, "(SELECT ");
    for (int k = 0; k < d->nout; k++) {
        emit_fmt(c, "%sjson_extract(_lgr.value, '$[%d]') AS ", k ? ", " : "", k);
        emit_ident(c, out_name(a, d, k));
    }
    emit_str(c, " FROM json_each(lg_udf_set(");
    emit_literal(c, d->name);
    for (int j = 0; j < d->nargs; j++)
        emit_fmt(c, ", (%s)", args[j]);
    emit_str(c, ")) AS _lgr) AS ");
    emit_ident(c, alias);
}

bool emit_user_range_function(emit_ctx_t *c, const PgQuery__RangeFunction *rf)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const PgQuery__FuncCall *f = rf->functions[0]->list->items[0]->func_call;
    translate_fndef_t *d = lg_xcalloc(1, sizeof(*d));
    if (!db || translate_fndef_load(db, emit_object_name(c, f->funcname, f->n_funcname), d)) {
        free(d);
        return false;
    }
    const PgQuery__Node *slots[TRANSLATE_FN_MAX_ARGS] = {0};
    const PgQuery__Alias *a = rf->alias;
    const char *alias =
        a && a->aliasname[0] ? a->aliasname : emit_last_name(f->funcname, f->n_funcname);
    if (rf->ordinality)
        emit_unsupported(c, f->location, "WITH ORDINALITY on a user-defined function");
    else if (d->rettype == PGTYPE_TRIGGER_OID || d->rettype == PGTYPE_RECORD_OID) {
        if (!d->retset && !d->nout)
            emit_unsupported(c, f->location, "this function in FROM");
    }
    bool pl_set = (d->retset || d->nout > 0) && strcmp(d->lang, "sql") != 0;
    if (!c->failed && match_args(c, f, d, slots)) {
        translate_result_t *r = d->retset && !pl_set ? translate_body(c, d, f->location) : NULL;
        if (!c->failed) {
            char **args = emit_arg_texts(c, d, slots);
            if (pl_set) {
                emit_pl_set(c, a, alias, d, args);
            } else if (r && body_cols_usable(&r->stmts[0], d)) {
                emit_renamed(c, &r->stmts[0], a, alias, d, args);
            } else {
                emit_str(c, "(WITH _lgf(");
                emit_colnames(c, a, alias, d);
                emit_str(c, ") AS (");
                if (r) {
                    emit_with_args(c, r->stmts[0].sql, args, d->nargs);
                } else {
                    emit_str(c, "SELECT lg_udf(");
                    emit_literal(c, d->name);
                    for (int j = 0; j < d->nargs; j++)
                        emit_fmt(c, ", (%s)", args[j]);
                    emit_str(c, ")");
                }
                emit_str(c, ") SELECT * FROM _lgf) AS ");
                emit_ident(c, alias);
            }
            register_cols(c, a, alias, d, r ? &r->stmts[0] : NULL);
            for (int j = 0; j < d->nargs; j++)
                free(args[j]);
            free(args);
            if (d->volatility == 'v')
                c->writes = true;
        }
        if (r)
            translate_result_unref(r);
    }
    translate_fndef_clear(d);
    free(d);
    return true;
}
