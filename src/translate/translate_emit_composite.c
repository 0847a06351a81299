/* translate_emit_composite.c - composite types: CREATE TYPE t AS (a text, b smallint, ...),
 * row values of such a type and field selection. Worker thread only.
 *
 * Storage (docs/storage.md, "User types"): the type is a _lg_types row with kind 'c' whose
 * pgbase holds its attributes as JSON [[name, type oid, typmod], ...]; a column of the type
 * is TEXT holding PostgreSQL's text form of the value, "(A5,90,f)" (sqlfn_record.c builds
 * and reads it), so output needs no conversion. ROW(...) and (a, b, ...) where the type is
 * expected (INSERT, UPDATE SET, casts) become lg_record_text(oid1, v1, ...) with each field
 * converted to its attribute's type; (x).f is lg_record_field(x, k, oid). Attribute types
 * are built-in types; anything else (nested composites, arrays of them) is 0A000. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit_enum.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define COMP_MAX_ATTRS 64

typedef struct comp_attr {
    char name[EMIT_NAME_MAX];
    uint32_t oid;
    int32_t typmod;
} comp_attr_t;

static sqlite3 *cat_db(emit_ctx_t *c)
{
    return c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
}

void emit_create_composite(emit_ctx_t *c, const PgQuery__CompositeTypeStmt *s,
                           translate_stmt_t *out)
{
    snprintf(out->tag, sizeof(out->tag), "CREATE TYPE");
    const char *name = s->typevar ? s->typevar->relname : "";
    if (s->typevar && emit_schema_is_user(s->typevar->schemaname)) {
        emit_unsupported(c, -1, "a composite type in a user schema");
        return;
    }
    uint32_t oid = emit_usertype_new_oid(c, name);
    if (!oid)
        return;
    lg_buf_t attrs;
    lg_buf_init(&attrs, 1u << 20);
    lg_buf_putc(&attrs, '[');
    for (size_t i = 0; i < s->n_coldeflist; i++) {
        const PgQuery__ColumnDef *cd = s->coldeflist[i]->column_def;
        int32_t typmod = -1;
        uint32_t t = emit_typename_oid(cd->type_name, &typmod);
        if (!t) {
            emit_unsupported(c, cd->location, "a composite type attribute of a user type");
            lg_buf_deinit(&attrs);
            return;
        }
        lg_buf_printf(&attrs, "%s[\"%s\",%u,%d]", i ? "," : "", cd->colname, t, (int)typmod);
    }
    lg_buf_putc(&attrs, ']');
    lg_buf_putc(&attrs, 0);
    emit_str(c, CATALOG_META_CREATE_SQL);
    emit_str(c, "INSERT INTO _lg_types(name, oid, kind, pgbase) VALUES (");
    emit_literal(c, name);
    emit_fmt(c, ", %u, 'c', ", oid);
    emit_literal(c, attrs.failed ? "[]" : (const char *)attrs.data);
    emit_str(c, ");");
    lg_buf_deinit(&attrs);
}

/* Attributes of composite type oid; count, or -1 when oid is not a composite type. */
/* The row type of information_schema._pg_expandarray: (x anyelement, n int4). */
static int expandarray_attrs(uint32_t oid, comp_attr_t *a)
{
    snprintf(a[0].name, sizeof(a[0].name), "x");
    a[0].oid = oid == EMIT_EXPANDARRAY_INT_OID ? PGTYPE_INT8 : PGTYPE_TEXT;
    a[0].typmod = -1;
    snprintf(a[1].name, sizeof(a[1].name), "n");
    a[1].oid = PGTYPE_INT4;
    a[1].typmod = -1;
    return 2;
}

static int comp_attrs(emit_ctx_t *c, uint32_t oid, comp_attr_t *a, int max)
{
    if ((oid == EMIT_EXPANDARRAY_INT_OID || oid == EMIT_EXPANDARRAY_TEXT_OID) && max >= 2)
        return expandarray_attrs(oid, a);
    sqlite3 *db = cat_db(c);
    sqlite3_stmt *st = NULL;
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT json_extract(j.value, '$[0]'), "
                                  "json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]') "
                                  "FROM _lg_types t, json_each(t.pgbase) j WHERE t.oid = ?1 AND "
                                  "t.kind = 'c' ORDER BY j.key",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_bind_int64(st, 1, oid);
    int n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(a[n].name, sizeof(a[n].name), "%s", (const char *)sqlite3_column_text(st, 0));
        a[n].oid = (uint32_t)sqlite3_column_int64(st, 1);
        a[n].typmod = sqlite3_column_int(st, 2);
        n++;
    }
    sqlite3_finalize(st);
    return n > 0 ? n : -1;
}

