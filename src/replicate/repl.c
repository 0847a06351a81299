/* repl.c - the replicator object: sync timer, worker jobs, sequential uploads, state.
 *
 * State machine (loop thread): IDLE --tick--> JOB (uv_queue_work: read WAL or snapshot,
 * compress, hash) --after_work--> UPLOAD (one repl_s3 PUT) --done--> IDLE. At most one job
 * or upload exists at a time (`busy`), which keeps objects in position order in S3 and
 * makes the shipped position the single source of truth: it advances only in on_put_done
 * after S3 confirmed. A failed job or upload changes nothing; the next tick retries from
 * the same position (with more frames by then).
 *
 * A job carries everything the worker needs (copies of the position and config) and
 * everything it produced; the worker touches nothing else.
 *
 * Closing: timer closed, worker job (if any) finishes and is dropped, the S3 client is
 * closed (failing the upload in flight), then r is freed; `parts` counts what is open. */
#include "repl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "lg_buf.h"
#include "lg_err.h"
#include "lg_log.h"
#include "repl_layout.h"
#include "repl_retention.h"
#include "repl_segment.h"
#include "repl_snapshot.h"
#include "repl_wal.h"

typedef struct job {
    uv_work_t work;
    repl_t *r;
    /* in */
    bool snapshot;
    bool have_pos;
    bool from_empty; /* no WAL when the generation's snapshot was taken */
    repl_wal_pos_t from;
    uint64_t gen;
    uint64_t ship_pos;
    /* out */
    int rc;
    char err[512];
    bool nothing;
    bool capped;
    repl_obj_hdr_t hdr;
    lg_buf_t obj;
    char sha[65];
    char key[1600];
    repl_wal_pos_t new_pos;
    bool new_have_pos;
    uint64_t pending_bytes;
} job_t;

struct repl {
    uv_loop_t *loop;
    repl_config_t cfg;
    repl_hooks_t hooks;
    repl_s3_t *s3;
    uv_timer_t timer;
    bool busy;
    bool want_sync; /* repl_sync_now while busy: tick again when idle */
    bool job_running;
    bool closing;
    bool s3_closed;
    int parts; /* open pieces while closing: timer, s3 */
    bool have_gen;
    bool have_pos;
    bool from_empty;
    uint64_t gen;
    uint64_t ship_pos;
    repl_wal_pos_t pos;
    uint64_t last_snapshot_ms;
    uint64_t retry_at_ms; /* after failures: no new attempt before this (backoff) */
    uint64_t retry_wait_ms;
    uint64_t last_retention_ms;
    bool retention_busy;
    size_t retention_pending; /* deletes in flight */
    repl_stats_t st;
    void (*on_closed)(void *);
    void *closed_arg;
};

static uint64_t now_ms(void);
static void on_tick(uv_timer_t *t);
static void on_work(uv_work_t *w);
static void on_after_work(uv_work_t *w, int status);
static void on_put_done(void *arg, const repl_s3_result_t *res);
static void work_segment(job_t *j);
static void work_snapshot(job_t *j);
static void job_finish_object(job_t *j);
static void job_free(job_t *j);
static void record_failure(repl_t *r, const char *msg);
static void close_step(repl_t *r);
static void on_timer_close(uv_handle_t *h);
static void on_s3_closed(void *arg);
static void retention_maybe(repl_t *r);
static void on_retention_list(void *arg, const repl_s3_result_t *res);
static void on_retention_delete(void *arg, const repl_s3_result_t *res);

static uint64_t now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
}

void repl_config_default(repl_config_t *c)
{
    if (c->sync_interval_ms == 0)
        c->sync_interval_ms = 1000;
    if (c->snapshot_interval_ms == 0)
        c->snapshot_interval_ms = 24ull * 3600 * 1000;
    if (c->zstd_level == 0)
        c->zstd_level = 3;
    if (c->max_segment_bytes == 0)
        c->max_segment_bytes = (size_t)64 << 20;
    if (c->max_snapshot_bytes == 0)
        c->max_snapshot_bytes = (size_t)16 << 30;
    if (c->retention_ms == 0)
        c->retention_ms = 72ull * 3600 * 1000;
    if (c->retention_check_ms == 0)
        c->retention_check_ms = 3600ull * 1000;
}

