/* exec_advisory.c - PostgreSQL advisory locks (pg_advisory_lock and family) and the
 * worker's "current job" through which SQL functions learn which session called them.
 *
 * The lock table is process-wide (every session and connection shares it), guarded by one
 * mutex. A hold is (owner session, key space, key) with four counters: session-level and
 * transaction-level, exclusive and shared. Holds of one owner never conflict with each
 * other; an exclusive request conflicts with any hold of another owner, a shared request
 * with another owner's exclusive holds. Key spaces keep pg_advisory_lock(bigint) apart
 * from pg_advisory_lock(int, int), as in PostgreSQL.
 *
 * A blocking request waits on the worker running the statement (never on the loop): it
 * wakes at every release and every 50 ms to check its session's cancel flag (CancelRequest,
 * statement_timeout -> 57014) and its lock_timeout (55P03); after deadlock_timeout (1 s,
 * PostgreSQL's default) it looks for a cycle of sessions waiting on each other's advisory
 * locks and fails with 40P01 if there is one (waits for the writer lease are not part of
 * that graph: they end by lock_timeout). Transaction-level holds are
 * released by the loop at the end of the transaction (or of an autocommit statement), all
 * holds when the session closes.
 *
 * exec__current_set also gives the thread the job's DateStyle / IntervalStyle, which
 * date/time parsing and printing follow (pgtype_style.h). */
#include "exec_int.h"
#include "lg_alloc.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct adv_hold {
    const exec_session_t *owner;
    int space; /* 1: one bigint key, 2: two int keys */
    int64_t key;
    int sess_x, sess_s, xact_x, xact_s;
    struct adv_hold *next;
} adv_hold_t;

typedef struct adv_req {
    int space;
    int64_t key;
    bool shared, xact;
} adv_req_t;

/* A session blocked in pg_advisory_lock (each session waits for one lock at most). */
typedef struct adv_wait {
    const exec_session_t *owner;
    adv_req_t req;
    struct adv_wait *next;
} adv_wait_t;

#define DEADLOCK_TIMEOUT_MS 1000
#define DEADLOCK_DEPTH 64

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static adv_hold_t *g_holds;
static adv_wait_t *g_waits;

static _Thread_local exec_job_t *t_job;

void exec__current_set(exec_job_t *job)
{
    static const pgstyle_t k_default = {PGSTYLE_ISO, PGSTYLE_MDY, PGSTYLE_IV_POSTGRES};
    t_job = job;
    pgstyle_set(job ? &job->style : &k_default);
}

exec_job_t *exec__current(void)
{
    return t_job;
}

/* ---- lock table (caller holds g_mu) ---- */

static adv_hold_t *hold_find(const exec_session_t *owner, int space, int64_t key)
{
    for (adv_hold_t *h = g_holds; h; h = h->next)
        if (h->owner == owner && h->space == space && h->key == key)
            return h;
    return NULL;
}

static adv_hold_t *hold_get(const exec_session_t *owner, int space, int64_t key)
{
    adv_hold_t *h = hold_find(owner, space, key);
    if (h)
        return h;
    h = lg_xcalloc(1, sizeof(*h));
    h->owner = owner;
    h->space = space;
    h->key = key;
    h->next = g_holds;
    g_holds = h;
    return h;
}

/* Whether hold h (of another owner than requester) blocks request r. */
static bool blocks(const adv_hold_t *h, const exec_session_t *requester, const adv_req_t *r)
{
    if (h->owner == requester || h->space != r->space || h->key != r->key)
        return false;
    return h->sess_x + h->xact_x > 0 || (!r->shared && h->sess_s + h->xact_s > 0);
}

static bool conflicts(const exec_session_t *owner, int space, int64_t key, bool shared)
{
    adv_req_t r = {.space = space, .key = key, .shared = shared};
    for (adv_hold_t *h = g_holds; h; h = h->next)
        if (blocks(h, owner, &r))
            return true;
    return false;
}

