/* pgtype_binary.c - binary wire format <-> storage form; the formats are listed in
 * pgtype_binary.h. Storage text (dates, intervals, uuids, arrays) is parsed with the same
 * routines as text output, so both formats agree on what a stored value means. */
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
#include <string.h>

#define NUMERIC_POS 0x0000
#define NUMERIC_NEG 0x4000
#define NUMERIC_NAN 0xC000
#define NUMERIC_PINF 0xD000
#define NUMERIC_NINF 0xF000
#define BIN_BUF_MAX (1u << 30)

static void put_u64(lg_buf_t *b, uint64_t v)
{
    lg_buf_put_u32(b, (uint32_t)(v >> 32));
    lg_buf_put_u32(b, (uint32_t)v);
}

bool pgtype_binary_supported(uint32_t oid)
{
    static const uint32_t k_oids[] = {
        PGTYPE_BOOL,      PGTYPE_BYTEA,       PGTYPE_NAME,     PGTYPE_INT8,    PGTYPE_INT2,
        PGTYPE_INT4,      PGTYPE_TEXT,        PGTYPE_OID,      PGTYPE_JSON,    PGTYPE_FLOAT4,
        PGTYPE_FLOAT8,    PGTYPE_BPCHAR,      PGTYPE_VARCHAR,  PGTYPE_DATE,    PGTYPE_TIME,
        PGTYPE_TIMESTAMP, PGTYPE_TIMESTAMPTZ, PGTYPE_INTERVAL, PGTYPE_NUMERIC, PGTYPE_UUID,
        PGTYPE_JSONB,     PGTYPE_UNKNOWN};
    uint32_t elem = pgtype_array_elem(oid);
    if (elem != 0)
        oid = elem;
    for (size_t i = 0; i < sizeof(k_oids) / sizeof(k_oids[0]); i++)
        if (k_oids[i] == oid)
            return true;
    return false;
}

/* ---- storage -> binary ---- */

static bool value_dec(const pgtype_value_t *v, pgtype_dec_t *d)
{
    if (v->storage == PGTYPE_ST_INT) {
        pgtype_dec_from_int(v->i, d);
        return true;
    }
    if (v->storage == PGTYPE_ST_FLOAT) {
        pgtype_dec_from_double(v->d, d);
        return true;
    }
    return v->storage == PGTYPE_ST_TEXT && pgtype_dec_parse((const char *)v->p, v->n, d);
}

static int numeric_out(const pgtype_dec_t *d, lg_buf_t *out)
{
    if (d->nan || d->inf) {
        lg_buf_put_u16(out, 0);
        lg_buf_put_u16(out, 0);
        lg_buf_put_u16(out, d->nan ? NUMERIC_NAN : d->inf > 0 ? NUMERIC_PINF : NUMERIC_NINF);
        lg_buf_put_u16(out, 0);
        return 0;
    }
    int16_t groups[PGTYPE_DEC_MAXDIGITS / 4 + 4];
    int weight = 0, ng = 0;
    if (d->ndigits > 0) {
        int e0 = d->point - 1; /* decimal exponent of the first digit */
        weight = e0 >= 0 ? e0 / 4 : -((-e0 + 3) / 4);
        for (int i = 0; i < d->ndigits; i++) {
            int e = e0 - i;
            int g = e >= 0 ? e / 4 : -((-e + 3) / 4);
            int idx = weight - g;
            while (ng <= idx)
                groups[ng++] = 0;
            int pow = 1;
            for (int k = 0; k < e - 4 * g; k++)
                pow *= 10;
            groups[idx] = (int16_t)(groups[idx] + (d->digits[i] - '0') * pow);
        }
        while (ng > 0 && groups[ng - 1] == 0)
            ng--;
    }
    lg_buf_put_u16(out, (uint16_t)ng);
    lg_buf_put_u16(out, (uint16_t)(int16_t)weight);
    lg_buf_put_u16(out, d->neg ? NUMERIC_NEG : NUMERIC_POS);
    lg_buf_put_u16(out, (uint16_t)d->dscale);
    for (int i = 0; i < ng; i++)
        lg_buf_put_u16(out, (uint16_t)groups[i]);
    return 0;
}

static int64_t value_int(const pgtype_value_t *v, bool *ok)
{
    *ok = true;
    if (v->storage == PGTYPE_ST_INT)
        return v->i;
    if (v->storage == PGTYPE_ST_FLOAT && fabs(v->d) < 9.2e18)
        return (int64_t)llround(v->d);
    pgtype_dec_t d;
    int64_t r = 0;
    *ok = value_dec(v, &d) && pgtype_dec_to_int64(&d, &r);
    return r;
}

