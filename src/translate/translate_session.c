/* translate_session.c - decodes the statements that the session layer runs itself rather
 * than SQLite: transaction control, SET/RESET/SHOW, SQL-level PREPARE/EXECUTE/DEALLOCATE,
 * DISCARD, and LISTEN / UNLISTEN / NOTIFY. Worker thread. */
#include "translate_int.h"
#include "translate_emit_check.h"
#include "lg_alloc.h"
#include "lg_buf.h"
#include "pgtype.h"
#include "pgtype_time.h"
#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int txn_stmt(const PgQuery__TransactionStmt *t, translate_stmt_t *out, lg_pgerr_t *err);
static int set_stmt(const PgQuery__VariableSetStmt *v, translate_stmt_t *out, lg_pgerr_t *err);
static int prepare_stmt(const PgQuery__PrepareStmt *p, const char *src, int loc, int len,
                        translate_stmt_t *out, lg_pgerr_t *err);
static int execute_stmt(const PgQuery__ExecuteStmt *e, translate_stmt_t *out, lg_pgerr_t *err);
static int const_text(const PgQuery__Node *n, lg_buf_t *b, bool *is_null);
static int declare_stmt(const PgQuery__DeclareCursorStmt *d, const char *src, int loc, int len,
                        translate_stmt_t *out, lg_pgerr_t *err);
static int fetch_stmt(const PgQuery__FetchStmt *f, translate_stmt_t *out, lg_pgerr_t *err);
static void txn_options(PgQuery__Node **opts, size_t n, translate_stmt_t *out);

static char *lower_dup(const char *s)
{
    char *d = lg_xstrdup(s);
    for (char *p = d; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return d;
}

/* LISTEN / UNLISTEN / NOTIFY: the session keeps the channels and queues notifications. */
static void notify_stmt(translate_stmt_t *out, const char *tag, const char *channel,
                        const char *payload)
{
    out->cls = TR_CLASS_NOTIFY;
    snprintf(out->tag, sizeof(out->tag), "%s", tag);
    out->name = lg_xstrdup(channel ? channel : "");
    out->set_value = payload ? lg_xstrdup(payload) : NULL;
}

static int unsupported(lg_pgerr_t *err, const char *what)
{
    return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, "%s is not supported", what);
}

/* Two-phase commit: litegres behaves as PostgreSQL with max_prepared_transactions = 0. */
static void two_phase_error(const PgQuery__TransactionStmt *t, lg_pgerr_t *err)
{
    if (t->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE) {
        lg_pgerr_set(err, "55000", "prepared transactions are disabled");
        lg_pgerr_hint(err, "Set max_prepared_transactions to a nonzero value.");
        return;
    }
    lg_pgerr_set(err, LG_SQLSTATE_UNDEFINED_OBJECT,
                 "prepared transaction with identifier \"%s\" does not exist", t->gid);
}

