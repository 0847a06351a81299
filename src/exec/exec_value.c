/* exec_value.c - values crossing between the protocol and SQLite: binding parameters
 * (text format validated by the types module into storage form; binary format for the
 * fixed-size basics), describing result columns (PostgreSQL type OIDs) and encoding rows
 * as DataRow messages. Worker thread (the one holding run->conn). */
#include "exec_int.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "pgtype_text.h"
#include "pgtype_binary.h"
#include "catalog_meta.h"
#include <math.h>
#define RUN_VALUE_MAX (256u << 20)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void session_of(const exec_run_t *run, pgtype_session_t *s)
{
    pgtype_session_init(s);
    s->timezone = run->es->settings.timezone;
    s->extra_float_digits = run->es->settings.extra_float_digits;
    s->bytea_escape = run->es->settings.bytea_escape;
}

static int bind_value(sqlite3_stmt *st, int idx, const pgtype_value_t *v)
{
    switch (v->storage) {
    case PGTYPE_ST_INT:
        return sqlite3_bind_int64(st, idx, v->i);
    case PGTYPE_ST_FLOAT:
        return sqlite3_bind_double(st, idx, v->d);
    case PGTYPE_ST_TEXT:
        return sqlite3_bind_text(st, idx, (const char *)v->p, (int)v->n, SQLITE_TRANSIENT);
    case PGTYPE_ST_BLOB:
        return sqlite3_bind_blob(st, idx, v->p, (int)v->n, SQLITE_TRANSIENT);
    default:
        return sqlite3_bind_null(st, idx);
    }
}

/* Parameter i typed with a user type OID: when that is an enum (its text and binary forms
 * are both the label, what psycopg sends for a registered Python Enum), binds the label
 * after checking it is one (22P02 as PostgreSQL's enum_in) and returns 0 or LG_ESQL;
 * returns 1 when oid is no enum. */
