#!/usr/bin/env bash
# run.sh LITEGRES_BIN WORK_DIR - the node-postgres driver suite (ctest drivers_node-pg).
#
# Installs the pinned `pg` from package-lock.json into WORK_DIR (npm ci, skipped when the
# right version is already there; serialized with flock so parallel runs share one install),
# then runs test/*.test.js with Node's built-in test runner. Every test file starts its own
# litegres on a free loopback port (lib/server.js). Exits 0 only when all checks passed; a
# missing node/npm or a failed install is an error, never a skip.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$2"

die() { echo "drivers/node-pg: $*" >&2; exit 1; }

[[ -f "$1" && -x "$1" ]] || die "litegres binary not found or not executable: $1"
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
command -v node >/dev/null || die "node is not installed (Debian: apt-get install nodejs)"
command -v npm >/dev/null || die "npm is not installed (Debian: apt-get install npm)"
command -v flock >/dev/null || die "flock is not installed (Debian: util-linux)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
(( node_major >= 20 )) || die "node >= 20 is needed for node:test, found $(node --version)"

mkdir -p "$work"
work="$(cd "$work" && pwd)"
want="$(node -p "require('$here/package.json').dependencies.pg")"

installed_pg() {
    node -p "require('$work/node_modules/pg/package.json').version" 2>/dev/null || true
}

(
    flock -w 600 9 || die "timed out waiting for the install lock $work/.install.lock"
    if [[ "$(installed_pg)" != "$want" ]] ||
       ! cmp -s "$here/package-lock.json" "$work/package-lock.json"; then
        cp "$here/package.json" "$here/package-lock.json" "$work/"
        (cd "$work" && npm ci --no-audit --no-fund --loglevel=error) ||
            die "npm ci failed in $work"
    fi
    [[ "$(installed_pg)" == "$want" ]] ||
        die "pg $want is not installed in $work/node_modules (found '$(installed_pg)')"
) 9>"$work/.install.lock"

export LITEGRES_BIN="$bin"
export NODE_PATH="$work/node_modules"
unset NODEPG_EXTERNAL
cd "$here"
exec node --test --test-reporter=spec --test-timeout=60000 test/
