# server.sh - sourced by tests/drivers/<driver>/run.sh: the litegres under test on a fresh
# database in a temporary directory below WORK_DIR, stopped by its PID on exit.
#   litegres_start BIN WORK_DIR
# sets tmp (removed on exit), log (the server's log), srv_pid and port (the loopback port
# it chose); on failure it prints the log and exits 1 through the caller's fail function.

srv_pid=""
tmp=""

litegres_stop() {
    if [ -n "$srv_pid" ] && kill -0 "$srv_pid" 2>/dev/null; then
        kill -TERM "$srv_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$srv_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$srv_pid" 2>/dev/null && kill -KILL "$srv_pid" 2>/dev/null
        wait "$srv_pid" 2>/dev/null || true
    fi
    [ -n "$tmp" ] && rm -rf "$tmp"
}

litegres_start() {
    local bin="$1" work="$2"
    mkdir -p "$work"
    tmp="$(mktemp -d "$work/tmp.XXXX")"
    log="$tmp/server.log"
    trap litegres_stop EXIT
    : >"$log"
    "$bin" serve --db "$tmp/t.db" --listen 127.0.0.1:0 --unix-socket-dir "$tmp" \
        --log-level info 2>"$log" &
    srv_pid=$!
    port=""
    for _ in $(seq 1 100); do
        port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -n1)"
        [ -n "$port" ] && break
        kill -0 "$srv_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "--- server log ---" >&2
        cat "$log" >&2
        fail "litegres did not report a listening port within 10 s"
    fi
}
