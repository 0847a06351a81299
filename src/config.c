/* config.c - lg_config_t: defaults, named settings (shared by flags and the config file),
 * the config file reader, durations and sizes. Main thread. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void config_defaults(lg_config_t *c)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->db, sizeof(c->db), "litegres.db");
    c->port = -1;
    snprintf(c->unix_socket_dir, sizeof(c->unix_socket_dir), "/tmp");
    c->max_connections = 100;
    snprintf(c->log_level, sizeof(c->log_level), "info");
    c->reader_pool = 8;
    c->threadpool_size = 0;
    c->max_message_size = 64u << 20;
    c->shutdown_grace_ms = 5000;
    c->sync_interval_ms = 1000;
    c->snapshot_interval_s = 24 * 3600;
    c->retention_s = 72 * 3600;
}

int64_t config_parse_duration_ms(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0)
        return -1;
    double mul = 1000; /* plain numbers are seconds */
    if (strcmp(end, "ms") == 0)
        mul = 1;
    else if (strcmp(end, "s") == 0 || !*end)
        mul = 1000;
    else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
        mul = 60000;
    else if (strcmp(end, "h") == 0)
        mul = 3600000;
    else if (strcmp(end, "d") == 0)
        mul = 86400000;
    else
        return -1;
    return (int64_t)(v * mul + 0.5);
}

int64_t config_parse_size(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || v < 0)
        return -1;
    double mul = 1;
    if (!*end || strcasecmp(end, "b") == 0)
        mul = 1;
    else if (strcasecmp(end, "kb") == 0 || strcasecmp(end, "kib") == 0 || strcasecmp(end, "k") == 0)
        mul = 1024;
    else if (strcasecmp(end, "mb") == 0 || strcasecmp(end, "mib") == 0 || strcasecmp(end, "m") == 0)
        mul = 1024.0 * 1024;
    else if (strcasecmp(end, "gb") == 0 || strcasecmp(end, "gib") == 0 || strcasecmp(end, "g") == 0)
        mul = 1024.0 * 1024 * 1024;
    else
        return -1;
    return (int64_t)(v * mul);
}

