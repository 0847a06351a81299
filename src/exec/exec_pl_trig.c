/* exec_pl_trig.c - row triggers at run time (metadata: include/translate/translate_fn.h).
 *
 *   lg_trigger(tbl, name, op, 'c1,c2', new..., old...)  called by the SQLite triggers of
 *     AFTER triggers and BEFORE DELETE triggers; evaluates WHEN, runs the function with
 *     NEW / OLD / TG_*; returns 1, or NULL when the function returned NULL (the BEFORE
 *     DELETE trigger then skips the row with RAISE(IGNORE)).
 *   lg_trig_before(tbl, op, 'set cols', 'c1,c2', new..., old...)  used by the INSERT /
 *     UPDATE rewrites (translate_emit_fnrow.c): runs the table's BEFORE triggers for op in
 *     name order (UPDATE OF cols: only when one of them is a SET target), each seeing the
 *     previous one's NEW; returns a handle of the final row, or NULL to skip the row.
 *   lg_trow(handle, k, n)  column k of the row; reading column n-1 releases the handle.
 *   lg_trig_guard(name, 0|1)  see translate_emit_fntrig.c.
 *   lg_trig_truncating()  WHERE clause of TRUNCATE's DELETE: row triggers stay quiet until
 *     the next job (TRUNCATE fires no row triggers in PostgreSQL).
 * Handles live in a per-connection store, indexed by handle; what a statement that failed
 * part-way leaves behind is dropped at the next job's start.
 * Worker thread (the connection's). */
#include "exec_pl.h"
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRIG_COLS 256

typedef struct trig_cache trig_cache_t; /* below */

struct pl_rowstore {
    trig_cache_t *cache; /* row layouts and trigger definitions (per schema generation) */
    int64_t passed;      /* rows read whole by lg_trow whose AFTER guard has not run yet */
    bool truncating;     /* a TRUNCATE is deleting: row triggers do not fire */
    /* rows[i] is handle base + i; live[i] until lg_trow read its last column */
    int n, cap, nlive;
    int64_t base;
    bool *live;
    pl_rec_t *rows;
};

static void rowstore_clear(pl_rowstore_t *rs)
{
    for (int i = 0; i < rs->n; i++)
        if (rs->live[i])
            pl_rec_clear(&rs->rows[i]);
    rs->base += rs->n;
    rs->n = rs->nlive = 0;
}

/* Job start: forgets the state a failed statement may have left. */
void pl_rowstore_reset_pass(pl_rowstore_t *rs)
{
    rs->passed = 0;
    rs->truncating = false;
    rowstore_clear(rs);
}

pl_rowstore_t *pl_rowstore_new(void)
{
    pl_rowstore_t *rs = lg_xcalloc(1, sizeof(pl_rowstore_t));
    rs->base = 1;
    return rs;
}

void pl_rowstore_free(pl_rowstore_t *rs)
{
    if (!rs)
        return;
    rowstore_clear(rs);
    free(rs->rows);
    free(rs->live);
    free(rs);
}

static int64_t rowstore_put(pl_rowstore_t *rs, pl_rec_t *row)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rs->rows = lg_xrealloc(rs->rows, sizeof(pl_rec_t) * (size_t)rs->cap);
        rs->live = lg_xrealloc(rs->live, sizeof(bool) * (size_t)rs->cap);
    }
    rs->rows[rs->n] = *row;
    rs->live[rs->n] = true;
    rs->nlive++;
    return rs->base + rs->n++;
}

static int rowstore_find(const pl_rowstore_t *rs, int64_t id)
{
    int64_t i = id - rs->base;
    return i >= 0 && i < rs->n && rs->live[i] ? (int)i : -1;
}

static void rowstore_release(pl_rowstore_t *rs, int i)
{
    pl_rec_clear(&rs->rows[i]);
    rs->live[i] = false;
    if (--rs->nlive == 0)
        rowstore_clear(rs);
}

typedef struct trig_cols {
    int n;
    char names[TRIG_COLS][64];
    uint32_t types[TRIG_COLS];
    int32_t typmods[TRIG_COLS];
} trig_cols_t;