static int enum_param(exec_run_t *run, int i, uint32_t oid, pgtype_value_t *v, lg_pgerr_t *err)
{
    static const char k_sql[] = "SELECT t.name, EXISTS (SELECT 1 FROM _lg_enum e WHERE "
                                "e.typname = t.name AND e.label = ?2) "
                                "FROM _lg_types t WHERE t.oid = ?1 AND t.kind = 'e'";
    const uint8_t *label = run->param_vals[i];
    int n = run->param_lens[i];
    sqlite3_stmt *st = NULL;
    int rc = 1;
    if (sqlite3_prepare_v2(run->conn->db, k_sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, oid);
        sqlite3_bind_text(st, 2, (const char *)label, n, SQLITE_STATIC);
        bool is_enum = sqlite3_step(st) == SQLITE_ROW;
        if (is_enum && sqlite3_column_int(st, 1)) {
            *v = (pgtype_value_t){.storage = PGTYPE_ST_TEXT, .p = label, .n = (size_t)n};
            rc = 0;
        } else if (is_enum) {
            rc = lg_pgerr_set(err, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                              "invalid input value for enum %s: \"%.*s\"",
                              (const char *)sqlite3_column_text(st, 0), n > 256 ? 256 : n, label);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Binary parameters: an unspecified type is taken as text, as its bytes are. */
static int binary_param(const uint8_t *p, int32_t n, uint32_t oid, pgtype_value_t *v,
                        lg_buf_t *scratch, lg_pgerr_t *err)
{
    if (oid == 0 || oid == PGTYPE_UNKNOWN)
        oid = PGTYPE_TEXT;
    if (!pgtype_binary_supported(oid))
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "binary format for parameters of type %s is not supported",
                            pgtype_name(oid));
    return pgtype_binary_in(p, (size_t)n, oid, -1, v, scratch, err);
}

int exec__bind_params(exec_run_t *run, lg_pgerr_t *err)
{
    int count = sqlite3_bind_parameter_count(run->st);
    pgtype_session_t s;
    session_of(run, &s);
    lg_buf_t scratch;
    lg_buf_init(&scratch, 1u << 30);
    int rc = 0;
    for (int i = 0; i < run->nparams && i < count && rc == 0; i++) {
        pgtype_value_t v = {.storage = PGTYPE_ST_NULL};
        uint32_t oid = run->param_types ? run->param_types[i] : 0;
        int as_enum = run->param_lens[i] >= 0 && oid >= PGTYPE_FIRST_USER_OID
                          ? enum_param(run, i, oid, &v, err)
                          : 1;
        if (as_enum != 1) {
            rc = as_enum;
        } else if (run->param_lens[i] >= 0) {
            if (run->param_fmts[i] == 1)
                rc = binary_param(run->param_vals[i], run->param_lens[i], oid, &v, &scratch, err);
            else if (oid == 0 || oid == PGTYPE_TEXT || oid == PGTYPE_UNKNOWN)
                v = (pgtype_value_t){.storage = PGTYPE_ST_TEXT,
                                     .p = run->param_vals[i],
                                     .n = (size_t)run->param_lens[i]};
            else
                rc = pgtype_text_in((const char *)run->param_vals[i], (size_t)run->param_lens[i],
                                    oid, -1, &s, &v, &scratch, err);
        }
        if (rc == 0 && bind_value(run->st, i + 1, &v) != SQLITE_OK) {
            exec__sqlite_error(run->conn->db, sqlite3_errcode(run->conn->db), err);
            rc = LG_ESQL;
        }
    }
    lg_buf_deinit(&scratch);
    return rc;
}

static uint32_t storage_oid(int type)
{
    switch (type) {
    case SQLITE_INTEGER:
        return PGTYPE_INT8;
    case SQLITE_FLOAT:
        return PGTYPE_FLOAT8;
    case SQLITE_BLOB:
        return PGTYPE_BYTEA;
    default:
        return PGTYPE_TEXT;
    }
}

/* pg_class OID of a table as the catalog numbers it (lg_reloid), 0 when unknown. */
static uint32_t table_oid(sqlite3 *db, const char *tbl)
{
    sqlite3_stmt *q = NULL;
    uint32_t oid = 0;
    if (sqlite3_prepare_v2(db, "SELECT lg_reloid(?1)", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            oid = (uint32_t)sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    return oid;
}

/* The PostgreSQL type recorded for the column a result column comes from (and the table
 * OID and column number RowDescription reports), cached per connection until the schema
 * changes. */
static uint32_t origin_type(exec_run_t *run, int i, int32_t *typmod, proto_field_t *f)
{
    const char *tbl = sqlite3_column_table_name(run->st, i);
    const char *col = sqlite3_column_origin_name(run->st, i);
    if (!tbl || !col)
        return 0;
    exec_conn_t *c = run->conn;
    if (c->schema_seen != run->schema_gen) {
        exec__conn_flush_types(c);
        c->schema_seen = run->schema_gen;
    }
    exec_type_cache_t *e = exec__conn_type_slot(c, tbl, col);
    if (!e->filled) {
        catalog_coltype_t ct;
        e->filled = true;
        e->oid = 0;
        e->typmod = -1;
        e->table_oid = 0;
        e->attnum = 0;
        if (catalog_column_type(c->db, tbl, col, &ct) == 0) {
            e->oid = ct.typoid;
            e->typmod = ct.typmod;
            e->attnum = (int16_t)ct.attnum;
            e->table_oid = table_oid(c->db, tbl);
        }
    }
    f->table_oid = e->table_oid;
    f->attnum = e->attnum;
    if (!e->oid)
        return 0;
    *typmod = e->typmod;
    return e->oid;
}

static int16_t result_format(const exec_run_t *run, int i)
{
    if (run->nresult_fmts == 0)
        return 0;
    if (run->nresult_fmts == 1)
        return run->result_fmts[0];
    return i < run->nresult_fmts ? run->result_fmts[i] : 0;
}

/* The name of result column i: the translator's, else SQLite's. */
static const char *column_name(const exec_run_t *run, int i, int n)
{
    const translate_stmt_t *ts = run->stmt;
    const char *name = run->st ? sqlite3_column_name(run->st, i) : NULL;
    if (ts->ncols == n && ts->cols[i].name)
        name = ts->cols[i].name;
    return name ? name : "?column?";
}

/* Room for n fields (kept from earlier statements when it is enough), zeroed, and their
 * names in run->names. */
static void alloc_fields(exec_run_t *run, int n)
{
    if ((size_t)n + 1 > run->fields_cap) {
        free(run->fields);
        free(run->fmt_typmods);
        run->fields = lg_xcalloc((size_t)n + 1, sizeof(proto_field_t));
        run->fmt_typmods = lg_xcalloc((size_t)n + 1, sizeof(int32_t));
        run->fields_cap = (uint16_t)(n + 1);
    } else {
        memset(run->fields, 0, ((size_t)n + 1) * sizeof(proto_field_t));
        memset(run->fmt_typmods, 0, ((size_t)n + 1) * sizeof(int32_t));
    }
    run->nfields = (uint16_t)n;
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += strlen(column_name(run, i, n)) + 1;
    lg_buf_reset(&run->names);
    if (lg_buf_reserve(&run->names, total) != 0) { /* past RUN_NAMES_MAX: no names */
        for (int i = 0; i < n; i++)
            run->fields[i].name = "?column?";
        return;
    }
    for (int i = 0; i < n; i++) { /* reserved: the appends do not move the buffer */
        const char *name = column_name(run, i, n);
        run->fields[i].name = (const char *)run->names.data + run->names.len;
        lg_buf_append(&run->names, name, strlen(name) + 1);
    }
}

/* Column types: the translator's inference first, then the declared type of the origin
 * column, then (with a row at hand) the storage class of its value, else text. */
void exec__describe_columns(exec_run_t *run, bool have_row)
{
    sqlite3_stmt *st = run->st;
    int n = st ? sqlite3_column_count(st) : 0;
    if (!st && run->stmt->ncols > 0) /* a script's end: the translator's columns */
        n = run->stmt->ncols;
    if (n == 1 && st && strcmp(sqlite3_column_name(st, 0), TRANSLATE_NO_COLUMNS) == 0)
        n = 0; /* SELECT FROM t: rows without columns */
    alloc_fields(run, n);
    const translate_stmt_t *ts = run->stmt;
    for (int i = 0; i < n; i++) {
        proto_field_t *f = &run->fields[i];
        f->typmod = -1;
        int32_t origin_typmod = -1;
        uint32_t origin = st ? origin_type(run, i, &origin_typmod, f) : 0;
        if (ts->ncols == n && ts->cols[i].type_oid) {
            f->type_oid = ts->cols[i].type_oid;
            f->typmod = ts->cols[i].typmod;
        } else if (origin) {
            f->type_oid = origin;
            f->typmod = origin_typmod;
        }
        if (!f->type_oid && st)
            f->type_oid = pgtype_from_decltype(sqlite3_column_decltype(st, i));
        if (!f->type_oid)
            f->type_oid = have_row && st ? storage_oid(sqlite3_column_type(st, i)) : PGTYPE_TEXT;
        f->typlen = pgtype_typlen(f->type_oid);
        /* The translator marks computed numerics with a display scale (precision 1000 and
         * up, see pgtype_num.h); PostgreSQL reports -1 for those. */
        run->fmt_typmods[i] = f->typmod;
        if (f->type_oid == PGTYPE_NUMERIC && f->typmod >= 4 && ((f->typmod - 4) >> 16) >= 1000)
            f->typmod = -1;
    }
    exec__apply_result_formats(run);
}

void exec__apply_result_formats(exec_run_t *run)
{
    for (uint16_t i = 0; i < run->nfields; i++) {
        proto_field_t *f = &run->fields[i];
        f->format = result_format(run, i);
        if (f->format == 1 && !pgtype_binary_supported(f->type_oid))
            f->format = 0; /* see exec__check_formats */
    }
}

static void column_value(sqlite3_stmt *st, int i, pgtype_value_t *v)
{
    memset(v, 0, sizeof(*v));
    v->storage = sqlite3_column_type(st, i);
    if (v->storage == SQLITE_INTEGER)
        v->i = sqlite3_column_int64(st, i);
    else if (v->storage == SQLITE_FLOAT)
        v->d = sqlite3_column_double(st, i);
    else if (v->storage == SQLITE_TEXT)
        v->p = sqlite3_column_text(st, i);
    else
        v->p = sqlite3_column_blob(st, i);
    v->n = (size_t)sqlite3_column_bytes(st, i);
}

/* Appends one column value (length word + bytes) in the column's format. Positions are
 * relative to the read cursor: an append may compact the buffer. */
static int value_out(exec_run_t *run, int i, const pgtype_session_t *s)
{
    pgtype_value_t v;
    column_value(run->st, i, &v);
    const proto_field_t *f = &run->fields[i];
    lg_buf_t *b = &run->out;
    size_t at = b->len - b->off;
    proto_be_data_row_value(b, "", 0); /* length placeholder, patched below */
    size_t start = b->len - b->off;
    int32_t typmod = run->fmt_typmods[i];
    int rc = f->format == 1 ? pgtype_binary_out(&v, f->type_oid, typmod, b)
                            : pgtype_text_out(&v, f->type_oid, typmod, s, b);
    if (rc == LG_EINVAL && f->format == 1)
        return lg_pgerr_set(&run->err, LG_SQLSTATE_DATATYPE_MISMATCH,
                            "value in column \"%s\" cannot be sent as binary %s", f->name,
                            pgtype_name(f->type_oid));
    lg_buf_patch_u32(b, b->off + at, (uint32_t)(b->len - b->off - start));
    return 0;
}

int exec__encode_row(exec_run_t *run)
{
    sqlite3_stmt *st = run->st;
    pgtype_session_t s;
    session_of(run, &s);
    size_t mark = run->out.len;
    size_t start = proto_be_data_row_begin(&run->out, run->nfields);
    for (int i = 0; i < run->nfields; i++) {
        if (sqlite3_column_type(st, i) == SQLITE_NULL) {
            proto_be_data_row_value(&run->out, NULL, -1);
        } else if (value_out(run, i, &s) != 0) {
            run->out.len = mark; /* no half DataRow before the ErrorResponse */
            return LG_ESQL;
        }
    }
    proto_be_data_row_end(&run->out, start);
    return 0;
}

/* ---- COPY TO STDOUT ---- */

/* Text format: backslash escapes for backslash, the delimiter and control characters. */
static void copy_text_value(lg_buf_t *line, const uint8_t *p, size_t n, char delim)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        const char *esc = NULL;
        switch (c) {
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        case '\v':
            esc = "\\v";
            break;
        default:
            break;
        }
        if (esc) {
            lg_buf_append(line, esc, 2);
        } else {
            if (c == (uint8_t)delim)
                lg_buf_putc(line, '\\');
            lg_buf_putc(line, c);
        }
    }
}

/* FORCE_QUOTE names this column ("*": every column). */
static bool force_quoted(const exec_copy_format_t *f, const char *col)
{
    if (!f->force_quote)
        return false;
    if (!strcmp(f->force_quote, "*"))
        return true;
    size_t n = strlen(col);
    for (const char *p = f->force_quote; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len == n && !memcmp(p, col, n))
            return true;
        p += len + (nl ? 1 : 0);
    }
    return false;
}

/* CSV: quoted when it holds the delimiter, the quote, CR/LF, equals the NULL marker, or
 * FORCE_QUOTE names its column (a NULL is never quoted). */
static void copy_csv_value(lg_buf_t *line, const uint8_t *p, size_t n, const exec_copy_format_t *f,
                           bool force)
{
    bool quote = force || (n == strlen(f->null) && memcmp(p, f->null, n) == 0);
    for (size_t i = 0; i < n && !quote; i++)
        quote =
            p[i] == (uint8_t)f->delim || p[i] == (uint8_t)f->quote || p[i] == '\n' || p[i] == '\r';
    if (!quote) {
        lg_buf_append(line, p, n);
        return;
    }
    lg_buf_putc(line, (uint8_t)f->quote);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == (uint8_t)f->quote || p[i] == (uint8_t)f->escape)
            lg_buf_putc(line, (uint8_t)f->escape);
        lg_buf_putc(line, p[i]);
    }
    lg_buf_putc(line, (uint8_t)f->quote);
}

