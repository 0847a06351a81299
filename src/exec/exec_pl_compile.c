/* exec_pl_compile.c - PL/pgSQL records (copy / clear) and compilation: parses the
 * function or DO text with pg_query_parse_plpgsql, reads its JSON into datums (variables
 * with their declared types and defaults, records such as NEW / OLD, rows used as INTO /
 * FOR targets, record fields) and keeps the action tree for exec_pl_run.c. Declared type
 * names are resolved to OIDs through the translator ("SELECT NULL::type") on first run,
 * when a connection is at hand. Worker thread (the connection's). */
#include "exec_pl.h"
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <ctype.h>
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- records ---- */

void pl_rec_clear(pl_rec_t *r)
{
    for (int i = 0; i < r->n; i++) {
        free(r->names[i]);
        sqlite3_value_free(r->vals[i]);
    }
    free(r->names);
    free(r->types);
    free(r->typmods);
    free(r->vals);
    memset(r, 0, sizeof(*r));
    r->isnull = true;
}

void pl_rec_copy(pl_rec_t *dst, const pl_rec_t *src)
{
    dst->isnull = src->isnull;
    dst->n = src->n;
    dst->names = lg_xcalloc((size_t)src->n + 1, sizeof(char *));
    dst->types = lg_xcalloc((size_t)src->n + 1, sizeof(uint32_t));
    dst->typmods = lg_xcalloc((size_t)src->n + 1, sizeof(int32_t));
    dst->vals = lg_xcalloc((size_t)src->n + 1, sizeof(sqlite3_value *));
    for (int i = 0; i < src->n; i++) {
        dst->names[i] = lg_xstrdup(src->names[i]);
        dst->types[i] = src->types ? src->types[i] : 0;
        dst->typmods[i] = src->typmods ? src->typmods[i] : -1;
        dst->vals[i] = src->vals[i] ? sqlite3_value_dup(src->vals[i]) : NULL;
    }
}

/* ---- compilation ---- */

void pl_lower_trim(char *dst, size_t cap, const char *src)
{
    size_t o = 0;
    while (*src == ' ')
        src++;
    for (; *src && o + 1 < cap; src++)
        dst[o++] = (char)tolower((unsigned char)*src);
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    dst[o] = '\0';
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* PostgreSQL OID of a declared type name, through the translator ("SELECT NULL::t"). */
static uint32_t type_oid(sqlite3 *db, const char *typname)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT NULL::%s", typname);
    translate_opts_t o = {.catalog_db = db};
    translate_result_t *r = NULL;
    lg_pgerr_t e = {0};
    uint32_t t = 0;
    if (translate_sql(sql, strlen(sql), &o, &r, &e) == 0 && r->nstmts == 1 &&
        r->stmts[0].ncols == 1)
        t = r->stmts[0].cols[0].type_oid;
    if (r)
        translate_result_unref(r);
    return t;
}

static void compile_datum(pl_func_t *fn, int i, const pj_t *wrapped, sqlite3 *db)
{
    const pj_t *b;
    const char *kind = pj_node(wrapped, &b);
    pl_datum_t *d = &fn->datums[i];
    d->kind = PD_OTHER;
    snprintf(d->name, sizeof(d->name), "%s", pj_str(b, "refname")); /* unquoted: lower case */
    if (!strcmp(kind, "PLpgSQL_var")) {
        d->kind = PD_VAR;
        const pj_t *tb;
        pj_node(pj_get(b, "datatype"), &tb);
        pl_lower_trim(d->typname, sizeof(d->typname), pj_str(tb, "typname"));
        const pj_t *eb = NULL;
        pj_node(pj_get(b, "default_val"), &eb);
        d->def = eb;
        if (i < fn->def.nargs) {
            d->type = fn->def.argtypes[i];
            snprintf(d->typname, sizeof(d->typname), "%s", pgtype_name(d->type));
        } else if (!strcmp(d->typname, "unknown")) {
            d->typname[0] = '\0';
        } else if (ends_with(d->typname, "%rowtype")) {
            snprintf(d->typname, sizeof(d->typname), "record"); /* a row of the table */
        } else if (strcmp(d->typname, "record") != 0 && db) {
            d->type = type_oid(db, d->typname);
        }
    } else if (!strcmp(kind, "PLpgSQL_rec")) {
        d->kind = PD_REC;
    } else if (!strcmp(kind, "PLpgSQL_row")) {
        d->kind = PD_ROW;
        const pj_t *fl = pj_get(b, "fields");
        d->nfields = fl ? fl->n : 0;
        d->fields = lg_xcalloc((size_t)d->nfields + 1, sizeof(int));
        for (int k = 0; k < d->nfields; k++)
            d->fields[k] = (int)pj_int(fl->items[k], "varno");
    } else if (!strcmp(kind, "PLpgSQL_recfield")) {
        d->kind = PD_RECFIELD;
        snprintf(d->field, sizeof(d->field), "%s", pj_str(b, "fieldname"));
        d->parent = (int)pj_int(b, "recparentno");
    }
}

