/* catalog_pg_type.c - pg_type: PostgreSQL's built-in types with their real OIDs, user enums
 * and domains from lg_meta_types (an enum's array type is its OID | PGTYPE_USER_ARRAY_BIT),
 * and the display names format_type() prints.
 *
 * The rows are a fixed table (k_types: base and pseudo types; each base type with an array
 * type also yields the array row "_name", category 'A', typelem = the base type). The
 * relation's SELECT is a VALUES list generated from that table once per process. Tables'
 * composite row types are not listed (pg_class.reltype is 0). */
#include "catalog_int.h"
#include "catalog_types.h"
#include "pgtype.h"
#include <pthread.h>
#include <string.h>

/* oid, name, display name, typlen, typtype, category, preferred, array oid */
static const catalog_typeinfo_t k_types[] = {
    {16, "bool", "boolean", 1, 'b', 'B', 1, 1000},
    {17, "bytea", "bytea", -1, 'b', 'U', 0, 1001},
    {18, "char", "\"char\"", 1, 'b', 'Z', 0, 1002},
    {19, "name", "name", 64, 'b', 'S', 0, 1003},
    {20, "int8", "bigint", 8, 'b', 'N', 0, 1016},
    {21, "int2", "smallint", 2, 'b', 'N', 0, 1005},
    {22, "int2vector", "int2vector", -1, 'b', 'A', 0, 1006},
    {23, "int4", "integer", 4, 'b', 'N', 0, 1007},
    {24, "regproc", "regproc", 4, 'b', 'N', 0, 1008},
    {25, "text", "text", -1, 'b', 'S', 1, 1009},
    {26, "oid", "oid", 4, 'b', 'N', 1, 1028},
    {27, "tid", "tid", 6, 'b', 'U', 0, 1010},
    {28, "xid", "xid", 4, 'b', 'U', 0, 1011},
    {29, "cid", "cid", 4, 'b', 'U', 0, 1012},
    {30, "oidvector", "oidvector", -1, 'b', 'A', 0, 1013},
    {114, "json", "json", -1, 'b', 'U', 0, 199},
    {142, "xml", "xml", -1, 'b', 'U', 0, 143},
    {194, "pg_node_tree", "pg_node_tree", -1, 'b', 'Z', 0, 0},
    {600, "point", "point", 16, 'b', 'G', 0, 1017},
    {650, "cidr", "cidr", -1, 'b', 'I', 0, 651},
    {700, "float4", "real", 4, 'b', 'N', 0, 1021},
    {701, "float8", "double precision", 8, 'b', 'N', 1, 1022},
    {705, "unknown", "unknown", -2, 'p', 'X', 0, 0},
    {790, "money", "money", 8, 'b', 'N', 0, 791},
    {829, "macaddr", "macaddr", 6, 'b', 'U', 0, 1040},
    {869, "inet", "inet", -1, 'b', 'I', 1, 1041},
    {1033, "aclitem", "aclitem", 12, 'b', 'U', 0, 1034},
    {1042, "bpchar", "character", -1, 'b', 'S', 0, 1014},
    {1043, "varchar", "character varying", -1, 'b', 'S', 0, 1015},
    {1082, "date", "date", 4, 'b', 'D', 0, 1182},
    {1083, "time", "time without time zone", 8, 'b', 'D', 0, 1183},
    {1114, "timestamp", "timestamp without time zone", 8, 'b', 'D', 0, 1115},
    {1184, "timestamptz", "timestamp with time zone", 8, 'b', 'D', 1, 1185},
    {1186, "interval", "interval", 16, 'b', 'T', 1, 1187},
    {1266, "timetz", "time with time zone", 12, 'b', 'D', 0, 1270},
    {1560, "bit", "bit", -1, 'b', 'V', 0, 1561},
    {1562, "varbit", "bit varying", -1, 'b', 'V', 1, 1563},
    {1700, "numeric", "numeric", -1, 'b', 'N', 0, 1231},
    {1790, "refcursor", "refcursor", -1, 'b', 'U', 0, 2201},
    {2202, "regprocedure", "regprocedure", 4, 'b', 'N', 0, 2207},
    {2205, "regclass", "regclass", 4, 'b', 'N', 0, 2210},
    {2206, "regtype", "regtype", 4, 'b', 'N', 0, 2211},
    {2249, "record", "record", -1, 'p', 'P', 0, 2287},
    {2275, "cstring", "cstring", -2, 'p', 'P', 0, 1263},
    {2276, "any", "\"any\"", 4, 'p', 'P', 0, 0},
    {2277, "anyarray", "anyarray", -1, 'p', 'P', 0, 0},
    {2278, "void", "void", 4, 'p', 'P', 0, 0},
    {2279, "trigger", "trigger", 4, 'p', 'P', 0, 0},
    {2283, "anyelement", "anyelement", 4, 'p', 'P', 0, 0},
    {2950, "uuid", "uuid", 16, 'b', 'U', 0, 2951},
    {3614, "tsvector", "tsvector", -1, 'b', 'U', 0, 3643},
    {3615, "tsquery", "tsquery", -1, 'b', 'U', 0, 3645},
    {3802, "jsonb", "jsonb", -1, 'b', 'U', 0, 3807},
    {3904, "int4range", "int4range", -1, 'r', 'R', 0, 3905},
    {3906, "numrange", "numrange", -1, 'r', 'R', 0, 3907},
    {3908, "tsrange", "tsrange", -1, 'r', 'R', 0, 3909},
    {3910, "tstzrange", "tstzrange", -1, 'r', 'R', 0, 3911},
    {3912, "daterange", "daterange", -1, 'r', 'R', 0, 3913},
    {3926, "int8range", "int8range", -1, 'r', 'R', 0, 3927},
    {4072, "jsonpath", "jsonpath", -1, 'b', 'U', 0, 4073},
    {4089, "regnamespace", "regnamespace", 4, 'b', 'N', 0, 4090},
    {4096, "regrole", "regrole", 4, 'b', 'N', 0, 4097},
};
#define NTYPES (sizeof(k_types) / sizeof(k_types[0]))

