/* catalog_fn_oid.c - stable OIDs for user relations, and the reg* conversions.
 *
 * OID of a user relation (table, view, index, sequence) named N:
 *     h(N) = 16384 + (FNV-1a-32(N) & 0x3fffffff)
 * Relations in sqlite_schema (main) are assigned in name order (bytewise); a relation whose
 * h is already taken gets the next free value (h+1, ..., wrapping inside the 30-bit range).
 * Names that are not in sqlite_schema (sequences, indexes that exist only as constraints)
 * probe the same way against that set. The same schema therefore gives the same OIDs on every
 * connection, and an OID changes only when a colliding name appears or disappears. The map is
 * cached per connection and rebuilt when PRAGMA schema_version changes.
 *
 * Functions: lg_reloid(name) -> oid; lg_tableoid(name) -> the tableoid of its rows;
 *   lg_regclass(text) -> oid (42P01 when missing),
 * to_regclass(text) -> oid or NULL, lg_regclass_out(oid) -> name (or the number),
 * lg_regnamespace_out(oid) -> schema name, lg_regnamespace(text) -> oid (3F000), and
 * lg_objoid(key) = h(key) without probing, for objects that are not relations
 * (constraints, defaults: unique within their catalog with overwhelming probability).
 * The regtype functions and format_type are in catalog_fn_type.c. */
#include "catalog_int.h"
#include "catalog_meta.h"
#include "lg_err.h"
#include "pgtype.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OID_SPACE 0x40000000u

typedef struct oid_ent {
    char *name;
    uint32_t oid;
} oid_ent_t;

typedef struct oid_map {
    sqlite3 *db;
    int schema_version; /* -1: not built */
    oid_ent_t *ents;    /* sorted by name */
    size_t n;
} oid_map_t;

/* System relations a client may name in regclass casts (obj_description(x, 'pg_class')). */
static const struct {
    const char *name;
    uint32_t oid;
} k_sysrels[] = {
    {"pg_type", 1247},
    {"pg_attribute", 1249},
    {"pg_proc", 1255},
    {"pg_class", 1259},
    {"pg_database", 1262},
    {"pg_constraint", 2606},
    {"pg_index", 2610},
    {"pg_namespace", 2615},
    {"pg_attrdef", 2604},
    {"pg_description", 2609},
    {"pg_am", 2601},
    {"pg_roles", 12001},
    {"pg_depend", 2608},
    {"pg_locks", 12002},
    {"pg_extension", 3079},
    {"pg_rewrite", 2618},
    {"pg_trigger", 2620},
    {"pg_language", 2612},
    {"pg_opclass", 2616},
    {"pg_opfamily", 2753},
    {"pg_enum", 3501},
    {"pg_sequence", 2224},
    {"pg_collation", 3456},
    {"pg_inherits", 2611},
    {"pg_tablespace", 1213},
    {"pg_auth_members", 1261},
    {"pg_policy", 3256},
    {"pg_publication", 6104},
    {"pg_statistic_ext", 3381},
    {"pg_range", 3541},
    {"pg_default_acl", 826},
    {"pg_largeobject_metadata", 2995},
    {"pg_db_role_setting", 2964},
    {"pg_subscription", 6100},
    {"pg_foreign_table", 3118},
    {"pg_foreign_server", 1417},
    {"pg_foreign_data_wrapper", 2328},
    {"pg_event_trigger", 3466},
    {"pg_cast", 2605},
    {"pg_init_privs", 3394},
    {"pg_transform", 3576},
    {"pg_aggregate", 2600},
    {"pg_operator", 2617},
    {"pg_conversion", 2607},
    {"pg_ts_config", 3602},
    {"pg_ts_config_map", 3603},
    {"pg_ts_dict", 3600},
    {"pg_ts_parser", 3601},
    {"pg_ts_template", 3764},
    {"pg_amop", 2602},
    {"pg_amproc", 2603},
    {"pg_statistic_ext_data", 3429},
    {"pg_partitioned_table", 3350},
    {"pg_largeobject", 2613},
    {"pg_seclabel", 3596},
    {"pg_shseclabel", 3592},
    {"pg_shdescription", 2396},
    {"pg_shdepend", 1214},
    {"pg_replication_origin", 6000},
    {"pg_publication_tables", 12068},
};

