/* translate_emit_recfn.c - table functions in FROM that need more than a fixed column map:
 *   json(b)_to_record(j) AS r(a int, b text, ...)     one row
 *   json(b)_to_recordset(j) AS r(a int, b text, ...)  one row per array element
 *   jsonb_path_query(t, path [, vars [, silent]])     one jsonb row per path item
 * and the eponymous virtual tables of sqlfn_json_vtab.c that replace SQLite's json_each
 * for the JSON/array row sources (json_each's extra columns `id`, `type`, `path`, `key`
 * would make unqualified column names ambiguous). Worker thread only.
 *
 * A record function's column r.a is `CAST(lg_json_get_text(<row>, 'a') AS <type>)` emitted
 * through the ordinary cast emitter (so '5' -> 5, 'true' -> t, bad input is 22P02). When
 * the argument references no column, the function becomes a derived table
 *   (SELECT <col exprs> FROM jsonb_array_elements(<j>) AS _lg_je) AS r
 * so that r.* and SELECT * list exactly the defined columns; otherwise (a correlated
 * argument) it stays a table-valued function whose column map holds the expressions
 * (owned by the scope through rel->cols[k].name). */
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_enum.h"
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True if any ColumnRef occurs under m. */
static bool has_column_ref(const ProtobufCMessage *m)
{
    if (!m)
        return false;
    if (m->descriptor == &pg_query__column_ref__descriptor)
        return true;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)((const char *)m + f->quantifier_offset) != f->id)
            continue; /* an inactive member of Node's oneof (same storage) */
        const char *base = (const char *)m + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t cnt = *(const size_t *)((const char *)m + f->quantifier_offset);
            ProtobufCMessage *const *arr = *(ProtobufCMessage *const *const *)base;
            for (size_t k = 0; k < cnt; k++)
                if (has_column_ref(arr[k]))
                    return true;
        } else if (has_column_ref(*(const ProtobufCMessage *const *)base)) {
            return true;
        }
    }
    return false;
}

static char *buf_take(lg_buf_t *b)
{
    char *s = lg_xmalloc(b->len + 1);
    if (b->len)
        memcpy(s, b->data, b->len);
    s[b->len] = '\0';
    lg_buf_deinit(b);
    return s;
}

