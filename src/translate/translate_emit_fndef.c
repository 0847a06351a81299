/* translate_emit_fndef.c - CREATE [OR REPLACE] FUNCTION / PROCEDURE, DROP FUNCTION /
 * PROCEDURE, and DO blocks.
 *
 * A function becomes one row of _lg_functions (format: include/translate/translate_fn.h);
 * the emitted DDL script creates the metadata tables on demand and writes the row, so it
 * commits (and replicates) with everything else. One function per name: overloading is
 * rejected with 0A000. Argument defaults are stored already translated to SQLite SQL.
 * PL/pgSQL bodies are checked with libpg_query's PL/pgSQL parser at CREATE time (42601);
 * they run in exec (exec_pl*.c). DO runs "SELECT 1 WHERE lg_do(<statement text>) IS NOT
 * NULL" on the writer: lg_do always returns NULL, so no row comes back.
 * Worker thread only. */
#include "translate_emit_fn.h"
#include "translate_emit_check.h"
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fn_opts {
    const char *lang;
    const char *body;
    char volatility;
    bool strict;
} fn_opts_t;

static void read_options(emit_ctx_t *c, PgQuery__Node **opts, size_t n, fn_opts_t *o)
{
    o->volatility = 'v';
    for (size_t i = 0; i < n; i++) {
        const PgQuery__DefElem *d = opts[i]->def_elem;
        const PgQuery__Node *a = d->arg;
        if (!strcmp(d->defname, "language")) {
            o->lang = emit_strval(a);
        } else if (!strcmp(d->defname, "volatility")) {
            o->volatility = emit_strval(a)[0];
        } else if (!strcmp(d->defname, "strict")) {
            o->strict = a && a->node_case == PG_QUERY__NODE__NODE_BOOLEAN && a->boolean->boolval;
        } else if (!strcmp(d->defname, "as")) {
            if (a && a->node_case == PG_QUERY__NODE__NODE_LIST && a->list->n_items == 1)
                o->body = emit_strval(a->list->items[0]);
            else if (a && a->node_case == PG_QUERY__NODE__NODE_STRING)
                o->body = a->string->sval;
            else
                emit_unsupported(c, d->location, "a function body of several strings");
        } else if (!strcmp(d->defname, "window")) {
            emit_unsupported(c, d->location, "WINDOW functions");
        } else if (!strcmp(d->defname, "set")) {
            emit_unsupported(c, d->location, "SET clauses of functions");
        }
    }
}

/* One parameter: appends to the lists in `f` (argument or RETURNS TABLE column). */
static void add_param(emit_ctx_t *c, const PgQuery__FunctionParameter *p, translate_fndef_t *f)
{
    int32_t typmod = -1;
    uint32_t t = emit_typename_oid(p->arg_type, &typmod);
    if (!t) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, p->arg_type->location,
                   "parameter type of \"%s\" is not supported", p->name);
        return;
    }
    switch (p->mode) {
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
        if (f->nargs >= TRANSLATE_FN_MAX_ARGS || f->nout >= TRANSLATE_FN_MAX_ARGS)
            break;
        snprintf(f->argnames[f->nargs], 64, "%s", p->name);
        f->argtypes[f->nargs++] = t;
        __attribute__((fallthrough)); /* also a result column */
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
        if (f->nout >= TRANSLATE_FN_MAX_ARGS)
            break;
        snprintf(f->outnames[f->nout], 64, "%s", p->name);
        f->outtypes[f->nout++] = t;
        return;
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_IN:
    case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_DEFAULT:
        if (f->nargs >= TRANSLATE_FN_MAX_ARGS)
            break;
        snprintf(f->argnames[f->nargs], 64, "%s", p->name);
        f->argtypes[f->nargs] = t;
        if (p->defexpr) {
            lg_buf_t b, *saved = c->b;
            lg_buf_init(&b, 1u << 20);
            c->b = &b;
            emit_expr_as(c, p->defexpr, t, typmod);
            lg_buf_putc(&b, 0);
            c->b = saved;
            size_t len;
            f->argdefaults[f->nargs] = (char *)lg_buf_steal(&b, &len);
        } else if (f->nargs && f->argdefaults[f->nargs - 1]) {
            emit_error(c, "42P13", -1,
                       "input parameters after one with a default value must also have defaults");
        }
        f->nargs++;
        return;
    default:
        emit_unsupported(c, -1, "VARIADIC parameters");
        return;
    }
    emit_error(c, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, -1,
               "functions cannot have more than %d "
               "arguments",
               TRANSLATE_FN_MAX_ARGS);
}

