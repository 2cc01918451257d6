#!/usr/bin/env bash
# Scale curves rather than points (not run by `make bench`: the 1,000,000 rows take minutes).
#   fan-out: 10, 100, 1,000, 5,000 subscribed WebSocket clients at the same event rates
#            (ServerBench's BenchServer + LeanClient, or BenchClient with LOAD_CLIENT=swift);
#   board:   1k / 10k / 100k / 1M tasks: TUIBench (initial filter + sort, filter rebuild, render,
#            keystroke frame, remote-event frame) and StoreBench (append N events, replay them).
# Usage: Benchmarks/Scale/scale.sh [fanout|board|all] [seconds-per-rate]
# Prints every raw line, then small tables.
set -uo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-all}
SECONDS_PER_RATE=${2:-4}
FANOUT_CLIENTS=${FANOUT_CLIENTS:-10 100 1000 5000}
FANOUT_RATES=${FANOUT_RATES:-10,50}
SIZES=${SIZES:-1000 10000 100000 1000000}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), ulimit -n $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$WHAT" = fanout ] || [ "$WHAT" = all ]; then
    (cd ServerBench && swift build -c release >&2)
    BIN=$(cd ServerBench && swift build -c release --show-bin-path)
    CLIENT=$(ServerBench/LeanClient/build.sh "$BIN")
    [ "${LOAD_CLIENT:-lean}" = swift ] && CLIENT="$BIN/BenchClient"
    for clients in $FANOUT_CLIENTS; do
        LOG="$OUT/server-$clients.out"
        "$BIN/BenchServer" 1024 > "$LOG" &
        PID=$!
        PORT=""
        for _ in $(seq 1 100); do
            PORT=$(sed -nE 's/.*port=([0-9]+).*/\1/p' "$LOG" 2>/dev/null | head -1)
            [ -n "$PORT" ] && break
            sleep 0.1
        done
        echo "# fan-out $clients clients, load average $(cut -d' ' -f1-3 /proc/loadavg)"
        "$CLIENT" "$PORT" "$PID" "$clients" "$FANOUT_RATES" "$SECONDS_PER_RATE" | tee -a "$OUT/fanout.txt"
        echo "# server fds open at the end: $(ls /proc/$PID/fd 2>/dev/null | wc -l)"
        kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
    done
fi

if [ "$WHAT" = board ] || [ "$WHAT" = all ]; then
    (cd TUIBench && swift build -c release >&2)
    (cd StoreBench && swift build -c release >&2)
    TUI=$(cd TUIBench && swift build -c release --show-bin-path)/TUIBench
    STORE=$(cd StoreBench && swift build -c release --show-bin-path)/StoreBench
    for n in $SIZES; do
        echo "# board $n tasks, load average $(cut -d' ' -f1-3 /proc/loadavg)"
        TUIBENCH_QUICK=1 "$TUI" "$n" | sed "s/^/tui $n | /" | tee -a "$OUT/board.txt"
        STOREBENCH_REPLAY_ONLY=1 "$STORE" "$n" "$(( n / 2 > 0 ? n / 2 : 1 ))" | sed "s/^/store $n | /" | tee -a "$OUT/board.txt"
    done
fi

python3 - "$OUT" <<'EOF'
import os, re, sys
out = sys.argv[1]
def num(s): return float(re.sub(r"[^0-9.]", "", s))
path = os.path.join(out, "fanout.txt")
if os.path.exists(path):
    print("\n## fan-out\n")
    print("| clients | connected | per idle connection | rate | deliveries/s | lost | p50 | p99 | server CPU / delivery | server CPU |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    idle = {}
    for line in open(path):
        f = dict(re.findall(r"(\w+)=([^\s]+)", line))
        if "per_idle_connection" in f:
            idle[f["clients"]] = (f["connected"], f["per_idle_connection"])
        elif "rate" in f:
            c = f["clients"]
            print(f"| {int(c):,} | {idle.get(c, ('?','?'))[0]} | {idle.get(c, ('?','?'))[1]} | {f['rate']} | {f['deliveries_per_s']} | {f['lost']} | {f['p50']} | {f['p99']} | {f['cpu_per_delivery']} | {f['server_cpu_util']} |")
path = os.path.join(out, "board.txt")
if os.path.exists(path):
    table = {}
    for line in open(path):
        kind, n, rest = line.split(" ", 2)
        rest = rest.split("| ", 1)[1].strip()
        n = int(n)
        row = table.setdefault(n, {})
        if m := re.match(r"initial filter \+ sort of the list: ([\d.]+) ms", rest): row["list build"] = m[1] + " ms"
        elif m := re.match(r"filter rebuild '([^']+)' \((\d+) rows\)\s+n=\s*\d+\s+median\s+([\d.]+) ms", rest): row[f"filter '{m[1]}'"] = f"{m[3]} ms ({int(m[2]):,})"
        elif m := re.match(r"(render \(200x60\)|keystroke frame: update \+ render \+ diff|remote event frame: update \+ render \+ diff)\s+n=\s*\d+\s+median\s+([\d.]+) ms\s+p90\s+[\d.]+ ms\s+p99\s+([\d.]+) ms", rest):
            row[m[1].split(":")[0].split(" (")[0]] = f"{m[2]} / {m[3]} ms"
        elif m := re.match(r"bulk append (\d+) events.*: (\d+) events/s", rest): row["append"] = f"{int(m[2]):,}/s"
        elif m := re.match(r"replay (\d+) events into the board \((\d+) tasks\)(?:, in [^:]+)?: (\d+) events/s, ([\d.]+) s", rest):
            row["replay"] = f"{float(m[4])*1000:.0f} ms ({int(m[3]):,}/s, {int(m[2]):,} tasks)"
        elif m := re.match(r"start-up with snapshot: ([\d.]+) s", rest): row["start-up (snapshot)"] = f"{float(m[1])*1000:.0f} ms"
    columns = []
    for row in table.values():
        for k in row:
            if k not in columns: columns.append(k)
    print("\n## board (TUI medians / p99; store: N events, N/2 live tasks)\n")
    print("| tasks | " + " | ".join(columns) + " |")
    print("|---:|" + "---:|" * len(columns))
    for n in sorted(table):
        print(f"| {n:,} | " + " | ".join(table[n].get(k, "") for k in columns) + " |")
EOF
