/* test_copy.c - COPY FROM STDIN and COPY TO STDOUT through libpq: text, CSV and binary formats,
 * NULL markers and escapes, headers, atomicity (a bad row loads nothing), CopyFail, and the
 * connection staying usable afterwards. */
#include "e2e_server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

TestSuite(copy, .init = e2e_setup, .fini = e2e_teardown, .timeout = 60);

/* Sends `data` through COPY FROM STDIN; returns the final result (caller clears). */
static PGresult *copy_in(PGconn *c, const char *sql, const char *data, const char *fail)
{
    PGresult *r = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(r), PGRES_COPY_IN, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    cr_assert_eq(PQputCopyData(c, data, (int)strlen(data)), 1);
    cr_assert_eq(PQputCopyEnd(c, fail), 1);
    r = PQgetResult(c);
    PGresult *extra = PQgetResult(c);
    cr_assert_null(extra, "one result after COPY");
    return r;
}

/* Reads everything COPY TO STDOUT sends into a malloc'd string. */
static char *copy_out(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(r), PGRES_COPY_OUT, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    char *buf;
    int n;
    while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
        while (len + (size_t)n + 1 > cap)
            out = realloc(out, cap *= 2);
        memcpy(out + len, buf, (size_t)n);
        len += (size_t)n;
        PQfreemem(buf);
    }
    out[len] = '\0';
    r = PQgetResult(c);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    PQclear(r);
    cr_assert_null(PQgetResult(c));
    return out;
}

Test(copy, text_format_round_trip_with_nulls_and_escapes)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE t (id integer PRIMARY KEY, name text, note text)",
                     PGRES_COMMAND_OK));
    PGresult *r = copy_in(c, "COPY t FROM STDIN",
                          "1\talice\tline1\\nline2\n2\tbob\t\\N\n3\ttab\\there\tx\n", NULL);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), "COPY 3");
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM t WHERE note IS NULL"), 1);
    PGresult *q = e2e_exec(c, "SELECT note FROM t WHERE id = 1", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(q, 0, 0), "line1\nline2");
    PQclear(q);
    char *out = copy_out(c, "COPY t TO STDOUT");
    cr_expect_str_eq(out, "1\talice\tline1\\nline2\n2\tbob\t\\N\n3\ttab\\there\tx\n");
    free(out);
    PQfinish(c);
}

Test(copy, csv_with_header_quotes_and_column_list)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE p (id integer PRIMARY KEY, name text, price integer)",
                     PGRES_COMMAND_OK));
    PGresult *r = copy_in(c, "COPY p (id, name) FROM STDIN WITH (FORMAT csv, HEADER true)",
                          "id,name\n1,\"a, \"\"quoted\"\" name\"\n2,\n3,\"\"\n", NULL);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), "COPY 3");
    PQclear(r);
    /* unquoted empty is NULL in CSV, quoted empty is an empty string */
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM p WHERE name IS NULL"), 1);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM p WHERE name = ''"), 1);
    char *out = copy_out(c, "COPY (SELECT id, name FROM p ORDER BY id) TO STDOUT "
                            "WITH (FORMAT csv, HEADER)");
    cr_expect_str_eq(out, "id,name\n1,\"a, \"\"quoted\"\" name\"\n2,\n3,\"\"\n");
    free(out);
    PQfinish(c);
}

Test(copy, csv_force_quote_quotes_every_value_but_null)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE q (id integer, name text, note text)", PGRES_COMMAND_OK));
    PQclear(
        e2e_exec(c, "INSERT INTO q VALUES (1, 'ann', NULL), (2, 'bo b', 'x')", PGRES_COMMAND_OK));
    char *out = copy_out(c, "COPY (SELECT id, name, note FROM q ORDER BY id) TO STDOUT "
                            "WITH (FORMAT csv, HEADER, FORCE_QUOTE *)");
    cr_expect_str_eq(out, "id,name,note\n\"1\",\"ann\",\n\"2\",\"bo b\",\"x\"\n");
    free(out);
    out = copy_out(c, "COPY q TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (name))");
    cr_expect(strstr(out, "1,\"ann\",\n") != NULL, "%s", out);
    free(out);
    e2e_expect_error(c, "COPY q TO STDOUT WITH (FORCE_QUOTE *)", "0A000");
    PQfinish(c);
}

