/* lg_log.h - leveled logging to stderr (any thread). The level is process-wide state set
 * once at start (one of the two allowed globals). Messages carry a connection id when
 * they concern a client: lg_log(LG_LOG_INFO, "conn %u: ...", id). Client bytes must go
 * through lg_log_sanitize first. */
#ifndef LG_UTIL_LOG_H
#define LG_UTIL_LOG_H
#include <stddef.h>

typedef enum { LG_LOG_DEBUG = 0, LG_LOG_INFO, LG_LOG_WARNING, LG_LOG_ERROR, LG_LOG_FATAL } lg_log_level_t;

void lg_log_set_level(lg_log_level_t level);
lg_log_level_t lg_log_get_level(void);
/* Parses "debug", "info", "warning", "error"; -1 when unknown. */
int lg_log_parse_level(const char *s);
void lg_log(lg_log_level_t level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies at most out_size-1 printable characters of (p, n) into out, escaping the rest as
 * \xNN and appending "..." when truncated. */
void lg_log_sanitize(char *out, size_t out_size, const void *p, size_t n);

#define lg_debug(...) lg_log(LG_LOG_DEBUG, __VA_ARGS__)
#define lg_info(...) lg_log(LG_LOG_INFO, __VA_ARGS__)
#define lg_warn(...) lg_log(LG_LOG_WARNING, __VA_ARGS__)
#define lg_error(...) lg_log(LG_LOG_ERROR, __VA_ARGS__)

#endif
