/* sqlfn_array.c - PostgreSQL array functions on arrays stored as JSON array text:
 *   array_length(a, dim) / array_upper(a, dim) (NULL for an empty array or dim != 1 unless
 *   nested), array_lower(a, dim), cardinality(a), array_append(a, v), array_prepend(v, a),
 *   array_cat(a, b), array_position(a, v [, start]), array_positions(a, v), array_remove(a, v),
 *   array_to_string(a, delim [, null_text]), string_to_array(s, delim [, null_text]),
 *   lg_array_contains(a, b) @>, lg_array_contained(a, b) <@, lg_array_overlap(a, b) &&,
 *   lg_array_has(a, v) for v = ANY(a) (NULL when v is NULL, or when not found and a has a
 *   NULL element, as SQL three-valued logic requires).
 * An element equals an SQL value when both are numbers of equal value or both render the
 * same text; array_position/array_remove treat NULL as equal to NULL (IS NOT DISTINCT).
 * Results are compact JSON ("[1,2]") with the JSON subtype. */
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

/* Parses an array argument; false if NULL (no result) or invalid/not an array (error). */
static bool arr_arg(sqlite3_context *ctx, sqlite3_value *v, jdoc_t *d)
{
    if (sqlite3_value_type(v) == SQLITE_NULL || !sqlfn__json_arg(ctx, v, d)) {
        return false;
    }
    if (d->nodes[0].kind != JN_ARRAY) {
        sqlfn_json_free(d);
        sqlfn__error(ctx, "22P02", "malformed array literal");
        return false;
    }
    return true;
}

/* True if element e equals SQL value v (NULL equals NULL). */
static bool elem_eq(const jdoc_t *d, int32_t e, sqlite3_value *v)
{
    const jnode_t *nd = &d->nodes[e];
    int t = sqlite3_value_type(v);
    if (t == SQLITE_NULL || nd->kind == JN_NULL) {
        return t == SQLITE_NULL && nd->kind == JN_NULL;
    }
    if (nd->kind == JN_NUMBER && (t == SQLITE_INTEGER || t == SQLITE_FLOAT)) {
        return strtod(d->src + nd->start, NULL) == sqlite3_value_double(v);
    }
    if (nd->kind == JN_TRUE || nd->kind == JN_FALSE) {
        return t == SQLITE_INTEGER && (sqlite3_value_int64(v) != 0) == (nd->kind == JN_TRUE);
    }
    lg_buf_t tv;
    lg_buf_init(&tv, SQLFN_MAX_LEN);
    sqlfn__append_value_text(&tv, v);
    bool eq;
    if (nd->kind == JN_STRING) {
        eq = sqlfn__json_key_eq(d, e, tv.data ? (const char *)tv.data : "", tv.len);
    } else {
        eq = tv.len == nd->end - nd->start && memcmp(tv.data, d->src + nd->start, tv.len) == 0;
    }
    lg_buf_deinit(&tv);
    return eq;
}

/* Same test between two elements of (possibly different) documents. */
static bool elems_eq(const jdoc_t *a, int32_t i, const jdoc_t *b, int32_t j)
{
    lg_buf_t t;
    lg_buf_init(&t, SQLFN_MAX_LEN);
    sqlfn__json_write(&t, b, j, JW_RAW);
    bool eq = false;
    jn_kind_t ka = a->nodes[i].kind;
    jn_kind_t kb = b->nodes[j].kind;
    if (ka == JN_NUMBER && kb == JN_NUMBER) {
        eq = strtod(a->src + a->nodes[i].start, NULL) == strtod(b->src + b->nodes[j].start, NULL);
    } else if (ka == JN_STRING && kb == JN_STRING) {
        lg_buf_reset(&t);
        sqlfn_json_unescape(&t, b, j);
        eq = sqlfn__json_key_eq(a, i, t.data ? (const char *)t.data : "", t.len);
    } else if (ka == kb && ka != JN_NULL) {
        eq = a->nodes[i].end - a->nodes[i].start == t.len &&
             memcmp(a->src + a->nodes[i].start, t.data, t.len) == 0;
    }
    lg_buf_deinit(&t);
    return eq;
}

