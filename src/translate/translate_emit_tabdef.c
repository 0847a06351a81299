/* translate_emit_tabdef.c - a table's current SQLite definition, read back from
 * sqlite_schema as a list of items, for ALTER TABLE's rebuild; and PostgreSQL's default
 * CHECK constraint name. Worker thread only.
 *
 * Format relied on: the CREATE TABLE text litegres emits (translate_emit_ddl.c), which is
 * "CREATE TABLE name (item, item, ...)" where a column item is "name TYPE [NOT NULL]
 * [DEFAULT (expr)] [GENERATED ...]" and every constraint is a table-level item
 * "CONSTRAINT name ...". Items are split at top-level commas by a small SQLite tokenizer
 * (strings, quoted identifiers and parenthesized groups are single tokens), so the text
 * SQLite rewrites on RENAME COLUMN still parses. Indexes and triggers on the table are
 * kept as their SQL text to be re-run after the rebuild. */
#include "translate_emit_tabdef.h"
#include "lg_alloc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the token at s (0 at end); whitespace is skipped by the caller. A '(' group
 * extends to its matching ')'. */
static size_t token_len(const char *s)
{
    if (!*s)
        return 0;
    if (s[0] == '/' && s[1] == '*') { /* a comment (index details: translate_emit_ddl.c) */
        const char *e = strstr(s + 2, "*/");
        return e ? (size_t)(e + 2 - s) : strlen(s);
    }
    char q = *s;
    if (q == '\'' || q == '"' || q == '`' || q == '[') {
        char close = q == '[' ? ']' : q;
        size_t i = 1;
        for (; s[i]; i++) {
            if (s[i] == close) {
                if (close != ']' && s[i + 1] == close) {
                    i++;
                    continue;
                }
                return i + 1;
            }
        }
        return i;
    }
    if (q == '(') {
        int depth = 0;
        size_t i = 0;
        while (s[i]) {
            char ch = s[i];
            if (ch == '\'' || ch == '"' || ch == '`' || ch == '[') {
                i += token_len(s + i);
                continue;
            }
            if (ch == '(')
                depth++;
            else if (ch == ')' && --depth == 0)
                return i + 1;
            i++;
        }
        return i;
    }
    if (isalnum((unsigned char)q) || q == '_' || (unsigned char)q >= 0x80) {
        size_t i = 0;
        while (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$' ||
               (unsigned char)s[i] >= 0x80)
            i++;
        return i;
    }
    return 1;
}