static void on_col(void *ctx, const char *col, const catalog_coltype_t *t, int notnull, int pk)
{
    (void)notnull;
    (void)pk;
    trig_cols_t *tc = ctx;
    if (tc->n >= TRIG_COLS)
        return;
    snprintf(tc->names[tc->n], 64, "%s", col);
    tc->types[tc->n] = t->typoid;
    tc->typmods[tc->n++] = t->typmod;
}

/* Column names of a trigger call with their types: cached per (table, column list). */
typedef struct row_layout {
    bool stale; /* the table's columns are no longer these (ALTER TABLE / RENAME since) */
    int n;
    char **names;
    uint32_t *types;
    int32_t *typmods;
} row_layout_t;

static row_layout_t *layout_new(sqlite3 *db, const char *tbl, const char *cols)
{
    trig_cols_t *tc = lg_xcalloc(1, sizeof(*tc));
    catalog_table_columns(db, tbl, on_col, tc);
    char(*names)[64] = lg_xcalloc(TRIG_COLS, 64);
    row_layout_t *l = lg_xcalloc(1, sizeof(*l));
    l->n = translate_fn_split(cols, ',', names, TRIG_COLS);
    l->names = lg_xcalloc((size_t)l->n + 1, sizeof(char *));
    l->types = lg_xcalloc((size_t)l->n + 1, sizeof(uint32_t));
    l->typmods = lg_xcalloc((size_t)l->n + 1, sizeof(int32_t));
    l->stale = l->n != tc->n;
    for (int i = 0; i < l->n; i++) {
        l->names[i] = lg_xstrdup(names[i]);
        l->typmods[i] = -1;
        l->stale = l->stale || i >= tc->n || strcmp(tc->names[i], names[i]) != 0;
        for (int j = 0; j < tc->n; j++)
            if (!strcmp(tc->names[j], names[i])) {
                l->types[i] = tc->types[j];
                l->typmods[i] = tc->typmods[j];
            }
    }
    free(names);
    free(tc);
    return l;
}

static void layout_free(row_layout_t *l)
{
    for (int i = 0; l && i < l->n; i++)
        free(l->names[i]);
    if (l) {
        free(l->names);
        free(l->types);
        free(l->typmods);
    }
    free(l);
}

/* Builds a record from argv following layout l. */
static void build_row(const row_layout_t *l, sqlite3_value **vals, int n, bool isnull, pl_rec_t *r)
{
    memset(r, 0, sizeof(*r));
    r->isnull = isnull;
    r->n = l->n < n ? l->n : n;
    r->names = lg_xcalloc((size_t)r->n + 1, sizeof(char *));
    r->types = lg_xcalloc((size_t)r->n + 1, sizeof(uint32_t));
    r->typmods = lg_xcalloc((size_t)r->n + 1, sizeof(int32_t));
    r->vals = lg_xcalloc((size_t)r->n + 1, sizeof(sqlite3_value *));
    for (int i = 0; i < r->n; i++) {
        r->names[i] = lg_xstrdup(l->names[i]);
        r->types[i] = l->types[i];
        r->typmods[i] = l->typmods[i];
        if (!isnull && sqlite3_value_type(vals[i]) != SQLITE_NULL)
            r->vals[i] = sqlite3_value_dup(vals[i]);
    }
}

typedef struct trig_def {
    char name[128];
    char func[128];
    char timing;
    char cols[1024];
    char *when;
} trig_def_t;

static void read_def(sqlite3_stmt *q, trig_def_t *d)
{
    const char *t;
    snprintf(d->name, sizeof(d->name), "%s",
             (t = (const char *)sqlite3_column_text(q, 0)) ? t : "");
    snprintf(d->func, sizeof(d->func), "%s",
             (t = (const char *)sqlite3_column_text(q, 1)) ? t : "");
    t = (const char *)sqlite3_column_text(q, 2);
    d->timing = t ? t[0] : 'A';
    snprintf(d->cols, sizeof(d->cols), "%s",
             (t = (const char *)sqlite3_column_text(q, 3)) ? t : "");
    t = (const char *)sqlite3_column_text(q, 4);
    d->when = lg_xstrdup(t ? t : "");
}

