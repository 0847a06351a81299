/* proto_frame.c - framing of the two packet shapes and decoding of startup-phase packets.
 * Pure, no I/O (any thread).
 *
 * Wire format (all integers big-endian):
 *
 *   startup phase   [Int32 len][Int32 code][body...]      len counts itself, min 8
 *   regular         [Byte1 type][Int32 len][body...]      len counts itself, min 4
 *
 * Framers read the header only and decide before any body byte is trusted or buffered:
 *   - fewer header bytes than needed            -> PROTO_NEED_MORE
 *   - declared len below the minimum            -> PROTO_MALFORMED
 *   - declared len above `max` (unsigned, so 0xFFFFFFFF is simply huge) -> PROTO_TOO_LARGE
 *   - header fine but body incomplete           -> PROTO_NEED_MORE
 *   - otherwise PROTO_OK with the total frame size.
 * A caller can therefore reject an oversize message as soon as 4 (or 5) bytes arrived.
 *
 * Startup-phase body, by code:
 *   80877103 SSLRequest, 80877104 GSSENCRequest   body exactly 4 bytes (the code)
 *   80877102 CancelRequest                         code, Int32 pid, Int32 key (12 bytes)
 *   (3 << 16) | minor  StartupMessage 3.x          code, then name\0value\0 pairs, then \0
 *   any other major                                PROTO_STARTUP_BAD_VERSION, body ignored
 * A StartupMessage with more than PROTO_MAX_STARTUP_PARAMS pairs, a string not terminated
 * inside the body, a missing final \0 or bytes after it is PROTO_MALFORMED. */
#include "proto.h"
#include "proto_int.h"
#include <string.h>

#define STARTUP_MIN_LEN 8u
#define REGULAR_MIN_LEN 4u

static int decode_startup_params(proto__rd_t *r, proto_startup_t *out);

int proto_frame_startup(const uint8_t *buf, size_t len, size_t max, size_t *frame_len)
{
    if (len < 4)
        return PROTO_NEED_MORE;
    uint32_t declared = proto_get_u32(buf);
    if (declared < STARTUP_MIN_LEN)
        return PROTO_MALFORMED;
    if (declared > max)
        return PROTO_TOO_LARGE;
    if (len < declared)
        return PROTO_NEED_MORE;
    *frame_len = declared;
    return PROTO_OK;
}

int proto_frame_regular(const uint8_t *buf, size_t len, size_t max, uint8_t *type,
                        size_t *frame_len)
{
    if (len < 5)
        return PROTO_NEED_MORE;
    uint32_t declared = proto_get_u32(buf + 1);
    if (declared < REGULAR_MIN_LEN)
        return PROTO_MALFORMED;
    if (declared > max)
        return PROTO_TOO_LARGE;
    if (len - 1 < declared)
        return PROTO_NEED_MORE;
    *type = buf[0];
    *frame_len = (size_t)declared + 1;
    return PROTO_OK;
}

int proto_decode_startup(const uint8_t *body, size_t len, proto_startup_t *out)
{
    proto__rd_t r;
    proto__rd_init(&r, body, len);
    memset(out, 0, sizeof(*out));
    uint32_t code = proto__rd_u32(&r);
    if (r.bad)
        return PROTO_MALFORMED;
    switch (code) {
    case PROTO_CODE_SSL_REQUEST:
        out->kind = PROTO_STARTUP_SSL_REQUEST;
        return len == 4 ? PROTO_OK : PROTO_MALFORMED;
    case PROTO_CODE_GSSENC_REQUEST:
        out->kind = PROTO_STARTUP_GSSENC_REQUEST;
        return len == 4 ? PROTO_OK : PROTO_MALFORMED;
    case PROTO_CODE_CANCEL_REQUEST:
        out->kind = PROTO_STARTUP_CANCEL_REQUEST;
        out->cancel_pid = proto__rd_u32(&r);
        out->cancel_key = proto__rd_u32(&r);
        return proto__rd_done(&r) ? PROTO_OK : PROTO_MALFORMED;
    default:
        break;
    }
    out->version = code;
    if ((code >> 16) != 3) {
        out->kind = PROTO_STARTUP_BAD_VERSION;
        return PROTO_OK;
    }
    out->kind = PROTO_STARTUP_MESSAGE;
    return decode_startup_params(&r, out);
}

/* name\0value\0 ... \0, exactly filling the rest of the body. */
static int decode_startup_params(proto__rd_t *r, proto_startup_t *out)
{
    for (;;) {
        if (proto__rd_left(r) == 0)
            return PROTO_MALFORMED; /* no final terminator */
        if (r->p[r->pos] == 0) {
            r->pos++;
            break;
        }
        if (out->nparams == PROTO_MAX_STARTUP_PARAMS)
            return PROTO_MALFORMED;
        const char *name = proto__rd_str(r, NULL);
        const char *value = proto__rd_str(r, NULL);
        if (r->bad)
            return PROTO_MALFORMED;
        out->names[out->nparams] = name;
        out->values[out->nparams] = value;
        out->nparams++;
    }
    return proto__rd_done(r) ? PROTO_OK : PROTO_MALFORMED;
}
