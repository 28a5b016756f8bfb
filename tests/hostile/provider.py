#!/usr/bin/env python3
"""A hostile SMM-panel provider for panelcheck: one misbehaviour per --mode.

    provider.py --mode NAME --port 0 [--upstream URL] [--max-seconds S]

Binds 127.0.0.1 only and prints its endpoint URL (http://127.0.0.1:PORT/api/v2) as the first
line of stdout. Every loop is bounded: the process exits after --max-seconds, accepts at most
MAX_CONNS connections, and no connection sends more than STREAM_CAP bytes or lives longer than
CONN_SECONDS. Modes that need a good answer forward the request to --upstream (a panelmock
endpoint, also on loopback). Events the suite checks (a redirect followed, a proxy used) are
printed as lines "EVENT name detail" on stdout.
"""
import argparse
import http.client
import os
import socket
import threading
import time
import urllib.parse
import zlib

MAX_CONNS = 400
STREAM_CAP = 256 << 20  # bytes one connection may send at most
CONN_SECONDS = 20.0  # a connection's lifetime at most
REQ_CAP = 1 << 20  # request bytes read at most
CHUNK = 64 << 10

MODES = {}


def mode(name):
    def reg(fn):
        MODES[name] = fn
        return fn
    return reg


class Conn:
    """One accepted connection with its deadline and byte budget."""

    def __init__(self, sock, srv):
        self.s = sock
        self.srv = srv
        self.deadline = time.monotonic() + CONN_SECONDS
        self.sent = 0

    def alive(self):
        return time.monotonic() < self.deadline and self.sent < STREAM_CAP and not self.srv.stop

    def send(self, data):
        if not self.alive():
            return False
        try:
            self.s.sendall(data)
        except OSError:
            return False
        self.sent += len(data)
        return True

    def read_request(self):
        """Reads one request (headers and a Content-Length body); None on EOF or timeout."""
        buf = b""
        self.s.settimeout(5.0)
        try:
            while b"\r\n\r\n" not in buf and len(buf) < REQ_CAP:
                d = self.s.recv(CHUNK)
                if not d:
                    return None
                buf += d
            head, _, body = buf.partition(b"\r\n\r\n")
            lines = head.split(b"\r\n")
            hdrs = {}
            for ln in lines[1:]:
                k, _, v = ln.partition(b":")
                hdrs[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
            n = min(int(hdrs.get("content-length", "0") or 0), REQ_CAP)
            while len(body) < n:
                d = self.s.recv(CHUNK)
                if not d:
                    break
                body += d
        except (OSError, ValueError):
            return None
        parts = lines[0].split(b" ")
        path = parts[1].decode("latin-1") if len(parts) > 1 else "/"
        return {"line": lines[0], "path": path, "headers": hdrs, "body": body[:n]}

    def hold(self, seconds):
        """Keeps the connection open and silent (reading and dropping) up to seconds."""
        end = min(time.monotonic() + seconds, self.deadline)
        self.s.settimeout(0.2)
        while time.monotonic() < end and not self.srv.stop:
            try:
                if not self.s.recv(CHUNK):
                    return
            except socket.timeout:
                continue
            except OSError:
                return


def response(status, body, ctype="application/json", extra=b"", length=True):
    head = b"HTTP/1.1 %d X\r\nContent-Type: %s\r\n" % (status, ctype.encode())
    if length:
        head += b"Content-Length: %d\r\n" % len(body)
    return head + extra + b"Connection: close\r\n\r\n" + body


def forward(srv, req):
    """The upstream's answer to req as (status, body, content type)."""
    u = urllib.parse.urlsplit(srv.upstream)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
    try:
        c.request("POST", u.path, body=req["body"],
                  headers={"Content-Type": req["headers"].get("content-type",
                                                             "application/x-www-form-urlencoded")})
        r = c.getresponse()
        return r.status, r.read(), r.getheader("Content-Type", "application/json")
    finally:
        c.close()


def good(conn, req):
    st, body, ct = forward(conn.srv, req)
    conn.send(response(st, body, ct))


def stream(conn, head, piece):
    """Sends head, then piece again and again until the connection's budget ends."""
    if not conn.send(head):
        return
    while conn.send(piece):
        pass


@mode("good")
def m_good(conn, req):
    good(conn, req)


@mode("body_endless_cl")
def m_endless_cl(conn, req):
    stream(conn, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
           b"Content-Length: 1000000000000\r\n\r\n[", b"0," * (CHUNK // 2))


@mode("body_endless_close")
def m_endless_close(conn, req):
    stream(conn, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[",
           b"0," * (CHUNK // 2))


@mode("body_endless_chunked")
def m_endless_chunked(conn, req):
    piece = b"0," * (CHUNK // 2)
    stream(conn, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n", b"%x\r\n%s\r\n" % (len(piece), piece))


@mode("body_huge_cl")
def m_huge_cl(conn, req):
    n = 64 << 20  # an honest length, 8 times panelcheck's cap
    piece = b" " * CHUNK
    if not conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % n):
        return
    for _ in range(n // CHUNK):
        if not conn.send(piece):
            return


def bomb(kind):
    """A compressed body of 256 MiB of spaces, 32 times panelcheck's cap (built once; about
    250 KB)."""
    key = "bomb_" + kind
    if key not in BOMBS:
        with BOMB_LOCK:
            if key not in BOMBS:
                if kind == "gzip":
                    co = zlib.compressobj(9, zlib.DEFLATED, 31)
                else:
                    co = zlib.compressobj(9, zlib.DEFLATED, 15)
                block = b" " * (1 << 20)
                out = [co.compress(b"[")]
                for _ in range(256):
                    out.append(co.compress(block))
                out.append(co.compress(b"]") + co.flush())
                BOMBS[key] = b"".join(out)
    return BOMBS[key]


BOMBS = {}
BOMB_LOCK = threading.Lock()


@mode("gzip_bomb")
def m_gzip(conn, req):
    conn.send(response(200, bomb("gzip"), extra=b"Content-Encoding: gzip\r\n"))


@mode("deflate_bomb")
def m_deflate(conn, req):
    conn.send(response(200, bomb("deflate"), extra=b"Content-Encoding: deflate\r\n"))


def drip(conn, data, pause=0.25):
    for i in range(len(data)):
        if not conn.send(data[i:i + 1]):
            return
        time.sleep(pause)


@mode("drip_status")
def m_drip_status(conn, req):
    drip(conn, response(200, b'{"balance":"1.00","currency":"USD"}'))


@mode("drip_headers")
def m_drip_headers(conn, req):
    full = response(200, b'{"balance":"1.00","currency":"USD"}')
    conn.send(b"HTTP/1.1 200 OK\r\n")
    drip(conn, full[len(b"HTTP/1.1 200 X\r\n"):])


@mode("drip_body")
def m_drip_body(conn, req):
    body = b'{"balance":"1.00","currency":"USD"}' + b" " * 200
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
              % len(body))
    drip(conn, body)


@mode("silence_after_first")
def m_silence(conn, req):
    with conn.srv.lock:
        conn.srv.answered += 1
        first = conn.srv.answered == 1
    if first:
        good(conn, req)
    else:
        conn.hold(CONN_SECONDS)


@mode("death_mid_run")
def m_death(conn, req):
    with conn.srv.lock:
        conn.srv.answered += 1
        n = conn.srv.answered
    if n <= 3:
        good(conn, req)
    else:
        print("EVENT died after 3 answers", flush=True)
        os._exit(0)


@mode("json_deep")
def m_deep(conn, req):
    conn.send(response(200, b"[" * 1000000))


@mode("json_wide")
def m_wide(conn, req):
    conn.send(response(200, b"[" + b"0," * 999999 + b"0]"))


@mode("json_tiny_entries")
def m_tiny(conn, req):
    conn.send(response(200, b"[" + b"{}," * 999999 + b"{}]"))


def other_listener(srv):
    """A second loopback listener that reports any connection (a followed redirect)."""
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    ls.settimeout(0.2)

    def run():
        while not srv.stop:
            try:
                c, _ = ls.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            c.settimeout(1)
            try:
                data = c.recv(CHUNK)
            except OSError:
                data = b""
            print("EVENT redirect_followed %r" % data[:80], flush=True)
            c.close()
    threading.Thread(target=run, daemon=True).start()
    return ls.getsockname()[1]


@mode("redirect_port")
def m_redir_port(conn, req):
    port = conn.srv.other_port()
    conn.send(response(307, b"{}", extra=b"Location: http://127.0.0.1:%d/api/v2\r\n" % port))


@mode("redirect_name")
def m_redir_name(conn, req):
    port = conn.srv.other_port()
    conn.send(response(308, b"{}", extra=b"Location: http://localhost:%d/api/v2\r\n" % port))


@mode("redirect_loop")
def m_redir_loop(conn, req):
    conn.send(response(302, b"{}", extra=b"Location: %s\r\n" % req["path"].encode()))


BROKEN = [b"HTTP/1.1 2OO OK\r\n", b"HTTP/9.9 200 OK\r\n", b"HTTP/1.1\r\n", b"200 OK\r\n",
          b"HTTP/1.1 99999999999999999999 OK\r\n", b"HTTP/1.1 -200 OK\r\n",
          b"\x00\x01\x02\x03\r\n", b"HTTP/1.1 200 OK\n\n{}", b"ICY 200 OK\r\n", b"\r\n\r\n"]


@mode("status_broken")
def m_broken(conn, req):
    with conn.srv.lock:
        conn.srv.answered += 1
        line = BROKEN[conn.srv.answered % len(BROKEN)]
    conn.send(line + b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")


@mode("header_flood")
def m_flood(conn, req):
    if not conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"):
        return
    flood = b"".join(b"X-Flood-%d: %s\r\n" % (i, b"v" * 40) for i in range(1000))
    for _ in range(400):  # 400,000 header lines, about 22 MB
        if not conn.send(flood):
            return
    conn.send(b"Content-Length: 2\r\n\r\n{}")


@mode("nul_bytes")
def m_nul(conn, req):
    body = b'{"balance":"1.0\x000","currency":"US\x00D","error":"a\x00b"\x00}'
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\x00\r\nX-Nul: a\x00b\r\n"
              b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


@mode("non_utf8")
def m_utf8(conn, req):
    body = b'{"balance":"1.00","currency":"\xff\xfe","error":"\xc0\xaf\xed\xa0\x80\x80"}'
    conn.send(b"HTTP/1.1 200 \xff\xfe\r\nContent-Type: application/json; charset=\xff\r\n"
              b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def decoded(req):
    return urllib.parse.unquote_plus(req["body"].decode("latin-1"))


def json_str(s):
    import json
    return json.dumps(s).encode()


@mode("echo_raw")
def m_echo_raw(conn, req):
    conn.send(response(200, b'{"error":' + json_str("bad request: " + decoded(req)) + b"}"))


@mode("echo_pct")
def m_echo_pct(conn, req):
    conn.send(response(400, b"bad request: " + req["body"], ctype="text/plain"))


@mode("echo_error_entry")
def m_echo_entry(conn, req):
    key = urllib.parse.parse_qs(req["body"].decode("latin-1")).get("key", [""])[0]
    e = json_str("Incorrect API key " + key)
    conn.send(response(200, b'{"1":{"error":%s},"2":{"error":%s},"error":%s}' % (e, e, e)))


@mode("echo_header")
def m_echo_header(conn, req):
    raw = req["body"].replace(b"\r", b"").replace(b"\n", b"")[:4000]
    key = urllib.parse.parse_qs(req["body"].decode("latin-1")).get("key", [""])[0]
    conn.send(response(401, b'{"error":"Invalid API key"}',
                       extra=b"X-Echo: " + raw + b"\r\nWWW-Authenticate: Bearer " +
                       key.encode("latin-1", "replace") + b"\r\n"))


class Server:
    def __init__(self, mode_name, upstream):
        self.fn = MODES[mode_name]
        self.upstream = upstream
        self.stop = False
        self.lock = threading.Lock()
        self.answered = 0
        self._other = None

    def other_port(self):
        with self.lock:
            if self._other is None:
                self._other = other_listener(self)
            return self._other

    def handle(self, sock):
        conn = Conn(sock, self)
        try:
            req = conn.read_request()
            if req is not None:
                self.fn(conn, req)
        except Exception as e:  # a bug in a mode must not hang the run
            print("EVENT mode_error %r" % (e,), flush=True)
        finally:
            try:
                sock.close()
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", required=True, choices=sorted(MODES))
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--upstream", default="")
    ap.add_argument("--max-seconds", type=float, default=60.0)
    a = ap.parse_args()
    srv = Server(a.mode, a.upstream)
    if a.mode.startswith(("gzip", "deflate")):
        bomb("gzip" if a.mode.startswith("gzip") else "deflate")
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", a.port))
    ls.listen(64)
    ls.settimeout(0.2)
    print("http://127.0.0.1:%d/api/v2" % ls.getsockname()[1], flush=True)
    end = time.monotonic() + a.max_seconds
    accepted = 0
    while time.monotonic() < end and accepted < MAX_CONNS:
        try:
            c, _ = ls.accept()
        except socket.timeout:
            continue
        accepted += 1
        threading.Thread(target=srv.handle, args=(c,), daemon=True).start()
    srv.stop = True
    ls.close()
    time.sleep(0.3)


if __name__ == "__main__":
    main()