/* CopyOutResponse, then the HEADER line (text and CSV, as PostgreSQL 15): the column names
 * escaped or quoted as values of the format are. */
void exec__copy_begin(exec_run_t *run)
{
    bool binary = run->copy.format == 'b';
    int16_t *fmts = lg_xcalloc((size_t)run->nfields + 1, sizeof(int16_t));
    for (int i = 0; binary && i < run->nfields; i++)
        fmts[i] = 1;
    proto_be_copy_response(&run->out, 'H', binary ? 1 : 0, run->nfields, fmts);
    free(fmts);
    if (binary) {
        run->copy_bin_header = true;
        return;
    }
    if (!run->copy.header)
        return;
    lg_buf_t *line = &run->scratch;
    lg_buf_reset(line);
    for (int i = 0; i < run->nfields; i++) {
        if (i)
            lg_buf_putc(line, (uint8_t)run->copy.delim);
        const uint8_t *name = (const uint8_t *)run->fields[i].name;
        size_t n = strlen(run->fields[i].name);
        if (run->copy.format == 'c')
            copy_csv_value(line, name, n, &run->copy, false);
        else
            copy_text_value(line, name, n, run->copy.delim);
    }
    lg_buf_putc(line, '\n');
    proto_be_copy_data(&run->out, lg_buf_rptr(line), lg_buf_unread(line));
}

