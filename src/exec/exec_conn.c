/* exec_conn.c - the connection factory (every SQLite connection is opened here, with the
 * same PRAGMAs and the same SQL functions), the per-connection prepared-statement cache,
 * and SQLite error -> SQLSTATE mapping.
 * Opening and closing run on the main thread before/after the loop; everything else on
 * the worker that currently holds the connection. */
#include "exec_int.h"
#include "exec_pl.h"
#include "lg_alloc.h"
#include "lg_log.h"
#include "sqlfn.h"
#include "catalog_meta.h"
#include "catalog.h"
#include "sqlfn_datetime.h"
#include <time.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static int progress_cb(void *arg)
{
    exec_conn_t *c = arg;
    return c->cancel && atomic_load(c->cancel) != 0;
}

/* Writer only: remembers the WAL size after each commit and, unless replication owns
 * checkpoints, runs SQLite's usual PASSIVE checkpoint past the threshold (a wal hook
 * replaces SQLite's own autocheckpoint hook). Runs inside the committing job. */
int exec__conn_wal_seq(exec_conn_t *c, uint32_t *seq)
{
    if (c->wal_fd < 0) {
        const char *wal = sqlite3_filename_wal(sqlite3_db_filename(c->db, "main"));
        if (!wal)
            return -1;
        c->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
        if (c->wal_fd < 0)
            return -1;
    }
    uint8_t h[16];
    if (pread(c->wal_fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
        return -1;
    *seq = (uint32_t)h[12] << 24 | (uint32_t)h[13] << 16 | (uint32_t)h[14] << 8 | h[15];
    return 0;
}

static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
    exec_conn_t *c = arg;
    atomic_fetch_add(&c->snap->commit_seq, 1); /* committed: readers' kept snapshots are old */
    atomic_store(&c->snap->wal_long, frames >= EXEC_SNAP_WAL_FRAMES);
    c->wal_frames = (uint64_t)frames;
    uint32_t seq = 0;
    if (c->autocheckpoint == 0 && exec__conn_wal_seq(c, &seq) == 0)
        atomic_store(&c->wal_pos, (uint64_t)seq << 32 | (uint32_t)frames);
    if (c->autocheckpoint > 0 && frames >= c->autocheckpoint) {
        int log = 0, ckpt = 0;
        if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &ckpt) ==
                SQLITE_OK &&
            log == ckpt) {
            c->wal_frames = 0;
            atomic_fetch_add(&c->snap->commit_seq, 1); /* readers leave the WAL: it may restart */
        }
    }
    return SQLITE_OK;
}

static int apply_pragmas(exec_t *ex, exec_conn_t *c, lg_pgerr_t *err)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "PRAGMA busy_timeout=%d; PRAGMA foreign_keys=ON; PRAGMA cache_size=-%lld;"
             "PRAGMA mmap_size=%lld; PRAGMA secure_delete=OFF;",
             ex->cfg.busy_timeout_ms, (long long)ex->cfg.cache_size_kib,
             (long long)ex->cfg.mmap_size);
    if (exec__conn_exec(c, sql, err) != 0)
        return LG_ESQL;
    if (!c->writer)
        return 0;
    snprintf(sql, sizeof(sql), "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    if (exec__conn_exec(c, sql, err) != 0)
        return LG_ESQL;
    c->autocheckpoint = ex->cfg.manual_checkpoint ? 0 : 1000;
    if (ex->cfg.manual_checkpoint &&
        sqlite3_db_config(c->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL) != SQLITE_OK)
        return lg_pgerr_set(err, LG_SQLSTATE_INTERNAL_ERROR,
                            "could not disable the checkpoint on close");
    sqlite3_wal_hook(c->db, wal_hook, c);
    return 0;
}

