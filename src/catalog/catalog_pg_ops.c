/* catalog_pg_ops.c - catalogs of built-in objects PostgreSQL tools list, and the ones
 * litegres has none of:
 *   pg_cast: PostgreSQL 15's casts between the types litegres has (their functions are in
 *       pg_proc, catalog_builtin_rows.h);
 *   pg_opclass, pg_opfamily: PostgreSQL 15's btree, hash and gin operator classes and
 *       families (the rows of its catalogs; psql \dAc, \dAf, \dd read them);
 *   pg_language: internal, c, sql and plpgsql (the prolang of user functions, 13000; its
 *       handler OIDs name no pg_proc row);
 *   empty: pg_init_privs, pg_default_acl, pg_foreign_data_wrapper, pg_foreign_server,
 * pg_foreign_table, pg_user_mappings, pg_largeobject_metadata, pg_db_role_setting, pg_subscription,
 *       pg_event_trigger (litegres has no such objects); and without the built-in rows
 *       PostgreSQL has (what pg_dump reads of them is the user's): pg_transform,
 *       pg_aggregate, pg_operator, pg_conversion, pg_ts_*, pg_amop, pg_amproc,
 *       pg_statistic_ext_data, pg_partitioned_table, pg_largeobject, pg_seclabel,
 *       pg_shseclabel, pg_seclabels, pg_shdescription, pg_shdepend, pg_replication_origin,
 *       pg_publication_tables. */
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

