#!/usr/bin/env bash
# End-to-end test of the terminal UI under tmux.
#
#   Tests/e2e/tui_tmux_test.sh path/to/isomorphiq-tui
#
# Runs the binary with --no-server and a temporary --data-dir in a detached 120x40 tmux
# session, drives it with send-keys, reads it with capture-pane, and checks what a user would
# see. With E2E_SERVER=1 it starts the server on a free port instead and also checks that a
# task created over REST (POST /api/tasks) and a WebSocket client (/ws) appear live
# (E2E_TOKEN, if set, is sent as a bearer token).
# Prints one line per check and a final "N passed, N failed"; exits non-zero on any failure.
set -u

BIN=${1:?usage: $0 path/to/isomorphiq-tui}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
WORK=$(mktemp -d)
SESSION="isomorphiq-e2e-$$"

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
source "$(dirname "$0")/tmuxlib.sh"

# wait_cursor TEXT [SECONDS]: polls until the list's selected row (marked ">") shows TEXT.
wait_cursor() {
    local text=$1 deadline=$((SECONDS + ${2:-10}))
    while ((SECONDS < deadline)); do
        screen | grep -E '^. *>' | grep -qF -- "$text" && return 0
        sleep 0.1
    done
    return 1
}

# start NAME ARGS...: runs the binary in a fresh session; after it exits the wrapper records
# its status and the tty settings, then idles so the pane can be inspected.
start() {
    local name=$1
    shift
    tmux kill-session -t "$SESSION" 2>/dev/null
    mkdir -p "$WORK/$name"
    tmux new-session -d -s "$SESSION" -x 120 -y 40 \
        "echo BEFORE-UI; (echo \$BASHPID > $WORK/$name/pid; exec $BIN --data-dir $WORK/$name/data --user alice $*); echo EXIT=\$? > $WORK/$name/exit; stty -a > $WORK/$name/stty; echo AFTER-UI; sleep 600"
}
exited() { [ -f "$WORK/$1/exit" ]; }
wait_exit() {
    local deadline=$((SECONDS + 10))
    while ((SECONDS < deadline)); do exited "$1" && return 0; sleep 0.1; done
    return 1
}
restored() {
    local name=$1
    wait_for AFTER-UI 5 &&
        grep -q "EXIT=0" "$WORK/$name/exit" &&
        grep -qw icanon "$WORK/$name/stty" && grep -qw echo "$WORK/$name/stty" &&
        ! screen | grep -qF "Tasks (" && screen | grep -qF BEFORE-UI
}

SERVER_ARGS="--no-server"
if [ "${E2E_SERVER:-0}" = 1 ]; then
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    E2E_TOKEN=${E2E_TOKEN:-e2e-token-0123456789abcdef}
    SERVER_ARGS="--port $PORT --tcp-port 0 --token $E2E_TOKEN"
fi

# 1. Start-up, a task from the keyboard, navigation, status, filter, help, resize, quit.
start main "$SERVER_ARGS"
check "starts and shows the empty list" wait_for "No tasks yet"
check "status bar shows the server state" wait_for "$([ "${E2E_SERVER:-0}" = 1 ] && echo "127.0.0.1:$PORT" || echo "server off")"
if [ "${E2E_SERVER:-0}" = 1 ]; then
    # Started with --token: the hint must not send the user to `token show` (another user's token).
    check "the token hint names the token given, not token show" wait_for "token: the one given with --token"
fi

tmux send-keys -t "$SESSION" n
check "n opens the form" wait_for "New task"
tmux send-keys -t "$SESSION" -l "Write the e2e test 日本"
tmux send-keys -t "$SESSION" Enter
check "the new task shows in the list" wait_for "Write the e2e test 日本"
check "its event shows in the feed" wait_for "created   #"

tmux send-keys -t "$SESSION" s
check "s moves it to in-progress" wait_for "todo → in-progress"

tmux send-keys -t "$SESSION" u
check "u undoes it" wait_for "undone (1 change)"

tmux send-keys -t "$SESSION" n
tmux send-keys -t "$SESSION" -l "$(printf 'x%.0s' $(seq 1 210))"
tmux send-keys -t "$SESSION" Enter
check "a too-long title is refused in the form" wait_for "at most 200"
tmux send-keys -t "$SESSION" Escape
check "Esc closes the form" wait_gone "New task"