int exec__conn_open(exec_t *ex, bool writer, exec_conn_t **out, lg_pgerr_t *err)
{
    exec_conn_t *c = lg_xcalloc(1, sizeof(*c));
    c->writer = writer;
    c->snap = &ex->snap;
    c->wal_fd = -1;
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
                (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
    int rc = sqlite3_open_v2(ex->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        lg_pgerr_set(err, LG_SQLSTATE_IO_ERROR, "could not open database \"%s\": %s", ex->path,
                     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        exec__conn_close(c);
        return LG_ESQL;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_progress_handler(c->db, 1000, progress_cb, c);
    /* "x" is an identifier, never a string: an unknown "Name" must fail as on PostgreSQL,
     * not come back as the text 'Name' (SQLite's legacy double-quoted strings). */
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
    if (apply_pragmas(ex, c, err) != 0 || sqlfn_register_all(c->db) != 0 ||
        catalog_register_all(c->db) != 0 || exec__advisory_register(c->db) != 0 ||
        exec__notify_register(c->db) != 0 || exec__settings_register(c->db) != 0 ||
        exec__sessfn_register(c->db) != 0 || exec__activity_register(c->db, ex) != 0) {
        if (!lg_pgerr_is_set(err))
            lg_pgerr_set(err, LG_SQLSTATE_INTERNAL_ERROR, "could not register SQL functions");
        exec__conn_close(c);
        return LG_ESQL;
    }
    if (exec_pl_register(c->db, &c->pl) != 0) { /* user functions, DO, triggers: exec_pl.c */
        lg_pgerr_set(err, LG_SQLSTATE_INTERNAL_ERROR, "could not register the PL runtime");
        exec__conn_close(c);
        return LG_ESQL;
    }
    *out = c;
    return 0;
}

void exec__conn_flush_cache(exec_conn_t *c)
{
    for (int i = 0; i < EXEC_STMT_CACHE; i++) {
        exec_cached_stmt_t *e = &c->cache[i];
        if (e->st && !e->in_use) {
            sqlite3_finalize(e->st);
            free(e->sql);
            memset(e, 0, sizeof(*e));
        }
    }
}

void exec__conn_close(exec_conn_t *c)
{
    if (!c)
        return;
    for (int i = 0; i < EXEC_STMT_CACHE; i++) {
        sqlite3_finalize(c->cache[i].st);
        free(c->cache[i].sql);
    }
    sqlite3_finalize(c->begin_st);
    sqlite3_finalize(c->commit_st);
    if (c->db)
        sqlite3_close_v2(c->db);
    if (c->writer && c->wal_fd >= 0)
        close(c->wal_fd);
    free(c);
}

static int cache_find(exec_conn_t *c, const char *sql)
{
    for (int i = 0; i < EXEC_STMT_CACHE; i++)
        if (c->cache[i].st && !c->cache[i].in_use && strcmp(c->cache[i].sql, sql) == 0)
            return i;
    return -1;
}

static int cache_victim(exec_conn_t *c)
{
    int best = -1;
    for (int i = 0; i < EXEC_STMT_CACHE; i++) {
        if (!c->cache[i].st)
            return i;
        if (!c->cache[i].in_use && (best < 0 || c->cache[i].last_used < c->cache[best].last_used))
            best = i;
    }
    return best;
}

/* Prepares the first statement of `sql`. Single statements are cached per connection;
 * statements with a tail (multi-statement DDL) are not. */
int exec__conn_prepare(exec_conn_t *c, const char *sql, sqlite3_stmt **st, int *slot,
                       const char **tail, lg_pgerr_t *err)
{
    *slot = -1;
    *tail = NULL;
    int i = cache_find(c, sql);
    if (i >= 0) {
        c->cache[i].in_use = true;
        c->cache[i].last_used = ++c->tick;
        *st = c->cache[i].st;
        *slot = i;
        return 0;
    }
    const char *t = NULL;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, &t);
    if (rc != SQLITE_OK) {
        exec__sqlite_error(c->db, rc, err);
        *st = NULL;
        return LG_ESQL;
    }
    while (t && (*t == ' ' || *t == ';' || *t == '\n' || *t == '\t' || *t == '\r'))
        t++;
    if (t && *t) {
        *tail = t;
        return 0;
    }
    if (!*st)
        return 0;
    i = cache_victim(c);
    if (i < 0)
        return 0;
    if (c->cache[i].st) {
        sqlite3_finalize(c->cache[i].st);
        free(c->cache[i].sql);
    }
    c->cache[i].sql = lg_xstrdup(sql);
    c->cache[i].st = *st;
    c->cache[i].in_use = true;
    c->cache[i].last_used = ++c->tick;
    *slot = i;
    return 0;
}

void exec__conn_release_stmt(exec_conn_t *c, sqlite3_stmt *st, int slot)
{
    if (!st)
        return;
    if (slot >= 0 && c->cache[slot].st == st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        c->cache[slot].in_use = false;
        return;
    }
    sqlite3_finalize(st);
}

int exec__conn_exec(exec_conn_t *c, const char *sql, lg_pgerr_t *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) {
        exec__sqlite_error(c->db, rc, err);
        return LG_ESQL;
    }
    return 0;
}

void exec__conn_flush_types(exec_conn_t *c)
{
    for (int i = 0; i < EXEC_TYPE_CACHE; i++)
        c->type_cache[i].filled = false;
}

/* The slot for tbl.col (direct-mapped by a string hash; a different key evicts). */
exec_type_cache_t *exec__conn_type_slot(exec_conn_t *c, const char *tbl, const char *col)
{
    char key[128];
    size_t tl = strlen(tbl), cl = strlen(col);
    if (tl + cl + 2 > sizeof(key)) {
        static _Thread_local exec_type_cache_t scratch;
        scratch.filled = false;
        return &scratch;
    }
    memcpy(key, tbl, tl + 1);
    memcpy(key + tl + 1, col, cl + 1);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < tl + cl + 1; i++)
        h = (h ^ (uint8_t)key[i]) * 16777619u;
    exec_type_cache_t *e = &c->type_cache[h % EXEC_TYPE_CACHE];
    if (!e->filled || memcmp(e->key, key, tl + cl + 2) != 0) {
        memcpy(e->key, key, tl + cl + 2);
        e->filled = false;
    }
    return e;
}

