/* catalog_pg_constraint.c - pg_constraint.
 *
 * One row per constraint of lg_meta_all_constraints (named as PostgreSQL names them; not
 * the unique indexes it lists), and one per CHECK of a domain.
 * Foreign-key actions come from SQLite's pragma_foreign_key_list (the row whose first column
 * and parent table match). conkey/confkey are int2[] in litegres's array storage (JSON
 * text "[1,2]"). The HIDDEN column lg_def is what pg_get_constraintdef() prints:
 *   PRIMARY KEY (a, b) / UNIQUE (a) / CHECK (<expr as written>) /
 *   FOREIGN KEY (a) REFERENCES t(b) [ON UPDATE x] [ON DELETE y]
 *   [DEFERRABLE [INITIALLY DEFERRED]] (lg_fk_deferral, catalog_fn_fk.c) */
#include "catalog_int.h"

#define PG_CONSTRAINT_DECL                                                                         \
    "CREATE TABLE x(oid oid, conname name, connamespace oid, contype \"char\", "                   \
    "condeferrable bool, condeferred bool, convalidated bool, conrelid oid, contypid oid, "        \
    "conindid oid, conparentid oid, confrelid oid, confupdtype \"char\", "                         \
    "confdeltype \"char\", confmatchtype \"char\", conislocal bool, coninhcount int4, "            \
    "connoinherit bool, conkey int2[], confkey int2[], conpfeqop text, conppeqop text, "           \
    "conffeqop text, confdelsetcols text, conexclop text, conbin text, "                           \
    "lg_tbl text HIDDEN, lg_def text HIDDEN, lg_defnp text HIDDEN)"

#define FIRST_COL(c)                                                                               \
    "CASE WHEN instr(" c ", ',') > 0 THEN substr(" c ", 1, instr(" c ", ',') - 1) ELSE " c " END"

/* The constraint rows with FK actions (upd, del: SQLite's words) and check text (chk). */
#define CONS                                                                                       \
    "SELECT c.*, f.on_update AS upd, f.on_delete AS del, "                                         \
    "CASE WHEN c.kind = 'c' THEN lg_check_expr(c.tbl, c.name) END AS chk, "                        \
    "CASE WHEN c.kind = 'c' THEN lg_check_expr(c.tbl, c.name, 0) END AS chknp, "                   \
    "CASE WHEN c.kind = 'f' THEN lg_fk_deferral(c.tbl, c.cols, c.reftbl) ELSE 0 END AS dfr, "      \
    "CASE WHEN c.kind = 'f' THEN coalesce(nullif(c.refcols, ''), (SELECT group_concat(g.t, ',') "  \
    "FROM (SELECT k.\"to\" AS t FROM pragma_foreign_key_list(c.tbl) k WHERE k.id = f.id "          \
    "AND k.\"to\" IS NOT NULL ORDER BY k.seq) g), (SELECT group_concat(g.n, ',') FROM "            \
    "(SELECT p.name AS n FROM pragma_table_info(c.reftbl) p WHERE p.pk > 0 ORDER BY p.pk) g)) "    \
    "END AS rcols "                                                                                \
    "FROM lg_meta_all_constraints c LEFT JOIN pragma_foreign_key_list(c.tbl) f "                   \
    "ON c.kind = 'f' AND f.seq = 0 AND f.\"table\" = c.reftbl AND f.\"from\" = " FIRST_COL(        \
        "c.cols") " WHERE NOT c.isindex"

#define ACTION_CHAR(a)                                                                             \
    "CASE " a " WHEN 'CASCADE' THEN 'c' WHEN 'SET NULL' THEN 'n' WHEN 'SET DEFAULT' THEN 'd' "     \
    "WHEN 'RESTRICT' THEN 'r' ELSE 'a' END"

#define ACTION_TEXT(kw, a)                                                                         \
    "CASE WHEN " a " IS NULL OR " a " = 'NO ACTION' THEN '' ELSE ' " kw " ' || " a " END"

#define DEFERRAL_TEXT                                                                              \
    "CASE x.dfr WHEN 1 THEN ' DEFERRABLE' WHEN 2 THEN ' DEFERRABLE INITIALLY DEFERRED' "           \
    "ELSE '' END"

#define CHECK_NP "CASE WHEN x.kind = 'c' THEN 'CHECK (' || coalesce(x.chknp, 'true') || ')' END"

