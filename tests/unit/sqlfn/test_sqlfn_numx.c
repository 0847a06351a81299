/* test_sqlfn_numx.c - the exact-output numeric functions (lg_numx_*): decimal TEXT results
 * with PostgreSQL 15's digits and display scale (expected values checked against a
 * PostgreSQL 15 server), NULL handling, SQLSTATEs, and numeric (not text) comparison. */
#include "sqlfn_harness.h"

TestSuite(numx, .init = harness_open, .fini = harness_close);

Test(numx, conversion)
{
    EXPECT("SELECT lg_numx(5)", "5");
    EXPECT("SELECT lg_numx(0.1)", "0.1");
    EXPECT("SELECT lg_numx(' 49.90 ')", "49.90");
    EXPECT("SELECT lg_numx('1e3')", "1000");
    EXPECT("SELECT lg_numx('-0.0')", "0.0");
    EXPECT("SELECT lg_numx('nan')", "NaN");
    EXPECT("SELECT lg_numx('-inf')", "-Infinity");
    EXPECT("SELECT typeof(lg_numx(5))", "text");
    EXPECT("SELECT lg_numx(NULL)", "NULL");
    EXPECT("SELECT lg_numx('abc')", "ERR 22P02:invalid input syntax for type numeric: \"abc\"");
    /* numeric(5,2) = typmod (5 << 16 | 2) + 4 */
    EXPECT("SELECT lg_numx(3.14159, (5 << 16 | 2) + 4)", "3.14");
    EXPECT("SELECT lg_numx(68, (5 << 16 | 2) + 4)", "68.00");
    EXPECT("SELECT lg_numx(1234.5, (5 << 16 | 2) + 4)",
           "ERR 22003:numeric field overflow|DETAIL:A field with precision 5, scale 2 must round "
           "to an "
           "absolute value less than 10^3.");
    EXPECT("SELECT lg_numx('2.50', -1)", "2.50");
    EXPECT("SELECT lg_numx('2.50', NULL)", "2.50");
}

Test(numx, add_sub_mul)
{
    EXPECT("SELECT lg_numx_mul('49.90', 2)", "99.80");
    EXPECT("SELECT lg_numx_mul('1.10', '1.10')", "1.2100");
    EXPECT("SELECT lg_numx_mul(1.1, 1.1)", "1.21");
    EXPECT("SELECT lg_numx_add(0.1, 0.2)", "0.3");
    EXPECT("SELECT lg_numx_sub(1.5, '1.50')", "0.00");
    EXPECT("SELECT lg_numx_sub('1.005', 1)", "0.005");
    EXPECT("SELECT lg_numx_sub(1, '1.005')", "-0.005");
    EXPECT("SELECT lg_numx_add(-5, '2.5')", "-2.5");
    EXPECT("SELECT lg_numx_add('9999999999999999999', 1)", "10000000000000000000");
    EXPECT("SELECT lg_numx_add('123456789012345678901234567890.123', '0.877')",
           "123456789012345678901234567891.000");
    EXPECT("SELECT lg_numx_mul('12345678901234567890', '98765432109876543210')",
           "1219326311370217952237463801111263526900");
    EXPECT("SELECT lg_numx_mul('-0.5', '0.002')", "-0.0010");
    EXPECT("SELECT lg_numx_mul(0, '-3.5')", "0.0");
    EXPECT("SELECT lg_numx_add('1e-20', 1)", "1.00000000000000000001");
    /* an INTEGER past int64 reaches SQLite as REAL: its shortest digits are 1e19 */
    EXPECT("SELECT lg_numx_add(9999999999999999999, 1)", "10000000000000000001");
    EXPECT("SELECT typeof(lg_numx_add(1, 2))", "text");
    EXPECT("SELECT lg_numx_add(1, NULL)", "NULL");
    EXPECT("SELECT lg_numx_mul(NULL, 2)", "NULL");
    EXPECT("SELECT lg_numx_add('x', 1)", "ERR 22P02:invalid input syntax for type numeric: \"x\"");
}

