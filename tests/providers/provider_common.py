"""Plumbing shared by the reference providers (Python 3 standard library only).

Nothing here knows a document: the HTTP server, the command line, accounts with an exact
decimal ledger, a wall-clock order clock and small parameter helpers. Every behaviour a
document prescribes (paths, encodings, shapes, words, error texts, HTTP codes) is written out
in that document's own provider file.
"""

import argparse
import hashlib
import json
import sys
import threading
import time
import traceback
from decimal import Decimal, ROUND_HALF_EVEN
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

# Wall-clock progression of an order: Pending until T_START, in progress until T_DONE, then
# its seeded outcome. Short, so that a whole suite stays well under a minute.
T_START = 0.2
T_DONE = 0.5
# A refill request moves the same way.
T_REFILL_START = 0.1
T_REFILL_DONE = 0.3

MAX_BODY = 1 << 20


class Reply:
    """One HTTP answer: code, body (a JSON-able value, or bytes), content type, headers."""

    def __init__(self, body, code=200, ctype="application/json", headers=None):
        self.body = body
        self.code = code
        self.ctype = ctype
        self.headers = headers or {}


def money(text):
    """Decimal from a string, or None when the text is not a plain decimal number."""
    try:
        d = Decimal(str(text).strip())
    except Exception:
        return None
    if not d.is_finite():
        return None
    return d


def fmt_money(d, places):
    """The decimal formatted with exactly `places` decimals (exact when the value fits)."""
    q = Decimal(1).scaleb(-places)
    return str(d.quantize(q, rounding=ROUND_HALF_EVEN))


def as_int(text):
    """The integer a parameter holds (plain decimal digits, optional sign), else None."""
    s = str(text).strip()
    if not s:
        return None
    body = s[1:] if s[0] in "+-" else s
    if not body.isdigit() or len(body) > 18:
        return None
    return int(s)


def lines(text):
    """The non-empty lines of a list parameter (separated by \\r\\n or \\n)."""
    return [ln for ln in str(text).replace("\r\n", "\n").split("\n") if ln.strip()]


def id_list(text):
    """The comma-separated ids of a multi parameter, blanks dropped, order kept."""
    return [p.strip() for p in str(text).split(",") if p.strip()]


def link_ok(text):
    """Whether a link is an absolute http(s) URL with a host."""
    try:
        u = urlsplit(str(text).strip())
    except ValueError:
        return False
    return u.scheme in ("http", "https") and bool(u.hostname) and " " not in str(text)


def seeded(seed, *parts):
    """A deterministic integer in [0, 2^32) from the seed and the parts."""
    h = hashlib.sha256(("%s|" % seed + "|".join(str(p) for p in parts)).encode()).digest()
    return int.from_bytes(h[:4], "big")


