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

# shellcheck source=../server.sh
. "$here/../server.sh"
litegres_start "$bin" "$work"

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
