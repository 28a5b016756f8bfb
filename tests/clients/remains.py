"""remains never rise: 1,000 orders (spread over the dialects) polled to a final status one
status request at a time; every answer's remains is <= the one before, and Pending shows
where the lifecycle has it. Usage: remains.py PANELMOCK SOURCE_DIR [ORDERS]"""
import json
import sys
import time
import urllib.parse

from mockutil import Mock, check, dialects, finish, find, key_param, action, simple_service

exe, src = sys.argv[1], sys.argv[2]
total = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
DS = dialects(src)
m = Mock(exe, "--log", "none", "--balance", "100000000")
names = sorted(DS)
per = total // len(names) + 1
polled = rises = 0
seen_pending = set()
t0 = time.time()
for name in names:
    d = DS[name]
    key = m.keys[name][0]
    sid, mn, mx, _ = simple_service(d)
    sa = d["actions"]["status"]
    sp = sa.get("single_param")
    words = {w.lower() for w, st in d["statuses"]["order"]["words"].items() if st == "pending"} \
        if isinstance(d["statuses"]["order"].get("words"), dict) else set()
    for i in range(per):
        if polled >= total or time.time() - t0 > 240:
            break
        qty = mn + (i * 7919) % max(1, min(mx, mn * 50) - mn + 1)
        st, text = m.form(name, {key_param(d): key, "action": action(d, "add"), "service": sid,
                                 "link": "https://example.com/r%d" % i, "quantity": str(qty)})[:2]
        oid = find(json.loads(text), "order")
        if not check(oid is not None, "%s: add: %s" % (name, text)):
            break
        last = qty
        for _ in range(30):
            params = {key_param(d): key, "action": action(d, "status")}
            if sp:
                params[sp] = str(oid)
            else:
                params[sa["multi_param"]] = str(oid)
            st, text = m.form(name, params)[:2]
            j = json.loads(text)
            rem, status = find(j, "remains"), find(j, "status")
            if rem is None:
                check(False, "%s: no remains: %s" % (name, text))
                break
            rem = int(rem)
            if rem > last:
                rises += 1
                check(False, "%s order %s: remains rose %d -> %d (%s)" % (name, oid, last, rem, status))
            last = rem
            if isinstance(status, str) and status.lower() in ("pending",):
                seen_pending.add(name)
            if isinstance(status, str) and status.lower() in (
                    "completed", "partial", "canceled", "cancelled", "failed", "error", "rejected"):
                break
        polled += 1
check(polled >= total, "polled %d orders (want %d)" % (polled, total))
check(rises == 0, "remains rose %d times" % rises)
for name, d in DS.items():
    has = "Pending" in json.dumps(d["statuses"]["order"])
    if has:
        check(name in seen_pending, "%s: Pending is visible (its lifecycle has it)" % name)
m.stop()
print("remains: %d orders polled in %.1f s" % (polled, time.time() - t0))
finish("clients/remains")
