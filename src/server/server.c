/* server.c - listeners, the set of connections, admission (max_connections), CancelRequest
 * routing, signals and graceful shutdown. Loop thread (server_start on the main thread
 * before the loop runs). */
#include "server_int.h"
#include "lg_alloc.h"
#include "lg_log.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define SHUTDOWN_TICK_MS 50

void server__conn_link(server_t *srv, conn_t *c)
{
    c->next = srv->conns;
    if (srv->conns)
        srv->conns->prev = c;
    srv->conns = c;
    srv->nconns++;
}

static void maybe_stopped(server_t *srv);

void server__conn_unlink(conn_t *c)
{
    server_t *srv = c->srv;
    if (c->prev)
        c->prev->next = c->next;
    else
        srv->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    srv->nconns--;
    maybe_stopped(srv);
}

static void env_cancel(void *ctx, uint32_t pid, uint32_t key)
{
    server_t *srv = ctx;
    for (conn_t *c = srv->conns; c; c = c->next)
        if (c->session && !c->closing && session_cancel_if(c->session, pid, key))
            return;
}

/* pg_cancel_backend / pg_terminate_backend of the session with this pid. */
static void env_signal(void *ctx, uint32_t pid, bool terminate)
{
    server_t *srv = ctx;
    for (conn_t *c = srv->conns; c; c = c->next) {
        if (!c->session || c->closing || session_pid(c->session) != pid)
            continue;
        if (terminate)
            session_terminate(c->session, LG_SQLSTATE_ADMIN_SHUTDOWN,
                              "terminating connection due to administrator command");
        else
            session_cancel_statement(c->session);
        return;
    }
}

/* A committed notification: every ready session decides whether it listens. */
static void env_notify(void *ctx, uint32_t sender_pid, const char *channel, const char *payload)
{
    server_t *srv = ctx;
    for (conn_t *c = srv->conns; c; c = c->next)
        if (c->session && !c->closing)
            session_notify(c->session, sender_pid, channel, payload);
}

static bool env_admit(void *ctx)
{
    server_t *srv = ctx;
    if (srv->shutting_down || srv->admitted >= srv->cfg.max_connections)
        return false;
    srv->admitted++;
    return true;
}

static void on_connection(uv_stream_t *ls, int status)
{
    listener_t *l = ls->data;
    if (status < 0) {
        lg_warn("accept failed: %s", uv_strerror(status));
        return;
    }
    server__accept(l->srv, ls, l->is_unix);
}

/* ---- listeners ---- */

static int parse_addr(const char *spec, char *host, size_t hn, int *port)
{
    const char *colon = strrchr(spec, ':');
    if (!colon)
        return LG_EINVAL;
    size_t len = (size_t)(colon - spec);
    if (spec[0] == '[' && len >= 2 && spec[len - 1] == ']') {
        spec++;
        len -= 2;
    }
    if (len == 0 || len >= hn)
        return LG_EINVAL;
    memcpy(host, spec, len);
    host[len] = '\0';
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (*end || p < 0 || p > 65535)
        return LG_EINVAL;
    *port = (int)p;
    return 0;
}

static int listen_tcp(server_t *srv, const char *spec, lg_pgerr_t *err)
{
    char host[128];
    int port;
    struct sockaddr_storage ss;
    if (parse_addr(spec, host, sizeof(host), &port) != 0)
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "invalid listen address \"%s\" (expected ADDR:PORT)", spec);
    if (uv_ip4_addr(host, port, (struct sockaddr_in *)&ss) != 0 &&
        uv_ip6_addr(host, port, (struct sockaddr_in6 *)&ss) != 0)
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "invalid listen address \"%s\"", spec);
    listener_t *l = &srv->listeners[srv->nlisteners];
    uv_tcp_init(srv->loop, &l->h.tcp);
    l->h.handle.data = l;
    l->srv = srv;
    srv->nlisteners++;
    int r = uv_tcp_bind(&l->h.tcp, (struct sockaddr *)&ss, 0);
    if (r == 0)
        r = uv_listen(&l->h.stream, 511, on_connection);
    if (r != 0)
        return lg_pgerr_set(err, LG_SQLSTATE_IO_ERROR, "could not listen on %s: %s", spec,
                            uv_strerror(r));
    struct sockaddr_storage bound;
    int blen = sizeof(bound);
    uv_tcp_getsockname(&l->h.tcp, (struct sockaddr *)&bound, &blen);
    int bport = ntohs(((struct sockaddr_in *)&bound)->sin_port);
    if (srv->port == 0)
        srv->port = bport;
    lg_info("listening on %s%s%s:%d", strchr(host, ':') ? "[" : "", host,
            strchr(host, ':') ? "]" : "", bport);
    return 0;
}

/* A socket file left by a crashed server answers no connect: remove it. Main thread. */
static void remove_stale_socket(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
        return;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return;
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
    if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 && errno == ECONNREFUSED)
        unlink(path);
    close(fd);
}

