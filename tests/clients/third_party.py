"""panelmock driven the way third-party client libraries drive a panel: per-dialect keys,
multipart bodies (PHP curl with an array), parameters in the query string of a POST, empty
optional parameters, the documented fixed path, GET, JSON clients reading big ids, keys sent
in odd places, duplicate and huge id lists.
Usage: third_party.py PANELMOCK SOURCE_DIR"""
import json
import sys
import urllib.parse

from mockutil import Mock, check, dialects, finish, find, key_param, action, multipart, \
    simple_service, idem, reads_multipart

exe, src = sys.argv[1], sys.argv[2]
DS = dialects(src)
OID_KEY = "abcdefgh.ABCDEFGH-12345678"


def add_params(d, key, extra=None):
    sid, mn, _, _ = simple_service(d)
    p = {key_param(d): key, "action": action(d, "add"), "service": sid,
         "link": "https://example.com/p", "quantity": str(mn)}
    p.update(extra or {})
    return idem(d, p)


def order_of(body):
    try:
        j = json.loads(body)
    except ValueError:
        return None
    o = find(j, "order")
    return None if o is None else str(o)


# 1. per-dialect keys, a plain key for the rest (an assumed format only warns)
m = Mock(exe, "--key", "test-key", "--key", "smm-objectid=" + OID_KEY, "--quiet")
for name, d in DS.items():
    key = OID_KEY if name == "smm-objectid" else "test-key"
    st, body = m.form(name, {key_param(d): key, "action": action(d, "balance")})[:2]
    check(st == 200 and "balance" in body, "%s: balance with the given key: %d %s" % (name, st, body))
    st, body = m.form(name, {key_param(d): "wrong-key", "action": action(d, "balance")})[:2]
    check("error" in body, "%s: a wrong key is refused: %s" % (name, body))
rc, err = m.stop()
check(rc == 0, "SIGTERM exits 0 (got %s)" % rc)
check("test-key" not in err and OID_KEY not in err, "no key on stderr")

m = Mock(exe, "--log", "none")
for name, d in DS.items():
    key = m.keys[name][0]
    kp = key_param(d)
    # 2. multipart/form-data, as PHP's curl sends an array of fields
    body, ctype = multipart({kp: key, "action": action(d, "balance")})
    st, text, _ = m.request("POST", m.path(name), body, {"Content-Type": ctype})
    if reads_multipart(d):
        check(st == 200 and "balance" in text, "%s: multipart balance: %d %s" % (name, st, text))
        body, ctype = multipart(add_params(d, key))
        st, text, _ = m.request("POST", m.path(name), body, {"Content-Type": ctype})
        check(order_of(text) is not None, "%s: multipart add: %d %s" % (name, st, text))
    else:  # its encodings are declared without multipart: refused, as the provider would
        check("balance" not in text, "%s: multipart refused as declared: %s" % (name, text))
    # 3. parameters in the query string of a POST (body empty, or part of them in the body)
    q = urllib.parse.urlencode({kp: key, "action": action(d, "balance")})
    st, text, _ = m.request("POST", m.path(name) + "?" + q, b"")
    check(st == 200 and "balance" in text, "%s: POST with query parameters: %s" % (name, text))
    st, text = m.form(name, {"action": action(d, "balance")}, query=urllib.parse.urlencode({kp: key}))[:2]
    check(st == 200 and "balance" in text, "%s: key in the query, action in the body: %s" % (name, text))
    # 4. empty optional parameters are absent (JavaScript clients send runs=&interval=)
    sid, mn, mx, t = simple_service(d)
    extra = {p: "" for p in t.get("optional", [])}
    st, text = m.form(name, add_params(d, key, extra))[:2]
    check(order_of(text) is not None, "%s: add with empty optional %s: %s" % (name, sorted(extra), text))
    # 5. GET: only where the dialect's methods allow it, else its documented refusal
    methods = d.get("transport", {}).get("methods")
    st, text, _ = m.request("GET", m.path(name) + "?" + q)
    if methods and "GET" in methods:
        check(st == 200 and "balance" in text, "%s: GET allowed: %d %s" % (name, st, text))
    else:
        check("balance" not in text, "%s: GET refused as documented: %d %s" % (name, st, text))
    # 6. keys sent in odd places never come back, and never reach the journal
    sid = simple_service(d)[0]
    odd = {kp: key, "action": action(d, "status"), "api_key": key, "KEY": key,
           "token": key, key: "1"}
    sp = d["actions"]["status"].get("single_param") or "order"
    odd[sp] = key
    st, text = m.form(name, odd)[:2]
    check(key not in text, "%s: a key echoed as an order id is masked: %s" % (name, text))
    body, ctype = multipart(add_params(d, key, {"link": "https://example.com/" + key}))
    m.request("POST", m.path(name), body, {"Content-Type": ctype})
