#!/usr/bin/env python3
"""tests/fuzzmock/dropped.py PANELMOCK: the fuzz report's "dropped" signal over loopback.

A --fuzz session on 127.0.0.1 (a free port) with these clients: one reads its mutated answer
whole on a kept-alive connection and 30 read theirs on "Connection: close" ones, closing right
after (none dropped), one resets the connection (RST) while its answer is held back by a
latency fault (dropped:send_failed), one closes its side (FIN) before the answer comes
(dropped:client_closed). The report (GET /__panelmock/fuzz, --fuzz-report PATH and PATH.md)
counts them per action and mutation and lists their tokens, and each token replays.
Bounded: every socket has a 5 s timeout, every wait at most 50 polls of 0.1 s.
"""
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

PM = sys.argv[1]
READS = 30
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def start(tmp):
    report = os.path.join(tmp, "rep.json")
    p = subprocess.Popen(
        [PM, "--dialect", "panel-v2", "--fuzz", "5", "--fuzz-actions", "balance",
         "--fuzz-report", report, "--log", "none"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = key = None
    for _ in range(20):
        line = p.stdout.readline()
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1))
        m = re.search(r" key (\S+)", line)
        if m:
            key = m.group(1)
            break
    return p, port, key, report


def request(key, extra=b""):
    body = ("key=%s&action=balance" % key).encode()
    return (b"POST /api/v2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n" + extra +
            b"Content-Length: %d\r\n\r\n" % len(body) + body)


def read_all(s):
    data = b""
    for _ in range(1000):
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def admin_get(port, path):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET " + path.encode() +
              b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    data = read_all(s)
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def report_of(port):
    return json.loads(admin_get(port, "/__panelmock/fuzz")[1])


def wait_drops(port, n):
    rep = report_of(port)
    for _ in range(50):
        if sum(r["dropped"] for r in rep["rows"]) >= n:
            break
        time.sleep(0.1)
        rep = report_of(port)
    return rep


def main():
    tmp = tempfile.mkdtemp()
    p, port, key, report = start(tmp)
    try:
        check(port and key, "panelmock announced its port and key")
        if failures:
            return
        # 1. a client that reads its answer whole
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(request(key))
        got = s.recv(65536)
        check(got.startswith(b"HTTP/1.1 200"), "the first answer was read")
        time.sleep(0.2)
        s.close()
        for _ in range(READS):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(request(key, b"Connection: close\r\n"))
            got = read_all(s)
            s.close()
            check(got.startswith(b"HTTP/1.1 200"), "an answer read whole")
        # 2. a client that resets the connection while its answer is held back
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(request(key, b"X-Panelmock-Fault: latency=300ms\r\n"))
        time.sleep(0.1)  # the mock has the request; its answer waits 300 ms
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        rep = wait_drops(port, 1)
        # 3. a client that closes its side before the answer comes
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(request(key, b"X-Panelmock-Fault: latency=300ms\r\n"))
        time.sleep(0.1)
        s.close()
        rep = wait_drops(port, 2)
        rows = rep["rows"]
        check(sum(r["served"] for r in rows) == READS + 3, "every answer mutated: %s" % rows)
        check(sum(r["dropped"] for r in rows) == 2, "two of them dropped: %s" % rows)
        check(all(r["action"] == "balance" for r in rows), "rows are balance only")
        drops = rep["dropped"]
        check(drops["send_failed"] + drops["read_error"] == 1, "the reset counted: %s" % drops)
        check(drops["client_closed"] == 1, "the early close counted: %s" % drops)
        toks = [f["token"] for f in rep["findings"] if f["signal"].startswith("dropped:")]
        want = ["fz-5-%d" % (READS + 3), "fz-5-%d" % (READS + 2)]
        check(toks == want, "findings list the dropped tokens: %s" % toks)
        for t in toks:
            st, body = admin_get(port, "/__panelmock/fuzz/replay?token=" + t)
            check(st == 200 and len(body) > 0, "token %s replays" % t)
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"POST /__panelmock/shutdown HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        read_all(s)
        s.close()
        p.wait(timeout=10)
        with open(report) as f:
            saved = json.load(f)
        check(sum(r["dropped"] for r in saved["rows"]) == 2, "--fuzz-report counts the drops")
        with open(report + ".md") as f:
            md = f.read()
        check("| dropped |" in md and "dropped:client_closed" in md,
              "the Markdown report shows the drops")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        sys.exit(1)
    print("dropped answers reported: 2 of %d" % (READS + 3))


main()