int translate__session_stmt(const PgQuery__Node *stmt, const char *src, int loc, int len,
                            translate_stmt_t *out, lg_pgerr_t *err)
{
    int rc = 0;
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        rc = txn_stmt(stmt->transaction_stmt, out, err);
        break;
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
        rc = set_stmt(stmt->variable_set_stmt, out, err);
        break;
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
        out->cls = TR_CLASS_SHOW;
        snprintf(out->tag, sizeof(out->tag), "SHOW");
        out->set_name = lower_dup(stmt->variable_show_stmt->name);
        out->returns_rows = true;
        break;
    case PG_QUERY__NODE__NODE_PREPARE_STMT:
        rc = prepare_stmt(stmt->prepare_stmt, src, loc, len, out, err);
        break;
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
        rc = execute_stmt(stmt->execute_stmt, out, err);
        break;
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
        out->cls = TR_CLASS_DEALLOCATE;
        snprintf(out->tag, sizeof(out->tag), "DEALLOCATE%s",
                 stmt->deallocate_stmt->name[0] ? "" : " ALL");
        out->name = lg_xstrdup(stmt->deallocate_stmt->name);
        break;
    case PG_QUERY__NODE__NODE_DISCARD_STMT: {
        static const char *tags[] = {"DISCARD", "DISCARD ALL", "DISCARD PLANS", "DISCARD SEQUENCES",
                                     "DISCARD TEMP"};
        unsigned t = (unsigned)stmt->discard_stmt->target;
        out->cls = TR_CLASS_DISCARD;
        snprintf(out->tag, sizeof(out->tag), "%s", t < 5 ? tags[t] : "DISCARD");
        break;
    }
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
        rc = declare_stmt(stmt->declare_cursor_stmt, src, loc, len, out, err);
        break;
    case PG_QUERY__NODE__NODE_FETCH_STMT:
        rc = fetch_stmt(stmt->fetch_stmt, out, err);
        break;
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
        out->cls = TR_CLASS_CLOSE_CURSOR;
        snprintf(out->tag, sizeof(out->tag), "CLOSE CURSOR%s",
                 stmt->close_portal_stmt->portalname[0] ? "" : " ALL");
        out->name = lg_xstrdup(stmt->close_portal_stmt->portalname);
        break;
    case PG_QUERY__NODE__NODE_COPY_STMT:
        rc = translate__copy_stmt(stmt->copy_stmt, src, loc, len, out, err);
        break;
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
        notify_stmt(out, "LISTEN", stmt->listen_stmt->conditionname, NULL);
        break;
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
        notify_stmt(out, "UNLISTEN", stmt->unlisten_stmt->conditionname, NULL);
        break;
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
        notify_stmt(out, "NOTIFY", stmt->notify_stmt->conditionname, stmt->notify_stmt->payload);
        break;
    default:
        return 0;
    }
    return rc < 0 ? -1 : 1;
}

static int txn_stmt(const PgQuery__TransactionStmt *t, translate_stmt_t *out, lg_pgerr_t *err)
{
    out->cls = TR_CLASS_TXN;
    out->read_only = -1;
    out->deferrable = -1;
    out->chain = t->chain;
    const char *tag = "BEGIN";
    switch (t->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
        out->txn_kind = TR_TXN_BEGIN;
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
        out->txn_kind = TR_TXN_BEGIN;
        tag = "START TRANSACTION";
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
        out->txn_kind = TR_TXN_COMMIT;
        tag = "COMMIT";
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
        out->txn_kind = TR_TXN_ROLLBACK;
        tag = "ROLLBACK";
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
        out->txn_kind = TR_TXN_SAVEPOINT;
        tag = "SAVEPOINT";
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
        out->txn_kind = TR_TXN_RELEASE;
        tag = "RELEASE";
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
        out->txn_kind = TR_TXN_ROLLBACK_TO;
        tag = "ROLLBACK";
        break;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
        out->txn_kind = TR_TXN_PREPARE; /* the session answers as PostgreSQL with none allowed */
        tag = "PREPARE TRANSACTION";
        break;
    default:
        two_phase_error(t, err);
        return -1;
    }
    snprintf(out->tag, sizeof(out->tag), "%s", tag);
    if (t->savepoint_name[0])
        out->savepoint = lg_xstrdup(t->savepoint_name);
    txn_options(t->options, t->n_options, out);
    return 0;
}

static translate_isolation_t parse_isolation(const char *s)
{
    if (strcmp(s, "serializable") == 0)
        return TR_ISO_SERIALIZABLE;
    if (strcmp(s, "repeatable read") == 0)
        return TR_ISO_REPEATABLE_READ;
    if (strcmp(s, "read committed") == 0)
        return TR_ISO_READ_COMMITTED;
    if (strcmp(s, "read uncommitted") == 0)
        return TR_ISO_READ_UNCOMMITTED;
    return TR_ISO_DEFAULT;
}

/* BEGIN / SET TRANSACTION options: DefElem transaction_isolation (A_Const sval),
 * transaction_read_only and transaction_deferrable (A_Const ival 0/1; DEFERRABLE only shows in
 * the transaction_deferrable setting: every transaction here is serializable already). */
