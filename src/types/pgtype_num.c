/* pgtype_num.c - float output like PostgreSQL 15 (shortest round-trip) and decimal strings
 * for numeric: parse, round, typmod check, format. See pgtype_num.h for the formats. */
#include "pgtype_num.h"
#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype_int.h"
#include "pgtype_text.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shortest digits of v (finite, nonzero) that round-trip: digits into dig (NUL-terminated,
 * no trailing zeros), returns the scientific exponent of the first digit. */
static int shortest_digits(double v, bool is_float4, char *dig, int *ndig)
{
    char tmp[48];
    int maxp = is_float4 ? 9 : 17;
    for (int p = 1; p <= maxp; p++) {
        snprintf(tmp, sizeof(tmp), "%.*e", p - 1, v);
        bool ok = is_float4 ? (strtof(tmp, NULL) == (float)v) : (strtod(tmp, NULL) == v);
        if (ok)
            break;
    }
    int n = 0;
    const char *p = tmp;
    if (*p == '-')
        p++;
    for (; *p && *p != 'e'; p++)
        if (isdigit((unsigned char)*p))
            dig[n++] = *p;
    while (n > 1 && dig[n - 1] == '0')
        n--;
    dig[n] = '\0';
    *ndig = n;
    return *p == 'e' ? (int)strtol(p + 1, NULL, 10) : 0;
}

static bool put_special(double v, struct lg_buf *out)
{
    if (isnan(v)) {
        lg_buf_append(out, "NaN", 3);
        return true;
    }
    if (isinf(v)) {
        if (v < 0)
            lg_buf_append(out, "-Infinity", 9);
        else
            lg_buf_append(out, "Infinity", 8);
        return true;
    }
    if (v == 0) {
        if (signbit(v))
            lg_buf_append(out, "-0", 2);
        else
            lg_buf_putc(out, '0');
        return true;
    }
    return false;
}

