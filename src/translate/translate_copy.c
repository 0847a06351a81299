/* translate_copy.c - decodes COPY ... FROM STDIN / TO STDOUT for the session, which runs the
 * copy sub-protocol itself. Files and programs on the server, binary format, and COPY FROM
 * with WHERE are refused with 0A000. Options come in both syntaxes: the new one
 * (`WITH (FORMAT csv, HEADER true)`, values as String nodes) and the old one
 * (`CSV HEADER`, `DELIMITER ','`, booleans as Boolean nodes). Worker thread. */
#include "translate_int.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void quote_ident(lg_buf_t *b, const char *s)
{
    lg_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            lg_buf_putc(b, '"');
        lg_buf_putc(b, (uint8_t)*s);
    }
    lg_buf_putc(b, '"');
}

/* Option value as text: String, Integer, Boolean, or absent (= "true" for HEADER). */
static const char *opt_text(const PgQuery__DefElem *d, char *buf, size_t n)
{
    const PgQuery__Node *a = d->arg;
    if (!a)
        return "true";
    switch (a->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
        return a->string->sval;
    case PG_QUERY__NODE__NODE_INTEGER:
        snprintf(buf, n, "%d", a->integer->ival);
        return buf;
    case PG_QUERY__NODE__NODE_BOOLEAN:
        return a->boolean->boolval ? "true" : "false";
    case PG_QUERY__NODE__NODE_A_STAR:
        return "*";
    default:
        return "";
    }
}

static bool truthy(const char *v)
{
    return !strcasecmp(v, "true") || !strcasecmp(v, "on") || !strcmp(v, "1") ||
           !strcasecmp(v, "yes") || !strcasecmp(v, "match");
}

static int one_char(const char *name, const char *v, char *out, lg_pgerr_t *err)
{
    if (strlen(v) != 1)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY %s must be a single one-byte character", name);
    *out = v[0];
    return 0;
}

static char *finish(lg_buf_t *b);

/* FORCE_QUOTE * or FORCE_QUOTE (a, b): kept as "*" or "a\nb\n". */
static int force_quote(const PgQuery__DefElem *d, translate_stmt_t *out)
{
    lg_buf_t b;
    lg_buf_init(&b, 1u << 16);
    if (!d->arg || d->arg->node_case == PG_QUERY__NODE__NODE_A_STAR) {
        lg_buf_putc(&b, '*');
    } else if (d->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
        const PgQuery__List *l = d->arg->list;
        for (size_t i = 0; i < l->n_items; i++) {
            if (l->items[i]->node_case != PG_QUERY__NODE__NODE_STRING)
                continue;
            const char *name = l->items[i]->string->sval;
            lg_buf_append(&b, name, strlen(name));
            lg_buf_putc(&b, '\n');
        }
    }
    free(out->copy_force_quote);
    out->copy_force_quote = finish(&b);
    return 0;
}

static int copy_option(const PgQuery__DefElem *d, translate_stmt_t *out, lg_pgerr_t *err)
{
    char buf[32];
    const char *v = opt_text(d, buf, sizeof(buf));
    const char *n = d->defname;
    if (!strcmp(n, "format")) {
        if (!strcasecmp(v, "csv"))
            out->copy_format = 'c';
        else if (!strcasecmp(v, "text"))
            out->copy_format = 't';
        else if (!strcasecmp(v, "binary"))
            out->copy_format = 'b';
        else
            return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                "COPY format \"%s\" not recognized", v);
        return 0;
    }
    if (!strcmp(n, "delimiter"))
        return one_char("delimiter", v, &out->copy_delim, err);
    if (!strcmp(n, "quote"))
        return one_char("quote", v, &out->copy_quote, err);
    if (!strcmp(n, "escape"))
        return one_char("escape", v, &out->copy_escape, err);
    if (!strcmp(n, "header")) {
        out->copy_header = truthy(v);
        return 0;
    }
    if (!strcmp(n, "null")) {
        free(out->copy_null);
        out->copy_null = lg_xstrdup(v);
        return 0;
    }
    if (!strcmp(n, "encoding")) {
        if (strcasecmp(v, "utf8") && strcasecmp(v, "utf-8"))
            return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "COPY encoding \"%s\" is not supported", v);
        return 0;
    }
    if (!strcmp(n, "freeze"))
        return 0;
    if (!strcmp(n, "force_quote"))
        return force_quote(d, out);
    return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                        "COPY option \"%s\" is not supported", n);
}

