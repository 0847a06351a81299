/* repl_segment.h - the bytes of replicated objects: WAL segments and database snapshots
 * (encode/decode are pure, any thread; repl_segment_apply does file I/O, worker thread).
 *
 * The format is described in repl_segment.c and docs/replication.md. Decoding verifies the
 * magic, version, lengths, the zstd frame and the SHA-256, and for a segment that the frames
 * are whole, carry page numbers and end with a commit; any failure is LG_EPROTO with a
 * message in the caller's error buffer naming what is wrong. */
#ifndef LG_REPLICATE_REPL_SEGMENT_H
#define LG_REPLICATE_REPL_SEGMENT_H
#include <stddef.h>
#include <stdint.h>

#include "lg_alloc.h"
#include "lg_buf.h"

#define REPL_OBJ_HDR_SIZE 104
#define REPL_OBJ_VERSION 1
#define REPL_OBJ_MAGIC_SEGMENT "LGWS"
#define REPL_OBJ_MAGIC_SNAPSHOT "LGSS"

typedef enum { REPL_OBJ_SEGMENT = 1, REPL_OBJ_SNAPSHOT = 2 } repl_obj_kind_t;

typedef struct repl_obj_hdr {
    repl_obj_kind_t kind;
    uint64_t generation;
    uint64_t position; /* frames shipped in this generation before this object */
    uint32_t frames;   /* segment: frames in it; snapshot: 0 */
    uint32_t page_size;
    uint32_t db_pages; /* database size in pages after the object is applied */
    uint32_t ckpt_seq; /* WAL epoch the frames came from (informational) */
    uint32_t salt1;
    uint32_t salt2;
    uint64_t time_ms;   /* unix ms: when the frames were read / the snapshot was taken */
    uint64_t raw_len;   /* uncompressed payload bytes (filled by encode) */
    uint64_t zst_len;   /* compressed payload bytes (filled by encode) */
    uint8_t sha256[32]; /* filled by encode */
} repl_obj_hdr_t;

/* Encodes header + zstd(payload) into out (reset first). hdr's lengths and sha256 are
 * computed and written back. For a segment, payload is raw WAL frames (24-byte header +
 * page each) and hdr->frames must match. 0, LG_EINVAL (inconsistent header), LG_ETOOBIG
 * (out's ceiling), LG_EIO (compressor failure). Any thread. */
int repl_obj_encode(repl_obj_hdr_t *hdr, const uint8_t *payload, size_t len, int zstd_level,
                    lg_buf_t *out) LG_MUSTCHECK;

/* Parses and checks only the fixed header (first REPL_OBJ_HDR_SIZE bytes). 0 or LG_EPROTO
 * with a message in err. Any thread. */
int repl_obj_decode_hdr(const uint8_t *p, size_t n, repl_obj_hdr_t *hdr, char *err,
                        size_t errlen) LG_MUSTCHECK;

/* Decodes and verifies a whole object; the payload goes to `payload` (reset first). The
 * declared size must be <= max_raw. 0, LG_EPROTO (corrupt: err says how) or LG_ETOOBIG.
 * Any thread. */
int repl_obj_decode(const uint8_t *p, size_t n, size_t max_raw, repl_obj_hdr_t *hdr,
                    lg_buf_t *payload, char *err, size_t errlen) LG_MUSTCHECK;

/* Applies a decoded object to the database file open on fd: a snapshot replaces the whole
 * content, a segment writes each frame's page at (pgno - 1) * page_size; then the file is
 * truncated to db_pages pages. 0 or LG_EIO. Worker thread (blocking I/O). */
int repl_obj_apply(int fd, const repl_obj_hdr_t *hdr, const uint8_t *payload,
                   size_t len) LG_MUSTCHECK;

#endif
