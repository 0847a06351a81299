/* exec_pl_expr.c - PL/pgSQL expressions and SQL statements.
 *
 * The text of each PLpgSQL_expr is rewritten once per function (cached by its JSON node):
 * variable names become $n parameters, rec.field a parameter holding the field, a bare
 * record (or to_jsonb(rec) / row_to_json(rec)) a jsonb parameter holding the row as a
 * JSON object, TG_OP / TG_NAME / TG_TABLE_NAME / TG_WHEN / TG_LEVEL / TG_TABLE_SCHEMA
 * text parameters. The result ("SELECT <expr>" or the statement itself) is translated
 * with translate_sql, with the parameters' PostgreSQL types, and prepared on the calling
 * connection; the translation is redone only when a parameter's type changes. A
 * statement already running (recursion) gets a fresh prepared copy. FOR-loop queries are
 * read to the end before the loop body runs, as PostgreSQL's snapshot would see them.
 * Worker thread (the connection's). */
#include "exec_pl.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include "pgtype.h"
#include <ctype.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PR_VAR, PR_FIELD, PR_RECJSON, PR_TG };

typedef struct pl_pref {
    int kind;
    int dno;
    char field[64];
} pl_pref_t;

struct pl_expr {
    const pj_t *node;
    int mode; /* 0 expression, 1 statement, 2 assignment */
    char cast[96];
    char *text;
    int nparams;
    pl_pref_t params[64];
    uint32_t ptypes[64];
    translate_result_t *tr;
    sqlite3_stmt *st;
    bool busy;
    struct pl_expr *next;
};

void pl_exprs_free(pl_expr_t *list)
{
    for (pl_expr_t *e = list, *next; e; e = next) {
        next = e->next;
        free(e->text);
        if (e->tr)
            translate_result_unref(e->tr);
        sqlite3_finalize(e->st);
        free(e);
    }
}

static bool is_rec_datum(const pl_func_t *fn, int dno)
{
    const pl_datum_t *d = &fn->datums[dno];
    return d->kind == PD_REC || (d->kind == PD_VAR && !strcmp(d->typname, "record"));
}

/* The last datum called `name` (loop variables shadow earlier ones), -1 if none. */
static int find_datum(const pl_func_t *fn, const char *name)
{
    for (int i = fn->ndatums - 1; i >= 0; i--) {
        const pl_datum_t *d = &fn->datums[i];
        if ((d->kind == PD_VAR || d->kind == PD_REC) && !strcmp(d->name, name))
            return i;
    }
    return -1;
}

static const char *const k_tg_names[] = {"tg_op",    "tg_name",         "tg_table_name", "tg_when",
                                         "tg_level", "tg_table_schema", "tg_relname"};

static int tg_index(const char *id)
{
    for (size_t i = 0; i < sizeof(k_tg_names) / sizeof(k_tg_names[0]); i++)
        if (!strcmp(id, k_tg_names[i]))
            return (int)i;
    return -1;
}

static int add_param(pl_expr_t *x, int kind, int dno, const char *field)
{
    for (int i = 0; i < x->nparams; i++)
        if (x->params[i].kind == kind && x->params[i].dno == dno &&
            !strcmp(x->params[i].field, field))
            return i + 1;
    if (x->nparams >= 64)
        return -1;
    pl_pref_t *p = &x->params[x->nparams++];
    p->kind = kind;
    p->dno = dno;
    snprintf(p->field, sizeof(p->field), "%s", field);
    return x->nparams;
}

static void tok_ident(const char *s, const PgQuery__ScanToken *t, char *buf, size_t cap)
{
    size_t o = 0;
    bool q = s[t->start] == '"';
    for (int i = t->start + (q ? 1 : 0); i < t->end - (q ? 1 : 0) && o + 1 < cap; i++)
        buf[o++] = q ? s[i] : (char)tolower((unsigned char)s[i]);
    buf[o] = '\0';
}

static bool tok_is(const char *s, const PgQuery__ScanToken *t, char ch)
{
    return t->end - t->start == 1 && s[t->start] == ch;
}

