/* sqlfn_arrayx.c - array functions that look at an array's shape, on arrays stored as JSON
 * array text (a multidimensional array is nested JSON arrays, lower bounds are always 1):
 *   array_dims(a)            "[1:2][1:3]", NULL for an empty array
 *   array_ndims(a)           number of dimensions, NULL for an empty array
 *   array_replace(a, x, y)   every element IS NOT DISTINCT FROM x replaced by y
 *   array_fill(v, dims [, lbounds])  an array of the given dimensions filled with v
 *                            (lower bounds other than 1 are 0A000: storage has none)
 *   lg_array_cat(a, b) / array_cat(a, b)  the || of two arrays with PostgreSQL's rules:
 *                            equal dimensionality concatenates along the first dimension
 *                            (inner dimensions must match), N and N+1 dimensions add the
 *                            smaller one as an element of the larger, anything else is
 *                            2202E "cannot concatenate incompatible arrays"; an empty or
 *                            NULL operand gives the other one.
 *   lg_array_get(a, i, ...)  a[i][j]..., NULL unless the subscripts reach an element
 *   lg_array_pad(a, i)       a padded with NULLs up to i - 1 elements, for SET a[i] = v
 *   lg_array_md(a)           a, checked to be a rectangular multidimensional array
 *   lg_array_flat(a)         the elements of a multidimensional array in one dimension
 * Registered after sqlfn_array.c, so lg_array_cat/array_cat here replace the flat ones. */
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "sqlfn_json.h"

#define ARR_MAXDIM 6

/* Dimensions of array node i following first elements; 0 dims for []. */
static int arr_shape(const jdoc_t *d, int32_t i, int *dims)
{
    int nd = 0;
    while (i >= 0 && d->nodes[i].kind == JN_ARRAY && d->nodes[i].count > 0 && nd < ARR_MAXDIM) {
        dims[nd++] = d->nodes[i].count;
        i = d->nodes[i].child;
    }
    return nd;
}

static bool arr_arg(sqlite3_context *ctx, sqlite3_value *v, jdoc_t *d)
{
    if (sqlite3_value_type(v) == SQLITE_NULL || !sqlfn__json_arg(ctx, v, d))
        return false;
    if (d->nodes[0].kind != JN_ARRAY) {
        sqlfn_json_free(d);
        sqlfn__error(ctx, "22P02", "malformed array literal");
        return false;
    }
    return true;
}

static void fn_array_dims(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    jdoc_t d;
    bool ndims_only = sqlite3_user_data(ctx) != NULL;
    (void)argc;
    if (!arr_arg(ctx, argv[0], &d))
        return;
    int dims[ARR_MAXDIM];
    int nd = arr_shape(&d, 0, dims);
    sqlfn_json_free(&d);
    if (nd == 0)
        return;
    if (ndims_only) {
        sqlite3_result_int(ctx, nd);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, 256);
    for (int k = 0; k < nd; k++)
        lg_buf_printf(&b, "[1:%d]", dims[k]);
    sqlfn__result_buf_text(ctx, &b);
}

/* Element e equals SQL value v (NULL equals NULL; numbers by value; else by text). */
static bool elem_is(const jdoc_t *d, int32_t e, sqlite3_value *v)
{
    const jnode_t *nd = &d->nodes[e];
    int t = sqlite3_value_type(v);
    if (t == SQLITE_NULL || nd->kind == JN_NULL)
        return t == SQLITE_NULL && nd->kind == JN_NULL;
    if (nd->kind == JN_NUMBER && (t == SQLITE_INTEGER || t == SQLITE_FLOAT))
        return strtod(d->src + nd->start, NULL) == sqlite3_value_double(v);
    if (nd->kind == JN_TRUE || nd->kind == JN_FALSE)
        return t == SQLITE_INTEGER && (sqlite3_value_int64(v) != 0) == (nd->kind == JN_TRUE);
    lg_buf_t tv;
    lg_buf_init(&tv, SQLFN_MAX_LEN);
    sqlfn__append_value_text(&tv, v);
    bool eq;
    if (nd->kind == JN_STRING)
        eq = sqlfn__json_key_eq(d, e, tv.data ? (const char *)tv.data : "", tv.len);
    else
        eq = tv.len == nd->end - nd->start && !memcmp(tv.data, d->src + nd->start, tv.len);
    lg_buf_deinit(&tv);
    return eq;
}