Test(copy, a_bad_row_loads_nothing_and_the_session_goes_on)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE n (id integer PRIMARY KEY, v integer NOT NULL)",
                     PGRES_COMMAND_OK));
    PGresult *r = copy_in(c, "COPY n FROM STDIN", "1\t10\n2\tnot-a-number\n3\t30\n", NULL);
    cr_expect_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P02");
    PQclear(r);
    r = copy_in(c, "COPY n FROM STDIN", "4\t40\n5\n", NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P04");
    PQclear(r);
    r = copy_in(c, "COPY n FROM STDIN", "6\t60\n", "client gave up");
    cr_expect_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM n"), 0);
    cr_expect_eq(PQtransactionStatus(c), PQTRANS_IDLE);
    PQfinish(c);
}

Test(copy, unsupported_forms_are_refused_clearly)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE f (id integer)", PGRES_COMMAND_OK));
    e2e_expect_error(c, "COPY f FROM '/etc/passwd'", "0A000");
    e2e_expect_error(c, "COPY f TO STDOUT WITH (FORMAT binary, DELIMITER ',')", "42601");
    e2e_expect_error(c, "COPY f FROM STDIN WITH (FORMAT binary, NULL 'x')", "42601");
    e2e_expect_error(c, "COPY f TO STDOUT WITH (FORMAT binary, HEADER)", "0A000");
    e2e_expect_error(c, "COPY f TO STDOUT WITH (QUOTE '\"')", "0A000");
    e2e_expect_error(c, "COPY nope FROM STDIN", "42P01");
    cr_expect_eq(e2e_query_int(c, "SELECT 1"), 1);
    PQfinish(c);
}

/* Many rows (several multi-row batches and a partial last one) all arrive; a bad row deep
 * inside a batch fails the COPY naming its own line, and nothing of it stays. */
Test(copy, many_rows_load_in_batches_and_errors_name_their_line)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE bulk (id integer PRIMARY KEY, v text, n numeric(6,2))",
                     PGRES_COMMAND_OK));
    size_t cap = 64 * 1024, len = 0;
    char *data = malloc(cap);
    for (int i = 1; i <= 1234; i++)
        len +=
            (size_t)snprintf(data + len, cap - len, "%d\tv%d\t%s\n", i, i, i % 7 ? "1.5" : "\\N");
    PGresult *r = copy_in(c, "COPY bulk FROM STDIN", data, NULL);
    cr_expect_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), "COPY 1234");
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM bulk"), 1234);
    cr_expect_eq(e2e_query_int(c, "SELECT sum(id) FROM bulk"), 1234 * 1235 / 2);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM bulk WHERE n IS NULL"), 1234 / 7);
    /* line 150 repeats an existing key */
    len = 0;
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(data + len, cap - len, "%d\tw\t2\n", i == 149 ? 5 : 5000 + i);
    r = copy_in(c, "COPY bulk FROM STDIN", data, NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
    const char *where = PQresultErrorField(r, PG_DIAG_CONTEXT);
    cr_expect(where && strcmp(where, "COPY bulk, line 150") == 0, "context: %s",
              where ? where : "(none)");
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM bulk"), 1234);
    free(data);
    PQfinish(c);
}

/* PostgreSQL 15 writes a HEADER line in text format too, names escaped like values. */
Test(copy, header_in_text_format)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE hp (id int, \"na,me\" text)", PGRES_COMMAND_OK));
    PQclear(e2e_exec(c, "INSERT INTO hp VALUES (1, 'a')", PGRES_COMMAND_OK));
    char *text = copy_out(c, "COPY hp TO STDOUT (FORMAT text, HEADER)");
    cr_expect_str_eq(text, "id\tna,me\n1\ta\n");
    free(text);
    char *csv = copy_out(c, "COPY hp TO STDOUT (FORMAT csv, HEADER)");
    cr_expect_str_eq(csv, "id,\"na,me\"\n1,a\n");
    free(csv);
    PQfinish(c);
}

