/* repl_restore.c - restore a database from snapshots and segments (main thread, blocking).
 *
 * Runs a private uv loop with one repl_s3 client and calls it synchronously (submit, run
 * the loop until the callback fired). Steps: LIST <prefix>/generations/, group keys by
 * generation, try generations newest first: the newest snapshot whose header time is not
 * after the target, then that generation's segments from the snapshot's position on, in
 * order, each required to start where the previous ended, stopping before the first one
 * whose time is after the target. Everything is written to "<out>.restore-tmp", checked
 * with PRAGMA integrity_check, fsynced, and renamed over <out> (whose stale -wal / -shm
 * are removed first when forcing). */
#include "repl_restore.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lg_buf.h"
#include "lg_err.h"
#include "repl_layout.h"
#include "repl_segment.h"

typedef struct obj_ref {
    repl_key_kind_t kind;
    uint64_t gen;
    uint64_t pos;
    char *key;
} obj_ref_t;

typedef struct rctx {
    const repl_restore_opts_t *o;
    uv_loop_t loop;
    repl_s3_t *s3;
    obj_ref_t *objs;
    size_t nobjs;
    char *err;
    size_t errlen;
    /* the current synchronous call */
    int done;
    int rc;
    char msg[768];
    lg_buf_t body;
    repl_s3_list_t list;
} rctx_t;

static void on_call_done(void *arg, const repl_s3_result_t *res);
static int call_wait(rctx_t *c, int submit_rc);
static int load_keys(rctx_t *c);
static int cmp_obj(const void *a, const void *b);
static int fetch(rctx_t *c, const obj_ref_t *ref, repl_obj_hdr_t *h, lg_buf_t *payload);
static int restore_gen(rctx_t *c, size_t first, size_t end, int fd, repl_restore_info_t *info);
static int verify_db(const char *path, char *err, size_t errlen);
static int finish(rctx_t *c, const char *tmp, int fd);
static void on_closed(void *arg);

static void on_call_done(void *arg, const repl_s3_result_t *res)
{
    rctx_t *c = arg;
    c->done = 1;
    c->rc = res->rc;
    snprintf(c->msg, sizeof c->msg, "%s", res->message);
    lg_buf_reset(&c->body);
    if (res->body != NULL)
        lg_buf_append(&c->body, res->body, res->body_len);
    if (res->list != NULL) {
        for (size_t i = 0; i < res->list->n; i++) {
            if (c->list.n == c->list.cap) {
                c->list.cap = c->list.cap ? c->list.cap * 2 : 64;
                c->list.items = lg_xrealloc(c->list.items, c->list.cap * sizeof *c->list.items);
            }
            c->list.items[c->list.n++] =
                (repl_s3_object_t){lg_xstrdup(res->list->items[i].key), res->list->items[i].size};
        }
    }
}

static int call_wait(rctx_t *c, int submit_rc)
{
    if (submit_rc != 0)
        return submit_rc;
    c->done = 0;
    while (!c->done)
        uv_run(&c->loop, UV_RUN_ONCE);
    if (c->rc == 0 && c->body.failed)
        return LG_ETOOBIG;
    return c->rc;
}

