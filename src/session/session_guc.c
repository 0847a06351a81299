/* session_guc.c - run-time settings of a session: the table of settings clients use, SET /
 * RESET / SET LOCAL / SHOW / SHOW ALL, startup parameters, ParameterStatus for reported
 * settings, and transactional behavior (a rolled-back block restores its SETs; SET LOCAL
 * lasts until the end of the block). Custom settings with a dot in their name
 * ("app.user_id") are accepted as PostgreSQL does. Values are validated and normalized as
 * PostgreSQL prints them (memory in the largest exact unit, DateStyle "Style, ORDER").
 * Every change hands exec a snapshot of all settings, which current_setting / pg_settings
 * read on workers; set_config() calls come back from exec per run and are applied here
 * (session__guc_apply_run) with SET or SET LOCAL semantics. Loop thread. */
#include "session_int.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    G_REPORT = 1,   /* ParameterStatus when it changes */
    G_READONLY = 2, /* cannot be SET */
    G_MS = 4,       /* time in ms, units accepted, printed with units */
    G_BOOL = 8,
    G_INT = 16,
    G_CUSTOM = 32,
    G_MEM = 64, /* memory in kB, units accepted, printed in the largest exact unit */
};

typedef struct guc_def {
    const char *name; /* canonical spelling (SHOW column, ParameterStatus) */
    const char *boot;
    int flags;
    const char *desc;
} guc_def_t;

