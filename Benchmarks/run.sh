#!/usr/bin/env bash
# `make bench`: every benchmark in release mode, then BENCHMARKS.md (machine, settings, and for
# each budget line of DESIGN.md the budget and the figure measured in this run).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build-bench/results
mkdir -p "$out"
export ISOMORPHIQ_BENCHMARKS=1

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

for extra in Benchmarks/*/bench.sh; do
    [ -x "$extra" ] || continue
    name=$(basename "$(dirname "$extra")")
    echo "== $name"
    "$extra" | tee "$out/$name.txt"
done

python3 Benchmarks/summarize.py "$out" > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
