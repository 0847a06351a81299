/* sqlfn_range.c - PostgreSQL's range types int4range, int8range, numrange, daterange, tsrange and
 * tstzrange.
 * A range is stored as PostgreSQL prints it, in canonical form ("[1,6)", "(,5)", "empty");
 * discrete ranges (integers, dates) are normalised to "[)"; timestamp bounds are kept in
 * their storage form (a tstzrange's in UTC, "2024-01-01 10:00:00+00"), quoted. The last argument
 * `t` is the range type's OID. lg_int4range_in(text), lg_int8range_in, lg_numrange_in,
 * lg_daterange_in parse + canonicalise (22P02 malformed, 22000 lower > upper) lg_range_make(lo, hi,
 * flags, t)  the constructor; NULL bounds are infinite lg_range_part(r, k, t)           k: 0 lower,
 * 1 upper, 2 isempty, 3 lower_inc, 4 upper_inc, 5 lower_inf, 6 upper_inf lg_range_op(a, b, k, t) k:
 * 0 cmp (-1/0/1), 1 @>, 2 <@, 3 &&, 4 <<, 5 >>, 6 &<, 7 &>, 8 -|-, 9 + (union), 10 * , 11 -, 12
 * range_merge lg_range_has(r, elem, t)         range @> element The collation "lg_range" orders
 * stored ranges as PostgreSQL does. Any thread. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_range.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"

#define RANGE_BOUND_MAX PGTYPE_RANGE_BOUND_MAX
/* Errors are raised on ctx; the collation parses with no context (stored text is valid). */
#define RERR(ctx, ...)                                                                             \
    do {                                                                                           \
        if (ctx)                                                                                   \
            sqlfn__error(ctx, __VA_ARGS__);                                                        \
    } while (0)
#define RANGE_INT4 3904u
#define RANGE_NUM 3906u
#define RANGE_TS 3908u
#define RANGE_TSTZ 3910u
#define RANGE_DATE 3912u
#define RANGE_INT8 3926u

typedef pgtype_range_bound_t bound_t;
typedef pgtype_range_t range_t;

