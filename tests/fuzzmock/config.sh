#!/usr/bin/env bash
# tests/fuzzmock/config.sh PANELMOCK: every --fuzz option set from a --config file. Good
# values (numbers, strings, an action array) start a fuzz session on 127.0.0.1 (a free port)
# whose report shows them, and "fuzz_replay" replays one of its answers from the report file
# byte for byte; bad values are refused with exit 2 and the key named. Bounded: 5 s waits.
set -euo pipefail
pm=$1
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }

# 1. a session configured only by the file
cat > "$tmp/good.json" <<EOF
{"dialect": "panel-v2", "log": "none", "fuzz": 21, "fuzz_rate": 0.5,
 "fuzz_actions": ["balance", "services"], "fuzz_report": "$tmp/rep.json"}
EOF
"$pm" --config "$tmp/good.json" > "$tmp/out" 2> "$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q ' key ' "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" | head -1)
key=$(grep -o ' key [^ ]*' "$tmp/out" | head -1 | cut -d' ' -f3)
[ -n "$url" ] && [ -n "$key" ] || { echo "FAIL: panelmock did not start"; cat "$tmp/err"; exit 1; }
for i in $(seq 20); do
    curl -s -m 5 -o "$tmp/a$i" -d "key=$key&action=balance" "$url/api/v2" || true
done
curl -s -m 5 -o "$tmp/add" -d "key=$key&action=add&service=1&link=https://example.com/p&quantity=100" \
    "$url/api/v2" || true
curl -s -m 5 "$url/__panelmock/fuzz" > "$tmp/rep-live.json"
curl -s -m 5 -X POST "$url/__panelmock/shutdown" > /dev/null
wait "$pid" || true
pid=
/usr/bin/python3 - "$tmp/rep-live.json" <<'EOF' && ok "report shows the file's seed, rate and actions" || bad "report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["seed"] == 21, r["seed"]
assert abs(r["rate"] - 0.5) < 1e-9, r["rate"]
assert r["requests"] == 21, r["requests"]
assert 0 < r["mutated"] < 20, r["mutated"]
assert {x["action"] for x in r["rows"]} == {"balance"}, r["rows"]
EOF
test -s "$tmp/rep.json" && test -s "$tmp/rep.json.md" && ok "fuzz_report written" || bad "fuzz_report"
tok=$(grep -o '"token": "fz-21-[0-9]*"' "$tmp/rep.json" | head -1 | cut -d'"' -f4)
n=${tok##*-}
cat > "$tmp/replay.json" <<EOF
{"fuzz_replay": "$tok", "fuzz_report": "$tmp/rep.json"}
EOF
if [ -n "$tok" ] && "$pm" --config "$tmp/replay.json" > "$tmp/r" 2> /dev/null &&
    cmp -s "$tmp/r" "$tmp/a$n"; then
    ok "fuzz_replay $tok byte for byte"
else
    bad "fuzz_replay $tok"
fi

# 2. string forms are accepted as well (checked without starting a server: --fuzz-replay of a
#    token of the same report exits 0)
cat > "$tmp/strings.json" <<EOF
{"fuzz": "21", "fuzz_rate": "1", "fuzz_actions": "balance,add",
 "fuzz_report": "$tmp/rep.json", "fuzz_replay": "$tok"}
EOF
"$pm" --config "$tmp/strings.json" > /dev/null 2>&1 && ok "string values" || bad "string values"

# 3. bad values: exit 2, the key named
check_bad() { # KEY JSON-VALUE
    printf '{"%s": %s}\n' "$1" "$2" > "$tmp/bad.json"
    set +e
    "$pm" --config "$tmp/bad.json" > /dev/null 2> "$tmp/berr"
    rc=$?
    set -e
    if [ "$rc" = 2 ] && grep -q "\"$1\"" "$tmp/berr"; then
        ok "$1: $2 refused"
    else
        bad "$1: $2 (exit $rc: $(cat "$tmp/berr"))"
    fi
}
check_bad fuzz -1
check_bad fuzz '"x"'
check_bad fuzz 1.5
check_bad fuzz true
check_bad fuzz_rate 2
check_bad fuzz_rate -0.1
check_bad fuzz_rate '"abc"'
check_bad fuzz_rate '[]'
check_bad fuzz_actions '"bogus"'
check_bad fuzz_actions '["add", 3]'
check_bad fuzz_actions '["add,status"]'
check_bad fuzz_actions '[]'
check_bad fuzz_actions 7
check_bad fuzz_report 5
check_bad fuzz_replay false
[ "$fail" = 0 ] || exit 1
echo "fuzz config keys: all checks passed"
