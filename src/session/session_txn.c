/* session_txn.c - transaction control as PostgreSQL defines it: BEGIN/START, COMMIT/END,
 * ROLLBACK/ABORT, SAVEPOINT, RELEASE, ROLLBACK TO, SET TRANSACTION; the I/T/E status;
 * implicit blocks (multi-statement Query strings and extended-protocol batches before a
 * Sync). The SQLite side (lease, BEGIN IMMEDIATE, COMMIT) is exec's. Loop thread. */
#include "session_int.h"
#include <stdio.h>
#include <string.h>

static void finish(portal_t *p, bool ok)
{
    session__stmt_timer_stop(p->s);
    p->done = true;
    p->cb(p->s, p, ok);
}

static void complete(portal_t *p, const char *tag)
{
    proto_be_command_complete(&p->s->out, tag);
    finish(p, true);
}

static void fail(portal_t *p, const char *sqlstate, const char *msg)
{
    lg_pgerr_t e;
    lg_pgerr_set(&e, sqlstate, "%s", msg);
    session__stmt_error(p->s, &e);
    finish(p, false);
}

/* The block ended in exec: back to idle, settings and portals follow PostgreSQL. */
void session__block_ended(session_t *s, bool committed, portal_t *keep)
{
    s->txn_status = 'I';
    s->implicit_block = false;
    s->implicit_failed = false;
    session__guc_block_end(s, committed);
    session__listen_block_end(s, committed);
    for (portal_t *c = s->portals, *next; c; c = next) {
        next = c->next;
        if (c->hold_block && !committed && c != keep)
            session__remove_portal(s, c); /* WITH HOLD, declared in the block rolled back */
        else
            c->hold_block = false;
    }
    session__drop_portals(s, keep);
}

static translate_isolation_t isolation_of(session_t *s, const char *setting)
{
    const char *v = session__guc_get(s, setting);
    if (strcmp(v, "serializable") == 0)
        return TR_ISO_SERIALIZABLE;
    if (strcmp(v, "repeatable read") == 0)
        return TR_ISO_REPEATABLE_READ;
    return TR_ISO_READ_COMMITTED;
}

static void begin(portal_t *p, const translate_stmt_t *st)
{
    session_t *s = p->s;
    if (s->txn_status == 'T' && !s->implicit_block) {
        session__notice(s, LG_SQLSTATE_ACTIVE_SQL_TRANSACTION,
                        "there is already a transaction in progress");
        {
            complete(p, st->tag);
            return;
        }
    }
    translate_isolation_t iso =
        st->isolation ? st->isolation : isolation_of(s, "default_transaction_isolation");
    int ro = st->read_only;
    if (ro < 0)
        ro = strcmp(session__guc_get(s, "default_transaction_read_only"), "on") == 0 ? 1 : -1;
    if (!s->implicit_block)
        session__guc_block_begin(s);
    s->implicit_block = false;
    exec_txn_begin(s->es, iso, ro);
    bool deferrable =
        st->deferrable >= 0
            ? st->deferrable == 1
            : strcmp(session__guc_get(s, "default_transaction_deferrable"), "on") == 0;
    session__guc_txn_began(s, iso, ro == 1, deferrable);
    s->txn_status = 'T';
    complete(p, st->tag);
}

/* COMMIT / ROLLBACK AND CHAIN: a new block at once, with the ended one's characteristics. */
static void chain(session_t *s, translate_isolation_t iso, bool read_only, bool deferrable)
{
    session__guc_block_begin(s);
    exec_txn_begin(s->es, iso, read_only ? 1 : -1);
    session__guc_txn_began(s, iso, read_only, deferrable);
    s->txn_status = 'T';
}

static void on_end_done(void *arg, const lg_pgerr_t *err)
{
    portal_t *p = arg;
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    bool committed = st->txn_kind == TR_TXN_COMMIT && s->txn_status == 'T';
    translate_isolation_t iso = isolation_of(s, "transaction_isolation");
    bool read_only = strcmp(session__guc_get(s, "transaction_read_only"), "on") == 0;
    bool deferrable = strcmp(session__guc_get(s, "transaction_deferrable"), "on") == 0;
    session__block_ended(s, committed && !err, p);
    if (st->chain && !err)
        chain(s, iso, read_only, deferrable);
    if (err) {
        session__send_error(s, err);
        {
            finish(p, false);
            return;
        }
    }
    complete(p, committed ? "COMMIT" : "ROLLBACK");
}

static void end(portal_t *p, const translate_stmt_t *st)
{
    session_t *s = p->s;
    if (st->chain && (s->txn_status == 'I' || s->implicit_block)) {
        fail(p, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
             st->txn_kind == TR_TXN_COMMIT
                 ? "COMMIT AND CHAIN can only be used in transaction blocks"
                 : "ROLLBACK AND CHAIN can only be used in transaction "
                   "blocks");
        return;
    }
    if (s->txn_status == 'I' && !s->implicit_block) {
        session__notice(s, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                        "there is no transaction in progress");
        {
            complete(p, st->txn_kind == TR_TXN_COMMIT ? "COMMIT" : "ROLLBACK");
            return;
        }
    }
    bool commit = st->txn_kind == TR_TXN_COMMIT && s->txn_status != 'E' && !s->implicit_failed;
    if (s->implicit_block)
        s->txn_status = 'T'; /* reported as the block it now ends */
    exec_txn_end(s->es, commit, on_end_done, p);
}

