/* proto_fe.c - decoders for frontend (client -> server) regular messages. Pure, no I/O
 * (any thread).
 *
 * Each decoder takes one complete body (after type byte and length) and fills a struct of
 * views into it. Body layouts (Int16/Int32 big-endian, String = bytes + \0):
 *
 *   Query     'Q'  String sql
 *   Parse     'P'  String name, String query, Int16 n, n x Int32 param type OID
 *   Bind      'B'  String portal, String statement, Int16 nf, nf x Int16 format,
 *                  Int16 np, np x (Int32 len (-1 = NULL), len bytes),
 *                  Int16 nr, nr x Int16 result format
 *   Describe  'D'  Byte1 'S'|'P', String name
 *   Execute   'E'  String portal, Int32 max rows (0 or negative = no limit)
 *   Close     'C'  Byte1 'S'|'P', String name
 *   Sync 'S', Flush 'H', Terminate 'X', CopyDone 'c': empty body
 *   (Password 'p' and CopyFail 'f' carry one String: decode them with proto_decode_query.)
 *
 * Invariants: nothing outside [body, body+len) is read; every message must be consumed
 * exactly, so trailing bytes are PROTO_MALFORMED. A decoded Bind is fully validated, which
 * lets proto_bind_iter_next and the format helpers trust it. */
#include "proto.h"
#include "proto_int.h"

static bool formats_valid(const uint8_t *f, uint16_t n);
static const uint8_t *read_bind_params(proto__rd_t *r, uint16_t n, size_t *plen);

int proto_decode_query(const uint8_t *body, size_t len, proto_query_t *out)
{
    proto__rd_t r;
    proto__rd_init(&r, body, len);
    out->sql = proto__rd_str(&r, &out->sql_len);
    return proto__rd_done(&r) ? PROTO_OK : PROTO_MALFORMED;
}

int proto_decode_parse(const uint8_t *body, size_t len, proto_parse_t *out)
{
    proto__rd_t r;
    proto__rd_init(&r, body, len);
    out->name = proto__rd_str(&r, NULL);
    out->query = proto__rd_str(&r, &out->query_len);
    out->nparams = proto__rd_u16(&r);
    out->param_oids = proto__rd_bytes(&r, (size_t)out->nparams * 4);
    if (!proto__rd_done(&r)) {
        out->nparams = 0;
        return PROTO_MALFORMED;
    }
    return PROTO_OK;
}

uint32_t proto_parse_param_oid(const proto_parse_t *p, uint16_t i)
{
    if (i >= p->nparams || !p->param_oids)
        return 0;
    return proto_get_u32(p->param_oids + (size_t)i * 4);
}

int proto_decode_bind(const uint8_t *body, size_t len, proto_bind_t *out)
{
    proto__rd_t r;
    proto__rd_init(&r, body, len);
    out->portal = proto__rd_str(&r, NULL);
    out->statement = proto__rd_str(&r, NULL);
    out->nformats = proto__rd_u16(&r);
    out->formats = proto__rd_bytes(&r, (size_t)out->nformats * 2);
    out->nparams = proto__rd_u16(&r);
    out->params = read_bind_params(&r, out->nparams, &out->params_len);
    out->nresult_formats = proto__rd_u16(&r);
    out->result_formats = proto__rd_bytes(&r, (size_t)out->nresult_formats * 2);
    bool ok = proto__rd_done(&r) && formats_valid(out->formats, out->nformats) &&
              formats_valid(out->result_formats, out->nresult_formats) &&
              (out->nformats <= 1 || out->nformats == out->nparams);
    if (!ok) {
        out->nformats = out->nparams = out->nresult_formats = 0;
        out->params_len = 0;
        return PROTO_MALFORMED;
    }
    return PROTO_OK;
}

/* Walks n (Int32 len, bytes) values; returns their start and total span, or NULL with
 * r->bad set when a length is below -1 or runs past the body. */
static const uint8_t *read_bind_params(proto__rd_t *r, uint16_t n, size_t *plen)
{
    size_t start = r->pos;
    for (uint16_t i = 0; i < n && !r->bad; i++) {
        int32_t vlen = (int32_t)proto__rd_u32(r);
        if (vlen < -1)
            r->bad = true;
        else if (vlen > 0)
            (void)proto__rd_bytes(r, (size_t)vlen);
    }
    *plen = r->bad ? 0 : r->pos - start;
    return r->bad ? NULL : r->p + start;
}

