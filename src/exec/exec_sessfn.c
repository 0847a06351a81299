/* exec_sessfn.c - SQL functions that need the session running the statement, registered on
 * every connection after sqlfn's (they replace sqlfn's session-less versions):
 *   pg_backend_pid()  the process id the client got in BackendKeyData (session.c), so that
 *                     it matches pg_stat_activity.pid and NOTIFY's sender pid
 *   pg_sleep(seconds) sleeps in short slices and stops when the statement is cancelled
 *                     (CancelRequest, statement_timeout): SQLITE_INTERRUPT, which the engine
 *                     reports as 57014 with the cancel's own message
 * Worker thread: the job being run is exec__current(). */
#include "exec_int.h"
#include <math.h>
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

int exec__sessfn_register(sqlite3 *db)
{
    if (sqlite3_create_function_v2(db, "pg_backend_pid", 0, SQLITE_UTF8, NULL, fn_backend_pid, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "pg_sleep", 1, SQLITE_UTF8, NULL, fn_pg_sleep, NULL, NULL,
                                   NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
