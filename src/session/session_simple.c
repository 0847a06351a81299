/* session_simple.c - the simple Query protocol: the string is translated once (cached),
 * its statements run in order, each with its own results and command tag; a string with
 * several statements runs as one implicit transaction (as PostgreSQL does), so a failure
 * rolls back the earlier statements and skips the rest. One ReadyForQuery ends it.
 * A text not in the exact-text cache is looked up by its second key, the text with its
 * literals lifted out (translate_lift.h): a hit runs the cached template with the
 * literals bound as parameters. Loop thread. */
#include "session_int.h"
#include "lg_alloc.h"
#include <stdlib.h>
#include <string.h>

#define LIFT_MAX_TEXT 4096 /* longer texts are not lexed on the loop */

static void next_stmt(session_t *s);

static void free_vals(session_t *s)
{
    for (int i = 0; i < s->q_nvals; i++)
        free(s->q_vals[i]);
    free(s->q_vals);
    free(s->q_lens);
    s->q_vals = NULL;
    s->q_lens = NULL;
    s->q_nvals = 0;
}

static void query_end(session_t *s)
{
    if (s->q_tr) {
        translate_result_unref(s->q_tr);
        s->q_tr = NULL;
    }
    free(s->q_sql);
    s->q_sql = NULL;
    free_vals(s);
    session__ready(s);
    session__continue(s);
}

static void finish(session_t *s)
{
    if (s->implicit_block)
        session__implicit_close(s, query_end);
    else
        query_end(s);
}

static void on_rest_translated(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    session_t *s = arg;
    if (err) {
        session__stmt_error(s, err); /* (its position is moved to the whole text there) */
        finish(s);
        return;
    }
    translate_result_unref(s->q_tr);
    s->q_tr = res;
    s->q_idx = 0;
    next_stmt(s);
}

/* The statements after a DDL statement are translated now that it ran. */
static void translate_rest(session_t *s)
{
    size_t at = s->q_base + (size_t)s->q_tr->rest_at;
    if (!s->q_sql || at >= s->q_sql_len) {
        finish(s);
        return;
    }
    s->q_base = at;
    exec_translate(s->es, s->q_sql + at, s->q_sql_len - at, 0, NULL, on_rest_translated, s);
}

static void on_stmt_done(session_t *s, portal_t *p, bool ok)
{
    session__portal_free(p);
    if (!ok || s->destroyed) {
        finish(s);
        return;
    }
    s->q_idx++;
    if (s->q_idx >= s->q_tr->nstmts && s->q_tr->rest_at > 0) {
        translate_rest(s);
        return;
    }
    next_stmt(s);
}

static void next_stmt(session_t *s)
{
    if (s->destroyed || s->q_idx >= s->q_tr->nstmts) {
        finish(s);
        return;
    }
    if (s->q_multi)
        session__implicit_open(s);
    portal_t *p = session__portal_new(s, s->q_tr, s->q_idx);
    p->row_desc = true;
    if (s->q_nvals > 0) {
        p->run = exec_run_new(s->es, s->q_tr, s->q_idx);
        exec_run_set_row_description(p->run, true);
        exec_run_set_params(p->run, s->q_nvals, s->q_tr->stmts[s->q_idx].param_types,
                            (const uint8_t *const *)s->q_vals, s->q_lens, NULL);
    }
    session__portal_run(p, 0, on_stmt_done);
}

static void start(session_t *s, translate_result_t *tr)
{
    s->q_tr = tr;
    s->q_idx = 0;
    s->q_multi = tr->nstmts > 1 || tr->rest_at > 0;
    if (tr->nstmts == 0) {
        proto_be_empty_query(&s->out);
        query_end(s);
        return;
    }
    next_stmt(s);
}

static void on_translated(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    session_t *s = arg;
    if (err) {
        session__stmt_error(s, err);
        query_end(s);
        return;
    }
    start(s, res);
}

static void take_vals(session_t *s, const char *sql, const translate_lifted_t *l)
{
    s->q_nvals = l->nlits;
    s->q_vals = lg_xcalloc((size_t)l->nlits, sizeof(char *));
    s->q_lens = lg_xcalloc((size_t)l->nlits, sizeof(int32_t));
    for (int i = 0; i < l->nlits; i++) {
        size_t n;
        s->q_vals[i] = translate_lift_value(sql, l, i, &n);
        s->q_lens[i] = (int32_t)n;
    }
}

/* Second key: a template runs with the literals bound; a negative entry (0 statements)
 * means this shape is translated every time; a miss translates and builds the template. */
static void try_lifted(session_t *s, const char *sql, size_t len)
{
    translate_lifted_t *l = lg_xcalloc(1, sizeof(*l));
    if (translate_lift_lex(sql, len, LIFT_MAX_TEXT, l) != 0) {
        free(l);
        exec_translate(s->es, sql, len, 0, NULL, on_translated, s);
        return;
    }
    translate_cache_t *c = exec_translate_cache_lifted(s->env->exec);
    translate_result_t *t = translate_cache_get(c, l->norm, l->norm_len, l->nlits, l->types);
    if (!t) {
        exec_translate_lifted(s->es, sql, len, l, on_translated, s);
        return;
    }
    if (t->nstmts == 1)
        take_vals(s, sql, l);
    translate_lifted_free(l);
    free(l);
    if (t->nstmts == 1) {
        start(s, t);
        return;
    }
    translate_result_unref(t);
    exec_translate(s->es, sql, len, 0, NULL, on_translated, s);
}

void session__simple_query(session_t *s, const uint8_t *body, size_t len)
{
    proto_query_t q;
    if (proto_decode_query(body, len, &q) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Query message");
        return;
    }
    s->busy = true;
    s->ext_error = false;
    exec_session_set_state(s->es, EXEC_STATE_ACTIVE, q.sql, q.sql_len);
    free(s->q_sql);
    s->q_sql = NULL;
    s->q_base = 0;
    const char *semi = memchr(q.sql, ';', q.sql_len);
    if (semi && semi + 1 < q.sql + q.sql_len) { /* maybe several statements: keep the text */
        s->q_sql = lg_xmalloc(q.sql_len + 1);
        memcpy(s->q_sql, q.sql, q.sql_len);
        s->q_sql[q.sql_len] = '\0';
        s->q_sql_len = q.sql_len;
    }
    if (exec_session_uses_temp(s->es)) { /* its own temporary tables: no shared cache */
        exec_translate(s->es, q.sql, q.sql_len, 0, NULL, on_translated, s);
        return;
    }
    translate_result_t *tr =
        translate_cache_get(exec_translate_cache(s->env->exec), q.sql, q.sql_len, 0, NULL);
    if (tr) {
        start(s, tr);
        return;
    }
    try_lifted(s, q.sql, q.sql_len);
}
