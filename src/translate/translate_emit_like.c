/* translate_emit_like.c - CREATE TABLE t (LIKE src [INCLUDING ... | EXCLUDING ...], ...).
 *
 * The source's columns come from its SQLite definition (translate_emit_tabdef.c items, as
 * emit_ddl_column wrote them: name, storage type, COLLATE of an enum, NOT NULL, DEFAULT,
 * GENERATED) and its recorded PostgreSQL types (_lg_columns). As in PostgreSQL:
 *   - names, types and NOT NULL are always copied, and so are the checks that make an enum
 *     or domain column take only its values (unnamed lg_enum_ok/lg_domain_ok items);
 *   - defaults only with INCLUDING DEFAULTS; generation expressions only with INCLUDING
 *     GENERATED (else the column is a plain one); an identity column loses its default,
 *     unless INCLUDING IDENTITY gives it one of its own: a new sequence <t>_<col>_seq
 *     (with default options, not the source sequence's);
 *   - CHECK constraints, under their names, only with INCLUDING CONSTRAINTS;
 *   - PRIMARY KEY and UNIQUE only with INCLUDING INDEXES, named for the new table
 *     (t_pkey, t_col_key); plain indexes are not copied (0A000 if the source has any and
 *     INCLUDING INDEXES asks for them); foreign keys never.
 * Worker thread only. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "translate_emit.h"
#include "translate_emit_tabdef.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PostgreSQL's CREATE_TABLE_LIKE_* bits (parsenodes.h) */
#define LIKE_CONSTRAINTS (1u << 2)
#define LIKE_DEFAULTS (1u << 3)
#define LIKE_GENERATED (1u << 4)
#define LIKE_IDENTITY (1u << 5)
#define LIKE_INDEXES (1u << 6)

typedef struct like_col {
    emit_ddl_table_t *t;
    int *attnum;
    const char *src;
    sqlite3 *db;
} like_col_t;

/* Column text without its " GENERATED ALWAYS AS (...) STORED|VIRTUAL" (malloc'd). */
static char *strip_generated(const char *text)
{
    const char *g = strstr(text, " GENERATED ALWAYS AS (");
    if (!g)
        return lg_xstrdup(text);
    const char *p = g + strlen(" GENERATED ALWAYS AS (");
    int depth = 1;
    for (; *p && depth; p++) {
        if (*p == '\'')
            for (p++; *p && *p != '\''; p++) {
            }
        depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
        if (!*p)
            break;
    }
    while (*p == ' ')
        p++;
    if (strncmp(p, "STORED", 6) == 0 || strncmp(p, "VIRTUAL", 7) == 0)
        p += *p == 'S' ? 6 : 7;
    size_t head = (size_t)(g - text);
    char *out = lg_xmalloc(head + strlen(p) + 1);
    memcpy(out, text, head);
    memcpy(out + head, p, strlen(p) + 1);
    return out;
}

/* INCLUDING IDENTITY: the column's own sequence, as CREATE TABLE makes it. */
static void like_identity(emit_ctx_t *c, like_col_t *lc, const char *col, uint32_t type)
{
    char seq[EMIT_NAME_MAX * 2 + 8];
    snprintf(seq, sizeof(seq), "%s_%s_seq", lc->t->name, col);
    emit_str(c, " DEFAULT (nextval(");
    emit_literal(c, seq);
    emit_str(c, "))");
    emit_seqopts_t so = {0};
    emit_seqopts_resolve(&so, type);
    emit_meta_sequence(&lc->t->meta, seq, &so, lc->t->name, col, false);
}

static void like_column(emit_ctx_t *c, like_col_t *lc, const tabdef_item_t *it, uint32_t opts)
{
    char ident = catalog_column_identity(lc->db, lc->src, it->name);
    char *text = (opts & LIKE_GENERATED) ? lg_xstrdup(it->text) : strip_generated(it->text);
    if (!(opts & LIKE_DEFAULTS) || ident) {
        char *t2 = tabdef_col_edit(text, TABDEF_DROP_DEFAULT, NULL);
        free(text);
        text = t2;
    }
    emit_str(c, *lc->attnum ? ", " : "");
    emit_str(c, text);
    free(text);
    catalog_coltype_t ct;
    (*lc->attnum)++;
    bool keep_ident = ident && (opts & LIKE_IDENTITY);
    if (catalog_column_type(lc->db, lc->src, it->name, &ct) != 0)
        return;
    if (keep_ident)
        like_identity(c, lc, it->name, ct.typoid);
    emit_meta_column(lc->t, it->name, *lc->attnum, ct.typoid, ct.typmod,
                     keep_ident ? (ident == 'a' ? "a" : "d") : "", ct.pgtype);
}