static int parse_int(const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (end == v || *end || errno || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

static int parse_bool(const char *v, bool *out)
{
    if (!strcasecmp(v, "on") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1"))
        *out = true;
    else if (!strcasecmp(v, "off") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
             !strcmp(v, "0"))
        *out = false;
    else
        return -1;
    return 0;
}

static int copy_str(char *dst, size_t n, const char *v)
{
    if (strlen(v) >= n)
        return -1;
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

#define BAD(...) (snprintf(err, err_size, __VA_ARGS__), -1)

static int set_duration(int64_t *dst, const char *name, const char *value, int64_t div, char *err,
                        size_t err_size)
{
    int64_t ms = config_parse_duration_ms(value);
    if (ms < 0)
        return BAD("invalid duration for %s: \"%s\"", name, value);
    *dst = ms / div;
    return 0;
}

int config_set(lg_config_t *c, const char *name, const char *value, char *err, size_t err_size)
{
    long x;
    if (!strcmp(name, "db"))
        return copy_str(c->db, sizeof(c->db), value) ? BAD("--db path too long") : 0;
    if (!strcmp(name, "dbname"))
        return copy_str(c->dbname, sizeof(c->dbname), value) ? BAD("--dbname too long") : 0;
    if (!strcmp(name, "listen")) {
        if (c->nlisten >= CONFIG_MAX_LISTEN)
            return BAD("too many --listen addresses (max %d)", CONFIG_MAX_LISTEN);
        if (copy_str(c->listen[c->nlisten], sizeof(c->listen[0]), value))
            return BAD("--listen address too long");
        c->nlisten++;
        return 0;
    }
    if (!strcmp(name, "port")) {
        if (parse_int(value, 0, 65535, &x))
            return BAD("invalid --port \"%s\"", value);
        c->port = (int)x;
        return 0;
    }
    if (!strcmp(name, "unix-socket-dir"))
        return copy_str(c->unix_socket_dir, sizeof(c->unix_socket_dir), value)
                   ? BAD("--unix-socket-dir too long")
                   : 0;
    if (!strcmp(name, "max-connections")) {
        if (parse_int(value, 1, 100000, &x))
            return BAD("invalid --max-connections \"%s\"", value);
        c->max_connections = (int)x;
        return 0;
    }
    if (!strcmp(name, "log-level"))
        return copy_str(c->log_level, sizeof(c->log_level), value) ? BAD("bad --log-level") : 0;
    if (!strcmp(name, "reader-pool")) {
        if (parse_int(value, 1, 256, &x))
            return BAD("invalid --reader-pool \"%s\"", value);
        c->reader_pool = (int)x;
        return 0;
    }
    if (!strcmp(name, "threadpool-size")) {
        if (parse_int(value, 1, 1024, &x))
            return BAD("invalid --threadpool-size \"%s\"", value);
        c->threadpool_size = (int)x;
        return 0;
    }
    if (!strcmp(name, "max-message-size")) {
        int64_t v = config_parse_size(value);
        if (v < 1024 || v > (int64_t)1 << 30)
            return BAD("invalid --max-message-size \"%s\" (1kB to 1GB)", value);
        c->max_message_size = (size_t)v;
        return 0;
    }
    if (!strcmp(name, "shutdown-grace")) {
        int64_t ms = config_parse_duration_ms(value);
        if (ms < 0 || ms > 3600000)
            return BAD("invalid --shutdown-grace \"%s\"", value);
        c->shutdown_grace_ms = (int)ms;
        return 0;
    }
    if (!strcmp(name, "config"))
        return copy_str(c->config_file, sizeof(c->config_file), value) ? BAD("--config too long")
                                                                       : 0;
    if (!strcmp(name, "replicate"))
        return copy_str(c->replicate, sizeof(c->replicate), value) ? BAD("--replicate too long")
                                                                   : 0;
    if (!strcmp(name, "sync-interval"))
        return set_duration(&c->sync_interval_ms, name, value, 1, err, err_size);
    if (!strcmp(name, "snapshot-interval"))
        return set_duration(&c->snapshot_interval_s, name, value, 1000, err, err_size);
    if (!strcmp(name, "retention"))
        return set_duration(&c->retention_s, name, value, 1000, err, err_size);
    if (!strcmp(name, "synchronous-replication"))
        return parse_bool(value, &c->synchronous_replication) ? BAD("bad boolean \"%s\"", value)
                                                              : 0;
    if (!strcmp(name, "s3-endpoint"))
        return copy_str(c->s3_endpoint, sizeof(c->s3_endpoint), value)
                   ? BAD("--s3-endpoint too long")
                   : 0;
    if (!strcmp(name, "s3-region"))
        return copy_str(c->s3_region, sizeof(c->s3_region), value) ? BAD("--s3-region too long")
                                                                   : 0;
    if (!strcmp(name, "restore-if-missing"))
        return parse_bool(value, &c->restore_if_missing) ? BAD("bad boolean \"%s\"", value) : 0;
    return BAD("unknown setting \"%s\"", name);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    if (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0]) {
        s[n - 1] = '\0';
        s++;
    }
    return s;
}

static bool in_list(const char *name, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(*list, name))
            return true;
    return false;
}

int config_load_file(lg_config_t *c, const char *path, const char *const *set_by_flags, char *err,
                     size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return BAD("could not open config file \"%s\": %s", path, strerror(errno));
    char line[1024];
    int lineno = 0, rc = 0;
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *eq = strchr(line, '=');
        char *key = trim(line);
        if (!*key)
            continue;
        if (!eq) {
            rc = BAD("%s:%d: expected key = value", path, lineno);
            break;
        }
        *eq = '\0';
        key = trim(line);
        for (char *p = key; *p; p++)
            if (*p == '_')
                *p = '-';
        char *val = trim(eq + 1);
        if (in_list(key, set_by_flags))
            continue;
        char inner[256];
        if (config_set(c, key, val, inner, sizeof(inner)) != 0)
            rc = BAD("%s:%d: %s", path, lineno, inner);
    }
    fclose(f);
    return rc;
}

void config_finish(lg_config_t *c)
{
    if (!c->dbname[0]) {
        const char *base = strrchr(c->db, '/');
        base = base ? base + 1 : c->db;
        snprintf(c->dbname, sizeof(c->dbname), "%.63s", base);
        char *dot = strrchr(c->dbname, '.');
        if (dot && dot != c->dbname)
            *dot = '\0';
    }
    if (c->nlisten == 0) {
        snprintf(c->listen[0], sizeof(c->listen[0]), "127.0.0.1:%d", c->port >= 0 ? c->port : 5432);
        c->nlisten = 1;
    }
}
