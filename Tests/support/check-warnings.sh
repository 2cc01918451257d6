#!/usr/bin/env bash
# check-warnings.sh BUILD_LOG: fails when the build printed a warning in this package's own
# code (Sources/, Tests/, Benchmarks/) that Tests/support/known-warnings.txt does not list.
# Dependencies' warnings are theirs. A fresh build (CI) compiles, and so warns about, every file.
set -u
export LC_ALL=C
log=${1:?usage: $0 build-log}
root=$(cd "$(dirname "$0")/../.." && pwd)
known="$root/Tests/support/known-warnings.txt"
found=$(grep -E "^$root/(Sources|Tests|Benchmarks)/[^:]+:[0-9]+:[0-9]+: warning: " "$log" |
    sed -E "s|^$root/||; s|:[0-9]+:[0-9]+: warning: |: |; s| \[#[^]]+\]$||" | sort -u)
new=$(comm -23 <(printf '%s\n' "$found" | sed '/^$/d') <(grep -v '^#' "$known" | sed '/^$/d' | sort -u))
if [ -n "$new" ]; then
    echo "new compiler warnings in this package's code (fix them, or list them in $known):"
    printf '%s\n' "$new" | sed 's/^/  /'
    exit 1
fi
echo "warnings: none new ($(printf '%s\n' "$found" | sed '/^$/d' | wc -l) known)"
