#!/usr/bin/env bash
# The floor under the durable-append line: what SQLite and the kernel alone cost per event for the
# store's insert pattern (schema v4, ~620-byte rows, WAL, synchronous=FULL), written in C with no
# Swift and no waiting between commits. `make bench` runs it after StoreBench (Benchmarks/STORE.md).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p ../../.build-bench
cc -O2 -Wall -I../../Sources/CSQLiteWALBuffer/include sqlite_floor.c ../../Sources/CSQLiteWALBuffer/wal_buffer.c \
    -lsqlite3 -o ../../.build-bench/sqlite_floor
for perCommit in 64 32; do ../../.build-bench/sqlite_floor "$perCommit" full; done
../../.build-bench/sqlite_floor 64 normal
# As the store writes: the WAL's frames gathered into few writes (Sources/CSQLiteWALBuffer).
FLOOR_GATHER=1 ../../.build-bench/sqlite_floor 64 full
