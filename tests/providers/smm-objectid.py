#!/usr/bin/env python3
"""Reference provider for document 001 (ObjectId panel, dialect `smm-objectid`).

Written from ../shared/seeds/001_13d089f3dbfbb5c8.txt alone; cited by its sections
(001 "Authentication", "Order ID Format", "1. Services List" ... "Technical Notes").
Run: python3 smm-objectid.py --port 0 [--key K] [--key2 K2] [--deviate NAME,...] [--seed N]
Keys must have the documented format XXXXXXXX.XXXXXXXX-XXXXXXXX.
"""

import re
import sys
import time
from decimal import Decimal

import provider_common as pc
from provider_common import Reply

PATH = "/api/v2"  # 001 Authentication: POST /api/v2
MAX_IDS = 100  # document silent on the multi-status limit: chose the family's 100
KEY_FORMAT = re.compile(r"^[A-Za-z0-9]{8}\.[A-Za-z0-9]{8}-[A-Za-z0-9]{8}$")  # 001 Key Format
OBJECTID = re.compile(r"^[0-9a-f]{24}$")  # 001 Order ID Format
LOCKOUT_FAILS, LOCKOUT_WINDOW_S = 10, 15 * 60  # 001 Rate Limiting

# 001 Add Order, "Service-Specific Parameters": the required parameters per type. Where a
# type has no quantity, the billed quantity is (document silent, chose): the lines of its
# list, the service's fixed quantity for a Package (min = max = 1000), max for Subscriptions.
TYPES = {
    "Default": ([("link", "link"), ("quantity", "int")], "quantity"),
    "Package": ([("link", "link")], "fixed"),
    "Custom Comments": ([("link", "link"), ("comments", "lines")], "lines:comments"),
    "Mentions with Hashtags": ([("link", "link"), ("quantity", "int"), ("usernames", "lines"),
                                ("hashtags", "lines")], "quantity"),
    "Mentions Custom List": ([("link", "link"), ("usernames", "lines")], "lines:usernames"),
    "Mentions Hashtag": ([("link", "link"), ("quantity", "int"), ("hashtag", "str")], "quantity"),
    "Mentions User Followers": ([("link", "link"), ("quantity", "int"), ("username", "str")],
                                "quantity"),
    "Mentions Media Likers": ([("link", "link"), ("quantity", "int"), ("media", "str")],
                              "quantity"),
    "Comment Likes": ([("link", "link"), ("quantity", "int"), ("username", "str")], "quantity"),
    "Poll": ([("link", "link"), ("quantity", "int"), ("answer_number", "int")], "quantity"),
    "Comment Replies": ([("link", "link"), ("username", "str"), ("comments", "lines")],
                        "lines:comments"),
    "Invites from Groups": ([("link", "link"), ("quantity", "int"), ("groups", "lines")],
                            "quantity"),
    "Subscriptions": ([("username", "str"), ("min", "int"), ("max", "int"), ("delay", "int")],
                      "max"),
    "Web Traffic": ([("link", "link"), ("quantity", "int"), ("country", "str"),
                     ("device", "int"), ("type_of_traffic", "int")], "quantity"),
}

# 001 Services List: the documented example first; one or two services per documented type.
# Rates carry 8 decimals ("0.00100000") and at most 5 significant ones, so every charge is
# exact in the 8 decimals of the Technical Notes.
CATALOGUE = [
    (1, "Instagram Followers", "Default", "Instagram", "0.00100000", 100, 10000, True, True),
    (2, "Instagram Likes", "Default", "Instagram", "0.45000000", 100, 50000, False, True),
    (3, "YouTube Subscribers [Premium]", "Default", "YouTube", "30.00000000", 100, 100000,
     True, False),
    (4, "Instagram Starter Package", "Package", "Packages", "4.50000000", 1000, 1000, False,
     False),
    (5, "Instagram Custom Comments", "Custom Comments", "Instagram", "8.00000000", 10, 1500,
     False, True),
    (6, "Instagram Mentions with Hashtags", "Mentions with Hashtags", "Instagram",
     "2.40000000", 100, 10000, False, False),
    (7, "Instagram Mentions Custom List", "Mentions Custom List", "Instagram", "3.00000000", 10,
     5000, False, True),
    (8, "Instagram Mentions Hashtag", "Mentions Hashtag", "Instagram", "2.10000000", 100, 20000,
     False, False),
    (9, "Instagram Mentions User Followers", "Mentions User Followers", "Instagram",
     "1.90000000", 100, 20000, False, True),
    (10, "Instagram Mentions Media Likers", "Mentions Media Likers", "Instagram", "2.00000000",
     100, 20000, False, False),
    (11, "Instagram Comment Likes", "Comment Likes", "Instagram", "1.30000000", 50, 10000, True,
     True),
    (12, "Twitter Poll Votes", "Poll", "Twitter", "1.10000000", 100, 20000, False, True),
    (13, "Instagram Comment Replies", "Comment Replies", "Instagram", "9.50000000", 5, 500,
     False, False),
    (14, "Telegram Invites from Groups", "Invites from Groups", "Telegram", "1.60000000", 100,
     30000, True, True),
    (15, "Instagram Auto Likes [Subscription]", "Subscriptions", "Instagram", "0.90000000", 50,
     5000, False, True),
    (16, "Website Traffic [Worldwide]", "Web Traffic", "Traffic", "0.15000000", 100, 1000000,
     False, True),
]

