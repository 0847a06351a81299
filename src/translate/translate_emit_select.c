/* translate_emit_select.c - SELECT: WITH [RECURSIVE], target lists with PostgreSQL's column
 * names and types, FROM (tables, joins, subqueries, table functions), WHERE, GROUP BY,
 * HAVING, WINDOW, DISTINCT, ORDER BY with PostgreSQL's NULL ordering, LIMIT/OFFSET/FETCH,
 * set operations, VALUES; and the name scopes that let column references find their types
 * (catalog, derived tables, CTEs). DISTINCT ON and FETCH ... WITH TIES are emitted by
 * translate_emit_winfilter.c; PostgreSQL's parse-analysis errors (grouping, positions,
 * LIMIT sign...) are raised by translate_emit_check.c once FROM is in scope.
 * Worker thread only. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_enum.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scopes and column types ---- */

void emit_scope_push(emit_ctx_t *c)
{
    emit_scope_t *s = lg_xcalloc(1, sizeof(*s));
    s->parent = c->scope;
    c->scope = s;
}

void emit_cols_free(translate_col_t *cols, int ncols)
{
    for (int i = 0; i < ncols; i++)
        free(cols[i].name);
    free(cols);
}

void emit_scope_pop(emit_ctx_t *c)
{
    emit_scope_t *s = c->scope;
    c->scope = s->parent;
    for (int i = 0; i < s->nrels; i++)
        emit_cols_free(s->rels[i].cols, s->rels[i].ncols);
    for (int i = 0; i < s->nctes; i++)
        emit_cols_free(s->ctes[i].cols, s->ctes[i].ncols);
    free(s);
}

static translate_col_t *cols_dup(const translate_col_t *src, int n)
{
    if (n <= 0)
        return NULL;
    translate_col_t *d = lg_xcalloc((size_t)n, sizeof(*d));
    for (int i = 0; i < n; i++) {
        d[i] = src[i];
        d[i].name = lg_xstrdup(src[i].name ? src[i].name : "");
    }
    return d;
}

static const emit_cte_t *find_cte(emit_ctx_t *c, const char *name)
{
    for (emit_scope_t *s = c->scope; s; s = s->parent)
        for (int i = 0; i < s->nctes; i++)
            if (strcmp(s->ctes[i].name, name) == 0)
                return &s->ctes[i];
    return NULL;
}

emit_rel_t *emit_scope_add(emit_ctx_t *c, const char *alias, const char *table)
{
    emit_scope_t *s = c->scope;
    if (!s || s->nrels >= EMIT_SCOPE_RELS)
        return NULL;
    emit_rel_t *r = &s->rels[s->nrels++];
    memset(r, 0, sizeof(*r));
    snprintf(r->alias, sizeof(r->alias), "%s", alias);
    const emit_cte_t *cte = table[0] ? find_cte(c, table) : NULL;
    if (cte) {
        r->cols = cols_dup(cte->cols, cte->ncols);
        r->ncols = r->cols ? cte->ncols : 0;
    } else {
        snprintf(r->table, sizeof(r->table), "%s", table);
    }
    return r;
}

/* int2vector / oidvector columns of the pg_catalog relations (pg_index.indkey, ...), which
 * subscript from 0 and unnest through lg_vec_json; other catalog columns stay untyped. */
static uint32_t catalog_vector_column(emit_ctx_t *c, const char *table, const char *col)
{
    sqlite3_stmt *st = NULL;
    uint32_t oid = 0;
    if (sqlite3_prepare_v2((sqlite3 *)c->opts->catalog_db,
                           "SELECT type FROM pragma_table_xinfo(?1) WHERE name = ?2", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *ty = (const char *)sqlite3_column_text(st, 0);
            if (ty && ty[0])
                oid = pgtype_from_name(ty);
        }
    }
    sqlite3_finalize(st);
    return oid;
}

/* A view's column: the type of the table column it shows, as SQLite traces it. */
static uint32_t view_column_type(sqlite3 *db, const char *view, const char *col, int32_t *typmod)
{
    char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", view);
    sqlite3_stmt *st = NULL;
    uint32_t oid = 0;
    if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && st) {
        for (int i = 0; i < sqlite3_column_count(st) && !oid; i++) {
            const char *tbl = sqlite3_column_table_name(st, i);
            const char *org = sqlite3_column_origin_name(st, i);
            catalog_coltype_t t;
            if (strcmp(sqlite3_column_name(st, i), col) == 0 && tbl && org &&
                catalog_column_type(db, tbl, org, &t) == 0) {
                oid = t.typoid;
                *typmod = t.typmod;
            }
        }
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return oid;
}

static uint32_t catalog_type(emit_ctx_t *c, const char *table, const char *col, int32_t *typmod)
{
    for (int i = 0; i < c->nmemo; i++) {
        if (strcmp(c->memo[i].table, table) == 0 && strcmp(c->memo[i].col, col) == 0) {
            *typmod = c->memo[i].typmod;
            return c->memo[i].oid;
        }
    }
    catalog_coltype_t t = {0};
    uint32_t oid = 0;
    *typmod = -1;
    if (c->opts && c->opts->catalog_db &&
        catalog_column_type((sqlite3 *)c->opts->catalog_db, table, col, &t) == 0) {
        oid = t.typoid;
        *typmod = t.typmod;
    } else if (c->opts && c->opts->catalog_db && !strncmp(table, "pg_", 3)) {
        oid = catalog_vector_column(c, table, col);
    } else if (c->opts && c->opts->catalog_db &&
               catalog_relation_exists((sqlite3 *)c->opts->catalog_db, table) == 1) {
        oid = view_column_type((sqlite3 *)c->opts->catalog_db, table, col, typmod);
    }
    if (c->nmemo < EMIT_TYPE_MEMO) {
        emit_memo_t *m = &c->memo[c->nmemo++];
        snprintf(m->table, sizeof(m->table), "%s", table);
        snprintf(m->col, sizeof(m->col), "%s", col);
        m->oid = oid;
        m->typmod = *typmod;
    }
    return oid;
}

uint32_t emit_column_type(emit_ctx_t *c, const char *rel, const char *col, int32_t *typmod)
{
    *typmod = -1;
    for (emit_scope_t *s = c->scope; s; s = s->parent) {
        for (int i = 0; i < s->nrels; i++) {
            emit_rel_t *r = &s->rels[i];
            if (rel && strcmp(r->alias, rel) != 0)
                continue;
            for (int k = 0; k < r->ncols; k++) {
                if (r->cols[k].name && strcmp(r->cols[k].name, col) == 0) {
                    *typmod = r->cols[k].typmod;
                    c->last_typmod = *typmod;
                    return r->cols[k].type_oid;
                }
            }
            if (r->table[0]) {
                uint32_t t = catalog_type(c, r->table, col, typmod);
                if (t) {
                    c->last_typmod = *typmod;
                    return t;
                }
            }
            if (rel)
                return 0;
        }
    }
    return 0;
}