static bool tok_word(const char *s, const PgQuery__ScanToken *t)
{
    unsigned char ch = (unsigned char)s[t->start];
    return t->token == PG_QUERY__TOKEN__IDENT ||
           (t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
            t->keyword_kind != PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD && isalpha(ch));
}

typedef struct rw {
    const char *s;
    PgQuery__ScanToken **tk;
    size_t n;
    lg_buf_t *b;
    int at;
} rw_t;

static void rw_replace(rw_t *r, int start, int end, int param)
{
    lg_buf_append(r->b, r->s + r->at, (size_t)(start - r->at));
    lg_buf_printf(r->b, "$%d", param);
    r->at = end;
}

/* Handles token i when it names a record; returns the next token index or -1. */
static long rw_record(rw_t *r, const pl_func_t *fn, pl_expr_t *x, size_t i, int dno)
{
    const char *s = r->s;
    PgQuery__ScanToken **tk = r->tk;
    if (i + 2 < r->n && tok_is(s, tk[i + 1], '.') && tok_word(s, tk[i + 2])) {
        char field[64];
        tok_ident(s, tk[i + 2], field, sizeof(field));
        rw_replace(r, tk[i]->start, tk[i + 2]->end, add_param(x, PR_FIELD, dno, field));
        return (long)i + 3;
    }
    (void)fn;
    if (i >= 2 && i + 1 < r->n && tok_is(s, tk[i - 1], '(') && tok_is(s, tk[i + 1], ')')) {
        char fname[64];
        tok_ident(s, tk[i - 2], fname, sizeof(fname));
        if ((!strcmp(fname, "to_jsonb") || !strcmp(fname, "to_json") ||
             !strcmp(fname, "row_to_json")) &&
            tk[i - 2]->start >= r->at) {
            rw_replace(r, tk[i - 2]->start, tk[i + 1]->end, add_param(x, PR_RECJSON, dno, ""));
            return (long)i + 2;
        }
    }
    rw_replace(r, tk[i]->start, tk[i]->end, add_param(x, PR_RECJSON, dno, ""));
    return (long)i + 1;
}

static const char *fn_short_name(const pl_func_t *fn)
{
    const char *dot = strrchr(fn->def.name, '.');
    return dot ? dot + 1 : fn->def.name;
}

static bool rw_skip(const rw_t *r, size_t i)
{
    const char *s = r->s;
    if (i > 0 && (tok_is(s, r->tk[i - 1], '.') || r->tk[i - 1]->token == PG_QUERY__TOKEN__AS))
        return true;
    return i + 1 < r->n && tok_is(s, r->tk[i + 1], '(');
}

/* In a statement, names that are never variables: SET targets ("SET col =" / ", col ="),
 * and the column lists of INSERT INTO t (...) and ON CONFLICT (...). Returns the index
 * after a column list starting at i, or i. */
static size_t rw_column_list(const rw_t *r, size_t i)
{
    const char *s = r->s;
    PgQuery__ScanToken **tk = r->tk;
    size_t k = i;
    if (tk[i]->token == PG_QUERY__TOKEN__INTO && i + 1 < r->n && tok_word(s, tk[i + 1])) {
        k = i + 2;
        if (k + 1 < r->n && tok_is(s, tk[k], '.'))
            k += 2;
    } else if (tk[i]->token == PG_QUERY__TOKEN__CONFLICT) {
        k = i + 1;
    } else {
        return i;
    }
    if (k >= r->n || !tok_is(s, tk[k], '('))
        return i;
    for (int depth = 0; k < r->n; k++) {
        depth += tok_is(s, tk[k], '(') ? 1 : tok_is(s, tk[k], ')') ? -1 : 0;
        if (depth == 0)
            return k + 1;
    }
    return k;
}

static bool rw_set_target(const rw_t *r, size_t i)
{
    return i > 0 && i + 1 < r->n && tok_is(r->s, r->tk[i + 1], '=') &&
           (r->tk[i - 1]->token == PG_QUERY__TOKEN__SET || tok_is(r->s, r->tk[i - 1], ','));
}

