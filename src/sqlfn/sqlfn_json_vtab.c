/* sqlfn_json_vtab.c - table-valued functions over JSON text, as eponymous virtual tables
 * whose last column is the HIDDEN input argument:
 *   jsonb_each(j) / json_each_pg(j)          -> key, value (JSON)
 *   jsonb_each_text(j) / json_each_text(j)   -> key, value (TEXT, strings decoded)
 *   json(b)_array_elements(j)                -> value (JSON)
 *   json(b)_array_elements_text(j)           -> value (TEXT)
 *   json(b)_object_keys(j)                   -> json(b)_object_keys
 *   unnest(a)                                -> unnest (SQL values: numbers, text, NULL,
 *                                               true/false as 1/0; a multi-dimensional
 *                                               array's elements in row-major order)
 * PostgreSQL's json_each is named json_each_pg here because SQLite's own json_each (a
 * different row shape) must keep working. Rows come out in document order; a wrong input
 * kind is 22023 as in PostgreSQL. Each cursor owns a copy of its input text. */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

typedef enum { TV_EACH, TV_EACH_TEXT, TV_ELEMS, TV_ELEMS_TEXT, TV_KEYS, TV_UNNEST } tv_kind_t;

typedef struct tvdef {
    const char *name;
    tv_kind_t kind;
    const char *schema;
    int ncols; /* visible columns; the hidden input is column ncols */
} tvdef_t;

typedef struct tvtab {
    sqlite3_vtab base;
    const tvdef_t *def;
} tvtab_t;

typedef struct tvcur {
    sqlite3_vtab_cursor base;
    char *text;
    jdoc_t doc;
    bool parsed;
    int32_t node; /* current child (key node for objects), -1 at EOF */
    sqlite3_int64 rowid;
} tvcur_t;

static tvdef_t tvdefs[] = { /* not const: SQLite's pAux is void * */
    {"jsonb_each", TV_EACH, "CREATE TABLE x(key TEXT, value TEXT, input HIDDEN)", 2},
    {"json_each_pg", TV_EACH, "CREATE TABLE x(key TEXT, value TEXT, input HIDDEN)", 2},
    {"jsonb_each_text", TV_EACH_TEXT, "CREATE TABLE x(key TEXT, value TEXT, input HIDDEN)", 2},
    {"json_each_text", TV_EACH_TEXT, "CREATE TABLE x(key TEXT, value TEXT, input HIDDEN)", 2},
    {"jsonb_array_elements", TV_ELEMS, "CREATE TABLE x(value TEXT, input HIDDEN)", 1},
    {"json_array_elements", TV_ELEMS, "CREATE TABLE x(value TEXT, input HIDDEN)", 1},
    {"jsonb_array_elements_text", TV_ELEMS_TEXT, "CREATE TABLE x(value TEXT, input HIDDEN)",
     1},
    {"json_array_elements_text", TV_ELEMS_TEXT, "CREATE TABLE x(value TEXT, input HIDDEN)", 1},
    {"jsonb_object_keys", TV_KEYS, "CREATE TABLE x(jsonb_object_keys TEXT, input HIDDEN)", 1},
    {"json_object_keys", TV_KEYS, "CREATE TABLE x(json_object_keys TEXT, input HIDDEN)", 1},
    {"unnest", TV_UNNEST, "CREATE TABLE x(unnest, input HIDDEN)", 1},
};

static int tv_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **err)
{
    (void)argc;
    (void)argv;
    (void)err;
    const tvdef_t *def = aux;
    int rc = sqlite3_declare_vtab(db, def->schema);
    if (rc != SQLITE_OK) {
        return rc;
    }
    tvtab_t *t = sqlite3_malloc(sizeof *t);
    if (t == NULL) {
        return SQLITE_NOMEM;
    }
    memset(t, 0, sizeof *t);
    t->def = def;
    *out = &t->base;
    return SQLITE_OK;
}

static int tv_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

