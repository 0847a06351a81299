/* sqlfn_datetime_fmtparse.c - to_date(text, fmt) and to_timestamp(text, fmt), reading the
 * input the way PostgreSQL 15's formatting.c does (non-standard mode):
 *   - outside FX mode, spaces before fields are skipped and one template space/separator
 *     matches one space or separator (or nothing); other template characters skip one
 *     input character; FX makes every template character consume exactly one character;
 *   - a numeric field reads exactly its pattern width when the next template item is a digit
 *     field (so 'YYYYMMDD' works), otherwise (FM, a separator or the end next) as many digits
 *     as there are; parsing stops at the end of the input (missing trailing fields keep their
 *     defaults, 0001-01-01 BC 00:00:00 for nothing at all) and ignores trailing input;
 *   - Gregorian and ISO week fields do not mix; a field given twice with different values,
 *     HH12 out of 1..12, out-of-range dates/times are errors with PostgreSQL's SQLSTATEs.
 * TZ / tz / OF cannot be parsed (0A000, as in PostgreSQL 15); TZH / TZM can. */
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_fmt.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const k_ampm[] = {"am", "pm", NULL};
static const char *const k_ampm_long[] = {"a.m.", "p.m.", NULL};
static const char *const k_adbc[] = {"ad", "bc", NULL};
static const char *const k_adbc_long[] = {"a.d.", "b.c.", NULL};
static const char *const k_mon_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                         "Aug", "Sep", "Oct", "Nov", "Dec", NULL};
static const char *const k_day_abbr[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", NULL};

/* What the template found in the input (PostgreSQL's TmFromChar). 0 = not given. */
typedef struct pfc {
    int mode, hh, pm, mi, ss, ssss, d, dd, ddd, mm, ms, year, bc, ww, w, cc, j, us, yysz;
    int ff, tzsign, tzh, tzm;
    bool clock12;
} pfc_t;

typedef struct pctx {
    sqlite3_context *ctx;
    const char *input;
    const dtfmt_node_t *nodes;
    bool fx;
    int extra_skip;
} pctx_t;

static bool fail_value(pctx_t *p, const char *s, const dtfmt_node_t *n)
{
    char copy[33];
    size_t k = strnlen(s, n->key->len);
    memcpy(copy, s, k);
    copy[k] = '\0';
    sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT, "invalid value \"%s\" for \"%s\"",
                 copy, n->key->name);
    return false;
}

static bool set_int(pctx_t *p, int *dest, int value, const dtfmt_node_t *n)
{
    if (*dest != 0 && *dest != value) {
        sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                     "conflicting values for \"%s\" field in formatting string", n->key->name);
        return false;
    }
    *dest = value;
    return true;
}

static bool set_mode(pctx_t *p, pfc_t *f, int mode)
{
    if (mode == DTF_MODE_NONE)
        return true;
    if (f->mode == DTF_MODE_NONE) {
        f->mode = mode;
    } else if (f->mode != mode) {
        sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                     "invalid combination of date conventions");
        return false;
    }
    return true;
}

/* The next template item cannot be part of a number (PostgreSQL's is_next_separator). */
static bool next_is_separator(const dtfmt_node_t *n)
{
    if (n->suffix & (DTF_S_TH | DTF_S_th))
        return true;
    n++;
    if (n->type == DTF_END)
        return true;
    if (n->type == DTF_ACTION)
        return !n->key->is_digit;
    return !(n->ch[1] == '\0' && isdigit((unsigned char)n->ch[0]));
}

/* Reads an integer field of width len (see the file comment); returns the characters used
 * (including skipped spaces) or -1 with the error set. */
static int parse_int_len(pctx_t *p, int *dest, const char **src, int len, const dtfmt_node_t *n)
{
    const char *init = *src;
    long v;
    while (isspace((unsigned char)**src))
        (*src)++;
    char copy[33];
    size_t used = strnlen(*src, (size_t)len);
    memcpy(copy, *src, used);
    copy[used] = '\0';
    errno = 0;
    if ((n->suffix & DTF_S_FM) || next_is_separator(n)) {
        char *end;
        v = strtol(init, &end, 10);
        *src = end;
    } else {
        char *last;
        if ((int)used < len) {
            sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                         "source string too short for \"%s\" formatting field", n->key->name);
            return -1;
        }
        v = strtol(copy, &last, 10);
        int got = (int)(last - copy);
        if (got > 0 && got < len) {
            fail_value(p, copy, n);
            return -1;
        }
        *src += got;
    }
    if (*src == init) {
        fail_value(p, copy, n);
        return -1;
    }
    if (errno == ERANGE || v < INT_MIN || v > INT_MAX) {
        sqlfn__error(p->ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                     "value for \"%s\" in source string is out of range", n->key->name);
        return -1;
    }
    if (dest && !set_int(p, dest, (int)v, n))
        return -1;
    return (int)(*src - init);
}

