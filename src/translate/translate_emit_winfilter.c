/* translate_emit_winfilter.c - SELECT forms that SQLite lacks, emitted as a window function
 * over the query and a filter on it. Worker thread only.
 *
 *   DISTINCT ON (k...) ... ORDER BY o...   keeps the first row of each k group in o order,
 *   where rows with equal o come in the order PostgreSQL's quicksort gives them
 *   (lg_pg_sortpos, sqlfn_aggord.c), so that the row kept is PostgreSQL's:
 *     SELECT <cols> FROM (SELECT *, row_number() OVER (PARTITION BY _lg_d0, ... ORDER BY
 *       _lg_pos) AS _lg_rn FROM (SELECT <targets>, lg_pg_sortpos(NULL, o1, flags1, ...)
 *       OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS _lg_pos,
 *       k1 AS _lg_d0, ... FROM ...) AS _lg_p) AS _lg_d
 *     WHERE _lg_rn = 1 ORDER BY _lg_pos
 *   (without ORDER BY the sort keys are the DISTINCT ON expressions, as PostgreSQL sorts).
 *   ORDER BY o OFFSET m FETCH FIRST n ROWS WITH TIES   keeps rows m+1..m+n and the rows
 *     tied with row m+n, rows in PostgreSQL's sort order (PostgreSQL does not bound the
 *     sort for WITH TIES): _lg_pos > m AND rank() OVER (ORDER BY o) <= m + n.
 * Positions and output names in DISTINCT ON / ORDER BY are replaced by the select-list
 * expression (inside OVER they would not resolve). */
#include "pgtype.h"
#include "translate_emit_check.h"
#include <string.h>

static bool has_distinct_on(const PgQuery__SelectStmt *s)
{
    return s->n_distinct_clause > 0 &&
           s->distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET;
}

static bool with_ties(const PgQuery__SelectStmt *s)
{
    return s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES;
}

bool emit_select_wrapped(const PgQuery__SelectStmt *s)
{
    return s->op <= PG_QUERY__SET_OPERATION__SETOP_NONE && (has_distinct_on(s) || with_ties(s));
}

static bool sort_desc(const PgQuery__SortBy *sb)
{
    if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
        const char *op = emit_last_name(sb->use_op, sb->n_use_op);
        return strcmp(op, ">") == 0 || strcmp(op, ">=") == 0;
    }
    return sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
}

static bool sort_nulls_first(const PgQuery__SortBy *sb)
{
    if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
        return true;
    if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
        return false;
    return sort_desc(sb);
}

static bool check_form(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    if (with_ties(s) && (s->n_distinct_clause || !s->n_sort_clause)) {
        if (!s->n_sort_clause)
            emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1,
                       "WITH TIES cannot be specified without ORDER BY clause");
        else
            emit_unsupported(c, -1, "FETCH ... WITH TIES with DISTINCT");
        return false;
    }
    return true;
}

/* lg_pg_sortpos(NULL, key, flags, ...) OVER () AS _lg_pos, k AS _lg_dN ... */
static void emit_sortpos(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    emit_str(c, ", lg_pg_sortpos(NULL");
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        const PgQuery__SortBy *sb = s->sort_clause[i]->sort_by;
        emit_str(c, ", ");
        size_t start = c->b->len; /* an interval sorts by its span */
        emit_type_key(c, start, emit_expr(c, emit_target_ref(s, sb->node)));
        emit_fmt(c, ", %d", (sort_desc(sb) ? 1 : 0) | (sort_nulls_first(sb) ? 2 : 0));
    }
    for (size_t i = 0; !s->n_sort_clause && i < s->n_distinct_clause; i++) {
        emit_str(c, ", ");
        size_t start = c->b->len;
        emit_type_key(c, start, emit_expr(c, emit_target_ref(s, s->distinct_clause[i])));
        emit_str(c, ", 0");
    }
    emit_str(c, ") OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS _lg_pos");
    for (size_t i = 0; i < s->n_distinct_clause; i++) {
        emit_str(c, ", ");
        size_t start = c->b->len; /* equal intervals are one partition */
        emit_type_key(c, start, emit_expr(c, emit_target_ref(s, s->distinct_clause[i])));
        emit_fmt(c, " AS _lg_d%zu", i);
    }
}

