#!/bin/sh
# The conntrack source on a real FTP transfer through a router namespace
# with the ftp helper (nftables "ct helper"): flowagentd runs in the
# router; its sessions are read over NETCONF (flowcli -H unix:, and a
# <get> with python3-ncclient) and over SNMP (a private snmpd on the host's
# loopback, AgentX over a UNIX socket).  While the client holds its control
# connection open, the control session is a resource-manager session
# ("FTP ALG", resource 0) and the data connection joins its group; the
# counts grow with a second transfer (refresh=2 s); once the client quits
# and `conntrack -D` removes the entries, they are gone from all three.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"
. "$TESTDATA/conntrack/lib.sh"

"$PY" -c 'import pyftpdlib, ftplib' 2>/dev/null ||
    skip "/usr/bin/python3 cannot import pyftpdlib (Debian package python3-pyftpdlib)"
"$PY" -c 'import ncclient, lxml' 2>/dev/null ||
    skip "/usr/bin/python3 cannot import ncclient (Debian package python3-ncclient)"

ct_setup
ct_nft 'table inet fa_ftp {
	ct helper ftp-standard {
		type "ftp" protocol tcp
	}
	chain pre {
		type filter hook prerouting priority filter; policy accept;
		tcp dport 21 ct helper set "ftp-standard"
	}
}'

REFRESH=2
snmp_start
ct_agent_start -x "$work/agentx.sock" --agentx-ping-interval 1 \
    -s "conntrack:refresh=$REFRESH"
wait_agent
pass "flowagentd runs in the router, registered with snmpd, serves NETCONF"

# The FTP server and a client holding its control connection.
mkdir -p "$work/ftp" "$work/cl"
head -c 300000 /dev/urandom >"$work/ftp/data.bin"
ct_spawn "$S" ftpd.log "$PY" "$CTDIR/ftp_server.py" 198.51.100.2 "$work/ftp"
until_ok 10 ins sh -c 'ss -Hltn "sport = :21" | grep -q LISTEN' ||
    { echo "the FTP server did not start"; exit 99; }
ct_spawn "$C" ftp.log "$PY" "$CTDIR/ftp_client.py" 198.51.100.2 "$work/cl"
client_pid=$spawned
until_ok 15 test -e "$work/cl/ready" ||
    { echo "the FTP client did not log in"; exit 99; }
touch "$work/cl/go1"
until_ok 20 test -e "$work/cl/done1" ||
    { echo "the first transfer did not finish"; exit 99; }
[ "$(cat "$work/cl/done1")" = 300000 ] &&
    pass "the client fetched 300000 bytes over FTP through the router" ||
    fail "the first transfer got $(cat "$work/cl/done1") bytes"

ctrl=$(ct_ids -p tcp --dport 21)
# The data connection: to a passive port (60000-60099).
data=$(inr conntrack -L -p tcp -o id 2>/dev/null | grep ' dport=600[0-9][0-9] ' |
    sed -n 's/.*id=\([0-9][0-9]*\).*/\1/p' | head -n 1)
if [ -z "$ctrl" ] || [ -z "$data" ]; then
	echo "no control or data entry in the router's conntrack table:"
	inr conntrack -L
	exit 99
fi
echo "# control connection $ctrl, data connection $data"

# The text views (flowcli over the NETCONF UNIX socket).
ext() { show resource-manager extensive >"$work/ext" 2>&1; }
has_ctrl() { ext && grep -q "^Session ID: $ctrl, " "$work/ext"; }
until_ok 10 has_ctrl
session_block "$work/ext" "$ctrl" >"$work/ctrl"
grep -q "^Client: FTP ALG, Group: [0-9]*, Resource: 0$" "$work/ctrl" &&
    pass "resource-manager extensive: control session, Client: FTP ALG, resource 0" ||
    { fail "control session's Client line"; cat "$work/ext"; }
group=$(sed -n 's/^Client: FTP ALG, Group: \([0-9]*\),.*/\1/p' "$work/ctrl")
grep -q "Application: junos-ftp/1$" "$work/ctrl" &&
    pass "its application is junos-ftp" || fail "application"
