/* translate_emit_dml.c - INSERT (VALUES, SELECT, DEFAULT VALUES, ON CONFLICT with a column
 * list or ON CONSTRAINT resolved through the catalog, DO NOTHING / DO UPDATE ... WHERE,
 * RETURNING), UPDATE (FROM, multi-column SET, SET col = DEFAULT, RETURNING) and DELETE
 * (USING rewritten as a correlated EXISTS, RETURNING; FROM / USING items' columns in
 * RETURNING come from translate_emit_updfrom.c). Values assigned to columns are coerced to
 * the columns' recorded PostgreSQL types with PostgreSQL's assignment conversions
 * (translate_emit_assign.c). Worker thread only. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include "translate_emit_fn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DML_MAX_COLS 2000

typedef struct rowid_key {
    char col[128]; /* the table's rowid key column, "" when none */
    const char *rel;
} rowid_key_t;

typedef struct target_cols {
    int n;
    char **names;
    uint32_t *types;
    int32_t *typmods;
} target_cols_t;

static void on_table_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull,
                         int pk)
{
    (void)notnull;
    (void)pk;
    target_cols_t *tc = ctx;
    if (tc->n >= DML_MAX_COLS)
        return;
    tc->names[tc->n] = lg_xstrdup(col);
    tc->types[tc->n] = t->typoid;
    tc->typmods[tc->n] = t->typmod;
    tc->n++;
}

static void target_cols_init(target_cols_t *tc, size_t cap)
{
    tc->n = 0;
    tc->names = lg_xcalloc(cap ? cap : 1, sizeof(char *));
    tc->types = lg_xcalloc(cap ? cap : 1, sizeof(uint32_t));
    tc->typmods = lg_xcalloc(cap ? cap : 1, sizeof(int32_t));
}

static void target_cols_free(target_cols_t *tc)
{
    for (int i = 0; i < tc->n; i++)
        free(tc->names[i]);
    free(tc->names);
    free(tc->types);
    free(tc->typmods);
}

/* 42703 'column "c" of relation "t" does not exist' (at location) when table has no column
 * col (generated ones included); a table the catalog cannot list is left to SQLite. */
static bool target_column_known(emit_ctx_t *c, const char *table, const char *col, int location)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    bool known = true;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT count(*), count(*) FILTER (WHERE name = ?2) FROM "
                                 "pragma_table_xinfo(?1)",
                                 -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            known = sqlite3_column_int(st, 0) == 0 || sqlite3_column_int(st, 1) > 0;
    }
    sqlite3_finalize(st);
    if (known)
        return true;
    const char *dot = strchr(table, '.');
    emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, location,
               "column \"%s\" of relation \"%s\" does not exist", col, dot ? dot + 1 : table);
    return false;
}

/* Column list of an INSERT: the explicit one, else the table's columns from the catalog. */
static void insert_columns(emit_ctx_t *c, const PgQuery__InsertStmt *s, const char *table,
                           target_cols_t *tc)
{
    if (s->n_cols) {
        target_cols_init(tc, s->n_cols);
        for (size_t i = 0; i < s->n_cols; i++) {
            const PgQuery__ResTarget *rt = s->cols[i]->res_target;
            if (rt->n_indirection)
                emit_unsupported(c, rt->location, "INSERT into a subscript or field");
            target_column_known(c, table, rt->name, rt->location);
            for (size_t j = 0; j < i && !c->failed; j++)
                if (strcmp(s->cols[j]->res_target->name, rt->name) == 0)
                    emit_error(c, "42701", rt->location, "column \"%s\" specified more than once",
                               rt->name);
            tc->names[i] = lg_xstrdup(rt->name);
            tc->types[i] = emit_column_type(c, NULL, rt->name, &tc->typmods[i]);
            tc->n++;
        }
        return;
    }
    target_cols_init(tc, DML_MAX_COLS);
    if (c->opts && c->opts->catalog_db)
        catalog_table_columns((sqlite3 *)c->opts->catalog_db, table, on_table_col, tc);
}

static bool is_default(const PgQuery__Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT;
}

/* SQLite's view of table.col: returns its "hidden" value (0 plain, 2/3 generated) and
 * copies its default expression text ("" when none) into dflt; -1 when unknown. */
static int column_xinfo(emit_ctx_t *c, const char *table, const char *col, char *dflt, size_t cap)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    sqlite3_stmt *st = NULL;
    int hidden = -1;
    if (dflt && cap)
        dflt[0] = '\0';
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT hidden, dflt_value FROM pragma_table_xinfo(?1) "
                                  "WHERE name = ?2",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        hidden = sqlite3_column_int(st, 0);
        const char *d = (const char *)sqlite3_column_text(st, 1);
        if (d && dflt && cap)
            snprintf(dflt, cap, "%s", d);
    }
    sqlite3_finalize(st);
    return hidden;
}