static void fn_array_length(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !arr_arg(ctx, argv[0], &d)) {
        return;
    }
    sqlite3_int64 dim = argc > 1 ? sqlite3_value_int64(argv[1]) : 1;
    int32_t node = 0;
    for (sqlite3_int64 k = 1; k < dim && node >= 0; k++) {
        node = d.nodes[node].child;
        node = node >= 0 && d.nodes[node].kind == JN_ARRAY ? node : -1;
    }
    if (dim >= 1 && node >= 0 && d.nodes[node].count > 0) {
        sqlite3_result_int(ctx, d.nodes[node].count);
    }
    sqlfn_json_free(&d);
}

static void fn_array_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !arr_arg(ctx, argv[0], &d)) {
        return;
    }
    if (sqlite3_value_int64(argv[1]) == 1 && d.nodes[0].count > 0) {
        sqlite3_result_int(ctx, 1);
    }
    sqlfn_json_free(&d);
}

static void fn_cardinality(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(argc, argv) || !arr_arg(ctx, argv[0], &d)) {
        return;
    }
    int total = 0;
    for (size_t i = 1; i < d.n; i++) {
        total += d.nodes[i].kind != JN_ARRAY;
    }
    sqlite3_result_int(ctx, total);
    sqlfn_json_free(&d);
}

/* Writes the elements of array d (comma separated) into b; returns element count. */
static int put_elems(lg_buf_t *b, const jdoc_t *d, int started)
{
    int k = started;
    for (int32_t e = d->nodes[0].child; e >= 0; e = d->nodes[e].next) {
        if (k++ > 0) {
            lg_buf_putc(b, ',');
        }
        sqlfn__json_write(b, d, e, JW_RAW);
    }
    return k;
}

