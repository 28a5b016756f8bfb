#!/usr/bin/env bash
# Malformed and hostile HAR files: `panelcheck run --replay` and `panelmock --replay` refuse
# each with exit 2 and a message naming the problem; none crashes (ASan builds) or hangs.
# Usage: bad_har.sh PANELCHECK PANELMOCK
set -u
pc=$1
pm=$2
fails=0 passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME PATTERN: both commands refuse $tmp/h.har with exit 2 and PATTERN on stderr
expect() {
    local name=$1 pat=$2 got
    timeout 20 "$pc" run --replay "$tmp/h.har" --dialect panel-v2 >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne 2 ] || ! grep -qE -- "$pat" "$tmp/err"; then
        echo "FAIL $name (panelcheck): exit $got"; sed 's/^/  | /' "$tmp/err" | head -5
        fails=$((fails + 1)); return
    fi
    timeout 20 "$pm" --listen 127.0.0.1:0 --replay "$tmp/h.har" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne 2 ] || ! grep -qE -- "$pat" "$tmp/err"; then
        echo "FAIL $name (panelmock): exit $got"; sed 's/^/  | /' "$tmp/err" | head -5
        fails=$((fails + 1)); return
    fi
    echo "ok   $name"
    passes=$((passes + 1))
}

# har PY_EXPR: a recording whose entries are the Python value PY_EXPR (e: one good entry)
har() {
    python3 - "$1" >"$tmp/h.har" <<'PY'
import json, sys
e = {"request": {"method": "POST", "url": "http://h/api/v2", "headers": [],
                 "postData": {"mimeType": "application/x-www-form-urlencoded",
                              "text": "action=balance"}},
     "response": {"status": 200, "headers": [],
                  "content": {"mimeType": "application/json", "text": "{}"}}}
def w(path, v):
    import copy
    x = copy.deepcopy(e)
    o = x
    for k in path[:-1]:
        o = o[k]
    o[path[-1]] = v
    return x
print(json.dumps({"log": {"version": "1.2", "creator": {"name": "t", "version": "1"},
                          "entries": eval(sys.argv[1])}}))
PY
}

: >"$tmp/h.har"
expect "empty file" "not JSON"
printf '{"log": {"version": "1.2", "entries": [' >"$tmp/h.har"
expect "cut JSON" "not JSON: line 1"
printf '[1,2,3]' >"$tmp/h.har"
expect "not an object" "log: want an object"
printf '{"log":{"version":1.2,"entries":[]}}' >"$tmp/h.har"
expect "version a number" "log.version: want a string"
printf '{"log":{"version":"1.2","entries":{}}}' >"$tmp/h.har"
expect "entries an object" "log.entries: want an array"
printf '{"log":{"version":"1.2","version":"1.2","entries":[]}}' >"$tmp/h.har"
expect "duplicate member" "duplicate"
har '["x"]'
expect "entry a string" "entries\[0\]: want an object"
har '[w(["response", "status"], "200")]'
expect "status a string" "entries\[0\].response.status: want an integer"
har '[w(["response", "status"], -5)]'
expect "status negative" "response.status: want an integer 0-999"
har '[w(["request", "url"], 7)]'
expect "url a number" "entries\[0\].request.url: want a string"
har '[w(["request", "headers"], [{"name": 1}])]'
expect "header without strings" "request.headers\[0\]"
har '[w(["response", "content"], {"text": "%%%", "encoding": "base64"})]'
expect "bad base64" "not base64"
har '[w(["response", "content"], {"text": "e30=", "encoding": "rot13"})]'
expect "unknown encoding" "unknown 'rot13'"
har '[e, e, 5]'
expect "third entry a number" "entries\[2\]: want an object"
python3 -c "import sys; sys.stdout.write('[' * 100000 + ']' * 100000)" >"$tmp/h.har"
expect "100000 nested arrays" "not JSON"
truncate -s 70M "$tmp/h.har"
expect "a 70 MiB file" "over 67108864 bytes"
har '[]'
expect "no entries" "no entries"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