static int tv_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    const tvdef_t *def = ((tvtab_t *)vt)->def;
    int found = -1;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn == def->ncols && c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!c->usable) {
                return SQLITE_CONSTRAINT;
            }
            found = i;
        }
    }
    if (found < 0) {
        sqlite3_free(vt->zErrMsg);
        vt->zErrMsg = sqlite3_mprintf("42883:%s() requires one argument", def->name);
        return SQLITE_ERROR;
    }
    info->aConstraintUsage[found].argvIndex = 1;
    info->aConstraintUsage[found].omit = 1;
    info->estimatedCost = 10.0;
    info->estimatedRows = 10;
    return SQLITE_OK;
}

static int tv_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    (void)vt;
    tvcur_t *c = lg_xcalloc(1, sizeof *c);
    c->node = -1;
    *out = &c->base;
    return SQLITE_OK;
}

static void cur_reset(tvcur_t *c)
{
    if (c->parsed) {
        sqlfn_json_free(&c->doc);
    }
    free(c->text);
    c->text = NULL;
    c->parsed = false;
    c->node = -1;
}

static int tv_close(sqlite3_vtab_cursor *cur)
{
    tvcur_t *c = (tvcur_t *)cur;
    cur_reset(c);
    free(c);
    return SQLITE_OK;
}

/* The PostgreSQL error for input root kind k in function def, or NULL if acceptable. */
static const char *kind_error(const tvdef_t *def, jn_kind_t k)
{
    bool obj = def->kind == TV_EACH || def->kind == TV_EACH_TEXT || def->kind == TV_KEYS;
    if (obj) {
        return k == JN_OBJECT ? NULL : k == JN_ARRAY ? "on an array" : "on a scalar";
    }
    return k == JN_ARRAY ? NULL : k == JN_OBJECT ? "from an object" : "from a scalar";
}

/* jsonb stores an object's keys sorted (shorter first) with duplicates removed, and the
 * jsonb functions iterate in that order: re-parse the text in its jsonb form. */
static bool cur_canonicalize(tvcur_t *c)
{
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    sqlfn__json_write(&b, &c->doc, 0, JW_JSONB);
    lg_buf_putc(&b, 0);
    if (b.failed) {
        lg_buf_deinit(&b);
        return false;
    }
    size_t n = 0;
    char *text = (char *)lg_buf_steal(&b, &n);
    sqlfn_json_free(&c->doc);
    free(c->text);
    c->text = text;
    return sqlfn_json_parse(&c->doc, c->text, n - 1) == 0; /* parsed stays: free either way */
}

/* unnest walks a multi-dimensional array's elements in storage (row-major) order: the
 * non-array nodes of the pre-order node list, from node i on; -1 when none is left. */
static int32_t unnest_leaf(const jdoc_t *d, size_t i)
{
    for (; i < d->n; i++)
        if (d->nodes[i].kind != JN_ARRAY)
            return (int32_t)i;
    return -1;
}

/* The node after node i and everything nested in it. */
static size_t after_subtree(const jdoc_t *d, int32_t i)
{
    size_t j = (size_t)i + 1;
    while (j < d->n && d->nodes[j].start < d->nodes[i].end)
        j++;
    return j;
}

static int tv_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                     sqlite3_value **argv)
{
    (void)idx;
    (void)idxs;
    tvcur_t *c = (tvcur_t *)cur;
    const tvdef_t *def = ((tvtab_t *)cur->pVtab)->def;
    cur_reset(c);
    c->rowid = 1;
    if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        return SQLITE_OK;
    }
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    c->text = lg_xmemdup(sqlite3_value_text(argv[0]), n + 1);
    c->parsed = true;
    if (sqlfn_json_parse(&c->doc, c->text, n) != 0) {
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf("22P02:invalid input syntax for type json");
        return SQLITE_ERROR;
    }
    const char *err = kind_error(def, c->doc.nodes[0].kind);
    if (err != NULL) {
        bool obj = def->kind == TV_EACH || def->kind == TV_EACH_TEXT || def->kind == TV_KEYS;
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = obj ? sqlite3_mprintf("22023:cannot call %s %s", def->name, err)
                                  : sqlite3_mprintf("22023:cannot extract elements %s", err);
        return SQLITE_ERROR;
    }
    bool jsonb = strncmp(def->name, "jsonb", 5) == 0;
    if (jsonb && c->doc.nodes[0].kind == JN_OBJECT && !cur_canonicalize(c)) {
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf("54000:jsonb value too large");
        return SQLITE_ERROR;
    }
    c->node = def->kind == TV_UNNEST ? unnest_leaf(&c->doc, 1) : c->doc.nodes[0].child;
    return SQLITE_OK;
}

