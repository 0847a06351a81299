/* exec_reply.c - direct replies: the worker that finishes a statement writes its answer to
 * the client's socket itself.
 *
 * A point select through the extended protocol (Bind, Execute, Sync) otherwise costs the
 * loop two wake-ups: one for the client's message and one for the worker's result, which
 * the loop then writes. When the session knows the whole answer in advance - what it has
 * buffered (BindComplete ...), the statement's output, and the ReadyForQuery the Sync will
 * produce - it arms the run (exec_run_set_reply) and the worker sends all of it with one
 * non-blocking sendmsg as soon as the step is done. The job's completion then does not
 * wake the loop (exec_pool_item_t.quiet); the loop settles it on its next turn, which is
 * usually the client's next message.
 *
 * Only a step that ends the statement (DONE) with no set_config() changes is answered this
 * way; anything else (an error, a full batch, settings to apply) leaves the output to the
 * loop exactly as without a reply. Bytes the socket does not take stay in the run's output
 * for the loop to queue, so order is kept. Worker thread for exec__reply_try, loop for the
 * rest. */
#include "exec_int.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>

void exec_run_set_reply(exec_run_t *run, int fd, const void *prefix, size_t plen,
                        const void *suffix, size_t slen)
{
    if (run->reply_pre.max == 0)
        lg_buf_init(&run->reply_pre, RUN_OUTPUT_MAX);
    lg_buf_reset(&run->reply_pre);
    lg_buf_append(&run->reply_pre, prefix, plen);
    run->reply_split = lg_buf_unread(&run->reply_pre);
    lg_buf_append(&run->reply_pre, suffix, slen);
    run->reply_fd = run->reply_pre.failed ? -1 : fd;
    run->replied = false;
}

bool exec_run_replied(const exec_run_t *run)
{
    return run->replied;
}

/* Keeps in run->out the part of pre + out + suf past the first `sent` bytes. */
static void keep_unsent(exec_run_t *run, struct iovec *iov, size_t sent)
{
    lg_buf_t rest;
    lg_buf_init(&rest, RUN_OUTPUT_MAX + run->reply_pre.len + 64);
    for (int i = 0; i < 3; i++) {
        size_t skip = sent < iov[i].iov_len ? sent : iov[i].iov_len;
        sent -= skip;
        lg_buf_append(&rest, (const char *)iov[i].iov_base + skip, iov[i].iov_len - skip);
    }
    lg_buf_reset(&run->out);
    lg_buf_append(&run->out, lg_buf_rptr(&rest), lg_buf_unread(&rest));
    lg_buf_deinit(&rest);
}

/* Worker, after a step: sends the armed reply if the step allows it; true when the whole
 * answer left (nothing for the loop to write). */
bool exec__reply_try(exec_run_t *run, exec_run_status_t status)
{
    int fd = run->reply_fd;
    run->reply_fd = -1;
    run->replied = false;
    if (fd < 0 || status != EXEC_RUN_DONE || run->guc_changes || run->out.failed)
        return false;
    const uint8_t *pre = lg_buf_rptr(&run->reply_pre);
    struct iovec iov[3] = {{(void *)(uintptr_t)pre, run->reply_split},
                           {(void *)(uintptr_t)lg_buf_rptr(&run->out), lg_buf_unread(&run->out)},
                           {(void *)(uintptr_t)(pre + run->reply_split),
                            lg_buf_unread(&run->reply_pre) - run->reply_split}};
    size_t total = iov[0].iov_len + iov[1].iov_len + iov[2].iov_len;
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = 3};
    ssize_t n;
    do
        n = sendmsg(fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    size_t sent = n > 0 ? (size_t)n : 0;
    run->replied = true;
    if (sent == total)
        lg_buf_reset(&run->out);
    else
        keep_unsent(run, iov, sent); /* EAGAIN, a short write, or a dead peer */
    return sent == total;
}
