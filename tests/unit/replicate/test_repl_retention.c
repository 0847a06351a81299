/* test_repl_retention.c - the retention plan and generation summaries on synthetic
 * listings: what a restore inside the window needs is kept, nothing else. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "repl_layout.h"
#include "repl_retention.h"

TestSuite(repl_retention);

#define HOUR (3600ull * 1000)
#define T0 (1700000000000ull)

static void add(repl_s3_list_t *l, repl_key_kind_t kind, uint64_t created, uint64_t pos)
{
    char key[256];
    cr_assert_eq(repl_key_object("db", kind, repl_generation_new(created, 7), pos, key, sizeof key),
                 0);
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = lg_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = (repl_s3_object_t){lg_xstrdup(key), 100 + pos};
}

/* a generation created at `created` with a snapshot and three segments */
static void add_gen(repl_s3_list_t *l, uint64_t created, int with_snapshot)
{
    if (with_snapshot)
        add(l, REPL_KEY_SNAPSHOT, created, 0);
    add(l, REPL_KEY_SEGMENT, created, 0);
    add(l, REPL_KEY_SEGMENT, created, 10);
    add(l, REPL_KEY_SEGMENT, created, 25);
}

static size_t count_gen(const char **keys, size_t n, uint64_t created)
{
    char want[64];
    snprintf(want, sizeof want, "/%016llx/", (unsigned long long)repl_generation_new(created, 7));
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += strstr(keys[i], want) != NULL;
    return c;
}

Test(repl_retention, keeps_the_generation_covering_the_window_start)
{
    repl_s3_list_t l = {0};
    add_gen(&l, T0, 1);             /* day 0 */
    add_gen(&l, T0 + 24 * HOUR, 1); /* day 1 */
    add_gen(&l, T0 + 48 * HOUR, 1); /* day 2 */
    add_gen(&l, T0 + 72 * HOUR, 1); /* day 3 */
    const char **keys;
    size_t n;
    /* now = day 3 + 1h, window 48h: horizon = day 1 + 1h -> day 1 still needed */
    repl_retention_plan(&l, T0 + 73 * HOUR, 48 * HOUR, &keys, &n);
    cr_assert_eq(n, 4);
    cr_assert_eq(count_gen(keys, n, T0), 4);
    free(keys);
    repl_s3_list_free(&l);
}

Test(repl_retention, never_deletes_the_newest_restorable_generation)
{
    repl_s3_list_t l = {0};
    add_gen(&l, T0, 1);
    add_gen(&l, T0 + HOUR, 1);
    const char **keys;
    size_t n;
    repl_retention_plan(&l, T0 + 1000 * HOUR, HOUR, &keys, &n);
    cr_assert_eq(n, 4);
    cr_assert_eq(count_gen(keys, n, T0), 4);
    cr_assert_eq(count_gen(keys, n, T0 + HOUR), 0);
    free(keys);
    repl_s3_list_free(&l);
}

Test(repl_retention, generation_without_snapshot_does_not_supersede)
{
    repl_s3_list_t l = {0};
    add_gen(&l, T0, 1);
    add_gen(&l, T0 + HOUR, 0); /* start interrupted before its snapshot landed */
    const char **keys;
    size_t n;
    repl_retention_plan(&l, T0 + 100 * HOUR, HOUR, &keys, &n);
    cr_assert_eq(n, 0, "the only restorable generation stays, and so does what is newer");
    free(keys);
    add_gen(&l, T0 + 2 * HOUR, 1);
    repl_retention_plan(&l, T0 + 100 * HOUR, HOUR, &keys, &n);
    cr_assert_eq(count_gen(keys, n, T0), 4);
    cr_assert_eq(count_gen(keys, n, T0 + HOUR), 3);
    cr_assert_eq(n, 7);
    free(keys);
    repl_s3_list_free(&l);
}

Test(repl_retention, nothing_to_do_inside_the_window)
{
    repl_s3_list_t l = {0};
    add_gen(&l, T0, 1);
    add_gen(&l, T0 + HOUR, 1);
    const char **keys;
    size_t n;
    repl_retention_plan(&l, T0 + 2 * HOUR, 72 * HOUR, &keys, &n);
    cr_assert_eq(n, 0);
    free(keys);
    repl_s3_list_free(&l);
}

Test(repl_retention, summarizes_generations_oldest_first)
{
    repl_s3_list_t l = {0};
    add_gen(&l, T0 + HOUR, 1);
    add_gen(&l, T0, 0);
    l.items = lg_xrealloc(l.items, (l.n + 1) * sizeof *l.items);
    l.items[l.n++] = (repl_s3_object_t){lg_xstrdup("db/generations/README"), 5};
    repl_gen_info_t *g;
    size_t n;
    repl_generations_summarize(&l, &g, &n);
    cr_assert_eq(n, 2);
    cr_assert_eq(g[0].created_ms, T0);
    cr_assert_eq(g[0].snapshots, 0);
    cr_assert_eq(g[0].segments, 3);
    cr_assert_eq(g[1].snapshots, 1);
    cr_assert_eq(g[1].end_position, 25);
    cr_assert_eq(g[1].bytes, 100 + 100 + 110 + 125);
    free(g);
    repl_s3_list_free(&l);
}
