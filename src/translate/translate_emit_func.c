/* translate_emit_func.c - function calls: the PostgreSQL name -> SQLite function map and
 * result types, aggregates (DISTINCT, FILTER, ordered string_agg/array_agg/json_agg),
 * window functions and window definitions, SQL value functions (CURRENT_DATE ...), and
 * table functions in FROM (generate_series, unnest, json(b)_each ...). Functions not in
 * the map are emitted under their own name (sqlfn may provide them; otherwise SQLite
 * reports "no such function", mapped to 42883). Worker thread only. */
#include "catalog_meta.h"
#include "pgtype.h"
#include "pgtype_num.h"
#include "translate_emit.h"
#include "translate_emit_fnbuiltin.h"
#include "translate_emit_check.h"
#include "translate_emit_enum.h"
#include "translate_emit_fn.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

enum {
    RT_FIXED,
    RT_ARG1,
    RT_ARG2,
    RT_SUM,
    RT_AVG,
    RT_NUMFLOAT,
    RT_ARRAY_OF_ARG1,
    RT_ANYARRAY_1, /* anyarray resolved from argument 1, else from argument 2 */
    RT_ANYARRAY_2, /* the same the other way round */
};

typedef struct func_map {
    const char *pg;
    const char *sqlite; /* NULL = same name */
    int rule;
    uint32_t type;
} func_map_t;

