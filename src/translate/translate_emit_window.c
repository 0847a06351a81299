/* translate_emit_window.c - window forms SQLite does not run as PostgreSQL does. Worker
 * thread only.
 *
 * RANGE frames with interval offsets over a date/timestamp ORDER BY key: SQLite's RANGE
 * takes numeric offsets only, so the key becomes its epoch seconds
 * (date_part('epoch', key, '<type>')) and the interval constant its length in seconds.
 * Months have no fixed length (0A000); for timestamp with time zone a day is 24 hours only
 * in zones without DST, so day offsets over it are 0A000 too. Offsets over any other
 * non-numeric key are 0A000 (PostgreSQL's error for text or boolean keys), and more than
 * one ORDER BY key is 42P20, as in PostgreSQL.
 *
 * avg/sum of double precision as window functions: SQLite's built-ins remove rows leaving
 * a moving frame by subtraction, which changes the last digits; PostgreSQL recomputes the
 * frame's sum in row order. They are emitted as lg_avg_f8 / lg_sum_f8 (sqlfn_agg.c), which
 * sum the frame in order as PostgreSQL does. */
#include "pgtype.h"
#include "pgtype_time.h"
#include "translate_emit_check.h"
#include <stdio.h>
#include <string.h>

enum {
    WF_NONDEFAULT = 0x1,
    WF_RANGE = 0x2,
    WF_ROWS = 0x4,
    WF_GROUPS = 0x8,
    WF_BETWEEN = 0x10,
    WF_START_UNB_PREC = 0x20,
    WF_END_UNB_PREC = 0x40,
    WF_START_UNB_FOLL = 0x80,
    WF_END_UNB_FOLL = 0x100,
    WF_START_CUR = 0x200,
    WF_END_CUR = 0x400,
    WF_START_OFF_PREC = 0x800,
    WF_END_OFF_PREC = 0x1000,
    WF_START_OFF_FOLL = 0x2000,
    WF_END_OFF_FOLL = 0x4000,
    WF_EXCL_CUR = 0x8000,
    WF_EXCL_GROUP = 0x10000,
    WF_EXCL_TIES = 0x20000,
    WF_OFFSETS = WF_START_OFF_PREC | WF_END_OFF_PREC | WF_START_OFF_FOLL | WF_END_OFF_FOLL,
};

/* The text of an interval constant (interval '1 minute', '1 minute'::interval, or an
 * untyped '1 minute', which takes the interval type next to a date/timestamp key). */
static const char *interval_const(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
        return n->a_const->sval->sval;
    if (!n || n->node_case != PG_QUERY__NODE__NODE_TYPE_CAST)
        return NULL;
    int32_t tm;
    if (emit_typename_oid(n->type_cast->type_name, &tm) != PGTYPE_INTERVAL)
        return NULL;
    const PgQuery__Node *a = n->type_cast->arg;
    if (!a || a->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        a->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return NULL;
    return a->a_const->sval->sval;
}

/* Seconds of an interval offset over a key of type `key`, or -1 with an error set. */
static double offset_seconds(emit_ctx_t *c, const PgQuery__Node *off, uint32_t key)
{
    const char *txt = interval_const(off);
    pgtime_interval_t iv;
    if (!txt || pgtime_parse_interval(txt, strlen(txt), &iv) != 0) {
        emit_unsupported(c, -1, "a RANGE offset that is not an interval constant");
        return -1;
    }
    if (iv.months || (iv.days && key == PGTYPE_TIMESTAMPTZ)) {
        emit_unsupported(c, -1,
                         key == PGTYPE_TIMESTAMPTZ && !iv.months
                             ? "a RANGE offset in days over timestamp with time zone"
                             : "a RANGE offset in months");
        return -1;
    }
    double s = (double)iv.days * 86400.0 + (double)iv.usec / 1e6;
    if (s < 0) {
        emit_error(c, "22013", -1, "invalid preceding or following size in window function");
        return -1;
    }
    return s;
}

static void emit_bound(emit_ctx_t *c, int fo, bool start, const PgQuery__Node *off, uint32_t key)
{
    if (fo & (start ? WF_START_UNB_PREC : WF_END_UNB_PREC)) {
        emit_str(c, "UNBOUNDED PRECEDING");
    } else if (fo & (start ? WF_START_UNB_FOLL : WF_END_UNB_FOLL)) {
        emit_str(c, "UNBOUNDED FOLLOWING");
    } else if (fo & (start ? WF_START_CUR : WF_END_CUR)) {
        emit_str(c, "CURRENT ROW");
    } else {
        double s = offset_seconds(c, off, key);
        emit_fmt(c, "%.6f%s", s < 0 ? 0 : s,
                 (fo & (start ? WF_START_OFF_PREC : WF_END_OFF_PREC)) ? " PRECEDING"
                                                                      : " FOLLOWING");
    }
}

static const char *key_hint(uint32_t t)
{
    return t == PGTYPE_DATE ? "date" : t == PGTYPE_TIMESTAMP ? "timestamp" : "timestamptz";
}

/* A RANGE offset frame over a key of type `key` other than date/timestamp: SQLite runs it
 * over numbers only; PostgreSQL refuses other types (0A000), and so do we (an interval
 * key too, which PostgreSQL supports). False with the error set when refused. */
static bool range_key_ok(emit_ctx_t *c, uint32_t key)
{
    if (!key || emit_type_category(key) == 'N')
        return true;
    char name[64];
    emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
               "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
               emit_type_sqlname(key, name, sizeof(name)));
    return false;
}

