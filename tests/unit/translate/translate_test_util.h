/* translate_test_util.h - helpers for translator tests: an in-memory SQLite database with
 * stand-ins for the SQL functions the emitted SQL calls (so that output can be prepared and
 * run), and one-call translation of a PostgreSQL statement. */
#ifndef LG_TESTS_TRANSLATE_TEST_UTIL_H
#define LG_TESTS_TRANSLATE_TEST_UTIL_H
#include "lg_err.h"
#include "translate.h"
#include <sqlite3.h>

/* In-memory database; stand-ins return their first argument (aggregates: the last one). */
sqlite3 *tt_db_open(void);
/* When set (a test linking lg_sqlfn sets it to sqlfn_register_all), tt_db_open calls it
 * first, so functions without a stand-in have their real implementation. */
extern int (*tt_db_extra)(sqlite3 *db);
/* Translates `pg` (one statement) against db's catalog. Returns the SQLite SQL (malloc'd)
 * or NULL with *err filled; *stmt_out (optional) gets a copy of the statement's fields
 * that the caller frees with tt_result_free. */
/* tt_translate translates as for a client's own statement (translate_opts_t.exact_numeric). */
extern bool tt_exact_numeric;
char *tt_translate(sqlite3 *db, const char *pg, lg_pgerr_t *err, translate_result_t **res);
void tt_result_free(translate_result_t *r);
/* Translates and runs every statement of `pg` on db; 0 or the first SQLite error code. */
int tt_exec(sqlite3 *db, const char *pg);
/* Runs a SQLite query, returns the first column of the first row as text (malloc'd). */
char *tt_query1(sqlite3 *db, const char *sqlite_sql);
#endif