/* ---- target lists ---- */

static bool is_star(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
           n->column_ref->fields[n->column_ref->n_fields - 1]->node_case ==
               PG_QUERY__NODE__NODE_A_STAR;
}

void emit_target_list(emit_ctx_t *c, PgQuery__Node **items, size_t n, translate_stmt_t *out)
{
    PgQuery__Node **expanded = NULL; /* `*` over derived tables / functions (recfn.c) */
    size_t nexpanded = 0;
    if (emit_star_expand(c, items, n, &expanded, &nexpanded)) {
        emit_target_list(c, expanded, nexpanded, out);
        emit_star_free(expanded, nexpanded);
        return;
    }
    bool star = false;
    translate_col_t *cols = lg_xcalloc(n ? n : 1, sizeof(*cols));
    for (size_t i = 0; i < n; i++) {
        const PgQuery__ResTarget *rt = items[i]->res_target;
        if (i)
            emit_str(c, ", ");
        if (is_star(rt->val)) {
            emit_expr(c, rt->val);
            star = true;
            continue;
        }
        c->last_typmod = -1;
        const char *name = rt->name[0] ? rt->name : emit_colname(rt->val);
        const char *reg_out = emit_reg_output_fn(rt->val); /* prints names, as PostgreSQL */
        if (reg_out)
            emit_fmt(c, "%s(", reg_out);
        c->exact = c->exact_sel && emit_exact_target_ok(c->exact_sel, i, name) &&
                   !(i < 64 && (c->exact_skip >> i) & 1);
        size_t start = c->b->len;
        uint32_t t = rt->val->node_case == PG_QUERY__NODE__NODE_ROW_EXPR
                         ? emit_record_value(c, rt->val->row_expr)
                         : emit_expr(c, rt->val);
        if (!reg_out) /* DISTINCT, UNION and outer queries compare it as interval_cmp */
            emit_type_collate(c, start, t);
        if (c->exact && t == PGTYPE_NUMERIC && i < 64)
            c->exact_cols |= 1ull << i;
        c->exact = false;
        if (reg_out)
            emit_str(c, ")");
        if (t == PGTYPE_UNKNOWN)
            t = PGTYPE_TEXT;
        emit_str(c, " AS ");
        emit_ident(c, name);
        cols[i].name = lg_xstrdup(name);
        cols[i].type_oid = t;
        cols[i].typmod = t ? c->last_typmod : -1;
    }
    if (out && !star) {
        emit_cols_free(out->cols, out->ncols);
        out->cols = cols;
        out->ncols = (int)n;
    } else {
        emit_cols_free(cols, (int)n);
        if (out) {
            emit_cols_free(out->cols, out->ncols);
            out->cols = NULL;
            out->ncols = -1;
        }
    }
}

/* ---- ORDER BY ---- */

/* The type of the output column an ORDER BY item names by position or output name, or 0.
 * SQLite sorts such an item by the output expression's collation, which a plain column or
 * * does not carry. */
static uint32_t sort_output_type(const translate_stmt_t *out, const PgQuery__Node *n)
{
    if (!out || out->ncols <= 0 || !n)
        return 0;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        int k = n->a_const->ival->ival;
        return k >= 1 && k <= out->ncols ? out->cols[k - 1].type_oid : 0;
    }
    if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || n->column_ref->n_fields != 1 ||
        n->column_ref->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return 0;
    const char *name = n->column_ref->fields[0]->string->sval;
    for (int i = 0; i < out->ncols; i++)
        if (out->cols[i].name && !strcmp(out->cols[i].name, name))
            return out->cols[i].type_oid;
    return 0;
}

static void emit_sort_item(emit_ctx_t *c, const PgQuery__SortBy *sb, const translate_stmt_t *out)
{
    emit_check_sort_names(c, sb->node, out); /* translate_emit_colcase.c */
    bool was = c->in_sort_group;
    c->in_sort_group = true;
    const PgQuery__Node *exact_target = emit_exact_sort_target(c, sb->node);
    size_t start = c->b->len;
    uint32_t t = emit_expr(c, exact_target ? exact_target : sb->node);
    c->in_sort_group = was;
    if (t && pgtype_array_elem(t)) /* arrays are JSON text: sort element by element */
        emit_str(c, " COLLATE lg_array");
    /* intervals: '1 day' = '24 hours' < '25 hours' < '1 mon' (sqlfn_datetime_ivcmp.c);
     * ranges in PostgreSQL's range order (sqlfn_range.c) */
    emit_type_collate(
        c, start,
        t == PGTYPE_INTERVAL || emit_type_is_range(t) ? t : sort_output_type(out, sb->node));
    bool desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
        const char *op = emit_last_name(sb->use_op, sb->n_use_op);
        desc = strcmp(op, ">") == 0 || strcmp(op, ">=") == 0;
    }
    emit_str(c, desc ? " DESC" : "");
    bool nulls_first = desc; /* PostgreSQL: NULLs sort as if larger than every value */
    if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
        nulls_first = true;
    else if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
        nulls_first = false;
    emit_str(c, nulls_first ? " NULLS FIRST" : " NULLS LAST");
}

static void emit_sort_list_of(emit_ctx_t *c, PgQuery__Node **items, size_t n,
                              const translate_stmt_t *out)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            emit_str(c, ", ");
        emit_sort_item(c, items[i]->sort_by, out);
    }
}

void emit_sort_list(emit_ctx_t *c, PgQuery__Node **items, size_t n)
{
    emit_sort_list_of(c, items, n, NULL);
}

/* ---- FROM ---- */

/* A table function's columns are expressions over its alias (colmap), which SQLite's USING
 * cannot name: as an input of JOIN ... USING / NATURAL JOIN its text emitted from `at` is
 * wrapped in "(SELECT <expr> AS <col>, ... FROM <it>) AS <alias>", a derived table whose
 * columns are real. */
