/* translate_emit_enum.c - CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE,
 * CREATE DOMAIN, DROP TYPE / DROP DOMAIN, and the look-up of user types by name.
 *
 * Metadata (docs/storage.md, "User types"): _lg_types holds one row per type (enum: its
 * OID; domain: base OID and typmod, NOT NULL, DEFAULT as SQLite expression text), _lg_enum
 * the labels with PostgreSQL's float sort order, _lg_domain_checks each domain CHECK as a
 * SQLite expression over ?1 (VALUE). Enum labels' sort orders are computed by the emitted
 * SQL at run time, not here, so nothing depends on the state seen at translation time
 * except the errors (unknown type, label, neighbour). */
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "lg_err.h"
#include "pgtype.h"
#include "translate_emit_enum.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *cat_db(emit_ctx_t *c)
{
    return c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
}

static bool find_by_name(sqlite3 *db, const char *name, emit_usertype_t *out)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (!db || sqlite3_prepare_v2(db,
                                  "SELECT oid, kind, basetype, typmod, not_null, "
                                  "coalesce(defexpr, ''), (SELECT count(*) FROM "
                                  "_lg_domain_checks d WHERE d.typname = t.name) "
                                  "FROM _lg_types t WHERE name = ?1",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return false;
    }
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        found = true;
        memset(out, 0, sizeof(*out));
        snprintf(out->name, sizeof(out->name), "%s", name);
        out->oid = (uint32_t)sqlite3_column_int64(st, 0);
        const char *k = (const char *)sqlite3_column_text(st, 1);
        out->kind = k ? k[0] : 'e';
        out->base = (uint32_t)sqlite3_column_int64(st, 2);
        out->typmod = sqlite3_column_int(st, 3);
        out->notnull = sqlite3_column_int(st, 4) != 0;
        snprintf(out->defexpr, sizeof(out->defexpr), "%s", sqlite3_column_text(st, 5));
        out->has_checks = sqlite3_column_int(st, 6) > 0;
    }
    sqlite3_finalize(st);
    return found;
}

bool emit_usertype_find(emit_ctx_t *c, const PgQuery__TypeName *tn, emit_usertype_t *out)
{
    if (!tn || tn->n_array_bounds > 0)
        return false;
    return find_by_name(cat_db(c), emit_last_name(tn->names, tn->n_names), out);
}

static bool enum_name_by_oid(emit_ctx_t *c, uint32_t oid, char *out, size_t cap);

bool emit_enum_name(emit_ctx_t *c, uint32_t oid, char *out, size_t cap)
{
    if (oid & PGTYPE_USER_ARRAY_BIT) {
        size_t n;
        if (!enum_name_by_oid(c, oid & ~PGTYPE_USER_ARRAY_BIT, out, cap) ||
            (n = strlen(out)) + 3 > cap)
            return false;
        memcpy(out + n, "[]", 3);
        return true;
    }
    return oid >= EMIT_FIRST_USER_OID && enum_name_by_oid(c, oid, out, cap);
}

