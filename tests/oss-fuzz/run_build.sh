#!/usr/bin/env bash
# ctest oss-fuzz/build: runs oss-fuzz/build.sh the way the base-builder image's `compile`
# does (SRC with the checkout at $SRC/panelkit and build.sh at $SRC/build.sh, cwd the
# Dockerfile's WORKDIR, base-builder's CFLAGS for libFuzzer + ASan, bash -eu), then checks
# every product in $OUT the way ClusterFuzz reads it and runs every target over its unzipped
# seed corpus with its .options (-runs=0: each seed once) from a moved $OUT, as ClusterFuzz
# does, finding its dialects beside itself.
# Usage: run_build.sh SOURCE_DIR CLANG
set -uo pipefail
src=$1 clang=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/out" "$tmp/work"
ln -s "$src" "$tmp/src/panelkit"
cp "$src/oss-fuzz/build.sh" "$tmp/src/build.sh"
fail=0
bad() { echo "oss-fuzz/build: FAIL: $*"; fail=1; }

for f in project.yaml Dockerfile build.sh; do
    [ -s "$src/oss-fuzz/$f" ] || bad "oss-fuzz/$f missing"
done
grep -q '^language: c$' "$src/oss-fuzz/project.yaml" || bad "project.yaml: language is not c"
grep -q '^main_repo: ' "$src/oss-fuzz/project.yaml" || bad "project.yaml: no main_repo"
grep -q '^FROM gcr.io/oss-fuzz-base/base-builder' "$src/oss-fuzz/Dockerfile" || bad "Dockerfile: not base-builder"
grep -q 'COPY build.sh \$SRC/' "$src/oss-fuzz/Dockerfile" || bad "Dockerfile: build.sh not copied to \$SRC"

# base-builder's environment for FUZZING_ENGINE=libfuzzer SANITIZER=address (infra/base-images).
cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
cflags="$cflags -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
(cd "$tmp/src/panelkit" && env -u PANEL_SRC SRC="$tmp/src" OUT="$tmp/out" WORK="$tmp/work" \
    CC="$clang" CXX="${clang}++" CFLAGS="$cflags" CXXFLAGS="$cflags" \
    LIB_FUZZING_ENGINE=-fsanitize=fuzzer FUZZING_ENGINE=libfuzzer SANITIZER=address \
    ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c bash -eu "$tmp/src/build.sh") >"$tmp/build.log" 2>&1 ||
    { tail -30 "$tmp/build.log"; echo "oss-fuzz/build: FAIL: build.sh failed"; exit 1; }
tail -1 "$tmp/build.log"

# ClusterFuzz runs the build from another directory than the one it was built into: move
# $OUT, so the targets must find their dialects beside themselves (no PANEL_DIALECT_DIR).
mv "$tmp/out" "$tmp/run"
targets=()
for exe in "$tmp"/run/fuzz_*; do
    [ -f "$exe" ] && [ -x "$exe" ] && targets+=("$(basename "$exe")")
done
n_src=$(ls "$src"/fuzz/*.options | wc -l)
[ ${#targets[@]} = "$n_src" ] || bad "${#targets[@]} targets in \$OUT, $n_src .options files in fuzz/"
[ -f "$tmp/run/dialects/dripfeedpanel.json" ] || bad "no \$OUT/dialects"
. "$src/scripts/fuzz-options.sh"
for t in "${targets[@]}"; do
    for f in "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
        [ -s "$tmp/run/$f" ] || bad "missing \$OUT/$f"
    done
    n_zip=$(unzip -Z1 "$tmp/run/${t}_seed_corpus.zip" 2>/dev/null | wc -l)
    n_dir=$(find "$src/corpus/$t" -maxdepth 1 -type f | wc -l)
    [ "$n_zip" = "$n_dir" ] || bad "$t: $n_zip seeds in the zip, $n_dir in corpus/$t"
    mkdir -p "$tmp/seeds/$t"
    unzip -q -o "$tmp/run/${t}_seed_corpus.zip" -d "$tmp/seeds/$t" || bad "$t: bad seed zip"
    # The options as ClusterFuzz applies them: [libfuzzer] flags, [asan] as ASAN_OPTIONS.
    (cd "$src" && fuzz_options "$t"
     cd "$tmp/work" && env -u PANEL_DIALECT_DIR ASAN_OPTIONS="${FUZZ_ASAN:+$FUZZ_ASAN:}detect_leaks=1" \
         "$tmp/run/$t" -runs=0 ${FUZZ_MAXLEN:+-max_len=$FUZZ_MAXLEN} -dict="$tmp/run/$t.dict" \
         "$tmp/seeds/$t") >"$tmp/$t.log" 2>&1 || { tail -15 "$tmp/$t.log"; bad "$t failed on its seed corpus"; }
    echo "oss-fuzz/build: $t: $n_zip seeds, $(grep -o 'INITED.*' "$tmp/$t.log" | head -1)"
done
[ $fail = 0 ] && echo "oss-fuzz/build: ${#targets[@]} targets with seed zips, dicts and options; every seed runs"
exit $fail