static void using_input(emit_ctx_t *c, const PgQuery__Node *item, const PgQuery__JoinExpr *j)
{
    size_t at = c->b->len;
    int before = c->scope ? c->scope->nrels : 0;
    emit_from_item(c, item);
    if (!(j->is_natural || j->n_using_clause) || !c->scope || c->failed || c->dry ||
        item->node_case != PG_QUERY__NODE__NODE_RANGE_FUNCTION || c->scope->nrels != before + 1)
        return;
    emit_rel_t *r = &c->scope->rels[before];
    if (r->ncolmap <= 0 || r->ncols > 0 || c->b->len < at)
        return;
    for (int k = 0; k < r->ncolmap; k++)
        if (strcmp(r->colmap_from[k], EMIT_ROW_COLUMN) == 0)
            return; /* a hidden whole-row column: left as it is */
    size_t n = c->b->len - at;
    char *text = lg_xmalloc(n + 1);
    memcpy(text, c->b->data + at, n);
    text[n] = '\0';
    c->b->len = at;
    emit_str(c, "(SELECT ");
    r->cols = lg_xcalloc((size_t)r->ncolmap, sizeof(*r->cols));
    for (int k = 0; k < r->ncolmap; k++) {
        emit_str(c, k ? ", " : "");
        emit_colmap_expr(c, r, k);
        emit_str(c, " AS ");
        emit_ident(c, r->colmap_from[k]);
        r->cols[k].name = lg_xstrdup(r->colmap_from[k]);
        r->cols[k].type_oid = r->colmap_type[k];
        r->cols[k].typmod = r->colmap_typmod[k] > 0 ? r->colmap_typmod[k] : -1;
    }
    r->ncols = r->ncolmap;
    r->ncolmap = 0;
    emit_fmt(c, " FROM %s) AS ", text);
    emit_ident(c, r->alias);
    free(text);
}

static void emit_join(emit_ctx_t *c, const PgQuery__JoinExpr *j)
{
    if (j->alias && j->alias->aliasname[0]) {
        emit_unsupported(c, -1, "an alias on a JOIN");
        return;
    }
    int lo = c->scope ? c->scope->nrels : 0;
    using_input(c, j->larg, j);
    int mid = c->scope ? c->scope->nrels : 0;
    if (j->is_natural)
        emit_str(c, " NATURAL");
    switch (j->jointype) {
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
        emit_str(c, " LEFT JOIN ");
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
        emit_str(c, " RIGHT JOIN ");
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL:
        emit_str(c, " FULL JOIN ");
        break;
    default:
        emit_str(c, " JOIN ");
        break;
    }
    bool paren = j->rarg->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR;
    emit_str(c, paren ? "(" : "");
    using_input(c, j->rarg, j);
    emit_str(c, paren ? ")" : "");
    if (j->quals) {
        emit_str(c, " ON ");
        emit_expr_as(c, j->quals, PGTYPE_BOOL, -1);
    } else if (j->n_using_clause) {
        emit_str(c, " USING (");
        for (size_t i = 0; i < j->n_using_clause; i++) {
            emit_str(c, i ? ", " : "");
            emit_ident(c, emit_strval(j->using_clause[i]));
        }
        emit_str(c, ")");
    } else if (j->jointype != PG_QUERY__JOIN_TYPE__JOIN_INNER && !j->is_natural) {
        emit_str(c, " ON 1");
    }
    if (c->scope && (j->is_natural || j->n_using_clause)) {
        emit_merge_add(c->scope, lo, mid, j);
        emit_merge_check(c);
    }
}

/* Emits a SelectStmt into a scratch buffer; returns the text (malloc'd) and its columns. */
char *emit_select_text(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *tmp)
{
    lg_buf_t sb;
    lg_buf_init(&sb, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &sb;
    emit_select(c, s, tmp);
    c->b = saved;
    lg_buf_putc(&sb, 0);
    if (sb.failed)
        c->b->failed = true;
    size_t len;
    char *txt = (char *)lg_buf_steal(&sb, &len);
    return txt ? txt : lg_xstrdup("");
}

/* PostgreSQL's rule that two FROM items of one query level have different names (42712). */
static bool refname_unique(emit_ctx_t *c, const char *alias, int location)
{
    for (int i = 0; c->scope && i < c->scope->nrels; i++)
        if (strcmp(c->scope->rels[i].alias, alias) == 0) {
            emit_error(c, "42712", location, "table name \"%s\" specified more than once", alias);
            return false;
        }
    return true;
}

static void emit_range_subselect(emit_ctx_t *c, const PgQuery__RangeSubselect *rs)
{
    if (rs->lateral) {
        emit_lateral_subselect(c, rs);
        return;
    }
    if (!rs->subquery || rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        emit_unsupported(c, -1, "this subquery in FROM");
        return;
    }
    if (rs->alias && rs->alias->aliasname[0] && !refname_unique(c, rs->alias->aliasname, -1))
        return;
    translate_stmt_t tmp = {.ncols = -1};
    char *txt = emit_select_text(c, rs->subquery->select_stmt, &tmp);
    if (tmp.ncols < 0 && !c->failed) /* SELECT *: SQLite lists the columns and their types */
        emit_describe_columns(c, txt, &tmp);
    txt = emit_dedup_select(c, txt, tmp.cols, tmp.ncols); /* translate_emit_dupcol.c */
    const PgQuery__Alias *a = rs->alias;
    const char *alias = a && a->aliasname[0] ? a->aliasname : "_lg_sub";
    if (a && a->n_colnames && tmp.ncols >= 0) {
        if (tmp.ncols < (int)a->n_colnames) {
            emit_error(c, "42P10", -1,
                       "table \"%s\" has %d columns available but %zu columns "
                       "specified",
                       alias, tmp.ncols, a->n_colnames);
        } else {
            emit_str(c, "(SELECT ");
            for (size_t i = 0; i < (size_t)tmp.ncols; i++) { /* columns past the list too */
                const char *as = i < a->n_colnames ? emit_strval(a->colnames[i]) : NULL;
                emit_str(c, i ? ", " : "");
                emit_str(c, "_lg_in.");
                emit_ident(c, tmp.cols[i].name);
                emit_str(c, " AS ");
                emit_ident(c, as ? as : tmp.cols[i].name);
                if (as) {
                    free(tmp.cols[i].name);
                    tmp.cols[i].name = lg_xstrdup(as);
                }
            }
            emit_fmt(c, " FROM (%s) AS _lg_in)", txt);
        }
    } else { /* columns unknown: SQLite cannot prepare it, and says why (42P01 ...) */
        emit_str(c, "(");
        emit_str(c, txt);
        emit_str(c, ")");
    }
    emit_str(c, " AS ");
    emit_ident(c, alias);
    free(txt);
    emit_rel_t *r = emit_scope_add(c, alias, "");
    if (r && tmp.ncols > 0) {
        r->cols = tmp.cols;
        r->ncols = tmp.ncols;
    } else {
        emit_cols_free(tmp.cols, tmp.ncols);
    }
}

/* SELECT ... FROM a_sequence: its one row (last_value, log_cnt, is_called), as PostgreSQL
 * shows a sequence relation. False when rv is no sequence. */
static bool emit_sequence_relation(emit_ctx_t *c, const PgQuery__RangeVar *rv)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *name = emit_relname(c, rv);
    if (!db || catalog_sequence_exists(db, name) != 1 || catalog_relation_exists(db, name) == 1)
        return false;
    emit_str(c, "(SELECT lg_seq_state(name, 'l') AS last_value, 0 AS log_cnt, "
                "lg_seq_state(name, 'c') AS is_called FROM _lg_sequences WHERE name = ");
    emit_literal(c, name);
    emit_str(c, ") AS ");
    const char *alias = rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname;
    emit_ident(c, alias);
    emit_rel_t *r = emit_scope_add(c, alias, "");
    if (!r)
        return true;
    static const char *const names[] = {"last_value", "log_cnt", "is_called"};
    static const uint32_t types[] = {PGTYPE_INT8, PGTYPE_INT8, PGTYPE_BOOL};
    r->cols = lg_xcalloc(3, sizeof(*r->cols));
    for (int k = 0; k < 3; k++) {
        r->cols[k].name = lg_xstrdup(names[k]);
        r->cols[k].type_oid = types[k];
        r->cols[k].typmod = -1;
    }
    r->ncols = 3;
    return true;
}

