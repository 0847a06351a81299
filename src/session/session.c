/* session.c - session lifecycle, input framing, the startup phase, message dispatch and
 * the output buffer. Loop thread.
 *
 * Startup: SSLRequest/GSSENCRequest are answered 'N' (no TLS yet); CancelRequest is
 * forwarded to the server and the connection closed; a 3.x StartupMessage is checked
 * (user present, database = the served name, a free slot), answered with
 * NegotiateProtocolVersion when it asks for 3.x>0 or _pq_ options, then
 * AuthenticationOk, ParameterStatus for every reported setting, BackendKeyData and
 * ReadyForQuery. A malformed or oversize message is answered with FATAL 08P01 and the
 * connection is closed. */
#include "session_int.h"
#include "lg_alloc.h"
#include "lg_log.h"
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STARTUP_MAX 10000
#define INPUT_HIGH_WATER (1u << 20)
#define OUT_MAX (64u << 20)

static void on_timer_closed(uv_handle_t *h);

session_t *session_new(const session_env_t *env, const session_io_t *io, lg_buf_t *in, uint32_t id)
{
    session_t *s = lg_xcalloc(1, sizeof(*s));
    s->env = env;
    s->io = *io;
    s->in = in;
    s->id = id;
    s->pid = id;
    if (RAND_bytes((unsigned char *)&s->key, sizeof(s->key)) != 1)
        s->key = (uint32_t)random() ^ (id * 2654435761u);
    s->txn_status = 'I';
    lg_buf_init(&s->out, OUT_MAX);
    lg_buf_init(&s->notif, OUT_MAX);
    s->es = exec_session_new(env->exec);
    uv_timer_init(env->loop, &s->stmt_timer);
    uv_timer_init(env->loop, &s->idle_timer);
    s->stmt_timer.data = s;
    s->idle_timer.data = s;
    s->open_handles = 2;
    session__guc_init(s);
    return s;
}

uint32_t session_pid(const session_t *s)
{
    return s->pid;
}

bool session_is_busy(const session_t *s)
{
    return s->busy;
}

bool session_is_admitted(const session_t *s)
{
    return s->admitted;
}

bool session_cancel_if(session_t *s, uint32_t pid, uint32_t key)
{
    if (s->pid != pid || s->key != key || s->state != SESSION_ST_READY)
        return false;
    if (s->busy)
        exec_session_cancel(s->es, "canceling statement due to user request");
    return true;
}

void session_cancel_statement(session_t *s)
{
    if (s->state == SESSION_ST_READY && s->busy)
        exec_session_cancel(s->es, "canceling statement due to user request");
}

/* ---- output ---- */

void session__flush(session_t *s)
{
    if (s->out.len > s->out.off && !s->destroyed)
        s->io.write(s->io.ctx, lg_buf_rptr(&s->out), lg_buf_unread(&s->out));
    lg_buf_reset(&s->out);
}

void session__send_error(session_t *s, const lg_pgerr_t *e)
{
    proto_be_error(&s->out, e, false);
}

/* Rank of a client_min_messages level (PostgreSQL's order for what goes to the client). */
static int message_rank(const char *level)
{
    static const char *const k_levels[] = {"debug5", "debug4", "debug3", "debug2",  "debug1",
                                           "log",    "info",   "notice", "warning", "error"};
    for (size_t i = 0; i < sizeof(k_levels) / sizeof(k_levels[0]); i++)
        if (strcasecmp(level, k_levels[i]) == 0)
            return (int)i;
    return 7; /* notice, the default */
}

void session__notice_detail(session_t *s, const char *severity, const char *sqlstate,
                            const char *msg, const char *detail)
{
    if (message_rank(severity) < message_rank(session__guc_get(s, "client_min_messages")))
        return; /* below client_min_messages */
    lg_pgerr_t n;
    lg_pgerr_set(&n, sqlstate, "%s", msg);
    if (detail && detail[0])
        lg_pgerr_detail(&n, "%s", detail);
    snprintf(n.severity, sizeof(n.severity), "%s", severity);
    proto_be_error(&s->out, &n, true);
}

void session__notice_sev(session_t *s, const char *severity, const char *sqlstate, const char *msg)
{
    session__notice_detail(s, severity, sqlstate, msg, NULL);
}

