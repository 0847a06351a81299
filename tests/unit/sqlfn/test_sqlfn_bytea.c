/* test_sqlfn_bytea.c - bytea access, encoding conversion, pgcrypto crypt/gen_salt and
 * bit_length; expected values were taken from PostgreSQL 15. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_bytea, .init = harness_open, .fini = harness_close);

Test(sqlfn_bytea, get_and_set_bytes_and_bits)
{
    EXPECT("SELECT get_byte(x'00ff10', 1)", "255");
    EXPECT("SELECT get_bit(x'01', 0)", "1");
    EXPECT("SELECT get_bit(x'01', 7)", "0");
    EXPECT("SELECT hex(set_byte(x'000000', 2, 65))", "000041");
    EXPECT("SELECT hex(set_bit(x'0000', 9, 1))", "0002");
    EXPECT("SELECT get_byte(x'00', 5)", "ERR 2202E:index 5 out of valid range, 0..0");
    EXPECT("SELECT get_bit(x'00', 8)", "ERR 2202E:index 8 out of valid range, 0..7");
    EXPECT("SELECT set_bit(x'00', 1, 2)", "ERR 22023:new bit must be 0 or 1");
}

Test(sqlfn_bytea, convert_between_encodings)
{
    EXPECT("SELECT hex(convert_to('é', 'UTF8'))", "C3A9");
    EXPECT("SELECT hex(convert_to('é', 'latin1'))", "E9");
    EXPECT("SELECT convert_from(x'c3a9', 'UTF8')", "é");
    EXPECT("SELECT convert_from(x'e9', 'LATIN1')", "é");
    EXPECT("SELECT hex(convert(x'e9', 'LATIN1', 'UTF8'))", "C3A9");
    EXPECT("SELECT convert_from(x'ff', 'UTF8')",
           "ERR 22021:invalid byte sequence for encoding \"UTF8\": 0xff");
    EXPECT("SELECT convert_to('€', 'LATIN1')",
           "ERR 22P05:character with byte sequence 0xe2 0x82 0xac in encoding \"UTF8\" has no "
           "equivalent in encoding \"LATIN1\"");
    EXPECT("SELECT convert_to('a', 'klingon')",
           "ERR 22023:invalid destination encoding name \"klingon\"");
    EXPECT("SELECT lg_bit_length('é')", "16");
}

Test(sqlfn_bytea, crypt_and_gen_salt)
{
    EXPECT("SELECT crypt('pa55word', gen_salt('bf', 4)) LIKE '$2a$04$%'", "1");
    EXPECT("SELECT length(crypt('pa55word', gen_salt('bf')))", "60");
    EXPECT("SELECT crypt('pa55word', '$1$k2XAnEHB')", "$1$k2XAnEHB$59L25QCKEq2ff2Fk/reus0");
    EXPECT("SELECT h = crypt('pa55word', h) FROM (SELECT crypt('pa55word', gen_salt('md5')) h)",
           "1");
    EXPECT("SELECT h = crypt('wrong', h) FROM (SELECT crypt('pa55word', gen_salt('xdes')) h)", "0");
    EXPECT("SELECT length(gen_salt('des'))", "2");
    EXPECT("SELECT gen_salt('md5', 5)", "ERR 22023:gen_salt: Incorrect number of rounds");
    EXPECT("SELECT gen_salt('bf', 3)", "ERR 22023:gen_salt: Incorrect number of rounds");
    EXPECT("SELECT gen_salt('foo')", "ERR 22023:gen_salt: Unknown salt algorithm");
}
