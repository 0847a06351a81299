/* test_repl_wal.c - the WAL reader on WAL files SQLite really wrote. */
#include <fcntl.h>

#include "repl_wal.h"
#include "repl_testutil.h"
#include "lg_err.h"

TestSuite(repl_wal);

/* Writes the pages of the scanned frames into the database image at path (as a restore
 * would) and truncates it to the committed size. */
static void apply_frames(const char *path, const uint8_t *frames, const repl_wal_scan_t *sc)
{
    int fd = open(path, O_RDWR | O_CREAT, 0644);
    cr_assert_geq(fd, 0);
    size_t ps = sc->start.page_size;
    for (uint32_t i = 0; i < sc->nframes; i++) {
        const uint8_t *f = frames + i * (24 + ps);
        repl_wal_frame_hdr_t fh;
        repl_wal_frame_hdr_parse(f, &fh);
        cr_assert_eq(pwrite(fd, f + 24, ps, (off_t)(fh.pgno - 1) * (off_t)ps), (ssize_t)ps);
    }
    cr_assert_eq(ftruncate(fd, (off_t)sc->commit_pages * (off_t)ps), 0);
    close(fd);
}

static void scan_file(const char *wal, const repl_wal_pos_t *from, repl_wal_scan_t *sc,
                      uint8_t **img, size_t *n)
{
    *img = slurp(wal, n);
    repl_wal_scan(*img, *n, from, sc);
}

Test(repl_wal, parses_header_sqlite_wrote)
{
    tdb_t t;
    tdb_open(&t, 1024);
    tdb_insert(&t, 0, 10);
    size_t n;
    uint8_t *img = slurp(t.wal, &n);
    repl_wal_hdr_t h;
    cr_assert_eq(repl_wal_hdr_parse(img, n, &h), 0);
    cr_assert(h.magic == REPL_WAL_MAGIC_LE || h.magic == REPL_WAL_MAGIC_BE);
    cr_assert_eq(h.version, REPL_WAL_VERSION);
    cr_assert_eq(h.page_size, 1024);
    img[25] ^= 1; /* checksum byte */
    cr_assert_eq(repl_wal_hdr_parse(img, n, &h), LG_EPROTO);
    cr_assert_eq(repl_wal_hdr_parse(img, 31, &h), LG_EINVAL);
    free(img);
    tdb_close(&t);
}

Test(repl_wal, scan_from_start_returns_every_committed_frame)
{
    tdb_t t;
    tdb_open(&t, 4096);
    uint8_t *base;
    size_t bn;
    base = slurp(t.path, &bn);
    tdb_insert(&t, 0, 200);
    tdb_insert(&t, 200, 300);
    repl_wal_scan_t sc;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &sc, &img, &n);
    cr_assert_eq(sc.continuity, REPL_WAL_LOST); /* no position: caller starts a generation */
    cr_assert_eq(sc.nframes, (uint32_t)t.frames);
    cr_assert_eq(sc.end.frame, (uint32_t)t.frames);
    cr_assert_eq(sc.frames_off, 32);
    cr_assert_eq(sc.frames_len, (size_t)t.frames * (24 + 4096));
    /* the frames rebuild the database */
    char copy[400];
    snprintf(copy, sizeof copy, "%s/copy.db", t.dir);
    spit(copy, base, bn);
    apply_frames(copy, img + sc.frames_off, &sc);
    long long cnt, sum;
    db_stats(copy, &cnt, &sum);
    cr_assert_eq(cnt, 300);
    cr_assert_eq(sum, 299 * 300 / 2);
    free(img);
    free(base);
    tdb_close(&t);
}

Test(repl_wal, incremental_scan_returns_only_new_frames)
{
    tdb_t t;
    tdb_open(&t, 4096);
    tdb_insert(&t, 0, 50);
    repl_wal_scan_t first, second;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &first, &img, &n);
    free(img);
    int before = t.frames;
    cr_assert_eq(first.end.frame, (uint32_t)before);
    tdb_insert(&t, 50, 60);
    scan_file(t.wal, &first.end, &second, &img, &n);
    cr_assert_eq(second.continuity, REPL_WAL_SAME);
    cr_assert_eq(second.start.frame, (uint32_t)before);
    cr_assert_eq(second.nframes, (uint32_t)(t.frames - before));
    cr_assert_eq(second.frames_off, 32 + (size_t)before * (24 + 4096));
    /* nothing new: an empty scan at the same position */
    repl_wal_scan_t third;
    repl_wal_scan(img, n, &second.end, &third);
    cr_assert_eq(third.continuity, REPL_WAL_SAME);
    cr_assert_eq(third.nframes, 0);
    cr_assert_eq(third.end.frame, second.end.frame);
    free(img);
    tdb_close(&t);
}