/* True when the user type with OID oid is an enum (not a composite type). */
static bool is_enum(emit_ctx_t *c, uint32_t oid)
{
    sqlite3_stmt *st = NULL;
    sqlite3 *db = cat_db(c);
    bool yes = db &&
               sqlite3_prepare_v2(db, "SELECT 1 FROM _lg_types WHERE oid = ?1 AND kind = 'e'", -1,
                                  &st, NULL) == SQLITE_OK &&
               sqlite3_bind_int64(st, 1, oid) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

/* Name of the enum or composite type whose OID is oid into out (cap bytes); false when
 * none. */
static bool enum_name_by_oid(emit_ctx_t *c, uint32_t oid, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    sqlite3 *db = cat_db(c);
    if (!db || sqlite3_prepare_v2(db, "SELECT name FROM _lg_types WHERE oid = ?1 AND kind <> 'd'",
                                  -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return false;
    }
    sqlite3_bind_int64(st, 1, oid);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        found = true;
    }
    sqlite3_finalize(st);
    return found;
}

bool emit_enum_sort_key(emit_ctx_t *c, const PgQuery__Node *n, uint32_t type)
{
    char name[EMIT_NAME_MAX];
    if (type < EMIT_FIRST_USER_OID || (type & PGTYPE_USER_ARRAY_BIT) ||
        !enum_name_by_oid(c, type, name, sizeof(name)) || !is_enum(c, type))
        return false;
    emit_str(c, "(SELECT sortorder FROM _lg_enum WHERE typname = ");
    emit_literal(c, name);
    emit_str(c, " AND label = (");
    emit_expr(c, n);
    emit_str(c, "))");
    return true;
}

bool emit_enum_func(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, uint32_t *type)
{
    bool range = !strcmp(pg, "enum_range");
    if (!range && strcmp(pg, "enum_first") && strcmp(pg, "enum_last"))
        return false;
    *type = 0;
    if (f->n_args < 1 || f->n_args > (range ? 2u : 1u)) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location, "function %s does not exist",
                   pg);
        return true;
    }
    uint32_t t = emit_peek_type(c, f->args[0]);
    if (f->n_args == 2 && t < EMIT_FIRST_USER_OID)
        t = emit_peek_type(c, f->args[1]);
    char name[EMIT_NAME_MAX];
    emit_usertype_t u;
    if (t < EMIT_FIRST_USER_OID || !enum_name_by_oid(c, t, name, sizeof(name)) ||
        !find_by_name(cat_db(c), name, &u) || u.kind != 'e') {
        emit_error(c, LG_SQLSTATE_UNDEFINED_FUNCTION, f->location, "function %s(%s) does not exist",
                   pg, t == PGTYPE_UNKNOWN ? "unknown" : "?");
        return true;
    }
    emit_fmt(c, "lg_enum_%s(", range ? "range" : pg + 5);
    emit_literal(c, name);
    if (range && f->n_args == 2) {
        for (size_t i = 0; i < 2; i++) {
            emit_str(c, ", ");
            emit_expr_as(c, f->args[i], t, -1);
        }
    } else if (range) {
        emit_str(c, ", NULL, NULL");
    }
    emit_str(c, ")");
    *type = range ? pgtype_array_of(t) : t;
    return true;
}

