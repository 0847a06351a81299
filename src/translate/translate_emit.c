/* translate_emit.c - entry point of the PostgreSQL-tree -> SQLite SQL emitter
 * (translate__emit), its output helpers (identifiers, literals), errors with PostgreSQL
 * positions, and parameter bookkeeping. Worker thread only.
 *
 * Invariants: one emit_ctx_t per statement; output goes to ctx->b (bounded); the first
 * error wins and is reported with a 1-based character position into the query string;
 * every $n seen is emitted as ?n and its inferred type is kept in ctx->ptypes[n]. */
#include "translate_emit.h"
#include "translate_emit_enum.h"
#include "translate_emit_fn.h"
#include "catalog_meta.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EMIT_OUT_MAX (64u * 1024 * 1024)

void emit_str(emit_ctx_t *c, const char *s)
{
    lg_buf_append(c->b, s, strlen(s));
}

void emit_fmt(emit_ctx_t *c, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(small)) {
        c->b->failed = true;
        return;
    }
    lg_buf_append(c->b, small, (size_t)n);
}

static bool ident_needs_quotes(const char *s)
{
    if (!s[0] || isdigit((unsigned char)s[0]))
        return true;
    for (const char *p = s; *p; p++) {
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return true;
    }
    return sqlite3_keyword_check(s, (int)strlen(s)) != 0;
}

void emit_ident(emit_ctx_t *c, const char *name)
{
    if (!ident_needs_quotes(name)) {
        emit_str(c, name);
        return;
    }
    lg_buf_putc(c->b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            lg_buf_putc(c->b, '"');
        lg_buf_putc(c->b, (uint8_t)*p);
    }
    lg_buf_putc(c->b, '"');
}

void emit_literal(emit_ctx_t *c, const char *s)
{
    lg_buf_putc(c->b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            lg_buf_putc(c->b, '\'');
        lg_buf_putc(c->b, (uint8_t)*p);
    }
    lg_buf_putc(c->b, '\'');
}

/* 1-based character position of byte offset `loc` in src (UTF-8), 0 when unknown. */
static int char_position(const char *src, int loc)
{
    if (loc < 0 || !src)
        return 0;
    int chars = 0;
    for (int i = 0; i < loc && src[i]; i++) {
        if (((unsigned char)src[i] & 0xC0) != 0x80)
            chars++;
    }
    return chars + 1;
}

void emit_error(emit_ctx_t *c, const char *sqlstate, int location, const char *fmt, ...)
{
    if (c->failed)
        return;
    c->failed = true;
    char msg[LG_PGERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    lg_pgerr_set(c->err, sqlstate, "%s", msg);
    c->err->position = char_position(c->src, location);
}

void emit_notice(emit_ctx_t *c, const char *sqlstate, const char *fmt, ...)
{
    if (c->dry || !c->stmt_out)
        return;
    char line[LG_PGERR_MSG_MAX];
    int at = snprintf(line, sizeof(line), "%.5s ", sqlstate ? sqlstate : "00000");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + at, sizeof(line) - (size_t)at, fmt, ap);
    va_end(ap);
    char *n = c->stmt_out->notice;
    size_t len = strlen(n), add = strlen(line);
    if (len + add + 1 >= sizeof(c->stmt_out->notice))
        return;
    if (len)
        n[len++] = '\n';
    memcpy(n + len, line, add + 1);
}

void emit_unsupported(emit_ctx_t *c, int location, const char *what)
{
    emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, location, "%s is not supported", what);
}

const char *emit_strval(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
        return n->string->sval;
    return "";
}

const char *emit_last_name(PgQuery__Node **names, size_t n)
{
    return n ? emit_strval(names[n - 1]) : "";
}

bool emit_schema_is_user(const char *schema)
{
    return schema[0] && strcmp(schema, "public") != 0 && strcmp(schema, "pg_catalog") != 0 &&
           strcmp(schema, "information_schema") != 0;
}

