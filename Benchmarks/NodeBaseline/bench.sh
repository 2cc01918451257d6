#!/usr/bin/env bash
# Our server against a minimal Node.js `ws` broadcast server (server.js), same load client
# (ServerBench's LeanClient, or BenchClient with LOAD_CLIENT=swift: both take the port and pid of
# a server they did not start),
# same loads: 100 and 1,000 subscribed clients at the same event rates.
# Prints, per load, server CPU per delivered message and p99 for both, the ratios, and BUDGET
# lines. Needs Debian's node-ws (`apt-get install -y node-ws`) and node.
# Usage: Benchmarks/NodeBaseline/bench.sh [seconds-per-rate] [rates] [client-counts]
#   defaults: 5 s, rates 20,100, clients "100 1000"
# SERVER_CPUS / CLIENT_CPUS (taskset lists, e.g. 0 and 1) pin the server and the load client.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
SECONDS_PER_RATE=${1:-5}
RATES=${2:-20,100}
CLIENT_COUNTS=${3:-100 1000}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

if ! node -e 'try{require("ws")}catch(e){require("/usr/share/nodejs/ws")}' 2>/dev/null; then
    echo "NodeBaseline: node or node-ws missing (apt-get install -y nodejs node-ws); skipped"
    exit 0
fi
(cd ../ServerBench && swift build -c release >&2)
BIN=$(cd ../ServerBench && swift build -c release --show-bin-path)
CLIENT=$(../ServerBench/LeanClient/build.sh "$BIN")
[ "${LOAD_CLIENT:-lean}" = swift ] && CLIENT="$BIN/BenchClient"
SERVER_PIN=${SERVER_CPUS:+taskset -c $SERVER_CPUS}
CLIENT_PIN=${CLIENT_CPUS:+taskset -c $CLIENT_CPUS}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# run NAME CLIENTS: starts the server NAME (swift|node), runs the load client against it, stops it.
run() {
    local name=$1 clients=$2 pid port="" log="$OUT/server-$1-$2.out"
    rm -f "$log"
    if [ "$name" = swift ]; then
        $SERVER_PIN "$BIN/BenchServer" 1024 > "$log" &
    else
        $SERVER_PIN node "$HERE/server.js" > "$log" &
    fi
    pid=$!
    for _ in $(seq 1 100); do
        port=$(sed -nE 's/.*port=([0-9]+).*/\1/p' "$log" 2>/dev/null | head -1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "# $name server did not start"; kill -TERM "$pid" 2>/dev/null; return
    fi
    echo "# $name server pid=$pid port=$port${SERVER_PIN:+ ($SERVER_PIN; client: ${CLIENT_PIN:-unpinned})}, $clients clients, rates $RATES/s, ${SECONDS_PER_RATE}s each, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    $CLIENT_PIN "$CLIENT" "$port" "$pid" "$clients" "$RATES" "$SECONDS_PER_RATE" | sed "s/^/$name /" | tee -a "$OUT/results.txt" || true
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

for clients in $CLIENT_COUNTS; do
    run swift "$clients"
    run node "$clients"
done

python3 - "$OUT/results.txt" <<'EOF'
import re, sys
rows = {}
idle = {}
for line in open(sys.argv[1]):
    name, _, rest = line.partition(" ")
    fields = dict(re.findall(r"(\w+)=([^\s]+)", rest))
    if "rate" in fields:
        rows[(name, int(fields["clients"]), fields["rate"])] = fields
    elif "per_idle_connection" in fields:
        idle[(name, int(fields["clients"]))] = fields["per_idle_connection"]
num = lambda s: float(re.sub(r"[^0-9.]", "", s))
print()
print("| clients | rate | ours CPU/delivery | Node CPU/delivery | Node ÷ ours | ours p99 | Node p99 | Node p99 ÷ ours | lost ours / Node | server CPU ours / Node |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = {}
for (name, clients, rate), ours in sorted(rows.items(), key=lambda kv: (kv[0][1], num(kv[0][2]))):
    if name != "swift" or ("node", clients, rate) not in rows:
        continue
    node = rows[("node", clients, rate)]
    cpu_ratio = num(node["cpu_per_delivery"]) / max(1e-9, num(ours["cpu_per_delivery"]))
    p99_ratio = num(node["p99"]) / max(1e-9, num(ours["p99"]))
    ratios.setdefault(clients, []).append((rate, cpu_ratio))
    print(f"| {clients:,} | {rate} | {ours['cpu_per_delivery']} | {node['cpu_per_delivery']} | {cpu_ratio:.2f}× | {ours['p99']} | {node['p99']} | {p99_ratio:.2f}× | {ours['lost']} / {node['lost']} | {ours['server_cpu_util']} / {node['server_cpu_util']} |")
print()
for clients in sorted({c for _, c in idle}):
    print(f"memory per idle connection, {clients:,} clients: ours {idle.get(('swift', clients), '?')}, Node {idle.get(('node', clients), '?')}")
print()
if ratios:
    # The budget compares CPU at the budget load: the highest rate measured per client count.
    per = {c: max(r, key=lambda x: num(x[0]))[1] for c, r in ratios.items()}
    figure = " / ".join(f"{per[c]:.2f}× ({c:,} clients × {max(ratios[c], key=lambda x: num(x[0]))[0]})" for c in sorted(per))
    met = "yes" if all(v >= 3 for v in per.values()) and len(per) >= 2 else "no"
    print(f"BUDGET | WebSocket fan-out server CPU per delivery vs Node ws (100 / 1,000 clients) | ≥ 3× less CPU than Node | {figure} | {met}")
EOF