static const char *elem_name(uint32_t t)
{
    if (t == RANGE_TS || t == RANGE_TSTZ)
        return t == RANGE_TS ? "timestamp" : "timestamp with time zone";
    return t == RANGE_INT4   ? "integer"
           : t == RANGE_INT8 ? "bigint"
           : t == RANGE_NUM  ? "numeric"
                             : "date";
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm) and back. */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool parse_date(const char *s, long *days)
{
    long y, m, d;
    int n = 0;
    if (sscanf(s, "%ld-%ld-%ld%n", &y, &m, &d, &n) != 3 || s[n] || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return false;
    long yy, mm, dd;
    *days = days_from_civil(y, m, d);
    civil_from_days(*days, &yy, &mm, &dd);
    return yy == y && mm == m && dd == d;
}

/* A stored timestamp bound as microseconds (no offset: UTC). */
static int64_t ts_usec(uint32_t t, const char *s)
{
    int64_t us = 0;
    if (t == RANGE_TS)
        (void)pgtime_parse_timestamp(s, strlen(s), 0, NULL, &us);
    else
        (void)pgtime_parse_timestamptz(s, strlen(s), 0, NULL, &us);
    return us;
}

/* A timestamp bound read (tstzrange: in the session TimeZone) into its storage form. */
static bool ts_check(sqlite3_context *ctx, uint32_t t, char *v)
{
    const pgtime_zone_t *z = NULL;
    if (t == RANGE_TSTZ && ctx) {
        dt_state_t *st = sqlfn__dt_state_find(sqlite3_context_db_handle(ctx));
        z = st ? st->zone : NULL;
    }
    int64_t us;
    int rc = t == RANGE_TS ? pgtime_parse_timestamp(v, strlen(v), 0, NULL, &us)
                           : pgtime_parse_timestamptz(v, strlen(v), 0, z, &us);
    if (rc) {
        RERR(ctx, "22007", "invalid input syntax for type %s: \"%s\"", elem_name(t), v);
        return false;
    }
    lg_buf_t b;
    lg_buf_init(&b, RANGE_BOUND_MAX);
    if (t == RANGE_TS)
        pgtime_format_timestamp(us, &b);
    else
        pgtime_format_timestamptz(us, NULL, &b);
    snprintf(v, RANGE_BOUND_MAX, "%.*s", (int)b.len, b.data ? (const char *)b.data : "");
    lg_buf_deinit(&b);
    return true;
}

/* Checks and normalises one bound value in place; false with the error raised. */
static bool elem_check(sqlite3_context *ctx, uint32_t t, char *v)
{
    size_t lead = strspn(v, " \t\n\r\f\v"), n = strlen(v);
    while (n > lead && isspace((unsigned char)v[n - 1]))
        n--;
    memmove(v, v + lead, n - lead);
    v[n - lead] = '\0';
    if (t == RANGE_TS || t == RANGE_TSTZ)
        return ts_check(ctx, t, v);
    char *end;
    if (t == RANGE_INT4 || t == RANGE_INT8) {
        errno = 0;
        long long x = strtoll(v, &end, 10);
        if (end == v || *end) {
            RERR(ctx, "22P02", "invalid input syntax for type %s: \"%s\"", elem_name(t), v);
            return false;
        }
        if (errno || (t == RANGE_INT4 && (x < INT32_MIN || x > INT32_MAX))) {
            RERR(ctx, "22003", "value \"%s\" is out of range for type %s", v, elem_name(t));
            return false;
        }
        snprintf(v, RANGE_BOUND_MAX, "%lld", x);
        return true;
    }
    if (t == RANGE_NUM) {
        (void)strtold(v, &end);
        if (end == v || *end || !strcasecmp(v, "nan") || !strcasecmp(v, "inf")) {
            RERR(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", v);
            return false;
        }
        return true;
    }
    long days, y, m, d;
    int used = 0;
    if (!parse_date(v, &days)) {
        bool shaped = sscanf(v, "%ld-%ld-%ld%n", &y, &m, &d, &used) == 3 && !v[used];
        RERR(ctx, shaped ? "22008" : "22007",
             shaped ? "date/time field value out of range: \"%s\""
                    : "invalid input syntax for type date: \"%s\"",
             v);
        return false;
    }
    return true;
}

static int sign_of(long double d)
{
    return d < 0 ? -1 : d > 0 ? 1 : 0;
}

static int elem_cmp(uint32_t t, const char *a, const char *b)
{
    if (t == RANGE_INT4 || t == RANGE_INT8) {
        long long x = strtoll(a, NULL, 10), y = strtoll(b, NULL, 10);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (t == RANGE_NUM)
        return sign_of(strtold(a, NULL) - strtold(b, NULL));
    if (t == RANGE_TS || t == RANGE_TSTZ) {
        int64_t x = ts_usec(t, a), y = ts_usec(t, b);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    long x = 0, y = 0;
    (void)parse_date(a, &x);
    (void)parse_date(b, &y);
    return x < y ? -1 : x > y ? 1 : 0;
}

/* The next value of a discrete element (22003 past the type's end). */
static bool elem_next(sqlite3_context *ctx, uint32_t t, char *v)
{
    if (t == RANGE_DATE) {
        long days, y, m, d;
        (void)parse_date(v, &days);
        civil_from_days(days + 1, &y, &m, &d);
        snprintf(v, RANGE_BOUND_MAX, "%04ld-%02ld-%02ld", y, m, d);
        return true;
    }
    long long x = strtoll(v, NULL, 10);
    if (x == (t == RANGE_INT4 ? INT32_MAX : INT64_MAX)) {
        RERR(ctx, "22003", "%s out of range", t == RANGE_INT4 ? "integer" : "bigint");
        return false;
    }
    snprintf(v, RANGE_BOUND_MAX, "%lld", x + 1);
    return true;
}

/* PostgreSQL's range_cmp_bounds. */
static int bound_cmp(uint32_t t, const bound_t *a, const bound_t *b)
{
    if (a->inf && b->inf)
        return a->lower == b->lower ? 0 : a->lower ? -1 : 1;
    if (a->inf)
        return a->lower ? -1 : 1;
    if (b->inf)
        return b->lower ? 1 : -1;
    int r = elem_cmp(t, a->v, b->v);
    if (r)
        return r;
    if (!a->inc && !b->inc)
        return a->lower == b->lower ? 0 : a->lower ? 1 : -1;
    if (!a->inc)
        return a->lower ? 1 : -1;
    if (!b->inc)
        return b->lower ? -1 : 1;
    return 0;
}

/* make_range: checks the order, empties, canonicalises a discrete range. */
static bool range_finish(sqlite3_context *ctx, range_t *r)
{
    r->lo.lower = true;
    r->hi.lower = false;
    if (r->empty)
        return true;
    if (r->lo.inf)
        r->lo.inc = false;
    if (r->hi.inf)
        r->hi.inc = false;
    for (int pass = 0; pass < 2; pass++) {
        if (!r->lo.inf && !r->hi.inf) {
            int c = elem_cmp(r->t, r->lo.v, r->hi.v);
            if (c > 0) {
                RERR(ctx, "22000",
                     "range lower bound must be less than or equal to range upper bound");
                return false;
            }
            if (c == 0 && !(r->lo.inc && r->hi.inc)) {
                r->empty = true;
                return true;
            }
        }
        if (pass || !(r->t == RANGE_INT4 || r->t == RANGE_INT8 || r->t == RANGE_DATE))
            return true; /* only discrete ranges have a canonical [) form */
        if (!r->lo.inf && !r->lo.inc) {
            if (!elem_next(ctx, r->t, r->lo.v))
                return false;
            r->lo.inc = true;
        }
        if (!r->hi.inf && r->hi.inc) {
            if (!elem_next(ctx, r->t, r->hi.v))
                return false;
            r->hi.inc = false;
        }
    }
    return true;
}

static bool range_parse(sqlite3_context *ctx, const char *s, uint32_t t, range_t *r)
{
    const char *why = pgtype_range_syntax(s, r);
    r->t = t;
    if (why) {
        RERR(ctx, "22P02",
             "malformed range literal: \"%s\"\x1f"
             "DETAIL:%s",
             s, why);
        return false;
    }
    if (r->empty)
        return true;
    if ((!r->lo.inf && !elem_check(ctx, t, r->lo.v)) ||
        (!r->hi.inf && !elem_check(ctx, t, r->hi.v)))
        return false;
    return range_finish(ctx, r);
}

/* A bound as range_bound_escape prints it: quoted when empty or holding " \\ ( ) [ ] ,
 * or white space, with " and \\ escaped. */
static void put_bound(lg_buf_t *b, const char *v)
{
    bool quote = !*v || strpbrk(v, "\"\\()[], \t\n\r\f\v") != NULL;
    if (quote)
        lg_buf_append(b, "\"", 1);
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            lg_buf_append(b, "\\", 1);
        lg_buf_append(b, p, 1);
    }
    if (quote)
        lg_buf_append(b, "\"", 1);
}

static void range_result(sqlite3_context *ctx, const range_t *r)
{
    if (r->empty) {
        sqlite3_result_text(ctx, "empty", -1, SQLITE_STATIC);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, 8 * RANGE_BOUND_MAX);
    lg_buf_append(&b, r->lo.inc ? "[" : "(", 1);
    if (!r->lo.inf)
        put_bound(&b, r->lo.v);
    lg_buf_append(&b, ",", 1);
    if (!r->hi.inf)
        put_bound(&b, r->hi.v);
    lg_buf_append(&b, r->hi.inc ? "]" : ")", 1);
    sqlfn__result_buf_text(ctx, &b);
}

/* The type of stored range text: a '-' after a digit is a date's, a '.' a numeric's. */
static uint32_t range_guess(const char *s)
{
    if (strchr(s, ':'))
        return RANGE_TSTZ; /* stored bounds without an offset read as UTC: the same order */
    for (const char *p = s; *p; p++)
        if (*p == '-' && p > s && isdigit((unsigned char)p[-1]))
            return RANGE_DATE;
    return RANGE_NUM; /* integers compare exactly as long doubles too */
}

/* Reads a stored range; its type is guessed from the bounds when not given. */
static bool range_arg(sqlite3_context *ctx, sqlite3_value *v, uint32_t t, range_t *r)
{
    const char *s = (const char *)sqlite3_value_text(v);
    if (!s)
        return false;
    if (!t)
        t = range_guess(s);
    return range_parse(ctx, s, t, r);
}

static void fn_range_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    range_t r;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
        return;
    if (range_arg(ctx, argv[0], (uint32_t)(uintptr_t)sqlite3_user_data(ctx), &r))
        range_result(ctx, &r);
}

static bool make_bound(sqlite3_context *ctx, sqlite3_value *v, uint32_t t, bound_t *b)
{
    b->inf = sqlite3_value_type(v) == SQLITE_NULL;
    if (b->inf)
        return true;
    snprintf(b->v, sizeof b->v, "%s", (const char *)sqlite3_value_text(v));
    return elem_check(ctx, t, b->v);
}

static void fn_range_make(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    range_t r;
    memset(&r, 0, sizeof r);
    r.t = (uint32_t)sqlite3_value_int64(argv[argc - 1]);
    const char *fl = argc == 4 ? (const char *)sqlite3_value_text(argv[2]) : "[)";
    if (!fl) {
        RERR(ctx, "22000", "range constructor flags argument must not be null");
        return;
    }
    if (strlen(fl) != 2 || (fl[0] != '[' && fl[0] != '(') || (fl[1] != ']' && fl[1] != ')')) {
        RERR(ctx, "42601",
             "invalid range bound flags\x1f"
             "HINT:Valid values are \"[]\", \"[)\", \"(]\", and \"()\".");
        return;
    }
    r.lo.inc = fl[0] == '[';
    r.hi.inc = fl[1] == ']';
    if (!make_bound(ctx, argv[0], r.t, &r.lo) || !make_bound(ctx, argv[1], r.t, &r.hi) ||
        !range_finish(ctx, &r))
        return;
    range_result(ctx, &r);
}

static void result_elem(sqlite3_context *ctx, const range_t *r, const bound_t *b)
{
    if (r->empty || b->inf)
        return;
    if (r->t == RANGE_INT4 || r->t == RANGE_INT8)
        sqlite3_result_int64(ctx, strtoll(b->v, NULL, 10));
    else
        sqlite3_result_text(ctx, b->v, -1, SQLITE_TRANSIENT);
}

static void fn_range_part(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    range_t r;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
        !range_arg(ctx, argv[0], (uint32_t)sqlite3_value_int64(argv[2]), &r))
        return;
    switch (sqlite3_value_int(argv[1])) {
    case 0:
        result_elem(ctx, &r, &r.lo);
        return;
    case 1:
        result_elem(ctx, &r, &r.hi);
        return;
    case 2:
        sqlite3_result_int(ctx, r.empty);
        return;
    case 3:
        sqlite3_result_int(ctx, !r.empty && r.lo.inc);
        return;
    case 4:
        sqlite3_result_int(ctx, !r.empty && r.hi.inc);
        return;
    case 5:
        sqlite3_result_int(ctx, !r.empty && r.lo.inf);
        return;
    default:
        sqlite3_result_int(ctx, !r.empty && r.hi.inf);
        return;
    }
}

static int range_cmp(const range_t *a, const range_t *b)
{
    if (a->empty || b->empty)
        return a->empty == b->empty ? 0 : a->empty ? -1 : 1;
    int c = bound_cmp(a->t, &a->lo, &b->lo);
    return c ? c : bound_cmp(a->t, &a->hi, &b->hi);
}

static bool range_contains(const range_t *a, const range_t *b)
{
    if (b->empty)
        return true;
    if (a->empty)
        return false;
    return bound_cmp(a->t, &a->lo, &b->lo) <= 0 && bound_cmp(a->t, &a->hi, &b->hi) >= 0;
}

static bool range_overlaps(const range_t *a, const range_t *b)
{
    if (a->empty || b->empty)
        return false;
    if (bound_cmp(a->t, &a->lo, &b->lo) >= 0 && bound_cmp(a->t, &a->lo, &b->hi) <= 0)
        return true;
    return bound_cmp(a->t, &b->lo, &a->lo) >= 0 && bound_cmp(a->t, &b->lo, &a->hi) <= 0;
}

static bool bounds_adjacent(uint32_t t, const bound_t *up, const bound_t *lo)
{
    if (up->inf || lo->inf)
        return false;
    return elem_cmp(t, up->v, lo->v) == 0 && up->inc != lo->inc;
}

static bool range_adjacent(const range_t *a, const range_t *b)
{
    if (a->empty || b->empty)
        return false;
    return bounds_adjacent(a->t, &a->hi, &b->lo) || bounds_adjacent(a->t, &b->hi, &a->lo);
}

static bool range_pred(int k, const range_t *a, const range_t *b)
{
    bool any_empty = a->empty || b->empty;
    switch (k) {
    case 1:
        return range_contains(a, b);
    case 2:
        return range_contains(b, a);
    case 3:
        return range_overlaps(a, b);
    case 4:
        return !any_empty && bound_cmp(a->t, &a->hi, &b->lo) < 0;
    case 5:
        return !any_empty && bound_cmp(a->t, &a->lo, &b->hi) > 0;
    case 6:
        return !any_empty && bound_cmp(a->t, &a->hi, &b->hi) <= 0;
    case 7:
        return !any_empty && bound_cmp(a->t, &a->lo, &b->lo) >= 0;
    default:
        return range_adjacent(a, b);
    }
}

/* + and range_merge: the smallest range covering both. */
static bool range_union(sqlite3_context *ctx, const range_t *a, const range_t *b, bool strict,
                        range_t *out)
{
    if (a->empty || b->empty) {
        *out = a->empty ? *b : *a;
        return true;
    }
    if (strict && !range_overlaps(a, b) && !range_adjacent(a, b)) {
        RERR(ctx, "22000", "result of range union would not be contiguous");
        return false;
    }
    *out = *a;
    out->lo = bound_cmp(a->t, &a->lo, &b->lo) <= 0 ? a->lo : b->lo;
    out->hi = bound_cmp(a->t, &a->hi, &b->hi) >= 0 ? a->hi : b->hi;
    return range_finish(ctx, out);
}

static bool range_intersect(sqlite3_context *ctx, const range_t *a, const range_t *b, range_t *out)
{
    *out = *a;
    if (!range_overlaps(a, b)) {
        out->empty = true;
        return true;
    }
    out->lo = bound_cmp(a->t, &a->lo, &b->lo) >= 0 ? a->lo : b->lo;
    out->hi = bound_cmp(a->t, &a->hi, &b->hi) <= 0 ? a->hi : b->hi;
    return range_finish(ctx, out);
}

/* PostgreSQL's range_minus. */
static bool range_minus(sqlite3_context *ctx, const range_t *a, const range_t *b, range_t *out)
{
    *out = *a;
    if (a->empty || b->empty)
        return true;
    uint32_t t = a->t;
    int l1l2 = bound_cmp(t, &a->lo, &b->lo), l1u2 = bound_cmp(t, &a->lo, &b->hi);
    int u1l2 = bound_cmp(t, &a->hi, &b->lo), u1u2 = bound_cmp(t, &a->hi, &b->hi);
    if (l1l2 < 0 && u1u2 > 0) {
        RERR(ctx, "22000", "result of range difference would not be contiguous");
        return false;
    }
    if (l1u2 > 0 || u1l2 < 0)
        return true;
    if (l1l2 >= 0 && u1u2 <= 0) {
        out->empty = true;
        return true;
    }
    if (l1l2 <= 0 && u1l2 >= 0 && u1u2 <= 0) {
        out->hi = b->lo;
        out->hi.inc = !b->lo.inc;
    } else {
        out->lo = b->hi;
        out->lo.inc = !b->hi.inc;
    }
    return range_finish(ctx, out);
}

static void fn_range_op(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    range_t a, b, r;
    uint32_t t = (uint32_t)sqlite3_value_int64(argv[3]);
    if (sqlfn__any_null(2, argv) || !range_arg(ctx, argv[0], t, &a) ||
        !range_arg(ctx, argv[1], t, &b))
        return;
    int k = sqlite3_value_int(argv[2]);
    bool ok = true;
    if (k == 0) {
        sqlite3_result_int(ctx, range_cmp(&a, &b));
        return;
    }
    if (k < 9) {
        sqlite3_result_int(ctx, range_pred(k, &a, &b));
        return;
    }
    if (k == 9 || k == 12)
        ok = range_union(ctx, &a, &b, k == 9, &r);
    else if (k == 10)
        ok = range_intersect(ctx, &a, &b, &r);
    else
        ok = range_minus(ctx, &a, &b, &r);
    if (ok)
        range_result(ctx, &r);
}

static void fn_range_has(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    range_t r;
    uint32_t t = (uint32_t)sqlite3_value_int64(argv[2]);
    if (sqlfn__any_null(2, argv) || !range_arg(ctx, argv[0], t, &r))
        return;
    bound_t e = {.inc = true};
    snprintf(e.v, sizeof e.v, "%s", (const char *)sqlite3_value_text(argv[1]));
    if (!elem_check(ctx, r.t, e.v))
        return;
    e.lower = true;
    bool in = !r.empty && bound_cmp(r.t, &r.lo, &e) <= 0;
    e.lower = false;
    sqlite3_result_int(ctx, in && bound_cmp(r.t, &r.hi, &e) >= 0);
}

/* Collation: stored ranges in PostgreSQL's order; text that is no range sorts bytewise after. */
static int coll_range(void *arg, int n1, const void *p1, int n2, const void *p2)
{
    (void)arg;
    char a[2 * RANGE_BOUND_MAX + 8], b[2 * RANGE_BOUND_MAX + 8];
    if ((size_t)n1 < sizeof a && (size_t)n2 < sizeof b) {
        memcpy(a, p1, (size_t)n1);
        a[n1] = '\0';
        memcpy(b, p2, (size_t)n2);
        b[n2] = '\0';
        range_t x, y;
        if (range_parse(NULL, a, range_guess(a), &x) && range_parse(NULL, b, x.t, &y))
            return range_cmp(&x, &y);
    }
    int m = memcmp(p1, p2, (size_t)(n1 < n2 ? n1 : n2));
    return m ? m : n1 - n2;
}

int sqlfn__register_range(sqlite3 *db)
{
    static const sqlfn_def_t defs[] = {
        {"lg_range_make", 3, SQLFN_PURE, fn_range_make},
        {"lg_range_make", 4, SQLFN_PURE, fn_range_make},
        {"lg_range_part", 3, SQLFN_PURE, fn_range_part},
        {"lg_range_op", 4, SQLFN_PURE, fn_range_op},
        {"lg_range_has", 3, SQLFN_PURE, fn_range_has},
    };
    static const struct {
        const char *name;
        uintptr_t t;
    } ins[] = {{"lg_int4range_in", RANGE_INT4}, {"lg_int8range_in", RANGE_INT8},
               {"lg_numrange_in", RANGE_NUM},   {"lg_daterange_in", RANGE_DATE},
               {"lg_tsrange_in", RANGE_TS},     {"lg_tstzrange_in", RANGE_TSTZ}};
    for (size_t i = 0; i < LG_ARRAY_LEN(ins); i++)
        if (sqlite3_create_function_v2(db, ins[i].name, 1, SQLFN_PURE, (void *)ins[i].t,
                                       fn_range_in, NULL, NULL, NULL) != SQLITE_OK)
            return LG_EINVAL;
    if (sqlite3_create_collation(db, "lg_range", SQLITE_UTF8, NULL, coll_range) != SQLITE_OK)
        return LG_EINVAL;
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
