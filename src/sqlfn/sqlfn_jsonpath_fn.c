/* sqlfn_jsonpath_fn.c - the SQL face of jsonpath (sqlfn_jsonpath.h):
 *   jsonb_path_exists(t, path [, vars [, silent]])      -> 1/0
 *   jsonb_path_match(t, path [, vars [, silent]])       -> 1/0/NULL (single boolean result)
 *   jsonb_path_query_array(t, path [, vars [, silent]]) -> jsonb array of every item
 *   jsonb_path_query_first(t, path [, vars [, silent]]) -> first item or NULL
 *   lg_jsonb_path_exists_op(t, path)  the @? operator (silent: errors give NULL)
 *   lg_jsonb_path_match_op(t, path)   the @@ operator (silent)
 *   jsonb_set_lax(t, path, new [, create [, treatment]])
 * The translator runs jsonb_path_query (a set-returning function) as the rows of
 * jsonb_path_query_array. silent = true suppresses execution errors (not path syntax
 * errors): exists/match/query_first give NULL, query_array [], as in PostgreSQL. Any other
 * NULL argument makes the result NULL (the functions are strict). */
#include <stdint.h>
#include <string.h>

#include "lg_err.h"
#include "sqlfn_jsonpath.h"

enum { PF_EXISTS, PF_MATCH, PF_ARRAY, PF_FIRST, PF_EXISTS_OP, PF_MATCH_OP };

typedef struct pf_run {
    jdoc_t doc, vars;
    bool have_vars;
    jp_path_t path;
    jp_seq_t seq;
    bool silent;
    bool silent_empty; /* query_array: a suppressed error still answers [] */
} pf_run_t;

static void run_free(pf_run_t *r)
{
    sqlfn__jp_seq_free(&r->seq);
    sqlfn__jp_free(&r->path);
    if (r->have_vars)
        sqlfn_json_free(&r->vars);
    sqlfn_json_free(&r->doc);
}

static void raise(sqlite3_context *ctx, const char *err)
{
    char state[6];
    if (strlen(err) > 6 && err[5] == ':') {
        memcpy(state, err, 5);
        state[5] = '\0';
        sqlfn__error(ctx, state, "%s", err + 6);
    } else
        sqlfn__error(ctx, "XX000", "%s", err);
}

/* Parses the arguments and runs the path. 1 ran (items in r->seq), 0 result is NULL or
 * nothing (error raised or suppressed), with r freed in that case. */
static int run(sqlite3_context *ctx, int argc, sqlite3_value **argv, int kind, pf_run_t *r)
{
    memset(r, 0, sizeof(*r));
    if (sqlfn__any_null(argc < 3 ? argc : 3, argv))
        return 0;
    r->silent = kind == PF_EXISTS_OP || kind == PF_MATCH_OP ||
                (argc > 3 && sqlite3_value_int(argv[3]) != 0);
    char err[300];
    const char *ps = (const char *)sqlite3_value_text(argv[1]);
    if (sqlfn__jp_parse(&r->path, ps ? ps : "", (size_t)sqlite3_value_bytes(argv[1]), err,
                        sizeof(err)) != 0) {
        raise(ctx, err);
        return 0;
    }
    if (!sqlfn__json_arg(ctx, argv[0], &r->doc)) {
        sqlfn__jp_free(&r->path);
        return 0;
    }
    if (argc > 2) {
        if (!sqlfn__json_arg(ctx, argv[2], &r->vars)) {
            sqlfn__jp_free(&r->path);
            sqlfn_json_free(&r->doc);
            return 0;
        }
        r->have_vars = true;
        if (r->vars.nodes[0].kind != JN_OBJECT) {
            sqlfn__error(ctx, "22023", "\"vars\" argument is not an object");
            run_free(r);
            return 0;
        }
    }
    int rc = sqlfn__jp_exec(&r->path, &r->doc, r->have_vars ? &r->vars : NULL, &r->seq, err,
                            sizeof(err));
    if (rc != 0) {
        if (!r->silent || rc == -2)
            raise(ctx, err);
        else
            r->silent_empty = kind == PF_ARRAY;
        run_free(r);
        return 0;
    }
    return 1;
}

static void result_match(sqlite3_context *ctx, pf_run_t *r)
{
    if (r->seq.n == 1) {
        jn_kind_t k = r->seq.v[0].kind;
        if (k == JN_TRUE || k == JN_FALSE) {
            sqlite3_result_int(ctx, k == JN_TRUE);
            return;
        }
        if (k == JN_NULL)
            return;
    }
    if (!r->silent)
        sqlfn__error(ctx, "22038", "single boolean result is expected");
}

