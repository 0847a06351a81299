/* sqlfn_explain.c - lg_explain(sql): SQLite's query plan of `sql` as PostgreSQL's EXPLAIN
 * shows one: a JSON array of text lines (the translator turns it into one row per line,
 * column "QUERY PLAN").
 *
 * The statement is prepared as EXPLAIN QUERY PLAN on the calling connection and never run;
 * each plan row becomes its detail text, indented two spaces per level below the top with
 * "->  " before nested steps, as PostgreSQL indents plan nodes. A statement that does not
 * prepare gives its error (42601 for SQLite's syntax errors, as any statement would). */
#include <string.h>

#include "lg_alloc.h"
#include "lg_buf.h"
#include "lg_err.h"
#include "sqlfn_int.h"
#include "sqlfn_json.h"

#define EXPLAIN_MAX_NODES 256

/* Depth of node `parent` + 1, from the ids seen so far (0 for the top). */
static int depth_of(const int *ids, const int *depths, int n, int parent)
{
    for (int i = n - 1; i >= 0; i--)
        if (ids[i] == parent)
            return depths[i] + 1;
    return 0;
}

static void add_line(lg_buf_t *b, int depth, const unsigned char *detail, bool first)
{
    lg_buf_t line;
    lg_buf_init(&line, 1u << 16);
    for (int i = 0; i < depth; i++)
        lg_buf_append(&line, "  ", 2);
    if (depth > 0)
        lg_buf_append(&line, "->  ", 4);
    lg_buf_append(&line, detail, strlen((const char *)detail));
    lg_buf_append(b, first ? "" : ", ", first ? 0 : 2);
    sqlfn__json_quote(b, lg_buf_rptr(&line), lg_buf_unread(&line));
    lg_buf_deinit(&line);
}

/* SQLite's prepare errors as PostgreSQL reports the common ones. */
static void prepare_error(sqlite3_context *ctx, const char *msg)
{
    static const char k_table[] = "no such table: ", k_col[] = "no such column: ";
    if (!strncmp(msg, k_table, sizeof k_table - 1))
        sqlfn__error(ctx, LG_SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist",
                     msg + sizeof k_table - 1);
    else if (!strncmp(msg, k_col, sizeof k_col - 1))
        sqlfn__error(ctx, LG_SQLSTATE_UNDEFINED_COLUMN, "column %s does not exist",
                     msg + sizeof k_col - 1);
    else
        sqlfn__error(ctx, LG_SQLSTATE_SYNTAX_ERROR, "%s", msg);
}

static void fn_explain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", (const char *)sqlite3_value_text(argv[0]));
    if (!q) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);
    sqlite3_free(q);
    if (rc != SQLITE_OK) {
        prepare_error(ctx, sqlite3_errmsg(db));
        return;
    }
    int ids[EXPLAIN_MAX_NODES], depths[EXPLAIN_MAX_NODES], nnodes = 0;
    lg_buf_t b;
    lg_buf_init(&b, 16u << 20);
    lg_buf_putc(&b, '[');
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0), parent = sqlite3_column_int(st, 1);
        int depth = depth_of(ids, depths, nnodes, parent);
        if (nnodes < EXPLAIN_MAX_NODES) {
            ids[nnodes] = id;
            depths[nnodes++] = depth;
        }
        const unsigned char *detail = sqlite3_column_text(st, 3);
        add_line(&b, depth, detail ? detail : (const unsigned char *)"", b.len == 1);
    }
    sqlite3_finalize(st);
    lg_buf_putc(&b, ']');
    if (b.failed)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, (const char *)lg_buf_rptr(&b), (int)lg_buf_unread(&b),
                            SQLITE_TRANSIENT);
    lg_buf_deinit(&b);
}

static const sqlfn_def_t k_defs[] = {{"lg_explain", 1, SQLFN_VOLATILE, fn_explain}};

int sqlfn__register_explain(sqlite3 *db)
{
    return sqlfn__register_table(db, k_defs, LG_ARRAY_LEN(k_defs), NULL);
}
