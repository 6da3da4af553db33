# tests/conntrack/lib.sh: three network namespaces for one test (sourced
# after tests/lib.sh, and after tests/snmp/lib.sh when the test uses SNMP).
#
#   client (c0 192.0.2.2, 2001:db8:1::2)
#     -- (r0 192.0.2.1, 2001:db8:1::1) router (r1 198.51.100.1, 2001:db8:2::1)
#     -- (s0 198.51.100.2, 2001:db8:2::2) server
#
# The router forwards and tracks connections (accounting on); only
# documentation addresses are used and nothing leaves the namespaces.  The
# namespaces (and with them their nftables tables and conntrack entries)
# go when the test exits.
#
#   ct_setup                   create the namespaces, or skip (77) when the
#                              kernel cannot (no netns, veth, conntrack)
#   ct_nft RULES               load nftables rules in the router, or skip
#                              when the kernel has no nftables
#   inc NS CMD...  / inr / ins run CMD in the client / router / server
#   ct_agent_start ARGS...     flowagentd -f in the router with ARGS and a
#                              NETCONF UNIX socket ($NC_SOCK); waits for it
#   ct_spawn NS LOG CMD...     a background process in a namespace
#   ct_ids FILTER...           the router's conntrack IDs matching FILTER

_tmp=${_tmp:-}
if [ -z "${work:-}" ]; then
	work=$(mktemp -d /tmp/flowagent-ct.XXXXXX) || exit 99
fi
_tmp=$work
FLOWAGENTD=${FLOWAGENTD:-$(dirname "$FLOWCLI")/../agent/flowagentd}
SRCDIR=${SRCDIR:-$TESTDATA/..}
PY=/usr/bin/python3
CTDIR=$TESTDATA/conntrack
NC_SOCK=$work/netconf.sock
export PYTHONDONTWRITEBYTECODE=1
# flowcli fetches what it lacks with <get-schema>.
unset FLOWAGENT_YANG_DIR FLOWAGENT_HOST

# Unique per test run: tests may run side by side.
_ns=fact$$
C=${_ns}c
R=${_ns}r
S=${_ns}s
ct_pids=
ct_made=