Test(copy, short_and_long_rows_name_their_column_and_line)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE q (id int, a text, b text)", PGRES_COMMAND_OK));
    PGresult *r = copy_in(c, "COPY q FROM STDIN (FORMAT csv)", "1,x,y\n2,x\n", NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P04");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "missing data for column \"b\"");
    cr_expect(strstr(PQresultErrorField(r, PG_DIAG_CONTEXT), "COPY q, line 2") != NULL);
    PQclear(r);
    PQfinish(c);
}

/* ---- the binary format (what asyncpg's copy_records_to_table and pgx's CopyFrom send) ---- */

static const char k_sig[] = "PGCOPY\n\377\r\n";

/* Appends big-endian integers / raw bytes to a test buffer. */
typedef struct bin {
    char b[512];
    int n;
} bin_t;
static void put(bin_t *w, const void *p, int n)
{
    cr_assert_leq(w->n + n, (int)sizeof(w->b));
    memcpy(w->b + w->n, p, (size_t)n);
    w->n += n;
}
static void put32(bin_t *w, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put(w, x, 4);
}
static void put16(bin_t *w, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(w, x, 2);
}
static void header(bin_t *w)
{
    put(w, k_sig, 11); /* with its NUL */
    put32(w, 0);       /* flags */
    put32(w, 0);       /* header extension length */
}

static PGresult *copy_in_bytes(PGconn *c, const char *sql, const bin_t *w)
{
    PGresult *r = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(r), PGRES_COPY_IN, "%s: %s", sql, PQresultErrorMessage(r));
    cr_expect_eq(PQbinaryTuples(r), 1, "CopyInResponse says binary");
    PQclear(r);
    for (int i = 0; i < w->n; i += 7) /* in pieces: tuples span CopyData messages */
        cr_assert_eq(PQputCopyData(c, w->b + i, w->n - i < 7 ? w->n - i : 7), 1);
    cr_assert_eq(PQputCopyEnd(c, NULL), 1);
    r = PQgetResult(c);
    cr_assert_null(PQgetResult(c), "one result after COPY");
    return r;
}

Test(copy, binary_format_loads_typed_fields_and_nulls)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE b (id integer, name text, big bigint, ok boolean)",
                     PGRES_COMMAND_OK));
    bin_t w = {0};
    header(&w);
    put16(&w, 4); /* row 1: 7, 'héllo', 2^40, true */
    put32(&w, 4), put32(&w, 7);
    put32(&w, 6), put(&w, "h\xc3\xa9llo", 6);
    put32(&w, 8), put32(&w, 0x100), put32(&w, 0);
    put32(&w, 1), put(&w, "\1", 1);
    put16(&w, 4); /* row 2: -1 and three NULLs */
    put32(&w, 4), put32(&w, 0xffffffffu);
    put32(&w, 0xffffffffu), put32(&w, 0xffffffffu), put32(&w, 0xffffffffu);
    put16(&w, 0xffff); /* trailer */
    PGresult *r = copy_in_bytes(c, "COPY b FROM STDIN WITH (FORMAT binary)", &w);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQresultErrorMessage(r));
    cr_expect_str_eq(PQcmdStatus(r), "COPY 2");
    PQclear(r);
    PGresult *q =
        e2e_exec(c, "SELECT id, name, big, ok, name IS NULL FROM b ORDER BY id", PGRES_TUPLES_OK);
    cr_assert_eq(PQntuples(q), 2);
    cr_expect_str_eq(PQgetvalue(q, 0, 0), "-1");
    cr_expect_str_eq(PQgetvalue(q, 0, 4), "t");
    cr_expect_str_eq(PQgetvalue(q, 1, 0), "7");
    cr_expect_str_eq(PQgetvalue(q, 1, 1), "h\xc3\xa9llo");
    cr_expect_str_eq(PQgetvalue(q, 1, 2), "1099511627776");
    cr_expect_str_eq(PQgetvalue(q, 1, 3), "t");
    PQclear(q);
    PQfinish(c);
}