static uint32_t type_oid_for(const char *name)
{
    uint32_t h = 2166136261u;
    for (const char *p = "type:"; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return EMIT_FIRST_USER_OID + (h & 0x3fffffffu);
}

/* 42710 when `name` is taken by a built-in or user type. */
static bool type_name_free(emit_ctx_t *c, const char *name)
{
    emit_usertype_t u;
    if (pgtype_from_name(name) || find_by_name(cat_db(c), name, &u)) {
        emit_error(c, LG_SQLSTATE_DUPLICATE_OBJECT, -1, "type \"%s\" already exists", name);
        return false;
    }
    return true;
}

uint32_t emit_usertype_new_oid(emit_ctx_t *c, const char *name)
{
    return type_name_free(c, name) ? type_oid_for(name) : 0;
}

void emit_create_enum(emit_ctx_t *c, const PgQuery__CreateEnumStmt *s, translate_stmt_t *out)
{
    const char *name = emit_last_name(s->type_name, s->n_type_name);
    snprintf(out->tag, sizeof(out->tag), "CREATE TYPE");
    if (!type_name_free(c, name))
        return;
    for (size_t i = 0; i < s->n_vals; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(emit_strval(s->vals[i]), emit_strval(s->vals[j]))) {
                /* PostgreSQL: the unique index of pg_enum refuses the second label */
                emit_error(c, LG_SQLSTATE_UNIQUE_VIOLATION, -1,
                           "duplicate key value violates unique constraint "
                           "\"pg_enum_typid_label_index\"");
                if (c->err)
                    lg_pgerr_detail(c->err, "Key (enumtypid, enumlabel)=(%u, %s) already exists.",
                                    type_oid_for(name), emit_strval(s->vals[i]));
                return;
            }
    emit_str(c, CATALOG_META_CREATE_SQL);
    emit_str(c, "INSERT INTO _lg_types(name, oid, kind) VALUES (");
    emit_literal(c, name);
    emit_fmt(c, ", %u, 'e');", type_oid_for(name));
    for (size_t i = 0; i < s->n_vals; i++) {
        emit_str(c, "INSERT INTO _lg_enum(typname, label, sortorder) VALUES (");
        emit_literal(c, name);
        emit_str(c, ", ");
        emit_literal(c, emit_strval(s->vals[i]));
        emit_fmt(c, ", %zu);", i + 1);
    }
}

/* 1 if label is a label of enum type, 0 if not. */
static int enum_has_label(emit_ctx_t *c, const char *type, const char *label)
{
    sqlite3_stmt *st = NULL;
    int r = 0;
    if (sqlite3_prepare_v2(cat_db(c),
                           "SELECT 1 FROM _lg_enum WHERE typname = ?1 AND "
                           "label = ?2",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, label, -1, SQLITE_STATIC);
        r = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return r;
}

/* The sort order of a new label: last + 1, or midway between the neighbour and the label
 * next to it on the chosen side (PostgreSQL gives 'x' BEFORE the 3rd of 1,2,3 order 2.5). */
static void emit_new_sortorder(emit_ctx_t *c, const char *type, const char *nb, bool after)
{
    if (!nb[0]) {
        emit_str(c, "(SELECT coalesce(max(sortorder), 0) + 1 FROM _lg_enum WHERE typname = ");
        emit_literal(c, type);
        emit_str(c, ")");
        return;
    }
    emit_fmt(c,
             "(SELECT CASE WHEN o IS NULL THEN y %s 1 ELSE (y + o) / 2.0 END FROM "
             "(SELECT s.sortorder AS y, (SELECT %s(sortorder) FROM _lg_enum WHERE "
             "typname = s.typname AND sortorder %s s.sortorder) AS o FROM _lg_enum s "
             "WHERE s.typname = ",
             after ? "+" : "-", after ? "min" : "max", after ? ">" : "<");
    emit_literal(c, type);
    emit_str(c, " AND s.label = ");
    emit_literal(c, nb);
    emit_str(c, "))");
}

/* RENAME VALUE: the label in _lg_enum and in every column of the type (labels are the
 * stored values). */
static void emit_rename_label(emit_ctx_t *c, const emit_usertype_t *u, const char *from,
                              const char *to)
{
    emit_str(c, "UPDATE _lg_enum SET label = ");
    emit_literal(c, to);
    emit_str(c, " WHERE typname = ");
    emit_literal(c, u->name);
    emit_str(c, " AND label = ");
    emit_literal(c, from);
    emit_str(c, ";");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cat_db(c), "SELECT tbl, col FROM _lg_columns WHERE typoid = ?1", -1, &st,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_int64(st, 1, u->oid);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(st, 1);
        emit_str(c, "UPDATE ");
        emit_ident(c, (const char *)sqlite3_column_text(st, 0));
        emit_str(c, " SET ");
        emit_ident(c, col);
        emit_str(c, " = ");
        emit_literal(c, to);
        emit_str(c, " WHERE ");
        emit_ident(c, col);
        emit_str(c, " = ");
        emit_literal(c, from);
        emit_str(c, ";");
    }
    sqlite3_finalize(st);
}

/* The text `fn(<ident col>, '<type>')` as CREATE TABLE writes a column's CHECK, into b. */
static void check_call_text(emit_ctx_t *c, lg_buf_t *b, const char *fn, const char *col,
                            const char *type)
{
    lg_buf_t *saved = c->b;
    c->b = b;
    emit_str(c, fn);
    emit_ident(c, col);
    emit_str(c, ", ");
    emit_literal(c, type);
    emit_str(c, ")");
    c->b = saved;
    lg_buf_putc(b, 0);
}

/* " COLLATE <ident lg_enum_<type>>" as CREATE TABLE writes an enum column's order. */
static void collate_text(emit_ctx_t *c, lg_buf_t *b, const char *type)
{
    char coll[EMIT_NAME_MAX + 16];
    snprintf(coll, sizeof(coll), "lg_enum_%s", type);
    lg_buf_t *saved = c->b;
    c->b = b;
    emit_str(c, " COLLATE ");
    emit_ident(c, coll);
    c->b = saved;
    lg_buf_putc(b, 0);
}

/* UPDATE sqlite_schema SET sql = replace(sql, from, to) WHERE <where> (under writable_schema). */
static void schema_replace(emit_ctx_t *c, const lg_buf_t *from, const lg_buf_t *to,
                           const char *where)
{
    emit_str(c, "UPDATE sqlite_schema SET sql = replace(sql, ");
    emit_literal(c, (const char *)from->data);
    emit_str(c, ", ");
    emit_literal(c, (const char *)to->data);
    emit_fmt(c, ") WHERE %s;", where);
}

/* The table definitions naming the type: each column's CHECK call and enum collation. */
static void rename_type_uses(emit_ctx_t *c, const emit_usertype_t *u, const char *to)
{
    const char *fn = u->kind == 'e' ? "lg_enum_ok(" : "lg_domain_ok(";
    lg_buf_t a, b;
    lg_buf_init(&a, 1u << 16);
    lg_buf_init(&b, 1u << 16);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cat_db(c), "SELECT DISTINCT col FROM _lg_columns WHERE pgtype = ?1", -1,
                           &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, u->name, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *col = (const char *)sqlite3_column_text(st, 0);
            lg_buf_reset(&a);
            lg_buf_reset(&b);
            check_call_text(c, &a, fn, col, u->name);
            check_call_text(c, &b, fn, col, to);
            schema_replace(c, &a, &b, "type = 'table'");
        }
    }
    sqlite3_finalize(st);
    if (u->kind == 'e') {
        lg_buf_reset(&a);
        lg_buf_reset(&b);
        collate_text(c, &a, u->name);
        collate_text(c, &b, to);
        schema_replace(c, &a, &b, "sql IS NOT NULL");
    }
    lg_buf_deinit(&a);
    lg_buf_deinit(&b);
}

