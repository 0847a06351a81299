/* catalog_fn.c - the small catalog SQL functions psql and drivers call, and the lg_*
 * helpers the relation SELECTs use.
 *
 *   pg_type_is_visible, pg_function_is_visible -> true (pg_table_is_visible: catalog_fn_nsp.c)
 *   pg_get_userbyid(oid)          10 -> current user, 6171 -> pg_database_owner
 *   obj_description(oid[, cat]), col_description(oid, attnum), shobj_description -> text
 *   pg_get_serial_sequence(tbl, col) -> 'schema.seq' or NULL
 *   pg_encoding_to_char(int)      6 -> UTF8
 *   has_*_privilege(...)          true
 *   pg_relation_size / pg_table_size / pg_total_relation_size / pg_indexes_size (dbstat;
 *                                 0 when SQLite lacks dbstat); pg_database_size (the file);
 *   pg_size_pretty(bigint | numeric) as PostgreSQL 15 rounds
 *   pg_get_statisticsobjdef_columns, pg_get_triggerdef -> NULL;
 *   pg_relation_is_publishable -> false; (current_schemas: catalog_fn_path.c);
 *   pg_postmaster_start_time()    first registration time in this process (timestamptz text)
 *   lg_dbname(), lg_username()    current_database() / current_user() when sqlfn registered
 *                                 them, else 'postgres'; lg_backend_pid(): sqlfn's
 *                                 pg_backend_pid(), else 0; lg_setting(name, default):
 *                                 sqlfn's current_setting(name), else default
 *   lg_typattr(oid, which), lg_typname(oid), lg_decltype_oid(decl), lg_decltype_typmod(decl),
 *   lg_nwords(text), lg_repeat_words(word, text), lg_attnums(tbl, 'a,b') -> '1,2' */
#include "catalog_int.h"
#include "catalog_types.h"
#include "lg_err.h"
#include "pgtype.h"
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void fn_true(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, 1);
}

static void fn_false(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(ctx, 0);
}

static void fn_empty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

static void fn_utf8(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, "UTF8", 4, SQLITE_STATIC);
}

/* pg_char_to_encoding(name): the one encoding litegres speaks is UTF8 (6); -1 otherwise. */
static void fn_char_to_encoding(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *n = (const char *)sqlite3_value_text(argv[0]);
    bool utf8 = n && (strcasecmp(n, "UTF8") == 0 || strcasecmp(n, "UTF-8") == 0 ||
                      strcasecmp(n, "UNICODE") == 0);
    sqlite3_result_int(ctx, utf8 ? 6 : -1);
}

static void fn_null(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_null(ctx);
}

/* Result of a 0-argument SQL function `sql` if it can be prepared, else fallback. */
static void call_or(sqlite3_context *ctx, const char *sql, const char *fallback)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
    else
        sqlite3_result_text(ctx, fallback, -1, SQLITE_STATIC);
    sqlite3_finalize(st);
}

static void fn_dbname(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    call_or(ctx, "SELECT current_database()", "postgres");
}

static void fn_username(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    call_or(ctx, "SELECT current_user()", "postgres");
}

/* lg_setting(name, default): sqlfn's current_setting(name) when it knows name, else default. */
static void fn_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), "SELECT current_setting(?1)", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_value(st, 1, argv[0]);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
            sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
            sqlite3_finalize(st);
            return;
        }
    }
    sqlite3_finalize(st);
    sqlite3_result_value(ctx, argv[1]);
}

static void fn_get_userbyid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    sqlite3_int64 oid = sqlite3_value_int64(argv[0]);
    if (oid == CATALOG_ROLE_OID) {
        fn_username(ctx, argc, argv);
        return;
    }
    if (oid == 6171) {
        sqlite3_result_text(ctx, "pg_database_owner", -1, SQLITE_STATIC);
        return;
    }
    char buf[48];
    snprintf(buf, sizeof(buf), "unknown (OID=%lld)", (long long)oid);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* Runs sql binding ?1.. to argv and returns the first column of the first row. */