static const guc_def_t k_gucs[] = {
    {"server_version", "15.8", G_REPORT | G_READONLY, "Shows the server version."},
    {"server_version_num", "150008", G_READONLY, "Shows the server version as an integer."},
    {"server_encoding", "UTF8", G_REPORT | G_READONLY, "Shows the server character set."},
    {"client_encoding", "UTF8", G_REPORT, "Sets the client's character set encoding."},
    {"DateStyle", "ISO, MDY", G_REPORT, "Sets the display format for date and time values."},
    {"IntervalStyle", "postgres", G_REPORT, "Sets the display format for interval values."},
    {"TimeZone", "UTC", G_REPORT, "Sets the time zone for displaying and interpreting time."},
    {"integer_datetimes", "on", G_REPORT | G_READONLY, "Shows whether datetimes are integer."},
    {"standard_conforming_strings", "on", G_REPORT | G_BOOL,
     "Causes '...' strings to treat backslashes literally."},
    {"is_superuser", "on", G_REPORT | G_READONLY, "Shows whether the user is a superuser."},
    {"session_authorization", "", G_REPORT | G_READONLY, "Sets the session user name."},
    {"application_name", "", G_REPORT, "Sets the application name."},
    {"search_path", "\"$user\", public", 0, "Sets the schema search order."},
    {"statement_timeout", "0", G_MS, "Sets the maximum allowed duration of any statement."},
    {"lock_timeout", "0", G_MS, "Sets the maximum allowed duration of any wait for a lock."},
    {"idle_in_transaction_session_timeout", "0", G_MS,
     "Sets the maximum allowed idle time between queries, when in a transaction."},
    {"extra_float_digits", "1", G_INT, "Sets the number of digits displayed for floats."},
    {"default_transaction_isolation", "read committed", 0,
     "Sets the transaction isolation level of each new transaction."},
    {"transaction_isolation", "read committed", 0,
     "Sets the current transaction's isolation level."},
    {"default_transaction_read_only", "off", G_BOOL,
     "Sets the default read-only status of new transactions."},
    {"transaction_read_only", "off", G_BOOL, "Sets the current transaction's read-only status."},
    {"default_transaction_deferrable", "off", G_BOOL, "Sets the default deferrable status."},
    {"transaction_deferrable", "off", G_BOOL,
     "Whether to defer a read-only serializable transaction until it can be executed with no "
     "possible serialization failures."},
    {"max_identifier_length", "63", G_READONLY, "Shows the maximum identifier length."},
    {"bytea_output", "hex", 0, "Sets the output format for bytea."},
    {"client_min_messages", "notice", 0, "Sets the message levels sent to the client."},
    {"timezone_abbreviations", "Default", 0, "Selects a file of time zone abbreviations."},
    {"lc_messages", "C", 0, "Sets the language in which messages are displayed."},
    {"lc_monetary", "C", 0, "Sets the locale for formatting monetary amounts."},
    {"lc_numeric", "C", 0, "Sets the locale for formatting numbers."},
    {"lc_time", "C", 0, "Sets the locale for formatting date and time values."},
    {"synchronous_commit", "on", 0, "Sets the current transaction's synchronization level."},
    {"row_security", "on", G_BOOL, "Enable row security."},
    {"max_connections", "100", G_READONLY, "Sets the maximum number of connections."},
    {"work_mem", "4MB", G_MEM, "Sets the maximum memory to be used for query workspaces."},
    {"maintenance_work_mem", "64MB", G_MEM,
     "Sets the maximum memory to be used for maintenance operations."},
    {"temp_buffers", "8MB", G_MEM,
     "Sets the maximum number of temporary buffers used by each session."},
    {"effective_cache_size", "4GB", G_MEM,
     "Sets the planner's assumption about the total size of the data caches."},
    {"shared_buffers", "128MB", G_MEM | G_READONLY,
     "Sets the number of shared memory buffers used by the server."},
    {"idle_session_timeout", "0", G_MS,
     "Sets the maximum allowed idle time between queries, when not in a transaction."},
    {"enable_seqscan", "on", G_BOOL, "Enables the planner's use of sequential-scan plans."},
    {"enable_indexscan", "on", G_BOOL, "Enables the planner's use of index-scan plans."},
    {"enable_bitmapscan", "on", G_BOOL, "Enables the planner's use of bitmap-scan plans."},
    {"enable_hashjoin", "on", G_BOOL, "Enables the planner's use of hash join plans."},
    {"enable_mergejoin", "on", G_BOOL, "Enables the planner's use of merge join plans."},
    {"enable_nestloop", "on", G_BOOL, "Enables the planner's use of nested-loop join plans."},
    {"log_statement", "none", 0, "Sets the type of statements logged."},
    {"log_min_duration_statement", "-1", 0,
     "Sets the minimum execution time above which all statements will be logged."},
    {"default_text_search_config", "pg_catalog.simple", 0,
     "Sets default text search configuration."},
    {"lc_collate", "C.UTF-8", G_READONLY, "Shows the collation order locale."},
    {"lc_ctype", "C.UTF-8", G_READONLY, "Shows the character classification locale."},
    {"block_size", "8192", G_READONLY, "Shows the size of a disk block."},
    {"max_index_keys", "32", G_READONLY, "Shows the maximum number of index keys."},
    {"max_function_args", "100", G_READONLY, "Shows the maximum number of function arguments."},
    {"jit", "off", G_BOOL, "Allow JIT compilation."},
    {"in_hot_standby", "off", G_REPORT | G_READONLY, "Shows whether hot standby is active."},
    {"default_with_oids", "off", G_BOOL, "Obsolete."},
    {"check_function_bodies", "on", G_BOOL, "Check routine bodies during CREATE FUNCTION."},
    {"escape_string_warning", "on", G_BOOL, "Warn about backslash escapes."},
    {"xmloption", "content", 0, "Sets whether XML data is a document or content fragment."},
    /* settings tools set or read that change nothing here (pg_dump, ORMs, poolers) */
    {"synchronize_seqscans", "on", G_BOOL, "Enable synchronized sequential scans."},
    {"quote_all_identifiers", "off", G_BOOL,
     "When generating SQL fragments, quote all identifiers."},
    {"array_nulls", "on", G_BOOL, "Enable input of NULL elements in arrays."},
    {"backslash_quote", "safe_encoding", 0, "Sets whether \"\\'\" is allowed in string literals."},
    {"session_replication_role", "origin", 0,
     "Sets the session's behavior for triggers and rewrite rules."},
    {"default_table_access_method", "heap", 0, "Sets the default table access method."},
    {"default_tablespace", "", 0, "Sets the default tablespace to create tables in."},
    {"temp_tablespaces", "", 0, "Sets the tablespace(s) to use for temporary tables."},
    {"plan_cache_mode", "auto", 0, "Controls the planner's selection of custom or generic plan."},
    {"enable_hashagg", "on", G_BOOL, "Enables the planner's use of hashed aggregation plans."},
    {"enable_sort", "on", G_BOOL, "Enables the planner's use of explicit sort steps."},
    {"enable_material", "on", G_BOOL, "Enables the planner's use of materialization."},
    {"geqo", "on", G_BOOL, "Enables genetic query optimization."},
    {"join_collapse_limit", "8", G_INT,
     "Sets the FROM-list size beyond which JOIN constructs are not flattened."},
    {"from_collapse_limit", "8", G_INT,
     "Sets the FROM-list size beyond which subqueries are not collapsed."},
    {"default_statistics_target", "100", G_INT, "Sets the default statistics target."},
    {"random_page_cost", "4", 0,
     "Sets the planner's estimate of the cost of a nonsequentially fetched disk page."},
    {"seq_page_cost", "1", 0,
     "Sets the planner's estimate of the cost of a sequentially fetched disk page."},
    {"cpu_tuple_cost", "0.01", 0,
     "Sets the planner's estimate of the cost of processing each tuple (row)."},
    {"constraint_exclusion", "partition", 0,
     "Enables the planner to use constraints to optimize queries."},
    {"deadlock_timeout", "1s", G_MS | G_READONLY,
     "Sets the time to wait on a lock before checking for deadlock."},
    {"lo_compat_privileges", "off", G_BOOL,
     "Enables backward compatibility mode for privilege checks on large objects."},
    {"password_encryption", "scram-sha-256", 0, "Chooses the algorithm for encrypting passwords."},
    {"track_io_timing", "off", G_BOOL, "Collects timing statistics for database I/O activity."},
    {"log_min_messages", "warning", 0, "Sets the message levels that are logged."},
    {"log_min_error_statement", "error", 0,
     "Causes all statements generating error at or above this level to be logged."},
    {"max_prepared_transactions", "0", G_READONLY,
     "Sets the maximum number of simultaneously prepared transactions."},
    {"max_locks_per_transaction", "64", G_READONLY,
     "Sets the maximum number of locks per transaction."},
    {"ssl", "off", G_READONLY, "Enables SSL connections."},
    {"wal_level", "replica", G_READONLY, "Sets the level of information written to the WAL."},
};

