-- basic.sql: create, fill, query, change and delete rows; command tags and table output.
\set VERBOSITY sqlstate
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, qty integer);
INSERT INTO items VALUES (1, 'apple', 3), (2, 'banana', NULL), (3, 'cherry', 12);
INSERT INTO items (id, name) VALUES (4, 'it''s a date');
SELECT id, name, qty FROM items ORDER BY id;
UPDATE items SET qty = qty + 1 WHERE qty IS NOT NULL;
SELECT name, qty FROM items WHERE qty > 3 ORDER BY name;
DELETE FROM items WHERE id = 2;
SELECT count(*) AS n FROM items;
SELECT name FROM items WHERE id = 99;
SELECT 'multi' AS a \; SELECT 2 + 2 AS b;
\pset format unaligned
SELECT id, name FROM items ORDER BY id DESC;
\echo done
