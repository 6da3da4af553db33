#!/usr/bin/python3
"""NETCONF clients that fail mid-reply (tests/faults/netconf.sh).

usage: nc_faults.py SOCKET DAEMON-PID

The daemon serves a large store (100,000 sessions): a whole <get> is a
reply of well over 100 MB, streamed.
(a) Clients that send a <get>, read a few KB and close: the server notices,
    stops writing, frees the session (it leaves /netconf-state), and serves
    the others meanwhile.
(b) A client that sends a <get> and never reads: the others are served with
    their normal latency while it is stuck; the daemon's memory does not
    grow with the unread reply; once it closes, its session goes.
"""
import statistics
import sys
import threading
import time

sys.path.insert(0, sys.path[0])
from ncraw import Conn, Tap, session_ids, rss_kb, wait_until, FAS

SOCK = sys.argv[1]
PID = int(sys.argv[2])
T = Tap()
# A small request with a real answer: one PIC's summary, from the store.
SMALL = ('<get-flow-session-information xmlns="%s"><summary/>'
         '</get-flow-session-information>' % FAS)


def timed(c, body):
    t0 = time.monotonic()
    r = c.rpc(body)
    return time.monotonic() - t0, r


def latencies(c, n):
    out = []
    for _ in range(n):
        dt, r = timed(c, SMALL)
        if b"<rpc-error" in r or b"flow-session-information" not in r:
            raise OSError("bad reply: %r" % r[:300])
        out.append(dt)
    return out


watch = Conn(SOCK)
base = latencies(watch, 20)
base_med = statistics.median(base)
rss0 = rss_kb(PID)
T.note("baseline: small request median %.1f ms, daemon RSS %d MB"
       % (base_med * 1e3, rss0 // 1024))

# (a) Disconnect in the middle of a large reply, several times, while
# another session keeps asking.
gone_ok = True
for i in range(3):
    c = Conn(SOCK)
    sid = c.session_id
    c.send_rpc("<get/>")
    n = c.read_some(16384)
    c.close()
    if not wait_until(lambda: sid not in session_ids(watch), 15):
        gone_ok = False
        T.note("session %d still listed 15 s after its client closed" % sid)
    lat = latencies(watch, 3)
T.ok(gone_ok, "(a) 3 clients closing mid-<get> (after ~16 KB of a 100k-"
     "session reply): each session leaves /netconf-state")
lat = latencies(watch, 20)
T.ok(statistics.median(lat) < max(10 * base_med, 0.2),
     "(a) afterwards the others are served: median %.1f ms (baseline "
     "%.1f ms)" % (statistics.median(lat) * 1e3, base_med * 1e3))
ids = session_ids(watch)
T.ok(ids == {watch.session_id}, "(a) only the watching session is left "
     "in /netconf-state", "listed: %s" % sorted(ids))

# (a') Several at once, mid-reply, with a reader of whole replies beside.
cs = [Conn(SOCK) for _ in range(4)]
for c in cs:
    c.send_rpc("<get/>")
for c in cs:
    c.read_some(4096)
for c in cs:
    c.close()
dead = {c.session_id for c in cs}
T.ok(wait_until(lambda: not (dead & session_ids(watch)), 20),
     "(a) 4 clients closing mid-reply at once: all 4 sessions freed")

# (b) A client that stops reading.
stuck = Conn(SOCK)
stuck.s.setsockopt(__import__("socket").SOL_SOCKET,
                   __import__("socket").SO_RCVBUF, 4096)
stuck.send_rpc("<get/>")
time.sleep(1.0)                 # the socket buffers fill; its writer blocks
rss = []
stop = threading.Event()


def sample():
    while not stop.is_set():
        rss.append(rss_kb(PID))
        time.sleep(0.2)


th = threading.Thread(target=sample)
th.start()
others = [Conn(SOCK) for _ in range(3)]
lat = []
t_end = time.monotonic() + 5
while time.monotonic() < t_end:
    for o in others:
        lat.extend(latencies(o, 1))
ids = session_ids(watch)
stop.set()
th.join()
med, worst = statistics.median(lat), max(lat)
T.ok(med < max(10 * base_med, 0.2) and worst < 2.0,
     "(b) while one client does not read its <get>: %d requests on 3 other "
     "sessions, median %.1f ms, worst %.1f ms (baseline %.1f ms)"
     % (len(lat), med * 1e3, worst * 1e3, base_med * 1e3))
T.ok(stuck.session_id in ids, "(b) the stuck session is still there "
     "while its client is connected", "listed: %s" % sorted(ids))
peak = max(rss)
T.ok(peak - rss0 < 50 * 1024, "(b) daemon RSS while stuck: peak %d MB, "
     "%+d MB from before (limit +50 MB)"
     % (peak // 1024, (peak - rss0) // 1024))
sid = stuck.session_id
stuck.close()
T.ok(wait_until(lambda: sid not in session_ids(watch), 15),
     "(b) once the stuck client closes, its session leaves /netconf-state")
for o in others:
    o.close()
lat = latencies(watch, 10)
T.ok(statistics.median(lat) < max(10 * base_med, 0.2),
     "(b) afterwards: median %.1f ms" % (statistics.median(lat) * 1e3))
rss1 = rss_kb(PID)
T.note("daemon RSS at the end: %d MB (%+d MB)" % (rss1 // 1024,
                                                    (rss1 - rss0) // 1024))
watch.close()
T.exit()