#define NDEFS (sizeof(k_gucs) / sizeof(k_gucs[0]))
static int find_def(const char *name)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (strcasecmp(k_gucs[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void set_slot(char **slot, const char *v)
{
    char *copy = v ? lg_xstrdup(v) : NULL; /* v may be *slot itself */
    free(*slot);
    *slot = copy;
}

/* Sets a setting of the fixed table by name, without reporting it. */
static void set_builtin(session_t *s, const char *name, const char *v)
{
    int i = find_def(name);
    if (i >= 0)
        set_slot(&s->guc.val[i], v);
}

static void sync_exec_settings(session_t *s);

void session__guc_init(session_t *s)
{
    for (size_t i = 0; i < NDEFS; i++)
        set_slot(&s->guc.val[i], k_gucs[i].boot);
    s->xs.extra_float_digits = 1;
    snprintf(s->xs.timezone, sizeof(s->xs.timezone), "UTC");
    snprintf(s->xs.datestyle, sizeof(s->xs.datestyle), "ISO, MDY");
    snprintf(s->xs.intervalstyle, sizeof(s->xs.intervalstyle), "postgres");
    sync_exec_settings(s);
}

void session__guc_free(session_t *s)
{
    for (int i = 0; i < GUC_MAX; i++) {
        set_slot(&s->guc.val[i], NULL);
        set_slot(&s->guc.block_saved[i], NULL);
        set_slot(&s->guc.local_saved[i], NULL);
    }
    for (int k = 0; k < s->guc.nsp; k++)
        for (int i = 0; i < GUC_MAX; i++)
            set_slot(&s->guc.sp[k].val[i], NULL);
    free(s->guc.sp);
    s->guc.sp = NULL;
    s->guc.nsp = s->guc.capsp = 0;
    for (int k = 0; k < s->ncustom; k++)
        free(s->custom_names[k]);
    free(s->custom_names);
    s->custom_names = NULL;
    s->ncustom = 0;
}

static const char *slot_name(session_t *s, int i)
{
    return (size_t)i < NDEFS ? k_gucs[i].name : s->custom_names[i - (int)NDEFS];
}

static int find_slot(session_t *s, const char *name)
{
    int i = find_def(name);
    if (i >= 0)
        return i;
    for (int k = 0; k < s->ncustom; k++)
        if (strcasecmp(s->custom_names[k], name) == 0)
            return (int)NDEFS + k;
    return -1;
}

const char *session__guc_get(session_t *s, const char *name)
{
    int i = find_slot(s, name);
    if (i >= 0 && i == find_def("session_authorization") && s->user[0])
        return s->user;
    return i >= 0 && s->guc.val[i] ? s->guc.val[i] : "";
}

/* Parses "250", "250ms", "5s", "2min", "1h", "1d" into ms; -1 when invalid. */
static int64_t parse_ms(const char *v)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v)
        return -1;
    while (*end == ' ')
        end++;
    double mul = 1;
    if (!*end || strcmp(end, "ms") == 0)
        mul = 1;
    else if (strcmp(end, "s") == 0)
        mul = 1000;
    else if (strcmp(end, "min") == 0)
        mul = 60000;
    else if (strcmp(end, "h") == 0)
        mul = 3600000;
    else if (strcmp(end, "d") == 0)
        mul = 86400000;
    else if (strcmp(end, "us") == 0)
        mul = 0.001;
    else
        return -1;
    x *= mul;
    if (x < 0 || x > 2147483647.0)
        return -1;
    return (int64_t)(x + 0.5);
}

static void format_ms(int64_t ms, char *out, size_t n)
{
    if (ms == 0)
        snprintf(out, n, "0");
    else if (ms % 86400000 == 0)
        snprintf(out, n, "%lldd", (long long)(ms / 86400000));
    else if (ms % 3600000 == 0)
        snprintf(out, n, "%lldh", (long long)(ms / 3600000));
    else if (ms % 60000 == 0)
        snprintf(out, n, "%lldmin", (long long)(ms / 60000));
    else if (ms % 1000 == 0)
        snprintf(out, n, "%llds", (long long)(ms / 1000));
    else
        snprintf(out, n, "%lldms", (long long)ms);
}

uint64_t session__guc_ms(session_t *s, const char *name)
{
    int64_t v = parse_ms(session__guc_get(s, name));
    return v > 0 ? (uint64_t)v : 0;
}

static int parse_bool(const char *v)
{
    static const char *t[] = {"on", "true", "yes", "1", "t", "y"};
    static const char *f[] = {"off", "false", "no", "0", "f", "n"};
    for (size_t i = 0; i < 6; i++) {
        if (strcasecmp(v, t[i]) == 0)
            return 1;
        if (strcasecmp(v, f[i]) == 0)
            return 0;
    }
    return -1;
}

/* Loop thread: a syntax check only (no disk access). SET TimeZone values were already
 * looked up in the tz database by the translator, on a worker; a startup-packet zone that
 * does not exist leaves the date/time functions in UTC. */
static bool valid_timezone(const char *v)
{
    if (!v[0] || strlen(v) > 60 || strstr(v, "..") || v[0] == '/')
        return false;
    for (const char *p = v; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_+-:.<>", *p)) /* <+05>-05 */
            return false;
    return true;
}

/* PostgreSQL compares encoding names with everything but letters and digits removed,
 * case-insensitively (clean_encoding_name): 'utf-8', UTF_8 and "Unicode" all name UTF8. */
static bool is_utf8_name(const char *v)
{
    char clean[16];
    size_t n = 0;
    for (const char *p = v; *p; p++) {
        if (!isalnum((unsigned char)*p))
            continue;
        if (n + 1 >= sizeof(clean))
            return false;
        clean[n++] = (char)tolower((unsigned char)*p);
    }
    clean[n] = '\0';
    return strcmp(clean, "utf8") == 0 || strcmp(clean, "unicode") == 0;
}

static int invalid_value(lg_pgerr_t *err, const char *name, const char *v)
{
    return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                        "invalid value for parameter \"%s\": \"%s\"", name, v);
}

/* Memory ("16MB", "1.5 GB", "2048" = kB) as PostgreSQL's parse_int with GUC_UNIT_KB; printed
 * in the largest unit that divides it exactly, as SHOW does. */
static int normalize_mem(const char *name, const char *v, char *out, size_t n, lg_pgerr_t *err)
{
    static const struct {
        const char *u;
        double kb;
    } units[] = {{"B", 1.0 / 1024}, {"kB", 1}, {"MB", 1024}, {"GB", 1048576}, {"TB", 1073741824.0}};
    char *end;
    double x = strtod(v, &end);
    if (end == v)
        return invalid_value(err, name, v);
    while (*end == ' ')
        end++;
    double mul = *end ? 0 : 1;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]) && *end; i++)
        if (strcmp(end, units[i].u) == 0)
            mul = units[i].kb;
    if (mul == 0) {
        invalid_value(err, name, v);
        lg_pgerr_hint(err, "Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", "
                           "and \"TB\".");
        return LG_ESQL;
    }
    double kb = x * mul;
    kb = kb < 0 ? kb - 0.5 : kb + 0.5;
    long long min = strcmp(name, "maintenance_work_mem") == 0 ? 1024
                    : strcmp(name, "temp_buffers") == 0       ? 800
                    : strcmp(name, "work_mem") == 0           ? 64
                                                              : 8;
    if (kb < (double)min || kb > 2147483647.0)
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "%lld kB is outside the valid range for parameter \"%s\" (%lld .. "
                            "2147483647)",
                            (long long)kb, name, min);
    long long k = (long long)kb;
    if (k % 1073741824LL == 0)
        snprintf(out, n, "%lldTB", k / 1073741824LL);
    else if (k % 1048576 == 0)
        snprintf(out, n, "%lldGB", k / 1048576);
    else if (k % 1024 == 0)
        snprintf(out, n, "%lldMB", k / 1024);
    else
        snprintf(out, n, "%lldkB", k);
    return 0;
}

