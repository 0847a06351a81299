/* sqlfn_json_ops.c - PostgreSQL JSON operators and accessors on JSON text:
 *   lg_json_get(j, key|index)        ->     (JSON text; NULL when missing or wrong kind)
 *   lg_json_get_text(j, key|index)   ->>    (TEXT, strings decoded, numbers as text)
 *   lg_jsonb_get[_text](j, key|index) the same for jsonb, where a raw scalar answers index
 *                                    0 and -1 with itself (jsonb stores it as [scalar])
 *   lg_json_path(j, path)            #>     (path: PG text array '{a,0}' or JSON array)
 *   lg_json_path_text(j, path)       #>>
 *   lg_jsonb_contains(a, b) @>, lg_jsonb_contained(a, b) <@, lg_jsonb_exists(j, k) ?,
 *   lg_jsonb_exists_any(j, keys) ?|, lg_jsonb_exists_all(j, keys) ?&
 *   lg_json(text) validates and marks as JSON; lg_jsonb(text) normalizes (the cast).
 *   json_typeof/jsonb_typeof, json_array_length/jsonb_array_length.
 *   lg_jsonb_scalar(j, type)         jsonb::integer etc.: the number (or boolean), else 22023
 * An INTEGER key selects an array element (negative counts from the end); TEXT selects an
 * object member. Results of the JSON-returning functions carry the JSON subtype. Inputs are
 * re-parsed on every call. */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

#define PATH_MAX_ELEMS 64

/* Child of node i selected by SQL value k, or -1. */
static int32_t select_child(const jdoc_t *d, int32_t i, sqlite3_value *k)
{
    if (sqlite3_value_type(k) == SQLITE_INTEGER) {
        return sqlfn__json_arr_get(d, i, sqlite3_value_int64(k));
    }
    return sqlfn__json_obj_get(d, i, (const char *)sqlite3_value_text(k),
                               (size_t)sqlite3_value_bytes(k));
}

/* Child of node i selected by path element e (array index if i is an array). */
static int32_t select_path_elem(const jdoc_t *d, int32_t i, const char *e)
{
    if (d->nodes[i].kind == JN_ARRAY) {
        char *end = NULL;
        long long k = strtoll(e, &end, 10);
        if (end == e || *end != '\0') {
            return -1;
        }
        return sqlfn__json_arr_get(d, i, k);
    }
    return sqlfn__json_obj_get(d, i, e, strlen(e));
}

static void get(sqlite3_context *ctx, sqlite3_value **argv, bool as_text)
{
    jdoc_t d;
    if (sqlfn__any_null(2, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    int32_t c = select_child(&d, 0, argv[1]);
    /* jsonb (user data set): a raw scalar is a one-element array to an integer subscript,
     * so '"x"'::jsonb ->> 0 and -> -1 give the scalar, as in PostgreSQL */
    if (c < 0 && sqlite3_user_data(ctx) != NULL && d.nodes[0].kind != JN_ARRAY &&
        d.nodes[0].kind != JN_OBJECT && sqlite3_value_type(argv[1]) == SQLITE_INTEGER &&
        (sqlite3_value_int64(argv[1]) == 0 || sqlite3_value_int64(argv[1]) == -1)) {
        c = 0;
    }
    if (as_text) {
        sqlfn__json_result_text(ctx, &d, c, JW_RAW);
    } else {
        sqlfn__json_result_node(ctx, &d, c, JW_RAW);
    }
    sqlfn_json_free(&d);
}

static void fn_get(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    get(ctx, argv, false);
}

static void fn_get_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    get(ctx, argv, true);
}

static void path(sqlite3_context *ctx, sqlite3_value **argv, bool as_text)
{
    jdoc_t d;
    if (sqlfn__any_null(2, argv)) {
        return;
    }
    char *elems[PATH_MAX_ELEMS];
    char *storage = NULL;
    int n = sqlfn__json_path_parse(argv[1], elems, PATH_MAX_ELEMS, &storage);
    if (n < 0) {
        free(storage);
        if (n == -1) {
            sqlfn__error(ctx, "22P02", "malformed array literal");
        }
        return; /* a NULL path element gives NULL */
    }
    if (!sqlfn__json_arg(ctx, argv[0], &d)) {
        free(storage);
        return;
    }
    int32_t c = 0;
    for (int k = 0; k < n && c >= 0; k++) {
        c = select_path_elem(&d, c, elems[k]);
    }
    if (as_text) {
        sqlfn__json_result_text(ctx, &d, c, JW_RAW);
    } else {
        sqlfn__json_result_node(ctx, &d, c, JW_RAW);
    }
    sqlfn_json_free(&d);
    free(storage);
}

static void fn_path(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    path(ctx, argv, false);
}

static void fn_path_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    path(ctx, argv, true);
}