static bool formats_valid(const uint8_t *f, uint16_t n)
{
    for (uint16_t i = 0; i < n; i++) {
        uint16_t code = proto_get_u16(f + (size_t)i * 2);
        if (code != 0 && code != 1)
            return false;
    }
    return true;
}

int16_t proto_bind_param_format(const proto_bind_t *b, uint16_t i)
{
    if (b->nformats == 0 || !b->formats)
        return 0;
    if (b->nformats == 1)
        return (int16_t)proto_get_u16(b->formats);
    if (i >= b->nformats)
        return 0;
    return (int16_t)proto_get_u16(b->formats + (size_t)i * 2);
}

int16_t proto_bind_result_format(const proto_bind_t *b, uint16_t i)
{
    if (b->nresult_formats == 0 || !b->result_formats)
        return 0;
    if (b->nresult_formats == 1)
        return (int16_t)proto_get_u16(b->result_formats);
    if (i >= b->nresult_formats)
        return 0;
    return (int16_t)proto_get_u16(b->result_formats + (size_t)i * 2);
}

int proto_bind_check_result_formats(const proto_bind_t *b, uint16_t ncols)
{
    if (b->nresult_formats <= 1 || b->nresult_formats == ncols)
        return PROTO_OK;
    return PROTO_MALFORMED;
}

void proto_bind_iter_init(proto_bind_iter_t *it, const proto_bind_t *b)
{
    it->bind = b;
    it->pos = 0;
    it->index = 0;
}

/* Trusts a validated Bind but still bounds every read against params_len, so a hand-made
 * proto_bind_t cannot make it read out of bounds (it then reports PROTO_MALFORMED). */
int proto_bind_iter_next(proto_bind_iter_t *it, const uint8_t **val, int32_t *vlen)
{
    const proto_bind_t *b = it->bind;
    *val = NULL;
    *vlen = -1;
    if (it->index >= b->nparams)
        return 1;
    proto__rd_t r;
    proto__rd_init(&r, b->params, b->params_len);
    r.pos = it->pos <= r.len ? it->pos : r.len;
    int32_t n = (int32_t)proto__rd_u32(&r);
    const uint8_t *p = n >= 0 ? proto__rd_bytes(&r, (size_t)n) : NULL;
    if (r.bad || n < -1)
        return PROTO_MALFORMED;
    it->pos = r.pos;
    it->index++;
    *val = p;
    *vlen = n;
    return PROTO_OK;
}

int proto_decode_describe(const uint8_t *body, size_t len, proto_describe_t *out)
{
    proto__rd_t r;
    proto__rd_init(&r, body, len);
    out->kind = (char)proto__rd_u8(&r);
    out->name = proto__rd_str(&r, NULL);
    if (!proto__rd_done(&r) || (out->kind != 'S' && out->kind != 'P'))
        return PROTO_MALFORMED;
    return PROTO_OK;
}

/* PostgreSQL treats max rows <= 0 as "all rows"; a negative Int32 becomes 0 here. */
int proto_decode_execute(const uint8_t *body, size_t len, proto_execute_t *out)
{
    proto__rd_t r;
    proto__rd_init(&r, body, len);
    out->portal = proto__rd_str(&r, NULL);
    uint32_t n = proto__rd_u32(&r);
    out->max_rows = n > INT32_MAX ? 0 : n;
    return proto__rd_done(&r) ? PROTO_OK : PROTO_MALFORMED;
}

int proto_decode_close(const uint8_t *body, size_t len, proto_close_t *out)
{
    proto__rd_t r;
    proto__rd_init(&r, body, len);
    out->kind = (char)proto__rd_u8(&r);
    out->name = proto__rd_str(&r, NULL);
    if (!proto__rd_done(&r) || (out->kind != 'S' && out->kind != 'P'))
        return PROTO_MALFORMED;
    return PROTO_OK;
}

int proto_decode_empty(const uint8_t *body, size_t len)
{
    (void)body;
    return len == 0 ? PROTO_OK : PROTO_MALFORMED;
}