/* Byte for byte what PostgreSQL 15 sends for this query (checked against it). */
Test(copy, binary_format_out_matches_postgresql)
{
    PGconn *c = e2e_connect(NULL);
    PGresult *r = PQexec(c, "COPY (SELECT 1::int4 AS a, NULL::text AS b, 'x'::text AS c) "
                            "TO STDOUT WITH (FORMAT binary)");
    cr_assert_eq(PQresultStatus(r), PGRES_COPY_OUT, "%s", PQresultErrorMessage(r));
    cr_expect_eq(PQbinaryTuples(r), 1);
    PQclear(r);
    bin_t got = {0}, want = {0};
    char *buf;
    int n;
    while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
        put(&got, buf, n);
        PQfreemem(buf);
    }
    r = PQgetResult(c);
    cr_expect_str_eq(PQcmdStatus(r), "COPY 1");
    PQclear(r);
    cr_assert_null(PQgetResult(c));
    header(&want);
    put16(&want, 3);
    put32(&want, 4), put32(&want, 1);
    put32(&want, 0xffffffffu);
    put32(&want, 1), put(&want, "x", 1);
    put16(&want, 0xffff);
    cr_assert_eq(got.n, want.n);
    cr_expect_eq(memcmp(got.b, want.b, (size_t)want.n), 0);
    PQfinish(c);
}

/* Lengths of the CopyData messages of a COPY TO; n of them at most. */
static int copy_message_lengths(PGconn *c, const char *sql, int *lens, int max)
{
    PGresult *r = PQexec(c, sql);
    cr_assert_eq(PQresultStatus(r), PGRES_COPY_OUT, "%s", PQresultErrorMessage(r));
    PQclear(r);
    int k = 0, n;
    char *buf;
    while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
        if (k < max)
            lens[k] = n;
        k++;
        PQfreemem(buf);
    }
    PQclear(PQgetResult(c));
    cr_assert_null(PQgetResult(c));
    return k;
}

/* As PostgreSQL frames binary COPY TO: one CopyData message per tuple, the header in the
 * first tuple's message, the trailer alone (with the header when there are no rows).
 * psycopg's cursor.copy() rows() reads the messages that way. */
Test(copy, binary_format_out_one_message_per_tuple)
{
    PGconn *c = e2e_connect(NULL);
    int lens[8];
    int k = copy_message_lengths(c,
                                 "COPY (SELECT g::int4 FROM generate_series(1, 3) g) TO STDOUT "
                                 "(FORMAT binary)",
                                 lens, 8);
    cr_assert_eq(k, 4);
    cr_expect_eq(lens[0], 19 + 10, "header + first tuple");
    cr_expect_eq(lens[1], 10);
    cr_expect_eq(lens[2], 10);
    cr_expect_eq(lens[3], 2, "the trailer alone");
    k = copy_message_lengths(c, "COPY (SELECT 1::int4 WHERE false) TO STDOUT (FORMAT binary)", lens,
                             8);
    cr_assert_eq(k, 1);
    cr_expect_eq(lens[0], 19 + 2, "header + trailer");
    PQfinish(c);
}

/* A bad stream fails the COPY with 22P04 naming what PostgreSQL names; nothing loads and
 * the session goes on. */
Test(copy, binary_format_errors)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE e (id integer, v text)", PGRES_COMMAND_OK));
    bin_t sig = {0};
    put(&sig, "PGCOPX\n\377\r\n", 11);
    put32(&sig, 0), put32(&sig, 0);
    bin_t count = {0};
    header(&count);
    put16(&count, 3);
    bin_t eof = {0};
    header(&eof);
    put16(&eof, 2), put32(&eof, 4), put32(&eof, 1), put32(&eof, 5), put(&eof, "ab", 2);
    bin_t after = {0};
    header(&after);
    put16(&after, 2), put32(&after, 4), put32(&after, 1), put32(&after, 0xffffffffu);
    put16(&after, 0xffff), put(&after, "zz", 2);
    struct {
        const bin_t *w;
        const char *msg, *context;
    } k_cases[] = {
        {&sig, "COPY file signature not recognized", NULL},
        {&count, "row field count is 3, expected 2", "COPY e, line 1"},
        {&eof, "unexpected EOF in COPY data", "COPY e, line 1, column v"},
        {&after, "received copy data after EOF marker", "COPY e, line 2"},
    };
    for (size_t i = 0; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
        PGresult *r = copy_in_bytes(c, "COPY e FROM STDIN (FORMAT binary)", k_cases[i].w);
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P04");
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), k_cases[i].msg);
        const char *ctx = PQresultErrorField(r, PG_DIAG_CONTEXT);
        if (k_cases[i].context)
            cr_expect_str_eq(ctx ? ctx : "(none)", k_cases[i].context);
        else
            cr_expect_null(ctx, "no line for a header error: %s", ctx);
        PQclear(r);
    }
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM e"), 0);
    PQfinish(c);
}

