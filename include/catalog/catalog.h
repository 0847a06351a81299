/* catalog.h - pg_catalog relations, information_schema views and the catalog SQL functions
 * psql and drivers call, registered on one SQLite connection (worker thread).
 *
 * Naming contract with the translator (docs/catalog.md): pg_catalog.X is the SQLite table
 * X (pg_class, pg_type, ...); information_schema.X is information_schema_X. All are
 * eponymous read-only virtual tables answered from SQLite's schema and the metadata tables
 * of catalog_meta.h; nothing is written to the database file, so read-only connections work.
 * User relations get stable OIDs (16384 + a 30-bit hash of the name, collisions probed
 * deterministically) that stay the same while the schema does. */
#ifndef LG_CATALOG_CATALOG_H
#define LG_CATALOG_CATALOG_H

typedef struct sqlite3 sqlite3;

/* Registers every catalog relation and function on db. Returns 0 or LG_EINVAL (SQLite
 * refused one). Call once per connection, after sqlfn_register_all: array_to_string,
 * pg_backend_pid, current_setting, current_user/current_database and the lg_to_regclass /
 * lg_to_regtype converters (which call this module's lg_regclass / lg_regtype) are sqlfn's. Thread:
 * the thread that owns db (the connection factory, a worker). */
int catalog_register_all(sqlite3 *db);

#endif
