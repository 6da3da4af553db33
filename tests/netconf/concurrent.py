#!/usr/bin/python3
"""20 NETCONF sessions at once, each with many requests.

usage: concurrent.py DATA.xml [SESSIONS [REQUESTS]]

Every session logs in (by key or by password) at the same moment, then
sends its requests without pause: <get> with subtree and XPath filters,
get-flow-session-information in text and in XML, in an order of its own.
Every reply is checked against what the data file and flowcli say, not
against another reply of the server.
"""
import random
import sys
import threading
import time

sys.path.append(sys.path.pop(0))
from nctest import (T, FAS, MON, env, connect, flowcli, to_ele, reply_root,
                    find_local, q, canon_ordered, junos_pics,
                    compare_with_file)
from lxml import etree

DATA = sys.argv[1]
NSESS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
NREQ = int(sys.argv[3]) if len(sys.argv) > 3 else 25
PICS = junos_pics(DATA)

TEXT_ASKS = [
    ([("resource-manager", None), ("extensive", None)],
     ["--view", "extensive", "--resource-manager"]),
    ([("brief", None)], ["--view", "brief"]),
    ([("summary", None)], ["--view", "summary"]),
    ([("protocol", "udp")], ["--protocol", "udp"]),
    ([("source-prefix", "192.0.2.0/24"), ("extensive", None)],
     ["--view", "extensive", "--source-prefix", "192.0.2.0/24"]),
]
XML_ASKS = [
    ([("resource-manager", None)], ["--resource-manager"]),
    ([("destination-port", "80"), ("brief", None)],
     ["--view", "brief", "--destination-port", "80"]),
]


def rpc(inputs, fmt=None):
    body = "".join("<%s/>" % n if v is None else "<%s>%s</%s>" % (n, v, n)
                   for n, v in inputs)
    if fmt:
        body += "<format>%s</format>" % fmt
    return to_ele('<get-flow-session-information xmlns="%s">%s'
                  '</get-flow-session-information>' % (FAS, body))


# What the replies must be, from flowcli and the file alone.
WANT_TEXT = [flowcli("render", *a, DATA).decode() for _, a in TEXT_ASKS]
WANT_XML = []
for _, a in XML_ASKS:
    out = flowcli("render", "--format", "xml", "--bare", *a, DATA)
    WANT_XML.append([canon_ordered(e)
                     for e in etree.fromstring(b"<r>" + out + b"</r>")])
SESSION_IDS = sorted({(pk, sid) for pk, ss in PICS.items() for sid in ss})


def one_request(m, rng):
    """One request chosen by rng; returns None if right, else a problem."""
    kind = rng.randrange(5)
    if kind == 0:                       # subtree: one PIC
        pk = rng.choice(sorted(PICS))
        d = m.get(filter=("subtree",
                          '<flow-sessions xmlns="%s"><pic><fpc-slot>%d'
                          '</fpc-slot><pic-slot>%d</pic-slot></pic>'
                          '</flow-sessions>' % (FAS, pk[0], pk[1]))).data_ele
        fs = d.find(q("flow-sessions"))
        if fs is None:
            return "subtree PIC %s: no flow-sessions" % (pk,)
        probs = compare_with_file(fs, {pk: PICS[pk]})
        return "subtree PIC %s: %s" % (pk, probs[:3]) if probs else None
    if kind == 1:                       # xpath: one session
        pk, sid = rng.choice(SESSION_IDS)
        d = m.get(filter=("xpath", ({"fas": FAS},
                                    '/fas:flow-sessions/fas:pic'
                                    '[fas:fpc-slot="%d"][fas:pic-slot="%d"]'
                                    '/fas:session[fas:session-identifier='
                                    '"%d"]' % (pk[0], pk[1], sid)))).data_ele
        fs = d.find(q("flow-sessions"))
        if fs is None:
            return "xpath %s/%d: no flow-sessions" % (pk, sid)
        probs = compare_with_file(fs, {pk: {sid: PICS[pk][sid]}})
        return "xpath %s/%d: %s" % (pk, sid, probs[:3]) if probs else None
    if kind in (2, 3):                  # text
        i = rng.randrange(len(TEXT_ASKS))
        r = m.dispatch(rpc(TEXT_ASKS[i][0], "text"))
        out = find_local(reply_root(r), "output")
        got = None if out is None else out.text
        if got != WANT_TEXT[i]:
            return "text %s: %r..." % (TEXT_ASKS[i][1], (got or "")[:200])
        return None
    i = rng.randrange(len(XML_ASKS))    # XML
    r = m.dispatch(rpc(XML_ASKS[i][0]))
    got = [canon_ordered(e) for e in reply_root(r) if isinstance(e.tag, str)]
    if got != WANT_XML[i]:
        return "xml %s: %d elements" % (XML_ASKS[i][1], len(got))
    return None


