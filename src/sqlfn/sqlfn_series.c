/* sqlfn_series.c - generate_series(start, stop[, step]) as an eponymous table-valued
 * function with one visible column, `value` (the name the translator refers to:
 * `generate_series(1,3) AS g` ... `g.value`), HIDDEN start/stop/step columns, and a HIDDEN
 * column `generate_series` that repeats the value (PostgreSQL's column name).
 * Integers (or reals when any argument is REAL): step defaults to 1; step 0 is 22023; an
 * empty range yields no rows; any NULL argument yields no rows; integer series stop before
 * overflowing. When start is date/time text the series is over timestamps with an interval
 * step (timestamptz when start carries an offset or is a bare date, stepping months and days
 * in the session TimeZone; else timestamp). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"

enum { COL_VALUE, COL_START, COL_STOP, COL_STEP, COL_ALIAS };

typedef struct series_vtab {
    sqlite3_vtab base;
    sqlite3 *db;
} series_vtab_t;

typedef struct series_cur {
    sqlite3_vtab_cursor base;
    bool real;
    bool ts; /* timestamp series: cur/tstop/tstep */
    bool tz;
    bool eof;
    int64_t cur, tstop;
    pgtime_interval_t tstep;
    const pgtime_zone_t *zone; /* session TimeZone at filter time */
    int dir;
    sqlite3_int64 i, istop, istep;
    double d, dstart, dstop, dstep;
    sqlite3_int64 k; /* row number */
} series_cur_t;

static int series_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **out, char **err)
{
    (void)aux;
    (void)argc;
    (void)argv;
    (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, start HIDDEN, stop HIDDEN, "
                                      "step HIDDEN, generate_series HIDDEN)");
    if (rc != SQLITE_OK) {
        return rc;
    }
    series_vtab_t *t = sqlite3_malloc(sizeof *t);
    if (t == NULL) {
        return SQLITE_NOMEM;
    }
    memset(t, 0, sizeof *t);
    t->db = db;
    *out = &t->base;
    return SQLITE_OK;
}

static int series_disconnect(sqlite3_vtab *vt)
{
    sqlite3_free(vt);
    return SQLITE_OK;
}

/* idxNum bit k-1 set when argument column k (start, stop, step) is constrained. */
static int series_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    int slot[4] = {-1, -1, -1, -1};
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn >= COL_START && c->iColumn <= COL_STEP &&
            c->op == SQLITE_INDEX_CONSTRAINT_EQ) {
            if (!c->usable) {
                return SQLITE_CONSTRAINT;
            }
            slot[c->iColumn] = i;
        }
    }
    if (slot[COL_START] < 0 || slot[COL_STOP] < 0) {
        sqlite3_free(vt->zErrMsg);
        vt->zErrMsg = sqlite3_mprintf("42883:generate_series() requires start and stop");
        return SQLITE_ERROR;
    }
    int argi = 1;
    int mask = 0;
    for (int col = COL_START; col <= COL_STEP; col++) {
        if (slot[col] >= 0) {
            info->aConstraintUsage[slot[col]].argvIndex = argi++;
            info->aConstraintUsage[slot[col]].omit = 1;
            mask |= 1 << (col - 1);
        }
    }
    info->idxNum = mask;
    info->estimatedCost = 100.0;
    info->estimatedRows = 100;
    return SQLITE_OK;
}

static int series_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    (void)vt;
    series_cur_t *c = lg_xcalloc(1, sizeof *c);
    c->eof = true;
    *out = &c->base;
    return SQLITE_OK;
}

static int series_close(sqlite3_vtab_cursor *cur)
{
    free(cur);
    return SQLITE_OK;
}

static bool int_done(const series_cur_t *c)
{
    return c->istep > 0 ? c->i > c->istop : c->i < c->istop;
}

static bool real_done(const series_cur_t *c)
{
    return c->dstep > 0 ? c->d > c->dstop : c->d < c->dstop;
}