uint32_t emit_composite_row(emit_ctx_t *c, const PgQuery__RowExpr *r, uint32_t want)
{
    comp_attr_t a[COMP_MAX_ATTRS];
    int n = comp_attrs(c, want, a, COMP_MAX_ATTRS);
    if (n < 0) {
        emit_unsupported(c, r->location, "a row value here");
        return 0;
    }
    if ((int)r->n_args != n) {
        emit_error(c, "42804", r->location,
                   "cannot cast type record to a composite type "
                   "with %d attributes",
                   n);
        return 0;
    }
    emit_str(c, "lg_record_text(");
    for (int i = 0; i < n; i++) {
        emit_fmt(c, "%s%u, ", i ? ", " : "", a[i].oid);
        emit_expr_as(c, r->args[i], a[i].oid, a[i].typmod);
    }
    emit_str(c, ")");
    return want;
}

/* ROW(a, b, ...) as an output column: an anonymous record, printed as PostgreSQL's
 * record_out prints it, "(1,two,)" (lg_record_text with each field's own type). */
uint32_t emit_record_value(emit_ctx_t *c, const PgQuery__RowExpr *r)
{
    if (r->n_args == 0) {
        emit_str(c, "'()'");
        return PGTYPE_RECORD;
    }
    emit_str(c, "lg_record_text(");
    for (size_t i = 0; i < r->n_args; i++) {
        uint32_t t = emit_peek_type(c, r->args[i]);
        emit_fmt(c, "%s%u, ", i ? ", " : "", t && t != PGTYPE_UNKNOWN ? t : PGTYPE_TEXT);
        if (t != PGTYPE_NUMERIC) {
            emit_expr(c, r->args[i]);
            continue;
        }
        lg_buf_t scratch, *saved = c->b; /* a numeric(p,s) field keeps its scale: 2.50 */
        lg_buf_init(&scratch, saved->max);
        c->b = &scratch;
        emit_expr(c, r->args[i]);
        c->b = saved;
        int scale = emit_numeric_scale(t, c->last_typmod);
        lg_buf_putc(&scratch, 0);
        if (scratch.failed)
            c->b->failed = true;
        else
            emit_fmt(c, scale > 0 ? "lg_numx_pad(%s, %d)" : "%s", (const char *)scratch.data,
                     scale);
        lg_buf_deinit(&scratch);
    }
    emit_str(c, ")");
    return PGTYPE_RECORD;
}

bool emit_composite_field(emit_ctx_t *c, const PgQuery__AIndirection *ind, uint32_t *type)
{
    if (ind->n_indirection != 1 || ind->indirection[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return false;
    const char *field = emit_strval(ind->indirection[0]);
    uint32_t t = emit_peek_type(c, ind->arg);
    comp_attr_t a[COMP_MAX_ATTRS];
    int n = t >= EMIT_FIRST_USER_OID ? comp_attrs(c, t, a, COMP_MAX_ATTRS) : -1;
    if (n < 0) {
        emit_unsupported(c, -1, "field selection from a value that is not of a composite type");
        *type = 0;
        return true;
    }
    for (int k = 0; k < n; k++) {
        if (strcmp(a[k].name, field) != 0)
            continue;
        emit_str(c, "lg_record_field(");
        emit_expr(c, ind->arg);
        emit_fmt(c, ", %d, %u)", k + 1, a[k].oid);
        c->last_typmod = a[k].typmod;
        *type = a[k].oid;
        return true;
    }
    char tname[EMIT_NAME_MAX];
    if (!emit_enum_name(c, t, tname, sizeof(tname)))
        snprintf(tname, sizeof(tname), "%u", t);
    emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, -1, "column \"%s\" not found in data type %s",
               field, tname);
    *type = 0;
    return true;
}
