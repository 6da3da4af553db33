"""Helpers shared by the NETCONF client tests (run with /usr/bin/python3).

Configuration comes from the environment that tests/netconf/lib.sh sets:
NC_PORT, NC_SOCK, NC_USER, NC_PASSWORD, NC_KEY, NC_KEY_RSA, NC_KEY_OTHER,
NC_WORK, SRCDIR, CASES, YUMA_IETF, FLOWCLI.

Every check prints one line, "ok - LABEL" or "not ok - LABEL" followed by
indented details; the shell wrapper counts them.
"""
import ipaddress
import itertools
import os
import re
import subprocess
import sys
import traceback

from lxml import etree

FAS = "urn:flowagent:yang:flowagent-session"
FAJS = "urn:flowagent:yang:flowagent-junos"
BASE = "urn:ietf:params:xml:ns:netconf:base:1.0"
MON = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
YANGLIB = "urn:ietf:params:xml:ns:yang:ietf-yang-library"
JUNOS = "http://xml.juniper.net/junos/12.1X47-D15/junos"
JUNOS_FLOW = "http://xml.juniper.net/junos/12.1X47-D15/junos-flow"
WITH_DEFAULTS = "urn:ietf:params:netconf:capability:with-defaults:1.0"

ENV = os.environ
HOST = "127.0.0.1"


def env(name):
    return ENV[name]


# ---------------------------------------------------------------- results

class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, label, detail=None):
        if cond:
            self.passed += 1
            print("ok - " + label)
        else:
            self.failed += 1
            print("not ok - " + label)
            if detail:
                for line in str(detail).rstrip("\n").split("\n")[:60]:
                    print("    " + line)
        sys.stdout.flush()
        return bool(cond)

    def exception(self, label):
        """A check that raised: fail it with the traceback."""
        self.ok(False, label, traceback.format_exc())

    def done(self):
        print("# %s: %d passed, %d failed"
              % (os.path.basename(sys.argv[0]), self.passed, self.failed))
        sys.exit(1 if self.failed else 0)


T = Results()


def check(label):
    """Decorator: run the function as a check; an exception fails it."""
    def wrap(fn):
        def run(*a, **kw):
            try:
                return fn(*a, **kw)
            except Exception:
                T.exception(label)
                return None
        run.__name__ = fn.__name__
        return run
    return wrap


def diff_text(want, got):
    import difflib
    return "".join(difflib.unified_diff(
        want.splitlines(True), got.splitlines(True), "expected", "got"))


# ---------------------------------------------------------------- clients

def connect(port=None, key=None, password=None, user=None, timeout=30,
            device="default"):
    """An ncclient session over SSH: by key (a file) or password only."""
    from ncclient import manager
    kw = dict(host=HOST, port=int(port or env("NC_PORT")),
              username=user or env("NC_USER"),
              hostkey_verify=False, look_for_keys=False, allow_agent=False,
              device_params={"name": device}, timeout=timeout)
    if key:
        kw["key_filename"] = key
    if password is not None:
        kw["password"] = password
    m = manager.connect(**kw)
    m.huge_tree = True
    return m


def flowcli(*args):
    """flowcli's output (bytes): the reference the server must match."""
    return subprocess.run([env("FLOWCLI"), *args], check=True,
                          stdout=subprocess.PIPE).stdout


def to_ele(xml):
    from ncclient.xml_ import to_ele as _to_ele
    return _to_ele(xml)


def reply_root(reply):
    """The rpc-reply of an ncclient reply, as an lxml element."""
    parser = etree.XMLParser(huge_tree=True)
    return etree.fromstring(reply.xml.encode()
                            if isinstance(reply.xml, str) else reply.xml,
                            parser)


def lname(e):
    return etree.QName(e).localname if isinstance(e.tag, str) else None


def find_local(root, name):
    for e in root.iter():
        if lname(e) == name:
            return e
    return None


# ------------------------------------------------- structure of get data

def q(name, ns=FAS):
    return "{%s}%s" % (ns, name)


def leaves(e):
    """Leaf children of e: {localname: text}."""
    out = {}
    for c in e:
        if isinstance(c.tag, str) and len(c) == 0:
            out[lname(c)] = c.text or ""
    return out


def pic_key(p):
    return (int(p.findtext(q("fpc-slot"))), int(p.findtext(q("pic-slot"))))


def canon(e):
    """An order-insensitive, whitespace-insensitive form of a subtree."""
    if not isinstance(e.tag, str):
        return ("#", "")
    text = (e.text or "")
    if len(e):
        text = text.strip()
    kids = sorted(canon(c) for c in e if isinstance(c.tag, str))
    attrs = tuple(sorted((k, v) for k, v in e.attrib.items()))
    return (e.tag, text, attrs, tuple(kids))


