/* sqlfn_numfmt.c - to_char(number, format) with PostgreSQL's numeric template patterns:
 *   lg_to_char_num(value, format) (the translator calls it when the first argument is a
 *   number; to_char of date/time values stays in sqlfn_datetime_fmt.c).
 *
 * Patterns: 9 (digit, blank when a leading zero), 0 (digit, leading zeros from the first 0
 * on), . and D (decimal point), , and G (group separator, blank before the first digit),
 * S (sign anchored to the number, or at its position when after the digits), MI, PL, SG
 * (signs at their position), PR (<negative>), L (currency symbol: blank in the C locale),
 * V (multiply by 10^n for the n digits after it), EEEE (scientific notation), RN/rn (Roman
 * numerals), TH/th (ordinal suffix), FM (fill mode: no padding blanks, no trailing zeros at
 * 9 positions). Other characters and "quoted text" are copied. Without an explicit sign
 * pattern a sign slot ('-' or blank) sits right before the first printed digit or point.
 * More integer digits than the template has print as '#'. Rounding is decimal, half away
 * from zero (the value's shortest digits are rounded, so 1.005 -> 1.01). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_num.h"
#include "sqlfn_int.h"

typedef enum {
    NT_LIT,
    NT_D9,
    NT_D0,
    NT_POINT,
    NT_COMMA,
    NT_S,
    NT_MI,
    NT_PL,
    NT_SG,
    NT_PR,
    NT_L,
    NT_V,
    NT_EEEE,
    NT_TH,
    NT_th,
    NT_RN,
    NT_rn,
} nt_kind_t;

typedef struct ntok {
    nt_kind_t kind;
    const char *lit; /* NT_LIT: text (not NUL-terminated) */
    size_t litn;
} ntok_t;

#define NT_MAX 256

typedef struct nfmt {
    ntok_t t[NT_MAX];
    int n;
    bool fm;
    int pre, post;      /* digit positions before / after the point */
    int zero_start;     /* index of the first 0 among pre positions, pre if none */
    int last_zero_post; /* index of the last 0 among post positions, -1 if none */
    int vdigits;        /* digits after V */
    bool has_point, has_sign, eeee, rn, rn_lower, after_v;
    bool s_after; /* an S after the digits */
} nfmt_t;

static bool kw(const char **p, const char *k)
{
    size_t n = strlen(k);
    if (strncmp(*p, k, n) != 0)
        return false;
    *p += n;
    return true;
}

static void add(nfmt_t *f, nt_kind_t k, const char *lit, size_t n)
{
    if (f->n < NT_MAX)
        f->t[f->n++] = (ntok_t){k, lit, n};
}

static void add_digit(nfmt_t *f, bool zero)
{
    if (f->after_v) {
        f->vdigits++;
        f->pre++; /* V's digits print as integer positions */
    } else if (f->has_point) {
        if (zero)
            f->last_zero_post = f->post;
        f->post++;
    } else {
        if (zero && f->zero_start == -1)
            f->zero_start = f->pre;
        f->pre++;
    }
    add(f, zero ? NT_D0 : NT_D9, NULL, 0);
}