static bool column_generated(emit_ctx_t *c, const char *table, const char *col)
{
    int h = column_xinfo(c, table, col, NULL, 0);
    return h == 2 || h == 3;
}

/* Columns whose value is DEFAULT in every row are left out (SQLite has no DEFAULT
 * keyword in VALUES); a DEFAULT in only some rows is replaced by the column's default
 * expression (NULL when it has none), as PostgreSQL fills it. */
static bool *default_columns(const PgQuery__SelectStmt *v, size_t ncols)
{
    bool *omit = lg_xcalloc(ncols ? ncols : 1, sizeof(bool));
    for (size_t i = 0; i < ncols; i++) {
        size_t nd = 0;
        for (size_t r = 0; r < v->n_values_lists; r++) {
            const PgQuery__List *row = v->values_lists[r]->list;
            nd += i < row->n_items && is_default(row->items[i]);
        }
        omit[i] = nd == v->n_values_lists;
    }
    return omit;
}

static void emit_column_default(emit_ctx_t *c, const char *table, const char *col)
{
    char dflt[1024];
    int h = column_xinfo(c, table, col, dflt, sizeof(dflt));
    if (h == 2 || h == 3) {
        emit_unsupported(c, -1, "DEFAULT for a generated column in only some rows of VALUES");
        return;
    }
    if (!dflt[0]) {
        emit_str(c, "NULL");
        return;
    }
    emit_str(c, "(");
    emit_str(c, dflt);
    emit_str(c, ")");
}

/* INSERT ... SELECT: the SELECT's values get the target columns' assignment conversions
 * (rounding, length and range checks), through a CTE that names its columns:
 *   WITH _lg_ins(_lg_c0, _lg_c1) AS (<select>) SELECT lg_to_numeric(_lg_c0, tm), ...
 * With ON CONFLICT the source needs a WHERE for SQLite's parser. With keys (ON CONFLICT DO
 * UPDATE) each row's key goes through lg_upsert_once, which raises 21000 when a key comes
 * twice (translate_emit_upsert.c); the rows are a subquery with LIMIT so that SQLite keeps
 * that WHERE in one place (it would copy it into each arm of a UNION ALL):
 *   WITH _lg_ins(...) AS (<select>) SELECT * FROM (SELECT ... FROM _lg_ins LIMIT -1)
 *   WHERE lg_upsert_once(0, _lg_c0) */
/* INSERT INTO t (a, b) SELECT $1, $2 ...: a parameter that is a whole select-list item takes
 * its target column's type, as PostgreSQL infers it. */