const char *emit_qualify(emit_ctx_t *c, const char *schema, const char *name)
{
    if (!emit_schema_is_user(schema))
        return name;
    if (strcmp(schema, "pg_temp") == 0) { /* the session's own temporary schema */
        PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
        rv.schemaname = (char *)(uintptr_t)schema;
        rv.relname = (char *)(uintptr_t)name;
        rv.location = -1;
        return emit_relname(c, &rv);
    }
    char *slot = c->qnames[c->nqname++ % EMIT_QNAMES];
    snprintf(slot, EMIT_NAME_MAX * 2, "%s.%s", schema, name);
    return slot;
}

/* Unqualified names are public's (search_path is not visible to the translator); a user
 * schema's relation x is the SQLite relation "schema.x" (docs/storage.md). */
const char *emit_relname(emit_ctx_t *c, const PgQuery__RangeVar *rv)
{
    const char *schema = rv->schemaname;
    if (!schema[0])
        return emit_schema_resolve(c, rv->relname); /* search_path (translate_emit_schema.c) */
    if (!emit_schema_is_user(schema))
        return rv->relname;
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (strcmp(schema, "pg_temp") == 0) { /* the session's own temporary schema */
        char tmp[EMIT_NAME_MAX];
        if (db)
            catalog_temp_schema(db, false, tmp, sizeof(tmp));
        c->path_dependent = true;
        return db && tmp[0] ? emit_qualify(c, tmp, rv->relname) : rv->relname;
    }
    if (db && catalog_schema_exists(db, schema) != 1) {
        emit_error(c, LG_SQLSTATE_UNDEFINED_SCHEMA, rv->location, "schema \"%s\" does not exist",
                   schema);
        return rv->relname;
    }
    return emit_qualify(c, schema, rv->relname);
}

const char *emit_renamed_relname(emit_ctx_t *c, const char *old, const char *relname,
                                 const char *newname)
{
    size_t lo = strlen(old), lr = strlen(relname);
    if (lo <= lr + 1 || old[lo - lr - 1] != '.' || strcmp(old + lo - lr, relname) != 0)
        return newname; /* public's (unqualified) name */
    char *slot = c->qnames[c->nqname++ % EMIT_QNAMES];
    snprintf(slot, EMIT_NAME_MAX * 2, "%.*s.%s", (int)(lo - lr - 1), old, newname);
    return slot;
}

const char *emit_object_name(emit_ctx_t *c, PgQuery__Node **names, size_t n)
{
    if (n >= 2)
        return emit_qualify(c, emit_strval(names[n - 2]), emit_strval(names[n - 1]));
    return emit_last_name(names, n);
}

void emit_note_relref(emit_ctx_t *c, const char *name, int location)
{
    translate_stmt_t *o = c->stmt_out;
    if (!o || o->nrelrefs >= TRANSLATE_RELREFS || location < 0)
        return;
    translate_relref_t *r = &o->relrefs[o->nrelrefs++];
    snprintf(r->name, sizeof(r->name), "%s", name);
    r->position = char_position(c->src, location);
}

static void note_relref(emit_ctx_t *c, const PgQuery__RangeVar *rv)
{
    char name[EMIT_NAME_MAX * 2 + 2];
    if (emit_schema_is_user(rv->schemaname)) /* as the error names it: "s.x" */
        snprintf(name, sizeof(name), "%s.%s", rv->schemaname, rv->relname);
    else
        snprintf(name, sizeof(name), "%s", rv->relname);
    emit_note_relref(c, name, rv->location);
}

void emit_note_colref(emit_ctx_t *c, const char *rel, const char *name, int location)
{
    translate_stmt_t *o = c->stmt_out;
    if (!o || o->ncolrefs >= TRANSLATE_COLREFS || location < 0)
        return;
    translate_colref_t *r = &o->colrefs[o->ncolrefs++];
    snprintf(r->rel, sizeof(r->rel), "%s", rel ? rel : "");
    snprintf(r->name, sizeof(r->name), "%s", name);
    r->position = char_position(c->src, location);
}

