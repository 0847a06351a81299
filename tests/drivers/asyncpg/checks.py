"""checks.py - end-to-end checks with asyncpg (Debian's python3-asyncpg) against a server.

    python3 checks.py HOST PORT DATABASE [name-substring ...]

asyncpg speaks the extended protocol with binary formats for every type it knows, learns
unknown types from pg_type, sends client_encoding as 'utf-8' (quotes included) and bulk
loads with COPY ... FROM STDIN (FORMAT binary). Each check prints "ok NAME" or
"FAIL NAME: why"; the exit status is 0 only when every selected check passed. The expected
values are PostgreSQL 15's answers (the checks pass against it too).
"""
import asyncio
import datetime
import decimal
import io
import json
import sys
import traceback
import uuid

import asyncpg

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def eq(got, want, what=""):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, want {want!r}")


@check
async def connects_and_reports_settings(c):
    eq(c.get_server_version().major, 15, "server_version")
    eq(await c.fetchval("SHOW client_encoding"), "UTF8", "client_encoding")
    eq(await c.fetchval("SELECT 1 + $1::int", 41), 42, "parameter")


@check
async def binary_types_round_trip(c):
    await c.execute(
        "CREATE TABLE types (id serial PRIMARY KEY, n numeric(10,2), big bigint, ok boolean,"
        " d date, ts timestamp, tz timestamptz, iv interval, u uuid, j jsonb, b bytea,"
        " tags text[], f float8, t time)")
    row = (decimal.Decimal("12.30"), 2**40, True, datetime.date(2024, 2, 29),
           datetime.datetime(2024, 1, 2, 3, 4, 5, 123456),
           datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
           datetime.timedelta(days=1, hours=2), uuid.UUID(int=255), json.dumps({"k": [1, 2]}),
           b"\x00\xff", ["a", None, "c d"], 1.5, datetime.time(10, 11, 12))
    await c.execute(
        "INSERT INTO types (n, big, ok, d, ts, tz, iv, u, j, b, tags, f, t)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", *row)
    got = await c.fetchrow("SELECT n, big, ok, d, ts, tz, iv, u, j, b, tags, f, t FROM types")
    for i, want in enumerate(row):
        if i == 8:
            eq(json.loads(got[i]), json.loads(want), "jsonb")
        else:
            eq(got[i], want, f"column {i + 1}")
    eq(await c.fetchval("SELECT n * 2 FROM types"), decimal.Decimal("24.60"), "numeric math")


@check
async def prepared_statements_and_executemany(c):
    await c.execute("CREATE TABLE items (id int PRIMARY KEY, name text)")
    await c.executemany("INSERT INTO items VALUES ($1, $2)", [(i, f"n{i}") for i in range(50)])
    st = await c.prepare("SELECT name FROM items WHERE id = $1")
    eq(await st.fetchval(7), "n7", "prepared")
    eq([a.name for a in st.get_attributes()], ["name"], "attributes")
    eq(await c.fetchval("SELECT count(*) FROM items WHERE name = ANY($1::text[])",
                        ["n1", "n2", "zz"]), 2, "ANY(array parameter)")


@check
async def transactions_savepoints_and_errors(c):
    await c.execute("CREATE TABLE acct (id int PRIMARY KEY, bal int NOT NULL)")
    async with c.transaction():
        await c.execute("INSERT INTO acct VALUES (1, 100)")
        try:
            async with c.transaction():  # a savepoint
                await c.execute("INSERT INTO acct VALUES (1, 5)")
        except asyncpg.UniqueViolationError as e:
            eq(e.sqlstate, "23505", "sqlstate")
            eq(e.constraint_name, "acct_pkey", "constraint")
        await c.execute("UPDATE acct SET bal = bal - 30 WHERE id = 1")
    eq(await c.fetchval("SELECT bal FROM acct"), 70, "committed")
    try:
        async with c.transaction():
            await c.execute("UPDATE acct SET bal = 0")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    eq(await c.fetchval("SELECT bal FROM acct"), 70, "rolled back")
    try:
        await c.execute("INSERT INTO acct VALUES (2, NULL)")
        raise AssertionError("NOT NULL accepted")
    except asyncpg.NotNullViolationError as e:
        eq(e.column_name, "bal", "column")


