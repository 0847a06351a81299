/* sqlfn_misc.c - gen_random_uuid, version(), num_nulls/num_nonnulls and the per-connection
 * session identity behind current_user, session_user, current_role, user,
 * current_database, current_catalog and current_schema.
 *
 * Session identity lives in a struct owned by the connection (freed by SQLite when the
 * functions are dropped). sqlfn_set_session_info() reaches it by running
 * lg__set_session_info(?1) with ?1 bound as an SQLite pointer value of type
 * "lg_session_info": SQL text cannot forge such a pointer, so clients cannot change who they
 * are through that function. */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn.h"
#include "sqlfn_int.h"

#define SESSION_NAME_MAX 64 /* NAMEDATALEN */
#define PTR_TYPE "lg_session_info"

typedef struct session_info {
    char user[SESSION_NAME_MAX];
    char database[SESSION_NAME_MAX];
} session_info_t;

typedef struct session_update {
    const char *user;
    const char *database;
} session_update_t;

static void fn_gen_random_uuid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    unsigned char u[16];
    if (RAND_bytes(u, sizeof u) != 1) {
        sqlfn__error(ctx, "XX000", "could not generate random values");
        return;
    }
    u[6] = (unsigned char)((u[6] & 0x0F) | 0x40);
    u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
    char out[37];
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out[k++] = '-';
        }
        snprintf(out + k, 3, "%02x", u[i]);
        k += 2;
    }
    sqlite3_result_text(ctx, out, 36, SQLITE_TRANSIENT);
}

static void fn_version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    static const char v[] = "PostgreSQL 15.8 on x86_64-pc-linux-gnu, compiled by gcc, 64-bit "
                            "(litegres 0.1.0, SQLite " SQLITE_VERSION ")";
    sqlite3_result_text(ctx, v, -1, SQLITE_STATIC);
}

static void count_nulls(sqlite3_context *ctx, int argc, sqlite3_value **argv, bool nulls)
{
    int k = 0;
    for (int i = 0; i < argc; i++) {
        k += (sqlite3_value_type(argv[i]) == SQLITE_NULL) == nulls;
    }
    sqlite3_result_int(ctx, k);
}

static void fn_num_nulls(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    count_nulls(ctx, argc, argv, true);
}

static void fn_num_nonnulls(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    count_nulls(ctx, argc, argv, false);
}

static void fn_current_user(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    session_info_t *s = sqlite3_user_data(ctx);
    sqlite3_result_text(ctx, s->user, -1, SQLITE_TRANSIENT);
}

static void fn_current_database(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    session_info_t *s = sqlite3_user_data(ctx);
    sqlite3_result_text(ctx, s->database, -1, SQLITE_TRANSIENT);
}

static void fn_current_schema(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, "public", 6, SQLITE_STATIC);
}

static void set_name(char *dst, const char *src)
{
    if (src != NULL) {
        snprintf(dst, SESSION_NAME_MAX, "%s", src);
    }
}

static void fn_set_session_info(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const session_update_t *u = sqlite3_value_pointer(argv[0], PTR_TYPE);
    if (u == NULL) {
        sqlfn__error(ctx, "42501", "permission denied to set session identity");
        return;
    }
    session_info_t *s = sqlite3_user_data(ctx);
    set_name(s->user, u->user);
    set_name(s->database, u->database);
    sqlite3_result_null(ctx);
}

int sqlfn_set_session_info(sqlite3 *db, const char *user, const char *database)
{
    session_update_t u = {user, database};
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT lg__set_session_info(?1)", -1, &st, NULL) !=
        SQLITE_OK) {
        return LG_EINVAL;
    }
    sqlite3_bind_pointer(st, 1, &u, PTR_TYPE, NULL);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : LG_EINVAL;
}

static const sqlfn_def_t defs[] = {
    {"gen_random_uuid", 0, SQLFN_VOLATILE, fn_gen_random_uuid},
    {"version", 0, SQLFN_PURE, fn_version},
    {"num_nulls", -1, SQLFN_PURE, fn_num_nulls},
    {"num_nonnulls", -1, SQLFN_PURE, fn_num_nonnulls},
    {"current_schema", 0, SQLFN_PURE, fn_current_schema},
};

static const sqlfn_def_t session_defs[] = {
    {"current_user", 0, SQLITE_UTF8, fn_current_user},
    {"session_user", 0, SQLITE_UTF8, fn_current_user},
    {"current_role", 0, SQLITE_UTF8, fn_current_user},
    {"user", 0, SQLITE_UTF8, fn_current_user},
    {"current_database", 0, SQLITE_UTF8, fn_current_database},
    {"current_catalog", 0, SQLITE_UTF8, fn_current_database},
    {"lg__set_session_info", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, fn_set_session_info},
};

int sqlfn__register_misc(sqlite3 *db)
{
    int rc = sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
    if (rc != 0) {
        return rc;
    }
    session_info_t *s = lg_xcalloc(1, sizeof *s);
    set_name(s->user, "postgres");
    set_name(s->database, "postgres");
    /* The first registration owns s and frees it when the connection closes. */
    if (sqlite3_create_function_v2(db, "lg__session_info_owner", 0, SQLITE_UTF8, s,
                                   fn_current_user, NULL, NULL, free) != SQLITE_OK) {
        return LG_EINVAL;
    }
    return sqlfn__register_table(db, session_defs, LG_ARRAY_LEN(session_defs), s);
}