static void replace_into(lg_buf_t *b, const jdoc_t *d, int32_t i, sqlite3_value **argv)
{
    lg_buf_putc(b, '[');
    for (int32_t e = d->nodes[i].child; e >= 0; e = d->nodes[e].next) {
        if (e != d->nodes[i].child)
            lg_buf_putc(b, ',');
        if (d->nodes[e].kind == JN_ARRAY)
            replace_into(b, d, e, argv);
        else if (elem_is(d, e, argv[1]))
            sqlfn__json_append_value(b, argv[2], JW_RAW);
        else
            sqlfn__json_write(b, d, e, JW_RAW);
    }
    lg_buf_putc(b, ']');
}

static void fn_array_replace(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t d;
    if (!arr_arg(ctx, argv[0], &d))
        return;
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    replace_into(&b, &d, 0, argv);
    sqlfn_json_free(&d);
    sqlfn__json_result_buf(ctx, &b);
}

static void fill_level(lg_buf_t *b, const int64_t *dims, int nd, sqlite3_value *v)
{
    lg_buf_putc(b, '[');
    for (int64_t k = 0; k < dims[0] && !b->failed; k++) {
        if (k)
            lg_buf_putc(b, ',');
        if (nd > 1)
            fill_level(b, dims + 1, nd - 1, v);
        else
            sqlfn__json_append_value(b, v, JW_RAW);
    }
    lg_buf_putc(b, ']');
}

/* Reads an integer array argument into out; count or -1 (error raised). */
static int int_list(sqlite3_context *ctx, sqlite3_value *v, int64_t *out, const char *what)
{
    jdoc_t d;
    if (!arr_arg(ctx, v, &d))
        return -1;
    int n = 0;
    for (int32_t e = d.nodes[0].child; e >= 0; e = d.nodes[e].next) {
        if (d.nodes[e].kind != JN_NUMBER || n >= ARR_MAXDIM) {
            bool isnull = d.nodes[e].kind == JN_NULL;
            sqlfn_json_free(&d);
            if (isnull)
                sqlfn__error(ctx, "22004", "dimension values cannot be null");
            else
                sqlfn__error(ctx, "54000", "wrong number of array %s", what);
            return -1;
        }
        out[n++] = (int64_t)strtod(d.src + d.nodes[e].start, NULL);
    }
    sqlfn_json_free(&d);
    return n;
}

static void fn_array_fill(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    bool null_bounds = argc > 2 && sqlite3_value_type(argv[2]) == SQLITE_NULL;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL || null_bounds) {
        sqlfn__error(ctx, "22004", "dimension array or low bound array cannot be null");
        return;
    }
    int64_t dims[ARR_MAXDIM], lbs[ARR_MAXDIM];
    int nd = int_list(ctx, argv[1], dims, "dimensions");
    int nl = nd >= 0 && argc > 2 ? int_list(ctx, argv[2], lbs, "subscripts") : 0;
    if (nd < 0 || nl < 0)
        return;
    if (argc > 2 && nl != nd) {
        sqlfn__error(ctx, "2202E", "wrong number of array subscripts");
        return;
    }
    for (int k = 0; k < nl; k++)
        if (lbs[k] != 1) {
            sqlfn__error(ctx, "0A000",
                         "array_fill with lower bounds other than 1 is not "
                         "supported");
            return;
        }
    int64_t total = 1;
    for (int k = 0; k < nd; k++) {
        if (dims[k] < 0) {
            sqlfn__error(ctx, "2202E", "array size exceeds the maximum allowed");
            return;
        }
        total *= dims[k];
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (nd == 0 || total == 0)
        lg_buf_append(&b, "[]", 2);
    else
        fill_level(&b, dims, nd, argv[0]);
    sqlfn__json_result_buf(ctx, &b);
}

