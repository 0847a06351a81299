/* translate_emit_rowlock.c - PostgreSQL's parse-analysis and planner errors for SELECT ...
 * FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [OF rel, ...]. litegres needs no SQL for
 * the lock itself (the statement is classed WRITE and the writer lease serializes), but a
 * query PostgreSQL refuses must not run here:
 *   - a locking clause on VALUES (0A000) or on a set operation or one of its arms (0A000);
 *   - OF a schema-qualified name (42601) or a name that is no FROM item of the query
 *     (42P01, positioned at the name);
 *   - a relation on the nullable side of an outer join (0A000): with OF, the named ones;
 *     without, every table or subquery of the FROM clause.
 * Worker thread (the translator's). */
#include "translate_emit.h"
#include "translate_emit_check.h"
#include <string.h>

#define LOCK_RELS_MAX 64

/* FROM items by the name that qualifies them, and whether an outer join can null them. */
typedef struct lock_rels {
    const char *name[LOCK_RELS_MAX];
    bool nullable[LOCK_RELS_MAX];
    bool lockable[LOCK_RELS_MAX]; /* a table or subquery (not a function) */
    int n;
} lock_rels_t;

static const char *lock_strength(const PgQuery__LockingClause *l)
{
    switch (l->strength) {
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE:
        return "FOR KEY SHARE";
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORSHARE:
        return "FOR SHARE";
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE:
        return "FOR NO KEY UPDATE";
    default:
        return "FOR UPDATE";
    }
}

static void rels_add(lock_rels_t *r, const char *name, bool nullable, bool lockable)
{
    if (r->n >= LOCK_RELS_MAX || !name || !name[0])
        return;
    r->name[r->n] = name;
    r->nullable[r->n] = nullable;
    r->lockable[r->n] = lockable;
    r->n++;
}

static const char *alias_of(const PgQuery__Alias *a)
{
    return a && a->aliasname[0] ? a->aliasname : NULL;
}

static void rels_collect(lock_rels_t *r, const PgQuery__Node *n, bool nullable)
{
    if (!n)
        return;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR: {
        const PgQuery__RangeVar *rv = n->range_var;
        const char *a = alias_of(rv->alias);
        rels_add(r, a ? a : rv->relname, nullable, true);
        break;
    }
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
        rels_add(r, alias_of(n->range_subselect->alias), nullable, true);
        break;
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
        rels_add(r, alias_of(n->range_function->alias), nullable, false);
        break;
    case PG_QUERY__NODE__NODE_JOIN_EXPR: {
        const PgQuery__JoinExpr *j = n->join_expr;
        PgQuery__JoinType t = j->jointype;
        rels_collect(r, j->larg,
                     nullable || t == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ||
                         t == PG_QUERY__JOIN_TYPE__JOIN_FULL);
        rels_collect(r, j->rarg,
                     nullable || t == PG_QUERY__JOIN_TYPE__JOIN_LEFT ||
                         t == PG_QUERY__JOIN_TYPE__JOIN_FULL);
        break;
    }
    default:
        break;
    }
}

static int rels_find(const lock_rels_t *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->name[i], name) == 0)
            return i;
    return -1;
}

static void nullable_error(emit_ctx_t *c, const PgQuery__LockingClause *l)
{
    emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
               "%s cannot be applied to the nullable side of an outer join", lock_strength(l));
}

/* One locking clause against the FROM items. */
static void check_clause(emit_ctx_t *c, const lock_rels_t *r, const PgQuery__LockingClause *l)
{
    if (l->n_locked_rels == 0) {
        for (int i = 0; i < r->n; i++)
            if (r->nullable[i] && r->lockable[i]) {
                nullable_error(c, l);
                return;
            }
        return;
    }
    for (size_t k = 0; k < l->n_locked_rels && !c->failed; k++) {
        const PgQuery__Node *n = l->locked_rels[k];
        if (n->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
            continue;
        const PgQuery__RangeVar *rv = n->range_var;
        if (rv->schemaname[0] || rv->catalogname[0]) {
            emit_error(c, LG_SQLSTATE_SYNTAX_ERROR, rv->location,
                       "%s must specify unqualified relation names", lock_strength(l));
            return;
        }
        int i = rels_find(r, rv->relname);
        if (i < 0) {
            emit_error(c, LG_SQLSTATE_UNDEFINED_TABLE, rv->location,
                       "relation \"%s\" in %s clause not found in FROM clause", rv->relname,
                       lock_strength(l));
            return;
        }
        if (r->nullable[i] && r->lockable[i]) {
            nullable_error(c, l);
            return;
        }
    }
}

void emit_check_row_locking(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    if (!s->n_locking_clause || c->failed)
        return;
    const PgQuery__LockingClause *first = s->locking_clause[0]->locking_clause;
    if (s->n_values_lists) {
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1, "%s cannot be applied to VALUES",
                   lock_strength(first));
        return;
    }
    lock_rels_t r = {.n = 0};
    for (size_t i = 0; i < s->n_from_clause; i++)
        rels_collect(&r, s->from_clause[i], false);
    for (size_t k = 0; k < s->n_locking_clause && !c->failed; k++)
        check_clause(c, &r, s->locking_clause[k]->locking_clause);
}

/* The first locking clause in a set operation's tree (its own or an arm's), or NULL. */
static const PgQuery__LockingClause *setop_locking(const PgQuery__SelectStmt *s)
{
    if (!s)
        return NULL;
    if (s->n_locking_clause)
        return s->locking_clause[0]->locking_clause;
    if (s->op == PG_QUERY__SET_OPERATION__SETOP_NONE)
        return NULL;
    const PgQuery__LockingClause *l = setop_locking(s->larg);
    return l ? l : setop_locking(s->rarg);
}

void emit_check_setop_locking(emit_ctx_t *c, const PgQuery__SelectStmt *s)
{
    const PgQuery__LockingClause *l = setop_locking(s);
    if (l && !c->failed)
        emit_error(c, LG_SQLSTATE_FEATURE_NOT_SUPPORTED, -1,
                   "%s is not allowed with UNION/INTERSECT/EXCEPT", lock_strength(l));
}
