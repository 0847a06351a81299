/* test_sqlfn_math.c - math functions and numeric rounding; expected values from
 * PostgreSQL 15. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_math, .init = harness_open, .fini = harness_close);

Test(sqlfn_math, div_and_mod)
{
    EXPECT("SELECT div(9, 4)", "2");
    EXPECT("SELECT div(-9, 4)", "-2");
    EXPECT("SELECT div(9.5, 2)", "4");
    EXPECT("SELECT div(1, 0)", "ERR 22012:division by zero");
    EXPECT("SELECT mod(-9, 4)", "-1");
    EXPECT("SELECT typeof(mod(9, 4))", "integer");
    EXPECT("SELECT mod(10.5, 3)", "1.5");
    EXPECT("SELECT mod(1, 0)", "ERR 22012:division by zero");
}

Test(sqlfn_math, domain_errors_raise_postgres_sqlstates)
{
    EXPECT("SELECT sqrt(-1)", "ERR 2201F:cannot take square root of a negative number");
    EXPECT("SELECT ln(0)", "ERR 2201E:cannot take logarithm of zero");
    EXPECT("SELECT ln(-1)", "ERR 2201E:cannot take logarithm of a negative number");
    EXPECT("SELECT power(0, -1)", "ERR 2201F:zero raised to a negative power is undefined");
    EXPECT("SELECT power(-8, 0.5)", "ERR 2201F:a negative number raised to a non-integer "
                                    "power yields a complex result");
    EXPECT("SELECT exp(1000)", "ERR 22003:value out of range: overflow");
}

Test(sqlfn_math, values)
{
    EXPECT("SELECT sqrt(16)", "4.0");
    EXPECT("SELECT cbrt(27)", "3.0");
    EXPECT("SELECT power(2, 10)", "1024.0");
    EXPECT("SELECT log(100)", "2.0");
    EXPECT("SELECT log(2, 8)", "3.0");
    EXPECT("SELECT log10(1000)", "3.0");
    EXPECT("SELECT gcd(12, -18)", "6");
    EXPECT("SELECT lcm(4, 6)", "12");
    EXPECT("SELECT lcm(0, 6)", "0");
}

Test(sqlfn_math, width_bucket)
{
    EXPECT("SELECT width_bucket(5.35, 0.024, 10.06, 5)", "3");
    EXPECT("SELECT width_bucket(-1, 0, 10, 5)", "0");
    EXPECT("SELECT width_bucket(10, 0, 10, 5)", "6");
    EXPECT("SELECT width_bucket(2, 10, 0, 5)", "5");
    EXPECT("SELECT width_bucket(1, 0, 10, 0)", "ERR 2201G:count must be greater than zero");
}

Test(sqlfn_math, round_half_away_from_zero_on_all_storage_classes)
{
    EXPECT("SELECT round(2.5)", "3.0");
    EXPECT("SELECT round(-2.5)", "-3.0");
    EXPECT("SELECT round(2.675, 2)", "2.68");
    EXPECT("SELECT round('2.675', 2)", "2.68");
    EXPECT("SELECT round('2.5', 3)", "2.500");
    EXPECT("SELECT round('-0.004', 2)", "0.00");
    EXPECT("SELECT round('1234.5678', -2)", "1200");
    EXPECT("SELECT round('999.5')", "1000");
    EXPECT("SELECT round(1250, -2)", "1300");
    EXPECT("SELECT typeof(round(7))", "integer");
    EXPECT("SELECT round('abc', 1)", "ERR 22P02:invalid input syntax for type numeric: \"abc\"");
}

Test(sqlfn_math, trunc_ceil_floor)
{
    EXPECT("SELECT trunc(42.8)", "42.0");
    EXPECT("SELECT trunc(-42.8)", "-42.0");
    EXPECT("SELECT trunc('42.4382', 2)", "42.43");
    EXPECT("SELECT ceil('-42.8')", "-42");
    EXPECT("SELECT ceil(42.2)", "43.0");
    EXPECT("SELECT ceiling('0.1')", "1");
    EXPECT("SELECT floor('-42.8')", "-43");
    EXPECT("SELECT floor(-0.5)", "-1.0");
    EXPECT("SELECT floor(7)", "7");
}

Test(sqlfn_math, random_is_in_unit_interval_and_setseed_repeats)
{
    EXPECT("SELECT random() >= 0 AND random() < 1", "1");
    char first[64];
    q("SELECT setseed(0.5)");
    snprintf(first, sizeof first, "%s", q("SELECT random()"));
    q("SELECT setseed(0.5)");
    EXPECT("SELECT random()", first);
    EXPECT("SELECT setseed(2)", "ERR 22003:setseed parameter 2 is out of allowed range [-1,1]");
}

/* Expected values from PostgreSQL 15. */
Test(sqlfn_math, numeric_math_values)
{
    EXPECT("SELECT lg_num_power(2.0, 10)", "1024");
    EXPECT("SELECT typeof(lg_num_power(2.0, 10))", "integer");
    EXPECT("SELECT abs(lg_num_power(2, 0.5) - 1.4142135623730951) < 1e-15", "1");
    EXPECT("SELECT lg_num_power(0.5, 2)", "0.25");
    EXPECT("SELECT lg_num_log(2, 64)", "6");
    EXPECT("SELECT lg_num_log(100)", "2");
    EXPECT("SELECT printf('%.15f', lg_num_sqrt(2))", "1.414213562373095");
    EXPECT("SELECT printf('%.15f', lg_num_exp(1.0))", "2.718281828459045");
    EXPECT("SELECT lg_num_sqrt(16)", "4");
    EXPECT("SELECT lg_num_sqrt(2) > lg_num_sqrt(1.5) AND lg_num_power(10, 1.5) > 9", "1");
    EXPECT("SELECT lg_num_power(0, -1)", "ERR 2201F:zero raised to a negative power is undefined");
    EXPECT("SELECT lg_num_ln(0)", "ERR 2201E:cannot take logarithm of zero");
    EXPECT("SELECT lg_num_sqrt(-1)", "ERR 2201F:cannot take square root of a negative number");
}