/* FROM t AS a(x, y): t's columns renamed, as the derived table (SELECT * FROM t) AS a(x, y)
 * (columns past the list keep their names, as in PostgreSQL). */
static void emit_renamed_table(emit_ctx_t *c, const PgQuery__RangeVar *rv)
{
    PgQuery__RangeVar inner = *rv;
    inner.alias = NULL;
    PgQuery__Node inner_node = PG_QUERY__NODE__INIT, star_node = PG_QUERY__NODE__INIT,
                  cr_node = PG_QUERY__NODE__INIT, rt_node = PG_QUERY__NODE__INIT,
                  sel_node = PG_QUERY__NODE__INIT;
    inner_node.node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
    inner_node.range_var = &inner;
    PgQuery__AStar star = PG_QUERY__A__STAR__INIT;
    star_node.node_case = PG_QUERY__NODE__NODE_A_STAR;
    star_node.a_star = &star;
    PgQuery__Node *fields[1] = {&star_node};
    PgQuery__ColumnRef cr = PG_QUERY__COLUMN_REF__INIT;
    cr.n_fields = 1;
    cr.fields = fields;
    cr.location = -1;
    cr_node.node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    cr_node.column_ref = &cr;
    PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
    rt.val = &cr_node;
    rt.location = -1;
    rt_node.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    rt_node.res_target = &rt;
    PgQuery__Node *targets[1] = {&rt_node}, *from[1] = {&inner_node};
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    sel.n_target_list = 1;
    sel.target_list = targets;
    sel.n_from_clause = 1;
    sel.from_clause = from;
    sel.op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    sel.limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    sel_node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    sel_node.select_stmt = &sel;
    PgQuery__RangeSubselect rs = PG_QUERY__RANGE_SUBSELECT__INIT;
    rs.subquery = &sel_node;
    rs.alias = rv->alias;
    emit_range_subselect(c, &rs);
}

void emit_from_item(emit_ctx_t *c, const PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
        const PgQuery__RangeVar *rv = n->range_var;
        if (!emit_query_schema_known(c, rv)) /* 42P01 for s.x of a missing schema s */
            return;
        if (strcmp(rv->schemaname, "pg_catalog") != 0 &&
            strcmp(rv->schemaname, "information_schema") != 0 && emit_sequence_relation(c, rv))
            return;
        if (rv->alias && rv->alias->n_colnames) {
            emit_renamed_table(c, rv);
            return;
        }
        const char *alias =
            rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname;
        if (!refname_unique(c, alias, rv->location))
            return;
        emit_rangevar(c, rv, true);
        emit_scope_add(c, alias, emit_relname(c, rv));
        return;
    }
    case PG_QUERY__NODE__NODE_JOIN_EXPR:
        emit_join(c, n->join_expr);
        return;
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
        emit_range_subselect(c, n->range_subselect);
        return;
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
        emit_range_function(c, n->range_function);
        return;
    default:
        emit_unsupported(c, -1, "this FROM item");
        return;
    }
}

void emit_from_list(emit_ctx_t *c, PgQuery__Node **items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        emit_str(c, i ? ", " : "");
        emit_from_item(c, items[i]);
    }
}

/* ---- WITH ---- */

/* A recursive CTE's columns have the types of its non-recursive term: that term is
 * translated dry first and the CTE registered with them, so the recursive term sees typed
 * columns ((d + 1)::date on a date column). Returns the registered entry or NULL. */
static emit_cte_t *pre_register_recursive(emit_ctx_t *c, const PgQuery__WithClause *w,
                                          const PgQuery__CommonTableExpr *cte)
{
    const PgQuery__SelectStmt *q = cte->ctequery->select_stmt;
    emit_scope_t *s = c->scope;
    if (!w->recursive || q->op != PG_QUERY__SET_OPERATION__SETOP_UNION || !q->larg || !s ||
        s->nctes >= EMIT_SCOPE_CTES)
        return NULL;
    lg_buf_t scratch, *saved = c->b;
    lg_buf_init(&scratch, 64u * 1024 * 1024); /* dry output is thrown away */
    c->b = &scratch;
    c->dry++;
    translate_stmt_t pre = {.ncols = -1};
    emit_select(c, q->larg, &pre);
    c->dry--;
    c->b = saved;
    lg_buf_deinit(&scratch);
    for (size_t k = 0; k < cte->n_aliascolnames && (int)k < pre.ncols; k++) {
        free(pre.cols[k].name);
        pre.cols[k].name = lg_xstrdup(emit_strval(cte->aliascolnames[k]));
    }
    emit_cte_t *e = &s->ctes[s->nctes++];
    snprintf(e->name, sizeof(e->name), "%s", cte->ctename);
    e->cols = pre.cols;
    e->ncols = pre.ncols > 0 ? pre.ncols : 0;
    return e;
}

/* Inserts the CTE column list of tmp's (renamed) columns at offset at of the output. */
static void dup_column_list_at(emit_ctx_t *c, size_t at, const translate_stmt_t *tmp)
{
    lg_buf_t b, *saved = c->b;
    lg_buf_init(&b, c->b->max);
    c->b = &b;
    emit_dup_column_list(c, tmp->cols, tmp->ncols);
    c->b = saved;
    lg_buf_putc(&b, 0);
    if (!b.failed)
        emit_insert_at(c, at, (const char *)b.data);
    else
        c->b->failed = true;
    lg_buf_deinit(&b);
}

