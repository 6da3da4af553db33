#!/bin/sh
# tests/load/load.sh: flowagentd under load for LOAD_SECONDS (default 20):
# the simulator replacing 5,000 of its 20,000 sessions a second while 20
# NETCONF sessions (load.py, over the UNIX socket) and 4 SNMP walkers
# (snmpbulkwalk through a private snmpd: 2 of flowPicTable, 2 of the
# flowSessState column of flowSessionTable) read without pause.  No error
# reply, no failed walk, no crash; every NETCONF reply agrees with itself
# (its summary's counts = its rows); the daemon's memory flat after
# warm-up; and it still exits 0 on SIGTERM, with no sanitizer report.
# make bench runs it for 120 s.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"
SECS=${LOAD_SECONDS:-20}
SIM=${LOAD_SOURCE:-sim:sessions=20000,churn=5000,seed=5}
if [ ! -x /usr/bin/python3 ]; then
	echo "SKIP: /usr/bin/python3 is missing"
	exit 77
fi

show_log() {
	echo "---- flowagentd.log (last 60 lines)"
	tail -n 60 "$work/flowagentd.log"
}

snmp_start
agent_start --source "$SIM" --netconf-unix "$work/nc.sock" \
    --yang-dir "$SRCDIR/yang"
wait_agent
until_ok 20 test -S "$work/nc.sock" || { show_log; exit 99; }

# walker N OID: walks OID until $work/stop appears; one line per walk:
# "ok LINES" or "fail STATUS".
walker() {
	while [ ! -e "$work/stop" ]; do
		snmpbulkwalk $V3 -t 10 -r 1 -Cr50 -Oq "$AGENT" "$2" \
		    >"$work/walk-$1.out" 2>"$work/walk-$1.err"
		_st=$?
		if [ "$_st" = 0 ] && ! grep -qi "timeout\|error\|no such" \
		    "$work/walk-$1.out" "$work/walk-$1.err"; then
			echo "ok $(wc -l <"$work/walk-$1.out")"
		else
			echo "fail $_st $(head -c 300 "$work/walk-$1.err")"
		fi
	done >"$work/walker-$1.log"
}
walker 1 FLOWAGENT-SESSION-MIB::flowPicTable &
w1=$!
walker 2 FLOWAGENT-SESSION-MIB::flowPicTable &
w2=$!
walker 3 FLOWAGENT-SESSION-MIB::flowSessState &
w3=$!
walker 4 FLOWAGENT-SESSION-MIB::flowSessState &
w4=$!

timeout -k 5 $((SECS + 120)) /usr/bin/python3 -u "$TESTDATA/load/load.py" \
    "$work/nc.sock" "$agent_pid" "$SECS" 20 >"$work/py.out" 2>&1
st=$?
touch "$work/stop"
wait $w1 $w2 $w3 $w4
cat "$work/py.out"
_pass=$((_pass + $(grep -c '^ok ' "$work/py.out")))
_fail=$((_fail + $(grep -c '^not ok ' "$work/py.out")))
[ "$st" = 0 ] || [ "$(grep -c '^not ok ' "$work/py.out")" != 0 ] ||
    fail "load.py exited $st"

walks=$(cat "$work"/walker-*.log | grep -c '^ok ')
bad=$(cat "$work"/walker-*.log | grep -c -v '^ok ')
pic_rows=$(cat "$work"/walker-[12].log | awk '$1 == "ok" { print $2 }' |
    sort -u | tr '\n' ' ')
sess_rows=$(cat "$work"/walker-[34].log | awk '$1 == "ok" { n++; s += $2 }
    END { if (n) printf "%d walks, %.0f rows on average", n, s / n }')
echo "# SNMP: $walks walks in ${SECS} s; flowPicTable walks of $pic_rows" \
    "lines; flowSessState: $sess_rows"
[ "$bad" = 0 ] && [ "$walks" -gt 4 ] &&
    pass "$walks SNMP walks, none failed" ||
    { fail "$bad of $((walks + bad)) SNMP walks failed"
      grep -v '^ok ' "$work"/walker-*.log | head -n 5; }

if agent_alive; then
	pass "flowagentd survived"
	kill -TERM "$agent_pid"
	_d=$(( $(date +%s) + 20 ))
	while kill -0 "$agent_pid" 2>/dev/null && [ "$(date +%s)" -lt "$_d" ]
	do
		sleep 0.1
	done
	kill -KILL "$agent_pid" 2>/dev/null && fail "still running 20 s after SIGTERM"
	wait "$agent_pid"
	_st=$?
	agent_pid=
	[ "$_st" = 0 ] && pass "SIGTERM: exit status 0" ||
	    fail "SIGTERM: exit status $_st"
else
	fail "flowagentd died"
fi
if grep -q "Sanitizer\|runtime error:" "$work/flowagentd.log"; then
	fail "sanitizer report in flowagentd's log"
fi
[ "$_fail" = 0 ] || show_log
done_testing