static void txn_options(PgQuery__Node **opts, size_t n, translate_stmt_t *out)
{
    for (size_t i = 0; i < n; i++) {
        if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            continue;
        const PgQuery__DefElem *d = opts[i]->def_elem;
        if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_A_CONST)
            continue;
        const PgQuery__AConst *c = d->arg->a_const;
        if (strcmp(d->defname, "transaction_isolation") == 0 &&
            c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
            out->isolation = parse_isolation(c->sval->sval);
        else if (strcmp(d->defname, "transaction_read_only") == 0 &&
                 c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
            out->read_only = c->ival->ival ? 1 : 0;
        else if (strcmp(d->defname, "transaction_deferrable") == 0 &&
                 c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
            out->deferrable = c->ival->ival ? 1 : 0;
    }
}

/* A string item of a list setting PostgreSQL marks GUC_LIST_QUOTE (search_path): written as
 * quote_identifier writes it ("$user", "Mixed"), so the list reads back the same names. */
static bool quoted_list_item(const PgQuery__Node *n, lg_buf_t *b)
{
    if (n->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        n->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
        return false;
    const char *v = n->a_const->sval->sval;
    if (pgtype_ident_is_bare(v, strlen(v))) {
        lg_buf_append(b, v, strlen(v));
        return true;
    }
    lg_buf_putc(b, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            lg_buf_putc(b, '"');
        lg_buf_putc(b, *p);
    }
    lg_buf_putc(b, '"');
    return true;
}

static int set_args(PgQuery__Node **args, size_t n, translate_stmt_t *out, lg_pgerr_t *err)
{
    lg_buf_t b;
    lg_buf_init(&b, 64 * 1024);
    bool list_quote = strcmp(out->set_name, "search_path") == 0;
    for (size_t i = 0; i < n; i++) {
        bool is_null = false;
        if (i > 0)
            lg_buf_append(&b, ", ", 2);
        if (list_quote && quoted_list_item(args[i], &b))
            continue;
        if (const_text(args[i], &b, &is_null) != 0) {
            lg_buf_deinit(&b);
            return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "SET %s takes only constant values",
                                out->set_name);
        }
    }
    lg_buf_putc(&b, 0);
    if (b.failed) {
        lg_buf_deinit(&b);
        return lg_pgerr_set(err, LG_SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "SET value too long");
    }
    size_t len;
    out->set_value = (char *)lg_buf_steal(&b, &len);
    return 0;
}

/* SET TimeZone names a zone of the system tz database (or a numeric offset). Checked here,
 * on the worker, because looking a zone up reads /usr/share/zoneinfo, which the loop thread
 * that applies the setting must not do. */
static int check_timezone(const char *v, lg_pgerr_t *err)
{
    char *end;
    strtod(v, &end); /* '-5', '+05:30' */
    if (end != v && (*end == '\0' || *end == ':'))
        return 0;
    if (strlen(v) < 64 && pgtime_zone_find(v))
        return 0;
    lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                 "invalid value for parameter \"TimeZone\": \"%s\"", v);
    return -1;
}

static bool is_interval_cast(const PgQuery__Node *n)
{
    if (n->node_case != PG_QUERY__NODE__NODE_TYPE_CAST || !n->type_cast->type_name)
        return false;
    const PgQuery__TypeName *t = n->type_cast->type_name;
    const PgQuery__Node *last = t->n_names ? t->names[t->n_names - 1] : NULL;
    return last && last->node_case == PG_QUERY__NODE__NODE_STRING &&
           strcmp(last->string->sval, "interval") == 0;
}

/* The seconds of a zone interval: INTERVAL '+02:30:15' HOUR TO MINUTE drops the fields below
 * the qualifier's last one (PostgreSQL's interval typmod: bit 12 second, 11 minute, 10 hour). */
static int interval_zone_secs(const PgQuery__TypeName *tn, int64_t usec)
{
    int64_t secs = usec / PGTIME_USEC_PER_SEC;
    if (tn->n_typmods < 1 || tn->typmods[0]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        tn->typmods[0]->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
        return (int)secs;
    int mask = (int)tn->typmods[0]->a_const->ival->ival;
    if (mask & (1 << 12))
        return (int)secs;
    int64_t unit = mask & (1 << 11) ? 60 : mask & (1 << 10) ? 3600 : 0;
    return unit ? (int)(secs / unit * unit) : 0;
}

/* SET TIME ZONE with a number of hours or an INTERVAL names a fixed offset the way
 * PostgreSQL does ('-3' shows as <-03>+03); any other value is a zone name to check. */
static int set_timezone_value(const PgQuery__VariableSetStmt *v, translate_stmt_t *out,
                              lg_pgerr_t *err)
{
    char name[64];
    if (v->n_args == 1 && is_interval_cast(v->args[0])) {
        pgtime_interval_t iv;
        if (pgtime_parse_interval(out->set_value, strlen(out->set_value), &iv) != 0)
            return lg_pgerr_set(err, LG_SQLSTATE_INVALID_DATETIME_FORMAT,
                                "invalid input syntax for type interval: \"%s\"", out->set_value);
        if (iv.months != 0 || iv.days != 0)
            return lg_pgerr_set(err, LG_SQLSTATE_INVALID_PARAMETER_VALUE,
                                "invalid value for parameter \"TimeZone\": \"INTERVAL '%s'\"",
                                out->set_value);
        int secs = interval_zone_secs(v->args[0]->type_cast->type_name, iv.usec);
        pgtime_zone_offset_name(secs, name, sizeof(name));
    } else if (!pgtime_zone_hours_name(out->set_value, name, sizeof(name))) {
        return check_timezone(out->set_value, err);
    }
    free(out->set_value);
    out->set_value = lg_xstrdup(name);
    return 0;
}

static int set_stmt(const PgQuery__VariableSetStmt *v, translate_stmt_t *out, lg_pgerr_t *err)
{
    out->cls = TR_CLASS_SET;
    out->set_local = v->is_local;
    out->read_only = -1;
    out->deferrable = -1;
    out->set_name = lower_dup(v->name);
    snprintf(out->tag, sizeof(out->tag), "SET");
    switch (v->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE:
        out->set_kind = TR_SET_VALUE;
        if (set_args(v->args, v->n_args, out, err) != 0)
            return -1;
        return strcmp(out->set_name, "timezone") == 0 ? set_timezone_value(v, out, err) : 0;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
        out->set_kind = TR_SET_DEFAULT;
        return 0;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
        out->set_kind = TR_SET_RESET;
        snprintf(out->tag, sizeof(out->tag), "RESET");
        return 0;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
        out->set_kind = TR_SET_RESET_ALL;
        snprintf(out->tag, sizeof(out->tag), "RESET");
        return 0;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
        if (strcmp(out->set_name, "transaction snapshot") == 0) {
            unsupported(err, "SET TRANSACTION SNAPSHOT"); /* no snapshot is ever exported */
            return -1;
        }
        out->set_kind = TR_SET_TRANSACTION;
        txn_options(v->args, v->n_args, out);
        return 0;
    default:
        unsupported(err, "SET FROM CURRENT");
        return -1;
    }
}

/* Appends the text of a constant (A_Const, or a TypeCast of one as in
 * SET TIME ZONE INTERVAL '+01:00' HOUR TO MINUTE). */
static int const_text(const PgQuery__Node *n, lg_buf_t *b, bool *is_null)
{
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && n->type_cast->arg)
        return const_text(n->type_cast->arg, b, is_null);
    if (n->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return -1;
    const PgQuery__AConst *c = n->a_const;
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        lg_buf_printf(b, "%d", c->ival->ival);
        return 0;
    case PG_QUERY__A__CONST__VAL_FVAL:
        lg_buf_append(b, c->fval->fval, strlen(c->fval->fval));
        return 0;
    case PG_QUERY__A__CONST__VAL_SVAL:
        lg_buf_append(b, c->sval->sval, strlen(c->sval->sval));
        return 0;
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        lg_buf_append(b, c->boolval->boolval ? "on" : "off", c->boolval->boolval ? 2 : 3);
        return 0;
    case PG_QUERY__A__CONST__VAL_BSVAL:
        lg_buf_append(b, c->bsval->bsval, strlen(c->bsval->bsval));
        return 0;
    default:
        *is_null = true;
        return 0;
    }
}

/* PREPARE name [(types)] AS query: the query text is everything after the AS keyword that
 * follows the name and the optional type list (the parser gives no location for it). */
static int prepare_stmt(const PgQuery__PrepareStmt *p, const char *src, int loc, int len,
                        translate_stmt_t *out, lg_pgerr_t *err)
{
    const char *s = src + loc;
    size_t n = len > 0 ? (size_t)len : strlen(s);
    int paren = 0;
    size_t i = 0, start = n;
    for (; i + 1 < n; i++) {
        char c = s[i];
        if (c == '(')
            paren++;
        else if (c == ')')
            paren--;
        else if (c == '"') {
            for (i++; i < n && s[i] != '"'; i++)
                ;
        } else if (paren == 0 && (c == 'a' || c == 'A') && (s[i + 1] == 's' || s[i + 1] == 'S') &&
                   i > 0 && isspace((unsigned char)s[i - 1]) &&
                   (i + 2 >= n || isspace((unsigned char)s[i + 2]) || s[i + 2] == '(')) {
            start = i + 2;
            break;
        }
    }
    if (start >= n)
        return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "could not find PREPARE query");
    out->cls = TR_CLASS_PREPARE;
    snprintf(out->tag, sizeof(out->tag), "PREPARE");
    out->name = lg_xstrdup(p->name);
    out->prepare_sql = lg_xstrndup(s + start, n - start);
    out->nparams = (int)p->n_argtypes;
    if (p->n_argtypes) {
        out->param_types = lg_xcalloc(p->n_argtypes, sizeof(uint32_t));
        for (size_t k = 0; k < p->n_argtypes; k++) {
            const PgQuery__Node *t = p->argtypes[k];
            if (t->node_case != PG_QUERY__NODE__NODE_TYPE_NAME || !t->type_name->n_names)
                continue;
            const PgQuery__Node *last = t->type_name->names[t->type_name->n_names - 1];
            if (last->node_case == PG_QUERY__NODE__NODE_STRING)
                out->param_types[k] = pgtype_from_name(last->string->sval);
            if (out->param_types[k] && t->type_name->n_array_bounds)
                out->param_types[k] = pgtype_array_of(out->param_types[k]);
        }
    }
    int ploc = -1; /* translate_emit_check.c: a parameter nothing gives a type (42P18) */
    int bad = emit_check_param_types(p->query, p->n_argtypes, out->param_types, &ploc);
    if (bad) {
        lg_pgerr_set(err, LG_SQLSTATE_INDETERMINATE_DATATYPE,
                     "could not determine data type of parameter $%d", bad);
        return LG_ESQL;
    }
    return 0;
}