bool emit_query_schema_known(emit_ctx_t *c, const PgQuery__RangeVar *rv)
{
    sqlite3 *db = c->opts ? (sqlite3 *)c->opts->catalog_db : NULL;
    if (!db || !emit_schema_is_user(rv->schemaname) || strcmp(rv->schemaname, "pg_temp") == 0 ||
        catalog_schema_exists(db, rv->schemaname) != 0)
        return true;
    emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, rv->location, "relation \"%s.%s\" does not exist",
               rv->schemaname, rv->relname);
    return false;
}

void emit_rangevar(emit_ctx_t *c, const PgQuery__RangeVar *rv, bool with_alias)
{
    note_relref(c, rv);
    if (c->retsnap && c->in_returning && strcmp(rv->relname, c->retsnap) == 0 &&
        (!rv->schemaname[0] || strcmp(rv->schemaname, "public") == 0)) {
        emit_str(c, "temp." EMIT_RETSNAP " AS "); /* the rows before the statement */
        emit_ident(c, rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname);
        return;
    }
    if (!emit_query_schema_known(c, rv))
        return;
    const char *name = emit_relname(c, rv);
    const char *alias = rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname;
    if (with_alias && emit_modcte_snapshot(c, name, alias)) /* translate_emit_modcte.c */
        return;
    bool infoschema = strcmp(rv->schemaname, "information_schema") == 0;
    if (infoschema) {
        char buf[EMIT_NAME_MAX * 2];
        snprintf(buf, sizeof(buf), "information_schema_%s", name);
        emit_ident(c, buf);
    } else {
        emit_ident(c, name);
    }
    if (with_alias && rv->alias && rv->alias->aliasname[0]) {
        emit_str(c, " AS ");
        emit_ident(c, rv->alias->aliasname);
    } else if (with_alias &&
               (emit_schema_is_user(rv->schemaname) || name != rv->relname || infoschema)) {
        emit_str(c, " AS "); /* columns are qualified by the bare name */
        emit_ident(c, rv->relname);
    }
}

/* Types found by emit_peek_type, per node: operators peek at their operands before emitting
 * them, so without this a chain like a || b || c || ... is emitted 2^depth times. Only
 * known types are kept (a parameter's type may be settled later), and none while a
 * grouping-set branch substitutes columns. Nor are leaves (column references, constants):
 * they are cheap to look at again, and the emitter builds such nodes of its own (a star's
 * columns, a row's JSON keys) and frees them, so a later one may have the same address. */
#define PEEK_PROBES 8

static bool peek_leaf(const PgQuery__Node *n)
{
    return n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ||
           n->node_case == PG_QUERY__NODE__NODE_A_CONST;
}

