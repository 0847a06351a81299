/* pgtype_text_in.c - PostgreSQL text input (parameters, casts) validated and converted to
 * storage form (see pgtype_text.h), with PostgreSQL's error wording and SQLSTATEs. */
#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_int.h"
#include "pgtype_json.h"
#include "pgtype_num.h"
#include "pgtype_text.h"
#include "pgtype_time.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ERRTXT(n, s) (int)((n) > 512 ? 512 : (n)), (s)

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

static int syntax(lg_pgerr_t *err, const char *tname, const char *s, size_t n)
{
    return lg_pgerr_set(err, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                        "invalid input syntax for type %s: \"%.*s\"", tname, ERRTXT(n, s));
}

static void set_text(pgtype_value_t *out, lg_buf_t *scratch)
{
    out->storage = PGTYPE_ST_TEXT;
    out->p = scratch->data ? scratch->data : (const uint8_t *)"";
    out->n = scratch->len;
}

static int in_bool(const char *s, size_t n, pgtype_value_t *out, lg_pgerr_t *err)
{
    static const struct {
        const char *w;
        size_t min;
        int v;
    } k_words[] = {{"true", 1, 1}, {"false", 1, 0}, {"yes", 1, 1}, {"no", 1, 0},
                   {"on", 2, 1},   {"off", 2, 0},   {"1", 1, 1},   {"0", 1, 0}};
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    for (size_t i = 0; i < sizeof(k_words) / sizeof(k_words[0]); i++) {
        if (tn >= k_words[i].min && tn <= strlen(k_words[i].w) &&
            strncasecmp(t, k_words[i].w, tn) == 0) {
            *out = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = k_words[i].v};
            return 0;
        }
    }
    return syntax(err, "boolean", s, n);
}

static int in_int(const char *s, size_t n, uint32_t oid, pgtype_value_t *out, lg_pgerr_t *err)
{
    const char *tname = oid == PGTYPE_INT2 ? "smallint" : oid == PGTYPE_INT4 ? "integer"
                        : oid == PGTYPE_OID ? "oid" : "bigint";
    int64_t lo = oid == PGTYPE_INT2 ? INT16_MIN : oid == PGTYPE_INT4 ? INT32_MIN
                 : oid == PGTYPE_OID ? INT32_MIN : INT64_MIN;
    int64_t hi = oid == PGTYPE_INT2 ? INT16_MAX : oid == PGTYPE_INT4 ? INT32_MAX
                 : oid == PGTYPE_OID ? UINT32_MAX : INT64_MAX;
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    size_t i = 0;
    bool neg = false;
    if (i < tn && (t[i] == '+' || t[i] == '-'))
        neg = t[i++] == '-';
    if (i == tn)
        return syntax(err, tname, s, n);
    uint64_t acc = 0;
    bool overflow = false;
    for (; i < tn; i++) {
        if (!isdigit((unsigned char)t[i]))
            return syntax(err, tname, s, n);
        if (acc > (UINT64_MAX - 9) / 10)
            overflow = true;
        else
            acc = acc * 10 + (uint64_t)(t[i] - '0');
    }
    if (overflow || (neg && acc > (uint64_t)INT64_MAX + 1) || (!neg && acc > (uint64_t)INT64_MAX))
        overflow = true;
    int64_t v = overflow ? 0 : (neg ? (int64_t)(0 - acc) : (int64_t)acc);
    if (overflow || v < lo || v > hi)
        return lg_pgerr_set(err, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                            "value \"%.*s\" is out of range for type %s", ERRTXT(n, s), tname);
    if (oid == PGTYPE_OID && v < 0)
        v += INT64_C(4294967296);
    *out = (pgtype_value_t){.storage = PGTYPE_ST_INT, .i = v};
    return 0;
}

