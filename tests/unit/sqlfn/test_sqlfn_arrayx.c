/* test_sqlfn_arrayx.c - shape-aware array functions (array_dims, array_ndims,
 * array_replace, array_fill, || dimension rules), enum_range/first/last and the composite
 * record text helpers; expected values are PostgreSQL 15's (arrays shown in our JSON storage
 * form, records in PostgreSQL's text form). */
#include "sqlfn_harness.h"

TestSuite(sqlfn_arrayx, .init = harness_open, .fini = harness_close);

Test(sqlfn_arrayx, dims)
{
    EXPECT("SELECT array_dims('[[1,2],[3,4]]')", "[1:2][1:2]");
    EXPECT("SELECT array_dims('[1,2,3]')", "[1:3]");
    EXPECT("SELECT array_dims('[]')", "NULL");
    EXPECT("SELECT array_ndims('[[[1]]]')", "3");
    EXPECT("SELECT array_ndims('[]')", "NULL");
}

Test(sqlfn_arrayx, replace_and_fill)
{
    EXPECT("SELECT array_replace('[1,2,1]', 1, 9)", "[9,2,9]");
    EXPECT("SELECT array_replace('[\"pets\",\"x\"]', 'pets', 'cats')", "[\"cats\",\"x\"]");
    EXPECT("SELECT array_replace('[1,null]', NULL, 0)", "[1,0]");
    EXPECT("SELECT array_replace('[[1,2],[2,1]]', 2, 5)", "[[1,5],[5,1]]");
    EXPECT("SELECT array_fill(7, '[2,3]')", "[[7,7,7],[7,7,7]]");
    EXPECT("SELECT array_fill('x', '[2]', '[1]')", "[\"x\",\"x\"]");
    EXPECT("SELECT array_fill(0, '[0]')", "[]");
    EXPECT("SELECT array_fill(1, '[2]', '[3]')",
           "ERR 0A000:array_fill with lower bounds other than 1 is not supported");
    EXPECT("SELECT array_fill(1, NULL)",
           "ERR 22004:dimension array or low bound array cannot be null");
}

Test(sqlfn_arrayx, concatenation_dimensions)
{
    EXPECT("SELECT lg_array_cat('[1,2]', '[3]')", "[1,2,3]");
    EXPECT("SELECT lg_array_cat('[1,2]', '[[3,4],[5,6]]')", "[[1,2],[3,4],[5,6]]");
    EXPECT("SELECT lg_array_cat('[[1,2]]', '[3,4]')", "[[1,2],[3,4]]");
    EXPECT("SELECT lg_array_cat('[]', '[[1]]')", "[[1]]");
    EXPECT("SELECT lg_array_cat(NULL, '[1]')", "[1]");
    EXPECT("SELECT lg_array_cat('[1,2]', '[[1,2,3]]')",
           "ERR 2202E:cannot concatenate incompatible arrays");
    EXPECT("SELECT lg_array_cat('[[1,2],[3,4]]', '[[[1]]]')",
           "ERR 2202E:cannot concatenate incompatible arrays");
}

static void enum_setup(void)
{
    harness_open();
    cr_assert_eq(sqlite3_exec(db,
                              "CREATE TABLE _lg_enum(typname TEXT, label TEXT, sortorder REAL);"
                              "INSERT INTO _lg_enum VALUES ('st','b',2),('st','a',1),"
                              "('st','mid',1.5),('st','z',3);",
                              NULL, NULL, NULL),
                 SQLITE_OK);
}

Test(sqlfn_arrayx, enum_functions_follow_sort_order, .init = enum_setup)
{
    EXPECT("SELECT lg_enum_first('st')", "a");
    EXPECT("SELECT lg_enum_last('st')", "z");
    EXPECT("SELECT lg_enum_range('st', NULL, NULL)", "[\"a\",\"mid\",\"b\",\"z\"]");
    EXPECT("SELECT lg_enum_range('st', 'mid', 'b')", "[\"mid\",\"b\"]");
    EXPECT("SELECT lg_enum_range('st', 'b', NULL)", "[\"b\",\"z\"]");
    EXPECT("SELECT lg_enum_range('st', 'z', 'a')", "[]");
    EXPECT("SELECT lg_enum_first('none')", "ERR 55000:enum none contains no values");
}

Test(sqlfn_arrayx, record_text_quoting)
{
    /* record_out: t/f booleans, empty field for NULL, quotes when needed */
    EXPECT("SELECT lg_record_text(25, 'A5', 21, 90, 16, 0)", "(A5,90,f)");
    EXPECT("SELECT lg_record_text(25, 'B5 (custom)', 21, 115, 16, 1)", "(\"B5 (custom)\",115,t)");
    EXPECT("SELECT lg_record_text(25, 'q\"x\\y', 21, NULL)", "(\"q\"\"x\\\\y\",)");
    EXPECT("SELECT lg_record_text(25, '', 701, 1.5)", "(\"\",1.5)");
}

Test(sqlfn_arrayx, record_fields)
{
    EXPECT("SELECT lg_record_field('(A5,90,f)', 2, 21) * 2", "180");
    EXPECT("SELECT lg_record_field('(A5,90,f)', 3, 16)", "0");
    EXPECT("SELECT lg_record_field('(\"B5 (custom)\",115,t)', 1, 25)", "B5 (custom)");
    EXPECT("SELECT lg_record_field('(\"q\"\"x\\\\y\",,)', 1, 25)", "q\"x\\y");
    EXPECT("SELECT lg_record_field('(\"q\",,)', 2, 21)", "NULL");
    EXPECT("SELECT lg_record_field('(\"\",1)', 1, 25)", "");
    EXPECT("SELECT lg_record_field('A5,90', 1, 25)",
           "ERR 22P02:malformed record literal: \"A5,90\"");
}

Test(sqlfn_arrayx, subscripts_flattening_and_padding)
{
    EXPECT("SELECT lg_array_get('[[1,2],[3,4]]', 2, 1)", "3");
    EXPECT("SELECT lg_array_get('[[1,2],[3,4]]', 2)", "NULL");
    EXPECT("SELECT lg_array_get('[1,2]', 1, 1)", "NULL");
    EXPECT("SELECT lg_array_get('[\"a\",null]', 1)", "a");
    EXPECT("SELECT lg_array_get('[1,2]', 0)", "NULL");
    EXPECT("SELECT lg_array_flat('[[1,2],[3,\"x\"]]')", "[1,2,3,\"x\"]");
    EXPECT("SELECT lg_array_flat('[1,2]')", "[1,2]");
    EXPECT("SELECT lg_array_pad('[5]', 4)", "[5,null,null]");
    EXPECT("SELECT lg_array_pad(NULL, 1)", "[]");
    EXPECT("SELECT lg_array_pad('[5]', 0)",
           "ERR 0A000:assignment to array element 0 is not supported: arrays here always "
           "start at subscript 1");
    EXPECT("SELECT lg_array_pad('[]', 3)",
           "ERR 0A000:assignment to array element 3 is not supported: arrays here always "
           "start at subscript 1");
    EXPECT("SELECT lg_array_md('[[1,2],[3,4]]')", "[[1,2],[3,4]]");
    EXPECT("SELECT lg_array_md('[[1,2],[3]]')",
           "ERR 2202E:multidimensional arrays must have array expressions with matching "
           "dimensions");
}
