#!/usr/bin/env python3
"""fuzz/gen_seeds.py - writes the hand-written seeds: corpus/fuzz_parse_*/quirk-* (one per
item of QUIRKS.md and per transport oddity, with the selector byte of the dialect and form
they make sense for), and the generated seeds of corpus/fuzz_mock_request/,
corpus/fuzz_dialect_load/ and corpus/fuzz_form/. It overwrites its own files and deletes none
of the others: hand-written seeds (regress-*, format2-*, the format-2 broken-* files) live
beside them. Deterministic; re-run after a dialect is added or changed (the selector bytes
follow the sorted dialect list):
    python3 fuzz/gen_seeds.py
The case seeds corpus/fuzz_parse_*/<dialect>-<case> come from scripts/gen-corpus.sh."""
import glob
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")
# The dialects sorted by name, as panel_dialect_load_dir sorts them: selector = 2*index+multi.
DIALECTS = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(ROOT, "dialects", "*.json"))
                  if not p.endswith(".schema.json"))
OID = "5f8d0d55b54764421b7156c5"


def sel(dialect, multi):
    return bytes([2 * DIALECTS.index(dialect) + (1 if multi else 0)])


def b(x):
    if isinstance(x, bytes):
        return x
    if isinstance(x, str):
        return x.encode("utf-8")
    return json.dumps(x, separators=(",", ":")).encode()


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def clean(target, prefix):
    for p in glob.glob(os.path.join(CORPUS, target, prefix + "*")):
        os.remove(p)


STATUS_WORDS = ["Pending", "pending", "PENDING", "In progress", "In Progress", "in progress",
                "Inprogress", "IN_PROGRESS", "Processing", "processing", "Completed", "completed",
                "COMPLETED", "Complete", "Done", "Partial", "partial", "PARTIAL", "Canceled",
                "Cancelled", "canceled", "CANCELED", "Fail", "FAIL", "Failed", "Refunded",
                "Rejected", "Error", "AWAITING", "Unknown", "", "Completed "]
MONEY = {"number": 0.08011655652, "int-string": "95200", "comma": "1,20", "symbol": "$1.20",
         "9dec": "0.123456789", "negative": "-0.5", "huge": "99999999999999999999",
         "empty": "", "null": None, "bool": True, "exp": "1e3"}

STATUS1 = {"charge": "0.27819", "start_count": "3572", "status": "Partial", "remains": "157",
           "currency": "USD"}
SERVICE = {"service": 1, "name": "Followers", "type": "Default", "category": "First Category",
           "rate": "0.90", "min": "50", "max": "10000", "refill": True, "cancel": True}