/* array_append(a, v) and array_prepend(v, a); user data marks prepend. */
static void fn_array_append(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    bool prepend = sqlite3_user_data(ctx) != NULL;
    sqlite3_value *av = argv[prepend ? 1 : 0];
    sqlite3_value *vv = argv[prepend ? 0 : 1];
    jdoc_t d;
    bool have = sqlite3_value_type(av) != SQLITE_NULL;
    if (have && !arr_arg(ctx, av, &d)) {
        return;
    }
    int32_t first = have ? d.nodes[0].child : -1;
    if (first >= 0 && d.nodes[first].kind == JN_ARRAY) { /* a multidimensional array */
        sqlfn_json_free(&d);
        sqlfn__error(ctx, "22000", "argument must be empty or one-dimensional array");
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    if (prepend) {
        sqlfn__json_append_value(&b, vv, JW_RAW);
    }
    int k = have ? put_elems(&b, &d, prepend ? 1 : 0) : (prepend ? 1 : 0);
    if (!prepend) {
        if (k > 0) {
            lg_buf_putc(&b, ',');
        }
        sqlfn__json_append_value(&b, vv, JW_RAW);
    }
    lg_buf_putc(&b, ']');
    if (have) {
        sqlfn_json_free(&d);
    }
    sqlfn__json_result_buf(ctx, &b);
}

static void fn_array_cat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t a;
    jdoc_t c;
    bool ha = sqlite3_value_type(argv[0]) != SQLITE_NULL;
    bool hc = sqlite3_value_type(argv[1]) != SQLITE_NULL;
    if (!ha && !hc) {
        return;
    }
    if (ha && !arr_arg(ctx, argv[0], &a)) {
        return;
    }
    if (hc && !arr_arg(ctx, argv[1], &c)) {
        if (ha) {
            sqlfn_json_free(&a);
        }
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    int k = ha ? put_elems(&b, &a, 0) : 0;
    if (hc) {
        put_elems(&b, &c, k);
        sqlfn_json_free(&c);
    }
    if (ha) {
        sqlfn_json_free(&a);
    }
    lg_buf_putc(&b, ']');
    sqlfn__json_result_buf(ctx, &b);
}

static void fn_array_position(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (!arr_arg(ctx, argv[0], &d)) {
        return;
    }
    bool all = sqlite3_user_data(ctx) != NULL;
    sqlite3_int64 start = argc > 2 ? sqlite3_value_int64(argv[2]) : 1;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    int k = 1;
    for (int32_t e = d.nodes[0].child; e >= 0; e = d.nodes[e].next, k++) {
        if (k >= start && elem_eq(&d, e, argv[1])) {
            if (!all) {
                sqlite3_result_int(ctx, k);
                break;
            }
            lg_buf_printf(&b, b.len > 1 ? ",%d" : "%d", k);
        }
    }
    lg_buf_putc(&b, ']');
    if (all) {
        sqlfn__json_result_buf(ctx, &b);
    } else {
        lg_buf_deinit(&b);
    }
    sqlfn_json_free(&d);
}

static void fn_array_remove(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t d;
    if (!arr_arg(ctx, argv[0], &d)) {
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    for (int32_t e = d.nodes[0].child; e >= 0; e = d.nodes[e].next) {
        if (!elem_eq(&d, e, argv[1])) {
            if (b.len > 1) {
                lg_buf_putc(&b, ',');
            }
            sqlfn__json_write(&b, &d, e, JW_RAW);
        }
    }
    lg_buf_putc(&b, ']');
    sqlfn_json_free(&d);
    sqlfn__json_result_buf(ctx, &b);
}

/* Appends the elements of array node a to b for array_to_string, those of a
 * multidimensional array's sub-arrays in order, as PostgreSQL reads its elements. */
static void join_elems(lg_buf_t *b, const jdoc_t *d, int32_t a, sqlite3_value **argv, bool nulltext,
                       bool *first)
{
    for (int32_t e = d->nodes[a].child; e >= 0; e = d->nodes[e].next) {
        jn_kind_t k = d->nodes[e].kind;
        if (k == JN_ARRAY) {
            join_elems(b, d, e, argv, nulltext, first);
            continue;
        }
        if (k == JN_NULL && !nulltext) {
            continue;
        }
        if (!*first) {
            lg_buf_append(b, sqlite3_value_text(argv[1]), (size_t)sqlite3_value_bytes(argv[1]));
        }
        *first = false;
        if (k == JN_NULL) {
            lg_buf_append(b, sqlite3_value_text(argv[2]), (size_t)sqlite3_value_bytes(argv[2]));
        } else if (k == JN_STRING) {
            sqlfn_json_unescape(b, d, e);
        } else if (k == JN_TRUE || k == JN_FALSE) {
            lg_buf_putc(b, k == JN_TRUE ? 't' : 'f');
        } else {
            sqlfn__json_write(b, d, e, JW_RAW);
        }
    }
}

static void fn_array_to_string(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    if (sqlfn__any_null(2, argv) || !arr_arg(ctx, argv[0], &d)) {
        return;
    }
    bool nulltext = argc > 2 && sqlite3_value_type(argv[2]) != SQLITE_NULL;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    bool first = true;
    join_elems(&b, &d, 0, argv, nulltext, &first);
    sqlfn_json_free(&d);
    sqlfn__result_buf_text(ctx, &b);
}

static void put_field(lg_buf_t *b, const unsigned char *p, size_t n, sqlite3_value *nullv)
{
    if (nullv != NULL && sqlite3_value_type(nullv) != SQLITE_NULL &&
        (size_t)sqlite3_value_bytes(nullv) == n && memcmp(sqlite3_value_text(nullv), p, n) == 0) {
        lg_buf_append(b, "null", 4);
    } else {
        sqlfn__json_quote(b, p, n);
    }
}

static void fn_string_to_array(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        return;
    }
    const unsigned char *s = sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    bool nodelim = sqlite3_value_type(argv[1]) == SQLITE_NULL;
    const unsigned char *dl = sqlite3_value_text(argv[1]);
    size_t dn = nodelim ? 0 : (size_t)sqlite3_value_bytes(argv[1]);
    sqlite3_value *nullv = argc > 2 ? argv[2] : NULL;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    if (n > 0 && nodelim) { /* NULL delimiter: one element per character */
        for (size_t i = 0; i < n; i = sqlfn__utf8_next(s, n, i)) {
            if (i > 0) {
                lg_buf_putc(&b, ',');
            }
            put_field(&b, s + i, sqlfn__utf8_next(s, n, i) - i, nullv);
        }
    } else if (n > 0 && dn == 0) {
        put_field(&b, s, n, nullv);
    } else if (n > 0) {
        size_t from = 0;
        for (size_t i = 0; i + dn <= n;) {
            if (memcmp(s + i, dl, dn) == 0) {
                put_field(&b, s + from, i - from, nullv);
                lg_buf_putc(&b, ',');
                i += dn;
                from = i;
            } else {
                i++;
            }
        }
        put_field(&b, s + from, n - from, nullv);
    }
    lg_buf_putc(&b, ']');
    sqlfn__json_result_buf(ctx, &b);
}

/* Every element of b equals some element of a (NULLs never match). */
static bool arr_contains(const jdoc_t *a, const jdoc_t *b)
{
    for (int32_t j = b->nodes[0].child; j >= 0; j = b->nodes[j].next) {
        bool found = false;
        for (int32_t i = a->nodes[0].child; i >= 0 && !found; i = a->nodes[i].next) {
            found = elems_eq(a, i, b, j);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

static bool arr_overlap(const jdoc_t *a, const jdoc_t *b)
{
    for (int32_t j = b->nodes[0].child; j >= 0; j = b->nodes[j].next) {
        for (int32_t i = a->nodes[0].child; i >= 0; i = a->nodes[i].next) {
            if (elems_eq(a, i, b, j)) {
                return true;
            }
        }
    }
    return false;
}

static void arr_pair(sqlite3_context *ctx, sqlite3_value **argv, int op)
{
    jdoc_t a;
    jdoc_t b;
    if (sqlfn__any_null(2, argv) || !arr_arg(ctx, argv[0], &a)) {
        return;
    }
    if (!arr_arg(ctx, argv[1], &b)) {
        sqlfn_json_free(&a);
        return;
    }
    bool r = op == 0 ? arr_contains(&a, &b) : op == 1 ? arr_contains(&b, &a) : arr_overlap(&a, &b);
    sqlite3_result_int(ctx, r);
    sqlfn_json_free(&a);
    sqlfn_json_free(&b);
}

static void fn_contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    arr_pair(ctx, argv, 0);
}

static void fn_contained(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    arr_pair(ctx, argv, 1);
}

static void fn_overlap(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    arr_pair(ctx, argv, 2);
}

static void fn_has(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t d;
    if (sqlfn__any_null(2, argv) || !arr_arg(ctx, argv[0], &d)) {
        return;
    }
    bool saw_null = false;
    for (int32_t e = d.nodes[0].child; e >= 0; e = d.nodes[e].next) {
        if (d.nodes[e].kind == JN_NULL) {
            saw_null = true;
        } else if (elem_eq(&d, e, argv[1])) {
            sqlite3_result_int(ctx, 1);
            sqlfn_json_free(&d);
            return;
        }
    }
    if (!saw_null) {
        sqlite3_result_int(ctx, 0);
    }
    sqlfn_json_free(&d);
}

int sqlfn__register_array(sqlite3 *db)
{
    static int tag;
    static const struct {
        const char *name;
        int nargs;
        bool tagged;
        sqlfn_fn_cb fn;
    } defs[] = {
        {"array_length", 2, false, fn_array_length},
        {"array_upper", 2, false, fn_array_length},
        {"array_lower", 2, false, fn_array_lower},
        {"cardinality", 1, false, fn_cardinality},
        {"array_append", 2, false, fn_array_append},
        {"array_prepend", 2, true, fn_array_append},
        {"array_cat", 2, false, fn_array_cat},
        {"lg_array_append", 2, false, fn_array_append},
        {"lg_array_prepend", 2, true, fn_array_append},
        {"lg_array_cat", 2, false, fn_array_cat},
        {"array_position", 2, false, fn_array_position},
        {"array_position", 3, false, fn_array_position},
        {"array_positions", 2, true, fn_array_position},
        {"array_remove", 2, false, fn_array_remove},
        {"array_to_string", 2, false, fn_array_to_string},
        {"array_to_string", 3, false, fn_array_to_string},
        {"string_to_array", 2, false, fn_string_to_array},
        {"string_to_array", 3, false, fn_string_to_array},
        {"lg_array_contains", 2, false, fn_contains},
        {"lg_array_contained", 2, false, fn_contained},
        {"lg_array_overlap", 2, false, fn_overlap},
        {"lg_array_has", 2, false, fn_has},
    };
    for (size_t i = 0; i < LG_ARRAY_LEN(defs); i++) {
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLFN_PURE,
                                       defs[i].tagged ? &tag : NULL, defs[i].fn, NULL, NULL,
                                       NULL) != SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}
