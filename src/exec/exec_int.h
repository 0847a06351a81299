/* exec_int.h - private structures of the exec module.
 *
 * Ownership: exec_t owns the connections; a connection is lent to exactly one job (and so
 * one thread) at a time. exec_session_t owns its job FIFO; a job at the head of the FIFO
 * first acquires what it needs (a reader, the writer, or nothing), then runs on the pool;
 * its after-work callback (loop) releases what the job does not keep, calls the owner's
 * callback and pumps the FIFO again. */
#ifndef LG_EXEC_INT_H
#define LG_EXEC_INT_H
#include "exec.h"
#include "exec_pool.h"
#include "pgtype_style.h"
#include <sqlite3.h>
#include <stdatomic.h>

#define EXEC_STMT_CACHE 64

typedef struct exec_gucs exec_gucs_t; /* exec_settings.c */
/* A NoticeResponse (severity NOTICE, WARNING, INFO, LOG or DEBUGn) from the running
 * statement's code (PL/pgSQL RAISE, advisory unlock), appended to its output when
 * client_min_messages lets it through. Worker. */
void exec__client_notice(const char *severity, const char *sqlstate, const char *msg,
                         const char *hint);
typedef struct exec_guc_change exec_guc_change_t; /* exec_settings.c */

typedef struct exec_cached_stmt {
    char *sql;
    sqlite3_stmt *st;
    uint64_t last_used;
    bool in_use;
} exec_cached_stmt_t;

#define EXEC_TYPE_CACHE 256

/* Recorded PostgreSQL type of one table column (per connection). */
typedef struct exec_type_cache {
    char key[128]; /* "table\0column" */
    bool filled;
    uint32_t oid;
    int32_t typmod;
    uint32_t table_oid; /* pg_class OID of the table, for RowDescription */
    int16_t attnum;
} exec_type_cache_t;

/* What readers need to know to keep a snapshot between statements (exec_snap.c): written
 * by the writer's job and the loop, read by workers. */
typedef struct exec_snap_state {
    _Atomic uint64_t commit_seq; /* bumped after each commit on the writer */
    atomic_bool wal_long;        /* the WAL has reached EXEC_SNAP_WAL_FRAMES */
    atomic_int ckpt_waiting;     /* checkpoints asked for and not yet done */
} exec_snap_state_t;

/* WAL frames past which readers stop keeping snapshots, so that the checkpoint (SQLite's
 * default threshold, also litegres' autocheckpoint) can finish and the WAL start over. */
#define EXEC_SNAP_WAL_FRAMES 1000

typedef struct exec_conn {
    sqlite3 *db;
    bool writer;
    struct exec_conn *next_free;
    exec_cached_stmt_t cache[EXEC_STMT_CACHE];
    uint64_t tick;
    uint64_t schema_seen; /* exec_t.schema_gen when type_cache was last valid */
    exec_type_cache_t type_cache[EXEC_TYPE_CACHE];
    atomic_int *cancel;  /* flag of the job using this connection (progress handler) */
    uint64_t wal_frames; /* writer: frames in the WAL after the last commit (wal hook) */
    int autocheckpoint;  /* writer: frames that trigger a PASSIVE checkpoint, 0 = never */
    char timezone[64];   /* TimeZone last given to the date/time functions */
    char info_user[64];  /* user and database the SQL functions report (set at first use) */
    char info_db[64];
    bool info_set;
    /* writer with manual_checkpoint: the -wal file (read-only, opened lazily, -1 = not yet)
     * and (WAL header checkpoint sequence << 32 | frames) after the last commit */
    int wal_fd;
    _Atomic uint64_t wal_pos;
    struct exec_pl *pl; /* PL runtime state (exec_pl.c), owned by the SQLite connection */
    /* reader: a read transaction kept open between statements (exec_snap.c) */
    exec_snap_state_t *snap; /* exec_t's */
    bool kept;
    uint64_t kept_seq; /* snap->commit_seq when the kept transaction began */
    sqlite3_stmt *begin_st, *commit_st;
} exec_conn_t;

