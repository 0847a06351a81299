/* test_repl_segment.c - segment and snapshot objects: round trips on real WAL frames,
 * corruption rejected with a message, applying objects rebuilds the database; object keys. */
#include <fcntl.h>

#include "lg_err.h"
#include "repl_layout.h"
#include "repl_segment.h"
#include "repl_testutil.h"
#include "repl_wal.h"

TestSuite(repl_segment);

typedef struct fixture {
    tdb_t t;
    uint8_t *base; /* database file before any write */
    size_t base_len;
    uint8_t *wal;
    size_t wal_len;
    repl_wal_scan_t sc;
    lg_buf_t obj;
    lg_buf_t payload;
} fixture_t;

static void fixture_make(fixture_t *f, int rows)
{
    tdb_open(&f->t, 4096);
    f->base = slurp(f->t.path, &f->base_len);
    tdb_insert(&f->t, 0, rows);
    f->wal = slurp(f->t.wal, &f->wal_len);
    repl_wal_scan(f->wal, f->wal_len, NULL, &f->sc);
    cr_assert_gt(f->sc.nframes, 0);
    lg_buf_init(&f->obj, 256 << 20);
    lg_buf_init(&f->payload, 256 << 20);
}

static void fixture_free(fixture_t *f)
{
    free(f->base);
    free(f->wal);
    lg_buf_deinit(&f->obj);
    lg_buf_deinit(&f->payload);
    tdb_close(&f->t);
}

static repl_obj_hdr_t segment_hdr(const repl_wal_scan_t *sc)
{
    repl_obj_hdr_t h = {0};
    h.kind = REPL_OBJ_SEGMENT;
    h.generation = 0x1234;
    h.position = 77;
    h.frames = sc->nframes;
    h.page_size = sc->start.page_size;
    h.db_pages = sc->commit_pages;
    h.ckpt_seq = sc->start.ckpt_seq;
    h.salt1 = sc->start.salt1;
    h.salt2 = sc->start.salt2;
    h.time_ms = 1700000000123ull;
    return h;
}

static void encode_segment(fixture_t *f, repl_obj_hdr_t *h)
{
    *h = segment_hdr(&f->sc);
    cr_assert_eq(repl_obj_encode(h, f->wal + f->sc.frames_off, f->sc.frames_len, 3, &f->obj), 0);
}

