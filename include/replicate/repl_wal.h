/* repl_wal.h - reader of SQLite WAL files: header and frame parsing, checksum validation,
 * and "which committed frames are new since position P" (pure; any thread).
 *
 * A position (repl_wal_pos_t) names a point in one WAL *epoch*: the epoch is identified by
 * the header's checkpoint sequence and salts, the point by the number of frames consumed
 * and the running checksum after them (the checksum chain is what lets the reader continue
 * from the middle of the file without rereading what came before). Positions always sit
 * just after a commit frame (or at frame 0 of an epoch).
 *
 * Continuity: SQLite restarts the WAL (checkpoint RESTART/TRUNCATE, then a new write) by
 * incrementing the checkpoint sequence and salt-1 by one and choosing a new salt-2. A
 * header whose sequence and salt-1 are exactly one past the position's is a RESTART: the
 * new epoch follows the old one, *provided* every committed frame of the old epoch was
 * consumed before the checkpoint (the replicator guarantees that by owning checkpoints).
 * Anything else (sequence jumped, WAL recreated with random salts, frames at the position
 * no longer verify) is LOST: the caller must start a new generation with a snapshot. */
#ifndef LG_REPLICATE_REPL_WAL_H
#define LG_REPLICATE_REPL_WAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_alloc.h"
#include "lg_buf.h"

#define REPL_WAL_HDR_SIZE 32
#define REPL_WAL_FRAME_HDR_SIZE 24
#define REPL_WAL_MAGIC_LE 0x377f0682u /* checksum words little-endian */
#define REPL_WAL_MAGIC_BE 0x377f0683u /* checksum words big-endian */
#define REPL_WAL_VERSION 3007000u

typedef struct repl_wal_hdr {
    uint32_t magic;
    uint32_t version;
    uint32_t page_size; /* decoded: 1 in the file means 65536 */
    uint32_t ckpt_seq;
    uint32_t salt1;
    uint32_t salt2;
    uint32_t cksum1;
    uint32_t cksum2;
} repl_wal_hdr_t;

typedef struct repl_wal_frame_hdr {
    uint32_t pgno;
    uint32_t commit_pages; /* database size in pages after this commit; 0 = not a commit */
    uint32_t salt1;
    uint32_t salt2;
    uint32_t cksum1;
    uint32_t cksum2;
} repl_wal_frame_hdr_t;

typedef struct repl_wal_pos {
    uint32_t ckpt_seq;
    uint32_t salt1;
    uint32_t salt2;
    uint32_t page_size;
    uint32_t frame;  /* frames consumed in this epoch; the next frame has index `frame` */
    uint32_t cksum1; /* running checksum after `frame` frames (the header's when 0) */
    uint32_t cksum2;
    uint32_t magic;
} repl_wal_pos_t;

typedef enum {
    REPL_WAL_SAME = 0, /* same epoch as the position */
    REPL_WAL_RESTART,  /* the next epoch, continuity kept */
    REPL_WAL_LOST,     /* continuity lost: new generation + snapshot needed */
    REPL_WAL_EMPTY,    /* no valid header (absent, truncated to 0, or torn) */
} repl_wal_continuity_t;

/* Result of a scan: committed frames [start.frame, end.frame) of one epoch. */
typedef struct repl_wal_scan {
    repl_wal_continuity_t continuity;
    repl_wal_pos_t start;  /* where the returned frames begin */
    repl_wal_pos_t end;    /* just after the last commit frame returned (== start if none) */
    uint32_t nframes;      /* end.frame - start.frame */
    uint32_t commit_pages; /* database size after the last returned commit; 0 if none */
    size_t frames_off;     /* byte offset of the first returned frame in the scanned buffer */
    size_t frames_len;     /* nframes * (24 + page_size) */
} repl_wal_scan_t;

/* SQLite's WAL checksum over n bytes (n a multiple of 8), continuing from s[0], s[1];
 * words are read big-endian when big_endian, else little-endian. Any thread. */
void repl_wal_checksum(bool big_endian, const uint8_t *p, size_t n, uint32_t s[2]);

/* Parses and validates a 32-byte WAL header (magic, version, page size, checksum).
 * 0, or LG_EPROTO when invalid, LG_EINVAL when n < 32. Any thread. */
int repl_wal_hdr_parse(const uint8_t *p, size_t n, repl_wal_hdr_t *out) LG_MUSTCHECK;

/* Decodes a 24-byte frame header (no validation). Any thread. */
void repl_wal_frame_hdr_parse(const uint8_t *p, repl_wal_frame_hdr_t *out);

/* The position at frame 0 of the epoch that `hdr` starts. Any thread. */
void repl_wal_pos_from_hdr(const repl_wal_hdr_t *hdr, repl_wal_pos_t *out);

/* How `hdr` relates to position `from` (from == NULL: always RESTART-like "new", reported
 * as REPL_WAL_LOST so the caller snapshots). Any thread. */
repl_wal_continuity_t repl_wal_classify(const repl_wal_hdr_t *hdr, const repl_wal_pos_t *from);

/* Walks frames in buf (which holds the frames starting at index start->frame, i.e. file
 * offset 32 + start->frame * (24 + page_size) is buf[0]), validating salts and the running
 * checksum, and stops at the first invalid or incomplete frame. Fills out->end / nframes /
 * commit_pages / frames_len for the frames up to and including the last valid commit frame;
 * frames after it (an open or rolled-back transaction) are not returned. Any thread. */
void repl_wal_scan_frames(const repl_wal_pos_t *start, const uint8_t *buf, size_t len,
                          repl_wal_scan_t *out);

/* Scans a whole WAL image (file bytes from offset 0) for committed frames after `from`
 * (NULL: from the start of the file's epoch). On REPL_WAL_SAME and REPL_WAL_RESTART the frames
 * are in wal[out->frames_off, +frames_len); on LOST the scan covers the whole current
 * epoch from frame 0 (for the caller's new generation); on EMPTY nothing. Any thread. */
void repl_wal_scan(const uint8_t *wal, size_t n, const repl_wal_pos_t *from, repl_wal_scan_t *out);

/* File version of repl_wal_scan: preads the header and then only the frames after the
 * position (at most max_bytes of them) into `frames` (reset first), so out->frames_off is 0
 * and out->frames_len bytes of `frames` are the frames. 0, LG_EIO on a read error, or
 * LG_ETOOBIG if `frames` cannot hold even one frame. Worker thread (blocking I/O). */
int repl_wal_read_fd(int fd, const repl_wal_pos_t *from, size_t max_bytes, lg_buf_t *frames,
                     repl_wal_scan_t *out) LG_MUSTCHECK;

const char *repl_wal_continuity_name(repl_wal_continuity_t c);

#endif
