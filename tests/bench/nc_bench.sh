#!/bin/sh
# make bench, NETCONF part: flowagentd's NETCONF server over its UNIX socket,
# on generated data (10,000 and 100,000 sessions):
#   - a full <get>, get-flow-session-information extensive as XML and as
#     text: seconds (best and median of 3) and the daemon's extra peak
#     memory while answering (VmHWM reset through /proc/PID/clear_refs);
#   - a <get> filtered to one session (subtree and XPath): median of 20;
#   - the same state as a libyang data tree, built and printed.
# The client reads replies without parsing them, so times are the server's.
# Run from the build directory (make bench sets the environment).
set -u
TESTDATA=${TESTDATA:-$(cd "$(dirname "$0")/.." && pwd)}
SRCDIR=${SRCDIR:-$TESTDATA/..}
FLOWAGENTD=${FLOWAGENTD:-$PWD/agent/flowagentd}
MKXML=${MKXML:-$PWD/tests/tools/mkxml}
NCRTT=${NCRTT:-$PWD/tests/bench/nc_rtt}
TREE=${TREE:-$PWD/tests/bench/bench_yang_tree}
SIZES=${BENCH_SIZES:-10000 100000}
NS=urn:flowagent:yang:flowagent-session

work=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }

# One request: "bytes best median", and the peak memory it added (MB).
measure() {
	reps=$1 body=$2
	echo 5 >"/proc/$pid/clear_refs" 2>/dev/null
	before=$(kb "$pid" VmRSS)
	out=$("$NCRTT" "$work/nc.sock" "$reps" "$body") || exit 1
	peak=$(kb "$pid" VmHWM)
	echo "$out" | awk -v p="$peak" -v b="$before" '{
	    if ($1 > 1e6)
		printf "%6.1f MB  best %.3f s  median %.3f s  +%.1f MB peak\n",
		    $1 / 1e6, $2, $3, (p - b) / 1024
	    else
		printf "%6.1f kB  best %.2f ms  median %.2f ms  +%d kB peak\n",
		    $1 / 1e3, $2 * 1e3, $3 * 1e3, p - b }'
}

echo "flowagent NETCONF benchmark: $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
for n in $SIZES; do
	"$MKXML" "$n" 42 4 >"$work/data.xml"
	"$FLOWAGENTD" -f --no-snmp --source "file:$work/data.xml" \
	    --yang-dir "$SRCDIR/yang" --netconf-unix "$work/nc.sock" \
	    2>"$work/log" &
	pid=$!
	i=0
	while ! [ -S "$work/nc.sock" ] && [ $i -lt 1200 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ -S "$work/nc.sock" ] || { cat "$work/log"; exit 1; }
	id=$(grep -o '<session-identifier>[0-9]*' "$work/data.xml" |
	    sed -n "$((n / 2))p" | cut -d'>' -f2)
	echo "$n sessions (daemon RSS $(($(kb "$pid" VmRSS) / 1024)) MB):"
	printf '  full <get>                 '
	measure 3 '<get/>'
	printf '  RPC extensive, XML         '
	measure 3 "<get-flow-session-information xmlns=\"$NS\"><extensive/></get-flow-session-information>"
	printf '  RPC extensive, text        '
	measure 3 "<get-flow-session-information xmlns=\"$NS\"><extensive/><format>text</format></get-flow-session-information>"
	printf '  <get> one session, subtree '
	measure 20 "<get><filter type=\"subtree\"><flow-sessions xmlns=\"$NS\"><pic><session><session-identifier>$id</session-identifier></session></pic></flow-sessions></filter></get>"
	printf '  <get> one session, XPath   '
	measure 20 "<get><filter type=\"xpath\" xmlns:f=\"$NS\" select=\"/f:flow-sessions/f:pic/f:session[f:session-identifier='$id']\"/></get>"
	kill "$pid"
	wait "$pid" 2>/dev/null
	pid=
	printf '  libyang tree instead:      '
	"$TREE" "$SRCDIR/yang" "$work/data.xml"
done
