/* sqlfn_enum.c - enums and domains at run time (docs/storage.md, "User types").
 *
 * An enum column stores its label as TEXT and is declared `COLLATE "lg_enum_<type>"`; this
 * file registers that collation on demand (sqlite3_collation_needed) so that comparisons,
 * ORDER BY, min/max follow the labels' sort order in _lg_enum, not the text. Labels are
 * cached per collation and reloaded when the connection's change count or the file's data
 * version moves (ALTER TYPE ... ADD VALUE inserts a row). A label the type does not have
 * sorts after every known one (input is validated, so only stale data can be unknown).
 *
 * Functions (the translator emits them; names are the type's name in _lg_types):
 *   lg_enum_in(v, type)      v if it is a label of type, else 22P02; NULL stays NULL
 *   lg_enum_ok(v, type)      1 or the same error (a column's CHECK)
 *   lg_domain_check(v, dom)  v if the domain's NOT NULL and CHECKs accept it, else 23502 /
 *                            23514 named after the failing constraint
 *   lg_domain_ok(v, dom)     1 or the same error (a column's CHECK)
 *   lg_domain_valid(v, dom)  1 when the domain accepts v, else 0, raising nothing (ALTER
 *                            DOMAIN checks the stored values with it)
 *   lg_enum_first(type) / lg_enum_last(type)  enum_first / enum_last
 *   lg_enum_range(type, lo, hi)  enum_range as a JSON array (NULL bounds are open) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

#define ENUM_COLL_PREFIX "lg_enum_"
#define ENUM_MAX_LABELS 1024

typedef struct enum_coll {
    sqlite3 *db;
    char *type;
    sqlite3_int64 stamp_changes;
    unsigned stamp_version;
    bool loaded;
    int n;
    char *labels[ENUM_MAX_LABELS];
    int lens[ENUM_MAX_LABELS];
} enum_coll_t;

static void coll_clear(enum_coll_t *e)
{
    for (int i = 0; i < e->n; i++)
        free(e->labels[i]);
    e->n = 0;
}

static void coll_free(void *p)
{
    enum_coll_t *e = p;
    coll_clear(e);
    free(e->type);
    free(e);
}

static void coll_load(enum_coll_t *e)
{
    unsigned ver = 0;
    sqlite3_file_control(e->db, "main", SQLITE_FCNTL_DATA_VERSION, &ver);
    sqlite3_int64 ch = sqlite3_total_changes64(e->db);
    if (e->loaded && ch == e->stamp_changes && ver == e->stamp_version)
        return;
    coll_clear(e);
    e->loaded = true;
    e->stamp_changes = ch;
    e->stamp_version = ver;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(e->db,
                           "SELECT label FROM _lg_enum WHERE typname = ?1 "
                           "ORDER BY sortorder",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, e->type, -1, SQLITE_STATIC);
    while (e->n < ENUM_MAX_LABELS && sqlite3_step(st) == SQLITE_ROW) {
        int len = sqlite3_column_bytes(st, 0);
        e->labels[e->n] = lg_xmalloc((size_t)len + 1);
        memcpy(e->labels[e->n], sqlite3_column_text(st, 0), (size_t)len + 1);
        e->lens[e->n++] = len;
    }
    sqlite3_finalize(st);
}

static int coll_pos(const enum_coll_t *e, int len, const void *s)
{
    for (int i = 0; i < e->n; i++)
        if (e->lens[i] == len && memcmp(e->labels[i], s, (size_t)len) == 0)
            return i;
    return ENUM_MAX_LABELS;
}

static int coll_cmp(void *arg, int la, const void *a, int lb, const void *b)
{
    enum_coll_t *e = arg;
    coll_load(e);
    int pa = coll_pos(e, la, a), pb = coll_pos(e, lb, b);
    if (pa != pb)
        return pa < pb ? -1 : 1;
    if (pa < ENUM_MAX_LABELS)
        return 0;
    int r = memcmp(a, b, (size_t)(la < lb ? la : lb));
    return r ? r : la - lb;
}

static void coll_needed(void *arg, sqlite3 *db, int enc, const char *name)
{
    (void)arg, (void)enc;
    size_t plen = strlen(ENUM_COLL_PREFIX);
    if (strncasecmp(name, ENUM_COLL_PREFIX, plen) != 0 || !name[plen])
        return;
    enum_coll_t *e = lg_xcalloc(1, sizeof(*e));
    e->db = db;
    e->type = lg_xstrdup(name + plen);
    if (sqlite3_create_collation_v2(db, name, SQLITE_UTF8, e, coll_cmp, coll_free) != SQLITE_OK)
        coll_free(e);
}

/* 1 label found, 0 not a label, -1 no such type. */
static int enum_has(sqlite3 *db, const char *type, sqlite3_value *v)
{
    sqlite3_stmt *st = NULL;
    int r = -1;
    if (sqlite3_prepare_v2(db, "SELECT max(label = ?2) FROM _lg_enum WHERE typname = ?1", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
        sqlite3_bind_value(st, 2, v);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            r = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return r;
}

static bool enum_validate(sqlite3_context *ctx, sqlite3_value **argv)
{
    const char *type = (const char *)sqlite3_value_text(argv[1]);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || !type)
        return true;
    int r = enum_has(sqlite3_context_db_handle(ctx), type, argv[0]);
    if (r == 1)
        return true;
    if (r < 0)
        sqlfn__error(ctx, "42704", "type \"%s\" does not exist", type);
    else
        sqlfn__error(ctx, "22P02", "invalid input value for enum %s: \"%s\"", type,
                     (const char *)sqlite3_value_text(argv[0]));
    return false;
}

static void fn_enum_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (!enum_validate(ctx, argv))
        return;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_text(ctx, (const char *)sqlite3_value_text(argv[0]), -1, SQLITE_TRANSIENT);
}

