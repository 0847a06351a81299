/* catalog_fn_proc.c - a user function's parameters as PostgreSQL's catalog shows them
 * (lg_meta_functions, from _lg_functions of translate_fn.h):
 *   pg_get_function_arguments(oid)           "x integer, OUT y text, b text DEFAULT 'a'::text"
 *   pg_get_function_identity_arguments(oid)  the same without defaults
 *   pg_get_function_result(oid)              "integer", "SETOF text", "TABLE(id integer, ...)"
 *   lg_proc_args(oid, what)                  pg_proc.proallargtypes ('t': "{23,25}"),
 *       proargmodes ('m': "{i,o}"; both NULL when every parameter is IN) and proargnames
 *       ('n': "{x,y}", NULL when none has a name).
 * The parameters are the IN ones (argnames/argtypes; INOUT when the name is also a result
 * column of a function that returns one row), then the OUT ones, or a RETURNS TABLE
 * function's columns (outnames/outtypes). A SETOF scalar function keeps its own name as its
 * only result column, which is no parameter. Any thread (no state). */
#include "catalog_int.h"
#include "lg_err.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROC_MAX_PARAMS 200
#define PROC_RECORD_OID 2249

typedef struct proc_param {
    char name[64];
    uint32_t type;
    char mode; /* i, o, b (INOUT), t (TABLE column) */
    int arg;   /* index among the IN arguments (their defaults), -1 for others */
} proc_param_t;

typedef struct proc {
    uint32_t rettype;
    bool retset, procedure;
    int n;
    proc_param_t p[PROC_MAX_PARAMS];
    char defaults[8192]; /* \x1e-separated, one per IN argument */
} proc_t;

/* Splits "a,b" / "23,25" lists: the k-th field of s into out. */
static bool field(const char *s, int k, char *out, size_t cap)
{
    for (int i = 0; s && *s && i < k; i++) {
        s = strchr(s, ',');
        s = s ? s + 1 : NULL;
    }
    if (!s || !*s)
        return false;
    size_t n = strcspn(s, ",");
    snprintf(out, cap, "%.*s", (int)n, s);
    return true;
}

static bool listed(const char *list, const char *name)
{
    char f[64];
    for (int k = 0; field(list, k, f, sizeof(f)); k++)
        if (strcmp(f, name) == 0)
            return true;
    return false;
}

static void add(proc_t *pr, const char *name, const char *type, char mode, int arg)
{
    if (pr->n >= PROC_MAX_PARAMS)
        return;
    proc_param_t *p = &pr->p[pr->n++];
    snprintf(p->name, sizeof(p->name), "%s", name);
    p->type = (uint32_t)strtoul(type, NULL, 10);
    p->mode = mode;
    p->arg = arg;
}

/* Loads function `oid`; false when it is no user function. */
static bool load(sqlite3 *db, sqlite3_value *oid, proc_t *pr)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_value_type(oid) != SQLITE_NULL &&
        sqlite3_prepare_v2(db,
                           "SELECT rettype, retset, argnames, argtypes, outnames, outtypes, "
                           "upper(ltrim(src)) LIKE 'CREATE%PROCEDURE%' AND upper(ltrim(src)) "
                           "NOT LIKE 'CREATE%FUNCTION%', argdefaults FROM lg_meta_functions "
                           "WHERE lg_objoid('proc:' || name) = ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, sqlite3_value_int64(oid));
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    if (found) {
        memset(pr, 0, sizeof(*pr));
        pr->rettype = (uint32_t)sqlite3_column_int64(st, 0);
        pr->retset = sqlite3_column_int(st, 1) != 0;
        pr->procedure = sqlite3_column_int(st, 6) != 0;
        const char *an = (const char *)sqlite3_column_text(st, 2);
        const char *at = (const char *)sqlite3_column_text(st, 3);
        const char *on = (const char *)sqlite3_column_text(st, 4);
        const char *ot = (const char *)sqlite3_column_text(st, 5);
        const char *defs = (const char *)sqlite3_column_text(st, 7);
        snprintf(pr->defaults, sizeof(pr->defaults), "%s", defs ? defs : "");
        bool table = pr->retset && pr->rettype == PROC_RECORD_OID;
        bool outs = !pr->retset; /* one row: OUT / INOUT parameters */
        char name[64], type[16];
        for (int k = 0; field(at, k, type, sizeof(type)); k++) {
            if (!field(an, k, name, sizeof(name)))
                name[0] = '\0';
            add(pr, name, type, outs && name[0] && listed(on, name) ? 'b' : 'i', k);
        }
        for (int k = 0; (table || outs) && field(ot, k, type, sizeof(type)); k++) {
            if (!field(on, k, name, sizeof(name)))
                name[0] = '\0';
            if (table || !name[0] || !listed(an, name))
                add(pr, name, type, table ? 't' : 'o', -1);
        }
    }
    sqlite3_finalize(st);
    return found;
}

/* " DEFAULT <expr>" of an argument whose stored default is d[0..n) (the translated
 * expression, printed back as a column default is: lg_pg_default). */
