#!/usr/bin/env bash
# panelcheck proxy between panelcheck run and panelmock: its first line, one log line per
# exchange, the run's verdicts unchanged by it, findings equal to `panelcheck parse` on the
# same bodies, reports written on SIGTERM, the key in none of its outputs; a dead upstream is
# answered 502. Usage: proxy.sh PANELCHECK PANELMOCK SOURCE_DIR
set -u
pc=$1
pm=$2
src=$3
# shellcheck source=tests/traffic/lib.sh
source "$(dirname "$0")/lib.sh"

for d in dripfeedpanel panel-v2 smm-objectid; do
    "$pm" --listen 127.0.0.1:0 --dialect "$d" --log none >"$tmp/$d.mock" 2>&1 &
    pids+=($!)
    line=$(wait_line "$tmp/$d.mock" "s|^panelmock: $d at ||p") || { bad "$d: no mock"; continue; }
    url=${line%% key *}
    key=${line##* key }
    "$pc" run --url "$url" --key "$key" --dialect "$d" --poll-interval 0 \
        --report "json:$tmp/$d.direct.json" >/dev/null 2>&1
    "$pc" proxy --listen 127.0.0.1:0 --upstream "$url" --dialect "$d" --record "$tmp/$d.har" \
        --report "json:$tmp/$d.proxy.json" >"$tmp/$d.proxy.out" 2>"$tmp/$d.proxy.err" &
    ppid=$!
    pids+=($ppid)
    purl=$(wait_line "$tmp/$d.proxy.out" 's|^panelcheck: proxy listening on ||p') ||
        { bad "$d: proxy did not start"; continue; }
    if head -1 "$tmp/$d.proxy.out" | grep -q '^panelcheck: proxy listening on http://127.0.0.1:'; then
        ok "$d: first line '$(head -1 "$tmp/$d.proxy.out")'"
    else bad "$d: first line"; fi
    "$pc" run --url "$purl" --key "$key" --dialect "$d" --poll-interval 0 \
        --report "json:$tmp/$d.via.json" >/dev/null 2>&1
    kill -TERM "$ppid"
    wait "$ppid"
    rc=$?
    [ "$rc" -eq 0 ] && [ -s "$tmp/$d.proxy.json" ] && [ -s "$tmp/$d.har" ] &&
        ok "$d: SIGTERM: exit 0, report and recording written" || bad "$d: SIGTERM: exit $rc"
    n=$(grep -c '^panelcheck: proxy: ' "$tmp/$d.proxy.out")
    m=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['log']['entries']))" "$tmp/$d.har")
    [ "$n" -gt 0 ] && [ "$n" = "$m" ] && ok "$d: one log line per exchange ($n)" || bad "$d: $n lines, $m exchanges"
    if python3 "$src/tests/traffic/verdicts.py" "$tmp/$d.direct.json" "$tmp/$d.via.json" >"$tmp/cmp"; then
        ok "$d: verdicts through the proxy equal direct ones: $(cat "$tmp/cmp")"
    else bad "$d: verdicts through the proxy differ"; head -5 "$tmp/cmp"; fi
    if python3 "$src/tests/traffic/proxy_findings.py" "$pc" "$d" "$tmp/$d.proxy.json" "$tmp/$d.har" 40 >"$tmp/pf"; then
        ok "$d: $(tail -1 "$tmp/pf")"
    else bad "$d: proxy findings"; head -5 "$tmp/pf"; fi
    if grep -qF -- "$key" "$tmp/$d.proxy.out" "$tmp/$d.proxy.err" "$tmp/$d.proxy.json" "$tmp/$d.har"; then
        bad "$d: the key is in the proxy's output"
    else ok "$d: key masked in log, report and recording"; fi
done

# --quirks: panelmock's quirks injected into the forwarded answers; an unknown one exits 2
d=dripfeedpanel
line=$(sed -n "s|^panelmock: $d at ||p" "$tmp/$d.mock")
url=${line%% key *}
key=${line##* key }
"$pc" proxy --listen 127.0.0.1:0 --upstream "$url" --dialect "$d" --quirks data_wrapper \
    >"$tmp/q.out" 2>&1 &
ppid=$!
pids+=($ppid)
if purl=$(wait_line "$tmp/q.out" 's|^panelcheck: proxy listening on ||p'); then
    body=$(curl -sS --noproxy '*' -m 10 -X POST "$purl" --data-urlencode "key=$key" -d action=balance)
    sleep 0.2
    case $body in
    '{"status":true,"data":{'*) grep -q 'balance HTTP 200 .*wrapper' "$tmp/q.out" &&
        ok "--quirks data_wrapper: answer wrapped, finding logged" ||
        { bad "--quirks: no finding"; tail -2 "$tmp/q.out"; } ;;
    *) bad "--quirks data_wrapper: $body" ;;
    esac
    kill -TERM "$ppid"
    wait "$ppid"
fi
"$pc" proxy --listen 127.0.0.1:0 --upstream "$url" --dialect "$d" --quirks no_such_quirk \
    >"$tmp/q2.out" 2>&1
[ $? -eq 2 ] && grep -q "quirks" "$tmp/q2.out" && ok "--quirks no_such_quirk: exit 2" ||
    bad "--quirks unknown: $(cat "$tmp/q2.out")"

# a client that disconnects mid-request: the proxy goes on serving
d=panel-v2
line=$(sed -n "s|^panelmock: $d at ||p" "$tmp/$d.mock")
url=${line%% key *}
"$pc" proxy --listen 127.0.0.1:0 --upstream "$url" --dialect "$d" >"$tmp/dc.out" 2>&1 &
ppid=$!
pids+=($ppid)
if purl=$(wait_line "$tmp/dc.out" 's|^panelcheck: proxy listening on ||p'); then
    python3 - "${purl#http://}" <<'PY'
import socket, sys
host, port = sys.argv[1].split(":")
for _ in range(20):
    s = socket.create_connection((host, int(port)), timeout=5)
    s.sendall(b"POST /api/v2 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
              b"\r\nContent-Length: 1000\r\n\r\naction=bal")
    s.close()
PY
    code=$(curl -sS --noproxy '*' -m 10 -o /dev/null -w '%{http_code}' -X POST "$purl" -d 'key=x&action=balance')
    [ "$code" = 401 ] && ok "20 clients gone mid-body: the proxy still answers (HTTP $code)" ||
        bad "after disconnects: HTTP $code"
    kill -TERM "$ppid"
    wait "$ppid"
fi

# an upstream that does not answer: 502 to the client, a transport line in the log
"$pc" proxy --listen 127.0.0.1:0 --upstream http://127.0.0.1:9/api/v2 --dialect panel-v2 \
    --timeout 2000 >"$tmp/dead.out" 2>&1 &
ppid=$!
pids+=($ppid)
if purl=$(wait_line "$tmp/dead.out" 's|^panelcheck: proxy listening on ||p'); then
    code=$(curl -sS --noproxy '*' -m 10 -o /dev/null -w '%{http_code}' -X POST "$purl/api/v2" -d 'action=balance')
    sleep 0.2
    [ "$code" = 502 ] && grep -q 'transport:' "$tmp/dead.out" && ok "dead upstream: 502 and a transport line" ||
        bad "dead upstream: HTTP $code"
    kill -INT "$ppid"
    wait "$ppid"
    [ $? -eq 0 ] && ok "SIGINT: exit 0" || bad "SIGINT exit"
fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
