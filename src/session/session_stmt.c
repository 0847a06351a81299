/* session_stmt.c - running one statement of any class through a portal. SQL that SQLite
 * runs goes to an exec run, stepped batch by batch: each batch is written out, and when
 * the client has not drained more than the high-water mark the statement waits for
 * session_on_drain (backpressure: a slow reader pauses only its own statement). Session
 * statements (transaction control, SET/SHOW, PREPARE/EXECUTE...) are answered here or in
 * session_txn.c / session_guc.c. Loop thread. */
#include "session_int.h"
#include "lg_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void step(portal_t *p);
static void prepare_stmt(portal_t *p);
static void execute_stmt(portal_t *p);

portal_t *session__portal_new(session_t *s, translate_result_t *tr, size_t idx)
{
    portal_t *p = lg_xcalloc(1, sizeof(*p));
    p->s = s;
    p->tr = tr;
    p->idx = idx;
    if (tr)
        translate_result_ref(tr);
    return p;
}

void session__portal_free(portal_t *p)
{
    if (!p)
        return;
    if (p->run)
        exec_run_close(p->run);
    if (p->inner)
        session__portal_free(p->inner);
    if (p->bound)
        exec_run_close(p->bound);
    if (p->tr)
        translate_result_unref(p->tr);
    free(p->result_fmts);
    free(p->name);
    free(p);
}

static void on_stmt_timeout(uv_timer_t *t)
{
    session_t *s = t->data;
    exec_session_cancel(s->es, "canceling statement due to statement timeout");
}

static void stmt_timer_start(session_t *s)
{
    if (s->stmt_timeout_ms > 0)
        uv_timer_start(&s->stmt_timer, on_stmt_timeout, s->stmt_timeout_ms, 0);
}

void session__stmt_timer_stop(session_t *s)
{
    uv_timer_stop(&s->stmt_timer);
}

static void portal_finish(portal_t *p, bool ok)
{
    session__stmt_timer_stop(p->s);
    p->cb(p->s, p, ok);
}

#define COALESCE_MAX (64 * 1024)

/* Small results join the session's output buffer (flushed with ReadyForQuery); a full
 * batch, or one the client must see before the statement goes on, is written at once. */
static void send_run_output(session_t *s, exec_run_t *run, bool now)
{
    lg_buf_t *o = exec_run_output(run);
    size_t n = lg_buf_unread(o);
    if (!now && lg_buf_unread(&s->out) + n <= COALESCE_MAX) {
        lg_buf_append(&s->out, lg_buf_rptr(o), n);
    } else {
        session__flush(s);
        if (n && !s->destroyed)
            s->io.write(s->io.ctx, lg_buf_rptr(o), n);
    }
    lg_buf_reset(o);
}

static void on_step(exec_run_t *run, exec_run_status_t st, void *arg)
{
    portal_t *p = arg;
    session_t *s = p->s;
    lg_pgerr_t gerr;
    if (st != EXEC_RUN_ERROR && session__guc_apply_run(s, run, &gerr) != 0) {
        lg_buf_reset(exec_run_output(run)); /* set_config() with an invalid value */
        p->done = true;
        session__stmt_error(s, &gerr);
        portal_finish(p, false);
        return;
    }
    send_run_output(s, run, st == EXEC_RUN_MORE);
    switch (st) {
    case EXEC_RUN_MORE:
        if (s->destroyed) {
            portal_finish(p, false);
            return;
        }
        if (s->io.pending(s->io.ctx) > s->env->output_high_water) {
            s->drain_wait = p;
            return;
        }
        step(p);
        return;
    case EXEC_RUN_SUSPENDED:
        p->suspended = true;
        {
            portal_finish(p, true);
            return;
        }
    case EXEC_RUN_DONE:
        p->done = true;
        p->suspended = false;
        {
            portal_finish(p, true);
            return;
        }
    case EXEC_RUN_ERROR: {
        p->done = true;
        lg_pgerr_t e = *exec_run_error(run);
        const translate_stmt_t *ts = &p->tr->stmts[p->idx];
        if (ts->cls == TR_CLASS_COPY && ts->copy_table)
            session__copy_table_error(ts, &e);
        session__stmt_error(s, &e);
        {
            portal_finish(p, false);
            return;
        }
    }
    }
}

void session__on_drain(session_t *s)
{
    portal_t *p = s->drain_wait;
    if (!p)
        return;
    s->drain_wait = NULL;
    step(p);
}

static void step(portal_t *p)
{
    exec_run_step(p->run, p->max_rows, on_step, p);
}

void session__run_sql(portal_t *p)
{
    session_t *s = p->s;
    if (!p->run) {
        p->run = exec_run_new(s->es, p->tr, p->idx);
        exec_run_set_row_description(p->run, p->row_desc);
    }
    if (!exec_run_started(p->run))
        stmt_timer_start(s);
    step(p);
}

