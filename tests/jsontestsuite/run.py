#!/usr/bin/env python3
"""Runs every file of JSONTestSuite's test_parsing through `panelcheck parse` (stdlib only).

y_ files must parse without an invalid_json (or empty_body) diagnostic, n_ files must be
refused with one
(exit 1), i_ files must give the outcome tests/jsontestsuite/i_outcomes.tsv documents. No
file may exit 2, crash, hang, or print anything but valid UTF-8 JSON.
Usage: run.py PANELCHECK TEST_PARSING_DIR OUTCOMES_TSV
"""
import json
import os
import subprocess
import sys


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    pc, suite, table = sys.argv[1:]
    if not os.path.isdir(suite):
        print(f"FAIL: JSONTestSuite not found at {suite} (shared/ must sit beside the clone)")
        return 1
    outcomes = {}
    with open(table, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, outcome = line.split("\t")[:2]
                outcomes[name] = outcome.strip()
    files = sorted(n for n in os.listdir(suite) if n.endswith(".json"))
    fails, counts = 0, {}
    for name in files:
        with open(os.path.join(suite, name), "rb") as f:
            body = f.read()
        try:
            p = subprocess.run([pc, "parse", "--dialect", "dripfeedpanel", "balance", "-"],
                               input=body, capture_output=True, timeout=20)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: hangs (20 s)")
            fails += 1
            continue
        try:
            out = json.loads(p.stdout.decode("utf-8", errors="strict"))
        except (UnicodeDecodeError, ValueError) as e:
            print(f"FAIL {name}: exit {p.returncode}, output is not UTF-8 JSON: {e}")
            fails += 1
            continue
        # an empty or blank text is refused as empty_body, a more precise invalid_json
        refused = any(d["code"] in ("invalid_json", "empty_body") for d in out["diagnostics"])
        kind = name[0]
        if kind == "y":
            want = "accepted"
        elif kind == "n":
            want = "refused"
        else:
            want = outcomes.get(name)
            if want is None:
                print(f"FAIL {name}: no documented outcome in {table}")
                fails += 1
                continue
        got = "refused" if refused else "accepted"
        ok = got == want and p.returncode in (0, 1) and (not refused or p.returncode == 1)
        if not ok:
            print(f"FAIL {name}: {got} (exit {p.returncode}), want {want}")
            fails += 1
        counts[(kind, got)] = counts.get((kind, got), 0) + 1
    for (kind, got), n in sorted(counts.items()):
        print(f"{kind}_ {got}: {n}")
    print(f"{len(files)} files, {fails} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