/* ", CONSTRAINT <name><rest of the item after its own name>" into t->cons. */
static void like_constraint(emit_ctx_t *c, like_col_t *lc, const tabdef_item_t *it, char kind,
                            const char *body)
{
    char cols[1024] = "", name[256];
    catalog_constraint_columns(lc->db, lc->src, it->name, cols, sizeof(cols));
    if (kind == 'c')
        snprintf(name, sizeof(name), "%s", it->name);
    else if (kind == 'p')
        emit_default_conname(name, sizeof(name), lc->t->name, "", "pkey");
    else
        emit_default_conname(name, sizeof(name), lc->t->name, cols, "key");
    lg_buf_t *saved = c->b;
    c->b = &lc->t->cons;
    emit_str(c, ", CONSTRAINT ");
    emit_ident(c, name);
    emit_str(c, " ");
    emit_str(c, body);
    c->b = saved;
    emit_meta_constraint(&lc->t->meta, lc->t->name, name, kind, cols, NULL);
}

static const char *find_kw(const char *text, const char *kw)
{
    const char *p = strstr(text, kw);
    return p;
}

static void like_item(emit_ctx_t *c, like_col_t *lc, const tabdef_item_t *it, uint32_t opts)
{
    if (it->is_col) {
        like_column(c, lc, it, opts);
        return;
    }
    if (!it->name[0]) { /* unnamed: the enum/domain value checks are part of the type */
        if (strstr(it->text, "lg_enum_ok(") || strstr(it->text, "lg_domain_ok(")) {
            lg_buf_t *saved = c->b;
            c->b = &lc->t->cons;
            emit_str(c, ", ");
            emit_str(c, it->text);
            c->b = saved;
        }
        return;
    }
    const char *body;
    if ((body = find_kw(it->text, "CHECK")) && (opts & LIKE_CONSTRAINTS))
        like_constraint(c, lc, it, 'c', body);
    else if ((body = find_kw(it->text, "PRIMARY KEY")) && (opts & LIKE_INDEXES))
        like_constraint(c, lc, it, 'p', body);
    else if ((body = find_kw(it->text, "UNIQUE")) && (opts & LIKE_INDEXES))
        like_constraint(c, lc, it, 'u', body);
}

void emit_create_like(emit_ctx_t *c, emit_ddl_table_t *t, const PgQuery__TableLikeClause *l,
                      int *attnum)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *src = emit_relname(c, l->relation);
    tabdef_t td;
    int rc = tabdef_load(db, src, &td);
    if (rc == LG_ENOTFOUND) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, l->relation->location,
                   "relation \"%s\" does not exist", l->relation->relname);
        return;
    }
    if (rc != 0) {
        emit_unsupported(c, l->relation->location, "CREATE TABLE ... LIKE of this table");
        return;
    }
    uint32_t opts = l->options;
    bool plain_index = false;
    for (int i = 0; i < td.nextras; i++)
        plain_index = plain_index || strncmp(td.extras[i].sql, "CREATE INDEX", 12) == 0 ||
                      strncmp(td.extras[i].sql, "CREATE UNIQUE INDEX", 19) == 0;
    if (plain_index && (opts & LIKE_INDEXES)) {
        emit_unsupported(c, l->relation->location,
                         "CREATE TABLE ... LIKE ... INCLUDING INDEXES of a table with indexes");
        tabdef_free(&td);
        return;
    }
    like_col_t lc = {.t = t, .attnum = attnum, .src = td.name, .db = db};
    for (int i = 0; i < td.nitems && !c->failed; i++)
        like_item(c, &lc, &td.items[i], opts);
    tabdef_free(&td);
}
