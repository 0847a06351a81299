/* sqlfn_jsonpath.c - the jsonpath parser: path text -> jp_path_t (see sqlfn_jsonpath.h for
 * the tree shape and the supported subset).
 *
 * Recursive descent, lowest precedence first: || , && , ! , comparison / like_regex /
 * starts with / is unknown, + - , * / % , unary + - , primary with its accessor chain.
 * Syntax errors are 42601 ("syntax error at or near ... of jsonpath input", as PostgreSQL
 * words them); constructs outside the subset are 0A000. Worker thread (any). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "sqlfn_jsonpath.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

typedef struct jp_parser {
    jp_path_t *p;
    const char *s;
    size_t n, pos;
    char *err;
    size_t errcap;
    bool failed;
    int depth;
} jp_parser_t;

static int32_t parse_or(jp_parser_t *ps);

static void fail(jp_parser_t *ps, const char *state, const char *what)
{
    if (ps->failed)
        return;
    ps->failed = true;
    if (!strcmp(state, "42601")) {
        size_t k = ps->pos < ps->n ? ps->pos : ps->n;
        int len = (int)((ps->n - k) > 20 ? 20 : (ps->n - k));
        if (len > 0)
            snprintf(ps->err, ps->errcap,
                     "42601:syntax error at or near \"%.*s\" of jsonpath "
                     "input",
                     len, ps->s + k);
        else
            snprintf(ps->err, ps->errcap, "42601:syntax error at end of jsonpath input");
    } else {
        snprintf(ps->err, ps->errcap, "%s:%s", state, what);
    }
}

static int32_t node_new(jp_parser_t *ps, jp_op_t op)
{
    jp_path_t *p = ps->p;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->nodes = lg_xrealloc(p->nodes, (size_t)p->cap * sizeof(*p->nodes));
    }
    jp_node_t *nd = &p->nodes[p->n];
    memset(nd, 0, sizeof(*nd));
    nd->op = op;
    nd->a = nd->b = nd->next = -1;
    nd->scale = -1;
    return p->n++;
}

static void skip_ws(jp_parser_t *ps)
{
    while (ps->pos < ps->n && isspace((unsigned char)ps->s[ps->pos]))
        ps->pos++;
}

static bool peek(jp_parser_t *ps, const char *tok)
{
    skip_ws(ps);
    size_t l = strlen(tok);
    return ps->n - ps->pos >= l && memcmp(ps->s + ps->pos, tok, l) == 0;
}

static bool accept(jp_parser_t *ps, const char *tok)
{
    if (!peek(ps, tok))
        return false;
    ps->pos += strlen(tok);
    return true;
}

static bool is_ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || (unsigned char)ch >= 0x80;
}

/* A keyword: the word followed by a non-identifier character. */
static bool accept_kw(jp_parser_t *ps, const char *kw)
{
    skip_ws(ps);
    size_t l = strlen(kw);
    if (ps->n - ps->pos < l || strncmp(ps->s + ps->pos, kw, l) != 0)
        return false;
    if (ps->pos + l < ps->n && is_ident_char(ps->s[ps->pos + l]))
        return false;
    ps->pos += l;
    return true;
}

static void expect(jp_parser_t *ps, const char *tok)
{
    if (!accept(ps, tok))
        fail(ps, "42601", NULL);
}

/* Identifier at pos (letters, digits, _, non-ASCII) into a new string. */
static char *read_ident(jp_parser_t *ps, size_t *len)
{
    size_t st = ps->pos;
    while (ps->pos < ps->n && is_ident_char(ps->s[ps->pos]))
        ps->pos++;
    *len = ps->pos - st;
    char *r = lg_xmalloc(*len + 1);
    memcpy(r, ps->s + st, *len);
    r[*len] = '\0';
    return r;
}

static int hexval(char ch)
{
    return isdigit((unsigned char)ch) ? ch - '0' : (tolower((unsigned char)ch) - 'a' + 10);
}

