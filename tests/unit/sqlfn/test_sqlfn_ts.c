/* test_sqlfn_ts.c - full-text search: tsvector/tsquery text, configurations, @@ and
 * ts_rank; expected values were taken from PostgreSQL 15. */
#include "sqlfn_harness.h"

TestSuite(sqlfn_ts, .init = harness_open, .fini = harness_close);

Test(sqlfn_ts, to_tsvector_simple_and_english)
{
    EXPECT("SELECT to_tsvector('english', 'The quick brown foxes jumped over the lazy dogs "
           "running')",
           "'brown':3 'dog':9 'fox':4 'jump':5 'lazi':8 'quick':2 'run':10");
    EXPECT("SELECT to_tsvector('simple', 'Hello hello World')", "'hello':1,2 'world':3");
    EXPECT("SELECT to_tsvector('english', 'it''s 42 3.14 well-known')",
           "'3.14':4 '42':3 'known':7 'well':6 'well-known':5");
    EXPECT("SELECT to_tsvector('simple', '')", "");
    EXPECT("SELECT to_tsvector('klingon', 'x')",
           "ERR 42704:text search configuration \"klingon\" does not exist");
}

Test(sqlfn_ts, tsquery_construction_and_printing)
{
    EXPECT("SELECT to_tsquery('english', 'quick & (fox | !cats) <-> jump:*')",
           "'quick' & ( 'fox' | !'cat' ) <-> 'jump':*");
    EXPECT("SELECT plainto_tsquery('english', 'the index lookups')", "'index' & 'lookup'");
    EXPECT("SELECT phraseto_tsquery('english', 'the quick of fox')", "'quick' <2> 'fox'");
    EXPECT("SELECT websearch_to_tsquery('english', '\"quick fox\" or dog -cat')",
           "'quick' <-> 'fox' | 'dog' & !'cat'");
    EXPECT("SELECT to_tsquery('simple', 'a <2> b')", "'a' <2> 'b'");
    EXPECT("SELECT to_tsquery('simple', 'a & (b | c)')", "'a' & ( 'b' | 'c' )");
    EXPECT("SELECT to_tsquery('simple', '!(a & b)')", "!( 'a' & 'b' )");
    EXPECT("SELECT to_tsquery('simple', 'a <-> (b <-> c)')", "'a' <-> ( 'b' <-> 'c' )");
    EXPECT("SELECT to_tsquery('simple', 'fox:ab*')", "'fox':*AB");
    EXPECT("SELECT to_tsquery('english', 'the')", "");
    EXPECT("SELECT to_tsquery('english', 'the & fox')", "'fox'");
    EXPECT("SELECT to_tsquery('simple', 'a & ')", "ERR 42601:syntax error in tsquery: \"a & \"");
}

Test(sqlfn_ts, match_operator)
{
    EXPECT("SELECT lg_ts_match(to_tsvector('simple', 'The quick brown fox'), "
           "to_tsquery('simple', 'quick & fox'))",
           "1");
    EXPECT("SELECT lg_ts_match(to_tsvector('simple', 'The quick brown fox'), "
           "to_tsquery('simple', 'quick & cat'))",
           "0");
    EXPECT("SELECT lg_ts_match(to_tsvector('english', 'Index lookups are fast'), "
           "plainto_tsquery('english', 'index lookup'))",
           "1");
    EXPECT("SELECT lg_ts_match(to_tsvector('simple', 'a b c'), to_tsquery('simple', 'a <-> b'))",
           "1");
    EXPECT("SELECT lg_ts_match(to_tsvector('simple', 'a b c'), to_tsquery('simple', 'a <-> c'))",
           "0");
    EXPECT("SELECT lg_ts_match(to_tsvector('simple', 'a b c'), to_tsquery('simple', 'a <2> c'))",
           "1");
    EXPECT("SELECT lg_ts_match(to_tsvector('simple', 'supernova'), to_tsquery('simple', "
           "'super:*'))",
           "1");
    EXPECT("SELECT lg_ts_match(to_tsvector('simple', 'a b'), to_tsquery('simple', '!c & a'))", "1");
    EXPECT("SELECT lg_ts_match('''a'':1A ''b'':2', to_tsquery('simple', 'a:B'))", "0");
}

Test(sqlfn_ts, rank)
{
    EXPECT("SELECT printf('%.6g', ts_rank(to_tsvector('english', 'The quick brown fox'), "
           "to_tsquery('english', 'fox')))",
           "0.0607927");
    EXPECT("SELECT printf('%.6g', ts_rank(to_tsvector('english', 'The quick brown fox'), "
           "to_tsquery('english', 'fox & quick')))",
           "0.0985009");
    EXPECT("SELECT ts_rank(to_tsvector('simple', 'a'), to_tsquery('simple', 'zz'))", "0.0");
}

Test(sqlfn_ts, vector_and_query_operators)
{
    EXPECT("SELECT lg_tsvector_concat(setweight(to_tsvector('simple', 'a b'), 'A'), "
           "to_tsvector('simple', 'b c'))",
           "'a':1A 'b':2A,3 'c':4");
    EXPECT("SELECT setweight('a:1 b:2', 'x')", "ERR 22023:unrecognized weight: \"x\"");
    EXPECT("SELECT lg_tsquery_and(to_tsquery('cat'), to_tsquery('dog|fish'))",
           "'cat' & ( 'dog' | 'fish' )");
    EXPECT("SELECT lg_tsquery_or(to_tsquery('cat'), to_tsquery('dog & fish'))",
           "'cat' | 'dog' & 'fish'");
    EXPECT("SELECT lg_tsquery_not(to_tsquery('cat & dog'))", "!( 'cat' & 'dog' )");
    EXPECT("SELECT tsquery_phrase(to_tsquery('cat'), to_tsquery('dog'), 3)", "'cat' <3> 'dog'");
    EXPECT("SELECT lg_tsquery_and(to_tsquery('cat'), '')", "'cat'");
    EXPECT("SELECT lg_tsvector_length(to_tsvector('english', 'the fat cats'))", "2");
    EXPECT("SELECT strip('a:1 b:2,3')", "'a' 'b'");
}