Test(repl_segment, segment_round_trips_and_compresses)
{
    fixture_t f;
    fixture_make(&f, 500);
    repl_obj_hdr_t h, d;
    encode_segment(&f, &h);
    cr_assert_lt(f.obj.len, f.sc.frames_len / 2, "repetitive rows should compress");
    char err[256] = "";
    cr_assert_eq(repl_obj_decode(f.obj.data, f.obj.len, 1 << 30, &d, &f.payload, err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(d.kind, REPL_OBJ_SEGMENT);
    cr_assert_eq(d.generation, 0x1234);
    cr_assert_eq(d.position, 77);
    cr_assert_eq(d.frames, f.sc.nframes);
    cr_assert_eq(d.time_ms, 1700000000123ull);
    cr_assert_eq(f.payload.len, f.sc.frames_len);
    cr_assert_eq(memcmp(f.payload.data, f.wal + f.sc.frames_off, f.payload.len), 0);
    fixture_free(&f);
}

Test(repl_segment, every_flipped_byte_is_rejected_with_a_reason)
{
    fixture_t f;
    fixture_make(&f, 30);
    repl_obj_hdr_t h, d;
    encode_segment(&f, &h);
    /* every header byte, and a spread of payload bytes */
    for (size_t i = 0; i < f.obj.len; i += (i < REPL_OBJ_HDR_SIZE ? 1 : 7)) {
        f.obj.data[i] ^= 0x10;
        char err[256] = "";
        int rc = repl_obj_decode(f.obj.data, f.obj.len, 1 << 30, &d, &f.payload, err, sizeof err);
        cr_assert(rc == LG_EPROTO || rc == LG_ETOOBIG, "byte %zu accepted", i);
        if (rc == LG_EPROTO)
            cr_assert_neq(err[0], '\0', "byte %zu: no message", i);
        f.obj.data[i] ^= 0x10;
    }
    fixture_free(&f);
}

Test(repl_segment, truncated_object_names_the_problem)
{
    fixture_t f;
    fixture_make(&f, 30);
    repl_obj_hdr_t h, d;
    encode_segment(&f, &h);
    char err[256] = "";
    cr_assert_eq(
        repl_obj_decode(f.obj.data, f.obj.len - 1, 1 << 30, &d, &f.payload, err, sizeof err),
        LG_EPROTO);
    cr_assert(strstr(err, "header declares") != NULL, "%s", err);
    cr_assert_eq(repl_obj_decode(f.obj.data, 50, 1 << 30, &d, &f.payload, err, sizeof err),
                 LG_EPROTO);
    cr_assert(strstr(err, "too short") != NULL, "%s", err);
    memcpy(f.obj.data, "XXXX", 4);
    cr_assert_eq(repl_obj_decode(f.obj.data, f.obj.len, 1 << 30, &d, &f.payload, err, sizeof err),
                 LG_EPROTO);
    cr_assert(strstr(err, "magic") != NULL, "%s", err);
    fixture_free(&f);
}

Test(repl_segment, size_limit_is_enforced_before_decompressing)
{
    fixture_t f;
    fixture_make(&f, 30);
    repl_obj_hdr_t h, d;
    encode_segment(&f, &h);
    char err[256] = "";
    cr_assert_eq(repl_obj_decode(f.obj.data, f.obj.len, 1000, &d, &f.payload, err, sizeof err),
                 LG_ETOOBIG);
    fixture_free(&f);
}

Test(repl_segment, encode_rejects_inconsistent_header)
{
    fixture_t f;
    fixture_make(&f, 10);
    repl_obj_hdr_t h = segment_hdr(&f.sc);
    h.frames += 1;
    cr_assert_eq(repl_obj_encode(&h, f.wal + f.sc.frames_off, f.sc.frames_len, 3, &f.obj),
                 LG_EINVAL);
    fixture_free(&f);
}

Test(repl_segment, snapshot_then_segment_rebuilds_database)
{
    fixture_t f;
    fixture_make(&f, 100);
    /* snapshot = the database after a checkpoint; then more writes make a segment */
    tdb_exec(&f.t, "PRAGMA wal_checkpoint(TRUNCATE)");
    size_t dbn;
    uint8_t *db = slurp(f.t.path, &dbn);
    repl_obj_hdr_t sh = {0}, d;
    sh.kind = REPL_OBJ_SNAPSHOT;
    sh.page_size = 4096;
    sh.db_pages = (uint32_t)(dbn / 4096);
    lg_buf_t snap;
    lg_buf_init(&snap, 256 << 20);
    cr_assert_eq(repl_obj_encode(&sh, db, dbn, 3, &snap), 0);
    tdb_insert(&f.t, 100, 250);
    tdb_exec(&f.t, "DELETE FROM t WHERE k < 10");
    free(f.wal);
    f.wal = slurp(f.t.wal, &f.wal_len);
    repl_wal_scan(f.wal, f.wal_len, NULL, &f.sc);
    repl_obj_hdr_t segh;
    encode_segment(&f, &segh);

    char path[400], err[256] = "";
    snprintf(path, sizeof path, "%s/restored.db", f.t.dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(repl_obj_decode(snap.data, snap.len, 1 << 30, &d, &f.payload, err, sizeof err), 0,
                 "%s", err);
    cr_assert_eq(repl_obj_apply(fd, &d, f.payload.data, f.payload.len), 0);
    cr_assert_eq(repl_obj_decode(f.obj.data, f.obj.len, 1 << 30, &d, &f.payload, err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(repl_obj_apply(fd, &d, f.payload.data, f.payload.len), 0);
    close(fd);
    long long cnt, sum;
    db_stats(path, &cnt, &sum);
    cr_assert_eq(cnt, 240);
    cr_assert_eq(sum, 249 * 250 / 2 - 9 * 10 / 2);
    lg_buf_deinit(&snap);
    free(db);
    fixture_free(&f);
}

Test(repl_layout, keys_round_trip_and_sort_by_position)
{
    char a[256], b[256];
    repl_key_kind_t kind;
    uint64_t gen, pos;
    cr_assert_eq(repl_key_object("db/prod", REPL_KEY_SEGMENT, 0xabc, 0xff, a, sizeof a), 0);
    cr_assert_str_eq(a, "db/prod/generations/0000000000000abc/wal/00000000000000ff.seg.zst");
    cr_assert_eq(repl_key_parse(a, &kind, &gen, &pos), 0);
    cr_assert_eq(kind, REPL_KEY_SEGMENT);
    cr_assert_eq(gen, 0xabc);
    cr_assert_eq(pos, 0xff);
    cr_assert_eq(repl_key_object("", REPL_KEY_SNAPSHOT, 1, 0x100, b, sizeof b), 0);
    cr_assert_str_eq(b, "generations/0000000000000001/snapshots/0000000000000100.snap.zst");
    cr_assert_eq(repl_key_parse(b, &kind, &gen, &pos), 0);
    cr_assert_eq(kind, REPL_KEY_SNAPSHOT);
    char k9[256], k10[256];
    cr_assert_eq(repl_key_object("p", REPL_KEY_SEGMENT, 1, 9, k9, sizeof k9), 0);
    cr_assert_eq(repl_key_object("p", REPL_KEY_SEGMENT, 1, 16, k10, sizeof k10), 0);
    cr_assert_lt(strcmp(k9, k10), 0);
    cr_assert_eq(repl_key_object("p", REPL_KEY_SEGMENT, 1, 9, k9, 20), LG_ETOOBIG);
}

Test(repl_layout, rejects_foreign_keys)
{
    repl_key_kind_t kind;
    uint64_t gen, pos;
    cr_assert_eq(repl_key_parse("p/generations/xyz/wal/1.seg.zst", &kind, &gen, &pos), LG_EINVAL);
    cr_assert_eq(repl_key_parse("p/generations/0000000000000001/wal/0000000000000001.seg", &kind,
                                &gen, &pos),
                 LG_EINVAL);
    cr_assert_eq(repl_key_parse("p/mygenerations/0000000000000001/wal/0000000000000001.seg.zst",
                                &kind, &gen, &pos),
                 LG_EINVAL);
    cr_assert_eq(repl_key_parse("p/generations/0000000000000001/other/0000000000000001.seg.zst",
                                &kind, &gen, &pos),
                 LG_EINVAL);
}

Test(repl_layout, generation_ids_sort_by_time)
{
    uint64_t a = repl_generation_new(1700000000000ull, 0xffff);
    uint64_t b = repl_generation_new(1700000000001ull, 0);
    cr_assert_lt(a, b);
    cr_assert_eq(repl_generation_time_ms(a), 1700000000000ull);
}

Test(repl_layout, parses_s3_urls)
{
    char bucket[64], prefix[128];
    cr_assert_eq(repl_url_parse("s3://walbkt/a/b/", bucket, sizeof bucket, prefix, sizeof prefix),
                 0);
    cr_assert_str_eq(bucket, "walbkt");
    cr_assert_str_eq(prefix, "a/b");
    cr_assert_eq(repl_url_parse("s3://walbkt", bucket, sizeof bucket, prefix, sizeof prefix), 0);
    cr_assert_str_eq(prefix, "");
    cr_assert_eq(repl_url_parse("http://x/y", bucket, sizeof bucket, prefix, sizeof prefix),
                 LG_EINVAL);
    cr_assert_eq(repl_url_parse("s3:///y", bucket, sizeof bucket, prefix, sizeof prefix),
                 LG_EINVAL);
}
