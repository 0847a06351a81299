/* translate_emit_setall.c - INTERSECT ALL and EXCEPT ALL, which SQLite lacks.
 *
 * PostgreSQL keeps a row min(m, n) times for INTERSECT ALL and max(m - n, 0) times for
 * EXCEPT ALL, where m and n count it in the left and the right arm. Numbering the copies
 * of each row within its arm makes every copy distinct, and then the plain set operation
 * gives exactly those copies:
 *
 *   SELECT _lg_c1 AS "a", _lg_c2 AS "b" FROM (
 *     SELECT *, row_number() OVER (PARTITION BY _lg_c1, _lg_c2) AS _lg_copy
 *       FROM (WITH _lg_arm(_lg_c1, _lg_c2) AS (<left arm>) SELECT * FROM _lg_arm)
 *     INTERSECT
 *     SELECT ... the same over the right arm ...)
 *
 * PARTITION BY puts NULLs together and INTERSECT / EXCEPT compare them as equal, as
 * PostgreSQL's set operations do. Worker thread only. */
#include "lg_buf.h"
#include "translate_emit.h"

/* One arm with its copies numbered; its columns are called _lg_c1, _lg_c2, ... (a CTE's
 * column list names them by position, so an arm's own names may repeat). */
static void emit_numbered_arm(emit_ctx_t *c, const lg_buf_t *text, int ncols)
{
    emit_str(c, "SELECT *, row_number() OVER (PARTITION BY ");
    for (int i = 0; i < ncols; i++)
        emit_fmt(c, "%s_lg_c%d", i ? ", " : "", i + 1);
    emit_str(c, ") AS _lg_copy FROM (WITH _lg_arm(");
    for (int i = 0; i < ncols; i++)
        emit_fmt(c, "%s_lg_c%d", i ? ", " : "", i + 1);
    emit_str(c, ") AS (");
    lg_buf_append(c->b, text->data, text->len);
    emit_str(c, ") SELECT * FROM _lg_arm)");
}

void emit_setop_all(emit_ctx_t *c, bool intersect, const lg_buf_t *ltext,
                    const translate_stmt_t *left, const lg_buf_t *rtext,
                    const translate_stmt_t *right)
{
    if (left->ncols <= 0 || left->ncols != right->ncols) {
        emit_unsupported(
            c, -1, intersect ? "INTERSECT ALL of these queries" : "EXCEPT ALL of these queries");
        return;
    }
    emit_str(c, "SELECT ");
    for (int i = 0; i < left->ncols; i++) {
        emit_fmt(c, "%s_lg_c%d AS ", i ? ", " : "", i + 1);
        emit_ident(c, left->cols[i].name ? left->cols[i].name : "?column?");
    }
    emit_str(c, " FROM (");
    emit_numbered_arm(c, ltext, left->ncols);
    emit_str(c, intersect ? " INTERSECT " : " EXCEPT ");
    emit_numbered_arm(c, rtext, right->ncols);
    emit_str(c, ")");
}
