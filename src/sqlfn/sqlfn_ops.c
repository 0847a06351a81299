/* sqlfn_ops.c - small operators and functions the translator emits: lg_bit_xor,
 * lg_greatest/lg_least, lg_json_text (->> over the output of SQLite's ->), lg_json_path
 * (text[] path -> SQLite JSON path), lg_substring, and the server-information functions
 * timeofday, pg_backend_pid, pg_sleep, pg_notify, current_setting, set_config.
 *
 * Settings: current_setting/set_config keep a per-connection name -> value list (names
 * compared case-insensitively). Unknown names are 42704 unless set before; a few read-only
 * ones have PostgreSQL 15's defaults; TimeZone also drives the date/time functions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime.h"
#include "sqlfn_json.h"

static void fn_bit_xor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]) ^ sqlite3_value_int64(argv[1]));
}

/* SQLite's ordering of two non-NULL values (numbers < text < blob; numbers numerically). */
static int value_cmp(sqlite3_value *a, sqlite3_value *b)
{
    int ta = sqlite3_value_type(a), tb = sqlite3_value_type(b);
    bool na = ta == SQLITE_INTEGER || ta == SQLITE_FLOAT;
    bool nb = tb == SQLITE_INTEGER || tb == SQLITE_FLOAT;
    if (na && nb) {
        if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
            sqlite3_int64 x = sqlite3_value_int64(a), y = sqlite3_value_int64(b);
            return x < y ? -1 : x > y;
        }
        double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
        return x < y ? -1 : x > y;
    }
    if (na != nb)
        return na ? -1 : 1;
    if (ta != tb)
        return ta == SQLITE_TEXT ? -1 : 1;
    int la = sqlite3_value_bytes(a), lb = sqlite3_value_bytes(b);
    const void *pa = ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
    const void *pb = tb == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
    int c = memcmp(pa, pb, (size_t)(la < lb ? la : lb));
    return c ? c : (la < lb ? -1 : la > lb);
}

/* GREATEST/LEAST: NULL arguments are ignored; NULL only when all are NULL. */
static void greatest_least(sqlite3_context *ctx, int argc, sqlite3_value **argv, int want)
{
    sqlite3_value *best = NULL;
    for (int i = 0; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        if (!best || value_cmp(argv[i], best) * want > 0)
            best = argv[i];
    }
    if (best)
        sqlite3_result_value(ctx, best);
}

static void fn_greatest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    greatest_least(ctx, argc, argv, 1);
}

static void fn_least(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    greatest_least(ctx, argc, argv, -1);
}

/* ->> on a JSON value: strings decoded, JSON null -> NULL, anything else its JSON text. */
static void fn_json_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int t = sqlite3_value_type(argv[0]);
    if ((t == SQLITE_INTEGER || t == SQLITE_FLOAT) && sqlite3_value_subtype(argv[0]) != 74) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    jdoc_t d;
    if (!sqlfn__json_arg(ctx, argv[0], &d))
        return;
    sqlfn__json_result_text(ctx, &d, 0, JW_RAW);
    sqlfn_json_free(&d);
}