/* PREPARE TRANSACTION, answered as PostgreSQL with max_prepared_transactions = 0: the block
 * ends rolled back; 55000 unless the block had already failed (then just ROLLBACK). */
static void on_prepare_done(void *arg, const lg_pgerr_t *err)
{
    portal_t *p = arg;
    session_t *s = p->s;
    bool failed = s->txn_status == 'E';
    session__block_ended(s, false, p);
    if (failed && !err) {
        complete(p, "ROLLBACK");
        return;
    }
    lg_pgerr_t e;
    if (err) {
        e = *err;
    } else {
        lg_pgerr_set(&e, "55000", "prepared transactions are disabled");
        lg_pgerr_hint(&e, "Set max_prepared_transactions to a nonzero value.");
    }
    session__send_error(s, &e);
    finish(p, false);
}

static void prepare_txn(portal_t *p)
{
    session_t *s = p->s;
    if (s->txn_status == 'I' || s->implicit_block) /* no block: PostgreSQL only warns */
        session__notice(s, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                        "there is no transaction in progress");
    if (s->txn_status == 'I' && !s->implicit_block) {
        complete(p, "ROLLBACK");
        return;
    }
    if (s->implicit_block)
        s->txn_status = 'T'; /* reported as the block it now ends */
    exec_txn_end(s->es, false, on_prepare_done, p);
}

static void on_savepoint_done(void *arg, const lg_pgerr_t *err)
{
    portal_t *p = arg;
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    if (err) {
        lg_pgerr_t e = *err;
        if (strstr(err->message, "no such savepoint"))
            lg_pgerr_set(&e, LG_SQLSTATE_SAVEPOINT_EXCEPTION, "savepoint \"%s\" does not exist",
                         st->savepoint);
        session__stmt_error(s, &e);
        {
            finish(p, false);
            return;
        }
    }
    if (st->txn_kind == TR_TXN_ROLLBACK_TO)
        s->txn_status = 'T';
    session__guc_savepoint(s, st->txn_kind, st->savepoint);
    complete(p, st->tag);
}

static void savepoint(portal_t *p, const translate_stmt_t *st)
{
    session_t *s = p->s;
    static const char *what[] = {
        "", "", "", "", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"};
    if (s->txn_status == 'I' || s->implicit_block) {
        char msg[96];
        snprintf(msg, sizeof(msg), "%s can only be used in transaction blocks", what[st->txn_kind]);
        {
            fail(p, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION, msg);
            return;
        }
    }
    if (s->txn_status == 'E' && st->txn_kind != TR_TXN_ROLLBACK_TO) {
        fail(p, LG_SQLSTATE_IN_FAILED_SQL_TRANSACTION,
             "current transaction is aborted, commands ignored until end of "
             "transaction block");
        return;
    }
    exec_txn_savepoint(s->es, st->txn_kind, st->savepoint, on_savepoint_done, p);
}

void session__txn_stmt(portal_t *p)
{
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    switch (st->txn_kind) {
    case TR_TXN_BEGIN: {
        begin(p, st);
        return;
    }
    case TR_TXN_COMMIT:
    case TR_TXN_ROLLBACK: {
        end(p, st);
        return;
    }
    case TR_TXN_SAVEPOINT:
    case TR_TXN_RELEASE:
    case TR_TXN_ROLLBACK_TO: {
        savepoint(p, st);
        return;
    }
    case TR_TXN_PREPARE: {
        prepare_txn(p);
        return;
    }
    default: {
        fail(p, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, "two-phase commit is not supported");
        return;
    }
    }
}

/* ---- implicit blocks ---- */

void session__implicit_open(session_t *s)
{
    if (s->implicit_block || s->txn_status != 'I')
        return;
    s->implicit_block = true;
    s->implicit_failed = false;
    session__guc_block_begin(s);
    exec_txn_begin(s->es, TR_ISO_READ_COMMITTED, -1);
}

static void on_implicit_closed(void *arg, const lg_pgerr_t *err)
{
    session_t *s = arg;
    void (*cb)(session_t *) = s->implicit_close_cb;
    bool committed = !s->implicit_failed && !err;
    if (err && !s->implicit_failed)
        session__send_error(s, err);
    session__block_ended(s, committed, NULL);
    cb(s);
}

void session__implicit_close(session_t *s, void (*cb)(session_t *s))
{
    s->implicit_close_cb = cb;
    exec_txn_end(s->es, !s->implicit_failed, on_implicit_closed, s);
}
