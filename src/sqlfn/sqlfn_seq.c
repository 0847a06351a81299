/* sqlfn_seq.c - nextval/currval/setval/lastval over the _lg_sequences table (docs/storage.md).
 *
 * PostgreSQL sequences are not transactional: a value handed out by nextval is never handed
 * out again, even when the transaction that asked for it rolls back. SQLite rolls the table
 * back, so the process keeps its own copy of each sequence's position:
 *
 *   g_mem: process-wide map (database file path, sequence name) -> (last_value, is_called),
 *          under g_mem_lock. In-memory databases are keyed by their connection pointer.
 *
 * nextval reads the row (options and position), then under the lock decides where the
 * sequence stands: the memory copy, unless the row shows that someone reset or advanced the
 * sequence behind our back (is_called = 0, as CREATE SEQUENCE, ALTER ... RESTART and TRUNCATE
 * ... RESTART IDENTITY write it; or a row position beyond the memory one, written by another
 * process). A rolled-back row is behind memory with is_called = 1, so memory wins and no value
 * repeats. The new position goes to memory, and then to the row with an UPDATE run on the
 * caller's connection inside the caller's statement, so it is durable when that commits.
 * A row with is_called = 0 is a reset unless memory already consumed exactly that reset
 * (the consuming transaction rolled back, so the row shows the reset again): memory keeps
 * the last_value of the reset it consumed, and the DDL that resets a sequence (CREATE
 * SEQUENCE, ALTER SEQUENCE ... RESTART, TRUNCATE ... RESTART IDENTITY) writes is_called
 * through lg_seq_reset(name), which returns 0 and marks the reset as new, so a repeated
 * RESTART to the same value counts. Remaining gap: a reset written by another process to
 * the same value as the reset this process consumed last is not seen.
 *
 * currval/lastval are session state (sqlfn_seq_session_t): per connection by default; the
 * exec layer can attach a PostgreSQL session's own state to whichever pooled connection runs
 * its statement (sqlfn_seq_session_attach), so currval works across pooled connections. */
#include <ctype.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"

#define SEQ_NAME_MAX 64 /* PostgreSQL NAMEDATALEN */
#define SEQ_KEY_MAX 1200
#define SEQ_BUCKETS 256

/* ---- process-wide positions ---- */

typedef struct seq_mem {
    struct seq_mem *next;
    char key[SEQ_KEY_MAX];
    int64_t last;
    bool called;
    bool valid;          /* false until a nextval/setval stored a position */
    bool reset_pending;  /* lg_seq_reset ran since the last reset was consumed */
    bool consumed_valid; /* consumed_last holds the last_value of a consumed reset */
    int64_t consumed_last;
} seq_mem_t;

static pthread_mutex_t g_mem_lock = PTHREAD_MUTEX_INITIALIZER;
static seq_mem_t *g_mem[SEQ_BUCKETS];

static unsigned key_hash(const char *k)
{
    unsigned h = 2166136261u;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 16777619u;
    return h % SEQ_BUCKETS;
}

/* Caller holds g_mem_lock. Creates the entry when `create`. */
static seq_mem_t *mem_get(const char *key, bool create)
{
    unsigned h = key_hash(key);
    for (seq_mem_t *m = g_mem[h]; m; m = m->next)
        if (strcmp(m->key, key) == 0)
            return m;
    if (!create)
        return NULL;
    seq_mem_t *m = lg_xcalloc(1, sizeof(*m));
    snprintf(m->key, sizeof(m->key), "%s", key);
    m->next = g_mem[h];
    g_mem[h] = m;
    return m;
}

/* ---- session state (currval / lastval) ---- */

typedef struct seq_cur {
    char name[SEQ_NAME_MAX];
    int64_t value;
} seq_cur_t;

struct sqlfn_seq_session {
    seq_cur_t *cur;
    size_t n, cap;
    int last;    /* index into cur of the last sequence nextval used, -1 = none */
    int64_t xid; /* txid_current() of the transaction that began at xid_txn_usec */
    int64_t xid_txn_usec;
};

/* ---- replay: the statement's sequence positions, for re-running a failed statement ---- */

#define SEQ_UNDO_MAX 8

typedef struct seq_undo {
    seq_mem_t *m;
    seq_mem_t before; /* m's state before this statement first moved it */
    seq_mem_t after;  /* m's state when sqlfn_seq_replay_begin ran */
} seq_undo_t;

