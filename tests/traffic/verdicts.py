#!/usr/bin/env python3
"""Compares the verdicts (check id + status, in order) of two panelcheck JSON reports.
Usage: verdicts.py A.json B.json; exit 0 when identical, 1 (with the differences) otherwise."""
import json
import sys


def verdicts(path):
    with open(path) as f:
        rep = json.load(f)
    return [(c["id"], c["status"]) for c in rep["checks"]]


a, b = verdicts(sys.argv[1]), verdicts(sys.argv[2])
if a == b and a:
    print(f"identical: {len(a)} verdicts")
    sys.exit(0)
print(f"differ: {len(a)} vs {len(b)} verdicts")
for x, y in zip(a, b):
    if x != y:
        print(f"  {x} != {y}")
sys.exit(1)
