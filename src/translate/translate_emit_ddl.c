/* translate_emit_ddl.c - CREATE TABLE (types recorded in _lg_columns, SERIAL and IDENTITY
 * as sequences, DEFAULTs, PRIMARY KEY/UNIQUE/CHECK/FOREIGN KEY with PostgreSQL's
 * constraint names recorded in _lg_constraints), CREATE [UNIQUE] INDEX, DROP, CREATE [OR
 * REPLACE] VIEW, CREATE SEQUENCE (TRUNCATE: translate_emit_lock.c).
 *
 * DDL output is several ';'-separated SQLite statements that exec runs in one
 * transaction: CATALOG_META_CREATE_SQL first (the metadata tables exist on demand), then
 * the statement itself, then the metadata rows. Worker thread only. */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include "translate_emit_enum.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void emit_meta_literal(lg_buf_t *b, const char *s)
{
    lg_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            lg_buf_putc(b, '\'');
        lg_buf_putc(b, (uint8_t)*s);
    }
    lg_buf_putc(b, '\'');
}

void emit_meta_ident(lg_buf_t *b, const char *s)
{
    lg_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            lg_buf_putc(b, '"');
        lg_buf_putc(b, (uint8_t)*s);
    }
    lg_buf_putc(b, '"');
}

void emit_meta_constraint(lg_buf_t *b, const char *tbl, const char *name, char kind,
                          const char *cols, const char *reftbl)
{
    lg_buf_printf(b, "INSERT OR REPLACE INTO _lg_constraints(tbl, name, kind, cols, reftbl) "
                     "VALUES (");
    emit_meta_literal(b, tbl);
    lg_buf_printf(b, ", ");
    emit_meta_literal(b, name);
    lg_buf_printf(b, ", '%c', ", kind);
    emit_meta_literal(b, cols);
    lg_buf_printf(b, ", ");
    if (reftbl)
        emit_meta_literal(b, reftbl);
    else
        lg_buf_printf(b, "NULL");
    lg_buf_printf(b, ");");
}

void emit_meta_sequence(lg_buf_t *b, const char *name, const emit_seqopts_t *o, const char *otbl,
                        const char *ocol, bool or_ignore)
{
    lg_buf_printf(b,
                  "INSERT %s INTO _lg_sequences(name, last_value, start_value, increment, "
                  "min_value, max_value, cycle, is_called, owner_tbl, owner_col) VALUES (",
                  or_ignore ? "OR IGNORE" : "OR REPLACE");
    emit_meta_literal(b, name);
    lg_buf_printf(b, ", %" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64 ", %" PRId64 ", %d, ",
                  o->start, o->start, o->inc, o->minv, o->maxv, o->cycle ? 1 : 0);
    /* is_called = 0, noted as a new reset for nextval's memory (sqlfn_seq.c) */
    lg_buf_printf(b, "lg_seq_reset(");
    emit_meta_literal(b, name);
    lg_buf_printf(b, "), ");
    if (otbl) {
        emit_meta_literal(b, otbl);
        lg_buf_printf(b, ", ");
        emit_meta_literal(b, ocol);
    } else {
        lg_buf_printf(b, "NULL, NULL");
    }
    lg_buf_printf(b, ");");
}

static const char *fk_action(const char *a)
{
    switch (a[0]) {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return NULL;
    }
}

static void join_names(PgQuery__Node **items, size_t n, char *out, size_t cap)
{
    size_t off = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && off < cap; i++)
        off += (size_t)snprintf(out + off, cap - off, "%s%s", i ? "," : "", emit_strval(items[i]));
}

typedef struct colrefs {
    char *out;
    size_t cap, off;
} colrefs_t;

