/* repl_retention.c - generation summaries and the retention plan (pure). The rule is in
 * repl_retention.h; invariant: the plan never contains a key of the newest restorable
 * generation, nor of any generation a restore inside the window would pick. */
#include "repl_retention.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "repl_layout.h"

static int cmp_gen(const void *a, const void *b);
static repl_gen_info_t *gen_find(repl_gen_info_t **arr, size_t *n, size_t *cap, uint64_t gen);

static int cmp_gen(const void *a, const void *b)
{
    const repl_gen_info_t *x = a;
    const repl_gen_info_t *y = b;
    return x->generation < y->generation ? -1 : x->generation > y->generation;
}

static repl_gen_info_t *gen_find(repl_gen_info_t **arr, size_t *n, size_t *cap, uint64_t gen)
{
    for (size_t i = 0; i < *n; i++)
        if ((*arr)[i].generation == gen)
            return &(*arr)[i];
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *arr = lg_xrealloc(*arr, *cap * sizeof **arr);
    }
    repl_gen_info_t *g = &(*arr)[(*n)++];
    memset(g, 0, sizeof *g);
    g->generation = gen;
    g->created_ms = repl_generation_time_ms(gen);
    return g;
}

void repl_generations_summarize(const repl_s3_list_t *list, repl_gen_info_t **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < list->n; i++) {
        repl_key_kind_t kind;
        uint64_t gen, pos;
        if (repl_key_parse(list->items[i].key, &kind, &gen, &pos) != 0)
            continue;
        repl_gen_info_t *g = gen_find(out, n, &cap, gen);
        g->bytes += list->items[i].size;
        if (kind == REPL_KEY_SNAPSHOT) {
            g->snapshots++;
        } else {
            g->segments++;
            if (pos > g->end_position)
                g->end_position = pos;
        }
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, cmp_gen);
}

void repl_retention_plan(const repl_s3_list_t *list, uint64_t now_ms, uint64_t window_ms,
                         const char ***keys, size_t *n)
{
    repl_gen_info_t *gens;
    size_t ng;
    uint64_t horizon = now_ms > window_ms ? now_ms - window_ms : 0;
    repl_generations_summarize(list, &gens, &ng);
    /* the newest restorable generation created at or before the horizon: everything older
     * is unreachable from inside the window */
    uint64_t cutoff = 0;
    bool found = false;
    for (size_t i = ng; i-- > 0 && !found;) {
        if (gens[i].snapshots > 0 && gens[i].created_ms <= horizon) {
            cutoff = gens[i].generation;
            found = true;
        }
    }
    free(gens);
    *keys = NULL;
    *n = 0;
    if (!found)
        return;
    *keys = lg_xcalloc(list->n + 1, sizeof **keys);
    for (size_t i = 0; i < list->n; i++) {
        repl_key_kind_t kind;
        uint64_t gen, pos;
        if (repl_key_parse(list->items[i].key, &kind, &gen, &pos) == 0 && gen < cutoff)
            (*keys)[(*n)++] = list->items[i].key;
    }
}
