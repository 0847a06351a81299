/* test_repl.c - the replicator and restore end to end against a real S3 server: a SQLite
 * database written in batches, shipped (snapshot, segments, a WAL restart after a
 * checkpoint), then restored to the latest state and to a point in time; overwrite
 * refusal; a corrupted segment; wrong credentials. */
#include <curl/curl.h>
#include <pthread.h>
#include <sys/time.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "repl.h"
#include "repl_layout.h"
#include "repl_restore.h"
#include "repl_s3server.h"
#include "repl_testutil.h"

static void setup(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

TestSuite(repl, .init = setup, .timeout = 90);

static uint64_t wall_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (uint64_t)tv.tv_sec * 1000u + (uint64_t)tv.tv_usec / 1000u;
}

typedef struct run {
    tdb_t t;
    uv_loop_t loop;
    repl_t *r;
    int shipped;
    int checkpoints;
    uint64_t gen_first;
    uint64_t gen_last;
    uint64_t t_after_b;
    int closed;
    char prefix[128];
} run_t;

static void on_may_checkpoint(void *ctx, uint32_t seq, uint32_t frame)
{
    run_t *x = ctx;
    (void)seq;
    if ((uint32_t)x->t.frames != frame)
        return; /* the WAL grew since: not everything is shipped */
    int logn = 0, ck = 0;
    cr_assert_eq(sqlite3_wal_checkpoint_v2(x->t.db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &logn, &ck),
                 SQLITE_OK);
    x->t.frames = 0;
    x->checkpoints++;
}

static void on_repl_closed(void *arg)
{
    ((run_t *)arg)->closed = 1;
}

static void on_shipped(void *ctx, const repl_stats_t *st)
{
    run_t *x = ctx;
    x->shipped++;
    x->gen_last = st->generation;
    if (x->shipped == 1) { /* the first snapshot, holding batch A */
        x->gen_first = st->generation;
        tdb_insert(&x->t, 100, 200);
    } else if (x->shipped == 2) { /* batch B is in S3 and was checkpointed away */
        usleep(30000);
        x->t_after_b = wall_ms();
        usleep(30000);
        tdb_insert(&x->t, 200, 300); /* a new WAL epoch */
    } else if (x->shipped == 3) {
        repl_close(x->r, on_repl_closed, x);
    }
}

static repl_config_t make_cfg(run_t *x, const char *bucket)
{
    repl_config_t c;
    memset(&c, 0, sizeof c);
    snprintf(c.db_path, sizeof c.db_path, "%s", x->t.path);
    c.s3 = s3test_cfg(bucket);
    snprintf(c.prefix, sizeof c.prefix, "%s", x->prefix);
    c.sync_interval_ms = 50;
    return c;
}

static void replicate_three_batches(run_t *x)
{
    memset(x, 0, sizeof *x);
    snprintf(x->prefix, sizeof x->prefix, "e2e/%d-%llu", getpid(), (unsigned long long)uv_hrtime());
    tdb_open(&x->t, 4096);
    tdb_insert(&x->t, 0, 100);
    cr_assert_eq(uv_loop_init(&x->loop), 0);
    repl_config_t cfg = make_cfg(x, "walbkt");
    repl_hooks_t hooks = {.ctx = x, .may_checkpoint = on_may_checkpoint, .on_shipped = on_shipped};
    x->r = repl_new(&x->loop, &cfg, &hooks);
    cr_assert_not_null(x->r);
    cr_assert_eq(repl_start(x->r), 0);
    uv_run(&x->loop, UV_RUN_DEFAULT);
    cr_assert_eq(x->closed, 1);
    cr_assert_eq(uv_loop_close(&x->loop), 0);
    cr_assert_eq(x->shipped, 3);
    cr_assert_geq(x->checkpoints, 1, "the writer was allowed to checkpoint");
    cr_assert_eq(x->gen_last, x->gen_first,
                 "a WAL restart after a permitted checkpoint keeps "
                 "the generation");
}

static repl_restore_opts_t restore_opts(run_t *x, const char *name)
{
    repl_restore_opts_t o;
    memset(&o, 0, sizeof o);
    o.s3 = s3test_cfg("walbkt");
    snprintf(o.prefix, sizeof o.prefix, "%s", x->prefix);
    snprintf(o.out_path, sizeof o.out_path, "%s/%s", x->t.dir, name);
    return o;
}