static void parse_fmt(nfmt_t *f, const char *p)
{
    memset(f, 0, sizeof *f);
    f->zero_start = -1;
    f->last_zero_post = -1;
    while (*p) {
        if (*p == '9' || *p == '0') {
            add_digit(f, *p++ == '0');
        } else if (*p == '.' || *p == 'D' || *p == 'd') {
            f->has_point = true;
            add(f, NT_POINT, p++, 1);
        } else if (*p == ',' || *p == 'G' || *p == 'g') {
            add(f, NT_COMMA, p++, 1);
        } else if (kw(&p, "FM") || kw(&p, "fm")) {
            f->fm = true;
        } else if (kw(&p, "EEEE") || kw(&p, "eeee")) {
            f->eeee = true;
            add(f, NT_EEEE, NULL, 0);
        } else if (kw(&p, "RN")) {
            f->rn = true;
        } else if (kw(&p, "rn")) {
            f->rn = f->rn_lower = true;
        } else if (kw(&p, "TH")) {
            add(f, NT_TH, NULL, 0);
        } else if (kw(&p, "th")) {
            add(f, NT_th, NULL, 0);
        } else if (kw(&p, "MI") || kw(&p, "mi")) {
            f->has_sign = true;
            add(f, NT_MI, NULL, 0);
        } else if (kw(&p, "PL") || kw(&p, "pl")) {
            add(f, NT_PL, NULL, 0);
        } else if (kw(&p, "SG") || kw(&p, "sg")) {
            f->has_sign = true;
            add(f, NT_SG, NULL, 0);
        } else if (kw(&p, "PR") || kw(&p, "pr")) {
            f->has_sign = true;
            add(f, NT_PR, NULL, 0);
        } else if (*p == 'S' || *p == 's') {
            f->has_sign = true;
            f->s_after = f->pre + f->post > 0;
            add(f, NT_S, p++, 1);
        } else if (*p == 'L' || *p == 'l') {
            add(f, NT_L, p++, 1);
        } else if (*p == 'V' || *p == 'v') {
            f->after_v = true;
            add(f, NT_V, p++, 1);
        } else if (*p == '"') {
            const char *s = ++p;
            while (*p && *p != '"')
                p++;
            add(f, NT_LIT, s, (size_t)(p - s));
            if (*p)
                p++;
        } else {
            if (*p == '\\' && p[1])
                p++;
            size_t l = 1;
            while ((((unsigned char)p[l]) & 0xC0) == 0x80)
                l++;
            add(f, NT_LIT, p, l);
            p += l;
        }
    }
    if (f->zero_start < 0)
        f->zero_start = f->pre;
}

/* Digits of |d| rounded to `post` fraction digits: integer part (empty when zero) and
 * exactly `post` fraction digits. */
static void split_digits(pgtype_dec_t *d, int post, lg_buf_t *ip, lg_buf_t *fp)
{
    pgtype_dec_round(d, post);
    d->neg = false;
    lg_buf_t all;
    lg_buf_init(&all, PGTYPE_DEC_MAXDIGITS + 64);
    pgtype_dec_format(d, &all);
    const char *s = all.data ? (const char *)all.data : "0";
    size_t n = all.data ? all.len : 1;
    const char *dot = memchr(s, '.', n);
    size_t in = dot ? (size_t)(dot - s) : n;
    if (!(in == 1 && s[0] == '0'))
        lg_buf_append(ip, s, in);
    for (int i = 0; i < post; i++) {
        size_t k = in + 1 + (size_t)i;
        lg_buf_putc(fp, dot && k < n ? (uint8_t)s[k] : '0');
    }
    lg_buf_deinit(&all);
}

typedef struct nout {
    lg_buf_t *b;
    const nfmt_t *f;
    bool neg;
    bool anchored; /* the sign (or PR's '<') has been placed */
    bool printed;  /* a digit has been printed */
} nout_t;

/* Before the first printed digit or point: the anchored sign. */
static void anchor(nout_t *o)
{
    if (o->anchored)
        return;
    o->anchored = true;
    const nfmt_t *f = o->f;
    bool pr = false, s_before = false;
    for (int i = 0; i < f->n; i++) {
        pr = pr || f->t[i].kind == NT_PR;
        s_before = s_before || (f->t[i].kind == NT_S && !f->s_after);
    }
    if (pr) {
        if (o->neg)
            lg_buf_putc(o->b, '<');
        else if (!f->fm)
            lg_buf_putc(o->b, ' ');
    } else if (s_before) {
        lg_buf_putc(o->b, o->neg ? '-' : '+');
    } else if (!f->has_sign) {
        if (o->neg)
            lg_buf_putc(o->b, '-');
        else if (!f->fm)
            lg_buf_putc(o->b, ' ');
    }
}