def canon_ordered(e):
    """Like canon, children in document order (Junos replies)."""
    text = (e.text or "")
    if len(e):
        text = text.strip()
    kids = tuple(canon_ordered(c) for c in e if isinstance(c.tag, str))
    attrs = tuple(sorted((k, v) for k, v in e.attrib.items()))
    return (e.tag, text, attrs, kids)


def pretty(e):
    return etree.tostring(e, pretty_print=True).decode()


def data_children(data):
    return [c for c in data if isinstance(c.tag, str)]


def flow_sessions(data):
    """The flow-sessions container of get data, with PICs holding nothing
    but their keys dropped (a filter that selected nothing in a PIC may
    leave them).  None if absent."""
    fs = data.find(q("flow-sessions"))
    if fs is None:
        return None
    fs = etree.fromstring(etree.tostring(fs))
    for p in list(fs.findall(q("pic"))):
        if set(lname(c) for c in p if isinstance(c.tag, str)) <= {
                "fpc-slot", "pic-slot"}:
            fs.remove(p)
    return fs


def duplicates(data):
    """List entries that occur twice (yanglint -t get does not check)."""
    dups = []
    fs = data.find(q("flow-sessions"))
    if fs is None:
        return dups
    seen = set()
    for p in fs.findall(q("pic")):
        k = pic_key(p)
        if k in seen:
            dups.append("pic %s" % (k,))
        seen.add(k)
        sids = set()
        for s in p.findall(q("session")):
            sid = s.findtext(q("session-identifier"))
            if sid in sids:
                dups.append("session %s in pic %s" % (sid, k))
            sids.add(sid)
            dirs = set()
            for w in s.findall(q("flow-information")):
                d = w.findtext(q("direction"))
                if d in dirs:
                    dups.append("wing %s of %s" % (d, sid))
                dirs.add(d)
    return dups


# ------------------------------------ the Junos XML file the daemon loaded

PIC_RE = re.compile(r"FPC(\d+) PIC(\d+)")
STATES = {"Valid": "valid", "Pending": "pending", "Invalidated": "invalidated"}
ADDRESS_LEAVES = {"source-address", "destination-address", "gateway"}


def junos_pics(path):
    """{(fpc, pic): {session-id: {"leaves": {...}, "rm": {...} or None,
    "wings": {direction: {...}}}}} from a Junos XML file."""
    pics = {}
    tree = etree.parse(path)
    for fsi in tree.iter():
        if lname(fsi) != "flow-session-information":
            continue
        pid = None
        sessions = {}
        for c in fsi:
            n = lname(c)
            if n == "flow-fpc-pic-id":
                m = PIC_RE.search(c.text or "")
                pid = (int(m.group(1)), int(m.group(2)))
            elif n == "flow-session":
                s = {"leaves": {}, "rm": None, "wings": {}}
                for f in c:
                    fn = lname(f)
                    if fn == "resource-manager-information":
                        s["rm"] = leaves(f)
                    elif fn == "flow-information":
                        w = leaves(f)
                        s["wings"][w["direction"]] = w
                    elif fn is not None:
                        s["leaves"][fn] = (f.text or "")
                sessions[int(s["leaves"]["session-identifier"])] = s
        pics[pid] = sessions
    return pics


def same_value(name, want, got):
    if name in ADDRESS_LEAVES:
        try:
            return ipaddress.ip_address(want.strip()) == \
                ipaddress.ip_address(got.strip())
        except ValueError:
            return False
    if re.fullmatch(r"\s*\d+\s*", want):
        return got.strip().isdigit() and int(want) == int(got)
    return want == got


def compare_leaves(where, want, got, problems, derived=()):
    for n, v in want.items():
        if n not in got:
            if v.strip() != "":
                problems.append("%s: %s missing (want %r)" % (where, n, v))
        elif not same_value(n, v, got[n]):
            problems.append("%s: %s is %r, want %r" % (where, n, got[n], v))
    for n in got:
        if n not in want and n not in derived:
            problems.append("%s: unexpected leaf %s=%r" % (where, n, got[n]))