int64_t exec__now_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec - 946684800) * 1000000 + ts.tv_nsec / 1000;
}

/* Gives the SQL functions on this connection the state of the session whose job runs
 * next: sequence session (currval), transaction/statement time (now()), TimeZone, and
 * current_user/current_database. Worker, holding the connection. */
void exec__conn_apply_session(exec_conn_t *c, const exec_job_t *job)
{
    exec_session_t *es = job->es;
    if (job->run) /* user-defined functions changed on any connection: exec_pl.c */
        exec_pl_sync(c->pl, job->run->schema_gen);
    sqlfn_seq_session_attach(c->db, es->seq);
    sqlfn_datetime_set_txn_time(c->db, job->txn_time);
    sqlfn_datetime_set_stmt_time(c->db, job->stmt_time);
    if (strcmp(c->timezone, job->timezone) != 0) {
        snprintf(c->timezone, sizeof(c->timezone), "%s", job->timezone);
        sqlfn_datetime_set_timezone(c->db, job->timezone);
    }
    /* sessions of one user on one database (the usual pool) need no change */
    if (!c->info_set || strcmp(c->info_user, es->settings.user) != 0 ||
        strcmp(c->info_db, es->settings.database) != 0) {
        c->info_set = true;
        snprintf(c->info_user, sizeof(c->info_user), "%s", es->settings.user);
        snprintf(c->info_db, sizeof(c->info_db), "%s", es->settings.database);
        sqlfn_set_session_info(c->db, es->settings.user[0] ? es->settings.user : NULL,
                               es->settings.database[0] ? es->settings.database : NULL);
    }
}

/* A SQL function may report "SSSSS:message" to carry its SQLSTATE (include/sqlfn). */
static bool sqlstate_prefixed(const char *m)
{
    for (int i = 0; i < 5; i++)
        if (!((m[i] >= '0' && m[i] <= '9') || (m[i] >= 'A' && m[i] <= 'Z')))
            return false;
    return m[5] == ':';
}

