#!/usr/bin/env bash
# A `--connect` terminal UI on instance 2 of a shared PostgreSQL log sees a change made through
# instance 1, and its change shows on instance 1 (docs/SCALING.md).
#
#   Tests/e2e/scale_remote_tmux_test.sh path/to/isomorphiq-tui
#
# Needs ISOMORPHIQ_TEST_DATABASE_URL (Tests/run-all.sh starts a private cluster).
set -u

BIN=${1:?usage: $0 path/to/isomorphiq-tui}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
WORK=$(mktemp -d)
SESSION="isomorphiq-scale-e2e-$$"
PIDS=()
export USER=host HOME=$WORK
TOKEN=scale-token-0123456789abcdef

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
POLL=0.02
source "$(dirname "$0")/tmuxlib.sh"

if [ -z "${ISOMORPHIQ_TEST_DATABASE_URL:-}" ]; then
    echo "ISOMORPHIQ_TEST_DATABASE_URL is not set (Tests/run-all.sh starts PostgreSQL)"
    echo "0 passed, 1 failed"
    exit 1
fi
base=${ISOMORPHIQ_TEST_DATABASE_URL%/*}
hostport=${base#*@}
db=tmux_$$_$RANDOM
psql -h "${hostport%:*}" -p "${hostport##*:}" -U isomorphiq -d postgres -qc "CREATE DATABASE $db"
DB_URL=$base/$db

# instance N: `serve` on the shared log, its URL in URL_N.
instance() {
    "$BIN" serve --store postgres --database-url "$DB_URL" --data-dir "$WORK/i$1" --port 0 --tcp-port 0 \
        --token "$TOKEN" --log-level error > "$WORK/i$1.out" 2> "$WORK/i$1.err" &
    PIDS+=($!)
    local deadline=$((SECONDS + 30))
    while ((SECONDS < deadline)); do
        grep -q "serving" "$WORK/i$1.out" 2>/dev/null && break
        sleep 0.05
    done
    local url
    url=$(grep -o 'http://[0-9.]*:[0-9]*' "$WORK/i$1.out" | head -1)
    eval "URL_$1=$url"
    [ -n "$url" ]
}

check "instance 1 serves the shared log" instance 1
check "instance 2 serves the shared log" instance 2
tmux new-session -d -s "$SESSION" -x 140 -y 40 \
    "$BIN --connect $URL_2 --token $TOKEN --data-dir $WORK/remote; sleep 600"
check "the remote UI on instance 2 opens" wait_for "Tasks ("
"$BIN" task add "Made through instance one" --connect "$URL_1" --token "$TOKEN" > /dev/null
check "a change made through instance 1 shows in the UI on instance 2" wait_for "Made through instance one" 5
tmux send-keys -t "$SESSION" n
wait_for "Title" 5 > /dev/null
tmux send-keys -t "$SESSION" "Typed on instance two" Enter
listed() { "$BIN" task list --connect "$URL_1" --token "$TOKEN" | grep -q "Typed on instance two"; }
eventually() { local deadline=$((SECONDS + 5)); until "$@"; do ((SECONDS < deadline)) || return 1; sleep 0.1; done; }
check "a task typed in the UI on instance 2 is listed by instance 1" eventually listed
summary
