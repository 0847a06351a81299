/* translate_emit_domalter.c - ALTER DOMAIN on the metadata of docs/storage.md:
 *   ADD [CONSTRAINT name] CHECK (...) [NOT VALID]: a _lg_domain_checks row (columns check
 *     their domain at run time through lg_domain_ok, so every table sees it at once); unless
 *     NOT VALID, each column of the domain is then scanned with lg_domain_valid and a stored
 *     value the domain no longer accepts fails the statement with 23514;
 *   DROP CONSTRAINT [IF EXISTS] name: the row goes (42704 when there is none);
 *   SET NOT NULL (23502 when a column of the domain holds NULL) / DROP NOT NULL: _lg_types.
 * SET / DROP DEFAULT answer 0A000: a domain's default is copied into each table's definition
 * when the table is created.
 * DROP TYPE / DOMAIN ... CASCADE drops the columns of the type first (ALTER TABLE ... DROP
 * COLUMN ... CASCADE of each table, as PostgreSQL). Worker thread only. */
#include "catalog_meta.h"
#include "lg_err.h"
#include "translate_emit_enum.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *cat_db(emit_ctx_t *c)
{
    return c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
}

static bool check_exists(emit_ctx_t *c, const char *dom, const char *name)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (cat_db(c) && sqlite3_prepare_v2(cat_db(c),
                                        "SELECT 1 FROM _lg_domain_checks WHERE typname = ?1 "
                                        "AND name = ?2",
                                        -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, dom, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

/* For each column of domain dom: "SELECT lg_raise(state, <msg>) FROM tbl WHERE <bad> LIMIT
 * 1;", bad being "col IS NULL" (nulls) or "the domain rejects col". */
static void scan_columns(emit_ctx_t *c, const char *dom, bool nulls)
{
    sqlite3_stmt *st = NULL;
    if (!cat_db(c) || sqlite3_prepare_v2(cat_db(c),
                                         "SELECT tbl, col FROM _lg_columns WHERE pgtype = ?1 "
                                         "ORDER BY tbl, attnum",
                                         -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, dom, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *tbl = (const char *)sqlite3_column_text(st, 0);
        const char *col = (const char *)sqlite3_column_text(st, 1);
        const char *dot = strrchr(tbl, '.');
        char msg[EMIT_NAME_MAX * 3 + 96];
        snprintf(msg, sizeof(msg), "column \"%s\" of table \"%s\" contains %s", col,
                 dot ? dot + 1 : tbl,
                 nulls ? "null values" : "values that violate the new constraint");
        emit_str(c, nulls ? "SELECT lg_raise('23502', " : "SELECT lg_raise('23514', ");
        emit_literal(c, msg);
        emit_str(c, ") FROM ");
        emit_ident(c, tbl);
        emit_str(c, " WHERE ");
        emit_ident(c, col);
        if (nulls) {
            emit_str(c, " IS NULL");
        } else {
            emit_str(c, " IS NOT NULL AND lg_domain_valid(");
            emit_ident(c, col);
            emit_str(c, ", ");
            emit_literal(c, dom);
            emit_str(c, ") = 0");
        }
        emit_str(c, " LIMIT 1;");
    }
    sqlite3_finalize(st);
}

static void add_check(emit_ctx_t *c, const emit_usertype_t *u, const PgQuery__Constraint *k)
{
    if (k->contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) {
        emit_unsupported(c, k->location, "ALTER DOMAIN ADD CONSTRAINT other than CHECK");
        return;
    }
    PgQuery__Constraint named = *k;
    char name[EMIT_NAME_MAX + 16];
    snprintf(name, sizeof(name), "%s", k->conname);
    for (int i = 0; !name[0] || (!k->conname[0] && check_exists(c, u->name, name)); i++) {
        if (i > 1000)
            return;
        if (i == 0)
            snprintf(name, sizeof(name), "%s_check", u->name);
        else
            snprintf(name, sizeof(name), "%s_check%d", u->name, i);
    }
    if (check_exists(c, u->name, name)) {
        emit_error(c, LG_SQLSTATE_DUPLICATE_OBJECT, -1,
                   "constraint \"%s\" for domain \"%s\" already exists", name, u->name);
        return;
    }
    named.conname = name;
    int nchecks = 1;
    emit_domain_check(c, u->name, &named, u->base, u->typmod, &nchecks);
    if (!k->skip_validation)
        scan_columns(c, u->name, false);
}

static void drop_check(emit_ctx_t *c, const emit_usertype_t *u, const PgQuery__AlterDomainStmt *s)
{
    if (!check_exists(c, u->name, s->name)) {
        if (!s->missing_ok)
            emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1,
                       "constraint \"%s\" of domain \"%s\" does not exist", s->name, u->name);
        else
            emit_notice(c, "00000", "constraint \"%s\" of domain \"%s\" does not exist, skipping",
                        s->name, u->name);
        return;
    }
    emit_str(c, "DELETE FROM _lg_domain_checks WHERE typname = ");
    emit_literal(c, u->name);
    emit_str(c, " AND name = ");
    emit_literal(c, s->name);
    emit_str(c, ";");
}

static void set_not_null(emit_ctx_t *c, const emit_usertype_t *u, bool on)
{
    if (on)
        scan_columns(c, u->name, true);
    emit_fmt(c, "UPDATE _lg_types SET not_null = %d WHERE name = ", on ? 1 : 0);
    emit_literal(c, u->name);
    emit_str(c, ";");
}

void emit_alter_domain(emit_ctx_t *c, const PgQuery__AlterDomainStmt *s, translate_stmt_t *out)
{
    (void)out;
    const char *name = emit_last_name(s->type_name, s->n_type_name);
    PgQuery__TypeName tn = PG_QUERY__TYPE_NAME__INIT;
    tn.names = s->type_name;
    tn.n_names = s->n_type_name;
    emit_usertype_t u;
    if (!emit_usertype_find(c, &tn, &u)) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1, "type \"%s\" does not exist", name);
        return;
    }
    if (u.kind != 'd') {
        emit_error(c, "42809", -1, "\"%s\" is not a domain", name);
        return;
    }
    switch (s->subtype[0]) {
    case 'C':
        if (s->def && s->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            add_check(c, &u, s->def->constraint);
        break;
    case 'X':
        drop_check(c, &u, s);
        break;
    case 'O':
    case 'N':
        set_not_null(c, &u, s->subtype[0] == 'O');
        break;
    default: /* 'T' SET / DROP DEFAULT, 'V' VALIDATE CONSTRAINT */
        emit_unsupported(c, -1,
                         s->subtype[0] == 'T' ? "ALTER DOMAIN ... SET / DROP DEFAULT"
                                              : "ALTER DOMAIN ... VALIDATE CONSTRAINT");
        break;
    }
}

/* ---- DROP TYPE / DOMAIN ... CASCADE: the columns of the type go ---- */

#define DROP_COLS_MAX 64

typedef struct type_col {
    char tbl[EMIT_NAME_MAX * 2];
    char col[EMIT_NAME_MAX];
} type_col_t;

/* Columns whose type is the enum oid or the user type name, by table; their count. */
static int type_columns(emit_ctx_t *c, const char *name, uint32_t oid, type_col_t *out, int max)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (!cat_db(c) || sqlite3_prepare_v2(cat_db(c),
                                         "SELECT tbl, col FROM _lg_columns WHERE typoid = ?1 "
                                         "OR pgtype = ?2 ORDER BY tbl, attnum",
                                         -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_bind_int64(st, 1, oid);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    while (n < max && sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out[n].tbl, sizeof(out[n].tbl), "%s", sqlite3_column_text(st, 0));
        snprintf(out[n].col, sizeof(out[n].col), "%s", sqlite3_column_text(st, 1));
        n++;
    }
    sqlite3_finalize(st);
    return n;
}

/* ALTER TABLE tbl DROP COLUMN ... CASCADE for cols[0..n) (one table), through the ALTER
 * TABLE emitter. */
static void drop_table_columns(emit_ctx_t *c, const type_col_t *cols, int n)
{
    char schema[EMIT_NAME_MAX * 2], rel[EMIT_NAME_MAX * 2];
    const char *dot = strchr(cols[0].tbl, '.');
    snprintf(schema, sizeof(schema), "%.*s", dot ? (int)(dot - cols[0].tbl) : 0, cols[0].tbl);
    snprintf(rel, sizeof(rel), "%s", dot ? dot + 1 : cols[0].tbl);
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    rv.schemaname = schema;
    rv.relname = rel;
    rv.location = -1;
    PgQuery__AlterTableCmd cmds[DROP_COLS_MAX];
    PgQuery__Node nodes[DROP_COLS_MAX], *list[DROP_COLS_MAX];
    for (int i = 0; i < n; i++) {
        pg_query__alter_table_cmd__init(&cmds[i]);
        cmds[i].subtype = PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn;
        cmds[i].name = (char *)(uintptr_t)cols[i].col;
        cmds[i].behavior = PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
        pg_query__node__init(&nodes[i]);
        nodes[i].node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
        nodes[i].alter_table_cmd = &cmds[i];
        list[i] = &nodes[i];
    }
    PgQuery__AlterTableStmt s = PG_QUERY__ALTER_TABLE_STMT__INIT;
    s.relation = &rv;
    s.cmds = list;
    s.n_cmds = (size_t)n;
    s.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    translate_stmt_t scratch;
    memset(&scratch, 0, sizeof(scratch));
    emit_alter_table(c, &s, &scratch);
}

bool emit_drop_type_columns(emit_ctx_t *c, const char *name, uint32_t oid)
{
    type_col_t *cols = calloc(DROP_COLS_MAX, sizeof(*cols));
    if (!cols)
        return false;
    int n = type_columns(c, name, oid, cols, DROP_COLS_MAX);
    if (n >= DROP_COLS_MAX) {
        emit_unsupported(c, -1, "DROP ... CASCADE of a type used by this many columns");
        free(cols);
        return false;
    }
    if (n == 1)
        emit_notice(c, "00000", "drop cascades to column %s of table %s", cols[0].col, cols[0].tbl);
    else if (n > 1)
        emit_notice(c, "00000", "drop cascades to %d other objects", n);
    for (int i = 0; i < n && !c->failed;) {
        int k = i;
        while (k < n && strcmp(cols[k].tbl, cols[i].tbl) == 0)
            k++;
        drop_table_columns(c, cols + i, k - i);
        i = k;
    }
    free(cols);
    return !c->failed;
}