/* Triggers of tbl: one by name, or every BEFORE trigger for event letter ev. */
static int load_defs(sqlite3 *db, const char *tbl, const char *name, const char *ev,
                     trig_def_t **out)
{
    sqlite3_stmt *q = NULL;
    const char *sql = name ? "SELECT name, func, timing, cols, whenexpr FROM main._lg_triggers "
                             "WHERE tbl = ?1 AND name = ?2"
                           : "SELECT t.name, t.func, t.timing, t.cols, t.whenexpr FROM "
                             "main._lg_triggers t WHERE t.tbl = ?1 AND t.timing = 'B' AND "
                             "instr(t.events, ?2) > 0 AND EXISTS (SELECT 1 FROM sqlite_schema m "
                             "WHERE m.type = 'trigger' AND m.name = '_lgtrg_' || t.tbl || '_' "
                             "|| t.name || '_M') ORDER BY t.name";
    *out = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return 0;
    }
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, name ? name : ev, -1, SQLITE_STATIC);
    int n = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        *out = lg_xrealloc(*out, sizeof(trig_def_t) * (size_t)(n + 1));
        read_def(q, &(*out)[n++]);
    }
    sqlite3_finalize(q);
    return n;
}

static void free_defs(trig_def_t *d, int n)
{
    for (int i = 0; i < n; i++)
        free(d[i].when);
    free(d);
}

/* One cached item: a row layout (key "L tbl cols") or trigger definitions ("D tbl x"). */
struct trig_cache {
    char *key;
    row_layout_t *layout;
    trig_def_t *defs;
    int ndefs;
    struct trig_cache *next;
};

void pl_rowstore_flush(pl_rowstore_t *rs)
{
    for (trig_cache_t *c = rs->cache, *next; c; c = next) {
        next = c->next;
        free(c->key);
        layout_free(c->layout);
        free_defs(c->defs, c->ndefs);
        free(c);
    }
    rs->cache = NULL;
}

static trig_cache_t *cache_get(pl_rowstore_t *rs, const char *kind, const char *tbl,
                               const char *what)
{
    char key[1400];
    snprintf(key, sizeof(key), "%s\x01%s\x01%s", kind, tbl, what);
    for (trig_cache_t *c = rs->cache; c; c = c->next)
        if (!strcmp(c->key, key))
            return c;
    trig_cache_t *c = lg_xcalloc(1, sizeof(*c));
    c->key = lg_xstrdup(key);
    c->ndefs = -1;
    c->next = rs->cache;
    rs->cache = c;
    return c;
}

static const row_layout_t *layout_get(pl_rowstore_t *rs, sqlite3 *db, const char *tbl,
                                      const char *cols)
{
    trig_cache_t *c = cache_get(rs, "L", tbl, cols);
    if (!c->layout)
        c->layout = layout_new(db, tbl, cols);
    return c->layout;
}

/* Cached load_defs: the returned array belongs to the cache. */
static int defs_get(pl_rowstore_t *rs, sqlite3 *db, const char *tbl, const char *name,
                    const char *ev, const trig_def_t **out)
{
    trig_cache_t *c = cache_get(rs, name ? "N" : "E", tbl, name ? name : ev);
    if (c->ndefs < 0)
        c->ndefs = load_defs(db, tbl, name, ev, &c->defs);
    *out = c->defs;
    return c->ndefs;
}

/* WHEN condition: runs as a one-statement PL/pgSQL function over NEW / OLD, compiled once
 * per connection and schema generation. */
static int eval_when(sqlite3 *db, exec_pl_t *pl, const trig_def_t *d, const pl_trig_t *t,
                     bool *pass, pl_err_t *err)
{
    *pass = true;
    if (!d->when[0])
        return 0;
    char key[300];
    snprintf(key, sizeof(key), " when %s.%s", t->table, d->name);
    lg_buf_t b;
    lg_buf_init(&b, 1u << 20);
    lg_buf_printf(&b,
                  "CREATE FUNCTION lg_when() RETURNS trigger LANGUAGE plpgsql AS $lg_when$ "
                  "BEGIN IF %s THEN RETURN coalesce(NEW, OLD); END IF; RETURN NULL; END "
                  "$lg_when$",
                  d->when);
    lg_buf_putc(&b, 0);
    pl_func_t *f = exec_pl_func_src(pl, key, (const char *)b.data, err);
    lg_buf_deinit(&b);
    if (!f)
        return -1;
    sqlite3_value *ret = NULL;
    pl_rec_t *rec = NULL;
    f->depth++;
    int rc = pl_run(db, f, 0, NULL, t, &ret, &rec, err);
    f->depth--;
    *pass = rec != NULL;
    if (rec) {
        pl_rec_clear(rec);
        free(rec);
    }
    sqlite3_value_free(ret);
    return rc;
}

