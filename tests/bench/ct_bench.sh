#!/bin/sh
# make bench, conntrack part: flowagentd --source conntrack in a network
# namespace holding BENCH_CT_ENTRIES (100,000) conntrack entries made by
# ct_fill through ctnetlink.
#   - the time flowagentd takes, started after, to show them all;
#   - its memory per session, and the CPU its periodic refresh (a dump
#     every 5 s) costs;
#   - the event rates it absorbs: entries made and destroyed at increasing
#     rates (BENCH_CT_RATES events/s, 10 s each), the resyncs each caused
#     (ENOBUFS), and whether the sessions then match the kernel's table.
# Needs root; nothing leaves the namespace, which goes at the end.
# Run from the build directory (make bench sets the environment).
set -u
TESTDATA=${TESTDATA:-$(cd "$(dirname "$0")/.." && pwd)}
SRCDIR=${SRCDIR:-$TESTDATA/..}
FLOWCLI=${FLOWCLI:-$PWD/src/flowcli}
FLOWAGENTD=${FLOWAGENTD:-$PWD/agent/flowagentd}
CTFILL=${CTFILL:-$PWD/tests/bench/ct_fill}
N=${BENCH_CT_ENTRIES:-100000}
RATES=${BENCH_CT_RATES:-10000 20000 50000 70000 100000 150000 200000}
SECS=${BENCH_CT_SECONDS:-10}

if [ "$(id -u)" != 0 ] || ! command -v conntrack >/dev/null 2>&1; then
	echo "conntrack benchmark skipped: needs root and conntrack(8)"
	exit 0
fi
work=$(mktemp -d /tmp/flowagent-ctbench.XXXXXX) || exit 1
NS=fabench$$
SOCK=$work/nc.sock
agent_pid=
cleanup() {
	[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null &&
	    wait "$agent_pid" 2>/dev/null
	ip netns delete "$NS" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
if ! ip netns add "$NS" 2>/dev/null; then
	echo "conntrack benchmark skipped: no network namespaces"
	exit 0
fi
ip -n "$NS" link set lo up
ip netns exec "$NS" sysctl -qw net.netfilter.nf_conntrack_acct=1
if [ "$(cat /proc/sys/net/netfilter/nf_conntrack_max)" -lt $((N + 10000)) ]; then
	sysctl -qw net.netfilter.nf_conntrack_max=$((N + 10000))
fi

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
total() {
	"$FLOWCLI" -H "unix:$SOCK" show security flow session summary \
	    2>/dev/null | awk '/^Total sessions:/ { t += $3 } END { print t + 0 }'
}
start() {
	: >"$work/agent.log"
	ip netns exec "$NS" "$FLOWAGENTD" -f --no-snmp --yang-dir "$SRCDIR/yang" \
	    --netconf-unix "$SOCK" -s "conntrack$1" >"$work/agent.log" 2>&1 &
	agent_pid=$!
}
stop() {
	kill "$agent_pid" 2>/dev/null
	wait "$agent_pid" 2>/dev/null
	agent_pid=
}
resyncs() {	# how many so far, from the daemon's last report
	sed -n 's/.* \([0-9]*\) in all;.*/\1/p' "$work/agent.log" | tail -n 1 |
	    awk '{ n = $1 } END { print n + 0 }'
}
wait_total() {	# wait_total N SECONDS
	_d=$(( $(date +%s) + $2 ))
	while [ "$(total)" != "$1" ]; do
		[ "$(date +%s)" -ge "$_d" ] && return 1
		sleep 0.05
	done
}

echo "flowagent conntrack benchmark: $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), kernel $(uname -r)"

# The daemon on an empty table: the baseline for memory.
start ""
wait_total 0 20 || { echo "flowagentd did not start:"; cat "$work/agent.log"; exit 1; }
rss0=$(rss "$agent_pid")
stop

t0=$(now)
ip netns exec "$NS" "$CTFILL" fill "$N" | sed 's/^/  ct_fill: /'
echo "  conntrack -C: $(ip netns exec "$NS" conntrack -C) entries ($(secs "$t0" "$(now)") s)"

# Started after the entries: from exec to every session shown.
t0=$(now)
start ""
until grep -q "loaded" "$work/agent.log"; do sleep 0.01; done
t1=$(now)
wait_total "$N" 60 || { echo "flowagentd shows $(total), not $N"; cat "$work/agent.log"; exit 1; }
t2=$(now)
echo "flowagentd started on $N entries:"
echo "  initial dump loaded in $(secs "$t0" "$t1") s ($(grep -m1 loaded "$work/agent.log" | sed 's/.*: //'))"
echo "  all $N shown over NETCONF (flowcli summary) $(secs "$t0" "$t2") s after exec"
sleep 2
rss1=$(rss "$agent_pid")
echo "  memory: $rss0 kB empty, $rss1 kB with $N: $(( (rss1 - rss0) * 1024 / N )) bytes/session"
c0=$(cpu "$agent_pid")
sleep 20
c1=$(cpu "$agent_pid")
idle=$(awk -v a="$c0" -v b="$c1" 'BEGIN { print (b - a) / 20 }')
echo "  idle, refresh every 5 s: $(awk -v i="$idle" 'BEGIN { printf "%.1f %% of a core, %.2f s CPU per refresh (%.1f us a session)", i * 100, i * 5, i * 5 / '"$N"' * 1e6 }')"

echo "event rates ($SECS s each, $N entries present, rcvbuf 16 MiB, refresh 5 s):"
best=0
for r in $RATES; do
	before=$(resyncs)
	c0=$(cpu "$agent_pid")
	out=$(ip netns exec "$NS" "$CTFILL" churn "$r" "$SECS")
	c1=$(cpu "$agent_pid")
	got=$(echo "$out" | sed -n 's/.*s: \([0-9]*\) events\/s.*/\1/p')
	nev=$(echo "$out" | awk '{ print $1 }')
	sleep 1.5	# the daemon reports resyncs once a second at most
	after=$(resyncs)
	if wait_total "$N" 15; then same="matches the kernel"; else
		same="shows $(total), the kernel $(ip netns exec "$NS" conntrack -C)"
	fi
	# CPU per event, less what the refresh costs anyway.
	echo "  $r/s asked, $got/s made: $((after - before)) resyncs, $(awk -v a="$c0" -v b="$c1" -v n="$nev" -v i="$idle" -v t="$SECS" 'BEGIN { printf "%.1f us CPU/event", (b - a - i * t) / n * 1e6 }'); then $same"
	[ "$after" = "$before" ] && [ "$got" -gt "$best" ] && best=$got
done
echo "  => highest rate absorbed without a resync: $best events/s"
stop
