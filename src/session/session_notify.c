/* session_notify.c - LISTEN / UNLISTEN / NOTIFY for one session, and delivery of
 * NotificationResponse messages to it. Loop thread.
 *
 * The session keeps the channels it listens on. NOTIFY (and pg_notify, inside SQLite) queue
 * on exec's side of the session, which keeps them until the transaction commits; when the
 * session goes idle (before its ReadyForQuery with status 'I') it takes the committed
 * ones and hands them to the server (env->notify), which offers each to every session.
 * A session that listens on the channel encodes a NotificationResponse ('A': sender pid,
 * channel, payload) into its pending buffer; the buffer goes out at once when the session
 * is idle outside a transaction block, else just before its next ReadyForQuery 'I' (as
 * PostgreSQL delivers between transactions only). The sender gets its own notifications
 * too, right before that ReadyForQuery. LISTEN / UNLISTEN in a transaction block take
 * effect when it commits (and not at all when it rolls back), as in PostgreSQL. */
#include "session_int.h"
#include "lg_alloc.h"
#include <stdlib.h>
#include <string.h>

static int find_channel(const session_t *s, const char *ch)
{
    for (int i = 0; i < s->nlisten; i++)
        if (strcmp(s->listen[i], ch) == 0)
            return i;
    return -1;
}

static void listen_add(session_t *s, const char *ch)
{
    if (find_channel(s, ch) >= 0)
        return;
    s->listen = lg_xrealloc(s->listen, sizeof(char *) * (size_t)(s->nlisten + 1));
    s->listen[s->nlisten++] = lg_xstrdup(ch);
}

static void listen_remove(session_t *s, const char *ch)
{
    for (int i = s->nlisten - 1; i >= 0; i--) {
        if (ch[0] && strcmp(s->listen[i], ch) != 0)
            continue;
        free(s->listen[i]);
        s->listen[i] = s->listen[--s->nlisten];
    }
}

struct listen_op {
    bool add;
    char *channel; /* "" = UNLISTEN * */
    struct listen_op *next;
};

static void listen_apply(session_t *s, bool add, const char *channel)
{
    if (add)
        listen_add(s, channel);
    else
        listen_remove(s, channel);
}

void session__listen_block_end(session_t *s, bool committed)
{
    struct listen_op *op = s->listen_pending;
    s->listen_pending = NULL;
    while (op) {
        struct listen_op *next = op->next;
        if (committed)
            listen_apply(s, op->add, op->channel);
        free(op->channel);
        free(op);
        op = next;
    }
}

/* LISTEN / UNLISTEN: at once outside a block, else when the block commits. */
static void listen_stmt(session_t *s, bool add, const char *channel)
{
    if (s->txn_status == 'I' && !s->implicit_block) {
        listen_apply(s, add, channel);
        return;
    }
    struct listen_op **pp = &s->listen_pending;
    while (*pp)
        pp = &(*pp)->next;
    *pp = lg_xcalloc(1, sizeof(**pp));
    (*pp)->add = add;
    (*pp)->channel = lg_xstrdup(channel);
}

void session__listen_free(session_t *s)
{
    session__listen_block_end(s, false);
    listen_remove(s, "");
    free(s->listen);
    s->listen = NULL;
    lg_buf_deinit(&s->notif);
}

void session__unlisten_all(session_t *s)
{
    listen_remove(s, "");
}

static bool idle_outside_block(const session_t *s)
{
    return s->state == SESSION_ST_READY && !s->busy && !s->in_dispatch && !s->readying &&
           !s->destroyed && s->txn_status == 'I' && !s->implicit_block;
}

static void move_pending_out(session_t *s)
{
    if (lg_buf_unread(&s->notif) == 0)
        return;
    lg_buf_append(&s->out, lg_buf_rptr(&s->notif), lg_buf_unread(&s->notif));
    lg_buf_reset(&s->notif);
}

void session_notify(session_t *s, uint32_t sender_pid, const char *channel, const char *payload)
{
    if (s->state != SESSION_ST_READY || s->destroyed || find_channel(s, channel) < 0)
        return;
    size_t clen = strlen(channel), plen = strlen(payload);
    lg_buf_putc(&s->notif, 'A');
    lg_buf_put_u32(&s->notif, (uint32_t)(4 + 4 + clen + 1 + plen + 1));
    lg_buf_put_u32(&s->notif, sender_pid);
    lg_buf_put_str(&s->notif, channel);
    lg_buf_put_str(&s->notif, payload);
    if (idle_outside_block(s)) {
        move_pending_out(s);
        session__flush(s);
    }
}

static void broadcast_one(void *arg, const char *channel, const char *payload)
{
    session_t *s = arg;
    if (s->env->notify)
        s->env->notify(s->env->ctx, s->pid, channel, payload);
}

void session__notify_before_ready(session_t *s)
{
    if (s->txn_status != 'I' || s->implicit_block)
        return;
    s->readying = true;
    exec_session_take_notifies(s->es, broadcast_one, s);
    s->readying = false;
    move_pending_out(s);
}

void session__notify_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    p->done = true;
    if (strcmp(st->tag, "LISTEN") == 0) {
        listen_stmt(s, true, st->name);
    } else if (strcmp(st->tag, "UNLISTEN") == 0) {
        listen_stmt(s, false, st->name);
    } else {
        lg_pgerr_t e;
        if (exec_session_notify(s->es, st->name, st->set_value, &e) != 0) {
            session__stmt_error(s, &e);
            p->cb(s, p, false);
            return;
        }
    }
    proto_be_command_complete(&s->out, st->tag);
    p->cb(s, p, true);
}
