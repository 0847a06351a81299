/* main.c - builds every module from the configuration, wires them, runs the loop. */
#include "cli.h"
#include "config.h"
#include "exec.h"
#include "lg_log.h"
#include "serve_repl.h"
#include "server.h"
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#define LITEGRES_VERSION "0.1.0"

/* Statements run on exec's own workers (exec_pool.c wakes them lazily, so a few spare
 * threads cost nothing until slow statements need them); libuv's pool only carries the
 * replicator's file reads and compression. */
static int worker_threads(const lg_config_t *c)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return c->threadpool_size > 0 ? c->threadpool_size : (int)(cores > 2 ? cores * 2 : 4);
}

static void set_threadpool(void)
{
    if (!getenv("UV_THREADPOOL_SIZE"))
        setenv("UV_THREADPOOL_SIZE", "2", 1);
}

/* server_on_stopped: every client is gone; ship what is left, then the loop drains. */
static void on_server_stopped(void *arg)
{
    serve_repl_stop(arg, 30000);
}

static int serve(const lg_config_t *c)
{
    int lvl = lg_log_parse_level(c->log_level);
    if (lvl < 0) {
        fprintf(stderr, "litegres serve: unknown --log-level \"%s\"\n", c->log_level);
        return 2;
    }
    lg_log_set_level((lg_log_level_t)lvl);
    signal(SIGPIPE, SIG_IGN);
    set_threadpool();
    bool repl_on = c->replicate[0] != '\0';
    if (repl_on && serve_repl_prepare(c) != 0)
        return 1;
    uv_loop_t *loop = uv_default_loop();
    exec_config_t ec = {.db_path = c->db,
                        .reader_pool = c->reader_pool,
                        .workers = worker_threads(c),
                        .manual_checkpoint = c->replicate[0] != '\0'};
    exec_t *ex = NULL;
    lg_pgerr_t err;
    lg_pgerr_clear(&err);
    if (exec_open(loop, &ec, &ex, &err) != 0) {
        lg_error("%s", err.message);
        return 1;
    }
    if (repl_on)
        serve_repl_wal_prepare(c);
    serve_repl_t *sr = repl_on ? serve_repl_new(loop, ex, c) : NULL;
    if (repl_on && !sr) {
        exec_close(ex);
        return 1;
    }
    server_config_t sc = {.unix_socket_dir = c->unix_socket_dir,
                          .dbname = c->dbname,
                          .max_connections = c->max_connections,
                          .max_message_size = c->max_message_size,
                          .output_high_water = 256 * 1024,
                          .shutdown_grace_ms = c->shutdown_grace_ms,
                          .show_extra = serve_repl_show,
                          .show_ctx = sr};
    for (int i = 0; i < c->nlisten; i++)
        sc.listen[sc.nlisten++] = c->listen[i];
    server_t *srv = NULL;
    if (server_start(loop, &sc, ex, &srv, &err) != 0) {
        lg_error("%s", err.message);
        serve_repl_stop(sr, 0);
        server_shutdown(srv);
        uv_run(loop, UV_RUN_DEFAULT);
        server_free(srv);
        exec_close(ex);
        return 1;
    }
    if (sr)
        server_on_stopped(srv, on_server_stopped, sr);
    lg_info("litegres %s serving database \"%s\" (%s)", LITEGRES_VERSION, c->dbname, c->db);
    uv_run(loop, UV_RUN_DEFAULT);
    server_free(srv);
    exec_close(ex);
    uv_run(loop, UV_RUN_DEFAULT); /* let the last handle closes finish */
    uv_loop_close(loop);
    lg_info("shut down cleanly");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "-h")) {
        cli_usage();
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
        printf("litegres %s (PostgreSQL 15 protocol, SQLite %s)\n", LITEGRES_VERSION, "3");
        return 0;
    }
    if (!strcmp(argv[1], "serve")) {
        lg_config_t c;
        int r = cli_parse_serve(argc - 2, argv + 2, &c);
        if (r != 0)
            return r > 0 ? 0 : 2;
        curl_global_init(CURL_GLOBAL_DEFAULT);
        r = serve(&c);
        curl_global_cleanup();
        return r;
    }
    if (!strcmp(argv[1], "restore"))
        return cli_cmd_restore(argc - 2, argv + 2);
    if (!strcmp(argv[1], "generations"))
        return cli_cmd_generations(argc - 2, argv + 2);
    fprintf(stderr, "litegres: unknown command \"%s\"\n\n", argv[1]);
    cli_usage();
    return 2;
}
