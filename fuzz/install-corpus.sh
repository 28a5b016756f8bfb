#!/bin/sh
# fuzz/install-corpus.sh CORPUS DEST ACTION...: installs the parse targets' seeds as plain
# answer bodies for anyone's fuzzer: CORPUS/fuzz_parse_ACTION/F without its first byte (the
# dialect selector) becomes DEST/ACTION/F. Used by `cmake --install` (fuzz/CMakeLists.txt).
set -eu
corpus=$1
dest=$2
shift 2
for action in "$@"; do
    mkdir -p "$dest/$action"
    for f in "$corpus/fuzz_parse_$action"/*; do
        [ -f "$f" ] || continue
        tail -c +2 "$f" > "$dest/$action/$(basename "$f")"
    done
done