static void note_select_params(emit_ctx_t *c, const PgQuery__SelectStmt *sel,
                               const target_cols_t *tc)
{
    if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        return;
    for (size_t i = 0; i < sel->n_target_list && (int)i < tc->n; i++) {
        const PgQuery__Node *t = sel->target_list[i];
        const PgQuery__Node *v =
            t->node_case == PG_QUERY__NODE__NODE_RES_TARGET ? t->res_target->val : NULL;
        if (v && v->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
            emit_param_note(c, v->param_ref->number, tc->types[i]);
    }
}

static void emit_insert_select(emit_ctx_t *c, const PgQuery__SelectStmt *sel,
                               const target_cols_t *tc, bool upsert, const int *keypos, int nkeys)
{
    note_select_params(c, sel, tc);
    lg_buf_t sb;
    lg_buf_init(&sb, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &sb;
    translate_stmt_t tmp = {.ncols = -1};
    emit_select(c, sel, &tmp);
    c->b = saved;
    bool named = tmp.ncols > 0 && tmp.ncols <= tc->n;
    bool conv = named && emit_assign_needs_conversions(tc->types, tc->typmods, &tmp);
    for (int k = 0; k < nkeys; k++)
        if (!named || keypos[k] >= tmp.ncols)
            nkeys = 0; /* a key column the SELECT does not give */
    if (!conv && !nkeys) {
        emit_str(c, upsert ? " SELECT * FROM (" : " ");
        lg_buf_append(c->b, lg_buf_rptr(&sb), lg_buf_unread(&sb));
        emit_str(c, upsert ? ") WHERE true" : "");
    } else {
        emit_str(c, " ");
        emit_assign_cte(c, "_lg_ins", tmp.ncols, &sb);
        emit_str(c, nkeys ? " SELECT * FROM (" : " ");
        if (conv)
            emit_assign_conversions(c, tc->types, tc->typmods, &tmp, "_lg_ins");
        else
            emit_str(c, "SELECT * FROM _lg_ins");
        if (nkeys) {
            emit_str(c, " LIMIT -1)");
            emit_upsert_select_dupcheck(c, keypos, nkeys); /* emit_upsert.c */
        } else {
            emit_str(c, upsert ? " WHERE true" : "");
        }
    }
    lg_buf_deinit(&sb);
    emit_cols_free(tmp.cols, tmp.ncols);
}

/* The position among the first ncols target columns (omit: those DEFAULT in every row)
 * of the rowid key rk->col that the INSERT gives a value (-1: none, and the
 * INSERT fails as PostgreSQL's would). */
static int rowid_key_given(emit_ctx_t *c, const rowid_key_t *rk, const target_cols_t *tc,
                           size_t ncols, const bool *omit)
{
    if (!rk->col[0])
        return -1;
    for (size_t i = 0; i < ncols && (int)i < tc->n; i++)
        if (strcasecmp(tc->names[i], rk->col) == 0 && !omit[i])
            return (int)i;
    emit_rowid_key_missing(c, rk->col, rk->rel);
    return -1;
}

static void emit_insert_values(emit_ctx_t *c, const PgQuery__SelectStmt *v, const target_cols_t *tc,
                               bool explicit_cols, const char *table, const int *keypos, int nkeys,
                               const rowid_key_t *rk)
{
    size_t ncols = v->values_lists[0]->list->n_items;
    bool *omit = default_columns(v, ncols);
    size_t kept = 0;
    for (size_t i = 0; i < ncols; i++)
        kept += !omit[i];
    int keyi = rowid_key_given(c, rk, tc, ncols, omit);
    if (kept == 0) {
        emit_str(c, " DEFAULT VALUES");
        free(omit);
        return;
    }
    if (explicit_cols || kept != ncols || tc->n > 0) {
        emit_str(c, " (");
        for (size_t i = 0, k = 0; i < ncols; i++) {
            if (omit[i])
                continue;
            emit_str(c, k++ ? ", " : "");
            if ((int)i < tc->n)
                emit_ident(c, tc->names[i]);
            else
                emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1,
                           "INSERT has more expressions than target columns");
        }
        emit_str(c, ")");
    }
    emit_str(c, nkeys ? " SELECT * FROM (VALUES " : " VALUES ");
    for (size_t r = 0; r < v->n_values_lists; r++) {
        const PgQuery__List *row = v->values_lists[r]->list;
        if (row->n_items != ncols)
            emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, -1, "VALUES lists must all be the same length");
        emit_str(c, r ? ", (" : "(");
        for (size_t i = 0, k = 0; i < row->n_items && i < ncols; i++) {
            if (omit[i])
                continue;
            emit_str(c, k++ ? ", " : "");
            uint32_t t = (int)i < tc->n ? tc->types[i] : 0;
            int32_t tm = (int)i < tc->n ? tc->typmods[i] : -1;
            if ((int)i == keyi)
                emit_rowid_key_open(c);
            if (is_default(row->items[i]) && (int)i < tc->n)
                emit_column_default(c, table, tc->names[i]);
            else if ((int)i < tc->n) {
                emit_check_assign(c, row->items[i], t, tc->names[i]); /* emit_typecheck.c */
                emit_assign_value(c, row->items[i], t, tm);           /* translate_emit_assign.c */
            } else
                emit_expr_as(c, row->items[i], t, tm);
            if ((int)i == keyi)
                emit_rowid_key_close(c, rk->col, rk->rel);
        }
        emit_str(c, ")");
    }
    if (nkeys) {
        emit_str(c, ")");
        emit_upsert_dupcheck(c, v, keypos, nkeys, tc->types, tc->typmods);
    }
    free(omit);
}

static void emit_conflict_target(emit_ctx_t *c, const PgQuery__InferClause *inf, const char *table)
{
    if (inf->conname[0]) {
        char cols[1024];
        sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
        if (catalog_constraint_columns(db, table, inf->conname, cols, sizeof(cols)) != 0) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1,
                       "constraint \"%s\" for table \"%s\" does not exist", inf->conname, table);
            return;
        }
        emit_str(c, " (");
        char *save = NULL;
        int k = 0;
        for (char *tok = strtok_r(cols, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            emit_str(c, k++ ? ", " : "");
            emit_ident(c, tok);
        }
        emit_str(c, ")");
        return;
    }
    emit_str(c, " (");
    for (size_t i = 0; i < inf->n_index_elems; i++) {
        const PgQuery__IndexElem *ie = inf->index_elems[i]->index_elem;
        emit_str(c, i ? ", " : "");
        if (ie->name[0])
            emit_ident(c, ie->name);
        else
            emit_expr(c, ie->expr);
    }
    emit_str(c, ")");
    if (inf->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, inf->where_clause, PGTYPE_BOOL, -1);
    }
}

