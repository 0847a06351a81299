/* repl_restore.h - rebuild a database from the bucket (blocking; main thread, before the
 * server runs: `litegres restore` and `serve --restore-if-missing`).
 *
 * Picks the newest generation holding a snapshot not after the target time, applies that
 * snapshot and then its segments in position order, up to the last segment whose time is
 * not after the target; checks every object's SHA-256 and that positions are contiguous,
 * runs PRAGMA integrity_check, and only then renames the temp file into place. Any missing
 * or corrupt object fails the restore with a message naming the object. */
#ifndef LG_REPLICATE_REPL_RESTORE_H
#define LG_REPLICATE_REPL_RESTORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_alloc.h"
#include "repl_s3.h"
#include "repl_retention.h"
#include "repl_s3req.h"

typedef struct repl_restore_opts {
    repl_s3_cfg_t s3;        /* bucket + credentials */
    char prefix[1024];       /* key prefix, no leading/trailing '/' */
    char out_path[4096];     /* database file to create */
    uint64_t target_ms;      /* unix ms; 0 = the latest state */
    bool force;              /* replace an existing out_path (and its -wal/-shm) */
    size_t max_object_bytes; /* largest object accepted; default 16 GiB */
    repl_s3_opts_t s3_opts;
    /* Optional progress report (e.g. a terminal line): objects done of total. */
    void (*progress)(void *ctx, const char *key, size_t done, size_t total);
    void *progress_ctx;
} repl_restore_opts_t;

typedef struct repl_restore_info {
    uint64_t generation;
    uint64_t snapshot_ms; /* time of the snapshot used */
    uint64_t restored_ms; /* time of the last object applied */
    size_t segments;      /* segments applied */
    uint64_t frames;      /* WAL frames applied */
    uint64_t bytes;       /* size of the restored database */
} repl_restore_info_t;

/* Restores per opts. 0 on success (info filled if non-NULL); otherwise a negative LG_E*
 * code and a one-line message in err: LG_EINVAL (out_path exists without force),
 * LG_ENOTFOUND (nothing restorable at that time), LG_EPROTO (corrupt object / gap /
 * integrity_check failed), LG_EIO (S3 or file error). Creates and runs its own uv loop;
 * main thread, blocking. */
int repl_restore_run(const repl_restore_opts_t *opts, repl_restore_info_t *info, char *err,
                     size_t errlen) LG_MUSTCHECK;

/* `litegres generations`: the generations under opts->s3 / opts->prefix (only those and
 * s3_opts are used), oldest first; *out is heap (free()). 0, or LG_EIO with a message.
 * Creates and runs its own uv loop; main thread, blocking. */
int repl_restore_generations(const repl_restore_opts_t *opts, repl_gen_info_t **out, size_t *n,
                             char *err, size_t errlen) LG_MUSTCHECK;

#endif
