#!/usr/bin/python3
"""tests/conntrack: a TCP connection held open.

usage: tcp_hold.py listen ADDR PORT
       tcp_hold.py connect ADDR PORT DIR
The listener accepts connections and reads until each closes.  The client
connects, sends a line, writes its local port to DIR/ready, and closes
when DIR/quit appears (or after 300 s).
"""
import os
import socket
import sys
import threading
import time


def serve(c):
    while c.recv(4096):
        pass
    c.close()


if sys.argv[1] == "listen":
    s = socket.socket(socket.AF_INET6 if ":" in sys.argv[2] else
                      socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[2], int(sys.argv[3])))
    s.listen(8)
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()
else:
    d = sys.argv[4]
    c = socket.create_connection((sys.argv[2], int(sys.argv[3])), 10)
    c.sendall(b"hello\n")
    with open(os.path.join(d, "ready.tmp"), "w") as f:
        f.write(str(c.getsockname()[1]))
    os.rename(os.path.join(d, "ready.tmp"), os.path.join(d, "ready"))
    deadline = time.time() + 300
    while time.time() < deadline and not os.path.exists(
            os.path.join(d, "quit")):
        time.sleep(0.05)
    c.close()