/* SET arr[i] = v on a one-dimensional array (stored as a JSON array): element i (1-based)
 * replaced, or set past the end with NULLs in between (lg_array_pad, sqlfn_arrayx.c, which
 * fails with 0A000 where PostgreSQL would move the array's lower bound). */
/* doc['k1']...['k{level}'] of a jsonb column being assigned (lg_jsonb_get steps). */
static void emit_jsonb_level(emit_ctx_t *c, const PgQuery__ResTarget *rt, size_t level)
{
    for (size_t i = 0; i < level; i++)
        emit_str(c, "lg_jsonb_get(");
    emit_ident(c, rt->name);
    for (size_t i = 0; i < level; i++) {
        emit_str(c, ", ");
        emit_expr_as(c, rt->indirection[i]->a_indices->uidx, PGTYPE_TEXT, -1);
        emit_str(c, ")");
    }
}

/* The new value of level `level`: that object with its key set to the next level's new
 * value (or, at the last subscript, to v; SQL NULL as JSON null); a missing or NULL object
 * on the way is '{}'. */
static void emit_jsonb_assign(emit_ctx_t *c, const PgQuery__ResTarget *rt, size_t level)
{
    emit_str(c, "jsonb_set(coalesce(");
    emit_jsonb_level(c, rt, level);
    emit_str(c, ", '{}'), json_array(");
    emit_expr_as(c, rt->indirection[level]->a_indices->uidx, PGTYPE_TEXT, -1);
    emit_str(c, "), ");
    if (level + 1 < rt->n_indirection) {
        emit_jsonb_assign(c, rt, level + 1);
    } else {
        emit_str(c, "coalesce(");
        emit_expr_as(c, rt->val, PGTYPE_JSONB, -1);
        emit_str(c, ", 'null')");
    }
    emit_str(c, ", 1)");
}

/* SET doc['a']['b'] = v on a jsonb column, as PostgreSQL 14's jsonb subscript assignment
 * with text keys: missing keys (and a NULL document) become objects. Integer subscripts,
 * which PostgreSQL pads into arrays, answer 0A000. */
static bool emit_set_jsonb_key(emit_ctx_t *c, const PgQuery__ResTarget *rt, size_t pos)
{
    for (size_t i = 0; i < rt->n_indirection; i++) {
        const PgQuery__Node *x = rt->indirection[i];
        const PgQuery__Node *key =
            x->node_case == PG_QUERY__NODE__NODE_A_INDICES && !x->a_indices->is_slice
                ? x->a_indices->uidx
                : NULL;
        uint32_t kt = key ? emit_peek_type(c, key) : 0;
        if (!key || !(kt == PGTYPE_UNKNOWN || emit_type_is_textlike(kt))) {
            emit_unsupported(c, rt->location, "UPDATE of a jsonb value by an integer subscript");
            return false;
        }
    }
    emit_str(c, pos ? ", " : "");
    emit_ident(c, rt->name);
    emit_str(c, " = ");
    emit_jsonb_assign(c, rt, 0);
    return true;
}

static bool emit_set_subscript(emit_ctx_t *c, const PgQuery__ResTarget *rt, const char *table,
                               size_t pos)
{
    int32_t tm;
    uint32_t t = emit_column_type(c, table, rt->name, &tm);
    if (t == PGTYPE_JSONB)
        return emit_set_jsonb_key(c, rt, pos);
    uint32_t elem = pgtype_array_elem(t);
    const PgQuery__Node *x = rt->indirection[0];
    if (rt->n_indirection != 1 || !elem || x->node_case != PG_QUERY__NODE__NODE_A_INDICES ||
        x->a_indices->is_slice || !x->a_indices->uidx) {
        emit_unsupported(c, rt->location, "UPDATE of this subscript or field");
        return false;
    }
    emit_str(c, pos ? ", " : "");
    emit_ident(c, rt->name);
    emit_str(c, " = (SELECT json_set(lg_array_pad(_lg_a, _lg_i), '$[' || (_lg_i - 1) || ']', ");
    emit_expr_as(c, rt->val, elem, -1);
    emit_str(c, ") FROM (SELECT ");
    emit_ident(c, rt->name);
    emit_str(c, " AS _lg_a, ");
    emit_expr_as(c, x->a_indices->uidx, PGTYPE_INT4, -1);
    emit_str(c, " AS _lg_i))");
    return true;
}

/* col = DEFAULT: the column's default expression, NULL when it has none; false (nothing
 * emitted) for a generated column, which keeps its computed value. */