typedef struct sqlfn_seq_conn {
    sqlfn_seq_session_t own;
    sqlfn_seq_session_t *attached; /* NULL = own */
    seq_undo_t undo[SEQ_UNDO_MAX]; /* sequences this statement moved (sqlfn__seq_mark) */
    int nundo;
    bool undo_full; /* more sequences moved than undo holds: no replay */
} sqlfn_seq_conn_t;

/* Caller holds g_mem_lock, before changing m: remembers m's state for a replay. */
static void undo_note(sqlfn_seq_conn_t *c, seq_mem_t *m)
{
    for (int i = 0; i < c->nundo; i++)
        if (c->undo[i].m == m)
            return;
    if (c->nundo == SEQ_UNDO_MAX) {
        c->undo_full = true;
        return;
    }
    c->undo[c->nundo].m = m;
    c->undo[c->nundo++].before = *m;
}

static void mem_restore(seq_mem_t *m, const seq_mem_t *from)
{
    seq_mem_t *next = m->next;
    *m = *from;
    m->next = next;
}

void sqlfn__seq_mark(struct sqlfn_seq_conn *c)
{
    if (c) {
        c->nundo = 0;
        c->undo_full = false;
    }
}

int sqlfn_seq_replay_begin(sqlite3 *db)
{
    dt_state_t *st = sqlfn__dt_state_find(db);
    if (!st || !st->seq || st->seq->undo_full)
        return LG_EINVAL;
    sqlfn_seq_conn_t *c = st->seq;
    pthread_mutex_lock(&g_mem_lock);
    for (int i = 0; i < c->nundo; i++) {
        c->undo[i].after = *c->undo[i].m;
        mem_restore(c->undo[i].m, &c->undo[i].before);
    }
    pthread_mutex_unlock(&g_mem_lock);
    return 0;
}

void sqlfn_seq_replay_end(sqlite3 *db)
{
    dt_state_t *st = sqlfn__dt_state_find(db);
    if (!st || !st->seq)
        return;
    sqlfn_seq_conn_t *c = st->seq;
    pthread_mutex_lock(&g_mem_lock);
    for (int i = 0; i < c->nundo; i++)
        mem_restore(c->undo[i].m, &c->undo[i].after);
    pthread_mutex_unlock(&g_mem_lock);
}

sqlfn_seq_session_t *sqlfn_seq_session_new(void)
{
    sqlfn_seq_session_t *s = lg_xcalloc(1, sizeof(*s));
    s->last = -1;
    return s;
}

void sqlfn_seq_session_free(sqlfn_seq_session_t *s)
{
    if (s) {
        free(s->cur);
        free(s);
    }
}

void sqlfn__seq_conn_free(struct sqlfn_seq_conn *c)
{
    if (c) {
        free(c->own.cur);
        free(c);
    }
}

int sqlfn_seq_session_attach(sqlite3 *db, sqlfn_seq_session_t *s)
{
    dt_state_t *st = sqlfn__dt_state_find(db);
    if (!st || !st->seq)
        return LG_EINVAL;
    st->seq->attached = s;
    return 0;
}

static sqlfn_seq_session_t *session_of(sqlite3_context *ctx)
{
    dt_state_t *st = sqlite3_user_data(ctx);
    return st->seq->attached ? st->seq->attached : &st->seq->own;
}