repl_t *repl_new(uv_loop_t *loop, const repl_config_t *cfg, const repl_hooks_t *hooks)
{
    repl_t *r = lg_xcalloc(1, sizeof *r);
    r->loop = loop;
    r->cfg = *cfg;
    repl_config_default(&r->cfg);
    if (hooks != NULL)
        r->hooks = *hooks;
    r->s3 = repl_s3_new(loop, &r->cfg.s3, &r->cfg.s3_opts);
    if (r->s3 == NULL) {
        free(r);
        return NULL;
    }
    uv_timer_init(loop, &r->timer);
    r->timer.data = r;
    r->st.healthy = true;
    return r;
}

int repl_start(repl_t *r)
{
    uv_timer_start(&r->timer, on_tick, 0, r->cfg.sync_interval_ms);
    return 0;
}

void repl_sync_now(repl_t *r)
{
    if (r->closing)
        return;
    if (r->busy)
        r->want_sync = true;
    else
        uv_timer_start(&r->timer, on_tick, 0, r->cfg.sync_interval_ms);
}

void repl_get_stats(const repl_t *r, repl_stats_t *out)
{
    *out = r->st;
}

static void on_tick(uv_timer_t *t)
{
    repl_t *r = t->data;
    if (r->closing)
        return;
    retention_maybe(r);
    if (r->busy || now_ms() < r->retry_at_ms)
        return;
    job_t *j = lg_xcalloc(1, sizeof *j);
    j->r = r;
    j->snapshot = !r->have_gen || now_ms() - r->last_snapshot_ms >= r->cfg.snapshot_interval_ms;
    j->have_pos = r->have_pos;
    j->from_empty = r->from_empty;
    j->from = r->pos;
    j->gen = r->gen;
    j->ship_pos = r->ship_pos;
    j->work.data = j;
    lg_buf_init(&j->obj, r->cfg.max_snapshot_bytes + (64u << 20));
    r->busy = true;
    r->job_running = true;
    uv_queue_work(r->loop, &j->work, on_work, on_after_work);
}

/* ---- worker side: touches only the job ---- */

static void on_work(uv_work_t *w)
{
    job_t *j = w->data;
    if (!j->snapshot)
        work_segment(j);
    if (j->snapshot && j->rc == 0)
        work_snapshot(j);
    if (j->rc == 0 && !j->nothing)
        job_finish_object(j);
}

static void work_segment(job_t *j)
{
    repl_t *r = j->r;
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", r->cfg.db_path);
    int fd = open(wal, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        j->nothing = errno == ENOENT;
        j->rc = j->nothing ? 0 : LG_EIO;
        snprintf(j->err, sizeof j->err, "cannot open %.400s: %s", wal, strerror(errno));
        return;
    }
    lg_buf_t frames;
    repl_wal_scan_t sc;
    size_t cap = r->cfg.max_segment_bytes;
    /* max_segment_bytes is a soft limit: a single transaction larger than it is read whole
     * (up to max_snapshot_bytes) rather than never shipped */
    for (;;) {
        lg_buf_init(&frames, cap);
        j->rc = repl_wal_read_fd(fd, j->have_pos ? &j->from : NULL, cap, &frames, &sc);
        bool full = frames.len + REPL_WAL_FRAME_HDR_SIZE + sc.start.page_size > cap;
        if (j->rc != 0 || sc.nframes > 0 || !full || cap >= r->cfg.max_snapshot_bytes)
            break;
        lg_buf_deinit(&frames);
        cap = cap * 4 < r->cfg.max_snapshot_bytes ? cap * 4 : r->cfg.max_snapshot_bytes;
    }
    close(fd);
    if (j->rc != 0) {
        snprintf(j->err, sizeof j->err, "reading %.400s: %s", wal, lg_strerror(j->rc));
    } else if (sc.continuity == REPL_WAL_LOST && !(j->from_empty && !j->have_pos)) {
        j->snapshot = true; /* a new generation takes over */
    } else if (sc.continuity == REPL_WAL_EMPTY || sc.nframes == 0) {
        j->nothing = true;
        j->new_pos = sc.end;
    } else {
        size_t fsz = REPL_WAL_FRAME_HDR_SIZE + (size_t)sc.start.page_size;
        repl_obj_hdr_t h = {.kind = REPL_OBJ_SEGMENT,
                            .generation = j->gen,
                            .position = j->ship_pos,
                            .frames = sc.nframes,
                            .page_size = sc.start.page_size,
                            .db_pages = sc.commit_pages,
                            .ckpt_seq = sc.start.ckpt_seq,
                            .salt1 = sc.start.salt1,
                            .salt2 = sc.start.salt2,
                            .time_ms = now_ms()};
        j->hdr = h;
        j->capped = frames.len + fsz > cap;
        j->pending_bytes = sc.frames_len;
        j->new_pos = sc.end;
        j->new_have_pos = true;
        j->rc = repl_obj_encode(&j->hdr, frames.data, sc.frames_len, r->cfg.zstd_level, &j->obj);
        if (j->rc != 0)
            snprintf(j->err, sizeof j->err, "encoding a segment: %s", lg_strerror(j->rc));
    }
    lg_buf_deinit(&frames);
}