/* "..." with JSON-style escapes, decoded; pos at the opening quote. */
static char *read_string(jp_parser_t *ps, size_t *len)
{
    lg_buf_t b;
    lg_buf_init(&b, 1u << 24);
    ps->pos++;
    while (ps->pos < ps->n && ps->s[ps->pos] != '"') {
        char ch = ps->s[ps->pos++];
        if (ch != '\\') {
            lg_buf_putc(&b, (uint8_t)ch);
            continue;
        }
        if (ps->pos >= ps->n)
            break;
        ch = ps->s[ps->pos++];
        switch (ch) {
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
        case 'v':
            lg_buf_putc(&b, '\v');
            break;
        case 'u': {
            int32_t cp = 0;
            for (int k = 0; k < 4 && ps->pos < ps->n && isxdigit((unsigned char)ps->s[ps->pos]);
                 k++)
                cp = cp * 16 + hexval(ps->s[ps->pos++]);
            sqlfn__utf8_put(&b, cp);
            break;
        }
        default:
            lg_buf_putc(&b, (uint8_t)ch);
            break;
        }
    }
    if (ps->pos >= ps->n)
        fail(ps, "42601", NULL);
    else
        ps->pos++;
    *len = b.len;
    char *r = lg_xmalloc(b.len + 1);
    if (b.len)
        memcpy(r, b.data, b.len);
    r[b.len] = '\0';
    lg_buf_deinit(&b);
    return r;
}

static int32_t parse_number(jp_parser_t *ps)
{
    size_t st = ps->pos;
    while (ps->pos < ps->n && isdigit((unsigned char)ps->s[ps->pos]))
        ps->pos++;
    int scale = 0;
    if (ps->pos + 1 < ps->n && ps->s[ps->pos] == '.' &&
        isdigit((unsigned char)ps->s[ps->pos + 1])) {
        ps->pos++;
        while (ps->pos < ps->n && isdigit((unsigned char)ps->s[ps->pos])) {
            ps->pos++;
            scale++;
        }
    }
    if (ps->pos < ps->n && (ps->s[ps->pos] == 'e' || ps->s[ps->pos] == 'E')) {
        ps->pos++;
        if (ps->pos < ps->n && (ps->s[ps->pos] == '+' || ps->s[ps->pos] == '-'))
            ps->pos++;
        while (ps->pos < ps->n && isdigit((unsigned char)ps->s[ps->pos]))
            ps->pos++;
        scale = -1;
    }
    char buf[128];
    size_t l = ps->pos - st < sizeof(buf) - 1 ? ps->pos - st : sizeof(buf) - 1;
    memcpy(buf, ps->s + st, l);
    buf[l] = '\0';
    int32_t k = node_new(ps, JP_NUM);
    ps->p->nodes[k].num = strtod(buf, NULL);
    ps->p->nodes[k].scale = scale;
    return k;
}

static const struct {
    const char *name;
    jp_method_t m;
} k_methods[] = {{"size", JM_SIZE}, {"type", JM_TYPE},   {"double", JM_DOUBLE},
                 {"abs", JM_ABS},   {"floor", JM_FLOOR}, {"ceiling", JM_CEILING}};

/* After '.': key, "key", *, or method(). Returns the accessor node. */
static int32_t parse_dot(jp_parser_t *ps)
{
    if (accept(ps, "*"))
        return node_new(ps, JP_ANYKEY);
    if (peek(ps, "\"")) {
        int32_t k = node_new(ps, JP_KEY);
        size_t len;
        char *str = read_string(ps, &len);
        ps->p->nodes[k].str = str;
        ps->p->nodes[k].slen = len;
        return k;
    }
    skip_ws(ps);
    if (ps->pos >= ps->n || !is_ident_char(ps->s[ps->pos])) {
        fail(ps, "42601", NULL);
        return -1;
    }
    size_t len;
    char *id = read_ident(ps, &len);
    if (peek(ps, "(")) {
        for (size_t i = 0; i < sizeof(k_methods) / sizeof(k_methods[0]); i++) {
            if (!strcmp(id, k_methods[i].name)) {
                free(id);
                expect(ps, "(");
                expect(ps, ")");
                int32_t k = node_new(ps, JP_METHOD);
                ps->p->nodes[k].method = (int)k_methods[i].m;
                return k;
            }
        }
        char msg[160];
        snprintf(msg, sizeof(msg), "jsonpath item method .%s() is not supported", id);
        free(id);
        fail(ps, "0A000", msg);
        return -1;
    }
    int32_t k = node_new(ps, JP_KEY);
    ps->p->nodes[k].str = id;
    ps->p->nodes[k].slen = len;
    return k;
}

/* After '[': * or a subscript list. */
static int32_t parse_brackets(jp_parser_t *ps)
{
    if (accept(ps, "*")) {
        expect(ps, "]");
        return node_new(ps, JP_ANYIDX);
    }
    int32_t idx = node_new(ps, JP_INDEX);
    int32_t prev = -1;
    do {
        int32_t from = parse_or(ps);
        int32_t to = accept_kw(ps, "to") ? parse_or(ps) : -1;
        int32_t sub = node_new(ps, JP_SUB);
        ps->p->nodes[sub].a = from;
        ps->p->nodes[sub].b = to;
        if (prev < 0)
            ps->p->nodes[idx].a = sub;
        else
            ps->p->nodes[prev].next = sub;
        prev = sub;
    } while (!ps->failed && accept(ps, ","));
    expect(ps, "]");
    return idx;
}