void emit_with(emit_ctx_t *c, const PgQuery__WithClause *w)
{
    emit_check_with(c, w);
    emit_str(c, w->recursive ? "WITH RECURSIVE " : "WITH ");
    for (size_t i = 0; i < w->n_ctes; i++) {
        const PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
        if (!cte->ctequery || cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
            if (emit_modcte_ref(c, cte, i)) /* translate_emit_modcte.c */
                continue;
            emit_unsupported(c, cte->location, "data-modifying statement in WITH");
            return;
        }
        emit_str(c, i ? ", " : "");
        emit_ident(c, cte->ctename);
        size_t name_end = c->b->len;
        if (cte->n_aliascolnames) {
            emit_str(c, "(");
            for (size_t k = 0; k < cte->n_aliascolnames; k++) {
                emit_str(c, k ? ", " : "");
                emit_ident(c, emit_strval(cte->aliascolnames[k]));
            }
            emit_str(c, ")");
        }
        if (cte->search_clause || cte->cycle_clause) { /* never run one without it */
            emit_unsupported(
                c, -1, cte->cycle_clause ? "CYCLE in a WITH query" : "SEARCH in a WITH query");
            return;
        }
        if (cte->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeAlways)
            emit_str(c, " AS MATERIALIZED (");
        else if (cte->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeNever)
            emit_str(c, " AS NOT MATERIALIZED (");
        else
            emit_str(c, " AS (");
        emit_cte_t *pre = pre_register_recursive(c, w, cte);
        translate_stmt_t tmp = {.ncols = -1};
        size_t start = c->b->len;
        emit_select(c, cte->ctequery->select_stmt, &tmp);
        if (tmp.ncols < 0 && !c->failed && !c->b->failed) { /* SELECT *: SQLite describes it */
            char *txt = lg_xstrndup((const char *)c->b->data + start, c->b->len - start);
            emit_describe_columns(c, txt, &tmp);
            free(txt);
        }
        emit_str(c, ")");
        for (size_t k = 0; k < cte->n_aliascolnames && (int)k < tmp.ncols; k++) {
            free(tmp.cols[k].name);
            tmp.cols[k].name = lg_xstrdup(emit_strval(cte->aliascolnames[k]));
        }
        if (!cte->n_aliascolnames && !pre && emit_cols_dedup(tmp.cols, tmp.ncols))
            dup_column_list_at(c, name_end, &tmp); /* translate_emit_dupcol.c */
        emit_scope_t *s = c->scope;
        if (pre) { /* replace the pre-registered columns with the full query's */
            emit_cols_free(pre->cols, pre->ncols);
            pre->cols = tmp.cols;
            pre->ncols = tmp.ncols > 0 ? tmp.ncols : 0;
        } else if (s && s->nctes < EMIT_SCOPE_CTES) {
            emit_cte_t *e = &s->ctes[s->nctes++];
            snprintf(e->name, sizeof(e->name), "%s", cte->ctename);
            e->cols = tmp.cols;
            e->ncols = tmp.ncols > 0 ? tmp.ncols : 0;
        } else {
            emit_cols_free(tmp.cols, tmp.ncols);
        }
    }
    emit_str(c, " ");
}

/* ---- LIMIT ---- */

void emit_select_limit(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    if (s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) {
        emit_unsupported(c, -1, "FETCH ... WITH TIES");
        return;
    }
    const PgQuery__Node *cnt = s->limit_count;
    bool all = cnt && cnt->node_case == PG_QUERY__NODE__NODE_A_CONST && cnt->a_const->isnull;
    if (cnt && !all) {
        emit_str(c, " LIMIT ");
        emit_expr_as(c, cnt, PGTYPE_INT8, -1);
    } else if (s->limit_offset) {
        emit_str(c, " LIMIT -1");
    }
    if (s->limit_offset) {
        emit_str(c, " OFFSET ");
        emit_expr_as(c, s->limit_offset, PGTYPE_INT8, -1);
    }
}

/* ---- SELECT core ---- */

static void emit_group_by(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    if (!s->n_group_clause)
        return;
    emit_str(c, " GROUP BY ");
    for (size_t i = 0; i < s->n_group_clause; i++) {
        const PgQuery__Node *g = s->group_clause[i];
        if (g->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
            emit_unsupported(c, -1, "GROUPING SETS, ROLLUP and CUBE");
            return;
        }
        emit_str(c, i ? ", " : "");
        bool was = c->in_sort_group;
        c->in_sort_group = true;
        size_t start = c->b->len;
        emit_type_collate(c, start, emit_expr(c, g)); /* interval_cmp's groups */
        c->in_sort_group = was;
    }
}

static void emit_windows(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    for (size_t i = 0; i < s->n_window_clause; i++) {
        const PgQuery__WindowDef *w = s->window_clause[i]->window_def;
        emit_str(c, i ? ", " : " WINDOW ");
        emit_ident(c, w->name);
        emit_str(c, " AS ");
        emit_window_def(c, w);
    }
}

/* FROM ... WHERE ... GROUP BY ... HAVING ... WINDOW ... (already-emitted FROM text). */
void emit_select_tail(emit_ctx_t *c, const PgQuery__SelectStmt *s, const char *from)
{
    if (from[0])
        emit_fmt(c, " FROM %s", "");
    emit_str(c, from);
    if (s->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
    }
    emit_group_by(c, s);
    if (s->having_clause) {
        emit_str(c, " HAVING ");
        emit_expr_as(c, s->having_clause, PGTYPE_BOOL, -1);
    }
    emit_windows(c, s);
}

