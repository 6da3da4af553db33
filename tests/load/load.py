#!/usr/bin/python3
"""load.py SOCKET DAEMON-PID SECONDS [SESSIONS]: NETCONF readers under load
(tests/load/load.sh).

SESSIONS (20) threads, each its own NETCONF session over the UNIX socket,
send requests without pause for SECONDS: a <get> of one PIC, whole
(streamed), or with LOAD_FILTERED (a fraction, default 0) filtered to its
summary and each session's identifier and state; 2 such filtered requests,
at once, warm up first.  Either way the one reply carries the PIC's <summary> and its
<session> rows from one instant of the store, so every reply is checked
against itself: active-sessions = the rows, active-session-valid, -pending,
-invalidated and -other = the rows in that state, no identifier twice.
Meanwhile the daemon's VmRSS is sampled every second: after warm-up it must
stay flat (the last third's peak within 10 % or 20 MB of the middle
third's).
"""
import os
import random
import re
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "faults"))
from ncraw import Conn, Tap, rss_kb, FAS

SOCK, PID, SECS = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
NSESS = int(sys.argv[4]) if len(sys.argv) > 4 else 20
FILTERED = float(os.environ.get("LOAD_FILTERED", "0"))
T = Tap()
STATES = ("valid", "pending", "invalidated", "other")

c0 = Conn(SOCK)
# (A <get> of the PIC keys alone is refused as too big: it would select
# every session.)
r = c0.rpc('<get-flow-session-information xmlns="%s"><summary/>'
           '</get-flow-session-information>' % FAS)
PICS = [(int(a), int(b)) for a, b in re.findall(
    rb"on FPC(\d+) PIC(\d+):", r)]
c0.close()
if not T.ok(PICS, "the PICs: %s" % PICS, r[:500]):
    T.exit()


def request(pic, full):
    sel = "" if full else ("<summary/><session><session-identifier/>"
                           "<state/></session>")
    return ('<get><filter type="subtree"><flow-sessions xmlns="%s"><pic>'
            '<fpc-slot>%d</fpc-slot><pic-slot>%d</pic-slot>%s</pic>'
            '</flow-sessions></filter></get>' % (FAS, pic[0], pic[1], sel))


def check(reply, pic):
    """None if the reply agrees with itself, else what is wrong."""
    if b"<rpc-error" in reply:
        return "rpc-error: %r" % reply[:400]
    pics = re.findall(rb"<fpc-slot>(\d+)</fpc-slot><pic-slot>(\d+)"
                      rb"</pic-slot>", reply)
    if pics != [(b"%d" % pic[0], b"%d" % pic[1])]:
        return "PICs in the reply: %s, asked for %s" % (pics, pic)
    m = re.search(rb"<summary>(.*?)</summary>", reply, re.S)
    if m is None:
        return "no summary"
    summ = dict(re.findall(rb"<([a-z-]+)>(\d+)</\1>", m.group(1)))
    ids = re.findall(rb"<session><session-identifier>(\d+)<", reply)
    nsess = reply.count(b"<session>")
    states = re.findall(rb"<state>([a-z]+)</state>", reply)
    probs = []
    if len(ids) != nsess or len(states) != nsess:
        probs.append("%d <session>, %d identifiers, %d states"
                     % (nsess, len(ids), len(states)))
    if len(set(ids)) != len(ids):
        probs.append("an identifier twice")
    if int(summ.get(b"active-sessions", -1)) != nsess:
        probs.append("active-sessions %s, %d rows"
                     % (summ.get(b"active-sessions"), nsess))
    for st in STATES:
        want = int(summ.get(b"active-session-" + st.encode(), -1))
        got = states.count(st.encode())
        if want != got:
            probs.append("active-session-%s %d, %d rows" % (st, want, got))
    return "; ".join(probs) or None