static const char *skip_ws(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

/* Identifier text of a token (quotes removed, doubled quotes collapsed). */
static void token_ident(const char *t, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    if (n >= 2 && (t[0] == '"' || t[0] == '`' || t[0] == '[')) {
        for (size_t i = 1; i + 1 < n && o + 1 < cap; i++) {
            out[o++] = t[i];
            if (t[0] != '[' && t[i] == t[0] && t[i + 1] == t[0])
                i++;
        }
    } else {
        for (size_t i = 0; i < n && o + 1 < cap; i++)
            out[o++] = t[i];
    }
    out[o] = '\0';
}

static bool token_is(const char *t, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(t, word, n) == 0;
}

bool tabdef_sql_mentions(const char *sql, const char *ident)
{
    char buf[EMIT_NAME_MAX];
    for (const char *p = skip_ws(sql); *p; p = skip_ws(p)) {
        size_t n = token_len(p);
        if (*p == '(') { /* look inside groups */
            char *inner = lg_xstrndup(p + 1, n > 2 ? n - 2 : 0);
            bool hit = tabdef_sql_mentions(inner, ident);
            free(inner);
            if (hit)
                return true;
        } else if (*p != '\'') {
            token_ident(p, n, buf, sizeof(buf));
            if (strcasecmp(buf, ident) == 0)
                return true;
        }
        p += n;
    }
    return false;
}

/* Whether a table constraint or CREATE INDEX text uses `col` of its own table: the name after
 * CONSTRAINT or INDEX, the table after ON and everything from REFERENCES on (the other
 * table and its columns) do not count. */
bool tabdef_item_uses(const char *sql, const char *col)
{
    char buf[EMIT_NAME_MAX];
    bool skip_next = false;
    for (const char *p = skip_ws(sql); *p; p = skip_ws(p)) {
        size_t n = token_len(p);
        if (token_is(p, n, "REFERENCES"))
            return false;
        bool names_next = token_is(p, n, "CONSTRAINT") || token_is(p, n, "INDEX") ||
                          token_is(p, n, "ON") || token_is(p, n, "EXISTS");
        if (*p == '(') {
            char *inner = lg_xstrndup(p + 1, n > 2 ? n - 2 : 0);
            bool hit = tabdef_sql_mentions(inner, col);
            free(inner);
            if (hit)
                return true;
        } else if (*p != '\'' && !skip_next) {
            token_ident(p, n, buf, sizeof(buf));
            if (strcasecmp(buf, col) == 0)
                return true;
        }
        skip_next = names_next;
        p += n;
    }
    return false;
}

static void add_item(tabdef_t *td, const char *text, size_t n)
{
    if (td->nitems == td->cap) {
        td->cap = td->cap ? td->cap * 2 : 16;
        td->items = lg_xrealloc(td->items, sizeof(tabdef_item_t) * (size_t)td->cap);
    }
    tabdef_item_t *it = &td->items[td->nitems++];
    memset(it, 0, sizeof(*it));
    it->text = lg_xstrndup(text, n);
    const char *p = skip_ws(it->text);
    size_t tn = token_len(p);
    static const char *const kw[] = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"};
    for (size_t k = 0; k < sizeof(kw) / sizeof(kw[0]); k++) {
        if (token_is(p, tn, kw[k])) {
            if (k == 0) {
                const char *q = skip_ws(p + tn);
                token_ident(q, token_len(q), it->name, sizeof(it->name));
            }
            return;
        }
    }
    it->is_col = true;
    token_ident(p, tn, it->name, sizeof(it->name));
    if (strstr(it->text, " GENERATED ALWAYS AS (") && strstr(it->text, ") STORED"))
        return; /* a generated column is computed again in the new table, not copied */
    char buf[EMIT_NAME_MAX * 2 + 4];
    snprintf(buf, sizeof(buf), "\"%s\"", it->name);
    it->copy = lg_xstrdup(buf);
}

tabdef_item_t *tabdef_add(tabdef_t *td, const char *text, bool is_col, const char *name)
{
    add_item(td, text, strlen(text));
    tabdef_item_t *it = &td->items[td->nitems - 1];
    it->is_col = is_col;
    snprintf(it->name, sizeof(it->name), "%s", name);
    free(it->copy);
    it->copy = NULL;
    return it;
}

/* Adds the items of a top-level comma-separated list [start, end). */
static void split_items(tabdef_t *td, const char *start, const char *end)
{
    for (const char *q = skip_ws(start); q < end; q = skip_ws(q)) {
        if (*q == ',') {
            add_item(td, start, (size_t)(q - start));
            start = q + 1;
            q++;
            continue;
        }
        size_t tl = token_len(q);
        q += tl ? tl : 1;
    }
    add_item(td, start, (size_t)(end - start));
}

void tabdef_add_list(tabdef_t *td, const char *list)
{
    int first = td->nitems;
    split_items(td, list, list + strlen(list));
    for (int i = first; i < td->nitems; i++) { /* new items: nothing to copy */
        free(td->items[i].copy);
        td->items[i].copy = NULL;
    }
}

/* Splits the "(...)" body of a CREATE TABLE into items. */
static int parse_create(tabdef_t *td, const char *sql)
{
    const char *p = strchr(sql, '(');
    if (!p)
        return LG_EINVAL;
    size_t n = token_len(p);
    if (n < 2 || p[n - 1] != ')')
        return LG_EINVAL;
    td->suffix = lg_xstrdup(p + n);
    split_items(td, p + 1, p + n - 1);
    return 0;
}

static void load_extras(sqlite3 *db, tabdef_t *td)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, sql FROM sqlite_schema WHERE type IN ('index','trigger') "
                           "AND tbl_name = ?1 COLLATE NOCASE AND sql IS NOT NULL ORDER BY rowid",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, td->name, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW && td->nextras < TABDEF_MAX_EXTRAS) {
        tabdef_extra_t *e = &td->extras[td->nextras++];
        snprintf(e->name, sizeof(e->name), "%s", (const char *)sqlite3_column_text(st, 0));
        e->sql = lg_xstrdup((const char *)sqlite3_column_text(st, 1));
        e->dropped = false;
    }
    sqlite3_finalize(st);
}

