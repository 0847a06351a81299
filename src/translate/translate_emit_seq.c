/* translate_emit_seq.c - sequence options (CREATE/ALTER SEQUENCE, IDENTITY column options,
 * ALTER TABLE ... ALTER COLUMN ... SET INCREMENT BY / RESTART) as rows of _lg_sequences
 * (docs/storage.md). Worker thread only.
 *
 * Semantics follow PostgreSQL 15: defaults depend on the sequence type (AS smallint/int/
 * bigint) and the sign of INCREMENT; ALTER changes only the options given; RESTART [WITH n]
 * sets last_value (n, or the start value) with is_called = 0 so the next nextval returns it;
 * START WITH alone changes only start_value. */
#include "catalog_meta.h"
#include "pgtype.h"
#include "translate_emit.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t opt_int(const PgQuery__DefElem *d, int64_t dflt)
{
    const PgQuery__Node *a = d->arg;
    if (!a)
        return dflt;
    if (a->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return a->integer->ival;
    if (a->node_case == PG_QUERY__NODE__NODE_FLOAT)
        return strtoll(a->float_->fval, NULL, 10);
    if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        return a->boolean->boolval ? 1 : 0;
    return dflt;
}

static void type_bounds(uint32_t oid, int64_t *lo, int64_t *hi)
{
    if (oid == PGTYPE_INT2) {
        *lo = -32768, *hi = 32767;
    } else if (oid == PGTYPE_INT4) {
        *lo = INT32_MIN, *hi = INT32_MAX;
    } else {
        *lo = INT64_MIN, *hi = INT64_MAX;
    }
}

/* OWNED BY [schema.]table.column | NONE: the owner's stored names, checked. */
static void parse_owner(emit_ctx_t *c, const PgQuery__DefElem *d, emit_seqopts_t *o)
{
    o->has_owner = true;
    if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST)
        return;
    const PgQuery__List *l = d->arg->list;
    if (l->n_items == 1 && strcmp(emit_strval(l->items[0]), "none") == 0)
        return;
    if (l->n_items < 2 || l->n_items > 3) {
        emit_error(c, LG_SQLSTATE_INVALID_PARAMETER_VALUE, d->location, "invalid OWNED BY option");
        return;
    }
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    rv.schemaname = (char *)(uintptr_t)(l->n_items == 3 ? emit_strval(l->items[0]) : "");
    rv.relname = (char *)(uintptr_t)emit_strval(l->items[l->n_items - 2]);
    rv.location = d->location;
    const char *tbl = emit_relname(c, &rv);
    const char *col = emit_strval(l->items[l->n_items - 1]);
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    catalog_coltype_t t;
    if (db && catalog_relation_exists(db, tbl) != 1) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "relation \"%s\" does not exist",
                   rv.relname);
        return;
    }
    if (db && catalog_column_type(db, tbl, col, &t) != 0) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_COLUMN, -1,
                   "column \"%s\" of relation \"%s\" does not exist", col, rv.relname);
        return;
    }
    snprintf(o->owner_tbl, sizeof(o->owner_tbl), "%s", tbl);
    snprintf(o->owner_col, sizeof(o->owner_col), "%s", col);
}

void emit_seqopts_parse(emit_ctx_t *c, PgQuery__Node **opts, size_t n, emit_seqopts_t *o)
{
    for (size_t i = 0; i < n; i++) {
        if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            continue;
        const PgQuery__DefElem *d = opts[i]->def_elem;
        const char *k = d->defname;
        if (!strcmp(k, "increment"))
            o->inc = opt_int(d, 1), o->has_inc = true;
        else if (!strcmp(k, "start"))
            o->start = opt_int(d, 1), o->has_start = true;
        else if (!strcmp(k, "minvalue"))
            o->minv = opt_int(d, 1), o->has_min = true, o->min_default = !d->arg;
        else if (!strcmp(k, "maxvalue"))
            o->maxv = opt_int(d, 1), o->has_max = true, o->max_default = !d->arg;
        else if (!strcmp(k, "cycle"))
            o->cycle = d->arg ? opt_int(d, 1) != 0 : true, o->has_cycle = true;
        else if (!strcmp(k, "restart"))
            o->restart = opt_int(d, 0), o->has_restart = true, o->restart_start = !d->arg;
        else if (!strcmp(k, "as") && d->arg &&
                 d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
            int32_t typmod;
            o->as_oid = emit_typename_oid(d->arg->type_name, &typmod);
            if (!emit_type_is_int(o->as_oid))
                emit_error(c, LG_SQLSTATE_INVALID_PARAMETER_VALUE, d->location,
                           "sequence type must be smallint, integer, or bigint");
        } else if (!strcmp(k, "owned_by"))
            parse_owner(c, d, o);
        /* cache, sequence_name: no effect on values */
    }
    if (o->has_inc && o->inc == 0)
        emit_error(c, LG_SQLSTATE_INVALID_PARAMETER_VALUE, -1, "INCREMENT must not be zero");
}

void emit_seqopts_resolve(emit_seqopts_t *o, uint32_t type_oid)
{
    int64_t lo, hi;
    type_bounds(o->as_oid ? o->as_oid : type_oid, &lo, &hi);
    if (!o->has_inc)
        o->inc = 1;
    if (!o->has_min || o->min_default)
        o->minv = o->inc > 0 ? 1 : lo;
    if (!o->has_max || o->max_default)
        o->maxv = o->inc > 0 ? hi : -1;
    if (!o->has_start)
        o->start = o->inc > 0 ? o->minv : o->maxv;
}

static const char *type_word(uint32_t oid)
{
    return oid == PGTYPE_INT2 ? "smallint" : oid == PGTYPE_INT4 ? "integer" : "bigint";
}