/* Runs trigger d; *out gets the returned row (NULL = the function returned NULL). */
static int fire(sqlite3_context *ctx, const trig_def_t *d, pl_trig_t *t, pl_rec_t **out,
                bool *skipped_by_when, pl_err_t *err)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    exec_pl_t *pl = sqlite3_user_data(ctx);
    *out = NULL;
    *skipped_by_when = false;
    bool pass = true;
    if (eval_when(db, pl, d, t, &pass, err) != 0)
        return -1;
    if (!pass) {
        *skipped_by_when = true;
        return 0;
    }
    pl_func_t *f = exec_pl_func(pl, db, d->func, err);
    if (!f)
        return -1;
    if (!f->is_trigger || f->is_sql)
        return PL_ERR_SET(err, "42P17", "function %s must return type trigger", d->func);
    if (f->depth >= 50)
        return PL_ERR_SET(err, "54001", "stack depth limit exceeded");
    sqlite3_value *ret = NULL;
    f->depth++;
    int rc = pl_run(db, f, 0, NULL, t, &ret, out, err);
    f->depth--;
    sqlite3_value_free(ret);
    return rc;
}

/* WHERE clause of TRUNCATE's DELETE on a table with triggers: marks the statement. */
static void fn_trig_truncating(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    exec_pl_rows(sqlite3_user_data(ctx))->truncating = true;
    sqlite3_result_int(ctx, 1);
}

static void fn_trigger(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (exec_pl_rows(sqlite3_user_data(ctx))->truncating) {
        sqlite3_result_int(ctx, 1);
        return;
    }
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    pl_rowstore_t *rs = exec_pl_rows(sqlite3_user_data(ctx));
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *name = (const char *)sqlite3_value_text(argv[1]);
    const char *op = (const char *)sqlite3_value_text(argv[2]);
    const char *cols = (const char *)sqlite3_value_text(argv[3]);
    int n = (argc - 4) / 2;
    pl_err_t err = {0};
    const trig_def_t *defs = NULL;
    if (!tbl || !name || !op || !cols || defs_get(rs, db, tbl, name, NULL, &defs) != 1) {
        sqlite3_result_int(ctx, 1); /* trigger dropped meanwhile */
        return;
    }
    const row_layout_t *l = layout_get(rs, db, tbl, cols);
    if (l->stale) { /* its SQLite trigger still lists the old columns */
        PL_ERR_SET(&err, "0A000",
                   "trigger \"%s\" on \"%s\" was created before the table's "
                   "columns changed; drop and create it again",
                   name, tbl);
        pl_result_error(ctx, &err);
        return;
    }
    pl_rec_t nrow, orow;
    build_row(l, argv + 4, n, !strcmp(op, "DELETE"), &nrow);
    build_row(l, argv + 4 + n, n, !strcmp(op, "INSERT"), &orow);
    pl_trig_t t = {.op = op,
                   .when = defs[0].timing == 'B' ? "BEFORE" : "AFTER",
                   .name = name,
                   .table = tbl,
                   .new_row = &nrow,
                   .old_row = &orow};
    pl_rec_t *out = NULL;
    bool skipped = false;
    int rc = fire(ctx, &defs[0], &t, &out, &skipped, &err);
    if (rc != 0)
        pl_result_error(ctx, &err);
    else if (out || skipped || defs[0].timing != 'B')
        sqlite3_result_int(ctx, 1);
    if (out) {
        pl_rec_clear(out);
        free(out);
    }
    pl_rec_clear(&nrow);
    pl_rec_clear(&orow);
}

/* UPDATE OF cols: fires when one of them is among the SET targets. */
static bool update_of_matches(const char *cols, const char *targets)
{
    if (!cols[0])
        return true;
    char(*a)[64] = lg_xcalloc(TRIG_COLS, 64), (*b)[64] = lg_xcalloc(TRIG_COLS, 64);
    int na = translate_fn_split(cols, ',', a, TRIG_COLS);
    int nb = translate_fn_split(targets, ',', b, TRIG_COLS);
    bool hit = false;
    for (int i = 0; i < na && !hit; i++)
        for (int j = 0; j < nb && !hit; j++)
            hit = !strcmp(a[i], b[j]);
    free(a);
    free(b);
    return hit;
}