/* The option checks of PostgreSQL's COPY: each mode's options, repeated options, a column
 * named twice. */
Test(copy, options_are_checked_as_postgres_does)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE o (id int, name text)", PGRES_COMMAND_OK));
    static const char *const k[][2] = {
        {"COPY o TO STDOUT (FORMAT csv, HEADER match)", "0A000"},
        {"COPY o TO STDOUT (FORMAT csv, HEADER maybe)", "42601"},
        {"COPY o TO STDOUT (FORMAT text, QUOTE '\"')", "0A000"},
        {"COPY o TO STDOUT (FORMAT text, ESCAPE '\"')", "0A000"},
        {"COPY o TO STDOUT (FORMAT csv, FORCE_NOT_NULL (name))", "0A000"},
        {"COPY o FROM STDIN (FORMAT text, FORCE_NULL (name))", "0A000"},
        {"COPY o FROM STDIN (FORMAT csv, FORCE_NULL *)", "22023"},
        {"COPY o (id) FROM STDIN (FORMAT csv, FORCE_NULL (name))", "42P10"},
        {"COPY o FROM STDIN (FORMAT csv, FORCE_NULL (nope))", "42703"},
        {"COPY o (id, id) TO STDOUT", "42701"},
        {"COPY o TO STDOUT (FORMAT csv, FORMAT text)", "42601"},
        {"COPY o TO STDOUT (FORMAT json)", "22023"},
        {"COPY o TO STDOUT (FORMAT csv, DELIMITER '\"')", "22023"},
        {"COPY o TO STDOUT (FORMAT csv, NULL ',')", "0A000"},
        {"COPY o TO STDOUT (FORMAT text, DELIMITER 'a')", "22023"},
        {"COPY o TO STDOUT (HEADER, HEADER)", "42601"},
    };
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        e2e_expect_error(c, k[i][0], k[i][1]);
    cr_expect_eq(e2e_query_int(c, "SELECT 1"), 1);
    PQfinish(c);
}

/* HEADER MATCH: the header line must name the COPY's columns in order; a mismatch fails
 * naming the field, with the line in CONTEXT. */
Test(copy, header_match_checks_the_column_names)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE h (id int, name text)", PGRES_COMMAND_OK));
    PGresult *r =
        copy_in(c, "COPY h FROM STDIN (FORMAT csv, HEADER match)", "id,name\n1,a\n", NULL);
    cr_expect_str_eq(PQcmdStatus(r), "COPY 1", "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = copy_in(c, "COPY h (name, id) FROM STDIN (FORMAT text, HEADER match)", "name\tid\nb\t2\n",
                NULL);
    cr_expect_str_eq(PQcmdStatus(r), "COPY 1", "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = copy_in(c, "COPY h FROM STDIN (FORMAT csv, HEADER match)", "id,nm\n3,c\n", NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22P04");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "column name mismatch in header line field 2: got \"nm\", expected \"name\"");
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_CONTEXT), "COPY h, line 1: \"id,nm\"");
    PQclear(r);
    r = copy_in(c, "COPY h FROM STDIN (FORMAT csv, HEADER match)", "id\n3\n", NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "wrong number of fields in header line: got 1, expected 2");
    PQclear(r);
    cr_expect_eq(e2e_query_int(c, "SELECT count(*) FROM h"), 2);
    PQfinish(c);
}

/* FORCE_NULL reads a quoted NULL string as NULL; FORCE_NOT_NULL reads an unquoted one as
 * the string itself. */