stats = {"replies": 0, "full": 0, "rows": 0, "bytes": 0}
problems = []
lock = threading.Lock()
deadline = time.monotonic() + SECS
start_gate = threading.Barrier(NSESS + 1)


def reader(k):
    rng = random.Random(k)
    n = full_n = rows = nbytes = 0
    try:
        c = Conn(SOCK, timeout=60)
    except Exception as e:
        with lock:
            problems.append("session %d: connect: %s" % (k, e))
        start_gate.wait()
        return
    start_gate.wait()
    try:
        while time.monotonic() < deadline:
            pic = rng.choice(PICS)
            # Mostly whole PICs (streamed from the store); some with a
            # field selection (evaluated on a libyang tree: slower).
            full = rng.random() >= FILTERED
            rep = c.rpc(request(pic, full))
            p = check(rep, pic)
            if p is not None:
                with lock:
                    problems.append("session %d, PIC %s%s: %s"
                                    % (k, pic, " (full)" if full else "", p))
            n += 1
            full_n += full
            rows += rep.count(b"<session>")
            nbytes += len(rep)
    except Exception as e:
        with lock:
            problems.append("session %d: %s: %s" % (k, type(e).__name__, e))
    c.close()
    with lock:
        stats["replies"] += n
        stats["full"] += full_n
        stats["rows"] += rows
        stats["bytes"] += nbytes




def warm_up(k):
    """One filtered <get> of PIC k, checked.  These are evaluated on a
    libyang tree (about 14 KB a session, for a moment), which glibc's
    per-thread arenas keep: done first, so the memory check afterwards
    sees the steady state of the streamed replies."""
    try:
        c = Conn(SOCK, timeout=60)
        pic = PICS[k % len(PICS)]
        p = check(c.rpc(request(pic, False)), pic)
        c.close()
    except Exception as e:
        p = "%s: %s" % (type(e).__name__, e)
    with lock:
        stats["warm"] += 1
        if p is not None:
            problems.append("warm-up, PIC %s (filtered): %s" % (pic, p))


stats["warm"] = 0
t_w = time.monotonic()
ws = [threading.Thread(target=warm_up, args=(k,)) for k in range(2)]
for t in ws:
    t.start()
for t in ws:
    t.join()
T.note("warm-up: 2 filtered PIC <get>s at once, %.1f s, daemon VmRSS %d MB"
       % (time.monotonic() - t_w, rss_kb(PID) // 1024))
deadline = time.monotonic() + SECS
threads = [threading.Thread(target=reader, args=(k,)) for k in range(NSESS)]
for t in threads:
    t.start()
start_gate.wait()
t0 = time.monotonic()
rss = []
while time.monotonic() < deadline:
    rss.append(rss_kb(PID))
    time.sleep(1.0)
for t in threads:
    t.join()
el = time.monotonic() - t0

T.note("%d NETCONF sessions for %.0f s: %d replies (%.1f/s; %d with every "
       "field), %d session rows (%.0f/s), %.1f MB read"
       % (NSESS, el, stats["replies"], stats["replies"] / el, stats["full"],
          stats["rows"], stats["rows"] / el, stats["bytes"] / 1e6))
T.ok(not problems and stats["replies"] > 0,
     "%d replies, each checked against itself: summary counts = its rows "
     "by state, no error reply" % stats["replies"],
     "%d problems:\n%s" % (len(problems), "\n".join(problems[:10])))
T.note("daemon VmRSS each second (MB): " +
       " ".join("%d" % (x // 1024) for x in rss))
third = len(rss) // 3
if third >= 1:
    mid, last = max(rss[third:2 * third]), max(rss[2 * third:])
    T.ok(last <= max(mid * 1.10, mid + 20 * 1024),
         "memory flat after warm-up: last third's peak %.1f MB, middle "
         "third's %.1f MB" % (last / 1024, mid / 1024))
else:
    T.note("too short to judge memory (%d samples)" % len(rss))
T.exit()