static int datetime_out(const pgtype_value_t *v, uint32_t oid, lg_buf_t *out)
{
    if (v->storage != PGTYPE_ST_TEXT)
        return LG_EINVAL;
    const char *p = (const char *)v->p;
    int64_t t = 0;
    int32_t d = 0;
    pgtime_interval_t iv;
    switch (oid) {
    case PGTYPE_DATE:
        if (pgtime_parse_date(p, v->n, 0, NULL, &d) != 0)
            return LG_EINVAL;
        lg_buf_put_u32(out, (uint32_t)d);
        return 0;
    case PGTYPE_TIME:
        if (pgtime_parse_time(p, v->n, &t) != 0)
            return LG_EINVAL;
        break;
    case PGTYPE_TIMESTAMP:
        if (pgtime_parse_timestamp(p, v->n, 0, NULL, &t) != 0)
            return LG_EINVAL;
        break;
    case PGTYPE_TIMESTAMPTZ:
        if (pgtime_parse_timestamptz(p, v->n, 0, NULL, &t) != 0)
            return LG_EINVAL;
        break;
    default:
        if (pgtime_parse_interval(p, v->n, &iv) != 0)
            return LG_EINVAL;
        put_u64(out, (uint64_t)iv.usec);
        lg_buf_put_u32(out, (uint32_t)iv.days);
        lg_buf_put_u32(out, (uint32_t)iv.months);
        return 0;
    }
    put_u64(out, (uint64_t)t);
    return 0;
}

