/* catalog_fn_reg.c - the reg* input/output functions besides regclass and regtype (which are
 * in catalog_fn_oid.c / catalog_fn_type.c): regproc and regrole. The translator emits them
 * for `x::regproc`, `x::regrole` and their `::text` output (docs/catalog.md).
 *
 *   lg_regproc(text)      -> oid: '-' is 0, digits are the oid, otherwise a pg_proc name
 *                            (a regprocedure's argument list ignored; a type I/O function
 *                            named in pg_type gets a stable oid of its own)
 *                            (42883 when there is none)
 *   lg_regproc_out(oid)   -> '-' for 0, the function's name, or the number when unknown
 *   lg_regrole(text)      -> oid: digits are the oid, the session's user is 10,
 *                            pg_database_owner 6171, otherwise 42704
 *   lg_regrole_out(oid)   -> the role's name, or the number when unknown
 *
 * Invariants: NULL in, NULL out; integers pass through the input functions unchanged.
 * Errors carry their SQLSTATE as a "XXXXX:" message prefix. Worker thread. */
#include "catalog_int.h"
#include "lg_err.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROLE_DB_OWNER 6171

/* 1 when text is an unsigned decimal number (an oid written out), *out set. */
static int parse_oid(const char *text, sqlite3_int64 *out)
{
    char *end = NULL;
    if (!text[0] || text[0] == '-' || text[0] == '+')
        return 0;
    long long v = strtoll(text, &end, 10);
    if (*end != '\0' || v < 0)
        return 0;
    *out = v;
    return 1;
}

/* Runs sql with ?1 bound to arg; 1 and the first column in *out when a row came back. */
static int lookup_text(sqlite3 *db, const char *sql, sqlite3_value *arg, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_value(st, 1, arg);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
            found = 1;
        }
    }
    sqlite3_finalize(st);
    return found;
}

static void result_error(sqlite3_context *ctx, const char *fmt, const char *arg)
{
    char *msg = sqlite3_mprintf(fmt, arg);
    sqlite3_result_error(ctx, msg ? msg : "XX000:out of memory", -1);
    sqlite3_free(msg);
}

static void fn_regproc(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
        sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
        return;
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text)
        return;
    sqlite3_int64 oid = 0;
    if (strcmp(text, "-") == 0 || parse_oid(text, &oid)) {
        sqlite3_result_int64(ctx, oid);
        return;
    }
    char bare[128], nsp[128] = ""; /* regprocedure: 'name(argtypes)' -> name */
    const char *from = strncmp(text, "pg_catalog.", 11) == 0 ? text + 11 : text;
    size_t n = strcspn(from, "(");
    snprintf(bare, sizeof(bare), "%.*s", (int)(n < sizeof(bare) ? n : sizeof(bare) - 1), from);
    char *dot = strchr(bare, '.'); /* schema.name: a user function of that schema */
    if (dot) {
        *dot = '\0';
        snprintf(nsp, sizeof(nsp), "%s", bare);
        memmove(bare, dot + 1, strlen(dot + 1) + 1);
    }
    sqlite3_stmt *st = NULL;
    int found = 0;
    /* a type's I/O function (pg_type.typinput, ...) is no pg_proc row here: a stable oid */
    if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx),
                           "SELECT oid FROM pg_proc WHERE proname = ?1 AND (?2 = '' OR "
                           "pronamespace = lg_nspoid(?2)) UNION ALL "
                           "SELECT lg_objoid('proc:' || ?1) FROM pg_type WHERE ?1 IN "
                           "(typinput, typoutput, typreceive, typsend) LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, bare, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, nsp, -1, SQLITE_TRANSIENT);
        if ((found = sqlite3_step(st) == SQLITE_ROW))
            sqlite3_result_int64(ctx, sqlite3_column_int64(st, 0));
    }
    sqlite3_finalize(st);
    if (!found)
        result_error(ctx, "42883:function \"%s\" does not exist", text);
}

static void fn_regproc_out(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    sqlite3_int64 oid = sqlite3_value_int64(argv[0]);
    char name[256];
    if (oid == 0)
        snprintf(name, sizeof(name), "-");
    else if (!lookup_text(sqlite3_context_db_handle(ctx),
                          "SELECT proname FROM pg_proc WHERE oid = ?1", argv[0], name,
                          sizeof(name)))
        snprintf(name, sizeof(name), "%lld", (long long)oid);
    sqlite3_result_text(ctx, name, -1, SQLITE_TRANSIENT);
}

/* The session user's name (pg_get_userbyid(10)) into buf; "" when unavailable. */
static void session_user_name(sqlite3 *db, char *buf, size_t cap)
{
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT pg_get_userbyid(10)", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
        snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static void fn_regrole(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
        sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
        return;
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text)
        return;
    sqlite3_int64 oid = 0;
    char user[256];
    session_user_name(sqlite3_context_db_handle(ctx), user, sizeof(user));
    if (parse_oid(text, &oid))
        sqlite3_result_int64(ctx, oid);
    else if (strcmp(text, "pg_database_owner") == 0)
        sqlite3_result_int(ctx, ROLE_DB_OWNER);
    else if (user[0] && strcmp(text, user) == 0)
        sqlite3_result_int(ctx, CATALOG_ROLE_OID);
    else
        result_error(ctx, "42704:role \"%s\" does not exist", text);
}

static void fn_regrole_out(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    sqlite3_int64 oid = sqlite3_value_int64(argv[0]);
    char name[256];
    if (oid == CATALOG_ROLE_OID)
        session_user_name(sqlite3_context_db_handle(ctx), name, sizeof(name));
    else if (oid == ROLE_DB_OWNER)
        snprintf(name, sizeof(name), "pg_database_owner");
    else
        name[0] = '\0';
    if (!name[0])
        snprintf(name, sizeof(name), "%lld", (long long)oid);
    sqlite3_result_text(ctx, name, -1, SQLITE_TRANSIENT);
}

int catalog__fn_reg_register(sqlite3 *db)
{
    static const struct {
        const char *name;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } k_fns[] = {
        {"lg_regproc", fn_regproc},
        {"lg_regproc_out", fn_regproc_out},
        {"lg_regrole", fn_regrole},
        {"lg_regrole_out", fn_regrole_out},
    };
    for (size_t i = 0; i < sizeof(k_fns) / sizeof(k_fns[0]); i++)
        if (sqlite3_create_function(db, k_fns[i].name, 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                    k_fns[i].fn, NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    return 0;
}
