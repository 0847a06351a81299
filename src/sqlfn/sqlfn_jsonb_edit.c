/* sqlfn_jsonb_edit.c - jsonb operators and functions that build a modified document:
 *   lg_jsonb_concat(a, b)        ||  (objects merge, b wins; otherwise array concatenation,
 *                                     a non-array side counting as a one-element array)
 *   lg_jsonb_delete(j, k)        -   (TEXT k: object key or matching string elements;
 *                                     INTEGER k: array index, negative from the end)
 *   lg_jsonb_delete_keys(j, ks)  -   text[] (every listed key / string element)
 *   jsonb_strip_nulls(j) (json_strip_nulls(j): the same, compact, not normalized),
 *   jsonb_pretty(j) (4-space indent, "{\n}" for empty containers).
 * Edits are written as raw JSON and re-read into the normalized jsonb form. */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

#define KEYS_MAX 64

static void result_jsonb(sqlite3_context *ctx, lg_buf_t *b)
{
    jdoc_t d;
    if (b->failed || sqlfn_json_parse(&d, (const char *)b->data, b->len) != 0) {
        sqlfn_json_free(&d);
        lg_buf_deinit(b);
        sqlfn__error(ctx, "54000", "jsonb result is too large");
        return;
    }
    sqlfn__json_result_node(ctx, &d, 0, JW_JSONB);
    sqlfn_json_free(&d);
    lg_buf_deinit(b);
}

/* Writes the members or elements of container node i without brackets; returns count. */
static int put_inner(lg_buf_t *b, const jdoc_t *d, int32_t i, int k)
{
    bool obj = d->nodes[i].kind == JN_OBJECT;
    for (int32_t c = d->nodes[i].child; c >= 0; c = d->nodes[c].next) {
        if (k++ > 0) {
            lg_buf_putc(b, ',');
        }
        sqlfn__json_write(b, d, c, JW_RAW);
        if (obj) {
            lg_buf_putc(b, ':');
            sqlfn__json_write(b, d, c + 1, JW_RAW);
        }
    }
    return k;
}

static int put_as_array_items(lg_buf_t *b, const jdoc_t *d, int k)
{
    if (d->nodes[0].kind == JN_ARRAY) {
        return put_inner(b, d, 0, k);
    }
    if (k > 0) {
        lg_buf_putc(b, ',');
    }
    sqlfn__json_write(b, d, 0, JW_RAW);
    return k + 1;
}

static void fn_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t a;
    jdoc_t c;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &a)) {
        return;
    }
    if (!sqlfn__json_arg(ctx, argv[1], &c)) {
        sqlfn_json_free(&a);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (a.nodes[0].kind == JN_OBJECT && c.nodes[0].kind == JN_OBJECT) {
        lg_buf_putc(&b, '{');
        put_inner(&b, &c, 0, put_inner(&b, &a, 0, 0));
        lg_buf_putc(&b, '}');
    } else {
        lg_buf_putc(&b, '[');
        put_as_array_items(&b, &c, put_as_array_items(&b, &a, 0));
        lg_buf_putc(&b, ']');
    }
    sqlfn_json_free(&a);
    sqlfn_json_free(&c);
    result_jsonb(ctx, &b);
}

static bool key_listed(const jdoc_t *d, int32_t k, char **keys, int n)
{
    for (int i = 0; i < n; i++) {
        if (sqlfn__json_key_eq(d, k, keys[i], strlen(keys[i]))) {
            return true;
        }
    }
    return false;
}

/* Deletes keys (objects) or matching string elements (arrays) listed in keys. */
static void delete_keys(sqlite3_context *ctx, jdoc_t *d, char **keys, int n)
{
    jn_kind_t kind = d->nodes[0].kind;
    if (kind != JN_OBJECT && kind != JN_ARRAY) {
        sqlfn__error(ctx, "22023", "cannot delete from scalar");
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, kind == JN_OBJECT ? '{' : '[');
    int k = 0;
    for (int32_t c = d->nodes[0].child; c >= 0; c = d->nodes[c].next) {
        bool str = kind == JN_OBJECT || d->nodes[c].kind == JN_STRING;
        if (str && key_listed(d, c, keys, n)) {
            continue;
        }
        if (k++ > 0) {
            lg_buf_putc(&b, ',');
        }
        sqlfn__json_write(&b, d, c, JW_RAW);
        if (kind == JN_OBJECT) {
            lg_buf_putc(&b, ':');
            sqlfn__json_write(&b, d, c + 1, JW_RAW);
        }
    }
    lg_buf_putc(&b, kind == JN_OBJECT ? '}' : ']');
    result_jsonb(ctx, &b);
}

static void delete_index(sqlite3_context *ctx, jdoc_t *d, sqlite3_int64 idx)
{
    if (d->nodes[0].kind != JN_ARRAY) {
        sqlfn__error(ctx, "22023", d->nodes[0].kind == JN_OBJECT
                                       ? "cannot delete from object using integer index"
                                       : "cannot delete from scalar");
        return;
    }
    int32_t skip = sqlfn__json_arr_get(d, 0, idx);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    int k = 0;
    for (int32_t c = d->nodes[0].child; c >= 0; c = d->nodes[c].next) {
        if (c == skip) {
            continue;
        }
        if (k++ > 0) {
            lg_buf_putc(&b, ',');
        }
        sqlfn__json_write(&b, d, c, JW_RAW);
    }
    lg_buf_putc(&b, ']');
    result_jsonb(ctx, &b);
}

