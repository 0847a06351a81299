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

# shellcheck source=../server.sh
. "$here/../server.sh"
litegres_start "$bin" "$work"

status=0
# shellcheck disable=SC2086 # ASYNCPG_CHECKS is a word list on purpose
"$py" "$here/checks.py" 127.0.0.1 "$port" t ${ASYNCPG_CHECKS:-} || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
fi
exit "$status"
