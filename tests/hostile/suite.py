#!/usr/bin/env python3
"""The hostile-peers suite: attacks panelcheck (with provider.py) and panelmock (with
client.py) from loopback, and checks the bound each attack must hold.

    suite.py [--build DIR] [--only NAME,...] [--list] [--table]

Each attack runs the program under test fresh, measures (wall time with time.monotonic, peak
RSS from wait4 or /proc/PID/status, exit code, answers), and compares with its bound. An
attack named in known_failures.txt whose bound does not hold yet is reported KNOWN instead of
FAIL (the fix belongs to another change); one that holds is PASS (and should leave the list).
Exit 0 when nothing FAILs. Every program is killed by its deadline; nothing leaves 127.0.0.1.
"""
import argparse
import html
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import client  # noqa: E402

DIALECT = "panel-v2"
TIMEOUT_MS = 1000  # panelcheck --timeout in every attack
# panelcheck's bounds in these attacks (the ASan+UBSan build; a plain run of the same dialect
# takes about 0.2 s and 25 MB):
FAST_S = 5.0  # a run against a provider that answers at once, however badly
STALL_S = 8.0  # a run against one that stops answering or drips: a run deadline of a few
# --timeout, not one --timeout per request
RSS_MB = 160  # peak RSS: the 8 MiB response cap plus its parse, with the sanitizers' overhead
HEALTH_MS = 100.0  # the mock's health answer during an attack


def rand_key(n):
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(n))


MOCK_KEY = secrets.token_hex(16)  # the mock's dialect wants 32 lower-case hex digits
# The key panelcheck sends to a hostile provider: long, random, with bytes that percent-encode.
LONG_KEY = "Kx+/=&%" + rand_key(12) + "~Zq." + rand_key(12)
SHORT_KEYS = ["x", "127", "api", "services"]

ATTACKS = {}


def attack(name, target, bound):
    def reg(fn):
        ATTACKS[name] = (target, bound, fn)
        return fn
    return reg


class Ctx:
    def __init__(self, build, tmp):
        self.build = build
        self.tmp = tmp
        self.panelmock = os.path.join(build, "mocks", "panelmock")
        self.panelcheck = os.path.join(build, "harness", "panelcheck")


CTX = None


# ---------------------------------------------------------------- processes

