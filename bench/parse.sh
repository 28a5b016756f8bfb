#!/usr/bin/env bash
# Builds panelkit in Release (no sanitizers) and runs the parse benchmark, in one run:
#  1. in process: panel_parse + panel_result_free against raw jansson (bench_parse);
#  2. whole process: `panelcheck parse` against `jq -c .` on the same catalogue file,
#     interleaved repetitions, medians, output to /dev/null (target >= 1.5x jq).
# Usage: bench/parse.sh [BUILD_DIR] (default build-bench); REPS=N to change repetitions.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-bench}"
reps="${REPS:-11}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPANEL_SANITIZE=OFF >/dev/null
cmake --build "$build" --target bench_parse panelcheck -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
"$build/bench/bench_parse"
command -v jq >/dev/null || { echo "bench/parse.sh: jq not found (apt-get install jq)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cat="$tmp/catalogue.json"
"$build/bench/bench_parse" --write "$cat"
pc="$build/harness/panelcheck"
# One timed run of "$@" with stdout to /dev/null; prints seconds.
run() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null || [ $? -eq 1 ]
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}
: >"$tmp/pc"
: >"$tmp/jq"
for _ in $(seq "$reps"); do
    run "$pc" parse --dialect dripfeedpanel services "$cat" >>"$tmp/pc"
    run jq -c . "$cat" >>"$tmp/jq"
done
med() { sort -g "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pcm=$(med "$tmp/pc")
jqm=$(med "$tmp/jq")
size=$(stat -c %s "$cat")
awk -v p="$pcm" -v j="$jqm" -v s="$size" -v r="$reps" 'BEGIN {
    printf "whole process, %.2f MB catalogue, %d interleaved runs (median)\n", s / 1e6, r
    printf "jq -c .                   %8.3f s\n", j
    printf "panelcheck parse          %8.3f s\n", p
    printf "ratio vs jq               %8.2f x      (target >= 1.50: %s)\n", j / p, ((j / p >= 1.5) ? "met" : "NOT met")
}'
