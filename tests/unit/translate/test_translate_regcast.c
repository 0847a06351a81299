/* test_translate_regcast.c - the reg* casts psql's \d queries use: oids stay integers inside
 * expressions, text goes through the catalog's look-up, and names are printed only where
 * PostgreSQL prints them (a top-level output column, or ::text). */
#include "pgtype.h"
#include "translate_test_util.h"
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char *emit(const char *pg, translate_result_t **r)
{
    lg_pgerr_t err;
    sqlite3 *db = tt_db_open();
    char *sql = tt_translate(db, pg, &err, r);
    sqlite3_close(db);
    cr_assert_not_null(sql, "%s: %s", pg, err.message);
    return sql;
}

Test(translate_regcast, output_column_prints_the_name)
{
    translate_result_t *r = NULL;
    char *sql = emit("SELECT conrelid::pg_catalog.regclass AS ontable, "
                     "stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp "
                     "FROM (SELECT 1 AS conrelid, 11 AS stxnamespace) s",
                     &r);
    cr_expect(strstr(sql, "lg_regclass_out(conrelid)") != NULL, "%s", sql);
    cr_expect(strstr(sql, "lg_regnamespace_out(stxnamespace)") != NULL, "%s", sql);
    cr_expect_eq(r->stmts[0].cols[0].type_oid, PGTYPE_REGCLASS);
    cr_expect_eq(r->stmts[0].cols[1].type_oid, PGTYPE_TEXT);
    free(sql);
    tt_result_free(r);
}

Test(translate_regcast, comparisons_keep_oids)
{
    translate_result_t *r = NULL;
    char *sql = emit("SELECT 1 FROM (SELECT 5 AS oid) c WHERE c.oid::regclass = "
                     "'t'::pg_catalog.regclass AND c.oid::oid > 0", &r);
    cr_expect(strstr(sql, "lg_regclass_out") == NULL, "no names in comparisons: %s", sql);
    cr_expect(strstr(sql, "lg_to_regclass('t')") != NULL, "%s", sql);
    free(sql);
    tt_result_free(r);
    sql = emit("SELECT 1 WHERE 'x'::regnamespace = 2200 AND 'f'::regproc = 0 AND "
               "'u'::regrole = 10", &r);
    cr_expect(strstr(sql, "lg_regnamespace('x')") != NULL, "%s", sql);
    cr_expect(strstr(sql, "lg_regproc('f')") != NULL, "%s", sql);
    cr_expect(strstr(sql, "lg_regrole('u')") != NULL, "%s", sql);
    free(sql);
    tt_result_free(r);
}