static int tv_next(sqlite3_vtab_cursor *cur)
{
    tvcur_t *c = (tvcur_t *)cur;
    if (((tvtab_t *)cur->pVtab)->def->kind == TV_UNNEST)
        c->node = unnest_leaf(&c->doc, after_subtree(&c->doc, c->node));
    else
        c->node = c->doc.nodes[c->node].next;
    c->rowid++;
    return SQLITE_OK;
}

static int tv_eof(sqlite3_vtab_cursor *cur)
{
    return ((tvcur_t *)cur)->node < 0;
}

void sqlfn__json_result_sql(sqlite3_context *ctx, const jdoc_t *d, int32_t e)
{
    const jnode_t *nd = &d->nodes[e];
    const char *s = d->src + nd->start;
    switch (nd->kind) {
    case JN_NULL:
        sqlite3_result_null(ctx);
        break;
    case JN_TRUE:
    case JN_FALSE:
        sqlite3_result_int(ctx, nd->kind == JN_TRUE);
        break;
    case JN_NUMBER:
        if (memchr(s, '.', nd->end - nd->start) == NULL &&
            memchr(s, 'e', nd->end - nd->start) == NULL &&
            memchr(s, 'E', nd->end - nd->start) == NULL && nd->end - nd->start < 19) {
            sqlite3_result_int64(ctx, strtoll(s, NULL, 10));
        } else {
            sqlite3_result_double(ctx, strtod(s, NULL));
        }
        break;
    case JN_STRING:
        sqlfn__json_result_text(ctx, d, e, JW_RAW);
        break;
    default:
        sqlfn__json_result_node(ctx, d, e, JW_RAW);
        break;
    }
}

static int tv_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    tvcur_t *c = (tvcur_t *)cur;
    const tvdef_t *def = ((tvtab_t *)cur->pVtab)->def;
    const jdoc_t *d = &c->doc;
    int32_t e = c->node;
    bool obj = def->kind == TV_EACH || def->kind == TV_EACH_TEXT || def->kind == TV_KEYS;
    if (col == def->ncols) {
        sqlite3_result_text(ctx, c->text, -1, SQLITE_TRANSIENT);
    } else if (obj && col == 0) {
        sqlfn__json_result_text(ctx, d, e, JW_RAW);
    } else if (def->kind == TV_UNNEST) {
        sqlfn__json_result_sql(ctx, d, e);
    } else {
        int32_t v = obj ? e + 1 : e;
        bool text = def->kind == TV_EACH_TEXT || def->kind == TV_ELEMS_TEXT;
        jw_mode_t m = strncmp(def->name, "jsonb", 5) == 0 ? JW_JSONB : JW_RAW;
        if (text) {
            sqlfn__json_result_text(ctx, d, v, m);
        } else {
            sqlfn__json_result_node(ctx, d, v, m);
        }
    }
    return SQLITE_OK;
}

static int tv_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((tvcur_t *)cur)->rowid;
    return SQLITE_OK;
}

static const sqlite3_module tv_module = {
    .iVersion = 0,
    .xConnect = tv_connect,
    .xBestIndex = tv_best_index,
    .xDisconnect = tv_disconnect,
    .xOpen = tv_open,
    .xClose = tv_close,
    .xFilter = tv_filter,
    .xNext = tv_next,
    .xEof = tv_eof,
    .xColumn = tv_column,
    .xRowid = tv_rowid,
};

int sqlfn__register_json_vtab(sqlite3 *db)
{
    for (size_t i = 0; i < LG_ARRAY_LEN(tvdefs); i++) {
        if (sqlite3_create_module(db, tvdefs[i].name, &tv_module, &tvdefs[i]) !=
            SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}
