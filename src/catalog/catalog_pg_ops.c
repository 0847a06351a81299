/* catalog_pg_ops.c - catalogs of built-in objects PostgreSQL tools list, and the ones
 * litegres has none of:
 *   pg_opclass, pg_opfamily: PostgreSQL 15's btree, hash and gin operator classes and
 *       families (the rows of its catalogs; psql \dAc, \dAf, \dd read them);
 *   pg_language: internal, c, sql and plpgsql (the prolang of user functions, 13000; its
 *       handler OIDs name no pg_proc row);
 *   empty: pg_default_acl, pg_foreign_data_wrapper, pg_foreign_server, pg_foreign_table,
 *       pg_user_mappings, pg_largeobject_metadata, pg_db_role_setting, pg_subscription,
 *       pg_event_trigger (litegres has no such objects). */
#include "catalog_int.h"

#define OPCLASS_ROWS                                                                               \
    "(1978, 403, 'int4_ops', 11, 10, 1976, 23, 1, 0), "                                            \
    "(1979, 403, 'int2_ops', 11, 10, 1976, 21, 1, 0), "                                            \
    "(1981, 403, 'oid_ops', 11, 10, 1989, 26, 1, 0), "                                             \
    "(3122, 403, 'date_ops', 11, 10, 434, 1082, 1, 0), "                                           \
    "(3123, 403, 'float8_ops', 11, 10, 1970, 701, 1, 0), "                                         \
    "(3124, 403, 'int8_ops', 11, 10, 1976, 20, 1, 0), "                                            \
    "(3125, 403, 'numeric_ops', 11, 10, 1988, 1700, 1, 0), "                                       \
    "(3126, 403, 'text_ops', 11, 10, 1994, 25, 1, 0), "                                            \
    "(3127, 403, 'timestamptz_ops', 11, 10, 434, 1184, 1, 0), "                                    \
    "(3128, 403, 'timestamp_ops', 11, 10, 434, 1114, 1, 0), "                                      \
    "(4217, 403, 'text_pattern_ops', 11, 10, 2095, 25, 0, 0), "                                    \
    "(4218, 403, 'varchar_pattern_ops', 11, 10, 2095, 25, 0, 0), "                                 \
    "(4219, 403, 'bpchar_pattern_ops', 11, 10, 2097, 1042, 0, 0), "                                \
    "(10000, 403, 'array_ops', 11, 10, 397, 2277, 1, 0), "                                         \
    "(10001, 405, 'array_ops', 11, 10, 627, 2277, 1, 0), "                                         \
    "(10002, 403, 'bit_ops', 11, 10, 423, 1560, 1, 0), "                                           \
    "(10003, 403, 'bool_ops', 11, 10, 424, 16, 1, 0), "                                            \
    "(10004, 403, 'bpchar_ops', 11, 10, 426, 1042, 1, 0), "                                        \
    "(10005, 405, 'bpchar_ops', 11, 10, 427, 1042, 1, 0), "                                        \
    "(10006, 403, 'bytea_ops', 11, 10, 428, 17, 1, 0), "                                           \
    "(10007, 403, 'char_ops', 11, 10, 429, 18, 1, 0), "                                            \
    "(10008, 405, 'char_ops', 11, 10, 431, 18, 1, 0), "                                            \
    "(10009, 403, 'cidr_ops', 11, 10, 1974, 869, 0, 0), "                                          \
    "(10010, 405, 'cidr_ops', 11, 10, 1975, 869, 0, 0), "                                          \
    "(10011, 405, 'date_ops', 11, 10, 435, 1082, 1, 0), "                                          \
    "(10012, 403, 'float4_ops', 11, 10, 1970, 700, 1, 0), "                                        \
    "(10013, 405, 'float4_ops', 11, 10, 1971, 700, 1, 0), "                                        \
    "(10014, 405, 'float8_ops', 11, 10, 1971, 701, 1, 0), "                                        \
    "(10015, 403, 'inet_ops', 11, 10, 1974, 869, 1, 0), "                                          \
    "(10016, 405, 'inet_ops', 11, 10, 1975, 869, 1, 0), "                                          \
    "(10019, 405, 'int2_ops', 11, 10, 1977, 21, 1, 0), "                                           \
    "(10020, 405, 'int4_ops', 11, 10, 1977, 23, 1, 0), "                                           \
    "(10021, 405, 'int8_ops', 11, 10, 1977, 20, 1, 0), "                                           \
    "(10022, 403, 'interval_ops', 11, 10, 1982, 1186, 1, 0), "                                     \
    "(10023, 405, 'interval_ops', 11, 10, 1983, 1186, 1, 0), "                                     \
    "(10024, 403, 'macaddr_ops', 11, 10, 1984, 829, 1, 0), "                                       \
    "(10025, 405, 'macaddr_ops', 11, 10, 1985, 829, 1, 0), "                                       \
    "(10026, 403, 'macaddr8_ops', 11, 10, 3371, 774, 1, 0), "                                      \
    "(10027, 405, 'macaddr8_ops', 11, 10, 3372, 774, 1, 0), "                                      \
    "(10028, 403, 'name_ops', 11, 10, 1994, 19, 1, 2275), "                                        \
    "(10029, 405, 'name_ops', 11, 10, 1995, 19, 1, 0), "                                           \
    "(10030, 405, 'numeric_ops', 11, 10, 1998, 1700, 1, 0), "                                      \
    "(10031, 405, 'oid_ops', 11, 10, 1990, 26, 1, 0), "                                            \
    "(10032, 403, 'oidvector_ops', 11, 10, 1991, 30, 1, 0), "                                      \
    "(10033, 405, 'oidvector_ops', 11, 10, 1992, 30, 1, 0), "                                      \
    "(10034, 403, 'record_ops', 11, 10, 2994, 2249, 1, 0), "                                       \
    "(10035, 405, 'record_ops', 11, 10, 6194, 2249, 1, 0), "                                       \
    "(10036, 403, 'record_image_ops', 11, 10, 3194, 2249, 0, 0), "                                 \
    "(10037, 405, 'text_ops', 11, 10, 1995, 25, 1, 0), "                                           \
    "(10038, 403, 'time_ops', 11, 10, 1996, 1083, 1, 0), "                                         \
    "(10039, 405, 'time_ops', 11, 10, 1997, 1083, 1, 0), "                                         \
    "(10040, 405, 'timestamptz_ops', 11, 10, 1999, 1184, 1, 0), "                                  \
    "(10041, 403, 'timetz_ops', 11, 10, 2000, 1266, 1, 0), "                                       \
    "(10042, 405, 'timetz_ops', 11, 10, 2001, 1266, 1, 0), "                                       \
    "(10043, 403, 'varbit_ops', 11, 10, 2002, 1562, 1, 0), "                                       \
    "(10044, 403, 'varchar_ops', 11, 10, 1994, 25, 0, 0), "                                        \
    "(10045, 405, 'varchar_ops', 11, 10, 1995, 25, 0, 0), "                                        \
    "(10046, 405, 'timestamp_ops', 11, 10, 2040, 1114, 1, 0), "                                    \
    "(10047, 403, 'money_ops', 11, 10, 2099, 790, 1, 0), "                                         \
    "(10048, 405, 'bool_ops', 11, 10, 2222, 16, 1, 0), "                                           \
    "(10049, 405, 'bytea_ops', 11, 10, 2223, 17, 1, 0), "                                          \
    "(10050, 403, 'tid_ops', 11, 10, 2789, 27, 1, 0), "                                            \
    "(10051, 405, 'xid_ops', 11, 10, 2225, 28, 1, 0), "                                            \
    "(10052, 405, 'xid8_ops', 11, 10, 5032, 5069, 1, 0), "                                         \
    "(10053, 403, 'xid8_ops', 11, 10, 5067, 5069, 1, 0), "                                         \
    "(10054, 405, 'cid_ops', 11, 10, 2226, 29, 1, 0), "                                            \
    "(10055, 405, 'tid_ops', 11, 10, 2227, 27, 1, 0), "                                            \
    "(10056, 405, 'text_pattern_ops', 11, 10, 2229, 25, 0, 0), "                                   \
    "(10057, 405, 'varchar_pattern_ops', 11, 10, 2229, 25, 0, 0), "                                \
    "(10058, 405, 'bpchar_pattern_ops', 11, 10, 2231, 1042, 0, 0), "                               \
    "(10059, 405, 'aclitem_ops', 11, 10, 2235, 1033, 1, 0), "                                      \
    "(10064, 2742, 'array_ops', 11, 10, 2745, 2277, 1, 2283), "                                    \
    "(10065, 403, 'uuid_ops', 11, 10, 2968, 2950, 1, 0), "                                         \
    "(10066, 405, 'uuid_ops', 11, 10, 2969, 2950, 1, 0), "                                         \
    "(10067, 403, 'pg_lsn_ops', 11, 10, 3253, 3220, 1, 0), "                                       \
    "(10068, 405, 'pg_lsn_ops', 11, 10, 3254, 3220, 1, 0), "                                       \
    "(10069, 403, 'enum_ops', 11, 10, 3522, 3500, 1, 0), "                                         \
    "(10070, 405, 'enum_ops', 11, 10, 3523, 3500, 1, 0), "                                         \
    "(10071, 403, 'tsvector_ops', 11, 10, 3626, 3614, 1, 0), "                                     \
    "(10073, 2742, 'tsvector_ops', 11, 10, 3659, 3614, 1, 25), "                                   \
    "(10074, 403, 'tsquery_ops', 11, 10, 3683, 3615, 1, 0), "                                      \
    "(10076, 403, 'range_ops', 11, 10, 3901, 3831, 1, 0), "                                        \
    "(10077, 405, 'range_ops', 11, 10, 3903, 3831, 1, 0), "                                        \
    "(10080, 403, 'multirange_ops', 11, 10, 4199, 4537, 1, 0), "                                   \
    "(10081, 405, 'multirange_ops', 11, 10, 4225, 4537, 1, 0), "                                   \
    "(10088, 403, 'jsonb_ops', 11, 10, 4033, 3802, 1, 0), "                                        \
    "(10089, 405, 'jsonb_ops', 11, 10, 4034, 3802, 1, 0), "                                        \
    "(10090, 2742, 'jsonb_ops', 11, 10, 4036, 3802, 1, 25), "                                      \
    "(10091, 2742, 'jsonb_path_ops', 11, 10, 4037, 3802, 0, 23)"

