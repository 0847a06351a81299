/* cli_restore.c - `litegres restore` and `litegres generations`: flags, help texts, progress
 * on a terminal, and the blocking calls into repl_restore. Main thread.
 *
 * Exit status: 0 success, 1 the restore or listing failed (message on stderr naming the
 * object when one is missing or corrupt), 2 bad usage. */
#include "cli.h"
#include "lg_err.h"
#include "repl_restore.h"
#include "serve_repl.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct restore_args {
    char from[CONFIG_STR];
    char out[4096];
    char time[64];
    char endpoint[256];
    char region[64];
    bool force;
    bool quiet;
} restore_args_t;

static void restore_usage(void)
{
    printf("Usage: litegres restore --from s3://BUCKET/PREFIX -o PATH [flags]\n\n"
           "Rebuilds a database from its replica: the newest snapshot not after the target\n"
           "time, then every WAL segment up to it; checks every checksum and runs\n"
           "PRAGMA integrity_check before renaming the result into place.\n\n"
           "  --from s3://BUCKET/PREFIX   the replica (as given to serve --replicate)\n"
           "  -o, --output PATH           database file to create\n"
           "  --time RFC3339              restore the state at this time, e.g.\n"
           "                              2025-01-31T12:00:00Z (default: the latest)\n"
           "  --force                     replace PATH (and its -wal/-shm) if it exists\n"
           "  --quiet                     no progress line\n"
           "  --s3-endpoint URL           S3 endpoint (default AWS_ENDPOINT_URL_S3, else AWS)\n"
           "  --s3-region REGION          signing region (default AWS_REGION, else us-east-1)\n\n"
           "Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /\n"
           "AWS_SESSION_TOKEN. Exit status: 0 restored, 1 failed, 2 bad usage.\n");
}

static void generations_usage(void)
{
    printf("Usage: litegres generations --from s3://BUCKET/PREFIX [flags]\n\n"
           "Lists the generations of a replica, oldest first: when each began, the time\n"
           "range a restore can reach with it, its snapshots, WAL segments and stored bytes.\n\n"
           "  --from s3://BUCKET/PREFIX   the replica\n"
           "  --s3-endpoint URL           S3 endpoint (default AWS_ENDPOINT_URL_S3, else AWS)\n"
           "  --s3-region REGION          signing region (default AWS_REGION, else us-east-1)\n");
}

/* Parses "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)" into unix ms. 0 or -1. */
static int parse_rfc3339(const char *s, uint64_t *out_ms)
{
    int y, mo, d, h, mi, sec, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 ||
        n == 0)
        return -1;
    const char *p = s + n;
    double frac = 0;
    if (*p == '.') {
        char *end;
        frac = strtod(p, &end);
        p = end;
    }
    long off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om, m = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &m) != 2 || m != 5)
            return -1;
        off = (oh * 60L + om) * 60L * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    time_t t = timegm(&tm);
    if (t < 0 || (long long)t - off < 0)
        return -1;
    *out_ms = (uint64_t)((long long)t - off) * 1000u + (uint64_t)(frac * 1000.0 + 0.5);
    return 0;
}

static void format_time(uint64_t ms, char *out, size_t cap)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char b[32];
    strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, cap, "%s.%03uZ", b, (unsigned)(ms % 1000));
}

/* One flag of restore/generations; returns 0, 1 (help printed) or -1 (error printed). */
static int parse_args(const char *cmd, int argc, char **argv, restore_args_t *a)
{
    memset(a, 0, sizeof(*a));
    for (int i = 0; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--help") || !strcmp(f, "-h"))
            return 1;
        if (!strcmp(f, "--force") || !strcmp(f, "--quiet")) {
            *(f[2] == 'f' ? &a->force : &a->quiet) = true;
            continue;
        }
        char name[32];
        const char *val = NULL, *eq = strchr(f, '=');
        size_t nl = eq ? (size_t)(eq - f) : strlen(f);
        snprintf(name, sizeof(name), "%.*s", (int)(nl < 31 ? nl : 31), f);
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        char *dst = NULL;
        size_t cap = 0;
        if (!strcmp(name, "--from"))
            dst = a->from, cap = sizeof(a->from);
        else if (!strcmp(name, "-o") || !strcmp(name, "--output"))
            dst = a->out, cap = sizeof(a->out);
        else if (!strcmp(name, "--time"))
            dst = a->time, cap = sizeof(a->time);
        else if (!strcmp(name, "--s3-endpoint"))
            dst = a->endpoint, cap = sizeof(a->endpoint);
        else if (!strcmp(name, "--s3-region"))
            dst = a->region, cap = sizeof(a->region);
        if (!dst || !val || strlen(val) >= cap) {
            fprintf(stderr, "litegres %s: %s flag %s\n", cmd,
                    !dst   ? "unknown"
                    : !val ? "missing value for"
                           : "value too long for",
                    f);
            return -1;
        }
        memcpy(dst, val, strlen(val) + 1);
    }
    if (!a->from[0]) {
        fprintf(stderr, "litegres %s: --from s3://BUCKET/PREFIX is required\n", cmd);
        return -1;
    }
    return 0;
}

