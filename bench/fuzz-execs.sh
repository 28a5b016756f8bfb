#!/usr/bin/env bash
# Fuzz throughput: builds the libFuzzer targets with clang (ASan+UBSan, as CI runs them, in
# build-fuzz) and runs each for FUZZ_BENCH_SECONDS (30) on one core on a copy of its corpus,
# with the libFuzzer options ([libfuzzer]: max_len, dict) and ASan options ([asan], passed as
# ASAN_OPTIONS, as ClusterFuzz does) of fuzz/<target>.options. Prints
# target | execs | exec/s from libFuzzer's final stats: that column is the figure. On a shared
# machine the exec/CPU-s column (execs over the run's user+system CPU time, /usr/bin/time)
# says what one free core would do; the load average is printed before and after.
# Goal: >= 20,000 exec/s for the response parser targets.
# FUZZ_BENCH_NOSAN=1 also builds build-fuzz-nosan (-fsanitize=fuzzer only) and adds its
# exec/s as an extra column, for information only. Usage: bench/fuzz-execs.sh [target ...]
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${FUZZ_BENCH_SECONDS:-30}
NOSAN=${FUZZ_BENCH_NOSAN:-0}
BASE_ASAN=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
command -v clang >/dev/null || { echo "fuzz-execs: clang is required"; exit 2; }

# Configures and builds every fuzz target into $1 with sanitizers $2 ("" = none).
build() {
    CC=clang cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANEL_FUZZ=ON \
        -DPANEL_TESTS=OFF -DPANEL_BENCH=OFF -DPANEL_FUZZ_SANITIZE="$2" >/dev/null || exit 2
    cmake --build "$1" -j "$(nproc)" --target fuzz_all >/dev/null || exit 2
}

. scripts/fuzz-options.sh

# Runs target $2 of build $1 for SECS on a fresh copy of its corpus; log in $tmp/$2.$3.log.
run() {
    local b=$1 t=$2 tag=$3
    local work="$tmp/$t.$tag"
    rm -rf "$work" && mkdir -p "$work/corpus" "$work/art"
    cp -r "corpus/$t/." "$work/corpus/" 2>/dev/null
    fuzz_options "$t"
    ASAN_OPTIONS="${FUZZ_ASAN:+$FUZZ_ASAN:}$BASE_ASAN" /usr/bin/time -f "%U %S" \
        -o "$tmp/$t.$tag.cpu" "$b/fuzz/$t" -runs=-1 -max_total_time="$SECS" \
        -timeout=10 -rss_limit_mb=2048 ${FUZZ_MAXLEN:+-max_len=$FUZZ_MAXLEN} "${FUZZ_DICT[@]}" \
        -print_final_stats=1 -artifact_prefix="$work/art/" "$work/corpus" >"$tmp/$t.$tag.log" 2>&1
}

build build-fuzz "address,undefined"
[ "$NOSAN" = 1 ] && build build-fuzz-nosan ""
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for exe in build-fuzz/fuzz/fuzz_*; do [ -x "$exe" ] && targets+=("$(basename "$exe")"); done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fuzz-execs: build-fuzz (clang, libFuzzer, ASan+UBSan), ${SECS} s per target, one core;"
echo "fuzz-execs: ASAN_OPTIONS = [asan] of fuzz/<target>.options + $BASE_ASAN"
echo "fuzz-execs: load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$NOSAN" = 1 ]; then
    printf '| %-26s | %10s | %8s | %14s | %s\n' target execs exec/s "no-san exec/s" note
    printf '|%s|%s|%s|%s|%s\n' "----------------------------" "------------" "----------" \
        "----------------" "------"
else
    printf '| %-26s | %10s | %8s | %11s | %s\n' target execs exec/s exec/CPU-s note
    printf '|%s|%s|%s|%s|%s\n' "----------------------------" "------------" "----------" \
        "-------------" "------"
fi
for t in "${targets[@]}"; do
    note=""
    run build-fuzz "$t" san
    rc=$?
    if [ $rc -ne 0 ] && [[ $t == fuzz_parse_* ]] &&
        grep -q "oracle failed (fuzz_parse .*round trip" "$tmp/$t.san.log"; then
        # A known round-trip finding stops the run at once; measure with that oracle off.
        cp "$tmp/$t.san.log" "$tmp/$t.first.log"
        FUZZ_NO_ROUNDTRIP=1 run build-fuzz "$t" san
        rc=$?
        note="round-trip oracle off (FUZZ_NO_ROUNDTRIP=1: it fails at once)"
    fi
    log="$tmp/$t.san.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    [ -z "$rate" ] && rate=$((${execs:-0} / SECS))
    cpurate=$(awk -v e="${execs:-0}" '{c = $1 + $2; if (c > 0) printf "%d", e / c; else print "-"}' \
        "$tmp/$t.san.cpu" 2>/dev/null)
    if [ $rc -ne 0 ]; then
        mkdir -p fuzz-out/bench
        cp "$log" fuzz-out/bench/"$t.log"
        cp "$tmp/$t.san/art/"* fuzz-out/bench/ 2>/dev/null
        note="stopped early (fuzz-out/bench/$t.log): $(grep -m1 -oE 'oracle failed.{0,90}|ERROR: [A-Za-z]+: [a-z-]+|runtime error: .{0,80}' "$log")"
    fi
    if [[ $t == fuzz_parse_* ]] && [ "${rate:-0}" -lt 20000 ]; then
        note="${note:+$note; }below 20000"
    fi
    if [ "$NOSAN" = 1 ]; then
        nrate=-
        if [ -x "build-fuzz-nosan/fuzz/$t" ]; then
            [[ $note == *FUZZ_NO_ROUNDTRIP* ]] && export FUZZ_NO_ROUNDTRIP=1
            run build-fuzz-nosan "$t" nosan
            unset FUZZ_NO_ROUNDTRIP
            nrate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/$t.nosan.log" | tail -1)
        fi
        printf '| %-26s | %10s | %8s | %14s | %s\n' "$t" "${execs:--}" "${rate:--}" "${nrate:--}" "$note"
    else
        printf '| %-26s | %10s | %8s | %11s | %s\n' "$t" "${execs:--}" "${rate:--}" "${cpurate:--}" \
            "$note"
    fi
done
echo "fuzz-execs: load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
