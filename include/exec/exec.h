/* exec.h - runs translated statements on SQLite: one writer connection, a pool of read-only
 * reader connections, jobs on libuv's thread pool, the writer lease for transactions.
 *
 * Threads: every function here is called on the loop thread (unless it says otherwise);
 * SQLite is touched only inside job bodies on pool threads. One `sqlite3 *` is used by one
 * thread at a time and travels with the job.
 *
 * Ordering: each exec_session_t runs its operations strictly one after another (a FIFO of
 * jobs), so a session may queue a close, a COMMIT and the next statement back to back.
 *
 * Routing (DESIGN.md §3, READ COMMITTED): an autocommit read takes any free reader; an
 * autocommit write waits for the writer and holds it for that statement; inside BEGIN,
 * statements run on readers until the first write, which takes the writer *lease* (and
 * runs BEGIN IMMEDIATE) until COMMIT/ROLLBACK; from then on every statement of the session
 * runs on the writer. READ ONLY transactions pin one reader (one snapshot); REPEATABLE
 * READ and SERIALIZABLE take the lease at their first statement (serial execution). */
#ifndef LG_EXEC_EXEC_H
#define LG_EXEC_EXEC_H
#include "lg_buf.h"
#include "lg_err.h"
#include "proto.h"
#include "translate.h"
#include "translate_lift.h"
#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

typedef struct exec exec_t;
typedef struct exec_session exec_session_t;
typedef struct exec_run exec_run_t;

typedef struct exec_config {
    const char *db_path;
    int reader_pool;                /* reader connections (default 8) */
    int workers;                    /* worker threads running jobs (default 4) */
    int busy_timeout_ms;            /* default 5000 */
    int64_t cache_size_kib;         /* per connection page cache (default 16384 KiB) */
    int64_t mmap_size;              /* default 256 MiB */
    size_t batch_bytes;             /* result batch size (default 64 KiB) */
    size_t translate_cache_entries; /* default 4096 */
    bool manual_checkpoint;         /* replication owns checkpoints: wal_autocheckpoint = 0 */
} exec_config_t;

/* Hooks main wires to the replicator (all called on the loop thread). */
typedef struct exec_hooks {
    void *ctx;
    /* After a write job committed: the WAL now holds `wal_frames` frames. `done` must be
     * called (on the loop) when the commit may be acknowledged to the client; with no
     * replication the hook is NULL and commits are acknowledged at once. */
    void (*on_commit)(void *ctx, uint64_t wal_frames, void (*done)(void *arg), void *arg);
} exec_hooks_t;

/* Session settings that change how values are executed and printed (copied by value into
 * every run). */
typedef struct exec_settings {
    char timezone[64];
    char datestyle[32];
    char intervalstyle[32];
    int extra_float_digits;
    int bytea_escape; /* bytea_output = escape (else hex) */
    char application_name[64];
    char user[64];
    char database[64];
    int32_t backend_pid;    /* the pid of BackendKeyData: pg_backend_pid() */
    bool default_read_only; /* default_transaction_read_only: autocommit writes are 25006 */
} exec_settings_t;

/* main thread, before the loop runs (blocking is allowed there): opens the database, takes
 * the lock file, applies PRAGMAs, opens the readers. On failure fills err. */
int exec_open(uv_loop_t *loop, const exec_config_t *cfg, exec_t **out, lg_pgerr_t *err);
void exec_set_hooks(exec_t *ex, const exec_hooks_t *hooks);
/* main thread, after the loop stopped: closes every connection. */
void exec_close(exec_t *ex);
/* Number of jobs in flight (for a bounded graceful shutdown). */
int exec_jobs_in_flight(const exec_t *ex);
translate_cache_t *exec_translate_cache(exec_t *ex);
/* Bumped by every committed DDL: clears the translation cache. */
void exec_schema_changed(exec_t *ex);

/* Translating on a worker: cb gets the result (a new reference) or err. A successful
 * translation is also stored in the translation cache (unless it is uncacheable). */
typedef void (*exec_translate_cb)(void *arg, translate_result_t *res, const lg_pgerr_t *err);
void exec_translate(exec_session_t *es, const char *sql, size_t len, int nparam_types,
                    const uint32_t *param_types, exec_translate_cb cb, void *arg);
/* Loop. Like exec_translate for a simple-protocol text, and also builds the template for
 * its literal-lifted form `lift` (owned by the job) into exec_translate_cache_lifted(). */
void exec_translate_lifted(exec_session_t *es, const char *sql, size_t len,
                           translate_lifted_t *lift, exec_translate_cb cb, void *arg);
/* Loop. The second-key cache: normalized text + literal types -> template (or a negative
 * entry with 0 statements). */
translate_cache_t *exec_translate_cache_lifted(exec_t *ex);

/* ---- sessions ---- */
exec_session_t *exec_session_new(exec_t *ex);
/* Rolls back whatever the session holds, releases it, then frees it; `done` (may be NULL)
 * runs when all of its jobs are finished. The session must not be used afterwards. */
