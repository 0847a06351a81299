/* repl_segment.c - encode, decode, verify and apply replicated objects.
 *
 * Object format (version 1). Every integer is big-endian. A fixed 104-byte header:
 *
 *     0   4  magic: "LGWS" (WAL segment) or "LGSS" (database snapshot)
 *     4   4  format version, 1
 *     8   8  generation id
 *    16   8  position: WAL frames shipped in this generation before this object
 *    24   4  frame count (segment) / 0 (snapshot)
 *    28   4  page size in bytes
 *    32   4  database size in pages once the object is applied
 *    36   4  WAL checkpoint sequence of the frames (informational)
 *    40   4  WAL salt-1, 44 4 WAL salt-2 (informational)
 *    48   8  unix time in milliseconds (segment: frames read; snapshot: taken)
 *    56   8  uncompressed payload length
 *    64   8  compressed payload length (= object size - 104)
 *    72  32  SHA-256 over header bytes 0..71 followed by the uncompressed payload
 *
 * then the payload as one zstd frame (with its content size and zstd's own checksum).
 * Segment payload: the WAL frames exactly as SQLite wrote them, 24-byte frame header
 * (page number, commit size, salts, checksums) + one page, in WAL order; the last frame
 * is a commit. Snapshot payload: the database file, db_pages * page_size bytes.
 *
 * Applying: snapshot bytes become the file; each segment frame's page is written at
 * (pgno - 1) * page_size, in order; after each object the file is truncated to
 * db_pages * page_size. */
#include "repl_segment.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "lg_err.h"
#include "repl_wal.h"

static void put_be32(uint8_t *p, uint32_t v);
static void put_be64(uint8_t *p, uint64_t v);
static uint32_t get_be32(const uint8_t *p);
static uint64_t get_be64(const uint8_t *p);
static void hdr_write(const repl_obj_hdr_t *h, uint8_t *p);
static int hdr_sha(const uint8_t *hdr72, const uint8_t *payload, size_t len, uint8_t out[32]);
static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int check_segment_frames(const repl_obj_hdr_t *h, const uint8_t *p, size_t n, char *err,
                                size_t errlen);
static int pwrite_full(int fd, const uint8_t *p, size_t n, off_t off);

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

static uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint64_t get_be64(const uint8_t *p)
{
    return ((uint64_t)get_be32(p) << 32) | get_be32(p + 4);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err != NULL && errlen > 0)
        vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return LG_EPROTO;
}

static void hdr_write(const repl_obj_hdr_t *h, uint8_t *p)
{
    memcpy(p, h->kind == REPL_OBJ_SNAPSHOT ? REPL_OBJ_MAGIC_SNAPSHOT : REPL_OBJ_MAGIC_SEGMENT, 4);
    put_be32(p + 4, REPL_OBJ_VERSION);
    put_be64(p + 8, h->generation);
    put_be64(p + 16, h->position);
    put_be32(p + 24, h->frames);
    put_be32(p + 28, h->page_size);
    put_be32(p + 32, h->db_pages);
    put_be32(p + 36, h->ckpt_seq);
    put_be32(p + 40, h->salt1);
    put_be32(p + 44, h->salt2);
    put_be64(p + 48, h->time_ms);
    put_be64(p + 56, h->raw_len);
    put_be64(p + 64, h->zst_len);
    memcpy(p + 72, h->sha256, 32);
}

static int hdr_sha(const uint8_t *hdr72, const uint8_t *payload, size_t len, uint8_t out[32])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int outlen = 0;
    int ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
             EVP_DigestUpdate(ctx, hdr72, 72) == 1 &&
             (len == 0 || EVP_DigestUpdate(ctx, payload, len) == 1) &&
             EVP_DigestFinal_ex(ctx, out, &outlen) == 1;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : LG_EIO;
}

int repl_obj_encode(repl_obj_hdr_t *hdr, const uint8_t *payload, size_t len, int zstd_level,
                    lg_buf_t *out)
{
    size_t fsz = REPL_WAL_FRAME_HDR_SIZE + (size_t)hdr->page_size;
    if (hdr->page_size < 512 || hdr->page_size > 65536)
        return LG_EINVAL;
    if (hdr->kind == REPL_OBJ_SEGMENT && (hdr->frames == 0 || len != hdr->frames * fsz))
        return LG_EINVAL;
    if (hdr->kind == REPL_OBJ_SNAPSHOT && len != (size_t)hdr->db_pages * hdr->page_size)
        return LG_EINVAL;
    lg_buf_reset(out);
    size_t bound = ZSTD_compressBound(len);
    if (lg_buf_reserve(out, REPL_OBJ_HDR_SIZE + bound) != 0)
        return LG_ETOOBIG;
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    if (cc == NULL)
        return LG_EIO;
    ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, zstd_level);
    ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
    size_t z = ZSTD_compress2(cc, out->data + REPL_OBJ_HDR_SIZE, bound, payload, len);
    ZSTD_freeCCtx(cc);
    if (ZSTD_isError(z))
        return LG_EIO;
    hdr->raw_len = len;
    hdr->zst_len = z;
    memset(hdr->sha256, 0, sizeof hdr->sha256);
    hdr_write(hdr, out->data);
    if (hdr_sha(out->data, payload, len, hdr->sha256) != 0)
        return LG_EIO;
    memcpy(out->data + 72, hdr->sha256, 32);
    out->len = REPL_OBJ_HDR_SIZE + z;
    return 0;
}