static void parse_accessors(jp_parser_t *ps, int32_t prim)
{
    int32_t last = prim;
    while (!ps->failed) {
        int32_t acc;
        if (peek(ps, ".**")) {
            fail(ps, "0A000", "jsonpath .** accessor is not supported");
            return;
        } else if (accept(ps, ".")) {
            acc = parse_dot(ps);
        } else if (accept(ps, "[")) {
            acc = parse_brackets(ps);
        } else if (accept(ps, "?")) {
            expect(ps, "(");
            acc = node_new(ps, JP_FILTER);
            int32_t pred = parse_or(ps);
            ps->p->nodes[acc].a = pred;
            expect(ps, ")");
        } else {
            return;
        }
        if (acc < 0)
            return;
        ps->p->nodes[last].next = acc;
        last = acc;
    }
}

static int32_t parse_variable(jp_parser_t *ps)
{
    int32_t k = node_new(ps, JP_VAR);
    size_t len = 0;
    char *name = peek(ps, "\"") ? read_string(ps, &len) : read_ident(ps, &len);
    ps->p->nodes[k].str = name;
    ps->p->nodes[k].slen = len;
    return k;
}

static int32_t parse_primary(jp_parser_t *ps)
{
    skip_ws(ps);
    if (++ps->depth > 200) {
        fail(ps, "54001", "jsonpath expression is nested too deeply");
        return -1;
    }
    int32_t k = -1;
    if (accept(ps, "$")) {
        bool var = ps->pos < ps->n && (is_ident_char(ps->s[ps->pos]) || ps->s[ps->pos] == '"');
        k = var ? parse_variable(ps) : node_new(ps, JP_ROOT);
    } else if (accept(ps, "@")) {
        k = node_new(ps, JP_CUR);
    } else if (accept(ps, "(")) {
        k = parse_or(ps);
        expect(ps, ")");
    } else if (peek(ps, "\"")) {
        k = node_new(ps, JP_STR);
        ps->p->nodes[k].str = read_string(ps, &ps->p->nodes[k].slen);
    } else if (ps->pos < ps->n && (isdigit((unsigned char)ps->s[ps->pos]) ||
                                   (ps->s[ps->pos] == '.' && ps->pos + 1 < ps->n &&
                                    isdigit((unsigned char)ps->s[ps->pos + 1])))) {
        k = parse_number(ps);
    } else if (accept_kw(ps, "true")) {
        k = node_new(ps, JP_TRUE);
    } else if (accept_kw(ps, "false")) {
        k = node_new(ps, JP_FALSE);
    } else if (accept_kw(ps, "null")) {
        k = node_new(ps, JP_NULL);
    } else if (accept_kw(ps, "last")) {
        k = node_new(ps, JP_LAST);
    } else if (accept_kw(ps, "exists")) {
        expect(ps, "(");
        k = node_new(ps, JP_EXISTS);
        int32_t a = parse_or(ps);
        ps->p->nodes[k].a = a;
        expect(ps, ")");
    } else {
        fail(ps, "42601", NULL);
    }
    if (k >= 0 && !ps->failed) {
        /* accessors go after the end of an existing chain */
        int32_t tail = k;
        while (ps->p->nodes[tail].next >= 0)
            tail = ps->p->nodes[tail].next;
        parse_accessors(ps, tail);
    }
    ps->depth--;
    return k;
}

static int32_t binary(jp_parser_t *ps, jp_op_t op, int32_t a, int32_t b)
{
    int32_t k = node_new(ps, op);
    ps->p->nodes[k].a = a;
    ps->p->nodes[k].b = b;
    return k;
}

static int32_t parse_unary(jp_parser_t *ps)
{
    if (accept(ps, "-"))
        return binary(ps, JP_NEG, parse_unary(ps), -1);
    if (accept(ps, "+"))
        return binary(ps, JP_PLUS, parse_unary(ps), -1);
    return parse_primary(ps);
}

static int32_t parse_mul(jp_parser_t *ps)
{
    int32_t l = parse_unary(ps);
    while (!ps->failed) {
        jp_op_t op;
        if (accept(ps, "*"))
            op = JP_MUL;
        else if (accept(ps, "/"))
            op = JP_DIV;
        else if (accept(ps, "%"))
            op = JP_MOD;
        else
            break;
        l = binary(ps, op, l, parse_unary(ps));
    }
    return l;
}

