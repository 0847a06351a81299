/* sqlfn_conv.c - the lg_to_<type>() converters the translator emits for casts, typed
 * literals, parameters and assignments (docs/sqlfn-contract.md, "Conversions"), and
 * lg_to_text(v, src_oid).
 *
 * Every converter is idempotent: it accepts PostgreSQL text input for its type (parsed by
 * pgtype_text_in, so errors carry PostgreSQL's SQLSTATE and wording) and a value already in
 * the storage form (docs/storage.md). Numbers arriving as INTEGER/REAL are converted
 * numerically (REAL to an integer type rounds half away from zero, as numeric does). Text is
 * read with the session TimeZone and transaction time of the connection (dt_state_t). NULL in
 * gives NULL out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_num.h"
#include "pgtype_text.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"

#define CONV_SCRATCH_MAX ((size_t)1 << 30)

static void conv_session(sqlite3_context *ctx, pgtype_session_t *s)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    pgtype_session_init(s);
    s->timezone = st->zone_name[0] ? st->zone_name : NULL;
    s->now_usec = st->txn_usec;
}

/* True (result set to NULL) when v is SQL NULL. */
static bool null_in(sqlite3_context *ctx, sqlite3_value *v)
{
    if (sqlite3_value_type(v) != SQLITE_NULL)
        return false;
    sqlite3_result_null(ctx);
    return true;
}

static void result_value(sqlite3_context *ctx, const pgtype_value_t *v)
{
    switch (v->storage) {
    case PGTYPE_ST_INT: sqlite3_result_int64(ctx, v->i); break;
    case PGTYPE_ST_FLOAT: sqlite3_result_double(ctx, v->d); break;
    case PGTYPE_ST_TEXT:
        sqlite3_result_text64(ctx, (const char *)v->p, v->n, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    case PGTYPE_ST_BLOB: sqlite3_result_blob64(ctx, v->p, v->n, SQLITE_TRANSIENT); break;
    default: sqlite3_result_null(ctx); break;
    }
}

/* Parses text txt[0..n) as oid/typmod and sets the result (or PostgreSQL's error). */
static void conv_text(sqlite3_context *ctx, const char *txt, size_t n, uint32_t oid,
                      int32_t typmod)
{
    pgtype_session_t s;
    conv_session(ctx, &s);
    lg_buf_t scratch;
    lg_buf_init(&scratch, CONV_SCRATCH_MAX);
    lg_pgerr_t err;
    memset(&err, 0, sizeof(err));
    pgtype_value_t out;
    int rc = pgtype_text_in(txt ? txt : "", n, oid, typmod, &s, &out, &scratch, &err);
    if (rc == 0)
        result_value(ctx, &out);
    else if (rc == LG_ESQL)
        sqlfn__error_pg(ctx, &err);
    else
        sqlfn__error(ctx, "54000", "value too large");
    lg_buf_deinit(&scratch);
}

static void conv_value_text(sqlite3_context *ctx, sqlite3_value *v, uint32_t oid,
                            int32_t typmod)
{
    const char *t = (const char *)sqlite3_value_text(v);
    conv_text(ctx, t, (size_t)sqlite3_value_bytes(v), oid, typmod);
}

/* ---- numbers ---- */

static void int_range_error(sqlite3_context *ctx, uint32_t oid)
{
    sqlfn__error(ctx, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "%s out of range",
                 oid == PGTYPE_INT2 ? "smallint" : oid == PGTYPE_INT4 ? "integer" : "bigint");
}

static void int_result(sqlite3_context *ctx, int64_t v, uint32_t oid)
{
    int64_t lo = oid == PGTYPE_INT2 ? INT16_MIN : oid == PGTYPE_INT4 ? INT32_MIN : INT64_MIN;
    int64_t hi = oid == PGTYPE_INT2 ? INT16_MAX : oid == PGTYPE_INT4 ? INT32_MAX : INT64_MAX;
    if (v < lo || v > hi)
        int_range_error(ctx, oid);
    else
        sqlite3_result_int64(ctx, v);
}

static void to_int(sqlite3_context *ctx, sqlite3_value *v, uint32_t oid)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: int_result(ctx, sqlite3_value_int64(v), oid); break;
    case SQLITE_FLOAT: {
        double d = round(sqlite3_value_double(v)); /* half away from zero */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
            int_range_error(ctx, oid);
        else
            int_result(ctx, (int64_t)d, oid);
        break;
    }
    default: conv_value_text(ctx, v, oid, -1); break;
    }
}

