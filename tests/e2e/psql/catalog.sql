-- psql's describe commands over the catalogs: types, domains with their CHECKs, functions
-- with their source, languages, extensions, comments, a table's description.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE t (id serial PRIMARY KEY, m mood, note text);
COMMENT ON TABLE t IS 'the t table';
COMMENT ON COLUMN t.note IS 'free text';
CREATE FUNCTION add_one(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a + 1';
CREATE FUNCTION greet(who text) RETURNS text LANGUAGE plpgsql
AS $$ BEGIN RETURN 'hello ' || who; END $$;
\dT
\dD
\dL
\dx
\dd t
\df+ add_one
\df+ greet
\sf greet
\d+ t
SELECT tableoid::regclass AS rel, count(*) FROM t GROUP BY 1;
INSERT INTO t (m, note) VALUES ('ok', 'x');
SELECT tableoid::regclass AS rel, id FROM t;
SELECT d.description FROM pg_description d JOIN pg_class c ON c.tableoid = d.classoid
    AND c.oid = d.objoid WHERE c.relname = 't' AND d.objsubid = 0;
