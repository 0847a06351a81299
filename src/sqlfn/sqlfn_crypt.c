/* sqlfn_crypt.c - pgcrypto's password hashing on libxcrypt:
 *   crypt(password, salt) -> text: the hash for the method the salt names ($2a$ bcrypt,
 *   $1$ md5-crypt, _ extended DES, 2 characters traditional DES; a stored hash works as its
 *   own salt, so h = crypt(pw, h) verifies);
 *   gen_salt(type [, rounds]) -> text for type bf (rounds 4..31, default 6), md5 (no
 *   rounds), xdes (odd rounds 1..16777215, default 725), des (no rounds). Salt bytes come
 *   from OpenSSL's RAND_bytes. Errors follow pgcrypto: 22023 "gen_salt: Unknown salt
 *   algorithm" / "gen_salt: Incorrect number of rounds", 39000 when crypt(3) rejects a salt. */
#include <crypt.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

static void fn_crypt(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    struct crypt_data *cd = lg_xcalloc(1, sizeof *cd);
    const char *h = crypt_r((const char *)sqlite3_value_text(argv[0]),
                            (const char *)sqlite3_value_text(argv[1]), cd);
    if (h == NULL || h[0] == '*')
        sqlfn__error(ctx, "39000", "crypt(3) returned NULL");
    else
        sqlite3_result_text(ctx, h, -1, SQLITE_TRANSIENT);
    free(cd);
}

typedef struct salt_kind {
    const char *name;
    const char *prefix;
    long def_rounds, min_rounds, max_rounds; /* 0 = takes no rounds */
} salt_kind_t;

static void fn_gen_salt(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const salt_kind_t k[] = {{"bf", "$2a$", 6, 4, 31},
                                    {"md5", "$1$", 0, 0, 0},
                                    {"xdes", "_", 725, 1, 16777215},
                                    {"des", "", 0, 0, 0}};
    if (sqlfn__any_null(argc, argv))
        return;
    const char *type = (const char *)sqlite3_value_text(argv[0]);
    const salt_kind_t *s = NULL;
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if (!strcasecmp(type, k[i].name))
            s = &k[i];
    if (s == NULL) {
        sqlfn__error(ctx, "22023", "gen_salt: Unknown salt algorithm");
        return;
    }
    long rounds = s->def_rounds;
    if (argc > 1) {
        sqlite3_int64 r = sqlite3_value_int64(argv[1]);
        bool odd_ok = strcmp(s->name, "xdes") != 0 || (r & 1);
        if (s->max_rounds == 0 || r < s->min_rounds || r > s->max_rounds || !odd_ok) {
            sqlfn__error(ctx, "22023", "gen_salt: Incorrect number of rounds");
            return;
        }
        rounds = (long)r;
    }
    unsigned char rnd[16];
    char out[CRYPT_GENSALT_OUTPUT_SIZE];
    if (RAND_bytes(rnd, sizeof rnd) != 1 ||
        crypt_gensalt_rn(s->prefix, (unsigned long)rounds, (const char *)rnd, sizeof rnd, out,
                         sizeof out) == NULL) {
        sqlfn__error(ctx, "39000", "gen_salt: could not generate a salt");
        return;
    }
    sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static const sqlfn_def_t defs[] = {
    {"crypt", 2, SQLFN_PURE, fn_crypt},
    {"gen_salt", 1, SQLFN_VOLATILE, fn_gen_salt},
    {"gen_salt", 2, SQLFN_VOLATILE, fn_gen_salt},
};

int sqlfn__register_crypt(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
