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
for instances in 1 2 3; do
    db=bench_$instances
    psql -h 127.0.0.1 -p "$PG_PORT" -U isomorphiq -d postgres -qc "CREATE DATABASE $db"
    target=${URL%/*}/$db
    # Migrate once before the clock starts.
    "$BIN" events stats --database-url "$target" >/dev/null
    outs=()
    for i in $(seq 1 "$instances"); do
        out=$(mktemp)
        outs+=("$out")
        "$BIN" events bench-append --database-url "$target" --writers $((64 / instances)) --seconds "$SECONDS_EACH" >"$out" &
    done
    wait
    python3 - "$instances" "${outs[@]}" <<'PY'
import json, sys
n = int(sys.argv[1]); runs = [json.loads(open(p).read().strip().splitlines()[-1]) for p in sys.argv[2:]]
total = sum(r["perSecond"] for r in runs)
print("postgres appends, %d instance(s), 64 writers in all: %.0f events/s, p50 %.2f ms, p99 %.2f ms (worst instance), conflicts %d, followed %d"
      % (n, total, max(r["p50ms"] for r in runs), max(r["p99ms"] for r in runs), sum(r["conflicts"] for r in runs), sum(r["followed"] for r in runs)))
PY
    rm -f "${outs[@]}"
done
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