const catalog_typeinfo_t *catalog__typeinfo_by_oid(uint32_t oid, uint32_t *elem)
{
    *elem = 0;
    for (size_t i = 0; i < NTYPES; i++) {
        if (k_types[i].oid == oid)
            return &k_types[i];
        if (k_types[i].array_oid == oid && oid != 0) {
            *elem = k_types[i].oid;
            return &k_types[i];
        }
    }
    return NULL;
}

const catalog_typeinfo_t *catalog__typeinfo_by_name(const char *name)
{
    for (size_t i = 0; i < NTYPES; i++)
        if (strcmp(k_types[i].name, name) == 0 || strcmp(k_types[i].display, name) == 0)
            return &k_types[i];
    return NULL;
}

static int is_byval(const catalog_typeinfo_t *t)
{
    return (t->typlen == 1 || t->typlen == 2 || t->typlen == 4 || t->typlen == 8) &&
           t->oid != PGTYPE_NAME;
}

static char align_of(const catalog_typeinfo_t *t)
{
    if (t->typlen == 1 || t->oid == PGTYPE_NAME || t->oid == PGTYPE_UUID || t->typlen == 6)
        return 'c';
    if (t->typlen == 2)
        return 's';
    if (t->typlen == 8 || t->oid == PGTYPE_INTERVAL || t->oid == PGTYPE_TIMETZ || t->oid == 600)
        return 'd';
    return 'i';
}

static int collatable(uint32_t oid)
{
    return oid == PGTYPE_TEXT || oid == PGTYPE_VARCHAR || oid == PGTYPE_BPCHAR ||
           oid == PGTYPE_NAME;
}

/* Columns of the VALUES rows, in pg_type's order (PostgreSQL 15). */
#define PG_TYPE_DECL                                                                               \
    "CREATE TABLE x(oid oid, typname name, typnamespace oid, typowner oid, typlen int2, "          \
    "typbyval bool, typtype \"char\", typcategory \"char\", typispreferred bool, "                 \
    "typisdefined bool, typdelim \"char\", typrelid oid, typsubscript text, typelem oid, "         \
    "typarray oid, typinput text, typoutput text, typreceive text, typsend text, "                 \
    "typmodin text, typmodout text, typanalyze text, typalign \"char\", "                          \
    "typstorage \"char\", typnotnull bool, typbasetype oid, typtypmod int4, typndims int4, "       \
    "typcollation oid, typdefaultbin text, typdefault text, typacl text)"

/* The I/O functions' prefix: most are <typname>in / out / recv / send, these not. */
static const char *io_prefix(const char *typname)
{
    static const char *const k[][2] = {{"numeric", "numeric_"},
                                       {"timestamp", "timestamp_"},
                                       {"timestamptz", "timestamptz_"},
                                       {"date", "date_"},
                                       {"time", "time_"},
                                       {"timetz", "timetz_"},
                                       {"interval", "interval_"},
                                       {"uuid", "uuid_"},
                                       {"json", "json_"},
                                       {"jsonb", "jsonb_"},
                                       {"xml", "xml_"},
                                       {"money", "cash_"},
                                       {"record", "record_"},
                                       {"void", "void_"},
                                       {"inet", "inet_"},
                                       {"cidr", "cidr_"},
                                       {"macaddr", "macaddr_"},
                                       {"bit", "bit_"},
                                       {"varbit", "varbit_"},
                                       {"anyarray", "anyarray_"}};
    for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
        if (!strcmp(typname, k[i][0]))
            return k[i][1];
    return typname;
}

