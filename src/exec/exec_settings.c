/* exec_settings.c - the session's run-time settings as SQL functions see them:
 * current_setting(name [, missing_ok]), set_config(name, value, is_local) and the catalog's
 * lg_setting(name, default) behind pg_settings.
 *
 * The session (loop) owns the settings; it hands exec an immutable snapshot (names and
 * values) whenever one changes. Every job takes a reference to its session's snapshot when
 * it is created, so the worker reads it without locks. set_config cannot change the
 * session from a worker: it records the change on the run (later current_setting calls of
 * the same run see it) and the session applies the run's changes on the loop when the run
 * reports back (exec_run_take_guc_changes), with SET / SET LOCAL semantics.
 *
 * These functions replace sqlfn's per-connection versions: they are registered after
 * sqlfn's on every connection. */
#include "exec_int.h"
#include "lg_alloc.h"
#include "pgtype_time.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct exec_gucs {
    int refs; /* loop only */
    size_t n;
    char **names;
    char **values;
};

struct exec_guc_change {
    char *name;
    char *value;
    bool is_local;
    struct exec_guc_change *next;
};

void exec__gucs_unref(exec_gucs_t *g)
{
    if (!g || --g->refs > 0)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->names[i]);
        free(g->values[i]);
    }
    free(g->names);
    free(g->values);
    free(g);
}

exec_gucs_t *exec__gucs_ref(exec_gucs_t *g)
{
    if (g)
        g->refs++;
    return g;
}

void exec_session_set_gucs(exec_session_t *es, size_t n, const char *const *names,
                           const char *const *values)
{
    exec_gucs_t *g = lg_xcalloc(1, sizeof(*g));
    g->refs = 1;
    g->n = n;
    g->names = lg_xcalloc(n ? n : 1, sizeof(char *));
    g->values = lg_xcalloc(n ? n : 1, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        g->names[i] = lg_xstrdup(names[i]);
        g->values[i] = lg_xstrdup(values[i] ? values[i] : "");
    }
    exec__gucs_unref(es->gucs);
    es->gucs = g;
}

void exec__guc_changes_free(exec_guc_change_t *c)
{
    while (c) {
        exec_guc_change_t *next = c->next;
        free(c->name);
        free(c->value);
        free(c);
        c = next;
    }
}

void exec_run_take_guc_changes(exec_run_t *run, exec_guc_change_cb cb, void *arg)
{
    exec_guc_change_t *c = run->guc_changes;
    run->guc_changes = NULL;
    for (exec_guc_change_t *i = c; i; i = i->next)
        cb(arg, i->name, i->value, i->is_local);
    exec__guc_changes_free(c);
}

/* ---- worker ---- */

/* The value of name for the calling job: its run's own set_config, else the snapshot. */
static const char *lookup(const exec_job_t *job, const char *name)
{
    if (!job)
        return NULL;
    const char *found = NULL;
    if (job->run)
        for (const exec_guc_change_t *c = job->run->guc_changes; c; c = c->next)
            if (strcasecmp(c->name, name) == 0)
                found = c->value; /* the latest change wins */
    if (found || !job->gucs)
        return found;
    for (size_t i = 0; i < job->gucs->n; i++)
        if (strcasecmp(job->gucs->names[i], name) == 0)
            return job->gucs->values[i];
    return NULL;
}

/* Rank of a message level for the client (PostgreSQL's order; unknown ranks as notice). */
static int client_rank(const char *level)
{
    static const char *const k_levels[] = {"debug5", "debug4", "debug3", "debug2",  "debug1",
                                           "log",    "info",   "notice", "warning", "error"};
    for (size_t i = 0; level && i < sizeof(k_levels) / sizeof(k_levels[0]); i++)
        if (strcasecmp(level, k_levels[i]) == 0)
            return (int)i;
    return level && strcasecmp(level, "debug") == 0 ? 4 : 7; /* RAISE DEBUG is debug1 */
}

void exec__client_notice(const char *severity, const char *sqlstate, const char *msg,
                         const char *hint)
{
    exec_job_t *job = exec__current();
    if (!job || !job->run)
        return;
    bool info = strcasecmp(severity, "info") == 0; /* INFO always reaches the client */
    if (!info && client_rank(severity) < client_rank(lookup(job, "client_min_messages")))
        return;
    lg_pgerr_t e;
    lg_pgerr_set(&e, sqlstate, "%s", msg);
    snprintf(e.severity, sizeof(e.severity), "%s", severity);
    if (hint && hint[0])
        lg_pgerr_hint(&e, "%s", hint);
    proto_be_error(&job->run->out, &e, true);
}

