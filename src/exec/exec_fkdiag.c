/* exec_fkdiag.c - which foreign key a failed statement violated.
 *
 * SQLite only says "FOREIGN KEY constraint failed"; PostgreSQL names the constraint, the
 * referencing table (the error's table field) and the key. After a 23503 from a statement,
 * the statement runs once more inside a savepoint with foreign-key checks deferred to the end
 * of the transaction; PRAGMA foreign_key_check then names the first violating row and key,
 * the row's key columns are read, and everything is rolled back to the savepoint, so the
 * database and the transaction are as the failed statement left them. If anything in that
 * goes differently, the plain error stays. Worker thread, on the connection the statement
 * failed on, right after the failure. */
#include "exec_int.h"
#include "sqlfn.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FK_COLS_MAX 16

typedef struct fk_found {
    char table[128], parent[128], name[128];
    char from[FK_COLS_MAX][64], to[FK_COLS_MAX][64], vals[FK_COLS_MAX][128];
    int ncols;
    sqlite3_int64 rowid;
    int fkid;
} fk_found_t;

static int exec_sql(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static bool first_violation(sqlite3 *db, fk_found_t *f)
{
    sqlite3_stmt *st = NULL;
    bool ok = false;
    if (sqlite3_prepare_v2(db,
                           "SELECT \"table\", rowid, parent, fkid FROM pragma_foreign_key_check "
                           "WHERE \"table\" NOT LIKE '\\_lg\\_%' ESCAPE '\\' LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL) {
        snprintf(f->table, sizeof(f->table), "%s", (const char *)sqlite3_column_text(st, 0));
        f->rowid = sqlite3_column_int64(st, 1);
        snprintf(f->parent, sizeof(f->parent), "%s", (const char *)sqlite3_column_text(st, 2));
        f->fkid = sqlite3_column_int(st, 3);
        ok = true;
    }
    sqlite3_finalize(st);
    return ok;
}

static void key_columns(sqlite3 *db, fk_found_t *f)
{
    sqlite3_stmt *st = NULL;
    f->ncols = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT \"from\", \"to\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 "
                           "ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, f->table, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, f->fkid);
    while (f->ncols < FK_COLS_MAX && sqlite3_step(st) == SQLITE_ROW) {
        const char *to = (const char *)sqlite3_column_text(st, 1);
        snprintf(f->from[f->ncols], 64, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(f->to[f->ncols], 64, "%s", to ? to : "");
        f->ncols++;
    }
    sqlite3_finalize(st);
}

/* A key referencing the parent's primary key implicitly: its columns, in key order. */
static void parent_pk(sqlite3 *db, fk_found_t *f)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, f->parent, -1, SQLITE_STATIC);
    for (int i = 0; i < f->ncols && sqlite3_step(st) == SQLITE_ROW; i++)
        if (!f->to[i][0])
            snprintf(f->to[i], 64, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static void key_values(sqlite3 *db, fk_found_t *f)
{
    for (int i = 0; i < f->ncols; i++) {
        char *sql =
            sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE rowid = ?1", f->from[i], f->table);
        sqlite3_stmt *st = NULL;
        snprintf(f->vals[i], sizeof(f->vals[i]), "null");
        if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, f->rowid);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
                snprintf(f->vals[i], sizeof(f->vals[i]), "%s",
                         (const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
        sqlite3_free(sql);
    }
}

/* PostgreSQL's name from _lg_constraints, else its default (table_col1_col2_fkey). */
static void constraint_name(sqlite3 *db, fk_found_t *f)
{
    char cols[512] = "";
    size_t n = 0;
    for (int i = 0; i < f->ncols; i++)
        n += (size_t)snprintf(cols + n, n < sizeof(cols) ? sizeof(cols) - n : 0, "%s%s",
                              i ? "," : "", f->from[i]);
    sqlite3_stmt *st = NULL;
    f->name[0] = '\0';
    if (sqlite3_prepare_v2(db,
                           "SELECT name FROM _lg_constraints WHERE tbl = ?1 AND kind = 'f' AND "
                           "replace(cols, ' ', '') = ?2 LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, f->table, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, cols, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(f->name, sizeof(f->name), "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (!f->name[0]) {
        n = (size_t)snprintf(f->name, sizeof(f->name), "%s", f->table);
        for (int i = 0; i < f->ncols && n < sizeof(f->name); i++)
            n += (size_t)snprintf(f->name + n, sizeof(f->name) - n, "_%s", f->from[i]);
        if (n < sizeof(f->name))
            snprintf(f->name + n, sizeof(f->name) - n, "_fkey");
    }
}

/* Re-runs st with deferred checks inside a savepoint; true with *f filled on a violation. */
static bool rerun(sqlite3 *db, sqlite3_stmt *st, fk_found_t *f)
{
    if (sqlfn_seq_replay_begin(db) != 0) /* the re-run would take new sequence values */
        return false;
    if (exec_sql(db, "SAVEPOINT _lg_fkdiag") != SQLITE_OK) {
        sqlfn_seq_replay_end(db);
        return false;
    }
    exec_sql(db, "PRAGMA defer_foreign_keys = ON");
    sqlite3_reset(st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    bool found = rc == SQLITE_DONE && first_violation(db, f);
    if (found) {
        key_columns(db, f);
        parent_pk(db, f);
        key_values(db, f);
        constraint_name(db, f);
    }
    sqlite3_reset(st);
    exec_sql(db, "ROLLBACK TO _lg_fkdiag");
    exec_sql(db, "RELEASE _lg_fkdiag");
    exec_sql(db, "PRAGMA defer_foreign_keys = OFF");
    sqlfn_seq_replay_end(db);
    return found && f->ncols > 0;
}

static void join_cols(char *out, size_t cap, char (*cols)[64], int n)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < n && k < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? ", " : "", cols[i]);
}

/* Whether the statement wrote the referencing table (INSERT, or UPDATE of that table). */
static bool wrote_child(sqlite3_stmt *st, const char *table)
{
    const char *sql = sqlite3_sql(st);
    while (sql && (*sql == ' ' || *sql == '\n' || *sql == '('))
        sql++;
    if (!sql || !strncasecmp(sql, "DELETE", 6))
        return false;
    if (!strncasecmp(sql, "INSERT", 6) || !strncasecmp(sql, "REPLACE", 7))
        return true;
    const char *t = sql + 6;
    while (*t == ' ')
        t++;
    if (*t == '"')
        t++;
    size_t n = strlen(table);
    return !strncmp(t, table, n) && (t[n] == '"' || t[n] == ' ' || t[n] == '\0');
}

/* A relation's name as PostgreSQL's messages print it: "s.x" of a user schema is x. */
static const char *rel_short(const char *name)
{
    const char *dot = strchr(name, '.');
    return dot ? dot + 1 : name;
}

void exec__fk_diagnose(sqlite3 *db, sqlite3_stmt *st, lg_pgerr_t *err)
{
    fk_found_t f;
    memset(&f, 0, sizeof(f));
    if (!st || !rerun(db, st, &f))
        return;
    char cols[512], vals[1024];
    size_t k = 0;
    vals[0] = '\0';
    for (int i = 0; i < f.ncols && k < sizeof(vals); i++)
        k += (size_t)snprintf(vals + k, sizeof(vals) - k, "%s%s", i ? ", " : "", f.vals[i]);
    if (wrote_child(st, f.table)) {
        join_cols(cols, sizeof(cols), f.from, f.ncols);
        lg_pgerr_set(err, LG_SQLSTATE_FOREIGN_KEY_VIOLATION,
                     "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                     rel_short(f.table), f.name);
        lg_pgerr_detail(err, "Key (%s)=(%s) is not present in table \"%s\".", cols, vals,
                        rel_short(f.parent));
    } else {
        join_cols(cols, sizeof(cols), f.to, f.ncols);
        lg_pgerr_set(err, LG_SQLSTATE_FOREIGN_KEY_VIOLATION,
                     "update or delete on table \"%s\" violates foreign key constraint \"%s\" "
                     "on table \"%s\"",
                     rel_short(f.parent), f.name, rel_short(f.table));
        lg_pgerr_detail(err, "Key (%s)=(%s) is still referenced from table \"%s\".", cols, vals,
                        rel_short(f.table));
    }
    const char *dot = strchr(f.table, '.');
    snprintf(err->schema, sizeof(err->schema), "%.*s", dot ? (int)(dot - f.table) : 6,
             dot ? f.table : "public");
    snprintf(err->table, sizeof(err->table), "%s", rel_short(f.table));
    snprintf(err->constraint, sizeof(err->constraint), "%s", f.name);
}