class Order:
    """An order of one account: what was bought, what it cost, and when it was placed."""

    def __init__(self, oid, service, quantity, runs, rate, outcome, start_count):
        self.id = oid
        self.service = service
        self.quantity = quantity  # per run for a drip-feed order
        self.runs = runs
        self.total = quantity * runs
        self.rate = rate
        self.charge = rate * self.total / Decimal(1000)
        self.outcome = outcome  # "completed" or "partial"
        self.start_count = start_count
        self.created = time.monotonic()
        self.cancelled = False
        self.settled = False  # the partial refund has been booked
        self.kept = False  # cancelled without a refund (a planted deviation)
        self.quantum = None  # round refunds to this (e.g. Decimal("0.0001")), or exact

    def phase(self, now=None):
        """pending, in_progress, completed, partial or canceled, by wall-clock time."""
        if self.cancelled:
            return "canceled"
        age = (now if now is not None else time.monotonic()) - self.created
        if age < T_START:
            return "pending"
        if age < T_DONE:
            return "in_progress"
        return self.outcome

    def remains(self, phase):
        """Undelivered units of the whole order (all runs) in the phase."""
        if phase in ("pending", "canceled"):
            return self.total
        if phase == "in_progress":
            return self.total - self.total // 2
        if phase == "partial":
            return max(1, self.total // 4)
        return 0

    def refund_for(self, phase):
        """What the account gets back in the phase: the undelivered share, exactly."""
        if phase == "canceled":
            return Decimal(0) if self.kept else self.charge
        if phase == "partial":
            refund = self.rate * self.remains(phase) / Decimal(1000)
            if self.quantum is not None:  # money the document writes with fewer decimals
                refund = refund.quantize(self.quantum, rounding=ROUND_HALF_EVEN)
            return refund
        return Decimal(0)

    def charge_now(self, phase):
        """The charge as it stands in the phase."""
        return self.charge - self.refund_for(phase)


class Refill:
    """A refill request of one order."""

    def __init__(self, rid, order, outcome):
        self.id = rid
        self.order = order
        self.outcome = outcome  # "completed" or "rejected"
        self.created = time.monotonic()

    def phase(self):
        """pending, in_progress, completed or rejected, by wall-clock time."""
        age = time.monotonic() - self.created
        if age < T_REFILL_START:
            return "pending"
        if age < T_REFILL_DONE:
            return "in_progress"
        return self.outcome


class Account:
    """One API key: a balance and the orders and refills it owns."""

    def __init__(self, key, balance):
        self.key = key
        self.balance = balance
        self.orders = {}
        self.refills = {}

    def settle(self):
        """Book the refunds of orders that ended Partial since the last request."""
        for o in self.orders.values():
            if not o.settled and not o.cancelled and o.phase() == "partial":
                self.balance += o.refund_for("partial")
                o.settled = True


class Provider:
    """Base of a reference provider: the document's file subclasses it and fills in handle()."""

    NAME = "provider"
    PATH = "/"  # the documented API path
    DEFAULT_KEY = "provider-key-1"
    DEFAULT_KEY2 = "provider-key-2"
    DEFAULT_BALANCE = "50"
    # name -> (action whose check must go red, what breaks, section[, "example"]). "example"
    # marks a rule the document shows only in an example: panelcheck warns on it (issue 9
    # item 1), so the test expects it red under --strict.
    DEVIATIONS = {}

    def __init__(self, args):
        self.seed = args.seed
        self.devs = set(args.deviate)
        self.lock = threading.Lock()
        self.accounts = {}
        for key in (args.key, args.key2):
            if key and key not in self.accounts:
                self.accounts[key] = Account(key, Decimal(args.balance))
        self.next_seq = 0

    def dev(self, name):
        """Whether the planted deviation is switched on."""
        return name in self.devs

    def seq(self):
        """A fresh sequence number shared by all accounts (ids are unique per provider)."""
        self.next_seq += 1
        return self.next_seq

    def account(self, key):
        """The account of the key (settled), or None."""
        acc = self.accounts.get(key)
        if acc is not None:
            acc.settle()
        return acc

    def handle(self, method, path, headers, params, raw, client):
        """Answer one request; returns a Reply. Called with self.lock held."""
        raise NotImplementedError


def read_params(handler, raw):
    """The request's parameters: query string, then form or JSON body (body wins)."""
    params = {}
    q = urlsplit(handler.path).query
    for k, v in parse_qsl(q, keep_blank_values=True):
        params[k] = v
    ctype = (handler.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    text = raw.decode("utf-8", "replace")
    if ctype == "application/json" or (not ctype and text.lstrip().startswith("{")):
        try:
            obj = json.loads(text) if text.strip() else {}
        except ValueError:
            return params, "json"
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(v, bool):
                    v = "1" if v else "0"
                elif isinstance(v, (list, dict)):
                    v = json.dumps(v)
                elif v is None:
                    v = ""
                params[str(k)] = str(v) if not isinstance(v, str) else v
        return params, None
    for k, v in parse_qsl(text, keep_blank_values=True):
        params[k] = v
    return params, None


def make_handler(provider):
    """A request handler class bound to the provider."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # one segment per answer: no delayed-ACK stalls
        wbufsize = 1 << 16
        server_version = "nginx"
        sys_version = ""

        def log_message(self, fmt, *a):  # quiet: the test prints what matters
            pass

        def _serve(self, method):
            n = int(self.headers.get("Content-Length") or 0)
            if n > MAX_BODY:
                self.send_error(413)
                return
            raw = self.rfile.read(n) if n > 0 else b""
            params, bad = read_params(self, raw)
            params["__bad_body__"] = bad or ""
            path = urlsplit(self.path).path
            try:
                with provider.lock:
                    rep = provider.handle(method, path, self.headers, params, raw,
                                          self.client_address)
            except Exception:  # a provider bug: say so loudly, answer 500
                traceback.print_exc(file=sys.stderr)
                rep = Reply(b"internal error", 500, "text/plain")
            if isinstance(rep.body, (bytes, bytearray)):
                body = bytes(rep.body)
            else:
                body = json.dumps(rep.body, ensure_ascii=False).encode("utf-8")
            self.send_response(rep.code)
            if rep.ctype:
                self.send_header("Content-Type", rep.ctype)
            for k, v in rep.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self._serve("POST")

        def do_GET(self):
            self._serve("GET")

    return Handler


def main(cls, argv=None):
    """Parse the command line, then serve the provider on 127.0.0.1 until killed."""
    ap = argparse.ArgumentParser(description="reference provider " + cls.NAME)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--key", default=cls.DEFAULT_KEY)
    ap.add_argument("--key2", default=cls.DEFAULT_KEY2)
    ap.add_argument("--balance", default=cls.DEFAULT_BALANCE)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--deviate", action="append", default=[])
    ap.add_argument("--list-deviations", action="store_true")
    ap.add_argument("--lifetime", type=float, default=0,
                    help="exit after this many seconds (0: serve until killed)")
    args = ap.parse_args(argv)
    if args.list_deviations:
        for name, row in cls.DEVIATIONS.items():
            action, what, section = row[:3]
            level = ("  (example-only rule: red with --strict)" if row[3:] == ("example",)
                     else "  (assumed rule: red with --strict)" if row[3:] == ("assumed",) else "")
            print("%-28s %-14s %s  [%s]%s" % (name, action, what, section, level))
        return 0
    devs = []
    for item in args.deviate:
        devs.extend(p.strip() for p in item.split(",") if p.strip())
    unknown = [d for d in devs if d not in cls.DEVIATIONS]
    if unknown:
        print("unknown deviation: %s (valid: %s)" % (", ".join(unknown), ", ".join(cls.DEVIATIONS)),
              file=sys.stderr)
        return 2
    args.deviate = devs
    if money(args.balance) is None:
        print("bad --balance", file=sys.stderr)
        return 2
    prov = cls(args)
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(prov))
    srv.daemon_threads = True
    base = "http://127.0.0.1:%d" % srv.server_address[1]
    print("listening on " + base, flush=True)
    print("endpoint %s%s" % (base, cls.PATH), flush=True)
    if args.lifetime > 0:  # a safety net: a test that dies cannot leave the provider behind
        stopper = threading.Timer(args.lifetime, srv.shutdown)
        stopper.daemon = True
        stopper.start()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


def check_params(params, spec):
    """Validate params against a type's spec [(name, kind, required)]: (missing, invalid).

    Kinds: "int" (>= 0), "str" (non-empty), "link" (http(s) URL), "lines" (one or more
    non-empty lines), ("enum", values), ("cond", other, value) required when other == value.
    """
    for name, kind, required in spec:
        v = params.get(name)
        if isinstance(kind, tuple) and kind[0] == "cond":
            required = params.get(kind[1], "").strip() == kind[2]
            kind = "str"
        if v is None or str(v).strip() == "":
            if required:
                return name, None
            continue
        if kind == "int" and (as_int(v) is None or as_int(v) < 0):
            return None, name
        if kind == "link" and not link_ok(v):
            return None, name
        if kind == "lines" and not lines(v):
            return None, name
        if isinstance(kind, tuple) and kind[0] == "enum" and str(v).strip() not in kind[1]:
            return None, name
    return None, None
