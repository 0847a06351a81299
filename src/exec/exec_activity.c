/* exec_activity.c - the sessions pg_stat_activity lists: one record per client session
 * (its BackendKeyData pid, user, database, application_name, start time), kept by the loop
 * in exec_t under act_mu and read by workers through the SQL function lg_sessions_json(),
 * which the catalog's pg_stat_activity reads: a JSON array of
 *   {"pid":1,"user":"app","db":"app","app":"psql","start":"2026-11-22 05:00:00.1+00","self":1}
 * ("self" marks the session running the statement). Records are added when a session's
 * settings first arrive (startup) and updated on later changes (SET application_name), and
 * removed when the session closes. The session layer reports each statement's start
 * (state active, its text) and ReadyForQuery (idle / idle in transaction [(aborted)])
 * through exec_session_set_state; the asking session is always active. */
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

static int64_t now_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* usec since the Unix epoch -> timestamptz storage text ("" for 0). */
static void format_usec(int64_t us, char *out, size_t cap)
{
    if (us <= 0) {
        out[0] = '\0';
        return;
    }
    time_t sec = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&sec, &tm);
    char base[32];
    strftime(base, sizeof(base), "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out, cap, "%.19s.%06d+00", base, (int)(us % 1000000));
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

void exec_session_set_state(exec_session_t *es, int state, const char *query, size_t len)
{
    exec_t *ex = es->ex;
    uv_mutex_lock(&ex->act_mu);
    int i = find(ex, es);
    if (i >= 0) {
        exec_activity_t *a = &ex->acts[i];
        int64_t now = now_usec();
        if (a->state != state)
            a->state_change = now;
        a->state = state;
        if (query) {
            size_t n = len < sizeof(a->query) - 1 ? len : sizeof(a->query) - 1;
            memcpy(a->query, query, n);
            a->query[n] = '\0';
            a->query_start = now;
        }
    }
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
        static const char *const states[] = {"idle", "active", "idle in transaction",
                                             "idle in transaction (aborted)"};
        bool me = a->es == self;
        int st = me ? EXEC_STATE_ACTIVE : a->state;
        sqlite3_str_appendall(out, ",\"state\":");
        json_str(out, states[st >= 0 && st < 4 ? st : 0]);
        char ts[40];
        format_usec(a->query_start, ts, sizeof(ts));
        sqlite3_str_appendall(out, ",\"query_start\":");
        json_str(out, ts);
        format_usec(a->state_change, ts, sizeof(ts));
        sqlite3_str_appendall(out, ",\"state_change\":");
        json_str(out, ts);
        sqlite3_str_appendall(out, ",\"query\":");
        json_str(out, a->query);
        sqlite3_str_appendf(out, ",\"self\":%d}", me);
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
