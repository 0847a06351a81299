/* repl_testutil.h - helpers for replicate unit tests: temp dirs, a SQLite database in WAL mode
 * that never checkpoints on its own, and file slurping. Header-only (static functions). */
#ifndef LG_TESTS_REPL_TESTUTIL_H
#define LG_TESTS_REPL_TESTUTIL_H
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct tdb {
    char dir[256];
    char path[300];
    char wal[310];
    sqlite3 *db;
    int frames; /* WAL frame count reported by the last commit (wal hook) */
} tdb_t;

static inline int tdb_on_wal(void *arg, sqlite3 *db, const char *name, int nframes)
{
    (void)db;
    (void)name;
    ((tdb_t *)arg)->frames = nframes;
    return SQLITE_OK;
}

static inline void tdb_exec(tdb_t *t, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(t->db, sql, NULL, NULL, &err);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, err ? err : "?");
}

static inline void tdb_open_at(tdb_t *t)
{
    cr_assert_eq(sqlite3_open(t->path, &t->db), SQLITE_OK);
    tdb_exec(t, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;");
    sqlite3_wal_hook(t->db, tdb_on_wal, t);
}

static inline void tdb_open(tdb_t *t, int page_size)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/lgrepl-test-XXXXXX");
    cr_assert_not_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/db.sqlite", t->dir);
    snprintf(t->wal, sizeof t->wal, "%s-wal", t->path);
    cr_assert_eq(sqlite3_open(t->path, &t->db), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA page_size=%d;", page_size);
    tdb_exec(t, sql);
    tdb_exec(t, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;");
    sqlite3_wal_hook(t->db, tdb_on_wal, t);
}

static inline void tdb_close(tdb_t *t)
{
    if (t->db != NULL)
        sqlite3_close(t->db);
    t->db = NULL;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
    cr_assert_eq(system(cmd), 0);
}

/* Reads a whole file; *n = size. Returns malloc'd bytes (never NULL; size 0 ok). */
static inline uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    *n = 0;
    uint8_t *p = malloc(1);
    if (f == NULL)
        return p;
    uint8_t chunk[65536];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
        p = realloc(p, *n + r + 1);
        memcpy(p + *n, chunk, r);
        *n += r;
    }
    fclose(f);
    return p;
}

static inline void spit(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(p, 1, n, f), n);
    fclose(f);
}

/* Inserts rows [from, to) into t(k INTEGER PRIMARY KEY, v TEXT) in one transaction. */
static inline void tdb_insert(tdb_t *t, int from, int to)
{
    tdb_exec(t, "CREATE TABLE IF NOT EXISTS t(k INTEGER PRIMARY KEY, v TEXT)");
    tdb_exec(t, "BEGIN");
    for (int i = from; i < to; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "INSERT INTO t VALUES(%d, printf('%%0100d', %d))", i, i);
        tdb_exec(t, sql);
    }
    tdb_exec(t, "COMMIT");
}

/* count(*) and sum(k) of t in the database file at path (opened read-write: a WAL-mode file needs
 * that). */
static inline void db_stats(const char *path, long long *count, long long *sum)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    cr_assert_eq(
        sqlite3_prepare_v2(db, "SELECT count(*), coalesce(sum(k),0) FROM t", -1, &st, NULL),
        SQLITE_OK, "%s", sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    *count = sqlite3_column_int64(st, 0);
    *sum = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

#endif
