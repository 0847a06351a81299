/* sqlfn_jsonb_path.c - jsonb edits at a text[] path: jsonb_set(target, path, new
 * [, create_missing = true]), jsonb_insert(target, path, new [, insert_after = false]) and
 * lg_jsonb_delete_path(target, path) (the #- operator).
 *
 * The document is re-written with the node at the path replaced, inserted or dropped, and the
 * result is normalized as PostgreSQL prints jsonb (so a key added at the end lands in jsonb
 * key order). Path elements index arrays when they are integers (negative from the end);
 * a non-integer element against an array is 22P02 for set/insert and a no-op for delete, as
 * in PostgreSQL. `new` is JSON text (or a number). Any NULL argument gives NULL (the
 * PostgreSQL functions are strict). */
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype_json.h"
#include "sqlfn_json.h"

enum { ED_SET, ED_INSERT, ED_DELETE };

typedef struct edit {
    int op;
    bool flag; /* create_missing (set) or insert_after (insert) */
    char **path;
    int np;
    sqlite3_value *val;
    const char *err; /* first error (static text with SQLSTATE prefix) */
} edit_t;

static void put_new(lg_buf_t *b, const edit_t *e)
{
    int t = sqlite3_value_type(e->val);
    if (t == SQLITE_TEXT || t == SQLITE_BLOB)
        lg_buf_append(b, sqlite3_value_text(e->val), (size_t)sqlite3_value_bytes(e->val));
    else
        sqlfn__json_append_value(b, e->val, JW_JSONB);
}

static bool parse_index(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end)
        return false;
    *out = v;
    return true;
}

static void edit_node(lg_buf_t *b, const jdoc_t *d, int32_t i, int depth, edit_t *e);

static void edit_object(lg_buf_t *b, const jdoc_t *d, int32_t i, int depth, edit_t *e)
{
    const char *key = e->path[depth];
    bool last = depth == e->np - 1, found = false, first = true;
    lg_buf_putc(b, '{');
    for (int32_t k = d->nodes[i].child; k >= 0; k = d->nodes[k].next) {
        bool match = sqlfn__json_key_eq(d, k, key, strlen(key));
        if (match && last && e->op == ED_DELETE)
            continue;
        if (match && last && e->op == ED_INSERT && !e->err)
            e->err = "22023:cannot replace existing key";
        lg_buf_append(b, first ? "" : ",", first ? 0 : 1);
        first = false;
        sqlfn__json_write(b, d, k, JW_JSONB);
        lg_buf_putc(b, ':');
        if (match && last && e->op == ED_SET)
            put_new(b, e);
        else if (match && !last)
            edit_node(b, d, k + 1, depth + 1, e);
        else
            sqlfn__json_write(b, d, k + 1, JW_JSONB);
        found = found || match;
    }
    if (!found && last && (e->op == ED_INSERT || (e->op == ED_SET && e->flag))) {
        lg_buf_append(b, first ? "" : ",", first ? 0 : 1);
        sqlfn__json_quote(b, (const unsigned char *)key, strlen(key));
        lg_buf_putc(b, ':');
        put_new(b, e);
    }
    lg_buf_putc(b, '}');
}

static void edit_array(lg_buf_t *b, const jdoc_t *d, int32_t i, int depth, edit_t *e)
{
    int64_t idx;
    bool last = depth == e->np - 1;
    int64_t n = d->nodes[i].count;
    if (!parse_index(e->path[depth], &idx)) {
        if (e->op != ED_DELETE && !e->err)
            e->err = "22P02:path element is not an integer";
        sqlfn__json_write(b, d, i, JW_JSONB);
        return;
    }
    if (idx < 0)
        idx += n;
    bool add = last && (e->op == ED_INSERT || (e->op == ED_SET && e->flag));
    bool first = true;
    lg_buf_putc(b, '[');
    if (add && idx < 0) {
        put_new(b, e);
        first = false;
    }
    int64_t pos = 0;
    for (int32_t k = d->nodes[i].child; k >= 0; k = d->nodes[k].next, pos++) {
        bool hit = pos == idx;
        if (hit && last && e->op == ED_DELETE)
            continue;
        if (hit && last && e->op == ED_INSERT && !e->flag) {
            lg_buf_append(b, first ? "" : ",", first ? 0 : 1);
            put_new(b, e);
            first = false;
        }
        lg_buf_append(b, first ? "" : ",", first ? 0 : 1);
        first = false;
        if (hit && last && e->op == ED_SET)
            put_new(b, e);
        else if (hit && !last)
            edit_node(b, d, k, depth + 1, e);
        else
            sqlfn__json_write(b, d, k, JW_JSONB);
        if (hit && last && e->op == ED_INSERT && e->flag) {
            lg_buf_putc(b, ',');
            put_new(b, e);
        }
    }
    if (add && idx >= n) {
        lg_buf_append(b, first ? "" : ",", first ? 0 : 1);
        put_new(b, e);
    }
    lg_buf_putc(b, ']');
}