static void fn_to_int2(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    (void)n;
    to_int(c, a[0], PGTYPE_INT2);
}
static void fn_to_int4(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    (void)n;
    to_int(c, a[0], PGTYPE_INT4);
}
static void fn_to_int8(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    (void)n;
    to_int(c, a[0], PGTYPE_INT8);
}

static void to_float(sqlite3_context *ctx, sqlite3_value *v, bool f4)
{
    int t = sqlite3_value_type(v);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        double d = sqlite3_value_double(v);
        if (f4 && isfinite(d) && fabs(d) > 3.4028234663852886e38) {
            sqlfn__error(ctx, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                         "value out of range: overflow");
            return;
        }
        sqlite3_result_double(ctx, f4 ? (double)(float)d : d);
        return;
    }
    conv_value_text(ctx, v, f4 ? PGTYPE_FLOAT4 : PGTYPE_FLOAT8, -1);
}

static void fn_to_float4(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    (void)n;
    to_float(c, a[0], true);
}
static void fn_to_float8(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    (void)n;
    to_float(c, a[0], false);
}

static void fn_to_numeric(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    int32_t typmod = argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL
                         ? sqlite3_value_int(argv[1]) : -1;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_INTEGER && typmod < 0) {
        sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
        return;
    }
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
        pgtype_dec_t d;
        if (t == SQLITE_INTEGER)
            pgtype_dec_from_int(sqlite3_value_int64(argv[0]), &d);
        else
            pgtype_dec_from_double(sqlite3_value_double(argv[0]), &d);
        lg_buf_t b;
        lg_buf_init(&b, 4096);
        pgtype_dec_format(&d, &b);
        conv_text(ctx, (const char *)b.data, b.len, PGTYPE_NUMERIC, typmod);
        lg_buf_deinit(&b);
        return;
    }
    conv_value_text(ctx, argv[0], PGTYPE_NUMERIC, typmod);
}

static void fn_to_bool(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    (void)argc;
    int t = sqlite3_value_type(argv[0]);
    if (t == SQLITE_INTEGER || t == SQLITE_FLOAT)
        sqlite3_result_int(ctx, sqlite3_value_double(argv[0]) != 0.0);
    else
        conv_value_text(ctx, argv[0], PGTYPE_BOOL, -1);
}

/* ---- text-like and binary ---- */

static void fn_to_bytea(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_BLOB)
        sqlite3_result_value(ctx, argv[0]);
    else
        conv_value_text(ctx, argv[0], PGTYPE_BYTEA, -1);
}

/* lg_to_varchar(v [, n, explicit]) and lg_to_bpchar: explicit casts truncate silently. */
static void to_char_n(sqlite3_context *ctx, int argc, sqlite3_value **argv, uint32_t oid)
{
    const unsigned char *s = sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    int len = argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL ? sqlite3_value_int(argv[1])
                                                                      : -1;
    bool expl = argc > 2 && sqlite3_value_int(argv[2]) != 0;
    if (len >= 0 && expl)
        n = sqlfn__utf8_offset(s, n, (size_t)len);
    conv_text(ctx, (const char *)s, n, oid, len >= 0 ? len + 4 : -1);
}

static void fn_to_varchar(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    to_char_n(c, n, a, PGTYPE_VARCHAR);
}
static void fn_to_bpchar(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    to_char_n(c, n, a, PGTYPE_BPCHAR);
}

/* Converters that are plain text input of one type (storage text parses as itself). */
#define CONV_SIMPLE(fname, oid)                                                               \
    static void fname(sqlite3_context *c, int n, sqlite3_value **a)                           \
    {                                                                                         \
        (void)n;                                                                              \
        if (null_in(c, a[0]))                                                                 \
            return;                                                                           \
        conv_value_text(c, a[0], oid, -1);                                                    \
    }
CONV_SIMPLE(fn_to_uuid, PGTYPE_UUID)
CONV_SIMPLE(fn_to_json, PGTYPE_JSON)
CONV_SIMPLE(fn_to_jsonb, PGTYPE_JSONB)
CONV_SIMPLE(fn_to_interval, PGTYPE_INTERVAL)

/* ---- date/time ---- */

/* True when t[0..n) is timestamptz storage: 'YYYY-MM-DD HH:MM:SS[.f]+00'. */
static bool is_tstz_storage(const char *t, size_t n)
{
    return t && n >= 22 && t[4] == '-' && t[10] == ' ' && t[n - 3] == '+' && t[n - 2] == '0' &&
           t[n - 1] == '0';
}

