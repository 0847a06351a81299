/* translate_emit.h - private interface shared by the emitter files (translate_emit_*.c).
 * Worker thread only.
 *
 * The emitter walks one statement's libpg_query tree and appends SQLite SQL to ctx->b.
 * Failure is sticky: the first error (SQLSTATE, message, position) is kept in ctx->err
 * and ctx->failed is set; emitters keep going harmlessly and translate__emit checks once.
 * Expression emitters return the PostgreSQL type OID they inferred (0 = unknown), which
 * drives PostgreSQL semantics (integer vs numeric division, literal coercion, result
 * column types, parameter types). */
#ifndef LG_TRANSLATE_EMIT_H
#define LG_TRANSLATE_EMIT_H
#include "lg_buf.h"
#include "translate_int.h"
#include <stdbool.h>
#include <stdint.h>

#define EMIT_MAX_PARAMS 65535
#define EMIT_NAME_MAX 128
#define EMIT_SCOPE_RELS 32
#define EMIT_COLMAP_MAX 16
/* a table function's hidden whole-row column (_pg_expandarray in a select list) */
#define EMIT_ROW_COLUMN "_lg_row"
/* pseudo composite types of _pg_expandarray's row (x, n), x integer or text; reported to
 * clients as record (translate_emit.c), known to field selection (translate_emit_composite.c) */
#define EMIT_EXPANDARRAY_INT_OID 0xFFFFFF01u
#define EMIT_EXPANDARRAY_TEXT_OID 0xFFFFFF02u
#define EMIT_QNAMES 8

/* One FROM item visible to column references. */
typedef struct emit_rel {
    char alias[EMIT_NAME_MAX]; /* name that qualifies its columns */
    char table[EMIT_NAME_MAX]; /* base table ("" for subqueries, functions, CTEs) */
    /* table functions: PostgreSQL column name -> SQLite expression over `alias` */
    int ncolmap;
    char colmap_from[EMIT_COLMAP_MAX][EMIT_NAME_MAX];
    const char *colmap_to[EMIT_COLMAP_MAX]; /* printf format with one %s for the alias */
    uint32_t colmap_type[EMIT_COLMAP_MAX];
    int32_t colmap_typmod[EMIT_COLMAP_MAX]; /* > 0 when known (a LATERAL subquery's column) */
    /* derived tables and CTE references: output columns (owned) */
    int ncols;
    translate_col_t *cols;
} emit_rel_t;

typedef struct emit_cte {
    char name[EMIT_NAME_MAX];
    int ncols;
    translate_col_t *cols; /* owned */
} emit_cte_t;

#define EMIT_SCOPE_CTES 16
#define EMIT_SCOPE_MERGES 16

/* A JOIN ... USING / NATURAL JOIN of this scope: its left input is rels [lo, mid), its right
 * input rels [mid, hi); recorded when the join has been emitted, so inner joins come first. */
typedef struct emit_merge {
    int lo, mid, hi;
    const PgQuery__JoinExpr *join;
} emit_merge_t;

typedef struct emit_scope {
    struct emit_scope *parent;
    int nrels;
    emit_rel_t rels[EMIT_SCOPE_RELS];
    int nctes;
    emit_cte_t ctes[EMIT_SCOPE_CTES];
    int nmerges; /* > EMIT_SCOPE_MERGES: too many to list * column by column */
    emit_merge_t merges[EMIT_SCOPE_MERGES];
} emit_scope_t;

/* catalog look-up memo: (table, column) -> type */
#define EMIT_TYPE_MEMO 64
typedef struct emit_memo {
    char table[EMIT_NAME_MAX];
    char col[EMIT_NAME_MAX];
    uint32_t oid;
    int32_t typmod;
} emit_memo_t;

typedef struct emit_grouping emit_grouping_t; /* translate_emit_grouping.c */
typedef struct emit_modcte emit_modcte_t;     /* translate_emit_modcte.c */
typedef struct emit_retmap emit_retmap_t;     /* translate_emit_updfrom.c */

#define EMIT_PEEK_CACHE 1024
typedef struct emit_peek {
    const PgQuery__Node *node;
    uint32_t type;
    int32_t typmod;
} emit_peek_t;

typedef struct emit_cascade emit_cascade_t; /* translate_emit_viewdep.c */

