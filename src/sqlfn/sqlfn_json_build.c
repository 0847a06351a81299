/* sqlfn_json_build.c - JSON constructors and JSON aggregates:
 *   json_build_object / jsonb_build_object, json_build_array / jsonb_build_array,
 *   to_json / to_jsonb, json_agg / jsonb_agg, json_object_agg / jsonb_object_agg.
 * SQL values map as sqlfn__json_append_value() says; TEXT carrying the JSON subtype (any
 * JSON function result, or lg_json(col)) is embedded as JSON, other TEXT becomes a string.
 * Output spacing copies PostgreSQL: json_build_object '{"a" : 1, "b" : 2}', json arrays and
 * json_agg '[1, 2]', json_object_agg '{ "a" : 1, "b" : 2 }'; the jsonb variants print the
 * normalized jsonb form. Aggregates over no rows return NULL. */
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_json.h"

static bool is_jsonb(sqlite3_context *ctx)
{
    return sqlite3_user_data(ctx) != NULL;
}

/* Result of the raw JSON in b: normalized to jsonb if asked. */
static void finish(sqlite3_context *ctx, lg_buf_t *b, bool jsonb)
{
    if (!jsonb || b->failed) {
        sqlfn__json_result_buf(ctx, b);
        return;
    }
    jdoc_t d;
    if (sqlfn_json_parse(&d, (const char *)b->data, b->len) != 0) {
        sqlfn_json_free(&d);
        lg_buf_deinit(b);
        sqlfn__error(ctx, "XX000", "internal JSON build error");
        return;
    }
    sqlfn__json_result_node(ctx, &d, 0, JW_JSONB);
    sqlfn_json_free(&d);
    lg_buf_deinit(b);
}

/* Appends key k as a JSON string; a NULL key is 22023, with PostgreSQL's message for the
 * caller: argno > 0 for json[b]_build_object's argument number, 0 for json[b]_object_agg. */
static void append_key(sqlite3_context *ctx, lg_buf_t *b, sqlite3_value *k, int argno, bool *ok)
{
    if (sqlite3_value_type(k) == SQLITE_NULL) {
        if (!argno)
            sqlfn__error(ctx, "22023", "field name must not be null");
        else if (sqlite3_user_data(ctx))
            sqlfn__error(ctx, "22023", "argument %d: key must not be null", argno);
        else
            sqlfn__error(ctx, "22023", "argument %d cannot be null", argno);
        *ok = false;
        return;
    }
    lg_buf_t t;
    lg_buf_init(&t, SQLFN_MAX_LEN);
    sqlfn__append_value_text(&t, k);
    sqlfn__json_quote(b, t.data ? t.data : (const uint8_t *)"", t.len);
    lg_buf_deinit(&t);
}

static void fn_build_object(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc % 2 != 0) {
        sqlfn__error(ctx, "22023", "argument list must have even number of elements");
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '{');
    bool ok = true;
    for (int i = 0; i < argc && ok; i += 2) {
        if (i > 0) {
            lg_buf_append(&b, ", ", 2);
        }
        append_key(ctx, &b, argv[i], i + 1, &ok);
        lg_buf_append(&b, " : ", 3);
        sqlfn__json_append_value(&b, argv[i + 1], JW_RAW);
    }
    lg_buf_putc(&b, '}');
    if (!ok) {
        lg_buf_deinit(&b);
        return;
    }
    finish(ctx, &b, is_jsonb(ctx));
}

static void fn_build_array(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '[');
    for (int i = 0; i < argc; i++) {
        if (i > 0) {
            lg_buf_append(&b, ", ", 2);
        }
        sqlfn__json_append_value(&b, argv[i], JW_RAW);
    }
    lg_buf_putc(&b, ']');
    finish(ctx, &b, is_jsonb(ctx));
}

static void fn_to_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    sqlfn__json_append_value(&b, argv[0], JW_RAW);
    finish(ctx, &b, is_jsonb(ctx));
}

/* lg_json_pretty_top(json, pretty): array_to_json / row_to_json with pretty true break the
 * line after each top-level comma ("[1,\n 2]"); nested values stay on their line. */
static void fn_json_pretty_top(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s)
        return;
    if (sqlite3_value_type(argv[1]) == SQLITE_NULL || !sqlite3_value_int(argv[1])) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    int depth = 0;
    bool in_str = false;
    for (const char *p = s; *p; p++) {
        lg_buf_putc(&b, (uint8_t)*p);
        if (in_str) {
            if (*p == '\\' && p[1])
                lg_buf_putc(&b, (uint8_t) * ++p);
            else if (*p == '"')
                in_str = false;
        } else if (*p == '"') {
            in_str = true;
        } else if (*p == '[' || *p == '{') {
            depth++;
        } else if (*p == ']' || *p == '}') {
            depth--;
        } else if (*p == ',' && depth == 1) {
            lg_buf_append(&b, "\n ", 2);
        }
    }
    sqlfn__json_result_buf(ctx, &b);
}

