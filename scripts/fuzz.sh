#!/usr/bin/env bash
# Local fuzzing campaign: scripts/fuzz.sh TARGET [SECONDS]   (make fuzz TARGET=... SECONDS=...)
#  1. builds build-fuzz with clang + libFuzzer + ASan/UBSan;
#  2. runs TARGET on all cores (-fork=$(nproc)) for SECONDS (default 300) on a work corpus
#     seeded from corpus/TARGET, progress on the terminal, crashes into fuzz-out/TARGET/;
#  3. merges the inputs that add coverage back into corpus/TARGET/ (-merge=1);
#  4. builds a source-coverage replay binary (-fprofile-instr-generate -fcoverage-mapping),
#     runs the corpus, and writes reports/coverage-TARGET/index.html (llvm-cov show).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=${1:-}
SECS=${2:-300}
if [ -z "$TARGET" ]; then
    echo "usage: scripts/fuzz.sh TARGET [SECONDS]   (targets: fuzz_parse_<action>, fuzz_mock_request,"
    echo "       fuzz_dialect_load, fuzz_form)"
    exit 2
fi
command -v clang >/dev/null || { echo "fuzz.sh: clang is required (scripts/install-deps.sh)"; exit 2; }
JOBS=$(nproc 2>/dev/null || echo 2)
BUILD=build-fuzz
CRASHES=fuzz-out/$TARGET
WORKC=fuzz-out/$TARGET-corpus

CC=clang cmake -S . -B $BUILD -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPANEL_FUZZ=ON -DPANEL_TESTS=OFF \
    -DPANEL_BENCH=OFF >/dev/null
cmake --build $BUILD -j "$JOBS" --target "$TARGET"
mkdir -p "$CRASHES" "$WORKC" "corpus/$TARGET"
cp -r "corpus/$TARGET/." "$WORKC/" 2>/dev/null || true

. scripts/fuzz-options.sh
fuzz_options "$TARGET"
export ASAN_OPTIONS="${FUZZ_ASAN:+$FUZZ_ASAN:}${ASAN_OPTIONS:-detect_leaks=1:symbolize=1}"
echo "fuzz.sh: $TARGET for $SECS s on $JOBS cores; crashes go to $CRASHES/"
rc=0
"$BUILD/fuzz/$TARGET" -fork="$JOBS" -ignore_crashes=1 -max_total_time="$SECS" -timeout=10 \
    -rss_limit_mb=2048 ${FUZZ_MAXLEN:+-max_len=$FUZZ_MAXLEN} "${FUZZ_DICT[@]}" -artifact_prefix="$CRASHES/" \
    -print_final_stats=1 "$WORKC" || rc=$?

echo "fuzz.sh: merging new coverage into corpus/$TARGET/"
before=$(ls "corpus/$TARGET" | wc -l)
"$BUILD/fuzz/$TARGET" -merge=1 ${FUZZ_MAXLEN:+-max_len=$FUZZ_MAXLEN} "corpus/$TARGET" "$WORKC" 2>&1 | tail -2
echo "fuzz.sh: corpus/$TARGET: $before -> $(ls "corpus/$TARGET" | wc -l) inputs"

# Source coverage of the corpus, through the replay main (no libFuzzer, no sanitizers).
COV=build-cov
CC=clang cmake -S . -B $COV -DCMAKE_BUILD_TYPE=Debug -DPANEL_FUZZ=OFF -DPANEL_TESTS=OFF \
    -DPANEL_BENCH=OFF -DCMAKE_C_FLAGS="-fprofile-instr-generate -fcoverage-mapping" \
    -DCMAKE_EXE_LINKER_FLAGS="-fprofile-instr-generate" >/dev/null
cmake --build $COV -j "$JOBS" --target "${TARGET}_replay" >/dev/null
rm -f "$COV"/cov-*.profraw
LLVM_PROFILE_FILE="$COV/cov-%p.profraw" "$COV/fuzz/${TARGET}_replay" "corpus/$TARGET" || true
llvm-profdata merge -sparse "$COV"/cov-*.profraw -o "$COV/$TARGET.profdata"
mkdir -p "reports/coverage-$TARGET"
llvm-cov show "$COV/fuzz/${TARGET}_replay" -instr-profile="$COV/$TARGET.profdata" \
    -format=html -output-dir="reports/coverage-$TARGET" -ignore-filename-regex='fuzz/|/usr/' >/dev/null
llvm-cov report "$COV/fuzz/${TARGET}_replay" -instr-profile="$COV/$TARGET.profdata" \
    -ignore-filename-regex='fuzz/|/usr/' | tail -1
echo "fuzz.sh: coverage report: reports/coverage-$TARGET/index.html"
n=$(find "$CRASHES" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
if [ "$n" -gt 0 ]; then
    echo "fuzz.sh: $n failing inputs in $CRASHES/; reproduce with $BUILD/fuzz/$TARGET FILE"
    exit 1
fi
exit $rc
