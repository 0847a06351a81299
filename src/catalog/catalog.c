/* catalog.c - the engine behind every catalog relation, and catalog_register_all.
 *
 * Each relation (catalog_int.h) is an eponymous-only, read-only virtual table: the module
 * is registered under the relation's name with the catalog_rel_t as its client data, so
 * `SELECT ... FROM pg_class` works on every connection without a CREATE VIRTUAL TABLE and
 * without writing to the database file.
 *
 * Snapshot cache: the first scan runs the relation's SELECT on the same connection and keeps
 * every row (sqlite3_value_dup) in a snapshot tagged with the connection's view of the
 * schema: (PRAGMA schema_version, PRAGMA data_version, sqlite3_total_changes, and inside a
 * transaction a hash of sqlite_schema, see schema_hash). A later scan
 * with the same tag reuses it, so the nested look-ups the SELECTs make (pg_class asks
 * lg_meta_indexes per row) cost a C loop instead of re-reading every table's pragmas.
 * Snapshots are reference counted: a cursor keeps the one it started on even if a write in
 * the same statement makes the relation rebuild one for the next scan.
 *
 * xBestIndex takes the first usable equality constraint; the cursor then skips rows whose
 * value differs. The constraint is not omitted (SQLite re-checks with the column's
 * affinity), and the skip compares loosely (16384 matches '16384': psql writes
 * oid = '16384'), so it never drops a row SQLite would keep.
 *
 * A relation marked empty_if_missing is empty when its SELECT cannot be prepared (the
 * metadata tables appear with the first DDL); a relation whose sql is NULL is always empty. */
#include "catalog.h"
#include "catalog_int.h"
#include "lg_err.h"
#include <stdlib.h>
#include <string.h>

typedef struct snap {
    int refs;
    sqlite3_int64 tag[4];
    int ncol;
    size_t nrows;
    sqlite3_value **cells; /* nrows * ncol */
} snap_t;

typedef struct vt {
    sqlite3_vtab base;
    sqlite3 *db;
    const catalog_rel_t *rel;
    int ncol;
    snap_t *snap;
    sqlite3_stmt *q_schema; /* PRAGMA main.schema_version */
    sqlite3_stmt *q_data;   /* PRAGMA main.data_version */
    sqlite3_stmt *q_sum;    /* sqlite_schema rows, hashed inside a transaction */
} vt_t;

typedef struct vt_cursor {
    sqlite3_vtab_cursor base;
    snap_t *snap;
    size_t row;
    int key_col; /* -1: no filter */
    sqlite3_value *key;
} vt_cursor_t;

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out,
                      char **err);
static int vt_best_index(sqlite3_vtab *tab, sqlite3_index_info *info);
static int vt_disconnect(sqlite3_vtab *tab);
static int vt_open(sqlite3_vtab *tab, sqlite3_vtab_cursor **out);
static int vt_close(sqlite3_vtab_cursor *cur);
static int vt_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
                     sqlite3_value **argv);
static int vt_next(sqlite3_vtab_cursor *cur);
static int vt_eof(sqlite3_vtab_cursor *cur);
static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col);
static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid);

static const sqlite3_module k_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only */
    .xConnect = vt_connect,
    .xBestIndex = vt_best_index,
    .xDisconnect = vt_disconnect,
    .xDestroy = vt_disconnect,
    .xOpen = vt_open,
    .xClose = vt_close,
    .xFilter = vt_filter,
    .xNext = vt_next,
    .xEof = vt_eof,
    .xColumn = vt_column,
    .xRowid = vt_rowid,
};

/* Counts the columns of "CREATE TABLE x(a t, b t(1,2), ...)": top-level commas + 1. */
static int count_columns(const char *decl)
{
    int depth = 0;
    int n = 1;
    for (const char *p = decl; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (*p == ',' && depth == 1)
            n++;
    }
    return n;
}

static void snap_unref(snap_t *s)
{
    if (!s || --s->refs > 0)
        return;
    for (size_t i = 0; i < s->nrows * (size_t)s->ncol; i++)
        sqlite3_value_free(s->cells[i]);
    sqlite3_free(s->cells);
    sqlite3_free(s);
}

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out,
                      char **err)
{
    (void)argc;
    (void)argv;
    (void)err;
    const catalog_rel_t *rel = aux;
    int rc = sqlite3_declare_vtab(db, rel->decl);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    vt_t *t = sqlite3_malloc(sizeof(*t));
    if (!t)
        return SQLITE_NOMEM;
    memset(t, 0, sizeof(*t));
    t->db = db;
    t->rel = rel;
    t->ncol = count_columns(rel->decl);
    *out = &t->base;
    return SQLITE_OK;
}