/* DateStyle as PostgreSQL's check_datestyle: an output style and/or a field order, each
 * keeping the current one when not given (German implies DMY unless an order is given). */
static int normalize_datestyle(session_t *s, const char *v, char *out, size_t n, lg_pgerr_t *err)
{
    const char *cur = session__guc_get(s, "DateStyle");
    char style[16] = "ISO", order[4] = "MDY";
    sscanf(cur, "%15[^,], %3s", style, order);
    bool have_style = false, have_order = false, conflict = false;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", v);
    for (char *save = NULL, *tok = strtok_r(buf, ", \t", &save); tok;
         tok = strtok_r(NULL, ", \t", &save)) {
        const char *st = NULL, *od = NULL;
        if (!strcasecmp(tok, "iso"))
            st = "ISO";
        else if (!strcasecmp(tok, "sql"))
            st = "SQL";
        else if (!strncasecmp(tok, "postgres", 8))
            st = "Postgres";
        else if (!strcasecmp(tok, "german"))
            st = "German";
        else if (!strcasecmp(tok, "ymd"))
            od = "YMD";
        else if (!strcasecmp(tok, "dmy") || !strncasecmp(tok, "euro", 4))
            od = "DMY";
        else if (!strcasecmp(tok, "mdy") || !strcasecmp(tok, "us") ||
                 !strncasecmp(tok, "noneuro", 7))
            od = "MDY";
        else if (!strcasecmp(tok, "default")) {
            st = "ISO";
            od = "MDY";
        } else {
            invalid_value(err, "DateStyle", v);
            lg_pgerr_detail(err, "Unrecognized key word: \"%s\".", tok);
            return LG_ESQL;
        }
        if (st) {
            conflict |= have_style && strcmp(style, st) != 0;
            snprintf(style, sizeof(style), "%s", st);
            have_style = true;
            if (!strcmp(st, "German") && !have_order)
                snprintf(order, sizeof(order), "DMY");
        }
        if (od) {
            conflict |= have_order && strcmp(order, od) != 0;
            snprintf(order, sizeof(order), "%s", od);
            have_order = true;
        }
    }
    if (conflict) {
        invalid_value(err, "DateStyle", v);
        lg_pgerr_detail(err, "Conflicting \"datestyle\" specifications.");
        return LG_ESQL;
    }
    snprintf(out, n, "%s, %s", style, order);
    return 0;
}

/* client_min_messages: one of PostgreSQL's levels (info is accepted but not listed). */
static int normalize_min_messages(const char *v, char *out, size_t n, lg_pgerr_t *err)
{
    static const char *k[] = {"debug5", "debug4", "debug3",  "debug2", "debug1",
                              "log",    "notice", "warning", "error",  "info"};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (strcasecmp(v, k[i]) == 0) {
            snprintf(out, n, "%s", k[i]);
            return 0;
        }
    lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                 "invalid value for parameter \"client_min_messages\": \"%s\"", v);
    lg_pgerr_hint(err, "Available values: debug5, debug4, debug3, debug2, debug1, log, notice, "
                       "warning, error.");
    return LG_ESQL;
}

static int normalize_intervalstyle(const char *v, char *out, size_t n, lg_pgerr_t *err)
{
    static const char *k[] = {"postgres", "postgres_verbose", "sql_standard", "iso_8601"};
    for (size_t i = 0; i < 4; i++)
        if (strcasecmp(v, k[i]) == 0) {
            snprintf(out, n, "%s", k[i]);
            return 0;
        }
    invalid_value(err, "IntervalStyle", v);
    lg_pgerr_hint(err, "Available values: postgres, postgres_verbose, sql_standard, iso_8601.");
    return LG_ESQL;
}

