/* pgtype_style.c - the per-thread DateStyle / IntervalStyle (see pgtype_style.h). */
#include "pgtype_style.h"
#include <stddef.h>
#include <string.h>
#include <strings.h>

static _Thread_local pgstyle_t t_style; /* zero = ISO, MDY, postgres */

void pgstyle_parse(const char *datestyle, const char *intervalstyle, pgstyle_t *out)
{
    *out = (pgstyle_t){PGSTYLE_ISO, PGSTYLE_MDY, PGSTYLE_IV_POSTGRES};
    if (datestyle) {
        if (strncasecmp(datestyle, "SQL", 3) == 0)
            out->date = PGSTYLE_SQL;
        else if (strncasecmp(datestyle, "Postgres", 8) == 0)
            out->date = PGSTYLE_POSTGRES;
        else if (strncasecmp(datestyle, "German", 6) == 0)
            out->date = PGSTYLE_GERMAN;
        if (strcasestr(datestyle, "DMY"))
            out->order = PGSTYLE_DMY;
        else if (strcasestr(datestyle, "YMD"))
            out->order = PGSTYLE_YMD;
    }
    if (intervalstyle) {
        if (strcasecmp(intervalstyle, "postgres_verbose") == 0)
            out->interval = PGSTYLE_IV_POSTGRES_VERBOSE;
        else if (strcasecmp(intervalstyle, "sql_standard") == 0)
            out->interval = PGSTYLE_IV_SQL_STANDARD;
        else if (strcasecmp(intervalstyle, "iso_8601") == 0)
            out->interval = PGSTYLE_IV_ISO_8601;
    }
}

void pgstyle_set(const pgstyle_t *st)
{
    t_style = *st;
}

const pgstyle_t *pgstyle_get(void)
{
    return &t_style;
}