static void query_value(sqlite3_context *ctx, const char *sql, int argc, sqlite3_value **argv)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), sql, -1, &st, NULL) != SQLITE_OK)
        return;
    for (int i = 0; i < argc; i++)
        sqlite3_bind_value(st, i + 1, argv[i]);
    if (sqlite3_step(st) == SQLITE_ROW)
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
    sqlite3_finalize(st);
}

static void fn_obj_description(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    query_value(ctx,
                "SELECT description FROM pg_description WHERE objoid = ?1 AND "
                "objsubid = 0",
                1, argv);
}

static void fn_col_description(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    query_value(ctx,
                "SELECT description FROM pg_description WHERE objoid = ?1 AND "
                "objsubid = ?2",
                argc, argv);
}

/* pg_get_serial_sequence of a column with no sequence: NULL, but 42703 when the table (as
 * lg_regclass found it) has no such column. */
static void serial_sequence_check(sqlite3_context *ctx, sqlite3_value *tbl, const char *col)
{
    sqlite3_stmt *st = NULL;
    if (!col || sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                                   "SELECT lg_relshort(r.name), (SELECT count(*) FROM "
                                   "pragma_table_info(r.name) p WHERE p.name = ?2) FROM "
                                   "lg_meta_relations r WHERE lg_reloid(r.name) = lg_regclass(?1)",
                                   -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_value(st, 1, tbl);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    char *msg = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 1) == 0)
        msg = sqlite3_mprintf("42703:column \"%s\" of relation \"%s\" does not exist", col,
                              (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (msg)
        sqlite3_result_error(ctx, msg, -1);
    sqlite3_free(msg);
}

/* pg_get_serial_sequence(tbl, col): the sequence owned by tbl.col (serial, identity, OWNED
 * BY) as "schema.name", each part quoted when needed; tbl reads like regclass text (42P01
 * when there is no such table), col as written. */
static void fn_serial_sequence(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT lg_relnsp(name), lg_relshort(name) FROM lg_meta_sequences "
                           "WHERE lg_reloid(owner_tbl) = lg_regclass(?1) AND owner_col = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_value(st, 1, argv[0]);
    sqlite3_bind_value(st, 2, argv[1]);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sqlite3_str *out = sqlite3_str_new(NULL);
        catalog__append_ident(out, (const char *)sqlite3_column_text(st, 0));
        sqlite3_str_appendchar(out, 1, '.');
        catalog__append_ident(out, (const char *)sqlite3_column_text(st, 1));
        char *v = sqlite3_str_finish(out);
        sqlite3_result_text(ctx, v ? v : "", -1, SQLITE_TRANSIENT);
        sqlite3_free(v);
    } else if (rc != SQLITE_DONE) {
        sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
    } else {
        serial_sequence_check(ctx, argv[0], (const char *)sqlite3_value_text(argv[1]));
    }
    sqlite3_finalize(st);
}

static void fn_encoding_to_char(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int e = sqlite3_value_int(argv[0]);
    sqlite3_result_text(ctx, e == 6 ? "UTF8" : e == 0 ? "SQL_ASCII" : "", -1, SQLITE_STATIC);
}

static void fn_backend_pid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), "SELECT pg_backend_pid()", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
    else
        sqlite3_result_int(ctx, 0);
    sqlite3_finalize(st);
}

/* lg_advisory_json(): the advisory locks pg_locks lists; the server's exec module replaces
 * this with its lock table (alone: none). */
static void fn_advisory_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, "[]", -1, SQLITE_STATIC);
}

/* lg_sessions_json(): the sessions pg_stat_activity lists. The server's exec module
 * replaces this with every client session; alone (tools, tests) it is just this one. */