bool emit_window_range_interval(emit_ctx_t *c, const PgQuery__WindowDef *w)
{
    int fo = w->frame_options;
    if (!(fo & WF_NONDEFAULT) || !(fo & WF_RANGE) || !(fo & WF_OFFSETS) || w->refname[0])
        return false;
    if (w->n_order_clause != 1) {
        emit_error(c, "42P20", w->location,
                   "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
        return true;
    }
    const PgQuery__SortBy *sb = w->order_clause[0]->sort_by;
    uint32_t key = emit_peek_type(c, sb->node);
    if (key != PGTYPE_DATE && key != PGTYPE_TIMESTAMP && key != PGTYPE_TIMESTAMPTZ)
        return !range_key_ok(c, key);
    emit_str(c, "(");
    if (w->n_partition_clause) {
        emit_str(c, "PARTITION BY ");
        for (size_t i = 0; i < w->n_partition_clause; i++) {
            emit_str(c, i ? ", " : "");
            emit_expr(c, w->partition_clause[i]);
        }
        emit_str(c, " ");
    }
    bool desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    bool nf = sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
              (desc && sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST);
    emit_str(c, "ORDER BY date_part('epoch', ");
    emit_expr(c, sb->node);
    emit_fmt(c, ", '%s')%s%s RANGE ", key_hint(key), desc ? " DESC" : "",
             nf ? " NULLS FIRST" : " NULLS LAST");
    if (fo & WF_BETWEEN) {
        emit_str(c, "BETWEEN ");
        emit_bound(c, fo, true, w->start_offset, key);
        emit_str(c, " AND ");
        emit_bound(c, fo, false, w->end_offset, key);
    } else {
        emit_bound(c, fo, true, w->start_offset, key);
    }
    if (fo & WF_EXCL_CUR)
        emit_str(c, " EXCLUDE CURRENT ROW");
    else if (fo & WF_EXCL_GROUP)
        emit_str(c, " EXCLUDE GROUP");
    else if (fo & WF_EXCL_TIES)
        emit_str(c, " EXCLUDE TIES");
    emit_str(c, ")");
    return true;
}

/* avg(x) / sum(x) OVER (...) with x double precision (or real, for avg). */
bool emit_window_float_agg(emit_ctx_t *c, const PgQuery__FuncCall *f, uint32_t *type)
{
    if (!f->over || f->n_args != 1 || f->agg_distinct || f->agg_star || f->n_agg_order ||
        f->agg_filter)
        return false;
    const char *name = emit_last_name(f->funcname, f->n_funcname);
    bool avg = strcmp(name, "avg") == 0;
    if (!avg && strcmp(name, "sum") != 0)
        return false;
    uint32_t t = emit_peek_type(c, f->args[0]);
    if (t != PGTYPE_FLOAT8 && !(avg && t == PGTYPE_FLOAT4))
        return false;
    emit_str(c, avg ? "lg_avg_f8(" : "lg_sum_f8(");
    emit_expr(c, f->args[0]);
    emit_str(c, ") OVER ");
    if (f->over->name[0] && !f->over->n_partition_clause && !f->over->n_order_clause)
        emit_ident(c, f->over->name);
    else
        emit_window_def(c, f->over);
    *type = PGTYPE_FLOAT8;
    c->last_typmod = -1;
    return true;
}
