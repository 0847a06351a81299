/* session.h - one client's PostgreSQL protocol state machine: startup, simple and extended
 * query, portals and prepared statements, transaction status (I/T/E), error-until-Sync,
 * settings (SET/SHOW), cancel keys, statement and idle timeouts. Loop thread only.
 *
 * The session does no I/O itself: the server gives it an input buffer and an interface to
 * write, pause/resume reading and close (session_io_t, implemented by server). Decoded
 * frames are views into the input buffer; the session copies what must outlive a frame
 * before consuming it. While a statement runs the session stops consuming input, so
 * pipelined messages wait in the buffer (the server stops reading past a high-water mark).
 */
#ifndef LG_SESSION_SESSION_H
#define LG_SESSION_SESSION_H
#include "exec.h"
#include "lg_buf.h"
#include "lg_err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct session session_t;

/* Implemented by server. Every call is idempotent where it makes sense (pause twice = once). */
typedef struct session_io {
    void *ctx;
    void (*write)(void *ctx, const void *data, size_t len); /* copies; queued in order */
    size_t (*pending)(void *ctx);                           /* bytes queued, not yet sent */
    void (*pause_read)(void *ctx);
    void (*resume_read)(void *ctx);
    /* Flushes queued output, then closes the connection; session_on_closed follows. */
    void (*close)(void *ctx);
} session_io_t;

/* Server-wide facts and services a session needs (owned by the server, outlives sessions). */
typedef struct session_env {
    uv_loop_t *loop;
    exec_t *exec;
    const char *dbname;       /* the only database name clients may ask for */
    size_t max_message_size;  /* regular messages; startup packets are capped at 10000 */
    size_t output_high_water; /* pause a statement while more than this is queued */
    /* CancelRequest: find the session with this key and cancel its statement. */
    void (*cancel)(void *ctx, uint32_t pid, uint32_t key);
    /* Reserves a connection slot after a valid startup; false = too many clients. */
    bool (*admit)(void *ctx);
    void *ctx;
    /* Optional: SHOW of a name that is no setting (e.g. litegres.replication_lag); true
     * with the value (NUL-terminated) in out. Called with show_ctx. */
    bool (*show_extra)(void *show_ctx, const char *name, char *out, size_t cap);
    void *show_ctx;
    /* A committed NOTIFY of the session with BackendKeyData pid sender_pid: offer it to
     * every session (session_notify), the sender included. Called with ctx. */
    void (*notify)(void *ctx, uint32_t sender_pid, const char *channel, const char *payload);
    /* pg_cancel_backend / pg_terminate_backend(pid) ran in a statement of this session:
     * cancel the statement of, or terminate, the session with BackendKeyData pid. */
    void (*signal_backend)(void *ctx, uint32_t pid, bool terminate);
} session_env_t;

session_t *session_new(const session_env_t *env, const session_io_t *io, lg_buf_t *in, uint32_t id);
/* New bytes were appended to `in` (or a paused session may continue). */
void session_on_input(session_t *s);
/* Queued output fell below the high-water mark. */
void session_on_drain(session_t *s);
/* The client went away (EOF or error): abort what runs, roll back, release everything.
 * The session frees itself when its last job is done; `done` is then called. */
void session_destroy(session_t *s, void (*done)(void *arg), void *arg);
/* Graceful shutdown: FATAL 57P01 to the client, then close. */
void session_terminate(session_t *s, const char *sqlstate, const char *message);
/* CancelRequest for this session if (pid, key) match; returns true when they matched. */
bool session_cancel_if(session_t *s, uint32_t pid, uint32_t key);
/* pg_cancel_backend: cancels the running statement, if any (loop). */
void session_cancel_statement(session_t *s);
uint32_t session_pid(const session_t *s);
/* A notification on `channel`: queued (and sent at once when the session is idle outside a
 * transaction block) if the session listens on it; ignored otherwise. */
void session_notify(session_t *s, uint32_t sender_pid, const char *channel, const char *payload);
/* A statement (or a message needing a job) is in progress. */
bool session_is_busy(const session_t *s);
bool session_is_admitted(const session_t *s);

#endif