static int in_float(const char *s, size_t n, bool f4, pgtype_value_t *out, lg_buf_t *scratch,
                    lg_pgerr_t *err)
{
    const char *tname = f4 ? "real" : "double precision";
    pgtype_dec_t dec;
    const char *t = s;
    size_t tn = n;
    trim(&t, &tn);
    if (!pgtype_dec_parse(t, tn, &dec) || tn >= 1000)
        return syntax(err, tname, s, n);
    char tmp[1024];
    memcpy(tmp, t, tn);
    tmp[tn] = '\0';
    double d = dec.nan ? NAN : dec.inf ? dec.inf * INFINITY : strtod(tmp, NULL);
    bool range = !dec.nan && !dec.inf && (isinf(d) || (d == 0 && dec.ndigits > 0));
    if (f4 && !range && !dec.nan && !dec.inf) {
        float f = (float)d;
        range = isinf(f) || (f == 0 && dec.ndigits > 0);
        d = f;
    }
    if (range)
        return lg_pgerr_set(err, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                            "\"%.*s\" is out of range for type %s", ERRTXT(n, s), tname);
    if (isnan(d)) {
        lg_buf_append(scratch, "NaN", 3);
        set_text(out, scratch);
        return 0;
    }
    *out = (pgtype_value_t){.storage = PGTYPE_ST_FLOAT, .d = d};
    return 0;
}

static int in_numeric(const char *s, size_t n, int32_t typmod, pgtype_value_t *out,
                      lg_buf_t *scratch, lg_pgerr_t *err)
{
    pgtype_dec_t dec;
    if (!pgtype_dec_parse(s, n, &dec))
        return syntax(err, "numeric", s, n);
    int rc = pgtype_dec_apply_typmod(&dec, typmod, err);
    if (rc != 0)
        return rc;
    pgtype__dec_store(&dec, out, scratch);
    return 0;
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte length of the first `chars` characters. */
static size_t utf8_prefix(const char *s, size_t n, size_t chars)
{
    size_t i = 0;
    for (size_t c = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == chars)
            break;
    }
    return i;
}

static int in_char(const char *s, size_t n, uint32_t oid, int32_t typmod, pgtype_value_t *out,
                   lg_buf_t *scratch, lg_pgerr_t *err)
{
    size_t maxc = typmod >= 4 ? (size_t)(typmod - 4) : SIZE_MAX;
    size_t nc = typmod >= 4 ? utf8_chars(s, n) : 0;
    size_t len = n;
    if (typmod >= 4 && nc > maxc) {
        len = utf8_prefix(s, n, maxc);
        for (size_t i = len; i < n; i++)
            if (s[i] != ' ')
                return lg_pgerr_set(err, LG_SQLSTATE_STRING_DATA_RIGHT_TRUNCATION,
                                    "value too long for type %s(%zu)",
                                    oid == PGTYPE_BPCHAR ? "character" : "character varying",
                                    maxc);
        nc = maxc;
    }
    lg_buf_append(scratch, s, len);
    for (; oid == PGTYPE_BPCHAR && typmod >= 4 && nc < maxc; nc++)
        lg_buf_putc(scratch, ' ');
    set_text(out, scratch);
    return 0;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int in_bytea(const char *s, size_t n, pgtype_value_t *out, lg_buf_t *scratch,
                    lg_pgerr_t *err)
{
    if (n >= 2 && s[0] == '\\' && s[1] == 'x') {
        for (size_t i = 2; i < n; i++) {
            if (isspace((unsigned char)s[i]))
                continue;
            int h = hexv(s[i]);
            if (h < 0)
                return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                    "invalid hexadecimal digit: \"%c\"", s[i]);
            if (i + 1 >= n)
                return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                    "invalid hexadecimal data: odd number of digits");
            int l = hexv(s[++i]);
            if (l < 0)
                return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                    "invalid hexadecimal digit: \"%c\"", s[i]);
            lg_buf_putc(scratch, (uint8_t)(h * 16 + l));
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            if (s[i] != '\\') {
                lg_buf_putc(scratch, (uint8_t)s[i]);
            } else if (i + 1 < n && s[i + 1] == '\\') {
                lg_buf_putc(scratch, '\\');
                i++;
            } else if (i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
                       s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
                lg_buf_putc(scratch, (uint8_t)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
                                               (s[i + 3] - '0')));
                i += 3;
            } else {
                return syntax(err, "bytea", s, n);
            }
        }
    }
    out->storage = PGTYPE_ST_BLOB;
    out->p = scratch->data ? scratch->data : (const uint8_t *)"";
    out->n = scratch->len;
    return 0;
}

