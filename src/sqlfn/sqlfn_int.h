/* sqlfn_int.h - helpers shared by the files of src/sqlfn (private to the module).
 *
 * Every sqlfn__register_* installs one file's functions on a connection and returns 0 or
 * LG_EINVAL. Errors raised inside SQL functions go through sqlfn__error() so that they carry
 * the "XXXXX:" SQLSTATE prefix documented in sqlfn.h. */
#ifndef LG_SQLFN_INT_H
#define LG_SQLFN_INT_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lg_buf.h"

/* Largest text or blob a function builds (SQLite's default SQLITE_MAX_LENGTH). */
#define SQLFN_MAX_LEN ((size_t)1000000000)

/* Flags for pure functions and for functions with side effects / per-call results. */
#define SQLFN_PURE (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)
#define SQLFN_VOLATILE (SQLITE_UTF8)

typedef void (*sqlfn_fn_cb)(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* One row of a registration table; nargs -1 means variadic. */
typedef struct sqlfn_def {
    const char *name;
    int nargs;
    int flags;
    sqlfn_fn_cb fn;
} sqlfn_def_t;

/* sqlfn_numxvar.c: lg_var_N, lg_numx_var_N, lg_var_f8_N (N = variance/stddev mode) */
int sqlfn__register_numxvar(sqlite3 *db);
/* sqlfn_explain.c: lg_explain(sql) */
int sqlfn__register_explain(sqlite3 *db);

/* Registers n definitions with pApp user data (may be NULL). 0 or LG_EINVAL. */
int sqlfn__register_table(sqlite3 *db, const sqlfn_def_t *defs, size_t n, void *app);

/* sqlfn_dml.c: lg_raise, lg_xmax_note/take/clear (called by sqlfn__register_seq). */
int sqlfn__register_dml(sqlite3 *db);
/* sqlfn_upsert.c: lg_upsert_once (called by sqlfn__register_dml). */
int sqlfn__register_upsert(sqlite3 *db);

/* Raises an error "<sqlstate>:<message>" on ctx. */
void sqlfn__error(sqlite3_context *ctx, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct lg_pgerr;
/* Raises e on ctx: "<sqlstate>:<message>", then "\x1fDETAIL:<detail>" and "\x1fHINT:<hint>"
 * when present (exec_conn.c splits them back). */
void sqlfn__error_pg(sqlite3_context *ctx, const struct lg_pgerr *e);

/* Sets b's bytes as the TEXT result (or an error if b failed), then deinits b. */
void sqlfn__result_buf_text(sqlite3_context *ctx, lg_buf_t *b);
/* Same, as a BLOB result. */
void sqlfn__result_buf_blob(sqlite3_context *ctx, lg_buf_t *b);

/* True if any argument is SQL NULL. */
bool sqlfn__any_null(int argc, sqlite3_value **argv);

/* UTF-8: number of characters in s[0..n). */
size_t sqlfn__utf8_count(const unsigned char *s, size_t n);
/* UTF-8: byte offset just past the character starting at s[i] (i < n). */
size_t sqlfn__utf8_next(const unsigned char *s, size_t n, size_t i);
/* UTF-8: decodes the character at s[i]; stores its byte length in *len. Invalid bytes decode
 * as themselves with length 1. */
int32_t sqlfn__utf8_decode(const unsigned char *s, size_t n, size_t i, size_t *len);
/* UTF-8: appends code point c. */
void sqlfn__utf8_put(lg_buf_t *b, int32_t c);
/* UTF-8: byte offset of character index k (clamped to n). */
size_t sqlfn__utf8_offset(const unsigned char *s, size_t n, size_t k);

/* v as a double; TEXT is read with strtod, so stored 'NaN' / 'Infinity' / '-Infinity' (which
 * SQLite's own conversion reads as 0) keep their value. */
double sqlfn__value_double(sqlite3_value *v);
/* Appends d as PostgreSQL prints float8 (shortest exact form, NaN, Infinity). */
void sqlfn__append_double(lg_buf_t *b, double d);
/* Appends v's PostgreSQL text form: integers, floats as above, text as is, blobs as \x hex;
 * NULL appends nothing. */
void sqlfn__append_value_text(lg_buf_t *b, sqlite3_value *v);

/* sqlfn_dec.c: exact decimal arithmetic for the exact-output numeric functions (lg_numx_*;
 * any thread). The bool operations return false when the result has more significant
 * digits than PGTYPE_DEC_MAXDIGITS (callers raise sqlfn__dec_overflow); r may alias an
 * operand. */
struct pgtype_dec;
typedef enum {
    SQLFN_ROUND_HALF,
    SQLFN_ROUND_TRUNC,
    SQLFN_ROUND_CEIL,
    SQLFN_ROUND_FLOOR
} sqlfn_round_mode_t;
/* Reads INTEGER, REAL (shortest digits) or numeric TEXT; false with 22P02 set on bad text. */
bool sqlfn__dec_arg(sqlite3_context *ctx, sqlite3_value *v, struct pgtype_dec *d);
/* Sets d as decimal TEXT (pgtype_dec_format), or 22003 when it prints too many digits. */
void sqlfn__dec_result(sqlite3_context *ctx, const struct pgtype_dec *d);
void sqlfn__dec_overflow(sqlite3_context *ctx); /* 22003 value overflows numeric format */
void sqlfn__dec_special(struct pgtype_dec *r, bool nan, int inf);
bool sqlfn__dec_is_zero(const struct pgtype_dec *d);
void sqlfn__dec_normalize(struct pgtype_dec *d);
/* PostgreSQL numeric order: -Infinity < numbers < Infinity < NaN; returns -1, 0, 1. */
int sqlfn__dec_cmp(const struct pgtype_dec *a, const struct pgtype_dec *b);
bool sqlfn__dec_add(const struct pgtype_dec *a, const struct pgtype_dec *b, struct pgtype_dec *r);
bool sqlfn__dec_sub(const struct pgtype_dec *a, const struct pgtype_dec *b, struct pgtype_dec *r);
bool sqlfn__dec_mul(const struct pgtype_dec *a, const struct pgtype_dec *b, struct pgtype_dec *r);
/* a * b rounded half up to prec significant digits (the full product may be twice the
 * format's digits). */
bool sqlfn__dec_mul_prec(const struct pgtype_dec *a, const struct pgtype_dec *b, int prec,
                         struct pgtype_dec *r);
bool sqlfn__dec_round_mode(struct pgtype_dec *d, int n, sqlfn_round_mode_t mode);
/* sqrt(x) of a finite x >= 0 rounded half up to rscale digits, exact (digit by digit);
 * false when x is negative/special or the digits outgrow the format. */
bool sqlfn__dec_sqrt(const struct pgtype_dec *x, int rscale, struct pgtype_dec *r);
/* sqlfn_decexp.c: e^x rounded to rscale digits, on decimals; false for NaN/Infinity or when
 * the digits outgrow the format (callers fall back to long double). */
bool sqlfn__dec_exp(const struct pgtype_dec *x, int rscale, struct pgtype_dec *r);
/* ln(x), log(b, x) (x, b > 0) and power(x > 0, y) likewise, rounded to rscale. */
bool sqlfn__dec_ln(const struct pgtype_dec *x, int rscale, struct pgtype_dec *r);
bool sqlfn__dec_log(const struct pgtype_dec *b, const struct pgtype_dec *x, int rscale,
                    struct pgtype_dec *r);
bool sqlfn__dec_power(const struct pgtype_dec *x, const struct pgtype_dec *y, int rscale,
                      struct pgtype_dec *r);
/* sqlfn_numdiv.c: a / b with rscale fraction digits (rscale < 0: PostgreSQL's
 * select_div_scale), rounded half away from zero; NaN/Infinity as numeric_div. 0, or
 * LG_EINVAL for division by zero, LG_ETOOBIG on overflow. */
int sqlfn__dec_div(const struct pgtype_dec *a, const struct pgtype_dec *b, int rscale,
                   struct pgtype_dec *r);

/* Per-file registration. */
int sqlfn__register_string(sqlite3 *db);
int sqlfn__register_text2(sqlite3 *db);
int sqlfn__register_case(sqlite3 *db);
int sqlfn__register_encode(sqlite3 *db);
int sqlfn__register_digest(sqlite3 *db);
int sqlfn__register_arraycmp(sqlite3 *db);
int sqlfn__register_math(sqlite3 *db);
int sqlfn__register_round(sqlite3 *db);
int sqlfn__register_misc(sqlite3 *db);
int sqlfn__register_agg(sqlite3 *db);
int sqlfn__register_aggstat(sqlite3 *db); /* sqlfn_aggstat.c */
int sqlfn__register_hash(sqlite3 *db);    /* sqlfn_hash.c */
int sqlfn__register_json(sqlite3 *db);
int sqlfn__register_jsonb(sqlite3 *db);
int sqlfn__register_json_build(sqlite3 *db);
int sqlfn__register_json_vtab(sqlite3 *db);
int sqlfn__register_array(sqlite3 *db);
int sqlfn__register_array_vtab(sqlite3 *db);
int sqlfn__register_regex(sqlite3 *db);
int sqlfn__register_series(sqlite3 *db);
int sqlfn__register_pgarray(sqlite3 *db);
int sqlfn__register_ops(sqlite3 *db);
int sqlfn__register_numdiv(sqlite3 *db);
int sqlfn__register_intops(sqlite3 *db); /* sqlfn_intops.c */
int sqlfn__register_floatops(sqlite3 *db); /* sqlfn_floatops.c */
int sqlfn__register_enum(sqlite3 *db);   /* sqlfn_enum.c */
int sqlfn__register_aggord(sqlite3 *db);
int sqlfn__register_sum(sqlite3 *db);
int sqlfn__register_jsonb_path(sqlite3 *db);
int sqlfn__register_jsonpath(sqlite3 *db);  /* sqlfn_jsonpath_fn.c */
int sqlfn__register_arrayx(sqlite3 *db);    /* sqlfn_arrayx.c */
int sqlfn__register_json_object(sqlite3 *db); /* sqlfn_json_object.c */
int sqlfn__register_vector(sqlite3 *db);    /* sqlfn_vector.c */
int sqlfn__register_range(sqlite3 *db);     /* sqlfn_range.c */
int sqlfn__register_jsonb_cmp(sqlite3 *db); /* sqlfn_jsonb_cmp.c */
int sqlfn__register_record(sqlite3 *db);    /* sqlfn_record.c */
int sqlfn__register_similar(sqlite3 *db);   /* sqlfn_similar.c */
int sqlfn__register_nummath(sqlite3 *db);   /* sqlfn_nummath.c */
int sqlfn__register_numfmt(sqlite3 *db);    /* sqlfn_numfmt.c */
int sqlfn__register_bytea(sqlite3 *db);     /* sqlfn_bytea.c */
int sqlfn__register_crypt(sqlite3 *db);     /* sqlfn_crypt.c */
int sqlfn__register_ts(sqlite3 *db);        /* sqlfn_ts_vec.c (full-text search) */
int sqlfn__register_numx(sqlite3 *db);      /* sqlfn_numx.c (exact-output numerics) */
int sqlfn__register_numxagg(sqlite3 *db);   /* sqlfn_numxagg.c (lg_numx_sum/avg) */

#endif