static int parse_int(pctx_t *p, int *dest, const char **src, const dtfmt_node_t *n)
{
    return parse_int_len(p, dest, src, n->key->len, n);
}

/* Matches one of `names` case-insensitively at *src; index or -1 (error set). */
static int seq_search(pctx_t *p, const char **src, const char *const *names, const dtfmt_node_t *n)
{
    for (int i = 0; names[i]; i++) {
        size_t k = strlen(names[i]);
        if (strncasecmp(*src, names[i], k) == 0) {
            *src += k;
            return i;
        }
    }
    fail_value(p, *src, n);
    return -1;
}

static void skip_th(const char **s, const dtfmt_node_t *n)
{
    if (!(n->suffix & (DTF_S_TH | DTF_S_th)))
        return;
    for (int i = 0; i < 2 && **s; i++)
        *s += sqlfn__dtfmt_mblen(*s);
}

/* Names: months, days, meridiem, era, roman months. */
static bool parse_name(pctx_t *p, pfc_t *f, const dtfmt_node_t *n, const char **s)
{
    int v, id = n->key->id;
    switch (id) {
    case DK_A_M:
    case DK_P_M:
    case DK_a_m:
    case DK_p_m:
    case DK_AM:
    case DK_PM:
    case DK_am:
    case DK_pm: {
        bool lng = n->key->len == 4;
        if ((v = seq_search(p, s, lng ? k_ampm_long : k_ampm, n)) < 0 || !set_int(p, &f->pm, v, n))
            return false;
        f->clock12 = true;
        return true;
    }
    case DK_A_D:
    case DK_B_C:
    case DK_a_d:
    case DK_b_c:
        return (v = seq_search(p, s, k_adbc_long, n)) >= 0 && set_int(p, &f->bc, v, n);
    case DK_AD:
    case DK_BC:
    case DK_ad:
    case DK_bc:
        return (v = seq_search(p, s, k_adbc, n)) >= 0 && set_int(p, &f->bc, v, n);
    case DK_MONTH:
    case DK_Month:
    case DK_month:
        return (v = seq_search(p, s, sqlfn__dtfmt_months, n)) >= 0 && set_int(p, &f->mm, v + 1, n);
    case DK_MON:
    case DK_Mon:
    case DK_mon:
        return (v = seq_search(p, s, k_mon_abbr, n)) >= 0 && set_int(p, &f->mm, v + 1, n);
    case DK_DAY:
    case DK_Day:
    case DK_day:
        if ((v = seq_search(p, s, sqlfn__dtfmt_days, n)) < 0 || !set_int(p, &f->d, v, n))
            return false;
        f->d++;
        return true;
    case DK_DY:
    case DK_Dy:
    case DK_dy:
        if ((v = seq_search(p, s, k_day_abbr, n)) < 0 || !set_int(p, &f->d, v, n))
            return false;
        f->d++;
        return true;
    default: /* RM, rm */
        return (v = seq_search(p, s, sqlfn__dtfmt_rm_lower, n)) >= 0 &&
               set_int(p, &f->mm, 12 - v, n);
    }
}

/* 'Y,YYY': digits, a comma, up to three digits. */
static bool parse_y_yyy(pctx_t *p, pfc_t *f, const dtfmt_node_t *n, const char **s)
{
    char *e1, *e2, copy[4];
    long mil = strtol(*s, &e1, 10);
    if (e1 == *s || *e1 != ',') {
        sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                     "invalid input string for \"Y,YYY\"");
        return false;
    }
    size_t k = strnlen(e1 + 1, 3);
    memcpy(copy, e1 + 1, k);
    copy[k] = '\0';
    long yrs = strtol(copy, &e2, 10);
    if (e2 == copy || mil > INT_MAX / 1000 || mil < INT_MIN / 1000) {
        sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                     "invalid input string for \"Y,YYY\"");
        return false;
    }
    if (!set_int(p, &f->year, (int)(yrs + mil * 1000), n))
        return false;
    f->yysz = 4;
    *s = e1 + 1 + (e2 - copy);
    skip_th(s, n);
    return true;
}

