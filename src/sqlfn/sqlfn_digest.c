/* sqlfn_digest.c - cryptographic hashes returning bytea: the core functions sha224, sha256,
 * sha384, sha512 (bytea -> bytea) and pgcrypto's digest(data, type), hmac(data, key, type)
 * and gen_random_bytes(n). data and key may be text or bytea (their bytes are hashed);
 * type names are case-insensitive: md5, sha1, sha224, sha256, sha384, sha512 (others 22023,
 * as pgcrypto's "Cannot use ...: No such hash algorithm"). Any thread (pure except
 * gen_random_bytes). */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdint.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

static const EVP_MD *digest_by_name(const char *name)
{
    static const struct {
        const char *name;
        const EVP_MD *(*md)(void);
    } k[] = {{"md5", EVP_md5},       {"sha1", EVP_sha1},     {"sha224", EVP_sha224},
             {"sha256", EVP_sha256}, {"sha384", EVP_sha384}, {"sha512", EVP_sha512}};
    for (size_t i = 0; name && i < LG_ARRAY_LEN(k); i++)
        if (sqlite3_stricmp(name, k[i].name) == 0)
            return k[i].md();
    return NULL;
}

static const void *value_bytes(sqlite3_value *v, size_t *n)
{
    const void *p = sqlite3_value_type(v) == SQLITE_BLOB ? sqlite3_value_blob(v)
                                                         : (const void *)sqlite3_value_text(v);
    *n = (size_t)sqlite3_value_bytes(v);
    return p ? p : "";
}

static void result_digest(sqlite3_context *ctx, sqlite3_value *data, const EVP_MD *md)
{
    size_t n;
    const void *p = value_bytes(data, &n);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(p, n, out, &len, md, NULL) != 1) {
        sqlfn__error(ctx, "XX000", "digest failed");
        return;
    }
    sqlite3_result_blob(ctx, out, (int)len, SQLITE_TRANSIENT);
}

static const EVP_MD *md_arg(sqlite3_context *ctx, sqlite3_value *v)
{
    const char *name = (const char *)sqlite3_value_text(v);
    const EVP_MD *md = digest_by_name(name);
    if (!md)
        sqlfn__error(ctx, "22023", "Cannot use \"%s\": No such hash algorithm",
                     name ? name : "");
    return md;
}

static void fn_digest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    const EVP_MD *md = md_arg(ctx, argv[1]);
    if (md)
        result_digest(ctx, argv[0], md);
}

static void fn_sha_fixed(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    result_digest(ctx, argv[0], digest_by_name((const char *)sqlite3_user_data(ctx)));
}

static void fn_hmac(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    const EVP_MD *md = md_arg(ctx, argv[2]);
    if (!md)
        return;
    size_t n, kn;
    const void *p = value_bytes(argv[0], &n);
    const void *key = value_bytes(argv[1], &kn);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(md, key, (int)kn, p, n, out, &len)) {
        sqlfn__error(ctx, "XX000", "hmac failed");
        return;
    }
    sqlite3_result_blob(ctx, out, (int)len, SQLITE_TRANSIENT);
}

static void fn_gen_random_bytes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    sqlite3_int64 n = sqlite3_value_int64(argv[0]);
    if (n < 1 || n > 1024) {
        sqlfn__error(ctx, "22023", "Length not in range");
        return;
    }
    unsigned char buf[1024];
    if (RAND_bytes(buf, (int)n) != 1) {
        sqlfn__error(ctx, "XX000", "could not generate random bytes");
        return;
    }
    sqlite3_result_blob(ctx, buf, (int)n, SQLITE_TRANSIENT);
}

int sqlfn__register_digest(sqlite3 *db)
{
    static const char *const shas[] = {"sha224", "sha256", "sha384", "sha512"};
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    for (size_t i = 0; i < LG_ARRAY_LEN(shas); i++) {
        if (sqlite3_create_function_v2(db, shas[i], 1, flags, (void *)(uintptr_t)shas[i],
                                       fn_sha_fixed, NULL, NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    }
    static const sqlfn_def_t defs[] = {
        {"digest", 2, SQLFN_PURE, fn_digest},
        {"hmac", 3, SQLFN_PURE, fn_hmac},
        {"gen_random_bytes", 1, SQLFN_VOLATILE, fn_gen_random_bytes},
    };
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
