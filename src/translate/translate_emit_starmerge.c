/* translate_emit_starmerge.c - the columns of an unqualified * over JOIN ... USING and
 * NATURAL JOIN, in PostgreSQL's order: each such join shows its merged columns first (its
 * USING list, or for NATURAL the names both inputs have, in the left input's order), then the
 * other columns of its left input, then those of its right input. A merged column reads the
 * left input of an inner or LEFT join and the right input of a RIGHT join; for a FULL join it
 * is the unqualified name, which SQLite resolves to the coalesce of both sides. Joins nest:
 * the scope records each join after its inputs (emit_merge_add), so one pass in recorded
 * order builds every join's columns from those of its inputs. */
#include "lg_alloc.h"
#include "translate_emit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MERGE_MAX_COLS 256

typedef struct col_list {
    emit_star_col_t *v;
    int n;
} col_list_t;

void emit_merge_add(emit_scope_t *s, int lo, int mid, const PgQuery__JoinExpr *j)
{
    if (s->nmerges < EMIT_SCOPE_MERGES)
        s->merges[s->nmerges] = (emit_merge_t){.lo = lo, .mid = mid, .hi = s->nrels, .join = j};
    s->nmerges++;
}

static bool push(col_list_t *l, const char *rel, const char *name)
{
    if (l->n >= MERGE_MAX_COLS)
        return false;
    if (!l->v)
        l->v = lg_xcalloc(MERGE_MAX_COLS, sizeof(*l->v));
    l->v[l->n].rel = rel;
    snprintf(l->v[l->n].name, sizeof(l->v[l->n].name), "%s", name);
    l->n++;
    return true;
}

static bool append(col_list_t *l, const col_list_t *from)
{
    for (int i = 0; i < from->n; i++)
        if (!push(l, from->v[i].rel, from->v[i].name))
            return false;
    return true;
}

static bool rel_cols(emit_ctx_t *c, const emit_rel_t *r, col_list_t *out)
{
    char(*names)[EMIT_NAME_MAX] = lg_xcalloc(MERGE_MAX_COLS, EMIT_NAME_MAX);
    int k = emit_rel_columns(c, r, names, MERGE_MAX_COLS);
    bool ok = k > 0;
    for (int i = 0; i < k && ok; i++)
        ok = push(out, r->alias, names[i]);
    free(names);
    return ok;
}

/* The columns of rels [lo, hi): the first `done` joins stand for the rels they cover. */
static bool segment(emit_ctx_t *c, const col_list_t *lists, int done, int lo, int hi,
                    col_list_t *out)
{
    const emit_scope_t *s = c->scope;
    for (int i = lo; i < hi;) {
        int best = -1;
        for (int m = 0; m < done; m++)
            if (s->merges[m].lo == i && s->merges[m].hi <= hi &&
                (best < 0 || s->merges[m].hi > s->merges[best].hi))
                best = m;
        if (best >= 0) {
            if (!append(out, &lists[best]))
                return false;
            i = s->merges[best].hi;
        } else if (!rel_cols(c, &s->rels[i++], out)) {
            return false;
        }
    }
    return true;
}

static int find_unused(const col_list_t *l, const bool *used, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (!used[i] && strcmp(l->v[i].name, name) == 0)
            return i;
    return -1;
}

/* The merged column `name` of join j, its inputs l and r. */
static bool merge_col(const PgQuery__JoinExpr *j, const col_list_t *l, bool *lused,
                      const col_list_t *r, bool *rused, const char *name, col_list_t *out)
{
    int li = find_unused(l, lused, name), ri = find_unused(r, rused, name);
    if (li < 0 || ri < 0)
        return false; /* not a column of both: the statement's own error follows */
    lused[li] = rused[ri] = true;
    if (j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL)
        return push(out, NULL, name);
    const emit_star_col_t *from =
        j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ? &r->v[ri] : &l->v[li];
    return push(out, from->rel, from->name);
}

