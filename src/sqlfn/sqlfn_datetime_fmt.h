/* sqlfn_datetime_fmt.h - shared by sqlfn_datetime_fmt.c (template compiler, to_char) and
 * sqlfn_datetime_fmtparse.c (to_date / to_timestamp) (private).
 *
 * A date/time template compiles to an array of dtfmt_node_t ended by DTF_END, exactly as
 * PostgreSQL's formatting.c tokenizes it: an optional FM/TM prefix, a keyword (longest
 * keyword of the table order wins), an optional TH/th/SP postfix; outside keywords one node
 * per character (separator, space or other), "quoted" text as characters, and a backslash
 * only escapes a following double quote. Calendar helpers use PostgreSQL's Julian day
 * arithmetic so that out-of-range interval fields give the same numbers. */
#ifndef LG_SQLFN_DATETIME_FMT_H
#define LG_SQLFN_DATETIME_FMT_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

enum { DTF_END = 0, DTF_ACTION, DTF_CHAR, DTF_SPACE, DTF_SEP };
enum { DTF_S_FM = 1, DTF_S_TM = 2, DTF_S_TH = 4, DTF_S_th = 8, DTF_S_SP = 16 };
enum { DTF_MODE_NONE = 0, DTF_MODE_GREG, DTF_MODE_ISO };

/* Keyword ids; lowercase spellings of numeric fields share the uppercase id. */
typedef enum dtfmt_kid {
    DK_A_D,
    DK_A_M,
    DK_AD,
    DK_AM,
    DK_B_C,
    DK_BC,
    DK_CC,
    DK_DAY,
    DK_DDD,
    DK_DD,
    DK_DY,
    DK_Day,
    DK_Dy,
    DK_D,
    DK_FF1,
    DK_FF2,
    DK_FF3,
    DK_FF4,
    DK_FF5,
    DK_FF6,
    DK_FX,
    DK_HH24,
    DK_HH12,
    DK_HH,
    DK_IDDD,
    DK_ID,
    DK_IW,
    DK_IYYY,
    DK_IYY,
    DK_IY,
    DK_I,
    DK_J,
    DK_MI,
    DK_MM,
    DK_MONTH,
    DK_MON,
    DK_MS,
    DK_Month,
    DK_Mon,
    DK_OF,
    DK_P_M,
    DK_PM,
    DK_Q,
    DK_RM,
    DK_SSSSS,
    DK_SSSS,
    DK_SS,
    DK_TZH,
    DK_TZM,
    DK_TZ,
    DK_US,
    DK_WW,
    DK_W,
    DK_Y_YYY,
    DK_YYYY,
    DK_YYY,
    DK_YY,
    DK_Y,
    DK_a_d,
    DK_a_m,
    DK_ad,
    DK_am,
    DK_b_c,
    DK_bc,
    DK_day,
    DK_dy,
    DK_month,
    DK_mon,
    DK_p_m,
    DK_pm,
    DK_rm,
    DK_tz
} dtfmt_kid_t;

typedef struct dtfmt_key {
    const char *name;
    uint8_t len;
    uint8_t id;    /* dtfmt_kid_t */
    bool is_digit; /* the field reads/prints digits */
    uint8_t mode;  /* DTF_MODE_* (Gregorian vs ISO week date fields) */
} dtfmt_key_t;

typedef struct dtfmt_node {
    uint8_t type;   /* DTF_* */
    uint8_t suffix; /* DTF_S_* bits */
    const dtfmt_key_t *key;
    char ch[5]; /* the character (one UTF-8 sequence) of a non-ACTION node */
} dtfmt_node_t;

/* Compiles fmt into a new node array (free with sqlite3_free); NULL on out of memory.
 * Thread: any. */
dtfmt_node_t *sqlfn__dtfmt_compile(const char *fmt);

/* The compiled template `fmt` of argument i for this call, cached as that argument's
 * auxdata across rows; NULL on out of memory. Hand it back with sqlfn__dtfmt_put after use.
 * Thread: the connection's. */
dtfmt_node_t *sqlfn__dtfmt_get(sqlite3_context *ctx, int i, const char *fmt, bool *owned);
void sqlfn__dtfmt_put(sqlite3_context *ctx, int i, dtfmt_node_t *nodes, bool owned);

/* Byte length of the UTF-8 sequence starting at s (1 for invalid bytes and NUL). */
int sqlfn__dtfmt_mblen(const char *s);
/* ASCII printable, neither letter nor digit (PostgreSQL's is_separator_char). */
bool sqlfn__dtfmt_is_sep(const char *s);

/* PostgreSQL calendar arithmetic on (possibly denormal) astronomical y/m/d. */
int sqlfn__dtfmt_date2j(int year, int mon, int mday);
void sqlfn__dtfmt_j2date(int jd, int *year, int *mon, int *mday);
int sqlfn__dtfmt_j2day(int64_t jd);
int sqlfn__dtfmt_isoweek2j(int year, int week);

extern const char *const sqlfn__dtfmt_months[13]; /* "January".."December", NULL */
extern const char *const sqlfn__dtfmt_days[8];    /* "Sunday".."Saturday", NULL */
extern const char *const sqlfn__dtfmt_rm_upper[13];
extern const char *const sqlfn__dtfmt_rm_lower[13]; /* "xii".."i" (reversed), NULL */

/* to_date(text, fmt) and to_timestamp(text, fmt) (sqlfn_datetime_fmtparse.c). Thread: the
 * connection's. */
void sqlfn__dtfmt_to_date(sqlite3_context *ctx, int argc, sqlite3_value **argv);
void sqlfn__dtfmt_to_timestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv);

#endif
