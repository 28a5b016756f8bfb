# Shared by the traffic test scripts (sourced): counters, a temporary directory removed on
# exit, the background processes in pids[] stopped on exit, and a bounded wait for a line.
fails=0 passes=0
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
ok() { echo "ok   $1"; passes=$((passes + 1)); }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }

# wait_line FILE SED_EXPR: prints the first match of SED_EXPR in FILE within 15 s
wait_line() {
    local v
    for _ in $(seq 150); do
        v=$(sed -n "$2" "$1" | head -1)
        [ -n "$v" ] && { echo "$v"; return 0; }
        sleep 0.1
    done
    return 1
}