def compare_with_file(fs, pics):
    """Every PIC, session, wing and value of the file, and nothing else,
    in the flow-sessions container fs.  Returns a list of problems."""
    problems = []
    got = {}
    for p in fs.findall(q("pic")):
        got[pic_key(p)] = p
    if set(got) != set(pics):
        problems.append("PICs %s, want %s" % (sorted(got), sorted(pics)))
    for pk, sessions in pics.items():
        p = got.get(pk)
        if p is None:
            continue
        gs = {int(s.findtext(q("session-identifier"))): s
              for s in p.findall(q("session"))}
        if set(gs) != set(sessions):
            problems.append("PIC %s: sessions %s, want %s"
                            % (pk, sorted(gs), sorted(sessions)))
        for sid, ws in sessions.items():
            s = gs.get(sid)
            if s is None:
                continue
            where = "PIC %s session %d" % (pk, sid)
            gl = leaves(s)
            compare_leaves(where, ws["leaves"], gl, problems, ("state",))
            sst = ws["leaves"].get("sess-state", "")
            if "state" in gl and gl["state"] != STATES.get(sst, "other"):
                problems.append("%s: state %s for sess-state %r"
                                % (where, gl["state"], sst))
            rm = s.find(q("resource-manager-information"))
            if ws["rm"] is None and rm is not None:
                problems.append("%s: resource-manager-information present"
                                % where)
            elif ws["rm"] is not None:
                if rm is None:
                    problems.append("%s: resource-manager-information "
                                    "missing" % where)
                else:
                    compare_leaves(where + " rm", ws["rm"], leaves(rm),
                                   problems)
            gw = {w.findtext(q("direction")): w
                  for w in s.findall(q("flow-information"))}
            if set(gw) != set(ws["wings"]):
                problems.append("%s: wings %s, want %s"
                                % (where, sorted(gw), sorted(ws["wings"])))
            for d, ww in ws["wings"].items():
                if d in gw:
                    compare_leaves("%s wing %s" % (where, d), ww,
                                   leaves(gw[d]), problems)
    return problems


# ------------------------------------------------------------- yanglint

def _module_index():
    """{namespace: path of the .yang file} over the search directories."""
    idx = {}
    dirs = [os.path.join(env("SRCDIR"), "yang"), env("YUMA_IETF")]
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if not f.endswith(".yang"):
                continue
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                m = re.search(r'^\s*namespace\s+"([^"]+)"', fh.read(), re.M)
            if m and m.group(1) not in idx:
                idx[m.group(1)] = os.path.join(d, f)
    return idx


_MODULES = None
_counter = itertools.count()


def yanglint_get(data, label):
    """Validate the content of a <get> reply's <data> with yanglint -t get
    (strict parsing: unknown nodes, bad values, missing keys fail).
    Returns (ok, message)."""
    global _MODULES
    if _MODULES is None:
        _MODULES = _module_index()
    kids = data_children(data)
    if not kids:
        return True, ""                 # nothing to validate
    path = os.path.join(env("NC_WORK"), "get-%02d.xml" % next(_counter))
    with open(path, "wb") as f:
        f.write(b"".join(etree.tostring(c, with_tail=False) for c in kids))
    mods = [os.path.join(env("SRCDIR"), "yang", "flowagent-session.yang")]
    unknown = []
    for c in kids:
        ns = etree.QName(c).namespace
        if ns == YANGLIB:
            continue                    # libyang's own, with -y
        if ns in _MODULES:
            if _MODULES[ns] not in mods:
                mods.append(_MODULES[ns])
        else:
            unknown.append(ns)
    if unknown:
        return False, "%s: data of unknown modules %s" % (label, unknown)
    cmd = ["yanglint", "-p", os.path.join(env("SRCDIR"), "yang"),
           "-p", env("YUMA_IETF"), "-t", "get", "-y", *mods, path]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        return False, "%s\n%s\n(data in %s)" % (" ".join(cmd),
                                                r.stdout.decode(), path)
    dups = duplicates(data)
    if dups:
        return False, "duplicate list entries: %s" % dups
    return True, ""


# ------------------------------------------------- ncclient over a socket

class _SockChannel:
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


def connect_unix(path, timeout=30):
    """An ncclient Manager over flowagentd's UNIX socket.  ncclient 0.6.13
    (Debian 12) has no UNIX transport (0.6.16 has): its SSH session runs
    over the socket through a small channel adapter."""
    import socket
    import threading
    from ncclient import manager
    from ncclient.transport.parser import DefaultXMLParser
    from ncclient.transport.ssh import SSHSession

    class UnixSession(SSHSession):
        def connect(self, path):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            self._channel = _SockChannel(s)
            self._connected = True
            self.parser = DefaultXMLParser(self)
            self._post_connect()

        def close(self):
            self._closing.set()
            if self._channel:
                # EOF for the reader thread, which then ends.
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

    handler = manager.make_device_handler({"name": "default"})
    session = UnixSession(handler)
    session.connect(path)
    m = manager.Manager(session, handler, timeout=timeout)
    m.huge_tree = True
    return m