typedef struct emit_ctx {
    lg_buf_t *b;
    const char *src;
    const translate_opts_t *opts;
    lg_pgerr_t *err;
    bool failed;
    int dry;             /* > 0: output is discarded (type peeking): record nothing */
    bool writes;         /* a SELECT that writes (nextval, setval, FOR UPDATE) */
    bool in_returning;   /* emitting a RETURNING list (see emit_null_test) */
    const char *retsnap; /* RETURNING subqueries read this table's copy (emit_retsnap.c) */
    bool in_sort_group;  /* ORDER BY / GROUP BY item: may name an output column */
    /* exact numeric output (opts->exact_numeric, translate_emit_exact.c): exact_top is set
     * for the statement's own SELECT until its target list is reached; exact_sel is that
     * SELECT while its target list is emitted; exact is on while an expression whose value
     * only flows to the client is emitted (numeric operators then return decimal TEXT). */
    bool exact_top;
    const PgQuery__SelectStmt *exact_sel;
    bool exact;
    emit_peek_t peek[EMIT_PEEK_CACHE];     /* emit_peek_type's results (translate_emit.c) */
    uint64_t exact_cols;                   /* output columns (< 64) emitted exactly */
    uint64_t exact_skip;                   /* of exact_sel's, those that must stay numbers */
    const PgQuery__SelectStmt *exact_sort; /* its ORDER BY is being emitted */
    translate_stmt_t *stmt_out;            /* the statement being emitted (relation positions) */
    bool uses_catalog;
    int nparams;
    uint32_t *ptypes; /* [EMIT_MAX_PARAMS + 1], index = $n */
    emit_scope_t *scope;
    const char *unqualify; /* RETURNING: qualifier to drop (the target's alias) */
    int32_t last_typmod;   /* typmod of the last column reference / cast emitted */
    int nmemo;
    emit_memo_t memo[EMIT_TYPE_MEMO];
    /* schema-qualified SQLite names handed out by emit_relname / emit_qualify (a ring) */
    unsigned nqname;
    char qnames[EMIT_QNAMES][EMIT_NAME_MAX * 2];
    emit_grouping_t *grp;  /* set while emitting one grouping-set branch's outputs/HAVING */
    bool path_dependent;   /* an unqualified name was resolved along search_path: uncacheable */
    int nmodcte;           /* data-modifying CTEs of the top-level WITH, captured in temp */
    emit_modcte_t *modcte; /* tables before the main statement (translate_emit_modcte.c) */
    bool modcte_main;      /* emitting the main statement after those items */
    bool star_tables;      /* emit_star_expand lists a base table's * too (winfilter.c) */
    const char *xmax_sql;  /* INSERT's RETURNING: what system column xmax is (emit_sysattr) */
    /* UPDATE ... FROM RETURNING: FROM columns read from the capture (translate_emit_updfrom.c);
     * retmap/nretmap are set only while the RETURNING list is emitted */
    void *retmap_owner;
    emit_retmap_t *retmap;
    int nretmap;
    const char *retmap_table;
    emit_cascade_t *cascade; /* a DROP ... CASCADE's other objects (translate_emit_viewdep.c) */
} emit_ctx_t;

