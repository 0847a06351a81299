/* pgtype_num.h - float and numeric text formats (any thread; pure).
 *
 * Floats print as PostgreSQL 15: with extra_float_digits > 0 the shortest digits that
 * round-trip (fixed notation for decimal exponents -4..14, float4 -4..5, else 'd.ddde+XX'),
 * otherwise %.{15|6 + extra}g; 'NaN', 'Infinity', '-Infinity', '-0'.
 *
 * Numerics are handled as decimal strings (pgtype_dec_t): digits without leading zeros,
 * value = 0.DIGITS x 10^point, and dscale, the number of fraction digits to display. A
 * double becomes a decimal through its shortest round-trip digits, so 0.1 stays 0.1. */
#ifndef LG_TYPES_PGTYPE_NUM_H
#define LG_TYPES_PGTYPE_NUM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lg_buf;
struct lg_pgerr;

#define PGTYPE_DEC_MAXDIGITS 1000

typedef struct pgtype_dec {
    bool neg;
    bool nan;
    int inf; /* 0, 1 = Infinity, -1 = -Infinity */
    int ndigits;
    int point;
    int dscale;
    char digits[PGTYPE_DEC_MAXDIGITS + 1];
} pgtype_dec_t;

void pgtype_float8_format(double d, int extra_float_digits, struct lg_buf *out);
void pgtype_float4_format(float f, int extra_float_digits, struct lg_buf *out);

/* Parses PostgreSQL numeric text ('  -1.50e3 ', 'NaN', 'Infinity'); false on bad syntax. */
bool pgtype_dec_parse(const char *s, size_t n, pgtype_dec_t *d);
void pgtype_dec_from_double(double v, pgtype_dec_t *d);
void pgtype_dec_from_int(int64_t v, pgtype_dec_t *d);
/* Rounds half away from zero to `scale` fraction digits and sets dscale = scale. */
void pgtype_dec_round(pgtype_dec_t *d, int scale);
/* Applies a numeric typmod (-1 = none): rounds, then checks the precision; fills err with
 * 22003 "numeric field overflow" and returns LG_ESQL when it does not fit. */
int pgtype_dec_apply_typmod(pgtype_dec_t *d, int32_t typmod, struct lg_pgerr *err);
/* Plain decimal text with dscale fraction digits ('NaN', 'Infinity' as such). */
void pgtype_dec_format(const pgtype_dec_t *d, struct lg_buf *out);
/* True when the value is integral and fits int64 (*v set). */
bool pgtype_dec_to_int64(const pgtype_dec_t *d, int64_t *v);
/* Number of significant digits (0 for zero). */
int pgtype_dec_sigdigits(const pgtype_dec_t *d);
double pgtype_dec_to_double(const pgtype_dec_t *d);

/* Result-column typmods of computed numerics. Stored numerics are INTEGER/REAL and carry no
 * display scale of their own, so the translator works PostgreSQL's scale out statically and
 * passes it as the column typmod:
 *   display scale s:  numeric(1000, s) - the value is rounded/padded to s fraction digits;
 *   division scale s: precision field 1001 (no real numeric has it) - PostgreSQL's
 *     select_div_scale on the value: max(s, 16 - 4 * base-10000 weight of |v|) fraction
 *     digits (avg and numeric division); decimal TEXT keeps its own digits when longer. */
#define PGTYPE_NUMERIC_MAX_PRECISION 1000
#define PGTYPE_NUMERIC_DIV_PRECISION 1001
int32_t pgtype_typmod_dscale(int scale);
int32_t pgtype_typmod_divscale(int min_scale);
/* Scale carried by a numeric typmod (-1 when none / not a numeric typmod). */
int pgtype_typmod_scale(int32_t typmod);
bool pgtype_typmod_is_divscale(int32_t typmod);
/* Applies a result-column typmod to a value for display (any thread). `stored_text` says the
 * value came as decimal TEXT (its own digits are exact). */
void pgtype_dec_display(pgtype_dec_t *d, int32_t typmod, bool stored_text);

#endif
