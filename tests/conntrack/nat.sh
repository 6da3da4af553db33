#!/bin/sh
# The conntrack source through a router namespace that source-NATs to
# 203.0.113.1, ports 20000-20099: the Out wing (the reply tuple) shows the translated address
# and port, in the text and in the XML (flowcli -H unix: ... | display xml,
# and a NETCONF <get>).  Also: the warning when accounting is off, the
# marks map (policy) and the zones map (FPC/PIC) with an IPv6 flow in zone
# 5, SIGHUP re-reading the maps, a bad map refused at SIGHUP.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/conntrack/lib.sh"

"$PY" -c 'import ncclient, lxml' 2>/dev/null ||
    skip "/usr/bin/python3 cannot import ncclient (Debian package python3-ncclient)"

ct_setup
ct_nft 'table ip fa_nat {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "r1" ip saddr 192.0.2.0/24 tcp dport 8080 snat to 203.0.113.1:20000-20099
		oifname "r1" ip saddr 192.0.2.0/24 snat to 203.0.113.1
	}
}
table inet fa_mark {
	chain forward {
		type filter hook forward priority filter; policy accept;
		tcp dport 8080 ct mark set 7
	}
}
table ip6 fa_zone {
	chain raw {
		type filter hook prerouting priority raw; policy accept;
		udp dport 5353 ct zone set 5
		udp sport 5353 ct zone set 5
	}
}'

# Accounting off: flowagentd says so, and how to turn it on.
inr sysctl -qw net.netfilter.nf_conntrack_acct=0
ct_agent_start --no-snmp -s conntrack
until_ok 5 grep -q "nf_conntrack_acct is 0" "$work/flowagentd.log" &&
    grep -q "sysctl -w net.netfilter.nf_conntrack_acct=1" "$work/flowagentd.log" &&
    pass "warns that nf_conntrack_acct is 0, says how to turn it on" ||
    fail "no warning about nf_conntrack_acct"
ct_agent_stop
mv "$work/flowagentd.log" "$work/flowagentd-acct0.log"
inr sysctl -qw net.netfilter.nf_conntrack_acct=1

printf '# mark policy\n7 trust-to-untrust/4\n0x10 other/5\n' >"$work/marks"
printf '# zone fpc pic\n5 2 1\n' >"$work/zones"
ct_agent_start --no-snmp \
    -s "conntrack:refresh=2,marks=$work/marks,zones=$work/zones"
grep -q "warning" "$work/flowagentd.log" &&
    fail "a warning with accounting on: $(grep warning "$work/flowagentd.log")" ||
    pass "no warning with accounting on"

# A TCP connection through the source NAT, held open.
mkdir -p "$work/cl"
ct_spawn "$S" server.log "$PY" "$CTDIR/tcp_hold.py" listen 198.51.100.2 8080
until_ok 10 ins sh -c 'ss -Hltn "sport = :8080" | grep -q LISTEN' ||
    { echo "the server did not start"; exit 99; }
ct_spawn "$C" client.log "$PY" "$CTDIR/tcp_hold.py" connect 198.51.100.2 \
    8080 "$work/cl"
until_ok 10 test -e "$work/cl/ready" || { echo "no connection"; exit 99; }
cport=$(cat "$work/cl/ready")
# And an IPv6 datagram in zone 5.
inc "$PY" -c 'import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("2001:db8:1::2", 40000))
s.sendto(b"x", ("2001:db8:2::2", 5353))'

id=$(ct_ids -p tcp --dport 8080)
line=$(inr conntrack -L -p tcp --dport 8080 2>/dev/null | head -n 1)
# The reply tuple's destination: the translated address and port.
ndst=$(echo "$line" | sed -n 's/.*src=198.51.100.2 dst=\([0-9.]*\) sport=8080 dport=\([0-9]*\).*/\1/p')
nport=$(echo "$line" | sed -n 's/.*src=198.51.100.2 dst=\([0-9.]*\) sport=8080 dport=\([0-9]*\).*/\2/p')
if [ -z "$id" ] || [ "$ndst" != 203.0.113.1 ]; then
	echo "no source-NATed entry in the router:"
	inr conntrack -L
	exit 99
fi
echo "# session $id: 192.0.2.2/$cport translated to $ndst/$nport"
[ "$nport" -ge 20000 ] && [ "$nport" -le 20099 ] ||
    { echo "the kernel did not translate the port: $line"; exit 99; }

has() { show >"$work/default" 2>&1 && grep -q "^Session ID: $id," "$work/default"; }
until_ok 5 has || { fail "session $id not shown"; cat "$work/default"; }
session_block "$work/default" "$id" >"$work/s"
grep -qx "  In: 192.0.2.2/$cport --> 198.51.100.2/8080;tcp, If: r0, Pkts: [0-9]*, Bytes: [0-9]*" "$work/s" &&
    pass "In wing: the original tuple, 192.0.2.2/$cport --> 198.51.100.2/8080, If r0" ||
    { fail "In wing"; cat "$work/s"; }
grep -qx "  Out: 198.51.100.2/8080 --> 203.0.113.1/$nport;tcp, If: r1, Pkts: [0-9]*, Bytes: [0-9]*" "$work/s" &&
    pass "Out wing: the translated address and port, --> 203.0.113.1/$nport, If r1" ||
    { fail "Out wing"; cat "$work/s"; }