Test(repl, ships_and_restores_latest_and_point_in_time)
{
    run_t x;
    replicate_three_batches(&x);
    char err[1024] = "";
    repl_restore_info_t info;
    repl_restore_opts_t o = restore_opts(&x, "latest.db");
    cr_assert_eq(repl_restore_run(&o, &info, err, sizeof err), 0, "%s", err);
    long long cnt, sum;
    db_stats(o.out_path, &cnt, &sum);
    cr_assert_eq(cnt, 300);
    cr_assert_eq(sum, 299 * 300 / 2);
    cr_assert_eq(info.generation, x.gen_first);
    cr_assert_eq(info.segments, 2);

    repl_restore_opts_t p = restore_opts(&x, "pitr.db");
    p.target_ms = x.t_after_b;
    cr_assert_eq(repl_restore_run(&p, &info, err, sizeof err), 0, "%s", err);
    db_stats(p.out_path, &cnt, &sum);
    cr_assert_eq(cnt, 200, "exactly batches A and B");
    cr_assert_eq(info.segments, 1);

    repl_gen_info_t *gens;
    size_t ngens;
    cr_assert_eq(repl_restore_generations(&p, &gens, &ngens, err, sizeof err), 0, "%s", err);
    cr_assert_eq(ngens, 1);
    cr_assert_eq(gens[0].generation, x.gen_first);
    cr_assert_eq(gens[0].snapshots, 1);
    cr_assert_eq(gens[0].segments, 2);
    free(gens);

    p.target_ms = repl_generation_time_ms(x.gen_first) - 1000;
    cr_assert_eq(repl_restore_run(&p, &info, err, sizeof err), LG_EINVAL, "pitr.db exists");
    p.force = true;
    cr_assert_eq(repl_restore_run(&p, &info, err, sizeof err), LG_ENOTFOUND);
    cr_assert(strstr(err, "no snapshot") != NULL, "%s", err);
    p.target_ms = 0;
    cr_assert_eq(repl_restore_run(&p, &info, err, sizeof err), 0, "%s", err);
    db_stats(p.out_path, &cnt, &sum);
    cr_assert_eq(cnt, 300, "--force replaced the file");
    tdb_close(&x.t);
}

typedef struct call {
    int done;
    int rc;
    uint8_t *body;
    size_t len;
} call_t;

static void on_call(void *arg, const repl_s3_result_t *res)
{
    call_t *c = arg;
    c->done = 1;
    c->rc = res->rc;
    if (res->body != NULL) {
        c->body = lg_xmemdup(res->body, res->body_len);
        c->len = res->body_len;
    }
}

Test(repl, corrupt_segment_fails_restore_and_names_it)
{
    run_t x;
    replicate_three_batches(&x);
    /* damage the second segment (position after batch B) in the bucket */
    repl_restore_info_t info;
    char err[1024] = "";
    repl_restore_opts_t o = restore_opts(&x, "ok.db");
    cr_assert_eq(repl_restore_run(&o, &info, err, sizeof err), 0, "%s", err);
    char key[512];
    /* the snapshot is at position 0, so batch B's segment is too; damage it */
    cr_assert_eq(repl_key_object(x.prefix, REPL_KEY_SEGMENT, x.gen_first, 0, key, sizeof key), 0);
    uv_loop_t loop;
    cr_assert_eq(uv_loop_init(&loop), 0);
    repl_s3_cfg_t cfg = s3test_cfg("walbkt");
    repl_s3_t *s3 = repl_s3_new(&loop, &cfg, NULL);
    call_t c = {0};
    cr_assert_eq(repl_s3_get(s3, key, on_call, &c), 0);
    while (!c.done)
        uv_run(&loop, UV_RUN_ONCE);
    cr_assert_eq(c.rc, 0);
    c.body[c.len / 2] ^= 0x01;
    uint8_t *bad = c.body;
    size_t badlen = c.len;
    c = (call_t){0};
    cr_assert_eq(repl_s3_put(s3, key, bad, badlen, NULL, on_call, &c), 0);
    while (!c.done)
        uv_run(&loop, UV_RUN_ONCE);
    cr_assert_eq(c.rc, 0);
    repl_s3_close(s3, NULL, NULL);
    uv_run(&loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&loop), 0);

    repl_restore_opts_t p = restore_opts(&x, "bad.db");
    int rc = repl_restore_run(&p, &info, err, sizeof err);
    cr_assert_eq(rc, LG_EPROTO, "%s", err);
    cr_assert(strstr(err, key) != NULL, "message names the object: %s", err);
    cr_assert_eq(access(p.out_path, F_OK), -1, "nothing left at the output path");
    tdb_close(&x.t);
}

static void on_stop(uv_timer_t *t)
{
    run_t *x = t->data;
    repl_close(x->r, on_repl_closed, x);
    uv_close((uv_handle_t *)t, NULL);
}

