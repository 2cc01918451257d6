#!/usr/bin/env bash
# `make test`: the Swift test suites, then every end-to-end script under Tests/e2e against the
# built binary (real terminal under tmux, real server, browser, Python clients).
# Prints one closing line "N passed, N failed" over everything; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
BIN=.build/debug/isomorphiq-tui
LOG=$(mktemp -d)
PASSED=0
FAILED=0
STATUS=0

# A private PostgreSQL cluster (Tests/support/postgres.sh) for the shared-log tests, stopped at the end.
PG_DIR=$(mktemp -d /tmp/isomorphiq-pg.XXXXXX)
PG_PORT=${ISOMORPHIQ_TEST_PG_PORT:-$((20000 + RANDOM % 20000))}
if ISOMORPHIQ_TEST_DATABASE_URL=$(bash Tests/support/postgres.sh start "$PG_DIR" "$PG_PORT"); then
    export ISOMORPHIQ_TEST_DATABASE_URL
    export ISOMORPHIQ_TEST_PG_DIR=$PG_DIR
    trap 'bash Tests/support/postgres.sh stop "$PG_DIR"; rm -rf "$PG_DIR"' EXIT
else
    echo "run-all: could not start PostgreSQL (see $PG_DIR); the shared-log tests fail" >&2
    FAILED=$((FAILED + 1))
    STATUS=1
fi

# Swift tests (swift-testing). The suites run in parallel within the process. The CLI suites run
# on their own afterwards: they wait for child processes on the cooperative pool's threads (two on
# this machine), which would starve the timing-sensitive server suites running beside them.
run_swift() {
    local name=$1
    shift
    swift test --skip-build "$@" 2>&1 | tee "$LOG/$name.txt"
    local status=${PIPESTATUS[0]}
    local summary tests failed_tests
    summary=$(grep -E "Test run with [0-9]+ tests?" "$LOG/$name.txt" | tail -1)
    tests=$(echo "$summary" | sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/')
    failed_tests=$(grep -E "^✘ Test .* failed after" "$LOG/$name.txt" | wc -l)
    if [ -z "$tests" ]; then tests=0; fi
    if [ "$status" -ne 0 ] && [ "$failed_tests" -eq 0 ]; then failed_tests=1; fi
    PASSED=$((PASSED + tests - failed_tests))
    FAILED=$((FAILED + failed_tests))
    [ "$status" -eq 0 ] || STATUS=1
}
run_swift swift --skip IsomorphiqCLITests
run_swift swift-cli --filter IsomorphiqCLITests

# End-to-end scripts: each prints its own "N passed, N failed".
run_e2e() {
    local name=$1
    shift
    echo "== e2e: $name"
    "$@" 2>&1 | tee "$LOG/$name.txt"
    local status=${PIPESTATUS[0]}
    local line
    line=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$LOG/$name.txt" | tail -1)
    if [ -n "$line" ]; then
        PASSED=$((PASSED + $(echo "$line" | awk '{print $1}')))
        FAILED=$((FAILED + $(echo "$line" | awk '{print $3}')))
    elif [ "$status" -ne 0 ]; then
        FAILED=$((FAILED + 1))
    fi
    [ "$status" -eq 0 ] || STATUS=1
}

run_e2e tui-no-server bash Tests/e2e/tui_tmux_test.sh "$BIN"
E2E_SERVER=1 run_e2e tui-server bash Tests/e2e/tui_tmux_test.sh "$BIN"
for script in Tests/e2e/*_test.sh; do
    case "$script" in */tui_tmux_test.sh) continue ;; esac
    run_e2e "$(basename "$script" .sh)" bash "$script" "$BIN"
done
for script in Tests/e2e/*_test.py; do
    [ -e "$script" ] || continue
    run_e2e "$(basename "$script" .py)" python3 "$script" "$BIN"
done

echo
echo "$PASSED passed, $FAILED failed"
exit $STATUS
