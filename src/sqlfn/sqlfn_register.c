/* sqlfn_register.c - sqlfn_register_all(): installs every function family of the module on
 * one connection, in a fixed order (later registrations may override SQLite built-ins). The
 * date/time family comes last because the conversions, date/time operators and sequences
 * registered with it share its per-connection state (session TimeZone, transaction time). */
#include "lg_err.h"
#include "sqlfn.h"
#include "sqlfn_datetime.h"
#include "sqlfn_int.h"

typedef int (*register_cb)(sqlite3 *db);

int sqlfn_register_all(sqlite3 *db)
{
    static const register_cb all[] = {
        sqlfn__register_string,    sqlfn__register_text2,      sqlfn__register_case,
        sqlfn__register_encode,    sqlfn__register_math,       sqlfn__register_round,
        sqlfn__register_digest,    sqlfn__register_arraycmp,   sqlfn__register_misc,
        sqlfn__register_pgarray,   sqlfn__register_json,       sqlfn__register_json_build,
        sqlfn__register_agg,       sqlfn__register_json_vtab,  sqlfn__register_series,
        sqlfn__register_regex,     sqlfn__register_array,      sqlfn__register_jsonb,
        sqlfn__register_ops,       sqlfn__register_numdiv,     sqlfn__register_aggord,
        sqlfn__register_sum,       sqlfn__register_jsonb_path, sqlfn__register_intops,
        sqlfn__register_enum,      sqlfn__register_jsonpath,   sqlfn__register_arrayx,
        sqlfn__register_jsonb_cmp, sqlfn__register_record,     sqlfn__register_similar,
        sqlfn__register_nummath,   sqlfn__register_numfmt,     sqlfn__register_bytea,
        sqlfn__register_crypt,     sqlfn__register_ts,         sqlfn__register_numx,
        sqlfn__register_numxagg,   sqlfn__register_explain,    sqlfn__register_numxvar,
        sqlfn__register_vector,    sqlfn__register_aggstat, sqlfn__register_hash,    sqlfn_datetime_register,
        sqlfn__register_json_object,
        sqlfn__register_floatops,  sqlfn__register_range,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        int rc = all[i](db);
        if (rc != 0) {
            return rc;
        }
    }
    return 0;
}