/* Expression text of defined column cd read from JSON object text `row` (SQL). */
static char *column_expr(emit_ctx_t *c, const PgQuery__ColumnDef *cd, const char *row,
                         uint32_t *type, int32_t *typmod)
{
    lg_buf_t keyb;
    lg_buf_init(&keyb, 4096);
    lg_buf_printf(&keyb, "lg_json_get_text(%s, '", row);
    for (const char *p = cd->colname; *p; p++) {
        if (*p == '\'')
            lg_buf_putc(&keyb, '\'');
        lg_buf_putc(&keyb, (uint8_t)*p);
    }
    lg_buf_append(&keyb, "')", 2);
    char *get = buf_take(&keyb);
    /* a one-column scope whose column `v` is the extraction, then CAST(v AS type) */
    emit_scope_push(c);
    emit_rel_t *r = emit_scope_add(c, "_lg_rv", "");
    if (r) {
        snprintf(r->colmap_from[0], sizeof(r->colmap_from[0]), "v");
        r->colmap_to[0] = get;
        r->colmap_type[0] = PGTYPE_TEXT;
        r->ncolmap = 1;
    }
    char relname[] = "_lg_rv", colname[] = "v";
    PgQuery__String fs[2] = {PG_QUERY__STRING__INIT, PG_QUERY__STRING__INIT};
    fs[0].sval = relname;
    fs[1].sval = colname;
    PgQuery__Node fn[2] = {PG_QUERY__NODE__INIT, PG_QUERY__NODE__INIT};
    PgQuery__Node *fields[2] = {&fn[0], &fn[1]};
    for (int k = 0; k < 2; k++) {
        fn[k].node_case = PG_QUERY__NODE__NODE_STRING;
        fn[k].string = &fs[k];
    }
    PgQuery__ColumnRef cr = PG_QUERY__COLUMN_REF__INIT;
    cr.n_fields = 2;
    cr.fields = fields;
    cr.location = -1;
    PgQuery__Node crn = PG_QUERY__NODE__INIT;
    crn.node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    crn.column_ref = &cr;
    PgQuery__TypeCast tc = PG_QUERY__TYPE_CAST__INIT;
    tc.arg = &crn;
    tc.type_name = cd->type_name;
    tc.location = -1;
    PgQuery__Node tcn = PG_QUERY__NODE__INIT;
    tcn.node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
    tcn.type_cast = &tc;
    lg_buf_t out;
    lg_buf_init(&out, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &out;
    c->last_typmod = -1;
    *type = emit_expr(c, &tcn);
    *typmod = c->last_typmod;
    c->b = saved;
    emit_scope_pop(c);
    free(get);
    return buf_take(&out);
}

static bool is_record_fn(const char *pg, bool *set)
{
    *set = !strcmp(pg, "jsonb_to_recordset") || !strcmp(pg, "json_to_recordset");
    return *set || !strcmp(pg, "jsonb_to_record") || !strcmp(pg, "json_to_record");
}

/* The JSON row source: one element per row of the array (a record: the value wrapped). */
static void emit_row_source(emit_ctx_t *c, const PgQuery__FuncCall *f, bool set)
{
    emit_str(c, set ? "jsonb_array_elements(" : "jsonb_array_elements(json_array(json(");
    emit_expr_as(c, f->args[0], PGTYPE_JSONB, -1);
    emit_str(c, set ? ")" : ")))");
}

static void emit_record_fn(emit_ctx_t *c, const PgQuery__RangeFunction *rf,
                           const PgQuery__FuncCall *f, const char *pg, bool set)
{
    const PgQuery__Alias *a = rf->alias;
    if (!rf->n_coldeflist || !a) {
        emit_error(c, "42601", f->location,
                   "a column definition list is required for "
                   "functions returning \"record\"");
        return;
    }
    if (f->n_args != 1 || rf->n_coldeflist > EMIT_COLMAP_MAX || rf->ordinality) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, f->location,
                   "%s with these arguments is not supported", pg);
        return;
    }
    bool derived = !has_column_ref(&f->args[0]->base);
    const char *row = derived ? "_lg_je.value" : NULL;
    char rowbuf[EMIT_NAME_MAX * 2 + 16];
    if (!derived) {
        lg_buf_t q;
        lg_buf_init(&q, sizeof(rowbuf));
        lg_buf_t *saved = c->b;
        c->b = &q;
        emit_ident(c, a->aliasname);
        c->b = saved;
        snprintf(rowbuf, sizeof(rowbuf), "%.*s.value", (int)q.len, q.data ? (char *)q.data : "");
        lg_buf_deinit(&q);
        row = rowbuf;
    }
    int n = (int)rf->n_coldeflist;
    translate_col_t *cols = lg_xcalloc((size_t)n, sizeof(*cols));
    char *exprs[EMIT_COLMAP_MAX] = {0};
    for (int k = 0; k < n; k++) {
        const PgQuery__ColumnDef *cd = rf->coldeflist[k]->column_def;
        exprs[k] = column_expr(c, cd, row, &cols[k].type_oid, &cols[k].typmod);
        cols[k].name = lg_xstrdup(cd->colname);
    }
    if (derived) {
        emit_str(c, "(SELECT ");
        for (int k = 0; k < n; k++) {
            emit_fmt(c, "%s%s AS ", k ? ", " : "", exprs[k]);
            emit_ident(c, cols[k].name);
        }
        emit_str(c, " FROM ");
        emit_row_source(c, f, set);
        emit_str(c, " AS _lg_je) AS ");
    } else {
        emit_row_source(c, f, set);
        emit_str(c, " AS ");
    }
    emit_ident(c, a->aliasname);
    emit_rel_t *r = emit_scope_add(c, a->aliasname, "");
    if (r && !derived) {
        for (int k = 0; k < n; k++) {
            snprintf(r->colmap_from[k], sizeof(r->colmap_from[k]), "%s", cols[k].name);
            free(cols[k].name);
            cols[k].name = exprs[k]; /* the scope owns the expression text */
            exprs[k] = NULL;
            r->colmap_to[k] = cols[k].name;
            r->colmap_type[k] = cols[k].type_oid;
        }
        r->ncolmap = n;
    }
    for (int k = 0; k < n; k++)
        free(exprs[k]);
    if (r) {
        r->cols = cols;
        r->ncols = n;
    } else {
        emit_cols_free(cols, n);
    }
}

