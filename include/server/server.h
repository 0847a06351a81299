/* server.h - listeners (TCP and the Unix socket psql uses by default), accepted
 * connections with their input buffer and write queue, connection limits, CancelRequest
 * routing, and graceful shutdown. Loop thread.
 *
 * Startup (server_start) binds every listener before the loop runs and logs
 * "listening on ADDR:PORT" / "listening on unix socket PATH" for each (port 0 binds a
 * free port; the log shows the one chosen). SIGINT/SIGTERM stop accepting, let running
 * statements finish (bounded by shutdown_grace_ms), send FATAL 57P01 to every client and
 * close them; the loop then runs dry and uv_run returns. */
#ifndef LG_SERVER_SERVER_H
#define LG_SERVER_SERVER_H
#include "exec.h"
#include "lg_err.h"
#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#define SERVER_MAX_LISTEN 16

typedef struct server_config {
    const char *listen[SERVER_MAX_LISTEN]; /* "127.0.0.1:5432", "[::1]:5432" */
    int nlisten;
    const char *unix_socket_dir; /* NULL or "" = no Unix socket */
    const char *dbname;
    int max_connections;
    size_t max_message_size;
    size_t output_high_water;
    int shutdown_grace_ms;
    /* Optional: values for SHOW of names that are no setting (session_env_t.show_extra). */
    bool (*show_extra)(void *show_ctx, const char *name, char *out, size_t cap);
    void *show_ctx;
} server_config_t;

typedef struct server server_t;

/* main thread, before uv_run: binds listeners; on failure returns LG_EIO with a message
 * in err. */
int server_start(uv_loop_t *loop, const server_config_t *cfg, exec_t *exec, server_t **out,
                 lg_pgerr_t *err);
/* Starts the graceful shutdown (also what SIGINT/SIGTERM do). */
void server_shutdown(server_t *srv);
/* After uv_run returned. */
void server_free(server_t *srv);
/* Registers a callback run once every client is gone during shutdown (before the loop
 * drains), e.g. to stop the replicator. */
void server_on_stopped(server_t *srv, void (*cb)(void *arg), void *arg);

#endif
