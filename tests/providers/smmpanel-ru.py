#!/usr/bin/env python3
"""Reference provider for document 003 (smmpanel.ru, dialect `smmpanel-ru`).

Written from ../shared/seeds/003_5a080dfb50d45c51.txt alone; cited by its Russian headings
(003 "Разместить новый заказ" = add, "Статус заказа" = status, "Статусы нескольких заказов" =
multi status, "Списки услуг" = services, "Баланс" = balance). No refill, refill_status or
cancel is documented, so those are unknown actions here.
Run: python3 smmpanel-ru.py --port 0 [--key K] [--key2 K2] [--deviate NAME,...] [--seed N]
"""

import sys
from decimal import Decimal, ROUND_HALF_EVEN

import provider_common as pc
from provider_common import Reply

PATH = "/api/v1"  # 003 API URL
MAX_IDS = 100  # document silent on the multi-status limit: chose the family's 100
DELAYS = {"0", "5", "10", "15", "30", "60", "90"}  # 003 add, subscriptions: delay values

# 003 add: eleven parameter blocks, none named; the services example names its type in lower
# case ("type": default), so the names below are the family's, written the same way
# (document silent: chose them). The ninth block (link only) repeats the package set.
TYPES = {
    "default": {"params": [("link", "link", True), ("quantity", "int", True),
                           ("runs", "int", False), ("interval", "int", False)], "qty": "quantity"},
    "package": {"params": [("link", "link", True)], "qty": "fixed"},
    "custom comments": {"params": [("link", "link", True), ("comments", "lines", True)],
                        "qty": "lines:comments"},
    "mentions with hashtags": {"params": [("link", "link", True), ("quantity", "int", True),
                                          ("usernames", "lines", True),
                                          ("hashtags", "lines", True)], "qty": "quantity"},
    "mentions custom list": {"params": [("link", "link", True), ("usernames", "lines", True)],
                             "qty": "lines:usernames"},
    "mentions hashtag": {"params": [("link", "link", True), ("quantity", "int", True),
                                    ("hashtag", "str", True)], "qty": "quantity"},
    "mentions user followers": {"params": [("link", "link", True), ("quantity", "int", True),
                                           ("username", "str", True)], "qty": "quantity"},
    "custom comments package": {"params": [("link", "link", True), ("comments", "lines", True)],
                                "qty": "fixed"},
    "comment likes": {"params": [("link", "link", True), ("quantity", "int", True),
                                 ("username", "str", True)], "qty": "quantity"},
    # Subscriptions take no link; billed at max (document silent on billing: chose max).
    "subscriptions": {"params": [("username", "str", True), ("min", "int", True),
                                 ("max", "int", True), ("delay", ("enum", DELAYS), True),
                                 ("expiry", "str", False)], "qty": "max"},
}

# 003 services: the three documented services first (ids, names, rates, min/max as shown).
# Fixed-quantity types have min = max = 1000, so their charge is the rate.
CATALOGUE = [
    ("5", "Instagram Followers [15K] ", "Instagram - Followers [Guaranteed/Refill] - Less Drops \u2b50",
     "1.02", 500, 10000, "default"),
    ("9", "Instagram Followers - Max 300k - No refill - 30-40k/Day",
     "Instagram - Followers [Guaranteed/Refill] - Less Drops \u2b50", "0.04", 500, 300000,
     "default"),
    ("10", "Instagram Followers ( 30 days auto refill ) ( Max 350K ) (Indian Majority )",
     "Instagram - Followers [Guaranteed/Refill] - Less Drops \u2b50", "1.2", 100, 350000,
     "default"),
    ("11", "Telegram Подписчики [Премиум]", "Telegram", "45", 100, 50000, "default"),
    ("12", "Instagram Пакет 1000 лайков", "Instagram - Пакеты", "3.50", 1000, 1000, "package"),
    ("13", "YouTube Пакет старт", "YouTube - Пакеты", "7.20", 1000, 1000, "package"),
    ("14", "Instagram Свои комментарии", "Instagram - Комментарии", "8", 10, 1000,
     "custom comments"),
    ("15", "VK Свои комментарии", "VK - Комментарии", "5.50", 5, 500, "custom comments"),
    ("16", "Instagram Упоминания по хэштегам", "Instagram - Упоминания", "2.40", 100, 10000,
     "mentions with hashtags"),
    ("17", "Instagram Упоминания (свой список)", "Instagram - Упоминания", "3.00", 10, 5000,
     "mentions custom list"),
    ("18", "Instagram Упоминания по хэштегу", "Instagram - Упоминания", "2.10", 100, 20000,
     "mentions hashtag"),
    ("19", "Instagram Упоминания подписчиков", "Instagram - Упоминания", "1.90", 100, 20000,
     "mentions user followers"),
    ("20", "Instagram Пакет комментариев", "Instagram - Комментарии", "9.00", 1000, 1000,
     "custom comments package"),
    ("21", "Instagram Лайки на комментарий", "Instagram - Лайки", "1.30", 50, 10000,
     "comment likes"),
    ("22", "Instagram Автолайки [подписка]", "Instagram - Подписки", "0.90", 50, 5000,
     "subscriptions"),
    ("23", "Instagram Автопросмотры [подписка]", "Instagram - Подписки", "0.20", 100, 50000,
     "subscriptions"),
]

