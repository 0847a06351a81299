/* pgtype_text_out.c - text output of stored values, by PostgreSQL type (see pgtype_text.h
 * for the storage forms). Stored text that does not parse as its type is printed as is, so
 * rows written by plain SQLite users never fail to print. */
#include "pgtype_style.h"
#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_int.h"
#include "pgtype_num.h"
#include "pgtype_text.h"
#include "pgtype_time.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Decimal digits of v (every row of an integer column passes here: no printf). */
static void put_int(int64_t v, lg_buf_t *out)
{
    char tmp[24];
    size_t i = sizeof(tmp);
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--i] = '-';
    lg_buf_append(out, tmp + i, sizeof(tmp) - i);
}

static void put_raw(const pgtype_value_t *v, lg_buf_t *out)
{
    switch (v->storage) {
    case PGTYPE_ST_INT:
        put_int(v->i, out);
        break;
    case PGTYPE_ST_FLOAT:
        pgtype_float8_format(v->d, 1, out);
        break;
    default:
        lg_buf_append(out, v->p, v->n);
    }
}

static void put_hex(const uint8_t *p, size_t n, lg_buf_t *out)
{
    static const char k_hex[] = "0123456789abcdef";
    lg_buf_append(out, "\\x", 2);
    for (size_t i = 0; i < n; i++) {
        lg_buf_putc(out, (uint8_t)k_hex[p[i] >> 4]);
        lg_buf_putc(out, (uint8_t)k_hex[p[i] & 15]);
    }
}

/* bytea_output = escape: printable ASCII as is, \\ for a backslash, \ooo otherwise. */
static void put_bytea_escape(const uint8_t *p, size_t n, lg_buf_t *out)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\')
            lg_buf_append(out, "\\\\", 2);
        else if (p[i] >= 0x20 && p[i] < 0x7f)
            lg_buf_putc(out, p[i]);
        else
            lg_buf_printf(out, "\\%03o", p[i]);
    }
}

static void out_bool(const pgtype_value_t *v, lg_buf_t *out)
{
    if (v->storage == PGTYPE_ST_INT || v->storage == PGTYPE_ST_FLOAT) {
        bool t = v->storage == PGTYPE_ST_INT ? v->i != 0 : v->d != 0;
        lg_buf_putc(out, t ? 't' : 'f');
        return;
    }
    if (v->n >= 1 && strchr("tTyY1", v->p[0]) && !(v->n >= 2 && (v->p[1] == 'f' || v->p[1] == 'F')))
        lg_buf_putc(out, 't');
    else if (v->n >= 1 && strchr("fFnN0oO", v->p[0]))
        lg_buf_putc(out, 'f');
    else
        put_raw(v, out);
}

static void out_float(const pgtype_value_t *v, bool f4, const pgtype_session_t *s, lg_buf_t *out)
{
    double d;
    if (v->storage == PGTYPE_ST_FLOAT) {
        d = v->d;
    } else if (v->storage == PGTYPE_ST_INT) {
        d = (double)v->i;
    } else {
        pgtype_dec_t dec;
        if (!pgtype_dec_parse((const char *)v->p, v->n, &dec)) {
            put_raw(v, out);
            return;
        }
        d = pgtype_dec_to_double(&dec);
    }
    int efd = s ? s->extra_float_digits : 1;
    if (f4)
        pgtype_float4_format((float)d, efd, out);
    else
        pgtype_float8_format(d, efd, out);
}

static void out_numeric(const pgtype_value_t *v, int32_t typmod, lg_buf_t *out)
{
    pgtype_dec_t dec;
    if (v->storage == PGTYPE_ST_INT) {
        pgtype_dec_from_int(v->i, &dec);
    } else if (v->storage == PGTYPE_ST_FLOAT) {
        /* A numeric kept as REAL holds at most 15 significant digits (storage keeps longer
         * ones as text); a computed one (a quotient, an average) is exact only to about
         * that many, so print 15 rather than the double's binary noise. */
        char tmp[40];
        int n = snprintf(tmp, sizeof(tmp), "%.15g", v->d);
        if (!isfinite(v->d) || !pgtype_dec_parse(tmp, (size_t)n, &dec))
            pgtype_dec_from_double(v->d, &dec);
    } else if (!pgtype_dec_parse((const char *)v->p, v->n, &dec)) {
        put_raw(v, out);
        return;
    }
    pgtype_dec_display(&dec, typmod, v->storage == PGTYPE_ST_TEXT);
    pgtype_dec_format(&dec, out);
}

static void out_int(const pgtype_value_t *v, lg_buf_t *out)
{
    if (v->storage == PGTYPE_ST_FLOAT && v->d >= -9.2e18 && v->d <= 9.2e18)
        lg_buf_printf(out, "%lld", (long long)(v->d < 0 ? v->d - 0.5 : v->d + 0.5));
    else
        put_raw(v, out);
}

static void out_uuid(const pgtype_value_t *v, lg_buf_t *out)
{
    if (v->storage != PGTYPE_ST_BLOB || v->n != 16) {
        put_raw(v, out);
        return;
    }
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            lg_buf_putc(out, '-');
        lg_buf_printf(out, "%02x", v->p[i]);
    }
}

