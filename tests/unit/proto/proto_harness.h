/* proto_harness.h - test support for the proto codec: a simulated connection input buffer
 * that receives a byte stream in chunks, frames it repeatedly and renders every decoded
 * message as text, plus small fixture builders. */
#ifndef LG_TESTS_PROTO_HARNESS_H
#define LG_TESTS_PROTO_HARNESS_H
#include "lg_buf.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HARNESS_STARTUP_MAX 10000u
#define HARNESS_MAX (64u << 20)

/* Feeds bytes[0..n) into a fresh input buffer, cut at the ncuts ascending offsets, framing
 * and decoding after every chunk. startup: the stream begins in the startup phase (it
 * switches to regular messages after a StartupMessage). Returns a malloc'd rendering:
 * one "...;" item per frame, "frame MALFORMED;"/"frame TOO_LARGE;" on a framing error, and
 * "incomplete N;" for bytes left over at the end. */
char *harness_run(const uint8_t *bytes, size_t n, bool startup, size_t max, const size_t *cuts,
                  size_t ncuts);

/* Asserts that harness_run gives `expect` for the whole stream, for every two-chunk split
 * and for byte-at-a-time delivery. */
void harness_check(const uint8_t *bytes, size_t n, bool startup, size_t max, const char *expect);
void harness_check_buf(const lg_buf_t *b, bool startup, size_t max, const char *expect);

/* Fixture builders over an lg_buf_t (init it with a generous max). */
size_t fx_begin(lg_buf_t *b, char type); /* type byte + length placeholder */
void fx_end(lg_buf_t *b, size_t start);  /* back-patches the length */
size_t fx_sbegin(lg_buf_t *b);           /* startup packet: length placeholder */
void fx_send(lg_buf_t *b, size_t start);
void fx_hdr(lg_buf_t *b, char type, uint32_t len); /* explicit, possibly lying, length */

#endif
