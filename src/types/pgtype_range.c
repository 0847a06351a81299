/* pgtype_range.c - PostgreSQL's range literal syntax (range_parse / range_parse_bound). */
#include "pgtype_range.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "lg_buf.h"
#include "lg_err.h"
#include "pgtype.h"
#include "pgtype_text.h"

/* One bound as range_parse_bound reads it: up to ',', ')' or ']' outside "..." quotes,
 * backslash escapes; nothing at all is an infinite bound. NULL with *why set when the
 * input ends first or the bound is too long. */
static const char *scan_bound(const char *p, pgtype_range_bound_t *b, const char **why)
{
    size_t n = 0;
    bool quoted = false;
    b->inf = *p == ',' || *p == ')' || *p == ']';
    while (quoted || !(*p == ',' || *p == ')' || *p == ']')) {
        char ch = *p++;
        if (ch == '\0' || (ch == '\\' && *p == '\0')) {
            *why = "Unexpected end of input.";
            return NULL;
        }
        if (ch == '\\') {
            ch = *p++;
        } else if (ch == '"') {
            if (!quoted || *p != '"') {
                quoted = !quoted;
                continue;
            }
            p++; /* "" inside quotes */
        }
        if (n + 1 >= PGTYPE_RANGE_BOUND_MAX) {
            *why = "Bound too long.";
            return NULL;
        }
        b->v[n++] = ch;
    }
    b->v[n] = '\0';
    return p;
}

static const char *skip_space(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

const char *pgtype_range_syntax(const char *s, pgtype_range_t *r)
{
    memset(r, 0, sizeof *r);
    const char *p = skip_space(s), *why = NULL;
    if (!strncasecmp(p, "empty", 5)) {
        r->empty = true;
        return *skip_space(p + 5) ? "Junk after \"empty\" key word." : NULL;
    }
    if (*p != '[' && *p != '(')
        return "Missing left parenthesis or bracket.";
    r->lo.inc = *p++ == '[';
    if (!(p = scan_bound(p, &r->lo, &why)))
        return why;
    if (*p++ != ',')
        return "Missing comma after lower bound.";
    if (!(p = scan_bound(p, &r->hi, &why)))
        return why;
    if (*p != ']' && *p != ')')
        return "Too many commas.";
    r->hi.inc = *p++ == ']';
    return *skip_space(p) ? "Junk after right parenthesis or bracket." : NULL;
}

uint32_t pgtype_range_elem(uint32_t range_oid)
{
    switch (range_oid) {
    case PGTYPE_INT4RANGE:
        return PGTYPE_INT4;
    case PGTYPE_INT8RANGE:
        return PGTYPE_INT8;
    case PGTYPE_NUMRANGE:
        return PGTYPE_NUMERIC;
    case PGTYPE_DATERANGE:
        return PGTYPE_DATE;
    case PGTYPE_TSRANGE:
        return PGTYPE_TIMESTAMP;
    case PGTYPE_TSTZRANGE:
        return PGTYPE_TIMESTAMPTZ;
    default:
        return 0;
    }
}

static int bound_check(const pgtype_range_bound_t *b, uint32_t elem, lg_pgerr_t *err)
{
    if (b->inf)
        return 0;
    pgtype_session_t s;
    pgtype_session_init(&s);
    pgtype_value_t v;
    lg_buf_t scratch;
    lg_buf_init(&scratch, 1u << 16);
    int rc = pgtype_text_in(b->v, strlen(b->v), elem, -1, &s, &v, &scratch, err);
    lg_buf_deinit(&scratch);
    return rc;
}

int pgtype_range_check(const char *s, uint32_t range_oid, lg_pgerr_t *err)
{
    pgtype_range_t r;
    const char *why = pgtype_range_syntax(s, &r);
    if (why) {
        lg_pgerr_set(err, "22P02", "malformed range literal: \"%s\"", s);
        lg_pgerr_detail(err, "%s", why);
        return LG_EINVAL;
    }
    uint32_t elem = pgtype_range_elem(range_oid);
    if (r.empty || !elem)
        return 0;
    if (bound_check(&r.lo, elem, err) != 0 || bound_check(&r.hi, elem, err) != 0)
        return LG_EINVAL;
    return 0;
}