static void emit_path_query(emit_ctx_t *c, const PgQuery__RangeFunction *rf,
                            const PgQuery__FuncCall *f)
{
    if (f->n_args < 2 || f->n_args > 4 || rf->ordinality || rf->n_coldeflist) {
        emit_unsupported(c, f->location, "jsonb_path_query with these arguments");
        return;
    }
    emit_str(c, "jsonb_array_elements(jsonb_path_query_array(");
    for (size_t i = 0; i < f->n_args; i++) {
        emit_str(c, i ? ", " : "");
        emit_expr_as(c, f->args[i], i == 1 ? PGTYPE_TEXT : (i == 3 ? PGTYPE_BOOL : PGTYPE_JSONB),
                     -1);
    }
    emit_str(c, ")) AS ");
    const PgQuery__Alias *a = rf->alias;
    const char *alias = a && a->aliasname[0] ? a->aliasname : "jsonb_path_query";
    emit_ident(c, alias);
    emit_rel_t *r = emit_scope_add(c, alias, "");
    if (!r)
        return;
    const char *col = a && a->n_colnames ? emit_strval(a->colnames[0]) : alias;
    snprintf(r->colmap_from[0], sizeof(r->colmap_from[0]), "%s", col);
    r->colmap_to[0] = "%s.value";
    r->colmap_type[0] = PGTYPE_JSONB;
    r->ncolmap = 1;
}

bool emit_recfn_try(emit_ctx_t *c, const PgQuery__RangeFunction *rf)
{
    if (rf->is_rowsfrom || rf->n_functions != 1)
        return false;
    const PgQuery__List *pair = rf->functions[0]->list;
    const PgQuery__Node *fn = pair && pair->n_items ? pair->items[0] : NULL;
    if (!fn || fn->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
        return false;
    const PgQuery__FuncCall *f = fn->func_call;
    const char *pg = emit_last_name(f->funcname, f->n_funcname);
    bool set;
    if (is_record_fn(pg, &set)) {
        emit_record_fn(c, rf, f, pg, set);
        return true;
    }
    if (!strcmp(pg, "jsonb_path_query")) {
        emit_path_query(c, rf, f);
        return true;
    }
    return false;
}

/* Virtual-table replacements for json_each (sqlfn_json_vtab.c): name and column exprs. */
static const struct {
    const char *pg, *vtab;
    const char *exprs[3]; /* [2]: the whole row (EMIT_ROW_COLUMN), where there is one */
} k_vtabs[] = {
    {"unnest", "unnest", {"%s.unnest"}},
    {"json_array_elements", "json_array_elements", {"%s.value"}},
    {"jsonb_array_elements", "jsonb_array_elements", {"%s.value"}},
    {"json_array_elements_text", "json_array_elements_text", {"%s.value"}},
    {"jsonb_array_elements_text", "jsonb_array_elements_text", {"%s.value"}},
    {"json_each",
     "json_each_pg",
     {"%s.key", "%s.value", "lg_record_text(25, %s.key, 114, %s.value)"}},
    {"jsonb_each",
     "jsonb_each",
     {"%s.key", "%s.value", "lg_record_text(25, %s.key, 3802, %s.value)"}},
    {"json_each_text",
     "json_each_text",
     {"%s.key", "%s.value", "lg_record_text(25, %s.key, 25, %s.value)"}},
    {"jsonb_each_text",
     "jsonb_each_text",
     {"%s.key", "%s.value", "lg_record_text(25, %s.key, 25, %s.value)"}},
    {"jsonb_object_keys", "jsonb_object_keys", {"%s.jsonb_object_keys"}},
    {"json_object_keys", "json_object_keys", {"%s.json_object_keys"}},
};

const char *emit_tvf_vtab(const char *pg, int k, const char **expr)
{
    for (size_t i = 0; i < sizeof(k_vtabs) / sizeof(k_vtabs[0]); i++)
        if (!strcmp(k_vtabs[i].pg, pg)) {
            *expr = k < 3 && k_vtabs[i].exprs[k] ? k_vtabs[i].exprs[k] : k_vtabs[i].exprs[0];
            return k_vtabs[i].vtab;
        }
    return NULL;
}

/* ---- SELECT * over derived tables and table functions ---- */

#define STAR_SYNTH (-7777) /* location marking a target made by emit_star_expand */

/* The column names of rel r in order, or 0 when unknown (base tables: SQLite expands). */
static int rel_colnames(const emit_rel_t *r, const char **names, int cap)
{
    int n = 0;
    if (r->table[0])
        return 0;
    if (r->ncolmap > 0) {
        for (int k = 0; k < r->ncolmap && n < cap; k++)
            if (strcmp(r->colmap_from[k], EMIT_ROW_COLUMN) != 0) /* hidden */
                names[n++] = r->colmap_from[k];
        return n;
    }
    for (int k = 0; k < r->ncols && n < cap; k++)
        names[n++] = r->cols[k].name ? r->cols[k].name : "";
    return n;
}

/* One allocation: ResTarget node, ColumnRef node, 2 field nodes, and what they point to. */
struct star_blk {
    PgQuery__Node tnode, cnode, fnode[2];
    PgQuery__ResTarget rt;
    PgQuery__ColumnRef cr;
    PgQuery__String s[2];
    PgQuery__Node *fields[2];
    char shown[EMIT_NAME_MAX]; /* the target's name: the column's visible name (dupcol.c) */
};

/* The block holding ColumnRef node cnode (made by colref_target). */
static void *row_block_of(PgQuery__Node *cnode)
{
    return (char *)cnode - offsetof(struct star_blk, cnode);
}

static PgQuery__Node *colref_target(const char *rel, const char *col)
{
    struct star_blk *b = lg_xcalloc(1, sizeof(*b));
    for (int k = 0; k < 2; k++) {
        pg_query__node__init(&b->fnode[k]);
        pg_query__string__init(&b->s[k]);
        b->s[k].sval = lg_xstrdup(k ? col : rel);
        b->fnode[k].node_case = PG_QUERY__NODE__NODE_STRING;
        b->fnode[k].string = &b->s[k];
        b->fields[k] = &b->fnode[k];
    }
    pg_query__column_ref__init(&b->cr);
    b->cr.n_fields = 2;
    b->cr.fields = b->fields;
    b->cr.location = -1;
    pg_query__node__init(&b->cnode);
    b->cnode.node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    b->cnode.column_ref = &b->cr;
    pg_query__res_target__init(&b->rt);
    b->rt.val = &b->cnode;
    snprintf(b->shown, sizeof(b->shown), "%.*s", (int)emit_col_visible_len(col), col);
    b->rt.name = b->shown;
    b->rt.location = STAR_SYNTH;
    pg_query__node__init(&b->tnode);
    b->tnode.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    b->tnode.res_target = &b->rt;
    return &b->tnode; /* first member: freeing it frees the block */
}

static int row_columns(emit_ctx_t *c, const emit_rel_t *r, char (*names)[EMIT_NAME_MAX], int max);

#define STAR_MAX_COLS 256

/* Appends rel r's columns as targets; false when r's columns are not known. A base table's
 * come from the catalog only when `tables` (next to a table function, whose own columns
 * SQLite's * would otherwise show). */
static bool expand_rel(emit_ctx_t *c, const emit_rel_t *r, bool tables, PgQuery__Node ***out,
                       size_t *n, size_t *cap)
{
    char(*names)[EMIT_NAME_MAX] = lg_xcalloc(STAR_MAX_COLS, EMIT_NAME_MAX);
    int k = r->table[0] && !tables ? 0 : row_columns(c, r, names, STAR_MAX_COLS);
    for (int i = 0; i < k; i++) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *out = lg_xrealloc(*out, *cap * sizeof(**out));
        }
        (*out)[(*n)++] = colref_target(r->alias, names[i]);
    }
    free(names);
    return k > 0;
}

