/* catalog_types.h - private to src/catalog: the built-in type table behind pg_type,
 * format_type() and the regtype conversions (pure; any thread). */
#ifndef LG_CATALOG_TYPES_H
#define LG_CATALOG_TYPES_H
#include <stdint.h>

typedef struct catalog_typeinfo {
    uint32_t oid;
    const char *name;    /* typname: "int4" */
    const char *display; /* format_type without typmod: "integer" */
    int16_t typlen;
    char typtype;  /* 'b' base, 'p' pseudo, 'r' range */
    char category; /* typcategory */
    int preferred;
    uint32_t array_oid; /* 0: no array type */
} catalog_typeinfo_t;

/* The entry for oid; for an array type's OID, the element's entry with *elem set to the
 * element OID (else *elem = 0). NULL when unknown. */
const catalog_typeinfo_t *catalog__typeinfo_by_oid(uint32_t oid, uint32_t *elem);
/* The entry whose typname or display name is exactly name (lower case), or NULL. */
const catalog_typeinfo_t *catalog__typeinfo_by_name(const char *name);

/* One attribute of a type for pg_attribute: 'l' typlen, 'b' byval, 'a' align char,
 * 's' storage char, 'd' array dimensions (0/1), 'c' collation OID. */
int64_t catalog__type_attr(uint32_t oid, char which);

#endif
