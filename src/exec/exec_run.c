/* exec_run.c - one statement execution ("run", what a portal executes): preparing on the
 * connection the scheduler lent, binding parameters, stepping in bounded batches, and the
 * protocol messages of its result (RowDescription, DataRow, PortalSuspended,
 * CommandComplete). The run API is loop-side; *_work functions run on the worker that
 * holds run->conn.
 *
 * A batch ends when the output passes cfg.batch_bytes (EXEC_RUN_MORE: the session writes
 * it and asks again once the client has drained it, so a slow client pauses only its own
 * statement), at max_rows (EXEC_RUN_SUSPENDED), at the end (DONE) or on error. */
#include "exec_int.h"
#include "exec_pl.h"
#include "lg_alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_OUTPUT_MAX (256u << 20) /* one row may be large; batches stop far earlier */

#define RUN_NAMES_MAX (16u << 20)
#define RUN_PARAMS_MAX ((size_t)1 << 31) /* Bind messages are bounded far earlier */
#define SPARE_RUNS_MAX 32
/* What a spare run keeps of its memory for the next statement: buffers up to these sizes
 * (a point select then allocates nothing for its output or its column descriptions). */
#define SPARE_BUF_MAX (64u << 10)
#define SPARE_FIELDS_MAX 256

/* The memory a run keeps across reuse: the buffers' storage and the column arrays. */
typedef struct run_mem {
    uint8_t *out, *scratch, *names, *params;
    size_t out_cap, scratch_cap, names_cap, params_cap;
    proto_field_t *fields;
    int32_t *fmt_typmods;
    uint16_t fields_cap;
    uint32_t *param_types;
    uint8_t **param_vals;
    int32_t *param_lens;
    int16_t *param_fmts;
    int param_cap;
} run_mem_t;

static void mem_buf_take(lg_buf_t *b, uint8_t **data, size_t *cap)
{
    if (b->cap <= SPARE_BUF_MAX) {
        *data = b->data;
        *cap = b->cap;
    } else {
        free(b->data);
    }
    b->data = NULL;
    b->cap = 0;
}

static void free_param_arrays(exec_run_t *run)
{
    free(run->param_types);
    free(run->param_vals);
    free(run->param_lens);
    free(run->param_fmts);
}

static void mem_take(exec_run_t *run, run_mem_t *m)
{
    memset(m, 0, sizeof(*m));
    mem_buf_take(&run->out, &m->out, &m->out_cap);
    mem_buf_take(&run->scratch, &m->scratch, &m->scratch_cap);
    mem_buf_take(&run->names, &m->names, &m->names_cap);
    mem_buf_take(&run->param_buf, &m->params, &m->params_cap);
    if (run->param_cap <= SPARE_FIELDS_MAX) {
        m->param_types = run->param_types;
        m->param_vals = run->param_vals;
        m->param_lens = run->param_lens;
        m->param_fmts = run->param_fmts;
        m->param_cap = run->param_cap;
    } else {
        free_param_arrays(run);
    }
    if (run->fields_cap <= SPARE_FIELDS_MAX) {
        m->fields = run->fields;
        m->fmt_typmods = run->fmt_typmods;
        m->fields_cap = run->fields_cap;
    } else {
        free(run->fields);
        free(run->fmt_typmods);
    }
    run->fields = NULL;
    run->fmt_typmods = NULL;
    run->fields_cap = 0;
}

static void mem_buf_give(lg_buf_t *b, uint8_t *data, size_t cap, size_t max)
{
    lg_buf_init(b, max);
    b->data = data;
    b->cap = cap;
}

static void mem_give(exec_run_t *run, const run_mem_t *m)
{
    mem_buf_give(&run->out, m->out, m->out_cap, RUN_OUTPUT_MAX);
    mem_buf_give(&run->scratch, m->scratch, m->scratch_cap, RUN_OUTPUT_MAX);
    mem_buf_give(&run->names, m->names, m->names_cap, RUN_NAMES_MAX);
    mem_buf_give(&run->param_buf, m->params, m->params_cap, RUN_PARAMS_MAX);
    run->param_types = m->param_types;
    run->param_vals = m->param_vals;
    run->param_lens = m->param_lens;
    run->param_fmts = m->param_fmts;
    run->param_cap = m->param_cap;
    run->fields = m->fields;
    run->fmt_typmods = m->fmt_typmods;
    run->fields_cap = m->fields_cap;
}