int repl_obj_decode_hdr(const uint8_t *p, size_t n, repl_obj_hdr_t *h, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    if (n < REPL_OBJ_HDR_SIZE)
        return fail(err, errlen, "object too short (%zu bytes, header is %d)", n,
                    REPL_OBJ_HDR_SIZE);
    if (memcmp(p, REPL_OBJ_MAGIC_SEGMENT, 4) == 0)
        h->kind = REPL_OBJ_SEGMENT;
    else if (memcmp(p, REPL_OBJ_MAGIC_SNAPSHOT, 4) == 0)
        h->kind = REPL_OBJ_SNAPSHOT;
    else
        return fail(err, errlen, "bad magic: not a litegres segment or snapshot");
    if (get_be32(p + 4) != REPL_OBJ_VERSION)
        return fail(err, errlen, "unsupported format version %" PRIu32, get_be32(p + 4));
    h->generation = get_be64(p + 8);
    h->position = get_be64(p + 16);
    h->frames = get_be32(p + 24);
    h->page_size = get_be32(p + 28);
    h->db_pages = get_be32(p + 32);
    h->ckpt_seq = get_be32(p + 36);
    h->salt1 = get_be32(p + 40);
    h->salt2 = get_be32(p + 44);
    h->time_ms = get_be64(p + 48);
    h->raw_len = get_be64(p + 56);
    h->zst_len = get_be64(p + 64);
    memcpy(h->sha256, p + 72, 32);
    if (h->page_size < 512 || h->page_size > 65536 || (h->page_size & (h->page_size - 1)))
        return fail(err, errlen, "bad page size %" PRIu32, h->page_size);
    return 0;
}

static int check_segment_frames(const repl_obj_hdr_t *h, const uint8_t *p, size_t n, char *err,
                                size_t errlen)
{
    size_t fsz = REPL_WAL_FRAME_HDR_SIZE + (size_t)h->page_size;
    if (h->frames == 0 || n != h->frames * fsz)
        return fail(err, errlen, "segment holds %zu bytes, not %" PRIu32 " frames of %zu", n,
                    h->frames, fsz);
    for (uint32_t i = 0; i < h->frames; i++) {
        repl_wal_frame_hdr_t fh;
        repl_wal_frame_hdr_parse(p + i * fsz, &fh);
        if (fh.pgno == 0)
            return fail(err, errlen, "frame %" PRIu32 " has page number 0", i);
        if (i + 1 == h->frames && fh.commit_pages != h->db_pages)
            return fail(err, errlen, "last frame commits %" PRIu32 " pages, header says %" PRIu32,
                        fh.commit_pages, h->db_pages);
    }
    return 0;
}

int repl_obj_decode(const uint8_t *p, size_t n, size_t max_raw, repl_obj_hdr_t *h,
                    lg_buf_t *payload, char *err, size_t errlen)
{
    int rc = repl_obj_decode_hdr(p, n, h, err, errlen);
    if (rc != 0)
        return rc;
    if (h->zst_len != n - REPL_OBJ_HDR_SIZE)
        return fail(err, errlen, "object is %zu bytes, header declares %" PRIu64 " + %d", n,
                    h->zst_len, REPL_OBJ_HDR_SIZE);
    if (h->raw_len > max_raw)
        return LG_ETOOBIG;
    unsigned long long cs = ZSTD_getFrameContentSize(p + REPL_OBJ_HDR_SIZE, h->zst_len);
    if (cs != h->raw_len)
        return fail(err, errlen,
                    "compressed payload is damaged (content size %llu, expected "
                    "%" PRIu64 ")",
                    cs, h->raw_len);
    lg_buf_reset(payload);
    if (lg_buf_reserve(payload, h->raw_len > 0 ? h->raw_len : 1) != 0)
        return LG_ETOOBIG;
    size_t d = ZSTD_decompress(payload->data, h->raw_len, p + REPL_OBJ_HDR_SIZE, h->zst_len);
    if (ZSTD_isError(d) || d != h->raw_len)
        return fail(err, errlen, "compressed payload is damaged (%s)",
                    ZSTD_isError(d) ? ZSTD_getErrorName(d) : "short");
    payload->len = d;
    uint8_t sha[32];
    if (hdr_sha(p, payload->data, d, sha) != 0 || memcmp(sha, h->sha256, 32) != 0)
        return fail(err, errlen, "SHA-256 mismatch: header or payload altered");
    if (h->kind == REPL_OBJ_SEGMENT)
        return check_segment_frames(h, payload->data, d, err, errlen);
    if (d != (size_t)h->db_pages * h->page_size)
        return fail(err, errlen, "snapshot holds %zu bytes, not %" PRIu32 " pages", d, h->db_pages);
    return 0;
}

static int pwrite_full(int fd, const uint8_t *p, size_t n, off_t off)
{
    while (n > 0) {
        ssize_t w = pwrite(fd, p, n, off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return LG_EIO;
        p += w;
        n -= (size_t)w;
        off += w;
    }
    return 0;
}

int repl_obj_apply(int fd, const repl_obj_hdr_t *h, const uint8_t *payload, size_t len)
{
    size_t ps = h->page_size;
    if (h->kind == REPL_OBJ_SNAPSHOT) {
        if (ftruncate(fd, 0) != 0 || pwrite_full(fd, payload, len, 0) != 0)
            return LG_EIO;
    } else {
        size_t fsz = REPL_WAL_FRAME_HDR_SIZE + ps;
        for (size_t off = 0; off + fsz <= len; off += fsz) {
            repl_wal_frame_hdr_t fh;
            repl_wal_frame_hdr_parse(payload + off, &fh);
            off_t at = (off_t)(fh.pgno - 1) * (off_t)ps;
            if (pwrite_full(fd, payload + off + REPL_WAL_FRAME_HDR_SIZE, ps, at) != 0)
                return LG_EIO;
        }
    }
    if (ftruncate(fd, (off_t)h->db_pages * (off_t)ps) != 0)
        return LG_EIO;
    return 0;
}