typedef struct exec_waiter {
    exec_session_t *es;
    struct exec_waiter *next;
} exec_waiter_t;

#define EXEC_MAX_SIGNALS 16

/* One client session as pg_stat_activity lists it (exec_activity.c). */
typedef struct exec_activity {
    exec_session_t *es;
    int32_t pid;
    char user[64], db[64], app[64];
    int state;                                /* EXEC_STATE_* */
    int64_t start, state_change, query_start; /* usec since the Unix epoch, 0 = never */
    char query[1024];                         /* the latest statement's text (cut) */
} exec_activity_t;

struct exec {
    uv_loop_t *loop;
    uv_mutex_t act_mu; /* guards acts: written on the loop, read by workers */
    exec_activity_t *acts;
    int nacts, cap_acts;
    exec_config_t cfg;
    char *path;
    int lock_fd;
    exec_conn_t *writer;
    exec_session_t *writer_owner; /* lease holder or autocommit job, NULL = free */
    exec_session_t *writer_q_head, *writer_q_tail;
    exec_conn_t *readers;
    int nreaders;
    exec_conn_t *free_readers;
    exec_session_t *reader_q_head, *reader_q_tail;
    int jobs_in_flight;
    exec_pool_t *pool;
    uint64_t schema_gen;
    translate_cache_t *tcache;
    translate_cache_t *tcache_lift; /* second key: literals lifted (translate_lift.h) */
    exec_hooks_t hooks;
    exec_session_t *sys_session; /* runs checkpoints */
    /* finished jobs and runs kept for reuse (loop thread): each is a few KiB, past malloc's
     * per-thread cache, and a point select needs one of each */
    struct exec_job *spare_jobs;
    struct exec_run *spare_runs;
    int nspare_jobs, nspare_runs;
    exec_snap_state_t snap;
    uv_timer_t *snap_timer; /* while free readers keep snapshots: ends the stale ones */
    bool snap_timer_on;
    bool snap_ok; /* the database is in WAL mode: readers may keep snapshots */
};

typedef enum {
    JOB_TRANSLATE = 1,
    JOB_DESCRIBE,
    JOB_STEP,
    JOB_CLOSE,
    JOB_TXN_END,
    JOB_SAVEPOINT,
    JOB_SESSION_CLOSE,
    JOB_CHECKPOINT,
    JOB_HOLD, /* takes the writer for the replicator and keeps it */
} exec_job_kind_t;

typedef enum { NEED_NONE = 0, NEED_READ, NEED_WRITE } exec_need_t;

typedef struct exec_job {
    exec_pool_item_t item; /* first: the pool hands it back */
    exec_job_kind_t kind;
    exec_session_t *es;
    exec_t *ex;
    exec_run_t *run;
    exec_conn_t *conn;
    struct exec_job *next;
    bool begin_first;   /* run BEGIN IMMEDIATE / BEGIN before the job's own work */
    bool fresh_reader;  /* conn came from the free readers for this job */
    bool keep_snapshot; /* ... and the job may run in (and keep) its kept snapshot */
    const char *begin_sql;
    atomic_int *cancel;
    lg_pgerr_t err;
    int rc;
    /* JOB_TRANSLATE */
    char *sql;
    size_t sql_len;
    int nparam_types;
    uint32_t *param_types;
    translate_result_t *tres;
    translate_lifted_t *lift; /* also build the lifted template (owned) */
    translate_result_t *tmpl; /* ... the template or a negative entry */
    uint64_t schema_gen;      /* when the translation started */
    exec_translate_cb tcb;
    /* JOB_TXN_END / JOB_SAVEPOINT */
    bool commit;
    translate_txn_kind_t sp_kind;
    char sp_sql[320];
    exec_done_cb dcb;
    /* JOB_STEP / JOB_DESCRIBE */
    uint32_t max_rows;
    exec_run_cb rcb;
    exec_run_status_t status;
    /* JOB_HOLD */
    void (*hcb)(void *arg);
    /* JOB_SESSION_CLOSE */
    void (*close_done)(void *arg);
    /* JOB_CHECKPOINT */
    char ckpt_mode[16];
    bool ckpt_if; /* exec_checkpoint_if: only at this WAL position */
    uint32_t ckpt_seq, ckpt_frames;
    exec_checkpoint_cb ccb;
    int wal_frames, checkpointed;
    /* session state the SQL functions see (copied on the loop at submit) */
    int64_t txn_time, stmt_time;
    uint64_t lock_timeout_ms; /* advisory lock waits (exec_advisory.c) */
    exec_gucs_t *gucs;        /* the session's settings (a reference) */
    pgstyle_t style;          /* DateStyle / IntervalStyle for parsing and printing */
    char timezone[64];
    /* group commit: the next job run in the same transaction (leader's list) */
    struct exec_job *group_next;
    /* after commit */
    uint64_t wal_after;
    bool wrote;
    bool temp_dropped; /* JOB_SESSION_CLOSE dropped the session's temporary schema */
    void *arg;
} exec_job_t;

