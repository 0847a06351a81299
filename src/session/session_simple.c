/* session_simple.c - the simple Query protocol: the string is translated once (cached),
 * its statements run in order, each with its own results and command tag; a string with
 * several statements runs as one implicit transaction (as PostgreSQL does), so a failure
 * rolls back the earlier statements and skips the rest. One ReadyForQuery ends it.
 * Loop thread. */
#include "session_int.h"
#include <string.h>

static void next_stmt(session_t *s);

static void query_end(session_t *s)
{
    if (s->q_tr) {
        translate_result_unref(s->q_tr);
        s->q_tr = NULL;
    }
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

static void on_stmt_done(session_t *s, portal_t *p, bool ok)
{
    session__portal_free(p);
    if (!ok || s->destroyed) {
        finish(s);
        return;
    }
    s->q_idx++;
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
    session__portal_run(p, 0, on_stmt_done);
}

static void start(session_t *s, translate_result_t *tr)
{
    s->q_tr = tr;
    s->q_idx = 0;
    s->q_multi = tr->nstmts > 1;
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

void session__simple_query(session_t *s, const uint8_t *body, size_t len)
{
    proto_query_t q;
    if (proto_decode_query(body, len, &q) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Query message");
        return;
    }
    s->busy = true;
    s->ext_error = false;
    translate_result_t *tr =
        translate_cache_get(exec_translate_cache(s->env->exec), q.sql, q.sql_len, 0, NULL);
    if (tr) {
        start(s, tr);
        return;
    }
    exec_translate(s->es, q.sql, q.sql_len, 0, NULL, on_translated, s);
}
