#!/usr/bin/env python3
"""For each exchange the proxy logged (its JSON report) and recorded (its HAR), runs
`panelcheck parse` on the recorded body and compares the diagnostics (code, pointer) with the
proxy's findings. Usage: proxy_findings.py PANELCHECK DIALECT REPORT.json REC.har [MAX]"""
import json
import subprocess
import sys

pc, dialect, report, har = sys.argv[1:5]
limit = int(sys.argv[5]) if len(sys.argv) > 5 else 60
log = json.load(open(report))["log"]
entries = json.load(open(har))["log"]["entries"]
if len(log) != len(entries) or not log:
    print(f"report has {len(log)} exchanges, recording {len(entries)}")
    sys.exit(1)
bad = 0
for ex, ent in list(zip(log, entries))[:limit]:
    body = ent["response"]["content"].get("text", "")
    form = ["--multi"] if ex["multi"] else ["--single"]
    p = subprocess.run([pc, "parse", "--dialect", dialect] + form + [ex["action"], "-"],
                       input=body.encode(), capture_output=True, timeout=30)
    out = json.loads(p.stdout)
    want = [(d["code"], d.get("pointer", "")) for d in out.get("diagnostics", [])]
    got = [(f["code"], f["pointer"]) for f in ex["findings"]]
    if want != got:
        bad += 1
        print(f"exchange {ex['exchange']} ({ex['action']}): proxy {got}, parse {want}")
n = min(limit, len(log))
print(f"{n - bad} of {n} exchanges: proxy findings equal panelcheck parse")
sys.exit(1 if bad else 0)
