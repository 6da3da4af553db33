#!/bin/sh
# Conntrack event loss: flowagentd (conntrack source, the smallest receive
# buffer) is stopped with SIGSTOP while the client opens a few thousand UDP
# flows through the router, so the kernel drops events (ENOBUFS).  After
# SIGCONT it must say so, resynchronise from a full dump, and show as many
# sessions as the kernel has.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/conntrack/lib.sh"

ct_setup
# A rule that uses conntrack, so the kernel tracks this namespace's flows.
ct_nft 'table inet fa_track {
	chain forward {
		type filter hook forward priority filter; policy accept;
		ct state new counter
	}
}'
ct_agent_start --no-snmp -s conntrack:rcvbuf=65536,refresh=3600

# The kernel's count and ours (the daemon's summary, every PIC).
kernel_count() { inr conntrack -C 2>/dev/null; }
our_count() {
	show summary | awk '/^Total sessions:/ { n += $3 } END { print n + 0 }'
}
same_count() {
	k=$(kernel_count) o=$(our_count)
	[ -n "$k" ] && [ "$k" = "$o" ]
}

kill -STOP "$agent_pid"
inc "$PY" -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in range(20000, 24000):
    s.sendto(b"x", ("198.51.100.2", port))
'
n=$(kernel_count)
kill -CONT "$agent_pid"
[ "${n:-0}" -ge 3000 ] && pass "the client made $n conntrack entries" ||
    fail "the client made ${n:-no} conntrack entries"
until_ok 15 grep -q "conntrack events lost: resynchronised" \
    "$work/flowagentd.log" &&
    pass "lost events are logged and resynchronised" ||
    fail "no resync after lost events: $(tail -n 5 "$work/flowagentd.log")"
until_ok 15 same_count &&
    pass "after the resync flowagentd shows the kernel's $(kernel_count) sessions" ||
    fail "flowagentd shows $(our_count) sessions, the kernel has $(kernel_count)"
nc_up && pass "NETCONF still answers" || fail "NETCONF does not answer"

ct_agent_stop
done_testing
