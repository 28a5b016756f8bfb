#!/usr/bin/env bash
# Runs panelcheck against the embedded panelmock for every dialect and writes the four
# reports into reports/, then shows panelcheck detect on one dialect of panelmock.
# Usage: scripts/demo.sh BUILD_DIR. Exits with panelcheck run's code.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
bin="$build/harness/panelcheck"
if [ ! -x "$bin" ]; then
    echo "demo: $bin not found; run 'make build' first" >&2
    exit 2
fi
cd "$root"
mkdir -p reports
"$bin" run --dialect all \
    --report junit:reports/panelcheck.junit.xml \
    --report json:reports/panelcheck.json \
    --report html:reports/panelcheck.html \
    --report md:reports/panelcheck.md
code=$?
# Onboarding (README "Onboarding a new provider"): panelcheck detect on one dialect served by
# panelmock, as if it were an unknown provider; its ranking, a JSON report and a draft.
mock="$build/mocks/panelmock"
if [ -x "$mock" ]; then
    echo
    echo "detect: which dialect does an unknown endpoint speak? (panelmock serving smmpanel-ru)"
    "$mock" --listen 127.0.0.1:0 --dialect smmpanel-ru --log none >reports/detect-mock.txt 2>&1 &
    mpid=$!
    line=
    for _ in $(seq 100); do
        line=$(sed -n 's|^panelmock: smmpanel-ru at ||p' reports/detect-mock.txt)
        [ -n "$line" ] && break
        sleep 0.1
    done
    if [ -n "$line" ]; then
        PANEL_KEY=${line##* key } "$bin" detect --url "${line%% key *}" \
            --report json:reports/detect.json --draft reports/draft-provider.json
    fi
    kill "$mpid" 2>/dev/null
    wait "$mpid" 2>/dev/null
fi
echo
echo "reports:"
for f in panelcheck.junit.xml panelcheck.json panelcheck.html panelcheck.md detect.json \
    draft-provider.json; do
    [ -f "reports/$f" ] && echo "  $root/reports/$f"
done
echo "open file://$root/reports/panelcheck.html in a browser"
exit $code
