#!/bin/sh
# When snmpd dies and comes back, flowagentd reconnects and registers again
# by itself (every ping interval, 1 s here): the rows come back without
# restarting it.  Once killed outright, once stopped cleanly.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"

snmp_start
agent_start
wait_agent
pid=$agent_pid
total() {
	snmpget $V3 -m '' -Oqv -t 1 -r 0 "$AGENT" $ROOT.1.1.1.0 2>/dev/null
}
[ "$(total)" = 1 ] && pass "rows served" || fail "rows served"

for how in KILL TERM; do
	kill -$how "$snmpd_pid"
	wait "$snmpd_pid" 2>/dev/null
	snmpd_pid=
	# systemd's RuntimeDirectory would clear a stale socket; so do we.
	rm -f "$work/agentx.sock"
	agent_alive && pass "flowagentd survives snmpd's SIG$how" ||
	    fail "flowagentd died with snmpd (SIG$how)"
	snmp_start
	if until_ok 20 agent_registered && [ "$(total)" = 1 ]; then
		pass "rows back after snmpd restarted (SIG$how)"
	else
		fail "rows not back after SIG$how"
		tail -n 20 "$work/flowagentd.log"
	fi
	[ "$agent_pid" = "$pid" ] && agent_alive &&
	    pass "same flowagentd process" || fail "flowagentd restarted"
done
grep -q "reconnecting\|subagent connected" "$work/flowagentd.log" &&
    pass "reconnection logged" || fail "reconnection not logged"
done_testing