/* The binary format's header (signature, flags, header extension length) when it is still
 * to be sent: PostgreSQL sends it in one CopyData message with the first tuple (or with the
 * trailer), and clients such as psycopg read the messages that way. */
static void copy_binary_header(exec_run_t *run, lg_buf_t *line)
{
    static const uint8_t k_header[19] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};
    if (!run->copy_bin_header)
        return;
    lg_buf_append(line, k_header, sizeof(k_header));
    run->copy_bin_header = false;
}

/* The end of a COPY TO: the binary format's trailer (a field count of -1). */
void exec__copy_end(exec_run_t *run)
{
    if (run->copy.format == 'b') {
        lg_buf_reset(&run->scratch);
        copy_binary_header(run, &run->scratch);
        lg_buf_put_u16(&run->scratch, 0xffff);
        proto_be_copy_data(&run->out, lg_buf_rptr(&run->scratch), lg_buf_unread(&run->scratch));
    }
    proto_be_copy_done(&run->out);
}

/* One tuple of the binary format: the field count, then each field's length (-1 for NULL)
 * and its binary send form. */
static int encode_copy_binary(exec_run_t *run, lg_buf_t *line)
{
    lg_buf_put_u16(line, run->nfields);
    for (int i = 0; i < run->nfields; i++) {
        const proto_field_t *f = &run->fields[i];
        if (sqlite3_column_type(run->st, i) == SQLITE_NULL) {
            lg_buf_put_u32(line, 0xffffffffu);
            continue;
        }
        if (!pgtype_binary_supported(f->type_oid))
            return lg_pgerr_set(&run->err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "COPY in binary format is not supported for column \"%s\" "
                                "(type oid %u)",
                                f->name, f->type_oid);
        pgtype_value_t v;
        column_value(run->st, i, &v);
        size_t at = lg_buf_unread(line);
        lg_buf_put_u32(line, 0);
        if (pgtype_binary_out(&v, f->type_oid, run->fmt_typmods[i], line) != 0)
            return lg_pgerr_set(&run->err, LG_SQLSTATE_DATATYPE_MISMATCH,
                                "value in column \"%s\" cannot be sent as binary %s", f->name,
                                pgtype_name(f->type_oid));
        lg_buf_patch_u32(line, line->off + at, (uint32_t)(lg_buf_unread(line) - at - 4));
    }
    return 0;
}