grep -q "^   In: 192.0.2.2/[0-9]* --> 198.51.100.2/21;tcp, $" "$work/ctrl" &&
    grep -q "^   Out: 198.51.100.2/21 --> 192.0.2.2/[0-9]*;tcp, $" "$work/ctrl" &&
    pass "In is the original tuple, Out the reply tuple" ||
    { fail "wings"; cat "$work/ctrl"; }
awk '/^   In:/ { w = "in" } /^   Out:/ { w = "out" }
    /Interface:/ { print w, $2 }' "$work/ctrl" >"$work/ifs"
grep -qx "in r0," "$work/ifs" && grep -qx "out r1," "$work/ifs" &&
    pass "interfaces from the routes: In r0 (to the client), Out r1 (to the server)" ||
    { fail "interfaces"; cat "$work/ifs"; }
grep -q "^Session State: Valid$" "$work/ctrl" &&
    grep -q "^Maximum timeout: $(inr cat /proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established), Current timeout: [0-9]*$" "$work/ctrl" &&
    pass "ESTABLISHED: Valid, maximum timeout nf_conntrack_tcp_timeout_established" ||
    { fail "state and timeouts"; cat "$work/ctrl"; }
grep -q "^Policy name: N/A$" "$work/ctrl" && grep -q "^Status: \|, Status: Normal$" "$work/ctrl" &&
    pass "policy N/A (no marks map), status Normal" || fail "policy/status"
session_block "$work/ext" "$data" >"$work/data"
grep -q "^Client: FTP ALG, Group: $group, Resource: 1$" "$work/data" &&
    pass "the data connection joins group $group as resource 1 (its expectation's)" ||
    { fail "data connection's group"; cat "$work/ext"; }
show resource-manager >"$work/default" 2>&1
session_block "$work/default" "$ctrl" | grep -q "^Resource information : FTP ALG, $group, 0$" &&
    pass "default view: Resource information : FTP ALG, $group, 0" ||
    { fail "default view"; cat "$work/default"; }
grep -q "^Flow Sessions on FPC0 PIC0:$" "$work/default" &&
    pass "FPC0 PIC0 by default (no zones map)" || fail "PIC header"
show resource-manager summary >"$work/summary" 2>&1
awk '/^Total sessions:/ { t = $3 } END { exit !(t >= 2) }' "$work/summary" &&
    pass "resource-manager summary counts the ALG sessions" ||
    { fail "summary"; cat "$work/summary"; }

# Counters: the text's, SNMP's and NETCONF's, growing with a transfer.
pkts() {	# In-wing packets of the control session in the text view
	show session-identifier "$ctrl" brief 2>/dev/null |
	    sed -n 's/^  In: .* Pkts: \([0-9]*\), .*/\1/p'
}
kernel_pkts() {
	inr conntrack -L -p tcp --dport 21 2>/dev/null |
	    sed -n 's/.* packets=\([0-9]*\) .*src=.*packets=.*/\1/p'
}
# Events carry no counters: the next dump (refresh) brings them.
counted() { [ "$(pkts)" -gt 0 ]; }
until_ok $((REFRESH + 3)) counted &&
    pass "the control session has counted $(pkts) packets within refresh + 3 s" ||
    fail "no packets counted (got '$(pkts)')"
p1=$(pkts)
idx=0.0.0.0.$ctrl
snmpget $V3 -Oqv "$AGENT" FLOWAGENT-SESSION-MIB::flowSessRmClient.$idx \
    >"$work/snmp" 2>&1
grep -q '^"*FTP ALG"*$' "$work/snmp" &&
    pass "SNMP flowSessRmClient.$idx = FTP ALG" ||
    { fail "SNMP client"; cat "$work/snmp"; }
snmpwalk $V3 -Oq "$AGENT" FLOWAGENT-SESSION-MIB::flowSessionTable \
    >"$work/walk" 2>&1
grep -q "flowSessRmGroup\.$idx $group$" "$work/walk" &&
    grep -q "flowSessRmResource\.$idx 0$" "$work/walk" &&
    grep -q "flowSessInIfName\.$idx \"*r0\"*$" "$work/walk" &&
    pass "snmpwalk of flowSessionTable has the session: group $group, resource 0, If r0" ||
    { fail "snmpwalk"; grep "\.$idx " "$work/walk" | head -n 20; }
