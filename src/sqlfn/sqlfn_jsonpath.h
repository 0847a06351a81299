/* sqlfn_jsonpath.h - SQL/JSON path language (PostgreSQL's jsonpath), private to src/sqlfn.
 *
 * sqlfn_jsonpath.c parses path text into a flat node array (jp_path_t); sqlfn_jsonpath_eval.c
 * evaluates it against a parsed JSON document (sqlfn_json.h) in lax or strict mode and
 * yields a sequence of items; sqlfn_jsonpath_fn.c holds the SQL functions and operators.
 *
 * Tree shape: a primary ($, @, $var, literal, last, arithmetic, predicate) may carry an
 * accessor chain through `next` (.key, .*, [*], [subscripts], ? (filter), .method()).
 * Binary operators use a and b; unary ones a. A subscript list hangs off JP_INDEX.a as
 * JP_SUB nodes (a = from, b = to or -1) chained through `next`.
 * Supported subset (anything else is a 0A000 error naming the construct, never wrong rows):
 * strict/lax, $ @ $var last, numbers, strings, true/false/null, .key ."key" .* [*] [i]
 * [i to j] [i, j], ? (...), + - * / % and unary +/-, == != <> < <= > >=, && || !,
 * exists(...), like_regex "..." [flag "..."], starts with, is unknown, and the methods
 * .size() .type() .double() .abs() .floor() .ceiling(). */
#ifndef LG_SQLFN_JSONPATH_H
#define LG_SQLFN_JSONPATH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sqlfn_json.h"

typedef enum {
    JP_ROOT,
    JP_CUR,
    JP_VAR,
    JP_NUM,
    JP_STR,
    JP_TRUE,
    JP_FALSE,
    JP_NULL,
    JP_LAST,
    JP_KEY,
    JP_ANYKEY,
    JP_ANYIDX,
    JP_INDEX,
    JP_SUB,
    JP_FILTER,
    JP_METHOD,
    JP_ADD,
    JP_SUB_OP,
    JP_MUL,
    JP_DIV,
    JP_MOD,
    JP_NEG,
    JP_PLUS,
    JP_EQ,
    JP_NE,
    JP_LT,
    JP_LE,
    JP_GT,
    JP_GE,
    JP_AND,
    JP_OR,
    JP_NOT,
    JP_EXISTS,
    JP_LIKE,
    JP_STARTS,
    JP_UNKNOWN,
} jp_op_t;

typedef enum { JM_SIZE, JM_TYPE, JM_DOUBLE, JM_ABS, JM_FLOOR, JM_CEILING } jp_method_t;

typedef struct jp_node {
    jp_op_t op;
    int32_t a, b; /* operands / subscript bounds, -1 none */
    int32_t next; /* next accessor (or next subscript), -1 none */
    double num;   /* JP_NUM */
    int scale;    /* JP_NUM: fraction digits as written, -1 exponent form */
    char *str;    /* JP_STR, JP_KEY, JP_VAR, JP_LIKE pattern (decoded, NUL-terminated) */
    size_t slen;
    int method; /* JP_METHOD: jp_method_t; JP_LIKE: PCRE2 option bits */
} jp_node_t;

typedef struct jp_path {
    jp_node_t *nodes;
    int32_t n, cap;
    int32_t root; /* top expression */
    bool strict;
} jp_path_t;

/* Parses path text s[0..n). 0, or -1 with "SQLSTATE:message" written to err. */
int sqlfn__jp_parse(jp_path_t *p, const char *s, size_t n, char *err, size_t errcap);
void sqlfn__jp_free(jp_path_t *p);

/* Item kinds beyond the document's: a value computed by the path. */
typedef struct jp_item {
    jn_kind_t kind;
    const jdoc_t *d; /* document node (d, i) when i >= 0 */
    int32_t i;
    double num;    /* computed number */
    int scale;     /* computed number: display scale, -1 shortest float form */
    const char *s; /* computed string (not owned) */
    size_t sn;
} jp_item_t;

typedef struct jp_seq {
    jp_item_t *v;
    size_t n, cap;
} jp_seq_t;

void sqlfn__jp_seq_free(jp_seq_t *s);

/* Evaluates p against document d (root node 0) with variables object vars (may be NULL).
 * Appends the result items to out. 0, or -1 with "SQLSTATE:message" in err, or -2 for an
 * error that silent mode must not hide (an unknown variable). Object members ($.*) come in
 * jsonb key order. */
int sqlfn__jp_exec(const jp_path_t *p, const jdoc_t *d, const jdoc_t *vars, jp_seq_t *out,
                   char *err, size_t errcap);

/* Appends item it as jsonb text. */
void sqlfn__jp_item_write(lg_buf_t *b, const jp_item_t *it);

#endif
