/* sqlfn_datetime_fmt.c - the date/time template compiler (keyword table, FM/TM/TH/th/SP
 * modifiers, quoting) and to_char(timestamp|timestamptz|date|interval, fmt), following
 * PostgreSQL 15's formatting.c: every pattern of the "Template Patterns for Date/Time
 * Formatting" table, names padded to 9 characters unless FM or TM is given, negative interval
 * fields printed with their sign. Patterns that PostgreSQL rejects for intervals (names, era,
 * D, ID, zones) raise 22007 here too. Parsing (to_date / to_timestamp) lives in
 * sqlfn_datetime_fmtparse.c. */
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_fmt.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sqlfn__dtfmt_months[13] = {
    "January", "February",  "March",   "April",    "May",      "June", "July",
    "August",  "September", "October", "November", "December", NULL};
const char *const sqlfn__dtfmt_days[8] = {"Sunday",   "Monday", "Tuesday",  "Wednesday",
                                          "Thursday", "Friday", "Saturday", NULL};
const char *const sqlfn__dtfmt_rm_upper[13] = {"XII", "XI", "X",   "IX", "VIII", "VII", "VI",
                                               "V",   "IV", "III", "II", "I",    NULL};
const char *const sqlfn__dtfmt_rm_lower[13] = {"xii", "xi", "x",   "ix", "viii", "vii", "vi",
                                               "v",   "iv", "iii", "ii", "i",    NULL};

#define K(n, id, dig, mode)                                                                        \
    {                                                                                              \
        n, (uint8_t)(sizeof(n) - 1), id, dig, mode                                                 \
    }
#define G DTF_MODE_GREG
#define I DTF_MODE_ISO
#define N DTF_MODE_NONE
/* PostgreSQL's keyword order: within one first letter, the first match wins. */
static const dtfmt_key_t k_keys[] = {
    K("A.D.", DK_A_D, 0, N),    K("A.M.", DK_A_M, 0, N),    K("AD", DK_AD, 0, N),
    K("AM", DK_AM, 0, N),       K("B.C.", DK_B_C, 0, N),    K("BC", DK_BC, 0, N),
    K("CC", DK_CC, 1, N),       K("DAY", DK_DAY, 0, N),     K("DDD", DK_DDD, 1, G),
    K("DD", DK_DD, 1, G),       K("DY", DK_DY, 0, N),       K("Day", DK_Day, 0, N),
    K("Dy", DK_Dy, 0, N),       K("D", DK_D, 1, G),         K("FF1", DK_FF1, 1, N),
    K("FF2", DK_FF2, 1, N),     K("FF3", DK_FF3, 1, N),     K("FF4", DK_FF4, 1, N),
    K("FF5", DK_FF5, 1, N),     K("FF6", DK_FF6, 1, N),     K("FX", DK_FX, 0, N),
    K("HH24", DK_HH24, 1, N),   K("HH12", DK_HH12, 1, N),   K("HH", DK_HH, 1, N),
    K("IDDD", DK_IDDD, 1, I),   K("ID", DK_ID, 1, I),       K("IW", DK_IW, 1, I),
    K("IYYY", DK_IYYY, 1, I),   K("IYY", DK_IYY, 1, I),     K("IY", DK_IY, 1, I),
    K("I", DK_I, 1, I),         K("J", DK_J, 1, N),         K("MI", DK_MI, 1, N),
    K("MM", DK_MM, 1, G),       K("MONTH", DK_MONTH, 0, G), K("MON", DK_MON, 0, G),
    K("MS", DK_MS, 1, N),       K("Month", DK_Month, 0, G), K("Mon", DK_Mon, 0, G),
    K("OF", DK_OF, 0, N),       K("P.M.", DK_P_M, 0, N),    K("PM", DK_PM, 0, N),
    K("Q", DK_Q, 1, N),         K("RM", DK_RM, 0, G),       K("SSSSS", DK_SSSSS, 1, N),
    K("SSSS", DK_SSSS, 1, N),   K("SS", DK_SS, 1, N),       K("TZH", DK_TZH, 0, N),
    K("TZM", DK_TZM, 1, N),     K("TZ", DK_TZ, 0, N),       K("US", DK_US, 1, N),
    K("WW", DK_WW, 1, G),       K("W", DK_W, 1, G),         K("Y,YYY", DK_Y_YYY, 1, G),
    K("YYYY", DK_YYYY, 1, G),   K("YYY", DK_YYY, 1, G),     K("YY", DK_YY, 1, G),
    K("Y", DK_Y, 1, G),         K("a.d.", DK_a_d, 0, N),    K("a.m.", DK_a_m, 0, N),
    K("ad", DK_ad, 0, N),       K("am", DK_am, 0, N),       K("b.c.", DK_b_c, 0, N),
    K("bc", DK_bc, 0, N),       K("cc", DK_CC, 1, N),       K("day", DK_day, 0, N),
    K("ddd", DK_DDD, 1, G),     K("dd", DK_DD, 1, G),       K("dy", DK_dy, 0, N),
    K("d", DK_D, 1, G),         K("ff1", DK_FF1, 1, N),     K("ff2", DK_FF2, 1, N),
    K("ff3", DK_FF3, 1, N),     K("ff4", DK_FF4, 1, N),     K("ff5", DK_FF5, 1, N),
    K("ff6", DK_FF6, 1, N),     K("fx", DK_FX, 0, N),       K("hh24", DK_HH24, 1, N),
    K("hh12", DK_HH12, 1, N),   K("hh", DK_HH, 1, N),       K("iddd", DK_IDDD, 1, I),
    K("id", DK_ID, 1, I),       K("iw", DK_IW, 1, I),       K("iyyy", DK_IYYY, 1, I),
    K("iyy", DK_IYY, 1, I),     K("iy", DK_IY, 1, I),       K("i", DK_I, 1, I),
    K("j", DK_J, 1, N),         K("mi", DK_MI, 1, N),       K("mm", DK_MM, 1, G),
    K("month", DK_month, 0, G), K("mon", DK_mon, 0, G),     K("ms", DK_MS, 1, N),
    K("of", DK_OF, 0, N),       K("p.m.", DK_p_m, 0, N),    K("pm", DK_pm, 0, N),
    K("q", DK_Q, 1, N),         K("rm", DK_rm, 0, G),       K("sssss", DK_SSSSS, 1, N),
    K("ssss", DK_SSSS, 1, N),   K("ss", DK_SS, 1, N),       K("tzh", DK_TZH, 0, N),
    K("tzm", DK_TZM, 1, N),     K("tz", DK_tz, 0, N),       K("us", DK_US, 1, N),
    K("ww", DK_WW, 1, G),       K("w", DK_W, 1, G),         K("y,yyy", DK_Y_YYY, 1, G),
    K("yyyy", DK_YYYY, 1, G),   K("yyy", DK_YYY, 1, G),     K("yy", DK_YY, 1, G),
    K("y", DK_Y, 1, G),
};
#undef K
#undef G
#undef I
#undef N

