/* sqlfn_record.c - values of composite types (CREATE TYPE t AS (...)), stored as their
 * PostgreSQL text form "(A5,90,f)" (docs/storage.md, "User types"):
 *   lg_record_text(oid1, v1, oid2, v2, ...)  builds the text of a row value from fields in
 *       storage form and their type OIDs: booleans print t/f, NULL is an empty field, and a
 *       field that is empty or holds a quote, backslash, comma, parenthesis or white space is
 *       double-quoted with " and \ doubled, as PostgreSQL's record_out does.
 *   lg_record_field(rec, k, oid)  field k (1-based) of a record text in storage form for
 *       type oid: integers as INTEGER, floats and numerics as REAL, booleans as 1/0, other
 *       types as TEXT; an empty unquoted field is NULL; a malformed record is 22P02. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lg_err.h"
#include "pgtype.h"
#include "sqlfn_int.h"

static bool needs_quotes(const unsigned char *s, size_t n)
{
    if (n == 0)
        return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"' || s[i] == '\\' || s[i] == '(' || s[i] == ')' || s[i] == ',' ||
            isspace(s[i]))
            return true;
    return false;
}

static void fn_record_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    lg_buf_t b, f;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_init(&f, SQLFN_MAX_LEN);
    lg_buf_putc(&b, '(');
    for (int i = 0; i + 1 < argc; i += 2) {
        if (i)
            lg_buf_putc(&b, ',');
        sqlite3_value *v = argv[i + 1];
        if (sqlite3_value_type(v) == SQLITE_NULL)
            continue;
        lg_buf_reset(&f);
        if (sqlite3_value_int64(argv[i]) == PGTYPE_BOOL)
            lg_buf_putc(&f, sqlite3_value_int64(v) ? 't' : 'f');
        else
            sqlfn__append_value_text(&f, v);
        const unsigned char *s = f.data ? f.data : (const unsigned char *)"";
        if (!needs_quotes(s, f.len)) {
            lg_buf_append(&b, s, f.len);
            continue;
        }
        lg_buf_putc(&b, '"');
        for (size_t k = 0; k < f.len; k++) {
            if (s[k] == '"' || s[k] == '\\')
                lg_buf_putc(&b, s[k]);
            lg_buf_putc(&b, s[k]);
        }
        lg_buf_putc(&b, '"');
    }
    lg_buf_putc(&b, ')');
    lg_buf_deinit(&f);
    sqlfn__result_buf_text(ctx, &b);
}

/* Field k (1-based) of record text s into out; 1 found, 0 NULL field, -1 malformed/none. */
static int record_field(const char *s, size_t n, int k, lg_buf_t *out)
{
    if (n < 2 || s[0] != '(' || s[n - 1] != ')')
        return -1;
    size_t i = 1;
    for (int field = 1; i < n; field++) {
        bool quoted = false, any = false;
        lg_buf_reset(out);
        while (i < n - 1 && (quoted || (s[i] != ',' && s[i] != ')'))) {
            char ch = s[i++];
            any = true;
            if (ch == '"') {
                if (quoted && i < n - 1 && s[i] == '"')
                    lg_buf_putc(out, (uint8_t)s[i++]);
                else
                    quoted = !quoted;
            } else if (ch == '\\' && i < n - 1) {
                lg_buf_putc(out, (uint8_t)s[i++]);
            } else {
                lg_buf_putc(out, (uint8_t)ch);
            }
        }
        if (field == k)
            return any ? 1 : 0;
        if (i >= n - 1)
            return -1;
        i++; /* the comma */
    }
    return -1;
}

static void fn_record_field(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    lg_buf_t f;
    lg_buf_init(&f, SQLFN_MAX_LEN);
    int r = record_field(s, (size_t)sqlite3_value_bytes(argv[0]), sqlite3_value_int(argv[1]), &f);
    uint32_t oid = (uint32_t)sqlite3_value_int64(argv[2]);
    lg_buf_putc(&f, 0);
    const char *t = (const char *)f.data;
    if (r < 0) {
        sqlfn__error(ctx, "22P02", "malformed record literal: \"%s\"", s);
    } else if (r > 0 && (oid == PGTYPE_INT2 || oid == PGTYPE_INT4 || oid == PGTYPE_INT8)) {
        sqlite3_result_int64(ctx, strtoll(t, NULL, 10));
    } else if (r > 0 && (oid == PGTYPE_FLOAT4 || oid == PGTYPE_FLOAT8 || oid == PGTYPE_NUMERIC)) {
        sqlite3_result_double(ctx, strtod(t, NULL));
    } else if (r > 0 && oid == PGTYPE_BOOL) {
        sqlite3_result_int(ctx, t[0] == 't' || t[0] == 'T' || t[0] == '1' || t[0] == 'y');
    } else if (r > 0) {
        sqlite3_result_text(ctx, t, -1, SQLITE_TRANSIENT);
    }
    lg_buf_deinit(&f);
}

int sqlfn__register_record(sqlite3 *db)
{
    static const sqlfn_def_t defs[] = {
        {"lg_record_text", -1, SQLFN_PURE, fn_record_text},
        {"lg_record_field", 3, SQLFN_PURE, fn_record_field},
    };
    return sqlfn__register_table(db, defs, sizeof(defs) / sizeof(defs[0]), NULL);
}