/* A domain's CHECK constraints (_lg_domain_checks: the translated expression, ?1 for VALUE):
 * contypid is the domain, conrelid 0. */
#define DOMAIN_EXPR "replace(d.expr, '?1', 'VALUE')"
#define DOMAIN_DEF                                                                                 \
    "CASE WHEN substr(" DOMAIN_EXPR ", 1, 1) = '(' THEN 'CHECK ' || " DOMAIN_EXPR                  \
    " ELSE 'CHECK (' || " DOMAIN_EXPR " || ')' END"
#define DOMAIN_DEFNP /* not pretty: the expression in parentheses of its own */                    \
    "CASE WHEN substr(" DOMAIN_EXPR ", 1, 1) = '(' THEN 'CHECK (' || " DOMAIN_EXPR " || ')' "      \
    "ELSE 'CHECK ((' || " DOMAIN_EXPR " || '))' END"
#define DOMAIN_CHECKS                                                                              \
    "SELECT lg_objoid('domcheck:' || d.typname || '.' || d.name), d.name, 2200, 'c', 0, 0, 1, "    \
    "0, t.oid, 0, 0, 0, ' ', ' ', ' ', 1, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "  \
    "NULL, " DOMAIN_DEF ", " DOMAIN_DEFNP " FROM lg_meta_domain_checks d JOIN lg_meta_types t "    \
    "ON t.name = d.typname"

#define PG_CONSTRAINT_SQL                                                                          \
    "SELECT lg_objoid('constraint:' || x.tbl || '.' || x.name), x.name, "                          \
    "lg_nspoid(lg_relnsp(x.tbl)), x.kind, x.dfr > 0, x.dfr = 2, "                                  \
    "1, lg_reloid(x.tbl), 0, CASE WHEN x.kind IN ('p', 'u') THEN lg_reloid(x.name) "               \
    "WHEN x.kind = 'f' THEN coalesce((SELECT lg_reloid(k.name) FROM lg_meta_all_constraints k "    \
    "WHERE k.tbl = x.reftbl AND k.kind IN ('p', 'u') AND k.cols = x.rcols), 0) ELSE 0 END, "       \
    "0, CASE WHEN x.kind = 'f' THEN lg_reloid(x.reftbl) ELSE 0 END, "                              \
    "CASE WHEN x.kind = 'f' THEN " ACTION_CHAR(                                                    \
        "x.upd") " ELSE ' ' END, "                                                                 \
                 "CASE WHEN x.kind = 'f' THEN " ACTION_CHAR(                                       \
                     "x.del") " ELSE ' ' END, "                                                    \
                              "CASE WHEN x.kind = 'f' THEN 's' ELSE ' ' END, 1, 0, 0, "            \
                              "CASE WHEN x.cols <> '' THEN '[' || lg_attnums(x.tbl, x.cols) || "   \
                              "']' END, "                                                          \
                              "CASE WHEN x.kind = 'f' THEN '[' || lg_attnums(x.reftbl, "           \
                              "x.rcols) || ']' END, "                                              \
                              "NULL, NULL, NULL, NULL, NULL, x.chk, x.tbl, "                       \
                              "CASE x.kind WHEN 'p' THEN 'PRIMARY KEY (' || replace(x.cols, ',', " \
                              "', ') || ')' "                                                      \
                              "WHEN 'u' THEN 'UNIQUE (' || replace(x.cols, ',', ', ') || ')' "     \
                              "WHEN 'c' THEN 'CHECK (' || coalesce(x.chk, 'true') || ')' "         \
                              "WHEN 'f' THEN 'FOREIGN KEY (' || replace(x.cols, ',', ', ') || ') " \
                              "REFERENCES ' || "                                                   \
                              "x.reftbl || '(' || replace(coalesce(x.rcols, ''), ',', ', ') || "   \
                              "')' || " ACTION_TEXT("ON UPDATE", "x.upd") " || " ACTION_TEXT(      \
                                  "ON DELETE", "x.del") " || " DEFERRAL_TEXT " END, " CHECK_NP     \
                                                        " FROM (" CONS                             \
                                                        ") x UNION ALL " DOMAIN_CHECKS

const catalog_rel_t catalog__rels_pg_constraint[] = {
    {"pg_constraint", PG_CONSTRAINT_DECL, PG_CONSTRAINT_SQL, 0},
    {NULL, NULL, NULL, 0},
};
