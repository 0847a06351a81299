/* exec_pl_run.c - the PL/pgSQL interpreter: runs a compiled function's action tree
 * (exec_pl_compile.c) in a frame of variable values.
 *
 * Statements: blocks (DECLARE defaults, BEGIN ... EXCEPTION WHEN cond THEN ... END, each
 * protected block inside a SAVEPOINT), := assignment (to variables and record fields),
 * IF/ELSIF/ELSE, LOOP, WHILE, FOR i IN [REVERSE] a..b [BY s], FOR rec IN query,
 * FOREACH x IN ARRAY a, EXIT /
 * CONTINUE [label] [WHEN], RETURN, RAISE (levels below EXCEPTION are dropped; % params;
 * USING ERRCODE / MESSAGE / DETAIL / HINT; condition names; bare RAISE re-raises in a
 * handler), ASSERT, PERFORM, CASE, GET DIAGNOSTICS ROW_COUNT, SQL statements with INTO
 * [STRICT], EXECUTE string [INTO] [USING] (DML and queries), and in set-returning
 * functions RETURN NEXT / RETURN QUERY [EXECUTE] (rows collected as JSON for lg_udf_set).
 * Anything else (cursors, COMMIT) fails with 0A000 naming it.
 * Worker thread (the connection's). */
#include "exec_pl.h"
#include "exec_int.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include "pgtype.h"
#include <ctype.h>
#include <math.h>
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { RC_OK = 0, RC_ERR = -1, RC_RETURN = 1, RC_EXIT = 2, RC_CONTINUE = 3 };

#define PL_RECORD_OID 2249 /* RETURNS TABLE (...) is SETOF record */

static int exec_stmts(pl_frame_t *f, const pj_t *list);

/* ---- errors and RAISE ---- */

static bool condition_matches(const char *cond, const char *state)
{
    if (!strcasecmp(cond, "others"))
        return strcmp(state, "57014") != 0;
    const char *code = pl_condition_sqlstate(cond);
    if (!code)
        return false;
    if (!strcmp(code + 2, "000"))
        return !strncmp(code, state, 2);
    return !strcmp(code, state);
}

/* Text of the value (NULL -> "<NULL>"), as PostgreSQL's output function prints it. */
static int eval_text(pl_frame_t *f, const pj_t *e, char *buf, size_t cap)
{
    sqlite3_value *v = NULL;
    if (pl_eval(f, e, "text", &v) != 0)
        return -1;
    const unsigned char *t = v ? sqlite3_value_text(v) : NULL;
    snprintf(buf, cap, "%s", t ? (const char *)t : "<NULL>");
    sqlite3_value_free(v);
    return 0;
}