ct_cleanup() {
	_st=$1
	trap - EXIT INT TERM HUP PIPE
	for _p in $ct_pids; do
		kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null
	done
	if [ "$_st" != 0 ] && [ "$_st" != 77 ] || [ "${_fail:-0}" != 0 ]; then
		for _l in "$work"/*.log; do
			[ -f "$_l" ] || continue
			echo "---- $(basename "$_l") (last 60 lines)"
			tail -n 60 "$_l"
		done
	fi
	# snmp/lib.sh's (when sourced): stops flowagentd and snmpd, removes
	# $work.
	if [ -n "${AUTHPASS:-}" ]; then
		cleanup
	else
		[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null &&
		    wait "$agent_pid" 2>/dev/null
		[ -n "${KEEP:-}" ] || rm -rf "$work"
	fi
	for _n in $ct_made; do
		ip netns delete "$_n" 2>/dev/null
	done
	exit "$_st"
}
agent_pid=${agent_pid:-}
trap 'ct_cleanup $?' EXIT
trap 'exit 99' INT TERM HUP PIPE

skip() {
	echo "SKIP: $*"
	exit 77
}

if [ "$(id -u)" != 0 ]; then
	skip "needs root (network namespaces, conntrack)"
fi
for _t in ip conntrack nft; do
	command -v $_t >/dev/null 2>&1 ||
	    skip "$_t is not installed (Debian packages iproute2, conntrack, nftables)"
done
[ -x "$PY" ] || skip "/usr/bin/python3 is missing (Debian package python3)"

inc() { ip netns exec "$C" "$@"; }
inr() { ip netns exec "$R" "$@"; }
ins() { ip netns exec "$S" "$@"; }

ct_setup() {
	for _n in $C $R $S; do
		ip netns add "$_n" 2>"$work/netns.err" ||
		    skip "no network namespaces: $(cat "$work/netns.err")"
		ct_made="$ct_made $_n"
		ip -n "$_n" link set lo up
	done
	ip link add c0 netns "$C" type veth peer name r0 netns "$R" \
	    2>"$work/netns.err" || skip "no veth: $(cat "$work/netns.err")"
	ip link add s0 netns "$S" type veth peer name r1 netns "$R" || exit 99
	inr sh -c 'test -r /proc/sys/net/netfilter/nf_conntrack_acct &&
	    conntrack -L' >/dev/null 2>&1 ||
	    skip "no conntrack in the kernel (nf_conntrack, ctnetlink)"
	set -e
	ip -n "$C" addr add 192.0.2.2/24 dev c0
	ip -n "$C" addr add 2001:db8:1::2/64 dev c0 nodad
	ip -n "$R" addr add 192.0.2.1/24 dev r0
	ip -n "$R" addr add 2001:db8:1::1/64 dev r0 nodad
	ip -n "$R" addr add 198.51.100.1/24 dev r1
	ip -n "$R" addr add 2001:db8:2::1/64 dev r1 nodad
	ip -n "$S" addr add 198.51.100.2/24 dev s0
	ip -n "$S" addr add 2001:db8:2::2/64 dev s0 nodad
	for _l in "$C c0" "$R r0" "$R r1" "$S s0"; do
		set -- $_l
		ip -n "$1" link set "$2" up
	done
	ip -n "$C" route add default via 192.0.2.1
	ip -n "$C" -6 route add default via 2001:db8:1::1
	ip -n "$S" route add default via 198.51.100.1
	ip -n "$S" -6 route add default via 2001:db8:2::1
	inr sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
	    net.netfilter.nf_conntrack_acct=1
	set +e
}

# ct_nft RULES: the router's nftables rules (a whole `nft -f` file).
ct_nft() {
	inr nft add table inet fa_probe 2>"$work/nft.err" ||
	    skip "no nftables in the kernel: $(cat "$work/nft.err")"
	inr nft delete table inet fa_probe
	if ! printf '%s\n' "$1" | inr nft -f - 2>"$work/nft.err"; then
		echo "nft rules refused:"
		cat "$work/nft.err"
		exit 99
	fi
}

# ct_spawn NS LOG CMD...: CMD in the background in namespace NS.
ct_spawn() {
	_n=$1 _log=$2
	shift 2
	ip netns exec "$_n" "$@" >>"$work/$_log" 2>&1 &
	ct_pids="$ct_pids $!"
	spawned=$!
}

# The daemon answers NETCONF on its socket.
nc_up() {
	"$FLOWCLI" -H "unix:$NC_SOCK" show security flow session summary \
	    >/dev/null 2>&1
}

# ct_agent_start ARGS...: flowagentd in the router (ip netns exec execs it:
# $agent_pid is the daemon's).
ct_agent_start() {
	ip netns exec "$R" "$FLOWAGENTD" -f --yang-dir "$SRCDIR/yang" \
	    --netconf-unix "$NC_SOCK" -p "$work/flowagentd.pid" "$@" \
	    >>"$work/flowagentd.log" 2>&1 &
	agent_pid=$!
	if ! until_ok 20 nc_up; then
		echo "flowagentd did not start serving NETCONF:"
		cat "$work/flowagentd.log"
		exit 99
	fi
}

# ct_agent_stop: SIGTERM; the exit status and the log must be clean.
ct_agent_stop() {
	kill -TERM "$agent_pid" 2>/dev/null
	wait "$agent_pid"
	_st=$?
	agent_pid=
	[ "$_st" = 0 ] && pass "flowagentd exits 0 on SIGTERM" ||
	    fail "flowagentd exit status $_st on SIGTERM"
	if grep -q "Sanitizer\|runtime error:" "$work/flowagentd.log"; then
		fail "flowagentd: sanitizer report in its log"
	fi
}

# ct_ids FILTER...: the router's conntrack IDs matching FILTER, one a line.
# A dump the kernel interrupts (the table changed under it: NLM_F_DUMP_INTR,
# under load) prints nothing: tried again, a few times.
ct_ids() {
	for _try in 1 2 3 4 5; do
		_ids=$(inr conntrack -L "$@" -o id 2>/dev/null |
		    sed -n 's/.*id=\([0-9][0-9]*\).*/\1/p')
		[ -n "$_ids" ] && break
		sleep 0.2
	done
	[ -n "$_ids" ] && echo "$_ids"
}

# show ARGS...: flowcli show security flow session ARGS from the daemon.
show() {
	"$FLOWCLI" -H "unix:$NC_SOCK" show security flow session "$@"
}

# session_block FILE ID: the lines of session ID in a text view.
session_block() {
	awk -v id="$2" '
		/^Session ID: / { on = ($3 == id "," || $3 == id) }
		/^$|^Total sessions|^Flow Sessions/ { on = 0 }
		on' "$1"
}
