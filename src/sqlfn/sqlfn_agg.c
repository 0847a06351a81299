/* sqlfn_agg.c - general aggregates: string_agg(value, delimiter), bool_and, bool_or, every,
 * array_agg(value).
 *
 * SQLite 3.40 has no ORDER BY inside aggregate calls (3.44 adds it), so these aggregate in
 * the order rows reach them; an ordered aggregate must be emitted over an ordered subquery
 * (docs/sqlfn-contract.md). string_agg skips NULL values and puts the delimiter of the
 * current row before every value but the first; it is NULL when no value was aggregated.
 * array_agg keeps NULLs and returns a JSON array (compact, "[1,null,3]") carrying the JSON
 * subtype; NULL over no rows.
 * lg_scalar_sub(v) is how the translator emits a scalar subquery that may return several
 * rows: it yields its only row's value (NULL over no rows) and raises 21000 "more than one
 * row returned by a subquery used as an expression" on a second row, as PostgreSQL does.
 * lg_avg_f8(x) / lg_sum_f8(x) are avg/sum of double precision as window functions: the
 * frame's values are kept in order and summed from the first, as PostgreSQL recomputes a
 * moving frame (SQLite's built-ins subtract leaving rows, which changes the last digits).
 * While no row has left the frame the running sum is that same in-order sum. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

typedef struct stragg {
    lg_buf_t b;
    bool started;
    bool blob;
    bool any; /* a non-NULL value was aggregated */
} stragg_t;

static stragg_t *strstate(sqlite3_context *ctx, bool create)
{
    stragg_t *a = sqlite3_aggregate_context(ctx, create ? (int)sizeof(stragg_t) : 0);
    if (a != NULL && create && !a->started) {
        lg_buf_init(&a->b, SQLFN_MAX_LEN);
        a->started = true;
    }
    return a;
}

static void string_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        return;
    }
    stragg_t *a = strstate(ctx, true);
    if (a == NULL) {
        return;
    }
    bool first = !a->any;
    a->any = true;
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB) {
        a->blob = true;
    }
    if (!first && argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL) {
        const void *d = a->blob ? sqlite3_value_blob(argv[1]) : sqlite3_value_text(argv[1]);
        lg_buf_append(&a->b, d, (size_t)sqlite3_value_bytes(argv[1]));
    }
    if (a->blob) {
        lg_buf_append(&a->b, sqlite3_value_blob(argv[0]), (size_t)sqlite3_value_bytes(argv[0]));
    } else {
        lg_buf_append(&a->b, sqlite3_value_text(argv[0]), (size_t)sqlite3_value_bytes(argv[0]));
    }
}

static void string_agg_final(sqlite3_context *ctx)
{
    stragg_t *a = strstate(ctx, false);
    if (a == NULL || !a->started) {
        sqlite3_result_null(ctx);
        return;
    }
    if (a->blob) {
        sqlfn__result_buf_blob(ctx, &a->b);
    } else {
        sqlfn__result_buf_text(ctx, &a->b);
    }
    a->started = false;
}

typedef struct boolagg {
    bool seen;
    bool value;
} boolagg_t;

static void bool_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        return;
    }
    boolagg_t *a = sqlite3_aggregate_context(ctx, (int)sizeof *a);
    if (a == NULL) {
        return;
    }
    bool and = sqlite3_user_data(ctx) != NULL;
    bool v = sqlite3_value_int64(argv[0]) != 0;
    a->value = !a->seen ? v : and? (a->value && v) : (a->value || v);
    a->seen = true;
}

static void bool_final(sqlite3_context *ctx)
{
    boolagg_t *a = sqlite3_aggregate_context(ctx, 0);
    if (a == NULL || !a->seen) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int(ctx, a->value);
}

static void array_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    stragg_t *a = strstate(ctx, true);
    if (a == NULL) {
        return;
    }
    lg_buf_putc(&a->b, a->b.len ? ',' : '[');
    sqlfn__json_append_value(&a->b, argv[0], JW_RAW);
}

static void array_agg_final(sqlite3_context *ctx)
{
    stragg_t *a = strstate(ctx, false);
    if (a == NULL || !a->started) {
        sqlite3_result_null(ctx);
        return;
    }
    lg_buf_putc(&a->b, ']');
    sqlfn__json_result_buf(ctx, &a->b);
    a->started = false;
}