void emit_seqopts_check(emit_ctx_t *c, const emit_seqopts_t *o, uint32_t type_oid)
{
    uint32_t t = o->as_oid ? o->as_oid : type_oid;
    int64_t lo, hi;
    type_bounds(t, &lo, &hi);
    const char *bad = LG_SQLSTATE_INVALID_PARAMETER_VALUE;
    if (o->maxv < lo || o->maxv > hi)
        emit_error(c, bad, -1, "MAXVALUE (%" PRId64 ") is out of range for sequence data type %s",
                   o->maxv, type_word(t));
    else if (o->minv < lo || o->minv > hi)
        emit_error(c, bad, -1, "MINVALUE (%" PRId64 ") is out of range for sequence data type %s",
                   o->minv, type_word(t));
    else if (o->minv >= o->maxv)
        emit_error(c, bad, -1, "MINVALUE (%" PRId64 ") must be less than MAXVALUE (%" PRId64 ")",
                   o->minv, o->maxv);
    else if (o->start < o->minv)
        emit_error(c, bad, -1,
                   "START value (%" PRId64 ") cannot be less than MINVALUE (%" PRId64 ")", o->start,
                   o->minv);
    else if (o->start > o->maxv)
        emit_error(c, bad, -1,
                   "START value (%" PRId64 ") cannot be greater than MAXVALUE (%" PRId64 ")",
                   o->start, o->maxv);
}

/* "SET a = x, b = y" of an ALTER for the options given (empty when none). */
static void seqopts_set_list(lg_buf_t *m, const emit_seqopts_t *o)
{
    const char *sep = " SET ";
    if (o->has_inc) {
        lg_buf_printf(m, "%sincrement = %" PRId64, sep, o->inc);
        sep = ", ";
    }
    if (o->has_start) {
        lg_buf_printf(m, "%sstart_value = %" PRId64, sep, o->start);
        sep = ", ";
    }
    char inc[32];
    if (o->has_inc)
        snprintf(inc, sizeof(inc), "%" PRId64, o->inc);
    else
        snprintf(inc, sizeof(inc), "increment"); /* SQLite reads the old row's value */
    if (o->has_min) {
        if (o->min_default)
            lg_buf_printf(m, "%smin_value = CASE WHEN %s > 0 THEN 1 ELSE %" PRId64 " END", sep, inc,
                          INT64_MIN);
        else
            lg_buf_printf(m, "%smin_value = %" PRId64, sep, o->minv);
        sep = ", ";
    }
    if (o->has_max) {
        if (o->max_default)
            lg_buf_printf(m, "%smax_value = CASE WHEN %s > 0 THEN %" PRId64 " ELSE -1 END", sep,
                          inc, INT64_MAX);
        else
            lg_buf_printf(m, "%smax_value = %" PRId64, sep, o->maxv);
        sep = ", ";
    }
    if (o->has_cycle) {
        lg_buf_printf(m, "%scycle = %d", sep, o->cycle ? 1 : 0);
        sep = ", ";
    }
    if (o->has_owner) {
        lg_buf_printf(m, "%sowner_tbl = ", sep);
        if (o->owner_tbl[0]) {
            emit_meta_literal(m, o->owner_tbl);
            lg_buf_printf(m, ", owner_col = ");
            emit_meta_literal(m, o->owner_col);
        } else {
            lg_buf_printf(m, "NULL, owner_col = NULL");
        }
        sep = ", ";
    }
    if (o->has_restart) {
        /* lg_seq_reset(name) is 0 and tells nextval's memory that this is a new reset */
        if (o->restart_start && !o->has_start)
            lg_buf_printf(m, "%slast_value = start_value, is_called = lg_seq_reset(name)", sep);
        else if (o->restart_start)
            lg_buf_printf(m, "%slast_value = %" PRId64 ", is_called = lg_seq_reset(name)", sep,
                          o->start);
        else
            lg_buf_printf(m, "%slast_value = %" PRId64 ", is_called = lg_seq_reset(name)", sep,
                          o->restart);
    }
}

void emit_seqopts_update(lg_buf_t *m, const emit_seqopts_t *o, const char *where)
{
    lg_buf_t set;
    lg_buf_init(&set, 4096);
    seqopts_set_list(&set, o);
    lg_buf_putc(&set, 0);
    if (!set.failed && set.len > 1)
        lg_buf_printf(m, "UPDATE _lg_sequences%s WHERE %s;", (const char *)set.data, where);
    lg_buf_deinit(&set);
}

void emit_alter_seq(emit_ctx_t *c, const PgQuery__AlterSeqStmt *s, translate_stmt_t *out)
{
    snprintf(out->tag, sizeof(out->tag), "ALTER SEQUENCE");
    const char *name = emit_relname(c, s->sequence);
    emit_seqopts_t o = {0};
    emit_seqopts_parse(c, s->options, s->n_options, &o);
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (db && catalog_sequence_exists(db, name) == 0) {
        if (!s->missing_ok)
            emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, s->sequence->location,
                       "relation \"%s\" does not exist", name);
        else
            emit_notice(c, "00000", "relation \"%s\" does not exist, skipping",
                        s->sequence->relname);
        return;
    }
    if (c->failed)
        return;
    emit_str(c, CATALOG_META_CREATE_SQL);
    lg_buf_t m, w;
    lg_buf_init(&m, 64 * 1024);
    lg_buf_init(&w, 1024);
    lg_buf_printf(&w, "name = ");
    emit_meta_literal(&w, name);
    lg_buf_putc(&w, 0);
    if (!w.failed)
        emit_seqopts_update(&m, &o, (const char *)w.data);
    lg_buf_putc(&m, 0);
    if (!m.failed)
        emit_str(c, (const char *)m.data);
    lg_buf_deinit(&m);
    lg_buf_deinit(&w);
}
