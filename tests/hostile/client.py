#!/usr/bin/env python3
"""A hostile client for panelmock (Python standard library sockets, loopback only).

    client.py --attack NAME --url http://127.0.0.1:PORT [--endpoint PATH] [--key KEY]

Each attack returns a dict of what it measured (times with time.monotonic, counts, the
answers' status codes); the suite (suite.py) compares them with the bounds. Every loop is
bounded in count and time. Attack traffic may come from other loopback addresses
(127.0.0.2 ...) so that a per-address limit can be told from a global one; the health probe
always comes from 127.0.0.1.
"""
import argparse
import json
import os
import random
import re
import selectors
import socket
import time
import urllib.parse

HEALTH = b"GET /__panelmock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def hostport(url):
    u = urllib.parse.urlsplit(url)
    return u.hostname, u.port


def connect(url, src="127.0.0.1", timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(hostport(url))
    return s


def read_all(s, seconds=2.0, cap=4 << 20):
    """Reads until EOF, cap bytes or seconds; returns (bytes, how it ended)."""
    end = time.monotonic() + seconds
    buf = b""
    while len(buf) < cap:
        left = end - time.monotonic()
        if left <= 0:
            return buf, "timeout"
        s.settimeout(left)
        try:
            d = s.recv(65536)
        except socket.timeout:
            return buf, "timeout"
        except OSError:
            return buf, "reset"
        if not d:
            return buf, "eof"
        buf += d
    return buf, "cap"


def statuses(data):
    return [int(m) for m in re.findall(rb"HTTP/1\.[01] (\d{3})", data)]


def health(url, timeout=2.0):
    """Latency of GET /__panelmock/health in ms, or None when it is not answered 200."""
    t0 = time.monotonic()
    try:
        s = connect(url, timeout=timeout)
        s.sendall(HEALTH)
        data, _ = read_all(s, timeout)
        s.close()
    except OSError:
        return None
    ms = (time.monotonic() - t0) * 1000
    return ms if statuses(data)[:1] == [200] else None


def exchange(url, raw, seconds=2.0, src="127.0.0.1"):
    """Sends raw bytes on one connection and reads the answer: (statuses, end, ms, bytes)."""
    t0 = time.monotonic()
    try:
        s = connect(url, src=src)
        s.sendall(raw)
        data, end = read_all(s, seconds)
        s.close()
    except OSError as e:
        return [], "error %s" % e.__class__.__name__, (time.monotonic() - t0) * 1000, b""
    return statuses(data), end, (time.monotonic() - t0) * 1000, data


def post(endpoint, body, ctype="application/x-www-form-urlencoded", query=""):
    path = urllib.parse.urlsplit(endpoint).path + query
    return (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
            b"Connection: close\r\n\r\n" % (path.encode(), ctype.encode(), len(body)) + body)


def open_many(url, n, srcs, send=b"", seconds=10.0):
    """Opens n connections spread over the source addresses srcs (non-blocking, bounded)."""
    socks = []
    end = time.monotonic() + seconds
    for i in range(n):
        if time.monotonic() > end:
            break
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((srcs[i % len(srcs)], 0))
            s.connect_ex(hostport(url))
        except OSError:
            s.close()
            break
        socks.append(s)
    if send:
        time.sleep(0.2)
        for s in socks:
            try:
                s.send(send)
            except OSError:
                pass
    return socks


def close_all(socks):
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


def slowloris(url, n=1000, srcs=("127.0.0.2",), seconds=2.5, probes=10):
    """n connections dripping one header byte each 0.5 s; health probed meanwhile; then how
    many of them the server has closed by the end (a header deadline closes them)."""
    socks = open_many(url, n, list(srcs), send=b"GET /__panelmock/health HTTP/1.1\r\n")
    t_open = time.monotonic()
    lat = []
    end = t_open + seconds
    k = 0
    while time.monotonic() < end and k < 1000:
        k += 1
        for s in socks:
            try:
                s.send(b"X")
            except OSError:
                pass
        if len(lat) < probes:
            lat.append(health(url, timeout=2.0))
        time.sleep(0.5)
    sel = selectors.DefaultSelector()
    for s in socks:
        try:
            sel.register(s, selectors.EVENT_READ)
        except (ValueError, OSError):
            pass
    closed = 0
    for key, _ in sel.select(timeout=0.5):
        try:
            if not key.fileobj.recv(4096):
                closed += 1
            else:
                closed += 1  # answered (and closed) instead of waiting
        except OSError:
            closed += 1
    sel.close()
    opened = len(socks)
    close_all(socks)
    ok = [x for x in lat if x is not None]
    return {"opened": opened, "probes": len(lat), "answered": len(ok),
            "max_ms": max(ok) if ok else None, "closed_by_server": closed,
            "after_ms": health(url)}


def many_connections(url, n=10000, srcs=("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"),
                     seconds=20.0):
    """n concurrent connections, each sending a health request once connected; counts the
    answers (200) within seconds."""
    t0 = time.monotonic()
    end = t0 + seconds
    sel = selectors.DefaultSelector()
    socks = open_many(url, n, list(srcs), seconds=seconds / 2)
    state = {}
    for s in socks:
        state[s] = b""
        sel.register(s, selectors.EVENT_WRITE)
    answered = failed = 0
    while state and time.monotonic() < end:
        for key, ev in sel.select(timeout=0.2):
            s = key.fileobj
            if ev & selectors.EVENT_WRITE:
                try:
                    s.send(HEALTH)
                    sel.modify(s, selectors.EVENT_READ)
                except OSError:
                    failed += 1
                    sel.unregister(s)
                    del state[s]
                continue
            try:
                d = s.recv(4096)
            except OSError:
                d = b""
            if d:
                state[s] += d
                if b"\r\n\r\n" not in state[s]:
                    continue
                answered += state[s].startswith(b"HTTP/1.1 200 ")
            else:
                failed += 1
            sel.unregister(s)
            del state[s]
    sel.close()
    close_all(socks)
    return {"opened": len(socks), "answered": answered, "failed": failed,
            "unanswered": len(state), "seconds": round(time.monotonic() - t0, 2)}


def endless_chunked(url, endpoint, seconds=5.0, cap=512 << 20):
    """An endless chunked body; how much the server took before it answered or closed."""
    path = urllib.parse.urlsplit(endpoint).path
    s = connect(url)
    s.settimeout(0.5)
    t0 = time.monotonic()
    sent = 0
    piece = b"a" * 65536
    chunk = b"%x\r\n%s\r\n" % (len(piece), piece)
    ended = "budget"
    try:
        s.sendall(b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
                  b"urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n" % path.encode())
        while sent < cap and time.monotonic() - t0 < seconds:
            s.sendall(chunk)
            sent += len(chunk)
    except socket.timeout:
        ended = "stalled"
    except OSError:
        ended = "closed"
    t_end = time.monotonic()
    data, how = read_all(s, 1.0)
    s.close()
    return {"sent": sent, "ended": ended, "seconds": round(t_end - t0, 2),
            "statuses": statuses(data), "read_end": how}


def pipelining(url, endpoint, key, n=100):
    path = urllib.parse.urlsplit(endpoint).path.encode()
    body = b"key=%s&action=balance" % key.encode()
    one = (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
           b"Content-Length: %d\r\n\r\n%s" % (path, len(body), body))
    raw = one * (n - 1) + HEALTH
    st, end, ms, _ = exchange(url, raw, seconds=5.0)
    return {"sent": n, "answers": len(st), "ok": st.count(200), "ms": round(ms, 1), "end": end}


def smuggling(url, endpoint, key):
    """Content-Length with chunked, and two different lengths: each must be refused (400)
    or read one way with the smuggled request never answered on its own."""
    path = urllib.parse.urlsplit(endpoint).path.encode()
    inner = b"GET /__panelmock/journal HTTP/1.1\r\nHost: x\r\n\r\n"
    body = b"key=%s&action=balance" % key.encode()
    cl_te = (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
             b"Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n%s"
             % (path, len(body) + 7, len(body), body, inner))
    two_cl = (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n%s%s"
              % (path, len(body), len(body) + len(inner), body, inner))
    out = {}
    for name, raw in (("cl_te", cl_te), ("two_cl", two_cl)):
        st, end, ms, data = exchange(url, raw, seconds=2.0)
        out[name] = {"statuses": st, "end": end, "ms": round(ms, 1),
                     "journal_answered": b'"entries"' in data or b"[{" in data.split(b"\r\n\r\n", 2)[-1][:2]}
    return out


INVALID = [b"GET\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET / HTTP/1.1\nHost: x\n\n",
           b"\x00\x01\x02 / HTTP/1.1\r\n\r\n", b"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
           b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
           b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
           b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
           b"GET / HTTP/1.1\r\nHost: x\r\n Folded: y\r\n\r\n",
           b"GET / HTTP/1.1\r\nBad Header\r\n\r\n", b"\r\n\r\n\r\n\r\n",
           b"GET " + b"/" * 100000 + b" HTTP/1.1\r\n\r\n"]


def invalid_http(url):
    out = []
    for raw in INVALID:
        st, end, ms, _ = exchange(url, raw, seconds=2.0)
        out.append({"statuses": st, "end": end, "ms": round(ms, 1)})
    return out


def random_bytes(url, n=100, size=4096, seed=13):
    rnd = random.Random(seed)
    answered = closed = hung = 0
    worst = 0.0
    for _ in range(n):
        st, end, ms, _ = exchange(url, bytes(rnd.getrandbits(8) for _ in range(size)), seconds=2.0)
        worst = max(worst, ms)
        if st:
            answered += 1
        elif end in ("eof", "reset"):
            closed += 1
        else:
            hung += 1
    return {"sent": n, "answered": answered, "closed": closed, "hung": hung,
            "worst_ms": round(worst, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--attack", required=True,
                    choices=["slowloris", "many", "chunked", "pipelining", "smuggling",
                             "invalid", "random", "health"])
    ap.add_argument("--url", required=True)
    ap.add_argument("--endpoint", default="/panel-v2/api/v2")
    ap.add_argument("--key", default=os.environ.get("PANEL_KEY", ""))
    a = ap.parse_args()
    if urllib.parse.urlsplit(a.url).hostname != "127.0.0.1":
        raise SystemExit("client.py: loopback only")
    ep = a.url + a.endpoint
    r = {"slowloris": lambda: slowloris(a.url), "many": lambda: many_connections(a.url),
         "chunked": lambda: endless_chunked(a.url, ep), "health": lambda: health(a.url),
         "pipelining": lambda: pipelining(a.url, ep, a.key),
         "smuggling": lambda: smuggling(a.url, ep, a.key),
         "invalid": lambda: invalid_http(a.url), "random": lambda: random_bytes(a.url)}[a.attack]()
    print(json.dumps(r))


if __name__ == "__main__":
    main()
