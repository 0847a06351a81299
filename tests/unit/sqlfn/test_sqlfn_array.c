/* test_sqlfn_array.c - array functions on JSON-array text; expected values were taken from
 * PostgreSQL 15 (its '{...}' output shown here in our JSON storage form). */
#include "sqlfn_harness.h"

TestSuite(sqlfn_array, .init = harness_open, .fini = harness_close);

Test(sqlfn_array, lengths_and_bounds)
{
    EXPECT("SELECT array_length('[1,2,3]', 1)", "3");
    EXPECT("SELECT array_length('[]', 1)", "NULL");
    EXPECT("SELECT array_length('[1,2]', 2)", "NULL");
    EXPECT("SELECT array_upper('[5,6]', 1)", "2");
    EXPECT("SELECT array_lower('[5,6]', 1)", "1");
    EXPECT("SELECT cardinality('[[1,2],[3,4]]')", "4");
    EXPECT("SELECT cardinality('[]')", "0");
    EXPECT("SELECT array_length('{1}', 1)", "ERR 22P02:invalid input syntax for type json");
}

Test(sqlfn_array, append_prepend_cat)
{
    EXPECT("SELECT array_append('[1,2]', 3)", "[1,2,3]");
    EXPECT("SELECT array_append('[]', 'a')", "[\"a\"]");
    EXPECT("SELECT array_append(NULL, NULL)", "[null]");
    EXPECT("SELECT array_prepend(0, '[1]')", "[0,1]");
    EXPECT("SELECT lg_array_append('[[1,2]]', 3)",
           "ERR 22000:argument must be empty or one-dimensional array");
    EXPECT("SELECT lg_array_prepend(0, '[[1,2]]')",
           "ERR 22000:argument must be empty or one-dimensional array");
    EXPECT("SELECT array_cat('[1]', '[2,3]')", "[1,2,3]");
    EXPECT("SELECT array_cat(NULL, '[2]')", "[2]");
}

Test(sqlfn_array, search_and_remove_treat_null_as_value)
{
    EXPECT("SELECT array_position('[\"a\",\"b\"]', 'b')", "2");
    EXPECT("SELECT array_position('[1,2,1]', 1, 2)", "3");
    EXPECT("SELECT array_position('[1,2]', 5)", "NULL");
    EXPECT("SELECT array_positions('[1,2,1]', 1)", "[1,3]");
    EXPECT("SELECT array_remove('[1,null,2,null]', NULL)", "[1,2]");
    EXPECT("SELECT array_remove('[\"x\",\"y\"]', 'x')", "[\"y\"]");
}

Test(sqlfn_array, to_and_from_strings)
{
    EXPECT("SELECT array_to_string('[\"a\",null,\"c\"]', ',')", "a,c");
    EXPECT("SELECT array_to_string('[\"a\",null,\"c\"]', ',', '*')", "a,*,c");
    EXPECT("SELECT array_to_string('[1,2.5,true]', '-')", "1-2.5-t");
    EXPECT("SELECT string_to_array('a,b,,c', ',', '')", "[\"a\",\"b\",null,\"c\"]");
    EXPECT("SELECT string_to_array('abc', NULL)", "[\"a\",\"b\",\"c\"]");
    EXPECT("SELECT string_to_array('', ',')", "[]");
    EXPECT("SELECT string_to_array('a::b', '::')", "[\"a\",\"b\"]");
}

Test(sqlfn_array, containment_overlap_and_any)
{
    EXPECT("SELECT lg_array_contains('[1,2,3]', '[3,1]')", "1");
    EXPECT("SELECT lg_array_contains('[1,2,3]', '[4]')", "0");
    EXPECT("SELECT lg_array_contained('[1]', '[1,2]')", "1");
    EXPECT("SELECT lg_array_overlap('[1,2]', '[5,2]')", "1");
    EXPECT("SELECT lg_array_overlap('[\"a\"]', '[\"b\"]')", "0");
    EXPECT("SELECT lg_array_has('[1,2]', 2)", "1");
    EXPECT("SELECT lg_array_has('[1,null]', 2)", "NULL");
    EXPECT("SELECT lg_array_has('[1,3]', 2)", "0");
    EXPECT("SELECT lg_array_has('[\"a\",\"b\"]', 'b')", "1");
}

Test(sqlfn_array, collation_sorts_arrays_element_by_element)
{
    /* PostgreSQL: {garden} < {garden,plants} < {garden,trees}, {2} < {10}; text order would
     * put ["garden","plants"] before ["garden"] and [10] before [2]. */
    EXPECT("SELECT group_concat(column1, ' ') FROM (SELECT column1 FROM (VALUES "
           "('[\"garden\",\"plants\"]'), ('[\"garden\"]'), ('[\"garden\",\"trees\"]')) "
           "ORDER BY column1 COLLATE lg_array)",
           "[\"garden\"] [\"garden\",\"plants\"] [\"garden\",\"trees\"]");
    EXPECT("SELECT group_concat(column1, ' ') FROM (SELECT column1 FROM (VALUES ('[10]'), "
           "('[2]'), ('[2,1]')) ORDER BY column1 COLLATE lg_array DESC)",
           "[10] [2,1] [2]");
}
