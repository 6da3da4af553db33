#!/bin/sh
# The MIB: smilint -l 6 (and -l 9) prints nothing at all (it exits 0 even
# on errors, so its output is what counts), and net-snmp loads it with the
# base MIBs of erlang-snmp and renders its tree.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"

mib="$SRCDIR/mibs/FLOWAGENT-SESSION-MIB.txt"
base=$(ls -d /usr/lib/erlang/lib/snmp-*/mibs 2>/dev/null | head -n 1)
if [ -z "$base" ] || ! command -v smilint >/dev/null || ! command -v snmptranslate >/dev/null; then
	echo "SKIP: needs smilint (smitools), snmptranslate (snmp), erlang-snmp"
	exit 77
fi
for level in 6 9; do
	out=$(SMIPATH="$base:$SRCDIR/mibs" smilint -l $level -s -m "$mib" 2>&1)
	if [ -z "$out" ]; then pass "smilint -l $level: no message"; else
		fail "smilint -l $level:"; echo "$out"; fi
done
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
export SNMP_PERSISTENT_DIR="$tmp"
snmptranslate -M "$base:$SRCDIR/mibs" -m FLOWAGENT-SESSION-MIB -Tp -IR \
    flowAgentSessionMIB >"$tmp/tree" 2>"$tmp/err"
st=$?
# (net-snmp announces the directory it makes in a new persistent dir.)
grep -v "^Created directory: " "$tmp/err" >"$tmp/msgs"
if [ $st = 0 ] && [ ! -s "$tmp/msgs" ]; then
	pass "snmptranslate -Tp renders the tree, without a message"
else
	fail "snmptranslate -Tp"
	cat "$tmp/msgs"
fi
grep -q "Index: flowSessNode, flowSessFpc, flowSessPic, flowSessIdHigh, flowSessIdLow" "$tmp/tree" &&
    pass "session table index" || fail "session table index"
for name in flowSessionsTotal flowLastChange flowPicTotal flowSessText \
    flowSessInPkts flowSessOutCpSessId; do
	grep -q "$name" "$tmp/tree" && pass "tree has $name" || fail "tree lacks $name"
done
# The OIDs the agent serves are the MIB's (agent/snmp_mib.h).
oid=$(snmptranslate -M "$base:$SRCDIR/mibs" -m FLOWAGENT-SESSION-MIB -On \
    FLOWAGENT-SESSION-MIB::flowSessText 2>&1)
[ "$oid" = .1.3.6.1.4.1.8072.9999.9999.7201.1.3.1.21 ] &&
    pass "flowSessText is $oid" || fail "flowSessText is $oid"
oid=$(snmptranslate -M "$base:$SRCDIR/mibs" -m FLOWAGENT-SESSION-MIB -On \
    FLOWAGENT-SESSION-MIB::flowSessOutConnTag 2>&1)
[ "$oid" = .1.3.6.1.4.1.8072.9999.9999.7201.1.3.1.69 ] &&
    pass "flowSessOutConnTag is $oid" || fail "flowSessOutConnTag is $oid"
done_testing