static int vt_best_index(sqlite3_vtab *tab, sqlite3_index_info *info)
{
    (void)tab;
    info->idxNum = 0;
    info->estimatedCost = 10000.0;
    info->estimatedRows = 1000;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (!c->usable || c->op != SQLITE_INDEX_CONSTRAINT_EQ || c->iColumn < 0)
            continue;
        info->idxNum = c->iColumn + 1;
        info->aConstraintUsage[i].argvIndex = 1;
        info->aConstraintUsage[i].omit = 0;
        info->estimatedCost = 100.0;
        info->estimatedRows = 10;
        break;
    }
    return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *tab)
{
    vt_t *t = (vt_t *)tab;
    snap_unref(t->snap);
    sqlite3_finalize(t->q_schema);
    sqlite3_finalize(t->q_data);
    sqlite3_finalize(t->q_sum);
    sqlite3_free(t);
    return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *tab, sqlite3_vtab_cursor **out)
{
    (void)tab;
    vt_cursor_t *c = sqlite3_malloc(sizeof(*c));
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    c->key_col = -1;
    *out = &c->base;
    return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *cur)
{
    vt_cursor_t *c = (vt_cursor_t *)cur;
    snap_unref(c->snap);
    sqlite3_value_free(c->key);
    sqlite3_free(c);
    return SQLITE_OK;
}

static sqlite3_int64 pragma_value(sqlite3 *db, sqlite3_stmt **st, const char *sql)
{
    if (!*st && sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_int64 v = sqlite3_step(*st) == SQLITE_ROW ? sqlite3_column_int64(*st, 0) : -1;
    sqlite3_reset(*st);
    return v;
}

/* FNV-1a over every name and sql of sqlite_schema. Inside a transaction schema_version
 * alone is not enough: after a ROLLBACK of DDL it returns to an old value that the next DDL
 * reuses for a different schema. */
static sqlite3_int64 schema_hash(vt_t *t)
{
    if (!t->q_sum && sqlite3_prepare_v3(t->db, "SELECT name, sql FROM main.sqlite_schema", -1,
                                        SQLITE_PREPARE_PERSISTENT, &t->q_sum, NULL) != SQLITE_OK)
        return -1;
    uint64_t h = 14695981039346656037u;
    while (sqlite3_step(t->q_sum) == SQLITE_ROW)
        for (int col = 0; col < 2; col++) {
            const unsigned char *p = sqlite3_column_text(t->q_sum, col);
            for (; p && *p; p++)
                h = (h ^ *p) * 1099511628211u;
            h = (h ^ 0xff) * 1099511628211u;
        }
    sqlite3_reset(t->q_sum);
    return (sqlite3_int64)(h >> 1);
}

static void set_error(vt_t *t)
{
    sqlite3_free(t->base.zErrMsg);
    t->base.zErrMsg = sqlite3_mprintf("%s: %s", t->rel->name, sqlite3_errmsg(t->db));
}

/* Appends one result row of st to s. SQLITE_OK or SQLITE_NOMEM. */
static int snap_add_row(snap_t *s, sqlite3_stmt *st, size_t *cap)
{
    if (s->nrows == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        sqlite3_value **nc = sqlite3_realloc64(s->cells, *cap * (size_t)s->ncol * sizeof(*nc));
        if (!nc)
            return SQLITE_NOMEM;
        s->cells = nc;
    }
    int have = sqlite3_column_count(st);
    for (int i = 0; i < s->ncol; i++) {
        sqlite3_value *v = sqlite3_value_dup(i < have ? sqlite3_column_value(st, i) : NULL);
        s->cells[s->nrows * (size_t)s->ncol + (size_t)i] = v;
    }
    s->nrows++;
    return SQLITE_OK;
}

/* Runs the relation's SELECT into a new snapshot tagged with tag. */
static int snap_build(vt_t *t, const sqlite3_int64 tag[4], snap_t **out)
{
    snap_t *s = sqlite3_malloc(sizeof(*s));
    if (!s)
        return SQLITE_NOMEM;
    memset(s, 0, sizeof(*s));
    s->refs = 1;
    s->ncol = t->ncol;
    memcpy(s->tag, tag, sizeof(s->tag));
    *out = s;
    if (!t->rel->sql)
        return SQLITE_OK;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(t->db, t->rel->sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        if (t->rel->empty_if_missing & CATALOG_EMPTY_IF_MISSING)
            return SQLITE_OK;
        set_error(t);
        return rc;
    }
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (snap_add_row(s, st, &cap) != SQLITE_OK) {
            rc = SQLITE_NOMEM;
            break;
        }
    if (rc != SQLITE_DONE)
        set_error(t);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The current snapshot (rebuilt when the tag moved), with a reference for the caller. */
static int snap_get(vt_t *t, snap_t **out)
{
    sqlite3_int64 tag[4] = {
        pragma_value(t->db, &t->q_schema, "PRAGMA main.schema_version"),
        pragma_value(t->db, &t->q_data, "PRAGMA main.data_version"),
        sqlite3_total_changes(t->db),
        sqlite3_get_autocommit(t->db) ? 0 : schema_hash(t),
    };
    if (!t->snap || (t->rel->empty_if_missing & CATALOG_PER_SESSION) ||
        memcmp(t->snap->tag, tag, sizeof(tag)) != 0) {
        snap_t *s = NULL;
        int rc = snap_build(t, tag, &s);
        if (rc != SQLITE_OK) {
            snap_unref(s);
            return rc;
        }
        snap_unref(t->snap);
        t->snap = s;
    }
    t->snap->refs++;
    *out = t->snap;
    return SQLITE_OK;
}

/* Loose equality for the pushed-down constraint: numbers compare as numbers, anything
 * against text compares as text. NULL matches nothing. */
static int loose_eq(sqlite3_value *a, sqlite3_value *b)
{
    int ta = sqlite3_value_type(a);
    int tb = sqlite3_value_type(b);
    if (ta == SQLITE_NULL || tb == SQLITE_NULL)
        return 0;
    if ((ta == SQLITE_INTEGER || ta == SQLITE_FLOAT) &&
        (tb == SQLITE_INTEGER || tb == SQLITE_FLOAT))
        return ta == SQLITE_INTEGER && tb == SQLITE_INTEGER
                   ? sqlite3_value_int64(a) == sqlite3_value_int64(b)
                   : sqlite3_value_double(a) == sqlite3_value_double(b);
    const unsigned char *sa = sqlite3_value_text(a);
    const unsigned char *sb = sqlite3_value_text(b);
    return sa && sb && strcmp((const char *)sa, (const char *)sb) == 0;
}

static void skip_nonmatching(vt_cursor_t *c)
{
    if (c->key_col < 0)
        return;
    while (c->row < c->snap->nrows &&
           !loose_eq(c->snap->cells[c->row * (size_t)c->snap->ncol + (size_t)c->key_col], c->key))
        c->row++;
}

static int vt_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxstr, int argc,
                     sqlite3_value **argv)
{
    (void)idxstr;
    vt_cursor_t *c = (vt_cursor_t *)cur;
    vt_t *t = (vt_t *)cur->pVtab;
    snap_unref(c->snap);
    c->snap = NULL;
    sqlite3_value_free(c->key);
    c->key = NULL;
    c->key_col = -1;
    c->row = 0;
    int rc = snap_get(t, &c->snap);
    if (rc != SQLITE_OK)
        return rc;
    if (idx > 0 && argc > 0) {
        c->key = sqlite3_value_dup(argv[0]);
        if (!c->key)
            return SQLITE_NOMEM;
        c->key_col = idx - 1;
    }
    skip_nonmatching(c);
    return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *cur)
{
    vt_cursor_t *c = (vt_cursor_t *)cur;
    c->row++;
    skip_nonmatching(c);
    return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *cur)
{
    vt_cursor_t *c = (vt_cursor_t *)cur;
    return !c->snap || c->row >= c->snap->nrows;
}

static int vt_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    vt_cursor_t *c = (vt_cursor_t *)cur;
    if (col >= 0 && col < c->snap->ncol) {
        sqlite3_value *v = c->snap->cells[c->row * (size_t)c->snap->ncol + (size_t)col];
        if (v)
            sqlite3_result_value(ctx, v);
    }
    return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = (sqlite3_int64)((vt_cursor_t *)cur)->row + 1;
    return SQLITE_OK;
}

