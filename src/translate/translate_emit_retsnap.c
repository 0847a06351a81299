/* translate_emit_retsnap.c - subqueries in RETURNING see the target table as it was before
 * the statement, as PostgreSQL's snapshot does; SQLite evaluates them after each row's
 * change (a count(*) of the table would include the new row). When a RETURNING list reads
 * the target table in a subquery, the statement becomes a script that keeps a copy first:
 *   SELECT * FROM t, captured into temp._lg_retsnap     (the rows before the statement);
 *   INSERT / UPDATE / DELETE ... RETURNING ..., (SELECT ... FROM temp._lg_retsnap AS t);
 *   DROP TABLE temp._lg_retsnap
 * (emit_rangevar reads the copy for the target's name while c->retsnap is set). Other
 * tables are not copied: only the target changes under the statement (triggers and
 * cascades aside). Worker thread (the translator's). */
#include "lg_buf.h"
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <string.h>

typedef struct reads {
    const char *table;
    bool found;
} reads_t;

static bool find_table(const ProtobufCMessage *m, void *ctx)
{
    reads_t *r = ctx;
    if (m->descriptor == &pg_query__range_var__descriptor) {
        const PgQuery__RangeVar *rv = (const PgQuery__RangeVar *)m;
        if ((!rv->schemaname[0] || strcmp(rv->schemaname, "public") == 0) &&
            strcmp(rv->relname, r->table) == 0)
            r->found = true;
        return true;
    }
    if (!r->found)
        emit_walk_children(m, find_table, r);
    return true;
}

/* The target and RETURNING list of a DML statement without WITH; false otherwise. */
static bool dml_parts(const PgQuery__Node *n, const PgQuery__RangeVar **rel, PgQuery__Node ***ret,
                      size_t *nret)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        *rel = n->insert_stmt->relation;
        *ret = n->insert_stmt->returning_list;
        *nret = n->insert_stmt->n_returning_list;
        return !n->insert_stmt->with_clause;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        *rel = n->update_stmt->relation;
        *ret = n->update_stmt->returning_list;
        *nret = n->update_stmt->n_returning_list;
        return !n->update_stmt->with_clause;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        *rel = n->delete_stmt->relation;
        *ret = n->delete_stmt->returning_list;
        *nret = n->delete_stmt->n_returning_list;
        return !n->delete_stmt->with_clause;
    default:
        return false;
    }
}

static void emit_dml(emit_ctx_t *c, const PgQuery__Node *n, translate_stmt_t *out)
{
    if (n->node_case == PG_QUERY__NODE__NODE_INSERT_STMT)
        emit_insert(c, n->insert_stmt, out);
    else if (n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT)
        emit_update(c, n->update_stmt, out);
    else
        emit_delete(c, n->delete_stmt, out);
}

bool emit_dml_retsnap(emit_ctx_t *c, const PgQuery__Node *n, translate_stmt_t *out)
{
    const PgQuery__RangeVar *rel;
    PgQuery__Node **ret;
    size_t nret;
    if (!dml_parts(n, &rel, &ret, &nret) || !nret || !rel ||
        (rel->schemaname[0] && strcmp(rel->schemaname, "public") != 0))
        return false;
    reads_t r = {.table = rel->relname};
    for (size_t i = 0; i < nret && !r.found; i++)
        find_table((const ProtobufCMessage *)ret[i], &r);
    if (!r.found)
        return false;
    lg_buf_t b, *saved = c->b;
    lg_buf_init(&b, saved->max);
    c->b = &b;
    c->retsnap = rel->relname;
    emit_dml(c, n, out);
    c->retsnap = NULL;
    c->b = saved;
    lg_buf_putc(&b, 0);
    if (b.failed) {
        c->b->failed = true;
    } else if (!c->failed) {
        const char *t = (const char *)b.data;
        size_t mark = strlen(TRANSLATE_SCRIPT_MARK);
        emit_str(c, TRANSLATE_SCRIPT_MARK TRANSLATE_CAPTURE_MARK EMIT_RETSNAP "*/SELECT * FROM ");
        emit_ident(c, rel->relname);
        emit_str(c, ";");
        emit_str(c, strncmp(t, TRANSLATE_SCRIPT_MARK, mark) == 0 ? t + mark : t);
        emit_str(c, ";DROP TABLE temp." EMIT_RETSNAP);
    }
    lg_buf_deinit(&b);
    return true;
}