static void on_progress(void *ctx, const char *key, size_t done, size_t total)
{
    (void)ctx;
    const char *base = strrchr(key, '/');
    fprintf(stderr, "\rrestoring: %zu/%zu objects  %-40.40s", done, total, base ? base + 1 : key);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int setup_opts(const char *cmd, const restore_args_t *a, repl_restore_opts_t *o)
{
    char err[1024];
    if (serve_repl_s3_config(a->from, a->endpoint, a->region, &o->s3, o->prefix, sizeof(o->prefix),
                             err, sizeof(err)) != 0) {
        fprintf(stderr, "litegres %s: %s\n", cmd, err);
        return -1;
    }
    o->s3_opts.max_attempts = 3;
    return 0;
}

int cli_cmd_restore(int argc, char **argv)
{
    restore_args_t a;
    int r = parse_args("restore", argc, argv, &a);
    if (r != 0) {
        if (r > 0)
            restore_usage();
        return r > 0 ? 0 : 2;
    }
    repl_restore_opts_t *o = lg_xcalloc(1, sizeof(*o));
    int rc = 2;
    if (!a.out[0]) {
        fprintf(stderr, "litegres restore: -o PATH is required\n");
        goto out;
    }
    if (a.time[0] && parse_rfc3339(a.time, &o->target_ms) != 0) {
        fprintf(stderr,
                "litegres restore: invalid --time \"%s\" (expected RFC 3339, e.g. "
                "2025-01-31T12:00:00Z)\n",
                a.time);
        goto out;
    }
    if (setup_opts("restore", &a, o) != 0)
        goto out;
    snprintf(o->out_path, sizeof(o->out_path), "%s", a.out);
    o->force = a.force;
    if (!a.quiet && isatty(STDERR_FILENO))
        o->progress = on_progress;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    repl_restore_info_t info;
    char err[1024] = "";
    int res = repl_restore_run(o, &info, err, sizeof(err));
    curl_global_cleanup();
    if (res != 0) {
        fprintf(stderr, "litegres restore: %s\n", err[0] ? err : lg_strerror(res));
        rc = 1;
        goto out;
    }
    char ts[40], ts2[40];
    format_time(info.snapshot_ms, ts, sizeof(ts));
    format_time(info.restored_ms, ts2, sizeof(ts2));
    printf("restored %s: %llu bytes, generation %016llx, snapshot of %s + %zu segments "
           "(%llu WAL frames), state as of %s\n",
           a.out, (unsigned long long)info.bytes, (unsigned long long)info.generation, ts,
           info.segments, (unsigned long long)info.frames, ts2);
    rc = 0;
out:
    free(o);
    return rc;
}

int cli_cmd_generations(int argc, char **argv)
{
    restore_args_t a;
    int r = parse_args("generations", argc, argv, &a);
    if (r != 0) {
        if (r > 0)
            generations_usage();
        return r > 0 ? 0 : 2;
    }
    repl_restore_opts_t *o = lg_xcalloc(1, sizeof(*o));
    int rc = 2;
    if (setup_opts("generations", &a, o) != 0)
        goto out;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    repl_gen_info_t *g = NULL;
    size_t n = 0;
    char err[1024] = "";
    int res = repl_restore_generations(o, &g, &n, err, sizeof(err));
    curl_global_cleanup();
    if (res != 0) {
        fprintf(stderr, "litegres generations: %s\n", err[0] ? err : lg_strerror(res));
        rc = 1;
        goto out;
    }
    printf("%-16s  %-24s  %-24s  %9s  %8s  %12s\n", "generation", "from", "until", "snapshots",
           "segments", "bytes");
    for (size_t i = 0; i < n; i++) {
        char from[40], until[40] = "latest";
        format_time(g[i].created_ms, from, sizeof(from));
        if (i + 1 < n)
            format_time(g[i + 1].created_ms, until, sizeof(until));
        printf("%016llx  %-24s  %-24s  %9zu  %8zu  %12llu%s\n", (unsigned long long)g[i].generation,
               from, until, g[i].snapshots, g[i].segments, (unsigned long long)g[i].bytes,
               g[i].snapshots ? "" : "  (no snapshot: not restorable)");
    }
    if (n == 0)
        printf("(no generations under %s)\n", a.from);
    free(g);
    rc = 0;
out:
    free(o);
    return rc;
}
