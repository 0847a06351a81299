/* translate_lift.h - the translation cache's second key: statement text with its literals
 * lifted out, so that clients which inline literals (pgbench -M simple, ORMs without
 * prepared statements, psql scripts) reuse one translation and one prepared SQLite
 * statement, the literals bound as parameters.
 *
 * The loop lexes a text (translate_lift_lex: a byte scanner, no parse) into a normalized
 * text where each plain literal became $k, plus the literals' classes. The first time a
 * normalized text is seen, the worker translates it both ways; translate_lift_template
 * accepts the parameterized translation only if it is provably the same statement: putting
 * the literals back into its SQLite text gives exactly the original's SQLite text, with the
 * same result columns and class (details in translate_lift.c). Otherwise a negative entry
 * (a result with 0 statements) remembers that this shape is not liftable. */
#ifndef LG_TRANSLATE_TRANSLATE_LIFT_H
#define LG_TRANSLATE_TRANSLATE_LIFT_H
#include "translate.h"

typedef struct translate_lit {
    uint32_t off; /* byte offset of the literal token in the original text */
    uint32_t len; /* token length */
} translate_lit_t;

typedef struct translate_lifted {
    char *norm; /* normalized text, NUL-terminated */
    size_t norm_len;
    int nlits;
    translate_lit_t *lits;
    uint32_t *types; /* per literal: PGTYPE_INT4 / INT8 / NUMERIC, or 0 (string: unknown) */
} translate_lifted_t;

/* Any thread. Lexes `sql` (len bytes, at most `max_len`): 0 and *out filled when the text
 * has at least one liftable literal and no $n parameters; LG_EINVAL otherwise. */
int translate_lift_lex(const char *sql, size_t len, size_t max_len, translate_lifted_t *out);
void translate_lifted_free(translate_lifted_t *l);

/* Any thread. The value literal i stands for, as parameter text (string quotes removed,
 * '' unescaped) in a new NUL-terminated buffer; *vlen gets its length. */
char *translate_lift_value(const char *sql, const translate_lifted_t *l, int i, size_t *vlen);

/* Worker. Translates l->norm with the literals as typed parameters and returns it (refcount
 * 1) when it is equivalent to `orig`, the translation of the original text; otherwise a
 * result with 0 statements (the negative entry). */
translate_result_t *translate_lift_template(const translate_lifted_t *l, const char *sql,
                                            const translate_result_t *orig,
                                            const translate_opts_t *opts);

#endif
