/* catalog_fixture.h - a SQLite database laid out the way litegres's translator creates
 * schema (SQLite DDL + rows in the metadata tables of docs/storage.md), with the catalog
 * registered, and a helper that renders query results like `psql -A -t`. */
#ifndef LG_TEST_CATALOG_FIXTURE_H
#define LG_TEST_CATALOG_FIXTURE_H
#include <sqlite3.h>

/* Opens path (":memory:" allowed) and registers the catalog; aborts the test on failure. */
sqlite3 *fixture_open(const char *path);
/* Creates tk_agents, tk_tickets (serial, check, FK, partial index), the view v1 and their
 * metadata rows, as `CREATE TABLE ...` in PostgreSQL would through litegres. */
void fixture_create_schema(sqlite3 *db);
/* Runs sql; rows as "a|b\n" lines, NULL as "", or "ERROR: <message>". Caller frees. */
char *fixture_query(sqlite3 *db, const char *sql);
/* The first column of the first row as text ("" when none). Caller frees. */
char *fixture_value(sqlite3 *db, const char *sql);

#endif
