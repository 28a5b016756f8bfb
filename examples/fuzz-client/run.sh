#!/usr/bin/env bash
# examples/fuzz-client/run.sh [OUT]: builds the example harness with clang and libFuzzer
# (libpanel compiled from this checkout's core/) into OUT (default: a temporary directory),
# fuzzes the example client for at most 60 s from the seed corpus, and prints
# "planted bug found" with the crashing answer when the client aborts on an answer the
# mutator made (exit 0); exit 1 when no crash was found, 2 when the build failed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=${1:-$(mktemp -d)}
rm -rf "$out/corpus"
mkdir -p "$out/corpus"
cc=${CC:-clang}
# shellcheck disable=SC2046
if ! nice -n 10 "$cc" -std=c11 -g -O1 -fsanitize=fuzzer -D_POSIX_C_SOURCE=200809L \
    -DPANEL_DIALECT_DIR="\"$src/dialects\"" -I"$src/include" -I"$src/core" \
    "$src"/core/*.c "$here/client.c" "$here/harness.c" \
    $(pkg-config --cflags --libs jansson) -lm -o "$out/fuzz_client"; then
    echo "run.sh: build failed" >&2
    exit 2
fi
cp "$here"/corpus/* "$out/corpus/"
rm -f "$out"/crash-*
set +e
t0=$(date +%s%N)
"$out/fuzz_client" -seed=1 -max_total_time=60 -max_len=4096 -artifact_prefix="$out/" \
    "$out/corpus" > "$out/fuzz.log" 2>&1
rc=$?
t1=$(date +%s%N)
set -e
crash=$(ls "$out"/crash-* 2>/dev/null | head -1 || true)
if [ "$rc" -ne 0 ] && [ -n "$crash" ]; then
    grep -m1 -E "Assertion|deadly signal" "$out/fuzz.log" || true
    last=$(grep -E '^#[0-9]+' "$out/fuzz.log" | tail -1 | cut -f1 || true)
    printf 'fuzzing took %s ms; last status line %s\n' "$(((t1 - t0) / 1000000))" "${last:-none}"
    printf 'planted bug found: %s\n' "$(head -c 200 "$crash")"
    exit 0
fi
echo "run.sh: no crash within 60 s (exit $rc); see $out/fuzz.log" >&2
exit 1
