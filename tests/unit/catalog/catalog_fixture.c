/* catalog_fixture.c - see catalog_fixture.h. */
#include "catalog_fixture.h"
#include "catalog.h"
#include "catalog_meta.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

sqlite3 *fixture_open(const char *path)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(catalog_register_all(db), 0);
    return db;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, err ? err : "");
    sqlite3_free(err);
}

void fixture_create_schema(sqlite3 *db)
{
    exec(db, CATALOG_META_CREATE_SQL);
    exec(db,
         "CREATE TABLE tk_agents(agent_id INTEGER PRIMARY KEY, handle TEXT NOT NULL UNIQUE, "
         "full_name TEXT NOT NULL, on_call INTEGER NOT NULL DEFAULT 0, hourly_rate NUMERIC);"
         "INSERT INTO _lg_columns VALUES ('tk_agents','agent_id',1,'integer',23,-1,''),"
         "('tk_agents','handle',2,'varchar(32)',1043,36,''),"
         "('tk_agents','full_name',3,'text',25,-1,''),"
         "('tk_agents','on_call',4,'boolean',16,-1,''),"
         "('tk_agents','hourly_rate',5,'numeric(6,2)',1700,393222,'');"
         "INSERT INTO _lg_constraints VALUES ('tk_agents','tk_agents_pkey','p','agent_id',NULL,"
         "NULL),('tk_agents','tk_agents_handle_key','u','handle',NULL,NULL);"
         "CREATE TABLE tk_tickets(id INTEGER PRIMARY KEY DEFAULT (nextval('tk_tickets_id_seq')),"
         " subject TEXT NOT NULL, priority INTEGER NOT NULL DEFAULT 3 "
         "CONSTRAINT tk_tickets_priority_check CHECK (priority BETWEEN 1 AND 5), "
         "assignee INTEGER REFERENCES tk_agents(agent_id) ON DELETE SET NULL, "
         "labels TEXT NOT NULL DEFAULT '[]');"
         "INSERT INTO _lg_columns VALUES ('tk_tickets','id',1,'bigint',20,-1,''),"
         "('tk_tickets','subject',2,'varchar(200)',1043,204,''),"
         "('tk_tickets','priority',3,'smallint',21,-1,''),"
         "('tk_tickets','assignee',4,'integer',23,-1,''),"
         "('tk_tickets','labels',5,'text[]',1009,-1,'');"
         "INSERT INTO _lg_constraints VALUES ('tk_tickets','tk_tickets_pkey','p','id',NULL,NULL),"
         "('tk_tickets','tk_tickets_priority_check','c','priority',NULL,NULL),"
         "('tk_tickets','tk_tickets_assignee_fkey','f','assignee','tk_agents','agent_id');"
         "INSERT INTO _lg_sequences VALUES ('tk_tickets_id_seq',1,1,1,1,9223372036854775807,0,0,"
         "'tk_tickets','id');"
         "CREATE INDEX tk_tickets_open_idx ON tk_tickets (priority) WHERE assignee IS NULL;"
         "CREATE VIEW v1 AS SELECT agent_id FROM tk_agents;"
         "INSERT INTO _lg_columns VALUES ('v1','agent_id',1,'integer',23,-1,'');"
         "INSERT INTO _lg_comments VALUES ('table','tk_agents','','Support agents'),"
         "('column','tk_agents','handle','login name');");
}

char *fixture_query(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    sqlite3_str *out = sqlite3_str_new(NULL);
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW)
            break;
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *v = sqlite3_column_text(st, i);
            sqlite3_str_appendf(out, "%s%s", i ? "|" : "", v ? (const char *)v : "");
        }
        sqlite3_str_appendall(out, "\n");
    }
    if (rc != SQLITE_DONE) {
        sqlite3_str_reset(out);
        sqlite3_str_appendf(out, "ERROR: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    char *s = sqlite3_str_finish(out);
    char *r = strdup(s ? s : "");
    sqlite3_free(s);
    return r;
}

char *fixture_value(sqlite3 *db, const char *sql)
{
    char *rows = fixture_query(db, sql);
    char *end = strpbrk(rows, "|\n");
    if (end)
        *end = '\0';
    return rows;
}
