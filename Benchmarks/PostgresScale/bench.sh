#!/usr/bin/env bash
# Scale-out on PostgreSQL (docs/SCALING.md): durable appends through the bus with 1, 2 and 3
# instances (processes) writing to one log, 64 writers in all; then cross-instance delivery
# latency (POST on instance 1 -> WebSocket client of instance 2). Starts its own PostgreSQL cluster.
# Usage: Benchmarks/PostgresScale/bench.sh   (BIN=path/to/isomorphiq-tui to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path .build-bench --product isomorphiq-tui >&2
    BIN=.build-bench/release/isomorphiq-tui
fi
SECONDS_EACH=${SECONDS_EACH:-10}
PG_DIR=$(mktemp -d /tmp/isomorphiq-bench-pg.XXXXXX)
PG_PORT=$((40000 + RANDOM % 10000))
URL=$(bash Tests/support/postgres.sh start "$PG_DIR" "$PG_PORT")
trap 'bash Tests/support/postgres.sh stop "$PG_DIR"; rm -rf "$PG_DIR"' EXIT
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(psql --version), binary $BIN"
# A fresh cluster creates its WAL segments as it goes; one unmeasured run first, so that every
# configuration below meets the same warm cluster.
psql -h 127.0.0.1 -p "$PG_PORT" -U isomorphiq -d postgres -qc "CREATE DATABASE bench_warmup"
"$BIN" events bench-append --database-url "${URL%/*}/bench_warmup" --writers 64 --seconds 5 >/dev/null 2>&1
cpu_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $5+$6}' /proc/stat; }
for instances in 1 2 3; do
    db=bench_$instances
    psql -h 127.0.0.1 -p "$PG_PORT" -U isomorphiq -d postgres -qc "CREATE DATABASE $db"
    target=${URL%/*}/$db
    # Migrate once before the clock starts.
    "$BIN" events stats --database-url "$target" >/dev/null
    outs=()
    read -r busy0 idle0 < <(cpu_busy)
    for i in $(seq 1 "$instances"); do
        out=$(mktemp)
        outs+=("$out")
        "$BIN" events bench-append --database-url "$target" --writers $((64 / instances)) --seconds "$SECONDS_EACH" >"$out" &
    done
    wait
    read -r busy1 idle1 < <(cpu_busy)
    python3 - "$instances" "$((busy1 - busy0))" "$((idle1 - idle0))" "${outs[@]}" <<'PY'
import json, os, sys
n, busy, idle = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
runs = [json.loads(open(p).read().strip().splitlines()[-1]) for p in sys.argv[4:]]
total = sum(r["perSecond"] for r in runs)
events = sum(r["events"] for r in runs)
core_seconds = busy / os.sysconf("SC_CLK_TCK")
print("postgres appends, %d instance(s), 64 writers in all: %.0f events/s, p50 %.2f ms, p99 %.2f ms (worst instance), conflicts %d, followed %d; "
      "machine %.0f%% busy, %.0f µs of CPU per event (instances and PostgreSQL)"
      % (n, total, max(r["p50ms"] for r in runs), max(r["p99ms"] for r in runs), sum(r["conflicts"] for r in runs), sum(r["followed"] for r in runs),
         100.0 * busy / max(1, busy + idle), core_seconds * 1e6 / max(1, events)))
PY
    rm -f "${outs[@]}"
done
# Replay and start-up from PostgreSQL at LOAD_EVENTS (default 1,000,000) events.
psql -h 127.0.0.1 -p "$PG_PORT" -U isomorphiq -d postgres -qc "CREATE DATABASE bench_load"
"$BIN" events bench-load --database-url "${URL%/*}/bench_load" --events "${LOAD_EVENTS:-1000000}" 2>/dev/null | tail -1 | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print("postgres log of %d events (%d tasks; filled in %.0f s): full replay %.2f s (%.0f events/s); start-up from the snapshot + %d events %.3f s"
      % (r["events"], r["tasks"], r["fillSeconds"], r["replaySeconds"], r["replayPerSecond"], r["replayedAfterSnapshot"], r["startUpSeconds"]))'
ISOMORPHIQ_TEST_DATABASE_URL=$URL python3 - "$(realpath "$BIN")" <<'PY'
import asyncio, os, sys
sys.path.insert(0, "Tests/e2e")
import scale_postgres_test as t
url = t.fresh_database(os.environ["ISOMORPHIQ_TEST_DATABASE_URL"])
servers = t.start(sys.argv[1], url, 2)
try:
    asyncio.run(t.latency(servers, samples=300))
finally:
    for s in servers: s.stop()
PY