static int format_message(pl_frame_t *f, const char *fmt, const pj_t *params, char *out, size_t cap)
{
    size_t o = 0;
    int k = 0;
    for (const char *p = fmt; *p && o + 1 < cap; p++) {
        if (*p == '%' && p[1] == '%') {
            out[o++] = '%';
            p++;
        } else if (*p == '%' && params && k < params->n) {
            char val[512];
            const pj_t *eb;
            pj_node(params->items[k++], &eb);
            if (eval_text(f, eb, val, sizeof(val)) != 0)
                return -1;
            int w = snprintf(out + o, cap - o, "%s", val);
            o += w > 0 ? ((size_t)w < cap - o ? (size_t)w : cap - o - 1) : 0;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
    return 0;
}

static int raise_options(pl_frame_t *f, const pj_t *opts, pl_err_t *e)
{
    for (int i = 0; opts && i < opts->n; i++) {
        const pj_t *ob, *eb;
        pj_node(opts->items[i], &ob);
        pj_node(pj_get(ob, "expr"), &eb);
        char val[1024];
        if (eval_text(f, eb, val, sizeof(val)) != 0)
            return -1;
        switch (pj_int(ob, "opt_type")) {
        case 0: {
            const char *code = pl_condition_sqlstate(val);
            if (!code)
                return PL_ERR_SET(&f->err, "42704", "unrecognized exception condition \"%s\"", val);
            snprintf(e->sqlstate, sizeof(e->sqlstate), "%s", code);
            break;
        }
        case 1:
            snprintf(e->msg, sizeof(e->msg), "%.1000s", val);
            break;
        case 3:
            snprintf(e->hint, sizeof(e->hint), "%.250s", val);
            break;
        default:
            break; /* DETAIL, COLUMN, ...: not carried */
        }
    }
    return 0;
}

static int stmt_raise(pl_frame_t *f, const pj_t *s)
{
    int level = (int)pj_int(s, "elog_level");
    const char *msg = pj_str(s, "message");
    const char *cond = pj_str(s, "condname");
    const pj_t *opts = pj_get(s, "options");
    if (level >= 21 && !msg[0] && !cond[0] && !opts) {
        if (!f->has_caught)
            return PL_ERR_SET(&f->err, "0Z002",
                              "RAISE without parameters cannot be used outside an exception "
                              "handler");
        f->err = f->caught;
        return RC_ERR;
    }
    pl_err_t e = {.sqlstate = "P0001"};
    if (cond[0]) {
        const char *code = pl_condition_sqlstate(cond);
        if (!code)
            return PL_ERR_SET(&f->err, "42704", "unrecognized exception condition \"%s\"", cond);
        snprintf(e.sqlstate, sizeof(e.sqlstate), "%s", code);
        snprintf(e.msg, sizeof(e.msg), "%s", cond);
    }
    if (msg[0] && format_message(f, msg, pj_get(s, "params"), e.msg, sizeof(e.msg)) != 0)
        return RC_ERR;
    if (raise_options(f, opts, &e) != 0)
        return RC_ERR;
    if (level < 21) { /* NOTICE / WARNING / INFO / LOG / DEBUG go to the client */
        bool coded = cond[0] || strcmp(e.sqlstate, "P0001") != 0;
        const char *sev = level >= 19   ? "WARNING"
                          : level >= 18 ? "NOTICE"
                          : level >= 17 ? "INFO"
                          : level >= 15 ? "LOG"
                                        : "DEBUG";
        exec__client_notice(sev,
                            coded         ? e.sqlstate
                            : level >= 19 ? "01000"
                                          : "00000",
                            e.msg, e.hint);
        return RC_OK;
    }
    f->err = e;
    return RC_ERR;
}

/* ---- blocks ---- */

/* kind 0 SAVEPOINT, 1 RELEASE, 2 ROLLBACK TO + RELEASE of savepoint lg_pl_<n>. */
static int sp_exec(pl_frame_t *f, int kind, int n)
{
    char sql[128];
    if (kind == 0)
        snprintf(sql, sizeof(sql), "SAVEPOINT lg_pl_%d", n);
    else if (kind == 1)
        snprintf(sql, sizeof(sql), "RELEASE lg_pl_%d", n);
    else
        snprintf(sql, sizeof(sql), "ROLLBACK TO lg_pl_%d; RELEASE lg_pl_%d", n, n);
    int rc = sqlite3_exec(f->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK && !f->err.sqlstate[0])
        exec_pl_sqlite_err(f->db, rc, &f->err);
    return rc == SQLITE_OK ? 0 : -1;
}

static void set_text_var(pl_frame_t *f, const char *name, const char *text)
{
    for (int i = f->fn->ndatums - 1; i >= 0; i--) {
        if (f->fn->datums[i].kind != PD_VAR || strcmp(f->fn->datums[i].name, name) != 0)
            continue;
        sqlite3_stmt *st = NULL;
        sqlite3_value_free(f->vars[i]);
        f->vars[i] = NULL;
        if (sqlite3_prepare_v2(f->db, "SELECT ?1", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW)
                f->vars[i] = sqlite3_value_dup(sqlite3_column_value(st, 0));
        }
        sqlite3_finalize(st);
        return;
    }
}

/* The handler of excs for SQLSTATE state: true when one matches; *action is its statement
 * list (NULL for an empty one, as in WHEN ... THEN NULL). */
static bool find_handler(const pj_t *excs, const char *state, const pj_t **action)
{
    const pj_t *eb;
    pj_node(excs, &eb);
    const pj_t *list = pj_get(eb, "exc_list");
    for (int i = 0; list && i < list->n; i++) {
        const pj_t *x;
        pj_node(list->items[i], &x);
        const pj_t *conds = pj_get(x, "conditions");
        for (int k = 0; conds && k < conds->n; k++) {
            const pj_t *cb;
            pj_node(conds->items[k], &cb);
            const char *name = pj_str(cb, "condname");
            const char *code = pj_str(cb, "sqlerrstate");
            if ((name[0] && condition_matches(name, state)) || (code[0] && !strcmp(code, state))) {
                *action = pj_get(x, "action");
                return true;
            }
        }
    }
    return false;
}

static int run_handler(pl_frame_t *f, const pj_t *action)
{
    pl_err_t saved = f->caught;
    bool had = f->has_caught;
    f->caught = f->err;
    f->has_caught = true;
    set_text_var(f, "sqlstate", f->err.sqlstate);
    set_text_var(f, "sqlerrm", f->err.msg);
    memset(&f->err, 0, sizeof(f->err));
    int rc = exec_stmts(f, action);
    f->caught = saved;
    f->has_caught = had;
    return rc;
}

static int stmt_block(pl_frame_t *f, const pj_t *s)
{
    const pj_t *excs = pj_get(s, "exceptions");
    const char *label = pj_str(s, "label");
    if (!excs) {
        int rc = exec_stmts(f, pj_get(s, "body"));
        if (rc == RC_EXIT && label[0] && !strcmp(f->exit_label, label))
            return RC_OK;
        return rc;
    }
    int n = ++f->savepoints;
    if (sp_exec(f, 0, n) != 0)
        return RC_ERR;
    int rc = exec_stmts(f, pj_get(s, "body"));
    if (rc != RC_ERR) {
        f->savepoints--;
        return sp_exec(f, 1, n) != 0 ? RC_ERR : rc;
    }
    pl_err_t err = f->err;
    memset(&f->err, 0, sizeof(f->err));
    int sp = sp_exec(f, 2, n);
    f->savepoints--;
    f->err = err;
    if (sp != 0)
        return RC_ERR;
    const pj_t *action = NULL;
    return find_handler(excs, err.sqlstate, &action) ? run_handler(f, action) : RC_ERR;
}

/* ---- loops ---- */

/* Outcome of one loop iteration: 1 go on, 0 leave the loop with RC_OK, else rc to return. */
static int loop_step(pl_frame_t *f, int rc, const char *label, int *out)
{
    bool mine = !f->exit_label[0] || (label[0] && !strcmp(f->exit_label, label));
    if (rc == RC_CONTINUE && mine) {
        f->exit_label[0] = '\0';
        return 1;
    }
    if (rc == RC_EXIT && mine) {
        f->exit_label[0] = '\0';
        *out = RC_OK;
        return 0;
    }
    if (rc == RC_OK)
        return 1;
    *out = rc;
    return 0;
}

static int stmt_loop(pl_frame_t *f, const pj_t *s, bool is_while)
{
    const char *label = pj_str(s, "label");
    for (;;) {
        if (is_while) {
            int c = pl_cond(f, pj_get(pj_get(s, "cond"), "PLpgSQL_expr"));
            if (c < 0)
                return RC_ERR;
            if (!c)
                return RC_OK;
        }
        int out = RC_OK;
        if (!loop_step(f, exec_stmts(f, pj_get(s, "body")), label, &out))
            return out;
    }
}

static int eval_int(pl_frame_t *f, const pj_t *wrapped, int64_t *v, bool *isnull)
{
    sqlite3_value *x = NULL;
    const pj_t *eb;
    pj_node(wrapped, &eb);
    if (pl_eval(f, eb, "int8", &x) != 0)
        return -1;
    *isnull = !x;
    *v = x ? sqlite3_value_int64(x) : 0;
    sqlite3_value_free(x);
    return 0;
}

static int stmt_fori(pl_frame_t *f, const pj_t *s)
{
    const pj_t *vb;
    pj_node(pj_get(s, "var"), &vb);
    char name[64];
    snprintf(name, sizeof(name), "%s", pj_str(vb, "refname"));
    int dno = pl_find_var(f->fn, name);
    int64_t lo, hi, step = 1;
    bool n1, n2, n3 = false;
    if (dno < 0 || eval_int(f, pj_get(s, "lower"), &lo, &n1) != 0 ||
        eval_int(f, pj_get(s, "upper"), &hi, &n2) != 0 ||
        (pj_get(s, "step") && eval_int(f, pj_get(s, "step"), &step, &n3) != 0))
        return RC_ERR;
    if (n1 || n2 || n3)
        return PL_ERR_SET(&f->err, "22004", "lower bound of FOR loop cannot be null");
    if (step <= 0)
        return PL_ERR_SET(&f->err, "22023", "BY value of FOR loop must be greater than zero");
    if (!f->fn->datums[dno].type)
        f->fn->datums[dno].type = PGTYPE_INT4;
    bool rev = pj_bool(s, "reverse");
    const char *label = pj_str(s, "label");
    for (int64_t i = lo; rev ? i >= hi : i <= hi; i += rev ? -step : step) {
        sqlite3_value_free(f->vars[dno]);
        f->vars[dno] = pl_make_int(f, i);
        int out = RC_OK;
        if (!loop_step(f, exec_stmts(f, pj_get(s, "body")), label, &out))
            return out;
    }
    return RC_OK;
}

/* FOREACH x IN ARRAY expr LOOP (arrays are stored as JSON arrays) */
static int stmt_foreach(pl_frame_t *f, const pj_t *s)
{
    if (pj_int(s, "slice") != 0)
        return PL_ERR_SET(&f->err, "0A000", "FOREACH ... SLICE is not supported");
    const pj_t *eb;
    pj_node(pj_get(s, "expr"), &eb);
    sqlite3_value *arr = NULL;
    if (pl_eval(f, eb, "", &arr) != 0)
        return RC_ERR;
    if (!arr)
        return PL_ERR_SET(&f->err, "22004", "FOREACH expression must not be null");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(f->db, "SELECT value FROM json_each(?1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_value(st, 1, arr);
    int out = RC_OK, dno = (int)pj_int(s, "varno");
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (pl_assign(f, dno,
                      sqlite3_column_type(st, 0) == SQLITE_NULL
                          ? NULL
                          : sqlite3_column_value(st, 0)) != 0) {
            out = RC_ERR;
            break;
        }
        if (!loop_step(f, exec_stmts(f, pj_get(s, "body")), pj_str(s, "label"), &out))
            break;
        rc = SQLITE_OK;
    }
    if (out == RC_OK && rc != SQLITE_DONE && rc != SQLITE_OK && rc != SQLITE_ROW) {
        exec_pl_sqlite_err(f->db, rc, &f->err);
        out = RC_ERR;
    }
    sqlite3_finalize(st);
    sqlite3_value_free(arr);
    return out;
}

typedef struct fors_ctx {
    const pj_t *s;
    const pj_t *target;
    int rc;
} fors_ctx_t;

/* Assigns a row to a FOR / INTO target node (PLpgSQL_row or PLpgSQL_rec). */
static int assign_target(pl_frame_t *f, const pj_t *target, const pl_rec_t *row)
{
    const pj_t *tb;
    const char *kind = pj_node(target, &tb);
    if (!strcmp(kind, "PLpgSQL_rec"))
        return pl_assign_row(f, (int)pj_int(tb, "dno"), row);
    const pj_t *fl = pj_get(tb, "fields");
    if (!fl || fl->n == 0)
        return PL_ERR_SET(&f->err, "0A000", "this INTO / FOR target is not supported");
    if (fl->n == 1)
        return pl_assign_row(f, (int)pj_int(fl->items[0], "varno"), row);
    for (int i = 0; i < fl->n; i++)
        if (pl_assign(f, (int)pj_int(fl->items[i], "varno"),
                      i < row->n && !row->isnull ? row->vals[i] : NULL) != 0)
            return -1;
    return 0;
}

static int fors_row(pl_frame_t *f, const pl_rec_t *row, void *arg)
{
    fors_ctx_t *c = arg;
    if (assign_target(f, c->target, row) != 0) {
        c->rc = RC_ERR;
        return -1;
    }
    int out = RC_OK;
    if (loop_step(f, exec_stmts(f, pj_get(c->s, "body")), pj_str(c->s, "label"), &out))
        return 1;
    c->rc = out;
    return out == RC_ERR ? -1 : 0;
}

static int stmt_fors(pl_frame_t *f, const pj_t *s)
{
    fors_ctx_t c = {.s = s, .target = pj_get(s, "var"), .rc = RC_OK};
    const pj_t *qb;
    pj_node(pj_get(s, "query"), &qb);
    int rc = pl_exec_sql(f, qb, -1, false, fors_row, &c);
    if (rc < 0 && c.rc == RC_OK)
        return RC_ERR;
    return c.rc;
}

/* ---- other statements ---- */

static int stmt_if(pl_frame_t *f, const pj_t *s)
{
    const pj_t *cb;
    pj_node(pj_get(s, "cond"), &cb);
    int c = pl_cond(f, cb);
    if (c < 0)
        return RC_ERR;
    if (c)
        return exec_stmts(f, pj_get(s, "then_body"));
    const pj_t *el = pj_get(s, "elsif_list");
    for (int i = 0; el && i < el->n; i++) {
        const pj_t *eb, *ecb;
        pj_node(el->items[i], &eb);
        pj_node(pj_get(eb, "cond"), &ecb);
        c = pl_cond(f, ecb);
        if (c < 0)
            return RC_ERR;
        if (c)
            return exec_stmts(f, pj_get(eb, "stmts"));
    }
    return exec_stmts(f, pj_get(s, "else_body"));
}

static int stmt_exit(pl_frame_t *f, const pj_t *s)
{
    const pj_t *cond = pj_get(s, "cond");
    if (cond) {
        const pj_t *cb;
        pj_node(cond, &cb);
        int c = pl_cond(f, cb);
        if (c <= 0)
            return c < 0 ? RC_ERR : RC_OK;
    }
    snprintf(f->exit_label, sizeof(f->exit_label), "%s", pj_str(s, "label"));
    return pj_bool(s, "is_exit") ? RC_EXIT : RC_CONTINUE;
}

/* RETURN of a trigger function: NEW, OLD, NULL or coalesce(NEW, OLD). */
static int return_record(pl_frame_t *f, const char *q)
{
    char t[128];
    pl_lower_trim(t, sizeof(t), q);
    const char *names[2] = {t, NULL};
    char a[64] = "", b[64] = "";
    if (!strncmp(t, "coalesce(", 9) && sscanf(t + 9, " %63[a-z_] , %63[a-z_] )", a, b) == 2) {
        names[0] = a;
        names[1] = b;
    }
    if (!strcmp(t, "null")) {
        f->ret_null = true;
        return RC_RETURN;
    }
    for (int k = 0; k < 2 && names[k]; k++) {
        int dno = -1;
        for (int i = f->fn->ndatums - 1; i >= 0 && dno < 0; i--)
            if (f->fn->datums[i].kind == PD_REC && !strcmp(f->fn->datums[i].name, names[k]))
                dno = i;
        if (dno < 0)
            return PL_ERR_SET(&f->err, "0A000",
                              "RETURN %s in a trigger function is not "
                              "supported (use NEW, OLD or NULL)",
                              q);
        if (!f->recs[dno].isnull) {
            f->ret_rec = lg_xcalloc(1, sizeof(pl_rec_t));
            pl_rec_copy(f->ret_rec, &f->recs[dno]);
            return RC_RETURN;
        }
    }
    f->ret_null = true;
    return RC_RETURN;
}

static int stmt_return(pl_frame_t *f, const pj_t *s)
{
    const pj_t *eb = NULL;
    pj_node(pj_get(s, "expr"), &eb);
    if (!eb)
        return RC_RETURN;
    if (f->fn->is_trigger)
        return return_record(f, pj_str(eb, "query"));
    return pl_eval(f, eb, "", &f->ret) != 0 ? RC_ERR : RC_RETURN;
}

/* ---- set-returning functions: RETURN NEXT / RETURN QUERY ---- */

static void json_str(lg_buf_t *b, const char *v)
{
    lg_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\')
            lg_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            lg_buf_printf(b, "\\u%04x", *p);
        else
            lg_buf_putc(b, *p);
    }
    lg_buf_putc(b, '"');
}

/* One row of values as a JSON array; numbers and text keep SQLite's storage class. */
static int set_row(pl_frame_t *f, sqlite3_value *const *vals, int n)
{
    lg_buf_t *b = f->set;
    lg_buf_append(b, b->len > 1 ? ",[" : "[", b->len > 1 ? 2 : 1);
    for (int i = 0; i < n; i++) {
        sqlite3_value *v = vals[i];
        lg_buf_append(b, i ? "," : "", i ? 1 : 0);
        switch (v ? sqlite3_value_type(v) : SQLITE_NULL) {
        case SQLITE_NULL:
            lg_buf_append(b, "null", 4);
            break;
        case SQLITE_INTEGER:
            lg_buf_printf(b, "%lld", (long long)sqlite3_value_int64(v));
            break;
        case SQLITE_FLOAT: {
            double d = sqlite3_value_double(v);
            if (isfinite(d))
                lg_buf_printf(b, "%.17g", d);
            else
                json_str(b, isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            break;
        }
        case SQLITE_TEXT:
            json_str(b, (const char *)sqlite3_value_text(v));
            break;
        default:
            return PL_ERR_SET(&f->err, "0A000",
                              "bytea values in the rows of a set-returning PL/pgSQL function are "
                              "not supported");
        }
    }
    lg_buf_putc(b, ']');
    return b->failed ? PL_ERR_SET(&f->err, "54000", "result of a set-returning function too large")
                     : RC_OK;
}

/* The parameter variable called `name` (the first datum of that name), -1 if none. */
static int param_var(const pl_func_t *fn, const char *name)
{
    for (int i = 0; i < fn->ndatums; i++)
        if (fn->datums[i].kind == PD_VAR && !strcmp(fn->datums[i].name, name))
            return i;
    return -1;
}

/* RETURNS TABLE (...) and OUT parameters: the result columns are variables. */
static bool has_out_columns(const pl_func_t *fn)
{
    const translate_fndef_t *d = &fn->def;
    if (d->nout < 1 || (d->retset && d->rettype != PL_RECORD_OID))
        return false;
    for (int k = 0; k < d->nout; k++)
        if (param_var(fn, d->outnames[k]) < 0)
            return false;
    return true;
}

/* One row of the result columns' current values. */
static int out_row(pl_frame_t *f)
{
    sqlite3_value *vals[TRANSLATE_FN_MAX_ARGS];
    int n = f->fn->def.nout;
    for (int k = 0; k < n; k++)
        vals[k] = f->vars[param_var(f->fn, f->fn->def.outnames[k])];
    return set_row(f, vals, n);
}

/* RETURN NEXT r (written "(r)") in a function returning rows (SETOF some_table), r a
 * record variable holding a row: that row; else NULL. */
static const pl_rec_t *returned_record(const pl_frame_t *f, const char *q)
{
    char name[64];
    if (f->fn->def.rettype != PL_RECORD_OID || !q || sscanf(q, " ( %63[A-Za-z0-9_] )", name) != 1)
        return NULL;
    for (int i = f->fn->ndatums - 1; i >= 0; i--)
        if (strcasecmp(f->fn->datums[i].name, name) == 0)
            return !f->recs[i].isnull && f->recs[i].n > 0 ? &f->recs[i] : NULL;
    return NULL;
}

static int stmt_return_next(pl_frame_t *f, const pj_t *s)
{
    if (!f->set)
        return PL_ERR_SET(&f->err, "42804", "cannot use RETURN NEXT in a non-SETOF function");
    if (has_out_columns(f->fn)) /* "RETURN NEXT NULL" (translate_fn_plpgsql_prepare) */
        return out_row(f);
    const pj_t *eb = NULL;
    pj_node(pj_get(s, "expr"), &eb);
    if (!eb)
        return PL_ERR_SET(&f->err, "42601", "RETURN NEXT must have a parameter");
    const pl_rec_t *rec = returned_record(f, pj_str(eb, "query"));
    if (rec)
        return set_row(f, rec->vals, rec->n);
    sqlite3_value *v = NULL;
    int rc = pl_eval(f, eb, "", &v) != 0 ? RC_ERR : set_row(f, &v, 1);
    sqlite3_value_free(v);
    return rc;
}

static int query_row(pl_frame_t *f, const pl_rec_t *row, void *arg)
{
    (void)arg;
    if (row->n != f->fn->def.nout) {
        PL_ERR_SET(&f->err, "42804", "structure of query does not match function result type");
        return -1;
    }
    return set_row(f, row->vals, row->n) == RC_OK ? 1 : -1;
}

/* EXECUTE string [USING ...]: the query text from node qb (22004 when NULL), run with the
 * USING values, each row to cb. */
static int run_dynamic(pl_frame_t *f, const pj_t *qb, const pj_t *ps, pl_row_cb cb, void *arg)
{
    sqlite3_value *q = NULL;
    if (pl_eval(f, qb, "text", &q) != 0)
        return RC_ERR;
    if (!q)
        return PL_ERR_SET(&f->err, "22004", "query string argument of EXECUTE is null");
    int n = ps ? ps->n : 0;
    sqlite3_value **vals = lg_xcalloc((size_t)n + 1, sizeof(sqlite3_value *));
    int rc = RC_OK;
    for (int i = 0; i < n && rc == RC_OK; i++) {
        const pj_t *eb;
        pj_node(ps->items[i], &eb);
        rc = pl_eval(f, eb, "", &vals[i]) != 0 ? RC_ERR : RC_OK;
    }
    if (rc == RC_OK &&
        pl_exec_dynamic(f, (const char *)sqlite3_value_text(q), n, vals, cb, arg) != 0)
        rc = RC_ERR;
    for (int i = 0; i < n; i++)
        sqlite3_value_free(vals[i]);
    free(vals);
    sqlite3_value_free(q);
    return rc;
}

static int stmt_return_query(pl_frame_t *f, const pj_t *s)
{
    if (!f->set)
        return PL_ERR_SET(&f->err, "42804", "cannot use RETURN QUERY in a non-SETOF function");
    const pj_t *qb = NULL;
    pj_node(pj_get(s, "query"), &qb);
    if (!qb) { /* RETURN QUERY EXECUTE string [USING ...] */
        pj_node(pj_get(s, "dynquery"), &qb);
        if (!qb)
            return PL_ERR_SET(&f->err, "42601", "RETURN QUERY needs a query");
        return run_dynamic(f, qb, pj_get(s, "params"), query_row, NULL);
    }
    return pl_exec_sql(f, qb, -1, false, query_row, NULL) != 0 ? RC_ERR : RC_OK;
}

typedef struct into_ctx {
    const pj_t *target;
    int rows;
} into_ctx_t;

static int into_row(pl_frame_t *f, const pl_rec_t *row, void *arg)
{
    into_ctx_t *c = arg;
    if (c->rows++ == 0 && assign_target(f, c->target, row) != 0)
        return -1;
    return 1;
}

static int stmt_execsql(pl_frame_t *f, const pj_t *s)
{
    const pj_t *qb;
    pj_node(pj_get(s, "sqlstmt"), &qb);
    if (!pj_bool(s, "into"))
        return pl_exec_sql(f, qb, -1, false, NULL, NULL) != 0 ? RC_ERR : RC_OK;
    into_ctx_t c = {.target = pj_get(s, "target")};
    if (pl_exec_sql(f, qb, -1, false, into_row, &c) != 0)
        return RC_ERR;
    if (pj_bool(s, "strict") && c.rows != 1)
        return PL_ERR_SET(&f->err, c.rows ? "P0003" : "P0002",
                          c.rows ? "query returned more than one row" : "query returned no rows");
    if (c.rows == 0) {
        pl_rec_t empty = {.isnull = true};
        return assign_target(f, c.target, &empty) != 0 ? RC_ERR : RC_OK;
    }
    return RC_OK;
}

/* EXECUTE string [INTO [STRICT] target] [USING expr, ...] */
static int stmt_dynexecute(pl_frame_t *f, const pj_t *s)
{
    const pj_t *qb;
    pj_node(pj_get(s, "query"), &qb);
    into_ctx_t c = {.target = pj_get(s, "target")};
    bool into = pj_bool(s, "into");
    int rc = run_dynamic(f, qb, pj_get(s, "params"), into ? into_row : NULL, &c);
    if (rc == RC_OK && into && pj_bool(s, "strict") && c.rows != 1)
        rc = PL_ERR_SET(&f->err, c.rows ? "P0003" : "P0002",
                        c.rows ? "query returned more than one row" : "query returned no rows");
    if (rc == RC_OK && into && c.rows == 0) {
        pl_rec_t empty = {.isnull = true};
        rc = assign_target(f, c.target, &empty) != 0 ? RC_ERR : RC_OK;
    }
    return rc;
}

static int stmt_assert(pl_frame_t *f, const pj_t *s)
{
    const pj_t *cb;
    pj_node(pj_get(s, "cond"), &cb);
    int c = pl_cond(f, cb);
    if (c < 0)
        return RC_ERR;
    if (c)
        return RC_OK;
    char msg[512] = "assertion failed";
    const pj_t *mb = NULL;
    pj_node(pj_get(s, "message"), &mb);
    if (mb && eval_text(f, mb, msg, sizeof(msg)) != 0)
        return RC_ERR;
    return PL_ERR_SET(&f->err, "P0004", "%s", msg);
}

/* CASE [expr] WHEN ... THEN ... [ELSE ...] END CASE */
static int stmt_case(pl_frame_t *f, const pj_t *s)
{
    const pj_t *tb = NULL;
    pj_node(pj_get(s, "t_expr"), &tb);
    if (tb) {
        int dno = (int)pj_int(s, "t_varno");
        sqlite3_value *v = NULL;
        if (dno < 0 || dno >= f->fn->ndatums || pl_eval(f, tb, "", &v) != 0)
            return RC_ERR;
        sqlite3_value_free(f->vars[dno]);
        f->vars[dno] = v;
    }
    const pj_t *list = pj_get(s, "case_when_list");
    for (int i = 0; list && i < list->n; i++) {
        const pj_t *w, *cb;
        pj_node(list->items[i], &w);
        pj_node(pj_get(w, "expr"), &cb);
        int c = pl_cond(f, cb);
        if (c < 0)
            return RC_ERR;
        if (c)
            return exec_stmts(f, pj_get(w, "stmts"));
    }
    if (pj_bool(s, "have_else"))
        return exec_stmts(f, pj_get(s, "else_stmts"));
    return PL_ERR_SET(&f->err, "20000", "case not found");
}

/* GET DIAGNOSTICS var = ROW_COUNT */
static int stmt_getdiag(pl_frame_t *f, const pj_t *s)
{
    const pj_t *items = pj_get(s, "diag_items");
    for (int i = 0; items && i < items->n; i++) {
        const pj_t *it;
        pj_node(items->items[i], &it);
        if (strcmp(pj_str(it, "kind"), "ROW_COUNT") != 0 || pj_bool(s, "is_stacked"))
            return PL_ERR_SET(&f->err, "0A000", "GET DIAGNOSTICS %s is not supported",
                              pj_str(it, "kind"));
        sqlite3_value *v = pl_make_int(f, f->row_count);
        int rc = pl_assign(f, (int)pj_int(it, "target"), v);
        sqlite3_value_free(v);
        if (rc != 0)
            return RC_ERR;
    }
    return RC_OK;
}

static int exec_stmt(pl_frame_t *f, const pj_t *wrapped)
{
    const pj_t *s;
    const char *k = pj_node(wrapped, &s);
    if (!strcmp(k, "PLpgSQL_stmt_block"))
        return stmt_block(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_assign")) {
        const pj_t *eb;
        pj_node(pj_get(s, "expr"), &eb);
        return pl_eval_assign(f, (int)pj_int(s, "varno"), eb) != 0 ? RC_ERR : RC_OK;
    }
    if (!strcmp(k, "PLpgSQL_stmt_if"))
        return stmt_if(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_loop"))
        return stmt_loop(f, s, false);
    if (!strcmp(k, "PLpgSQL_stmt_while"))
        return stmt_loop(f, s, true);
    if (!strcmp(k, "PLpgSQL_stmt_fori"))
        return stmt_fori(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_fors"))
        return stmt_fors(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_exit"))
        return stmt_exit(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_return"))
        return f->set || has_out_columns(f->fn) ? RC_RETURN : stmt_return(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_return_next"))
        return stmt_return_next(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_return_query"))
        return stmt_return_query(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_raise"))
        return stmt_raise(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_assert"))
        return stmt_assert(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_case"))
        return stmt_case(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_dynexecute"))
        return stmt_dynexecute(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_foreach_a"))
        return stmt_foreach(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_getdiag"))
        return stmt_getdiag(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_execsql"))
        return stmt_execsql(f, s);
    if (!strcmp(k, "PLpgSQL_stmt_perform")) {
        const pj_t *eb;
        pj_node(pj_get(s, "expr"), &eb);
        return pl_exec_sql(f, eb, -1, false, NULL, NULL) != 0 ? RC_ERR : RC_OK;
    }
    char what[96];
    snprintf(what, sizeof(what), "%s", strncmp(k, "PLpgSQL_stmt_", 13) ? k : k + 13);
    return PL_ERR_SET(&f->err, "0A000", "PL/pgSQL statement %s is not supported", what);
}

static int exec_stmts(pl_frame_t *f, const pj_t *list)
{
    for (int i = 0; list && i < list->n; i++) {
        int rc = exec_stmt(f, list->items[i]);
        if (rc != RC_OK)
            return rc;
    }
    return RC_OK;
}

/* ---- activation ---- */

static int init_frame(pl_frame_t *f, int argc, sqlite3_value **argv, const pl_trig_t *trig)
{
    pl_func_t *fn = f->fn;
    f->vars = lg_xcalloc((size_t)fn->ndatums + 1, sizeof(sqlite3_value *));
    f->recs = lg_xcalloc((size_t)fn->ndatums + 1, sizeof(pl_rec_t));
    for (int i = 0; i < fn->ndatums; i++)
        f->recs[i].isnull = true;
    for (int i = 0; i < argc && i < fn->ndatums; i++)
        f->vars[i] = sqlite3_value_type(argv[i]) == SQLITE_NULL ? NULL : sqlite3_value_dup(argv[i]);
    if (trig && fn->new_dno >= 0 && fn->new_dno < fn->ndatums && trig->new_row)
        pl_rec_copy(&f->recs[fn->new_dno], trig->new_row);
    if (trig && fn->old_dno >= 0 && fn->old_dno < fn->ndatums && trig->old_row)
        pl_rec_copy(&f->recs[fn->old_dno], trig->old_row);
    if (fn->found_dno >= 0)
        f->vars[fn->found_dno] = pl_make_int(f, 0);
    for (int i = argc; i < fn->ndatums; i++) {
        const pl_datum_t *d = &fn->datums[i];
        if (d->kind != PD_VAR || !d->def)
            continue;
        sqlite3_value *v = NULL;
        if (pl_eval(f, d->def, strcmp(d->typname, "record") ? d->typname : "", &v) != 0)
            return -1;
        f->vars[i] = v;
    }
    return 0;
}

static void free_frame(pl_frame_t *f)
{
    for (int i = 0; i < f->fn->ndatums; i++) {
        sqlite3_value_free(f->vars[i]);
        pl_rec_clear(&f->recs[i]);
    }
    free(f->vars);
    free(f->recs);
}

static int run_frame(pl_frame_t *f, int argc, sqlite3_value **argv)
{
    pl_resolve_types(f->fn, f->db);
    int rc = init_frame(f, argc, argv, f->trig);
    if (rc != 0)
        return rc;
    rc = exec_stmt(f, f->fn->action);
    if (rc == RC_EXIT || rc == RC_CONTINUE)
        return PL_ERR_SET(&f->err, "42601", "%s cannot be used outside a loop",
                          rc == RC_EXIT ? "EXIT" : "CONTINUE");
    bool outs = !f->fn->def.retset && has_out_columns(f->fn);
    if (rc >= 0 && outs && f->set) /* OUT parameters: their values are the one row */
        return out_row(f);
    if (rc >= 0 && outs) { /* one OUT parameter, called as a scalar */
        sqlite3_value *v = f->vars[param_var(f->fn, f->fn->def.outnames[0])];
        f->ret = v ? sqlite3_value_dup(v) : NULL;
        return RC_OK;
    }
    if (rc == RC_OK && !f->set && f->fn->def.rettype != PGTYPE_VOID)
        return PL_ERR_SET(&f->err, "2F005", "control reached end of function without RETURN");
    return rc;
}

int pl_run_set(sqlite3 *db, pl_func_t *fn, int argc, sqlite3_value **argv, lg_buf_t *rows,
               pl_err_t *err)
{
    pl_frame_t f = {.db = db, .fn = fn, .set = rows};
    lg_buf_putc(rows, '[');
    int rc = run_frame(&f, argc, argv);
    lg_buf_putc(rows, ']');
    if (rc < 0) {
        *err = f.err;
        if (!err->sqlstate[0])
            PL_ERR_SET(err, "XX000", "PL/pgSQL function %s failed", fn->def.name);
    }
    sqlite3_value_free(f.ret);
    free_frame(&f);
    return rc < 0 ? -1 : 0;
}

int pl_run(sqlite3 *db, pl_func_t *fn, int argc, sqlite3_value **argv, const pl_trig_t *trig,
           sqlite3_value **ret, pl_rec_t **ret_rec, pl_err_t *err)
{
    pl_frame_t f = {.db = db, .fn = fn, .trig = trig};
    *ret = NULL;
    *ret_rec = NULL;
    int rc = run_frame(&f, argc, argv);
    if (rc < 0) {
        *err = f.err;
        if (!err->sqlstate[0])
            PL_ERR_SET(err, "XX000", "PL/pgSQL function %s failed", fn->def.name);
        sqlite3_value_free(f.ret);
        if (f.ret_rec) {
            pl_rec_clear(f.ret_rec);
            free(f.ret_rec);
        }
    } else {
        *ret = f.ret;
        *ret_rec = f.ret_rec;
    }
    free_frame(&f);
    return rc < 0 ? -1 : 0;
}
