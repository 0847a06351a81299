/* translate_emit_fnsig.c - parameter types from the signatures of built-in functions.
 *
 * A $n passed straight to a built-in function takes the type of that argument in the
 * function's PostgreSQL signature, which ParameterDescription reports and drivers that
 * encode by type (pgx, asyncpg) follow: repeat(s, $1) makes $1 an int4, pg_advisory_lock($1)
 * an int8. Only signatures where PostgreSQL 15 resolves the unknown parameter to one type
 * are listed (checked against PostgreSQL 15's Describe); a parameter already typed (by a
 * cast or an earlier use) keeps its type. Worker thread only. */
#include "pgtype.h"
#include "translate_emit_fnbuiltin.h"
#include <string.h>

#define SIG_MAX_ARGS 6

#define SIG_PREFIX 100 /* nargs + SIG_PREFIX: any leading part of the list (defaults) */

typedef struct fn_sig {
    const char *name;
    size_t nargs;
    uint32_t args[SIG_MAX_ARGS + 1]; /* 0: decided by the other arguments */
} fn_sig_t;

#define T PGTYPE_TEXT
#define I4 PGTYPE_INT4
#define I8 PGTYPE_INT8
#define F8 PGTYPE_FLOAT8
#define B PGTYPE_BOOL

static const fn_sig_t k_sigs[] = {
    {"pg_advisory_lock", 1, {I8}},
    {"pg_advisory_lock", 2, {I4, I4}},
    {"pg_advisory_unlock", 1, {I8}},
    {"pg_advisory_unlock", 2, {I4, I4}},
    {"pg_try_advisory_lock", 1, {I8}},
    {"pg_try_advisory_lock", 2, {I4, I4}},
    {"pg_advisory_xact_lock", 1, {I8}},
    {"pg_advisory_xact_lock", 2, {I4, I4}},
    {"pg_try_advisory_xact_lock", 1, {I8}},
    {"pg_try_advisory_xact_lock", 2, {I4, I4}},
    {"pg_advisory_lock_shared", 1, {I8}},
    {"pg_advisory_unlock_shared", 1, {I8}},
    {"left", 2, {T, I4}},
    {"right", 2, {T, I4}},
    {"repeat", 2, {T, I4}},
    {"lpad", 2, {T, I4}},
    {"lpad", 3, {T, I4, T}},
    {"rpad", 2, {T, I4}},
    {"rpad", 3, {T, I4, T}},
    {"substr", 2, {T, I4}},
    {"substr", 3, {T, I4, I4}},
    {"split_part", 3, {T, T, I4}},
    {"chr", 1, {I4}},
    {"round", 2, {0, I4}},
    {"trunc", 2, {0, I4}},
    {"to_timestamp", 1, {F8}},
    {"to_timestamp", 2, {T, T}},
    {"to_date", 2, {T, T}},
    {"to_number", 2, {T, T}},
    {"to_char", 2, {0, T}},
    {"pg_sleep", 1, {F8}},
    {"date_part", 2, {T, 0}},
    {"date_trunc", 2, {T, 0}},
    {"make_date", 3, {I4, I4, I4}},
    {"make_time", 3, {I4, I4, F8}},
    {"make_timestamp", 6, {I4, I4, I4, I4, I4, F8}},
    {"make_timestamptz", 6, {I4, I4, I4, I4, I4, F8}},
    {"make_interval", SIG_PREFIX + 7, {I4, I4, I4, I4, I4, I4, F8}},
    {"set_config", 3, {T, T, B}},
    {"current_setting", 2, {T, B}},
    {"setval", 2, {0, I8}},
    {"setval", 3, {0, I8, B}},
    {"array_length", 2, {0, I4}},
    {"array_lower", 2, {0, I4}},
    {"array_upper", 2, {0, I4}},
    {"encode", 2, {PGTYPE_BYTEA, T}},
    {"decode", 2, {T, T}},
    {"pg_cancel_backend", 1, {I4}},
    {"pg_terminate_backend", 1, {I4}},
    {"setseed", 1, {F8}},
};

/* generate_series(start, stop [, step]): parameters take the type of a typed bound (int4
 * when none is typed); a timestamp series' step is an interval. */
static void series_params(emit_ctx_t *c, const PgQuery__FuncCall *f)
{
    uint32_t bound = 0;
    for (size_t i = 0; i < f->n_args && i < 2; i++)
        if (f->args[i]->node_case != PG_QUERY__NODE__NODE_PARAM_REF) {
            uint32_t t = emit_peek_type(c, f->args[i]);
            if (t && t != PGTYPE_UNKNOWN)
                bound = t;
        }
    bool dt = bound == PGTYPE_TIMESTAMP || bound == PGTYPE_TIMESTAMPTZ || bound == PGTYPE_DATE;
    if (bound == PGTYPE_DATE)
        bound = PGTYPE_TIMESTAMPTZ; /* generate_series(date, ...) runs on timestamptz */
    if (!bound || bound == PGTYPE_INT2)
        bound = I4;
    for (size_t i = 0; i < f->n_args && i < 3; i++)
        if (f->args[i]->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
            emit_param_note(c, f->args[i]->param_ref->number,
                            i == 2 && dt ? PGTYPE_INTERVAL : bound);
}

void emit_builtin_note_params(emit_ctx_t *c, const PgQuery__FuncCall *f, const char *pg)
{
    if (!strcmp(pg, "generate_series") && (f->n_args == 2 || f->n_args == 3)) {
        series_params(c, f);
        return;
    }
    for (size_t k = 0; k < sizeof(k_sigs) / sizeof(k_sigs[0]); k++) {
        size_t nargs = k_sigs[k].nargs;
        bool fits = nargs > SIG_PREFIX ? f->n_args <= nargs - SIG_PREFIX : nargs == f->n_args;
        if (!fits || strcmp(k_sigs[k].name, pg) != 0)
            continue;
        for (size_t i = 0; i < f->n_args; i++)
            if (k_sigs[k].args[i] && f->args[i]->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
                emit_param_note(c, f->args[i]->param_ref->number, k_sigs[k].args[i]);
        return;
    }
}