snmp_pkts() {
	snmpget $V3 -Oqv "$AGENT" FLOWAGENT-SESSION-MIB::flowSessInPkts.$idx \
	    2>/dev/null | sed 's/ .*//'
}
s1=$(snmp_pkts)
"$PY" "$CTDIR/nc_get.py" "$NC_SOCK" "$ctrl" >"$work/nc" 2>&1
grep -qx "session/resource-manager-information/client-name FTP ALG" "$work/nc" &&
    grep -qx "session/resource-manager-information/group-identifier $group" "$work/nc" &&
    grep -qx "In/interface-name r0" "$work/nc" &&
    pass "NETCONF <get> has the session: FTP ALG, group $group" ||
    { fail "NETCONF <get>"; cat "$work/nc"; }
nc_pkts() {
	"$PY" "$CTDIR/nc_get.py" "$NC_SOCK" "$ctrl" 2>/dev/null |
	    sed -n 's/^In\/pkt-cnt //p'
}
n1=$(nc_pkts)

touch "$work/cl/go2"
until_ok 20 test -e "$work/cl/done2" ||
    { echo "the second transfer did not finish"; exit 99; }
grows() { [ "$(pkts)" -gt "$p1" ] && [ "$(snmp_pkts)" -gt "$s1" ] &&
    [ "$(nc_pkts)" -gt "$n1" ]; }
if until_ok $((REFRESH + 3)) grows; then
	pass "counts grow within refresh + 3 s: text $p1 -> $(pkts), SNMP $s1 -> $(snmp_pkts), NETCONF $n1 -> $(nc_pkts)"
else
	fail "counts did not grow: text $p1 -> $(pkts), SNMP $s1 -> $(snmp_pkts), NETCONF $n1 -> $(nc_pkts)"
fi
show resource-manager >"$work/default2" 2>&1
grep -q "^Resource information : FTP ALG, $group, 2$" "$work/default2" &&
    pass "the second data connection is resource 2 of group $group" ||
    { fail "second data connection"; cat "$work/default2"; }
k=$(kernel_pkts)
t=$(pkts)
[ -n "$k" ] && [ "$t" -le "$k" ] && [ "$t" -ge $((k - 5)) ] &&
    pass "text In-wing packets $t, the kernel's $k" ||
    fail "text In-wing packets $t, the kernel's $k"
show session-identifier "$ctrl" extensive | grep -q "^Start time: [0-9]*, Duration: [0-9]*$" &&
    pass "start time and duration" || fail "start time"

# The client quits; conntrack -D removes what is left: gone everywhere.
touch "$work/cl/quit"
until_ok 10 sh -c "! kill -0 $client_pid 2>/dev/null" ||
    fail "the FTP client did not quit"
inr conntrack -D -d 198.51.100.2 >/dev/null 2>&1
gone_text() { show >"$work/after" 2>&1 && ! grep -q "^Session ID: $ctrl," "$work/after" &&
    ! grep -q "^Session ID: $data," "$work/after"; }
gone_snmp() { snmpget $V3 -Oqv "$AGENT" FLOWAGENT-SESSION-MIB::flowSessRmClient.$idx 2>&1 |
    grep -q "No Such Instance"; }
gone_nc() { "$PY" "$CTDIR/nc_get.py" "$NC_SOCK" "$ctrl" >"$work/nc2" 2>&1 &&
    [ ! -s "$work/nc2" ]; }
until_ok 5 gone_text && pass "after conntrack -D: gone from the text" ||
    { fail "still in the text"; cat "$work/after"; }
until_ok 5 gone_snmp && pass "after conntrack -D: gone from SNMP" ||
    fail "still in SNMP"
until_ok 5 gone_nc && pass "after conntrack -D: gone from NETCONF <get>" ||
    { fail "still in NETCONF"; cat "$work/nc2"; }

grep -q "resynchronised" "$work/flowagentd.log" &&
    fail "events were lost: $(grep resynchronised "$work/flowagentd.log")" ||
    pass "no events lost"
agent_alive && pass "flowagentd survived" || fail "flowagentd died"
ct_agent_stop
done_testing
