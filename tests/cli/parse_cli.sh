#!/usr/bin/env bash
# The `panelcheck parse` and `panelcheck dialects` contract: files and stdin, exit codes
# 0 (no error diagnostic), 1 (an error diagnostic), 2 (usage or configuration error).
# Usage: parse_cli.sh PANELCHECK SOURCE_DIR
set -u
pc=$1
src=$2
cases=$src/tests/cases
fails=0 passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME WANT_EXIT GREP_PATTERN_IN_OUTPUT -- command...
expect() {
    local name=$1 want=$2 pat=$3
    shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit $got, want $want"; sed 's/^/  | /' "$tmp/err" | head -5
        fails=$((fails + 1)); return
    fi
    if [ -n "$pat" ] && ! grep -qE -- "$pat" "$tmp/out" "$tmp/err"; then
        echo "FAIL $name: output lacks /$pat/"; head -20 "$tmp/out" | sed 's/^/  | /'
        fails=$((fails + 1)); return
    fi
    echo "ok   $name"
    passes=$((passes + 1))
}

bal=$cases/dripfeedpanel/doc-balance/body.json
ru=$cases/smmpanel-ru/doc-services-invalid-json/body.json
expect "file, clean example" 0 '"diagnostics": \[\]' -- "$pc" parse --dialect dripfeedpanel balance "$bal"
expect "stdin with -" 0 '"balance": "100.84292000"' -- sh -c "\"$pc\" parse --dialect dripfeedpanel balance - < \"$bal\""
expect "stdin without FILE" 0 '"currency": "USD"' -- sh -c "\"$pc\" parse --dialect dripfeedpanel balance < \"$bal\""
expect "documented invalid JSON" 1 '"code": "invalid_json"' -- "$pc" parse --dialect smmpanel-ru services "$ru"
expect "invalid JSON position" 1 '"line": 9' -- "$pc" parse --dialect smmpanel-ru services "$ru"
expect "error envelope on status" 1 '"code": "api_error"' -- sh -c "echo '{\"error\":\"Incorrect order ID\"}' | \"$pc\" parse --dialect dripfeedpanel status -"
expect "error action accepts envelope" 0 '"error": "Incorrect order ID"' -- sh -c "echo '{\"error\":\"Incorrect order ID\"}' | \"$pc\" parse --dialect dripfeedpanel error -"
expect "warnings only exit 0" 0 '"code": "wrong_type"' -- sh -c "echo '{\"balance\":100.5,\"currency\":\"USD\"}' | \"$pc\" parse --dialect dripfeedpanel balance -"
expect "unknown dialect" 2 'dialect' -- "$pc" parse --dialect nosuch balance "$bal"
expect "unknown action" 2 'action' -- "$pc" parse --dialect dripfeedpanel refund "$bal"
expect "missing file" 2 '' -- "$pc" parse --dialect dripfeedpanel balance "$tmp/none.json"
expect "no arguments" 2 '' -- "$pc" parse
expect "unknown flag" 2 '' -- "$pc" parse --frobnicate --dialect dripfeedpanel balance "$bal"
expect "dialects lists five" 0 '^smpanelim	/api/v2' -- "$pc" dialects
expect "dialects count" 0 '' -- sh -c "test \$(\"$pc\" dialects | wc -l) -eq 5"
mkdir -p "$tmp/bad" && cp "$src/tests/dialects_bad/invalid-json/raw.json" "$tmp/bad/invalid.json"
expect "broken dialect dir" 2 '\.json' -- "$pc" dialects --dialect-dir "$tmp/bad"
expect "unknown command" 2 '' -- "$pc" frobnicate

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
