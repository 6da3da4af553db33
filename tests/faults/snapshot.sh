#!/bin/sh
# tests/faults/snapshot.sh: faults tests/sources/file.sh does not cover.
#  1. The daemon not root (as nobody, through setpriv, when run as root):
#     the snapshot made unreadable by its mode, and its directory made
#     unsearchable; the snapshot deleted, then recreated by writing a new
#     file in place.  Each failure is logged and the sessions stay; the
#     repaired file is taken again.
#  2. SIGTERM while the simulator loads 500,000 sessions, and while it
#     churns them, with 5 NETCONF clients reading: exit status 0 within
#     20 s, the socket removed, no sanitizer report (leaks included, in the
#     ASan build); and with a client that does not read its <get>.
#  3. A FIFO at the snapshot's path: refused at start-up and by -n, with a
#     line saying what it is; put there while the daemon runs, SIGHUP and
#     the change check refuse it too, the sessions stay, and SIGTERM still
#     ends the daemon at once (before: the loader blocked in open for good).
. "$TESTDATA/lib.sh"
. "$TESTDATA/sources/lib.sh"
PY=/usr/bin/python3

has_total() {
	[ "$(total "$1")" = "$2" ]
}

# hup_result NAME TEXT: SIGHUP, then wait for its result line; it has TEXT.
hup_result() {
	_from=$(log_lines "$1")
	kill -HUP "$(src_pid "$1")"
	until_ok 20 log_grows "$1" "$_from" "SIGHUP: reload failed\|SIGHUP: reloaded"
	log_grows "$1" "$_from" "$2"
}

# 1. Not root.
D=$work/snap
F=$D/sessions.xml
mkdir "$D" && "$MKXML" 300 1 >"$work/a.xml" && "$MKXML" 500 2 >"$work/b.xml" &&
    "$MKXML" 700 3 >"$work/c.xml" || exit 99
