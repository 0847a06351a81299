/* pgtype_oid.c - the OID table: names, lengths, and mapping from declared types. */
#include "pgtype.h"
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

typedef struct type_info {
    uint32_t oid;
    const char *name;
    int16_t typlen;
    uint32_t array_oid;
} type_info_t;

static const type_info_t k_types[] = {
    {PGTYPE_BOOL, "bool", 1, PGTYPE_BOOL_ARRAY},
    {PGTYPE_BYTEA, "bytea", -1, PGTYPE_BYTEA_ARRAY},
    {PGTYPE_CHAR, "char", 1, 1002},
    {PGTYPE_NAME, "name", 64, 1003},
    {PGTYPE_INT8, "int8", 8, PGTYPE_INT8_ARRAY},
    {PGTYPE_INT2, "int2", 2, PGTYPE_INT2_ARRAY},
    {PGTYPE_INT4, "int4", 4, PGTYPE_INT4_ARRAY},
    {PGTYPE_INT2VECTOR, "int2vector", -1, 1006},
    {PGTYPE_REGPROC, "regproc", 4, 1008},
    {PGTYPE_TEXT, "text", -1, PGTYPE_TEXT_ARRAY},
    {PGTYPE_OID, "oid", 4, PGTYPE_OID_ARRAY},
    {PGTYPE_OIDVECTOR, "oidvector", -1, 1013},
    {PGTYPE_JSON, "json", -1, PGTYPE_JSON_ARRAY},
    {PGTYPE_XML, "xml", -1, 143},
    {PGTYPE_FLOAT4, "float4", 4, PGTYPE_FLOAT4_ARRAY},
    {PGTYPE_FLOAT8, "float8", 8, PGTYPE_FLOAT8_ARRAY},
    {PGTYPE_UNKNOWN, "unknown", -2, 0},
    {PGTYPE_MONEY, "money", 8, 791},
    {PGTYPE_BPCHAR, "bpchar", -1, PGTYPE_BPCHAR_ARRAY},
    {PGTYPE_VARCHAR, "varchar", -1, PGTYPE_VARCHAR_ARRAY},
    {PGTYPE_DATE, "date", 4, PGTYPE_DATE_ARRAY},
    {PGTYPE_TIME, "time", 8, PGTYPE_TIME_ARRAY},
    {PGTYPE_TIMESTAMP, "timestamp", 8, PGTYPE_TIMESTAMP_ARRAY},
    {PGTYPE_TIMESTAMPTZ, "timestamptz", 8, PGTYPE_TIMESTAMPTZ_ARRAY},
    {PGTYPE_INTERVAL, "interval", 16, PGTYPE_INTERVAL_ARRAY},
    {PGTYPE_TIMETZ, "timetz", 12, 1270},
    {PGTYPE_NUMERIC, "numeric", -1, PGTYPE_NUMERIC_ARRAY},
    {PGTYPE_REGCLASS, "regclass", 4, 2210},
    {PGTYPE_REGTYPE, "regtype", 4, 2211},
    {PGTYPE_REGPROCEDURE, "regprocedure", 4, 2207},
    {PGTYPE_REGNAMESPACE, "regnamespace", 4, 4090},
    {PGTYPE_REGROLE, "regrole", 4, 4097},
    {PGTYPE_RECORD, "record", -1, 2287},
    {PGTYPE_VOID, "void", 4, 0},
    {PGTYPE_UUID, "uuid", 16, PGTYPE_UUID_ARRAY},
    {PGTYPE_JSONB, "jsonb", -1, PGTYPE_JSONB_ARRAY},
    {PGTYPE_TSVECTOR, "tsvector", -1, 3643},
    {PGTYPE_TSQUERY, "tsquery", -1, 3645},
    {PGTYPE_INT4RANGE, "int4range", -1, 3905},
    {PGTYPE_NUMRANGE, "numrange", -1, 3907},
    {PGTYPE_TSRANGE, "tsrange", -1, 3909},
    {PGTYPE_TSTZRANGE, "tstzrange", -1, 3911},
    {PGTYPE_DATERANGE, "daterange", -1, 3913},
    {PGTYPE_INT8RANGE, "int8range", -1, 3927},
};

static const type_info_t *find_oid(uint32_t oid)
{
    for (size_t i = 0; i < sizeof(k_types) / sizeof(k_types[0]); i++)
        if (k_types[i].oid == oid)
            return &k_types[i];
    return NULL;
}

int16_t pgtype_typlen(uint32_t oid)
{
    const type_info_t *t = find_oid(oid);
    return t ? t->typlen : -1;
}

const char *pgtype_name(uint32_t oid)
{
    const type_info_t *t = find_oid(oid);
    if (t)
        return t->name;
    for (size_t i = 0; i < sizeof(k_types) / sizeof(k_types[0]); i++)
        if (k_types[i].array_oid == oid && oid != 0) {
            static __thread char buf[72];
            buf[0] = '_';
            strncpy(buf + 1, k_types[i].name, sizeof(buf) - 2);
            buf[sizeof(buf) - 1] = '\0';
            return buf;
        }
    return "unknown";
}

uint32_t pgtype_array_elem(uint32_t array_oid)
{
    if ((array_oid & PGTYPE_USER_ARRAY_BIT) &&
        (array_oid & ~PGTYPE_USER_ARRAY_BIT) >= PGTYPE_FIRST_USER_OID)
        return array_oid & ~PGTYPE_USER_ARRAY_BIT; /* array of a user type */
    for (size_t i = 0; i < sizeof(k_types) / sizeof(k_types[0]); i++)
        if (k_types[i].array_oid == array_oid && array_oid != 0)
            return k_types[i].oid;
    return 0;
}

