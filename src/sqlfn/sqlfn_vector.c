/* sqlfn_vector.c - int2vector / oidvector values: the catalog stores them as PostgreSQL
 * prints them, space-separated integers ("2 3", pg_index.indkey), and they are subscripted
 * from 0, unlike arrays.
 *   lg_vec_elem(v, i)  element i (0-based) as an integer; NULL when v is NULL, i is out of
 *                      range or NULL
 *   lg_vec_json(v)     the elements as a JSON array ("2 3" -> [2,3]), the storage form of an
 *                      int2[] / oid[], so that unnest, _pg_expandarray and ::int2[] casts
 *                      can read it; a value that already is a JSON array passes unchanged */
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "sqlfn_int.h"

#define VEC_MAX_TEXT 65536

/* The next integer of the space-separated text at *p; false at the end or on junk. */
static bool vec_next(const char **p, sqlite3_int64 *out)
{
    const char *s = *p;
    while (*s == ' ')
        s++;
    if (!*s)
        return false;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || (*end && *end != ' '))
        return false;
    *out = v;
    *p = end;
    return true;
}

static void fn_vec_elem(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlfn__any_null(2, argv))
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    sqlite3_int64 want = sqlite3_value_int64(argv[1]);
    if (!s || want < 0)
        return;
    sqlite3_int64 v;
    for (sqlite3_int64 i = 0; vec_next(&s, &v); i++) {
        if (i == want) {
            sqlite3_result_int64(ctx, v);
            return;
        }
    }
}

static void fn_vec_json(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int n = sqlite3_value_bytes(argv[0]);
    if (!s || n > VEC_MAX_TEXT) {
        sqlfn__error(ctx, "54000", "vector value too long");
        return;
    }
    const char *t = s;
    while (*t == ' ')
        t++;
    if (*t == '[') {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    sqlite3_str *out = sqlite3_str_new(NULL);
    sqlite3_str_appendchar(out, 1, '[');
    sqlite3_int64 v;
    for (int i = 0; vec_next(&t, &v); i++)
        sqlite3_str_appendf(out, "%s%lld", i ? "," : "", v);
    sqlite3_str_appendchar(out, 1, ']');
    int len = sqlite3_str_length(out);
    char *r = sqlite3_str_finish(out);
    if (!r) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, r, len, sqlite3_free);
}

int sqlfn__register_vector(sqlite3 *db)
{
    if (sqlite3_create_function_v2(db, "lg_vec_elem", 2, SQLFN_PURE, NULL, fn_vec_elem, NULL, NULL,
                                   NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_vec_json", 1, SQLFN_PURE, NULL, fn_vec_json, NULL, NULL,
                                   NULL) != SQLITE_OK)
        return LG_EINVAL;
    return 0;
}
