/* translate_fn.c - reading user-defined function metadata (_lg_functions, format in
 * include/translate/translate_fn.h) and the parameter-name substitution that turns a SQL
 * function body's argument names into $n parameters. Worker thread (any thread for the
 * pure helpers). */
#include "translate_fn.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include "lg_err.h"
#include <ctype.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int translate_fn_split(const char *s, char sep, char (*out)[64], int max)
{
    int n = 0;
    if (!s || !s[0])
        return 0;
    for (const char *p = s; n < max;) {
        const char *e = strchr(p, sep);
        size_t len = e ? (size_t)(e - p) : strlen(p);
        snprintf(out[n], 64, "%.*s", (int)(len < 63 ? len : 63), p);
        n++;
        if (!e)
            break;
        p = e + 1;
    }
    return n;
}

static void split_oids(const char *s, uint32_t *out, int max)
{
    char parts[TRANSLATE_FN_MAX_ARGS][64];
    int n = translate_fn_split(s, ',', parts, max < TRANSLATE_FN_MAX_ARGS ? max : 32);
    for (int i = 0; i < n; i++)
        out[i] = (uint32_t)strtoul(parts[i], NULL, 10);
}

static void split_defaults(const char *s, translate_fndef_t *d)
{
    const char *p = s ? s : "";
    for (int i = 0; i < d->nargs; i++) {
        const char *e = strchr(p, '\x1e');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        d->argdefaults[i] = len ? lg_xstrndup(p, len) : NULL;
        if (!e)
            break;
        p = e + 1;
    }
}

static const char *col_text(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? (const char *)t : "";
}

static void fill_def(sqlite3_stmt *q, translate_fndef_t *d)
{
    snprintf(d->name, sizeof(d->name), "%s", col_text(q, 0));
    snprintf(d->lang, sizeof(d->lang), "%s", col_text(q, 1));
    d->rettype = (uint32_t)sqlite3_column_int64(q, 2);
    d->rettypmod = sqlite3_column_int(q, 3);
    d->retset = sqlite3_column_int(q, 4) != 0;
    d->nargs = translate_fn_split(col_text(q, 5), ',', d->argnames, TRANSLATE_FN_MAX_ARGS);
    if (d->nargs == 0 && col_text(q, 6)[0]) /* one unnamed argument */
        d->nargs = 1;
    split_oids(col_text(q, 6), d->argtypes, d->nargs);
    split_defaults(col_text(q, 7), d);
    d->nout = translate_fn_split(col_text(q, 8), ',', d->outnames, TRANSLATE_FN_MAX_ARGS);
    split_oids(col_text(q, 9), d->outtypes, d->nout);
    d->body = lg_xstrdup(col_text(q, 10));
    d->strict = sqlite3_column_int(q, 11) != 0;
    d->volatility = col_text(q, 12)[0] ? col_text(q, 12)[0] : 'v';
}

int translate_fndef_load(sqlite3 *db, const char *name, translate_fndef_t *out)
{
    memset(out, 0, sizeof(*out));
    if (!db)
        return LG_ENOTFOUND;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, lang, rettype, rettypmod, retset, argnames, argtypes, "
                           "argdefaults, outnames, outtypes, body, strict, volatility "
                           "FROM main._lg_functions WHERE name = ?1",
                           -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return LG_ENOTFOUND;
    }
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int rc = LG_ENOTFOUND;
    if (sqlite3_step(q) == SQLITE_ROW) {
        fill_def(q, out);
        rc = 0;
    }
    sqlite3_finalize(q);
    return rc;
}

void translate_fndef_clear(translate_fndef_t *d)
{
    for (int i = 0; i < TRANSLATE_FN_MAX_ARGS; i++)
        free(d->argdefaults[i]);
    free(d->body);
    memset(d, 0, sizeof(*d));
}

/* Identifier text of token [s, e): lower-cased unless double-quoted. */
static void token_ident(const char *sql, int s, int e, char *buf, size_t cap)
{
    size_t o = 0;
    if (sql[s] == '"') {
        for (int i = s + 1; i < e - 1 && o + 1 < cap; i++)
            buf[o++] = sql[i];
    } else {
        for (int i = s; i < e && o + 1 < cap; i++)
            buf[o++] = (char)tolower((unsigned char)sql[i]);
    }
    buf[o] = '\0';
}