def wait_line(path, proc, seconds=15.0):
    """The first line a child writes to path, waiting up to seconds."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with open(path, "rb") as f:
            data = f.read()
        if b"\n" in data:
            return data.split(b"\n", 1)[0].decode("latin-1").strip()
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    raise RuntimeError("no first line from %s" % path)


# ASan keeps freed memory in a quarantine (256 MB by default) and seldom hands it back, so a
# peak or idle RSS measured under it is the sanitizer's, not the program's. Measured processes
# run with a small quarantine and prompt release; every other check of the sanitizers stays.
ASAN_RSS = "quarantine_size_mb=16:allocator_release_to_os_interval_ms=50"


def clean_env(extra=None):
    """The environment for a program under test: no proxy variables (unless extra sets
    them), ASAN_RSS appended to ASAN_OPTIONS."""
    env = dict(os.environ)
    for k in list(env):
        if k.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
            del env[k]
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":" + ASAN_RSS).lstrip(":")
    for k, v in (extra or {}).items():
        env[k] = (env[k] + ":" + v) if k == "ASAN_OPTIONS" else v
    return env


class Mock:
    """A panelmock on 127.0.0.1:0 with its output in files."""

    def __init__(self, env=None, key=MOCK_KEY, nofile=None):
        self.out = tempfile.mktemp(dir=CTX.tmp, suffix=".mock.out")
        self.err = self.out.replace(".out", ".err")
        self.key = key
        with open(self.out, "wb") as o, open(self.err, "wb") as e:
            self.p = subprocess.Popen([CTX.panelmock, "--listen", "127.0.0.1:0", "--dialect",
                                       DIALECT, "--key", key], stdout=o, stderr=e,
                                      env=clean_env(env), preexec_fn=(lambda: resource.setrlimit(
                                          resource.RLIMIT_NOFILE, (nofile, nofile)))
                                      if nofile else None)
        line = wait_line(self.out, self.p)
        self.url = line.rsplit(" ", 1)[-1]
        self.endpoint = self.url + "/" + DIALECT + "/api/v2"
        assert urllib.parse.urlsplit(self.url).hostname == "127.0.0.1"

    def rss_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for ln in f:
                if ln.startswith("VmRSS:"):
                    return int(ln.split()[1])
        return 0

    def alive(self):
        return self.p.poll() is None

    def journal(self):
        with urllib.request.urlopen(self.url + "/__panelmock/journal", timeout=5) as r:
            return r.read().decode("latin-1")

    def stop(self):
        """Stops the mock (SIGTERM, then SIGKILL after 10 s); returns (exit code, output)."""
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        with open(self.out, "rb") as o, open(self.err, "rb") as e:
            out = o.read().decode("latin-1")
            err = e.read().decode("latin-1")
        # The banner names the key each dialect accepts (a documented contract); the rest of
        # the output must not.
        out = "\n".join(ln for ln in out.splitlines()
                        if not re.match(r"panelmock: \S+ at \S+ key ", ln))
        return self.p.returncode, out + "\n" + err


class Provider:
    def __init__(self, mode, upstream=""):
        self.out = tempfile.mktemp(dir=CTX.tmp, suffix=".prov.out")
        with open(self.out, "wb") as o:
            self.p = subprocess.Popen([sys.executable, os.path.join(HERE, "provider.py"),
                                       "--mode", mode, "--port", "0", "--upstream", upstream,
                                       "--max-seconds", "40"], stdout=o, stderr=subprocess.STDOUT,
                                      env=clean_env())
        self.url = wait_line(self.out, self.p)

    def stop(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()
        with open(self.out, "rb") as o:
            return o.read().decode("latin-1")


def run_panelcheck(url, key, env=None, kill_after=20.0, extra=()):
    """Runs panelcheck run against url; returns a dict with rc, wall, rss_mb and texts."""
    d = tempfile.mkdtemp(dir=CTX.tmp)
    reports = {f: os.path.join(d, "report." + f) for f in ("json", "junit", "md", "html")}
    args = [CTX.panelcheck, "run", "--url", url, "--key", key, "--dialect", DIALECT,
            "--timeout", str(TIMEOUT_MS), "--no-color"]
    for f, p in reports.items():
        args += ["--report", "%s:%s" % (f, p)]
    args += list(extra)
    out, err = os.path.join(d, "stdout"), os.path.join(d, "stderr")
    t0 = time.monotonic()
    with open(out, "wb") as o, open(err, "wb") as e:
        p = subprocess.Popen(args, stdout=o, stderr=e, env=clean_env(env))
    killed = False
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - t0 > kill_after:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            killed = True
            break
        time.sleep(0.01)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    texts = {}
    for name, path in [("stdout", out), ("stderr", err)] + list(reports.items()):
        if os.path.exists(path):
            with open(path, "rb") as f:
                texts[name] = f.read().decode("utf-8", "replace")
    return {"rc": "killed" if killed else p.returncode, "wall": wall,
            "rss_mb": ru.ru_maxrss / 1024.0, "texts": texts}


# ---------------------------------------------------------------- key leaks

def key_forms(key):
    """Every spelling of key an output could carry: raw, percent-encoded (both ways, either
    case), JSON-, HTML- and XML-escaped; for a long key also every 12-byte piece (a key cut by
    truncation still leaks)."""
    forms = {key, urllib.parse.quote(key, safe=""), urllib.parse.quote_plus(key),
             json.dumps(key)[1:-1], html.escape(key), html.escape(key, quote=False)}
    forms |= {f.lower() for f in forms if "%" in f}
    if len(key) >= 24:
        for f in list(forms):
            forms |= {f[i:i + 12] for i in range(len(f) - 11)}
    return forms


def short_key_forms(key):
    """For a short key (x, 127, api, services) that outputs also hold as ordinary words: the
    key in a key position."""
    k = re.escape(key)
    return [r"key=%s(?![\w%%])" % k, r"key%%3D%s(?!\w)" % k, r'"key"\s*:\s*"%s"' % k,
            r"key: %s(?!\w)" % k]


def leaks(texts, key):
    """Where key appears in texts (a dict name -> text); empty when nowhere."""
    found = []
    if len(key) < 16:
        for name, t in texts.items():
            for pat in short_key_forms(key):
                if re.search(pat, t, re.I):
                    found.append(name)
        return sorted(set(found))
    forms = key_forms(key)
    for name, t in texts.items():
        if any(f in t for f in forms):
            found.append(name)
    return found


def reports_valid(texts):
    """Which written reports do not parse (JSON, JUnit XML)."""
    bad = []
    try:
        json.loads(texts.get("json", ""))
    except ValueError:
        bad.append("json")
    try:
        ET.fromstring(texts.get("junit", ""))
    except ET.ParseError:
        bad.append("junit")
    return bad


# ---------------------------------------------------------------- panelcheck attacks

def judge_pc(r, codes, wall, msg=None, key=None, rss=RSS_MB, extra_ok=True, extra_note=""):
    """Compares a panelcheck run with its bound; returns (ok, measured)."""
    notes = []
    ok = extra_ok
    if r["rc"] not in codes:
        ok = False
    if r["wall"] > wall:
        ok = False
    if r["rss_mb"] > rss:
        ok = False
    if "Sanitizer" in r["texts"].get("stderr", ""):
        ok = False
        notes.append("sanitizer report")
    if msg and not re.search(msg, r["texts"].get("stdout", "") + r["texts"].get("stderr", ""),
                             re.I):
        ok = False
        notes.append("no message /%s/" % msg)
    if r["rc"] != "killed" and r["rc"] not in (2,):
        bad = reports_valid(r["texts"])
        if bad:
            ok = False
            notes.append("invalid report %s" % ",".join(bad))
    if key is not None:
        where = leaks(r["texts"], key)
        if where:
            ok = False
            notes.append("KEY in " + ",".join(where))
        else:
            notes.append("key absent")
    if extra_note:
        notes.append(extra_note)
    measured = "%s, %.1f s, %.0f MB" % ("killed at its deadline" if r["rc"] == "killed" else
                                        "exit %s" % r["rc"], r["wall"], r["rss_mb"])
    return ok, measured + ("; " + "; ".join(notes) if notes else "")


def against(mode, codes, wall, msg=None, key=LONG_KEY, upstream=False, env=None, events=None):
    """Runs panelcheck against provider mode; checks the bound and that no listed EVENT
    (e.g. a followed redirect) was printed by the provider."""
    mock = Mock() if upstream else None
    prov = Provider(mode, mock.endpoint if mock else "")
    try:
        r = run_panelcheck(prov.url, MOCK_KEY if upstream else key, env=env,
                           kill_after=wall + 4)
    finally:
        pout = prov.stop()
        if mock:
            mock.stop()
    bad_events = [e for e in (events or []) if ("EVENT " + e) in pout]
    return judge_pc(r, codes, wall, msg, MOCK_KEY if upstream else key,
                    extra_ok=not bad_events,
                    extra_note=("EVENT " + ",".join(bad_events)) if bad_events else "")


FAIL_CODES = (1, 3)  # a check failed, or the endpoint could not be reached

for _mode, _bound_msg in [("body_endless_cl", "too large"), ("body_endless_close", "too large"),
                          ("body_endless_chunked", "too large"), ("body_huge_cl", "too large"),
                          ("gzip_bomb", "too large"), ("deflate_bomb", "too large")]:
    def _fn(m=_mode, msg=_bound_msg):
        return against(m, FAIL_CODES, FAST_S, msg)
    attack("pc/" + _mode, "panelcheck",
           "exit 1 or 3, <= %.0f s, <= %d MB, says \"%s\", key absent" % (FAST_S, RSS_MB, _bound_msg)
           )(_fn)

for _mode in ["drip_status", "drip_headers", "drip_body"]:
    def _fn(m=_mode):
        return against(m, FAIL_CODES, STALL_S, "tim(e|ed) ?out")
    attack("pc/" + _mode, "panelcheck",
           "exit 1 or 3, <= %.0f s (run deadline), says \"timeout\"" % STALL_S)(_fn)


@attack("pc/silence_after_first", "panelcheck",
        "exit 3, <= %.0f s (run deadline, not 31 x --timeout)" % STALL_S)
def a_silence():
    return against("silence_after_first", (3,), STALL_S, upstream=True)


@attack("pc/death_mid_run", "panelcheck", "exit 3, <= %.0f s, key absent" % STALL_S)
def a_death():
    return against("death_mid_run", (3,), STALL_S, upstream=True)


for _mode in ["json_deep", "json_wide", "json_tiny_entries"]:
    def _fn(m=_mode):
        return against(m, (1,), FAST_S)
    attack("pc/" + _mode, "panelcheck",
           "exit 1, <= %.0f s, <= %d MB (bounded diagnostics)" % (FAST_S, RSS_MB))(_fn)

for _mode in ["redirect_port", "redirect_name", "redirect_loop"]:
    def _fn(m=_mode):
        return against(m, (1,), FAST_S, events=["redirect_followed"])
    attack("pc/" + _mode, "panelcheck", "exit 1, <= %.0f s, never followed" % FAST_S)(_fn)

for _mode in ["status_broken", "header_flood", "nul_bytes", "non_utf8"]:
    def _fn(m=_mode):
        return against(m, FAIL_CODES, FAST_S)
    attack("pc/" + _mode, "panelcheck",
           "exit 1 or 3, <= %.0f s, <= %d MB, reports valid JSON/XML" % (FAST_S, RSS_MB))(_fn)

for _mode in ["echo_raw", "echo_pct", "echo_error_entry", "echo_header"]:
    def _fn(m=_mode):
        return against(m, (1,), FAST_S)
    attack("pc/" + _mode, "panelcheck",
           "exit 1, key absent from output and reports (raw, %-encoded, any 12-byte piece)"
           )(_fn)


@attack("pc/short_keys", "panelcheck",
        "keys x, 127, api, services echoed back: never in a key position of any output")
def a_short_keys():
    oks, notes = True, []
    for k in SHORT_KEYS:
        for mode in ("echo_raw", "echo_error_entry"):
            prov = Provider(mode)
            try:
                r = run_panelcheck(prov.url, k, kill_after=FAST_S + 4)
            finally:
                prov.stop()
            ok, m = judge_pc(r, (1,), FAST_S, key=k)
            oks &= ok
            if not ok:
                notes.append("%s/%s: %s" % (k, mode, m))
    return oks, "; ".join(notes) if notes else "8 runs, key absent in each"


class ProxyTrap:
    """A loopback listener standing in for an HTTP proxy: records whatever reaches it."""

    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.s.bind(("127.0.0.1", 0))
        self.s.listen(16)
        self.s.settimeout(0.2)
        self.url = "http://127.0.0.1:%d" % self.s.getsockname()[1]
        self.got = b""
        self.conns = 0
        self.stop = False
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        end = time.monotonic() + 60
        while not self.stop and time.monotonic() < end:
            try:
                c, _ = self.s.accept()
            except socket.timeout:
                continue
            self.conns += 1
            c.settimeout(1.0)
            try:
                self.got += c.recv(65536)
                c.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
            c.close()

    def close(self):
        self.stop = True
        self.t.join(2)
        self.s.close()


@attack("pc/proxy_env", "panelcheck",
        "http_proxy/https_proxy/ALL_PROXY set: a loopback URL never goes to the proxy")
def a_proxy():
    trap = ProxyTrap()
    mock = Mock()
    try:
        env = {"http_proxy": trap.url, "HTTP_PROXY": trap.url, "https_proxy": trap.url,
               "ALL_PROXY": trap.url, "all_proxy": trap.url}
        r = run_panelcheck(mock.endpoint, MOCK_KEY, env=env, kill_after=FAST_S + 4)
    finally:
        mock.stop()
        trap.close()
    ok, m = judge_pc(r, (0, 1), FAST_S, key=MOCK_KEY)
    got_key = any(f.encode() in trap.got for f in key_forms(MOCK_KEY))
    return (ok and trap.conns == 0,
            m + "; proxy saw %d connections%s" % (trap.conns, ", the KEY" if got_key else ""))


@attack("pc/url_userinfo", "panelcheck",
        "--url http://user:SECRET@host/...: SECRET in no output or report")
def a_userinfo():
    mock = Mock()
    secret = "Pw" + rand_key(30)
    try:
        u = urllib.parse.urlsplit(mock.endpoint)
        url = "http://user:%s@127.0.0.1:%d%s" % (secret, u.port, u.path)
        r = run_panelcheck(url, MOCK_KEY, kill_after=FAST_S + 4)
    finally:
        mock.stop()
    ok, m = judge_pc(r, (0, 1, 2), FAST_S, key=MOCK_KEY)
    where = leaks(r["texts"], secret)
    return ok and not where, m + ("; SECRET in " + ",".join(where) if where else "; secret absent")


# ---------------------------------------------------------------- panelmock attacks

def judge_mock(mock, ok, measured, probe=True):
    """Adds the common mock bounds: a health answer after the attack within HEALTH_MS, alive,
    clean exit on SIGTERM, no sanitizer report, the key in no output."""
    notes = [measured]
    if probe:
        ms = client.health(mock.url)
        if ms is None or ms > HEALTH_MS:
            ok = False
        notes.append("health after %s" % ("none" if ms is None else "%.0f ms" % ms))
    try:
        j = mock.journal()
    except OSError:
        j = ""
    rc, out = mock.stop()
    if rc != 0:
        ok = False
        notes.append("exit %s" % rc)
    if "Sanitizer" in out:
        ok = False
        notes.append("sanitizer report")
    where = leaks({"journal": j, "output": out}, mock.key)
    if where:
        ok = False
        notes.append("KEY in " + ",".join(where))
    return ok, "; ".join(notes)


def mock_attack(name, bound, env=None, nofile=None):
    """Registers fn(mock) -> (ok, measured) as a mock attack with the common bounds; the mock
    runs with env added and, when nofile is given, that descriptor limit."""
    def reg(fn):
        def run():
            m = Mock(env=env, nofile=nofile)
            try:
                ok, measured = fn(m)
            except Exception:
                m.stop()
                raise
            return judge_mock(m, ok, measured)
        ATTACKS["mock/" + name] = ("panelmock", bound, run)
        return fn
    return reg


HDR_MS = 1000  # the header deadline the slowloris attacks set (PANELMOCK_HEADER_TIMEOUT_MS)


@mock_attack("slowloris_1000", "1,000 connections from one address dripping headers: health "
             "<= %.0f ms during, all closed by the header deadline" % HEALTH_MS,
             env={"PANELMOCK_HEADER_TIMEOUT_MS": str(HDR_MS)})
def a_slowloris(m):
    r = client.slowloris(m.url, n=1000, srcs=("127.0.0.2",), seconds=2.5)
    ok = (r["answered"] == r["probes"] and r["max_ms"] is not None and r["max_ms"] <= HEALTH_MS
          and r["closed_by_server"] == r["opened"])
    return ok, "%d open, health max %.0f ms (%d/%d), %d closed by the server" % (
        r["opened"], r["max_ms"] or -1, r["answered"], r["probes"], r["closed_by_server"])


@mock_attack("slowloris_fd1024", "the mock at ulimit -n 1024, 1,000 dripping connections from 4 "
             "addresses: health <= %.0f ms during, all closed" % HEALTH_MS,
             env={"PANELMOCK_HEADER_TIMEOUT_MS": str(HDR_MS)}, nofile=1024)
def a_slowloris_fd1024(m):
    r = client.slowloris(m.url, n=1000, srcs=("127.0.0.2", "127.0.0.3", "127.0.0.4",
                                              "127.0.0.5"), seconds=2.5)
    ok = (r["answered"] == r["probes"] and r["max_ms"] is not None and r["max_ms"] <= HEALTH_MS
          and r["closed_by_server"] == r["opened"])
    return ok, "%d open, health max %.0f ms (%d/%d), %d closed by the server" % (
        r["opened"], r["max_ms"] or -1, r["answered"], r["probes"], r["closed_by_server"])


REQ_MS = 1000  # the request deadline the slow-body attack sets (PANELMOCK_REQUEST_TIMEOUT_MS)


@mock_attack("slow_body", "headers at once, then the body one byte each 0.1 s: closed by the "
             "request deadline (1 s) <= 1.5 s", env={"PANELMOCK_REQUEST_TIMEOUT_MS": str(REQ_MS)})
def a_slow_body(m):
    s = client.connect(m.url)
    t0 = time.monotonic()
    s.sendall(b"POST /%s/api/v2 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
              b"urlencoded\r\nContent-Length: 1000\r\n\r\n" % DIALECT.encode())
    closed_at, sent = None, 0
    s.settimeout(0.1)
    while time.monotonic() - t0 < 5.0 and sent < 1000:
        try:
            s.send(b"a")
            sent += 1
            if s.recv(4096) == b"":
                closed_at = time.monotonic() - t0
                break
        except socket.timeout:
            continue
        except OSError:
            closed_at = time.monotonic() - t0
            break
    s.close()
    ok = closed_at is not None and closed_at <= 1.5
    return ok, "closed after %s, %d body bytes sent" % (
        "%.2f s" % closed_at if closed_at is not None else "never (5 s)", sent)


def fd_room():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 17000 and hard >= 17000:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 20000), hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@mock_attack("slowloris_16500", "16,500 connections from 16 addresses dripping headers, past the "
             "mock's 16,384-connection limit (where the fd limit allows): health <= %.0f ms "
             "during" % HEALTH_MS,
             env={"PANELMOCK_HEADER_TIMEOUT_MS": "5000"})
def a_slowloris_16k(m):
    if fd_room() < 17000:
        return True, "skipped: RLIMIT_NOFILE %d < 17000" % fd_room()
    srcs = tuple("127.0.1.%d" % i for i in range(1, 17))
    r = client.slowloris(m.url, n=16500, srcs=srcs, seconds=3.0, probes=5)
    ok = r["answered"] == r["probes"] and r["max_ms"] is not None and r["max_ms"] <= HEALTH_MS
    return ok, "%d open, health max %.0f ms (%d/%d)" % (
        r["opened"], r["max_ms"] or -1, r["answered"], r["probes"])


@mock_attack("huge_headers", "1 MB header line, 100,000 headers: 4xx answer <= 2 s")
def a_huge_headers(m):
    notes, ok = [], True
    for name, raw in [("1MB line", b"GET /__panelmock/health HTTP/1.1\r\nX-Big: " + b"a" * (1 << 20)
                       + b"\r\n\r\n"),
                      ("100k headers", b"GET /__panelmock/health HTTP/1.1\r\n" +
                       b"X-A: b\r\n" * 100000 + b"\r\n")]:
        st, end, ms, _ = client.exchange(m.url, raw, seconds=2.0)
        good = bool(st) and 400 <= st[0] < 500 and ms <= 2000
        ok &= good
        notes.append("%s: %s in %.0f ms" % (name, st[0] if st else end, ms))
    return ok, ", ".join(notes)


@mock_attack("endless_chunked", "endless chunked body: 413, connection closed <= 1 s, "
             "<= 16 MB taken")
def a_chunked(m):
    r = client.endless_chunked(m.url, m.endpoint, seconds=5.0)
    ok = r["ended"] != "budget" and r["seconds"] <= 1.0 and r["sent"] <= 16 << 20
    return ok, "closed after %.1f MB in %.2f s, answer %s" % (
        r["sent"] / 1e6, r["seconds"], r["statuses"] or r["read_end"])


@mock_attack("endless_length", "Content-Length 10^12: 413 before any body byte is read")
def a_endless_len(m):
    raw = (b"POST /%s/api/v2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n"
           % DIALECT.encode())
    st, end, ms, _ = client.exchange(m.url, raw, seconds=2.0)
    return st[:1] == [413] and ms < 1000, "%s in %.0f ms" % (st or end, ms)


@mock_attack("pipelining", "100 pipelined requests: 100 answers in order <= 2 s")
def a_pipe(m):
    r = client.pipelining(m.url, m.endpoint, MOCK_KEY, n=100)
    return r["ok"] == 100 and r["ms"] <= 2000, "%d/%d answered 200 in %.0f ms" % (
        r["ok"], r["sent"], r["ms"])


@mock_attack("smuggling", "Content-Length with chunked, two lengths: 400, the smuggled "
             "request never answered")
def a_smuggle(m):
    r = client.smuggling(m.url, m.endpoint, MOCK_KEY)
    ok = all(v["statuses"] == [400] and not v["journal_answered"] for v in r.values())
    return ok, ", ".join("%s: %s" % (k, v["statuses"]) for k, v in r.items())


@mock_attack("invalid_http", "12 malformed requests: each answered 4xx/5xx or closed (header "
             "deadline 1 s) <= 2 s, none left hanging", env={"PANELMOCK_HEADER_TIMEOUT_MS": "1000"})
def a_invalid(m):
    r = client.invalid_http(m.url)
    hung = [i for i, x in enumerate(r) if not x["statuses"] and x["end"] not in ("eof", "reset")]
    answered = sum(1 for x in r if x["statuses"])
    slow = max(x["ms"] for x in r)
    return not hung and slow <= 2000, "%d answered, %d closed silently, %d hung, worst %.0f ms" % (
        answered, len(r) - answered - len(hung), len(hung), slow)


@mock_attack("random_bytes", "100 connections of 4 KB random bytes: answered or closed <= 2 s")
def a_random(m):
    r = client.random_bytes(m.url, n=100)
    return r["hung"] == 0 and r["worst_ms"] <= 2000, "%d answered, %d closed, %d hung, " \
        "worst %.0f ms" % (r["answered"], r["closed"], r["hung"], r["worst_ms"])


@mock_attack("connections_10000", "10,000 concurrent connections: all answered")
def a_many(m):
    r = client.many_connections(m.url, n=10000)
    return r["answered"] == 10000, "%d/%d answered in %.1f s" % (
        r["answered"], r["opened"], r["seconds"])


@mock_attack("memory_after_10000", "idle RSS after a 10,000-connection round <= 2x start-up",
             env={"ASAN_OPTIONS": "quarantine_size_mb=0:allocator_release_to_os_interval_ms=50"})
def a_memory(m):
    time.sleep(0.3)
    start = m.rss_kb()
    r = client.many_connections(m.url, n=10000)
    peak = m.rss_kb()
    time.sleep(1.0)
    idle = m.rss_kb()
    return idle <= 2 * start and r["answered"] == 10000, \
        "RSS %.1f MB at start, %.1f MB after the round, %.1f MB idle 1 s later (%.2fx)" % (
            start / 1024, peak / 1024, idle / 1024, idle / start)


def api(m, body, ctype="application/x-www-form-urlencoded", query=""):
    return client.exchange(m.url, client.post(m.endpoint, body, ctype, query), seconds=3.0)


@mock_attack("params_10000", "10,000 parameters in the body and in the query: 413/414 with a "
             "message <= 1 s")
def a_params(m):
    notes, ok = [], True
    body = b"&".join(b"p%d=1" % i for i in range(10000))
    tiny = b"&".join([b"a"] * 10000)
    query = "?" + "&".join("q%d=1" % i for i in range(10000))
    for name, (st, end, ms, data) in [("body 10k", api(m, body)), ("body 10k tiny", api(m, tiny)),
                                      ("query 10k", api(m, b"key=x", query=query)),
                                      ("query 700", api(m, b"key=x", query=query[:query.index(
                                          "&q700=")]))]:
        good = bool(st) and st[0] in (413, 414) and b'"error"' in data and ms <= 1000
        ok &= good
        notes.append("%s: %s %.0f ms" % (name, st[0] if st else end, ms))
    return ok, ", ".join(notes)


def ids_status(m, ids):
    return api(m, b"key=%s&action=status&orders=%s" % (MOCK_KEY.encode(), ids))


@mock_attack("ids_huge", "a 60,000-digit order id: refused, never cut and echoed")
def a_ids_huge(m):
    big = b"9" * 60000
    st, end, ms, data = api(m, b"key=%s&action=status&order=%s" % (MOCK_KEY.encode(), big))
    st2, _, _, data2 = ids_status(m, big + b",1")
    body = data + data2
    cut = re.search(rb"9{20,59999}(?!9)", body)
    ok = bool(st) and bool(st2) and not cut
    return ok, "single %s, multi %s%s" % (st[:1] or end, st2[:1],
                                          ", echoed cut to %d digits" % len(cut.group(0))
                                          if cut else "")


@mock_attack("ids_list_10000", "10,000 distinct ids in one status request: too_many_ids")
def a_ids_list(m):
    st, end, ms, data = ids_status(m, b",".join(b"%d" % i for i in range(1, 10001)))
    ok = st[:1] == [400] and b"Too many IDs" in data
    return ok, "%s %s in %.0f ms" % (st[:1] or end,
                                     data.split(b"\r\n\r\n", 1)[-1][:40].decode("latin-1"), ms)


@mock_attack("ids_duplicate", "5,000 copies of one id: the 100-id cap counts ids sent "
             "(too_many_ids)")
def a_ids_dup(m):
    st, end, ms, data = ids_status(m, b",".join([b"1"] * 5000))
    ok = st[:1] == [400] and b"Too many IDs" in data
    return ok, "%s %s" % (st[:1] or end, data.split(b"\r\n\r\n", 1)[-1][:60].decode("latin-1"))


@mock_attack("deep_json_body", "60,000-deep JSON body (JSON and form content types): 4xx <= 1 s")
def a_deep_json(m):
    notes, ok = [], True
    for ct in ("application/json", "application/x-www-form-urlencoded"):
        st, end, ms, _ = api(m, b"[" * 60000, ctype=ct)
        ok &= bool(st) and 400 <= st[0] < 500 and ms <= 1000
        notes.append("%s: %s %.0f ms" % (ct.split("/")[1][:4], st[:1] or end, ms))
    return ok, ", ".join(notes)


ADMIN = ["/__panelmock/journal?limit=99999999999999999999&action=%00",
         "/__panelmock/state?" + "x" * 8000,
         "/__panelmock/../../etc/passwd", "/__panelmock/%2e%2e/state", "/__panelmock/",
         "/__panelmock/journal?" + "&".join(["action=add"] * 300)]
ADMIN_POST = ["/__panelmock/advance?steps=-1", "/__panelmock/advance?steps=99999999999999999999",
              "/__panelmock/advance?steps=1000", "/__panelmock/faults?spec=" + "latency=9999999ms," * 50,
              "/__panelmock/quirks?spec=%ff%fe", "/__panelmock/deviate?names=" + "x" * 4000,
              "/__panelmock/webhook?url=file:///etc/passwd",
              "/__panelmock/webhook?url=gopher://127.0.0.1:1/",
              "/__panelmock/reset?x=1&x=2"]


@mock_attack("admin_hostile", "15 hostile admin queries: each answered 4xx or 2xx (no 5xx) <= 1 s, "
             "the API answered after")
def a_admin(m):
    worst, codes = 0.0, []
    for path in ADMIN:
        st, end, ms, _ = client.exchange(
            m.url, b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path.encode(), 2.0)
        worst = max(worst, ms)
        codes.append(st[0] if st else end)
    for path in ADMIN_POST:
        st, end, ms, _ = client.exchange(
            m.url, b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            % path.encode(), 2.0)
        worst = max(worst, ms)
        codes.append(st[0] if st else end)
    # the request after the hostile settings must still be answered promptly
    st, end, ms, _ = client.exchange(m.url, client.post(
        m.endpoint, b"key=%s&action=balance" % MOCK_KEY.encode()), 3.0)
    ok = all(isinstance(c, int) and c < 500 for c in codes) and worst <= 1000 and bool(st)
    return ok, "answers %s, worst %.0f ms; then balance %s" % (
        ",".join(str(c) for c in codes), worst, st[:1] or end)


@mock_attack("key_in_every_param", "the key sent as KEY=, api_key=, in link=, as an order id, "
             "in a JSON token: in no journal entry or output")
def a_key_params(m):
    k = MOCK_KEY.encode()
    bodies = [b"KEY=%s&action=balance" % k, b"api_key=%s&action=balance" % k,
              b"key=%s&action=add&service=1&quantity=100&link=https://x.test/%s" % (k, k),
              b"key=%s&action=status&order=%s" % (k, k), b"key=%s&action=status&orders=%s,1" % (k, k),
              b"key=%s&action=%s" % (k, k), b"key=ffffffffffffffffffffffffffffffff&%s=1" % k]
    codes = []
    for b in bodies:
        st, end, _, _ = api(m, b)
        codes.append(st[0] if st else end)
    st, end, _, _ = api(m, json.dumps({"key": MOCK_KEY, "action": "balance", "token": MOCK_KEY})
                        .encode(), ctype="application/json")
    codes.append(st[0] if st else end)
    return True, "answers %s" % ",".join(str(c) for c in codes)


@mock_attack("repeated_key", "key=wrong&key=REAL and action=a&action=b refused (one rule: "
             "dialects/README.md)")
def a_repeated(m):
    k = MOCK_KEY.encode()
    out = []
    for b in [b"key=ffffffffffffffffffffffffffffffff&key=%s&action=balance" % k,
              b"key=%s&key=ffffffffffffffffffffffffffffffff&action=balance" % k,
              b"key=%s&action=services&action=balance" % k]:
        st, end, _, data = api(m, b)
        out.append((st[0] if st else end, b'"balance"' in data))
    same = api(m, b"key=%s&key=%s&action=balance" % (k, k))
    ok = all(isinstance(c, int) and c >= 400 and not bal for c, bal in out) and \
        same[0][:1] == [200]
    return ok, "conflicting: %s; same key twice: %s" % (",".join(str(c) for c, _ in out),
                                                       same[0][:1])


# ---------------------------------------------------------------- driver

def known_failures():
    path = os.path.join(HERE, "known_failures.txt")
    out = {}
    if os.path.exists(path):
        with open(path) as f:
            for ln in f:
                ln = ln.strip()
                if ln and not ln.startswith("#"):
                    name, _, why = ln.partition("#")
                    out[name.strip()] = why.strip()
    return out


def main():
    global CTX
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build-check"))
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--table", action="store_true", help="print a Markdown table")
    a = ap.parse_args()
    if a.list:
        print("\n".join(ATTACKS))
        return 0
    names = [n for n in a.only.split(",") if n] or list(ATTACKS)
    unknown = [n for n in names if n not in ATTACKS]
    if unknown:
        print("suite.py: no attack %s" % ", ".join(unknown), file=sys.stderr)
        return 2
    known = known_failures()
    tmp = tempfile.mkdtemp(prefix="panelkit-hostile-")
    CTX = Ctx(os.path.abspath(a.build), tmp)
    failed = 0
    if a.table:
        print("| attack | target | bound | measured | result |")
        print("|---|---|---|---|---|")
    try:
        for n in names:
            target, bound, fn = ATTACKS[n]
            t0 = time.monotonic()
            try:
                ok, measured = fn()
            except Exception as e:  # an attack that cannot run is a failure, not a pass
                ok, measured = False, "error: %r" % (e,)
            took = time.monotonic() - t0
            if ok:
                result = "PASS" + (" (listed in known_failures.txt: remove it)" if n in known
                                   else "")
            elif n in known:
                result = "KNOWN (%s)" % known[n]
            else:
                result = "FAIL"
                failed += 1
            if a.table:
                cells = [c.replace("|", "/") for c in (n, target, bound, measured, result)]
                print("| %s |" % " | ".join(cells), flush=True)
            else:
                print("%-28s %s  [%.1f s]\n    bound:    %s\n    measured: %s" % (
                    n, result, took, bound, measured), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