static void join_names(lg_buf_t *b, char (*names)[64], int n)
{
    for (int i = 0; i < n; i++)
        lg_buf_printf(b, "%s%s", i ? "," : "", names[i]);
    lg_buf_putc(b, 0);
}

static void join_oids(lg_buf_t *b, const uint32_t *oids, int n)
{
    for (int i = 0; i < n; i++)
        lg_buf_printf(b, "%s%u", i ? "," : "", oids[i]);
    lg_buf_putc(b, 0);
}

static void emit_list_literal(emit_ctx_t *c, lg_buf_t *b)
{
    emit_literal(c, (const char *)b->data);
    lg_buf_reset(b);
}

/* The statement's own text (a slice of the query string), malloc'd. */
static char *stmt_text(emit_ctx_t *c, const translate_stmt_t *out)
{
    const char *s = c->src + out->stmt_location;
    size_t len = out->stmt_len > 0 ? (size_t)out->stmt_len : strlen(s);
    return lg_xstrndup(s, len);
}

static bool check_plpgsql(emit_ctx_t *c, const char *text)
{
    PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(text);
    bool ok = !r.error;
    if (r.error)
        emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1, "%s", r.error->message);
    pg_query_free_plpgsql_parse_result(r);
    return ok;
}

static void check_sql_body(emit_ctx_t *c, translate_fndef_t *f)
{
    char *sub = translate_fn_subst_names(f->body, f->argnames, f->nargs, 0);
    if (!sub) {
        emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1, "syntax error in function body");
        return;
    }
    PgQueryParseResult r = pg_query_parse(sub);
    if (r.error)
        emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1, "%s", r.error->message);
    pg_query_free_parse_result(r);
    free(sub);
}

static void on_row_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)notnull;
    (void)pk;
    translate_fndef_t *f = ctx;
    if (f->nout >= TRANSLATE_FN_MAX_ARGS)
        return;
    snprintf(f->outnames[f->nout], 64, "%s", col);
    f->outtypes[f->nout++] = t->typoid ? t->typoid : PGTYPE_TEXT;
}

/* RETURNS SETOF some_table: the table's columns are the function's result columns (a
 * record set, as RETURNS TABLE). False when the name is no table. */
static bool table_row_type(emit_ctx_t *c, const PgQuery__TypeName *tn, translate_fndef_t *f)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (!db || tn->n_array_bounds || f->nout)
        return false;
    const char *name = emit_object_name(c, tn->names, tn->n_names);
    if (catalog_table_columns(db, name, on_row_col, f) <= 0 || !f->nout)
        return false;
    f->rettype = PGTYPE_RECORD_OID;
    return true;
}