struct exec_session {
    exec_t *ex;
    exec_job_t *q_head, *q_tail;
    bool running; /* the head job is acquiring or on the pool */
    bool waiting; /* queued for a reader or the writer */
    bool granted; /* being handed a connection by grant_waiters (skips the FIFO check) */
    exec_session_t *wait_next;
    exec_need_t wait_need;
    uv_timer_t lock_timer;
    bool lock_timer_on;
    uint64_t lock_timeout_ms;
    bool closing;
    bool temp_used; /* created a temporary relation: dropped at close, no cached translations */
    /* transaction block */
    bool in_txn;
    bool has_lease;
    bool lease_began;    /* BEGIN IMMEDIATE ran on the writer */
    exec_conn_t *pinned; /* READ ONLY block's reader */
    bool pinned_began;
    int read_only;
    translate_isolation_t iso;
    exec_settings_t settings;
    struct sqlfn_seq_session *seq; /* currval/lastval of this session */
    int64_t txn_time;              /* usec since 2000-01-01: start of the current transaction */
    int64_t stmt_time;             /* ... and of the current statement */
    atomic_int cancel;             /* 0 none, 1 cancel requested */
    char cancel_msg[128];
    int nruns; /* open runs */
    /* notifications (exec_notify.c): of the open transaction, and committed ones */
    exec_notify_t *notify_pending, *notify_ready;
    exec_gucs_t *gucs; /* settings snapshot (exec_settings.c) */
    pgstyle_t style;   /* parsed from settings.datestyle / intervalstyle */
    /* pg_cancel_backend / pg_terminate_backend requests (exec_sessfn.c): added by the
     * session's job on its worker, taken on the loop once it finished */
    int act_idx; /* its record in ex->acts (exec_activity.c), -1 = none; loop only */
    int32_t sig_pid[EXEC_MAX_SIGNALS];
    bool sig_term[EXEC_MAX_SIGNALS];
    int nsig;
    /* advisory locks (exec_advisory.c): may hold some / some transaction-level ones (set by
     * the session's job on its worker, cleared on the loop: never at the same time) */
    bool adv_held, adv_xact_held;
};

