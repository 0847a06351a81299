/* server_int.h - private structures of the server module. */
#ifndef LG_SERVER_INT_H
#define LG_SERVER_INT_H
#include "server.h"
#include "lg_buf.h"
#include "session.h"
#include <stdbool.h>

typedef struct server server_t;

typedef struct conn {
    union {
        uv_handle_t handle;
        uv_stream_t stream;
        uv_tcp_t tcp;
        uv_pipe_t pipe;
    } stream;
    server_t *srv;
    uint32_t id;
    lg_buf_t in;
    session_t *session;
    size_t queued; /* bytes handed to uv_write and not yet written */
    bool closing, handle_closing;
    int pending_releases;
    struct conn *prev, *next;
} conn_t;

typedef struct listener {
    union {
        uv_handle_t handle;
        uv_stream_t stream;
        uv_tcp_t tcp;
        uv_pipe_t pipe;
    } h;
    server_t *srv;
    bool is_unix;
    char path[256];
} listener_t;

struct server {
    uv_loop_t *loop;
    server_config_t cfg;
    exec_t *exec;
    session_env_t env;
    listener_t listeners[SERVER_MAX_LISTEN + 1];
    int nlisteners;
    int port; /* first TCP listener's bound port */
    conn_t *conns;
    int nconns;
    int admitted;
    uint32_t next_id;
    uv_signal_t sigint, sigterm;
    uv_timer_t shutdown_timer;
    bool shutting_down;
    uint64_t shutdown_deadline;
    void (*stopped_cb)(void *arg);
    void *stopped_arg;
};

void server__accept(server_t *srv, uv_stream_t *ls, bool is_unix);
void server__conn_close(conn_t *c);
void server__conn_link(server_t *srv, conn_t *c);
void server__conn_unlink(conn_t *c);

#endif
