#!/usr/bin/env bash
# Terminal UI: render + diff at 200x60 with 100,000 tasks, and commit → frame (release build).
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release >&2
"$(swift build -c release --show-bin-path)/TUIBench" "${1:-100000}"
