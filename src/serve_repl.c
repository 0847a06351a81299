/* serve_repl.c - replication glue of `litegres serve`: checkpoints after shipping,
 * synchronous commits, replication lag, final upload on shutdown. Loop thread, except
 * serve_repl_s3_config / serve_repl_prepare (main thread, before the loop).
 *
 * Positions: a WAL position is (checkpoint sequence of the WAL header, frame count), as
 * sqlite3_wal_hook and the WAL header give it for the writer (exec_wal_position) and as the
 * replicator reports it after each upload (repl_stats_t.ckpt_seq / wal_frame). An upload at
 * (S, w) covers a commit at (s, f) when S == s and w >= f, or S is a later sequence: the
 * WAL only restarts (S+1) after a checkpoint, and checkpoints run only at a shipped
 * position, so every frame of an earlier sequence was shipped.
 *
 * Invariant: `head..tail` lists, in commit order, the commits not yet known to be covered
 * (synchronous commits each with their reply callback; asynchronous ones coalesced into
 * markers of at most MARK_MS for the lag). The oldest one's time is the lag. */
#include "serve_repl.h"
#include "lg_err.h"
#include "lg_log.h"
#include "repl_layout.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define CKPT_MIN_FRAMES 1000 /* like SQLite's wal_autocheckpoint default */
/* Under steady writes the WAL never ends at a shipped position, so no checkpoint would
 * ever be allowed. Past this size the writer is held (writes queue) while the tail ships,
 * then a RESTART checkpoint runs at that exact position: a pause of about one upload (the
 * frames written since the last one) per 128 MB of WAL (4 KiB pages). RESTART, not
 * TRUNCATE: the next writer starts over at the beginning of the WAL file and overwrites
 * blocks that already exist, and the file was filled up to this bound when serving started
 * (serve_repl_wal_prepare). A commit's fsync that grows the file must also journal the new
 * blocks and size, which measured about 20% of single-row update throughput on 2 cores
 * when the WAL was left to grow from empty.
 * If the tail is not in S3 within HOLD_MAX_MS (S3 slow or down), writes resume and the WAL
 * keeps growing until S3 is back. */
#define CKPT_HOLD_FRAMES 32768
#define HOLD_MAX_MS 3000
#define HOLD_TAIL_FRAMES 4096 /* unshipped frames at most when a hold starts (~16 MB) */
#define MARK_MS 50            /* asynchronous commits this close share one lag marker */

typedef struct waiter {
    struct waiter *next;
    uint32_t seq, frames;
    uint64_t t_ms;
    void (*done)(void *arg); /* NULL: an asynchronous commit (lag marker only) */
    void *arg;
} waiter_t;

struct serve_repl {
    uv_loop_t *loop;
    exec_t *ex;
    repl_t *repl;
    bool sync;
    uint32_t page_size;
    bool shipped_any;
    uint32_t sh_seq, sh_frames;
    waiter_t *head, *tail;
    size_t nwait;
    bool ckpt_running, perm_pending;
    uint32_t perm_seq, perm_frames;
    uint64_t perm_gen, ckpt_gen;
    bool stopping, finished, repl_closed;
    uint64_t stop_deadline_ms;
    uv_timer_t stop_timer;
    bool timer_open;
    /* bounded WAL: writes pause while the WAL tail ships, then RESTART */
    bool hold_requested, holding;
    uint64_t hold_asked_ms; /* when the current hold was requested (for the debug log) */
    uint32_t hold_seq, hold_frames;
    uv_timer_t hold_timer;
    bool hold_timer_open;
};

static void maybe_free(serve_repl_t *sr)
{
    if (sr->finished && sr->repl_closed && !sr->ckpt_running && !sr->timer_open &&
        !sr->hold_timer_open && !sr->hold_requested)
        free(sr);
}

static uint64_t now_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
}

/* ---- configuration (main thread) ---- */

