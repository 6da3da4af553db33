#!/usr/bin/python3
"""tests/conntrack: an FTP client that keeps its control connection open.

usage: ftp_client.py SERVER DIR
Logs in (anonymous) and writes DIR/ready; then, each time DIR/goN appears
(N = 1, 2, ...), fetches data.bin in passive mode and writes its size to
DIR/doneN; quits when DIR/quit appears.  Gives up after 300 s.
"""
import ftplib
import os
import sys
import time

server, d = sys.argv[1], sys.argv[2]


def mark(name, text=""):
    with open(os.path.join(d, name + ".tmp"), "w") as f:
        f.write(text)
    os.rename(os.path.join(d, name + ".tmp"), os.path.join(d, name))


ftp = ftplib.FTP()
ftp.connect(server, 21, timeout=20)
ftp.login()
mark("ready")
n = 1
deadline = time.time() + 300
while time.time() < deadline and not os.path.exists(os.path.join(d, "quit")):
    if os.path.exists(os.path.join(d, "go%d" % n)):
        got = []
        ftp.retrbinary("RETR data.bin", got.append)
        mark("done%d" % n, str(sum(len(b) for b in got)))
        n += 1
    time.sleep(0.05)
ftp.quit()
