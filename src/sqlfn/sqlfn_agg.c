/* sqlfn_agg.c - general aggregates: string_agg(value, delimiter), bool_and, bool_or, every,
 * array_agg(value).
 *
 * SQLite 3.40 has no ORDER BY inside aggregate calls (3.44 adds it), so these aggregate in
 * the order rows reach them; an ordered aggregate must be emitted over an ordered subquery
 * (docs/sqlfn-contract.md). string_agg skips NULL values and puts the delimiter of the
 * current row before every value but the first; it is NULL when no value was aggregated.
 * array_agg keeps NULLs and returns a JSON array (compact, "[1,null,3]") carrying the JSON
 * subtype; NULL over no rows. */
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
    a->value = !a->seen ? v : and ? (a->value && v) : (a->value || v);
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
    };
    for (size_t i = 0; i < LG_ARRAY_LEN(defs); i++) {
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLITE_UTF8,
                                       defs[i].and ? &and_tag : NULL, NULL, defs[i].step,
                                       defs[i].final, NULL) != SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}