def with_(base, **kw):
    d = dict(base)
    for k, v in kw.items():
        if v is KeyError:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def generic_bodies(example):
    """Transport and syntax oddities, applied to every parse target."""
    ex = b(example)
    deep_a = b"[" * 200 + b"1" + b"]" * 200
    deep_o = b'{"a":' * 200 + b"1" + b"}" * 200
    return {
        "empty": b"",
        "whitespace": b" \r\n\t ",
        "plain-text": b"Invalid API key",
        "plain-text-ok": b"OK",
        "html-502": b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
                    b"Gateway</h1></center><hr><center>nginx</center></body></html>",
        "html-500": b"<!DOCTYPE html><html><body><h1>Internal Server Error</h1></body></html>",
        "cloudflare": b"<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
                      b"<meta http-equiv=\"refresh\" content=\"390\"></head><body><div id=\"cf-"
                      b"wrapper\"><h1>Checking if the site connection is secure</h1><script src="
                      b"\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=7d\">"
                      b"</script></div></body></html>",
        "truncated": ex[: max(1, len(ex) // 2)],
        "truncated-1": ex[:-1],
        "trailing-garbage": ex + b"<br/>Notice: Undefined index",
        "bom": b"\xef\xbb\xbf" + ex,
        "invalid-utf8": b'{"error":"Comp\xffleted \xc3\x28"}',
        "overlong-utf8": b'{"status":"\xc0\xafCompleted"}',
        "lone-surrogate": b'{"error":"\\ud800"}',
        "nul-in-string": b'{"error":"a\\u0000b"}',
        "deep-array-200": deep_a,
        "deep-object-200": deep_o,
        "huge-1e400": b"1e400",
        "huge-int": b"99999999999999999999",
        "json-null": b"null",
        "json-true": b"true",
        "json-string": b'"Incorrect order ID"',
        "json-empty-object": b"{}",
        "json-empty-array": b"[]",
        "error-envelope": b'{"error":"Invalid API key"}',
        "error-envelope-object": b'{"error":{"message":"Invalid API key","code":401}}',
        "error-envelope-true": b'{"error":true}',
        "error-envelope-number": b'{"error":1}',
        "error-plus-data": b'{"error":"Not enough funds","order":23501}',
        "duplicate-keys": b'{"error":"a","error":"b"}',
        "single-quotes": b"{'order': 1}",
        "php-notice": b"<b>Warning</b>: mysqli_connect(): Too many connections in <b>/var/www/"
                      b"api.php</b> on line <b>12</b><br />\n" + ex,
    }


def action_bodies():
    """Per-action quirk bodies: name -> (body, forms) with forms 's', 'm' or 'sm'."""
    out = {}
    # services
    sv = {}
    sv["base"] = [SERVICE]
    sv["id-string"] = [with_(SERVICE, service="1")]
    sv["id-objectid"] = [with_(SERVICE, service=OID)]
    sv["id-zero"] = [with_(SERVICE, service=0)]
    for k, v in MONEY.items():
        sv["rate-" + k] = [with_(SERVICE, rate=v)]
    sv["rate-1e400"] = b'[{"service":1,"name":"F","type":"Default","category":"C","rate":1e400,' \
                       b'"min":"50","max":"10000","refill":true,"cancel":true}]'
    sv["minmax-int"] = [with_(SERVICE, min=50, max=10000)]
    sv["min-over-max"] = [with_(SERVICE, min="10000", max="50")]
    sv["min-negative"] = [with_(SERVICE, min="-1")]
    for name, v in {"1": 1, "str1": "1", "strtrue": "true", "null": None, "zero": 0}.items():
        sv["bool-" + name] = [with_(SERVICE, refill=v, cancel=v)]
    sv["bool-missing"] = [with_(SERVICE, refill=KeyError, cancel=KeyError)]
    sv["extra-keys"] = [with_(SERVICE, desc="Fast start", dripfeed=True, average_time="2 hours")]
    sv["unknown-type"] = [with_(SERVICE, type="Custom Thing")]
    sv["mixed-types"] = [SERVICE, with_(SERVICE, service="2", rate=1.2, min=10, refill="1"),
                         with_(SERVICE, service=3, rate="1,20", max="99999999999999999999")]
    sv["wrapped-success"] = {"status": "success", "data": [SERVICE]}
    sv["wrapped-true"] = {"status": True, "data": [SERVICE]}
    sv["object-not-array"] = SERVICE
    sv["keyed-by-id"] = {"1": SERVICE}
    sv["entry-string"] = [SERVICE, "Followers"]
    sv["ru-invalid-json"] = b'[{"service": 1 "name": "Followers" "type": Default "rate": "0.90"}]'
    sv["many"] = [with_(SERVICE, service=i) for i in range(1, 61)]
    out["services"] = {k: (v, "s") for k, v in sv.items()}

    # add
    ad = {"base": {"order": 23501}, "id-string": {"order": "23501"}, "id-objectid": {"order": OID},
          "id-zero": {"order": 0}, "id-zero-string": {"order": "0"}, "id-negative": {"order": -1},
          "id-huge": b'{"order":99999999999999999999}', "id-1e400": b'{"order":1e400}',
          "id-real": b'{"order":23501.0}', "id-null": {"order": None}, "id-true": {"order": True},
          "id-object": {"order": {"id": 1}}, "id-leading-zeros": {"order": "0023501"},
          "wrapped-success": {"status": "success", "order": 151},
          "wrapped-true": {"status": True, "data": {"order": 151}},
          "wrapped-success-text": {"success": "Order created", "order": 151},
          "order-id-key": {"order_id": 23501}, "extra-keys": {"order": 23501, "charge": "0.9",
                                                               "currency": "USD"},
          "duplicate-order": b'{"order":23501,"order":23502}',
          "missing": {"id": 23501}, "error-and-order": {"order": 23501, "error": ""}}
    out["add"] = {k: (v, "s") for k, v in ad.items()}

    # status
    st = {"base": (STATUS1, "s"), "id-keyed-single": ({"23501": STATUS1}, "s"),
          "id-keyed-single-oid": ({OID: with_(STATUS1, status="IN_PROGRESS")}, "s")}
    for k, v in MONEY.items():
        st["charge-" + k] = (with_(STATUS1, charge=v), "s")
    st["charge-1e400"] = (b'{"charge":1e400,"start_count":"1","status":"Pending","remains":"1",'
                          b'"currency":"USD"}', "s")
    for name, v in {"unknown": "Unknown", "negative": "-5", "negative-int": -5,
                    "over-quantity": "999999999", "int": 157, "null": None, "huge": "99999999999999999999",
                    "float": "1.5", "empty": ""}.items():
        st["remains-" + name] = (with_(STATUS1, remains=v), "s")
    st["start-count-null"] = (with_(STATUS1, start_count=None), "s")
    st["start-count-int"] = (with_(STATUS1, start_count=3572), "s")
    st["currency-missing"] = (with_(STATUS1, currency=KeyError), "s")
    st["extra-keys"] = (with_(STATUS1, refund="0.1", desc="x", link="https://x"), "s")
    for i, w in enumerate(STATUS_WORDS):
        st["word-%02d-%s" % (i, w.replace(" ", "_") or "empty")] = (with_(STATUS1, status=w), "s")
        st["multi-word-%02d-%s" % (i, w.replace(" ", "_") or "empty")] = ({"1": with_(STATUS1, status=w)}, "m")
    st["status-int"] = (with_(STATUS1, status=2), "s")
    st["status-null"] = (with_(STATUS1, status=None), "s")
    st["wrapped-success"] = ({"status": "success", "data": STATUS1}, "s")
    st["wrapped-true"] = ({"status": True, "data": STATUS1}, "s")
    st["multi-base"] = ({"1": STATUS1, "10": {"error": "Incorrect order ID"}}, "m")
    st["multi-error-string"] = ({"1": STATUS1, "10": "Incorrect order ID"}, "m")
    st["multi-error-nested"] = ({"1": STATUS1, "10": {"status": {"error": "Incorrect order ID"}}}, "m")
    st["multi-error-only"] = ({"10": {"error": "Incorrect order ID"}}, "m")
    st["multi-oid-keys"] = ({OID: with_(STATUS1, status="COMPLETED"), "5f8d0d55b54764421b7156c6":
                             {"error": "Incorrect order ID"}}, "m")
    st["multi-array"] = ([dict(STATUS1, order=1), {"order": 10, "error": "Incorrect order ID"}], "m")
    st["multi-mixed-types"] = ({"1": with_(STATUS1, charge=0.27819, remains=157, start_count=None),
                                "2": with_(STATUS1, charge="1,20", remains="Unknown", status="completed"),
                                "3": with_(STATUS1, charge="$1.20", remains="-5", status="Cancelled")}, "m")
    st["multi-101"] = ({str(i): STATUS1 for i in range(1, 102)}, "m")
    st["multi-wrapped"] = ({"status": "success", "data": {"1": STATUS1}}, "m")
    st["multi-single-shape"] = (STATUS1, "m")
    # 002's webhook payload: numbers for money and counts, order_id in place of order.
    st["doc-002-webhook"] = ({"order_id": 1487, "status": "Completed", "remains": 0,
                              "start_count": 8421, "charge": 4.5}, "s")
    out["status"] = st

    # refill
    rf = {"base": ({"refill": "1"}, "s"), "id-int": ({"refill": 1}, "s"),
          "id-objectid": ({"refill": OID}, "s"), "id-zero": ({"refill": 0}, "s"),
          "id-null": ({"refill": None}, "s"), "id-true": ({"refill": True}, "s"),
          "wrapped-success-text": ({"success": "Refill requested", "refill": 12345}, "s"),
          "wrapped-success": ({"status": "success", "refill": 12345}, "s"),
          "wrapped-true": ({"status": True, "data": {"refill": 12345}}, "s"),
          "nested-error": ({"refill": {"error": "Incorrect order ID"}}, "s"),
          "multi-base": ([{"order": 1, "refill": 1}, {"order": 2, "refill": 2},
                          {"order": 3, "refill": {"error": "Incorrect order ID"}}], "m"),
          "multi-strings": ([{"order": "1", "refill": "1"}, {"order": OID, "refill": OID}], "m"),
          "multi-error-string": ([{"order": 3, "refill": "Incorrect order ID"}], "m"),
          "multi-error-sibling": ([{"order": 3, "error": "Incorrect order ID"}], "m"),
          "multi-error-plain": (["Incorrect order ID"], "m"),
          "multi-keyed": ({"1": {"refill": 1}, "3": {"error": "Incorrect order ID"}}, "m"),
          "multi-101": ([{"order": i, "refill": i} for i in range(1, 102)], "m"),
          "multi-missing-order": ([{"refill": 1}], "m"),
          "multi-zero-ids": ([{"order": 0, "refill": 0}], "m")}
    out["refill"] = rf

    # refill_status
    rs = {"base": ({"status": "Completed"}, "s"),
          "multi-base": ({"1": {"status": "Completed"}, "2": {"status": "Rejected"}}, "m"),
          "multi-error-object": ({"1": {"status": "Completed"}, "2": {"error": "Incorrect refill ID"}}, "m"),
          "multi-error-string": ({"1": {"status": "Completed"}, "2": "Incorrect refill ID"}, "m"),
          "multi-error-nested": ({"2": {"status": {"error": "Incorrect refill ID"}}}, "m"),
          "multi-array": ([{"refill": 1, "status": "Completed"}], "m"),
          "keyed-single": ({"1": {"status": "Pending"}}, "s"),
          "status-int": ({"status": 1}, "s"), "status-null": ({"status": None}, "s"),
          "wrapped-true": ({"status": True, "data": {"status": "Completed"}}, "s"),
          "multi-oid": ({OID: {"status": "IN_PROGRESS"}}, "m")}
    for i, w in enumerate(STATUS_WORDS):
        rs["word-%02d-%s" % (i, w.replace(" ", "_") or "empty")] = ({"status": w}, "s")
    out["refill_status"] = rs

    # cancel
    cn = {"multi-base": ([{"order": 2, "cancel": 1}, {"order": 3, "cancel": {"error": "Incorrect order ID"}}], "m"),
          "cancel-true": ([{"order": 2, "cancel": True}], "m"), "cancel-str1": ([{"order": 2, "cancel": "1"}], "m"),
          "cancel-strtrue": ([{"order": 2, "cancel": "true"}], "m"), "cancel-zero": ([{"order": 2, "cancel": 0}], "m"),
          "order-string": ([{"order": "2", "cancel": 1}], "m"), "order-oid": ([{"order": OID, "cancel": 1}], "m"),
          "error-string": ([{"order": 3, "cancel": "Incorrect order ID"}], "m"),
          "error-sibling": ([{"order": 3, "error": "Incorrect order ID"}], "m"),
          "panel-v2-ok": ({"cancel": {"status": "success"}}, "sm"),
          "panel-v2-error": ({"order": "2", "error": "Order cannot be canceled"}, "sm"),
          "single-ok": ({"cancel": 1}, "s"), "single-success": ({"status": "success", "cancel": True}, "s"),
          "keyed": ({"2": {"cancel": 1}}, "m"), "multi-101": ([{"order": i, "cancel": 1} for i in range(1, 102)], "m")}
    out["cancel"] = cn

    # balance
    bl = {"base": ({"balance": "100.84292", "currency": "USD"}, "s")}
    for k, v in MONEY.items():
        bl["balance-" + k] = ({"balance": v, "currency": "USD"}, "s")
    bl["balance-1e400"] = (b'{"balance":1e400,"currency":"USD"}', "s")
    bl["balance-rub"] = ({"balance": "95200", "currency": "RUB"}, "s")
    bl["balance-int64-edge"] = ({"balance": "92233720368.54775807", "currency": "USD"}, "s")
    bl["balance-int64-over"] = ({"balance": "92233720368.54775808", "currency": "USD"}, "s")
    bl["currency-missing"] = ({"balance": "1.00"}, "s")
    bl["currency-null"] = ({"balance": "1.00", "currency": None}, "s")
    bl["wrapped-success"] = ({"status": "success", "balance": "100.84", "currency": "RUB"}, "s")
    bl["wrapped-true"] = ({"status": True, "data": {"balance": "100.84", "currency": "USD"}}, "s")
    bl["extra-keys"] = ({"balance": "1.00", "currency": "USD", "bonus": "0.5"}, "s")
    out["balance"] = bl

    # error
    er = {"base": ({"error": "Invalid API key"}, "s"), "object": ({"error": {"message": "Invalid API key"}}, "s"),
          "true": ({"error": True}, "s"), "number": ({"error": 401}, "s"), "array": ({"errors": ["Invalid API key"]}, "s"),
          "status-error": ({"status": "error", "message": "Invalid API key"}, "s"),
          "status-false": ({"status": False, "error": "Invalid API key"}, "s"),
          "empty": ({"error": ""}, "s"), "null": ({"error": None}, "s"),
          "long": ({"error": "x" * 5000}, "s"), "ru": ({"error": "Неверный API ключ"}, "s"),
          "success-not-error": ({"order": 23501}, "s")}
    out["error"] = er
    return out


def parse_seeds():
    bodies = action_bodies()
    for action, quirks in bodies.items():
        target = "fuzz_parse_" + action
        clean(target, "quirk-")
        example = next(iter(quirks.values()))[0]
        for qname, (body, forms) in quirks.items():
            for dialect in DIALECTS:
                for multi in (0, 1):
                    if ("m" if multi else "s") not in forms:
                        continue
                    write(target, "quirk-%s-%s-%s" % (qname, dialect, "m" if multi else "s"),
                          sel(dialect, multi) + b(body))
        for gname, body in generic_bodies(example).items():
            for dialect in DIALECTS[:1] if gname not in ("empty", "html-502", "error-envelope") else DIALECTS:
                write(target, "quirk-%s-%s-s" % (gname, dialect), sel(dialect, 0) + body)
            write(target, "quirk-%s-%s-m" % (gname, DIALECTS[-1]), sel(DIALECTS[-1], 1) + body)


def load_dialect(name):
    with open(os.path.join(ROOT, "dialects", name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def mock_seeds():
    target = "fuzz_mock_request"
    n = len(DIALECTS)
    form_h, json_h, none_h = 0, 4 << 5, 3 << 5
    for i, name in enumerate(DIALECTS):
        dj = load_dialect(name)
        is_json = (dj.get("request_encoding") or {}).get("value") == "json"
        keyp = (dj.get("key") or {}).get("param", "key")
        oid = (dj.get("ids") or {}).get("order") == "objectid"
        o1, o2 = (OID, "5f8d0d55b54764421b7156c6") if oid else ("1", "2")
        reqs = {}
        acts = dj.get("actions", {})
        for aname, spec in acts.items():
            an = spec.get("name", aname)
            sp, mp = spec.get("single_param"), spec.get("multi_param")
            p = {}
            if aname == "add":
                p = {"service": "1", "link": "https://instagram.com/example", "quantity": "1000"}
                reqs["add-comments"] = {"action": an, "service": "1", "link": "https://x",
                                        "comments": "nice\r\ngreat\nwow"}
                reqs["add-subscription"] = {"action": an, "service": "1", "username": "user",
                                            "min": "10", "max": "100", "posts": "5", "delay": "30",
                                            "expiry": "01/12/2030"}
                reqs["add-dripfeed"] = dict(p, action=an, runs="10", interval="60")
            if sp:
                reqs[aname + "-single"] = {"action": an, sp: o1}
            if mp:
                reqs[aname + "-multi"] = {"action": spec.get("multi_name", an), mp: o1 + "," + o2}
            if not sp and not mp or aname == "add":
                reqs[aname] = dict(p, action=an)
        reqs["unknown-action"] = {"action": "frobnicate"}
        reqs["missing-action"] = {}
        reqs["too-many-ids"] = {"action": "status", "orders": ",".join(str(x) for x in range(1, 102))}
        reqs["quantity-huge"] = {"action": "add", "service": "1", "link": "https://x",
                                 "quantity": "99999999999999999999"}
        reqs["quantity-negative"] = {"action": "add", "service": "1", "link": "https://x", "quantity": "-5"}
        reqs["service-unknown"] = {"action": "add", "service": "999999", "link": "https://x", "quantity": "100"}
        for rname, params in reqs.items():
            if is_json:
                body = json.dumps(dict({keyp: "@KEY@"}, **params)).encode()
                hdr = json_h
            else:
                body = ("%s=@KEY@" % keyp + "".join("&%s=%s" % (k, v.replace("\r", "%0D").replace("\n", "%0A"))
                                                    for k, v in params.items())).encode()
                hdr = form_h
            write(target, "%s-%s" % (name, rname), bytes([i, hdr]) + body)
        # Hostile requests against this dialect.
        hostile = {
            "no-key": (form_h, b"action=services"),
            "wrong-key": (form_h, b"key=0000000000&action=balance"),
            "key-twice": (form_h, b"key=wrong&key=@KEY@&action=balance"),
            "get-method": (form_h | 2, b"key=@KEY@&action=services"),
            "put-method": (form_h | 3, b"key=@KEY@&action=services"),
            "key-in-query": (form_h | (7 << 2), b"action=balance"),
            "trailing-slash": (form_h | (5 << 2), b"key=@KEY@&action=balance"),
            "bad-escape": (form_h, b"key=@KEY@&action=%ZZ&orders=%"),
            "nul-escape": (form_h, b"key=@KEY@%00&action=balance"),
            "many-params": (form_h, b"key=@KEY@&action=balance" + b"".join(b"&p%d=%d" % (k, k) for k in range(80))),
            "json-body": (json_h, b'{"key":"@KEY@","action":"balance"}'),
            "json-deep": (json_h, b'{"key":"@KEY@","action":' + b"[" * 200 + b"]" * 200 + b"}"),
            "json-not-object": (json_h, b'["@KEY@","balance"]'),
            "json-bad": (json_h, b'{"key":"@KEY@","action":"balance"'),
            "form-to-json": (form_h, b"key=@KEY@&action=balance"),
            "no-content-type": (none_h, b"key=@KEY@&action=balance"),
            "text-plain": (6 << 5, b"key=@KEY@&action=balance"),
            "orders-as-order": (form_h, b"key=@KEY@&action=status&order=1,2,3"),
            "status-oid": (form_h, ("key=@KEY@&action=status&order=%s" % OID).encode()),
            "status-zero": (form_h, b"key=@KEY@&action=status&order=0"),
            "empty-body": (form_h, b""),
            "binary": (form_h, bytes(range(256))),
        }
        for hname, (b1, body) in hostile.items():
            write(target, "%s-hostile-%s" % (name, hname), bytes([i, b1]) + body)
    admin = {"state": 0, "journal": 1, "reset": 2, "advance": 3, "root": 4, "faults": 5, "slash": 6, "dotdot": 7}
    for aname, k in admin.items():
        write(target, "admin-%s-get" % aname, bytes([n, 2 | (k << 5)]))
        write(target, "admin-%s-post" % aname, bytes([n, 0 | (k << 5)]) + b"minutes=60&seconds=3600")
    write(target, "admin-advance-json", bytes([n, 3 << 5]) + b'{"minutes":99999999999999999999}')


def dialect_seeds():
    target = "fuzz_dialect_load"
    for name in DIALECTS:
        with open(os.path.join(ROOT, "dialects", name + ".json"), "rb") as f:
            raw = f.read()
        write(target, "dialect-" + name, raw)
    base_raw = open(os.path.join(ROOT, "dialects", DIALECTS[0] + ".json"), "rb").read()
    base = json.loads(base_raw)

    def variant(vname, fn):
        dj = json.loads(base_raw)
        fn(dj)
        write(target, "broken-" + vname, json.dumps(dj).encode())

    def delkey(k):
        return lambda dj: dj.pop(k, None)

    for k in list(base.keys()):
        variant("missing-" + k, delkey(k))
    variant("version-99", lambda dj: dj.__setitem__("panelkit_dialect", 99))
    variant("name-number", lambda dj: dj.__setitem__("name", 5))
    variant("name-empty", lambda dj: dj.__setitem__("name", ""))
    variant("decimals-99", lambda dj: dj.__setitem__("money_decimals", {"value": 99}))
    variant("decimals-negative", lambda dj: dj.__setitem__("money_decimals", {"value": -1}))
    variant("ids-bad-kind", lambda dj: dj.__setitem__("ids", {"order": "float", "refill": "int"}))
    variant("max-ids-huge", lambda dj: dj["limits"].__setitem__("max_ids", {"value": 1e300}))
    variant("status-unknown-canonical",
            lambda dj: dj["statuses"]["order"]["words"].append(["Weird", "no_such_status"]))
    variant("lifecycle-unknown", lambda dj: dj["statuses"]["order"]["lifecycle"].__setitem__("zzz", ["pending"]))
    variant("words-not-pairs", lambda dj: dj["statuses"]["order"].__setitem__("words", ["Pending"]))
    variant("action-unknown", lambda dj: dj["actions"].__setitem__("explode", {"name": "explode"}))
    variant("shape-unknown", lambda dj: dj["actions"]["add"]["single"].__setitem__("shape", "tree"))
    variant("field-kind-unknown", lambda dj: dj["actions"]["add"]["single"]["fields"].__setitem__("order", "float"))
    variant("required-not-field", lambda dj: dj["actions"]["add"]["single"]["required"].append("nope"))
    variant("error-entry-unknown", lambda dj: dj["actions"]["status"]["multi"].__setitem__("error_entry", "weird"))
    variant("errcase-unknown", lambda dj: dj["errors"]["cases"].__setitem__("no_such_case", {"http": 200, "message": "x"}))
    variant("errcase-http-999", lambda dj: dj["errors"]["cases"]["bad_key"].__setitem__("http", 999))
    variant("type-qty-unknown", lambda dj: dj["service_types"][0].__setitem__("quantity", "lines:"))
    variant("param-enum-number", lambda dj: dj["params"]["delay"].__setitem__("enum", [1, 2]))
    variant("types-not-array", lambda dj: dj.__setitem__("service_types", {"a": 1}))
    variant("actions-array", lambda dj: dj.__setitem__("actions", []))
    variant("tilde-slash-keys", lambda dj: dj["actions"].__setitem__("a/b~c", {"name": "x"}))
    raw_variants = {
        "empty": b"", "not-json": b"dialect: dripfeedpanel", "array": b"[]", "null": b"null",
        "truncated": base_raw[: len(base_raw) // 2], "invalid-utf8": base_raw.replace(b"Dripfeed", b"Drip\xfffeed", 1),
        "deep": b'{"panelkit_dialect":1,"name":' + b"[" * 300 + b"]" * 300 + b"}",
        "duplicate-name": base_raw.replace(b'"name": "dripfeedpanel",', b'"name": "a", "name": "b",', 1),
        "huge-number": base_raw.replace(b'"panelkit_dialect": 2', b'"panelkit_dialect": 1e400', 1),
        "nul": base_raw[:40] + b"\x00" + base_raw[40:],
    }
    for vname, raw in raw_variants.items():
        write(target, "broken-" + vname, raw)


def form_seeds():
    target = "fuzz_form"
    docs = {
        "doc-000-services": "key=YOUR_API_KEY&action=services",
        "doc-000-add": "key=YOUR_API_KEY&action=add&service=1&link=https://instagram.com/example&quantity=1000",
        "doc-000-add-dripfeed": "key=YOUR_API_KEY&action=add&service=1&link=https://instagram.com/example&quantity=1000&runs=10&interval=60",
        "doc-000-status-multi": "key=YOUR_API_KEY&action=status&orders=1,2,3,4,5",
        "doc-000-balance": "key=YOUR_API_KEY&action=balance",
        "doc-000-refill": "key=YOUR_API_KEY&action=refill&order=1",
        "doc-000-refill-multi": "key=YOUR_API_KEY&action=refill&orders=1,2,3",
        "doc-000-refill-status": "key=YOUR_API_KEY&action=refill_status&refills=1,2",
        "doc-000-cancel": "key=YOUR_API_KEY&action=cancel&orders=2,3",
        "doc-000-comments": "key=YOUR_API_KEY&action=add&service=1&link=https%3A%2F%2Fx&comments=good%0D%0Anice%0Awow",
        "doc-000-subscription": "key=YOUR_API_KEY&action=add&service=1&username=user&min=10&max=100&posts=5&old_posts=0&delay=30&expiry=01%2F12%2F2030",
        "doc-000-traffic": "key=YOUR_API_KEY&action=add&service=1&link=https://x&quantity=100&country=US&device=1&type_of_traffic=1&google_keyword=smm+panel",
        "doc-002-multistatus": "key=YOUR_API_KEY&action=multiStatus&orders=1,2",
        "doc-003-add": "key=YOUR_API_KEY&action=add&service=1&link=https://vk.com/x&quantity=100",
        "doc-004-status": "key=YOUR_API_KEY&action=status&order=23501",
    }
    hostile = {
        "bad-escape-zz": "a=%ZZ", "trailing-percent": "a=1%", "short-escape": "a=%4", "nul": "a=%00",
        "g1": "%G1=x", "plus": "a=b+c+%2B", "empty": "", "only-amps": "&&&&", "empty-segments": "a=1&&b=2&",
        "bare-names": "a&b&c=", "equals-in-value": "a=b=c==d", "duplicates": "key=a&key=b&action=x&action=y",
        "utf8-escaped": "name=%E2%82%AC%F0%9F%98%80", "utf8-raw": "name=\u20ac\U0001f600",
        "invalid-utf8": b"name=%FF%FE&x=\xff\xfe", "many-params": "&".join("p%d=%d" % (i, i) for i in range(70)),
        "at-cap": "&".join("p%d=%d" % (i, i) for i in range(64)), "long-value": "a=" + "x" * 3000,
        "crlf": "a=1\r\nb=2", "semicolon": "a=1;b=2", "query-prefix": "?a=1", "fragment": "a=1#frag",
        "lower-hex": "a=%2f%3a", "json-body": '{"key":"k","action":"services"}', "spaces": "a = 1 & b = 2",
        "percent-only": "%", "equals-only": "=", "name-empty": "=value", "control": "a=%01%02%7F",
    }
    for k, v in docs.items():
        write(target, k, v.encode())
    for k, v in hostile.items():
        write(target, "hostile-" + k, v if isinstance(v, bytes) else v.encode("utf-8"))


if __name__ == "__main__":
    parse_seeds()
    mock_seeds()
    dialect_seeds()
    form_seeds()
    for t in sorted(os.listdir(CORPUS)):
        if os.path.isdir(os.path.join(CORPUS, t)):
            print("%-28s %5d seeds" % (t, len(os.listdir(os.path.join(CORPUS, t)))))