int tabdef_load(sqlite3 *db, const char *tbl, tabdef_t *td)
{
    memset(td, 0, sizeof(*td));
    if (!db)
        return LG_ENOTFOUND;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, sql FROM sqlite_schema WHERE type = 'table' "
                           "AND name = ?1 COLLATE NOCASE",
                           -1, &st, NULL) != SQLITE_OK)
        return LG_EIO;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    int rc = LG_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 1)) {
        snprintf(td->name, sizeof(td->name), "%s", (const char *)sqlite3_column_text(st, 0));
        rc = parse_create(td, (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    if (rc == 0)
        load_extras(db, td);
    return rc;
}

void tabdef_free(tabdef_t *td)
{
    for (int i = 0; i < td->nitems; i++) {
        free(td->items[i].text);
        free(td->items[i].copy);
    }
    free(td->items);
    for (int i = 0; i < td->nextras; i++)
        free(td->extras[i].sql);
    free(td->suffix);
    memset(td, 0, sizeof(*td));
}

int tabdef_find(const tabdef_t *td, const char *name, bool col)
{
    for (int i = 0; i < td->nitems; i++) {
        const tabdef_item_t *it = &td->items[i];
        if (!it->dropped && it->is_col == col && strcasecmp(it->name, name) == 0)
            return i;
    }
    return -1;
}

/* ---- column item edits ---- */

typedef struct tok {
    const char *p;
    size_t n;
} tok_t;

#define COL_MAX_TOKENS 256

static int tokenize(const char *s, tok_t *toks, int max)
{
    int n = 0;
    for (const char *p = skip_ws(s); *p && n < max; p = skip_ws(p)) {
        size_t l = token_len(p);
        toks[n].p = p;
        toks[n].n = l;
        n++;
        p += l;
    }
    return n;
}

static void join_tokens(const tok_t *toks, int n, const bool *skip, lg_buf_t *b)
{
    bool first = true;
    for (int i = 0; i < n; i++) {
        if (skip[i])
            continue;
        if (!first)
            lg_buf_putc(b, ' ');
        lg_buf_append(b, toks[i].p, toks[i].n);
        first = false;
    }
}

char *tabdef_col_edit(const char *text, tabdef_col_op_t op, const char *arg)
{
    tok_t toks[COL_MAX_TOKENS];
    bool skip[COL_MAX_TOKENS] = {false};
    int n = tokenize(text, toks, COL_MAX_TOKENS);
    for (int i = 1; i < n; i++) {
        if (op == TABDEF_SET_TYPE && i + 1 < n && token_is(toks[i].p, toks[i].n, "COLLATE"))
            skip[i] = skip[i + 1] = true; /* the old type's collation (an enum's order) */
        if ((op == TABDEF_SET_NOTNULL || op == TABDEF_DROP_NOTNULL) && i + 1 < n &&
            token_is(toks[i].p, toks[i].n, "NOT") && token_is(toks[i + 1].p, toks[i + 1].n, "NULL"))
            skip[i] = skip[i + 1] = true;
        if ((op == TABDEF_SET_DEFAULT || op == TABDEF_DROP_DEFAULT) &&
            token_is(toks[i].p, toks[i].n, "DEFAULT")) {
            skip[i] = true;
            int j = i + 1;
            if (j < n && (toks[j].p[0] == '-' || toks[j].p[0] == '+'))
                skip[j++] = true;
            if (j < n)
                skip[j] = true;
        }
    }
    lg_buf_t b;
    lg_buf_init(&b, 16u * 1024 * 1024);
    if (op == TABDEF_SET_TYPE && n >= 2) {
        lg_buf_append(&b, toks[0].p, toks[0].n);
        lg_buf_printf(&b, " %s", arg);
        skip[0] = skip[1] = true;
        if (n > 2)
            lg_buf_putc(&b, ' ');
    }
    join_tokens(toks, n, skip, &b);
    if (op == TABDEF_SET_NOTNULL)
        lg_buf_printf(&b, " NOT NULL");
    if (op == TABDEF_SET_DEFAULT)
        lg_buf_printf(&b, " DEFAULT (%s)", arg);
    lg_buf_putc(&b, 0);
    size_t len;
    return (char *)lg_buf_steal(&b, &len);
}

/* ---- PostgreSQL's default CHECK constraint name ---- */

typedef struct colref_seen {
    char first[EMIT_NAME_MAX];
    int distinct;
} colref_seen_t;

static void walk_colrefs(const ProtobufCMessage *m, colref_seen_t *seen)
{
    if (!m)
        return;
    if (m->descriptor == &pg_query__column_ref__descriptor) {
        const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *)m;
        const char *name = emit_last_name(cr->fields, cr->n_fields);
        if (!name[0])
            return;
        if (seen->distinct == 0) {
            snprintf(seen->first, sizeof(seen->first), "%s", name);
            seen->distinct = 1;
        } else if (strcmp(seen->first, name) != 0) {
            seen->distinct = 2;
        }
        return;
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        const char *base = (const char *)m + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t cnt = *(const size_t *)((const char *)m + f->quantifier_offset);
            ProtobufCMessage *const *arr = *(ProtobufCMessage *const *const *)base;
            for (size_t k = 0; k < cnt; k++)
                walk_colrefs(arr[k], seen);
        } else {
            walk_colrefs(*(const ProtobufCMessage *const *)base, seen);
        }
    }
}

