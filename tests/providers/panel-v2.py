#!/usr/bin/env python3
"""Reference provider for document 002 (generic "Panel", dialect `panel-v2`).

Written from ../shared/seeds/002_2c69fd364af42f28.txt alone. The document has no section
numbers; it is cited by what a part describes ("002 multiStatus", "002 HTTP table").
Run: python3 panel-v2.py --port 0 [--key K] [--key2 K2] [--deviate NAME,...] [--seed N]
"""

import sys
import time
from decimal import Decimal

import provider_common as pc
from provider_common import Reply

PATH = "/api/v2"  # 002 API URL
MAX_IDS = 100  # 002 multiStatus: "Comma-separated order IDs (up to 100)"
RATE_LIMIT = 1000  # 002 HTTP table: 429 "Rate limit exceeded (1000 req/min per IP)"

# 002 add: one parameter set per service type. The document names Default, Custom Comments,
# Package and subscriptions; the keyword, poll and groups sets are not named (document
# silent: chose the family's names Keywords, Poll, Invites from Groups).
TYPES = {
    "Default": {"params": [("link", "link", True), ("quantity", "int", True),
                           ("runs", "int", False), ("interval", "int", False)], "qty": "quantity"},
    "Keywords": {"params": [("link", "link", True), ("keywords", "str", True),
                            ("quantity", "int", True)], "qty": "quantity"},
    # "quantity is inferred from the number of non-empty lines"
    "Custom Comments": {"params": [("link", "link", True), ("comments", "lines", True)],
                        "qty": "lines:comments"},
    "Poll": {"params": [("link", "link", True), ("quantity", "int", True),
                        ("answer_number", "int", True)], "qty": "quantity"},
    "Invites from Groups": {"params": [("link", "link", True), ("groups", "lines", True),
                                       ("quantity", "int", True)], "qty": "quantity"},
    # "Package services have a fixed delivered quantity defined by the service itself":
    # the catalogue gives them min = max = 1000, so rate x 1000 / 1000 = the package price.
    "Package": {"params": [("link", "link", True)], "qty": "fixed"},
    # "Sending action=add with a subscription service ID returns HTTP 400".
    "Subscriptions": {"params": [], "qty": "refused"},
}

CATALOGUE = [  # (id, name, type, category, rate, min, max); the two documented examples first
    ("1", "Followers", "Default", "First Category", "0.90", 50, 10000),
    ("2", "Comments", "Custom Comments", "Second Category", "8", 10, 1500),
    ("3", "Instagram Likes [Instant]", "Default", "Instagram", "0.40", 100, 50000),
    ("4", "YouTube Views [Retention]", "Default", "YouTube", "1.50", 500, 1000000),
    ("5", "Twitter Followers [Premium]", "Default", "Twitter", "40", 100, 20000),
    ("6", "Instagram Comments [Custom, HQ]", "Custom Comments", "Instagram", "15", 5, 500),
    ("7", "YouTube Keyword Search Views", "Keywords", "YouTube", "2.20", 100, 10000),
    ("8", "Google Keyword Traffic", "Keywords", "Website Traffic", "0.70", 500, 100000),
    ("9", "Twitter Poll Votes", "Poll", "Twitter", "1.10", 100, 20000),
    ("10", "Instagram Story Poll Votes", "Poll", "Instagram", "2.00", 50, 5000),
    ("11", "Telegram Members from Groups", "Invites from Groups", "Telegram", "1.60", 100, 30000),
    ("12", "Discord Invites from Groups", "Invites from Groups", "Discord", "3.20", 50, 5000),
    ("13", "Instagram Starter Package", "Package", "Packages", "4.50", 1000, 1000),
    ("14", "TikTok Growth Package", "Package", "Packages", "9.90", 1000, 1000),
    ("15", "YouTube Auto Comments [Subscription]", "Subscriptions", "Subscriptions", "6", 10,
     200),
    ("16", "Instagram Auto Likes [Subscription]", "Subscriptions", "Subscriptions", "0.80", 50,
     5000),
]

