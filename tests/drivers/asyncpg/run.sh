#!/usr/bin/env bash
# run.sh - end-to-end checks with the real asyncpg driver (Debian's python3-asyncpg) against
# litegres.
#   bash tests/drivers/asyncpg/run.sh LITEGRES_BIN WORK_DIR
# Starts LITEGRES_BIN on a fresh database WORK_DIR/tmp.XXXX/t.db on a free loopback port,
# runs checks.py against it with Debian's python3 (where python3-asyncpg lives) and exits
# with its status (0 only when every check passed). A missing asyncpg is a failure, never a
# skip. ASYNCPG_CHECKS (space-separated name substrings) runs only the matching checks.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
bin="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py=/usr/bin/python3

fail() { echo "FAIL asyncpg setup: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "litegres binary not executable: $bin"
"$py" -c 'import asyncpg' 2>/dev/null || fail "python3-asyncpg missing (apt-get install python3-asyncpg)"

mkdir -p "$work"
tmp="$(mktemp -d "$work/tmp.XXXX")"
log="$tmp/server.log"
srv_pid=""
cleanup() {
    if [ -n "$srv_pid" ] && kill -0 "$srv_pid" 2>/dev/null; then
        kill -TERM "$srv_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$srv_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$srv_pid" 2>/dev/null && kill -KILL "$srv_pid" 2>/dev/null
        wait "$srv_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

: >"$log"
"$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --unix-socket-dir "$tmp" \
    --log-level info 2>"$log" &
srv_pid=$!

port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -n1)"
    [ -n "$port" ] && break
    kill -0 "$srv_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "--- server log ---" >&2
    cat "$log" >&2
    fail "litegres did not report a listening port within 10 s"
fi

status=0
# shellcheck disable=SC2086 # ASYNCPG_CHECKS is a word list on purpose
"$py" "$here/checks.py" 127.0.0.1 "$port" t ${ASYNCPG_CHECKS:-} || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
fi
exit "$status"
