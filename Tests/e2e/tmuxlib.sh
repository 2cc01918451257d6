# Helpers shared by the tmux end-to-end scripts; source it after setting SESSION.
#
# check NAME CMD...      runs CMD; counts and prints "ok   - NAME" or "FAIL - NAME" with the screen
# screen                 the pane as text
# wait_for TEXT [SECS]   polls the pane until TEXT shows (no fixed sleeps); default 10 s
# wait_gone TEXT [SECS]  polls until TEXT is no longer on the pane
# summary                prints "N passed, N failed"; its status is whether nothing failed
#
# POLL (seconds between looks at the pane) defaults to 0.1; a script that measures latency sets
# it lower before sourcing.
PASSED=0
FAILED=0
POLL=${POLL:-0.1}

pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL - $1"
    echo "----- screen -----"
    tmux capture-pane -p -t "$SESSION" 2>/dev/null | sed 's/^/  | /'
    echo "------------------"
}
check() { if "${@:2}"; then pass "$1"; else fail "$1"; fi; }
screen() { tmux capture-pane -p -t "$SESSION"; }

wait_for() {
    local text=$1 deadline=$((SECONDS + ${2:-10}))
    while ((SECONDS < deadline)); do
        screen | grep -qF -- "$text" && return 0
        sleep "$POLL"
    done
    return 1
}

wait_gone() {
    local text=$1 deadline=$((SECONDS + ${2:-10}))
    while ((SECONDS < deadline)); do
        screen | grep -qF -- "$text" || return 0
        sleep "$POLL"
    done
    return 1
}

summary() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