/* Two-digit (or 1/3-digit) years land nearest 2020. */
static int year_near_2020(int y)
{
    if (y < 70)
        return y + 2000;
    if (y < 100)
        return y + 1900;
    if (y < 520)
        return y + 2000;
    if (y < 1000)
        return y + 1000;
    return y;
}

static bool parse_year(pctx_t *p, pfc_t *f, const dtfmt_node_t *n, const char **s)
{
    int id = n->key->id;
    int len = parse_int(p, &f->year, s, n);
    if (len < 0)
        return false;
    if (id == DK_YYYY || id == DK_IYYY) {
        f->yysz = 4;
    } else {
        if (len < 4)
            f->year = year_near_2020(f->year);
        f->yysz = (id == DK_YYY || id == DK_IYY) ? 3 : (id == DK_YY || id == DK_IY) ? 2 : 1;
    }
    skip_th(s, n);
    return true;
}

static bool parse_tz(pctx_t *p, pfc_t *f, const dtfmt_node_t *n, const char **s)
{
    if (n->key->id == DK_TZH) {
        const char *c = *s;
        if (*c == '+' || *c == '-' || *c == ' ') {
            f->tzsign = *c == '-' ? -1 : 1;
            (*s)++;
        } else {
            f->tzsign = (p->extra_skip > 0 && c > p->input && c[-1] == '-') ? -1 : 1;
        }
        return parse_int_len(p, &f->tzh, s, 2, n) >= 0;
    }
    if (n->key->id == DK_TZM) {
        if (!f->tzsign)
            f->tzsign = 1;
        return parse_int_len(p, &f->tzm, s, 2, n) >= 0;
    }
    sqlfn__error(p->ctx, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "formatting field \"%s\" is only supported in to_char", n->key->name);
    return false;
}

/* Fractions: MS (3 digits), US (6), FF1..FF6; a short value is scaled (.5 = 500 ms). */
static bool parse_frac(pctx_t *p, pfc_t *f, const dtfmt_node_t *n, const char **s)
{
    static const int k_scale[7] = {1, 100000, 10000, 1000, 100, 10, 1};
    int id = n->key->id, len;
    if (id == DK_MS) {
        if ((len = parse_int_len(p, &f->ms, s, 3, n)) < 0)
            return false;
        f->ms *= len == 1 ? 100 : len == 2 ? 10 : 1;
    } else {
        if (id != DK_US)
            f->ff = id - DK_FF1 + 1;
        if ((len = parse_int_len(p, &f->us, s, id == DK_US ? 6 : f->ff, n)) < 0)
            return false;
        f->us *= len >= 1 && len <= 6 ? k_scale[len] : 1;
    }
    skip_th(s, n);
    return true;
}

/* Plain integer fields: where each one lands in pfc_t and its width (0 = the pattern's
 * length); Q is read and dropped, as PostgreSQL does. */
#define PF(field) ((uint8_t)offsetof(pfc_t, field))
#define PF_NONE UINT8_MAX
static const struct {
    uint8_t id, off, len;
} k_numf[] = {
    {DK_HH, PF(hh), 2},   {DK_HH12, PF(hh), 2},   {DK_HH24, PF(hh), 2},    {DK_MI, PF(mi), 0},
    {DK_SS, PF(ss), 0},   {DK_SSSS, PF(ssss), 0}, {DK_SSSSS, PF(ssss), 0}, {DK_MM, PF(mm), 0},
    {DK_DDD, PF(ddd), 0}, {DK_IDDD, PF(ddd), 3},  {DK_DD, PF(dd), 0},      {DK_D, PF(d), 0},
    {DK_ID, PF(d), 1},    {DK_WW, PF(ww), 0},     {DK_IW, PF(ww), 0},      {DK_Q, PF_NONE, 0},
    {DK_CC, PF(cc), 0},   {DK_W, PF(w), 0},       {DK_J, PF(j), 0},
};
#undef PF

