#!/usr/bin/env bash
# run-tests.sh BUILD_DIR - run every registered test (unit and e2e) with ctest -j2 in
# BUILD_DIR and end with exactly one summary line, alone on the last line:
#   N passed, N failed
# Exit status: 0 when every test passed, 1 otherwise (also when no test ran or ctest
# itself failed). Called by `make test`.
set -uo pipefail
build="${1:?usage: scripts/run-tests.sh BUILD_DIR}"
jobs="${LG_TEST_JOBS:-2}"
log="$(mktemp "${TMPDIR:-/tmp}/lg-ctest.XXXXXX")"
trap 'rm -f "$log"' EXIT

(cd "$build" && ctest --output-on-failure -j "$jobs") 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# ctest's own summary: "NN% tests passed, F tests failed out of T"
summary="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)"
if [ -n "$summary" ]; then
    failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")"
    total="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$summary")"
    passed=$((total - failed))
else
    passed=0
    failed=0
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # ctest failed without a test failing (no tests found, bad build dir, ...)
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # nothing ran: that is not a pass
fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
