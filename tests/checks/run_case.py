#!/usr/bin/env python3
"""One canned-answer case of tests/checks/ (README.md there): a check judged on a canned answer.

1. `panelcheck run --dialect D --only A --record base.har` against the embedded mock: the base
   recording, in which the case's check must have the base verdict (default pass).
2. The answers of the recorded requests the case's `replace` rules match are replaced by the
   canned answer files (status, body, Content-Type).
3. `panelcheck run --dialect D --only A --replay edited.har`: the same run fed the canned
   answers; the case's check must have the expected verdict, and its report entry must contain
   every `contains` text.
Python 3 standard library only; every run is bounded in time.
"""

import argparse
import json
import os
import subprocess
import sys
import urllib.parse

RUN_TIMEOUT_S = 60


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def panelcheck(exe, args, workdir):
    """Runs panelcheck run ARGS; returns (exit code, parsed JSON report)."""
    report = os.path.join(workdir, "report-%d.json" % os.getpid())
    cmd = [exe, "run"] + args + ["--report", "json:" + report]
    try:
        r = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True,
                           timeout=RUN_TIMEOUT_S, env=dict(os.environ, NO_COLOR="1"))
    except subprocess.TimeoutExpired:
        fail("panelcheck did not finish in %d s: %s" % (RUN_TIMEOUT_S, " ".join(cmd)))
    try:
        with open(report, encoding="utf-8") as f:
            rep = json.load(f)
    except (OSError, ValueError) as e:
        fail("no JSON report (%s); exit %d; stderr: %s" % (e, r.returncode, r.stderr[-600:]))
    os.unlink(report)
    return r.returncode, rep


def request_params(req):
    """The request's parameters: query string, then a form or JSON body."""
    out = {}
    q = urllib.parse.urlsplit(req.get("url", "")).query
    for k, v in urllib.parse.parse_qsl(q, keep_blank_values=True):
        out.setdefault(k, v)
    text = (req.get("postData") or {}).get("text", "") or ""
    body = None
    if text.lstrip().startswith("{"):
        try:
            body = {k: str(v) for k, v in json.loads(text).items()}
        except (ValueError, AttributeError):
            body = None
    if body is None:
        body = dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
    out.update(body)
    return out


def key_class(req):
    """"key2", "main" or "other": which key the request carried (the HAR masks both)."""
    blob = json.dumps(req)
    if "$PANEL_KEY2" in blob:
        return "key2"
    if "$PANEL_KEY" in blob:
        return "main"
    return "other"


def placed_orders(entries):
    """The order ids the recorded add answers gave."""
    ids = set()
    for e in entries:
        if request_params(e["request"]).get("action") != "add":
            continue
        try:
            v = json.loads(e["response"]["content"].get("text", ""))
        except ValueError:
            continue
        if isinstance(v, dict) and isinstance(v.get("order"), (int, str)):
            ids.add(str(v["order"]))
    return ids


def matches(rule, req, resp=None, orders=()):
    """Whether replace rule matches the recorded request (and its recorded answer)."""
    p = request_params(req)
    if "answer_contains" in rule and rule["answer_contains"] not in (
            (resp or {}).get("content", {}).get("text", "") or ""):
        return False
    if "param_is_order" in rule and p.get(rule["param_is_order"]) not in orders:
        return False
    if "action" in rule and p.get(rule.get("action_param", "action"), "") != rule["action"]:
        return False
    if "key" in rule and key_class(req) != rule["key"]:
        return False
    for name, sub in rule.get("params", {}).items():
        if name not in p or sub not in p[name]:
            return False
    for name in rule.get("absent", []):
        if name in p:
            return False
    return True


def is_repeat(entries, i):
    """Whether request i repeats an earlier one (the same parameters)."""
    p = request_params(entries[i]["request"])
    return any(request_params(e["request"]) == p for e in entries[:i])