static const char *map_generic(const char *m, int rc)
{
    if (strstr(m, "no such table") || strstr(m, "no such view"))
        return LG_SQLSTATE_UNDEFINED_TABLE;
    if (strstr(m, "no such column") || strstr(m, "has no column named"))
        return LG_SQLSTATE_UNDEFINED_COLUMN;
    if (strstr(m, "no such function") || strstr(m, "wrong number of arguments"))
        return LG_SQLSTATE_UNDEFINED_FUNCTION;
    if (strstr(m, "already exists") || strncmp(m, "there is already a", 18) == 0)
        return LG_SQLSTATE_DUPLICATE_TABLE;
    if (strstr(m, "syntax error") || strstr(m, "incomplete input") || strstr(m, "unrecognized"))
        return LG_SQLSTATE_SYNTAX_ERROR;
    if (strstr(m, "ambiguous column") || strstr(m, "ambiguous reference to"))
        return LG_SQLSTATE_AMBIGUOUS_COLUMN;
    if (strstr(m, "cannot join using column"))
        return LG_SQLSTATE_UNDEFINED_COLUMN;
    if (strstr(m, "duplicate column"))
        return LG_SQLSTATE_DUPLICATE_COLUMN;
    if (strstr(m, "no such savepoint"))
        return LG_SQLSTATE_SAVEPOINT_EXCEPTION;
    if (strstr(m, "ORDER BY term out of range") || strstr(m, "GROUP BY term out of range"))
        return "42P10"; /* a position past the columns of SELECT * */
    if (strstr(m, "argument of ntile must be"))
        return "22014";
    if (strstr(m, "argument to nth_value must be"))
        return "22016";
    if (strstr(m, "frame starting offset must be") || strstr(m, "frame ending offset must be"))
        return "22013";
    if (strstr(m, "DISTINCT is not supported for window functions"))
        return LG_SQLSTATE_FEATURE_NOT_SUPPORTED;
    if (strstr(m, "integer overflow"))
        return LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE;
    if (strstr(m, "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint"))
        return "42P10";
    switch (rc & 0xff) {
    case SQLITE_INTERRUPT:
        return LG_SQLSTATE_QUERY_CANCELED;
    case SQLITE_READONLY:
        return LG_SQLSTATE_READ_ONLY_SQL_TRANSACTION;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return LG_SQLSTATE_SERIALIZATION_FAILURE;
    case SQLITE_FULL:
        return LG_SQLSTATE_DISK_FULL;
    case SQLITE_NOMEM:
        return LG_SQLSTATE_OUT_OF_MEMORY;
    case SQLITE_TOOBIG:
        return LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return LG_SQLSTATE_IO_ERROR;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return LG_SQLSTATE_DATA_CORRUPTED;
    case SQLITE_MISMATCH:
        return LG_SQLSTATE_DATATYPE_MISMATCH;
    case SQLITE_RANGE:
        return LG_SQLSTATE_PROTOCOL_VIOLATION;
    default:
        return LG_SQLSTATE_INTERNAL_ERROR;
    }
}

static const char *map_constraint(int rc)
{
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID:
        return LG_SQLSTATE_UNIQUE_VIOLATION;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return LG_SQLSTATE_FOREIGN_KEY_VIOLATION;
    case SQLITE_CONSTRAINT_NOTNULL:
        return LG_SQLSTATE_NOT_NULL_VIOLATION;
    case SQLITE_CONSTRAINT_CHECK:
        return LG_SQLSTATE_CHECK_VIOLATION;
    default:
        return LG_SQLSTATE_INTEGRITY_CONSTRAINT_VIOLATION;
    }
}

void exec__split_columns(const char *list, char *tbl, size_t tn, char *cols, size_t cn)
{
    size_t o = 0;
    tbl[0] = cols[0] = '\0';
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        const char *dot = NULL; /* the last one: a user schema's table is "s.t" */
        for (const char *q = p; q < end; q++)
            if (*q == '.')
                dot = q;
        if (!dot)
            break;
        snprintf(tbl, tn, "%.*s", (int)(dot - p), p);
        int w = snprintf(cols + o, cn - o, "%s%.*s", o ? "," : "", (int)(end - dot - 1), dot + 1);
        if (w < 0 || (size_t)w >= cn - o)
            break;
        o += (size_t)w;
        p = end;
    }
}

/* err's SCHEMA / TABLE fields for SQLite table tbl ("s.t" is t of schema s); returns the
 * name PostgreSQL's messages print (t). */
static const char *set_relation(lg_pgerr_t *err, const char *tbl)
{
    const char *dot = strchr(tbl, '.');
    snprintf(err->schema, sizeof(err->schema), "%.*s", dot ? (int)(dot - tbl) : 6,
             dot ? tbl : "public");
    snprintf(err->table, sizeof(err->table), "%s", dot ? dot + 1 : tbl);
    return dot ? dot + 1 : tbl;
}