/* Return type: scalar, SETOF scalar, TABLE (...), SETOF table, trigger or void. */
static void read_return(emit_ctx_t *c, const PgQuery__CreateFunctionStmt *s, const char *name,
                        translate_fndef_t *f)
{
    if (!s->return_type) { /* procedures, and functions with OUT parameters */
        f->rettype = s->is_procedure || !f->nout ? PGTYPE_VOID
                     : f->nout == 1              ? f->outtypes[0]
                                                 : PGTYPE_RECORD_OID;
        return;
    }
    const char *tn = emit_last_name(s->return_type->names, s->return_type->n_names);
    f->retset = s->return_type->setof;
    if (!strcmp(tn, "trigger")) {
        f->rettype = PGTYPE_TRIGGER_OID;
        return;
    }
    if (!strcmp(tn, "void")) {
        f->rettype = PGTYPE_VOID;
        return;
    }
    if (!strcmp(tn, "record")) {
        f->rettype = PGTYPE_RECORD_OID;
        if (!f->nout)
            emit_unsupported(c, s->return_type->location, "functions returning record");
        return;
    }
    if (f->nout && !f->retset) { /* RETURNS int with one OUT int: the OUT decides */
        f->rettype = f->nout == 1 ? f->outtypes[0] : PGTYPE_RECORD_OID;
        return;
    }
    f->rettype = emit_typename_oid(s->return_type, &f->rettypmod);
    if (!f->rettype && f->retset && table_row_type(c, s->return_type, f))
        return;
    if (!f->rettype)
        emit_unsupported(c, s->return_type->location, "this function return type");
    if (f->retset && f->nout < TRANSLATE_FN_MAX_ARGS) {
        snprintf(f->outnames[0], 64, "%s", name);
        f->outtypes[0] = f->rettype;
        f->nout = 1;
    }
}

/* 42723 for CREATE of an existing function; 0A000 for overloading. */
static void check_existing(emit_ctx_t *c, const char *name, bool replace, const char *argtypes)
{
    translate_fndef_t old;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (translate_fndef_load(db, name, &old) != 0)
        return;
    lg_buf_t b;
    lg_buf_init(&b, 4096);
    join_oids(&b, old.argtypes, old.nargs);
    bool same = strcmp((const char *)b.data, argtypes) == 0;
    lg_buf_deinit(&b);
    translate_fndef_clear(&old);
    if (same && !replace)
        emit_error(c, "42723", -1, "function \"%s\" already exists with same argument types", name);
    else if (!same)
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                   "function overloading is not supported (function \"%s\" exists with "
                   "other argument types)",
                   name);
}

static void emit_fn_row(emit_ctx_t *c, translate_fndef_t *f, const fn_opts_t *o, const char *body,
                        const char *src)
{
    lg_buf_t b;
    lg_buf_init(&b, 1u << 20);
    emit_str(c, TRANSLATE_FN_META_SQL "INSERT OR REPLACE INTO _lg_functions VALUES (");
    emit_literal(c, f->name);
    emit_str(c, ", ");
    emit_literal(c, f->lang);
    emit_fmt(c, ", %u, %d, %d, ", f->rettype, (int)f->rettypmod, f->retset ? 1 : 0);
    join_names(&b, f->argnames, f->nargs);
    emit_list_literal(c, &b);
    emit_str(c, ", ");
    join_oids(&b, f->argtypes, f->nargs);
    emit_list_literal(c, &b);
    emit_str(c, ", ");
    for (int i = 0; i < f->nargs; i++)
        lg_buf_printf(&b, "%s%s", i ? "\x1e" : "", f->argdefaults[i] ? f->argdefaults[i] : "");
    lg_buf_putc(&b, 0);
    emit_list_literal(c, &b);
    emit_str(c, ", ");
    join_names(&b, f->outnames, f->nout);
    emit_list_literal(c, &b);
    emit_str(c, ", ");
    join_oids(&b, f->outtypes, f->nout);
    emit_list_literal(c, &b);
    emit_str(c, ", ");
    emit_literal(c, body);
    emit_fmt(c, ", %d, '%c', ", o->strict ? 1 : 0, o->volatility);
    emit_literal(c, src);
    emit_str(c, ")");
    lg_buf_deinit(&b);
}

