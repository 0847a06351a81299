/* test_catalog_oid.c - stable relation OIDs across connections, regclass / regtype
 * conversions, format_type, pg_type's real OIDs, databases without metadata tables and
 * read-only connections. */
#include "catalog.h"
#include "catalog_fixture.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPECT_ROWS(db, sql, expected)                                                             \
    do {                                                                                           \
        char *got_ = fixture_query(db, sql);                                                       \
        cr_expect_str_eq(got_, expected, "query: %s\ngot:\n%s", sql, got_);                        \
        free(got_);                                                                                \
    } while (0)

static char g_path[64];

static sqlite3 *open_file_db(void)
{
    snprintf(g_path, sizeof(g_path), "/tmp/lg_catalog_test_XXXXXX");
    int fd = mkstemp(g_path);
    cr_assert(fd >= 0);
    close(fd);
    return fixture_open(g_path);
}

Test(oid, same_schema_same_oids_on_every_connection)
{
    sqlite3 *a = open_file_db();
    fixture_create_schema(a);
    sqlite3 *b = fixture_open(g_path);
    const char *sql = "SELECT relname, oid FROM pg_class ORDER BY relname";
    char *ra = fixture_query(a, sql);
    char *rb = fixture_query(b, sql);
    cr_expect_str_eq(ra, rb);
    cr_expect(strstr(ra, "tk_agents|") != NULL);
    EXPECT_ROWS(a, "SELECT count(*) FROM pg_class WHERE oid < 16384", "0\n");
    EXPECT_ROWS(a, "SELECT count(DISTINCT oid) = count(*) FROM pg_class", "1\n");
    /* an unrelated new table leaves existing OIDs alone */
    char *before = fixture_value(a, "SELECT oid FROM pg_class WHERE relname = 'tk_agents'");
    cr_assert_eq(sqlite3_exec(b, "CREATE TABLE zz_new(a INTEGER)", NULL, NULL, NULL), SQLITE_OK);
    char *after = fixture_value(a, "SELECT oid FROM pg_class WHERE relname = 'tk_agents'");
    cr_expect_str_eq(before, after);
    EXPECT_ROWS(a, "SELECT count(*) FROM pg_class WHERE relname = 'zz_new'", "1\n");
    free(ra);
    free(rb);
    free(before);
    free(after);
    sqlite3_close(b);
    sqlite3_close(a);
    unlink(g_path);
}

