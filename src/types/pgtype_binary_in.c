/* pgtype_binary_in.c - binary wire format -> storage form (formats in pgtype_binary.h).
 * Every length is checked before it is trusted; a short or long value is 22P03. */
#include "pgtype_binary.h"
#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_int.h"
#include "pgtype_json.h"
#include "pgtype_num.h"
#include "pgtype_text.h"
#include "pgtype_time.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define BIN_BUF_MAX (1u << 30)

static uint32_t rd32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint64_t rd64(const uint8_t *p)
{
    return ((uint64_t)rd32(p) << 32) | rd32(p + 4);
}

static int16_t rd16(const uint8_t *p)
{
    return (int16_t)((p[0] << 8) | p[1]);
}

static int bad(lg_pgerr_t *err)
{
    return lg_pgerr_set(err, LG_SQLSTATE_INVALID_BINARY_REPRESENTATION,
                        "incorrect binary data format");
}

static void set_text(pgtype_value_t *out, lg_buf_t *scratch, uint8_t storage)
{
    out->storage = storage;
    out->p = scratch->data ? scratch->data : (const uint8_t *)"";
    out->n = scratch->len;
}

static int numeric_in(const uint8_t *p, size_t n, int32_t typmod, pgtype_value_t *out,
                      lg_buf_t *scratch, lg_pgerr_t *err)
{
    if (n < 8)
        return bad(err);
    int ng = rd16(p), weight = rd16(p + 2);
    uint16_t sign = (uint16_t)rd16(p + 4);
    int dscale = rd16(p + 6);
    if (ng < 0 || n != 8 + (size_t)ng * 2 || dscale < 0 || ng * 4 > PGTYPE_DEC_MAXDIGITS)
        return bad(err);
    pgtype_dec_t d;
    memset(&d, 0, sizeof(d));
    if (sign == 0xC000 || sign == 0xD000 || sign == 0xF000) {
        d.nan = sign == 0xC000;
        d.inf = sign == 0xD000 ? 1 : sign == 0xF000 ? -1 : 0;
    } else if (sign != 0 && sign != 0x4000) {
        return bad(err);
    } else {
        char tmp[PGTYPE_DEC_MAXDIGITS + 40];
        size_t k = 0;
        for (int i = 0; i < ng; i++) {
            int g = rd16(p + 8 + 2 * i);
            if (g < 0 || g > 9999)
                return bad(err);
            for (int div = 1000; div > 0; div /= 10)
                tmp[k++] = (char)('0' + (g / div) % 10);
        }
        k += (size_t)snprintf(tmp + k, sizeof(tmp) - k, "e%d", (weight + 1) * 4 - ng * 4);
        if (ng == 0)
            k = (size_t)snprintf(tmp, sizeof(tmp), "0");
        if (!pgtype_dec_parse(tmp, k, &d))
            return bad(err);
        d.neg = sign == 0x4000 && d.ndigits > 0;
        d.dscale = dscale;
    }
    int rc = pgtype_dec_apply_typmod(&d, typmod, err);
    if (rc != 0)
        return rc;
    pgtype__dec_store(&d, out, scratch);
    return 0;
}

static int float_in(const uint8_t *p, size_t n, bool f4, pgtype_value_t *out, lg_buf_t *scratch,
                    lg_pgerr_t *err)
{
    double d;
    if (n != (f4 ? 4u : 8u))
        return bad(err);
    if (f4) {
        uint32_t u = rd32(p);
        float f;
        memcpy(&f, &u, 4);
        d = f;
    } else {
        uint64_t u = rd64(p);
        memcpy(&d, &u, 8);
    }
    if (isnan(d)) {
        lg_buf_append(scratch, "NaN", 3);
        set_text(out, scratch, PGTYPE_ST_TEXT);
        return 0;
    }
    *out = (pgtype_value_t){.storage = PGTYPE_ST_FLOAT, .d = d};
    return 0;
}