static bool merge(const PgQuery__JoinExpr *j, const col_list_t *l, const col_list_t *r,
                  col_list_t *out)
{
    bool lused[MERGE_MAX_COLS] = {0}, rused[MERGE_MAX_COLS] = {0};
    bool ok = true;
    if (j->is_natural) {
        bool common[MERGE_MAX_COLS] = {0};
        for (int i = 0; i < l->n; i++)
            common[i] = find_unused(r, rused, l->v[i].name) >= 0;
        for (int i = 0; i < l->n && ok; i++)
            if (common[i] && !lused[i])
                ok = merge_col(j, l, lused, r, rused, l->v[i].name, out);
    }
    for (size_t u = 0; u < j->n_using_clause && ok; u++)
        ok = merge_col(j, l, lused, r, rused, emit_strval(j->using_clause[u]), out);
    for (int i = 0; i < l->n && ok; i++)
        ok = lused[i] || push(out, l->v[i].rel, l->v[i].name);
    for (int i = 0; i < r->n && ok; i++)
        ok = rused[i] || push(out, r->v[i].rel, r->v[i].name);
    return ok;
}

static void free_lists(col_list_t *lists, int n)
{
    for (int i = 0; i < n; i++)
        free(lists[i].v);
}

/* The columns of each of the scope's first `upto` joins into lists[]; false when some
 * input's columns are not known. */
static bool build_lists(emit_ctx_t *c, int upto, col_list_t *lists)
{
    const emit_scope_t *s = c->scope;
    bool ok = true;
    for (int m = 0; m < upto && ok; m++) {
        const emit_merge_t *mg = &s->merges[m];
        col_list_t l = {0}, r = {0};
        ok = segment(c, lists, m, mg->lo, mg->mid, &l) &&
             segment(c, lists, m, mg->mid, mg->hi, &r) && merge(mg->join, &l, &r, &lists[m]);
        free(l.v);
        free(r.v);
    }
    return ok;
}

int emit_star_merged(emit_ctx_t *c, emit_star_col_t **out)
{
    const emit_scope_t *s = c->scope;
    if (!s || s->nmerges > EMIT_SCOPE_MERGES)
        return -1;
    col_list_t lists[EMIT_SCOPE_MERGES] = {0};
    col_list_t all = {0};
    bool ok = build_lists(c, s->nmerges, lists) && segment(c, lists, s->nmerges, 0, s->nrels, &all);
    free_lists(lists, s->nmerges);
    if (!ok) {
        free(all.v);
        return -1;
    }
    *out = all.v;
    return all.n;
}

static int count_named(const col_list_t *l, const char *name)
{
    int n = 0;
    for (int i = 0; i < l->n; i++)
        n += strcmp(l->v[i].name, name) == 0;
    return n;
}

/* PostgreSQL's checks of one USING column against a join's inputs. */
static bool check_using(emit_ctx_t *c, const char *name, const col_list_t *l, const col_list_t *r)
{
    const col_list_t *side[2] = {l, r};
    for (int k = 0; k < 2; k++) {
        int n = count_named(side[k], name);
        if (n == 0) {
            emit_error(c, "42703", -1,
                       "column \"%s\" specified in USING clause does not exist in %s table", name,
                       k ? "right" : "left");
            return false;
        }
        if (n > 1) {
            emit_error(c, "42702", -1,
                       "common column name \"%s\" appears more than once in %s table", name,
                       k ? "right" : "left");
            return false;
        }
    }
    return true;
}

void emit_merge_check(emit_ctx_t *c)
{
    const emit_scope_t *s = c->scope;
    if (!s || s->nmerges < 1 || s->nmerges > EMIT_SCOPE_MERGES)
        return;
    int last = s->nmerges - 1;
    const emit_merge_t *mg = &s->merges[last];
    col_list_t lists[EMIT_SCOPE_MERGES] = {0};
    col_list_t l = {0}, r = {0};
    if (build_lists(c, last, lists) && segment(c, lists, last, mg->lo, mg->mid, &l) &&
        segment(c, lists, last, mg->mid, mg->hi, &r)) {
        bool ok = true;
        for (size_t u = 0; u < mg->join->n_using_clause && ok; u++)
            ok = check_using(c, emit_strval(mg->join->using_clause[u]), &l, &r);
        for (int i = 0; i < l.n && ok && mg->join->is_natural; i++)
            if (count_named(&r, l.v[i].name) > 0)
                ok = check_using(c, l.v[i].name, &l, &r);
    }
    free(l.v);
    free(r.v);
    free_lists(lists, last);
}
