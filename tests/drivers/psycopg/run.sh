#!/usr/bin/env bash
# run.sh - psycopg 3 (Debian's python3-psycopg) against litegres: the users/orders/items
# checks of checks.py (CRUD, upserts, errors and their diagnostics, nested transactions,
# auto-prepared statements, pipeline mode, COPY text/binary, server-side cursors, binary
# results and 2-D arrays, streaming, enums, notices, LISTEN/NOTIFY, cancel, timeouts).
#   bash tests/drivers/psycopg/run.sh LITEGRES_BIN WORK_DIR
# Starts LITEGRES_BIN on a fresh database WORK_DIR/tmp.XXXX/t.db on a free loopback port,
# runs checks.py with Debian's python3 in both of its modes and compares the output with
# expected.out / expected-prepared.out (what PostgreSQL 15 prints for the same checks);
# exits 0 only when both are equal. A missing psycopg is a failure, never a skip. The
# expected files come from a real PostgreSQL 15 (a database where user "app" may create
# tables):
#   python3 checks.py HOST PORT DB > expected.out
#   python3 checks.py HOST PORT DB prepared > expected-prepared.out
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
bin="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py=/usr/bin/python3

fail() { echo "FAIL psycopg setup: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "litegres binary not executable: $bin"
"$py" -c 'import psycopg' 2>/dev/null || fail "python3-psycopg missing (scripts/deps.sh test)"

# shellcheck source=../server.sh
. "$here/../server.sh"
litegres_start "$bin" "$work"

status=0
# twice: as psycopg runs by default (statements prepared after 5 runs), and with every
# statement prepared at once (prepare_threshold=0)
for mode in default prepared; do
    want="$here/expected.out"
    [ "$mode" = prepared ] && want="$here/expected-prepared.out"
    rc=0
    "$py" "$here/checks.py" 127.0.0.1 "$port" t "$mode" >"$tmp/out-$mode.txt" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || ! diff -u "$want" "$tmp/out-$mode.txt"; then
        echo "FAIL psycopg ($mode): output differs from $(basename "$want") (exit $rc)" >&2
        status=1
    fi
done
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
else
    echo "psycopg: $(grep -c '' "$here/expected.out") lines twice as PostgreSQL prints them"
fi
exit "$status"
