/* exec_engine.c - the scheduler: opening the database, per-session job FIFOs, the reader
 * pool and its wait queue, the writer and its lease with a FIFO of waiting sessions, and
 * the lock_timeout timer. Loop thread, except the job bodies it dispatches (on_work).
 *
 * A session's head job is "acquiring" until it gets what it needs: a reader (NEED_READ),
 * the writer (NEED_WRITE) or nothing. Waiting sessions sit in ex->reader_q / writer_q and
 * are granted in FIFO order as connections come back. The writer is held either by a
 * lease (a transaction block after its first write, until COMMIT/ROLLBACK) or by one
 * autocommit run until it finishes. */
#include "exec_int.h"
#include "lg_alloc.h"
#include "lg_log.h"
#include "sqlfn.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static void pump(exec_session_t *es);
static void on_session_timer_closed(uv_handle_t *h)
{
    exec_session_t *es = h->data;
    sqlfn_seq_session_free(es->seq);
    free(es);
}
static void on_work(exec_pool_item_t *it);
static void on_after_work(exec_pool_item_t *it);
static void complete_job(exec_job_t *job);
static void grant_waiters(exec_t *ex);

/* ---- open / close (main thread) ---- */

static void config_defaults(exec_config_t *c)
{
    if (c->reader_pool <= 0)
        c->reader_pool = 8;
    if (c->workers <= 0)
        c->workers = 4;
    if (c->busy_timeout_ms <= 0)
        c->busy_timeout_ms = 5000;
    if (c->cache_size_kib <= 0)
        c->cache_size_kib = 16384;
    if (c->mmap_size < 0)
        c->mmap_size = 0;
    else if (c->mmap_size == 0)
        c->mmap_size = 256ll << 20;
    if (c->batch_bytes == 0)
        c->batch_bytes = 64 * 1024;
    if (c->translate_cache_entries == 0)
        c->translate_cache_entries = 4096;
}

/* Kept snapshots need WAL mode: its readers do not block the writer, and its commits run
 * the WAL hook that tells readers their snapshot is old. */
