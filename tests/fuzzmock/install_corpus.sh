#!/usr/bin/env bash
# tests/fuzzmock/install_corpus.sh BUILD: `cmake --install BUILD` into a temporary prefix puts
# the mutator's public header and, per parse action, the answer seeds (plain bodies, no
# selector byte) in share/panelkit/corpus/<action>/ and the dictionary <action>.dict, for any
# coverage-guided fuzzer (issue #15, Deliver 3).
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp" > "$tmp/log" 2>&1 || { tail -20 "$tmp/log"; exit 1; }
test -s "$tmp/include/panel/fuzz.h" || { echo "no include/panel/fuzz.h"; exit 1; }
grep -q 'panel_fuzz_mutate(' "$tmp/include/panel/fuzz.h"
dir=$tmp/share/panelkit/corpus
n=0
for a in services add status refill refill_status cancel balance error; do
    test -s "$dir/$a.dict" || { echo "no $a.dict"; exit 1; }
    k=$(find "$dir/$a" -type f | wc -l)
    [ "$k" -gt 0 ] || { echo "no seeds for $a"; exit 1; }
    # a plain body: most seeds of an action begin like JSON (the fuzz targets' selector byte
    # is cut off); the rest are the invalid-JSON seeds
    j=$(find "$dir/$a" -type f -exec head -qc 1 {} + | tr -cd '[{" ' | wc -c)
    [ "$((j * 2))" -ge "$k" ] || { echo "$a: only $j of $k seeds look like JSON bodies"; exit 1; }
    n=$((n + k))
done
echo "installed corpus: $n seeds and 8 dictionaries"