static int listen_unix(server_t *srv, lg_pgerr_t *err)
{
    listener_t *l = &srv->listeners[srv->nlisteners];
    int n =
        snprintf(l->path, sizeof(l->path), "%s/.s.PGSQL.%d", srv->cfg.unix_socket_dir, srv->port);
    if (n < 0 || (size_t)n >= sizeof(((struct sockaddr_un *)0)->sun_path))
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "Unix socket path too long: \"%s\"", srv->cfg.unix_socket_dir);
    remove_stale_socket(l->path);
    uv_pipe_init(srv->loop, &l->h.pipe, 0);
    l->h.handle.data = l;
    l->srv = srv;
    l->is_unix = true;
    srv->nlisteners++;
    int r = uv_pipe_bind(&l->h.pipe, l->path);
    if (r == 0)
        r = uv_listen(&l->h.stream, 511, on_connection);
    if (r != 0) {
        lg_pgerr_set(err, LG_SQLSTATE_IO_ERROR, "could not listen on unix socket %s: %s", l->path,
                     uv_strerror(r));
        l->path[0] = '\0';
        return LG_EIO;
    }
    chmod(l->path, 0777);
    lg_info("listening on unix socket %s", l->path);
    return 0;
}

/* ---- shutdown ---- */

static void on_handle_closed_noop(uv_handle_t *h)
{
    (void)h;
}

static void close_listeners(server_t *srv)
{
    for (int i = 0; i < srv->nlisteners; i++) {
        listener_t *l = &srv->listeners[i];
        if (!uv_is_closing(&l->h.handle))
            uv_close(&l->h.handle, on_handle_closed_noop);
        if (l->is_unix && l->path[0]) {
            unlink(l->path);
            l->path[0] = '\0';
        }
    }
}

static void maybe_stopped(server_t *srv)
{
    if (!srv->shutting_down || srv->nconns > 0)
        return;
    if (!uv_is_closing((uv_handle_t *)&srv->shutdown_timer))
        uv_close((uv_handle_t *)&srv->shutdown_timer, on_handle_closed_noop);
    if (srv->stopped_cb) {
        void (*cb)(void *) = srv->stopped_cb;
        srv->stopped_cb = NULL;
        cb(srv->stopped_arg);
    }
}

static void on_shutdown_tick(uv_timer_t *t)
{
    server_t *srv = t->data;
    bool late = uv_now(srv->loop) >= srv->shutdown_deadline;
    for (conn_t *c = srv->conns; c; c = c->next)
        if (!c->closing && c->session && (late || !session_is_busy(c->session)))
            session_terminate(c->session, LG_SQLSTATE_ADMIN_SHUTDOWN,
                              "terminating connection due to administrator command");
    maybe_stopped(srv);
}

void server_shutdown(server_t *srv)
{
    if (srv->shutting_down)
        return;
    srv->shutting_down = true;
    lg_info("shutting down: %d connection(s) open", srv->nconns);
    close_listeners(srv);
    uv_close((uv_handle_t *)&srv->sigint, on_handle_closed_noop);
    uv_close((uv_handle_t *)&srv->sigterm, on_handle_closed_noop);
    srv->shutdown_deadline = uv_now(srv->loop) + (uint64_t)srv->cfg.shutdown_grace_ms;
    uv_timer_start(&srv->shutdown_timer, on_shutdown_tick, 0, SHUTDOWN_TICK_MS);
}

static void on_signal(uv_signal_t *h, int signum)
{
    lg_info("received signal %d", signum);
    server_shutdown(h->data);
}

void server_on_stopped(server_t *srv, void (*cb)(void *arg), void *arg)
{
    srv->stopped_cb = cb;
    srv->stopped_arg = arg;
}

int server_start(uv_loop_t *loop, const server_config_t *cfg, exec_t *exec, server_t **out,
                 lg_pgerr_t *err)
{
    server_t *srv = lg_xcalloc(1, sizeof(*srv));
    srv->loop = loop;
    srv->cfg = *cfg;
    srv->exec = exec;
    srv->env = (session_env_t){.loop = loop,
                               .exec = exec,
                               .dbname = cfg->dbname,
                               .max_message_size = cfg->max_message_size,
                               .output_high_water = cfg->output_high_water,
                               .cancel = env_cancel,
                               .admit = env_admit,
                               .notify = env_notify,
                               .signal_backend = env_signal,
                               .ctx = srv,
                               .show_extra = cfg->show_extra,
                               .show_ctx = cfg->show_ctx};
    uv_timer_init(loop, &srv->shutdown_timer);
    srv->shutdown_timer.data = srv;
    uv_signal_init(loop, &srv->sigint);
    uv_signal_init(loop, &srv->sigterm);
    srv->sigint.data = srv->sigterm.data = srv;
    uv_signal_start(&srv->sigint, on_signal, SIGINT);
    uv_signal_start(&srv->sigterm, on_signal, SIGTERM);
    *out = srv;
    for (int i = 0; i < cfg->nlisten; i++)
        if (listen_tcp(srv, cfg->listen[i], err) != 0)
            return LG_EIO;
    if (cfg->unix_socket_dir && cfg->unix_socket_dir[0] && listen_unix(srv, err) != 0)
        return LG_EIO;
    return 0;
}

void server_free(server_t *srv)
{
    if (!srv)
        return;
    close_listeners(srv);
    free(srv);
}