static bool emit_set_default(emit_ctx_t *c, const char *table, const char *col)
{
    char dflt[1024];
    int h = column_xinfo(c, table, col, dflt, sizeof(dflt));
    if (h == 2 || h == 3)
        return false;
    emit_str(c, dflt[0] ? "(" : "NULL");
    emit_str(c, dflt);
    emit_str(c, dflt[0] ? ")" : "");
    return true;
}

/* SET a = x, (b, c) = (y, z), d = DEFAULT ... with values coerced to the columns' types.
 * With note_xmax (an upsert's DO UPDATE with RETURNING) the first plain assignment's value
 * goes through lg_xmax_note(rowid, v) so that RETURNING can tell updated rows
 * (translate_emit_upsert.c). `table` is the target's SQLite name, `alias` its name here. */
static void emit_set_list(emit_ctx_t *c, PgQuery__Node **items, size_t n, const char *table,
                          const char *alias, bool note_xmax)
{
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__ResTarget *rt = items[i]->res_target;
        if (rt->n_indirection) {
            if (!emit_set_subscript(c, rt, alias, done++))
                return;
            continue;
        }
        if (rt->val && rt->val->node_case == PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) {
            if (rt->val->multi_assign_ref->colno != 1)
                continue;
            emit_str(c, done++ ? ", " : "");
            emit_multi_assign(c, items + i, n - i, alias); /* translate_emit_assign.c */
            continue;
        }
        if (!target_column_known(c, table, rt->name, rt->location))
            return;
        lg_buf_t *b = c->b;
        size_t mark = b->len;
        emit_str(c, done ? ", " : "");
        emit_ident(c, rt->name);
        emit_str(c, " = ");
        emit_str(c, note_xmax ? "lg_xmax_note(rowid, " : "");
        if (is_default(rt->val)) {
            if (!emit_set_default(c, table, rt->name)) {
                b->len = mark; /* a generated column: left out */
                continue;
            }
        } else {
            int32_t tm;
            uint32_t t = emit_column_type(c, alias, rt->name, &tm);
            emit_check_assign(c, rt->val, t, rt->name); /* translate_emit_typecheck.c */
            emit_assign_value(c, rt->val, t, tm);       /* translate_emit_assign.c */
        }
        emit_str(c, note_xmax ? ")" : "");
        note_xmax = false;
        done++;
    }
    if (!done)
        emit_unsupported(c, -1, "UPDATE that sets only generated columns to DEFAULT");
}

static void emit_returning(emit_ctx_t *c, PgQuery__Node **items, size_t n, translate_stmt_t *out,
                           const char *alias)
{
    if (!n)
        return;
    out->returns_rows = true;
    emit_str(c, " RETURNING ");
    c->unqualify = alias;
    c->in_returning = true;
    emit_target_list(c, items, n, out);
    c->in_returning = false;
    c->unqualify = NULL;
}

static void emit_on_conflict(emit_ctx_t *c, const PgQuery__OnConflictClause *oc, const char *table,
                             const char *alias, bool note_xmax)
{
    emit_upsert_check_target(c, oc->infer, table);
    emit_str(c, " ON CONFLICT");
    if (oc->infer)
        emit_conflict_target(c, oc->infer, table);
    if (oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_NOTHING) {
        emit_str(c, " DO NOTHING");
        return;
    }
    if (!oc->infer) {
        emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, oc->location,
                   "ON CONFLICT DO UPDATE requires inference specification or constraint name");
        if (c->err)
            lg_pgerr_hint(c->err, "For example, ON CONFLICT (column_name).");
        return;
    }
    emit_rel_t *excluded = emit_scope_add(c, "excluded", table);
    emit_str(c, " DO UPDATE SET ");
    emit_set_list(c, oc->target_list, oc->n_target_list, table, alias, note_xmax);
    if (oc->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, oc->where_clause, PGTYPE_BOOL, -1);
    }
    /* EXCLUDED is seen by DO UPDATE only: in RETURNING it is a missing FROM item (42P01) */
    if (excluded && c->scope->nrels > 0 && &c->scope->rels[c->scope->nrels - 1] == excluded) {
        emit_cols_free(excluded->cols, excluded->ncols);
        memset(excluded, 0, sizeof(*excluded));
        c->scope->nrels--;
    }
}

/* PostgreSQL's DETAIL (and HINT) for a value given to a generated or GENERATED ALWAYS
 * identity column. */
static void generated_detail(emit_ctx_t *c, const char *col, bool generated, bool insert)
{
    if (generated) {
        lg_pgerr_detail(c->err, "Column \"%s\" is a generated column.", col);
        return;
    }
    lg_pgerr_detail(c->err, "Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
                    col);
    if (insert)
        lg_pgerr_hint(c->err, "Use OVERRIDING SYSTEM VALUE to override.");
}