static int in_uuid(const char *s, size_t n, pgtype_value_t *out, lg_buf_t *scratch,
                   lg_pgerr_t *err)
{
    static const char k_hex[] = "0123456789abcdef";
    size_t i = 0;
    size_t end = n;
    int nd = 0;
    if (n > 0 && s[0] == '{') {
        if (s[n - 1] != '}')
            return syntax(err, "uuid", s, n);
        i = 1;
        end = n - 1;
    }
    for (; i < end; i++) {
        int h = hexv(s[i]);
        if (h < 0 || nd == 32)
            return syntax(err, "uuid", s, n);
        lg_buf_putc(scratch, (uint8_t)k_hex[h]);
        nd++;
        if (nd % 4 == 0 && nd < 32 && i + 1 < end && s[i + 1] == '-')
            i++;
        if (nd == 8 || nd == 12 || nd == 16 || nd == 20)
            lg_buf_putc(scratch, '-');
    }
    if (nd != 32)
        return syntax(err, "uuid", s, n);
    set_text(out, scratch);
    return 0;
}

static int dt_error(int rc, const char *tname, const char *s, size_t n, lg_pgerr_t *err)
{
    if (rc == PGTIME_BAD_FIELD || rc == PGTIME_BAD_MDY) {
        lg_pgerr_set(err, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                     "date/time field value out of range: \"%.*s\"", ERRTXT(n, s));
        if (rc == PGTIME_BAD_MDY) /* PostgreSQL's DTERR_MDY_FIELD_OVERFLOW */
            lg_pgerr_hint(err, "Perhaps you need a different \"datestyle\" setting.");
        return LG_ESQL;
    }
    if (rc == PGTIME_BAD_ZONE) {
        /* the zone is the word holding a '/'; PostgreSQL reports it lowercased */
        const char *slash = memchr(s, '/', n);
        size_t b = slash ? (size_t)(slash - s) : 0;
        size_t e = b;
        while (b > 0 && !isspace((unsigned char)s[b - 1]))
            b--;
        while (e < n && !isspace((unsigned char)s[e]))
            e++;
        char zone[128];
        size_t zn = e - b < sizeof(zone) - 1 ? e - b : sizeof(zone) - 1;
        for (size_t i = 0; i < zn; i++)
            zone[i] = (char)tolower((unsigned char)s[b + i]);
        zone[zn] = '\0';
        return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                            "time zone \"%s\" not recognized", zone);
    }
    return lg_pgerr_set(err, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                        "invalid input syntax for type %s: \"%.*s\"", tname, ERRTXT(n, s));
}