static void put_children(lg_buf_t *b, const jdoc_t *d, bool *first)
{
    for (int32_t e = d->nodes[0].child; e >= 0; e = d->nodes[e].next) {
        if (!*first)
            lg_buf_putc(b, ',');
        *first = false;
        sqlfn__json_write(b, d, e, JW_RAW);
    }
}

static void fn_array_cat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t a, c;
    bool ha = sqlite3_value_type(argv[0]) != SQLITE_NULL;
    bool hc = sqlite3_value_type(argv[1]) != SQLITE_NULL;
    if (!ha && !hc)
        return;
    if (ha && !arr_arg(ctx, argv[0], &a))
        return;
    if (hc && !arr_arg(ctx, argv[1], &c)) {
        if (ha)
            sqlfn_json_free(&a);
        return;
    }
    int da[ARR_MAXDIM], dc[ARR_MAXDIM];
    int na = ha ? arr_shape(&a, 0, da) : 0, nc = hc ? arr_shape(&c, 0, dc) : 0;
    bool ok = na == 0 || nc == 0 ||
              (na == nc && !memcmp(da + 1, dc + 1, sizeof(int) * (size_t)(na - 1))) ||
              (na == nc + 1 && !memcmp(da + 1, dc, sizeof(int) * (size_t)nc)) ||
              (nc == na + 1 && !memcmp(dc + 1, da, sizeof(int) * (size_t)na));
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (!ok) {
        sqlfn__error(ctx, "2202E", "cannot concatenate incompatible arrays");
    } else {
        bool first = true;
        lg_buf_putc(&b, '[');
        if (na > 0 && nc == na + 1) {
            sqlfn__json_write(&b, &a, 0, JW_RAW);
            first = false;
        } else if (na > 0) {
            put_children(&b, &a, &first);
        }
        if (nc > 0 && na == nc + 1) {
            lg_buf_append(&b, first ? "" : ",", first ? 0 : 1);
            sqlfn__json_write(&b, &c, 0, JW_RAW);
        } else if (nc > 0) {
            put_children(&b, &c, &first);
        }
        lg_buf_putc(&b, ']');
        sqlfn__json_result_buf(ctx, &b);
    }
    if (!ok)
        lg_buf_deinit(&b);
    if (ha)
        sqlfn_json_free(&a);
    if (hc)
        sqlfn_json_free(&c);
}

/* lg_array_flat(a): a multidimensional array's elements as one flat JSON array in row-major
 * order, as unnest and WITH ORDINALITY walk them; a one-dimensional array as it is. */
static void fn_array_flat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t d;
    if (!arr_arg(ctx, argv[0], &d))
        return;
    int32_t first = d.nodes[0].child;
    if (first < 0 || d.nodes[first].kind != JN_ARRAY) {
        sqlfn_json_free(&d);
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    bool sep = false;
    for (size_t i = 1; i < d.n;) {
        if (d.nodes[i].kind == JN_ARRAY) {
            i++;
            continue;
        }
        lg_buf_append(&b, ",", sep ? 1 : 0);
        sep = true;
        sqlfn__json_write(&b, &d, (int32_t)i, JW_RAW);
        size_t end = d.nodes[i].end; /* skip what is nested in the element */
        for (i++; i < d.n && d.nodes[i].start < end; i++)
            ;
    }
    lg_buf_putc(&b, ']');
    sqlfn_json_free(&d);
    sqlfn__json_result_buf(ctx, &b);
}

/* lg_array_get(a, i1 [, i2 ...]): a[i1][i2]... with 1-based subscripts. NULL when a
 * subscript is out of range or NULL, and when the subscripts do not reach the elements of a
 * multidimensional array (m[1] of a two-dimensional m), as in PostgreSQL. */
static void fn_array_get(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    for (int k = 1; k < argc; k++)
        if (sqlite3_value_type(argv[k]) == SQLITE_NULL)
            return;
    jdoc_t d;
    if (!arr_arg(ctx, argv[0], &d))
        return;
    int32_t e = 0;
    for (int k = 1; k < argc && e >= 0; k++) {
        int64_t i = sqlite3_value_int64(argv[k]);
        e = d.nodes[e].kind == JN_ARRAY && i >= 1 ? sqlfn__json_arr_get(&d, e, i - 1) : -1;
    }
    if (e >= 0 && d.nodes[e].kind != JN_ARRAY)
        sqlfn__json_result_sql(ctx, &d, e);
    sqlfn_json_free(&d);
}

