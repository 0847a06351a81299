/* sqlfn.h - PostgreSQL functions SQLite lacks, registered on a SQLite connection.
 *
 * sqlfn_register_all() installs every scalar function, aggregate and table-valued function
 * of this module on one connection (names and argument conventions: docs/sqlfn-contract.md).
 *
 * Storage conventions the functions read and write:
 *   bool -> INTEGER 0/1; bytea -> BLOB; uuid -> lowercase canonical TEXT; json -> TEXT as
 *   given; jsonb -> TEXT normalized as PostgreSQL prints it (keys sorted by length then
 *   bytewise, last duplicate wins, ", " and ": " separators); arrays -> JSON array TEXT.
 *
 * Error convention: a function that fails calls sqlite3_result_error() with a message that
 * starts with the 5-character SQLSTATE and a colon, e.g.
 *     "22P02:invalid input syntax for type json"
 * exec parses the leading "XXXXX:" into the ErrorResponse code and sends the rest as the
 * message. A message without that prefix is an internal error (XX000). */
#ifndef LG_SQLFN_SQLFN_H
#define LG_SQLFN_SQLFN_H

typedef struct sqlite3 sqlite3;

/* Length of the SQLSTATE prefix of an error message ("22P02:" is 6 bytes). */
#define SQLFN_ERR_PREFIX_LEN 6

/* Registers all functions on db. Returns 0 or LG_EINVAL if SQLite refused one (the
 * connection is then unusable for PostgreSQL SQL). Thread: any thread that owns db
 * (the connection factory, on a worker). */
int sqlfn_register_all(sqlite3 *db);

/* Sets what current_user / session_user / current_database return on db (defaults:
 * "postgres", "postgres"; current_schema is always "public"). NULL leaves a value as it is.
 * Must be called after sqlfn_register_all() and not while a statement on db is running.
 * Returns 0, LG_EINVAL (not registered) or LG_ENOMEM. Thread: the thread that owns db. */
int sqlfn_set_session_info(sqlite3 *db, const char *user, const char *database);

/* Sequence session state: what currval() and lastval() remember (PostgreSQL keeps it per
 * session). By default each connection has its own. When a PostgreSQL session's statements
 * run on pooled connections, give the session one sqlfn_seq_session_t and attach it to the
 * connection before each statement (and detach with NULL after), so currval after an INSERT
 * on the writer works on a reader too. nextval positions themselves are process-wide and
 * non-transactional (see src/sqlfn/sqlfn_seq.c). */
typedef struct sqlfn_seq_session sqlfn_seq_session_t;

/* New empty session state. Never NULL (aborts on OOM). Thread: any. */
sqlfn_seq_session_t *sqlfn_seq_session_new(void);
/* Frees s (NULL is fine); s must not be attached anywhere. Thread: any. */
void sqlfn_seq_session_free(sqlfn_seq_session_t *s);
/* Makes currval/lastval/nextval/setval on db use s (NULL: the connection's own state).
 * Not while a statement on db runs. 0 or LG_EINVAL (db not registered). Thread: the thread
 * that owns db. */
int sqlfn_seq_session_attach(sqlite3 *db, sqlfn_seq_session_t *s);

/* Re-running a failed statement (to find the key of its error) must not hand out sequence
 * values again. Each new statement time (sqlfn_datetime_set_stmt_time) starts a statement;
 * replay_begin puts back the positions of the sequences that statement moved (0, or
 * LG_EINVAL when they are not known: do not re-run), replay_end restores the positions the
 * failed run left. Thread: the thread that owns db, between statements. */
int sqlfn_seq_replay_begin(sqlite3 *db);
void sqlfn_seq_replay_end(sqlite3 *db);

#endif