static const char *ordinal(const lg_buf_t *ip, bool upper)
{
    size_t n = ip->len;
    int last = n ? ip->data[n - 1] - '0' : 0;
    int tens = n > 1 ? ip->data[n - 2] - '0' : 0;
    const char *s = "th";
    if (tens != 1 && last == 1)
        s = "st";
    else if (tens != 1 && last == 2)
        s = "nd";
    else if (tens != 1 && last == 3)
        s = "rd";
    static const char *const up[] = {"TH", "ST", "ND", "RD"};
    if (!upper)
        return s;
    return !strcmp(s, "th") ? up[0] : !strcmp(s, "st") ? up[1] : !strcmp(s, "nd") ? up[2] : up[3];
}

static void put_digit_pre(nout_t *o, const lg_buf_t *ip, int pi, int pad, bool overflow)
{
    const nfmt_t *f = o->f;
    if (overflow) {
        anchor(o);
        lg_buf_putc(o->b, '#');
    } else if (pi < pad) {
        if (pi >= f->zero_start) {
            anchor(o);
            lg_buf_putc(o->b, '0');
            o->printed = true;
        } else if (!f->fm) {
            lg_buf_putc(o->b, ' ');
        }
    } else {
        anchor(o);
        lg_buf_putc(o->b, ip->data[pi - pad]);
        o->printed = true;
    }
}

static void put_sign_tok(nout_t *o, nt_kind_t k)
{
    bool fm = o->f->fm;
    const char *s = "";
    if (k == NT_S && o->f->s_after)
        s = o->neg ? "-" : "+";
    else if (k == NT_MI)
        s = o->neg ? "-" : (fm ? "" : " ");
    else if (k == NT_PL)
        s = o->neg ? (fm ? "" : " ") : "+";
    else if (k == NT_SG)
        s = o->neg ? "-" : "+";
    else if (k == NT_PR)
        s = o->neg ? ">" : (fm ? "" : " ");
    else if (k == NT_L)
        s = fm ? "" : " ";
    lg_buf_append(o->b, s, strlen(s));
}

/* The template applied to |d| (digits split already) into b. */
static void render(lg_buf_t *b, const nfmt_t *f, bool neg, lg_buf_t *ip, const lg_buf_t *fp)
{
    int keep = f->post;
    while (f->fm && keep > f->last_zero_post + 1 && fp->data[keep - 1] == '0')
        keep--;
    bool overflow = (int)ip->len > f->pre;
    if (ip->len == 0 && keep == 0 && f->pre > 0)
        lg_buf_putc(ip, '0');
    int pad = overflow ? 0 : f->pre - (int)ip->len;
    nout_t o = {.b = b, .f = f, .neg = neg};
    int pi = 0, fj = 0;
    bool seen_point = false, seen_v = false;
    for (int i = 0; i < f->n; i++) {
        const ntok_t *t = &f->t[i];
        switch (t->kind) {
        case NT_D9:
        case NT_D0:
            if (!seen_point || seen_v) {
                put_digit_pre(&o, ip, pi++, pad, overflow);
            } else {
                if (overflow)
                    lg_buf_putc(b, '#');
                else if (fj < keep)
                    lg_buf_putc(b, fp->data[fj]);
                fj++;
            }
            break;
        case NT_POINT:
            anchor(&o);
            seen_point = true;
            lg_buf_putc(b, '.');
            break;
        case NT_COMMA:
            if (o.printed || overflow)
                lg_buf_putc(b, ',');
            else if (!f->fm)
                lg_buf_putc(b, ' ');
            break;
        case NT_TH:
        case NT_th:
            if (f->post == 0 && !overflow)
                lg_buf_append(b, ordinal(ip, t->kind == NT_TH), 2);
            break;
        case NT_LIT:
            lg_buf_append(b, t->lit, t->litn);
            break;
        case NT_V:
            seen_v = true;
            break;
        default:
            put_sign_tok(&o, t->kind);
            break;
        }
    }
}

