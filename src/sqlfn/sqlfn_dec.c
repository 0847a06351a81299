/* sqlfn_dec.c - exact decimal arithmetic on pgtype_dec_t for the "exact output" numeric
 * functions (lg_numx_*), and their argument/result conventions.
 *
 * Values are pgtype_dec_t (pgtype_num.h): normalized digits, value = 0.DIGITS x 10^point,
 * dscale = fraction digits to display. Arithmetic works on digit arrays aligned on a
 * common exponent (schoolbook add/sub/mul): exact while a result's significant digits fit
 * PGTYPE_DEC_MAXDIGITS, else the operation reports overflow. Results follow PostgreSQL's
 * numeric: add/sub keep max(dscale), mul adds the dscales; NaN op x = NaN, Infinity -
 * Infinity = NaN, 0 * Infinity = NaN. Ordering is PostgreSQL's: -Infinity < numbers <
 * Infinity < NaN, and NaN = NaN. Also: rounding modes (round/trunc/ceil/floor at n
 * fraction digits), products rounded to a precision, and the exact digit-by-digit sqrt.
 * Any thread; pure.
 *
 * Arguments: INTEGER (dscale 0), REAL (shortest round-trip digits) or decimal TEXT (its own
 * dscale; bad syntax -> 22P02). Results are decimal TEXT exactly as pgtype_dec_format
 * prints it, and never longer than PGTYPE_DEC_MAXDIGITS digits (else 22003), so that
 * pgtype_dec_parse reads every result back. */
#include <string.h>

#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

#define DEC_WORK (4 * PGTYPE_DEC_MAXDIGITS + 8) /* digit positions of one aligned operand */

bool sqlfn__dec_arg(sqlite3_context *ctx, sqlite3_value *v, pgtype_dec_t *d)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        pgtype_dec_from_int(sqlite3_value_int64(v), d);
        return true;
    case SQLITE_FLOAT:
        pgtype_dec_from_double(sqlite3_value_double(v), d);
        return true;
    default: {
        const char *s = (const char *)sqlite3_value_text(v);
        if (s && pgtype_dec_parse(s, (size_t)sqlite3_value_bytes(v), d))
            return true;
        sqlfn__error(ctx, LG_SQLSTATE_INVALID_TEXT_REPRESENTATION,
                     "invalid input syntax for type numeric: \"%s\"", s ? s : "");
        return false;
    }
    }
}