static char *emit_from_to_text(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    lg_buf_t fb;
    lg_buf_init(&fb, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &fb;
    emit_from_list(c, s->from_clause, s->n_from_clause);
    c->b = saved;
    lg_buf_putc(&fb, 0);
    size_t len;
    char *t = (char *)lg_buf_steal(&fb, &len);
    return t ? t : lg_xstrdup("");
}

/* Rank of a numeric type in PostgreSQL's implicit casts (int2 < int4 < int8 < numeric <
 * float4 < float8), 0 for other types. */
static int numeric_rank(uint32_t t)
{
    static const uint32_t k_order[] = {PGTYPE_INT2,    PGTYPE_INT4,   PGTYPE_INT8,
                                       PGTYPE_NUMERIC, PGTYPE_FLOAT4, PGTYPE_FLOAT8};
    for (int i = 0; i < (int)(sizeof(k_order) / sizeof(k_order[0])); i++)
        if (k_order[i] == t)
            return i + 1;
    return 0;
}

/* The type two branches of VALUES / UNION resolve to when both are numeric (1 and 1.5 give
 * numeric) or both date/time kinds; 0 when that is neither of them or they are equal. */
static uint32_t branch_common(uint32_t a, uint32_t b)
{
    int ra = numeric_rank(a), rb = numeric_rank(b);
    if (ra && rb && ra != rb)
        return ra > rb ? a : b;
    return emit_datetime_common(a, b);
}

/* Per column, the type all VALUES rows resolve to (0 = the first row's decides). */
static void values_common_types(emit_ctx_t *c, const PgQuery__SelectStmt *s, uint32_t *want,
                                size_t ncols)
{
    for (size_t i = 0; i < ncols; i++) {
        uint32_t t = 0;
        for (size_t r = 0; r < s->n_values_lists; r++) {
            const PgQuery__List *row = s->values_lists[r]->list;
            if (i >= row->n_items)
                continue;
            uint32_t rt = emit_peek_type(c, row->items[i]);
            uint32_t common = t ? branch_common(t, rt) : 0;
            t = !t || t == PGTYPE_UNKNOWN ? rt : common ? common : t;
        }
        want[i] = numeric_rank(t) || emit_datetime_common(t, PGTYPE_TIMESTAMPTZ) ? t : 0;
    }
}

static bool same_scale(int32_t a, int32_t b)
{
    return a == b ||
           (a >= 0 && b >= 0 &&
            emit_numeric_scale(PGTYPE_NUMERIC, a) == emit_numeric_scale(PGTYPE_NUMERIC, b));
}

static void emit_values(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out)
{
    emit_str(c, "VALUES ");
    size_t ncols = s->values_lists[0]->list->n_items;
    translate_col_t *cols = lg_xcalloc(ncols ? ncols : 1, sizeof(*cols));
    uint32_t *common = lg_xcalloc(ncols ? ncols : 1, sizeof(*common));
    if (s->n_values_lists > 1)
        values_common_types(c, s, common, ncols);
    for (size_t i = 0; i < ncols; i++)
        cols[i].type_oid = common[i];
    free(common);
    for (size_t r = 0; r < s->n_values_lists; r++) {
        const PgQuery__List *row = s->values_lists[r]->list;
        if (row->n_items != ncols && !c->failed)
            emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1, "VALUES lists must all be the same length");
        emit_str(c, r ? ", (" : "(");
        for (size_t i = 0; i < row->n_items; i++) {
            emit_str(c, i ? ", " : "");
            uint32_t want = i < ncols ? cols[i].type_oid : 0;
            c->last_typmod = -1;
            uint32_t t = emit_expr_as(c, row->items[i], want, -1);
            if (i < ncols && (!cols[i].type_oid || cols[i].type_oid == PGTYPE_UNKNOWN))
                cols[i].type_oid = t;
            if (i < ncols) /* a numeric scale all rows share is the column's */
                cols[i].typmod =
                    !r || same_scale(cols[i].typmod, c->last_typmod) ? c->last_typmod : -1;
        }
        emit_str(c, ")");
    }
    for (size_t i = 0; i < ncols; i++) {
        char name[32];
        snprintf(name, sizeof(name), "column%zu", i + 1);
        cols[i].name = lg_xstrdup(name);
        if (cols[i].type_oid != PGTYPE_NUMERIC)
            cols[i].typmod = -1;
        if (!cols[i].type_oid || cols[i].type_oid == PGTYPE_UNKNOWN)
            cols[i].type_oid = PGTYPE_TEXT;
    }
    if (out) {
        emit_cols_free(out->cols, out->ncols);
        out->cols = cols;
        out->ncols = (int)ncols;
    } else {
        emit_cols_free(cols, (int)ncols);
    }
}

static bool from_has_lateral(const PgQuery__Node *n)
{
    if (n->node_case == PG_QUERY__NODE__NODE_RANGE_SUBSELECT)
        return n->range_subselect->lateral;
    if (n->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR)
        return from_has_lateral(n->join_expr->larg) || from_has_lateral(n->join_expr->rarg);
    return false;
}

/* A LATERAL subquery is a json_each in SQLite: `*` would show json_each's columns. */
/* A * next to a LATERAL subquery must be listed column by column (emit_star_expand, with
 * the FROM items in scope): SQLite's own * would show the json_each columns the subquery
 * becomes (translate_emit_lateral.c). True (after a 0A000) when it cannot be. */
static bool lateral_star(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    bool lateral = false, star = false;
    for (size_t i = 0; i < s->n_from_clause; i++)
        lateral |= from_has_lateral(s->from_clause[i]);
    for (size_t i = 0; lateral && i < s->n_target_list; i++)
        star |= is_star(s->target_list[i]->res_target->val);
    if (!star)
        return false;
    PgQuery__Node **expanded = NULL;
    size_t n = 0;
    bool ok = emit_star_expand(c, s->target_list, s->n_target_list, &expanded, &n);
    for (size_t i = 0; ok && i < n; i++)
        ok = !is_star(expanded[i]->res_target->val);
    if (expanded)
        emit_star_free(expanded, n);
    if (!ok)
        emit_unsupported(c, -1, "* over a LATERAL subquery");
    return !ok;
}

/* HAVING without GROUP BY and without an aggregate in the select list: one group of all
 * rows for PostgreSQL, "HAVING clause on a non-aggregate query" for SQLite. */
static bool having_without_agg(const PgQuery__SelectStmt *s)
{
    if (!s->having_clause || s->n_group_clause || s->n_distinct_clause || !s->n_target_list)
        return false;
    for (size_t i = 0; i < s->n_target_list; i++) {
        const PgQuery__Node *v = s->target_list[i]->res_target->val;
        if (is_star(v) || emit_has_agg(v))
            return false;
    }
    return true;
}

