#!/usr/bin/env bash
# run.sh - PostgreSQL's own pg_dump against litegres: the dump of an application's database
# (schema.sql) must restore, with psql -v ON_ERROR_STOP=1, both into a fresh litegres (as
# dumped: owners, COPY, setval) and into a throwaway PostgreSQL 15 (--no-owner), and each
# restored database must answer checks.sql exactly as the dumped litegres does.
#   bash tests/drivers/pg_dump/run.sh LITEGRES_BIN WORK_DIR
# Uses Debian's postgresql-15 (pg_dump, psql, initdb, postgres); a missing one is a failure.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
bin="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pgbin=/usr/lib/postgresql/15/bin

fail() { echo "FAIL pg_dump: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "litegres binary not executable: $bin"
for t in pg_dump psql initdb postgres pg_isready; do
    [ -x "$pgbin/$t" ] || fail "$pgbin/$t missing (apt-get install postgresql-15)"
done

mkdir -p "$work"
tmp="$(mktemp -d "$work/tmp.XXXX")"
pids=()
cleanup() {
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_ready() { # port
    for _ in $(seq 1 300); do
        "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$1" && return 0
        sleep 0.05
    done
    return 1
}

start_litegres() { # name; sets port (not in a subshell: pids must reach cleanup)
    port="$(free_port)"
    "$bin" serve --db "$tmp/$1.db" --dbname app --listen "127.0.0.1:$port" \
        --unix-socket-dir "$tmp" >"$tmp/$1.log" 2>&1 &
    pids+=($!)
    wait_ready "$port" || fail "litegres $1 did not start: $(cat "$tmp/$1.log")"
}

sql() { # port file [extra psql args]
    local port="$1" file="$2"
    shift 2
    "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U app -d app "$@" -f "$file"
}

start_litegres a
a="$port"
sql "$a" "$here/schema.sql" >/dev/null || fail "schema.sql did not load into litegres"
"$pgbin/pg_dump" -h 127.0.0.1 -p "$a" -U app app >"$tmp/dump.sql" ||
    fail "pg_dump of litegres failed"
"$pgbin/pg_dump" --no-owner -h 127.0.0.1 -p "$a" -U app app >"$tmp/dump-no-owner.sql" ||
    fail "pg_dump --no-owner of litegres failed"
sql "$a" "$here/checks.sql" >"$tmp/want.out" || fail "checks.sql failed on litegres"

start_litegres b
b="$port"
sql "$b" "$tmp/dump.sql" >/dev/null || fail "the dump did not restore into litegres"
sql "$b" "$here/checks.sql" >"$tmp/litegres.out" || fail "checks.sql failed after restore"

if [ "$(id -u)" = 0 ]; then
    chmod 0777 "$tmp"
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
else
    as_pg=()
fi
"${as_pg[@]}" "$pgbin/initdb" -A trust -U app -D "$tmp/pg" --no-sync >/dev/null ||
    fail "initdb failed"
pg_port="$(free_port)"
"${as_pg[@]}" "$pgbin/postgres" -D "$tmp/pg" -p "$pg_port" -k "$tmp" \
    -c listen_addresses=127.0.0.1 -c fsync=off >"$tmp/pg.log" 2>&1 &
pids+=($!)
wait_ready "$pg_port" || fail "PostgreSQL did not start: $(cat "$tmp/pg.log")"
"$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U app app
sql "$pg_port" "$tmp/dump-no-owner.sql" >/dev/null ||
    fail "the dump did not restore into PostgreSQL"
sql "$pg_port" "$here/checks.sql" >"$tmp/postgres.out" ||
    fail "checks.sql failed on PostgreSQL"

status=0
if ! diff -u "$tmp/want.out" "$tmp/litegres.out"; then
    echo "FAIL pg_dump: litegres restored from the dump answers differently" >&2
    status=1
fi
if ! diff -u "$tmp/want.out" "$tmp/postgres.out"; then
    echo "FAIL pg_dump: PostgreSQL restored from the dump answers differently" >&2
    status=1
fi
[ "$status" = 0 ] && echo "pg_dump: dump restored into litegres and PostgreSQL, checks equal"
exit "$status"
