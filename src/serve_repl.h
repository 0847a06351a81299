/* serve_repl.h - `litegres serve --replicate`: the glue between the single writer (exec) and
 * the replicator (repl). Loop thread unless a function says otherwise.
 *
 * It owns checkpoints (only positions the replicator confirmed in S3 are checkpointed, via
 * exec_checkpoint_if), synchronous replication (a committed write's reply waits until an
 * upload covers its WAL position; every waiting commit shares the next upload), the
 * replication lag shown by SHOW litegres.replication_lag / replication_lag_bytes, and the
 * final upload on a graceful shutdown. */
#ifndef LG_SERVE_REPL_H
#define LG_SERVE_REPL_H
#include "config.h"
#include "exec.h"
#include "repl.h"
#include "repl_restore.h"
#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

typedef struct serve_repl serve_repl_t;

/* Bucket, prefix and credentials for an s3:// URL: AWS_* environment, then the flags
 * (endpoint/region may be "" = from the environment). 0, or -1 with a message. Main. */
int serve_repl_s3_config(const char *url, const char *endpoint, const char *region,
                         repl_s3_cfg_t *s3, char *prefix, size_t pcap, char *err, size_t elen);

/* Checks at start that the bucket is reachable with these credentials (one LIST), and with
 * --restore-if-missing restores c->db when it does not exist. 0, or -1 after logging a clear
 * error. Main thread, before the loop runs (blocking). */
int serve_repl_prepare(const lg_config_t *c);

/* Fills the WAL file up to the checkpoint bound so commits overwrite blocks instead of
 * growing the file. Main thread, after exec_open, before serving. */
void serve_repl_wal_prepare(const lg_config_t *c);

/* The replicator for c on loop, hooked to ex (exec_set_hooks). NULL after logging. Loop. */
serve_repl_t *serve_repl_new(uv_loop_t *loop, exec_t *ex, const lg_config_t *c);

/* Graceful shutdown (server_on_stopped): ships what is left (waiting up to wait_ms while S3
 * fails), then closes the replicator and frees sr. Loop thread. */
void serve_repl_stop(serve_repl_t *sr, uint64_t wait_ms);

/* session_env_t.show_extra: litegres.replication_lag (seconds) and
 * litegres.replication_lag_bytes; sr may be NULL (replication off: "0"). Loop thread. */
bool serve_repl_show(void *sr, const char *name, char *out, size_t cap);

#endif
