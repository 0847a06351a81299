/* exec_pl.h - private interface of the PL runtime: user-defined functions (LANGUAGE sql
 * and plpgsql), DO blocks and row triggers, run inside SQLite function callbacks on the
 * connection that called them (sqlite3_context_db_handle), on that connection's worker.
 *
 * Files: exec_pl.c (per-connection state, SQL functions lg_udf / lg_do, the function
 * cache), exec_pl_compile.c (PL/pgSQL parse tree -> datums), exec_pl_json.c (a small JSON reader
 * for pg_query_parse_plpgsql's output), exec_pl_expr.c (expressions and SQL statements of PL/pgSQL:
 * names -> $n parameters, translated by translate_sql, run with the variables bound), exec_pl_run.c
 * (the statement interpreter), exec_pl_trig.c (lg_trigger, lg_trig_before, lg_trow).
 *
 * Errors travel as pl_err_t (SQLSTATE + message) and leave SQLite as "SSSSS:message"
 * function errors, which exec__sqlite_error turns back into the SQLSTATE. */
#ifndef LG_EXEC_PL_H
#define LG_EXEC_PL_H
#include "lg_buf.h"
#include "translate.h"
#include "translate_fn.h"
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- JSON (exec_pl_json.c) ---- */
typedef enum { PJ_NULL, PJ_BOOL, PJ_NUM, PJ_STR, PJ_ARR, PJ_OBJ } pj_kind_t;
typedef struct pj {
    pj_kind_t kind;
    bool b;
    double num;
    char *str;         /* PJ_STR */
    int n;             /* PJ_ARR / PJ_OBJ members */
    char **keys;       /* PJ_OBJ */
    struct pj **items; /* PJ_ARR / PJ_OBJ values */
} pj_t;
pj_t *pj_parse(const char *text); /* NULL on malformed input */
void pj_free(pj_t *j);
const pj_t *pj_get(const pj_t *obj, const char *key); /* NULL when absent */
const char *pj_str(const pj_t *obj, const char *key); /* "" when absent */
int64_t pj_int(const pj_t *obj, const char *key);     /* 0 when absent */
bool pj_bool(const pj_t *obj, const char *key);
/* {"PLpgSQL_x": {...}} -> its single key ("PLpgSQL_x") and value. */
const char *pj_node(const pj_t *wrapped, const pj_t **body);