Test(sqlfn_math, factorial_and_scales)
{
    EXPECT("SELECT factorial(10)", "3628800");
    EXPECT("SELECT factorial(0)", "1");
    EXPECT("SELECT factorial(25)", "15511210043330985984000000");
    EXPECT("SELECT factorial(-1)", "ERR 2201E:factorial of a negative number is undefined");
    EXPECT("SELECT lg_scale(12.34, 3)", "3");
    EXPECT("SELECT lg_scale(12.34, -1)", "2");
    EXPECT("SELECT lg_scale('1.500', -1)", "3");
    EXPECT("SELECT min_scale('12.340')", "2");
    EXPECT("SELECT min_scale(7)", "0");
    EXPECT("SELECT trim_scale('12.340')", "12.34");
    EXPECT("SELECT trim_scale('5.000')", "5");
    EXPECT("SELECT typeof(trim_scale('5.000'))", "integer");
}

Test(sqlfn_math, to_char_number_templates)
{
    EXPECT("SELECT lg_to_char_num(1234567.891, 'FM9,999,999.00')", "1,234,567.89");
    EXPECT("SELECT lg_to_char_num(0.5, '0.99')", " 0.50");
    EXPECT("SELECT lg_to_char_num(0.5, '9.99')", "  .50");
    EXPECT("SELECT lg_to_char_num(-0.5, '9.99')", " -.50");
    EXPECT("SELECT lg_to_char_num(-42, 'S999')", " -42");
    EXPECT("SELECT lg_to_char_num(12, '999S')", " 12+");
    EXPECT("SELECT lg_to_char_num(7, '000')", " 007");
    EXPECT("SELECT lg_to_char_num(-7, '000')", "-007");
    EXPECT("SELECT lg_to_char_num(1234.5, '9.99EEEE')", " 1.23e+03");
    EXPECT("SELECT lg_to_char_num(0.1234, 'FM990.0%')", "0.1%");
    EXPECT("SELECT lg_to_char_num(12345, '9,999')", " #,###");
    EXPECT("SELECT lg_to_char_num(5, '9,999')", "     5");
    EXPECT("SELECT lg_to_char_num(-12, '999PR')", " <12>");
    EXPECT("SELECT lg_to_char_num(12, '999PR')", "  12 ");
    EXPECT("SELECT lg_to_char_num(-12, 'MI999')", "- 12");
    EXPECT("SELECT lg_to_char_num(12, 'FM999.099')", "12.0");
    EXPECT("SELECT lg_to_char_num(12, 'FM999.999')", "12.");
    EXPECT("SELECT lg_to_char_num(0, 'FM9.99')", "0.");
    EXPECT("SELECT lg_to_char_num(0, '99')", "  0");
    EXPECT("SELECT lg_to_char_num(1.005, '9.99')", " 1.01");
    EXPECT("SELECT lg_to_char_num(12, '999th')", "  12th");
    EXPECT("SELECT lg_to_char_num(485, 'RN')", "        CDLXXXV");
    EXPECT("SELECT lg_to_char_num(12, 'x999y')", "x  12y");
    EXPECT("SELECT lg_to_char_num(5, '9099')", "  005");
    EXPECT("SELECT lg_to_char_num(-12.5, 'FMS990.00')", "-12.50");
}

/* generate_series evaluated as a scalar (select list): PostgreSQL's zero-step error first. */
Test(sqlfn_math, series_scalar_zero_step)
{
    EXPECT("SELECT generate_series('2024-01-01', '2024-01-02', '0 days')",
           "ERR 22023:step size cannot equal zero");
    EXPECT("SELECT generate_series(1, 5, 0)", "ERR 22023:step size cannot equal zero");
    EXPECT("SELECT generate_series(1, 5)",
           "ERR 0A000:generate_series in the select list is not supported (use it in FROM)");
    EXPECT("SELECT count(*) FROM generate_series(1, 5)", "5");
}