/* ---- template compiler ---- */

int sqlfn__dtfmt_mblen(const char *s)
{
    unsigned char c = (unsigned char)*s;
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (int i = 1; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

bool sqlfn__dtfmt_is_sep(const char *s)
{
    char c = *s;
    return c > 0x20 && c < 0x7F && !isalnum((unsigned char)c);
}

static const dtfmt_key_t *key_find(const char *s)
{
    for (size_t i = 0; i < sizeof(k_keys) / sizeof(k_keys[0]); i++)
        if (strncmp(s, k_keys[i].name, k_keys[i].len) == 0)
            return &k_keys[i];
    return NULL;
}

static void node_char(dtfmt_node_t *n, const char **s, uint8_t type)
{
    int len = sqlfn__dtfmt_mblen(*s);
    n->type = type;
    memcpy(n->ch, *s, (size_t)len);
    n->ch[len] = '\0';
    *s += len;
}

/* One step outside keywords: a "quoted" run, or one character. */
static dtfmt_node_t *compile_other(dtfmt_node_t *n, const char **s)
{
    const char *p = *s;
    if (*p == '"') {
        for (p++; *p; n++) {
            if (*p == '"') {
                p++;
                break;
            }
            if (*p == '\\' && p[1])
                p++;
            node_char(n, &p, DTF_CHAR);
        }
        *s = p;
        return n;
    }
    if (*p == '\\' && p[1] == '"')
        p++;
    uint8_t type = sqlfn__dtfmt_is_sep(p)       ? DTF_SEP
                   : isspace((unsigned char)*p) ? DTF_SPACE
                                                : DTF_CHAR;
    node_char(n, &p, type);
    *s = p;
    return n + 1;
}

dtfmt_node_t *sqlfn__dtfmt_compile(const char *fmt)
{
    size_t cap = strlen(fmt) + 1;
    dtfmt_node_t *nodes = sqlite3_malloc64(cap * sizeof(*nodes));
    if (!nodes)
        return NULL;
    memset(nodes, 0, cap * sizeof(*nodes));
    dtfmt_node_t *n = nodes;
    const char *s = fmt;
    while (*s) {
        uint8_t suf = 0;
        if (!strncmp(s, "FM", 2) || !strncmp(s, "fm", 2))
            suf = DTF_S_FM, s += 2;
        else if (!strncmp(s, "TM", 2) || !strncmp(s, "tm", 2))
            suf = DTF_S_TM, s += 2;
        const dtfmt_key_t *k = *s ? key_find(s) : NULL;
        if (k) {
            n->type = DTF_ACTION;
            n->key = k;
            s += k->len;
            if (!strncmp(s, "TH", 2))
                suf |= DTF_S_TH, s += 2;
            else if (!strncmp(s, "th", 2))
                suf |= DTF_S_th, s += 2;
            else if (!strncmp(s, "SP", 2))
                suf |= DTF_S_SP, s += 2;
            n->suffix = suf;
            n++;
        } else if (*s) {
            n = compile_other(n, &s);
        }
    }
    n->type = DTF_END;
    return nodes;
}

dtfmt_node_t *sqlfn__dtfmt_get(sqlite3_context *ctx, int i, const char *fmt, bool *owned)
{
    dtfmt_node_t *nodes = sqlite3_get_auxdata(ctx, i);
    *owned = nodes == NULL;
    return nodes ? nodes : sqlfn__dtfmt_compile(fmt);
}

void sqlfn__dtfmt_put(sqlite3_context *ctx, int i, dtfmt_node_t *nodes, bool owned)
{
    if (owned) /* SQLite frees it now if it cannot keep it */
        sqlite3_set_auxdata(ctx, i, nodes, sqlite3_free);
}

/* ---- PostgreSQL calendar arithmetic (Julian days) ---- */

/* Wraps to int like PostgreSQL's int arithmetic does on huge interval fields (no UB). */
static int wrap_int(int64_t v)
{
    return (int)(uint32_t)(uint64_t)v;
}

int sqlfn__dtfmt_date2j(int year, int mon, int mday)
{
    int64_t y = year, m = mon;
    if (m > 2) {
        m += 1;
        y += 4800;
    } else {
        m += 13;
        y += 4799;
    }
    int64_t century = y / 100;
    int64_t j = y * 365 - 32167 + y / 4 - century + century / 4;
    return wrap_int(j + 7834 * m / 256 + mday);
}

void sqlfn__dtfmt_j2date(int jd, int *year, int *mon, int *mday)
{
    unsigned int julian = (unsigned int)jd + 32044;
    unsigned int quad = julian / 146097;
    unsigned int extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    int y = (int)(julian * 4 / 1461);
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += (int)(quad * 4);
    *year = y - 4800;
    quad = julian * 2141 / 65536;
    *mday = (int)(julian - 7834 * quad / 256);
    *mon = (int)((quad + 10) % 12 + 1);
}

int sqlfn__dtfmt_j2day(int64_t jd)
{
    int d = (int)((jd + 1) % 7);
    return d < 0 ? d + 7 : d;
}

int sqlfn__dtfmt_isoweek2j(int year, int week)
{
    int day4 = sqlfn__dtfmt_date2j(year, 1, 4);
    int day0 = sqlfn__dtfmt_j2day((int64_t)day4 - 1);
    return wrap_int(((int64_t)week - 1) * 7 + ((int64_t)day4 - day0));
}

/* ISO week number (want_year false) or ISO year (true) of y/m/d, as PostgreSQL computes. */
static int iso_week_or_year(int year, int mon, int mday, bool want_year)
{
    int dayn = sqlfn__dtfmt_date2j(year, mon, mday);
    int day4 = sqlfn__dtfmt_date2j(year, 1, 4);
    int day0 = sqlfn__dtfmt_j2day((int64_t)day4 - 1);
    if ((int64_t)dayn < (int64_t)day4 - day0) {
        day4 = sqlfn__dtfmt_date2j(year - 1, 1, 4);
        day0 = sqlfn__dtfmt_j2day((int64_t)day4 - 1);
        year--;
    }
    int week = wrap_int(((int64_t)dayn - ((int64_t)day4 - day0)) / 7 + 1);
    if (week >= 52) {
        day4 = sqlfn__dtfmt_date2j(year + 1, 1, 4);
        day0 = sqlfn__dtfmt_j2day((int64_t)day4 - 1);
        if ((int64_t)dayn >= (int64_t)day4 - day0) {
            week = wrap_int(((int64_t)dayn - ((int64_t)day4 - day0)) / 7 + 1);
            year++;
        }
    }
    return want_year ? year : week;
}

/* ---- to_char ---- */

/* Broken-down value being formatted (interval fields may be negative or large). */
typedef struct ctm {
    int year, mon, mday;
    long long hour;
    int min, sec, usec;
    int wday, yday;
    int gmtoff;
    const char *abbrev;
    bool is_iv;
} ctm_t;

static int adjust_year(const ctm_t *t, int y)
{
    return t->is_iv ? y : (y <= 0 ? 1 - y : y);
}

/* Appends st/nd/rd/th (upper when `upper`) after the digits in tmp. */
static void add_th(char *tmp, size_t cap, bool upper)
{
    size_t n = strlen(tmp);
    if (n == 0 || !isdigit((unsigned char)tmp[n - 1]))
        return;
    char last = tmp[n - 1];
    const char *sfx = "th";
    if (!(n > 1 && tmp[n - 2] == '1'))
        sfx = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
    snprintf(tmp + n, cap - n, "%s",
             upper ? (sfx[0] == 's'   ? "ST"
                      : sfx[0] == 'n' ? "ND"
                      : sfx[0] == 'r' ? "RD"
                                      : "TH")
                   : sfx);
}

/* A name in the case the pattern asks for: 0 lower, 1 initcap, 2 upper. */
static void put_name(char *tmp, size_t cap, const char *name, int ncase, bool abbr, bool pad)
{
    size_t n = abbr ? 3 : strlen(name), i;
    for (i = 0; i < n && i + 1 < cap; i++) {
        char c = name[i];
        tmp[i] = (char)(ncase == 2   ? toupper((unsigned char)c)
                        : ncase == 0 ? tolower((unsigned char)c)
                                     : c);
    }
    for (; pad && i < 9; i++)
        tmp[i] = ' ';
    tmp[i] = '\0';
}

static int key_case(const dtfmt_key_t *k)
{
    return isupper((unsigned char)k->name[1]) ? 2 : isupper((unsigned char)k->name[0]) ? 1 : 0;
}

/* Fields PostgreSQL refuses for an interval (no calendar position). */
static bool invalid_for_interval(int id)
{
    static const uint8_t k_ids[] = {DK_A_D,   DK_B_C,   DK_AD,  DK_BC,  DK_a_d, DK_b_c, DK_ad,
                                    DK_bc,    DK_TZ,    DK_tz,  DK_TZH, DK_TZM, DK_OF,  DK_MONTH,
                                    DK_Month, DK_month, DK_MON, DK_Mon, DK_mon, DK_DAY, DK_Day,
                                    DK_day,   DK_DY,    DK_Dy,  DK_dy,  DK_D,   DK_ID};
    for (size_t i = 0; i < sizeof(k_ids); i++)
        if (k_ids[i] == id)
            return true;
    return false;
}

/* Width PostgreSQL gives a zero-padded field: w, one more when negative, 0 under FM. */
static int width(bool fm, long long v, int w)
{
    return fm ? 0 : v >= 0 ? w : w + 1;
}

static void fmt_names(char *tmp, size_t cap, const dtfmt_node_t *n, const ctm_t *t)
{
    int id = n->key->id, c = key_case(n->key);
    bool tm = n->suffix & DTF_S_TM, pad = !(n->suffix & DTF_S_FM) && !tm;
    if (id == DK_MONTH || id == DK_Month || id == DK_month || id == DK_MON || id == DK_Mon ||
        id == DK_mon) {
        bool abbr = n->key->len == 3;
        if (t->mon >= 1 && t->mon <= 12)
            put_name(tmp, cap, sqlfn__dtfmt_months[t->mon - 1], c, abbr, pad && !abbr);
    } else {
        bool abbr = n->key->len == 2;
        put_name(tmp, cap, sqlfn__dtfmt_days[t->wday], c, abbr, pad && !abbr);
    }
}

static void fmt_roman(char *tmp, size_t cap, const dtfmt_node_t *n, const ctm_t *t)
{
    if (!t->mon && !t->year)
        return;
    int idx = t->mon == 0 ? (t->year >= 0 ? 0 : 11) : t->mon < 0 ? -(t->mon + 1) : 12 - t->mon;
    const char *const *tab = n->key->id == DK_RM ? sqlfn__dtfmt_rm_upper : sqlfn__dtfmt_rm_lower;
    snprintf(tmp, cap, "%*s", (n->suffix & DTF_S_FM) ? 0 : -4, tab[idx]);
}

static void fmt_year(char *tmp, size_t cap, const dtfmt_node_t *n, const ctm_t *t)
{
    bool fm = n->suffix & DTF_S_FM;
    int id = n->key->id;
    bool iso = id == DK_IYYY || id == DK_IYY || id == DK_IY || id == DK_I;
    int y = adjust_year(t, iso ? iso_week_or_year(t->year, t->mon, t->mday, true) : t->year);
    int wy = adjust_year(t, t->year); /* the width follows the calendar year, as in PG */
    if (id == DK_Y_YYY)
        snprintf(tmp, cap, "%d,%03d", y / 1000, y % 1000);
    else if (id == DK_YYYY || id == DK_IYYY)
        snprintf(tmp, cap, "%0*d", width(fm, wy, 4), y);
    else if (id == DK_YYY || id == DK_IYY)
        snprintf(tmp, cap, "%0*d", width(fm, wy, 3), y % 1000);
    else if (id == DK_YY || id == DK_IY)
        snprintf(tmp, cap, "%0*d", width(fm, wy, 2), y % 100);
    else
        snprintf(tmp, cap, "%0*d", width(fm, wy, 1), y % 10);
}

static void fmt_zone(char *tmp, size_t cap, int id, bool fm, const ctm_t *t)
{
    int a = abs(t->gmtoff);
    char sign = t->gmtoff >= 0 ? '+' : '-';
    if (id == DK_TZ || id == DK_tz) {
        size_t i = 0;
        for (const char *q = t->abbrev ? t->abbrev : ""; *q && i + 1 < cap; q++)
            tmp[i++] = (char)(id == DK_tz ? tolower((unsigned char)*q) : *q);
        tmp[i] = '\0';
    } else if (id == DK_TZH) {
        snprintf(tmp, cap, "%c%02d", sign, a / 3600);
    } else if (id == DK_TZM) {
        snprintf(tmp, cap, "%02d", a % 3600 / 60);
    } else if (a % 3600) {
        snprintf(tmp, cap, "%c%0*d:%02d", sign, fm ? 0 : 2, a / 3600, a % 3600 / 60);
    } else {
        snprintf(tmp, cap, "%c%0*d", sign, fm ? 0 : 2, a / 3600);
    }
}

static void fmt_time(char *tmp, size_t cap, const dtfmt_node_t *n, const ctm_t *t)
{
    bool fm = n->suffix & DTF_S_FM;
    long long h12 = t->hour % 12 == 0 ? 12 : t->hour % 12;
    static const int k_div[6] = {100000, 10000, 1000, 100, 10, 1};
    switch (n->key->id) {
    case DK_HH24:
        snprintf(tmp, cap, "%0*lld", width(fm, t->hour, 2), t->hour);
        break;
    case DK_HH:
    case DK_HH12:
        snprintf(tmp, cap, "%0*lld", width(fm, t->hour, 2), h12);
        break;
    case DK_MI:
        snprintf(tmp, cap, "%0*d", width(fm, t->min, 2), t->min);
        break;
    case DK_SS:
        snprintf(tmp, cap, "%0*d", width(fm, t->sec, 2), t->sec);
        break;
    case DK_MS:
        snprintf(tmp, cap, "%03d", t->usec / 1000);
        break;
    case DK_US:
        snprintf(tmp, cap, "%06d", t->usec);
        break;
    case DK_SSSS:
    case DK_SSSSS:
        snprintf(tmp, cap, "%lld", t->hour * 3600 + t->min * 60 + t->sec);
        break;
    default: { /* FF1..FF6 */
        int d = n->key->id - DK_FF1;
        snprintf(tmp, cap, "%0*d", d + 1, t->usec / k_div[d]);
    }
    }
}

static void fmt_meridiem(char *tmp, size_t cap, int id, const ctm_t *t)
{
    bool pm = t->hour % 24 >= 12;
    bool bc = t->year <= 0;
    const char *s;
    switch (id) {
    case DK_AM:
    case DK_PM:
        s = pm ? "PM" : "AM";
        break;
    case DK_am:
    case DK_pm:
        s = pm ? "pm" : "am";
        break;
    case DK_A_M:
    case DK_P_M:
        s = pm ? "P.M." : "A.M.";
        break;
    case DK_a_m:
    case DK_p_m:
        s = pm ? "p.m." : "a.m.";
        break;
    case DK_AD:
    case DK_BC:
        s = bc ? "BC" : "AD";
        break;
    case DK_ad:
    case DK_bc:
        s = bc ? "bc" : "ad";
        break;
    case DK_A_D:
    case DK_B_C:
        s = bc ? "B.C." : "A.D.";
        break;
    default:
        s = bc ? "b.c." : "a.d.";
        break;
    }
    snprintf(tmp, cap, "%s", s);
}

static int century(const ctm_t *t)
{
    if (t->is_iv)
        return t->year / 100;
    return t->year > 0 ? (t->year - 1) / 100 + 1 : t->year / 100 - 1;
}

/* Date fields (numbers); false when the key is not one of them. */
static bool fmt_datenum(char *tmp, size_t cap, const dtfmt_node_t *n, const ctm_t *t)
{
    bool fm = n->suffix & DTF_S_FM;
    int jd = sqlfn__dtfmt_date2j(t->year, t->mon, t->mday);
    int cc = century(t);
    switch (n->key->id) {
    case DK_MM:
        snprintf(tmp, cap, "%0*d", width(fm, t->mon, 2), t->mon);
        break;
    case DK_DD:
        snprintf(tmp, cap, "%0*d", fm ? 0 : 2, t->mday);
        break;
    case DK_DDD:
        snprintf(tmp, cap, "%0*d", fm ? 0 : 3, t->yday);
        break;
    case DK_D:
        snprintf(tmp, cap, "%d", t->wday + 1);
        break;
    case DK_ID:
        snprintf(tmp, cap, "%d", t->wday == 0 ? 7 : t->wday);
        break;
    case DK_WW:
        snprintf(tmp, cap, "%0*d", fm ? 0 : 2, (t->yday - 1) / 7 + 1);
        break;
    case DK_W:
        snprintf(tmp, cap, "%d", (t->mday - 1) / 7 + 1);
        break;
    case DK_J:
        snprintf(tmp, cap, "%d", jd);
        break;
    case DK_IW:
        snprintf(tmp, cap, "%0*d", fm ? 0 : 2, iso_week_or_year(t->year, t->mon, t->mday, false));
        break;
    case DK_IDDD: {
        int iy = iso_week_or_year(t->year, t->mon, t->mday, true);
        snprintf(tmp, cap, "%0*d", fm ? 0 : 3,
                 wrap_int((int64_t)jd - sqlfn__dtfmt_isoweek2j(iy, 1) + 1));
        break;
    }
    case DK_Q:
        if (t->mon)
            snprintf(tmp, cap, "%d", (t->mon - 1) / 3 + 1);
        break;
    case DK_CC:
        if (cc <= 99 && cc >= -99)
            snprintf(tmp, cap, "%0*d", width(fm, cc, 2), cc);
        else
            snprintf(tmp, cap, "%d", cc);
        break;
    default:
        return false;
    }
    return true;
}

/* Formats one ACTION node into tmp (with its TH suffix). */
static void fmt_node(char *tmp, size_t cap, const dtfmt_node_t *n, const ctm_t *t)
{
    int id = n->key->id;
    tmp[0] = '\0';
    if (fmt_datenum(tmp, cap, n, t)) {
    } else if ((id >= DK_FF1 && id <= DK_FF6) || id == DK_HH24 || id == DK_HH12 || id == DK_HH ||
               id == DK_MI || id == DK_SS || id == DK_MS || id == DK_US || id == DK_SSSS ||
               id == DK_SSSSS) {
        fmt_time(tmp, cap, n, t);
    } else if (id == DK_Y_YYY || (id >= DK_YYYY && id <= DK_Y) || (id >= DK_IYYY && id <= DK_I)) {
        fmt_year(tmp, cap, n, t);
    } else if (id == DK_RM || id == DK_rm) {
        fmt_roman(tmp, cap, n, t);
        return;
    } else if (id == DK_TZ || id == DK_tz || id == DK_TZH || id == DK_TZM || id == DK_OF) {
        fmt_zone(tmp, cap, id, n->suffix & DTF_S_FM, t);
        return;
    } else if (id == DK_FX) {
        return;
    } else if (n->key->is_digit) {
        return;
    } else if (id == DK_MONTH || id == DK_Month || id == DK_month || id == DK_MON || id == DK_Mon ||
               id == DK_mon || id == DK_DAY || id == DK_Day || id == DK_day || id == DK_DY ||
               id == DK_Dy || id == DK_dy) {
        fmt_names(tmp, cap, n, t);
        return;
    } else {
        fmt_meridiem(tmp, cap, id, t);
        return;
    }
    if (n->suffix & (DTF_S_TH | DTF_S_th))
        add_th(tmp, cap, n->suffix & DTF_S_TH);
}

/* Formats t by the compiled template; false (error set) on a pattern invalid for t. */
static bool format_nodes(sqlite3_context *ctx, lg_buf_t *b, const dtfmt_node_t *n, const ctm_t *t)
{
    char tmp[128];
    for (; n->type != DTF_END; n++) {
        if (n->type != DTF_ACTION) {
            lg_buf_append(b, n->ch, strlen(n->ch));
            continue;
        }
        if (t->is_iv && invalid_for_interval(n->key->id)) {
            sqlfn__error(ctx, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                         "invalid format specification for an interval value");
            return false;
        }
        fmt_node(tmp, sizeof tmp, n, t);
        lg_buf_append(b, tmp, strlen(tmp));
    }
    return true;
}

static void ctm_from_interval(const pgtime_interval_t *iv, ctm_t *t)
{
    memset(t, 0, sizeof(*t));
    t->is_iv = true;
    t->year = iv->months / 12;
    t->mon = iv->months % 12;
    t->mday = iv->days;
    int64_t u = iv->usec;
    t->hour = (long long)(u / INT64_C(3600000000));
    u -= (int64_t)t->hour * INT64_C(3600000000);
    t->min = (int)(u / 60000000);
    u -= (int64_t)t->min * 60000000;
    t->sec = (int)(u / 1000000);
    t->usec = (int)(u - (int64_t)t->sec * 1000000);
    t->yday = wrap_int(((int64_t)t->year * 12 + t->mon) * 30 + t->mday);
}

static void ctm_from_tm(const pgtime_tm_t *tm, bool tz, ctm_t *t)
{
    memset(t, 0, sizeof(*t));
    t->year = tm->year;
    t->mon = tm->mon;
    t->mday = tm->mday;
    t->hour = tm->hour;
    t->min = tm->min;
    t->sec = tm->sec;
    t->usec = tm->usec;
    int jd = sqlfn__dtfmt_date2j(tm->year, tm->mon, tm->mday);
    t->wday = sqlfn__dtfmt_j2day(jd);
    t->yday = wrap_int((int64_t)jd - sqlfn__dtfmt_date2j(tm->year, 1, 1) + 1);
    t->gmtoff = tz ? tm->gmtoff : 0;
    t->abbrev = tz ? tm->abbrev : NULL;
}

/* The value as to_char sees it; false for +-infinity (result NULL). A date is formatted as
 * the timestamptz of its local midnight, as PostgreSQL's implicit cast does. */
static bool ctm_from_val(const dt_state_t *st, const dt_val_t *v, ctm_t *t)
{
    pgtime_tm_t tm;
    if (v->kind == DT_TIME) { /* time -> interval, as PostgreSQL's implicit cast */
        pgtime_interval_t iv = {.usec = v->ts};
        ctm_from_interval(&iv, t);
        return true;
    }
    if (v->kind == DT_INTERVAL) {
        ctm_from_interval(&v->iv, t);
        return true;
    }
    if (v->kind == DT_DATE) {
        if (v->date == PGTIME_DATE_NOBEGIN || v->date == PGTIME_DATE_NOEND)
            return false;
        int64_t local = (int64_t)v->date * PGTIME_USEC_PER_DAY;
        int off = pgtime_zone_offset_local(st->zone, local);
        pgtime_ts_to_local(local - off * PGTIME_USEC_PER_SEC, st->zone, &tm);
        ctm_from_tm(&tm, true, t);
        return true;
    }
    if (v->ts == PGTIME_NOBEGIN || v->ts == PGTIME_NOEND)
        return false;
    if (v->kind == DT_TSTZ)
        pgtime_ts_to_local(v->ts, st->zone, &tm);
    else
        pgtime_ts_to_tm(v->ts, &tm);
    ctm_from_tm(&tm, v->kind == DT_TSTZ, t);
    return true;
}

/* The type to read argv[0] as: the given hint, else "interval" for text shaped like a time
 * of day (to_char has no time variant; PostgreSQL casts time and interval text such as
 * '27:05:00' to interval), else NULL (guess). */
static const char *to_char_hint(int argc, sqlite3_value **argv)
{
    const char *h = sqlfn__dt_hint(argc, argv, 2);
    if (h || sqlite3_value_type(argv[0]) != SQLITE_TEXT)
        return h;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    size_t n = strlen(s), dig = strspn(s, "0123456789");
    if (dig > 4 && s[dig] == '-') { /* years past 9999 */
        const char *rest = strchr(s + dig, ' ');
        if (!rest || !strcmp(rest, " BC"))
            return "date";
        return strpbrk(rest, "+-Z") ? "timestamp with time zone" : "timestamp without time zone";
    }
    if (n >= 4 && isdigit((unsigned char)s[0]) && (s[1] == ':' || s[2] == ':' || s[3] == ':') &&
        !strpbrk(s, "ydmYDM-"))
        return "interval";
    return NULL;
}

static void fn_to_char(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const dt_state_t *st = sqlite3_user_data(ctx);
    dt_val_t v;
    bool is_null;
    const char *fmt = (const char *)sqlite3_value_text(argv[1]);
    if (!fmt || !sqlfn__dt_arg(ctx, argv[0], to_char_hint(argc, argv), &v, &is_null)) {
        if (!fmt || is_null)
            sqlite3_result_null(ctx);
        return;
    }
    ctm_t t;
    if (!ctm_from_val(st, &v, &t)) {
        sqlite3_result_null(ctx);
        return;
    }
    bool owned;
    dtfmt_node_t *nodes = sqlfn__dtfmt_get(ctx, 1, fmt, &owned);
    if (!nodes) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    lg_buf_t b;
    lg_buf_init(&b, SQLFN_MAX_LEN);
    if (format_nodes(ctx, &b, nodes, &t))
        sqlfn__result_buf_text(ctx, &b);
    else
        lg_buf_deinit(&b);
    sqlfn__dtfmt_put(ctx, 1, nodes, owned);
}

static void fn_to_timestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc == 2) {
        sqlfn__dtfmt_to_timestamp(ctx, argc, argv);
        return;
    }
    dt_val_t v = {.kind = DT_TSTZ};
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    double secs = sqlfn__value_double(argv[0]);
    if (isinf(secs)) {
        v.ts = secs > 0 ? PGTIME_NOEND : PGTIME_NOBEGIN;
    } else if (isnan(secs)) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp cannot be NaN");
        return;
    } else if (fabs(secs) > 9.2e12) {
        sqlfn__error(ctx, LG_SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"%g\"",
                     secs);
        return;
    } else {
        v.ts = llround(secs * 1e6) - PGTIME_UNIX_EPOCH_USEC;
    }
    sqlfn__dt_result(ctx, &v);
}

static const sqlfn_def_t k_defs[] = {
    {"to_char", 2, SQLFN_VOLATILE, fn_to_char},
    {"to_char", 3, SQLFN_VOLATILE, fn_to_char},
    {"to_date", 2, SQLFN_PURE, sqlfn__dtfmt_to_date},
    {"to_timestamp", 1, SQLFN_PURE, fn_to_timestamp},
    {"to_timestamp", 2, SQLFN_VOLATILE, fn_to_timestamp},
};

int sqlfn__datetime_register_fmt(sqlite3 *db, dt_state_t *st)
{
    return sqlfn__register_table(db, k_defs, sizeof(k_defs) / sizeof(k_defs[0]), st);
}