exec_run_t *exec_run_new(exec_session_t *es, translate_result_t *tr, size_t idx)
{
    exec_t *ex = es->ex;
    exec_run_t *run = ex->spare_runs;
    run_mem_t m = {0};
    if (run) {
        ex->spare_runs = run->spare_next;
        ex->nspare_runs--;
        mem_take(run, &m);
        memset(run, 0, sizeof(*run));
    } else {
        run = lg_xcalloc(1, sizeof(*run));
    }
    mem_give(run, &m);
    run->es = es;
    run->tr = tr;
    translate_result_ref(tr);
    run->stmt = &tr->stmts[idx];
    run->st_cache_slot = -1;
    es->nruns++;
    return run;
}

void exec__run_destroy(exec_run_t *run)
{
    lg_buf_deinit(&run->out);
    lg_buf_deinit(&run->scratch);
    lg_buf_deinit(&run->names);
    lg_buf_deinit(&run->param_buf);
    free_param_arrays(run);
    free(run->fields);
    free(run->fmt_typmods);
    free(run);
}

/* The four parameter arrays with room for n (kept from earlier statements when enough). */
static void param_room(exec_run_t *run, int n)
{
    if (n <= run->param_cap)
        return;
    run->param_types = lg_xrealloc(run->param_types, sizeof(uint32_t) * (size_t)n);
    run->param_vals = lg_xrealloc(run->param_vals, sizeof(uint8_t *) * (size_t)n);
    run->param_lens = lg_xrealloc(run->param_lens, sizeof(int32_t) * (size_t)n);
    run->param_fmts = lg_xrealloc(run->param_fmts, sizeof(int16_t) * (size_t)n);
    run->param_cap = n;
}

void exec_run_set_params(exec_run_t *run, int n, const uint32_t *types, const uint8_t *const *vals,
                         const int32_t *lens, const int16_t *fmts)
{
    run->nparams = n;
    if (n <= 0)
        return;
    param_room(run, n);
    size_t total = 0;
    for (int i = 0; i < n; i++)
        if (vals && vals[i] && lens[i] >= 0)
            total += (size_t)lens[i] + 1;
    lg_buf_reset(&run->param_buf);
    if (lg_buf_reserve(&run->param_buf, total) != 0)
        abort(); /* unreachable: a Bind message (at most 1 GB) is below RUN_PARAMS_MAX */
    for (int i = 0; i < n; i++) {
        run->param_types[i] = types ? types[i] : 0;
        run->param_fmts[i] = fmts ? fmts[i] : 0;
        run->param_lens[i] = lens ? lens[i] : -1;
        run->param_vals[i] = NULL;
        if (vals && vals[i] && lens[i] >= 0) { /* reserved: the buffer does not move */
            run->param_vals[i] = run->param_buf.data + run->param_buf.len;
            lg_buf_append(&run->param_buf, vals[i], (size_t)lens[i]);
            lg_buf_putc(&run->param_buf, 0);
        } else {
            run->param_lens[i] = -1;
        }
    }
}

void exec_run_copy_params(exec_run_t *dst, const exec_run_t *src)
{
    exec_run_set_params(dst, src->nparams, src->param_types,
                        (const uint8_t *const *)src->param_vals, src->param_lens, src->param_fmts);
    const translate_stmt_t *st = dst->stmt;
    for (int i = 0; i < dst->nparams && i < st->nparams && st->param_types; i++)
        if (dst->param_types[i] == 0)
            dst->param_types[i] = st->param_types[i];
}

