/* translate.h - PostgreSQL statement text -> parsed, classified, SQLite-ready statements.
 *
 * translate_sql() runs on a worker (it calls libpg_query, which is CPU-heavy and may use a
 * lot of stack); the translation cache (translate_cache_*) belongs to the loop thread.
 * A translate_result_t is immutable once built and refcounted; refcounts change on the
 * loop thread only (translate_result_ref/unref).
 *
 * Each PostgreSQL statement becomes one translate_stmt_t. Statements that SQLite runs
 * (class READ, WRITE, DDL) carry `sql`, the SQLite text; statements the session handles
 * itself (transaction control, SET/SHOW, PREPARE/EXECUTE/DEALLOCATE, DISCARD, ...) carry
 * their decoded fields instead. The libpg_query tree never leaves this module. */
#ifndef LG_TRANSLATE_TRANSLATE_H
#define LG_TRANSLATE_TRANSLATE_H
#include "lg_err.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    TR_CLASS_EMPTY = 0, /* nothing to run (never in a result: empty strings give 0 stmts) */
    TR_CLASS_READ,      /* runs on a reader connection */
    TR_CLASS_WRITE,     /* INSERT/UPDATE/DELETE, or a SELECT that writes (nextval, FOR UPDATE) */
    TR_CLASS_DDL,       /* CREATE/ALTER/DROP/...: writer, and bumps the schema generation */
    TR_CLASS_TXN,       /* BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE/ROLLBACK TO */
    TR_CLASS_SET,       /* SET / RESET / SET LOCAL / SET TRANSACTION / SET SESSION ... */
    TR_CLASS_SHOW,      /* SHOW name | SHOW ALL */
    TR_CLASS_PREPARE,   /* SQL-level PREPARE name [(types)] AS stmt */
    TR_CLASS_EXECUTE,   /* SQL-level EXECUTE name [(args)] */
    TR_CLASS_DEALLOCATE,
    TR_CLASS_DISCARD,      /* DISCARD ALL/PLANS/... */
    TR_CLASS_NOOP,         /* accepted and ignored, answered with `tag` (e.g. LISTEN-free no-ops) */
    TR_CLASS_COPY,         /* COPY ... FROM STDIN / TO STDOUT (the session runs the protocol) */
    TR_CLASS_DECLARE,      /* DECLARE name CURSOR FOR query: name, prepare_sql = the query */
    TR_CLASS_FETCH,        /* FETCH [n|ALL] [FROM|IN] name: name, fetch_count (0 = ALL) */
    TR_CLASS_CLOSE_CURSOR, /* CLOSE name | CLOSE ALL (name "") */
    TR_CLASS_NOTIFY,       /* LISTEN / UNLISTEN / NOTIFY (tag says which): name = channel ("" =
                              UNLISTEN *), set_value = NOTIFY payload (NULL = none) */
} translate_class_t;

typedef enum {
    TR_TXN_NONE = 0,
    TR_TXN_BEGIN, /* BEGIN / START TRANSACTION */
    TR_TXN_COMMIT,
    TR_TXN_ROLLBACK,
    TR_TXN_SAVEPOINT,
    TR_TXN_RELEASE,
    TR_TXN_ROLLBACK_TO,
    TR_TXN_PREPARE, /* PREPARE TRANSACTION: none allowed (55000), as max_prepared_transactions 0 */
} translate_txn_kind_t;

typedef enum {
    TR_ISO_DEFAULT = 0,
    TR_ISO_READ_UNCOMMITTED,
    TR_ISO_READ_COMMITTED,
    TR_ISO_REPEATABLE_READ,
    TR_ISO_SERIALIZABLE,
} translate_isolation_t;

typedef enum {
    TR_SET_VALUE = 1,   /* SET name TO value[, value...] (value joined with ", ") */
    TR_SET_DEFAULT,     /* SET name TO DEFAULT */
    TR_SET_RESET,       /* RESET name */
    TR_SET_RESET_ALL,   /* RESET ALL */
    TR_SET_TRANSACTION, /* SET TRANSACTION ... / SET SESSION CHARACTERISTICS: see txn fields */
} translate_set_kind_t;