static int session_find(const sqlfn_seq_session_t *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->cur[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int session_set(sqlfn_seq_session_t *s, const char *name, int64_t v)
{
    int i = session_find(s, name);
    if (i < 0) {
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 8;
            s->cur = lg_xrealloc(s->cur, s->cap * sizeof(*s->cur));
        }
        i = (int)s->n++;
        snprintf(s->cur[i].name, sizeof(s->cur[i].name), "%s", name);
    }
    s->cur[i].value = v;
    return i;
}

/* ---- the row ---- */

typedef struct seq_row {
    char name[SEQ_NAME_MAX]; /* as stored */
    int64_t last, inc, minv, maxv;
    bool called, cycle;
} seq_row_t;

/* PostgreSQL's regclass text rules: "Quoted" keeps case, otherwise lower-cased; a leading
 * "public." is dropped. True when the name was quoted. */
static bool seq_name_norm(const char *in, char *out, size_t cap)
{
    if (strncasecmp(in, "public.", 7) == 0)
        in += 7;
    size_t n = strlen(in), k = 0;
    if (n >= 2 && in[0] == '"' && in[n - 1] == '"') {
        for (size_t i = 1; i + 1 < n && k + 1 < cap; i++) {
            if (in[i] == '"' && in[i + 1] == '"')
                i++;
            out[k++] = in[i];
        }
    } else {
        for (size_t i = 0; i < n && k + 1 < cap; i++)
            out[k++] = (char)tolower((unsigned char)in[i]);
    }
    out[k] = '\0';
    return n >= 2 && in[0] == '"' && in[n - 1] == '"';
}

/* Reads the row of `name`: 0, LG_ENOTFOUND (no such sequence or no table) or LG_EIO (error
 * message in *why, static or SQLite's). An unquoted name also finds a sequence stored with
 * capitals (serial columns of a "Mixed" table name theirs unquoted in their defaults); a
 * quoted one (exact) only its own spelling, as in PostgreSQL. */
static int row_read(sqlite3 *db, const char *name, bool exact, seq_row_t *r)
{
    static const char *const k_sql[2] = {
        "SELECT name, last_value, is_called, increment, min_value, max_value, cycle "
        "FROM _lg_sequences WHERE name = ?1",
        "SELECT name, last_value, is_called, increment, min_value, max_value, cycle "
        "FROM _lg_sequences WHERE name = ?1 COLLATE NOCASE",
    };
    for (int pass = 0; pass < (exact ? 1 : 2); pass++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(db, k_sql[pass], -1, &s, NULL) != SQLITE_OK)
            return LG_ENOTFOUND; /* _lg_sequences does not exist yet */
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            snprintf(r->name, sizeof(r->name), "%s", (const char *)sqlite3_column_text(s, 0));
            r->last = sqlite3_column_int64(s, 1);
            r->called = sqlite3_column_int(s, 2) != 0;
            r->inc = sqlite3_column_int64(s, 3);
            r->minv = sqlite3_column_int64(s, 4);
            r->maxv = sqlite3_column_int64(s, 5);
            r->cycle = sqlite3_column_int(s, 6) != 0;
        }
        sqlite3_finalize(s);
        if (rc == SQLITE_ROW)
            return 0;
        if (rc != SQLITE_DONE)
            return LG_EIO;
    }
    return LG_ENOTFOUND;
}

static int row_write(sqlite3 *db, const seq_row_t *r, int64_t last, bool called)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db,
                           "UPDATE _lg_sequences SET last_value = ?1, is_called = ?2 "
                           "WHERE name = ?3",
                           -1, &s, NULL) != SQLITE_OK)
        return LG_EIO;
    sqlite3_bind_int64(s, 1, last);
    sqlite3_bind_int(s, 2, called ? 1 : 0);
    sqlite3_bind_text(s, 3, r->name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : LG_EIO;
}

static void mem_key(sqlite3 *db, const seq_row_t *r, char *key, size_t cap)
{
    const char *path = sqlite3_db_filename(db, "main");
    if (path && path[0])
        snprintf(key, cap, "%s|%s", path, r->name);
    else
        snprintf(key, cap, "%p|%s", (void *)db, r->name);
}