static int register_rel(sqlite3 *db, const catalog_rel_t *r)
{
    /* the cast drops const: SQLite's client-data pointer is void *, we never write */
    return sqlite3_create_module_v2(db, r->name, &k_module, (void *)(uintptr_t)r, NULL) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}

int catalog_register_all(sqlite3 *db)
{
    const catalog_rel_t *const lists[] = {
        catalog__rels_meta,         catalog__rels_pg_class,
        catalog__rels_pg_attribute, catalog__rels_pg_constraint,
        catalog__rels_pg_misc,      catalog__rels_pg_views,
        catalog__rels_is,           catalog__rels_is_cons,
        catalog__rels_pg_ops,
    };
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        for (const catalog_rel_t *r = lists[i]; r->name; r++)
            if (register_rel(db, r) != 0)
                return LG_EINVAL;
    const catalog_rel_t *pgtype = catalog__pg_type_rel();
    if (!pgtype)
        return LG_ENOMEM;
    if (register_rel(db, pgtype) != 0)
        return LG_EINVAL;
    if (catalog__fn_oid_register(db) != 0 || catalog__fn_register(db) != 0 ||
        catalog__fn_def_register(db) != 0 || catalog__fn_body_register(db) != 0 ||
        catalog__fn_proc_register(db) != 0 || catalog__fn_gen_register(db) != 0 ||
        catalog__fn_type_register(db) != 0 || catalog__fn_reg_register(db) != 0 ||
        catalog__fn_nsp_register(db) != 0 || catalog__fn_path_register(db) != 0 ||
        catalog__fn_fk_register(db) != 0)
        return LG_EINVAL;
    return 0;
}