tmux send-keys -t "$SESSION" /
tmux send-keys -t "$SESSION" -l "status:done"
tmux send-keys -t "$SESSION" Enter
check "a filter narrows the list" wait_for "No task matches the filter"
tmux send-keys -t "$SESSION" x
check "x clears it" wait_for "Write the e2e test"

# A second task, then a mouse click on the first row (xterm X10 encoding, as tmux forwards a
# click to a program that asked for the mouse: ESC [ M, button+32, column+32, row+32).
tmux send-keys -t "$SESSION" n
tmux send-keys -t "$SESSION" -l "Second task for the mouse"
tmux send-keys -t "$SESSION" Enter
check "a second task shows" wait_for "Second task for the mouse"
check "the cursor moves to the new task" wait_cursor "Second task for the"
row=$(screen | grep -n "Write the e2e test" | head -1 | cut -d: -f1)
tmux send-keys -t "$SESSION" -l "$(printf '\033[M %b%b' "\\$(printf '%03o' $((32 + 20)))" "\\$(printf '%03o' $((32 + row)))")"
tmux send-keys -t "$SESSION" -l "$(printf '\033[M#%b%b' "\\$(printf '%03o' $((32 + 20)))" "\\$(printf '%03o' $((32 + row)))")"
check "a mouse click selects the row under it" wait_cursor "Write the e2e test"

tmux send-keys -t "$SESSION" "?"
check "? shows the key table" wait_for "command palette"
tmux send-keys -t "$SESSION" Escape
check "Esc closes the help" wait_gone "command palette"

if [ "${E2E_SERVER:-0}" = 1 ]; then
    AUTH=()
    [ -n "${E2E_TOKEN:-}" ] && AUTH=(-H "Authorization: Bearer $E2E_TOKEN")
    curl -fsS "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"title":"Made over REST"}' \
        "http://127.0.0.1:$PORT/api/tasks" >/dev/null
    check "a task created over REST appears" wait_for "Made over REST"
    python3 - "$PORT" "${E2E_TOKEN:-}" <<'PY' &
