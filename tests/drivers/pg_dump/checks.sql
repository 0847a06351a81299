-- checks.sql - what the restored database must answer exactly as the dumped one.
SELECT * FROM authors ORDER BY id;
SELECT id, author_id, title, price, tags, meta, published, cover, ratio, done, code
FROM books ORDER BY id;
SELECT * FROM cheap_books ORDER BY id;
SELECT * FROM app.settings;
SELECT last_value, is_called FROM invoice_no;
SELECT nextval('invoice_no');
SELECT nextval('books_id_seq');
SELECT add_tax(10), shout('hi');
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.relname IN ('authors', 'books') AND a.attnum > 0 ORDER BY 1, a.attnum;
SELECT conname, contype FROM pg_constraint
WHERE conrelid IN ('authors'::regclass, 'books'::regclass) ORDER BY 1;
SELECT indexname FROM pg_indexes WHERE tablename = 'books' ORDER BY 1;
SELECT obj_description('books'::regclass, 'pg_class'), col_description('books'::regclass, 3);
SELECT enum_range(NULL::mood);
SELECT * FROM app.tagged ORDER BY id;
SELECT * FROM app."A view" ORDER BY n;
INSERT INTO app.items (n) VALUES (3) RETURNING *;
SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE schemaname = 'app' ORDER BY 2;
SELECT greet(), greet('you', 2), pg_get_function_arguments('greet'::regproc);
SELECT id, doubled, title_len FROM books ORDER BY id;
INSERT INTO authors (name) VALUES ('dee') RETURNING id, mood;
SELECT * FROM a_or_c_books ORDER BY id;
SELECT try_author('nope'), try_author('x@y.z'), try_author('under_score@x.y');