void session__notice(session_t *s, const char *sqlstate, const char *msg)
{
    /* 00000 is an informational NOTICE (IF EXISTS skips); other states warn */
    session__notice_sev(s, strcmp(sqlstate, "00000") ? "WARNING" : "NOTICE", sqlstate, msg);
}

void session__fatal(session_t *s, const char *sqlstate, const char *fmt, ...)
{
    lg_pgerr_t e;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    lg_pgerr_set(&e, sqlstate, "%s", msg);
    lg_pgerr_fatal(&e);
    proto_be_error(&s->out, &e, false);
    session__flush(s);
    s->state = SESSION_ST_CLOSING;
    s->io.close(s->io.ctx);
}

void session_terminate(session_t *s, const char *sqlstate, const char *message)
{
    if (s->state == SESSION_ST_CLOSING || s->destroyed)
        return;
    if (s->busy)
        exec_session_cancel(s->es, message);
    session__fatal(s, sqlstate, "%s", message);
}

static void on_idle_timeout(uv_timer_t *t)
{
    session_t *s = t->data;
    lg_info("conn %u: idle-in-transaction timeout", s->id);
    session__fatal(s, LG_SQLSTATE_IDLE_IN_TRANSACTION_TIMEOUT,
                   "terminating connection due to idle-in-transaction timeout");
}

static void signal_one(void *arg, int32_t pid, bool terminate)
{
    session_t *s = arg;
    if (s->env->signal_backend)
        s->env->signal_backend(s->env->ctx, (uint32_t)pid, terminate);
}

void session__ready(session_t *s)
{
    /* not flushed here: the input loop flushes once it has nothing more to do, so a
     * query's results and its ReadyForQuery usually leave in one write */
    exec_session_take_signals(s->es, signal_one, s);
    if (s->state == SESSION_ST_CLOSING || s->destroyed)
        return; /* it terminated itself */
    exec_session_set_state(s->es,
                           s->txn_status == 'T'   ? EXEC_STATE_IDLE_TXN
                           : s->txn_status == 'E' ? EXEC_STATE_IDLE_TXN_ABORTED
                                                  : EXEC_STATE_IDLE,
                           NULL, 0);
    session__notify_before_ready(s);
    proto_be_ready_for_query(&s->out, s->txn_status);
    if (s->txn_status != 'I' && s->idle_txn_timeout_ms > 0)
        uv_timer_start(&s->idle_timer, on_idle_timeout, s->idle_txn_timeout_ms, 0);
}