static int datetime_in(const uint8_t *p, size_t n, uint32_t oid, int32_t typmod,
                       pgtype_value_t *out, lg_buf_t *scratch, lg_pgerr_t *err)
{
    if (oid == PGTYPE_DATE) {
        if (n != 4)
            return bad(err);
        pgtime_format_date((int32_t)rd32(p), scratch);
    } else if (oid == PGTYPE_INTERVAL) {
        if (n != 16)
            return bad(err);
        pgtime_interval_t iv = {(int64_t)rd64(p), (int32_t)rd32(p + 8), (int32_t)rd32(p + 12)};
        pgtime_format_interval(&iv, scratch);
    } else {
        if (n != 8)
            return bad(err);
        int64_t t = pgtime_round_precision((int64_t)rd64(p), typmod);
        if (oid == PGTYPE_TIME) {
            if (t < 0 || t > PGTIME_USEC_PER_DAY)
                return lg_pgerr_set(err, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "time out of range");
            pgtime_format_time(t, scratch);
        } else if (oid == PGTYPE_TIMESTAMP) {
            pgtime_format_timestamp(t, scratch);
        } else {
            pgtime_format_timestamptz(t, NULL, scratch);
        }
    }
    set_text(out, scratch, PGTYPE_ST_TEXT);
    return 0;
}

static int array_in(const uint8_t *p, size_t n, uint32_t elem, pgtype_value_t *out,
                    lg_buf_t *scratch, lg_pgerr_t *err);

static int scalar_in(const uint8_t *p, size_t n, uint32_t oid, int32_t typmod, pgtype_value_t *out,
                     lg_buf_t *scratch, lg_pgerr_t *err)
{
    switch (oid) {
    case PGTYPE_BOOL:
        if (n != 1)
            return bad(err);
        *out = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = p[0] != 0};
        return 0;
    case PGTYPE_INT2:
        if (n != 2)
            return bad(err);
        *out = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = rd16(p)};
        return 0;
    case PGTYPE_INT4:
    case PGTYPE_OID:
        if (n != 4)
            return bad(err);
        *out = (pgtype_value_t){.storage = PGTYPE_ST_INT,
                                .i = oid == PGTYPE_OID ? (int64_t)rd32(p) : (int32_t)rd32(p)};
        return 0;
    case PGTYPE_INT8:
        if (n != 8)
            return bad(err);
        *out = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = (int64_t)rd64(p)};
        return 0;
    case PGTYPE_FLOAT4:
    case PGTYPE_FLOAT8:
        return float_in(p, n, oid == PGTYPE_FLOAT4, out, scratch, err);
    case PGTYPE_NUMERIC:
        return numeric_in(p, n, typmod, out, scratch, err);
    case PGTYPE_BYTEA:
        lg_buf_append(scratch, p, n);
        set_text(out, scratch, PGTYPE_ST_BLOB);
        return 0;
    case PGTYPE_UUID:
        if (n != 16)
            return bad(err);
        for (int i = 0; i < 16; i++)
            lg_buf_printf(scratch, "%s%02x", (i == 4 || i == 6 || i == 8 || i == 10) ? "-" : "",
                          p[i]);
        set_text(out, scratch, PGTYPE_ST_TEXT);
        return 0;
    case PGTYPE_DATE:
    case PGTYPE_TIME:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
    case PGTYPE_INTERVAL:
        return datetime_in(p, n, oid, typmod, out, scratch, err);
    case PGTYPE_JSONB:
        if (n < 1 || p[0] != 1)
            return lg_pgerr_set(err, LG_SQLSTATE_INVALID_BINARY_REPRESENTATION,
                                "unsupported jsonb version number %d", n ? p[0] : -1);
        /* normalization is text input's job */
        return pgtype_text_in((const char *)p + 1, n - 1, oid, typmod, NULL, out, scratch, err);
    default:
        return pgtype_text_in((const char *)p, n, oid, typmod, NULL, out, scratch, err);
    }
}