/* Local wall time in the session zone of timestamptz storage text; false if unparsable. */
static bool tstz_local(sqlite3_context *ctx, const char *t, size_t n, int64_t *local)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    int64_t utc;
    if (pgtime_parse_timestamptz(t, n, 0, NULL, &utc) != 0)
        return false;
    if (utc == PGTIME_NOBEGIN || utc == PGTIME_NOEND) {
        *local = utc;
        return true;
    }
    *local = utc + (int64_t)pgtime_zone_offset_utc(st->zone, utc, NULL) * PGTIME_USEC_PER_SEC;
    return true;
}

static int32_t prec_arg(int argc, sqlite3_value **argv)
{
    return argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL ? sqlite3_value_int(argv[1])
                                                                   : -1;
}

/* timestamptz storage becomes the time of day and offset in the session zone; anything else
 * is timetz text input (a time without a zone takes the session zone's offset today). */
static void fn_to_timetz(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    const dt_state_t *st = sqlite3_user_data(ctx);
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    int64_t utc;
    if (!is_tstz_storage(t, n) || pgtime_parse_timestamptz(t, n, 0, NULL, &utc) != 0) {
        conv_text(ctx, t, n, PGTYPE_TIMETZ, prec_arg(argc, argv));
        return;
    }
    if (utc == PGTIME_NOBEGIN || utc == PGTIME_NOEND) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        return;
    }
    pgtime_tm_t tm;
    pgtime_ts_to_local(utc, st->zone, &tm);
    lg_buf_t b;
    lg_buf_init(&b, 64);
    int64_t tod = ((int64_t)(tm.hour * 60 + tm.min) * 60 + tm.sec) * PGTIME_USEC_PER_SEC + tm.usec;
    pgtime_format_time(pgtime_round_precision(tod, prec_arg(argc, argv)), &b);
    pgtime_format_offset(tm.gmtoff, &b);
    sqlite3_result_text(ctx, (const char *)b.data, (int)b.len, SQLITE_TRANSIENT);
    lg_buf_deinit(&b);
}

static void fn_to_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    (void)argc;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    int64_t local;
    if (is_tstz_storage(t, n) && tstz_local(ctx, t, n, &local)) {
        lg_buf_t b;
        lg_buf_init(&b, 64);
        if (local == PGTIME_NOBEGIN || local == PGTIME_NOEND)
            pgtime_format_date(local < 0 ? PGTIME_DATE_NOBEGIN : PGTIME_DATE_NOEND, &b);
        else
            pgtime_format_date((int32_t)(local / PGTIME_USEC_PER_DAY -
                                         (local % PGTIME_USEC_PER_DAY < 0 ? 1 : 0)), &b);
        sqlfn__result_buf_text(ctx, &b);
        return;
    }
    conv_text(ctx, t, n, PGTYPE_DATE, -1);
}


static void fn_to_timestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    int64_t local;
    if (is_tstz_storage(t, n) && tstz_local(ctx, t, n, &local)) {
        lg_buf_t b;
        lg_buf_init(&b, 64);
        pgtime_format_timestamp(pgtime_round_precision(local, prec_arg(argc, argv)), &b);
        sqlfn__result_buf_text(ctx, &b);
        return;
    }
    conv_text(ctx, t, n, PGTYPE_TIMESTAMP, prec_arg(argc, argv));
}

static void fn_to_timestamptz(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    conv_value_text(c, a[0], PGTYPE_TIMESTAMPTZ, prec_arg(n, a));
}

static void fn_to_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    int64_t ts;
    if (n >= 19 && t[4] == '-' && t[10] == ' ') { /* from timestamp[tz]: its time of day */
        bool ok = is_tstz_storage(t, n) ? tstz_local(ctx, t, n, &ts)
                                        : pgtime_parse_timestamp(t, n, 0, NULL, &ts) == 0;
        if (ok && ts != PGTIME_NOBEGIN && ts != PGTIME_NOEND) {
            int64_t tod = ts % PGTIME_USEC_PER_DAY;
            lg_buf_t b;
            lg_buf_init(&b, 64);
            pgtime_format_time(pgtime_round_precision(tod < 0 ? tod + PGTIME_USEC_PER_DAY : tod,
                                                      prec_arg(argc, argv)),
                               &b);
            sqlfn__result_buf_text(ctx, &b);
            return;
        }
    }
    conv_text(ctx, t, n, PGTYPE_TIME, prec_arg(argc, argv));
}

/* ---- arrays, reg*, text output ---- */

