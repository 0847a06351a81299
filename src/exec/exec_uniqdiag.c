/* exec_uniqdiag.c - the key of a unique violation, for PostgreSQL's DETAIL line
 * ("Key (email)=(a@b.c) already exists.").
 *
 * SQLite names the table and columns ("UNIQUE constraint failed: users.email") but not the
 * values. After a 23505 from a statement on the writer, the statement runs once more inside
 * a savepoint with two temporary triggers on the table: before each inserted or updated
 * row whose key equals an existing row's, they copy the new key into a temporary table and
 * stop the statement with RAISE(FAIL) (which keeps that copy). The key is read back and
 * everything is rolled back to the savepoint, so the database and the transaction are as
 * the failed statement left them. If anything goes differently the plain error stays.
 * Worker thread, on the connection the statement failed on, right after the failure. */
#include "exec_int.h"
#include "lg_buf.h"
#include "sqlfn.h"
#include <stdio.h>
#include <string.h>

#define UQ_COLS_MAX 16

typedef struct uq_key {
    char table[128];
    char cols[UQ_COLS_MAX][64];
    int ncols;
} uq_key_t;

/* "UNIQUE constraint failed: t.a, t.b" -> t, [a, b] (exec__split_columns). */
static bool parse_message(const char *msg, uq_key_t *k)
{
    const char *p = strstr(msg, "constraint failed: ");
    char cols[UQ_COLS_MAX * 64];
    if (!p)
        return false;
    exec__split_columns(p + strlen("constraint failed: "), k->table, sizeof(k->table), cols,
                        sizeof(cols));
    for (char *c = cols, *next; *c && k->ncols < UQ_COLS_MAX; c = next) {
        next = c + strcspn(c, ",");
        if (*next)
            *next++ = '\0';
        snprintf(k->cols[k->ncols++], sizeof(k->cols[0]), "%.63s", c);
    }
    return k->table[0] && k->ncols > 0 && strcmp(k->cols[0], "rowid") != 0;
}

static void quoted(lg_buf_t *b, const char *id)
{
    lg_buf_putc(b, '"');
    for (const char *s = id; *s; s++) {
        if (*s == '"')
            lg_buf_putc(b, '"');
        lg_buf_putc(b, (uint8_t)*s);
    }
    lg_buf_putc(b, '"');
}

/* CREATE TEMP TRIGGER ... BEFORE <event> ON t WHEN EXISTS (same key) BEGIN copy; FAIL END */
static void trigger_sql(lg_buf_t *b, const uq_key_t *k, bool update)
{
    lg_buf_printf(b, "CREATE TEMP TRIGGER _lg_uqdiag_%c BEFORE %s ON main.", update ? 'u' : 'i',
                  update ? "UPDATE" : "INSERT");
    quoted(b, k->table);
    lg_buf_printf(b, " WHEN EXISTS (SELECT 1 FROM main.");
    quoted(b, k->table);
    lg_buf_printf(b, " AS _lg_o WHERE %s", update ? "_lg_o.rowid <> NEW.rowid" : "1");
    for (int i = 0; i < k->ncols; i++) {
        lg_buf_printf(b, " AND _lg_o.");
        quoted(b, k->cols[i]);
        lg_buf_printf(b, " = NEW.");
        quoted(b, k->cols[i]);
    }
    lg_buf_printf(b, ") BEGIN INSERT INTO _lg_uqkey VALUES (");
    for (int i = 0; i < k->ncols; i++) {
        lg_buf_printf(b, "%sNEW.", i ? ", " : "");
        quoted(b, k->cols[i]);
    }
    lg_buf_printf(b, "); SELECT RAISE(FAIL, '_lg_uqdiag'); END;");
}

/* Reads the copied key as "v1, v2" into vals; false if none was copied. */
static bool read_key(sqlite3 *db, int ncols, char *vals, size_t cap)
{
    sqlite3_stmt *q = NULL;
    bool ok = false;
    if (sqlite3_prepare_v2(db, "SELECT * FROM temp._lg_uqkey LIMIT 1", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        size_t n = 0;
        vals[0] = '\0';
        for (int i = 0; i < ncols && n < cap; i++) {
            const char *v = (const char *)sqlite3_column_text(q, i);
            n += (size_t)snprintf(vals + n, cap - n, "%s%s", i ? ", " : "", v ? v : "");
        }
        ok = true;
    }
    sqlite3_finalize(q);
    return ok;
}

static bool rerun(sqlite3 *db, sqlite3_stmt *st, const uq_key_t *k, char *vals, size_t cap)
{
    lg_buf_t b;
    lg_buf_init(&b, 1u << 16);
    lg_buf_printf(&b, "CREATE TEMP TABLE _lg_uqkey (");
    for (int i = 0; i < k->ncols; i++)
        lg_buf_printf(&b, "%sc%d", i ? ", " : "", i);
    lg_buf_printf(&b, ");");
    trigger_sql(&b, k, false);
    trigger_sql(&b, k, true);
    lg_buf_putc(&b, 0);
    bool found = false;
    if (sqlfn_seq_replay_begin(db) != 0) { /* the re-run would take new sequence values */
        lg_buf_deinit(&b);
        return false;
    }
    if (sqlite3_exec(db, "SAVEPOINT _lg_uqdiag", NULL, NULL, NULL) == SQLITE_OK) {
        if (!b.failed && sqlite3_exec(db, (const char *)b.data, NULL, NULL, NULL) == SQLITE_OK) {
            sqlite3_reset(st);
            while (sqlite3_step(st) == SQLITE_ROW)
                ;
            found = read_key(db, k->ncols, vals, cap);
            sqlite3_reset(st);
        }
        sqlite3_exec(db, "ROLLBACK TO _lg_uqdiag", NULL, NULL, NULL);
        sqlite3_exec(db, "RELEASE _lg_uqdiag", NULL, NULL, NULL);
    }
    sqlfn_seq_replay_end(db);
    lg_buf_deinit(&b);
    return found;
}

void exec__unique_diagnose(sqlite3 *db, sqlite3_stmt *st, const char *sqlite_msg, lg_pgerr_t *err)
{
    uq_key_t k;
    memset(&k, 0, sizeof(k));
    char vals[1024];
    if (!st || !sqlite_msg || !parse_message(sqlite_msg, &k) ||
        !rerun(db, st, &k, vals, sizeof vals))
        return;
    char cols[1024];
    size_t n = 0;
    cols[0] = '\0';
    for (int i = 0; i < k.ncols && n < sizeof(cols); i++)
        n += (size_t)snprintf(cols + n, sizeof(cols) - n, "%s%s", i ? ", " : "", k.cols[i]);
    lg_pgerr_detail(err, "Key (%s)=(%s) already exists.", cols, vals);
}