/* A result column as far as the translator knows it. type_oid 0 = unknown: exec then uses
 * the origin column's recorded PostgreSQL type, the declared type, or the value's storage
 * class. */
typedef struct translate_col {
    char *name;
    uint32_t type_oid;
    int32_t typmod;
} translate_col_t;

/* Multi-statement scripts of a READ/WRITE statement (data-modifying WITH): the SQL starts
 * with TRANSLATE_SCRIPT_MARK and runs inside a savepoint like a DDL script; a statement of it
 * that starts with TRANSLATE_CAPTURE_MARK "name*" "/" does not send its rows: when exec
 * prepares it, it (re)creates temp table `name` with the statement's result column names,
 * and inserts each row there. When `name` starts with "_lg_main", that statement is the
 * one the command tag counts (its captured rows). */
#define TRANSLATE_SCRIPT_MARK "/*lg_script*/"
#define TRANSLATE_CAPTURE_MARK "/*lg_capture:"
/* The name of the one placeholder column of a SELECT with an empty select list (SELECT FROM
 * t): exec describes and sends such a result as having no columns. */
#define TRANSLATE_NO_COLUMNS "_lg_nocols"

/* Where a relation is named in the query, so that errors SQLite raises later ("no such
 * table") carry PostgreSQL's position. */
#define TRANSLATE_RELREFS 8
typedef struct translate_relref {
    char name[64];
    int position; /* 1-based character position */
} translate_relref_t;
/* ... and where a column is named, for "no such column" errors. */
#define TRANSLATE_COLREFS 16
typedef struct translate_colref {
    char rel[64]; /* the qualifier as written, "" = none */
    char name[64];
    int position;
} translate_colref_t;

typedef struct translate_stmt {
    translate_class_t cls;
    char tag[40]; /* command tag base: "SELECT", "INSERT", "CREATE TABLE", "SET", ... */
    /* NOTICEs PostgreSQL sends for the statement ("" = none), one a line, each its SQLSTATE,
     * a space and the message: IF [NOT] EXISTS skips ("42P07 relation ... already exists,
     * skipping"), TRUNCATE ... CASCADE, DROP ... CASCADE */
    char notice[640];
    char *sql; /* SQLite SQL for READ/WRITE/DDL (NUL-terminated), else NULL */
    bool returns_rows;
    int stmt_location; /* byte offset of this statement in the original string */
    int stmt_len;      /* byte length (0 = to the end) */

    /* parameters: highest $n used, and inferred types (0 = unknown) */
    int nparams;
    uint32_t *param_types;

    int nrelrefs;
    translate_relref_t relrefs[TRANSLATE_RELREFS];
    int ncolrefs;
    translate_colref_t colrefs[TRANSLATE_COLREFS];

    /* result columns; ncols -1 = not known until prepare */
    int ncols;
    translate_col_t *cols;

    /* TR_CLASS_TXN and TR_SET_TRANSACTION */
    translate_txn_kind_t txn_kind;
    char *savepoint;
    translate_isolation_t isolation;
    int read_only;  /* -1 unspecified, 0 READ WRITE, 1 READ ONLY */
    int deferrable; /* -1 unspecified, 0 NOT DEFERRABLE, 1 DEFERRABLE */
    bool chain;     /* COMMIT AND CHAIN */
    /* LOCK TABLE: only inside a transaction block (25P01 outside one); NOWAIT: fail with
     * 55P03 instead of waiting for the writer (name = the first relation) */
    bool needs_block;
    bool lock_nowait;
    /* SET CONSTRAINTS: outside a transaction block PostgreSQL warns (25P01) and goes on */
    bool warns_no_block;
    /* creates a temporary relation (in the session's pg_temp_<pid> schema): the session
     * drops that schema when it ends and stops using cached translations */
    bool temp_ddl;

    /* TR_CLASS_SET / TR_CLASS_SHOW */
    translate_set_kind_t set_kind;
    char *set_name; /* lower-case; "all" for SHOW ALL */
    char *set_value;
    bool set_local;

    /* TR_CLASS_PREPARE / EXECUTE / DEALLOCATE: name ("" = ALL for DEALLOCATE); for
     * PREPARE, `prepare_sql` is the statement text (a slice of the original) to translate;
     * for EXECUTE the constant arguments as text (NULL pointer = SQL NULL) in exec_args. */
    char *name;
    char *prepare_sql;
    int nexec_args;
    char **exec_args;

    /* TR_CLASS_FETCH */
    int64_t fetch_count;
    bool cursor_hold; /* DECLARE ... WITH HOLD */

    /* TR_CLASS_COPY. copy_sql is PostgreSQL text for the session to translate: for TO, the
     * SELECT whose rows are sent; for FROM, "SELECT <columns> FROM <table> LIMIT 0", whose
     * result columns name the targets; copy_table is the quoted target of FROM. */
    bool copy_from;
    char copy_format; /* 't' text, 'c' csv, 'b' binary */
    char copy_delim;
    char copy_quote;
    char copy_escape;
    bool copy_header;
    bool copy_header_match; /* HEADER MATCH (FROM): the header must name the columns */
    bool copy_all_columns;  /* no column list: the table's columns */
    char *copy_null;
    char *copy_force_quote;    /* FORCE_QUOTE: "*", or each column name followed by '\n' */
    char *copy_force_not_null; /* FORCE_NOT_NULL / FORCE_NULL (FROM, CSV): "a\nb\n" */
    char *copy_force_null;
    char *copy_sql;
    char *copy_table;
} translate_stmt_t;