/* Rewrites `src` into x->text; -1 when it does not scan. */
static int rewrite(const pl_func_t *fn, pl_expr_t *x, const char *src, bool trig)
{
    PgQueryScanResult sr = pg_query_scan(src);
    PgQuery__ScanResult *sc =
        sr.error ? NULL
                 : pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
    if (!sc) {
        pg_query_free_scan_result(sr);
        return -1;
    }
    lg_buf_t b;
    lg_buf_init(&b, 16u << 20);
    rw_t r = {.s = src, .tk = sc->tokens, .n = sc->n_tokens, .b = &b};
    for (size_t i = 0; i < r.n;) {
        size_t after = x->mode == 1 ? rw_column_list(&r, i) : i;
        if (after != i) {
            i = after;
            continue;
        }
        if (!tok_word(src, r.tk[i]) || rw_skip(&r, i) || (x->mode == 1 && rw_set_target(&r, i))) {
            i++;
            continue;
        }
        char id[64];
        tok_ident(src, r.tk[i], id, sizeof(id));
        if (i + 2 < r.n && tok_is(src, r.tk[i + 1], '.') && tok_word(src, r.tk[i + 2]) &&
            !strcmp(id, fn_short_name(fn))) { /* fname.param */
            char pn[64];
            tok_ident(src, r.tk[i + 2], pn, sizeof(pn));
            int pd = find_datum(fn, pn);
            if (pd >= 0 && pd < fn->def.nargs) {
                rw_replace(&r, r.tk[i]->start, r.tk[i + 2]->end, add_param(x, PR_VAR, pd, ""));
                i += 3;
                continue;
            }
        }
        int dno = find_datum(fn, id);
        int tg = trig ? tg_index(id) : -1;
        if (dno >= 0 && is_rec_datum(fn, dno)) {
            i = (size_t)rw_record(&r, fn, x, i, dno);
        } else if (dno >= 0) {
            rw_replace(&r, r.tk[i]->start, r.tk[i]->end, add_param(x, PR_VAR, dno, ""));
            i++;
        } else if (tg >= 0) {
            rw_replace(&r, r.tk[i]->start, r.tk[i]->end, add_param(x, PR_TG, tg, ""));
            i++;
        } else {
            i++;
        }
    }
    lg_buf_append(&b, src + r.at, strlen(src + r.at));
    lg_buf_putc(&b, 0);
    size_t len;
    x->text = (char *)lg_buf_steal(&b, &len);
    pg_query__scan_result__free_unpacked(sc, NULL);
    pg_query_free_scan_result(sr);
    return 0;
}

static const pl_rec_t *param_rec(pl_frame_t *f, const pl_pref_t *p)
{
    return &f->recs[p->dno];
}

static int rec_field(const pl_rec_t *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->names[i], name))
            return i;
    return -1;
}

static uint32_t param_type(pl_frame_t *f, const pl_pref_t *p)
{
    switch (p->kind) {
    case PR_VAR:
        return f->fn->datums[p->dno].type;
    case PR_FIELD: {
        const pl_rec_t *r = param_rec(f, p);
        int k = rec_field(r, p->field);
        return k >= 0 && r->types ? r->types[k] : 0;
    }
    case PR_RECJSON:
        return PGTYPE_JSONB;
    default:
        return PGTYPE_TEXT;
    }
}

static const char *tg_value(const pl_trig_t *t, int which)
{
    if (!t)
        return NULL;
    switch (which) {
    case 0:
        return t->op;
    case 1:
        return t->name;
    case 2:
    case 6:
        return t->table;
    case 3:
        return t->when;
    case 4:
        return "ROW";
    default:
        return "public";
    }
}