int exec__encode_copy_row(exec_run_t *run)
{
    if (run->copy.format == 'b') {
        lg_buf_reset(&run->scratch);
        copy_binary_header(run, &run->scratch);
        if (encode_copy_binary(run, &run->scratch) != 0)
            return LG_ESQL;
        if (run->scratch.failed)
            return lg_pgerr_set(&run->err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "row too large");
        proto_be_copy_data(&run->out, lg_buf_rptr(&run->scratch), lg_buf_unread(&run->scratch));
        return 0;
    }
    pgtype_session_t s;
    session_of(run, &s);
    lg_buf_t *line = &run->scratch;
    lg_buf_reset(line);
    lg_buf_t val;
    lg_buf_init(&val, RUN_VALUE_MAX);
    for (int i = 0; i < run->nfields; i++) {
        if (i)
            lg_buf_putc(line, (uint8_t)run->copy.delim);
        if (sqlite3_column_type(run->st, i) == SQLITE_NULL) {
            lg_buf_append(line, run->copy.null, strlen(run->copy.null));
            continue;
        }
        pgtype_value_t v;
        column_value(run->st, i, &v);
        lg_buf_reset(&val);
        pgtype_text_out(&v, run->fields[i].type_oid, run->fmt_typmods[i], &s, &val);
        if (run->copy.format == 'c')
            copy_csv_value(line, lg_buf_rptr(&val), lg_buf_unread(&val), &run->copy,
                           force_quoted(&run->copy, run->fields[i].name));
        else
            copy_text_value(line, lg_buf_rptr(&val), lg_buf_unread(&val), run->copy.delim);
    }
    lg_buf_deinit(&val);
    lg_buf_putc(line, '\n');
    if (line->failed)
        return lg_pgerr_set(&run->err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "row too large");
    proto_be_copy_data(&run->out, lg_buf_rptr(line), lg_buf_unread(line));
    return 0;
}
