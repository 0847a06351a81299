/* lg_log.c - leveled logging to stderr, one line per call (a single write). */
#include "lg_log.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static volatile int g_level = LG_LOG_INFO;

void lg_log_set_level(lg_log_level_t level)
{
    g_level = (int)level;
}

lg_log_level_t lg_log_get_level(void)
{
    return (lg_log_level_t)g_level;
}

int lg_log_parse_level(const char *s)
{
    static const char *names[] = {"debug", "info", "warning", "error", "fatal"};
    for (int i = 0; i < 5; i++)
        if (strcasecmp(s, names[i]) == 0)
            return i;
    if (strcasecmp(s, "warn") == 0)
        return LG_LOG_WARNING;
    return -1;
}

void lg_log(lg_log_level_t level, const char *fmt, ...)
{
    static const char *tags[] = {"DEBUG", "INFO", "WARNING", "ERROR", "FATAL"};
    if ((int)level < g_level)
        return;
    char line[2048];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    int n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s: ",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, ts.tv_nsec / 1000000, tags[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof(line) - 2)
        len = sizeof(line) - 2;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void lg_log_sanitize(char *out, size_t out_size, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t o = 0;
    if (out_size == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if (o + 8 >= out_size) {
            if (o + 4 <= out_size) {
                memcpy(out + o, "...", 3);
                o += 3;
            }
            break;
        }
        if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
            out[o++] = (char)s[i];
        } else {
            o += (size_t)snprintf(out + o, out_size - o, "\\x%02x", s[i]);
        }
    }
    out[o] = '\0';
}
