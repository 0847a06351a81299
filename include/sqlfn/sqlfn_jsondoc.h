/* sqlfn_jsondoc.h - the JSON document model of the JSON functions, for other modules that
 * need to read JSON (exec reads libpg_query's PL/pgSQL trees with it).
 *
 * A parsed document is a flat array of nodes in pre-order over the caller's text, which must
 * outlive it. Each node records its kind and its source span [start, end) (strings include
 * their quotes). Containers point at their first child; children chain through `next`. An
 * object's children are its keys (string nodes); a key's value is always the node right
 * after it (index + 1). Any thread. */
#ifndef LG_SQLFN_SQLFN_JSONDOC_H
#define LG_SQLFN_SQLFN_JSONDOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_buf.h"

typedef enum {
    JN_NULL,
    JN_TRUE,
    JN_FALSE,
    JN_NUMBER,
    JN_STRING,
    JN_ARRAY,
    JN_OBJECT,
} jn_kind_t;

typedef struct jnode {
    jn_kind_t kind;
    uint32_t start;
    uint32_t end;
    int32_t next;  /* next sibling, -1 at the end */
    int32_t child; /* first child (keys for objects), -1 if none */
    int32_t count; /* elements or members */
} jnode_t;

typedef struct jdoc {
    const char *src;
    size_t len;
    jnode_t *nodes;
    size_t n;
    size_t cap;
    bool has_nul_escape; /* a \u0000 escape was seen (jsonb rejects it) */
} jdoc_t;

/* Parses s[0..n); 0 or LG_EINVAL (invalid JSON, or nesting deeper than 1000). Call
 * sqlfn_json_free afterwards either way. */
int sqlfn_json_parse(jdoc_t *d, const char *s, size_t n);
void sqlfn_json_free(jdoc_t *d);
/* Appends the decoded text of string node i (no quotes). */
void sqlfn_json_unescape(lg_buf_t *b, const jdoc_t *d, int32_t i);

#endif
