#!/usr/bin/env python3
"""Reference provider for document 004 (smpanelim.net, dialect `smpanelim`).

Written from ../shared/seeds/004_9a66aefa06332a6b.txt alone. The document is the minimal core:
services, add (Default), status single and multi, refill, refill_status (single), balance; no
cancel. Everything it shows is an example response, so most choices below are marked
"document silent". Sections are cited by the document's headings ("004 Order status").
Run: python3 smpanelim.py --port 0 [--key K] [--key2 K2] [--deviate NAME,...] [--seed N]
"""

import sys
from decimal import Decimal

import provider_common as pc
from provider_common import Reply

PATH = "/api/v2"  # 004 API URL
MAX_IDS = 100  # document silent on the multi-status limit: chose the family's 100

# 004 Add order documents the Default parameter set; its services example also lists a
# "Custom Comments" service, whose parameters the document does not give (document silent:
# chose the family's `comments`, one unit per line).
TYPES = {
    "Default": {"params": [("link", "link", True), ("quantity", "int", True),
                           ("runs", "int", False), ("interval", "int", False)], "qty": "quantity"},
    "Custom Comments": {"params": [("link", "link", True), ("comments", "lines", True)],
                        "qty": "lines:comments"},
}

# 004 Service list: the two documented examples first, then a realistic catalogue.
CATALOGUE = [
    (1, "Followers", "Default", "First Category", "0.90", 50, 10000, True),
    (2, "Comments", "Custom Comments", "Second Category", "8", 10, 1500, False),
    (3, "Instagram Takipci [Garantili]", "Default", "Instagram Takipci", "1.75", 100, 50000, True),
    (4, "Instagram Begeni", "Default", "Instagram Begeni", "0.35", 50, 100000, False),
    (5, "YouTube Izlenme", "Default", "YouTube", "1.20", 500, 1000000, False),
    (6, "TikTok Takipci [Premium]", "Default", "TikTok", "30", 100, 50000, True),
    (7, "Instagram Ozel Yorum", "Custom Comments", "Instagram Yorum", "12.50", 5, 1000, False),
    (8, "YouTube Ozel Yorum", "Custom Comments", "YouTube", "20", 5, 500, True),
]

# Document silent on the vocabulary beyond the examples (Partial, In progress, Completed):
# chose the family's words. There is no cancel, so Canceled never occurs.
WORDS = {"pending": "Pending", "in_progress": "In progress", "completed": "Completed",
         "partial": "Partial", "canceled": "Canceled"}
REFILL_WORDS = {"pending": "Pending", "in_progress": "In progress", "completed": "Completed",
                "rejected": "Rejected"}

# Document silent on HTTP codes: chose what the family's open-source reseller panel sends.
HTTP_BAD_REQUEST, HTTP_BAD_KEY, HTTP_FUNDS, HTTP_NOT_FOUND = 400, 401, 402, 404


