#!/usr/bin/python3
"""drain.py SOCKET SECONDS BODY...: one NETCONF client over the UNIX socket
that sends each BODY in turn, reading and discarding the replies (any
size), until SECONDS pass or the server goes.  Prints how many replies it
read, and why it stopped."""
import socket
import sys
import time

END = b"]]>]]>"
BASE = "urn:ietf:params:xml:ns:netconf:base:1.0"
path, secs, bodies = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
n = 0
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(path)
    s.sendall(('<hello xmlns="%s"><capabilities><capability>urn:ietf:params'
               ':netconf:base:1.0</capability></capabilities></hello>'
               % BASE).encode() + END)
    end = time.monotonic() + secs
    msgs = -1                   # the server's hello first
    tail = b""
    while time.monotonic() < end:
        if msgs >= 0:
            s.sendall(('<rpc xmlns="%s" message-id="%d">%s</rpc>'
                       % (BASE, msgs + 1, bodies[msgs % len(bodies)]))
                      .encode() + END)
        while True:
            b = s.recv(1 << 20)
            if not b:
                raise EOFError("closed by the server")
            t = tail + b[-6:] if len(b) < 6 else b[-6:]
            tail = t[-6:]
            if tail == END:     # replies are one at a time
                break
        msgs += 1
        n = max(msgs, 0)
    print("%d replies, stopped: time" % n)
except (OSError, EOFError) as e:
    print("%d replies, stopped: %s" % (n, e))
