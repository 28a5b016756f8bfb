#!/usr/bin/env python3
"""Reference provider for document 000 (Dripfeed Panel, dialect `dripfeedpanel`).

Written from ../shared/seeds/000_2d1efe48be53d5fb.txt alone. Sections are cited as "000 §N".
Run: python3 dripfeedpanel.py --port 0 [--key K] [--key2 K2] [--deviate NAME,...] [--seed N]
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from decimal import Decimal

import provider_common as pc
from provider_common import Reply

PATH = "/api/v2"  # 000 API Base Information
MAX_IDS = 100  # 000 §3, §4, §5, §6: "up to 100"
DELAYS = {"0", "5", "10", "15", "20", "30", "40", "50", "60", "90", "120", "150", "180", "210",
          "240", "270", "300", "360", "420", "480", "540", "600"}  # 000 §2 Subscriptions

# 000 §2: the parameter set of each service type, beyond the common service + link.
# (name, kind, required); "qty" says where the billed quantity comes from.
TYPES = {
    "Default": {"params": [("link", "link", True), ("quantity", "int", True),
                           ("runs", "int", False), ("interval", "int", False)], "qty": "quantity"},
    # 000 §2 Keyword-based: only `keywords` is listed, so one unit per keyword line
    # (document silent on quantity: chose the line count).
    "Keywords": {"params": [("link", "link", True), ("keywords", "lines", True)],
                 "qty": "lines:keywords"},
    # 000 §2 Custom Comments: one unit per comment line.
    "Custom Comments": {"params": [("link", "link", True), ("comments", "lines", True)],
                        "qty": "lines:comments"},
    "Mentions": {"params": [("link", "link", True), ("usernames", "lines", True)],
                 "qty": "lines:usernames"},
    "Mentions with Hashtag": {"params": [("link", "link", True), ("quantity", "int", True),
                                         ("hashtag", "str", True)], "qty": "quantity"},
    # 000 §2 "User Followers" and "Media Likers": named as the family names them (the
    # document's type-mapping table omits them; chose "Mentions User Followers/Media Likers").
    "Mentions User Followers": {"params": [("link", "link", True), ("quantity", "int", True),
                                           ("username", "str", True)], "qty": "quantity"},
    "Mentions Media Likers": {"params": [("link", "link", True), ("quantity", "int", True),
                                         ("media", "link", True)], "qty": "quantity"},
    # 000 §2 Subscriptions lists username/min/max/... and not link: link is accepted but not
    # required. Billing: document silent, chose max x posts (posts defaults to 1).
    "Subscriptions": {"params": [("link", "link", False), ("username", "str", True),
                                 ("min", "int", True), ("max", "int", True),
                                 ("posts", "int", False), ("old_posts", ("enum", {"0", "1"}), False),
                                 ("delay", ("enum", DELAYS), False), ("expiry", "str", False)],
                      "qty": "posts_x_max"},
    "Web Traffic": {"params": [("link", "link", True), ("quantity", "int", True),
                               ("country", "str", True),
                               ("device", ("enum", {"1", "2", "3", "4", "5"}), True),
                               ("type_of_traffic", ("enum", {"1", "2", "3"}), True),
                               ("google_keyword", ("cond", "type_of_traffic", "1"), False),
                               ("referring_url", ("cond", "type_of_traffic", "2"), False)],
                    "qty": "quantity"},
    "Poll": {"params": [("link", "link", True), ("quantity", "int", True),
                        ("answer_number", "int", True)], "qty": "quantity"},
    "Groups": {"params": [("link", "link", True), ("quantity", "int", True),
                          ("groups", "lines", True)], "qty": "quantity"},
}

# 000 §1: a realistic catalogue, the documented example first. Rates have at most two
# decimals so that rate x quantity / 1000 is exact in the five decimals the document shows.
CATALOGUE = [
    (1, "Followers", "Default", "First Category", "0.90", 50, 10000, True, True),
    (2, "Instagram Likes [Real]", "Default", "Instagram Likes", "0.45", 100, 50000, False, True),
    (3, "Instagram Followers [Refill 30d]", "Default", "Instagram Followers", "2.40", 100, 20000,
     True, False),
    (4, "TikTok Followers [Premium]", "Default", "TikTok", "25.00", 100, 100000, True, True),
    (5, "Custom Comments [Random Users]", "Custom Comments", "Instagram Comments", "8", 10, 1500,
     False, False),
    (6, "Custom Comments [Verified]", "Custom Comments", "Instagram Comments", "12.50", 5, 1000,
     False, True),
    (7, "Mentions [Custom List]", "Mentions", "Instagram Mentions", "3.00", 10, 10000, False,
     False),
    (8, "Mentions [Real Accounts]", "Mentions", "Instagram Mentions", "4.20", 10, 5000, False,
     True),
    (9, "Mentions with Hashtag", "Mentions with Hashtag", "Instagram Mentions", "2.10", 100,
     20000, False, False),
    (10, "Mentions with Hashtag [Targeted]", "Mentions with Hashtag", "Instagram Mentions",
     "2.50", 100, 10000, False, True),
    (21, "Mentions [User Followers]", "Mentions User Followers", "Instagram Mentions", "1.90",
     100, 50000, False, False),
    (22, "Mentions [Followers of a user, HQ]", "Mentions User Followers", "Instagram Mentions",
     "3.60", 100, 20000, False, True),
    (23, "Mentions [Media Likers]", "Mentions Media Likers", "Instagram Mentions", "2.00", 100,
     50000, False, False),
    (24, "Mentions [Media Likers, Fast]", "Mentions Media Likers", "Instagram Mentions", "2.80",
     100, 20000, False, True),
    (11, "Auto Likes [Subscription]", "Subscriptions", "Instagram Auto Likes", "1.20", 50, 5000,
     False, True),
    (12, "Auto Views [Subscription]", "Subscriptions", "Instagram Auto Views", "0.30", 100,
     50000, False, False),
    (13, "Website Traffic [Worldwide]", "Web Traffic", "Website Traffic", "0.15", 100, 1000000,
     False, True),
    (14, "Website Traffic [USA]", "Web Traffic", "Website Traffic", "0.35", 500, 500000, False,
     False),
    (15, "Poll Votes", "Poll", "Twitter Polls", "1.10", 100, 20000, False, True),
    (16, "Poll Votes [Fast]", "Poll", "Twitter Polls", "1.80", 50, 10000, True, False),
    (17, "YouTube Keyword Views", "Keywords", "YouTube Views", "0.80", 1, 100, False, True),
    (18, "Google Keyword Traffic", "Keywords", "Website Traffic", "0.60", 1, 50, False, False),
    (19, "Telegram Group Members", "Groups", "Telegram", "1.60", 100, 30000, True, True),
    (20, "Facebook Group Joins", "Groups", "Facebook", "2.20", 50, 10000, False, False),
]

WORDS = {"pending": "Pending", "in_progress": "In progress", "completed": "Completed",
         "partial": "Partial", "canceled": "Canceled"}  # 000 §3 Possible Status Values
REFILL_WORDS = {"pending": "Pending", "in_progress": "In progress", "completed": "Completed",
                "rejected": "Rejected"}  # 000 §5 Refill Status Values

# The status_word_unknown deviation: a word per phase that the document does not have.
UNKNOWN_WORDS = {"pending": "Queued", "in_progress": "Running",
                 "completed": "Finished", "partial": "Part done",
                 "canceled": "Voided"}


class Dripfeed(pc.Provider):
    NAME = "dripfeedpanel"
    PATH = PATH
    DEFAULT_KEY = "dripfeed-key-1"
    DEFAULT_KEY2 = "dripfeed-key-2"
    DEVIATIONS = {
        "services_rate_number": ("services", "rate is a JSON number, not a decimal string",
                                 "000 §1 Response Fields: rate String"),
        "services_no_type": ("services", "services lack the `type` field",
                             "000 §1 Response Fields: type"),
        "services_min_gt_max": ("services", "a service has min greater than max",
                                "000 §1 Response Fields: min/max"),
        "services_invalid_json": ("services", "the services answer is not valid JSON",
                                  "000 API Base Information: Response Format JSON"),
        "balance_comma": ("balance", "balance written with a comma decimal separator (\"50,00000\")",
                          "000 §7 Get Balance"),
        "add_no_order": ("add", "add answers {\"id\":N}, without the `order` member",
                         "000 §2 Success Response"),
        "charge_off": ("add", "every order costs 0.00001 more than rate x quantity / 1000",
                       "000 §1 rate: cost per 1000 units"),
        "drip_one_run": ("add", "a drip-feed order (runs) is charged for one run only",
                         "000 §2 Default: runs (billing not stated)", "assumed"),
        "refusal_charges": ("add", "an add refused for its quantity still takes the charge",
                            "000 Error Handling: Min/Max quantity (an error creates no order)"),
        "funds_overdraft": ("add", "an order costing more than the balance is accepted",
                            "000 Error Handling: Not enough funds"),
        "status_charge_number": ("status", "status `charge` is a JSON number",
                                 "000 §3 Status Response Fields: charge String"),
        "status_word_unknown": ("status",
                                "status words are ones 000 lacks (`Queued`, `Finished`...)",
                                "000 §3 Possible Status Values"),
        "status_no_remains": ("status", "status answers lack `remains`",
                              "000 §3 Status Response Fields: remains"),
        "multi_status_list": ("status", "multi status is an array, not an object keyed by id",
                              "000 §3 Multiple Order Status"),
        "multi_error_string": ("status", "a bogus id in multi status is a plain string entry",
                               "000 §3 Multiple Order Status: {\"error\":...}"),
        "multi_over_limit": ("status", "a multi status of 101 ids is answered",
                             "000 §3 Multiple Order Status (up to 100)"),
        "refill_not_refillable": ("refill", "a refill of a refill:false service is accepted",
                                  "000 §1 refill: whether refill is supported; §4"),
        "refill_status_nested": ("refill_status",
                                 "unknown refill id answers {\"status\":{\"error\":...}}",
                                 "000 §5, Error Handling"),
        "cancel_terminal_ok": ("cancel", "a completed order can be cancelled",
                               "000 §6, Appendix B order lifecycle"),
        "cancel_disabled_ok": ("cancel", "an order of a cancel:false service can be cancelled",
                               "000 §1 cancel: whether cancellation is supported; §6"),
        "cancel_status_stale": ("cancel", "a cancelled order still reads its old status and charge",
                                "000 §3 Canceled; §6"),
        "refill_cancelled_ok": ("refill", "a refill of a cancelled order is accepted",
                                "000 Appendix B: Canceled is final; §4"),
        "cancel_no_refund": ("cancel", "a cancelled order keeps its charge",
                             "000 §6, §3 Canceled"),
        "bad_key_accepted": ("error", "any key is accepted", "000 Authentication"),
        "error_plain_text": ("error", "errors are text/plain bodies, not {\"error\":...}",
                             "000 Error Handling: In response body"),
    }

    def __init__(self, args):
        super().__init__(args)
        self.services = {}
        for sid, name, typ, cat, rate, mn, mx, refill, cancel in CATALOGUE:
            self.services[sid] = {"service": sid, "name": name, "type": typ, "category": cat,
                                  "rate": rate, "min": mn, "max": mx, "refill": refill,
                                  "cancel": cancel}
        self.refill_seq = 0

    # --- answers -------------------------------------------------------------------------

    def err(self, text):
        """An error in the documented body shape; document silent on HTTP codes: chose 200."""
        if self.dev("error_plain_text"):
            return Reply(text.encode(), 200, "text/plain; charset=utf-8")
        return Reply({"error": text})

    def money5(self, d):
        """Money as the document shows it: a string with five decimals (000 §3, §7)."""
        return pc.fmt_money(d, 5)

    def status_entry(self, o):
        """The 000 §3 status object of an order."""
        ph = o.phase()
        if ph == "canceled" and self.dev("cancel_status_stale"):
            o.cancelled = False  # read as if it had never been cancelled
            ph = o.phase()
            o.cancelled = True
        word = WORDS[ph]
        if self.dev("status_word_unknown"):
            word = UNKNOWN_WORDS[ph]
        charge = self.money5(o.charge_now(ph))
        e = {"charge": float(charge) if self.dev("status_charge_number") else charge,
             "start_count": "0" if ph == "pending" else str(o.start_count),
             "status": word,
             "remains": str(o.remains(ph)),
             "currency": "USD"}
        if self.dev("status_no_remains"):
            del e["remains"]
        return e

    def find_order(self, acc, text, leak=False):
        """The account's order with the id text, or None (another account's order is None)."""
        oid = pc.as_int(text)
        if oid is None:
            return None
        o = acc.orders.get(oid)
        if o is None and (leak or self.dev("isolation_leak")):
            for other in self.accounts.values():
                if oid in other.orders:
                    return other.orders[oid]
        return o

    # --- actions -------------------------------------------------------------------------

    def do_services(self, acc, p):
        if self.dev("services_invalid_json"):
            return Reply(b'[{"service": 1, "name": "Followers",', 200, "application/json")
        out = []
        for s in self.services.values():
            # Liberties: another member order and extra members (`dripfeed`, `desc`);
            # min/max as strings (000 §1 Response Fields: String).
            e = {"service": s["service"], "name": s["name"], "category": s["category"],
                 "type": s["type"], "rate": s["rate"], "min": str(s["min"]),
                 "max": str(s["max"]), "refill": s["refill"], "cancel": s["cancel"],
                 "dripfeed": s["type"] == "Default", "desc": "Start 0-1h, speed up to 10k/day"}
            if self.dev("services_rate_number"):
                e["rate"] = float(s["rate"])
            if self.dev("services_no_type"):
                del e["type"]
            if self.dev("services_min_gt_max") and s["service"] == 1:
                e["min"], e["max"] = e["max"], e["min"]
            out.append(e)
        return Reply(out)

    def do_balance(self, acc, p):
        text = self.money5(acc.balance)
        if self.dev("balance_comma"):
            text = text.replace(".", ",")
        return Reply({"balance": text, "currency": "USD"})

    def do_add(self, acc, p):
        sid = pc.as_int(p.get("service", ""))
        svc = self.services.get(sid) if sid is not None else None
        if svc is None:
            return self.err("Invalid service")
        spec = TYPES[svc["type"]]
        missing, bad = pc.check_params(p, spec["params"])
        if missing:
            # Document silent on this text: chose the wording of common panel software.
            return self.err("The %s field is required." % missing)
        if bad == "link":
            return self.err("Link is invalid")
        if bad:
            return self.err("Incorrect %s" % bad)
        runs = 1
        rule = spec["qty"]
        if rule == "quantity":
            qty = pc.as_int(p["quantity"])
        elif rule.startswith("lines:"):
            qty = len(pc.lines(p[rule[6:]]))
        else:  # posts_x_max
            mn, mx = pc.as_int(p["min"]), pc.as_int(p["max"])
            if mn > mx:
                return self.err("Min/Max quantity")
            qty = mx
            runs = pc.as_int(p.get("posts") or "1") or 1
        if qty < svc["min"] or qty > svc["max"]:
            if self.dev("refusal_charges") and qty > 0:
                acc.balance -= Decimal(svc["rate"]) * min(qty, svc["max"]) / Decimal(1000)
            return self.err("Min/Max quantity")
        if svc["type"] == "Default" and p.get("runs", "").strip():
            runs = pc.as_int(p["runs"])
            if runs < 1 or runs > 1000:
                return self.err("Incorrect runs")
            if not p.get("interval", "").strip():
                # Document silent: a drip-feed order without interval runs every 0 minutes.
                pass
        billed_runs = 1 if self.dev("drip_one_run") else runs
        rate = Decimal(svc["rate"])
        cost = rate * qty * billed_runs / Decimal(1000)
        if self.dev("charge_off"):
            cost += Decimal("0.00001")
        if cost > acc.balance and not self.dev("funds_overdraft"):
            return self.err("Not enough funds")
        n = self.seq()
        oid = 23500 + n
        # Outcome from the seed: an order of at least twice the service minimum ends Partial
        # one time in four (its undelivered share refunded); smaller orders complete.
        big = qty >= 2 * svc["min"]
        outcome = "partial" if big and pc.seeded(self.seed, "outcome", n) % 4 == 0 else "completed"
        o = pc.Order(oid, svc, qty, runs, rate, outcome, 100 + pc.seeded(self.seed, "sc", n) % 5000)
        o.charge = cost  # what was booked, planted deviations included
        acc.orders[oid] = o
        acc.balance -= cost
        if self.dev("add_no_order"):
            return Reply({"id": oid})
        return Reply({"order": oid})

    def do_status(self, acc, p):
        if p.get("orders", "").strip():
            ids = pc.id_list(p["orders"])
            if len(ids) > MAX_IDS and not self.dev("multi_over_limit"):
                # Document silent on the over-limit answer: chose an error naming the cap.
                return self.err("You can check the status of up to %d orders at once" % MAX_IDS)
            out = {}
            for t in ids:
                o = self.find_order(acc, t)
                if o is not None:
                    out[t] = self.status_entry(o)
                elif self.dev("multi_error_string"):
                    out[t] = "Incorrect order ID"
                else:
                    out[t] = {"error": "Incorrect order ID"}
            if self.dev("multi_status_list"):
                return Reply([dict(v, order=k) if isinstance(v, dict) else v
                              for k, v in out.items()])
            return Reply(out)
        if not p.get("order", "").strip():
            return self.err("The order field is required.")
        o = self.find_order(acc, p["order"])
        if o is None:
            return self.err("Incorrect order ID")
        return Reply(self.status_entry(o))

    def refill_refusal(self, acc, text):
        """Why a refill of the order id text is refused, or None (and the order)."""
        o = self.find_order(acc, text)
        if o is None:
            return "Incorrect order ID", None
        if not o.service["refill"]:
            if self.dev("refill_not_refillable"):
                return None, o
            # Document silent on the refusal text: chose this wording.
            return "Refill is disabled for this service", o
        ph = o.phase()
        if ph == "canceled" and self.dev("refill_cancelled_ok"):
            return None, o
        if ph not in ("completed", "partial"):
            # Document silent on when a refill may be asked: chose after delivery ended.
            return "This order is not eligible for refill", o
        return None, o

    def new_refill(self, acc, o):
        self.refill_seq += 1
        rid = self.refill_seq
        outcome = "rejected" if pc.seeded(self.seed, "refill", rid) % 5 == 0 else "completed"
        acc.refills[rid] = pc.Refill(rid, o, outcome)
        return rid

    def do_refill(self, acc, p):
        if p.get("orders", "").strip():
            ids = pc.id_list(p["orders"])
            if len(ids) > MAX_IDS:
                return self.err("You can refill up to %d orders at once" % MAX_IDS)
            out = []
            for t in ids:
                why, o = self.refill_refusal(acc, t)
                oid = pc.as_int(t) if pc.as_int(t) is not None else t
                if why:
                    out.append({"order": oid, "refill": {"error": why}})
                else:
                    out.append({"order": oid, "refill": self.new_refill(acc, o)})
            return Reply(out)
        if not p.get("order", "").strip():
            return self.err("The order field is required.")
        why, o = self.refill_refusal(acc, p["order"])
        if why:
            return self.err(why)
        return Reply({"refill": str(self.new_refill(acc, o))})  # 000 §4: "refill": "1"

    def find_refill(self, acc, text):
        """The account's refill with the id text, or None."""
        rid = pc.as_int(text)
        r = acc.refills.get(rid)
        if r is None and self.dev("isolation_refill_status"):
            for other in self.accounts.values():
                r = r or other.refills.get(rid)
        return r

    def do_refill_status(self, acc, p):
        if p.get("refills", "").strip():
            ids = pc.id_list(p["refills"])
            if len(ids) > MAX_IDS:
                return self.err("You can check up to %d refills at once" % MAX_IDS)
            out = {}
            for t in ids:
                r = self.find_refill(acc, t)
                # Document silent on an unknown refill id: chose an error entry.
                out[t] = ({"status": REFILL_WORDS[r.phase()]} if r is not None
                          else {"error": "Refill not found"})
            return Reply(out)
        if not p.get("refill", "").strip():
            return self.err("The refill field is required.")
        r = self.find_refill(acc, p["refill"])
        if r is None:
            if self.dev("refill_status_nested"):
                return Reply({"status": {"error": "Refill not found"}})
            return self.err("Refill not found")
        return Reply({"status": REFILL_WORDS[r.phase()]})

    def do_cancel(self, acc, p):
        # 000 §6 documents `orders` only; a lone `order` is read as a one-id list
        # (document silent: chose to accept it, answering in the same array shape).
        text = p.get("orders", "").strip() or p.get("order", "").strip()
        if not text:
            return self.err("The orders field is required.")
        ids = pc.id_list(text)
        if len(ids) > MAX_IDS:
            return self.err("You can cancel up to %d orders at once" % MAX_IDS)
        out = []
        for t in ids:
            o = self.find_order(acc, t, leak=self.dev("isolation_cancel"))
            oid = pc.as_int(t) if pc.as_int(t) is not None else t
            if o is None:
                out.append({"order": oid, "cancel": {"error": "Incorrect order ID"}})
                continue
            ph = o.phase()
            if not o.service["cancel"] and not self.dev("cancel_disabled_ok"):
                out.append({"order": oid, "cancel": {"error": "Cancel is disabled for this service"}})
                continue
            forced = self.dev("cancel_disabled_ok") and not o.service["cancel"]
            if ph not in ("pending", "in_progress") and not forced and not (
                    self.dev("cancel_terminal_ok") and ph in ("completed", "partial")):
                out.append({"order": oid,
                            "cancel": {"error": "This order can not be canceled"}})
                continue
            # Document silent on the refund: chose the full charge back, status Canceled.
            o.kept = self.dev("cancel_no_refund")
            acc.balance += o.refund_for("canceled")
            o.cancelled = True
            o.settled = True
            out.append({"order": oid, "cancel": 1})
        return Reply(out)

    # --- dispatch ------------------------------------------------------------------------

    def handle(self, method, path, headers, p, raw, client):
        if path.rstrip("/") != PATH:
            return Reply({"error": "Not found"}, 404)  # document silent: chose 404
        # 000 documents POST with form encoding; a GET with a query string is answered the
        # same way (document silent: chose the lenient reading most panels have).
        key = p.get("key", "")
        acc = self.account(key)
        if acc is None and self.dev("bad_key_accepted"):
            acc = self.account(next(iter(self.accounts)))
        if acc is None:
            return self.err("Invalid API key")
        action = p.get("action", "")
        fn = {"services": self.do_services, "add": self.do_add, "status": self.do_status,
              "refill": self.do_refill, "refill_status": self.do_refill_status,
              "cancel": self.do_cancel, "balance": self.do_balance}.get(action)
        if fn is None:
            # Document silent on missing/unknown actions: chose this text.
            return self.err("Incorrect request")
        return fn(acc, p)


# A deviation for account isolation (panelcheck --key2): listed with the others.
Dripfeed.DEVIATIONS["isolation_leak"] = (
    "status", "the second account can read the first account's orders",
    "000 Error Handling: Incorrect order ID = doesn't belong to your account")
Dripfeed.DEVIATIONS["isolation_refill_status"] = (
    "refill_status", "the second account can read the first account's refill status",
    "000 §5; Error Handling (an account sees its own orders only)")
Dripfeed.DEVIATIONS["isolation_cancel"] = (
    "cancel", "the second account can cancel the first account's orders",
    "000 §6; Error Handling: Incorrect order ID = doesn't belong to your account")

if __name__ == "__main__":
    sys.exit(pc.main(Dripfeed))