static bool allowed_when_failed(const translate_stmt_t *st)
{
    return st->cls == TR_CLASS_TXN &&
           (st->txn_kind == TR_TXN_ROLLBACK || st->txn_kind == TR_TXN_ROLLBACK_TO ||
            st->txn_kind == TR_TXN_COMMIT || st->txn_kind == TR_TXN_PREPARE);
}

static void complete(portal_t *p, const char *tag)
{
    proto_be_command_complete(&p->s->out, tag);
    p->done = true;
    portal_finish(p, true);
}

/* A transaction block as PostgreSQL counts one: BEGIN ..., or a multi-statement Query
 * (not an extended-protocol batch). */
static bool in_block(const session_t *s)
{
    return s->implicit_block ? s->q_tr && s->q_multi : s->txn_status != 'I';
}

/* The statement's NOTICEs, one a line: SQLSTATE, a space, the message
 * (translate_stmt_t.notice). */
/* The translator's notices: one per line, "SSSSS message", the message optionally followed
 * by "\x1fDETAIL:" and a detail whose line breaks are written \x1e. */
static void send_notices(session_t *s, const char *notice)
{
    char state[6], line[LG_PGERR_MSG_MAX];
    while (*notice) {
        const char *nl = strchr(notice, '\n');
        size_t len = nl ? (size_t)(nl - notice) : strlen(notice);
        if (len > 6) {
            snprintf(state, sizeof(state), "%.5s", notice);
            snprintf(line, sizeof(line), "%.*s", (int)(len - 6), notice + 6);
            char *detail = strstr(line, "\x1f"
                                        "DETAIL:");
            if (detail) {
                *detail = '\0';
                detail += 8;
                for (char *p = detail; *p; p++)
                    *p = *p == '\x1e' ? '\n' : *p;
            }
            session__notice_detail(s, "NOTICE", state, line, detail);
        }
        notice += len + (nl ? 1 : 0);
    }
}

static void simple_session_stmt(portal_t *p, const translate_stmt_t *st)
{
    session_t *s = p->s;
    switch (st->cls) {
    case TR_CLASS_DEALLOCATE:
        if (st->name[0]) {
            prepared_t *pr = session__find_prepared(s, st->name);
            if (!pr) {
                lg_pgerr_t e;
                lg_pgerr_set(&e, LG_SQLSTATE_INVALID_SQL_STATEMENT_NAME,
                             "prepared statement \"%s\" does not exist", st->name);
                session__stmt_error(s, &e);
                {
                    portal_finish(p, false);
                    return;
                }
            }
            session__add_prepared(s, st->name, NULL, -1, NULL); /* -1 removes */
        } else {
            session__free_prepared(s);
        }
        {
            complete(p, st->tag);
            return;
        }
    case TR_CLASS_DISCARD:
        if (s->txn_status != 'I' || s->implicit_block) {
            lg_pgerr_t e;
            lg_pgerr_set(&e, LG_SQLSTATE_ACTIVE_SQL_TRANSACTION,
                         "DISCARD ALL cannot run inside a transaction block");
            session__stmt_error(s, &e);
            {
                portal_finish(p, false);
                return;
            }
        }
        session__free_prepared(s);
        if (strcmp(st->tag, "DISCARD ALL") == 0) {
            for (portal_t *c = s->portals, *next; c; c = next) { /* WITH HOLD cursors */
                next = c->next;
                if (c != p && c->hold)
                    session__remove_portal(s, c);
            }
            session__guc_reset_all(s);
            session__unlisten_all(s);
            exec_session_unlock_all(s->es);
        }
        {
            complete(p, st->tag);
            return;
        }
    default: {
        complete(p, st->tag);
        return;
    }
    }
}