static bool parse_number(pctx_t *p, pfc_t *f, const dtfmt_node_t *n, const char **s)
{
    int id = n->key->id;
    size_t i = 0;
    while (i < sizeof(k_numf) / sizeof(k_numf[0]) - 1 && k_numf[i].id != id)
        i++;
    int *dest = k_numf[i].off == PF_NONE ? NULL : (int *)(void *)((char *)f + k_numf[i].off);
    if (id == DK_HH || id == DK_HH12)
        f->clock12 = true;
    if (parse_int_len(p, dest, s, k_numf[i].len ? k_numf[i].len : n->key->len, n) < 0)
        return false;
    if (id == DK_ID) /* ISO Monday=1 -> Gregorian Sunday=1 */
        f->d = f->d >= 7 ? 1 : f->d + 1;
    skip_th(s, n);
    return true;
}

static bool parse_field(pctx_t *p, pfc_t *f, const dtfmt_node_t *n, const char **s)
{
    int id = n->key->id;
    if (!set_mode(p, f, n->key->mode))
        return false;
    if (id == DK_FX) {
        p->fx = true;
        return true;
    }
    if (id == DK_Y_YYY)
        return parse_y_yyy(p, f, n, s);
    if ((id >= DK_YYYY && id <= DK_Y) || (id >= DK_IYYY && id <= DK_I))
        return parse_year(p, f, n, s);
    if (id == DK_TZ || id == DK_tz || id == DK_OF || id == DK_TZH || id == DK_TZM)
        return parse_tz(p, f, n, s);
    if (id == DK_MS || id == DK_US || (id >= DK_FF1 && id <= DK_FF6))
        return parse_frac(p, f, n, s);
    if (n->key->is_digit)
        return parse_number(p, f, n, s);
    return parse_name(p, f, n, s);
}

/* A non-field template node: spaces/separators and literal characters. */
static void parse_literal(pctx_t *p, const dtfmt_node_t *n, const char **s)
{
    if (n->type == DTF_SPACE || n->type == DTF_SEP) {
        if (p->fx) {
            *s += sqlfn__dtfmt_mblen(*s);
        } else {
            p->extra_skip--;
            if (isspace((unsigned char)**s) || sqlfn__dtfmt_is_sep(*s)) {
                (*s)++;
                p->extra_skip++;
            }
        }
    } else if (!p->fx && p->extra_skip > 0) {
        p->extra_skip--;
    } else {
        *s += sqlfn__dtfmt_mblen(*s);
    }
}

static bool parse_input(pctx_t *p, pfc_t *f)
{
    const char *s = p->input;
    for (const dtfmt_node_t *n = p->nodes; n->type != DTF_END && *s; n++) {
        bool is_fx = n->type == DTF_ACTION && n->key->id == DK_FX;
        if (!p->fx && !is_fx && (n->type == DTF_ACTION || n == p->nodes)) {
            while (*s && isspace((unsigned char)*s)) {
                s++;
                p->extra_skip++;
            }
        }
        if (n->type != DTF_ACTION) {
            parse_literal(p, n, &s);
            continue;
        }
        if (!parse_field(p, f, n, &s))
            return false;
        if (!p->fx) {
            p->extra_skip = 0;
            while (*s && isspace((unsigned char)*s)) {
                s++;
                p->extra_skip++;
            }
        }
    }
    return true;
}

static bool field_overflow(pctx_t *p)
{
    sqlfn__error(p->ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW,
                 "date/time field value out of range: \"%s\"", p->input);
    return false;
}