/* ---- translate_emit.c: output and errors ---- */
void emit_str(emit_ctx_t *c, const char *s);
void emit_fmt(emit_ctx_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void emit_ident(emit_ctx_t *c, const char *name); /* quoted when needed */
void emit_literal(emit_ctx_t *c, const char *s);  /* '...' with quotes doubled */
/* Records the first error; location is a byte offset into src (-1 = none). */
void emit_error(emit_ctx_t *c, const char *sqlstate, int location, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void emit_unsupported(emit_ctx_t *c, int location, const char *what);
/* translate_emit_retsnap.c: INSERT/UPDATE/DELETE whose RETURNING reads the target table in
 * a subquery, emitted as a script that copies the table first; false (nothing emitted) for
 * any other statement. */
#define EMIT_RETSNAP "_lg_retsnap"
bool emit_dml_retsnap(emit_ctx_t *c, const PgQuery__Node *n, translate_stmt_t *out);

/* Records where relation `name` is written (location: byte offset), so that a "relation
 * does not exist" error SQLite or a SQL function raises later carries that position. */
void emit_note_relref(emit_ctx_t *c, const char *name, int location);
/* translate_emit_types.c: a type name that resolves to nothing: 0A000 "type bit is not
 * supported" for a PostgreSQL built-in type litegres lacks (inet, bit, ranges, ...), else
 * 42704 'type "x" does not exist'. */
void emit_unknown_type(emit_ctx_t *c, const PgQuery__TypeName *tn, int location);
/* Adds a NOTICE to the statement's (PostgreSQL sends one: "... does not exist, skipping");
 * nothing in a dry run or when it does not fit whole; sqlstate NULL = 00000. */
void emit_notice(emit_ctx_t *c, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *emit_strval(const PgQuery__Node *n);             /* String node's text, or "" */
const char *emit_last_name(PgQuery__Node **names, size_t n); /* last String of a list */
/* Relation name for SQLite: drops "public"/"pg_catalog" (pg_catalog relations are SQLite
 * tables of the same name); emit_rangevar maps information_schema.x to
 * information_schema_x; x of a user schema s is "s.x" (3F000 when s does not exist);
 * with an alias-less user-schema relation emit_rangevar adds "AS x". Returned strings
 * live in a ring of EMIT_QNAMES slots of the context. */
const char *emit_relname(emit_ctx_t *c, const PgQuery__RangeVar *rv);
/* A query's relation (FROM, a DML target) in a schema that does not exist is 42P01
 * 'relation "s.x" does not exist', as PostgreSQL reports it (DDL says 3F000); false then. */
bool emit_query_schema_known(emit_ctx_t *c, const PgQuery__RangeVar *rv);
bool emit_schema_is_user(const char *schema); /* not "", public, pg_catalog, info schema */
/* The SQLite name of relation old (its stored name, relname as written) renamed to newname:
 * in old's schema ("s.newname" when old is "s.relname"), as RENAME TO keeps the schema. */
const char *emit_renamed_relname(emit_ctx_t *c, const char *old, const char *relname,
                                 const char *newname);
/* translate_emit_schema.c: the SQLite name of a temporary relation to create, in the
 * session's temporary schema (catalog_temp_schema), marking out->temp_ddl; and the
 * statement that records that schema (emitted before its first relation is created). */
const char *emit_temp_relname(emit_ctx_t *c, const PgQuery__RangeVar *rv, translate_stmt_t *out);
void emit_temp_schema_row(emit_ctx_t *c);
/* The SQLite name of a relation to create: an unqualified name goes to the first existing
 * schema of search_path (3F000 when there is none), as in PostgreSQL. */
const char *emit_create_relname(emit_ctx_t *c, const PgQuery__RangeVar *rv);
/* translate_emit_ctas.c: q's result columns (names; types of columns read straight from a
 * table, text for others) as SQLite describes the translated query sel on the catalog
 * connection, for a query the translator could not list itself (SELECT *). Leaves q as it
 * is when sel does not prepare there (a correlated subquery). */
void emit_describe_columns(emit_ctx_t *c, const char *sel, translate_stmt_t *q);
/* translate_emit_rename.c: RENAME of a sequence, a constraint (or a key constraint's
 * index) or a view; false when s is none of them (emit_rename handles it). */
bool emit_rename_special(emit_ctx_t *c, const PgQuery__RenameStmt *s, translate_stmt_t *out);
/* ALTER SCHEMA from RENAME TO to: the schema row and every relation of the schema. */
void emit_rename_schema(emit_ctx_t *c, const char *from, const char *to, translate_stmt_t *out);
/* translate_emit_dropns.c: DROP SCHEMA ... CASCADE's drops of schema's views and tables
 * (children first) through drop; for public also its types and functions. Count of views
 * and tables. */
int emit_drop_schema_contents(emit_ctx_t *c, void *catalog_db, const char *schema,
                              void (*drop)(void *ctx, const char *name, char kind));
const char *emit_qualify(emit_ctx_t *c, const char *schema, const char *name);
/* SQLite name of a possibly qualified name list (DROP, COMMENT ON): "s.x" or "x". */
const char *emit_object_name(emit_ctx_t *c, PgQuery__Node **names, size_t n);
void emit_rangevar(emit_ctx_t *c, const PgQuery__RangeVar *rv, bool with_alias);
/* Remembers where column `name` (qualified by rel, or NULL) is named, for the position of
 * a later "no such column" error. */
void emit_note_colref(emit_ctx_t *c, const char *rel, const char *name, int location);
/* Emits into a scratch buffer, returns the expression's type, discards the text. */
uint32_t emit_peek_type(emit_ctx_t *c, const PgQuery__Node *n);
/* Drops n's cached type: for a node built on the stack, whose address a later one reuses. */
void emit_peek_forget(emit_ctx_t *c, const PgQuery__Node *n);
/* translate_emit_exact.c: exact numeric output columns (see emit_ctx_t.exact) */
bool emit_exact_passes(const PgQuery__Node *n);
const char *emit_exact_fn(const char *pg, const char *name, size_t nargs);
bool emit_exact_target_ok(const PgQuery__SelectStmt *s, size_t i, const char *name);
bool emit_exact_select_ok(const PgQuery__SelectStmt *s);
int emit_exact_operand(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want);
void emit_exact_args(emit_ctx_t *c, PgQuery__Node **args, size_t n, uint32_t want);
const PgQuery__Node *emit_exact_sort_target(const emit_ctx_t *c, const PgQuery__Node *item);
void emit_param_note(emit_ctx_t *c, int number, uint32_t type);

/* ---- translate_emit_select.c ---- */
void emit_select(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out);
/* emit_select into a scratch buffer: the text (malloc'd, "" on failure) and, in tmp, its
 * columns. */
char *emit_select_text(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *tmp);
void emit_with(emit_ctx_t *c, const PgQuery__WithClause *w);
void emit_from_list(emit_ctx_t *c, PgQuery__Node **items, size_t n);
void emit_from_item(emit_ctx_t *c, const PgQuery__Node *n);
/* target list -> "expr AS name, ..."; fills out cols when out != NULL */
void emit_target_list(emit_ctx_t *c, PgQuery__Node **items, size_t n, translate_stmt_t *out);
void emit_sort_list(emit_ctx_t *c, PgQuery__Node **items, size_t n);
/* Scopes live on the heap (deeply nested queries must not eat the stack). */
void emit_scope_push(emit_ctx_t *c);
void emit_scope_pop(emit_ctx_t *c);
emit_rel_t *emit_scope_add(emit_ctx_t *c, const char *alias, const char *table);
/* Type of column `col` (optionally qualified by `rel`) from the catalog, 0 = unknown. */
uint32_t emit_column_type(emit_ctx_t *c, const char *rel, const char *col, int32_t *typmod);

/* ---- translate_emit_modcte.c: data-modifying statements in WITH ---- */
/* Before the main statement: runs each INSERT/UPDATE/DELETE of n's top-level WITH with its
 * RETURNING rows captured into a temp table (see translate.h TRANSLATE_CAPTURE_MARK).
 * Returns true when n has such a WITH (then call emit_modcte_end after the main one). */
bool emit_modcte_begin(emit_ctx_t *c, const PgQuery__Node *n);
/* After the main statement: drops the temp tables, marks out as a writing script. */
void emit_modcte_end(emit_ctx_t *c, translate_stmt_t *out);
/* emit_with's hook for a non-SELECT CTE (i = its position): emits "name AS (SELECT ...
 * FROM the capture table)" and registers its columns; false when it was not captured. */
bool emit_modcte_ref(emit_ctx_t *c, const PgQuery__CommonTableExpr *cte, size_t i);
/* A FROM item naming `table` in the main SELECT of such a statement: emits the copy of
 * the table taken before the items ran, as `alias`, and returns true; else false. */
bool emit_modcte_snapshot(emit_ctx_t *c, const char *table, const char *alias);

/* ---- translate_emit_view.c: automatically updatable views ---- */
typedef struct emit_view {
    char view[EMIT_NAME_MAX];
    char base[EMIT_NAME_MAX]; /* the table the DML runs on */
    const char *alias;        /* the name the statement's columns are qualified with */
    char *where_sql;          /* the view's WHERE as SQLite text ("" none; owned) */
    bool check;               /* WITH CHECK OPTION */
} emit_view_t;
/* CREATE VIEW: records (or forgets) `name` as updatable (to ctx->b, after the CREATE). */
void emit_view_record(emit_ctx_t *c, const PgQuery__ViewStmt *s, const char *name);
/* CREATE OR REPLACE VIEW over an existing view: 42P16 when the query q drops, renames or
 * retypes one of its columns (new columns may only be added at the end). */
void emit_view_check_replace(emit_ctx_t *c, const char *name, const translate_stmt_t *q,
                             const PgQuery__ViewStmt *s);
/* An object as PostgreSQL's messages describe it: kind and name, the name quoted as
 * quote_identifier does ("view v", "table \"User\""); `on` (optional) adds " on table <on>". */
void emit_object_desc(char *out, size_t cap, const char *kind, const char *name, const char *on);
/* DROP ... CASCADE: the other objects a DROP statement takes with it are noted as they go
 * (emit_cascade_note, "view v") and told in one NOTICE when the statement ends
 * (emit_cascade_end: "drop cascades to view v", or "drop cascades to 2 other objects" with
 * each one in its DETAIL). */
void emit_cascade_begin(emit_ctx_t *c);
/* rank orders the NOTICE's DETAIL as PostgreSQL's dependency scan does: column defaults and
 * constraints before views (EMIT_CASCADE_*); same rank in the order noted. */
enum { EMIT_CASCADE_DEFAULT, EMIT_CASCADE_CONSTRAINT, EMIT_CASCADE_VIEW, EMIT_CASCADE_RANKS };
void emit_cascade_note(emit_ctx_t *c, int rank, const char *desc);
void emit_cascade_end(emit_ctx_t *c);
/* PostgreSQL's 2BP01 of a DROP without CASCADE: "cannot drop <what> because other objects
 * depend on it" (with several objects dropped: "cannot drop desired object(s) ..."), a
 * DETAIL of the given "<dependent> depends on <object>" lines, and the HINT. */
void emit_drop_dependents_error(emit_ctx_t *c, const char *what, const char *const *lines, int n,
                                bool several);
#define EMIT_DEP_LINE_MAX (EMIT_NAME_MAX * 6)
/* DETAIL lines "view v depends on <on>" for the views on `name` that DROP s keeps, and the
 * views on those, appended to lines[*n..max). */
void emit_views_depending(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                          const char *on, char (*lines)[EMIT_DEP_LINE_MAX], int *n, int max,
                          int depth);
/* DROP VIEW: forgets the record. */
void emit_view_forget(emit_ctx_t *c, const char *name);
/* True when rel is a view: out filled (free with emit_view_free), or 55000 "cannot <verb>
 * view" set when it is not updatable. */
bool emit_view_target(emit_ctx_t *c, const PgQuery__RangeVar *rel, const char *verb,
                      emit_view_t *out);
void emit_view_free(emit_view_t *v);
/* "base AS alias" in place of the view. */
void emit_view_rangevar(emit_ctx_t *c, const emit_view_t *v);
/* UPDATE/DELETE: " WHERE (view where)" or " AND (...)" after the statement's WHERE. */
void emit_view_where(emit_ctx_t *c, const emit_view_t *v, bool have_where);
/* CHECK OPTION: before the INSERT/UPDATE text (true = emit_view_check_end after it). */
bool emit_view_check_begin(emit_ctx_t *c, const emit_view_t *v, size_t n_returning);
void emit_view_check_end(emit_ctx_t *c, const emit_view_t *v);

/* ---- translate_emit_viewdep.c ---- */
/* ALTER TABLE ... DROP COLUMN ... CASCADE: the views using tbl.col (and theirs) go. */
void emit_drop_views_of_column(emit_ctx_t *c, const char *tbl, const char *col);
/* DROP TABLE/VIEW `name` (SQLite name; what = "table" or "view"): false with 2BP01 set when
 * views depend on it and s is not CASCADE; with CASCADE emits their DROPs first. */
bool emit_drop_views_on(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                        const char *what);
/* The views defined on `name` that statement s does not drop too (at most max); count. */
int emit_views_on(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                  char (*out)[EMIT_NAME_MAX], int max);

/* ---- translate_emit_updfrom.c: UPDATE ... FROM ... RETURNING from-item columns ---- */
/* Before "UPDATE": the capture script part when RETURNING names FROM items' columns;
 * true = call emit_updfrom_returning around the RETURNING list *ret (RETURNING * becomes
 * a list of columns owned by the capture) and emit_updfrom_end. */
bool emit_updfrom_begin(emit_ctx_t *c, const PgQuery__UpdateStmt *s, const char *table,
                        const char *alias, PgQuery__Node ***ret, size_t *nret);
void emit_updfrom_returning(emit_ctx_t *c, const char *table, bool on);
void emit_updfrom_end(emit_ctx_t *c);
/* The same for DELETE ... USING ... RETURNING USING items' columns. */
bool emit_delusing_begin(emit_ctx_t *c, const PgQuery__DeleteStmt *s, const char *table,
                         const char *alias, PgQuery__Node ***ret, size_t *nret);
/* Column reference hook: a captured FROM column inside the RETURNING list. */
bool emit_updfrom_ref(emit_ctx_t *c, const char *rel, const char *col, uint32_t *type);

/* ---- translate_emit_upsert.c: ON CONFLICT checks, system columns ---- */
/* 42P10 when the conflict target's columns match no unique index of table. */
void emit_upsert_check_target(emit_ctx_t *c, const PgQuery__InferClause *inf, const char *table);
/* ON CONFLICT DO UPDATE over a multi-row VALUES with constant keys: fills keypos with the
 * key columns' positions in the insert column list `cols` and returns their number (0 =
 * no duplicate check). emit_upsert_dupcheck then emits " WHERE <check>" for the SELECT
 * form of the VALUES (21000 when two rows have the same key). */
int emit_upsert_dupcheck_keys(emit_ctx_t *c, const PgQuery__InsertStmt *s, const char *table,
                              char *const *cols, int ncols, int *keypos);
void emit_upsert_dupcheck(emit_ctx_t *c, const PgQuery__SelectStmt *v, const int *keypos, int nkeys,
                          const uint32_t *types, const int32_t *typmods);
/* ON CONFLICT DO UPDATE fed by a SELECT: the key columns' positions in `cols` and their
 * number (0 = no check: another action, a partial-index target, or a key column not
 * among cols). emit_upsert_select_dupcheck then emits " WHERE <check>" for rows whose
 * columns are _lg_c<position> (21000 when a key comes a second time). */
int emit_upsert_select_keys(emit_ctx_t *c, const PgQuery__InsertStmt *s, const char *table,
                            char *const *cols, int ncols, int *keypos);
void emit_upsert_select_dupcheck(emit_ctx_t *c, const int *keypos, int nkeys);
/* ---- translate_emit_assign.c: values assigned to columns ---- */
/* One column assignment's value n: emit_expr_as(want, typmod) plus the smallint/integer
 * range check of PostgreSQL's assignment cast. */
uint32_t emit_assign_value(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want, int32_t typmod);
/* Whether a column of sel needs an assignment conversion to types[i](typmods[i]). */
bool emit_assign_needs_conversions(const uint32_t *types, const int32_t *typmods,
                                   const translate_stmt_t *sel);
/* "WITH <cte>(_lg_c0, ...) AS (<the SELECT in sb>)" */
void emit_assign_cte(emit_ctx_t *c, const char *cte, int ncols, const lg_buf_t *sb);
/* "SELECT <_lg_c<i> converted, AS _lg_c<i>> FROM <cte>" for sel's columns. */
void emit_assign_conversions(emit_ctx_t *c, const uint32_t *types, const int32_t *typmods,
                             const translate_stmt_t *sel, const char *cte);
/* SET (a, b, ...) = <row or sub-select>: items[0] is its first column's target, n the
 * targets left in the SET list; table the target's name in scope. */
void emit_multi_assign(emit_ctx_t *c, PgQuery__Node **items, size_t n, const char *table);
/* Column reference hook: system columns (xmax, xmin, ctid, ...) when `col` is one and no
 * derived table in scope has such a column; true when handled (emitted or error). */
bool emit_sysattr(emit_ctx_t *c, const char *rel, const char *col, uint32_t *type);

/* ---- translate_emit_lateral.c ---- */
/* LATERAL (SELECT ...) AS a in FROM: registers a and its columns in scope. */
void emit_lateral_subselect(emit_ctx_t *c, const PgQuery__RangeSubselect *rs);

/* ---- translate_emit_ctas.c ---- */
void emit_create_table_as(emit_ctx_t *c, const PgQuery__CreateTableAsStmt *s,
                          translate_stmt_t *out);
void emit_select_into(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out);
void emit_refresh_matview(emit_ctx_t *c, const PgQuery__RefreshMatViewStmt *s,
                          translate_stmt_t *out);

/* LIMIT/OFFSET/FETCH of s. */
void emit_select_limit(emit_ctx_t *c, const PgQuery__SelectStmt *s);

/* ---- translate_emit_grouping.c: GROUPING SETS / ROLLUP / CUBE ---- */
bool emit_grouping_wanted(const PgQuery__SelectStmt *s);
/* The whole SELECT (after WITH) as a UNION ALL of one GROUP BY per grouping set. */
void emit_grouping_select(emit_ctx_t *c, const PgQuery__SelectStmt *s, translate_stmt_t *out);
/* emit_expr hook while c->grp is set: emits n's replacement (NULL for a grouping
 * expression absent from the current set, GROUPING()'s constant) and returns true. */
bool emit_grouping_subst(emit_ctx_t *c, const PgQuery__Node *n, uint32_t *type);

/* ---- translate_emit_expr.c ---- */
uint32_t emit_expr(emit_ctx_t *c, const PgQuery__Node *n);
/* Emits n where PostgreSQL expects type `want` (assignment/comparison context): unknown
 * literals and parameters take that type, converted with lg_to_* as storage needs. */
uint32_t emit_expr_as(emit_ctx_t *c, const PgQuery__Node *n, uint32_t want, int32_t typmod);
/* PostgreSQL's output column name for an expression ("?column?" when none). */
const char *emit_colname(const PgQuery__Node *n);
/* "(SELECT ...)" for a SelectStmt node; returns its first column's type. */
uint32_t emit_subselect(emit_ctx_t *c, const PgQuery__Node *n);
/* Frees a column array as built in translate_stmt_t. */
void emit_cols_free(translate_col_t *cols, int ncols);

/* Inserts `text` at output offset start (the buffer grows by its length;
 * translate_emit_types.c). */
void emit_insert_at(emit_ctx_t *c, size_t start, const char *text);

/* ---- translate_emit_setall.c ---- */
/* left INTERSECT ALL / EXCEPT ALL right, from the arms' texts and columns. */
void emit_setop_all(emit_ctx_t *c, bool intersect, const lg_buf_t *ltext,
                    const translate_stmt_t *left, const lg_buf_t *rtext,
                    const translate_stmt_t *right);

/* ---- translate_emit_dupcol.c: repeated output names of derived tables and CTEs ---- */
#define EMIT_DUP_MARK "#lg"
/* Renames each later column repeating an earlier name to name EMIT_DUP_MARK position;
 * true when any was renamed. */
bool emit_cols_dedup(translate_col_t *cols, int n);
/* Length of the name a client sees for column `name` (without that mark). */
size_t emit_col_visible_len(const char *name);
/* Emits "(name, ...)": cols as a CTE column list. */
void emit_dup_column_list(emit_ctx_t *c, const translate_col_t *cols, int n);
/* Derived table text `sel` (owned, malloc'd) with columns cols: when names repeat, renames
 * them (emit_cols_dedup) and returns sel wrapped so that SQLite's columns have those names
 * (sel freed); else returns sel. */
char *emit_dedup_select(emit_ctx_t *c, char *sel, translate_col_t *cols, int n);

/* ---- translate_emit_ops.c ---- */
uint32_t emit_a_expr(emit_ctx_t *c, const PgQuery__AExpr *e);
uint32_t emit_sublink_expr(emit_ctx_t *c, const PgQuery__SubLink *s);
/* Emits `l op r` for a comparison-like binary operator, resolving unknown operands. */
uint32_t emit_binary(emit_ctx_t *c, const char *op, const PgQuery__Node *l, const PgQuery__Node *r,
                     int location);

/* ---- translate_emit_func.c ---- */
uint32_t emit_func_call(emit_ctx_t *c, const PgQuery__FuncCall *f);
uint32_t emit_sqlvalue_function(emit_ctx_t *c, const PgQuery__SQLValueFunction *f);
void emit_window_def(emit_ctx_t *c, const PgQuery__WindowDef *w);
/* Table function in FROM; registers the alias and its column mapping in scope. */
void emit_range_function(emit_ctx_t *c, const PgQuery__RangeFunction *rf);
/* ---- translate_emit_recfn.c ---- */
/* json(b)_to_record(set) with a column definition list, jsonb_path_query in FROM: emits
 * the FROM item and returns true; false when rf is not one of them. */
bool emit_recfn_try(emit_ctx_t *c, const PgQuery__RangeFunction *rf);
/* sqlfn's virtual table that replaces json_each for PostgreSQL table function pg (NULL if
 * none); *expr = SQLite expression (%s = alias) of its column k. */
const char *emit_tvf_vtab(const char *pg, int k, const char **expr);
/* unnest(a, b, ...) of two or more arrays in FROM; false when rf is something else
 * (translate_emit_unnest.c). */
bool emit_unnest_zip(emit_ctx_t *c, const PgQuery__RangeFunction *rf);
/* An array value of type t as JSON array storage: int2vector / oidvector text ("2 3", the
 * catalog's) through lg_vec_json, arrays as they are; and the element type of t. */
void emit_array_value(emit_ctx_t *c, const PgQuery__Node *n, uint32_t t);
uint32_t emit_array_elem_type(uint32_t t);
/* A target list whose `*` / `r.*` items name only derived tables and table functions of
 * the innermost scope: *out gets the list with each star replaced by `r.col` targets (so
 * names and types are PostgreSQL's); false when nothing to do or a star needs SQLite's own
 * expansion. Free *out with emit_star_free. */
bool emit_star_expand(emit_ctx_t *c, PgQuery__Node **items, size_t n, PgQuery__Node ***out,
                      size_t *nout);
void emit_star_free(PgQuery__Node **items, size_t n);
/* A target reading rel.col (col alone when rel is NULL), as emit_star_expand makes them:
 * a list holding such targets is freed with emit_star_free. */
PgQuery__Node *emit_star_target(const char *rel, const char *col);
/* Column names of FROM item r in order (a base table's from the catalog); their count. */
int emit_rel_columns(emit_ctx_t *c, const emit_rel_t *r, char (*names)[EMIT_NAME_MAX], int max);
/* Column k of table function r (its colmap) as the SQLite expression over r's alias. */
void emit_colmap_expr(emit_ctx_t *c, const emit_rel_t *r, int k);
/* ---- translate_emit_starmerge.c ---- */
/* One column of an unqualified * over joins that merge columns: rel NULL is the merged
 * column read unqualified (SQLite's own USING column: the coalesce of a FULL join's sides). */
typedef struct emit_star_col {
    const char *rel;
    char name[EMIT_NAME_MAX];
} emit_star_col_t;
/* Records JOIN j (USING or NATURAL) of scope s, its left input rels [lo, mid) and its right
 * input the rels added since. */
void emit_merge_add(emit_scope_t *s, int lo, int mid, const PgQuery__JoinExpr *j);
/* The columns of an unqualified * over the innermost scope's FROM, merged as PostgreSQL
 * does; *out (malloc'd) and their count, or -1 when they cannot be listed. */
int emit_star_merged(emit_ctx_t *c, emit_star_col_t **out);
/* PostgreSQL's checks of the scope's last recorded join: each USING (or NATURAL common)
 * column must be in each input exactly once (42703 / 42702); nothing when the inputs'
 * columns are not known. */
void emit_merge_check(emit_ctx_t *c);
/* to_jsonb(t) where t names a FROM item: emits the jsonb object of its columns, sets *type
 * and returns true; false when f is not such a call. */
bool emit_row_json(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, uint32_t *type);
/* A FROM item's name used as a value (SELECT t FROM t, RETURNING t): its row as a record
 * ("(1,a,)"); false when n is no such reference (translate_emit_recfn.c). */
bool emit_whole_row(emit_ctx_t *c, const PgQuery__Node *n, uint32_t *type);
/* ---- translate_emit_srf.c ---- */
/* Moves a set-returning function of s's target list into its FROM clause (rewriting the
 * tree in place). Returns true when it raised an error instead (the caller stops). */
bool emit_srf_rewrite(emit_ctx_t *c, const PgQuery__SelectStmt *s);

/* ---- translate_emit_types.c ---- */
/* TypeName -> OID (arrays -> array OID), typmod (-1 none); 0 when unknown. */
uint32_t emit_typename_oid(const PgQuery__TypeName *t, int32_t *typmod);
/* SQLite column type for a PostgreSQL type: INTEGER, REAL, NUMERIC, BLOB or TEXT. */
const char *emit_storage_decl(uint32_t oid);
/* PostgreSQL's own spelling for dump ("varchar(30)", "numeric(3,1)", "text[]"). */
void emit_type_text(uint32_t oid, int32_t typmod, char *buf, size_t cap);
/* Name of the lg_to_<type> converter for values stored as canonical text/int, or NULL
 * when SQLite's own value already has the right storage (int, float, text). */
const char *emit_converter(uint32_t oid);
/* For a top-level output column `x::regclass` (regtype, regnamespace, regproc, regrole):
 * the catalog function that prints the oid as PostgreSQL does (lg_regclass_out), or NULL. */
const char *emit_reg_output_fn(const PgQuery__Node *n);
/* Emits a cast of an already-typed expression to `to` (the expression text is emitted by
 * the callback between the converter's parentheses). */
uint32_t emit_cast(emit_ctx_t *c, const PgQuery__Node *arg, const PgQuery__TypeName *tn,
                   int location);
/* An explicit cast of arg (its own type known) to built-in type `to`(typmod); returns to. */
uint32_t emit_cast_to_oid(emit_ctx_t *c, const PgQuery__Node *arg, uint32_t to, int32_t typmod);
bool emit_type_is_int(uint32_t oid);
bool emit_type_is_float(uint32_t oid);
/* Display scale of a value of type `type` whose typmod (c->last_typmod after emitting it)
 * is `typmod`: 0 for integers, s for numeric(p,s) and computed display scales, -1 when not
 * known statically (PostgreSQL decides per value: division, avg, float casts, ...). */
int emit_numeric_scale(uint32_t type, int32_t typmod);
/* Fraction digits PostgreSQL displays for numeric literal text ("2.50" -> 2, "1e-3" -> 3,
 * " 12.340 " -> 3); -1 when it is not a plain number. */
int emit_numeric_text_scale(const char *s);
bool emit_type_is_textlike(uint32_t oid);
/* int4range, int8range, numrange, daterange (stored as canonical text, sqlfn_range.c). */
bool emit_type_is_range(uint32_t oid);
/* A range type's element type; 0 for other types. */
uint32_t emit_range_elem(uint32_t oid);
/* translate_emit_range.c: range constructors / functions and range operators; false when
 * the call or operator is not about ranges (nothing emitted). */
bool emit_range_func(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, uint32_t *type);
bool emit_range_op(emit_ctx_t *c, const char *op, const PgQuery__Node *l, const PgQuery__Node *r,
                   int location, uint32_t *type);
/* The common type of two different types among date, timestamp, timestamptz (date <
 * timestamp < timestamptz, PostgreSQL's implicit casts); 0 when either is not one of them
 * or they are equal. */
uint32_t emit_datetime_common(uint32_t a, uint32_t b);
/* Wraps the term of type t emitted since output offset `start` as "(term) COLLATE
 * lg_interval" when t is interval, so that its stored text compares, sorts and groups as
 * interval_cmp (sqlfn_datetime_ivcmp.c); nothing for other types. Only for terms nothing
 * else contains (ORDER BY / GROUP BY / PARTITION BY items, output columns): SQLite would
 * carry an explicit COLLATE out of a function call into the function's result. */
void emit_type_collate(emit_ctx_t *c, size_t start, uint32_t t);
/* Wraps the term of type t emitted since `start` as lg_interval_key(term) when t is
 * interval: a value whose plain SQLite order and equality are interval_cmp's, for keys
 * that functions compare (sort positions, DISTINCT ON partitions); nothing otherwise. */
void emit_type_key(emit_ctx_t *c, size_t start, uint32_t t);

/* ---- translate_emit_dml.c ---- */
void emit_insert(emit_ctx_t *c, const PgQuery__InsertStmt *s, translate_stmt_t *out);
/* translate_emit_rowidkey.c: the NOT NULL of a one-column INTEGER PRIMARY KEY (the rowid,
 * which SQLite fills instead of failing). emit_rowid_key: true and the key's name when
 * table has such a key. A value given to it is emitted between _open and _close (raises
 * 23502 when NULL); _missing fails an INSERT that leaves the key out. rel: the name the
 * message shows. */
bool emit_rowid_key(emit_ctx_t *c, const char *table, char *name, size_t cap);
void emit_rowid_key_missing(emit_ctx_t *c, const char *col, const char *rel);
void emit_rowid_key_open(emit_ctx_t *c);
void emit_rowid_key_close(emit_ctx_t *c, const char *col, const char *rel);
void emit_update(emit_ctx_t *c, const PgQuery__UpdateStmt *s, translate_stmt_t *out);
void emit_delete(emit_ctx_t *c, const PgQuery__DeleteStmt *s, translate_stmt_t *out);
void emit_merge(emit_ctx_t *c, const PgQuery__MergeStmt *s, translate_stmt_t *out);

/* ---- translate_emit_ddl.c ---- */
/* A table being created or altered: metadata statements and constraint items collect
 * here while the column definitions go to ctx->b. */
typedef struct emit_ddl_table {
    const char *name;
    lg_buf_t meta; /* metadata statements appended after the CREATE */
    lg_buf_t cons; /* table-level items, each ", CONSTRAINT name ..." */
    char pk_cols[64][EMIT_NAME_MAX];
    int npk;
    /* constraint names in use: a default name that is taken gets a number appended */
    char taken[64][EMIT_NAME_MAX];
    int ntaken;
} emit_ddl_table_t;
/* The _lg_columns row of a column (attnum <= 0: after the table's highest). */
void emit_meta_column(emit_ddl_table_t *t, const char *col, int attnum, uint32_t oid,
                      int32_t typmod, const char *identity, const char *pgname);
/* SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE}: SQLite defers every foreign
 * key of the transaction or none (PRAGMA defer_foreign_keys); IMMEDIATE checks at once. */
void emit_set_constraints(emit_ctx_t *c, const PgQuery__ConstraintsSetStmt *s);
/* translate_emit_like.c: the columns (to ctx->b, after *attnum others) and constraints of
 * a LIKE item of CREATE TABLE. */
void emit_create_like(emit_ctx_t *c, emit_ddl_table_t *t, const PgQuery__TableLikeClause *l,
                      int *attnum);
/* Column definition "name TYPE [NOT NULL] [DEFAULT (...)]" to ctx->b, its constraints to
 * t->cons, its metadata rows to t->meta; attnum 0 = after the highest recorded one. */
void emit_ddl_column(emit_ctx_t *c, emit_ddl_table_t *t, const PgQuery__ColumnDef *cd, int attnum);
void emit_ddl_table_constraint(emit_ctx_t *c, emit_ddl_table_t *t, const PgQuery__Constraint *k);
void emit_meta_literal(lg_buf_t *b, const char *s);
void emit_meta_ident(lg_buf_t *b, const char *s); /* always "quoted" */
void emit_meta_constraint(lg_buf_t *b, const char *tbl, const char *name, char kind,
                          const char *cols, const char *reftbl);
void emit_default_conname(char *buf, size_t cap, const char *tbl, const char *cols,
                          const char *suffix);
void emit_create_table(emit_ctx_t *c, const PgQuery__CreateStmt *s, translate_stmt_t *out);
void emit_create_index(emit_ctx_t *c, const PgQuery__IndexStmt *s, translate_stmt_t *out);
void emit_drop(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out);
void emit_create_view(emit_ctx_t *c, const PgQuery__ViewStmt *s, translate_stmt_t *out);
void emit_create_seq(emit_ctx_t *c, const PgQuery__CreateSeqStmt *s, translate_stmt_t *out);

/* ---- translate_emit_schema.c ---- */
/* SQLite name of unqualified relation relname: the first schema of the session's
 * search_path that has it (user schemas exist), else relname itself. */
const char *emit_schema_resolve(emit_ctx_t *c, const char *relname);
/* ANALYZE [tables] runs SQLite's ANALYZE; VACUUM is accepted and does nothing. */
void emit_vacuum(emit_ctx_t *c, const PgQuery__VacuumStmt *s, translate_stmt_t *out);
void emit_alter_owner(emit_ctx_t *c, const PgQuery__AlterOwnerStmt *s, translate_stmt_t *out);
/* OWNER TO role: a statement that fails with 42704 unless role is the session's user (or
 * pg_database_owner); CURRENT_USER and the like pass. */
void emit_owner_check(emit_ctx_t *c, const PgQuery__RoleSpec *r);
void emit_create_schema(emit_ctx_t *c, const PgQuery__CreateSchemaStmt *s, translate_stmt_t *out);
void emit_drop_schema(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out);
void emit_comment(emit_ctx_t *c, const PgQuery__CommentStmt *s, translate_stmt_t *out);

/* ---- translate_emit_alter.c: ALTER TABLE, RENAME ---- */
void emit_alter_table(emit_ctx_t *c, const PgQuery__AlterTableStmt *s, translate_stmt_t *out);
void emit_rename(emit_ctx_t *c, const PgQuery__RenameStmt *s, translate_stmt_t *out);

/* ---- translate_emit_tabdef.c: a table's SQLite definition as items ---- */
/* PostgreSQL's default CHECK name: <tbl>_<col>_check when the expression uses exactly one
 * column, else <tbl>_check. */
void emit_check_default_name(const PgQuery__Node *expr, const char *tbl, char *buf, size_t cap);

/* ---- translate_emit_seq.c: sequence options ---- */
typedef struct emit_seqopts {
    int64_t inc, start, minv, maxv, restart;
    bool has_inc, has_start, has_min, has_max, has_cycle, has_restart;
    bool min_default, max_default; /* NO MINVALUE / NO MAXVALUE */
    bool restart_start;            /* RESTART without WITH */
    bool cycle;
    uint32_t as_oid; /* AS smallint|integer|bigint, 0 = not given */
    bool has_owner;  /* OWNED BY: owner_tbl (stored name) / owner_col, "" for NONE */
    char owner_tbl[EMIT_NAME_MAX * 2];
    char owner_col[EMIT_NAME_MAX];
} emit_seqopts_t;
/* Reads DefElem options (increment, start, minvalue, maxvalue, cycle, restart, as, owned_by:
 * 42P01 / 42703 when the owning table or column does not exist). */
void emit_seqopts_parse(emit_ctx_t *c, PgQuery__Node **opts, size_t n, emit_seqopts_t *o);
/* Fills PostgreSQL's defaults for a new sequence of integer type `type_oid` (AS wins). */
void emit_seqopts_resolve(emit_seqopts_t *o, uint32_t type_oid);
/* 22023 as PostgreSQL's CREATE SEQUENCE for resolved options that do not fit together:
 * limits outside the type, MINVALUE >= MAXVALUE, START outside the limits. */
void emit_seqopts_check(emit_ctx_t *c, const emit_seqopts_t *o, uint32_t type_oid);
/* Appends "UPDATE _lg_sequences SET <given options> WHERE <where>;" (nothing if none). */
void emit_seqopts_update(lg_buf_t *m, const emit_seqopts_t *o, const char *where);
void emit_alter_seq(emit_ctx_t *c, const PgQuery__AlterSeqStmt *s, translate_stmt_t *out);
/* translate_emit_ddl.c: INSERT of one _lg_sequences row. */
void emit_meta_sequence(lg_buf_t *b, const char *name, const emit_seqopts_t *o, const char *otbl,
                        const char *ocol, bool or_ignore);

/* ---- translate_emit_lock.c ---- */
void emit_truncate(emit_ctx_t *c, const PgQuery__TruncateStmt *s, translate_stmt_t *out);
void emit_lock(emit_ctx_t *c, const PgQuery__LockStmt *s, translate_stmt_t *out);

/* translate_emit_colcase.c: 42703 when `col` matches a column in scope only ignoring case */
void emit_check_column_case(emit_ctx_t *c, const char *rel, const char *col, int location);
/* ORDER BY expression n (not a bare name or position) naming an output column of out
 * that no FROM item has: 42703, as PostgreSQL. */
void emit_check_sort_names(emit_ctx_t *c, const PgQuery__Node *n, const translate_stmt_t *out);

#endif
