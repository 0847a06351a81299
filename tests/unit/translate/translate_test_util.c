/* translate_test_util.c - see translate_test_util.h. */
#include "translate_test_util.h"
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void stub_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc > 0)
        sqlite3_result_value(ctx, argv[0]);
    else
        sqlite3_result_null(ctx);
}

static void stub_null(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    sqlite3_result_null(ctx);
}

/* Integer arithmetic stand-ins (lg_intN_op), computing for real so tests can check rows. */
static void stub_intop(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *op = sqlite3_user_data(ctx);
    if (argc != 2 || sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_int64 a = sqlite3_value_int64(argv[0]), b = sqlite3_value_int64(argv[1]);
    switch (op[0]) {
    case 'a':
        sqlite3_result_int64(ctx, a + b);
        break;
    case 's':
        sqlite3_result_int64(ctx, a - b);
        break;
    case 'm':
        sqlite3_result_int64(ctx, a * b);
        break;
    default:
        if (b == 0)
            sqlite3_result_error(ctx, "22012:division by zero", -1);
        else
            sqlite3_result_int64(ctx, a / b);
    }
}

static void stub_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    sqlite3_value **slot = sqlite3_aggregate_context(ctx, sizeof(sqlite3_value *));
    if (slot && argc > 0) {
        sqlite3_value_free(*slot);
        *slot = sqlite3_value_dup(argv[0]);
    }
}

static void stub_final(sqlite3_context *ctx)
{
    sqlite3_value **slot = sqlite3_aggregate_context(ctx, 0);
    if (slot && *slot) {
        sqlite3_result_value(ctx, *slot);
        sqlite3_value_free(*slot);
    } else {
        sqlite3_result_null(ctx);
    }
}

static const char *const k_scalars[] = {
    "lg_nz",
    "lg_array_flat",
    "lg_array_get",
    "lg_array_pad",
    "lg_array_md",
    "lg_overlaps",
    "lg_jsonb_scalar",
    "lg_to_bool",
    "lg_to_int2",
    "lg_to_int4",
    "lg_to_int8",
    "lg_to_float4",
    "lg_to_float8",
    "lg_to_numeric",
    "lg_to_date",
    "lg_to_time",
    "lg_to_timetz",
    "lg_to_timestamp",
    "lg_to_timestamptz",
    "lg_to_interval",
    "lg_to_uuid",
    "lg_to_json",
    "lg_to_jsonb",
    "lg_to_bytea",
    "lg_to_varchar",
    "lg_to_bpchar",
    "lg_to_array",
    "lg_to_regclass",
    "lg_to_regtype",
    "lg_to_text",
    "lg_to_json_value",
    "lg_like",
    "lg_ilike",
    "lg_regex",
    "lg_regex_i",
    "lg_greatest",
    "lg_least",
    "lg_dt_op",
    "lg_numeric_div",
    "lg_numeric_mod",

    "lg_jsonb_concat",
    "lg_jsonb_contains",
    "lg_jsonb_exists",
    "lg_jsonb_exists_any",
    "lg_jsonb_exists_all",
    "lg_jsonb_delete",
    "lg_jsonb_delete_path",
    "lg_array_contains",
    "lg_array_overlap",
    "lg_array_cat",
    "lg_array_append",
    "lg_array_prepend",
    "lg_json_text",
    "lg_json_path",
    "lg_bit_xor",
    "lg_random",
    "lg_div",
    "lg_extract",
    "lg_octet_length",
    "lg_substring",
    "lg_regex_substring",
    "lg_current_date",
    "lg_current_time",
    "lg_localtime",
    "lg_localtimestamp",
    "now",
    "statement_timestamp",
    "clock_timestamp",
    "currval",
    "setval",
    "lastval",
    "gen_random_uuid",
    "date_trunc",
    "date_part",
    "age",
    "to_char",
    "concat",
    "concat_ws",
    "left",
    "right",
    "lpad",
    "rpad",
    "split_part",
    "md5",
    "initcap",
    "repeat",
    "reverse",
    "regexp_replace",
    "array_to_string",
    "current_user",
    "session_user",
    "current_database",
    "current_schema",
    "version",
    "set_config",
    "jsonb_set",
    "jsonb_typeof",
    "array_remove",
    "array_position",
    "string_to_array",
    "make_date",
    "to_timestamp",
    "to_date",
    "translate",
    "format",
    "lg_json_get",
    "lg_json_get_text",
    "lg_jsonb_get",
    "lg_jsonb_get_text",
    "lg_json_path_text",
    "json_build_object",
    "jsonb_build_object",
    "json_build_array",
    "jsonb_build_array",
    "lg_jsonb",
    "lg_jsonb_delete_keys",
};
static const char *const k_aggs[] = {
    "lg_string_agg_ord",  "lg_array_agg_ord",  "lg_json_agg_ord", "lg_string_agg_ord_d",
    "lg_array_agg_ord_d", "lg_json_agg_ord_d", "string_agg",      "array_agg",
    "json_agg",           "jsonb_agg",         "json_object_agg", "jsonb_object_agg"};