@check
async def cursors_fetch_in_chunks(c):
    async with c.transaction():
        cur = await c.cursor("SELECT g FROM generate_series(1, 10) g")
        eq([r[0] for r in await cur.fetch(4)], [1, 2, 3, 4], "first chunk")
        eq([r[0] for r in await cur.fetch(4)], [5, 6, 7, 8], "second chunk")
        n = 0
        async for _ in c.cursor("SELECT g FROM generate_series(1, 500) g", prefetch=50):
            n += 1
        eq(n, 500, "iterated rows")


@check
async def copy_records_to_table_binary(c):
    await c.execute("CREATE TABLE bulk (id int, price numeric(8,3), at timestamp, tags text[],"
                    " u uuid, note text)")
    recs = [(i, decimal.Decimal(i) / 8, datetime.datetime(2024, 1, 1, 0, 0, i % 60),
             ["x", str(i)], uuid.UUID(int=i), None if i % 2 else "even")
            for i in range(1000)]
    eq(await c.copy_records_to_table("bulk", records=recs), "COPY 1000", "status")
    got = await c.fetchrow("SELECT count(*), sum(price), max(at), count(note),"
                           " min(tags[2]) FROM bulk")
    eq(tuple(got), (1000, decimal.Decimal("62437.500"), datetime.datetime(2024, 1, 1, 0, 0, 59),
                    500, "0"), "loaded")
    eq(await c.copy_records_to_table("bulk", records=[(1,)], columns=["id"]), "COPY 1", "cols")


@check
async def copy_out_binary_and_csv(c):
    await c.execute("CREATE TABLE src (id int, name text)")
    await c.execute("INSERT INTO src VALUES (1, 'a'), (2, NULL)")
    out = io.BytesIO()
    eq(await c.copy_from_table("src", output=out, format="binary"), "COPY 2", "binary status")
    data = out.getvalue()
    eq(data[:11], b"PGCOPY\n\xff\r\n\x00", "signature")
    eq(data[-2:], b"\xff\xff", "trailer")
    await c.execute("CREATE TABLE dst (id int, name text)")
    await c.copy_to_table("dst", source=io.BytesIO(data), format="binary")
    eq([tuple(r) for r in await c.fetch("SELECT * FROM dst ORDER BY id")],
       [(1, "a"), (2, None)], "binary round trip")
    out = io.BytesIO()
    await c.copy_from_query("SELECT id, name FROM src ORDER BY id", output=out, format="csv",
                            header=True)
    eq(out.getvalue(), b"id,name\n1,a\n2,\n", "csv")


@check
async def pool_and_notifications(c):
    got = asyncio.get_running_loop().create_future()
    await c.add_listener("jobs", lambda *args: got.done() or got.set_result(args[3]))
    pool = await asyncpg.create_pool(dsn=DSN, min_size=2, max_size=4)
    try:
        vals = await asyncio.gather(*(pool.fetchval("SELECT $1::int * 2", i) for i in range(8)))
        eq(vals, [i * 2 for i in range(8)], "pool queries")
        await pool.execute("SELECT pg_notify('jobs', 'hello')")
    finally:
        await pool.close()
    eq(await asyncio.wait_for(got, 5), "hello", "notification payload")


@check
async def errors_carry_sqlstate_and_position(c):
    try:
        await c.fetch("SELECT nope FROM generate_series(1, 2) g")
        raise AssertionError("no error")
    except asyncpg.UndefinedColumnError as e:
        eq(e.sqlstate, "42703", "sqlstate")
        eq(e.position, "8", "position")
    eq(await c.fetchval("SELECT 'still usable'"), "still usable", "after error")


async def main():
    global DSN
    host, port, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    DSN = f"postgresql://bench@{host}:{port}/{db}"
    wanted = sys.argv[4:]
    failed = 0
    for fn in CHECKS:
        if wanted and not any(w in fn.__name__ for w in wanted):
            continue
        c = await asyncpg.connect(DSN)
        try:
            await c.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            await fn(c)
            print(f"ok {fn.__name__}")
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {fn.__name__}: {e!r}")
            traceback.print_exc(limit=3)
        finally:
            await c.close()
    print(f"{len(CHECKS) if not wanted else 'selected'} checks, {failed} failed")
    return 1 if failed else 0


DSN = ""
sys.exit(asyncio.run(main()))