# 002 status: "Possible status values: Pending In progress Partial Completed Done Canceled
# Failed". Both finished words are used: a Package order ends "Done", others "Completed".
WORDS = {"pending": "Pending", "in_progress": "In progress", "completed": "Completed",
         "partial": "Partial", "canceled": "Canceled"}

# 002 HTTP table.
HTTP_SHAPE, HTTP_KEY, HTTP_FUNDS, HTTP_NOT_FOUND, HTTP_RATE = 400, 401, 402, 404, 429

# The status_word_unknown deviation: a word per phase that the document does not have.
UNKNOWN_WORDS = {"pending": "Waiting", "in_progress": "Running",
                 "completed": "Finished", "partial": "Part done",
                 "canceled": "Voided"}


class PanelV2(pc.Provider):
    NAME = "panel-v2"
    PATH = PATH
    DEFAULT_KEY = "panel-v2-key-1"
    DEFAULT_KEY2 = "panel-v2-key-2"
    DEVIATIONS = {
        "services_invalid_json": ("services", "the services answer is not valid JSON",
                                  "002 Response format JSON"),
        "services_no_type": ("services", "services lack `type`",
                             "002 services example; \"Inspect type in the service catalog\""),
        "services_rate_comma": ("services", "rates written with a decimal comma (\"0,90\")",
                                "002 services example: rate"),
        "balance_missing": ("balance", "the balance answer lacks `balance`", "002 balance"),
        "add_no_order": ("add", "add answers {\"id\":N} without `order`", "002 add"),
        "comments_need_quantity": ("add", "a Custom Comments order without quantity is refused",
                                   "002 add Custom Comments: quantity is inferred"),
        "charge_off": ("add", "every order costs 0.00001 more than rate x quantity / 1000",
                       "002 services rate; status charge"),
        "funds_http_200": ("add", "insufficient balance answers HTTP 200, not 402",
                           "002 HTTP table: 402 Insufficient balance"),
        "subscription_accepted": ("add", "a subscription add is accepted",
                                  "002 add: subscription returns HTTP 400"),
        "multi_drops_bogus": ("status", "multiStatus leaves unknown ids out of its answer",
                              "002 multiStatus example: \"2\": {\"error\":...}"),
        "multi_action_missing": ("status", "multiStatus is an unknown action (only status)",
                                 "002 multiStatus"),
        "status_word_unknown": ("status",
                                "status words are ones 002 lacks (`Waiting`, `Finished`...)",
                                "002 status: possible status values"),
        "bogus_order_http_200": ("status", "an unknown order answers HTTP 200, not 404",
                                 "002 HTTP table: 404 Unknown order"),
        "cancel_entry_one": ("cancel", "a cancelled entry reads \"cancel\": 1, not {\"status\":\"success\"}",
                             "002 cancel example"),
        "cancel_no_refund": ("cancel", "a cancelled order keeps its charge",
                             "002 status: Canceled; cancel"),
        "bad_key_http_200": ("error", "a wrong key answers HTTP 200, not 401",
                             "002 HTTP table: 401 Missing or wrong key"),
        "unknown_action_ok": ("error", "an unknown action answers the balance",
                              "002 HTTP table: 400 unsupported action"),
        "isolation_leak": ("status", "the second account can read the first account's orders",
                           "002 HTTP table: 404 Unknown order"),
    }

    def __init__(self, args):
        super().__init__(args)
        self.services = {}
        for sid, name, typ, cat, rate, mn, mx in CATALOGUE:
            self.services[sid] = {"service": sid, "name": name, "type": typ, "category": cat,
                                  "rate": rate, "min": mn, "max": mx}
        self.hits = {}  # client ip -> request times of the last minute

    def err(self, text, code):
        """An error: {"error": text}; inside a 200 exactly that (002), and the same body with
        the 4xx codes (document silent on their bodies: chose the same shape)."""
        return Reply({"error": text}, code)

    def money5(self, d):
        """Money with five decimals, as 002's examples show."""
        return pc.fmt_money(d, 5)

    def status_entry(self, o):
        """The 002 status object; liberty: another member order than the example's."""
        ph = o.phase()
        word = WORDS[ph]
        if ph == "completed" and o.service["type"] == "Package":
            word = "Done"
        if self.dev("status_word_unknown"):
            word = UNKNOWN_WORDS[ph]
        return {"status": word, "charge": self.money5(o.charge_now(ph)),
                "remains": str(o.remains(ph)),
                "start_count": "0" if ph == "pending" else str(o.start_count),
                "currency": "USD"}

    def find_order(self, acc, text):
        oid = pc.as_int(text)
        if oid is None:
            return None
        o = acc.orders.get(oid)
        if o is None and self.dev("isolation_leak"):
            for other in self.accounts.values():
                o = o or other.orders.get(oid)
        return o

    def do_services(self, acc, p):
        if self.dev("services_invalid_json"):
            return Reply(b"[{service: 1, name: Followers}]")
        out = []
        for s in self.services.values():
            e = {"service": s["service"], "name": s["name"], "type": s["type"],
                 "rate": s["rate"], "min": str(s["min"]), "max": str(s["max"]),
                 "category": s["category"]}
            if self.dev("services_no_type"):
                del e["type"]
            if self.dev("services_rate_comma"):
                e["rate"] = s["rate"].replace(".", ",") if "." in s["rate"] else s["rate"] + ",00"
            out.append(e)
        return Reply(out)

    def do_balance(self, acc, p):
        if self.dev("balance_missing"):
            return Reply({"currency": "USD"})
        return Reply({"balance": self.money5(acc.balance), "currency": "USD"})

    def do_add(self, acc, p):
        svc = self.services.get(p.get("service", "").strip())
        if svc is None:
            if not p.get("service", "").strip():
                return self.err("Missing field: service", HTTP_SHAPE)
            return self.err("Unknown service", HTTP_NOT_FOUND)
        spec = TYPES[svc["type"]]
        if spec["qty"] == "refused" and not self.dev("subscription_accepted"):
            return self.err("Subscription orders must be created from the customer site",
                            HTTP_SHAPE)
        params = spec["params"]
        if svc["type"] == "Custom Comments" and self.dev("comments_need_quantity"):
            params = params + [("quantity", "int", True)]
        if spec["qty"] == "refused":
            params = [("link", "link", False)]
        missing, bad = pc.check_params(p, params)
        if missing:
            return self.err("Missing field: %s" % missing, HTTP_SHAPE)
        # Value errors are not "request shape": 002 "Errors inside a 200 response always use
        # {"error":"…"}" (document silent on which errors: chose value errors).
        if bad == "link":
            return self.err("Invalid link", 200)
        if bad:
            return self.err("Invalid value for %s" % bad, 200)
        if spec["qty"] == "quantity":
            qty = pc.as_int(p["quantity"])
        elif spec["qty"] == "lines:comments":
            qty = len(pc.lines(p["comments"]))
        else:  # fixed (Package), or an accepted subscription (planted deviation)
            qty = svc["max"]
        if qty < svc["min"] or qty > svc["max"]:
            return self.err("Quantity must be between %d and %d" % (svc["min"], svc["max"]), 200)
        runs = 1
        if svc["type"] == "Default" and p.get("runs", "").strip():
            runs = pc.as_int(p["runs"])
            if runs < 1:
                return self.err("Invalid value for runs", 200)
        rate = Decimal(svc["rate"])
        cost = rate * qty * runs / Decimal(1000)
        if self.dev("charge_off"):
            cost += Decimal("0.00001")
        if cost > acc.balance:
            return self.err("Insufficient balance", 200 if self.dev("funds_http_200") else HTTP_FUNDS)
        n = self.seq()
        oid = 23500 + n
        big = qty >= 2 * svc["min"]
        outcome = "partial" if big and pc.seeded(self.seed, "outcome", n) % 4 == 0 else "completed"
        o = pc.Order(oid, svc, qty, runs, rate, outcome, 10 + pc.seeded(self.seed, "sc", n) % 9000)
        o.charge = cost
        acc.orders[oid] = o
        acc.balance -= cost
        if self.dev("add_no_order"):
            return Reply({"id": oid})
        return Reply({"order": oid})

    def do_status(self, acc, p):
        if self.dev("multi_action_missing") and p.get("orders", "").strip():
            return self.do_multi(acc, p, True)
        if not p.get("order", "").strip():
            return self.err("Missing field: order", HTTP_SHAPE)
        o = self.find_order(acc, p["order"])
        if o is None:
            return self.err("Incorrect order ID",
                            200 if self.dev("bogus_order_http_200") else HTTP_NOT_FOUND)
        return Reply(self.status_entry(o))

    def do_multi(self, acc, p, allowed=False):
        if self.dev("multi_action_missing") and not allowed:
            return self.err("Unsupported action", HTTP_SHAPE)
        if not p.get("orders", "").strip():
            return self.err("Missing field: orders", HTTP_SHAPE)
        ids = pc.id_list(p["orders"])
        if len(ids) > MAX_IDS:
            return self.err("Up to %d order IDs per request" % MAX_IDS, HTTP_SHAPE)
        out = {}
        for t in ids:
            o = self.find_order(acc, t)
            if o is not None:
                out[t] = self.status_entry(o)
            elif not self.dev("multi_drops_bogus"):
                out[t] = {"error": "Incorrect order ID"}
        return Reply(out)

    def do_cancel(self, acc, p):
        if not p.get("orders", "").strip():
            return self.err("Missing field: orders", HTTP_SHAPE)
        ids = pc.id_list(p["orders"])
        if len(ids) > MAX_IDS:  # document silent on a cancel limit: chose multiStatus's 100
            return self.err("Up to %d order IDs per request" % MAX_IDS, HTTP_SHAPE)
        out = []
        for t in ids:
            o = self.find_order(acc, t)
            oid = pc.as_int(t) if pc.as_int(t) is not None else t
            if o is None:
                out.append({"order": oid, "error": "Incorrect order ID"})
                continue
            ph = o.phase()
            if ph not in ("pending", "in_progress"):
                # Document silent on which orders may be cancelled: chose unfinished ones.
                out.append({"order": oid, "error": "Order can not be canceled"})
                continue
            o.kept = self.dev("cancel_no_refund")
            acc.balance += o.refund_for("canceled")
            o.cancelled = True
            o.settled = True
            out.append({"order": oid,
                        "cancel": 1 if self.dev("cancel_entry_one") else {"status": "success"}})
        return Reply(out)

    def rate_limited(self, client):
        """Whether the client IP passed 1000 requests in the last minute (002 HTTP table)."""
        now = time.monotonic()
        hits = [t for t in self.hits.get(client[0], []) if now - t < 60.0]
        hits.append(now)
        self.hits[client[0]] = hits[-(RATE_LIMIT + 1):]
        return len(hits) > RATE_LIMIT

    def handle(self, method, path, headers, p, raw, client):
        if path.rstrip("/") != PATH:
            return self.err("Not found", HTTP_NOT_FOUND)
        if self.rate_limited(client):
            return Reply({"error": "Rate limit exceeded"}, HTTP_RATE, headers={"Retry-After": "60"})
        if not p.get("key", "").strip():
            return self.err("Missing key", HTTP_KEY)
        acc = self.account(p["key"])
        if acc is None:
            return self.err("Invalid API key", 200 if self.dev("bad_key_http_200") else HTTP_KEY)
        action = p.get("action", "")
        fn = {"balance": self.do_balance, "services": self.do_services, "add": self.do_add,
              "status": self.do_status, "multiStatus": self.do_multi,
              "cancel": self.do_cancel}.get(action)
        if fn is None:
            if self.dev("unknown_action_ok") and action:
                return self.do_balance(acc, p)
            if not action:
                return self.err("Missing field: action", HTTP_SHAPE)
            return self.err("Unsupported action", HTTP_SHAPE)
        return fn(acc, p)


if __name__ == "__main__":
    sys.exit(pc.main(PanelV2))
