#!/bin/sh
# tests/faults/netconf.sh: NETCONF clients that go away in the middle of a
# large streamed reply, or stop reading it: the server frees their
# sessions, keeps serving everyone else at normal speed, and does not
# buffer the unread reply (nc_faults.py, raw NETCONF 1.0 over the UNIX
# socket).  The store: the simulator's 100,000 sessions.
. "$TESTDATA/lib.sh"
. "$TESTDATA/sources/lib.sh"
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "SKIP: /usr/bin/python3 is missing"
	exit 77
fi

# A sanitizer build: AddressSanitizer keeps freed memory in quarantine (up
# to 256 MB), which would hide or fake growth; make it small.
if ldd "$FLOWAGENTD" 2>/dev/null | grep -q libasan; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
	export ASAN_OPTIONS
fi
src_start f --source sim:sessions=100000,seed=7
pid=$(src_pid f)
timeout -k 5 120 "$PY" -u "$TESTDATA/faults/nc_faults.py" "$work/f.sock" \
    "$pid" >"$work/py.out" 2>&1
st=$?
cat "$work/py.out"
_pass=$((_pass + $(grep -c '^ok ' "$work/py.out")))
_fail=$((_fail + $(grep -c '^not ok ' "$work/py.out")))
[ "$st" = 0 ] || [ "$(grep -c '^not ok ' "$work/py.out")" != 0 ] ||
    fail "nc_faults.py exited $st"
kill -0 "$pid" 2>/dev/null && pass "flowagentd survived" ||
    fail "flowagentd died"
src_stop f
done_testing