Test(copy, csv_force_null_and_force_not_null)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE n (id int, a text, b text)", PGRES_COMMAND_OK));
    PGresult *r = copy_in(c, "COPY n FROM STDIN (FORMAT csv, FORCE_NULL (a), FORCE_NOT_NULL (b))",
                          "1,\"\",\n2,,\"\"\n", NULL);
    cr_expect_str_eq(PQcmdStatus(r), "COPY 2", "%s", PQresultErrorMessage(r));
    PQclear(r);
    r = copy_in(c, "COPY n FROM STDIN (FORMAT csv, NULL 'N', FORCE_NULL (a, b))",
                "3,\"N\",N\n4,x,\"n\"\n", NULL);
    cr_expect_str_eq(PQcmdStatus(r), "COPY 2", "%s", PQresultErrorMessage(r));
    PQclear(r);
    char *out = copy_out(c, "COPY (SELECT id, a IS NULL, b IS NULL, b FROM n ORDER BY id) "
                            "TO STDOUT");
    cr_expect_str_eq(out, "1\tt\tf\t\n2\tt\tf\t\n3\tt\tt\t\\N\n4\tf\tf\tn\n");
    free(out);
    PQfinish(c);
}

/* A row with too many or too few fields shows the line's text in CONTEXT, cut at 100
 * bytes. */
Test(copy, field_count_errors_show_the_line)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE l (id int, a text)", PGRES_COMMAND_OK));
    char data[200];
    memset(data, 'x', sizeof(data));
    memcpy(data, "1,a,", 4);
    data[150] = '\n';
    data[151] = '\0';
    PGresult *r = copy_in(c, "COPY l FROM STDIN (FORMAT csv)", data, NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                     "extra data after last expected column");
    char want[160];
    snprintf(want, sizeof(want), "COPY l, line 1: \"%.100s...\"", data);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_CONTEXT), want);
    PQclear(r);
    r = copy_in(c, "COPY l FROM STDIN (FORMAT csv)", "1,a\n7\n", NULL);
    cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_CONTEXT), "COPY l, line 2: \"7\"");
    PQclear(r);
    PQfinish(c);
}

/* Unknown tables and columns of a table's COPY: no position (PostgreSQL gives none), and a
 * column "of relation t". */
Test(copy, unknown_table_or_column_errors)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE u (id int)", PGRES_COMMAND_OK));
    static const char *const k[][3] = {
        {"COPY nosuch TO STDOUT", "42P01", "relation \"nosuch\" does not exist"},
        {"COPY u (nope) TO STDOUT", "42703", "column \"nope\" of relation \"u\" does not exist"},
        {"COPY u (id, nope) FROM STDIN", "42703",
         "column \"nope\" of relation \"u\" does not exist"},
    };
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
        PGresult *r = PQexec(c, k[i][0]);
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), k[i][1], "%s", k[i][0]);
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), k[i][2], "%s", k[i][0]);
        cr_expect_null(PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION), "%s", k[i][0]);
        PQclear(r);
    }
    PQfinish(c);
}

/* A client's CopyFail (psycopg sends one when the code inside `with cur.copy()` raises):
 * 57014 naming the line being read, as PostgreSQL. */
Test(copy, copy_fail_names_the_line_being_read)
{
    PGconn *c = e2e_connect(NULL);
    PQclear(e2e_exec(c, "CREATE TABLE cf (a int, b text)", PGRES_COMMAND_OK));
    const char *data[] = {"", "1\tx\n2\ty\n", "1\tx\n2\ty"};
    const char *want[] = {"COPY cf, line 1", "COPY cf, line 3", "COPY cf, line 2"};
    for (int i = 0; i < 3; i++) {
        PGresult *r = PQexec(c, "COPY cf FROM STDIN");
        cr_assert_eq(PQresultStatus(r), PGRES_COPY_IN, "%s", PQresultErrorMessage(r));
        PQclear(r);
        if (data[i][0])
            cr_assert_eq(PQputCopyData(c, data[i], (int)strlen(data[i])), 1);
        cr_assert_eq(PQputCopyEnd(c, "boom"), 1);
        r = PQgetResult(c);
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY),
                         "COPY from stdin failed: boom");
        cr_expect_str_eq(PQresultErrorField(r, PG_DIAG_CONTEXT), want[i]);
        PQclear(r);
        while ((r = PQgetResult(c)))
            PQclear(r);
    }
    PGresult *r = e2e_exec(c, "SELECT count(*) FROM cf", PGRES_TUPLES_OK);
    cr_expect_str_eq(PQgetvalue(r, 0, 0), "0");
    PQclear(r);
    PQfinish(c);
}
