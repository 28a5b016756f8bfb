#!/usr/bin/env bash
# `make bench`: runs every benchmark in bench/ one after the other (never two at once, so they
# do not measure each other), keeps each one's full output in reports/bench/<name>.log and
# prints one table of what each measured beside its baseline in the same run: parse vs jansson
# and jq (bench/parse.sh), panelmock vs nginx (bench/mock-throughput), panelmock under
# thousands of connections (bench/mock-connections), `panelcheck run --dialect all` time
# (bench/check-run.sh, against its 2 s budget), fuzz exec/s (bench/fuzz-execs.sh, against the
# 20,000 exec/s target), and the bench_* programs no script runs (mock_orders, mock_status).
# A benchmark added to bench/ later is run too; its lines with a ratio go into the table.
# Not a test: figures depend on the machine and its load (printed with the table).
# Usage: bench/run-all.sh [BUILD_DIR]   (default build-bench; Release, no sanitizers)
# Environment: BENCH_DURATION (s per wrk run, default 4), BENCH_FUZZ_SECONDS (s per fuzz
# target, default 30), BENCH_ONLY (space-separated names to run, e.g. "parse check-run").
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-build-bench}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
dur=${BENCH_DURATION:-4}
fsecs=${BENCH_FUZZ_SECONDS:-30}
out="$root/reports/bench"
mkdir -p "$out"
cd "$root" || exit 2

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPANEL_SANITIZE=OFF >/dev/null || exit 2
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null || exit 2

# The benchmarks: every script in bench/ (but this one) and every bench_<name> program that no
# script runs. name<TAB>command.
list() {
    local f name
    for f in bench/*; do
        name=$(basename "$f")
        case "$name" in run-all.sh | CMakeLists.txt | *.c | *.h | *.lua | *.md) continue ;; esac
        [ -f "$f" ] || continue
        case "$name" in
            parse.sh | check-run.sh) printf '%s\tbash %s %s\n' "${name%.sh}" "$f" "$build" ;; # [BUILD_DIR]
            *) printf '%s\tbash %s\n' "${name%.sh}" "$f" ;;
        esac
    done
    for f in bench/*.c; do
        name=$(basename "$f" .c)
        grep -lq "bench_$name" bench/*.sh bench/mock-* 2>/dev/null && continue
        printf '%s\t%s\n' "$name" "$build/bench/bench_$name"
    done
}

rows=()
row() { rows+=("$(printf '| %-16s | %s |' "$1" "$2")"); }
# Table rows of benchmark $1 from its log $2 (what it printed beside its baseline).
extract() {
    local name=$1 log=$2 line
    case "$name" in
        parse)
            while IFS= read -r line; do row parse "$line"; done < <(
                grep -E 'MB/s|^jq |^panelcheck parse|^ratio' "$log" | sed 's/  */ /g')
            ;;
        mock-throughput)
            while IFS= read -r line; do row mock-throughput "$line"; done < <(
                grep -E 'req/s|^ratio' "$log" | sed 's/  */ /g')
            ;;
        mock-connections)
            while IFS= read -r line; do row mock-connections "$line"; done < <(
                awk '/^conns/ { h = 1; next } h && NF >= 7 { printf "%s connections: %s req/s, socket errors %s/%s/%s/%s, non-2xx %s\n", $1, $2, $3, $4, $5, $6, $7 }
                     /still running|DIED/ { print }' "$log")
            ;;
        check-run)
            local mean
            mean=$(sed -n 's/.*Time (mean[^:]*): *\([0-9.]*\) \(m\?s\).*/\1 \2/p' "$log" | head -1)
            if [ -z "$mean" ]; then
                mean=$(sed -n 's/.*mean wall time \([0-9.]*\) s.*/\1 s/p' "$log" | head -1)
            fi
            if [ -n "$mean" ]; then
                row check-run "$(awk -v m="$mean" 'BEGIN { split(m, a, " "); s = (a[2] == "ms") ? a[1] / 1000 : a[1];
                    printf "panelcheck run --dialect all: %.3f s mean; budget 2 s: %.2fx under it", s, 2 / s }')"
            fi
            ;;
        fuzz-execs)
            while IFS= read -r line; do row fuzz-execs "$line"; done < <(awk -F'|' -v t=20000 '$2 ~ /fuzz_/ { gsub(/ /, "", $2); gsub(/ /, "", $4);
                    if ($2 ~ /^fuzz_parse_/) { n++; if ($4 + 0 >= t) met++;
                        printf "%s %s exec/s (%.2fx of the %d target)\n", $2, $4, $4 / t, t }
                    else printf "%s %s exec/s\n", $2, $4 }
                 END { if (n) printf "parse targets at or above %d exec/s: %d of %d\n", t, met, n }' "$log")
            ;;
        *)
            while IFS= read -r line; do row "$name" "$line"; done < <(
                grep -E -i 'ratio|[0-9.]+ ?x\b|/s\b|bytes per|RSS' "$log" | sed 's/  */ /g' | head -8)
            ;;
    esac
}

echo "bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs; logs in reports/bench/"
t_all=$(date +%s)
while IFS=$'\t' read -r name cmd; do
    if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then continue; fi
    log="$out/$name.log"
    t0=$(date +%s)
    echo "bench: $name ($cmd)"
    rc=0
    # shellcheck disable=SC2086
    BUILD_DIR="$build" DURATION="$dur" FUZZ_BENCH_SECONDS="$fsecs" $cmd >"$log" 2>&1 || rc=$?
    before=${#rows[@]}
    extract "$name" "$log"
    [ $rc -eq 0 ] || row "$name" "exit $rc: $(tail -1 "$log")"
    [ ${#rows[@]} -gt "$before" ] || row "$name" "no figure printed (see reports/bench/$name.log)"
    echo "bench: $name done in $(($(date +%s) - t0)) s (exit $rc)"
done < <(list)

echo
echo "| benchmark        | measured in the same run (ratio beside its baseline or target) |"
echo "|------------------|------------------------------------------------------------------|"
printf '%s\n' "${rows[@]}"
echo
echo "bench: all in $(($(date +%s) - t_all)) s; load average $(cut -d' ' -f1-3 /proc/loadavg) after; wrk ${dur} s per run, fuzz ${fsecs} s per target"