void exec_run_set_result_formats(exec_run_t *run, int n, const int16_t *fmts)
{
    free(run->result_fmts);
    run->result_fmts = NULL;
    run->nresult_fmts = n;
    if (n > 0)
        run->result_fmts = lg_xmemdup(fmts, sizeof(int16_t) * (size_t)n);
    exec__apply_result_formats(run); /* a cursor's columns, described at its first FETCH */
}

void exec_run_set_copy_out(exec_run_t *run, const exec_copy_format_t *f)
{
    run->copy_out = true;
    run->copy = *f;
    free(run->copy_null);
    free(run->copy_force_quote);
    run->copy_null = lg_xstrdup(f->null ? f->null : "");
    run->copy.null = run->copy_null;
    free(run->copy_force_quote);
    run->copy_force_quote = f->force_quote ? lg_xstrdup(f->force_quote) : NULL;
    run->copy.force_quote = run->copy_force_quote;
}

void exec_run_set_fetch(exec_run_t *run)
{
    run->fetch_mode = true;
    run->row_desc = true;
}

void exec_run_set_held(exec_run_t *run)
{
    run->held = true;
}

bool exec_run_exhausted(const exec_run_t *run)
{
    return run->finished;
}

void exec_run_set_row_description(exec_run_t *run, bool on)
{
    run->row_desc = on;
}

void exec_run_set_describe(exec_run_t *run)
{
    run->row_desc = true;
    run->desc_nodata = true;
}

lg_buf_t *exec_run_output(exec_run_t *run)
{
    return &run->out;
}

const lg_pgerr_t *exec_run_error(const exec_run_t *run)
{
    return &run->err;
}

const proto_field_t *exec_run_fields(const exec_run_t *run, uint16_t *n)
{
    *n = run->nfields;
    return run->fields;
}

const uint32_t *exec_run_param_types(const exec_run_t *run, int *n)
{
    *n = run->nparams;
    return run->param_types;
}

bool exec_run_started(const exec_run_t *run)
{
    return run->started;
}

const translate_stmt_t *exec_run_stmt(const exec_run_t *run)
{
    return run->stmt;
}

void exec_run_describe(exec_run_t *run, exec_run_cb cb, void *arg)
{
    exec_job_t *job = exec__job_new(run->es, JOB_DESCRIBE);
    job->run = run;
    run->schema_gen = run->es->ex->schema_gen;
    job->rcb = cb;
    job->arg = arg;
    exec__job_submit(run->es, job);
}

void exec_run_step(exec_run_t *run, uint32_t max_rows, exec_run_cb cb, void *arg)
{
    exec_session_t *es = run->es;
    if (!run->in_batch) { /* a new Execute / FETCH, not the next batch of one */
        run->call_rows = 0;
        if (run->fetch_mode)
            run->desc_sent = false;
    }
    if (!run->started) {
        atomic_store(&es->cancel, 0);
        es->cancel_msg[0] = '\0';
        es->stmt_time = exec__now_usec();
        if (!es->in_txn)
            es->txn_time = es->stmt_time;
    }
    exec_job_t *job = exec__job_new(es, JOB_STEP);
    job->run = run;
    run->schema_gen = run->es->ex->schema_gen;
    job->max_rows = max_rows;
    job->rcb = cb;
    job->arg = arg;
    exec__job_submit(run->es, job);
}

void exec_run_close(exec_run_t *run)
{
    if (run->closed)
        return;
    run->closed = true;
    /* A run with no job queued, no connection and no statement holds nothing a worker must
     * release: free it here instead of paying a trip through the pool. */
    if (run->jobs == 0 && !run->conn && !run->st) {
        exec__run_free(run);
        return;
    }
    exec_job_t *job = exec__job_new(run->es, JOB_CLOSE);
    job->run = run;
    exec__job_submit(run->es, job);
}

