/* catalog_fn_type.c - type names: format_type(oid, typmod), the regtype conversions
 * lg_regtype(text) -> oid (42704 when unknown), to_regtype(text) -> oid or NULL,
 * lg_regtype_out(oid) -> name as PostgreSQL prints a regtype.
 *
 * Typmods are decoded as PostgreSQL stores them: varchar/bpchar n+4, numeric
 * ((p << 16) | s) + 4, time/timestamp/timestamptz/timetz the precision, bit/varbit n. */
#include "catalog_int.h"
#include "catalog_types.h"
#include "lg_err.h"
#include "pgtype.h"
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the typmod decoration of base type oid ("(30)", "(6,2)") into buf; "" if none. */
static void typmod_text(uint32_t oid, int32_t typmod, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (typmod < 0)
        return;
    switch (oid) {
    case PGTYPE_VARCHAR:
    case PGTYPE_BPCHAR:
        if (typmod >= 4)
            snprintf(buf, cap, "(%d)", (int)(typmod - 4));
        return;
    case PGTYPE_NUMERIC:
        if (typmod >= 4)
            snprintf(buf, cap, "(%d,%d)", (int)(((typmod - 4) >> 16) & 0xffff),
                     (int)((typmod - 4) & 0xffff));
        return;
    case PGTYPE_TIME:
    case PGTYPE_TIMETZ:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
    case 1560:
    case 1562:
        snprintf(buf, cap, "(%d)", (int)typmod);
        return;
    default:
        return;
    }
}

void catalog__format_type(uint32_t oid, int32_t typmod, char *buf, size_t cap)
{
    uint32_t elem = 0;
    const catalog_typeinfo_t *t = catalog__typeinfo_by_oid(oid, &elem);
    if (!t) {
        snprintf(buf, cap, "%s", oid == 0 ? "-" : "???");
        return;
    }
    uint32_t base = elem ? elem : oid;
    char mod[32];
    typmod_text(base, typmod, mod, sizeof(mod));
    const char *arr = elem ? "[]" : "";
    if (base == PGTYPE_BPCHAR && !mod[0]) {
        snprintf(buf, cap, "bpchar%s", arr);
        return;
    }
    const char *disp = t->display;
    const char *zone = strstr(disp, " with");
    if (mod[0] && zone &&
        (base == PGTYPE_TIMESTAMP || base == PGTYPE_TIMESTAMPTZ || base == PGTYPE_TIME ||
         base == PGTYPE_TIMETZ)) {
        /* "timestamp(3) with time zone" */
        snprintf(buf, cap, "%.*s%s%s%s", (int)(zone - disp), disp, mod, zone, arr);
        return;
    }
    snprintf(buf, cap, "%s%s%s", disp, mod, arr);
}

static bool usertype_name(sqlite3 *db, uint32_t oid, char *buf, size_t cap);