static bool ident_token(const char *sql, const PgQuery__ScanToken *t)
{
    unsigned char ch = (unsigned char)sql[t->start];
    return t->token == PG_QUERY__TOKEN__IDENT ||
           (t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD &&
            t->keyword_kind != PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD &&
            (isalpha(ch) || ch == '_'));
}

static int match_name(const char *id, char (*names)[64], int n)
{
    for (int i = 0; i < n; i++)
        if (names[i][0] && strcmp(id, names[i]) == 0)
            return i;
    return -1;
}

static bool skip_token(const char *sql, PgQuery__ScanToken **tk, size_t n, size_t i)
{
    if (i > 0 && sql[tk[i - 1]->start] == '.' && tk[i - 1]->end - tk[i - 1]->start == 1)
        return true;
    if (i > 0 && tk[i - 1]->token == PG_QUERY__TOKEN__AS)
        return true;
    if (i + 1 < n && tk[i + 1]->end - tk[i + 1]->start == 1 &&
        (sql[tk[i + 1]->start] == '.' || sql[tk[i + 1]->start] == '('))
        return true;
    return false;
}

char *translate_fn_subst_names(const char *sql, char (*names)[64], int nnames, int base)
{
    PgQueryScanResult sr = pg_query_scan(sql);
    if (sr.error) {
        pg_query_free_scan_result(sr);
        return NULL;
    }
    PgQuery__ScanResult *s =
        pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
    if (!s) {
        pg_query_free_scan_result(sr);
        return NULL;
    }
    lg_buf_t b;
    lg_buf_init(&b, 16u << 20);
    int at = 0;
    for (size_t i = 0; i < s->n_tokens; i++) {
        const PgQuery__ScanToken *t = s->tokens[i];
        if (!ident_token(sql, t) || skip_token(sql, s->tokens, s->n_tokens, i))
            continue;
        char id[64];
        token_ident(sql, t->start, t->end, id, sizeof(id));
        int k = match_name(id, names, nnames);
        if (k < 0)
            continue;
        lg_buf_append(&b, sql + at, (size_t)(t->start - at));
        lg_buf_printf(&b, "$%d", k + 1 + base);
        at = t->end;
    }
    lg_buf_append(&b, sql + at, strlen(sql + at));
    lg_buf_putc(&b, 0);
    pg_query__scan_result__free_unpacked(s, NULL);
    pg_query_free_scan_result(sr);
    size_t len;
    return (char *)lg_buf_steal(&b, &len);
}

/* Case-insensitive keyword `kw` at p as a whole word; the position after it or NULL. */
static const char *word_at(const char *start, const char *p, const char *kw)
{
    size_t n = strlen(kw);
    if (strncasecmp(p, kw, n) != 0 ||
        (p > start && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '$')))
        return NULL;
    return isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '$' ? NULL : p + n;
}

static const char *skip_blank(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

char *translate_fn_plpgsql_prepare(const char *text, bool out_columns)
{
    lg_buf_t b;
    lg_buf_init(&b, strlen(text) * 2 + 64);
    const char *p = text;
    while (*p) {
        const char *after = word_at(text, p, "return");
        const char *next = after ? word_at(text, skip_blank(after), "next") : NULL;
        if (!next || skip_blank(after) == after) {
            lg_buf_putc(&b, (uint8_t)*p++);
            continue;
        }
        const char *q = skip_blank(next);
        const char *id = q;
        while (isalnum((unsigned char)*q) || *q == '_')
            q++;
        const char *semi = skip_blank(q);
        lg_buf_append(&b, p, (size_t)(next - p));
        if (*semi == ';' && q == id && out_columns) {
            lg_buf_append(&b, " NULL", 5); /* RETURN NEXT; */
        } else if (*semi == ';' && q > id && !isdigit((unsigned char)*id) && next < id) {
            lg_buf_printf(&b, " (%.*s)", (int)(q - id), id); /* RETURN NEXT var; */
            p = q;
            continue;
        }
        p = next;
    }
    lg_buf_putc(&b, 0);
    size_t len;
    return (char *)lg_buf_steal(&b, &len);
}
