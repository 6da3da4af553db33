#!/bin/sh
# tests/faults/logging.sh: logging never blocks the daemon.  flowagentd
# --debug logs to a pipe that nobody reads (a FIFO held open by a reader
# that does not read): 200 NETCONF logins and 5,000 requests, each logged,
# are all served
# promptly; once the reader reads again, the log says how many messages
# were dropped; with the pipe full again, SIGTERM still ends the daemon
# within 2 s.  (Before: the first thread to log blocked, logins hung and
# SIGTERM never finished.)
. "$TESTDATA/lib.sh"
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "SKIP: /usr/bin/python3 is missing"
	exit 77
fi
work=$(mktemp -d /tmp/flowagent-log.XXXXXX) || exit 99
FLOWAGENTD=${FLOWAGENTD:-$(dirname "$FLOWCLI")/../agent/flowagentd}
pid= holder=
cleanup() {
	[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The reader: opens the FIFO, reads nothing until $work/go exists, then
# copies everything to $work/err.txt until the end.
mkfifo "$work/err.fifo" || exit 99
"$PY" -c '
import os, sys, time
f = open(sys.argv[1], "rb", buffering=0)
while not os.path.exists(sys.argv[2]):
	time.sleep(0.05)
with open(sys.argv[3], "ab", buffering=0) as out:
	while True:
		d = f.read(65536)
		if not d:
			break
		out.write(d)
' "$work/err.fifo" "$work/go" "$work/err.txt" &
holder=$!
"$FLOWAGENTD" -f -d --no-snmp --yang-dir "$SRCDIR/yang" \
    --netconf-unix "$work/nc.sock" 2>"$work/err.fifo" &
pid=$!
until_ok 20 test -S "$work/nc.sock" || { fail "no socket"; done_testing; exit 1; }

# logins.py SOCKET N: N logins, each with one request, then one session
# sending 5,000 requests that are not XML (each answered, each logged with
# --debug: more than the pipe and the queue hold); prints the worst time
# in ms.
cat >"$work/logins.py" <<'EOP'

import socket, sys, time
B = "urn:ietf:params:xml:ns:netconf:base:1.0"
H = ("<hello xmlns=\"%s\"><capabilities><capability>"
     "urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>"
     "]]>]]>" % B).encode()
R = ("<rpc xmlns=\"%s\" message-id=\"1\"><get-software-information "
     "xmlns=\"urn:flowagent:yang:flowagent-junos\"/></rpc>]]>]]>" % B).encode()
worst = 0.0
for i in range(int(sys.argv[2])):
	t = time.monotonic()
	s = socket.socket(socket.AF_UNIX)
	s.settimeout(10)
	s.connect(sys.argv[1])
	s.sendall(H + R)
	buf = b""
	while buf.count(b"]]>]]>") < 2:
		d = s.recv(65536)
		if not d:
			raise SystemExit("closed")
		buf += d
	s.close()
	worst = max(worst, time.monotonic() - t)
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(H)
buf = b""
for i in range(5000):
	t = time.monotonic()
	s.sendall(b"<rpc>]]>]]>")
	while b"]]>]]>" not in buf:
		d = s.recv(65536)
		if not d:
			raise SystemExit("closed")
		buf += d
	buf = buf.split(b"]]>]]>", 1)[1]
	worst = max(worst, time.monotonic() - t)
print("%d" % (worst * 1000))
EOP
logins() { timeout 120 "$PY" "$work/logins.py" "$work/nc.sock" "$1"; }

worst=$(logins 200)
if [ -n "$worst" ] && [ "$worst" -lt 2000 ]; then
	pass "200 logins and 5,000 requests logged to a pipe nobody reads: each served (worst $worst ms)"
else
	fail "logins and requests with the log unread: worst '${worst:-none}' ms"
fi
kill -0 "$pid" 2>/dev/null && pass "flowagentd alive" || fail "flowagentd died"

# The reader reads again: the drop is reported.
touch "$work/go"
if until_ok 10 grep -q "log messages dropped: the log was not being read" \
    "$work/err.txt"; then
	pass "the dropped messages are counted and reported: $(grep -o '[0-9]* log messages dropped' "$work/err.txt" | head -n 1)"
else
	fail "no dropped-messages line in the log"
fi

# SIGTERM with the pipe full and unread: a second daemon, a second reader
# that never reads.
kill "$pid"
wait "$pid"
pid=
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
rm -f "$work/err.fifo" "$work/go"
mkfifo "$work/err.fifo" || exit 99
"$PY" -c '
import sys, time
f = open(sys.argv[1], "rb", buffering=0)
time.sleep(300)' "$work/err.fifo" &
holder=$!
"$FLOWAGENTD" -f -d --no-snmp --yang-dir "$SRCDIR/yang" \
    --netconf-unix "$work/nc.sock" 2>"$work/err.fifo" &
pid=$!
until_ok 20 test -S "$work/nc.sock" || { fail "no socket"; done_testing; exit 1; }
logins 200 >/dev/null || fail "logins with the log unread (2)"
t0=$(ms)
kill -TERM "$pid"
while kill -0 "$pid" 2>/dev/null && [ $(( $(ms) - t0 )) -lt 2000 ]; do
	sleep 0.05
done
if kill -0 "$pid" 2>/dev/null; then
	fail "still running 2 s after SIGTERM with the log unread"
else
	wait "$pid"
	st=$?
	pid=
	[ "$st" = 0 ] && pass "SIGTERM with the log unread: exit 0 in $(( $(ms) - t0 )) ms" ||
	    fail "SIGTERM with the log unread: exit status $st"
fi
done_testing
