#!/usr/bin/env bash
# ctest report/schema: writes JSON reports the way the tests and users do and validates every
# one against docs/report.schema.json: a clean run of every dialect, a run limited by --only,
# one red run per planted deviation, and an unreachable endpoint.
# Usage: report_schema.sh PANELCHECK PANELMOCK SOURCE_DIR [PENDING]
set -uo pipefail
pc=$1 pm=$2 src=$3 pending=${4:-}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
# Runs panelcheck with "$@" and requires an exit code matching $1 (e.g. 0, [01]).
run() {
    local want=$1 rc=0
    shift
    "$pc" run --no-color "$@" >"$tmp/console" 2>&1 || rc=$?
    if [[ $rc != $want ]]; then
        echo "report_schema: 'panelcheck run $*' exited $rc, expected $want"
        tail -5 "$tmp/console"
        fail=1
    fi
}
run 0 --dialect all --report json:"$tmp/clean.json"
run 0 --dialect dripfeedpanel --only services,balance --report json:"$tmp/only.json"
n=0
while IFS=$'\t' read -r dev _; do
    [ -n "$dev" ] || continue
    # failed or (a deviation from an example-only or assumed rule) warned: e2e judges which
    run '[01]' --dialect all --mock-deviate "$dev" --report json:"$tmp/deviate-$dev.json"
    n=$((n + 1))
    [ $n -lt 100 ] || break
done < <("$pm" --list-deviations)
[ $n -gt 0 ] || { echo "report_schema: panelmock --list-deviations printed none"; fail=1; }
# A closed port on loopback: bind one, note it, close it.
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run 3 --url "http://127.0.0.1:$port/api/v2" --key abcdef --dialect dripfeedpanel \
    --timeout 2000 --report json:"$tmp/unreachable.json"
set -- "$tmp"/*.json
echo "report_schema: validating $# reports ($n deviations)"
"$py" "$src/tests/report/validate_report.py" "$src/docs/report.schema.json" \
    ${pending:+--pending "$pending"} "$@" || fail=1
if grep -l 'abcdef' "$tmp"/unreachable.json >/dev/null; then
    echo "report_schema: the key appears in unreachable.json"
    fail=1
fi
[ $fail = 0 ] && echo "report_schema: every report is valid"
exit $fail
