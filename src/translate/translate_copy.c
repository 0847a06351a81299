/* translate_copy.c - decodes COPY ... FROM STDIN / TO STDOUT for the session, which runs the
 * copy sub-protocol itself. Files and programs on the server, binary format, and COPY FROM
 * with WHERE are refused with 0A000. Options come in both syntaxes: the new one
 * (`WITH (FORMAT csv, HEADER true)`, values as String nodes) and the old one
 * (`CSV HEADER`, `DELIMITER ','`, booleans as Boolean nodes). Worker thread. */
#include "translate_int.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include <ctype.h>
#include <stddef.h>
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

/* Character position (1-based) of byte offset loc in src, for an error's position. */
static int char_position(const char *src, int loc)
{
    if (loc < 0 || !src)
        return 0;
    int chars = 0;
    for (int i = 0; i < loc && src[i]; i++)
        chars += ((unsigned char)src[i] & 0xC0) != 0x80;
    return chars + 1;
}

/* What the options said, before the checks that look at all of them together. */
typedef struct copy_opts {
    const char *src;
    bool is_from;
    unsigned seen; /* bit per option kind: "conflicting or redundant options" */
    const char *delim, *quote, *escape; /* as written (checked for length later) */
    char vbuf[3][32];                   /* a numeric value's text */
} copy_opts_t;

enum {
    SEEN_FORMAT = 1,
    SEEN_FREEZE = 2,
    SEEN_DELIM = 4,
    SEEN_NULL = 8,
    SEEN_HEADER = 16,
    SEEN_QUOTE = 32,
    SEEN_ESCAPE = 64,
    SEEN_FQUOTE = 128,
    SEEN_FNOTNULL = 256,
    SEEN_FNULL = 512,
    SEEN_ENCODING = 1024,
};

/* PostgreSQL's parse_bool: true/false/yes/no (or a unique prefix), on/off, 1/0. */
static int parse_bool(const char *v, bool *out)
{
    static const struct {
        const char *word;
        size_t min; /* shortest accepted prefix */
        bool val;
    } k[] = {{"true", 1, true}, {"false", 1, false}, {"yes", 1, true},
             {"no", 1, false},  {"on", 2, true},     {"off", 2, false}};
    size_t n = strlen(v);
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (n >= k[i].min && n <= strlen(k[i].word) && strncasecmp(v, k[i].word, n) == 0) {
            *out = k[i].val;
            return 0;
        }
    if (!strcmp(v, "1") || !strcmp(v, "0")) {
        *out = v[0] == '1';
        return 0;
    }
    return -1;
}

/* HEADER [true|false|match]: match only for COPY FROM. */
static int header_choice(copy_opts_t *o, const char *v, translate_stmt_t *out, lg_pgerr_t *err)
{
    bool b;
    if (parse_bool(v, &b) == 0) {
        out->copy_header = b;
        return 0;
    }
    if (strcasecmp(v, "match") != 0)
        return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR,
                            "header requires a Boolean value or \"match\"");
    if (!o->is_from)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "cannot use \"%s\" with HEADER in COPY TO", v);
    out->copy_header = true;
    out->copy_header_match = true;
    return 0;
}

static char *finish(lg_buf_t *b);

/* FORCE_QUOTE * or a column list (kept as "*" or "a\nb\n"); FORCE_NOT_NULL and FORCE_NULL
 * take a list only. */
static int column_list(const copy_opts_t *o, const PgQuery__DefElem *d, bool star_ok, char **dst,
                       lg_pgerr_t *err)
{
    lg_buf_t b;
    lg_buf_init(&b, 1u << 16);
    if (star_ok && (!d->arg || d->arg->node_case == PG_QUERY__NODE__NODE_A_STAR)) {
        lg_buf_putc(&b, '*');
    } else if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
        const PgQuery__List *l = d->arg->list;
        for (size_t i = 0; i < l->n_items; i++) {
            if (l->items[i]->node_case != PG_QUERY__NODE__NODE_STRING)
                continue;
            const char *name = l->items[i]->string->sval;
            lg_buf_append(&b, name, strlen(name));
            lg_buf_putc(&b, '\n');
        }
    } else {
        lg_buf_deinit(&b);
        lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     "argument to option \"%s\" must be a list of column names", d->defname);
        err->position = char_position(o->src, d->location);
        return LG_ESQL;
    }
    free(*dst);
    *dst = finish(&b);
    return 0;
}