static void fn_trig_before(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    exec_pl_t *pl = sqlite3_user_data(ctx);
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *op = (const char *)sqlite3_value_text(argv[1]);
    const char *targets = (const char *)sqlite3_value_text(argv[2]);
    const char *cols = (const char *)sqlite3_value_text(argv[3]);
    int n = (argc - 4) / 2;
    if (!tbl || !op || !targets || !cols)
        return;
    pl_rowstore_t *rs = exec_pl_rows(pl);
    pl_rec_t cur, orow;
    bool ins = !strcmp(op, "INSERT");
    const row_layout_t *l = layout_get(rs, db, tbl, cols);
    build_row(l, argv + 4, n, false, &cur);
    build_row(l, argv + 4 + n, n, ins, &orow);
    const trig_def_t *defs = NULL;
    int nd = defs_get(rs, db, tbl, NULL, ins ? "I" : "U", &defs);
    pl_err_t err = {0};
    bool skip = false, failed = false;
    for (int i = 0; i < nd && !skip; i++) {
        if (!ins && !update_of_matches(defs[i].cols, targets))
            continue;
        pl_trig_t t = {.op = op,
                       .when = "BEFORE",
                       .name = defs[i].name,
                       .table = tbl,
                       .new_row = &cur,
                       .old_row = &orow};
        pl_rec_t *out = NULL;
        bool by_when = false;
        if (fire(ctx, &defs[i], &t, &out, &by_when, &err) != 0) {
            pl_result_error(ctx, &err);
            skip = failed = true;
            break;
        }
        if (by_when)
            continue;
        if (!out) {
            skip = true;
            break;
        }
        pl_rec_clear(&cur);
        cur = *out; /* the returned row becomes NEW */
        free(out);
    }
    if (!skip && !failed)
        sqlite3_result_int64(ctx, rowstore_put(rs, &cur));
    else
        pl_rec_clear(&cur);
    pl_rec_clear(&orow);
}

static void fn_trow(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pl_rowstore_t *rs = exec_pl_rows(sqlite3_user_data(ctx));
    int i = rowstore_find(rs, sqlite3_value_int64(argv[0]));
    int k = sqlite3_value_int(argv[1]);
    int n = sqlite3_value_int(argv[2]);
    if (i < 0) {
        sqlite3_result_error(ctx, "XX000:trigger row handle not found", -1);
        return;
    }
    pl_rec_t *r = &rs->rows[i];
    if (k >= 0 && k < r->n && r->vals[k])
        sqlite3_result_value(ctx, r->vals[k]);
    if (k == n - 1) {
        rs->passed++;
        rowstore_release(rs, i);
    }
}

/* lg_trig_guard(name, 0): BEFORE INSERT/UPDATE guard, fails unless the row came through
 * lg_trig_before / lg_trow; lg_trig_guard('', 1): AFTER the row, ends its pass. */
static void fn_trig_guard(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pl_rowstore_t *rs = exec_pl_rows(sqlite3_user_data(ctx));
    if (sqlite3_value_int(argv[1]) == 1) {
        if (rs->passed > 0)
            rs->passed--;
        return;
    }
    if (rs->passed > 0)
        return;
    char msg[300];
    const unsigned char *name = sqlite3_value_text(argv[0]);
    snprintf(msg, sizeof(msg),
             "0A000:statement was prepared before BEFORE trigger \"%s\" existed; prepare it "
             "again",
             name ? (const char *)name : "");
    sqlite3_result_error(ctx, msg, -1);
}

int pl_trig_register(sqlite3 *db, exec_pl_t *pl)
{
    if (sqlite3_create_function_v2(db, "lg_trig_guard", 2, SQLITE_UTF8, pl, fn_trig_guard, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_trig_truncating", 0, SQLITE_UTF8, pl, fn_trig_truncating,
                                   NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_create_function_v2(db, "lg_trigger", -1, SQLITE_UTF8, pl, fn_trigger, NULL, NULL,
                                   NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_trig_before", -1, SQLITE_UTF8, pl, fn_trig_before, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_trow", 3, SQLITE_UTF8, pl, fn_trow, NULL, NULL, NULL) !=
            SQLITE_OK)
        return -1;
    return 0;
}