/* Argument 0 as a normalized name and its row; false with the error set on ctx. */
static bool seq_open(sqlite3_context *ctx, sqlite3_value *arg, seq_row_t *r)
{
    char name[SEQ_NAME_MAX * 2 + 8];
    bool exact = seq_name_norm((const char *)sqlite3_value_text(arg), name, sizeof(name));
    int rc = row_read(sqlite3_context_db_handle(ctx), name, exact, r);
    if (rc == LG_ENOTFOUND) {
        sqlfn__error(ctx, LG_SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
        return false;
    }
    if (rc != 0) {
        sqlfn__error(ctx, LG_SQLSTATE_INTERNAL_ERROR, "reading sequence \"%s\": %s", name,
                     sqlite3_errmsg(sqlite3_context_db_handle(ctx)));
        return false;
    }
    return true;
}

/* Where the sequence stands: memory unless the row was reset (and that reset is not one
 * memory already consumed) or moved ahead. */
static void seq_position(const seq_mem_t *m, const seq_row_t *r, int64_t *last, bool *called)
{
    bool row_ahead = r->inc > 0 ? r->last > m->last : r->last < m->last;
    bool new_reset =
        !r->called && (m->reset_pending || !m->consumed_valid || m->consumed_last != r->last);
    if (new_reset || (r->called && row_ahead)) {
        *last = r->last;
        *called = r->called;
    } else {
        *last = m->last;
        *called = m->called;
    }
}

/* Next value after (last, called); false with the error set when exhausted. */
static bool seq_advance(sqlite3_context *ctx, const seq_row_t *r, int64_t last, bool called,
                        int64_t *next)
{
    if (!called) {
        *next = last;
        return true;
    }
    int64_t v;
    bool over = __builtin_add_overflow(last, r->inc, &v);
    if (r->inc > 0 && (over || v > r->maxv)) {
        if (!r->cycle) {
            sqlfn__error(ctx, "2200H",
                         "nextval: reached maximum value of sequence \"%s\" (%" PRId64 ")", r->name,
                         r->maxv);
            return false;
        }
        v = r->minv;
    } else if (r->inc < 0 && (over || v < r->minv)) {
        if (!r->cycle) {
            sqlfn__error(ctx, "2200H",
                         "nextval: reached minimum value of sequence \"%s\" (%" PRId64 ")", r->name,
                         r->minv);
            return false;
        }
        v = r->maxv;
    }
    *next = v;
    return true;
}

static void fn_nextval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    seq_row_t r;
    if (!seq_open(ctx, argv[0], &r))
        return;
    char key[SEQ_KEY_MAX];
    mem_key(db, &r, key, sizeof(key));
    int64_t last, next;
    bool called;
    pthread_mutex_lock(&g_mem_lock);
    seq_mem_t *m = mem_get(key, true);
    if (m->valid) {
        seq_position(m, &r, &last, &called);
    } else {
        last = r.last;
        called = r.called;
    }
    bool ok = seq_advance(ctx, &r, last, called, &next);
    if (ok) {
        undo_note(((dt_state_t *)sqlite3_user_data(ctx))->seq, m);
        if (!called) { /* a reset (or a fresh sequence) consumed */
            m->consumed_valid = true;
            m->consumed_last = last;
        }
        m->reset_pending = false;
        m->last = next;
        m->called = true;
        m->valid = true;
    }
    pthread_mutex_unlock(&g_mem_lock);
    if (!ok)
        return;
    if (row_write(db, &r, next, true) != 0) {
        sqlfn__error(ctx, LG_SQLSTATE_INTERNAL_ERROR, "updating sequence \"%s\": %s", r.name,
                     sqlite3_errmsg(db));
        return;
    }
    sqlfn_seq_session_t *s = session_of(ctx);
    s->last = session_set(s, r.name, next);
    sqlite3_result_int64(ctx, next);
}

static void fn_currval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    seq_row_t r;
    if (!seq_open(ctx, argv[0], &r))
        return;
    const sqlfn_seq_session_t *s = session_of(ctx);
    int i = session_find(s, r.name);
    if (i < 0) {
        sqlfn__error(ctx, "55000", "currval of sequence \"%s\" is not yet defined in this session",
                     r.name);
        return;
    }
    sqlite3_result_int64(ctx, s->cur[i].value);
}

static void fn_lastval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const sqlfn_seq_session_t *s = session_of(ctx);
    if (s->last < 0) {
        sqlfn__error(ctx, "55000", "lastval is not yet defined in this session");
        return;
    }
    sqlite3_result_int64(ctx, s->cur[s->last].value);
}

static void fn_setval(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3 *db = sqlite3_context_db_handle(ctx);
    seq_row_t r;
    if (!seq_open(ctx, argv[0], &r))
        return;
    int64_t v = sqlite3_value_int64(argv[1]);
    bool called = argc < 3 || sqlite3_value_int(argv[2]) != 0;
    if (v < r.minv || v > r.maxv) {
        sqlfn__error(ctx, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                     "setval: value %" PRId64 " is out of bounds for sequence \"%s\" (%" PRId64
                     "..%" PRId64 ")",
                     v, r.name, r.minv, r.maxv);
        return;
    }
    char key[SEQ_KEY_MAX];
    mem_key(db, &r, key, sizeof(key));
    pthread_mutex_lock(&g_mem_lock);
    seq_mem_t *m = mem_get(key, true);
    undo_note(((dt_state_t *)sqlite3_user_data(ctx))->seq, m);
    m->last = v;
    m->called = called;
    m->valid = true;
    m->reset_pending = !called;
    pthread_mutex_unlock(&g_mem_lock);
    if (row_write(db, &r, v, called) != 0) {
        sqlfn__error(ctx, LG_SQLSTATE_INTERNAL_ERROR, "updating sequence \"%s\": %s", r.name,
                     sqlite3_errmsg(db));
        return;
    }
    if (called)
        session_set(session_of(ctx), r.name, v);
    sqlite3_result_int64(ctx, v);
}

