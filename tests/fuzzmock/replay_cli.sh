#!/usr/bin/env bash
# tests/fuzzmock/replay_cli.sh PANELMOCK: a --fuzz session on 127.0.0.1 (a free port), then
# every answer is reproduced byte for byte by `panelmock --fuzz-replay TOKEN --fuzz-report`,
# the report files exist, and the key appears in no answer. Bounded: 40 requests, 5 s waits.
set -euo pipefail
pm=$1
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$pm" --dialect panel-v2 --fuzz 21 --fuzz-report "$tmp/rep.json" --log text \
    > "$tmp/out" 2> "$tmp/log" &
pid=$!
for _ in $(seq 50); do grep -q 'listening on' "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/out" | head -1)
key=$(grep -o ' key [^ ]*' "$tmp/out" | head -1 | cut -d' ' -f3)
[ -n "$url" ] && [ -n "$key" ]
for i in $(seq 40); do
    case $((i % 4)) in
    0) body="key=$key&action=balance" ;;
    1) body="key=$key&action=services" ;;
    2) body="key=$key&action=add&service=1&link=https://example.com/p&quantity=100" ;;
    *) body="key=$key&action=status&order=1" ;;
    esac
    curl -s -m 5 -o "$tmp/a$i" -d "$body" "$url/api/v2" || true
done
curl -s -m 5 -X POST "$url/__panelmock/shutdown" > /dev/null
wait "$pid"
test -s "$tmp/rep.json" && test -s "$tmp/rep.json.md"
n=0
for i in $(seq 40); do
    tok=fz-21-$i
    grep -q "token=$tok\$" "$tmp/log" || continue
    "$pm" --fuzz-replay "$tok" --fuzz-report "$tmp/rep.json" > "$tmp/r$i" 2> /dev/null
    cmp -s "$tmp/a$i" "$tmp/r$i" || { echo "replay $tok differs"; exit 1; }
    if grep -qF "$key" "$tmp/a$i"; then echo "key in answer $i"; exit 1; fi
    n=$((n + 1))
done
[ "$n" -ge 30 ] || { echo "only $n tokens replayed"; exit 1; }
echo "replayed $n answers byte for byte"
