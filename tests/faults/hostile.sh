#!/bin/sh
# tests/faults/hostile.sh: NETCONF clients that attack, as an attacker and
# as bad luck would (hostile.py does the clients):
#  - framing: chunk headers of size 0, 00, x, -1 (base:1.1; size 0 crashed
#    libnetconf2 2.0.24), a request over netconf-max-message, and XML that is
#    not well-formed (DTD, entities, NUL, bad UTF-8, unclosed, not <rpc>) on
#    base:1.0 and 1.1: the rpc-error RFC 6241 names, the daemon unharmed;
#  - accept: clients trickling their hello, over UNIX, over SSH before the
#    key exchange and after the login: a new login within 2 s, the
#    tricklers cut at the hello deadline; ten idle SSH connections from
#    another address, reopened as they drop, keep nobody out;
#  - stall: four clients not reading a 100,000-session <get>: another
#    session answered within 1 s, the four disconnected by the write
#    timeout; a 4 GB chunk header trickled: too-big, nothing held;
#  - memory: a client not reading under churn: RSS bounded, returned after;
#  - limits: netconf-max-sessions, netconf-max-sessions-per-user; 64 idle
#    sessions cost no CPU;
#  - a second daemon on a live socket path refuses to start; on a stale
#    one (the first killed) it starts.
. "$TESTDATA/lib.sh"
. "$TESTDATA/netconf/lib.sh"
nc_need_py paramiko python3-paramiko
nc_setup
HOSTILE=$TESTDATA/faults/hostile.py
LIMITS="--netconf-hello-timeout 3 --netconf-write-timeout 3"

hostile() {	# NAME ARGS...: hostile.py ARGS, its lines counted here
	_n=$1
	shift
	timeout -k 5 180 "$PY" -u "$HOSTILE" "$@" >"$work/py-$_n.out" 2>&1
	_st=$?
	cat "$work/py-$_n.out"
	_pass=$((_pass + $(grep -c '^ok ' "$work/py-$_n.out")))
	_fail=$((_fail + $(grep -c '^not ok ' "$work/py-$_n.out")))
	[ "$_st" = 0 ] || [ "$(grep -c '^not ok ' "$work/py-$_n.out")" != 0 ] ||
	    fail "hostile.py $1 exited $_st"
}

# Framing, accept, idle sessions: the sample, hello deadline 3 s, 64 KiB
# requests at most.
nc_start a $LIMITS --netconf-max-message 65536 \
    --netconf-max-sessions-per-user 64 --netconf-max-sessions 100
hostile framing framing "$NC_SOCK"
nc_alive a && pass "alive after the framing attacks" ||
    fail "died in the framing attacks"
hostile accept accept "$NC_SOCK" "$NC_PORT" "$NC_KEY" "$NC_USER"
hostile idle idle "$NC_SOCK" "$NC_PID" 64
nc_alive a && pass "alive after the accept attacks" ||
    fail "died in the accept attacks"

# A second daemon on the same socket path: refused while the first lives.
expect "a second daemon on a live socket path exits 1" 1 timeout 20 \
    "$FLOWAGENTD" -f --no-snmp --yang-dir "$SRCDIR/yang" \
    --netconf-unix "$NC_SOCK"
grep -q "$NC_SOCK: in use" "$work/expect.err" &&
    pass "and says the path is in use" ||
    fail "no 'in use': $(cat "$work/expect.err")"
[ -S "$NC_SOCK" ] && "$FLOWCLI" -H "unix:$NC_SOCK" show security flow \
    session summary >/dev/null 2>&1 &&
    pass "the first still serves on it" || fail "the first lost its socket"
nc_stop a

# Stalled readers: 100,000 simulated sessions, write timeout 3 s.
nc_start s $LIMITS --source sim:sessions=100000,seed=7
hostile stall stall "$NC_SOCK" "$NC_PID"
nc_alive s && pass "alive after the stalls" || fail "died in the stalls"
nc_stop s

# Memory under churn.  AddressSanitizer's quarantine would hide or fake
# growth: make it small.
if ldd "$FLOWAGENTD" 2>/dev/null | grep -q libasan; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
	export ASAN_OPTIONS
fi
nc_start m $LIMITS --source sim:sessions=100000,churn=100000,seed=7
hostile memory memory "$NC_SOCK" "$NC_PID"
nc_stop m

# Session limits.
nc_start l --netconf-max-sessions 5
hostile max-sessions limit "$NC_SOCK" 5
nc_stop l
nc_start u --netconf-max-sessions-per-user 2
hostile per-user limit "$NC_SOCK" 2
grep -q "already 2 sessions (netconf-max-sessions-per-user)" "$work/u.log" &&
    pass "the per-user refusal is logged" || fail "no per-user refusal logged"
# Killed outright, it leaves its socket file: a new daemon takes the path.
kill -KILL "$NC_PID"
wait "$NC_PID" 2>/dev/null
eval "nc_pid_u="
[ -S "$work/u.sock" ] || fail "SIGKILL left no socket file to test with"
nc_start u
pass "a new daemon starts on a stale socket path"
nc_stop u
done_testing
