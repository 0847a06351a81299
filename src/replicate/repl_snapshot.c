/* repl_snapshot.c - take a database snapshot that lines up exactly with a WAL position
 * (worker thread: blocking file I/O; takes no SQLite lock, so it never blocks the writer).
 *
 * The image is built exactly as a restore would: the database file's bytes, then the page
 * of every committed WAL frame written over them in WAL order, then the size cut to the
 * last commit's page count. Sequence: note the WAL header (H1), read the database file,
 * then scan the WAL's committed frames (end E) and check that the header is still H1.
 * Why that is consistent as of E: while the file was read, a checkpoint can only have
 * copied committed frames of this epoch, all of which are <= E (a checkpointer sees at
 * most what is committed, and E was scanned after the read), and every such page is
 * overwritten by the overlay, torn or not. Pages absent from frames [0, E] were not
 * touched by any checkpoint of this epoch. If the header changed (the WAL restarted or
 * appeared), the attempt is repeated. */
#include "repl_snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lg_err.h"

static int wal_end(const char *wal_path, lg_buf_t *frames, repl_wal_scan_t *out);
static int read_file(const char *path, lg_buf_t *out);
static int overlay(lg_buf_t *img, const lg_buf_t *frames, const repl_wal_scan_t *sc);
static void wal_header(const char *wal_path, uint8_t hdr[REPL_WAL_HDR_SIZE]);
static int try_once(const char *db_path, const char *wal_path, lg_buf_t *frames, lg_buf_t *out,
                    repl_wal_scan_t *at, char *err, size_t errlen);

static int wal_end(const char *wal_path, lg_buf_t *frames, repl_wal_scan_t *out)
{
    int fd = open(wal_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        memset(out, 0, sizeof *out);
        out->continuity = REPL_WAL_EMPTY;
        return 0;
    }
    int rc = repl_wal_read_fd(fd, NULL, frames->max, frames, out);
    close(fd);
    return rc;
}

static int read_file(const char *path, lg_buf_t *out)
{
    lg_buf_reset(out);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return LG_EIO;
    struct stat sb;
    int rc = fstat(fd, &sb) == 0 ? 0 : LG_EIO;
    if (rc == 0 && lg_buf_reserve(out, (size_t)sb.st_size + 1) != 0)
        rc = LG_ETOOBIG;
    while (rc == 0 && out->len < (size_t)sb.st_size) {
        ssize_t r = pread(fd, out->data + out->len, (size_t)sb.st_size - out->len, (off_t)out->len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break; /* shrank meanwhile: the WAL overlay covers it */
        out->len += (size_t)r;
    }
    close(fd);
    return rc;
}

/* Writes each committed frame's page over the image and cuts it to the committed size. */
static int overlay(lg_buf_t *img, const lg_buf_t *frames, const repl_wal_scan_t *sc)
{
    size_t ps = sc->start.page_size;
    size_t want = (size_t)sc->commit_pages * ps;
    if (want > img->len && lg_buf_reserve(img, want - img->len) != 0)
        return LG_ETOOBIG;
    if (want > img->len)
        memset(img->data + img->len, 0, want - img->len);
    for (uint32_t i = 0; i < sc->nframes; i++) {
        const uint8_t *f = frames->data + (size_t)i * (REPL_WAL_FRAME_HDR_SIZE + ps);
        repl_wal_frame_hdr_t fh;
        repl_wal_frame_hdr_parse(f, &fh);
        size_t at = (size_t)(fh.pgno - 1) * ps;
        if (at + ps > want)
            continue; /* a page beyond the final size: truncated away by a later commit */
        memcpy(img->data + at, f + REPL_WAL_FRAME_HDR_SIZE, ps);
    }
    img->len = want;
    return 0;
}

/* The WAL header as bytes (all zero when absent or short), to detect a change. */
static void wal_header(const char *wal_path, uint8_t hdr[REPL_WAL_HDR_SIZE])
{
    memset(hdr, 0, REPL_WAL_HDR_SIZE);
    int fd = open(wal_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    if (pread(fd, hdr, REPL_WAL_HDR_SIZE, 0) != REPL_WAL_HDR_SIZE)
        memset(hdr, 0, REPL_WAL_HDR_SIZE);
    close(fd);
}

static int try_once(const char *db_path, const char *wal_path, lg_buf_t *frames, lg_buf_t *out,
                    repl_wal_scan_t *at, char *err, size_t errlen)
{
    uint8_t h1[REPL_WAL_HDR_SIZE], h2[REPL_WAL_HDR_SIZE];
    wal_header(wal_path, h1);
    int rc = read_file(db_path, out);
    if (rc == 0)
        rc = wal_end(wal_path, frames, at);
    if (rc != 0) {
        snprintf(err, errlen, "snapshot: reading %.400s: %s", db_path, lg_strerror(rc));
        return rc;
    }
    wal_header(wal_path, h2);
    if (memcmp(h1, h2, sizeof h1) != 0)
        return LG_EAGAIN;
    if (at->continuity != REPL_WAL_EMPTY && at->nframes > 0)
        rc = overlay(out, frames, at);
    if (rc != 0)
        snprintf(err, errlen, "snapshot: database larger than the limit");
    return rc;
}

int repl_snapshot_take(const char *db_path, size_t max_bytes, lg_buf_t *out, repl_wal_scan_t *at,
                       char *err, size_t errlen)
{
    char wal_path[4200];
    lg_buf_t frames;
    int n = snprintf(wal_path, sizeof wal_path, "%s-wal", db_path);
    if (n < 0 || (size_t)n >= sizeof wal_path)
        return LG_EINVAL;
    lg_buf_init(&frames, max_bytes);
    int rc = LG_EAGAIN;
    for (int i = 0; i < 10 && rc == LG_EAGAIN; i++)
        rc = try_once(db_path, wal_path, &frames, out, at, err, errlen);
    if (rc == LG_EAGAIN)
        snprintf(err, errlen, "snapshot: the WAL kept restarting while it was read");
    lg_buf_deinit(&frames);
    return rc;
}