/* Validates and normalizes a value into out. */
static int normalize(session_t *s, int i, const char *v, char *out, size_t n, lg_pgerr_t *err)
{
    const guc_def_t *d = (size_t)i < NDEFS ? &k_gucs[i] : NULL;
    const char *name = d ? d->name : "";
    snprintf(out, n, "%s", v);
    if (!d)
        return 0;
    if (d->flags & G_MEM) {
        return normalize_mem(name, v, out, n, err);
    } else if (d->flags & G_MS) {
        int64_t ms = parse_ms(v);
        if (ms < 0)
            return invalid_value(err, name, v);
        format_ms(ms, out, n);
    } else if (d->flags & G_BOOL) {
        int b = parse_bool(v);
        if (b < 0)
            return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                "parameter \"%s\" requires a Boolean value", name);
        snprintf(out, n, "%s", b ? "on" : "off");
        if (strcmp(name, "standard_conforming_strings") == 0 && !b)
            return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "standard_conforming_strings = off is not supported");
    } else if (d->flags & G_INT) {
        char *end;
        long x = strtol(v, &end, 10);
        if (*end || end == v || x < -15 || x > 3)
            return invalid_value(err, name, v);
    } else if (strcmp(name, "TimeZone") == 0) {
        if (!valid_timezone(v))
            return invalid_value(err, name, v);
        if (strcasecmp(v, "utc") == 0)
            snprintf(out, n, "UTC");
    } else if (strcmp(name, "client_encoding") == 0) {
        if (!is_utf8_name(v))
            return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "conversion between %s and UTF8 is not supported", v);
        snprintf(out, n, "UTF8");
    } else if (strcmp(name, "DateStyle") == 0) {
        return normalize_datestyle(s, v, out, n, err);
    } else if (strcmp(name, "IntervalStyle") == 0) {
        return normalize_intervalstyle(v, out, n, err);
    } else if (strcmp(name, "client_min_messages") == 0) {
        return normalize_min_messages(v, out, n, err);
    } else if (strstr(name, "transaction_isolation")) {
        for (char *p = out; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (strcmp(out, "read committed") && strcmp(out, "repeatable read") &&
            strcmp(out, "serializable") && strcmp(out, "read uncommitted"))
            return invalid_value(err, name, v);
    }
    return 0;
}

static void sync_exec_settings(session_t *s)
{
    snprintf(s->xs.timezone, sizeof(s->xs.timezone), "%s", session__guc_get(s, "TimeZone"));
    snprintf(s->xs.datestyle, sizeof(s->xs.datestyle), "%s", session__guc_get(s, "DateStyle"));
    snprintf(s->xs.application_name, sizeof(s->xs.application_name), "%s",
             session__guc_get(s, "application_name"));
    snprintf(s->xs.intervalstyle, sizeof(s->xs.intervalstyle), "%s",
             session__guc_get(s, "IntervalStyle"));
    s->xs.extra_float_digits = atoi(session__guc_get(s, "extra_float_digits"));
    s->xs.bytea_escape = strcmp(session__guc_get(s, "bytea_output"), "escape") == 0;
    s->xs.default_read_only =
        strcmp(session__guc_get(s, "default_transaction_read_only"), "on") == 0;
    exec_session_set_settings(s->es, &s->xs);
    const char *names[GUC_MAX], *values[GUC_MAX];
    size_t n = 0;
    for (int i = 0; i < (int)NDEFS + s->ncustom && n < GUC_MAX; i++, n++) {
        names[n] = slot_name(s, i);
        values[n] = session__guc_get(s, names[n]);
    }
    exec_session_set_gucs(s->es, n, names, values);
    exec_session_set_lock_timeout(s->es, session__guc_ms(s, "lock_timeout"));
    s->stmt_timeout_ms = session__guc_ms(s, "statement_timeout");
    s->idle_txn_timeout_ms = session__guc_ms(s, "idle_in_transaction_session_timeout");
}

/* Stores a value in slot i; sends ParameterStatus when a reported value changes. */
static void assign(session_t *s, int i, const char *v)
{
    bool changed = !s->guc.val[i] || strcmp(s->guc.val[i], v) != 0;
    set_slot(&s->guc.val[i], v);
    /* outside a transaction, the next transaction's characteristics are the defaults */
    if (s->txn_status == 'I' && !s->implicit_block && (size_t)i < NDEFS &&
        strncmp(k_gucs[i].name, "default_transaction_", 20) == 0 &&
        (!strcmp(k_gucs[i].name + 20, "isolation") || !strcmp(k_gucs[i].name + 20, "read_only") ||
         !strcmp(k_gucs[i].name + 20, "deferrable"))) {
        int t = find_def(k_gucs[i].name + 8); /* transaction_isolation / _read_only / ... */
        if (t >= 0)
            set_slot(&s->guc.val[t], v);
    }
    if (changed && (size_t)i < NDEFS && (k_gucs[i].flags & G_REPORT) &&
        s->state == SESSION_ST_READY)
        proto_be_parameter_status(&s->out, k_gucs[i].name, v);
    sync_exec_settings(s);
}

static int slot_for_set(session_t *s, const char *name, bool create, lg_pgerr_t *err)
{
    int i = find_slot(s, name);
    if (i >= 0)
        return i;
    if (!strchr(name, '.') || !create)
        return lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_OBJECT,
                            "unrecognized configuration parameter \"%s\"", name),
               -1;
    if ((int)NDEFS + s->ncustom >= GUC_MAX)
        return lg_pgerr_set(err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "too many custom settings"),
               -1;
    s->custom_names = lg_xrealloc(s->custom_names, sizeof(char *) * (size_t)(s->ncustom + 1));
    s->custom_names[s->ncustom] = lg_xstrdup(name);
    for (char *p = s->custom_names[s->ncustom]; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return (int)NDEFS + s->ncustom++;
}