static void fn_sessions_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                           "SELECT json_array(json_object('pid', lg_backend_pid(), 'user', "
                           "lg_username(), 'db', lg_dbname(), 'app', '', 'start', NULL, "
                           "'self', 1))",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
    else
        sqlite3_result_text(ctx, "[]", 2, SQLITE_STATIC);
    sqlite3_finalize(st);
}

/* Size in bytes of a relation (and its indexes when user data is non-NULL) via dbstat. */
static void fn_relation_size(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *idx = sqlite3_user_data(ctx); /* "i" with the indexes, "o" only them */
    char *sql =
        sqlite3_mprintf("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (%s%s)",
                        idx && idx[0] == 'o' ? ""
                                             : "SELECT r.name FROM lg_meta_relations r WHERE "
                                               "lg_reloid(r.name) = lg_regclass(?1)",
                        idx ? (idx[0] == 'o' ? "SELECT i.name FROM lg_meta_indexes i WHERE "
                                               "lg_reloid(i.tbl) = lg_regclass(?1)"
                                             : " UNION SELECT i.name FROM lg_meta_indexes i WHERE "
                                               "lg_reloid(i.tbl) = lg_regclass(?1)")
                            : "");
    sqlite3_stmt *st = NULL;
    if (sql &&
        sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_value(st, 1, argv[0]);
        if (sqlite3_step(st) == SQLITE_ROW)
            sqlite3_result_int64(ctx, sqlite3_column_int64(st, 0));
        else
            sqlite3_result_int(ctx, 0);
    } else {
        sqlite3_result_int(ctx, 0);
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
}

/* pg_size_pretty(bigint | numeric), PostgreSQL 15's rounding: bytes below 10 kB, then each
 * unit below 20 of the next, halves rounded away from zero. */
static void fn_size_pretty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    static const struct {
        const char *name;
        int64_t limit;
        bool round;
        int bits;
    } k_units[] = {{"bytes", 10 * 1024, false, 0},  {"kB", 20 * 1024 - 1, true, 10},
                   {"MB", 20 * 1024 - 1, true, 20}, {"GB", 20 * 1024 - 1, true, 30},
                   {"TB", 20 * 1024 - 1, true, 40}, {"PB", 20 * 1024 - 1, true, 50}};
    size_t n = sizeof(k_units) / sizeof(k_units[0]);
    double d = sqlite3_value_double(argv[0]); /* numeric arguments beyond int64 saturate */
    int64_t size = sqlite3_value_type(argv[0]) == SQLITE_INTEGER ? sqlite3_value_int64(argv[0])
                   : d >= 9.2e18                                 ? INT64_MAX
                   : d <= -9.2e18                                ? INT64_MIN + 1
                                                                 : (int64_t)d;
    for (size_t i = 0; i < n; i++) {
        int64_t mag = size < 0 ? -size : size;
        if (i + 1 == n || mag < k_units[i].limit) {
            if (k_units[i].round)
                size = (size + (size < 0 ? -1 : 1)) / 2;
            char buf[64];
            snprintf(buf, sizeof(buf), "%lld %s", (long long)size, k_units[i].name);
            sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
            return;
        }
        int bits = k_units[i + 1].bits - k_units[i].bits - (k_units[i + 1].round ? 1 : 0) +
                   (k_units[i].round ? 1 : 0);
        size /= (int64_t)1 << bits;
    }
}

/* pg_size_bytes(text): "1.5 GB" -> bytes (units bytes, kB, MB, GB, TB, PB, any case;
 * none means bytes), rounded half away from zero as numeric -> bigint. */
