#!/usr/bin/env bash
# Runs panelcheck against the embedded panelmock for every dialect and writes the four
# reports into reports/. Usage: scripts/demo.sh BUILD_DIR. Exits with panelcheck's code.
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
echo
echo "reports:"
for f in panelcheck.junit.xml panelcheck.json panelcheck.html panelcheck.md; do
    [ -f "reports/$f" ] && echo "  $root/reports/$f"
done
echo "open file://$root/reports/panelcheck.html in a browser"
exit $code