static int guc_startup_one(session_t *s, const char *name, const char *value, lg_pgerr_t *err);

/* Next word of a startup "options" string, as PostgreSQL's pg_split_opts: words are
 * separated by whitespace, a backslash takes the next character literally. Copies it into
 * out (same capacity as the input) and returns the rest, or NULL when no word is left. */
static const char *next_opt_word(const char *p, char *out)
{
    while (*p && isspace((unsigned char)*p))
        p++;
    if (!*p)
        return NULL;
    size_t n = 0;
    while (*p && !isspace((unsigned char)*p)) {
        if (*p == '\\' && p[1])
            p++;
        out[n++] = *p++;
    }
    out[n] = '\0';
    return p;
}

/* One "name=value" of "-c name=value" or "--name=value" (dashes in name read as '_'). */
static int startup_opt_setting(session_t *s, char *arg, lg_pgerr_t *err)
{
    char *eq = strchr(arg, '=');
    if (!eq) {
        lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "-c %s requires a value", arg);
        return LG_ESQL;
    }
    *eq = '\0';
    for (char *p = arg; *p; p++)
        if (*p == '-')
            *p = '_';
    return guc_startup_one(s, arg, eq + 1, err);
}

/* The "options" startup parameter: "-c name=value", "-cname=value" and "--name=value"
 * switches set settings; other server switches answer 42601, as PostgreSQL does for a
 * switch it does not know. */
static int startup_options(session_t *s, const char *opts, lg_pgerr_t *err)
{
    size_t cap = strlen(opts) + 1;
    char *word = lg_xmalloc(cap);
    int rc = 0;
    const char *p = opts;
    while (rc == 0 && (p = next_opt_word(p, word)) != NULL) {
        if (strcmp(word, "-c") == 0) {
            p = next_opt_word(p, word);
            if (!p) {
                lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR,
                             "invalid command-line argument for server process: -c");
                rc = LG_ESQL;
                break;
            }
            rc = startup_opt_setting(s, word, err);
        } else if (strncmp(word, "-c", 2) == 0) {
            rc = startup_opt_setting(s, word + 2, err);
        } else if (strncmp(word, "--", 2) == 0 && word[2]) {
            rc = startup_opt_setting(s, word + 2, err);
        } else {
            lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR,
                         "invalid command-line argument for server process: %s", word);
            rc = LG_ESQL;
        }
    }
    free(word);
    return rc;
}

int session__guc_startup(session_t *s, const char *name, const char *value, lg_pgerr_t *err)
{
    if (strcmp(name, "options") == 0)
        return startup_options(s, value, err);
    return guc_startup_one(s, name, value, err);
}

static int guc_startup_one(session_t *s, const char *name, const char *value, lg_pgerr_t *err)
{
    int i = slot_for_set(s, name, true, err);
    if (i < 0)
        return LG_ESQL;
    if ((size_t)i < NDEFS && (k_gucs[i].flags & G_READONLY))
        return 0;
    char norm[512];
    if (normalize(s, i, value, norm, sizeof(norm), err) != 0)
        return LG_ESQL;
    set_slot(&s->guc.val[i], norm);
    sync_exec_settings(s);
    return 0;
}

void session__guc_report_all(session_t *s)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (k_gucs[i].flags & G_REPORT)
            proto_be_parameter_status(&s->out, k_gucs[i].name, session__guc_get(s, k_gucs[i].name));
}

void session__guc_block_begin(session_t *s)
{
    for (int i = 0; i < GUC_MAX; i++) {
        set_slot(&s->guc.block_saved[i], s->guc.val[i]);
        set_slot(&s->guc.local_saved[i], NULL);
    }
    s->guc_block_open = true;
    s->txn_queried = false;
}

static void sp_free(guc_sp_t *sp)
{
    for (int i = 0; i < GUC_MAX; i++)
        set_slot(&sp->val[i], NULL);
}

static int sp_find(const session_t *s, const char *name)
{
    for (int k = s->guc.nsp - 1; k >= 0; k--)
        if (strcmp(s->guc.sp[k].name, name) == 0)
            return k;
    return -1;
}

void session__guc_savepoint(session_t *s, int kind, const char *name)
{
    if (kind == TR_TXN_SAVEPOINT) {
        if (s->guc.nsp == s->guc.capsp) {
            s->guc.capsp = s->guc.capsp ? s->guc.capsp * 2 : 4;
            s->guc.sp = lg_xrealloc(s->guc.sp, sizeof(guc_sp_t) * (size_t)s->guc.capsp);
        }
        guc_sp_t *sp = &s->guc.sp[s->guc.nsp++];
        memset(sp, 0, sizeof(*sp));
        snprintf(sp->name, sizeof(sp->name), "%s", name);
        for (int i = 0; i < GUC_MAX; i++)
            set_slot(&sp->val[i], s->guc.val[i]);
        return;
    }
    int k = sp_find(s, name);
    if (k < 0)
        return;
    if (kind == TR_TXN_ROLLBACK_TO) /* settings made since the savepoint are undone */
        for (int i = 0; i < GUC_MAX; i++) {
            const char *v = s->guc.sp[k].val[i] ? s->guc.sp[k].val[i] : i >= (int)NDEFS ? "" : NULL;
            if (v && (!s->guc.val[i] || strcmp(v, s->guc.val[i]) != 0))
                assign(s, i, v);
        }
    int keep = kind == TR_TXN_ROLLBACK_TO ? k + 1 : k; /* ROLLBACK TO keeps the savepoint */
    for (int j = keep; j < s->guc.nsp; j++)
        sp_free(&s->guc.sp[j]);
    s->guc.nsp = keep;
}

