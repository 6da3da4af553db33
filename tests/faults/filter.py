"""filter.py SOCKET PID MODE: <get> filters that take too long.

MODE budget: netconf-filter-timeout is 2 s.  An XPath filter that is
quadratic in the nodes, and a subtree filter of 10,000 selection nodes
over every session, each get resource-denied within the budget (plus
slack); meanwhile another session is answered at once; afterwards the
session is usable and nothing in flowagentd's process tree burns CPU.
MODE term: prints "evaluating" once an endless XPath filter is under way
(the caller then sends SIGTERM)."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ncraw import Conn  # noqa: E402

path, pid, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
QUAD = '<get><filter type="xpath" select="//*[count(//*) &gt; 0]"/></get>'
SMALL = ('<get-software-information '
         'xmlns="urn:flowagent:yang:flowagent-junos"/>')
fails = 0


def check(ok, what):
    global fails
    print("%s - %s" % ("ok" if ok else "not ok", what))
    fails += 0 if ok else 1


def tree_cpu():
    """CPU ticks of flowagentd and every process below it."""
    total = 0
    kids = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            st = open("/proc/%s/stat" % p).read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(st[1]), []).append((int(p), st))
    todo = [pid]
    seen = 0
    while todo:
        p = todo.pop()
        try:
            st = open("/proc/%d/stat" % p).read().rsplit(")", 1)[1].split()
            total += int(st[11]) + int(st[12])
            seen += 1
        except OSError:
            pass
        todo += [k for k, _ in kids.get(p, [])]
    return total, seen


if mode == "term":
    a = Conn(path)
    a.send_rpc(QUAD)
    time.sleep(0.5)
    print("evaluating", flush=True)
    time.sleep(60)
    sys.exit(0)

# The reply's bound: the 2 s budget plus parsing the request and building
# the candidates (about 0.3 s here); sanitizer builds run several times
# slower (filter.sh sets FILTER_LIMIT then).
LIMIT = float(os.environ.get("FILTER_LIMIT", "4.0"))

a = Conn(path)
b = Conn(path)
subtree = ('<get><filter type="subtree"><flow-sessions xmlns="urn:flowagent:'
           'yang:flowagent-session"><pic><session>' +
           "".join("<x%d/>" % i for i in range(10000)) +
           '</session></pic></flow-sessions></filter></get>')
for what, body in (("XPath count(//*) at every node", QUAD),
                   ("subtree filter of 10,000 selection nodes", subtree)):
    t = time.monotonic()
    a.send_rpc(body)
    time.sleep(0.3)
    t2 = time.monotonic()
    r = b.rpc(SMALL)
    other = time.monotonic() - t2
    check(b"junos-version" in r and other < 1.0,
          "%s: another session answered meanwhile in %.3f s" % (what, other))
    r = a.read_reply()
    took = time.monotonic() - t
    check(b"resource-denied" in r and took < LIMIT,
          "%s: resource-denied after %.2f s (budget 2 s)" % (what, took))
    check(b"junos-version" in a.rpc(SMALL),
          "%s: the session is usable afterwards" % what)
    time.sleep(0.5)
    c0, n = tree_cpu()
    time.sleep(2)
    c1, n = tree_cpu()
    pct = (c1 - c0) / 2.0
    check(pct < 5, "%s: then flowagentd's %d processes use %.1f %% of a "
          "core" % (what, n, pct))
sys.exit(1 if fails else 0)