int serve_repl_s3_config(const char *url, const char *endpoint, const char *region,
                         repl_s3_cfg_t *s3, char *prefix, size_t pcap, char *err, size_t elen)
{
    char bucket[256];
    if (repl_url_parse(url, bucket, sizeof(bucket), prefix, pcap) != 0) {
        snprintf(err, elen, "invalid replica URL \"%s\" (expected s3://BUCKET/PREFIX)", url);
        return -1;
    }
    if (repl_s3_cfg_from_env(s3, bucket, err, elen) != 0)
        return -1;
    if (endpoint && endpoint[0]) {
        size_t n = strlen(endpoint);
        while (n > 0 && endpoint[n - 1] == '/')
            n--;
        if (n >= sizeof(s3->endpoint)) {
            snprintf(err, elen, "--s3-endpoint too long");
            return -1;
        }
        memcpy(s3->endpoint, endpoint, n);
        s3->endpoint[n] = '\0';
        s3->path_style = true;
    }
    if (region && region[0])
        snprintf(s3->region, sizeof(s3->region), "%s", region);
    return 0;
}

static int restore_missing(const lg_config_t *c, repl_restore_opts_t *o, bool *restored)
{
    char err[1024];
    repl_restore_info_t info;
    *restored = false;
    if (access(c->db, F_OK) == 0 || errno != ENOENT)
        return 0;
    snprintf(o->out_path, sizeof(o->out_path), "%s", c->db);
    lg_info("database \"%s\" is missing: restoring it from %s", c->db, c->replicate);
    int rc = repl_restore_run(o, &info, err, sizeof(err));
    if (rc == LG_ENOTFOUND) {
        lg_info("nothing to restore under %s yet (%s): starting with a new database", c->replicate,
                err);
        return 0;
    }
    if (rc != 0) {
        lg_error("restore from %s failed: %s", c->replicate, err);
        return -1;
    }
    lg_info("restored \"%s\" (%llu bytes) from generation %016llx, %zu segments", c->db,
            (unsigned long long)info.bytes, (unsigned long long)info.generation, info.segments);
    *restored = true;
    return 0;
}

/* The WAL file is filled with zeros past its end up to the hold bound: frames then overwrite
 * existing blocks (see CKPT_HOLD_FRAMES). SQLite reads a WAL only up to the last frame whose
 * salts and checksums match, so the zeros are never taken for frames. Main thread, after the
 * database is open and before anything writes (no frame can be appended meanwhile). */