static bool is_leap(int y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

enum { FM_YEAR = 1, FM_MONTH = 2, FM_DAY = 4, FM_DATE = 7 };

/* Year from YYYY / YY+CC / CC / BC (PostgreSQL's do_to_timestamp). */
static void finish_year(pfc_t *f, pgtime_tm_t *tm, int *mask)
{
    if (f->year) {
        if (f->cc && f->yysz <= 2) {
            if (f->bc)
                f->cc = -f->cc;
            tm->year = f->year % 100;
            if (tm->year)
                tm->year =
                    f->cc >= 0 ? tm->year + (f->cc - 1) * 100 : (f->cc + 1) * 100 - tm->year + 1;
            else
                tm->year = f->cc * 100 + (f->cc >= 0 ? 0 : 1);
        } else {
            tm->year = f->bc ? -f->year : f->year;
            if (tm->year < 0)
                tm->year++;
        }
        *mask |= FM_YEAR;
    } else if (f->cc) {
        if (f->bc)
            f->cc = -f->cc;
        tm->year = f->cc >= 0 ? (f->cc - 1) * 100 + 1 : f->cc * 100 + 1;
        *mask |= FM_YEAR;
    }
}

/* Day of the year (Gregorian or ISO) fills month and day when they were not given. */
static bool finish_doy(pctx_t *p, pfc_t *f, pgtime_tm_t *tm, int *mask)
{
    static const int k_ysum[2][13] = {{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
                                      {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};
    if (!f->ddd || (tm->mon > 1 && tm->mday > 1))
        return true;
    if (!tm->year && !f->bc) {
        sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                     "cannot calculate day of year without year information");
        return false;
    }
    if (f->mode == DTF_MODE_ISO) {
        int j0 = sqlfn__dtfmt_isoweek2j(tm->year, 1) - 1;
        sqlfn__dtfmt_j2date(j0 + f->ddd, &tm->year, &tm->mon, &tm->mday);
        *mask |= FM_DATE;
        return true;
    }
    const int *y = k_ysum[is_leap(tm->year)];
    int i;
    for (i = 1; i <= 12; i++)
        if (f->ddd <= y[i])
            break;
    if (tm->mon <= 1)
        tm->mon = i;
    if (tm->mday <= 1)
        tm->mday = f->ddd - y[i - 1];
    *mask |= FM_MONTH | FM_DAY;
    return true;
}

static bool finish_time(pctx_t *p, pfc_t *f, pgtime_tm_t *tm)
{
    if (f->ssss) {
        tm->hour = f->ssss / 3600;
        tm->min = f->ssss % 3600 / 60;
        tm->sec = f->ssss % 60;
    }
    if (f->ss)
        tm->sec = f->ss;
    if (f->mi)
        tm->min = f->mi;
    if (f->hh)
        tm->hour = f->hh;
    if (f->clock12) {
        if (tm->hour < 1 || tm->hour > 12) {
            sqlfn__error(p->ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                         "hour \"%d\" is invalid for the 12-hour clock", tm->hour);
            return false;
        }
        if (f->pm && tm->hour < 12)
            tm->hour += 12;
        else if (!f->pm && tm->hour == 12)
            tm->hour = 0;
    }
    return true;
}

/* Keeps the week/day/century arithmetic of finish_date inside int. */
static bool too_big(int v)
{
    return v > 10000000 || v < -10000000;
}

static bool finish_date(pctx_t *p, pfc_t *f, pgtime_tm_t *tm)
{
    int mask = 0;
    if (too_big(f->year) || too_big(f->ww) || too_big(f->w) || too_big(f->ddd) || too_big(f->cc) ||
        too_big(f->d))
        return field_overflow(p);
    finish_year(f, tm, &mask);
    if (tm->year < -4713 || tm->year > 5874897)
        return field_overflow(p);
    if (f->j) {
        sqlfn__dtfmt_j2date(f->j, &tm->year, &tm->mon, &tm->mday);
        mask |= FM_DATE;
    }
    if (f->ww) {
        if (f->mode == DTF_MODE_ISO) {
            int jd = sqlfn__dtfmt_isoweek2j(tm->year, f->ww);
            if (f->d)
                jd += f->d > 1 ? f->d - 2 : 6;
            sqlfn__dtfmt_j2date(jd, &tm->year, &tm->mon, &tm->mday);
            mask |= FM_DATE;
        } else {
            f->ddd = (f->ww - 1) * 7 + 1;
        }
    }
    if (f->w)
        f->dd = (f->w - 1) * 7 + 1;
    if (f->dd) {
        tm->mday = f->dd;
        mask |= FM_DAY;
    }
    if (f->mm) {
        tm->mon = f->mm;
        mask |= FM_MONTH;
    }
    if (!finish_doy(p, f, tm, &mask))
        return false;
    if (((mask & FM_MONTH) && (tm->mon < 1 || tm->mon > 12)) ||
        ((mask & FM_DAY) && (tm->mday < 1 || tm->mday > 31)))
        return field_overflow(p);
    if ((mask & FM_DATE) == FM_DATE && tm->mday > pgtime_days_in_month(tm->year, tm->mon))
        return field_overflow(p);
    return true;
}

/* Parses argv (text, fmt) into tm; *off_secs / *has_off from TZH/TZM. false: NULL result or
 * error already set. */
static bool parse_args(sqlite3_context *ctx, sqlite3_value **argv, pgtime_tm_t *tm, int *ff,
                       int *off_secs, bool *has_off)
{
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    const char *fmt = (const char *)sqlite3_value_text(argv[1]);
    if (!s || !fmt) {
        sqlite3_result_null(ctx);
        return false;
    }
    bool owned;
    dtfmt_node_t *nodes = sqlfn__dtfmt_get(ctx, 1, fmt, &owned);
    if (!nodes) {
        sqlite3_result_error_nomem(ctx);
        return false;
    }
    pctx_t p = {.ctx = ctx, .input = s, .nodes = nodes};
    pfc_t f;
    memset(&f, 0, sizeof f);
    memset(tm, 0, sizeof(*tm));
    tm->mon = tm->mday = 1;
    bool ok = parse_input(&p, &f) && finish_time(&p, &f, tm) && finish_date(&p, &f, tm);
    sqlfn__dtfmt_put(ctx, 1, nodes, owned);
    if (!ok)
        return false;
    long long usec = (long long)f.ms * 1000 + f.us;
    if (tm->hour < 0 || tm->hour >= 24 || tm->min < 0 || tm->min >= 60 || tm->sec < 0 ||
        tm->sec >= 60 || usec < 0 || usec >= 1000000)
        return field_overflow(&p);
    tm->usec = (int)usec;
    *ff = f.ff;
    *has_off = f.tzsign != 0;
    if (*has_off && (f.tzh < 0 || f.tzh > 15 || f.tzm < 0 || f.tzm >= 60)) {
        sqlfn__error(ctx, "22009", "time zone displacement out of range: \"%s\"", s);
        return false;
    }
    *off_secs = f.tzsign * (f.tzh * 3600 + f.tzm * 60);
    return true;
}

/* Julian day of tm (day overflow rolls into the next month as in PostgreSQL), or -1 when
 * outside the Julian range (before 4714-11-24 BC or after 5874897). */
static int julian_of(const pgtime_tm_t *tm)
{
    if (tm->year < -4713 || (tm->year == -4713 && tm->mon < 11) || tm->year > 5874897)
        return -1;
    return sqlfn__dtfmt_date2j(tm->year, tm->mon, tm->mday);
}

void sqlfn__dtfmt_to_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    pgtime_tm_t tm;
    int ff, off;
    bool has_off;
    if (!parse_args(ctx, argv, &tm, &ff, &off, &has_off))
        return;
    int jd = julian_of(&tm);
    if (jd < 0 || jd - 2451545 > 2145031948) { /* past 5874897-12-31 */
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "date out of range: \"%s\"",
                     (const char *)sqlite3_value_text(argv[0]));
        return;
    }
    dt_val_t v = {.kind = DT_DATE, .date = jd - 2451545};
    sqlfn__dt_result(ctx, &v);
}

void sqlfn__dtfmt_to_timestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const dt_state_t *st = sqlite3_user_data(ctx);
    pgtime_tm_t tm;
    int ff, off;
    bool has_off;
    if (!parse_args(ctx, argv, &tm, &ff, &off, &has_off))
        return;
    int jd = julian_of(&tm);
    int64_t days = (int64_t)jd - 2451545;
    if (jd < 0 || jd >= 109203528) { /* timestamps end at 294277-01-01 */
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        return;
    }
    int64_t local = days * PGTIME_USEC_PER_DAY +
                    ((int64_t)tm.hour * 3600 + tm.min * 60 + tm.sec) * PGTIME_USEC_PER_SEC +
                    tm.usec;
    int o = has_off ? off : pgtime_zone_offset_local(st->zone, local);
    dt_val_t v = {.kind = DT_TSTZ, .ts = local - o * PGTIME_USEC_PER_SEC};
    if (ff)
        v.ts = pgtime_round_precision(v.ts, ff);
    sqlfn__dt_result(ctx, &v);
}