static int format_option(const copy_opts_t *o, const PgQuery__DefElem *d, const char *v,
                         translate_stmt_t *out, lg_pgerr_t *err)
{
    if (!strcasecmp(v, "csv")) {
        out->copy_format = 'c';
        return 0;
    }
    if (!strcasecmp(v, "text")) {
        out->copy_format = 't';
        return 0;
    }
    if (!strcasecmp(v, "binary")) {
        out->copy_format = 'b';
        return 0;
    }
    lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE, "COPY format \"%s\" not recognized", v);
    err->position = char_position(o->src, d->location);
    return LG_ESQL;
}

static unsigned option_bit(const char *n)
{
    static const struct {
        const char *name;
        unsigned bit;
    } k[] = {
        {"format", SEEN_FORMAT},    {"freeze", SEEN_FREEZE},      {"delimiter", SEEN_DELIM},
        {"null", SEEN_NULL},        {"header", SEEN_HEADER},      {"quote", SEEN_QUOTE},
        {"escape", SEEN_ESCAPE},    {"force_quote", SEEN_FQUOTE}, {"force_not_null", SEEN_FNOTNULL},
        {"force_null", SEEN_FNULL}, {"encoding", SEEN_ENCODING}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (!strcmp(n, k[i].name))
            return k[i].bit;
    return 0;
}

/* v, copied into o when it is the caller's scratch buffer. */
static const char *keep(copy_opts_t *o, int k, const char *v, const char *scratch)
{
    if (v != scratch)
        return v;
    snprintf(o->vbuf[k], sizeof(o->vbuf[k]), "%s", v);
    return o->vbuf[k];
}

static int copy_option(copy_opts_t *o, const PgQuery__DefElem *d, translate_stmt_t *out,
                       lg_pgerr_t *err)
{
    char buf[32];
    const char *v = opt_text(d, buf, sizeof(buf));
    const char *n = d->defname;
    unsigned bit = option_bit(n);
    if (!bit) {
        lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "option \"%s\" not recognized", n);
        err->position = char_position(o->src, d->location);
        return LG_ESQL;
    }
    if (o->seen & bit) {
        lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "conflicting or redundant options");
        err->position = char_position(o->src, d->location);
        return LG_ESQL;
    }
    o->seen |= bit;
    switch (bit) {
    case SEEN_FORMAT:
        return format_option(o, d, v, out, err);
    case SEEN_DELIM:
        o->delim = keep(o, 0, v, buf);
        return 0;
    case SEEN_QUOTE:
        o->quote = keep(o, 1, v, buf);
        return 0;
    case SEEN_ESCAPE:
        o->escape = keep(o, 2, v, buf);
        return 0;
    case SEEN_HEADER:
        return header_choice(o, v, out, err);
    case SEEN_NULL:
        free(out->copy_null);
        out->copy_null = lg_xstrdup(v);
        return 0;
    case SEEN_ENCODING:
        if (strcasecmp(v, "utf8") && strcasecmp(v, "utf-8"))
            return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "COPY encoding \"%s\" is not supported", v);
        return 0;
    case SEEN_FQUOTE:
        return column_list(o, d, true, &out->copy_force_quote, err);
    case SEEN_FNOTNULL:
        return column_list(o, d, false, &out->copy_force_not_null, err);
    case SEEN_FNULL:
        return column_list(o, d, false, &out->copy_force_null, err);
    default: /* FREEZE */
        return 0;
    }
}

/* A single-character option, as PostgreSQL checks its length. */
static int one_char(const char *name, const char *v, char *out, lg_pgerr_t *err)
{
    if (strlen(v) != 1)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY %s must be a single one-byte character", name);
    *out = v[0];
    return 0;
}

/* The checks of PostgreSQL's ProcessCopyOptions that look at several options, in its
 * order; fills the defaults. */
