/* session_extended.c - the extended query protocol: Parse (prepared statements, named or
 * unnamed), Bind (portals with parameters and result formats), Describe of statements and
 * portals, Execute with a row limit (PortalSuspended, resumable), Close, Flush, Sync.
 * After an error every message up to the next Sync is discarded, and each Sync gets
 * exactly one ReadyForQuery. Messages between Syncs run as one implicit transaction, as
 * in PostgreSQL, except a lone Execute directly followed by Sync, which runs in
 * autocommit (the same outcome with fewer steps). Loop thread. */
#include "session_int.h"
#include "lg_alloc.h"
#include "pgtype.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool lone_statement(session_t *s, size_t this_len, bool need_execute);

static void ext_error(session_t *s, const lg_pgerr_t *e)
{
    session__stmt_error(s, e);
    s->ext_error = true;
}

/* An error that also discards the rest of the extended-protocol batch until Sync. */
#define ext_errorf(s, ...) (session__errorf((s), __VA_ARGS__), (s)->ext_error = true)

/* ---- prepared statements ---- */

prepared_t *session__find_prepared(session_t *s, const char *name)
{
    for (prepared_t *p = s->prepared; p; p = p->next)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

static void prepared_free(prepared_t *p)
{
    if (p->tr)
        translate_result_unref(p->tr);
    free(p->name);
    free(p->param_types);
    free(p->described_types);
    free(p);
}

/* Adds (or with n == -1 removes) a prepared statement, replacing one of the same name. */
void session__add_prepared(session_t *s, const char *name, translate_result_t *tr, int n,
                           const uint32_t *types)
{
    for (prepared_t **pp = &s->prepared; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            prepared_t *old = *pp;
            *pp = old->next;
            prepared_free(old);
            break;
        }
    }
    if (n < 0)
        return;
    prepared_t *p = lg_xcalloc(1, sizeof(*p));
    p->name = lg_xstrdup(name);
    p->tr = tr;
    if (tr)
        translate_result_ref(tr);
    /* a PREPARE statement's $n belong to the statement it prepares, not to this one */
    bool own = tr && tr->nstmts && tr->stmts[0].cls != TR_CLASS_PREPARE;
    int stmt_n = own ? tr->stmts[0].nparams : 0;
    p->nparams = n > stmt_n ? n : stmt_n;
    p->param_types = lg_xcalloc((size_t)p->nparams + 1, sizeof(uint32_t));
    for (int i = 0; i < p->nparams; i++) {
        if (i < n && types && types[i])
            p->param_types[i] = types[i];
        else if (own && i < stmt_n && tr->stmts[0].param_types)
            p->param_types[i] = tr->stmts[0].param_types[i];
    }
    p->next = s->prepared;
    s->prepared = p;
}

void session__free_prepared(session_t *s)
{
    while (s->prepared) {
        prepared_t *p = s->prepared;
        s->prepared = p->next;
        prepared_free(p);
    }
}

/* ---- portals ---- */