static int in_datetime(const char *s, size_t n, uint32_t oid, int32_t typmod,
                       const pgtype_session_t *ss, pgtype_value_t *out, lg_buf_t *scratch,
                       lg_pgerr_t *err)
{
    const pgtime_zone_t *z = pgtime_zone_find(ss ? ss->timezone : NULL);
    int64_t now = ss ? ss->now_usec : 0;
    int64_t v = 0;
    int32_t d = 0;
    pgtime_interval_t iv;
    int rc;
    switch (oid) {
    case PGTYPE_DATE:
        if ((rc = pgtime_parse_date(s, n, now, z, &d)) != 0)
            return dt_error(rc, "date", s, n, err);
        pgtime_format_date(d, scratch);
        break;
    case PGTYPE_TIME:
        if ((rc = pgtime_parse_time(s, n, &v)) != 0)
            return dt_error(rc, "time without time zone", s, n, err);
        pgtime_format_time(pgtime_round_precision(v, typmod), scratch);
        break;
    case PGTYPE_TIMETZ: {
        int off;
        if ((rc = pgtime_parse_timetz(s, n, now, z, &v, &off)) != 0)
            return dt_error(rc, "time with time zone", s, n, err);
        pgtime_format_time(pgtime_round_precision(v, typmod), scratch);
        pgtime_format_offset(off, scratch);
        break;
    }
    case PGTYPE_TIMESTAMP:
        if ((rc = pgtime_parse_timestamp(s, n, now, z, &v)) != 0)
            return dt_error(rc, "timestamp without time zone", s, n, err);
        pgtime_format_timestamp(pgtime_round_precision(v, typmod), scratch);
        break;
    case PGTYPE_TIMESTAMPTZ:
        if ((rc = pgtime_parse_timestamptz(s, n, now, z, &v)) != 0)
            return dt_error(rc, "timestamp with time zone", s, n, err);
        pgtime_format_timestamptz(pgtime_round_precision(v, typmod), NULL, scratch);
        break;
    default:
        if ((rc = pgtime_parse_interval(s, n, &iv)) != 0)
            return dt_error(rc, "interval", s, n, err);
        pgtime_format_interval(&iv, scratch);
        break;
    }
    set_text(out, scratch);
    return 0;
}

int pgtype_text_in(const char *txt, size_t n, uint32_t oid, int32_t typmod,
                   const pgtype_session_t *s, pgtype_value_t *out, lg_buf_t *scratch,
                   lg_pgerr_t *err)
{
    lg_buf_reset(scratch);
    int rc = 0;
    uint32_t elem = pgtype_array_elem(oid);
    if (elem != 0) {
        rc = pgtype__array_in(txt, n, elem, s, scratch, err);
        if (rc == 0)
            set_text(out, scratch);
        return rc == 0 && scratch->failed ? LG_ETOOBIG : rc;
    }
    switch (oid) {
    case PGTYPE_BOOL:
        return in_bool(txt, n, out, err);
    case PGTYPE_INT2:
    case PGTYPE_INT4:
    case PGTYPE_INT8:
    case PGTYPE_OID:
        return in_int(txt, n, oid, out, err);
    case PGTYPE_FLOAT4:
    case PGTYPE_FLOAT8:
        rc = in_float(txt, n, oid == PGTYPE_FLOAT4, out, scratch, err);
        break;
    case PGTYPE_NUMERIC:
        rc = in_numeric(txt, n, typmod, out, scratch, err);
        break;
    case PGTYPE_BYTEA:
        rc = in_bytea(txt, n, out, scratch, err);
        break;
    case PGTYPE_UUID:
        rc = in_uuid(txt, n, out, scratch, err);
        break;
    case PGTYPE_DATE:
    case PGTYPE_TIME:
    case PGTYPE_TIMETZ:
    case PGTYPE_TIMESTAMP:
    case PGTYPE_TIMESTAMPTZ:
    case PGTYPE_INTERVAL:
        rc = in_datetime(txt, n, oid, typmod, s, out, scratch, err);
        break;
    case PGTYPE_JSON:
        rc = pgtype_json_validate(txt, n, err);
        if (rc == 0) {
            lg_buf_append(scratch, txt, n);
            set_text(out, scratch);
        }
        break;
    case PGTYPE_JSONB:
        rc = pgtype_jsonb_normalize(txt, n, scratch, err);
        if (rc == 0)
            set_text(out, scratch);
        break;
    default:
        rc = in_char(txt, n, oid, (oid == PGTYPE_VARCHAR || oid == PGTYPE_BPCHAR) ? typmod : -1,
                     out, scratch, err);
        break;
    }
    if (rc == 0 && scratch->failed)
        return LG_ETOOBIG;
    return rc;
}
