/* session_int.h - private state of a session and the functions its files share.
 *
 * Files: session.c (lifecycle, input framing, startup, dispatch, output),
 * session_simple.c (Query), session_extended.c (Parse/Bind/Describe/Execute/Close/Sync),
 * session_stmt.c (running one statement of any class through a portal),
 * session_txn.c (transaction control and implicit blocks), session_guc.c (settings),
 * session_notify.c (LISTEN / UNLISTEN / NOTIFY and NotificationResponse delivery).
 *
 * Invariants: at most one statement runs at a time (s->busy); input is not consumed while
 * busy; everything sent goes through s->out (flushed before any run output, so messages
 * stay in order); txn_status is what the next ReadyForQuery reports. */
#ifndef LG_SESSION_INT_H
#define LG_SESSION_INT_H
#include "session.h"
#include "proto.h"

typedef enum { SESSION_ST_STARTUP = 0, SESSION_ST_READY, SESSION_ST_CLOSING } session_state_t;

typedef struct prepared {
    char *name;
    translate_result_t *tr; /* NULL for an empty query */
    int nparams;
    uint32_t *param_types; /* declared in Parse, 0 = unspecified */
    bool described;
    uint32_t *described_types;
    struct prepared *next;
} prepared_t;

typedef struct portal portal_t;
typedef struct copy_in copy_in_t;
typedef void (*portal_done_cb)(session_t *s, portal_t *p, bool ok);

struct portal {
    session_t *s;
    char *name;
    translate_result_t *tr; /* NULL = empty query */
    size_t idx;
    exec_run_t *run;      /* for READ/WRITE/DDL */
    bool row_desc;        /* simple protocol: send RowDescription */
    bool describe_by_run; /* extended Describe answered by the run (EXECUTE portals) */
    bool suspended, done;
    uint32_t max_rows;
    portal_done_cb cb;
    /* copied Bind data for nested runs (SQL-level EXECUTE) */
    int nresult_fmts;
    int16_t *result_fmts;
    struct portal *next;
    bool stmt_timer_on;
    portal_t *inner;   /* SQL-level EXECUTE: the portal of the prepared statement */
    exec_run_t *bound; /* DECLARE over the extended protocol: holds its Bind parameters */
    bool hold;         /* a cursor declared WITH HOLD: transactions ending keep it */
    bool hold_block;   /* ... in the transaction block still open (its rollback drops it) */
};

#define GUC_MAX 128

typedef struct guc_sp {
    char name[64];
    char *val[GUC_MAX]; /* the settings when the savepoint was made */
} guc_sp_t;

typedef struct guc_state {
    char *val[GUC_MAX];
    char *block_saved[GUC_MAX]; /* value at block start (restored on rollback) */
    char *local_saved[GUC_MAX]; /* value before SET LOCAL (restored at block end) */
    guc_sp_t *sp;               /* open savepoints, oldest first (ROLLBACK TO restores) */
    int nsp, capsp;
} guc_state_t;

struct session {
    const session_env_t *env;
    session_io_t io;
    lg_buf_t *in;
    lg_buf_t out;
    uint32_t id, pid, key;
    session_state_t state;
    bool busy, admitted, destroyed, read_paused;
    bool torn_down;   /* session_destroy released everything; only callbacks remain */
    bool in_dispatch; /* inside dispatch(): a frame is being handled and not yet consumed */
    char user[64];
    exec_session_t *es;
    exec_settings_t xs;
    /* statement_timeout / idle_in_transaction_session_timeout in ms (0 = off), kept by
     * session_guc.c whenever a setting changes: read for every statement */
    uint64_t stmt_timeout_ms, idle_txn_timeout_ms;
    guc_state_t guc;
    char **custom_names; /* names of custom ("x.y") settings, slots after the fixed table */
    int ncustom;
    bool guc_block_open;
    /* transaction */
    char txn_status;      /* 'I', 'T', 'E' */
    bool implicit_block;  /* an implicit transaction block is open in exec */
    bool implicit_failed; /* ... and a statement in it failed */
    bool ext_error;       /* extended protocol: discard until Sync */
    void (*implicit_close_cb)(session_t *s);
    /* prepared statements and portals */
    prepared_t *prepared;
    portal_t *portals;
    /* current simple query */
    translate_result_t *q_tr;
    size_t q_idx;
    bool q_multi;
    /* the text of a multi-statement query, for statements after a DDL one, translated once
     * it ran (translate_result_t.rest_at); q_base = where q_tr's text starts in it */
    char *q_sql;
    size_t q_sql_len, q_base;
    /* literal values bound to q_tr when it is a lifted template (translate_lift.h) */
    int q_nvals;
    char **q_vals;
    int32_t *q_lens;
    copy_in_t *copy; /* COPY FROM STDIN in progress */
    /* a statement waiting for the client to drain output */
    portal_t *drain_wait;
    /* timers */
    uv_timer_t stmt_timer, idle_timer;
    int open_handles;
    void (*destroy_done)(void *arg);
    void *destroy_arg;
    /* LISTEN / NOTIFY (session_notify.c) */
    char **listen; /* channels listened on */
    int nlisten;
    struct listen_op *listen_pending; /* LISTEN / UNLISTEN of the open block, in order */
    lg_buf_t notif;                   /* NotificationResponse messages not yet sent */
    bool readying;                    /* taking committed notifications before ReadyForQuery */
    bool txn_queried; /* a query ran in the current explicit block (SET TRANSACTION) */
};

