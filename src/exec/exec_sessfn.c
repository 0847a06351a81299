/* exec_sessfn.c - SQL functions that need the session running the statement, registered on
 * every connection after sqlfn's (they replace sqlfn's session-less versions):
 *   pg_backend_pid()  the process id the client got in BackendKeyData (session.c), so that
 *                     it matches pg_stat_activity.pid and NOTIFY's sender pid
 *   pg_sleep(seconds) sleeps in short slices and stops when the statement is cancelled
 *                     (CancelRequest, statement_timeout): SQLITE_INTERRUPT, which the engine
 *                     reports as 57014 with the cancel's own message
 *   pg_cancel_backend(pid) / pg_terminate_backend(pid [, timeout])  true when a client
 *                     session has that pid (pg_stat_activity's); the request is carried out
 *                     on the loop when the statement finished (session.c), as PostgreSQL
 *                     signals the process
 *   pg_notification_queue_usage()  0: notifications go to the listening sessions when the
 *                     sender commits (exec_notify.c); no queue holds them
 * Worker thread: the job being run is exec__current(). */
#include "exec_int.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#define SLEEP_SLICE_NS 10000000L /* 10 ms: how late a cancel may be noticed */
#define SLEEP_MAX_S 3600.0       /* per call, as sqlfn's */

static void fn_backend_pid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    exec_job_t *job = exec__current();
    int32_t pid = job && job->es ? job->es->settings.backend_pid : 0;
    sqlite3_result_int64(ctx, pid > 0 ? pid : (sqlite3_int64)getpid());
}

static bool cancelled(const exec_job_t *job)
{
    return job && job->cancel && atomic_load(job->cancel) != 0;
}

static void fn_pg_sleep(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    double s = sqlite3_value_double(argv[0]);
    exec_job_t *job = exec__current();
    long long left_ns = s > 0 ? (long long)(fmin(s, SLEEP_MAX_S) * 1e9) : 0;
    while (left_ns > 0) {
        if (cancelled(job)) {
            sqlite3_result_error_code(ctx, SQLITE_INTERRUPT);
            return;
        }
        long slice = left_ns < SLEEP_SLICE_NS ? (long)left_ns : SLEEP_SLICE_NS;
        struct timespec ts = {0, slice};
        nanosleep(&ts, NULL);
        left_ns -= slice;
    }
    if (cancelled(job)) {
        sqlite3_result_error_code(ctx, SQLITE_INTERRUPT);
        return;
    }
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC); /* void prints as an empty string */
}

static void signal_backend(sqlite3_context *ctx, sqlite3_value **argv, bool terminate)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    exec_job_t *job = exec__current();
    sqlite3_int64 pid = sqlite3_value_int64(argv[0]);
    if (!job || !job->es || pid <= 0 || pid > INT32_MAX ||
        !exec__activity_has_pid(job->es->ex, (int32_t)pid)) {
        sqlite3_result_int(ctx, 0); /* PostgreSQL warns "PID n is not a PostgreSQL backend" */
        return;
    }
    exec_session_t *es = job->es;
    if (es->nsig < EXEC_MAX_SIGNALS) {
        es->sig_pid[es->nsig] = (int32_t)pid;
        es->sig_term[es->nsig] = terminate;
        es->nsig++;
    }
    sqlite3_result_int(ctx, 1);
}

static void fn_cancel_backend(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    signal_backend(ctx, argv, false);
}

static void fn_terminate_backend(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    signal_backend(ctx, argv, true);
}

size_t exec_session_take_signals(exec_session_t *es, exec_signal_cb cb, void *arg)
{
    int n = es->nsig;
    int32_t pid[EXEC_MAX_SIGNALS];
    bool term[EXEC_MAX_SIGNALS];
    memcpy(pid, es->sig_pid, sizeof(pid));
    memcpy(term, es->sig_term, sizeof(term));
    es->nsig = 0;
    for (int i = 0; i < n; i++)
        cb(arg, pid[i], term[i]);
    return (size_t)n;
}

static void fn_notification_queue_usage(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_double(ctx, 0.0);
}

int exec__sessfn_register(sqlite3 *db)
{
    static const struct {
        const char *name;
        int nargs;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } k[] = {{"pg_cancel_backend", 1, fn_cancel_backend},
             {"pg_terminate_backend", 1, fn_terminate_backend},
             {"pg_terminate_backend", 2, fn_terminate_backend},
             {"pg_notification_queue_usage", 0, fn_notification_queue_usage}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (sqlite3_create_function_v2(db, k[i].name, k[i].nargs, SQLITE_UTF8, NULL, k[i].fn, NULL,
                                       NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    if (sqlite3_create_function_v2(db, "pg_backend_pid", 0, SQLITE_UTF8, NULL, fn_backend_pid, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "pg_sleep", 1, SQLITE_UTF8, NULL, fn_pg_sleep, NULL, NULL,
                                   NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
