/* repl_wal.c - SQLite WAL reader (pure, plus one pread wrapper for workers).
 *
 * WAL file format (SQLite src/wal.c), all integers big-endian:
 *
 *   header, 32 bytes:
 *     0  magic 0x377f0682 (checksum words little-endian) or 0x377f0683 (big-endian)
 *     4  format version 3007000
 *     8  page size (1 means 65536)
 *    12  checkpoint sequence number
 *    16  salt-1, 20 salt-2
 *    24  checksum-1, 28 checksum-2 over bytes 0..23
 *   then frames, each a 24-byte header followed by one page:
 *     0  page number
 *     4  for a commit frame, database size in pages after the commit; otherwise 0
 *     8  salt-1, 12 salt-2 (must equal the header's)
 *    16  checksum-1, 20 checksum-2: running checksum over frame-header bytes 0..7 and the
 *        page, continuing from the previous frame's (the header's for the first frame)
 *
 * A frame is valid when its salts match and its checksum verifies; the WAL ends at the
 * first invalid frame. Only frames up to the last valid commit frame are committed.
 * Invariant of this file: nothing is returned past the last commit frame. */
#include "repl_wal.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lg_err.h"

static uint32_t get_be32(const uint8_t *p);
static uint32_t get_le32(const uint8_t *p);
static bool valid_page_size(uint32_t sz);
static size_t frame_size(const repl_wal_pos_t *pos);
static int pread_full(int fd, uint8_t *p, size_t n, off_t off, size_t *got);
static int read_frames(int fd, const repl_wal_pos_t *start, size_t max_bytes, lg_buf_t *frames);

static uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint32_t get_le32(const uint8_t *p)
{
    return ((uint32_t)p[3] << 24) | ((uint32_t)p[2] << 16) | ((uint32_t)p[1] << 8) | p[0];
}

static bool valid_page_size(uint32_t sz)
{
    return sz >= 512 && sz <= 65536 && (sz & (sz - 1)) == 0;
}

static size_t frame_size(const repl_wal_pos_t *pos)
{
    return REPL_WAL_FRAME_HDR_SIZE + (size_t)pos->page_size;
}

void repl_wal_checksum(bool big_endian, const uint8_t *p, size_t n, uint32_t s[2])
{
    uint32_t s1 = s[0];
    uint32_t s2 = s[1];
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint32_t a = big_endian ? get_be32(p + i) : get_le32(p + i);
        uint32_t b = big_endian ? get_be32(p + i + 4) : get_le32(p + i + 4);
        s1 += a + s2;
        s2 += b + s1;
    }
    s[0] = s1;
    s[1] = s2;
}

int repl_wal_hdr_parse(const uint8_t *p, size_t n, repl_wal_hdr_t *out)
{
    if (n < REPL_WAL_HDR_SIZE)
        return LG_EINVAL;
    out->magic = get_be32(p);
    out->version = get_be32(p + 4);
    out->page_size = get_be32(p + 8);
    if (out->page_size == 1)
        out->page_size = 65536;
    out->ckpt_seq = get_be32(p + 12);
    out->salt1 = get_be32(p + 16);
    out->salt2 = get_be32(p + 20);
    out->cksum1 = get_be32(p + 24);
    out->cksum2 = get_be32(p + 28);
    if (out->magic != REPL_WAL_MAGIC_LE && out->magic != REPL_WAL_MAGIC_BE)
        return LG_EPROTO;
    if (out->version != REPL_WAL_VERSION || !valid_page_size(out->page_size))
        return LG_EPROTO;
    uint32_t s[2] = {0, 0};
    repl_wal_checksum(out->magic == REPL_WAL_MAGIC_BE, p, 24, s);
    if (s[0] != out->cksum1 || s[1] != out->cksum2)
        return LG_EPROTO;
    return 0;
}

void repl_wal_frame_hdr_parse(const uint8_t *p, repl_wal_frame_hdr_t *out)
{
    out->pgno = get_be32(p);
    out->commit_pages = get_be32(p + 4);
    out->salt1 = get_be32(p + 8);
    out->salt2 = get_be32(p + 12);
    out->cksum1 = get_be32(p + 16);
    out->cksum2 = get_be32(p + 20);
}

void repl_wal_pos_from_hdr(const repl_wal_hdr_t *hdr, repl_wal_pos_t *out)
{
    out->ckpt_seq = hdr->ckpt_seq;
    out->salt1 = hdr->salt1;
    out->salt2 = hdr->salt2;
    out->page_size = hdr->page_size;
    out->frame = 0;
    out->cksum1 = hdr->cksum1;
    out->cksum2 = hdr->cksum2;
    out->magic = hdr->magic;
}

repl_wal_continuity_t repl_wal_classify(const repl_wal_hdr_t *hdr, const repl_wal_pos_t *from)
{
    if (from == NULL)
        return REPL_WAL_LOST;
    if (hdr->page_size != from->page_size || hdr->magic != from->magic)
        return REPL_WAL_LOST;
    if (hdr->ckpt_seq == from->ckpt_seq && hdr->salt1 == from->salt1 && hdr->salt2 == from->salt2)
        return REPL_WAL_SAME;
    if (hdr->ckpt_seq == from->ckpt_seq + 1 && hdr->salt1 == from->salt1 + 1)
        return REPL_WAL_RESTART;
    return REPL_WAL_LOST;
}