static int execute_stmt(const PgQuery__ExecuteStmt *e, translate_stmt_t *out, lg_pgerr_t *err)
{
    out->cls = TR_CLASS_EXECUTE;
    snprintf(out->tag, sizeof(out->tag), "EXECUTE");
    out->name = lg_xstrdup(e->name);
    out->nexec_args = (int)e->n_params;
    if (!e->n_params)
        return 0;
    out->exec_args = lg_xcalloc(e->n_params, sizeof(char *));
    for (size_t i = 0; i < e->n_params; i++) {
        lg_buf_t b;
        bool is_null = false;
        lg_buf_init(&b, 1 << 20);
        const PgQuery__Node *a = e->params[i];
        bool neg = false;
        if (a->node_case == PG_QUERY__NODE__NODE_A_EXPR &&
            a->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && !a->a_expr->lexpr &&
            a->a_expr->rexpr) {
            neg = true;
            a = a->a_expr->rexpr;
        }
        if (neg)
            lg_buf_putc(&b, '-');
        if (const_text(a, &b, &is_null) != 0) {
            lg_buf_deinit(&b);
            return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                                "EXECUTE arguments must be constants");
        }
        lg_buf_putc(&b, 0);
        size_t len;
        out->exec_args[i] = is_null ? (lg_buf_deinit(&b), NULL) : (char *)lg_buf_steal(&b, &len);
    }
    return 0;
}

