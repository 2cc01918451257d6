#!/usr/bin/env bash
# Idle CPU of the terminal UI with the server running and no traffic: the release binary in a
# 200x60 tmux pane, CPU ticks (utime + stime from /proc) over 60 seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product isomorphiq-tui >/dev/null
BIN=$PWD/.build/release/isomorphiq-tui
DATA=$(mktemp -d)
SESSION=idle-bench-$$
SECONDS_IDLE=${IDLE_SECONDS:-60}
trap 'tmux kill-session -t $SESSION 2>/dev/null; rm -rf "$DATA"' EXIT
tmux new-session -d -s "$SESSION" -x 200 -y 60 "exec $BIN --data-dir $DATA --port 0 --tcp-port 0 --user bench"
sleep 3
PID=""
for candidate in $(pgrep -f -- "--data-dir $DATA"); do
    [ "$(cat /proc/$candidate/comm 2>/dev/null)" = isomorphiq-tui ] && PID=$candidate
done
[ -n "$PID" ] || { echo "the UI did not start"; exit 1; }
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
T0=$(ticks)
sleep "$SECONDS_IDLE"
T1=$(ticks)
HZ=$(getconf CLK_TCK)
PCT=$(python3 -c "print(f'{($T1-$T0)/$HZ/$SECONDS_IDLE*100:.3f}')")
echo "idle: $((T1 - T0)) ticks of 1/$HZ s over $SECONDS_IDLE s with the server running: $PCT % CPU ($(grep Threads /proc/$PID/status | awk '{print $2}') threads)"
# The budget is stated to one decimal (0.0 %): met below 0.05 %. What can still wake the process
# when nothing happens is libdispatch's worker-pool monitor, a 1 Hz timer inside the Swift runtime
# on Linux (a few µs each; an occasional single 10 ms tick lands on it).
MET=$(python3 -c "print('yes' if ($T1-$T0)/$HZ/$SECONDS_IDLE*100 < 0.05 else 'no')")
echo "BUDGET | TUI idle CPU over ${SECONDS_IDLE} s, server running, no traffic | 0.0 % | $PCT % ($((T1 - T0)) ticks) | $MET"
tmux send-keys -t "$SESSION" q
