#!/usr/bin/env bash
# panelcheck detect: for each dialect served by panelmock (and each reference provider of
# tests/providers/), the right dialect ranks first, exit 0, the JSON report names it; the
# --draft file loads, the embedded panelmock serves it and panelcheck run checks against it;
# the mock's journal holds no add, refill or cancel; --record writes no key.
# Usage: detect.sh PANELCHECK PANELMOCK SOURCE_DIR
set -u
pc=$1
pm=$2
src=$3
# shellcheck source=tests/traffic/lib.sh
source "$(dirname "$0")/lib.sh"

# check_detect NAME URL KEY mock|provider: detect ranks NAME first (exit 0 on the mock) and
# the report names it
check_detect() {
    local d=$1 u=$2 k=$3 out=$tmp/$1.$4
    "$pc" detect --url "$u" --key "$k" --report "json:$out.json" --draft "$tmp/draft-$d.json" \
        --record "$out.har" >"$out.log" 2>&1
    local rc=$?
    local best
    # the best, or NAME when it ties with the best (two dialects a read-only probe cannot tell
    # apart, e.g. a provider documented as a copy of another, score the same)
    best=$(python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
top = r['ranking'][0]
mine = [x for x in r['ranking'] if x['dialect'] == sys.argv[2]]
tie = mine and mine[0]['confidence'] == top['confidence'] and mine[0]['conflicts'] == top['conflicts']
print(sys.argv[2] if tie else r['best'])" "$out.json" "$d" 2>/dev/null)
    # a reference provider may differ from its dialect where the dialect cites an example
    # (tests/providers/known_false_reds.txt): ranked first, exit 1 allowed
    local maxrc=0
    [ "$4" = provider ] && maxrc=1
    if [ "$rc" -le "$maxrc" ] && [ "$best" = "$d" ]; then
        ok "$d ($4): detect ranks it first (or tied first): $(sed -n 's/^ 1\. *//p' "$out.log")"
    else
        bad "$d ($4): detect exit $rc, best '$best'"; sed 's/^/  | /' "$out.log" | head -12
    fi
    if grep -qF -- "$k" "$out.json" "$out.log" "$out.har"; then bad "$d ($4): the key is in the output"; fi
}

for d in $(ls "$src/dialects" | sed -n 's/\.json$//p' | grep -v '^dialect\.schema$'); do
    "$pm" --listen 127.0.0.1:0 --dialect "$d" --log none >"$tmp/$d.mock" 2>&1 &
    pids+=($!)
    line=$(wait_line "$tmp/$d.mock" "s|^panelmock: $d at ||p") || { bad "$d: no mock"; continue; }
    url=${line%% key *}
    key=${line##* key }
    base=$(sed -n 's/^panelmock: listening on //p' "$tmp/$d.mock")
    check_detect "$d" "$url" "$key" mock
    # read-only: nothing but services, balance, status, refill_status and refusals
    curl -sS --noproxy '*' -m 5 "$base/__panelmock/journal" >"$tmp/$d.journal"
    if python3 - "$tmp/$d.journal" <<'PY'; then ok "$d: the journal holds no add, refill or cancel"; else bad "$d: detect sent a write"; fi
import json, sys
j = json.load(open(sys.argv[1]))
bad = [e for e in j if e.get("action") in ("add", "refill", "cancel")]
for e in bad:
    print("  |", e.get("action"), e.get("params"))
sys.exit(1 if bad or not j else 0)
PY
    # the draft loads, the embedded mock serves it, panelcheck run checks against it
    mkdir -p "$tmp/dd-$d"
    cp "$tmp/draft-$d.json" "$tmp/dd-$d/draft-$d.json" 2>/dev/null
    if "$pc" dialects --dialect-dir "$tmp/dd-$d" >"$tmp/dd-$d.log" 2>&1 &&
        grep -c '"observed"' "$tmp/draft-$d.json" >/dev/null; then
        ok "$d: the draft loads ($(grep -c '"observed"' "$tmp/draft-$d.json") rules observed)"
    else
        bad "$d: the draft does not load"; sed 's/^/  | /' "$tmp/dd-$d.log" | head -5
    fi
    "$pc" run --dialect "draft-$d" --dialect-dir "$tmp/dd-$d" --report "json:$tmp/dd-$d.json" \
        >"$tmp/dd-$d.run" 2>&1
    rc=$?
    if [ "$rc" -le 1 ] && [ -s "$tmp/dd-$d.json" ]; then
        ok "$d: panelcheck run against the draft on the embedded mock: $(tail -1 "$tmp/dd-$d.run")"
    else
        bad "$d: run against the draft exit $rc"; tail -5 "$tmp/dd-$d.run" | sed 's/^/  | /'
    fi
done

# the reference providers of tests/providers/ (written from the documents alone)
for script in "$src"/tests/providers/*.py; do
    d=$(basename "$script" .py)
    [ -f "$src/dialects/$d.json" ] || continue
    k=ref-provider-key-1
    [ "$d" = smm-objectid ] && k=abcd1234.efgh5678-ijkl9012
    python3 "$script" --port 0 --key "$k" >"$tmp/$d.prov" 2>&1 &
    pids+=($!)
    url=$(wait_line "$tmp/$d.prov" 's/^endpoint //p') || { bad "$d: provider did not start"; continue; }
    check_detect "$d" "$url" "$k" provider
done

# exit codes: 3 when nothing answers (the report still written), 2 on usage errors
"$pc" detect --url http://127.0.0.1:9/api/v2 --key k --timeout 1000 --report "json:$tmp/dead.json" \
    >"$tmp/dead.log" 2>&1
rc=$?
[ "$rc" -eq 3 ] && [ -s "$tmp/dead.json" ] && ok "unreachable endpoint: exit 3, report written" ||
    bad "unreachable endpoint: exit $rc"
"$pc" detect --url ftp://127.0.0.1/ --key k >/dev/null 2>&1
[ $? -eq 2 ] && ok "bad --url: exit 2" || bad "bad --url"
env -u PANEL_KEY "$pc" detect --url http://127.0.0.1:9/ >/dev/null 2>&1
[ $? -eq 2 ] && ok "no key: exit 2" || bad "no key"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