static int check_delimiter(const copy_opts_t *o, translate_stmt_t *out, lg_pgerr_t *err)
{
    bool csv = out->copy_format == 'c', binary = out->copy_format == 'b';
    if (binary && o->delim)
        return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR,
                            "cannot specify DELIMITER in BINARY mode");
    if (binary && out->copy_null)
        return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "cannot specify NULL in BINARY mode");
    if (o->delim && one_char("delimiter", o->delim, &out->copy_delim, err) != 0)
        return LG_ESQL;
    if (!o->delim)
        out->copy_delim = csv ? ',' : '\t';
    if (!out->copy_null)
        out->copy_null = lg_xstrdup(csv ? "" : "\\N");
    if (out->copy_delim == '\n' || out->copy_delim == '\r')
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "COPY delimiter cannot be newline or carriage return");
    if (strchr(out->copy_null, '\n') || strchr(out->copy_null, '\r'))
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "COPY null representation cannot use newline or carriage return");
    if (!csv && strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", out->copy_delim))
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "COPY delimiter cannot be \"%c\"", out->copy_delim);
    if (binary && out->copy_header)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "cannot specify HEADER in BINARY mode");
    return 0;
}

static int check_quoting(const copy_opts_t *o, translate_stmt_t *out, lg_pgerr_t *err)
{
    bool csv = out->copy_format == 'c';
    if (!csv && o->quote)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY quote available only in CSV mode");
    if (o->quote && one_char("quote", o->quote, &out->copy_quote, err) != 0)
        return LG_ESQL;
    if (!o->quote)
        out->copy_quote = '"';
    if (csv && out->copy_delim == out->copy_quote)
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "COPY delimiter and quote must be different");
    if (!csv && o->escape)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY escape available only in CSV mode");
    if (o->escape && one_char("escape", o->escape, &out->copy_escape, err) != 0)
        return LG_ESQL;
    if (!o->escape)
        out->copy_escape = out->copy_quote;
    return 0;
}

static int check_force(const copy_opts_t *o, const translate_stmt_t *out, lg_pgerr_t *err)
{
    static const struct {
        size_t off;
        const char *what;
        bool from; /* only with COPY FROM (else only with COPY TO) */
    } k[] = {{offsetof(translate_stmt_t, copy_force_quote), "force quote", false},
             {offsetof(translate_stmt_t, copy_force_not_null), "force not null", true},
             {offsetof(translate_stmt_t, copy_force_null), "force null", true}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        if (!*(char *const *)((const char *)out + k[i].off))
            continue;
        if (out->copy_format != 'c')
            return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "COPY %s available only in CSV mode", k[i].what);
        if (o->is_from != k[i].from)
            return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "COPY %s only available using COPY %s", k[i].what,
                                k[i].from ? "FROM" : "TO");
    }
    return 0;
}

static int check_options(const copy_opts_t *o, translate_stmt_t *out, lg_pgerr_t *err)
{
    if (check_delimiter(o, out, err) != 0 || check_quoting(o, out, err) != 0 ||
        check_force(o, out, err) != 0)
        return LG_ESQL;
    if (strchr(out->copy_null, out->copy_delim))
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "COPY delimiter must not appear in the NULL specification");
    if (out->copy_format == 'c' && strchr(out->copy_null, out->copy_quote))
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "CSV quote character must not appear in the NULL specification");
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

/* 42701 for a column named twice in COPY's column list. */
static int duplicate_column(const PgQuery__CopyStmt *c, lg_pgerr_t *err)
{
    for (size_t i = 0; i < c->n_attlist; i++)
        for (size_t k = 0; k < i; k++)
            if (c->attlist[i]->node_case == PG_QUERY__NODE__NODE_STRING &&
                c->attlist[k]->node_case == PG_QUERY__NODE__NODE_STRING &&
                !strcmp(c->attlist[i]->string->sval, c->attlist[k]->string->sval))
                return lg_pgerr_set(err, LG_SQLSTATE_DUPLICATE_COLUMN,
                                    "column \"%s\" specified more than once",
                                    c->attlist[i]->string->sval);
    return 0;
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
    out->copy_all_columns = c->n_attlist == 0;
    copy_opts_t o = {.src = src, .is_from = c->is_from};
    for (size_t i = 0; i < c->n_options; i++)
        if (c->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
            copy_option(&o, c->options[i]->def_elem, out, err) != 0)
            return LG_ESQL;
    if (check_options(&o, out, err) != 0)
        return LG_ESQL;
    if (duplicate_column(c, err) != 0)
        return LG_ESQL;
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
