/* proto_be.c - encoders for backend (server -> client) messages. Pure, no I/O (any thread).
 *
 * Every message is [Byte1 type][Int32 len][body], len counting itself but not the type.
 * msg_begin() appends the type and a placeholder length and returns the message start as an
 * offset from the buffer's read cursor (b->off), not as an absolute index: lg_buf_reserve()
 * may compact the buffer while a message is being appended, which moves every byte by
 * b->off but keeps offsets from the cursor valid. msg_end() back-patches the length.
 *
 * Failure: lg_buf_t's `failed` flag is sticky. When it is set by the time msg_end() runs, the
 * partial message is cut off again, so the buffer only ever holds whole messages; the caller
 * checks `failed` once after a batch (and typically closes the connection).
 *
 * ErrorResponse / NoticeResponse body: a sequence of (Byte1 code, String value) ended by a
 * 0 byte. We send S (localized severity), V (severity), C (SQLSTATE), M (message), then D
 * (detail) and H (hint) when non-empty and P (1-based position, decimal) when > 0. */
#include "proto.h"
#include <stdio.h>
#include <string.h>

static size_t msg_begin(lg_buf_t *b, uint8_t type);
static void msg_end(lg_buf_t *b, size_t start);
static void msg_fixed(lg_buf_t *b, uint8_t type);
static void put_field(lg_buf_t *b, uint8_t code, const char *s, size_t cap);

static size_t msg_begin(lg_buf_t *b, uint8_t type)
{
    size_t start = b->len - b->off;
    lg_buf_putc(b, type);
    lg_buf_put_u32(b, 0);
    return start;
}

static void msg_end(lg_buf_t *b, size_t start)
{
    size_t pos = b->off + start;
    if (!b->failed && (b->len < pos + 5 || b->len - pos - 1 > INT32_MAX))
        b->failed = true; /* cannot happen with a sane caller; keep the buffer whole */
    if (b->failed) {
        if (pos <= b->len)
            b->len = pos;
        return;
    }
    lg_buf_patch_u32(b, pos + 1, (uint32_t)(b->len - pos - 1));
}

/* A message whose body is empty. */
static void msg_fixed(lg_buf_t *b, uint8_t type)
{
    msg_end(b, msg_begin(b, type));
}

void proto_be_auth_ok(lg_buf_t *b)
{
    size_t m = msg_begin(b, 'R');
    lg_buf_put_u32(b, 0);
    msg_end(b, m);
}

void proto_be_auth_cleartext(lg_buf_t *b)
{
    size_t m = msg_begin(b, 'R');
    lg_buf_put_u32(b, 3);
    msg_end(b, m);
}

void proto_be_parameter_status(lg_buf_t *b, const char *name, const char *value)
{
    size_t m = msg_begin(b, 'S');
    lg_buf_put_str(b, name);
    lg_buf_put_str(b, value);
    msg_end(b, m);
}

void proto_be_backend_key_data(lg_buf_t *b, uint32_t pid, uint32_t key)
{
    size_t m = msg_begin(b, 'K');
    lg_buf_put_u32(b, pid);
    lg_buf_put_u32(b, key);
    msg_end(b, m);
}

void proto_be_ready_for_query(lg_buf_t *b, char status)
{
    size_t m = msg_begin(b, 'Z');
    lg_buf_putc(b, (uint8_t)status);
    msg_end(b, m);
}

void proto_be_command_complete(lg_buf_t *b, const char *tag)
{
    size_t m = msg_begin(b, 'C');
    lg_buf_put_str(b, tag);
    msg_end(b, m);
}

void proto_be_empty_query(lg_buf_t *b)
{
    msg_fixed(b, 'I');
}

void proto_be_parse_complete(lg_buf_t *b)
{
    msg_fixed(b, '1');
}

void proto_be_bind_complete(lg_buf_t *b)
{
    msg_fixed(b, '2');
}

void proto_be_close_complete(lg_buf_t *b)
{
    msg_fixed(b, '3');
}

void proto_be_no_data(lg_buf_t *b)
{
    msg_fixed(b, 'n');
}

void proto_be_portal_suspended(lg_buf_t *b)
{
    msg_fixed(b, 's');
}

void proto_be_parameter_description(lg_buf_t *b, uint16_t n, const uint32_t *oids)
{
    size_t m = msg_begin(b, 't');
    lg_buf_put_u16(b, n);
    for (uint16_t i = 0; i < n; i++)
        lg_buf_put_u32(b, oids[i]);
    msg_end(b, m);
}

