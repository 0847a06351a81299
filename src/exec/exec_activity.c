/* exec_activity.c - the sessions pg_stat_activity lists: one record per client session
 * (its BackendKeyData pid, user, database, application_name, start time), kept by the loop
 * in exec_t under act_mu and read by workers through the SQL function lg_sessions_json(),
 * which the catalog's pg_stat_activity reads: a JSON array of
 *   {"pid":1,"user":"app","db":"app","app":"psql","start":"2026-11-22 05:00:00.1+00","self":1}
 * ("self" marks the session running the statement). Records are added when a session's
 * settings first arrive (startup) and updated on later changes (SET application_name), and
 * removed when the session closes. state is 'active' for the asking session and 'idle' for
 * the others (their statements' progress is not shared across threads). */
#include "exec_int.h"
#include "lg_alloc.h"
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void format_now(char *out, size_t cap)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char base[32];
    strftime(base, sizeof(base), "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out, cap, "%.19s.%06d+00", base, (int)(ts.tv_nsec / 1000));
}

static int find(const exec_t *ex, const exec_session_t *es)
{
    for (int i = 0; i < ex->nacts; i++)
        if (ex->acts[i].es == es)
            return i;
    return -1;
}

void exec__activity_set(exec_session_t *es)
{
    exec_t *ex = es->ex;
    if (es->settings.backend_pid <= 0 || es->closing)
        return; /* not a client session (the checkpointing one), or one going away */
    uv_mutex_lock(&ex->act_mu);
    int i = find(ex, es);
    if (i < 0) {
        if (ex->nacts == ex->cap_acts) {
            ex->cap_acts = ex->cap_acts ? ex->cap_acts * 2 : 16;
            ex->acts = lg_xrealloc(ex->acts, (size_t)ex->cap_acts * sizeof(*ex->acts));
        }
        i = ex->nacts++;
        memset(&ex->acts[i], 0, sizeof(ex->acts[i]));
        ex->acts[i].es = es;
        format_now(ex->acts[i].start, sizeof(ex->acts[i].start));
    }
    exec_activity_t *a = &ex->acts[i];
    a->pid = es->settings.backend_pid;
    snprintf(a->user, sizeof(a->user), "%s", es->settings.user);
    snprintf(a->db, sizeof(a->db), "%s", es->settings.database);
    snprintf(a->app, sizeof(a->app), "%s", es->settings.application_name);
    uv_mutex_unlock(&ex->act_mu);
}

void exec__activity_remove(exec_session_t *es)
{
    exec_t *ex = es->ex;
    uv_mutex_lock(&ex->act_mu);
    int i = find(ex, es);
    if (i >= 0)
        ex->acts[i] = ex->acts[--ex->nacts];
    uv_mutex_unlock(&ex->act_mu);
}

/* s as a JSON string literal. */
static void json_str(sqlite3_str *out, const char *s)
{
    sqlite3_str_appendchar(out, 1, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            sqlite3_str_appendf(out, "\\%c", ch);
        else if (ch < 0x20)
            sqlite3_str_appendf(out, "\\u%04x", ch);
        else
            sqlite3_str_appendchar(out, 1, (char)ch);
    }
    sqlite3_str_appendchar(out, 1, '"');
}

static void fn_sessions_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    exec_t *ex = sqlite3_user_data(ctx);
    exec_job_t *job = exec__current();
    const exec_session_t *self = job ? job->es : NULL;
    sqlite3_str *out = sqlite3_str_new(NULL);
    sqlite3_str_appendchar(out, 1, '[');
    uv_mutex_lock(&ex->act_mu);
    for (int i = 0; i < ex->nacts; i++) {
        const exec_activity_t *a = &ex->acts[i];
        sqlite3_str_appendf(out, "%s{\"pid\":%d,\"user\":", i ? "," : "", (int)a->pid);
        json_str(out, a->user);
        sqlite3_str_appendall(out, ",\"db\":");
        json_str(out, a->db);
        sqlite3_str_appendall(out, ",\"app\":");
        json_str(out, a->app);
        sqlite3_str_appendall(out, ",\"start\":");
        json_str(out, a->start);
        sqlite3_str_appendf(out, ",\"self\":%d}", a->es == self);
    }
    uv_mutex_unlock(&ex->act_mu);
    sqlite3_str_appendchar(out, 1, ']');
    int len = sqlite3_str_length(out);
    char *r = sqlite3_str_finish(out);
    if (!r) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, r, len, sqlite3_free);
}

int exec__activity_register(sqlite3 *db, exec_t *ex)
{
    return sqlite3_create_function_v2(db, "lg_sessions_json", 0, SQLITE_UTF8, ex, fn_sessions_json,
                                      NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}
