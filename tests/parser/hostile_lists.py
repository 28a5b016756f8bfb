#!/usr/bin/env python3
"""The hostile lists of issue 11 through `panelcheck parse` (bounds, not timings).

200,000 {"service":1} services and 1,000,000 {} (as services and as multi entries):
exit 1, at most 100 diagnostics of a code plus one summary that counts the rest, and for
1,000,000 {} an output under 1 MB. Times and RSS are bench/parse's to measure.
Usage: hostile_lists.py PANELCHECK
"""
import json
import subprocess
import sys
import tempfile

CAP = 100


def run(pc, action, body, multi):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        f.write(body)
        f.flush()
        args = [pc, "parse", "--dialect", "dripfeedpanel", action, f.name]
        if multi:
            args.insert(4, "--multi")
        p = subprocess.run(args, capture_output=True, timeout=120)
    return p.returncode, p.stdout


def check(name, pc, action, body, multi, max_out):
    rc, out = run(pc, action, body, multi)
    fails = []
    if rc != 1:
        fails.append(f"exit {rc}, want 1")
    if max_out and len(out) >= max_out:
        fails.append(f"output {len(out)} bytes, want < {max_out}")
    doc = json.loads(out.decode("utf-8"))
    per = {}
    for d in doc["diagnostics"]:
        per.setdefault(d["code"], []).append(d)
    for code, ds in per.items():
        if len(ds) > CAP + 1:
            fails.append(f"{len(ds)} {code} diagnostics, want <= {CAP + 1}")
        if len(ds) == CAP + 1 and "left out" not in ds[-1]["message"]:
            fails.append(f"{code}: no summary diagnostic")
    print(("FAIL " if fails else "ok   ") + f"{name}: exit {rc}, {len(out)} bytes, "
          + ", ".join(f"{c} {len(v)}" for c, v in sorted(per.items())))
    for f in fails:
        print("     " + f)
    return not fails


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    pc = sys.argv[1]
    svc = b"[" + b",".join([b'{"service":1}'] * 200000) + b"]"
    empty = b"[" + b",".join([b"{}"] * 1000000) + b"]"
    ok = check("200000 {\"service\":1} services", pc, "services", svc, False, 0)
    ok &= check("1000000 {} services", pc, "services", empty, False, 1 << 20)
    ok &= check("1000000 {} refill entries", pc, "refill", empty, True, 1 << 20)
    ok &= check("1000000 {} cancel entries", pc, "cancel", empty, True, 1 << 20)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