static void put_row(sqlite3_str *s, const catalog_typeinfo_t *t, int array)
{
    char al = align_of(t);
    const char *name = t->name;
    const char *io = io_prefix(name);
    int coll = collatable(t->oid) ? (t->oid == PGTYPE_NAME && !array ? 950 : 100) : 0;
    if (!array) {
        sqlite3_str_appendf(s,
                            "(%u,'%s',11,10,%d,%d,'%c','%c',%d,1,',',0,'-',0,%u,'%sin','%sout',"
                            "'%srecv','%ssend','-','-','-','%c','%c',0,0,-1,0,%d,NULL,NULL,NULL)",
                            t->oid, name, t->typlen, is_byval(t), t->typtype, t->category,
                            t->preferred, t->array_oid, io, io, io, io, al,
                            t->typlen == -1 ? (t->oid == PGTYPE_NUMERIC ? 'm' : 'x') : 'p', coll);
        return;
    }
    sqlite3_str_appendf(s,
                        "(%u,'_%s',11,10,-1,0,'b','A',0,1,',',0,'array_subscript_handler',%u,0,"
                        "'array_in','array_out','array_recv','array_send','-','-',"
                        "'array_typanalyze','%c','x',0,0,-1,0,%d,NULL,NULL,NULL)",
                        t->array_oid, name, t->oid, al == 'd' ? 'd' : 'i', coll);
}

int64_t catalog__type_attr(uint32_t oid, char which)
{
    uint32_t elem = 0;
    const catalog_typeinfo_t *t = catalog__typeinfo_by_oid(oid, &elem);
    if (!t)
        return which == 'l' ? -1 : which == 'a' ? 'i' : which == 's' ? 'x' : 0;
    switch (which) {
    case 'l':
        return elem ? -1 : t->typlen;
    case 'b':
        return elem ? 0 : is_byval(t);
    case 'a':
        return elem ? (align_of(t) == 'd' ? 'd' : 'i') : align_of(t);
    case 's':
        return elem || t->typlen == -1 ? (t->oid == PGTYPE_NUMERIC && !elem ? 'm' : 'x') : 'p';
    case 'd':
        return elem ? 1 : 0;
    case 'c':
        return collatable(t->oid) ? (t->oid == PGTYPE_NAME && !elem ? 950 : 100) : 0;
    default:
        return 0;
    }
}

static catalog_rel_t g_rel;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void build_rel(void)
{
    sqlite3_str *s = sqlite3_str_new(NULL);
    sqlite3_str_appendall(s, "VALUES ");
    for (size_t i = 0; i < NTYPES; i++) {
        if (i)
            sqlite3_str_appendall(s, ",");
        put_row(s, &k_types[i], 0);
        if (k_types[i].array_oid) {
            sqlite3_str_appendall(s, ",");
            put_row(s, &k_types[i], 1);
        }
    }
    /* user enums and domains (lg_meta_types), enums with their array types; a domain is
     * stored as its base type (length, alignment, storage) */
    sqlite3_str_appendf(
        s,
        " UNION ALL SELECT u.oid, u.name, 2200, 10, CASE u.kind WHEN 'e' THEN 4"
        " WHEN 'd' THEN lg_typattr(u.basetype, 'l') ELSE -1 END, u.kind = 'e' OR (u.kind = 'd'"
        " AND lg_typattr(u.basetype, 'b')), u.kind,"
        " CASE u.kind WHEN 'e' THEN 'E' WHEN 'c' THEN 'C' ELSE 'U' END,"
        " 0, 1, ',', 0, '-',"
        " 0, CASE u.kind WHEN 'e' THEN u.oid + %u ELSE 0 END, u.kind || '_in',"
        " u.kind || '_out', u.kind || '_recv', u.kind || '_send', '-', '-', '-',"
        " CASE u.kind WHEN 'd' THEN lg_typattr(u.basetype, 'a') ELSE 'i' END,"
        " CASE u.kind WHEN 'e' THEN 'p' WHEN 'd' THEN lg_typattr(u.basetype, 's') ELSE 'x' END,"
        " u.not_null, u.basetype,"
        " CASE u.kind WHEN 'e' THEN -1 ELSE u.typmod END, 0, 0, NULL, NULL, NULL"
        " FROM lg_meta_types u UNION ALL SELECT u.oid + %u, '_' || u.name, 2200, 10, -1, 0,"
        " 'b', 'A', 0, 1, ',', 0, 'array_subscript_handler', u.oid, 0, 'array_in',"
        " 'array_out', 'array_recv', 'array_send', '-', '-', 'array_typanalyze', 'i', 'x',"
        " 0, 0, -1, 0, 0, NULL, NULL, NULL FROM lg_meta_types u WHERE u.kind = 'e'",
        PGTYPE_USER_ARRAY_BIT, PGTYPE_USER_ARRAY_BIT);
    char *sql = sqlite3_str_finish(s); /* kept for the life of the process */
    if (!sql)
        return;
    g_rel.name = "pg_type";
    g_rel.decl = PG_TYPE_DECL;
    g_rel.sql = sql;
}

const catalog_rel_t *catalog__pg_type_rel(void)
{
    pthread_once(&g_once, build_rel);
    return g_rel.sql ? &g_rel : NULL;
}