static void work_snapshot(job_t *j)
{
    repl_t *r = j->r;
    lg_buf_t raw;
    repl_wal_scan_t at;
    lg_buf_init(&raw, r->cfg.max_snapshot_bytes);
    j->rc = repl_snapshot_take(r->cfg.db_path, r->cfg.max_snapshot_bytes, &raw, &at, j->err,
                               sizeof j->err);
    if (j->rc == 0) {
        uint32_t ps = 4096;
        if (raw.len >= 100)
            ps = ((uint32_t)raw.data[16] << 8) | raw.data[17];
        if (ps == 1)
            ps = 65536;
        uint64_t t = now_ms();
        uint16_t rnd = (uint16_t)(uv_hrtime() ^ (uint64_t)getpid());
        repl_obj_hdr_t h = {.kind = REPL_OBJ_SNAPSHOT,
                            .generation = repl_generation_new(t, rnd),
                            .position = 0,
                            .page_size = ps,
                            .db_pages = (uint32_t)(raw.len / ps),
                            .ckpt_seq = at.end.ckpt_seq,
                            .salt1 = at.end.salt1,
                            .salt2 = at.end.salt2,
                            .time_ms = t};
        j->hdr = h;
        j->new_pos = at.end;
        j->new_have_pos = at.continuity != REPL_WAL_EMPTY;
        j->pending_bytes = raw.len;
        j->rc = repl_obj_encode(&j->hdr, raw.data, raw.len, r->cfg.zstd_level, &j->obj);
        if (j->rc != 0)
            snprintf(j->err, sizeof j->err, "encoding a snapshot: %s", lg_strerror(j->rc));
    }
    lg_buf_deinit(&raw);
}

static void job_finish_object(job_t *j)
{
    repl_key_kind_t kind = j->snapshot ? REPL_KEY_SNAPSHOT : REPL_KEY_SEGMENT;
    j->rc = repl_key_object(j->r->cfg.prefix, kind, j->hdr.generation, j->hdr.position, j->key,
                            sizeof j->key);
    if (j->rc != 0) {
        snprintf(j->err, sizeof j->err, "object key too long");
        return;
    }
    repl_s3_sha256_hex(j->obj.data, j->obj.len, j->sha);
}

/* ---- loop side ---- */

static void job_free(job_t *j)
{
    lg_buf_deinit(&j->obj);
    free(j);
}

static void record_failure(repl_t *r, const char *msg)
{
    if (r->st.healthy)
        lg_error("replication: %s", msg);
    else
        lg_warn("replication: still failing: %s", msg);
    r->st.healthy = false;
    r->st.failures++;
    /* back off between attempts while failing: sync interval doubling up to 30 s */
    r->retry_wait_ms = r->retry_wait_ms ? r->retry_wait_ms * 2 : r->cfg.sync_interval_ms;
    if (r->retry_wait_ms > 30000)
        r->retry_wait_ms = 30000;
    r->retry_at_ms = now_ms() + r->retry_wait_ms;
    snprintf(r->st.last_error, sizeof r->st.last_error, "%s", msg);
}

static void on_after_work(uv_work_t *w, int status)
{
    job_t *j = w->data;
    repl_t *r = j->r;
    r->job_running = false;
    if (r->closing || status != 0) {
        job_free(j);
        r->busy = false;
        if (r->closing)
            close_step(r);
        return;
    }
    if (j->rc != 0 || j->nothing) {
        if (j->rc != 0)
            record_failure(r, j->err);
        job_free(j);
        r->busy = false;
        return;
    }
    size_t len = 0;
    uint8_t *body = lg_buf_steal(&j->obj, &len);
    r->st.pending_bytes = j->pending_bytes;
    if (repl_s3_put(r->s3, j->key, body, len, j->sha, on_put_done, j) != 0) {
        job_free(j);
        r->busy = false;
    }
}