static int hexd(uint8_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (uint8_t)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int uuid_out(const pgtype_value_t *v, lg_buf_t *out)
{
    if (v->storage == PGTYPE_ST_BLOB && v->n == 16) {
        lg_buf_append(out, v->p, 16);
        return 0;
    }
    uint8_t raw[16];
    int nd = 0;
    for (size_t i = 0; v->storage == PGTYPE_ST_TEXT && i < v->n && nd < 32; i++) {
        int h = hexd(v->p[i]);
        if (h < 0)
            continue;
        raw[nd / 2] = (uint8_t)(nd % 2 ? (raw[nd / 2] | h) : (h << 4));
        nd++;
    }
    if (nd != 32)
        return LG_EINVAL;
    lg_buf_append(out, raw, 16);
    return 0;
}

static int array_out(const pgtype_value_t *v, uint32_t elem, lg_buf_t *out);

static int raw_out(const pgtype_value_t *v, lg_buf_t *out)
{
    if (v->storage == PGTYPE_ST_TEXT || v->storage == PGTYPE_ST_BLOB) {
        lg_buf_append(out, v->p, v->n);
        return 0;
    }
    return pgtype_text_out(v, v->storage == PGTYPE_ST_INT ? PGTYPE_INT8 : PGTYPE_FLOAT8, -1, NULL,
                           out);
}

static int scalar_out(const pgtype_value_t *v, uint32_t oid, int32_t typmod, lg_buf_t *out)
{
    bool ok = true;
    int64_t i;
    pgtype_dec_t d;
    switch (oid) {
    case PGTYPE_BOOL:
        i = value_int(v, &ok);
        lg_buf_putc(out, i != 0);
        break;
    case PGTYPE_INT2:
        i = value_int(v, &ok);
        lg_buf_put_u16(out, (uint16_t)i);
        break;
    case PGTYPE_INT4:
    case PGTYPE_OID:
        i = value_int(v, &ok);
        lg_buf_put_u32(out, (uint32_t)i);
        break;
    case PGTYPE_INT8:
        i = value_int(v, &ok);
        put_u64(out, (uint64_t)i);
        break;
    case PGTYPE_FLOAT4:
    case PGTYPE_FLOAT8: {
        double x = v->storage == PGTYPE_ST_INT ? (double)v->i : v->d;
        if (v->storage == PGTYPE_ST_TEXT || v->storage == PGTYPE_ST_BLOB)
            x = value_dec(v, &d) ? pgtype_dec_to_double(&d) : (ok = false, 0);
        if (oid == PGTYPE_FLOAT4) {
            float f = (float)x;
            uint32_t u;
            memcpy(&u, &f, 4);
            lg_buf_put_u32(out, u);
        } else {
            uint64_t u;
            memcpy(&u, &x, 8);
            put_u64(out, u);
        }
        break;
    }
    case PGTYPE_NUMERIC:
        if (!(ok = value_dec(v, &d)))
            break;
        pgtype_dec_display(&d, typmod, v->storage == PGTYPE_ST_TEXT);
        return numeric_out(&d, out);
    case PGTYPE_UUID:
        return uuid_out(v, out);
    case PGTYPE_DATE:
    case PGTYPE_TIME:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
    case PGTYPE_INTERVAL:
        return datetime_out(v, oid, out);
    case PGTYPE_JSONB:
        lg_buf_putc(out, 1);
        return raw_out(v, out);
    default:
        return raw_out(v, out);
    }
    return ok ? 0 : LG_EINVAL;
}

int pgtype_binary_out(const pgtype_value_t *v, uint32_t oid, int32_t typmod, lg_buf_t *out)
{
    if (v->storage == PGTYPE_ST_NULL)
        return LG_EINVAL;
    uint32_t elem = pgtype_array_elem(oid);
    size_t mark = out->len;
    int rc = elem != 0 ? array_out(v, elem, out) : scalar_out(v, oid, typmod, out);
    if (rc != 0)
        out->len = mark;
    return rc != 0 ? rc : (out->failed ? LG_ETOOBIG : 0);
}

#define BIN_ARRAY_MAXDIM 6 /* PostgreSQL's MAXDIM */

/* Number of elements of the JSON array at p ('['), or -1 when it is malformed. */
static int level_count(const char *p, const char *end)
{
    p++;
    pgtype__json_ws(&p, end);
    if (p < end && *p == ']')
        return 0;
    for (int n = 1;; n++) {
        if (!pgtype__json_skip(&p, end))
            return -1;
        pgtype__json_ws(&p, end);
        if (p < end && *p == ']')
            return n;
        if (p >= end || *p != ',')
            return -1;
        p++;
    }
}

/* Dimensions of a stored array ([[1,2],[3,4]]: 2 and {2, 2}) read down its first elements;
 * -1 when malformed or deeper than PostgreSQL allows. An empty array has dims[0] 0. */
static int array_dims(const char *p, const char *end, int *dims)
{
    int nd = 0;
    pgtype__json_ws(&p, end);
    while (p < end && *p == '[') {
        if (nd == BIN_ARRAY_MAXDIM || (dims[nd] = level_count(p, end)) < 0)
            return -1;
        if (dims[nd++] == 0)
            break;
        p++;
        pgtype__json_ws(&p, end);
    }
    return nd;
}

/* One leaf element at *p: length word and binary value, or -1 for NULL. */
static int elem_out(const char **p, const char *end, uint32_t elem, bool *hasnull, lg_buf_t *out)
{
    lg_buf_t sb;
    lg_buf_init(&sb, BIN_BUF_MAX);
    pgtype_value_t ev;
    int rc = 0;
    if (!pgtype__json_elem_value(p, end, elem, &ev, &sb)) {
        rc = LG_EINVAL;
    } else if (ev.storage == PGTYPE_ST_NULL) {
        *hasnull = true;
        lg_buf_put_u32(out, 0xFFFFFFFFu);
    } else {
        size_t lenpos = out->len;
        lg_buf_put_u32(out, 0);
        rc = scalar_out(&ev, elem, -1, out);
        if (rc == 0 && !out->failed)
            lg_buf_patch_u32(out, lenpos, (uint32_t)(out->len - lenpos - 4));
    }
    lg_buf_deinit(&sb);
    return rc;
}

/* The elements of the (sub)array at *p in row-major order; every sub-array must have the
 * dimensions of the first one (dims[0..nd-1]). */
static int level_out(const char **p, const char *end, uint32_t elem, const int *dims, int nd,
                     bool *hasnull, lg_buf_t *out)
{
    pgtype__json_ws(p, end);
    if (*p >= end || **p != '[')
        return LG_EINVAL;
    (*p)++;
    for (int i = 0; i < dims[0]; i++) {
        pgtype__json_ws(p, end);
        if (i > 0 && (*p >= end || *(*p)++ != ','))
            return LG_EINVAL;
        int rc = nd > 1 ? level_out(p, end, elem, dims + 1, nd - 1, hasnull, out)
                        : elem_out(p, end, elem, hasnull, out);
        if (rc != 0 || out->failed)
            return rc != 0 ? rc : LG_ETOOBIG;
    }
    pgtype__json_ws(p, end);
    if (*p >= end || **p != ']')
        return LG_EINVAL;
    (*p)++;
    return 0;
}

/* Stored array (JSON, nested for more dimensions) -> binary array: ndim, has-null flag,
 * element type, then size and lower bound 1 of each dimension, then the elements. */
static int array_out(const pgtype_value_t *v, uint32_t elem, lg_buf_t *out)
{
    if (v->storage != PGTYPE_ST_TEXT)
        return LG_EINVAL;
    const char *p = (const char *)v->p;
    const char *end = p + v->n;
    int dims[BIN_ARRAY_MAXDIM];
    int nd = array_dims(p, end, dims);
    if (nd <= 0)
        return LG_EINVAL;
    for (int d = 0; d < nd; d++)
        if (dims[d] == 0)
            nd = 0; /* '{}' */
    size_t hdr = out->len;
    lg_buf_put_u32(out, (uint32_t)nd);
    lg_buf_put_u32(out, 0); /* has nulls, patched */
    lg_buf_put_u32(out, elem);
    if (nd == 0)
        return 0;
    for (int d = 0; d < nd; d++) {
        lg_buf_put_u32(out, (uint32_t)dims[d]);
        lg_buf_put_u32(out, 1);
    }
    bool hasnull = false;
    int rc = level_out(&p, end, elem, dims, nd, &hasnull, out);
    if (rc != 0 || out->failed)
        return rc != 0 ? rc : LG_ETOOBIG;
    lg_buf_patch_u32(out, hdr + 4, hasnull ? 1 : 0);
    return 0;
}