void session__errorf(session_t *s, const char *sqlstate, const char *fmt, ...)
{
    lg_pgerr_t e;
    char msg[LG_PGERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    lg_pgerr_set(&e, sqlstate, "%s", msg);
    session__stmt_error(s, &e);
}

void session__stmt_error(session_t *s, const lg_pgerr_t *e)
{
    if (e->position > 0 && s->q_sql && s->q_base > 0) {
        /* a statement translated after an earlier DDL one: its positions count from its
         * own text (session_simple.c); the client's count from the whole query */
        lg_pgerr_t moved = *e;
        for (size_t i = 0; i < s->q_base && i < s->q_sql_len; i++)
            if (((uint8_t)s->q_sql[i] & 0xC0) != 0x80)
                moved.position++;
        session__send_error(s, &moved);
    } else {
        session__send_error(s, e);
    }
    if (s->txn_status == 'T')
        s->txn_status = 'E';
    if (s->implicit_block)
        s->implicit_failed = true;
}

/* ---- startup ---- */

static void send_startup_ok(session_t *s)
{
    proto_be_auth_ok(&s->out);
    session__guc_report_all(s);
    proto_be_backend_key_data(&s->out, s->pid, s->key);
    s->state = SESSION_ST_READY;
    snprintf(s->xs.user, sizeof(s->xs.user), "%s", s->user);
    snprintf(s->xs.database, sizeof(s->xs.database), "%s", s->env->dbname);
    s->xs.backend_pid = (int32_t)s->pid;
    exec_session_set_settings(s->es, &s->xs);
    session__ready(s);
}

static void negotiate(session_t *s, const proto_startup_t *st)
{
    const char *opts[PROTO_MAX_STARTUP_PARAMS];
    size_t n = 0;
    for (size_t i = 0; i < st->nparams; i++)
        if (strncmp(st->names[i], "_pq_.", 5) == 0)
            opts[n++] = st->names[i];
    if ((st->version & 0xffff) > 0 || n > 0)
        proto_be_negotiate_version(&s->out, PROTO_VERSION_3_0, n, opts);
}

static void startup_message(session_t *s, const proto_startup_t *st)
{
    const char *user = NULL, *db = NULL;
    for (size_t i = 0; i < st->nparams; i++) {
        if (strcmp(st->names[i], "user") == 0)
            user = st->names[i] ? st->values[i] : NULL;
        else if (strcmp(st->names[i], "database") == 0)
            db = st->values[i];
    }
    negotiate(s, st);
    if (!user || !user[0]) {
        session__fatal(s, LG_SQLSTATE_INVALID_AUTHORIZATION,
                       "no PostgreSQL user name specified in startup packet");
        return;
    }
    if (!db || !db[0])
        db = user;
    if (strcmp(db, s->env->dbname) != 0) {
        session__fatal(s, LG_SQLSTATE_INVALID_CATALOG_NAME, "database \"%s\" does not exist", db);
        return;
    }
    if (!s->env->admit(s->env->ctx)) {
        session__fatal(s, LG_SQLSTATE_TOO_MANY_CONNECTIONS, "sorry, too many clients already");
        return;
    }
    s->admitted = true;
    snprintf(s->user, sizeof(s->user), "%s", user);
    for (size_t i = 0; i < st->nparams; i++) {
        lg_pgerr_t err;
        if (strncmp(st->names[i], "_pq_.", 5) == 0 || strcmp(st->names[i], "user") == 0 ||
            strcmp(st->names[i], "database") == 0 || strcmp(st->names[i], "replication") == 0)
            continue;
        if (session__guc_startup(s, st->names[i], st->values[i], &err) != 0) {
            lg_pgerr_fatal(&err);
            proto_be_error(&s->out, &err, false);
            session__flush(s);
            s->state = SESSION_ST_CLOSING;
            s->io.close(s->io.ctx);
            return;
        }
    }
    send_startup_ok(s);
}

static void startup_packet(session_t *s, const uint8_t *body, size_t len)
{
    proto_startup_t st;
    if (proto_decode_startup(body, len, &st) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid startup packet layout");
        return;
    }
    switch (st.kind) {
    case PROTO_STARTUP_SSL_REQUEST:
    case PROTO_STARTUP_GSSENC_REQUEST:
        lg_buf_putc(&s->out, 'N');
        session__flush(s);
        return;
    case PROTO_STARTUP_CANCEL_REQUEST:
        s->env->cancel(s->env->ctx, st.cancel_pid, st.cancel_key);
        s->state = SESSION_ST_CLOSING;
        s->io.close(s->io.ctx);
        return;
    case PROTO_STARTUP_BAD_VERSION: {
        session__fatal(s, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "unsupported frontend protocol %u.%u: server supports 3.0 to 3.0",
                       st.version >> 16, st.version & 0xffff);
        return;
    }
    case PROTO_STARTUP_MESSAGE:
        startup_message(s, &st);
        return;
    }
}

/* ---- regular messages ---- */

static void dispatch(session_t *s, uint8_t type, const uint8_t *body, size_t len)
{
    uv_timer_stop(&s->idle_timer);
    if (s->copy) {
        session__copy_message(s, type, body, len);
        return;
    }
    switch (type) {
    case PROTO_MSG_QUERY:
        session__simple_query(s, body, len);
        return;
    case PROTO_MSG_PARSE:
    case PROTO_MSG_BIND:
    case PROTO_MSG_DESCRIBE:
    case PROTO_MSG_EXECUTE:
    case PROTO_MSG_CLOSE:
    case PROTO_MSG_SYNC:
    case PROTO_MSG_FLUSH:
        session__extended(s, type, body, len);
        return;
    case PROTO_MSG_TERMINATE:
        s->state = SESSION_ST_CLOSING;
        session__flush(s);
        s->io.close(s->io.ctx);
        return;
    case PROTO_MSG_COPY_DATA:
    case PROTO_MSG_COPY_DONE:
    case PROTO_MSG_COPY_FAIL:
        return; /* outside COPY these are ignored, as PostgreSQL does */
    case PROTO_MSG_FUNCTION_CALL: {
        lg_pgerr_t e;
        lg_pgerr_set(&e, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "the fast-path function call protocol is not supported");
        session__stmt_error(s, &e);
        session__ready(s);
        return;
    }
    default:
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid frontend message type %d", type);
    }
}

static bool process_one(session_t *s)
{
    const uint8_t *p = lg_buf_rptr(s->in);
    size_t n = lg_buf_unread(s->in), flen = 0;
    uint8_t type = 0;
    int r = s->state == SESSION_ST_STARTUP
                ? proto_frame_startup(p, n, STARTUP_MAX, &flen)
                : proto_frame_regular(p, n, s->env->max_message_size, &type, &flen);
    if (r == PROTO_NEED_MORE)
        return false;
    if (r != PROTO_OK) {
        char sample[64];
        lg_log_sanitize(sample, sizeof(sample), p, n < 16 ? n : 16);
        lg_warn("conn %u: %s message (first bytes: %s)", s->id,
                r == PROTO_TOO_LARGE ? "oversize" : "malformed", sample);
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION,
                       r == PROTO_TOO_LARGE ? "message too large (limit %zu bytes)"
                                            : "invalid message format%.0zu",
                       s->env->max_message_size);
        return false;
    }
    s->in_dispatch = true;
    if (s->state == SESSION_ST_STARTUP)
        startup_packet(s, p + 4, flen - 4);
    else
        dispatch(s, type, p + 5, flen - 5);
    s->in_dispatch = false;
    lg_buf_consume(s->in, flen);
    return true;
}

