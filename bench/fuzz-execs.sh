#!/usr/bin/env bash
# Fuzz throughput: builds the libFuzzer targets with clang and runs each for
# FUZZ_BENCH_SECONDS (30) on one core on a copy of its corpus, then prints
# target | execs | exec/s from libFuzzer's final stats. Goal: >= 20,000 exec/s for the
# response parser targets. FUZZ_BENCH_SANITIZE=1 (default) measures the ASan+UBSan build CI
# runs (build-fuzz); FUZZ_BENCH_SANITIZE=0 the bare engine (-fsanitize=fuzzer only,
# build-fuzz-nosan). Usage: bench/fuzz-execs.sh [target ...]
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${FUZZ_BENCH_SECONDS:-30}
BUILD=build-fuzz
SAN="address,undefined"
if [ "${FUZZ_BENCH_SANITIZE:-1}" = 0 ]; then
    BUILD=build-fuzz-nosan
    SAN=""
fi
command -v clang >/dev/null || { echo "fuzz-execs: clang is required"; exit 2; }
CC=clang cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANEL_FUZZ=ON -DPANEL_TESTS=OFF \
    -DPANEL_BENCH=OFF -DPANEL_FUZZ_SANITIZE="$SAN" >/dev/null || exit 2
echo "fuzz-execs: $BUILD (sanitizers: ${SAN:-none}), ${SECS} s per target, one core"
cmake --build $BUILD -j "$(nproc)" --target fuzz_all >/dev/null || exit 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for exe in $BUILD/fuzz/fuzz_*; do [ -x "$exe" ] && targets+=("$(basename "$exe")"); done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '| %-26s | %10s | %8s | %s\n' target execs exec/s note
printf '|%s|%s|%s|%s\n' "----------------------------" "------------" "----------" "------"
for t in "${targets[@]}"; do
    mkdir -p "$tmp/$t"
    cp -r "corpus/$t/." "$tmp/$t/" 2>/dev/null
    maxlen=$(sed -n 's/^max_len *= *//p' "fuzz/$t.options" 2>/dev/null)
    dict=()
    [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
    $BUILD/fuzz/$t -runs=-1 -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
        ${maxlen:+-max_len=$maxlen} "${dict[@]}" -print_final_stats=1 \
        -artifact_prefix="$tmp/$t-" "$tmp/$t" >"$tmp/$t.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && [[ $t == fuzz_parse_* ]] && grep -q "oracle failed (fuzz_parse .*round trip" "$tmp/$t.log"; then
        # A known round-trip finding stops the run at once; measure with that oracle off.
        rm -f "$tmp/$t-"*
        FUZZ_NO_ROUNDTRIP=1 $BUILD/fuzz/$t -runs=-1 -max_total_time="$SECS" -timeout=10 \
            -rss_limit_mb=2048 ${maxlen:+-max_len=$maxlen} "${dict[@]}" -print_final_stats=1 \
            -artifact_prefix="$tmp/$t-" "$tmp/$t" >"$tmp/$t.log" 2>&1
        rc=$?
        [ $rc -eq 0 ] && rc=0 && note0="round-trip oracle off (FUZZ_NO_ROUNDTRIP=1: it fails at once)"
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log" | tail -1)
    secs_run=$SECS
    note="${note0:-}"
    note0=""
    if [ $rc -ne 0 ]; then
        mkdir -p fuzz-out/bench
        cp "$tmp/$t.log" fuzz-out/bench/
        cp "$tmp/$t-"* fuzz-out/bench/ 2>/dev/null
    fi
    [ $rc -ne 0 ] && note="stopped early (fuzz-out/bench/$t.log): $(grep -m1 -oE 'oracle failed.{0,90}|ERROR: [A-Za-z]+: [a-z-]+|runtime error: .{0,80}' "$tmp/$t.log")"
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/$t.log" | tail -1)
    [ -z "$rate" ] && rate=$(( ${execs:-0} / secs_run ))
    if [[ $t == fuzz_parse_* ]] && [ "${rate:-0}" -lt 20000 ]; then note="${note:+$note; }below 20000"; fi
    printf '| %-26s | %10s | %8s | %s\n' "$t" "${execs:--}" "${rate:--}" "$note"
done