Test(numx, specials_and_overflow)
{
    EXPECT("SELECT lg_numx_add('NaN', 1)", "NaN");
    EXPECT("SELECT lg_numx_sub('Infinity', 'Infinity')", "NaN");
    EXPECT("SELECT lg_numx_add('Infinity', 'Infinity')", "Infinity");
    EXPECT("SELECT lg_numx_add('-Infinity', 5)", "-Infinity");
    EXPECT("SELECT lg_numx_mul(0, 'Infinity')", "NaN");
    EXPECT("SELECT lg_numx_mul('Infinity', -2)", "-Infinity");
    EXPECT("SELECT lg_numx_mul(-2, '-Infinity')", "Infinity");
    /* 600 x 600 digits make 1200: more than a numeric here can hold */
    EXPECT("SELECT lg_numx_mul(replace(hex(zeroblob(150)), '0', '99'), "
           "replace(hex(zeroblob(150)), '0', '99'))",
           "ERR 22003:value overflows numeric format");
}

Test(numx, neg_abs)
{
    EXPECT("SELECT lg_numx_neg('2.50')", "-2.50");
    EXPECT("SELECT lg_numx_neg('-2.50')", "2.50");
    EXPECT("SELECT lg_numx_neg('0.00')", "0.00");
    EXPECT("SELECT lg_numx_abs('-2.50')", "2.50");
    EXPECT("SELECT lg_numx_neg('Infinity')", "-Infinity");
    EXPECT("SELECT lg_numx_abs('-Infinity')", "Infinity");
    EXPECT("SELECT lg_numx_abs(NULL)", "NULL");
}

Test(numx, div_mod)
{
    EXPECT("SELECT lg_numx_div(1, 3)", "0.33333333333333333333");
    EXPECT("SELECT lg_numx_div('10.0', '3.00')", "3.3333333333333333");
    EXPECT("SELECT lg_numx_div(10, 4)", "2.5000000000000000");
    EXPECT("SELECT lg_numx_div(91, 9)", "10.1111111111111111");
    EXPECT("SELECT lg_numx_div(-7, 2)", "-3.5000000000000000");
    EXPECT("SELECT lg_numx_div(0, 2.54559)", "0.00000000000000000000");
    EXPECT("SELECT lg_numx_div('1234567890.123456789', 7)", "176366841.446208113");
    EXPECT("SELECT typeof(lg_numx_div(1, 3))", "text");
    EXPECT("SELECT lg_numx_div(1, 0)", "ERR 22012:division by zero");
    EXPECT("SELECT lg_numx_div('Infinity', 0)", "ERR 22012:division by zero");
    EXPECT("SELECT lg_numx_div('NaN', 2)", "NaN");
    EXPECT("SELECT lg_numx_div(5, 'Infinity')", "0");
    EXPECT("SELECT lg_numx_div('-Infinity', 2)", "-Infinity");
    EXPECT("SELECT lg_numx_div(1, NULL)", "NULL");
    EXPECT("SELECT lg_numx_mod(10.5, 3)", "1.5");
    EXPECT("SELECT lg_numx_mod(-7.5, 2)", "-1.5");
    EXPECT("SELECT lg_numx_mod(7, -3)", "1");
    EXPECT("SELECT lg_numx_mod('12345678901234567890123456789012345678.5', 7)", "2.5");
    EXPECT("SELECT lg_numx_mod(5, 'Infinity')", "5");
    EXPECT("SELECT lg_numx_mod('Infinity', 5)", "NaN");
    EXPECT("SELECT lg_numx_mod(5, 0)", "ERR 22012:division by zero");
    /* the number-returning versions are unchanged */
    EXPECT("SELECT typeof(lg_numeric_div(1, 3))", "real");
    EXPECT("SELECT lg_numeric_mod('12345678901234567890123456789012345678.5', 7)", "2.5");
}

