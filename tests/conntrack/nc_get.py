#!/usr/bin/python3
"""tests/conntrack: a NETCONF <get> of one session over flowagentd's UNIX
socket (python3-ncclient), printed one value a line:

    fpc-slot 0
    session/resource-manager-information/client-name FTP ALG
    In/pkt-cnt 12
    ...

usage: nc_get.py SOCKET SESSION-ID
Prints nothing when the session is not there; exits 1 when the <get>
fails.  ncclient 0.6.13 (Debian 12) has no UNIX transport: its SSH session
runs over the socket through a small channel adapter.
"""
import socket
import sys
import threading

from ncclient import manager
from ncclient.transport.parser import DefaultXMLParser
from ncclient.transport.ssh import SSHSession

FAS = "urn:flowagent:yang:flowagent-session"


class Channel:
    """What SSHSession.run() needs of a paramiko channel."""

    def __init__(self, sock):
        self.sock = sock

    def recv(self, n):
        return self.sock.recv(n)

    def send(self, data):
        return self.sock.send(data)

    def send_ready(self):
        return True

    def fileno(self):
        return self.sock.fileno()

    def close(self):
        self.sock.close()


class UnixSession(SSHSession):
    def connect(self, path):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        self._channel = Channel(s)
        self._connected = True
        self.parser = DefaultXMLParser(self)
        self._post_connect()

    def close(self):
        self._closing.set()
        if self._channel:
            try:
                self._channel.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self is not threading.current_thread():
            self.join(10)
        if self._channel:
            self._channel.close()
        self._channel = None
        self._connected = False


def local(el):
    return el.tag.split("}")[-1]


def flatten(el, prefix, out):
    for c in el:
        name = local(c)
        if name == "flow-information":
            flatten(c, c.findtext("{%s}direction" % FAS) + "/", out)
        elif len(c):
            flatten(c, prefix + name + "/", out)
        else:
            out.append("%s%s %s" % (prefix, name, (c.text or "").strip()))


def main():
    handler = manager.make_device_handler({"name": "default"})
    session = UnixSession(handler)
    session.connect(sys.argv[1])
    m = manager.Manager(session, handler, timeout=30)
    flt = ("<flow-sessions xmlns='%s'><pic><session><session-identifier>%s"
           "</session-identifier></session></pic></flow-sessions>"
           % (FAS, sys.argv[2]))
    data = m.get(filter=("subtree", flt)).data_ele
    out = []
    for pic in data.iter("{%s}pic" % FAS):
        for s in pic.iter("{%s}session" % FAS):
            out.append("fpc-slot %s" % pic.findtext("{%s}fpc-slot" % FAS))
            out.append("pic-slot %s" % pic.findtext("{%s}pic-slot" % FAS))
            flatten(s, "session/", out)
    m.close_session()
    if out:
        print("\n".join(out))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print("nc_get.py: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
