#!/usr/bin/env bash
# Record -> replay: for each dialect, `panelcheck run --url` against panelmock with --record,
# then the recording re-judged offline (`panelcheck run --replay`) and served by
# `panelmock --replay` to `panelcheck run --url`: identical verdicts both ways; the key
# never appears in the recording. Usage: record_replay.sh PANELCHECK PANELMOCK SOURCE_DIR
set -u
pc=$1
pm=$2
src=$3
# shellcheck source=tests/traffic/lib.sh
source "$(dirname "$0")/lib.sh"

# start_mock OUTFILE ARGS...: starts panelmock, sets $url (waits at most 10 s for its line)
start_mock() {
    local out=$1
    shift
    "$pm" --listen 127.0.0.1:0 --log none "$@" >"$out" 2>"$out.err" &
    pids+=($!)
    url=
    for _ in $(seq 100); do
        url=$(sed -n 's/^panelmock: listening on //p' "$out")
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    return 1
}

key=trafficKeyA1b2C3d4e5F6g7H8i9J0kLmN
for d in $(ls "$src/dialects" | sed -n 's/\.json$//p' | grep -v '^dialect\.schema$'); do
    # a dialect whose documented key format the test key does not fit keeps the mock's own key
    k=$key
    if ! start_mock "$tmp/$d.mock" --dialect "$d" --key "$key"; then
        if ! start_mock "$tmp/$d.mock" --dialect "$d"; then
            bad "$d: panelmock did not start"; continue
        fi
        k=$(sed -n "s|^panelmock: $d at [^ ]* key ||p" "$tmp/$d.mock")
    fi
    base=$(sed -n "s|^panelmock: $d at \([^ ]*\) key .*|\1|p" "$tmp/$d.mock")
    "$pc" run --url "$base" --key "$k" --dialect "$d" --poll-interval 0 --record "$tmp/$d.har" \
        --report "json:$tmp/$d.live.json" >"$tmp/$d.live.log" 2>&1
    rc=$?
    if [ "$rc" -gt 1 ] || [ ! -s "$tmp/$d.har" ]; then
        bad "$d: recording run exit $rc"; sed 's/^/  | /' "$tmp/$d.live.log" | tail -5; continue
    fi
    if grep -qF -- "$k" "$tmp/$d.har"; then bad "$d: the key is in the recording"; else ok "$d: key masked"; fi
    # offline
    "$pc" run --replay "$tmp/$d.har" --dialect "$d" --report "json:$tmp/$d.off.json" \
        >"$tmp/$d.off.log" 2>&1
    if python3 "$src/tests/traffic/verdicts.py" "$tmp/$d.live.json" "$tmp/$d.off.json" >"$tmp/cmp" 2>&1; then
        ok "$d: run --replay offline: $(cat "$tmp/cmp")"
    else
        bad "$d: run --replay offline"; sed 's/^/  | /' "$tmp/cmp" | head -10
    fi
    # through panelmock --replay
    if ! start_mock "$tmp/$d.rmock" --dialect "$d" --key "$k" --replay "$tmp/$d.har"; then
        bad "$d: panelmock --replay did not start"; sed 's/^/  | /' "$tmp/$d.rmock.err" | head -3; continue
    fi
    rbase=$(sed -n "s|^panelmock: $d at \([^ ]*\) key .*|\1|p" "$tmp/$d.rmock")
    "$pc" run --url "$rbase" --key "$k" --dialect "$d" --poll-interval 0 \
        --report "json:$tmp/$d.rep.json" >"$tmp/$d.rep.log" 2>&1
    if python3 "$src/tests/traffic/verdicts.py" "$tmp/$d.live.json" "$tmp/$d.rep.json" >"$tmp/cmp" 2>&1; then
        ok "$d: panelmock --replay: $(cat "$tmp/cmp")"
    else
        bad "$d: panelmock --replay"; sed 's/^/  | /' "$tmp/cmp" | head -10
    fi
done

# an unmatched request names the closest recorded one
d=panel-v2
if start_mock "$tmp/um.mock" --dialect "$d" --key "$key" --replay "$tmp/$d.har"; then
    body=$(curl -sS --noproxy '*' -m 5 -X POST "$url/api/v2" -d "key=$key&action=balance&extra=1")
    case $body in
    *"no recorded exchange matches"*"closest recorded request: #"*"action=balance"*) ok "unmatched request names the closest" ;;
    *) bad "unmatched request: $body" ;;
    esac
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
