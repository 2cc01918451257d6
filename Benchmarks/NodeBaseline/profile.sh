#!/usr/bin/env bash
# perf record -g of the server (ours or Node) under the fan-out load, then kernel/user split and
# top symbols. Not run by `make bench`.
# Usage: Benchmarks/NodeBaseline/profile.sh swift|node [clients] [rate] [seconds]
set -uo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
NAME=${1:-swift}
CLIENTS=${2:-1000}
RATE=${3:-100}
SECONDS_RECORDED=${4:-6}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
BIN=$(cd ../ServerBench && swift build -c release --show-bin-path)
OUT=${PROFILE_OUT:-/tmp/profile-$NAME}
mkdir -p "$OUT"
if [ "$NAME" = swift ]; then
    "$BIN/BenchServer" 1024 > "$OUT/server.out" &
else
    # --perf-basic-prof: /tmp/perf-PID.map names the JIT-compiled JavaScript frames.
    node --perf-basic-prof "$HERE/server.js" > "$OUT/server.out" &
fi
PID=$!
for _ in $(seq 1 100); do grep -q port= "$OUT/server.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -E 's/.*port=([0-9]+).*/\1/' "$OUT/server.out" | head -1)
# The load runs SECONDS_RECORDED + 6 s; recording starts after the clients have connected.
LOAD=$(../ServerBench/LeanClient/build.sh "$BIN")
[ "${LOAD_CLIENT:-lean}" = swift ] && LOAD="$BIN/BenchClient"
"$LOAD" "$PORT" "$PID" "$CLIENTS" "$RATE" $((SECONDS_RECORDED + 6)) > "$OUT/client.txt" &
CLIENT=$!
for _ in $(seq 1 600); do grep -q per_idle_connection "$OUT/client.txt" 2>/dev/null && break; sleep 0.1; done
sleep 2
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
perf record -F 999 -g -p "$PID" -o "$OUT/perf.data" -- sleep "$SECONDS_RECORDED" 2> "$OUT/record.err"
wait "$CLIENT"
cat "$OUT/client.txt"
kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
echo "## kernel vs user (samples by dso)"
perf report -i "$OUT/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo "## top symbols (self)"
perf report -i "$OUT/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -30