void serve_repl_wal_prepare(const lg_config_t *c)
{
    char wal[4096];
    snprintf(wal, sizeof(wal), "%s-wal", c->db);
    int fd = open(wal, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    off_t want = 32 + (off_t)CKPT_HOLD_FRAMES * (24 + 4096);
    static const char zeros[1 << 16];
    if (fstat(fd, &st) == 0 && st.st_size < want) {
        off_t at = st.st_size;
        while (at < want) {
            size_t n = (size_t)(want - at < (off_t)sizeof(zeros) ? want - at : (off_t)sizeof(zeros));
            ssize_t w = pwrite(fd, zeros, n, at);
            if (w <= 0)
                break;
            at += w;
        }
        if (at >= want && fdatasync(fd) == 0)
            lg_info("replication: WAL file prepared (%lld MB)", (long long)(want >> 20));
    }
    close(fd);
}

int serve_repl_prepare(const lg_config_t *c)
{
    repl_restore_opts_t *o = lg_xcalloc(1, sizeof(*o));
    char err[1024];
    bool restored = false;
    int rc = -1;
    if (serve_repl_s3_config(c->replicate, c->s3_endpoint, c->s3_region, &o->s3, o->prefix,
                             sizeof(o->prefix), err, sizeof(err)) != 0) {
        lg_error("--replicate: %s", err);
        goto out;
    }
    o->s3_opts.max_attempts = 3;
    o->s3_opts.timeout_ms = 15000;
    if (c->restore_if_missing && restore_missing(c, o, &restored) != 0)
        goto out;
    if (!restored) {
        repl_gen_info_t *g = NULL;
        size_t n = 0;
        if (repl_restore_generations(o, &g, &n, err, sizeof(err)) != 0) {
            lg_error("replication: cannot use %s: %s", c->replicate, err);
            goto out;
        }
        free(g);
    }
    rc = 0;
out:
    free(o);
    return rc;
}

/* ---- positions and waiting commits (loop) ---- */

static bool covers(const serve_repl_t *sr, uint32_t seq, uint32_t frames)
{
    if (!sr->shipped_any)
        return false;
    if (sr->sh_seq == seq)
        return sr->sh_frames >= frames;
    return (int32_t)(sr->sh_seq - seq) > 0;
}

static void release_covered(serve_repl_t *sr, bool all)
{
    while (sr->head && (all || covers(sr, sr->head->seq, sr->head->frames))) {
        waiter_t *w = sr->head;
        sr->head = w->next;
        if (!sr->head)
            sr->tail = NULL;
        sr->nwait--;
        if (w->done)
            w->done(w->arg);
        free(w);
    }
}

static void push_commit(serve_repl_t *sr, uint32_t seq, uint32_t frames, void (*done)(void *),
                        void *arg)
{
    uint64_t t = now_ms();
    waiter_t *tl = sr->tail;
    if (!done && tl && !tl->done && (t - tl->t_ms < MARK_MS || sr->nwait > 100000)) {
        tl->seq = seq;
        tl->frames = frames;
        return;
    }
    waiter_t *w = lg_xcalloc(1, sizeof(*w));
    *w = (waiter_t){.seq = seq, .frames = frames, .t_ms = t, .done = done, .arg = arg};
    if (sr->tail)
        sr->tail->next = w;
    else
        sr->head = w;
    sr->tail = w;
    sr->nwait++;
}

/* exec_hooks_t.on_commit */
static void on_commit(void *ctx, uint64_t wal_frames, void (*done)(void *arg), void *arg)
{
    serve_repl_t *sr = ctx;
    uint32_t seq, frames;
    (void)wal_frames;
    exec_wal_position(sr->ex, &seq, &frames);
    if (covers(sr, seq, frames)) {
        done(arg);
        return;
    }
    if (!sr->sync) {
        done(arg);
        push_commit(sr, seq, frames, NULL, NULL);
        return;
    }
    push_commit(sr, seq, frames, done, arg);
    repl_sync_now(sr->repl);
}

/* ---- checkpoints (loop) ---- */

static void maybe_checkpoint(serve_repl_t *sr);
static void maybe_hold(serve_repl_t *sr);
static void on_checkpoint_done(void *arg, int rc, int wal_frames, int checkpointed);

static void end_hold(serve_repl_t *sr)
{
    if (sr->hold_timer_open)
        uv_timer_stop(&sr->hold_timer);
    if (sr->holding && !sr->ckpt_running)
        exec_writer_unhold(sr->ex);
    sr->holding = false;
}

static void on_hold_timeout(uv_timer_t *t)
{
    serve_repl_t *sr = t->data;
    if (!sr->holding || sr->ckpt_running)
        return;
    lg_warn("replication: WAL tail not in S3 within %d ms; writes resume, checkpoint deferred",
            HOLD_MAX_MS);
    end_hold(sr);
}

/* The writer is held: checkpoint as soon as the shipped position reaches the WAL's end. */
static void try_hold_checkpoint(serve_repl_t *sr)
{
    if (!sr->holding || sr->ckpt_running || sr->sh_seq != sr->hold_seq ||
        sr->sh_frames < sr->hold_frames)
        return;
    uv_timer_stop(&sr->hold_timer);
    sr->ckpt_running = true;
    sr->holding = false; /* the checkpoint job releases the writer when it ends */
    exec_checkpoint_if(sr->ex, "RESTART", sr->hold_seq, sr->hold_frames, on_checkpoint_done, sr);
}

static void on_held(void *arg)
{
    serve_repl_t *sr = arg;
    sr->hold_requested = false;
    if (sr->finished || sr->stopping) {
        exec_writer_unhold(sr->ex);
        maybe_free(sr);
        return;
    }
    sr->holding = true;
    exec_wal_position(sr->ex, &sr->hold_seq, &sr->hold_frames);
    if (!sr->hold_timer_open) {
        uv_timer_init(sr->loop, &sr->hold_timer);
        sr->hold_timer.data = sr;
        sr->hold_timer_open = true;
    }
    uv_timer_start(&sr->hold_timer, on_hold_timeout, HOLD_MAX_MS, 0);
    repl_sync_now(sr->repl);
    try_hold_checkpoint(sr);
}

static void maybe_hold(serve_repl_t *sr)
{
    uint32_t seq, frames;
    if (sr->holding || sr->hold_requested || sr->ckpt_running || sr->finished || sr->stopping)
        return;
    exec_wal_position(sr->ex, &seq, &frames);
    /* hold only when the replicator has nearly caught up: the pause is then one upload */
    if (frames < CKPT_HOLD_FRAMES || seq != sr->sh_seq || frames - sr->sh_frames > HOLD_TAIL_FRAMES)
        return;
    sr->hold_requested = true;
    sr->hold_asked_ms = now_ms();
    exec_writer_hold(sr->ex, on_held, sr);
}

static void on_checkpoint_done(void *arg, int rc, int wal_frames, int checkpointed)
{
    serve_repl_t *sr = arg;
    sr->ckpt_running = false;
    if (rc != -1)
        sr->ckpt_gen++;
    if (rc == 0)
        lg_debug("replication: checkpointed %d WAL frames after upload (%llu ms since the hold "
                 "was asked)",
                 checkpointed, (unsigned long long)(now_ms() - sr->hold_asked_ms));
    else if (rc != -1)
        lg_debug("replication: checkpoint rc %d (%d of %d frames; readers active)", rc,
                 checkpointed, wal_frames);
    if (sr->finished) {
        maybe_free(sr);
        return;
    }
    maybe_checkpoint(sr);
    if (rc == -1)
        maybe_hold(sr); /* the WAL moved on since the upload */
}

static void maybe_checkpoint(serve_repl_t *sr)
{
    if (sr->ckpt_running || !sr->perm_pending || sr->finished)
        return;
    sr->perm_pending = false;
    if (sr->perm_gen != sr->ckpt_gen)
        return; /* a checkpoint ran since this permission was issued */
    sr->ckpt_running = true;
    exec_checkpoint_if(sr->ex, "RESTART", sr->perm_seq, sr->perm_frames, on_checkpoint_done, sr);
}

/* repl_hooks_t.may_checkpoint */
static void may_checkpoint(void *ctx, uint32_t ckpt_seq, uint32_t wal_frame)
{
    serve_repl_t *sr = ctx;
    maybe_hold(sr);
    if (wal_frame < CKPT_MIN_FRAMES)
        return;
    sr->perm_pending = true;
    sr->perm_seq = ckpt_seq;
    sr->perm_frames = wal_frame;
    sr->perm_gen = sr->ckpt_gen;
    maybe_checkpoint(sr);
}

static void finish_stop(serve_repl_t *sr);

/* repl_hooks_t.on_shipped */
static void on_shipped(void *ctx, const repl_stats_t *st)
{
    serve_repl_t *sr = ctx;
    if (st->wal_frame == 0 && st->ckpt_seq == 0 && !sr->shipped_any)
        return; /* a snapshot of a database without WAL: no position yet */
    sr->shipped_any = true;
    sr->sh_seq = st->ckpt_seq;
    sr->sh_frames = st->wal_frame;
    release_covered(sr, false);
    try_hold_checkpoint(sr);
    if (sr->stopping && !sr->head)
        finish_stop(sr);
}

/* ---- lifetime (loop) ---- */

serve_repl_t *serve_repl_new(uv_loop_t *loop, exec_t *ex, const lg_config_t *c)
{
    serve_repl_t *sr = lg_xcalloc(1, sizeof(*sr));
    repl_config_t *rc = lg_xcalloc(1, sizeof(*rc));
    char err[1024];
    sr->loop = loop;
    sr->ex = ex;
    sr->sync = c->synchronous_replication;
    sr->page_size = 4096;
    snprintf(rc->db_path, sizeof(rc->db_path), "%s", c->db);
    if (serve_repl_s3_config(c->replicate, c->s3_endpoint, c->s3_region, &rc->s3, rc->prefix,
                             sizeof(rc->prefix), err, sizeof(err)) != 0) {
        lg_error("--replicate: %s", err);
        goto fail;
    }
    rc->sync_interval_ms = c->sync_interval_ms > 0 ? (uint64_t)c->sync_interval_ms : 1000;
    rc->snapshot_interval_ms = (uint64_t)c->snapshot_interval_s * 1000u;
    rc->retention_ms = (uint64_t)c->retention_s * 1000u;
    uint64_t chk = rc->retention_ms / 4;
    rc->retention_check_ms = chk < 1000 ? 1000 : chk > 3600000 ? 3600000 : chk;
    repl_hooks_t h = {.ctx = sr, .may_checkpoint = may_checkpoint, .on_shipped = on_shipped};
    sr->repl = repl_new(loop, rc, &h);
    if (!sr->repl || repl_start(sr->repl) != 0) {
        lg_error("replication: could not create the S3 client");
        goto fail;
    }
    int fd = open(c->db, O_RDONLY | O_CLOEXEC);
    uint8_t hdr[18];
    if (fd >= 0 && pread(fd, hdr, sizeof(hdr), 0) == (ssize_t)sizeof(hdr)) {
        uint32_t ps = (uint32_t)hdr[16] << 8 | hdr[17];
        sr->page_size = ps == 1 ? 65536 : ps >= 512 ? ps : 4096;
    }
    if (fd >= 0)
        close(fd);
    exec_hooks_t eh = {.ctx = sr, .on_commit = on_commit};
    exec_set_hooks(ex, &eh);
    lg_info("replicating to %s every %llu ms%s", c->replicate,
            (unsigned long long)rc->sync_interval_ms,
            sr->sync ? " (synchronous: commits wait for S3)" : "");
    free(rc);
    return sr;
fail:
    free(rc);
    free(sr);
    return NULL;
}

static void on_repl_closed(void *arg)
{
    serve_repl_t *sr = arg;
    sr->repl_closed = true;
    maybe_free(sr);
}

static void on_stop_timer_closed(uv_handle_t *h)
{
    serve_repl_t *sr = h->data;
    sr->timer_open = false;
    maybe_free(sr);
}

static void on_hold_timer_closed(uv_handle_t *h)
{
    serve_repl_t *sr = h->data;
    sr->hold_timer_open = false;
    maybe_free(sr);
}

static void finish_stop(serve_repl_t *sr)
{
    if (sr->finished)
        return;
    sr->finished = true;
    if (sr->head) {
        repl_stats_t st;
        repl_get_stats(sr->repl, &st);
        lg_warn("replication: shutting down with %zu commits not yet in S3 (%s); they stay in "
                "the WAL and the next start ships them in a new generation",
                sr->nwait, st.last_error[0] ? st.last_error : "upload pending");
    } else {
        lg_info("replication: everything committed is in S3");
    }
    release_covered(sr, true); /* clients are gone: nothing waits for these replies */
    end_hold(sr);
    if (sr->hold_timer_open)
        uv_close((uv_handle_t *)&sr->hold_timer, on_hold_timer_closed);
    if (sr->timer_open)
        uv_close((uv_handle_t *)&sr->stop_timer, on_stop_timer_closed);
    exec_hooks_t none = {0};
    exec_set_hooks(sr->ex, &none);
    repl_close(sr->repl, on_repl_closed, sr);
}

static void on_stop_tick(uv_timer_t *t)
{
    serve_repl_t *sr = t->data;
    if (!sr->head || now_ms() >= sr->stop_deadline_ms)
        finish_stop(sr);
}

void serve_repl_stop(serve_repl_t *sr, uint64_t wait_ms)
{
    if (!sr || sr->stopping)
        return;
    sr->stopping = true;
    if (!sr->head) {
        finish_stop(sr);
        return;
    }
    lg_info("replication: shipping the last %zu commits before exit", sr->nwait);
    sr->stop_deadline_ms = now_ms() + wait_ms;
    uv_timer_init(sr->loop, &sr->stop_timer);
    sr->stop_timer.data = sr;
    sr->timer_open = true;
    uv_timer_start(&sr->stop_timer, on_stop_tick, 100, 100);
    repl_sync_now(sr->repl);
}

/* ---- SHOW (loop) ---- */

bool serve_repl_show(void *ctx, const char *name, char *out, size_t cap)
{
    serve_repl_t *sr = ctx;
    bool secs = strcmp(name, "litegres.replication_lag") == 0;
    if (!secs && strcmp(name, "litegres.replication_lag_bytes") != 0)
        return false;
    if (!sr || !sr->head) {
        snprintf(out, cap, "0");
        return true;
    }
    if (secs) {
        uint64_t t = now_ms(), t0 = sr->head->t_ms;
        snprintf(out, cap, "%.3f", t > t0 ? (double)(t - t0) / 1000.0 : 0.0);
        return true;
    }
    uint32_t seq = sr->tail->seq, frames = sr->tail->frames;
    uint64_t n = frames;
    if (sr->shipped_any && seq == sr->sh_seq && frames >= sr->sh_frames)
        n = frames - sr->sh_frames;
    snprintf(out, cap, "%llu", (unsigned long long)(n * (sr->page_size + 24u)));
    return true;
}
