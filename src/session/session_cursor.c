/* session_cursor.c - SQL cursors: DECLARE name CURSOR FOR query, FETCH [n | ALL] FROM name,
 * CLOSE name | ALL. DECLARE's parameters ($n bound over the extended protocol) become the
 * cursor query's, and each FETCH's result formats (its Bind's) apply to the rows it fetches.
 * A cursor is a named portal (the same namespace as protocol portals, as
 * in PostgreSQL) whose exec run works in fetch mode: each FETCH sends a RowDescription, up
 * to n rows and "FETCH k". Cursors live until CLOSE or the end of their transaction block;
 * one declared WITH HOLD (outside a transaction block: what drivers do in autocommit, e.g.
 * Django's QuerySet.iterator()) lives until CLOSE, DISCARD ALL or the session's end, its
 * statement on a reader of its own (exec_run_set_held) that it keeps meanwhile. SCROLL and
 * MOVE are refused with 0A000 by the translator. Loop thread. */
#include "session_int.h"
#include "lg_alloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void finish(portal_t *p, bool ok)
{
    p->done = true;
    p->cb(p->s, p, ok);
}

#define fail(p, ...) (session__errorf((p)->s, __VA_ARGS__), finish((p), false))

static void complete(portal_t *p, const char *tag)
{
    proto_be_command_complete(&p->s->out, tag);
    finish(p, true);
}

static void on_declared(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    portal_t *p = arg;
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (err) {
        session__stmt_error(s, err);
        finish(p, false);
        return;
    }
    const translate_stmt_t *q = res->nstmts == 1 && !res->rest_at ? &res->stmts[0] : NULL;
    if (!q || !q->returns_rows || (q->cls != TR_CLASS_READ && q->cls != TR_CLASS_WRITE)) {
        translate_result_unref(res);
        fail(p, "42P11", "cannot open this query as cursor \"%s\"", st->name);
        return;
    }
    if (st->cursor_hold && q->cls != TR_CLASS_READ) { /* FOR UPDATE, nextval(), ... */
        translate_result_unref(res);
        fail(p, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
             "DECLARE CURSOR WITH HOLD ... FOR UPDATE/SHARE is not supported");
        return;
    }
    portal_t *c = session__portal_new(s, res, 0);
    translate_result_unref(res);
    c->name = lg_xstrdup(st->name);
    c->run = exec_run_new(s->es, c->tr, 0);
    if (p->bound)
        exec_run_copy_params(c->run, p->bound);
    exec_run_set_fetch(c->run);
    if (st->cursor_hold) {
        c->hold = true;
        c->hold_block = s->txn_status == 'T' && !s->implicit_block; /* gone if it rolls back */
        exec_run_set_held(c->run);
    }
    c->next = s->portals;
    s->portals = c;
    complete(p, "DECLARE CURSOR");
}

void session__declare_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    bool block = s->txn_status == 'T' && !s->implicit_block; /* BEGIN ... */
    if (st->cursor_hold && block && exec_session_holds_lease(s->es)) {
        /* its reader would not see the transaction's own changes */
        fail(p, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
             "DECLARE CURSOR WITH HOLD after the transaction has written is not supported");
        return;
    }
    if (!st->cursor_hold && s->txn_status != 'T' && !s->implicit_block) {
        fail(p, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
             "DECLARE CURSOR can only be used in transaction blocks");
        return;
    }
    if (session__find_portal(s, st->name)) {
        fail(p, LG_SQLSTATE_DUPLICATE_CURSOR, "cursor \"%s\" already exists", st->name);
        return;
    }
    int ntypes = 0;
    const uint32_t *types = p->bound ? exec_run_param_types(p->bound, &ntypes) : NULL;
    exec_translate(s->es, st->prepare_sql, strlen(st->prepare_sql), ntypes, types, on_declared, p);
}

/* ---- FETCH ---- */

static void fetch_step(portal_t *p, portal_t *cur);

static void on_fetched(exec_run_t *run, exec_run_status_t st, void *arg)
{
    portal_t *p = arg;
    session_t *s = p->s;
    portal_t *cur = session__find_portal(s, p->tr->stmts[p->idx].name);
    lg_buf_t *o = exec_run_output(run);
    session__flush(s);
    if (lg_buf_unread(o) && !s->destroyed)
        s->io.write(s->io.ctx, lg_buf_rptr(o), lg_buf_unread(o));
    lg_buf_reset(o);
    if (st == EXEC_RUN_MORE && cur && !s->destroyed) {
        fetch_step(p, cur);
        return;
    }
    if (st == EXEC_RUN_ERROR) {
        session__stmt_error(s, exec_run_error(run));
        finish(p, false);
        return;
    }
    finish(p, true);
}

static void fetch_step(portal_t *p, portal_t *cur)
{
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    exec_run_step(cur->run, (uint32_t)st->fetch_count, on_fetched, p);
}

void session__fetch_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    portal_t *cur = session__find_portal(s, st->name);
    if (!cur || !cur->run || !cur->name[0]) {
        fail(p, LG_SQLSTATE_INVALID_CURSOR_NAME, "cursor \"%s\" does not exist", st->name);
        return;
    }
    exec_run_set_result_formats(cur->run, p->nresult_fmts, p->result_fmts);
    if (exec_run_exhausted(cur->run)) {
        uint16_t n;
        const proto_field_t *f = exec_run_fields(cur->run, &n);
        proto_be_row_description(&s->out, n, f);
        complete(p, "FETCH 0");
        return;
    }
    fetch_step(p, cur);
}

/* ---- CLOSE ---- */

void session__close_cursor_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (!st->name[0]) {
        for (portal_t *c = s->portals, *next; c; c = next) {
            next = c->next;
            if (c->name && c->name[0])
                session__remove_portal(s, c);
        }
        complete(p, "CLOSE CURSOR ALL");
        return;
    }
    portal_t *c = session__find_portal(s, st->name);
    if (!c || !c->name[0]) {
        fail(p, LG_SQLSTATE_INVALID_CURSOR_NAME, "cursor \"%s\" does not exist", st->name);
        return;
    }
    session__remove_portal(s, c);
    complete(p, "CLOSE CURSOR");
}
