/* sqlfn_harness.h - shared helpers for the sqlfn unit tests: an in-memory SQLite with every
 * sqlfn function registered, and q(), which runs one SELECT and returns its first column of
 * the first row as text ("NULL" for SQL NULL, "ERR <message>" on error, "" for no row). */
#ifndef LG_TEST_SQLFN_HARNESS_H
#define LG_TEST_SQLFN_HARNESS_H
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "sqlfn.h"

static sqlite3 *db;
static char result[4096];

static void harness_open(void)
{
    cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    cr_assert_eq(sqlfn_register_all(db), 0);
}

static void harness_close(void)
{
    cr_assert_eq(sqlite3_close(db), SQLITE_OK);
    db = NULL;
}

/* Runs sql; the first column of the first row as text, "NULL", or "ERR <message>" (a DETAIL
 * or HINT after the message follows a '|'). */
static const char *q(const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(result, sizeof result, "ERR %s", sqlite3_errmsg(db));
        return result;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
            snprintf(result, sizeof result, "NULL");
        } else {
            snprintf(result, sizeof result, "%s", t);
        }
    } else if (rc == SQLITE_DONE) {
        result[0] = '\0';
    } else {
        snprintf(result, sizeof result, "ERR %s", sqlite3_errmsg(db));
        for (char *p = result; *p; p++) /* "\x1fDETAIL:", "\x1fHINT:" (sqlfn__error_pg) */
            if (*p == '\x1f')
                *p = '|';
    }
    sqlite3_finalize(st);
    return result;
}

#define EXPECT(sql, want) cr_expect_str_eq(q(sql), (want), "%s -> %s", (sql), result)

#endif