/* "index 'name'" (a unique index on expressions): the index's name and its table. */
static bool shape_unique_index(sqlite3 *db, const char *list, lg_pgerr_t *err)
{
    char name[128], tbl[128] = "";
    if (sscanf(list, "index '%127[^']'", name) != 1)
        return false;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT tbl_name FROM sqlite_schema WHERE type = 'index' AND "
                           "name = ?1",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
            snprintf(tbl, sizeof(tbl), "%.127s", (const char *)sqlite3_column_text(q, 0));
    }
    sqlite3_finalize(q);
    lg_pgerr_set(err, LG_SQLSTATE_UNIQUE_VIOLATION,
                 "duplicate key value violates unique constraint \"%s\"", name);
    set_relation(err, tbl);
    snprintf(err->constraint, sizeof(err->constraint), "%s", name);
    return true;
}

static void shape_unique(sqlite3 *db, const char *list, lg_pgerr_t *err)
{
    char tbl[128], cols[256], name[400];
    if (shape_unique_index(db, list, err))
        return;
    exec__split_columns(list, tbl, sizeof(tbl), cols, sizeof(cols));
    if (!tbl[0])
        return;
    if (catalog_constraint_name(db, tbl, 'p', cols, name, sizeof(name)) != 0 &&
        catalog_constraint_name(db, tbl, 'u', cols, name, sizeof(name)) != 0)
        snprintf(name, sizeof(name), "%s_%s_key", tbl, cols);
    lg_pgerr_set(err, LG_SQLSTATE_UNIQUE_VIOLATION,
                 "duplicate key value violates unique constraint \"%s\"", name);
    set_relation(err, tbl);
    snprintf(err->constraint, sizeof(err->constraint), "%.127s", name);
}

/* CHECK failures name only the constraint; its table comes from the metadata. A foreign
 * key's name is the CHECK of its MATCH FULL (translate_emit_ddl.c, emit_match_full). */
static void shape_check(sqlite3 *db, const char *name, lg_pgerr_t *err)
{
    char tbl[128] = "", kind = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT tbl, kind FROM _lg_constraints WHERE name = ?1 AND kind IN "
                           "('c', 'f') ORDER BY kind",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0)) {
            snprintf(tbl, sizeof(tbl), "%.127s", (const char *)sqlite3_column_text(q, 0));
            kind = (char)sqlite3_column_text(q, 1)[0];
        }
    }
    sqlite3_finalize(q);
    if (kind == 'f') {
        const char *dot = strchr(tbl, '.');
        lg_pgerr_set(err, LG_SQLSTATE_FOREIGN_KEY_VIOLATION,
                     "insert or update on table \"%s\" violates foreign key constraint \"%s\"",
                     dot ? dot + 1 : tbl, name);
        lg_pgerr_detail(err, "MATCH FULL does not allow mixing of null and nonnull key values.");
        set_relation(err, tbl);
    } else if (tbl[0]) {
        const char *dot = strchr(tbl, '.');
        lg_pgerr_set(err, LG_SQLSTATE_CHECK_VIOLATION,
                     "new row for relation \"%s\" violates check constraint \"%s\"",
                     dot ? dot + 1 : tbl, name);
        set_relation(err, tbl);
    } else {
        lg_pgerr_set(err, LG_SQLSTATE_CHECK_VIOLATION, "new row violates check constraint \"%s\"",
                     name);
    }
    snprintf(err->constraint, sizeof(err->constraint), "%.127s", name);
}