Test(numx, math)
{
    EXPECT("SELECT lg_numx_power(2, 0.5)", "1.4142135623730950");
    EXPECT("SELECT lg_numx_power('2.0', 10)", "1024.0000000000000000");
    EXPECT("SELECT lg_numx_power(1.1, 2)", "1.2100000000000000");
    EXPECT("SELECT lg_numx_power(1.5, -3)", "0.2962962962962963");
    EXPECT("SELECT lg_numx_power(2, 100)", "1267650600228229401496703205376.0000000000000000");
    EXPECT("SELECT lg_numx_power(12345678901, 3)",
           "1881676372246402223439821666701.0000000000000000");
    EXPECT("SELECT lg_numx_sqrt(2)", "1.414213562373095");
    EXPECT("SELECT lg_numx_exp(1)", "2.7182818284590452");
    EXPECT("SELECT lg_numx_ln(10)", "2.3025850929940457");
    EXPECT("SELECT lg_numx_log(100)", "2.0000000000000000");
    EXPECT("SELECT lg_numx_log(2, 8)", "3.0000000000000000");
    EXPECT("SELECT typeof(lg_numx_sqrt(4))", "text");
    EXPECT("SELECT lg_numx_power(0, -1)", "ERR 2201F:zero raised to a negative power is undefined");
    EXPECT("SELECT lg_numx_ln(0)", "ERR 2201E:cannot take logarithm of zero");
    EXPECT("SELECT lg_numx_sqrt(-1)", "ERR 2201F:cannot take square root of a negative number");
    EXPECT("SELECT lg_numx_exp(NULL)", "NULL");
    /* computed on decimals: every digit PostgreSQL prints, not long double's ~19 */
    EXPECT("SELECT lg_numx_exp(69.291)", "1237938146009538546752765806547.700");
    EXPECT("SELECT lg_numx_sqrt('805.1592')", "28.375327310887535");
    EXPECT("SELECT lg_numx_sqrt('2.000000000000000000000000000000')",
           "1.414213562373095048801688724210");
    EXPECT("SELECT lg_numx_log('0.0376')", "-1.4248121550723389");
    EXPECT("SELECT lg_numx_ln('1.0000000001')", "0.00000000009999999999500000");
    EXPECT("SELECT lg_numx_power(561.0208, 9.3)", "36770908253489974581187660.4801");
    EXPECT("SELECT lg_numx_power(1.5, 100)", "406561177535215237.3972797075670417");
    EXPECT("SELECT lg_numx_power(0.5, 0.5)", "0.7071067811865475");
    /* power_var's scale estimate (ln rounded to 8 digits) and zero base */
    EXPECT("SELECT lg_numx_power(0.1, '1.0000000001')", "0.0999999999769741");
    EXPECT("SELECT lg_numx_power('0.000000', 0.5)", "0.0000000000000000");
    /* ln's scale comes from the decimal digits: ln(0.99) has weight -2 */
    EXPECT("SELECT lg_numx_ln('0.99')", "-0.010050335853501441");
    EXPECT("SELECT lg_numx_log('0.99', '5.8')", "-174.90539054373518");
    /* NaN and infinities follow PostgreSQL (POSIX pow/exp/log) */
    EXPECT("SELECT lg_numx_power('NaN', 0)", "1");
    EXPECT("SELECT lg_numx_power(1, 'NaN')", "1");
    EXPECT("SELECT lg_numx_power(-2, 'Infinity')", "Infinity");
    EXPECT("SELECT lg_numx_power('-Infinity', 3)", "-Infinity");
    EXPECT("SELECT lg_numx_power('-Infinity', -3)", "0");
    EXPECT("SELECT lg_numx_power('-Infinity', 2.5)",
           "ERR 2201F:a negative number raised to a non-integer power yields a complex result");
    EXPECT("SELECT lg_numx_exp('-Infinity')", "0");
    EXPECT("SELECT lg_numx_sqrt('Infinity')", "Infinity");
    EXPECT("SELECT lg_numx_ln('NaN')", "NaN");
    EXPECT("SELECT lg_numx_log(0.5, 'Infinity')", "Infinity");
    EXPECT("SELECT lg_numx_log('Infinity', 'Infinity')", "NaN");
    /* the number-returning versions are unchanged */
    EXPECT("SELECT typeof(lg_num_power(2, 0.5))", "real");
    EXPECT("SELECT lg_num_ln(10)", "2.30258509299405");
}

Test(numx, rounding)
{
    EXPECT("SELECT lg_numx_round(2.5)", "3");
    EXPECT("SELECT lg_numx_round(-2.5)", "-3");
    EXPECT("SELECT lg_numx_round(1234.5, -2)", "1200");
    EXPECT("SELECT lg_numx_round(68, 2)", "68.00");
    EXPECT("SELECT lg_numx_round(0.5, -1)", "0");
    EXPECT("SELECT lg_numx_round(5, -1)", "10");
    EXPECT("SELECT lg_numx_round(-0.4)", "0");
    EXPECT("SELECT lg_numx_round('9.995', 2)", "10.00");
    EXPECT("SELECT lg_numx_trunc(-1.99, 1)", "-1.9");
    EXPECT("SELECT lg_numx_trunc(1234.5, -2)", "1200");
    EXPECT("SELECT lg_numx_trunc('1.05', 1)", "1.0");
    EXPECT("SELECT lg_numx_ceil(-0.5)", "0");
    EXPECT("SELECT lg_numx_floor(-0.5)", "-1");
    EXPECT("SELECT lg_numx_ceil(1.01)", "2");
    EXPECT("SELECT lg_numx_ceil('99.5')", "100");
    EXPECT("SELECT lg_numx_floor(1.99)", "1");
    EXPECT("SELECT lg_numx_ceil('0.001')", "1");
    EXPECT("SELECT lg_numx_round('NaN', 2)", "NaN");
    EXPECT("SELECT typeof(lg_numx_round(68, 2))", "text");
    EXPECT("SELECT lg_numx_round(NULL, 2)", "NULL");
    EXPECT("SELECT lg_numx_round(1.5, NULL)", "NULL");
}