void emit_create_function(emit_ctx_t *c, const PgQuery__CreateFunctionStmt *s,
                          translate_stmt_t *out)
{
    if (s->is_procedure)
        snprintf(out->tag, sizeof(out->tag), "CREATE PROCEDURE");
    fn_opts_t o = {0};
    read_options(c, s->options, s->n_options, &o);
    if (s->sql_body) {
        emit_unsupported(c, -1, "SQL-standard function bodies (RETURN / BEGIN ATOMIC)");
        return;
    }
    const char *lang = o.lang ? o.lang : "sql";
    if (strcmp(lang, "sql") != 0 && strcmp(lang, "plpgsql") != 0) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1, "language \"%s\" does not exist", lang);
        return;
    }
    if (!o.body) {
        emit_error(c, "42P13", -1, "no function body specified");
        return;
    }
    translate_fndef_t *f = lg_xcalloc(1, sizeof(*f));
    const char *name = emit_object_name(c, s->funcname, s->n_funcname);
    snprintf(f->name, sizeof(f->name), "%s", name);
    snprintf(f->lang, sizeof(f->lang), "%s", lang);
    f->body = lg_xstrdup(o.body);
    for (size_t i = 0; i < s->n_parameters && !c->failed; i++)
        add_param(c, s->parameters[i]->function_parameter, f);
    read_return(c, s, emit_last_name(s->funcname, s->n_funcname), f);
    if (f->retset && !strcmp(lang, "plpgsql") && f->rettype == PGTYPE_RECORD_OID && !f->nout)
        emit_unsupported(c, -1, "PL/pgSQL functions returning SETOF record");
    if (f->nout && !f->retset && strcmp(lang, "plpgsql") != 0)
        emit_unsupported(c, -1, "OUT and INOUT parameters of SQL functions");
    if (f->nout && s->is_procedure)
        emit_unsupported(c, -1, "OUT and INOUT parameters of procedures");
    if (f->rettype == PGTYPE_TRIGGER_OID && (f->nargs || strcmp(lang, "plpgsql") != 0))
        emit_error(c, "42P13", -1, "trigger functions must be LANGUAGE plpgsql without arguments");
    char *text = stmt_text(c, out);
    lg_buf_t b;
    lg_buf_init(&b, 4096);
    join_oids(&b, f->argtypes, f->nargs);
    if (!c->failed)
        check_existing(c, f->name, s->replace, (const char *)b.data);
    lg_buf_deinit(&b);
    bool pl = !strcmp(lang, "plpgsql");
    char *body = pl ? translate_fn_plpgsql_prepare(
                          text, f->nout && (!f->retset || f->rettype == PGTYPE_RECORD_OID))
                    : NULL;
    if (!c->failed && pl)
        check_plpgsql(c, body);
    else if (!c->failed)
        check_sql_body(c, f);
    if (!c->failed)
        emit_fn_row(c, f, &o, pl ? body : o.body, text);
    free(body);
    free(text);
    translate_fndef_clear(f);
    free(f);
}

bool emit_drop_fn_wanted(const PgQuery__DropStmt *s)
{
    return s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
           s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ||
           s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER;
}

static bool fn_used_by_trigger(sqlite3 *db, const char *name)
{
    sqlite3_stmt *q = NULL;
    bool used = false;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT 1 FROM main._lg_triggers t WHERE t.func = ?1 AND EXISTS "
                                 "(SELECT 1 FROM sqlite_schema m WHERE m.type = 'trigger' AND "
                                 "m.name = '_lgtrg_' || t.tbl || '_' || t.name || '_M')",
                                 -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        used = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return used;
}

/* A function as PostgreSQL names it in its messages: "f1(integer, text)" in errors (types
 * by their SQL names; "f1" when the DROP gave no argument list), "f1(pg_catalog.int4,text)"
 * in the skip NOTICE (the type names as the parser spelled them). */