static const func_map_t k_funcs[] = {
    {"count", NULL, RT_FIXED, PGTYPE_INT8},
    {"sum", NULL, RT_SUM, 0},
    {"avg", NULL, RT_AVG, 0},
    {"variance", "lg_var_0", RT_NUMFLOAT, 0}, /* sqlfn_numxvar.c: _0.._3 = the four forms */
    {"var_samp", "lg_var_0", RT_NUMFLOAT, 0},
    {"var_pop", "lg_var_1", RT_NUMFLOAT, 0},
    {"stddev", "lg_var_2", RT_NUMFLOAT, 0},
    {"stddev_samp", "lg_var_2", RT_NUMFLOAT, 0},
    {"stddev_pop", "lg_var_3", RT_NUMFLOAT, 0},
    {"min", NULL, RT_ARG1, 0},
    {"max", NULL, RT_ARG1, 0},
    {"bool_and", "min", RT_FIXED, PGTYPE_BOOL},
    {"every", "min", RT_FIXED, PGTYPE_BOOL},
    {"bool_or", "max", RT_FIXED, PGTYPE_BOOL},
    {"string_agg", "group_concat", RT_FIXED, PGTYPE_TEXT},
    {"array_agg", "json_group_array", RT_ARRAY_OF_ARG1, 0},
    {"json_agg", "json_group_array", RT_FIXED, PGTYPE_JSON},
    {"jsonb_agg", "json_group_array", RT_FIXED, PGTYPE_JSONB},
    {"lg_json_row", NULL, RT_FIXED, PGTYPE_JSON}, /* json_agg(t): a row's json (recfn.c) */
    {"to_regclass", NULL, RT_FIXED, PGTYPE_REGCLASS},
    {"hashtext", NULL, RT_FIXED, PGTYPE_INT4},
    {"bit_and", NULL, RT_ARG1, 0}, /* sqlfn_aggstat.c */
    {"bit_or", NULL, RT_ARG1, 0},
    {"bit_xor", NULL, RT_ARG1, 0},
    {"corr", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"covar_pop", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"covar_samp", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_avgx", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_avgy", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_count", NULL, RT_FIXED, PGTYPE_INT8},
    {"regr_intercept", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_r2", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_slope", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_sxx", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_sxy", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"regr_syy", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"to_regtype", NULL, RT_FIXED, PGTYPE_REGTYPE},
    {"json_object_agg", "json_group_object", RT_FIXED, PGTYPE_JSON},
    {"jsonb_object_agg", "json_group_object", RT_FIXED, PGTYPE_JSONB},
    {"row_number", NULL, RT_FIXED, PGTYPE_INT8},
    {"rank", NULL, RT_FIXED, PGTYPE_INT8},
    {"dense_rank", NULL, RT_FIXED, PGTYPE_INT8},
    {"percent_rank", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"cume_dist", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"ntile", NULL, RT_FIXED, PGTYPE_INT4},
    {"lag", NULL, RT_ARG1, 0},
    {"lead", NULL, RT_ARG1, 0},
    {"first_value", NULL, RT_ARG1, 0},
    {"last_value", NULL, RT_ARG1, 0},
    {"nth_value", NULL, RT_ARG1, 0},
    {"now", NULL, RT_FIXED, PGTYPE_TIMESTAMPTZ},
    {"transaction_timestamp", NULL, RT_FIXED, PGTYPE_TIMESTAMPTZ},
    {"statement_timestamp", NULL, RT_FIXED, PGTYPE_TIMESTAMPTZ},
    {"clock_timestamp", NULL, RT_FIXED, PGTYPE_TIMESTAMPTZ},
    {"timeofday", NULL, RT_FIXED, PGTYPE_TEXT},
    {"lower", NULL, RT_FIXED, PGTYPE_TEXT},
    {"upper", NULL, RT_FIXED, PGTYPE_TEXT},
    {"btrim", "trim", RT_FIXED, PGTYPE_TEXT},
    {"ltrim", NULL, RT_FIXED, PGTYPE_TEXT},
    {"rtrim", NULL, RT_FIXED, PGTYPE_TEXT},
    {"replace", NULL, RT_FIXED, PGTYPE_TEXT},
    {"initcap", NULL, RT_FIXED, PGTYPE_TEXT},
    {"reverse", NULL, RT_FIXED, PGTYPE_TEXT},
    {"repeat", NULL, RT_FIXED, PGTYPE_TEXT},
    {"lpad", NULL, RT_FIXED, PGTYPE_TEXT},
    {"rpad", NULL, RT_FIXED, PGTYPE_TEXT},
    {"left", NULL, RT_FIXED, PGTYPE_TEXT},
    {"right", NULL, RT_FIXED, PGTYPE_TEXT},
    {"split_part", NULL, RT_FIXED, PGTYPE_TEXT},
    {"md5", NULL, RT_FIXED, PGTYPE_TEXT},
    {"translate", NULL, RT_FIXED, PGTYPE_TEXT},
    {"concat", NULL, RT_FIXED, PGTYPE_TEXT},
    {"concat_ws", NULL, RT_FIXED, PGTYPE_TEXT},
    {"format", NULL, RT_FIXED, PGTYPE_TEXT},
    {"regexp_replace", NULL, RT_FIXED, PGTYPE_TEXT},
    {"regexp_matches", NULL, RT_FIXED, PGTYPE_TEXT_ARRAY},
    {"regexp_match", NULL, RT_FIXED, PGTYPE_TEXT_ARRAY},
    {"regexp_split_to_array", NULL, RT_FIXED, PGTYPE_TEXT_ARRAY},
    {"regexp_count", NULL, RT_FIXED, PGTYPE_INT4},
    {"regexp_instr", NULL, RT_FIXED, PGTYPE_INT4},
    {"regexp_substr", NULL, RT_FIXED, PGTYPE_TEXT},
    {"regexp_like", NULL, RT_FIXED, PGTYPE_BOOL},
    {"similar_to_escape", "lg_similar_to_escape", RT_FIXED, PGTYPE_TEXT},
    {"bit_length", "lg_bit_length", RT_FIXED, PGTYPE_INT4},
    {"factorial", NULL, RT_FIXED, PGTYPE_NUMERIC},
    {"min_scale", NULL, RT_FIXED, PGTYPE_INT4},
    {"trim_scale", NULL, RT_FIXED, PGTYPE_NUMERIC},
    {"get_byte", NULL, RT_FIXED, PGTYPE_INT4},
    {"get_bit", NULL, RT_FIXED, PGTYPE_INT4},
    {"set_byte", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"set_bit", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"convert_to", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"convert_from", NULL, RT_FIXED, PGTYPE_TEXT},
    {"convert", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"crypt", NULL, RT_FIXED, PGTYPE_TEXT},
    {"gen_salt", NULL, RT_FIXED, PGTYPE_TEXT},
    {"date_bin", NULL, RT_ARG2, 0},
    {"to_tsvector", NULL, RT_FIXED, PGTYPE_TSVECTOR},
    {"to_tsquery", NULL, RT_FIXED, PGTYPE_TSQUERY},
    {"plainto_tsquery", NULL, RT_FIXED, PGTYPE_TSQUERY},
    {"phraseto_tsquery", NULL, RT_FIXED, PGTYPE_TSQUERY},
    {"websearch_to_tsquery", NULL, RT_FIXED, PGTYPE_TSQUERY},
    {"ts_rank", NULL, RT_FIXED, PGTYPE_FLOAT4},
    {"strip", NULL, RT_FIXED, PGTYPE_TSVECTOR},
    {"setweight", NULL, RT_FIXED, PGTYPE_TSVECTOR},
    {"tsquery_phrase", NULL, RT_FIXED, PGTYPE_TSQUERY},
    {"quote_ident", NULL, RT_FIXED, PGTYPE_TEXT},
    {"quote_literal", NULL, RT_FIXED, PGTYPE_TEXT},
    {"to_char", NULL, RT_FIXED, PGTYPE_TEXT},
    {"chr", NULL, RT_FIXED, PGTYPE_TEXT}, /* sqlfn_string.c: 54000 for 0, 0 for '' */
    {"ascii", NULL, RT_FIXED, PGTYPE_INT4},
    {"length", NULL, RT_FIXED, PGTYPE_INT4},
    {"char_length", "length", RT_FIXED, PGTYPE_INT4},
    {"character_length", "length", RT_FIXED, PGTYPE_INT4},
    {"octet_length", "lg_octet_length", RT_FIXED, PGTYPE_INT4},
    {"strpos", "instr", RT_FIXED, PGTYPE_INT4},
    {"position", "instr", RT_FIXED, PGTYPE_INT4},
    {"substr", "substr", RT_FIXED, PGTYPE_TEXT},
    {"abs", NULL, RT_ARG1, 0},
    {"ceil", NULL, RT_NUMFLOAT, 0},
    {"ceiling", "ceil", RT_NUMFLOAT, 0},
    {"floor", NULL, RT_NUMFLOAT, 0},
    {"round", NULL, RT_NUMFLOAT, 0},
    {"trunc", NULL, RT_NUMFLOAT, 0},
    {"sign", NULL, RT_NUMFLOAT, 0},
    {"sqrt", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"exp", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"ln", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"log", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"power", "pow", RT_FIXED, PGTYPE_FLOAT8},
    {"pow", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"pi", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"random", "lg_random", RT_FIXED, PGTYPE_FLOAT8},
    {"div", "lg_div", RT_FIXED, PGTYPE_NUMERIC},
    {"gen_random_uuid", NULL, RT_FIXED, PGTYPE_UUID},
    {"uuid_generate_v4", "gen_random_uuid", RT_FIXED, PGTYPE_UUID},
    {"date_trunc", NULL, RT_ARG2, 0},
    {"date_part", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"extract", "lg_extract", RT_FIXED, PGTYPE_NUMERIC},
    {"age", NULL, RT_FIXED, PGTYPE_INTERVAL},
    {"make_date", NULL, RT_FIXED, PGTYPE_DATE},
    {"make_timestamp", NULL, RT_FIXED, PGTYPE_TIMESTAMP},
    {"make_timestamptz", NULL, RT_FIXED, PGTYPE_TIMESTAMPTZ},
    {"make_interval", NULL, RT_FIXED, PGTYPE_INTERVAL},
    {"to_timestamp", NULL, RT_FIXED, PGTYPE_TIMESTAMPTZ},
    {"to_date", NULL, RT_FIXED, PGTYPE_DATE},
    {"to_number", NULL, RT_FIXED, PGTYPE_NUMERIC},
    {"timezone", NULL, RT_FIXED, 0},
    {"json_build_object", "json_object", RT_FIXED, PGTYPE_JSON},
    {"jsonb_build_object", "json_object", RT_FIXED, PGTYPE_JSONB},
    {"json_build_array", "json_array", RT_FIXED, PGTYPE_JSON},
    {"jsonb_build_array", "json_array", RT_FIXED, PGTYPE_JSONB},
    {"json_array_length", NULL, RT_FIXED, PGTYPE_INT4},
    {"jsonb_array_length", "json_array_length", RT_FIXED, PGTYPE_INT4},
    {"json_typeof", "jsonb_typeof", RT_FIXED, PGTYPE_TEXT},
    {"jsonb_typeof", NULL, RT_FIXED, PGTYPE_TEXT},
    {"jsonb_set", NULL, RT_FIXED, PGTYPE_JSONB},
    {"json_object", "lg_json_object", RT_FIXED, PGTYPE_JSON}, /* from text arrays */
    {"jsonb_object", "lg_jsonb_object", RT_FIXED, PGTYPE_JSONB},
    {"jsonb_insert", NULL, RT_FIXED, PGTYPE_JSONB},
    {"jsonb_pretty", NULL, RT_FIXED, PGTYPE_TEXT},
    {"jsonb_strip_nulls", NULL, RT_FIXED, PGTYPE_JSONB},
    {"json_strip_nulls", NULL, RT_FIXED, PGTYPE_JSON},
    {"array_to_string", NULL, RT_FIXED, PGTYPE_TEXT},
    {"string_to_array", NULL, RT_FIXED, PGTYPE_TEXT_ARRAY},
    {"array_append", "lg_array_append", RT_ANYARRAY_1, 0},
    {"array_prepend", "lg_array_prepend", RT_ANYARRAY_2, 0},
    {"array_cat", "lg_array_cat", RT_ANYARRAY_1, 0},
    {"array_remove", NULL, RT_ARG1, 0},
    {"array_position", NULL, RT_FIXED, PGTYPE_INT4},
    {"cardinality", NULL, RT_FIXED, PGTYPE_INT4},
    {"current_setting", NULL, RT_FIXED, PGTYPE_TEXT},
    {"set_config", NULL, RT_FIXED, PGTYPE_TEXT},
    {"version", NULL, RT_FIXED, PGTYPE_TEXT},
    {"current_database", NULL, RT_FIXED, PGTYPE_NAME},
    {"current_schema", NULL, RT_FIXED, PGTYPE_NAME},
    {"pg_backend_pid", NULL, RT_FIXED, PGTYPE_INT4},
    {"txid_current", NULL, RT_FIXED, PGTYPE_INT8},
    {"pg_size_bytes", NULL, RT_FIXED, PGTYPE_INT8},
    {"txid_current_if_assigned", NULL, RT_FIXED, PGTYPE_INT8},
    {"pg_current_xact_id", NULL, RT_FIXED, PGTYPE_INT8},
    {"pg_current_xact_id_if_assigned", NULL, RT_FIXED, PGTYPE_INT8},
    {"pg_notification_queue_usage", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"pg_cancel_backend", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_terminate_backend", NULL, RT_FIXED, PGTYPE_BOOL},
    {"nextval", NULL, RT_FIXED, PGTYPE_INT8},
    {"currval", NULL, RT_FIXED, PGTYPE_INT8},
    {"setval", NULL, RT_FIXED, PGTYPE_INT8},
    {"lastval", NULL, RT_FIXED, PGTYPE_INT8},
    {"encode", NULL, RT_FIXED, PGTYPE_TEXT},
    {"decode", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"pg_sleep", NULL, RT_FIXED, PGTYPE_VOID},
    {"pg_notify", NULL, RT_FIXED, PGTYPE_VOID},
    {"pg_advisory_lock", NULL, RT_FIXED, PGTYPE_VOID},
    {"pg_advisory_lock_shared", NULL, RT_FIXED, PGTYPE_VOID},
    {"pg_advisory_xact_lock", NULL, RT_FIXED, PGTYPE_VOID},
    {"pg_advisory_xact_lock_shared", NULL, RT_FIXED, PGTYPE_VOID},
    {"pg_advisory_unlock_all", NULL, RT_FIXED, PGTYPE_VOID},
    {"pg_try_advisory_lock", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_try_advisory_lock_shared", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_try_advisory_xact_lock", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_try_advisory_xact_lock_shared", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_advisory_unlock", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_advisory_unlock_shared", NULL, RT_FIXED, PGTYPE_BOOL},
    {"to_json", "lg_to_json_value", RT_FIXED, PGTYPE_JSON},
    {"array_to_json", "lg_to_json_value", RT_FIXED, PGTYPE_JSON},
    {"starts_with", NULL, RT_FIXED, PGTYPE_BOOL},
    {"isfinite", NULL, RT_FIXED, PGTYPE_BOOL},
    {"has_table_privilege", NULL, RT_FIXED, PGTYPE_BOOL},
    {"has_schema_privilege", NULL, RT_FIXED, PGTYPE_BOOL},
    {"has_database_privilege", NULL, RT_FIXED, PGTYPE_BOOL},
    {"has_column_privilege", NULL, RT_FIXED, PGTYPE_BOOL},
    {"has_sequence_privilege", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_type_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_function_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_collation_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_opclass_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_opfamily_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_operator_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_conversion_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_statistics_obj_is_visible", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_has_role", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_tablespace_location", NULL, RT_FIXED, PGTYPE_TEXT},
    {"getdatabaseencoding", NULL, RT_FIXED, PGTYPE_NAME},
    {"acldefault", NULL, RT_FIXED, PGTYPE_TEXT_ARRAY},
    {"pg_char_to_encoding", NULL, RT_FIXED, PGTYPE_INT4},
    {"pg_get_function_sqlbody", NULL, RT_FIXED, PGTYPE_TEXT},
    {"pg_relation_is_publishable", NULL, RT_FIXED, PGTYPE_BOOL},
    {"pg_is_in_recovery", NULL, RT_FIXED, PGTYPE_BOOL},
    {"num_nulls", NULL, RT_FIXED, PGTYPE_INT4},
    {"num_nonnulls", NULL, RT_FIXED, PGTYPE_INT4},
    {"width_bucket", NULL, RT_FIXED, PGTYPE_INT4},
    {"gcd", NULL, RT_ARG1, 0},
    {"lcm", NULL, RT_ARG1, 0},
    {"cbrt", NULL, RT_FIXED, PGTYPE_FLOAT8},
    {"justify_days", NULL, RT_FIXED, PGTYPE_INTERVAL},
    {"justify_hours", NULL, RT_FIXED, PGTYPE_INTERVAL},
    {"justify_interval", NULL, RT_FIXED, PGTYPE_INTERVAL},
    {"make_time", NULL, RT_FIXED, PGTYPE_TIME},
    {"digest", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"hmac", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"sha224", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"sha256", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"sha384", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"sha512", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"gen_random_bytes", NULL, RT_FIXED, PGTYPE_BYTEA},
    {"to_jsonb", "lg_to_json_value", RT_FIXED, PGTYPE_JSONB},
    /* fnj: jsonpath, jsonb_set_lax, shape-aware array functions */
    {"jsonb_set_lax", NULL, RT_FIXED, PGTYPE_JSONB},
    {"jsonb_path_exists", NULL, RT_FIXED, PGTYPE_BOOL},
    {"jsonb_path_match", NULL, RT_FIXED, PGTYPE_BOOL},
    {"jsonb_path_query_array", NULL, RT_FIXED, PGTYPE_JSONB},
    {"jsonb_path_query_first", NULL, RT_FIXED, PGTYPE_JSONB},
    {"array_dims", NULL, RT_FIXED, PGTYPE_TEXT},
    {"array_ndims", NULL, RT_FIXED, PGTYPE_INT4},
    {"array_replace", NULL, RT_ARG1, 0},
    {"array_positions", NULL, RT_FIXED, PGTYPE_INT4_ARRAY},
    {"array_fill", NULL, RT_ARRAY_OF_ARG1, 0},
    {"array_length", NULL, RT_FIXED, PGTYPE_INT4},
    {"array_upper", NULL, RT_FIXED, PGTYPE_INT4},
    {"array_lower", NULL, RT_FIXED, PGTYPE_INT4},
    {"current_schemas", NULL, RT_FIXED, 1003}, /* name[] */
};

static const func_map_t *find_func(const char *name)
{
    for (size_t i = 0; i < sizeof(k_funcs) / sizeof(k_funcs[0]); i++)
        if (strcmp(k_funcs[i].pg, name) == 0)
            return &k_funcs[i];
    return NULL;
}

/* The array type of a function whose argument `first` is anyarray and `other` anyarray or
 * anyelement: first's type when it is an array, else other's (or an array of it). */
static uint32_t anyarray_type(uint32_t first, uint32_t other)
{
    if (pgtype_array_elem(first))
        return first;
    if (pgtype_array_elem(other))
        return other;
    uint32_t t = other && other != PGTYPE_UNKNOWN ? pgtype_array_of(other) : 0;
    if (t)
        return t;
    return first == PGTYPE_UNKNOWN ? PGTYPE_TEXT : first;
}

static uint32_t result_type(const func_map_t *m, uint32_t a1, uint32_t a2)
{
    if (!m)
        return 0;
    switch (m->rule) {
    case RT_ARG1:
        return a1 == PGTYPE_UNKNOWN ? PGTYPE_TEXT : a1;
    case RT_ARG2:
        return a2 == PGTYPE_DATE ? PGTYPE_TIMESTAMPTZ : a2;
    case RT_SUM:
        if (a1 == PGTYPE_INT2 || a1 == PGTYPE_INT4)
            return PGTYPE_INT8;
        if (a1 == PGTYPE_INT8 || a1 == PGTYPE_NUMERIC)
            return PGTYPE_NUMERIC;
        return emit_type_is_float(a1) ? a1 : (a1 == PGTYPE_INTERVAL ? a1 : 0);
    case RT_AVG:
        if (a1 == PGTYPE_INTERVAL)
            return a1;
        return emit_type_is_float(a1) ? PGTYPE_FLOAT8 : (a1 ? PGTYPE_NUMERIC : 0);
    case RT_NUMFLOAT:
        return emit_type_is_float(a1) ? PGTYPE_FLOAT8 : PGTYPE_NUMERIC;
    case RT_ANYARRAY_1:
    case RT_ANYARRAY_2: /* array_cat(NULL, ARRAY[1]), array_append(NULL, 1): int[] */
        return anyarray_type(m->rule == RT_ANYARRAY_1 ? a1 : a2,
                             m->rule == RT_ANYARRAY_1 ? a2 : a1);
    case RT_ARRAY_OF_ARG1: {
        uint32_t t = a1 && a1 != PGTYPE_UNKNOWN ? pgtype_array_of(a1) : PGTYPE_TEXT_ARRAY;
        return t ? t : PGTYPE_TEXT_ARRAY;
    }
    default:
        return m->type;
    }
}

/* A value as a JSON-constructor argument: booleans become true/false, JSON and arrays are
 * embedded as JSON rather than as strings, timestamps take JSON's ISO form (not in arrays). */
static void emit_json_arg(emit_ctx_t *c, const PgQuery__Node *n, bool array)
{
    uint32_t t = n->node_case == PG_QUERY__NODE__NODE_PARAM_REF ? 0 : emit_peek_type(c, n);
    if (!array && (t == PGTYPE_TIMESTAMP || t == PGTYPE_TIMESTAMPTZ)) {
        emit_str(c, "lg_json_dt("); /* sqlfn_conv.c: "2024-01-01T10:00:00+00:00" */
        emit_expr(c, n);
        emit_fmt(c, ", %u)", t);
        return;
    }
    if (t == PGTYPE_NUMERIC) { /* a numeric(p,s) value keeps its scale: 5.00 */
        lg_buf_t scratch, *saved = c->b;
        lg_buf_init(&scratch, saved->max);
        c->b = &scratch;
        emit_expr(c, n);
        c->b = saved;
        int s = emit_numeric_scale(t, c->last_typmod);
        lg_buf_putc(&scratch, 0);
        if (scratch.failed)
            c->b->failed = true;
        else
            emit_fmt(c, s > 0 ? "lg_json_num(%s, %d)" : "%s", (const char *)scratch.data, s);
        lg_buf_deinit(&scratch);
        return;
    }
    if (t == PGTYPE_BOOL) {
        emit_str(c, "json(CASE WHEN ");
        emit_expr(c, n);
        emit_str(c, " THEN 'true' WHEN NOT ");
        emit_expr(c, n);
        emit_str(c, " THEN 'false' END)");
    } else if (array && (t == PGTYPE_JSON || t == PGTYPE_JSONB)) {
        emit_expr(c, n); /* an element of a json[] / jsonb[]: its text, as ARRAY[...] keeps it */
    } else if (t == PGTYPE_JSON || t == PGTYPE_JSONB || pgtype_array_elem(t)) {
        /* json keeps its text as written, jsonb its output form ({"k": 1}), as PostgreSQL
         * embeds them; arrays are compact JSON */
        emit_str(c, t == PGTYPE_JSON ? "lg_json(" : t == PGTYPE_JSONB ? "lg_jsonb(" : "json(");
        emit_expr(c, n);
        emit_str(c, ")");
    } else {
        emit_expr(c, n);
    }
}

/* An argument of concat/concat_ws/format: printed with its type's output function (a
 * boolean is t/f, a numeric keeps its scale). */
static void emit_text_arg(emit_ctx_t *c, const PgQuery__Node *n)
{
    uint32_t t = n->node_case == PG_QUERY__NODE__NODE_PARAM_REF ? 0 : emit_peek_type(c, n);
    if (t == PGTYPE_BOOL) {
        emit_str(c, "(CASE WHEN ");
        emit_expr(c, n);
        emit_str(c, " THEN 't' WHEN NOT ");
        emit_expr(c, n);
        emit_str(c, " THEN 'f' END)");
    } else if (t && t != PGTYPE_UNKNOWN && !emit_type_is_textlike(t) && !emit_type_is_int(t) &&
               t != PGTYPE_UUID && t != PGTYPE_DATE && t != PGTYPE_JSON) {
        emit_str(c, "lg_to_text(");
        emit_expr(c, n);
        emit_fmt(c, ", %u, %d)", t, (int)c->last_typmod);
    } else {
        emit_expr(c, n);
    }
}

static bool is_json_ctor(const char *pg)
{
    return strstr(pg, "build_object") || strstr(pg, "build_array") || strcmp(pg, "json_agg") == 0 ||
           strcmp(pg, "jsonb_agg") == 0 || strstr(pg, "object_agg") ||
           strcmp(pg, "array_agg") == 0 || strcmp(pg, "to_json") == 0 ||
           strcmp(pg, "to_jsonb") == 0;
}

/* Sequence name argument: 'name' or 'name'::regclass -> the literal. */
static void emit_seq_arg(emit_ctx_t *c, const PgQuery__Node *n)
{
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        n = n->type_cast->arg;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *lit = n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                              n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL
                          ? n->a_const->sval->sval
                          : NULL;
    if (lit) /* nextval('nosuch'): the error points at the name, as PostgreSQL's regclass */
        emit_note_relref(c, lit, n->a_const->location);
    if (lit && db && !strchr(lit, '.') && !strchr(lit, '"') &&
        catalog_sequence_exists(db, lit) != 1 && catalog_has_user_schemas(db)) {
        char names[8][CATALOG_PATH_NAME]; /* an unqualified name follows search_path */
        int k = catalog_search_path(db, names, 8);
        c->path_dependent = true;
        for (int i = 0; i < k; i++) {
            char full[CATALOG_PATH_NAME * 2 + 2];
            snprintf(full, sizeof(full), "%.127s.%.127s", names[i], lit);
            if (strcmp(names[i], "public") != 0 && catalog_sequence_exists(db, full) == 1) {
                emit_literal(c, full);
                return;
            }
        }
    }
    emit_expr_as(c, n, PGTYPE_TEXT, -1);
}

static void emit_agg_order_keys(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    for (size_t i = 0; i < f->n_agg_order; i++) {
        const PgQuery__SortBy *sb = f->agg_order[i]->sort_by;
        bool desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        bool nf = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
                  (desc && sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST);
        emit_str(c, ", ");
        uint32_t kt = emit_peek_type(c, sb->node);
        bool iv = kt == PGTYPE_INTERVAL;
        if (!iv && emit_enum_sort_key(c, sb->node, kt)) {
            emit_fmt(c, ", %d", (desc ? 1 : 0) | (nf ? 2 : 0));
            continue;
        }
        emit_str(c, iv ? "lg_interval_key(" : ""); /* keys compare bytewise, not by collation */
        emit_expr(c, sb->node);
        emit_str(c, iv ? ")" : "");
        emit_fmt(c, ", %d", (desc ? 1 : 0) | (nf ? 2 : 0));
    }
}

static bool is_vector(uint32_t t)
{
    return t == PGTYPE_INT2VECTOR || t == PGTYPE_OIDVECTOR;
}

/* A vector's space-separated storage ("2 3") as the JSON array of an array ([2,3]). */
static void emit_vector_as_array(emit_ctx_t *c, const PgQuery__Node *n)
{
    emit_str(c, "lg_vec_json(");
    emit_expr(c, n);
    emit_str(c, ")");
}

/* Whether PostgreSQL's pg takes a char(n) argument as text (the implicit cast drops the
 * padding): the string functions that have no bpchar form of their own. */
static bool takes_bpchar_as_text(const char *pg)
{
    static const char *const k_fns[] = {"lower",
                                        "upper",
                                        "initcap",
                                        "replace",
                                        "substr",
                                        "substring",
                                        "left",
                                        "right",
                                        "reverse",
                                        "repeat",
                                        "lpad",
                                        "rpad",
                                        "md5",
                                        "strpos",
                                        "position",
                                        "split_part",
                                        "translate",
                                        "ascii",
                                        "starts_with",
                                        "regexp_replace",
                                        "regexp_match",
                                        "regexp_matches",
                                        "regexp_split_to_array",
                                        "regexp_split_to_table",
                                        "string_to_array",
                                        "string_agg",
                                        "btrim",
                                        "ltrim",
                                        "rtrim",
                                        "bit_length",
                                        "to_date",
                                        "to_timestamp",
                                        "to_number",
                                        "quote_ident"};
    for (size_t i = 0; i < sizeof(k_fns) / sizeof(k_fns[0]); i++)
        if (!strcmp(pg, k_fns[i]))
            return true;
    return false;
}

/* A parameter's type from the other argument of array_append(anyarray, anyelement),
 * array_prepend(anyelement, anyarray) or array_cat(anyarray, anyarray), as PostgreSQL
 * resolves the polymorphic signature: array_append(int_col_array, $1) makes $1 an int4. */
static void note_anyarray_params(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg)
{
    int arr = !strcmp(pg, "array_prepend") ? 1 : 0; /* the anyarray argument */
    bool cat = !strcmp(pg, "array_cat");
    if (f->n_args != 2 || (!cat && strcmp(pg, "array_append") && strcmp(pg, "array_prepend")))
        return;
    for (int i = 0; i < 2; i++) {
        const PgQuery__Node *p = f->args[i], *other = f->args[1 - i];
        if (p->node_case != PG_QUERY__NODE__NODE_PARAM_REF ||
            other->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
            continue;
        uint32_t ot = emit_peek_type(c, other);
        if (!ot || ot == PGTYPE_UNKNOWN)
            continue;
        uint32_t elem = pgtype_array_elem(ot) ? pgtype_array_elem(ot) : 0;
        uint32_t t = cat || i == arr ? (elem ? ot : pgtype_array_of(ot)) : elem;
        emit_param_note(c, p->param_ref->number, t);
    }
}

static void emit_args(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, int32_t *a1_typmod)
{
    note_anyarray_params(c, f, pg);
    emit_builtin_note_params(c, f, pg);
    bool bpchar_text = takes_bpchar_as_text(pg);
    bool json = is_json_ctor(pg) || strcmp(pg, "array_to_json") == 0; /* arrays as JSON */
    bool seq = !strcmp(pg, "nextval") || !strcmp(pg, "currval") || !strcmp(pg, "setval");
    bool text_args = !strcmp(pg, "concat") || !strcmp(pg, "concat_ws") || !strcmp(pg, "format");
    /* array functions read an int2vector / oidvector (pg_index.indkey) as the int2[] / oid[]
     * PostgreSQL coerces it to; not those that report its bounds (a vector's start at 0) */
    bool array_fn = (!strncmp(pg, "array_", 6) || !strcmp(pg, "cardinality")) &&
                    strcmp(pg, "array_lower") && strcmp(pg, "array_upper") &&
                    strcmp(pg, "array_dims");
    uint32_t cat_type = 0; /* array_cat(a, '{...}'): the literal is an array of a's type */
    if (!strcmp(pg, "array_cat") && f->n_args == 2)
        for (size_t i = 0; i < 2 && !cat_type; i++)
            if (f->args[i]->node_case != PG_QUERY__NODE__NODE_A_CONST) {
                uint32_t t = emit_peek_type(c, f->args[i]);
                cat_type = pgtype_array_elem(t) ? t : 0;
            }
    for (size_t i = 0; i < f->n_args; i++) {
        emit_str(c, i ? ", " : "");
        if (cat_type && f->args[i]->node_case == PG_QUERY__NODE__NODE_A_CONST)
            emit_expr_as(c, f->args[i], cat_type, -1);
        else if (f->args[i]->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
            emit_record_value(c, f->args[i]->row_expr); /* a record value, "(1,a)" */
        else if (json)
            emit_json_arg(c, f->args[i], !strcmp(pg, "array_agg"));
        else if (seq && i == 0)
            emit_seq_arg(c, f->args[i]);
        else if (text_args)
            emit_text_arg(c, f->args[i]);
        else if (c->exact) /* an exact function's argument (translate_emit_exact.c) */
            emit_exact_operand(c, f->args[i], 0);
        else if (array_fn && is_vector(emit_peek_type(c, f->args[i])))
            emit_vector_as_array(c, f->args[i]);
        else if (bpchar_text && emit_peek_type(c, f->args[i]) == PGTYPE_BPCHAR) {
            emit_str(c, "rtrim("); /* char(n) -> text drops the padding */
            emit_expr(c, f->args[i]);
            emit_str(c, ", ' ')");
        } else
            emit_expr(c, f->args[i]);
        if (i == 0)
            *a1_typmod = c->last_typmod;
    }
}

/* The display typmod of a function's result (PostgreSQL's numeric scales): round/trunc to
 * n digits give n, ceil/floor 0, sum/min/max/abs keep the argument's, avg follows
 * select_div_scale from the argument's scale; other functions none. */
static int32_t func_typmod(const PgQuery__FuncCall *f, const char *pg, uint32_t t, uint32_t a1,
                           int32_t a1_typmod)
{
    if (!strcmp(pg, "min") || !strcmp(pg, "max") || !strcmp(pg, "lag") || !strcmp(pg, "lead") ||
        !strcmp(pg, "first_value") || !strcmp(pg, "last_value") || !strcmp(pg, "nth_value"))
        return a1_typmod;
    if (t != PGTYPE_NUMERIC)
        return -1;
    int s = emit_numeric_scale(a1, a1_typmod);
    if (!strcmp(pg, "round") || !strcmp(pg, "trunc")) {
        if (f->n_args == 1)
            return pgtype_typmod_dscale(0);
        const PgQuery__Node *n = f->args[1];
        if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
            return pgtype_typmod_dscale(n->a_const->ival->ival);
        return -1;
    }
    if (!strcmp(pg, "ceil") || !strcmp(pg, "ceiling") || !strcmp(pg, "floor") ||
        !strcmp(pg, "sign"))
        return pgtype_typmod_dscale(0);
    if (!strcmp(pg, "sum") || !strcmp(pg, "abs"))
        return s >= 0 ? pgtype_typmod_dscale(s) : -1;
    if (!strcmp(pg, "avg"))
        return pgtype_typmod_divscale(s); /* unknown scale: the 16-digit rule alone */
    return -1;
}

/* extract()'s numeric scale (PostgreSQL 15): seconds and epoch of a time value carry 6
 * digits, milliseconds 3; every other field, and any field of a date, is integral. */
static int32_t extract_typmod(const PgQuery__Node *field, uint32_t src)
{
    if (field->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        field->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return -1;
    const char *f = field->a_const->sval->sval;
    if (src == PGTYPE_DATE)
        return pgtype_typmod_dscale(0);
    if (!src || src == PGTYPE_UNKNOWN)
        return -1;
    /* with PostgreSQL's spellings of the units (DecodeUnits: "secs", "ms", ...) */
    static const char *const k_sec[] = {"second", "seconds", "s", "sec", "secs", "epoch"};
    static const char *const k_ms[] = {"milliseconds", "millisecon", "ms",      "msec",
                                       "msecs",        "msecond",    "mseconds"};
    for (size_t i = 0; i < sizeof(k_sec) / sizeof(k_sec[0]); i++)
        if (!strcasecmp(f, k_sec[i]))
            return pgtype_typmod_dscale(6);
    for (size_t i = 0; i < sizeof(k_ms) / sizeof(k_ms[0]); i++)
        if (!strcasecmp(f, k_ms[i]))
            return pgtype_typmod_dscale(3);
    if (!strcasecmp(f, "julian"))
        return -1;
    return pgtype_typmod_dscale(0);
}

static bool is_ordered_agg(const char *pg)
{
    return !strcmp(pg, "string_agg") || !strcmp(pg, "array_agg") || !strcmp(pg, "json_agg") ||
           !strcmp(pg, "jsonb_agg");
}

/* overlay(s PLACING r FROM f [FOR n]): s's characters before f, r, then those from f + n
 * (n defaults to r's length). */
static uint32_t emit_overlay(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    emit_str(c, "(substr(");
    emit_expr_as(c, f->args[0], PGTYPE_TEXT, -1);
    emit_str(c, ", 1, (");
    emit_expr_as(c, f->args[2], PGTYPE_INT4, -1);
    emit_str(c, ") - 1) || ");
    emit_expr_as(c, f->args[1], PGTYPE_TEXT, -1);
    emit_str(c, " || substr(");
    emit_expr_as(c, f->args[0], PGTYPE_TEXT, -1);
    emit_str(c, ", (");
    emit_expr_as(c, f->args[2], PGTYPE_INT4, -1);
    emit_str(c, ") + (");
    if (f->n_args == 4)
        emit_expr_as(c, f->args[3], PGTYPE_INT4, -1);
    else {
        emit_str(c, "length(");
        emit_expr_as(c, f->args[1], PGTYPE_TEXT, -1);
        emit_str(c, ")");
    }
    emit_str(c, ")))");
    return PGTYPE_TEXT;
}

static const char *special_name(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg,
                                const char *mapped)
{
    if (f->n_agg_order && is_ordered_agg(pg)) {
        bool d = f->agg_distinct;
        if (!strcmp(pg, "string_agg"))
            return d ? "lg_string_agg_ord_d" : "lg_string_agg_ord";
        if (!strcmp(pg, "array_agg"))
            return d ? "lg_array_agg_ord_d" : "lg_array_agg_ord";
        return d ? "lg_json_agg_ord_d" : "lg_json_agg_ord";
    }
    /* sqlfn's JSON builders and aggregates print PostgreSQL's text ('[1, 2]', jsonb
     * normalized, NULL over no rows); SQLite's json_group_array stays for window calls */
    if (!f->over && is_json_ctor(pg))
        return pg;
    if (!strcmp(pg, "substring") || !strcmp(pg, "substr")) {
        uint32_t t = f->n_args >= 2 ? emit_peek_type(c, f->args[1]) : PGTYPE_INT4;
        return (t == PGTYPE_UNKNOWN || emit_type_is_textlike(t)) ? "lg_regex_substring"
                                                                 : "lg_substring";
    }
    return mapped;
}

/* PostgreSQL's format_type name of a type OID (pg_typeof's text): SQL-standard spellings
 * for the common types, "elem[]" for arrays. */
static bool typeof_name(uint32_t t, char *out, size_t cap)
{
    static const struct {
        uint32_t oid;
        const char *name;
    } k[] = {{PGTYPE_INT4, "integer"},
             {PGTYPE_INT8, "bigint"},
             {PGTYPE_INT2, "smallint"},
             {PGTYPE_FLOAT8, "double precision"},
             {PGTYPE_FLOAT4, "real"},
             {PGTYPE_BOOL, "boolean"},
             {PGTYPE_VARCHAR, "character varying"},
             {PGTYPE_BPCHAR, "character"},
             {PGTYPE_TIMESTAMPTZ, "timestamp with time zone"},
             {PGTYPE_TIMESTAMP, "timestamp without time zone"},
             {PGTYPE_TIME, "time without time zone"},
             {PGTYPE_TIMETZ, "time with time zone"},
             {PGTYPE_UNKNOWN, "unknown"}};
    uint32_t elem = t ? pgtype_array_elem(t) : 0;
    uint32_t base = elem ? elem : t;
    const char *name = base ? pgtype_name(base) : NULL;
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (k[i].oid == base)
            name = k[i].name;
    if (!name)
        return false;
    int n = snprintf(out, cap, "%s%s", name, elem ? "[]" : "");
    return n > 0 && (size_t)n < cap;
}

/* json(b)_extract_path(j, VARIADIC keys) is j #> ARRAY[keys]; the _text forms #>>. */
static uint32_t emit_extract_path(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg)
{
    bool text = strstr(pg, "_text") != NULL;
    if (strcmp(pg, text ? "json_extract_path_text" : "json_extract_path") != 0 &&
        strcmp(pg, text ? "jsonb_extract_path_text" : "jsonb_extract_path") != 0) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location, "function %s does not exist",
                   pg);
        return 0;
    }
    PgQuery__AArrayExpr arr = PG_QUERY__A__ARRAY_EXPR__INIT;
    arr.n_elements = f->n_args - 1;
    arr.elements = f->args + 1;
    arr.location = -1;
    PgQuery__Node arr_node = PG_QUERY__NODE__INIT;
    arr_node.node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
    arr_node.a_array_expr = &arr;
    PgQuery__String op = PG_QUERY__STRING__INIT;
    op.sval = (char *)(uintptr_t)(text ? "#>>" : "#>");
    PgQuery__Node op_node = PG_QUERY__NODE__INIT, *op_p = &op_node;
    op_node.node_case = PG_QUERY__NODE__NODE_STRING;
    op_node.string = &op;
    PgQuery__AExpr e = PG_QUERY__A__EXPR__INIT;
    e.kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
    e.n_name = 1;
    e.name = &op_p;
    e.lexpr = f->args[0];
    e.rexpr = &arr_node;
    e.location = f->location;
    PgQuery__Node e_node = PG_QUERY__NODE__INIT;
    e_node.node_case = PG_QUERY__NODE__NODE_A_EXPR;
    e_node.a_expr = &e;
    return emit_expr(c, &e_node);
}

static uint32_t emit_pg_typeof(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    uint32_t t = f->n_args == 1 ? emit_peek_type(c, f->args[0]) : 0;
    char name[EMIT_NAME_MAX + 8];
    if (!emit_enum_name(c, t, name, sizeof(name)) && !typeof_name(t, name, sizeof(name))) {
        emit_unsupported(c, f->location, "pg_typeof of an expression of unknown type");
        return 0;
    }
    if (!emit_has_agg(f->args[0])) {
        emit_literal(c, name);
        return PGTYPE_REGTYPE;
    }
    /* the aggregate stays in the query, which then still returns one row per group */
    emit_str(c, "coalesce(");
    emit_literal(c, name);
    emit_str(c, ", ");
    emit_expr(c, f->args[0]);
    emit_str(c, ")");
    c->last_typmod = -1;
    return PGTYPE_REGTYPE;
}

static uint32_t emit_func_call_body(emit_ctx_t *c, const PgQuery__FuncCall *f, bool exact);

/* An exact numeric function's arguments are exact too (translate_emit_exact.c). Every
 * other call reads its arguments as SQLite numbers. */
uint32_t emit_func_call(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    bool exact = c->exact;
    c->exact = false;
    uint32_t t = emit_func_call_body(c, f, exact);
    c->exact = exact;
    return t;
}

/* array_to_json(a, pretty) / row_to_json(r, pretty): the one-argument call, its top-level
 * elements one per line when pretty. */
static uint32_t emit_json_pretty_call(emit_ctx_t *c, const PgQuery__FuncCall *f, bool exact)
{
    PgQuery__FuncCall one = *f;
    one.n_args = 1;
    emit_str(c, "lg_json_pretty_top(");
    emit_func_call_body(c, &one, exact);
    emit_str(c, ", ");
    emit_expr_as(c, f->args[1], PGTYPE_BOOL, -1);
    emit_str(c, ")");
    return PGTYPE_JSON;
}

static uint32_t emit_func_call_body(emit_ctx_t *c, const PgQuery__FuncCall *f, bool exact)
{
    const char *pg = emit_last_name(f->funcname, f->n_funcname);
    if (f->n_args == 2 && !f->over && !f->agg_star &&
        (!strcmp(pg, "array_to_json") || !strcmp(pg, "row_to_json")))
        return emit_json_pretty_call(c, f, exact);
    if (f->agg_within_group) {
        emit_unsupported(c, f->location, "WITHIN GROUP");
        return 0;
    }
    if (f->func_variadic) {
        emit_unsupported(c, f->location, "VARIADIC arguments");
        return 0;
    }
    if (!strcmp(pg, "pg_typeof"))
        return emit_pg_typeof(c, f);
    if (f->n_args >= 2 && !f->over && strstr(pg, "json") && strstr(pg, "_extract_path"))
        return emit_extract_path(c, f, pg);
    if (f->agg_distinct && !f->n_agg_order && f->n_args >= 1 && !f->over && is_ordered_agg(pg)) {
        /* PostgreSQL's DISTINCT aggregates read their input sorted: ORDER BY the argument
         * (SQLite's DISTINCT takes one argument and keeps the first-seen order) */
        PgQuery__SortBy sb = PG_QUERY__SORT_BY__INIT;
        sb.node = f->args[0];
        sb.location = -1;
        PgQuery__Node sort_node = PG_QUERY__NODE__INIT, *sort_p = &sort_node;
        sort_node.node_case = PG_QUERY__NODE__NODE_SORT_BY;
        sort_node.sort_by = &sb;
        PgQuery__FuncCall sorted = *f;
        sorted.n_agg_order = 1;
        sorted.agg_order = &sort_p;
        return emit_func_call_body(c, &sorted, exact);
    }
    uint32_t enum_t; /* enum_first / enum_last / enum_range (translate_emit_enum.c) */
    if (!strncmp(pg, "enum_", 5) && emit_enum_func(c, f, pg, &enum_t))
        return enum_t;
    if (emit_range_func(c, f, pg, &enum_t)) /* range types (translate_emit_range.c) */
        return enum_t;
    if (f->n_args == 1 && emit_row_json(c, f, pg, &enum_t)) /* whole row (recfn.c) */
        return enum_t;
    if (!strcmp(pg, "nextval") || !strcmp(pg, "setval") || !strcmp(pg, "pg_notify"))
        c->writes = true;
    uint32_t user_type; /* user-defined functions: translate_emit_fncall.c */
    c->exact = exact;
    bool user = emit_user_func_call(c, f, &user_type);
    c->exact = false;
    if (user)
        return user_type;
    if (!emit_check_agg_args(c, f, pg)) /* translate_emit_typecheck.c */
        return 0;
    if (!strcmp(pg, "ntile") && f->over && f->n_args == 1 &&
        f->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST && f->args[0]->a_const->isnull) {
        emit_str(c, "NULL"); /* ntile(NULL) is NULL on every row (SQLite would raise) */
        return PGTYPE_INT4;
    }
    uint32_t named_type;
    if (emit_builtin_named_args(c, f, pg, &named_type))
        return named_type;
    const func_map_t *m = find_func(pg);
    const char *name = special_name(c, f, pg, m && m->sqlite ? m->sqlite : pg);
    uint32_t a1 = f->n_args > 0 ? emit_peek_type(c, f->args[0]) : 0;
    if (f->n_args > 0 && f->args[0]->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
        a1 = PGTYPE_RECORD; /* emit_args passes it as a record value */
    uint32_t a2 = f->n_args > 1 ? emit_peek_type(c, f->args[1]) : 0;
    if (!strcmp(name, "array_agg") && pgtype_array_elem(a1))
        name = "lg_array_agg_arrays"; /* inputs of equal dimensions (sqlfn_agg.c) */
    if (!strcmp(pg, "timezone") && f->n_args == 2 && a1 == PGTYPE_INTERVAL)
        return emit_builtin_timezone_interval(c, f, a2);
    if (!strcmp(pg, "overlaps") && f->n_args == 4 && !f->over)
        return emit_builtin_overlaps(c, f);
    if (!strcmp(pg, "substring") && f->n_args == 3 &&
        (a2 == PGTYPE_UNKNOWN || emit_type_is_textlike(a2)))
        return emit_builtin_similar_substring(c, f);
    const char *num_fn = f->over ? NULL : emit_builtin_numeric_fn(pg, f->n_args, a1, a2);
    if (num_fn)
        name = num_fn;
    bool iv_agg = a1 == PGTYPE_INTERVAL && f->n_args == 1; /* sqlfn_datetime_ivcmp.c */
    if (iv_agg && (!strcmp(pg, "sum") || !strcmp(pg, "avg")))
        name = pg[0] == 's' ? "lg_interval_sum" : "lg_interval_avg";
    if (iv_agg && (!strcmp(pg, "min") || !strcmp(pg, "max"))) /* ties: the last one */
        name = pg[1] == 'i' ? "lg_interval_min" : "lg_interval_max";
    /* count(DISTINCT interval): distinct spans, counted by their sort keys */
    bool iv_count = iv_agg && f->agg_distinct && !strcmp(pg, "count");
    if (!f->over && f->n_args == 1 &&
        (a1 == PGTYPE_FLOAT8 || (a1 == PGTYPE_FLOAT4 && pg[0] == 'a')) &&
        (!strcmp(pg, "sum") || !strcmp(pg, "avg")))
        name = pg[0] == 's' ? "lg_fsum" : "lg_favg"; /* plain double sums (sqlfn_floatops.c) */
    if (!strncmp(name, "lg_var_", 7) && emit_type_is_float(a1)) { /* float8 arithmetic */
        static const char *const k_f8[] = {"lg_var_f8_0", "lg_var_f8_1", "lg_var_f8_2",
                                           "lg_var_f8_3"};
        name = k_f8[(name[7] - '0') & 3];
    }
    if (!strcmp(pg, "to_char") && f->n_args == 2 &&
        (a1 == PGTYPE_NUMERIC || emit_type_is_int(a1) || emit_type_is_float(a1)))
        name = "lg_to_char_num";
    if ((!strcmp(pg, "length") || !strcmp(pg, "char_length") || !strcmp(pg, "character_length")) &&
        f->n_args == 1 && a1 == PGTYPE_BPCHAR) {
        emit_str(c, "length(rtrim("); /* char(n) length ignores trailing blanks */
        emit_expr(c, f->args[0]);
        emit_str(c, ", ' '))");
        return PGTYPE_INT4;
    }
    if (!strcmp(pg, "length") && f->n_args == 1 && a1 == PGTYPE_TSVECTOR)
        name = "lg_tsvector_length";
    if (!strcmp(pg, "scale") && f->n_args == 1 && !f->over)
        return emit_builtin_scale_call(c, f);
    if (!strcmp(pg, "round") && f->n_args == 1 && emit_type_is_float(a1))
        name = "lg_float_round"; /* round(float8) rounds half to even */
    if (!strcmp(pg, "mod") && f->n_args == 2 && emit_type_is_int(a1) && emit_type_is_int(a2)) {
        emit_str(c, "(");
        emit_expr(c, f->args[0]);
        emit_str(c, " % lg_nz(");
        emit_expr(c, f->args[1]);
        emit_str(c, "))");
        return a1 == PGTYPE_INT8 || a2 == PGTYPE_INT8 ? PGTYPE_INT8 : PGTYPE_INT4;
    }
    if (!strcmp(pg, "overlay") && (f->n_args == 3 || f->n_args == 4))
        return emit_overlay(c, f);
    if (!strcmp(pg, "to_hex") && f->n_args == 1 && (a1 == PGTYPE_INT4 || a1 == PGTYPE_INT2)) {
        emit_str(c, "to_hex(("); /* to_hex(integer) shows the 32-bit two's complement */
        emit_expr(c, f->args[0]);
        emit_str(c, ") & 4294967295)");
        return PGTYPE_TEXT;
    }
    const char *xfn = exact && (num_fn ? PGTYPE_NUMERIC : result_type(m, a1, a2)) == PGTYPE_NUMERIC
                          ? emit_exact_fn(pg, name, f->n_args)
                          : NULL;
    /* sum over a stored column is exact as a number already (sqlfn_sum.c, 128-bit) and
     * several times faster than the decimal one */
    if (xfn && !strcmp(pg, "sum") && f->n_args == 1 &&
        f->args[0]->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
        xfn = NULL;
    if (xfn) {
        name = xfn;
        c->exact = true; /* exact arguments too: sum(x / 3.0) adds the exact quotients */
    } else if (exact && !f->over &&
               (!strcmp(pg, "concat") || !strcmp(pg, "concat_ws") || !strcmp(pg, "format"))) {
        c->exact = true; /* arguments printed as text: a quotient with all its digits */
    }
    bool ordered = f->n_agg_order && is_ordered_agg(pg);
    bool jsonb_wrap = ordered && !strcmp(pg, "jsonb_agg");
    if (jsonb_wrap)
        emit_str(c, "lg_jsonb(");
    emit_ident(c, name); /* quoted when a SQLite keyword: left(), right(), replace() */
    emit_str(c, "(");
    if (f->agg_distinct && !ordered)
        emit_str(c, "DISTINCT ");
    int32_t a1_typmod = -1;
    if (f->agg_star) {
        emit_str(c, "*");
    } else if (iv_count) {
        emit_str(c, "lg_interval_key(");
        emit_expr(c, f->args[0]);
        emit_str(c, ")");
    } else {
        emit_args(c, f, pg, &a1_typmod);
    }
    if ((!strcmp(pg, "min") || !strcmp(pg, "max")) && f->n_args == 1 && pgtype_array_elem(a1))
        emit_str(c, " COLLATE lg_array"); /* arrays compare element by element */
    if (f->n_agg_order && is_ordered_agg(pg))
        emit_agg_order_keys(c, f);
    if (!strcmp(pg, "string_agg") && f->n_args == 1)
        emit_str(c, ", ','");
    if ((!strcmp(pg, "extract") || !strcmp(pg, "date_part") || !strcmp(pg, "date_trunc")) &&
        f->n_args == 2 && a2 == PGTYPE_INTERVAL)
        emit_str(c, ", 'interval'"); /* '-1 days' is no date: read it as an interval */
    emit_str(c, ")");
    c->exact = false;
    if (f->agg_filter) {
        emit_str(c, " FILTER (WHERE ");
        emit_expr_as(c, f->agg_filter, PGTYPE_BOOL, -1);
        emit_str(c, ")");
    }
    if (jsonb_wrap)
        emit_str(c, ")");
    if (f->over) {
        emit_str(c, " OVER ");
        if (f->over->name[0] && !f->over->n_partition_clause && !f->over->n_order_clause)
            emit_ident(c, f->over->name);
        else
            emit_window_def(c, f->over);
    }
    uint32_t t = num_fn ? PGTYPE_NUMERIC : result_type(m, a1, a2);
    if (!strcmp(pg, "timezone") && f->n_args == 2 && emit_builtin_timezone_type(a2))
        t = emit_builtin_timezone_type(a2);
    c->last_typmod = num_fn ? emit_builtin_numeric_typmod(f, pg, a1, a1_typmod, a2)
                            : func_typmod(f, pg, t, a1, a1_typmod);
    if (!strcmp(pg, "extract") && f->n_args == 2)
        c->last_typmod = extract_typmod(f->args[0], a2);
    if (xfn) /* an exact function's decimal TEXT carries PostgreSQL's scale itself */
        c->last_typmod = -1;
    return t;
}

uint32_t emit_sqlvalue_function(emit_ctx_t *c, const PgQuery__SQLValueFunction *f)
{
    switch (f->op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
        emit_str(c, "lg_current_date()");
        return PGTYPE_DATE;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
        emit_str(c, "lg_current_time()");
        return PGTYPE_TIMETZ;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
        emit_str(c, "lg_current_timestamp()"); /* now(): a column default prints as written */
        return PGTYPE_TIMESTAMPTZ;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
        emit_str(c, "lg_localtime()");
        return PGTYPE_TIME;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
        emit_str(c, "lg_localtimestamp()");
        return PGTYPE_TIMESTAMP;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
        emit_str(c, "current_database()");
        return PGTYPE_NAME;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
        emit_str(c, "current_schema()");
        return PGTYPE_NAME;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
        emit_str(c, "session_user()");
        return PGTYPE_NAME;
    default:
        emit_str(c, "current_user()");
        return PGTYPE_NAME;
    }
}

/* PostgreSQL frame option bits (nodes/parsenodes.h). */
enum {
    FO_NONDEFAULT = 0x1,
    FO_RANGE = 0x2,
    FO_ROWS = 0x4,
    FO_GROUPS = 0x8,
    FO_START_UNB_PREC = 0x20,
    FO_END_UNB_FOLL = 0x100,
    FO_START_CUR = 0x200,
    FO_END_CUR = 0x400,
    FO_START_OFF_PREC = 0x800,
    FO_END_OFF_PREC = 0x1000,
    FO_START_OFF_FOLL = 0x2000,
    FO_END_OFF_FOLL = 0x4000,
    FO_EXCL_CUR = 0x8000,
    FO_EXCL_GROUP = 0x10000,
    FO_EXCL_TIES = 0x20000,
    FO_BETWEEN = 0x10,
    FO_START_UNB_FOLL = 0x80,
    FO_END_UNB_PREC = 0x40,
};

static void emit_frame_bound(emit_ctx_t *c, int fo, bool start, const PgQuery__Node *off)
{
    if (fo & (start ? FO_START_UNB_PREC : FO_END_UNB_PREC))
        emit_str(c, "UNBOUNDED PRECEDING");
    else if (fo & (start ? FO_START_UNB_FOLL : FO_END_UNB_FOLL))
        emit_str(c, "UNBOUNDED FOLLOWING");
    else if (fo & (start ? FO_START_CUR : FO_END_CUR))
        emit_str(c, "CURRENT ROW");
    else {
        emit_expr(c, off);
        emit_str(c, (fo & (start ? FO_START_OFF_PREC : FO_END_OFF_PREC)) ? " PRECEDING"
                                                                         : " FOLLOWING");
    }
}

void emit_window_def(emit_ctx_t *c, const PgQuery__WindowDef *w)
{
    if (emit_window_range_interval(c, w)) /* translate_emit_window.c: RANGE interval */
        return;
    emit_str(c, "(");
    const char *sep = "";
    if (w->refname[0]) {
        emit_ident(c, w->refname);
        sep = " ";
    }
    if (w->n_partition_clause) {
        emit_fmt(c, "%sPARTITION BY ", sep);
        for (size_t i = 0; i < w->n_partition_clause; i++) {
            emit_str(c, i ? ", " : "");
            size_t start = c->b->len;
            emit_type_collate(c, start, emit_expr(c, w->partition_clause[i])); /* interval_cmp */
        }
        sep = " ";
    }
    if (w->n_order_clause) {
        emit_fmt(c, "%sORDER BY ", sep);
        emit_sort_list(c, w->order_clause, w->n_order_clause);
        sep = " ";
    }
    int fo = w->frame_options;
    if (fo & FO_NONDEFAULT) {
        emit_fmt(c, "%s%s ", sep, (fo & FO_ROWS) ? "ROWS" : (fo & FO_GROUPS) ? "GROUPS" : "RANGE");
        if (fo & FO_BETWEEN) {
            emit_str(c, "BETWEEN ");
            emit_frame_bound(c, fo, true, w->start_offset);
            emit_str(c, " AND ");
            emit_frame_bound(c, fo, false, w->end_offset);
        } else {
            emit_frame_bound(c, fo, true, w->start_offset);
        }
        if (fo & FO_EXCL_CUR)
            emit_str(c, " EXCLUDE CURRENT ROW");
        else if (fo & FO_EXCL_GROUP)
            emit_str(c, " EXCLUDE GROUP");
        else if (fo & FO_EXCL_TIES)
            emit_str(c, " EXCLUDE TIES");
    }
    emit_str(c, ")");
}

/* Table functions: PostgreSQL name -> SQLite table-valued function and its columns. */
typedef struct tvf_map {
    const char *pg;
    const char *sqlite;
    int ncols;
    const char *cols[3];  /* PostgreSQL column names (first = function name if 1 col) */
    const char *exprs[3]; /* SQLite expression over the alias (each %s) */
    uint32_t types[3];
} tvf_map_t;

/* information_schema._pg_expandarray(a): one row (x, n) per element, n from 1. The hidden
 * column _lg_row is the whole row as a record value, for the function called in a select
 * list (translate_emit_srf.c); its type is one of two pseudo composite OIDs that field
 * selection knows (translate_emit_composite.c) and output reports as record. */
#define EXPANDARRAY_ROW_INT "lg_record_text(20, %s.value, 23, %s.key + 1)"
#define EXPANDARRAY_ROW_TEXT "lg_record_text(25, %s.value, 23, %s.key + 1)"

static const tvf_map_t k_tvfs[] = {
    {"generate_series", "generate_series", 1, {"generate_series"}, {"%s.value"}, {0}},
    {"unnest", "json_each", 1, {"unnest"}, {"%s.value"}, {0}},
    /* generate_subscripts(a, 1): a's subscripts (from 0 for int2vector / oidvector) */
    {"generate_subscripts",
     "json_each",
     1,
     {"generate_subscripts"},
     {"(%s.key + 1)"},
     {PGTYPE_INT4}},
    {"_pg_expandarray",
     "json_each",
     3,
     {"x", "n", EMIT_ROW_COLUMN},
     {"%s.value", "(%s.key + 1)", EXPANDARRAY_ROW_INT},
     {0, PGTYPE_INT4, EMIT_EXPANDARRAY_INT_OID}},
    {"json_array_elements", "json_each", 1, {"value"}, {"json_quote(%s.value)"}, {PGTYPE_JSON}},
    {"jsonb_array_elements", "json_each", 1, {"value"}, {"json_quote(%s.value)"}, {PGTYPE_JSONB}},
    {"json_array_elements_text", "json_each", 1, {"value"}, {"%s.value"}, {PGTYPE_TEXT}},
    {"jsonb_array_elements_text", "json_each", 1, {"value"}, {"%s.value"}, {PGTYPE_TEXT}},
    {"json_each",
     "json_each",
     3,
     {"key", "value", EMIT_ROW_COLUMN},
     {"%s.key", "json_quote(%s.value)", "lg_record_text(25, %s.key, 114, json_quote(%s.value))"},
     {PGTYPE_TEXT, PGTYPE_JSON, PGTYPE_RECORD}},
    {"jsonb_each",
     "json_each",
     3,
     {"key", "value", EMIT_ROW_COLUMN},
     {"%s.key", "json_quote(%s.value)", "lg_record_text(25, %s.key, 3802, json_quote(%s.value))"},
     {PGTYPE_TEXT, PGTYPE_JSONB, PGTYPE_RECORD}},
    {"json_each_text",
     "json_each",
     3,
     {"key", "value", EMIT_ROW_COLUMN},
     {"%s.key", "%s.value", "lg_record_text(25, %s.key, 25, %s.value)"},
     {PGTYPE_TEXT, PGTYPE_TEXT, PGTYPE_RECORD}},
    {"jsonb_each_text",
     "json_each",
     3,
     {"key", "value", EMIT_ROW_COLUMN},
     {"%s.key", "%s.value", "lg_record_text(25, %s.key, 25, %s.value)"},
     {PGTYPE_TEXT, PGTYPE_TEXT, PGTYPE_RECORD}},
    {"jsonb_object_keys", "json_each", 1, {"jsonb_object_keys"}, {"%s.key"}, {PGTYPE_TEXT}},
    {"json_object_keys", "json_each", 1, {"json_object_keys"}, {"%s.key"}, {PGTYPE_TEXT}},
    /* the catalog's (always empty: no partitions); psql's \d names it in FROM */
    {"pg_partition_ancestors", "pg_partition_ancestors", 1, {"relid"}, {"%s.relid"}, {PGTYPE_OID}},
    {"regexp_matches", "json_each", 1, {"regexp_matches"}, {"%s.value"}, {PGTYPE_TEXT_ARRAY}},
    {"regexp_split_to_table",
     "json_each",
     1,
     {"regexp_split_to_table"},
     {"%s.value"},
     {PGTYPE_TEXT}},
    {"string_to_table", "json_each", 1, {"string_to_table"}, {"%s.value"}, {PGTYPE_TEXT}},
    /* a catalog's options array ('{a=1,b=2}') as name / value rows */
    {"pg_options_to_table",
     "json_each",
     2,
     {"option_name", "option_value"},
     {"substr(%s.value, 1, instr(%s.value, '=') - 1)",
      "substr(%s.value, instr(%s.value, '=') + 1)"},
     {PGTYPE_TEXT, PGTYPE_TEXT}},
};

/* Set-returning functions run as json_each over a sqlfn function's JSON array. */
static const char *tvf_inner(const char *pg)
{
    if (!strcmp(pg, "regexp_matches"))
        return "lg_regexp_matches_set";
    if (!strcmp(pg, "regexp_split_to_table"))
        return "regexp_split_to_array";
    if (!strcmp(pg, "string_to_table"))
        return "string_to_array";
    return NULL;
}

/* FROM f(...) [AS t[(c)]] of a function that returns one value: a one-row subquery whose
 * column is named c, else t, else the function's name, as PostgreSQL names it. */
static void emit_scalar_in_from(emit_ctx_t *c, const PgQuery__RangeFunction *rf,
                                const PgQuery__Node *fn, const char *pg)
{
    if (rf->ordinality) {
        emit_unsupported(c, fn->func_call->location, "WITH ORDINALITY on a scalar function");
        return;
    }
    const PgQuery__Alias *a = rf->alias;
    const char *alias = a && a->aliasname[0] ? a->aliasname : pg;
    const char *col = a && a->n_colnames ? emit_strval(a->colnames[0]) : alias;
    emit_str(c, "(SELECT ");
    uint32_t t = emit_expr(c, fn);
    emit_str(c, " AS _lg_v) AS ");
    emit_ident(c, alias);
    emit_rel_t *r = emit_scope_add(c, alias, "");
    if (!r)
        return;
    snprintf(r->colmap_from[0], sizeof(r->colmap_from[0]), "%s", col);
    r->colmap_to[0] = "%s._lg_v";
    r->colmap_type[0] = t;
    r->ncolmap = 1;
}
/* generate_series(a, b[, step]) over numbers: PostgreSQL's int4, int8 or numeric version,
 * picked from all its arguments ((1, 2.5, 0.5) is the numeric one). */
static uint32_t series_type(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t a1)
{
    if (!emit_type_is_int(a1) && a1 != PGTYPE_NUMERIC)
        return a1;
    uint32_t t = a1 == PGTYPE_INT8 || a1 == PGTYPE_NUMERIC ? a1 : PGTYPE_INT4;
    for (size_t i = 1; i < f->n_args && i < 3; i++) {
        uint32_t ai = emit_peek_type(c, f->args[i]);
        if (ai == PGTYPE_NUMERIC)
            t = PGTYPE_NUMERIC;
        else if (ai == PGTYPE_INT8 && t == PGTYPE_INT4)
            t = PGTYPE_INT8;
    }
    return t;
}

void emit_range_function(emit_ctx_t *c, const PgQuery__RangeFunction *rf)
{
    if (emit_recfn_try(c, rf)) /* translate_emit_recfn.c */
        return;
    if (emit_unnest_zip(c, rf)) /* unnest(a, b, ...): translate_emit_unnest.c */
        return;
    if (rf->is_rowsfrom || rf->n_functions != 1 || rf->n_coldeflist) {
        emit_unsupported(c, -1, "ROWS FROM and column definition lists");
        return;
    }
    const PgQuery__List *pair = rf->functions[0]->list;
    const PgQuery__Node *fn = pair->n_items ? pair->items[0] : NULL;
    if (!fn || fn->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) {
        emit_unsupported(c, -1, "this function in FROM");
        return;
    }
    if (emit_user_range_function(c, rf)) /* translate_emit_fncall.c */
        return;
    const PgQuery__FuncCall *f = fn->func_call;
    const char *pg = emit_last_name(f->funcname, f->n_funcname);
    const tvf_map_t *m = NULL;
    for (size_t i = 0; i < sizeof(k_tvfs) / sizeof(k_tvfs[0]); i++)
        if (!strcmp(k_tvfs[i].pg, pg))
            m = &k_tvfs[i];
    if (!m) { /* a scalar function in FROM: one row, one column */
        emit_scalar_in_from(c, rf, fn, pg);
        return;
    }
    /* WITH ORDINALITY: json_each over an array numbers its rows by `key` (from 0), sqlfn's
     * generate_series by its rowid (from 1) */
    bool series = !strcmp(m->sqlite, "generate_series");
    bool ord_ok = (!strcmp(m->sqlite, "json_each") && !strstr(pg, "each") && !strstr(pg, "keys")) ||
                  !strcmp(pg, "pg_partition_ancestors") || series;
    if (rf->ordinality && !ord_ok) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, f->location,
                   "WITH ORDINALITY on %s is not supported", pg);
        return;
    }
    const PgQuery__Alias *a = rf->alias;
    const char *alias = a && a->aliasname[0] ? a->aliasname : pg;
    emit_builtin_note_params(c, f, pg); /* generate_series(1, $1): $1 is an int4 */
    uint32_t a1 = f->n_args ? emit_peek_type(c, f->args[0]) : 0;
    const char *inner = tvf_inner(pg);
    const char *vexpr = NULL; /* sqlfn's virtual table instead of json_each (recfn.c) */
    const char *vtab = rf->ordinality || inner ? NULL : emit_tvf_vtab(pg, 0, &vexpr);
    emit_fmt(c, "%s(%s%s", vtab ? vtab : m->sqlite, inner ? inner : "", inner ? "(" : "");
    bool subscripts = !strcmp(pg, "generate_subscripts");
    if (subscripts && (f->n_args < 2 || f->n_args > 3)) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location,
                   "function generate_subscripts with %zu arguments does not exist", f->n_args);
        return;
    }
    if (subscripts && f->n_args == 3) {
        emit_unsupported(c, f->location, "generate_subscripts(array, dim, reverse)");
        return;
    }
    if (subscripts) {
        emit_str(c, "CASE WHEN (");
        emit_expr_as(c, f->args[1], PGTYPE_INT4, -1);
        emit_str(c, ") = 1 THEN ");
    }
    for (size_t i = 0; i < (subscripts ? 1 : f->n_args); i++) {
        emit_str(c, i ? ", " : "");
        uint32_t at = i == 0 ? a1 : 0;
        if (!strcmp(pg, "unnest") && f->args[i]->node_case == PG_QUERY__NODE__NODE_PARAM_REF) {
            emit_expr_as(c, f->args[i], PGTYPE_TEXT_ARRAY, -1);
        } else if (!strcmp(pg, "unnest") && !vtab) { /* json_each: multidimensional flattened */
            emit_str(c, "lg_array_flat(");
            emit_array_value(c, f->args[i], at);
            emit_str(c, ")");
        } else {
            emit_array_value(c, f->args[i], at);
        }
    }
    if (subscripts) { /* dimension 1 only: the arrays are one-dimensional JSON arrays */
        emit_str(c, " END");
    }
    emit_str(c, inner ? ")) AS " : ") AS ");
    emit_ident(c, alias);
    emit_rel_t *r = emit_scope_add(c, alias, "");
    if (!r)
        return;
    uint32_t elem = emit_array_elem_type(a1);
    for (int k = 0; k < m->ncols && k < EMIT_COLMAP_MAX; k++) {
        const char *col = m->cols[k];
        if (a && (size_t)k < a->n_colnames)
            col = emit_strval(a->colnames[k]);
        else if (m->ncols == 1 && a && a->aliasname[0])
            col = a->aliasname; /* FROM generate_series(1,3) AS g -> column g */
        snprintf(r->colmap_from[k], sizeof(r->colmap_from[k]), "%s", col);
        r->colmap_to[k] = m->exprs[k];
        if (vtab)
            emit_tvf_vtab(pg, k, &r->colmap_to[k]);
        uint32_t t = m->types[k];
        if (!t && !strcmp(pg, "generate_series"))
            t = series_type(c, f, a1);
        if (t == PGTYPE_DATE && !strcmp(pg, "generate_series"))
            t = PGTYPE_TIMESTAMPTZ; /* (date, date, interval) resolves to the timestamptz one */
        if (!t && (!strcmp(pg, "unnest") || !strcmp(pg, "_pg_expandarray")))
            t = elem;
        if (subscripts && (a1 == PGTYPE_INT2VECTOR || a1 == PGTYPE_OIDVECTOR))
            r->colmap_to[k] = "%s.key"; /* vectors subscript from 0 */
        if (t == EMIT_EXPANDARRAY_INT_OID && elem && !emit_type_is_int(elem) &&
            elem != PGTYPE_OID) {
            t = EMIT_EXPANDARRAY_TEXT_OID;
            r->colmap_to[k] = EXPANDARRAY_ROW_TEXT;
        }
        r->colmap_type[k] = t;
        r->ncolmap = k + 1;
    }
    if (rf->ordinality && r->ncolmap < 4) {
        int k = r->ncolmap;
        const char *col =
            a && (size_t)k < a->n_colnames ? emit_strval(a->colnames[k]) : "ordinality";
        snprintf(r->colmap_from[k], sizeof(r->colmap_from[k]), "%s", col);
        r->colmap_to[k] = series ? "%s.rowid" : "(%s.key + 1)";
        r->colmap_type[k] = PGTYPE_INT8;
        r->ncolmap = k + 1;
    }
}