/* array_agg of arrays: PostgreSQL builds one array of one more dimension, so every input
 * must be a non-empty array of the same dimensions. */
#define ARRAGG_MAXDIM 6

typedef struct arragg {
    stragg_t s; /* first: array_agg_final reads it */
    int nd;
    int dims[ARRAGG_MAXDIM];
} arragg_t;

/* The lengths of a stored (JSON) array along its first elements: [[1,2],[3,4]] -> 2, 2. */
static int first_dims(const char *p, int *dims)
{
    int nd = 0;
    while (p && *p == '[' && nd < ARRAGG_MAXDIM) {
        int depth = 0, commas = 0;
        bool in_str = false, any = false;
        for (const char *q = p; *q; q++) {
            if (in_str) {
                if (*q == '\\' && q[1])
                    q++;
                else if (*q == '"')
                    in_str = false;
            } else if (*q == '"') {
                in_str = true;
                any = true;
            } else if (*q == '[' || *q == '{') {
                any |= depth == 1;
                depth++;
            } else if (*q == ']' || *q == '}') {
                if (--depth == 0)
                    break;
            } else if (depth == 1 && *q == ',') {
                commas++;
            } else if (depth == 1 && !isspace((unsigned char)*q)) {
                any = true;
            }
        }
        dims[nd++] = any ? commas + 1 : 0;
        p++;
        while (isspace((unsigned char)*p))
            p++;
    }
    return nd;
}

static void array_agg_arrays_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    arragg_t *a = sqlite3_aggregate_context(ctx, (int)sizeof(arragg_t));
    if (a == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlfn__error(ctx, "22004", "cannot accumulate null arrays");
        return;
    }
    int dims[ARRAGG_MAXDIM];
    int nd = first_dims((const char *)sqlite3_value_text(argv[0]), dims);
    if (nd == 0 || dims[0] == 0) {
        sqlfn__error(ctx, "2202E", "cannot accumulate empty arrays");
        return;
    }
    if (a->s.started && (nd != a->nd || memcmp(dims, a->dims, sizeof(int) * (size_t)nd) != 0)) {
        sqlfn__error(ctx, "2202E", "cannot accumulate arrays of different dimensionality");
        return;
    }
    if (!a->s.started) {
        lg_buf_init(&a->s.b, SQLFN_MAX_LEN);
        a->s.started = true;
        a->nd = nd;
        memcpy(a->dims, dims, sizeof(int) * (size_t)nd);
    }
    lg_buf_putc(&a->s.b, a->s.b.len ? ',' : '[');
    sqlfn__json_append_value(&a->s.b, argv[0], JW_RAW);
}

typedef struct scalar_sub {
    sqlite3_int64 n;
    sqlite3_value *v;
} scalar_sub_t;

static void scalar_sub_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    scalar_sub_t *a = sqlite3_aggregate_context(ctx, (int)sizeof(*a));
    if (a == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (++a->n > 1) {
        sqlfn__error(ctx, LG_SQLSTATE_CARDINALITY_VIOLATION,
                     "more than one row returned by a subquery used as an expression");
        return;
    }
    a->v = sqlite3_value_dup(argv[0]);
    if (a->v == NULL)
        sqlite3_result_error_nomem(ctx);
}