/* Does base table r have an interval column? Its * is then listed column by column, so
 * that each carries the interval collation (DISTINCT *, ORDER BY 1, UNION). */
static bool rel_has_interval(emit_ctx_t *c, const emit_rel_t *r)
{
    if (!r->table[0])
        return false;
    char(*names)[EMIT_NAME_MAX] = lg_xcalloc(STAR_MAX_COLS, EMIT_NAME_MAX);
    int k = row_columns(c, r, names, STAR_MAX_COLS);
    bool found = false;
    for (int i = 0; i < k && !found; i++) {
        int32_t typmod;
        found = emit_column_type(c, r->alias, names[i], &typmod) == PGTYPE_INTERVAL;
    }
    free(names);
    return found;
}

void emit_star_free(PgQuery__Node **items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        PgQuery__Node *t = items[i];
        if (t->res_target->location != STAR_SYNTH)
            continue; /* an original target */
        const PgQuery__ColumnRef *cr = t->res_target->val->column_ref;
        free(cr->fields[0]->string->sval);
        free(cr->fields[1]->string->sval);
        free(t);
    }
    free(items);
}

static bool has_plain_target(PgQuery__Node **items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const PgQuery__Node *v = items[i]->res_target->val;
        if (!v || v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF ||
            v->column_ref->fields[v->column_ref->n_fields - 1]->node_case !=
                PG_QUERY__NODE__NODE_A_STAR)
            return true;
    }
    return false;
}

/* Whether a bare * stands over a JOIN ... USING / NATURAL JOIN: PostgreSQL lists each
 * merged column once, first; listing every derived table's columns would repeat them. */
