/* exec_pl.c - the PL runtime's per-connection state and its entry points lg_udf(name,
 * args...) (calls of user-defined functions, emitted by translate_emit_fncall.c),
 * lg_udf_set(name, args...) (a set-returning PL/pgSQL function's rows as JSON) and
 * lg_do(text) (DO blocks; always returns NULL).
 *
 * Each connection caches compiled functions (translated SQL bodies, parsed PL/pgSQL
 * trees) by name; exec_pl_sync drops the cache whenever the schema generation moved, so
 * CREATE OR REPLACE / DROP FUNCTION made on any connection is seen by the next job.
 * LANGUAGE sql bodies: argument names become $n, the text is translated once, and each
 * call runs the statements in order and returns the first column of the first row of
 * the last one. STRICT functions return NULL on a NULL argument without running.
 * Registration on the main thread; everything else on the worker holding the
 * connection. */
#include "exec_pl.h"
#include "exec_int.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PL_MAX_DEPTH 100
#define PL_SET_MAX (256u << 20) /* a set-returning function's rows, as JSON */

struct exec_pl {
    uint64_t gen;
    pl_func_t *funcs;
    pl_rowstore_t *rows;
};

static const struct {
    const char *name;
    const char *code;
} k_conditions[] = {
    {"unique_violation", "23505"},
    {"not_null_violation", "23502"},
    {"check_violation", "23514"},
    {"foreign_key_violation", "23503"},
    {"integrity_constraint_violation", "23000"},
    {"restrict_violation", "23001"},
    {"exclusion_violation", "23P01"},
    {"division_by_zero", "22012"},
    {"numeric_value_out_of_range", "22003"},
    {"invalid_text_representation", "22P02"},
    {"string_data_right_truncation", "22001"},
    {"data_exception", "22000"},
    {"invalid_parameter_value", "22023"},
    {"invalid_datetime_format", "22007"},
    {"datetime_field_overflow", "22008"},
    {"null_value_not_allowed", "22004"},
    {"raise_exception", "P0001"},
    {"no_data_found", "P0002"},
    {"too_many_rows", "P0003"},
    {"assert_failure", "P0004"},
    {"undefined_table", "42P01"},
    {"undefined_column", "42703"},
    {"undefined_function", "42883"},
    {"undefined_object", "42704"},
    {"duplicate_object", "42710"},
    {"duplicate_table", "42P07"},
    {"syntax_error", "42601"},
    {"insufficient_privilege", "42501"},
    {"feature_not_supported", "0A000"},
    {"invalid_cursor_state", "24000"},
    {"serialization_failure", "40001"},
    {"deadlock_detected", "40P01"},
    {"query_canceled", "57014"},
    {"object_not_in_prerequisite_state", "55000"},
    {"lock_not_available", "55P03"},
    {"cardinality_violation", "21000"},
    {"internal_error", "XX000"},
    {"program_limit_exceeded", "54000"},
    {"invalid_parameter_value", "22023"},
    {"wrong_object_type", "42809"},
    {"invalid_transaction_state", "25000"},
    {"read_only_sql_transaction", "25006"},
};

int pl_err_set(pl_err_t *e, const char *sqlstate, const char *fmt, ...)
{
    snprintf(e->sqlstate, sizeof(e->sqlstate), "%s", sqlstate);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    e->hint[0] = '\0';
    return -1;
}

const char *pl_condition_sqlstate(const char *name)
{
    for (size_t i = 0; i < sizeof(k_conditions) / sizeof(k_conditions[0]); i++)
        if (!strcasecmp(k_conditions[i].name, name))
            return k_conditions[i].code;
    if (strlen(name) == 5) {
        for (int i = 0; i < 5; i++)
            if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'A' && name[i] <= 'Z')))
                return NULL;
        return name;
    }
    return NULL;
}

void exec_pl_sqlite_err(sqlite3 *db, int rc, pl_err_t *err)
{
    lg_pgerr_t e = {0};
    exec__sqlite_error(db, rc, &e);
    snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", e.sqlstate[0] ? e.sqlstate : "XX000");
    snprintf(err->msg, sizeof(err->msg), "%s", e.message);
    snprintf(err->hint, sizeof(err->hint), "%.250s", e.hint);
}