void emit_rename_type(emit_ctx_t *c, const char *name, const char *to, translate_stmt_t *out)
{
    snprintf(out->tag, sizeof(out->tag), "ALTER TYPE");
    emit_usertype_t u, other;
    if (!find_by_name(cat_db(c), name, &u)) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1, "type \"%s\" does not exist", name);
        return;
    }
    if (find_by_name(cat_db(c), to, &other) || pgtype_from_name(to)) {
        emit_error(c, LG_SQLSTATE_DUPLICATE_OBJECT, -1, "type \"%s\" already exists", to);
        return;
    }
    static const char *const k_meta[][2] = {
        {"UPDATE _lg_types SET name = ", " WHERE name = "},
        {"UPDATE _lg_enum SET typname = ", " WHERE typname = "},
        {"UPDATE _lg_domain_checks SET typname = ", " WHERE typname = "},
        {"UPDATE _lg_comments SET objname = ", " WHERE objtype = 'type' AND objname = "},
        {"UPDATE _lg_columns SET pgtype = ", " WHERE pgtype = "}};
    for (size_t i = 0; i < sizeof(k_meta) / sizeof(k_meta[0]); i++) {
        emit_str(c, k_meta[i][0]);
        emit_literal(c, to);
        emit_str(c, k_meta[i][1]);
        emit_literal(c, name);
        emit_str(c, ";");
    }
    emit_str(c, "PRAGMA writable_schema=ON;");
    rename_type_uses(c, &u, to);
    /* RESET reloads this connection's schema; the CREATE/DROP moves the cookie for others */
    emit_str(c, "PRAGMA writable_schema=RESET;"
                "CREATE TABLE _lg_schema_bump(x);DROP TABLE _lg_schema_bump;");
}

void emit_alter_enum(emit_ctx_t *c, const PgQuery__AlterEnumStmt *s, translate_stmt_t *out)
{
    const char *name = emit_last_name(s->type_name, s->n_type_name);
    snprintf(out->tag, sizeof(out->tag), "ALTER TYPE");
    emit_usertype_t u;
    if (!find_by_name(cat_db(c), name, &u) || u.kind != 'e') {
        emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1, "type \"%s\" does not exist", name);
        return;
    }
    const char *nv = s->new_val ? s->new_val : "";
    const char *ov = s->old_val ? s->old_val : "";
    const char *nb = s->new_val_neighbor ? s->new_val_neighbor : "";
    if (ov[0] && !enum_has_label(c, name, ov)) {
        emit_error(c, LG_SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                   "\"%s\" is not an existing enum label", ov);
        return;
    }
    if (enum_has_label(c, name, nv)) {
        if (s->skip_if_new_val_exists && !ov[0]) { /* PostgreSQL: NOTICE, nothing done */
            emit_notice(c, "42710", "enum label \"%s\" already exists, skipping", nv);
            return;
        }
        emit_error(c, LG_SQLSTATE_DUPLICATE_OBJECT, -1, "enum label \"%s\" already exists", nv);
        return;
    }
    if (ov[0]) {
        emit_rename_label(c, &u, ov, nv);
        return;
    }
    if (nb[0] && !enum_has_label(c, name, nb)) {
        emit_error(c, LG_SQLSTATE_INVALID_PARAMETER_VALUE, -1,
                   "\"%s\" is not an existing enum label", nb);
        return;
    }
    emit_str(c, "INSERT INTO _lg_enum(typname, label, sortorder) VALUES (");
    emit_literal(c, name);
    emit_str(c, ", ");
    emit_literal(c, nv);
    emit_str(c, ", ");
    emit_new_sortorder(c, name, nb, s->new_val_is_after || !nb[0]);
    emit_str(c, ");");
}

