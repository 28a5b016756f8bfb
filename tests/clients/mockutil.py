"""Helpers for the panelmock client tests: start panelmock as a separate process on a free
loopback port, talk to it the way third-party clients do (urllib, no proxy), read dialects.
Python 3 standard library only; every wait is bounded."""
import json
import os
import re
import select
import subprocess
import sys
import time
import urllib.error
import urllib.request

DIALECTS = {}
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
FAILS = []


def check(cond, what):
    """Records a failed expectation (the test goes on, the exit code says it)."""
    if not cond:
        FAILS.append(what)
        print("FAIL " + what, flush=True)
    return cond


def finish(name):
    """Prints the verdict and exits 1 when any expectation failed."""
    if FAILS:
        print("%s: %d failure(s)" % (name, len(FAILS)))
        sys.exit(1)
    print("%s: ok" % name)
    sys.exit(0)


def dialects(src):
    """The dialect files as {name: parsed JSON}."""
    out = {}
    d = os.path.join(src, "dialects")
    for f in sorted(os.listdir(d)):
        if f.endswith(".json") and not f.endswith(".schema.json"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                j = json.load(fh)
            if isinstance(j, dict) and "panelkit_dialect" in j:
                out[j["name"]] = j
    DIALECTS.update(out)
    return out


class Mock:
    """A panelmock process: url, keys {dialect: [key per account]}, paths, stderr lines."""

    def __init__(self, exe, *args, timeout=15):
        self.proc = subprocess.Popen([exe, "--listen", "127.0.0.1:0"] + list(args),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.keys, self.paths, self.also = {}, {}, {}
        self.url = None
        self.stdout_lines = []
        deadline = time.time() + timeout
        buf = b""
        while time.time() < deadline:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if r:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                buf += chunk
                if self._parse(buf):
                    break
            elif self.proc.poll() is not None:
                break
        if not self.url:
            err = self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None else ""
            self.stop()
            raise RuntimeError("panelmock did not start: " + err)

    def _parse(self, buf):
        lines = buf.decode(errors="replace").split("\n")
        complete = lines[:-1]
        self.stdout_lines = complete
        for ln in complete:
            m = re.match(r"panelmock: listening on (\S+)$", ln)
            if m:
                self.url = m.group(1)
            m = re.match(r"panelmock: (\S+) (?:account (\d+) )?at (\S+) key (\S+)$", ln)
            if m:
                self.keys.setdefault(m.group(1), []).append(m.group(4))
                self.paths[m.group(1)] = m.group(3)
            m = re.match(r"panelmock: (\S+) also at (\S+)$", ln)
            if m:
                self.also[m.group(1)] = m.group(2)
        # the key lines follow the listening line at once; a short quiet gap ends them
        if self.url:
            r, _, _ = select.select([self.proc.stdout], [], [], 0.3)
            if r:
                return False
            return True
        return False

    def request(self, method, path_or_url, body=None, headers=None, timeout=10):
        """Sends one request; returns (status, body text, headers)."""
        url = path_or_url if path_or_url.startswith("http") else self.url + path_or_url
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with OPENER.open(req, timeout=timeout) as r:
                return r.status, r.read().decode(errors="replace"), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace"), dict(e.headers)

    def path(self, dialect):
        """A dialect's endpoint: as announced, else /NAME<base_path> from the dialect file."""
        if dialect not in self.paths:
            d = DIALECTS[dialect]
            self.paths[dialect] = self.url + "/" + dialect + d["base_path"]["value"]
        return self.paths[dialect]

    def form(self, dialect, params, query=None):
        """POSTs params form-encoded to a dialect's endpoint (query: extra query string)."""
        url = self.path(dialect) + ("?" + query if query else "")
        return self.request("POST", url, urllib.parse.urlencode(params),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def admin(self, method, ep):
        st, body, _ = self.request(method, "/__panelmock/" + ep)
        try:
            return st, json.loads(body)
        except ValueError:
            return st, body

    def stop(self, sig=None):
        """Stops the process (SIGTERM) and returns (exit code, stderr text)."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate(timeout=10)
        return self.proc.returncode, err.decode(errors="replace")


def multipart(params, boundary="------------------------d74496d66958873e"):
    """A multipart/form-data body as PHP's curl sends it for an array of fields."""
    out = []
    for k, v in params.items():
        out.append("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                   % (boundary, k, v))
    out.append("--%s--\r\n" % boundary)
    return "".join(out), "multipart/form-data; boundary=%s" % boundary


def find(j, name):
    """The first value of member name anywhere in j (depth first), or None."""
    if isinstance(j, dict):
        if name in j:
            return j[name]
        for v in j.values():
            r = find(v, name)
            if r is not None:
                return r
    elif isinstance(j, list):
        for v in j:
            r = find(v, name)
            if r is not None:
                return r
    return None


def simple_service(d):
    """A catalogue service whose type needs only link and quantity: (id, min, max, type)."""
    types = {t["name"].lower(): t for t in d["service_types"]}
    for s in d["catalogue"]["services"]:
        t = types.get(str(s.get("type", "Default")).lower())
        if t and set(t.get("required", [])) <= {"link", "quantity"} and \
                t.get("quantity", "param") == "param" and not t.get("add_refused"):
            return str(s["service"]), int(s["min"]), int(s["max"]), t
    return None


def action(d, act, multi=False):
    a = d["actions"].get(act, {})
    if multi and a.get("multi_name"):
        return a["multi_name"]
    return a.get("name")


def key_param(d):
    return d["key"].get("param", "key")


_REQ = [0]


def idem(d, params):
    """Adds a fresh idempotency value to add params when d declares one (as its clients do)."""
    ip = (d.get("idempotency") or {}).get("param")
    if ip and ip not in params:
        _REQ[0] += 1
        params[ip] = "req-%d" % _REQ[0]
    return params


def reads_multipart(d):
    """1 when d reads multipart bodies: declared, or no encodings list (read as forms)."""
    enc = (d.get("transport") or {}).get("encodings")
    return enc is None or "multipart" in enc