void repl_wal_scan_frames(const repl_wal_pos_t *start, const uint8_t *buf, size_t len,
                          repl_wal_scan_t *out)
{
    size_t fsz = frame_size(start);
    bool be = start->magic == REPL_WAL_MAGIC_BE;
    uint32_t s[2] = {start->cksum1, start->cksum2};
    out->start = *start;
    out->end = *start;
    out->nframes = 0;
    out->commit_pages = 0;
    out->frames_len = 0;
    for (size_t off = 0, i = 0; off + fsz <= len; off += fsz, i++) {
        repl_wal_frame_hdr_t fh;
        repl_wal_frame_hdr_parse(buf + off, &fh);
        if (fh.salt1 != start->salt1 || fh.salt2 != start->salt2 || fh.pgno == 0)
            break;
        repl_wal_checksum(be, buf + off, 8, s);
        repl_wal_checksum(be, buf + off + REPL_WAL_FRAME_HDR_SIZE, start->page_size, s);
        if (s[0] != fh.cksum1 || s[1] != fh.cksum2)
            break;
        if (fh.commit_pages != 0) {
            out->end.frame = start->frame + (uint32_t)(i + 1);
            out->end.cksum1 = s[0];
            out->end.cksum2 = s[1];
            out->nframes = (uint32_t)(i + 1);
            out->commit_pages = fh.commit_pages;
            out->frames_len = off + fsz;
        }
    }
}

void repl_wal_scan(const uint8_t *wal, size_t n, const repl_wal_pos_t *from, repl_wal_scan_t *out)
{
    repl_wal_hdr_t hdr;
    memset(out, 0, sizeof *out);
    if (repl_wal_hdr_parse(wal, n, &hdr) != 0) {
        out->continuity = REPL_WAL_EMPTY;
        if (from != NULL) {
            out->start = *from;
            out->end = *from;
        }
        return;
    }
    repl_wal_continuity_t c = repl_wal_classify(&hdr, from);
    repl_wal_pos_t start;
    if (c == REPL_WAL_SAME)
        start = *from;
    else
        repl_wal_pos_from_hdr(&hdr, &start);
    size_t off = REPL_WAL_HDR_SIZE + (size_t)start.frame * frame_size(&start);
    if (off > n)
        off = n;
    repl_wal_scan_frames(&start, wal + off, n - off, out);
    out->frames_off = off;
    out->continuity = c;
}

static int pread_full(int fd, uint8_t *p, size_t n, off_t off, size_t *got)
{
    *got = 0;
    while (*got < n) {
        ssize_t r = pread(fd, p + *got, n - *got, off + (off_t)*got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return LG_EIO;
        if (r == 0)
            break;
        *got += (size_t)r;
    }
    return 0;
}

/* Whole frames at the start of p[0..n) that carry this WAL's salts: where a WAL file goes on
 * past its last frame (zeros the file was prepared with, or frames of the WAL before a
 * restart) the reading stops, instead of reading up to max_bytes of dead space. */
static size_t live_prefix(const repl_wal_pos_t *start, const uint8_t *p, size_t n)
{
    size_t fsz = frame_size(start), k = 0;
    for (; k + fsz <= n; k += fsz) {
        repl_wal_frame_hdr_t fh;
        repl_wal_frame_hdr_parse(p + k, &fh);
        if (fh.salt1 != start->salt1 || fh.salt2 != start->salt2 || fh.pgno == 0)
            break;
    }
    return k;
}

#define READ_CHUNK_FRAMES 256

static int read_frames(int fd, const repl_wal_pos_t *start, size_t max_bytes, lg_buf_t *frames)
{
    size_t fsz = frame_size(start);
    off_t off = REPL_WAL_HDR_SIZE + (off_t)start->frame * (off_t)fsz;
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < 0)
        return LG_EIO;
    if (end <= off)
        return 0;
    size_t want = (size_t)(end - off);
    if (want > max_bytes)
        want = max_bytes - max_bytes % fsz;
    if (want < fsz)
        return LG_ETOOBIG;
    size_t done = 0;
    while (done < want) {
        size_t n = want - done < fsz * READ_CHUNK_FRAMES ? want - done : fsz * READ_CHUNK_FRAMES;
        size_t got = 0;
        if (lg_buf_reserve(frames, n) != 0)
            return LG_ETOOBIG;
        int rc = pread_full(fd, frames->data + frames->len, n, off + (off_t)done, &got);
        if (rc != 0)
            return rc;
        size_t live = live_prefix(start, frames->data + frames->len, got);
        frames->len += live;
        done += live;
        if (live < n)
            break;
    }
    return 0;
}

int repl_wal_read_fd(int fd, const repl_wal_pos_t *from, size_t max_bytes, lg_buf_t *frames,
                     repl_wal_scan_t *out)
{
    uint8_t hb[REPL_WAL_HDR_SIZE];
    size_t got = 0;
    repl_wal_hdr_t hdr;
    memset(out, 0, sizeof *out);
    lg_buf_reset(frames);
    int rc = pread_full(fd, hb, sizeof hb, 0, &got);
    if (rc != 0)
        return rc;
    if (repl_wal_hdr_parse(hb, got, &hdr) != 0) {
        out->continuity = REPL_WAL_EMPTY;
        if (from != NULL) {
            out->start = *from;
            out->end = *from;
        }
        return 0;
    }
    repl_wal_continuity_t c = repl_wal_classify(&hdr, from);
    repl_wal_pos_t start;
    if (c == REPL_WAL_SAME)
        start = *from;
    else
        repl_wal_pos_from_hdr(&hdr, &start);
    rc = read_frames(fd, &start, max_bytes, frames);
    if (rc != 0)
        return rc;
    repl_wal_scan_frames(&start, frames->data, frames->len, out);
    out->continuity = c;
    return 0;
}

const char *repl_wal_continuity_name(repl_wal_continuity_t c)
{
    switch (c) {
    case REPL_WAL_SAME:
        return "same";
    case REPL_WAL_RESTART:
        return "restart";
    case REPL_WAL_LOST:
        return "lost";
    case REPL_WAL_EMPTY:
        return "empty";
    }
    return "?";
}