void exec_pl_func_free(pl_func_t *f)
{
    if (!f)
        return;
    translate_fndef_clear(&f->def);
    for (size_t i = 0; f->sql_st && f->sql && i < f->sql->nstmts; i++)
        sqlite3_finalize(f->sql_st[i]);
    free(f->sql_st);
    if (f->sql)
        translate_result_unref(f->sql);
    pl_exprs_free(f->exprs);
    sqlite3_finalize(f->mk);
    for (int i = 0; i < f->ndatums; i++)
        free(f->datums[i].fields);
    free(f->datums);
    pj_free(f->tree);
    free(f);
}

static void drop_cache(exec_pl_t *pl)
{
    for (pl_func_t *f = pl->funcs, *next; f; f = next) {
        next = f->next;
        exec_pl_func_free(f);
    }
    pl->funcs = NULL;
}

void exec_pl_sync(exec_pl_t *pl, uint64_t schema_gen)
{
    if (!pl)
        return;
    pl_rowstore_reset_pass(pl->rows);
    if (pl->gen == schema_gen)
        return;
    bool busy = false;
    for (pl_func_t *f = pl->funcs; f; f = f->next)
        busy = busy || f->depth > 0;
    if (busy)
        return;
    drop_cache(pl);
    pl_rowstore_flush(pl->rows);
    pl->gen = schema_gen;
}

pl_rowstore_t *exec_pl_rows(exec_pl_t *pl)
{
    return pl->rows;
}

static int compile_sql(sqlite3 *db, pl_func_t *f, pl_err_t *err)
{
    char *sub = translate_fn_subst_names(f->def.body, f->def.argnames, f->def.nargs, 0);
    if (!sub)
        return PL_ERR_SET(err, "42601", "syntax error in function %s", f->def.name);
    /* a scalar numeric result keeps PostgreSQL's digits (decimal TEXT): the caller reads it
     * through lg_to_numeric, or through lg_numx when its own output is exact */
    translate_opts_t o = {.nparam_types = f->def.nargs,
                          .param_types = f->def.argtypes,
                          .catalog_db = db,
                          .exact_numeric = !f->def.retset && f->def.rettype == PGTYPE_NUMERIC};
    lg_pgerr_t e = {0};
    int rc = translate_sql(sub, strlen(sub), &o, &f->sql, &e);
    free(sub);
    if (rc != 0)
        return PL_ERR_SET(err, e.sqlstate, "%s", e.message);
    for (size_t i = 0; i < f->sql->nstmts; i++) {
        translate_class_t cls = f->sql->stmts[i].cls;
        if (cls != TR_CLASS_READ && cls != TR_CLASS_WRITE)
            return PL_ERR_SET(err, "0A000", "statement \"%s\" in a SQL function is not supported",
                              f->sql->stmts[i].tag);
    }
    return 0;
}

pl_func_t *exec_pl_func(exec_pl_t *pl, sqlite3 *db, const char *name, pl_err_t *err)
{
    for (pl_func_t *f = pl->funcs; f; f = f->next)
        if (!strcmp(f->def.name, name))
            return f;
    pl_func_t *f = lg_xcalloc(1, sizeof(*f));
    if (translate_fndef_load(db, name, &f->def) != 0) {
        free(f);
        PL_ERR_SET(err, "42883", "function %s does not exist", name);
        return NULL;
    }
    f->is_sql = strcmp(f->def.lang, "sql") == 0;
    f->is_trigger = f->def.rettype == 2279;
    int rc = f->is_sql ? compile_sql(db, f, err) : exec_pl_compile(f, f->def.body, err);
    if (rc != 0) {
        exec_pl_func_free(f);
        return NULL;
    }
    f->next = pl->funcs;
    pl->funcs = f;
    return f;
}

