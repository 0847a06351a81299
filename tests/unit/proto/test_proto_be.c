/* test_proto_be.c - backend encoders against byte literals, framed back with the regular
 * framer, and their behavior on a full buffer. */
#include "lg_alloc.h"
#include "proto.h"
#include "proto_harness.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static lg_buf_t b;

static void setup(void)
{
    lg_buf_init(&b, 1 << 20);
}

static void teardown(void)
{
    lg_buf_deinit(&b);
}

TestSuite(proto_be, .init = setup, .fini = teardown);

#define EXPECT_BYTES(...)                                                                          \
    do {                                                                                           \
        const uint8_t want_[] = {__VA_ARGS__};                                                     \
        expect_bytes(want_, sizeof(want_));                                                        \
    } while (0)

/* Compares the unread bytes of b with want, then checks that they frame as exactly one
 * regular message, and empties b. */
static void expect_bytes(const uint8_t *want, size_t n)
{
    cr_assert(!b.failed);
    cr_assert_eq(lg_buf_unread(&b), n, "length %zu, want %zu", lg_buf_unread(&b), n);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(lg_buf_rptr(&b)[i], want[i], "byte %zu: %02x, want %02x", i,
                     lg_buf_rptr(&b)[i], want[i]);
    uint8_t type;
    size_t fl;
    cr_assert_eq(proto_frame_regular(lg_buf_rptr(&b), n, HARNESS_MAX, &type, &fl), PROTO_OK);
    cr_assert_eq(fl, n);
    cr_assert_eq(type, want[0]);
    lg_buf_reset(&b);
}

Test(proto_be, ready_for_query)
{
    proto_be_ready_for_query(&b, 'I');
    EXPECT_BYTES(0x5A, 0, 0, 0, 5, 'I');
    proto_be_ready_for_query(&b, 'T');
    EXPECT_BYTES(0x5A, 0, 0, 0, 5, 'T');
    proto_be_ready_for_query(&b, 'E');
    EXPECT_BYTES(0x5A, 0, 0, 0, 5, 'E');
}

Test(proto_be, authentication)
{
    proto_be_auth_ok(&b);
    EXPECT_BYTES('R', 0, 0, 0, 8, 0, 0, 0, 0);
    proto_be_auth_cleartext(&b);
    EXPECT_BYTES('R', 0, 0, 0, 8, 0, 0, 0, 3);
}

Test(proto_be, parameter_status_and_key_data)
{
    proto_be_parameter_status(&b, "client_encoding", "UTF8");
    EXPECT_BYTES('S', 0, 0, 0, 25, 'c', 'l', 'i', 'e', 'n', 't', '_', 'e', 'n', 'c', 'o', 'd', 'i',
                 'n', 'g', 0, 'U', 'T', 'F', '8', 0);
    proto_be_parameter_status(&b, "x", "");
    EXPECT_BYTES('S', 0, 0, 0, 7, 'x', 0, 0);
    proto_be_backend_key_data(&b, 1234, 0xdeadbeefu);
    EXPECT_BYTES('K', 0, 0, 0, 12, 0, 0, 0x04, 0xd2, 0xde, 0xad, 0xbe, 0xef);
}