static size_t peek_slot(const PgQuery__Node *n)
{
    return (size_t)(((uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ull) >> 40) % EMIT_PEEK_CACHE;
}

static bool peek_cached(emit_ctx_t *c, const PgQuery__Node *n, uint32_t *t)
{
    if (c->grp || !n || peek_leaf(n))
        return false;
    for (size_t k = 0, i = peek_slot(n); k < PEEK_PROBES; k++, i = (i + 1) % EMIT_PEEK_CACHE) {
        const emit_peek_t *e = &c->peek[i];
        if (e->node == n) {
            *t = e->type;
            c->last_typmod = e->typmod;
            return true;
        }
        if (!e->node)
            return false;
    }
    return false;
}

static void peek_store(emit_ctx_t *c, const PgQuery__Node *n, uint32_t t)
{
    if (c->grp || !n || !t || t == PGTYPE_UNKNOWN || c->failed || peek_leaf(n))
        return;
    size_t i = peek_slot(n);
    for (size_t k = 0; k < PEEK_PROBES && c->peek[i].node && c->peek[i].node != n; k++)
        i = (i + 1) % EMIT_PEEK_CACHE; /* a full probe run overwrites its last slot */
    c->peek[i] = (emit_peek_t){.node = n, .type = t, .typmod = c->last_typmod};
}

void emit_peek_forget(emit_ctx_t *c, const PgQuery__Node *n)
{
    for (size_t k = 0, i = peek_slot(n); k < PEEK_PROBES; k++, i = (i + 1) % EMIT_PEEK_CACHE)
        if (c->peek[i].node == n)
            c->peek[i].node = NULL; /* entries probed past it are only missed: recomputed */
}

uint32_t emit_peek_type(emit_ctx_t *c, const PgQuery__Node *n)
{
    uint32_t cached;
    if (peek_cached(c, n, &cached))
        return cached;
    lg_buf_t scratch;
    lg_buf_init(&scratch, EMIT_OUT_MAX);
    lg_buf_t *saved = c->b;
    c->b = &scratch;
    c->dry++;
    uint32_t t = emit_expr(c, n);
    c->dry--;
    c->b = saved;
    lg_buf_deinit(&scratch);
    peek_store(c, n, t);
    return t;
}

void emit_param_note(emit_ctx_t *c, int number, uint32_t type)
{
    if (c->dry || number < 1 || number > EMIT_MAX_PARAMS)
        return;
    if (number > c->nparams)
        c->nparams = number;
    if (type && !c->ptypes[number])
        c->ptypes[number] = type;
}

/* "create_function_stmt" -> "CREATE FUNCTION" */
static void node_display_name(const PgQuery__Node *n, char *buf, size_t cap)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, n->node_case);
    const char *name = f ? f->name : "statement";
    size_t i = 0;
    for (; name[i] && i + 1 < cap; i++)
        buf[i] = name[i] == '_' ? ' ' : (char)toupper((unsigned char)name[i]);
    buf[i] = '\0';
    size_t len = strlen(buf);
    if (len > 5 && strcmp(buf + len - 5, " STMT") == 0)
        buf[len - 5] = '\0';
}

static void set_tag(translate_stmt_t *out, const char *tag, translate_class_t cls)
{
    snprintf(out->tag, sizeof(out->tag), "%s", tag);
    out->cls = cls;
}

/* CREATE EXTENSION of an extension whose functions litegres provides built in (pgcrypto's
 * digest/hmac/gen_random_bytes, uuid-ossp's uuid_generate_v4, plpgsql) succeeds and does
 * nothing; any other extension is 0A000. */
static void emit_create_extension(emit_ctx_t *c, const PgQuery__CreateExtensionStmt *s)
{
    static const char *const known[] = {"pgcrypto", "uuid-ossp", "plpgsql"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(s->extname, known[i]) == 0)
            return;
    emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1, "extension \"%s\" is not available",
               s->extname);
}

static void emit_statement(emit_ctx_t *c, const PgQuery__Node *n, translate_stmt_t *out);

/* EXPLAIN [(options)] stmt: SQLite's plan of the translated statement, one row per line in
 * a text column "QUERY PLAN" (sqlfn_explain.c). ANALYZE runs a query first and shows the
 * rows it returned and its times (SUMMARY off drops the times); ANALYZE of a statement that
 * writes, or with parameters, and formats other than text are 0A000. */
typedef struct explain_opts {
    bool analyze, summary;
    int analyze_at;
} explain_opts_t;

