/* exec_activity.c - the sessions pg_stat_activity lists: one record per client session
 * (its BackendKeyData pid, user, database, application_name, start time), kept by the loop
 * in exec_t under act_mu (each session knows its record's index, so a statement's report
 * costs no search) and read by workers through the SQL function lg_sessions_json(),
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

void exec__activity_set(exec_session_t *es)
{
    exec_t *ex = es->ex;
    if (es->settings.backend_pid <= 0 || es->closing)
        return; /* not a client session (the checkpointing one), or one going away */
    uv_mutex_lock(&ex->act_mu);
    if (es->act_idx < 0) {
        if (ex->nacts == ex->cap_acts) {
            ex->cap_acts = ex->cap_acts ? ex->cap_acts * 2 : 16;
            ex->acts = lg_xrealloc(ex->acts, (size_t)ex->cap_acts * sizeof(*ex->acts));
        }
        es->act_idx = ex->nacts++;
        memset(&ex->acts[es->act_idx], 0, sizeof(ex->acts[es->act_idx]));
        ex->acts[es->act_idx].es = es;
        ex->acts[es->act_idx].start = now_usec();
    }
    exec_activity_t *a = &ex->acts[es->act_idx];
    a->pid = es->settings.backend_pid;
    snprintf(a->user, sizeof(a->user), "%s", es->settings.user);
    snprintf(a->db, sizeof(a->db), "%s", es->settings.database);
    snprintf(a->app, sizeof(a->app), "%s", es->settings.application_name);
    uv_mutex_unlock(&ex->act_mu);
}

void exec_session_set_state(exec_session_t *es, int state, const char *query, size_t len)
{
    if (es->act_idx < 0)
        return;
    exec_t *ex = es->ex;
    uv_mutex_lock(&ex->act_mu);
    exec_activity_t *a = &ex->acts[es->act_idx];
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
    uv_mutex_unlock(&ex->act_mu);
}

void exec__activity_remove(exec_session_t *es)
{
    int i = es->act_idx;
    if (i < 0)
        return;
    exec_t *ex = es->ex;
    uv_mutex_lock(&ex->act_mu);
    ex->acts[i] = ex->acts[--ex->nacts];
    if (i < ex->nacts)
        ex->acts[i].es->act_idx = i; /* the last record moved into the hole */
    es->act_idx = -1;
    uv_mutex_unlock(&ex->act_mu);
}

bool exec__activity_has_pid(exec_t *ex, int32_t pid)
{
    bool found = false;
    uv_mutex_lock(&ex->act_mu);
    for (int i = 0; i < ex->nacts && !found; i++)
        found = ex->acts[i].pid == pid;
    uv_mutex_unlock(&ex->act_mu);
    return found;
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

/* ,"name":"value" */
static void json_field(sqlite3_str *out, const char *name, const char *value)
{
    sqlite3_str_appendf(out, ",\"%s\":", name);
    json_str(out, value);
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
    static const char *const states[] = {"idle", "active", "idle in transaction",
                                         "idle in transaction (aborted)"};
    for (int i = 0; i < ex->nacts; i++) {
        const exec_activity_t *a = &ex->acts[i];
        bool me = a->es == self;
        int st = me ? EXEC_STATE_ACTIVE : a->state;
        char start[40], qstart[40], change[40];
        format_usec(a->start, start, sizeof(start));
        format_usec(a->query_start, qstart, sizeof(qstart));
        format_usec(a->state_change, change, sizeof(change));
        sqlite3_str_appendf(out, "%s{\"pid\":%d", i ? "," : "", (int)a->pid);
        json_field(out, "user", a->user);
        json_field(out, "db", a->db);
        json_field(out, "app", a->app);
        json_field(out, "start", start);
        json_field(out, "state", states[st >= 0 && st < 4 ? st : 0]);
        json_field(out, "query_start", qstart);
        json_field(out, "state_change", change);
        json_field(out, "query", a->query);
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
