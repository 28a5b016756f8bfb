#!/usr/bin/env bash
# Builds panelcheck in Release and times `panelcheck run --dialect all` against the embedded
# panelmock: hyperfine when installed (PANEL_BENCH_DEPS=1 bash scripts/install-deps.sh),
# else a loop timed with date. Usage: bench/check-run.sh [BUILD_DIR] [RUNS].
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-bench}"
runs="${2:-10}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPANEL_SANITIZE=OFF >/dev/null
cmake --build "$build" --target panelcheck -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
bin="$build/harness/panelcheck"
checks=$("$bin" run --dialect all --report json:/dev/stdout --no-color 2>/dev/null |
         sed -n 's/^  "summary": {/&/p;s/^    "total": \([0-9]*\).*/\1/p' | tail -1 || true)
echo "check-run: panelcheck run --dialect all (${checks:-?} checks, $(ls "$root"/dialects/*.json | grep -vc schema) dialects), $runs runs"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 2 --runs "$runs" -N -i --style basic \
        "$bin run --dialect all --no-color" 2>&1 | sed 's/^/  /'
    exit 0
fi
total=0
for i in $(seq "$runs"); do
    t0=$(date +%s.%N)
    "$bin" run --dialect all --no-color >/dev/null || true
    t1=$(date +%s.%N)
    total=$(echo "$total + $t1 - $t0" | bc -l)
done
mean=$(echo "scale=4; $total / $runs" | bc -l)
printf 'check-run: mean wall time %.3f s over %d runs (budget 2 s)\n' "$mean" "$runs"