void emit_check_default_name(const PgQuery__Node *expr, const char *tbl, char *buf, size_t cap)
{
    colref_seen_t seen = {.distinct = 0};
    walk_colrefs((const ProtobufCMessage *)expr, &seen);
    if (seen.distinct == 1)
        emit_default_conname(buf, cap, tbl, seen.first, "check");
    else
        emit_default_conname(buf, cap, tbl, "", "check");
}

char *tabdef_index_rename(const char *sql, const char *newname)
{
    tok_t toks[COL_MAX_TOKENS];
    bool skip[COL_MAX_TOKENS] = {false};
    int n = tokenize(sql, toks, COL_MAX_TOKENS);
    int at = -1;
    for (int i = 0; i < n; i++) {
        if (token_is(toks[i].p, toks[i].n, "INDEX")) {
            at = i + 1;
            while (at < n && (token_is(toks[at].p, toks[at].n, "IF") ||
                              token_is(toks[at].p, toks[at].n, "NOT") ||
                              token_is(toks[at].p, toks[at].n, "EXISTS")))
                at++;
            break;
        }
    }
    if (at < 0 || at >= n)
        return NULL;
    lg_buf_t b;
    lg_buf_init(&b, 16u * 1024 * 1024);
    skip[at] = true;
    join_tokens(toks, at, skip, &b);
    lg_buf_putc(&b, ' ');
    emit_meta_ident(&b, newname);
    lg_buf_putc(&b, ' ');
    join_tokens(toks + at + 1, n - at - 1, skip + at + 1, &b);
    lg_buf_putc(&b, 0);
    size_t len;
    return (char *)lg_buf_steal(&b, &len);
}