/* ---- domains ---- */

/* Replaces every column reference `value` under m by the parameter $1 (VALUE of a domain
 * CHECK), in place. */
static void value_to_param(ProtobufCMessage *m)
{
    if (!m)
        return;
    if (m->descriptor == &pg_query__node__descriptor) {
        PgQuery__Node *n = (PgQuery__Node *)m;
        if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
            !strcmp(emit_strval(n->column_ref->fields[0]), "value")) {
            PgQuery__ParamRef *p = lg_xcalloc(1, sizeof(*p));
            pg_query__param_ref__init(p);
            p->number = 1;
            p->location = n->column_ref->location;
            protobuf_c_message_free_unpacked(&n->column_ref->base, NULL);
            n->node_case = PG_QUERY__NODE__NODE_PARAM_REF;
            n->param_ref = p;
            return;
        }
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE)
            continue;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)((const char *)m + f->quantifier_offset) != f->id)
            continue; /* an inactive member of Node's oneof (same storage) */
        char *base = (char *)m + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t cnt = *(size_t *)((char *)m + f->quantifier_offset);
            ProtobufCMessage **arr = *(ProtobufCMessage ***)base;
            for (size_t k = 0; k < cnt; k++)
                value_to_param(arr[k]);
        } else {
            value_to_param(*(ProtobufCMessage **)base);
        }
    }
}

/* Emits expr into a fresh buffer (as type want) and returns its text (malloc'd) or NULL;
 * $1 is VALUE of type base, and no parameter is left noted on the statement. */
static char *emit_to_text(emit_ctx_t *c, const PgQuery__Node *expr, uint32_t want, int32_t typmod,
                          uint32_t base)
{
    lg_buf_t b, *saved = c->b;
    lg_buf_init(&b, c->b->max);
    int np = c->nparams;
    uint32_t p1 = c->ptypes[1];
    c->ptypes[1] = base;
    PgQuery__Node *mut;
    memcpy(&mut, &expr, sizeof(mut)); /* the tree is ours to edit */
    value_to_param(&mut->base);
    c->b = &b;
    emit_expr_as(c, mut, want, typmod);
    c->b = saved;
    c->nparams = np;
    c->ptypes[1] = p1;
    lg_buf_putc(&b, 0);
    char *r = b.failed ? NULL : lg_xstrdup((const char *)b.data);
    lg_buf_deinit(&b);
    return r;
}

void emit_domain_check(emit_ctx_t *c, const char *dom, const PgQuery__Constraint *k, uint32_t base,
                       int32_t typmod, int *nchecks)
{
    char cname[EMIT_NAME_MAX];
    if (k->conname && k->conname[0])
        snprintf(cname, sizeof(cname), "%s", k->conname);
    else if ((*nchecks)++ == 0)
        snprintf(cname, sizeof(cname), "%s_check", dom);
    else
        snprintf(cname, sizeof(cname), "%s_check%d", dom, *nchecks - 1);
    char *txt = emit_to_text(c, k->raw_expr, PGTYPE_BOOL, -1, base);
    (void)typmod;
    if (!txt)
        return;
    emit_str(c, "INSERT INTO _lg_domain_checks(typname, name, expr) VALUES (");
    emit_literal(c, dom);
    emit_str(c, ", ");
    emit_literal(c, cname);
    emit_str(c, ", ");
    emit_literal(c, txt);
    emit_str(c, ");");
    free(txt);
}