static void fn_size_bytes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s)
        return;
    static const struct {
        const char *name;
        int shift;
    } k_units[] = {{"bytes", 0}, {"kb", 10}, {"mb", 20}, {"gb", 30}, {"tb", 40}, {"pb", 50}};
    const char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    char *end = NULL;
    long double v = strtold(p, &end);
    bool digits = false;
    for (const char *q = p; q < end; q++)
        digits |= isdigit((unsigned char)*q) != 0;
    if (!digits || end == p || isinf(v) || isnan(v)) {
        char *msg = sqlite3_mprintf("22023:invalid size: \"%s\"", s);
        sqlite3_result_error(ctx, msg, -1);
        sqlite3_free(msg);
        return;
    }
    while (isspace((unsigned char)*end))
        end++;
    size_t ulen = strlen(end);
    while (ulen && isspace((unsigned char)end[ulen - 1]))
        ulen--;
    int shift = -1;
    for (size_t i = 0; i < sizeof(k_units) / sizeof(k_units[0]) && ulen; i++)
        if (strlen(k_units[i].name) == ulen && strncasecmp(end, k_units[i].name, ulen) == 0)
            shift = k_units[i].shift;
    if (ulen && shift < 0) {
        char *msg = sqlite3_mprintf("22023:invalid size: \"%s\"\x1f"
                                    "DETAIL:Invalid size unit: \"%.*s\".\x1f"
                                    "HINT:Valid units are \"bytes\", \"kB\", \"MB\", "
                                    "\"GB\", \"TB\", and \"PB\".",
                                    s, (int)ulen, end);
        sqlite3_result_error(ctx, msg, -1);
        sqlite3_free(msg);
        return;
    }
    long double bytes = roundl(v * (long double)((int64_t)1 << (shift < 0 ? 0 : shift)));
    if (bytes >= 9223372036854775808.0L || bytes < -9223372036854775808.0L) {
        sqlite3_result_error(ctx, "22003:bigint out of range", -1);
        return;
    }
    sqlite3_result_int64(ctx, (sqlite3_int64)bytes);
}

/* pg_database_size(name | oid): the database file (the one database there is). */
static void fn_database_size(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                           "SELECT (SELECT page_count FROM pragma_page_count) * "
                           "(SELECT page_size FROM pragma_page_size)",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        sqlite3_result_int64(ctx, sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
}

static char g_start_time[40];
static pthread_once_t g_start_once = PTHREAD_ONCE_INIT;

static void set_start_time(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(g_start_time, sizeof(g_start_time), "%Y-%m-%d %H:%M:%S+00", &tm);
}

static void fn_start_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, g_start_time, -1, SQLITE_STATIC);
}

/* A user type's OID as the built-in type its values are stored as: an enum as a 4-byte
 * value (PostgreSQL's enum storage is plain), a domain as its base type; others as given. */
static uint32_t stored_as(sqlite3 *db, uint32_t oid)
{
    uint32_t elem = 0;
    if (catalog__typeinfo_by_oid(oid, &elem))
        return oid;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT kind, basetype FROM main._lg_types WHERE oid = ?1", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, oid);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *kind = (const char *)sqlite3_column_text(st, 0);
            if (kind && kind[0] == 'e')
                oid = PGTYPE_OID; /* 4 bytes, by value, int-aligned, plain */
            else if (kind && kind[0] == 'd')
                oid = (uint32_t)sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_finalize(st);
    return oid;
}

static void fn_typattr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *w = (const char *)sqlite3_value_text(argv[1]);
    if (!w || sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    uint32_t oid =
        stored_as(sqlite3_context_db_handle(ctx), (uint32_t)sqlite3_value_int64(argv[0]));
    int64_t v = catalog__type_attr(oid, w[0]);
    if (w[0] == 'a' || w[0] == 's') {
        char c = (char)v;
        sqlite3_result_text(ctx, &c, 1, SQLITE_TRANSIENT);
    } else {
        sqlite3_result_int64(ctx, v);
    }
}

