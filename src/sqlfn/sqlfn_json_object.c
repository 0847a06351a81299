/* sqlfn_json_object.c - PostgreSQL's json_object / jsonb_object, which build an object from
 * text arrays (not SQLite's json_object, which takes key/value arguments):
 *   lg_json_object(kv) / lg_jsonb_object(kv)       kv is {k1,v1,k2,v2...} or {{k1,v1},...}
 *   lg_json_object(k, v) / lg_jsonb_object(k, v)   keys and values side by side
 * Values are strings (a NULL element is JSON null); a NULL key is 22004, an odd count, a
 * mismatch or a wrong shape 2202E, as in PostgreSQL. json prints {"a" : "1", "b" : null};
 * jsonb is normalized (sorted keys, the last duplicate wins). Arguments are array storage
 * (JSON arrays) or PostgreSQL array text. Any thread. */
#include <string.h>

#include "lg_err.h"
#include "pgtype_json.h"
#include "sqlfn_json.h"

#define OBJ_MAXDEPTH 3

/* Parses argument v as a text array into d (JSON text kept in *txt); false with the error
 * set on ctx. */
static bool text_array_arg(sqlite3_context *ctx, sqlite3_value *v, lg_buf_t *txt, jdoc_t *d)
{
    const char *s = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
        i++;
    if (i < n && s[i] == '[') {
        lg_buf_append(txt, s, n);
    } else if (sqlfn__pgarray_to_json(txt, s ? s : "", n, 't') != 0) {
        sqlfn__error(ctx, "22P02", "malformed array literal: \"%.200s\"", s ? s : "");
        return false;
    }
    if (txt->failed || sqlfn_json_parse(d, (const char *)txt->data, txt->len) != 0 ||
        d->nodes[0].kind != JN_ARRAY) {
        sqlfn_json_free(d);
        sqlfn__error(ctx, "22P02", "malformed array literal: \"%.200s\"", s ? s : "");
        return false;
    }
    return true;
}

/* Appends key node k and value node v of d (v < 0: null) as one member. */
static bool put_member(sqlite3_context *ctx, lg_buf_t *b, const jdoc_t *kd, int32_t k,
                       const jdoc_t *vd, int32_t v, bool *first)
{
    if (kd->nodes[k].kind == JN_NULL) {
        sqlfn__error(ctx, "22004", "null value not allowed for object key");
        return false;
    }
    lg_buf_append(b, ", ", *first ? 0 : 2);
    *first = false;
    sqlfn__json_write(b, kd, k, JW_RAW);
    lg_buf_append(b, " : ", 3);
    if (v < 0 || vd->nodes[v].kind == JN_NULL)
        lg_buf_append(b, "null", 4);
    else
        sqlfn__json_write(b, vd, v, JW_RAW);
    return true;
}

/* One array: pairs in a flat list, or rows of two. */
static bool build_from_pairs(sqlite3_context *ctx, lg_buf_t *b, const jdoc_t *d)
{
    int32_t first_el = d->nodes[0].child;
    bool rows = first_el >= 0 && d->nodes[first_el].kind == JN_ARRAY;
    if (!rows && d->nodes[0].count % 2 != 0) {
        sqlfn__error(ctx, "2202E", "array must have even number of elements");
        return false;
    }
    bool first = true;
    for (int32_t e = first_el; e >= 0; e = d->nodes[e].next) {
        int32_t k = e, v;
        if (rows) {
            int32_t c = d->nodes[e].child;
            if (d->nodes[e].kind != JN_ARRAY || d->nodes[e].count != 2 ||
                d->nodes[c].kind == JN_ARRAY) {
                sqlfn__error(ctx, "2202E",
                             d->nodes[e].kind == JN_ARRAY && d->nodes[c].kind == JN_ARRAY
                                 ? "wrong number of array subscripts"
                                 : "array must have two columns");
                return false;
            }
            k = c;
            v = d->nodes[c].next;
        } else {
            v = d->nodes[e].next;
            e = v;
        }
        if (!put_member(ctx, b, d, k, d, v, &first))
            return false;
    }
    return true;
}

static bool build_from_two(sqlite3_context *ctx, lg_buf_t *b, const jdoc_t *kd, const jdoc_t *vd)
{
    int32_t k = kd->nodes[0].child, v = vd->nodes[0].child;
    if (kd->nodes[0].count != vd->nodes[0].count || (k >= 0 && kd->nodes[k].kind == JN_ARRAY) ||
        (v >= 0 && vd->nodes[v].kind == JN_ARRAY)) {
        sqlfn__error(ctx, "2202E", "mismatched array dimensions");
        return false;
    }
    bool first = true;
    for (; k >= 0; k = kd->nodes[k].next, v = vd->nodes[v].next)
        if (!put_member(ctx, b, kd, k, vd, v, &first))
            return false;
    return true;
}

static void fn_json_object(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    bool jsonb = sqlite3_user_data(ctx) != NULL;
    lg_buf_t t1, t2, b;
    lg_buf_init(&t1, SQLFN_MAX_LEN);
    lg_buf_init(&t2, SQLFN_MAX_LEN);
    lg_buf_init(&b, SQLFN_MAX_LEN);
    jdoc_t k, v;
    bool have_k = text_array_arg(ctx, argv[0], &t1, &k);
    bool have_v = have_k && argc > 1 && text_array_arg(ctx, argv[1], &t2, &v);
    bool ok = have_k && (argc < 2 || have_v);
    if (ok) {
        lg_buf_putc(&b, '{');
        ok = argc < 2 ? build_from_pairs(ctx, &b, &k) : build_from_two(ctx, &b, &k, &v);
        lg_buf_putc(&b, '}');
    }
    if (ok && jsonb) {
        lg_buf_t norm;
        lg_buf_init(&norm, SQLFN_MAX_LEN);
        lg_pgerr_t err;
        if (pgtype_jsonb_normalize((const char *)b.data, b.len, &norm, &err) == 0)
            sqlfn__json_result_buf(ctx, &norm);
        else
            sqlfn__error(ctx, err.sqlstate, "%s", err.message);
        lg_buf_deinit(&norm);
    } else if (ok) {
        sqlfn__json_result_buf(ctx, &b);
    }
    if (have_v)
        sqlfn_json_free(&v);
    if (have_k)
        sqlfn_json_free(&k);
    lg_buf_deinit(&b);
    lg_buf_deinit(&t1);
    lg_buf_deinit(&t2);
}

int sqlfn__register_json_object(sqlite3 *db)
{
    static int jsonb_flag;
    static const struct {
        const char *name;
        int nargs;
        void *data;
    } defs[] = {
        {"lg_json_object", 1, NULL},
        {"lg_json_object", 2, NULL},
        {"lg_jsonb_object", 1, &jsonb_flag},
        {"lg_jsonb_object", 2, &jsonb_flag},
    };
    for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
        if (sqlite3_create_function_v2(db, defs[i].name, defs[i].nargs, SQLFN_PURE, defs[i].data,
                                       fn_json_object, NULL, NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    return 0;
}
