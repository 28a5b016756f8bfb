#!/usr/bin/env bash
# Generates corpus/fuzz_parse_<action>/<dialect>-<case> from every tests/cases body.
# The first byte of each seed selects the dialect and form for the fuzz target:
#   selector = dialect_index * 2 + multi, dialect_index = position of the dialect in the
#   name-sorted list of dialects/*.json. The rest of the seed is the body, byte for byte.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mapfile -t dialects < <(ls dialects/*.json | xargs -n1 basename | sed 's/\.json$//' | LC_ALL=C sort)
index_of() {
    local i
    for i in "${!dialects[@]}"; do
        [[ "${dialects[$i]}" == "$1" ]] && { echo "$i"; return; }
    done
    echo -1
}
count=0
for case_json in tests/cases/*/*/case.json; do
    dir="$(dirname "$case_json")"
    name="$(basename "$dir")"
    dialect="$(basename "$(dirname "$dir")")"
    idx="$(index_of "$dialect")"
    [[ "$idx" -ge 0 ]] || { echo "gen-corpus: unknown dialect $dialect" >&2; exit 1; }
    action="$(sed -n 's/.*"action": *"\([a-z_]*\)".*/\1/p' "$case_json")"
    multi="$(sed -n 's/.*"multi": *\([01]\).*/\1/p' "$case_json")"
    multi="${multi:-0}"
    out="corpus/fuzz_parse_${action}"
    mkdir -p "$out"
    sel=$((idx * 2 + multi))
    { printf "\\$(printf '%03o' "$sel")"; cat "$dir/body.json"; } > "$out/${dialect}-${name}"
    count=$((count + 1))
done
echo "gen-corpus: wrote $count seeds"