void exec__run_free(exec_run_t *run)
{
    run->es->nruns--;
    translate_result_unref(run->tr);
    free(run->result_fmts);
    free(run->copy_null);
    exec__guc_changes_free(run->guc_changes);
    exec_t *ex = run->es->ex;
    if (ex->nspare_runs >= SPARE_RUNS_MAX) {
        exec__run_destroy(run);
        return;
    }
    run->spare_next = ex->spare_runs;
    ex->spare_runs = run;
    ex->nspare_runs++;
}

/* ---- worker side ---- */

static void release_stmt(exec_run_t *run)
{
    if (run->st && run->conn)
        exec__conn_release_stmt(run->conn, run->st, run->st_cache_slot);
    run->st = NULL;
    run->st_cache_slot = -1;
    sqlite3_finalize(run->capture_st);
    run->capture_st = NULL;
    run->capture[0] = '\0';
    run->captured = 0;
}

/* A statement of a script that starts with TRANSLATE_CAPTURE_MARK "name*" "/": its rows go
 * to temp table `name` (see translate.h). */
static void capture_mark(exec_run_t *run, const char *sql)
{
    if (strncmp(sql, TRANSLATE_SCRIPT_MARK, strlen(TRANSLATE_SCRIPT_MARK)) == 0)
        sql += strlen(TRANSLATE_SCRIPT_MARK);
    while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == ';')
        sql++;
    size_t ml = strlen(TRANSLATE_CAPTURE_MARK);
    if (strncmp(sql, TRANSLATE_CAPTURE_MARK, ml) != 0)
        return;
    const char *end = strstr(sql + ml, "*/");
    size_t n = end ? (size_t)(end - (sql + ml)) : 0;
    if (n == 0 || n >= sizeof(run->capture))
        return;
    memcpy(run->capture, sql + ml, n);
    run->capture[n] = '\0';
}

/* (Re)creates the capture table with the result column names of run->st (a repeated
 * name gets a suffix: the table needs distinct ones). */
static int capture_create(exec_run_t *run, lg_pgerr_t *err)
{
    lg_buf_t b;
    lg_buf_init(&b, 1u << 20);
    lg_buf_printf(&b, "DROP TABLE IF EXISTS temp.\"%s\";CREATE TEMP TABLE \"%s\"(", run->capture,
                  run->capture);
    int n = sqlite3_column_count(run->st);
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(run->st, i);
        bool dup = false;
        for (int k = 0; k < i && !dup; k++)
            dup = strcmp(sqlite3_column_name(run->st, k), name ? name : "") == 0;
        lg_buf_printf(&b, "%s\"", i ? ", " : "");
        for (const char *p = name ? name : "?column?"; *p; p++)
            lg_buf_printf(&b, *p == '"' ? "\"\"" : "%c", *p);
        if (dup)
            lg_buf_printf(&b, "_%d", i + 1);
        lg_buf_printf(&b, "\"");
    }
    lg_buf_printf(&b, ")");
    lg_buf_putc(&b, 0);
    int rc = b.failed ? LG_ESQL : exec__conn_exec(run->conn, (const char *)b.data, err);
    if (b.failed)
        lg_pgerr_set(err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "too many RETURNING columns");
    lg_buf_deinit(&b);
    return rc;
}

static int prepare(exec_run_t *run, const char *sql, lg_pgerr_t *err)
{
    release_stmt(run);
    if (exec__conn_prepare(run->conn, sql, &run->st, &run->st_cache_slot, &run->st_tail, err)) {
        exec__error_position(run->stmt, err);
        return LG_ESQL;
    }
    if (run->st)
        capture_mark(run, sql);
    if (run->capture[0] && capture_create(run, err) != 0)
        return LG_ESQL;
    return 0;
}

