#!/usr/bin/env bash
# Fan-out benchmark: release build, the server in one process, the load client in another.
# Usage: Benchmarks/ServerBench/bench.sh [seconds]   (prints one line per client count and rate)
# SERVER_CPUS / CLIENT_CPUS (taskset lists, e.g. 0 and 1) pin the server and the load client.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_PER_RATE=${1:-10}
swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)
# The load client: LeanClient (C, epoll; built here with cc) by default, so that the client does
# not eat the cores the server needs; LOAD_CLIENT=swift runs BenchClient (HummingbirdWSClient).
CLIENT=$(./LeanClient/build.sh "$BIN")
[ "${LOAD_CLIENT:-lean}" = swift ] && CLIENT="$BIN/BenchClient"
SERVER_PIN=${SERVER_CPUS:+taskset -c $SERVER_CPUS}
CLIENT_PIN=${CLIENT_CPUS:+taskset -c $CLIENT_CPUS}
for clients in 100 1000; do
    echo "# $clients clients, load average $(cut -d' ' -f1-3 /proc/loadavg)${SERVER_PIN:+, server: $SERVER_PIN, client: ${CLIENT_PIN:-unpinned}}"
    $SERVER_PIN "$BIN/BenchServer" 1024 > server.out &
    PID=$!
    for _ in $(seq 1 100); do grep -q port= server.out 2>/dev/null && break; sleep 0.1; done
    PORT=$(sed -E 's/.*port=([0-9]+).*/\1/' server.out | head -1)
    rates="10,100,200,400"
    [ "$clients" -eq 100 ] && rates="100,500,1000"
    $CLIENT_PIN "$CLIENT" "$PORT" "$PID" "$clients" "$rates" "$SECONDS_PER_RATE" || true
    kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
    rm -f server.out
done