def replace_answer(entry, rule, casedir):
    """Puts the canned answer of rule into the HAR entry."""
    with open(os.path.join(casedir, rule["body"]), encoding="utf-8") as f:
        text = f.read()
    ctype = rule.get("content_type", "application/json")
    resp = entry["response"]
    resp["status"] = int(rule.get("status", 200))
    resp["statusText"] = rule.get("status_text", "OK" if resp["status"] == 200 else "Error")
    resp["content"] = {"size": len(text.encode("utf-8")), "mimeType": ctype, "text": text}
    headers = [h for h in resp.get("headers", [])
               if h.get("name", "").lower() not in ("content-type", "content-length")]
    headers.append({"name": "Content-Type", "value": ctype})
    headers.append({"name": "Content-Length", "value": str(len(text.encode("utf-8")))})
    resp["headers"] = headers


def verdict_of(rep, check, action=None):
    """The report entries of check id (exact; of that action when given)."""
    return [c for c in rep.get("checks", []) if c.get("id") == check and
            (action is None or c.get("action") == action)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--panelcheck", required=True)
    ap.add_argument("--case", required=True, help="the case directory")
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    name = os.path.basename(os.path.normpath(a.case))
    with open(os.path.join(a.case, "case.json"), encoding="utf-8") as f:
        case = json.load(f)
    work = os.path.join(a.workdir, name)
    os.makedirs(work, exist_ok=True)
    common = ["--dialect", case["dialect"]]
    if case.get("only"):
        common += ["--only", case["only"]]
    # "@case/..." in an option names a file of the case (its own dialect directory)
    common += [os.path.join(os.path.abspath(a.case), x[6:]) if x.startswith("@case/") else x
               for x in case.get("args", [])]

    base_har = os.path.join(work, "base.har")
    rc, rep = panelcheck(a.panelcheck, common + ["--record", base_har], work)
    base = verdict_of(rep, case["check"], case.get("action"))
    want_base = case.get("base", "pass")
    if not base or base[0].get("status") != want_base:
        fail("base run: %s is %s, expected %s (the case must start from it)" % (
            case["check"], base[0].get("status") if base else "absent", want_base))

    with open(base_har, encoding="utf-8") as f:
        har = json.load(f)
    replaced = 0
    for rule in case["replace"]:
        entries = har["log"]["entries"]
        orders = placed_orders(entries)
        hits = [e for i, e in enumerate(entries)
                if matches(rule, e["request"], e["response"], orders) and
                (not rule.get("repeat") or is_repeat(entries, i))]
        if "nth" in rule:
            hits = hits[rule["nth"]:rule["nth"] + 1]
        if not hits:
            fail("replace rule %s matches no recorded request" % json.dumps(rule))
        for e in hits:
            replace_answer(e, rule, a.case)
            replaced += 1
    edited = os.path.join(work, "edited.har")
    with open(edited, "w", encoding="utf-8") as f:
        json.dump(har, f)

    # offline, the second account of the embedded mock is a --key2 the recording masked
    rc, rep = panelcheck(a.panelcheck, common + ["--replay", edited, "--key", "panelcheck-case-key",
                                                 "--key2", "panelcheck-case-key2"], work)
    got = verdict_of(rep, case["check"], case.get("action"))
    if not got:
        fail("replay run: no verdict for %s" % case["check"])
    c = got[0]
    print("%s: %s -> %s (%d answers replaced): %s" % (case["check"], base[0]["status"],
                                                     c.get("status"), replaced,
                                                     c.get("message", "")[:300]))
    if c.get("status") != case["verdict"]:
        fail("%s is %s, expected %s" % (case["check"], c.get("status"), case["verdict"]))
    blob = json.dumps(c)
    for text in case.get("contains", []):
        if text not in blob:
            fail("%s's report entry does not contain %r: %s" % (case["check"], text, blob[:800]))
    prov = (c.get("basis") or {}).get("provenance")
    if "provenance" in case and prov != case["provenance"]:
        fail("%s's basis is %s, expected %s" % (case["check"], prov, case["provenance"]))
    print("RESULT: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
