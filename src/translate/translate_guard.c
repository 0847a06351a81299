/* translate_guard.c - bounds the nesting depth of a packed libpg_query parse tree before it
 * is unpacked: protobuf-c's unpack (and our emitter) recurse once per message level and
 * overflow the thread stack on deep trees. The walk is iterative: an explicit stack of
 * (end offset, message descriptor) pairs, starting at ParseResult. A length-delimited
 * field whose descriptor says "message" is descended into; every other field is skipped
 * by its wire length. Worker thread. */
#include "translate_int.h"
#include "lg_alloc.h"
#include <stdlib.h>

typedef struct pb_frame {
    size_t end;
    const ProtobufCMessageDescriptor *desc;
} pb_frame_t;

static int read_varint(const uint8_t *p, size_t end, size_t *pos, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*pos >= end)
            return -1;
        uint8_t b = p[(*pos)++];
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

static int skip_field(const uint8_t *p, size_t end, size_t *pos, unsigned wt)
{
    uint64_t v;
    switch (wt) {
    case 0:
        return read_varint(p, end, pos, &v);
    case 1:
        if (end - *pos < 8)
            return -1;
        *pos += 8;
        return 0;
    case 5:
        if (end - *pos < 4)
            return -1;
        *pos += 4;
        return 0;
    default:
        return -1;
    }
}

int translate__pb_depth_check(const uint8_t *data, size_t len, int limit)
{
    pb_frame_t *stack = lg_xmalloc(sizeof(pb_frame_t) * ((size_t)limit + 2));
    int depth = 0, rc = 0;
    size_t pos = 0;
    stack[0].end = len;
    stack[0].desc = &pg_query__parse_result__descriptor;
    for (;;) {
        while (depth > 0 && pos == stack[depth].end)
            depth--;
        if (pos >= stack[depth].end)
            break;
        uint64_t tag, flen;
        if (read_varint(data, stack[depth].end, &pos, &tag) != 0) {
            rc = -1;
            break;
        }
        unsigned wt = (unsigned)(tag & 7);
        if (wt != 2) {
            if (skip_field(data, stack[depth].end, &pos, wt) != 0) {
                rc = -1;
                break;
            }
            continue;
        }
        if (read_varint(data, stack[depth].end, &pos, &flen) != 0 ||
            flen > stack[depth].end - pos) {
            rc = -1;
            break;
        }
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field(stack[depth].desc, (unsigned)(tag >> 3));
        if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
            if (depth + 1 > limit) {
                rc = 1;
                break;
            }
            depth++;
            stack[depth].end = pos + flen;
            stack[depth].desc = f->descriptor;
        } else {
            pos += flen;
        }
    }
    free(stack);
    return rc;
}