/* The options that only some formats take, checked as PostgreSQL 15 does. */
static int check_format_options(const translate_stmt_t *out, lg_pgerr_t *err)
{
    bool binary = out->copy_format == 'b';
    if (binary && out->copy_delim)
        return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR,
                            "cannot specify DELIMITER in BINARY mode");
    if (binary && out->copy_null)
        return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "cannot specify NULL in BINARY mode");
    if (binary && out->copy_header)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "cannot specify HEADER in BINARY mode");
    if (out->copy_format != 'c' && out->copy_quote)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY quote available only in CSV mode");
    if (out->copy_format != 'c' && out->copy_escape)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY escape available only in CSV mode");
    return 0;
}

/* The text of `(query)` in COPY (query) TO: from the first '(' to its matching ')'. */
static int query_text(const char *s, size_t n, lg_buf_t *b)
{
    size_t i = 0, depth = 0, start = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            for (i++; i < n && s[i] != c; i++)
                ;
        } else if (c == '(') {
            if (depth++ == 0)
                start = i + 1;
        } else if (c == ')' && depth > 0 && --depth == 0) {
            lg_buf_append(b, s + start, i - start);
            return 0;
        }
    }
    return -1;
}

static void target_list(const PgQuery__CopyStmt *c, lg_buf_t *b)
{
    if (c->n_attlist == 0) {
        lg_buf_putc(b, '*');
        return;
    }
    for (size_t i = 0; i < c->n_attlist; i++) {
        if (i)
            lg_buf_append(b, ", ", 2);
        if (c->attlist[i]->node_case == PG_QUERY__NODE__NODE_STRING)
            quote_ident(b, c->attlist[i]->string->sval);
    }
}

static void relation(const PgQuery__RangeVar *r, lg_buf_t *b)
{
    if (r->schemaname[0] && strcmp(r->schemaname, "public") != 0) {
        quote_ident(b, r->schemaname);
        lg_buf_putc(b, '.');
    }
    quote_ident(b, r->relname);
}

static char *finish(lg_buf_t *b)
{
    size_t len;
    lg_buf_putc(b, 0);
    return (char *)lg_buf_steal(b, &len);
}

int translate__copy_stmt(const PgQuery__CopyStmt *c, const char *src, int loc, int len,
                         translate_stmt_t *out, lg_pgerr_t *err)
{
    if (c->filename[0] || c->is_program)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY to or from a file or program on the server is not supported");
    if (c->where_clause)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY FROM with WHERE is not supported");
    out->cls = TR_CLASS_COPY;
    snprintf(out->tag, sizeof(out->tag), "COPY");
    out->copy_from = c->is_from;
    out->copy_format = 't';
    for (size_t i = 0; i < c->n_options; i++)
        if (c->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
            copy_option(c->options[i]->def_elem, out, err) != 0)
            return LG_ESQL;
    if (check_format_options(out, err) != 0)
        return LG_ESQL;
    if (out->copy_force_quote && out->copy_format != 'c')
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY force quote available only in CSV mode");
    if (out->copy_force_quote && c->is_from)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY force quote only available using COPY TO");
    if (!out->copy_delim)
        out->copy_delim = out->copy_format == 'c' ? ',' : '\t';
    if (!out->copy_quote)
        out->copy_quote = '"';
    if (!out->copy_escape)
        out->copy_escape = out->copy_quote;
    if (!out->copy_null)
        out->copy_null = lg_xstrdup(out->copy_format == 'c' ? "" : "\\N");
    lg_buf_t b;
    lg_buf_init(&b, 1u << 24);
    if (c->query) {
        const char *s = src + loc;
        size_t n = len > 0 ? (size_t)len : strlen(s);
        if (query_text(s, n, &b) != 0) {
            lg_buf_deinit(&b);
            return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "could not find COPY query");
        }
        out->copy_sql = finish(&b);
        return 0;
    }
    lg_buf_append(&b, "SELECT ", 7);
    target_list(c, &b);
    lg_buf_append(&b, " FROM ", 6);
    relation(c->relation, &b);
    if (c->is_from)
        lg_buf_append(&b, " LIMIT 0", 8);
    out->copy_sql = finish(&b);
    lg_buf_init(&b, 4096);
    relation(c->relation, &b);
    out->copy_table = finish(&b);
    return 0;
}