pl_func_t *exec_pl_func_src(exec_pl_t *pl, const char *key, const char *src, pl_err_t *err)
{
    for (pl_func_t *f = pl->funcs; f; f = f->next)
        if (!strcmp(f->def.name, key))
            return f;
    pl_func_t *f = lg_xcalloc(1, sizeof(*f));
    snprintf(f->def.name, sizeof(f->def.name), "%s", key);
    snprintf(f->def.lang, sizeof(f->def.lang), "plpgsql");
    f->def.rettype = 2279;
    f->def.volatility = 'v';
    f->is_trigger = true;
    if (exec_pl_compile(f, src, err) != 0) {
        exec_pl_func_free(f);
        return NULL;
    }
    f->next = pl->funcs;
    pl->funcs = f;
    return f;
}

static void bind_args(sqlite3_stmt *st, int argc, sqlite3_value **argv)
{
    int n = sqlite3_bind_parameter_count(st);
    for (int i = 0; i < argc && i < n; i++)
        sqlite3_bind_value(st, i + 1, argv[i]);
}

/* Runs the statements of a SQL function; *out = first column of the last one's first row. */
static int run_sql_function(sqlite3 *db, pl_func_t *f, int argc, sqlite3_value **argv,
                            sqlite3_value **out, pl_err_t *err)
{
    *out = NULL;
    bool cached = f->depth == 1; /* recursive calls prepare their own copies */
    if (cached && !f->sql_st)
        f->sql_st = lg_xcalloc(f->sql->nstmts + 1, sizeof(sqlite3_stmt *));
    for (size_t i = 0; i < f->sql->nstmts; i++) {
        sqlite3_stmt *st = cached ? f->sql_st[i] : NULL;
        int rc = st ? SQLITE_OK : sqlite3_prepare_v2(db, f->sql->stmts[i].sql, -1, &st, NULL);
        if (rc != SQLITE_OK) {
            exec_pl_sqlite_err(db, rc, err);
            sqlite3_finalize(st);
            return -1;
        }
        if (cached)
            f->sql_st[i] = st;
        bind_args(st, argc, argv);
        bool last = i + 1 == f->sql->nstmts;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (last && !*out && sqlite3_column_count(st) > 0)
                *out = sqlite3_value_dup(sqlite3_column_value(st, 0));
        }
        if (rc != SQLITE_DONE)
            exec_pl_sqlite_err(db, rc, err);
        if (cached) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
        } else {
            sqlite3_finalize(st);
        }
        if (rc != SQLITE_DONE) {
            sqlite3_value_free(*out);
            *out = NULL;
            return -1;
        }
    }
    return 0;
}

/* Statement-level atomicity for functions that may write: a read-only outer statement
 * (SELECT f(), DO) has no statement journal, so the function's own writes are undone
 * here when it fails. kind 0 opens, 1 releases, 2 rolls back and releases. */
static void fn_savepoint(sqlite3 *db, int kind)
{
    static const char *const sql[] = {"SAVEPOINT lg_fn", "RELEASE lg_fn",
                                      "ROLLBACK TO lg_fn; RELEASE lg_fn"};
    sqlite3_exec(db, sql[kind], NULL, NULL, NULL);
}

void pl_result_error(sqlite3_context *ctx, const pl_err_t *err)
{
    char msg[1400];
    snprintf(msg, sizeof(msg), "%s:%s%s%s", err->sqlstate[0] ? err->sqlstate : "XX000", err->msg,
             err->hint[0] ? "\x1f"
                            "HINT:"
                          : "",
             err->hint);
    sqlite3_result_error(ctx, msg, -1);
}

static void fn_udf(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    exec_pl_t *pl = sqlite3_user_data(ctx);
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    pl_err_t err = {0};
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    pl_func_t *f = name ? exec_pl_func(pl, db, name, &err) : NULL;
    if (!f) {
        pl_result_error(ctx, &err);
        return;
    }
    for (int i = 1; f->def.strict && i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return; /* NULL */
    if (f->depth >= PL_MAX_DEPTH) {
        PL_ERR_SET(&err, "54001", "stack depth limit exceeded");
        pl_result_error(ctx, &err);
        return;
    }
    sqlite3_value *ret = NULL;
    pl_rec_t *rec = NULL;
    bool sp = f->def.volatility == 'v';
    if (sp)
        fn_savepoint(db, 0);
    f->depth++;
    int rc = f->is_sql ? run_sql_function(db, f, argc - 1, argv + 1, &ret, &err)
                       : pl_run(db, f, argc - 1, argv + 1, NULL, &ret, &rec, &err);
    f->depth--;
    if (sp)
        fn_savepoint(db, rc != 0 ? 2 : 1);
    if (rec) {
        pl_rec_clear(rec);
        free(rec);
    }
    if (rc != 0)
        pl_result_error(ctx, &err);
    else if (f->def.rettype == 2278)
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC); /* void prints as an empty string */
    else if (ret)
        sqlite3_result_value(ctx, ret);
    sqlite3_value_free(ret);
}

