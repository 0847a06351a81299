/* translate.c - the translate_sql() entry point: length guard, parse with libpg_query
 * (protobuf output; the JSON output drops negative constants), nesting-depth guard on the
 * packed tree, unpack, then one translate_stmt_t per RawStmt: session statements are
 * decoded by translate_session.c, everything else is emitted by translate__emit.
 * The tree is freed before returning. Worker thread. */
#include "translate_int.h"
#include "lg_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_LENGTH (1u << 20)
#define DEFAULT_MAX_DEPTH 2000

static int parse_error(const PgQueryError *pe, lg_pgerr_t *err)
{
    lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "%s", pe->message);
    err->position = pe->cursorpos;
    if (strstr(pe->message, "unterminated") || strstr(pe->message, "trailing junk"))
        snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", LG_SQLSTATE_SYNTAX_ERROR);
    if (strncmp(pe->message, "frame ", 6) == 0) /* gram.y's frame checks: windowing_error */
        snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", "42P20");
    return LG_ESQL;
}

static int translate_one(const PgQuery__RawStmt *raw, const char *sql, const translate_opts_t *opts,
                         translate_stmt_t *out, bool *uncacheable, lg_pgerr_t *err)
{
    out->stmt_location = raw->stmt_location;
    out->stmt_len = raw->stmt_len;
    out->ncols = -1;
    out->read_only = -1;
    out->deferrable = -1;
    int r = translate__session_stmt(raw->stmt, sql, raw->stmt_location, raw->stmt_len, out, err);
    if (r < 0)
        return LG_ESQL;
    if (r > 0)
        return 0;
    return translate__emit(raw->stmt, sql, opts, out, uncacheable, err);
}

static int translate_tree(const PgQuery__ParseResult *pr, const char *sql,
                          const translate_opts_t *opts, translate_result_t *res, lg_pgerr_t *err)
{
    res->stmts = lg_xcalloc(pr->n_stmts ? pr->n_stmts : 1, sizeof(translate_stmt_t));
    for (size_t i = 0; i < pr->n_stmts; i++) {
        res->nstmts = i + 1;
        if (translate_one(pr->stmts[i], sql, opts, &res->stmts[i], &res->uncacheable, err) != 0)
            return LG_ESQL;
        if (opts && opts->split_after_ddl && res->stmts[i].cls == TR_CLASS_DDL &&
            i + 1 < pr->n_stmts) {
            res->rest_at = pr->stmts[i + 1]->stmt_location; /* translated once this ran */
            res->uncacheable = true;
            break;
        }
    }
    return 0;
}

int translate_sql(const char *sql, size_t len, const translate_opts_t *opts,
                  translate_result_t **out, lg_pgerr_t *err)
{
    size_t max_len = opts && opts->max_length ? opts->max_length : DEFAULT_MAX_LENGTH;
    int max_depth = opts && opts->max_depth ? opts->max_depth : DEFAULT_MAX_DEPTH;
    *out = NULL;
    if (len > max_len)
        return lg_pgerr_set(err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                            "statement is too long (%zu bytes, limit %zu)", len, max_len);
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
    int rc = 0;
    PgQuery__ParseResult *tree = NULL;
    translate_result_t *res = NULL;
    if (pr.error) {
        rc = parse_error(pr.error, err);
        goto out;
    }
    int depth = translate__pb_depth_check((const uint8_t *)pr.parse_tree.data, pr.parse_tree.len,
                                          max_depth);
    if (depth != 0) {
        rc = lg_pgerr_set(
            err, depth > 0 ? LG_SQLSTATE_STATEMENT_TOO_COMPLEX : LG_SQLSTATE_INTERNAL_ERROR,
            depth > 0 ? "stack depth limit exceeded" : "malformed parse tree");
        if (depth > 0)
            lg_pgerr_hint(err, "The statement is nested too deeply.");
        goto out;
    }
    tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
                                          (const uint8_t *)pr.parse_tree.data);
    if (!tree) {
        rc = lg_pgerr_set(err, LG_SQLSTATE_OUT_OF_MEMORY, "could not unpack parse tree");
        goto out;
    }
    res = lg_xcalloc(1, sizeof(*res));
    res->refcount = 1;
    size_t keep = len < 1023 ? len : 1023; /* pg_stat_activity.query of extended Executes */
    res->src = lg_xmalloc(keep + 1);
    memcpy(res->src, sql, keep);
    res->src[keep] = '\0';
    rc = translate_tree(tree, sql, opts, res, err);
out:
    if (tree)
        pg_query__parse_result__free_unpacked(tree, NULL);
    pg_query_free_protobuf_parse_result(pr);
    if (rc != 0 && res) {
        translate_result_unref(res);
        res = NULL;
    }
    *out = res;
    return rc;
}

void translate__stmt_clear(translate_stmt_t *s)
{
    free(s->sql);
    free(s->param_types);
    for (int i = 0; i < s->ncols; i++)
        free(s->cols[i].name);
    free(s->cols);
    free(s->savepoint);
    free(s->set_name);
    free(s->set_value);
    free(s->name);
    free(s->prepare_sql);
    for (int i = 0; i < s->nexec_args; i++)
        free(s->exec_args[i]);
    free(s->exec_args);
    free(s->copy_null);
    free(s->copy_force_quote);
    free(s->copy_force_not_null);
    free(s->copy_force_null);
    free(s->copy_sql);
    free(s->copy_table);
    memset(s, 0, sizeof(*s));
}

void translate_result_ref(translate_result_t *r)
{
    r->refcount++;
}

void translate_result_unref(translate_result_t *r)
{
    if (!r || --r->refcount > 0)
        return;
    for (size_t i = 0; i < r->nstmts; i++)
        translate__stmt_clear(&r->stmts[i]);
    free(r->stmts);
    free(r->src);
    free(r);
}
