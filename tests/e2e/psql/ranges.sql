-- Range types int4range, int8range, numrange, daterange, tsrange, tstzrange: columns, text input and canonical
-- output, constructors, functions, operators, ordering, grouping, joins and UNIQUE.
CREATE TABLE booking (id int PRIMARY KEY, room int, during daterange, seats int4range UNIQUE, price numrange);
INSERT INTO booking VALUES
  (1, 101, '[2024-01-01,2024-01-05)', '[1,3]', '[10,20)'),
  (2, 101, daterange('2024-01-04', '2024-01-08'), int4range(5, 9), numrange(5.5, 7.25, '[]')),
  (3, 102, '[2024-01-02,2024-01-03]', '(10,12)', '(,100]'),
  (4, 103, 'empty', NULL, NULL);
ALTER TABLE booking ADD COLUMN ids int8range;
UPDATE booking SET ids = int8range(id, id * 10) WHERE id < 3;
SELECT * FROM booking ORDER BY during, id;
SELECT id, upper(during) - lower(during) AS days, lower_inc(during), upper_inf(price), isempty(during) FROM booking ORDER BY id;
SELECT a.id, b.id FROM booking a JOIN booking b ON a.during && b.during AND a.id < b.id ORDER BY 1, 2;
SELECT room, count(*) FROM booking GROUP BY room ORDER BY room;
SELECT DISTINCT during FROM booking WHERE during @> '2024-01-04'::date ORDER BY during DESC;
SELECT id FROM booking WHERE seats = '[1,4)' OR price <@ '[0,7]' ORDER BY id;
SELECT '[1,5)'::int4range, int4range(1, 5, '[]'), '(1,5]'::int8range, '[1.50,2]'::numrange,
       '[2024-01-01,2024-01-31]'::daterange, 'EMPTY'::int4range, '(,5)'::int4range,
       '[2024-01-01,)'::daterange, int4range(NULL, NULL), ' [ 1 , 5 ] '::int4range, '["1",5]'::int4range;
SELECT lower(int4range(1, 5)), upper('(1,5]'::numrange), upper(daterange('2024-01-01', '2024-02-01', '[]')),
       lower_inf('(,5]'::numrange), upper_inc('(1,5]'::numrange), lower(int4range(3, 3));
SELECT int4range(1, 5) @> 3, int4range(1, 5) @> int4range(2, 3), 3 <@ int4range(1, 5),
       int4range(1, 5) && int4range(5, 7), int4range(1, 5) -|- int4range(5, 7),
       int4range(1, 5) << int4range(5, 7), int4range(1, 5) >> int4range(5, 7),
       int4range(1, 5) &< int4range(5, 7), int4range(1, 5) &> int4range(5, 7);
SELECT int4range(1, 5) + int4range(5, 7), int4range(1, 5) * int4range(3, 7), int4range(1, 5) - int4range(3, 7),
       int4range(1, 5) * int4range(7, 9), range_merge(int4range(1, 2), int4range(5, 7)),
       numrange(1, 2, '()') + numrange(2, 3, '[]'), numrange(1, 5) - numrange(3, 5, '(]');
SELECT int4range(1, 5) = '[1,4]', '[1,2)'::numrange = '[1.0,2.00)', int4range(1, 5) < int4range(1, 5, '[]'),
       int4range(NULL, 5) < int4range(1, 5), 'empty'::int4range < int4range(1, 2), int4range(1, 5) <> int4range(2, 3);
SELECT r FROM (VALUES (int4range(2, 3)), ('empty'), (int4range(NULL, 1)), (int4range(1, NULL)), (int4range(1, 3))) v(r) ORDER BY r;
SELECT array_agg(ARRAY[1]) IS NOT NULL AS arrays_still_overlap, ARRAY[1, 2] && ARRAY[2, 3] AS overlap;
-- timestamp ranges: bounds quoted, a tstzrange printed in the session TimeZone
SELECT '[2024-01-01 10:00, 2024-01-01 12:00)'::tstzrange, tstzrange('2024-01-01 10:00+02', '2024-01-01 12:00+02', '[]'),
       '[2024-01-01 10:00,)'::tsrange, tsrange('2024-01-01', '2024-01-02'), '[2024-01-01 10:00, 2024-01-01 10:00)'::tsrange;
SET timezone = 'America/New_York';
CREATE TABLE room_booking (id int PRIMARY KEY, room int, during tstzrange);
INSERT INTO room_booking VALUES (1, 1, '[2024-01-01 10:00+00, 2024-01-01 12:00+00)'),
  (2, 1, tstzrange('2024-01-01 11:00+00', '2024-01-01 13:00+00')), (3, 2, '[2024-01-01 09:00,2024-01-01 09:30)');
SELECT id, during, upper(during) - lower(during) AS len, lower(during) FROM room_booking ORDER BY during;
SELECT a.id, b.id FROM room_booking a JOIN room_booking b ON a.room = b.room AND a.during && b.during AND a.id < b.id;
SELECT id FROM room_booking WHERE during @> '2024-01-01 11:30+00'::timestamptz ORDER BY id;
SELECT tstzrange('2024-01-01 10:00+00', '2024-01-01 12:00+00') * tstzrange('2024-01-01 11:00+00', NULL),
       '[infinity,infinity]'::tsrange, '[-infinity,2024-01-01]'::tstzrange;
SELECT r, count(*) FROM (VALUES (numrange(1, 2)), ('[1.0,2)'), (numrange(0, 1))) v(r) GROUP BY r ORDER BY r;
SELECT DISTINCT r FROM (VALUES (numrange(1, 2)), ('[1.0,2)')) v(r);
