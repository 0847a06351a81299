/* repl.h - the replicator: ships a SQLite database's WAL to S3 (loop thread).
 *
 * Threads: every function here runs on the loop thread that owns `loop`; hooks are called
 * on it too. Reading the WAL, taking snapshots and compressing run as uv_queue_work jobs
 * on the libuv thread pool (at most one job at a time); uploads go through repl_s3 on the
 * loop. Nothing here touches the server's SQLite connections.
 *
 * What it does: every sync interval a worker reads the WAL frames committed since the
 * shipped position, verifies their checksums, compresses them into one segment object and
 * the loop uploads it; after S3 confirms, the shipped position advances and
 * hooks.may_checkpoint is told how far the writer may checkpoint. At start, when WAL
 * continuity is lost, and every snapshot interval, a snapshot starts a new generation
 * (see docs/replication.md for the layout). Uploads are sequential, so S3 never holds a
 * segment whose predecessor is missing. Every retention_check interval, objects no restore
 * inside the retention window needs are deleted (repl_retention.h); that is the only LIST.
 *
 * Synchronous replication: on_shipped reports (ckpt_seq, wal_frame) shipped; a commit whose
 * WAL frame count (sqlite3_wal_hook's nFrame) in that epoch is <= wal_frame, or that was in
 * an earlier epoch, is in S3. repl_sync_now() asks for an upload without waiting a tick.
 *
 * Contract with the writer (main wires it): SQLite's automatic checkpoints are off
 * (wal_autocheckpoint=0, no checkpoint on close). The writer checkpoints only when told it
 * may, and only if its WAL still ends where the hook said - i.e. the WAL frame count
 * reported by sqlite3_wal_hook after its last commit equals `wal_frame` of the same epoch -
 * so no frame is checkpointed (and lost on a WAL restart) before it is shipped. Use
 * SQLITE_CHECKPOINT_TRUNCATE or RESTART so the WAL restarts; a PASSIVE checkpoint is
 * harmless but does not shrink the WAL. */
#ifndef LG_REPLICATE_REPL_H
#define LG_REPLICATE_REPL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "lg_alloc.h"
#include "repl_s3.h"
#include "repl_s3req.h"

typedef struct repl repl_t;

typedef struct repl_config {
    char db_path[4096];            /* the database file; its WAL is db_path + "-wal" */
    repl_s3_cfg_t s3;              /* endpoint, region, credentials and bucket */
    char prefix[1024];             /* key prefix in the bucket, no leading/trailing '/' */
    uint64_t sync_interval_ms;     /* default 1000 */
    uint64_t snapshot_interval_ms; /* default 24 h */
    int zstd_level;                /* default 3 */
    size_t max_segment_bytes;      /* raw WAL bytes per segment (soft); default 64 MiB */
    size_t max_snapshot_bytes;     /* largest database snapshotted; default 16 GiB */
    uint64_t retention_ms;         /* keep what restores inside this window need; 72 h */
    uint64_t retention_check_ms;   /* how often retention LISTs and deletes; default 1 h */
    repl_s3_opts_t s3_opts;        /* zero fields = defaults */
} repl_config_t;

typedef struct repl_stats {
    uint64_t generation;     /* 0 until the first snapshot is uploaded */
    uint64_t shipped_frames; /* frames shipped in the generation (next segment's <pos>) */
    uint32_t ckpt_seq;       /* WAL epoch of the shipped position */
    uint32_t wal_frame;      /* WAL frames of that epoch shipped (checkpointable) */
    uint64_t last_ok_ms;     /* unix ms of the last successful upload, 0 = never */
    uint64_t pending_bytes;  /* committed WAL bytes seen but not yet in S3 */
    uint64_t segments;       /* uploaded since start */
    uint64_t snapshots;
    uint64_t failures;    /* failed uploads or jobs since start */
    uint64_t deleted;     /* objects deleted by retention since start */
    bool healthy;         /* the last upload attempt succeeded */
    char last_error[768]; /* "" when healthy */
} repl_stats_t;

typedef struct repl_hooks {
    void *ctx;
    /* Everything through WAL frame `wal_frame` of epoch `ckpt_seq` is in S3; the writer may
     * checkpoint if its WAL ends exactly there (see the contract above). Required. */
    void (*may_checkpoint)(void *ctx, uint32_t ckpt_seq, uint32_t wal_frame);
    /* After each successful upload (synchronous replication releases commits here).
     * Optional. */
    void (*on_shipped)(void *ctx, const repl_stats_t *st);
} repl_hooks_t;

/* Fills zero fields of cfg with the defaults above. Any thread. */
void repl_config_default(repl_config_t *cfg);

/* A replicator for cfg (copied) on loop; it does nothing until repl_start. NULL only when
 * the S3 client cannot be created. Loop thread. */
repl_t *repl_new(uv_loop_t *loop, const repl_config_t *cfg, const repl_hooks_t *hooks);

/* Starts the sync timer; the first tick takes a snapshot (new generation). 0. Loop. */
int repl_start(repl_t *r) LG_MUSTCHECK;

/* Ships as soon as possible instead of waiting for the next tick (e.g. a synchronous
 * commit is waiting). Idempotent. Loop thread. */
void repl_sync_now(repl_t *r);

/* Current state, for logs, SHOW and metrics. Loop thread. */
void repl_get_stats(const repl_t *r, repl_stats_t *out);

/* Stops the timer, lets a running worker job finish (its result is dropped), fails the
 * upload in flight, and frees r; on_closed (optional) runs after. repl_close(NULL) does
 * nothing. Loop thread. */
void repl_close(repl_t *r, void (*on_closed)(void *arg), void *arg);

#endif