# 003 shows "pending" and "processing"; the rest of the lower-case vocabulary is the
# family's (document silent: chose completed, partial, canceled).
WORDS = {"pending": "pending", "in_progress": "processing", "completed": "completed",
         "partial": "partial", "canceled": "canceled"}

# The document's own services example, verbatim in its brokenness (missing commas, bare
# words): what the services_invalid_json deviation serves.
BROKEN_EXAMPLE = b'''[
  {
      "service": "5",
      "name": "Instagram Followers [15K] ",
      "rate": "1.02",
      "min": "500",
      "max": "10000"
      "type": default
      "desc": usernames
      "dripfeed": 1
  }
]'''


def money4(d):
    """Money with four decimals, as 003's status example shows ("0.0360", "1.2600")."""
    return str(d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN))

# The status_word_unknown deviation: a word per phase that the document does not have.
UNKNOWN_WORDS = {"pending": "queued", "in_progress": "running",
                 "completed": "finished", "partial": "part done",
                 "canceled": "voided"}


class SmmpanelRu(pc.Provider):
    NAME = "smmpanel-ru"
    PATH = PATH
    DEFAULT_KEY = "smmpanel-ru-key-1"
    DEFAULT_KEY2 = "smmpanel-ru-key-2"
    DEVIATIONS = {
        "services_invalid_json": ("services", "the services answer is the document's own "
                                  "broken example (not JSON)", "003 Списки услуг"),
        "services_no_type": ("services", "services lack `type`", "003 Списки услуг"),
        "services_min_gt_max": ("services", "a service has min greater than max",
                                "003 Списки услуг"),
        "balance_missing": ("balance", "the balance answer lacks `balance`", "003 Баланс"),
        "add_no_order": ("add", "add answers {\"status\":\"success\"} without `order`",
                         "003 Разместить новый заказ"),
        "charge_off": ("add", "every order costs 0.0001 more than rate x quantity / 1000",
                       "003 Списки услуг: rate; Статус заказа: charge"),
        "funds_overdraft": ("add", "an order costing more than the balance is accepted",
                            "003 Баланс (family: not enough funds)"),
        "add_ignores_max": ("add", "a quantity above the service's max is accepted",
                            "003 Списки услуг: max"),
        "status_word_unknown": ("status",
                                "status words are ones 003 lacks (`queued`, `finished`...)",
                                "003 Статус заказа"),
        "status_no_charge": ("status", "status answers lack `charge`", "003 Статус заказа"),
        "multi_keys_index": ("status", "multi status is keyed 0, 1, 2... instead of by order id",
                             "003 Статусы нескольких заказов"),
        "multi_over_limit": ("status", "a multi status of 101 ids is answered",
                             "family limit of 100 ids (document silent)"),
        "bad_key_accepted": ("error", "any key is accepted", "003 API-ключ"),
        "error_not_json": ("error", "errors are text/plain, not JSON",
                           "003 Формат ответа Json"),
        "isolation_leak": ("status", "the second account can read the first account's orders",
                           "003 Статус заказа (an order belongs to its account)"),
    }

    def __init__(self, args):
        super().__init__(args)
        self.services = {}
        for sid, name, cat, rate, mn, mx, typ in CATALOGUE:
            self.services[sid] = {"service": sid, "name": name, "category": cat, "rate": rate,
                                  "min": mn, "max": mx, "type": typ}

    def err(self, text):
        """Document silent on errors: chose the family's {"error": text} with HTTP 200."""
        if self.dev("error_not_json"):
            return Reply(text.encode(), 200, "text/plain; charset=utf-8")
        return Reply({"error": text})

    def status_entry(self, o, key=None):
        """The 003 status object: the order id echoed as a string first, no currency."""
        ph = o.phase()
        word = WORDS[ph]
        if self.dev("status_word_unknown"):
            word = UNKNOWN_WORDS[ph]
        e = {"order": str(o.id), "status": word, "charge": money4(o.charge_now(ph)),
             "start_count": "0" if ph == "pending" else str(o.start_count),
             "remains": str(o.remains(ph))}
        if self.dev("status_no_charge"):
            del e["charge"]
        return e

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
            return Reply(BROKEN_EXAMPLE)
        out = []
        for s in self.services.values():
            # The documented members in the documented order, written as valid JSON:
            # "type" a string, "desc" a description, "dripfeed" 1 where runs are taken.
            e = {"service": s["service"], "name": s["name"], "category": s["category"],
                 "rate": s["rate"], "min": str(s["min"]), "max": str(s["max"]),
                 "type": s["type"], "desc": "Старт 0-6 часов, скорость до 10K в сутки",
                 "dripfeed": 1 if s["type"] == "default" else 0}
            if self.dev("services_no_type"):
                del e["type"]
            if self.dev("services_min_gt_max") and s["service"] == "5":
                e["min"], e["max"] = e["max"], e["min"]
            out.append(e)
        return Reply(out)

    def do_balance(self, acc, p):
        if self.dev("balance_missing"):
            return Reply({"status": "success", "currency": "USD"})
        # 003 shows "0.03"; charges have four decimals, so the balance is written with four
        # (document silent on precision: chose the charges' four, so the ledger is exact).
        return Reply({"status": "success", "balance": money4(acc.balance), "currency": "USD"})

    def do_add(self, acc, p):
        svc = self.services.get(p.get("service", "").strip())
        if svc is None:
            return self.err("Неверный ID услуги")  # own text: "invalid service id"
        spec = TYPES[svc["type"]]
        missing, bad = pc.check_params(p, spec["params"])
        if missing:
            return self.err("Не указан параметр %s" % missing)  # "parameter NAME missing"
        if bad == "link":
            return self.err("Неверная ссылка")  # "invalid link"
        if bad:
            return self.err("Неверное значение параметра %s" % bad)
        rule = spec["qty"]
        if rule == "quantity":
            qty = pc.as_int(p["quantity"])
        elif rule.startswith("lines:"):
            qty = len(pc.lines(p[rule[6:]]))
        elif rule == "max":
            if pc.as_int(p["min"]) > pc.as_int(p["max"]):
                return self.err("Минимум больше максимума")
            qty = pc.as_int(p["max"])
        else:
            qty = svc["max"]
        if qty < svc["min"] or (qty > svc["max"] and not self.dev("add_ignores_max")):
            return self.err("Количество должно быть от %d до %d" % (svc["min"], svc["max"]))
        runs = 1
        if svc["type"] == "default" and p.get("runs", "").strip():
            runs = pc.as_int(p["runs"])
            if runs < 1:
                return self.err("Неверное значение параметра runs")
        rate = Decimal(svc["rate"])
        cost = Decimal(money4(rate * qty * runs / Decimal(1000)))
        if self.dev("charge_off"):
            cost += Decimal("0.0001")
        if cost > acc.balance and not self.dev("funds_overdraft"):
            return self.err("Недостаточно средств на балансе")  # "not enough funds"
        n = self.seq()
        oid = 30 + n
        big = qty >= 2 * svc["min"]
        outcome = "partial" if big and pc.seeded(self.seed, "outcome", n) % 4 == 0 else "completed"
        o = pc.Order(oid, svc, qty, runs, rate, outcome, pc.seeded(self.seed, "sc", n) % 3000)
        o.charge = cost
        acc.orders[oid] = o
        acc.balance -= cost
        if self.dev("add_no_order"):
            return Reply({"status": "success"})
        return Reply({"status": "success", "order": oid})  # 003: order as a number here

    def do_status(self, acc, p):
        if p.get("orders", "").strip():
            ids = pc.id_list(p["orders"])
            if len(ids) > MAX_IDS and not self.dev("multi_over_limit"):
                return self.err("Не более %d заказов за запрос" % MAX_IDS)
            out = {}
            for i, t in enumerate(ids):
                o = self.find_order(acc, t)
                k = str(i) if self.dev("multi_keys_index") else t
                # 003: an unknown id is a plain string entry.
                out[k] = self.status_entry(o) if o is not None else "Incorrect order ID"
            return Reply(out)
        if not p.get("order", "").strip():
            return self.err("Не указан параметр order")
        o = self.find_order(acc, p["order"])
        if o is None:
            return self.err("Incorrect order ID")  # the multi entry's text, as a family error
        return Reply(self.status_entry(o))

    def handle(self, method, path, headers, p, raw, client):
        if path.rstrip("/") != PATH:
            return Reply({"error": "Not found"}, 404)
        acc = self.account(p.get("key", ""))
        if acc is None and self.dev("bad_key_accepted"):
            acc = self.account(next(iter(self.accounts)))
        if acc is None:
            return self.err("Неверный API-ключ")  # "invalid API key"
        fn = {"add": self.do_add, "status": self.do_status, "services": self.do_services,
              "balance": self.do_balance}.get(p.get("action", ""))
        if fn is None:
            return self.err("Неверный запрос")  # "incorrect request"
        return fn(acc, p)


if __name__ == "__main__":
    sys.exit(pc.main(SmmpanelRu))