/* Offset just past keyword `kw` (case-insensitive, a whole word, outside quotes and
 * parentheses) in s[0..n), starting at `from`; n when absent. */
static size_t after_keyword(const char *s, size_t n, size_t from, const char *kw)
{
    size_t k = strlen(kw);
    int paren = 0;
    for (size_t i = from; i + k <= n; i++) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            for (i++; i < n && s[i] != c; i++)
                ;
            continue;
        }
        if (c == '(')
            paren++;
        else if (c == ')')
            paren--;
        if (paren || strncasecmp(s + i, kw, k) != 0)
            continue;
        bool left = i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_');
        bool right = i + k == n || !(isalnum((unsigned char)s[i + k]) || s[i + k] == '_');
        if (left && right)
            return i + k;
    }
    return n;
}

#define CURSOR_OPT_HOLD 0x0020
#define CURSOR_OPT_SCROLL 0x0002

/* The highest $n in sql, 0 when none: a DECLARE's query takes the statement's parameters,
 * whose types the query's own translation infers when the client gives none. */
static int max_param(const char *sql)
{
    PgQueryScanResult sr = pg_query_scan(sql);
    PgQuery__ScanResult *s =
        sr.error ? NULL
                 : pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
    int max = 0;
    for (size_t i = 0; s && i < s->n_tokens; i++) {
        const PgQuery__ScanToken *t = s->tokens[i];
        int n = t->token == PG_QUERY__TOKEN__PARAM ? atoi(sql + t->start + 1) : 0;
        if (n > max)
            max = n;
    }
    if (s)
        pg_query__scan_result__free_unpacked(s, NULL);
    pg_query_free_scan_result(sr);
    return max;
}