/* session.c */
void session__flush(session_t *s);
void session__send_error(session_t *s, const lg_pgerr_t *e);
/* A WARNING, or for 00000 a NOTICE, with this SQLSTATE and message. */
void session__notice(session_t *s, const char *sqlstate, const char *msg);
/* A NoticeResponse of the given severity ("NOTICE", "WARNING"). */
void session__notice_sev(session_t *s, const char *severity, const char *sqlstate, const char *msg);
/* The same with a DETAIL field (NULL or "" for none). */
void session__notice_detail(session_t *s, const char *severity, const char *sqlstate,
                            const char *msg, const char *detail);
void session__ready(session_t *s);
void session__continue(session_t *s); /* statement finished: consume more input */
void session__fatal(session_t *s, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error in the current statement: sends it and marks the transaction failed. */
void session__stmt_error(session_t *s, const lg_pgerr_t *e);
/* The same with an error built from a SQLSTATE and a printf-style message. */
void session__errorf(session_t *s, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* session_simple.c */
void session__simple_query(session_t *s, const uint8_t *body, size_t len);

/* session_extended.c */
void session__extended(session_t *s, uint8_t type, const uint8_t *body, size_t len);
/* Frees every portal but `keep` and the cursors declared WITH HOLD; with keep =
 * SESSION_ALL_PORTALS (the session's end) those too. */
#define SESSION_ALL_PORTALS ((portal_t *)(uintptr_t)1)
void session__drop_portals(session_t *s, portal_t *keep);
portal_t *session__find_portal(session_t *s, const char *name);
void session__remove_portal(session_t *s, portal_t *p);

/* session_cursor.c: DECLARE / FETCH / CLOSE of SQL cursors (named portals) */
void session__declare_stmt(portal_t *p);
void session__fetch_stmt(portal_t *p);
void session__close_cursor_stmt(portal_t *p);
void session__free_prepared(session_t *s);
prepared_t *session__find_prepared(session_t *s, const char *name);
void session__add_prepared(session_t *s, const char *name, translate_result_t *tr, int n,
                           const uint32_t *types);

/* session_stmt.c */
portal_t *session__portal_new(session_t *s, translate_result_t *tr, size_t idx);
void session__portal_free(portal_t *p);
void session__portal_run(portal_t *p, uint32_t max_rows, portal_done_cb cb);
void session__on_drain(session_t *s);
void session__stmt_timer_stop(session_t *s);
/* Steps p->run (created from p->tr when NULL) until it finishes or suspends. */
void session__run_sql(portal_t *p);

/* session_copy.c */
void session__copy_stmt(portal_t *p);
/* An error of the SELECT a table's COPY runs, reworded for the COPY (no position; an
 * unknown column "of relation t"); st is the COPY. Loop. */
void session__copy_table_error(const translate_stmt_t *st, lg_pgerr_t *e);
void session__copy_message(session_t *s, uint8_t type, const uint8_t *body, size_t len);
void session__copy_abort(session_t *s, const char *why);

/* session_txn.c */
void session__txn_stmt(portal_t *p);
/* Opens an implicit block if none is open and the session is idle ('I'). */
void session__implicit_open(session_t *s);
/* Ends an implicit block (commit unless a statement failed), then calls cb. */
void session__implicit_close(session_t *s, void (*cb)(session_t *s));
void session__block_ended(session_t *s, bool committed, portal_t *keep);

/* SHOW's RowDescription: one text column named by the setting's canonical spelling
 * (DateStyle), or SHOW ALL's name, setting and description. Loop. */
void session__guc_show_describe(session_t *s, const char *set_name);
/* session_notify.c */
void session__notify_stmt(portal_t *p);
/* Before ReadyForQuery: hands committed notifications to the server and queues the
 * session's own pending NotificationResponses for output (status 'I' only). */
void session__notify_before_ready(session_t *s);
void session__unlisten_all(session_t *s);
/* The block ended: its LISTEN / UNLISTEN take effect (committed) or are forgotten. */
void session__listen_block_end(session_t *s, bool committed);
void session__listen_free(session_t *s);

/* session_guc.c */
/* RESET ALL (DISCARD ALL). */
void session__guc_reset_all(session_t *s);
/* Applies the set_config() calls a run made (SET, or SET LOCAL for is_local); 0, or
 * LG_ESQL with err for the first invalid one (the ones after it are dropped). */
int session__guc_apply_run(session_t *s, exec_run_t *run, lg_pgerr_t *err);
void session__guc_init(session_t *s);
void session__guc_free(session_t *s);
/* Applies a startup parameter; returns 0 or fills err. */
int session__guc_startup(session_t *s, const char *name, const char *value, lg_pgerr_t *err);
void session__guc_report_all(session_t *s);
void session__set_stmt(portal_t *p);
void session__show_stmt(portal_t *p);
const char *session__guc_get(session_t *s, const char *name);
uint64_t session__guc_ms(session_t *s, const char *name);
void session__guc_block_begin(session_t *s);
void session__guc_block_end(session_t *s, bool committed);
/* A SAVEPOINT / RELEASE / ROLLBACK TO (kind: TR_TXN_*) that succeeded: ROLLBACK TO undoes
 * the settings made since the savepoint, as PostgreSQL does. */
void session__guc_savepoint(session_t *s, int kind, const char *name);
/* The block's isolation and access mode, as SHOW transaction_* reports them. */
void session__guc_txn_began(session_t *s, translate_isolation_t iso, bool read_only,
                            bool deferrable);

#endif
