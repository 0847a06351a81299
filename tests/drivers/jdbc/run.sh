#!/usr/bin/env bash
# run.sh - end-to-end checks with the real PostgreSQL JDBC driver (pgjdbc) against litegres.
#   bash tests/drivers/jdbc/run.sh LITEGRES_BIN WORK_DIR
# Compiles JdbcChecks.java into WORK_DIR/classes (only when the source is newer), starts
# LITEGRES_BIN on a fresh database WORK_DIR/tmp.XXXX/t.db on a free loopback port, runs the
# checks against jdbc:postgresql://127.0.0.1:PORT/t and exits with their status (0 only when
# every check passed). A missing JDK or pgjdbc jar is a failure, never a skip.
# PGJDBC_JAR overrides the jar path (default: Debian's libpostgresql-jdbc-java); JDBC_CHECKS
# (space-separated name substrings) runs only the matching checks, for debugging.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 LITEGRES_BIN WORK_DIR" >&2
    exit 2
fi
bin="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="${PGJDBC_JAR:-/usr/share/java/postgresql.jar}"

fail() { echo "FAIL jdbc setup: $*" >&2; exit 1; }

[ -x "$bin" ] || fail "litegres binary not executable: $bin"
command -v javac >/dev/null 2>&1 || fail "javac not found (apt-get install default-jdk-headless)"
command -v java >/dev/null 2>&1 || fail "java not found (apt-get install default-jdk-headless)"
[ -r "$jar" ] || fail "pgjdbc jar not found at $jar (apt-get install libpostgresql-jdbc-java)"

mkdir -p "$work/classes"
src="$here/JdbcChecks.java"
cls="$work/classes/JdbcChecks.class"
if [ ! -e "$cls" ] || [ "$src" -nt "$cls" ]; then
    javac -Xlint:all -Werror -encoding UTF-8 -cp "$jar" -d "$work/classes" "$src" \
        || fail "javac failed"
fi

# shellcheck source=../server.sh
. "$here/../server.sh"
litegres_start "$bin" "$work"

status=0
java -cp "$jar:$work/classes" JdbcChecks "jdbc:postgresql://127.0.0.1:$port/t" \
    ${JDBC_CHECKS:-} || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$log" >&2
fi
exit "$status"
