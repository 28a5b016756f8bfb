"""Both command lines as separate processes, driven by tables: one row is an argv, the exit
code it must give and a fragment (a regular expression) that stdout or stderr must hold.
GROUP is one of: panelmock-usage, panelmock-serve, panelcheck-usage, panelcheck-reports,
panelcheck-write (one ctest each, tests/cli.cmake). Loopback only, free ports, every wait
bounded. Needs Debian's python3-jsonschema (run it with /usr/bin/python3).
Usage: cli_table.py GROUP PANELCHECK PANELMOCK SOURCE_DIR"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

GROUP, PC, PM, SRC = sys.argv[1:5]
sys.path.insert(0, os.path.join(SRC, "tests", "clients"))
from mockutil import FAILS, Mock, check, dialects, finish, find, idem, key_param, simple_service  # noqa: E402

DS = dialects(SRC)
TMP = tempfile.mkdtemp(prefix="cli_table.")
DIALECT_DIR = os.path.join(SRC, "dialects")
KEY = "cli-table-key-0123456789"  # a test key: must never appear in a report or on the console
ENV = {k: v for k, v in os.environ.items() if not k.startswith("PANEL_")}
ENV["NO_COLOR"] = "1"


def free_port():
    """A loopback port that was free a moment ago (bound, noted, closed)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(exe, args, env=None, stdout=None, timeout=60):
    """Runs exe with args; returns (exit code, stdout text, stderr text); -1 on a timeout."""
    e = dict(ENV)
    e.update(env or {})
    try:
        p = subprocess.run([exe] + args, env=e, timeout=timeout, stdout=stdout or subprocess.PIPE,
                           stderr=subprocess.PIPE)
    except subprocess.TimeoutExpired:
        return -1, "", "(timed out after %d s)" % timeout
    out = p.stdout.decode(errors="replace") if p.stdout is not None else ""
    return p.returncode, out, p.stderr.decode(errors="replace")


def rows(exe, table, env=None):
    """Checks every row (name, args, exit code, stream 'out'|'err'|'', regex) of table."""
    for name, args, want, stream, pat in table:
        rc, out, err = run(exe, args, env, timeout=20)
        text = out if stream == "out" else err if stream == "err" else out + err
        ok = rc == want and (not pat or re.search(pat, text, re.M))
        check(ok, "%s: %s %s -> exit %d (want %d); %s %s" %
              (name, os.path.basename(exe), " ".join(args), rc, want, stream or "output",
               (text.strip().splitlines() or [""])[0][:200]))
        if want == 2 and rc == 2:
            check(err.strip() != "", "%s: a usage error says why on stderr" % name)
        if ok:
            print("ok   " + name)


MOCKS = []  # every panelmock started, stopped at the end whatever happened


def mock(*args):
    """A panelmock process on a free loopback port (mockutil.Mock), stopped at exit."""
    m = Mock(PM, *args)
    MOCKS.append(m)
    return m


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


# ---------------------------------------------------------------------------- panelmock

# Every option of MOCK_OPTION_MAP and the rows or runs that exercise it (the usage group
# checks this list against --help, so a new option without a test fails).
MOCK_EXERCISED = {
    "listen": "usage + serve", "dialect": "usage + serve", "seed": "usage + serve",
    "key": "usage + serve", "balance": "usage + serve", "accounts": "usage + serve",
    "ids": "usage + serve", "faults": "usage + serve", "quirks": "usage + serve",
    "deviate": "usage + serve", "webhook": "usage + serve", "config": "usage + serve",
    "replay": "usage + serve", "log": "usage + serve", "quiet": "serve",
    "dialect-dir": "usage + serve", "fuzz": "usage + serve", "fuzz-rate": "usage + serve",
    "fuzz-actions": "usage + serve", "fuzz-report": "usage + serve",
    "fuzz-replay": "usage + serve", "list-deviations": "usage", "list-faults": "usage",
    "list-quirks": "usage", "version": "usage", "help": "usage",
}


