#!/usr/bin/env bash
# run.sh LITEGRES_BIN WORK_DIR - postgres.js, knex, Sequelize and TypeORM against litegres
# (ctest drivers_node-orm).
#
# Installs the pinned packages from package-lock.json into WORK_DIR (npm ci, skipped when
# the lock file there is the same; serialized with flock), starts LITEGRES_BIN on a fresh
# database on a free loopback port, runs orm_checks.mjs and compares its output with
# expected.out, which is what PostgreSQL 15 prints for the same checks:
#   NODE_PATH=.../node_modules TZ=UTC node orm_checks.mjs HOST PORT DB > expected.out
# Exits 0 only when they are equal; a missing node/npm or a failed install is an error,
# never a skip.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$1"
work="$2"

die() { echo "drivers/node-orm: $*" >&2; exit 1; }

[[ -f "$bin" && -x "$bin" ]] || die "litegres binary not found or not executable: $bin"
command -v node >/dev/null || die "node is not installed (Debian: apt-get install nodejs)"
command -v npm >/dev/null || die "npm is not installed (Debian: apt-get install npm)"
command -v flock >/dev/null || die "flock is not installed (Debian: util-linux)"

mkdir -p "$work"
work="$(cd "$work" && pwd)"
(
    flock -w 600 9 || die "timed out waiting for the install lock $work/.install.lock"
    if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" ||
       [[ ! -d "$work/node_modules/typeorm" ]]; then
        cp "$here/package.json" "$here/package-lock.json" "$work/"
        (cd "$work" && npm ci --no-audit --no-fund --loglevel=error) ||
            die "npm ci failed in $work"
    fi
) 9>"$work/.install.lock"

fail() { die "$@"; }
# shellcheck source=../server.sh
. "$here/../server.sh"
litegres_start "$bin" "$work"

status=0
NODE_PATH="$work/node_modules" TZ=UTC timeout 300 node "$here/orm_checks.mjs" 127.0.0.1 "$port" t \
    >"$tmp/out.txt" 2>&1 || status=$?
if [[ "$status" -ne 0 ]] || ! diff -u "$here/expected.out" "$tmp/out.txt"; then
    echo "FAIL node-orm: output differs from expected.out (exit $status)" >&2
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
    exit 1
fi
echo "node-orm: $(grep -c '' "$here/expected.out") lines as PostgreSQL prints them"