st, journal = m.admin("GET", "journal")
text = json.dumps(journal)
for name in DS:
    check(m.keys[name][0] not in text, "%s: the key appears nowhere in the journal" % name)
check(st == 200 and any(e.get("encoding") == "multipart" for e in journal if e),
      "the journal records multipart requests")

# 7. each dialect answers only its documented forms: a separate multi action means the
# single action name takes no id list
for name, d in DS.items():
    sa = d["actions"]["status"]
    if not sa.get("multi_name") or sa.get("multi_name") == sa.get("name"):
        continue
    key = m.keys[name][0]
    sid = simple_service(d)
    o = order_of(m.form(name, add_params(d, key))[1])
    st, text = m.form(name, {key_param(d): key, "action": sa["name"], sa["multi_param"]: o})[:2]
    check("error" in text, "%s: %s with %s= is refused: %s" % (name, sa["name"], sa["multi_param"], text))
    st, text = m.form(name, {key_param(d): key, "action": sa["multi_name"], sa["multi_param"]: o})[:2]
    check(o in text and "error" not in text, "%s: %s answers: %s" % (name, sa["multi_name"], text))

# 7b. idempotency where declared: the same value gives the same order, another body with it is
# refused, and a required value left out is refused naming the parameter
for name, d in DS.items():
    idp = d.get("idempotency") or {}
    if not idp.get("param"):
        continue
    key = m.keys[name][0]
    p = add_params(d, key)
    o1 = order_of(m.form(name, p)[1])
    o2 = order_of(m.form(name, p)[1])
    check(o1 is not None and o1 == o2, "%s: a retried add is the same order: %s %s" % (name, o1, o2))
    p2 = dict(p, link="https://example.com/other")
    st, text = m.form(name, p2)[:2]
    check("error" in text, "%s: the same %s with another body is refused: %s" % (name, idp["param"], text))
    if idp.get("required"):
        p3 = dict(p)
        del p3[idp["param"]]
        st, text = m.form(name, p3)[:2]
        msg = str(find(json.loads(text), d["errors"].get("field", "error")))
        check(idp["param"] in msg and "{" not in msg,
              "%s: an add without %s is refused naming it: %s" % (name, idp["param"], text))

# 8. the 100-id cap counts the ids sent, duplicates included; ids are never cut
for name, d in DS.items():
    sa = d["actions"]["status"]
    if not sa.get("multi_param"):
        continue
    key = m.keys[name][0]
    o = order_of(m.form(name, add_params(d, key))[1])
    mx = d["limits"]["max_ids"]["value"]
    st, text = m.form(name, {key_param(d): key, "action": action(d, "status", True),
                             sa["multi_param"]: ",".join([o] * (mx + 1))})[:2]
    msg = d["errors"]["cases"]["too_many_ids"]["message"]
    check(msg in text, "%s: %d copies of one id are too many: %s" % (name, mx + 1, text[:200]))
    long_id = "9" * 20000
    st, text = m.form(name, {key_param(d): key, "action": action(d, "status", True),
                             sa["multi_param"]: o + "," + long_id})[:2]
    check(long_id in text, "%s: a 20000-digit id is echoed whole: %s" % (name, text[:120]))
m.stop()

# 9. the documented fixed path with one dialect; big ids survive a JSON client
for name, d in DS.items():
    m = Mock(exe, "--dialect", name, "--ids", "big", "--log", "none")
    key = m.keys[name][0]
    base = d["base_path"]["value"]
    check(m.also.get(name, "").endswith(base), "%s: the documented path is announced" % name)
    st, text, _ = m.request("POST", base, urllib.parse.urlencode(
        {key_param(d): key, "action": action(d, "balance")}))
    check(st == 200 and "balance" in text, "%s: served at %s: %d %s" % (name, base, st, text))
    o = order_of(m.request("POST", base, urllib.parse.urlencode(add_params(d, key)))[1])
    if d["ids"]["order"] == "int":
        check(o is not None and int(o) > 2 ** 53, "%s: --ids big hands out ids past 2^53: %s" % (name, o))
        sp = d["actions"]["status"].get("single_param") or d["actions"]["status"].get("multi_param")
        st, text, _ = m.request("POST", base, urllib.parse.urlencode(
            {key_param(d): key, "action": action(d, "status"), sp: o}))
        check("error" not in text, "%s: the big id is found again: %s" % (name, text))
    m.stop()

finish("clients/third-party")
