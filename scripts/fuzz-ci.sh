#!/usr/bin/env bash
# Bounded libFuzzer runs for CI (called by `make check` after ctest, which already replays
# every corpus under gcc + ASan/UBSan). With clang and libFuzzer present: builds build-fuzz
# (-DPANEL_FUZZ=ON) and runs every target for FUZZ_CI_SECONDS (12) on a copy of its corpus,
# two at a time. Any crash, leak, timeout or oracle failure fails the script and prints the
# input that did it and how to reproduce it. Without clang it says so and exits 0.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_CI_SECONDS:-12}
PAR=${FUZZ_CI_JOBS:-2}
BUILD=${FUZZ_BUILD:-build-fuzz}
OUTDIR=fuzz-out/ci
start=$(date +%s)

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz-ci: clang not found: bounded libFuzzer runs skipped (corpus replays ran in ctest)"
    exit 0
fi
probe=$(mktemp -d)
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
    >"$probe/p.c"
if ! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
    rm -rf "$probe"
    echo "fuzz-ci: clang cannot link -fsanitize=fuzzer (libclang-rt missing): bounded runs skipped"
    exit 0
fi
rm -rf "$probe"

mkdir -p fuzz-out
echo "fuzz-ci: building $BUILD (clang, libFuzzer, ASan+UBSan)"
if ! CC=clang cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANEL_FUZZ=ON \
        -DPANEL_TESTS=OFF -DPANEL_BENCH=OFF >"$OUTDIR.configure.log" 2>&1; then
    cat "$OUTDIR.configure.log"
    echo "fuzz-ci: configure failed"
    exit 1
fi
if ! cmake --build "$BUILD" -j "$PAR" --target fuzz_all >"$OUTDIR.build.log" 2>&1; then
    tail -40 "$OUTDIR.build.log"
    echo "fuzz-ci: build failed"
    exit 1
fi
echo "fuzz-ci: built in $(($(date +%s) - start)) s"

targets=()
for exe in "$BUILD"/fuzz/fuzz_*; do
    [ -x "$exe" ] && [ -f "$exe" ] && targets+=("$(basename "$exe")")
done
rm -rf "$OUTDIR"
mkdir -p "$OUTDIR"
mapfile -t dialect_names < <(cd dialects && ls -1 ./*.json | sed 's|^\./||; s|\.json$||' | LC_ALL=C sort)
BASE_ASAN=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

. scripts/fuzz-options.sh

# Runs one target on a copy of its corpus with the [libfuzzer] (max_len, dict) and [asan]
# (as ASAN_OPTIONS, before $BASE_ASAN) options of its .options file, as ClusterFuzz does;
# the exit status is libFuzzer's.
run_target() {
    local t=$1
    local work="$OUTDIR/$t"
    mkdir -p "$work/corpus" "$work/artifacts"
    [ -d "corpus/$t" ] && cp -r "corpus/$t/." "$work/corpus/" 2>/dev/null
    fuzz_options "$t"
    ASAN_OPTIONS="${FUZZ_ASAN:+$FUZZ_ASAN:}$BASE_ASAN" "$BUILD/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
        ${FUZZ_MAXLEN:+-max_len=$FUZZ_MAXLEN} "${FUZZ_DICT[@]}" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1
}

declare -A pid_of
failed=()
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$PAR" ]; do wait -n; done
    run_target "$t" &
    pid_of[$t]=$!
done
for t in "${targets[@]}"; do
    if ! wait "${pid_of[$t]}"; then
        failed+=("$t")
    fi
done

printf '%-28s %10s %8s %s\n' target execs exec/s result
for t in "${targets[@]}"; do
    log="$OUTDIR/$t/log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    res=ok
    [[ " ${failed[*]} " == *" $t "* ]] && res=FAILED
    printf '%-28s %10s %8s %s\n' "$t" "${execs:--}" "${rate:--}" "$res"
done

for t in "${failed[@]}"; do
    log="$OUTDIR/$t/log"
    echo
    echo "=== $t failed; last lines of $log:"
    grep -E "ERROR|oracle failed|SUMMARY|^  (first|render|second)" "$log" | head -12
    for crash in "$OUTDIR/$t"/artifacts/*; do
        [ -f "$crash" ] || continue
        echo "crash input: $crash"
        echo "reproduce:   $BUILD/fuzz/$t $crash"
        echo "   or (gcc): cmake --build build-check --target ${t}_replay && build-check/fuzz/${t}_replay $crash"
        if [[ $t == fuzz_parse_* ]] && [ ${#dialect_names[@]} -gt 0 ] && [ -s "$crash" ]; then
            sel=$(od -An -tu1 -N1 "$crash" | tr -d ' ')
            name=${dialect_names[$(((sel / 2) % ${#dialect_names[@]}))]}
            form=single
            [ $((sel & 1)) = 1 ] && form=multi
            echo "   or:       tail -c +2 $crash | build-check/harness/panelcheck parse --dialect $name" \
                "${t#fuzz_parse_} -    ($form form)"
        fi
    done
done
echo "fuzz-ci: ASAN_OPTIONS = [asan] of fuzz/<target>.options + $BASE_ASAN"
echo "fuzz-ci: ${#targets[@]} targets x ${SECONDS_PER_TARGET} s, $PAR at a time, $(($(date +%s) - start)) s in all"
[ ${#failed[@]} -eq 0 ] || { echo "fuzz-ci: FAILED: ${failed[*]}"; exit 1; }
echo "fuzz-ci: no crash, leak or oracle failure"
