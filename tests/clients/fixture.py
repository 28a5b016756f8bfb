"""panelmock as a CI fixture: health, the admin index, journal filters and fields, state,
reset?all=1, bad admin input (400, state unchanged), one log line per request (text and
JSON, keys masked), shutdown. Usage: fixture.py PANELMOCK SOURCE_DIR"""
import json
import sys
import time

from mockutil import Mock, check, dialects, finish, find, key_param, action, simple_service

exe, src = sys.argv[1], sys.argv[2]
DS = dialects(src)
NAMES = sorted(DS)

m = Mock(exe, "--log", "json")
st, h = m.admin("GET", "health")
check(st == 200 and h.get("ok") is True, "health answers 200: %s" % h)
st, idx = m.admin("GET", "")
eps = {e["path"] for e in idx.get("endpoints", [])} if isinstance(idx, dict) else set()
for ep in ["health", "state", "journal", "reset", "advance", "shutdown", "faults", "quirks",
           "deviate", "webhook", "deviations"]:
    check("/__panelmock/" + ep in eps, "the index lists /__panelmock/%s" % ep)
st, nf = m.admin("GET", "nothing-here")
check(st == 404 and len(nf.get("endpoints", [])) == len(eps), "an unknown admin path lists the endpoints")
st, na = m.admin("GET", "reset")
check(st == 405 and "POST" in na.get("error", ""), "GET reset is 405 naming POST: %s" % na)

# requests to journal: balance on every dialect, a status, an error
for name in NAMES:
    d = DS[name]
    m.form(name, {key_param(d): m.keys[name][0], "action": action(d, "balance")})
d0 = DS[NAMES[0]]
m.form(NAMES[0], {key_param(d0): "wrong", "action": action(d0, "balance")})
st, j = m.admin("GET", "journal")
check(st == 200 and len(j) == len(NAMES) + 1, "journal has every request: %d" % len(j))
e = j[0]
for f in ["seq", "time", "dialect", "action", "params", "status", "body", "applied", "ms", "method", "path"]:
    check(f in e, "a journal entry has %s" % f)
check(j[-1]["params"].get(key_param(d0)) == "***", "the wrong key is masked by name too")
check(all(m.keys[n][0] not in json.dumps(j) for n in NAMES), "no key in the journal")
check(e["time"].endswith("Z") and "T" in e["time"], "time is ISO 8601 UTC: %s" % e["time"])
check("balance" in e["body"], "the entry carries the response body")
st, j2 = m.admin("GET", "journal?limit=2")
check(len(j2) == 2 and j2[-1]["seq"] == j[-1]["seq"], "limit=2 gives the newest two")
st, j3 = m.admin("GET", "journal?since=%d&limit=1" % j[1]["seq"])
check(len(j3) == 1 and j3[0]["seq"] == j[2]["seq"], "since=SEQ&limit=1 gives the next one")
st, j4 = m.admin("GET", "journal?dialect=%s" % NAMES[1])
check(len(j4) == 1 and j4[0]["dialect"] == NAMES[1], "dialect= filters")
st, j5 = m.admin("GET", "journal?action=nosuch")
check(st == 200 and j5 == [], "action= filters")

# bad admin input: 400 with a message, nothing changed
st, before = m.admin("GET", "state")
for ep in ["advance?steps=abc", "advance?steps=-1", "advance?steps=1001", "advance?seconds=x",
           "reset?all=2", "faults?spec=nosuch", "quirks?spec=nosuch=0.5", "deviate?names=nosuch",
           "webhook?url=ftp://x", "faults?spec=reset=2"]:
    st, r = m.admin("POST", ep)
    check(st == 400 and r.get("error"), "POST %s -> 400 with a message: %d %s" % (ep, st, r))
for ep in ["journal?limit=abc", "journal?since=-3"]:
    st, r = m.admin("GET", ep)
    check(st == 400 and r.get("error"), "GET %s -> 400: %d %s" % (ep, st, r))
st, after = m.admin("GET", "state")
before.pop("requests", None)
after.pop("requests", None)
check(before == after, "refused admin calls change nothing")

# state shows faults, quirks, deviations, webhook; reset keeps them, reset?all=1 clears them
m.admin("POST", "faults?spec=reset=0.01,latency=5ms")
m.admin("POST", "quirks?spec=ids_as_strings=0.5")
m.admin("POST", "deviate?names=balance_number")
m.admin("POST", "webhook?url=http://127.0.0.1:9/hook")
st, s1 = m.admin("GET", "state")
check(s1["faults"].get("reset") == 0.01 and s1["faults"].get("latency") == "5ms", "state shows faults: %s" % s1["faults"])
check(s1["quirks"].get("ids_as_strings") == 0.5, "state shows quirks")
check(s1["deviations"] == ["balance_number"] and s1["webhook"].startswith("http://127.0.0.1:9"),
      "state shows deviations and the webhook")
m.admin("POST", "reset")
st, s2 = m.admin("GET", "state")
check(s2["deviations"] == ["balance_number"] and s2["faults"], "reset keeps the switches")
st, r = m.admin("POST", "reset?all=1")
st, s3 = m.admin("GET", "state")
check(s3["faults"] == {} and s3["quirks"] == {} and s3["deviations"] == [] and s3["webhook"] == "",
      "reset?all=1 clears faults, quirks, deviations, webhook: %s" % s3)
st, j = m.admin("GET", "journal")
check(j == [], "reset clears the journal")

# the log: one JSON line per request on stderr, key masked
name = NAMES[0]
m.form(name, {key_param(DS[name]): m.keys[name][0], "action": action(DS[name], "balance"),
              "note": m.keys[name][0]})
st, r = m.admin("POST", "shutdown")
check(st == 200, "shutdown answers 200")
t0 = time.time()
while m.proc.poll() is None and time.time() - t0 < 5:
    time.sleep(0.05)
check(m.proc.poll() == 0, "shutdown ends the process with 0 (%s)" % m.proc.poll())
rc, err = m.stop()
lines = [ln for ln in err.splitlines() if ln.startswith("{")]
parsed = []
for ln in lines:
    try:
        parsed.append(json.loads(ln))
    except ValueError:
        check(False, "a log line is not JSON: %s" % ln)
api = [p for p in parsed if p.get("dialect")]
check(len(api) == len(NAMES) + 2, "one log line per API request: %d" % len(api))
for f in ["time", "dialect", "action", "status", "ms", "applied"]:
    check(all(f in p for p in api), "log lines carry %s" % f)
check(any(p["path"].startswith("/__panelmock/") for p in parsed), "admin requests are logged")
check(all(m.keys[n][0] not in err for n in NAMES), "no key on stderr")

# the text log and what was applied
m = Mock(exe, "--faults", "latency=1ms", "--quirks", "bool_as_1")
name = NAMES[0]
m.form(name, {key_param(DS[name]): m.keys[name][0], "action": action(DS[name], "services")})
rc, err = m.stop()
ln = [x for x in err.splitlines() if " services " in x]
check(len(ln) == 1 and " 200 " in ln[0] and "latency=1ms" in ln[0] and "quirk=bool_as_1" in ln[0],
      "a text log line: time dialect action code ms applied: %s" % ln)

# --quiet: no request log
m = Mock(exe, "--quiet")
m.admin("GET", "health")
rc, err = m.stop()
check(err.strip() == "", "--quiet logs nothing: %r" % err[:200])

finish("clients/fixture")
