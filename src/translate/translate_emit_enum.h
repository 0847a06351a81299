/* translate_emit_enum.h - user-defined types for the emitter: enums (CREATE TYPE ... AS
 * ENUM, ALTER TYPE ... ADD/RENAME VALUE) and domains (CREATE DOMAIN), their metadata rows
 * (_lg_types, _lg_enum, _lg_domain_checks; docs/storage.md) and how a column or a cast of
 * such a type is emitted. Worker thread only. */
#ifndef LG_TRANSLATE_EMIT_ENUM_H
#define LG_TRANSLATE_EMIT_ENUM_H
#include "translate_emit.h"

/* A user type found by name in _lg_types. */
typedef struct emit_usertype {
    char name[EMIT_NAME_MAX];
    char kind;         /* 'e' enum, 'd' domain */
    uint32_t oid;      /* the type's own OID (enums: what RowDescription reports) */
    uint32_t base;     /* domains: base type OID; enums: 0 */
    int32_t typmod;    /* domains: base typmod */
    bool notnull;      /* domains: NOT NULL */
    bool has_checks;   /* domains: at least one CHECK */
    char defexpr[512]; /* domains: SQLite DEFAULT expression text, "" none */
} emit_usertype_t;

/* True and *out filled when tn names a user type (catalog_db needed). */
bool emit_usertype_find(emit_ctx_t *c, const PgQuery__TypeName *tn, emit_usertype_t *out);
/* First user-type OID: everything at or above it that the emitter sees is an enum (stored as
 * its label, TEXT). */
#define EMIT_FIRST_USER_OID 16384u
/* Emits a cast of arg to user type u; returns the result type OID. */
uint32_t emit_usertype_cast(emit_ctx_t *c, const PgQuery__Node *arg, const emit_usertype_t *u);
/* ALTER TYPE name RENAME TO to (enum or domain): the metadata and every table definition
 * that names the type (CHECK calls, enum collations) follow. */
void emit_rename_type(emit_ctx_t *c, const char *name, const char *to, translate_stmt_t *out);

/* enum_first(x), enum_last(x), enum_range(x [, y]) of an enum-typed argument: emits the
 * sqlfn call, sets *type (the enum, or its array type) and returns true; false when pg is
 * not one of them. */
bool emit_enum_func(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg, uint32_t *type);
/* Name of the enum or composite type with OID oid (an array of it: "name[]") into out;
 * false if none. */
bool emit_enum_name(emit_ctx_t *c, uint32_t oid, char *out, size_t cap);

/* An aggregate's ORDER BY key n of enum type `type` as the label's position in the enum
 * (ordered aggregates compare keys as values, not through the column's collation); false,
 * nothing emitted, when type is no enum. */
bool emit_enum_sort_key(emit_ctx_t *c, const PgQuery__Node *n, uint32_t type);
/* The OID a new user type `name` gets; 0 (42710 raised) when the name is taken. */
uint32_t emit_usertype_new_oid(emit_ctx_t *c, const char *name);

/* ---- translate_emit_composite.c: CREATE TYPE t AS (...) ---- */
void emit_create_composite(emit_ctx_t *c, const PgQuery__CompositeTypeStmt *s,
                           translate_stmt_t *out);
/* ROW(...) / (a, b) where composite type `want` is expected: its stored text. */
/* ROW(...) as an output column: record text (translate_emit_composite.c). */
uint32_t emit_record_value(emit_ctx_t *c, const PgQuery__RowExpr *r);
uint32_t emit_composite_row(emit_ctx_t *c, const PgQuery__RowExpr *r, uint32_t want);
/* (x).field of a composite-typed x; false when ind is not a field selection. */
bool emit_composite_field(emit_ctx_t *c, const PgQuery__AIndirection *ind, uint32_t *type);

void emit_create_enum(emit_ctx_t *c, const PgQuery__CreateEnumStmt *s, translate_stmt_t *out);
void emit_alter_enum(emit_ctx_t *c, const PgQuery__AlterEnumStmt *s, translate_stmt_t *out);
void emit_create_domain(emit_ctx_t *c, const PgQuery__CreateDomainStmt *s, translate_stmt_t *out);
/* The _lg_domain_checks row of CHECK k of domain dom (base type base): named k->conname, else
 * "<dom>_check" for the first unnamed one (*nchecks counts them), "<dom>_check1", ... */
void emit_domain_check(emit_ctx_t *c, const char *dom, const PgQuery__Constraint *k, uint32_t base,
                       int32_t typmod, int *nchecks);
/* translate_emit_domalter.c: ALTER DOMAIN ... ADD CONSTRAINT CHECK [NOT VALID] / DROP
 * CONSTRAINT / SET NOT NULL / DROP NOT NULL (SET / DROP DEFAULT: 0A000). */
void emit_alter_domain(emit_ctx_t *c, const PgQuery__AlterDomainStmt *s, translate_stmt_t *out);
/* DROP TYPE / DOMAIN name CASCADE: drops the columns of the type (enum oid, or recorded
 * under name) with a NOTICE; false (error raised) when that cannot be done. */
bool emit_drop_type_columns(emit_ctx_t *c, const char *name, uint32_t oid);
/* DROP TYPE / DROP DOMAIN (2BP01 when a column uses the type, unless CASCADE: 0A000). */
void emit_drop_usertype(emit_ctx_t *c, const PgQuery__DropStmt *s, translate_stmt_t *out);

#endif
