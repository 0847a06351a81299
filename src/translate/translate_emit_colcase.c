/* translate_emit_colcase.c - column names are case-sensitive in PostgreSQL (the parser folds
 * unquoted names to lower case, quoted ones keep their case) but SQLite resolves them
 * without regard to case. A reference that matches a column of a relation in scope only
 * when case is ignored (`email` against a column created as "Email") must fail with 42703 as
 * in PostgreSQL, not quietly read the other column. Worker thread only. */
#include "catalog_meta.h"
#include "translate_emit.h"
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

void emit_check_column_case(emit_ctx_t *c, const char *rel, const char *col, int location)
{
    if (c->in_sort_group)
        return; /* may name an output column; left to SQLite */
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
