-- load.sql: the pgbench-like table both servers get (100k accounts), in SQL that both
-- PostgreSQL and litegres run unchanged (no pgbench -i, no generate_series).
CREATE TABLE pgbench_accounts (aid integer PRIMARY KEY, bid integer NOT NULL,
                               abalance integer NOT NULL, filler char(84));
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000)
INSERT INTO pgbench_accounts (aid, bid, abalance, filler)
SELECT n, (n - 1) / 100000 + 1, 0, 'filler' FROM s;
SELECT count(*) AS accounts FROM pgbench_accounts;