int pgtype_binary_in(const uint8_t *p, size_t n, uint32_t oid, int32_t typmod, pgtype_value_t *out,
                     lg_buf_t *scratch, lg_pgerr_t *err)
{
    lg_buf_reset(scratch);
    uint32_t elem = pgtype_array_elem(oid);
    int rc = elem != 0 ? array_in(p, n, elem, out, scratch, err)
                       : scalar_in(p, n, oid, typmod, out, scratch, err);
    if (rc == 0 && scratch->failed)
        return LG_ETOOBIG;
    return rc;
}

#define BIN_ARRAY_MAXDIM 6 /* PostgreSQL's MAXDIM */

/* One element at *off: its length word and value, appended to scratch as a JSON value. */
static int elem_in(const uint8_t *p, size_t n, size_t *off, uint32_t elem, lg_buf_t *scratch,
                   lg_pgerr_t *err)
{
    if (n - *off < 4)
        return bad(err);
    uint32_t len = rd32(p + *off);
    *off += 4;
    if (len == 0xFFFFFFFFu) {
        lg_buf_append(scratch, "null", 4);
        return 0;
    }
    if (len > n - *off)
        return bad(err);
    lg_buf_t es;
    lg_buf_init(&es, BIN_BUF_MAX);
    pgtype_value_t ev;
    int rc = scalar_in(p + *off, len, elem, -1, &ev, &es, err);
    if (rc == 0)
        pgtype__json_put_value(&ev, elem, scratch);
    lg_buf_deinit(&es);
    *off += len;
    return rc;
}

/* The elements of one dimension (row-major), nested JSON arrays for the inner ones. */
static int level_in(const uint8_t *p, size_t n, size_t *off, uint32_t elem, const uint32_t *dims,
                    int nd, lg_buf_t *scratch, lg_pgerr_t *err)
{
    lg_buf_putc(scratch, '[');
    for (uint32_t i = 0; i < dims[0]; i++) {
        if (i > 0)
            lg_buf_putc(scratch, ',');
        int rc = nd > 1 ? level_in(p, n, off, elem, dims + 1, nd - 1, scratch, err)
                        : elem_in(p, n, off, elem, scratch, err);
        if (rc != 0)
            return rc;
    }
    lg_buf_putc(scratch, ']');
    return 0;
}

/* Binary array (ndim, has-null flag, element type, then size and lower bound of each
 * dimension, then the elements) -> stored JSON array, nested for more dimensions. */
static int array_in(const uint8_t *p, size_t n, uint32_t elem, pgtype_value_t *out,
                    lg_buf_t *scratch, lg_pgerr_t *err)
{
    if (n < 12)
        return bad(err);
    uint32_t ndim = rd32(p);
    uint32_t eoid = rd32(p + 8);
    if (ndim > BIN_ARRAY_MAXDIM)
        return lg_pgerr_set(err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                            "number of array dimensions (%u) exceeds the maximum allowed (%d)",
                            ndim, BIN_ARRAY_MAXDIM);
    if (eoid != elem && !(elem == PGTYPE_TEXT || eoid == PGTYPE_UNKNOWN))
        return lg_pgerr_set(err, LG_SQLSTATE_DATATYPE_MISMATCH, "wrong element type");
    if (n - 12 < (size_t)ndim * 8)
        return bad(err);
    uint32_t dims[BIN_ARRAY_MAXDIM];
    size_t total = ndim ? 1 : 0;
    for (uint32_t d = 0; d < ndim; d++) {
        dims[d] = rd32(p + 12 + 8 * d);
        total *= dims[d];
        if (total > n / 4) /* every element takes at least its length word */
            return bad(err);
    }
    size_t off = 12 + (size_t)ndim * 8;
    int rc = 0;
    if (total == 0)
        lg_buf_append(scratch, "[]", 2);
    else
        rc = level_in(p, n, &off, elem, dims, (int)ndim, scratch, err);
    if (rc != 0)
        return rc;
    if (off != n)
        return bad(err);
    set_text(out, scratch, PGTYPE_ST_TEXT);
    return 0;
}