/* True when t starts with PostgreSQL's dimension decoration '[1:3]=' (not a JSON array). */
static bool is_dim_decoration(const char *t, size_t n)
{
    size_t k = 0;
    while (k < n && (strchr("[]:+-", t[k]) || (t[k] >= '0' && t[k] <= '9')) && t[k] != '\0')
        k++;
    while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n'))
        k++;
    return k < n && t[k] == '=';
}

static void fn_to_array(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    uint32_t elem = argc > 1 ? (uint32_t)sqlite3_value_int64(argv[1]) : PGTYPE_TEXT;
    uint32_t arr = pgtype_array_of(elem);
    const char *t = (const char *)sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    size_t i = 0;
    while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
        i++;
    if (i < n && t[i] == '[' && !is_dim_decoration(t + i, n - i)) { /* storage (JSON) */
        sqlite3_result_text64(ctx, t, n, SQLITE_TRANSIENT, SQLITE_UTF8);
        sqlite3_result_subtype(ctx, 74);
        return;
    }
    conv_text(ctx, t, n, arr ? arr : PGTYPE_TEXT_ARRAY, -1);
    sqlite3_result_subtype(ctx, 74);
}

/* lg_to_regclass / lg_to_regtype: an INTEGER is an oid already; text goes to the catalog's
 * lg_regclass()/lg_regtype() on the same connection (registered by the catalog module). */
static void reg_lookup(sqlite3_context *ctx, sqlite3_value *v, const char *sql)
{
    if (sqlite3_value_type(v) == SQLITE_INTEGER) {
        sqlite3_result_value(ctx, v);
        return;
    }
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        sqlfn__error(ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, "reg* casts need the catalog");
        return;
    }
    sqlite3_bind_value(s, 1, v);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        sqlite3_result_value(ctx, sqlite3_column_value(s, 0));
    else
        sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
    sqlite3_finalize(s);
}

static void fn_to_regclass(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    (void)n;
    reg_lookup(c, a[0], "SELECT lg_regclass(?1)");
}

static void fn_to_regtype(sqlite3_context *c, int n, sqlite3_value **a)
{
    if (null_in(c, a[0]))
        return;
    (void)n;
    reg_lookup(c, a[0], "SELECT lg_regtype(?1)");
}

/* lg_to_text(v, src_oid [, typmod]): PostgreSQL's output text of v (session TimeZone
 * applies; the typmod gives a numeric its display scale). */
static void fn_to_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (null_in(ctx, argv[0]))
        return;
    uint32_t oid = argc > 1 ? (uint32_t)sqlite3_value_int64(argv[1]) : PGTYPE_TEXT;
    int32_t typmod = argc > 2 ? (int32_t)sqlite3_value_int64(argv[2]) : -1;
    pgtype_session_t s;
    conv_session(ctx, &s);
    pgtype_value_t v = {.storage = sqlite3_value_type(argv[0])};
    if (v.storage == SQLITE_INTEGER) {
        v.i = sqlite3_value_int64(argv[0]);
    } else if (v.storage == SQLITE_FLOAT) {
        v.d = sqlite3_value_double(argv[0]);
    } else if (v.storage == SQLITE_BLOB) {
        v.p = sqlite3_value_blob(argv[0]);
        v.n = (size_t)sqlite3_value_bytes(argv[0]);
    } else {
        v.p = sqlite3_value_text(argv[0]);
        v.n = (size_t)sqlite3_value_bytes(argv[0]);
    }
    if (oid == PGTYPE_BOOL && v.storage == SQLITE_INTEGER) { /* bool::text is true/false */
        sqlite3_result_text(ctx, v.i ? "true" : "false", -1, SQLITE_STATIC);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (pgtype_text_out(&v, oid, typmod, &s, &b) != 0 && !b.failed)
        sqlfn__append_value_text(&b, argv[0]);
    sqlfn__result_buf_text(ctx, &b);
}

/* The ISO text of a timestamp [with time zone] ("2024-01-01 10:00:00+00") in the XSD form
 * PostgreSQL writes into JSON: 'T' between date and time, the offset as +HH:MM. */
static void json_dt_form(lg_buf_t *b, uint32_t oid)
{
    char *p = (char *)b->data;
    size_t n = b->len, t = 0;
    while (t < n && p[t] != ' ')
        t++;
    if (t == n)
        return; /* infinity */
    p[t] = 'T';
    if (oid != PGTYPE_TIMESTAMPTZ)
        return;
    size_t z = n;
    while (z > t && p[z - 1] != '+' && p[z - 1] != '-')
        z--;
    if (z > t && n - z == 2) /* +HH */
        lg_buf_append(b, ":00", 3);
}

