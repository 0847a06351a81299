/* translate_emit_colcase.c - column names are case-sensitive in PostgreSQL (the parser folds
 * unquoted names to lower case, quoted ones keep their case) but SQLite resolves them
 * without regard to case. A reference that matches a column of a relation in scope only
 * when case is ignored (`email` against a column created as "Email") must fail with 42703 as
 * in PostgreSQL, not quietly read the other column. Likewise an output column's name inside
 * an ORDER BY expression (ORDER BY n || 'x' with `name AS n`): PostgreSQL resolves it among
 * the FROM items only, SQLite would take the output column. Worker thread only. */
#include "catalog_meta.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct colcase {
    const char *col;
    bool exact;
    char folded[EMIT_NAME_MAX]; /* the differently-cased column found, "" = none */
} colcase_t;

static void see(colcase_t *cc, const char *name)
{
    if (strcmp(name, cc->col) == 0)
        cc->exact = true;
    else if (!cc->folded[0] && strcasecmp(name, cc->col) == 0)
        snprintf(cc->folded, sizeof(cc->folded), "%s", name);
}

static void scan_rel(emit_ctx_t *c, const emit_rel_t *r, colcase_t *cc)
{
    for (int j = 0; j < r->ncolmap; j++)
        see(cc, r->colmap_from[j]);
    for (int j = 0; j < r->ncols; j++)
        if (r->cols[j].name)
            see(cc, r->cols[j].name);
    char name[EMIT_NAME_MAX];
    if (r->ncols == 0 && r->ncolmap == 0 && r->table[0] && c->opts && c->opts->catalog_db &&
        catalog_column_name((sqlite3 *)c->opts->catalog_db, r->table, cc->col, name,
                            sizeof(name)) == 0)
        see(cc, name);
}

/* Does derived table r have two columns that show as `col` (translate_emit_dupcol.c)? */
static bool repeated_name(const emit_rel_t *r, const char *col)
{
    size_t n = strlen(col);
    for (int j = 0; j < r->ncols; j++) {
        const char *name = r->cols[j].name;
        if (name && strcmp(name, col) != 0 && emit_col_visible_len(name) == n &&
            strncmp(name, col, n) == 0)
            return true;
    }
    return false;
}

void emit_check_column_case(emit_ctx_t *c, const char *rel, const char *col, int location)
{
    if (c->in_sort_group)
        return; /* may name an output column; left to SQLite */
    /* a name a derived table has twice (a star's own references have no location) */
    for (emit_scope_t *s = c->scope; s && location >= 0; s = s->parent) {
        bool seen = false;
        for (int i = 0; i < s->nrels; i++) {
            const emit_rel_t *r = &s->rels[i];
            if (rel && strcmp(r->alias, rel) != 0)
                continue;
            if (repeated_name(r, col)) {
                emit_error(c, LG_SQLSTATE_AMBIGUOUS_COLUMN, location,
                           "column reference \"%s\" is ambiguous", col);
                return;
            }
            for (int j = 0; j < r->ncols && !seen; j++)
                seen = r->cols[j].name && !strcmp(r->cols[j].name, col);
        }
        if (seen)
            break; /* found in this query level */
    }
    colcase_t cc = {.col = col};
    for (emit_scope_t *s = c->scope; s && !cc.exact; s = s->parent)
        for (int i = 0; i < s->nrels; i++)
            if (!rel || strcmp(s->rels[i].alias, rel) == 0)
                scan_rel(c, &s->rels[i], &cc);
    if (cc.exact || !cc.folded[0])
        return;
    if (rel)
        emit_error(c, "42703", location, "column %s.%s does not exist", rel, col);
    else
        emit_error(c, "42703", location, "column \"%s\" does not exist", col);
}

/* ---- output names inside ORDER BY expressions ---- */

typedef struct sortalias {
    emit_ctx_t *c;
    const translate_stmt_t *out;
} sortalias_t;

/* True when col is certainly no column of a FROM item in scope (every item's columns
 * known, none named so). */
static bool surely_not_a_column(emit_ctx_t *c, const char *col)
{
    colcase_t cc = {.col = col};
    for (emit_scope_t *s = c->scope; s; s = s->parent) {
        for (int i = 0; i < s->nrels; i++) {
            const emit_rel_t *r = &s->rels[i];
            if (!r->table[0] && !r->ncols && !r->ncolmap)
                return false; /* columns unknown */
            if (r->table[0] && !r->ncols && !r->ncolmap && c->opts && c->opts->catalog_db &&
                catalog_relation_exists((sqlite3 *)c->opts->catalog_db, r->table) != 1)
                return false;
            scan_rel(c, r, &cc);
        }
    }
    return !cc.exact && !cc.folded[0];
}

static bool sortalias_visit(const ProtobufCMessage *m, void *ctx)
{
    sortalias_t *a = ctx;
    if (m->descriptor == &pg_query__sub_link__descriptor ||
        m->descriptor == &pg_query__select_stmt__descriptor)
        return true;
    if (m->descriptor == &pg_query__column_ref__descriptor) {
        const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *)m;
        if (cr->n_fields != 1 || cr->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
            return true;
        const char *col = cr->fields[0]->string->sval;
        bool output = false;
        for (int i = 0; i < a->out->ncols && !output; i++)
            output = a->out->cols[i].name && !strcmp(a->out->cols[i].name, col);
        if (output && surely_not_a_column(a->c, col))
            emit_error(a->c, "42703", cr->location, "column \"%s\" does not exist", col);
        return !a->c->failed;
    }
    emit_walk_children(m, sortalias_visit, a);
    return !a->c->failed;
}

void emit_check_sort_names(emit_ctx_t *c, const PgQuery__Node *n, const translate_stmt_t *out)
{
    if (!n || !out || out->ncols <= 0 || n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ||
        n->node_case == PG_QUERY__NODE__NODE_A_CONST)
        return; /* a bare name or position may name an output column */
    sortalias_t a = {.c = c, .out = out};
    sortalias_visit(&n->base, &a);
}
