/* translate_fn.h - user-defined functions and triggers: their metadata tables, and the
 * look-ups the translator (calls, trigger rewrites) and exec (the PL runtime) share.
 *
 * Metadata (created on demand by CREATE FUNCTION / CREATE TRIGGER, one row per object):
 *   _lg_functions(name, lang, rettype, rettypmod, retset, argnames, argtypes, argdefaults,
 *       outnames, outtypes, body, strict, volatility, src)
 *     name: SQLite-style name ("f" or "schema.f"); lang 'sql' or 'plpgsql'; rettype the
 *     PostgreSQL OID (2279 = trigger, 2278 = void); retset 1 for SETOF / RETURNS TABLE;
 *     argnames/outnames comma-separated, argtypes/outtypes comma-separated OIDs;
 *     argdefaults: one SQLite expression per argument separated by \x1e ("" = none);
 *     body: the SQL body (sql) or the whole CREATE FUNCTION text (plpgsql, as the
 *     PL/pgSQL parser wants it); strict 0/1; volatility 'i', 's' or 'v'.
 *   _lg_triggers(tbl, name, func, timing, events, cols, whenexpr)
 *     timing 'B' (BEFORE) or 'A' (AFTER); events a subset of "IUD" (insert, update,
 *     delete); cols: UPDATE OF columns comma-separated ("" = any); whenexpr: the
 *     PostgreSQL text of the WHEN condition ("" = none). FOR EACH ROW only.
 * AFTER triggers and BEFORE DELETE triggers are also real SQLite triggers named
 * "_lgtrg_<tbl>_<name>" calling lg_trigger(); BEFORE INSERT/UPDATE triggers are applied by
 * the translator, which rewrites the INSERT/UPDATE so every new row passes through
 * lg_trig_before() before it is stored. Worker threads (callers pass their own sqlite3 *). */
#ifndef LG_TRANSLATE_FN_H
#define LG_TRANSLATE_FN_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#define TRANSLATE_FN_META_SQL                                                                      \
    "CREATE TABLE IF NOT EXISTS _lg_functions(name TEXT PRIMARY KEY, lang TEXT NOT NULL, "         \
    "rettype INTEGER NOT NULL, rettypmod INTEGER NOT NULL DEFAULT -1, "                            \
    "retset INTEGER NOT NULL DEFAULT 0, argnames TEXT NOT NULL, argtypes TEXT NOT NULL, "          \
    "argdefaults TEXT NOT NULL, outnames TEXT NOT NULL, outtypes TEXT NOT NULL, "                  \
    "body TEXT NOT NULL, strict INTEGER NOT NULL, volatility TEXT NOT NULL, "                      \
    "src TEXT NOT NULL) WITHOUT ROWID;"                                                            \
    "CREATE TABLE IF NOT EXISTS _lg_triggers(tbl TEXT NOT NULL, name TEXT NOT NULL, "              \
    "func TEXT NOT NULL, timing TEXT NOT NULL, events TEXT NOT NULL, cols TEXT NOT NULL, "         \
    "whenexpr TEXT NOT NULL, PRIMARY KEY(tbl, name)) WITHOUT ROWID;"

#define TRANSLATE_FN_MAX_ARGS 32
#define TRANSLATE_FN_NAME_MAX 128

typedef struct translate_fndef {
    char name[TRANSLATE_FN_NAME_MAX];
    char lang[16];
    uint32_t rettype;
    int32_t rettypmod;
    bool retset;
    bool strict;
    char volatility;
    int nargs;
    char argnames[TRANSLATE_FN_MAX_ARGS][64];
    uint32_t argtypes[TRANSLATE_FN_MAX_ARGS];
    char *argdefaults[TRANSLATE_FN_MAX_ARGS]; /* SQLite SQL, NULL = none (owned) */
    int nout;
    char outnames[TRANSLATE_FN_MAX_ARGS][64];
    uint32_t outtypes[TRANSLATE_FN_MAX_ARGS];
    char *body; /* owned */
} translate_fndef_t;

/* worker: loads function `name`; 0, LG_ENOTFOUND (no such function or no metadata table)
 * or another negative code. On 0 free it with translate_fndef_clear. */
int translate_fndef_load(sqlite3 *db, const char *name, translate_fndef_t *out);
void translate_fndef_clear(translate_fndef_t *d);

/* any: splits "a,b,c" into at most `max` fields of `cap` bytes each; returns the count. */
int translate_fn_split(const char *s, char sep, char (*out)[64], int max);

/* worker: replaces, in PostgreSQL statement text `sql`, every identifier token that names
 * one of `names` (case-insensitive unless quoted; not after '.', not before '(' or '.',
 * not after AS) by "$<index+1+base>". Returns a malloc'd string, or NULL when the text
 * does not scan. */
char *translate_fn_subst_names(const char *sql, char (*names)[64], int nnames, int base);

/* any: a CREATE FUNCTION ... LANGUAGE plpgsql text made readable for libpg_query's PL/pgSQL
 * parser, whose tree loses the variable of `RETURN NEXT var;` and which refuses a bare
 * `RETURN NEXT;`: the first becomes `RETURN NEXT (var);`, the second, in a function whose
 * TABLE/OUT columns it returns (out_columns), `RETURN NEXT NULL;`. Returns a malloc'd
 * string. */
char *translate_fn_plpgsql_prepare(const char *text, bool out_columns);

#endif