static void fn_typname(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    uint32_t elem = 0;
    const catalog_typeinfo_t *t =
        catalog__typeinfo_by_oid((uint32_t)sqlite3_value_int64(argv[0]), &elem);
    if (!t)
        return;
    char buf[80];
    snprintf(buf, sizeof(buf), "%s%s", elem ? "_" : "", t->name);
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void fn_decltype_oid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *d = (const char *)sqlite3_value_text(argv[0]);
    uint32_t oid = pgtype_from_decltype(d);
    sqlite3_result_int64(ctx, oid ? oid : PGTYPE_TEXT);
}

/* typmod from a declared type's "(n)" / "(p,s)": varchar/char n+4, numeric ((p<<16)|s)+4,
 * time/timestamp precision. */
static void fn_decltype_typmod(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *d = (const char *)sqlite3_value_text(argv[0]);
    const char *par = d ? strchr(d, '(') : NULL;
    if (!par) {
        sqlite3_result_int(ctx, -1);
        return;
    }
    uint32_t oid = pgtype_from_decltype(d);
    long a = strtol(par + 1, NULL, 10);
    const char *comma = strchr(par, ',');
    long b = comma ? strtol(comma + 1, NULL, 10) : 0;
    long tm = -1;
    if (oid == PGTYPE_VARCHAR || oid == PGTYPE_BPCHAR)
        tm = a + 4;
    else if (oid == PGTYPE_NUMERIC)
        tm = ((a << 16) | b) + 4;
    else if (oid == PGTYPE_TIME || oid == PGTYPE_TIMESTAMP || oid == PGTYPE_TIMESTAMPTZ)
        tm = a;
    sqlite3_result_int64(ctx, tm);
}

static void fn_nwords(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int n = 0;
    for (const char *p = s; p && *p; p++)
        if (!isspace((unsigned char)*p) && (p == s || isspace((unsigned char)p[-1])))
            n++;
    sqlite3_result_int(ctx, n);
}

static void fn_repeat_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *w = (const char *)sqlite3_value_text(argv[0]);
    if (!w)
        return;
    (void)argc;
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    int count = 0;
    const char *s = (const char *)sqlite3_value_text(argv[1]);
    for (const char *p = s; p && *p; p++)
        if (!isspace((unsigned char)*p) && (p == s || isspace((unsigned char)p[-1])))
            sqlite3_str_appendf(out, "%s%s", count++ ? " " : "", w);
    sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
}

static void fn_attnums(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *tbl = (const char *)sqlite3_value_text(argv[0]);
    const char *cols = (const char *)sqlite3_value_text(argv[1]);
    if (!tbl || !cols)
        return;
    sqlite3_stmt *st = NULL;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (sqlite3_prepare_v2(db, "SELECT cid + 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st,
                           NULL) != SQLITE_OK)
        return;
    sqlite3_str *out = sqlite3_str_new(db);
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_TRANSIENT);
    for (const char *p = cols; *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        sqlite3_bind_text(st, 2, p, (int)n, SQLITE_TRANSIENT);
        int num = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        sqlite3_str_appendf(out, "%s%d", p == cols ? "" : ",", num);
        p += n + (e ? 1 : 0);
    }
    sqlite3_finalize(st);
    sqlite3_result_text(ctx, sqlite3_str_finish(out), -1, sqlite3_free);
}

