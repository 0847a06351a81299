/* translate_emit_dupcol.c - derived tables and CTEs whose output names repeat.
 *
 * PostgreSQL keeps every column of `(SELECT 1 AS a, 2 AS a) t`: `SELECT * FROM t` shows
 * a = 1 and a = 2. SQLite refers to a subquery's columns by name, so the second `a`
 * would read the first. Such a derived table gets distinct SQLite names for its columns:
 * a later column that repeats an earlier name is called "<name>" EMIT_DUP_MARK "<k>" (k its
 * position from 1), given through a CTE column list, which SQLite applies by position:
 *
 *     (WITH _lg_dup("a", "a#lg2") AS (<the subquery>) SELECT * FROM _lg_dup) AS t
 *
 * A star over the derived table lists the marked column under its visible name (the part
 * before the mark), so the client sees PostgreSQL's names. Worker thread (translation). */
#include "lg_alloc.h"
#include "translate_emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of name without a trailing EMIT_DUP_MARK and digits (strlen when none). */
size_t emit_col_visible_len(const char *name)
{
    size_t n = strlen(name), m = strlen(EMIT_DUP_MARK);
    size_t d = n;
    while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
        d--;
    if (d == n || d < m + 1 || memcmp(name + d - m, EMIT_DUP_MARK, m) != 0)
        return n;
    return d - m;
}

static bool name_seen(const translate_col_t *cols, int upto, const char *name)
{
    for (int k = 0; k < upto; k++)
        if (cols[k].name && strcmp(cols[k].name, name) == 0)
            return true;
    return false;
}

bool emit_cols_dedup(translate_col_t *cols, int n)
{
    bool any = false;
    for (int i = 1; i < n; i++) {
        if (!cols[i].name || !name_seen(cols, i, cols[i].name))
            continue;
        char buf[EMIT_NAME_MAX + 32];
        snprintf(buf, sizeof(buf), "%.*s%s%d", EMIT_NAME_MAX - 1, cols[i].name, EMIT_DUP_MARK,
                 i + 1);
        free(cols[i].name);
        cols[i].name = lg_xstrdup(buf);
        any = true;
    }
    return any;
}

void emit_dup_column_list(emit_ctx_t *c, const translate_col_t *cols, int n)
{
    emit_str(c, "(");
    for (int i = 0; i < n; i++) {
        emit_str(c, i ? ", " : "");
        emit_ident(c, cols[i].name ? cols[i].name : "?column?");
    }
    emit_str(c, ")");
}

char *emit_dedup_select(emit_ctx_t *c, char *sel, translate_col_t *cols, int n)
{
    if (n <= 1 || !emit_cols_dedup(cols, n))
        return sel;
    lg_buf_t b;
    lg_buf_init(&b, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &b;
    emit_str(c, "WITH _lg_dup");
    emit_dup_column_list(c, cols, n);
    emit_fmt(c, " AS (%s) SELECT * FROM _lg_dup", sel);
    c->b = saved;
    lg_buf_putc(&b, 0);
    if (b.failed)
        c->b->failed = true;
    size_t len;
    char *txt = (char *)lg_buf_steal(&b, &len);
    free(sel);
    return txt ? txt : lg_xstrdup("");
}