static bool is_index(const char *s)
{
    size_t i = s[0] == '-' ? 1 : 0;
    if (!s[i])
        return false;
    for (; s[i]; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* text[] path -> '$.a[2]."b c"'; negative indexes count from the end ([#-1]). */
static void fn_json_path1(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    char *elems[64];
    char *storage = NULL;
    int n = sqlfn__json_path_parse(argv[0], elems, 64, &storage);
    if (n < 0) {
        free(storage);
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION, "malformed array literal");
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '$');
    for (int i = 0; i < n; i++) {
        if (is_index(elems[i])) {
            lg_buf_printf(&b, elems[i][0] == '-' ? "[#%s]" : "[%s]", elems[i]);
            continue;
        }
        lg_buf_append(&b, ".\"", 2);
        for (const char *p = elems[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                lg_buf_putc(&b, '\\');
            lg_buf_putc(&b, (uint8_t)*p);
        }
        lg_buf_putc(&b, '"');
    }
    free(storage);
    sqlfn__result_buf_text(ctx, &b);
}

/* substring(s from a [for n]) with PostgreSQL's rules for a < 1 and negative n (22011). */
static void fn_substring(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    const unsigned char *s = sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    int64_t from = sqlite3_value_int64(argv[1]);
    int64_t end = INT64_MAX;
    if (argc > 2) {
        int64_t len = sqlite3_value_int64(argv[2]);
        if (len < 0) {
            sqlfn__error(ctx, "22011", "negative substring length not allowed");
            return;
        }
        end = __builtin_add_overflow(from, len, &end) ? INT64_MAX : end;
    }
    int64_t start = from < 1 ? 1 : from;
    if (end <= start) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    size_t b0 = sqlfn__utf8_offset(s, n, (size_t)(start - 1));
    size_t b1 = end == INT64_MAX ? n : sqlfn__utf8_offset(s, n, (size_t)(end - 1));
    sqlite3_result_text64(ctx, (const char *)s + b0, b1 - b0, SQLITE_TRANSIENT, SQLITE_UTF8);
}

/* ---- server information ---- */

static void fn_timeofday(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char d[64], out[160];
    strftime(d, sizeof(d), "%a %b %d %H:%M:%S", &tm);
    snprintf(out, sizeof(out), "%s.%06ld %d UTC", d, ts.tv_nsec / 1000, tm.tm_year + 1900);
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static void fn_backend_pid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int64(ctx, (sqlite3_int64)getpid());
}

/* pg_sleep(seconds): sleeps (capped at one hour per call); returns NULL (void). */
static void fn_pg_sleep(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double s = sqlite3_value_double(argv[0]);
    if (s > 0) {
        s = s > 3600 ? 3600 : s;
        struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
        nanosleep(&ts, NULL);
    }
    sqlite3_result_null(ctx);
}

/* pg_notify(channel, payload): accepted and dropped (no LISTEN support); returns void. */
static void fn_pg_notify(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_null(ctx);
}

typedef struct setting {
    char name[64];
    char *value;
} setting_t;

typedef struct settings {
    setting_t *v;
    size_t n, cap;
} settings_t;

static void settings_free(void *p)
{
    settings_t *s = p;
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].value);
    free(s->v);
    free(s);
}

static const struct {
    const char *name;
    const char *value;
} k_defaults[] = {
    {"timezone", "UTC"},          {"datestyle", "ISO, MDY"},
    {"intervalstyle", "postgres"}, {"server_version", "15.0"},
    {"server_version_num", "150000"}, {"server_encoding", "UTF8"},
    {"client_encoding", "UTF8"},  {"standard_conforming_strings", "on"},
    {"search_path", "\"$user\", public"}, {"extra_float_digits", "1"},
    {"application_name", ""},     {"transaction_isolation", "serializable"},
    {"default_transaction_isolation", "serializable"}, {"statement_timeout", "0"},
    {"lock_timeout", "0"},        {"max_identifier_length", "63"},
    {"integer_datetimes", "on"},  {"is_superuser", "on"},
};

static void fn_current_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const settings_t *s = sqlite3_user_data(ctx);
    for (size_t i = 0; i < s->n; i++)
        if (strcasecmp(s->v[i].name, name) == 0) {
            sqlite3_result_text(ctx, s->v[i].value, -1, SQLITE_TRANSIENT);
            return;
        }
    for (size_t i = 0; i < sizeof(k_defaults) / sizeof(k_defaults[0]); i++)
        if (strcasecmp(k_defaults[i].name, name) == 0) {
            sqlite3_result_text(ctx, k_defaults[i].value, -1, SQLITE_STATIC);
            return;
        }
    if (argc > 1 && sqlite3_value_int(argv[1]) != 0)
        return; /* missing_ok */
    sqlfn__error(ctx, LG_SQLSTATE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"",
                 name);
}

/* set_config(name, value, is_local): remembered for current_setting on this connection;
 * is_local is not scoped to the transaction. Returns the value. */
static void fn_set_config(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const char *val = sqlite3_value_type(argv[1]) == SQLITE_NULL
                          ? "" : (const char *)sqlite3_value_text(argv[1]);
    char zone[64]; /* a number of hours is a fixed offset, named as PostgreSQL names it */
    if (strcasecmp(name, "timezone") == 0 && pgtime_zone_hours_name(val, zone, sizeof(zone)))
        val = zone;
    if (strcasecmp(name, "timezone") == 0 &&
        sqlfn_datetime_set_timezone(sqlite3_context_db_handle(ctx), val) == LG_ENOTFOUND) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                     "invalid value for parameter \"TimeZone\": \"%s\"", val);
        return;
    }
    settings_t *s = sqlite3_user_data(ctx);
    size_t i = 0;
    while (i < s->n && strcasecmp(s->v[i].name, name) != 0)
        i++;
    if (i == s->n) {
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 8;
            s->v = lg_xrealloc(s->v, s->cap * sizeof(*s->v));
        }
        snprintf(s->v[i].name, sizeof(s->v[i].name), "%s", name);
        s->v[i].value = NULL;
        s->n++;
    }
    free(s->v[i].value);
    s->v[i].value = lg_xstrdup(val);
    sqlite3_result_text(ctx, val, -1, SQLITE_TRANSIENT);
}