static const catalog_fn_def_t k_fns[] = {
    {"pg_type_is_visible", 1, fn_true},
    {"pg_function_is_visible", 1, fn_true},
    /* the built-in objects of these kinds are in pg_catalog, always on the path */
    {"pg_collation_is_visible", 1, fn_true},
    {"pg_opclass_is_visible", 1, fn_true},
    {"pg_opfamily_is_visible", 1, fn_true},
    {"pg_operator_is_visible", 1, fn_true},
    {"pg_conversion_is_visible", 1, fn_true},
    {"pg_statistics_obj_is_visible", 1, fn_true},
    {"pg_has_role", 2, fn_true}, /* one trusted user: a member of every role */
    {"pg_has_role", 3, fn_true},
    {"pg_tablespace_location", 1, fn_empty},
    {"getdatabaseencoding", 0, fn_utf8},
    {"acldefault", 2, fn_null}, /* no privileges are recorded: NULL, as an unset acl column */
    {"pg_char_to_encoding", 1, fn_char_to_encoding},
    {"pg_get_function_sqlbody", 1, fn_null}, /* no SQL-standard bodies (BEGIN ATOMIC) */
    {"pg_size_pretty", 1, fn_size_pretty},
    {"pg_size_bytes", 1, fn_size_bytes},
    {"pg_database_size", 1, fn_database_size},
    {"has_table_privilege", 2, fn_true},
    {"has_table_privilege", 3, fn_true},
    {"has_schema_privilege", 2, fn_true},
    {"has_schema_privilege", 3, fn_true},
    {"has_database_privilege", 2, fn_true},
    {"has_database_privilege", 3, fn_true},
    {"has_column_privilege", 3, fn_true},
    {"has_column_privilege", 4, fn_true},
    {"has_sequence_privilege", 2, fn_true},
    {"has_sequence_privilege", 3, fn_true},
    {"pg_relation_is_publishable", 1, fn_false},
    {"pg_get_statisticsobjdef_columns", 1, fn_null},
    /* no partitions: PostgreSQL returns no rows; as a scalar, NULL matches nothing in IN */
    {"pg_partition_ancestors", 1, fn_null},
    {"pg_get_triggerdef", 1, fn_null},
    {"pg_get_triggerdef", 2, fn_null},
    {"shobj_description", 2, fn_null},
    {"lg_dbname", 0, fn_dbname},
    {"lg_username", 0, fn_username},
    {"lg_backend_pid", 0, fn_backend_pid},
    {"lg_sessions_json", 0, fn_sessions_json},
    {"lg_advisory_json", 0, fn_advisory_json},
    {"lg_setting", 2, fn_setting},
    {"pg_get_userbyid", 1, fn_get_userbyid},
    {"obj_description", 1, fn_obj_description},
    {"obj_description", 2, fn_obj_description},
    {"col_description", 2, fn_col_description},
    {"pg_get_serial_sequence", 2, fn_serial_sequence},
    {"pg_encoding_to_char", 1, fn_encoding_to_char},
    {"pg_postmaster_start_time", 0, fn_start_time},
    {"pg_is_in_recovery", 0, fn_false}, /* a primary (health checks, read-write routing) */
    {"lg_typattr", 2, fn_typattr},
    {"lg_typname", 1, fn_typname},
    {"lg_decltype_oid", 1, fn_decltype_oid},
    {"lg_decltype_typmod", 1, fn_decltype_typmod},
    {"lg_nwords", 1, fn_nwords},
    {"lg_repeat_words", 2, fn_repeat_words},
    {"lg_attnums", 2, fn_attnums},
};

int catalog__create_fns(sqlite3 *db, const catalog_fn_def_t *defs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (sqlite3_create_function(db, defs[i].name, defs[i].nargs, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                    NULL, defs[i].fn, NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    return 0;
}

int catalog__fn_register(sqlite3 *db)
{
    pthread_once(&g_start_once, set_start_time);
    if (catalog__create_fns(db, k_fns, sizeof(k_fns) / sizeof(k_fns[0])) != 0)
        return LG_EINVAL;
    static const char k_with_indexes[] = "i", k_only_indexes[] = "o";
    const char *size_fns[] = {"pg_relation_size", "pg_table_size", "pg_total_relation_size",
                              "pg_indexes_size"};
    for (size_t i = 0; i < 4; i++)
        if (sqlite3_create_function(db, size_fns[i], 1, SQLITE_UTF8, /* cast: user data only */
                                    i == 2   ? (void *)(uintptr_t)k_with_indexes
                                    : i == 3 ? (void *)(uintptr_t)k_only_indexes
                                             : NULL,
                                    fn_relation_size, NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    return 0;
}
