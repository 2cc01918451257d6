#!/usr/bin/env bash
# RSS of `isomorphiq-tui serve` after start-up from a large event log with a snapshot.
# Usage: Benchmarks/Scale/serve-rss.sh [events] [live-tasks] [data-dir]
#   defaults: 1,000,000 events, 10,000 live tasks, /tmp/isomorphiq-rss-EVENTS
# The log is generated once by StoreBench (kept in data-dir) and reused by later runs.
# Uses the release build of the root package if present, else the debug one (says which).
set -uo pipefail
cd "$(dirname "$0")/../.."
EVENTS=${1:-1000000}
LIVE=${2:-10000}
DIR=${3:-/tmp/isomorphiq-rss-$EVENTS}
if [ ! -f "$DIR/events.sqlite" ]; then
    (cd Benchmarks/StoreBench && swift build -c release >&2)
    STORE=$(cd Benchmarks/StoreBench && swift build -c release --show-bin-path)/StoreBench
    STOREBENCH_REPLAY_ONLY=1 STOREBENCH_DIR="$DIR" "$STORE" "$EVENTS" "$LIVE"
fi
BIN=.build/release/isomorphiq-tui
[ -x "$BIN" ] || BIN=.build/debug/isomorphiq-tui
echo "# $BIN, data $DIR ($(du -sh "$DIR" | cut -f1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
XDG=$(mktemp -d)
OUT="$XDG/serve.out"
START=$(date +%s%N)
XDG_CONFIG_HOME=$XDG XDG_DATA_HOME=$XDG "$BIN" serve --data-dir "$DIR" --port 0 --tcp-port 0 \
    --token bench-token-0123456789 --user bench > "$OUT" 2> "$XDG/serve.err" &
PID=$!
for _ in $(seq 1 600); do grep -q http "$OUT" 2>/dev/null && break; sleep 0.05; done
echo "listening after $(( ($(date +%s%N) - START) / 1000000 )) ms"
for wait in 2 5; do
    sleep $(( wait == 2 ? 2 : 3 ))
    echo "after ${wait} s: $(grep -E 'VmRSS' /proc/$PID/status | tr -s ' ') ($(grep VmHWM /proc/$PID/status | tr -s ' '))"
done
kill -TERM "$PID"; wait "$PID" 2>/dev/null
rm -rf "$XDG"