static void scalar_sub_final(sqlite3_context *ctx)
{
    scalar_sub_t *a = sqlite3_aggregate_context(ctx, 0);
    if (a == NULL || a->v == NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    if (a->n == 1)
        sqlite3_result_value(ctx, a->v);
    sqlite3_value_free(a->v);
    a->v = NULL;
}

typedef struct fwin {
    double *v;
    bool *null;
    size_t head, n, cap; /* frame rows are v[head .. head + n) */
    double run;          /* in-order sum while nothing left the frame */
    size_t run_nn;
    bool moved;
} fwin_t;

static fwin_t *fwin_state(sqlite3_context *ctx, bool create)
{
    fwin_t **pp = sqlite3_aggregate_context(ctx, create ? (int)sizeof(*pp) : 0);
    if (pp == NULL)
        return NULL;
    if (*pp == NULL && create)
        *pp = lg_xcalloc(1, sizeof(fwin_t));
    return *pp;
}

static void fwin_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    fwin_t *w = fwin_state(ctx, true);
    if (w->head + w->n == w->cap) {
        if (w->head > w->cap / 2) { /* compact: rows before head left the frame */
            memmove(w->v, w->v + w->head, w->n * sizeof(*w->v));
            memmove(w->null, w->null + w->head, w->n * sizeof(*w->null));
            w->head = 0;
        } else {
            w->cap = w->cap ? 2 * w->cap : 16;
            w->v = lg_xrealloc(w->v, w->cap * sizeof(*w->v));
            w->null = lg_xrealloc(w->null, w->cap * sizeof(*w->null));
        }
    }
    bool isnull = sqlite3_value_type(argv[0]) == SQLITE_NULL;
    double d = isnull ? 0 : sqlite3_value_double(argv[0]);
    w->v[w->head + w->n] = d;
    w->null[w->head + w->n] = isnull;
    w->n++;
    if (!isnull) {
        w->run += d;
        w->run_nn++;
    }
}

static void fwin_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    fwin_t *w = fwin_state(ctx, false);
    if (w == NULL || w->n == 0)
        return;
    w->head++;
    w->n--;
    w->moved = true;
}

static void fwin_result(sqlite3_context *ctx, bool avg)
{
    fwin_t *w = fwin_state(ctx, false);
    double sum = 0;
    size_t nn = 0;
    if (w != NULL && !w->moved) {
        sum = w->run;
        nn = w->run_nn;
    } else if (w != NULL) {
        for (size_t i = w->head; i < w->head + w->n; i++) {
            if (!w->null[i]) {
                sum += w->v[i];
                nn++;
            }
        }
    }
    if (nn == 0)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_double(ctx, avg ? sum / (double)nn : sum);
}

static void fwin_avg_value(sqlite3_context *ctx)
{
    fwin_result(ctx, true);
}

static void fwin_sum_value(sqlite3_context *ctx)
{
    fwin_result(ctx, false);
}

static void fwin_free(sqlite3_context *ctx)
{
    fwin_t *w = fwin_state(ctx, false);
    if (w != NULL) {
        free(w->v);
        free(w->null);
        free(w);
        *(fwin_t **)sqlite3_aggregate_context(ctx, 0) = NULL;
    }
}

static void fwin_avg_final(sqlite3_context *ctx)
{
    fwin_result(ctx, true);
    fwin_free(ctx);
}

static void fwin_sum_final(sqlite3_context *ctx)
{
    fwin_result(ctx, false);
    fwin_free(ctx);
}

int sqlfn__register_agg(sqlite3 *db)
{
    static int and_tag;
    static const struct {
        const char *name;
        int nargs;
        bool and;
        sqlfn_fn_cb step;
        void (*final)(sqlite3_context *);
    } defs[] = {
        {"string_agg", 2, false, string_agg_step, string_agg_final},
        {"bool_and", 1, true, bool_step, bool_final},
        {"every", 1, true, bool_step, bool_final},
        {"bool_or", 1, false, bool_step, bool_final},
        {"array_agg", 1, false, array_agg_step, array_agg_final},
        {"lg_array_agg_arrays", 1, false, array_agg_arrays_step, array_agg_final},
        {"lg_scalar_sub", 1, false, scalar_sub_step, scalar_sub_final},
    };
    if (sqlite3_create_window_function(db, "lg_avg_f8", 1, SQLITE_UTF8, NULL, fwin_step,
                                       fwin_avg_final, fwin_avg_value, fwin_inverse,
                                       NULL) != SQLITE_OK ||
        sqlite3_create_window_function(db, "lg_sum_f8", 1, SQLITE_UTF8, NULL, fwin_step,
                                       fwin_sum_final, fwin_sum_value, fwin_inverse,
                                       NULL) != SQLITE_OK)
        return LG_EINVAL;
    for (size_t i = 0; i < LG_ARRAY_LEN(defs); i++) {
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLITE_UTF8,
                                       defs[i].and ? &and_tag : NULL, NULL, defs[i].step,
                                       defs[i].final, NULL) != SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}
