/* translate_emit_alter.c - ALTER TABLE (ADD/DROP/ALTER COLUMN, ADD/DROP CONSTRAINT) and
 * RENAME (table, column, index). Worker thread only.
 *
 * Plain nullable ADD COLUMN and renames use SQLite's own ALTER TABLE. Everything else
 * rebuilds the table by SQLite's documented procedure, inside the one DDL script exec runs
 * in a transaction: CREATE TABLE "_lg_new_<t>" with the edited definition, copy the rows
 * (converting retyped columns), DROP the old table, rename the new one (with
 * legacy_alter_table on, so views naming the table are left as they are and see the new
 * table), re-create the table's indexes and triggers, then update the metadata rows. The
 * current definition comes from opts->catalog_db (see translate_emit_tabdef.c), so the
 * translation is uncacheable (DDL always is).
 *
 * A table that other tables reference by FOREIGN KEY is not rebuilt: with foreign keys on
 * (they cannot be turned off inside a transaction) dropping it would fire the children's
 * ON DELETE actions, and renaming it rewrites the children's REFERENCES. Changes that
 * leave the stored rows as they are (ADD/DROP CHECK, DROP FOREIGN KEY, SET/DROP DEFAULT,
 * SET/DROP NOT NULL) are made in place instead, as SQLite documents for such changes: the
 * existing rows are checked first (ADD CHECK -> 23514, SET NOT NULL -> 23502), then the
 * table's CREATE text in sqlite_schema is replaced under writable_schema (RESET reloads
 * the writer's schema) and a throwaway CREATE/DROP TABLE moves the schema cookie so that
 * every other connection reloads it. ADD COLUMN goes in place too: SQLite adds the bare
 * column (NULL in every row), the definition is rewritten with its type, default and
 * constraints, then an UPDATE stores the default in the existing rows (evaluated as
 * PostgreSQL does for them; NOT NULL without a default on a non-empty table is 23502).
 * DROP COLUMN: the indexes and triggers naming the column are dropped, the definition is
 * rewritten without the constraints naming it, then SQLite's own DROP COLUMN removes it
 * from the rows. ADD UNIQUE: the rows are checked (23505 with the duplicated key), a unique
 * index is built, and in the rewrite it is renamed to the automatic index SQLite looks for
 * when it reads the new definition (sqlite_autoindex_<t>_<n>, numbered after the table's
 * others: the new constraint comes last). ADD FOREIGN KEY: after the rewrite, a row that
 * foreign_key_check reports fails it (23503). DROP of a UNIQUE: its automatic index is
 * renamed to a plain one that is then dropped, the later ones numbered one down. An integer
 * PRIMARY KEY retyped to another integer type keeps its declared type (whether it is the
 * rowid must not change). Other ALTERs of such a table (primary keys, a key other tables'
 * foreign keys use) get 0A000 unless SQLite can do them natively. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit_check.h"
#include "translate_emit_enum.h"
#include "translate_emit_tabdef.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ALTER_BUF_MAX (16u * 1024 * 1024)
#define ALTER_UNIQUE_MAX 8 /* UNIQUE constraints one in-place ALTER may add */

typedef struct alter {
    emit_ctx_t *c;
    sqlite3 *db;
    tabdef_t td;
    emit_ddl_table_t t; /* t.meta: metadata statements; t.cons: new constraint items */
    bool rebuild;
    bool not_valid;    /* ADD CONSTRAINT ... CHECK NOT VALID: existing rows are not checked */
    bool inplace_bad;  /* a change that rewrites rows: no in-place edit (see the header) */
    lg_buf_t validate; /* in-place: statements checking the existing rows */
    lg_buf_t native;   /* in-place statements when no rebuild is needed */
    lg_buf_t after;    /* in-place: statements after the definition is rewritten */
    lg_buf_t pre;      /* metadata needed before rows are copied (a new serial's sequence) */
    bool native_drops; /* in-place: some column goes by SQLite's DROP COLUMN */
    struct {
        char col[EMIT_NAME_MAX];
        uint32_t oid;
        int32_t typmod;
    } retyped[16]; /* ALTER COLUMN TYPE earlier in this statement: later actions see it */
    int nretyped;
    /* in place: UNIQUE constraints added, each built first as a unique index "_lg_uniq_<i>"
     * that the rewrite renames to the automatic index SQLite expects of it */
    int nuniq;
    bool uniq_placed;
    char *uniq_cols[ALTER_UNIQUE_MAX];  /* each one's column list, as SQL */
    char *uniq_check[ALTER_UNIQUE_MAX]; /* each one's check of the rows (23505 as PostgreSQL) */
    char *fk_check;                     /* in place: a FOREIGN KEY added, checked after */
    int drop_auto;   /* in place: the automatic index of a UNIQUE dropped (its n), or 0 */
    char *drop_cols; /* ... its columns, as SQL */
    bool drop_index_done;
} alter_t;

static void meta_lit(alter_t *a, const char *s)
{
    emit_meta_literal(&a->t.meta, s);
}

/* A metadata statement about one column: "<head>'<table>'<mid>'<col>';". */
static void column_meta(alter_t *a, const char *head, const char *mid, const char *col)
{
    lg_buf_printf(&a->t.meta, "%s", head);
    meta_lit(a, a->t.name);
    lg_buf_printf(&a->t.meta, "%s", mid);
    meta_lit(a, col);
    lg_buf_printf(&a->t.meta, ";");
}

/* Runs `fn` with ctx->b redirected to a scratch buffer; returns the text (malloc'd). */
static char *capture_begin(emit_ctx_t *c, lg_buf_t *scratch, lg_buf_t **saved)
{
    lg_buf_init(scratch, ALTER_BUF_MAX);
    *saved = c->b;
    c->b = scratch;
    return NULL;
}

static char *capture_end(emit_ctx_t *c, lg_buf_t *scratch, lg_buf_t *saved)
{
    c->b = saved;
    lg_buf_putc(scratch, 0);
    size_t len;
    if (scratch->failed) {
        lg_buf_deinit(scratch);
        return lg_xstrdup("");
    }
    return (char *)lg_buf_steal(scratch, &len);
}

static bool referenced_by_others(sqlite3 *db, const char *tbl)
{
    return catalog_table_referenced(db, tbl) == 1;
}

/* Name of a view whose definition uses both the table and the column, or "" */
static void dependent_view(sqlite3 *db, const char *tbl, const char *col, char *out, size_t cap)
{
    out[0] = '\0';
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'view'", -1, &st,
                           NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        if (sql && tabdef_sql_mentions(sql, tbl) && (!col || tabdef_sql_mentions(sql, col))) {
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
            break;
        }
    }
    sqlite3_finalize(st);
}

/* Whether another table's FOREIGN KEY references column `col` of `tbl`. */
static bool referenced_column(sqlite3 *db, const char *tbl, const char *col)
{
    static const char q[] =
        "SELECT 1 FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
        "WHERE m.type = 'table' AND m.name <> ?1 COLLATE NOCASE AND f.\"table\" = ?1 "
        "COLLATE NOCASE AND coalesce(f.\"to\", (SELECT name FROM pragma_table_info(?1) "
        "WHERE pk = 1)) = ?2 COLLATE NOCASE";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    bool hit = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return hit;
}

static tabdef_item_t *find_col(alter_t *a, const char *col, int location)
{
    int i = tabdef_find(&a->td, col, true);
    if (i < 0) {
        emit_error(a->c, LG_SQLSTATE_UNDEFINED_COLUMN, location,
                   "column \"%s\" of relation \"%s\" does not exist", col, a->t.name);
        return NULL;
    }
    return &a->td.items[i];
}