static void fn_enum_ok(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (enum_validate(ctx, argv))
        sqlite3_result_int(ctx, 1);
}

/* Runs one stored check (SQLite expression over ?1); 1 pass, 0 fail, -1 error. */
static int domain_run_check(sqlite3 *db, const char *expr, sqlite3_value *v)
{
    sqlite3_str *q = sqlite3_str_new(db);
    sqlite3_str_appendf(q, "SELECT (%s)", expr);
    char *sql = sqlite3_str_finish(q);
    sqlite3_stmt *st = NULL;
    int r = -1;
    if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_value(st, 1, v);
        if (sqlite3_step(st) == SQLITE_ROW)
            r = sqlite3_column_type(st, 0) == SQLITE_NULL || sqlite3_column_int(st, 0) != 0;
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return r;
}

/* Whether dom accepts argv[0]; with quiet, a rejection raises no error on ctx. */
static bool domain_validate(sqlite3_context *ctx, sqlite3_value **argv, bool quiet)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *dom = (const char *)sqlite3_value_text(argv[1]);
    if (!dom)
        return true;
    sqlite3_stmt *st = NULL;
    bool ok = true, isnull = sqlite3_value_type(argv[0]) == SQLITE_NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT t.not_null, c.name, c.expr FROM _lg_types t LEFT JOIN "
                           "_lg_domain_checks c ON c.typname = t.name WHERE t.name = ?1 "
                           "ORDER BY c.name",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return true;
    }
    sqlite3_bind_text(st, 1, dom, -1, SQLITE_STATIC);
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        if (isnull && sqlite3_column_int(st, 0)) {
            if (!quiet)
                sqlfn__error(ctx, "23502", "domain %s does not allow null values", dom);
            ok = false;
        } else if (!isnull && sqlite3_column_type(st, 2) != SQLITE_NULL) {
            int r = domain_run_check(db, (const char *)sqlite3_column_text(st, 2), argv[0]);
            if (r == 0 && quiet)
                ok = false;
            else if (r == 0)
                sqlfn__error(ctx, "23514",
                             "value for domain %s violates check constraint "
                             "\"%s\"",
                             dom, (const char *)sqlite3_column_text(st, 1));
            if (r == 0)
                ok = false;
            else if (r < 0) {
                sqlfn__error(ctx, "XX000", "cannot evaluate check of domain %s: %s", dom,
                             sqlite3_errmsg(db));
                ok = false;
            }
        }
    }
    sqlite3_finalize(st);
    return ok;
}