void session__guc_block_end(session_t *s, bool committed)
{
    for (int j = 0; j < s->guc.nsp; j++)
        sp_free(&s->guc.sp[j]);
    s->guc.nsp = 0;
    if (!s->guc_block_open)
        return;
    s->guc_block_open = false;
    for (int i = 0; i < GUC_MAX; i++) {
        const char *restore = NULL;
        if (!committed)
            restore = s->guc.block_saved[i] ? s->guc.block_saved[i]
                      : i >= (int)NDEFS     ? "" /* a custom setting created in the block */
                                            : NULL;
        else if (s->guc.local_saved[i])
            restore = s->guc.local_saved[i];
        if (restore && (!s->guc.val[i] || strcmp(restore, s->guc.val[i]) != 0))
            assign(s, i, restore);
        set_slot(&s->guc.block_saved[i], NULL);
        set_slot(&s->guc.local_saved[i], NULL);
    }
    set_builtin(s, "transaction_isolation", session__guc_get(s, "default_transaction_isolation"));
    set_builtin(s, "transaction_read_only", session__guc_get(s, "default_transaction_read_only"));
    set_builtin(s, "transaction_deferrable", session__guc_get(s, "default_transaction_deferrable"));
    sync_exec_settings(s);
}

void session__guc_txn_began(session_t *s, translate_isolation_t iso, bool read_only,
                            bool deferrable)
{
    static const char *names[] = {"read committed", "read uncommitted", "read committed",
                                  "repeatable read", "serializable"};
    set_builtin(s, "transaction_isolation", names[iso]);
    set_builtin(s, "transaction_read_only", read_only ? "on" : "off");
    set_builtin(s, "transaction_deferrable", deferrable ? "on" : "off");
    sync_exec_settings(s); /* current_setting('transaction_isolation') in the block */
}

static void finish(portal_t *p, bool ok, const lg_pgerr_t *err)
{
    if (!ok)
        session__stmt_error(p->s, err);
    else
        proto_be_command_complete(&p->s->out, p->tr->stmts[p->idx].tag);
    p->done = true;
    p->cb(p->s, p, ok);
}

static int set_transaction(session_t *s, const translate_stmt_t *st, lg_pgerr_t *err)
{
    static const char *names[] = {"read committed", "read uncommitted", "read committed",
                                  "repeatable read", "serializable"};
    if (strcmp(st->set_name, "transaction") == 0 && st->isolation && s->txn_status == 'T' &&
        !s->implicit_block && s->txn_queried &&
        strcmp(session__guc_get(s, "transaction_isolation"), names[st->isolation]) != 0)
        return lg_pgerr_set(err, LG_SQLSTATE_ACTIVE_SQL_TRANSACTION,
                            "SET TRANSACTION ISOLATION LEVEL must be called before any query");
    if (s->txn_status == 'I' && !s->implicit_block && strcmp(st->set_name, "transaction") == 0) {
        session__notice(s, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                        "SET TRANSACTION can only be used in transaction blocks");
        return 0;
    }
    static const char *iso[] = {"read committed", "read uncommitted", "read committed",
                                "repeatable read", "serializable"};
    const char *target = strcmp(st->set_name, "transaction") == 0 ? "transaction_isolation"
                                                                  : "default_transaction_isolation";
    if (st->isolation)
        assign(s, find_def(target), iso[st->isolation]);
    if (strcmp(st->set_name, "transaction") == 0 && (s->txn_status == 'T' || s->implicit_block))
        exec_txn_begin(s->es, st->isolation ? st->isolation : TR_ISO_READ_COMMITTED, st->read_only);
    if (st->read_only >= 0) {
        const char *ro = strcmp(st->set_name, "transaction") == 0 ? "transaction_read_only"
                                                                  : "default_transaction_read_only";
        assign(s, find_def(ro), st->read_only ? "on" : "off");
    }
    if (st->deferrable >= 0) {
        const char *d = strcmp(st->set_name, "transaction") == 0 ? "transaction_deferrable"
                                                                 : "default_transaction_deferrable";
        assign(s, find_def(d), st->deferrable ? "on" : "off");
    }
    return 0;
}

static int reset_all(session_t *s)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (!(k_gucs[i].flags & G_READONLY))
            assign(s, (int)i, k_gucs[i].boot);
    return 0;
}

void session__guc_reset_all(session_t *s)
{
    reset_all(s);
}

static int set_one(session_t *s, const translate_stmt_t *st, lg_pgerr_t *err)
{
    const char *name = st->set_name;
    if (strcmp(name, "timezone") == 0)
        name = "TimeZone";
    int i = slot_for_set(s, name, st->set_kind == TR_SET_VALUE, err);
    if (i < 0)
        return LG_ESQL;
    if ((size_t)i < NDEFS && (k_gucs[i].flags & G_READONLY))
        return lg_pgerr_set(err, LG_SQLSTATE_CANT_CHANGE_RUNTIME_PARAM,
                            "parameter \"%s\" cannot be changed", k_gucs[i].name);
    const char *v = (size_t)i < NDEFS ? k_gucs[i].boot : "";
    char norm[4096];
    if (st->set_kind == TR_SET_VALUE) {
        if (normalize(s, i, st->set_value, norm, sizeof(norm), err) != 0)
            return LG_ESQL;
        v = norm;
    }
    if (st->set_local && (s->txn_status == 'T' || s->implicit_block)) {
        if (!s->guc.local_saved[i])
            set_slot(&s->guc.local_saved[i], s->guc.val[i] ? s->guc.val[i] : "");
    } else if (st->set_local) {
        session__notice(s, LG_SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                        "SET LOCAL can only be used in transaction blocks");
        return 0;
    }
    assign(s, i, v);
    return 0;
}