void proto_be_negotiate_version(lg_buf_t *b, uint32_t minor, size_t nopts, const char *const *opts)
{
    size_t m = msg_begin(b, 'v');
    lg_buf_put_u32(b, minor);
    lg_buf_put_u32(b, (uint32_t)nopts);
    for (size_t i = 0; i < nopts; i++)
        lg_buf_put_str(b, opts[i]);
    msg_end(b, m);
}

/* One ErrorResponse field from a fixed-size lg_pgerr_t array: bounded by cap even if the
 * array lost its terminator. */
static void put_field(lg_buf_t *b, uint8_t code, const char *s, size_t cap)
{
    lg_buf_putc(b, code);
    lg_buf_append(b, s, strnlen(s, cap));
    lg_buf_putc(b, 0);
}

void proto_be_error(lg_buf_t *b, const lg_pgerr_t *e, bool notice)
{
    const char *sev = e->severity[0] ? e->severity : (notice ? "NOTICE" : "ERROR");
    const char *state = e->sqlstate[0] ? e->sqlstate : (notice ? "00000" : "XX000");
    size_t m = msg_begin(b, notice ? 'N' : 'E');
    put_field(b, 'S', sev, sizeof(e->severity));
    put_field(b, 'V', sev, sizeof(e->severity));
    put_field(b, 'C', state, sizeof(e->sqlstate));
    put_field(b, 'M', e->message, sizeof(e->message));
    if (e->detail[0])
        put_field(b, 'D', e->detail, sizeof(e->detail));
    if (e->hint[0])
        put_field(b, 'H', e->hint, sizeof(e->hint));
    if (e->position > 0) {
        char pos[16];
        snprintf(pos, sizeof(pos), "%d", e->position);
        put_field(b, 'P', pos, sizeof(pos));
    }
    if (e->schema[0])
        put_field(b, 's', e->schema, sizeof(e->schema));
    if (e->table[0])
        put_field(b, 't', e->table, sizeof(e->table));
    if (e->column[0])
        put_field(b, 'c', e->column, sizeof(e->column));
    if (e->constraint[0])
        put_field(b, 'n', e->constraint, sizeof(e->constraint));
    if (e->context[0])
        put_field(b, 'W', e->context, sizeof(e->context));
    lg_buf_putc(b, 0);
    msg_end(b, m);
}

void proto_be_row_description(lg_buf_t *b, uint16_t n, const proto_field_t *fields)
{
    size_t m = msg_begin(b, 'T');
    lg_buf_put_u16(b, n);
    for (uint16_t i = 0; i < n; i++) {
        const proto_field_t *f = &fields[i];
        lg_buf_put_str(b, f->name ? f->name : "?column?");
        lg_buf_put_u32(b, f->table_oid);
        lg_buf_put_u16(b, (uint16_t)f->attnum);
        lg_buf_put_u32(b, f->type_oid);
        lg_buf_put_u16(b, (uint16_t)f->typlen);
        lg_buf_put_u32(b, (uint32_t)f->typmod);
        lg_buf_put_u16(b, (uint16_t)f->format);
    }
    msg_end(b, m);
}

/* The returned start is relative to b->off (see the file header); pass it to end()
 * unchanged and do not consume from b in between. */
size_t proto_be_data_row_begin(lg_buf_t *b, uint16_t ncols)
{
    size_t m = msg_begin(b, 'D');
    lg_buf_put_u16(b, ncols);
    return m;
}

void proto_be_data_row_value(lg_buf_t *b, const void *v, int32_t len)
{
    if (len < 0 || (!v && len > 0)) {
        lg_buf_put_u32(b, UINT32_MAX); /* -1: NULL */
        return;
    }
    lg_buf_put_u32(b, (uint32_t)len);
    lg_buf_append(b, v, (size_t)len);
}

void proto_be_data_row_end(lg_buf_t *b, size_t start)
{
    msg_end(b, start);
}

void proto_be_copy_response(lg_buf_t *b, char type, int8_t format, uint16_t ncols,
                            const int16_t *formats)
{
    size_t m = msg_begin(b, (uint8_t)type);
    lg_buf_putc(b, (uint8_t)format);
    lg_buf_put_u16(b, ncols);
    for (uint16_t i = 0; i < ncols; i++)
        lg_buf_put_u16(b, (uint16_t)(formats ? formats[i] : format));
    msg_end(b, m);
}

void proto_be_copy_data(lg_buf_t *b, const void *p, size_t n)
{
    size_t m = msg_begin(b, 'd');
    lg_buf_append(b, p, n);
    msg_end(b, m);
}

void proto_be_copy_done(lg_buf_t *b)
{
    msg_fixed(b, 'c');
}