Test(repl, wrong_credentials_are_reported_not_fatal)
{
    run_t x;
    memset(&x, 0, sizeof x);
    snprintf(x.prefix, sizeof x.prefix, "badcreds");
    tdb_open(&x.t, 4096);
    tdb_insert(&x.t, 0, 10);
    cr_assert_eq(uv_loop_init(&x.loop), 0);
    repl_config_t cfg = make_cfg(&x, "walbkt");
    snprintf(cfg.s3.secret_key, sizeof cfg.s3.secret_key, "wrong");
    repl_hooks_t hooks = {.ctx = &x, .may_checkpoint = on_may_checkpoint};
    x.r = repl_new(&x.loop, &cfg, &hooks);
    cr_assert_eq(repl_start(x.r), 0);
    uv_timer_t stop;
    uv_timer_init(&x.loop, &stop);
    stop.data = &x;
    uv_timer_start(&stop, on_stop, 400, 0);
    repl_stats_t st;
    while (!x.closed) {
        repl_get_stats(x.r, &st);
        uv_run(&x.loop, UV_RUN_ONCE);
    }
    cr_assert_not(st.healthy);
    cr_assert_geq(st.failures, 1);
    cr_assert(strstr(st.last_error, "SignatureDoesNotMatch") != NULL, "%s", st.last_error);
    cr_assert_eq(st.generation, 0, "nothing counts as shipped");
    cr_assert_eq(x.checkpoints, 0, "no checkpoint without a confirmed upload");
    cr_assert_eq(uv_loop_close(&x.loop), 0);
    tdb_close(&x.t);
}

typedef struct churn {
    run_t *x;
    uv_timer_t tick;
    int next_row;
    int ticks;
    uint64_t deleted;
} churn_t;

static void on_churn(uv_timer_t *t)
{
    churn_t *c = t->data;
    c->ticks++;
    if (c->ticks <= 10) { /* 1 s of writes */
        tdb_insert(&c->x->t, c->next_row, c->next_row + 20);
        c->next_row += 20;
    } else if (c->ticks == 16) { /* everything shipped by now */
        repl_stats_t st;
        repl_get_stats(c->x->r, &st);
        c->deleted = st.deleted;
        repl_close(c->x->r, on_repl_closed, c->x);
        uv_close((uv_handle_t *)t, NULL);
    }
}

static void on_stats_only(void *ctx, const repl_stats_t *st)
{
    run_t *x = ctx;
    x->shipped++;
    x->gen_last = st->generation;
    cr_assert_geq(st->deleted, x->t_after_b, "deleted count went backwards");
    x->t_after_b = st->deleted; /* reused: deletions seen so far */
}

Test(repl, retention_deletes_old_generations_and_latest_still_restores)
{
    run_t x;
    memset(&x, 0, sizeof x);
    snprintf(x.prefix, sizeof x.prefix, "ret/%d-%llu", getpid(), (unsigned long long)uv_hrtime());
    tdb_open(&x.t, 4096);
    tdb_insert(&x.t, 0, 20);
    cr_assert_eq(uv_loop_init(&x.loop), 0);
    repl_config_t cfg = make_cfg(&x, "walbkt");
    cfg.snapshot_interval_ms = 200; /* a new generation every 200 ms */
    cfg.retention_ms = 1;
    cfg.retention_check_ms = 100;
    repl_hooks_t hooks = {
        .ctx = &x, .may_checkpoint = on_may_checkpoint, .on_shipped = on_stats_only};
    x.r = repl_new(&x.loop, &cfg, &hooks);
    cr_assert_eq(repl_start(x.r), 0);
    churn_t c = {.x = &x, .next_row = 20};
    uv_timer_init(&x.loop, &c.tick);
    c.tick.data = &c;
    uv_timer_start(&c.tick, on_churn, 100, 100);
    uv_run(&x.loop, UV_RUN_DEFAULT);
    cr_assert_eq(x.closed, 1);
    cr_assert_eq(uv_loop_close(&x.loop), 0);
    cr_assert_gt(c.deleted, 0, "retention deleted something");

    char err[1024] = "";
    repl_restore_info_t info;
    repl_restore_opts_t o = restore_opts(&x, "latest.db");
    cr_assert_eq(repl_restore_run(&o, &info, err, sizeof err), 0, "%s", err);
    long long cnt, sum;
    db_stats(o.out_path, &cnt, &sum);
    cr_assert_eq(cnt, c.next_row);
    cr_assert_eq(sum, (long long)(c.next_row - 1) * c.next_row / 2);
    tdb_close(&x.t);
}

typedef struct writer {
    const char *path;
    volatile int stop;
    int rows;
} writer_t;