static int series_fail(sqlite3_vtab_cursor *cur, const char *msg)
{
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf("%s", msg);
    return SQLITE_ERROR;
}

static bool ts_done(const series_cur_t *c)
{
    return c->dir > 0 ? c->cur > c->tstop : c->cur < c->tstop;
}

static bool has_offset(const char *s, size_t n)
{
    return n <= 10 || strpbrk(s + 10, "+-Z") != NULL;
}

/* Timestamp series: start/stop as timestamp[tz] text, step an interval. */
static int ts_filter(sqlite3_vtab_cursor *cur, int argc, sqlite3_value **argv)
{
    series_cur_t *c = (series_cur_t *)cur;
    if (argc < 3) {
        return series_fail(cur, "42883:function generate_series(timestamp, timestamp) does "
                                "not exist");
    }
    const dt_state_t *st = sqlfn__dt_state_find(((series_vtab_t *)cur->pVtab)->db);
    const pgtime_zone_t *z = st ? st->zone : NULL;
    c->zone = z;
    const char *a = (const char *)sqlite3_value_text(argv[0]);
    const char *b = (const char *)sqlite3_value_text(argv[1]);
    size_t an = (size_t)sqlite3_value_bytes(argv[0]), bn = (size_t)sqlite3_value_bytes(argv[1]);
    c->ts = true;
    c->tz = has_offset(a, an);
    int rc = c->tz ? pgtime_parse_timestamptz(a, an, 0, z, &c->cur)
                   : pgtime_parse_timestamp(a, an, 0, NULL, &c->cur);
    if (rc == 0) {
        rc = c->tz ? pgtime_parse_timestamptz(b, bn, 0, z, &c->tstop)
                   : pgtime_parse_timestamp(b, bn, 0, NULL, &c->tstop);
    }
    if (rc != 0) {
        return series_fail(cur, "22007:invalid input syntax for type timestamp");
    }
    if (pgtime_parse_interval((const char *)sqlite3_value_text(argv[2]),
                              (size_t)sqlite3_value_bytes(argv[2]), &c->tstep) != 0) {
        return series_fail(cur, "22007:invalid input syntax for type interval");
    }
    pgtime_interval_t zero = {0, 0, 0};
    c->dir = pgtime_interval_cmp(&c->tstep, &zero);
    if (c->dir == 0) {
        return series_fail(cur, "22023:step size cannot equal zero");
    }
    c->eof = ts_done(c);
    return SQLITE_OK;
}

static bool is_datetime_text(sqlite3_value *v)
{
    if (sqlite3_value_type(v) != SQLITE_TEXT) {
        return false;
    }
    int nt = sqlite3_value_numeric_type(v);
    return nt != SQLITE_INTEGER && nt != SQLITE_FLOAT;
}

static int series_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                         sqlite3_value **argv)
{
    (void)idxs;
    series_cur_t *c = (series_cur_t *)cur;
    c->eof = true;
    c->k = 1;
    c->real = false;
    c->ts = false;
    for (int i = 0; i < argc; i++) {
        int t = sqlite3_value_type(argv[i]);
        if (t == SQLITE_NULL) {
            return SQLITE_OK;
        }
        c->real = c->real || sqlite3_value_numeric_type(argv[i]) == SQLITE_FLOAT;
    }
    if (argc >= 2 && is_datetime_text(argv[0])) {
        return ts_filter(cur, argc, argv);
    }
    bool has_step = (idx & 4) != 0 && argc > 2;
    c->dstart = c->d = sqlite3_value_double(argv[0]);
    c->dstop = sqlite3_value_double(argv[1]);
    c->dstep = has_step ? sqlite3_value_double(argv[2]) : 1.0;
    c->i = sqlite3_value_int64(argv[0]);
    c->istop = sqlite3_value_int64(argv[1]);
    c->istep = has_step ? sqlite3_value_int64(argv[2]) : 1;
    if (c->real ? c->dstep == 0.0 : c->istep == 0) {
        sqlite3_free(cur->pVtab->zErrMsg);
        cur->pVtab->zErrMsg = sqlite3_mprintf("22023:step size cannot equal zero");
        return SQLITE_ERROR;
    }
    c->eof = c->real ? (isnan(c->dstep) || real_done(c)) : int_done(c);
    return SQLITE_OK;
}