static void fn_format_type(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    int32_t typmod = -1;
    if (argc > 1 && sqlite3_value_type(argv[1]) != SQLITE_NULL)
        typmod = sqlite3_value_int(argv[1]);
    char buf[128];
    uint32_t oid = (uint32_t)sqlite3_value_int64(argv[0]);
    if (oid == PGTYPE_BPCHAR && argc > 1 && sqlite3_value_type(argv[1]) == SQLITE_NULL)
        snprintf(buf, sizeof(buf), "character"); /* PostgreSQL: NULL typmod != -1 here */
    else if (oid >= CATALOG_FIRST_USER_OID &&
             usertype_name(sqlite3_context_db_handle(ctx), oid, buf, sizeof(buf)))
        ; /* an enum or domain (or its array) */
    else
        catalog__format_type(oid, typmod, buf, sizeof(buf));
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* OID of a type name as a user writes it ("integer", "varchar(30)", "text[]",
 * "pg_catalog.int4", "timestamp with time zone"); 0 when unknown. */
static uint32_t regtype_lookup(const char *text)
{
    char name[128];
    size_t o = 0;
    const char *p = text;
    const char *dot = strchr(text, '.');
    if (dot && strncmp(text, "pg_catalog.", 11) == 0)
        p = dot + 1;
    int array = 0;
    for (; *p && o + 1 < sizeof(name); p++) {
        if (*p == '(') { /* drop a typmod */
            while (*p && *p != ')')
                p++;
            if (!*p)
                break;
            continue;
        }
        if (*p == '[') {
            array = 1;
            break;
        }
        if (*p == '"')
            continue;
        name[o++] = (char)tolower((unsigned char)*p);
    }
    while (o > 0 && name[o - 1] == ' ')
        o--;
    name[o] = '\0';
    uint32_t oid = pgtype_from_name(name);
    if (!oid) {
        const catalog_typeinfo_t *t = catalog__typeinfo_by_name(name);
        oid = t ? t->oid : 0;
    }
    if (!oid && name[0] == '_') {
        const catalog_typeinfo_t *t = catalog__typeinfo_by_name(name + 1);
        return t ? t->array_oid : 0;
    }
    if (oid && array) {
        uint32_t elem = 0;
        const catalog_typeinfo_t *t = catalog__typeinfo_by_oid(oid, &elem);
        return t && !elem ? t->array_oid : 0;
    }
    return oid;
}

/* A user type (_lg_types) by name: "t", "t[]" or "_t" (its array type); 0 when none. */
static uint32_t usertype_lookup(sqlite3 *db, const char *text)
{
    char name[128];
    snprintf(name, sizeof(name), "%s", text);
    size_t n = strlen(name);
    bool array = false;
    if (n > 2 && !strcmp(name + n - 2, "[]")) {
        name[n - 2] = '\0';
        array = true;
    }
    const char *key = name;
    if (strncmp(key, "public.", 7) == 0)
        key += 7;
    sqlite3_stmt *st = NULL;
    uint32_t oid = 0;
    for (int pass = 0; pass < 2 && !oid; pass++) {
        if (pass == 1 && (array || key[0] != '_'))
            break;
        if (sqlite3_prepare_v2(db, "SELECT oid FROM _lg_types WHERE name = ?1", -1, &st, NULL) !=
            SQLITE_OK) {
            sqlite3_finalize(st);
            return 0;
        }
        sqlite3_bind_text(st, 1, pass ? key + 1 : key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            oid = (uint32_t)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        if (oid && (array || pass == 1))
            oid |= PGTYPE_USER_ARRAY_BIT;
    }
    return oid;
}

/* Name of user type oid (or of its array type) into buf; false when unknown. */
static bool usertype_name(sqlite3 *db, uint32_t oid, char *buf, size_t cap)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT name FROM _lg_types WHERE oid = ?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(st, 1, oid & ~PGTYPE_USER_ARRAY_BIT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(buf, cap, "%s%s", (const char *)sqlite3_column_text(st, 0),
                     (oid & PGTYPE_USER_ARRAY_BIT) ? "[]" : "");
            found = true;
        }
    }
    sqlite3_finalize(st);
    return found;
}

void catalog__format_type_db(sqlite3 *db, uint32_t oid, int32_t typmod, char *buf, size_t cap)
{
    if (oid >= 16384 && usertype_name(db, oid, buf, cap))
        return;
    catalog__format_type(oid, typmod, buf, cap);
}

static void fn_regtype(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) {
        sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
        return;
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text)
        return;
    char *end = NULL;
    long long num = strtoll(text, &end, 10);
    if (end != text && *end == '\0') {
        sqlite3_result_int64(ctx, num);
        return;
    }
    char plain[128]; /* "pg_catalog"."int4" -> pg_catalog.int4 (quotes keep the case) */
    size_t k = 0;
    for (const char *p = text; *p && k + 1 < sizeof(plain); p++)
        if (*p != '"' || p[1] == '"')
            plain[k++] = *p == '"' ? *++p : *p;
    plain[k] = '\0';
    uint32_t oid = regtype_lookup(plain);
    if (!oid)
        oid = usertype_lookup(sqlite3_context_db_handle(ctx), plain);
    if (oid) {
        sqlite3_result_int64(ctx, oid);
        return;
    }
    if (sqlite3_user_data(ctx) != NULL)
        return; /* to_regtype */
    char *msg = sqlite3_mprintf("42704:type \"%s\" does not exist", text);
    sqlite3_result_error(ctx, msg ? msg : "42704:type does not exist", -1);
    sqlite3_free(msg);
}

static void fn_regtype_out(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    uint32_t oid = (uint32_t)sqlite3_value_int64(argv[0]);
    uint32_t elem = 0;
    if (!catalog__typeinfo_by_oid(oid, &elem)) {
        char uname[160];
        if (usertype_name(sqlite3_context_db_handle(ctx), oid, uname, sizeof(uname))) {
            sqlite3_result_text(ctx, uname, -1, SQLITE_TRANSIENT);
            return;
        }
        char num[16];
        snprintf(num, sizeof(num), "%u", oid);
        sqlite3_result_text(ctx, num, -1, SQLITE_TRANSIENT);
        return;
    }
    char buf[128];
    catalog__format_type(oid, -1, buf, sizeof(buf));
    sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

int catalog__fn_type_register(sqlite3 *db)
{
    static int to_marker;
    int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function(db, "format_type", 2, f, NULL, fn_format_type, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_regtype", 1, f, NULL, fn_regtype, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "to_regtype", 1, f, &to_marker, fn_regtype, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_regtype_out", 1, f, NULL, fn_regtype_out, NULL, NULL);
    return rc == SQLITE_OK ? 0 : LG_EINVAL;
}
