/* server_conn.c - one client connection: its libuv stream (TCP or Unix), the persistent
 * input buffer libuv reads into (no malloc per read), the write queue with its byte count
 * (the session pauses a statement while more than the high-water mark is queued), and
 * the connection's lifetime. Loop thread.
 *
 * Lifetime: conn_close() shuts the stream down after queued writes, closes the handle
 * and destroys the session; the conn is freed when both the handle close and the
 * session's teardown have completed (two pending releases). */
#include "server_int.h"
#include "lg_alloc.h"
#include "lg_log.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (64 * 1024)

typedef struct write_req {
    uv_write_t req;
    conn_t *conn;
    size_t len;
    char data[];
} write_req_t;

static void conn_release(conn_t *c)
{
    if (--c->pending_releases > 0)
        return;
    server__conn_unlink(c);
    lg_buf_deinit(&c->in);
    free(c);
}

static void on_handle_closed(uv_handle_t *h)
{
    conn_release(h->data);
}

static void on_session_gone(void *arg)
{
    conn_release(arg);
}

static void close_handle(conn_t *c)
{
    if (c->handle_closing)
        return;
    c->handle_closing = true;
    uv_close((uv_handle_t *)&c->stream, on_handle_closed);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
    conn_t *c = req->data;
    (void)status;
    free(req);
    close_handle(c);
}

void server__conn_close(conn_t *c)
{
    if (c->closing)
        return;
    c->closing = true;
    uv_read_stop((uv_stream_t *)&c->stream);
    if (c->session && session_is_admitted(c->session))
        c->srv->admitted--;
    uv_shutdown_t *req = lg_xmalloc(sizeof(*req));
    req->data = c;
    if (uv_shutdown(req, (uv_stream_t *)&c->stream, on_shutdown) != 0) {
        free(req);
        close_handle(c);
    }
    session_destroy(c->session, on_session_gone, c);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
    conn_t *c = h->data;
    (void)suggested;
    lg_buf_t *in = &c->in;
    size_t want = READ_CHUNK;
    if (in->max - (in->len - in->off) < want)
        want = in->max - (in->len - in->off);
    if (want == 0 || lg_buf_reserve(in, want) != 0) {
        buf->base = NULL;
        buf->len = 0;
        return;
    }
    buf->base = (char *)in->data + in->len;
    buf->len = in->cap - in->len;
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    conn_t *c = stream->data;
    (void)buf;
    if (nread == UV_ENOBUFS) {
        lg_warn("conn %u: input buffer full", c->id);
        server__conn_close(c);
        return;
    }
    if (nread < 0) {
        if (nread != UV_EOF)
            lg_debug("conn %u: read error: %s", c->id, uv_strerror((int)nread));
        server__conn_close(c);
        return;
    }
    c->in.len += (size_t)nread;
    session_on_input(c->session);
}

/* ---- session_io_t ---- */

static void on_write_done(uv_write_t *req, int status)
{
    write_req_t *w = (write_req_t *)req;
    conn_t *c = w->conn;
    size_t before = c->queued;
    c->queued -= w->len;
    free(w);
    if (status < 0 && !c->closing) {
        server__conn_close(c);
        return;
    }
    size_t hw = c->srv->cfg.output_high_water;
    if (!c->closing && before > hw / 2 && c->queued <= hw / 2)
        session_on_drain(c->session);
}

static void io_write(void *ctx, const void *data, size_t len)
{
    conn_t *c = ctx;
    if (c->closing || len == 0)
        return;
    if (c->queued == 0) {
        /* nothing queued: write now without a request (and without re-arming epoll) */
        uv_buf_t now = uv_buf_init((char *)(uintptr_t)data, (unsigned)len);
        int n = uv_try_write((uv_stream_t *)&c->stream, &now, 1);
        if (n == (int)len)
            return;
        if (n < 0 && n != UV_EAGAIN) {
            server__conn_close(c);
            return;
        }
        if (n > 0) {
            data = (const char *)data + n;
            len -= (size_t)n;
        }
    }
    write_req_t *w = lg_xmalloc(sizeof(*w) + len);
    memcpy(w->data, data, len);
    w->len = len;
    w->conn = c;
    uv_buf_t b = uv_buf_init(w->data, (unsigned)len);
    if (uv_write(&w->req, (uv_stream_t *)&c->stream, &b, 1, on_write_done) != 0) {
        free(w);
        server__conn_close(c);
        return;
    }
    c->queued += len;
}

static size_t io_pending(void *ctx)
{
    conn_t *c = ctx;
    return c->queued;
}

static void io_pause(void *ctx)
{
    conn_t *c = ctx;
    if (!c->closing)
        uv_read_stop((uv_stream_t *)&c->stream);
}

static void io_resume(void *ctx)
{
    conn_t *c = ctx;
    if (!c->closing)
        uv_read_start((uv_stream_t *)&c->stream, on_alloc, on_read);
}

static void io_close(void *ctx)
{
    server__conn_close(ctx);
}

/* Accepts a pending connection on listener `ls`. */
void server__accept(server_t *srv, uv_stream_t *ls, bool is_unix)
{
    conn_t *c = lg_xcalloc(1, sizeof(*c));
    c->srv = srv;
    c->id = ++srv->next_id;
    c->pending_releases = 2;
    if (is_unix)
        uv_pipe_init(srv->loop, &c->stream.pipe, 0);
    else
        uv_tcp_init(srv->loop, &c->stream.tcp);
    c->stream.handle.data = c;
    if (uv_accept(ls, (uv_stream_t *)&c->stream) != 0) {
        c->pending_releases = 1;
        server__conn_link(srv, c);
        close_handle(c);
        return;
    }
    if (!is_unix)
        uv_tcp_nodelay(&c->stream.tcp, 1);
    lg_buf_init(&c->in, srv->cfg.max_message_size + READ_CHUNK + 16);
    session_io_t io = {.ctx = c,
                       .write = io_write,
                       .pending = io_pending,
                       .pause_read = io_pause,
                       .resume_read = io_resume,
                       .close = io_close};
    c->session = session_new(&srv->env, &io, &c->in, c->id);
    server__conn_link(srv, c);
    uv_read_start((uv_stream_t *)&c->stream, on_alloc, on_read);
}