/* to_number(text, fmt): the digits, decimal point (the fmt's D or '.') and sign of the
 * text ('-' anywhere, or <...> with PR) as a numeric; other characters are ignored. */
static void fn_to_number(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    char buf[128];
    size_t k = 0;
    bool neg = false, digits = false, point = false;
    for (; *s && k + 2 < sizeof(buf); s++) {
        if (*s >= '0' && *s <= '9') {
            buf[k++] = *s;
            digits = true;
        } else if (*s == '.' && !point) {
            buf[k++] = '.';
            point = true;
        } else if (*s == '-' || *s == '<') {
            neg = true;
        }
    }
    buf[k] = '\0';
    if (!digits) {
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                     "invalid input syntax for type numeric: \" \"");
        return;
    }
    double v = strtod(buf, NULL);
    if (!point && k < 18)
        sqlite3_result_int64(ctx, neg ? -(sqlite3_int64)v : (sqlite3_int64)v);
    else
        sqlite3_result_double(ctx, neg ? -v : v);
}

static const sqlfn_def_t k_defs[] = {
    {"to_number", 2, SQLFN_PURE, fn_to_number},
    {"lg_bit_xor", 2, SQLFN_PURE, fn_bit_xor},
    {"lg_greatest", -1, SQLFN_PURE, fn_greatest},
    {"lg_least", -1, SQLFN_PURE, fn_least},
    {"lg_json_text", 1, SQLFN_PURE, fn_json_text},
    {"lg_json_path", 1, SQLFN_PURE, fn_json_path1},
    {"lg_substring", 2, SQLFN_PURE, fn_substring},
    {"lg_substring", 3, SQLFN_PURE, fn_substring},
    {"timeofday", 0, SQLFN_VOLATILE, fn_timeofday},
    {"pg_backend_pid", 0, SQLFN_VOLATILE, fn_backend_pid},
    {"pg_sleep", 1, SQLFN_VOLATILE, fn_pg_sleep},
    {"pg_notify", 2, SQLFN_VOLATILE, fn_pg_notify},
};

int sqlfn__register_ops(sqlite3 *db)
{
    if (sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), NULL) != 0)
        return LG_EINVAL;
    settings_t *s = lg_xcalloc(1, sizeof(*s));
    if (sqlite3_create_function_v2(db, "current_setting", 1, SQLFN_VOLATILE, s,
                                   fn_current_setting, NULL, NULL, settings_free) != SQLITE_OK)
        return LG_EINVAL;
    if (sqlite3_create_function_v2(db, "current_setting", 2, SQLFN_VOLATILE, s,
                                   fn_current_setting, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "set_config", 3, SQLFN_VOLATILE, s, fn_set_config, NULL,
                                   NULL, NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