/* Rewords SQLite's constraint messages the way PostgreSQL words them. */
static void shape_constraint(sqlite3 *db, int ext, const char *m, lg_pgerr_t *err)
{
    const char *colon = strchr(m, ':');
    const char *arg = colon ? colon + 2 : "";
    char tbl[128], col[256];
    switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        if (colon)
            shape_unique(db, arg, err);
        return;
    case SQLITE_CONSTRAINT_NOTNULL:
        exec__split_columns(arg, tbl, sizeof(tbl), col, sizeof(col));
        if (tbl[0]) {
            const char *dot = strchr(tbl, '.');
            lg_pgerr_set(err, LG_SQLSTATE_NOT_NULL_VIOLATION,
                         "null value in column \"%s\" of relation \"%s\" violates not-null "
                         "constraint",
                         col, dot ? dot + 1 : tbl);
            set_relation(err, tbl);
            snprintf(err->column, sizeof(err->column), "%.127s", col);
        }
        return;
    case SQLITE_CONSTRAINT_CHECK:
        if (colon)
            shape_check(db, arg, err);
        return;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        lg_pgerr_set(err, LG_SQLSTATE_FOREIGN_KEY_VIOLATION,
                     "insert, update or delete violates a foreign key constraint");
        return;
    default:
        return;
    }
}

/* SQLite's "<kind> X already exists" / "there is already a <kind> named X": X into name. The
 * whole message must match (sscanf alone also takes "table t has no column named c"). */
static bool already_exists(const char *m, char *name, size_t cap)
{
    char buf[256];
    int e[5] = {-1, -1, -1, -1, -1};
    bool hit =
        (sscanf(m, "table %255s already exists%n", buf, &e[0]) == 1 && e[0] >= 0 && !m[e[0]]) ||
        (sscanf(m, "index %255s already exists%n", buf, &e[1]) == 1 && e[1] >= 0 && !m[e[1]]) ||
        (sscanf(m, "view %255s already exists%n", buf, &e[2]) == 1 && e[2] >= 0 && !m[e[2]]) ||
        (sscanf(m, "there is already a table named %255s%n", buf, &e[3]) == 1 && e[3] >= 0 &&
         !m[e[3]]) ||
        (sscanf(m, "there is already an index named %255s%n", buf, &e[4]) == 1 && e[4] >= 0 &&
         !m[e[4]]);
    if (hit)
        snprintf(name, cap, "%s", buf);
    return hit;
}