static void fn_delete(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    if (sqlite3_value_type(argv[1]) == SQLITE_INTEGER) {
        delete_index(ctx, &d, sqlite3_value_int64(argv[1]));
    } else {
        char *key = lg_xstrdup((const char *)sqlite3_value_text(argv[1]));
        delete_keys(ctx, &d, &key, 1);
        free(key);
    }
    sqlfn_json_free(&d);
}

static void fn_delete_keys(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    char *keys[KEYS_MAX];
    char *storage = NULL;
    int n = sqlfn__json_path_parse(argv[1], keys, KEYS_MAX, &storage);
    if (n < 0) {
        free(storage);
        sqlfn__error(ctx, "22P02", "malformed array literal");
        return;
    }
    if (sqlfn__json_arg(ctx, argv[0], &d)) {
        delete_keys(ctx, &d, keys, n);
        sqlfn_json_free(&d);
    }
    free(storage);
}

static void strip(lg_buf_t *b, const jdoc_t *d, int32_t i)
{
    jn_kind_t kind = d->nodes[i].kind;
    if (kind != JN_OBJECT && kind != JN_ARRAY) {
        sqlfn__json_write(b, d, i, JW_RAW);
        return;
    }
    lg_buf_putc(b, kind == JN_OBJECT ? '{' : '[');
    int k = 0;
    for (int32_t c = d->nodes[i].child; c >= 0; c = d->nodes[c].next) {
        if (kind == JN_OBJECT && d->nodes[c + 1].kind == JN_NULL) {
            continue;
        }
        if (k++ > 0) {
            lg_buf_putc(b, ',');
        }
        if (kind == JN_OBJECT) {
            sqlfn__json_write(b, d, c, JW_RAW);
            lg_buf_putc(b, ':');
            strip(b, d, c + 1);
        } else {
            strip(b, d, c);
        }
    }
    lg_buf_putc(b, kind == JN_OBJECT ? '}' : ']');
}

static void fn_strip_nulls(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    strip(&b, &d, 0);
    sqlfn_json_free(&d);
    if (sqlite3_user_data(ctx)) /* json_strip_nulls: json keeps the compact text */
        sqlfn__json_result_buf(ctx, &b);
    else
        result_jsonb(ctx, &b);
}

static void indent(lg_buf_t *b, int level)
{
    for (int i = 0; i < level; i++) {
        lg_buf_append(b, "    ", 4);
    }
}

/* Pretty-prints node i of a normalized document. */
static void pretty(lg_buf_t *b, const jdoc_t *d, int32_t i, int level)
{
    jn_kind_t kind = d->nodes[i].kind;
    if (kind != JN_OBJECT && kind != JN_ARRAY) {
        sqlfn__json_write(b, d, i, JW_RAW);
        return;
    }
    lg_buf_putc(b, kind == JN_OBJECT ? '{' : '[');
    for (int32_t c = d->nodes[i].child; c >= 0; c = d->nodes[c].next) {
        lg_buf_putc(b, '\n');
        indent(b, level + 1);
        if (kind == JN_OBJECT) {
            sqlfn__json_write(b, d, c, JW_RAW);
            lg_buf_append(b, ": ", 2);
            pretty(b, d, c + 1, level + 1);
        } else {
            pretty(b, d, c, level + 1);
        }
        if (d->nodes[c].next >= 0) {
            lg_buf_putc(b, ',');
        }
    }
    lg_buf_putc(b, '\n');
    indent(b, level);
    lg_buf_putc(b, kind == JN_OBJECT ? '}' : ']');
}

static void fn_pretty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    lg_buf_t norm;
    lg_buf_init(&norm, SQLFN_MAX_LEN);
    sqlfn__json_write(&norm, &d, 0, JW_JSONB);
    sqlfn_json_free(&d);
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (!norm.failed && sqlfn_json_parse(&d, (const char *)norm.data, norm.len) == 0) {
        pretty(&b, &d, 0, 0);
    }
    sqlfn_json_free(&d);
    lg_buf_deinit(&norm);
    sqlfn__result_buf_text(ctx, &b);
}

static const sqlfn_def_t defs[] = {
    {"lg_jsonb_concat", 2, SQLFN_PURE, fn_concat},
    {"lg_jsonb_delete", 2, SQLFN_PURE, fn_delete},
    {"lg_jsonb_delete_keys", 2, SQLFN_PURE, fn_delete_keys},
    {"jsonb_strip_nulls", 1, SQLFN_PURE, fn_strip_nulls},
    {"jsonb_pretty", 1, SQLFN_PURE, fn_pretty},
};

int sqlfn__register_jsonb(sqlite3 *db)
{
    if (sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL) != 0)
        return LG_EINVAL;
    static int json_flag; /* user data: the json (not jsonb) form */
    return sqlite3_create_function_v2(db, "json_strip_nulls", 1, SQLFN_PURE, &json_flag,
                                      fn_strip_nulls, NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}