typedef struct translate_result {
    int refcount;
    bool uncacheable; /* depends on the schema at translation time (DDL, ALTER ...) */
    size_t nstmts;
    translate_stmt_t *stmts;
    /* split_after_ddl: byte offset in the text of the statements after the first DDL
     * statement, which were not translated (0 = none): they may name what it creates */
    int rest_at;
    char *src; /* the text it was translated from (first 1023 bytes), or NULL */
} translate_result_t;

typedef struct translate_opts {
    size_t max_length; /* longer text -> 54000 */
    int max_depth;     /* protobuf nesting limit, deeper -> 54001 */
    /* Parameter type OIDs the client declared in Parse (may be NULL / 0 = unspecified). */
    int nparam_types;
    const uint32_t *param_types;
    /* A read-only `sqlite3 *` usable on the calling worker for catalog look-ups (column
     * types, table definitions for ALTER TABLE), or NULL. */
    void *catalog_db;
    /* The statement's result goes straight to a client: the top-level SELECT's numeric
     * output columns are computed with sqlfn's exact decimal functions (lg_numx_*, decimal
     * TEXT with PostgreSQL's digits and scale) wherever the value is not also sorted,
     * grouped or compared in SQLite. Off for SQL run inside the server (PL/pgSQL, views). */
    bool exact_numeric;
    /* Stop after the first DDL statement of a multi-statement text (rest_at says where the
     * rest begins): a client's simple Query, whose later statements are translated only
     * after that DDL ran (session_simple.c). */
    bool split_after_ddl;
} translate_opts_t;

/* worker: parses and translates `sql` (NUL-terminated, `len` bytes). On success *out gets
 * a result with refcount 1 and 0 is returned; on failure err is filled (SQLSTATE, message,
 * position) and LG_ESQL is returned. An empty or comment-only string yields 0 statements. */
int translate_sql(const char *sql, size_t len, const translate_opts_t *opts,
                  translate_result_t **out, lg_pgerr_t *err);

/* loop */
void translate_result_ref(translate_result_t *r);
void translate_result_unref(translate_result_t *r);

/* ---- translation cache (loop thread) ----
 * Keyed by exact statement text plus declared parameter types; bounded by entries and
 * bytes (LRU); flushed when the schema generation changes. */
typedef struct translate_cache translate_cache_t;
translate_cache_t *translate_cache_new(size_t max_entries, size_t max_bytes);
void translate_cache_free(translate_cache_t *c);
/* Returns a new reference or NULL. */
translate_result_t *translate_cache_get(translate_cache_t *c, const char *sql, size_t len,
                                        int nparam_types, const uint32_t *param_types);
/* Stores r (takes a new reference). */
void translate_cache_put(translate_cache_t *c, const char *sql, size_t len, int nparam_types,
                         const uint32_t *param_types, translate_result_t *r);
void translate_cache_clear(translate_cache_t *c);

#endif