import base64, os, socket, sys, time
port, token = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port))
key = base64.b64encode(os.urandom(16)).decode()
auth = f"Authorization: Bearer {token}\r\n" if token else ""
s.sendall(f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{auth}\r\n".encode())
s.recv(4096)
time.sleep(8)
PY
    WS=$!
    check "a WebSocket client shows in the clients pane" wait_for "Clients (1)"
    kill $WS 2>/dev/null
    check "its disconnect shows too" wait_for "Clients (0)"
fi

# Titles whose clusters terminals draw differently (ZWJ family, skin tone, flag, VS16, keycap,
# combining mark, CJK): every row still ends on its pane border, and Ctrl-L redraws the same screen.
for title in $'Family \u200d 👨\u200d👩\u200d👧 end' 'Thumbs 👍🏽 end' 'Flag 🇯🇵 end' $'Heart \u2764\ufe0f end' $'Keycap 1\ufe0f\u20e3 end' $'Cafe\u0301 end' '日本語のタスク end'; do
    tmux send-keys -t "$SESSION" n
    wait_for "New task" >/dev/null
    tmux send-keys -t "$SESSION" -l "$title"
    tmux send-keys -t "$SESSION" Enter
    wait_gone "New task" >/dev/null
done
check "the emoji titles are listed" wait_for "Thumbs"
for key in j j j k k j j j j k; do tmux send-keys -t "$SESSION" "$key"; done
sleep 0.5
borders_intact() {
    screen | python3 -c '
import sys
rows = sys.stdin.read().rstrip("\n").split("\n")[:-2]  # the status bar and the message line
bad = [r for r in rows if r.strip() and r.rstrip()[-1] not in "│┐┘┤"]
for r in bad: print("row not ending on a border:", repr(r), file=sys.stderr)
sys.exit(1 if bad else 0)'
}
check "with those titles every row still ends on its pane border" borders_intact
# (The status bar and message line move with time: the panes are compared.)
before=$(screen | head -n -2)
tmux send-keys -t "$SESSION" C-l
sleep 0.5
same_after_repaint() {
    local after
    after=$(screen | head -n -2)
    [ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2; return 1; }
}
check "Ctrl-L repaints the very same screen" same_after_repaint

tmux resize-window -t "$SESSION" -x 40 -y 10
check "a too-small terminal gets a message" wait_for "Terminal too small"
tmux resize-window -t "$SESSION" -x 200 -y 60
check "a larger terminal reflows with the detail pane" wait_for "Detail"
check "the list is back" wait_for "Write the e2e test"

tmux send-keys -t "$SESSION" q
check "q quits with status 0" wait_exit main
check "the terminal is restored after q" restored main

# 2. SIGTERM restores the terminal too.
start term "--no-server"
wait_for "No tasks yet" >/dev/null
PID=$(cat "$WORK/term/pid")
kill -TERM "$PID"
check "SIGTERM quits" wait_exit term
check "the terminal is restored after SIGTERM" restored term

# 3. SIGINT (kill -INT, not the key) likewise.
start int "--no-server"
wait_for "No tasks yet" >/dev/null
PID=$(cat "$WORK/int/pid")
kill -INT "$PID"
check "SIGINT quits" wait_exit int
check "the terminal is restored after SIGINT" restored int

# 4. NO_COLOR still runs.
tmux kill-session -t "$SESSION" 2>/dev/null
mkdir -p "$WORK/mono"
tmux new-session -d -s "$SESSION" -x 80 -y 24 "NO_COLOR=1 TERM=vt100 $BIN --no-server --data-dir $WORK/mono/data; echo EXIT=\$? > $WORK/mono/exit; sleep 600"
check "NO_COLOR on a monochrome terminal shows the UI" wait_for "No tasks yet"
tmux send-keys -t "$SESSION" C-c
check "Ctrl-C quits" wait_exit mono

# 5. A multi-line paste (bracketed, as tmux pastes for a program that asks) becomes one task
#    with its lines in the description, never keys; Ctrl-O edits the description in $EDITOR.
tmux kill-session -t "$SESSION" 2>/dev/null
mkdir -p "$WORK/paste"
printf '#!/bin/sh\nprintf "Edited in the editor\\n" >> "$1"\n' > "$WORK/paste/editor.sh"
chmod +x "$WORK/paste/editor.sh"
tmux new-session -d -s "$SESSION" -x 120 -y 40 "EDITOR=$WORK/paste/editor.sh $BIN --no-server --data-dir $WORK/paste/data --user alice; echo EXIT=\$? > $WORK/paste/exit; sleep 600"
wait_for "No tasks yet" >/dev/null
tmux set-buffer -b isomorphiq-paste "$(printf 'Plan the launch\nBook the room\nInvite the team')"
tmux paste-buffer -p -b isomorphiq-paste -t "$SESSION"
check "a paste in the list opens a new task with it (its letters are not keys)" wait_for "New task"
check "the pasted lines after the first are the description" wait_for "Book the room⏎Invite the team"
tmux send-keys -t "$SESSION" C-o
check "Ctrl-O edits the description in \$EDITOR and comes back to the form" wait_for "Invite the team⏎Edited in the editor"
tmux send-keys -t "$SESSION" Enter
check "Enter saves the pasted task" wait_for "created #"
tmux send-keys -t "$SESSION" q
wait_exit paste >/dev/null
check "the stored description has every line" bash -c "$BIN task list --json --data-dir $WORK/paste/data | grep -qF 'Book the room\\nInvite the team\\nEdited in the editor'"

# 6. Keys from the configuration file: quit moves to Q, and the help and hint follow the table.
printf '{"tui": {"keys": {"quit": ["Q", "ctrl-c"], "undo": ["ctrl-z"]}, "colors": {"focus": "magenta"}}}' > "$WORK/keys.json"
start keys "--no-server --config $WORK/keys.json"
wait_for "No tasks yet" >/dev/null
check "the hint shows the configured key" wait_for "Q quit"
# Keys are handled in order: once the help that ? opens is on screen, q has been handled too.
tmux send-keys -t "$SESSION" q '?'
check "help lists the configured keys" wait_for "Ctrl-Z"
check "q no longer quits once quit is bound to Q" bash -c "! [ -f $WORK/keys/exit ]"
tmux send-keys -t "$SESSION" Escape
tmux send-keys -t "$SESSION" Q
check "Q quits" wait_exit keys

summary