uint32_t catalog__name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (uint8_t)*s;
        h *= 16777619u;
    }
    return CATALOG_FIRST_USER_OID + (h & (OID_SPACE - 1));
}

static int taken(const oid_map_t *m, size_t upto, uint32_t oid)
{
    for (size_t i = 0; i < upto; i++)
        if (m->ents[i].oid == oid)
            return 1;
    return 0;
}

static uint32_t probe(const oid_map_t *m, size_t upto, const char *name)
{
    uint32_t h = catalog__name_hash(name);
    while (taken(m, upto, h))
        h = h + 1 >= CATALOG_FIRST_USER_OID + OID_SPACE ? CATALOG_FIRST_USER_OID : h + 1;
    return h;
}

static void map_clear(oid_map_t *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->ents[i].name);
    free(m->ents);
    m->ents = NULL;
    m->n = 0;
    m->schema_version = -1;
}

static int schema_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA main.schema_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int map_build(oid_map_t *m, int version)
{
    map_clear(m);
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT name FROM main.sqlite_schema WHERE type IN ('table','view','index')"
                      " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
    if (sqlite3_prepare_v2(m->db, sql, -1, &st, NULL) != SQLITE_OK)
        return LG_EIO;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (m->n == cap) {
            cap = cap ? cap * 2 : 64;
            oid_ent_t *ne = realloc(m->ents, cap * sizeof(*ne));
            if (!ne)
                break;
            m->ents = ne;
        }
        const char *name = (const char *)sqlite3_column_text(st, 0);
        char *dup = name ? strdup(name) : NULL;
        if (!dup)
            break;
        m->ents[m->n].name = dup;
        m->ents[m->n].oid = probe(m, m->n, dup);
        m->n++;
    }
    sqlite3_finalize(st);
    m->schema_version = version;
    return 0;
}

static uint32_t map_lookup(oid_map_t *m, const char *name)
{
    int v = schema_version(m->db);
    if (v != m->schema_version)
        map_build(m, v);
    size_t lo = 0;
    size_t hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(m->ents[mid].name, name);
        if (c == 0)
            return m->ents[mid].oid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return probe(m, m->n, name);
}

static void fn_reloid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name)
        return;
    sqlite3_result_int64(ctx, map_lookup(sqlite3_user_data(ctx), name));
}

/* lg_tableoid(name): the system column tableoid of a row of relation `name` (its SQLite
 * name): a system catalog's own OID (what pg_description.classoid holds), else lg_reloid. */
static void fn_tableoid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    if (!name)
        return;
    for (size_t i = 0; i < sizeof(k_sysrels) / sizeof(k_sysrels[0]); i++)
        if (strcmp(k_sysrels[i].name, name) == 0) {
            sqlite3_result_int64(ctx, k_sysrels[i].oid);
            return;
        }
    sqlite3_result_int64(ctx, map_lookup(sqlite3_user_data(ctx), name));
}

/* Copies the unquoted identifier starting at s (up to end) into buf, lower-cased unless
 * quoted. */
static void unquote_ident(const char *s, const char *end, char *buf, size_t cap)
{
    size_t o = 0;
    int quoted = *s == '"';
    for (const char *p = s; p < end && *p && o + 1 < cap; p++) {
        if (*p == '"') {
            if (p[1] == '"' && quoted) {
                buf[o++] = '"';
                p++;
            }
            continue;
        }
        buf[o++] = quoted ? *p : (char)tolower((unsigned char)*p);
    }
    buf[o] = '\0';
}

