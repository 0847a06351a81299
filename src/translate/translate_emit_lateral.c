/* translate_emit_lateral.c - LATERAL subqueries in FROM. Worker thread only.
 *
 * SQLite's FROM subqueries cannot see the tables to their left, but the arguments of a
 * table-valued function can. So
 *   ... JOIN LATERAL (SELECT ...) AS a
 * becomes
 *   ... JOIN json_each((SELECT json_group_array(json_array(<enc c1>, <enc c2>, ...))
 *                       FROM (SELECT ...) AS _lg_l)) AS a
 * a correlated scalar subquery that packs the lateral rows, in their order, into one JSON
 * array which json_each unpacks again: no rows -> no json_each rows (CROSS JOIN drops the
 * outer row, LEFT JOIN keeps it with NULLs), as PostgreSQL does. Each value is packed as
 * [typeof(v), v] with REAL values as 17-digit text so that they come back exact (JSON
 * would keep 15 digits); column references a.x read element k back (see LAT_TPL). BLOB
 * values make json_array fail: an error, never a different value. A `*` over such a FROM
 * is listed column by column (translate_emit_select.c, lateral_star): SQLite's own would
 * show json_each's columns. */
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAT_TPL(k)                                                                                 \
    "(SELECT CASE json_extract(_lg_j, '$[0]') WHEN 'real' THEN "                                   \
    "CAST(json_extract(_lg_j, '$[1]') AS REAL) ELSE json_extract(_lg_j, '$[1]') END FROM "         \
    "(SELECT json_extract(%s.value, '$[" #k "]') AS _lg_j))"

static const char *const k_lat_tpl[EMIT_COLMAP_MAX] = {
    LAT_TPL(0),  LAT_TPL(1),  LAT_TPL(2),  LAT_TPL(3), LAT_TPL(4),  LAT_TPL(5),
    LAT_TPL(6),  LAT_TPL(7),  LAT_TPL(8),  LAT_TPL(9), LAT_TPL(10), LAT_TPL(11),
    LAT_TPL(12), LAT_TPL(13), LAT_TPL(14), LAT_TPL(15)};

static bool names_usable(emit_ctx_t *c, const translate_stmt_t *tmp, size_t nalias)
{
    if (tmp->ncols <= 0 || tmp->ncols > EMIT_COLMAP_MAX || (int)nalias > tmp->ncols) {
        emit_unsupported(c, -1,
                         "this LATERAL subquery (its columns must be listed, at most "
                         "16)");
        return false;
    }
    for (int i = 0; i < tmp->ncols; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(tmp->cols[i].name, tmp->cols[j].name) == 0) {
                emit_unsupported(c, -1, "a LATERAL subquery with duplicate column names");
                return false;
            }
    return true;
}

void emit_lateral_subselect(emit_ctx_t *c, const PgQuery__RangeSubselect *rs)
{
    if (!rs->subquery || rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        !rs->alias || !rs->alias->aliasname[0]) {
        emit_unsupported(c, -1, "this LATERAL item");
        return;
    }
    const PgQuery__Alias *a = rs->alias;
    translate_stmt_t tmp = {.ncols = -1};
    char *txt = emit_select_text(c, rs->subquery->select_stmt, &tmp);
    if (!names_usable(c, &tmp, a->n_colnames)) {
        free(txt);
        emit_cols_free(tmp.cols, tmp.ncols);
        return;
    }
    emit_str(c, "json_each((SELECT json_group_array(json_array(");
    for (int i = 0; i < tmp.ncols; i++) {
        emit_str(c, i ? ", " : "");
        emit_str(c, "json_array(typeof(_lg_l.");
        emit_ident(c, tmp.cols[i].name);
        emit_str(c, "), CASE typeof(_lg_l.");
        emit_ident(c, tmp.cols[i].name);
        emit_str(c, ") WHEN 'real' THEN printf('%!.17g', _lg_l.");
        emit_ident(c, tmp.cols[i].name);
        emit_str(c, ") ELSE _lg_l.");
        emit_ident(c, tmp.cols[i].name);
        emit_str(c, " END)");
    }
    emit_fmt(c, ")) FROM (%s", "");
    emit_str(c, txt);
    emit_str(c, ") AS _lg_l)) AS ");
    emit_ident(c, a->aliasname);
    free(txt);
    emit_rel_t *r = emit_scope_add(c, a->aliasname, "");
    for (int k = 0; r && k < tmp.ncols; k++) {
        const char *name =
            (size_t)k < a->n_colnames ? emit_strval(a->colnames[k]) : tmp.cols[k].name;
        snprintf(r->colmap_from[k], sizeof(r->colmap_from[k]), "%s", name);
        r->colmap_to[k] = k_lat_tpl[k];
        r->colmap_type[k] = tmp.cols[k].type_oid;
        r->colmap_typmod[k] = tmp.cols[k].typmod;
        r->ncolmap = k + 1;
    }
    emit_cols_free(tmp.cols, tmp.ncols);
}