static void append_default(sqlite3 *db, const char *d, size_t n, uint32_t type, sqlite3_str *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT lg_pg_default(?1, ?2)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, d, (int)n, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, type);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            sqlite3_str_appendf(out, " DEFAULT %s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
}

/* The default of IN argument k (its text in defs), or NULL with *n 0. */
static const char *default_of(const char *defs, int k, size_t *n)
{
    for (int i = 0; i < k && defs; i++) {
        defs = strchr(defs, '\x1e');
        defs = defs ? defs + 1 : NULL;
    }
    *n = defs ? strcspn(defs, "\x1e") : 0;
    return *n ? defs : NULL;
}

static void arguments(sqlite3 *db, const proc_t *pr, bool defaults, sqlite3_str *out)
{
    char ty[128];
    int shown = 0;
    for (int i = 0; i < pr->n; i++) {
        const proc_param_t *p = &pr->p[i];
        if (p->mode == 't')
            continue;
        catalog__format_type_db(db, p->type, -1, ty, sizeof(ty));
        sqlite3_str_appendf(out, "%s%s%s%s%s", shown++ ? ", " : "",
                            p->mode == 'o'   ? "OUT "
                            : p->mode == 'b' ? "INOUT "
                                             : "",
                            p->name, p->name[0] ? " " : "", ty);
        size_t dn;
        const char *d = defaults && p->arg >= 0 ? default_of(pr->defaults, p->arg, &dn) : NULL;
        if (d)
            append_default(db, d, dn, p->type, out);
    }
}

static void result(sqlite3 *db, const proc_t *pr, sqlite3_str *out)
{
    char ty[128];
    if (!pr->retset || pr->rettype != PROC_RECORD_OID || pr->n == 0 ||
        pr->p[pr->n - 1].mode != 't') {
        catalog__format_type_db(db, pr->rettype, -1, ty, sizeof(ty));
        sqlite3_str_appendf(out, "%s%s", pr->retset ? "SETOF " : "", ty);
        return;
    }
    sqlite3_str_appendall(out, "TABLE(");
    int shown = 0;
    for (int i = 0; i < pr->n; i++) {
        if (pr->p[i].mode != 't')
            continue;
        catalog__format_type_db(db, pr->p[i].type, -1, ty, sizeof(ty));
        sqlite3_str_appendf(out, "%s%s %s", shown++ ? ", " : "", pr->p[i].name, ty);
    }
    sqlite3_str_appendchar(out, 1, ')');
}

/* what: 'r' result, 'a' arguments with defaults, 'i' identity arguments. */
static void function_text(sqlite3_context *ctx, sqlite3_value *oid, char what)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    proc_t *pr = malloc(sizeof(*pr));
    if (pr && load(db, oid, pr) && !(what == 'r' && pr->procedure)) {
        sqlite3_str *out = sqlite3_str_new(db);
        if (what == 'r')
            result(db, pr, out);
        else
            arguments(db, pr, what == 'a', out);
        sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
    }
    free(pr);
}

static void fn_function_result(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    function_text(ctx, argv[0], 'r');
}

static void fn_function_arguments(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    function_text(ctx, argv[0], 'a');
}

static void fn_function_identity_arguments(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    function_text(ctx, argv[0], 'i');
}

static void fn_proc_args(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *what = (const char *)sqlite3_value_text(argv[1]);
    proc_t *pr = malloc(sizeof(*pr));
    if (!pr || !what || !load(db, argv[0], pr)) {
        free(pr);
        return;
    }
    bool all_in = true, named = false;
    for (int i = 0; i < pr->n; i++) {
        all_in &= pr->p[i].mode == 'i';
        named |= pr->p[i].name[0] != '\0';
    }
    if ((what[0] == 'n' && named) || (what[0] != 'n' && !all_in)) {
        sqlite3_str *out = sqlite3_str_new(db);
        sqlite3_str_appendchar(out, 1, '{');
        for (int i = 0; i < pr->n; i++) {
            sqlite3_str_appendall(out, i ? "," : "");
            if (what[0] == 't')
                sqlite3_str_appendf(out, "%u", pr->p[i].type);
            else if (what[0] == 'm')
                sqlite3_str_appendchar(out, 1, pr->p[i].mode);
            else
                sqlite3_str_appendf(out, "%s", pr->p[i].name[0] ? pr->p[i].name : "\"\"");
        }
        sqlite3_str_appendchar(out, 1, '}');
        sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
    }
    free(pr);
}

int catalog__fn_proc_register(sqlite3 *db)
{
    static const catalog_fn_def_t k_fns[] = {
        {"pg_get_function_result", 1, fn_function_result},
        {"pg_get_function_arguments", 1, fn_function_arguments},
        {"pg_get_function_identity_arguments", 1, fn_function_identity_arguments},
        {"lg_proc_args", 2, fn_proc_args},
    };
    return catalog__create_fns(db, k_fns, sizeof(k_fns) / sizeof(k_fns[0]));
}