class Smpanelim(pc.Provider):
    NAME = "smpanelim"
    PATH = PATH
    DEFAULT_KEY = "smpanelim-key-1"
    DEFAULT_KEY2 = "smpanelim-key-2"
    DEVIATIONS = {
        "services_invalid_json": ("services", "the services answer is cut: not valid JSON",
                                  "004 Response format JSON; Service list"),
        "services_no_rate": ("services", "services lack `rate`", "004 Service list"),
        "services_min_gt_max": ("services", "a service has min greater than max",
                                "004 Service list"),
        "balance_missing": ("balance", "the balance answer lacks `balance`", "004 User balance"),
        "add_no_order": ("add", "add answers {\"id\":N} without `order`", "004 Add order"),
        "charge_off": ("add", "every order costs 0.00001 more than rate x quantity / 1000",
                       "004 Service list: rate; Order status: charge"),
        "funds_overdraft": ("add", "an order costing more than the balance is accepted",
                            "004 User balance / Add order"),
        "add_ignores_min": ("add", "a quantity below the service's min is accepted",
                            "004 Service list: min"),
        "status_no_status": ("status", "status answers lack `status`", "004 Order status"),
        "multi_status_list": ("status", "multi status is an array, not keyed by id",
                              "004 Multiple orders status"),
        "status_bogus_ok": ("status", "an unknown order id is answered as a Pending order",
                            "004 Multiple orders status: {\"error\":\"Incorrect order ID\"}"),
        "refill_not_refillable": ("refill", "a refill of a refill:false service is accepted",
                                  "004 Service list: refill; Create refill"),
        "refill_status_word": ("refill_status", "every refill status reads `Waiting`",
                               "004 Get refill status"),
        "bad_key_accepted": ("error", "any key is accepted", "004 Parameters: key"),
        "error_html": ("error", "errors are an HTML page, not JSON",
                       "004 Response format JSON"),
        "isolation_leak": ("status", "the second account can read the first account's orders",
                           "004 Order status (an order belongs to its account)"),
    }

    def __init__(self, args):
        super().__init__(args)
        self.services = {}
        for sid, name, typ, cat, rate, mn, mx, refill in CATALOGUE:
            self.services[sid] = {"service": sid, "name": name, "type": typ, "category": cat,
                                  "rate": rate, "min": mn, "max": mx, "refill": refill}
        self.refill_seq = 0

    def err(self, text, code):
        """An error: {"error": text} with an HTTP code (document silent on both)."""
        if self.dev("error_html"):
            return Reply(b"<html><body><h1>Hata</h1><p>" + text.encode() + b"</p></body></html>",
                         code, "text/html; charset=utf-8")
        return Reply({"error": text}, code)

    def money5(self, d):
        """Money with five decimals, as 004's examples show ("0.27819", "100.84292")."""
        return pc.fmt_money(d, 5)

    def status_entry(self, o):
        """The 004 Order status object."""
        ph = o.phase()
        e = {"charge": self.money5(o.charge_now(ph)),
             "start_count": "0" if ph == "pending" else str(o.start_count),
             "status": WORDS[ph], "remains": str(o.remains(ph)), "currency": "USD"}
        if self.dev("status_no_status"):
            del e["status"]
        return e

    def find_order(self, acc, text):
        """The account's order with that id, or None (another account's orders included)."""
        oid = pc.as_int(text)
        if oid is None:
            return None
        o = acc.orders.get(oid)
        if o is None and self.dev("isolation_leak"):
            for other in self.accounts.values():
                o = o or other.orders.get(oid)
        return o

    def fake_entry(self):
        return {"charge": "0.00000", "start_count": "0", "status": "Pending", "remains": "0",
                "currency": "USD"}

    def do_services(self, acc, p):
        if self.dev("services_invalid_json"):
            return Reply(b'[{"service": 1, "name": "Followers", "type": "Def')
        out = []
        for s in self.services.values():
            # The documented member order; the rate as documented ("0.90", "8").
            e = {"service": s["service"], "name": s["name"], "type": s["type"],
                 "category": s["category"], "rate": s["rate"], "min": str(s["min"]),
                 "max": str(s["max"]), "refill": s["refill"]}
            if self.dev("services_no_rate"):
                del e["rate"]
            if self.dev("services_min_gt_max") and s["service"] == 1:
                e["min"], e["max"] = e["max"], e["min"]
            out.append(e)
        return Reply(out)

    def do_balance(self, acc, p):
        if self.dev("balance_missing"):
            return Reply({"currency": "USD"})
        return Reply({"balance": self.money5(acc.balance), "currency": "USD"})

    def do_add(self, acc, p):
        sid = pc.as_int(p.get("service", ""))
        svc = self.services.get(sid) if sid is not None else None
        if svc is None:
            return self.err("Service not found", HTTP_NOT_FOUND)
        spec = TYPES[svc["type"]]
        missing, bad = pc.check_params(p, spec["params"])
        if missing:
            return self.err("Missing parameter: %s" % missing, HTTP_BAD_REQUEST)
        if bad == "link":
            return self.err("Invalid link", HTTP_BAD_REQUEST)
        if bad:
            return self.err("Invalid parameter: %s" % bad, HTTP_BAD_REQUEST)
        if spec["qty"] == "quantity":
            qty = pc.as_int(p["quantity"])
        else:
            qty = len(pc.lines(p["comments"]))
        if qty > svc["max"] or (qty < svc["min"] and not self.dev("add_ignores_min")):
            return self.err("Quantity must be between %d and %d" % (svc["min"], svc["max"]),
                            HTTP_BAD_REQUEST)
        runs = 1
        if svc["type"] == "Default" and p.get("runs", "").strip():
            runs = pc.as_int(p["runs"])
            if runs < 1:
                return self.err("Invalid parameter: runs", HTTP_BAD_REQUEST)
        rate = Decimal(svc["rate"])
        cost = rate * qty * runs / Decimal(1000)
        if self.dev("charge_off"):
            cost += Decimal("0.00001")
        if cost > acc.balance and not self.dev("funds_overdraft"):
            return self.err("Insufficient balance", HTTP_FUNDS)
        n = self.seq()
        oid = 23500 + n
        big = qty >= 2 * svc["min"]
        outcome = "partial" if big and pc.seeded(self.seed, "outcome", n) % 4 == 0 else "completed"
        o = pc.Order(oid, svc, qty, runs, rate, outcome, 50 + pc.seeded(self.seed, "sc", n) % 9000)
        o.charge = cost
        acc.orders[oid] = o
        acc.balance -= cost
        if self.dev("add_no_order"):
            return Reply({"id": oid})
        return Reply({"order": oid})

    def do_status(self, acc, p):
        if p.get("orders", "").strip():
            ids = pc.id_list(p["orders"])
            if len(ids) > MAX_IDS:
                return self.err("At most %d orders per request" % MAX_IDS, HTTP_BAD_REQUEST)
            out = {}
            for t in ids:
                o = self.find_order(acc, t)
                if o is not None:
                    out[t] = self.status_entry(o)
                elif self.dev("status_bogus_ok"):
                    out[t] = self.fake_entry()
                else:
                    out[t] = {"error": "Incorrect order ID"}  # 004 Multiple orders status
            if self.dev("multi_status_list"):
                return Reply(list(out.values()))
            return Reply(out)
        if not p.get("order", "").strip():
            return self.err("Missing parameter: order", HTTP_BAD_REQUEST)
        o = self.find_order(acc, p["order"])
        if o is None:
            if self.dev("status_bogus_ok"):
                return Reply(self.fake_entry())
            # Document silent on the single-status error: chose the multi entry's text.
            return self.err("Incorrect order ID", HTTP_NOT_FOUND)
        return Reply(self.status_entry(o))

    def do_refill(self, acc, p):
        if not p.get("order", "").strip():
            return self.err("Missing parameter: order", HTTP_BAD_REQUEST)
        o = self.find_order(acc, p["order"])
        if o is None:
            return self.err("Incorrect order ID", HTTP_NOT_FOUND)
        if not o.service["refill"] and not self.dev("refill_not_refillable"):
            return self.err("Refill is not supported by this service", HTTP_BAD_REQUEST)
        # Document silent on when a refill may be asked: chose any time; it waits as Pending.
        self.refill_seq += 1
        rid = self.refill_seq
        acc.refills[rid] = pc.Refill(rid, o, "completed")
        return Reply({"refill": str(rid)})  # 004 Create refill: "refill": "1"

    def do_refill_status(self, acc, p):
        if not p.get("refill", "").strip():
            return self.err("Missing parameter: refill", HTTP_BAD_REQUEST)
        r = acc.refills.get(pc.as_int(p["refill"]))
        if r is None:
            return self.err("Refill not found", HTTP_NOT_FOUND)
        ph = r.phase()
        word = "Waiting" if self.dev("refill_status_word") else REFILL_WORDS[ph]
        return Reply({"status": word})

    def handle(self, method, path, headers, p, raw, client):
        if path.rstrip("/") != PATH:
            return self.err("Not found", HTTP_NOT_FOUND)
        # 004 says POST; document silent on encoding: form (and JSON, and GET) are read.
        acc = self.account(p.get("key", ""))
        if acc is None and self.dev("bad_key_accepted"):
            acc = self.account(next(iter(self.accounts)))
        if acc is None:
            return self.err("Invalid API key", HTTP_BAD_KEY)
        fn = {"services": self.do_services, "add": self.do_add, "status": self.do_status,
              "refill": self.do_refill, "refill_status": self.do_refill_status,
              "balance": self.do_balance}.get(p.get("action", ""))
        if fn is None:
            # No cancel in 004: like any unknown action, a 400.
            return self.err("Unknown action", HTTP_BAD_REQUEST)
        return fn(acc, p)


if __name__ == "__main__":
    sys.exit(pc.main(Smpanelim))