Test(proto_be, command_complete)
{
    proto_be_command_complete(&b, "SELECT 1");
    EXPECT_BYTES('C', 0, 0, 0, 13, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1', 0);
    proto_be_command_complete(&b, "INSERT 0 3");
    EXPECT_BYTES('C', 0, 0, 0, 15, 'I', 'N', 'S', 'E', 'R', 'T', ' ', '0', ' ', '3', 0);
}

Test(proto_be, empty_body_messages)
{
    proto_be_empty_query(&b);
    EXPECT_BYTES('I', 0, 0, 0, 4);
    proto_be_parse_complete(&b);
    EXPECT_BYTES('1', 0, 0, 0, 4);
    proto_be_bind_complete(&b);
    EXPECT_BYTES('2', 0, 0, 0, 4);
    proto_be_close_complete(&b);
    EXPECT_BYTES('3', 0, 0, 0, 4);
    proto_be_no_data(&b);
    EXPECT_BYTES('n', 0, 0, 0, 4);
    proto_be_portal_suspended(&b);
    EXPECT_BYTES('s', 0, 0, 0, 4);
    proto_be_copy_done(&b);
    EXPECT_BYTES('c', 0, 0, 0, 4);
}

Test(proto_be, parameter_description)
{
    const uint32_t oids[] = {23, 25};
    proto_be_parameter_description(&b, 2, oids);
    EXPECT_BYTES('t', 0, 0, 0, 14, 0, 2, 0, 0, 0, 23, 0, 0, 0, 25);
    proto_be_parameter_description(&b, 0, NULL);
    EXPECT_BYTES('t', 0, 0, 0, 6, 0, 0);
}

Test(proto_be, negotiate_protocol_version)
{
    const char *opts[] = {"_pq_.a", "_pq_.bc"};
    proto_be_negotiate_version(&b, 0, 2, opts);
    EXPECT_BYTES('v', 0, 0, 0, 27, 0, 0, 0, 0, 0, 0, 0, 2, '_', 'p', 'q', '_', '.', 'a', 0, '_',
                 'p', 'q', '_', '.', 'b', 'c', 0);
    proto_be_negotiate_version(&b, 0, 0, NULL);
    EXPECT_BYTES('v', 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0);
}

Test(proto_be, error_response_required_fields_and_position)
{
    lg_pgerr_t e;
    lg_pgerr_set(&e, LG_SQLSTATE_SYNTAX_ERROR, "syntax error");
    e.position = 8;
    proto_be_error(&b, &e, false);
    EXPECT_BYTES('E', 0, 0, 0, 43, 'S', 'E', 'R', 'R', 'O', 'R', 0, 'V', 'E', 'R', 'R', 'O', 'R', 0,
                 'C', '4', '2', '6', '0', '1', 0, 'M', 's', 'y', 'n', 't', 'a', 'x', ' ', 'e', 'r',
                 'r', 'o', 'r', 0, 'P', '8', 0, 0);
}

Test(proto_be, error_response_detail_hint_and_fatal)
{
    lg_pgerr_t e;
    lg_pgerr_set(&e, "08P01", "m");
    lg_pgerr_fatal(&e);
    lg_pgerr_detail(&e, "d");
    lg_pgerr_hint(&e, "h");
    e.position = 1234;
    proto_be_error(&b, &e, false);
    EXPECT_BYTES('E', 0, 0, 0, 41, 'S', 'F', 'A', 'T', 'A', 'L', 0, 'V', 'F', 'A', 'T', 'A', 'L', 0,
                 'C', '0', '8', 'P', '0', '1', 0, 'M', 'm', 0, 'D', 'd', 0, 'H', 'h', 0, 'P', '1',
                 '2', '3', '4', 0, 0);
}

Test(proto_be, notice_response_omits_empty_optional_fields)
{
    lg_pgerr_t e;
    lg_pgerr_set(&e, "01000", "w");
    snprintf(e.severity, sizeof(e.severity), "WARNING");
    e.position = 0;
    proto_be_error(&b, &e, true);
    EXPECT_BYTES('N', 0, 0, 0, 33, 'S', 'W', 'A', 'R', 'N', 'I', 'N', 'G', 0, 'V', 'W', 'A', 'R',
                 'N', 'I', 'N', 'G', 0, 'C', '0', '1', '0', '0', '0', 0, 'M', 'w', 0, 0);
}

Test(proto_be, error_response_defaults_when_unset)
{
    lg_pgerr_t e;
    lg_pgerr_clear(&e);
    proto_be_error(&b, &e, false);
    EXPECT_BYTES('E', 0, 0, 0, 28, 'S', 'E', 'R', 'R', 'O', 'R', 0, 'V', 'E', 'R', 'R', 'O', 'R', 0,
                 'C', 'X', 'X', '0', '0', '0', 0, 'M', 0, 0);
}

Test(proto_be, error_response_bounds_unterminated_fields)
{
    lg_pgerr_t e;
    lg_pgerr_set(&e, "XX000", "x");
    memset(e.message, 'a', sizeof(e.message)); /* no terminator anywhere */
    proto_be_error(&b, &e, false);
    cr_assert(!b.failed);
    /* 4 + S/V "ERROR" (7+7) + C (7) + M (1 + 1024 + 1) + final 0 */
    cr_assert_eq(lg_buf_unread(&b), 1 + 4 + 7 + 7 + 7 + 1026 + 1);
    cr_assert_eq(proto_get_u32(b.data + 1), 4 + 7 + 7 + 7 + 1026 + 1);
}

Test(proto_be, row_description)
{
    proto_field_t f[2] = {
        {"a", 0, 0, 23, 4, -1, 0},
        {"bc", 16384, 2, 25, -1, -1, 1},
    };
    proto_be_row_description(&b, 2, f);
    EXPECT_BYTES('T', 0, 0, 0, 47, 0, 2,                    /* header, 2 fields */
                 'a', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23,     /* name, table, attnum, type */
                 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 0,        /* typlen, typmod, format */
                 'b', 'c', 0, 0, 0, 0x40, 0, 0, 2, 0, 0, 0, /* name, table 16384, attnum 2 */
                 25, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 1);
}

Test(proto_be, data_row_with_null_and_empty)
{
    size_t m = proto_be_data_row_begin(&b, 3);
    proto_be_data_row_value(&b, "1", 1);
    proto_be_data_row_value(&b, NULL, -1);
    proto_be_data_row_value(&b, "", 0);
    proto_be_data_row_end(&b, m);
    EXPECT_BYTES('D', 0, 0, 0, 19, 0, 3, 0, 0, 0, 1, '1', 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);
}

Test(proto_be, data_row_survives_buffer_compaction)
{
    /* 250 bytes pending output, 100 already written to the socket: the row's first
     * appends fit, a later one compacts the buffer (moves the bytes) mid-message. */
    uint8_t filler[250];
    memset(filler, 'z', sizeof(filler));
    lg_buf_append(&b, filler, sizeof(filler));
    cr_assert_eq(b.cap, 256);
    lg_buf_consume(&b, 100);
    cr_assert_eq(b.off, 100);
    size_t m = proto_be_data_row_begin(&b, 1);
    proto_be_data_row_value(&b, "hello", 5);
    proto_be_data_row_end(&b, m);
    cr_assert_eq(b.off, 0, "the buffer was compacted during the row");
    cr_assert_eq(lg_buf_unread(&b), 150 + 16);
    const uint8_t want[] = {'D', 0, 0, 0, 15, 0, 1, 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'};
    cr_assert_eq(memcmp(lg_buf_rptr(&b) + 150, want, sizeof(want)), 0);
}

Test(proto_be, data_row_after_partially_written_output)
{
    /* 40 bytes pending, 30 of them already written: the cursor is not at 0 and the row
     * fits without any compaction. */
    uint8_t filler[40];
    memset(filler, 'z', sizeof(filler));
    lg_buf_append(&b, filler, sizeof(filler));
    lg_buf_consume(&b, 30);
    cr_assert_eq(b.off, 30);
    size_t m = proto_be_data_row_begin(&b, 1);
    proto_be_data_row_value(&b, "ab", 2);
    proto_be_data_row_end(&b, m);
    cr_assert_eq(b.off, 30);
    const uint8_t want[] = {'D', 0, 0, 0, 12, 0, 1, 0, 0, 0, 2, 'a', 'b'};
    cr_assert_eq(lg_buf_unread(&b), 10 + sizeof(want));
    cr_assert_eq(memcmp(lg_buf_rptr(&b) + 10, want, sizeof(want)), 0);
}

Test(proto_be, copy_responses_and_data)
{
    const int16_t fmts[] = {0, 0};
    proto_be_copy_response(&b, 'H', 0, 2, fmts);
    EXPECT_BYTES('H', 0, 0, 0, 11, 0, 0, 2, 0, 0, 0, 0);
    const int16_t bin[] = {1};
    proto_be_copy_response(&b, 'G', 1, 1, bin);
    EXPECT_BYTES('G', 0, 0, 0, 9, 1, 0, 1, 0, 1);
    proto_be_copy_data(&b, "a\tb\n", 4);
    EXPECT_BYTES('d', 0, 0, 0, 8, 'a', '\t', 'b', '\n');
    proto_be_copy_data(&b, NULL, 0);
    EXPECT_BYTES('d', 0, 0, 0, 4);
}

Test(proto_be, copy_data_round_trips_through_the_frontend_framer)
{
    proto_be_copy_data(&b, "1\tx\n", 4);
    proto_be_copy_data(&b, "2\ty\n", 4);
    proto_be_copy_done(&b);
    harness_check_buf(&b, false, HARNESS_MAX, "d 4;d 4;c;");
}

Test(proto_be, whole_response_frames_back_message_by_message)
{
    proto_field_t f = {"n", 0, 0, 23, 4, -1, 0};
    proto_be_row_description(&b, 1, &f);
    for (int i = 0; i < 3; i++) {
        size_t m = proto_be_data_row_begin(&b, 1);
        proto_be_data_row_value(&b, "7", 1);
        proto_be_data_row_end(&b, m);
    }
    proto_be_command_complete(&b, "SELECT 3");
    proto_be_ready_for_query(&b, 'I');
    const char want[] = "TDDDCZ";
    const uint8_t *p = lg_buf_rptr(&b);
    size_t left = lg_buf_unread(&b);
    for (size_t i = 0; i < strlen(want); i++) {
        uint8_t type;
        size_t fl;
        cr_assert_eq(proto_frame_regular(p, left, HARNESS_MAX, &type, &fl), PROTO_OK);
        cr_assert_eq(type, (uint8_t)want[i], "message %zu is '%c'", i, type);
        p += fl;
        left -= fl;
    }
    cr_assert_eq(left, 0);
}

Test(proto_be, full_buffer_keeps_only_whole_messages)
{
    lg_buf_t small;
    lg_buf_init(&small, 12);
    proto_be_ready_for_query(&small, 'I');         /* 6 bytes */
    proto_be_command_complete(&small, "SELECT 1"); /* 14 bytes: does not fit */
    cr_assert(small.failed);
    cr_assert_eq(lg_buf_unread(&small), 6, "the partial CommandComplete was cut off");
    proto_be_no_data(&small); /* sticky: later messages are dropped too */
    cr_assert_eq(lg_buf_unread(&small), 6);
    lg_buf_reset(&small);
    size_t m = proto_be_data_row_begin(&small, 1);
    proto_be_data_row_value(&small, "0123456789", 10);
    proto_be_data_row_end(&small, m);
    cr_assert(small.failed);
    cr_assert_eq(lg_buf_unread(&small), 0);
    lg_buf_deinit(&small);
}