def panelmock_usage():
    rc, out, _ = run(PM, ["--help"])
    opts = re.findall(r"^  --([a-z-]+)", out, re.M)
    check(rc == 0 and out.startswith("usage: panelmock"), "--help: exit 0 with a usage line")
    check(set(opts) == set(MOCK_EXERCISED),
          "every --help option has a test and the reverse: untested %s, gone %s" %
          (sorted(set(opts) - set(MOCK_EXERCISED)), sorted(set(MOCK_EXERCISED) - set(opts))))
    for o in opts:  # every option that takes a value, without its value
        if re.search(r"^  --%s \S" % re.escape(o), out, re.M):
            rc, _, err = run(PM, ["--" + o])
            check(rc == 2 and ("--%s needs a value" % o) in err,
                  "--%s without its value: exit %d, %r" % (o, rc, err.strip()))
    bad_cfg = write("bad.json", '{"seed": "one"}')
    many = []
    for i in range(65):
        many += ["--key", "d%d=k" % i]
    har_empty = write("empty.har", '{"log": {"version": "1.2", "entries": []}}')
    rows(PM, [
        ("--version", ["--version"], 0, "out", r"^panelmock \d+\.\d+"),
        ("--list-deviations", ["--list-deviations"], 0, "out", r"^[a-z_]+\t[a-z_]+\t\S"),
        ("--list-faults", ["--list-faults"], 0, "out", r"^reset\t\S"),
        ("--list-quirks", ["--list-quirks"], 0, "out", r"^ids_as_strings\t\S"),
        ("unknown option", ["--frobnicate"], 2, "err", r"unknown option --frobnicate"),
        ("unknown option lists the valid", ["--frobnicate"], 2, "err", r"valid options:.*--fuzz-replay"),
        ("unexpected argument", ["extra"], 2, "err", r"unexpected argument extra"),
        ("--seed not a number", ["--seed", "x"], 2, "err", r"--seed wants a number"),
        ("--seed negative", ["--seed", "-1"], 2, "err", r"--seed wants a number"),
        ("--seed past 2^64", ["--seed", "18446744073709551616"], 2, "err", r"--seed wants a number"),
        ("--accounts 0", ["--accounts", "0"], 2, "err", r"--accounts wants a number 1\.\.16"),
        ("--accounts 17", ["--accounts", "17"], 2, "err", r"--accounts wants a number 1\.\.16"),
        ("--ids huge", ["--ids", "huge"], 2, "err", r"--ids wants small or big"),
        ("--log xml", ["--log", "xml"], 2, "err", r"--log wants text, json or none"),
        ("too many --key NAME=KEY", many, 2, "err", r"too many --key NAME=KEY"),
        ("--key for an unknown dialect", ["--key", "nosuch=k"], 2, "err", r"unknown dialect"),
        ("--config missing", ["--config", os.path.join(TMP, "none.json")], 2, "err", r"--config: .*none\.json"),
        ("--config wrong type", ["--config", bad_cfg], 2, "err", r"--config: .*\"seed\" must be an integer"),
        ("bad --listen", ["--listen", "nohost"], 2, "err", r"--listen wants HOST:PORT"),
        ("--listen not IPv4", ["--listen", "example.com:80"], 2, "err", r"--listen wants HOST:PORT"),
        ("--dialect unknown", ["--dialect", "nosuch"], 2, "err", r"unknown dialect: nosuch"),
        ("--balance not an amount", ["--balance", "lots"], 2, "err", r"--balance is not a decimal"),
        ("--faults unknown", ["--faults", "explode=1"], 2, "err", r"explode"),
        ("--quirks unknown", ["--quirks", "sparkle=1"], 2, "err", r"sparkle"),
        ("--deviate unknown", ["--deviate", "no_such_deviation"], 2, "err", r"no_such_deviation"),
        ("--webhook not http", ["--webhook", "ftp://127.0.0.1/x"], 2, "err", r"webhook URL must start with http"),
        ("--dialect-dir missing (cannot start: 1)", ["--dialect-dir", os.path.join(TMP, "nodir")], 1, "err", r"cannot load dialects"),
        ("--replay missing", ["--replay", os.path.join(TMP, "none.har")], 2, "err", r"--replay .*none\.har"),
        ("--replay without entries", ["--replay", har_empty], 2, "err", r"--replay .*empty\.har"),
        ("--fuzz not a seed", ["--fuzz", "x"], 2, "err", r"--fuzz needs a seed"),
        ("--fuzz-rate past 1", ["--fuzz", "1", "--fuzz-rate", "2"], 2, "err", r"--fuzz-rate needs a fraction"),
        ("--fuzz-actions unknown", ["--fuzz", "1", "--fuzz-actions", "refund"], 2, "err", r"--fuzz-actions"),
        ("--fuzz-replay without a report", ["--fuzz-replay", "t1"], 2, "err", r"--fuzz-replay needs --fuzz-report"),
        ("--fuzz-replay of a missing report", ["--fuzz-replay", "t1", "--fuzz-report",
                                               os.path.join(TMP, "none.json")], 1, "err", r"--fuzz-replay: cannot read"),
    ])
    # --config: one bad document per row, each a single line on stderr and exit 2
    many_d = json.dumps({"dialects": {"d%d" % i: {} for i in range(65)}})
    for text, pat in [
            ("{", r":1:\d+: invalid JSON"), ("[]", r"the config must be a JSON object"),
            ('{"seed": 1, "seed": 2}', r"invalid JSON: duplicate object key"),
            ('{"port": 1}', r'unknown member "port" \(known: listen, '),
            ('{"listen": 8080}', r'"listen" must be a string'),
            ('{"seed": -1}', r'"seed" must be an integer 0\.\.'),
            ('{"accounts": 0}', r'"accounts" must be an integer 1\.\.16'),
            ('{"ids": "huge"}', r'"ids" must be "small" or "big"'),
            ('{"log": "xml"}', r'"log" must be "text", "json" or "none"'),
            ('{"quiet": "yes"}', r'"quiet" must be true or false'),
            ('{"dialects": []}', r'"dialects" must be an object'),
            ('{"dialects": {"dripfeedpanel": 1}}', r"dialects\.dripfeedpanel must be an object"),
            ('{"dialects": {"dripfeedpanel": {"colour": "red"}}}', r'dialects\.dripfeedpanel: unknown member "colour"'),
            ('{"dialects": {"dripfeedpanel": {"key": 7}}}', r'"key" must be a string'),
            (many_d, r"too many per-dialect settings")]:
        rc, _, err = run(PM, ["--config", write("bad-config.json", text)])
        check(rc == 2 and re.search(pat, err) and err.count("\n") == 1,
              "--config %s: exit 2, one line /%s/ (%d, %r)" % (text[:40], pat, rc, err.strip()))
    ok_cfg = write("ok-config.json", "{}")
    rc, _, err = run(PM, ["--config", ok_cfg] * 9)
    check(rc == 2 and "too many --config files" in err, "nine --config files: exit 2 (%d, %r)" % (rc, err))

    # a port in use: a first panelmock holds it
    m = mock("--quiet")
    port = m.url.rsplit(":", 1)[1]
    rows(PM, [("a port in use", ["--listen", "127.0.0.1:" + port], 1, "err", r"cannot listen on 127\.0\.0\.1:%s" % port)])
    rc, _ = m.stop()
    check(rc == 0, "the first panelmock: SIGTERM exits 0 (%s)" % rc)

    # (cov-m) --key values that are no NAME=KEY (an empty or non-dialect name before '=') are
    # one key for every dialect, refused by a documented key format; --seed with a tail or
    # empty
    rows(PM, [
        ("--key =KEY is a key", ["--key", "=k", "--dialect", "smm-objectid"], 2, "err",
         r"--key does not fit the documented key format of dialect smm-objectid"),
        ("--key Name=KEY is a key", ["--key", "Smm=k", "--dialect", "smm-objectid"], 2, "err",
         r"--key does not fit the documented key format of dialect smm-objectid"),
        ("--key a_b=KEY is a key", ["--key", "smm_x=k", "--dialect", "smm-objectid"], 2, "err",
         r"--key does not fit the documented key format of dialect smm-objectid"),
        ("--seed with a tail", ["--seed", "5x"], 2, "err", r"--seed wants a number"),
        ("--seed empty", ["--seed", ""], 2, "err", r"--seed wants a number"),
    ])


def balance_of(m, name, key):
    d = DS[name]
    st, text, _ = m.form(name, {key_param(d): key, "action": d["actions"]["balance"]["name"]})
    return find(json.loads(text), "balance") if st == 200 else None


