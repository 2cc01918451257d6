#!/usr/bin/env bash
# End-to-end test of the remote terminal: a host (`serve`) and a `--connect` UI under tmux.
#
#   Tests/e2e/remote_tmux_test.sh path/to/isomorphiq-tui
#
# Starts `serve` on a free port with a temporary data directory, opens `--connect` on it in a
# detached 140x40 tmux session, makes changes on both sides, stops and restarts the host (a task
# is added to its log while it is down), and has two clients edit the same task.
# E2E_LATENCY_MS (default 100) bounds how long a host change may take to show in the remote UI.
# Prints one line per check and a final "N passed, N failed"; exits non-zero on any failure.
set -u

BIN=${1:?usage: $0 path/to/isomorphiq-tui}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
WORK=$(mktemp -d)
SESSION="isomorphiq-remote-e2e-$$"
LATENCY_MS=${E2E_LATENCY_MS:-100}
SERVE_PID=""
export USER=host HOME=$WORK

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null
    [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
POLL=0.01
source "$(dirname "$0")/tmuxlib.sh"

# serve [PORT]: starts the host in the background and reads URL and TOKEN from its banner.
serve() {
    : > "$WORK/serve.out"
    "$BIN" serve --data-dir "$WORK/host" --port "${1:-0}" --tcp-port 0 --log-level error > "$WORK/serve.out" 2> "$WORK/serve.err" &
    SERVE_PID=$!
    local deadline=$((SECONDS + 20))
    while ((SECONDS < deadline)); do
        grep -q "serving" "$WORK/serve.out" 2>/dev/null && break
        sleep 0.05
    done
    URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$WORK/serve.out" | head -1)
    TOKEN=$(grep -o 'token=[^ ]*' "$WORK/serve.out" | head -1 | cut -d= -f2)
    PORT=${URL##*:}
    [ -n "$URL" ] && [ -n "$TOKEN" ]
}
stop_serve() { kill -TERM "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; SERVE_PID=""; }
host_task() { "$BIN" task "$@" --connect "$URL" --token "$TOKEN"; }
now_ms() { date +%s%3N; }

check "the host serves" serve
tmux new-session -d -s "$SESSION" -x 140 -y 40 \
    "$BIN --connect $URL --token $TOKEN --data-dir $WORK/remote; echo EXIT=\$? > $WORK/remote.exit; sleep 600"
check "the remote UI opens" wait_for "Tasks ("
check "the remote UI shows the host's URL" wait_for "$URL"
check "the clients pane lists the remote UI with its program" wait_for "isomorphiq-tu"

# A change on the host shows in the remote UI.
start=$(now_ms)
host_task add "Made on the host" > /dev/null
wait_for "Made on the host" 5
elapsed=$(($(now_ms) - start))
check "a host change shows remotely (${elapsed} ms incl. the CLI's start-up)" wait_for "Made on the host" 1
start=$(now_ms)
curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"title":"Posted to the host"}' "$URL/api/tasks"
wait_for "Posted to the host" 5
elapsed=$(($(now_ms) - start))
check "a REST change shows remotely within ${LATENCY_MS} ms (took ${elapsed} ms)" test "$elapsed" -le "$LATENCY_MS"

# A change in the remote UI reaches the host.
tmux send-keys -t "$SESSION" n
wait_for "New task" 5
tmux send-keys -t "$SESSION" -l "Made remotely"
tmux send-keys -t "$SESSION" Enter
check "the remote form creates the task" wait_for "created #" 5
host_has() { host_task list | grep -qF "$1"; }
check "the host has the remote's task" host_has "Made remotely"

# The host stops: the remote says so and refuses edits; a task is added to the log meanwhile.
stop_serve
check "the status bar says the connection is lost" wait_for "OFFLINE" 10
tmux send-keys -t "$SESSION" s
check "an edit while offline is refused with a message" wait_for "offline" 5
check "the board stays readable" wait_for "Made remotely" 1
"$BIN" task add "Added while the host was down" --data-dir "$WORK/host" > /dev/null
check "the host restarts on the same port" serve "$PORT"
check "the remote resumes and shows what happened meanwhile" wait_for "Added while the host was down" 20
offline_gone() { ! screen | grep -qF "OFFLINE"; }
check "the status bar is live again" offline_gone
no_duplicates() { screen | grep -qF "Tasks (4)" && [ "$(screen | grep -cE "^│ [0-9]{2}:[0-9]{2}:[0-9]{2} .* created ")" = "4" ]; }
check "no gap and no duplicate after the resume (4 tasks, 4 events)" no_duplicates

# Two clients edit the same task: the second gets the conflict.
id=$(host_task list | grep -F "Made on the host" | grep -o '#[0-9a-f]\{8\}' | tr -d '#')
version=$(host_task show "$id" --json | grep -o '"version":[0-9]*' | cut -d: -f2)
host_task edit "$id" --title "First edit" --expect-version "$version" > /dev/null
first=$?
host_task edit "$id" --title "Second edit" --expect-version "$version" > /dev/null 2> "$WORK/conflict.err"
second=$?
check "the first edit succeeds" test "$first" -eq 0
check "the second edit gets the conflict (exit 6)" test "$second" -eq 6
check "the remote shows the first edit" wait_for "First edit" 5

# The remote UI's own conflict: open the form, the host edits, then save.
tmux send-keys -t "$SESSION" /
tmux send-keys -t "$SESSION" -l "First edit"
tmux send-keys -t "$SESSION" Enter
wait_for "filter: First edit" 5
tmux send-keys -t "$SESSION" e
wait_for "Edit #" 5
host_task edit "$id" --title "Changed by the host" > /dev/null
wait_for "Changed by the host" 5
tmux send-keys -t "$SESSION" -l " (remote)"
tmux send-keys -t "$SESSION" Enter
check "a remote save over a newer version shows who changed what" wait_for "changed meanwhile" 5
tmux send-keys -t "$SESSION" Enter
check "Enter again applies the edit over theirs" wait_for "(remote)" 5

tmux send-keys -t "$SESSION" Escape
sleep 0.3 # a lone Esc, not Alt-q
tmux send-keys -t "$SESSION" q
exited() { local deadline=$((SECONDS + 10)); while ((SECONDS < deadline)); do grep -q "EXIT=0" "$WORK/remote.exit" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
check "q quits the remote UI with status 0" exited

summary
