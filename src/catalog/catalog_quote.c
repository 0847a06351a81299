/* catalog_quote.c - identifiers as PostgreSQL's quote_identifier prints them in generated
 * definitions (pg_get_indexdef, column defaults): bare when all lower-case letters, digits
 * and underscores, not starting with a digit and not a keyword PostgreSQL reserves in some
 * position; else double-quoted with inner quotes doubled. Any thread. */
#include "catalog_int.h"
#include <string.h>

/* PostgreSQL 15's keywords that are not UNRESERVED (reserved, type/function-name and
 * column-name ones), sorted. */
static const char *const k_keywords[] = {"all",
                                         "analyse",
                                         "analyze",
                                         "and",
                                         "any",
                                         "array",
                                         "as",
                                         "asc",
                                         "asymmetric",
                                         "authorization",
                                         "between",
                                         "bigint",
                                         "binary",
                                         "bit",
                                         "boolean",
                                         "both",
                                         "case",
                                         "cast",
                                         "char",
                                         "character",
                                         "check",
                                         "coalesce",
                                         "collate",
                                         "collation",
                                         "column",
                                         "concurrently",
                                         "constraint",
                                         "create",
                                         "cross",
                                         "current_catalog",
                                         "current_date",
                                         "current_role",
                                         "current_schema",
                                         "current_time",
                                         "current_timestamp",
                                         "current_user",
                                         "dec",
                                         "decimal",
                                         "default",
                                         "deferrable",
                                         "desc",
                                         "distinct",
                                         "do",
                                         "else",
                                         "end",
                                         "except",
                                         "exists",
                                         "extract",
                                         "false",
                                         "fetch",
                                         "float",
                                         "for",
                                         "foreign",
                                         "freeze",
                                         "from",
                                         "full",
                                         "grant",
                                         "greatest",
                                         "group",
                                         "grouping",
                                         "having",
                                         "ilike",
                                         "in",
                                         "initially",
                                         "inner",
                                         "inout",
                                         "int",
                                         "integer",
                                         "intersect",
                                         "interval",
                                         "into",
                                         "is",
                                         "isnull",
                                         "join",
                                         "lateral",
                                         "leading",
                                         "least",
                                         "left",
                                         "like",
                                         "limit",
                                         "localtime",
                                         "localtimestamp",
                                         "national",
                                         "natural",
                                         "nchar",
                                         "none",
                                         "normalize",
                                         "not",
                                         "notnull",
                                         "null",
                                         "nullif",
                                         "numeric",
                                         "offset",
                                         "on",
                                         "only",
                                         "or",
                                         "order",
                                         "out",
                                         "outer",
                                         "overlaps",
                                         "overlay",
                                         "placing",
                                         "position",
                                         "precision",
                                         "primary",
                                         "real",
                                         "references",
                                         "returning",
                                         "right",
                                         "row",
                                         "select",
                                         "session_user",
                                         "setof",
                                         "similar",
                                         "smallint",
                                         "some",
                                         "substring",
                                         "symmetric",
                                         "system_user",
                                         "table",
                                         "tablesample",
                                         "then",
                                         "time",
                                         "timestamp",
                                         "to",
                                         "trailing",
                                         "treat",
                                         "trim",
                                         "true",
                                         "union",
                                         "unique",
                                         "user",
                                         "using",
                                         "values",
                                         "varchar",
                                         "variadic",
                                         "verbose",
                                         "when",
                                         "where",
                                         "window",
                                         "with",
                                         "xmlattributes",
                                         "xmlconcat",
                                         "xmlelement",
                                         "xmlexists",
                                         "xmlforest",
                                         "xmlnamespaces",
                                         "xmlparse",
                                         "xmlpi",
                                         "xmlroot",
                                         "xmlserialize",
                                         "xmltable"};

static bool is_keyword(const char *s)
{
    size_t lo = 0, hi = sizeof(k_keywords) / sizeof(k_keywords[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(s, k_keywords[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool catalog__ident_needs_quotes(const char *s)
{
    if (!s[0] || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return true;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return true;
    return is_keyword(s);
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
