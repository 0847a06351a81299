/* cli.c - flag parsing for `litegres serve` and the help texts. Flags are `--name value` or
 * `--name=value`; boolean flags may stand alone. Every flag is also a config-file key. */
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *k_bool_flags[] = {"synchronous-replication", "restore-if-missing", NULL};

void cli_usage(void)
{
    printf("litegres - a PostgreSQL server for a SQLite database file\n\n"
           "Usage:\n"
           "  litegres serve [flags]        serve a database to PostgreSQL clients\n"
           "  litegres restore [flags]      rebuild a database from its S3 replica\n"
           "  litegres generations [flags]  list what a replica can restore\n"
           "  litegres version              print the version\n"
           "  litegres help                 this text\n\n"
           "Run `litegres COMMAND --help` for the flags of a command.\n");
}

static void serve_usage(void)
{
    printf("Usage: litegres serve [flags]\n\n"
           "  --db PATH                   database file (default litegres.db)\n"
           "  --dbname NAME               database name clients must ask for (default: the\n"
           "                              file's stem, e.g. app for app.db)\n"
           "  --listen ADDR:PORT          TCP address to listen on; repeatable\n"
           "                              (default 127.0.0.1:5432; port 0 = any free port)\n"
           "  --port N                    port of the default listen address (default 5432)\n"
           "  --unix-socket-dir DIR       directory of the Unix socket .s.PGSQL.<port>\n"
           "                              (default /tmp; empty string disables it)\n"
           "  --max-connections N         client limit (default 100)\n"
           "  --max-message-size SIZE     largest protocol message accepted (default 64MB)\n"
           "  --reader-pool N             read-only SQLite connections (default 8)\n"
           "  --threadpool-size N         worker threads (default 2 per core, at least 4)\n"
           "  --shutdown-grace DURATION   how long running statements may finish on\n"
           "                              SIGTERM/SIGINT (default 5s)\n"
           "  --log-level LEVEL           debug, info, warning, error (default info)\n"
           "  --config FILE               settings file: `key = value` lines with these\n"
           "                              flag names; flags win over the file\n"
           "  --replicate s3://BUCKET/PREFIX  stream the WAL to S3 (docs/replication.md)\n"
           "  --sync-interval DURATION    WAL upload interval (default 1s)\n"
           "  --snapshot-interval DURATION  full snapshot interval (default 24h)\n"
           "  --retention DURATION        keep restore points this long (default 72h)\n"
           "  --synchronous-replication   acknowledge commits only once they are in S3\n"
           "  --restore-if-missing        restore from --replicate when --db is absent\n"
           "  --s3-endpoint URL           S3 endpoint (default AWS_ENDPOINT_URL_S3, else AWS)\n"
           "  --s3-region REGION          signing region (default AWS_REGION, else us-east-1)\n"
           "\nS3 credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /\n"
           "AWS_SESSION_TOKEN. SHOW litegres.replication_lag (seconds) and\n"
           "SHOW litegres.replication_lag_bytes report what is not yet in S3.\n");
}

static bool is_bool_flag(const char *name)
{
    for (const char **p = k_bool_flags; *p; p++)
        if (!strcmp(*p, name))
            return true;
    return false;
}

int cli_parse_serve(int argc, char **argv, lg_config_t *c)
{
    const char *set[64] = {0};
    int nset = 0;
    char err[512];
    config_defaults(c);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            serve_usage();
            return 1;
        }
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "litegres serve: unexpected argument \"%s\"\n", a);
            return -1;
        }
        char name[64];
        const char *val = NULL;
        const char *eq = strchr(a + 2, '=');
        size_t nl = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (nl >= sizeof(name)) {
            fprintf(stderr, "litegres serve: unknown flag %s\n", a);
            return -1;
        }
        memcpy(name, a + 2, nl);
        name[nl] = '\0';
        if (eq)
            val = eq + 1;
        else if (is_bool_flag(name))
            val = "on";
        else if (i + 1 < argc)
            val = argv[++i];
        else {
            fprintf(stderr, "litegres serve: flag --%s needs a value\n", name);
            return -1;
        }
        if (config_set(c, name, val, err, sizeof(err)) != 0) {
            fprintf(stderr, "litegres serve: %s\n", err);
            return -1;
        }
        if (nset < 63)
            set[nset++] = argv[i][0] == '-' ? a + 2 : argv[i - 1] + 2;
    }
    if (c->config_file[0]) {
        /* names of flags given on the command line (without any "=value") */
        static char names[64][64];
        for (int k = 0; k < nset; k++) {
            snprintf(names[k], sizeof(names[k]), "%s", set[k]);
            char *e = strchr(names[k], '=');
            if (e)
                *e = '\0';
            set[k] = names[k];
        }
        if (config_load_file(c, c->config_file, set, err, sizeof(err)) != 0) {
            fprintf(stderr, "litegres serve: %s\n", err);
            return -1;
        }
    }
    config_finish(c);
    return 0;
}