/* Schema of a qualified name "s.x" into buf ("" when unqualified). */
/* The schema part of "schema.name" or "catalog.schema.name" (quotes removed), "" when
 * the name is unqualified. */
static void schema_of(const char *s, char *buf, size_t cap)
{
    const char *dot = NULL, *prev = NULL;
    int inq = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            inq = !inq;
        else if (*p == '.' && !inq) {
            prev = dot;
            dot = p;
        }
    }
    buf[0] = '\0';
    if (dot)
        unquote_ident(prev ? prev + 1 : s, dot, buf, cap);
}

/* Strips an optional "public." / "pg_catalog." schema and double quotes into buf. */
static const char *bare_name(const char *s, char *buf, size_t cap)
{
    const char *dot = NULL;
    int inq = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            inq = !inq;
        else if (*p == '.' && !inq)
            dot = p;
    }
    const char *start = dot ? dot + 1 : s;
    unquote_ident(start, start + strlen(start), buf, cap);
    return buf;
}

/* 1 and *oid set when a relation called text exists; 0 when not; negative on error. */
/* 1 with *oid when schema has a relation `name`, 0 when not, < 0 on error. */
static int relation_in(sqlite3 *db, const char *schema, const char *name, sqlite3_int64 *oid)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT oid FROM pg_class WHERE relname = ?1 AND "
                           "relnamespace = lg_nspoid(?2)",
                           -1, &st, NULL) != SQLITE_OK)
        return LG_EIO;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, schema, -1, SQLITE_TRANSIENT);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *oid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return found;
}

static int regclass_lookup(sqlite3 *db, const char *text, sqlite3_int64 *oid)
{
    char *end = NULL;
    long long num = strtoll(text, &end, 10);
    if (end != text && *end == '\0') {
        *oid = num;
        return 1;
    }
    char name[256];
    bare_name(text, name, sizeof(name));
    for (size_t i = 0; i < sizeof(k_sysrels) / sizeof(k_sysrels[0]); i++)
        if (strcmp(k_sysrels[i].name, name) == 0) {
            *oid = k_sysrels[i].oid;
            return 1;
        }
    char schema[128];
    schema_of(text, schema, sizeof(schema));
    if (schema[0] && strcmp(schema, "pg_catalog"))
        return relation_in(db, schema, name, oid);
    /* unqualified: the session's temporary schema, then each schema of the search_path */
    char path[17][CATALOG_PATH_NAME];
    catalog_temp_schema(db, true, path[0], sizeof(path[0]));
    int n = catalog_search_path(db, path + 1, 16);
    for (int i = path[0][0] ? 0 : 1; i <= n; i++) {
        int rc = relation_in(db, path[i], name, oid);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static void fn_regclass(sqlite3_context *ctx, int argc, sqlite3_value **argv)
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
    int rc = regclass_lookup(sqlite3_context_db_handle(ctx), text, &oid);
    if (rc == 1) {
        sqlite3_result_int64(ctx, oid);
        return;
    }
    if (sqlite3_user_data(ctx) != NULL)
        return; /* to_regclass: NULL */
    char *msg = sqlite3_mprintf("42P01:relation \"%s\" does not exist", text);
    sqlite3_result_error(ctx, msg ? msg : "42P01:relation does not exist", -1);
    sqlite3_free(msg);
}

static void fn_regclass_out(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    sqlite3_int64 oid = sqlite3_value_int64(argv[0]);
    if (oid == 0) { /* InvalidOid prints as "-" */
        sqlite3_result_text(ctx, "-", 1, SQLITE_STATIC);
        return;
    }
    for (size_t i = 0; i < sizeof(k_sysrels) / sizeof(k_sysrels[0]); i++)
        if (k_sysrels[i].oid == oid) {
            sqlite3_result_text(ctx, k_sysrels[i].name, -1, SQLITE_STATIC);
            return;
        }
    sqlite3_stmt *st = NULL;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    if (sqlite3_prepare_v2(db,
                           "SELECT CASE WHEN pg_table_is_visible(oid) THEN relname ELSE "
                           "lg_nspname(relnamespace) || '.' || relname END FROM pg_class "
                           "WHERE oid = ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, oid);
        if (sqlite3_step(st) == SQLITE_ROW) {
            sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
            sqlite3_finalize(st);
            return;
        }
    }
    sqlite3_finalize(st);
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)oid);
    sqlite3_result_text(ctx, num, -1, SQLITE_TRANSIENT);
}