/* Inserts the current row of run->st into the capture table. */
static int capture_row(exec_run_t *run)
{
    sqlite3 *db = run->conn->db;
    int n = sqlite3_column_count(run->st);
    if (!run->capture_st) {
        char sql[4096];
        int len = snprintf(sql, sizeof(sql), "INSERT INTO temp.\"%s\" VALUES (", run->capture);
        for (int i = 0; i < n && len > 0 && (size_t)len < sizeof(sql) - 8; i++)
            len += snprintf(sql + len, sizeof(sql) - (size_t)len, "%s?", i ? "," : "");
        if (len <= 0 || (size_t)len >= sizeof(sql) - 8) {
            lg_pgerr_set(&run->err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                         "too many RETURNING columns");
            return LG_ESQL;
        }
        snprintf(sql + len, sizeof(sql) - (size_t)len, ")");
        int rc = sqlite3_prepare_v2(db, sql, -1, &run->capture_st, NULL);
        if (rc != SQLITE_OK) {
            exec__sqlite_error(db, rc, &run->err);
            return LG_ESQL;
        }
    }
    for (int i = 0; i < n; i++)
        sqlite3_bind_value(run->capture_st, i + 1, sqlite3_column_value(run->st, i));
    int rc = sqlite3_step(run->capture_st);
    sqlite3_reset(run->capture_st);
    if (rc != SQLITE_DONE) {
        exec__sqlite_error(db, rc, &run->err);
        return LG_ESQL;
    }
    run->captured++;
    return 0;
}

void exec__run_close_work(exec_job_t *job)
{
    exec_run_t *run = job->run;
    if (!run->conn)
        return;
    release_stmt(run);
    /* An autocommit write interrupted before its end must not leave a transaction open. */
    if (run->conn_is_autocommit_writer && !sqlite3_get_autocommit(run->conn->db)) {
        lg_pgerr_t ignored;
        exec__conn_exec(run->conn, "ROLLBACK", &ignored);
    }
}

void exec__run_describe_work(exec_job_t *job)
{
    exec_run_t *run = job->run;
    job->status = EXEC_RUN_DONE;
    if (run->described || !run->stmt->sql)
        return;
    bool script =
        strncmp(run->stmt->sql, TRANSLATE_SCRIPT_MARK, strlen(TRANSLATE_SCRIPT_MARK)) == 0;
    /* a script's statements prepare only as it runs: the translator's columns describe it */
    if (script && run->stmt->returns_rows && run->stmt->ncols < 0) {
        lg_pgerr_set(&run->err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "describing this statement before it runs is not supported (name the "
                     "columns of its data-modifying WITH items' RETURNING)");
        job->status = EXEC_RUN_ERROR;
        return;
    }
    if (!script && !run->st && prepare(run, run->stmt->sql, &run->err) != 0) {
        job->status = EXEC_RUN_ERROR;
        return;
    }
    if (run->stmt->returns_rows)
        exec__describe_columns(run, false);
    if (!run->started)
        release_stmt(run); /* executes later on the connection its class needs */
    int n = run->st ? sqlite3_bind_parameter_count(run->st) : 0;
    if (run->nparams < run->stmt->nparams)
        n = run->stmt->nparams;
    if (n > run->nparams) {
        param_room(run, n);
        for (int i = run->nparams; i < n; i++) {
            run->param_types[i] =
                run->stmt->param_types && i < run->stmt->nparams ? run->stmt->param_types[i] : 0;
            run->param_vals[i] = NULL; /* not bound: SQL NULL */
            run->param_lens[i] = -1;
            run->param_fmts[i] = 0;
        }
        run->nparams = n;
    }
    for (int i = 0; i < run->nparams; i++)
        if (run->param_types[i] == 0)
            run->param_types[i] = 25; /* text: SQLite converts by column affinity */
    run->described = true;
}