static void update_read_pause(session_t *s)
{
    bool pause = s->busy && lg_buf_unread(s->in) >= INPUT_HIGH_WATER;
    if (pause && !s->read_paused)
        s->io.pause_read(s->io.ctx);
    else if (!pause && s->read_paused)
        s->io.resume_read(s->io.ctx);
    s->read_paused = pause;
}

void session_on_input(session_t *s)
{
    while (!s->busy && !s->destroyed && s->state != SESSION_ST_CLOSING && process_one(s))
        ;
    /* Flush only when waiting for the client; while a statement runs, its results join
     * what is buffered (PostgreSQL flushes before it blocks on input, too). */
    if (!s->busy && !s->destroyed && s->state != SESSION_ST_CLOSING)
        session__flush(s);
    if (!s->destroyed)
        update_read_pause(s);
}

void session__continue(session_t *s)
{
    s->busy = false;
    if (s->in_dispatch)
        return; /* finished synchronously: the input loop goes on by itself */
    if (s->destroyed) {
        session_destroy(s, s->destroy_done, s->destroy_arg);
        return;
    }
    session_on_input(s);
}

void session_on_drain(session_t *s)
{
    if (!s->destroyed)
        session__on_drain(s);
}

/* ---- teardown ---- */

static void on_exec_closed(void *arg)
{
    session_t *s = arg;
    if (--s->open_handles == 0) {
        if (s->destroy_done)
            s->destroy_done(s->destroy_arg);
        free(s);
    }
}

static void on_timer_closed(uv_handle_t *h)
{
    on_exec_closed(h->data);
}

void session_destroy(session_t *s, void (*done)(void *arg), void *arg)
{
    s->destroy_done = done;
    s->destroy_arg = arg;
    if (!s->destroyed) {
        s->destroyed = true;
        s->state = SESSION_ST_CLOSING;
        exec_session_cancel(s->es, "terminating connection");
    }
    if (s->copy && !s->busy) {
        session__copy_abort(s, "connection closed during COPY");
        return; /* the COPY statement's end comes back through session__continue */
    }
    if (s->busy || s->torn_down)
        return; /* a running statement comes back through session__continue */
    s->torn_down = true;
    session__drop_portals(s, SESSION_ALL_PORTALS);
    session__free_prepared(s);
    free(s->q_sql);
    s->q_sql = NULL;
    if (s->q_tr) {
        translate_result_unref(s->q_tr);
        s->q_tr = NULL;
    }
    session__guc_free(s);
    session__listen_free(s);
    lg_buf_deinit(&s->out);
    s->open_handles = 3;
    uv_close((uv_handle_t *)&s->stmt_timer, on_timer_closed);
    uv_close((uv_handle_t *)&s->idle_timer, on_timer_closed);
    exec_session_close(s->es, on_exec_closed, s);
}
