/* catalog_quote.c - identifiers as PostgreSQL's quote_identifier prints them in generated
 * definitions (pg_get_indexdef, column defaults): bare when pgtype_ident_is_bare says so,
 * else double-quoted with inner quotes doubled. Any thread. */
#include "catalog_int.h"
#include "pgtype.h"
#include <string.h>

bool catalog__ident_needs_quotes(const char *s)
{
    return !pgtype_ident_is_bare(s, strlen(s)); /* types/pgtype_ident.c */
}

void catalog__append_ident(sqlite3_str *out, const char *s)
{
    if (!catalog__ident_needs_quotes(s)) {
        sqlite3_str_appendall(out, s);
        return;
    }
    sqlite3_str_appendchar(out, 1, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sqlite3_str_appendchar(out, 1, '"');
        sqlite3_str_appendchar(out, 1, *p);
    }
    sqlite3_str_appendchar(out, 1, '"');
}