typedef struct agg {
    lg_buf_t b;
    bool started;
} agg_t;

static agg_t *agg_state(sqlite3_context *ctx, bool create)
{
    agg_t *a = sqlite3_aggregate_context(ctx, create ? (int)sizeof(agg_t) : 0);
    if (a != NULL && create && !a->started) {
        lg_buf_init(&a->b, SQLFN_MAX_LEN);
        a->started = true;
    }
    return a;
}

static void agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    agg_t *a = agg_state(ctx, true);
    if (a == NULL) {
        return;
    }
    bool row = sqlite3_value_subtype(argv[0]) == SQLFN_JSON_ROW_SUBTYPE;
    if (!a->b.len)
        lg_buf_putc(&a->b, '[');
    else
        lg_buf_append(&a->b, row ? ", \n " : ", ", row ? 4 : 2);
    sqlfn__json_append_value(&a->b, argv[0], JW_RAW);
}

/* lg_json_row(json): the same JSON marked as a row's (SQLFN_JSON_ROW_SUBTYPE). */
static void fn_json_row(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_value(ctx, argv[0]);
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT)
        sqlite3_result_subtype(ctx, SQLFN_JSON_ROW_SUBTYPE);
}

static void object_agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    agg_t *a = agg_state(ctx, true);
    if (a == NULL) {
        return;
    }
    bool ok = true;
    lg_buf_append(&a->b, a->b.len ? ", " : "{ ", 2);
    lg_buf_t k;
    lg_buf_init(&k, SQLFN_MAX_LEN);
    append_key(ctx, &k, argv[0], 0, &ok);
    if (!ok) {
        lg_buf_deinit(&k);
        return;
    }
    lg_buf_append(&a->b, k.data, k.len);
    lg_buf_deinit(&k);
    lg_buf_append(&a->b, " : ", 3);
    sqlfn__json_append_value(&a->b, argv[1], JW_RAW);
}

static void agg_final(sqlite3_context *ctx, const char *close)
{
    agg_t *a = agg_state(ctx, false);
    if (a == NULL || !a->started) {
        sqlite3_result_null(ctx);
        return;
    }
    lg_buf_append(&a->b, close, strlen(close));
    finish(ctx, &a->b, is_jsonb(ctx));
    a->started = false;
}

static void agg_final_array(sqlite3_context *ctx)
{
    agg_final(ctx, "]");
}

static void agg_final_object(sqlite3_context *ctx)
{
    agg_final(ctx, " }");
}

int sqlfn__register_json_build(sqlite3 *db)
{
    static int jsonb_tag;
    static const struct {
        const char *name;
        int nargs;
        bool jsonb;
        sqlfn_fn_cb fn;
        sqlfn_fn_cb step;
        void (*final)(sqlite3_context *);
    } defs[] = {
        {"json_build_object", -1, false, fn_build_object, NULL, NULL},
        {"jsonb_build_object", -1, true, fn_build_object, NULL, NULL},
        {"json_build_array", -1, false, fn_build_array, NULL, NULL},
        {"jsonb_build_array", -1, true, fn_build_array, NULL, NULL},
        {"to_json", 1, false, fn_to_json, NULL, NULL},
        {"to_jsonb", 1, true, fn_to_json, NULL, NULL},
        {"lg_to_json_value", 1, false, fn_to_json, NULL, NULL},
        {"lg_json_row", 1, false, fn_json_row, NULL, NULL},
        {"lg_json_pretty_top", 2, false, fn_json_pretty_top, NULL, NULL},
        {"json_agg", 1, false, NULL, agg_step, agg_final_array},
        {"jsonb_agg", 1, true, NULL, agg_step, agg_final_array},
        {"json_object_agg", 2, false, NULL, object_agg_step, agg_final_object},
        {"jsonb_object_agg", 2, true, NULL, object_agg_step, agg_final_object},
    };
    for (size_t i = 0; i < LG_ARRAY_LEN(defs); i++) {
        int flags = defs[i].fn ? SQLFN_PURE : SQLITE_UTF8;
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, flags,
                                       defs[i].jsonb ? &jsonb_tag : NULL, defs[i].fn, defs[i].step,
                                       defs[i].final, NULL) != SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}