static void fn_path(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int kind = (int)(intptr_t)sqlite3_user_data(ctx);
    pf_run_t r;
    if (!run(ctx, argc, argv, kind, &r)) {
        if (r.silent_empty) /* a suppressed error: no items */
            sqlite3_result_text(ctx, "[]", 2, SQLITE_STATIC);
        return;
    }
    lg_buf_t b;
    switch (kind) {
    case PF_EXISTS:
    case PF_EXISTS_OP:
        sqlite3_result_int(ctx, r.seq.n > 0);
        break;
    case PF_MATCH:
    case PF_MATCH_OP:
        result_match(ctx, &r);
        break;
    case PF_FIRST:
        if (r.seq.n == 0)
            break;
        lg_buf_init(&b, SQLFN_MAX_LEN);
        sqlfn__jp_item_write(&b, &r.seq.v[0]);
        sqlfn__json_result_buf(ctx, &b);
        break;
    default:
        lg_buf_init(&b, SQLFN_MAX_LEN);
        lg_buf_putc(&b, '[');
        for (size_t i = 0; i < r.seq.n; i++) {
            if (i)
                lg_buf_append(&b, ", ", 2);
            sqlfn__jp_item_write(&b, &r.seq.v[i]);
        }
        lg_buf_putc(&b, ']');
        sqlfn__json_result_buf(ctx, &b);
        break;
    }
    run_free(&r);
}

/* Runs `sql` with the given arguments bound and returns its single value. */
static void delegate(sqlite3_context *ctx, const char *sql, sqlite3_value **args, int n)
{
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlfn__error(ctx, "XX000", "%s", sqlite3_errmsg(db));
        return;
    }
    for (int i = 0; i < n; i++)
        sqlite3_bind_value(st, i + 1, args[i]);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
        sqlite3_result_subtype(ctx, SQLFN_JSON_SUBTYPE);
    } else if (rc != SQLITE_DONE) {
        sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
    }
    sqlite3_finalize(st);
}

static void fn_set_lax(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    sqlite3_value *create = argc > 3 ? argv[3] : NULL;
    const char *how = argc > 4 ? (const char *)sqlite3_value_text(argv[4]) : "use_json_null";
    if (!how || (strcmp(how, "use_json_null") && strcmp(how, "delete_key") &&
                 strcmp(how, "return_target") && strcmp(how, "raise_exception"))) {
        sqlfn__error(ctx, "22023",
                     "null_value_treatment must be \"delete_key\", "
                     "\"return_target\", \"use_json_null\", or \"raise_exception\"");
        return;
    }
    sqlite3_value *args[4] = {argv[0], argv[1], argv[2], create};
    if (sqlite3_value_type(argv[2]) != SQLITE_NULL) {
        delegate(ctx, create ? "SELECT jsonb_set(?1, ?2, ?3, ?4)" : "SELECT jsonb_set(?1, ?2, ?3)",
                 args, create ? 4 : 3);
    } else if (!strcmp(how, "raise_exception")) {
        sqlfn__error(ctx, "22004", "JSON value must not be null");
    } else if (!strcmp(how, "delete_key")) {
        delegate(ctx, "SELECT lg_jsonb_delete_path(?1, ?2)", args, 2);
    } else if (!strcmp(how, "return_target")) {
        delegate(ctx, "SELECT lg_jsonb(?1)", args, 1);
    } else {
        args[2] = args[3];
        delegate(ctx,
                 create ? "SELECT jsonb_set(?1, ?2, 'null', ?3)"
                        : "SELECT jsonb_set(?1, ?2, 'null')",
                 args, create ? 3 : 2);
    }
}

int sqlfn__register_jsonpath(sqlite3 *db)
{
    static const struct {
        const char *name;
        int kind;
    } k_fns[] = {{"jsonb_path_exists", PF_EXISTS},
                 {"jsonb_path_match", PF_MATCH},
                 {"jsonb_path_query_array", PF_ARRAY},
                 {"jsonb_path_query_first", PF_FIRST}};
    for (size_t i = 0; i < sizeof(k_fns) / sizeof(k_fns[0]); i++)
        for (int n = 2; n <= 4; n++)
            if (sqlite3_create_function_v2(db, k_fns[i].name, n, SQLFN_PURE,
                                           (void *)(intptr_t)k_fns[i].kind, fn_path, NULL, NULL,
                                           NULL) != SQLITE_OK)
                return LG_EINVAL;
    if (sqlite3_create_function_v2(db, "lg_jsonb_path_exists_op", 2, SQLFN_PURE,
                                   (void *)(intptr_t)PF_EXISTS_OP, fn_path, NULL, NULL,
                                   NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db, "lg_jsonb_path_match_op", 2, SQLFN_PURE,
                                   (void *)(intptr_t)PF_MATCH_OP, fn_path, NULL, NULL,
                                   NULL) != SQLITE_OK)
        return LG_EINVAL;
    for (int n = 3; n <= 5; n++)
        if (sqlite3_create_function_v2(db, "jsonb_set_lax", n, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                       fn_set_lax, NULL, NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    return 0;
}