static void fn_objoid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *key = (const char *)sqlite3_value_text(argv[0]);
    if (key)
        sqlite3_result_int64(ctx, catalog__name_hash(key));
}

static void fn_regnamespace_out(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_int64 oid = sqlite3_value_int64(argv[0]);
    const char *n = oid == CATALOG_NS_PG_CATALOG           ? "pg_catalog"
                    : oid == CATALOG_NS_PUBLIC             ? "public"
                    : oid == CATALOG_NS_INFORMATION_SCHEMA ? "information_schema"
                                                           : NULL;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    char user[256];
    if (!n && catalog__nsp_name(sqlite3_context_db_handle(ctx), oid, user, sizeof(user)) == 0)
        n = user;
    if (n)
        sqlite3_result_text(ctx, n, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_int64(ctx, oid);
}

static void fn_regnamespace(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER) { /* an oid already */
        sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]));
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s)
        return;
    char *end = NULL;
    long long num = strtoll(s, &end, 10);
    if (end != s && *end == '\0' && s[0] != '-' && s[0] != '+')
        sqlite3_result_int64(ctx, num);
    else if (strcmp(s, "pg_catalog") == 0)
        sqlite3_result_int(ctx, CATALOG_NS_PG_CATALOG);
    else if (strcmp(s, "public") == 0)
        sqlite3_result_int(ctx, CATALOG_NS_PUBLIC);
    else if (strcmp(s, "information_schema") == 0)
        sqlite3_result_int(ctx, CATALOG_NS_INFORMATION_SCHEMA);
    else if (catalog_schema_exists(sqlite3_context_db_handle(ctx), s) == 1) {
        char key[300];
        snprintf(key, sizeof(key), "namespace:%s", s);
        sqlite3_result_int64(ctx, catalog__name_hash(key));
    } else {
        char *msg = sqlite3_mprintf("3F000:schema \"%s\" does not exist", s);
        sqlite3_result_error(ctx, msg ? msg : "3F000:schema does not exist", -1);
        sqlite3_free(msg);
    }
}

static void free_map(void *p)
{
    oid_map_t *m = p;
    map_clear(m);
    free(m);
}

int catalog__fn_oid_register(sqlite3 *db)
{
    oid_map_t *m = calloc(1, sizeof(*m));
    if (!m)
        return LG_ENOMEM;
    m->db = db;
    m->schema_version = -1;
    static int to_marker;
    int flags = SQLITE_UTF8 | SQLITE_INNOCUOUS;
    int rc =
        sqlite3_create_function_v2(db, "lg_reloid", 1, flags, m, fn_reloid, NULL, NULL, free_map);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_tableoid", 1, flags, m, fn_tableoid, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_regclass", 1, flags, NULL, fn_regclass, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "to_regclass", 1, flags, &to_marker, fn_regclass, NULL,
                                     NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_regclass_out", 1, flags, NULL, fn_regclass_out, NULL,
                                     NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_objoid", 1, flags | SQLITE_DETERMINISTIC, NULL,
                                     fn_objoid, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_regnamespace_out", 1, flags, NULL, fn_regnamespace_out,
                                     NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "lg_regnamespace", 1, flags, NULL, fn_regnamespace, NULL,
                                     NULL);
    return rc == SQLITE_OK ? 0 : LG_EINVAL;
}
