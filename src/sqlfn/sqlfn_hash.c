/* sqlfn_hash.c - hashtext(text) -> int4, PostgreSQL's hash of a text value (hash_bytes:
 * Bob Jenkins' lookup3 over the UTF-8 bytes, little-endian), so that keys derived from it
 * (pg_advisory_lock(hashtext('name'))) are the numbers PostgreSQL computes. */
#include <stdint.h>

#include "lg_err.h"
#include "sqlfn_int.h"

#define ROT(x, k) (((x) << (k)) | ((x) >> (32 - (k))))

#define MIX(a, b, c)                                                                               \
    do {                                                                                           \
        a -= c, a ^= ROT(c, 4), c += b;                                                            \
        b -= a, b ^= ROT(a, 6), a += c;                                                            \
        c -= b, c ^= ROT(b, 8), b += a;                                                            \
        a -= c, a ^= ROT(c, 16), c += b;                                                           \
        b -= a, b ^= ROT(a, 19), a += c;                                                           \
        c -= b, c ^= ROT(b, 4), b += a;                                                            \
    } while (0)

#define FINAL(a, b, c)                                                                             \
    do {                                                                                           \
        c ^= b, c -= ROT(b, 14);                                                                   \
        a ^= c, a -= ROT(c, 11);                                                                   \
        b ^= a, b -= ROT(a, 25);                                                                   \
        c ^= b, c -= ROT(b, 16);                                                                   \
        a ^= c, a -= ROT(c, 4);                                                                    \
        b ^= a, b -= ROT(a, 14);                                                                   \
        c ^= b, c -= ROT(b, 24);                                                                   \
    } while (0)

static uint32_t le32(const unsigned char *k)
{
    return (uint32_t)k[0] | ((uint32_t)k[1] << 8) | ((uint32_t)k[2] << 16) | ((uint32_t)k[3] << 24);
}

static uint32_t hash_bytes(const unsigned char *k, size_t len)
{
    uint32_t a, b, c;
    a = b = c = 0x9e3779b9u + (uint32_t)len + 3923095u;
    while (len >= 12) {
        a += le32(k);
        b += le32(k + 4);
        c += le32(k + 8);
        MIX(a, b, c);
        k += 12;
        len -= 12;
    }
    switch (len) { /* the last 11 bytes; c's lowest byte is left for the length */
    case 11:
        c += (uint32_t)k[10] << 24; /* fall through */
    case 10:
        c += (uint32_t)k[9] << 16; /* fall through */
    case 9:
        c += (uint32_t)k[8] << 8; /* fall through */
    case 8:
        b += (uint32_t)k[7] << 24; /* fall through */
    case 7:
        b += (uint32_t)k[6] << 16; /* fall through */
    case 6:
        b += (uint32_t)k[5] << 8; /* fall through */
    case 5:
        b += k[4]; /* fall through */
    case 4:
        a += (uint32_t)k[3] << 24; /* fall through */
    case 3:
        a += (uint32_t)k[2] << 16; /* fall through */
    case 2:
        a += (uint32_t)k[1] << 8; /* fall through */
    case 1:
        a += k[0]; /* fall through */
    default:
        break;
    }
    FINAL(a, b, c);
    return c;
}

static void fn_hashtext(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const unsigned char *p = sqlite3_value_text(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    sqlite3_result_int64(ctx, (int32_t)hash_bytes(p ? p : (const unsigned char *)"", n));
}

int sqlfn__register_hash(sqlite3 *db)
{
    return sqlite3_create_function_v2(db, "hashtext", 1, SQLFN_PURE, NULL, fn_hashtext, NULL, NULL,
                                      NULL) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}
