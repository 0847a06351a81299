/* exec_notify.c - the transactional half of NOTIFY / pg_notify: notifications a session
 * queued and whether they are delivered.
 *
 * A notification is queued on its session (by the NOTIFY statement on the loop, or by
 * pg_notify inside SQLite on the worker running the session's job - never both at once, as
 * a session runs one job at a time). It stays pending until the transaction ends: a commit
 * (or the end of a successful autocommit statement) moves the pending list to the ready
 * list, a rollback or a failed autocommit statement drops it. Duplicates (same channel and
 * payload) within one transaction collapse into the first. The session takes the ready
 * list on the loop and hands it to the server, which delivers to listeners. */
#include "exec_int.h"
#include "lg_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTIFY_PAYLOAD_MAX 7999 /* PostgreSQL: payload must be shorter than 8000 bytes */
#define NOTIFY_CHANNEL_MAX 63   /* NAMEDATALEN - 1 */

struct exec_notify {
    char *channel;
    char *payload;
    struct exec_notify *next;
};

static void list_free(exec_notify_t *n)
{
    while (n) {
        exec_notify_t *next = n->next;
        free(n->channel);
        free(n->payload);
        free(n);
        n = next;
    }
}

/* Validates like PostgreSQL's Async_Notify; 0 or an error in err. */
static int check(const char *channel, const char *payload, lg_pgerr_t *err)
{
    if (!channel[0])
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "channel name cannot be empty");
    if (strlen(channel) > NOTIFY_CHANNEL_MAX)
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE, "channel name too long");
    if (strlen(payload) > NOTIFY_PAYLOAD_MAX)
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE, "payload string too long");
    return 0;
}

static void queue(exec_session_t *es, const char *channel, const char *payload)
{
    exec_notify_t **pp = &es->notify_pending;
    for (; *pp; pp = &(*pp)->next)
        if (strcmp((*pp)->channel, channel) == 0 && strcmp((*pp)->payload, payload) == 0)
            return;
    exec_notify_t *n = lg_xcalloc(1, sizeof(*n));
    n->channel = lg_xstrdup(channel);
    n->payload = lg_xstrdup(payload);
    *pp = n;
}

void exec__notify_end(exec_session_t *es, bool committed)
{
    exec_notify_t *p = es->notify_pending;
    es->notify_pending = NULL;
    if (!committed) {
        list_free(p);
        return;
    }
    exec_notify_t **tail = &es->notify_ready;
    while (*tail)
        tail = &(*tail)->next;
    *tail = p;
}

void exec__notify_free(exec_session_t *es)
{
    list_free(es->notify_pending);
    list_free(es->notify_ready);
    es->notify_pending = es->notify_ready = NULL;
}

int exec_session_notify(exec_session_t *es, const char *channel, const char *payload,
                        lg_pgerr_t *err)
{
    if (check(channel, payload ? payload : "", err) != 0)
        return LG_ESQL;
    queue(es, channel, payload ? payload : "");
    if (!es->in_txn)
        exec__notify_end(es, true);
    return 0;
}

size_t exec_session_take_notifies(exec_session_t *es, exec_notify_cb cb, void *arg)
{
    exec_notify_t *n = es->notify_ready;
    es->notify_ready = NULL;
    size_t k = 0;
    for (exec_notify_t *i = n; i; i = i->next, k++)
        cb(arg, i->channel, i->payload);
    list_free(n);
    return k;
}

/* pg_notify(channel, payload) (worker): queued on the calling session; returns void (''). */
static void fn_pg_notify(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    exec_job_t *job = exec__current();
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_error(ctx, "22023:channel name cannot be empty", -1);
        return;
    }
    const char *ch = (const char *)sqlite3_value_text(argv[0]);
    const char *pl =
        sqlite3_value_type(argv[1]) == SQLITE_NULL ? "" : (const char *)sqlite3_value_text(argv[1]);
    lg_pgerr_t e;
    if (check(ch, pl, &e) != 0) {
        char m[300];
        snprintf(m, sizeof(m), "%.5s:%.280s", e.sqlstate, e.message);
        sqlite3_result_error(ctx, m, -1);
        return;
    }
    if (job)
        queue(job->es, ch, pl);
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

int exec__notify_register(sqlite3 *db)
{
    if (sqlite3_create_function_v2(db, "pg_notify", 2, SQLITE_UTF8, NULL, fn_pg_notify, NULL, NULL,
                                   NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