static void command_tag(exec_run_t *run, char *tag, size_t n)
{
    const char *base = run->stmt->tag;
    long long changes = run->conn ? sqlite3_changes64(run->conn->db) : 0;
    if (run->main_set)
        changes = (long long)run->main_changes;
    if (run->fetch_mode)
        snprintf(tag, n, "FETCH %llu", (unsigned long long)run->call_rows);
    else if (run->copy_out)
        snprintf(tag, n, "COPY %llu", (unsigned long long)run->rows);
    else if (strcmp(base, "SELECT") == 0 && !run->stmt->returns_rows) /* CREATE TABLE AS */
        snprintf(tag, n, "SELECT %lld", changes);
    else if (strcmp(base, "SELECT") == 0)
        snprintf(tag, n, "SELECT %llu", (unsigned long long)run->rows);
    else if (strcmp(base, "INSERT") == 0)
        snprintf(tag, n, "INSERT 0 %lld", run->stmt->returns_rows ? (long long)run->rows : changes);
    else if (strcmp(base, "MERGE") == 0) /* its script's last statement counts the rows */
        snprintf(tag, n, "MERGE %lld", changes);
    else if (strcmp(base, "UPDATE") == 0 || strcmp(base, "DELETE") == 0)
        snprintf(tag, n, "%s %lld", base, run->stmt->returns_rows ? (long long)run->rows : changes);
    else
        snprintf(tag, n, "%s", base);
}

/* A DDL script runs inside a savepoint so that it applies whole or not at all, in a
 * transaction block or in autocommit (where SAVEPOINT opens and RELEASE commits one). */
#define DDL_SAVEPOINT "lg_ddl"

static void ddl_begin(exec_run_t *run)
{
    bool script = run->stmt->sql && strncmp(run->stmt->sql, TRANSLATE_SCRIPT_MARK,
                                            strlen(TRANSLATE_SCRIPT_MARK)) == 0;
    if ((run->stmt->cls != TR_CLASS_DDL && !script) || !run->conn)
        return;
    lg_pgerr_t e;
    if (exec__conn_exec(run->conn, "SAVEPOINT " DDL_SAVEPOINT, &e) == 0)
        run->ddl_savepoint = true;
}

static void ddl_undo(exec_run_t *run)
{
    if (!run->ddl_savepoint)
        return;
    run->ddl_savepoint = false;
    lg_pgerr_t e;
    exec__conn_exec(run->conn, "ROLLBACK TO " DDL_SAVEPOINT "; RELEASE " DDL_SAVEPOINT, &e);
}

/* Ends the run with run->err already filled. */
static exec_run_status_t end_error(exec_run_t *run)
{
    exec__error_position(run->stmt, &run->err);
    release_stmt(run);
    ddl_undo(run);
    run->finished = true;
    return EXEC_RUN_ERROR;
}

static exec_run_status_t fail(exec_run_t *run, int rc)
{
    char msg[256];
    snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(run->conn->db));
    exec__sqlite_error(run->conn->db, rc, &run->err);
    if (strcmp(run->err.sqlstate, LG_SQLSTATE_UNIQUE_VIOLATION) == 0 && run->conn->writer)
        exec__unique_diagnose(run->conn->db, run->st, msg, &run->err); /* exec_uniqdiag.c */
    if (strcmp(run->err.sqlstate, LG_SQLSTATE_FOREIGN_KEY_VIOLATION) == 0 && run->conn->writer)
        exec__fk_diagnose(run->conn->db, run->st, &run->err); /* exec_fkdiag.c */
    return end_error(run);
}

static exec_run_status_t finish(exec_run_t *run)
{
    char tag[64];
    command_tag(run, tag, sizeof(tag));
    release_stmt(run);
    if (run->ddl_savepoint) {
        run->ddl_savepoint = false;
        if (exec__conn_exec(run->conn, "RELEASE " DDL_SAVEPOINT, &run->err) != 0) {
            run->ddl_savepoint = true;
            return end_error(run);
        }
    }
    run->finished = true;
    if (run->copy_out)
        exec__copy_end(run);
    proto_be_command_complete(&run->out, tag);
    return EXEC_RUN_DONE;
}

/* Steps the statement (and the rest of a multi-statement DDL script) until a batch is
 * full, max_rows is reached or it ends. */