static void fn_domain_check(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (domain_validate(ctx, argv, false))
        sqlite3_result_value(ctx, argv[0]);
}

static void fn_domain_ok(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (domain_validate(ctx, argv, false))
        sqlite3_result_int(ctx, 1);
}

static void fn_domain_valid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_int(ctx, domain_validate(ctx, argv, true));
}

/* lg_enum_first(type) / lg_enum_last(type): the first / last label in sort order. */
static void fn_enum_end(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    bool last = sqlite3_user_data(ctx) != NULL;
    sqlite3_stmt *st = NULL;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    const char *sql = last ? "SELECT label FROM _lg_enum WHERE typname = ?1 ORDER BY sortorder "
                             "DESC LIMIT 1"
                           : "SELECT label FROM _lg_enum WHERE typname = ?1 ORDER BY sortorder "
                             "LIMIT 1";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        sqlfn__error(ctx, "42704", "type \"%s\" does not exist",
                     (const char *)sqlite3_value_text(argv[0]));
        return;
    }
    sqlite3_bind_value(st, 1, argv[0]);
    if (sqlite3_step(st) == SQLITE_ROW)
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
    else
        sqlfn__error(ctx, "55000", "enum %s contains no values",
                     (const char *)sqlite3_value_text(argv[0]));
    sqlite3_finalize(st);
}

/* lg_enum_range(type, lo, hi): JSON array of the labels from lo to hi in sort order (a NULL
 * bound is open); lo after hi gives []. */
static void fn_enum_range(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT json_group_array(label) FROM (SELECT label FROM _lg_enum WHERE typname = ?1 "
        "AND sortorder >= coalesce((SELECT sortorder FROM _lg_enum WHERE typname = ?1 AND "
        "label = ?2), -1e300) AND sortorder <= coalesce((SELECT sortorder FROM _lg_enum WHERE "
        "typname = ?1 AND label = ?3), 1e300) ORDER BY sortorder)";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        sqlfn__error(ctx, "42704", "type \"%s\" does not exist",
                     (const char *)sqlite3_value_text(argv[0]));
        return;
    }
    for (int i = 0; i < 3; i++)
        sqlite3_bind_value(st, i + 1, argv[i]);
    if (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
        sqlite3_result_subtype(ctx, 74); /* JSON, as sqlfn_json.h's SQLFN_JSON_SUBTYPE */
    }
    sqlite3_finalize(st);
}

static const sqlfn_def_t k_defs[] = {
    {"lg_enum_range", 3, SQLFN_PURE, fn_enum_range},
    {"lg_enum_in", 2, SQLFN_PURE, fn_enum_in},
    {"lg_enum_ok", 2, SQLFN_PURE, fn_enum_ok},
    {"lg_domain_check", 2, SQLFN_PURE, fn_domain_check},
    {"lg_domain_ok", 2, SQLFN_PURE, fn_domain_ok},
    {"lg_domain_valid", 2, SQLFN_PURE, fn_domain_valid},
};

int sqlfn__register_enum(sqlite3 *db)
{
    static int last_marker;
    if (sqlite3_collation_needed(db, NULL, coll_needed) != SQLITE_OK)
        return LG_EINVAL;
    if (sqlite3_create_function_v2(db, "lg_enum_first", 1, SQLFN_PURE, NULL, fn_enum_end, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_enum_last", 1, SQLFN_PURE, &last_marker, fn_enum_end,
                                   NULL, NULL, NULL) != SQLITE_OK)
        return LG_EINVAL;
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), NULL);
}