cp "$work/a.xml" "$F" && chmod 644 "$F" && chmod 755 "$D" || exit 99
if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1 || ! id nobody >/dev/null 2>&1
	then
		echo "SKIP: root, and no setpriv or no user nobody to run as"
		exit 77
	fi
	# The daemon creates its socket in $work: let nobody own it.  The YANG
	# modules go there too: the source tree may be private (a CI clone in
	# a mode-700 temporary directory).
	chown nobody "$work" || exit 99
	mkdir "$work/yang" && cp "$SRCDIR"/yang/*.yang "$work/yang/" &&
	    chmod -R a+rX "$work/yang" || exit 99
	YANG_DIR=$work/yang
	cp "$FLOWAGENTD" "$work/flowagentd.bin" && chmod 755 "$work/flowagentd.bin" ||
	    exit 99
	cat >"$work/as-nobody" <<EOS
#!/bin/sh
exec setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups \
    "$work/flowagentd.bin" "\$@"
EOS
	chmod 755 "$work/as-nobody"
	REAL_FLOWAGENTD=$FLOWAGENTD
	FLOWAGENTD=$work/as-nobody
	who=nobody
else
	REAL_FLOWAGENTD=$FLOWAGENTD
	who=$(id -un)
fi
src_start u --source "file:$F"
FLOWAGENTD=$REAL_FLOWAGENTD
[ "$(awk '$1 == "Uid:" { print $2 }' "/proc/$(src_pid u)/status")" = \
    "$(id -u "$who")" ] && pass "flowagentd runs as $who" ||
    fail "flowagentd does not run as $who"
has_total u 300 && pass "as $who: 300 sessions loaded" ||
    fail "as $who: $(total u) sessions, wanted 300"

# (a) Mode 000: SIGHUP fails, logged; the change check (once a second)
# does not drop the sessions either.
chmod 000 "$F"
hup_result u "failed, keeping the previous state: $F: Permission denied" &&
    pass "mode 000: SIGHUP fails with Permission denied, logged" ||
    fail "mode 000: no Permission denied failure in the log"
holds 2 has_total u 300 && pass "mode 000: the sessions stay" ||
    fail "mode 000: $(total u) sessions"
# A new, unreadable snapshot renamed in: noticed, refused, logged.
_from=$(log_lines u)
cp "$work/b.xml" "$D/new" && chmod 000 "$D/new" && mv "$D/new" "$F"
until_ok 10 log_grows u "$_from" "reload failed.*Permission denied" &&
    pass "unreadable snapshot renamed in: the change is noticed, refused, logged" ||
    fail "unreadable snapshot renamed in: no failure in the log"
has_total u 300 && pass "unreadable snapshot renamed in: the sessions stay" ||
    fail "unreadable snapshot renamed in: $(total u) sessions"
# Readable again.  Only the mode changed (not the inode, size or time the
# change check compares): SIGHUP takes it.
chmod 644 "$F"
hup_result u "SIGHUP: reloaded file:$F: 500 sessions" &&
    pass "readable again: SIGHUP loads it" ||
    fail "readable again: SIGHUP did not load 500 sessions"
has_total u 500 || fail "readable again: $(total u) sessions"

# (b) The directory unsearchable: stat and open fail with EACCES.
chmod 700 "$D"
hup_result u "failed, keeping the previous state: $F: Permission denied" &&
    pass "directory mode 700 (root's): SIGHUP fails, logged" ||
    fail "directory mode 700: no Permission denied failure in the log"
holds 2 has_total u 500 && pass "directory mode 700: the sessions stay" ||
    fail "directory mode 700: $(total u) sessions"
chmod 755 "$D"

# (c) Deleted, then recreated by writing a new file (not a rename).
rm -f "$F"
holds 2 has_total u 500 && pass "deleted: the sessions stay" ||
    fail "deleted: $(total u) sessions"
_from=$(log_lines u)
cat "$work/c.xml" >"$F"
until_ok 10 has_total u 700 &&
    pass "recreated in place: loaded without a signal (700 sessions)" ||
    fail "recreated in place: $(total u) sessions after 10 s"
kill -0 "$(src_pid u)" 2>/dev/null && pass "flowagentd ($who) survived" ||
    fail "flowagentd ($who) died"
src_stop u

# 2. SIGTERM under load.  term_check NAME WHAT: SIGTERM; it must end with
# status 0 within 20 s, remove its socket, and report nothing.
term_check() {
	_p=$(src_pid "$1")
	kill -TERM "$_p"
	_d=$(( $(date +%s) + 20 ))
	while kill -0 "$_p" 2>/dev/null && [ "$(date +%s)" -lt "$_d" ]; do
		sleep 0.1
	done
	if kill -KILL "$_p" 2>/dev/null; then
		fail "$2: still running 20 s after SIGTERM"
	fi
	wait "$_p"
	_st=$?
	eval "src_pid_$1="
	[ "$_st" = 0 ] && pass "$2: SIGTERM, exit status 0" ||
	    fail "$2: SIGTERM, exit status $_st"
	[ ! -e "$work/$1.sock" ] && pass "$2: socket removed" ||
	    fail "$2: the UNIX socket is left behind"
	if grep -q "LeakSanitizer\|AddressSanitizer\|Sanitizer\|runtime error:" \
	    "$work/$1.log"; then
		fail "$2: sanitizer report in the log"
		grep -A 30 "Sanitizer\|runtime error:" "$work/$1.log" | head -n 60
	else
		pass "$2: no sanitizer or leak report"
	fi
}

# readers NAME: 5 clients reading without pause until the daemon goes (at
# most 60 s): summaries, and extensive XML of 2,000 sessions (about 3 MB):
# replies in flight at SIGTERM, but each one short.  (The daemon finishes
# the replies it is writing before it exits: whole <get>s of 500,000
# sessions, about 600 MB each, hold the exit up for as long as the readers
# take; see KNOWN_BUGS below.)
readers() {
	_i=0
	while [ $_i -lt 5 ]; do
		_i=$((_i + 1))
		"$PY" -u "$TESTDATA/faults/drain.py" "$work/$1.sock" 60 \
		    '<get-flow-session-information xmlns="urn:flowagent:yang:flowagent-session"><extensive/><count>2000</count></get-flow-session-information>' \
		    '<get-flow-session-information xmlns="urn:flowagent:yang:flowagent-session"><summary/></get-flow-session-information>' \
		    >"$work/reader-$1-$_i.out" 2>&1 &
		eval "reader_$_i=\$!"
	done
}
readers_wait() {
	_i=0
	while [ $_i -lt 5 ]; do
		_i=$((_i + 1))
		eval "wait \$reader_$_i"
	done
	echo "# readers: $(cat "$work"/reader-"$1"-*.out | tr '\n' ';')"
}

# (a) While loading: the socket is up before the loader has finished.
src_launch l --source sim:sessions=500000,churn=50000,seed=3
until_ok 20 test -S "$work/l.sock" || { cat "$work/l.log"; exit 99; }
readers l
sleep 0.3
term_check l "500,000 sessions loading, 5 readers"
readers_wait l

# (b) Loaded and churning 50,000/s, the readers in the middle of replies.
src_launch c --source sim:sessions=500000,churn=50000,seed=4
until_ok 30 log_grows c 0 "loaded sim:" || { cat "$work/c.log"; exit 99; }
readers c
sleep 3
term_check c "500,000 sessions churning 50,000/s, 5 readers"
readers_wait c

# A client that asked for a whole <get> and does not read it: SIGTERM ends
# its session (the relay closes it; libnetconf2's write fails) at once.
{
	src_launch s --source sim:sessions=100000,seed=5
	until_ok 20 test -S "$work/s.sock" || { cat "$work/s.log"; exit 99; }
	"$PY" -c 'import sys, time
sys.path.insert(0, sys.argv[1])
from ncraw import Conn
c = Conn(sys.argv[2])
c.send_rpc("<get/>")
time.sleep(60)' "$TESTDATA/faults" "$work/s.sock" &
	stuck=$!
	sleep 2
	term_check s "a client not reading its <get>"
	kill "$stuck" 2>/dev/null
	wait "$stuck" 2>/dev/null
}

# 3. A FIFO at the snapshot's path.
P=$work/fifo-dir/sessions.xml
mkdir "$work/fifo-dir" && mkfifo "$P" || exit 99
expect "a FIFO: -n refuses it" 1 timeout 10 "$FLOWAGENTD" -n --source "file:$P"
grep -q "$P: a FIFO; a snapshot must be a regular file" "$work/expect.err" &&
    pass "a FIFO: -n says what it is" || fail "a FIFO: -n: $(cat "$work/expect.err")"
expect "a FIFO: start-up refused" 1 timeout 10 "$FLOWAGENTD" -f --no-snmp \
    --no-netconf --source "file:$P"
rm -f "$P"
"$MKXML" 300 1 >"$P" || exit 99
src_start f --source "file:$P"
has_total f 300 || fail "a FIFO: 300 sessions before, got $(total f)"
rm -f "$P" && mkfifo "$P" || exit 99
_from=$(log_lines f)
until_ok 10 log_grows f "$_from" "$P: a FIFO; a snapshot must be a regular file" &&
    pass "a FIFO put in place: the change is noticed and refused, logged" ||
    fail "a FIFO put in place: no refusal in the log"
hup_result f "a FIFO; a snapshot must be a regular file" &&
    pass "a FIFO: SIGHUP refuses it" || fail "a FIFO: SIGHUP did not refuse it"
holds 2 has_total f 300 && pass "a FIFO: the sessions stay" ||
    fail "a FIFO: $(total f) sessions"
_p=$(src_pid f)
kill -TERM "$_p"
_d=$(( $(date +%s%N) / 1000000 + 2000 ))
while kill -0 "$_p" 2>/dev/null &&
    [ $(( $(date +%s%N) / 1000000 )) -lt "$_d" ]; do
	sleep 0.05
done
kill -0 "$_p" 2>/dev/null && fail "a FIFO: still running 2 s after SIGTERM" ||
    pass "a FIFO: SIGTERM ends the daemon within 2 s"
kill -KILL "$_p" 2>/dev/null
wait "$_p" 2>/dev/null
eval "src_pid_f="
done_testing