/* Adds the column each ColumnRef under m names to the list, once (emit_walk_fn). */
static bool collect_colref(const ProtobufCMessage *m, void *ctx)
{
    colrefs_t *r = ctx;
    if (m->descriptor != &pg_query__column_ref__descriptor) {
        emit_walk_children(m, collect_colref, ctx);
        return true;
    }
    const PgQuery__ColumnRef *cr = (const PgQuery__ColumnRef *)m;
    const PgQuery__Node *last = cr->n_fields ? cr->fields[cr->n_fields - 1] : NULL;
    if (!last || last->node_case != PG_QUERY__NODE__NODE_STRING)
        return true;
    const char *name = emit_strval(last);
    size_t n = strlen(name);
    for (const char *p = r->out; (p = strstr(p, name)) != NULL; p += n)
        if ((p == r->out || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return true; /* already listed */
    if (r->off + n + 2 < r->cap)
        r->off +=
            (size_t)snprintf(r->out + r->off, r->cap - r->off, "%s%s", r->off ? "," : "", name);
    return true;
}

/* The columns a table CHECK expression reads (pg_constraint.conkey), comma-separated. */
static void check_columns(const PgQuery__Node *expr, char *out, size_t cap)
{
    colrefs_t r = {.out = out, .cap = cap, .off = 0};
    out[0] = '\0';
    if (expr)
        collect_colref(&expr->base, &r);
}

static void emit_name_list(emit_ctx_t *c, PgQuery__Node **items, size_t n)
{
    emit_str(c, "(");
    for (size_t i = 0; i < n; i++) {
        emit_str(c, i ? ", " : "");
        emit_ident(c, emit_strval(items[i]));
    }
    emit_str(c, ")");
}

static void emit_references(emit_ctx_t *c, const PgQuery__Constraint *k)
{
    emit_str(c, " REFERENCES ");
    emit_rangevar(c, k->pktable, false);
    if (k->n_pk_attrs)
        emit_name_list(c, k->pk_attrs, k->n_pk_attrs);
    const char *d = fk_action(k->fk_del_action);
    const char *u = fk_action(k->fk_upd_action);
    if (d)
        emit_fmt(c, " ON DELETE %s", d);
    if (u)
        emit_fmt(c, " ON UPDATE %s", u);
    if (k->deferrable)
        emit_str(c, k->initdeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
}

void emit_set_constraints(emit_ctx_t *c, const PgQuery__ConstraintsSetStmt *s)
{
    if (c->stmt_out)
        c->stmt_out->warns_no_block = true;
    if (s->deferred) {
        emit_str(c, "PRAGMA defer_foreign_keys = ON");
        return;
    }
    /* IMMEDIATE: what was deferred so far must hold now */
    emit_str(c, "PRAGMA defer_foreign_keys = OFF;"
                "SELECT lg_raise('23503', 'insert or update on table \"' || \"table\" || "
                "'\" violates foreign key constraint') FROM pragma_foreign_key_check LIMIT 1");
}

/* Default constraint names as PostgreSQL chooses them. */
void emit_default_conname(char *buf, size_t cap, const char *tbl, const char *cols,
                          const char *suffix)
{
    char tmp[256];
    const char *dot = strchr(tbl, '.'); /* "schema.t": names are chosen within the schema */
    if (dot && dot != tbl)
        tbl = dot + 1;
    snprintf(tmp, sizeof(tmp), "%s", cols);
    for (char *p = tmp; *p; p++)
        if (*p == ',')
            *p = '_';
    if (tmp[0])
        snprintf(buf, cap, "%s_%s_%s", tbl, tmp, suffix);
    else
        snprintf(buf, cap, "%s_%s", tbl, suffix);
}

static bool is_serial(const char *tn)
{
    return !strcmp(tn, "serial") || !strcmp(tn, "bigserial") || !strcmp(tn, "smallserial") ||
           !strcmp(tn, "serial4") || !strcmp(tn, "serial8") || !strcmp(tn, "serial2");
}

/* Emits a named table-level item ", CONSTRAINT name ..." into t->cons. Every PRIMARY KEY,
 * UNIQUE, CHECK and FOREIGN KEY (column-level ones included) becomes such an item, so that
 * ALTER TABLE can find, drop and rebuild constraints by name. */
static void cons_begin(emit_ctx_t *c, emit_ddl_table_t *t, const char *cname, lg_buf_t **saved)
{
    *saved = c->b;
    c->b = &t->cons;
    emit_str(c, ", CONSTRAINT ");
    emit_ident(c, cname);
}

static void cons_end(emit_ctx_t *c, lg_buf_t *saved)
{
    c->b = saved;
}

/* PostgreSQL's ChooseConstraintName: a taken default name gets 1, 2, ... appended. */
static void take_name(emit_ddl_table_t *t, char *buf, size_t cap, bool is_default)
{
    char base[200];
    snprintf(base, sizeof(base), "%s", buf);
    for (int n = 1; is_default && n < 1000; n++) {
        bool used = false;
        for (int i = 0; i < t->ntaken && !used; i++)
            used = strcmp(t->taken[i], buf) == 0;
        if (!used)
            break;
        snprintf(buf, cap, "%.200s%d", base, n);
    }
    if (t->ntaken < 64)
        snprintf(t->taken[t->ntaken++], EMIT_NAME_MAX, "%s", buf);
}

static void pick_conname(emit_ddl_table_t *t, char *buf, size_t cap, const PgQuery__Constraint *k,
                         const char *cols, const char *suffix)
{
    if (k->conname[0])
        snprintf(buf, cap, "%s", k->conname);
    else
        emit_default_conname(buf, cap, t->name, cols, suffix);
    take_name(t, buf, cap, !k->conname[0]);
}

static void pick_checkname(emit_ddl_table_t *t, char *buf, size_t cap, const PgQuery__Constraint *k)
{
    if (k->conname[0])
        snprintf(buf, cap, "%s", k->conname);
    else
        emit_check_default_name(k->raw_expr, t->name, buf, cap);
    take_name(t, buf, cap, !k->conname[0]);
}

static void emit_col_keyed(emit_ctx_t *c, emit_ddl_table_t *t, const char *col,
                           const PgQuery__Constraint *k)
{
    char cname[256];
    lg_buf_t *saved;
    char kind = 'u';
    switch (k->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        kind = 'p';
        pick_conname(t, cname, sizeof(cname), k, "", "pkey");
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        pick_conname(t, cname, sizeof(cname), k, col, "key");
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        kind = 'c';
        pick_checkname(t, cname, sizeof(cname), k);
        break;
    default:
        kind = 'f';
        pick_conname(t, cname, sizeof(cname), k, col, "fkey");
        break;
    }
    cons_begin(c, t, cname, &saved);
    if (kind == 'c') {
        emit_str(c, " CHECK (");
        emit_expr_as(c, k->raw_expr, PGTYPE_BOOL, -1);
        emit_str(c, ")");
    } else {
        emit_str(c, kind == 'p' ? " PRIMARY KEY (" : kind == 'u' ? " UNIQUE (" : " FOREIGN KEY (");
        emit_ident(c, col);
        emit_str(c, ")");
        if (kind == 'f')
            emit_references(c, k);
    }
    cons_end(c, saved);
    emit_meta_constraint(&t->meta, t->name, cname, kind, col,
                         kind == 'f' ? emit_relname(c, k->pktable) : NULL);
}

/* Column-level constraint; `col` is the column. */
static void emit_col_constraint(emit_ctx_t *c, emit_ddl_table_t *t, const char *col,
                                const PgQuery__Constraint *k, uint32_t oid, int32_t typmod)
{
    switch (k->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        emit_str(c, " NOT NULL");
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        emit_str(c, " DEFAULT (");
        emit_expr_as(c, k->raw_expr, oid, typmod);
        emit_str(c, ")");
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        emit_str(c, " NOT NULL");
        emit_col_keyed(c, t, col, k);
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        emit_col_keyed(c, t, col, k);
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
        emit_str(c, " GENERATED ALWAYS AS (");
        emit_expr(c, k->raw_expr);
        emit_str(c, ") STORED");
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        return; /* handled with the column's default */
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
        return;
    default:
        emit_unsupported(c, k->location, "this column constraint");
        return;
    }
}

static bool has_default(const PgQuery__ColumnDef *cd)
{
    for (size_t i = 0; i < cd->n_constraints; i++)
        if (cd->constraints[i]->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
            return true;
    return false;
}

/* A column of a user type: enums sort by label position (the type's collation) and take
 * only its labels; domains check NOT NULL and CHECKs (a table-level CHECK calling the
 * sqlfn_enum.c validators, which raise PostgreSQL's errors themselves). */
static void emit_usertype_column(emit_ctx_t *c, emit_ddl_table_t *t, const PgQuery__ColumnDef *cd,
                                 const emit_usertype_t *ut)
{
    char coll[EMIT_NAME_MAX + 16];
    if (ut->kind == 'e') {
        snprintf(coll, sizeof(coll), "lg_enum_%s", ut->name);
        emit_str(c, " COLLATE ");
        emit_ident(c, coll);
    } else if (!ut->notnull && !ut->has_checks) {
        return;
    }
    lg_buf_t *saved = c->b;
    c->b = &t->cons;
    emit_str(c, ut->kind == 'e' ? ", CHECK (lg_enum_ok(" : ", CHECK (lg_domain_ok(");
    emit_ident(c, cd->colname);
    emit_str(c, ", ");
    emit_literal(c, ut->name);
    emit_str(c, "))");
    c->b = saved;
}

static bool is_pk_col(const emit_ddl_table_t *t, const char *col)
{
    for (int i = 0; i < t->npk; i++)
        if (!strcmp(t->pk_cols[i], col))
            return true;
    return false;
}

void emit_meta_column(emit_ddl_table_t *t, const char *col, int attnum, uint32_t oid,
                      int32_t typmod, const char *identity, const char *pgname)
{
    char ptext[EMIT_NAME_MAX + 64];
    if (pgname)
        snprintf(ptext, sizeof(ptext), "%s", pgname);
    else
        emit_type_text(oid, typmod, ptext, sizeof(ptext));
    lg_buf_printf(&t->meta,
                  "INSERT OR REPLACE INTO _lg_columns(tbl, col, attnum, pgtype, typoid, typmod, "
                  "is_identity) VALUES (");
    emit_meta_literal(&t->meta, t->name);
    lg_buf_printf(&t->meta, ", ");
    emit_meta_literal(&t->meta, col);
    if (attnum > 0) {
        lg_buf_printf(&t->meta, ", %d, ", attnum);
    } else { /* ALTER TABLE ADD COLUMN: after the highest attnum (PostgreSQL keeps holes) */
        lg_buf_printf(&t->meta, ", (SELECT coalesce(max(attnum), 0) + 1 FROM _lg_columns "
                                "WHERE tbl = ");
        emit_meta_literal(&t->meta, t->name);
        lg_buf_printf(&t->meta, "), ");
    }
    emit_meta_literal(&t->meta, ptext);
    lg_buf_printf(&t->meta, ", %u, %d, '%s');", oid, typmod, identity);
}

void emit_ddl_column(emit_ctx_t *c, emit_ddl_table_t *t, const PgQuery__ColumnDef *cd, int attnum)
{
    const char *tn = emit_last_name(cd->type_name->names, cd->type_name->n_names);
    int32_t typmod;
    uint32_t oid = emit_typename_oid(cd->type_name, &typmod);
    emit_usertype_t ut;
    bool user = !oid && emit_usertype_find(c, cd->type_name, &ut);
    if (user) { /* enum, composite: own OID, TEXT; domain: the base type's storage, OID */
        oid = ut.kind != 'd' ? ut.oid : ut.base;
        typmod = ut.kind != 'd' ? -1 : ut.typmod;
    }
    if (!oid) {
        emit_unknown_type(c, cd->type_name, cd->type_name->location);
        return;
    }
    const PgQuery__Constraint *ident = NULL;
    for (size_t i = 0; i < cd->n_constraints; i++)
        if (cd->constraints[i]->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
            ident = cd->constraints[i]->constraint;
    emit_ident(c, cd->colname);
    /* A column spelled exactly INTEGER under a one-column PRIMARY KEY is SQLite's rowid
     * alias, which ignores DEFAULT: SERIAL/IDENTITY keys, and keys with a DEFAULT of their
     * own, are declared BIGINT (same INTEGER affinity, not an alias) so the default runs. */
    bool seq_col = is_serial(tn) || ident;
    bool dflt_key = is_pk_col(t, cd->colname) && (has_default(cd) || (user && ut.defexpr[0]));
    emit_fmt(c, " %s",
             (seq_col || dflt_key) && emit_type_is_int(oid) ? "BIGINT" : emit_storage_decl(oid));
    if (user)
        emit_usertype_column(c, t, cd, &ut);
    if (is_pk_col(t, cd->colname) || seq_col)
        emit_str(c, " NOT NULL");
    for (size_t i = 0; i < cd->n_constraints; i++) {
        const PgQuery__Constraint *k = cd->constraints[i]->constraint;
        PgQuery__Constraint fk;
        if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
            /* a column REFERENCES takes the DEFERRABLE / INITIALLY words that follow it */
            fk = *k;
            for (size_t j = i + 1; j < cd->n_constraints; j++) {
                PgQuery__ConstrType a = cd->constraints[j]->constraint->contype;
                if (a == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
                    fk.deferrable = true;
                else if (a == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE)
                    fk.deferrable = false;
                else if (a == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED)
                    fk.initdeferred = fk.deferrable = true;
                else if (a == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE)
                    fk.initdeferred = false;
                else
                    break;
            }
            k = &fk;
        }
        emit_col_constraint(c, t, cd->colname, k, oid, typmod);
    }
    if (user && ut.defexpr[0] && !has_default(cd))
        emit_fmt(c, " DEFAULT (%s)", ut.defexpr);
    if (seq_col) {
        char seq[256];
        snprintf(seq, sizeof(seq), "%s_%s_seq", t->name, cd->colname);
        emit_str(c, " DEFAULT (nextval(");
        emit_literal(c, seq);
        emit_str(c, "))");
        emit_seqopts_t so = {0};
        if (ident)
            emit_seqopts_parse(c, ident->options, ident->n_options, &so);
        emit_seqopts_resolve(&so, oid);
        emit_seqopts_check(c, &so, oid);
        emit_meta_sequence(&t->meta, seq, &so, t->name, cd->colname, false);
    }
    emit_meta_column(t, cd->colname, attnum, oid, typmod,
                     ident ? (ident->generated_when[0] == 'a' ? "a" : "d") : "",
                     user ? ut.name : NULL);
}

/* MATCH FULL: the key columns are all NULL or none is. SQLite checks MATCH SIMPLE only, so
 * a CHECK named as the foreign key says so; its failure reads as PostgreSQL's 23503
 * (exec_conn.c, shape_check). */
static void emit_match_full(emit_ctx_t *c, emit_ddl_table_t *t, const char *cname,
                            const PgQuery__Constraint *k)
{
    lg_buf_t *saved;
    cons_begin(c, t, cname, &saved);
    emit_str(c, " CHECK ((");
    for (size_t i = 0; i < k->n_fk_attrs; i++) {
        emit_str(c, i ? " + (" : "(");
        emit_ident(c, emit_strval(k->fk_attrs[i]));
        emit_str(c, " IS NULL)");
    }
    emit_fmt(c, ") IN (0, %zu))", k->n_fk_attrs);
    cons_end(c, saved);
}

void emit_ddl_table_constraint(emit_ctx_t *c, emit_ddl_table_t *t, const PgQuery__Constraint *k)
{
    char cols[512], cname[256];
    const char *suffix = "key";
    char kind = 'u';
    switch (k->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        suffix = "pkey";
        kind = 'p';
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        suffix = "fkey";
        kind = 'f';
        break;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        suffix = "check";
        kind = 'c';
        break;
    default:
        emit_unsupported(c, k->location,
                         k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION
                             ? "EXCLUDE constraint"
                             : "this table constraint");
        return;
    }
    if (kind == 'f')
        join_names(k->fk_attrs, k->n_fk_attrs, cols, sizeof(cols));
    else if (kind == 'c')
        check_columns(k->raw_expr, cols, sizeof(cols));
    else
        join_names(k->keys, k->n_keys, cols, sizeof(cols));
    if (kind == 'c')
        pick_checkname(t, cname, sizeof(cname), k);
    else
        pick_conname(t, cname, sizeof(cname), k, kind == 'p' ? "" : cols, suffix);
    lg_buf_t *saved;
    cons_begin(c, t, cname, &saved);
    if (kind == 'c') {
        emit_str(c, " CHECK (");
        emit_expr_as(c, k->raw_expr, PGTYPE_BOOL, -1);
        emit_str(c, ")");
    } else if (kind == 'f') {
        emit_str(c, " FOREIGN KEY ");
        emit_name_list(c, k->fk_attrs, k->n_fk_attrs);
        emit_references(c, k);
    } else {
        emit_str(c, kind == 'p' ? " PRIMARY KEY " : " UNIQUE ");
        emit_name_list(c, k->keys, k->n_keys);
    }
    cons_end(c, saved);
    if (kind == 'f' && k->fk_matchtype[0] == 'f' && k->n_fk_attrs > 1)
        emit_match_full(c, t, cname, k);
    emit_meta_constraint(&t->meta, t->name, cname, kind, cols,
                         kind == 'f' ? emit_relname(c, k->pktable) : NULL);
}

/* Column types of the table being created, for CHECK/DEFAULT expressions. */
static void scope_add_new_table(emit_ctx_t *c, const char *name, const PgQuery__CreateStmt *s)
{
    emit_rel_t *r = emit_scope_add(c, name, "");
    if (!r)
        return;
    r->cols = lg_xcalloc(s->n_table_elts ? s->n_table_elts : 1, sizeof(translate_col_t));
    for (size_t i = 0; i < s->n_table_elts; i++) {
        if (s->table_elts[i]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            continue;
        const PgQuery__ColumnDef *cd = s->table_elts[i]->column_def;
        translate_col_t *col = &r->cols[r->ncols++];
        col->name = lg_xstrdup(cd->colname);
        col->type_oid = emit_typename_oid(cd->type_name, &col->typmod);
    }
}

/* PostgreSQL type category for the comparison a foreign key needs (0: not judged). */
static char fk_category(uint32_t t)
{
    if (emit_type_is_int(t) || emit_type_is_float(t) || t == PGTYPE_NUMERIC)
        return 'N';
    if (emit_type_is_textlike(t))
        return 'S';
    if (t == PGTYPE_DATE || t == PGTYPE_TIMESTAMP || t == PGTYPE_TIMESTAMPTZ)
        return 'D';
    if (t == PGTYPE_UUID)
        return 'U';
    if (t == PGTYPE_BOOL)
        return 'B';
    return 0;
}

static const PgQuery__ColumnDef *column_def(const PgQuery__CreateStmt *s, const char *col)
{
    for (size_t i = 0; i < s->n_table_elts; i++)
        if (s->table_elts[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF &&
            strcmp(s->table_elts[i]->column_def->colname, col) == 0)
            return s->table_elts[i]->column_def;
    return NULL;
}

/* 42804 when a key column's type has no equality with the referenced column's. */
static void fk_type_check(emit_ctx_t *c, const PgQuery__CreateStmt *s, const PgQuery__Constraint *k,
                          const char *col, size_t i)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    const PgQuery__ColumnDef *cd = column_def(s, col);
    const char *parent = emit_relname(c, k->pktable);
    char refcol[EMIT_NAME_MAX] = "";
    if (i < k->n_pk_attrs)
        snprintf(refcol, sizeof(refcol), "%s", emit_strval(k->pk_attrs[i]));
    catalog_coltype_t pt;
    if (!db || !cd || !refcol[0] || catalog_column_type(db, parent, refcol, &pt) != 0)
        return;
    int32_t typmod;
    uint32_t t = emit_typename_oid(cd->type_name, &typmod);
    char a = fk_category(t), b = fk_category(pt.typoid);
    if (!a || !b || a == b)
        return;
    char name[EMIT_NAME_MAX * 2];
    if (k->conname[0])
        snprintf(name, sizeof(name), "%s", k->conname);
    else
        snprintf(name, sizeof(name), "%s_%s_fkey", s->relation->relname, col);
    emit_error(c, "42804", -1, "foreign key constraint \"%s\" cannot be implemented", name);
    if (c->err)
        lg_pgerr_detail(c->err,
                        "Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.", col,
                        refcol, pgtype_name(t), pgtype_name(pt.typoid));
}

/* A referenced table must exist (SQLite only finds out at the first write). */
static void emit_fk_parent_check(emit_ctx_t *c, const PgQuery__Constraint *k, const char *self)
{
    const char *parent = emit_relname(c, k->pktable);
    if (!strcmp(parent, self))
        return;
    char msg[EMIT_NAME_MAX + 64];
    snprintf(msg, sizeof(msg), "relation \"%s\" does not exist", parent);
    emit_str(c, "SELECT lg_raise('42P01', ");
    emit_literal(c, msg);
    emit_str(c, ") WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND "
                "name = ");
    emit_literal(c, parent);
    emit_str(c, ");");
    for (size_t i = 0; i < k->n_pk_attrs; i++) { /* REFERENCES t(col): col must exist */
        const char *col = emit_strval(k->pk_attrs[i]);
        snprintf(msg, sizeof(msg),
                 "column \"%s\" referenced in foreign key constraint does not "
                 "exist",
                 col);
        emit_str(c, "SELECT lg_raise('42703', ");
        emit_literal(c, msg);
        emit_str(c, ") WHERE EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ");
        emit_literal(c, parent);
        emit_str(c, ") AND NOT EXISTS (SELECT 1 FROM pragma_table_info(");
        emit_literal(c, parent);
        emit_str(c, ") WHERE name = ");
        emit_literal(c, col);
        emit_str(c, ");");
    }
}

/* Checks of the table's FOREIGN KEYs (column or table constraints) after its CREATE;
 * true when it has any. */
static bool emit_fk_checks(emit_ctx_t *c, const PgQuery__CreateStmt *s, const char *self)
{
    bool any = false;
    for (size_t i = 0; i < s->n_table_elts; i++) {
        const PgQuery__Node *e = s->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            e->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
            for (size_t k = 0; k < e->constraint->n_fk_attrs; k++)
                fk_type_check(c, s, e->constraint, emit_strval(e->constraint->fk_attrs[k]), k);
            emit_fk_parent_check(c, e->constraint, self);
            any = true;
        }
        if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            continue;
        for (size_t k = 0; k < e->column_def->n_constraints; k++) {
            const PgQuery__Constraint *ck = e->column_def->constraints[k]->constraint;
            if (ck->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
                fk_type_check(c, s, ck, e->column_def->colname, 0);
                emit_fk_parent_check(c, ck, self);
                any = true;
            }
        }
    }
    return any;
}

/* The NOTICE of an IF [NOT] EXISTS that skips: "<kind> "<name>" <what>, skipping" (one per
 * object, as DROP ... IF EXISTS a, b). */
static void skip_notice(emit_ctx_t *c, const char *kind, const char *name, const char *what)
{
    const char *state = "00000";
    if (!strcmp(what, "already exists"))
        state = !strcmp(kind, "relation") ? "42P07" : "42710";
    emit_notice(c, state, "%s \"%s\" %s, skipping", kind, name, what);
}

static bool relation_exists(emit_ctx_t *c, const char *name)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    return catalog_relname_exists(db, name) == 1;
}

/* PRIMARY KEY constraints of a CREATE TABLE, column or table ones. */
static int primary_keys(const PgQuery__CreateStmt *s)
{
    int n = 0;
    for (size_t i = 0; i < s->n_table_elts; i++) {
        const PgQuery__Node *e = s->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            n += e->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
        else if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            for (size_t k = 0; k < e->column_def->n_constraints; k++)
                n += e->column_def->constraints[k]->constraint->contype ==
                     PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    }
    return n;
}

void emit_create_table(emit_ctx_t *c, const PgQuery__CreateStmt *s, translate_stmt_t *out)
{
    (void)out;
    if (s->n_inh_relations || s->partspec || s->partbound || s->of_typename) {
        emit_unsupported(c, s->relation->location, "inheritance, partitioning and typed tables");
        return;
    }
    bool temp = s->relation->relpersistence[0] == 't';
    if (temp && s->oncommit > PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_PRESERVE_ROWS) {
        emit_unsupported(c, s->relation->location, "ON COMMIT DELETE ROWS / DROP");
        return;
    }
    if (primary_keys(s) > 1) {
        emit_error(c, "42P16", s->relation->location,
                   "multiple primary keys for table \"%s\" are not allowed", s->relation->relname);
        return;
    }
    emit_ddl_table_t t = {.name = temp ? emit_temp_relname(c, s->relation, out)
                                       : emit_create_relname(c, s->relation)};
    lg_buf_init(&t.meta, c->b->max);
    lg_buf_init(&t.cons, c->b->max);
    emit_scope_push(c);
    scope_add_new_table(c, t.name, s);
    for (size_t i = 0; i < s->n_table_elts; i++) {
        const PgQuery__Node *e = s->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            e->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
            for (size_t k = 0; k < e->constraint->n_keys && t.npk < 64; k++)
                snprintf(t.pk_cols[t.npk++], EMIT_NAME_MAX, "%s",
                         emit_strval(e->constraint->keys[k]));
        if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) /* id int PRIMARY KEY */
            for (size_t k = 0; k < e->column_def->n_constraints && t.npk < 64; k++)
                if (e->column_def->constraints[k]->constraint->contype ==
                    PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
                    snprintf(t.pk_cols[t.npk++], EMIT_NAME_MAX, "%s", e->column_def->colname);
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    if (temp)
        emit_temp_schema_row(c);
    emit_str(c, "CREATE TABLE ");
    if (s->if_not_exists)
        emit_str(c, "IF NOT EXISTS ");
    if (s->if_not_exists && relation_exists(c, t.name))
        skip_notice(c, "relation", t.name, "already exists");
    emit_ident(c, t.name);
    emit_str(c, " (");
    int attnum = 0;
    for (size_t i = 0; i < s->n_table_elts; i++) {
        const PgQuery__Node *e = s->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            emit_str(c, attnum ? ", " : "");
            emit_ddl_column(c, &t, e->column_def, ++attnum);
        } else if (e->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
            emit_create_like(c, &t, e->table_like_clause, &attnum); /* translate_emit_like.c */
        }
    }
    for (size_t i = 0; i < s->n_table_elts; i++) {
        const PgQuery__Node *e = s->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            emit_ddl_table_constraint(c, &t, e->constraint);
        else if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF &&
                 e->node_case != PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE)
            emit_unsupported(c, -1, "this CREATE TABLE element");
    }
    lg_buf_putc(&t.cons, 0);
    if (!t.cons.failed)
        emit_str(c, (const char *)t.cons.data);
    emit_str(c, ");");
    if (emit_fk_checks(c, s, t.name)) {
        /* SQLite accepts REFERENCES to columns without a unique index and then fails every
         * write ("foreign key mismatch"); its check of the (empty) table says so now */
        emit_str(c, "SELECT * FROM pragma_foreign_key_check(");
        emit_literal(c, t.name);
        emit_str(c, ");");
    }
    lg_buf_putc(&t.meta, 0);
    if (s->if_not_exists && c->opts && c->opts->catalog_db &&
        catalog_relation_exists((sqlite3 *)c->opts->catalog_db, t.name) == 1) {
        /* existing table: keep its metadata */
    } else if (!t.meta.failed) {
        emit_str(c, (const char *)t.meta.data);
    }
    lg_buf_deinit(&t.meta);
    lg_buf_deinit(&t.cons);
    emit_scope_pop(c);
}

/* INCLUDE (cols): SQLite indexes have no non-key columns; the list is kept as a comment so
 * pg_indexes shows the definition as PostgreSQL does. */
static void emit_index_include(emit_ctx_t *c, const PgQuery__IndexStmt *s)
{
    if (!s->n_index_including_params)
        return;
    emit_str(c, " /*lg:INCLUDE (");
    for (size_t i = 0; i < s->n_index_including_params; i++) {
        const PgQuery__Node *n = s->index_including_params[i];
        if (n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM || !n->index_elem->name[0] ||
            strstr(n->index_elem->name, "*/")) {
            emit_unsupported(c, -1, "this INCLUDE column");
            return;
        }
        emit_str(c, i ? ", " : "");
        emit_str(c, n->index_elem->name);
    }
    emit_str(c, ")*/");
}

/* An index detail SQLite has no syntax for, kept as a comment "lg:<text>" in the index
 * SQL for pg_indexes (catalog_fn_def.c); false (0A000) when the text would end it. */
static bool emit_index_note(emit_ctx_t *c, const char *what, const char *text)
{
    if (strstr(text, "*/")) {
        emit_unsupported(c, -1, what);
        return false;
    }
    emit_fmt(c, " /*lg:%s*/", text);
    return true;
}

/* An index column's COLLATE and operator class ("name COLLATE "C" text_pattern_ops"). */
static void emit_index_elem_notes(emit_ctx_t *c, const PgQuery__IndexElem *ie)
{
    char buf[EMIT_NAME_MAX + 16];
    if (ie->n_collation) {
        const char *coll = emit_strval(ie->collation[ie->n_collation - 1]);
        bool plain = coll[0] &&
                     strspn(coll, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(coll) &&
                     !(coll[0] >= '0' && coll[0] <= '9');
        snprintf(buf, sizeof(buf), plain ? "COLLATE %s" : "COLLATE \"%s\"", coll);
        if (!emit_index_note(c, "this index COLLATE", buf))
            return;
    }
    if (ie->n_opclass) {
        snprintf(buf, sizeof(buf), "OPCLASS %s", emit_strval(ie->opclass[ie->n_opclass - 1]));
        emit_index_note(c, "this operator class", buf);
    }
}

/* A storage parameter's value as pg_get_indexdef prints it: quoted unless a plain word. */
static void index_option_value(const PgQuery__Node *arg, char *out, size_t cap)
{
    char v[64] = "";
    if (arg && arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
        snprintf(v, sizeof(v), "%d", arg->integer->ival);
    else if (arg && arg->node_case == PG_QUERY__NODE__NODE_FLOAT)
        snprintf(v, sizeof(v), "%s", arg->float_->fval);
    else if (arg && arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        snprintf(v, sizeof(v), "%s", arg->boolean->boolval ? "true" : "false");
    else if (arg && arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) /* a keyword: off */
        snprintf(v, sizeof(v), "%s",
                 emit_last_name(arg->type_name->names, arg->type_name->n_names));
    else if (arg)
        snprintf(v, sizeof(v), "%s", emit_strval(arg));
    bool word = v[0] && !(v[0] >= '0' && v[0] <= '9') &&
                strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(v);
    snprintf(out, cap, word ? "%s" : "'%s'", v);
}

/* USING <method> other than btree, and WITH (storage parameters), as notes after the column
 * list: the SQLite index is a B-tree whatever the method. */
static void emit_index_method_notes(emit_ctx_t *c, const PgQuery__IndexStmt *s)
{
    char buf[512];
    if (s->access_method[0] && strcasecmp(s->access_method, "btree") != 0) {
        snprintf(buf, sizeof(buf), "USING %s", s->access_method);
        if (!emit_index_note(c, "this index method", buf))
            return;
    }
    if (!s->n_options)
        return;
    size_t off = (size_t)snprintf(buf, sizeof(buf), "WITH (");
    for (size_t i = 0; i < s->n_options && off < sizeof(buf); i++) {
        const PgQuery__DefElem *d = s->options[i]->def_elem;
        char v[80];
        index_option_value(d->arg, v, sizeof(v));
        off +=
            (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s=%s", i ? ", " : "", d->defname, v);
    }
    if (off + 1 >= sizeof(buf)) {
        emit_unsupported(c, -1, "this many index storage parameters");
        return;
    }
    snprintf(buf + off, sizeof(buf) - off, ")");
    emit_index_note(c, "this index storage parameter", buf);
}

static bool key_constraint_exists(sqlite3 *db, const char *name, char *tbl, size_t cap);

/* PostgreSQL's name for an unnamed index: table_col..._idx (an expression is named by its
 * function, else "expr"), with 1, 2, ... appended while the name is taken. */
static void index_default_name(emit_ctx_t *c, const PgQuery__IndexStmt *s, char *buf, size_t cap)
{
    size_t off = (size_t)snprintf(buf, cap, "%s", s->relation->relname);
    for (size_t i = 0; i < s->n_index_params && off < cap; i++) {
        const PgQuery__IndexElem *ie = s->index_params[i]->index_elem;
        const char *part = ie->name[0] ? ie->name : "expr";
        if (!ie->name[0] && ie->expr && ie->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
            part = emit_last_name(ie->expr->func_call->funcname, ie->expr->func_call->n_funcname);
        off += (size_t)snprintf(buf + off, cap - off, "_%s", part);
    }
    if (off < cap)
        off += (size_t)snprintf(buf + off, cap - off, "_%s", s->unique ? "key" : "idx");
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    char tbl[EMIT_NAME_MAX];
    for (int n = 1; db && off + 8 < cap && n < 1000; n++) {
        if (catalog_relname_exists(db, buf) != 1 &&
            !key_constraint_exists(db, buf, tbl, sizeof(tbl)))
            break;
        snprintf(buf + off, cap - off, "%d", n);
    }
}

void emit_create_index(emit_ctx_t *c, const PgQuery__IndexStmt *s, translate_stmt_t *out)
{
    (void)out;
    char name[256];
    if (s->idxname[0])
        snprintf(name, sizeof(name), "%s", s->idxname);
    else
        index_default_name(c, s, name, sizeof(name));
    const char *table = emit_relname(c, s->relation);
    emit_scope_push(c);
    emit_scope_add(c, table, table);
    emit_str(c, CATALOG_META_CREATE_SQL);
    emit_str(c, s->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    if (s->if_not_exists)
        emit_str(c, "IF NOT EXISTS ");
    if (s->if_not_exists && relation_exists(c, name))
        skip_notice(c, "relation", name, "already exists");
    emit_ident(c, name);
    emit_str(c, " ON ");
    emit_ident(c, table);
    emit_str(c, " (");
    char cols[512] = "";
    size_t off = 0;
    for (size_t i = 0; i < s->n_index_params; i++) {
        const PgQuery__IndexElem *ie = s->index_params[i]->index_elem;
        emit_str(c, i ? ", " : "");
        if (ie->name[0]) {
            emit_ident(c, ie->name);
            off += (size_t)snprintf(cols + off, off < sizeof(cols) ? sizeof(cols) - off : 0, "%s%s",
                                    i ? "," : "", ie->name);
        } else {
            emit_str(c, "(");
            emit_expr(c, ie->expr);
            emit_str(c, ")");
        }
        emit_index_elem_notes(c, ie);
        bool desc = ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        if (desc)
            emit_str(c, " DESC");
        /* SQLite indexes have no NULLS FIRST/LAST: kept as a comment for pg_indexes */
        if (desc && ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
            emit_str(c, " /*lg:NULLS LAST*/");
        else if (!desc && ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
            emit_str(c, " /*lg:NULLS FIRST*/");
    }
    emit_str(c, ")");
    emit_index_include(c, s);
    emit_index_method_notes(c, s);
    if (s->where_clause) {
        emit_str(c, " WHERE ");
        emit_expr_as(c, s->where_clause, PGTYPE_BOOL, -1);
    }
    emit_str(c, ";");
    if (s->unique) {
        lg_buf_t m;
        lg_buf_init(&m, 64 * 1024);
        emit_meta_constraint(&m, table, name, 'u', cols, NULL);
        lg_buf_putc(&m, 0);
        if (!m.failed)
            emit_str(c, (const char *)m.data);
        lg_buf_deinit(&m);
    }
    emit_scope_pop(c);
}

#define DROP_MAX_OBJECTS 64

/* DROP TABLE parent, child: the tables other listed tables reference go last, so that
 * dropping them fires no foreign-key action on rows about to go anyway. */
static void drop_order(emit_ctx_t *c, const char **names, int n)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    for (int placed = 0; placed < n && db; placed++) {
        int pick = placed; /* a table no later-listed table references, else the next */
        for (int i = placed; i < n; i++) {
            bool referenced = false;
            for (int j = placed; j < n && !referenced; j++)
                referenced = j != i && catalog_table_references(db, names[j], names[i]) == 1;
            if (!referenced) {
                pick = i;
                break;
            }
        }
        const char *t = names[placed];
        names[placed] = names[pick];
        names[pick] = t;
    }
}

static bool name_in(const char *name, const char *const *all, int nall)
{
    for (int i = 0; i < nall; i++)
        if (strcmp(all[i], name) == 0)
            return true;
    return false;
}

/* DROP TABLE t CASCADE: the foreign keys of other tables that reference t go first (an
 * ALTER TABLE ... DROP CONSTRAINT each), as PostgreSQL drops them with t. */
/* One ALTER TABLE tbl <subtype> name (no definition: DROP CONSTRAINT, DROP DEFAULT) as part
 * of another statement's script. */
static void alter_one(emit_ctx_t *c, char *tbl, PgQuery__AlterTableType subtype, char *name)
{
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    rv.relname = tbl;
    rv.location = -1;
    PgQuery__AlterTableCmd cmd = PG_QUERY__ALTER_TABLE_CMD__INIT;
    cmd.subtype = subtype;
    cmd.name = name;
    PgQuery__Node cmd_node = PG_QUERY__NODE__INIT, *cmd_p = &cmd_node;
    cmd_node.node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
    cmd_node.alter_table_cmd = &cmd;
    PgQuery__AlterTableStmt at = PG_QUERY__ALTER_TABLE_STMT__INIT;
    at.relation = &rv;
    at.n_cmds = 1;
    at.cmds = &cmd_p;
    at.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    translate_stmt_t scratch = {.ncols = -1};
    emit_alter_table(c, &at, &scratch);
}

static void drop_referencing_fks(emit_ctx_t *c, sqlite3 *db, const char *name,
                                 const char *const *all, int nall)
{
    char fks[16][2][EMIT_NAME_MAX];
    int n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT tbl, name FROM _lg_constraints WHERE kind = 'f' AND "
                           "reftbl = ?1 AND tbl <> ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        while (n < 16 && sqlite3_step(st) == SQLITE_ROW) {
            const char *tbl = (const char *)sqlite3_column_text(st, 0);
            if (name_in(tbl, all, nall))
                continue; /* dropped by the same statement */
            snprintf(fks[n][0], EMIT_NAME_MAX, "%s", tbl);
            snprintf(fks[n++][1], EMIT_NAME_MAX, "%s", (const char *)sqlite3_column_text(st, 1));
        }
    }
    sqlite3_finalize(st);
    for (int i = 0; i < n && !c->failed; i++) {
        alter_one(c, fks[i][0], PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint, fks[i][1]);
        char desc[EMIT_NAME_MAX * 3];
        emit_object_desc(desc, sizeof(desc), "constraint", fks[i][1], fks[i][0]);
        emit_cascade_note(c, EMIT_CASCADE_CONSTRAINT, desc);
    }
}

/* DROP SEQUENCE ... CASCADE: the column defaults calling nextval('name') go first, as
 * PostgreSQL drops them with it. */
static void drop_sequence_defaults(emit_ctx_t *c, sqlite3 *db, const char *name)
{
    char cols[16][2][EMIT_NAME_MAX];
    int n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            db,
            "SELECT s.name, p.name FROM sqlite_schema s, pragma_table_info(s.name) p "
            "WHERE s.type = 'table' AND instr(lower(p.dflt_value), 'nextval(''' "
            "|| lower(?1) || ''')') > 0",
            -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        while (n < 16 && sqlite3_step(st) == SQLITE_ROW) {
            snprintf(cols[n][0], EMIT_NAME_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(cols[n++][1], EMIT_NAME_MAX, "%s", (const char *)sqlite3_column_text(st, 1));
        }
    }
    sqlite3_finalize(st);
    for (int i = 0; i < n && !c->failed; i++) {
        alter_one(c, cols[i][0], PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault, cols[i][1]);
        char table[EMIT_NAME_MAX * 2 + 16], desc[EMIT_NAME_MAX * 3 + 32];
        emit_object_desc(table, sizeof(table), "table", cols[i][0], NULL);
        snprintf(desc, sizeof(desc), "default value for column %s of %s", cols[i][1], table);
        emit_cascade_note(c, EMIT_CASCADE_DEFAULT, desc);
    }
}

#define DROP_DEPS_MAX 32

/* DROP TABLE name without CASCADE: 2BP01 naming what depends on it (other tables' foreign
 * keys, views and the views on those) unless the same statement drops them too; true when
 * nothing does. */
static bool drop_table_unreferenced(emit_ctx_t *c, sqlite3 *db, const PgQuery__DropStmt *s,
                                    const char *name, const char *const *all, int nall)
{
    char self[EMIT_NAME_MAX * 2 + 16];
    emit_object_desc(self, sizeof(self), "table", name, NULL);
    char(*lines)[EMIT_DEP_LINE_MAX] = lg_xcalloc(DROP_DEPS_MAX, EMIT_DEP_LINE_MAX);
    int n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT tbl, name FROM _lg_constraints WHERE kind = 'f' AND "
                           "reftbl = ?1 AND tbl <> ?1 ORDER BY tbl, name",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        while (n < DROP_DEPS_MAX && sqlite3_step(st) == SQLITE_ROW) {
            const char *tbl = (const char *)sqlite3_column_text(st, 0);
            if (name_in(tbl, all, nall))
                continue;
            char dep[EMIT_NAME_MAX * 3];
            emit_object_desc(dep, sizeof(dep), "constraint",
                             (const char *)sqlite3_column_text(st, 1), tbl);
            snprintf(lines[n++], EMIT_DEP_LINE_MAX, "%s depends on %s", dep, self);
        }
    }
    sqlite3_finalize(st);
    emit_views_depending(c, s, name, self, lines, &n, DROP_DEPS_MAX, 0);
    const char *list[DROP_DEPS_MAX];
    for (int i = 0; i < n; i++)
        list[i] = lines[i];
    if (n)
        emit_drop_dependents_error(c, self, list, n, s->n_objects > 1);
    free(lines);
    return n == 0;
}

/* sqlite_schema's type of name ("table", "view", "index"), or "" when none. */
static void schema_type(sqlite3 *db, const char *name, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (db && sqlite3_prepare_v2(db, "SELECT type FROM sqlite_schema WHERE name = ?1", -1, &st,
                                 NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
}

/* Whether a PRIMARY KEY / UNIQUE constraint is named `name`; its table into tbl. */
static bool key_constraint_exists(sqlite3 *db, const char *name, char *tbl, size_t cap)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    tbl[0] = '\0';
    if (sqlite3_prepare_v2(db,
                           "SELECT tbl FROM _lg_constraints WHERE name = ?1 AND kind IN ('p', 'u')",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
        if (found)
            snprintf(tbl, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return found;
}

/* PostgreSQL's HINT for a DROP of the wrong kind: the DROP that fits what `have` is. */
static void drop_kind_hint(emit_ctx_t *c, const char *have)
{
    if (strcmp(have, "table") == 0)
        lg_pgerr_hint(c->err, "Use DROP TABLE to remove a table.");
    else if (strcmp(have, "view") == 0)
        lg_pgerr_hint(c->err, "Use DROP VIEW to remove a view.");
    else if (strcmp(have, "index") == 0)
        lg_pgerr_hint(c->err, "Use DROP INDEX to remove an index.");
}

/* DROP TABLE / VIEW / INDEX of a relation of another kind (42809), or of an index that a
 * key constraint owns (2BP01), or of no index at all (42704): PostgreSQL's errors. */
static bool drop_kind_ok(emit_ctx_t *c, sqlite3 *db, const PgQuery__DropStmt *s, const char *name)
{
    static const struct {
        PgQuery__ObjectType type;
        const char *kind, *noun;
    } k_kinds[] = {{PG_QUERY__OBJECT_TYPE__OBJECT_TABLE, "table", "a table"},
                   {PG_QUERY__OBJECT_TYPE__OBJECT_VIEW, "view", "a view"},
                   {PG_QUERY__OBJECT_TYPE__OBJECT_INDEX, "index", "an index"}};
    char have[16];
    schema_type(db, name, have, sizeof(have));
    for (size_t i = 0; i < sizeof(k_kinds) / sizeof(k_kinds[0]); i++) {
        if (s->remove_type != k_kinds[i].type)
            continue;
        if (have[0] && strcmp(have, k_kinds[i].kind) != 0) {
            emit_error(c, "42809", -1, "\"%s\" is not %s", name, k_kinds[i].noun);
            drop_kind_hint(c, have);
            return false;
        }
        if (have[0] || i != 2 || s->missing_ok)
            return true;
        char tbl[EMIT_NAME_MAX];
        if (key_constraint_exists(db, name, tbl, sizeof(tbl))) { /* a PRIMARY KEY / UNIQUE's */
            emit_error(c, "2BP01", -1,
                       "cannot drop index %s because constraint %s on table %s requires it", name,
                       name, tbl);
            lg_pgerr_hint(c->err, "You can drop constraint %s on table %s instead.", name, tbl);
        } else
            emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1, "index \"%s\" does not exist", name);
        return false;
    }
    return true;
}

static void drop_one(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name,
                     const char *const *all, int nall)
{
    const char *kw = NULL;
    switch (s->remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        kw = "TABLE";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        kw = "INDEX";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        kw = "VIEW";
        break;
    default:
        break;
    }
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (kw && db && !relation_exists(c, name)) {
        char kind[16];
        snprintf(kind, sizeof(kind), "%s", kw);
        for (char *q = kind; *q; q++)
            *q = (char)(*q - 'A' + 'a');
        if (s->missing_ok)
            skip_notice(c, kind, name, "does not exist");
        else if (strcmp(kind, "index") != 0) { /* an index: drop_kind_ok's 42704 */
            emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "%s \"%s\" does not exist", kind, name);
            return;
        }
    }
    if (db && !drop_kind_ok(c, db, s, name))
        return;
    if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && db &&
        s->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE &&
        !drop_table_unreferenced(c, db, s, name, all, nall))
        return;
    if ((s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
         s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW) &&
        !emit_drop_views_on(c, s, name, /* translate_emit_viewdep.c */
                            s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ? "table"
                                                                                  : "view"))
        return;
    if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE && db) {
        if (catalog_sequence_exists(db, name) == 0) {
            char have[16];
            schema_type(db, name, have, sizeof(have));
            if (have[0]) {
                emit_error(c, "42809", -1, "\"%s\" is not a sequence", name);
                drop_kind_hint(c, have);
            } else if (!s->missing_ok) {
                emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, -1, "sequence \"%s\" does not exist",
                           name);
            }
            return;
        }
        if (catalog_sequence_used(db, name) == 1) {
            if (s->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
                emit_error(c, "2BP01", -1,
                           "cannot drop sequence %s because other objects depend on it", name);
                return;
            }
            drop_sequence_defaults(c, db, name);
        }
    }
    if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && db &&
        s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
        drop_referencing_fks(c, db, name, all, nall);
    if (kw) {
        emit_fmt(c, "DROP %s %s", kw, s->missing_ok ? "IF EXISTS " : "");
        emit_ident(c, name);
        emit_str(c, ";");
    }
    if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW)
        emit_view_forget(c, name);
    lg_buf_t m;
    lg_buf_init(&m, 64 * 1024);
    if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
        s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW) {
        const char *q[] = {
            "DELETE FROM _lg_columns WHERE tbl = ", "DELETE FROM _lg_constraints WHERE tbl = ",
            "DELETE FROM _lg_sequences WHERE owner_tbl = "};
        for (size_t i = 0; i < 3; i++) {
            lg_buf_printf(&m, "%s", q[i]);
            emit_meta_literal(&m, name);
            lg_buf_printf(&m, ";");
        }
    } else if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
        lg_buf_printf(&m, "DELETE FROM _lg_constraints WHERE name = ");
        emit_meta_literal(&m, name);
        lg_buf_printf(&m, ";");
    } else {
        lg_buf_printf(&m, "DELETE FROM _lg_sequences WHERE name = ");
        emit_meta_literal(&m, name);
        lg_buf_printf(&m, ";");
    }
    lg_buf_putc(&m, 0);
    if (!m.failed)
        emit_str(c, (const char *)m.data);
    lg_buf_deinit(&m);
}

/* DROP MATERIALIZED VIEW: a materialized view is a table plus its _lg_matviews row. */
static void emit_drop_matview(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out)
{
    PgQuery__DropStmt t = *s;
    t.remove_type = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    emit_drop(c, &t, out);
    snprintf(out->tag, sizeof(out->tag), "DROP MATERIALIZED VIEW");
    emit_str(c, "CREATE TABLE IF NOT EXISTS _lg_matviews(name TEXT PRIMARY KEY, query TEXT NOT "
                "NULL);");
    for (size_t i = 0; i < s->n_objects; i++) {
        const PgQuery__Node *o = s->objects[i];
        if (o->node_case != PG_QUERY__NODE__NODE_LIST)
            continue;
        emit_str(c, "DELETE FROM _lg_matviews WHERE name = ");
        emit_literal(c, emit_object_name(c, o->list->items, o->list->n_items));
        emit_str(c, ";");
    }
}

void emit_drop(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out)
{
    if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
        emit_drop_matview(c, s, out);
        return;
    }
    static const char *const tags[] = {"DROP TABLE", "DROP INDEX", "DROP VIEW", "DROP SEQUENCE"};
    int k;
    switch (s->remove_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        k = 0;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        k = 1;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        k = 2;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        k = 3;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        emit_drop_usertype(c, s, out);
        return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        emit_drop_schema(c, s, out);
        return;
    default:
        emit_unsupported(c, -1, "DROP of this kind of object");
        return;
    }
    snprintf(out->tag, sizeof(out->tag), "%s", tags[k]);
    emit_str(c, CATALOG_META_CREATE_SQL);
    const char *names[DROP_MAX_OBJECTS];
    char(*copies)[EMIT_NAME_MAX] = lg_xcalloc(DROP_MAX_OBJECTS, EMIT_NAME_MAX);
    int n = 0;
    for (size_t i = 0; i < s->n_objects && n < DROP_MAX_OBJECTS; i++) {
        const PgQuery__Node *o = s->objects[i];
        const char *name = o->node_case == PG_QUERY__NODE__NODE_LIST
                               ? emit_object_name(c, o->list->items, o->list->n_items)
                               : emit_strval(o);
        if (o->node_case == PG_QUERY__NODE__NODE_LIST && o->list->n_items == 1 &&
            (k == 0 || k == 2)) /* a table or view: search_path, temporary tables */
            name = emit_schema_resolve(c, name);
        snprintf(copies[n], EMIT_NAME_MAX, "%s", name); /* (emit_object_name's buffer) */
        names[n] = copies[n];
        n++;
    }
    if ((size_t)n < s->n_objects)
        emit_unsupported(c, -1, "DROP of more than 64 objects at once");
    if (k == 0)
        drop_order(c, names, n);
    emit_cascade_begin(c); /* one NOTICE for all the objects CASCADE takes */
    for (int i = 0; i < n && !c->failed; i++)
        drop_one(c, s, names[i], names, n);
    emit_cascade_end(c);
    free(copies);
}

void emit_create_view(emit_ctx_t *c, const PgQuery__ViewStmt *s, translate_stmt_t *out)
{
    bool temp = s->view->relpersistence[0] == 't'; /* in the session's pg_temp_<pid> */
    const char *name = temp ? emit_temp_relname(c, s->view, out) : emit_create_relname(c, s->view);
    if (!s->query || s->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        emit_unsupported(c, -1, "this view query");
        return;
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    if (temp)
        emit_temp_schema_row(c);
    if (s->replace) {
        emit_str(c, "DROP VIEW IF EXISTS ");
        emit_ident(c, name);
        emit_str(c, ";");
    }
    emit_str(c, "CREATE VIEW ");
    emit_ident(c, name);
    if (s->n_aliases) {
        emit_str(c, " ");
        emit_name_list(c, s->aliases, s->n_aliases);
    }
    emit_str(c, " AS ");
    translate_stmt_t tmp = {.ncols = -1};
    emit_select(c, s->query->select_stmt, &tmp);
    if (s->replace)
        emit_view_check_replace(c, name, &tmp, s); /* translate_emit_view.c */
    emit_str(c, ";DELETE FROM _lg_columns WHERE tbl = ");
    emit_literal(c, name);
    emit_str(c, ";");
    for (int i = 0; i < tmp.ncols; i++) {
        if (!tmp.cols[i].type_oid)
            continue;
        const char *col = (size_t)i < s->n_aliases ? emit_strval(s->aliases[i]) : tmp.cols[i].name;
        char ptext[64];
        emit_type_text(tmp.cols[i].type_oid, tmp.cols[i].typmod, ptext, sizeof(ptext));
        emit_str(c, "INSERT OR REPLACE INTO _lg_columns(tbl, col, attnum, pgtype, typoid, "
                    "typmod) VALUES (");
        emit_literal(c, name);
        emit_str(c, ", ");
        emit_literal(c, col);
        emit_fmt(c, ", %d, ", i + 1);
        emit_literal(c, ptext);
        emit_fmt(c, ", %u, %d);", tmp.cols[i].type_oid, tmp.cols[i].typmod);
    }
    emit_cols_free(tmp.cols, tmp.ncols);
    /* SQLite accepts a view over relations that do not exist; PostgreSQL does not (42P01),
     * and such a view would break every catalog query that reads it */
    emit_str(c, "SELECT 1 FROM ");
    emit_ident(c, name);
    emit_str(c, " LIMIT 0;");
    emit_view_record(c, s, name); /* translate_emit_view.c */
}

void emit_create_seq(emit_ctx_t *c, const PgQuery__CreateSeqStmt *s, translate_stmt_t *out)
{
    (void)out;
    if (s->sequence->relpersistence[0] == 't') { /* nextval('x') does not look in pg_temp */
        emit_unsupported(c, s->sequence->location, "CREATE TEMPORARY SEQUENCE");
        return;
    }
    const char *name = emit_create_relname(c, s->sequence);
    emit_seqopts_t so = {0};
    emit_seqopts_parse(c, s->options, s->n_options, &so);
    if (c->failed)
        return;
    emit_seqopts_resolve(&so, PGTYPE_INT8);
    emit_seqopts_check(c, &so, PGTYPE_INT8);
    if (c->failed)
        return;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (s->if_not_exists && db &&
        (catalog_sequence_exists(db, name) == 1 || catalog_relname_exists(db, name) == 1))
        skip_notice(c, "relation", s->sequence->relname, "already exists");
    if (!s->if_not_exists && db &&
        (catalog_sequence_exists(db, name) == 1 || catalog_relname_exists(db, name) == 1)) {
        emit_error(c, LG_SQLSTATE_DUPLICATE_TABLE, s->sequence->location,
                   "relation \"%s\" already exists", s->sequence->relname);
        return;
    }
    emit_str(c, CATALOG_META_CREATE_SQL);
    lg_buf_t m;
    lg_buf_init(&m, 64 * 1024);
    bool owned = so.has_owner && so.owner_tbl[0];
    emit_meta_sequence(&m, name, &so, owned ? so.owner_tbl : NULL, owned ? so.owner_col : NULL,
                       s->if_not_exists);
    lg_buf_putc(&m, 0);
    if (!m.failed) {
        /* without IF NOT EXISTS a second CREATE must fail: plain INSERT hits the key */
        const char *sql = (const char *)m.data;
        if (!s->if_not_exists && strncmp(sql, "INSERT OR REPLACE", 17) == 0) {
            emit_str(c, "INSERT");
            emit_str(c, sql + 17);
        } else {
            emit_str(c, sql);
        }
    }
    lg_buf_deinit(&m);
}