/* GENERATED ALWAYS identity columns take only DEFAULT unless OVERRIDING SYSTEM VALUE;
 * generated (computed) columns take only DEFAULT. */
static void check_identity_insert(emit_ctx_t *c, const char *table, const target_cols_t *tc,
                                  const PgQuery__Node *src, bool overriding)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (!db || !src)
        return;
    const PgQuery__SelectStmt *v = src->select_stmt;
    for (int i = 0; i < tc->n; i++) {
        if ((overriding || catalog_column_identity(db, table, tc->names[i]) != 'a') &&
            !column_generated(c, table, tc->names[i]))
            continue;
        bool explicit_value = v->n_values_lists == 0;
        for (size_t r = 0; r < v->n_values_lists && !explicit_value; r++) {
            const PgQuery__List *row = v->values_lists[r]->list;
            explicit_value = (size_t)i < row->n_items && !is_default(row->items[i]);
        }
        if (explicit_value) {
            bool generated = column_generated(c, table, tc->names[i]);
            emit_error(c, "428C9", -1, "cannot insert a non-DEFAULT value into column \"%s\"",
                       tc->names[i]);
            if (c->err)
                generated_detail(c, tc->names[i], generated, true);
            return;
        }
    }
}

/* A data-modifying statement's target when it is a view (translate_emit_view.c). */
typedef struct dml_view {
    const char *verb;    /* "insert into", "update", "delete from" */
    int check_returning; /* RETURNING items (CHECK OPTION applies), -1: no check (DELETE) */
    bool is_view, checking;
    emit_view_t v;
    PgQuery__Node **ret; /* RETURNING with * listed as the view's columns (owned) */
    size_t nret;
} dml_view_t;

/* The start every data-modifying statement shares: a scope, its WITH clause, and its target
 * table in scope under its alias (a schema-qualified "s.x" without one is aliased x).
 * Returns the SQLite table name. */
static const char *dml_target(emit_ctx_t *c, const PgQuery__WithClause *with,
                              const PgQuery__RangeVar *rel, const char **alias, dml_view_t *dv)
{
    emit_scope_push(c);
    emit_query_schema_known(c, rel);
    dv->is_view = emit_view_target(c, rel, dv->verb, &dv->v); /* translate_emit_view.c */
    if (dv->is_view && dv->check_returning >= 0)
        dv->checking = emit_view_check_begin(c, &dv->v, (size_t)dv->check_returning);
    if (with)
        emit_with(c, with);
    const char *table = dv->is_view ? dv->v.base : emit_relname(c, rel);
    *alias = rel->alias && rel->alias->aliasname[0] ? rel->alias->aliasname : rel->relname;
    emit_scope_add(c, *alias, table);
    return table;
}

static void dml_rangevar(emit_ctx_t *c, const PgQuery__RangeVar *rel, const dml_view_t *dv)
{
    if (dv->is_view)
        emit_view_rangevar(c, &dv->v);
    else
        emit_rangevar(c, rel, true);
}

#define EMIT_RETURNING_MAX 256

static bool is_star_target(const PgQuery__Node *item)
{
    const PgQuery__Node *v = item->res_target->val;
    return v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
           v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
               PG_QUERY__NODE__NODE_A_STAR;
}

/* RETURNING * of a view shows the view's columns (its base table may have more): *items
 * becomes a list with each * replaced by them, freed by dml_view_end. */
static void dml_view_returning(emit_ctx_t *c, dml_view_t *dv, PgQuery__Node ***items, size_t *n)
{
    bool star = false;
    for (size_t i = 0; dv->is_view && i < *n; i++)
        star |= is_star_target((*items)[i]);
    if (!star)
        return;
    emit_rel_t view = {0};
    snprintf(view.table, sizeof(view.table), "%s", dv->v.view);
    char(*names)[EMIT_NAME_MAX] = lg_xcalloc(EMIT_RETURNING_MAX, EMIT_NAME_MAX);
    int k = emit_rel_columns(c, &view, names, EMIT_RETURNING_MAX);
    size_t cap = *n + (size_t)k * *n, m = 0;
    PgQuery__Node **out = lg_xcalloc(cap, sizeof(*out));
    for (size_t i = 0; i < *n; i++) {
        if (!is_star_target((*items)[i])) {
            out[m++] = (*items)[i];
            continue;
        }
        for (int j = 0; j < k; j++)
            out[m++] = emit_star_target(NULL, names[j]);
    }
    free(names);
    if (k == 0)
        emit_unsupported(c, -1, "RETURNING * of this view");
    dv->ret = out;
    dv->nret = m;
    *items = out;
    *n = m;
}