/* lg_udf_set(name, args...): a set-returning PL/pgSQL function's rows as a JSON array of
 * arrays (translate_emit_fncall.c reads them with json_each). */
static void fn_udf_set(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    exec_pl_t *pl = sqlite3_user_data(ctx);
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    pl_err_t err = {0};
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    pl_func_t *f = name ? exec_pl_func(pl, db, name, &err) : NULL;
    if (!f) {
        pl_result_error(ctx, &err);
        return;
    }
    if (f->is_sql || f->depth >= PL_MAX_DEPTH) {
        PL_ERR_SET(&err, f->is_sql ? "XX000" : "54001",
                   f->is_sql ? "not a PL/pgSQL function" : "stack depth limit exceeded");
        pl_result_error(ctx, &err);
        return;
    }
    for (int i = 1; f->def.strict && i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sqlite3_result_text(ctx, "[]", 2, SQLITE_STATIC); /* no rows */
            return;
        }
    lg_buf_t rows;
    lg_buf_init(&rows, PL_SET_MAX);
    bool sp = f->def.volatility == 'v';
    if (sp)
        fn_savepoint(db, 0);
    f->depth++;
    int rc = pl_run_set(db, f, argc - 1, argv + 1, &rows, &err);
    f->depth--;
    if (sp)
        fn_savepoint(db, rc != 0 ? 2 : 1);
    if (rc != 0)
        pl_result_error(ctx, &err);
    else
        sqlite3_result_text(ctx, (const char *)rows.data, (int)rows.len, SQLITE_TRANSIENT);
    lg_buf_deinit(&rows);
}

static void fn_do(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    pl_err_t err = {0};
    const char *src = (const char *)sqlite3_value_text(argv[0]);
    pl_func_t *f = lg_xcalloc(1, sizeof(*f));
    snprintf(f->def.name, sizeof(f->def.name), "inline_code_block");
    f->def.rettype = 2278;
    int rc = exec_pl_compile(f, src ? src : "", &err);
    sqlite3_value *ret = NULL;
    pl_rec_t *rec = NULL;
    if (rc == 0) {
        fn_savepoint(db, 0);
        f->depth++;
        rc = pl_run(db, f, 0, NULL, NULL, &ret, &rec, &err);
        f->depth--;
        fn_savepoint(db, rc != 0 ? 2 : 1);
    }
    sqlite3_value_free(ret);
    if (rec) {
        pl_rec_clear(rec);
        free(rec);
    }
    exec_pl_func_free(f);
    if (rc != 0)
        pl_result_error(ctx, &err);
}

static void pl_destroy(void *p)
{
    exec_pl_t *pl = p;
    drop_cache(pl);
    pl_rowstore_flush(pl->rows);
    pl_rowstore_free(pl->rows);
    free(pl);
}

int exec_pl_register(sqlite3 *db, exec_pl_t **out)
{
    exec_pl_t *pl = lg_xcalloc(1, sizeof(*pl));
    pl->rows = pl_rowstore_new();
    *out = NULL;
    if (sqlite3_create_function_v2(db, "lg_do", 1, SQLITE_UTF8, pl, fn_do, NULL, NULL,
                                   pl_destroy) != SQLITE_OK)
        return -1; /* SQLite calls pl_destroy on failure */
    if (sqlite3_create_function_v2(db, "lg_udf", -1, SQLITE_UTF8, pl, fn_udf, NULL, NULL, NULL) !=
            SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_udf_set", -1, SQLITE_UTF8, pl, fn_udf_set, NULL, NULL,
                                   NULL) != SQLITE_OK ||
        pl_trig_register(db, pl) != 0)
        return -1;
    *out = pl;
    return 0;
}
