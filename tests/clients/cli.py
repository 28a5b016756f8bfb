"""The panelmock command line as a separate process: --help (a line per option), --version,
--list-faults/--list-quirks/--list-deviations, unknown switches, bad --listen, a port in
use, SIGTERM, --config (good, malformed, unknown members), --accounts, default balances.
Usage: cli.py PANELMOCK SOURCE_DIR"""
import json
import os
import re
import subprocess
import sys
import tempfile
from decimal import Decimal

from mockutil import Mock, check, dialects, finish, find, key_param, action, simple_service

exe, src = sys.argv[1], sys.argv[2]
DS = dialects(src)


def run(*args, timeout=20):
    p = subprocess.run([exe] + list(args), capture_output=True, timeout=timeout, text=True)
    return p.returncode, p.stdout, p.stderr


rc, out, err = run("--help")
opts = re.findall(r"^  --([a-z-]+)(?: \S+)?\s+\S.*$", out, re.M)
check(rc == 0 and len(opts) >= 18, "--help: a described line per option (%d)" % len(opts))
for o in ["listen", "dialect", "key", "balance", "accounts", "ids", "config", "log", "quiet",
          "list-faults", "list-quirks", "version"]:
    check(o in opts, "--help describes --%s" % o)
with open(os.path.join(src, "include/panel/version.h"), encoding="utf-8") as fh:
    version = re.search(r'PANEL_VERSION_STRING "([^"]+)"', fh.read()).group(1)
rc, out, err = run("--version")
check(rc == 0 and out.strip() == "panelmock " + version, "--version: %r" % out)
for flag, n in [("--list-faults", 10), ("--list-quirks", 10), ("--list-deviations", 20)]:
    rc, out, err = run(flag)
    rows = [ln.split("\t") for ln in out.splitlines()]
    check(rc == 0 and len(rows) >= n and all(len(r) >= 2 and r[-1] for r in rows),
          "%s: name and what, %d rows" % (flag, len(rows)))
rc, out, err = run("--frobnicate")
check(rc == 2 and "--frobnicate" in err and "--listen" in err and "--config" in err,
      "an unknown switch exits 2 listing the valid ones: %s" % err)
rc, out, err = run("--accounts", "0")
check(rc == 2 and "accounts" in err, "--accounts 0 is refused")
rc, out, err = run("--ids", "huge")
check(rc == 2 and "ids" in err, "--ids huge is refused")
rc, out, err = run("--log", "xml")
check(rc == 2 and "log" in err, "--log xml is refused")
rc, out, err = run("--listen", "not-a-host")
check(rc == 2 and "listen" in err, "a bad --listen exits 2 with a message: %s" % err)
rc, out, err = run("--key", "x=y")
check(rc == 2 and "unknown dialect" in err, "--key NAME=KEY with an unknown dialect: %s" % err)
rc, out, err = run("--key", "bad key with spaces", "--dialect", "smm-objectid")
check(rc == 2 and "documented key format" in err, "a key breaking a documented format: %s" % err)

# a port in use
m = Mock(exe, "--quiet")
port = m.url.rsplit(":", 1)[1]
rc, out, err = run("--listen", "127.0.0.1:" + port, timeout=10)
check(rc != 0 and "in use" in err, "a port in use fails with a message: %d %s" % (rc, err))
rc, err = m.stop()
check(rc == 0, "SIGTERM exits 0 (%s)" % rc)

# --config
tmp = tempfile.mkdtemp()


def cfg(text):
    p = os.path.join(tmp, "c%d.json" % len(os.listdir(tmp)))
    with open(p, "w", encoding="utf-8") as fh:
        fh.write(text)
    return p


for text, want in [("{", "invalid JSON"), ("[]", "object"), ('{"port": 1}', "unknown member"),
                   ('{"accounts": "two"}', "accounts"), ('{"dialects": {"nosuch": {}}}', "unknown dialect"),
                   ('{"dialects": {"dripfeedpanel": {"colour": "red"}}}', "unknown member"),
                   ('{"dialects": {"dripfeedpanel": {"balance": "lots"}}}', "balance"),
                   ('{"faults": "explode"}', "explode")]:
    rc, out, err = run("--config", cfg(text))
    check(rc == 2 and want in err and err.count("\n") <= 2,
          "config %s -> exit 2 with a clear line: %d %s" % (text, rc, err.strip()))
rc, out, err = run("--config", os.path.join(tmp, "missing.json"))
check(rc == 2 and "missing.json" in err, "a missing config file: %s" % err)
good = cfg(json.dumps({"seed": 7, "accounts": 2, "log": "none", "dialects": {
    "smm-objectid": {"key": "abcdefgh.ABCDEFGH-12345678", "balance": "12.5"},
    "dripfeedpanel": {"key": "ci-key", "quirks": "bool_as_1"}}}))
m = Mock(exe, "--config", good)
check(m.keys.get("smm-objectid", [None])[0] == "abcdefgh.ABCDEFGH-12345678", "config key set")
check(m.keys.get("dripfeedpanel", [None])[0] == "ci-key", "config key on an assumed format")
check(all(len(v) == 2 for v in m.keys.values()), "accounts=2 prints two keys per dialect")
d = DS["smm-objectid"]
st, text = m.form("smm-objectid", {"key": "abcdefgh.ABCDEFGH-12345678", "action": "balance"})[:2]
check(Decimal(find(json.loads(text), "balance")) == Decimal("12.5"), "config balance: %s" % text)
st, state = m.admin("GET", "state")
dd = [x for x in state["dialects"] if x["name"] == "dripfeedpanel"]
check(dd and dd[0].get("quirks") == {"bool_as_1": 1.0}, "per-dialect quirks in state: %s" % dd[:1])

# --accounts: each account its own key, balance and orders
for name in ["dripfeedpanel", "smm-objectid"]:
    d = DS[name]
    k1, k2 = m.keys[name]
    sid, mn, _, _ = simple_service(d)
    b_before = find(json.loads(m.form(name, {key_param(d): k2, "action": "balance"})[1]), "balance")
    st, text = m.form(name, {key_param(d): k1, "action": action(d, "add"), "service": sid,
                             "link": "https://example.com/a", "quantity": str(mn)})[:2]
    oid = str(find(json.loads(text), "order"))
    b_after = find(json.loads(m.form(name, {key_param(d): k2, "action": "balance"})[1]), "balance")
    check(b_before == b_after, "%s: account 2's balance is untouched by account 1's order" % name)
    sp = d["actions"]["status"].get("single_param") or d["actions"]["status"]["multi_param"]
    st, text = m.form(name, {key_param(d): k2, "action": "status", sp: oid})[:2]
    check("error" in text, "%s: account 2 does not see account 1's order: %s" % (name, text))
m.stop()

# default balances: 100 orders of the minimum quantity of every service
m = Mock(exe, "--log", "none")
for name, d in DS.items():
    key = m.keys[name][0]
    bal = Decimal(str(find(json.loads(m.form(name, {key_param(d): key, "action": action(d, "balance")})[1]), "balance")))
    need = sum(Decimal(str(s["rate"])) * max(int(s["min"]), 1) / 1000 for s in d["catalogue"]["services"]) * 100
    check(bal >= need, "%s: starting balance %s covers 100 minimum orders of every service (%s)" % (name, bal, need))
m.stop()

finish("clients/cli")