static void fn_signature(const char *name, const PgQuery__ObjectWithArgs *ow, bool raw, char *out,
                         size_t cap)
{
    size_t off = (size_t)snprintf(out, cap, "%s", name);
    if ((ow->args_unspecified && !raw) || off >= cap)
        return;
    off += (size_t)snprintf(out + off, cap - off, "(");
    for (size_t i = 0; i < ow->n_objargs && off < cap; i++) {
        const PgQuery__Node *a = ow->objargs[i];
        if (a->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
            continue;
        const PgQuery__TypeName *t = a->type_name;
        off += (size_t)snprintf(out + off, cap - off, "%s", i ? (raw ? "," : ", ") : "");
        char tn[64] = "";
        int32_t typmod;
        uint32_t oid = raw ? 0 : emit_typename_oid(t, &typmod);
        if (oid)
            emit_type_sqlname(oid, tn, sizeof(tn));
        for (size_t k = 0; !oid && k < t->n_names && off < cap; k++)
            off += (size_t)snprintf(out + off, cap - off, "%s%s", k ? "." : "",
                                    emit_strval(t->names[k]));
        if (off < cap)
            off +=
                (size_t)snprintf(out + off, cap - off, "%s%s", tn, t->n_array_bounds ? "[]" : "");
    }
    if (off < cap)
        snprintf(out + off, cap - off, ")");
}

static void drop_one_function(emit_ctx_t *c, const PgQuery__DropStmt *s,
                              const PgQuery__ObjectWithArgs *ow)
{
    const char *name = emit_object_name(c, ow->objname, ow->n_objname);
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    translate_fndef_t d;
    if (translate_fndef_load(db, name, &d) != 0) {
        char sig[EMIT_NAME_MAX * 2];
        fn_signature(name, ow, s->missing_ok, sig, sizeof(sig));
        const char *kind =
            s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? "procedure" : "function";
        if (!s->missing_ok)
            emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, -1, "%s %s does not exist", kind, sig);
        else
            emit_notice(c, NULL, "%s %s does not exist, skipping", kind, sig);
        return;
    }
    translate_fndef_clear(&d);
    if (fn_used_by_trigger(db, name) && s->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
        emit_error(c, "2BP01", -1, "cannot drop function %s() because other objects depend on it",
                   name);
        return;
    }
    emit_str(c, "DELETE FROM _lg_functions WHERE name = ");
    emit_literal(c, name);
    emit_str(c, ";");
}

void emit_drop_fn(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out)
{
    if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
        snprintf(out->tag, sizeof(out->tag), "DROP TRIGGER");
        emit_drop_trigger(c, s, out);
        return;
    }
    bool proc = s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE;
    snprintf(out->tag, sizeof(out->tag), proc ? "DROP PROCEDURE" : "DROP FUNCTION");
    size_t mark = c->b->len;
    emit_str(c, TRANSLATE_FN_META_SQL);
    size_t after_meta = c->b->len;
    for (size_t i = 0; i < s->n_objects && !c->failed; i++) {
        const PgQuery__Node *o = s->objects[i];
        if (o->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) {
            emit_unsupported(c, -1, "this DROP FUNCTION form");
            return;
        }
        drop_one_function(c, s, o->object_with_args);
    }
    if (c->b->len == after_meta)
        c->b->len = mark; /* nothing to drop (IF EXISTS): no SQL */
}

void emit_call(emit_ctx_t *c, const PgQuery__CallStmt *s, translate_stmt_t *out)
{
    (void)out;
    uint32_t t;
    emit_str(c, "SELECT 1 WHERE typeof(");
    if (!s->funccall || !emit_user_func_call(c, s->funccall, &t)) {
        const PgQuery__FuncCall *f = s->funccall;
        emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f ? f->location : -1,
                   "procedure %s does not exist",
                   f ? emit_last_name(f->funcname, f->n_funcname) : "");
        return;
    }
    emit_str(c, ") = 'never'"); /* runs the procedure once, returns no row */
}

void emit_do(emit_ctx_t *c, const PgQuery__DoStmt *s, translate_stmt_t *out)
{
    for (size_t i = 0; i < s->n_args; i++) {
        const PgQuery__DefElem *d = s->args[i]->def_elem;
        if (!strcmp(d->defname, "language") && strcmp(emit_strval(d->arg), "plpgsql") != 0) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, d->location,
                       "language \"%s\" does not exist", emit_strval(d->arg));
            return;
        }
    }
    char *text = stmt_text(c, out);
    if (check_plpgsql(c, text)) {
        emit_str(c, "SELECT 1 WHERE lg_do(");
        emit_literal(c, text);
        emit_str(c, ") IS NOT NULL");
    }
    free(text);
}