static int bind_param(pl_frame_t *f, sqlite3_stmt *st, int i, const pl_pref_t *p)
{
    switch (p->kind) {
    case PR_VAR:
        return f->vars[p->dno] ? sqlite3_bind_value(st, i, f->vars[p->dno])
                               : sqlite3_bind_null(st, i);
    case PR_FIELD: {
        const pl_rec_t *r = param_rec(f, p);
        int k = rec_field(r, p->field);
        if (k < 0 && r->n > 0)
            return PL_ERR_SET(&f->err, "42703", "record \"%s\" has no field \"%s\"",
                              f->fn->datums[p->dno].name, p->field);
        if (k < 0 && !r->isnull && r->n == 0)
            return PL_ERR_SET(&f->err, "55000", "record \"%s\" is not assigned yet",
                              f->fn->datums[p->dno].name);
        return k < 0 || r->isnull || !r->vals[k] ? sqlite3_bind_null(st, i)
                                                 : sqlite3_bind_value(st, i, r->vals[k]);
    }
    case PR_RECJSON: {
        const pl_rec_t *r = param_rec(f, p);
        if (r->isnull || r->n == 0)
            return sqlite3_bind_null(st, i);
        return sqlite3_bind_text(st, i, pl_rec_json(r), -1, free);
    }
    default: {
        const char *v = tg_value(f->trig, p->dno);
        return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
    }
    }
}

/* Expression text of an assignment "target := expr" (or "target = expr"). */
static const char *assign_rhs(const char *q)
{
    const char *p = strstr(q, ":=");
    if (p)
        return p + 2;
    p = strchr(q, '=');
    return p ? p + 1 : q;
}

static _Thread_local bool t_ddl_ran; /* see exec_pl_take_ddl */

bool exec_pl_take_ddl(void)
{
    bool ran = t_ddl_ran;
    t_ddl_ran = false;
    return ran;
}

/* A statement PL/pgSQL runs: a query or DML, or (as a statement of its own) DDL that is
 * plain SQL here (not a temporary object's, not a capturing script). */
static bool pl_runnable(const translate_stmt_t *ts, bool statement)
{
    if (!ts->sql)
        return false;
    if (ts->cls == TR_CLASS_READ || ts->cls == TR_CLASS_WRITE)
        return true;
    return statement && ts->cls == TR_CLASS_DDL && !ts->temp_ddl &&
           !strstr(ts->sql, TRANSLATE_CAPTURE_MARK);
}

/* Runs a DDL statement's SQLite SQL (one statement, or a script of several). */
static int run_ddl(pl_frame_t *f, const char *sql)
{
    t_ddl_ran = true;
    for (const char *p = sql; p && *p;) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        int rc = sqlite3_prepare_v2(f->db, p, -1, &st, &tail);
        while (rc == SQLITE_OK && st && (rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_OK && rc != SQLITE_DONE) {
            exec_pl_sqlite_err(f->db, rc, &f->err);
            sqlite3_finalize(st);
            return -1;
        }
        sqlite3_finalize(st);
        p = tail;
    }
    f->row_count = 0;
    return 0;
}

static int translate_expr(pl_frame_t *f, pl_expr_t *x, pl_err_t *err)
{
    lg_buf_t b;
    lg_buf_init(&b, 16u << 20);
    if (x->mode == 1)
        lg_buf_printf(&b, "%s", x->text);
    else if (x->cast[0])
        lg_buf_printf(&b, "SELECT CAST((%s) AS %s)", x->text, x->cast);
    else
        lg_buf_printf(&b, "SELECT %s", x->text);
    lg_buf_putc(&b, 0);
    for (int i = 0; i < x->nparams; i++)
        x->ptypes[i] = param_type(f, &x->params[i]);
    translate_opts_t o = {
        .nparam_types = x->nparams, .param_types = x->ptypes, .catalog_db = f->db};
    lg_pgerr_t e = {0};
    int rc = translate_sql((const char *)b.data, b.len - 1, &o, &x->tr, &e);
    lg_buf_deinit(&b);
    if (rc != 0)
        return PL_ERR_SET(err, e.sqlstate, "%s", e.message);
    if (x->tr->nstmts != 1 || !pl_runnable(&x->tr->stmts[0], x->mode == 1)) {
        PL_ERR_SET(err, "0A000", "statement \"%s\" is not supported in PL/pgSQL",
                   x->tr->nstmts ? x->tr->stmts[0].tag : "");
        translate_result_unref(x->tr);
        x->tr = NULL;
        return -1;
    }
    return 0;
}