static bool unqualified_star_over_merged_join(const emit_ctx_t *c, PgQuery__Node **items, size_t n)
{
    if (!c->scope->merged_join || c->in_returning)
        return false;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__Node *v = items[i]->res_target->val;
        if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v->column_ref->n_fields == 1 &&
            v->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_A_STAR)
            return true;
    }
    return false;
}

static void push_target(PgQuery__Node ***out, size_t *n, size_t *cap, PgQuery__Node *t)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *out = lg_xrealloc(*out, *cap * sizeof(**out));
    }
    (*out)[(*n)++] = t;
}

static bool name_in(const char *name, char (*list)[EMIT_NAME_MAX], int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(name, list[i]))
            return true;
    return false;
}

/* The merged columns of JOIN j between rels l and r: the USING list, or for NATURAL the
 * names of l's columns that r has too, in l's order. Returns how many, -1 when unknown. */
static int merged_names(emit_ctx_t *c, const PgQuery__JoinExpr *j, char (*ln)[EMIT_NAME_MAX],
                        int nl, char (*rn)[EMIT_NAME_MAX], int nr, char (*out)[EMIT_NAME_MAX])
{
    (void)c;
    int k = 0;
    if (!j->is_natural) {
        for (size_t i = 0; i < j->n_using_clause && k < STAR_MAX_COLS; i++)
            snprintf(out[k++], EMIT_NAME_MAX, "%s", emit_strval(j->using_clause[i]));
        return k;
    }
    for (int i = 0; i < nl && k < STAR_MAX_COLS; i++)
        if (name_in(ln[i], rn, nr))
            snprintf(out[k++], EMIT_NAME_MAX, "%s", ln[i]);
    return k;
}

/* * over `l JOIN r USING (k)` (or NATURAL) of two derived tables, as PostgreSQL lists it:
 * the merged columns first (the left side's value; the right side's for a RIGHT JOIN),
 * then each side's other columns. Other shapes (FULL JOIN, whose merged value is a
 * COALESCE, or more relations) answer 0A000 rather than repeat the merged columns. */
static bool merged_star(emit_ctx_t *c, PgQuery__Node **items, size_t n, PgQuery__Node ***out,
                        size_t *nout)
{
    const emit_scope_t *sc = c->scope;
    const PgQuery__JoinExpr *j = sc->merge;
    size_t nstars = 0;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__Node *v = items[i]->res_target->val;
        nstars += v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
                  v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                      PG_QUERY__NODE__NODE_A_STAR;
    }
    if (nstars != 1 || sc->nmerges != 1 || sc->nrels != 2 || sc->merge_l0 != 0 ||
        sc->merge_l1 != 1 || sc->merge_r1 != 2 || j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL) {
        emit_unsupported(c, -1,
                         "SELECT * over this JOIN ... USING or NATURAL JOIN of derived "
                         "tables (list the columns)");
        return false;
    }
    const emit_rel_t *l = &sc->rels[0], *r = &sc->rels[1];
    char(*ln)[EMIT_NAME_MAX] = lg_xcalloc(3 * STAR_MAX_COLS, EMIT_NAME_MAX);
    char(*rn)[EMIT_NAME_MAX] = ln + STAR_MAX_COLS, (*mn)[EMIT_NAME_MAX] = ln + 2 * STAR_MAX_COLS;
    int nl = row_columns(c, l, ln, STAR_MAX_COLS), nr = row_columns(c, r, rn, STAR_MAX_COLS);
    int nm = nl > 0 && nr > 0 ? merged_names(c, j, ln, nl, rn, nr, mn) : 0;
    PgQuery__Node **res = NULL;
    size_t m = 0, cap = 0;
    bool right = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT;
    for (size_t t = 0; t < n; t++) {
        const PgQuery__Node *v = items[t]->res_target->val;
        if (!(v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
              v->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_A_STAR)) {
            push_target(&res, &m, &cap, items[t]); /* another target, kept */
            continue;
        }
        for (int i = 0; i < nm; i++)
            push_target(&res, &m, &cap, colref_target(right ? r->alias : l->alias, mn[i]));
        for (int i = 0; i < nl; i++)
            if (!name_in(ln[i], mn, nm))
                push_target(&res, &m, &cap, colref_target(l->alias, ln[i]));
        for (int i = 0; i < nr; i++)
            if (!name_in(rn[i], mn, nm))
                push_target(&res, &m, &cap, colref_target(r->alias, rn[i]));
    }
    free(ln);
    if (nm == 0 && !j->is_natural) {
        emit_star_free(res, m);
        return false;
    }
    *out = res;
    *nout = m;
    return true;
}

