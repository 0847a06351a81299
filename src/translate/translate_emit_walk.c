/* translate_emit_walk.c - generic traversal and comparison of libpg_query trees through
 * protobuf-c reflection, for the semantic checks (translate_emit_check.c). Worker thread
 * only.
 *
 * A parse tree is a graph of ProtobufCMessage structs. emit_walk_children visits every
 * direct child message of one message (set oneof members, non-NULL optional messages and
 * each element of repeated message fields); emit_node_equal compares two trees field by
 * field ignoring `location` fields, so that the same expression written twice (GROUP BY
 * date_trunc('month', d) and the select list's date_trunc('month', d)) compares equal. */
#include "translate_emit_check.h"
#include <string.h>

/* True when field f of message m is present (oneof member selected / message set). */
static bool field_present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
    const char *base = (const char *)m;
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
        uint32_t which;
        memcpy(&which, base + f->quantifier_offset, sizeof(which));
        return which == f->id;
    }
    return true;
}

void emit_walk_children(const ProtobufCMessage *m, emit_walk_fn fn, void *ctx)
{
    if (!m)
        return;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const char *base = (const char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE || !field_present(m, f))
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n;
            memcpy(&n, base + f->quantifier_offset, sizeof(n));
            ProtobufCMessage *const *arr;
            memcpy(&arr, base + f->offset, sizeof(arr));
            for (size_t k = 0; k < n && arr; k++)
                if (arr[k] && !fn(arr[k], ctx))
                    return;
        } else {
            const ProtobufCMessage *sub;
            memcpy(&sub, base + f->offset, sizeof(sub));
            if (sub && !fn(sub, ctx))
                return;
        }
    }
}

static size_t scalar_size(ProtobufCType t)
{
    switch (t) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    default:
        return 4;
    }
}

static bool value_equal(const ProtobufCFieldDescriptor *f, const void *a, const void *b,
                        emit_eq_fn eq, void *ctx)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
        const char *x, *y;
        memcpy(&x, a, sizeof(x));
        memcpy(&y, b, sizeof(y));
        return strcmp(x ? x : "", y ? y : "") == 0;
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *x = a, *y = b;
        return x->len == y->len && (x->len == 0 || memcmp(x->data, y->data, x->len) == 0);
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *x, *y;
        memcpy(&x, a, sizeof(x));
        memcpy(&y, b, sizeof(y));
        return emit_msg_equal(x, y, eq, ctx);
    }
    default:
        return memcmp(a, b, scalar_size(f->type)) == 0;
    }
}

static size_t value_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        return sizeof(char *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    default:
        return scalar_size(f->type);
    }
}

static bool field_equal(const ProtobufCMessage *a, const ProtobufCMessage *b,
                        const ProtobufCFieldDescriptor *f, emit_eq_fn eq, void *ctx)
{
    const char *pa = (const char *)a, *pb = (const char *)b;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t na, nb;
        memcpy(&na, pa + f->quantifier_offset, sizeof(na));
        memcpy(&nb, pb + f->quantifier_offset, sizeof(nb));
        if (na != nb)
            return false;
        const char *aa, *ab;
        memcpy(&aa, pa + f->offset, sizeof(aa));
        memcpy(&ab, pb + f->offset, sizeof(ab));
        size_t sz = value_size(f);
        for (size_t k = 0; k < na; k++)
            if (!value_equal(f, aa + k * sz, ab + k * sz, eq, ctx))
                return false;
        return true;
    }
    bool ha = field_present(a, f), hb = field_present(b, f);
    if (ha != hb)
        return false;
    return !ha || value_equal(f, pa + f->offset, pb + f->offset, eq, ctx);
}

bool emit_msg_equal(const ProtobufCMessage *a, const ProtobufCMessage *b, emit_eq_fn eq, void *ctx)
{
    if (!a || !b)
        return a == b;
    if (a->descriptor != b->descriptor)
        return false;
    if (eq) {
        int r = eq(a, b, ctx);
        if (r >= 0)
            return r == 1;
    }
    const ProtobufCMessageDescriptor *d = a->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (strcmp(f->name, "location") == 0)
            continue;
        if (!field_equal(a, b, f, eq, ctx))
            return false;
    }
    return true;
}