typedef struct apply_ctx {
    session_t *s;
    lg_pgerr_t *err;
    bool failed;
} apply_ctx_t;

static void apply_change(void *arg, const char *name, const char *value, bool is_local)
{
    apply_ctx_t *a = arg;
    if (a->failed || (is_local && a->s->txn_status == 'I' && !a->s->implicit_block))
        return; /* after an invalid one; or a local one that lasted for its statement only */
    translate_stmt_t st = {.cls = TR_CLASS_SET, .set_kind = TR_SET_VALUE, .set_local = is_local};
    st.set_name = (char *)(uintptr_t)name;
    st.set_value = (char *)(uintptr_t)value;
    a->failed = set_one(a->s, &st, a->err) != 0;
}

int session__guc_apply_run(session_t *s, exec_run_t *run, lg_pgerr_t *err)
{
    apply_ctx_t a = {s, err, false};
    exec_run_take_guc_changes(run, apply_change, &a);
    return a.failed ? LG_ESQL : 0;
}

void session__set_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    lg_pgerr_t err;
    int rc;
    if (st->set_kind == TR_SET_TRANSACTION)
        rc = set_transaction(s, st, &err);
    else if (st->set_kind == TR_SET_RESET_ALL)
        rc = reset_all(s);
    else
        rc = set_one(s, st, &err);
    finish(p, rc == 0, &err);
}

static void show_row(lg_buf_t *b, const char *v)
{
    size_t start = proto_be_data_row_begin(b, 1);
    proto_be_data_row_value(b, v, (int32_t)strlen(v));
    proto_be_data_row_end(b, start);
}

static const proto_field_t k_show_all_fields[3] = {
    {.name = "name", .type_oid = PGTYPE_TEXT, .typlen = -1, .typmod = -1},
    {.name = "setting", .type_oid = PGTYPE_TEXT, .typlen = -1, .typmod = -1},
    {.name = "description", .type_oid = PGTYPE_TEXT, .typlen = -1, .typmod = -1},
};

/* SHOW ALL's rows (after its RowDescription when the portal sends one) and its tag. */
static void show_all(session_t *s, bool row_desc)
{
    if (row_desc)
        proto_be_row_description(&s->out, 3, k_show_all_fields);
    for (size_t i = 0; i < NDEFS; i++) {
        const char *v = session__guc_get(s, k_gucs[i].name);
        size_t start = proto_be_data_row_begin(&s->out, 3);
        proto_be_data_row_value(&s->out, k_gucs[i].name, (int32_t)strlen(k_gucs[i].name));
        proto_be_data_row_value(&s->out, v, (int32_t)strlen(v));
        proto_be_data_row_value(&s->out, k_gucs[i].desc, (int32_t)strlen(k_gucs[i].desc));
        proto_be_data_row_end(&s->out, start);
    }
    proto_be_command_complete(&s->out, "SHOW");
}

static const char *show_name(const char *n)
{
    if (strcmp(n, "transaction isolation level") == 0)
        return "transaction_isolation";
    if (strcmp(n, "timezone") == 0 || strcmp(n, "time zone") == 0)
        return "TimeZone";
    if (strcmp(n, "session authorization") == 0)
        return "session_authorization";
    return n;
}

void session__show_stmt(portal_t *p)
{
    session_t *s = p->s;
    const translate_stmt_t *st = &p->tr->stmts[p->idx];
    p->done = true;
    if (strcmp(st->set_name, "all") == 0) {
        show_all(s, p->row_desc);
        p->cb(s, p, true);
        return;
    }
    const char *name = show_name(st->set_name);
    int i = find_slot(s, name);
    char extra[64];
    if (i < 0 && s->env->show_extra &&
        s->env->show_extra(s->env->show_ctx, name, extra, sizeof(extra))) {
        if (p->row_desc) {
            proto_field_t f = {.name = name, .type_oid = PGTYPE_TEXT, .typlen = -1, .typmod = -1};
            proto_be_row_description(&s->out, 1, &f);
        }
        show_row(&s->out, extra);
        proto_be_command_complete(&s->out, "SHOW");
        p->cb(s, p, true);
        return;
    }
    if (i < 0) {
        lg_pgerr_t e;
        lg_pgerr_set(&e, LG_SQLSTATE_UNDEFINED_OBJECT,
                     "unrecognized configuration parameter \"%s\"", name);
        session__stmt_error(s, &e);
        {
            p->cb(s, p, false);
            return;
        }
    }
    if (p->row_desc) {
        proto_field_t f = {
            .name = slot_name(s, i), .type_oid = PGTYPE_TEXT, .typlen = -1, .typmod = -1};
        proto_be_row_description(&s->out, 1, &f);
    }
    show_row(&s->out, session__guc_get(s, name));
    proto_be_command_complete(&s->out, "SHOW");
    p->cb(s, p, true);
}

void session__guc_show_describe(session_t *s, const char *set_name)
{
    if (strcmp(set_name, "all") == 0) {
        proto_be_row_description(&s->out, 3, k_show_all_fields);
        return;
    }
    const char *name = show_name(set_name);
    int i = find_slot(s, name);
    proto_field_t f = {.name = i >= 0 ? slot_name(s, i) : name,
                       .type_oid = PGTYPE_TEXT,
                       .typlen = -1,
                       .typmod = -1};
    proto_be_row_description(&s->out, 1, &f);
}