static void undefined(sqlite3_context *ctx, const char *name)
{
    char m[200];
    snprintf(m, sizeof(m), "42704:unrecognized configuration parameter \"%.150s\"", name);
    sqlite3_result_error(ctx, m, -1);
}

static void fn_current_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const exec_job_t *job = exec__current();
    if (job && job->es && strcmp(name, "lg.temp_schema") == 0) { /* catalog_temp_schema */
        char tmp[32];
        snprintf(tmp, sizeof(tmp), "pg_temp_%d", (int)job->es->settings.backend_pid);
        sqlite3_result_text(ctx, tmp, -1, SQLITE_TRANSIENT);
        return;
    }
    const char *v = lookup(job, name);
    if (v)
        sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
    else if (argc < 2 || sqlite3_value_int(argv[1]) == 0)
        undefined(ctx, name);
}

static void fn_set_config(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    exec_job_t *job = exec__current();
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_error(ctx, "22004:SET requires parameter name", -1);
        return;
    }
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const char *val =
        sqlite3_value_type(argv[1]) == SQLITE_NULL ? "" : (const char *)sqlite3_value_text(argv[1]);
    if (!strchr(name, '.') && !lookup(job, name)) {
        undefined(ctx, name);
        return;
    }
    char zone[64]; /* a number of hours is a fixed offset, named as PostgreSQL names it */
    if (strcasecmp(name, "timezone") == 0 && pgtime_zone_hours_name(val, zone, sizeof(zone)))
        val = zone;
    if (job && job->run) {
        exec_guc_change_t *c = lg_xcalloc(1, sizeof(*c));
        c->name = lg_xstrdup(name);
        for (char *p = c->name; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        c->value = lg_xstrdup(val);
        c->is_local = sqlite3_value_int(argv[2]) != 0;
        exec_guc_change_t **pp = &job->run->guc_changes;
        while (*pp)
            pp = &(*pp)->next;
        *pp = c;
    }
    sqlite3_result_text(ctx, val, -1, SQLITE_TRANSIENT);
}

/* Memory settings ("4MB", "512kB") in kB, as pg_settings.setting shows them. */
static bool memory_kb(const char *v, char *out, size_t n)
{
    char *end;
    long long x = strtoll(v, &end, 10);
    if (end == v)
        return false;
    long long mul = 0;
    if (strcmp(end, "kB") == 0)
        mul = 1;
    else if (strcmp(end, "MB") == 0)
        mul = 1024;
    else if (strcmp(end, "GB") == 0)
        mul = 1024 * 1024;
    else if (strcmp(end, "TB") == 0)
        mul = 1024LL * 1024 * 1024;
    if (!mul)
        return false;
    snprintf(out, n, "%lld", x * mul);
    return true;
}

/* Times ("1min", "250ms", "0") in ms, as pg_settings.setting shows them. */
static bool time_ms(const char *v, char *out, size_t n)
{
    char *end;
    long long x = strtoll(v, &end, 10);
    if (end == v)
        return false;
    static const struct {
        const char *u;
        long long ms;
    } k[] = {{"", 1}, {"ms", 1}, {"s", 1000}, {"min", 60000}, {"h", 3600000}, {"d", 86400000}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (strcmp(end, k[i].u) == 0) {
            snprintf(out, n, "%lld", x * k[i].ms);
            return true;
        }
    return false;
}

/* lg_setting(name, default): pg_settings.setting - the session's value in the unit column's
 * unit (kB, ms) - or default when the session does not have the setting. */
static void fn_lg_setting(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    const char *v = name ? lookup(exec__current(), name) : NULL;
    if (!v) {
        sqlite3_result_value(ctx, argv[1]);
        return;
    }
    char buf[64];
    if (memory_kb(v, buf, sizeof(buf)) || (strstr(name, "timeout") && time_ms(v, buf, sizeof(buf))))
        v = buf;
    sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
}

int exec__settings_register(sqlite3 *db)
{
    if (sqlite3_create_function_v2(db, "current_setting", 1, SQLITE_UTF8, NULL, fn_current_setting,
                                   NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "current_setting", 2, SQLITE_UTF8, NULL, fn_current_setting,
                                   NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "set_config", 3, SQLITE_UTF8, NULL, fn_set_config, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_setting", 2, SQLITE_UTF8, NULL, fn_lg_setting, NULL,
                                   NULL, NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