static int32_t parse_add(jp_parser_t *ps)
{
    int32_t l = parse_mul(ps);
    while (!ps->failed) {
        jp_op_t op;
        if (accept(ps, "+"))
            op = JP_ADD;
        else if (peek(ps, "-"))
            op = (ps->pos++, JP_SUB_OP);
        else
            break;
        l = binary(ps, op, l, parse_mul(ps));
    }
    return l;
}

static int like_flags(jp_parser_t *ps, const char *f)
{
    int opts = 0;
    for (; *f; f++) {
        switch (*f) {
        case 'i':
            opts |= PCRE2_CASELESS;
            break;
        case 's':
            opts |= PCRE2_DOTALL;
            break;
        case 'm':
            opts |= PCRE2_MULTILINE;
            break;
        case 'x':
            opts |= PCRE2_EXTENDED;
            break;
        case 'q':
            opts |= PCRE2_LITERAL;
            break;
        default:
            fail(ps, "42601", NULL);
            break;
        }
    }
    return opts;
}

static int32_t parse_like(jp_parser_t *ps, int32_t l)
{
    int32_t k = node_new(ps, JP_LIKE);
    ps->p->nodes[k].a = l;
    if (!peek(ps, "\"")) {
        fail(ps, "42601", NULL);
        return k;
    }
    ps->p->nodes[k].str = read_string(ps, &ps->p->nodes[k].slen);
    if (accept_kw(ps, "flag")) {
        if (!peek(ps, "\"")) {
            fail(ps, "42601", NULL);
            return k;
        }
        size_t fl;
        char *f = read_string(ps, &fl);
        ps->p->nodes[k].method = like_flags(ps, f);
        free(f);
    }
    return k;
}

static int32_t parse_cmp(jp_parser_t *ps)
{
    int32_t l = parse_add(ps);
    static const struct {
        const char *tok;
        jp_op_t op;
    } k_ops[] = {{"==", JP_EQ}, {"!=", JP_NE}, {"<>", JP_NE}, {"<=", JP_LE},
                 {">=", JP_GE}, {"<", JP_LT},  {">", JP_GT}};
    for (size_t i = 0; i < sizeof(k_ops) / sizeof(k_ops[0]) && !ps->failed; i++)
        if (accept(ps, k_ops[i].tok))
            return binary(ps, k_ops[i].op, l, parse_add(ps));
    if (accept_kw(ps, "like_regex"))
        return parse_like(ps, l);
    if (accept_kw(ps, "starts")) {
        if (!accept_kw(ps, "with"))
            fail(ps, "42601", NULL);
        return binary(ps, JP_STARTS, l, parse_add(ps));
    }
    if (accept_kw(ps, "is")) {
        if (!accept_kw(ps, "unknown"))
            fail(ps, "42601", NULL);
        return binary(ps, JP_UNKNOWN, l, -1);
    }
    return l;
}

static int32_t parse_not(jp_parser_t *ps)
{
    if (peek(ps, "!") && !peek(ps, "!="))
        return (ps->pos++, binary(ps, JP_NOT, parse_not(ps), -1));
    return parse_cmp(ps);
}

static int32_t parse_and(jp_parser_t *ps)
{
    int32_t l = parse_not(ps);
    while (!ps->failed && accept(ps, "&&"))
        l = binary(ps, JP_AND, l, parse_not(ps));
    return l;
}

static int32_t parse_or(jp_parser_t *ps)
{
    int32_t l = parse_and(ps);
    while (!ps->failed && accept(ps, "||"))
        l = binary(ps, JP_OR, l, parse_and(ps));
    return l;
}

int sqlfn__jp_parse(jp_path_t *p, const char *s, size_t n, char *err, size_t errcap)
{
    memset(p, 0, sizeof(*p));
    jp_parser_t ps = {.p = p, .s = s, .n = n, .err = err, .errcap = errcap};
    if (accept_kw(&ps, "strict"))
        p->strict = true;
    else
        (void)accept_kw(&ps, "lax");
    p->root = parse_or(&ps);
    skip_ws(&ps);
    if (!ps.failed && ps.pos < ps.n)
        fail(&ps, "42601", NULL);
    if (ps.failed) {
        sqlfn__jp_free(p);
        return -1;
    }
    return 0;
}

void sqlfn__jp_free(jp_path_t *p)
{
    for (int32_t i = 0; i < p->n; i++)
        free(p->nodes[i].str);
    free(p->nodes);
    memset(p, 0, sizeof(*p));
}
