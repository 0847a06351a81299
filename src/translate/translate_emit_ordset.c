/* translate_emit_ordset.c - ordered-set aggregates: percentile_cont(f), percentile_disc(f)
 * (f a fraction or an array of fractions) and mode(), each WITHIN GROUP (ORDER BY x)
 * [FILTER (WHERE ...)], emitted as the sqlfn aggregates of sqlfn_aggord.c:
 *   lg_percentile_cont(x, f, x, flags)  (flags: 1 = DESC, 2 = NULLS FIRST)
 * percentile_cont interpolates float8 (numeric x is converted, as PostgreSQL casts it);
 * percentile_disc and mode return x's own type (arrays of it for an array of fractions).
 * Other WITHIN GROUP aggregates (hypothetical-set rank() ...) are 0A000. Worker thread
 * only. */
#include "pgtype.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <string.h>

static int sort_flags(const PgQuery__SortBy *sb)
{
    bool desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    bool nf = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
              (desc && sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST);
    return (desc ? 1 : 0) | (nf ? 2 : 0);
}

static bool form_ok(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *name, size_t nargs)
{
    if (f->n_agg_order != 1 || f->agg_order[0]->node_case != PG_QUERY__NODE__NODE_SORT_BY ||
        f->n_args != nargs || f->agg_distinct || f->over) {
        char what[96];
        snprintf(what, sizeof(what), "this form of %s() WITHIN GROUP", name);
        emit_unsupported(c, f->location, what);
        return false;
    }
    return true;
}

uint32_t emit_ordered_set_call(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    const char *name = emit_last_name(f->funcname, f->n_funcname);
    bool cont = strcmp(name, "percentile_cont") == 0, disc = strcmp(name, "percentile_disc") == 0;
    bool mode = strcmp(name, "mode") == 0;
    bool hypothetical = !strcmp(name, "rank") || !strcmp(name, "dense_rank") ||
                        !strcmp(name, "percent_rank") || !strcmp(name, "cume_dist");
    if (!cont && !disc && !mode && !hypothetical) {
        /* PostgreSQL looks the function up with the ORDER BY arguments added: a plain
         * aggregate found that way is 42809, none at all 42883 */
        if (emit_is_agg_name(name) && f->n_args + f->n_agg_order == 1)
            emit_error(c, "42809", f->location,
                       "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name);
        else
            emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location,
                       "function %s with WITHIN GROUP does not exist", name);
        return 0;
    }
    if (!cont && !disc && !mode) {
        char what[96];
        snprintf(what, sizeof(what), "%s() WITHIN GROUP", name);
        emit_unsupported(c, f->location, what);
        return 0;
    }
    if (!form_ok(c, f, name, mode ? 0 : 1))
        return 0;
    const PgQuery__SortBy *sb = f->agg_order[0]->sort_by;
    uint32_t xt = emit_peek_type(c, sb->node);
    if (cont && xt && emit_type_category(xt) != 'N') {
        char tn[64], what[128];
        snprintf(what, sizeof(what), "percentile_cont over %s",
                 emit_type_sqlname(xt, tn, sizeof(tn)));
        emit_unsupported(c, f->location, what);
        return 0;
    }
    bool arr = !mode && pgtype_array_elem(emit_peek_type(c, f->args[0])) != 0;
    emit_fmt(c, "lg_%s(", name);
    emit_expr(c, sb->node);
    int32_t xmod = c->last_typmod;
    emit_str(c, ", ");
    if (mode)
        emit_str(c, "NULL");
    else
        emit_expr_as(c, f->args[0], arr ? PGTYPE_FLOAT8_ARRAY : PGTYPE_FLOAT8, -1);
    emit_str(c, ", ");
    emit_expr(c, sb->node);
    emit_fmt(c, ", %d)", sort_flags(sb));
    if (f->agg_filter) {
        emit_str(c, " FILTER (WHERE ");
        emit_expr_as(c, f->agg_filter, PGTYPE_BOOL, -1);
        emit_str(c, ")");
    }
    uint32_t t = cont ? PGTYPE_FLOAT8 : (xt ? xt : PGTYPE_TEXT);
    c->last_typmod = cont ? -1 : xmod;
    if (arr) {
        uint32_t at = pgtype_array_of(t);
        c->last_typmod = -1;
        return at ? at : PGTYPE_TEXT_ARRAY;
    }
    return t;
}