static exec_run_status_t step_loop(exec_run_t *run, uint32_t max_rows, size_t batch)
{
    for (;;) {
        int rc = sqlite3_step(run->st);
        if (rc == SQLITE_ROW && run->capture[0]) {
            if (capture_row(run) != 0)
                return end_error(run);
            continue;
        }
        if (rc == SQLITE_ROW) {
            if (!run->described) {
                exec__describe_columns(run, true);
                run->described = true;
            }
            if ((run->row_desc || run->copy_out) && !run->desc_sent) {
                if (run->copy_out)
                    exec__copy_begin(run);
                else
                    proto_be_row_description(&run->out, run->nfields, run->fields);
                run->desc_sent = true;
            }
            if ((run->copy_out ? exec__encode_copy_row(run) : exec__encode_row(run)) != 0)
                return end_error(run);
            run->rows++;
            run->call_rows++;
            if (run->out.failed) {
                lg_pgerr_set(&run->err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "row too large");
                return end_error(run);
            }
            if (max_rows && run->call_rows >= max_rows) {
                if (run->fetch_mode) {
                    char tag[40];
                    command_tag(run, tag, sizeof(tag));
                    proto_be_command_complete(&run->out, tag);
                } else {
                    proto_be_portal_suspended(&run->out);
                }
                return EXEC_RUN_SUSPENDED;
            }
            if (run->out.len - run->out.off >= batch)
                return EXEC_RUN_MORE;
            continue;
        }
        if (rc != SQLITE_DONE)
            return fail(run, rc);
        if (!sqlite3_stmt_readonly(run->st))
            run->wrote = true;
        if (strncmp(run->capture, "_lg_main", 8) == 0) {
            run->main_set = true;
            run->main_changes = run->captured;
        }
        if (run->stmt->returns_rows && !run->described && !run->capture[0] && run->st_tail &&
            sqlite3_column_count(run->st) > 0) { /* a script's row-returning statement */
            exec__describe_columns(run, false);
            run->described = true;
        }
        if (run->st_tail) {
            /* st_tail points into run->stmt->sql, which lives as long as the run */
            if (prepare(run, run->st_tail, &run->err) != 0)
                return end_error(run);
            if (!run->st)
                break;
            if (exec__bind_params(run, &run->err) != 0)
                return end_error(run);
            continue;
        }
        break;
    }
    if (run->stmt->returns_rows && !run->described) {
        exec__describe_columns(run, false);
        run->described = true;
    }
    if ((run->row_desc || run->copy_out) && !run->desc_sent && run->stmt->returns_rows) {
        if (run->copy_out)
            exec__copy_begin(run);
        else
            proto_be_row_description(&run->out, run->nfields, run->fields);
        run->desc_sent = true;
    }
    if (run->desc_nodata && !run->desc_sent && !run->stmt->returns_rows) {
        proto_be_no_data(&run->out);
        run->desc_sent = true;
    }
    return finish(run);
}

void exec__run_step_work(exec_job_t *job)
{
    exec_run_t *run = job->run;
    if (atomic_load(&run->es->cancel)) {
        lg_pgerr_set(&run->err, LG_SQLSTATE_QUERY_CANCELED,
                     "canceling statement due to user request");
        release_stmt(run);
        run->finished = true;
        job->status = EXEC_RUN_ERROR;
        return;
    }
    if (!run->stmt->sql) {
        job->status = EXEC_RUN_DONE;
        proto_be_command_complete(&run->out, run->stmt->tag);
        return;
    }
    if (!run->started) {
        run->started = true;
        ddl_begin(run);
        if ((!run->st && prepare(run, run->stmt->sql, &run->err) != 0) ||
            (run->st && exec__bind_params(run, &run->err) != 0)) {
            job->status = end_error(run);
            return;
        }
        if (!run->st) { /* empty statement text */
            job->status = finish(run);
            return;
        }
    }
    if (run->finished) {
        job->status = EXEC_RUN_DONE;
        return;
    }
    (void)exec_pl_take_ddl(); /* a mark left by an earlier statement on this thread */
    job->status = step_loop(run, job->max_rows, job->ex->cfg.batch_bytes);
    run->in_batch = job->status == EXEC_RUN_MORE;
    if (exec_pl_take_ddl()) /* DDL inside DO / a PL/pgSQL function */
        run->pl_ddl = true;
}