/* PostgreSQL 15's pg_cast (castfunc names functions of its pg_proc) */
#define CAST_ROWS                                                                                  \
    "(10000, 20, 21, 714, 'a', 'f'), (10001, 20, 23, 480, 'a', 'f'), "                             \
    "(10002, 20, 700, 652, 'i', 'f'), (10003, 20, 701, 482, 'i', 'f'), "                           \
    "(10004, 20, 1700, 1781, 'i', 'f'), (10005, 21, 20, 754, 'i', 'f'), "                          \
    "(10006, 21, 23, 313, 'i', 'f'), (10007, 21, 700, 236, 'i', 'f'), "                            \
    "(10008, 21, 701, 235, 'i', 'f'), (10009, 21, 1700, 1782, 'i', 'f'), "                         \
    "(10010, 23, 20, 481, 'i', 'f'), (10011, 23, 21, 314, 'a', 'f'), "                             \
    "(10012, 23, 700, 318, 'i', 'f'), (10013, 23, 701, 316, 'i', 'f'), "                           \
    "(10014, 23, 1700, 1740, 'i', 'f'), (10015, 700, 20, 653, 'a', 'f'), "                         \
    "(10016, 700, 21, 238, 'a', 'f'), (10017, 700, 23, 319, 'a', 'f'), "                           \
    "(10018, 700, 701, 311, 'i', 'f'), (10019, 700, 1700, 1742, 'a', 'f'), "                       \
    "(10020, 701, 20, 483, 'a', 'f'), (10021, 701, 21, 237, 'a', 'f'), "                           \
    "(10022, 701, 23, 317, 'a', 'f'), (10023, 701, 700, 312, 'a', 'f'), "                          \
    "(10024, 701, 1700, 1743, 'a', 'f'), (10025, 1700, 20, 1779, 'a', 'f'), "                      \
    "(10026, 1700, 21, 1783, 'a', 'f'), (10027, 1700, 23, 1744, 'a', 'f'), "                       \
    "(10028, 1700, 700, 1745, 'i', 'f'), (10029, 1700, 701, 1746, 'i', 'f'), "                     \
    "(10030, 790, 1700, 3823, 'a', 'f'), (10031, 1700, 790, 3824, 'a', 'f'), "                     \
    "(10032, 23, 790, 3811, 'a', 'f'), (10033, 20, 790, 3812, 'a', 'f'), "                         \
    "(10034, 23, 16, 2557, 'e', 'f'), (10035, 16, 23, 2558, 'e', 'f'), "                           \
    "(10036, 5069, 28, 5071, 'e', 'f'), (10037, 20, 26, 1287, 'i', 'f'), "                         \
    "(10038, 21, 26, 313, 'i', 'f'), (10039, 23, 26, 0, 'i', 'b'), "                               \
    "(10040, 26, 20, 1288, 'a', 'f'), (10041, 26, 23, 0, 'a', 'b'), "                              \
    "(10042, 26, 24, 0, 'i', 'b'), (10043, 24, 26, 0, 'i', 'b'), "                                 \
    "(10044, 20, 24, 1287, 'i', 'f'), (10045, 21, 24, 313, 'i', 'f'), "                            \
    "(10046, 23, 24, 0, 'i', 'b'), (10047, 24, 20, 1288, 'a', 'f'), "                              \
    "(10048, 24, 23, 0, 'a', 'b'), (10049, 24, 2202, 0, 'i', 'b'), "                               \
    "(10050, 2202, 24, 0, 'i', 'b'), (10051, 26, 2202, 0, 'i', 'b'), "                             \
    "(10052, 2202, 26, 0, 'i', 'b'), (10053, 20, 2202, 1287, 'i', 'f'), "                          \
    "(10054, 21, 2202, 313, 'i', 'f'), (10055, 23, 2202, 0, 'i', 'b'), "                           \
    "(10056, 2202, 20, 1288, 'a', 'f'), (10057, 2202, 23, 0, 'a', 'b'), "                          \
    "(10058, 26, 2203, 0, 'i', 'b'), (10059, 2203, 26, 0, 'i', 'b'), "                             \
    "(10060, 20, 2203, 1287, 'i', 'f'), (10061, 21, 2203, 313, 'i', 'f'), "                        \
    "(10062, 23, 2203, 0, 'i', 'b'), (10063, 2203, 20, 1288, 'a', 'f'), "                          \
    "(10064, 2203, 23, 0, 'a', 'b'), (10065, 2203, 2204, 0, 'i', 'b'), "                           \
    "(10066, 2204, 2203, 0, 'i', 'b'), (10067, 26, 2204, 0, 'i', 'b'), "                           \
    "(10068, 2204, 26, 0, 'i', 'b'), (10069, 20, 2204, 1287, 'i', 'f'), "                          \
    "(10070, 21, 2204, 313, 'i', 'f'), (10071, 23, 2204, 0, 'i', 'b'), "                           \
    "(10072, 2204, 20, 1288, 'a', 'f'), (10073, 2204, 23, 0, 'a', 'b'), "                          \
    "(10074, 26, 2205, 0, 'i', 'b'), (10075, 2205, 26, 0, 'i', 'b'), "                             \
    "(10076, 20, 2205, 1287, 'i', 'f'), (10077, 21, 2205, 313, 'i', 'f'), "                        \
    "(10078, 23, 2205, 0, 'i', 'b'), (10079, 2205, 20, 1288, 'a', 'f'), "                          \
    "(10080, 2205, 23, 0, 'a', 'b'), (10081, 26, 4191, 0, 'i', 'b'), "                             \
    "(10082, 4191, 26, 0, 'i', 'b'), (10083, 20, 4191, 1287, 'i', 'f'), "                          \
    "(10084, 21, 4191, 313, 'i', 'f'), (10085, 23, 4191, 0, 'i', 'b'), "                           \
    "(10086, 4191, 20, 1288, 'a', 'f'), (10087, 4191, 23, 0, 'a', 'b'), "                          \
    "(10088, 26, 2206, 0, 'i', 'b'), (10089, 2206, 26, 0, 'i', 'b'), "                             \
    "(10090, 20, 2206, 1287, 'i', 'f'), (10091, 21, 2206, 313, 'i', 'f'), "                        \
    "(10092, 23, 2206, 0, 'i', 'b'), (10093, 2206, 20, 1288, 'a', 'f'), "                          \
    "(10094, 2206, 23, 0, 'a', 'b'), (10095, 26, 3734, 0, 'i', 'b'), "                             \
    "(10096, 3734, 26, 0, 'i', 'b'), (10097, 20, 3734, 1287, 'i', 'f'), "                          \
    "(10098, 21, 3734, 313, 'i', 'f'), (10099, 23, 3734, 0, 'i', 'b'), "                           \
    "(10100, 3734, 20, 1288, 'a', 'f'), (10101, 3734, 23, 0, 'a', 'b'), "                          \
    "(10102, 26, 3769, 0, 'i', 'b'), (10103, 3769, 26, 0, 'i', 'b'), "                             \
    "(10104, 20, 3769, 1287, 'i', 'f'), (10105, 21, 3769, 313, 'i', 'f'), "                        \
    "(10106, 23, 3769, 0, 'i', 'b'), (10107, 3769, 20, 1288, 'a', 'f'), "                          \
    "(10108, 3769, 23, 0, 'a', 'b'), (10109, 25, 2205, 1079, 'i', 'f'), "                          \
    "(10110, 1043, 2205, 1079, 'i', 'f'), (10111, 26, 4096, 0, 'i', 'b'), "                        \
    "(10112, 4096, 26, 0, 'i', 'b'), (10113, 20, 4096, 1287, 'i', 'f'), "                          \
    "(10114, 21, 4096, 313, 'i', 'f'), (10115, 23, 4096, 0, 'i', 'b'), "                           \
    "(10116, 4096, 20, 1288, 'a', 'f'), (10117, 4096, 23, 0, 'a', 'b'), "                          \
    "(10118, 26, 4089, 0, 'i', 'b'), (10119, 4089, 26, 0, 'i', 'b'), "                             \
    "(10120, 20, 4089, 1287, 'i', 'f'), (10121, 21, 4089, 313, 'i', 'f'), "                        \
    "(10122, 23, 4089, 0, 'i', 'b'), (10123, 4089, 20, 1288, 'a', 'f'), "                          \
    "(10124, 4089, 23, 0, 'a', 'b'), (10125, 25, 1042, 0, 'i', 'b'), "                             \
    "(10126, 25, 1043, 0, 'i', 'b'), (10127, 1042, 25, 401, 'i', 'f'), "                           \
    "(10128, 1042, 1043, 401, 'i', 'f'), (10129, 1043, 25, 0, 'i', 'b'), "                         \
    "(10130, 1043, 1042, 0, 'i', 'b'), (10131, 18, 25, 946, 'i', 'f'), "                           \
    "(10132, 18, 1042, 860, 'a', 'f'), (10133, 18, 1043, 946, 'a', 'f'), "                         \
    "(10134, 19, 25, 406, 'i', 'f'), (10135, 19, 1042, 408, 'a', 'f'), "                           \
    "(10136, 19, 1043, 1401, 'a', 'f'), (10137, 25, 18, 944, 'a', 'f'), "                          \
    "(10138, 1042, 18, 944, 'a', 'f'), (10139, 1043, 18, 944, 'a', 'f'), "                         \
    "(10140, 25, 19, 407, 'i', 'f'), (10141, 1042, 19, 409, 'i', 'f'), "                           \
    "(10142, 1043, 19, 1400, 'i', 'f'), (10143, 18, 23, 77, 'e', 'f'), "                           \
    "(10144, 23, 18, 78, 'e', 'f'), (10145, 194, 25, 0, 'i', 'b'), "                               \
    "(10146, 3361, 17, 0, 'i', 'b'), (10147, 3361, 25, 0, 'i', 'i'), "                             \
    "(10148, 3402, 17, 0, 'i', 'b'), (10149, 3402, 25, 0, 'i', 'i'), "                             \
    "(10150, 5017, 17, 0, 'i', 'b'), (10151, 5017, 25, 0, 'i', 'i'), "                             \
    "(10152, 1082, 1114, 2024, 'i', 'f'), (10153, 1082, 1184, 1174, 'i', 'f'), "                   \
    "(10154, 1083, 1186, 1370, 'i', 'f'), (10155, 1083, 1266, 2047, 'i', 'f'), "                   \
    "(10156, 1114, 1082, 2029, 'a', 'f'), (10157, 1114, 1083, 1316, 'a', 'f'), "                   \
    "(10158, 1114, 1184, 2028, 'i', 'f'), (10159, 1184, 1082, 1178, 'a', 'f'), "                   \
    "(10160, 1184, 1083, 2019, 'a', 'f'), (10161, 1184, 1114, 2027, 'a', 'f'), "                   \
    "(10162, 1184, 1266, 1388, 'a', 'f'), (10163, 1186, 1083, 1419, 'a', 'f'), "                   \
    "(10164, 1266, 1083, 2046, 'a', 'f'), (10165, 600, 603, 4091, 'a', 'f'), "                     \
    "(10166, 601, 600, 1532, 'e', 'f'), (10167, 602, 604, 1449, 'a', 'f'), "                       \
    "(10168, 603, 600, 1534, 'e', 'f'), (10169, 603, 601, 1541, 'e', 'f'), "                       \
    "(10170, 603, 604, 1448, 'a', 'f'), (10171, 603, 718, 1479, 'e', 'f'), "                       \
    "(10172, 604, 600, 1540, 'e', 'f'), (10173, 604, 602, 1447, 'a', 'f'), "                       \
    "(10174, 604, 603, 1446, 'e', 'f'), (10175, 604, 718, 1474, 'e', 'f'), "                       \
    "(10176, 718, 600, 1416, 'e', 'f'), (10177, 718, 603, 1480, 'e', 'f'), "                       \
    "(10178, 718, 604, 1544, 'e', 'f'), (10179, 829, 774, 4123, 'i', 'f'), "                       \
    "(10180, 774, 829, 4124, 'i', 'f'), (10181, 650, 869, 0, 'i', 'b'), "                          \
    "(10182, 869, 650, 1715, 'a', 'f'), (10183, 1560, 1562, 0, 'i', 'b'), "                        \
    "(10184, 1562, 1560, 0, 'i', 'b'), (10185, 20, 1560, 2075, 'e', 'f'), "                        \
    "(10186, 23, 1560, 1683, 'e', 'f'), (10187, 1560, 20, 2076, 'e', 'f'), "                       \
    "(10188, 1560, 23, 1684, 'e', 'f'), (10189, 650, 25, 730, 'a', 'f'), "                         \
    "(10190, 869, 25, 730, 'a', 'f'), (10191, 16, 25, 2971, 'a', 'f'), "                           \
    "(10192, 142, 25, 0, 'a', 'b'), (10193, 25, 142, 2896, 'e', 'f'), "                            \
    "(10194, 650, 1043, 730, 'a', 'f'), (10195, 869, 1043, 730, 'a', 'f'), "                       \
    "(10196, 16, 1043, 2971, 'a', 'f'), (10197, 142, 1043, 0, 'a', 'b'), "                         \
    "(10198, 1043, 142, 2896, 'e', 'f'), (10199, 650, 1042, 730, 'a', 'f'), "                      \
    "(10200, 869, 1042, 730, 'a', 'f'), (10201, 16, 1042, 2971, 'a', 'f'), "                       \
    "(10202, 142, 1042, 0, 'a', 'b'), (10203, 1042, 142, 2896, 'e', 'f'), "                        \
    "(10204, 1042, 1042, 668, 'i', 'f'), (10205, 1043, 1043, 669, 'i', 'f'), "                     \
    "(10206, 1083, 1083, 1968, 'i', 'f'), (10207, 1114, 1114, 1961, 'i', 'f'), "                   \
    "(10208, 1184, 1184, 1967, 'i', 'f'), (10209, 1186, 1186, 1200, 'i', 'f'), "                   \
    "(10210, 1266, 1266, 1969, 'i', 'f'), (10211, 1560, 1560, 1685, 'i', 'f'), "                   \
    "(10212, 1562, 1562, 1687, 'i', 'f'), (10213, 1700, 1700, 1703, 'i', 'f'), "                   \
    "(10214, 114, 3802, 0, 'a', 'i'), (10215, 3802, 114, 0, 'a', 'i'), "                           \
    "(10216, 3802, 16, 3556, 'e', 'f'), (10217, 3802, 1700, 3449, 'e', 'f'), "                     \
    "(10218, 3802, 21, 3450, 'e', 'f'), (10219, 3802, 23, 3451, 'e', 'f'), "                       \
    "(10220, 3802, 20, 3452, 'e', 'f'), (10221, 3802, 700, 3453, 'e', 'f'), "                      \
    "(10222, 3802, 701, 2580, 'e', 'f'), (10223, 3904, 4451, 4281, 'e', 'f'), "                    \
    "(10224, 3926, 4536, 4296, 'e', 'f'), (10225, 3906, 4532, 4284, 'e', 'f'), "                   \
    "(10226, 3912, 4535, 4293, 'e', 'f'), (10227, 3908, 4533, 4287, 'e', 'f'), "                   \
    "(10228, 3910, 4534, 4290, 'e', 'f')"