portal_t *session__find_portal(session_t *s, const char *name)
{
    for (portal_t *p = s->portals; p; p = p->next)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

void session__remove_portal(session_t *s, portal_t *p)
{
    for (portal_t **pp = &s->portals; *pp; pp = &(*pp)->next)
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    session__portal_free(p);
}

/* Drops every portal (transaction end, session end) except `keep`, the one running the
 * statement that ended the block, which its caller frees when it completes. */
void session__drop_portals(session_t *s, portal_t *keep)
{
    portal_t **pp = &s->portals;
    while (*pp) {
        portal_t *p = *pp;
        if (p == keep || (p->hold && keep != SESSION_ALL_PORTALS)) {
            pp = &p->next;
            continue;
        }
        *pp = p->next;
        session__portal_free(p);
    }
}

/* ---- Parse ---- */

typedef struct parse_ctx {
    session_t *s;
    char *name;
    int n;
    uint32_t *types;
} parse_ctx_t;

static void parse_ctx_free(parse_ctx_t *c)
{
    free(c->name);
    free(c->types);
    free(c);
}

static void parse_done(session_t *s, parse_ctx_t *c, translate_result_t *tr)
{
    if (tr && (tr->nstmts > 1 || tr->rest_at > 0)) {
        ext_errorf(s, LG_SQLSTATE_SYNTAX_ERROR,
                   "cannot insert multiple commands into a prepared statement");
    } else {
        session__add_prepared(s, c->name, tr, c->n, c->types);
        proto_be_parse_complete(&s->out);
    }
    if (tr)
        translate_result_unref(tr);
    parse_ctx_free(c);
}

static void on_parse_translated(void *arg, translate_result_t *res, const lg_pgerr_t *err)
{
    parse_ctx_t *c = arg;
    session_t *s = c->s;
    if (err) {
        ext_error(s, err);
        parse_ctx_free(c);
    } else {
        parse_done(s, c, res);
    }
    session__continue(s);
}

static void msg_parse(session_t *s, const uint8_t *body, size_t len)
{
    proto_parse_t m;
    if (proto_decode_parse(body, len, &m) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Parse message");
        return;
    }
    if (m.name[0] && session__find_prepared(s, m.name)) {
        ext_errorf(s, LG_SQLSTATE_DUPLICATE_PSTATEMENT, "prepared statement \"%s\" already exists",
                   m.name);
        return;
    }
    parse_ctx_t *c = lg_xcalloc(1, sizeof(*c));
    c->s = s;
    c->name = lg_xstrdup(m.name);
    c->n = m.nparams;
    c->types = lg_xcalloc((size_t)m.nparams + 1, sizeof(uint32_t));
    for (uint16_t i = 0; i < m.nparams; i++)
        c->types[i] = proto_parse_param_oid(&m, i);
    translate_cache_t *tc = exec_translate_cache(s->env->exec);
    translate_result_t *tr = exec_session_uses_temp(s->es)
                                 ? NULL
                                 : translate_cache_get(tc, m.query, m.query_len, c->n, c->types);
    if (tr) {
        parse_done(s, c, tr);
        return;
    }
    s->busy = true;
    exec_translate(s->es, m.query, m.query_len, c->n, c->types, on_parse_translated, c);
}

/* ---- Bind ---- */

static bool bind_txn_ok(session_t *s, prepared_t *pr)
{
    if (s->txn_status != 'E' || !pr->tr || !pr->tr->nstmts)
        return true;
    const translate_stmt_t *st = &pr->tr->stmts[0];
    return st->cls == TR_CLASS_TXN &&
           (st->txn_kind == TR_TXN_ROLLBACK || st->txn_kind == TR_TXN_ROLLBACK_TO ||
            st->txn_kind == TR_TXN_COMMIT || st->txn_kind == TR_TXN_PREPARE);
}

#define BIND_STACK_PARAMS 16 /* parameters described on the stack; more take the heap */

static void bind_params(exec_run_t *run, prepared_t *pr, const proto_bind_t *m)
{
    int n = m->nparams;
    const uint8_t *vals_s[BIND_STACK_PARAMS];
    int32_t lens_s[BIND_STACK_PARAMS];
    int16_t fmts_s[BIND_STACK_PARAMS];
    bool heap = n > BIND_STACK_PARAMS;
    const uint8_t **vals = heap ? lg_xcalloc((size_t)n, sizeof(uint8_t *)) : vals_s;
    int32_t *lens = heap ? lg_xcalloc((size_t)n, sizeof(int32_t)) : lens_s;
    int16_t *fmts = heap ? lg_xcalloc((size_t)n, sizeof(int16_t)) : fmts_s;
    proto_bind_iter_t it;
    proto_bind_iter_init(&it, m);
    for (int i = 0; i < n; i++) {
        proto_bind_iter_next(&it, &vals[i], &lens[i]);
        fmts[i] = proto_bind_param_format(m, (uint16_t)i);
    }
    exec_run_set_params(run, n, pr->param_types, vals, lens, fmts);
    if (heap) {
        free(vals);
        free(lens);
        free(fmts);
    }
}

static void msg_bind(session_t *s, const uint8_t *body, size_t len)
{
    proto_bind_t m;
    if (proto_decode_bind(body, len, &m) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Bind message");
        return;
    }
    prepared_t *pr = session__find_prepared(s, m.statement);
    if (!pr) {
        ext_errorf(s, LG_SQLSTATE_INVALID_SQL_STATEMENT_NAME,
                   "prepared statement \"%s\" does not exist", m.statement);
        return;
    }
    if (m.nparams != pr->nparams) {
        lg_pgerr_t e;
        lg_pgerr_set(&e, LG_SQLSTATE_PROTOCOL_VIOLATION,
                     "bind message supplies %d parameters, but prepared statement \"%s\" "
                     "requires %d",
                     m.nparams, m.statement, pr->nparams);
        {
            ext_error(s, &e);
            return;
        }
    }
    if (!bind_txn_ok(s, pr)) {
        ext_errorf(s, LG_SQLSTATE_IN_FAILED_SQL_TRANSACTION,
                   "current transaction is aborted, commands ignored until end of "
                   "transaction block");
        return;
    }
    portal_t *old = session__find_portal(s, m.portal);
    if (old && m.portal[0]) {
        ext_errorf(s, LG_SQLSTATE_DUPLICATE_CURSOR, "portal \"%s\" already exists", m.portal);
        return;
    }
    if (old)
        session__remove_portal(s, old);
    if (!lone_statement(s, len + 5, true))
        session__implicit_open(s);
    portal_t *p = session__portal_new(s, pr->tr, 0);
    p->name = lg_xstrdup(m.portal);
    if (pr->tr && pr->tr->nstmts) {
        const translate_stmt_t *st = &pr->tr->stmts[0];
        if (st->cls == TR_CLASS_READ || st->cls == TR_CLASS_WRITE || st->cls == TR_CLASS_DDL) {
            p->run = exec_run_new(s->es, pr->tr, 0);
            bind_params(p->run, pr, &m);
            int16_t *rf = lg_xcalloc((size_t)m.nresult_formats + 1, sizeof(int16_t));
            for (uint16_t i = 0; i < m.nresult_formats; i++)
                rf[i] = proto_bind_result_format(&m, i);
            exec_run_set_result_formats(p->run, m.nresult_formats, rf);
            free(rf);
        } else if (st->cls == TR_CLASS_DECLARE && m.nparams > 0) {
            p->bound =
                exec_run_new(s->es, pr->tr, 0); /* never runs: the cursor's query takes them */
            bind_params(p->bound, pr, &m);
        } else if (st->cls == TR_CLASS_FETCH && m.nresult_formats > 0) {
            p->nresult_fmts = m.nresult_formats; /* the cursor's rows go out in these */
            p->result_fmts = lg_xcalloc(m.nresult_formats, sizeof(int16_t));
            for (uint16_t i = 0; i < m.nresult_formats; i++)
                p->result_fmts[i] = proto_bind_result_format(&m, i);
        }
    }
    p->next = s->portals;
    s->portals = p;
    proto_be_bind_complete(&s->out);
}

/* ---- Describe ---- */

static void send_fields(session_t *s, exec_run_t *run)
{
    uint16_t n;
    const proto_field_t *f = exec_run_fields(run, &n);
    if (n == 0 || !exec_run_stmt(run)->returns_rows)
        proto_be_no_data(&s->out);
    else
        proto_be_row_description(&s->out, n, f);
}

typedef struct describe_ctx {
    session_t *s;
    prepared_t *pr; /* statement describe: NULL for portal */
    bool temp_run;
} describe_ctx_t;

static void on_described(exec_run_t *run, exec_run_status_t st, void *arg)
{
    describe_ctx_t *c = arg;
    session_t *s = c->s;
    if (st == EXEC_RUN_ERROR) {
        ext_error(s, exec_run_error(run));
    } else {
        if (c->pr) {
            int n;
            const uint32_t *types = exec_run_param_types(run, &n);
            uint32_t *t = lg_xcalloc((size_t)c->pr->nparams + 1, sizeof(uint32_t));
            for (int i = 0; i < c->pr->nparams; i++)
                t[i] = c->pr->param_types[i] ? c->pr->param_types[i]
                       : i < n               ? types[i]
                                             : PGTYPE_TEXT;
            proto_be_parameter_description(&s->out, (uint16_t)c->pr->nparams, t);
            free(t);
        }
        send_fields(s, run);
    }
    if (c->temp_run)
        exec_run_close(run);
    free(c);
    session__continue(s);
}

static void describe_statement(session_t *s, prepared_t *pr)
{
    const translate_stmt_t *st = pr->tr && pr->tr->nstmts ? &pr->tr->stmts[0] : NULL;
    bool sql =
        st && (st->cls == TR_CLASS_READ || st->cls == TR_CLASS_WRITE || st->cls == TR_CLASS_DDL);
    if (!sql) {
        proto_be_parameter_description(&s->out, (uint16_t)pr->nparams, pr->param_types);
        if (st && st->cls == TR_CLASS_SHOW)
            session__guc_show_describe(s, st->set_name);
        else
            proto_be_no_data(&s->out);
        return;
    }
    describe_ctx_t *c = lg_xcalloc(1, sizeof(*c));
    c->s = s;
    c->pr = pr;
    c->temp_run = true;
    exec_run_t *run = exec_run_new(s->es, pr->tr, 0);
    exec_run_set_params(run, pr->nparams, pr->param_types, NULL, NULL, NULL);
    s->busy = true;
    exec_run_describe(run, on_described, c);
}

/* Whether the message after the current one (this_len bytes) is already buffered and is
 * an Execute of portal `name`. */
static bool next_executes(session_t *s, size_t this_len, const char *name)
{
    const uint8_t *p = lg_buf_rptr(s->in) + this_len;
    size_t n = lg_buf_unread(s->in) - this_len;
    if (n < 5 || p[0] != PROTO_MSG_EXECUTE)
        return false;
    size_t flen = 1 + (size_t)proto_get_u32(p + 1);
    if (flen < 5 || flen > n)
        return false;
    proto_execute_t m;
    return proto_decode_execute(p + 5, flen - 5, &m) == PROTO_OK && strcmp(m.portal, name) == 0;
}

static void msg_describe(session_t *s, const uint8_t *body, size_t len)
{
    proto_describe_t m;
    if (proto_decode_describe(body, len, &m) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Describe message");
        return;
    }
    if (m.kind == 'S') {
        prepared_t *pr = session__find_prepared(s, m.name);
        if (!pr) {
            ext_errorf(s, LG_SQLSTATE_INVALID_SQL_STATEMENT_NAME,
                       "prepared statement \"%s\" does not exist", m.name);
            return;
        }
        {
            describe_statement(s, pr);
            return;
        }
    }
    portal_t *p = session__find_portal(s, m.name);
    if (!p) {
        ext_errorf(s, LG_SQLSTATE_INVALID_CURSOR_NAME, "portal \"%s\" does not exist", m.name);
        return;
    }
    if (!p->run) {
        bool show = p->tr && p->tr->nstmts && p->tr->stmts[0].cls == TR_CLASS_SHOW;
        bool exec = p->tr && p->tr->nstmts && p->tr->stmts[0].cls == TR_CLASS_EXECUTE;
        if (exec && next_executes(s, len + 5, m.name)) {
            p->describe_by_run = true; /* the prepared statement's run answers it */
            return;
        }
        if (show) {
            session__guc_show_describe(s, p->tr->stmts[0].set_name);
        } else {
            proto_be_no_data(&s->out);
        }
        return;
    }
    if (!exec_run_started(p->run) && next_executes(s, len + 5, m.name)) {
        exec_run_set_describe(p->run); /* the Execute's first batch answers it */
        return;
    }
    describe_ctx_t *c = lg_xcalloc(1, sizeof(*c));
    c->s = s;
    s->busy = true;
    exec_run_describe(p->run, on_described, c);
}

/* ---- Execute / Close / Sync ---- */

/* Whether the buffered messages after the current one (this_len bytes) are exactly
 * [Describe...] [Execute] Sync: a lone statement that may run in autocommit. */
static bool lone_statement(session_t *s, size_t this_len, bool need_execute)
{
    const uint8_t *p = lg_buf_rptr(s->in) + this_len;
    size_t n = lg_buf_unread(s->in) - this_len;
    bool executed = !need_execute;
    while (n >= 5) {
        size_t flen = 1 + (size_t)proto_get_u32(p + 1);
        if (flen < 5 || flen > n)
            return false;
        if (p[0] == PROTO_MSG_SYNC)
            return executed;
        if (p[0] == PROTO_MSG_EXECUTE && !executed)
            executed = true;
        else if (p[0] != PROTO_MSG_DESCRIBE)
            return false;
        p += flen;
        n -= flen;
    }
    return false;
}

static void on_executed(session_t *s, portal_t *p, bool ok)
{
    (void)p;
    if (!ok)
        s->ext_error = true;
    session__continue(s);
}

static void msg_execute(session_t *s, const uint8_t *body, size_t len)
{
    proto_execute_t m;
    if (proto_decode_execute(body, len, &m) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Execute message");
        return;
    }
    portal_t *p = session__find_portal(s, m.portal);
    if (!p) {
        ext_errorf(s, LG_SQLSTATE_INVALID_CURSOR_NAME, "portal \"%s\" does not exist", m.portal);
        return;
    }
    if (!lone_statement(s, len + 5, false))
        session__implicit_open(s);
    s->busy = true;
    const char *src = p->tr && p->tr->src ? p->tr->src : "";
    exec_session_set_state(s->es, EXEC_STATE_ACTIVE, src, strlen(src));
    session__portal_run(p, m.max_rows, on_executed);
}

static void close_msg(session_t *s, const uint8_t *body, size_t len)
{
    proto_close_t m;
    if (proto_decode_close(body, len, &m) != PROTO_OK) {
        session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Close message");
        return;
    }
    if (m.kind == 'S') {
        session__add_prepared(s, m.name, NULL, -1, NULL);
    } else {
        portal_t *p = session__find_portal(s, m.name);
        if (p)
            session__remove_portal(s, p);
    }
    proto_be_close_complete(&s->out);
}

static void sync_ready(session_t *s)
{
    if (s->txn_status == 'I')
        session__drop_portals(s, NULL);
    session__ready(s);
    session__continue(s);
}

static void msg_sync(session_t *s)
{
    s->ext_error = false;
    if (s->implicit_block) {
        s->busy = true;
        session__implicit_close(s, sync_ready);
        return;
    }
    if (s->txn_status == 'I')
        session__drop_portals(s, NULL);
    session__ready(s);
}

void session__extended(session_t *s, uint8_t type, const uint8_t *body, size_t len)
{
    if (s->ext_error && type != PROTO_MSG_SYNC)
        return;
    switch (type) {
    case PROTO_MSG_PARSE: {
        msg_parse(s, body, len);
        return;
    }
    case PROTO_MSG_BIND: {
        msg_bind(s, body, len);
        return;
    }
    case PROTO_MSG_DESCRIBE: {
        msg_describe(s, body, len);
        return;
    }
    case PROTO_MSG_EXECUTE: {
        msg_execute(s, body, len);
        return;
    }
    case PROTO_MSG_CLOSE: {
        close_msg(s, body, len);
        return;
    }
    case PROTO_MSG_SYNC: {
        msg_sync(s);
        return;
    }
    case PROTO_MSG_FLUSH:
        if (proto_decode_empty(body, len) != PROTO_OK) {
            session__fatal(s, LG_SQLSTATE_PROTOCOL_VIOLATION, "invalid Flush message");
            return;
        }
        session__flush(s);
        return;
    }
}