static void dml_view_end(emit_ctx_t *c, dml_view_t *dv)
{
    if (dv->checking)
        emit_view_check_end(c, &dv->v);
    if (dv->is_view)
        emit_view_free(&dv->v);
    if (dv->ret)
        emit_star_free(dv->ret, dv->nret);
}

/* OVERRIDING USER VALUE: the VALUES given for identity columns are replaced by DEFAULT
 * (the sequence's next value), as PostgreSQL ignores them; the parse tree is restored after
 * emitting (user_value_restore). */
#define USER_VALUE_MAX 256
typedef struct user_value {
    PgQuery__Node **slot[USER_VALUE_MAX];
    PgQuery__Node *orig[USER_VALUE_MAX];
    int n;
} user_value_t;

static void override_user_value(emit_ctx_t *c, const char *table, const target_cols_t *tc,
                                const PgQuery__Node *src, user_value_t *uv)
{
    static PgQuery__SetToDefault k_default = PG_QUERY__SET_TO_DEFAULT__INIT;
    static PgQuery__Node k_default_node = {PROTOBUF_C_MESSAGE_INIT(&pg_query__node__descriptor),
                                           PG_QUERY__NODE__NODE_SET_TO_DEFAULT,
                                           {.set_to_default = &k_default}};
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (!db || !src)
        return;
    const PgQuery__SelectStmt *v = src->select_stmt;
    if (!v->n_values_lists) {
        emit_unsupported(c, -1, "OVERRIDING USER VALUE with a query");
        return;
    }
    for (int i = 0; i < tc->n; i++) {
        if (!catalog_column_identity(db, table, tc->names[i]))
            continue;
        for (size_t r = 0; r < v->n_values_lists && uv->n < USER_VALUE_MAX; r++) {
            PgQuery__List *row = v->values_lists[r]->list;
            if ((size_t)i >= row->n_items)
                continue;
            uv->slot[uv->n] = &row->items[i];
            uv->orig[uv->n++] = row->items[i];
            row->items[i] = &k_default_node;
        }
    }
}

static void user_value_restore(user_value_t *uv)
{
    for (int k = 0; k < uv->n; k++)
        *uv->slot[k] = uv->orig[k];
    uv->n = 0;
}

void emit_insert(emit_ctx_t *c, const PgQuery__InsertStmt *s, translate_stmt_t *out)
{
    if (!emit_query_schema_known(c, s->relation) ||
        emit_insert_before_triggers(c, s, out)) /* BEFORE ROW triggers: translate_emit_fnrow.c */
        return;
    const char *alias;
    dml_view_t dv = {.verb = "insert into", .check_returning = (int)s->n_returning_list};
    const char *table = dml_target(c, s->with_clause, s->relation, &alias, &dv);
    emit_str(c, "INSERT INTO ");
    dml_rangevar(c, s->relation, &dv);
    target_cols_t tc;
    insert_columns(c, s, dv.is_view ? dv.v.view : table, &tc);
    const PgQuery__Node *src = s->select_stmt;
    user_value_t uv = {0};
    if (s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE)
        override_user_value(c, table, &tc, src, &uv);
    check_identity_insert(c, table, &tc, src,
                          s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE);
    rowid_key_t rk = {.rel = s->relation->relname};
    if (dv.is_view || !emit_rowid_key(c, table, rk.col, sizeof(rk.col)))
        rk.col[0] = '\0';
    if (!src) {
        if (rk.col[0])
            emit_rowid_key_missing(c, rk.col, rk.rel);
        emit_str(c, " DEFAULT VALUES");
    } else if (src->select_stmt->n_values_lists && !src->select_stmt->n_sort_clause &&
               !src->select_stmt->limit_count && !src->select_stmt->with_clause) {
        int keypos[32];
        int nkeys = emit_upsert_dupcheck_keys(c, s, table, tc.names, tc.n, keypos);
        emit_insert_values(c, src->select_stmt, &tc, s->n_cols > 0, table, keypos, nkeys, &rk);
    } else {
        if (s->n_cols) {
            emit_str(c, " (");
            for (int i = 0; i < tc.n; i++) {
                emit_str(c, i ? ", " : "");
                emit_ident(c, tc.names[i]);
            }
            emit_str(c, ")");
        }
        int keypos[32];
        int nkeys = emit_upsert_select_keys(c, s, table, tc.names, tc.n, keypos);
        emit_insert_select(c, src->select_stmt, &tc, s->on_conflict_clause != NULL, keypos, nkeys);
    }
    user_value_restore(&uv);
    target_cols_free(&tc);
    bool upd = s->on_conflict_clause &&
               s->on_conflict_clause->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;
    if (s->on_conflict_clause)
        emit_on_conflict(c, s->on_conflict_clause, table, alias, s->n_returning_list > 0);
    c->xmax_sql = upd ? "lg_xmax_take(rowid)" : "0";
    PgQuery__Node **ret = s->returning_list;
    size_t nret = s->n_returning_list;
    dml_view_returning(c, &dv, &ret, &nret);
    emit_returning(c, ret, nret, out, alias);
    c->xmax_sql = NULL;
    dml_view_end(c, &dv);
    emit_scope_pop(c);
}

