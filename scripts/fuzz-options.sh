# Sourced by scripts/fuzz.sh, scripts/fuzz-ci.sh and bench/fuzz-execs.sh: reads a target's
# fuzz/<target>.options the way ClusterFuzz does ([libfuzzer] as flags, [asan] as
# ASAN_OPTIONS). fuzz_options TARGET sets:
#   FUZZ_MAXLEN  max_len of [libfuzzer] ("" when unset)
#   FUZZ_ASAN    the [asan] lines joined with ':' ("" when none)
#   FUZZ_DICT    an array holding -dict=fuzz/TARGET.dict when that file exists

# Prints the key=value lines of section [$2] of options file $1, blanks removed.
fuzz_opt_section() {
    awk -v s="[$2]" '/^\[/ { in_s = ($0 == s); next } in_s && /=/ { gsub(/[ \t]/, ""); print }' \
        "$1" 2>/dev/null
}

fuzz_options() {
    local f="fuzz/$1.options"
    FUZZ_MAXLEN=$(fuzz_opt_section "$f" libfuzzer | sed -n 's/^max_len=//p' || true)
    FUZZ_ASAN=$(fuzz_opt_section "$f" asan | paste -sd: - || true)
    FUZZ_DICT=()
    if [ -f "fuzz/$1.dict" ]; then FUZZ_DICT=(-dict="fuzz/$1.dict"); fi
}