void session__portal_run(portal_t *p, uint32_t max_rows, portal_done_cb cb)
{
    session_t *s = p->s;
    p->cb = cb;
    p->max_rows = max_rows;
    if (!p->tr || p->tr->nstmts == 0) {
        proto_be_empty_query(&s->out);
        p->done = true;
        {
            portal_finish(p, true);
            return;
        }
    }
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (s->txn_status == 'E' && !allowed_when_failed(st)) {
        lg_pgerr_t e;
        lg_pgerr_set(&e, LG_SQLSTATE_IN_FAILED_SQL_TRANSACTION,
                     "current transaction is aborted, commands ignored until end of "
                     "transaction block");
        session__send_error(s, &e);
        {
            portal_finish(p, false);
            return;
        }
    }
    if (p->done && !p->suspended) {
        /* an exhausted portal runs no more rows */
        proto_be_command_complete(&s->out, strcmp(st->tag, "SELECT") == 0 ? "SELECT 0" : st->tag);
        {
            portal_finish(p, true);
            return;
        }
    }
    if (st->needs_block && !in_block(s)) {
        lg_pgerr_t e;
        lg_pgerr_set(&e, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                     "%s can only be used in transaction blocks", st->tag);
        session__stmt_error(s, &e);
        portal_finish(p, false);
        return;
    }
    if (st->warns_no_block && !in_block(s)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%s can only be used in transaction blocks", st->tag);
        session__notice(s, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION, msg); /* a WARNING */
    }
    switch (st->cls) {
    case TR_CLASS_READ:
    case TR_CLASS_WRITE:
    case TR_CLASS_DDL: {
        if (s->txn_status == 'T' && !s->implicit_block)
            s->txn_queried = true;
        send_notices(s, st->notice);
        session__run_sql(p);
        return;
    }
    case TR_CLASS_NOTIFY: {
        session__notify_stmt(p);
        return;
    }
    case TR_CLASS_TXN: {
        session__txn_stmt(p);
        return;
    }
    case TR_CLASS_COPY: {
        session__copy_stmt(p);
        return;
    }
    case TR_CLASS_DECLARE: {
        session__declare_stmt(p);
        return;
    }
    case TR_CLASS_FETCH: {
        session__fetch_stmt(p);
        return;
    }
    case TR_CLASS_CLOSE_CURSOR: {
        session__close_cursor_stmt(p);
        return;
    }
    case TR_CLASS_SET: {
        session__set_stmt(p);
        return;
    }
    case TR_CLASS_SHOW: {
        session__show_stmt(p);
        return;
    }
    case TR_CLASS_PREPARE: {
        prepare_stmt(p);
        return;
    }
    case TR_CLASS_EXECUTE: {
        execute_stmt(p);
        return;
    }
    default: {
        simple_session_stmt(p, st);
        return;
    }
    }
}

/* ---- SQL-level PREPARE / EXECUTE ---- */

static void on_prepare_translated(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    portal_t *p = arg;
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (err) {
        session__stmt_error(s, err);
        {
            portal_finish(p, false);
            return;
        }
    }
    if (res->nstmts != 1 || res->rest_at > 0) {
        lg_pgerr_t e;
        lg_pgerr_set(&e, LG_SQLSTATE_SYNTAX_ERROR,
                     "cannot insert multiple commands into a prepared statement");
        translate_result_unref(res);
        session__stmt_error(s, &e);
        {
            portal_finish(p, false);
            return;
        }
    }
    session__add_prepared(s, st->name, res, st->nparams, st->param_types);
    translate_result_unref(res);
    complete(p, "PREPARE");
}

static void prepare_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (session__find_prepared(s, st->name)) {
        lg_pgerr_t e;
        lg_pgerr_set(&e, LG_SQLSTATE_DUPLICATE_PSTATEMENT,
                     "prepared statement \"%s\" already exists", st->name);
        session__stmt_error(s, &e);
        {
            portal_finish(p, false);
            return;
        }
    }
    exec_translate(s->es, st->prepare_sql, strlen(st->prepare_sql), st->nparams, st->param_types,
                   on_prepare_translated, p);
}

static void on_inner_done(session_t *s, portal_t *inner, bool ok)
{
    (void)s;
    portal_t *p = inner->inner; /* back-pointer to the outer portal */
    inner->inner = NULL;
    p->done = true;
    portal_finish(p, ok);
}

static void execute_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    prepared_t *pr = session__find_prepared(s, st->name);
    lg_pgerr_t e;
    if (!pr) {
        lg_pgerr_set(&e, LG_SQLSTATE_INVALID_SQL_STATEMENT_NAME,
                     "prepared statement \"%s\" does not exist", st->name);
        session__stmt_error(s, &e);
        {
            portal_finish(p, false);
            return;
        }
    }
    if (st->nexec_args != pr->nparams) {
        lg_pgerr_set(&e, LG_SQLSTATE_SYNTAX_ERROR,
                     "wrong number of parameters for prepared statement \"%s\"", st->name);
        lg_pgerr_detail(&e, "Expected %d parameters but got %d.", pr->nparams, st->nexec_args);
        session__stmt_error(s, &e);
        {
            portal_finish(p, false);
            return;
        }
    }
    portal_t *in = session__portal_new(s, pr->tr, 0);
    in->row_desc = p->row_desc;
    if (pr->tr && pr->tr->nstmts) {
        in->run = exec_run_new(s->es, pr->tr, 0);
        if (p->describe_by_run)
            exec_run_set_describe(in->run); /* RowDescription or NoData, as Describe asked */
        else
            exec_run_set_row_description(in->run, p->row_desc);
        int32_t *lens = lg_xcalloc((size_t)st->nexec_args + 1, sizeof(int32_t));
        for (int i = 0; i < st->nexec_args; i++)
            lens[i] = st->exec_args[i] ? (int32_t)strlen(st->exec_args[i]) : -1;
        exec_run_set_params(in->run, st->nexec_args, pr->param_types,
                            (const uint8_t *const *)st->exec_args, lens, NULL);
        free(lens);
    }
    if (p->inner)
        session__portal_free(p->inner);
    p->inner = in;
    in->inner = p;
    session__portal_run(in, 0, on_inner_done);
}