/* lg_seq_reset(name): 0, the is_called value a reset writes; notes that the sequence was
 * reset so that the next nextval starts from the row (see the header). */
static void fn_seq_reset(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    sqlite3_result_int(ctx, 0);
    if (!name)
        return;
    seq_row_t r;
    snprintf(r.name, sizeof(r.name), "%s", name);
    char key[SEQ_KEY_MAX];
    mem_key(sqlite3_context_db_handle(ctx), &r, key, sizeof(key));
    pthread_mutex_lock(&g_mem_lock);
    seq_mem_t *m = mem_get(key, false);
    if (m)
        m->reset_pending = true;
    pthread_mutex_unlock(&g_mem_lock);
}

/* lg_seq_state(stored name, 'l' | 'c'): where the sequence stands, memory included (a value handed
 * to a statement that failed counts): its last_value or is_called, as SELECT ... FROM a
 * sequence shows them. */
static void fn_seq_state(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *which = (const char *)sqlite3_value_text(argv[1]);
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    seq_row_t r;
    if (!which || !name || row_read(sqlite3_context_db_handle(ctx), name, true, &r) != 0)
        return; /* the stored name of a sequence that exists (NULL otherwise) */
    int64_t last = r.last;
    bool called = r.called;
    char key[SEQ_KEY_MAX];
    mem_key(sqlite3_context_db_handle(ctx), &r, key, sizeof(key));
    pthread_mutex_lock(&g_mem_lock);
    const seq_mem_t *m = mem_get(key, false);
    if (m && m->valid)
        seq_position(m, &r, &last, &called);
    pthread_mutex_unlock(&g_mem_lock);
    if (which[0] == 'c')
        sqlite3_result_int(ctx, called);
    else
        sqlite3_result_int64(ctx, last);
}

/* ---- transaction ids: txid_current(), pg_current_xact_id() ---- */

static int64_t g_last_xid; /* under g_mem_lock */

/* The current transaction's id, taken on first use: one process-wide sequence that starts
 * from the clock in microseconds, so ids keep increasing across restarts. The transaction
 * is known by its start time (the session's transaction timestamp). */
static int64_t txid_of(sqlite3_context *ctx, bool assign)
{
    dt_state_t *st = sqlite3_user_data(ctx);
    sqlfn_seq_session_t *s = session_of(ctx);
    if (s->xid && s->xid_txn_usec == st->txn_usec)
        return s->xid;
    if (!assign)
        return 0;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t clock_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
    pthread_mutex_lock(&g_mem_lock);
    g_last_xid = clock_us > g_last_xid ? clock_us : g_last_xid + 1;
    s->xid = g_last_xid;
    pthread_mutex_unlock(&g_mem_lock);
    s->xid_txn_usec = st->txn_usec;
    return s->xid;
}

static void fn_txid_current(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int64(ctx, txid_of(ctx, true));
}

/* txid_current_if_assigned(): NULL until the transaction has an id. */
static void fn_txid_if_assigned(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    int64_t x = txid_of(ctx, false);
    if (x)
        sqlite3_result_int64(ctx, x);
}

static const sqlfn_def_t k_defs[] = {
    {"txid_current", 0, SQLFN_VOLATILE, fn_txid_current},
    {"pg_current_xact_id", 0, SQLFN_VOLATILE, fn_txid_current},
    {"txid_current_if_assigned", 0, SQLFN_VOLATILE, fn_txid_if_assigned},
    {"pg_current_xact_id_if_assigned", 0, SQLFN_VOLATILE, fn_txid_if_assigned},
    {"lg_seq_state", 2, SQLFN_VOLATILE, fn_seq_state},
    {"lg_seq_reset", 1, SQLFN_VOLATILE, fn_seq_reset},
    {"nextval", 1, SQLFN_VOLATILE, fn_nextval},
    {"currval", 1, SQLFN_VOLATILE, fn_currval},
    {"lastval", 0, SQLFN_VOLATILE, fn_lastval},
    {"setval", 2, SQLFN_VOLATILE, fn_setval},
    {"setval", 3, SQLFN_VOLATILE, fn_setval},
};

int sqlfn__register_seq(sqlite3 *db, dt_state_t *st)
{
    if (!st->seq) {
        st->seq = lg_xcalloc(1, sizeof(*st->seq));
        st->seq->own.last = -1;
    }
    if (sqlfn__register_dml(db) != 0) /* sqlfn_dml.c: the DML rewrites' helpers */
        return LG_EINVAL;
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), st);
}