static void *writer_main(void *arg)
{
    writer_t *w = arg;
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(w->path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_exec(db, "PRAGMA wal_autocheckpoint=0", NULL, NULL, NULL);
    while (!w->stop) {
        char sql[160];
        snprintf(sql, sizeof sql, "INSERT INTO t VALUES(%d, printf('%%0500d', %d))", w->rows,
                 w->rows);
        cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
        w->rows++;
    }
    sqlite3_close(db);
    return NULL;
}

typedef struct race {
    run_t *x;
    writer_t *w;
    pthread_t th;
    uv_timer_t tick;
    int ticks;
} race_t;

static void on_race_tick(uv_timer_t *t)
{
    race_t *r = t->data;
    if (++r->ticks == 12) { /* 1.2 s of writes racing snapshots and segments */
        r->w->stop = 1;
        pthread_join(r->th, NULL);
    } else if (r->ticks == 20) {
        repl_close(r->x->r, on_repl_closed, r->x);
        uv_close((uv_handle_t *)t, NULL);
    }
}

Test(repl, snapshots_taken_during_writes_restore_consistently)
{
    run_t x;
    memset(&x, 0, sizeof x);
    snprintf(x.prefix, sizeof x.prefix, "race/%d-%llu", getpid(), (unsigned long long)uv_hrtime());
    tdb_open(&x.t, 4096);
    tdb_exec(&x.t, "CREATE TABLE t(k INTEGER PRIMARY KEY, v TEXT)");
    cr_assert_eq(uv_loop_init(&x.loop), 0);
    repl_config_t cfg = make_cfg(&x, "walbkt");
    cfg.snapshot_interval_ms = 100; /* snapshots keep racing the writer */
    repl_hooks_t hooks = {.ctx = &x, .on_shipped = on_stats_only};
    x.r = repl_new(&x.loop, &cfg, &hooks);
    cr_assert_eq(repl_start(x.r), 0);
    writer_t w = {.path = x.t.path};
    race_t rc = {.x = &x, .w = &w};
    cr_assert_eq(pthread_create(&rc.th, NULL, writer_main, &w), 0);
    uv_timer_init(&x.loop, &rc.tick);
    rc.tick.data = &rc;
    uv_timer_start(&rc.tick, on_race_tick, 100, 100);
    uv_run(&x.loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&x.loop), 0);
    cr_assert_gt(w.rows, 100, "the writer made progress");
    cr_assert_gt(x.shipped, 5);

    char err[1024] = "";
    repl_restore_info_t info;
    repl_restore_opts_t o = restore_opts(&x, "raced.db");
    cr_assert_eq(repl_restore_run(&o, &info, err, sizeof err), 0, "%s", err);
    long long cnt, sum;
    db_stats(o.out_path, &cnt, &sum);
    cr_assert_eq(cnt, w.rows);
    cr_assert_eq(sum, (long long)(w.rows - 1) * w.rows / 2);
    tdb_close(&x.t);
}

static void on_shipped_big(void *ctx, const repl_stats_t *st)
{
    run_t *x = ctx;
    x->shipped++;
    if (x->shipped == 1) {
        tdb_exec(&x->t, "BEGIN");
        tdb_exec(&x->t, "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 2999) INSERT INTO t SELECT i, printf('%0500d', i) FROM n");
        tdb_exec(&x->t, "COMMIT");
        for (int i = 0; i < 5; i++)
            tdb_insert(&x->t, 3000 + i * 10, 3010 + i * 10);
    } else if (st->wal_frame == (uint32_t)x->t.frames) {
        x->gen_last = st->segments;
        repl_close(x->r, on_repl_closed, x);
    }
}

Test(repl, transaction_larger_than_the_segment_limit_still_ships)
{
    run_t x;
    memset(&x, 0, sizeof x);
    snprintf(x.prefix, sizeof x.prefix, "big/%d-%llu", getpid(), (unsigned long long)uv_hrtime());
    tdb_open(&x.t, 4096);
    tdb_insert(&x.t, 0, 10);
    cr_assert_eq(uv_loop_init(&x.loop), 0);
    repl_config_t cfg = make_cfg(&x, "walbkt");
    cfg.max_segment_bytes = 32768; /* a few frames */
    repl_hooks_t hooks = {.ctx = &x, .on_shipped = on_shipped_big};
    x.r = repl_new(&x.loop, &cfg, &hooks);
    cr_assert_eq(repl_start(x.r), 0);
    uv_run(&x.loop, UV_RUN_DEFAULT);
    cr_assert_eq(uv_loop_close(&x.loop), 0);
    cr_assert_geq(x.gen_last, 1, "segments were shipped");

    char err[1024] = "";
    repl_restore_info_t info;
    repl_restore_opts_t o = restore_opts(&x, "big.db");
    cr_assert_eq(repl_restore_run(&o, &info, err, sizeof err), 0, "%s", err);
    long long cnt, sum;
    db_stats(o.out_path, &cnt, &sum);
    cr_assert_eq(cnt, 10 + 2000 + 50);
    cr_assert_eq(sum, 45 + (1000LL + 2999) * 2000 / 2 + (3000LL + 3049) * 50 / 2);
    tdb_close(&x.t);
}