/* Whether session x, through the locks it waits for, waits (transitively) on me. */
static bool waits_on(const exec_session_t *x, const exec_session_t *me, int depth)
{
    const adv_wait_t *w = g_waits;
    while (w && w->owner != x)
        w = w->next;
    if (!w || depth <= 0)
        return false;
    for (const adv_hold_t *h = g_holds; h; h = h->next)
        if (blocks(h, x, &w->req) && (h->owner == me || waits_on(h->owner, me, depth - 1)))
            return true;
    return false;
}

static void prune(void)
{
    for (adv_hold_t **pp = &g_holds; *pp;) {
        adv_hold_t *h = *pp;
        if (h->sess_x + h->sess_s + h->xact_x + h->xact_s == 0) {
            *pp = h->next;
            free(h);
        } else {
            pp = &h->next;
        }
    }
}

/* ---- SQL functions (worker) ---- */

static void result_error(sqlite3_context *ctx, const char *sqlstate, const char *msg)
{
    char m[256];
    snprintf(m, sizeof(m), "%.5s:%s", sqlstate, msg);
    sqlite3_result_error(ctx, m, -1);
}

/* Reads the key arguments; false (result left NULL) when one is NULL. */
static bool read_key(int argc, sqlite3_value **argv, adv_req_t *r)
{
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return false;
    if (argc == 1) {
        r->space = 1;
        r->key = sqlite3_value_int64(argv[0]);
    } else {
        r->space = 2;
        uint64_t hi = (uint32_t)sqlite3_value_int(argv[0]);
        uint64_t lo = (uint32_t)sqlite3_value_int(argv[1]);
        r->key = (int64_t)((hi << 32) | lo);
    }
    return true;
}

static void grant(const exec_session_t *owner, const adv_req_t *r)
{
    adv_hold_t *h = hold_get(owner, r->space, r->key);
    if (r->xact)
        *(r->shared ? &h->xact_s : &h->xact_x) += 1;
    else
        *(r->shared ? &h->sess_s : &h->sess_x) += 1;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static const char *wait_loop(const exec_job_t *job, const adv_req_t *r)
{
    uint64_t start = now_ms(), limit = job->lock_timeout_ms;
    while (conflicts(job->es, r->space, r->key, r->shared)) {
        if (atomic_load(job->cancel))
            return LG_SQLSTATE_QUERY_CANCELED;
        uint64_t waited = now_ms() - start;
        if (limit && waited >= limit)
            return LG_SQLSTATE_LOCK_NOT_AVAILABLE;
        if (waited >= DEADLOCK_TIMEOUT_MS && waits_on(job->es, job->es, DEADLOCK_DEPTH))
            return LG_SQLSTATE_DEADLOCK_DETECTED;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g_cv, &g_mu, &ts);
    }
    return NULL;
}

/* Waits (g_mu held) until the request is grantable; NULL, or the SQLSTATE of the failure.
 * While it waits the request is in g_waits, for the deadlock check. */
static const char *wait_grantable(const exec_job_t *job, const adv_req_t *r)
{
    adv_wait_t self = {.owner = job->es, .req = *r, .next = g_waits};
    g_waits = &self;
    const char *fail = wait_loop(job, r);
    adv_wait_t **pp = &g_waits;
    while (*pp != &self)
        pp = &(*pp)->next;
    *pp = self.next;
    return fail;
}

static const char *fail_message(const char *sqlstate)
{
    if (strcmp(sqlstate, LG_SQLSTATE_LOCK_NOT_AVAILABLE) == 0)
        return "canceling statement due to lock timeout";
    if (strcmp(sqlstate, LG_SQLSTATE_DEADLOCK_DETECTED) == 0)
        return "deadlock detected";
    return "canceling statement due to user request";
}