/* nextval stand-in: a distinct value per call on this connection (SERIAL keys are filled
 * by their DEFAULT, not by SQLite's rowid). */
static void stub_nextval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_int64 *n = sqlite3_user_data(ctx);
    sqlite3_result_int64(ctx, ++*n);
}

/* lg_seq_reset(name) is 0 (the is_called of a reset); lg_raise(state, msg) fails. */
static void stub_seq_reset(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, 0);
}

static void stub_raise(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    char msg[512];
    snprintf(msg, sizeof(msg), "%s:%s", (const char *)sqlite3_value_text(argv[0]),
             (const char *)sqlite3_value_text(argv[1]));
    sqlite3_result_error(ctx, msg, -1);
}

int (*tt_db_extra)(sqlite3 *db);

sqlite3 *tt_db_open(void)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return NULL;
    if (tt_db_extra && tt_db_extra(db) != 0) {
        sqlite3_close(db);
        return NULL;
    }
    for (size_t i = 0; i < sizeof(k_scalars) / sizeof(k_scalars[0]); i++)
        sqlite3_create_function(db, k_scalars[i], -1, SQLITE_UTF8, NULL, stub_fn, NULL, NULL);
    for (size_t i = 0; i < sizeof(k_aggs) / sizeof(k_aggs[0]); i++)
        sqlite3_create_function(db, k_aggs[i], -1, SQLITE_UTF8, NULL, NULL, stub_step, stub_final);
    sqlite3_int64 *counter = calloc(1, sizeof(*counter));
    static const char *const ops[] = {"add", "sub", "mul", "div"};
    for (int w = 2; w <= 8; w *= 2)
        for (int k = 0; k < 4; k++) {
            char name[32];
            snprintf(name, sizeof(name), "lg_int%d_%s", w, ops[k]);
            sqlite3_create_function(db, name, 2, SQLITE_UTF8, (void *)(uintptr_t)ops[k], stub_intop,
                                    NULL, NULL);
        }
    sqlite3_create_function_v2(db, "nextval", 1, SQLITE_UTF8, counter, stub_nextval, NULL, NULL,
                               free);
    sqlite3_create_function(db, "lg_seq_reset", 1, SQLITE_UTF8, NULL, stub_seq_reset, NULL, NULL);
    /* no session settings here: every setting is unset (search_path has its default) */
    sqlite3_create_function(db, "current_setting", -1, SQLITE_UTF8, NULL, stub_null, NULL, NULL);
    sqlite3_create_function(db, "lg_raise", 2, SQLITE_UTF8, NULL, stub_raise, NULL, NULL);
    return db;
}

bool tt_exact_numeric;

char *tt_translate(sqlite3 *db, const char *pg, lg_pgerr_t *err, translate_result_t **res)
{
    translate_opts_t opts = {.catalog_db = db, .exact_numeric = tt_exact_numeric};
    translate_result_t *r = NULL;
    lg_pgerr_clear(err);
    if (translate_sql(pg, strlen(pg), &opts, &r, err) != 0)
        return NULL;
    char *sql = NULL;
    if (r->nstmts > 0 && r->stmts[0].sql)
        sql = strdup(r->stmts[0].sql);
    if (res)
        *res = r;
    else
        translate_result_unref(r);
    return sql ? sql : strdup("");
}

void tt_result_free(translate_result_t *r)
{
    if (r)
        translate_result_unref(r);
}

int tt_exec(sqlite3 *db, const char *pg)
{
    lg_pgerr_t err;
    translate_opts_t opts = {.catalog_db = db};
    translate_result_t *r = NULL;
    if (translate_sql(pg, strlen(pg), &opts, &r, &err) != 0) {
        fprintf(stderr, "translate failed: %s: %s\n", err.sqlstate, err.message);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < r->nstmts && rc == 0; i++) {
        if (!r->stmts[i].sql)
            continue;
        char *msg = NULL;
        rc = sqlite3_exec(db, r->stmts[i].sql, NULL, NULL, &msg);
        if (rc)
            fprintf(stderr, "sqlite: %s\n  in: %s\n", msg, r->stmts[i].sql);
        sqlite3_free(msg);
    }
    translate_result_unref(r);
    return rc;
}

char *tt_query1(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}