void emit_create_domain(emit_ctx_t *c, const PgQuery__CreateDomainStmt *s, translate_stmt_t *out)
{
    const char *name = emit_last_name(s->domainname, s->n_domainname);
    snprintf(out->tag, sizeof(out->tag), "CREATE DOMAIN");
    int32_t typmod;
    uint32_t base = emit_typename_oid(s->type_name, &typmod);
    if (!base) {
        emit_unsupported(c, s->type_name->location, "a domain over a user-defined type");
        return;
    }
    if (!type_name_free(c, name))
        return;
    bool notnull = false;
    char *def = NULL;
    for (size_t i = 0; i < s->n_constraints; i++) {
        const PgQuery__Constraint *k = s->constraints[i]->constraint;
        if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
            notnull = true;
        else if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT && k->raw_expr) {
            free(def);
            def = emit_to_text(c, k->raw_expr, base, typmod, base);
        }
    }
    char ptext[64];
    emit_type_text(base, typmod, ptext, sizeof(ptext));
    emit_str(c, CATALOG_META_CREATE_SQL);
    emit_str(c, "INSERT INTO _lg_types(name, oid, kind, basetype, typmod, not_null, defexpr, "
                "pgbase) VALUES (");
    emit_literal(c, name);
    emit_fmt(c, ", %u, 'd', %u, %d, %d, ", type_oid_for(name), base, typmod, notnull);
    if (def)
        emit_literal(c, def);
    else
        emit_str(c, "NULL");
    emit_str(c, ", ");
    emit_literal(c, ptext);
    emit_str(c, ");");
    free(def);
    int nchecks = 0;
    for (size_t i = 0; i < s->n_constraints; i++) {
        const PgQuery__Constraint *k = s->constraints[i]->constraint;
        if (k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
            emit_domain_check(c, name, k, base, typmod, &nchecks);
        else if (k->contype != PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL &&
                 k->contype != PG_QUERY__CONSTR_TYPE__CONSTR_NULL &&
                 k->contype != PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
            emit_unsupported(c, k->location, "this domain constraint");
    }
}

/* ---- DROP TYPE / DROP DOMAIN ---- */

/* Number of columns whose type is u (enums: typoid; domains: the recorded type name). */
static int usertype_users(emit_ctx_t *c, const emit_usertype_t *u)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(cat_db(c),
                           "SELECT count(*) FROM _lg_columns WHERE typoid = ?1 "
                           "OR pgtype = ?2",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, u->kind == 'e' ? u->oid : 0);
        sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

static void drop_one_type(emit_ctx_t *c, const PgQuery__DropStmt *s, const char *name, bool dom)
{
    emit_usertype_t u;
    if (!find_by_name(cat_db(c), name, &u)) {
        if (pgtype_from_name(name))
            emit_unsupported(c, -1, "DROP TYPE of a built-in type");
        else if (!s->missing_ok)
            emit_error(c, LG_SQLSTATE_UNDEFINED_OBJECT, -1, "type \"%s\" does not exist", name);
        return;
    }
    if (dom != (u.kind == 'd')) {
        emit_error(c, "42809", -1, "\"%s\" is not a%s", name, dom ? " domain" : "n enum");
        return;
    }
    if (usertype_users(c, &u) > 0) {
        if (s->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
            emit_error(c, "2BP01", -1, "cannot drop %s %s because other objects depend on it",
                       dom ? "type" : "type", name);
            if (c->err)
                lg_pgerr_hint(c->err, "Use DROP ... CASCADE to drop the dependent objects too.");
            return;
        }
        if (!emit_drop_type_columns(c, name, u.kind == 'e' ? u.oid : 0))
            return;
    }
    emit_str(c, "DELETE FROM _lg_types WHERE name = ");
    emit_literal(c, name);
    emit_str(c, ";DELETE FROM _lg_enum WHERE typname = ");
    emit_literal(c, name);
    emit_str(c, ";DELETE FROM _lg_domain_checks WHERE typname = ");
    emit_literal(c, name);
    emit_str(c, ";DELETE FROM _lg_comments WHERE objtype = 'type' AND objname = ");
    emit_literal(c, name);
    emit_str(c, ";");
}

void emit_drop_usertype(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out)
{
    bool dom = s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN;
    snprintf(out->tag, sizeof(out->tag), "%s", dom ? "DROP DOMAIN" : "DROP TYPE");
    bool meta = false;
    for (size_t i = 0; i < s->n_objects && !c->failed; i++) {
        const PgQuery__Node *o = s->objects[i];
        const char *name = o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
                               ? emit_last_name(o->type_name->names, o->type_name->n_names)
                               : emit_strval(o);
        if (!meta && cat_db(c)) {
            emit_str(c, CATALOG_META_CREATE_SQL);
            meta = true;
        }
        drop_one_type(c, s, name, dom);
    }
}
