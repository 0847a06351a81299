/* exec_value.c - values crossing between the protocol and SQLite: binding parameters
 * (text format validated by the types module into storage form; binary format for the
 * fixed-size basics), describing result columns (PostgreSQL type OIDs) and encoding rows
 * as DataRow messages. Worker thread (the one holding run->conn). */
#include "exec_int.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "pgtype_text.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void session_of(const exec_run_t *run, pgtype_session_t *s)
{
    pgtype_session_init(s);
    s->timezone = run->es->settings.timezone;
    s->extra_float_digits = run->es->settings.extra_float_digits;
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

static uint64_t be64(const uint8_t *p)
{
    return ((uint64_t)proto_get_u32(p) << 32) | proto_get_u32(p + 4);
}

/* Binary parameters of the basic fixed-size types and of text/bytea. */
static int binary_value(const uint8_t *p, int32_t n, uint32_t oid, pgtype_value_t *v,
                        lg_pgerr_t *err)
{
    memset(v, 0, sizeof(*v));
    switch (oid) {
    case PGTYPE_INT2:
        if (n != 2)
            break;
        v->storage = PGTYPE_ST_INT;
        v->i = (int16_t)proto_get_u16(p);
        return 0;
    case PGTYPE_INT4:
    case PGTYPE_OID:
        if (n != 4)
            break;
        v->storage = PGTYPE_ST_INT;
        v->i = oid == PGTYPE_OID ? (int64_t)proto_get_u32(p) : (int32_t)proto_get_u32(p);
        return 0;
    case PGTYPE_INT8:
        if (n != 8)
            break;
        v->storage = PGTYPE_ST_INT;
        v->i = (int64_t)be64(p);
        return 0;
    case PGTYPE_FLOAT4: {
        if (n != 4)
            break;
        uint32_t u = proto_get_u32(p);
        float f;
        memcpy(&f, &u, 4);
        v->storage = PGTYPE_ST_FLOAT;
        v->d = f;
        return 0;
    }
    case PGTYPE_FLOAT8: {
        if (n != 8)
            break;
        uint64_t u = be64(p);
        memcpy(&v->d, &u, 8);
        v->storage = PGTYPE_ST_FLOAT;
        return 0;
    }
    case PGTYPE_BOOL:
        if (n != 1)
            break;
        v->storage = PGTYPE_ST_INT;
        v->i = p[0] != 0;
        return 0;
    case PGTYPE_BYTEA:
        v->storage = PGTYPE_ST_BLOB;
        v->p = p;
        v->n = (size_t)n;
        return 0;
    case 0:
    case PGTYPE_TEXT:
    case PGTYPE_VARCHAR:
    case PGTYPE_BPCHAR:
    case PGTYPE_NAME:
    case PGTYPE_JSON:
    case PGTYPE_UNKNOWN:
        v->storage = PGTYPE_ST_TEXT;
        v->p = p;
        v->n = (size_t)n;
        return 0;
    default:
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "binary format for parameters of type %s is not supported",
                            pgtype_name(oid));
    }
    return lg_pgerr_set(err, LG_SQLSTATE_INVALID_BINARY_REPRESENTATION,
                        "incorrect binary data format in bind parameter");
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
        if (run->param_lens[i] >= 0) {
            if (run->param_fmts[i] == 1)
                rc = binary_value(run->param_vals[i], run->param_lens[i], oid, &v, err);
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

static int16_t result_format(const exec_run_t *run, int i)
{
    if (run->nresult_fmts == 0)
        return 0;
    if (run->nresult_fmts == 1)
        return run->result_fmts[0];
    return i < run->nresult_fmts ? run->result_fmts[i] : 0;
}

/* Column types: the translator's inference first, then the declared type of the origin
 * column, then (with a row at hand) the storage class of its value, else text. */
void exec__describe_columns(exec_run_t *run, bool have_row)
{
    sqlite3_stmt *st = run->st;
    int n = st ? sqlite3_column_count(st) : 0;
    for (uint16_t i = 0; i < run->nfields; i++)
        free(run->field_names[i]);
    free(run->field_names);
    free(run->fields);
    run->nfields = (uint16_t)n;
    run->fields = lg_xcalloc((size_t)n + 1, sizeof(proto_field_t));
    run->field_names = lg_xcalloc((size_t)n + 1, sizeof(char *));
    const translate_stmt_t *ts = run->stmt;
    for (int i = 0; i < n; i++) {
        proto_field_t *f = &run->fields[i];
        const char *name = sqlite3_column_name(st, i);
        if (ts->ncols == n && ts->cols[i].name)
            name = ts->cols[i].name;
        run->field_names[i] = lg_xstrdup(name ? name : "?column?");
        f->name = run->field_names[i];
        f->typmod = -1;
        if (ts->ncols == n && ts->cols[i].type_oid) {
            f->type_oid = ts->cols[i].type_oid;
            f->typmod = ts->cols[i].typmod;
        }
        if (!f->type_oid)
            f->type_oid = pgtype_from_decltype(sqlite3_column_decltype(st, i));
        if (!f->type_oid)
            f->type_oid = have_row ? storage_oid(sqlite3_column_type(st, i)) : PGTYPE_TEXT;
        f->typlen = pgtype_typlen(f->type_oid);
        f->format = result_format(run, i);
    }
}

static void put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* Binary output of the basic types; returns false when the type has no binary encoder
 * here (the caller then fails the statement). */
static bool binary_out(lg_buf_t *b, sqlite3_stmt *st, int i, uint32_t oid)
{
    uint8_t x[8];
    int64_t v = sqlite3_column_int64(st, i);
    switch (oid) {
    case PGTYPE_INT2:
        x[0] = (uint8_t)(v >> 8), x[1] = (uint8_t)v;
        proto_be_data_row_value(b, x, 2);
        return true;
    case PGTYPE_INT4:
    case PGTYPE_OID:
        x[0] = (uint8_t)(v >> 24), x[1] = (uint8_t)(v >> 16), x[2] = (uint8_t)(v >> 8);
        x[3] = (uint8_t)v;
        proto_be_data_row_value(b, x, 4);
        return true;
    case PGTYPE_INT8:
        put_be64(x, (uint64_t)v);
        proto_be_data_row_value(b, x, 8);
        return true;
    case PGTYPE_FLOAT8: {
        double d = sqlite3_column_double(st, i);
        uint64_t u;
        memcpy(&u, &d, 8);
        put_be64(x, u);
        proto_be_data_row_value(b, x, 8);
        return true;
    }
    case PGTYPE_BOOL:
        x[0] = v != 0;
        proto_be_data_row_value(b, x, 1);
        return true;
    case PGTYPE_BYTEA:
    case PGTYPE_TEXT:
    case PGTYPE_VARCHAR:
    case PGTYPE_BPCHAR:
    case PGTYPE_NAME:
    case PGTYPE_JSON: {
        const void *p = oid == PGTYPE_BYTEA ? sqlite3_column_blob(st, i)
                                            : (const void *)sqlite3_column_text(st, i);
        proto_be_data_row_value(b, p, sqlite3_column_bytes(st, i));
        return true;
    }
    default:
        return false;
    }
}

static void text_out(exec_run_t *run, int i, const pgtype_session_t *s)
{
    sqlite3_stmt *st = run->st;
    pgtype_value_t v = {.storage = sqlite3_column_type(st, i)};
    if (v.storage == SQLITE_INTEGER)
        v.i = sqlite3_column_int64(st, i);
    else if (v.storage == SQLITE_FLOAT)
        v.d = sqlite3_column_double(st, i);
    else if (v.storage == SQLITE_TEXT)
        v.p = sqlite3_column_text(st, i);
    else
        v.p = sqlite3_column_blob(st, i);
    v.n = (size_t)sqlite3_column_bytes(st, i);
    lg_buf_t *b = &run->out;
    /* positions relative to the read cursor: an append may compact the buffer */
    size_t at = b->len - b->off;
    proto_be_data_row_value(b, "", 0); /* length placeholder, patched below */
    size_t start = b->len - b->off;
    pgtype_text_out(&v, run->fields[i].type_oid, run->fields[i].typmod, s, b);
    lg_buf_patch_u32(b, b->off + at, (uint32_t)(b->len - b->off - start));
}

void exec__encode_row(exec_run_t *run)
{
    sqlite3_stmt *st = run->st;
    pgtype_session_t s;
    session_of(run, &s);
    size_t start = proto_be_data_row_begin(&run->out, run->nfields);
    for (int i = 0; i < run->nfields; i++) {
        if (sqlite3_column_type(st, i) == SQLITE_NULL) {
            proto_be_data_row_value(&run->out, NULL, -1);
        } else if (run->fields[i].format == 1) {
            if (!binary_out(&run->out, st, i, run->fields[i].type_oid))
                text_out(run, i, &s);
        } else {
            text_out(run, i, &s);
        }
    }
    proto_be_data_row_end(&run->out, start);
}
