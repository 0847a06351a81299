/* sqlfn_explain.c - lg_explain(sql): SQLite's query plan of `sql` as PostgreSQL's EXPLAIN
 * shows one: a JSON array of text lines (the translator turns it into one row per line,
 * column "QUERY PLAN"); lg_explain_analyze(sql, summary) runs the query first (EXPLAIN
 * ANALYZE): the rows it returned on the top line, then Planning and Execution Time.
 *
 * The statement is prepared as EXPLAIN QUERY PLAN on the calling connection and never run;
 * each plan row becomes its detail text, indented two spaces per level below the top with
 * "->  " before nested steps, as PostgreSQL indents plan nodes. A statement that does not
 * prepare gives its error (42601 for SQLite's syntax errors, as any statement would). */
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* The plan lines of `sql` into b (a JSON array's items, after "["); the first (top) one
 * followed by `top_suffix`. False with the error set on ctx when it does not prepare. */
static bool plan_lines(sqlite3_context *ctx, const char *sql, const char *top_suffix, lg_buf_t *b)
{
    char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
    if (!q) {
        sqlite3_result_error_nomem(ctx);
        return false;
    }
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);
    sqlite3_free(q);
    if (rc != SQLITE_OK) {
        prepare_error(ctx, sqlite3_errmsg(db));
        return false;
    }
    int ids[EXPLAIN_MAX_NODES], depths[EXPLAIN_MAX_NODES], nnodes = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0), parent = sqlite3_column_int(st, 1);
        int depth = depth_of(ids, depths, nnodes, parent);
        if (nnodes < EXPLAIN_MAX_NODES) {
            ids[nnodes] = id;
            depths[nnodes++] = depth;
        }
        const unsigned char *detail = sqlite3_column_text(st, 3);
        char *text = sqlite3_mprintf("%s%s", detail ? (const char *)detail : "",
                                     nnodes == 1 && top_suffix ? top_suffix : "");
        add_line(b, depth, (const unsigned char *)(text ? text : ""), b->len == 1);
        sqlite3_free(text);
    }
    sqlite3_finalize(st);
    return true;
}

static void result_lines(sqlite3_context *ctx, lg_buf_t *b)
{
    lg_buf_putc(b, ']');
    if (b->failed)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_text(ctx, (const char *)lg_buf_rptr(b), (int)lg_buf_unread(b),
                            SQLITE_TRANSIENT);
}

static void fn_explain(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    lg_buf_t b;
    lg_buf_init(&b, 16u << 20);
    lg_buf_putc(&b, '[');
    if (plan_lines(ctx, (const char *)sqlite3_value_text(argv[0]), NULL, &b))
        result_lines(ctx, &b);
    lg_buf_deinit(&b);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* lg_explain_analyze(sql, summary): runs `sql` (a query) to its end on the calling
 * connection, then its plan with the rows it returned on the top line and, when summary,
 * PostgreSQL's "Planning Time" and "Execution Time" lines. Its errors are the query's. */
static void fn_explain_analyze(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *sql = (const char *)sqlite3_value_text(argv[0]);
    if (!sql)
        return;
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        prepare_error(ctx, sqlite3_errmsg(db));
        return;
    }
    double planning = ms_since(&t0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long long rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        rows++;
    double execution = ms_since(&t0);
    if (rc != SQLITE_DONE) {
        sqlite3_result_error(ctx, sqlite3_errmsg(db), -1); /* "SQLSTATE:message" as raised */
        sqlite3_finalize(st);
        return;
    }
    sqlite3_finalize(st);
    char suffix[64];
    snprintf(suffix, sizeof(suffix), " (actual rows=%lld loops=1)", rows);
    lg_buf_t b;
    lg_buf_init(&b, 16u << 20);
    lg_buf_putc(&b, '[');
    if (plan_lines(ctx, sql, suffix, &b)) {
        if (sqlite3_value_int(argv[1])) {
            char line[64];
            snprintf(line, sizeof(line), "Planning Time: %.3f ms", planning);
            add_line(&b, 0, (const unsigned char *)line, b.len == 1);
            snprintf(line, sizeof(line), "Execution Time: %.3f ms", execution);
            add_line(&b, 0, (const unsigned char *)line, false);
        }
        result_lines(ctx, &b);
    }
    lg_buf_deinit(&b);
}

static const sqlfn_def_t k_defs[] = {{"lg_explain", 1, SQLFN_VOLATILE, fn_explain},
                                     {"lg_explain_analyze", 2, SQLFN_VOLATILE, fn_explain_analyze}};

int sqlfn__register_explain(sqlite3 *db)
{
    return sqlfn__register_table(db, k_defs, LG_ARRAY_LEN(k_defs), NULL);
}