int pl_find_var(const pl_func_t *fn, const char *name)
{
    for (int i = fn->ndatums - 1; i >= 0; i--)
        if (fn->datums[i].kind == PD_VAR && !strcmp(fn->datums[i].name, name))
            return i;
    return -1;
}

int exec_pl_compile(pl_func_t *f, const char *src, pl_err_t *err)
{
    PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(src);
    if (r.error) {
        PL_ERR_SET(err, "42601", "%s", r.error->message);
        pg_query_free_plpgsql_parse_result(r);
        return -1;
    }
    f->tree = pj_parse(r.plpgsql_funcs);
    pg_query_free_plpgsql_parse_result(r);
    const pj_t *fb = NULL;
    if (f->tree && f->tree->kind == PJ_ARR && f->tree->n == 1)
        pj_node(f->tree->items[0], &fb);
    if (!fb)
        return PL_ERR_SET(err, "XX000", "could not read the PL/pgSQL parse tree");
    f->new_dno = pj_get(fb, "new_varno") ? (int)pj_int(fb, "new_varno") : -1;
    f->old_dno = pj_get(fb, "old_varno") ? (int)pj_int(fb, "old_varno") : -1;
    const pj_t *ds = pj_get(fb, "datums");
    f->ndatums = ds ? ds->n : 0;
    f->datums = lg_xcalloc((size_t)f->ndatums + 1, sizeof(pl_datum_t));
    for (int i = 0; i < f->ndatums; i++)
        compile_datum(f, i, ds->items[i], NULL);
    f->found_dno = pl_find_var(f, "found");
    f->action = pj_get(fb, "action");
    return 0;
}

/* Type OIDs of declared variables need the catalog: resolved on the first run. */
/* tbl.col%type -> the column's type name ("" when unknown). */
static void resolve_column_type(sqlite3 *db, pl_datum_t *d)
{
    char tbl[96], col[96];
    const char *dot = strchr(d->typname, '.');
    size_t len = strlen(d->typname) - strlen("%type");
    d->typname[len] = '\0';
    if (!dot || (size_t)(dot - d->typname) >= sizeof(tbl)) {
        d->typname[0] = '\0';
        return;
    }
    snprintf(tbl, sizeof(tbl), "%.*s", (int)(dot - d->typname), d->typname);
    snprintf(col, sizeof(col), "%s", dot + 1);
    catalog_coltype_t ct;
    if (catalog_column_type(db, tbl, col, &ct) == 0 && ct.typoid) {
        d->type = ct.typoid;
        snprintf(d->typname, sizeof(d->typname), "%s",
                 ct.pgtype[0] ? ct.pgtype : pgtype_name(ct.typoid));
    } else {
        d->typname[0] = '\0';
    }
}

static void count_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)col;
    (void)t;
    (void)notnull;
    (void)pk;
    (*(int *)ctx)++;
}

/* A table's row type ("t" or "t%rowtype"): such variables hold records. */
static bool is_row_type(sqlite3 *db, const char *typname)
{
    char name[128];
    snprintf(name, sizeof(name), "%s", typname);
    size_t len = strlen(name);
    while (len && name[len - 1] == ' ')
        name[--len] = '\0';
    if (len > 8 && strcasecmp(name + len - 8, "%rowtype") == 0)
        name[len - 8] = '\0';
    int n = 0;
    return catalog_table_columns(db, name, count_col, &n) > 0;
}

void pl_resolve_types(pl_func_t *fn, sqlite3 *db)
{
    for (int i = fn->def.nargs; i < fn->ndatums; i++) {
        pl_datum_t *d = &fn->datums[i];
        if (d->kind == PD_VAR && !d->type && ends_with(d->typname, "%type"))
            resolve_column_type(db, d);
        else if (d->kind == PD_VAR && !d->type && d->typname[0] &&
                 strcmp(d->typname, "record") != 0) {
            d->type = type_oid(db, d->typname);
            if (!d->type && is_row_type(db, d->typname)) /* DECLARE r some_table */
                snprintf(d->typname, sizeof(d->typname), "record");
        }
    }
    if (fn->found_dno >= 0)
        fn->datums[fn->found_dno].type = PGTYPE_BOOL;
}
