/* exec_pl_json.c - a small JSON reader for the PL/pgSQL parse trees that
 * pg_query_parse_plpgsql returns (objects, arrays, strings with escapes, numbers, true,
 * false, null). Recursive descent, depth-limited; any thread. */
#include "exec_pl.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include <stdlib.h>
#include <string.h>

#define PJ_MAX_DEPTH 400

typedef struct pj_in {
    const char *p;
    int depth;
} pj_in_t;

static pj_t *parse_value(pj_in_t *in);

static void skip_ws(pj_in_t *in)
{
    while (*in->p == ' ' || *in->p == '\n' || *in->p == '\t' || *in->p == '\r')
        in->p++;
}

static void put_utf8(lg_buf_t *b, unsigned cp)
{
    if (cp < 0x80) {
        lg_buf_putc(b, (uint8_t)cp);
    } else if (cp < 0x800) {
        lg_buf_putc(b, (uint8_t)(0xC0 | (cp >> 6)));
        lg_buf_putc(b, (uint8_t)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        lg_buf_putc(b, (uint8_t)(0xE0 | (cp >> 12)));
        lg_buf_putc(b, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
        lg_buf_putc(b, (uint8_t)(0x80 | (cp & 0x3F)));
    } else {
        lg_buf_putc(b, (uint8_t)(0xF0 | (cp >> 18)));
        lg_buf_putc(b, (uint8_t)(0x80 | ((cp >> 12) & 0x3F)));
        lg_buf_putc(b, (uint8_t)(0x80 | ((cp >> 6) & 0x3F)));
        lg_buf_putc(b, (uint8_t)(0x80 | (cp & 0x3F)));
    }
}

static unsigned hex4(const char *p)
{
    char tmp[5] = {p[0], p[1], p[2], p[3], 0};
    return (unsigned)strtoul(tmp, NULL, 16);
}

static unsigned read_escape_u(pj_in_t *in)
{
    unsigned cp = hex4(in->p);
    in->p += 4;
    if (cp >= 0xD800 && cp < 0xDC00 && in->p[0] == '\\' && in->p[1] == 'u') {
        unsigned lo = hex4(in->p + 2);
        in->p += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    return cp;
}

static char *parse_string(pj_in_t *in)
{
    lg_buf_t b;
    lg_buf_init(&b, 64u << 20);
    in->p++; /* opening quote */
    while (*in->p && *in->p != '"') {
        char ch = *in->p++;
        if (ch != '\\') {
            lg_buf_putc(&b, (uint8_t)ch);
            continue;
        }
        char e = *in->p++;
        switch (e) {
        case 'n':
            lg_buf_putc(&b, '\n');
            break;
        case 't':
            lg_buf_putc(&b, '\t');
            break;
        case 'r':
            lg_buf_putc(&b, '\r');
            break;
        case 'b':
            lg_buf_putc(&b, '\b');
            break;
        case 'f':
            lg_buf_putc(&b, '\f');
            break;
        case 'u':
            if (strlen(in->p) < 4) {
                lg_buf_deinit(&b);
                return NULL;
            }
            put_utf8(&b, read_escape_u(in));
            break;
        case '\0':
            lg_buf_deinit(&b);
            return NULL;
        default:
            lg_buf_putc(&b, (uint8_t)e);
            break;
        }
    }
    if (*in->p != '"') {
        lg_buf_deinit(&b);
        return NULL;
    }
    in->p++;
    lg_buf_putc(&b, 0);
    size_t len;
    return (char *)lg_buf_steal(&b, &len);
}

static void add_member(pj_t *j, char *key, pj_t *v)
{
    j->items = lg_xrealloc(j->items, sizeof(pj_t *) * (size_t)(j->n + 1));
    if (j->kind == PJ_OBJ) {
        j->keys = lg_xrealloc(j->keys, sizeof(char *) * (size_t)(j->n + 1));
        j->keys[j->n] = key;
    }
    j->items[j->n++] = v;
}

static pj_t *parse_container(pj_in_t *in, pj_kind_t kind)
{
    pj_t *j = lg_xcalloc(1, sizeof(*j));
    j->kind = kind;
    char close = kind == PJ_OBJ ? '}' : ']';
    in->p++;
    skip_ws(in);
    if (*in->p == close) {
        in->p++;
        return j;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(in);
        if (kind == PJ_OBJ) {
            key = *in->p == '"' ? parse_string(in) : NULL;
            skip_ws(in);
            if (!key || *in->p != ':') {
                free(key);
                pj_free(j);
                return NULL;
            }
            in->p++;
        }
        pj_t *v = parse_value(in);
        if (!v) {
            free(key);
            pj_free(j);
            return NULL;
        }
        add_member(j, key, v);
        skip_ws(in);
        if (*in->p == ',') {
            in->p++;
            continue;
        }
        if (*in->p == close) {
            in->p++;
            return j;
        }
        pj_free(j);
        return NULL;
    }
}

static pj_t *parse_scalar(pj_in_t *in)
{
    pj_t *j = lg_xcalloc(1, sizeof(*j));
    if (!strncmp(in->p, "true", 4) || !strncmp(in->p, "false", 5)) {
        j->kind = PJ_BOOL;
        j->b = in->p[0] == 't';
        in->p += j->b ? 4 : 5;
    } else if (!strncmp(in->p, "null", 4)) {
        j->kind = PJ_NULL;
        in->p += 4;
    } else {
        char *end;
        j->kind = PJ_NUM;
        j->num = strtod(in->p, &end);
        if (end == in->p) {
            free(j);
            return NULL;
        }
        in->p = end;
    }
    return j;
}

static pj_t *parse_value(pj_in_t *in)
{
    skip_ws(in);
    if (++in->depth > PJ_MAX_DEPTH)
        return NULL;
    pj_t *j;
    if (*in->p == '{') {
        j = parse_container(in, PJ_OBJ);
    } else if (*in->p == '[') {
        j = parse_container(in, PJ_ARR);
    } else if (*in->p == '"') {
        char *s = parse_string(in);
        j = s ? lg_xcalloc(1, sizeof(*j)) : NULL;
        if (j) {
            j->kind = PJ_STR;
            j->str = s;
        }
    } else {
        j = parse_scalar(in);
    }
    in->depth--;
    return j;
}

pj_t *pj_parse(const char *text)
{
    pj_in_t in = {.p = text};
    pj_t *j = parse_value(&in);
    skip_ws(&in);
    if (j && *in.p) {
        pj_free(j);
        return NULL;
    }
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
