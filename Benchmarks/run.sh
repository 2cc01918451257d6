#!/usr/bin/env bash
# `make bench`: every benchmark in release mode, then BENCHMARKS.md (machine, settings, and for
# each budget line of DESIGN.md the budget and the figure measured in this run).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-bench/results
mkdir -p "$out"
export ISOMORPHIQ_BENCHMARKS=1
# The benchmark packages depend on the root by path; SwiftPM keeps their build plans across
# runs and does not notice a source file added to the root since (the build then fails).
# Dropping the plans makes each package re-plan once; the compiled objects are kept.
rm -f Benchmarks/*/.build/*.yaml

echo "== core: ordo-one/benchmark (CoreBenchmarks)"
swift package --disable-sandbox --scratch-path .build-bench benchmark --target CoreBenchmarks --no-progress | tee "$out/core.txt"

echo "== core: BusThroughput driver"
swift build -c release --scratch-path .build-bench --product BusThroughput
: > "$out/bus.txt"
for args in "1000000 8 100" "300000 64 1" "100000 1 1"; do
    .build-bench/release/BusThroughput $args | tee -a "$out/bus.txt"
done

echo "== store: StoreBench"
swift run -c release --package-path Benchmarks/StoreBench StoreBench | tee "$out/store.txt"

# The fan-out benchmarks (ServerBench, NodeBaseline) pin the server to core 0 and the load client
# to core 1, so that the client's reading does not queue behind the server on a shared core (the
# p99 would be the client's). Set SERVER_CPUS= CLIENT_CPUS= (empty) to run them unpinned.
export SERVER_CPUS=${SERVER_CPUS-0} CLIENT_CPUS=${CLIENT_CPUS-1}
for extra in Benchmarks/*/bench.sh; do
    [ -x "$extra" ] || continue
    name=$(basename "$(dirname "$extra")")
    echo "== $name"
    "$extra" | tee "$out/$name.txt"
done

python3 Benchmarks/summarize.py "$out" > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