static void fn_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv))
        return;
    if (sqlite3_value_subtype(argv[0]) == SQLFN_JSON_ROW_SUBTYPE) { /* lg_json_row: valid */
        sqlite3_result_value(ctx, argv[0]);
        sqlite3_result_subtype(ctx, SQLFN_JSON_ROW_SUBTYPE);
        return;
    }
    if (!sqlfn__json_arg(ctx, argv[0], &d))
        return;
    sqlfn__json_result_node(ctx, &d, 0, JW_RAW);
    sqlfn_json_free(&d);
}

static void fn_jsonb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    if (d.has_nul_escape) {
        sqlfn_json_free(&d);
        sqlfn__error(ctx, "22P05", "unsupported Unicode escape sequence");
        return;
    }
    sqlfn__json_result_node(ctx, &d, 0, JW_JSONB);
    sqlfn_json_free(&d);
}

static void fn_typeof(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char *const names[] = {"null",   "boolean", "boolean", "number",
                                        "string", "array",   "object"};
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    sqlite3_result_text(ctx, names[d.nodes[0].kind], -1, SQLITE_STATIC);
    sqlfn_json_free(&d);
}

static void fn_array_length(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    jn_kind_t k = d.nodes[0].kind;
    if (k == JN_ARRAY) {
        sqlite3_result_int(ctx, d.nodes[0].count);
    } else if (k == JN_OBJECT) {
        sqlfn__error(ctx, "22023", "cannot get array length of a non-array");
    } else {
        sqlfn__error(ctx, "22023", "cannot get array length of a scalar");
    }
    sqlfn_json_free(&d);
}

static bool scalar_eq(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    const jnode_t *x = &a->nodes[i];
    const jnode_t *y = &b->nodes[j];
    if (x->kind != y->kind) {
        return false;
    }
    if (x->kind == JN_NUMBER) {
        return strtod(a->src + x->start, NULL) == strtod(b->src + y->start, NULL);
    }
    if (x->kind == JN_STRING) {
        lg_buf_t t;
        lg_buf_init(&t, SQLFN_MAX_LEN);
        sqlfn_json_unescape(&t, b, j);
        bool eq = sqlfn__json_key_eq(a, i, t.data ? (const char *)t.data : "", t.len);
        lg_buf_deinit(&t);
        return eq;
    }
    return true;
}

static bool contains(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j, bool top);

