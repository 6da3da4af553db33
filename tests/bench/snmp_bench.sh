#!/bin/sh
# make bench, SNMP part: flowagentd behind a real snmpd, on generated data.
#   - snmpbulkwalk of one column and snmptable of the whole session table,
#     10,000 and 100,000 sessions: varbinds per second and the 100k/10k
#     time ratio (linear scaling is about 10);
#   - one AgentX round trip, on a scalar: the floor behind net-snmp's master;
#   - flowagentd's memory per session;
#   - GET latency while a snapshot of BENCH_RELOAD sessions (1,000,000)
#     reloads.
# Run from the build directory (make bench sets the environment).
set -u
TESTDATA=${TESTDATA:-$(cd "$(dirname "$0")/.." && pwd)}
SRCDIR=${SRCDIR:-$TESTDATA/..}
EXAMPLES=${EXAMPLES:-$SRCDIR/examples}
FLOWCLI=${FLOWCLI:-$PWD/src/flowcli}
MKXML=${MKXML:-$PWD/tests/tools/mkxml}
RTT=${RTT:-$PWD/tests/bench/snmp_rtt}
SIZES=${BENCH_SIZES:-10000 100000}
RELOAD=${BENCH_RELOAD:-1000000}
. "$TESTDATA/lib.sh"
. "$TESTDATA/snmp/lib.sh"

# The bench reads with a v2c community over the whole tree: no crypto cost.
snmp_config
echo "rocommunity bench 127.0.0.1" >>"$work/snmpd.conf"
snmp_start
C="-v2c -c bench"
COL=$SESS.6

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }

echo "flowagent SNMP benchmark: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
echo "snmpd $(snmpd -v | awk '/version/ { print $NF; exit }'), AgentX over a UNIX socket"

agent_start --source sample
wait_agent
base_rss=$(awk '/VmRSS/ { print $2 }' /proc/$agent_pid/status)
echo "AgentX round trip (GET of a scalar, 2000 each):"
"$RTT" "$AGENT" bench 2000 .1.3.6.1.2.1.1.3.0 $ROOT.1.1.1.0 >"$work/rtt"
sed 's/^/  /' "$work/rtt"
awk 'NR == 1 { m = $3 } NR == 2 { printf "  => one AgentX round trip: %.1f us (subagent GET %.1f us - master GET %.1f us)\n", $3 - m, $3, m }' "$work/rtt"
agent_stop

# CPU seconds a process has used.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
usv() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.1f", s * 1e6 / n }'; }

# measure NAME VARBINDS COMMAND...: wall time, rate, and who spent the CPU.
measure() {
	_name=$1 _n=$2
	shift 2
	_a0=$(cpu "$agent_pid") _s0=$(cpu "$snmpd_pid") _t0=$(now)
	/usr/bin/time -f "%U %S" -o "$work/client" "$@" >"$work/out" 2>"$work/err"
	_t1=$(now)
	_w=$(secs "$_t0" "$_t1")
	_got=$(grep -c "^$MATCH" "$work/out")
	_c=$(awk '{ print $1 + $2 }' "$work/client")
	echo "  $_name: $_got in $_w s, $(rate "$_got" "$_w")/s ($(rate "$_n" "$_w") values/s);" \
	    "CPU per varbind: flowagentd $(usv "$(awk -v a="$_a0" -v b="$(cpu "$agent_pid")" 'BEGIN { print b - a }')" "$_n") us," \
	    "snmpd $(usv "$(awk -v a="$_s0" -v b="$(cpu "$snmpd_pid")" 'BEGIN { print b - a }')" "$_n") us," \
	    "client $(usv "$_c" "$_n") us"
	[ "$_got" = "$3" ] 2>/dev/null
	LAST=$_w
}

TABLE_MAX=${BENCH_SNMPTABLE_MAX:-10000}
for n in $SIZES; do
	"$MKXML" "$n" 42 4 >"$work/data.xml"
	agent_start --source "file:$work/data.xml"
	wait_agent
	rss=$(awk '/VmRSS/ { print $2 }' /proc/$agent_pid/status)
	echo "$n sessions (flowagentd $(awk -v r="$rss" -v b="$base_rss" -v n="$n" 'BEGIN { printf "%.0f", (r - b) * 1024 / n }') bytes/session, RSS $rss kB):"
	MATCH="$COL\\."
	measure "snmpbulkwalk -Cr50 of one column, varbinds" "$n" \
	    snmpbulkwalk $C -Cr50 -m '' -On -Oq "$AGENT" $COL
	eval "walk_$n=$LAST"
	cells=$((n * 57))
	if [ "$n" -le "$TABLE_MAX" ]; then
		MATCH='[0-9]'
		measure "snmptable -Cr 50 of the session table ($cells values), rows" \
		    "$cells" snmptable $C -Cr 50 -Cf '|' -CH \
		    -m FLOWAGENT-SESSION-MIB "$AGENT" \
		    FLOWAGENT-SESSION-MIB::flowSessionTable
		eval "table_$n=$LAST"
	else
		echo "  (snmptable skipped above $TABLE_MAX rows: net-snmp 5.9.3's" \
		    "snmptable finds each value's row by a linear search, O(rows^2)" \
		    "on the client; the same requests, as a bulk walk of the entry:)"
	fi
	MATCH="$SESS\\."
	measure "snmpbulkwalk -Cr50 of the whole entry, varbinds" "$cells" \
	    snmpbulkwalk $C -Cr50 -m '' -On -Oq "$AGENT" $SESS
	eval "entry_$n=$LAST"
	agent_stop
done
set -- $SIZES
if [ $# = 2 ]; then
	eval "w1=\$walk_$1 w2=\$walk_$2 e1=\$entry_$1 e2=\$entry_$2"
	echo "time ratio $2/$1 sessions (linear is $(($2 / $1))): one column $(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.1f", b / a }'), whole entry $(awk -v a="$e1" -v b="$e2" 'BEGIN { printf "%.1f", b / a }')"
fi

if [ "$RELOAD" -gt 0 ]; then
	"$MKXML" "$RELOAD" 43 4 >"$work/big.xml"
	cp "$EXAMPLES/sample-sessions.xml" "$work/data.xml"
	agent_start --source "file:$work/data.xml"
	wait_agent
	mv "$work/big.xml" "$work/data.xml"
	kill -HUP "$agent_pid"
	echo "GETs of flowSessionsTotal while $RELOAD sessions reload:"
	"$RTT" --until "$AGENT" bench $ROOT.1.1.1.0 "$RELOAD" | sed 's/^/  /'
	rss=$(awk '/VmRSS/ { print $2 }' /proc/$agent_pid/status)
	echo "  flowagentd memory at $RELOAD sessions: $(awk -v r="$rss" -v b="$base_rss" -v n="$RELOAD" 'BEGIN { printf "%.0f", (r - b) * 1024 / n }') bytes/session (RSS $rss kB)"
	agent_stop
fi
