#!/usr/bin/env bash
# `make coverage`: a gcc --coverage build in build-coverage (Debug, no sanitizers), every ctest
# (not the fuzz campaigns), then gcovr: a table of line and branch coverage per folder (core/,
# harness/, mocks/ and their total) and the HTML report in reports/coverage/index.html.
# Exits non-zero only when the configure, the build or a test fails; the issue's targets
# (lines >= 95 %, branches >= 85 % per folder) are reported, and enforced only with
# COVERAGE_MIN=1. A test that fails is run once more (timing bounds on a loaded machine);
# failing twice fails the run. COVERAGE_BUILD (build-coverage) and COVERAGE_JOBS (nproc) can
# be set.
set -uo pipefail
cd "$(dirname "$0")/.."

BUILD=${COVERAGE_BUILD:-build-coverage}
JOBS=${COVERAGE_JOBS:-$(nproc 2>/dev/null || echo 2)}
OUT=reports/coverage
MIN_LINES=95.0
MIN_BRANCHES=85.0
FOLDERS=(core harness mocks)

for tool in gcc gcov gcovr; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "coverage: $tool not found: run 'bash scripts/install-deps.sh' (Debian package gcovr)" >&2
        exit 1
    fi
done

echo "coverage: configuring $BUILD (gcc --coverage, Debug)"
mkdir -p "$BUILD"
if ! CC=gcc cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DPANEL_SANITIZE=OFF -DPANEL_FUZZ=OFF \
        -DPANEL_BENCH=OFF -DCMAKE_C_FLAGS="--coverage -O0 -fprofile-update=atomic" \
        -DCMAKE_EXE_LINKER_FLAGS="--coverage" -DCMAKE_SHARED_LINKER_FLAGS="--coverage" \
        >"$BUILD/coverage-configure.log" 2>&1; then
    cat "$BUILD/coverage-configure.log" >&2
    echo "coverage: configure failed" >&2
    exit 1
fi
echo "coverage: building $BUILD"
if ! cmake --build "$BUILD" -j "$JOBS" >"$BUILD/coverage-build.log" 2>&1; then
    tail -40 "$BUILD/coverage-build.log" >&2
    echo "coverage: build failed" >&2
    exit 1
fi

# Counters from an earlier run would add to this one.
find "$BUILD" -name '*.gcda' -delete
echo "coverage: running the ctest suite"
test_rc=0
(cd "$BUILD" && ctest --output-on-failure -j "$JOBS") >"$BUILD/coverage-ctest.log" 2>&1 || test_rc=$?
grep -E '^[0-9]+% tests passed' "$BUILD/coverage-ctest.log" || tail -3 "$BUILD/coverage-ctest.log"
if [ "$test_rc" -ne 0 ]; then
    # A timing bound missed on a loaded machine (the -O0 instrumented build is slower) is
    # retried once; what fails twice fails the run. Both runs add to the counters.
    grep -E '^[[:space:]]*[0-9]+ - ' "$BUILD/coverage-ctest.log" >&2 || true
    echo "coverage: retrying the failed tests once" >&2
    test_rc=0
    (cd "$BUILD" && ctest --output-on-failure --rerun-failed) >"$BUILD/coverage-rerun.log" 2>&1 ||
        test_rc=$?
    grep -E '^[0-9]+% tests passed' "$BUILD/coverage-rerun.log" || tail -1 "$BUILD/coverage-rerun.log"
    if [ "$test_rc" -ne 0 ]; then
        echo "coverage: ctest failed twice (logs: $BUILD/coverage-ctest.log, coverage-rerun.log);" \
            "figures below are of a red run" >&2
    else
        echo "coverage: the failed tests passed when retried (flaky under load)" >&2
    fi
fi

rm -rf "$OUT"
mkdir -p "$OUT"
filters=()
for f in "${FOLDERS[@]}"; do filters+=(--filter "$f/"); done
echo "coverage: gcovr"
# Serial (a few seconds): gcovr 5.2's -j pool hangs when a worker meets a parse error. The data
# files are looked for in $BUILD only (the last argument): by default gcovr searches the whole
# root, and another --coverage tree in it (the torture's build-gcov, say) built from an older
# source makes its merge fail on function lines that moved.
if ! gcovr --root . --object-directory "$BUILD" "${filters[@]}" --gcov-ignore-parse-errors \
        --exclude-directories "$BUILD/CMakeFiles/[0-9]" \
        --html-details "$OUT/index.html" --html-title "panelkit coverage" \
        --json-summary "$OUT/summary.json" --print-summary "$BUILD" \
        >"$OUT/gcovr.log" 2>&1; then
    cat "$OUT/gcovr.log" >&2
    echo "coverage: gcovr failed" >&2
    exit 1
fi

# Per-folder table from gcovr's per-file summary (sums of covered and total lines/branches).
python_bin=/usr/bin/python3
[ -x "$python_bin" ] || python_bin=python3
enforce=${COVERAGE_MIN:-0}
"$python_bin" - "$OUT/summary.json" "$enforce" "$MIN_LINES" "$MIN_BRANCHES" "${FOLDERS[@]}" <<'EOF'
import json
import sys

path, enforce, min_lines, min_branches = sys.argv[1], sys.argv[2] == "1", float(sys.argv[3]), float(sys.argv[4])
folders = sys.argv[5:]
with open(path, encoding="utf-8") as fh:
    summary = json.load(fh)
sums = {f: [0, 0, 0, 0] for f in folders + ["total"]}
for entry in summary["files"]:
    top = entry["filename"].split("/", 1)[0]
    if top not in sums:
        continue
    for key in (top, "total"):
        s = sums[key]
        s[0] += entry["line_covered"]
        s[1] += entry["line_total"]
        s[2] += entry["branch_covered"]
        s[3] += entry["branch_total"]


def pct(num, den):
    return 100.0 * num / den if den else 100.0


print(f"{'folder':<10} {'lines':>8} {'(covered/total)':>17} {'branches':>9} {'(covered/total)':>17}")
below = []
for key in folders + ["total"]:
    lc, lt, bc, bt = sums[key]
    lp, bp = pct(lc, lt), pct(bc, bt)
    name = key + "/" if key != "total" else key
    print(f"{name:<10} {lp:>7.1f}% {f'({lc}/{lt})':>17} {bp:>8.1f}% {f'({bc}/{bt})':>17}")
    if key != "total" and (round(lp, 1) < min_lines or round(bp, 1) < min_branches):
        below.append(f"{name} {lp:.1f}/{bp:.1f}")
print(f"targets: lines >= {min_lines:.1f}%, branches >= {min_branches:.1f}% per folder;"
      f" below: {', '.join(below) if below else 'none'}")
sys.exit(1 if enforce and below else 0)
EOF
table_rc=$?
echo "coverage: HTML report in $OUT/index.html"
if [ "$test_rc" -ne 0 ]; then exit "$test_rc"; fi
if [ "$table_rc" -ne 0 ]; then
    echo "coverage: COVERAGE_MIN=1 and a folder is below the targets" >&2
    exit 1
fi
exit 0
