/* config.h - every setting of `litegres serve`, from flags, a config file (key = value,
 * the flag names without "--") and the environment; flags beat the file, the file beats
 * the defaults. Parsed once on the main thread and passed down. */
#ifndef LG_CONFIG_H
#define LG_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_MAX_LISTEN 16
#define CONFIG_STR 512

typedef struct lg_config {
    char db[CONFIG_STR];
    char dbname[64];
    char listen[CONFIG_MAX_LISTEN][128];
    int nlisten;
    int port; /* -1: not given */
    char unix_socket_dir[CONFIG_STR];
    int max_connections;
    char log_level[16];
    int reader_pool;
    int threadpool_size;
    size_t max_message_size;
    int shutdown_grace_ms;
    char config_file[CONFIG_STR];
    /* replication */
    char replicate[CONFIG_STR];
    int64_t sync_interval_ms;
    int64_t snapshot_interval_s;
    int64_t retention_s;
    bool synchronous_replication;
    bool restore_if_missing;
    char s3_endpoint[256]; /* overrides AWS_ENDPOINT_URL_S3 */
    char s3_region[64];    /* overrides AWS_REGION */
} lg_config_t;

void config_defaults(lg_config_t *c);
/* Applies one setting by name ("db", "listen", "port", ...). Returns 0, or -1 with a
 * message in err (err_size bytes). */
int config_set(lg_config_t *c, const char *name, const char *value, char *err, size_t err_size);
/* Reads key = value lines; '#' starts a comment. Keys already set by flags (names in
 * `set_by_flags`, a NULL-terminated list) are skipped. Returns 0 or -1 with err. */
int config_load_file(lg_config_t *c, const char *path, const char *const *set_by_flags,
                     char *err, size_t err_size);
/* Fills derived values: dbname from the file stem, the default listen address. */
void config_finish(lg_config_t *c);
/* Parses "1s", "500ms", "24h", "72h", "10m" (minutes), "2d" into milliseconds; -1 = bad. */
int64_t config_parse_duration_ms(const char *s);
/* Parses "64MB", "1GiB", "65536" into bytes; -1 = bad. */
int64_t config_parse_size(const char *s);

#endif