void exec_session_close(exec_session_t *es, void (*done)(void *arg), void *arg);
/* Loop. The session created temporary tables: its statements must not use cached
 * translations (an unqualified name may be its own temporary table). */
bool exec_session_uses_temp(const exec_session_t *es);
void exec_session_set_settings(exec_session_t *es, const exec_settings_t *s);
/* Interrupts the running statement of this session (CancelRequest, statement_timeout):
 * it fails with 57014 and the given message. Safe at any time. */
void exec_session_cancel(exec_session_t *es, const char *message);
bool exec_session_busy(const exec_session_t *es);
bool exec_session_holds_lease(const exec_session_t *es);

/* ---- LISTEN / NOTIFY (exec_notify.c) ----
 * NOTIFY and pg_notify queue a notification on the session; it becomes ready when the
 * transaction commits (at once outside a block) and is dropped on rollback; duplicates in
 * one transaction collapse. */
typedef struct exec_notify exec_notify_t;
typedef void (*exec_notify_cb)(void *arg, const char *channel, const char *payload);
/* The NOTIFY statement (loop). 0, or LG_ESQL with err (22023: bad channel or payload). */
int exec_session_notify(exec_session_t *es, const char *channel, const char *payload,
                        lg_pgerr_t *err);
/* Calls cb for every ready notification in order, forgets them; returns how many (loop). */
size_t exec_session_take_notifies(exec_session_t *es, exec_notify_cb cb, void *arg);
/* pg_cancel_backend / pg_terminate_backend calls of the session's finished statements, in
 * order; cleared. Loop. */
typedef void (*exec_signal_cb)(void *arg, int32_t pid, bool terminate);
size_t exec_session_take_signals(exec_session_t *es, exec_signal_cb cb, void *arg);
/* What pg_stat_activity shows for the session (loop): state, and when query is non-NULL
 * the statement now starting (its first 1023 bytes). */
enum { EXEC_STATE_IDLE, EXEC_STATE_ACTIVE, EXEC_STATE_IDLE_TXN, EXEC_STATE_IDLE_TXN_ABORTED };
void exec_session_set_state(exec_session_t *es, int state, const char *query, size_t len);

/* ---- settings as SQL functions see them (exec_settings.c) ----
 * The session hands over a snapshot of all its settings (names as SHOW spells them,
 * values as SHOW prints them) whenever one changes; current_setting / set_config /
 * pg_settings read it. set_config's changes come back per run. Loop. */
void exec_session_set_gucs(exec_session_t *es, size_t n, const char *const *names,
                           const char *const *values);
typedef void (*exec_guc_change_cb)(void *arg, const char *name, const char *value, bool is_local);
/* Calls cb for every set_config() the run made so far, in order, and forgets them. */
void exec_run_take_guc_changes(exec_run_t *run, exec_guc_change_cb cb, void *arg);

/* pg_advisory_unlock_all() for the session (DISCARD ALL). Loop. */
void exec_session_unlock_all(exec_session_t *es);

/* ---- transactions ---- */
typedef void (*exec_done_cb)(void *arg, const lg_pgerr_t *err); /* err NULL on success */
/* Opens a transaction block (no SQLite work until the first statement). */
void exec_txn_begin(exec_session_t *es, translate_isolation_t iso, int read_only);
bool exec_txn_active(const exec_session_t *es);
bool exec_txn_read_only(const exec_session_t *es);
/* COMMIT (commit=true) or ROLLBACK of the block; a block that failed is always rolled back. */
void exec_txn_end(exec_session_t *es, bool commit, exec_done_cb cb, void *arg);
/* SAVEPOINT / RELEASE / ROLLBACK TO name (takes the lease if needed). */
void exec_txn_savepoint(exec_session_t *es, translate_txn_kind_t kind, const char *name,
                        exec_done_cb cb, void *arg);
/* How long to wait for the writer lease before failing with 55P03 (0 = forever). */
void exec_session_set_lock_timeout(exec_session_t *es, uint64_t ms);

/* ---- statement runs ---- */
typedef enum {
    EXEC_RUN_DONE = 0,      /* CommandComplete was appended to the output */
    EXEC_RUN_MORE = 1,      /* a batch is ready; call exec_run_step again for more */
    EXEC_RUN_SUSPENDED = 2, /* max_rows reached; PortalSuspended was appended */
    EXEC_RUN_ERROR = -1,    /* exec_run_error() says why; nothing more to run */
} exec_run_status_t;

typedef void (*exec_run_cb)(exec_run_t *run, exec_run_status_t st, void *arg);

/* Creates a run of statement `idx` of `tr` (takes a reference). */
exec_run_t *exec_run_new(exec_session_t *es, translate_result_t *tr, size_t idx);
/* Copies the parameters (values may be NULL for SQL NULL; formats 0 text / 1 binary). */
void exec_run_set_params(exec_run_t *run, int n, const uint32_t *types, const uint8_t *const *vals,
                         const int32_t *lens, const int16_t *fmts);