static int series_next(sqlite3_vtab_cursor *cur)
{
    series_cur_t *c = (series_cur_t *)cur;
    if (c->ts) {
        const pgtime_zone_t *z = c->tz ? c->zone : NULL;
        c->eof = !pgtime_ts_add_interval(c->cur, &c->tstep, z, &c->cur) || ts_done(c);
    } else if (c->real) {
        c->d = c->dstart + (double)c->k * c->dstep; /* no accumulated rounding */
        c->eof = real_done(c);
    } else if (__builtin_add_overflow(c->i, c->istep, &c->i)) {
        c->eof = true;
    } else {
        c->eof = int_done(c);
    }
    c->k++;
    return SQLITE_OK;
}

static int series_eof(sqlite3_vtab_cursor *cur)
{
    return ((series_cur_t *)cur)->eof;
}

static int series_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    series_cur_t *c = (series_cur_t *)cur;
    if (c->ts && (col == COL_VALUE || col == COL_ALIAS)) {
        dt_val_t v = {.kind = c->tz ? DT_TSTZ : DT_TS, .ts = c->cur};
        sqlfn__dt_result(ctx, &v);
        return SQLITE_OK;
    }
    switch (col) {
    case COL_VALUE:
    case COL_ALIAS:
        if (c->real) {
            sqlite3_result_double(ctx, c->d);
        } else {
            sqlite3_result_int64(ctx, c->i);
        }
        break;
    case COL_START:
        sqlite3_result_double(ctx, c->dstart);
        break;
    case COL_STOP:
        sqlite3_result_double(ctx, c->dstop);
        break;
    default:
        sqlite3_result_double(ctx, c->dstep);
        break;
    }
    return SQLITE_OK;
}

static int series_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((series_cur_t *)cur)->k;
    return SQLITE_OK;
}

static const sqlite3_module series_module = {
    .iVersion = 0,
    .xConnect = series_connect,
    .xBestIndex = series_best_index,
    .xDisconnect = series_disconnect,
    .xOpen = series_open,
    .xClose = series_close,
    .xFilter = series_filter,
    .xNext = series_next,
    .xEof = series_eof,
    .xColumn = series_column,
    .xRowid = series_rowid,
};

/* generate_series(...) called as a scalar (in a select list): a zero step is PostgreSQL's
 * first error (22023); otherwise the set-returning form there is not supported (0A000). */
static void fn_series_scalar(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (sqlfn__any_null(argc, argv)) {
        return;
    }
    bool zero = false;
    if (argc == 3 && sqlite3_value_type(argv[2]) == SQLITE_TEXT) {
        pgtime_interval_t iv;
        const char *s = (const char *)sqlite3_value_text(argv[2]);
        zero = pgtime_parse_interval(s, (size_t)sqlite3_value_bytes(argv[2]), &iv) == 0 &&
               iv.usec == 0 && iv.days == 0 && iv.months == 0;
    } else if (argc == 3) {
        zero = sqlite3_value_double(argv[2]) == 0;
    }
    if (zero) {
        sqlfn__error(ctx, "22023", "step size cannot equal zero");
        return;
    }
    sqlfn__error(ctx, "0A000",
                 "generate_series in the select list is not supported "
                 "(use it in FROM)");
}

int sqlfn__register_series(sqlite3 *db)
{
    if (sqlite3_create_module(db, "generate_series", &series_module, NULL) != SQLITE_OK) {
        return LG_EINVAL;
    }
    for (int n = 2; n <= 3; n++) {
        if (sqlite3_create_function_v2(db, "generate_series", n, SQLFN_PURE, NULL, fn_series_scalar,
                                       NULL, NULL, NULL) != SQLITE_OK) {
            return LG_EINVAL;
        }
    }
    return 0;
}