const catalog_rel_t catalog__rels_pg_ops[] = {
    {"pg_cast",
     "CREATE TABLE x(oid oid, castsource oid, casttarget oid, castfunc oid, "
     "castcontext \"char\", castmethod \"char\")",
     "SELECT * FROM (VALUES " CAST_ROWS ") c WHERE c.column2 IN (SELECT oid FROM pg_type) "
     "AND c.column3 IN (SELECT oid FROM pg_type)",
     0},
    {"pg_init_privs",
     "CREATE TABLE x(objoid oid, classoid oid, objsubid int4, privtype \"char\", "
     "initprivs text[])",
     NULL, 0},
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
    /* present and empty: user objects of these kinds litegres has none of, and built-in
     * ones not listed (pg_dump reads them for user objects only) */
    {"pg_transform",
     "CREATE TABLE x(oid oid, trftype oid, trflang oid, trffromsql text, trftosql text)", NULL, 0},
    {"pg_aggregate",
     "CREATE TABLE x(aggfnoid text, aggkind \"char\", aggnumdirectargs int2, aggtransfn "
     "text, aggfinalfn text, aggcombinefn text, aggserialfn text, aggdeserialfn text, "
     "aggmtransfn text, aggminvtransfn text, aggmfinalfn text, aggfinalextra bool, "
     "aggmfinalextra bool, aggfinalmodify \"char\", aggmfinalmodify \"char\", aggsortop oid, "
     "aggtranstype oid, aggtransspace int4, aggmtranstype oid, aggmtransspace int4, "
     "agginitval text, aggminitval text)",
     NULL, 0},
    {"pg_operator",
     "CREATE TABLE x(oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind "
     "\"char\", oprcanmerge bool, oprcanhash bool, oprleft oid, oprright oid, oprresult "
     "oid, oprcom oid, oprnegate oid, oprcode text, oprrest text, oprjoin text)",
     NULL, 0},
    {"pg_conversion",
     "CREATE TABLE x(oid oid, conname name, connamespace oid, conowner oid, "
     "conforencoding int4, contoencoding int4, conproc text, condefault bool)",
     NULL, 0},
    {"pg_ts_config",
     "CREATE TABLE x(oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser "
     "oid)",
     NULL, 0},
    {"pg_ts_config_map",
     "CREATE TABLE x(mapcfg oid, maptokentype int4, mapseqno int4, mapdict oid)", NULL, 0},
    {"pg_ts_dict",
     "CREATE TABLE x(oid oid, dictname name, dictnamespace oid, dictowner oid, "
     "dicttemplate oid, dictinitoption text)",
     NULL, 0},
    {"pg_ts_parser",
     "CREATE TABLE x(oid oid, prsname name, prsnamespace oid, prsstart text, prstoken "
     "text, prsend text, prsheadline text, prslextype text)",
     NULL, 0},
    {"pg_ts_template",
     "CREATE TABLE x(oid oid, tmplname name, tmplnamespace oid, tmplinit text, tmpllexize "
     "text)",
     NULL, 0},
    {"pg_amop",
     "CREATE TABLE x(oid oid, amopfamily oid, amoplefttype oid, amoprighttype oid, "
     "amopstrategy int2, amoppurpose \"char\", amopopr oid, amopmethod oid, amopsortfamily "
     "oid)",
     NULL, 0},
    {"pg_amproc",
     "CREATE TABLE x(oid oid, amprocfamily oid, amproclefttype oid, amprocrighttype oid, "
     "amprocnum int2, amproc text)",
     NULL, 0},
    {"pg_statistic_ext_data",
     "CREATE TABLE x(stxoid oid, stxdinherit bool, stxdndistinct text, stxddependencies "
     "text, stxdmcv text, stxdexpr text)",
     NULL, 0},
    {"pg_partitioned_table",
     "CREATE TABLE x(partrelid oid, partstrat \"char\", partnatts int2, partdefid oid, "
     "partattrs text, partclass text, partcollation text, partexprs text)",
     NULL, 0},
    {"pg_largeobject", "CREATE TABLE x(loid oid, pageno int4, data text)", NULL, 0},
    {"pg_seclabel",
     "CREATE TABLE x(objoid oid, classoid oid, objsubid int4, provider text, label text)", NULL, 0},
    {"pg_shseclabel", "CREATE TABLE x(objoid oid, classoid oid, provider text, label text)", NULL,
     0},
    {"pg_shdescription", "CREATE TABLE x(objoid oid, classoid oid, description text)", NULL, 0},
    {"pg_shdepend",
     "CREATE TABLE x(dbid oid, classid oid, objid oid, objsubid int4, refclassid oid, "
     "refobjid oid, deptype \"char\")",
     NULL, 0},
    {"pg_seclabels",
     "CREATE TABLE x(objoid oid, classoid oid, objsubid int4, objtype text, objnamespace oid, "
     "objname text, provider text, label text)",
     NULL, 0},
    {"pg_replication_origin", "CREATE TABLE x(roident oid, roname text)", NULL, 0},
    {"pg_publication_tables",
     "CREATE TABLE x(pubname name, schemaname name, tablename name, attnames text[], "
     "rowfilter text)",
     NULL, 0},
    {NULL, NULL, NULL, 0},
};