/* SELECT <names> FROM (SELECT <targets>, count(*) AS _lg_agg FROM ... HAVING ...) */
static void emit_having_only(emit_ctx_t *c, const PgQuery__SelectStmt *s, const char *from,
                             translate_stmt_t *out)
{
    translate_stmt_t tmp = {.ncols = -1};
    translate_stmt_t *o = out ? out : &tmp;
    lg_buf_t inner;
    lg_buf_init(&inner, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &inner;
    emit_str(c, "SELECT ");
    emit_target_list(c, s->target_list, s->n_target_list, o);
    emit_str(c, ", count(*) AS _lg_agg");
    emit_select_tail(c, s, from);
    c->b = saved;
    lg_buf_putc(&inner, 0);
    emit_str(c, "SELECT ");
    for (int i = 0; i < o->ncols; i++) {
        emit_str(c, i ? ", " : "");
        emit_ident(c, o->cols[i].name);
    }
    emit_str(c, " FROM (");
    emit_str(c, inner.failed ? "" : (const char *)inner.data);
    emit_str(c, ") AS _lg_h");
    lg_buf_deinit(&inner);
    emit_cols_free(tmp.cols, tmp.ncols);
}

static void emit_simple_select(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out)
{
    bool top = c->exact_top;
    c->exact_top = false;
    if (s->into_clause) {
        emit_unsupported(c, -1, "SELECT INTO here");
        return;
    }
    if (s->n_locking_clause)
        c->writes = true; /* FOR UPDATE/SHARE: the writer lease serializes; no SQL needed */
    if (s->n_values_lists) {
        emit_check_row_locking(c, s); /* VALUES ... FOR UPDATE: 0A000 */
        /* SQLite takes no ORDER BY/LIMIT on VALUES; its columns are column1... as here */
        bool wrap = s->n_sort_clause || s->limit_count || s->limit_offset;
        emit_str(c, wrap ? "SELECT * FROM (" : "");
        emit_values(c, s, out);
        emit_str(c, wrap ? ")" : "");
        return;
    }
    if (emit_srf_rewrite(c, s)) /* SRF in the target list -> FROM (translate_emit_srf.c) */
        return;
    char *from = emit_from_to_text(c, s);
    if (lateral_star(c, s)) {
        free(from);
        return;
    }
    emit_check_select(c, s); /* PostgreSQL's parse-analysis errors (grouping, positions) */
    if (emit_select_wrapped(s)) {
        emit_window_filtered(c, s, from, out); /* translate_emit_winfilter.c */
        free(from);
        return;
    }
    if (having_without_agg(s)) {
        emit_having_only(c, s, from, out);
        free(from);
        return;
    }
    emit_str(c, s->n_distinct_clause ? "SELECT DISTINCT " : "SELECT ");
    if (s->n_target_list == 0) /* SQLite needs a column; exec describes this one as none */
        emit_str(c, "NULL AS " TRANSLATE_NO_COLUMNS);
    c->exact_sel = top ? s : NULL; /* the client's own output columns (translate_emit_exact.c) */
    c->exact_cols = 0;
    emit_target_list(c, s->target_list, s->n_target_list, out);
    c->exact_sel = NULL;
    emit_select_tail(c, s, from);
    free(from);
}

static bool needs_wrap_in_compound(const PgQuery__SelectStmt *s, bool right)
{
    bool setop = s->op > PG_QUERY__SET_OPERATION__SETOP_NONE;
    return s->n_sort_clause || s->limit_count || s->limit_offset || s->with_clause ||
           (setop && right);
}

static void emit_compound_arm(emit_ctx_t *c, const PgQuery__SelectStmt *s, bool right,
                              translate_stmt_t *out)
{
    if (needs_wrap_in_compound(s, right)) {
        emit_str(c, "SELECT * FROM (");
        emit_select(c, s, out);
        emit_str(c, ")");
    } else {
        emit_select(c, s, out);
    }
}

/* An arm emitted into its own buffer, so that it can still be wrapped (emit_arm_widened). */
static void emit_arm_text(emit_ctx_t *c, const PgQuery__SelectStmt *s, bool right,
                          translate_stmt_t *out, lg_buf_t *text)
{
    lg_buf_init(text, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = text;
    emit_compound_arm(c, s, right, out);
    c->b = saved;
    if (text->failed)
        c->b->failed = true;
}

/* Appends an arm's text; when a column of it is date and the other arm's timestamp (or
 * timestamp vs timestamptz), PostgreSQL's common type is the wider one, and an untyped
 * string literal takes the other arm's type; the arm's values are then converted, its
 * columns named by position (its own names may repeat):
 *   SELECT conv(_lg_c1) AS "c", _lg_c2 AS "d" FROM (WITH _lg_arm(_lg_c1, _lg_c2) AS (arm)
 *   SELECT * FROM _lg_arm)
 * `want` is that type per column (0 = unchanged). */
static void emit_arm_widened(emit_ctx_t *c, const lg_buf_t *text, const translate_stmt_t *arm,
                             const uint32_t *want, int n)
{
    bool any = false;
    for (int i = 0; i < n && i < arm->ncols; i++)
        any |= want[i] && arm->cols[i].type_oid != want[i];
    if (!any) {
        lg_buf_append(c->b, text->data, text->len);
        return;
    }
    emit_str(c, "SELECT ");
    for (int i = 0; i < arm->ncols; i++) {
        bool conv = i < n && want[i] && arm->cols[i].type_oid != want[i];
        emit_str(c, i ? ", " : "");
        if (conv)
            emit_fmt(c, "%s(", emit_converter(want[i]));
        emit_fmt(c, "_lg_c%d", i + 1);
        emit_str(c, conv ? ") AS " : " AS ");
        emit_ident(c, arm->cols[i].name ? arm->cols[i].name : "?column?");
    }
    emit_str(c, " FROM (WITH _lg_arm(");
    for (int i = 0; i < arm->ncols; i++)
        emit_fmt(c, "%s_lg_c%d", i ? ", " : "", i + 1);
    emit_str(c, ") AS (");
    lg_buf_append(c->b, text->data, text->len);
    emit_str(c, ") SELECT * FROM _lg_arm)");
}

#define SETOP_MAX_COLS 256

/* An arm whose columns are not known (SELECT *): SQLite describes them. */
static void describe_arm(emit_ctx_t *c, const lg_buf_t *text, translate_stmt_t *arm)
{
    if (arm->ncols >= 0 || c->failed || text->failed)
        return;
    char *sql = lg_xstrndup((const char *)text->data, text->len);
    emit_describe_columns(c, sql, arm);
    free(sql);
}

/* Is column i of arm an untyped string literal (SELECT 'a')? PostgreSQL gives it the other
 * arm's type. */
static bool arm_literal_col(const PgQuery__SelectStmt *arm, int i)
{
    if (!arm || arm->op != PG_QUERY__SET_OPERATION__SETOP_NONE || arm->n_values_lists ||
        i >= (int)arm->n_target_list)
        return false;
    const PgQuery__Node *v = arm->target_list[i]->res_target->val;
    return v && v->node_case == PG_QUERY__NODE__NODE_A_CONST && !v->a_const->isnull &&
           v->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
}

/* The type such a literal converts to next to a column of type t (0 = stays text). */
static uint32_t literal_target(uint32_t t)
{
    return numeric_rank(t) || t == PGTYPE_BOOL || t == PGTYPE_DATE || t == PGTYPE_UUID ? t : 0;
}

static const char *setop_name(const PgQuery__SelectStmt *s)
{
    return s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? "INTERSECT"
           : s->op == PG_QUERY__SET_OPERATION__SETOP_EXCEPT  ? "EXCEPT"
                                                             : "UNION";
}

/* ORDER BY of a set operation: an output column's name or position only (42P10 for a
 * position past the columns, 42703 for another name, 0A000 for an expression). */
static void check_setop_order(emit_ctx_t *c, const PgQuery__SelectStmt *s,
                              const translate_stmt_t *out)
{
    for (size_t i = 0; i < s->n_sort_clause && !c->failed; i++) {
        const PgQuery__Node *n = s->sort_clause[i]->sort_by->node;
        if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
            int pos = n->a_const->ival->ival;
            if (out->ncols >= 0 && (pos < 1 || pos > out->ncols))
                emit_error(c, "42P10", n->a_const->location,
                           "ORDER BY position %d is not in select list", pos);
            continue;
        }
        if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) {
            emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                       "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
            continue;
        }
        const PgQuery__ColumnRef *cr = n->column_ref;
        if (cr->n_fields != 1 || cr->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING) {
            emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                       "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
            continue;
        }
        bool found = out->ncols < 0;
        for (int k = 0; k < out->ncols && !found; k++)
            found = out->cols[k].name && !strcmp(out->cols[k].name, emit_strval(cr->fields[0]));
        if (!found)
            emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, cr->location,
                       "column \"%s\" does not exist", emit_strval(cr->fields[0]));
    }
}