static void shape_generic(const char *m, lg_pgerr_t *err)
{
    char name[256], col[256];
    if (sscanf(m, "no such table: %255s", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist",
                     strncmp(name, "main.", 5) == 0 ? name + 5 : name);
    else if (sscanf(m, "no such column: %255s", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_COLUMN, "column %s%s%s does not exist",
                     strchr(name, '.') ? "" : "\"", name, strchr(name, '.') ? "" : "\"");
    else if (sscanf(m, "foreign key mismatch - %*s referencing \"%255[^\"]\"", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_INVALID_FOREIGN_KEY,
                     "there is no unique constraint matching given keys for referenced table "
                     "\"%s\"",
                     name);
    else if (sscanf(m, "no such function: %255s", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_FUNCTION, "function %s does not exist", name);
    else if (sscanf(m, "duplicate column name: %255s", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_DUPLICATE_COLUMN, "column \"%s\" specified more than once",
                     name);
    else if (sscanf(m, "ambiguous column name: %255s", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_AMBIGUOUS_COLUMN, "column reference \"%s\" is ambiguous",
                     name);
    else if (sscanf(m, "ambiguous reference to %255s in USING()", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_AMBIGUOUS_COLUMN,
                     "common column name \"%s\" appears more than once in left table", name);
    else if (sscanf(m, "cannot join using column %255s - column not present", name) == 1)
        lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_COLUMN,
                     "column \"%s\" specified in USING clause does not exist in left table", name);
    else if (strstr(m, "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE"))
        lg_pgerr_set(err, "42P10",
                     "there is no unique or exclusion constraint matching the ON CONFLICT "
                     "specification");
    else if (strstr(m, "ORDER BY term out of range") || strstr(m, "GROUP BY term out of range"))
        lg_pgerr_set(err, "42P10", "%s position is not in select list",
                     strstr(m, "ORDER BY") ? "ORDER BY" : "GROUP BY");
    else if (strstr(m, "argument of ntile must be"))
        lg_pgerr_set(err, "22014", "argument of ntile must be greater than zero");
    else if (strstr(m, "argument to nth_value must be"))
        lg_pgerr_set(err, "22016", "argument of nth_value must be greater than zero");
    else if (strstr(m, "frame starting offset must be") || strstr(m, "frame ending offset must be"))
        lg_pgerr_set(err, "22013", "frame %s offset must not be negative",
                     strstr(m, "starting") ? "starting" : "ending");
    else if (sscanf(m, "table %255s has no column named %255s", name, col) == 2) {
        const char *dot = strchr(name, '.'); /* "s.t" of a user schema: PostgreSQL says t */
        lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_COLUMN,
                     "column \"%s\" of relation \"%s\" does not exist", col, dot ? dot + 1 : name);
    } else if (already_exists(m, name, sizeof(name))) {
        size_t n = strlen(name);
        bool quoted = n >= 2 && name[0] == '"' && name[n - 1] == '"';
        lg_pgerr_set(err, LG_SQLSTATE_DUPLICATE_TABLE, "relation \"%.*s\" already exists",
                     (int)(quoted ? n - 2 : n), quoted ? name + 1 : name);
    }
}

/* The first place the query names column `ref` ("col" or "rel.col"). */
static void column_position(const translate_stmt_t *st, const char *ref, lg_pgerr_t *err)
{
    const char *dot = strchr(ref, '.');
    for (int i = 0; i < st->ncolrefs; i++) {
        const translate_colref_t *r = &st->colrefs[i];
        bool same = dot ? strncasecmp(r->rel, ref, (size_t)(dot - ref)) == 0 &&
                              r->rel[dot - ref] == '\0' && strcasecmp(r->name, dot + 1) == 0
                        : strcasecmp(r->name, ref) == 0;
        if (same && (!err->position || r->position < err->position))
            err->position = r->position;
    }
}

void exec__error_position(const translate_stmt_t *st, lg_pgerr_t *err)
{
    char name[128];
    if (!st || err->position)
        return;
    if (strcmp(err->sqlstate, LG_SQLSTATE_UNDEFINED_COLUMN) == 0) {
        if (sscanf(err->message, "column \"%127[^\"]\" does not exist", name) == 1 ||
            sscanf(err->message, "column %127[^ ] does not exist", name) == 1)
            column_position(st, name, err);
        return;
    }
    if (strcmp(err->sqlstate, LG_SQLSTATE_UNDEFINED_TABLE) != 0 ||
        sscanf(err->message, "relation \"%127[^\"]\" does not exist", name) != 1)
        return;
    for (int i = 0; i < st->nrelrefs; i++)
        if (strcasecmp(st->relrefs[i].name, name) == 0) {
            err->position = st->relrefs[i].position;
            return;
        }
}

/* A SQL function's error message may carry "\x1fDETAIL:<detail>" and then "\x1fHINT:<hint>"
 * after the message (either may be absent): moves them to their fields. */
static void split_fields(lg_pgerr_t *err)
{
    char *hint = strstr(err->message, "\x1f"
                                      "HINT:");
    if (hint) {
        *hint = '\0';
        lg_pgerr_hint(err, "%s", hint + 6);
    }
    char *detail = strstr(err->message, "\x1f"
                                        "DETAIL:");
    if (detail) {
        *detail = '\0';
        lg_pgerr_detail(err, "%s", detail + 8);
    }
}

void exec__sqlite_error(sqlite3 *db, int rc, lg_pgerr_t *err)
{
    const char *m = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int ext = db ? sqlite3_extended_errcode(db) : rc;
    if ((ext & 0xff) == SQLITE_INTERRUPT) {
        lg_pgerr_set(err, LG_SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
        return;
    }
    if (sqlstate_prefixed(m)) {
        char st[6];
        memcpy(st, m, 5);
        st[5] = '\0';
        lg_pgerr_set(err, st, "%s", m + 6);
        split_fields(err); /* PL errors (exec_pl.c), sqlfn__error_pg */
        return;
    }
    if ((ext & 0xff) == SQLITE_CONSTRAINT) {
        if (strcmp(m, "FOREIGN KEY constraint failed") == 0) /* ON DELETE/UPDATE RESTRICT */
            ext = SQLITE_CONSTRAINT_FOREIGNKEY;
        lg_pgerr_set(err, map_constraint(ext), "%s", m);
        shape_constraint(db, ext, m, err);
        return;
    }
    lg_pgerr_set(err, map_generic(m, ext), "%s", m);
    shape_generic(m, err);
}
