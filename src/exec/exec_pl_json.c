/* exec_pl_json.c - the PL/pgSQL parse trees that pg_query_parse_plpgsql returns, as a tree
 * of pj_t values with keyed lookups. The text is parsed by sqlfn's JSON document model
 * (include/sqlfn/sqlfn_jsondoc.h); this file only turns its flat nodes into the tree, with
 * strings decoded, and refuses nesting deeper than PJ_MAX_DEPTH. Any thread. */
#include "exec_pl.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include "sqlfn_jsondoc.h"
#include <stdlib.h>
#include <string.h>

#define PJ_MAX_DEPTH 400

static char *node_string(const jdoc_t *d, int32_t i)
{
    lg_buf_t b;
    lg_buf_init(&b, (size_t)1 << 30);
    sqlfn_json_unescape(&b, d, i);
    lg_buf_putc(&b, 0);
    size_t len;
    return (char *)lg_buf_steal(&b, &len);
}

static pj_t *from_node(const jdoc_t *d, int32_t i, int depth);

/* Members of container node i: an object's children are its keys, each followed by its
 * value (key index + 1). */
static pj_t *from_container(const jdoc_t *d, int32_t i, int depth)
{
    pj_t *j = lg_xcalloc(1, sizeof(*j));
    bool obj = d->nodes[i].kind == JN_OBJECT;
    j->kind = obj ? PJ_OBJ : PJ_ARR;
    size_t cap = d->nodes[i].count > 0 ? (size_t)d->nodes[i].count : 1;
    j->items = lg_xcalloc(cap, sizeof(pj_t *));
    if (obj)
        j->keys = lg_xcalloc(cap, sizeof(char *));
    for (int32_t c = d->nodes[i].child; c >= 0 && (size_t)j->n < cap; c = d->nodes[c].next) {
        pj_t *v = from_node(d, obj ? c + 1 : c, depth + 1);
        if (!v) {
            pj_free(j);
            return NULL;
        }
        if (obj)
            j->keys[j->n] = node_string(d, c);
        j->items[j->n++] = v;
    }
    return j;
}

static pj_t *from_node(const jdoc_t *d, int32_t i, int depth)
{
    if (depth > PJ_MAX_DEPTH)
        return NULL;
    const jnode_t *nd = &d->nodes[i];
    if (nd->kind == JN_OBJECT || nd->kind == JN_ARRAY)
        return from_container(d, i, depth);
    pj_t *j = lg_xcalloc(1, sizeof(*j));
    switch (nd->kind) {
    case JN_TRUE:
    case JN_FALSE:
        j->kind = PJ_BOOL;
        j->b = nd->kind == JN_TRUE;
        break;
    case JN_NUMBER:
        j->kind = PJ_NUM;
        j->num = strtod(d->src + nd->start, NULL);
        break;
    case JN_STRING:
        j->kind = PJ_STR;
        j->str = node_string(d, i);
        break;
    default:
        j->kind = PJ_NULL;
        break;
    }
    return j;
}

pj_t *pj_parse(const char *text)
{
    jdoc_t d;
    pj_t *j = NULL;
    if (sqlfn_json_parse(&d, text, strlen(text)) == 0 && d.n > 0)
        j = from_node(&d, 0, 1);
    sqlfn_json_free(&d);
    return j;
}

void pj_free(pj_t *j)
{
    if (!j)
        return;
    for (int i = 0; i < j->n; i++) {
        if (j->keys)
            free(j->keys[i]);
        pj_free(j->items[i]);
    }
    free(j->keys);
    free(j->items);
    free(j->str);
    free(j);
}

const pj_t *pj_get(const pj_t *obj, const char *key)
{
    if (!obj || obj->kind != PJ_OBJ)
        return NULL;
    for (int i = 0; i < obj->n; i++)
        if (!strcmp(obj->keys[i], key))
            return obj->items[i];
    return NULL;
}

const char *pj_str(const pj_t *obj, const char *key)
{
    const pj_t *v = pj_get(obj, key);
    return v && v->kind == PJ_STR ? v->str : "";
}

int64_t pj_int(const pj_t *obj, const char *key)
{
    const pj_t *v = pj_get(obj, key);
    return v && v->kind == PJ_NUM ? (int64_t)v->num : 0;
}

bool pj_bool(const pj_t *obj, const char *key)
{
    const pj_t *v = pj_get(obj, key);
    return v && v->kind == PJ_BOOL && v->b;
}

const char *pj_node(const pj_t *wrapped, const pj_t **body)
{
    if (!wrapped || wrapped->kind != PJ_OBJ || wrapped->n != 1) {
        *body = NULL;
        return "";
    }
    *body = wrapped->items[0];
    return wrapped->keys[0];
}