/* Gives dst a copy of the parameters (types, values, formats) set on src; a type src leaves
 * unspecified (0) becomes the one dst's statement translation inferred. */
void exec_run_copy_params(exec_run_t *dst, const exec_run_t *src);
/* Result column formats: n = 0 (all text), 1 (all the same) or one per column. */
void exec_run_set_result_formats(exec_run_t *run, int n, const int16_t *fmts);
/* Whether the first step appends a RowDescription (simple query protocol). */
void exec_run_set_row_description(exec_run_t *run, bool on);
/* Extended protocol: a portal Describe followed at once by Execute is answered by the first
 * step itself (RowDescription, or NoData for a statement without rows): no separate job. */
void exec_run_set_describe(exec_run_t *run);
/* COPY ... TO STDOUT: rows go out as CopyData lines in text or CSV format (or as tuples of
 * the binary format, between its header and trailer), preceded by CopyOutResponse (and a
 * header line when asked) and followed by CopyDone; the command tag becomes "COPY n". */
typedef struct exec_copy_format {
    char format; /* 't' text, 'c' csv, 'b' binary */
    char delim;
    char quote;
    char escape;
    bool header;
    const char *null;        /* copied */
    const char *force_quote; /* copied: "*", or column names each ended by '\n'; NULL none */
} exec_copy_format_t;
void exec_run_set_copy_out(exec_run_t *run, const exec_copy_format_t *f);

/* SQL cursor mode (FETCH): every step is one FETCH; it starts with a RowDescription and ends
 * with CommandComplete "FETCH n" (n = rows of this step), also when the row limit stops it
 * (instead of PortalSuspended); exec_run_exhausted() then says whether rows remain. */
void exec_run_set_fetch(exec_run_t *run);
/* A cursor declared WITH HOLD, which outlives transactions: its statement always runs on a
 * reader of its own (never the writer or a transaction's pinned reader), which it keeps
 * until it is exhausted or closed. Loop. */
void exec_run_set_held(exec_run_t *run);
bool exec_run_exhausted(const exec_run_t *run);

/* Resolves parameter types and result columns without executing; cb gets DONE or ERROR.
 * Afterwards exec_run_fields / exec_run_param_types are valid. */
void exec_run_describe(exec_run_t *run, exec_run_cb cb, void *arg);
/* Runs (or continues) the statement: up to max_rows rows (0 = all) and one batch of output
 * per call. Output is appended to exec_run_output(). */
void exec_run_step(exec_run_t *run, uint32_t max_rows, exec_run_cb cb, void *arg);
/* Releases the run (its statement and connection) and frees it after its job, if any. */
void exec_run_close(exec_run_t *run);

lg_buf_t *exec_run_output(exec_run_t *run);
const lg_pgerr_t *exec_run_error(const exec_run_t *run);
/* Result columns (NULL / 0 when the statement returns no rows). */
const proto_field_t *exec_run_fields(const exec_run_t *run, uint16_t *n);
const uint32_t *exec_run_param_types(const exec_run_t *run, int *n);
bool exec_run_started(const exec_run_t *run);
const translate_stmt_t *exec_run_stmt(const exec_run_t *run);

/* ---- replication support ---- */
/* Runs a checkpoint on the writer as a work item. mode: "PASSIVE", "RESTART", "TRUNCATE".
 * cb gets the SQLite result code and the WAL frame counts. */
typedef void (*exec_checkpoint_cb)(void *arg, int rc, int wal_frames, int checkpointed);
void exec_checkpoint(exec_t *ex, const char *mode, exec_checkpoint_cb cb, void *arg);
const char *exec_db_path(const exec_t *ex);
/* Like exec_checkpoint, for replication (manual_checkpoint): runs only if the WAL still ends
 * exactly at frame `wal_frames` of checkpoint sequence `ckpt_seq` (the position the
 * replicator shipped), and does not wait for readers (RESTART/TRUNCATE then return
 * SQLITE_BUSY after backfilling what they can). When the WAL has moved, nothing runs and cb
 * gets rc -1. */
void exec_checkpoint_if(exec_t *ex, const char *mode, uint32_t ckpt_seq, uint32_t wal_frames,
                        exec_checkpoint_cb cb, void *arg);
/* manual_checkpoint: the writer's WAL position after its latest commit - the WAL header's
 * checkpoint sequence and sqlite3_wal_hook's frame count - (0, 0) before the first commit.
 * Read on the loop while the writer may be committing again: the value is that commit's or
 * a later one's, never an earlier one's. */
void exec_wal_position(const exec_t *ex, uint32_t *ckpt_seq, uint32_t *wal_frames);
/* Takes the writer and keeps it (other writes queue up) so that the WAL stops moving while
 * the replicator ships its tail; cb runs once it is held. The next exec_checkpoint_if()
 * runs on it and then releases it; exec_writer_unhold() releases it without one. */
void exec_writer_hold(exec_t *ex, void (*cb)(void *arg), void *arg);
void exec_writer_unhold(exec_t *ex);

#endif
