#!/bin/sh
# tests/snmp/cluster.sh: a chassis cluster reply (Junos 24.4, two nodes, ids
# out of order, the same id on both nodes, the CLI logged in on node1, the
# secondary) served by one flowagentd, read three ways: the text over
# NETCONF in the reply's order, node by node (node N, local, primary, as a
# <command> and as the RPC's <node> input); the SNMP walk in index order,
# node by node.  Then --junos-release on data that names none: the NETCONF
# text and XML, the SNMP text column and get-software-information follow it.
. "$TESTDATA/lib.sh"
. "$TESTDATA/snmp/lib.sh"

X=$TESTDATA/snmp/cluster.xml
SAMPLE=$EXAMPLES/sample-sessions.xml
H=unix:$work/nc.sock

show() {
	"$FLOWCLI" -H "$H" show security flow session "$@"
}

# same LABEL WANT GOT
same() {
	if cmp -s "$2" "$3"; then pass "$1"; else
		fail "$1"
		diff "$2" "$3" | head -n 20
	fi
}

# rpc XML: one NETCONF 1.0 request through flowcli's relay; the reply.
rpc() {
	printf '%s]]>]]>%s]]>]]>%s]]>]]>' \
	    '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>' \
	    "<rpc message-id=\"1\" xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">$1</rpc>" \
	    '<rpc message-id="2" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><close-session/></rpc>' |
	    timeout 20 "$FLOWCLI" netconf --socket "$work/nc.sock"
}

nc_ready() {
	show summary >/dev/null 2>&1
}

snmp_start
agent_start --source "file:$X" --netconf-unix "$work/nc.sock" \
    --yang-dir "$SRCDIR/yang"
wait_agent
until_ok 20 nc_ready || { cat "$work/flowagentd.log"; exit 99; }

# The text: the reply's order within each node, nodes never merged.
for view in default brief extensive summary; do
	lv=$view
	[ $view = default ] && lv=
	show $lv >"$work/got"
	"$FLOWCLI" render --view $view "$X" >"$work/want"
	same "NETCONF show $view: as flowcli render, the reply's order" \
	    "$work/want" "$work/got"
done
ids=$(show | sed -n 's/^Session ID: \([0-9]*\),.*/\1/p' | tr '\n' ' ')
[ "$ids" = "300 100 200 200 50 " ] &&
    pass "sessions in the reply's order, node by node: $ids" ||
    fail "sessions in order '$ids', wanted '300 100 200 200 50 '"

# Node filters: a number, local (node1: the banner says secondary:node1)
# and primary (then node0).
for n in 0 1 local primary; do
	show node $n >"$work/got"
	"$FLOWCLI" render --node $n "$X" >"$work/want"
	same "show ... node $n: as flowcli render --node $n" "$work/want" \
	    "$work/got"
done
show node local | grep -q '^node1:' && ! show node local | grep -q '^node0:' &&
    pass "node local is node1 (the prompt tag)" ||
    fail "node local is not node1 alone"
show node primary | grep -q '^node0:' &&
    ! show node primary | grep -q '^node1:' &&
    pass "node primary is node0 (node1 is secondary)" ||
    fail "node primary is not node0 alone"
show '| display xml' | grep -q '<banner>{secondary:node1}</banner>' &&
    pass "| display xml: the prompt tag {secondary:node1}" ||
    fail "| display xml: no prompt tag {secondary:node1}"

# The RPC's own <node> input.
rpc '<get-flow-session-information xmlns="urn:flowagent:yang:flowagent-session"><node>1</node><format>text</format></get-flow-session-information>' \
    >"$work/rpc"
grep -q 'Session ID: 50,' "$work/rpc" && ! grep -q 'Session ID: 300,' "$work/rpc" &&
    grep -q 'node1:' "$work/rpc" && pass "RPC <node>1</node>: node1's sessions" ||
    { fail "RPC <node>1</node>"; head -c 2000 "$work/rpc"; }
rpc '<get-flow-session-information xmlns="urn:flowagent:yang:flowagent-session"><node>2x</node></get-flow-session-information>' \
    >"$work/rpc"
grep -q '<rpc-error>' "$work/rpc" && pass "RPC <node>2x</node>: rpc-error" ||
    { fail "RPC <node>2x</node>: no rpc-error"; head -c 2000 "$work/rpc"; }

