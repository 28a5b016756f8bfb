#!/usr/bin/env python3
"""Sanity of the reference providers themselves, without panelcheck (ctest providers/selfcheck).

For each provider: the command line (first line, --list-deviations with >= 10 rows, an unknown
deviation refused with exit 2), the exact ledger of one order, wall-clock progression to a
terminal status, account isolation, and a wrong key refused. Every wait is bounded.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
# Per document: how a request is encoded, how the key looks, the first Default service, how
# the status entry of an order is found, and the terminal words.
CASES = {
    "dripfeedpanel": {"json": False, "key": None, "service": 1, "multi_status": "status",
                      "keyed_single": False, "done": {"Completed", "Partial"}},
    "smm-objectid": {"json": True, "key": ("abcd1234.efgh5678-ijkl9012",
                                          "wxyz9876.mnop5432-qrst1098"),
                     "service": 1, "multi_status": "status", "keyed_single": True,
                     "done": {"COMPLETED", "PARTIAL"}},
    "panel-v2": {"json": False, "key": None, "service": "1", "multi_status": "multiStatus",
                 "keyed_single": False, "done": {"Completed", "Done", "Partial"}},
    "smmpanel-ru": {"json": False, "key": None, "service": "5", "multi_status": "status",
                    "keyed_single": False, "done": {"completed", "partial"}},
    "smpanelim": {"json": False, "key": None, "service": 1, "multi_status": "status",
                  "keyed_single": False, "done": {"Completed", "Partial"}},
}


def call(url, case, params):
    """POST the parameters in the document's encoding; (HTTP code, decoded JSON or text)."""
    if case["json"]:
        data, ctype = json.dumps(params).encode(), "application/json"
    else:
        data = urllib.parse.urlencode(params).encode()
        ctype = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            code, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        code, body = e.code, e.read()
    try:
        return code, json.loads(body)
    except ValueError:
        return code, body.decode("utf-8", "replace")


def entry(obj, oid, keyed):
    """The status entry of the order in a single-status answer."""
    return obj.get(str(oid)) if keyed else obj


def check(dialect, case):
    """Run the sanity checks of one provider; returns a list of problems."""
    script = os.path.join(HERE, dialect + ".py")
    problems = []
    listing = subprocess.run([sys.executable, script, "--list-deviations"], capture_output=True,
                             text=True, timeout=30).stdout.splitlines()
    if len(listing) < 10:
        problems.append("fewer than 10 deviations (%d)" % len(listing))
    bad = subprocess.run([sys.executable, script, "--deviate", "no_such_deviation"],
                         capture_output=True, text=True, timeout=30)
    if bad.returncode != 2:
        problems.append("an unknown deviation exits %d, not 2" % bad.returncode)
    keys = case["key"] or ("%s-key-1" % dialect, "%s-key-2" % dialect)
    proc = subprocess.Popen([sys.executable, script, "--port", "0", "--key", keys[0], "--key2",
                             keys[1], "--lifetime", "60"], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    try:
        first = proc.stdout.readline().strip()
        if not first.startswith("listening on http://127.0.0.1:"):
            return problems + ["first line is %r" % first]
        url = proc.stdout.readline().split(" ", 1)[1].strip()
        k1 = {"key": keys[0]}
        svc = [s for s in call(url, case, dict(k1, action="services"))[1]
               if str(s.get("service")) == str(case["service"])][0]
        bal = call(url, case, dict(k1, action="balance"))[1]["balance"]
        qty = int(svc["min"])
        code, add = call(url, case, dict(k1, action="add", service=case["service"],
                                         link="https://example.com/p", quantity=str(qty)))
        oid = add.get("order") if isinstance(add, dict) else None
        if code != 200 or oid is None:
            return problems + ["add answered %d %r" % (code, add)]
        after = call(url, case, dict(k1, action="balance"))[1]["balance"]
        cost = Decimal(svc["rate"]) * qty / 1000
        if Decimal(bal) - Decimal(after) != cost:
            problems.append("balance %s -> %s, cost %s" % (bal, after, cost))
        seen = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            st = entry(call(url, case, dict(k1, action="status", order=str(oid)))[1], oid,
                       case["keyed_single"])
            word = st.get("status") if isinstance(st, dict) else None
            if not seen or seen[-1] != word:
                seen.append(word)
            if word in case["done"]:
                break
            time.sleep(0.1)
        if len(seen) < 3 or seen[-1] not in case["done"]:
            problems.append("status went %s, not pending -> in progress -> terminal" % seen)
        k2 = {"key": keys[1]}
        code, other = call(url, case, dict(k2, action=case["multi_status"], orders=str(oid)))
        foreign = other.get(str(oid)) if isinstance(other, dict) else other
        if not (isinstance(foreign, str) or (isinstance(foreign, dict) and "error" in foreign)):
            problems.append("the second account reads the first's order: %r" % (other,))
        bal2 = call(url, case, dict(k2, action="balance"))[1]["balance"]
        if Decimal(bal2) != Decimal(bal):
            problems.append("the second account's balance moved: %s" % bal2)
        wrong = "zzzz9999.zzzz9999-zzzz9999" if case["json"] else "wrong-key"
        code, err = call(url, case, {"key": wrong, "action": "balance"})
        if not (isinstance(err, dict) and "error" in err):
            problems.append("a wrong key answered %d %r" % (code, err))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    return problems


def main():
    bad = 0
    for dialect, case in CASES.items():
        problems = check(dialect, case)
        print("%-14s %s" % (dialect, "ok" if not problems else "; ".join(problems)))
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