class Worker(threading.Thread):
    def __init__(self, n, start_line, counted):
        super().__init__(name="session-%d" % n)
        self.n = n
        self.start_line = start_line
        self.counted = counted
        self.problems = []
        self.done = 0
        self.session_id = None
        self.elapsed = 0.0

    def run(self):
        rng = random.Random(1000 + self.n)
        try:
            self.start_line.wait(30)
            kw = ({"key": env("NC_KEY")} if self.n % 2 == 0
                  else {"password": env("NC_PASSWORD")})
            m = connect(timeout=60, **kw)
            self.session_id = m.session_id
            # Everyone is logged in before anyone asks.
            self.counted.wait(60)
            t0 = time.time()
            for _ in range(NREQ):
                p = one_request(m, rng)
                self.done += 1
                if p:
                    self.problems.append(p)
            self.elapsed = time.time() - t0
            m.close_session()
        except Exception as e:
            self.problems.append("session %d: %r" % (self.n, e))


def main():
    start_line = threading.Barrier(NSESS)
    counted = threading.Barrier(NSESS + 1)
    workers = [Worker(i, start_line, counted) for i in range(NSESS)]
    t0 = time.time()
    for w in workers:
        w.start()
    try:
        counted.wait(90)
        logged_in = time.time() - t0
        T.ok(True, "%d sessions logged in at once (%.1f s)"
             % (NSESS, logged_in))
        # While they all are open, the server lists them.
        m = connect(key=env("NC_KEY"))
        d = m.get(filter=("xpath", ({"ncm": MON},
                                    "/ncm:netconf-state/ncm:sessions"))
                  ).data_ele
        listed = {s.findtext("{%s}session-id" % MON)
                  for s in d.iter("{%s}session" % MON)}
        ids = {str(w.session_id) for w in workers}
        T.ok(ids <= listed, "/netconf-state lists all %d sessions" % NSESS,
             "missing %s" % sorted(ids - listed))
        T.ok(len(ids) == NSESS, "%d distinct session-ids" % NSESS,
             sorted(ids))
    except threading.BrokenBarrierError:
        T.ok(False, "%d sessions logged in at once" % NSESS,
             "; ".join(p for w in workers for p in w.problems[:1]))
        m = None
    for w in workers:
        w.join(120)
    total = sum(w.done for w in workers)
    problems = [p for w in workers for p in w.problems]
    T.ok(not any(w.is_alive() for w in workers), "every session finished")
    T.ok(total == NSESS * NREQ, "%d requests answered (%d sessions x %d)"
         % (total, NSESS, NREQ), "answered %d" % total)
    T.ok(not problems, "every reply right", "\n".join(problems[:40]))
    slowest = max((w.elapsed for w in workers), default=0)
    print("# %d requests in %.1f s; slowest session %.1f s"
          % (total, time.time() - t0, slowest))
    # Afterwards: the server still serves, and lists only what is open.
    try:
        if m is None:
            m = connect(key=env("NC_KEY"))
        r = m.dispatch(rpc(TEXT_ASKS[0][0], "text"))
        out = find_local(reply_root(r), "output")
        T.ok(out is not None and out.text == WANT_TEXT[0],
             "a session after the load is served")
        deadline = time.time() + 10
        while True:
            d = m.get(filter=("xpath", ({"ncm": MON},
                                        "/ncm:netconf-state/ncm:sessions"))
                      ).data_ele
            left = [s.findtext("{%s}session-id" % MON)
                    for s in d.iter("{%s}session" % MON)]
            if left == [str(m.session_id)] or time.time() > deadline:
                break
            time.sleep(0.2)
        T.ok(left == [str(m.session_id)],
             "closed sessions leave /netconf-state", left)
        m.close_session()
    except Exception:
        T.exception("a session after the load")


main()
T.done()