Test(numx, greatest_least)
{
    EXPECT("SELECT lg_numx_greatest('68.00', 1)", "68.00");
    EXPECT("SELECT lg_numx_greatest('10', '9.5')", "10");
    EXPECT("SELECT lg_numx_least('10', '9.5')", "9.5");
    EXPECT("SELECT lg_numx_least(10, 9.5)", "9.5");
    EXPECT("SELECT lg_numx_greatest('1.0', '1.00')", "1.0");
    EXPECT("SELECT lg_numx_greatest(NULL, '2.50', NULL)", "2.50");
    EXPECT("SELECT lg_numx_greatest(NULL, NULL)", "NULL");
    EXPECT("SELECT lg_numx_least(-1, '-1.5', 3)", "-1.5");
    EXPECT("SELECT lg_numx_greatest('NaN', 'Infinity', 5)", "NaN");
    EXPECT("SELECT lg_numx_least('-Infinity', 5)", "-Infinity");
    EXPECT("SELECT typeof(lg_numx_greatest(1, 2))", "text");
    EXPECT("SELECT lg_numx_greatest(1, 'zz')",
           "ERR 22P02:invalid input syntax for type numeric: \"zz\"");
}

Test(numx, aggregates)
{
    EXPECT("WITH v(x) AS (VALUES ('1.50'), ('2.25')) SELECT lg_numx_avg(x) FROM v",
           "1.8750000000000000");
    EXPECT("WITH v(x) AS (VALUES (10), (10), (11), (10), (10), (10), (10), (10), (10)) "
           "SELECT lg_numx_avg(x) FROM v",
           "10.1111111111111111");
    EXPECT("WITH v(x) AS (VALUES (1.5), ('2.25'), (3), (NULL)) SELECT lg_numx_sum(x) FROM v",
           "6.75");
    EXPECT("WITH v(x) AS (VALUES (0.1), (0.2)) SELECT lg_numx_sum(x) FROM v", "0.3");
    EXPECT("WITH v(x) AS (VALUES ('99999999999999999999'), (1)) SELECT lg_numx_sum(x) FROM v",
           "100000000000000000000");
    EXPECT("WITH v(x) AS (VALUES (NULL), (NULL)) SELECT lg_numx_avg(x) FROM v", "NULL");
    EXPECT("SELECT lg_numx_sum(x) FROM (SELECT 1 AS x WHERE 0)", "NULL");
    EXPECT("WITH v(x) AS (VALUES (1), (2)) SELECT typeof(lg_numx_avg(x)) FROM v", "text");
    EXPECT("WITH v(x) AS (VALUES (1), ('Infinity')) SELECT lg_numx_sum(x) FROM v", "Infinity");
    EXPECT("WITH v(x) AS (VALUES ('-Infinity'), ('Infinity')) SELECT lg_numx_avg(x) FROM v", "NaN");
    EXPECT("WITH v(x) AS (VALUES (1), ('bad')) SELECT lg_numx_sum(x) FROM v",
           "ERR 22P02:invalid input syntax for type numeric: \"bad\"");
    /* moving window: xInverse removes the row leaving the frame */
    EXPECT("WITH v(i, x) AS (VALUES (1, '1.5'), (2, 2), (3, '0.25')) "
           "SELECT group_concat(s, '|') FROM (SELECT lg_numx_sum(x) OVER (ORDER BY i ROWS "
           "BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM v)",
           "1.5|3.5|2.25");
    EXPECT("WITH v(i, x) AS (VALUES (1, 1), (2, 2), (3, 4)) "
           "SELECT group_concat(a, '|') FROM (SELECT lg_numx_avg(x) OVER (ORDER BY i ROWS "
           "BETWEEN 1 PRECEDING AND CURRENT ROW) AS a FROM v)",
           "1.00000000000000000000|1.5000000000000000|3.0000000000000000");
}
