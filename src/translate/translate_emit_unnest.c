/* translate_emit_unnest.c - unnest(a, b, ...) with two or more arrays in FROM: PostgreSQL
 * walks the arrays side by side, one row per position up to the longest array, NULL where
 * an array is shorter (Django's index introspection: unnest(indkey, indoption) WITH
 * ORDINALITY). Emitted as json_each over the zipped rows, so that the arguments may name
 * FROM items to their left as a table-valued function's may:
 *   json_each((SELECT json_group_array(json_array(json_extract(a, '$[' || s.value || ']'),
 *              ...)) FROM generate_series(0, max(len(a), len(b), ...) - 1) s)) AS alias
 * Column k reads json_extract(alias.value, '$[k]'); ordinality is alias.key + 1. int2vector
 * and oidvector arguments (pg_index.indkey) go through lg_vec_json first. Worker thread. */
#include "pgtype.h"
#include "translate_emit.h"
#include <stdio.h>
#include <string.h>

#define ZIP_MAX 8

static const char *const k_zip_cols[ZIP_MAX] = {
    "json_extract(%s.value, '$[0]')", "json_extract(%s.value, '$[1]')",
    "json_extract(%s.value, '$[2]')", "json_extract(%s.value, '$[3]')",
    "json_extract(%s.value, '$[4]')", "json_extract(%s.value, '$[5]')",
    "json_extract(%s.value, '$[6]')", "json_extract(%s.value, '$[7]')"};

/* An argument of a zipped unnest: a multidimensional array walks its elements flat. */
static void emit_zip_array(emit_ctx_t *c, const PgQuery__Node *n, uint32_t t)
{
    emit_str(c, "lg_array_flat(");
    emit_array_value(c, n, t);
    emit_str(c, ")");
}

void emit_array_value(emit_ctx_t *c, const PgQuery__Node *n, uint32_t t)
{
    bool vec = t == PGTYPE_INT2VECTOR || t == PGTYPE_OIDVECTOR;
    emit_str(c, vec ? "lg_vec_json(" : ""); /* "2 3" -> [2,3] (sqlfn_vector.c) */
    emit_expr(c, n);
    emit_str(c, vec ? ")" : "");
}

uint32_t emit_array_elem_type(uint32_t t)
{
    if (t == PGTYPE_INT2VECTOR)
        return PGTYPE_INT2;
    if (t == PGTYPE_OIDVECTOR)
        return PGTYPE_OID;
    return pgtype_array_elem(t);
}

static void emit_zip_source(emit_ctx_t *c, const PgQuery__FuncCall *f, const uint32_t *types)
{
    emit_str(c, "json_each((SELECT json_group_array(json_array(");
    for (size_t i = 0; i < f->n_args; i++) {
        emit_str(c, i ? ", json_extract(" : "json_extract(");
        emit_zip_array(c, f->args[i], types[i]);
        emit_str(c, ", '$[' || _lg_zip.value || ']')");
    }
    emit_str(c, ")) FROM generate_series(0, max(0");
    for (size_t i = 0; i < f->n_args; i++) {
        emit_str(c, ", coalesce(json_array_length(");
        emit_zip_array(c, f->args[i], types[i]);
        emit_str(c, "), 0)");
    }
    emit_str(c, ") - 1) AS _lg_zip))");
}

bool emit_unnest_zip(emit_ctx_t *c, const PgQuery__RangeFunction *rf)
{
    if (rf->is_rowsfrom || rf->n_functions != 1 || rf->n_coldeflist)
        return false;
    const PgQuery__List *pair = rf->functions[0]->list;
    const PgQuery__Node *fn = pair->n_items ? pair->items[0] : NULL;
    if (!fn || fn->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return false;
    const PgQuery__FuncCall *f = fn->func_call;
    if (f->n_args < 2 || strcmp(emit_last_name(f->funcname, f->n_funcname), "unnest") != 0)
        return false;
    if (f->n_args > ZIP_MAX) {
        emit_unsupported(c, f->location, "unnest of more than 8 arrays");
        return true;
    }
    uint32_t types[ZIP_MAX];
    for (size_t i = 0; i < f->n_args; i++)
        types[i] = emit_peek_type(c, f->args[i]);
    emit_zip_source(c, f, types);
    const PgQuery__Alias *a = rf->alias;
    const char *alias = a && a->aliasname[0] ? a->aliasname : "unnest";
    emit_str(c, " AS ");
    emit_ident(c, alias);
    emit_rel_t *r = emit_scope_add(c, alias, "");
    if (!r)
        return true;
    int k = 0;
    for (; (size_t)k < f->n_args; k++) {
        const char *col = a && (size_t)k < a->n_colnames ? emit_strval(a->colnames[k]) : "unnest";
        snprintf(r->colmap_from[k], sizeof(r->colmap_from[k]), "%s", col);
        r->colmap_to[k] = k_zip_cols[k];
        r->colmap_type[k] = emit_array_elem_type(types[k]);
    }
    if (rf->ordinality) {
        const char *col =
            a && (size_t)k < a->n_colnames ? emit_strval(a->colnames[k]) : "ordinality";
        snprintf(r->colmap_from[k], sizeof(r->colmap_from[k]), "%s", col);
        r->colmap_to[k] = "(%s.key + 1)";
        r->colmap_type[k] = PGTYPE_INT8;
        k++;
    }
    r->ncolmap = k;
    return true;
}