struct exec_run {
    exec_session_t *es;
    struct exec_run *spare_next; /* on exec_t's spare list */
    translate_result_t *tr;
    const translate_stmt_t *stmt;
    exec_conn_t *conn;
    bool conn_is_autocommit_writer;
    sqlite3_stmt *st;
    int st_cache_slot;   /* -1 when st is not from the cache */
    const char *st_tail; /* remaining statements of a multi-statement DDL */
    bool started, finished, closed, row_desc, desc_sent, described;
    bool desc_nodata; /* extended Describe answered by the first step: NoData if no rows */
    uint64_t rows;
    int nparams;
    int param_cap; /* entries the four param arrays have room for */
    uint32_t *param_types;
    uint8_t **param_vals; /* into param_buf, or NULL */
    int32_t *param_lens;
    int16_t *param_fmts;
    lg_buf_t param_buf; /* the values, each NUL-terminated */
    int nresult_fmts;
    int16_t *result_fmts;
    uint16_t nfields;
    uint16_t fields_cap; /* entries fields and fmt_typmods have room for */
    proto_field_t *fields;
    lg_buf_t names;       /* the fields' names, NUL-terminated one after the other */
    int32_t *fmt_typmods; /* typmod that shapes the printed value (fields[] has the wire one) */
    lg_buf_t out;
    lg_pgerr_t err;
    bool wrote;
    bool pl_ddl;              /* PL/pgSQL code it called ran DDL (worker sets, loop reads) */
    uint64_t schema_gen;      /* exec_t.schema_gen when the step was submitted (loop) */
    int jobs;                 /* jobs queued or running for this run (loop) */
    bool ddl_savepoint;       /* a DDL script runs inside SAVEPOINT lg_ddl */
    char capture[128];        /* st's rows go to this temp table (TRANSLATE_CAPTURE_MARK), or "" */
    sqlite3_stmt *capture_st; /* INSERT INTO temp.capture VALUES (?, ...) */
    uint64_t captured;        /* rows captured by the current statement */
    bool main_set;            /* a "_lg_main" capture statement ran: */
    uint64_t main_changes;    /* its rows, which the command tag counts */
    bool fetch_mode;          /* SQL cursor: see exec_run_set_fetch */
    bool held;                /* WITH HOLD cursor: see exec_run_set_held */
    bool in_batch;            /* the last step returned EXEC_RUN_MORE: the next one continues it */
    uint64_t call_rows;       /* rows of the current Execute/FETCH */
    bool copy_out;
    bool copy_bin_header; /* binary COPY TO: the header still goes before the next tuple */
    exec_copy_format_t copy;
    char *copy_null;
    char *copy_force_quote;
    lg_buf_t scratch;               /* one value's text while a COPY line is built */
    exec_guc_change_t *guc_changes; /* set_config() calls not yet taken by the session */
};

/* exec_conn.c (worker unless noted) */
int exec__conn_open(exec_t *ex, bool writer, exec_conn_t **out, lg_pgerr_t *err); /* main */
void exec__conn_close(exec_conn_t *c);                                            /* main */
int exec__conn_prepare(exec_conn_t *c, const char *sql, sqlite3_stmt **st, int *slot,
                       const char **tail, lg_pgerr_t *err);
void exec__conn_release_stmt(exec_conn_t *c, sqlite3_stmt *st, int slot);
void exec__conn_flush_cache(exec_conn_t *c);
int exec__conn_exec(exec_conn_t *c, const char *sql, lg_pgerr_t *err);
void exec__sqlite_error(sqlite3 *db, int rc, lg_pgerr_t *err);
/* An undefined-table or undefined-column error without a position gets the position where
 * the query names that relation or column (translate_stmt_t.relrefs / colrefs). Any thread. */
void exec__error_position(const translate_stmt_t *st, lg_pgerr_t *err);
/* SQLite's constraint column list "t.a, t.b" -> table "t" and columns "a,b" (any). */
void exec__split_columns(const char *list, char *tbl, size_t tn, char *cols, size_t cn);
/* After a 23505 from st on the writer: DETAIL with the duplicate key, from SQLite's message
 * (worker; exec_uniqdiag.c). */
void exec__unique_diagnose(sqlite3 *db, sqlite3_stmt *st, const char *sqlite_msg, lg_pgerr_t *err);
/* After a 23503 from st on the writer: names the constraint, table and key (worker). */
void exec__fk_diagnose(sqlite3 *db, sqlite3_stmt *st, lg_pgerr_t *err);
void exec__conn_apply_session(exec_conn_t *c, const exec_job_t *job);
int64_t exec__now_usec(void); /* wall clock, usec since 2000-01-01 UTC */
/* Writer, manual_checkpoint: reads the WAL header's checkpoint sequence into *seq.
 * 0, or -1 when there is no WAL header (no WAL yet, or truncated). */
int exec__conn_wal_seq(exec_conn_t *c, uint32_t *seq);
void exec__conn_flush_types(exec_conn_t *c);
exec_type_cache_t *exec__conn_type_slot(exec_conn_t *c, const char *tbl, const char *col);

