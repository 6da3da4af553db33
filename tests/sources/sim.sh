#!/bin/sh
# tests/sources/sim.sh: the simulator source.  Its session count stays N
# while identifiers advance; sessions are live; the same seed gives the same
# sessions in two daemons, another seed other ones; SIGHUP starts again;
# bad specs stop flowagentd with a message naming the key.
. "$TESTDATA/lib.sh"
. "$TESTDATA/sources/lib.sh"

SPEC=sim:sessions=2000,churn=500,seed=7

# Bad specs: -n checks the source and exits.
for bad in "sim:sessions=x sessions" "sim:bogus=1 bogus" \
    "sim:sessions=10000001 sessions" "sim:churn=1000001 churn" \
    "sim:pics=0 pics" "sim:seed=-1 seed" "sim:churn sim:" \
    "sim:seed=1,seed=2 seed"; do
	set -- $bad
	expect "flowagentd -n --source $1 fails" 1 \
	    "$FLOWAGENTD" -n --no-snmp --source "$1"
	grep -q "flowagentd: .*$2" "$work/expect.err" &&
	    pass "$1: the message names '$2'" ||
	    fail "$1: message '$(cat "$work/expect.err")' does not name '$2'"
done
expect "flowagentd -n --source $SPEC,pics=2 succeeds" 0 \
    "$FLOWAGENTD" -n --no-snmp --source "$SPEC,pics=2"
expect "flowagentd -n --source sim (defaults) succeeds" 0 \
    "$FLOWAGENTD" -n --no-snmp --source sim

# Two daemons with the same seed, started together, one with another seed
# and one without churn.
src_launch s1 --source "$SPEC"
src_launch s2 --source "$SPEC"
src_launch s3 --source sim:sessions=2000,churn=500,seed=8
src_launch s4 --source sim:sessions=1000,seed=8
for d in s1 s2 s3 s4; do
	src_wait $d
done

# The count stays N: each change is one transaction.
ok=1
for i in 1 2 3 4 5 6 7 8 9 10; do
	t=$(total s1)
	[ "$t" = 2000 ] || { ok=0; echo "# total $t"; }
done
[ "$ok" = 1 ] && pass "10 summaries under churn: 2000 sessions each" ||
    fail "the session count moved under churn"

# Identifiers advance, at about the churn rate.
first_id() {
	show "$1" count 1 | sed -n 's/^Session ID: \([0-9]*\),.*/\1/p'
}
id_past() {
	[ "$(first_id s1)" -ge "$1" ]
}
id1=$(first_id s1)
t1=$(date +%s)
until_ok 10 id_past $((id1 + 500)) &&
    pass "identifiers advance ($id1, then $(first_id s1))" ||
    fail "identifiers stuck at $(first_id s1) (from $id1)"
id2=$(first_id s1)
t2=$(date +%s)
# At most 500 a second (+1 s for the whole seconds of date).
[ $((id2 - id1)) -le $(( (t2 - t1 + 1) * 500 + 100 )) ] &&
    pass "not faster than the churn: $((id2 - id1)) in $((t2 - t1))..$((t2 - t1 + 1)) s" ||
    fail "$((id2 - id1)) new sessions in $((t2 - t1)) s"

# Same seed, same sessions: the sessions both daemons hold, without the
# values that depend on when they are read (timeout, counters).
blocks() {
	show "$1" | sed -e 's/Timeout: [0-9]*/Timeout: T/' \
	    -e 's/Pkts: [0-9]*, Bytes: [0-9]*/Pkts: P, Bytes: B/' |
	    awk '/^Session ID:/ { id = $3 } /^$|^Total sessions|^Flow Sess/ { id = "" }
	        id != "" { print id " " $0 }' | sort >"$work/$1.blocks"
}
# Read at the same time: sessions live 4 s (N / churn).
blocks s1 & b1=$!
blocks s2 & b2=$!
blocks s3 & b3=$!
wait $b1 $b2 $b3
cut -d' ' -f1 "$work/s1.blocks" | sort -u >"$work/s1.ids"
cut -d' ' -f1 "$work/s2.blocks" | sort -u >"$work/s2.ids"
comm -12 "$work/s1.ids" "$work/s2.ids" >"$work/both.ids"
n=$(wc -l <"$work/both.ids")
grep -F -w -f "$work/both.ids" "$work/s1.blocks" >"$work/s1.both"
grep -F -w -f "$work/both.ids" "$work/s2.blocks" >"$work/s2.both"
[ "$n" -ge 100 ] && cmp -s "$work/s1.both" "$work/s2.both" &&
    pass "same seed: the $n sessions both daemons hold are the same" ||
    fail "same seed: $n sessions in common, $(diff "$work/s1.both" "$work/s2.both" | grep -c '^<') lines differ"
