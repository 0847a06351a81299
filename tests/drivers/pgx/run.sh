#!/usr/bin/env bash
# run.sh - end-to-end checks with the real pgx v4 Go driver (Debian's golang-go and
# golang-github-jackc-pgx-v4-dev) against litegres.
#   bash tests/drivers/pgx/run.sh LITEGRES_BIN WORK_DIR
# Builds main.go offline in GOPATH mode against Debian's Go sources (/usr/share/gocode) into
# WORK_DIR (the Go build cache too: nothing is written to the source tree or $HOME), starts
# LITEGRES_BIN on a fresh database WORK_DIR/tmp.XXXX/t.db on a free loopback port, runs the
# checks and compares their output with expected.out (what PostgreSQL 15 prints). Exits 0
# only when the output is the same. A missing Go or pgx is a failure, never a skip.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
bin="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gopath=/usr/share/gocode

fail() { echo "FAIL pgx setup: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "litegres binary not executable: $bin"
command -v go >/dev/null 2>&1 || fail "go missing (apt-get install golang-go)"
[ -d "$gopath/src/github.com/jackc/pgx/v4" ] ||
    fail "pgx v4 missing (apt-get install golang-github-jackc-pgx-v4-dev)"

mkdir -p "$work"
checks="$work/pgx-checks"
# GOPATH mode needs no module proxy; GOFLAGS/GOPROXY from the caller must not change that.
(cd "$here" && env GO111MODULE=off GOPATH="$gopath" GOCACHE="$work/gocache" GOFLAGS= \
    GOPROXY=off HOME="$work" go build -o "$checks" .) || fail "go build of main.go failed"

# shellcheck source=../server.sh
. "$here/../server.sh"
litegres_start "$bin" "$work"

status=0
"$checks" "postgres://app@127.0.0.1:$port/t?sslmode=disable" >"$tmp/actual.out" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    echo "FAIL pgx: the checks exited with status $status" >&2
    cat "$tmp/actual.out" >&2
elif ! diff -u "$here/expected.out" "$tmp/actual.out"; then
    echo "FAIL pgx: output differs from expected.out (PostgreSQL 15's; diff above)" >&2
    status=1
else
    echo "pgx: $(wc -l <"$here/expected.out") lines as on PostgreSQL 15"
fi
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
fi
exit "$status"
