-- transactions.sql: explicit transactions, savepoints and recovery from errors in psql.
\set VERBOSITY sqlstate
\set ON_ERROR_STOP 0
CREATE TABLE ledger (id integer PRIMARY KEY, amount integer NOT NULL);
BEGIN;
INSERT INTO ledger VALUES (1, 100);
SAVEPOINT before_dup;
INSERT INTO ledger VALUES (1, 200);
SELECT 1;
ROLLBACK TO SAVEPOINT before_dup;
INSERT INTO ledger VALUES (2, 50);
COMMIT;
SELECT id, amount FROM ledger ORDER BY id;
BEGIN;
DELETE FROM ledger;
ROLLBACK;
SELECT count(*) AS kept FROM ledger;
SELECT * FROM not_a_table;
SELEC 1;
INSERT INTO ledger VALUES (3, NULL);
SELECT sum(amount) AS total FROM ledger;
