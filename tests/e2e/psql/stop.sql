-- stop.sql: with ON_ERROR_STOP=1 psql stops at the first error and exits 3.
\set VERBOSITY sqlstate
CREATE TABLE s (id integer PRIMARY KEY);
INSERT INTO s VALUES (1);
INSERT INTO s VALUES (1);
INSERT INTO s VALUES (2);
