"""ncraw.py: NETCONF 1.0 over flowagentd's UNIX socket, by hand, for the
fault and load tests: exact control of what is sent and read (no client
library buffering a whole reply or reading on its own).

    c = Conn(path)            connect and exchange <hello> (base:1.0 only)
    c.send_rpc(body)          send one <rpc> (returns its message-id)
    c.read_reply()            the next whole message (bytes)
    c.rpc(body)               both
    c.read_some(n)            read at least n bytes of whatever comes
    c.close()
"""
import os
import re
import socket
import time

END = b"]]>]]>"
BASE = "urn:ietf:params:xml:ns:netconf:base:1.0"
FAS = "urn:flowagent:yang:flowagent-session"
MON = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
HELLO = ('<hello xmlns="%s"><capabilities><capability>'
         'urn:ietf:params:netconf:base:1.0</capability></capabilities>'
         '</hello>' % BASE).encode() + END


class Conn:
    def __init__(self, path, timeout=30):
        # With a timeout the socket is non-blocking: a full listen
        # backlog (many clients at once) is EAGAIN, not a wait.  Retry.
        end = time.monotonic() + timeout
        while True:
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.s.settimeout(timeout)
            try:
                self.s.connect(path)
                break
            except BlockingIOError:
                self.s.close()
                if time.monotonic() > end:
                    raise
                time.sleep(0.05)
        self.buf = b""
        self.mid = 0
        self.s.sendall(HELLO)
        hello = self.read_reply()
        m = re.search(rb"<session-id>(\d+)</session-id>", hello)
        if m is None:
            raise OSError("no session-id in the server's hello")
        self.session_id = int(m.group(1))

    def send_rpc(self, body):
        self.mid += 1
        self.s.sendall(('<rpc xmlns="%s" message-id="%d">%s</rpc>'
                        % (BASE, self.mid, body)).encode() + END)
        return self.mid

    def read_reply(self):
        # Chunks in a list: a reply of many MB is not copied at each read.
        i = self.buf.find(END)
        if i >= 0:
            msg, self.buf = self.buf[:i], self.buf[i + 6:]
            return msg
        parts = [self.buf]
        tail = self.buf[-5:]
        while True:
            b = self.s.recv(1 << 20)
            if not b:
                raise EOFError("connection closed by the server")
            if END in tail + b:
                msg = b"".join(parts + [b])
                k = msg.find(END, max(0, len(msg) - len(b) - 5))
                msg, self.buf = msg[:k], msg[k + 6:]
                return msg
            parts.append(b)
            tail = (tail + b)[-5:]

    def rpc(self, body):
        self.send_rpc(body)
        return self.read_reply()

    def read_some(self, n):
        got = len(self.buf)
        while got < n:
            b = self.s.recv(4096)
            if not b:
                raise EOFError("connection closed by the server")
            got += len(b)
        self.buf = b""
        return got

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


SESSIONS_FILTER = ('<filter type="subtree"><netconf-state xmlns="%s">'
                   '<sessions/></netconf-state></filter>' % MON)


def session_ids(c):
    """The session-ids /netconf-state lists, asked over c."""
    r = c.rpc("<get>%s</get>" % SESSIONS_FILTER)
    if b"<rpc-error" in r:
        raise OSError("rpc-error: %r" % r[:500])
    return {int(x) for x in re.findall(rb"<session-id>(\d+)</session-id>",
                                       r)}


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_until(pred, seconds, step=0.1):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()


class Tap:
    """ok/not ok lines, counted."""
    def __init__(self):
        self.failed = 0

    def ok(self, cond, label, detail=""):
        print("%s - %s" % ("ok" if cond else "not ok", label), flush=True)
        if not cond:
            self.failed += 1
            for line in str(detail).splitlines()[:20]:
                print("#   " + line, flush=True)
        return cond

    def note(self, text):
        print("# " + text, flush=True)

    def exit(self):
        os._exit(1 if self.failed else 0)
