#!/usr/bin/env bash
# pg-shim.sh - runs a real PostgreSQL 15 behind litegres's command line, so the e2e suite
# can be checked against the reference behaviour:
#   LG_E2E_BIN=$PWD/tests/e2e/pg-shim.sh ctest -L e2e
# Understands `serve --db PATH --port N|--listen ADDR:PORT --unix-socket-dir DIR --dbname N
# --max-connections N`; other flags have no PostgreSQL equivalent and are ignored (tests of
# them are expected to fail here). The cluster lives in PATH.pgdata; user "e2e" (or
# $LG_SHIM_USER), trust auth.
# Prints `listening on 127.0.0.1:<port>` like litegres. SIGTERM -> fast shutdown (57P01).
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
[ "${1:-}" = serve ] || { echo "usage: $0 serve --db PATH ..." >&2; exit 2; }
shift
port=5432 sockdir=/tmp db= dbname= maxconn=100
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db=$2 ;;
        --port) port=$2 ;;
        --listen) port=${2##*:} ;;
        --unix-socket-dir) sockdir=$2 ;;
        --dbname) dbname=$2 ;;
        --max-connections) maxconn=$2 ;;
    esac
    shift 2
done
[ -n "$db" ] || { echo "--db is required" >&2; exit 2; }
[ -n "$dbname" ] || { dbname=$(basename "$db"); dbname=${dbname%.*}; }
if [ "$port" = 0 ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
fi
data="$db.pgdata"
as_pg=()
if [ "$(id -u)" = 0 ]; then
    chmod 0777 "$(dirname "$db")" "$sockdir"
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi
fresh=0
if [ ! -d "$data" ]; then
    "${as_pg[@]}" "$bin/initdb" -A trust -U "${LG_SHIM_USER:-e2e}" -D "$data" --no-sync >/dev/null
    fresh=1
fi
"${as_pg[@]}" "$bin/postgres" -D "$data" -p "$port" -k "$sockdir" -c listen_addresses=127.0.0.1 \
    -c max_connections="$maxconn" -c superuser_reserved_connections=0 -c fsync=off &
pg=$!
trap 'kill -INT $pg 2>/dev/null; wait $pg; exit 0' TERM INT
for _ in $(seq 1 500); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.02
done
if [ "$fresh" = 1 ]; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U "${LG_SHIM_USER:-e2e}" "$dbname"
fi
echo "listening on 127.0.0.1:$port" >&2
echo "listening on unix socket $sockdir/.s.PGSQL.$port" >&2
wait $pg