# 001 Order Status Codes. A new order is AWAITING, then PENDING (confirmed, in queue), then
# IN_PROGRESS, then COMPLETED or PARTIAL; CANCELED when cancelled.
T_AWAITING = 0.15
REFILL_WORDS = {"pending": "Pending", "in_progress": "In progress", "completed": "Completed",
                "rejected": "Rejected"}  # 001 "6. Refill Status" shows "Completed"

# The status_word_unknown deviation: a word per phase that the document does not have.
UNKNOWN_WORDS = {"pending": "QUEUED", "in_progress": "RUNNING",
                 "completed": "FINISHED", "partial": "PART_DONE",
                 "canceled": "VOIDED"}


class SmmObjectId(pc.Provider):
    NAME = "smm-objectid"
    PATH = PATH
    DEFAULT_KEY = "abcd1234.efgh5678-ijkl9012"
    DEFAULT_KEY2 = "wxyz9876.mnop5432-qrst1098"
    DEVIATIONS = {
        "services_invalid_json": ("services", "the services answer is not valid JSON",
                                  "001 Technical Notes: JSON responses"),
        "services_rate_number": ("services", "rate is a JSON number, not a string",
                                 "001 1. Services List: \"rate\": \"0.00100000\""),
        "services_no_cancel": ("services", "services lack `cancel`", "001 1. Services List"),
        "balance_missing": ("balance", "the balance answer lacks `balance`", "001 7. Balance"),
        "add_int_id": ("add", "add answers an integer order id, not a 24-hex ObjectId",
                       "001 Order ID Format; 2. Add Order"),
        "charge_off": ("add", "every order costs 0.00000001 more than rate x quantity / 1000",
                       "001 Technical Notes: 8 decimal places"),
        "funds_overdraft": ("add", "an order costing more than the balance is accepted",
                            "001 7. Balance / Common Errors"),
        "status_flat": ("status", "single status is a flat object, not keyed by the order id",
                        "001 3. Order Status: Single Order Request"),
        "status_word_unknown": ("status",
                                "status codes are ones 001 lacks (`QUEUED`, `FINISHED`...)",
                                "001 Order Status Codes"),
        "multi_error_string": ("status", "an unknown id in multi status is a plain string",
                               "001 3. Order Status: Response (Mixed Results)"),
        "bad_key_http_200": ("error", "a wrong key answers HTTP 200, not 401",
                             "001 Authentication Errors: 401 Invalid API key"),
        "malformed_key_http_400": ("error", "a malformed key answers HTTP 400, not 401",
                                   "001 Authentication Errors: 401 Invalid API key format"),
        "cancel_array": ("cancel", "cancel answers [{\"order\":id,\"cancel\":1}], not {\"cancel\":1}",
                         "001 4. Cancel Order"),
        "cancel_no_refund": ("cancel", "a cancelled order keeps its charge",
                             "001 4. Cancel Order; Order Status Codes CANCELED"),
        "refill_not_refillable": ("refill", "a refill of a refill:false service is accepted",
                                  "001 1. Services List refill; 5. Refill Order"),
        "refill_status_word": ("refill_status", "every refill status reads `Waiting`",
                               "001 6. Refill Status"),
        "isolation_leak": ("status", "the second account can read the first account's orders",
                           "001 3. Order Status: Incorrect order ID"),
    }

    def __init__(self, args):
        super().__init__(args)
        self.services = {}
        for sid, name, typ, cat, rate, mn, mx, refill, cancel in CATALOGUE:
            self.services[sid] = {"service": sid, "name": name, "type": typ, "category": cat,
                                  "rate": rate, "min": mn, "max": mx, "refill": refill,
                                  "cancel": cancel}
        self.fails = {}  # (ip, user agent) -> times of failed key attempts

    def err(self, text, code):
        """An error: {"error": text} with the documented (or chosen) HTTP code."""
        return Reply({"error": text}, code)

    def money8(self, d):
        """Money with 8 decimals (001 Technical Notes)."""
        return pc.fmt_money(d, 8)

    def new_id(self, n):
        """A 24-hex ObjectId: a timestamp, 5 seeded bytes and a counter, as MongoDB does."""
        return "%08x%010x%06x" % (1767225600 + n, pc.seeded(self.seed, "oid", n) << 8 | 0x5e,
                                  n & 0xFFFFFF)

    def word(self, o):
        """The 001 status code of an order; a Package in progress reads "Processing", the
        example's spelling of PROCESSING (both forms appear in the document)."""
        ph = o.phase()
        if self.dev("status_word_unknown"):
            return UNKNOWN_WORDS[ph]
        if ph == "pending":
            return "AWAITING" if time.monotonic() - o.created < T_AWAITING else "PENDING"
        if ph == "in_progress":
            return "Processing" if o.service["type"] == "Package" else "IN_PROGRESS"
        return {"completed": "COMPLETED", "partial": "PARTIAL", "canceled": "CANCELED"}[ph]

    def status_entry(self, o):
        ph = o.phase()
        return {"charge": self.money8(o.charge_now(ph)),
                "start_count": "0" if ph == "pending" else str(o.start_count),
                "status": self.word(o), "remains": str(o.remains(ph)), "currency": "USD"}

    def find_order(self, acc, text):
        """The account's order with that ObjectId, or None (any other text included)."""
        t = str(text).strip().lower()
        if not OBJECTID.match(t):
            return None  # 001 Technical Notes: an invalid ObjectId is "Incorrect order ID"
        o = acc.orders.get(t)
        if o is None and self.dev("isolation_leak"):
            for other in self.accounts.values():
                o = o or other.orders.get(t)
        return o

    def do_services(self, acc, p):
        if self.dev("services_invalid_json"):
            return Reply(b"<!DOCTYPE html><html><body>Service list</body></html>")
        out = []
        for s in self.services.values():
            e = {"service": s["service"], "name": s["name"], "type": s["type"],
                 "category": s["category"], "rate": s["rate"], "min": str(s["min"]),
                 "max": str(s["max"]), "refill": s["refill"], "cancel": s["cancel"]}
            if self.dev("services_rate_number"):
                e["rate"] = float(s["rate"])
            if self.dev("services_no_cancel"):
                del e["cancel"]
            out.append(e)
        return Reply(out)

    def do_balance(self, acc, p):
        if self.dev("balance_missing"):
            return Reply({"currency": "USD"})
        return Reply({"balance": self.money8(acc.balance), "currency": "USD"})

    def do_add(self, acc, p):
        sid = pc.as_int(p.get("service", ""))  # "123" in the example: a string or a number
        svc = self.services.get(sid) if sid is not None else None
        if svc is None:
            return self.err("Invalid service", 400)  # 001 Common Errors: 400 invalid parameters
        params, rule = TYPES[svc["type"]]
        missing, bad = pc.check_params(p, [(n, k, True) for n, k in params])
        if missing:
            return self.err("Missing required parameter: %s" % missing, 400)
        if bad:
            return self.err("Invalid parameter: %s" % bad, 400)
        if rule == "quantity":
            qty = pc.as_int(p["quantity"])
        elif rule.startswith("lines:"):
            qty = len(pc.lines(p[rule[6:]]))
        elif rule == "max":
            qty = pc.as_int(p["max"])
        else:
            qty = svc["max"]
        if qty < svc["min"] or qty > svc["max"]:
            return self.err("Quantity must be between %d and %d" % (svc["min"], svc["max"]), 400)
        rate = Decimal(svc["rate"])
        cost = rate * qty / Decimal(1000)
        if self.dev("charge_off"):
            cost += Decimal("0.00000001")
        if cost > acc.balance and not self.dev("funds_overdraft"):
            # Document silent on insufficient funds: chose 400 (its only client-error code).
            return self.err("Insufficient balance", 400)
        n = self.seq()
        oid = self.new_id(n)
        big = qty >= 2 * svc["min"]
        outcome = "partial" if big and pc.seeded(self.seed, "outcome", n) % 4 == 0 else "completed"
        o = pc.Order(oid, svc, qty, 1, rate, outcome, pc.seeded(self.seed, "sc", n) % 5000)
        o.charge = cost
        o.num = 23500 + n
        acc.orders[oid] = o
        acc.balance -= cost
        if self.dev("add_int_id"):
            acc.orders[str(o.num)] = o
            return Reply({"order": o.num})
        return Reply({"order": oid})

    def lookup(self, acc, t):
        o = self.find_order(acc, t)
        if o is None and self.dev("add_int_id"):
            o = acc.orders.get(str(t).strip())
        return o

    def do_status(self, acc, p):
        multi = bool(p.get("orders", "").strip())
        ids = pc.id_list(p["orders"]) if multi else [p.get("order", "").strip()]
        if not ids or not ids[0]:
            return self.err("Missing required parameter: order", 400)
        if len(ids) > MAX_IDS:
            return self.err("Too many orders: at most %d per request" % MAX_IDS, 400)
        out = {}
        for t in ids:
            o = self.lookup(acc, t)
            if o is not None:
                out[t] = self.status_entry(o)
            elif multi and self.dev("multi_error_string"):
                out[t] = "Incorrect order ID"
            else:
                out[t] = {"error": "Incorrect order ID"}
        if not multi and self.dev("status_flat"):
            return Reply(next(iter(out.values())))
        return Reply(out)  # 001: even a single status is keyed by the order id

    def do_cancel(self, acc, p):
        t = p.get("order", "").strip()
        if not t:
            return self.err("Missing required parameter: order", 400)
        o = self.lookup(acc, t)
        if o is None:
            return self.err("Incorrect order ID", 400)
        # 001 "Cancel pending orders": only AWAITING / PENDING orders of a cancel:true service.
        if not o.service["cancel"] or o.phase() != "pending":
            return self.err("Order cannot be canceled", 400)
        o.kept = self.dev("cancel_no_refund")
        acc.balance += o.refund_for("canceled")
        o.cancelled = True
        o.settled = True
        if self.dev("cancel_array"):
            return Reply([{"order": t, "cancel": 1}])
        return Reply({"cancel": 1})

    def do_refill(self, acc, p):
        t = p.get("refill", "").strip()  # 001: the order id travels in `refill`
        if not t:
            return self.err("Missing required parameter: refill", 400)
        o = self.lookup(acc, t)
        if o is None:
            return self.err("Incorrect order ID", 400)
        if not o.service["refill"] and not self.dev("refill_not_refillable"):
            return self.err("Refill is not available for this service", 400)
        if o.phase() == "canceled":
            return self.err("Refill is not available for canceled orders", 400)
        # Document silent on when a refill may be asked: chose any time before cancellation.
        # 001 is ambiguous on refill ids: the refill answer shows {"refill": 1} (a number),
        # while its refill_status example sends an ObjectId in `refill`, the same one as the
        # refill request's order id. Both are accepted by refill_status (document shows both).
        rid = 1 + sum(1 for k in acc.refills if not OBJECTID.match(k))
        r = pc.Refill(rid, o, "completed")
        acc.refills[str(rid)] = r
        acc.refills[o.id] = r  # the latest refill of that order
        return Reply({"refill": rid})

    def do_refill_status(self, acc, p):
        t = p.get("refill", "").strip().lower()
        if not t:
            return self.err("Missing required parameter: refill", 400)
        r = acc.refills.get(t)
        if r is None:
            return self.err("Incorrect refill ID", 400)
        ph = r.phase()
        return Reply({"status": "Waiting" if self.dev("refill_status_word")
                      else REFILL_WORDS[ph]})

    def key_refusal(self, key, client, headers):
        """The 401/429 reply for a key that is not accepted, counting failed attempts."""
        who = (client[0], headers.get("User-Agent", ""))
        now = time.monotonic()
        fails = [t for t in self.fails.get(who, []) if now - t < LOCKOUT_WINDOW_S]
        fails.append(now)
        self.fails[who] = fails[-(LOCKOUT_FAILS + 1):]
        if len(fails) > LOCKOUT_FAILS:
            return self.err("Too many failed attempts", 429)
        code = 200 if self.dev("bad_key_http_200") else 401
        if not KEY_FORMAT.match(key):
            return self.err("Invalid API key format",
                            400 if self.dev("malformed_key_http_400") else code)
        return self.err("Invalid API key", code)

    def handle(self, method, path, headers, p, raw, client):
        if path.rstrip("/") != PATH:
            return self.err("Not found", 404)
        if method != "POST":
            return self.err("Method not allowed", 405)  # 001 Technical Notes: POST only
        if p.get("__bad_body__"):
            return self.err("Invalid JSON body", 400)
        # 001 shows JSON bodies; a form body is read as well (document silent: chose both).
        key = p.get("key", "").strip()
        acc = self.account(key) if KEY_FORMAT.match(key) else None
        if acc is None:
            return self.key_refusal(key, client, headers)
        fn = {"services": self.do_services, "add": self.do_add, "status": self.do_status,
              "cancel": self.do_cancel, "refill": self.do_refill,
              "refill_status": self.do_refill_status, "balance": self.do_balance}.get(
                  p.get("action", ""))
        if fn is None:
            return self.err("Invalid action", 400)
        return fn(acc, p)


if __name__ == "__main__":
    sys.exit(pc.main(SmmObjectId))