Test(repl_wal, stops_at_last_commit_frame)
{
    tdb_t t;
    tdb_open(&t, 1024);
    tdb_insert(&t, 0, 20);
    int committed = t.frames;
    /* a big open transaction spills uncommitted frames into the WAL */
    tdb_exec(&t, "PRAGMA cache_size=2");
    tdb_exec(&t, "BEGIN");
    tdb_exec(&t, "INSERT INTO t SELECT k + 1000, v FROM t");
    tdb_exec(&t, "INSERT INTO t SELECT k + 2000, v FROM t");
    tdb_exec(&t, "INSERT INTO t SELECT k + 4000, v FROM t");
    repl_wal_scan_t sc;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &sc, &img, &n);
    cr_assert_gt(n, 32 + (size_t)committed * (24 + 1024), "expected spilled frames");
    cr_assert_eq(sc.nframes, (uint32_t)committed);
    free(img);
    tdb_exec(&t, "ROLLBACK");
    tdb_close(&t);
}

Test(repl_wal, corrupt_frame_ends_the_wal)
{
    tdb_t t;
    tdb_open(&t, 1024);
    tdb_insert(&t, 0, 5);
    int first = t.frames;
    tdb_insert(&t, 5, 10);
    size_t n;
    uint8_t *img = slurp(t.wal, &n);
    /* flip a page byte in the first frame of the second transaction */
    img[32 + (size_t)first * (24 + 1024) + 24 + 100] ^= 0x40;
    repl_wal_scan_t sc;
    repl_wal_scan(img, n, NULL, &sc);
    cr_assert_eq(sc.nframes, (uint32_t)first);
    free(img);
    tdb_close(&t);
}

Test(repl_wal, truncate_checkpoint_then_writes_is_a_restart)
{
    tdb_t t;
    tdb_open(&t, 4096);
    tdb_insert(&t, 0, 30);
    repl_wal_scan_t a, b, c;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &a, &img, &n);
    free(img);
    tdb_exec(&t, "PRAGMA wal_checkpoint(TRUNCATE)");
    scan_file(t.wal, &a.end, &b, &img, &n);
    cr_assert_eq(n, 0);
    cr_assert_eq(b.continuity, REPL_WAL_EMPTY);
    cr_assert_eq(b.nframes, 0);
    free(img);
    tdb_insert(&t, 30, 40);
    scan_file(t.wal, &a.end, &c, &img, &n);
    cr_assert_eq(c.continuity, REPL_WAL_RESTART);
    cr_assert_eq(c.start.frame, 0);
    cr_assert_eq(c.start.ckpt_seq, a.end.ckpt_seq + 1);
    cr_assert_eq(c.nframes, (uint32_t)t.frames);
    free(img);
    tdb_close(&t);
}

Test(repl_wal, restart_checkpoint_ignores_stale_tail_of_previous_epoch)
{
    tdb_t t;
    tdb_open(&t, 1024);
    tdb_insert(&t, 0, 300); /* long WAL */
    repl_wal_scan_t a, b;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &a, &img, &n);
    free(img);
    size_t old_size = n;
    tdb_exec(&t, "PRAGMA wal_checkpoint(RESTART)");
    tdb_exec(&t, "UPDATE t SET v = 'x' WHERE k = 7"); /* short new epoch over the old file */
    scan_file(t.wal, &a.end, &b, &img, &n);
    cr_assert_eq(n, old_size, "RESTART keeps the file; old frames remain after new ones");
    cr_assert_eq(b.continuity, REPL_WAL_RESTART);
    cr_assert_eq(b.nframes, (uint32_t)t.frames);
    cr_assert_lt(b.nframes, a.nframes);
    free(img);
    tdb_close(&t);
}

Test(repl_wal, two_restarts_between_scans_lose_continuity)
{
    tdb_t t;
    tdb_open(&t, 4096);
    tdb_insert(&t, 0, 10);
    repl_wal_scan_t a, b;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &a, &img, &n);
    free(img);
    tdb_exec(&t, "PRAGMA wal_checkpoint(TRUNCATE)");
    tdb_insert(&t, 10, 20); /* an epoch nobody shipped */
    tdb_exec(&t, "PRAGMA wal_checkpoint(TRUNCATE)");
    tdb_insert(&t, 20, 30);
    scan_file(t.wal, &a.end, &b, &img, &n);
    cr_assert_eq(b.continuity, REPL_WAL_LOST);
    cr_assert_eq(b.start.frame, 0);
    cr_assert_eq(b.nframes, (uint32_t)t.frames, "a lost scan still returns the new epoch");
    free(img);
    tdb_close(&t);
}

