#!/usr/bin/env bash
# Builds LeanClient (leanclient.c) into the given directory with cc and prints its path.
# Usage: LeanClient/build.sh OUTPUT_DIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT="$1/leanclient"
if [ ! -x "$OUT" ] || [ "$HERE/leanclient.c" -nt "$OUT" ]; then
    cc -O2 -Wall -Wextra -o "$OUT" "$HERE/leanclient.c" -lpthread >&2
fi
echo "$OUT"
