/* exec_group.c - group commit: several sessions' autocommit writes in one SQLite
 * transaction, so they share one commit and one fsync (exec_engine.c decides who joins).
 *
 * Each statement runs inside its own savepoint: a failing statement is rolled back to it
 * and reported to its own client, the others go on. A statement is acknowledged only after
 * the COMMIT returned; if the COMMIT fails, every statement of the group fails with that
 * error. Group members are short plain writes and are not interrupted by cancel requests
 * (an interrupt would roll back the whole group's transaction). Worker thread, holding
 * the writer connection. */
#include "exec_int.h"
#include <string.h>

#define GROUP_SAVEPOINT "lg_group"

/* Turns a finished member's success into the given error (its output is discarded). */
static void fail_member(exec_job_t *j, const lg_pgerr_t *err)
{
    lg_buf_reset(&j->run->out);
    j->run->err = *err;
    j->run->finished = true;
    j->status = EXEC_RUN_ERROR;
}

static void fail_all(exec_job_t *leader, const lg_pgerr_t *err, exec_job_t *upto)
{
    for (exec_job_t *j = leader; j && j != upto; j = j->group_next)
        if (j->status != EXEC_RUN_ERROR)
            fail_member(j, err);
}

/* Runs one member; false when SQLite rolled back the whole transaction meanwhile. */
static bool run_member(exec_conn_t *c, exec_job_t *j)
{
    lg_pgerr_t e;
    exec__conn_apply_session(c, j);
    if (exec__conn_exec(c, "SAVEPOINT " GROUP_SAVEPOINT, &e) != 0) {
        fail_member(j, &e);
        return !sqlite3_get_autocommit(c->db);
    }
    exec__current_set(j);
    exec__run_step_work(j);
    exec__current_set(NULL);
    if (sqlite3_get_autocommit(c->db))
        return false;
    /* a deferred foreign key this statement left violated fails it alone, as its own
     * commit would (the group's COMMIT must not fail for everyone) */
    int cur = 0, hi = 0;
    if (j->status != EXEC_RUN_ERROR &&
        sqlite3_db_status(c->db, SQLITE_DBSTATUS_DEFERRED_FKS, &cur, &hi, 0) == SQLITE_OK &&
        cur > 0) {
        lg_pgerr_set(&e, LG_SQLSTATE_FOREIGN_KEY_VIOLATION,
                     "insert or update violates a deferred foreign key constraint");
        fail_member(j, &e);
    }
    const char *end = j->status == EXEC_RUN_ERROR ? "ROLLBACK TO " GROUP_SAVEPOINT
                                                    "; RELEASE " GROUP_SAVEPOINT
                                                  : "RELEASE " GROUP_SAVEPOINT;
    if (exec__conn_exec(c, end, &e) != 0 && j->status != EXEC_RUN_ERROR)
        fail_member(j, &e);
    return !sqlite3_get_autocommit(c->db);
}

void exec__group_work(exec_job_t *leader)
{
    exec_conn_t *c = leader->conn;
    lg_pgerr_t e;
    c->cancel = NULL;
    if (exec__conn_exec(c, "BEGIN IMMEDIATE", &e) != 0) {
        fail_all(leader, &e, NULL);
        return;
    }
    for (exec_job_t *j = leader; j; j = j->group_next) {
        if (run_member(c, j))
            continue;
        /* the transaction is gone: nothing of the group was committed */
        lg_pgerr_set(&e, LG_SQLSTATE_SERIALIZATION_FAILURE,
                     "could not complete the write: its group commit was rolled back");
        fail_all(leader, &e, NULL);
        return;
    }
    if (exec__conn_exec(c, "COMMIT", &e) != 0) {
        lg_pgerr_t ignored;
        exec__conn_exec(c, "ROLLBACK", &ignored);
        fail_all(leader, &e, NULL);
    }
}
