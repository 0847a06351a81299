/* sqlfn_ts.h - full-text search shared by sqlfn_ts_*.c (private to src/sqlfn).
 *
 * Values are stored as PostgreSQL prints them: a tsvector is TEXT like
 * "'brown':3 'fox':4 'quick':2" (lexemes sorted bytewise, positions ascending, weight
 * letter A-C after a position, D implied), a tsquery TEXT like "'quick' & !'cat' <-> 'a':*".
 * Functions parse that text back when they need the structure.
 *
 * Configurations: 'simple' (lower-case every word) and 'english' (lower-case, drop
 * PostgreSQL's English stop words, Snowball English stemmer). A configuration name may be
 * schema-qualified (pg_catalog.english). Words are runs of letters and digits; a hyphenated
 * word yields the whole compound and then its parts; numbers with a decimal point stay
 * whole. E-mail addresses, URLs and host names are not recognized as single tokens. */
#ifndef LG_SQLFN_TS_H
#define LG_SQLFN_TS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_buf.h"
#include "sqlfn_int.h"

#define TS_MAX_POS 16383

typedef enum { TS_CFG_SIMPLE, TS_CFG_ENGLISH } ts_cfg_t;

/* One normalized word: its lexeme (NULL for a stop word) and its position (1-based). */
typedef struct ts_word {
    char *lex;
    size_t len;
    int pos;
} ts_word_t;

typedef struct ts_words {
    ts_word_t *w;
    size_t n, cap;
} ts_words_t;

/* Looks up a configuration name; false with 42704 set on ctx when unknown. */
bool sqlfn__ts_cfg(sqlite3_context *ctx, const char *name, ts_cfg_t *out);
/* Splits text into words normalized by cfg, numbering positions from first_pos. 0 or an
 * LG_E* code (error set on ctx). */
int sqlfn__ts_parse_text(sqlite3_context *ctx, ts_cfg_t cfg, const char *s, size_t n, int first_pos,
                         ts_words_t *out);
void sqlfn__ts_words_free(ts_words_t *w);

/* ---- tsvector ---- */
typedef struct ts_entry {
    char *lex;
    size_t len;
    uint16_t *pos; /* low 14 bits position, high 2 bits weight (3 = A ... 0 = D) */
    int npos;
} ts_entry_t;

typedef struct ts_vec {
    ts_entry_t *e;
    size_t n;
} ts_vec_t;

/* Parses tsvector text; false with 22P02 set on ctx. */
bool sqlfn__tsvec_parse(sqlite3_context *ctx, const char *s, size_t n, ts_vec_t *out);
void sqlfn__tsvec_free(ts_vec_t *v);
/* Index of lexeme w in v (sorted), or -1. With prefix, the first entry starting with w. */
long sqlfn__tsvec_find(const ts_vec_t *v, const char *w, size_t n, bool prefix);

/* ---- tsquery ---- */
typedef enum { TQ_VAL, TQ_NOT, TQ_AND, TQ_OR, TQ_PHRASE } tq_kind_t;

typedef struct tq_node {
    tq_kind_t kind;
    int dist;  /* TQ_PHRASE */
    char *lex; /* TQ_VAL */
    size_t len;
    bool prefix;           /* :* */
    uint8_t weights;       /* bit 3 = A ... bit 0 = D; 0 = any */
    struct tq_node *l, *r; /* TQ_NOT uses r */
} tq_node_t;

void sqlfn__tq_free(tq_node_t *q);
/* Appends q as PostgreSQL prints a tsquery (nothing for NULL = the empty query). */
void sqlfn__tq_print(lg_buf_t *b, const tq_node_t *q);
/* Parses tsquery syntax. With ctx_cfg >= 0 every operand is normalized by that
 * configuration (to_tsquery); stop words are removed. NULL result with *err false means the
 * empty query; *err true: an error was set on ctx. */
tq_node_t *sqlfn__tq_parse(sqlite3_context *ctx, const char *s, size_t n, int cfg, bool *err);
/* Does the query match the vector? 1 / 0, -1 when q has a NOT inside a phrase (not
 * supported). */
int sqlfn__tq_match(const tq_node_t *q, const ts_vec_t *v);

/* ts_rank(tsvector, tsquery [, normalization]) (sqlfn_ts_rank.c) */
void sqlfn__ts_rank(sqlite3_context *ctx, int argc, sqlite3_value **argv);

int sqlfn__register_ts(sqlite3 *db);
int sqlfn__register_tsquery(sqlite3 *db);

#endif
