#!/usr/bin/env bash
# Builds panelkit in Release (no sanitizers) and runs the parse benchmark.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-bench}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPANEL_SANITIZE=OFF >/dev/null
cmake --build "$build" --target bench_parse -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
"$build/bench/bench_parse"