static bool array_contains(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    for (int32_t e = b->nodes[j].child; e >= 0; e = b->nodes[e].next) {
        bool found = false;
        for (int32_t f = a->nodes[i].child; f >= 0 && !found; f = a->nodes[f].next) {
            found = contains(a, f, b, e, false);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static bool contains(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j, bool top)
{
    jn_kind_t ka = a->nodes[i].kind;
    jn_kind_t kb = b->nodes[j].kind;
    if (ka == JN_ARRAY && kb != JN_ARRAY && kb != JN_OBJECT && top) {
        for (int32_t f = a->nodes[i].child; f >= 0; f = a->nodes[f].next) {
            if (scalar_eq(a, f, b, j)) {
                return true;
            }
        }
        return false;
    }
    if (ka == JN_OBJECT && kb == JN_OBJECT) {
        for (int32_t k = b->nodes[j].child; k >= 0; k = b->nodes[k].next) {
            lg_buf_t t;
            lg_buf_init(&t, SQLFN_MAX_LEN);
            sqlfn_json_unescape(&t, b, k);
            int32_t v = sqlfn__json_obj_get(a, i, t.data ? (const char *)t.data : "", t.len);
            int32_t w = sqlfn__json_obj_get(b, j, t.data ? (const char *)t.data : "", t.len);
            lg_buf_deinit(&t);
            if (v < 0 || !contains(a, v, b, w, false)) {
                return false;
            }
        }
        return true;
    }
    if (ka == JN_ARRAY && kb == JN_ARRAY) {
        return array_contains(a, i, b, j);
    }
    if (ka == JN_OBJECT || ka == JN_ARRAY || kb == JN_OBJECT || kb == JN_ARRAY) {
        return false;
    }
    return scalar_eq(a, i, b, j);
}

static void contain(sqlite3_context *ctx, sqlite3_value *x, sqlite3_value *y)
{
    jdoc_t a;
    jdoc_t b;
    if (sqlite3_value_type(x) == SQLITE_NULL || sqlite3_value_type(y) == SQLITE_NULL ||
        !sqlfn__json_arg(ctx, x, &a)) {
        return;
    }
    if (!sqlfn__json_arg(ctx, y, &b)) {
        sqlfn_json_free(&a);
        return;
    }
    sqlite3_result_int(ctx, contains(&a, 0, &b, 0, true));
    sqlfn_json_free(&a);
    sqlfn_json_free(&b);
}

static void fn_contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    contain(ctx, argv[0], argv[1]);
}

static void fn_contained(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    contain(ctx, argv[1], argv[0]);
}

static bool has_key(const jdoc_t *d, const char *k, size_t n)
{
    const jnode_t *r = &d->nodes[0];
    if (r->kind == JN_OBJECT) {
        return sqlfn__json_obj_get(d, 0, k, n) >= 0;
    }
    if (r->kind == JN_STRING) {
        return sqlfn__json_key_eq(d, 0, k, n);
    }
    if (r->kind == JN_ARRAY) {
        for (int32_t e = r->child; e >= 0; e = d->nodes[e].next) {
            if (d->nodes[e].kind == JN_STRING && sqlfn__json_key_eq(d, e, k, n)) {
                return true;
            }
        }
    }
    return false;
}

static void fn_exists(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !sqlfn__json_arg(ctx, argv[0], &d)) {
        return;
    }
    sqlite3_result_int(ctx, has_key(&d, (const char *)sqlite3_value_text(argv[1]),
                                    (size_t)sqlite3_value_bytes(argv[1])));
    sqlfn_json_free(&d);
}

static void exists_many(sqlite3_context *ctx, sqlite3_value **argv, bool all)
{
    jdoc_t d;
    if (sqlfn__any_null(2, argv)) {
        return;
    }
    char *keys[PATH_MAX_ELEMS];
    char *storage = NULL;
    int n = sqlfn__json_path_parse(argv[1], keys, PATH_MAX_ELEMS, &storage);
    if (n == -1) {
        sqlfn__error(ctx, "22P02", "malformed array literal");
        return;
    }
    if (!sqlfn__json_arg(ctx, argv[0], &d)) {
        free(storage);
        return;
    }
    bool r = all;
    for (int k = 0; k < n; k++) {
        bool h = has_key(&d, keys[k], strlen(keys[k]));
        if (all ? !h : h) {
            r = !all;
            break;
        }
    }
    sqlite3_result_int(ctx, r);
    sqlfn_json_free(&d);
    free(storage);
}

static void fn_exists_any(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    exists_many(ctx, argv, false);
}

static void fn_exists_all(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    exists_many(ctx, argv, true);
}

/* lg_jsonb_scalar(j, type): jsonb cast to a number type or boolean: the scalar's text when
 * it is a number (or, for "boolean", true/false), else PostgreSQL's 22023 "cannot cast
 * jsonb string to type integer". */
static void fn_jsonb_scalar(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t d;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !sqlfn__json_arg(ctx, argv[0], &d))
        return;
    const char *type = (const char *)sqlite3_value_text(argv[1]);
    bool want_bool = type && strcmp(type, "boolean") == 0;
    jn_kind_t k = d.nodes[0].kind;
    bool ok = want_bool ? (k == JN_TRUE || k == JN_FALSE) : k == JN_NUMBER;
    if (ok) {
        sqlite3_result_text(ctx, d.src + d.nodes[0].start,
                            (int)(d.nodes[0].end - d.nodes[0].start), SQLITE_TRANSIENT);
    } else {
        static const char *const k_names[] = {"null",   "boolean", "boolean", "numeric",
                                              "string", "array",   "object"};
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE, "cannot cast jsonb %s to type %s",
                     k_names[k], type ? type : "");
    }
    sqlfn_json_free(&d);
}

static const sqlfn_def_t defs[] = {
    {"lg_jsonb_scalar", 2, SQLFN_PURE, fn_jsonb_scalar},
    {"lg_json_get", 2, SQLFN_PURE, fn_get},
    {"lg_json_get_text", 2, SQLFN_PURE, fn_get_text},
    {"lg_json_path", 2, SQLFN_PURE, fn_path},
    {"lg_json_path_text", 2, SQLFN_PURE, fn_path_text},
    {"lg_json", 1, SQLFN_PURE, fn_json},
    {"lg_jsonb", 1, SQLFN_PURE, fn_jsonb},
    {"json_typeof", 1, SQLFN_PURE, fn_typeof},
    {"jsonb_typeof", 1, SQLFN_PURE, fn_typeof},
    {"json_array_length", 1, SQLFN_PURE, fn_array_length},
    {"jsonb_array_length", 1, SQLFN_PURE, fn_array_length},
    {"lg_jsonb_contains", 2, SQLFN_PURE, fn_contains},
    {"lg_jsonb_contained", 2, SQLFN_PURE, fn_contained},
    {"lg_jsonb_exists", 2, SQLFN_PURE, fn_exists},
    {"lg_jsonb_exists_any", 2, SQLFN_PURE, fn_exists_any},
    {"lg_jsonb_exists_all", 2, SQLFN_PURE, fn_exists_all},
};

int sqlfn__register_json(sqlite3 *db)
{
    static int jsonb_marker; /* user data: the jsonb flavour of -> / ->> */
    if (sqlite3_create_function_v2(db, "lg_jsonb_get", 2, SQLFN_PURE, &jsonb_marker, fn_get, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_jsonb_get_text", 2, SQLFN_PURE, &jsonb_marker,
                                   fn_get_text, NULL, NULL, NULL) != SQLITE_OK)
        return LG_EINVAL;
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