/* Date/time kinds: reparse the stored text and print it canonically. */
static void out_datetime(const pgtype_value_t *v, uint32_t oid, const pgtype_session_t *s,
                         lg_buf_t *out)
{
    if (v->storage != PGTYPE_ST_TEXT) {
        put_raw(v, out);
        return;
    }
    const char *p = (const char *)v->p;
    int64_t ts;
    int32_t date;
    pgtime_interval_t iv;
    int rc;
    switch (oid) {
    case PGTYPE_DATE:
        if ((rc = pgtime_parse_date(p, v->n, 0, NULL, &date)) == 0)
            pgtime_format_date_styled(date, out);
        break;
    case PGTYPE_TIME:
        if ((rc = pgtime_parse_time(p, v->n, &ts)) == 0)
            pgtime_format_time(ts, out);
        break;
    case PGTYPE_TIMESTAMP:
        if ((rc = pgtime_parse_timestamp(p, v->n, 0, NULL, &ts)) == 0)
            pgtime_format_timestamp_styled(ts, out);
        break;
    case PGTYPE_TIMESTAMPTZ:
        if ((rc = pgtime_parse_timestamptz(p, v->n, 0, NULL, &ts)) == 0)
            pgtime_format_timestamptz_styled(ts, pgtime_zone_find(s ? s->timezone : NULL), out);
        break;
    default:
        if ((rc = pgtime_parse_interval(p, v->n, &iv)) == 0)
            pgtime_format_interval_styled(&iv, out);
        break;
    }
    if (rc != 0)
        put_raw(v, out);
}

/* One stored tstzrange bound (UTC) in the session zone, quoted unless it is "infinity". */
static void out_tz_bound(const char *p, size_t n, const pgtype_session_t *s, lg_buf_t *out)
{
    int64_t ts;
    if (pgtime_parse_timestamptz(p, n, 0, NULL, &ts) != 0) {
        lg_buf_append(out, p, n);
        return;
    }
    size_t start = out->len;
    pgtime_format_timestamptz_styled(ts, pgtime_zone_find(s ? s->timezone : NULL), out);
    if (out->failed || !memchr(out->data + start, ' ', out->len - start))
        return;
    lg_buf_putc(out, '"');
    memmove(out->data + start + 1, out->data + start, out->len - start - 1);
    out->data[start] = '"';
    lg_buf_putc(out, '"');
}

/* A stored tstzrange ('["2024-01-01 10:00:00+00",)') with its bounds in the session zone. */
static void out_tstzrange(const pgtype_value_t *v, const pgtype_session_t *s, lg_buf_t *out)
{
    const char *p = (const char *)v->p, *end = p + v->n;
    if (v->storage != PGTYPE_ST_TEXT || v->n < 3 || (*p != '[' && *p != '(')) {
        put_raw(v, out);
        return;
    }
    lg_buf_putc(out, (uint8_t)*p++);
    for (int i = 0; i < 2 && p < end; i++) {
        bool quoted = *p == '"';
        const char *b = p + quoted;
        const char *e = b;
        while (e < end && (quoted ? *e != '"' : (*e != ',' && *e != ')' && *e != ']')))
            e++;
        if (e > b)
            out_tz_bound(b, (size_t)(e - b), s, out);
        p = e + (quoted && e < end);
        if (p < end)
            lg_buf_putc(out, (uint8_t)*p++); /* ',' then ')' or ']' */
    }
}

int pgtype_text_out(const pgtype_value_t *v, uint32_t oid, int32_t typmod,
                    const pgtype_session_t *s, lg_buf_t *out)
{
    if (v->storage == PGTYPE_ST_NULL || v->storage < PGTYPE_ST_INT || v->storage > PGTYPE_ST_NULL)
        return LG_EINVAL;
    uint32_t elem = pgtype_array_elem(oid);
    if (elem != 0 && v->storage == PGTYPE_ST_TEXT)
        return pgtype__array_out(v->p, v->n, elem, s, out) == 0 && !out->failed ? 0 : LG_ETOOBIG;
    switch (oid) {
    case PGTYPE_BOOL:
        out_bool(v, out);
        break;
    case PGTYPE_INT2:
    case PGTYPE_INT4:
    case PGTYPE_INT8:
    case PGTYPE_OID:
        out_int(v, out);
        break;
    case PGTYPE_FLOAT4:
    case PGTYPE_FLOAT8:
        out_float(v, oid == PGTYPE_FLOAT4, s, out);
        break;
    case PGTYPE_NUMERIC:
        out_numeric(v, typmod, out);
        break;
    case PGTYPE_BYTEA:
        if ((v->storage == PGTYPE_ST_BLOB || v->storage == PGTYPE_ST_TEXT) && s && s->bytea_escape)
            put_bytea_escape(v->p, v->n, out);
        else if (v->storage == PGTYPE_ST_BLOB || v->storage == PGTYPE_ST_TEXT)
            put_hex(v->p, v->n, out);
        else
            put_raw(v, out);
        break;
    case PGTYPE_UUID:
        out_uuid(v, out);
        break;
    case PGTYPE_TSTZRANGE:
        out_tstzrange(v, s, out);
        break;
    case PGTYPE_DATE:
    case PGTYPE_TIME:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
    case PGTYPE_INTERVAL:
        out_datetime(v, oid, s, out);
        break;
    default:
        if (v->storage == PGTYPE_ST_BLOB && oid != PGTYPE_TEXT && oid != PGTYPE_VARCHAR)
            put_hex(v->p, v->n, out);
        else
            put_raw(v, out);
    }
    return out->failed ? LG_ETOOBIG : 0;
}

void pgtype_session_init(pgtype_session_t *s)
{
    s->timezone = "UTC";
    s->extra_float_digits = 1;
    s->now_usec = 0;
    s->bytea_escape = 0;
}

int32_t pgtype_typmod_numeric(int precision, int scale)
{
    return (int32_t)(((uint32_t)precision << 16) | ((uint32_t)scale & 0xffff)) + 4;
}