Test(oid, read_only_connection)
{
    sqlite3 *a = open_file_db();
    fixture_create_schema(a);
    sqlite3 *ro = NULL;
    cr_assert_eq(sqlite3_open_v2(g_path, &ro, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(catalog_register_all(ro), 0);
    EXPECT_ROWS(ro, "SELECT relname FROM pg_class WHERE relkind = 'r' ORDER BY 1",
                "tk_agents\ntk_tickets\n");
    sqlite3_close(ro);
    sqlite3_close(a);
    unlink(g_path);
}

Test(oid, regclass_conversions)
{
    sqlite3 *db = fixture_open(":memory:");
    fixture_create_schema(db);
    char *oid = fixture_value(db, "SELECT oid FROM pg_class WHERE relname = 'tk_agents'");
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT lg_regclass('tk_agents') = %s, lg_regclass('public.tk_agents') = %s, "
             "lg_regclass('\"tk_agents\"') = %s, lg_regclass_out(%s), "
             "to_regclass('public.nothing') IS NULL, lg_regclass('%s') = %s",
             oid, oid, oid, oid, oid, oid);
    EXPECT_ROWS(db, sql, "1|1|1|tk_agents|1|1\n");
    char *err = fixture_query(db, "SELECT lg_regclass('nothing')");
    cr_expect(strstr(err, "42P01") != NULL, "%s", err);
    EXPECT_ROWS(db, "SELECT lg_regclass('pg_class'), lg_regclass_out(1259)", "1259|pg_class\n");
    EXPECT_ROWS(db,
                "SELECT lg_regclass('tk_tickets_id_seq') = oid FROM pg_class "
                "WHERE relname = 'tk_tickets_id_seq' AND relkind = 'S'",
                "1\n");
    free(err);
    free(oid);
    sqlite3_close(db);
}

Test(oid, regtype_and_format_type)
{
    sqlite3 *db = fixture_open(":memory:");
    EXPECT_ROWS(db,
                "SELECT lg_regtype('integer'), lg_regtype('character varying(10)'), "
                "lg_regtype('text[]'), lg_regtype('pg_catalog.int8'), "
                "lg_regtype('timestamp with time zone'), to_regtype('nosuch')",
                "23|1043|1009|20|1184|\n");
    char *err = fixture_query(db, "SELECT lg_regtype('nosuch')");
    cr_expect(strstr(err, "42704") != NULL, "%s", err);
    free(err);
    EXPECT_ROWS(db, "SELECT lg_regtype_out(1184), lg_regtype_out(1043), lg_regtype_out(1007)",
                "timestamp with time zone|character varying|integer[]\n");
    /* values checked against PostgreSQL 15's format_type */
    EXPECT_ROWS(db,
                "SELECT format_type(1042, NULL), format_type(1042, -1), "
                "format_type(1042, 14), format_type(1184, 7), format_type(1231, 393222), "
                "format_type(1015, 36), format_type(1114, 3), format_type(1266, -1), "
                "format_type(18, -1), format_type(1700, -1)",
                "character|bpchar|character(10)|timestamp(7) with time zone|numeric(6,2)[]|"
                "character varying(32)[]|timestamp(3) without time zone|time with time zone|"
                "\"char\"|numeric\n");
    sqlite3_close(db);
}

Test(oid, pg_type_has_postgres_oids)
{
    sqlite3 *db = fixture_open(":memory:");
    /* the corpus's ORM query, with PostgreSQL 15's answer */
    EXPECT_ROWS(db,
                "SELECT oid, typname, typarray, typlen, typtype FROM pg_type WHERE typname IN "
                "('bool', 'int2', 'int4', 'int8', 'text', 'numeric', 'timestamptz', 'uuid', "
                "'jsonb', 'bytea', 'date', 'float8') ORDER BY oid",
                "16|bool|1000|1|b\n17|bytea|1001|-1|b\n20|int8|1016|8|b\n21|int2|1005|2|b\n"
                "23|int4|1007|4|b\n25|text|1009|-1|b\n701|float8|1022|8|b\n"
                "1082|date|1182|4|b\n1184|timestamptz|1185|8|b\n1700|numeric|1231|-1|b\n"
                "2950|uuid|2951|16|b\n3802|jsonb|3807|-1|b\n");
    EXPECT_ROWS(db, "SELECT typname, typelem, typcategory FROM pg_type WHERE oid = '1009'",
                "_text|25|A\n");
    sqlite3_close(db);
}

Test(oid, schema_without_metadata_tables)
{
    sqlite3 *db = fixture_open(":memory:");
    cr_assert_eq(sqlite3_exec(db,
                              "CREATE TABLE plain(a INTEGER PRIMARY KEY, "
                              "b varchar(10) NOT NULL DEFAULT 'x')",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    EXPECT_ROWS(db, "SELECT relname, relkind FROM pg_class ORDER BY 1", "plain|r\nplain_pkey|i\n");
    EXPECT_ROWS(db,
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                "d.adbin FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = "
                "a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = "
                "lg_regclass('plain') AND a.attnum > 0 ORDER BY a.attnum",
                "a|integer|1|\nb|character varying(10)|1|'x'::character varying\n");
    EXPECT_ROWS(db, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint",
                "plain_pkey|PRIMARY KEY (a)\n");
    EXPECT_ROWS(db, "SELECT count(*) FROM pg_sequence", "0\n");
    sqlite3_close(db);
}

Test(oid, snapshot_follows_ddl_rollback_and_metadata_writes)
{
    sqlite3 *db = fixture_open(":memory:");
    fixture_create_schema(db);
    const char *sql = "SELECT relname FROM pg_class WHERE relname IN ('x1', 'y1', 'new_seq') "
                      "ORDER BY 1";
    cr_assert_eq(sqlite3_exec(db, "BEGIN; CREATE TABLE x1(a INTEGER)", NULL, NULL, NULL),
                 SQLITE_OK);
    EXPECT_ROWS(db, sql, "x1\n");
    cr_assert_eq(sqlite3_exec(db, "ROLLBACK; BEGIN; CREATE TABLE y1(a INTEGER)", NULL, NULL, NULL),
                 SQLITE_OK);
    EXPECT_ROWS(db, sql, "y1\n");
    cr_assert_eq(sqlite3_exec(db,
                              "COMMIT; INSERT INTO _lg_sequences VALUES ('new_seq',1,1,1,1,"
                              "100,0,0,NULL,NULL)",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    EXPECT_ROWS(db, sql, "new_seq\ny1\n");
    sqlite3_close(db);
}