# SNMP: index order (node, FPC, PIC, id), each node its own rows.
v3walk() {
	snmpwalk $V3 -On "$AGENT" "$@"
}
v3walk FLOWAGENT-SESSION-MIB::flowSessPolicy >"$work/walk" 2>&1
rows=$(sed -n "s/^$SESS\.[0-9]*\.\([0-9]*\)\.[0-9]*\.[0-9]*\.0\.\([0-9]*\) = STRING: \"*\([^\"]*\)\"*/\1:\2:\3/p" \
    "$work/walk" | tr '\n' ' ')
[ "$rows" = "0:100:p/2 0:200:p/3 0:300:p/1 1:50:q/2 1:200:q/1 " ] &&
    pass "SNMP walk: node 0 then node 1, ids ascending: $rows" ||
    { fail "SNMP walk rows '$rows'"; head -n 20 "$work/walk"; }
# Node 1 alone: its subtree of the column (the index starts with the node).
v3walk "$SESS.6.1" >"$work/walk1" 2>&1
rows=$(sed -n "s/^$SESS\.6\.1\.[0-9]*\.[0-9]*\.0\.\([0-9]*\) = STRING: \"*\([^\"]*\)\"*/\1:\2/p" \
    "$work/walk1" | tr '\n' ' ')
[ "$rows" = "50:q/2 200:q/1 " ] &&
    pass "SNMP walk of node 1: node 1's sessions alone, ids ascending: $rows" ||
    { fail "SNMP walk of node 1: '$rows'"; head -n 20 "$work/walk1"; }
snmpget $V3 -Oqv "$AGENT" "$SESS.21.1.0.0.0.50" >"$work/text" 2>&1
grep -q 'HA State: Backup' "$work/text" && grep -q 'Conn Tag: 0x0' "$work/text" &&
    pass "SNMP flowSessText of node1's session 50: the 24.4 text" ||
    { fail "SNMP flowSessText of node1's 50"; cat "$work/text"; }
agent_stop

# --junos-release: the sample names no release (the product page's form).
agent_start --netconf-unix "$work/nc.sock" --yang-dir "$SRCDIR/yang"
wait_agent
until_ok 20 nc_ready || { cat "$work/flowagentd.log"; exit 99; }
snmpget $V3 -Oqv "$AGENT" "$SESS.21.0.10.1.0.410000664" >"$work/text0" 2>&1
grep -q 'Conn Tag' "$work/text0" &&
    fail "the sample's SNMP text has Conn Tag without --junos-release" ||
    pass "without --junos-release: the product page's text (no Conn Tag)"
agent_stop
agent_start --junos-release 23.4R1 --netconf-unix "$work/nc.sock" \
    --yang-dir "$SRCDIR/yang"
wait_agent
until_ok 20 nc_ready || { cat "$work/flowagentd.log"; exit 99; }
for view in default extensive; do
	lv=$view
	[ $view = default ] && lv=
	show $lv >"$work/got"
	"$FLOWCLI" render --junos-release 23.4R1 --view $view "$SAMPLE" \
	    >"$work/want"
	same "--junos-release 23.4R1: show $view as flowcli render --junos-release" \
	    "$work/want" "$work/got"
done
show extensive '| display xml' | grep -q 'junos/23.4R1/junos-flow' &&
    pass "--junos-release 23.4R1: the XML names 23.4R1" ||
    fail "--junos-release 23.4R1: the XML does not name 23.4R1"
snmpget $V3 -Oqv "$AGENT" "$SESS.21.0.10.1.0.410000664" >"$work/text" 2>&1
grep -q 'Conn Tag: 0x0' "$work/text" && grep -q 'Session State: Valid' "$work/text" &&
    pass "--junos-release 23.4R1: the SNMP text column in 23.4's form" ||
    { fail "--junos-release 23.4R1: SNMP text"; cat "$work/text"; }
rpc '<get-software-information/>' >"$work/rpc"
grep -q '<junos-version>23.4R1</junos-version>' "$work/rpc" &&
    pass "--junos-release 23.4R1: get-software-information says 23.4R1" ||
    { fail "get-software-information"; head -c 2000 "$work/rpc"; }
agent_stop
"$FLOWAGENTD" -n --no-snmp --junos-release 'x<y' >"$work/bad" 2>&1 &&
    fail "--junos-release 'x<y' accepted" ||
    { grep -q "bad release" "$work/bad" &&
      pass "--junos-release 'x<y': refused, said why" ||
      fail "--junos-release 'x<y': $(cat "$work/bad")"; }

done_testing