/* exec_engine.c (loop) */
void exec__job_submit(exec_session_t *es, exec_job_t *job);
exec_job_t *exec__job_new(exec_session_t *es, exec_job_kind_t kind);
void exec__release_run_conn(exec_run_t *run);
/* A lent reader or the writer comes back; the first waiter of its kind may go on. */
void exec__conn_give_back(exec_t *ex, exec_conn_t *c);

/* exec_snap.c: kept read snapshots. Worker (the job's connection): */
void exec__snap_before(exec_job_t *job); /* a fresh reader, before the job's work */
void exec__snap_after(exec_job_t *job);  /* a job with keep_snapshot, after its work */
void exec__snap_end(exec_conn_t *c);     /* ends a kept read transaction */
/* Loop: */
void exec__snap_init(exec_t *ex);
void exec__snap_close(exec_t *ex);
void exec__snap_reader_back(exec_t *ex, const exec_conn_t *c); /* into the free list */
/* A checkpoint was asked for / has run: until it has, readers keep no snapshots. */
void exec__snap_checkpoint_wanted(exec_t *ex);
void exec__snap_checkpoint_done(exec_t *ex);

/* exec_run.c (loop): frees a run kept on exec_t's spare list */
void exec__run_destroy(exec_run_t *run);

/* exec_run.c (worker) */
void exec__run_describe_work(exec_job_t *job);
void exec__run_step_work(exec_job_t *job);
void exec__run_close_work(exec_job_t *job);
void exec__run_free(exec_run_t *run); /* loop */

/* exec_group.c (worker): runs a leader job and its group_next list in one transaction,
 * each statement in its own savepoint, with one COMMIT. */
void exec__group_work(exec_job_t *leader);

/* exec_advisory.c: advisory locks, and the job the calling worker runs (NULL outside one) */
void exec__current_set(exec_job_t *job); /* worker */
exec_job_t *exec__current(void);         /* worker */
/* exec_activity.c: a session's pg_stat_activity record (loop), and lg_sessions_json() on
 * db (connection factory). */
void exec__activity_set(exec_session_t *es);
void exec__activity_remove(exec_session_t *es);
/* worker: true when a listed client session has BackendKeyData pid `pid`. */
bool exec__activity_has_pid(exec_t *ex, int32_t pid);
int exec__activity_register(sqlite3 *db, exec_t *ex);
/* pg_backend_pid / interruptible pg_sleep on db (exec_sessfn.c); worker. */
int exec__sessfn_register(sqlite3 *db);
int exec__advisory_register(sqlite3 *db); /* connection factory */
/* Releases the owner's transaction-level holds (xact_only) or all of its holds. Any. */
void exec__advisory_release(exec_session_t *owner, bool xact_only);

/* exec_settings.c */
int exec__settings_register(sqlite3 *db);    /* connection factory */
exec_gucs_t *exec__gucs_ref(exec_gucs_t *g); /* loop */
void exec__gucs_unref(exec_gucs_t *g);       /* loop */
void exec__guc_changes_free(exec_guc_change_t *c);

/* exec_notify.c */
int exec__notify_register(sqlite3 *db);                    /* connection factory */
void exec__notify_end(exec_session_t *es, bool committed); /* loop: transaction ended */
void exec__notify_free(exec_session_t *es);                /* loop */

/* exec_value.c (worker) */
int exec__bind_params(exec_run_t *run, lg_pgerr_t *err);
void exec__describe_columns(exec_run_t *run, bool have_row);
/* Sets the result columns' formats (fields) from the run's result formats. */
void exec__apply_result_formats(exec_run_t *run);
int exec__encode_row(exec_run_t *run); /* LG_ESQL with run->err set */
int exec__encode_copy_row(exec_run_t *run);
void exec__copy_begin(exec_run_t *run); /* CopyOutResponse (+ CSV header) */
void exec__copy_end(exec_run_t *run);   /* binary trailer, CopyDone */

#endif
