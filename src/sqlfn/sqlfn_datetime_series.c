/* sqlfn_datetime_series.c - lg_generate_series_ts(start, stop, step): an eponymous
 * table-valued function over timestamps (see sqlfn_datetime.h). Columns: value, then
 * HIDDEN start, stop, step. Rows are computed one at a time (no materialization). */
#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype_time.h"
#include "sqlfn_datetime_int.h"
#include "sqlfn_int.h"
#include <stdlib.h>
#include <string.h>

enum { COL_VALUE, COL_START, COL_STOP, COL_STEP };

typedef struct tsvtab {
    sqlite3_vtab base;
    dt_state_t *st;
} tsvtab_t;

typedef struct tscur {
    sqlite3_vtab_cursor base;
    dt_val_t cur;
    int64_t stop;
    pgtime_interval_t step;
    int dir;
    bool eof;
    sqlite3_int64 row;
} tscur_t;

static int ts_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                      sqlite3_vtab **out, char **err)
{
    (void)argc;
    (void)argv;
    (void)err;
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, start HIDDEN, stop HIDDEN, "
                                      "step HIDDEN)");
    if (rc != SQLITE_OK)
        return rc;
    tsvtab_t *vt = lg_xcalloc(1, sizeof(*vt));
    vt->st = aux;
    *out = &vt->base;
    return SQLITE_OK;
}

static int ts_disconnect(sqlite3_vtab *vt)
{
    free(vt);
    return SQLITE_OK;
}

static int ts_best_index(sqlite3_vtab *vt, sqlite3_index_info *info)
{
    int have = 0;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (c->iColumn < COL_START || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            return SQLITE_CONSTRAINT;
        info->aConstraintUsage[i].argvIndex = c->iColumn - COL_START + 1;
        info->aConstraintUsage[i].omit = 1;
        have |= 1 << (c->iColumn - COL_START);
    }
    if (have != 7) {
        sqlite3_free(vt->zErrMsg);
        vt->zErrMsg = sqlite3_mprintf("42883:lg_generate_series_ts() requires start, stop and step");
        return SQLITE_ERROR;
    }
    info->estimatedCost = 1000;
    info->idxNum = have;
    return SQLITE_OK;
}

static int ts_open(sqlite3_vtab *vt, sqlite3_vtab_cursor **out)
{
    (void)vt;
    tscur_t *c = lg_xcalloc(1, sizeof(*c));
    *out = &c->base;
    return SQLITE_OK;
}

static int ts_close(sqlite3_vtab_cursor *c)
{
    free(c);
    return SQLITE_OK;
}

static bool past_stop(const tscur_t *c)
{
    return c->dir > 0 ? c->cur.ts > c->stop : c->cur.ts < c->stop;
}

static int fail(sqlite3_vtab_cursor *cur, const char *msg)
{
    sqlite3_free(cur->pVtab->zErrMsg);
    cur->pVtab->zErrMsg = sqlite3_mprintf("%s", msg);
    return SQLITE_ERROR;
}

static bool read_ts(sqlite3_value *v, const char *hint, dt_val_t *out)
{
    const char *s = (const char *)sqlite3_value_text(v);
    size_t n = (size_t)sqlite3_value_bytes(v);
    memset(out, 0, sizeof(*out));
    if (!s)
        return false;
    bool tz = strpbrk(s + (n > 10 ? 10 : n), "+-Z") != NULL || n <= 10 ||
              (hint && strcmp(hint, "tz") == 0);
    out->kind = tz ? DT_TSTZ : DT_TS;
    return tz ? pgtime_parse_timestamptz(s, n, 0, NULL, &out->ts) == 0
              : pgtime_parse_timestamp(s, n, 0, NULL, &out->ts) == 0;
}

static int ts_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                     sqlite3_value **argv)
{
    (void)idx;
    (void)idxs;
    tscur_t *c = (tscur_t *)cur;
    c->eof = true;
    c->row = 0;
    if (argc < 3 || sqlfn__any_null(argc, argv))
        return SQLITE_OK;
    dt_val_t stop;
    if (!read_ts(argv[0], NULL, &c->cur) || !read_ts(argv[1], NULL, &stop))
        return fail(cur, "22007:invalid input syntax for type timestamp");
    const char *sv = (const char *)sqlite3_value_text(argv[2]);
    if (pgtime_parse_interval(sv, (size_t)sqlite3_value_bytes(argv[2]), &c->step) != 0)
        return fail(cur, "22007:invalid input syntax for type interval");
    pgtime_interval_t zero = {0, 0, 0};
    int sign = pgtime_interval_cmp(&c->step, &zero);
    if (sign == 0)
        return fail(cur, "22023:step size cannot equal zero");
    c->dir = sign;
    c->stop = stop.ts;
    c->eof = past_stop(c);
    return SQLITE_OK;
}

static int ts_next(sqlite3_vtab_cursor *cur)
{
    tscur_t *c = (tscur_t *)cur;
    const dt_state_t *st = ((tsvtab_t *)cur->pVtab)->st;
    if (!pgtime_ts_add_interval(c->cur.ts, &c->step, c->cur.kind == DT_TSTZ ? st->zone : NULL,
                                &c->cur.ts))
        c->eof = true;
    else
        c->eof = past_stop(c);
    c->row++;
    return SQLITE_OK;
}

static int ts_eof(sqlite3_vtab_cursor *cur)
{
    return ((tscur_t *)cur)->eof;
}

static int ts_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    tscur_t *c = (tscur_t *)cur;
    if (col == COL_VALUE)
        sqlfn__dt_result(ctx, &c->cur);
    else
        sqlite3_result_null(ctx);
    return SQLITE_OK;
}

static int ts_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
    *rowid = ((tscur_t *)cur)->row;
    return SQLITE_OK;
}

static const sqlite3_module ts_module = {
    .iVersion = 0,
    .xConnect = ts_connect,
    .xBestIndex = ts_best_index,
    .xDisconnect = ts_disconnect,
    .xOpen = ts_open,
    .xClose = ts_close,
    .xFilter = ts_filter,
    .xNext = ts_next,
    .xEof = ts_eof,
    .xColumn = ts_column,
    .xRowid = ts_rowid,
};

int sqlfn__datetime_register_series(sqlite3 *db, dt_state_t *st)
{
    return sqlite3_create_module(db, "lg_generate_series_ts", &ts_module, st) == SQLITE_OK
               ? 0
               : LG_EINVAL;
}