/* DECLARE name [BINARY] [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR query */
static int declare_stmt(const PgQuery__DeclareCursorStmt *d, const char *src, int loc, int len,
                        translate_stmt_t *out, lg_pgerr_t *err)
{
    if (d->options & CURSOR_OPT_SCROLL)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "SCROLL cursors are not supported");
    const char *s = src + loc;
    size_t n = len > 0 ? (size_t)len : strlen(s);
    size_t start = after_keyword(s, n, after_keyword(s, n, 0, "cursor"), "for");
    if (start >= n)
        return lg_pgerr_set(err, LG_SQLSTATE_SYNTAX_ERROR, "could not find the cursor's query");
    out->cls = TR_CLASS_DECLARE;
    snprintf(out->tag, sizeof(out->tag), "DECLARE CURSOR");
    out->name = lg_xstrdup(d->portalname);
    out->cursor_hold = (d->options & CURSOR_OPT_HOLD) != 0;
    out->prepare_sql = lg_xstrndup(s + start, n - start);
    out->nparams = max_param(out->prepare_sql); /* types unspecified (param_types NULL) */
    return 0;
}

static int fetch_stmt(const PgQuery__FetchStmt *f, translate_stmt_t *out, lg_pgerr_t *err)
{
    if (f->ismove)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, "MOVE is not supported");
    if (f->direction != PG_QUERY__FETCH_DIRECTION__FETCH_FORWARD || f->how_many < 0)
        return lg_pgerr_set(err, LG_SQLSTATE_FEATURE_NOT_SUPPORTED,
                            "FETCH %s is not supported (cursors move forward only)",
                            f->direction == PG_QUERY__FETCH_DIRECTION__FETCH_BACKWARD
                                ? "BACKWARD"
                                : "ABSOLUTE/RELATIVE");
    out->cls = TR_CLASS_FETCH;
    snprintf(out->tag, sizeof(out->tag), "FETCH");
    out->name = lg_xstrdup(f->portalname);
    /* FETCH ALL arrives as LONG_MAX; 0 stands for "all" below */
    out->fetch_count = f->how_many >= INT32_MAX ? 0 : f->how_many;
    out->returns_rows = true;
    return 0;
}