static bool writer_in_wal(exec_conn_t *w)
{
    sqlite3_stmt *st = NULL;
    bool wal = false;
    if (sqlite3_prepare_v2(w->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        wal = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    return wal;
}

static int take_lock(exec_t *ex, lg_pgerr_t *err)
{
    char lock[4096];
    snprintf(lock, sizeof(lock), "%s.lock", ex->path);
    ex->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (ex->lock_fd < 0)
        return lg_pgerr_set(err, LG_SQLSTATE_IO_ERROR, "could not open lock file \"%s\": %s", lock,
                            strerror(errno));
    if (flock(ex->lock_fd, LOCK_EX | LOCK_NB) != 0)
        return lg_pgerr_set(err, LG_SQLSTATE_OBJECT_IN_USE,
                            "database \"%s\" is in use by another litegres process", ex->path);
    return 0;
}

/* Process-wide SQLite configuration, before the first connection: connections are used by
 * one thread at a time (multi-thread mode, no per-connection mutex), and the global
 * memory-statistics mutex every allocation would take is off. */
static void configure_sqlite(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void drop_stale_temp_schemas(exec_conn_t *c);

int exec_open(uv_loop_t *loop, const exec_config_t *cfg, exec_t **out, lg_pgerr_t *err)
{
    configure_sqlite();
    exec_t *ex = lg_xcalloc(1, sizeof(*ex));
    ex->loop = loop;
    uv_mutex_init(&ex->act_mu);
    ex->cfg = *cfg;
    config_defaults(&ex->cfg);
    ex->path = lg_xstrdup(cfg->db_path);
    ex->cfg.db_path = ex->path;
    ex->lock_fd = -1;
    *out = NULL;
    if (take_lock(ex, err) != 0 || exec__conn_open(ex, true, &ex->writer, err) != 0)
        goto fail;
    drop_stale_temp_schemas(ex->writer);
    ex->readers = NULL;
    for (int i = 0; i < ex->cfg.reader_pool; i++) {
        exec_conn_t *r;
        if (exec__conn_open(ex, false, &r, err) != 0)
            goto fail;
        r->next_free = ex->free_readers;
        ex->free_readers = r;
        ex->nreaders++;
    }
    ex->tcache = translate_cache_new(ex->cfg.translate_cache_entries, 64u << 20);
    ex->tcache_lift = translate_cache_new(ex->cfg.translate_cache_entries, 16u << 20);
    if (exec_pool_start(loop, ex->cfg.workers, &ex->pool) != 0) {
        lg_pgerr_set(err, LG_SQLSTATE_INTERNAL_ERROR, "could not start worker threads");
        goto fail;
    }
    exec__snap_init(ex);
    ex->snap_ok = writer_in_wal(ex->writer);
    *out = ex;
    return 0;
fail:
    exec_close(ex);
    return LG_ESQL;
}

void exec_set_hooks(exec_t *ex, const exec_hooks_t *hooks)
{
    ex->hooks = *hooks;
}

void exec_close(exec_t *ex)
{
    if (!ex)
        return;
    exec__snap_close(ex);
    exec_pool_stop(ex->pool);
    if (ex->sys_session)
        uv_close((uv_handle_t *)&ex->sys_session->lock_timer, on_session_timer_closed);
    while (ex->spare_jobs) {
        exec_job_t *job = ex->spare_jobs;
        ex->spare_jobs = job->next;
        free(job);
    }
    while (ex->spare_runs) {
        exec_run_t *run = ex->spare_runs;
        ex->spare_runs = run->spare_next;
        exec__run_destroy(run);
    }
    while (ex->free_readers) {
        exec_conn_t *r = ex->free_readers;
        ex->free_readers = r->next_free;
        exec__conn_close(r);
    }
    if (ex->writer && !ex->cfg.manual_checkpoint)
        sqlite3_wal_checkpoint_v2(ex->writer->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    exec__conn_close(ex->writer);
    translate_cache_free(ex->tcache);
    translate_cache_free(ex->tcache_lift);
    if (ex->lock_fd >= 0)
        close(ex->lock_fd);
    free(ex->path);
    free(ex->acts);
    uv_mutex_destroy(&ex->act_mu);
    free(ex);
}

int exec_jobs_in_flight(const exec_t *ex)
{
    return ex->jobs_in_flight;
}

translate_cache_t *exec_translate_cache(exec_t *ex)
{
    return ex->tcache;
}

translate_cache_t *exec_translate_cache_lifted(exec_t *ex)
{
    return ex->tcache_lift;
}

void exec_schema_changed(exec_t *ex)
{
    ex->schema_gen++;
    translate_cache_clear(ex->tcache);
    translate_cache_clear(ex->tcache_lift);
}

const char *exec_db_path(const exec_t *ex)
{
    return ex->path;
}

/* ---- sessions ---- */

exec_session_t *exec_session_new(exec_t *ex)
{
    exec_session_t *es = lg_xcalloc(1, sizeof(*es));
    es->ex = ex;
    es->read_only = -1;
    es->act_idx = -1;
    es->seq = sqlfn_seq_session_new();
    uv_timer_init(ex->loop, &es->lock_timer);
    es->lock_timer.data = es;
    snprintf(es->settings.timezone, sizeof(es->settings.timezone), "UTC");
    return es;
}

void exec_session_set_settings(exec_session_t *es, const exec_settings_t *s)
{
    es->settings = *s;
    pgstyle_parse(s->datestyle, s->intervalstyle, &es->style);
    exec__activity_set(es);
}

void exec_session_set_lock_timeout(exec_session_t *es, uint64_t ms)
{
    es->lock_timeout_ms = ms;
}

bool exec_session_busy(const exec_session_t *es)
{
    return es->q_head != NULL;
}

bool exec_session_uses_temp(const exec_session_t *es)
{
    return es->temp_used;
}

bool exec_session_holds_lease(const exec_session_t *es)
{
    return es->has_lease;
}

#define SPARE_MAX 32 /* spare jobs and runs kept (see exec_t) */

static exec_job_t *job_alloc(exec_t *ex)
{
    exec_job_t *job = ex->spare_jobs;
    if (!job)
        return lg_xcalloc(1, sizeof(*job));
    ex->spare_jobs = job->next;
    ex->nspare_jobs--;
    memset(job, 0, sizeof(*job));
    return job;
}

static void job_release(exec_t *ex, exec_job_t *job)
{
    if (ex->nspare_jobs >= SPARE_MAX) {
        free(job);
        return;
    }
    job->next = ex->spare_jobs;
    ex->spare_jobs = job;
    ex->nspare_jobs++;
}

exec_job_t *exec__job_new(exec_session_t *es, exec_job_kind_t kind)
{
    exec_job_t *job = job_alloc(es->ex);
    job->kind = kind;
    job->es = es;
    job->ex = es->ex;
    job->item.work = on_work;
    job->item.done = on_after_work;
    job->cancel = &es->cancel;
    job->txn_time = es->txn_time;
    job->stmt_time = es->stmt_time;
    job->lock_timeout_ms = es->lock_timeout_ms;
    job->gucs = exec__gucs_ref(es->gucs);
    job->style = es->style;
    _Static_assert(sizeof(job->timezone) == sizeof(es->settings.timezone), "same size");
    memcpy(job->timezone, es->settings.timezone, sizeof(job->timezone)); /* NUL-terminated */
    return job;
}

void exec__job_submit(exec_session_t *es, exec_job_t *job)
{
    if (job->run)
        job->run->jobs++;
    if (es->q_tail)
        es->q_tail->next = job;
    else
        es->q_head = job;
    es->q_tail = job;
    pump(es);
}

/* ---- wait queues ---- */

static void queue_push(exec_session_t **head, exec_session_t **tail, exec_session_t *es)
{
    es->wait_next = NULL;
    if (*tail)
        (*tail)->wait_next = es;
    else
        *head = es;
    *tail = es;
}

static bool queue_remove(exec_session_t **head, exec_session_t **tail, exec_session_t *es)
{
    exec_session_t *prev = NULL;
    for (exec_session_t *p = *head; p; prev = p, p = p->wait_next) {
        if (p != es)
            continue;
        if (prev)
            prev->wait_next = p->wait_next;
        else
            *head = p->wait_next;
        if (*tail == p)
            *tail = prev;
        return true;
    }
    return false;
}

static void on_lock_timeout(uv_timer_t *t)
{
    exec_session_t *es = t->data;
    exec_t *ex = es->ex;
    es->lock_timer_on = false;
    if (!es->waiting || !queue_remove(&ex->writer_q_head, &ex->writer_q_tail, es))
        return;
    es->waiting = false;
    exec_job_t *job = es->q_head;
    lg_pgerr_set(&job->err, LG_SQLSTATE_LOCK_NOT_AVAILABLE,
                 "canceling statement due to lock timeout");
    complete_job(job);
}

static void wait_for(exec_session_t *es, exec_need_t need)
{
    exec_t *ex = es->ex;
    es->waiting = true;
    es->wait_need = need;
    if (need == NEED_READ) {
        queue_push(&ex->reader_q_head, &ex->reader_q_tail, es);
        return;
    }
    queue_push(&ex->writer_q_head, &ex->writer_q_tail, es);
    if (es->lock_timeout_ms > 0) {
        uv_timer_start(&es->lock_timer, on_lock_timeout, es->lock_timeout_ms, 0);
        es->lock_timer_on = true;
    }
}

/* ---- acquiring connections for the head job ---- */

/* A free reader for job, or false with the session queued for one (first come, first
 * served). */
static bool take_free_reader(exec_session_t *es, exec_job_t *job)
{
    exec_t *ex = es->ex;
    exec_conn_t *r = ex->free_readers;
    if (!r || (ex->reader_q_head && !es->granted)) {
        wait_for(es, NEED_READ);
        return false;
    }
    ex->free_readers = r->next_free;
    job->conn = r;
    job->fresh_reader = true;
    return true;
}

static bool route_read(exec_session_t *es, exec_job_t *job)
{
    exec_t *ex = es->ex;
    if (es->has_lease) {
        job->conn = ex->writer;
        return true;
    }
    if (es->pinned) {
        job->conn = es->pinned;
        return true;
    }
    if (!take_free_reader(es, job))
        return false;
    if (es->in_txn && (es->read_only == 1)) {
        es->pinned = job->conn;
        job->begin_first = true;
        job->begin_sql = "BEGIN";
    }
    return true;
}

/* ---- group commit ----
 * Autocommit writes that queued up for the writer while it was busy share one
 * transaction and so one commit (one fsync): the session that is granted the writer
 * takes along every waiting session whose next job is a plain autocommit write (no
 * RETURNING, no row limit), up to GROUP_MAX. Each statement still succeeds or fails on
 * its own (exec_group.c). A waiter that cannot join keeps its place at the head. */
#define GROUP_MAX 64

static bool groupable(const exec_job_t *j)
{
    return j && j->kind == JOB_STEP && j->run && !j->run->started && !j->run->conn &&
           !j->es->in_txn && j->run->stmt->cls == TR_CLASS_WRITE && !j->run->stmt->returns_rows &&
           j->max_rows == 0 && !lg_pgerr_is_set(&j->err);
}

static void collect_group(exec_t *ex, exec_job_t *leader)
{
    if (!groupable(leader))
        return;
    exec_job_t *tail = leader;
    int n = 1;
    for (exec_session_t *es = ex->writer_q_head, *next; es && n < GROUP_MAX; es = next) {
        next = es->wait_next;
        exec_job_t *j = es->q_head;
        if (!groupable(j))
            continue;
        queue_remove(&ex->writer_q_head, &ex->writer_q_tail, es);
        es->waiting = false;
        if (es->lock_timer_on) {
            uv_timer_stop(&es->lock_timer);
            es->lock_timer_on = false;
        }
        es->running = true;
        j->conn = ex->writer;
        j->run->conn = ex->writer;
        j->run->conn_is_autocommit_writer = true;
        tail->group_next = j;
        tail = j;
        n++;
    }
}

static bool route_write(exec_session_t *es, exec_job_t *job)
{
    exec_t *ex = es->ex;
    if (es->has_lease) {
        job->conn = ex->writer;
        return true;
    }
    if ((es->in_txn && es->read_only == 1) ||
        (!es->in_txn && es->settings.default_read_only && job->run)) {
        lg_pgerr_set(&job->err, LG_SQLSTATE_READ_ONLY_SQL_TRANSACTION,
                     "cannot execute %s in a read-only transaction",
                     job->run ? job->run->stmt->tag : "this statement");
        return true;
    }
    if (ex->writer_owner || (ex->writer_q_head && !es->granted)) {
        if (job->run && job->run->stmt->lock_nowait) { /* LOCK TABLE ... NOWAIT */
            lg_pgerr_set(&job->err, LG_SQLSTATE_LOCK_NOT_AVAILABLE,
                         "could not obtain lock on relation \"%s\"",
                         job->run->stmt->name ? job->run->stmt->name : "");
            return true;
        }
        wait_for(es, NEED_WRITE);
        return false;
    }
    ex->writer_owner = es;
    job->conn = ex->writer;
    if (es->in_txn) {
        es->has_lease = true;
        job->begin_first = true;
        job->begin_sql = "BEGIN IMMEDIATE";
    } else if (job->run) {
        job->run->conn_is_autocommit_writer = true;
        collect_group(ex, job);
    }
    return true;
}

static bool stmt_needs_writer(const exec_session_t *es, const translate_stmt_t *s)
{
    if (s->cls == TR_CLASS_WRITE || s->cls == TR_CLASS_DDL)
        return true;
    /* REPEATABLE READ / SERIALIZABLE blocks run serially on the writer. */
    return es->in_txn && es->read_only != 1 &&
           (es->iso == TR_ISO_REPEATABLE_READ || es->iso == TR_ISO_SERIALIZABLE);
}

static bool acquire(exec_session_t *es, exec_job_t *job)
{
    switch (job->kind) {
    case JOB_TRANSLATE:
        return route_read(es, job);
    case JOB_DESCRIBE:
        /* preparing needs no write access: describe on a reader, then give it back */
        if (job->run->conn) {
            job->conn = job->run->conn;
            return true;
        }
        return route_read(es, job);
    case JOB_STEP:
        if (job->run->conn) {
            job->conn = job->run->conn;
            return true;
        }
        if (lg_pgerr_is_set(&job->err))
            return true;
        if (job->run->held) /* a WITH HOLD cursor: a reader of its own, whatever the
                               transaction holds */
            return take_free_reader(es, job);
        return stmt_needs_writer(es, job->run->stmt) ? route_write(es, job) : route_read(es, job);
    case JOB_SAVEPOINT:
        return route_write(es, job);
    case JOB_CHECKPOINT:
    case JOB_HOLD:
        return route_write(es, job);
    case JOB_SESSION_CLOSE:
        if (es->temp_used && !es->has_lease && !es->pinned) { /* drops its temporary tables */
            if (!route_write(es, job))
                return false;
            es->has_lease = job->conn == es->ex->writer; /* end_block gives it back */
            return true;
        }
        job->conn = es->has_lease ? es->ex->writer : es->pinned;
        return true;
    case JOB_TXN_END:
        job->conn = es->has_lease ? es->ex->writer : es->pinned;
        return true;
    case JOB_CLOSE:
        job->conn = job->run->conn;
        return true;
    }
    return true;
}

static void start(exec_job_t *job)
{
    exec_t *ex = job->ex;
    ex->jobs_in_flight++;
    exec_pool_submit(ex->pool, &job->item);
}

static void pump(exec_session_t *es)
{
    if (es->running || es->waiting || !es->q_head)
        return;
    exec_job_t *job = es->q_head;
    es->running = true;
    if (!acquire(es, job)) {
        es->running = false;
        return;
    }
    if (job->run && !job->run->conn && job->conn && job->kind != JOB_TRANSLATE)
        job->run->conn = job->conn;
    /* statements that only read may share the reader's kept snapshot (exec_snap.c) */
    job->keep_snapshot =
        job->fresh_reader && es->ex->snap_ok && !job->begin_first &&
        !(job->run && job->run->held) &&
        (job->kind == JOB_STEP || job->kind == JOB_TRANSLATE || job->kind == JOB_DESCRIBE);
    start(job);
}

/* A reader or the writer came back: let the first waiter of that kind retry. */
static void grant_waiters(exec_t *ex)
{
    /* A granted session skips the FIFO check in route_read/route_write: it was first. */
    while (ex->free_readers && ex->reader_q_head) {
        exec_session_t *es = ex->reader_q_head;
        queue_remove(&ex->reader_q_head, &ex->reader_q_tail, es);
        es->waiting = false;
        es->granted = true;
        pump(es);
        es->granted = false;
        if (es->waiting)
            break;
    }
    if (!ex->writer_owner && ex->writer_q_head) {
        exec_session_t *es = ex->writer_q_head;
        queue_remove(&ex->writer_q_head, &ex->writer_q_tail, es);
        es->waiting = false;
        if (es->lock_timer_on) {
            uv_timer_stop(&es->lock_timer);
            es->lock_timer_on = false;
        }
        es->granted = true;
        pump(es);
        es->granted = false;
    }
}

void exec__conn_give_back(exec_t *ex, exec_conn_t *c)
{
    if (!c)
        return;
    if (c->writer) {
        ex->writer_owner = NULL;
    } else {
        c->next_free = ex->free_readers;
        ex->free_readers = c;
        exec__snap_reader_back(ex, c);
    }
    grant_waiters(ex);
}

/* Gives back the connection of a finished or closed run unless a transaction keeps it. */
void exec__release_run_conn(exec_run_t *run)
{
    exec_session_t *es = run->es;
    exec_conn_t *c = run->conn;
    run->conn = NULL;
    if (!c)
        return;
    if (c->writer && es->has_lease)
        return;
    if (c == es->pinned)
        return;
    run->conn_is_autocommit_writer = false;
    exec__conn_give_back(es->ex, c);
}

/* ---- job bodies (worker) ---- */

static void begin_first(exec_job_t *job)
{
    if (!job->begin_first || !job->conn)
        return;
    if (exec__conn_exec(job->conn, job->begin_sql, &job->err) != 0)
        job->rc = LG_ESQL;
}

/* DROP SCHEMA <temporary schema> CASCADE, translated and run in a transaction of its own on
 * the writer; true when it ran. */
static bool drop_temp_schema(exec_conn_t *c, const char *schema)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS \"%.100s\" CASCADE", schema);
    translate_opts_t o = {.catalog_db = c->db};
    translate_result_t *r = NULL;
    lg_pgerr_t err;
    lg_pgerr_clear(&err);
    if (translate_sql(sql, strlen(sql), &o, &r, &err) != 0)
        return false;
    bool ok = exec__conn_exec(c, "BEGIN IMMEDIATE", &err) == 0;
    for (size_t i = 0; ok && i < r->nstmts; i++)
        ok = !r->stmts[i].sql || exec__conn_exec(c, r->stmts[i].sql, &err) == 0;
    ok = ok && exec__conn_exec(c, "COMMIT", &err) == 0;
    if (!ok && !sqlite3_get_autocommit(c->db))
        exec__conn_exec(c, "ROLLBACK", &err);
    translate_result_unref(r);
    return ok;
}

/* At start-up: temporary schemas left by sessions of an earlier run (a crash) go. */
static void drop_stale_temp_schemas(exec_conn_t *c)
{
    char names[64][64];
    int n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT name FROM _lg_schemas WHERE name LIKE 'pg\\_temp\\_%' "
                           "ESCAPE '\\' LIMIT 64",
                           -1, &st, NULL) == SQLITE_OK)
        while (n < 64 && sqlite3_step(st) == SQLITE_ROW)
            snprintf(names[n++], sizeof(names[0]), "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    for (int i = 0; i < n; i++)
        if (!drop_temp_schema(c, names[i]))
            lg_warn("could not drop temporary schema %s", names[i]);
}

static void txn_end_work(exec_job_t *job)
{
    exec_conn_t *c = job->conn;
    if (job->kind == JOB_SESSION_CLOSE && c && c->writer && job->es->temp_used) {
        if (!sqlite3_get_autocommit(c->db)) {
            lg_pgerr_t ignored;
            exec__conn_exec(c, "ROLLBACK", &ignored);
        }
        char schema[32];
        snprintf(schema, sizeof(schema), "pg_temp_%d", (int)job->es->settings.backend_pid);
        job->temp_dropped = drop_temp_schema(c, schema);
        return;
    }
    if (!c || sqlite3_get_autocommit(c->db))
        return;
    const char *sql = job->commit ? "COMMIT" : "ROLLBACK";
    if (exec__conn_exec(c, sql, &job->err) != 0 && job->commit) {
        lg_pgerr_t ignored;
        exec__conn_exec(c, "ROLLBACK", &ignored);
    }
    job->wal_after = 0;
}

static void savepoint_work(exec_job_t *job)
{
    if (lg_pgerr_is_set(&job->err) || !job->conn)
        return;
    exec__conn_exec(job->conn, job->sp_sql, &job->err);
}

/* exec_checkpoint_if: the WAL must end exactly at the position the replicator shipped (the
 * writer is ours for the job, so it cannot move meanwhile); readers are not waited for. */
static bool checkpoint_guard(exec_job_t *job)
{
    exec_conn_t *c = job->conn;
    uint32_t seq = 0;
    if (exec__conn_wal_seq(c, &seq) != 0 || seq != job->ckpt_seq ||
        c->wal_frames != job->ckpt_frames) {
        job->rc = -1;
        return false;
    }
    sqlite3_busy_timeout(c->db, 0);
    return true;
}

static void checkpoint_work(exec_job_t *job)
{
    if (job->ckpt_if && !checkpoint_guard(job))
        return;
    int mode = SQLITE_CHECKPOINT_PASSIVE;
    if (strcmp(job->ckpt_mode, "RESTART") == 0)
        mode = SQLITE_CHECKPOINT_RESTART;
    else if (strcmp(job->ckpt_mode, "TRUNCATE") == 0)
        mode = SQLITE_CHECKPOINT_TRUNCATE;
    job->rc =
        sqlite3_wal_checkpoint_v2(job->conn->db, NULL, mode, &job->wal_frames, &job->checkpointed);
    if (job->rc == SQLITE_OK && job->wal_frames == job->checkpointed) /* let readers leave the */
        atomic_fetch_add(&job->ex->snap.commit_seq, 1);               /* WAL: it may restart */
    if (job->ckpt_if)
        sqlite3_busy_timeout(job->conn->db, job->ex->cfg.busy_timeout_ms);
}

static void on_work(exec_pool_item_t *it)
{
    exec_job_t *job = (exec_job_t *)it;
    if (job->group_next) {
        exec__group_work(job);
        return;
    }
    if (lg_pgerr_is_set(&job->err))
        return; /* refused while acquiring (read-only transaction, ...): nothing to run */
    if (job->conn) {
        job->conn->cancel = job->cancel;
        exec__conn_apply_session(job->conn, job);
    }
    if (job->fresh_reader)
        exec__snap_before(job);
    exec__current_set(job);
    begin_first(job);
    if (job->rc == 0) {
        switch (job->kind) {
        case JOB_TRANSLATE: {
            translate_opts_t o = {0};
            o.nparam_types = job->nparam_types;
            o.param_types = job->param_types;
            o.catalog_db = job->conn ? job->conn->db : NULL;
            o.exact_numeric = true; /* a client's own statement: its output is printed */
            o.split_after_ddl = true;
            translate_sql(job->sql, job->sql_len, &o, &job->tres, &job->err);
            if (job->lift && job->tres)
                job->tmpl = translate_lift_template(job->lift, job->sql, job->tres, &o);
            break;
        }
        case JOB_DESCRIBE:
            exec__run_describe_work(job);
            break;
        case JOB_STEP:
            exec__run_step_work(job);
            break;
        case JOB_CLOSE:
            exec__run_close_work(job);
            break;
        case JOB_TXN_END:
        case JOB_SESSION_CLOSE:
            txn_end_work(job);
            break;
        case JOB_SAVEPOINT:
            savepoint_work(job);
            break;
        case JOB_CHECKPOINT:
            checkpoint_work(job);
            break;
        case JOB_HOLD:
            break; /* holding the writer is the whole job */
        }
    }
    exec__current_set(NULL);
    if (job->keep_snapshot)
        exec__snap_after(job);
    if (job->conn)
        job->conn->cancel = NULL;
}

/* The writer is released once for the whole group; each member then completes as if it
 * had run alone. */
static void complete_group(exec_job_t *leader)
{
    exec_t *ex = leader->ex;
    for (exec_job_t *j = leader; j; j = j->group_next)
        j->run->conn = NULL;
    ex->writer_owner = NULL;
    for (exec_job_t *j = leader, *next; j; j = next) {
        next = j->group_next;
        complete_job(j);
    }
    grant_waiters(ex);
}

static void on_after_work(exec_pool_item_t *it)
{
    exec_job_t *job = (exec_job_t *)it;
    job->ex->jobs_in_flight--;
    if (job->group_next) {
        complete_group(job);
        return;
    }
    complete_job(job);
}

/* ---- completion (loop) ---- */

static void pop_head(exec_session_t *es, exec_job_t *job)
{
    LG_ASSERT(es->q_head == job);
    es->q_head = job->next;
    if (!es->q_head)
        es->q_tail = NULL;
}

static void end_block(exec_session_t *es)
{
    exec_t *ex = es->ex;
    exec_conn_t *pinned = es->pinned;
    bool lease = es->has_lease;
    es->in_txn = false;
    es->has_lease = false;
    es->pinned = NULL;
    es->read_only = -1;
    es->iso = TR_ISO_DEFAULT;
    exec__advisory_release(es, true);
    exec__notify_end(es, false); /* no-op after a commit took them */
    if (lease)
        exec__conn_give_back(ex, ex->writer);
    if (pinned)
        exec__conn_give_back(ex, pinned);
}

static void finish_job(exec_job_t *job);

static void on_commit_acked(void *arg)
{
    exec_job_t *job = arg;
    finish_job(job);
}

/* Runs the owner's callback, frees the job and moves the session's FIFO on. */
static void finish_job(exec_job_t *job)
{
    exec_session_t *es = job->es;
    exec_t *ex = job->ex;
    const lg_pgerr_t *err = lg_pgerr_is_set(&job->err) ? &job->err : NULL;
    es->running = false;
    switch (job->kind) {
    case JOB_TRANSLATE:
        job->tcb(job->arg, job->tres, err);
        break;
    case JOB_DESCRIBE:
    case JOB_STEP:
        job->rcb(job->run, job->status, job->arg);
        break;
    case JOB_TXN_END:
    case JOB_SAVEPOINT:
        job->dcb(job->arg, err);
        break;
    case JOB_CHECKPOINT:
        exec__snap_checkpoint_done(ex);
        job->ccb(job->arg, job->rc, job->wal_frames, job->checkpointed);
        break;
    case JOB_HOLD:
        job->hcb(job->arg);
        break;
    case JOB_SESSION_CLOSE:
    case JOB_CLOSE:
        break;
    }
    bool closing = job->kind == JOB_SESSION_CLOSE;
    void (*done)(void *) = job->close_done;
    void *arg = job->arg;
    free(job->sql);
    free(job->param_types);
    translate_result_unref(job->tmpl);
    if (job->lift) {
        translate_lifted_free(job->lift);
        free(job->lift);
    }
    exec__gucs_unref(job->gucs);
    job_release(ex, job);
    if (closing) {
        exec__advisory_release(es, false);
        exec__notify_free(es);
        exec__gucs_unref(es->gucs);
        es->gucs = NULL;
        if (es->lock_timer_on)
            uv_timer_stop(&es->lock_timer);
        uv_close((uv_handle_t *)&es->lock_timer, on_session_timer_closed);
        if (done)
            done(arg);
        return;
    }
    pump(es);
}

static void complete_run_job(exec_job_t *job)
{
    exec_run_t *run = job->run;
    if (lg_pgerr_is_set(&job->err) && job->status != EXEC_RUN_ERROR) {
        run->err = job->err;
        job->status = EXEC_RUN_ERROR;
    }
    if (job->status == EXEC_RUN_ERROR && run->err.sqlstate[0] &&
        strcmp(run->err.sqlstate, LG_SQLSTATE_QUERY_CANCELED) == 0 && job->es->cancel_msg[0])
        snprintf(run->err.message, sizeof(run->err.message), "%s", job->es->cancel_msg);
    if (job->status == EXEC_RUN_DONE || job->status == EXEC_RUN_ERROR) {
        job->wrote = run->wrote && run->conn_is_autocommit_writer;
        if (job->kind == JOB_STEP || !run->started)
            exec__release_run_conn(run);
        if ((job->status == EXEC_RUN_DONE && run->stmt->cls == TR_CLASS_DDL) || run->pl_ddl)
            exec_schema_changed(job->ex);
        if (job->status == EXEC_RUN_DONE && run->stmt->temp_ddl)
            job->es->temp_used = true;
        if (job->kind == JOB_STEP && !job->es->in_txn) { /* an autocommit statement ended */
            exec__notify_end(job->es, job->status == EXEC_RUN_DONE);
            exec__advisory_release(job->es, true);
        }
    }
}

static void complete_job(exec_job_t *job)
{
    exec_session_t *es = job->es;
    exec_t *ex = job->ex;
    pop_head(es, job);
    if (job->run && job->kind != JOB_CLOSE)
        job->run->jobs--;
    switch (job->kind) {
    case JOB_TRANSLATE:
        if (job->conn && job->conn != es->pinned && !(job->conn->writer && es->has_lease))
            exec__conn_give_back(ex, job->conn);
        if (job->tres && !lg_pgerr_is_set(&job->err) && !es->temp_used)
            translate_cache_put(ex->tcache, job->sql, job->sql_len, job->nparam_types,
                                job->param_types, job->tres);
        if (job->tmpl && job->schema_gen == ex->schema_gen && !es->temp_used)
            translate_cache_put(ex->tcache_lift, job->lift->norm, job->lift->norm_len,
                                job->lift->nlits, job->lift->types, job->tmpl);
        break;
    case JOB_DESCRIBE:
    case JOB_STEP:
        complete_run_job(job);
        break;
    case JOB_CLOSE:
        exec__release_run_conn(job->run);
        exec__run_free(job->run);
        break;
    case JOB_TXN_END:
    case JOB_SESSION_CLOSE:
        job->wrote = job->commit && es->has_lease && !lg_pgerr_is_set(&job->err);
        if (job->temp_dropped) {
            job->wrote = true;
            exec_schema_changed(ex);
        }
        exec__notify_end(es, job->commit && !lg_pgerr_is_set(&job->err));
        end_block(es);
        break;
    case JOB_SAVEPOINT:
        if (lg_pgerr_is_set(&job->err) && es->has_lease && !es->in_txn)
            end_block(es);
        break;
    case JOB_CHECKPOINT:
        es->has_lease = false; /* ends a hold, if there was one */
        exec__conn_give_back(ex, ex->writer);
        break;
    case JOB_HOLD:
        es->has_lease = true; /* the writer stays ours until a checkpoint or unhold */
        break;
    }
    if (job->wrote && ex->hooks.on_commit) {
        ex->hooks.on_commit(ex->hooks.ctx, ex->writer->wal_frames, on_commit_acked, job);
        return;
    }
    finish_job(job);
}

/* ---- public operations (loop) ---- */

static void translate_job(exec_session_t *es, const char *sql, size_t len, int nparam_types,
                          const uint32_t *param_types, translate_lifted_t *lift,
                          exec_translate_cb cb, void *arg)
{
    exec_job_t *job = exec__job_new(es, JOB_TRANSLATE);
    job->schema_gen = es->ex->schema_gen;
    job->lift = lift;
    job->sql = lg_xstrndup(sql, len);
    job->sql_len = len;
    job->nparam_types = nparam_types;
    if (nparam_types > 0)
        job->param_types = lg_xmemdup(param_types, sizeof(uint32_t) * (size_t)nparam_types);
    job->tcb = cb;
    job->arg = arg;
    exec__job_submit(es, job);
}

void exec_translate(exec_session_t *es, const char *sql, size_t len, int nparam_types,
                    const uint32_t *param_types, exec_translate_cb cb, void *arg)
{
    translate_job(es, sql, len, nparam_types, param_types, NULL, cb, arg);
}

void exec_translate_lifted(exec_session_t *es, const char *sql, size_t len,
                           translate_lifted_t *lift, exec_translate_cb cb, void *arg)
{
    translate_job(es, sql, len, 0, NULL, lift, cb, arg);
}

void exec_txn_begin(exec_session_t *es, translate_isolation_t iso, int read_only)
{
    if (!es->in_txn)
        es->txn_time = exec__now_usec();
    es->in_txn = true;
    es->iso = iso;
    es->read_only = read_only;
}

bool exec_txn_active(const exec_session_t *es)
{
    return es->in_txn;
}

bool exec_txn_read_only(const exec_session_t *es)
{
    return es->read_only == 1;
}

void exec_txn_end(exec_session_t *es, bool commit, exec_done_cb cb, void *arg)
{
    exec_job_t *job = exec__job_new(es, JOB_TXN_END);
    job->commit = commit;
    job->dcb = cb;
    job->arg = arg;
    exec__job_submit(es, job);
}

static void quote_ident(char *out, size_t n, const char *name)
{
    size_t o = 0;
    out[o++] = '"';
    for (const char *p = name; *p && o + 3 < n; p++) {
        if (*p == '"')
            out[o++] = '"';
        out[o++] = *p;
    }
    out[o++] = '"';
    out[o] = '\0';
}

void exec_txn_savepoint(exec_session_t *es, translate_txn_kind_t kind, const char *name,
                        exec_done_cb cb, void *arg)
{
    exec_job_t *job = exec__job_new(es, JOB_SAVEPOINT);
    char q[260];
    quote_ident(q, sizeof(q), name);
    const char *verb = kind == TR_TXN_SAVEPOINT ? "SAVEPOINT"
                       : kind == TR_TXN_RELEASE ? "RELEASE SAVEPOINT"
                                                : "ROLLBACK TO SAVEPOINT";
    snprintf(job->sp_sql, sizeof(job->sp_sql), "%s %s", verb, q);
    job->sp_kind = kind;
    job->dcb = cb;
    job->arg = arg;
    exec__job_submit(es, job);
}

void exec_session_close(exec_session_t *es, void (*done)(void *arg), void *arg)
{
    exec_job_t *job = exec__job_new(es, JOB_SESSION_CLOSE);
    job->commit = false;
    job->close_done = done;
    job->arg = arg;
    es->closing = true;
    exec__activity_remove(es); /* gone from pg_stat_activity as the client goes */
    exec_session_cancel(es, "terminating connection");
    exec__job_submit(es, job);
}

void exec_session_cancel(exec_session_t *es, const char *message)
{
    exec_t *ex = es->ex;
    snprintf(es->cancel_msg, sizeof(es->cancel_msg), "%s", message);
    atomic_store(&es->cancel, 1);
    if (!es->waiting)
        return;
    bool removed = es->wait_need == NEED_READ
                       ? queue_remove(&ex->reader_q_head, &ex->reader_q_tail, es)
                       : queue_remove(&ex->writer_q_head, &ex->writer_q_tail, es);
    if (!removed)
        return;
    es->waiting = false;
    if (es->lock_timer_on) {
        uv_timer_stop(&es->lock_timer);
        es->lock_timer_on = false;
    }
    exec_job_t *job = es->q_head;
    lg_pgerr_set(&job->err, LG_SQLSTATE_QUERY_CANCELED, "%s", message);
    complete_job(job);
}

void exec_checkpoint_if(exec_t *ex, const char *mode, uint32_t ckpt_seq, uint32_t wal_frames,
                        exec_checkpoint_cb cb, void *arg)
{
    if (!ex->sys_session)
        ex->sys_session = exec_session_new(ex);
    exec__snap_checkpoint_wanted(ex);
    exec_job_t *job = exec__job_new(ex->sys_session, JOB_CHECKPOINT);
    snprintf(job->ckpt_mode, sizeof(job->ckpt_mode), "%s", mode);
    job->ckpt_if = true;
    job->ckpt_seq = ckpt_seq;
    job->ckpt_frames = wal_frames;
    job->ccb = cb;
    job->arg = arg;
    exec__job_submit(ex->sys_session, job);
}

void exec_writer_hold(exec_t *ex, void (*cb)(void *arg), void *arg)
{
    if (!ex->sys_session)
        ex->sys_session = exec_session_new(ex);
    exec_job_t *job = exec__job_new(ex->sys_session, JOB_HOLD);
    job->hcb = cb;
    job->arg = arg;
    exec__job_submit(ex->sys_session, job);
}

void exec_writer_unhold(exec_t *ex)
{
    exec_session_t *es = ex->sys_session;
    if (!es || !es->has_lease || es->q_head)
        return;
    es->has_lease = false;
    exec__conn_give_back(ex, ex->writer);
}

void exec_wal_position(const exec_t *ex, uint32_t *ckpt_seq, uint32_t *wal_frames)
{
    uint64_t v = atomic_load(&ex->writer->wal_pos);
    *ckpt_seq = (uint32_t)(v >> 32);
    *wal_frames = (uint32_t)v;
}

void exec_checkpoint(exec_t *ex, const char *mode, exec_checkpoint_cb cb, void *arg)
{
    if (!ex->sys_session)
        ex->sys_session = exec_session_new(ex);
    exec__snap_checkpoint_wanted(ex);
    exec_job_t *job = exec__job_new(ex->sys_session, JOB_CHECKPOINT);
    snprintf(job->ckpt_mode, sizeof(job->ckpt_mode), "%s", mode);
    job->ccb = cb;
    job->arg = arg;
    exec__job_submit(ex->sys_session, job);
}