cut -d' ' -f1 "$work/s3.blocks" | sort -u |
    comm -12 "$work/s1.ids" - >"$work/s13.ids"
n=$(wc -l <"$work/s13.ids")
grep -F -w -f "$work/s13.ids" "$work/s1.blocks" >"$work/s1.s13"
grep -F -w -f "$work/s13.ids" "$work/s3.blocks" >"$work/s3.s13"
# Their In wings (addresses, ports, protocol, interface) are compared.
same=$(comm -12 "$work/s1.s13" "$work/s3.s13" | grep -c ' In: ')
[ "$n" -ge 100 ] && [ "$same" -lt $((n / 100 + 1)) ] &&
    pass "another seed: of $n sessions both hold, $same have the same In wing" ||
    fail "another seed: of $n sessions both hold, $same have the same In wing"

# Live sessions (s4, no churn): the timeout counts down, the duration
# grows, and a session whose timeout runs out is refreshed (timeout back to
# its maximum, more packets) rather than shown at 0 or removed.
one=$(show s4 | awk 'one == "" && /^Session ID:/ {
	t = $0; sub(/.*Timeout: /, "", t); sub(/,.*/, "", t)
	if (t + 0 >= 4 && t + 0 <= 12) { one = $3; sub(/,.*/, "", one) } }
	END { print one }')
field() {
	show s4 session-identifier "$one" extensive |
	    sed -n "s/.*$1: \([0-9]*\).*/\1/p" | head -n 1
}
if [ -z "$one" ]; then
	fail "no session of sim:sessions=1000,seed=8 with a timeout of 4-12 s"
else
	# Timeout and duration from one reply: two requests may straddle a
	# second.
	both() {
		show s4 session-identifier "$one" extensive | sed -n \
		    -e 's/.*Current timeout: \([0-9]*\).*/\1/p' \
		    -e 's/.*Duration: \([0-9]*\).*/\1/p' | head -n 2 | tr '\n' ' '
	}
	set -- $(both)
	to1=$1 du1=$2
	pk1=$(field Pkts)
	counted() {
		[ "$(field "Current timeout")" -lt "$to1" ]
	}
	until_ok 5 counted
	set -- $(both)
	to2=$1 du2=$2
	[ "$to2" -lt "$to1" ] && [ "$du2" -gt "$du1" ] &&
	    pass "live: session $one: timeout $to1 then $to2, duration $du1 then $du2" ||
	    fail "not live: session $one: timeout $to1 then $to2, duration $du1 then $du2"
	# Timeout and packets from one reply, as above.
	refreshed() {
		set -- $(show s4 session-identifier "$one" extensive | sed -n \
		    -e 's/.*Current timeout: \([0-9]*\).*/\1/p' \
		    -e 's/.*Pkts: \([0-9]*\).*/\1/p' | head -n 2 | tr '\n' ' ')
		[ "${1:-0}" -gt "$to1" ] && [ "${2:-0}" -gt "$pk1" ]
	}
	until_ok 20 refreshed
	to3=$(field "Current timeout") pk3=$(field Pkts)
	[ "$to3" -gt "$to1" ] && [ "$pk3" -gt "$pk1" ] &&
	    pass "refreshed: timeout $to3, packets $pk1 then $pk3" ||
	    fail "not refreshed: timeout $to3, packets $pk1 then $pk3"
	[ "$(total s4)" = 1000 ] && pass "no churn: 1000 sessions stay" ||
	    fail "no churn: $(total s4) sessions"
fi

# SIGHUP starts the simulation again from its first sessions.
before=$(first_id s1)
from=$(log_lines s1)
kill -HUP "$(src_pid s1)"
until_ok 20 log_grows s1 "$from" "SIGHUP: reloaded $SPEC: 2000 sessions" &&
    pass "SIGHUP reloads the simulation" ||
    fail "no reload in the log after SIGHUP"
after=$(first_id s1)
[ "$after" -lt "$before" ] &&
    pass "after SIGHUP it starts again ($before, then $after)" ||
    fail "after SIGHUP the first session is $after (was $before)"

for d in s1 s2 s3 s4; do
	kill -0 "$(src_pid $d)" 2>/dev/null && pass "flowagentd ($d) survived" ||
	    fail "flowagentd ($d) died"
	grep -q "behind real time" "$work/$d.log" &&
	    echo "# $d: the simulation fell behind real time (slow machine?)"
	src_stop "$d"
done
done_testing