#define OPFAMILY_ROWS                                                                              \
    "(397, 403, 'array_ops', 11, 10), (423, 403, 'bit_ops', 11, 10), "                             \
    "(424, 403, 'bool_ops', 11, 10), (426, 403, 'bpchar_ops', 11, 10), "                           \
    "(427, 405, 'bpchar_ops', 11, 10), (428, 403, 'bytea_ops', 11, 10), "                          \
    "(429, 403, 'char_ops', 11, 10), (431, 405, 'char_ops', 11, 10), "                             \
    "(434, 403, 'datetime_ops', 11, 10), (435, 405, 'date_ops', 11, 10), "                         \
    "(627, 405, 'array_ops', 11, 10), (1970, 403, 'float_ops', 11, 10), "                          \
    "(1971, 405, 'float_ops', 11, 10), (1974, 403, 'network_ops', 11, 10), "                       \
    "(1975, 405, 'network_ops', 11, 10), (1976, 403, 'integer_ops', 11, 10), "                     \
    "(1977, 405, 'integer_ops', 11, 10), (1982, 403, 'interval_ops', 11, 10), "                    \
    "(1983, 405, 'interval_ops', 11, 10), (1984, 403, 'macaddr_ops', 11, 10), "                    \
    "(1985, 405, 'macaddr_ops', 11, 10), (1988, 403, 'numeric_ops', 11, 10), "                     \
    "(1989, 403, 'oid_ops', 11, 10), (1990, 405, 'oid_ops', 11, 10), "                             \
    "(1991, 403, 'oidvector_ops', 11, 10), (1992, 405, 'oidvector_ops', 11, 10), "                 \
    "(1994, 403, 'text_ops', 11, 10), (1995, 405, 'text_ops', 11, 10), "                           \
    "(1996, 403, 'time_ops', 11, 10), (1997, 405, 'time_ops', 11, 10), "                           \
    "(1998, 405, 'numeric_ops', 11, 10), (1999, 405, 'timestamptz_ops', 11, 10), "                 \
    "(2000, 403, 'timetz_ops', 11, 10), (2001, 405, 'timetz_ops', 11, 10), "                       \
    "(2002, 403, 'varbit_ops', 11, 10), (2040, 405, 'timestamp_ops', 11, 10), "                    \
    "(2095, 403, 'text_pattern_ops', 11, 10), (2097, 403, 'bpchar_pattern_ops', 11, 10), "         \
    "(2099, 403, 'money_ops', 11, 10), (2222, 405, 'bool_ops', 11, 10), "                          \
    "(2223, 405, 'bytea_ops', 11, 10), (2225, 405, 'xid_ops', 11, 10), "                           \
    "(2226, 405, 'cid_ops', 11, 10), (2227, 405, 'tid_ops', 11, 10), "                             \
    "(2229, 405, 'text_pattern_ops', 11, 10), (2231, 405, 'bpchar_pattern_ops', 11, 10), "         \
    "(2235, 405, 'aclitem_ops', 11, 10), (2745, 2742, 'array_ops', 11, 10), "                      \
    "(2789, 403, 'tid_ops', 11, 10), (2968, 403, 'uuid_ops', 11, 10), "                            \
    "(2969, 405, 'uuid_ops', 11, 10), (2994, 403, 'record_ops', 11, 10), "                         \
    "(3194, 403, 'record_image_ops', 11, 10), (3253, 403, 'pg_lsn_ops', 11, 10), "                 \
    "(3254, 405, 'pg_lsn_ops', 11, 10), (3371, 403, 'macaddr8_ops', 11, 10), "                     \
    "(3372, 405, 'macaddr8_ops', 11, 10), (3522, 403, 'enum_ops', 11, 10), "                       \
    "(3523, 405, 'enum_ops', 11, 10), (3626, 403, 'tsvector_ops', 11, 10), "                       \
    "(3659, 2742, 'tsvector_ops', 11, 10), (3683, 403, 'tsquery_ops', 11, 10), "                   \
    "(3901, 403, 'range_ops', 11, 10), (3903, 405, 'range_ops', 11, 10), "                         \
    "(4033, 403, 'jsonb_ops', 11, 10), (4034, 405, 'jsonb_ops', 11, 10), "                         \
    "(4036, 2742, 'jsonb_ops', 11, 10), (4037, 2742, 'jsonb_path_ops', 11, 10), "                  \
    "(4199, 403, 'multirange_ops', 11, 10), (4225, 405, 'multirange_ops', 11, 10), "               \
    "(5032, 405, 'xid8_ops', 11, 10), (5067, 403, 'xid8_ops', 11, 10), "                           \
    "(6194, 405, 'record_ops', 11, 10)"

