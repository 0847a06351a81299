/* repl_retention.h - which objects no restore point inside the retention window needs, and
 * a summary of the generations in a bucket listing (pure; any thread).
 *
 * A restore to time t uses the newest generation created at or before t that has a
 * snapshot (see repl_restore.h). So generation G is still needed while some t in
 * [now - window, now] maps to it: G is deletable exactly when a *later restorable*
 * generation was created at or before now - window. The newest restorable generation is
 * never deleted, and generations without a snapshot (an interrupted start) are deleted only
 * when a restorable generation newer than them exists and they fall out of the window. */
#ifndef LG_REPLICATE_REPL_RETENTION_H
#define LG_REPLICATE_REPL_RETENTION_H
#include <stddef.h>
#include <stdint.h>

#include "lg_alloc.h"
#include "repl_s3req.h"

typedef struct repl_gen_info {
    uint64_t generation;
    uint64_t created_ms; /* from the generation id */
    size_t snapshots;
    size_t segments;
    uint64_t bytes;        /* stored (compressed) bytes */
    uint64_t end_position; /* largest segment position seen (its start), 0 if none */
} repl_gen_info_t;

/* Summarizes the keys of a listing (keys not in our layout are ignored) into generations
 * sorted oldest first. *out is heap (free()); *n its length. Any thread. */
void repl_generations_summarize(const repl_s3_list_t *list, repl_gen_info_t **out, size_t *n);

/* Keys of `list` to delete for a retention window (ms) at time now_ms. *keys is a heap array
 * of pointers into list (free() the array only); *n its length. Any thread. */
void repl_retention_plan(const repl_s3_list_t *list, uint64_t now_ms, uint64_t window_ms,
                         const char ***keys, size_t *n);

#endif
