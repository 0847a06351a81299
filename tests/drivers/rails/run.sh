#!/usr/bin/env bash
# run.sh - ActiveRecord 6.1 (Debian's ruby-activerecord and ruby-pg) against litegres.
#   bash tests/drivers/rails/run.sh LITEGRES_BIN WORK_DIR
# Starts LITEGRES_BIN on a fresh database WORK_DIR/tmp.XXXX/t.db on a free loopback port,
# runs ar_checks.rb and compares its output with expected.out (what PostgreSQL 15 prints
# for the same checks); exits 0 only when they are equal. A missing package is a failure,
# never a skip. expected.out comes from a real PostgreSQL 15:
#   ruby ar_checks.rb HOST PORT DB > expected.out
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
bin="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rb=/usr/bin/ruby

fail() { echo "FAIL rails setup: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "litegres binary not executable: $bin"
"$rb" -e 'require "active_record"; require "pg"' 2>/dev/null ||
    fail "ruby-activerecord / ruby-pg missing (scripts/deps.sh test)"

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
"$rb" "$here/ar_checks.rb" 127.0.0.1 "$port" t >"$tmp/out.txt" 2>&1 || status=$?
if [ "$status" -ne 0 ] || ! diff -u "$here/expected.out" "$tmp/out.txt"; then
    echo "FAIL rails: output differs from expected.out (exit $status)" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
else
    echo "rails: $(grep -c '' "$here/expected.out") lines as PostgreSQL prints them"
fi
exit "$status"