static void on_put_done(void *arg, const repl_s3_result_t *res)
{
    job_t *j = arg;
    repl_t *r = j->r;
    r->busy = false;
    if (res->rc != 0) {
        if (res->rc != LG_ECLOSED)
            record_failure(r, res->message);
        job_free(j);
        return;
    }
    if (!r->st.healthy)
        lg_info("replication: recovered, uploaded %s", j->key);
    r->retry_wait_ms = 0;
    r->retry_at_ms = 0;
    if (j->snapshot) {
        r->have_gen = true;
        r->gen = j->hdr.generation;
        r->last_snapshot_ms = now_ms();
        r->from_empty = !j->new_have_pos;
        r->st.snapshots++;
        r->ship_pos = 0;
        lg_info("replication: generation %016llx started with a snapshot of %llu bytes",
                (unsigned long long)r->gen, (unsigned long long)j->hdr.raw_len);
    } else {
        r->ship_pos += j->hdr.frames;
        r->st.segments++;
    }
    r->have_pos = j->new_have_pos;
    if (j->new_have_pos)
        r->pos = j->new_pos;
    r->st = (repl_stats_t){.generation = r->gen,
                           .shipped_frames = r->ship_pos,
                           .ckpt_seq = r->pos.ckpt_seq,
                           .wal_frame = r->pos.frame,
                           .last_ok_ms = now_ms(),
                           .segments = r->st.segments,
                           .snapshots = r->st.snapshots,
                           .failures = r->st.failures,
                           .deleted = r->st.deleted,
                           .healthy = true};
    bool again = j->capped || r->want_sync;
    r->want_sync = false;
    job_free(j);
    if (r->have_pos && r->hooks.may_checkpoint != NULL)
        r->hooks.may_checkpoint(r->hooks.ctx, r->pos.ckpt_seq, r->pos.frame);
    if (r->hooks.on_shipped != NULL)
        r->hooks.on_shipped(r->hooks.ctx, &r->st);
    if (again && !r->closing)
        repl_sync_now(r);
}

/* ---- retention: LIST, plan, DELETE (never blocks shipping) ---- */

static void retention_maybe(repl_t *r)
{
    uint64_t now = now_ms();
    if (r->retention_busy || !r->have_gen || now - r->last_retention_ms < r->cfg.retention_check_ms)
        return;
    char prefix[1100];
    if (repl_key_generation_prefix(r->cfg.prefix, 0, 0, prefix, sizeof prefix) != 0)
        return;
    r->last_retention_ms = now;
    if (repl_s3_list(r->s3, prefix, on_retention_list, r) == 0)
        r->retention_busy = true;
}

static void on_retention_list(void *arg, const repl_s3_result_t *res)
{
    repl_t *r = arg;
    if (res->rc != 0) {
        r->retention_busy = false;
        if (res->rc != LG_ECLOSED)
            lg_warn("replication: retention: %s", res->message);
        return;
    }
    const char **keys = NULL;
    size_t n = 0;
    repl_retention_plan(res->list, now_ms(), r->cfg.retention_ms, &keys, &n);
    for (size_t i = 0; i < n && !r->closing; i++)
        if (repl_s3_delete(r->s3, keys[i], on_retention_delete, r) == 0)
            r->retention_pending++;
    free(keys);
    if (r->retention_pending == 0)
        r->retention_busy = false;
    else
        lg_info("replication: retention: deleting %zu objects older than the window", n);
}

static void on_retention_delete(void *arg, const repl_s3_result_t *res)
{
    repl_t *r = arg;
    if (res->rc == 0 || res->rc == LG_ENOTFOUND)
        r->st.deleted++;
    else if (res->rc != LG_ECLOSED)
        lg_warn("replication: retention: %s", res->message);
    if (--r->retention_pending == 0)
        r->retention_busy = false;
}

static void on_timer_close(uv_handle_t *h)
{
    repl_t *r = h->data;
    r->parts--;
    close_step(r);
}

static void on_s3_closed(void *arg)
{
    repl_t *r = arg;
    r->parts--;
    close_step(r);
}

/* Advances closing: S3 is closed once no worker job can still want it; r is freed when
 * nothing is open. */
static void close_step(repl_t *r)
{
    if (!r->job_running && !r->s3_closed) {
        r->s3_closed = true;
        repl_s3_close(r->s3, on_s3_closed, r);
        return;
    }
    if (r->parts > 0 || r->job_running)
        return;
    void (*cb)(void *) = r->on_closed;
    void *arg = r->closed_arg;
    free(r);
    if (cb != NULL)
        cb(arg);
}

void repl_close(repl_t *r, void (*on_closed)(void *arg), void *arg)
{
    if (r == NULL || r->closing)
        return;
    r->closing = true;
    r->on_closed = on_closed;
    r->closed_arg = arg;
    r->parts = 2;
    uv_timer_stop(&r->timer);
    uv_close((uv_handle_t *)&r->timer, on_timer_close);
}
