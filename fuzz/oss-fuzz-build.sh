#!/usr/bin/env bash
# Builds every fuzz target the way OSS-Fuzz / ClusterFuzzLite call a project's build.sh:
#   $CC $CFLAGS ... $LIB_FUZZING_ENGINE -> $OUT/<target>, plus $OUT/<target>_seed_corpus.zip,
#   $OUT/<target>.dict, $OUT/<target>.options and $OUT/dialects/ (found beside the binary).
# The project's own sources are compiled in (static); jansson, libmicrohttpd and libcurl come
# from the system (-ljansson ...; their static archives when present).
# Environment: CC, CFLAGS, LIB_FUZZING_ENGINE, OUT, WORK (scratch), PANEL_SRC (the checkout;
# default: this script's parent directory).
# `oss-fuzz-build.sh --self-test` (the ctest fuzz/oss-fuzz-build) builds into a temporary OUT
# with clang + ASan and checks that every product is there.
set -euo pipefail

PANEL_SRC=${PANEL_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
PARSE_ACTIONS="services add status refill refill_status cancel balance error"
TARGETS=""
for a in $PARSE_ACTIONS; do TARGETS="$TARGETS fuzz_parse_$a"; done
TARGETS="$TARGETS fuzz_dialect_load fuzz_form fuzz_mock_request"

if [ "${1:-}" = "--self-test" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/out" "$tmp/work"
    CC=${CC:-clang} CFLAGS="-fsanitize=address,fuzzer-no-link -g" \
        LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT="$tmp/out" WORK="$tmp/work" \
        PANEL_SRC="$PANEL_SRC" SRC="${SRC:-$PANEL_SRC/..}" bash "$0"
    missing=0
    for t in $TARGETS; do
        for f in "$t" "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
            if [ ! -s "$tmp/out/$f" ]; then
                echo "oss-fuzz-build: missing \$OUT/$f"
                missing=1
            fi
        done
        [ -x "$tmp/out/$t" ] || { echo "oss-fuzz-build: \$OUT/$t is not executable"; missing=1; }
    done
    [ -f "$tmp/out/dialects/dripfeedpanel.json" ] || { echo "oss-fuzz-build: no \$OUT/dialects"; missing=1; }
    # Smoke run: a target finds its dialects beside itself (PANEL_DIALECT_DIR points nowhere)
    # and runs one input; the corpora themselves are replayed by the replay/ ctests.
    if [ $missing = 0 ]; then
        mkdir -p "$tmp/seeds"
        printf '\000{"error":"Invalid API key"}' >"$tmp/seeds/envelope"
        if ! (cd "$tmp/work" && PANEL_DIALECT_DIR=/nonexistent "$tmp/out/fuzz_parse_status" \
                -runs=0 "$tmp/seeds" >"$tmp/smoke.log" 2>&1); then
            tail -20 "$tmp/smoke.log"
            echo "oss-fuzz-build: smoke run of fuzz_parse_status failed"
            missing=1
        fi
        unzip -l "$tmp/out/fuzz_parse_status_seed_corpus.zip" | tail -1
    fi
    [ $missing = 0 ] && echo "oss-fuzz-build: all $(echo $TARGETS | wc -w) targets, seed zips, dicts and options produced"
    exit $missing
fi

: "${CC:?CC must be set (clang)}"
: "${OUT:?OUT must be set}"
CFLAGS=${CFLAGS:-}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$OUT" "$WORK/obj"
JOBS=$(nproc 2>/dev/null || echo 2)

# System libraries: prefer the static archive so $OUT runs on a bare runner image.
syslib() {
    local name=$1 a
    for a in /usr/lib/x86_64-linux-gnu/lib$name.a /usr/lib/lib$name.a /usr/local/lib/lib$name.a; do
        if [ -f "$a" ] && [ "$name" = jansson ]; then echo "$a"; return; fi
    done
    echo "-l$name"
}
JANSSON=$(syslib jansson)
INC="-I$PANEL_SRC/include -I$PANEL_SRC/core -I$PANEL_SRC/fuzz -I$PANEL_SRC/mocks"
DEFS="-D_POSIX_C_SOURCE=200809L -DPANEL_DIALECT_DIR=\"$OUT/dialects\""
STD="-std=c11"

compile() { # src obj [extra flags]
    local src=$1 obj=$2
    shift 2
    # shellcheck disable=SC2086
    $CC $CFLAGS $STD $DEFS $INC "$@" -c "$src" -o "$obj"
}
export -f compile
export CC CFLAGS STD DEFS INC

# The project's sources: libpanel (core/) and the mock's library (mocks/ minus main.c).
core_objs=()
jobs_list="$WORK/jobs.txt"
: >"$jobs_list"
for src in "$PANEL_SRC"/core/*.c; do
    obj="$WORK/obj/core_$(basename "${src%.c}").o"
    core_objs+=("$obj")
    echo "$src $obj" >>"$jobs_list"
done
mock_objs=()
for src in "$PANEL_SRC"/mocks/*.c; do
    [ "$(basename "$src")" = main.c ] && continue
    obj="$WORK/obj/mock_$(basename "${src%.c}").o"
    mock_objs+=("$obj")
    echo "$src $obj" >>"$jobs_list"
done
for src in fuzz_common fuzz_parse_mutator fuzz_form fuzz_dialect_load fuzz_mock_request; do
    echo "$PANEL_SRC/fuzz/$src.c $WORK/obj/$src.o" >>"$jobs_list"
done
for a in $PARSE_ACTIONS; do
    echo "$PANEL_SRC/fuzz/fuzz_parse.c $WORK/obj/fuzz_parse_$a.o -DFUZZ_ACTION=PANEL_ACTION_${a^^}" >>"$jobs_list"
done
# shellcheck disable=SC2016
xargs -P "$JOBS" -L 1 bash -c 'compile "$@"' _ <"$jobs_list"

common=("$WORK/obj/fuzz_common.o" "${core_objs[@]}")
link() { # target objects...
    local t=$1
    shift
    # shellcheck disable=SC2086
    $CC $CFLAGS "$@" $LIB_FUZZING_ENGINE -o "$OUT/$t" $JANSSON -lm
}
for a in $PARSE_ACTIONS; do
    link "fuzz_parse_$a" "$WORK/obj/fuzz_parse_$a.o" "$WORK/obj/fuzz_parse_mutator.o" "${common[@]}" &
    [ "$(jobs -r | wc -l)" -ge "$JOBS" ] && wait -n
done
link fuzz_dialect_load "$WORK/obj/fuzz_dialect_load.o" "${common[@]}" &
link fuzz_form "$WORK/obj/fuzz_form.o" "${common[@]}" &
wait
link fuzz_mock_request "$WORK/obj/fuzz_mock_request.o" "${mock_objs[@]}" "${common[@]}" \
    -lmicrohttpd -lcurl -lpthread

# Data beside the binaries: dialects, seed corpora, dictionaries, options.
rm -rf "$OUT/dialects"
mkdir -p "$OUT/dialects"
cp "$PANEL_SRC"/dialects/*.json "$OUT/dialects/"
for t in $TARGETS; do
    rm -f "$OUT/${t}_seed_corpus.zip"
    if [ -d "$PANEL_SRC/corpus/$t" ] && [ -n "$(ls -A "$PANEL_SRC/corpus/$t")" ]; then
        (cd "$PANEL_SRC/corpus/$t" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*)
    fi
    cp "$PANEL_SRC/fuzz/$t.dict" "$OUT/$t.dict"
    cp "$PANEL_SRC/fuzz/$t.options" "$OUT/$t.options"
done
echo "oss-fuzz-build: built $(echo $TARGETS | wc -w) targets into $OUT"