/* Sort keys as columns _lg_k0...: the tie test of WITH TIES ranks over them. */
static void emit_key_columns(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    for (size_t i = 0; i < s->n_sort_clause; i++) {
        emit_str(c, ", ");
        size_t start = c->b->len; /* ties by interval_cmp */
        emit_type_key(c, start, emit_expr(c, emit_target_ref(s, s->sort_clause[i]->sort_by->node)));
        emit_fmt(c, " AS _lg_k%zu", i);
    }
}

static void emit_inner(emit_ctx_t *c, const PgQuery__SelectStmt *s, const char *from,
                       translate_stmt_t *out)
{
    bool don = has_distinct_on(s);
    if (don) {
        emit_str(c, "SELECT *, row_number() OVER (PARTITION BY ");
        for (size_t i = 0; i < s->n_distinct_clause; i++)
            emit_fmt(c, "%s_lg_d%zu", i ? ", " : "", i);
        emit_str(c, " ORDER BY _lg_pos) AS _lg_rn");
    } else {
        emit_str(c, "SELECT *, rank() OVER (");
        for (size_t i = 0; i < s->n_sort_clause; i++) {
            const PgQuery__SortBy *sb = s->sort_clause[i]->sort_by;
            emit_fmt(c, "%s_lg_k%zu%s%s", i ? ", " : "ORDER BY ", i, sort_desc(sb) ? " DESC" : "",
                     sort_nulls_first(sb) ? " NULLS FIRST" : " NULLS LAST");
        }
        emit_str(c, ") AS _lg_rk");
    }
    emit_str(c, " FROM (SELECT ");
    emit_target_list(c, s->target_list, s->n_target_list, out);
    emit_sortpos(c, s);
    if (!don)
        emit_key_columns(c, s);
    emit_select_tail(c, s, from);
    emit_str(c, ") AS _lg_p");
}

static void emit_ties_filter(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    const PgQuery__Node *off = s->limit_offset;
    if (off) {
        emit_str(c, "_lg_pos > ");
        emit_expr_as(c, off, PGTYPE_INT8, -1);
        emit_str(c, " AND ");
    }
    emit_str(c, "_lg_rk <= ");
    if (off) {
        emit_str(c, "(");
        emit_expr_as(c, off, PGTYPE_INT8, -1);
        emit_str(c, ") + ");
    }
    emit_str(c, "(");
    if (s->limit_count)
        emit_expr_as(c, s->limit_count, PGTYPE_INT8, -1);
    else
        emit_str(c, "1");
    emit_str(c, ")");
}

void emit_window_filtered(emit_ctx_t *c, const PgQuery__SelectStmt *s, const char *from,
                          translate_stmt_t *out)
{
    if (!check_form(c, s))
        return;
    lg_buf_t inner;
    lg_buf_init(&inner, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &inner;
    bool stars = c->star_tables;
    c->star_tables = true; /* a table's * as its columns: the outer list names them */
    emit_inner(c, s, from, out);
    c->star_tables = stars;
    c->b = saved;
    if (!out || out->ncols < 0) {
        emit_unsupported(c, -1,
                         has_distinct_on(s) ? "DISTINCT ON with *" : "FETCH ... WITH TIES with *");
        lg_buf_deinit(&inner);
        return;
    }
    emit_str(c, "SELECT ");
    for (int i = 0; out && i < out->ncols; i++) {
        emit_str(c, i ? ", " : "");
        emit_ident(c, out->cols[i].name);
    }
    lg_buf_putc(&inner, 0);
    emit_str(c, " FROM (");
    emit_str(c, inner.failed ? "" : (const char *)inner.data);
    emit_str(c, ") AS _lg_d WHERE ");
    lg_buf_deinit(&inner);
    if (has_distinct_on(s)) {
        emit_str(c, "_lg_rn = 1 ORDER BY _lg_pos");
        emit_select_limit(c, s);
        return;
    }
    emit_ties_filter(c, s);
    emit_str(c, " ORDER BY _lg_pos");
}
