/* exec_snap.c - a reader's read transaction, kept open from one statement to the next
 * while nothing has been committed in between.
 *
 * READ COMMITTED asks that each statement see what was committed before it began. Opening
 * and closing a SQLite read transaction for every statement costs a point select about a
 * tenth of its time (WAL read lock, shared-memory header, database size, lock release).
 * All commits go through the one writer, whose WAL hook bumps exec_t.commit_seq after each
 * of them (and after a checkpoint that emptied the WAL, so that readers let go of the WAL
 * and it can restart from its beginning). A reader that begins its read transaction
 * records the sequence first; the next statement on it may reuse that snapshot only if the
 * sequence has not moved since, which means a fresh snapshot would show the same data.
 *
 * Kept snapshots are held only by readers in the free list between statements. An idle
 * reader holding an old snapshot would stop checkpoints at its WAL position, so while any
 * reader keeps one, a loop timer hands the stale ones to a worker that ends them. And a
 * reader that keeps a snapshot holds a WAL read lock, which stops the WAL from starting
 * over after a checkpoint: once the WAL reaches EXEC_SNAP_WAL_FRAMES, or while a requested
 * checkpoint waits, readers keep none (each statement ends its own read transaction, as
 * SQLite does by default) until a commit finds the WAL short again.
 *
 * Threads: exec__snap_before/after/end run on the worker that holds the connection; the
 * rest on the loop thread. */
#include "exec_int.h"
#include "lg_alloc.h"
#include <stdlib.h>

#define SNAP_SWEEP_MS 20 /* how long an idle reader may hold a snapshot past a commit */

/* Steps a cached one-statement transaction command; 0 when it ran. */
static int run_cmd(exec_conn_t *c, sqlite3_stmt **st, const char *sql)
{
    if (!*st && sqlite3_prepare_v2(c->db, sql, -1, st, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(*st);
    sqlite3_reset(*st);
    return rc == SQLITE_DONE ? 0 : -1;
}

void exec__snap_end(exec_conn_t *c)
{
    if (!c->kept)
        return;
    c->kept = false;
    if (sqlite3_get_autocommit(c->db))
        return;
    if (run_cmd(c, &c->commit_st, "COMMIT") != 0 && !sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Snapshots may be kept unless a checkpoint needs the readers out of the WAL. */
static bool keeping_allowed(exec_snap_state_t *st)
{
    return !atomic_load(&st->wal_long) && atomic_load(&st->ckpt_waiting) == 0;
}

void exec__snap_before(exec_job_t *job)
{
    exec_conn_t *c = job->conn;
    bool keep = job->keep_snapshot && keeping_allowed(c->snap);
    if (c->kept && (!keep || c->kept_seq != atomic_load(&c->snap->commit_seq)))
        exec__snap_end(c);
    if (!keep || c->kept || !sqlite3_get_autocommit(c->db))
        return;
    uint64_t seq = atomic_load(&c->snap->commit_seq); /* before the snapshot is taken */
    if (run_cmd(c, &c->begin_st, "BEGIN") == 0) {
        c->kept = true;
        c->kept_seq = seq;
    }
}

void exec__snap_after(exec_job_t *job)
{
    exec_conn_t *c = job->conn;
    if (!c->kept)
        return;
    if (sqlite3_get_autocommit(c->db)) { /* the statement ended it (an interrupt, ...) */
        c->kept = false;
        return;
    }
    exec_run_t *run = job->run;
    if (run && run->st && sqlite3_stmt_busy(run->st))
        return; /* rows still to come: the statement goes on in this snapshot */
    if ((run && lg_pgerr_is_set(&run->err)) || c->kept_seq != atomic_load(&c->snap->commit_seq) ||
        !keeping_allowed(c->snap))
        exec__snap_end(c);
}

/* ---- loop side: ending the stale snapshots of idle readers ---- */

typedef struct snap_sweep {
    exec_pool_item_t item; /* first */
    exec_t *ex;
    exec_conn_t *readers; /* linked through next_free */
} snap_sweep_t;

static void sweep_work(exec_pool_item_t *it)
{
    snap_sweep_t *sw = (snap_sweep_t *)it;
    for (exec_conn_t *c = sw->readers; c; c = c->next_free)
        exec__snap_end(c);
}

static void sweep_done(exec_pool_item_t *it)
{
    snap_sweep_t *sw = (snap_sweep_t *)it;
    exec_t *ex = sw->ex;
    ex->jobs_in_flight--;
    for (exec_conn_t *c = sw->readers, *next; c; c = next) {
        next = c->next_free;
        exec__conn_give_back(ex, c);
    }
    free(sw);
}

/* Takes the free readers whose snapshot is older than the last commit (all that keep one
 * while a checkpoint waits) to a worker that ends them; true while some free reader still
 * keeps a snapshot. */
static bool sweep(exec_t *ex)
{
    uint64_t seq = atomic_load(&ex->snap.commit_seq);
    bool all = !keeping_allowed(&ex->snap);
    exec_conn_t *stale = NULL;
    bool kept = false;
    for (exec_conn_t **pp = &ex->free_readers; *pp;) {
        exec_conn_t *c = *pp;
        if (c->kept && (all || c->kept_seq != seq)) {
            *pp = c->next_free;
            c->next_free = stale;
            stale = c;
            continue;
        }
        kept = kept || c->kept;
        pp = &c->next_free;
    }
    if (stale) {
        snap_sweep_t *sw = lg_xcalloc(1, sizeof(*sw));
        sw->ex = ex;
        sw->readers = stale;
        sw->item.work = sweep_work;
        sw->item.done = sweep_done;
        ex->jobs_in_flight++;
        exec_pool_submit(ex->pool, &sw->item);
    }
    return kept;
}

static void on_sweep_timer(uv_timer_t *t)
{
    exec_t *ex = t->data;
    if (!sweep(ex)) {
        uv_timer_stop(t);
        ex->snap_timer_on = false;
    }
}

void exec__snap_reader_back(exec_t *ex, const exec_conn_t *c)
{
    if (!c->kept || ex->snap_timer_on || !ex->snap_timer)
        return;
    ex->snap_timer_on = true;
    uv_timer_start(ex->snap_timer, on_sweep_timer, SNAP_SWEEP_MS, SNAP_SWEEP_MS);
}

void exec__snap_checkpoint_wanted(exec_t *ex)
{
    atomic_fetch_add(&ex->snap.ckpt_waiting, 1);
    (void)sweep(ex);
}

void exec__snap_checkpoint_done(exec_t *ex)
{
    atomic_fetch_sub(&ex->snap.ckpt_waiting, 1);
}

void exec__snap_init(exec_t *ex)
{
    ex->snap_timer = lg_xcalloc(1, sizeof(*ex->snap_timer));
    uv_timer_init(ex->loop, ex->snap_timer);
    ex->snap_timer->data = ex;
    uv_unref((uv_handle_t *)ex->snap_timer); /* never keeps the loop alive by itself */
}

static void on_timer_closed(uv_handle_t *h)
{
    free(h);
}

void exec__snap_close(exec_t *ex)
{
    if (!ex->snap_timer)
        return;
    uv_close((uv_handle_t *)ex->snap_timer, on_timer_closed);
    ex->snap_timer = NULL;
    ex->snap_timer_on = false;
}
