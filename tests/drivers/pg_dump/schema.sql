-- schema.sql - what an application's database holds: types, a domain, tables in two schemas
-- with keys, checks, defaults and expression / partial indexes, views (also in a schema, one
-- named before the tables it reads), a sequence, a SQL and a PL/pgSQL function, comments,
-- and rows of many types.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'it''s fine');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE authors (
    id serial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    mood mood DEFAULT 'ok',
    score posint,
    joined date DEFAULT '2024-01-01',
    email text CHECK (email ~ '^[^@]+@[^@]+$' AND email NOT LIKE '%\_%')
);
CREATE TABLE books (
    id bigserial PRIMARY KEY,
    author_id int NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
    title varchar(200) NOT NULL,
    price numeric(8,2) CHECK (price >= 0),
    tags text[],
    meta jsonb,
    published timestamptz,
    cover bytea,
    ratio double precision,
    done boolean NOT NULL DEFAULT false,
    code uuid,
    doubled numeric(10,2) GENERATED ALWAYS AS (price * 2) STORED,
    title_len int GENERATED ALWAYS AS (length(title) * 10 + 1) STORED
);
CREATE INDEX books_title_lower ON books (lower(title));
CREATE UNIQUE INDEX books_author_title ON books (author_id, title) WHERE published IS NOT NULL;
CREATE INDEX books_a_titles ON books (title) WHERE title LIKE 'A%' OR title ~* '^c';
CREATE VIEW cheap_books AS SELECT id, title, price FROM books WHERE price < 10;
CREATE VIEW a_or_c_books AS SELECT id, title FROM books WHERE title LIKE 'A%' OR title ~* '^c';
CREATE FUNCTION try_author(e text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO authors (name, email) VALUES (e, e);
    RETURN 'inserted';
EXCEPTION WHEN check_violation THEN
    RETURN 'refused';
END
$$;
CREATE SCHEMA app;
CREATE TABLE app.settings (k text PRIMARY KEY, v text, updated timestamp(3));
CREATE TABLE app.items (id serial PRIMARY KEY, m mood DEFAULT 'ok', n int);
CREATE TABLE app.tags (id int REFERENCES app.items (id), t text);
CREATE VIEW app.tagged AS SELECT i.id, t.t FROM app.items i JOIN app.tags t ON t.id = i.id;
CREATE VIEW app."A view" AS SELECT 'it''s "x"' AS "Col", n FROM app.items;
CREATE INDEX items_n ON app.items (n) WHERE n > 0;
CREATE SEQUENCE invoice_no START 1000 INCREMENT 5;
CREATE FUNCTION add_tax(p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT p * 1.2';
CREATE FUNCTION shout(s text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RETURN upper(s) || '!';
END
$$;
CREATE FUNCTION greet(who text DEFAULT 'world', n int DEFAULT 1) RETURNS text LANGUAGE sql
AS $$SELECT repeat('hi ' || who || ' ', n)$$;
COMMENT ON TABLE books IS 'every book';
COMMENT ON COLUMN books.title IS 'as printed';
INSERT INTO authors (name, mood, score) VALUES ('ann', 'sad', 3), ('bob', 'it''s fine', 5),
    ('cy', DEFAULT, NULL);
INSERT INTO books (author_id, title, price, tags, meta, published, cover, ratio, done, code)
VALUES (1, 'A tab	and a
newline', 9.50, '{x,"y z",NULL}', '{"a": [1, 2], "b": null}', '2024-03-01 10:00:00+00',
        '\x00ff10', 0.1, true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
       (2, 'B', 20, NULL, NULL, NULL, NULL, NULL, false, NULL),
       (3, 'C \ back', 5, '{}', '[]', '2023-12-31 23:59:59.5+00', '', -1e10, true, NULL);
INSERT INTO app.settings VALUES ('theme', 'dark', '2024-05-06 07:08:09.123');
INSERT INTO app.items (n) VALUES (1), (2);
INSERT INTO app.tags VALUES (1, 'x'), (2, 'y');
SELECT nextval('invoice_no'), nextval('invoice_no');
SELECT setval('authors_id_seq', 10); -- the next author is 11, not the row count + 1
DELETE FROM books WHERE title = 'B';
INSERT INTO books (author_id, title) VALUES (2, 'D');
