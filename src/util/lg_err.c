/* lg_err.c - lg_pgerr_t helpers and internal error names. */
#include "lg_err.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int lg_pgerr_set(lg_pgerr_t *e, const char *sqlstate, const char *fmt, ...)
{
    lg_pgerr_clear(e);
    snprintf(e->severity, sizeof(e->severity), "ERROR");
    snprintf(e->sqlstate, sizeof(e->sqlstate), "%s", sqlstate);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    va_end(ap);
    return LG_ESQL;
}

void lg_pgerr_detail(lg_pgerr_t *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof(e->detail), fmt, ap);
    va_end(ap);
}

void lg_pgerr_hint(lg_pgerr_t *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->hint, sizeof(e->hint), fmt, ap);
    va_end(ap);
}

void lg_pgerr_fatal(lg_pgerr_t *e)
{
    snprintf(e->severity, sizeof(e->severity), "FATAL");
}

void lg_pgerr_clear(lg_pgerr_t *e)
{
    e->severity[0] = '\0';
    e->sqlstate[0] = '\0';
    e->message[0] = '\0';
    e->detail[0] = '\0';
    e->hint[0] = '\0';
    e->position = 0;
    e->schema[0] = '\0';
    e->table[0] = '\0';
    e->column[0] = '\0';
    e->constraint[0] = '\0';
    e->context[0] = '\0';
}

const char *lg_strerror(int code)
{
    switch (code) {
    case LG_OK:
        return "ok";
    case LG_ENOMEM:
        return "out of memory";
    case LG_ETOOBIG:
        return "size limit exceeded";
    case LG_EINVAL:
        return "invalid argument";
    case LG_EIO:
        return "i/o error";
    case LG_ENOTFOUND:
        return "not found";
    case LG_EAGAIN:
        return "try again";
    case LG_ECLOSED:
        return "closed";
    case LG_EPROTO:
        return "protocol error";
    case LG_ESQL:
        return "sql error";
    default:
        return "unknown error";
    }
}