static int cmp_obj(const void *a, const void *b)
{
    const obj_ref_t *x = a;
    const obj_ref_t *y = b;
    if (x->gen != y->gen)
        return x->gen < y->gen ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind == REPL_KEY_SNAPSHOT ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int load_keys(rctx_t *c)
{
    char prefix[1100];
    if (repl_key_generation_prefix(c->o->prefix, 0, 0, prefix, sizeof prefix) != 0)
        return LG_EINVAL;
    int rc = call_wait(c, repl_s3_list(c->s3, prefix, on_call_done, c));
    if (rc != 0) {
        snprintf(c->err, c->errlen, "%s", c->msg);
        return rc;
    }
    c->objs = lg_xcalloc(c->list.n + 1, sizeof *c->objs);
    for (size_t i = 0; i < c->list.n; i++) {
        obj_ref_t r = {0};
        if (repl_key_parse(c->list.items[i].key, &r.kind, &r.gen, &r.pos) != 0)
            continue; /* not ours: ignore */
        r.key = c->list.items[i].key;
        c->objs[c->nobjs++] = r;
    }
    qsort(c->objs, c->nobjs, sizeof *c->objs, cmp_obj);
    return 0;
}

static int fetch(rctx_t *c, const obj_ref_t *ref, repl_obj_hdr_t *h, lg_buf_t *payload)
{
    char why[512] = "";
    int rc = call_wait(c, repl_s3_get(c->s3, ref->key, on_call_done, c));
    if (rc != 0) {
        snprintf(c->err, c->errlen, "cannot download %s: %s", ref->key,
                 rc == LG_ETOOBIG ? "larger than the limit" : c->msg);
        return rc == LG_ENOTFOUND ? LG_EPROTO : rc;
    }
    rc = repl_obj_decode(c->body.data, c->body.len, c->o->max_object_bytes, h, payload, why,
                         sizeof why);
    if (rc == 0 && (h->generation != ref->gen || h->position != ref->pos ||
                    (h->kind == REPL_OBJ_SNAPSHOT) != (ref->kind == REPL_KEY_SNAPSHOT))) {
        rc = LG_EPROTO;
        snprintf(why, sizeof why, "its header does not match its name");
    }
    if (rc != 0)
        snprintf(c->err, c->errlen, "corrupt object %s: %s", ref->key,
                 rc == LG_ETOOBIG ? "larger than the limit" : why);
    return rc;
}

/* objs[first, end) are one generation, snapshots first. Applies the best snapshot and its
 * segments to fd. LG_ENOTFOUND when no snapshot of this generation is early enough. */
static int restore_gen(rctx_t *c, size_t first, size_t end, int fd, repl_restore_info_t *info)
{
    uint64_t target = c->o->target_ms;
    lg_buf_t payload;
    repl_obj_hdr_t h;
    size_t nsnap = 0;
    int rc = LG_ENOTFOUND;
    lg_buf_init(&payload, c->o->max_object_bytes);
    while (first + nsnap < end && c->objs[first + nsnap].kind == REPL_KEY_SNAPSHOT)
        nsnap++;
    for (size_t i = nsnap; i-- > 0 && rc == LG_ENOTFOUND;) {
        rc = fetch(c, &c->objs[first + i], &h, &payload);
        if (rc == 0 && target != 0 && h.time_ms > target)
            rc = LG_ENOTFOUND;
    }
    if (rc != 0)
        goto out;
    if (repl_obj_apply(fd, &h, payload.data, payload.len) != 0) {
        rc = LG_EIO;
        snprintf(c->err, c->errlen, "writing the restored file: %s", strerror(errno));
        goto out;
    }
    *info = (repl_restore_info_t){.generation = h.generation,
                                  .snapshot_ms = h.time_ms,
                                  .restored_ms = h.time_ms,
                                  .bytes = (uint64_t)h.db_pages * h.page_size};
    uint64_t next = h.position;
    size_t total = end - first - nsnap;
    for (size_t i = first + nsnap; i < end; i++) {
        const obj_ref_t *ref = &c->objs[i];
        if (ref->pos < next)
            continue;
        if (ref->pos > next) {
            rc = LG_EPROTO;
            snprintf(c->err, c->errlen, "segment missing: expected position %016llx before %s",
                     (unsigned long long)next, ref->key);
            goto out;
        }
        rc = fetch(c, ref, &h, &payload);
        if (rc != 0)
            goto out;
        if (target != 0 && h.time_ms > target)
            break;
        if (repl_obj_apply(fd, &h, payload.data, payload.len) != 0) {
            rc = LG_EIO;
            snprintf(c->err, c->errlen, "writing the restored file: %s", strerror(errno));
            goto out;
        }
        next += h.frames;
        info->segments++;
        info->frames += h.frames;
        info->restored_ms = h.time_ms;
        info->bytes = (uint64_t)h.db_pages * h.page_size;
        if (c->o->progress != NULL)
            c->o->progress(c->o->progress_ctx, ref->key, info->segments, total);
    }
    rc = 0;
out:
    lg_buf_deinit(&payload);
    return rc;
}

static int verify_db(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = LG_EPROTO;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "restored database does not open: %s", sqlite3_errmsg(db));
        goto out;
    }
    if (sqlite3_step(st) == SQLITE_ROW &&
        strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
        rc = 0;
    else
        snprintf(err, errlen, "integrity_check failed on the restored database: %s",
                 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "?");
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

static int finish(rctx_t *c, const char *tmp, int fd)
{
    char side[4224]; /* tmp (at most 4200) + "-wal" */
    if (fsync(fd) != 0) {
        snprintf(c->err, c->errlen, "fsync %s: %s", tmp, strerror(errno));
        return LG_EIO;
    }
    int rc = verify_db(tmp, c->err, c->errlen);
    if (rc != 0)
        return rc;
    snprintf(side, sizeof side, "%s-wal", tmp);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", tmp);
    unlink(side);
    if (c->o->force) {
        snprintf(side, sizeof side, "%s-wal", c->o->out_path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", c->o->out_path);
        unlink(side);
    }
    if (rename(tmp, c->o->out_path) != 0) {
        snprintf(c->err, c->errlen, "rename to %s: %s", c->o->out_path, strerror(errno));
        return LG_EIO;
    }
    return 0;
}

static void on_closed(void *arg)
{
    (void)arg;
}

int repl_restore_run(const repl_restore_opts_t *opts, repl_restore_info_t *info, char *err,
                     size_t errlen)
{
    repl_restore_opts_t o = *opts;
    repl_restore_info_t dummy;
    rctx_t c = {.o = &o, .err = err, .errlen = errlen};
    char tmp[4200];
    struct stat sb;
    if (o.max_object_bytes == 0)
        o.max_object_bytes = (size_t)16 << 30;
    if (o.s3_opts.max_body == 0)
        o.s3_opts.max_body = o.max_object_bytes + REPL_OBJ_HDR_SIZE;
    if (info == NULL)
        info = &dummy;
    memset(info, 0, sizeof *info);
    if (!o.force && stat(o.out_path, &sb) == 0) {
        snprintf(err, errlen, "%s already exists (use --force to replace it)", o.out_path);
        return LG_EINVAL;
    }
    snprintf(tmp, sizeof tmp, "%s.restore-tmp", o.out_path);
    if (uv_loop_init(&c.loop) != 0)
        return LG_EIO;
    lg_buf_init(&c.body, o.max_object_bytes + REPL_OBJ_HDR_SIZE);
    c.s3 = repl_s3_new(&c.loop, &o.s3, &o.s3_opts);
    int rc = c.s3 ? load_keys(&c) : LG_EIO;
    int fd = -1;
    if (rc == 0) {
        fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        rc = fd < 0 ? LG_EIO : LG_ENOTFOUND;
        if (fd < 0)
            snprintf(err, errlen, "cannot create %s: %s", tmp, strerror(errno));
    }
    /* generations newest first; each is a run of equal gen in the sorted array */
    for (size_t end = c.nobjs; end > 0 && rc == LG_ENOTFOUND;) {
        size_t first = end;
        while (first > 0 && c.objs[first - 1].gen == c.objs[end - 1].gen)
            first--;
        if (o.target_ms == 0 || repl_generation_time_ms(c.objs[first].gen) <= o.target_ms)
            rc = restore_gen(&c, first, end, fd, info);
        end = first;
    }
    if (rc == LG_ENOTFOUND)
        snprintf(err, errlen, "no snapshot under s3://%s/%s is old enough to restore from",
                 o.s3.bucket, o.prefix);
    if (rc == 0)
        rc = finish(&c, tmp, fd);
    if (fd >= 0)
        close(fd);
    if (rc != 0)
        unlink(tmp);
    repl_s3_close(c.s3, on_closed, NULL);
    uv_run(&c.loop, UV_RUN_DEFAULT);
    uv_loop_close(&c.loop);
    lg_buf_deinit(&c.body);
    repl_s3_list_free(&c.list);
    free(c.objs);
    return rc;
}

int repl_restore_generations(const repl_restore_opts_t *opts, repl_gen_info_t **out, size_t *n,
                             char *err, size_t errlen)
{
    rctx_t c = {.o = opts, .err = err, .errlen = errlen};
    *out = NULL;
    *n = 0;
    if (uv_loop_init(&c.loop) != 0)
        return LG_EIO;
    lg_buf_init(&c.body, 1 << 20);
    c.s3 = repl_s3_new(&c.loop, &opts->s3, &opts->s3_opts);
    int rc = c.s3 ? load_keys(&c) : LG_EIO;
    if (rc == 0)
        repl_generations_summarize(&c.list, out, n);
    repl_s3_close(c.s3, on_closed, NULL);
    uv_run(&c.loop, UV_RUN_DEFAULT);
    uv_loop_close(&c.loop);
    lg_buf_deinit(&c.body);
    repl_s3_list_free(&c.list);
    free(c.objs);
    return rc;
}