static pl_expr_t *get_expr(pl_frame_t *f, const pj_t *node, int mode, const char *cast)
{
    for (pl_expr_t *x = f->fn->exprs; x; x = x->next)
        if (x->node == node && x->mode == mode && !strcmp(x->cast, cast))
            return x;
    pl_expr_t *x = lg_xcalloc(1, sizeof(*x));
    x->node = node;
    x->mode = mode;
    snprintf(x->cast, sizeof(x->cast), "%s", cast);
    const char *q = pj_str(node, "query");
    if (rewrite(f->fn, x, mode == 2 ? assign_rhs(q) : q, f->fn->is_trigger) != 0) {
        free(x);
        PL_ERR_SET(&f->err, "42601", "syntax error at or near \"%s\"", q);
        return NULL;
    }
    x->next = f->fn->exprs;
    f->fn->exprs = x;
    return x;
}

/* Prepared statement for x with parameters bound; *temp when it must be finalized. */
static sqlite3_stmt *prepare_expr(pl_frame_t *f, pl_expr_t *x, bool *temp)
{
    bool stale = x->tr == NULL;
    for (int i = 0; !stale && i < x->nparams; i++)
        stale = x->ptypes[i] != param_type(f, &x->params[i]);
    if (stale && !x->busy) {
        if (x->tr)
            translate_result_unref(x->tr);
        x->tr = NULL;
        sqlite3_finalize(x->st);
        x->st = NULL;
        if (translate_expr(f, x, &f->err) != 0)
            return NULL;
    }
    *temp = x->busy || !x->st;
    sqlite3_stmt *st = x->busy ? NULL : x->st;
    if (!st) {
        int rc = sqlite3_prepare_v2(f->db, x->tr->stmts[0].sql, -1, &st, NULL);
        if (rc != SQLITE_OK) {
            exec_pl_sqlite_err(f->db, rc, &f->err);
            sqlite3_finalize(st);
            return NULL;
        }
        if (!x->busy) {
            x->st = st;
            *temp = false;
        }
    }
    for (int i = 0; i < x->nparams; i++) {
        if (i + 1 > sqlite3_bind_parameter_count(st))
            break;
        if (bind_param(f, st, i + 1, &x->params[i]) != SQLITE_OK && f->err.sqlstate[0]) {
            if (*temp)
                sqlite3_finalize(st);
            return NULL;
        }
    }
    if (!*temp)
        x->busy = true;
    return st;
}

static void done_expr(pl_expr_t *x, sqlite3_stmt *st, bool temp)
{
    if (temp) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    x->busy = false;
}

static int eval_mode(pl_frame_t *f, const pj_t *e, int mode, const char *cast, sqlite3_value **out)
{
    *out = NULL;
    pl_expr_t *x = get_expr(f, e, mode, cast);
    bool temp = false;
    sqlite3_stmt *st = x ? prepare_expr(f, x, &temp) : NULL;
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_NULL)
            *out = sqlite3_value_dup(sqlite3_column_value(st, 0));
        if (sqlite3_step(st) == SQLITE_ROW) {
            done_expr(x, st, temp);
            sqlite3_value_free(*out);
            *out = NULL;
            return PL_ERR_SET(&f->err, "21000", "query returned more than one row");
        }
        rc = SQLITE_DONE;
    }
    if (rc != SQLITE_DONE) {
        exec_pl_sqlite_err(f->db, rc, &f->err);
        done_expr(x, st, temp);
        return -1;
    }
    done_expr(x, st, temp);
    return 0;
}

int pl_eval(pl_frame_t *f, const pj_t *e, const char *cast, sqlite3_value **out)
{
    return eval_mode(f, e, 0, cast ? cast : "", out);
}

int pl_cond(pl_frame_t *f, const pj_t *e)
{
    sqlite3_value *v = NULL;
    if (pl_eval(f, e, "", &v) != 0)
        return -1;
    int r = v && sqlite3_value_int64(v) != 0;
    sqlite3_value_free(v);
    return r;
}