/* ---- errors ---- */
typedef struct pl_err {
    char sqlstate[6];
    char msg[1024];
    char hint[256];
} pl_err_t;
/* Fills e; returns -1 (so that `return PL_ERR_SET(...)` reports the failure). */
int pl_err_set(pl_err_t *e, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define PL_ERR_SET pl_err_set
/* Condition name (unique_violation, ...) or 5-character code -> SQLSTATE, NULL if unknown. */
const char *pl_condition_sqlstate(const char *name);

/* ---- values and variables ---- */
typedef struct pl_rec {
    bool isnull; /* unassigned / NULL row */
    int n;
    char **names;
    uint32_t *types;
    int32_t *typmods;     /* may be NULL */
    sqlite3_value **vals; /* NULL entry = SQL NULL */
} pl_rec_t;

typedef enum { PD_VAR, PD_REC, PD_ROW, PD_RECFIELD, PD_OTHER } pl_dkind_t;

typedef struct pl_datum {
    pl_dkind_t kind;
    char name[64];    /* lower-case refname */
    char typname[96]; /* declared type text (PD_VAR) */
    uint32_t type;    /* PostgreSQL OID (0 unknown) */
    const pj_t *def;  /* default expression (PLpgSQL_expr body) or NULL */
    int nfields;      /* PD_ROW: target datums */
    int *fields;
    char field[64]; /* PD_RECFIELD */
    int parent;
} pl_datum_t;

typedef struct pl_expr pl_expr_t; /* exec_pl_expr.c */

typedef struct pl_func {
    translate_fndef_t def;
    bool is_sql;
    bool is_trigger;
    /* LANGUAGE sql */
    translate_result_t *sql;
    sqlite3_stmt **sql_st; /* prepared statements of the outermost call (depth 1) */
    /* plpgsql */
    pj_t *tree;
    const pj_t *action;
    int ndatums;
    pl_datum_t *datums;
    int new_dno, old_dno, found_dno, sqlstate_dno, sqlerrm_dno;
    pl_expr_t *exprs; /* compiled expressions, keyed by their JSON node */
    int depth;        /* active calls (recursion) */
    sqlite3_stmt *mk; /* "SELECT ?1": makes sqlite3_value objects (never held across calls) */
    struct pl_func *next;
} pl_func_t;

/* Trigger call context. */
typedef struct pl_trig {
    const char *op;   /* INSERT / UPDATE / DELETE */
    const char *when; /* BEFORE / AFTER */
    const char *name;
    const char *table;
    pl_rec_t *new_row, *old_row; /* borrowed */
} pl_trig_t;

/* One activation of a PL/pgSQL function. */
typedef struct pl_frame {
    sqlite3 *db;
    pl_func_t *fn;
    sqlite3_value **vars; /* per datum (PD_VAR) */
    pl_rec_t *recs;       /* per datum (PD_REC / record vars) */
    const pl_trig_t *trig;
    pl_err_t err;
    pl_err_t caught; /* error being handled (RAISE; re-raises it) */
    bool has_caught;
    sqlite3_value *ret; /* RETURN value */
    pl_rec_t *ret_rec;  /* RETURN of a record (trigger functions) */
    bool ret_null;
    int savepoints;
    char exit_label[64]; /* EXIT/CONTINUE label being propagated ("" = innermost loop) */
    int64_t row_count;   /* GET DIAGNOSTICS ROW_COUNT: rows of the last SQL statement */
    lg_buf_t *set;       /* a set-returning function's rows: a JSON array of arrays */
} pl_frame_t;

/* ---- exec_pl.c ---- */
typedef struct exec_pl exec_pl_t;
/* Registers lg_udf, lg_do, lg_trigger, lg_trig_before, lg_trow on db (main thread). */
int exec_pl_register(sqlite3 *db, exec_pl_t **out);
/* Drops cached definitions when the schema generation moved (worker). */
void exec_pl_sync(exec_pl_t *pl, uint64_t schema_gen);
/* The cached compiled function `name`, NULL with err set when it does not exist. */
pl_func_t *exec_pl_func(exec_pl_t *pl, sqlite3 *db, const char *name, pl_err_t *err);
/* The cached trigger-style function compiled from `src` under the name `key` (names that
 * cannot be user functions: trigger WHEN conditions). */
pl_func_t *exec_pl_func_src(exec_pl_t *pl, const char *key, const char *src, pl_err_t *err);
/* Parses plpgsql source (CREATE FUNCTION or DO text) into f. */
int exec_pl_compile(pl_func_t *f, const char *src, pl_err_t *err);
void exec_pl_func_free(pl_func_t *f);
/* Reports err as the SQL function's error: "SSSSS:message[\x1fHINT:hint]" (exec_conn.c
 * turns it back into SQLSTATE, message and hint). */
void pl_result_error(sqlite3_context *ctx, const pl_err_t *err);
/* SQLite error of db after rc -> SQLSTATE and message. */
void exec_pl_sqlite_err(sqlite3 *db, int rc, pl_err_t *err);
/* Per-connection row handles of BEFORE triggers (exec_pl_trig.c). */
typedef struct pl_rowstore pl_rowstore_t;
pl_rowstore_t *exec_pl_rows(exec_pl_t *pl);

/* ---- exec_pl_trig.c ---- */
pl_rowstore_t *pl_rowstore_new(void);
/* Forgets a BEFORE-trigger row pass left by a statement that failed (job start). */
void pl_rowstore_reset_pass(pl_rowstore_t *rs);
/* Drops cached row layouts and trigger definitions (schema changed). */
void pl_rowstore_flush(pl_rowstore_t *rs);
void pl_rowstore_free(pl_rowstore_t *rs);
/* Registers lg_trigger, lg_trig_before and lg_trow (user data: pl). */
int pl_trig_register(sqlite3 *db, exec_pl_t *pl);

/* ---- exec_pl_compile.c ---- */
/* The last variable datum called `name`, -1 if none. */
int pl_find_var(const pl_func_t *fn, const char *name);
/* Resolves declared type names of variables to OIDs (needs the catalog). */
void pl_resolve_types(pl_func_t *fn, sqlite3 *db);
/* Lower-cased copy of src without surrounding blanks. */
void pl_lower_trim(char *dst, size_t cap, const char *src);

/* ---- exec_pl_run.c ---- */
/* Runs a PL/pgSQL function: args bound to its parameters. On success *ret / *ret_rec
 * hold the result (caller owns). */
int pl_run(sqlite3 *db, pl_func_t *fn, int argc, sqlite3_value **argv, const pl_trig_t *trig,
           sqlite3_value **ret, pl_rec_t **ret_rec, pl_err_t *err);
/* Runs a set-returning PL/pgSQL function (RETURNS TABLE / SETOF): its rows (RETURN NEXT,
 * RETURN QUERY) go to `rows` as one JSON array of arrays, one value per column. */
int pl_run_set(sqlite3 *db, pl_func_t *fn, int argc, sqlite3_value **argv, lg_buf_t *rows,
               pl_err_t *err);
void pl_rec_clear(pl_rec_t *r);
void pl_rec_copy(pl_rec_t *dst, const pl_rec_t *src);

/* ---- exec_pl_expr.c ---- */
/* Evaluates expression node `e` (a PLpgSQL_expr body) as "SELECT <query>" into *out
 * (a new value or NULL for SQL NULL). `cast`: type to cast to ("" none). */
int pl_eval(pl_frame_t *f, const pj_t *e, const char *cast, sqlite3_value **out);
/* Evaluates a condition: 1 true, 0 false/NULL, -1 error. */
int pl_cond(pl_frame_t *f, const pj_t *e);
/* Runs a SQL statement (PLpgSQL_expr body). With `into` >= 0 the first row goes to that
 * datum (STRICT: exactly one row). With cb, the rows are read first (a snapshot) and cb
 * runs for each: return 1 to go on, 0 to stop, -1 on error. Sets FOUND. */
typedef int (*pl_row_cb)(pl_frame_t *f, const pl_rec_t *row, void *arg);
int pl_exec_sql(pl_frame_t *f, const pj_t *e, int into, bool strict, pl_row_cb cb, void *arg);
/* Whether a PL/pgSQL statement changed the schema (ran DDL) on this worker thread since
 * the last call; resets the mark. The run that called the function then invalidates the
 * translations (exec_schema_changed). */
bool exec_pl_take_ddl(void);
/* EXECUTE of a query string with USING values ($1..$n); rows as for pl_exec_sql. */
int pl_exec_dynamic(pl_frame_t *f, const char *sql, int nvals, sqlite3_value **vals, pl_row_cb cb,
                    void *arg);
/* Assigns a row to datum `target` (PLpgSQL_row targets, records, variables). */
int pl_assign_row(pl_frame_t *f, int target, const pl_rec_t *row);
/* Evaluates an assignment's query ("x := expr") into its target datum. */
int pl_eval_assign(pl_frame_t *f, int dno, const pj_t *e);
/* Stores v (copied) into datum dno, cast to its declared type. */
int pl_assign(pl_frame_t *f, int dno, sqlite3_value *v);
void pl_exprs_free(pl_expr_t *list);
/* A new value holding integer v (NULL on failure). */
sqlite3_value *pl_make_int(pl_frame_t *f, int64_t v);
/* JSON object text of a record (to_jsonb(NEW)). */
char *pl_rec_json(const pl_rec_t *r);

#endif