static bool explain_options_ok(emit_ctx_t *c, const PgQuery__ExplainStmt *e, explain_opts_t *o)
{
    o->analyze = false;
    o->summary = true;
    o->analyze_at = -1;
    for (size_t i = 0; i < e->n_options; i++) {
        if (e->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            continue;
        const PgQuery__DefElem *d = e->options[i]->def_elem;
        const PgQuery__Node *a = d->arg;
        bool off = a && ((a->node_case == PG_QUERY__NODE__NODE_BOOLEAN && !a->boolean->boolval) ||
                         (a->node_case == PG_QUERY__NODE__NODE_STRING &&
                          (!strcmp(a->string->sval, "false") || !strcmp(a->string->sval, "off"))));
        if (!strcmp(d->defname, "analyze")) {
            o->analyze = !off;
            o->analyze_at = d->location;
        }
        if (!strcmp(d->defname, "summary"))
            o->summary = !off;
        if (!strcmp(d->defname, "format") && a && a->node_case == PG_QUERY__NODE__NODE_STRING &&
            strcmp(a->string->sval, "text") != 0) {
            emit_unsupported(c, d->location, "EXPLAIN formats other than text");
            return false;
        }
    }
    return true;
}

static void emit_explain(emit_ctx_t *c, const PgQuery__ExplainStmt *e, translate_stmt_t *out)
{
    explain_opts_t o;
    if (!explain_options_ok(c, e, &o) || !e->query)
        return;
    lg_buf_t inner;
    lg_buf_init(&inner, c->b->max);
    lg_buf_t *saved = c->b;
    c->b = &inner;
    translate_stmt_t tmp = {.ncols = -1};
    emit_statement(c, e->query, &tmp);
    c->b = saved;
    emit_cols_free(tmp.cols, tmp.ncols);
    lg_buf_putc(&inner, 0);
    if (!c->failed && (tmp.cls == TR_CLASS_DDL || strstr((const char *)inner.data, ";")))
        emit_unsupported(c, -1, "EXPLAIN of this statement");
    if (!c->failed && o.analyze && (tmp.cls != TR_CLASS_READ || c->writes || c->nparams > 0))
        emit_unsupported(c, o.analyze_at,
                         "EXPLAIN ANALYZE of a statement that writes or has "
                         "parameters");
    if (!c->failed) {
        emit_str(c, o.analyze ? "SELECT value AS \"QUERY PLAN\" FROM json_each("
                                "lg_explain_analyze("
                              : "SELECT value AS \"QUERY PLAN\" FROM json_each(lg_explain(");
        emit_literal(c, (const char *)inner.data);
        emit_str(c, o.analyze ? (o.summary ? ", 1))" : ", 0))") : "))");
        out->returns_rows = true;
        out->cls = TR_CLASS_READ;
        c->writes = false;
        c->path_dependent = true; /* never cached: the statement's literals are in a string */
        emit_cols_free(out->cols, out->ncols);
        out->cols = lg_xcalloc(1, sizeof(*out->cols));
        out->cols[0].name = lg_xstrdup("QUERY PLAN");
        out->cols[0].type_oid = PGTYPE_TEXT;
        out->cols[0].typmod = -1;
        out->ncols = 1;
    }
    lg_buf_deinit(&inner);
}

static void emit_statement_main(emit_ctx_t *c, const PgQuery__Node *n, translate_stmt_t *out)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        set_tag(out, "SELECT", TR_CLASS_READ);
        out->returns_rows = true;
        c->exact_top = c->opts && c->opts->exact_numeric;
        emit_select(c, n->select_stmt, out);
        c->exact_top = false;
        if (c->writes || n->select_stmt->n_locking_clause)
            out->cls = TR_CLASS_WRITE;
        return;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        set_tag(out, "INSERT", TR_CLASS_WRITE);
        if (!emit_dml_retsnap(c, n, out)) /* translate_emit_retsnap.c */
            emit_insert(c, n->insert_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        set_tag(out, "UPDATE", TR_CLASS_WRITE);
        if (!emit_dml_retsnap(c, n, out))
            emit_update(c, n->update_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        set_tag(out, "DELETE", TR_CLASS_WRITE);
        if (!emit_dml_retsnap(c, n, out))
            emit_delete(c, n->delete_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_MERGE_STMT:
        set_tag(out, "MERGE", TR_CLASS_WRITE);
        emit_merge(c, n->merge_stmt, out); /* translate_emit_merge.c */
        return;
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        set_tag(out, "CREATE TABLE", TR_CLASS_DDL);
        emit_create_table(c, n->create_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        set_tag(out, "CREATE INDEX", TR_CLASS_DDL);
        emit_create_index(c, n->index_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_DROP_STMT:
        set_tag(out, "DROP TABLE", TR_CLASS_DDL);
        if (emit_drop_fn_wanted(n->drop_stmt)) /* translate_emit_fndef.c */
            emit_drop_fn(c, n->drop_stmt, out);
        else
            emit_drop(c, n->drop_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        set_tag(out, "CREATE FUNCTION", TR_CLASS_DDL);
        emit_create_function(c, n->create_function_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: /* translate_emit_fntrig.c */
        set_tag(out, "CREATE TRIGGER", TR_CLASS_DDL);
        emit_create_trigger(c, n->create_trig_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_DO_STMT:
        set_tag(out, "DO", TR_CLASS_WRITE);
        emit_do(c, n->do_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CALL_STMT:
        set_tag(out, "CALL", TR_CLASS_WRITE);
        emit_call(c, n->call_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        set_tag(out, "CREATE VIEW", TR_CLASS_DDL);
        emit_create_view(c, n->view_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_LOCK_STMT: /* translate_emit_lock.c */
        set_tag(out, "LOCK TABLE", TR_CLASS_READ);
        emit_lock(c, n->lock_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        set_tag(out, "TRUNCATE TABLE", TR_CLASS_DDL);
        emit_truncate(c, n->truncate_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        set_tag(out, "CREATE SEQUENCE", TR_CLASS_DDL);
        emit_create_seq(c, n->create_seq_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        set_tag(out, "ALTER SEQUENCE", TR_CLASS_DDL);
        emit_alter_seq(c, n->alter_seq_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        set_tag(out, "ALTER TABLE", TR_CLASS_DDL);
        emit_alter_table(c, n->alter_table_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        set_tag(out, "CREATE SCHEMA", TR_CLASS_DDL);
        emit_create_schema(c, n->create_schema_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        set_tag(out, "COMMENT", TR_CLASS_DDL);
        emit_comment(c, n->comment_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: /* translate_emit_ctas.c */
        set_tag(out, "SELECT", TR_CLASS_DDL);
        emit_create_table_as(c, n->create_table_as_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        set_tag(out, "REFRESH MATERIALIZED VIEW", TR_CLASS_DDL);
        emit_refresh_matview(c, n->refresh_mat_view_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        set_tag(out, "ALTER TABLE", TR_CLASS_DDL);
        emit_rename(c, n->rename_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: /* translate_emit_enum.c */
        set_tag(out, "CREATE TYPE", TR_CLASS_DDL);
        emit_create_enum(c, n->create_enum_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
        set_tag(out, "ALTER TYPE", TR_CLASS_DDL);
        emit_alter_enum(c, n->alter_enum_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
        set_tag(out, "CREATE DOMAIN", TR_CLASS_DDL);
        emit_create_domain(c, n->create_domain_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: /* translate_emit_domalter.c */
        set_tag(out, "ALTER DOMAIN", TR_CLASS_DDL);
        emit_alter_domain(c, n->alter_domain_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        set_tag(out, "CREATE EXTENSION", TR_CLASS_DDL);
        emit_create_extension(c, n->create_extension_stmt);
        return;
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT: /* translate_emit_ddl.c */
        set_tag(out, "SET CONSTRAINTS", TR_CLASS_WRITE);
        emit_set_constraints(c, n->constraints_set_stmt);
        return;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: /* translate_emit_composite.c */
        set_tag(out, "CREATE TYPE", TR_CLASS_DDL);
        emit_create_composite(c, n->composite_type_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_VACUUM_STMT: /* translate_emit_schema.c */
        set_tag(out, n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE", TR_CLASS_DDL);
        emit_vacuum(c, n->vacuum_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
        /* committed data is durable in the WAL already; when its frames are copied into the
         * database file is the replicator's decision (docs/replication.md): a no-op */
        set_tag(out, "CHECKPOINT", TR_CLASS_DDL);
        return;
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT: /* translate_emit_schema.c */
        set_tag(out, "ALTER", TR_CLASS_DDL);
        emit_alter_owner(c, n->alter_owner_stmt, out);
        return;
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
        set_tag(out, "EXPLAIN", TR_CLASS_READ);
        emit_explain(c, n->explain_stmt, out);
        return;
    default: {
        char name[96];
        node_display_name(n, name, sizeof(name));
        emit_unsupported(c, -1, name);
        return;
    }
    }
}

static void finish_params(emit_ctx_t *c, translate_stmt_t *out)
{
    int np = c->nparams;
    if (c->opts && c->opts->nparam_types > np)
        np = c->opts->nparam_types;
    out->nparams = np;
    if (np == 0)
        return;
    out->param_types = lg_xcalloc((size_t)np, sizeof(uint32_t));
    for (int i = 1; i <= np; i++) {
        uint32_t t = c->ptypes[i];
        out->param_types[i - 1] = t ? t : PGTYPE_TEXT; /* PostgreSQL: unknown -> text */
    }
}

/* A statement with data-modifying WITH items runs them first (translate_emit_modcte.c). */
static void emit_statement(emit_ctx_t *c, const PgQuery__Node *n, translate_stmt_t *out)
{
    bool modcte = emit_modcte_begin(c, n);
    emit_statement_main(c, n, out);
    if (modcte)
        emit_modcte_end(c, out);
}

int translate__emit(const PgQuery__Node *stmt, const char *src, const translate_opts_t *opts,
                    translate_stmt_t *out, bool *uncacheable, lg_pgerr_t *err)
{
    lg_buf_t b;
    lg_buf_init(&b, EMIT_OUT_MAX);
    emit_ctx_t c = {.b = &b, .src = src, .opts = opts, .err = err, .stmt_out = out};
    c.ptypes = lg_xcalloc(EMIT_MAX_PARAMS + 1, sizeof(uint32_t));
    if (opts && opts->param_types) {
        for (int i = 0; i < opts->nparam_types && i < EMIT_MAX_PARAMS; i++)
            c.ptypes[i + 1] = opts->param_types[i];
    }
    out->ncols = -1;
    emit_statement(&c, stmt, out);
    if (!c.failed && b.failed)
        emit_error(&c, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, -1, "translated statement too long");
    if (c.failed) {
        lg_buf_deinit(&b);
        free(c.ptypes);
        for (int i = 0; i < out->ncols; i++)
            free(out->cols[i].name);
        free(out->cols);
        out->cols = NULL;
        out->ncols = -1;
        return LG_ESQL;
    }
    for (int i = 0; i < out->ncols; i++)
        if (out->cols[i].type_oid == EMIT_EXPANDARRAY_INT_OID ||
            out->cols[i].type_oid == EMIT_EXPANDARRAY_TEXT_OID)
            out->cols[i].type_oid = PGTYPE_RECORD; /* an anonymous row, as PostgreSQL says */
    if (out->cls == TR_CLASS_DDL || c.uses_catalog)
        *uncacheable = *uncacheable || out->cls == TR_CLASS_DDL;
    *uncacheable = *uncacheable || c.path_dependent;
    finish_params(&c, out);
    lg_buf_putc(&b, 0);
    size_t len;
    out->sql = (char *)lg_buf_steal(&b, &len);
    if (len <= 1) { /* nothing to run (DROP TYPE IF EXISTS ...): answered with the tag */
        free(out->sql);
        out->sql = NULL;
    }
    free(c.ptypes);
    return 0;
}