static bool plain_add_column(const PgQuery__AlterTableCmd *cmd)
{
    if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn || !cmd->def ||
        cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
        return false;
    const PgQuery__ColumnDef *cd = cmd->def->column_def;
    const char *tn = emit_last_name(cd->type_name->names, cd->type_name->n_names);
    if (strstr(tn, "serial"))
        return false;
    for (size_t i = 0; i < cd->n_constraints; i++) {
        PgQuery__ConstrType k = cd->constraints[i]->constraint->contype;
        if (k != PG_QUERY__CONSTR_TYPE__CONSTR_NULL && k != PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL &&
            k != PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
            return false;
    }
    return true;
}

/* Moves the constraint items collected in t.cons into the definition. */
static void flush_cons(alter_t *a)
{
    lg_buf_putc(&a->t.cons, 0);
    const char *text = (const char *)a->t.cons.data;
    if (!a->t.cons.failed && strncmp(text, ", ", 2) == 0)
        tabdef_add_list(&a->td, text + 2);
    lg_buf_reset(&a->t.cons);
}

/* SQLite adds a column in place only with a constant default and not NOT NULL without
 * one. */
static bool native_add_ok(const char *text)
{
    const char *d = strstr(text, " DEFAULT (");
    if (!d)
        return strstr(text, " NOT NULL") == NULL;
    return strchr(d + 10, '(') == NULL;
}

/* In place: "SELECT lg_raise(sqlstate, msg) FROM <table>", for the caller's WHERE / LIMIT,
 * run before the definition changes (a row it finds fails the ALTER). */
static void validate_begin(alter_t *a, const char *sqlstate, const char *msg)
{
    lg_buf_printf(&a->validate, "SELECT lg_raise('%s', ", sqlstate);
    emit_meta_literal(&a->validate, msg);
    lg_buf_printf(&a->validate, ") FROM ");
    emit_meta_ident(&a->validate, a->td.name);
}

/* 23502 when column col has a NULL (exists: col is there yet; else any row counts). */
static void validate_no_nulls(alter_t *a, const char *col, bool exists)
{
    char msg[EMIT_NAME_MAX * 3];
    snprintf(msg, sizeof(msg), "column \"%s\" of relation \"%s\" contains null values", col,
             a->t.name);
    validate_begin(a, "23502", msg);
    if (exists) {
        lg_buf_printf(&a->validate, " WHERE ");
        emit_meta_ident(&a->validate, col);
        lg_buf_printf(&a->validate, " IS NULL");
    }
    lg_buf_printf(&a->validate, " LIMIT 1;");
}

/* The expression of clause `clause` ("<keywords> (") of a column's SQLite text: its offset
 * and length, or false when there is none. */
static bool clause_expr(const char *text, const char *clause, size_t *off, size_t *len)
{
    const char *d = strstr(text, clause);
    if (!d)
        return false;
    const char *p = d + strlen(clause);
    int depth = 1;
    for (const char *q = p; *q; q++) {
        if (*q == '\'' || *q == '"') {
            char quote = *q;
            for (q++; *q && *q != quote; q++)
                ;
            if (!*q)
                return false;
        } else if (*q == '(') {
            depth++;
        } else if (*q == ')' && --depth == 0) {
            *off = (size_t)(p - text);
            *len = (size_t)(q - p);
            return true;
        }
    }
    return false;
}

/* The expression of the " DEFAULT (expr)" clause of a column's SQLite text. */
static bool default_expr(const char *text, size_t *off, size_t *len)
{
    return clause_expr(text, " DEFAULT (", off, len);
}

static void inplace_unique(alter_t *a, const char *const *cols, size_t n);

/* In place: a stored generated column (its expression at text[off..off+len)) is added bare
 * and filled with each row's value; the rewritten definition then makes it generated
 * (SQLite keeps a stored generated column's value in the row like any other column). */
static void add_generated_inplace(alter_t *a, const char *name, const char *text, size_t off,
                                  size_t len)
{
    lg_buf_printf(&a->validate, "ALTER TABLE ");
    emit_meta_ident(&a->validate, a->td.name);
    lg_buf_printf(&a->validate, " ADD COLUMN ");
    emit_meta_ident(&a->validate, name);
    lg_buf_printf(&a->validate, ";UPDATE ");
    emit_meta_ident(&a->validate, a->td.name);
    lg_buf_printf(&a->validate, " SET ");
    emit_meta_ident(&a->validate, name);
    lg_buf_printf(&a->validate, " = (%.*s);", (int)len, text + off);
    if (strstr(text, " NOT NULL"))
        validate_no_nulls(a, name, true);
}

/* In place on a referenced table (see the header): SQLite's ADD COLUMN of the bare column,
 * then, once the definition is rewritten, the default stored in the existing rows. A
 * UNIQUE column gets it before too: its index is built from the stored values (the
 * rewritten definition's DEFAULT would otherwise be read for rows that lack the column). */
static void add_column_inplace(alter_t *a, const char *name, const char *text, bool fill_first)
{
    size_t off, len;
    bool generated = strstr(text, "GENERATED") != NULL;
    if (strstr(text, "PRIMARY KEY") || strstr(text, "UNIQUE") ||
        (generated &&
         (!strstr(text, " STORED") || !clause_expr(text, " GENERATED ALWAYS AS (", &off, &len)))) {
        a->inplace_bad = true; /* needs an index made with the table */
        return;
    }
    if (generated) { /* stored: each row's value computed before the column is generated */
        add_generated_inplace(a, name, text, off, len);
        return;
    }
    bool has_default = default_expr(text, &off, &len);
    if (!has_default && strstr(text, " NOT NULL"))
        validate_no_nulls(a, name, false); /* any row: the new column is NULL in all */
    lg_buf_printf(&a->validate, "ALTER TABLE ");
    emit_meta_ident(&a->validate, a->td.name);
    lg_buf_printf(&a->validate, " ADD COLUMN ");
    emit_meta_ident(&a->validate, name);
    lg_buf_printf(&a->validate, ";");
    for (int k = fill_first ? 0 : 1; k < 2 && has_default; k++) {
        lg_buf_t *b = k == 0 ? &a->validate : &a->after;
        lg_buf_printf(b, "UPDATE ");
        emit_meta_ident(b, a->td.name);
        lg_buf_printf(b, " SET ");
        emit_meta_ident(b, name);
        lg_buf_printf(b, " = (%.*s);", (int)len, text + off);
    }
}

static void add_column(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    const PgQuery__ColumnDef *cd = cmd->def->column_def;
    if (tabdef_find(&a->td, cd->colname, true) >= 0) {
        if (cmd->missing_ok) {
            emit_notice(a->c, LG_SQLSTATE_DUPLICATE_COLUMN,
                        "column \"%s\" of relation \"%s\" already exists, skipping", cd->colname,
                        a->t.name);
            return;
        }
        emit_error(a->c, LG_SQLSTATE_DUPLICATE_COLUMN, cd->location,
                   "column \"%s\" of relation \"%s\" already exists", cd->colname, a->t.name);
        return;
    }
    lg_buf_t scratch, *saved;
    size_t meta_at = a->t.meta.len;
    capture_begin(a->c, &scratch, &saved);
    emit_ddl_column(a->c, &a->t, cd, 0);
    char *text = capture_end(a->c, &scratch, saved);
    tabdef_add(&a->td, text, true, cd->colname);
    if (!a->t.meta.failed && a->t.meta.len > meta_at &&
        memmem(a->t.meta.data + meta_at, a->t.meta.len - meta_at, "_lg_sequences", 13)) {
        /* serial / identity: the sequence must exist when the copied rows take its values */
        lg_buf_append(&a->pre, a->t.meta.data + meta_at, a->t.meta.len - meta_at);
        a->t.meta.len = meta_at;
    }
    /* table constraints the column brought: CHECK and REFERENCES hold for the UPDATE
     * that fills the column; keys need an index made with the table */
    lg_buf_putc(&a->t.cons, 0);
    const char *cons = a->t.cons.failed ? "?" : (const char *)a->t.cons.data;
    const char *uniq = strstr(cons, " UNIQUE");
    bool keyed = strstr(cons, "PRIMARY KEY") || strcmp(cons, "?") == 0 ||
                 (uniq && strstr(uniq + 1, " UNIQUE"));
    a->t.cons.len--;    /* flush_cons adds its own terminator */
    if (uniq && !keyed) /* its index is built once the column is there and filled */
        inplace_unique(a, (const char *const[]){cd->colname}, 1);
    flush_cons(a);
    if (keyed)
        a->inplace_bad = true;
    else
        add_column_inplace(a, cd->colname, text, uniq != NULL);
    if (!native_add_ok(text))
        a->rebuild = true;
    if (!a->rebuild) { /* used only if the whole statement stays in place */
        lg_buf_printf(&a->native, "ALTER TABLE ");
        emit_meta_ident(&a->native, a->td.name);
        lg_buf_printf(&a->native, " ADD COLUMN %s;", text);
    }
    free(text);
}

/* In place on a referenced table (see the header): the indexes and triggers naming the
 * column go first; keys that name it need a rebuild. */
static bool inplace_drop_unique(alter_t *a, const char *name);
static bool key_has_dependents(alter_t *a, const char *name, bool pk,
                               PgQuery__DropBehavior behavior);

static void drop_column_inplace(alter_t *a, int col)
{
    for (int k = 0; k < a->td.nitems; k++) {
        const tabdef_item_t *it = &a->td.items[k];
        if (it->is_col || !it->dropped)
            continue;
        if (strstr(it->text, "PRIMARY KEY"))
            a->inplace_bad = true;             /* its automatic index would be left behind */
        else if (strstr(it->text, "UNIQUE") && /* a UNIQUE naming the column goes with it */
                 (!it->name[0] || a->c->failed ||
                  key_has_dependents(a, it->name, false, PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) ||
                  !inplace_drop_unique(a, it->name)))
            a->inplace_bad = true;
    }
    if (strstr(a->td.items[col].text, "PRIMARY KEY") || strstr(a->td.items[col].text, "UNIQUE"))
        a->inplace_bad = true;
    for (int k = 0; k < a->td.nextras; k++) {
        const tabdef_extra_t *e = &a->td.extras[k];
        if (!e->dropped)
            continue;
        bool trigger = strncmp(e->sql, "CREATE TRIGGER", 14) == 0;
        lg_buf_printf(&a->validate, trigger ? "DROP TRIGGER IF EXISTS " : "DROP INDEX IF EXISTS ");
        emit_meta_ident(&a->validate, e->name);
        lg_buf_printf(&a->validate, ";");
    }
    a->td.items[col].native_drop = true;
    a->native_drops = true;
}

static void drop_column(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    int i = tabdef_find(&a->td, cmd->name, true);
    if (i < 0) {
        if (!cmd->missing_ok)
            find_col(a, cmd->name, -1);
        else
            emit_notice(a->c, NULL, "column \"%s\" of relation \"%s\" does not exist, skipping",
                        cmd->name, a->t.name);
        return;
    }
    char view[EMIT_NAME_MAX];
    dependent_view(a->db, a->td.name, cmd->name, view, sizeof(view));
    bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    if ((view[0] && !cascade) || referenced_column(a->db, a->td.name, cmd->name)) {
        emit_error(a->c, "2BP01", -1,
                   "cannot drop column %s of table %s because other objects depend on it",
                   cmd->name, a->t.name);
        return;
    }
    if (view[0]) { /* CASCADE: the views go first */
        lg_buf_t *saved = a->c->b;
        a->c->b = &a->pre;
        emit_drop_views_of_column(a->c, a->td.name, cmd->name);
        a->c->b = saved;
    }
    a->td.items[i].dropped = true;
    for (int k = 0; k < a->td.nitems; k++) {
        tabdef_item_t *it = &a->td.items[k];
        if (it->is_col || it->dropped || !tabdef_item_uses(it->text, cmd->name))
            continue;
        it->dropped = true;
        lg_buf_printf(&a->t.meta, "DELETE FROM _lg_constraints WHERE tbl = ");
        meta_lit(a, a->t.name);
        lg_buf_printf(&a->t.meta, " AND name = ");
        meta_lit(a, it->name);
        lg_buf_printf(&a->t.meta, ";");
    }
    for (int k = 0; k < a->td.nextras; k++) {
        tabdef_extra_t *e = &a->td.extras[k];
        bool index = strncmp(e->sql, "CREATE TRIGGER", 14) != 0;
        if (!(index ? tabdef_item_uses(e->sql, cmd->name) : tabdef_sql_mentions(e->sql, cmd->name)))
            continue;
        e->dropped = true;
        lg_buf_printf(&a->t.meta, "DELETE FROM _lg_constraints WHERE name = ");
        meta_lit(a, e->name);
        lg_buf_printf(&a->t.meta, ";");
    }
    column_meta(a, "DELETE FROM _lg_columns WHERE tbl = ", " AND col = ", cmd->name);
    column_meta(a, "DELETE FROM _lg_sequences WHERE owner_tbl = ", " AND owner_col = ", cmd->name);
    drop_column_inplace(a, i);
    a->rebuild = true;
}

static void edit_col(tabdef_item_t *it, tabdef_col_op_t op, const char *arg)
{
    char *n = tabdef_col_edit(it->text, op, arg);
    free(it->text);
    it->text = n;
}

/* The column's type as this statement left it so far. */
static uint32_t column_type(alter_t *a, const char *col, int32_t *typmod)
{
    for (int i = a->nretyped - 1; i >= 0; i--)
        if (strcasecmp(a->retyped[i].col, col) == 0) {
            *typmod = a->retyped[i].typmod;
            return a->retyped[i].oid;
        }
    return emit_column_type(a->c, a->t.name, col, typmod);
}

static void note_retyped(alter_t *a, const char *col, uint32_t oid, int32_t typmod)
{
    if (a->nretyped == (int)(sizeof(a->retyped) / sizeof(a->retyped[0])))
        return;
    snprintf(a->retyped[a->nretyped].col, EMIT_NAME_MAX, "%s", col);
    a->retyped[a->nretyped].oid = oid;
    a->retyped[a->nretyped++].typmod = typmod;
}

static void set_default(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    tabdef_item_t *it = find_col(a, cmd->name, -1);
    if (!it)
        return;
    a->rebuild = true;
    if (!cmd->def) {
        edit_col(it, TABDEF_DROP_DEFAULT, NULL);
        return;
    }
    int32_t typmod = -1;
    uint32_t oid = column_type(a, cmd->name, &typmod);
    lg_buf_t scratch, *saved;
    capture_begin(a->c, &scratch, &saved);
    emit_expr_as(a->c, cmd->def, oid, typmod);
    char *text = capture_end(a->c, &scratch, saved);
    edit_col(it, TABDEF_SET_DEFAULT, text);
    free(text);
}

/* 1 when col is a primary key column of tbl. */
static bool is_pk_column(sqlite3 *db, const char *tbl, const char *col)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 AND pk > 0", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

static void set_notnull(alter_t *a, const PgQuery__AlterTableCmd *cmd, bool on)
{
    tabdef_item_t *it = find_col(a, cmd->name, -1);
    if (!it)
        return;
    if (!on && is_pk_column(a->db, a->td.name, cmd->name)) {
        emit_error(a->c, "42P16", -1, "column \"%s\" is in a primary key", cmd->name);
        return;
    }
    edit_col(it, TABDEF_DROP_NOTNULL, NULL);
    if (on) {
        edit_col(it, TABDEF_SET_NOTNULL, NULL);
        validate_no_nulls(a, cmd->name, true);
    }
    a->rebuild = true;
}

/* A ColumnRef node for `col`, built on the stack of the caller. */
typedef struct colref_node {
    PgQuery__Node node;
    PgQuery__ColumnRef ref;
    PgQuery__Node field;
    PgQuery__String str;
    PgQuery__Node *fields[1];
} colref_node_t;

static void colref_init(colref_node_t *n, const char *col)
{
    pg_query__node__init(&n->node);
    pg_query__column_ref__init(&n->ref);
    pg_query__node__init(&n->field);
    pg_query__string__init(&n->str);
    n->str.sval = (char *)(uintptr_t)col;
    n->field.node_case = PG_QUERY__NODE__NODE_STRING;
    n->field.string = &n->str;
    n->fields[0] = &n->field;
    n->ref.n_fields = 1;
    n->ref.fields = n->fields;
    n->ref.location = -1;
    n->node.node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
    n->node.column_ref = &n->ref;
}

/* In place on a referenced table (see the header): every existing value converts first
 * (the count evaluates the conversion, so 22001 / 22P02 ... surface as in PostgreSQL); once
 * the definition is rewritten, the rows whose stored value changes are updated, so an
 * int -> bigint or varchar widening touches no row (and fires no foreign-key action). */
static void alter_type_inplace(alter_t *a, const char *col, const char *expr)
{
    lg_buf_printf(&a->validate, "SELECT 1 FROM (SELECT count(%s) AS n FROM ", expr);
    emit_meta_ident(&a->validate, a->td.name);
    lg_buf_printf(&a->validate, ") WHERE n < 0;");
    lg_buf_printf(&a->after, "UPDATE ");
    emit_meta_ident(&a->after, a->td.name);
    lg_buf_printf(&a->after, " SET ");
    emit_meta_ident(&a->after, col);
    lg_buf_printf(&a->after, " = %s WHERE ", expr);
    emit_meta_ident(&a->after, col);
    lg_buf_printf(&a->after, " IS NOT %s;", expr);
}

/* A retyped column loses the enum / domain CHECK of its old type and gets its new type's
 * (u, NULL for a built-in type), as CREATE TABLE writes them (translate_emit_ddl.c). */
static void retype_user_checks(alter_t *a, const char *col, const emit_usertype_t *u)
{
    for (int k = 0; k < a->td.nitems; k++) {
        tabdef_item_t *it = &a->td.items[k];
        if (!it->is_col && !it->dropped &&
            (strstr(it->text, "lg_enum_ok(") || strstr(it->text, "lg_domain_ok(")) &&
            tabdef_item_uses(it->text, col))
            it->dropped = true;
    }
    if (!u || (u->kind == 'd' && !u->notnull && !u->has_checks))
        return;
    lg_buf_reset(&a->t.cons);
    lg_buf_t *saved = a->c->b; /* the same text as CREATE TABLE's (ALTER TYPE RENAME finds it) */
    a->c->b = &a->t.cons;
    emit_str(a->c, u->kind == 'e' ? ", CHECK (lg_enum_ok(" : ", CHECK (lg_domain_ok(");
    emit_ident(a->c, col);
    emit_str(a->c, ", ");
    emit_literal(a->c, u->name);
    emit_str(a->c, "))");
    a->c->b = saved;
    flush_cons(a);
    a->inplace_bad = true; /* the new CHECK must see every row: a rebuild */
}

/* Whether PostgreSQL has an assignment cast from `from` to `to`: within a type category,
 * or to a string type (I/O conversion); types outside the known categories pass. */
static bool assignable(uint32_t from, uint32_t to)
{
    char fc = emit_type_category(from), tc = emit_type_category(to);
    return !fc || !tc || fc == tc || tc == 'S';
}

/* 42804 as PostgreSQL's ALTER COLUMN TYPE: without USING the column converts by assignment,
 * and a default (of the old type) must convert so too, USING or not. */
static bool retype_castable(alter_t *a, const tabdef_item_t *it, const char *col, bool using,
                            uint32_t to)
{
    int32_t old_mod;
    uint32_t from = column_type(a, col, &old_mod);
    size_t off, len;
    const char *what = NULL;
    if (!using && !assignable(from, to))
        what = "column";
    else if (default_expr(it->text, &off, &len) && !assignable(from, to))
        what = "default for column";
    if (!what)
        return true;
    char tn[64];
    emit_error(a->c, LG_SQLSTATE_DATATYPE_MISMATCH, -1,
               "%s \"%s\" cannot be cast automatically to type %s", what, col,
               emit_type_sqlname(to, tn, sizeof(tn)));
    return false;
}

/* Whether col's stored default is a literal label of enum type: what PostgreSQL sees of a
 * default that came from that enum (its cast to text is stripped, the label remains). */
static bool default_is_label(alter_t *a, const char *col, const char *type)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (a->db && sqlite3_prepare_v2(a->db,
                                    "SELECT 1 FROM pragma_table_info(?1) p JOIN _lg_enum e "
                                    "ON e.typname = ?3 AND p.dflt_value IN (quote(e.label), "
                                    "'(' || quote(e.label) || ')') WHERE p.name = ?2",
                                    -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, a->t.name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

/* Whether column item it (as edited by the statement so far) has a DEFAULT. */
static bool item_has_default(const tabdef_item_t *it)
{
    const char *p = it->text;
    while (*p) {
        if (*p == '\'' || *p == '"') { /* a literal or a quoted name */
            const char *q = strchr(p + 1, *p);
            if (!q)
                return false;
            p = q + 1;
            continue;
        }
        bool start = p == it->text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        if (start && strncasecmp(p, "DEFAULT", 7) == 0 &&
            !(isalnum((unsigned char)p[7]) || p[7] == '_'))
            return true;
        p++;
    }
    return false;
}

/* A single-column PRIMARY KEY retyped between integer types keeps its SQLite declared type:
 * "INTEGER" makes it the rowid (no index of its own), another integer type has an automatic
 * index, and an in-place rewrite must not change which (the file's indexes would no longer
 * match the definition). To or from a rowid key of another type: a rebuild. */
static void keep_rowid_key(alter_t *a, const char *col, char *decl, size_t cap)
{
    sqlite3_stmt *st = NULL;
    char old[64] = "";
    if (a->db && sqlite3_prepare_v2(a->db,
                                    "SELECT p.type FROM pragma_table_info(?1) p WHERE p.name = ?2 "
                                    "AND p.pk > 0 AND (SELECT count(*) FROM pragma_table_info(?1) "
                                    "WHERE pk > 0) = 1",
                                    -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, a->td.name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            snprintf(old, sizeof(old), "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (!old[0])
        return;
    if (strcasestr(old, "INT") && strcasestr(decl, "INT"))
        snprintf(decl, cap, "%s", old); /* the same affinity: only _lg_columns changes */
    else if (strcasecmp(old, "INTEGER") == 0 || strcasecmp(decl, "INTEGER") == 0)
        a->inplace_bad = true;
}

static void alter_type(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    tabdef_item_t *it = find_col(a, cmd->name, -1);
    if (!it || !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
        return;
    const PgQuery__ColumnDef *cd = cmd->def->column_def;
    int32_t typmod;
    uint32_t oid = emit_typename_oid(cd->type_name, &typmod);
    emit_usertype_t ut;
    bool user = !oid && emit_usertype_find(a->c, cd->type_name, &ut);
    if (user) { /* enum: its own OID, stored as TEXT; domain: the base type */
        oid = ut.kind == 'd' ? ut.base : ut.oid;
        typmod = ut.kind == 'd' ? ut.typmod : -1;
    }
    int32_t old_mod;
    if (user && ut.kind == 'e' && column_type(a, cmd->name, &old_mod) != ut.oid) {
        /* no cast to an enum but USING's: the column without one, its default always */
        if (!cd->raw_default) {
            emit_error(a->c, "42804", -1, "column \"%s\" cannot be cast automatically to type %s",
                       cmd->name, ut.name);
            return;
        }
        if (item_has_default(it) && !default_is_label(a, cmd->name, ut.name)) {
            emit_error(a->c, "42804", -1,
                       "default for column \"%s\" cannot be cast automatically to type %s",
                       cmd->name, ut.name);
            return;
        }
    }
    if (!oid) {
        emit_unknown_type(a->c, cd->type_name, cd->type_name->location);
        return;
    }
    if (!user && !retype_castable(a, it, cmd->name, cd->raw_default != NULL, oid))
        return;
    char view[EMIT_NAME_MAX];
    dependent_view(a->db, a->td.name, cmd->name, view, sizeof(view));
    if (view[0]) {
        emit_error(a->c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                   "cannot alter type of a column used by a view or rule");
        return;
    }
    for (int k = 0; k < a->td.nitems; k++) {
        const tabdef_item_t *g = &a->td.items[k];
        const char *gen =
            g->is_col && !g->dropped ? strstr(g->text, " GENERATED ALWAYS AS (") : NULL;
        if (gen && g != it && tabdef_sql_mentions(gen, cmd->name)) {
            emit_error(a->c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                       "cannot alter type of a column used by a generated column");
            return;
        }
    }
    colref_node_t ref;
    colref_init(&ref, cmd->name);
    lg_buf_t scratch, *saved;
    capture_begin(a->c, &scratch, &saved);
    if (cd->raw_default) /* USING expr: an explicit conversion */
        emit_cast(a->c, cd->raw_default, cd->type_name, cd->location);
    else /* as an assignment: too long for varchar(n) is 22001, not truncated */
        emit_expr_as(a->c, &ref.node, oid, typmod);
    char *expr = capture_end(a->c, &scratch, saved);
    emit_peek_forget(a->c, &ref.node); /* the next action's node may get this address */
    if (it->copy && expr)
        alter_type_inplace(a, cmd->name, expr);
    else
        a->inplace_bad = true; /* a column added by the same statement */
    if (it->copy) {
        free(it->copy);
        it->copy = expr;
    } else {
        free(expr);
    }
    retype_user_checks(a, cmd->name, user ? &ut : NULL);
    char decl[EMIT_NAME_MAX + 48];
    if (user && ut.kind == 'e')
        snprintf(decl, sizeof(decl), "TEXT COLLATE \"lg_enum_%s\"", ut.name);
    else
        snprintf(decl, sizeof(decl), "%s", emit_storage_decl(oid));
    keep_rowid_key(a, cmd->name, decl, sizeof(decl));
    edit_col(it, TABDEF_SET_TYPE, decl);
    note_retyped(a, cmd->name, oid, typmod);
    char ptext[EMIT_NAME_MAX + 64];
    if (user)
        snprintf(ptext, sizeof(ptext), "%s", ut.name);
    else
        emit_type_text(oid, typmod, ptext, sizeof(ptext));
    lg_buf_printf(&a->t.meta, "UPDATE _lg_columns SET pgtype = ");
    meta_lit(a, ptext);
    lg_buf_printf(&a->t.meta, ", typoid = %u, typmod = %d WHERE tbl = ", oid, typmod);
    meta_lit(a, a->t.name);
    lg_buf_printf(&a->t.meta, " AND col = ");
    meta_lit(a, cmd->name);
    lg_buf_printf(&a->t.meta, ";");
    a->rebuild = true;
}

/* The name of constraint item text (", CONSTRAINT name ..."), as emit_ident wrote it with
 * its quotes removed; "" when it has none. */
static void cons_name(const char *text, char *name, size_t cap)
{
    size_t k = 0;
    const char *q = strstr(text, "CONSTRAINT ");
    if (q) {
        q += strlen("CONSTRAINT ");
        bool quoted = *q == '"';
        for (q += quoted; *q && k + 1 < cap; q++) {
            if (quoted && *q == '"' && q[1] == '"') {
                name[k++] = '"';
                q++;
            } else if ((quoted && *q == '"') || (!quoted && *q == ' ')) {
                break;
            } else {
                name[k++] = *q;
            }
        }
    }
    name[k] = '\0';
}

/* The number of the table's automatic indexes (SQLite's, of its UNIQUE and PRIMARY KEY
 * constraints). */
static int autoindex_count(alter_t *a)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (a->db && sqlite3_prepare_v2(a->db,
                                    "SELECT count(*) FROM main.sqlite_schema WHERE type = 'index' "
                                    "AND tbl_name = ?1 AND sql IS NULL",
                                    -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, a->td.name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* Whether one of the table's automatic indexes (SQLite's, of its UNIQUE and PRIMARY KEY
 * constraints) has exactly the columns `plain` ("a,b"): SQLite makes no second index for
 * such a constraint. */
static bool autoindex_same(alter_t *a, const char *plain)
{
    sqlite3_stmt *st = NULL;
    bool same = false;
    if (!a->db || sqlite3_prepare_v2(a->db,
                                     "SELECT (SELECT group_concat(i.name, ',') FROM (SELECT name "
                                     "FROM pragma_index_info(s.name) ORDER BY seqno) i) FROM "
                                     "main.sqlite_schema s WHERE s.type = 'index' AND "
                                     "s.tbl_name = ?1 AND s.name LIKE 'sqlite\\_autoindex\\_%' "
                                     "ESCAPE '\\'",
                                     -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return true; /* unknown: no in-place change */
    }
    sqlite3_bind_text(st, 1, a->td.name, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *cols = (const char *)sqlite3_column_text(st, 0);
        same = same || (cols && strcmp(cols, plain) == 0);
    }
    sqlite3_finalize(st);
    return same;
}

/* "Key (a, b)=(" || a || ', ' || b || ")" into b: PostgreSQL's DETAIL naming a key, the
 * columns read from table alias t. */
static void key_detail(lg_buf_t *b, const char *const *cols, size_t n)
{
    lg_buf_printf(b, "'Key (");
    for (size_t i = 0; i < n; i++) {
        lg_buf_printf(b, "%s", i ? ", " : "");
        for (const char *p = cols[i]; *p; p++) /* inside a SQL string */
            lg_buf_printf(b, *p == '\'' ? "''" : "%c", *p);
    }
    lg_buf_printf(b, ")=(' || ");
    for (size_t i = 0; i < n; i++) {
        lg_buf_printf(b, "%scoalesce(t.", i ? " || ', ' || " : "");
        emit_meta_ident(b, cols[i]);
        lg_buf_printf(b, ", 'null')");
    }
    lg_buf_printf(b, " || ')");
}

/* The check PostgreSQL makes building a UNIQUE constraint's index: 23505 "could not create
 * unique index" with the duplicated key. */
static char *unique_check(alter_t *a, const char *name, const char *const *cols, size_t n)
{
    lg_buf_t b;
    lg_buf_init(&b, ALTER_BUF_MAX);
    char msg[EMIT_NAME_MAX * 2];
    snprintf(msg, sizeof(msg), "could not create unique index \"%s\"", name);
    lg_buf_printf(&b, "SELECT lg_raise('23505', ");
    emit_meta_literal(&b, msg);
    lg_buf_printf(&b, " || char(31) || 'DETAIL:' || ");
    key_detail(&b, cols, n);
    lg_buf_printf(&b, " is duplicated.') FROM ");
    emit_meta_ident(&b, a->td.name);
    lg_buf_printf(&b, " t WHERE ");
    for (size_t i = 0; i < n; i++) {
        lg_buf_printf(&b, "%st.", i ? " AND " : "");
        emit_meta_ident(&b, cols[i]);
        lg_buf_printf(&b, " IS NOT NULL");
    }
    lg_buf_printf(&b, " GROUP BY ");
    for (size_t i = 0; i < n; i++) {
        lg_buf_printf(&b, "%st.", i ? ", " : "");
        emit_meta_ident(&b, cols[i]);
    }
    lg_buf_printf(&b, " HAVING count(*) > 1 LIMIT 1;");
    lg_buf_putc(&b, 0);
    size_t len;
    char *out = b.failed ? NULL : (char *)lg_buf_steal(&b, &len);
    lg_buf_deinit(&b);
    return out;
}

/* The name of the one constraint item t.cons holds ("" when none). */
static void pending_cons_name(alter_t *a, char *name, size_t cap)
{
    lg_buf_putc(&a->t.cons, 0);
    cons_name(a->t.cons.failed ? "" : (const char *)a->t.cons.data, name, cap);
    a->t.cons.len--; /* flush_cons adds its own terminator */
}

/* In-place ADD UNIQUE (cols), t.cons holding its item: its index is built (after the rows
 * are checked, 23505) before the definition changes, then becomes the automatic index
 * SQLite numbers after the table's others (the new constraint comes last). */
static void inplace_unique(alter_t *a, const char *const *cols, size_t n)
{
    lg_buf_t plain, sql;
    lg_buf_init(&plain, ALTER_BUF_MAX);
    lg_buf_init(&sql, ALTER_BUF_MAX);
    for (size_t i = 0; i < n; i++) {
        lg_buf_printf(&plain, "%s%s", i ? "," : "", cols[i]);
        lg_buf_printf(&sql, "%s", i ? ", " : "");
        emit_meta_ident(&sql, cols[i]);
    }
    lg_buf_putc(&plain, 0);
    lg_buf_putc(&sql, 0);
    char name[EMIT_NAME_MAX];
    pending_cons_name(a, name, sizeof(name));
    bool bad = n == 0 || !name[0] || a->nuniq >= ALTER_UNIQUE_MAX || plain.failed || sql.failed;
    if (!bad)
        bad = autoindex_same(a, (const char *)plain.data);
    for (int i = 0; i < a->nuniq && !bad; i++) /* the same columns twice in one statement */
        bad = strcmp(a->uniq_cols[i], (const char *)sql.data) == 0;
    char *check = bad ? NULL : unique_check(a, name, cols, n);
    if (!check) {
        a->inplace_bad = true;
    } else {
        size_t len;
        a->uniq_check[a->nuniq] = check;
        a->uniq_cols[a->nuniq++] = (char *)lg_buf_steal(&sql, &len);
    }
    lg_buf_deinit(&plain);
    lg_buf_deinit(&sql);
}

/* In-place ADD FOREIGN KEY (t.cons holds its item): once the definition has it, the rows
 * SQLite's foreign_key_check finds fail it (23503 with the key, as PostgreSQL). MATCH FULL
 * adds a CHECK: not in place. */
static void inplace_foreign_key(alter_t *a, const PgQuery__Constraint *k)
{
    lg_buf_putc(&a->t.cons, 0);
    const char *text = a->t.cons.failed ? NULL : (const char *)a->t.cons.data;
    a->t.cons.len--;
    const char *cols[32];
    if (!text || strstr(text, " CHECK ") || k->n_fk_attrs > 32 || !k->pktable) {
        a->inplace_bad = true;
        return;
    }
    if (k->skip_validation)
        return; /* NOT VALID: the rows are not checked */
    char name[EMIT_NAME_MAX], msg[EMIT_NAME_MAX * 3];
    cons_name(text, name, sizeof(name));
    for (size_t i = 0; i < k->n_fk_attrs; i++)
        cols[i] = emit_strval(k->fk_attrs[i]);
    snprintf(msg, sizeof(msg),
             "insert or update on table \"%s\" violates foreign key constraint \"%s\"", a->t.name,
             name);
    lg_buf_t b;
    lg_buf_init(&b, ALTER_BUF_MAX);
    lg_buf_printf(&b, "SELECT lg_raise('23503', ");
    emit_meta_literal(&b, msg);
    lg_buf_printf(&b, " || char(31) || 'DETAIL:' || ");
    key_detail(&b, cols, k->n_fk_attrs);
    lg_buf_printf(&b, " is not present in table \"");
    for (const char *p = k->pktable->relname; *p; p++)
        lg_buf_printf(&b, *p == '\'' ? "''" : "%c", *p);
    lg_buf_printf(&b, "\".') FROM pragma_foreign_key_check(");
    emit_meta_literal(&b, a->td.name);
    lg_buf_printf(&b, ") k JOIN ");
    emit_meta_ident(&b, a->td.name);
    lg_buf_printf(&b, " t ON t.rowid = k.rowid LIMIT 1;");
    lg_buf_putc(&b, 0);
    size_t len;
    free(a->fk_check);
    free(a->drop_cols);
    a->fk_check = b.failed ? NULL : (char *)lg_buf_steal(&b, &len);
    lg_buf_deinit(&b);
    if (!a->fk_check)
        a->inplace_bad = true;
}

/* In-place ADD CHECK: the existing rows must pass it (t.cons holds the one new item,
 * ", CONSTRAINT name CHECK (expr)"). */
static void validate_check(alter_t *a)
{
    lg_buf_putc(&a->t.cons, 0);
    const char *text = (const char *)a->t.cons.data;
    const char *chk = a->t.cons.failed ? NULL : strstr(text, " CHECK (");
    a->t.cons.len--; /* the terminator goes again: flush_cons adds its own */
    if (!chk) {
        a->inplace_bad = true;
        return;
    }
    char name[EMIT_NAME_MAX];
    cons_name(text, name, sizeof(name));
    char msg[EMIT_NAME_MAX * 3];
    snprintf(msg, sizeof(msg), "check constraint \"%s\" of relation \"%s\" is violated by some row",
             name, a->t.name);
    validate_begin(a, "23514", msg);
    lg_buf_printf(&a->validate, " WHERE NOT %s LIMIT 1;", chk + strlen(" CHECK "));
}

/* VALIDATE CONSTRAINT: a CHECK added NOT VALID is checked against every row now (23514);
 * a FOREIGN KEY is enforced by SQLite from the start, so its rows are valid already. */
static void validate_constraint(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    int i = tabdef_find(&a->td, cmd->name, false);
    if (i < 0) {
        emit_error(a->c, LG_SQLSTATE_UNDEFINED_OBJECT, -1,
                   "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, a->t.name);
        return;
    }
    const char *chk = strstr(a->td.items[i].text, " CHECK ");
    if (!chk)
        return;
    char msg[EMIT_NAME_MAX * 3];
    snprintf(msg, sizeof(msg), "check constraint \"%s\" of relation \"%s\" is violated by some row",
             cmd->name, a->t.name);
    lg_buf_printf(&a->native, "SELECT lg_raise('23514', ");
    emit_meta_literal(&a->native, msg);
    lg_buf_printf(&a->native, ") FROM ");
    emit_meta_ident(&a->native, a->td.name);
    lg_buf_printf(&a->native, " WHERE NOT %s LIMIT 1;", chk + strlen(" CHECK "));
}

/* Whether the table has a PRIMARY KEY (not dropped earlier in this statement). */
static bool has_primary_key(alter_t *a)
{
    for (int i = 0; i < a->td.nitems; i++) {
        const tabdef_item_t *it = &a->td.items[i];
        if (!it->dropped && strstr(it->text, "PRIMARY KEY"))
            return true;
    }
    return false;
}

/* ADD PRIMARY KEY: one per table (42P16), and its columns become NOT NULL (23502 when a
 * row has a NULL there), staying so if the key is dropped later, as in PostgreSQL. */
static bool add_primary_key(alter_t *a, const PgQuery__Constraint *k)
{
    if (has_primary_key(a)) {
        emit_error(a->c, "42P16", k->location,
                   "multiple primary keys for table \"%s\" are not allowed", a->t.name);
        return false;
    }
    for (size_t i = 0; i < k->n_keys; i++) {
        const char *col = emit_strval(k->keys[i]);
        tabdef_item_t *it = find_col(a, col, k->location);
        if (!it)
            return false;
        edit_col(it, TABDEF_DROP_NOTNULL, NULL);
        edit_col(it, TABDEF_SET_NOTNULL, NULL);
        if (it->copy)
            validate_no_nulls(a, col, true);
    }
    return true;
}

static void add_unique_keys(alter_t *a, const PgQuery__Constraint *k)
{
    const char *cols[32];
    if (k->n_keys > sizeof(cols) / sizeof(cols[0])) {
        a->inplace_bad = true;
        return;
    }
    for (size_t i = 0; i < k->n_keys; i++)
        cols[i] = emit_strval(k->keys[i]);
    inplace_unique(a, cols, k->n_keys);
}

static void add_constraint(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    const PgQuery__Constraint *k = cmd->def->constraint;
    bool keyed = k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                 k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE;
    if (k->conname[0] && keyed &&
        (tabdef_find(&a->td, k->conname, false) >= 0 ||
         catalog_relname_exists(a->db, k->conname) == 1)) { /* its index's name is taken */
        emit_error(a->c, LG_SQLSTATE_DUPLICATE_TABLE, k->location, "relation \"%s\" already exists",
                   k->conname);
        return;
    }
    if (k->conname[0] && tabdef_find(&a->td, k->conname, false) >= 0) {
        emit_error(a->c, LG_SQLSTATE_DUPLICATE_OBJECT, k->location,
                   "constraint \"%s\" for relation \"%s\" already exists", k->conname, a->t.name);
        return;
    }
    if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY && !k->indexname[0] &&
        !add_primary_key(a, k))
        return;
    if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK && k->skip_validation)
        a->not_valid = true;
    lg_buf_reset(&a->t.cons);
    emit_ddl_table_constraint(a->c, &a->t, k);
    if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK && !k->skip_validation)
        validate_check(a);
    else if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE && !k->indexname[0])
        add_unique_keys(a, k);
    else if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
        inplace_foreign_key(a, k);
    else if (k->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
        a->inplace_bad = true;
    flush_cons(a);
    a->rebuild = true;
}

/* 2BP01 as PostgreSQL when a foreign key of another table uses key constraint `name` (the
 * primary key: also one naming no columns); with CASCADE the keys would go too: rebuild. */
static bool key_has_dependents(alter_t *a, const char *name, bool pk,
                               PgQuery__DropBehavior behavior)
{
    sqlite3_stmt *st = NULL;
    char fk[EMIT_NAME_MAX] = "", child[EMIT_NAME_MAX] = "";
    if (a->db &&
        sqlite3_prepare_v2(a->db,
                           "SELECT coalesce((SELECT f.name FROM _lg_constraints f "
                           "WHERE f.tbl = x.tbl AND f.kind = 'f' AND f.cols = x.fc), "
                           "'?'), x.tbl FROM (SELECT m.name AS tbl, group_concat(p.\"from\", "
                           "',') AS fc, group_concat(coalesce(p.\"to\", ''), ',') AS tc, "
                           "max(p.\"to\" IS NULL) AS implicit FROM main.sqlite_schema m, "
                           "pragma_foreign_key_list(m.name) p WHERE m.type = 'table' AND "
                           "m.name <> ?1 AND p.\"table\" = ?1 GROUP BY m.name, p.id) x "
                           "WHERE x.tc = (SELECT k.cols FROM _lg_constraints k WHERE "
                           "k.tbl = ?1 AND k.name = ?2) OR (?3 AND x.implicit) "
                           "ORDER BY 2, 1 LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, a->td.name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, pk);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(fk, sizeof(fk), "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(child, sizeof(child), "%s", (const char *)sqlite3_column_text(st, 1));
        }
    }
    sqlite3_finalize(st);
    if (!fk[0])
        return false;
    if (behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
        a->inplace_bad = true;
        return false;
    }
    emit_error(a->c, "2BP01", -1,
               "cannot drop constraint %s on table %s because other objects depend on it", name,
               a->t.name);
    lg_pgerr_detail(a->c->err, "constraint %s on table %s depends on index %s", fk, child, name);
    lg_pgerr_hint(a->c->err, "Use DROP ... CASCADE to drop the dependent objects too.");
    return true;
}

/* In-place DROP of UNIQUE constraint `name`: in the rewrite its automatic index becomes a
 * plain index that is then dropped, and the table's later automatic indexes are numbered
 * one down (as SQLite numbers them reading the new definition). False when that cannot be
 * done (another key on the same columns shares the index, a second drop). */
static bool inplace_drop_unique(alter_t *a, const char *name)
{
    char cols[EMIT_NAME_MAX * 4];
    if (a->drop_auto || !a->db ||
        catalog_constraint_columns(a->db, a->td.name, name, cols, sizeof(cols)) != 0)
        return false;
    sqlite3_stmt *st = NULL;
    int n = 0, shared = 0;
    if (sqlite3_prepare_v2(a->db,
                           "SELECT CAST(substr(s.name, length(?1) + 19) AS INTEGER), "
                           "(SELECT count(*) FROM _lg_constraints k WHERE k.tbl = ?1 AND "
                           "k.kind IN ('p', 'u') AND k.cols = ?2) FROM main.sqlite_schema s "
                           "WHERE s.type = 'index' AND s.tbl_name = ?1 AND s.sql IS NULL AND "
                           "s.name = 'sqlite_autoindex_' || ?1 || '_' || substr(s.name, "
                           "length(?1) + 19) AND (SELECT group_concat(i.name, ',') FROM (SELECT "
                           "name FROM pragma_index_info(s.name) ORDER BY seqno) i) = ?2",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, a->td.name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, cols, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            n = sqlite3_column_int(st, 0);
            shared = sqlite3_column_int(st, 1);
        }
    }
    sqlite3_finalize(st);
    if (n <= 0 || shared != 1)
        return false;
    lg_buf_t sql;
    lg_buf_init(&sql, ALTER_BUF_MAX);
    for (const char *p = cols; *p;) { /* "a,b" as "a", "b" */
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char col[EMIT_NAME_MAX];
        snprintf(col, sizeof(col), "%.*s", (int)len, p);
        lg_buf_printf(&sql, "%s", p == cols ? "" : ", ");
        emit_meta_ident(&sql, col);
        p += len + (comma ? 1 : 0);
    }
    lg_buf_putc(&sql, 0);
    size_t len;
    a->drop_cols = sql.failed ? NULL : (char *)lg_buf_steal(&sql, &len);
    lg_buf_deinit(&sql);
    a->drop_auto = a->drop_cols ? n : 0;
    return a->drop_cols != NULL;
}

static void drop_constraint(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    int i = tabdef_find(&a->td, cmd->name, false);
    if (i < 0) {
        if (!cmd->missing_ok)
            emit_error(a->c, LG_SQLSTATE_UNDEFINED_OBJECT, -1,
                       "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, a->t.name);
        else
            emit_notice(a->c, NULL, "constraint \"%s\" of relation \"%s\" does not exist, skipping",
                        cmd->name, a->t.name);
        return;
    }
    a->td.items[i].dropped = true;
    const char *text = a->td.items[i].text;
    bool pk = strstr(text, "PRIMARY KEY") != NULL;
    if ((pk || strstr(text, "UNIQUE")) && key_has_dependents(a, cmd->name, pk, cmd->behavior))
        return;
    if (pk || (strstr(text, "UNIQUE") && !inplace_drop_unique(a, cmd->name)))
        a->inplace_bad = true;
    lg_buf_printf(&a->t.meta, "DELETE FROM _lg_constraints WHERE tbl = ");
    meta_lit(a, a->t.name);
    lg_buf_printf(&a->t.meta, " AND name = ");
    meta_lit(a, cmd->name);
    lg_buf_printf(&a->t.meta, ";");
    a->rebuild = true;
}

/* ALTER COLUMN c SET INCREMENT BY n / RESTART [WITH n] / SET ...: the owned sequence. */
static void set_identity(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    if (catalog_column_identity(a->db, a->t.name, cmd->name) == 0) {
        emit_error(a->c, "55000", -1, "column \"%s\" of relation \"%s\" is not an identity column",
                   cmd->name, a->t.name);
        return;
    }
    emit_seqopts_t o = {0};
    if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST) {
        emit_seqopts_parse(a->c, cmd->def->list->items, cmd->def->list->n_items, &o);
        for (size_t i = 0; i < cmd->def->list->n_items; i++) { /* SET GENERATED ALWAYS / ... */
            const PgQuery__Node *n = cmd->def->list->items[i];
            if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM ||
                strcmp(n->def_elem->defname, "generated") != 0 || !n->def_elem->arg ||
                n->def_elem->arg->node_case != PG_QUERY__NODE__NODE_INTEGER)
                continue;
            column_meta(a,
                        n->def_elem->arg->integer->ival == 'a'
                            ? "UPDATE _lg_columns SET is_identity = 'a' WHERE tbl = "
                            : "UPDATE _lg_columns SET is_identity = 'd' WHERE tbl = ",
                        " AND col = ", cmd->name);
        }
    }
    lg_buf_t w;
    lg_buf_init(&w, 1024);
    lg_buf_printf(&w, "owner_tbl = ");
    emit_meta_literal(&w, a->t.name);
    lg_buf_printf(&w, " AND owner_col = ");
    emit_meta_literal(&w, cmd->name);
    lg_buf_putc(&w, 0);
    if (!w.failed)
        emit_seqopts_update(&a->t.meta, &o, (const char *)w.data);
    lg_buf_deinit(&w);
}

/* pragma_table_info's notnull (or pk) / dflt_value IS NOT NULL of tbl.col. */
static bool column_flag(sqlite3 *db, const char *tbl, const char *col, bool dflt)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (db && sqlite3_prepare_v2(db,
                                 dflt ? "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 "
                                        "AND dflt_value IS NOT NULL"
                                      : "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 "
                                        "AND (\"notnull\" OR pk > 0)",
                                 -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, tbl, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

/* ADD GENERATED ALWAYS | BY DEFAULT AS IDENTITY [(options)]: a sequence <tbl>_<col>_seq
 * owned by the column becomes its default, as CREATE TABLE makes one. */
static void add_identity(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    tabdef_item_t *it = find_col(a, cmd->name, -1);
    if (!it || !cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        return;
    const PgQuery__Constraint *k = cmd->def->constraint;
    int32_t typmod = -1;
    uint32_t oid = column_type(a, cmd->name, &typmod);
    if (!emit_type_is_int(oid)) {
        emit_error(a->c, LG_SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                   "identity column type must be smallint, integer, or bigint");
        return;
    }
    const char *why = NULL;
    if (catalog_column_identity(a->db, a->t.name, cmd->name) != 0)
        why = "is already an identity column";
    else if (!column_flag(a->db, a->t.name, cmd->name, false))
        why = "must be declared NOT NULL before identity can be added";
    else if (column_flag(a->db, a->t.name, cmd->name, true))
        why = "already has a default value";
    if (why) {
        emit_error(a->c, "55000", -1, "column \"%s\" of relation \"%s\" %s", cmd->name, a->t.name,
                   why);
        return;
    }
    char seq[EMIT_NAME_MAX * 3];
    snprintf(seq, sizeof(seq), "%s_%s_seq", a->t.name, cmd->name);
    emit_seqopts_t so = {0};
    emit_seqopts_parse(a->c, k->options, k->n_options, &so);
    emit_seqopts_resolve(&so, oid);
    emit_seqopts_check(a->c, &so, oid);
    lg_buf_t def;
    lg_buf_init(&def, sizeof(seq) + 32);
    lg_buf_printf(&def, "nextval(");
    emit_meta_literal(&def, seq);
    lg_buf_printf(&def, ")");
    lg_buf_putc(&def, 0);
    if (!def.failed)
        edit_col(it, TABDEF_SET_DEFAULT, (const char *)def.data);
    lg_buf_deinit(&def);
    a->rebuild = true;
    emit_meta_sequence(&a->t.meta, seq, &so, a->t.name, cmd->name, false);
    column_meta(a,
                k->generated_when[0] == 'a'
                    ? "UPDATE _lg_columns SET is_identity = 'a' WHERE tbl = "
                    : "UPDATE _lg_columns SET is_identity = 'd' WHERE tbl = ",
                " AND col = ", cmd->name);
}

/* DROP IDENTITY [IF EXISTS]: the column keeps its values, loses its default and sequence. */
static void drop_identity(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    tabdef_item_t *it = find_col(a, cmd->name, -1);
    if (!it)
        return;
    if (catalog_column_identity(a->db, a->t.name, cmd->name) == 0) {
        if (!cmd->missing_ok)
            emit_error(a->c, "55000", -1,
                       "column \"%s\" of relation \"%s\" is not an identity column", cmd->name,
                       a->t.name);
        else
            emit_notice(a->c, "00000",
                        "column \"%s\" of relation \"%s\" is not an identity column, skipping",
                        cmd->name, a->t.name);
        return;
    }
    edit_col(it, TABDEF_DROP_DEFAULT, NULL);
    a->rebuild = true;
    column_meta(a,
                "UPDATE _lg_columns SET is_identity = '' WHERE tbl = ", " AND col = ", cmd->name);
    column_meta(a, "DELETE FROM _lg_sequences WHERE owner_tbl = ", " AND owner_col = ", cmd->name);
}

static void alter_cmd(alter_t *a, const PgQuery__AlterTableCmd *cmd)
{
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        add_column(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        drop_column(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        set_default(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        set_notnull(a, cmd, false);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        set_notnull(a, cmd, true);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        alter_type(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        add_constraint(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        drop_constraint(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
        validate_constraint(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        return; /* one role: nothing to do */
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
        set_identity(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        drop_identity(a, cmd);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        add_identity(a, cmd);
        return;
    default:
        emit_unsupported(a->c, -1, "this ALTER TABLE action");
        return;
    }
}

/* The columns a rebuild copies into the new table: their names, or the expressions that
 * read them from the old one (tabdef_item_t.copy). */
static void emit_copied_columns(emit_ctx_t *c, const alter_t *a, bool names)
{
    bool first = true;
    for (int i = 0; i < a->td.nitems; i++) {
        const tabdef_item_t *it = &a->td.items[i];
        if (it->dropped || !it->is_col || !it->copy)
            continue;
        emit_str(c, first ? "" : ", ");
        if (names)
            emit_ident(c, it->name);
        else
            emit_str(c, it->copy);
        first = false;
    }
}

static void emit_rebuild(alter_t *a)
{
    emit_ctx_t *c = a->c;
    char tmpname[EMIT_NAME_MAX + 16];
    snprintf(tmpname, sizeof(tmpname), "_lg_new_%s", a->td.name);
    /* exec runs the script statement by statement (autocommit outside a transaction
     * block): a copy that failed (NOT NULL, CHECK, UNIQUE on existing rows) may have left
     * the new table behind */
    emit_str(c, "DROP TABLE IF EXISTS ");
    emit_ident(c, tmpname);
    emit_str(c, ";");
    emit_str(c, "CREATE TABLE ");
    emit_ident(c, tmpname);
    emit_str(c, " (");
    bool first = true;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < a->td.nitems; i++) {
            const tabdef_item_t *it = &a->td.items[i];
            if (it->dropped || it->is_col != (pass == 0))
                continue;
            emit_str(c, first ? "" : ", ");
            emit_str(c, it->text);
            first = false;
        }
    }
    emit_fmt(c, ")%s;", a->td.suffix ? a->td.suffix : "");
    if (a->not_valid)
        emit_str(c, "PRAGMA ignore_check_constraints=ON;");
    emit_str(c, "INSERT INTO ");
    emit_ident(c, tmpname);
    emit_str(c, " (");
    emit_copied_columns(c, a, true);
    emit_str(c, ") SELECT ");
    emit_copied_columns(c, a, false);
    emit_str(c, " FROM ");
    emit_ident(c, a->td.name);
    emit_str(c, ";");
    if (a->not_valid)
        emit_str(c, "PRAGMA ignore_check_constraints=OFF;");
    emit_str(c, "DROP TABLE ");
    emit_ident(c, a->td.name);
    emit_str(c, ";PRAGMA legacy_alter_table=ON;ALTER TABLE ");
    emit_ident(c, tmpname);
    emit_str(c, " RENAME TO ");
    emit_ident(c, a->td.name);
    emit_str(c, ";PRAGMA legacy_alter_table=OFF;");
    for (int i = 0; i < a->td.nextras; i++) {
        if (a->td.extras[i].dropped)
            continue;
        emit_str(c, a->td.extras[i].sql);
        emit_str(c, ";");
    }
}

static void emit_buf(emit_ctx_t *c, lg_buf_t *b);

static void emit_rewrite(alter_t *a, bool keep_native_drops);

/* Once: the plain index a dropped UNIQUE's automatic index became (place_unique_indexes),
 * dropped before SQLite's DROP COLUMN of a column it names. */
static void drop_replaced_index(alter_t *a)
{
    if (!a->drop_auto || a->drop_index_done)
        return;
    a->drop_index_done = true;
    emit_str(a->c, "DROP INDEX \"_lg_dropuniq\";");
}

/* The new definition written over the old one in sqlite_schema (see the header). */
static void emit_inplace(alter_t *a)
{
    emit_ctx_t *c = a->c;
    emit_buf(c, &a->validate);
    for (int i = 0; i < a->nuniq; i++) {
        emit_str(c, a->uniq_check[i]);
        emit_fmt(c, "CREATE UNIQUE INDEX \"_lg_uniq_%d\" ON ", i);
        emit_ident(c, a->td.name);
        emit_fmt(c, " (%s);", a->uniq_cols[i]);
    }
    if (a->native_drops) { /* constraints naming the columns go first, then the columns */
        emit_rewrite(a, true);
        drop_replaced_index(a);
        for (int i = 0; i < a->td.nitems; i++) {
            if (!a->td.items[i].native_drop)
                continue;
            emit_str(c, "ALTER TABLE ");
            emit_ident(c, a->td.name);
            emit_str(c, " DROP COLUMN ");
            emit_ident(c, a->td.items[i].name);
            emit_str(c, ";");
        }
    }
    emit_rewrite(a, false);
    drop_replaced_index(a);
    emit_buf(c, &a->after);
    if (a->fk_check)
        emit_str(c, a->fk_check);
}

/* "sqlite_autoindex_<table>_<n>": the name SQLite gives the table's n-th automatic index. */
static void autoindex_name(const alter_t *a, int n, char *out, size_t cap)
{
    snprintf(out, cap, "sqlite_autoindex_%s_%d", a->td.name, n);
}

/* Inside the rewrite's writable_schema: a dropped UNIQUE's automatic index becomes the plain
 * index "_lg_dropuniq" (dropped after) and the later ones are numbered one down; the indexes
 * of the UNIQUE constraints added become the automatic indexes SQLite looks for, numbered
 * after the table's others. */
static void place_unique_indexes(alter_t *a)
{
    if (a->uniq_placed)
        return;
    a->uniq_placed = true;
    char name[EMIT_NAME_MAX * 2 + 32];
    int total = autoindex_count(a); /* the table's own, before the statement */
    if (a->drop_auto) {
        autoindex_name(a, a->drop_auto, name, sizeof(name));
        lg_buf_t def;
        lg_buf_init(&def, ALTER_BUF_MAX);
        lg_buf_printf(&def, "CREATE UNIQUE INDEX \"_lg_dropuniq\" ON ");
        emit_meta_ident(&def, a->td.name);
        lg_buf_printf(&def, " (%s)", a->drop_cols);
        lg_buf_putc(&def, 0);
        emit_str(a->c, ";UPDATE sqlite_schema SET name = '_lg_dropuniq', sql = ");
        if (def.failed)
            a->c->b->failed = true;
        else
            emit_literal(a->c, (const char *)def.data);
        lg_buf_deinit(&def);
        emit_str(a->c, " WHERE type = 'index' AND name = ");
        emit_literal(a->c, name);
        for (int n = a->drop_auto + 1; n <= total; n++) {
            char from[sizeof(name)];
            autoindex_name(a, n, from, sizeof(from));
            autoindex_name(a, n - 1, name, sizeof(name));
            emit_str(a->c, ";UPDATE sqlite_schema SET name = ");
            emit_literal(a->c, name);
            emit_str(a->c, " WHERE type = 'index' AND name = ");
            emit_literal(a->c, from);
        }
        total--;
    }
    for (int i = 0; i < a->nuniq; i++) {
        autoindex_name(a, total + 1 + i, name, sizeof(name));
        emit_str(a->c, ";UPDATE sqlite_schema SET sql = NULL, name = ");
        emit_literal(a->c, name);
        emit_fmt(a->c, " WHERE type = 'index' AND name = '_lg_uniq_%d'", i);
    }
}

static void emit_rewrite(alter_t *a, bool keep_native_drops)
{
    emit_ctx_t *c = a->c;
    lg_buf_t def;
    lg_buf_init(&def, ALTER_BUF_MAX);
    lg_buf_printf(&def, "CREATE TABLE ");
    emit_meta_ident(&def, a->td.name);
    lg_buf_printf(&def, " (");
    bool first = true;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < a->td.nitems; i++) {
            const tabdef_item_t *it = &a->td.items[i];
            if ((it->dropped && !(keep_native_drops && it->native_drop)) ||
                it->is_col != (pass == 0))
                continue;
            lg_buf_printf(&def, "%s%s", first ? "" : ", ", it->text);
            first = false;
        }
    }
    lg_buf_printf(&def, ")%s", a->td.suffix ? a->td.suffix : "");
    lg_buf_putc(&def, 0);
    emit_str(c, "PRAGMA writable_schema=ON;UPDATE sqlite_schema SET sql = ");
    if (def.failed)
        c->b->failed = true;
    else
        emit_literal(c, (const char *)def.data);
    emit_str(c, " WHERE type = 'table' AND name = ");
    emit_literal(c, a->td.name);
    place_unique_indexes(a);
    /* RESET reloads this connection's schema; the CREATE/DROP moves the cookie for others */
    emit_str(c, ";PRAGMA writable_schema=RESET;"
                "CREATE TABLE _lg_schema_bump(x);DROP TABLE _lg_schema_bump;");
    lg_buf_deinit(&def);
}

static bool alter_prepare(emit_ctx_t *c, alter_t *a, const PgQuery__RangeVar *rv, bool missing_ok)
{
    a->c = c;
    a->db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    a->t.name = emit_relname(c, rv);
    if (!a->db) {
        emit_unsupported(c, rv->location, "ALTER TABLE without catalog access");
        return false;
    }
    int rc = tabdef_load(a->db, a->t.name, &a->td);
    if (rc == LG_ENOTFOUND) {
        if (!missing_ok)
            emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, rv->location,
                       "relation \"%s\" does not exist", a->t.name);
        else
            emit_notice(c, NULL, "relation \"%s\" does not exist, skipping", rv->relname);
        return false;
    }
    if (rc != 0) {
        emit_unsupported(c, rv->location, "ALTER TABLE on a table not created by litegres");
        return false;
    }
    for (int i = 0; i < a->td.nitems && a->t.ntaken < 64; i++)
        if (!a->td.items[i].is_col && a->td.items[i].name[0])
            snprintf(a->t.taken[a->t.ntaken++], EMIT_NAME_MAX, "%s", a->td.items[i].name);
    for (int i = 0; i < a->td.nextras && a->t.ntaken < 64; i++)
        snprintf(a->t.taken[a->t.ntaken++], EMIT_NAME_MAX, "%s", a->td.extras[i].name);
    lg_buf_init(&a->t.meta, ALTER_BUF_MAX);
    lg_buf_init(&a->t.cons, ALTER_BUF_MAX);
    lg_buf_init(&a->native, ALTER_BUF_MAX);
    lg_buf_init(&a->validate, ALTER_BUF_MAX);
    lg_buf_init(&a->after, ALTER_BUF_MAX);
    lg_buf_init(&a->pre, ALTER_BUF_MAX);
    return true;
}

static void alter_finish(alter_t *a)
{
    for (int i = 0; i < a->nuniq; i++) {
        free(a->uniq_cols[i]);
        free(a->uniq_check[i]);
    }
    free(a->fk_check);
    lg_buf_deinit(&a->t.meta);
    lg_buf_deinit(&a->t.cons);
    lg_buf_deinit(&a->native);
    lg_buf_deinit(&a->validate);
    lg_buf_deinit(&a->after);
    lg_buf_deinit(&a->pre);
    tabdef_free(&a->td);
}

static void emit_buf(emit_ctx_t *c, lg_buf_t *b)
{
    lg_buf_putc(b, 0);
    if (b->failed)
        c->b->failed = true;
    else
        emit_str(c, (const char *)b->data);
}

static bool is_drop_default(const PgQuery__AlterTableCmd *cmd)
{
    return cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault && !cmd->def;
}

/* ALTER TABLE / VIEW / SEQUENCE / MATERIALIZED VIEW r OWNER TO role (only that): the
 * relation must exist (42P01; a NOTICE with IF EXISTS), the owner stays the one role. */
static bool alter_owner_only(emit_ctx_t *c, const PgQuery__AlterTableStmt *s, translate_stmt_t *out)
{
    for (size_t i = 0; i < s->n_cmds; i++)
        if (s->cmds[i]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
            return false;
    if (!s->n_cmds)
        return false;
    const char *kind = s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW       ? "VIEW"
                       : s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ? "SEQUENCE"
                       : s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW  ? "MATERIALIZED VIEW"
                                                                              : "TABLE";
    snprintf(out->tag, sizeof(out->tag), "ALTER %s", kind);
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const char *name = emit_relname(c, s->relation);
    if (db && catalog_relname_exists(db, name) != 1 && catalog_sequence_exists(db, name) != 1) {
        if (s->missing_ok)
            emit_notice(c, NULL, "relation \"%s\" does not exist, skipping", s->relation->relname);
        else
            emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, s->relation->location,
                       "relation \"%s\" does not exist", s->relation->relname);
        emit_str(c, "SELECT 1 WHERE 0;");
        return true;
    }
    emit_owner_check(c, s->cmds[s->n_cmds - 1]->alter_table_cmd->newowner);
    return true;
}

/* The one column of the table's PRIMARY KEY when it is declared exactly INTEGER and has a
 * DEFAULT: SQLite makes it the rowid and ignores the default (see emit_ddl_column). NULL
 * otherwise. */
static tabdef_item_t *rowid_key_with_default(alter_t *a)
{
    for (int i = 0; i < a->td.nitems; i++) {
        const tabdef_item_t *it = &a->td.items[i];
        const char *pk = it->is_col || it->dropped ? NULL : strstr(it->text, "PRIMARY KEY (");
        if (!pk)
            continue;
        char col[EMIT_NAME_MAX];
        const char *p = pk + strlen("PRIMARY KEY (");
        size_t n = strcspn(p, ",)");
        if (p[n] != ')' || n >= sizeof(col))
            return NULL; /* a key of several columns: no rowid */
        snprintf(col, sizeof(col), "%.*s", (int)(p[0] == '"' && n >= 2 ? n - 2 : n),
                 p[0] == '"' ? p + 1 : p);
        int k = tabdef_find(&a->td, col, true);
        if (k < 0)
            return NULL;
        tabdef_item_t *c = &a->td.items[k];
        const char *ty = c->text + strcspn(c->text, " ");
        bool integer = strncmp(ty, " INTEGER", 8) == 0 && (ty[8] == ' ' || ty[8] == '\0');
        return integer && strstr(c->text, " DEFAULT (") ? c : NULL;
    }
    return NULL;
}

void emit_alter_table(emit_ctx_t *c, const PgQuery__AlterTableStmt *s, translate_stmt_t *out)
{
    if (alter_owner_only(c, s, out))
        return;
    if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
        emit_unsupported(c, -1, "ALTER of this kind of object");
        return;
    }
    snprintf(out->tag, sizeof(out->tag), "ALTER TABLE");
    alter_t a;
    memset(&a, 0, sizeof(a));
    if (!alter_prepare(c, &a, s->relation, s->missing_ok))
        return;
    bool all_plain = true;
    for (size_t i = 0; i < s->n_cmds; i++)
        all_plain = all_plain && (plain_add_column(s->cmds[i]->alter_table_cmd) ||
                                  s->cmds[i]->alter_table_cmd->subtype ==
                                      PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity ||
                                  s->cmds[i]->alter_table_cmd->subtype ==
                                      PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint);
    a.rebuild = !all_plain;
    emit_scope_push(c);
    emit_scope_add(c, a.t.name, a.t.name);
    for (int pass = 0; pass < 2; pass++) /* as PostgreSQL: DROP DEFAULTs before the rest */
        for (size_t i = 0; i < s->n_cmds && !c->failed; i++)
            if (is_drop_default(s->cmds[i]->alter_table_cmd) == (pass == 0))
                alter_cmd(&a, s->cmds[i]->alter_table_cmd);
    emit_scope_pop(c);
    bool inplace = a.rebuild && referenced_by_others(a.db, a.td.name);
    tabdef_item_t *key = a.rebuild && !c->failed ? rowid_key_with_default(&a) : NULL;
    if (key && inplace) /* it would stop being the rowid: the rows move */
        a.inplace_bad = true;
    else if (key) /* a rebuild: the key keeps its default as a BIGINT (same affinity) */
        edit_col(key, TABDEF_SET_TYPE, "BIGINT");
    if (!c->failed && inplace && a.inplace_bad)
        emit_unsupported(c, s->relation->location,
                         "this ALTER TABLE on a table referenced by a foreign key");
    if (!c->failed) {
        emit_str(c, CATALOG_META_CREATE_SQL);
        emit_buf(c, &a.pre);
        if (inplace)
            emit_inplace(&a);
        else if (a.rebuild)
            emit_rebuild(&a);
        else
            emit_buf(c, &a.native);
        emit_buf(c, &a.t.meta);
    }
    alter_finish(&a);
}

/* ---- RENAME ---- */

static void meta_update(lg_buf_t *m, const char *set_sql, const char *v1, const char *where_sql,
                        const char *v2, const char *and_sql, const char *v3)
{
    lg_buf_printf(m, "%s", set_sql);
    emit_meta_literal(m, v1);
    lg_buf_printf(m, "%s", where_sql);
    emit_meta_literal(m, v2);
    if (and_sql) {
        lg_buf_printf(m, "%s", and_sql);
        emit_meta_literal(m, v3);
    }
    lg_buf_printf(m, ";");
}

static void rename_table(emit_ctx_t *c, const char *old, const char *nw, lg_buf_t *m)
{
    emit_str(c, "ALTER TABLE ");
    emit_ident(c, old);
    emit_str(c, " RENAME TO ");
    emit_ident(c, nw);
    emit_str(c, ";");
    meta_update(m, "UPDATE _lg_columns SET tbl = ", nw, " WHERE tbl = ", old, NULL, NULL);
    meta_update(m, "UPDATE _lg_constraints SET tbl = ", nw, " WHERE tbl = ", old, NULL, NULL);
    meta_update(m, "UPDATE _lg_constraints SET reftbl = ", nw, " WHERE reftbl = ", old, NULL, NULL);
    meta_update(m, "UPDATE _lg_sequences SET owner_tbl = ", nw, " WHERE owner_tbl = ", old, NULL,
                NULL);
    meta_update(m, "UPDATE _lg_comments SET objname = ", nw, " WHERE objname = ", old,
                " AND objtype IN ('table', 'column') AND '' <> ", "");
}

static void rename_column(emit_ctx_t *c, const char *tbl, const char *old, const char *nw,
                          lg_buf_t *m)
{
    emit_str(c, "ALTER TABLE ");
    emit_ident(c, tbl);
    emit_str(c, " RENAME COLUMN ");
    emit_ident(c, old);
    emit_str(c, " TO ");
    emit_ident(c, nw);
    emit_str(c, ";");
    meta_update(m, "UPDATE _lg_columns SET col = ", nw, " WHERE tbl = ", tbl, " AND col = ", old);
    meta_update(m, "UPDATE _lg_sequences SET owner_col = ", nw, " WHERE owner_tbl = ", tbl,
                " AND owner_col = ", old);
    meta_update(m, "UPDATE _lg_comments SET subname = ", nw, " WHERE objname = ", tbl,
                " AND objtype = 'column' AND subname = ", old);
    lg_buf_printf(m, "UPDATE _lg_constraints SET cols = trim(replace(',' || cols || ',', ");
    char from[EMIT_NAME_MAX + 2], to[EMIT_NAME_MAX + 2];
    snprintf(from, sizeof(from), ",%s,", old);
    snprintf(to, sizeof(to), ",%s,", nw);
    emit_meta_literal(m, from);
    lg_buf_printf(m, ", ");
    emit_meta_literal(m, to);
    lg_buf_printf(m, "), ',') WHERE tbl = ");
    emit_meta_literal(m, tbl);
    lg_buf_printf(m, ";");
}

static void rename_index(emit_ctx_t *c, sqlite3 *db, const PgQuery__RenameStmt *s, lg_buf_t *m)
{
    const char *old = s->relation->relname;
    sqlite3_stmt *st;
    char *sql = NULL;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT sql FROM sqlite_schema WHERE type = 'index' "
                                 "AND name = ?1 COLLATE NOCASE AND sql IS NOT NULL",
                                 -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            sql = tabdef_index_rename((const char *)sqlite3_column_text(st, 0), s->newname);
        sqlite3_finalize(st);
    }
    if (!sql) {
        if (!s->missing_ok)
            emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist", old);
        else
            emit_notice(c, NULL, "relation \"%s\" does not exist, skipping", old);
        return;
    }
    emit_str(c, "DROP INDEX ");
    emit_ident(c, old);
    emit_str(c, ";");
    emit_str(c, sql);
    emit_str(c, ";");
    free(sql);
    meta_update(m, "UPDATE _lg_constraints SET name = ", s->newname, " WHERE name = ", old, NULL,
                NULL);
}

static bool rename_target_exists(emit_ctx_t *c, sqlite3 *db, const PgQuery__RenameStmt *s)
{
    const char *name = emit_relname(c, s->relation);
    if (!db || catalog_relation_exists(db, name) == 1)
        return true;
    if (!s->missing_ok)
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist", name);
    else
        emit_notice(c, NULL, "relation \"%s\" does not exist, skipping", s->relation->relname);
    return false;
}

void emit_rename(emit_ctx_t *c, const PgQuery__RenameStmt *s, translate_stmt_t *out)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    lg_buf_t m;
    lg_buf_init(&m, ALTER_BUF_MAX);
    emit_str(c, CATALOG_META_CREATE_SQL);
    if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) { /* translate_emit_rename.c */
        emit_rename_schema(c, s->subname, s->newname, out);
        lg_buf_deinit(&m);
        return;
    }
    if (emit_rename_special(c, s, out)) { /* sequences, constraints, views: _rename.c */
        lg_buf_deinit(&m);
        return;
    }
    switch (s->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        snprintf(out->tag, sizeof(out->tag), "ALTER TABLE");
        if (rename_target_exists(c, db, s))
            rename_table(c, emit_relname(c, s->relation),
                         emit_renamed_relname(c, emit_relname(c, s->relation), s->relation->relname,
                                              s->newname),
                         &m);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        snprintf(out->tag, sizeof(out->tag), "%s",
                 s->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ? "ALTER VIEW"
                                                                        : "ALTER TABLE");
        if (rename_target_exists(c, db, s))
            rename_column(c, emit_relname(c, s->relation), s->subname, s->newname, &m);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        snprintf(out->tag, sizeof(out->tag), "ALTER INDEX");
        rename_index(c, db, s, &m);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        if (s->object && s->object->node_case == PG_QUERY__NODE__NODE_LIST) {
            const PgQuery__List *l = s->object->list;
            emit_rename_type(c, emit_last_name(l->items, l->n_items), s->newname, out);
            if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN)
                snprintf(out->tag, sizeof(out->tag), "ALTER DOMAIN");
        } else {
            emit_unsupported(c, -1, "RENAME of this kind of object");
        }
        break;
    default:
        emit_unsupported(c, -1, "RENAME of this kind of object");
        break;
    }
    emit_buf(c, &m);
    lg_buf_deinit(&m);
}