static void emit_setop(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out)
{
    static const char *const k_ops[] = {"", "", " UNION ", " INTERSECT ", " EXCEPT "};
    translate_stmt_t ltmp = {.ncols = -1}, tmp = {.ncols = -1};
    translate_stmt_t *left = out ? out : &ltmp;
    lg_buf_t ltext, rtext;
    emit_arm_text(c, s->larg, false, left, &ltext);
    emit_arm_text(c, s->rarg, true, &tmp, &rtext);
    if (left->ncols >= 0 && tmp.ncols >= 0 && left->ncols != tmp.ncols && !c->failed)
        emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1,
                   "each %s query must have the same number of columns", setop_name(s));
    if (s->all && s->op != PG_QUERY__SET_OPERATION__SETOP_UNION) { /* translate_emit_setall.c */
        describe_arm(c, &ltext, left); /* SELECT *: SQLite lists its columns */
        describe_arm(c, &rtext, &tmp);
        if (!c->failed)
            emit_setop_all(c, s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT, &ltext, left,
                           &rtext, &tmp);
        lg_buf_deinit(&ltext);
        lg_buf_deinit(&rtext);
        emit_cols_free(tmp.cols, tmp.ncols);
        emit_cols_free(ltmp.cols, ltmp.ncols);
        return;
    }
    uint32_t want[SETOP_MAX_COLS] = {0};
    int n = left->ncols < tmp.ncols ? left->ncols : tmp.ncols;
    n = n < SETOP_MAX_COLS ? n : SETOP_MAX_COLS;
    for (int i = 0; i < n; i++) {
        want[i] = emit_datetime_common(left->cols[i].type_oid, tmp.cols[i].type_oid);
        if (!want[i] && arm_literal_col(s->larg, i)) /* 'a' UNION 1: 'a' is an integer */
            want[i] = literal_target(tmp.cols[i].type_oid);
        if (!want[i] && arm_literal_col(s->rarg, i))
            want[i] = literal_target(left->cols[i].type_oid);
    }
    emit_arm_widened(c, &ltext, left, want, n);
    emit_str(c, k_ops[s->op <= 4 ? s->op : 0]);
    if (s->all)
        emit_str(c, "ALL ");
    emit_arm_widened(c, &rtext, &tmp, want, n);
    lg_buf_deinit(&ltext);
    lg_buf_deinit(&rtext);
    /* PostgreSQL resolves unknown-typed columns from the other arm */
    for (int i = 0; i < left->ncols && i < tmp.ncols; i++) {
        if (left->cols[i].type_oid == PGTYPE_TEXT && tmp.cols[i].type_oid &&
            tmp.cols[i].type_oid != PGTYPE_TEXT)
            left->cols[i].type_oid = tmp.cols[i].type_oid;
        int ra = numeric_rank(left->cols[i].type_oid), rb = numeric_rank(tmp.cols[i].type_oid);
        if (ra && rb && ra != rb) { /* 1 UNION 1.5: numeric, each value as it is */
            left->cols[i].type_oid = branch_common(left->cols[i].type_oid, tmp.cols[i].type_oid);
            left->cols[i].typmod = -1;
        } else if (ra && rb && left->cols[i].typmod != tmp.cols[i].typmod) {
            left->cols[i].typmod = -1;
        }
        if (i < n && want[i]) {
            left->cols[i].type_oid = want[i];
            left->cols[i].typmod = -1;
        }
    }
    emit_cols_free(tmp.cols, tmp.ncols);
    emit_cols_free(ltmp.cols, ltmp.ncols);
}

static void emit_select_body(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out);

/* A SELECT nested in an output expression starts outside the exact output mode. */
void emit_select(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out)
{
    const PgQuery__SelectStmt *outer_sel = c->exact_sel, *outer_sort = c->exact_sort;
    bool outer_exact = c->exact;
    uint64_t outer_cols = c->exact_cols;
    c->exact_sel = c->exact_sort = NULL;
    c->exact = false;
    emit_select_body(c, s, out);
    c->exact_sel = outer_sel;
    c->exact_sort = outer_sort;
    c->exact = outer_exact;
    c->exact_cols = outer_cols;
}

static void emit_select_body(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out)
{
    if (s->into_clause && out && c->scope == NULL) { /* top-level SELECT ... INTO t */
        emit_select_into(c, s, out);
        return;
    }
    bool top = c->exact_top && emit_exact_select_ok(s);
    c->exact_top = false; /* CTEs and set-operation arms are not the output */
    emit_scope_push(c);
    if (s->with_clause)
        emit_with(c, s->with_clause);
    bool setop = s->op > PG_QUERY__SET_OPERATION__SETOP_NONE;
    bool grouping = !setop && emit_grouping_wanted(s);
    if (setop) {
        emit_check_setop_locking(c, s); /* translate_emit_rowlock.c */
        emit_setop(c, s, out);
    } else if (grouping) {
        c->exact_top = top;
        emit_grouping_select(c, s, out); /* does its own ORDER BY and LIMIT */
    } else {
        c->exact_top = top;
        emit_simple_select(c, s, out);
    }
    if (setop && s->n_sort_clause && out)
        check_setop_order(c, s, out);
    if ((!emit_select_wrapped(s) || setop) && !grouping) {
        if (s->n_sort_clause) {
            emit_str(c, " ORDER BY ");
            c->exact_sort = top && !setop ? s : NULL;
            emit_sort_list_of(c, s->sort_clause, s->n_sort_clause, out);
            c->exact_sort = NULL;
        }
        emit_select_limit(c, s);
    }
    emit_scope_pop(c);
}

uint32_t emit_subselect(emit_ctx_t *c, const PgQuery__Node *n)
{
    if (!n || n->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        emit_unsupported(c, -1, "this subquery");
        return 0;
    }
    translate_stmt_t tmp = {.ncols = -1};
    emit_str(c, "(");
    emit_select(c, n->select_stmt, &tmp);
    emit_str(c, ")");
    uint32_t t = tmp.ncols > 0 ? tmp.cols[0].type_oid : 0;
    emit_cols_free(tmp.cols, tmp.ncols);
    return t;
}