/* lg_json_dt(v, oid): a timestamp or timestamptz value as text in the form
 * to_json / json_build_object / json_agg give it ("2024-01-01T10:00:00+00:00"). */
static void fn_json_dt(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (null_in(ctx, argv[0]))
        return;
    uint32_t oid = (uint32_t)sqlite3_value_int64(argv[1]);
    pgtype_session_t s;
    conv_session(ctx, &s);
    pgtype_value_t v = {.storage = sqlite3_value_type(argv[0])};
    if (v.storage == SQLITE_INTEGER)
        v.i = sqlite3_value_int64(argv[0]);
    else if (v.storage == SQLITE_FLOAT)
        v.d = sqlite3_value_double(argv[0]);
    v.p = v.storage == SQLITE_TEXT ? sqlite3_value_text(argv[0]) : NULL;
    v.n = v.p ? (size_t)sqlite3_value_bytes(argv[0]) : 0;
    lg_buf_t b;
    lg_buf_init(&b, 256);
    if (pgtype_text_out(&v, oid, -1, &s, &b) != 0 && !b.failed)
        sqlfn__append_value_text(&b, argv[0]);
    else
        json_dt_form(&b, oid);
    sqlfn__result_buf_text(ctx, &b);
}

/* NULL in, NULL out, for every converter. Converters that do not read session state are
 * deterministic, so they may appear in CHECK constraints, index expressions and defaults. */
#define CONV_DEF(name, nargs, fn) {name, nargs, SQLFN_PURE, fn}
#define CONV_DEF_SESSION(name, nargs, fn) {name, nargs, SQLFN_VOLATILE, fn}
static const sqlfn_def_t k_defs[] = {
    CONV_DEF("lg_to_bool", 1, fn_to_bool),
    CONV_DEF("lg_to_int2", 1, fn_to_int2),
    CONV_DEF("lg_to_int4", 1, fn_to_int4),
    CONV_DEF("lg_to_int8", 1, fn_to_int8),
    CONV_DEF("lg_to_float4", 1, fn_to_float4),
    CONV_DEF("lg_to_float8", 1, fn_to_float8),
    CONV_DEF("lg_to_numeric", 1, fn_to_numeric),
    CONV_DEF("lg_to_numeric", 2, fn_to_numeric),
    CONV_DEF_SESSION("lg_to_date", 1, fn_to_date),
    CONV_DEF_SESSION("lg_to_time", 1, fn_to_time),
    CONV_DEF_SESSION("lg_to_time", 2, fn_to_time),
    CONV_DEF_SESSION("lg_to_timetz", 1, fn_to_timetz),
    CONV_DEF_SESSION("lg_to_timetz", 2, fn_to_timetz),
    CONV_DEF_SESSION("lg_to_timestamp", 1, fn_to_timestamp),
    CONV_DEF_SESSION("lg_to_timestamp", 2, fn_to_timestamp),
    CONV_DEF_SESSION("lg_to_timestamptz", 1, fn_to_timestamptz),
    CONV_DEF_SESSION("lg_to_timestamptz", 2, fn_to_timestamptz),
    CONV_DEF("lg_to_interval", 1, fn_to_interval),
    CONV_DEF("lg_to_uuid", 1, fn_to_uuid),
    CONV_DEF("lg_to_json", 1, fn_to_json),
    CONV_DEF("lg_to_jsonb", 1, fn_to_jsonb),
    CONV_DEF("lg_to_bytea", 1, fn_to_bytea),
    CONV_DEF("lg_to_varchar", 1, fn_to_varchar),
    CONV_DEF("lg_to_varchar", 3, fn_to_varchar),
    CONV_DEF("lg_to_bpchar", 1, fn_to_bpchar),
    CONV_DEF("lg_to_bpchar", 3, fn_to_bpchar),
    CONV_DEF_SESSION("lg_to_array", 2, fn_to_array),
    CONV_DEF_SESSION("lg_to_regclass", 1, fn_to_regclass),
    CONV_DEF_SESSION("lg_to_regtype", 1, fn_to_regtype),
    CONV_DEF_SESSION("lg_to_text", 2, fn_to_text),
    CONV_DEF_SESSION("lg_to_text", 3, fn_to_text),
    CONV_DEF_SESSION("lg_json_dt", 2, fn_json_dt),
};

int sqlfn__register_conv(sqlite3 *db, dt_state_t *st)
{
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), st);
}