static void edit_node(lg_buf_t *b, const jdoc_t *d, int32_t i, int depth, edit_t *e)
{
    if (depth < e->np && d->nodes[i].kind == JN_OBJECT)
        edit_object(b, d, i, depth, e);
    else if (depth < e->np && d->nodes[i].kind == JN_ARRAY)
        edit_array(b, d, i, depth, e);
    else
        sqlfn__json_write(b, d, i, JW_JSONB);
}

static void run_edit(sqlite3_context *ctx, int argc, sqlite3_value **argv, int op, bool flag)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        (op != ED_DELETE && sqlite3_value_type(argv[2]) == SQLITE_NULL))
        return;
    if (op != ED_DELETE && argc > 3)
        flag = sqlite3_value_int(argv[3]) != 0;
    jdoc_t d;
    if (!sqlfn__json_arg(ctx, argv[0], &d))
        return;
    char *elems[64];
    char *storage = NULL;
    int np = sqlfn__json_path_parse(argv[1], elems, 64, &storage);
    if (np < 0) {
        sqlfn_json_free(&d);
        free(storage);
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "malformed array literal");
        return;
    }
    jn_kind_t root = d.nodes[0].kind;
    if (root != JN_OBJECT && root != JN_ARRAY) { /* PostgreSQL refuses any path in a scalar */
        sqlfn_json_free(&d);
        free(storage);
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     op == ED_DELETE ? "cannot delete path in scalar" : "cannot set path in scalar");
        return;
    }
    edit_t e = {op, flag, elems, np, op == ED_DELETE ? NULL : argv[2], NULL};
    lg_buf_t raw, out;
    lg_buf_init(&raw, SQLFN_MAX_LEN);
    lg_buf_init(&out, SQLFN_MAX_LEN);
    edit_node(&raw, &d, 0, 0, &e);
    sqlfn_json_free(&d);
    free(storage);
    lg_pgerr_t err;
    if (e.err) {
        sqlite3_result_error(ctx, e.err, -1);
    } else if (pgtype_jsonb_normalize((const char *)raw.data, raw.len, &out, &err) != 0) {
        sqlfn__error_pg(ctx, &err);
    } else {
        sqlfn__json_result_buf(ctx, &out);
        lg_buf_deinit(&raw);
        return;
    }
    lg_buf_deinit(&raw);
    lg_buf_deinit(&out);
}

static void fn_set(sqlite3_context *c, int n, sqlite3_value **a) { run_edit(c, n, a, ED_SET, true); }
static void fn_insert(sqlite3_context *c, int n, sqlite3_value **a) { run_edit(c, n, a, ED_INSERT, false); }
static void fn_delete_path(sqlite3_context *c, int n, sqlite3_value **a) { run_edit(c, n, a, ED_DELETE, false); }

static const sqlfn_def_t k_defs[] = {
    {"jsonb_set", 3, SQLFN_PURE, fn_set},
    {"jsonb_set", 4, SQLFN_PURE, fn_set},
    {"jsonb_insert", 3, SQLFN_PURE, fn_insert},
    {"jsonb_insert", 4, SQLFN_PURE, fn_insert},
    {"lg_jsonb_delete_path", 2, SQLFN_PURE, fn_delete_path},
};

int sqlfn__register_jsonb_path(sqlite3 *db)
{
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), NULL);
}