const catalog_rel_t catalog__rels_pg_ops[] = {
    {"pg_opclass",
     "CREATE TABLE x(oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, "
     "opcfamily oid, opcintype oid, opcdefault bool, opckeytype oid)",
     "VALUES " OPCLASS_ROWS, 0},
    {"pg_opfamily",
     "CREATE TABLE x(oid oid, opfmethod oid, opfname name, opfnamespace oid, opfowner oid)",
     "VALUES " OPFAMILY_ROWS, 0},
    {"pg_language",
     "CREATE TABLE x(oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, "
     "lanplcallfoid oid, laninline oid, lanvalidator oid, lanacl text[])",
     "VALUES (12, 'internal', 10, 0, 0, 0, 0, 2246, NULL), "
     "(13, 'c', 10, 0, 0, 0, 0, 2247, NULL), (14, 'sql', 10, 0, 1, 0, 0, 2248, NULL), "
     "(13000, 'plpgsql', 10, 1, 1, 13001, 13002, 13003, NULL)",
     0},
    {"pg_default_acl",
     "CREATE TABLE x(oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype \"char\", "
     "defaclacl text[])",
     NULL, 0},
    {"pg_foreign_data_wrapper",
     "CREATE TABLE x(oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, "
     "fdwacl text[], fdwoptions text[])",
     NULL, 0},
    {"pg_foreign_server",
     "CREATE TABLE x(oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, "
     "srvversion text, srvacl text[], srvoptions text[])",
     NULL, 0},
    {"pg_foreign_table", "CREATE TABLE x(ftrelid oid, ftserver oid, ftoptions text[])", NULL, 0},
    {"pg_user_mappings",
     "CREATE TABLE x(umid oid, srvid oid, srvname name, umuser oid, usename name, "
     "umoptions text[])",
     NULL, 0},
    {"pg_largeobject_metadata", "CREATE TABLE x(oid oid, lomowner oid, lomacl text[])", NULL, 0},
    {"pg_db_role_setting", "CREATE TABLE x(setdatabase oid, setrole oid, setconfig text[])", NULL,
     0},
    {"pg_subscription",
     "CREATE TABLE x(oid oid, subdbid oid, subskiplsn text, subname name, subowner oid, "
     "subenabled bool, subbinary bool, substream bool, subtwophasestate \"char\", "
     "subdisableonerr bool, subconninfo text, subslotname name, subsynccommit text, "
     "subpublications text[])",
     NULL, 0},
    {"pg_event_trigger",
     "CREATE TABLE x(oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, "
     "evtenabled \"char\", evttags text[])",
     NULL, 0},
    {NULL, NULL, NULL, 0},
};