/* Cast text for assigning to datum dno ("" = none). */
static void datum_cast(pl_frame_t *f, int dno, char *buf, size_t cap)
{
    const pl_datum_t *d = &f->fn->datums[dno];
    buf[0] = '\0';
    if (d->kind == PD_VAR && d->typname[0] && strcmp(d->typname, "record") != 0) {
        snprintf(buf, cap, "%s", d->typname);
    } else if (d->kind == PD_RECFIELD) {
        const pl_rec_t *r = &f->recs[d->parent];
        int k = rec_field(r, d->field);
        if (k >= 0 && r->types && r->types[k])
            snprintf(buf, cap, "%s", pgtype_name(r->types[k]));
    } else if (d->kind == PD_VAR && d->type) {
        snprintf(buf, cap, "%s", pgtype_name(d->type));
    }
}

int pl_eval_assign(pl_frame_t *f, int dno, const pj_t *e)
{
    char cast[96];
    datum_cast(f, dno, cast, sizeof(cast));
    if (is_rec_datum(f->fn, dno))
        return PL_ERR_SET(&f->err, "0A000", "assigning a whole record is not supported");
    sqlite3_value *v = NULL;
    if (eval_mode(f, e, 2, cast, &v) != 0)
        return -1;
    int rc = pl_assign(f, dno, v);
    sqlite3_value_free(v);
    return rc;
}

int pl_assign(pl_frame_t *f, int dno, sqlite3_value *v)
{
    const pl_datum_t *d = &f->fn->datums[dno];
    if (d->kind == PD_RECFIELD) {
        pl_rec_t *r = &f->recs[d->parent];
        int k = rec_field(r, d->field);
        if (k < 0)
            return PL_ERR_SET(&f->err, "42703", "record \"%s\" has no field \"%s\"",
                              f->fn->datums[d->parent].name, d->field);
        sqlite3_value_free(r->vals[k]);
        r->vals[k] = v ? sqlite3_value_dup(v) : NULL;
        r->isnull = false;
        return 0;
    }
    if (d->kind != PD_VAR)
        return PL_ERR_SET(&f->err, "0A000", "assignment to \"%s\" is not supported", d->name);
    sqlite3_value_free(f->vars[dno]);
    f->vars[dno] = v ? sqlite3_value_dup(v) : NULL;
    return 0;
}

int pl_assign_row(pl_frame_t *f, int target, const pl_rec_t *row)
{
    const pl_datum_t *d = &f->fn->datums[target];
    if (is_rec_datum(f->fn, target)) {
        pl_rec_clear(&f->recs[target]);
        pl_rec_copy(&f->recs[target], row);
        return 0;
    }
    if (d->kind == PD_ROW && d->nfields == 1 && is_rec_datum(f->fn, d->fields[0]))
        return pl_assign_row(f, d->fields[0], row);
    if (d->kind == PD_ROW) {
        for (int i = 0; i < d->nfields; i++)
            if (pl_assign(f, d->fields[i], i < row->n && !row->isnull ? row->vals[i] : NULL))
                return -1;
        return 0;
    }
    return pl_assign(f, target, row->n > 0 && !row->isnull ? row->vals[0] : NULL);
}

static void row_from_stmt(const pl_expr_t *x, sqlite3_stmt *st, pl_rec_t *r)
{
    int n = sqlite3_column_count(st);
    const translate_stmt_t *ts = &x->tr->stmts[0];
    r->isnull = false;
    r->n = n;
    r->names = lg_xcalloc((size_t)n + 1, sizeof(char *));
    r->types = lg_xcalloc((size_t)n + 1, sizeof(uint32_t));
    r->vals = lg_xcalloc((size_t)n + 1, sizeof(sqlite3_value *));
    for (int i = 0; i < n; i++) {
        const char *nm = sqlite3_column_name(st, i);
        r->names[i] = lg_xstrdup(nm ? nm : "?column?");
        r->types[i] = ts->ncols > i ? ts->cols[i].type_oid : 0;
        if (!r->types[i] && sqlite3_column_decltype(st, i))
            r->types[i] = pgtype_from_decltype(sqlite3_column_decltype(st, i));
        if (sqlite3_column_type(st, i) != SQLITE_NULL)
            r->vals[i] = sqlite3_value_dup(sqlite3_column_value(st, i));
    }
}

typedef struct rowlist {
    int n, cap;
    pl_rec_t *rows;
} rowlist_t;

