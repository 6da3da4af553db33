#!/bin/sh
# GET and GETNEXT on the OIDs a manager should not send but may: missing
# rows, short and long indexes, indexes at the top of their range, unknown
# and unused columns, names before, between and after the tables.  Each must
# get the right answer from snmpd, and flowagentd must stay up.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"

snmp_start

# get_is OID WANT: snmpget's value (numeric, quick form) starts with WANT.
get_is() {
	got=$(snmpget $V3 -m '' -On -Oq -Ox "$AGENT" "$1" 2>&1 | head -n 1)
	case ${got#* } in
	"$2"*) pass "get $1: $2" ;;
	*) fail "get $1: got '$got', wanted '$2'" ;;
	esac
}

# next_is OID WANT: snmpgetnext returns the instance WANT.
next_is() {
	got=$(snmpgetnext $V3 -m '' -On -Oq "$AGENT" "$1" 2>&1 | head -n 1)
	case $got in
	"$2 "*|"$2") pass "getnext $1 -> $2" ;;
	*) fail "getnext $1: got '$got', wanted '$2'" ;;
	esac
}

NOINST="No Such Instance"
NOOBJ="No Such Object"
END="No more variables"
ID=0.10.1.0.410000664

agent_start
wait_agent
get_is "$SESS.6.$ID" '"70 31 2F 34 "'
get_is "$SESS.6.0.10.1.0.1" "$NOINST"
get_is "$SESS.6.0.10.2.0.410000664" "$NOINST"
get_is "$SESS.6" "$NOINST"
get_is "$SESS.6.0.10.1.0" "$NOINST"
get_is "$SESS.6.$ID.7" "$NOINST"
get_is "$SESS.6.0.10.1.4294967295.4294967295" "$NOINST"
get_is "$SESS.99.$ID" "$NOOBJ"
get_is "$SESS.22.$ID" "$NOOBJ"
get_is "$SESS.0.$ID" "$NOOBJ"
get_is "$ROOT.1.3" "$NOOBJ"
get_is "$ROOT.1.3.2.6.$ID" "$NOOBJ"
get_is "$PICT.3.0.10.4" "$NOINST"
get_is "$PICT.3.0.10" "$NOINST"
get_is "$PICT.3.0.10.1.0" "$NOINST"
get_is "$ROOT.1.1.1.0" "1"
get_is "$ROOT.1.1.1.1" "$NOINST"

next_is "$SESS.6" "$SESS.6.$ID"
next_is "$SESS.6.0.10" "$SESS.6.$ID"
next_is "$SESS.6.0.9.4294967295" "$SESS.6.$ID"
next_is "$SESS.6.0.10.1.0.410000663.4294967295" "$SESS.6.$ID"
next_is "$SESS.6.$ID" "$SESS.7.$ID"
next_is "$SESS.6.$ID.0" "$SESS.7.$ID"
next_is "$SESS.6.0.10.1.4294967295.4294967295" "$SESS.7.$ID"
next_is "$SESS.6.0.11" "$SESS.7.$ID"
next_is "$SESS.21.$ID" "$SESS.30.$ID"
next_is "$SESS.25" "$SESS.30.$ID"
next_is "$SESS.0" "$SESS.5.$ID"
next_is "$SESS" "$SESS.5.$ID"
next_is "$ROOT.1.3" "$SESS.5.$ID"
next_is "$ROOT.1.2" "$PICT.3.0.10.1"
next_is "$PICT.3.0.10.1" "$PICT.3.0.10.2"
next_is "$PICT.3.0.10.3" "$PICT.4.0.10.1"
next_is "$PICT.14.0.10.3" "$PICT.16.0.10.1"
next_is "$PICT.16.0.10.3" "$SESS.5.$ID"
next_is "$ROOT.1.1.4.0" "$PICT.3.0.10.1"
next_is "$ROOT" "$ROOT.1.1.1.0"
got=$(snmpgetnext $V3 -m '' -On -Oq "$AGENT" "$SESS.69.$ID" 2>&1)
case $got in *"$END"*) pass "getnext past the table: end of the view" ;;
*) fail "getnext past the table: $got" ;; esac
got=$(snmpgetnext $V3 -m '' -On -Oq "$AGENT" "$ROOT.1.3.2" 2>&1)
case $got in *"$END"*) pass "getnext past the entry: end of the view" ;;
*) fail "getnext past the entry: $got" ;; esac
agent_alive && pass "flowagentd alive (sample)" || fail "flowagentd died"
agent_stop

# Identifiers around and above 2^32 (ids64: 2^32, 17179902569, 2^64-1).
agent_start --source "file:$TESTDATA/conformance/cases/ids64.xml"
wait_agent
next_is "$SESS.6.0.3.0.0.4294967295" "$SESS.6.0.3.0.1.0"
next_is "$SESS.6.0.3.0.1.0" "$SESS.6.0.3.0.4.33385"
next_is "$SESS.6.0.3.0.4.33385" "$SESS.6.0.3.0.4294967295.4294967295"
next_is "$SESS.6.0.3.0.4294967295.4294967295" "$SESS.7.0.3.0.1.0"
get_is "$SESS.5.0.3.0.4294967295.4294967295" '"FF FF FF FF FF FF FF FF "'
get_is "$SESS.5.0.3.0.4.33385" '"00 00 00 04 00 00 82 69 "'
# Sub-identifiers of 2^31 and more (net-snmp sign-extends them).
next_is "$SESS.6.0.3.0.2147483648" "$SESS.6.0.3.0.4294967295.4294967295"
next_is "$SESS.6.0.3.0.4294967295" "$SESS.6.0.3.0.4294967295.4294967295"
agent_alive && pass "flowagentd alive (ids64)" || fail "flowagentd died"
agent_stop

# Sparse columns: a one-wing session has no Out instances; a session that
# is not the resource manager's has no client.
agent_start --source "file:$TESTDATA/conformance/cases/one-wing.xml"
wait_agent
OW=0.0.1.0.40000001
get_is "$SESS.31.$OW" '"C0 00 02 2C "'
get_is "$SESS.50.$OW" "$NOINST"
get_is "$SESS.16.$OW" "$NOINST"
next_is "$SESS.16" "$SESS.19.$OW"
got=$(snmpgetnext $V3 -m '' -On -Oq "$AGENT" "$SESS.49.$OW" 2>&1)
case $got in *"$END"*) pass "getnext after the last In column: end" ;;
*) fail "getnext after the last In column: $got" ;; esac
agent_alive && pass "flowagentd alive (one wing)" || fail "flowagentd died"
done_testing