static void check_identity_update(emit_ctx_t *c, const char *table, const PgQuery__UpdateStmt *s)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    for (size_t i = 0; db && i < s->n_target_list; i++) {
        const PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        if (!rt->name[0] || is_default(rt->val))
            continue;
        bool generated = column_generated(c, table, rt->name);
        if (generated || catalog_column_identity(db, table, rt->name) == 'a') {
            emit_error(c, "428C9", -1, "column \"%s\" can only be updated to DEFAULT", rt->name);
            if (c->err)
                generated_detail(c, rt->name, generated, false);
            return;
        }
    }
}

void emit_update(emit_ctx_t *c, const PgQuery__UpdateStmt *s, translate_stmt_t *out)
{
    if (!emit_query_schema_known(c, s->relation) ||
        emit_update_before_triggers(c, s, out)) /* BEFORE ROW triggers: translate_emit_fnrow.c */
        return;
    const char *alias;
    dml_view_t dv = {.verb = "update", .check_returning = (int)s->n_returning_list};
    const char *table = dml_target(c, s->with_clause, s->relation, &alias, &dv);
    PgQuery__Node **ret = s->returning_list;
    size_t nret = s->n_returning_list;
    bool updfrom = !dv.is_view && emit_updfrom_begin(c, s, table, alias, &ret, &nret);
    /* FROM first so that its names are in scope for SET and WHERE */
    lg_buf_t fb;
    lg_buf_init(&fb, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &fb;
    emit_from_list(c, s->from_clause, s->n_from_clause);
    c->b = saved;
    emit_str(c, "UPDATE ");
    dml_rangevar(c, s->relation, &dv);
    emit_str(c, " SET ");
    check_identity_update(c, table, s);
    emit_set_list(c, s->target_list, s->n_target_list, table, alias, false);
    if (s->n_from_clause) {
        emit_str(c, " FROM ");
        lg_buf_append(c->b, fb.data, fb.len);
    }
    lg_buf_deinit(&fb);
    if (s->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
    }
    if (dv.is_view)
        emit_view_where(c, &dv.v, s->where_clause != NULL);
    dml_view_returning(c, &dv, &ret, &nret);
    emit_updfrom_returning(c, table, updfrom);
    emit_returning(c, ret, nret, out, alias);
    emit_updfrom_returning(c, table, false);
    if (updfrom)
        emit_updfrom_end(c);
    dml_view_end(c, &dv);
    emit_scope_pop(c);
}

void emit_delete(emit_ctx_t *c, const PgQuery__DeleteStmt *s, translate_stmt_t *out)
{
    const char *alias;
    dml_view_t dv = {.verb = "delete from", .check_returning = -1};
    const char *table = dml_target(c, s->with_clause, s->relation, &alias, &dv);
    PgQuery__Node **ret = s->returning_list;
    size_t nret = s->n_returning_list;
    bool joined = !dv.is_view && emit_delusing_begin(c, s, table, alias, &ret, &nret);
    emit_str(c, "DELETE FROM ");
    dml_rangevar(c, s->relation, &dv);
    if (s->n_using_clause) {
        /* DELETE ... USING u WHERE p  ==  DELETE ... WHERE EXISTS (SELECT 1 FROM u WHERE p) */
        emit_str(c, " WHERE EXISTS (SELECT 1 FROM ");
        emit_from_list(c, s->using_clause, s->n_using_clause);
        if (s->where_clause) {
            emit_str(c, " WHERE ");
            emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
        }
        emit_str(c, ")");
    } else if (s->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
    }
    if (dv.is_view)
        emit_view_where(c, &dv.v, s->where_clause != NULL || s->n_using_clause);
    dml_view_returning(c, &dv, &ret, &nret);
    emit_updfrom_returning(c, table, joined); /* translate_emit_updfrom.c */
    emit_returning(c, ret, nret, out, alias);
    emit_updfrom_returning(c, table, false);
    if (joined)
        emit_updfrom_end(c);
    dml_view_end(c, &dv);
    emit_scope_pop(c);
}