static void float_format(double v, bool is_float4, int efd, struct lg_buf *out)
{
    if (put_special(v, out))
        return;
    if (efd <= 0) {
        int prec = (is_float4 ? 6 : 15) + efd;
        lg_buf_printf(out, "%.*g", prec < 1 ? 1 : prec, v);
        return;
    }
    char dig[24];
    int nd;
    int exp = shortest_digits(v, is_float4, dig, &nd);
    if (v < 0)
        lg_buf_putc(out, '-');
    if (exp >= -4 && exp < (is_float4 ? 6 : 15)) {
        if (exp < 0) {
            lg_buf_append(out, "0.", 2);
            for (int i = -1; i > exp; i--)
                lg_buf_putc(out, '0');
            lg_buf_append(out, dig, (size_t)nd);
            return;
        }
        for (int i = 0; i <= exp || i < nd; i++) {
            if (i == exp + 1)
                lg_buf_putc(out, '.');
            lg_buf_putc(out, i < nd ? (uint8_t)dig[i] : '0');
        }
        return;
    }
    lg_buf_putc(out, (uint8_t)dig[0]);
    if (nd > 1) {
        lg_buf_putc(out, '.');
        lg_buf_append(out, dig + 1, (size_t)nd - 1);
    }
    lg_buf_printf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

void pgtype_float8_format(double d, int extra_float_digits, struct lg_buf *out)
{
    float_format(d, false, extra_float_digits, out);
}

void pgtype_float4_format(float f, int extra_float_digits, struct lg_buf *out)
{
    float_format((double)f, true, extra_float_digits, out);
}

/* ---- decimal strings ---- */

static void dec_normalize(pgtype_dec_t *d)
{
    int lead = 0;
    while (lead < d->ndigits && d->digits[lead] == '0')
        lead++;
    if (lead > 0) {
        memmove(d->digits, d->digits + lead, (size_t)(d->ndigits - lead));
        d->ndigits -= lead;
        d->point -= lead;
    }
    while (d->ndigits > 0 && d->digits[d->ndigits - 1] == '0')
        d->ndigits--;
    d->digits[d->ndigits] = '\0';
    if (d->ndigits == 0) {
        d->point = 0;
        d->neg = false;
    }
}

static bool dec_special(const char *s, size_t n, pgtype_dec_t *d)
{
    static const struct {
        const char *w;
        int inf;
    } k_words[] = {{"nan", 0},       {"infinity", 1}, {"+infinity", 1}, {"-infinity", -1},
                   {"inf", 1},       {"+inf", 1},     {"-inf", -1}};
    for (size_t i = 0; i < sizeof(k_words) / sizeof(k_words[0]); i++) {
        size_t wl = strlen(k_words[i].w);
        if (wl == n && strncasecmp(s, k_words[i].w, n) == 0) {
            d->nan = k_words[i].inf == 0;
            d->inf = k_words[i].inf;
            return true;
        }
    }
    return false;
}

bool pgtype_dec_parse(const char *s, size_t n, pgtype_dec_t *d)
{
    memset(d, 0, sizeof(*d));
    while (n > 0 && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (dec_special(s, n, d))
        return true;
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        d->neg = s[i++] == '-';
    bool seen_digit = false;
    bool seen_point = false;
    int frac = 0;
    for (; i < n; i++) {
        if (isdigit((unsigned char)s[i])) {
            seen_digit = true;
            if (d->ndigits >= PGTYPE_DEC_MAXDIGITS)
                return false;
            d->digits[d->ndigits++] = s[i];
            if (seen_point)
                frac++;
            else
                d->point++;
        } else if (s[i] == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
    }
    if (!seen_digit)
        return false;
    long exp = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int esign = 1;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            esign = s[i++] == '-' ? -1 : 1;
        if (i == n || !isdigit((unsigned char)s[i]))
            return false;
        for (; i < n && isdigit((unsigned char)s[i]); i++)
            if (exp < 100000)
                exp = exp * 10 + (s[i] - '0');
        exp *= esign;
        if (exp > 1000 || exp < -1000)
            return false;
    }
    if (i != n)
        return false;
    d->point += (int)exp;
    d->dscale = frac - (int)exp < 0 ? 0 : frac - (int)exp;
    dec_normalize(d);
    return true;
}

void pgtype_dec_from_double(double v, pgtype_dec_t *d)
{
    memset(d, 0, sizeof(*d));
    if (isnan(v) || isinf(v)) {
        d->nan = isnan(v);
        d->inf = isinf(v) ? (v < 0 ? -1 : 1) : 0;
        return;
    }
    if (v == 0)
        return;
    int nd;
    int exp = shortest_digits(v, false, d->digits, &nd);
    d->neg = v < 0;
    d->ndigits = nd;
    d->point = exp + 1;
    d->dscale = nd - d->point > 0 ? nd - d->point : 0;
    dec_normalize(d);
}

void pgtype_dec_from_int(int64_t v, pgtype_dec_t *d)
{
    memset(d, 0, sizeof(*d));
    char tmp[32];
    int n = snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
    pgtype_dec_parse(tmp, (size_t)n, d);
}

void pgtype_dec_round(pgtype_dec_t *d, int scale)
{
    if (d->nan || d->inf)
        return;
    d->dscale = scale;
    int keep = d->point + scale; /* digits to keep */
    if (keep >= d->ndigits)
        return;
    if (keep < 0) {
        d->ndigits = 0;
        dec_normalize(d);
        return;
    }
    bool up = d->digits[keep] >= '5';
    d->ndigits = keep;
    for (int i = keep - 1; up && i >= 0; i--) {
        if (d->digits[i] == '9') {
            d->digits[i] = '0';
        } else {
            d->digits[i]++;
            up = false;
        }
    }
    if (up) {
        memmove(d->digits + 1, d->digits, (size_t)d->ndigits);
        d->digits[0] = '1';
        d->ndigits++;
        d->point++;
    }
    dec_normalize(d);
}

int pgtype_dec_apply_typmod(pgtype_dec_t *d, int32_t typmod, struct lg_pgerr *err)
{
    if (typmod < 4 || d->nan)
        return 0;
    int precision = ((typmod - 4) >> 16) & 0xffff;
    int scale = (int16_t)((typmod - 4) & 0xffff);
    if (d->inf)
        return lg_pgerr_set(err, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                            "numeric field overflow");
    pgtype_dec_round(d, scale);
    int maxdigits = precision - scale;
    if (d->ndigits > 0 && d->point > maxdigits) {
        lg_pgerr_set(err, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
        lg_pgerr_detail(err,
                        "A field with precision %d, scale %d must round to an absolute value "
                        "less than %s%d.",
                        precision, scale, maxdigits ? "10^" : "", maxdigits ? maxdigits : 1);
        return LG_ESQL;
    }
    return 0;
}

void pgtype_dec_format(const pgtype_dec_t *d, struct lg_buf *out)
{
    if (d->nan || d->inf) {
        const char *w = d->nan ? "NaN" : (d->inf > 0 ? "Infinity" : "-Infinity");
        lg_buf_append(out, w, strlen(w));
        return;
    }
    if (d->neg && d->ndigits > 0)
        lg_buf_putc(out, '-');
    if (d->point <= 0)
        lg_buf_putc(out, '0');
    for (int i = 0; i < d->point; i++)
        lg_buf_putc(out, i < d->ndigits ? (uint8_t)d->digits[i] : '0');
    if (d->dscale > 0) {
        lg_buf_putc(out, '.');
        for (int k = 0; k < d->dscale; k++) {
            int i = d->point + k;
            lg_buf_putc(out, (i >= 0 && i < d->ndigits) ? (uint8_t)d->digits[i] : '0');
        }
    }
}

bool pgtype_dec_to_int64(const pgtype_dec_t *d, int64_t *v)
{
    if (d->nan || d->inf || d->ndigits > d->point || d->point > 19)
        return false;
    uint64_t acc = 0;
    for (int i = 0; i < d->point; i++) {
        int dg = i < d->ndigits ? d->digits[i] - '0' : 0;
        if (acc > (UINT64_MAX - (uint64_t)dg) / 10)
            return false;
        acc = acc * 10 + (uint64_t)dg;
    }
    if (d->neg ? acc > (uint64_t)INT64_MAX + 1 : acc > (uint64_t)INT64_MAX)
        return false;
    *v = d->neg ? (int64_t)(0 - acc) : (int64_t)acc;
    return true;
}

int pgtype_dec_sigdigits(const pgtype_dec_t *d)
{
    return d->ndigits;
}

double pgtype_dec_to_double(const pgtype_dec_t *d)
{
    if (d->nan)
        return NAN;
    if (d->inf)
        return d->inf > 0 ? INFINITY : -INFINITY;
    char tmp[PGTYPE_DEC_MAXDIGITS + 32];
    snprintf(tmp, sizeof(tmp), "%s0.%se%d", d->neg ? "-" : "", d->digits, d->point);
    return strtod(tmp, NULL);
}

void pgtype__dec_store(pgtype_dec_t *dec, struct pgtype_value *out, struct lg_buf *scratch)
{
    int64_t iv;
    if (pgtype_dec_to_int64(dec, &iv)) {
        *out = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = iv};
    } else if (!dec->nan && pgtype_dec_sigdigits(dec) <= 15) {
        *out = (pgtype_value_t){.storage = PGTYPE_ST_FLOAT, .d = pgtype_dec_to_double(dec)};
    } else {
        pgtype_dec_format(dec, scratch);
        out->storage = PGTYPE_ST_TEXT;
        out->p = scratch->data;
        out->n = scratch->len;
    }
}

/* ---- result-column display scales (see pgtype_num.h) ---- */

int32_t pgtype_typmod_dscale(int scale)
{
    if (scale < 0)
        scale = 0;
    if (scale > PGTYPE_NUMERIC_MAX_PRECISION)
        scale = PGTYPE_NUMERIC_MAX_PRECISION;
    return (int32_t)(((uint32_t)PGTYPE_NUMERIC_MAX_PRECISION << 16) | (uint32_t)scale) + 4;
}

int32_t pgtype_typmod_divscale(int min_scale)
{
    if (min_scale < 0)
        min_scale = 0;
    if (min_scale > PGTYPE_NUMERIC_MAX_PRECISION)
        min_scale = PGTYPE_NUMERIC_MAX_PRECISION;
    return (int32_t)(((uint32_t)PGTYPE_NUMERIC_DIV_PRECISION << 16) | (uint32_t)min_scale) + 4;
}

int pgtype_typmod_scale(int32_t typmod)
{
    return typmod >= 4 ? (int)((typmod - 4) & 0xffff) : -1;
}

bool pgtype_typmod_is_divscale(int32_t typmod)
{
    return typmod >= 4 && ((typmod - 4) >> 16) == PGTYPE_NUMERIC_DIV_PRECISION;
}

/* Base-10000 weight of a nonzero decimal (PostgreSQL's NumericVar weight). */
static int dec_weight(const pgtype_dec_t *d)
{
    int e = d->point - 1; /* decimal exponent of the first digit */
    return e >= 0 ? e / 4 : -((-e + 3) / 4);
}

void pgtype_dec_display(pgtype_dec_t *d, int32_t typmod, bool stored_text)
{
    if (typmod < 4 || d->nan || d->inf)
        return;
    int scale = pgtype_typmod_scale(typmod);
    if (pgtype_typmod_is_divscale(typmod)) {
        int rs = d->ndigits > 0 ? 16 - 4 * dec_weight(d) : 16;
        if (rs > scale)
            scale = rs;
        if (scale > PGTYPE_NUMERIC_MAX_PRECISION)
            scale = PGTYPE_NUMERIC_MAX_PRECISION;
        if (stored_text && d->dscale >= scale)
            return;
    }
    pgtype_dec_round(d, scale);
}
