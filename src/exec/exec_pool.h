/* exec_pool.h - exec's worker threads (exec_pool.c has the wake-up policy). Private to exec. */
#ifndef LG_EXEC_POOL_H
#define LG_EXEC_POOL_H

#include <stdint.h>
#include <uv.h>

typedef struct exec_pool exec_pool_t;

/* One unit of work; embedded in the caller's job. `work` runs on a worker thread, `done`
 * afterwards on the loop thread. The pool owns `next` and `enq_ms`. */
typedef struct exec_pool_item {
    struct exec_pool_item *next;
    void (*work)(struct exec_pool_item *it);
    void (*done)(struct exec_pool_item *it);
    uint64_t enq_ms;
} exec_pool_item_t;

/* Loop thread (or main before the loop runs). Starts `nthreads` workers; 0 or -1. */
int exec_pool_start(uv_loop_t *loop, int nthreads, exec_pool_t **out);

/* Loop thread. Queues `it`; its `done` runs on the loop once `work` has returned. */
void exec_pool_submit(exec_pool_t *p, exec_pool_item_t *it);

/* Main/loop thread, with no item still to be submitted: lets queued items run, joins the
 * workers, runs the remaining done callbacks and closes the handles (freed on the next
 * loop turn). */
void exec_pool_stop(exec_pool_t *p);

#endif