grep -q "^Session ID: $id, Policy name: trust-to-untrust/4, Timeout: [0-9]*, Valid$" "$work/s" &&
    pass "policy from the marks map (mark 7), state Valid" ||
    { fail "policy"; cat "$work/s"; }
show session-identifier "$id" >"$work/ext" 2>&1
grep -qx "Source NAT pool: snat" "$work/ext" &&
    pass "extensive: Source NAT pool: snat" || { fail "NAT pool"; cat "$work/ext"; }
grep -qx "    Route: 0xfe, Gateway: 198.51.100.2, Tunnel: 0" "$work/ext" &&
    pass "extensive: the Out wing's route (main table) and gateway" ||
    { fail "route/gateway"; cat "$work/ext"; }

# The XML: flowcli's | display xml and a NETCONF <get>.
show session-identifier "$id" '| display xml' >"$work/xml" 2>&1
"$PY" - "$work/xml" >"$work/xmlout" 2>&1 <<'EOF'
import sys
import xml.etree.ElementTree as ET
for fi in ET.parse(sys.argv[1]).iter():
    if fi.tag.split("}")[-1] != "flow-information":
        continue
    v = {c.tag.split("}")[-1]: (c.text or "").strip() for c in fi}
    print(v.get("direction"), v.get("destination-address"),
          v.get("destination-port"), v.get("interface-name"))
EOF
grep -qx "Out 203.0.113.1 $nport r1" "$work/xmlout" &&
    pass "| display xml: Out wing destination-address 203.0.113.1, port $nport" ||
    { fail "| display xml"; cat "$work/xmlout" "$work/xml"; }
"$PY" "$CTDIR/nc_get.py" "$NC_SOCK" "$id" >"$work/nc" 2>&1
grep -qx "Out/destination-address 203.0.113.1" "$work/nc" &&
    grep -qx "Out/destination-port $nport" "$work/nc" &&
    grep -qx "In/source-address 192.0.2.2" "$work/nc" &&
    grep -qx "session/policy trust-to-untrust/4" "$work/nc" &&
    pass "NETCONF <get>: Out wing to 203.0.113.1/$nport" ||
    { fail "NETCONF <get>"; cat "$work/nc"; }

# Zone 5 is FPC2 PIC1; FPC0 PIC0 stays.
grep -q "^Flow Sessions on FPC0 PIC0:$" "$work/default" &&
    grep -q "^Flow Sessions on FPC2 PIC1:$" "$work/default" &&
    pass "PICs: FPC0 PIC0 and the zones map's FPC2 PIC1" ||
    { fail "PIC blocks"; cat "$work/default"; }
v6=$(ct_ids -f ipv6 -p udp --dport 5353)
# Counts come with the next dump (refresh=2).
pic21() {
	show >"$work/default" 2>&1
	awk '/^Flow Sessions on FPC2 PIC1:/ { on = 1 }
	    /^Flow Sessions on FPC0/ { on = 0 } on' "$work/default" >"$work/pic21"
	grep -q "^Session ID: $v6, Policy name: N/A, Timeout: [0-9]*, Valid$" "$work/pic21" &&
	grep -qx "  In: 2001:db8:1::2/40000 --> 2001:db8:2::2/5353;udp, If: r0, Pkts: 1, Bytes: [0-9]*" "$work/pic21" &&
	grep -qx "  Out: 2001:db8:2::2/5353 --> 2001:db8:1::2/40000;udp, If: r1, Pkts: 0, Bytes: 0" "$work/pic21"
}
until_ok 5 pic21 &&
    pass "IPv6 UDP session $v6 in zone 5 shows on FPC2 PIC1, 1 packet" ||
    { fail "IPv6 session in zone 5"; cat "$work/default"; }
show session-identifier "$v6" >"$work/ext6" 2>&1
grep -qx "Maximum timeout: $(inr cat /proc/sys/net/netfilter/nf_conntrack_udp_timeout), Current timeout: [0-9]*" "$work/ext6" &&
    pass "unreplied UDP: maximum timeout nf_conntrack_udp_timeout" ||
    { fail "UDP timeout"; cat "$work/ext6"; }

# SIGHUP reads the maps again; a bad map is refused, the sessions stay.
printf '7 nat-policy/9\n' >"$work/marks"
kill -HUP "$agent_pid"
repolicy() { show | grep -q "^Session ID: $id, Policy name: nat-policy/9,"; }
until_ok 5 repolicy && pass "SIGHUP: the new marks map applies" ||
    fail "SIGHUP did not apply the marks map"
printf '5 2\n' >"$work/zones"
kill -HUP "$agent_pid"
until_ok 5 grep -q "zones:1: want 3 words" "$work/flowagentd.log" &&
    pass "SIGHUP with a bad zones map: the line is logged" ||
    fail "bad zones map not reported"
show | grep -q "^Session ID: $v6," && pass "... and the sessions stay" ||
    fail "sessions lost after a bad map"

# Gone when conntrack -D removes it.
touch "$work/cl/quit"
inr conntrack -D -p tcp --dport 8080 >/dev/null 2>&1
gone() { show >"$work/after" 2>&1 && ! grep -q "^Session ID: $id," "$work/after"; }
until_ok 5 gone && pass "after conntrack -D: gone" ||
    { fail "still shown"; cat "$work/after"; }
grep -q "resynchronised" "$work/flowagentd.log" &&
    fail "events were lost" || pass "no events lost"
kill -0 "$agent_pid" 2>/dev/null && pass "flowagentd survived" ||
    fail "flowagentd died"
ct_agent_stop
done_testing