static int collect_rows(pl_frame_t *f, pl_expr_t *x, sqlite3_stmt *st, rowlist_t *rl, int limit)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rl->n == rl->cap) {
            rl->cap = rl->cap ? rl->cap * 2 : 16;
            rl->rows = lg_xrealloc(rl->rows, sizeof(pl_rec_t) * (size_t)rl->cap);
        }
        memset(&rl->rows[rl->n], 0, sizeof(pl_rec_t));
        row_from_stmt(x, st, &rl->rows[rl->n++]);
        if (limit && rl->n >= limit)
            return 0;
    }
    if (rc != SQLITE_DONE) {
        exec_pl_sqlite_err(f->db, rc, &f->err);
        return -1;
    }
    return 0;
}

sqlite3_value *pl_make_int(pl_frame_t *f, int64_t v)
{
    pl_func_t *fn = f->fn;
    if (!fn->mk && sqlite3_prepare_v2(f->db, "SELECT ?1", -1, &fn->mk, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_int64(fn->mk, 1, v);
    sqlite3_value *out = NULL;
    if (sqlite3_step(fn->mk) == SQLITE_ROW)
        out = sqlite3_value_dup(sqlite3_column_value(fn->mk, 0));
    sqlite3_reset(fn->mk);
    return out;
}

static void set_found(pl_frame_t *f, bool found)
{
    if (f->fn->found_dno < 0)
        return;
    sqlite3_value_free(f->vars[f->fn->found_dno]);
    f->vars[f->fn->found_dno] = pl_make_int(f, found ? 1 : 0);
}

static int run_rows(pl_frame_t *f, rowlist_t *rl, int into, bool strict, pl_row_cb cb, void *arg)
{
    if (into >= 0) {
        if (strict && rl->n == 0)
            return PL_ERR_SET(&f->err, "P0002", "query returned no rows");
        if (strict && rl->n > 1)
            return PL_ERR_SET(&f->err, "P0003", "query returned more than one row");
        pl_rec_t empty = {.isnull = true};
        return pl_assign_row(f, into, rl->n ? &rl->rows[0] : &empty);
    }
    for (int i = 0; cb && i < rl->n; i++) {
        int r = cb(f, &rl->rows[i], arg);
        if (r <= 0)
            return r;
    }
    return 0;
}

int pl_exec_sql(pl_frame_t *f, const pj_t *e, int into, bool strict, pl_row_cb cb, void *arg)
{
    pl_expr_t *x = get_expr(f, e, 1, "");
    if (x && !x->tr && translate_expr(f, x, &f->err) != 0)
        return -1;
    if (x && x->tr->stmts[0].cls == TR_CLASS_DDL) {
        int rc = run_ddl(f, x->tr->stmts[0].sql);
        translate_result_unref(x->tr); /* translated again next time: the schema moved */
        x->tr = NULL;
        return rc;
    }
    bool temp = false;
    sqlite3_stmt *st = x ? prepare_expr(f, x, &temp) : NULL;
    if (!st)
        return -1;
    rowlist_t rl = {0};
    bool want_rows = into >= 0 || cb;
    int rc = collect_rows(f, x, st, &rl, want_rows ? (into >= 0 && !strict ? 1 : 0) : 0);
    bool readonly = sqlite3_stmt_readonly(st);
    int changes = sqlite3_changes(f->db);
    done_expr(x, st, temp);
    if (rc == 0) {
        f->row_count = want_rows || readonly ? rl.n : changes;
        set_found(f, want_rows || readonly ? rl.n > 0 : changes > 0);
        rc = run_rows(f, &rl, into, strict, cb, arg);
    }
    for (int i = 0; i < rl.n; i++)
        pl_rec_clear(&rl.rows[i]);
    free(rl.rows);
    return rc;
}

int pl_exec_dynamic(pl_frame_t *f, const char *sql, int nvals, sqlite3_value **vals, pl_row_cb cb,
                    void *arg)
{
    pl_expr_t x = {.mode = 1};
    translate_opts_t o = {.catalog_db = f->db};
    lg_pgerr_t e = {0};
    if (translate_sql(sql, strlen(sql), &o, &x.tr, &e) != 0)
        return PL_ERR_SET(&f->err, e.sqlstate, "%s", e.message);
    int rc = 0;
    for (size_t i = 0; i < x.tr->nstmts && rc == 0; i++) {
        const translate_stmt_t *ts = &x.tr->stmts[i];
        if (!pl_runnable(ts, true)) {
            rc = PL_ERR_SET(&f->err, "0A000", "EXECUTE of \"%s\" is not supported in PL/pgSQL",
                            ts->tag);
            break;
        }
        if (ts->cls == TR_CLASS_DDL) {
            rc = run_ddl(f, ts->sql);
            continue;
        }
        sqlite3_stmt *st = NULL;
        int prc = sqlite3_prepare_v2(f->db, ts->sql, -1, &st, NULL);
        if (prc != SQLITE_OK) {
            exec_pl_sqlite_err(f->db, prc, &f->err);
            sqlite3_finalize(st);
            rc = -1;
            break;
        }
        for (int k = 0; k < nvals && k < sqlite3_bind_parameter_count(st); k++) {
            if (vals[k])
                sqlite3_bind_value(st, k + 1, vals[k]);
        }
        translate_result_t *whole = x.tr;
        translate_stmt_t copy = *ts; /* collect_rows reads the column types of stmts[0] */
        translate_result_t one = {.nstmts = 1, .stmts = &copy};
        x.tr = &one;
        rowlist_t rl = {0};
        rc = collect_rows(f, &x, st, &rl, 0);
        x.tr = whole;
        bool readonly = sqlite3_stmt_readonly(st);
        int changes = sqlite3_changes(f->db);
        sqlite3_finalize(st);
        if (rc == 0) {
            f->row_count = readonly ? rl.n : changes;
            set_found(f, f->row_count > 0);
            rc = run_rows(f, &rl, -1, false, cb, arg);
        }
        for (int k = 0; k < rl.n; k++)
            pl_rec_clear(&rl.rows[k]);
        free(rl.rows);
    }
    translate_result_unref(x.tr);
    return rc;
}

static void json_string(lg_buf_t *b, const char *s)
{
    lg_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            lg_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            lg_buf_printf(b, "\\n");
        else if (*p < 0x20)
            lg_buf_printf(b, "\\u%04x", *p);
        else
            lg_buf_putc(b, *p);
    }
    lg_buf_putc(b, '"');
}

static void json_value(lg_buf_t *b, sqlite3_value *v, uint32_t type, int32_t typmod)
{
    int t = v ? sqlite3_value_type(v) : SQLITE_NULL;
    const char *txt = v ? (const char *)sqlite3_value_text(v) : NULL;
    if (t == SQLITE_NULL || !txt)
        lg_buf_printf(b, "null");
    else if (type == PGTYPE_BOOL)
        lg_buf_printf(b, "%s", sqlite3_value_int64(v) ? "true" : "false");
    else if (type == PGTYPE_NUMERIC && typmod >= 4 && (t == SQLITE_INTEGER || t == SQLITE_FLOAT))
        lg_buf_printf(b, "%.*f", (int)((typmod - 4) & 0xffff), sqlite3_value_double(v));
    else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT || type == PGTYPE_NUMERIC ||
             type == PGTYPE_JSON || type == PGTYPE_JSONB)
        lg_buf_printf(b, "%s", txt);
    else
        json_string(b, txt);
}

char *pl_rec_json(const pl_rec_t *r)
{
    lg_buf_t b;
    lg_buf_init(&b, 64u << 20);
    lg_buf_putc(&b, '{');
    for (int i = 0; i < r->n; i++) {
        if (i)
            lg_buf_printf(&b, ", ");
        json_string(&b, r->names[i]);
        lg_buf_printf(&b, ": ");
        json_value(&b, r->vals[i], r->types ? r->types[i] : 0, r->typmods ? r->typmods[i] : -1);
    }
    lg_buf_putc(&b, '}');
    lg_buf_putc(&b, 0);
    size_t len;
    return (char *)lg_buf_steal(&b, &len);
}