Test(repl_wal, recreated_wal_loses_continuity)
{
    tdb_t t;
    tdb_open(&t, 4096);
    tdb_insert(&t, 0, 10);
    repl_wal_scan_t a, b;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &a, &img, &n);
    free(img);
    sqlite3_close(t.db); /* last connection: checkpoints and deletes the WAL */
    t.db = NULL;
    tdb_open_at(&t);
    tdb_insert(&t, 10, 20);
    scan_file(t.wal, &a.end, &b, &img, &n);
    cr_assert_eq(b.continuity, REPL_WAL_LOST);
    free(img);
    tdb_close(&t);
}

Test(repl_wal, fd_reader_matches_buffer_scan)
{
    tdb_t t;
    tdb_open(&t, 4096);
    tdb_insert(&t, 0, 100);
    repl_wal_scan_t a, b, fa, fb;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &a, &img, &n);
    free(img);
    tdb_insert(&t, 100, 150);
    scan_file(t.wal, &a.end, &b, &img, &n);
    int fd = open(t.wal, O_RDONLY);
    cr_assert_geq(fd, 0);
    lg_buf_t frames;
    lg_buf_init(&frames, 64 << 20);
    cr_assert_eq(repl_wal_read_fd(fd, NULL, 64 << 20, &frames, &fa), 0);
    cr_assert_eq(fa.end.frame, b.end.frame);
    cr_assert_eq(repl_wal_read_fd(fd, &a.end, 64 << 20, &frames, &fb), 0);
    cr_assert_eq(fb.continuity, REPL_WAL_SAME);
    cr_assert_eq(fb.nframes, b.nframes);
    cr_assert_eq(fb.frames_off, 0);
    cr_assert_eq(memcmp(frames.data, img + b.frames_off, b.frames_len), 0);
    cr_assert_eq(fb.end.cksum1, b.end.cksum1);
    /* a cap smaller than one frame is an error, not a silent stall */
    cr_assert_eq(repl_wal_read_fd(fd, &a.end, 100, &frames, &fb), LG_ETOOBIG);
    close(fd);
    lg_buf_deinit(&frames);
    free(img);
    tdb_close(&t);
}

Test(repl_wal, fd_reader_stops_where_the_prepared_zeros_begin)
{
    tdb_t t;
    tdb_open(&t, 4096);
    tdb_insert(&t, 0, 100);
    repl_wal_scan_t a, fz;
    uint8_t *img;
    size_t n;
    scan_file(t.wal, NULL, &a, &img, &n);
    free(img);
    /* the file goes on with 8 MB of zeros, as serve prepares it: the reader returns the same
     * frames and reads only up to the first frame that is not this WAL's */
    int fd = open(t.wal, O_RDWR);
    cr_assert_geq(fd, 0);
    off_t size = lseek(fd, 0, SEEK_END);
    static const uint8_t zeros[1 << 16];
    for (int i = 0; i < 128; i++)
        cr_assert_eq(pwrite(fd, zeros, sizeof zeros, size + (off_t)i * (off_t)sizeof zeros),
                     (ssize_t)sizeof zeros);
    lg_buf_t frames;
    lg_buf_init(&frames, 64 << 20);
    cr_assert_eq(repl_wal_read_fd(fd, NULL, 64 << 20, &frames, &fz), 0);
    cr_assert_eq(fz.nframes, a.nframes);
    cr_assert_eq(fz.end.frame, a.end.frame);
    cr_assert_leq(frames.len, (size_t)(size - 32), "read past the last frame into the zeros");
    repl_wal_scan_t again;
    cr_assert_eq(repl_wal_read_fd(fd, &fz.end, 64 << 20, &frames, &again), 0);
    cr_assert_eq(again.nframes, 0);
    cr_assert_eq(frames.len, 0, "nothing new: nothing read");
    close(fd);
    lg_buf_deinit(&frames);
    tdb_close(&t);
}

Test(repl_wal, big_endian_checksum_differs_from_little_endian)
{
    uint8_t p[16];
    for (int i = 0; i < 16; i++)
        p[i] = (uint8_t)(i * 37 + 1);
    uint32_t le[2] = {0, 0}, be[2] = {0, 0};
    repl_wal_checksum(false, p, 16, le);
    repl_wal_checksum(true, p, 16, be);
    /* words 0x01264b70... read BE; hand-computed: s1 = w0 + 0, s2 = w1 + s1, then again */
    uint32_t w[4];
    for (int i = 0; i < 4; i++)
        w[i] = ((uint32_t)p[4 * i] << 24) | ((uint32_t)p[4 * i + 1] << 16) |
               ((uint32_t)p[4 * i + 2] << 8) | p[4 * i + 3];
    uint32_t s1 = w[0], s2 = w[1] + s1;
    s1 += w[2] + s2;
    s2 += w[3] + s1;
    cr_assert_eq(be[0], s1);
    cr_assert_eq(be[1], s2);
    cr_assert_neq(le[0], be[0]);
}
