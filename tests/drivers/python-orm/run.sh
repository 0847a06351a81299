#!/usr/bin/env bash
# run.sh - SQLAlchemy 1.4 and Django 3.2 (Debian's python3-sqlalchemy, python3-django,
# python3-psycopg2) against litegres.
#   bash tests/drivers/python-orm/run.sh LITEGRES_BIN WORK_DIR
# Starts LITEGRES_BIN on a fresh database WORK_DIR/tmp.XXXX/t.db on a free loopback port,
# copies the Django app to that directory (makemigrations writes into it), runs
# orm_checks.py with Debian's python3 and compares its output with expected.out (what
# PostgreSQL 15 prints for the same checks); exits 0 only when they are equal. A missing
# package is a failure, never a skip. expected.out comes from a real PostgreSQL 15:
#   python3 orm_checks.py HOST PORT DB /tmp/copy-of-djapp > expected.out
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
bin="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py=/usr/bin/python3

fail() { echo "FAIL python-orm setup: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "litegres binary not executable: $bin"
"$py" -c 'import django, sqlalchemy, psycopg2' 2>/dev/null ||
    fail "python3-django / python3-sqlalchemy / python3-psycopg2 missing (scripts/deps.sh test)"

# shellcheck source=../server.sh
. "$here/../server.sh"
litegres_start "$bin" "$work"

status=0
cp -r "$here/djapp" "$tmp/djapp"
"$py" "$here/orm_checks.py" 127.0.0.1 "$port" t "$tmp/djapp" >"$tmp/out.txt" 2>&1 || status=$?
if [ "$status" -ne 0 ] || ! diff -u "$here/expected.out" "$tmp/out.txt"; then
    echo "FAIL python-orm: output differs from expected.out (exit $status)" >&2
    status=1
fi
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
else
    echo "python-orm: $(grep -c '' "$here/expected.out") lines as PostgreSQL prints them"
fi
exit "$status"
