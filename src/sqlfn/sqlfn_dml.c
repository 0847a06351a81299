/* sqlfn_dml.c - helpers the translator's INSERT/UPDATE/DELETE rewrites call:
 *
 *   lg_raise(sqlstate, message)   raises the error (a statement-level check that
 *                                 PostgreSQL makes, such as ON CONFLICT DO UPDATE affecting
 *                                 a row twice); returns NULL if either argument is NULL.
 *   lg_xmax_note(rowid, v)        returns v; notes that the row `rowid` was updated by the
 *                                 running upsert (called from its DO UPDATE SET).
 *   lg_xmax_take(rowid)           1 if the row was the one noted last, else 0 (and forgets
 *                                 the note): the system column xmax of an upsert's
 *                                 RETURNING, which is 0 exactly for the rows it inserted.
 *
 * SQLite evaluates an upsert's RETURNING for each row right after writing it, so one slot
 * per connection suffices: note fills it, the next take empties it. (A statement that fails
 * between the two leaves the slot filled; the next take empties it, and answers 1 only if
 * that row has the same rowid.) The slot is owned by the lg_xmax_note function and freed
 * with the connection. Worker thread (the connection's). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lg_alloc.h"
#include "lg_err.h"
#include "sqlfn_int.h"

typedef struct xmax_state {
    bool full;
    int64_t rowid;
} xmax_state_t;

static void fn_raise(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *state = (const char *)sqlite3_value_text(argv[0]);
    const char *msg = (const char *)sqlite3_value_text(argv[1]);
    if (!state || !msg || strlen(state) != 5) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlfn__error(ctx, state, "%s", msg);
}

static void fn_xmax_note(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    xmax_state_t *s = sqlite3_user_data(ctx);
    s->full = true;
    s->rowid = sqlite3_value_int64(argv[0]);
    sqlite3_result_value(ctx, argv[1]);
}

static void fn_xmax_take(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    xmax_state_t *s = sqlite3_user_data(ctx);
    bool hit = s->full && s->rowid == sqlite3_value_int64(argv[0]);
    s->full = false;
    sqlite3_result_int(ctx, hit ? 1 : 0);
}

int sqlfn__register_dml(sqlite3 *db)
{
    xmax_state_t *s = lg_xcalloc(1, sizeof(*s));
    if (sqlite3_create_function_v2(db, "lg_xmax_note", 2, SQLFN_VOLATILE, s, fn_xmax_note, NULL,
                                   NULL, free) != SQLITE_OK)
        return LG_EINVAL;
    static const sqlfn_def_t defs[] = {{"lg_xmax_take", 1, SQLFN_VOLATILE, fn_xmax_take}};
    static const sqlfn_def_t raise[] = {{"lg_raise", 2, SQLFN_VOLATILE, fn_raise}};
    if (sqlfn__register_table(db, defs, 1, s) != 0 || sqlfn__register_table(db, raise, 1, NULL))
        return LG_EINVAL;
    if (sqlfn__register_upsert(db) != 0) /* sqlfn_upsert.c */
        return LG_EINVAL;
    return 0;
}