bool emit_star_expand(emit_ctx_t *c, PgQuery__Node **items, size_t n, PgQuery__Node ***out,
                      size_t *nout)
{
    if (!c->scope || c->scope->nrels == 0)
        return false;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__Node *v = items[i]->res_target->val;
        any |= v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
               v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                   PG_QUERY__NODE__NODE_A_STAR;
    }
    if (!any)
        return false;
    /* a table function next to base tables, a * next to other targets (a computed
     * boolean after * would otherwise come back typed by its stored value), RETURNING *
     * (whose column types a data-modifying WITH item passes on), or a caller that wants
     * every table's * listed (winfilter.c) */
    bool tables =
        c->star_tables || c->in_returning || (!c->scope->merged_join && has_plain_target(items, n));
    for (int k = 0; k < c->scope->nrels; k++)
        tables |= c->scope->rels[k].ncolmap > 0 || rel_has_interval(c, &c->scope->rels[k]);
    PgQuery__Node **res = NULL;
    size_t m = 0, cap = 0;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        PgQuery__Node *v = items[i]->res_target->val;
        bool star = v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
                    v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                        PG_QUERY__NODE__NODE_A_STAR;
        if (!star) {
            if (m == cap) {
                cap = cap ? cap * 2 : 16;
                res = lg_xrealloc(res, cap * sizeof(*res));
            }
            res[m++] = items[i];
            continue;
        }
        const char *rel = v->column_ref->n_fields >= 2
                              ? emit_strval(v->column_ref->fields[v->column_ref->n_fields - 2])
                              : NULL;
        bool found = false;
        for (int k = 0; k < c->scope->nrels && ok; k++) {
            const emit_rel_t *r = &c->scope->rels[k];
            if (rel && strcmp(r->alias, rel) != 0)
                continue;
            if (!rel && c->in_returning && c->unqualify && strcmp(r->alias, c->unqualify) != 0)
                continue; /* RETURNING *: the target's columns (USING / FROM items follow) */
            found = true;
            ok = expand_rel(c, r, tables, &res, &m, &cap);
        }
        ok = ok && found;
    }
    if (!ok) {
        emit_star_free(res, m);
        return false;
    }
    if (unqualified_star_over_merged_join(c, items, n)) {
        emit_star_free(res, m);
        return merged_star(c, items, n, out, nout);
    }
    *out = res;
    *nout = m;
    return true;
}

/* ---- to_jsonb(t) of a whole row ---- */

/* The rel a one-field column reference names when it is not a column, or NULL. */
static const emit_rel_t *whole_row_rel(emit_ctx_t *c, const PgQuery__Node *n)
{
    if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields < 1 ||
        n->column_ref->n_fields > 2 ||
        n->column_ref->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return NULL;
    if (n->column_ref->n_fields == 2 && /* t.* */
        n->column_ref->fields[1]->node_case != PG_QUERY__NODE__NODE_A_STAR)
        return NULL;
    const char *name = emit_strval(n->column_ref->fields[0]);
    const emit_rel_t *found = NULL;
    char(*cols)[EMIT_NAME_MAX] = lg_xcalloc(64, EMIT_NAME_MAX);
    for (emit_scope_t *s = c->scope; s; s = s->parent) {
        for (int i = 0; i < s->nrels; i++) {
            /* a column of the same name wins, as in PostgreSQL */
            int k = row_columns(c, &s->rels[i], cols, 64);
            for (int j = 0; j < k; j++)
                if (!strcmp(cols[j], name)) {
                    free(cols);
                    return NULL;
                }
            if (!found && !strcmp(s->rels[i].alias, name))
                found = &s->rels[i];
        }
        if (found)
            break;
    }
    free(cols);
    return found;
}

