#!/bin/sh
# When snmpd dies and comes back, flowagentd reconnects and registers again
# by itself, within its ping interval (--agentx-ping-interval; plus one
# second for the rows to be read back): the rows come back without
# restarting it.  Once killed outright, once stopped cleanly, at 1 s and at
# 3 s.  A second flowagentd whose registration the master refuses says so
# instead of "registered".
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"

total() {
	snmpget $V3 -m '' -Oqv -t 1 -r 0 "$AGENT" $ROOT.1.1.1.0 2>/dev/null
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# within MS: the rows are back within MS milliseconds (checked every 50 ms).
within() {
	_end=$(( $(ms) + $1 ))
	while ! agent_registered; do
		[ "$(ms)" -ge "$_end" ] && return 1
		sleep 0.05
	done
}

snmp_start
for interval in 1 3; do
	agent_start --agentx-ping-interval $interval
	wait_agent
	pid=$agent_pid
	[ "$(total)" = 1 ] && pass "rows served (ping $interval s)" ||
	    fail "rows served (ping $interval s)"
	for how in KILL TERM; do
		kill -$how "$snmpd_pid"
		wait "$snmpd_pid" 2>/dev/null
		snmpd_pid=
		# systemd's RuntimeDirectory would clear a stale socket; so do we.
		rm -f "$work/agentx.sock"
		agent_alive && pass "flowagentd survives snmpd's SIG$how" ||
		    fail "flowagentd died with snmpd (SIG$how)"
		snmp_start
		t0=$(ms)
		# Under valgrind everything is slower: the interval still counts.
		if within $(( (interval + 1) * 1000 ${FLOWAGENTD_WRAPPER:+* 5} )) &&
		    [ "$(total)" = 1 ]; then
			pass "rows back $(( $(ms) - t0 )) ms after snmpd restarted (SIG$how, ping $interval s)"
		else
			fail "rows not back within $((interval + 1)) s after SIG$how (ping $interval s)"
			tail -n 20 "$work/flowagentd.log"
		fi
		[ "$agent_pid" = "$pid" ] && agent_alive &&
		    pass "same flowagentd process" || fail "flowagentd restarted"
	done
	agent_stop
done
grep -q "AgentX: connected to .*registered" "$work/flowagentd.log" &&
    pass "reconnection logged" || fail "reconnection not logged"

# Two subagents for one subtree: the master refuses the second.
agent_start
wait_agent
first=$agent_pid
: >"$work/second.log"
"$FLOWAGENTD" -f -x "$work/agentx.sock" --agentx-ping-interval 1 \
    >"$work/second.log" 2>&1 &
second=$!
if until_ok 10 grep -q "AgentX: connected" "$work/second.log" &&
    grep -q "refused [0-9]* registrations\{0,1\}: .*not served" "$work/second.log" &&
    ! grep -q "registered" "$work/second.log"; then
	pass "a refused registration is logged as refused"
else
	fail "a refused registration is logged as refused"
	cat "$work/second.log"
fi
kill "$second"
wait "$second" 2>/dev/null
agent_pid=$first
[ "$(total)" = 1 ] && pass "the first subagent still serves" ||
    fail "the first subagent still serves"
done_testing