static void fn_lock(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool shared, bool xact,
                    bool try_only)
{
    exec_job_t *job = t_job;
    adv_req_t r = {.shared = shared, .xact = xact};
    if (!read_key(argc, argv, &r))
        return;
    if (!job) {
        result_error(ctx, LG_SQLSTATE_INTERNAL_ERROR, "advisory locks need a session");
        return;
    }
    pthread_mutex_lock(&g_mu);
    const char *fail = NULL;
    bool got = true;
    if (try_only)
        got = !conflicts(job->es, r.space, r.key, shared);
    else
        fail = wait_grantable(job, &r);
    if (!fail && got) {
        grant(job->es, &r);
        job->es->adv_held = true;
        job->es->adv_xact_held |= xact;
    }
    pthread_mutex_unlock(&g_mu);
    if (fail)
        result_error(ctx, fail, fail_message(fail));
    else if (try_only)
        sqlite3_result_int(ctx, got);
    else
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

static void fn_unlock(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool shared)
{
    exec_job_t *job = t_job;
    adv_req_t r = {.shared = shared};
    if (!read_key(argc, argv, &r) || !job)
        return;
    pthread_mutex_lock(&g_mu);
    adv_hold_t *h = hold_find(job->es, r.space, r.key);
    int *cnt = h ? (shared ? &h->sess_s : &h->sess_x) : NULL;
    bool ok = cnt && *cnt > 0;
    if (ok) {
        (*cnt)--;
        prune();
        pthread_cond_broadcast(&g_cv);
    }
    pthread_mutex_unlock(&g_mu);
    if (!ok)
        exec__client_notice("WARNING", "01000",
                            shared ? "you don't own a lock of type ShareLock"
                                   : "you don't own a lock of type ExclusiveLock",
                            NULL);
    sqlite3_result_int(ctx, ok);
}

#define LOCK_FN(fname, sh, xa, tr)                                                                 \
    static void fname(sqlite3_context *ctx, int argc, sqlite3_value **argv)                        \
    {                                                                                              \
        fn_lock(ctx, argc, argv, sh, xa, tr);                                                      \
    }
LOCK_FN(fn_adv_lock, false, false, false)
LOCK_FN(fn_adv_lock_shared, true, false, false)
LOCK_FN(fn_adv_xact_lock, false, true, false)
LOCK_FN(fn_adv_xact_lock_shared, true, true, false)
LOCK_FN(fn_try_adv_lock, false, false, true)
LOCK_FN(fn_try_adv_lock_shared, true, false, true)
LOCK_FN(fn_try_adv_xact_lock, false, true, true)
LOCK_FN(fn_try_adv_xact_lock_shared, true, true, true)

static void fn_adv_unlock(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    fn_unlock(ctx, argc, argv, false);
}

static void fn_adv_unlock_shared(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    fn_unlock(ctx, argc, argv, true);
}

static void fn_adv_unlock_all(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    if (t_job)
        exec__advisory_release(t_job->es, false);
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

void exec__advisory_release(exec_session_t *owner, bool xact_only)
{
    if (!owner->adv_held || (xact_only && !owner->adv_xact_held))
        return; /* the common case: no global lock taken */
    owner->adv_xact_held = false;
    if (!xact_only)
        owner->adv_held = false;
    pthread_mutex_lock(&g_mu);
    bool any = false;
    for (adv_hold_t *h = g_holds; h; h = h->next) {
        if (h->owner != owner)
            continue;
        any = any || h->xact_x || h->xact_s || (!xact_only && (h->sess_x || h->sess_s));
        h->xact_x = h->xact_s = 0;
        if (!xact_only)
            h->sess_x = h->sess_s = 0;
    }
    if (any) {
        prune();
        pthread_cond_broadcast(&g_cv);
    }
    pthread_mutex_unlock(&g_mu);
}

static const struct {
    const char *name;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
} k_fns[] = {
    {"pg_advisory_lock", fn_adv_lock},
    {"pg_advisory_lock_shared", fn_adv_lock_shared},
    {"pg_advisory_xact_lock", fn_adv_xact_lock},
    {"pg_advisory_xact_lock_shared", fn_adv_xact_lock_shared},
    {"pg_try_advisory_lock", fn_try_adv_lock},
    {"pg_try_advisory_lock_shared", fn_try_adv_lock_shared},
    {"pg_try_advisory_xact_lock", fn_try_adv_xact_lock},
    {"pg_try_advisory_xact_lock_shared", fn_try_adv_xact_lock_shared},
    {"pg_advisory_unlock", fn_adv_unlock},
    {"pg_advisory_unlock_shared", fn_adv_unlock_shared},
};

/* One pg_locks row (advisory) as JSON: a bigint key shows as classid = high half, objid =
 * low half, objsubid 1; two int keys as classid, objid, objsubid 2 (PostgreSQL's layout). */
static void lock_row(sqlite3_str *out, bool *first, int pid, int space, int64_t key,
                     const char *mode, bool granted)
{
    uint64_t k = (uint64_t)key;
    uint32_t cls = space == 1 ? (uint32_t)(k >> 32) : (uint32_t)(int32_t)(key >> 32);
    uint32_t obj = (uint32_t)(k & 0xffffffffu);
    sqlite3_str_appendf(out,
                        "%s{\"pid\":%d,\"classid\":%u,\"objid\":%u,\"objsubid\":%d,"
                        "\"mode\":\"%s\",\"granted\":%d}",
                        *first ? "" : ",", pid, cls, obj, space == 1 ? 1 : 2, mode, granted);
    *first = false;
}

/* lg_advisory_json(): the advisory locks held and awaited, for pg_locks. */
static void fn_advisory_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    sqlite3_str *out = sqlite3_str_new(NULL);
    bool first = true;
    sqlite3_str_appendchar(out, 1, '[');
    pthread_mutex_lock(&g_mu);
    for (const adv_hold_t *h = g_holds; h; h = h->next) {
        int pid = (int)h->owner->settings.backend_pid;
        if (h->sess_x + h->xact_x > 0)
            lock_row(out, &first, pid, h->space, h->key, "ExclusiveLock", true);
        if (h->sess_s + h->xact_s > 0)
            lock_row(out, &first, pid, h->space, h->key, "ShareLock", true);
    }
    for (const adv_wait_t *w = g_waits; w; w = w->next)
        lock_row(out, &first, (int)w->owner->settings.backend_pid, w->req.space, w->req.key,
                 w->req.shared ? "ShareLock" : "ExclusiveLock", false);
    pthread_mutex_unlock(&g_mu);
    sqlite3_str_appendchar(out, 1, ']');
    int len = sqlite3_str_length(out);
    char *r = sqlite3_str_finish(out);
    if (!r) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, r, len, sqlite3_free);
}

int exec__advisory_register(sqlite3 *db)
{
    if (sqlite3_create_function_v2(db, "lg_advisory_json", 0, SQLITE_UTF8, NULL, fn_advisory_json,
                                   NULL, NULL, NULL) != SQLITE_OK)
        return LG_EINVAL;
    for (size_t i = 0; i < sizeof(k_fns) / sizeof(k_fns[0]); i++)
        for (int nargs = 1; nargs <= 2; nargs++)
            if (sqlite3_create_function_v2(db, k_fns[i].name, nargs, SQLITE_UTF8, NULL, k_fns[i].fn,
                                           NULL, NULL, NULL) != SQLITE_OK)
                return LG_EINVAL;
    if (sqlite3_create_function_v2(db, "pg_advisory_unlock_all", 0, SQLITE_UTF8, NULL,
                                   fn_adv_unlock_all, NULL, NULL, NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}

void exec_session_unlock_all(exec_session_t *es)
{
    exec__advisory_release(es, false);
}