/* Column names of rel r (base table: from SQLite's schema) into names[]; count. */
static int row_columns(emit_ctx_t *c, const emit_rel_t *r, char (*names)[EMIT_NAME_MAX], int max)
{
    const char *list[STAR_MAX_COLS];
    int n = rel_colnames(r, list, STAR_MAX_COLS);
    if (n > 0 || !r->table[0]) {
        for (int i = 0; i < n && i < max; i++)
            snprintf(names[i], EMIT_NAME_MAX, "%s", list[i]);
        return n < max ? n : max;
    }
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    /* table_xinfo: generated columns too (hidden 2, 3), which SQLite's * also lists */
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT name FROM pragma_table_xinfo(?1) WHERE hidden <> 1 "
                                  "ORDER BY cid",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_bind_text(st, 1, r->table, -1, SQLITE_STATIC);
    n = 0;
    while (n < max && sqlite3_step(st) == SQLITE_ROW)
        snprintf(names[n++], EMIT_NAME_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return n;
}

static PgQuery__Node *key_const(const char *key)
{
    PgQuery__Node *k = lg_xcalloc(1, sizeof(*k));
    pg_query__node__init(k);
    PgQuery__AConst *ac = lg_xcalloc(1, sizeof(*ac));
    pg_query__a__const__init(ac);
    PgQuery__String *sv = lg_xcalloc(1, sizeof(*sv));
    pg_query__string__init(sv);
    sv->sval = lg_xstrndup(key, emit_col_visible_len(key)); /* as a star shows it */
    ac->val_case = PG_QUERY__A__CONST__VAL_SVAL;
    ac->sval = sv;
    ac->location = -1;
    k->node_case = PG_QUERY__NODE__NODE_A_CONST;
    k->a_const = ac;
    return k;
}

static void key_const_free(PgQuery__Node *k)
{
    free(k->a_const->sval->sval);
    free(k->a_const->sval);
    free(k->a_const);
    free(k);
}

/* json_build_object(k1, v1, ...) (jsonb_...); for json the compact text of it. */
static uint32_t emit_build_object(emit_ctx_t *c, bool jsonb, PgQuery__Node **args, size_t n,
                                  int location)
{
    PgQuery__Node fnm = PG_QUERY__NODE__INIT;
    PgQuery__String fs = PG_QUERY__STRING__INIT;
    fs.sval = (char *)(uintptr_t)(jsonb ? "jsonb_build_object" : "json_build_object");
    fnm.node_case = PG_QUERY__NODE__NODE_STRING;
    fnm.string = &fs;
    PgQuery__Node *fnp = &fnm;
    PgQuery__FuncCall call = PG_QUERY__FUNC_CALL__INIT;
    call.n_funcname = 1;
    call.funcname = &fnp;
    call.n_args = n;
    call.args = args;
    call.location = location;
    if (!jsonb) /* to_json / row_to_json print compact json: {"a":1,"b":"x"} */
        emit_str(c, "json(");
    uint32_t t = emit_func_call(c, &call);
    if (!jsonb)
        emit_str(c, ")");
    return jsonb ? t : PGTYPE_JSON;
}

/* row_to_json(ROW(a, b)) / to_json(ROW(...)): keys f1, f2, ... */
static bool emit_rowexpr_json(emit_ctx_t *c, const PgQuery__FuncCall *f, bool jsonb, uint32_t *type)
{
    const PgQuery__RowExpr *row = f->args[0]->row_expr;
    PgQuery__Node **args = lg_xcalloc(row->n_args * 2 + 1, sizeof(*args));
    for (size_t i = 0; i < row->n_args; i++) {
        char key[32];
        snprintf(key, sizeof(key), "f%zu", i + 1);
        args[2 * i] = key_const(key);
        args[2 * i + 1] = row->args[i];
    }
    *type = emit_build_object(c, jsonb, args, row->n_args * 2, f->location);
    for (size_t i = 0; i < row->n_args; i++)
        key_const_free(args[2 * i]);
    free(args);
    return true;
}

/* json_agg(t) / jsonb_agg(t) of a whole row: the aggregate of row_to_json(t) / to_jsonb(t),
 * with the call's ORDER BY, FILTER and DISTINCT. */
static bool emit_row_json_agg(emit_ctx_t *c, const PgQuery__FuncCall *f, bool jsonb, uint32_t *type)
{
    if (!whole_row_rel(c, f->args[0]))
        return false;
    PgQuery__String name = PG_QUERY__STRING__INIT;
    name.sval = (char *)(uintptr_t)(jsonb ? "to_jsonb" : "row_to_json");
    PgQuery__Node name_node = PG_QUERY__NODE__INIT;
    name_node.node_case = PG_QUERY__NODE__NODE_STRING;
    name_node.string = &name;
    PgQuery__Node *name_p = &name_node, *row_arg = f->args[0];
    PgQuery__FuncCall inner = PG_QUERY__FUNC_CALL__INIT;
    inner.n_funcname = 1;
    inner.funcname = &name_p;
    inner.n_args = 1;
    inner.args = &row_arg;
    inner.location = f->location;
    PgQuery__Node inner_node = PG_QUERY__NODE__INIT;
    inner_node.node_case = PG_QUERY__NODE__NODE_FUNC_CALL;
    inner_node.func_call = &inner;
    /* json_agg puts "\n " before each row after the first (sqlfn_json_build.c) */
    PgQuery__String mark = PG_QUERY__STRING__INIT;
    mark.sval = (char *)(uintptr_t) "lg_json_row";
    PgQuery__Node mark_name = PG_QUERY__NODE__INIT;
    mark_name.node_case = PG_QUERY__NODE__NODE_STRING;
    mark_name.string = &mark;
    PgQuery__Node *mark_p = &mark_name, *inner_p = &inner_node;
    PgQuery__FuncCall marked = PG_QUERY__FUNC_CALL__INIT;
    marked.n_funcname = 1;
    marked.funcname = &mark_p;
    marked.n_args = 1;
    marked.args = &inner_p;
    marked.location = f->location;
    PgQuery__Node marked_node = PG_QUERY__NODE__INIT;
    marked_node.node_case = PG_QUERY__NODE__NODE_FUNC_CALL;
    marked_node.func_call = &marked;
    PgQuery__Node *arg = jsonb ? &inner_node : &marked_node;
    PgQuery__FuncCall agg = *f;
    agg.args = &arg;
    *type = emit_func_call(c, &agg);
    return true;
}

bool emit_whole_row(emit_ctx_t *c, const PgQuery__Node *n, uint32_t *type)
{
    if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields != 1 ||
        n->column_ref->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return false;
    const char *name = emit_strval(n->column_ref->fields[0]);
    bool alias = false; /* cheap test first: is it a FROM item's name at all? */
    for (emit_scope_t *s = c->scope; s && !alias; s = s->parent)
        for (int i = 0; i < s->nrels && !alias; i++)
            alias = strcmp(s->rels[i].alias, name) == 0;
    const emit_rel_t *r = alias ? whole_row_rel(c, n) : NULL;
    if (!r)
        return false;
    char(*cols)[EMIT_NAME_MAX] = lg_xcalloc(64, EMIT_NAME_MAX);
    int k = row_columns(c, r, cols, 64);
    if (k == 0) {
        free(cols);
        return false;
    }
    PgQuery__Node **args = lg_xcalloc((size_t)k, sizeof(*args));
    for (int i = 0; i < k; i++)
        args[i] = colref_target(r->alias, cols[i])->res_target->val;
    PgQuery__RowExpr row = PG_QUERY__ROW_EXPR__INIT;
    row.n_args = (size_t)k;
    row.args = args;
    row.location = -1;
    *type = emit_record_value(c, &row);
    for (int i = 0; i < k; i++) {
        free(args[i]->column_ref->fields[0]->string->sval);
        free(args[i]->column_ref->fields[1]->string->sval);
        free(row_block_of(args[i]));
    }
    free(args);
    free(cols);
    return true;
}

bool emit_row_json(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, uint32_t *type)
{
    if (!strcmp(pg, "json_agg") || !strcmp(pg, "jsonb_agg"))
        return f->n_args == 1 && emit_row_json_agg(c, f, pg[4] == 'b', type);
    bool jsonb = !strcmp(pg, "to_jsonb");
    if (!jsonb && strcmp(pg, "to_json") != 0 && strcmp(pg, "row_to_json") != 0)
        return false;
    if (f->n_args != 1)
        return false;
    if (f->args[0]->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
        return emit_rowexpr_json(c, f, jsonb, type);
    const emit_rel_t *r = whole_row_rel(c, f->args[0]);
    if (!r)
        return false;
    char(*cols)[EMIT_NAME_MAX] = lg_xcalloc(64, EMIT_NAME_MAX);
    int n = row_columns(c, r, cols, 64);
    if (n == 0) {
        free(cols);
        emit_unsupported(c, f->location, "a whole-row reference to this relation");
        *type = 0;
        return true;
    }
    PgQuery__Node **args = lg_xcalloc((size_t)n * 2, sizeof(*args));
    for (int i = 0; i < n; i++) {
        args[2 * i] = key_const(cols[i]);
        args[2 * i + 1] = colref_target(r->alias, cols[i])->res_target->val;
    }
    *type = emit_build_object(c, jsonb, args, (size_t)n * 2, f->location);
    for (int i = 0; i < n; i++) {
        key_const_free(args[2 * i]);
        /* the value node lives inside a colref_target block (its first member is the
         * ResTarget node): free through the ColumnRef's strings and the block */
        PgQuery__Node *v = args[2 * i + 1];
        free(v->column_ref->fields[0]->string->sval);
        free(v->column_ref->fields[1]->string->sval);
        free(row_block_of(v));
    }
    free(args);
    free(cols);
    return true;
}