/* Roman numerals of round(|v|) in 1..3999, right-aligned to 15 (FM: unpadded). */
static void render_roman(lg_buf_t *b, const nfmt_t *f, double v)
{
    static const struct {
        int val;
        const char *s;
    } k[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
             {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
    long n = (long)(v < 0 ? -v + 0.5 : v + 0.5);
    char r[32] = "";
    size_t len = 0;
    if (n < 1 || n > 3999) {
        memset(r, '#', 15);
        len = 15;
    }
    for (size_t i = 0; len < 15 && n > 0 && i < sizeof k / sizeof k[0]; i++) {
        while (n >= k[i].val) {
            size_t l = strlen(k[i].s);
            memcpy(r + len, k[i].s, l);
            len += l;
            n -= k[i].val;
        }
    }
    for (size_t i = 0; f->rn_lower && i < len; i++)
        r[i] = (char)(r[i] - 'A' + 'a');
    for (size_t i = len; !f->fm && i < 15; i++)
        lg_buf_putc(b, ' ');
    lg_buf_append(b, r, len);
}

static void render_eeee(sqlite3_context *ctx, lg_buf_t *b, const nfmt_t *f, double v)
{
    for (int i = 0; i < f->n; i++) {
        nt_kind_t k = f->t[i].kind;
        if (f->fm || (k != NT_D9 && k != NT_D0 && k != NT_POINT && k != NT_EEEE)) {
            sqlfn__error(ctx, "42601", "\"EEEE\" is incompatible with other formats");
            return;
        }
    }
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%c%.*e", v < 0 ? '-' : ' ', f->post, v < 0 ? -v : v);
    lg_buf_append(b, tmp, (size_t)(n > 0 && (size_t)n < sizeof tmp ? n : 0));
    sqlfn__result_buf_text(ctx, b);
}

static bool value_dec(sqlite3_context *ctx, sqlite3_value *v, pgtype_dec_t *d)
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
        sqlfn__error(ctx, "22P02", "invalid input syntax for type numeric: \"%s\"", s ? s : "");
        return false;
    }
    }
}

static void fn_to_char_num(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv))
        return;
    nfmt_t *f = lg_xmalloc(sizeof *f);
    pgtype_dec_t *d = lg_xmalloc(sizeof *d);
    parse_fmt(f, (const char *)sqlite3_value_text(argv[1]));
    lg_buf_t b, ip, fp;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    lg_buf_init(&ip, PGTYPE_DEC_MAXDIGITS + 64);
    lg_buf_init(&fp, PGTYPE_DEC_MAXDIGITS + 64);
    if (!value_dec(ctx, argv[0], d)) {
        lg_buf_deinit(&b);
    } else if (f->rn) {
        render_roman(&b, f, sqlite3_value_double(argv[0]));
        sqlfn__result_buf_text(ctx, &b);
    } else if (f->eeee) {
        render_eeee(ctx, &b, f, sqlite3_value_double(argv[0]));
    } else if (d->nan || d->inf) {
        lg_buf_deinit(&b);
        sqlite3_result_text(ctx, d->nan ? "NaN" : "Infinity", -1, SQLITE_STATIC);
    } else {
        bool neg = d->neg && d->ndigits > 0;
        if (f->vdigits && d->ndigits > 0) {
            d->point += f->vdigits;
            d->dscale = d->dscale > f->vdigits ? d->dscale - f->vdigits : 0;
        }
        split_digits(d, f->post, &ip, &fp);
        bool zero = ip.len == 0;
        for (size_t k = 0; zero && k < fp.len; k++)
            zero = fp.data[k] == '0';
        render(&b, f, neg && !zero, &ip, &fp);
        sqlfn__result_buf_text(ctx, &b);
    }
    lg_buf_deinit(&ip);
    lg_buf_deinit(&fp);
    free(d);
    free(f);
}

static const sqlfn_def_t defs[] = {
    {"lg_to_char_num", 2, SQLFN_PURE, fn_to_char_num},
};

int sqlfn__register_numfmt(sqlite3 *db)
{
    return sqlfn__register_table(db, defs, LG_ARRAY_LEN(defs), NULL);
}