def panelmock_serve():
    # every serving option at once; the effects that show from outside are checked
    port = free_port()
    report = os.path.join(TMP, "fuzz.json")
    hook_port = free_port()
    m = mock("--listen", "127.0.0.1:%d" % port, "--dialect", "dripfeedpanel", "--seed", "5",
             "--key", "dripfeedpanel=" + KEY, "--balance", "50", "--accounts", "2", "--ids", "big",
             "--faults", "latency=1ms", "--quirks", "bool_as_1=1", "--deviate", "services_invalid_json",
             "--webhook", "http://127.0.0.1:%d/hook" % hook_port, "--log", "json",
             "--dialect-dir", DIALECT_DIR, "--fuzz", "3", "--fuzz-rate", "1",
             "--fuzz-actions", "services", "--fuzz-report", report)
    check(m.url == "http://127.0.0.1:%d" % port, "--listen: the port asked for (%s)" % m.url)
    check(m.keys.get("dripfeedpanel", [None])[0] == KEY and len(m.keys["dripfeedpanel"]) == 2,
          "--key NAME=KEY and --accounts 2: %s" % m.keys)
    check(list(m.keys) == ["dripfeedpanel"] and "dripfeedpanel" in m.also,
          "--dialect one NAME: only it, also at its documented path (%s)" % m.also)
    bal = balance_of(m, "dripfeedpanel", KEY)
    check(bal is not None and float(bal) == 50.0, "--balance 50 (services_invalid_json planted): %r" % bal)
    d = DS["dripfeedpanel"]
    st, text, _ = m.form("dripfeedpanel", {key_param(d): KEY, "action": d["actions"]["services"]["name"]})
    check(st > 0, "--fuzz --fuzz-actions services: an answer (%d)" % st)
    sid, mn, _, _ = simple_service(d)
    st, text, _ = m.form("dripfeedpanel", idem(d, {key_param(d): KEY, "action": "add", "service": sid,
                                                   "link": "https://example.com/a", "quantity": str(mn)}))
    oid = find(json.loads(text), "order") if st == 200 else None
    check(oid is not None and int(oid) > 2 ** 53, "--ids big: an order id past 2^53 (%r)" % text[:200])
    st, state = m.admin("GET", "state")
    hook = "http://127.0.0.1:%d/hook" % hook_port
    check(st == 200 and state.get("seed") == 5 and state.get("ids_big") is True and
          "latency" in state.get("faults", {}) and "bool_as_1" in state.get("quirks", {}) and
          state.get("deviations") == ["services_invalid_json"] and state.get("webhook") == hook,
          "--seed --ids --faults --quirks --deviate --webhook in the state: %s" %
          {k: v for k, v in state.items() if k != "dialects"})
    rc, err = m.stop()
    check(rc == 0, "SIGTERM: exit 0 (%s)" % rc)
    check(re.search(r'^\{.*"action"', err, re.M) is not None, "--log json: JSON request lines")
    check(KEY not in err, "the key is masked in the request log")
    check(os.path.exists(report) and os.path.exists(report + ".md"),
          "--fuzz-report: PATH and PATH.md written on exit")
    tokens = []
    if os.path.exists(report):
        with open(report, encoding="utf-8") as fh:
            tokens = re.findall(r'"token": "([^"]+)"', fh.read())
    check(tokens != [], "--fuzz-report lists tokens")
    if tokens:
        rc, out, err = run(PM, ["--fuzz-replay", tokens[0], "--fuzz-report", report,
                                "--dialect-dir", DIALECT_DIR])
        check(rc == 0 and "HTTP" in err, "--fuzz-replay TOKEN: exit 0, %s" % err.strip())
        rc, out, err = run(PM, ["--fuzz-replay", "nosuch", "--fuzz-report", report])
        check(rc == 1 and "nosuch" in err, "--fuzz-replay of an unknown token: exit 1, %s" % err.strip())

    # the effects of --faults, --quirks and --deviate on the answers
    m = mock("--quiet", "--key", "dripfeedpanel=" + KEY, "--faults", "503=1")
    st, _, _ = m.form("dripfeedpanel", {key_param(d): KEY, "action": "balance"})
    check(st == 503, "--faults 503=1: HTTP 503 (%d)" % st)
    m.stop()
    m = mock("--quiet", "--key", "dripfeedpanel=" + KEY, "--quirks", "money_as_numbers=1",
             "--deviate", "services_invalid_json")
    bal = balance_of(m, "dripfeedpanel", KEY)
    check(isinstance(bal, (int, float)), "--quirks money_as_numbers=1: a JSON number (%r)" % bal)
    st, text, _ = m.form("dripfeedpanel", {key_param(d): KEY, "action": "services"})
    try:
        json.loads(text)
        parsed = True
    except ValueError:
        parsed = False
    check(st == 200 and not parsed, "--deviate services_invalid_json: not JSON (%r)" % text[:80])
    m.stop()

    # a --fuzz-report that cannot be written: said on stderr, exit 1 after SIGTERM
    m = mock("--quiet", "--fuzz", "1", "--fuzz-report", os.path.join(TMP, "no", "such", "f.json"))
    rc, err = m.stop()
    check(rc == 1 and "cannot write the --fuzz-report files" in err,
          "--fuzz-report into a missing directory: exit 1 with a message (%s, %r)" % (rc, err.strip()))

    # SIGINT, --quiet (no key lines, no request log), --log none, --log text
    for args, sig in [(["--quiet"], signal.SIGINT), (["--log", "text"], signal.SIGTERM),
                      (["--log", "none", "--seed", "9"], signal.SIGTERM)]:
        m = mock(*args)
        if "--quiet" in args:
            check(m.keys == {}, "--quiet: no key lines (%s)" % m.keys)
        else:
            k = m.keys["smm-objectid"][0]
            balance_of(m, "smm-objectid", k)
        m.proc.send_signal(sig)
        rc, err = m.stop()
        check(rc == 0, "%s %s: exit 0 (%s)" % (" ".join(args), sig.name, rc))
        if "text" in args:
            check("balance" in err, "--log text: a request line (%r)" % err[:200])
        else:
            check("balance" not in err, "%s: no request log (%r)" % (" ".join(args), err[:200]))
    # --key KEY with a '=' after a name no dialect could have: the key of every dialect
    m = mock("--log", "none", "--dialect", "dripfeedpanel", "--key", "NotAName=" + KEY)
    check(m.keys.get("dripfeedpanel", [None])[0] == "NotAName=" + KEY,
          "--key NotAName=KEY is one key for every dialect (%s)" % m.keys)
    m.stop()
    # the admin shutdown
    m = mock("--quiet")
    st, _ = m.admin("POST", "shutdown")
    try:
        rc = m.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        rc = None
    check(st == 200 and rc == 0, "POST /__panelmock/shutdown: exit 0 (%s, %s)" % (st, rc))
    m.stop()

    # --config good: its settings apply; the command line after it wins
    cfg = write("good.json", json.dumps({"seed": 7, "accounts": 1, "log": "none", "quiet": False,
                                         "dialects": {"dripfeedpanel": {"key": KEY, "balance": "12.5"}}}))
    m = mock("--config", cfg, "--accounts", "3")
    check(m.keys.get("dripfeedpanel", [None])[0] == KEY, "--config: a per-dialect key")
    check(len(m.keys.get("smm-objectid", [])) == 3, "--accounts after --config wins")
    bal = balance_of(m, "dripfeedpanel", KEY)
    check(bal is not None and float(bal) == 12.5, "--config: a per-dialect balance (%r)" % bal)
    m.stop()

    # --replay FILE.har: record a run through panelcheck, then serve it
    har = os.path.join(TMP, "rec.har")
    rc, _, err = run(PC, ["run", "--dialect", "dripfeedpanel", "--only", "services,balance",
                          "--record", har])
    check(rc == 0, "record a HAR for --replay: %d %s" % (rc, err.strip()[:200]))
    m = mock("--replay", har, "--quiet")
    st, text, _ = m.request("POST", m.url + "/dripfeedpanel/api/v2", "key=x&action=balance",
                            {"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 200 and find(json.loads(text or "null"), "balance") is not None,
          "--replay: the recorded balance answer (%d %r)" % (st, text[:80]))
    rc, _ = m.stop()
    check(rc == 0, "--replay: SIGTERM exits 0")


# ---------------------------------------------------------------------------- panelcheck

RUN_VALUE_OPTIONS = ["--url", "--key", "--key2", "--dialect", "--record", "--replay",
                     "--dialect-dir", "--report", "--spend-limit", "--only", "--timeout",
                     "--poll-interval", "--poll-timeout", "--deadline", "--mock-seed",
                     "--mock-deviate", "--mock-balance", "--mock-faults"]


def panelcheck_usage():
    closed = "http://127.0.0.1:%d/api/v2" % free_port()
    dfp = ["--dialect", "dripfeedpanel"]
    bal = os.path.join(SRC, "tests", "cases", "dripfeedpanel", "doc-balance", "body.json")
    har_empty = write("empty.har", '{"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": []}}')
    rows(PC, [
        ("no command", [], 2, "err", r"^usage: panelcheck run"),
        ("--help", ["--help"], 0, "out", r"^usage: panelcheck run"),
        ("-h", ["-h"], 0, "out", r"^usage: panelcheck run"),
        ("help", ["help"], 0, "out", r"panelcheck checks"),
        ("unknown command", ["frobnicate"], 2, "err", r"unknown command 'frobnicate'"),
        ("run --help", ["run", "--help"], 0, "out", r"^exit: 0 no check failed"),
        ("run -h", ["run", "-h"], 0, "out", r"--mock-faults SPEC"),
        ("run --version", ["run", "--version"], 0, "out", r"^panelcheck \d+\.\d+"),
        ("run unknown option", ["run", "--stirct"] + dfp, 2, "err", r"unknown option '--stirct'"),
        ("run unknown option lists the valid", ["run", "--stirct"], 2, "err", r"valid options: --url"),
        ("run no --dialect", ["run"], 2, "err", r"--dialect is required"),
        ("run bad --report format", ["run", "--report", "pdf:x"] + dfp, 2, "err", r"bad --report 'pdf:x'"),
        ("run --report without a path", ["run", "--report", "json:"] + dfp, 2, "err", r"bad --report 'json:'"),
        ("run --report without a colon", ["run", "--report", "json"] + dfp, 2, "err", r"bad --report"),
        ("run --spend-limit negative", ["run", "--spend-limit", "-1"] + dfp, 2, "err", r"bad --spend-limit '-1'"),
        ("run --spend-limit not money", ["run", "--spend-limit", "abc"] + dfp, 2, "err", r"bad --spend-limit"),
        ("run --only unknown action", ["run", "--only", "services,refund"] + dfp, 2, "err", r"unknown action 'refund' in --only"),
        ("run --timeout 0", ["run", "--timeout", "0"] + dfp, 2, "err", r"bad --timeout '0'"),
        ("run --timeout too long", ["run", "--timeout", "600001"] + dfp, 2, "err", r"bad --timeout"),
        ("run --timeout not a number", ["run", "--timeout", "5s"] + dfp, 2, "err", r"bad --timeout '5s'"),
        ("run --poll-interval negative", ["run", "--poll-interval", "-1"] + dfp, 2, "err", r"bad --poll-interval '-1'"),
        ("run --poll-timeout not a number", ["run", "--poll-timeout", "x"] + dfp, 2, "err", r"bad --poll-timeout 'x'"),
        ("run --deadline too long", ["run", "--deadline", "86400001"] + dfp, 2, "err", r"bad --deadline"),
        ("run --mock-seed negative", ["run", "--mock-seed", "-1"] + dfp, 2, "err", r"bad --mock-seed '-1'"),
        ("run --mock-seed not a number", ["run", "--mock-seed", "1x"] + dfp, 2, "err", r"bad --mock-seed"),
        ("run --mock-balance not money", ["run", "--mock-balance", "lots"] + dfp, 2, "err", r"bad --mock-balance 'lots'"),
        ("run --mock-balance negative", ["run", "--mock-balance", "-5"] + dfp, 2, "err", r"bad --mock-balance"),
        ("run --key2 equal to --key", ["run", "--url", closed, "--key", KEY, "--key2", KEY] + dfp, 2, "err", r"--key2 must be another account's key"),
        ("run --replay with all", ["run", "--replay", har_empty, "--dialect", "all"], 2, "err", r"--replay needs one --dialect NAME"),
        ("run --url without --key", ["run", "--url", closed] + dfp, 2, "err", r"--url needs --key"),
        ("run --url with --dialect all", ["run", "--url", closed, "--key", KEY, "--dialect", "all"], 2, "err", r"--dialect all runs the embedded mock"),
        ("run --url not http", ["run", "--url", "ftp://127.0.0.1/api", "--key", KEY] + dfp, 2, "err", r"--url must start with http"),
        ("run --url with --mock-deviate", ["run", "--url", closed, "--key", KEY, "--mock-deviate", "x"] + dfp, 2, "err", r"--mock-\* options need the embedded mock"),
        ("run --url with --mock-faults", ["run", "--url", closed, "--key", KEY, "--mock-faults", "reset=1"] + dfp, 2, "err", r"--mock-\* options need"),
        ("run unknown dialect", ["run", "--dialect", "nosuch"], 2, "err", r"unknown dialect 'nosuch'"),
        ("run --dialect-dir missing", ["run", "--dialect-dir", os.path.join(TMP, "nodir")] + dfp, 2, "err", r"panelcheck run: dialect "),
        ("run --replay missing", ["run", "--replay", os.path.join(TMP, "none.har")] + dfp, 2, "err", r"--replay .*none\.har"),
        ("run --replay without entries", ["run", "--replay", har_empty] + dfp, 2, "err", r"the recording has no entries"),
        ("run --mock-deviate unknown", ["run", "--mock-deviate", "no_such_deviation"] + dfp, 2, "err", r"embedded panelmock: .*no_such_deviation"),
        ("run --mock-faults unknown", ["run", "--mock-faults", "explode=1"] + dfp, 2, "err", r"embedded panelmock: .*explode"),
        ("parse --help", ["parse", "--help"], 0, "out", r"^usage: panelcheck parse"),
        ("parse --quantity not a number", ["parse", "--quantity", "x", "--dialect", "dripfeedpanel", "add", bal], 2, "err", r"--quantity needs a non-negative integer"),
        ("parse --quantity without value", ["parse", "--dialect", "dripfeedpanel", "add", bal, "--quantity"], 2, "err", r"unknown or incomplete option '--quantity'"),
        ("parse --dialect without value", ["parse", "--dialect"], 2, "err", r"unknown or incomplete option '--dialect'"),
        ("parse an extra argument", ["parse", "--dialect", "dripfeedpanel", "balance", bal, bal], 2, "err", r"unexpected argument"),
        ("parse no ACTION", ["parse", "--dialect", "dripfeedpanel"], 2, "err", r"--dialect and ACTION are required"),
        ("parse --dialect-dir missing", ["parse", "--dialect-dir", os.path.join(TMP, "nodir"), "--dialect", "dripfeedpanel", "balance", bal], 2, "err", r"panelcheck: dialect "),
        ("parse --multi", ["parse", "--multi", "--dialect", "dripfeedpanel", "status", write("multi.json", '{"1": {"status": "Completed", "charge": "1.0", "start_count": "3", "remains": "0", "currency": "USD"}}')], 0, "out", r'"diagnostics"'),
        ("parse --single --quantity", ["parse", "--single", "--quantity", "100", "--dialect-dir", DIALECT_DIR, "--dialect", "dripfeedpanel", "balance", bal], 0, "out", r'"balance"'),
        ("dialects bad argument", ["dialects", "--all"], 2, "err", r"usage: panelcheck dialects \[--dialect-dir DIR\]"),
        ("dialects --dialect-dir without value", ["dialects", "--dialect-dir"], 2, "err", r"usage: panelcheck dialects"),
        ("checks", ["checks"], 0, "out", r"^ID +SEVERITY +ACTION"),
        ("checks bad argument", ["checks", "--xml"], 2, "err", r"usage: panelcheck checks \[--json\]"),
        ("detect --help", ["detect", "--help"], 0, "out", r"^usage: panelcheck detect"),
        ("detect nothing", ["detect"], 2, "err", r"--url http\(s\)://\.\.\. is required"),
        ("detect option without value", ["detect", "--url"], 2, "err", r"--url needs a value"),
        ("detect unknown option", ["detect", "--colour", "red"], 2, "err", r"unknown option '--colour'"),
        ("detect bad --report", ["detect", "--report", "md:x"], 2, "err", r"bad --report 'md:x' \(want json:PATH\)"),
        ("detect bad --timeout", ["detect", "--timeout", "-3"], 2, "err", r"bad --timeout '-3'"),
        ("detect --url not http", ["detect", "--url", "ftp://127.0.0.1/", "--key", KEY], 2, "err", r"--url http\(s\)"),
        ("detect without a key", ["detect", "--url", closed], 2, "err", r"--key KEY \(or \$PANEL_KEY\) is required"),
        ("detect --dialect-dir missing", ["detect", "--url", closed, "--key", KEY, "--dialect-dir", os.path.join(TMP, "nodir")], 2, "err", r"panelcheck detect: dialect "),
        ("detect unreachable", ["detect", "--url", closed, "--key", KEY, "--timeout", "2000"], 3, "out", r"0 answered"),
        ("proxy --help", ["proxy", "--help"], 0, "out", r"^usage: panelcheck proxy"),
        ("proxy nothing", ["proxy"], 2, "err", r"--listen, --upstream http\(s\)://\.\.\. and --dialect are required"),
        ("proxy option without value", ["proxy", "--listen"], 2, "err", r"--listen needs a value"),
        ("proxy bad option", ["proxy", "--colour", "red"], 2, "err", r"bad option '--colour red'"),
        ("proxy --report not json", ["proxy", "--report", "md:x"], 2, "err", r"bad option '--report md:x'"),
        ("proxy bad --timeout", ["proxy", "--timeout", "0"], 2, "err", r"bad --timeout '0'"),
        ("proxy upstream not http", ["proxy", "--listen", "127.0.0.1:0", "--upstream", "ftp://x", "--dialect", "dripfeedpanel"], 2, "err", r"are required"),
        ("proxy unknown dialect", ["proxy", "--listen", "127.0.0.1:0", "--upstream", closed, "--dialect", "nosuch"], 2, "err", r"unknown dialect 'nosuch'"),
        ("proxy --dialect-dir missing", ["proxy", "--listen", "127.0.0.1:0", "--upstream", closed, "--dialect", "dripfeedpanel", "--dialect-dir", os.path.join(TMP, "nodir")], 2, "err", r"panelcheck proxy: dialect "),
        ("proxy bad --quirks", ["proxy", "--listen", "127.0.0.1:0", "--upstream", closed, "--dialect", "dripfeedpanel", "--quirks", "sparkle"], 2, "err", r"--quirks: "),
        ("proxy bad --listen", ["proxy", "--listen", "nohost", "--upstream", closed, "--dialect", "dripfeedpanel"], 2, "err", r"bad --listen 'nohost' \(want IPv4:PORT\)"),
    ])
    for o in RUN_VALUE_OPTIONS:
        rc, _, err = run(PC, ["run", o])
        check(rc == 2 and "%s needs a value" % o in err, "run %s without its value: %d %r" % (o, rc, err))
    for sub, opts in [("detect", ["--key", "--draft", "--record", "--dialect-dir", "--report", "--timeout"]),
                      ("proxy", ["--upstream", "--dialect", "--record", "--key", "--dialect-dir", "--quirks", "--report", "--timeout"])]:
        for o in opts:
            rc, _, err = run(PC, [sub, o])
            check(rc == 2 and "%s needs a value" % o in err, "%s %s without its value: %d %r" % (sub, o, rc, err))
    # the environment: $PANEL_KEY stands for --key, $PANEL_KEY2 for --key2
    rows(PC, [("run $PANEL_KEY", ["run", "--url", closed, "--timeout", "2000"] + dfp, 3, "out", r"could not be reached")],
         env={"PANEL_KEY": KEY})
    rows(PC, [("run $PANEL_KEY2 equal to the key", ["run", "--url", closed] + dfp, 2, "err", r"--key2 must be another")],
         env={"PANEL_KEY": KEY, "PANEL_KEY2": KEY})
    rows(PC, [("detect $PANEL_KEY", ["detect", "--url", closed, "--timeout", "2000"], 3, "out", r"0 answered")],
         env={"PANEL_KEY": KEY})

    # checks --json: valid JSON, one object per catalogue row
    rc, out, _ = run(PC, ["checks", "--json"])
    rc2, table, _ = run(PC, ["checks"])
    try:
        cat = json.loads(out)
    except ValueError as e:
        cat = None
        check(False, "checks --json is JSON: %s" % e)
    if cat is not None:
        keys = {"id", "severity", "action", "section", "description"}
        check(rc == 0 and isinstance(cat, list) and cat and all(set(c) == keys for c in cat),
              "checks --json: an array of {%s}" % ",".join(sorted(keys)))
        check(len(cat) == len(table.splitlines()) - 1, "checks --json: as many as the table")
        check(len({c["id"] for c in cat}) == len(cat), "checks --json: ids unique")
        print("ok   checks --json (%d checks)" % len(cat))

    # every run option accepted, against a separate panelmock and the embedded one
    m = mock("--log", "none", "--accounts", "2", "--key", "dripfeedpanel=" + KEY)
    k2 = m.keys["dripfeedpanel"][1]
    check(k2 != KEY, "panelmock --accounts 2: a second key")
    sep = os.path.join(TMP, "separate.json")
    rc, out, err = run(PC, ["run", "--url", m.url + "/dripfeedpanel/api/v2", "--key", KEY] +
                       ["--key2", k2] +
                       ["--allow-orders", "--spend-limit", "50", "--proxy", "--timeout", "5000",
                        "--poll-interval", "0", "--poll-timeout", "2000", "--deadline", "120", "-v",
                        "--no-color", "--dialect-dir", DIALECT_DIR, "--report", "json:" + sep] + dfp,
                       env={"http_proxy": "http://127.0.0.1:9"})
    iso = []
    if os.path.exists(sep):
        with open(sep, encoding="utf-8") as fh:
            iso = [c["status"] for c in json.load(fh)["checks"] if c["id"].startswith("isolation.")]
    check(rc == 0 and iso and set(iso) <= {"pass", "skip"} and "pass" in iso and KEY not in out + err,
          "run --url (separate panelmock) with every option: exit %d %s" % (rc, err.strip()[:200]))
    m.stop()
    har = os.path.join(TMP, "run.har")
    rc, out, err = run(PC, ["run", "--mock-seed", "3", "--mock-balance", "20", "--only",
                            "services,balance", "--strict", "--verbose", "--record", har] + dfp)
    check(rc == 0 and os.path.exists(har), "run embedded --mock-seed --mock-balance --only "
          "--strict --record: exit %d %s" % (rc, err.strip()[:200]))
    rc, out, err = run(PC, ["run", "--replay", har, "--only", "services,balance"] + dfp)
    check(rc == 0, "run --replay of that recording: exit %d %s" % (rc, err.strip()[:200]))


# ---------------------------------------------------------------------------- reports

SCHEMA = os.path.join(SRC, "docs", "report.schema.json")


def validate(base, want_failed, unreachable):
    """Validates base.{xml,json,html,md}, the four formats of one run."""
    import jsonschema
    with open(SCHEMA, encoding="utf-8") as fh:
        schema = json.load(fh)
    with open(base + ".json", encoding="utf-8") as fh:
        rep = json.load(fh)
    errs = sorted(jsonschema.Draft202012Validator(schema).iter_errors(rep), key=str)
    check(errs == [], "%s.json against report.schema.json: %s" % (base, errs[:1]))
    s = rep["summary"]
    if want_failed is not None:
        check((s["failed"] > 0) == want_failed, "%s.json: failed %d" % (base, s["failed"]))
    want_failed = s["failed"] > 0
    root = ET.parse(base + ".xml").getroot()
    check(root.tag == "testsuites" and int(root.get("failures")) == s["failed"] and
          int(root.get("tests")) == s["passed"] + s["failed"] + s["warned"] + s["skipped"],
          "%s.xml: JUnit counts agree with the JSON (%s)" % (base, root.attrib))
    cases = root.findall("./testsuite/testcase")
    check(len(cases) == int(root.get("tests")) and
          all(c.get("classname") and c.get("name") for c in cases) and
          len(root.findall("./testsuite/testcase/failure")) == s["failed"] and
          all(f.get("message") for f in root.findall("./testsuite/testcase/failure")) and
          sum(int(t.get("tests")) for t in root.findall("./testsuite")) == len(cases),
          "%s.xml: one named testcase per check, a failure with a message per failed one" % base)
    with open(base + ".md", encoding="utf-8") as fh:
        md = fh.read()
    head = md.splitlines()[0] if md else ""
    want = "## panelcheck ❌ conformance failures" if want_failed else "## panelcheck ✅ all checks passed"
    check(head == want, "%s.md header %r, want %r" % (base, head, want))
    check("%d passed, %d failed" % (s["passed"], s["failed"]) in md, "%s.md: the counts" % base)
    check(("(unreachable)" in md) == unreachable, "%s.md: unreachable marked iff so" % base)
    with open(base + ".html", encoding="utf-8") as fh:
        html = fh.read()
    check(html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>") and
          "<h1>panelcheck" in html, "%s.html: a whole page with its header" % base)
    badge = '<span class="badge b-bad">unreachable</span>'
    check((badge in html) == unreachable, "%s.html: the unreachable badge iff so" % base)
    check(">%d failed</span>" % s["failed"] in html, "%s.html: the failed badge" % base)
    for ext in ("json", "xml", "md", "html"):
        with open(base + "." + ext, encoding="utf-8") as fh:
            check(KEY not in fh.read(), "%s.%s: the key never appears" % (base, ext))
    if len(FAILS) == FAILS_BEFORE[0]:
        print("ok   reports of %s" % os.path.basename(base))


FAILS_BEFORE = [0]  # len(FAILS) when the run being validated started


def report_args(base):
    fmts = []
    for fmt, ext in (("junit", "xml"), ("json", "json"), ("html", "html"), ("md", "md")):
        fmts += ["--report", "%s:%s.%s" % (fmt, base, ext)]
    return fmts


def reports(name, args, want_rc, unreachable=None):
    base = os.path.join(TMP, name)
    FAILS_BEFORE[0] = len(FAILS)
    fmts = report_args(base)
    rc, out, err = run(PC, ["run", "--no-color"] + args + fmts)
    check(rc == want_rc, "%s: exit %d, want %d (%s)" % (name, rc, want_rc, err.strip()[:200]))
    check(KEY not in out + err, "%s: the key is not on the console" % name)
    if all(os.path.exists("%s.%s" % (base, e)) for e in ("xml", "json", "html", "md")):
        unreachable = want_rc == 3 if unreachable is None else unreachable
        validate(base, want_rc == 1 or unreachable, unreachable)
    else:
        check(False, "%s: all four reports written (%s)" % (name, os.listdir(TMP)))


def panelcheck_reports():
    reports("all-pass", ["--dialect", "dripfeedpanel"], 0)
    reports("all-pass-all", ["--dialect", "all", "--only", "services,balance,status"], 0)
    reports("red", ["--dialect", "dripfeedpanel", "--mock-deviate", "services_invalid_json"], 1)
    reports("red-faults", ["--dialect", "smm-objectid", "--only", "services,balance",
                           "--mock-deviate", "balance_no_currency", "--mock-faults", "latency=1ms"], 1)
    closed = "http://127.0.0.1:%d/api/v2" % free_port()
    reports("unreachable", ["--url", closed, "--key", KEY, "--dialect", "dripfeedpanel",
                            "--timeout", "2000"], 3)
    # a warning passes, and fails under --strict
    rc, _, _ = run(PC, ["run", "--dialect", "dripfeedpanel", "--only", "error", "--mock-deviate",
                        "error_wrong_message"])
    rc2, _, _ = run(PC, ["run", "--dialect", "dripfeedpanel", "--only", "error", "--mock-deviate",
                         "error_wrong_message", "--strict"])
    check(rc == 0 and rc2 == 1, "a warning: exit 0, with --strict exit 1 (%d, %d)" % (rc, rc2))
    # a slow separate panelmock: --deadline ends the run (exit 3), SIGINT/SIGTERM (130/143);
    # the reports are complete, valid and marked interrupted
    m = mock("--quiet", "--key", "dripfeedpanel=" + KEY, "--faults", "latency=200ms")
    url = m.url + "/dripfeedpanel/api/v2"
    slow = ["--url", url, "--key", KEY, "--dialect", "dripfeedpanel", "--poll-interval", "0"]
    reports("deadline", slow + ["--deadline", "1"], 3, unreachable=False)
    with open(os.path.join(TMP, "deadline.json"), encoding="utf-8") as fh:
        j = json.load(fh)
    check(j.get("interrupted") is True and j["summary"]["failed"] == 0,
          "--deadline: interrupted, and the request it cut short is no failure (%s)" % j["summary"])
    for sig, want in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        base = os.path.join(TMP, "signal-" + sig.name)
        FAILS_BEFORE[0] = len(FAILS)
        p = subprocess.Popen([PC, "run", "--no-color"] + slow + report_args(base), env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        first = p.stdout.readline()  # the first progress line: the run is under way
        p.send_signal(sig)
        try:
            out, _ = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            out, _ = p.communicate()
        check(first != b"" and p.returncode == want, "%s mid-run: exit %s, want %d" %
              (sig.name, p.returncode, want))
        if os.path.exists(base + ".json"):
            with open(base + ".json", encoding="utf-8") as fh:
                j = json.load(fh)
            check(j.get("interrupted") is True and j["summary"]["failed"] == 0,
                  "%s: the JSON report says interrupted, nothing failed (%s)" % (sig.name, j["summary"]))
            validate(base, None, False)
        else:
            check(False, "%s: the reports are written" % sig.name)
    m.stop()


# ---------------------------------------------------------------------------- write failures

def dev_full_ok():
    """1 while /dev/full is still the full device (a writer that renamed a file over it would
    have replaced it: as root, with a regular file)."""
    import stat
    try:
        return stat.S_ISCHR(os.stat("/dev/full").st_mode)
    except OSError:
        return False


def panelcheck_write():
    if not dev_full_ok():
        check(False, "/dev/full is not a character device on this machine")
        return
    # Writers other than run's --report get /dev/full through a link in TMP: a regression
    # that renames a temporary file over its path then replaces the link, never /dev/full.
    full = os.path.join(TMP, "full")
    os.symlink("/dev/full", full)
    dfp = ["run", "--no-color", "--dialect", "dripfeedpanel", "--only", "services,balance"]
    nospace = "No space left on device"
    # a full device: a clear error, exit 2, the other reports still written
    md = os.path.join(TMP, "full-ok.md")
    rc, out, err = run(PC, dfp + ["--report", "json:/dev/full", "--report", "md:" + md])
    check(rc == 2 and re.search(r"panelcheck run: writing /dev/full failed: " + nospace, err),
          "json:/dev/full: exit 2 with a message (%d, %r)" % (rc, err.strip()))
    check(os.path.exists(md) and open(md, encoding="utf-8").read().startswith("## panelcheck ✅"),
          "json:/dev/full: the Markdown report is still written")
    check("passed" in out, "json:/dev/full: the console summary is still printed")
    # a red run: the write failure is exit 2 too (3 and the signals take precedence)
    rc, out, err = run(PC, ["run", "--no-color", "--dialect", "dripfeedpanel", "--only",
                            "services", "--mock-deviate", "services_invalid_json",
                            "--report", "junit:/dev/full"])
    check(rc == 2 and "writing /dev/full failed" in err, "red run, junit:/dev/full: exit 2 (%d)" % rc)
    closed = "http://127.0.0.1:%d/api/v2" % free_port()
    rc, out, err = run(PC, ["run", "--url", closed, "--key", KEY, "--dialect", "dripfeedpanel",
                            "--timeout", "2000", "--report", "html:/dev/full"])
    check(rc == 3 and "writing /dev/full failed" in err,
          "unreachable, html:/dev/full: exit 3 kept, the failure said (%d, %r)" % (rc, err.strip()))
    # stdout on a full device
    with open("/dev/full", "wb") as fd:
        rc, _, err = run(PC, dfp + ["--report", "json:-"], stdout=fd)
    check(rc == 2 and ("writing - failed: " + nospace) in err,
          "json:- on a full stdout: exit 2 (%d, %r)" % (rc, err.strip()[-200:]))
    # a missing directory (two levels: only the last is made): exit 2 before any request
    deep = os.path.join(TMP, "no", "such", "r.json")
    har = os.path.join(TMP, "missing-dir.har")
    rc, out, err = run(PC, dfp + ["--report", "json:" + deep, "--record", har])
    check(rc == 2 and re.search(r"cannot write .*no/such/r\.json: No such file or directory", err),
          "a missing directory: exit 2 naming the path (%d, %r)" % (rc, err.strip()))
    check("passed" not in out and not os.path.exists(har), "a missing directory: nothing run")
    # one missing level is made
    one = os.path.join(TMP, "made", "r.md")
    rc, _, err = run(PC, dfp + ["--report", "md:" + one])
    check(rc == 0 and os.path.exists(one), "one missing directory level is made (%d %s)" % (rc, err.strip()))
    # a directory where the report should go
    d = os.path.join(TMP, "adir")
    os.mkdir(d)
    rc, _, err = run(PC, dfp + ["--report", "md:" + d])
    check(rc == 2 and ("writing %s failed: Is a directory" % d) in err,
          "a directory as the path: exit 2 (%d, %r)" % (rc, err.strip()))
    # --record: a full device, a missing directory
    rc, _, err = run(PC, dfp + ["--record", full])
    check(rc == 2 and ("writing %s failed" % full) in err and os.path.islink(full),
          "--record on a full device: exit 2, written in place (%d, %r)" % (rc, err.strip()))
    rc, _, err = run(PC, dfp + ["--record", os.path.join(TMP, "no", "such", "r.har")])
    check(rc == 2 and "writing" in err and "r.har failed" in err,
          "--record into a missing directory: exit 2 (%d, %r)" % (rc, err.strip()))
    # detect: a full device (report, draft), a missing directory, a full stdout
    m = mock("--quiet", "--key", "dripfeedpanel=" + KEY)
    url = m.url + "/dripfeedpanel/api/v2"
    rc, out, err = run(PC, ["detect", "--url", url, "--key", KEY, "--report",
                            "json:" + os.path.join(TMP, "no", "such", "d.json")])
    check(rc == 2 and "cannot write" in err, "detect, a missing directory: exit 2 (%d, %r)" % (rc, err.strip()))
    rc, out, err = run(PC, ["detect", "--url", url, "--key", KEY, "--report", "json:" + full])
    check(rc == 2 and ("writing %s failed" % full) in err and os.path.islink(full),
          "detect --report on a full device: exit 2, in place (%d, %r)" % (rc, err.strip()))
    rc, out, err = run(PC, ["detect", "--url", url, "--key", KEY, "--draft", full])
    check(rc == 2 and ("--draft: writing %s failed" % full) in err and os.path.islink(full),
          "detect --draft on a full device: exit 2, in place (%d, %r)" % (rc, err.strip()))
    with open("/dev/full", "wb") as fd:
        rc, _, err = run(PC, ["detect", "--url", url, "--key", KEY, "--report", "json:-"], stdout=fd)
    check(rc == 2 and "writing - failed" in err, "detect json:- on a full stdout: exit 2 (%d, %r)" % (rc, err.strip()))
    # proxy: its report and recording on a full device, written on SIGTERM: exit 2, said
    p = subprocess.Popen([PC, "proxy", "--listen", "127.0.0.1:0", "--upstream", url, "--dialect",
                          "dripfeedpanel", "--report", "json:" + full, "--record", full], env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline().decode(errors="replace")
    p.terminate()
    try:
        _, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    err = err.decode(errors="replace")
    check("proxy listening on http://127.0.0.1:" in first and p.returncode == 2 and
          err.count("writing %s failed" % full) == 2 and os.path.islink(full),
          "proxy --report/--record on a full device: exit 2, both said (%s, %r)" % (p.returncode, err.strip()))
    m.stop()
    # listings on a full stdout: said, never exit 0
    bal = os.path.join(SRC, "tests", "cases", "dripfeedpanel", "doc-balance", "body.json")
    for exe, args, want, msg in [
            (PC, ["checks", "--json"], 2, "panelcheck checks: cannot write to stdout"),
            (PC, ["checks"], 2, "panelcheck checks: cannot write to stdout"),
            (PC, ["dialects"], 2, "panelcheck dialects: cannot write to stdout"),
            (PC, ["parse", "--dialect", "dripfeedpanel", "balance", bal], 2, "cannot write to stdout"),
            (PM, ["--list-deviations"], 1, "panelmock: cannot write to stdout"),
            (PM, ["--list-faults"], 1, "panelmock: cannot write to stdout"),
            (PM, ["--list-quirks"], 1, "panelmock: cannot write to stdout"),
            (PM, ["--help"], 1, "panelmock: cannot write to stdout"),
            (PM, ["--version"], 1, "panelmock: cannot write to stdout")]:
        with open("/dev/full", "wb") as fd:
            rc, _, err = run(exe, args, stdout=fd)
        check(rc == want and msg in err, "%s %s > /dev/full: exit %d (want %d), %r" %
              (os.path.basename(exe), " ".join(args), rc, want, err.strip()))
    # no temporary file is left behind, and /dev/full is still the device
    left = [f for f in os.listdir(TMP) if ".tmp." in f]
    check(left == [], "no temporary file left behind: %s" % left)
    check(dev_full_ok(), "/dev/full is still a character device")


GROUPS = {"panelmock-usage": panelmock_usage, "panelmock-serve": panelmock_serve,
          "panelcheck-usage": panelcheck_usage, "panelcheck-reports": panelcheck_reports,
          "panelcheck-write": panelcheck_write}
try:
    GROUPS[GROUP]()
finally:
    for m in MOCKS:
        if m.proc.poll() is None:
            m.proc.kill()
            m.proc.wait(timeout=10)
    subprocess.run(["rm", "-rf", TMP], check=False)
finish("cli/" + GROUP)