void sqlfn__dec_overflow(sqlite3_context *ctx)
{
    sqlfn__error(ctx, LG_SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
}

void sqlfn__dec_result(sqlite3_context *ctx, const pgtype_dec_t *d)
{
    if (!d->nan && !d->inf) {
        int intd = d->point > 0 ? d->point : 1;
        if (d->dscale < 0 || intd + d->dscale > PGTYPE_DEC_MAXDIGITS) {
            sqlfn__dec_overflow(ctx);
            return;
        }
    }
    lg_buf_t b;
    lg_buf_init(&b, 2 * PGTYPE_DEC_MAXDIGITS + 16);
    pgtype_dec_format(d, &b);
    sqlfn__result_buf_text(ctx, &b);
}

void sqlfn__dec_special(pgtype_dec_t *r, bool nan, int inf)
{
    memset(r, 0, sizeof *r);
    r->nan = nan;
    r->inf = nan ? 0 : inf;
}

bool sqlfn__dec_is_zero(const pgtype_dec_t *d)
{
    return !d->nan && !d->inf && d->ndigits == 0;
}

/* Strips leading/trailing zero digits; zero gets point 0 and no sign. */
void sqlfn__dec_normalize(pgtype_dec_t *d)
{
    int s = 0;
    while (s < d->ndigits && d->digits[s] == '0')
        s++;
    int t = d->ndigits;
    while (t > s && d->digits[t - 1] == '0')
        t--;
    memmove(d->digits, d->digits + s, (size_t)(t - s));
    d->ndigits = t - s;
    d->point -= s;
    d->digits[d->ndigits] = '\0';
    if (d->ndigits == 0) {
        d->point = 0;
        d->neg = false;
    }
}

/* Compares |a| and |b| of finite values. */
static int cmp_abs(const pgtype_dec_t *a, const pgtype_dec_t *b)
{
    if (a->ndigits == 0 || b->ndigits == 0)
        return (a->ndigits != 0) - (b->ndigits != 0);
    if (a->point != b->point)
        return a->point > b->point ? 1 : -1;
    int n = a->ndigits < b->ndigits ? a->ndigits : b->ndigits;
    int c = memcmp(a->digits, b->digits, (size_t)n);
    if (c != 0)
        return c > 0 ? 1 : -1;
    return (a->ndigits > n) - (b->ndigits > n);
}

/* Rank of the special class: -Infinity 0, numbers 1, Infinity 2, NaN 3. */
static int dec_class(const pgtype_dec_t *d)
{
    return d->nan ? 3 : d->inf > 0 ? 2 : d->inf < 0 ? 0 : 1;
}

int sqlfn__dec_cmp(const pgtype_dec_t *a, const pgtype_dec_t *b)
{
    int ca = dec_class(a), cb = dec_class(b);
    if (ca != cb || ca != 1)
        return (ca > cb) - (ca < cb);
    bool na = a->neg && a->ndigits > 0, nb = b->neg && b->ndigits > 0;
    if (na != nb)
        return na ? -1 : 1;
    int c = cmp_abs(a, b);
    return na ? -c : c;
}

/* Places |d|'s digits as values 0..9 into w, whose last position has exponent e and which
 * spans n positions. */
static void dec_place(const pgtype_dec_t *d, int e, int n, unsigned char *w)
{
    memset(w, 0, (size_t)n);
    int top = e + n; /* exponent just above w[0] */
    for (int i = 0; i < d->ndigits; i++)
        w[top - d->point + i] = (unsigned char)(d->digits[i] - '0');
}

/* r = the digits w[0..n) (last exponent e); false when too many significant digits. */
static bool dec_from_work(const unsigned char *w, int n, int e, bool neg, pgtype_dec_t *r)
{
    int s = 0, t = n;
    while (s < t && w[s] == 0)
        s++;
    while (t > s && w[t - 1] == 0)
        t--;
    if (t - s > PGTYPE_DEC_MAXDIGITS)
        return false;
    r->nan = false;
    r->inf = 0;
    r->ndigits = t - s;
    for (int i = s; i < t; i++)
        r->digits[i - s] = (char)('0' + w[i]);
    r->digits[t - s] = '\0';
    r->point = t > s ? e + n - s : 0;
    r->neg = neg && t > s;
    return true;
}

/* Exponent of the last digit of a nonzero finite value. */
static int last_exp(const pgtype_dec_t *d)
{
    return d->point - d->ndigits;
}

/* |a| + |b| or |a| - |b| (|a| >= |b|) into r with sign neg; false on overflow. */
static bool add_mag(const pgtype_dec_t *a, const pgtype_dec_t *b, bool sub, bool neg,
                    pgtype_dec_t *r)
{
    int e = last_exp(a) < last_exp(b) ? last_exp(a) : last_exp(b);
    int top = (a->point > b->point ? a->point : b->point) + 1;
    int n = top - e;
    if (n > DEC_WORK)
        return false;
    unsigned char wa[DEC_WORK], wb[DEC_WORK];
    dec_place(a, e, n, wa);
    dec_place(b, e, n, wb);
    int carry = 0;
    for (int i = n - 1; i >= 0; i--) {
        int v = sub ? wa[i] - wb[i] - carry : wa[i] + wb[i] + carry;
        carry = sub ? v < 0 : v > 9;
        wa[i] = (unsigned char)(sub ? (v < 0 ? v + 10 : v) : v % 10);
    }
    return dec_from_work(wa, n, e, neg, r);
}

static bool dec_addsub(const pgtype_dec_t *a, const pgtype_dec_t *b, bool sub, pgtype_dec_t *r)
{
    int dscale = a->dscale > b->dscale ? a->dscale : b->dscale;
    int binf = sub ? -b->inf : b->inf;
    if (a->nan || b->nan || (a->inf && binf && a->inf != binf)) {
        sqlfn__dec_special(r, true, 0);
        return true;
    }
    if (a->inf || binf) {
        sqlfn__dec_special(r, false, a->inf ? a->inf : binf);
        return true;
    }
    bool bneg = b->neg != sub;
    pgtype_dec_t t;
    bool ok;
    if (a->ndigits == 0 || b->ndigits == 0) {
        t = a->ndigits == 0 ? *b : *a;
        t.neg = a->ndigits == 0 ? bneg : a->neg;
        ok = true;
    } else if (a->neg == bneg) {
        ok = add_mag(a, b, false, a->neg, &t);
    } else if (cmp_abs(a, b) >= 0) {
        ok = add_mag(a, b, true, a->neg, &t);
    } else {
        ok = add_mag(b, a, true, bneg, &t);
    }
    if (!ok)
        return false;
    *r = t;
    r->dscale = dscale;
    sqlfn__dec_normalize(r);
    return true;
}

bool sqlfn__dec_add(const pgtype_dec_t *a, const pgtype_dec_t *b, pgtype_dec_t *r)
{
    return dec_addsub(a, b, false, r);
}

bool sqlfn__dec_sub(const pgtype_dec_t *a, const pgtype_dec_t *b, pgtype_dec_t *r)
{
    return dec_addsub(a, b, true, r);
}

/* Rounds the digit values w[0..n) half up to prec significant digits (w[0] must be 0, to
 * take a carry out of the top digit). */
static void work_round(unsigned char *w, int n, int prec)
{
    int s = 0;
    while (s < n && w[s] == 0)
        s++;
    if (n - s <= prec)
        return;
    bool up = w[s + prec] >= 5;
    for (int k = s + prec; k < n; k++)
        w[k] = 0;
    for (int k = s + prec - 1; up && k >= 0; k--) {
        up = w[k] == 9;
        w[k] = up ? 0 : (unsigned char)(w[k] + 1);
    }
}

/* a * b, rounded to prec significant digits when prec > 0 (else exact). */
static bool dec_mul_core(const pgtype_dec_t *a, const pgtype_dec_t *b, int prec, pgtype_dec_t *r)
{
    int dscale = a->dscale + b->dscale;
    bool neg = a->neg != b->neg;
    if (a->nan || b->nan || (a->inf && sqlfn__dec_is_zero(b)) ||
        (b->inf && sqlfn__dec_is_zero(a))) {
        sqlfn__dec_special(r, true, 0);
        return true;
    }
    if (a->inf || b->inf) {
        bool sa = a->inf ? a->inf < 0 : a->neg, sb = b->inf ? b->inf < 0 : b->neg;
        sqlfn__dec_special(r, false, sa != sb ? -1 : 1);
        return true;
    }
    int na = a->ndigits, nb = b->ndigits, n = na + nb + 1; /* acc[0]: spare carry digit */
    static const int k_max = 2 * PGTYPE_DEC_MAXDIGITS;
    int acc[2 * PGTYPE_DEC_MAXDIGITS + 2];
    unsigned char w[2 * PGTYPE_DEC_MAXDIGITS + 2];
    if (n > k_max + 1 || a->point > k_max * 4 || a->point < -k_max * 4 || b->point > k_max * 4 ||
        b->point < -k_max * 4)
        return false; /* also keeps exponents far from int overflow */
    memset(acc, 0, sizeof(int) * (size_t)n);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            acc[i + j + 2] += (a->digits[i] - '0') * (b->digits[j] - '0');
    for (int k = n - 1; k > 0; k--) {
        acc[k - 1] += acc[k] / 10;
        acc[k] %= 10;
    }
    for (int k = 0; k < n; k++)
        w[k] = (unsigned char)acc[k];
    if (prec > 0)
        work_round(w, n, prec);
    pgtype_dec_t t;
    int e = (na && nb) ? last_exp(a) + last_exp(b) : 0;
    if (!dec_from_work(w, n, e, neg, &t))
        return false;
    *r = t;
    r->dscale = dscale;
    return true;
}

bool sqlfn__dec_mul(const pgtype_dec_t *a, const pgtype_dec_t *b, pgtype_dec_t *r)
{
    return dec_mul_core(a, b, 0, r);
}

bool sqlfn__dec_mul_prec(const pgtype_dec_t *a, const pgtype_dec_t *b, int prec, pgtype_dec_t *r)
{
    return dec_mul_core(a, b, prec > 0 ? prec : 1, r);
}

/* Rounds d in place to n fraction digits (n < 0: left of the point) in the given mode;
 * dscale becomes max(n, 0). False on overflow. */
bool sqlfn__dec_round_mode(pgtype_dec_t *d, int n, sqlfn_round_mode_t mode)
{
    if (d->nan || d->inf)
        return true;
    int dscale = n > 0 ? n : 0;
    int keep = d->point + n;
    if (keep >= d->ndigits) {
        d->dscale = dscale;
        return true;
    }
    bool up;
    if (mode == SQLFN_ROUND_HALF)
        up = keep >= 0 && d->digits[keep] >= '5';
    else
        up = (mode == SQLFN_ROUND_CEIL && !d->neg) || (mode == SQLFN_ROUND_FLOOR && d->neg);
    bool neg = d->neg;
    d->ndigits = keep > 0 ? keep : 0;
    sqlfn__dec_normalize(d);
    d->neg = neg && d->ndigits > 0;
    d->dscale = dscale;
    if (!up)
        return true;
    pgtype_dec_t unit, t;
    memset(&unit, 0, sizeof unit);
    unit.ndigits = 1;
    unit.digits[0] = '1';
    unit.point = 1 - n;
    unit.neg = neg;
    d->neg = neg;
    if (!sqlfn__dec_add(d, &unit, &t))
        return false;
    *d = t;
    d->dscale = dscale;
    return true;
}

/* Digits of X = x x 10^shift (an integer: shift covers x's fraction) from index i, n of them,
 * as an integer. */
static int group_at(const pgtype_dec_t *x, int i, int n)
{
    int v = 0;
    for (int k = i; k < i + n; k++)
        v = v * 10 + (k < x->ndigits ? x->digits[k] - '0' : 0);
    return v;
}

/* One digit-by-digit root step: finds the largest d with (20p + d) d <= rem, then
 * rem -= (20p + d) d and p = 10p + d. False on overflow. */
static bool sqrt_step(pgtype_dec_t *p, pgtype_dec_t *rem)
{
    pgtype_dec_t twenty, base, dd, t, cand;
    pgtype_dec_from_int(20, &twenty);
    if (!sqlfn__dec_mul(p, &twenty, &base))
        return false;
    int d = 9;
    for (; d > 0; d--) {
        pgtype_dec_from_int(d, &dd);
        if (!sqlfn__dec_add(&base, &dd, &t) || !sqlfn__dec_mul(&t, &dd, &cand))
            return false;
        if (sqlfn__dec_cmp(&cand, rem) <= 0)
            break;
    }
    if (d > 0 && !sqlfn__dec_sub(rem, &cand, rem))
        return false;
    pgtype_dec_t ten;
    pgtype_dec_from_int(10, &ten);
    pgtype_dec_from_int(d, &dd);
    return sqlfn__dec_mul(p, &ten, p) && sqlfn__dec_add(p, &dd, p);
}

bool sqlfn__dec_sqrt(const pgtype_dec_t *x, int rscale, pgtype_dec_t *r)
{
    if (x->nan || x->inf || x->neg || rscale < 0)
        return false;
    int e = x->point + 2 * (rscale + 1); /* integer digits of X = x x 10^(2 (rscale + 1)) */
    if (x->ndigits == 0 || e <= 0) {
        pgtype_dec_from_int(0, r);
        r->dscale = rscale;
        return x->ndigits == 0;
    }
    if (e < x->ndigits || e > 2 * PGTYPE_DEC_MAXDIGITS)
        return false;
    pgtype_dec_t p, rem, g, hundred;
    pgtype_dec_from_int(0, &p);
    pgtype_dec_from_int(0, &rem);
    pgtype_dec_from_int(100, &hundred);
    for (int i = 0, n = e % 2 ? 1 : 2; i < e; i += n, n = 2) {
        pgtype_dec_from_int(group_at(x, i, n), &g);
        if (!sqlfn__dec_mul(&rem, &hundred, &rem) || !sqlfn__dec_add(&rem, &g, &rem) ||
            !sqrt_step(&p, &rem))
            return false;
    }
    *r = p; /* floor(sqrt(X)) = sqrt(x) x 10^(rscale + 1), truncated */
    r->point -= rscale + 1;
    r->dscale = rscale + 1;
    pgtype_dec_round(r, rscale);
    return true;
}