uint32_t pgtype_array_of(uint32_t elem_oid)
{
    if (elem_oid >= PGTYPE_FIRST_USER_OID && !(elem_oid & PGTYPE_USER_ARRAY_BIT))
        return elem_oid | PGTYPE_USER_ARRAY_BIT;
    const type_info_t *t = find_oid(elem_oid);
    return t ? t->array_oid : 0;
}

typedef struct alias {
    const char *name;
    uint32_t oid;
} alias_t;

static const alias_t k_aliases[] = {
    {"int", PGTYPE_INT4},
    {"integer", PGTYPE_INT4},
    {"int4", PGTYPE_INT4},
    {"serial", PGTYPE_INT4},
    {"serial4", PGTYPE_INT4},
    {"smallint", PGTYPE_INT2},
    {"int2", PGTYPE_INT2},
    {"smallserial", PGTYPE_INT2},
    {"serial2", PGTYPE_INT2},
    {"bigint", PGTYPE_INT8},
    {"int8", PGTYPE_INT8},
    {"bigserial", PGTYPE_INT8},
    {"serial8", PGTYPE_INT8},
    {"real", PGTYPE_FLOAT4},
    {"float4", PGTYPE_FLOAT4},
    {"double precision", PGTYPE_FLOAT8},
    {"double", PGTYPE_FLOAT8},
    {"float8", PGTYPE_FLOAT8},
    {"float", PGTYPE_FLOAT8},
    {"numeric", PGTYPE_NUMERIC},
    {"decimal", PGTYPE_NUMERIC},
    {"text", PGTYPE_TEXT},
    {"varchar", PGTYPE_VARCHAR},
    {"character varying", PGTYPE_VARCHAR},
    {"char", PGTYPE_BPCHAR},
    {"character", PGTYPE_BPCHAR},
    {"bpchar", PGTYPE_BPCHAR},
    {"bool", PGTYPE_BOOL},
    {"boolean", PGTYPE_BOOL},
    {"bytea", PGTYPE_BYTEA},
    {"blob", PGTYPE_BYTEA},
    {"date", PGTYPE_DATE},
    {"time", PGTYPE_TIME},
    {"timestamp", PGTYPE_TIMESTAMP},
    {"timestamptz", PGTYPE_TIMESTAMPTZ},
    {"interval", PGTYPE_INTERVAL},
    {"uuid", PGTYPE_UUID},
    {"json", PGTYPE_JSON},
    {"jsonb", PGTYPE_JSONB},
    {"name", PGTYPE_NAME},
    {"oid", PGTYPE_OID},
    {"int2vector", PGTYPE_INT2VECTOR},
    {"oidvector", PGTYPE_OIDVECTOR},
    {"timetz", PGTYPE_TIMETZ},
    {"regclass", PGTYPE_REGCLASS},
    {"regtype", PGTYPE_REGTYPE},
    {"money", PGTYPE_MONEY},
    {"xml", PGTYPE_XML},
    {"regproc", PGTYPE_REGPROC},
    {"regprocedure", PGTYPE_REGPROCEDURE},
    {"regnamespace", PGTYPE_REGNAMESPACE},
    {"regrole", PGTYPE_REGROLE},
    {"tsvector", PGTYPE_TSVECTOR},
    {"tsquery", PGTYPE_TSQUERY},
    {"int4range", PGTYPE_INT4RANGE},
    {"numrange", PGTYPE_NUMRANGE},
    {"tsrange", PGTYPE_TSRANGE},
    {"tstzrange", PGTYPE_TSTZRANGE},
    {"daterange", PGTYPE_DATERANGE},
    {"int8range", PGTYPE_INT8RANGE},
};

uint32_t pgtype_from_name(const char *name)
{
    if (!name || !name[0])
        return 0;
    size_t n = strlen(name);
    bool array = n > 2 && strcmp(name + n - 2, "[]") == 0;
    char base[64];
    if (name[0] == '_' && !array) {
        uint32_t e = pgtype_from_name(name + 1);
        return e ? pgtype_array_of(e) : 0;
    }
    size_t bl = array ? n - 2 : n;
    if (bl >= sizeof(base))
        return 0;
    memcpy(base, name, bl);
    base[bl] = '\0';
    for (size_t i = 0; i < sizeof(k_aliases) / sizeof(k_aliases[0]); i++)
        if (strcasecmp(k_aliases[i].name, base) == 0)
            return array ? pgtype_array_of(k_aliases[i].oid) : k_aliases[i].oid;
    return 0;
}

uint32_t pgtype_from_decltype(const char *decl)
{
    if (!decl || !decl[0])
        return 0;
    char base[64];
    size_t i = 0;
    /* strip a "(n,m)" modifier, keep "[]" */
    for (const char *p = decl; *p && i < sizeof(base) - 1; p++) {
        if (*p == '(') {
            while (*p && *p != ')')
                p++;
            if (!*p)
                break;
            continue;
        }
        base[i++] = (char)tolower((unsigned char)*p);
    }
    while (i > 0 && base[i - 1] == ' ')
        i--;
    base[i] = '\0';
    uint32_t oid = pgtype_from_name(base);
    if (oid)
        return oid;
    /* SQLite affinity rules for anything else */
    if (strstr(base, "int"))
        return PGTYPE_INT8;
    if (strstr(base, "char") || strstr(base, "clob") || strstr(base, "text"))
        return PGTYPE_TEXT;
    if (strstr(base, "real") || strstr(base, "floa") || strstr(base, "doub"))
        return PGTYPE_FLOAT8;
    return 0;
}