/* lg_array_pad(a, i): array a (NULL: none) made long enough for an assignment to a[i]:
 * NULLs fill the gap past its end, as PostgreSQL pads. A subscript below 1, or above 1 on an
 * empty array, would move PostgreSQL's lower bound, which storage does not keep: 0A000. */
static void fn_array_pad(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlfn__error(ctx, "22004", "array subscript in assignment must not be null");
        return;
    }
    int64_t i = sqlite3_value_int64(argv[1]);
    jdoc_t d;
    bool have = sqlite3_value_type(argv[0]) != SQLITE_NULL;
    if (have && !arr_arg(ctx, argv[0], &d))
        return;
    int64_t len = have ? d.nodes[0].count : 0;
    if (i < 1 || (len == 0 && i > 1) || i > 134217727) {
        if (have)
            sqlfn_json_free(&d);
        sqlfn__error(ctx, "0A000",
                     "assignment to array element %lld is not supported: arrays here always "
                     "start at subscript 1",
                     (long long)i);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    bool first = true;
    if (len > 0)
        put_children(&b, &d, &first);
    for (int64_t k = len; k < i - 1; k++) {
        lg_buf_append(&b, first ? "null" : ",null", first ? 4 : 5);
        first = false;
    }
    lg_buf_putc(&b, ']');
    if (have)
        sqlfn_json_free(&d);
    sqlfn__json_result_buf(ctx, &b);
}

/* True when array node i is rectangular with the shape of its first elements (dims, nd). */
static bool arr_regular(const jdoc_t *d, int32_t i, const int *dims, int nd)
{
    if (d->nodes[i].kind != JN_ARRAY)
        return nd == 0;
    if (nd == 0 || d->nodes[i].count != dims[0])
        return false;
    for (int32_t e = d->nodes[i].child; e >= 0; e = d->nodes[e].next)
        if (!arr_regular(d, e, dims + 1, nd - 1))
            return false;
    return true;
}

/* lg_array_md(a): ARRAY[[...], [...]] built from sub-arrays, checked to be rectangular as
 * PostgreSQL requires (2202E otherwise); the value itself is returned. */
static void fn_array_md(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    jdoc_t d;
    if (!arr_arg(ctx, argv[0], &d))
        return;
    int dims[ARR_MAXDIM];
    int nd = arr_shape(&d, 0, dims);
    bool ok = nd == 0 || arr_regular(&d, 0, dims, nd);
    sqlfn_json_free(&d);
    if (!ok) {
        sqlfn__error(ctx, "2202E",
                     "multidimensional arrays must have array expressions with matching "
                     "dimensions");
        return;
    }
    sqlite3_result_value(ctx, argv[0]);
    sqlite3_result_subtype(ctx, SQLFN_JSON_SUBTYPE);
}

int sqlfn__register_arrayx(sqlite3 *db)
{
    static const struct {
        const char *name;
        int nargs;
        bool flag;
        sqlfn_fn_cb fn;
    } defs[] = {
        {"array_dims", 1, false, fn_array_dims},       {"array_ndims", 1, true, fn_array_dims},
        {"array_replace", 3, false, fn_array_replace}, {"array_fill", 2, false, fn_array_fill},
        {"array_fill", 3, false, fn_array_fill},       {"lg_array_cat", 2, false, fn_array_cat},
        {"array_cat", 2, false, fn_array_cat},         {"lg_array_flat", 1, false, fn_array_flat},
        {"lg_array_get", -1, false, fn_array_get},     {"lg_array_pad", 2, false, fn_array_pad},
        {"lg_array_md", 1, false, fn_array_md},
    };
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLFN_PURE,
                                       defs[i].flag ? (void *)1 : NULL, defs[i].fn, NULL, NULL,
                                       NULL) != SQLITE_OK)
            return LG_EINVAL;
    return 0;
}
