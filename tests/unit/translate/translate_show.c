/* translate_show.c - developer tool: prints the SQLite translation of each argument, after
 * running the DDL given with -e on an in-memory catalog; -x translates the following
 * arguments as a client's own statements (exact numeric output columns). */
#include "translate_test_util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    sqlite3 *db = tt_db_open();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) {
            if (tt_exec(db, argv[++i]) != 0)
                fprintf(stderr, "setup failed: %s\n", argv[i]);
            continue;
        }
        if (strcmp(argv[i], "-x") == 0) {
            tt_exact_numeric = true;
            continue;
        }
        lg_pgerr_t err;
        translate_result_t *r = NULL;
        char *sql = tt_translate(db, argv[i], &err, &r);
        if (!sql) {
            printf("ERROR %s: %s (position %d)\n", err.sqlstate, err.message, err.position);
            continue;
        }
        printf("%s\n", sql);
        const translate_stmt_t *s = &r->stmts[0];
        printf("  -- cls %d tag %s params %d [", s->cls, s->tag, s->nparams);
        for (int k = 0; k < s->nparams; k++)
            printf("%s%u", k ? "," : "", s->param_types[k]);
        printf("] cols %d [", s->ncols);
        for (int k = 0; k < s->ncols; k++)
            printf("%s%s:%u/%d", k ? ", " : "", s->cols[k].name, s->cols[k].type_oid,
                   s->cols[k].typmod);
        printf("]\n");
        sqlite3_stmt *st;
        const char *tail = sql;
        while (tail && *tail) {
            if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
                printf("  !! sqlite prepare: %s\n", sqlite3_errmsg(db));
                break;
            }
            sqlite3_finalize(st);
            if (strncmp(sql, "CREATE TABLE IF NOT EXISTS _lg", 30) == 0)
                break;
        }
        free(sql);
        tt_result_free(r);
    }
    sqlite3_close(db);
    return 0;
}
